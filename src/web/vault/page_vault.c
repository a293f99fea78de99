/*
 * page_vault.c - the citizen's personal vault (Kho dữ liệu điện tử): the
 * list of their documents and results with validity and reuse counts, the
 * form to add one (an uploaded PDF, JPEG or PNG), and downloads.  Items
 * chosen here are offered on every submission form, so nothing is asked
 * twice.  Every read is the owner's own (vault_get() answers "not found"
 * for someone else's item).
 */
#include <stdio.h>
#include <stdlib.h>
#include "web/dossier/dossier_view.h"
#include "web/reply.h"
#include "web/vault/vault_web.h"
#include "domain/calendar/date.h"
#include "core/vnfmt.h"
#include "core/clock.h"
#include "domain/vault/vault.h"
#include "core/text.h"

static const char *const kinds[] = {"identity", "certificate", "document"};

/* A stored "YYYY-MM-DD" as people read it ("26/11/2026"); "" stays "". */
static json_t *day_json(const char *iso)
{
    char s[VNFMT_SIZE] = "";
    int32_t d = 0;
    if (iso && *iso && calendar_date_parse(iso, &d) == MC_OK) {
        int y, m, day;
        calendar_date_to_ymd(d, &y, &m, &day);
        vnfmt_day(s, sizeof(s), y, m, day);
    }
    return json_string(s);
}

static json_t *items_json(const struct vault_item_list *l)
{
    json_t *a = json_array();
    int32_t today = calendar_date_of(clock_now());
    for (size_t i = 0; i < l->n; i++) {
        const struct vault_item *it = &l->items[i];
        json_array_append_new(a, json_pack(
            "{s:I,s:s,s:s,s:o,s:o,s:b,s:I,s:I,s:o}", "id", (json_int_t)it->id, "title",
            it->title, "kind", vault_kind_name(it->kind), "issued_on", day_json(it->issued_on),
            "valid_until", day_json(it->valid_until), "valid", vault_item_valid_on(it, today),
            "reuse_count", (json_int_t)it->reuse_count, "size_kb",
            (json_int_t)((it->file.size + 1023) / 1024), "created_at",
            dossier_view_time(it->created_at)));
    }
    return a;
}

static unsigned vault_page(struct http_request *req, unsigned status,
                           struct form_errors *errs, const char *why)
{
    struct vault_item_list l;
    const struct user *u = dossier_view_user(req);
    json_t *data = json_object();
    vault_item_list_init(&l);
    enum mc_status st = vault_list(web_ctx(req)->db, u->id, &l);
    if (st != MC_OK) {
        vault_item_list_release(&l);
        json_decref(data);
        return dossier_view_error(req, st, NULL, NULL);
    }
    json_object_set_new(data, "items", items_json(&l));
    vault_item_list_release(&l);
    const char *kind = kv_get(req->form, "kind");
    json_t *opts = json_array();
    for (size_t i = 0; i < MC_ARRAY_LEN(kinds); i++)
        json_array_append_new(opts, json_pack("{s:s,s:s,s:b}", "value", kinds[i], "name",
                                              vault_kind_name(kinds[i]), "selected",
                                              kind && strcmp(kind, kinds[i]) == 0));
    json_object_set_new(data, "kinds", opts);
    static const char *const names[] = {"title", "issued_on", "valid_until", NULL};
    json_object_set_new(data, "form", web_form_echo(req, names));
    json_object_set_new(data, "added", json_boolean(http_arg(req, "da_them") != NULL));
    if (why)
        json_object_set_new(data, "why", json_string(why));
    web_form_errors(data, errs);
    return web_page(req, status, "vault.html", "Kho dữ liệu điện tử của tôi", data);
}

static unsigned page_vault(struct http_request *req)
{
    return vault_page(req, 200, NULL, NULL);
}

static unsigned page_vault_post(struct http_request *req)
{
    struct form_errors errs = {0};
    struct filestore_meta meta;
    const struct user *u = dossier_view_user(req);
    struct vault_new in = {
        .kind = kv_get(req->form, "kind"),
        .title = kv_get(req->form, "title"),
        .issued_on = kv_get(req->form, "issued_on"),
        .valid_until = kv_get(req->form, "valid_until"),
    };
    int32_t from = 0, to = 0;
    if (!in.title || !*in.title)
        form_errors_add(&errs, "title", "nhập tên giấy tờ");
    else if (strlen(in.title) > VAULT_TITLE_MAX)
        form_errors_add(&errs, "title", "tên giấy tờ quá dài");
    if (!in.kind || !vault_kind_valid(in.kind) || strcmp(in.kind, "result") == 0)
        form_errors_add(&errs, "kind", "chọn loại giấy tờ");
    if (in.issued_on && *in.issued_on && calendar_date_parse(in.issued_on, &from) != MC_OK)
        form_errors_add(&errs, "issued_on", "ngày cấp không hợp lệ");
    if (in.valid_until && *in.valid_until) {
        if (calendar_date_parse(in.valid_until, &to) != MC_OK)
            form_errors_add(&errs, "valid_until", "ngày hết hạn không hợp lệ");
        else if (from && to < from)
            form_errors_add(&errs, "valid_until", "ngày hết hạn trước ngày cấp");
    }
    struct http_upload *up = dossier_view_upload(req, "file");
    const char *bad = up ? dossier_view_upload_check(up) : "chọn tệp giấy tờ";
    if (bad)
        form_errors_add(&errs, "file", bad);
    if (errs.count > 0)
        return vault_page(req, 422, &errs, NULL);
    enum mc_status st = dossier_view_upload_store(req, up, &meta);
    int64_t id = 0;
    if (st == MC_OK) {
        in.sha256 = meta.sha256;
        st = vault_add(web_ctx(req)->db, &dossier_view_app(req)->files, &web_ctx(req)->actor,
                       u->id, &in, &id);
    }
    if (st == MC_ERR_INVALID)
        return vault_page(req, 422, NULL, "Thông tin giấy tờ không hợp lệ, xin kiểm tra lại.");
    if (st != MC_OK)
        return dossier_view_error(req, st, NULL, "/kho-du-lieu");
    return http_redirect(req, "/kho-du-lieu?da_them=1");
}

static unsigned page_vault_download(struct http_request *req)
{
    struct vault_item it;
    int64_t id = 0;
    memset(&it, 0, sizeof(it));
    enum mc_status st = text_parse_id(req->params[0], &id)
                            ? vault_get(web_ctx(req)->db, dossier_view_user(req)->id, id, &it)
                            : MC_ERR_NOT_FOUND;
    if (st != MC_OK)
        return web_fail(req, st, &(const struct web_says){
                            .not_found = "Không tìm thấy giấy tờ trong kho của bạn"}, NULL);
    return dossier_view_send_file(req, &it.file, it.title);
}

/* ---------------------------------------------------------------- routes */

static const struct http_route routes[] = {
    {HTTP_GET, "/kho-du-lieu", page_vault, R_SIGNED_IN, 0},
    {HTTP_POST, "/kho-du-lieu", page_vault_post, R_SIGNED_IN, WEB_UPLOAD_MAX},
    {HTTP_GET, "/kho-du-lieu/{id}/tai-ve", page_vault_download, R_SIGNED_IN, 0},
};

const struct web_routes web_page_vault_routes = WEB_ROUTES(routes);
