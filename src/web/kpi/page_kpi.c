/*
 * page_kpi.c - the pages of the 1588 targets (chỉ tiêu):
 *   /quan-tri/chi-tieu                 the board: every KPI of a unit and a period with
 *                                      value, numerator/denominator, target, gap; the
 *                                      trend of one KPI against its target; the map of
 *                                      communes shaded by attainment
 *   /quan-tri/chi-tieu/{key}           the records behind a computed number
 *   /quan-tri/chi-tieu/xuat.csv, .xlsx the board's table
 *   /quan-tri/chi-tieu/mau-so          denominators entered per unit and year (the
 *                                      province admin enters one or imports a file)
 *   /chi-tieu                          the public subset for the province
 *   /api/v1/kpi                        the JSON of `motcua kpi`
 * Figures come from domain/kpi/kpi.h.  No SQL here.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/clock.h"
#include "core/mem.h"
#include "core/vnfmt.h"
#include "domain/calendar/date.h"
#include "domain/kpi/kpi.h"
#include "web/kpi/kpi_view.h"
#include "web/kpi/kpi_web.h"
#include "web/options.h"
#include "web/reply.h"

#define BOARD "/quan-tri/chi-tieu"
#define DEFAULT_KEY "ho_so_hoan_toan_truc_tuyen"
#define TREND_MONTHS 12
#define TREND_QUARTERS 8
#define TREND_YEARS 5

static const struct user *viewer(struct http_request *req)
{
    return web_signed_in(req) ? &web_ctx(req)->session.user : NULL;
}

static bool is_province_admin(const struct user *u)
{
    return u && user_is_officer(u) && (u->roles & ROLE_PROVINCE_ADMIN);
}

/* The current year: the board's default period. */
static const char *this_year(struct http_request *req)
{
    int y, m, d;
    calendar_date_to_ymd(calendar_date_of(clock_now()), &y, &m, &d);
    return arena_printf(req->arena, "%04d", y);
}

/* What the board was asked for: period, unit, KPI; problems shown at the form. */
struct choice {
    const char *period;       /* as typed, or the default */
    const char *unit;         /* NULL: the province */
    const char *key;          /* the KPI of the chart and map */
    const char *problem;      /* Vietnamese, NULL = none */
};

static void read_choice(struct http_request *req, struct choice *c)
{
    memset(c, 0, sizeof(*c));
    c->period = web_arg_trimmed(req, "ky");
    c->unit = web_arg_trimmed(req, "don_vi");
    c->key = web_arg_trimmed(req, "chi_tieu");
    if (!c->period)
        c->period = this_year(req);
    if (!c->key || !kpi_def_find(c->key))
        c->key = DEFAULT_KEY;
}

/* Compute t; on a bad period or unit, fall back to the default with c->problem set. */
static enum mc_status compute(struct http_request *req, struct choice *c, const char *only,
                              struct kpi_table *t)
{
    struct db *db = web_ctx(req)->db;
    enum mc_status st = kpi_compute(db, c->unit, c->period, only, t);
    if (st == MC_ERR_INVALID) {
        c->problem = arena_printf(req->arena, "Không hiểu kỳ “%s”. Gõ năm như 2026, quý như "
                                  "Q2/2026 hoặc 2026-Q2, tháng như 05/2026 hoặc 2026-05.",
                                  c->period);
        c->period = this_year(req);
        st = kpi_compute(db, c->unit, c->period, only, t);
    } else if (st == MC_ERR_NOT_FOUND && c->unit) {
        c->problem = "Không có cơ quan hoặc xã, phường này; đang hiển thị toàn tỉnh.";
        c->unit = NULL;
        st = kpi_compute(db, NULL, c->period, only, t);
    }
    return st;
}

static unsigned failed(struct http_request *req, enum mc_status st)
{
    return web_fail(req, st, &(const struct web_says){
                        .not_found = "Không có chỉ tiêu, cơ quan hoặc xã, phường này.",
                        .invalid = "Kỳ không hợp lệ: năm (2026), quý (2026-Q2) hoặc tháng "
                                   "(2026-05).",
                        .failed = "Không tính được chỉ tiêu, xin thử lại sau."}, NULL);
}

/* The query string that keeps period and unit in links. */
static const char *keep_query(struct http_request *req, const struct kpi_table *t)
{
    struct buf q;
    buf_init(&q, BUF_MAX_SMALL);
    buf_adds(&q, "ky=");
    buf_add_url(&q, t->period, strlen(t->period));
    if (t->unit[0]) {
        buf_adds(&q, "&don_vi=");
        buf_add_url(&q, t->unit, strlen(t->unit));
    }
    const char *s = arena_printf(req->arena, "%s", buf_cstr(&q));
    buf_release(&q);
    return s;
}

