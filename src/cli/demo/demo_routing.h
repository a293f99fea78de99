/*
 * demo_routing.h - where the demo's procedures go: the routes guessed from
 * the catalogue's text, the demo's own choices for the procedures the
 * guess leaves (data/demo/routes.csv), the agencies the one-stop centre
 * receives for (data/demo/desks.csv) and the demo citizen's commune.
 */
#ifndef MC_DEMO_ROUTING_H
#define MC_DEMO_ROUTING_H

#include "core/db.h"
#include "core/status.h"

/*
 * Seed the routes and desks once (nothing when the demo's birth
 * registration already has a route) and set the commune of residence of
 * the account with login citizen to unit when it has none.
 * Returns MC_OK; MC_ERR_INVALID for a bad line in the data (printed on
 * stderr); MC_ERR_DB.
 */
enum mc_status demo_routing_seed(struct db *db, const char *citizen, const char *unit)
    MC_WARN_UNUSED;

#endif
