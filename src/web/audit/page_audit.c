/*
 * page_audit.c - the audit log viewer (/quan-tri/nhat-ky) for the province
 * admin: what was done, by whom (name and agency), in which role, to what,
 * when (dd/mm/yyyy, Vietnam time) and from where, all in Vietnamese; no
 * action codes, role keys or user ids on the page.
 */
#include <stdio.h>
#include <stdlib.h>
#include "web/app.h"
#include "web/audit/audit_web.h"
#include "domain/audit/audit.h"
#include "domain/units/unit.h"
#include "core/clock.h"

#define AUDIT_PAGE 200   /* entries shown */

/* Lookups shared by the rows of one page. */
struct names {
    struct db *db;
    json_t *agencies;   /* code -> name */
    json_t *users;      /* "id" -> {"name","agency"} */
};

static json_t *user_entry(struct names *n, int64_t id)
{
    char key[24];
    struct user u;
    snprintf(key, sizeof(key), "%lld", (long long)id);
    json_t *e = json_object_get(n->users, key);
    if (e)
        return e;
    if (account_load(n->db, id, &u) == MC_OK) {
        const char *agency = json_string_value(json_object_get(n->agencies, u.agency_code));
        e = json_pack("{s:s,s:s}", "name", u.full_name, "agency", agency ? agency : "");
    } else {
        e = json_pack("{s:s,s:s}", "name", "Tài khoản đã xóa", "agency", "");
    }
    json_object_set_new(n->users, key, e);
    return e;
}

/* "calendar:2026-02-13" -> "13/02/2026"; other text is kept. */
static const char *date_vn(struct http_request *req, const char *iso)
{
    int y = 0, m = 0, d = 0;
    if (sscanf(iso, "%4d-%2d-%2d", &y, &m, &d) == 3 && strlen(iso) == 10)
        return arena_printf(req->arena, "%02d/%02d/%04d", d, m, y);
    return iso;
}

static const char *object_label(struct http_request *req, struct names *n, const char *obj)
{
    static const struct {
        const char *object;
        const char *label;
    } whole[] = {
        {"procedures", "Danh mục thủ tục hành chính"}, {"units", "Đơn vị hành chính"},
        {"agencies", "Danh sách cơ quan"}, {"dossiers", "Hồ sơ"}, {"index", "Chỉ số 766"},
        {"contact", "Liên hệ của người gửi"}, {"assistant_rules", "Từ đồng nghĩa"},
        {"calendar:hours", "Giờ làm việc"},
    };
    const char *colon = strchr(obj, ':');
    for (size_t i = 0; i < MC_ARRAY_LEN(whole); i++)
        if (strcmp(whole[i].object, obj) == 0)
            return whole[i].label;
    if (!colon)
        return "";
    const char *rest = colon + 1;
    size_t plen = (size_t)(colon - obj);
    const char *kind = audit_object_kind_label(obj, plen);
    if (!kind)
        return "";
    if (plen == 4 && strncmp(obj, "user", 4) == 0) {
        json_t *e = user_entry(n, strtoll(rest, NULL, 10));
        return arena_printf(req->arena, "%s: %s", kind,
                            json_string_value(json_object_get(e, "name")));
    }
    if (plen == 6 && strncmp(obj, "agency", 6) == 0) {
        const char *name = json_string_value(json_object_get(n->agencies, rest));
        return arena_printf(req->arena, "%s: %s", kind, name ? name : rest);
    }
    if (plen == 8 && strncmp(obj, "calendar", 8) == 0)
        return arena_printf(req->arena, "%s: ngày %s", kind, date_vn(req, rest));
    return arena_printf(req->arena, "%s %s", kind, rest);
}

static const char *address_label(const char *address)
{
    if (strcmp(address, "cli") == 0)
        return "Dòng lệnh trên máy chủ";
    if (strcmp(address, "demo") == 0)
        return "Nạp dữ liệu mẫu";
    if (strcmp(address, "local") == 0 || strcmp(address, "job") == 0 ||
        strcmp(address, "payment") == 0 || strcmp(address, "assistant") == 0 ||
        strcmp(address, "system") == 0)
        return "Tự động (hệ thống)";
    return address[0] ? address : "—";
}

static unsigned page_admin_audit(struct http_request *req)
{
    struct audit_entry *entries = arena_calloc(req->arena, AUDIT_PAGE, sizeof(*entries));
    struct agency_list al;
    size_t count = 0;
    struct names n = {web_ctx(req)->db, json_object(), json_object()};
    if (audit_recent(n.db, entries, AUDIT_PAGE, &count) != MC_OK) {
        json_decref(n.agencies);
        json_decref(n.users);
        return http_error(req, 500, "internal", "Không đọc được nhật ký");
    }
    agency_list_init(&al);
    if (agency_list(n.db, NULL, &al) == MC_OK)
        for (size_t i = 0; i < al.n; i++)
            json_object_set_new(n.agencies, al.items[i].code, json_string(al.items[i].name));
    agency_list_release(&al);
    json_t *list = json_array();
    for (size_t i = 0; i < count; i++) {
        const struct audit_entry *e = &entries[i];
        char when[32];
        const char *who = "", *agency = "";
        clock_format_vn(e->at, when, sizeof(when));
        if (e->user_id) {
            json_t *u = user_entry(&n, e->user_id);
            who = json_string_value(json_object_get(u, "name"));
            agency = json_string_value(json_object_get(u, "agency"));
        }
        json_array_append_new(list, json_pack(
            "{s:s,s:s,s:s,s:s,s:s,s:s,s:s}", "at", when, "who", who, "agency", agency, "role",
            audit_role_label(e->role), "action", audit_action_label(e->action), "object",
            object_label(req, &n, e->object), "address", address_label(e->address)));
    }
    json_decref(n.agencies);
    json_decref(n.users);
    return web_page(req, 200, "admin_audit.html", "Nhật ký thao tác",
                    json_pack("{s:o,s:i}", "entries", list, "limit", AUDIT_PAGE));
}

/* ---------------------------------------------------------------- routes */

static const struct http_route routes[] = {
    {HTTP_GET, "/quan-tri/nhat-ky", page_admin_audit, R_STAFF | R_PROVINCE, 0},
};

const struct web_routes web_page_audit_routes = WEB_ROUTES(routes);
