/*
 * page_staff.c - staff accounts on the web (/quan-tri/can-bo): the
 * province admin creates agencies' admins and any staff, an agency admin
 * manages the staff of their agency; and reclaiming a citizen's account at
 * the counter (/quan-tri/lay-lai-tai-khoan).  Who may do what is decided
 * in domain/accounts/staff.c and account_code.c; here statuses become
 * pages.
 */
#include <stdio.h>
#include <stdlib.h>
#include "web/app.h"
#include "web/accounts/accounts_web.h"
#include "domain/accounts/staff.h"
#include "domain/units/unit.h"
#include "core/clock.h"

/* Roles in the order the forms show them. */
static const enum role_flags form_roles[] = {
    ROLE_RECEPTION, ROLE_PROCESSING, ROLE_APPROVER, ROLE_AGENCY_ADMIN, ROLE_COLLABORATOR,
    ROLE_PROVINCE_ADMIN,
};

static const struct user *me(struct http_request *req)
{
    return &web_ctx(req)->session.user;
}

/* Code -> name of every agency (the pages show names, never codes alone). */
static json_t *agency_names(struct http_request *req)
{
    struct agency_list l;
    json_t *o = json_object();
    agency_list_init(&l);
    if (agency_list(web_ctx(req)->db, NULL, &l) == MC_OK)
        for (size_t i = 0; i < l.n; i++)
            json_object_set_new(o, l.items[i].code, json_string(l.items[i].name));
    agency_list_release(&l);
    return o;
}

static const char *name_of(json_t *names, const char *code)
{
    const char *n = json_string_value(json_object_get(names, code));
    return n ? n : (code && *code ? code : "Cấp tỉnh (không thuộc cơ quan)");
}

/* "Cán bộ một cửa, Chuyên viên xử lý" */
static char *roles_vi(struct http_request *req, unsigned roles)
{
    struct buf b;
    buf_init(&b, 1024);
    for (size_t i = 0; i < MC_ARRAY_LEN(form_roles); i++) {
        if (!(roles & form_roles[i]))
            continue;
        if (b.len)
            buf_adds(&b, ", ");
        buf_adds(&b, role_label_vi(form_roles[i]));
    }
    char *s = arena_strdup(req->arena, b.len ? buf_cstr(&b) : "Chưa có vai trò");
    buf_release(&b);
    return s;
}

/* Checkboxes for the roles actor may grant, ticked for `roles`. */
static json_t *role_choices(const struct user *actor, unsigned roles)
{
    json_t *list = json_array();
    unsigned grantable = staff_grantable_roles(actor);
    for (size_t i = 0; i < MC_ARRAY_LEN(form_roles); i++)
        if (grantable & form_roles[i])
            json_array_append_new(list, json_pack("{s:s,s:s,s:b}", "name",
                                                  role_name(form_roles[i]), "label",
                                                  role_label_vi(form_roles[i]), "checked",
                                                  (roles & form_roles[i]) != 0));
    return list;
}

/* The roles ticked in the form ("vai_tro" repeated). */
static unsigned roles_from_form(struct http_request *req)
{
    unsigned roles = 0, r = 0;
    for (const struct kv *p = req->form; p; p = p->next)
        if (strcmp(p->key, "vai_tro") == 0 && role_parse_list(p->value, &r) == MC_OK)
            roles |= r;
    return roles;
}

static json_t *member_json(struct http_request *req, json_t *names,
                           const struct staff_member *m)
{
    char when[32];
    clock_format_vn(m->created_at, when, sizeof(when));
    return json_pack("{s:I,s:s,s:s,s:s,s:s,s:b,s:b,s:b,s:s}", "id", (json_int_t)m->id, "login",
                     m->login, "full_name", m->full_name, "agency",
                     name_of(names, m->agency_code), "roles", roles_vi(req, m->roles),
                     "disabled", m->disabled, "totp", m->totp_enabled, "temp",
                     m->must_change_password, "created", when);
}

