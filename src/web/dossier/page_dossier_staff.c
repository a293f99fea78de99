/*
 * page_dossier_staff.c - the officers' side of dossiers: the work queues
 * (to receive, to process, to approve, to return, due soon, overdue) with
 * filters and paging, and counter or postal intake by a reception officer
 * (scans marked digitised, then straight to the receipt).
 *
 * What an officer sees and may do is scoped by the domain (dossier_list(),
 * dossier_intake()); these handlers only parse and render.
 */
#include <stdio.h>
#include <stdlib.h>
#include "web/dossier/dossier_view.h"
#include "web/reply.h"
#include "web/dossier/dossier_web.h"
#include "web/options.h"
#include "web/paging.h"
#include "core/buf.h"
#include "core/form.h"
#include "domain/catalog/catalog.h"
#include "domain/catalog/drafts.h"
#include "core/clock.h"
#include "core/log.h"
#include "domain/calendar/date.h"
#include "domain/routing/routing.h"
#include "domain/units/unit.h"
#include "web/dossier/eform_view.h"

#define QUEUE_PAGE_SIZE 25
#define INTAKE_DOCS_MAX 40

static const struct {
    const char *key;
    enum dossier_queue queue;
    const char *label;
} queues[] = {
    {"tat-ca", DOSSIER_Q_ALL, "Tất cả"},
    {"tiep-nhan", DOSSIER_Q_TO_RECEIVE, "Chờ tiếp nhận"},
    {"xu-ly", DOSSIER_Q_TO_PROCESS, "Chờ xử lý"},
    {"phe-duyet", DOSSIER_Q_TO_APPROVE, "Chờ phê duyệt"},
    {"tra-ket-qua", DOSSIER_Q_TO_RETURN, "Chờ trả kết quả"},
    {"sap-den-han", DOSSIER_Q_DUE_SOON, "Sắp đến hạn"},
    {"qua-han", DOSSIER_Q_OVERDUE, "Quá hạn"},
};

static bool small_int(const char *s, long lo, long hi, long *out)
{
    char *end = NULL;
    if (!s || !*s)
        return false;
    long v = strtol(s, &end, 10);
    if (!end || *end || v < lo || v > hi)
        return false;
    *out = v;
    return true;
}

/* A positive dossier id, or 0 when s is absent or not one. */
static int64_t id_arg(const char *s)
{
    char *end = NULL;
    if (!s || !*s)
        return 0;
    long long v = strtoll(s, &end, 10);
    return end && !*end && v > 0 ? (int64_t)v : 0;
}

/*
 * The link to page n of the queue, keeping the filters of the request:
 * page 1 plainly, others by keyset ("sau": the rows below id, the page
 * after a row; "truoc": the rows above id, the page before a row), so a
 * deep page reads its own rows and not the ones before it.
 */
static json_t *queue_link(const struct http_request *req, long n, const char *key, int64_t id)
{
    struct buf b;
    buf_init(&b, BUF_MAX_SMALL);
    buf_adds(&b, "/quan-tri/ho-so?");
    for (const struct kv *p = req->query; p; p = p->next) {
        if (strcmp(p->key, "trang") == 0 || strcmp(p->key, "sau") == 0 ||
            strcmp(p->key, "truoc") == 0)
            continue;
        buf_add_url(&b, p->key, strlen(p->key));
        buf_addch(&b, '=');
        buf_add_url(&b, p->value, p->value_len);
        buf_addch(&b, '&');
    }
    if (n > 1)
        buf_addf(&b, "%s=%lld&trang=%ld", key, (long long)id, n);
    else
        b.len--;   /* the trailing '&' or '?' */
    json_t *s = json_stringn(b.data, b.len);
    buf_release(&b);
    return s;
}

/*
 * The procedures a staff member's agency implements, by name, for the
 * queue's filter; NULL (the page then shows a code field, which always
 * shows the filter applied) for province staff (the whole catalogue is
 * too long a list), when the agency's list reached its cap (a procedure
 * past it could not be chosen) or when the chosen code is not in it (a
 * list showing "all" would hide the filter).
 */
static json_t *procedure_options(struct http_request *req, const char *selected)
{
    const struct user *u = dossier_view_user(req);
    struct catalog_agency_proc *procs = NULL;
    size_t n = 0;
    bool found = !selected || !*selected;
    json_t *a = NULL;
    if (!u->agency_code[0] ||
        catalog_agency_procedures(web_ctx(req)->db, u->agency_code, &procs, &n) != MC_OK ||
        n == 0 || n >= CATALOG_DRAFT_LIST_MAX)
        goto out;
    a = json_array();
    for (size_t i = 0; i < n; i++) {
        found = found || (selected && strcmp(selected, procs[i].code) == 0);
        web_option_add(a, procs[i].code, procs[i].name, selected);
    }
    if (!found) {
        json_decref(a);
        a = NULL;
    }
out:
    free(procs);
    return a;
}

