/*
 * modules.c - the one list of modules (see modules.h).
 *
 * One line per module: M(name, WEB or NO_WEB, CLI or NO_CLI, JOBS or
 * NO_JOBS), saying which parts it has.  A part is found by its name:
 *   web_module_<name>   its web part         (src/web/<name>/<name>_web.c)
 *   cli_module_<name>   its command line     (src/cli/, e.g. survey_cli.c)
 *   jobs_module_<name>  its background tasks (src/jobs/, e.g. dossier_tasks.c)
 * so a new module adds its line here and edits nothing else outside its
 * own folders.  The order is the order of ties in the menu bar, of the
 * groups on the staff home and of `motcua --help`.
 */
#include "app/modules.h"

#define APP_MODULES(M)                          \
    M(site, WEB, NO_CLI, NO_JOBS)               \
    M(notify, WEB, CLI, JOBS)                   \
    M(units, WEB, CLI, NO_JOBS)                 \
    M(dossier, WEB, CLI, JOBS)                  \
    M(vault, WEB, NO_CLI, NO_JOBS)              \
    M(payment, WEB, NO_CLI, NO_JOBS)            \
    M(feedback, WEB, CLI, JOBS)                 \
    M(collaborator, WEB, NO_CLI, NO_JOBS)       \
    M(quality, WEB, CLI, NO_JOBS)               \
    M(survey, WEB, CLI, NO_JOBS)                \
    M(campaign, WEB, CLI, JOBS)                 \
    M(kpi, WEB, CLI, NO_JOBS)                   \
    M(catalog, WEB, CLI, NO_JOBS)               \
    M(eform, NO_WEB, CLI, NO_JOBS)              \
    M(routing, WEB, NO_CLI, NO_JOBS)            \
    M(assistant, WEB, CLI, NO_JOBS)             \
    M(calendar, WEB, CLI, NO_JOBS)              \
    M(programme, WEB, CLI, JOBS)                \
    M(accounts, WEB, CLI, NO_JOBS)              \
    M(audit, WEB, CLI, NO_JOBS)                 \
    M(backup, NO_WEB, CLI, JOBS)

/* Declare the parts a line names (each module's header declares the same). */
#define DECLARE_WEB(n) extern const struct web_module web_module_##n;
#define DECLARE_CLI(n) extern const struct cli_module cli_module_##n;
#define DECLARE_JOBS(n) extern const struct jobs_module jobs_module_##n;
#define DECLARE_NO_WEB(n)
#define DECLARE_NO_CLI(n)
#define DECLARE_NO_JOBS(n)
#define DECLARE(n, web, cli, jobs) DECLARE_##web(n) DECLARE_##cli(n) DECLARE_##jobs(n)
APP_MODULES(DECLARE)

#define PART_WEB(n) &web_module_##n
#define PART_CLI(n) &cli_module_##n
#define PART_JOBS(n) &jobs_module_##n
#define PART_NO_WEB(n) NULL
#define PART_NO_CLI(n) NULL
#define PART_NO_JOBS(n) NULL
#define ENTRY(n, web, cli, jobs) {#n, PART_##web(n), PART_##cli(n), PART_##jobs(n)},

const struct app_module app_modules[] = {APP_MODULES(ENTRY)};

const size_t app_modules_count = MC_ARRAY_LEN(app_modules);

size_t app_web_parts(const struct web_module **out, size_t cap)
{
    size_t n = 0;
    for (size_t i = 0; i < app_modules_count && n < cap; i++)
        out[n++] = app_modules[i].web;
    return n;
}
