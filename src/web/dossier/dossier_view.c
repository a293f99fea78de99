/*
 * dossier_view.c - helpers shared by the dossier, vault, tracking and
 * payment pages (see dossier_view.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <strings.h>
#include <unistd.h>
#include "web/dossier/dossier_view.h"
#include "domain/audit/audit.h"
#include "web/reply.h"
#include "domain/calendar/date.h"
#include "core/clock.h"
#include "core/log.h"
#include "core/text.h"
#include "core/vnfmt.h"
#include "domain/units/unit.h"
#include "domain/catalog/procedure.h"

struct app *dossier_view_app(struct http_request *req)
{
    return req->app;
}

void dossier_view_env(struct http_request *req, struct dossier_env *env)
{
    struct app *app = dossier_view_app(req);
    env->db = web_ctx(req)->db;
    env->cal = web_calendar(req);   /* a reference held until the request ends */
    env->files = &app->files;
}

const struct user *dossier_view_user(struct http_request *req)
{
    struct web_ctx *c = web_ctx(req);
    return c->has_session ? &c->session.user : NULL;
}

json_t *dossier_view_time(int64_t t)
{
    char s[VNFMT_SIZE];
    return json_string(vnfmt_datetime(s, sizeof(s), t));
}

json_t *dossier_view_date(int64_t t)
{
    char s[VNFMT_SIZE];
    return json_string(vnfmt_date(s, sizeof(s), t));
}

bool dossier_view_parse_date(const char *s, int hour, int64_t *out)
{
    int32_t date = 0;
    if (calendar_date_parse_input(s, &date) != MC_OK)
        return false;
    *out = calendar_time_at(date, hour * 3600);
    return true;
}

/* ---------------------------------------------------------------- uploads */

struct http_upload *dossier_view_upload(struct http_request *req, const char *name)
{
    for (struct http_upload *up = req->uploads; up; up = up->next)
        if (strcmp(up->field, name) == 0 && (up->size > 0 || (up->filename && *up->filename)))
            return up;
    return NULL;
}

const char *dossier_view_upload_check(const struct http_upload *up)
{
    unsigned char head[16];
    ssize_t n = 0;
    if (up->size == 0)
        return "Tệp tải lên rỗng.";
    if (up->size > FILESTORE_MAX_SIZE)
        return "Tệp lớn hơn 10 MB.";
    if (up->data) {
        n = (ssize_t)(up->size < sizeof(head) ? up->size : sizeof(head));
        memcpy(head, up->data, (size_t)n);
    } else {
        int fd = open(up->path, O_RDONLY);
        if (fd >= 0) {
            n = read(fd, head, sizeof(head));
            close(fd);
        }
    }
    if (n <= 0 || !filestore_sniff(head, (size_t)n))
        return "Chỉ nhận tệp PDF, JPEG hoặc PNG (kiểm tra theo nội dung tệp).";
    return NULL;
}

enum mc_status dossier_view_upload_store(struct http_request *req,
                                         const struct http_upload *up,
                                         struct filestore_meta *meta)
{
    const struct filestore *fs = &dossier_view_app(req)->files;
    if (up->data)
        return filestore_stage_bytes(fs, web_ctx(req)->db, up->data, up->size, meta);
    return filestore_stage_file(fs, web_ctx(req)->db, up->path, meta);
}

const char *dossier_view_upload_name(struct http_request *req, const struct http_upload *up,
                                     const char *fallback)
{
    const char *name = up && up->filename ? up->filename : "";
    const char *slash = strrchr(name, '/');
    const char *bslash = strrchr(name, '\\');
    if (slash)
        name = slash + 1;
    if (bslash && bslash + 1 > name)
        name = bslash + 1;
    size_t n = strlen(name);
    if (n > 200)
        n = 200;
    while (n > 0 && !text_utf8_valid(name, n))
        n--;   /* do not cut a character in two */
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)name[i] < 0x20)
            return fallback;
    return n ? arena_strndup(req->arena, name, n) : fallback;
}

/* ---------------------------------------------------------------- downloads */

static const char *extension_of(const char *type)
{
    if (strcmp(type, "application/pdf") == 0)
        return ".pdf";
    if (strcmp(type, "image/jpeg") == 0)
        return ".jpg";
    if (strcmp(type, "image/png") == 0)
        return ".png";
    return "";
}