/* The unit <select>: the province, every agency, every commune with an agency. */
static json_t *unit_options(struct db *db, const char *chosen)
{
    struct kpi_commune_list communes;
    json_t *a = json_array(), *agencies = web_agency_options(db, chosen, 0), *o;
    size_t i;
    web_option_add(a, "", "Toàn tỉnh", chosen);
    json_array_foreach(agencies, i, o)
        json_array_append(a, o);
    json_decref(agencies);
    kpi_commune_list_init(&communes);
    if (kpi_commune_names(db, &communes) == MC_OK) {
        for (i = 0; i < communes.n; i++)
            web_option_add(a, communes.items[i].code, communes.items[i].name, chosen);
    }
    kpi_commune_list_release(&communes);
    return a;
}

/* The KPI <select> of the chart and map. */
static json_t *kpi_options(const char *chosen)
{
    size_t n = 0;
    const struct kpi_def *d = kpi_defs(&n);
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        web_option_add(a, d[i].key, d[i].name, chosen);
    return a;
}

static void add_period(json_t *data, const struct kpi_table *t, const struct choice *c)
{
    char text[64];
    kpi_view_period_text(t->period, text, sizeof(text));
    json_object_set_new(data, "period", json_string(t->period));
    json_object_set_new(data, "period_text", json_string(text));
    json_object_set_new(data, "period_input",
                        json_string(c->problem && c->period ? c->period : t->period));
    if (c->problem)
        json_object_set_new(data, "period_problem", json_string(c->problem));
}

/* The trend of key for the board's unit: data "trend_svg", "trend". */
static enum mc_status add_trend(struct http_request *req, json_t *data,
                                const struct kpi_table *t, const char *key)
{
    struct kpi_point pts[TREND_MONTHS];
    size_t n = strlen(t->period) == 4 ? TREND_YEARS : t->period[5] == 'Q' ? TREND_QUARTERS
                                                                           : TREND_MONTHS;
    struct buf svg;
    enum mc_status st = kpi_trend(web_ctx(req)->db, t->unit, t->period, key, n, pts);
    if (st != MC_OK)
        return st;
    const struct kpi_def *d = kpi_def_find(key);
    buf_init(&svg, BUF_MAX_SMALL);
    kpi_view_trend_svg(pts, n, arena_printf(req->arena, "%s – %s", d->name, t->name), &svg);
    json_object_set_new(data, "trend_svg", json_stringn(buf_cstr(&svg), svg.len));
    json_object_set_new(data, "trend", kpi_view_trend_rows(pts, n));
    json_object_set_new(data, "chart_name", json_string(d->name));
    buf_release(&svg);
    return MC_OK;
}

static enum mc_status add_map(struct http_request *req, json_t *data, const struct kpi_table *t,
                              const char *key)
{
    struct kpi_commune_list l;
    struct buf svg;
    kpi_commune_list_init(&l);
    enum mc_status st = kpi_communes(web_ctx(req)->db, t->period, key, &l);
    if (st == MC_OK && l.n) {
        buf_init(&svg, BUF_MAX_PAGE);
        kpi_view_map_svg(&l, arena_printf(req->arena, "Bản đồ xã, phường theo mức đạt – %s",
                                          kpi_def_find(key)->name), &svg);
        json_object_set_new(data, "map_svg", json_stringn(buf_cstr(&svg), svg.len));
        json_object_set_new(data, "map", kpi_view_map_rows(&l));
        buf_release(&svg);
    }
    kpi_commune_list_release(&l);
    return st;
}

/* ---------------------------------------------------------------- the board */

/*
 * What a page of the computed table shows: fill builds *data (and *title)
 * from t; a failure there is answered like a failure to compute.
 */
typedef enum mc_status (*table_fill_fn)(struct http_request *req, const struct choice *c,
                                        const struct kpi_table *t, json_t **data,
                                        const char **title);

/*
 * The table of the request's choice (the province's when province is set)
 * shown by tmpl: 400 with the form's problem, 200 otherwise.
 */
static unsigned table_page(struct http_request *req, bool province, const char *tmpl,
                           table_fill_fn fill)
{
    struct kpi_table *t = xmalloc(sizeof(*t));
    struct choice c;
    unsigned rc;
    json_t *data = NULL;
    const char *title = NULL;
    read_choice(req, &c);
    if (province)
        c.unit = NULL;
    enum mc_status st = compute(req, &c, NULL, t);
    if (st == MC_OK)
        st = fill(req, &c, t, &data, &title);
    if (st != MC_OK) {
        json_decref(data);
        rc = failed(req, st);
    } else {
        rc = web_page(req, c.problem ? 400 : 200, tmpl, title, data);
    }
    free(t);
    return rc;
}

