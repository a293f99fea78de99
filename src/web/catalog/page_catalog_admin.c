/*
 * page_catalog_admin.c - editing a procedure and its publication data:
 * GET/POST /quan-tri/thu-tuc/{code}/sua.  The province admin's save writes
 * a new version at once; an agency admin whose agency implements the
 * procedure sends a draft for the province admin's review
 * (domain/catalog/drafts.h).  Dossiers lodged earlier keep the version
 * they were lodged under.
 */
#include <math.h>
#include <stdlib.h>
#include "web/app.h"
#include "web/catalog/catalog_web.h"
#include "web/catalog/catalog_view.h"
#include "web/reply.h"
#include "core/mem.h"
#include "core/text.h"
#include "domain/calendar/date.h"
#include "domain/catalog/drafts.h"
#include "domain/catalog/forms.h"
#include "web/dossier/dossier_view.h"
#include "web/dossier/eform_view.h"
#include "domain/eform/eform.h"

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
    return web_json_string_buf(&b);
}

static const struct proc_channel *find_channel(const struct procedure *p,
                                               enum proc_channel_kind kind)
{
    for (size_t i = 0; i < p->nchannels; i++)
        if (p->channels[i].kind == kind)
            return &p->channels[i];
    return NULL;
}

/* prefix + key in a per-thread buffer, used at once by the caller. */
static const char *prefixed_key(const char *prefix, const char *key)
{
    static _Thread_local char buf[64];
    snprintf(buf, sizeof(buf), "%s%s", prefix, key);
    return buf;
}

static json_t *day_value(int64_t t)
{
    char s[CALENDAR_DATE_SIZE] = "";
    if (t)
        calendar_date_format(calendar_date_of(t), s, sizeof(s));
    return json_string(s);
}