static bool has_suffix(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcasecmp(s + n - m, suffix) == 0;
}

/* Content-Disposition with an ASCII fallback and the RFC 5987 UTF-8 name. */
static const char *disposition(struct http_request *req, const char *name, const char *ext)
{
    struct buf b;
    buf_init(&b, BUF_MAX_LINE);
    buf_adds(&b, "attachment; filename=\"");
    for (const char *p = name; *p; p++)
        buf_addch(&b, text_is_code(p, 1, 1, "-_.") ? *p : '_');
    if (!has_suffix(name, ext))
        buf_adds(&b, ext);
    buf_adds(&b, "\"; filename*=UTF-8''");
    buf_add_url(&b, name, strlen(name));
    if (!has_suffix(name, ext))
        buf_adds(&b, ext);
    const char *out = buf_status(&b) == MC_OK ? arena_strdup(req->arena, buf_cstr(&b))
                                              : "attachment";
    buf_release(&b);
    return out;
}

unsigned dossier_view_send_stored(struct http_request *req, const char *sha256, const char *type,
                                  const char *name, bool add_ext, const char *what)
{
    struct buf body;
    buf_init(&body, BUF_MAX_FILE);
    enum mc_status st = filestore_read(&dossier_view_app(req)->files, web_ctx(req)->db, sha256,
                                       &body);
    if (st != MC_OK) {
        buf_release(&body);
        log_error("cannot read %s (%d)", what, (int)st);
        return web_fail(req, st, &(const struct web_says){
                            .not_found = "Không đọc được tệp, xin thử lại sau",
                            .failed = "Không đọc được tệp, xin thử lại sau"}, NULL);
    }
    if (!type[0])
        type = "application/octet-stream";
    http_add_header(req, "Content-Disposition",
                    disposition(req, name && *name ? name : "tep",
                                add_ext ? extension_of(type) : ""));
    http_add_header(req, "Cache-Control", "private, no-store");
    http_add_header(req, "Content-Security-Policy", "default-src 'none'; sandbox");
    return http_reply(req, 200, type, &body);
}

unsigned dossier_view_send_file(struct http_request *req, const struct filestore_meta *meta,
                                const char *name)
{
    return dossier_view_send_stored(req, meta->sha256, meta->content_type, name, true,
                                    "a stored file");
}

/* ---------------------------------------------------------------- views */

json_t *dossier_view_agency_name(struct db *db, const char *code)
{
    struct agency a;
    json_t *name;
    agency_init(&a);
    if (code && *code && agency_get(db, code, &a) == MC_OK && a.name)
        name = json_string(a.name);
    else
        name = json_string(code ? code : "");
    agency_release(&a);
    return name;
}

const char *dossier_view_delivery_name(int delivery)
{
    switch (delivery) {
    case DOSSIER_DELIVERY_ONLINE:
        return "Nhận kết quả trực tuyến (vào Kho dữ liệu điện tử)";
    case DOSSIER_DELIVERY_POST:
        return "Nhận kết quả qua dịch vụ bưu chính công ích";
    case DOSSIER_DELIVERY_COUNTER:
        return "Nhận kết quả trực tiếp tại Bộ phận Một cửa";
    default:
        return "";
    }
}

/* "12.345 đồng" */
static json_t *money(int64_t dong)
{
    char s[VNFMT_SIZE];
    return json_string(vnfmt_money(s, sizeof(s), dong));
}

