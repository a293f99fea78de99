/* survey_cli.c - the survey module's command-line part (see survey_cli.h). */
#include "cli/demo_accounts.h"
#include "cli/survey_cli.h"
#include "domain/survey/survey.h"

/* Built by the demo province admin. */
static enum mc_status seed_demo(struct db *db)
{
    return survey_seed_demo(db, DEMO_PROVINCE_ADMIN);
}

const struct cli_module cli_module_survey = {
    .demo = seed_demo,
};
