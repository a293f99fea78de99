/*
 * page_catalog_admin.c - the province admin edits a procedure:
 * GET/POST /quan-tri/thu-tuc/{code}/sua.  Saving writes a new version;
 * dossiers lodged earlier keep the version they were lodged under.
 */
#include <math.h>
#include <stdlib.h>
#include "web/app.h"
#include "web/catalog/catalog_web.h"
#include "web/catalog/catalog_view.h"
#include "web/reply.h"
#include "core/mem.h"
#include "core/text.h"

static const struct { enum proc_channel_kind kind; const char *label; } channel_kinds[] = {
    {PROC_CHANNEL_DIRECT, "Trực tiếp"},
    {PROC_CHANNEL_ONLINE, "Trực tuyến"},
    {PROC_CHANNEL_POSTAL, "Qua bưu chính công ích"},
};

static const struct { enum proc_time_unit unit; const char *key, *label; } units[] = {
    {PROC_UNIT_WORKING_DAY, "ngay_lam_viec", "ngày làm việc"},
    {PROC_UNIT_DAY, "ngay", "ngày"},
    {PROC_UNIT_WORKING_HOUR, "gio_lam_viec", "giờ làm việc"},
    {PROC_UNIT_HOUR, "gio", "giờ"},
    {PROC_UNIT_MONTH, "thang", "tháng"},
};

static const char *const text_fields[] = {"name", "field", "applicants",
                                          "implementing_agency", "competent_agency",
                                          "result", "conditions", "steps", NULL};

/* ---------------------------------------------------------------- procedure -> form */

static const char *unit_key(enum proc_time_unit u)
{
    for (size_t i = 0; i < MC_ARRAY_LEN(units); i++)
        if (units[i].unit == u)
            return units[i].key;
    return "";
}

static json_t *time_value(const struct proc_channel *c)
{
    char s[64] = "";
    if (c->time_state == PROC_TIME_VALUE && c->time_max > c->time_min)
        snprintf(s, sizeof(s), "%g-%g", c->time_min, c->time_max);
    else if (c->time_state == PROC_TIME_VALUE)
        snprintf(s, sizeof(s), "%g", c->time_min);
    return json_string(s);
}

static json_t *fee_value(const struct proc_channel *c)
{
    char s[32] = "";
    if (c->fee_state == PROC_FEE_FREE)
        snprintf(s, sizeof(s), "0");
    else if (c->fee_state == PROC_FEE_AMOUNT)
        snprintf(s, sizeof(s), "%lld", (long long)c->fee_dong);
    return json_string(s);
}

/* "level_bo", "level_tinh", ...: the checkbox names. */
static const char *level_field(unsigned bit)
{
    switch (bit) {
    case PROC_LEVEL_MINISTRY: return "level_bo";
    case PROC_LEVEL_PROVINCE: return "level_tinh";
    case PROC_LEVEL_COMMUNE: return "level_xa";
    default: return "level_khac";
    }
}

static json_t *documents_text(const struct procedure *p)
{
    struct buf b;
    buf_init(&b, BUF_MAX_PAGE);
    for (size_t i = 0; i < p->ndocuments; i++) {
        const struct proc_document *d = &p->documents[i];
        buf_addf(&b, "%s | %u | %u", d->name ? d->name : "", d->originals, d->copies);
        if (d->template_name)
            buf_addf(&b, " | %s", d->template_name);
        buf_addch(&b, '\n');
    }
    json_t *s = json_string(buf_cstr(&b));
    buf_release(&b);
    return s;
}

static const struct proc_channel *find_channel(const struct procedure *p,
                                               enum proc_channel_kind kind)
{
    for (size_t i = 0; i < p->nchannels; i++)
        if (p->channels[i].kind == kind)
            return &p->channels[i];
    return NULL;
}

