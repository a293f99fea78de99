/*
 * page_calendar_admin.c - the province admin edits the working-day
 * calendar: GET /quan-tri/lich?nam=YYYY lists the year's days off and
 * làm bù days (defaults of the Labour Code 2019 art. 112 and overrides);
 * POST /quan-tri/lich adds an override, POST /quan-tri/lich/xoa deletes
 * one, POST /quan-tri/lich/gio-lam-viec sets the office hours.
 *
 * Also the shared calendar of the running server (app.h): a saved change
 * loads a new calendar and swaps it in, so deadlines computed by the next
 * request already follow it.  Requests hold a reference to the calendar
 * they started with until they end.
 */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include "web/app.h"
#include "web/reply.h"
#include "web/calendar/calendar_web.h"
#include "domain/calendar/calendar_store.h"
#include "domain/calendar/lunar.h"
#include "core/clock.h"
#include "core/log.h"
#include "core/mem.h"
#include "core/text.h"

struct app_calendar {
    struct calendar cal;   /* read-only once published */
    atomic_uint refs;      /* the app's reference plus one per request holding it */
};

/* Serialises reloads, so the last one to finish has read the newest rows. */
static pthread_mutex_t reload_mutex = PTHREAD_MUTEX_INITIALIZER;

static void cal_unref(void *arg)
{
    struct app_calendar *c = arg;
    if (c && atomic_fetch_sub(&c->refs, 1) == 1) {
        calendar_release(&c->cal);
        free(c);
    }
}

enum mc_status app_calendar_reload(struct app *app, struct db *db)
{
    struct app_calendar *c = xcalloc(1, sizeof(*c));
    struct app_calendar *old = NULL;
    enum mc_status rc;
    calendar_init(&c->cal);
    atomic_init(&c->refs, 1);
    pthread_mutex_lock(&reload_mutex);
    rc = calendar_load(db, &c->cal);
    if (rc == MC_OK) {
        pthread_mutex_lock(&app->cal_mutex);
        old = app->cal;
        app->cal = c;
        pthread_mutex_unlock(&app->cal_mutex);
        c = NULL;
    }
    pthread_mutex_unlock(&reload_mutex);
    cal_unref(c);
    cal_unref(old);
    return rc;
}

void app_calendar_release(struct app *app)
{
    cal_unref(app->cal);
    app->cal = NULL;
}

const struct calendar *web_calendar(struct http_request *req)
{
    struct app *app = req->app;
    struct app_calendar *c;
    pthread_mutex_lock(&app->cal_mutex);
    c = app->cal;
    if (c)
        atomic_fetch_add(&c->refs, 1);
    pthread_mutex_unlock(&app->cal_mutex);
    if (!c)
        return NULL;
    arena_defer(req->arena, cal_unref, c);
    return &c->cal;
}

/* ---------------------------------------------------------------- labels */

static const struct { const char *code, *label; } kinds[] = {
    {"off", "Nghỉ"},
    {"makeup", "Làm bù"},
    {"work", "Làm việc bình thường"},
};

static const char *const weekdays[] = {"Chủ nhật", "Thứ Hai", "Thứ Ba", "Thứ Tư",
                                       "Thứ Năm", "Thứ Sáu", "Thứ Bảy"};

static const char *kind_label(const char *code)
{
    for (size_t i = 0; i < MC_ARRAY_LEN(kinds); i++)
        if (strcmp(kinds[i].code, code) == 0)
            return kinds[i].label;
    return "";
}

static const char *day_kind_label(enum calendar_day_kind k)
{
    switch (k) {
    case CALENDAR_DAY_HOLIDAY: return "Nghỉ lễ, Tết";
    case CALENDAR_DAY_COMP_OFF: return "Nghỉ bù";
    case CALENDAR_DAY_OFF: return "Nghỉ";
    case CALENDAR_DAY_MAKEUP: return "Làm bù";
    default: return "Làm việc";
    }
}

static json_t *date_vn(int32_t date)
{
    int y, m, d;
    char s[16];
    calendar_date_to_ymd(date, &y, &m, &d);
    snprintf(s, sizeof(s), "%02d/%02d/%04d", d, m, y);
    return json_string(s);
}

static void hhmm(int min, char *out, size_t size)
{
    unsigned m = (unsigned)(min < 0 ? 0 : min > 24 * 60 ? 24 * 60 : min);
    snprintf(out, size, "%02u:%02u", (m / 60) % 100, m % 60);
}

/* ---------------------------------------------------------------- parsing */

static const char *arg(struct http_request *req, const char *key)
{
    const char *v = kv_get(req->form, key);
    return v ? v : "";
}