static unsigned staff_error(struct http_request *req, enum mc_status st)
{
    if (st == MC_ERR_FORBIDDEN)
        return http_error(req, 403, "forbidden", "Bạn không được quản lý tài khoản cán bộ này "
                          "(chỉ quản trị đơn vị của cơ quan đó hoặc quản trị cấp tỉnh)");
    if (st == MC_ERR_NOT_FOUND)
        return http_error(req, 404, "not_found", "Không có tài khoản cán bộ này");
    return http_error(req, 500, "internal", "Không đọc được danh sách cán bộ, xin thử lại sau");
}

/* The agencies actor may add staff to: all for the province, theirs otherwise. */
static json_t *agency_choices(struct http_request *req, json_t *names, const char *selected)
{
    json_t *list = json_array();
    const char *key;
    json_t *v;
    if (me(req)->roles & ROLE_PROVINCE_ADMIN) {
        json_object_foreach(names, key, v)
            json_array_append_new(list, json_pack("{s:s,s:s,s:b}", "code", key, "name",
                                                  json_string_value(v), "selected",
                                                  selected && strcmp(selected, key) == 0));
        return list;
    }
    char codes[32][64];
    size_t n = 0;
    if (staff_admin_agencies(web_ctx(req)->db, me(req), codes, MC_ARRAY_LEN(codes), &n) !=
        MC_OK)
        n = 0;
    for (size_t i = 0; i < n; i++)
        json_array_append_new(list, json_pack("{s:s,s:s,s:b}", "code", codes[i], "name",
                                              name_of(names, codes[i]), "selected",
                                              selected && strcmp(selected, codes[i]) == 0));
    return list;
}

/* ---------------------------------------------------------------- list and create */

static unsigned list_page(struct http_request *req, unsigned status,
                          const struct form_errors *errs)
{
    struct web_ctx *c = web_ctx(req);
    struct staff_list l;
    const char *agency = http_arg(req, "co_quan");
    const char *filter = kv_get(req->query, "co_quan");
    staff_list_init(&l);
    enum mc_status st = staff_list(c->db, me(req), filter, &l);
    if (st != MC_OK) {
        staff_list_release(&l);
        return staff_error(req, st);
    }
    json_t *names = agency_names(req);
    json_t *rows = json_array();
    for (size_t i = 0; i < l.n; i++)
        json_array_append_new(rows, member_json(req, names, &l.items[i]));
    staff_list_release(&l);
    const char *login = kv_get(req->form, "login");
    const char *full_name = kv_get(req->form, "full_name");
    json_t *data = json_pack("{s:o,s:o,s:o,s:o,s:b,s:{s:s,s:s}}", "staff", rows, "agencies",
                             agency_choices(req, names, agency), "filters",
                             agency_choices(req, names, filter), "roles",
                             role_choices(me(req), errs ? roles_from_form(req) : 0),
                             "province", (me(req)->roles & ROLE_PROVINCE_ADMIN) != 0, "form",
                             "login", login ? login : "", "full_name",
                             full_name ? full_name : "");
    json_decref(names);
    web_form_errors(data, errs);
    return web_page(req, status, "staff_list.html", "Quản lý tài khoản cán bộ", data);
}

unsigned page_staff_list(struct http_request *req)
{
    return list_page(req, 200, NULL);
}

/* The one page that shows a temporary password: never in a URL, never stored. */
static unsigned temp_password_page(struct http_request *req, int64_t id, const char *who,
                                   const char *login, const char *password, bool created)
{
    json_t *data = json_pack("{s:I,s:s,s:s,s:s,s:b}", "id", (json_int_t)id, "full_name", who,
                             "login", login, "password", password, "created", created);
    return web_page(req, 200, "staff_password.html", "Mật khẩu tạm của cán bộ", data);
}

