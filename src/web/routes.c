/*
 * routes.c - the route table, the menu bar and the staff home's entries,
 * built from the modules' web parts (see routes.h and module.h).
 *
 * The dispatcher (core/http.c) takes the first route whose pattern
 * matches, so the table is ordered by shape: patterns are compared
 * segment by segment and a literal segment sorts before a {capture}.
 * Two patterns that can match the same path have the same number of
 * segments; at the first place where one has a literal and the other a
 * capture, the literal one is the more specific, and it comes first.  The
 * sort is stable, so routes of the same shape keep the modules' order.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "web/routes.h"
#include "core/assets.h"
#include "core/mem.h"
#include "domain/accounts/account.h"

void web_registry_init(struct web_registry *reg)
{
    memset(reg, 0, sizeof(*reg));
}

void web_registry_release(struct web_registry *reg)
{
    if (!reg)
        return;
    free(reg->routes);
    free(reg->menu);
    free(reg->staff);
    free(reg->styles);
    web_registry_init(reg);
}

/* ---------------------------------------------------------------- shapes */

/* The end of the segment starting at p (the next '/' or the NUL). */
static const char *segment_end(const char *p)
{
    while (*p && *p != '/')
        p++;
    return p;
}

static bool segment_captures(const char *p, const char *end)
{
    return memchr(p, '{', (size_t)(end - p)) != NULL;
}

/*
 * Order of two patterns: negative when a is tried first.  Lexicographic
 * over the segments' kinds (literal before capture), then fewer segments
 * first; 0 for the same shape.
 */
static int shape_cmp(const char *a, const char *b)
{
    a += *a == '/';
    b += *b == '/';
    for (;;) {
        const char *ea = segment_end(a), *eb = segment_end(b);
        bool ca = segment_captures(a, ea), cb = segment_captures(b, eb);
        if (ca != cb)
            return ca ? 1 : -1;
        if (!*ea || !*eb)
            return (*ea ? 1 : 0) - (*eb ? 1 : 0);
        a = ea + 1;
        b = eb + 1;
    }
}

const struct http_route *web_registry_find(const struct web_registry *reg, unsigned method,
                                           const char *path)
{
    unsigned m = method == HTTP_HEAD ? HTTP_GET : method;
    for (size_t i = 0; i < reg->nroutes; i++)
        if ((reg->routes[i].methods & m) &&
            http_route_matches(NULL, reg->routes[i].pattern, path))
            return &reg->routes[i];
    return NULL;
}

/* Whether href (a path, maybe with "?query") names a GET route of reg. */
static bool href_routed(const struct web_registry *reg, const char *href)
{
    char path[512];
    size_t len = strcspn(href, "?#");
    if (href[0] != '/' || len >= sizeof(path))
        return false;
    memcpy(path, href, len);
    path[len] = '\0';
    return web_registry_find(reg, HTTP_GET, path) != NULL;
}

/* ---------------------------------------------------------------- build */

static enum mc_status add_table(struct web_registry *reg, const struct web_module *m,
                                const struct http_route *routes, size_t n, char *err,
                                size_t err_size)
{
    for (size_t i = 0; i < n; i++) {
        const struct http_route *r = &routes[i];
        if (!r->pattern || r->pattern[0] != '/' || !r->handler || !r->methods) {
            snprintf(err, err_size, "module %s: route %zu has no pattern, handler or method",
                     m->name, i);
            return MC_ERR_INVALID;
        }
        for (size_t k = 0; k < reg->nroutes; k++)
            if (strcmp(reg->routes[k].pattern, r->pattern) == 0 &&
                (reg->routes[k].methods & r->methods)) {
                snprintf(err, err_size, "module %s: route %s is registered twice", m->name,
                         r->pattern);
                return MC_ERR_INVALID;
            }
        /* Insertion keeps the table sorted and stable: after every route of the same shape. */
        size_t at = reg->nroutes;
        while (at > 0 && shape_cmp(reg->routes[at - 1].pattern, r->pattern) > 0)
            at--;
        memmove(&reg->routes[at + 1], &reg->routes[at],
                (reg->nroutes - at) * sizeof(reg->routes[0]));
        reg->routes[at] = *r;
        reg->nroutes++;
    }
    return MC_OK;
}

/* The module's resource files' tables in their listed order, then its own table. */
static enum mc_status add_routes(struct web_registry *reg, const struct web_module *m,
                                 char *err, size_t err_size)
{
    enum mc_status st = MC_OK;
    for (size_t i = 0; st == MC_OK && i < m->nroute_files; i++)
        st = add_table(reg, m, m->route_files[i]->routes, m->route_files[i]->n, err,
                       err_size);
    if (st == MC_OK)
        st = add_table(reg, m, m->routes, m->nroutes, err, err_size);
    return st;
}