/* The queue's "from" and "to" dates into f; NULL, or what is wrong with them. */
static const char *queue_dates(struct http_request *req, struct dossier_filter *f)
{
    const char *error = NULL;
    const char *s = http_arg(req, "tu");
    if (s && *s && !dossier_view_parse_date(s, 0, &f->from))
        error = "Ngày bắt đầu không hợp lệ (" CALENDAR_DATE_HINT ").";
    s = http_arg(req, "den");
    if (s && *s) {
        if (dossier_view_parse_date(s, 0, &f->to))
            f->to += 24 * 3600;   /* the whole day */
        else
            error = "Ngày kết thúc không hợp lệ (" CALENDAR_DATE_HINT ").";
    }
    return error;
}

static unsigned page_dossier_queue(struct http_request *req)
{
    struct dossier_env env;
    struct dossier_page pg;
    struct dossier_filter f = {.queue = DOSSIER_Q_ALL, .limit = QUEUE_PAGE_SIZE};
    const char *error = NULL;
    const char *hang = http_arg(req, "hang");
    const char *current = "tat-ca";
    long page = 1, v = 0;
    json_t *tabs = json_array();
    for (size_t i = 0; i < MC_ARRAY_LEN(queues); i++) {
        bool sel = hang && strcmp(hang, queues[i].key) == 0;
        if (sel) {
            f.queue = queues[i].queue;
            current = queues[i].key;
        }
        json_array_append_new(tabs, json_pack("{s:s,s:s,s:b}", "key", queues[i].key, "label",
                                              queues[i].label, "current",
                                              sel || (!hang && i == 0)));
    }
    if (hang && *hang && strcmp(current, hang) != 0)
        error = "Hàng đợi không hợp lệ.";
    const char *thu_tuc = http_arg(req, "thu_tuc");
    if (thu_tuc && *thu_tuc)
        f.procedure_code = thu_tuc;
    const char *s = http_arg(req, "trang_thai");
    if (s && *s) {
        if (small_int(s, 1, 10, &v))
            f.status = (int)v;
        else
            error = "Trạng thái không hợp lệ.";
    }
    s = http_arg(req, "kenh");
    if (s && *s) {
        if (small_int(s, 1, 3, &v))
            f.channel = (int)v;
        else
            error = "Kênh nộp không hợp lệ.";
    }
    const char *date_error = queue_dates(req, &f);
    if (date_error)
        error = date_error;
    s = http_arg(req, "co_quan");
    if (s && *s)
        f.agency_code = s;
    s = http_arg(req, "q");
    if (s && *s) {
        if (strlen(s) <= 200)
            f.text = s;
        else
            error = "Từ khóa tìm kiếm quá dài (tối đa 200 ký tự).";
    }
    s = http_arg(req, "trang");
    if (s && *s && !small_int(s, 1, 100000, &page))
        page = 1;
    f.below_id = id_arg(http_arg(req, "sau"));
    f.above_id = f.below_id ? 0 : id_arg(http_arg(req, "truoc"));
    if (!f.below_id && !f.above_id)
        f.offset = (size_t)(page - 1) * QUEUE_PAGE_SIZE;
    json_t *data = json_object();
    json_object_set_new(data, "tabs", tabs);
    json_object_set_new(data, "hang", json_string(current));
    json_object_set_new(data, "f", json_pack("{s:s,s:s,s:s,s:s,s:s,s:s}",
        "q", http_arg(req, "q") ? http_arg(req, "q") : "",
        "thu_tuc", thu_tuc ? thu_tuc : "",
        "trang_thai", http_arg(req, "trang_thai") ? http_arg(req, "trang_thai") : "",
        "kenh", http_arg(req, "kenh") ? http_arg(req, "kenh") : "",
        "tu", http_arg(req, "tu") ? http_arg(req, "tu") : "",
        "den", http_arg(req, "den") ? http_arg(req, "den") : ""));
    json_t *statuses = json_array();
    for (int i = 1; i <= 10; i++)
        json_array_append_new(statuses, json_pack("{s:i,s:s,s:b}", "value", i, "name",
                                                  dossier_status_name(i, 0), "selected",
                                                  f.status == i));
    json_object_set_new(data, "statuses", statuses);
    json_t *procs = procedure_options(req, thu_tuc);
    json_object_set_new(data, "has_procedures", json_boolean(procs != NULL));
    if (procs)
        json_object_set_new(data, "procedures", procs);
    json_object_set_new(data, "can_intake",
                        json_boolean(web_dossier_may_intake(dossier_view_user(req))));
    json_object_set_new(data, "kenh1", json_boolean(f.channel == 1));
    json_object_set_new(data, "kenh2", json_boolean(f.channel == 2));
    json_object_set_new(data, "kenh3", json_boolean(f.channel == 3));
    if (error) {
        json_object_set_new(data, "error", json_string(error));
        json_object_set_new(data, "rows", json_array());
        return web_page(req, 422, "queue.html", "Hồ sơ cần xử lý", data);
    }
    dossier_view_env(req, &env);
    dossier_page_init(&pg);
    enum mc_status st = dossier_list(&env, dossier_view_user(req), &f, &pg);
    if (st != MC_OK) {
        dossier_page_release(&pg);
        json_decref(data);
        return web_fail(req, st, &(const struct web_says){
                            .forbidden = "Bạn không có vai trò để xem hàng hồ sơ này.",
                            .invalid = "Bộ lọc không hợp lệ."}, NULL);
    }
    json_t *rows = json_array();
    for (size_t i = 0; i < pg.n; i++)
        json_array_append_new(rows, dossier_view_row(&pg.items[i]));
    long pages = (long)((pg.total + QUEUE_PAGE_SIZE - 1) / QUEUE_PAGE_SIZE);
    bool up = f.above_id > 0;
    bool has_prev = up ? pg.more : page > 1;
    bool has_next = up ? pg.n > 0 : pg.more;
    json_object_set_new(data, "rows", rows);
    json_object_set_new(data, "total", json_integer(pg.total));
    json_object_set_new(data, "total_capped", json_boolean(pg.total_capped));
    json_object_set_new(data, "page", json_integer(page));
    json_object_set_new(data, "pages", pg.total_capped ? json_null() : json_integer(pages));
    json_object_set_new(data, "prev", has_prev && pg.n > 0 ?
                        queue_link(req, page - 1, "truoc", pg.items[0].id) :
                        has_prev && page > 1 ? queue_link(req, 1, "", 0) : json_null());
    json_object_set_new(data, "next", has_next ?
                        queue_link(req, page + 1, "sau", pg.items[pg.n - 1].id) : json_null());
    dossier_page_release(&pg);
    return web_page(req, 200, "queue.html", "Hồ sơ cần xử lý", data);
}

