/* page_admin.c - the staff start page (the audit log viewer is accounts/page_audit.c). */
#include "web/app.h"

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
    json_object_set_new(data, "staff_admin", json_boolean(
        u->roles & (ROLE_PROVINCE_ADMIN | ROLE_AGENCY_ADMIN)));
    json_object_set_new(data, "counter", json_boolean(
        u->roles & (ROLE_RECEPTION | ROLE_AGENCY_ADMIN | ROLE_PROVINCE_ADMIN)));
    return web_page(req, 200, "admin.html", "Trang làm việc của cán bộ", data);
}