static int this_year(void)
{
    int y, m, d;
    calendar_date_to_ymd(calendar_date_of(clock_now()), &y, &m, &d);
    return y;
}

/* "2026" within the lunar calendar's years; false otherwise. */
static bool parse_year(const char *s, int *out)
{
    size_t n = strlen(s);
    if (n != 4 || !text_is_digits(s, n))
        return false;
    *out = atoi(s);
    return *out >= LUNAR_MIN_YEAR && *out <= LUNAR_MAX_YEAR;
}

/* "2026-03-07" or "7/3/2026"; false when not a real date. */
static bool parse_date(const char *s, int32_t *out)
{
    return calendar_date_parse_input(s, out) == MC_OK;
}

enum hhmm_result { HHMM_OK, HHMM_EMPTY, HHMM_SHAPE, HHMM_RANGE };

/* "07:30" (or "7:30", "7h30") -> minutes after midnight, 00:00..24:00. */
static enum hhmm_result parse_hhmm(const char *s, int *out)
{
    const char *p = s;
    size_t len = strlen(s);
    int h = 0, m = 0, hd = 0;
    text_trim(&p, &len);
    if (len == 0)
        return HHMM_EMPTY;
    while (hd < (int)len && p[hd] >= '0' && p[hd] <= '9')
        h = h * 10 + (p[hd++] - '0');
    if (hd < 1 || hd > 2 || (size_t)hd + 3 != len || (p[hd] != ':' && p[hd] != 'h') ||
        !text_is_digits(p + hd + 1, 2))
        return HHMM_SHAPE;
    m = (p[hd + 1] - '0') * 10 + (p[hd + 2] - '0');
    if (m > 59 || h > 24 || (h == 24 && m != 0))
        return HHMM_RANGE;
    *out = h * 60 + m;
    return HHMM_OK;
}

static const char *const hour_fields[] = {"sang_bat_dau", "sang_ket_thuc", "chieu_bat_dau",
                                          "chieu_ket_thuc"};

/* Read the four time fields into periods; errors go to errs. */
static size_t read_hours(struct http_request *req, struct calendar_period *p,
                         struct form_errors *errs)
{
    int v[4] = {0};
    enum hhmm_result r[4];
    size_t n = 0, before = errs->count;
    for (int i = 0; i < 4; i++) {
        r[i] = parse_hhmm(arg(req, hour_fields[i]), &v[i]);
        if (r[i] == HHMM_SHAPE)
            form_errors_add(errs, hour_fields[i], "giờ phải có dạng giờ:phút, ví dụ 07:30");
        else if (r[i] == HHMM_RANGE)
            form_errors_add(errs, hour_fields[i], "giờ phải trong khoảng 00:00 đến 24:00");
    }
    if (r[0] == HHMM_EMPTY)
        form_errors_add(errs, "sang_bat_dau", "nhập giờ bắt đầu buổi sáng");
    if (r[1] == HHMM_EMPTY)
        form_errors_add(errs, "sang_ket_thuc", "nhập giờ kết thúc buổi sáng");
    if ((r[2] == HHMM_EMPTY) != (r[3] == HHMM_EMPTY))
        form_errors_add(errs, r[2] == HHMM_EMPTY ? "chieu_bat_dau" : "chieu_ket_thuc",
                        "nhập cả giờ bắt đầu và giờ kết thúc buổi chiều, hoặc để trống cả hai");
    if (errs->count > before)
        return 0;
    if (v[1] <= v[0])
        form_errors_add(errs, "sang_ket_thuc", "giờ kết thúc phải sau giờ bắt đầu");
    p[n++] = (struct calendar_period){v[0], v[1]};
    if (r[2] == HHMM_OK) {
        if (v[3] <= v[2])
            form_errors_add(errs, "chieu_ket_thuc", "giờ kết thúc phải sau giờ bắt đầu");
        else if (v[2] < v[1])
            form_errors_add(errs, "chieu_bat_dau",
                            "buổi chiều phải bắt đầu khi buổi sáng đã kết thúc "
                            "(hai buổi không được chồng lên nhau)");
        p[n++] = (struct calendar_period){v[2], v[3]};
    }
    return errs->count > before ? 0 : n;
}

/* ---------------------------------------------------------------- the page */

static const struct calendar_stored_override *
find_override(const struct calendar_stored_override *list, size_t n, const char *date)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(list[i].date, date) == 0)
            return &list[i];
    return NULL;
}

