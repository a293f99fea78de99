/*
 * demo.h - `motcua demo`: a ready-to-try platform with sample data.
 *
 * Loads the sample written for this repository (data/demo: one province,
 * some of its communes and agencies), creates demo accounts for every
 * role with one shared password and a known TOTP key, prints the address
 * and the logins, then serves.  Loading is idempotent: a second start
 * reuses the same database and changes nothing.
 */
#ifndef MC_DEMO_H
#define MC_DEMO_H

#include "core/db.h"

#define DEMO_PASSWORD "demo12345"
#define DEMO_TOTP_SECRET "JBSWY3DPEHPK3PXP"

/* Load the demo data into db (idempotent). Prints what it did to stdout. */
enum mc_status demo_seed(struct db *db) MC_WARN_UNUSED;

/* argv[0] is "demo"; returns the process exit code. */
int demo_main(int argc, char **argv);

#endif