/* ---------------------------------------------------------------- intake */

static size_t ndocs(const struct procedure *p)
{
    size_t n = p->ndocuments ? p->ndocuments : 1;
    return n > INTAKE_DOCS_MAX ? INTAKE_DOCS_MAX : n;
}

static const char *form_value(struct http_request *req, const char *name)
{
    const char *v = kv_get(req->form, name);
    return v ? v : "";
}

/*
 * The places the procedure may be decided (routing.h), the officer's own
 * agency selected when it is one of them.
 */
static json_t *intake_agencies(struct http_request *req, const char *procedure)
{
    const struct user *u = dossier_view_user(req);
    struct routing_options o;
    json_t *a = json_array();
    const char *sel = kv_get(req->form, "agency_code");
    routing_options_init(&o);
    if (routing_options(web_ctx(req)->db, procedure, &o) == MC_OK) {
        if (!sel)
            sel = routing_option_find(&o, u->agency_code) ? u->agency_code : "";
        for (size_t i = 0; i < o.n; i++)
            json_array_append_new(a, json_pack("{s:s,s:s,s:b}", "code", o.items[i].agency_code,
                                               "name", o.items[i].agency_name, "selected",
                                               strcmp(sel, o.items[i].agency_code) == 0));
    }
    routing_options_release(&o);
    return a;
}