/* The form's values from a stored procedure. */
static json_t *form_from_procedure(const struct procedure *p)
{
    json_t *f = json_object();
    const char *values[] = {p->name, p->field, p->applicants, p->implementing_agency,
                            p->competent_agency, p->result, p->conditions, p->steps};
    for (size_t i = 0; text_fields[i]; i++)
        json_object_set_new(f, text_fields[i], json_string(values[i] ? values[i] : ""));
    for (unsigned bit = PROC_LEVEL_MINISTRY; bit <= PROC_LEVEL_OTHER; bit <<= 1)
        json_object_set_new(f, level_field(bit), json_string(p->levels & bit ? "1" : ""));
    json_object_set_new(f, "online", json_string(catalog_online_key(p->online_level)));
    json_object_set_new(f, "documents", documents_text(p));
    for (size_t i = 0; i < MC_ARRAY_LEN(channel_kinds); i++) {
        const struct proc_channel *c = find_channel(p, channel_kinds[i].kind);
        const char *k = catalog_channel_key(channel_kinds[i].kind);
        char key[64];
        snprintf(key, sizeof(key), "ch_%s_on", k);
        json_object_set_new(f, key, json_string(c ? "1" : ""));
        snprintf(key, sizeof(key), "ch_%s_time", k);
        json_object_set_new(f, key, c ? time_value(c) : json_string(""));
        snprintf(key, sizeof(key), "ch_%s_unit", k);
        json_object_set_new(f, key, json_string(c ? unit_key(c->time_unit) : ""));
        snprintf(key, sizeof(key), "ch_%s_fee", k);
        json_object_set_new(f, key, c ? fee_value(c) : json_string(""));
        snprintf(key, sizeof(key), "ch_%s_note", k);
        json_object_set_new(f, key, json_string(c && c->description ? c->description : ""));
    }
    return f;
}

/* ---------------------------------------------------------------- form -> procedure */

static void set_text(char **dst, const char *v)
{
    free(*dst);
    *dst = v && *v ? xstrdup(v) : NULL;
}

static const char *arg(struct http_request *req, const char *key)
{
    const char *v = kv_get(req->form, key);
    return v ? v : "";
}

/* "7", "0,5", "1-5", "1–5" -> min and max; false when not a time. */
static bool parse_time(const char *s, double *min, double *max)
{
    char copy[64], *end;
    snprintf(copy, sizeof(copy), "%s", s);
    for (char *p = copy; *p; p++)
        if (*p == ',')
            *p = '.';
    char *dash = strstr(copy, "\xe2\x80\x93");   /* en dash */
    if (dash) {
        dash[0] = '-';
        memmove(dash + 1, dash + 3, strlen(dash + 3) + 1);
    }
    *min = strtod(copy, &end);
    if (end == copy)
        return false;
    while (*end == ' ')
        end++;
    *max = *min;
    if (*end == '-') {
        const char *rest = end + 1;
        *max = strtod(rest, &end);
        if (end == rest)
            return false;
    }
    while (*end == ' ')
        end++;
    return *end == '\0' && isfinite(*min) && isfinite(*max);
}

/* "150.000", "150,000", "150000" -> đồng; false when not a whole amount. */
static bool parse_fee(const char *s, int64_t *out)
{
    int64_t v = 0;
    int digits = 0;
    for (; *s; s++) {
        if (*s == '.' || *s == ',' || *s == ' ')
            continue;
        if (*s < '0' || *s > '9' || ++digits > 12)
            return false;
        v = v * 10 + (*s - '0');
    }
    *out = v;
    return digits > 0;
}

static void read_channel(struct http_request *req, struct procedure *p, size_t i,
                         struct form_errors *errs)
{
    enum proc_channel_kind kind = channel_kinds[i].kind;
    const char *k = catalog_channel_key(kind);
    const char *time = arena_printf(req->arena, "ch_%s_time", k);
    const char *unit = arg(req, arena_printf(req->arena, "ch_%s_unit", k));
    const char *fee = arena_printf(req->arena, "ch_%s_fee", k);
    if (!*arg(req, arena_printf(req->arena, "ch_%s_on", k)))
        return;
    struct proc_channel *c = procedure_add_channel(p, kind);
    set_text(&c->description, arg(req, arena_printf(req->arena, "ch_%s_note", k)));
    if (*arg(req, time)) {
        if (parse_time(arg(req, time), &c->time_min, &c->time_max))
            c->time_state = PROC_TIME_VALUE;
        else
            form_errors_add(errs, time, "thời hạn phải là một số hoặc khoảng, ví dụ 7 hoặc 1-5");
    }
    for (size_t u = 0; u < MC_ARRAY_LEN(units); u++)
        if (strcmp(units[u].key, unit) == 0)
            c->time_unit = units[u].unit;
    if (*arg(req, fee)) {
        if (!parse_fee(arg(req, fee), &c->fee_dong))
            form_errors_add(errs, fee,
                            "lệ phí phải là số tiền bằng đồng, ví dụ 50.000 (0 là miễn phí)");
        else
            c->fee_state = c->fee_dong == 0 ? PROC_FEE_FREE : PROC_FEE_AMOUNT;
    }
}