static enum mc_status add_menu(struct web_registry *reg, const struct web_module *m,
                               char *err, size_t err_size)
{
    for (size_t i = 0; i < m->nmenu; i++) {
        const struct web_menu_entry *e = &m->menu[i];
        if (!e->label || !*e->label || !e->audience || !e->href || !href_routed(reg, e->href)) {
            snprintf(err, err_size, "module %s: menu entry %s links to no GET route or has "
                     "no label or audience", m->name, e->href ? e->href : "(null)");
            return MC_ERR_INVALID;
        }
        size_t at = reg->nmenu;
        while (at > 0 && reg->menu[at - 1]->order > e->order)
            at--;
        memmove(&reg->menu[at + 1], &reg->menu[at], (reg->nmenu - at) * sizeof(reg->menu[0]));
        reg->menu[at] = e;
        reg->nmenu++;
    }
    return MC_OK;
}

static enum mc_status add_staff(struct web_registry *reg, const struct web_module *m,
                                char *err, size_t err_size)
{
    for (size_t i = 0; i < m->nstaff; i++) {
        const struct web_staff_entry *e = &m->staff[i];
        if (!e->group || !*e->group || !e->label || !*e->label || !e->roles || !e->href ||
            !href_routed(reg, e->href) || (e->count && !e->count_unit)) {
            snprintf(err, err_size, "module %s: staff entry %s links to no GET route or lacks "
                     "a group, label, roles or count unit", m->name,
                     e->href ? e->href : "(null)");
            return MC_ERR_INVALID;
        }
        reg->staff[reg->nstaff++] = e;
    }
    return MC_OK;
}

/* The module's stylesheet, which must be an embedded file under static/. */
static enum mc_status add_style(struct web_registry *reg, const struct web_module *m,
                                char *err, size_t err_size)
{
    const char *css = m->stylesheet;
    if (!css)
        return MC_OK;
    if (strncmp(css, "/static/", 8) != 0 || !asset_find(css + 1)) {
        snprintf(err, err_size, "module %s: stylesheet %s is not an embedded file under "
                 "static/", m->name, css);
        return MC_ERR_INVALID;
    }
    reg->styles[reg->nstyles++] = css;
    return MC_OK;
}

typedef enum mc_status (*add_part_fn)(struct web_registry *reg, const struct web_module *m,
                                      char *err, size_t err_size);

static const add_part_fn parts[] = {add_routes, add_menu, add_staff, add_style};

enum mc_status web_registry_build(struct web_registry *reg, const struct web_module *const *mods,
                                  size_t n, char *err, size_t err_size)
{
    size_t routes = 0, menu = 0, staff = 0;
    enum mc_status st = MC_OK;
    err[0] = '\0';
    web_registry_init(reg);
    for (size_t i = 0; i < n; i++) {
        if (!mods[i])
            continue;
        routes += mods[i]->nroutes;
        for (size_t k = 0; k < mods[i]->nroute_files; k++)
            routes += mods[i]->route_files[k]->n;
        menu += mods[i]->nmenu;
        staff += mods[i]->nstaff;
    }
    reg->routes = xcalloc(routes + 1, sizeof(*reg->routes));
    reg->menu = xcalloc(menu + 1, sizeof(*reg->menu));
    reg->staff = xcalloc(staff + 1, sizeof(*reg->staff));
    reg->styles = xcalloc(n + 1, sizeof(*reg->styles));
    /*
     * Each part from every module before the next: menu and staff entries are
     * checked against the whole route table, for a module may link another's page.
     */
    for (size_t p = 0; st == MC_OK && p < MC_ARRAY_LEN(parts); p++)
        for (size_t i = 0; st == MC_OK && i < n; i++)
            if (mods[i])
                st = parts[p](reg, mods[i], err, err_size);
    if (st != MC_OK)
        web_registry_release(reg);
    return st;
}

/* ---------------------------------------------------------------- visibility */

bool web_menu_visible(const struct web_menu_entry *e, const struct user *u)
{
    if (e->audience & WEB_EVERYONE)
        return true;
    if (!u)
        return false;
    if (u->kind != USER_STAFF)
        return (e->audience & WEB_APPLICANT) != 0;
    if ((e->audience & WEB_OFFICER) && user_is_officer(u))
        return true;
    return (e->audience & WEB_COLLABORATOR) && (u->roles & ROLE_COLLABORATOR);
}

bool web_agency_officer(const struct user *u)
{
    return user_is_officer(u) && ((u->roles & ROLE_PROVINCE_ADMIN) || u->agency_code[0]);
}

bool web_staff_visible(const struct web_staff_entry *e, const struct user *u)
{
    if (!u || u->kind != USER_STAFF || !(u->roles & e->roles))
        return false;
    return !e->may_open || e->may_open(u);
}
