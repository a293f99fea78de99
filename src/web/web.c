/*
 * web.c - the guard (sessions, CSRF, roles), the error hook and the reply
 * helpers shared by every handler (see app.h).
 *
 * CSRF: every form carries a token that is HMAC-SHA256(server secret,
 * session token) for signed-in visitors, or of a random "mc_anon" cookie
 * for others.  A state-changing request must echo it in the "csrf" field
 * or the X-CSRF-Token header.  API calls that present no cookie at all
 * carry no ambient authority and need no token.
 */
#include <sodium.h>
#include <stdio.h>
#include "web/app.h"
#include "web/reply.h"
#include "web/routes.h"
#include "domain/audit/access_log.h"
#include "domain/units/unit.h"
#include "core/clock.h"
#include "core/http_encoding.h"
#include "core/import_report.h"
#include "core/log.h"
#include "core/vnfmt.h"

#define COOKIE_SESSION "mc_sid"
#define COOKIE_ANON "mc_anon"

struct web_ctx *web_ctx(struct http_request *req)
{
    return req->user;
}

static struct app *app_of(struct http_request *req)
{
    return req->app;
}

bool web_signed_in(struct http_request *req)
{
    struct web_ctx *c = web_ctx(req);
    if (!c || !c->has_session)
        return false;
    return c->session.user.kind != USER_STAFF || c->session.second_factor;
}

static void csrf_for(struct app *app, const char *key, char out[65])
{
    unsigned char mac[crypto_auth_hmacsha256_BYTES];
    crypto_auth_hmacsha256_state st;
    crypto_auth_hmacsha256_init(&st, app->secret, sizeof(app->secret));
    crypto_auth_hmacsha256_update(&st, (const unsigned char *)key, strlen(key));
    crypto_auth_hmacsha256_final(&st, mac);
    sodium_bin2hex(out, 65, mac, sizeof(mac));
}