/* One "Tên | bản chính | bản sao | mẫu" line; false when malformed. */
static bool read_document_line(struct procedure *p, char *line)
{
    char *parts[4] = {line, NULL, NULL, NULL};
    int n = 1;
    for (char *q = line; *q && n < 4; q++)
        if (*q == '|') {
            *q = '\0';
            parts[n++] = q + 1;
        }
    for (int i = 0; i < n; i++) {
        size_t len = strlen(parts[i]);
        const char *s = parts[i];
        text_trim(&s, &len);
        memmove(parts[i], s, len);
        parts[i][len] = '\0';
    }
    if (!*parts[0])
        return true;   /* blank line */
    struct proc_document *d = procedure_add_document(p);
    d->name = xstrdup(parts[0]);
    d->count_known = n >= 3;
    d->originals = n >= 2 ? (unsigned)strtoul(parts[1], NULL, 10) : 0;
    d->copies = n >= 3 ? (unsigned)strtoul(parts[2], NULL, 10) : 0;
    if (n >= 4 && *parts[3])
        d->template_name = xstrdup(parts[3]);
    return n != 2 && (n < 2 || (text_is_digits(parts[1], strlen(parts[1])) &&
                                text_is_digits(parts[2], strlen(parts[2]))));
}

static void read_documents(struct http_request *req, struct procedure *p,
                           struct form_errors *errs)
{
    char *text = arena_strdup(req->arena, arg(req, "documents"));
    bool ok = true;
    procedure_clear_documents(p);
    for (char *line = text; line && *line;) {
        char *nl = strchr(line, '\n');
        if (nl)
            *nl = '\0';
        ok = read_document_line(p, line) && ok;
        line = nl ? nl + 1 : NULL;
    }
    if (!ok)
        form_errors_add(errs, "documents",
                        "mỗi dòng giấy tờ có dạng: Tên | số bản chính | số bản sao | mẫu");
}

static void read_form(struct http_request *req, struct procedure *p, struct form_errors *errs)
{
    char **targets[] = {&p->name, &p->field, &p->applicants, &p->implementing_agency,
                        &p->competent_agency, &p->result, &p->conditions, &p->steps};
    for (size_t i = 0; text_fields[i]; i++)
        set_text(targets[i], arg(req, text_fields[i]));
    p->levels = 0;
    for (unsigned bit = PROC_LEVEL_MINISTRY; bit <= PROC_LEVEL_OTHER; bit <<= 1)
        if (*arg(req, level_field(bit)))
            p->levels |= bit;
    enum proc_online_level online = p->online_level;
    if (catalog_online_parse(arg(req, "online"), &online))
        p->online_level = online;
    procedure_clear_channels(p);
    for (size_t i = 0; i < MC_ARRAY_LEN(channel_kinds); i++)
        read_channel(req, p, i, errs);
    read_documents(req, p, errs);
}

/* The form's values exactly as typed. */
static json_t *form_from_request(struct http_request *req)
{
    json_t *f = json_object();
    for (struct kv *p = req->form; p; p = p->next)
        if (strcmp(p->key, "csrf") != 0)
            json_object_set_new(f, p->key, json_stringn(p->value, p->value_len));
    return f;
}

/* ---------------------------------------------------------------- pages */

static json_t *channels_rows(json_t *form, const struct form_errors *errs)
{
    json_t *rows = json_array();
    for (size_t i = 0; i < MC_ARRAY_LEN(channel_kinds); i++) {
        const char *k = catalog_channel_key(channel_kinds[i].kind);
        char key[64];
        json_t *row = json_pack("{s:s,s:s}", "key", k, "label", channel_kinds[i].label);
        const char *names[] = {"on", "time", "unit", "fee", "note"};
        for (size_t n = 0; n < MC_ARRAY_LEN(names); n++) {
            snprintf(key, sizeof(key), "ch_%s_%s", k, names[n]);
            json_t *v = json_object_get(form, key);
            json_object_set_new(row, names[n], json_string(json_is_string(v)
                                                          ? json_string_value(v) : ""));
        }
        json_t *opts = json_array();
        snprintf(key, sizeof(key), "ch_%s_unit", k);
        const char *sel = json_string_value(json_object_get(form, key));
        for (size_t u = 0; u < MC_ARRAY_LEN(units); u++)
            json_array_append_new(opts, json_pack("{s:s,s:s,s:b}", "key", units[u].key,
                                                  "label", units[u].label, "selected",
                                                  sel && strcmp(sel, units[u].key) == 0));
        json_object_set_new(row, "units", opts);
        for (size_t e = 0; e < errs->count; e++) {
            snprintf(key, sizeof(key), "ch_%s_time", k);
            if (strcmp(errs->items[e].field, key) == 0)
                json_object_set_new(row, "err_time", json_string(errs->items[e].message));
            snprintf(key, sizeof(key), "ch_%s_fee", k);
            if (strcmp(errs->items[e].field, key) == 0)
                json_object_set_new(row, "err_fee", json_string(errs->items[e].message));
        }
        json_array_append_new(rows, row);
    }
    return rows;
}

