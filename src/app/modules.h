/*
 * modules.h - the list of modules the program is made of: one line per
 * module, naming its web part (routes, menu and staff entries:
 * web/module.h), its command-line part (cli/cli.h) and its background
 * part (jobs/jobs.h).  Any part may be absent.
 *
 * The list feeds the route table, the menu bar and the staff home (through
 * web_registry_build), `motcua --help`, `motcua import` and `motcua
 * export` (main.c) and the tasks `motcua serve` runs (serve.c).  Adding a
 * module is its own folders plus one line in modules.c.
 *
 * The parts are separate so that no layer includes another (web, cli and
 * jobs each see only the domain and core); only this composition root
 * sees them all.  Everything here is static const data.
 */
#ifndef MC_APP_MODULES_H
#define MC_APP_MODULES_H

#include <stddef.h>
#include "cli/cli.h"
#include "jobs/jobs.h"
#include "web/module.h"

struct app_module {
    const char *name;                   /* the module's folder name */
    const struct web_module *web;       /* src/web/<name>/, or NULL */
    const struct cli_module *cli;       /* in src/cli/, or NULL */
    const struct jobs_module *jobs;     /* in src/jobs/, or NULL */
};

/* Every module, in the order their menu entries and staff groups appear. */
extern const struct app_module app_modules[];
extern const size_t app_modules_count;

/*
 * The web parts of app_modules, in order, into out[0..cap) (NULL for a
 * module without one).  Returns the number written (app_modules_count
 * when cap is large enough).
 */
size_t app_web_parts(const struct web_module **out, size_t cap);

#endif