static json_t *hours_form_from(const struct calendar *cal)
{
    json_t *f = json_object();
    for (size_t i = 0; i < 2; i++) {
        char a[8] = "", b[8] = "";
        if (i < cal->nr_hours) {
            hhmm(cal->hours[i].start_min, a, sizeof(a));
            hhmm(cal->hours[i].end_min, b, sizeof(b));
        }
        json_object_set_new(f, hour_fields[2 * i], json_string(a));
        json_object_set_new(f, hour_fields[2 * i + 1], json_string(b));
    }
    return f;
}

static json_t *hours_text(const struct calendar *cal)
{
    struct buf b;
    buf_init(&b, BUF_MAX_SMALL);
    for (size_t i = 0; i < cal->nr_hours; i++) {
        char s[8], e[8];
        hhmm(cal->hours[i].start_min, s, sizeof(s));
        hhmm(cal->hours[i].end_min, e, sizeof(e));
        buf_addf(&b, "%s%s–%s", i ? ", " : "", s, e);
    }
    return web_json_string_buf(&b);
}

static json_t *form_from_request(struct http_request *req)
{
    return json_pack("{s:s,s:s,s:s,s:s}", "ngay", arg(req, "ngay"), "loai", arg(req, "loai"),
                     "ten", arg(req, "ten"), "ghi_chu", arg(req, "ghi_chu"));
}

static json_t *hours_form_from_request(struct http_request *req)
{
    json_t *f = json_object();
    for (size_t i = 0; i < MC_ARRAY_LEN(hour_fields); i++)
        json_object_set_new(f, hour_fields[i], json_string(arg(req, hour_fields[i])));
    return f;
}

/* The year's effective days, each marked default or override. */
static json_t *days_json(const struct calendar_day *days, size_t n,
                         const struct calendar_stored_override *list, size_t nlist)
{
    json_t *rows = json_array();
    for (size_t i = 0; i < n; i++) {
        char iso[CALENDAR_DATE_SIZE];
        calendar_date_format(days[i].date, iso, sizeof(iso));
        bool overridden = find_override(list, nlist, iso) != NULL;
        bool makeup = days[i].kind == CALENDAR_DAY_MAKEUP;
        json_array_append_new(
            rows, json_pack("{s:s,s:o,s:s,s:s,s:s,s:b,s:b}", "date", iso, "date_vn",
                            date_vn(days[i].date), "weekday",
                            weekdays[calendar_date_weekday(days[i].date)], "name",
                            days[i].name, "kind", day_kind_label(days[i].kind), "override",
                            overridden, "makeup", makeup));
    }
    return rows;
}

static json_t *overrides_json(const struct calendar_stored_override *list, size_t n)
{
    json_t *rows = json_array();
    for (size_t i = 0; i < n; i++) {
        int32_t date = 0;
        const char *code = calendar_override_kind_code(list[i].kind);
        if (calendar_date_parse(list[i].date, &date) != MC_OK)
            continue;
        json_array_append_new(
            rows, json_pack("{s:s,s:o,s:s,s:s,s:s,s:s,s:s}", "date", list[i].date, "date_vn",
                            date_vn(date), "weekday", weekdays[calendar_date_weekday(date)],
                            "kind", code, "kind_label", kind_label(code), "name",
                            list[i].name, "note", list[i].note));
    }
    return rows;
}

/*
 * Render the page for year.  form and hours (owned, may be NULL for the
 * stored values) are the typed values to keep; errs may be NULL.
 */
static unsigned render(struct http_request *req, unsigned status, int year, json_t *form,
                       json_t *hours, const struct form_errors *errs)
{
    const struct calendar *cal = web_calendar(req);
    struct calendar_stored_override *list = NULL;
    struct calendar_day *days = NULL;
    size_t nlist = 0, ndays = 0;
    unsigned rc = 0;
    json_t *data = NULL;
    if (!cal || calendar_list_overrides(web_ctx(req)->db, year, &list, &nlist) != MC_OK ||
        calendar_holidays(cal, year, &days, &ndays) != MC_OK) {
        json_decref(form);
        json_decref(hours);
        rc = http_error(req, 500, "internal", "Không đọc được lịch làm việc, xin thử lại.");
        goto out;
    }
    if (!form)
        form = json_pack("{s:s,s:s,s:s,s:s}", "ngay", "", "loai", "off", "ten", "",
                         "ghi_chu", "");
    if (!hours)
        hours = hours_form_from(cal);
    json_t *kind_opts = json_array();
    const char *sel = json_string_value(json_object_get(form, "loai"));
    for (size_t i = 0; i < MC_ARRAY_LEN(kinds); i++)
        json_array_append_new(kind_opts,
                              json_pack("{s:s,s:s,s:b}", "value", kinds[i].code, "label",
                                        kinds[i].label, "checked",
                                        sel && strcmp(sel, kinds[i].code) == 0));
    data = json_pack("{s:i,s:i,s:i,s:o,s:o,s:o,s:o,s:o,s:o,s:b,s:b}", "year", year,
                     "prev_year", year > LUNAR_MIN_YEAR ? year - 1 : year, "next_year",
                     year < LUNAR_MAX_YEAR ? year + 1 : year, "days",
                     days_json(days, ndays, list, nlist), "overrides",
                     overrides_json(list, nlist), "kinds", kind_opts, "form", form, "hours",
                     hours, "hours_text", hours_text(cal), "saved",
                     status == 200 && http_arg(req, "da_luu") != NULL, "has_overrides",
                     nlist > 0);
    web_form_errors(data, errs);
    char title[64];
    snprintf(title, sizeof(title), "Lịch làm việc năm %d", year);
    rc = web_page(req, status, "calendar_admin.html", title, data);
out:
    free(days);
    free(list);
    return rc;
}

