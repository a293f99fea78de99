/*
 * page_dossier.c - the citizen's side of dossiers: the submission form
 * generated from the procedure (e-form fields, one file or vault item per
 * required document, result delivery), drafts and the review before
 * submitting, "Hồ sơ của tôi" and the drafts list.
 *
 * The form carries a one-time token generated when it is rendered; the
 * domain makes a second submission with the same token return the first
 * dossier (dossier_submit()), so a double click never makes two.  Review
 * and "save" go through a draft (dossier_draft_save()), which also keeps
 * uploaded files when a form comes back with errors.
 */
#include <stdio.h>
#include <stdlib.h>
#include "web/dossier/dossier_view.h"
#include "web/dossier/eform_view.h"
#include "web/reply.h"
#include "web/dossier/dossier_web.h"
#include "web/accounts/accounts_web.h"
#include "domain/calendar/date.h"
#include "domain/catalog/catalog.h"
#include "core/clock.h"
#include "core/log.h"
#include "core/text.h"
#include "domain/routing/routing.h"
#include "domain/units/unit.h"
#include "domain/vault/vault.h"

#define SUBMIT_DOCS_MAX 40         /* document slots shown on one form */

/* One document slot of the form: a new upload, a vault item or a kept file. */
struct sub_doc {
    const char *name;             /* the document (thành phần hồ sơ) */
    const char *sha256;           /* a stored file (new upload or kept from a draft) */
    const char *file_name;        /* its name as uploaded, for display */
    int64_t vault_id;             /* or a vault item */
    const struct http_upload *up; /* a new upload, not yet stored */
    const void *bytes;            /* described but not staged yet (sha256 set): staged
                                     with the dossier, or before a draft is saved */
    size_t len;
};

/* Everything one submission form holds. */
struct sub_state {
    struct procedure p;
    int64_t version;              /* of p */
    const char *code;
    const char *agency;
    json_t *values;               /* e-form key -> typed text */
    int delivery;                 /* DOSSIER_DELIVERY_ONLINE or _POST */
    const char *address;
    struct sub_doc docs[SUBMIT_DOCS_MAX];
    size_t ndocs;
    int64_t draft_id;
    const char *token;
    struct form_errors errs;
    const char *why;              /* a message for the whole form */
    bool kept_files;              /* files of a failed submit were kept in a draft */
};

static void sub_init(struct sub_state *s)
{
    memset(s, 0, sizeof(*s));
    procedure_init(&s->p);
    s->values = json_object();
}

static void sub_release(struct sub_state *s)
{
    procedure_release(&s->p);
    json_decref(s->values);
}

static bool applicant_ok(const struct user *u)
{
    return u && (u->kind == USER_CITIZEN || u->kind == USER_BUSINESS);
}

/* The id in s: 0 when s is absent or empty, -1 when it is not an id. */
static int64_t parse_id(const char *s)
{
    int64_t v = 0;
    if (!s || !*s)
        return 0;
    return text_parse_id(s, &v) ? v : -1;
}

/* Load the procedure of the path into s: 0, or the reply when it is unknown or unreadable. */
static unsigned load_procedure(struct http_request *req, struct sub_state *s)
{
    s->code = req->params[0];
    enum mc_status st = catalog_get(web_ctx(req)->db, s->code, &s->p, &s->version);
    if (st != MC_OK)
        return web_fail(req, st, &(const struct web_says){
                            .not_found = "Không có thủ tục với mã này",
                            .failed = "Không đọc được thủ tục, xin thử lại sau"}, NULL);
    s->ndocs = s->p.ndocuments ? s->p.ndocuments : 1;
    if (s->ndocs > SUBMIT_DOCS_MAX)
        s->ndocs = SUBMIT_DOCS_MAX;
    for (size_t i = 0; i < s->ndocs; i++)
        s->docs[i].name = dossier_view_doc_name(req, &s->p, i);
    return 0;
}

/* ---------------------------------------------------------------- drafts */

