/*
 * survey_results.c - counting responses (with the agency and respondent
 * group filters), percentages, and the CSV and xlsx exports (see
 * survey.h).  The chart of the results is drawn by the web layer
 * (web/survey/survey_view.h).
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <xlsxwriter.h>
#include "domain/survey/survey.h"
#include "core/clock.h"
#include "core/csv.h"
#include "core/log.h"
#include "core/mem.h"
#include "core/xlsx_style.h"
#include "core/xlsx_write.h"

#define FILTER                                                                         \
    " r.survey_id = ?1 AND (?2 IS NULL OR r.agency_code = ?2) AND (?3 = 0 OR EXISTS"   \
    " (SELECT 1 FROM survey_answers g WHERE g.response_id = r.id AND g.option_id = ?3))"
#define ANSWERS_JOIN " FROM survey_answers a JOIN survey_responses r ON r.id = a.response_id"

static const struct db_query Q_TOTAL = {
    "survey.results_total",
    "SELECT COUNT(*) FROM survey_responses r WHERE" FILTER,
};
static const struct db_query Q_OPTIONS = {
    "survey.results_options",
    "SELECT a.question_id, a.option_id, COUNT(*)" ANSWERS_JOIN " WHERE" FILTER
    " AND a.option_id IS NOT NULL GROUP BY a.question_id, a.option_id",
};
static const struct db_query Q_SCALE = {
    "survey.results_scale",
    "SELECT a.question_id, a.value, COUNT(*)" ANSWERS_JOIN " WHERE" FILTER
    " AND a.value IS NOT NULL GROUP BY a.question_id, a.value",
};
static const struct db_query Q_ANSWERED = {
    "survey.results_answered",
    "SELECT a.question_id, COUNT(DISTINCT a.response_id)" ANSWERS_JOIN " WHERE" FILTER
    " GROUP BY a.question_id",
};
static const struct db_query Q_TEXTS = {
    "survey.results_texts",
    "SELECT a.question_id, a.text, a.id" ANSWERS_JOIN " WHERE" FILTER
    " AND a.text IS NOT NULL ORDER BY a.response_id DESC, a.id DESC",
};
static const struct db_query Q_X_RESPONSES = {
    "survey.export_responses",
    "SELECT r.id, r.submitted_at, COALESCE(ag.name, ''), r.channel FROM survey_responses r"
    " LEFT JOIN agencies ag ON ag.code = r.agency_code WHERE" FILTER " ORDER BY r.id",
};
static const struct db_query Q_X_ANSWERS = {
    "survey.export_answers",
    "SELECT a.response_id, a.question_id, COALESCE(a.option_id, 0), COALESCE(a.value, 0),"
    " COALESCE(a.text, '')" ANSWERS_JOIN " WHERE" FILTER " ORDER BY a.response_id, a.id",
};

/* ---------------------------------------------------------------- results */

void survey_results_init(struct survey_results *r)
{
    memset(r, 0, sizeof(*r));
}

void survey_results_release(struct survey_results *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->nq; i++) {
        free(r->q[i].counts);
        for (size_t k = 0; k < r->q[i].ntexts; k++)
            free(r->q[i].texts[k]);
        free(r->q[i].texts);
        free(r->q[i].text_ids);
    }
    free(r->q);
    survey_results_init(r);
}

static bool group_option_ok(const struct survey *s, int64_t id)
{
    for (size_t i = 0; i < s->nq; i++) {
        const struct survey_question *q = &s->questions[i];
        for (size_t k = 0; q->is_group && k < q->nopts; k++)
            if (q->options[k].id == id)
                return true;
    }
    return false;
}

static size_t question_index(const struct survey *s, int64_t id)
{
    for (size_t i = 0; i < s->nq; i++)
        if (s->questions[i].id == id)
            return i;
    return s->nq;
}

static enum mc_status start(struct db *db, const struct db_query *q, const struct survey *s,
                            const struct survey_filter *f, struct db_stmt **st)
{
    const char *agency = f && f->agency_code && *f->agency_code ? f->agency_code : NULL;
    return db_query_start(db, q, st, "isi", s->id, agency, f ? f->group_option : 0);
}

/* Run one grouped query; fn gets (question index, key column, count column). */
static enum mc_status grouped(struct db *db, const struct db_query *q, const struct survey *s,
                              const struct survey_filter *f, struct survey_results *out,
                              void (*fn)(const struct survey *, struct survey_results *,
                                         size_t, struct db_stmt *))
{
    struct db_stmt *st = NULL;
    enum mc_status rc = start(db, q, s, f, &st);
    while (db_next(st, &rc)) {
        size_t i = question_index(s, db_col_int64(st, 0));
        if (i < s->nq)
            fn(s, out, i, st);
    }
    db_done(st);
    return rc;
}