static unsigned intake_form(struct http_request *req, unsigned status,
                            const struct procedure *p, const char *code,
                            struct form_errors *errs, const char *why)
{
    json_t *data = json_object();
    json_object_set_new(data, "thu_tuc", json_string(code ? code : ""));
    if (p && p->code) {
        json_t *docs = json_array(), *values = json_object();
        eform_view_read(req, p, values);
        for (size_t i = 0; i < ndocs(p); i++)
            json_array_append_new(docs, json_pack("{s:s,s:s}", "name",
                                                  dossier_view_doc_name(req, p, i), "input",
                                                  arena_printf(req->arena, "doc_%zu", i)));
        json_object_set_new(data, "procedure", json_pack("{s:s,s:s}", "code", p->code,
                                                         "name", p->name ? p->name : ""));
        json_object_set_new(data, "fields", eform_view_fields(req, p, values, errs));
        json_decref(values);
        json_object_set_new(data, "docs", docs);
        json_object_set_new(data, "agencies", intake_agencies(req, p->code));
        json_object_set_new(data, "form", json_pack(
            "{s:s,s:s,s:s,s:s,s:s,s:s}", "ho_ten", form_value(req, "ho_ten"), "dien_thoai",
            form_value(req, "dien_thoai"), "so_giay_to", form_value(req, "so_giay_to"),
            "tai_khoan", form_value(req, "tai_khoan"), "delivery_address",
            form_value(req, "delivery_address"), "ngay_hen", form_value(req, "ngay_hen")));
        const char *kenh = form_value(req, "kenh");
        const char *dl = form_value(req, "delivery");
        json_object_set_new(data, "postal", json_boolean(strcmp(kenh, "3") == 0));
        json_object_set_new(data, "dl_online", json_boolean(strcmp(dl, "online") == 0));
        json_object_set_new(data, "dl_post", json_boolean(strcmp(dl, "post") == 0));
        json_object_set_new(data, "token", json_string(dossier_view_token(req)));
    }
    if (why)
        json_object_set_new(data, "why", json_string(why));
    web_form_errors(data, errs);
    return web_page(req, status, "intake.html", "Tiếp nhận hồ sơ trực tiếp, bưu chính", data);
}

/* The counter form is for those who may receive (the staff home links it only for them). */
static unsigned not_receiver(struct http_request *req)
{
    return http_error(req, 403, "forbidden", "Chỉ cán bộ một cửa hoặc quản trị đơn vị của một "
                                             "cơ quan mới tiếp nhận hồ sơ tại quầy.");
}

static unsigned page_dossier_intake(struct http_request *req)
{
    struct procedure p;
    const char *code = http_arg(req, "thu_tuc");
    unsigned rc;
    if (!web_dossier_may_intake(dossier_view_user(req)))
        return not_receiver(req);
    procedure_init(&p);
    if (code && *code && catalog_get(web_ctx(req)->db, code, &p, NULL) != MC_OK) {
        struct form_errors errs = {0};
        form_errors_add(&errs, "thu_tuc", "không có thủ tục với mã này");
        rc = intake_form(req, 404, NULL, code, &errs, NULL);
    } else {
        rc = intake_form(req, 200, &p, code, NULL, NULL);
    }
    procedure_release(&p);
    return rc;
}

