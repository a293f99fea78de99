/*
 * collaborator.c - the collaborators' help log: adding an entry and
 * listing one's own (see collaborator.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "domain/collaborator/collaborator.h"
#include "core/array.h"
#include "core/clock.h"
#include "core/db_row.h"
#include "core/mem.h"
#include "core/text.h"
#include "domain/calendar/date.h"
#include "domain/feedback/feedback.h"

/* ---------------------------------------------------------------- statements */

static const struct db_query Q_ADD = {
    "collaborator.help_add",
    "INSERT INTO collaborator_help_log (user_id, agency_code, helped_on, citizen_name, kind,"
    " count, note, feedback_code, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
    " RETURNING id",
};
static const struct db_query Q_LIST = {
    "collaborator.help_list",
    "SELECT id, helped_on, citizen_name, kind, count, COALESCE(note, ''),"
    " COALESCE(feedback_code, '') FROM collaborator_help_log WHERE user_id = ?1"
    " ORDER BY helped_on DESC, id DESC LIMIT ?2",
};
static const struct db_query Q_TOTALS = {
    "collaborator.help_totals",
    "SELECT COUNT(*), COALESCE(SUM(count), 0) FROM collaborator_help_log WHERE user_id = ?1",
};

/* collab_agency_activity() */
static const struct db_query Q_AGENCY_ACTIVITY = {
    "collaborator.agency_activity",
    "SELECT COUNT(*), COALESCE(SUM(count), 0) FROM collaborator_help_log"
    " WHERE agency_code = ?1 AND helped_on >= ?2 AND helped_on < ?3",
};

/* ---------------------------------------------------------------- kinds */

static const struct {
    const char *key, *label;
} kinds[] = {
    {"huong_dan_nop", "Hướng dẫn nộp hồ sơ trực tuyến"},
    {"tao_tai_khoan", "Tạo tài khoản, định danh điện tử"},
    {"cai_ung_dung", "Cài ứng dụng trên điện thoại"},
    {"gui_phan_anh", "Gửi phản ánh, kiến nghị"},
    {"tra_cuu", "Tra cứu hồ sơ, kết quả"},
    {"thanh_toan", "Thanh toán trực tuyến"},
    {"khac", "Việc khác"},
};

const char *const collab_help_kinds[] = {"huong_dan_nop", "tao_tai_khoan", "cai_ung_dung",
                                         "gui_phan_anh", "tra_cuu", "thanh_toan", "khac",
                                         NULL};

const char *collab_help_kind_label(const char *key)
{
    for (size_t i = 0; key && i < MC_ARRAY_LEN(kinds); i++)
        if (strcmp(kinds[i].key, key) == 0)
            return kinds[i].label;
    return NULL;
}

bool collab_may_log(const struct user *u)
{
    return u && u->kind == USER_STAFF && (u->roles & ROLE_COLLABORATOR) && u->agency_code[0];
}

/* ---------------------------------------------------------------- adding */

static bool blank(const char *s)
{
    if (!s)
        return true;
    while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
        s++;
    return *s == '\0';
}

/* The Vietnam date of t as "YYYY-MM-DD" into out (at least 11 bytes). */
static void vn_date(int64_t t, char *out, size_t size)
{
    char iso[32];
    clock_format_iso(t, iso, sizeof(iso));
    snprintf(out, size, "%.10s", iso);
}

/*
 * Check that s is a real date (YYYY-MM-DD as date fields send it, or
 * dd/mm/yyyy as people type it) no later than today and no more than
 * COLLAB_BACKDATE_DAYS back, and write it as "YYYY-MM-DD" into iso; the
 * message for errs otherwise.
 */
static const char *date_problem(const char *s, char iso[CALENDAR_DATE_SIZE])
{
    char today[16], back[16];
    int32_t date = 0;
    if (calendar_date_parse_input(s, &date) != MC_OK)
        return "ngày không hợp lệ (" CALENDAR_DATE_HINT ")";
    calendar_date_format(date, iso, CALENDAR_DATE_SIZE);
    vn_date(clock_now(), today, sizeof(today));
    vn_date(clock_now() - (int64_t)COLLAB_BACKDATE_DAYS * 86400, back, sizeof(back));
    if (strcmp(iso, today) > 0)
        return "ngày hỗ trợ không được sau hôm nay";
    if (strcmp(iso, back) < 0)
        return "chỉ ghi được việc hỗ trợ trong 60 ngày gần đây";
    return NULL;
}

struct add_ctx {
    const struct user *u;
    const struct collab_help *h;
    const struct audit_actor *who;
    const char *date;
    int64_t count;
    int64_t id;
};

static enum mc_status add_tx(struct db *db, void *arg)
{
    struct add_ctx *c = arg;
    char object[48];
    enum mc_status rc = db_get_int(db, &Q_ADD, &c->id, "issssissi", c->u->id,
                                   c->u->agency_code, c->date, c->h->citizen_name, c->h->kind,
                                   c->count, blank(c->h->note) ? NULL : c->h->note,
                                   blank(c->h->feedback_code) ? NULL : c->h->feedback_code,
                                   clock_now());
    if (rc == MC_ERR_NOT_FOUND)
        rc = MC_ERR_INTERNAL;   /* INSERT ... RETURNING always gives a row */
    snprintf(object, sizeof(object), "collaborator_help:%lld", (long long)c->id);
    if (rc == MC_OK)
        rc = audit_record(db, c->who, "collaborator.help", object, c->h->kind);
    return rc;
}