static unsigned page_calendar_admin(struct http_request *req)
{
    const char *nam = http_arg(req, "nam");
    int year = this_year();
    if (nam && *nam && !parse_year(nam, &year))
        return http_error(req, 400, "bad_year",
                          "Năm không hợp lệ: hãy chọn một năm từ 1901 đến 2199.");
    return render(req, 200, year, NULL, NULL, NULL);
}

/* The year to show after a POST: the form's "nam", else this year. */
static int form_year(struct http_request *req)
{
    int year = this_year();
    if (!parse_year(arg(req, "nam"), &year))
        year = this_year();
    return year;
}

/* After a saved change: use the new calendar at once, then show the year. */
static unsigned saved(struct http_request *req, int year)
{
    struct app *app = req->app;
    if (app_calendar_reload(app, web_ctx(req)->db) != MC_OK) {
        log_error("calendar saved but not reloaded");
        return http_error(req, 500, "internal",
                          "Đã lưu nhưng chưa áp dụng được lịch mới; xin tải lại trang.");
    }
    return http_redirect(req, arena_printf(req->arena, "/quan-tri/lich?nam=%d&da_luu=1",
                                           year));
}

/* Checks that need the date's current meaning; adds to errs. */
static void check_override(struct http_request *req, int32_t date, const char *kind,
                           struct form_errors *errs)
{
    struct calendar_stored_override *list = NULL;
    struct calendar_day day;
    char iso[CALENDAR_DATE_SIZE];
    size_t n = 0;
    int y, m, d;
    const struct calendar *cal = web_calendar(req);
    calendar_date_to_ymd(date, &y, &m, &d);
    calendar_date_format(date, iso, sizeof(iso));
    if (calendar_list_overrides(web_ctx(req)->db, y, &list, &n) != MC_OK) {
        form_errors_add(errs, "ngay", "không đọc được lịch, xin thử lại");
        goto out;
    }
    if (find_override(list, n, iso)) {
        form_errors_add(errs, "ngay",
                        "ngày này đã có điều chỉnh; hãy xóa điều chỉnh cũ trước khi thêm mới");
        goto out;
    }
    if (!cal)
        goto out;
    calendar_day_info(cal, date, &day);
    if (strcmp(kind, "makeup") == 0 && calendar_day_kind_is_working(day.kind))
        form_errors_add(errs, "ngay",
                        "ngày này vốn là ngày làm việc; làm bù chỉ dùng cho ngày nghỉ "
                        "(thứ Bảy, Chủ nhật, ngày lễ)");
    if (strcmp(kind, "work") == 0 && day.kind != CALENDAR_DAY_HOLIDAY &&
        day.kind != CALENDAR_DAY_COMP_OFF)
        form_errors_add(errs, "loai",
                        "“làm việc bình thường” chỉ dùng để bỏ một ngày nghỉ lễ hoặc "
                        "nghỉ bù mặc định");
out:
    free(list);
}

