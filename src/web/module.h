/*
 * module.h - how a module describes its web part: its routes, its entries
 * in the public menu and its entries on the staff home (/quan-tri).
 *
 * Each module's web folder exports one `const struct web_module
 * web_module_<name>` (src/web/<module>/<module>_web.c); the composition
 * root lists it once, next to the module's command-line and background
 * parts (src/app/modules.c).  From those descriptions routes.c builds the
 * route table, the menu bar of templates/layout.html and the staff home
 * (page_admin.c) and the list of stylesheets every page links, so a
 * module never edits a shared table or template.
 *
 * DESIGN
 * - Routes keep the core's shape (struct http_route: method, pattern,
 *   handler, R_* flags, body limit).  Each resource file lists its own
 *   routes under its handlers (struct web_routes), so a handler is
 *   declared nowhere but where it is defined.  The built table orders them so that
 *   a literal segment comes before a {capture} at the same place
 *   ("/ho-so/nhap" before "/ho-so/{code}"), whatever the order of the
 *   modules; routes of equal shape keep their listed order.  Two routes
 *   with the same pattern and a common method are refused at startup.
 * - Menu and staff entries must point at a GET route some module
 *   registered (checked at startup, like templates): a menu can never
 *   link a 404.  Who sees a staff entry is declared next to it (roles,
 *   and an optional finer rule from the domain), so the staff home links
 *   exactly what the signed-in person may open.
 * - Everything here is static const data: descriptions are read by many
 *   threads at once and never change.
 */
#ifndef MC_WEB_MODULE_H
#define MC_WEB_MODULE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "core/compiler.h"
#include "core/http.h"
#include "core/status.h"

struct user;

/* Body limits shared by the modules' routes (struct http_route.body_max). */
#define WEB_FORM_MAX (64 * 1024)                 /* an urlencoded or small multipart form */
#define WEB_UPLOAD_MAX (60 * 1024 * 1024)        /* several documents of 10 MB and the form */

/* Who sees a menu entry (struct web_menu_entry.audience). */
enum web_audience {
    WEB_EVERYONE = 1 << 0,      /* every visitor, signed in or not */
    WEB_APPLICANT = 1 << 1,     /* signed-in citizens and businesses */
    WEB_OFFICER = 1 << 2,       /* signed-in staff other than collaborators only */
    WEB_COLLABORATOR = 1 << 3,  /* signed-in staff with the collaborator role */
};

/* One link in the menu bar of every page. */
struct web_menu_entry {
    int order;              /* place in the bar, smallest first (public 10..99, personal
                               100..199); equal orders keep the modules' order */
    const char *href;       /* a GET route registered by some module */
    const char *label;      /* Vietnamese, short */
    unsigned audience;      /* enum web_audience bits */
};

/*
 * A count shown next to a staff entry ("12 hồ sơ"): the number of items
 * waiting for the signed-in person (web_ctx(req) holds the session).
 * OUT *n; above WEB_COUNT_SHOWN_MAX the home shows "hơn 1.000" (a count
 * may stop counting there).  Returns MC_OK, or an error after which the
 * home shows the link without a number.  Must only read.
 */
#define WEB_COUNT_SHOWN_MAX 1000
typedef enum mc_status (*web_count_fn)(struct http_request *req, int64_t *n);

/* One link on the staff home. */
struct web_staff_entry {
    const char *group;      /* Vietnamese heading the entry is listed under; entries
                               with the same heading are shown together */
    const char *href;       /* a GET route registered by some module; may carry a query */
    const char *label;      /* Vietnamese name of the area */
    const char *hint;       /* one Vietnamese line under the link, or NULL */
    unsigned roles;         /* enum role_flags: staff holding any of them see the entry */
    bool (*may_open)(const struct user *u);  /* the module's finer rule (an agency
                               is needed, ...), or NULL when roles are enough */
    web_count_fn count;     /* NULL = no count */
    const char *count_unit; /* what count counts ("hồ sơ"); with count only */
};

/*
 * The routes of one resource file (page_*.c, api_*.c): the table stands
 * at the end of the file, next to the handlers it names, which stay
 * static there.  The file exports the struct; its module's description
 * lists it (struct web_module.route_files).
 */
struct web_routes {
    const struct http_route *routes;        /* the file's URLs */
    size_t n;                               /* number of routes */
};

/*
 * A rule for struct web_staff_entry.may_open shared by modules: staff of
 * an agency (not a collaborator only), or the province admin.  Pure.
 */
bool web_agency_officer(const struct user *u);

/* A module's web part. */
struct web_module {
    const char *name;                       /* the module's folder name, for messages */
    const struct http_route *routes;        /* URLs listed in the description itself (their
                                               handlers declared in the module's header),
                                               or NULL */
    size_t nroutes;
    const struct web_menu_entry *menu;      /* its links in the menu bar, or NULL */
    size_t nmenu;
    const struct web_staff_entry *staff;    /* its links on the staff home, or NULL */
    size_t nstaff;
    const char *stylesheet;                 /* "/static/<module>.css", linked from every
                                               page after site.css, or NULL */
    const struct web_routes *const *route_files;  /* its resource files' URLs, or NULL */
    size_t nroute_files;
};

/* "array, number of elements" for the fields of struct web_module. */
#define WEB_LIST(a) (a), MC_ARRAY_LEN(a)

/* The struct web_routes of a resource file's table a. */
#define WEB_ROUTES(a) {WEB_LIST(a)}

/*
 * The route_files fields of struct web_module, from the resource files'
 * exported tables: WEB_ROUTE_FILES(&web_page_x_routes, &web_api_x_routes).
 * The list is a compound literal, static at file scope like the rest of
 * the description.
 */
#define WEB_ROUTE_FILES(...)                                                                \
    .route_files = (const struct web_routes *const[]){__VA_ARGS__},                         \
    .nroute_files = MC_ARRAY_LEN(((const struct web_routes *const[]){__VA_ARGS__}))

#endif