json_t *dossier_view_summary(struct db *db, const struct dossier *d)
{
    json_t *v = json_object();
    json_object_set_new(v, "code", json_string(d->code));
    json_object_set_new(v, "procedure_code", json_string(d->procedure_code));
    json_object_set_new(v, "procedure_name", json_string(d->procedure_name));
    json_object_set_new(v, "agency_code", json_string(d->agency_code));
    json_object_set_new(v, "agency_name", dossier_view_agency_name(db, d->agency_code));
    json_object_set_new(v, "reception_name",
                        dossier_view_agency_name(db, d->reception_code[0] ? d->reception_code
                                                                          : d->agency_code));
    json_object_set_new(v, "status", json_integer(d->status));
    json_object_set_new(v, "status_name", json_string(dossier_status_name(d->status, d->step)));
    json_object_set_new(v, "channel_name", json_string(nat_channel_name(d->channel)));
    json_object_set_new(v, "delivery_name",
                        json_string(dossier_view_delivery_name(d->delivery)));
    json_object_set_new(v, "delivery_address", json_string(d->delivery_address));
    json_object_set_new(v, "contact_name", json_string(d->contact_name));
    json_object_set_new(v, "submitted_at", dossier_view_time(d->submitted_at));
    json_object_set_new(v, "received_at", dossier_view_time(d->received_at));
    json_object_set_new(v, "due_at", dossier_view_time(d->due_at));
    json_object_set_new(v, "due_date", dossier_view_date(d->due_at));
    json_object_set_new(v, "deadline_at", dossier_view_time(d->deadline_at));
    json_object_set_new(v, "extended", json_boolean(d->deadline_at > d->due_at &&
                                                    d->due_at > 0));
    json_object_set_new(v, "apology_due_at", dossier_view_date(d->apology_due_at));
    json_object_set_new(v, "ended_at", dossier_view_time(d->ended_at));
    json_object_set_new(v, "returned_at", dossier_view_time(d->returned_at));
    json_object_set_new(v, "has_fee", json_boolean(d->has_fee && d->fee_dong > 0));
    json_object_set_new(v, "fee", money(d->fee_dong));
    json_object_set_new(v, "fee_dong", json_integer(d->fee_dong));
    json_object_set_new(v, "fee_paid", json_boolean(d->fee_paid));
    json_object_set_new(v, "paid_online", json_boolean(d->paid_online > 0));
    json_object_set_new(v, "version", json_integer(d->version));
    json_object_set_new(v, "imported", json_boolean(d->imported));
    json_object_set_new(v, "received", json_boolean(d->received_at > 0));
    json_object_set_new(v, "supplement_count", json_integer(d->supplement_count));
    return v;
}

/* Vietnamese label of an event's action code. */
static const char *event_label(const char *code)
{
    enum dossier_action a;
    if (strcmp(code, "due_soon") == 0)
        return "Sắp đến hạn trả kết quả";
    if (strcmp(code, "overdue") == 0)
        return "Quá hạn trả kết quả";
    if (dossier_action_parse(code, &a) == MC_OK)
        return dossier_transition_of(a)->label;
    return code;
}

/* Who acted, by role as the audit log names it; the system for no role. */
static const char *role_label(const char *role)
{
    return role[0] ? audit_role_label(role) : "Hệ thống";
}

json_t *dossier_view_events(const struct dossier_event_list *l)
{
    json_t *a = json_array();
    for (size_t i = 0; i < l->n; i++) {
        const struct dossier_event *e = &l->items[i];
        json_array_append_new(a, json_pack(
            "{s:o,s:s,s:s,s:s,s:s,s:o}", "at", dossier_view_time(e->at), "action",
            event_label(e->action), "actor", role_label(e->actor_id ? e->actor_role : "system"),
            "status", e->to_status ? dossier_status_name(e->to_status, 0) : "", "note",
            e->note ? e->note : "", "due_at", dossier_view_date(e->due_at)));
    }
    return a;
}

json_t *dossier_view_files(const struct dossier *d, const struct dossier_file_list *l)
{
    json_t *a = json_array();
    for (size_t i = 0; i < l->n; i++) {
        const struct dossier_file *f = &l->items[i];
        const char *kind = strcmp(f->kind, "result") == 0 ? "Kết quả giải quyết"
                         : strcmp(f->kind, "scan") == 0  ? "Bản quét tại Một cửa"
                                                         : "Thành phần hồ sơ";
        json_array_append_new(a, json_pack(
            "{s:s,s:s,s:s,s:I,s:o,s:b,s:s}", "name", f->name, "kind", kind, "url",
            "", "size_kb", (json_int_t)((f->file.size + 1023) / 1024), "added_at",
            dossier_view_time(f->added_at), "from_vault", f->vault_item_id > 0, "type",
            f->file.content_type));
        json_object_set_new(json_array_get(a, i), "url",
                            json_sprintf("/ho-so/%s/tep/%lld", d->code, (long long)f->id));
    }
    return a;
}