static unsigned page_calendar_override_post(struct http_request *req)
{
    struct web_ctx *c = web_ctx(req);
    struct form_errors errs = {0};
    const char *ngay = arg(req, "ngay");
    const char *loai = arg(req, "loai");
    const char *ten = arg(req, "ten");
    const char *ghi_chu = arg(req, "ghi_chu");
    int32_t date = 0;
    int year = form_year(req);
    char iso[CALENDAR_DATE_SIZE] = "";
    bool have_date = false;
    if (!*ngay) {
        form_errors_add(&errs, "ngay", "nhập ngày cần điều chỉnh");
    } else if (!parse_date(ngay, &date)) {
        form_errors_add(&errs, "ngay",
                        "ngày không hợp lệ; nhập ngày/tháng/năm, ví dụ 07/03/2026");
    } else {
        int y, m, d;
        calendar_date_to_ymd(date, &y, &m, &d);
        if (y < LUNAR_MIN_YEAR || y > LUNAR_MAX_YEAR) {
            form_errors_add(&errs, "ngay", "ngày phải thuộc các năm từ 1901 đến 2199");
        } else {
            year = y;
            have_date = true;
            calendar_date_format(date, iso, sizeof(iso));
        }
    }
    if (!*kind_label(loai))
        form_errors_add(&errs, "loai", "chọn loại ngày: nghỉ, làm bù hoặc làm việc bình thường");
    if (!text_utf8_valid(ten, strlen(ten)) || !text_utf8_valid(ghi_chu, strlen(ghi_chu)))
        form_errors_add(&errs, "ten", "nội dung có ký tự không hợp lệ");
    else if (strlen(ten) >= CALENDAR_NAME_MAX)
        form_errors_add(&errs, "ten", "tên quá dài; hãy viết gọn lại (tối đa 127 byte)");
    if (strlen(ghi_chu) > CALENDAR_NOTE_MAX)
        form_errors_add(&errs, "ghi_chu", "ghi chú quá dài; hãy chỉ ghi số, ngày quyết định");
    if (have_date && *kind_label(loai))
        check_override(req, date, loai, &errs);
    if (errs.count)
        return render(req, 422, year, form_from_request(req), NULL, &errs);
    enum mc_status st = calendar_save_override(c->db, &c->actor, iso, loai, ten, ghi_chu);
    if (st == MC_OK)
        return saved(req, year);
    if (st == MC_ERR_INVALID || st == MC_ERR_TOO_LARGE) {
        form_errors_add(&errs, "ngay", "điều chỉnh không hợp lệ; hãy kiểm tra lại");
        return render(req, 422, year, form_from_request(req), NULL, &errs);
    }
    return http_error(req, 500, "internal", "Không lưu được điều chỉnh, xin thử lại.");
}

static unsigned page_calendar_delete_post(struct http_request *req)
{
    struct web_ctx *c = web_ctx(req);
    int32_t date = 0;
    char iso[CALENDAR_DATE_SIZE];
    if (!parse_date(arg(req, "ngay"), &date))
        return http_error(req, 400, "bad_date", "Ngày không hợp lệ.");
    calendar_date_format(date, iso, sizeof(iso));
    enum mc_status st = calendar_delete_override(c->db, &c->actor, iso);
    if (st == MC_OK) {
        int y, m, d;
        calendar_date_to_ymd(date, &y, &m, &d);
        return saved(req, y);
    }
    return web_fail(req, st, &(const struct web_says){
                        .not_found = "Ngày này không có điều chỉnh để xóa.",
                        .invalid = "Ngày không hợp lệ.",
                        .failed = "Không xóa được điều chỉnh, xin thử lại."}, NULL);
}

static unsigned page_calendar_hours_post(struct http_request *req)
{
    struct web_ctx *c = web_ctx(req);
    struct form_errors errs = {0};
    struct calendar_period p[CALENDAR_MAX_PERIODS];
    int year = form_year(req);
    size_t n = read_hours(req, p, &errs);
    if (errs.count || n == 0)
        return render(req, 422, year, NULL, hours_form_from_request(req), &errs);
    enum mc_status st = calendar_save_hours(c->db, &c->actor, p, n);
    if (st == MC_OK)
        return saved(req, year);
    if (st == MC_ERR_INVALID) {
        form_errors_add(&errs, "sang_bat_dau", "giờ làm việc không hợp lệ");
        return render(req, 422, year, NULL, hours_form_from_request(req), &errs);
    }
    return http_error(req, 500, "internal", "Không lưu được giờ làm việc, xin thử lại.");
}

/* ---------------------------------------------------------------- routes */

static const struct http_route routes[] = {
    {HTTP_GET, "/quan-tri/lich", page_calendar_admin, R_STAFF | R_PROVINCE, 0},
    {HTTP_POST, "/quan-tri/lich", page_calendar_override_post, R_STAFF | R_PROVINCE,
     WEB_FORM_MAX},
    {HTTP_POST, "/quan-tri/lich/xoa", page_calendar_delete_post, R_STAFF | R_PROVINCE,
     WEB_FORM_MAX},
    {HTTP_POST, "/quan-tri/lich/gio-lam-viec", page_calendar_hours_post,
     R_STAFF | R_PROVINCE, WEB_FORM_MAX},
};

const struct web_routes web_page_calendar_admin_routes = WEB_ROUTES(routes);