unsigned page_staff_create_post(struct http_request *req)
{
    struct web_ctx *c = web_ctx(req);
    struct form_errors errs = {0};
    char temp[STAFF_TEMP_PASSWORD_SIZE];
    int64_t id = 0;
    struct staff_new in = {
        .login = kv_get(req->form, "login"),
        .full_name = kv_get(req->form, "full_name"),
        .agency_code = kv_get(req->form, "co_quan"),
        .roles = roles_from_form(req),
    };
    enum mc_status st = staff_create(c->db, me(req), &c->actor, &in, &errs, &id, temp);
    if (st == MC_OK)
        return temp_password_page(req, id, in.full_name, in.login, temp, true);
    if (st == MC_ERR_INVALID || st == MC_ERR_CONFLICT)
        return list_page(req, st == MC_ERR_CONFLICT ? 409 : 422, &errs);
    if (st == MC_ERR_FORBIDDEN)
        return http_error(req, 403, "forbidden", "Bạn không được tạo tài khoản ở cơ quan này "
                          "hoặc với vai trò này");
    return http_error(req, 500, "internal", "Không tạo được tài khoản, xin thử lại sau");
}

/* ---------------------------------------------------------------- one account */

static int64_t id_param(struct http_request *req)
{
    char *end = NULL;
    const char *s = req->params[0];
    long long v = s && *s ? strtoll(s, &end, 10) : 0;
    return end && *end == '\0' && v > 0 ? (int64_t)v : 0;
}

static unsigned member_page(struct http_request *req, unsigned status, const char *error)
{
    struct web_ctx *c = web_ctx(req);
    struct staff_member m;
    enum mc_status st = staff_get(c->db, me(req), id_param(req), &m);
    if (st != MC_OK)
        return staff_error(req, st);
    json_t *names = agency_names(req);
    json_t *data = json_pack("{s:o,s:o,s:b,s:b}", "member", member_json(req, names, &m),
                             "roles", role_choices(me(req), m.roles), "self",
                             m.id == me(req)->id, "saved", http_arg(req, "da-luu") != NULL);
    json_decref(names);
    web_page_error(data, error);
    return web_page(req, status, "staff.html", m.full_name, data);
}

unsigned page_staff(struct http_request *req)
{
    return member_page(req, 200, NULL);
}

unsigned page_staff_action_post(struct http_request *req)
{
    struct web_ctx *c = web_ctx(req);
    const char *action = req->params[1];
    int64_t id = id_param(req);
    char temp[STAFF_TEMP_PASSWORD_SIZE];
    enum mc_status st;
    if (strcmp(action, "vai-tro") == 0)
        st = staff_set_roles(c->db, me(req), &c->actor, id, roles_from_form(req));
    else if (strcmp(action, "khoa") == 0 || strcmp(action, "mo-khoa") == 0)
        st = staff_set_disabled(c->db, me(req), &c->actor, id, strcmp(action, "khoa") == 0);
    else if (strcmp(action, "dat-lai-xac-thuc") == 0)
        st = staff_reset_totp(c->db, me(req), &c->actor, id);
    else if (strcmp(action, "mat-khau-tam") == 0)
        st = staff_reset_password(c->db, me(req), &c->actor, id, temp);
    else
        return http_error(req, 404, "not_found", "Không có thao tác này");
    if (st == MC_OK && strcmp(action, "mat-khau-tam") == 0) {
        struct staff_member m;
        if (staff_get(c->db, me(req), id, &m) != MC_OK)
            return staff_error(req, MC_ERR_INTERNAL);
        return temp_password_page(req, id, m.full_name, m.login, temp, false);
    }
    if (st == MC_OK)
        return http_redirect(req, arena_printf(req->arena, "/quan-tri/can-bo/%lld?da-luu=1",
                                               (long long)id));
    if (st == MC_ERR_INVALID)
        return member_page(req, 422, "Không lưu được: cần chọn ít nhất một vai trò; bạn cũng "
                           "không thể tự khóa tài khoản của mình hay tự bỏ vai trò quản trị.");
    return staff_error(req, st);
}

/* ---------------------------------------------------------------- reclaim at the counter */