/* table_fill_fn of the board: rows, choices, trend and map of the chosen KPI. */
static enum mc_status board_fill(struct http_request *req, const struct choice *c,
                                 const struct kpi_table *t, json_t **data, const char **title)
{
    const char *q = keep_query(req, t);
    *data = json_pack("{s:s,s:o,s:b,s:o,s:o,s:s,s:s,s:b}", "unit_name", t->name, "rows",
                      kpi_view_rows(t, false, BOARD, q), "province", 1, "unit_options",
                      unit_options(web_ctx(req)->db, t->unit), "kpi_options",
                      kpi_options(c->key), "query", q, "key", c->key, "can_enter",
                      is_province_admin(viewer(req)));
    *title = arena_printf(req->arena, "Chỉ tiêu QĐ 1588 – %s", t->name);
    add_period(*data, t, c);
    enum mc_status st = add_trend(req, *data, t, c->key);
    if (st == MC_OK)
        st = add_map(req, *data, t, c->key);
    return st;
}

static unsigned page_kpi_board(struct http_request *req)
{
    return table_page(req, false, "kpi_board.html", board_fill);
}

/* ---------------------------------------------------------------- drill-down */

static unsigned page_kpi_records(struct http_request *req)
{
    const struct user *u = viewer(req);
    const char *key = req->params[0];
    struct kpi_table *t = xmalloc(sizeof(*t));
    struct kpi_record_list l;
    struct choice c;
    unsigned rc;
    char v[KPI_NAME_MAX];
    json_t *rows = json_array();
    kpi_record_list_init(&l);
    read_choice(req, &c);
    enum mc_status st = kpi_def_find(key) ? kpi_compute(web_ctx(req)->db, c.unit, c.period,
                                                        key, t)
                                          : MC_ERR_NOT_FOUND;
    /* The dossiers of another agency are for the province admin only. */
    if (st == MC_OK && !is_province_admin(u) &&
        !(t->kind == KPI_UNIT_AGENCY && strcmp(t->unit, u->agency_code) == 0)) {
        rc = http_error(req, 403, "forbidden",
                        "Danh sách hồ sơ, ý kiến tạo nên số liệu chỉ dành cho quản trị cấp tỉnh "
                        "và cán bộ của chính cơ quan đó.");
        goto out;
    }
    if (st == MC_OK)
        st = kpi_records(web_ctx(req)->db, t->unit, t->period, key, &l);
    if (st != MC_OK) {
        rc = failed(req, st);
        goto out;
    }
    for (size_t i = 0; i < l.n; i++) {
        char at[VNFMT_SIZE];
        json_array_append_new(rows, json_pack(
            "{s:s,s:s,s:s,s:s,s:b,s:s,s:b}", "ref", l.items[i].ref, "label", l.items[i].label,
            "agency", l.items[i].agency, "at", vnfmt_date(at, sizeof(at), l.items[i].at),
            "in_numerator", l.items[i].in_numerator, "detail", l.items[i].detail, "dossier",
            strncmp(key, "ho_so", 5) == 0 || strncmp(key, "hai_long", 8) == 0));
    }
    const struct kpi_row *r = kpi_row_of(t, key);
    char n[VNFMT_SIZE], d[VNFMT_SIZE], text[64];
    kpi_view_period_text(t->period, text, sizeof(text));
    json_t *data = json_pack(
        "{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:o,s:b,s:s}", "name", r->def->name, "key", key,
        "unit_name", t->name, "period", t->period, "period_text", text, "value",
        kpi_row_value_text(r, v, sizeof(v)), "numerator",
        vnfmt_int(n, sizeof(n), l.numerator), "denominator",
        vnfmt_int(d, sizeof(d), l.denominator), "num_label", r->def->numerator, "rows", rows,
        "truncated", l.truncated, "query", keep_query(req, t));
    json_object_set_new(data, "den_label", json_string(r->def->denominator));
    rows = NULL;
    rc = web_page(req, 200, "kpi_records.html",
                  arena_printf(req->arena, "%s – %s", r->def->name, t->name), data);
out:
    json_decref(rows);
    kpi_record_list_release(&l);
    free(t);
    return rc;
}

/* ---------------------------------------------------------------- exports */

