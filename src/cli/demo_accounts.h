/*
 * demo_accounts.h - the demo accounts that modules' sample data refer to
 * (struct cli_module.demo in cli/cli.h) and their shared secrets.  The
 * accounts themselves are created by the demo loader (cli/demo/demo.h,
 * data/demo/staff.csv).
 */
#ifndef MC_CLI_DEMO_ACCOUNTS_H
#define MC_CLI_DEMO_ACCOUNTS_H

#define DEMO_PASSWORD "demo-motcua-2026"   /* must pass domain/accounts/password.h */
#define DEMO_TOTP_SECRET "JBSWY3DPEHPK3PXP"
#define DEMO_CITIZEN "020190001234"          /* the citizen's CCCD */
#define DEMO_AGENCY_ADMIN "quantri.donvi"    /* agency admin of Sở Tư pháp */
#define DEMO_PROVINCE_ADMIN "quantri.tinh"   /* the province admin */

#endif