static void take_option(const struct survey *s, struct survey_results *out, size_t i,
                        struct db_stmt *st)
{
    const struct survey_question *q = &s->questions[i];
    int64_t id = db_col_int64(st, 1);
    for (size_t k = 0; k < q->nopts && k < out->q[i].ncounts; k++)
        if (q->options[k].id == id)
            out->q[i].counts[k] = db_col_int64(st, 2);
}

static void take_scale(const struct survey *s, struct survey_results *out, size_t i,
                       struct db_stmt *st)
{
    int64_t v = db_col_int64(st, 1);
    (void)s;
    if (v >= 1 && v <= SURVEY_SCALE_MAX && out->q[i].ncounts == SURVEY_SCALE_MAX)
        out->q[i].counts[v - 1] = db_col_int64(st, 2);
}

static void take_answered(const struct survey *s, struct survey_results *out, size_t i,
                          struct db_stmt *st)
{
    (void)s;
    out->q[i].answered = db_col_int64(st, 1);
}

static void take_text(const struct survey *s, struct survey_results *out, size_t i,
                      struct db_stmt *st)
{
    struct survey_question_result *r = &out->q[i];
    (void)s;
    if (r->ntexts >= SURVEY_TEXTS_SHOWN)
        return;
    if (!r->texts) {
        r->texts = xcalloc(SURVEY_TEXTS_SHOWN, sizeof(*r->texts));
        r->text_ids = xcalloc(SURVEY_TEXTS_SHOWN, sizeof(*r->text_ids));
    }
    r->text_ids[r->ntexts] = db_col_int64(st, 2);
    r->texts[r->ntexts++] = xstrdup(db_col_text(st, 1));
}

enum mc_status survey_results(struct db *db, const struct survey *s,
                              const struct survey_filter *f, struct survey_results *out)
{
    survey_results_release(out);
    if (f && f->group_option && !group_option_ok(s, f->group_option))
        return MC_ERR_INVALID;
    out->nq = s->nq;
    out->q = xcalloc(s->nq + 1, sizeof(*out->q));
    for (size_t i = 0; i < s->nq; i++) {
        const struct survey_question *q = &s->questions[i];
        size_t n = q->kind == SURVEY_SCALE ? SURVEY_SCALE_MAX : q->nopts;
        out->q[i].ncounts = n;
        out->q[i].counts = xcalloc(n + 1, sizeof(int64_t));
    }
    const char *agency = f && f->agency_code && *f->agency_code ? f->agency_code : NULL;
    enum mc_status rc = db_get_int(db, &Q_TOTAL, &out->responses, "isi", s->id, agency,
                                   f ? f->group_option : 0);
    if (rc == MC_OK)
        rc = grouped(db, &Q_OPTIONS, s, f, out, take_option);
    if (rc == MC_OK)
        rc = grouped(db, &Q_SCALE, s, f, out, take_scale);
    if (rc == MC_OK)
        rc = grouped(db, &Q_ANSWERED, s, f, out, take_answered);
    if (rc == MC_OK)
        rc = grouped(db, &Q_TEXTS, s, f, out, take_text);
    for (size_t i = 0; rc == MC_OK && i < s->nq; i++) {
        struct survey_question_result *r = &out->q[i];
        int64_t sum = 0, n = 0;
        if (s->questions[i].kind != SURVEY_SCALE)
            continue;
        for (size_t v = 0; v < r->ncounts; v++) {
            sum += r->counts[v] * (int64_t)(v + 1);
            n += r->counts[v];
        }
        r->mean = n ? (double)sum / (double)n : 0;
    }
    if (rc != MC_OK)
        survey_results_release(out);
    return rc;
}

void survey_percent(int64_t n, int64_t total, char *out, size_t size)
{
    if (total <= 0 || n <= 0) {
        snprintf(out, size, "0%%");
        return;
    }
    int64_t tenths = (n * 1000 + total / 2) / total;
    if (tenths % 10 == 0)
        snprintf(out, size, "%lld%%", (long long)(tenths / 10));
    else
        snprintf(out, size, "%lld,%lld%%", (long long)(tenths / 10), (long long)(tenths % 10));
}

/* ---------------------------------------------------------------- exports */

struct export_row {
    int64_t number;             /* 1.. in the export */
    int64_t submitted_at;
    const char *agency, *channel;
    struct buf *cells;          /* one per question */
    size_t ncells;              /* the survey's questions */
};

typedef enum mc_status (*row_fn)(void *ctx, const struct export_row *row);

static const char *option_label(const struct survey_question *q, int64_t id)
{
    for (size_t k = 0; k < q->nopts; k++)
        if (q->options[k].id == id)
            return q->options[k].label;
    return "";
}