/* The publication fields of the form from stored data. */
static void form_publication(json_t *f, const struct catalog_publication *pub)
{
    json_object_set_new(f, "pub_decision", day_value(pub->decision_date));
    json_object_set_new(f, "pub_effective", day_value(pub->effective_date));
    json_object_set_new(f, "pub_public", day_value(pub->public_date));
    for (int i = 0; i < CATALOG_PART_COUNT; i++)
        json_object_set_new(f, prefixed_key("part_", catalog_part_key(i)),
                            json_string(pub->parts & (1u << i) ? "1" : ""));
    json_object_set_new(f, "flag_eligible", json_string(pub->eligible_full ? "1" : ""));
    json_object_set_new(f, "flag_fee", json_string(pub->fee_bearing ? "1" : ""));
    json_object_set_new(f, "flag_payment", json_string(pub->payment_online ? "1" : ""));
    json_object_set_new(f, "flag_integrated", json_string(pub->payment_integrated ? "1" : ""));
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
    {   /* the e-form as its spec, edited as text with a preview */
        json_t *spec = eform_spec_json(p);
        char *text = p->nform_fields ? json_dumps(spec, JSON_INDENT(1) | JSON_PRESERVE_ORDER)
                                     : NULL;
        json_object_set_new(f, "eform", json_string(text ? text : ""));
        free(text);
        json_decref(spec);
    }
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

/* One date field: "" = unknown, else YYYY-MM-DD from 2000 to 2100. */
static void read_day(struct http_request *req, const char *key, int64_t *out,
                     struct form_errors *errs)
{
    const char *v = arg(req, key);
    int32_t d = 0;
    int y, m, dd;
    *out = 0;
    if (!*v)
        return;
    if (calendar_date_parse(v, &d) != MC_OK) {
        form_errors_add(errs, key, "ngày phải có dạng NNNN-TT-NN, ví dụ 2026-03-15");
        return;
    }
    calendar_date_to_ymd(d, &y, &m, &dd);
    if (y < 2000 || y > 2100)
        form_errors_add(errs, key, "năm phải từ 2000 đến 2100");
    else
        *out = calendar_time_at(d, 0);
}

static void read_publication(struct http_request *req, struct catalog_publication *pub,
                             struct form_errors *errs)
{
    memset(pub, 0, sizeof(*pub));
    read_day(req, "pub_decision", &pub->decision_date, errs);
    read_day(req, "pub_effective", &pub->effective_date, errs);
    read_day(req, "pub_public", &pub->public_date, errs);
    for (int i = 0; i < CATALOG_PART_COUNT; i++)
        if (*arg(req, arena_printf(req->arena, "part_%s", catalog_part_key(i))))
            pub->parts |= 1u << i;
    pub->eligible_full = *arg(req, "flag_eligible") != '\0';
    pub->fee_bearing = *arg(req, "flag_fee") != '\0';
    pub->payment_online = *arg(req, "flag_payment") != '\0';
    pub->payment_integrated = *arg(req, "flag_integrated") != '\0';
    if (pub->public_date && pub->decision_date && pub->public_date < pub->decision_date)
        form_errors_add(errs, "pub_public", "ngày công khai không thể trước ngày ký quyết định");
}

/* The e-form spec typed as JSON; empty keeps the form the procedure has. */
static void read_eform(struct http_request *req, struct procedure *p, struct form_errors *errs)
{
    const char *text = arg(req, "eform");
    json_error_t jerr;
    struct buf why;
    json_t *spec;
    if (!*text)
        return;
    spec = json_loads(text, 0, &jerr);
    buf_init(&why, BUF_MAX_LINE);
    if (!json_is_object(spec))
        form_errors_add(errs, "eform", arena_printf(req->arena, "biểu mẫu điện tử không phải "
                                                    "JSON hợp lệ (dòng %d)", jerr.line));
    else if (eform_spec_apply(spec, p, &why) != MC_OK)
        form_errors_add(errs, "eform", arena_strdup(req->arena, buf_cstr(&why)));
    buf_release(&why);
    json_decref(spec);
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
    read_eform(req, p, errs);
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

static json_t *parts_rows(json_t *form)
{
    json_t *rows = json_array();
    for (int i = 0; i < CATALOG_PART_COUNT; i++) {
        json_t *v = json_object_get(form, prefixed_key("part_", catalog_part_key(i)));
        json_array_append_new(rows, json_pack("{s:s,s:s,s:b}", "key", catalog_part_key(i),
                                              "label", catalog_part_label(i), "checked",
                                              json_is_string(v) && *json_string_value(v)));
    }
    return rows;
}

/* The edit page; preview (may be NULL): the e-form's fields as the citizen sees them. */
static unsigned edit_page(struct http_request *req, unsigned status, const char *code,
                          json_t *form, const struct form_errors *errs, bool direct,
                          const char *decision_number, json_t *preview)
{
    json_t *data = json_pack("{s:s,s:s,s:b,s:s}", "code", code, "action",
                             arena_printf(req->arena, "/quan-tri/thu-tuc/%s/sua", code),
                             "direct", direct, "decision_number",
                             decision_number ? decision_number : "");
    json_object_set_new(data, "parts", parts_rows(form));
    {   /* the heading names the procedure as published, whatever was typed */
        struct procedure now;
        procedure_init(&now);
        if (catalog_get(web_ctx(req)->db, code, &now, NULL) == MC_OK && now.name)
            json_object_set_new(data, "proc_name", json_string(now.name));
        procedure_release(&now);
    }
    json_object_set_new(data, "has_preview", json_boolean(preview != NULL));
    if (preview)
        json_object_set_new(data, "fields", preview);
    {   /* the form files, uploaded and removed at once (forms.h) */
        struct catalog_form *forms = NULL;
        size_t n = 0;
        json_t *a = json_array();
        if (catalog_forms(web_ctx(req)->db, code, &forms, &n) == MC_OK)
            for (size_t i = 0; i < n; i++)
                json_array_append_new(a, json_pack("{s:I,s:s,s:s}", "id", (json_int_t)forms[i].id,
                                                   "title", forms[i].title, "file",
                                                   forms[i].file_name));
        free(forms);
        json_object_set_new(data, "forms", a);
        json_object_set_new(data, "form_title", json_string(""));
        if (http_arg(req, "mau"))
            json_object_set_new(data, "notice", json_string("Đã cập nhật mẫu đơn, tờ khai."));
    }
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

/*
 * Who edits: the province admin directly (*direct), an agency admin whose
 * agency implements the procedure by a draft.  MC_ERR_FORBIDDEN otherwise.
 */
static enum mc_status editor(struct http_request *req, bool *direct)
{
    struct web_ctx *c = web_ctx(req);
    bool may = false;
    enum mc_status st;
    *direct = (c->session.user.roles & ROLE_PROVINCE_ADMIN) != 0;
    if (*direct)
        return MC_OK;
    st = catalog_may_propose(c->db, &c->session.user, req->params[0], &may);
    return st != MC_OK ? st : may ? MC_OK : MC_ERR_FORBIDDEN;
}

static const struct web_says edit_says = {
    .forbidden = "Thủ tục này không do cơ quan của bạn thực hiện; chỉ quản trị cấp tỉnh "
                 "hoặc quản trị của cơ quan thực hiện được sửa",
    .not_found = "Không có thủ tục với mã này",
    .conflict = "Không gửi được bản sửa",
    .failed = "Không đọc được thủ tục, xin thử lại sau",
};

static unsigned page_procedure_edit(struct http_request *req)
{
    struct procedure p;
    struct catalog_publication pub;
    struct form_errors none = {0};
    int64_t version = 0;
    bool direct = false;
    procedure_init(&p);
    enum mc_status st = catalog_get(web_ctx(req)->db, req->params[0], &p, NULL);
    if (st == MC_OK)
        st = editor(req, &direct);
    if (st == MC_OK)
        st = catalog_publication_get(web_ctx(req)->db, req->params[0], &pub);
    if (st == MC_OK)
        st = catalog_current_version(web_ctx(req)->db, req->params[0], &version);
    if (st != MC_OK) {
        procedure_release(&p);
        return web_fail(req, st, &edit_says, NULL);
    }
    json_t *form = form_from_procedure(&p);
    form_publication(form, &pub);
    json_object_set_new(form, "version", json_string(arena_printf(req->arena, "%lld",
                                                                  (long long)version)));
    unsigned r = edit_page(req, 200, req->params[0], form, &none, direct, p.decision_number,
                           NULL);
    procedure_release(&p);
    return r;
}

static unsigned page_procedure_edit_post(struct http_request *req)
{
    struct web_ctx *c = web_ctx(req);
    struct procedure p;
    struct catalog_publication pub;
    struct form_errors errs = {0};
    int64_t id = 0;
    bool direct = false;
    char *decision = NULL;
    procedure_init(&p);
    enum mc_status st = catalog_get(c->db, req->params[0], &p, NULL);
    if (st == MC_OK)
        st = editor(req, &direct);
    if (st == MC_OK) {
        decision = p.decision_number ? arena_strdup(req->arena, p.decision_number) : NULL;
        read_form(req, &p, &errs);
        read_publication(req, &pub, &errs);
        if (catalog_validate(&p, &errs) != MC_OK || errs.count)
            st = MC_ERR_INVALID;
    }
    if (st == MC_OK && *arg(req, "preview")) {   /* show the e-form, save nothing */
        json_t *fields = eform_view_fields(req, &p, NULL, NULL);
        procedure_release(&p);
        return edit_page(req, 200, req->params[0], form_from_request(req), &errs, direct,
                         decision, fields);
    }
    if (st == MC_OK && direct) {
        st = catalog_save(c->db, &c->actor, &p, NULL, NULL);
        if (st == MC_OK)
            st = catalog_publication_save(c->db, &c->actor, req->params[0], &pub);
    } else if (st == MC_OK) {
        st = catalog_draft_submit(c->db, &c->session.user, &c->actor, &p,
                                  strtoll(arg(req, "version"), NULL, 10), &pub, arg(req, "note"),
                                  &errs, &id);
    }
    procedure_release(&p);
    if (st == MC_OK && direct)
        return http_redirect(req, arena_printf(req->arena, "/thu-tuc/%s?da_luu=1",
                                               req->params[0]));
    if (st == MC_OK)
        return http_redirect(req, arena_printf(req->arena,
                                               "/quan-tri/thu-tuc/ban-sua/%lld?da_gui=1",
                                               (long long)id));
    if (st != MC_ERR_INVALID && !(st == MC_ERR_CONFLICT && errs.count))
        return web_fail(req, st, &edit_says, NULL);
    return edit_page(req, st == MC_ERR_CONFLICT ? 409 : 422, req->params[0],
                     form_from_request(req), &errs, direct, decision, NULL);
}

/* ---------------------------------------------------------------- form files */

static unsigned forms_back(struct http_request *req)
{
    return http_redirect(req, arena_printf(req->arena, "/quan-tri/thu-tuc/%s/sua?mau=1#mau",
                                           req->params[0]));
}

static unsigned page_form_upload(struct http_request *req)
{
    struct web_ctx *c = web_ctx(req);
    struct form_errors errs = {0};
    struct filestore_meta meta;
    struct http_upload *up = dossier_view_upload(req, "file");
    const char *bad = up ? dossier_view_upload_check(up) : NULL;
    bool direct = false;
    int64_t id = 0;
    enum mc_status st = editor(req, &direct);
    if (st == MC_OK && bad) {
        form_errors_add(&errs, "file", bad);
        st = MC_ERR_INVALID;
    }
    if (st == MC_OK && !up) {
        form_errors_add(&errs, "file", "vui lòng chọn tệp mẫu (PDF)");
        st = MC_ERR_INVALID;
    }
    if (st == MC_OK)
        st = dossier_view_upload_store(req, up, &meta);
    if (st == MC_OK)
        st = catalog_form_add(c->db, &c->session.user, &c->actor, req->params[0],
                              http_arg(req, "title"), dossier_view_upload_name(req, up, "mau.pdf"),
                              meta.sha256, meta.size, meta.content_type, &errs, &id);
    if (st == MC_OK)
        return forms_back(req);
    if (st == MC_ERR_INVALID)
        return http_error(req, 422, "invalid", form_errors_first(&errs));
    return web_fail(req, st, &edit_says, NULL);
}

static unsigned page_form_remove(struct http_request *req)
{
    struct web_ctx *c = web_ctx(req);
    int64_t id = 0;
    enum mc_status st = text_parse_id(req->params[1], &id)
                            ? catalog_form_remove(c->db, &c->session.user, &c->actor,
                                                  req->params[0], id)
                            : MC_ERR_NOT_FOUND;
    return st == MC_OK ? forms_back(req) : web_fail(req, st, &edit_says, NULL);
}

/* ---------------------------------------------------------------- routes */

#define PROCEDURE_FORM_MAX (256 * 1024)   /* a procedure with its documents and fees */
#define FORM_FILE_MAX (11 * 1024 * 1024)    /* one form file (10 MB) with the request */

static const struct http_route routes[] = {
    {HTTP_GET, "/quan-tri/thu-tuc/{code}/sua", page_procedure_edit, R_STAFF, 0},
    {HTTP_POST, "/quan-tri/thu-tuc/{code}/sua", page_procedure_edit_post, R_STAFF,
     PROCEDURE_FORM_MAX},
    {HTTP_POST, "/quan-tri/thu-tuc/{code}/mau", page_form_upload, R_STAFF, FORM_FILE_MAX},
    {HTTP_POST, "/quan-tri/thu-tuc/{code}/mau/{id}/xoa", page_form_remove, R_STAFF,
     WEB_FORM_MAX},
};

const struct web_routes web_page_catalog_admin_routes = WEB_ROUTES(routes);