/* Take values, delivery and files from a stored draft. */
static void apply_draft(struct http_request *req, struct sub_state *s,
                        const struct dossier_draft *d)
{
    json_t *form = json_loads(d->form_json ? d->form_json : "{}", 0, NULL);
    json_t *files = json_loads(d->files_json ? d->files_json : "[]", 0, NULL);
    const char *k;
    json_t *v;
    s->draft_id = d->id;
    s->agency = d->agency_code[0] ? arena_strdup(req->arena, d->agency_code) : NULL;
    json_object_foreach(form, k, v) {
        if (strcmp(k, "_delivery") == 0)
            s->delivery = strcmp(json_string_value(v) ? json_string_value(v) : "", "post") == 0
                              ? DOSSIER_DELIVERY_POST : DOSSIER_DELIVERY_ONLINE;
        else if (strcmp(k, "_delivery_address") == 0 && json_is_string(v))
            s->address = arena_strdup(req->arena, json_string_value(v));
        else if (json_is_string(v))
            json_object_set(s->values, k, v);
    }
    size_t i;
    json_array_foreach(files, i, v) {
        json_int_t doc = json_integer_value(json_object_get(v, "doc"));
        const char *sha = json_string_value(json_object_get(v, "sha256"));
        const char *fname = json_string_value(json_object_get(v, "file_name"));
        json_int_t vid = json_integer_value(json_object_get(v, "vault_item_id"));
        if (doc < 0 || (size_t)doc >= s->ndocs)
            continue;
        if (sha) {
            s->docs[doc].sha256 = arena_strdup(req->arena, sha);
            s->docs[doc].file_name = arena_strdup(req->arena, fname ? fname : "tệp đã tải lên");
        } else if (vid > 0) {
            s->docs[doc].vault_id = vid;
        }
    }
    json_decref(form);
    json_decref(files);
}

static char *form_json(const struct sub_state *s, bool with_meta)
{
    json_t *o = json_object();
    const char *key;
    json_t *v;
    json_object_foreach(s->values, key, v) {
        if (json_is_string(v) && json_string_length(v) > 0 && key[0] != '_')
            json_object_set(o, key, v);
    }
    if (with_meta) {
        json_object_set_new(o, "_delivery", json_string(s->delivery == DOSSIER_DELIVERY_POST
                                                            ? "post" : "online"));
        if (s->address && *s->address)
            json_object_set_new(o, "_delivery_address", json_string(s->address));
    }
    char *text = json_dumps(o, JSON_COMPACT);
    json_decref(o);
    return text;
}

static char *files_json(const struct sub_state *s)
{
    json_t *a = json_array();
    for (size_t i = 0; i < s->ndocs; i++) {
        const struct sub_doc *d = &s->docs[i];
        if (d->sha256)
            json_array_append_new(a, json_pack("{s:I,s:s,s:s,s:s}", "doc", (json_int_t)i,
                                               "sha256", d->sha256, "name", d->name,
                                               "file_name", d->file_name ? d->file_name : ""));
        else if (d->vault_id > 0)
            json_array_append_new(a, json_pack("{s:I,s:I,s:s}", "doc", (json_int_t)i,
                                               "vault_item_id", (json_int_t)d->vault_id,
                                               "name", d->name));
    }
    char *text = json_dumps(a, JSON_COMPACT);
    json_decref(a);
    return text;
}

/* Stage the uploads that were only described (a draft names them). */
static enum mc_status stage_pending(struct http_request *req, struct sub_state *s)
{
    for (size_t i = 0; i < s->ndocs; i++) {
        struct sub_doc *d = &s->docs[i];
        struct filestore_meta meta;
        if (!d->bytes)
            continue;
        enum mc_status st = filestore_stage_bytes(&dossier_view_app(req)->files,
                                                  web_ctx(req)->db, d->bytes, d->len, &meta);
        if (st != MC_OK)
            return st;
        d->bytes = NULL;
    }
    return MC_OK;
}

static enum mc_status save_draft(struct http_request *req, struct sub_state *s)
{
    enum mc_status st = stage_pending(req, s);
    if (st != MC_OK)
        return st;
    char *form = form_json(s, true);
    char *files = files_json(s);
    st = dossier_draft_save(web_ctx(req)->db, dossier_view_user(req), &s->draft_id, s->code,
                            s->agency ? s->agency : "", form, files);
    free(form);
    free(files);
    return st;
}

/* ---------------------------------------------------------------- rendering */