/* Walk the responses in order, with each one's answers as text cells. */
static enum mc_status each_response_row(struct db *db, const struct survey *s,
                               const struct survey_filter *f, row_fn fn, void *ctx)
{
    struct db_stmt *rs = NULL, *as = NULL;
    bool arow = false;
    struct buf *cells = xcalloc(s->nq + 1, sizeof(*cells));
    struct export_row row = {.cells = cells, .ncells = s->nq};
    for (size_t i = 0; i < s->nq; i++)
        buf_init(&cells[i], BUF_MAX_SMALL);
    enum mc_status rc = start(db, &Q_X_RESPONSES, s, f, &rs);
    if (rc == MC_OK)
        rc = start(db, &Q_X_ANSWERS, s, f, &as);
    if (rc == MC_OK)
        rc = db_step(as, &arow);
    while (db_next(rs, &rc)) {
        int64_t id = db_col_int64(rs, 0);
        for (size_t i = 0; i < s->nq; i++)
            buf_reset(&cells[i]);
        while (rc == MC_OK && arow && db_col_int64(as, 0) <= id) {
            size_t qi = question_index(s, db_col_int64(as, 1));
            if (db_col_int64(as, 0) == id && qi < s->nq) {
                const struct survey_question *q = &s->questions[qi];
                struct buf *c = &cells[qi];
                if (c->len)
                    buf_adds(c, "; ");
                if (q->kind == SURVEY_SCALE)
                    buf_addf(c, "%lld", (long long)db_col_int64(as, 3));
                else if (q->kind == SURVEY_TEXT)
                    buf_adds(c, db_col_text(as, 4));
                else
                    buf_adds(c, option_label(q, db_col_int64(as, 2)));
            }
            rc = db_step(as, &arow);
        }
        row.number++;
        row.submitted_at = db_col_int64(rs, 1);
        row.agency = db_col_text(rs, 2);
        row.channel = db_col_text(rs, 3);
        if (rc == MC_OK)
            rc = fn(ctx, &row);
    }
    db_done(as);
    db_done(rs);
    for (size_t i = 0; i < s->nq; i++)
        buf_release(&cells[i]);
    free(cells);
    return rc;
}

/* A question's column heading in the exports: "Câu 2. Bạn hài lòng thế nào?". */
#define QUESTION_HEADING "Câu %d. %s"

static void question_heading(const struct survey_question *q, struct buf *out)
{
    buf_addf(out, QUESTION_HEADING, q->position, q->text);
}

static enum mc_status csv_row(void *arg, const struct export_row *row)
{
    struct csv_writer *w = arg;
    char when[32];
    clock_format_vn(row->submitted_at, when, sizeof(when));
    csv_write_int(w, row->number);
    csv_write_text(w, when);
    csv_write_text(w, row->agency);
    csv_write_text(w, strcmp(row->channel, "api") == 0 ? "Ứng dụng" : "Trang web");
    for (size_t i = 0; i < row->ncells; i++)
        csv_write_text(w, buf_cstr(&row->cells[i]));
    csv_write_end(w);
    return buf_status(w->out);
}

enum mc_status survey_export_csv(struct db *db, const struct survey *s,
                                 const struct survey_filter *f, struct buf *out)
{
    static const char *const fixed[] = {"STT", "Thời gian", "Cơ quan", "Kênh"};
    struct csv_writer w;
    if (f && f->group_option && !group_option_ok(s, f->group_option))
        return MC_ERR_INVALID;
    csv_writer_init(&w, out, CSV_BOM);
    for (size_t i = 0; i < MC_ARRAY_LEN(fixed); i++)
        csv_write_text(&w, fixed[i]);
    for (size_t i = 0; i < s->nq; i++)
        csv_write_textf(&w, QUESTION_HEADING, s->questions[i].position, s->questions[i].text);
    csv_write_end(&w);
    enum mc_status rc = each_response_row(db, s, f, csv_row, &w);
    if (rc == MC_OK)
        rc = buf_status(out);
    return rc;
}

struct xlsx_ctx {
    const struct survey *s;
    lxw_worksheet *ws;
    lxw_row_t row;
};

static enum mc_status xlsx_row(void *arg, const struct export_row *row)
{
    struct xlsx_ctx *c = arg;
    char when[32];
    clock_format_vn(row->submitted_at, when, sizeof(when));
    worksheet_write_number(c->ws, c->row, 0, (double)row->number, NULL);
    worksheet_write_string(c->ws, c->row, 1, when, NULL);
    worksheet_write_string(c->ws, c->row, 2, row->agency, NULL);
    worksheet_write_string(c->ws, c->row, 3,
                           strcmp(row->channel, "api") == 0 ? "Ứng dụng" : "Trang web", NULL);
    for (size_t i = 0; i < c->s->nq; i++) {
        const char *v = buf_cstr(&row->cells[i]);
        if (c->s->questions[i].kind == SURVEY_SCALE && *v)
            worksheet_write_number(c->ws, c->row, (lxw_col_t)(4 + i), atof(v), NULL);
        else if (*v)
            worksheet_write_string(c->ws, c->row, (lxw_col_t)(4 + i), v, NULL);
    }
    c->row++;
    return MC_OK;
}

