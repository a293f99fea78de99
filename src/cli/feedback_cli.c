/* feedback_cli.c - the feedback module's command-line part (see feedback_cli.h). */
#include "cli/demo_accounts.h"
#include "cli/feedback_cli.h"
#include "domain/feedback/feedback.h"

/* Sent by the demo citizen, handled by the demo agency admin's agency. */
static enum mc_status seed_demo(struct db *db)
{
    return feedback_seed_demo(db, DEMO_CITIZEN, DEMO_AGENCY_ADMIN);
}

const struct cli_module cli_module_feedback = {
    .demo = seed_demo,
};