static unsigned page_kpi_export(struct http_request *req)
{
    struct kpi_table *t = xmalloc(sizeof(*t));
    struct choice c;
    struct buf out;
    char tmp[600];
    unsigned rc;
    read_choice(req, &c);
    buf_init(&out, BUF_MAX_FILE);
    enum mc_status st = kpi_compute(web_ctx(req)->db, c.unit, c.period, NULL, t);
    snprintf(tmp, sizeof(tmp), "%s/tmp", ((struct app *)req->app)->cfg.data_dir);
    if (st == MC_OK)
        st = web_wants_xlsx(req) ? kpi_export_xlsx(t, tmp, &out) : kpi_export_csv(t, &out);
    if (st != MC_OK) {
        rc = failed(req, st);
    } else {
        http_add_header(req, "Cache-Control", "no-store");
        rc = web_reply_export(req, arena_printf(req->arena, "chi-tieu-%s%s%s", t->period,
                                                t->unit[0] ? "-" : "", t->unit),
                              &out);
    }
    buf_release(&out);
    free(t);
    return rc;
}

/* ---------------------------------------------------------------- public */

/* table_fill_fn of the public page: the province's rows. */
static enum mc_status public_fill(struct http_request *req, const struct choice *c,
                                  const struct kpi_table *t, json_t **data, const char **title)
{
    (void)req;
    *data = json_pack("{s:o}", "rows", kpi_view_rows(t, true, NULL, NULL));
    *title = "Chỉ tiêu chuyển đổi số dịch vụ công trực tuyến";
    add_period(*data, t, c);
    return MC_OK;
}

static unsigned page_kpi_public(struct http_request *req)
{
    return table_page(req, true, "kpi_public.html", public_fill);   /* the province's */
}

static unsigned api_kpi(struct http_request *req)
{
    struct kpi_table *t = xmalloc(sizeof(*t));
    const char *period = web_arg_trimmed(req, "period");
    const struct user *u = viewer(req);
    unsigned rc;
    enum mc_status st = kpi_compute(web_ctx(req)->db, web_arg_trimmed(req, "unit"),
                                    period ? period : this_year(req), NULL, t);
    if (st != MC_OK)
        rc = failed(req, st);
    else
        rc = web_json(req, 200, kpi_table_json(t, !(u && user_is_officer(u))));
    free(t);
    return rc;
}

/* ---------------------------------------------------------------- denominators */

static json_t *den_rows(struct db *db, int year, enum mc_status *st)
{
    struct kpi_den_list l;
    json_t *rows = json_array();
    char v[VNFMT_SIZE];
    kpi_den_list_init(&l);
    *st = kpi_den_list(db, year, &l);
    for (size_t i = 0; *st == MC_OK && i < l.n; i++)
        json_array_append_new(rows, json_pack(
            "{s:s,s:s,s:i,s:s}", "kind", kpi_den_kind_label(l.items[i].kind), "unit",
            l.items[i].unit_name[0] ? l.items[i].unit_name : l.items[i].unit, "year",
            l.items[i].year, "value", vnfmt_int(v, sizeof(v), l.items[i].value)));
    kpi_den_list_release(&l);
    return rows;
}

static json_t *den_kinds(const char *chosen)
{
    static const char *kinds[] = {KPI_DEN_ADULTS, KPI_DEN_TEAM, KPI_DEN_STAFF, KPI_DEN_PUPILS};
    json_t *a = json_array();
    for (size_t i = 0; i < MC_ARRAY_LEN(kinds); i++)
        json_array_append_new(a, json_pack("{s:s,s:s,s:b}", "code", kinds[i], "name",
                                           kpi_den_kind_label(kinds[i]), "selected",
                                           chosen && strcmp(chosen, kinds[i]) == 0));
    return a;
}

/* The denominators page, with the outcome of a save or an import (rep may be NULL). */
static unsigned den_page(struct http_request *req, unsigned status, const char *notice,
                         const struct import_report *rep)
{
    struct db *db = web_ctx(req)->db;
    const char *y = web_arg_trimmed(req, "nam");
    int year = y ? atoi(y) : atoi(this_year(req));
    enum mc_status st;
    json_t *rows = den_rows(db, year >= 2000 && year <= 2100 ? year : 0, &st);
    if (st != MC_OK) {
        json_decref(rows);
        return failed(req, st);
    }
    json_t *data = json_pack("{s:o,s:o,s:o,s:i}", "rows", rows, "kinds",
                             den_kinds(web_arg_trimmed(req, "loai")), "unit_options",
                             unit_options(db, web_arg_trimmed(req, "ma_don_vi")), "year", year);
    if (notice)
        json_object_set_new(data, "notice", json_string(notice));
    web_import_errors(data, rep);
    return web_page(req, status, "kpi_denominators.html", "Mẫu số chỉ tiêu nhập theo năm",
                    data);
}

