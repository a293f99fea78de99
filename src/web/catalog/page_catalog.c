/*
 * page_catalog.c - the procedure directory (browse by field and level,
 * search with suggestions) and the procedure page a grandmother can
 * follow: what it is for, who may apply, the documents to bring, time and
 * fee per channel, where to go, the steps and the legal basis.
 */
#include "web/app.h"
#include "web/catalog/catalog_web.h"
#include "web/paging.h"
#include "web/catalog/catalog_view.h"
#include "web/page_cache.h"
#include "web/reply.h"
#include "domain/catalog/drafts.h"
#include "domain/catalog/forms.h"
#include "web/dossier/dossier_view.h"
#include "core/filestore.h"
#include "core/text.h"

static json_t *fields_json(struct db *db, const char *selected)
{
    struct catalog_field_list fields;
    json_t *a = json_array();
    catalog_field_list_init(&fields);
    if (catalog_fields(db, &fields) == MC_OK)
        for (size_t i = 0; i < fields.n; i++)
            json_array_append_new(a, json_pack("{s:s,s:I,s:b}", "name", fields.items[i].name,
                                               "count", (json_int_t)fields.items[i].count,
                                               "selected", selected &&
                                               strcmp(selected, fields.items[i].name) == 0));
    catalog_field_list_release(&fields);
    return a;
}

static json_t *results_json(const struct catalog_result *res)
{
    json_t *a = json_array();
    for (size_t i = 0; i < res->n; i++) {
        const struct catalog_item *it = &res->items[i];
        json_array_append_new(a, json_pack(
            "{s:s,s:s,s:s,s:o,s:b,s:s}", "code", it->code, "name", it->name, "field",
            it->field ? it->field : "", "levels", catalog_levels_text(it->levels), "online",
            it->online_level == PROC_ONLINE_FULL || it->online_level == PROC_ONLINE_PARTIAL,
            "online_label", proc_online_level_name(it->online_level)));
    }
    return a;
}

static json_t *filters_json(const struct catalog_query *q)
{
    return json_pack("{s:s,s:b,s:b,s:b,s:b,s:b}", "q", q->q ? q->q : "", "level_tinh",
                     q->level == PROC_LEVEL_PROVINCE, "level_xa", q->level == PROC_LEVEL_COMMUNE,
                     "level_bo", q->level == PROC_LEVEL_MINISTRY, "online_full",
                     q->online == PROC_ONLINE_FULL, "online_partial",
                     q->online == PROC_ONLINE_PARTIAL);
}

static unsigned page_procedures(struct http_request *req)
{
    struct db *db = web_ctx(req)->db;
    struct catalog_search_req s;
    struct catalog_result res;
    if (catalog_view_search_begin(req, "procedures", &s))
        return 200;
    json_t *data = json_object();
    if (s.msg)
        json_object_set_new(data, "error", json_string(s.msg));
    catalog_result_init(&res);
    if (catalog_search(db, &s.q, &res) != MC_OK) {
        json_decref(data);
        catalog_result_release(&res);
        return http_error(req, 500, "internal", "Không tìm kiếm được, xin thử lại sau");
    }
    long last = (long)((res.total + CATALOG_WEB_PAGE_SIZE - 1) / CATALOG_WEB_PAGE_SIZE);
    json_object_set_new(data, "filters", filters_json(&s.q));
    json_object_set_new(data, "fields", fields_json(db, s.q.field));
    json_object_set_new(data, "items", results_json(&res));
    json_object_set_new(data, "total", json_integer(res.total));
    json_object_set_new(data, "searching", json_boolean(s.q.q || s.q.field || s.q.level ||
                                                        s.q.online != PROC_ONLINE_UNKNOWN));
    json_object_set_new(data, "page", json_integer(s.page));
    json_object_set_new(data, "pages", json_integer(last));
    web_page_links(data, req, "/thu-tuc", "page", s.page, last);
    if (res.corrected)
        json_object_set_new(data, "corrected", json_string(res.corrected));
    catalog_result_release(&res);
    if (!s.key)
        return web_page(req, 200, "procedures.html", "Tra cứu thủ tục hành chính", data);
    struct buf out;
    buf_init(&out, BUF_MAX_PAGE);
    if (web_render(req, "procedures.html", "Tra cứu thủ tục hành chính", data, &out) != MC_OK) {
        buf_release(&out);
        return http_error(req, 500, "internal", "Không hiển thị được danh sách thủ tục");
    }
    return page_cache_reply(req, s.key, s.version, &out);
}