static unsigned edit_page(struct http_request *req, unsigned status, const char *code,
                          json_t *form, const struct form_errors *errs)
{
    json_t *data = json_pack("{s:s,s:s}", "code", code, "action",
                             arena_printf(req->arena, "/quan-tri/thu-tuc/%s/sua", code));
    json_object_set_new(data, "channels", channels_rows(form, errs));
    json_t *online = json_object_get(form, "online");
    const char *o = json_is_string(online) ? json_string_value(online) : "chua_ro";
    json_object_set_new(data, "online_toan_trinh", json_boolean(strcmp(o, "toan_trinh") == 0));
    json_object_set_new(data, "online_mot_phan", json_boolean(strcmp(o, "mot_phan") == 0));
    json_object_set_new(data, "online_khong", json_boolean(strcmp(o, "khong") == 0));
    json_object_set_new(data, "online_chua_ro", json_boolean(strcmp(o, "chua_ro") == 0));
    json_object_set_new(data, "form", form);
    web_form_errors(data, errs);
    return web_page(req, status, "procedure_edit.html", "Sửa thông tin thủ tục", data);
}

static unsigned page_procedure_edit(struct http_request *req)
{
    struct procedure p;
    struct form_errors none = {0};
    procedure_init(&p);
    enum mc_status st = catalog_get(web_ctx(req)->db, req->params[0], &p, NULL);
    if (st != MC_OK) {
        procedure_release(&p);
        return web_fail(req, st, &(const struct web_says){
                            .not_found = "Không có thủ tục với mã này",
                            .failed = "Không đọc được thủ tục, xin thử lại sau"}, NULL);
    }
    json_t *form = form_from_procedure(&p);
    procedure_release(&p);
    return edit_page(req, 200, req->params[0], form, &none);
}

static unsigned page_procedure_edit_post(struct http_request *req)
{
    struct web_ctx *c = web_ctx(req);
    struct procedure p;
    struct form_errors errs = {0};
    procedure_init(&p);
    enum mc_status st = catalog_get(c->db, req->params[0], &p, NULL);
    if (st == MC_OK) {
        read_form(req, &p, &errs);
        st = catalog_validate(&p, &errs);
        if (errs.count)
            st = MC_ERR_INVALID;
    }
    if (st == MC_OK)
        st = catalog_save(c->db, &c->actor, &p, NULL, NULL);
    procedure_release(&p);
    if (st == MC_OK)
        return http_redirect(req, arena_printf(req->arena, "/thu-tuc/%s?da_luu=1",
                                               req->params[0]));
    if (st != MC_ERR_INVALID)
        return web_fail(req, st, &(const struct web_says){
                            .not_found = "Không có thủ tục với mã này",
                            .failed = "Không lưu được thủ tục, xin thử lại"}, NULL);
    return edit_page(req, 422, req->params[0], form_from_request(req), &errs);
}

/* ---------------------------------------------------------------- routes */

#define PROCEDURE_FORM_MAX (256 * 1024)   /* a procedure with its documents and fees */

static const struct http_route routes[] = {
    {HTTP_GET, "/quan-tri/thu-tuc/{code}/sua", page_procedure_edit, R_STAFF | R_PROVINCE, 0},
    {HTTP_POST, "/quan-tri/thu-tuc/{code}/sua", page_procedure_edit_post, R_STAFF | R_PROVINCE,
     PROCEDURE_FORM_MAX},
};

const struct web_routes web_page_catalog_admin_routes = WEB_ROUTES(routes);
