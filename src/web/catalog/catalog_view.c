/* catalog_view.c - catalogue wording and view models (see catalog_view.h). */
#include <math.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include "web/catalog/catalog_view.h"
#include "core/buf.h"
#include "core/vnfmt.h"
#include "web/app.h"
#include "web/reply.h"
#include "web/page_cache.h"

static const struct { enum proc_level level; const char *key, *name; } levels[] = {
    {PROC_LEVEL_MINISTRY, "bo", "Cấp bộ"},
    {PROC_LEVEL_PROVINCE, "tinh", "Cấp tỉnh"},
    {PROC_LEVEL_COMMUNE, "xa", "Cấp xã"},
    {PROC_LEVEL_OTHER, "khac", "Cơ quan khác"},
};

static const struct { enum proc_online_level level; const char *key; } onlines[] = {
    {PROC_ONLINE_FULL, "toan_trinh"},
    {PROC_ONLINE_PARTIAL, "mot_phan"},
    {PROC_ONLINE_NONE, "khong"},
    {PROC_ONLINE_UNKNOWN, "chua_ro"},
};

const char *catalog_level_key(enum proc_level level)
{
    for (size_t i = 0; i < MC_ARRAY_LEN(levels); i++)
        if (levels[i].level == level)
            return levels[i].key;
    return "khac";
}

unsigned catalog_level_parse(const char *key)
{
    for (size_t i = 0; key && i < MC_ARRAY_LEN(levels); i++)
        if (strcmp(levels[i].key, key) == 0)
            return levels[i].level;
    return 0;
}

const char *catalog_online_key(enum proc_online_level level)
{
    for (size_t i = 0; i < MC_ARRAY_LEN(onlines); i++)
        if (onlines[i].level == level)
            return onlines[i].key;
    return "chua_ro";
}

bool catalog_online_parse(const char *key, enum proc_online_level *out)
{
    for (size_t i = 0; key && i < MC_ARRAY_LEN(onlines); i++) {
        if (strcmp(onlines[i].key, key) == 0) {
            *out = onlines[i].level;
            return true;
        }
    }
    return false;
}

json_t *catalog_levels_json(unsigned bits)
{
    json_t *a = json_array();
    for (size_t i = 0; i < MC_ARRAY_LEN(levels); i++)
        if (bits & levels[i].level)
            json_array_append_new(a, json_string(levels[i].key));
    return a;
}

json_t *catalog_levels_text(unsigned bits)
{
    struct buf b;
    buf_init(&b, BUF_MAX_LINE);
    for (size_t i = 0; i < MC_ARRAY_LEN(levels); i++) {
        if (!(bits & levels[i].level))
            continue;
        if (b.len)
            buf_adds(&b, ", ");
        buf_adds(&b, levels[i].name);
    }
    return web_json_string_buf(&b);
}

json_t *catalog_fee_text(const struct proc_channel *c)
{
    char n[VNFMT_SIZE];
    struct buf b;
    buf_init(&b, BUF_MAX_SMALL);
    switch (c->fee_state) {
    case PROC_FEE_FREE: buf_adds(&b, "Miễn phí"); break;
    case PROC_FEE_AMOUNT: buf_adds(&b, vnfmt_money(n, sizeof(n), c->fee_dong)); break;
    case PROC_FEE_NO_INFO: buf_adds(&b, "Chưa có thông tin"); break;
    case PROC_FEE_FOREIGN:
    case PROC_FEE_UNPARSED: buf_adds(&b, c->fee_raw ? c->fee_raw : "Xem quy định"); break;
    }
    return web_json_string_buf(&b);
}

/* A day count without a useless ",0": 7 -> "7", 0.5 -> "0,5". */
static void number(struct buf *b, double v)
{
    if (fabs(v - round(v)) < 1e-9) {
        buf_addf(b, "%.0f", v);
        return;
    }
    char s[32];
    snprintf(s, sizeof(s), "%.1f", v);
    char *dot = strchr(s, '.');
    if (dot)
        *dot = ',';
    buf_adds(b, s);
}

json_t *catalog_time_text(const struct proc_channel *c)
{
    struct buf b;
    buf_init(&b, BUF_MAX_SMALL);
    if (c->time_state == PROC_TIME_VALUE) {
        number(&b, c->time_min);
        if (c->time_max > c->time_min) {
            buf_adds(&b, "–");
            number(&b, c->time_max);
        }
        if (c->time_unit != PROC_UNIT_UNKNOWN) {
            buf_addch(&b, ' ');
            buf_adds(&b, proc_time_unit_name(c->time_unit));
        }
    } else if (c->time_state == PROC_TIME_UNPARSED && c->time_raw) {
        buf_adds(&b, c->time_raw);
    } else {
        buf_adds(&b, "Chưa có thông tin");
    }
    return web_json_string_buf(&b);
}

bool catalog_is_online(const struct procedure *p)
{
    return p->online_level == PROC_ONLINE_FULL || p->online_level == PROC_ONLINE_PARTIAL;
}

/* Non-empty lines of text as a JSON array of strings. */
static json_t *lines(const char *text)
{
    json_t *a = json_array();
    while (text && *text) {
        size_t n = strcspn(text, "\n");
        size_t start = 0;
        while (start < n && (text[start] == ' ' || text[start] == '\r' || text[start] == '\t'))
            start++;
        size_t end = n;
        while (end > start && (text[end - 1] == ' ' || text[end - 1] == '\r'))
            end--;
        if (end > start)
            json_array_append_new(a, json_stringn(text + start, end - start));
        text += n;
        if (*text)
            text++;
    }
    return a;
}

static json_t *str_or_empty(const char *s)
{
    return json_string(s ? s : "");
}

