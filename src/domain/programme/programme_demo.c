/*
 * programme_demo.c - the demo province's programme for `motcua demo`
 * (see prog_seed_demo in programme.h).
 */
#include "domain/programme/programme.h"

enum mc_status prog_seed_demo(struct db *db)
{
    (void)db;
    return MC_OK;
}