static void check_text(struct form_errors *errs, const char *field, const char *s, size_t max,
                       bool required, const char *missing, const char *too_long)
{
    if (blank(s)) {
        if (required)
            form_errors_add(errs, field, missing);
        return;
    }
    if (strlen(s) > max)
        form_errors_add(errs, field, too_long);
    else if (!text_utf8_valid(s, strlen(s)))
        form_errors_add(errs, field, "chữ không hợp lệ (không phải UTF-8)");
    else if (feedback_has_markup(s))
        form_errors_add(errs, field, "không được chứa mã HTML hay mã lệnh");
}

enum mc_status collab_help_add(struct db *db, const struct user *u,
                               const struct collab_help *h, const struct audit_actor *who,
                               struct form_errors *errs, int64_t *id)
{
    char today[16], iso[CALENDAR_DATE_SIZE] = "";
    struct add_ctx c = {u, h, who, iso, 1, 0};
    const char *problem = NULL;
    if (!collab_may_log(u))
        return MC_ERR_FORBIDDEN;
    vn_date(clock_now(), today, sizeof(today));
    problem = date_problem(blank(h->helped_on) ? today : h->helped_on, iso);
    if (problem)
        form_errors_add(errs, "helped_on", problem);
    check_text(errs, "citizen_name", h->citizen_name, COLLAB_NAME_MAX, true,
               "vui lòng nhập họ tên người được hỗ trợ", "họ tên dài tối đa 200 ký tự");
    if (!collab_help_kind_label(h->kind))
        form_errors_add(errs, "kind", "vui lòng chọn nội dung hỗ trợ");
    if (!blank(h->count)) {
        char *end = NULL;
        long long n = strtoll(h->count, &end, 10);
        while (end && *end == ' ')
            end++;
        if (!end || *end || n < 1 || n > COLLAB_COUNT_MAX)
            form_errors_add(errs, "count", "số người được hỗ trợ là số từ 1 đến 500");
        else
            c.count = (int64_t)n;
    }
    check_text(errs, "note", h->note, COLLAB_NOTE_MAX, false, NULL,
               "ghi chú dài tối đa 1.000 ký tự");
    if (errs->count)
        return MC_ERR_INVALID;
    enum mc_status st = db_tx(db, add_tx, &c);
    if (st == MC_OK && id)
        *id = c.id;
    return st;
}

/* ---------------------------------------------------------------- listing */

ARRAY_LIST_DEFINE(collab_help, items)

/* The columns of Q_LIST, in order. */
static const struct db_field COLLAB_HELP_FIELDS[] = {
    DB_INT64(struct collab_help_row, id),
    DB_TEXT(struct collab_help_row, helped_on),
    DB_TEXT(struct collab_help_row, citizen_name),
    DB_TEXT(struct collab_help_row, kind),
    DB_INT64(struct collab_help_row, count),
    DB_TEXT(struct collab_help_row, note),
    DB_TEXT(struct collab_help_row, feedback_code),
};

static const struct db_row_type HELP_ROW =
    DB_ROW_TYPE(struct collab_help_row, COLLAB_HELP_FIELDS, NULL, NULL);

enum mc_status collab_help_list(struct db *db, const struct user *u, size_t max,
                                struct collab_help_list *out)
{
    struct db_stmt *st = NULL;
    enum mc_status rc;
    collab_help_list_release(out);
    if (!collab_may_log(u))
        return MC_ERR_FORBIDDEN;
    if (max == 0 || max > COLLAB_LIST_MAX)
        max = COLLAB_LIST_MAX;
    out->items = xcalloc(max, sizeof(*out->items));
    rc = db_get_row(db, &Q_TOTALS, &st, "i", u->id);
    if (rc == MC_OK) {
        out->entries = db_col_int64(st, 0);
        out->people = db_col_int64(st, 1);
    } else if (rc == MC_ERR_NOT_FOUND) {
        rc = MC_OK;
    }
    db_done(st);
    if (rc == MC_OK)
        rc = db_row_fill(db, &Q_LIST, &HELP_ROW, out->items, max, &out->n, "ii", u->id,
                         (int64_t)max);
    return rc;
}

enum mc_status collab_agency_activity(struct db *db, const char *agency, const char *from,
                                      const char *to, int64_t *entries, int64_t *people)
{
    struct db_stmt *st = NULL;
    enum mc_status rc = db_get_row(db, &Q_AGENCY_ACTIVITY, &st, "sss", agency, from, to);
    *entries = 0;
    *people = 0;
    if (rc == MC_OK) {
        *entries = db_col_int64(st, 0);
        *people = db_col_int64(st, 1);
    }
    db_done(st);
    return rc;
}