static json_t *channels_view(const struct procedure *p)
{
    json_t *a = json_array();
    for (size_t i = 0; i < p->nchannels; i++) {
        const struct proc_channel *c = &p->channels[i];
        json_array_append_new(a, json_pack("{s:s,s:o,s:o,s:o}", "kind",
                                           proc_channel_kind_name(c->kind), "time",
                                           catalog_time_text(c), "fee", catalog_fee_text(c),
                                           "note", str_or_empty(c->description)));
    }
    return a;
}

static json_t *documents_view(const struct procedure *p)
{
    json_t *a = json_array();
    for (size_t i = 0; i < p->ndocuments; i++) {
        const struct proc_document *d = &p->documents[i];
        json_t *o = json_pack("{s:s,s:o,s:o,s:b}", "name", d->name ? d->name : "",
                              "template", str_or_empty(d->template_name), "group",
                              str_or_empty(d->group), "count_known", d->count_known);
        json_object_set_new(o, "originals", json_integer(d->originals));
        json_object_set_new(o, "copies", json_integer(d->copies));
        json_array_append_new(a, o);
    }
    return a;
}

static json_t *legal_view(const struct procedure *p)
{
    json_t *a = json_array();
    for (size_t i = 0; i < p->nlegal; i++)
        json_array_append_new(a, json_pack("{s:o,s:o}", "number",
                                           str_or_empty(p->legal[i].number), "title",
                                           str_or_empty(p->legal[i].title)));
    return a;
}

json_t *catalog_procedure_view(const struct procedure *p, int64_t version)
{
    json_t *v = json_pack("{s:s,s:s,s:o,s:o,s:o,s:o,s:o,s:o,s:I}", "code", p->code, "name",
                          p->name, "field", str_or_empty(p->field), "levels",
                          catalog_levels_text(p->levels), "applicants",
                          str_or_empty(p->applicants), "competent_agency",
                          str_or_empty(p->competent_agency), "implementing_agency",
                          str_or_empty(p->implementing_agency), "result",
                          str_or_empty(p->result), "version", (json_int_t)version);
    json_object_set_new(v, "channels", channels_view(p));
    json_object_set_new(v, "documents", documents_view(p));
    json_object_set_new(v, "legal", legal_view(p));
    json_object_set_new(v, "steps", lines(p->steps));
    json_object_set_new(v, "conditions", lines(p->conditions));
    json_object_set_new(v, "online", json_boolean(catalog_is_online(p)));
    json_object_set_new(v, "online_full", json_boolean(p->online_level == PROC_ONLINE_FULL));
    json_object_set_new(v, "online_label", json_string(proc_online_level_name(p->online_level)));
    return v;
}

/* ---------------------------------------------------------------- requests */

static const char *nonempty(const char *s)
{
    return s && *s ? s : NULL;
}

enum mc_status catalog_query_from_request(struct http_request *req, struct catalog_query *q,
                                          long *page, const char **msg)
{
    const char *level = nonempty(kv_get(req->query, "level"));
    const char *online = nonempty(kv_get(req->query, "online"));
    const char *page_s = nonempty(kv_get(req->query, "page"));
    memset(q, 0, sizeof(*q));
    q->q = nonempty(kv_get(req->query, "q"));
    q->field = nonempty(kv_get(req->query, "field"));
    q->agency = nonempty(kv_get(req->query, "agency"));
    q->online = PROC_ONLINE_UNKNOWN;
    q->limit = CATALOG_WEB_PAGE_SIZE;
    *page = 1;
    if (level && !(q->level = catalog_level_parse(level))) {
        *msg = "cấp thực hiện không hợp lệ (dùng bo, tinh, xa hoặc khac)";
        return MC_ERR_INVALID;
    }
    if (online && !catalog_online_parse(online, &q->online)) {
        *msg = "mức độ trực tuyến không hợp lệ (dùng toan_trinh, mot_phan hoặc khong)";
        return MC_ERR_INVALID;
    }
    if (page_s) {
        char *end;
        *page = strtol(page_s, &end, 10);
        if (*end || *page < 1 || *page > CATALOG_WEB_MAX_PAGE) {
            *msg = "số trang không hợp lệ";
            return MC_ERR_INVALID;
        }
    }
    q->offset = (size_t)(*page - 1) * CATALOG_WEB_PAGE_SIZE;
    return MC_OK;
}

bool catalog_view_load(struct http_request *req, struct procedure *p, int64_t *version,
                       unsigned *status)
{
    procedure_init(p);
    enum mc_status st = catalog_get(web_ctx(req)->db, req->params[0], p, version);
    if (st == MC_OK)
        return true;
    procedure_release(p);
    *status = web_fail(req, st, &(const struct web_says){
                           .not_found = "Không có thủ tục với mã này",
                           .failed = "Không đọc được thủ tục, xin thử lại sau"}, NULL);
    return false;
}

bool catalog_view_search_begin(struct http_request *req, const char *prefix,
                               struct catalog_search_req *out)
{
    memset(out, 0, sizeof(*out));
    out->version = -1;
    out->key = page_cache_query_key(req, prefix);
    if (out->key && catalog_data_version_recent(web_ctx(req)->db, &out->version) != MC_OK)
        out->key = NULL;
    if (out->key && page_cache_serve(req, out->key, out->version))
        return true;
    if (catalog_query_from_request(req, &out->q, &out->page, &out->msg) != MC_OK) {
        memset(&out->q, 0, sizeof(out->q));
        out->q.online = PROC_ONLINE_UNKNOWN;
        out->q.limit = CATALOG_WEB_PAGE_SIZE;
        out->page = 1;
    }
    return false;
}