/*
 * The places the procedure may be lodged (routing.h), grouped by level,
 * with the draft's or typed choice selected, else the applicant's commune
 * or the procedure's only provincial agency.
 */
static void agencies_json(struct http_request *req, const struct sub_state *s, json_t *data)
{
    struct routing_options o;
    char home[ROUTING_CODE_MAX + 1] = "";
    json_t *province = json_array(), *communes = json_array();
    size_t def = (size_t)-1;
    bool chosen = false;
    routing_options_init(&o);
    if (routing_options(web_ctx(req)->db, s->code, &o) != MC_OK)
        o.n = 0;
    if (routing_home_unit(web_ctx(req)->db, dossier_view_user(req)->id, home) != MC_OK)
        home[0] = '\0';
    if (!s->agency || !routing_option_find(&o, s->agency))
        def = routing_default(&o, home);
    for (size_t i = 0; i < o.n; i++) {
        const struct routing_option *r = &o.items[i];
        bool sel = s->agency ? strcmp(s->agency, r->agency_code) == 0 : i == def;
        const char *label = r->reception_name[0]
                                ? arena_printf(req->arena, "%s – nộp tại %s", r->agency_name,
                                               r->reception_name)
                                : r->agency_name;
        chosen = chosen || sel;
        json_array_append_new(r->level == ROUTING_COMMUNE ? communes : province,
                              json_pack("{s:s,s:s,s:b}", "code", r->agency_code, "name",
                                        label, "selected", sel));
    }
    json_object_set_new(data, "has_province", json_boolean(json_array_size(province) > 0));
    json_object_set_new(data, "has_commune", json_boolean(json_array_size(communes) > 0));
    json_object_set_new(data, "agencies_province", province);
    json_object_set_new(data, "agencies_commune", communes);
    json_object_set_new(data, "agency_choose", json_boolean(!chosen));
    json_object_set_new(data, "no_agency", json_boolean(o.n == 0));
    json_object_set_new(data, "competent_text",
                        json_string(s->p.competent_agency ? s->p.competent_agency : ""));
    routing_options_release(&o);
}

static const char *find_error(const struct form_errors *e, const char *field)
{
    for (size_t i = 0; i < e->count; i++)
        if (strcmp(e->items[i].field, field) == 0)
            return e->items[i].message;
    return NULL;
}

static json_t *docs_json(struct http_request *req, const struct sub_state *s,
                         const struct vault_item_list *vault)
{
    json_t *a = json_array();
    int32_t today = calendar_date_of(clock_now());
    for (size_t i = 0; i < s->ndocs; i++) {
        const struct sub_doc *d = &s->docs[i];
        json_t *opts = json_array();
        const char *vault_title = NULL;
        for (size_t k = 0; vault && k < vault->n; k++) {
            const struct vault_item *it = &vault->items[k];
            if (!vault_item_valid_on(it, today))
                continue;
            if (it->id == d->vault_id)
                vault_title = it->title;
            json_array_append_new(opts, json_pack("{s:I,s:s,s:s,s:b}", "id",
                                                  (json_int_t)it->id, "title", it->title,
                                                  "kind", vault_kind_name(it->kind),
                                                  "selected", it->id == d->vault_id));
        }
        const char *err = find_error(&s->errs, arena_printf(req->arena, "doc_%zu", i));
        char note[600];
        json_t *o = json_pack("{s:I,s:s,s:s,s:s,s:o,s:s,s:b}", "index", (json_int_t)i, "name",
                              d->name, "input", arena_printf(req->arena, "doc_%zu", i),
                              "select", arena_printf(req->arena, "vault_%zu", i), "vault",
                              opts, "note", eform_document_note(&s->p, i, note, sizeof(note)),
                              "required", i < s->p.ndocuments &&
                                              s->p.documents[i].need == PROC_DOC_REQUIRED);
        if (d->sha256)
            json_object_set_new(o, "kept", json_string(d->file_name ? d->file_name : ""));
        if (vault_title)
            json_object_set_new(o, "vault_title", json_string(vault_title));
        if (err)
            json_object_set_new(o, "error", json_string(err));
        json_array_append_new(a, o);
    }
    return a;
}