/* The form files for the page (forms.h). */
static json_t *forms_json(struct db *db, const char *code)
{
    struct catalog_form *forms = NULL;
    size_t n = 0;
    json_t *a = json_array();
    if (catalog_forms(db, code, &forms, &n) == MC_OK)
        for (size_t i = 0; i < n; i++)
            json_array_append_new(a, json_pack("{s:I,s:s,s:I}", "id", (json_int_t)forms[i].id,
                                               "title", forms[i].title, "kb",
                                               (json_int_t)((forms[i].size + 1023) / 1024)));
    free(forms);
    return a;
}

static unsigned page_procedure(struct http_request *req)
{
    struct procedure p;
    int64_t version = 0, data_version = -1;
    /* Anonymous visitors get the page from memory while the catalogue's
     * data version holds: it moves with every change of a procedure or of
     * its form files, and reading it is one lookup at most every quarter
     * second (catalog_data_version_recent()). */
    char *key = arena_printf(req->arena, "procedure:%s", req->params[0]);
    if (catalog_data_version_recent(web_ctx(req)->db, &data_version) != MC_OK)
        data_version = -1;
    if (!web_ctx(req)->has_session && data_version >= 0 &&
        page_cache_serve(req, key, data_version))
        return 200;
    unsigned status = 0;
    if (!catalog_view_load(req, &p, &version, &status))
        return status;
    json_t *data = catalog_procedure_view(&p, version);
    const struct web_ctx *c = web_ctx(req);
    json_t *forms = forms_json(c->db, p.code);
    json_object_set_new(data, "has_forms", json_boolean(json_array_size(forms) > 0));
    json_object_set_new(data, "forms", forms);
    json_object_set_new(data, "saved", json_boolean(http_arg(req, "da_luu") != NULL));
    json_object_set_new(data, "can_edit", json_boolean(
        web_signed_in(req) && (c->session.user.roles & ROLE_PROVINCE_ADMIN)));
    {   /* an agency admin whose agency implements it proposes a new version */
        bool may = false;
        if (web_signed_in(req) && !(c->session.user.roles & ROLE_PROVINCE_ADMIN) &&
            catalog_may_propose(c->db, &c->session.user, p.code, &may) != MC_OK)
            may = false;
        json_object_set_new(data, "can_propose", json_boolean(may));
    }
    /* Only citizens and businesses lodge online; staff (and collaborators,
     * who are staff accounts) would get 403, so they get no button. */
    bool staff = web_signed_in(req) && c->session.user.kind == USER_STAFF;
    json_object_set_new(data, "can_submit", json_boolean(catalog_is_online(&p) && !staff));
    json_object_set_new(data, "staff_view", json_boolean(staff));
    char *title = arena_strdup(req->arena, p.name);
    procedure_release(&p);
    struct buf page;
    buf_init(&page, BUF_MAX_PAGE);
    if (web_render(req, "procedure.html", title, data, &page) != MC_OK) {
        buf_release(&page);
        return http_error(req, 500, "internal", "Không hiển thị được thủ tục");
    }
    if (data_version < 0)
        return web_reply_page(req, 200, &page);
    return page_cache_reply(req, key, data_version, &page);
}

/* A form file of the procedure, for anyone. */
static unsigned page_form_file(struct http_request *req)
{
    struct web_ctx *c = web_ctx(req);
    struct catalog_form f;
    struct filestore_meta meta;
    int64_t id = 0;
    enum mc_status st = text_parse_id(req->params[1], &id)
                            ? catalog_form_get(c->db, req->params[0], id, &f)
                            : MC_ERR_NOT_FOUND;
    if (st == MC_OK)
        st = filestore_stat(&((struct app *)req->app)->files, c->db, f.sha256, &meta);
    if (st != MC_OK)
        return web_fail(req, st, &(const struct web_says){
                            .not_found = "Không có mẫu đơn, tờ khai này",
                            .failed = "Không đọc được tệp, xin thử lại sau"}, NULL);
    return dossier_view_send_file(req, &meta, f.file_name[0] ? f.file_name : f.title);
}

/* ---------------------------------------------------------------- routes */

static const struct http_route routes[] = {
    {HTTP_GET, "/thu-tuc", page_procedures, R_REPLICA, 0},
    {HTTP_GET, "/thu-tuc/{code}", page_procedure, R_REPLICA, 0},
    {HTTP_GET, "/thu-tuc/{code}/mau/{id}", page_form_file, 0, 0},
};

const struct web_routes web_page_catalog_routes = WEB_ROUTES(routes);