static unsigned forbid_unless_province(struct http_request *req)
{
    if (is_province_admin(viewer(req)))
        return 0;
    return http_error(req, 403, "forbidden",
                      "Chỉ quản trị cấp tỉnh nhập mẫu số của các chỉ tiêu.");
}

static unsigned page_kpi_den(struct http_request *req)
{
    unsigned rc = forbid_unless_province(req);
    return rc ? rc : den_page(req, 200, NULL, NULL);
}

static unsigned page_kpi_den_post(struct http_request *req)
{
    struct import_report rep;
    struct kpi_den d;
    unsigned rc = forbid_unless_province(req);
    if (rc)
        return rc;
    const char *kind = web_arg_trimmed(req, "loai"), *unit = web_arg_trimmed(req, "ma_don_vi");
    const char *year = web_arg_trimmed(req, "nam"), *value = web_arg_trimmed(req, "gia_tri");
    char *end = NULL;
    memset(&d, 0, sizeof(d));
    snprintf(d.kind, sizeof(d.kind), "%s", kind ? kind : "");
    snprintf(d.unit, sizeof(d.unit), "%s", unit ? unit : "");
    d.year = year ? (int)strtol(year, &end, 10) : 0;
    if (!end || *end)
        d.year = 0;
    end = NULL;
    d.value = value ? strtoll(value, &end, 10) : -1;
    if (!end || *end || !value)
        d.value = -1;
    import_report_init(&rep);
    enum mc_status st = kpi_den_save(web_ctx(req)->db, &d, 1, 1, &web_ctx(req)->actor, &rep);
    if (st == MC_OK)
        rc = den_page(req, 200, "Đã lưu mẫu số.", NULL);
    else if (st == MC_ERR_INVALID)
        rc = den_page(req, 422, "Chưa lưu: kiểm tra lại thông tin.", &rep);
    else
        rc = failed(req, st);
    import_report_release(&rep);
    return rc;
}

static unsigned page_kpi_den_import(struct http_request *req)
{
    struct import_report rep;
    struct buf data;
    bool chosen = false;
    unsigned rc = forbid_unless_province(req);
    if (rc)
        return rc;
    buf_init(&data, BUF_MAX_FILE);
    enum mc_status st = web_upload_read(req, "tep", &data, &chosen);
    if (st == MC_OK && !chosen) {
        buf_release(&data);
        return den_page(req, 422, "Chưa chọn tệp CSV hoặc Excel để nhập.", NULL);
    }
    import_report_init(&rep);
    if (st == MC_OK)
        st = kpi_den_import(web_ctx(req)->db, data.data ? data.data : "", data.len,
                            &web_ctx(req)->actor, &rep);
    if (st == MC_OK)
        rc = den_page(req, 200, arena_printf(req->arena, "Đã nhập %zu dòng mẫu số.",
                                             rep.created), NULL);
    else if (st == MC_ERR_INVALID || st == MC_ERR_TOO_LARGE)
        rc = den_page(req, 422, "Không nhập dòng nào: tệp có dòng sai (xem từng dòng bên dưới).",
                      &rep);
    else
        rc = failed(req, st);
    import_report_release(&rep);
    buf_release(&data);
    return rc;
}

/* ---------------------------------------------------------------- routes */

static const struct http_route routes[] = {
    {HTTP_GET, "/api/v1/kpi", api_kpi, R_API, 0},
    {HTTP_GET, "/chi-tieu", page_kpi_public, 0, 0},
    {HTTP_GET, "/quan-tri/chi-tieu", page_kpi_board, R_STAFF, 0},
    {HTTP_GET, "/quan-tri/chi-tieu/xuat.csv", page_kpi_export, R_STAFF, 0},
    {HTTP_GET, "/quan-tri/chi-tieu/xuat.xlsx", page_kpi_export, R_STAFF, 0},
    {HTTP_GET, "/quan-tri/chi-tieu/mau-so", page_kpi_den, R_STAFF, 0},
    {HTTP_POST, "/quan-tri/chi-tieu/mau-so", page_kpi_den_post, R_STAFF, WEB_FORM_MAX},
    {HTTP_POST, "/quan-tri/chi-tieu/mau-so/nhap", page_kpi_den_import, R_STAFF,
     8 * 1024 * 1024},
    {HTTP_GET, "/quan-tri/chi-tieu/{key}", page_kpi_records, R_STAFF, 0},
};

const struct web_routes web_page_kpi_routes = WEB_ROUTES(routes);