static unsigned render_form(struct http_request *req, unsigned status, struct sub_state *s)
{
    struct vault_item_list vault;
    const struct user *u = dossier_view_user(req);
    json_t *data = json_object();
    vault_item_list_init(&vault);
    if (vault_list(web_ctx(req)->db, u->id, &vault) != MC_OK)
        vault.n = 0;
    json_object_set_new(data, "code", json_string(s->code));
    json_object_set_new(data, "procedure_name", json_string(s->p.name ? s->p.name : ""));
    json_object_set_new(data, "online_full", json_boolean(s->p.online_level ==
                                                          PROC_ONLINE_FULL));
    agencies_json(req, s, data);
    json_object_set_new(data, "fields", eform_view_fields(req, &s->p, s->values, &s->errs));
    json_object_set_new(data, "docs", docs_json(req, s, &vault));
    json_object_set_new(data, "has_vault", json_boolean(vault.n > 0));
    json_object_set_new(data, "delivery_post", json_boolean(s->delivery ==
                                                            DOSSIER_DELIVERY_POST));
    json_object_set_new(data, "delivery_address", json_string(s->address ? s->address : ""));
    json_object_set_new(data, "token", json_string(s->token ? s->token
                                                            : dossier_view_token(req)));
    if (s->draft_id > 0)
        json_object_set_new(data, "draft_id", json_integer(s->draft_id));
    if (s->why)
        json_object_set_new(data, "why", json_string(s->why));
    json_object_set_new(data, "kept_files", json_boolean(s->kept_files));
    const char *agency_err = find_error(&s->errs, "agency_code");
    if (agency_err)
        json_object_set_new(data, "err_agency_code", json_string(agency_err));
    const char *addr_err = find_error(&s->errs, "delivery_address");
    if (addr_err)
        json_object_set_new(data, "err_delivery_address", json_string(addr_err));
    web_form_errors(data, &s->errs);
    vault_item_list_release(&vault);
    return web_page(req, status, "submit.html", "Nộp hồ sơ trực tuyến", data);
}

static unsigned render_review(struct http_request *req, struct sub_state *s)
{
    struct vault_item_list vault;
    const struct user *u = dossier_view_user(req);
    json_t *data = json_object();
    json_t *fields = json_array(), *docs = json_array();
    vault_item_list_init(&vault);
    if (vault_list(web_ctx(req)->db, u->id, &vault) != MC_OK)
        vault.n = 0;
    char *declared = form_json(s, false);
    json_decref(fields);
    fields = eform_view_declaration(&s->p, declared, EFORM_ALL);
    free(declared);
    for (size_t i = 0; i < s->ndocs; i++) {
        const struct sub_doc *d = &s->docs[i];
        const char *file = d->sha256 ? d->file_name : NULL;
        for (size_t k = 0; !file && d->vault_id > 0 && k < vault.n; k++)
            if (vault.items[k].id == d->vault_id)
                file = arena_printf(req->arena, "%s (từ Kho dữ liệu)", vault.items[k].title);
        json_array_append_new(docs, json_pack("{s:s,s:s}", "name", d->name, "file",
                                              file ? file : ""));
    }
    json_object_set_new(data, "code", json_string(s->code));
    json_object_set_new(data, "procedure_name", json_string(s->p.name ? s->p.name : ""));
    json_object_set_new(data, "agency_name",
                        dossier_view_agency_name(web_ctx(req)->db, s->agency));
    json_object_set_new(data, "fields", fields);
    json_object_set_new(data, "docs", docs);
    json_object_set_new(data, "delivery_name", json_string(dossier_view_delivery_name(
                                                   s->delivery)));
    json_object_set_new(data, "delivery_address", json_string(s->address ? s->address : ""));
    json_object_set_new(data, "token", json_string(s->token ? s->token : ""));
    json_object_set_new(data, "draft_id", json_integer(s->draft_id));
    vault_item_list_release(&vault);
    return web_page(req, 200, "submit_review.html", "Xem lại hồ sơ trước khi nộp", data);
}

/* ---------------------------------------------------------------- GET */

static unsigned not_applicant(struct http_request *req)
{
    return http_error(req, 403, "forbidden",
                      "Chỉ tài khoản công dân hoặc doanh nghiệp mới nộp hồ sơ trực tuyến. "
                      "Cán bộ tiếp nhận hồ sơ tại quầy ở mục Tiếp nhận hồ sơ.");
}

