/*
 * page_admin.c - the staff home (/quan-tri): who is signed in (name, roles
 * and agency by their Vietnamese names) and every area of work the
 * person may open, grouped, from the modules' staff entries
 * (web/module.h), with the number of items waiting where a module counts
 * them.
 *
 * What an entry shows for is declared next to it (roles and the module's
 * own rule), so the page never links a page that would answer 403, and
 * an area a module adds appears without editing this file.
 */
#include <stdio.h>
#include "web/app.h"
#include "web/routes.h"
#include "web/site_web.h"
#include "core/log.h"
#include "domain/units/unit.h"

/* The Vietnamese names of u's roles, in the order of enum role_flags, joined by commas. */
static json_t *roles_json(const struct user *u)
{
    struct buf b;
    buf_init(&b, BUF_MAX_SMALL);
    for (unsigned r = ROLE_RECEPTION; r <= ROLE_COLLABORATOR; r <<= 1) {
        if (!(u->roles & r) || !role_label_vi(r)[0])
            continue;
        if (b.len)
            buf_adds(&b, ", ");
        buf_adds(&b, role_label_vi(r));
    }
    json_t *v = json_string(b.len ? buf_cstr(&b) : "chưa được phân vai trò");
    buf_release(&b);
    return v;
}

/* The agency's name (its code if it has none stored), or null without an agency. */
static json_t *agency_json(struct db *db, const char *code)
{
    struct agency a;
    json_t *v;
    if (!code[0])
        return json_null();
    agency_init(&a);
    if (agency_get(db, code, &a) == MC_OK && a.name && a.name[0])
        v = json_string(a.name);
    else
        v = json_string(code);
    agency_release(&a);
    return v;
}

/* One entry as the template shows it, with its count when the module has one. */
static json_t *entry_json(struct http_request *req, const struct web_staff_entry *e)
{
    json_t *o = json_pack("{s:s,s:s}", "href", e->href, "label", e->label);
    int64_t n = 0;
    if (e->hint)
        json_object_set_new(o, "hint", json_string(e->hint));
    if (e->count) {
        if (e->count(req, &n) == MC_OK) {
            json_object_set_new(o, "has_count", json_true());
            json_object_set_new(o, "count",
                                n > WEB_COUNT_SHOWN_MAX
                                    ? json_sprintf("hơn 1.000 %s", e->count_unit)
                                    : json_sprintf("%lld %s", (long long)n, e->count_unit));
            json_object_set_new(o, "waiting", json_boolean(n > 0));
        } else {
            log_warn("staff home: cannot count %s", e->href);
        }
    }
    return o;
}

/* The group named name in groups, appended when new. */
static json_t *group_of(json_t *groups, const char *name)
{
    size_t i;
    json_t *g;
    json_array_foreach(groups, i, g) {
        if (strcmp(json_string_value(json_object_get(g, "name")), name) == 0)
            return g;
    }
    g = json_pack("{s:s,s:o,s:o}", "name", name, "id", json_sprintf("nhom-%zu",
                                                                    json_array_size(groups) + 1),
                  "entries", json_array());
    json_array_append_new(groups, g);
    return g;
}

static unsigned page_admin(struct http_request *req)
{
    struct web_ctx *c = web_ctx(req);
    const struct user *u = &c->session.user;
    const struct web_registry *reg = ((struct app *)req->app)->registry;
    json_t *groups = json_array();
    for (size_t i = 0; reg && i < reg->nstaff; i++) {
        const struct web_staff_entry *e = reg->staff[i];
        if (web_staff_visible(e, u))
            json_array_append_new(json_object_get(group_of(groups, e->group), "entries"),
                                  entry_json(req, e));
    }
    json_t *data = json_pack("{s:s,s:o,s:o,s:o}", "full_name", u->full_name, "agency",
                             agency_json(c->db, u->agency_code), "roles", roles_json(u),
                             "groups", groups);
    return web_page(req, 200, "admin.html", "Trang làm việc của cán bộ", data);
}

/* ---------------------------------------------------------------- routes */

static const struct http_route routes[] = {
    {HTTP_GET, "/quan-tri", page_admin, R_STAFF, 0},
};

const struct web_routes web_page_admin_routes = WEB_ROUTES(routes);
