/* campaign_cli.c - the campaign module's command-line part (see campaign_cli.h). */
#include "cli/demo_accounts.h"
#include "cli/campaign_cli.h"
#include "domain/campaign/campaign.h"

/* Built by the demo province admin. */
static enum mc_status seed_demo(struct db *db)
{
    return campaign_seed_demo(db, DEMO_PROVINCE_ADMIN);
}

const struct cli_module cli_module_campaign = {
    .demo = seed_demo,
};
