/* page_admin.c - the staff start page and the audit log viewer. */
#include "web/app.h"
#include "domain/audit/audit.h"
#include "core/clock.h"

unsigned page_admin(struct http_request *req)
{
    const struct user *u = &web_ctx(req)->session.user;
    json_t *roles = json_array();
    static const char *const labels[] = {"Cán bộ một cửa", "Chuyên viên xử lý",
                                         "Lãnh đạo phê duyệt", "Quản trị đơn vị",
                                         "Quản trị cấp tỉnh"};
    for (unsigned i = 0; i < MC_ARRAY_LEN(labels); i++)
        if (u->roles & (1u << i))
            json_array_append_new(roles, json_string(labels[i]));
    json_t *data = json_pack("{s:s,s:s,s:o,s:b}", "full_name", u->full_name, "agency",
                             u->agency_code, "roles", roles, "province_admin",
                             (u->roles & ROLE_PROVINCE_ADMIN) != 0);
    return web_page(req, 200, "admin.html", "Trang làm việc của cán bộ", data);
}

unsigned page_admin_audit(struct http_request *req)
{
    struct audit_entry entries[200];
    size_t n = 0;
    if (audit_recent(web_ctx(req)->db, entries, MC_ARRAY_LEN(entries), &n) != MC_OK)
        return http_error(req, 500, "internal", "Không đọc được nhật ký");
    json_t *list = json_array();
    for (size_t i = 0; i < n; i++) {
        char when[32];
        clock_format_vn(entries[i].at, when, sizeof(when));
        json_array_append_new(list, json_pack(
            "{s:I,s:s,s:I,s:s,s:s,s:s,s:s}", "id", (json_int_t)entries[i].id, "at", when,
            "user_id", (json_int_t)entries[i].user_id, "role", entries[i].role, "action",
            entries[i].action, "object", entries[i].object, "address", entries[i].address));
    }
    return web_page(req, 200, "admin_audit.html", "Nhật ký thao tác",
                    json_pack("{s:o}", "entries", list));
}