/* The reply refusing a submission by the signed-in person, or 0 when they may submit. */
static unsigned refuse_submitter(struct http_request *req)
{
    if (!applicant_ok(dossier_view_user(req)))
        return not_applicant(req);
    /* Only a proved phone or email submits in the holder's name. */
    if (!dossier_view_user(req)->contact_verified)
        return page_verify_needed(req, req->path);
    return 0;
}

static unsigned page_submit(struct http_request *req)
{
    struct sub_state s;
    struct dossier_draft d;
    enum mc_status st;
    unsigned rc;
    if ((rc = refuse_submitter(req)) != 0)
        return rc;
    sub_init(&s);
    dossier_draft_init(&d);
    if ((rc = load_procedure(req, &s)) != 0)
        goto out;
    if (s.p.online_level == PROC_ONLINE_NONE) {
        rc = http_error(req, 409, "not_online",
                        "Thủ tục này chưa nộp được trực tuyến; xin đến Bộ phận Một cửa.");
        goto out;
    }
    int64_t draft = parse_id(http_arg(req, "nhap"));
    if (draft > 0) {
        st = dossier_draft_load(web_ctx(req)->db, dossier_view_user(req), draft, &d);
        if (st == MC_OK && strcmp(d.procedure_code, s.code) != 0)
            st = MC_ERR_NOT_FOUND;
        if (st != MC_OK) {
            rc = web_fail(req, st, &(const struct web_says){
                              .not_found = "Không tìm thấy bản nháp này.",
                              .failed = "Không tìm thấy bản nháp này."}, NULL);
            goto out;
        }
        apply_draft(req, &s, &d);
    }
    rc = render_form(req, 200, &s);
out:
    dossier_draft_release(&d);
    sub_release(&s);
    return rc;
}

/* ---------------------------------------------------------------- POST */

/* Values, delivery and files from the request, over what a draft held. */
static void read_request(struct http_request *req, struct sub_state *s)
{
    eform_view_read(req, &s->p, s->values);
    const char *agency = kv_get(req->form, "agency_code");
    if (agency)
        s->agency = agency;
    const char *delivery = kv_get(req->form, "delivery");
    if (delivery)
        s->delivery = strcmp(delivery, "post") == 0 ? DOSSIER_DELIVERY_POST
                                                    : DOSSIER_DELIVERY_ONLINE;
    const char *address = kv_get(req->form, "delivery_address");
    if (address)
        s->address = address;
    s->token = kv_get(req->form, "token");
    for (size_t i = 0; i < s->ndocs; i++) {
        struct sub_doc *d = &s->docs[i];
        struct http_upload *up = dossier_view_upload(req, arena_printf(req->arena, "doc_%zu", i));
        int64_t vid = parse_id(kv_get(req->form, arena_printf(req->arena, "vault_%zu", i)));
        if (up) {
            const char *bad = dossier_view_upload_check(up);
            if (bad)
                form_errors_add(&s->errs, arena_printf(req->arena, "doc_%zu", i), bad);
            d->up = up;
            d->sha256 = NULL;
            d->vault_id = 0;
        } else if (vid > 0) {
            d->vault_id = vid;
            d->sha256 = NULL;
        } else if (vid < 0) {
            form_errors_add(&s->errs, arena_printf(req->arena, "vault_%zu", i),
                            "giấy tờ chọn từ kho dữ liệu không hợp lệ");
        }
    }
}

/*
 * Store the new uploads (all were checked first, so nothing is stored for
 * a bad one).  With defer, an upload held in memory is only described: it
 * is staged in the submission's own transaction (or by save_draft).
 */
static enum mc_status store_uploads(struct http_request *req, struct sub_state *s,
                                    bool defer, bool *stored)
{
    for (size_t i = 0; i < s->ndocs; i++) {
        struct sub_doc *d = &s->docs[i];
        struct filestore_meta meta;
        enum mc_status st;
        if (!d->up)
            continue;
        if (defer && d->up->data && d->up->size <= FILESTORE_STAGE_MAX) {
            st = filestore_describe_bytes(&dossier_view_app(req)->files, d->up->data,
                                          d->up->size, &meta);
            d->bytes = d->up->data;
            d->len = d->up->size;
        } else {
            st = dossier_view_upload_store(req, d->up, &meta);
        }
        if (st != MC_OK) {
            form_errors_add(&s->errs, arena_printf(req->arena, "doc_%zu", i),
                            "không lưu được tệp, xin thử lại");
            return st;
        }
        d->sha256 = arena_strdup(req->arena, meta.sha256);
        d->file_name = dossier_view_upload_name(req, d->up, "tệp đã tải lên");
        d->up = NULL;
        *stored = true;
    }
    return MC_OK;
}

