/*
 * routes.h - the route table, the menu bar and the staff home's entries,
 * built once at startup from the modules' web parts (web/module.h).
 *
 * `motcua serve` builds one registry from the list of modules
 * (src/app/modules.c), hands its routes to the HTTP core and keeps it in
 * struct app for the pages that show menus (web_render, page_admin).
 *
 * Thread-safety: web_registry_build and web_registry_release run once, at
 * start and stop; a built registry is read-only and may be read by many
 * threads at once.  The visibility tests are pure.
 */
#ifndef MC_WEB_ROUTES_H
#define MC_WEB_ROUTES_H

#include <stdbool.h>
#include <stddef.h>
#include "core/http.h"
#include "core/status.h"
#include "web/module.h"

struct web_registry {
    struct http_route *routes;              /* every module's routes, in dispatch order:
                                               literal segments before captures */
    size_t nroutes;
    const struct web_menu_entry **menu;     /* every menu entry, by order */
    size_t nmenu;
    const struct web_staff_entry **staff;   /* every staff entry, modules' order */
    size_t nstaff;
    const char **styles;                    /* the modules' stylesheets, modules' order */
    size_t nstyles;
};

/* An empty registry (allocates nothing). */
void web_registry_init(struct web_registry *reg);

/*
 * Build reg (initialised, empty) from the web parts mods[0..n) (NULL
 * elements are skipped: modules without a web part).  Checks the
 * descriptions: no two routes with the same pattern and a common method,
 * every route with a handler and a pattern starting with '/', every menu
 * and staff entry pointing at a GET route (the query of an href is
 * ignored) and naming its label, every staff entry naming roles, every
 * stylesheet an embedded file under /static/.  On an
 * error returns MC_ERR_INVALID with an English explanation naming the
 * module in err (err_size bytes, NUL-terminated) and reg left empty.
 * On success reg owns its arrays (web_registry_release); it borrows the
 * descriptions, which are static.
 */
enum mc_status web_registry_build(struct web_registry *reg, const struct web_module *const *mods,
                                  size_t n, char *err, size_t err_size) MC_WARN_UNUSED;

/* Free what web_registry_build allocated and make reg empty.  NULL is fine. */
void web_registry_release(struct web_registry *reg);

/*
 * The route that answers method (one enum http_method bit; HEAD is
 * answered by GET routes) for path (no query) in reg, or NULL: the same
 * first-match rule as the dispatcher.  For checks and tests.
 */
const struct http_route *web_registry_find(const struct web_registry *reg, unsigned method,
                                           const char *path);

/* Whether the menu entry e shows for u (NULL: a visitor who is not signed in). */
bool web_menu_visible(const struct web_menu_entry *e, const struct user *u);

/* Whether the staff entry e shows on u's staff home (u: signed-in staff). */
bool web_staff_visible(const struct web_staff_entry *e, const struct user *u);

#endif