json_t *dossier_view_row(const struct dossier_row *r)
{
    return json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:o,s:o,s:o,s:b,s:i}", "code", r->code,
                     "procedure_code", r->procedure_code, "procedure_name", r->procedure_name,
                     "agency_code", r->agency_code, "contact_name", r->contact_name,
                     "status_name", dossier_status_name(r->status, r->step), "submitted_at",
                     dossier_view_time(r->submitted_at), "received_at",
                     dossier_view_time(r->received_at), "due_at",
                     dossier_view_time(r->deadline_at ? r->deadline_at : r->due_at), "late",
                     r->late, "status", r->status);
}

/* ---------------------------------------------------------------- errors */

unsigned dossier_view_error(struct http_request *req, enum mc_status st, const char *why,
                            const char *back)
{
    const struct web_says says = {
        .invalid = why ? why : "Thông tin gửi lên không hợp lệ.",
        .too_large = why ? why : "Thông tin gửi lên không hợp lệ.",
        .not_found = "Không tìm thấy hồ sơ.",
        .conflict = why ? why : "Hồ sơ vừa được người khác cập nhật; vui lòng tải lại trang và "
                                "thực hiện lại.",
        .forbidden = why ? why : "Bạn không có quyền thực hiện việc này.",
        .rate_limited = "Bạn đã thử quá nhiều lần. Xin thử lại sau ít phút.",
    };
    unsigned status = web_status_http(st, NULL);
    json_t *data = json_pack("{s:i,s:s}", "status", (json_int_t)status, "message",
                             web_status_message(st, &says, NULL));
    if (back)
        json_object_set_new(data, "back", json_string(back));
    json_object_set_new(data, "conflict", json_boolean(status == 409));
    return web_page(req, status, "dossier_error.html",
                    status == 409 ? "Hồ sơ đã thay đổi" : "Không thực hiện được", data);
}

/* ---------------------------------------------------------------- misc */

const char *dossier_view_token(struct http_request *req)
{
    unsigned char raw[16];
    char *hex = arena_alloc(req->arena, 33);
    randombytes_buf(raw, sizeof(raw));
    sodium_bin2hex(hex, 33, raw, sizeof(raw));
    return hex;
}

static bool host_ok(const char *h)
{
    size_t n = h ? strlen(h) : 0;
    if (n == 0 || n > 200)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = h[i];
        if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
              c == '.' || c == '-' || c == ':' || c == '[' || c == ']'))
            return false;
    }
    return true;
}

const char *dossier_view_absolute(struct http_request *req, const char *path)
{
    struct app *app = dossier_view_app(req);
    const char *host = http_header(req, "Host");
    if (app->cfg.public_url[0])
        return arena_printf(req->arena, "%s%s", app->cfg.public_url, path);
    if (host_ok(host))
        return arena_printf(req->arena, "%s://%s%s",
                            app->cfg.secure_cookies ? "https" : "http", host, path);
    return path;
}

bool dossier_view_code_ok(const char *s)
{
    return text_is_code(s, s ? strlen(s) : 0, DOSSIER_CODE_MAX - 1, ".-_");
}

size_t dossier_view_field_count(const struct procedure *p)
{
    return p->nform_fields ? p->nform_fields : 1;
}

const char *dossier_view_field_key(const struct procedure *p, size_t i)
{
    return p->nform_fields ? p->form_fields[i].key : "noi_dung";
}

const char *dossier_view_field_label(const struct procedure *p, size_t i)
{
    return p->nform_fields ? p->form_fields[i].label : "Nội dung yêu cầu";
}

bool dossier_view_field_required(const struct procedure *p, size_t i)
{
    return p->nform_fields ? p->form_fields[i].required : true;
}

const char *dossier_view_doc_name(struct http_request *req, const struct procedure *p,
                                  size_t i)
{
    const char *name = i < p->ndocuments && p->documents[i].name ? p->documents[i].name
                                                                 : "Tài liệu kèm theo";
    size_t n = strlen(name);
    if (n <= DOSSIER_DOC_NAME_MAX)   /* shown whole: the catalogue's longest is 9 KB */
        return name;
    n = DOSSIER_DOC_NAME_MAX - 3;
    while (n > 0 && ((unsigned char)name[n] & 0xC0) == 0x80)
        n--;
    return arena_printf(req->arena, "%.*s…", (int)n, name);
}