/* The "Tổng hợp" sheet: counts and shares per question. */
static void xlsx_summary(lxw_workbook *wb, const struct survey *s,
                         const struct survey_results *res)
{
    lxw_worksheet *ws = workbook_add_worksheet(wb, "Tổng hợp");
    lxw_format *bold = xlsx_format(wb, XLSX_BOLD, NULL);
    lxw_format *pct = xlsx_format(wb, XLSX_PLAIN, "0.0%");
    struct buf h;
    lxw_row_t r = 0;
    buf_init(&h, BUF_MAX_SMALL);
    worksheet_set_column(ws, 0, 0, 60, NULL);
    worksheet_set_column(ws, 1, 2, 14, NULL);
    worksheet_write_string(ws, r++, 0, s->title, bold);
    worksheet_write_string(ws, r, 0, "Số phiếu trả lời", NULL);
    worksheet_write_number(ws, r++, 1, (double)res->responses, NULL);
    for (size_t i = 0; i < s->nq; i++) {
        const struct survey_question *q = &s->questions[i];
        const struct survey_question_result *qr = &res->q[i];
        r++;
        buf_reset(&h);
        question_heading(q, &h);
        worksheet_write_string(ws, r, 0, buf_cstr(&h), bold);
        worksheet_write_string(ws, r, 1, "Số người", bold);
        worksheet_write_string(ws, r++, 2, "Tỷ lệ", bold);
        for (size_t k = 0; k < qr->ncounts; k++) {
            char v[24];
            snprintf(v, sizeof(v), "%zu", k + 1);
            worksheet_write_string(ws, r, 0, q->kind == SURVEY_SCALE ? v : q->options[k].label,
                                   NULL);
            worksheet_write_number(ws, r, 1, (double)qr->counts[k], NULL);
            worksheet_write_number(ws, r++, 2, qr->answered ? (double)qr->counts[k] /
                                                              (double)qr->answered : 0, pct);
        }
        if (q->kind == SURVEY_SCALE) {
            worksheet_write_string(ws, r, 0, "Điểm trung bình", NULL);
            worksheet_write_number(ws, r++, 1, qr->mean, NULL);
        }
        worksheet_write_string(ws, r, 0, "Số người trả lời câu này", NULL);
        worksheet_write_number(ws, r++, 1, (double)qr->answered, NULL);
    }
    buf_release(&h);
}

/* What the workbook of a survey export is made of. */
struct xlsx_export {
    struct db *db;
    const struct survey *s;
    const struct survey_filter *f;
    const struct survey_results *res;
};

/* xlsx_write_fn: the summary sheet, then one row per response. */
static enum mc_status fill_survey(lxw_workbook *wb, void *ctx)
{
    static const char *const head[] = {"STT", "Thời gian", "Cơ quan", "Kênh"};
    const struct xlsx_export *x = ctx;
    const struct survey *s = x->s;
    struct buf h;
    enum mc_status rc;
    buf_init(&h, BUF_MAX_SMALL);
    xlsx_summary(wb, s, x->res);
    struct xlsx_ctx c = {s, workbook_add_worksheet(wb, "Câu trả lời"), 1};
    lxw_format *bold = xlsx_format(wb, XLSX_BOLD, NULL);
    for (size_t i = 0; i < MC_ARRAY_LEN(head); i++)
        worksheet_write_string(c.ws, 0, (lxw_col_t)i, head[i], bold);
    for (size_t i = 0; i < s->nq; i++) {
        buf_reset(&h);
        question_heading(&s->questions[i], &h);
        worksheet_write_string(c.ws, 0, (lxw_col_t)(4 + i), buf_cstr(&h), bold);
    }
    rc = each_response_row(x->db, s, x->f, xlsx_row, &c);
    buf_release(&h);
    return rc;
}

enum mc_status survey_export_xlsx(struct db *db, const struct survey *s,
                                  const struct survey_filter *f, const char *tmpdir,
                                  struct buf *out)
{
    struct survey_results res;
    struct xlsx_export x = {db, s, f, &res};
    enum mc_status rc;
    survey_results_init(&res);
    rc = survey_results(db, s, f, &res);
    if (rc == MC_OK)
        rc = xlsx_write_to_buf(tmpdir, "survey", fill_survey, &x, out);
    survey_results_release(&res);
    return rc;
}