/*
 * The checks of the domain (eform.h), field by field, and the documents
 * the form makes required; values are normalised as the dossier will
 * store them.
 */
static void validate(struct http_request *req, struct sub_state *s)
{
    struct form_errors why = {0};
    if (!s->agency || !*s->agency)
        form_errors_add(&s->errs, "agency_code", "Chọn nơi nộp hồ sơ.");
    if (eform_check(web_ctx(req)->db, &s->p, s->values, calendar_date_of(clock_now()), &why) ==
        MC_ERR_DB)
        form_errors_add(&s->errs, "", "Không kiểm tra được tờ khai, xin thử lại.");
    for (size_t i = 0; i < why.count; i++)   /* filed under the inputs' names */
        form_errors_add(&s->errs, arena_printf(req->arena, "f_%s", why.items[i].field),
                        why.items[i].message);
    for (size_t i = 0; i < s->ndocs; i++) {
        const struct sub_doc *d = &s->docs[i];
        if (eform_document_need(&s->p, i, s->values) == EFORM_REQUIRED && !d->sha256 &&
            d->vault_id <= 0 && !d->up)
            form_errors_add(&s->errs, arena_printf(req->arena, "doc_%zu", i),
                            "Cần tải lên giấy tờ này (hoặc chọn từ Kho dữ liệu).");
    }
    if (s->delivery == DOSSIER_DELIVERY_POST && (!s->address || !*s->address))
        form_errors_add(&s->errs, "delivery_address",
                        "Nhập địa chỉ nhận kết quả qua bưu chính.");
}

/*
 * A replay of a submission whose draft is already gone (the first click
 * submitted and deleted it): ask the domain with an agency that cannot
 * exist, so only a replay of this token can succeed and nothing is written
 * otherwise.
 */
static bool replayed_submission(struct http_request *req, struct sub_state *s, int64_t *id)
{
    struct dossier_env env;
    struct dossier_submission sub = {
        .procedure_code = s->code, .agency_code = "_", .delivery = DOSSIER_DELIVERY_ONLINE,
        .idempotency_key = s->token,
    };
    bool replayed = false;
    dossier_view_env(req, &env);
    if (!s->token || !*s->token)
        return false;
    return dossier_submit(&env, dossier_view_user(req), req->client_addr, &sub, id,
                          &replayed, NULL) == MC_OK && replayed;
}

static unsigned redirect_to_dossier(struct http_request *req, int64_t id, const char *known)
{
    char code[DOSSIER_CODE_MAX];
    if (known && *known)
        snprintf(code, sizeof(code), "%s", known);
    else if (dossier_code_of_own(web_ctx(req)->db, dossier_view_user(req), id, code) != MC_OK)
        return http_redirect(req, "/ho-so");
    return http_redirect(req, arena_printf(req->arena, "/ho-so/%s?moi=1", code));
}