static const char *new_anon_cookie(struct http_request *req)
{
    unsigned char raw[24];
    char *v = arena_alloc(req->arena, 40);
    randombytes_buf(raw, sizeof(raw));
    sodium_bin2base64(v, 40, raw, sizeof(raw), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    http_set_cookie(req, COOKIE_ANON, v, 0, app_of(req)->cfg.secure_cookies);
    return v;
}

static bool csrf_ok(struct http_request *req, struct web_ctx *c)
{
    const char *sent = kv_get(req->form, "csrf");
    if (!sent)
        sent = http_header(req, "X-CSRF-Token");
    return sent && strlen(sent) == 64 && sodium_memcmp(sent, c->csrf, 64) == 0;
}

static void load_session(struct http_request *req, struct web_ctx *c)
{
    const char *token = http_cookie(req, COOKIE_SESSION);
    if (!token)
        return;
    enum mc_status st = account_session_find(c->db, token, &c->session);
    if (st == MC_OK) {
        c->has_session = true;
        c->session_token = token;
    } else if (st == MC_ERR_NOT_FOUND) {
        http_set_cookie(req, COOKIE_SESSION, "", -1, app_of(req)->cfg.secure_cookies);
    }
}

/* Where to send a visitor who may not see this page; NULL = may see it. */
static unsigned check_access(struct http_request *req, struct web_ctx *c)
{
    unsigned f = req->route->flags;
    bool pending = c->has_session && !web_signed_in(req);
    if ((f & R_PENDING_2FA) && c->has_session)
        return 0;
    if (!(f & (R_SIGNED_IN | R_STAFF | R_PROVINCE)))
        return 0;
    if (!web_signed_in(req)) {
        if (f & R_API)
            return http_error(req, 401, "unauthorized", "Bạn cần đăng nhập");
        if (pending)
            return http_redirect(req, c->session.user.totp_enabled
                                          ? "/dang-nhap/ma-xac-thuc"
                                          : "/tai-khoan/xac-thuc-hai-lop");
        return http_redirect(req, arena_printf(req->arena, "/dang-nhap?next=%s",
                                               req->path));
    }
    const struct user *u = &c->session.user;
    if ((f & R_STAFF) && u->kind != USER_STAFF)
        return http_error(req, 403, "forbidden", "Trang này chỉ dành cho cán bộ");
    /* Collaborators sign in like staff but see only their own pages. */
    if (user_is_collaborator_only(u) && !(f & R_COLLAB))
        return http_error(req, 403, "forbidden",
                          "Trang này không dành cho cộng tác viên");
    if ((f & R_PROVINCE) && !(u->roles & ROLE_PROVINCE_ADMIN))
        return http_error(req, 403, "forbidden",
                          "Trang này chỉ dành cho quản trị cấp tỉnh");
    /* A temporary password is replaced before anything else is done. */
    if (u->must_change_password && !(f & R_TEMP_PASSWORD)) {
        if (f & R_API)
            return http_error(req, 403, "password_change",
                              "Bạn cần đổi mật khẩu tạm trước khi tiếp tục");
        return http_redirect(req, "/tai-khoan/doi-mat-khau?bat-buoc=1");
    }
    return 0;
}

#define REPLICA_CHECK_US 1000000   /* the replica's lag is asked at most once a second */

/*
 * Whether the replica may serve now, from the last check when it is
 * recent; otherwise asks r (may be NULL: the replica cannot be reached)
 * and records the answer.
 */
static bool replica_fresh(struct app *app, struct db *r, bool *asked)
{
    int64_t now = clock_mono_us();
    int64_t state = atomic_load(&app->replica_state);
    double lag = 0;
    *asked = false;
    if (state != 0 && now - (state >> 1) < REPLICA_CHECK_US)
        return state & 1;
    if (!r)
        return true;   /* not known yet: the caller asks again with a connection */
    *asked = true;
    bool fresh = db_replica_lag(r, &lag) == MC_OK && lag <= (double)app->cfg.replica_max_lag_s;
    if (!fresh)
        log_warn("replica: %s; public pages read the primary", lag > 0 ? "lagging" : "down");
    atomic_store(&app->replica_state, (now << 1) | (fresh ? 1 : 0));
    return fresh;
}

/*
 * Serve an R_REPLICA page from the replica when it is up and within
 * MOTCUA_REPLICA_MAX_LAG; otherwise c keeps its primary connection.
 */
static void use_replica(struct app *app, struct web_ctx *c)
{
    bool asked = false;
    if (!replica_fresh(app, NULL, &asked))
        return;
    struct db *r = db_pool_get(app->replica);
    if (!r) {
        atomic_store(&app->replica_state, clock_mono_us() << 1);   /* down: not for 1 s */
        return;
    }
    if (!replica_fresh(app, r, &asked) || db_broken(r)) {
        if (db_broken(r))   /* its server went away: down, not asked again for 1 s */
            atomic_store(&app->replica_state, clock_mono_us() << 1);
        db_pool_put(app->replica, r);
        return;
    }
    db_pool_put(app->pool, c->db);
    c->db = r;
    c->on_replica = true;
}

unsigned web_guard(struct http_request *req)
{
    struct app *app = app_of(req);
    struct web_ctx *c = arena_calloc(req->arena, 1, sizeof(*c));
    req->user = c;
    c->db = db_pool_get(app->pool);
    if (!c->db)
        return http_error(req, 503, "unavailable", "Hệ thống đang bận, xin thử lại sau");
    load_session(req, c);
    const char *key = c->has_session ? c->session_token : http_cookie(req, COOKIE_ANON);
    bool writes = req->method & (HTTP_POST | HTTP_PUT | HTTP_PATCH | HTTP_DELETE);
    if (key)
        csrf_for(app, key, c->csrf);
    c->actor.user_id = c->has_session ? c->session.user.id : 0;
    c->actor.role = c->has_session ? user_role_label(&c->session.user) : "anonymous";
    c->actor.address = req->client_addr;
    bool api_without_cookies = (req->route->flags & R_API) && !req->cookies;
    if (writes && !(req->route->flags & R_NO_CSRF) && !api_without_cookies &&
        (!key || !csrf_ok(req, c))) {
        log_warn("csrf check failed for %s", req->path);
        return http_error(req, 403, "csrf",
                          "Biểu mẫu đã hết hạn hoặc không hợp lệ. Xin tải lại trang và thử lại");
    }
    unsigned status = check_access(req, c);
    if (status == 0 && app->replica && (req->route->flags & R_REPLICA) && !writes)
        use_replica(app, c);
    return status;
}

/* Whether a browser's Origin header names this site (Host, or the public address). */
static bool origin_ok(struct http_request *req, const char *origin)
{
    const char *host = http_header(req, "Host");
    const char *pub = app_of(req)->cfg.public_url;
    const char *sep = strstr(origin, "://");
    if (strcmp(origin, "null") == 0)
        return true;   /* privacy contexts; the token decides after the body */
    if (pub[0] && strcmp(origin, pub) == 0)
        return true;
    return sep && host && strcmp(sep + 3, host) == 0;
}

unsigned web_precheck(struct http_request *req)
{
    struct app *app = app_of(req);
    struct web_ctx *c = arena_calloc(req->arena, 1, sizeof(*c));
    const char *origin = http_header(req, "Origin");
    const char *sent = http_header(req, "X-CSRF-Token");
    unsigned f = req->route->flags, status = 0;
    bool writes = req->method & (HTTP_POST | HTTP_PUT | HTTP_PATCH | HTTP_DELETE);
    bool api_without_cookies = (f & R_API) && !req->cookies;
    bool need_token = writes && !(f & R_NO_CSRF) && !api_without_cookies;
    req->user = c;
    c->db = db_pool_get(app->pool);
    if (!c->db)
        return http_error(req, 503, "unavailable", "Hệ thống đang bận, xin thử lại sau");
    load_session(req, c);
    /* No connection is held while the body arrives. */
    db_pool_put(app->pool, c->db);
    c->db = NULL;
    const char *key = c->has_session ? c->session_token : http_cookie(req, COOKIE_ANON);
    if (key)
        csrf_for(app, key, c->csrf);
    if (need_token && (!key || (origin && !origin_ok(req, origin)) ||
                       (sent && (strlen(sent) != 64 || sodium_memcmp(sent, c->csrf, 64) != 0)))) {
        log_warn("csrf check failed before the body for %s", req->path);
        status = http_error(req, 403, "csrf",
                            "Biểu mẫu đã hết hạn hoặc không hợp lệ. Xin tải lại trang và thử lại");
    }
    if (status == 0)
        status = check_access(req, c);
    return status;
}

bool web_log_access(struct http_request *req, int64_t subject_id, const char *action,
                    const char *kind, const char *ref)
{
    struct web_ctx *c = web_ctx(req);
    struct agency ag;
    if (!c || !web_signed_in(req) || c->session.user.kind != USER_STAFF || subject_id <= 0 ||
        subject_id == c->session.user.id)
        return true;
    const struct user *u = &c->session.user;
    agency_init(&ag);
    const char *agency = "";
    if (u->agency_code[0] && agency_get(c->db, u->agency_code, &ag) == MC_OK && ag.name)
        agency = arena_strdup(req->arena, ag.name);
    agency_release(&ag);
    struct access_event ev = {subject_id, u->id, u->full_name, agency, action, kind, ref};
    enum mc_status st = access_log_append(c->db, &ev);
    if (st != MC_OK)
        log_error("cannot write the access log: %s", mc_status_name(st));
    return st == MC_OK;
}

json_t *web_access_json(struct http_request *req, int64_t subject_id, const char *ref,
                        size_t max)
{
    struct access_entry rows[50];
    size_t n = 0;
    char when[VNFMT_SIZE];
    json_t *list = json_array();
    if (max > MC_ARRAY_LEN(rows))
        max = MC_ARRAY_LEN(rows);
    if (access_log_for(web_ctx(req)->db, subject_id, ref, rows, max, &n) != MC_OK)
        return list;
    for (size_t i = 0; i < n; i++)
        json_array_append_new(list, json_pack(
            "{s:s,s:s,s:s,s:s,s:s}", "when", vnfmt_datetime(when, sizeof(when), rows[i].at),
            "who", rows[i].actor_name, "agency", rows[i].agency_name, "what",
            access_log_action_label(rows[i].action, rows[i].kind), "ref", rows[i].ref));
    return list;
}

void web_done(struct http_request *req)
{
    struct web_ctx *c = req->user;
    if (c && c->db) {
        db_pool_put(c->on_replica ? app_of(req)->replica : app_of(req)->pool, c->db);
        c->db = NULL;
    }
}

/* ---------------------------------------------------------------- uploads */

enum mc_status web_upload_read(struct http_request *req, const char *field, struct buf *out,
                               bool *chosen)
{
    struct http_upload *up = req->uploads;
    while (up && strcmp(up->field, field) != 0)
        up = up->next;
    *chosen = up && up->size > 0;
    if (!*chosen)
        return MC_OK;
    if (!up->data)
        return buf_add_file(out, http_upload_path(req, up));
    buf_add(out, (const char *)up->data, up->size);
    return buf_status(out);
}

/* ---------------------------------------------------------------- replies */

unsigned web_json(struct http_request *req, unsigned status, json_t *v)
{
    struct buf b;
    buf_init(&b, BUF_MAX_PAGE);
    /* 12 significant digits: 82.4, not 82.400000000000006 (same double). */
    char *s = json_dumps(v, JSON_COMPACT | JSON_REAL_PRECISION(12));
    json_decref(v);
    if (s) {
        buf_adds(&b, s);
        free(s);
    }
    http_add_header(req, "Cache-Control", "no-store");
    return http_reply(req, status, "application/json; charset=utf-8", &b);
}

unsigned web_json_error(struct http_request *req, unsigned status, const char *code,
                        const char *message)
{
    return web_json(req, status, json_pack("{s:{s:s,s:s}}", "error", "code", code,
                                           "message", message));
}

static json_t *user_json(struct http_request *req)
{
    struct web_ctx *c = web_ctx(req);
    if (!c || !web_signed_in(req))
        return json_null();
    const struct user *u = &c->session.user;
    return json_pack("{s:s,s:s,s:b,s:b,s:b}", "name", u->full_name, "role",
                     user_role_label(u), "staff", user_is_officer(u), "province_admin",
                     (u->roles & ROLE_PROVINCE_ADMIN) != 0, "collaborator",
                     (u->roles & ROLE_COLLABORATOR) != 0);
}

/* The menu bar: the registered entries this visitor sees, in order. */
static json_t *nav_json(struct http_request *req)
{
    const struct web_registry *reg = app_of(req)->registry;
    const struct user *u = web_signed_in(req) ? &web_ctx(req)->session.user : NULL;
    json_t *nav = json_array();
    for (size_t i = 0; reg && i < reg->nmenu; i++)
        if (web_menu_visible(reg->menu[i], u))
            json_array_append_new(nav, json_pack("{s:s,s:s}", "href", reg->menu[i]->href,
                                                 "label", reg->menu[i]->label));
    return nav;
}

/* The modules' stylesheets, linked after site.css. */
static json_t *styles_json(struct http_request *req)
{
    const struct web_registry *reg = app_of(req)->registry;
    json_t *styles = json_array();
    for (size_t i = 0; reg && i < reg->nstyles; i++)
        json_array_append_new(styles, json_string(reg->styles[i]));
    return styles;
}

/*
 * A visitor without a session or anonymous cookie gets one only when the
 * page holds a form that must carry a CSRF token: pages without forms
 * stay cookie-free (and cacheable).
 */
static void ensure_csrf(struct http_request *req, struct web_ctx *c, const char *name)
{
    struct app *app = app_of(req);
    if (c->csrf[0] || !tmpl_references(app->tmpl, name, "csrf"))
        return;
    csrf_for(app, new_anon_cookie(req), c->csrf);
}

enum mc_status web_render(struct http_request *req, const char *name, const char *title,
                          json_t *data, struct buf *page)
{
    struct app *app = app_of(req);
    struct web_ctx *c = web_ctx(req);
    struct buf body;
    buf_init(&body, BUF_MAX_PAGE);
    if (c)
        ensure_csrf(req, c, name);
    json_object_set_new(data, "title", json_string(title));
    json_object_set_new(data, "csrf", json_string(c ? c->csrf : ""));
    json_object_set_new(data, "user", user_json(req));
    if (app->demo)
        json_object_set_new(data, "demo", json_true());
    json_object_set_new(data, "nav", nav_json(req));
    json_object_set_new(data, "styles", styles_json(req));
    enum mc_status st = tmpl_render(app->tmpl, name, data, &body);
    if (st == MC_OK) {
        json_object_set_new(data, "body", json_stringn(buf_cstr(&body), body.len));
        st = tmpl_render(app->tmpl, "layout.html", data, page);
    }
    json_decref(data);
    buf_release(&body);
    if (st != MC_OK)
        log_error("cannot render %s", name);
    return st;
}

bool web_page_has_secret(struct http_request *req, const struct buf *page)
{
    const struct web_ctx *c = web_ctx(req);
    if (!c || c->has_session)
        return true;
    return c->csrf[0] && memmem(page->data, page->len, c->csrf, strlen(c->csrf)) != NULL;
}

/* The page policy (CSP, Referrer-Policy, X-Frame-Options) is the HTTP core's:
 * every text/html answer gets it (HTTP_CSP in core/http.h). */
unsigned web_reply_page(struct http_request *req, unsigned status, struct buf *page)
{
    http_add_header(req, "Cache-Control", "no-store");
    /* Compressed only without a secret in it (BREACH, docs/internals/http.md). */
    if (!web_page_has_secret(req, page))
        return http_reply_encoded(req, status, "text/html; charset=utf-8", page);
    return http_reply(req, status, "text/html; charset=utf-8", page);
}

unsigned web_page(struct http_request *req, unsigned status, const char *name,
                  const char *title, json_t *data)
{
    struct buf page;
    buf_init(&page, BUF_MAX_PAGE);
    if (web_render(req, name, title, data, &page) != MC_OK) {
        buf_release(&page);
        return http_reply_static(req, 500, "text/plain; charset=utf-8",
                                 "Lỗi hiển thị trang", strlen("Lỗi hiển thị trang"));
    }
    return web_reply_page(req, status, &page);
}

void web_error(struct http_request *req, unsigned status, const char *code, const char *message)
{
    struct web_ctx *c = req->user;
    if (status >= 500 && c && db_broken(c->db)) {   /* the database server went away */
        status = 503;
        code = "unavailable";
        message = "Hệ thống tạm thời mất kết nối tới cơ sở dữ liệu. Xin thử lại sau ít phút";
    }
    if (web_is_api(req) || !req->app) {
        web_json_error(req, status, code, message);
        return;
    }
    web_page(req, status, "error.html", "Có lỗi xảy ra",
             json_pack("{s:i,s:s}", "status", (json_int_t)status, "message", message));
}

void web_page_error(json_t *data, const char *error)
{
    if (error)
        json_object_set_new(data, "error", json_string(error));
}

void web_form_errors(json_t *data, const struct form_errors *errs)
{
    if (!errs)
        return;
    json_t *list = json_array();
    for (size_t i = 0; i < errs->count; i++) {
        char key[80];
        json_array_append_new(list, json_pack("{s:s,s:s}", "field", errs->items[i].field,
                                              "message", errs->items[i].message));
        snprintf(key, sizeof(key), "err_%s", errs->items[i].field);
        if (!json_object_get(data, key))
            json_object_set_new(data, key, json_string(errs->items[i].message));
    }
    json_object_set_new(data, "errors", list);
    json_object_set_new(data, "has_errors", json_boolean(errs->count > 0));
}

const char *web_arg_or(struct http_request *req, const char *name, const char *dflt)
{
    const char *v = http_arg(req, name);
    return v ? v : dflt;
}

const char *web_arg_trimmed(struct http_request *req, const char *name)
{
    const char *v = http_arg(req, name);
    while (v && (*v == ' ' || *v == '\t'))
        v++;
    if (!v || !*v)
        return NULL;
    size_t n = strlen(v);
    while (n > 0 && (v[n - 1] == ' ' || v[n - 1] == '\t'))
        n--;
    return arena_printf(req->arena, "%.*s", (int)n, v);
}

json_t *web_form_echo(struct http_request *req, const char *const *names)
{
    json_t *o = json_object();
    for (size_t i = 0; names[i]; i++) {
        const char *v = kv_get(req->form, names[i]);
        json_object_set_new(o, names[i], json_string(v ? v : ""));
    }
    return o;
}

void web_import_errors(json_t *data, const struct import_report *rep)
{
    if (!rep || !rep->nerrors)
        return;
    json_t *lines = json_array();
    for (size_t i = 0; i < rep->nerrors; i++)
        json_array_append_new(lines, json_string(rep->errors[i]));
    json_object_set_new(data, "import_errors", lines);
    json_object_set_new(data, "has_import_errors", json_true());
}

bool web_wants_xlsx(const struct http_request *req)
{
    size_t n = strlen(req->path);
    return n >= 5 && strcmp(req->path + n - 5, ".xlsx") == 0;
}

unsigned web_reply_export(struct http_request *req, const char *base, struct buf *out)
{
    bool xlsx = web_wants_xlsx(req);
    http_add_header(req, "Content-Disposition",
                    arena_printf(req->arena, "attachment; filename=\"%s.%s\"", base,
                                 xlsx ? "xlsx" : "csv"));
    return http_reply(req, 200, xlsx ? "application/vnd.openxmlformats-officedocument."
                                       "spreadsheetml.sheet"
                                     : "text/csv; charset=utf-8",
                      out);
}

json_t *web_json_string_buf(struct buf *b)
{
    json_t *s = json_string(buf_cstr(b));
    buf_release(b);
    return s;
}

json_t *web_iso_json(int64_t t)
{
    char s[32];
    if (t <= 0)
        return json_null();
    clock_format_iso(t, s, sizeof(s));
    return json_string(s);
}

enum mc_status web_sign_in(struct http_request *req, int64_t user_id, bool second_factor)
{
    char token[ACCOUNT_TOKEN_SIZE];
    struct web_ctx *c = web_ctx(req);
    enum mc_status st = account_session_start(c->db, user_id, second_factor, token);
    if (st == MC_OK)
        web_set_session(req, token);
    return st;
}

void web_wake_outbox(struct http_request *req)
{
    const struct app *app = app_of(req);
    if (app->wake_outbox)
        app->wake_outbox(app->wake_ctx);
}

void web_set_session(struct http_request *req, const char *token)
{
    http_set_cookie(req, COOKIE_SESSION, token, ACCOUNT_SESSION_TTL,
                    app_of(req)->cfg.secure_cookies);
}

void web_clear_session(struct http_request *req)
{
    http_set_cookie(req, COOKIE_SESSION, "", -1, app_of(req)->cfg.secure_cookies);
}

const char *web_safe_next(const char *next, const char *fallback)
{
    if (!next || next[0] != '/' || next[1] == '/' || next[1] == '\\')
        return fallback;
    for (const unsigned char *p = (const unsigned char *)next; *p; p++)
        if (*p < 0x20 || *p == 0x7f || *p == '\\' || *p == ':')
            return fallback;
    return next;
}