static unsigned reclaim_page(struct http_request *req, unsigned status,
                             const struct form_errors *errs, json_t *extra)
{
    json_t *data = extra ? extra : json_object();
    static const char *const fields[] = {"login", "full_name", "contact", NULL};
    json_object_set_new(data, "form", web_form_echo(req, fields));
    web_form_errors(data, errs);
    return web_page(req, status, "reclaim.html", "Lấy lại tài khoản cho chủ giấy tờ", data);
}

unsigned page_reclaim(struct http_request *req)
{
    if (!(me(req)->roles & (ROLE_RECEPTION | ROLE_AGENCY_ADMIN | ROLE_PROVINCE_ADMIN)))
        return http_error(req, 403, "forbidden", "Trang này dành cho cán bộ một cửa");
    return reclaim_page(req, 200, NULL, NULL);
}

unsigned page_reclaim_post(struct http_request *req)
{
    struct web_ctx *c = web_ctx(req);
    struct form_errors errs = {0};
    int64_t ticket = 0;
    const char *checked = kv_get(req->form, "da_doi_chieu");
    if (!checked || strcmp(checked, "1") != 0) {
        /* No code goes out before the officer confirms the papers were checked. */
        form_errors_add(&errs, "da_doi_chieu", "xin đối chiếu giấy tờ tùy thân bản gốc của "
                        "người đến làm thủ tục rồi đánh dấu ô xác nhận");
        return reclaim_page(req, 422, &errs, NULL);
    }
    enum mc_status st = account_reclaim_start(c->db, me(req), &c->actor,
                                              kv_get(req->form, "login"),
                                              kv_get(req->form, "full_name"),
                                              kv_get(req->form, "contact"), &errs, &ticket);
    if (st == MC_ERR_INVALID)
        return reclaim_page(req, 422, &errs, NULL);
    if (st == MC_ERR_FORBIDDEN)
        return http_error(req, 403, "forbidden", "Trang này dành cho cán bộ một cửa");
    if (st == MC_ERR_RATE_LIMITED)
        return reclaim_page(req, 429, NULL, json_pack("{s:s}", "error", "Đã gửi nhiều mã cho "
                            "tài khoản này trong 15 phút. Xin dùng mã đã gửi hoặc đợi."));
    if (st != MC_OK)
        return http_error(req, 500, "internal", "Không gửi được mã, xin thử lại sau");
    char masked[300];
    web_wake_outbox(req);
    account_mask_contact(kv_get(req->form, "contact"), masked, sizeof(masked));
    return reclaim_page(req, 200, NULL, json_pack("{s:I,s:s}", "ticket", (json_int_t)ticket,
                                                  "sent_to", masked));
}

unsigned page_reclaim_confirm_post(struct http_request *req)
{
    struct web_ctx *c = web_ctx(req);
    enum account_code_result res = CODE_NONE;
    int64_t user_id = 0;
    const char *t = kv_get(req->form, "ticket");
    int64_t ticket = t ? strtoll(t, NULL, 10) : 0;
    enum mc_status st = account_reclaim_finish(c->db, me(req), &c->actor, ticket,
                                               kv_get(req->form, "code"), &res, &user_id);
    if (st == MC_ERR_FORBIDDEN)
        return http_error(req, 403, "forbidden", "Chỉ cán bộ đã gửi mã mới hoàn tất được việc "
                          "lấy lại tài khoản này");
    if (st != MC_OK)
        return http_error(req, 500, "internal", "Không kiểm tra được mã, xin thử lại sau");
    if (res != CODE_OK)
        return reclaim_page(req, res == CODE_WRONG ? 401 : 422, NULL, json_pack(
            "{s:I,s:s}", "ticket", (json_int_t)ticket, "error",
            arena_printf(req->arena, "Chưa lấy lại được: %s.", account_code_message(res))));
    return reclaim_page(req, 200, NULL, json_pack("{s:b}", "done", 1));
}