static unsigned submit_now(struct http_request *req, struct sub_state *s)
{
    struct dossier_env env;
    struct dossier_file_ref refs[SUBMIT_DOCS_MAX];
    size_t n = 0;
    int64_t id = 0;
    bool replayed = false;
    struct form_errors refused = {0};
    const char *why;
    for (size_t i = 0; i < s->ndocs; i++) {
        if (s->docs[i].sha256 || s->docs[i].vault_id > 0)
            refs[n++] = (struct dossier_file_ref){s->docs[i].sha256, s->docs[i].vault_id,
                                                  s->docs[i].name, s->docs[i].bytes,
                                                  s->docs[i].len};
    }
    char *form = form_json(s, false);
    char code[DOSSIER_CODE_MAX] = "";
    struct dossier_submission sub = {
        .procedure_code = s->code, .agency_code = s->agency, .form_json = form,
        .delivery = s->delivery, .delivery_address = s->address, .files = refs,
        .nfiles = n, .idempotency_key = s->token, .code_out = code,
        .procedure = &s->p, .procedure_version = s->version,
    };
    dossier_view_env(req, &env);
    enum mc_status st = dossier_submit(&env, dossier_view_user(req), req->client_addr, &sub,
                                       &id, &replayed, &refused);
    why = form_errors_first(&refused);
    free(form);
    if (st == MC_OK) {
        if (s->draft_id > 0 &&
            dossier_draft_delete(web_ctx(req)->db, dossier_view_user(req), s->draft_id) !=
                MC_OK)
            log_warn("draft %lld not deleted after submission", (long long)s->draft_id);
        return redirect_to_dossier(req, id, code);
    }
    if (st == MC_ERR_FORBIDDEN)
        return not_applicant(req);
    if (st == MC_ERR_INVALID || st == MC_ERR_NOT_FOUND || st == MC_ERR_TOO_LARGE) {
        s->why = why ? why : "Hồ sơ chưa hợp lệ, xin kiểm tra lại.";
        if (s->draft_id == 0 && save_draft(req, s) == MC_OK)
            s->kept_files = true;
        return render_form(req, 422, s);
    }
    return dossier_view_error(req, st, why, NULL);
}

static unsigned page_submit_post(struct http_request *req)
{
    struct sub_state s;
    struct dossier_draft d;
    enum mc_status st;
    unsigned rc;
    bool stored = false;
    const char *action = kv_get(req->form, "action");
    if (!action || !*action)
        action = "nop";
    if ((rc = refuse_submitter(req)) != 0)
        return rc;
    if (strcmp(action, "nop") != 0 && strcmp(action, "luu") != 0 &&
        strcmp(action, "xem_lai") != 0)
        return http_error(req, 422, "action", "Thao tác không hợp lệ");
    sub_init(&s);
    dossier_draft_init(&d);
    if ((rc = load_procedure(req, &s)) != 0)
        goto out;
    int64_t draft = parse_id(kv_get(req->form, "draft_id"));
    if (draft > 0) {
        st = dossier_draft_load(web_ctx(req)->db, dossier_view_user(req), draft, &d);
        if (st == MC_OK && strcmp(d.procedure_code, s.code) != 0)
            st = MC_ERR_NOT_FOUND;
        if (st == MC_ERR_NOT_FOUND) {
            int64_t id = 0;
            s.token = kv_get(req->form, "token");
            if (strcmp(action, "nop") == 0 && replayed_submission(req, &s, &id)) {
                rc = redirect_to_dossier(req, id, NULL);
                goto out;
            }
            rc = http_error(req, 404, "draft", "Không tìm thấy bản nháp này; có thể hồ sơ "
                            "đã được nộp. Xin xem mục Hồ sơ của tôi.");
            goto out;
        }
        if (st != MC_OK) {
            rc = dossier_view_error(req, st, NULL, NULL);
            goto out;
        }
        apply_draft(req, &s, &d);
    }
    read_request(req, &s);
    if (s.errs.count > 0) {   /* a bad file: nothing is stored */
        rc = render_form(req, 422, &s);
        goto out;
    }
    if (store_uploads(req, &s, strcmp(action, "nop") == 0, &stored) != MC_OK) {
        rc = render_form(req, 500, &s);
        goto out;
    }
    if (strcmp(action, "luu") == 0) {
        st = save_draft(req, &s);
        rc = st == MC_OK ? http_redirect(req, "/ho-so/nhap")
                         : dossier_view_error(req, st, "Không lưu được bản nháp.", NULL);
        goto out;
    }
    validate(req, &s);
    if (s.errs.count > 0) {
        if (stored && save_draft(req, &s) == MC_OK)
            s.kept_files = true;
        rc = render_form(req, 422, &s);
        goto out;
    }
    if (strcmp(action, "xem_lai") == 0) {
        st = save_draft(req, &s);
        rc = st == MC_OK ? render_review(req, &s)
                         : dossier_view_error(req, st, "Không lưu được bản nháp.", NULL);
        goto out;
    }
    rc = submit_now(req, &s);
out:
    dossier_draft_release(&d);
    sub_release(&s);
    return rc;
}