static unsigned page_dossier_intake_post(struct http_request *req)
{
    struct procedure p;
    struct form_errors errs = {0};
    struct dossier_file_ref refs[INTAKE_DOCS_MAX];
    struct http_upload *ups[INTAKE_DOCS_MAX];
    struct dossier_env env;
    const struct user *u = dossier_view_user(req);
    const char *code = kv_get(req->form, "thu_tuc");
    struct form_errors refused = {0};   /* the domain's reasons (its keys, not the form's) */
    const char *why;
    size_t n = 0;
    unsigned rc;
    procedure_init(&p);
    if (!code || !*code || catalog_get(web_ctx(req)->db, code, &p, NULL) != MC_OK) {
        form_errors_add(&errs, "thu_tuc", "không có thủ tục với mã này");
        rc = intake_form(req, 422, NULL, code, &errs, NULL);
        goto out;
    }
    json_t *form = json_object();
    struct form_errors declared = {0};
    eform_view_read(req, &p, form);
    if (eform_check(web_ctx(req)->db, &p, form, calendar_date_of(clock_now()), &declared) ==
        MC_ERR_DB)
        form_errors_add(&errs, "", "Không kiểm tra được tờ khai, xin thử lại.");
    for (size_t i = 0; i < declared.count; i++)   /* filed under the inputs' names */
        form_errors_add(&errs, arena_printf(req->arena, "f_%s", declared.items[i].field),
                        declared.items[i].message);
    char *form_text = json_dumps(form, JSON_COMPACT);
    json_decref(form);
    for (size_t i = 0; i < ndocs(&p); i++) {
        const char *name = arena_printf(req->arena, "doc_%zu", i);
        struct http_upload *up = dossier_view_upload(req, name);
        if (!up)
            continue;
        const char *bad = dossier_view_upload_check(up);
        if (bad)
            form_errors_add(&errs, name, bad);
        ups[n] = up;
        refs[n] = (struct dossier_file_ref){NULL, 0, dossier_view_doc_name(req, &p, i)};
        n++;
    }
    const char *kenh = form_value(req, "kenh");
    if (strcmp(kenh, "1") != 0 && strcmp(kenh, "3") != 0)
        form_errors_add(&errs, "kenh", "chọn cách nộp: trực tiếp hoặc bưu chính");
    const char *agency = form_value(req, "agency_code");
    if (!*agency)
        form_errors_add(&errs, "agency_code", "chọn cơ quan giải quyết");
    int64_t applicant_id = 0;
    const char *login = form_value(req, "tai_khoan");
    if (*login && account_find_login(web_ctx(req)->db, login, &applicant_id) != MC_OK)
        form_errors_add(&errs, "tai_khoan", "không có tài khoản với số giấy tờ này");
    int64_t due = 0;
    const char *ngay_hen = form_value(req, "ngay_hen");
    if (*ngay_hen && !dossier_view_parse_date(ngay_hen, 17, &due))
        form_errors_add(&errs, "ngay_hen",
                        "ngày hẹn không hợp lệ (" CALENDAR_DATE_HINT ")");
    if (errs.count > 0) {
        free(form_text);
        rc = intake_form(req, 422, &p, code, &errs, NULL);
        goto out;
    }
    for (size_t i = 0; i < n; i++) {
        struct filestore_meta meta;
        if (dossier_view_upload_store(req, ups[i], &meta) != MC_OK) {
            free(form_text);
            rc = intake_form(req, 500, &p, code, NULL, "Không lưu được tệp, xin thử lại.");
            goto out;
        }
        refs[i].sha256 = arena_strdup(req->arena, meta.sha256);
    }
    const char *dl = form_value(req, "delivery");
    const char *token = kv_get(req->form, "token");
    struct dossier_intake in = {
        .sub = {
            .procedure_code = code, .agency_code = agency,
            .reception_code = u->agency_code[0] && strcmp(u->agency_code, agency) != 0
                                  ? u->agency_code : NULL,
            .form_json = form_text,
            .delivery = strcmp(dl, "online") == 0 ? DOSSIER_DELIVERY_ONLINE
                      : strcmp(dl, "post") == 0   ? DOSSIER_DELIVERY_POST
                                                  : DOSSIER_DELIVERY_COUNTER,
            .delivery_address = form_value(req, "delivery_address"),
            .files = refs, .nfiles = n,
            .idempotency_key = token && *token ? token : NULL,
        },
        .channel = strcmp(kenh, "3") == 0 ? NAT_CH_POSTAL : NAT_CH_DIRECT,
        .applicant_id = applicant_id,
        .contact_name = form_value(req, "ho_ten"),
        .contact_phone = form_value(req, "dien_thoai"),
        .contact_id = form_value(req, "so_giay_to"),
        .due_at = due,
    };
    int64_t id = 0;
    dossier_view_env(req, &env);
    enum mc_status st = dossier_intake(&env, u, req->client_addr, &in, &id, &refused);
    why = form_errors_first(&refused);
    free(form_text);
    if (st == MC_OK) {
        struct dossier d;
        dossier_init(&d);
        st = dossier_get(web_ctx(req)->db, u, id, &d);
        rc = st == MC_OK
                 ? http_redirect(req, arena_printf(req->arena, "/ho-so/%s/bien-nhan", d.code))
                 : http_redirect(req, "/quan-tri/ho-so");
        dossier_release(&d);
    } else if (st == MC_ERR_INVALID || st == MC_ERR_NOT_FOUND || st == MC_ERR_TOO_LARGE) {
        rc = intake_form(req, 422, &p, code, NULL, why ? why : "Hồ sơ chưa hợp lệ.");
    } else if (st == MC_ERR_FORBIDDEN) {
        rc = intake_form(req, 403, &p, code, NULL,
                         why ? why : "Bạn không có quyền tiếp nhận hồ sơ cho cơ quan này.");
    } else {
        rc = dossier_view_error(req, st, why, NULL);
    }
out:
    procedure_release(&p);
    return rc;
}

/* ---------------------------------------------------------------- routes */

static const struct http_route routes[] = {
    {HTTP_GET, "/quan-tri/ho-so", page_dossier_queue, R_STAFF, 0},
    {HTTP_GET, "/quan-tri/ho-so/tiep-nhan", page_dossier_intake, R_STAFF, 0},
    {HTTP_POST, "/quan-tri/ho-so/tiep-nhan", page_dossier_intake_post, R_STAFF,
     WEB_UPLOAD_MAX},
};

const struct web_routes web_page_dossier_staff_routes = WEB_ROUTES(routes);
