/* page_audit.c - the audit log viewer for the province admin (/quan-tri/nhat-ky). */
#include "web/app.h"
#include "web/audit/audit_web.h"
#include "domain/audit/audit.h"
#include "core/clock.h"

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