/* ---------------------------------------------------------------- lists */

#define MY_PAGE_SIZE 20

static unsigned page_my_dossiers(struct http_request *req)
{
    struct dossier_env env;
    struct dossier_page pg;
    long page = 1;
    const char *p = http_arg(req, "trang");
    if (p) {
        page = strtol(p, NULL, 10);
        if (page < 1 || page > 10000)
            page = 1;
    }
    struct dossier_filter f = {
        .queue = DOSSIER_Q_MINE, .offset = (size_t)(page - 1) * MY_PAGE_SIZE,
        .limit = MY_PAGE_SIZE,
    };
    dossier_view_env(req, &env);
    dossier_page_init(&pg);
    enum mc_status st = dossier_list(&env, dossier_view_user(req), &f, &pg);
    if (st != MC_OK) {
        dossier_page_release(&pg);
        return dossier_view_error(req, st, NULL, NULL);
    }
    json_t *rows = json_array();
    for (size_t i = 0; i < pg.n; i++)
        json_array_append_new(rows, dossier_view_row(&pg.items[i]));
    long pages = (long)((pg.total + MY_PAGE_SIZE - 1) / MY_PAGE_SIZE);
    json_t *data = json_pack("{s:o,s:I,s:i,s:i}", "rows", rows, "total", (json_int_t)pg.total,
                             "page", (json_int_t)page, "pages", (json_int_t)pages);
    if (page > 1)
        json_object_set_new(data, "prev", json_integer(page - 1));
    if (page < pages)
        json_object_set_new(data, "next", json_integer(page + 1));
    dossier_page_release(&pg);
    return web_page(req, 200, "dossier_list.html", "Hồ sơ của tôi", data);
}

static unsigned page_drafts(struct http_request *req)
{
    struct dossier_draft *drafts = NULL;
    size_t n = 0;
    const struct user *u = dossier_view_user(req);
    enum mc_status st = dossier_draft_list(web_ctx(req)->db, u, &drafts, &n);
    if (st != MC_OK)
        return dossier_view_error(req, st, NULL, NULL);
    json_t *rows = json_array();
    for (size_t i = 0; i < n; i++) {
        struct procedure p;
        procedure_init(&p);
        bool ok = catalog_get(web_ctx(req)->db, drafts[i].procedure_code, &p, NULL) == MC_OK;
        const char *name = ok && p.name ? p.name : drafts[i].procedure_code;
        json_array_append_new(rows, json_pack(
            "{s:I,s:s,s:s,s:o}", "id", (json_int_t)drafts[i].id, "procedure_code",
            drafts[i].procedure_code, "procedure_name", name, "updated_at",
            dossier_view_time(drafts[i].updated_at)));
        procedure_release(&p);
        dossier_draft_release(&drafts[i]);
    }
    free(drafts);
    return web_page(req, 200, "dossier_drafts.html", "Hồ sơ nháp",
                    json_pack("{s:o}", "drafts", rows));
}

static unsigned page_draft_delete_post(struct http_request *req)
{
    int64_t id = parse_id(req->params[0]);
    enum mc_status st = id > 0 ? dossier_draft_delete(web_ctx(req)->db, dossier_view_user(req),
                                                      id)
                               : MC_ERR_NOT_FOUND;
    if (st != MC_OK)
        return dossier_view_error(req, st, NULL, "/ho-so/nhap");
    return http_redirect(req, "/ho-so/nhap");
}

/* ---------------------------------------------------------------- routes */

static const struct http_route routes[] = {
    {HTTP_GET, "/nop-ho-so/{code}", page_submit, R_SIGNED_IN, 0},
    {HTTP_POST, "/nop-ho-so/{code}", page_submit_post, R_SIGNED_IN, WEB_UPLOAD_MAX},
    {HTTP_GET, "/ho-so", page_my_dossiers, R_SIGNED_IN, 0},
    {HTTP_GET, "/ho-so/nhap", page_drafts, R_SIGNED_IN, 0},
    {HTTP_POST, "/ho-so/nhap/{id}/xoa", page_draft_delete_post, R_SIGNED_IN, WEB_FORM_MAX},
};

const struct web_routes web_page_dossier_routes = WEB_ROUTES(routes);
