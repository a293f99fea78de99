/*
 * kpi_data.c - what the board shows around the table: the trend of a KPI,
 * the communes for the map, the records behind a computed number, frozen
 * snapshots, and the CSV and xlsx exports (see kpi.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>
#include "core/array.h"
#include "core/clock.h"
#include "core/csv.h"
#include "core/log.h"
#include "core/mem.h"
#include "core/strmap.h"
#include "core/vnfmt.h"
#include "core/xlsx_style.h"
#include "core/xlsx_write.h"
#include "domain/codes/codes.h"
#include "domain/index766/index766.h"
#include "domain/kpi/kpi-int.h"
#include "domain/quality/quality.h"
#include "domain/units/unit.h"

#define JSON_FLAGS (JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(12))

static const struct db_query Q_CHANNEL = {
    "kpi.channel", "SELECT channel FROM dossiers WHERE id = ?1",
};
#define UNIT_FILTER(col)                                                    \
    " (?3 = 0 OR (?3 = 1 AND " col " = ?4) OR (?3 = 2 AND " col " IN"       \
    " (SELECT code FROM agencies WHERE unit_code = ?4)))"
/* The period's ratings of dossiers lodged online, driven by their date ("+d.channel":
 * see Q_RATINGS in kpi_compute.c). */
static const struct db_query Q_RATED = {
    "kpi.rated",
    "SELECT d.code, COALESCE(NULLIF(d.procedure_name, ''), (SELECT p.name FROM procedures p"
    " WHERE p.code = d.procedure_code), d.procedure_code),"
    " COALESCE((SELECT a.name FROM agencies a WHERE a.code = r.agency_code), r.agency_code),"
    " r.created_at, r.overall, r.field FROM dossier_ratings r JOIN dossiers d"
    " ON d.id = r.dossier_id WHERE +d.channel = 2 AND r.created_at >= ?1"
    " AND r.created_at < ?2 AND" UNIT_FILTER("r.agency_code") " ORDER BY d.code",
};
static const struct db_query Q_FEEDBACK_ITEMS = {
    "kpi.feedback_items",
    "SELECT f.code, COALESCE(f.public_title, ''),"
    " COALESCE((SELECT a.name FROM agencies a WHERE a.code = f.agency_code), ''),"
    " f.received_at, CASE WHEN f.published_at IS NOT NULL THEN 1 ELSE 0 END, f.status"
    " FROM feedback f WHERE f.received_at >= ?1 AND f.received_at < ?2"
    " AND f.status <> 'rejected' AND" UNIT_FILTER("f.agency_code") " ORDER BY f.code",
};
static const struct db_query Q_SNAP_LAST = {
    "kpi.snap_last", "SELECT COALESCE(MAX(revision), 0) FROM kpi_snapshots WHERE period = ?1",
};
static const struct db_query Q_SNAP_INSERT = {
    "kpi.snap_insert",
    "INSERT INTO kpi_snapshots (period, unit, revision, json, frozen_at, frozen_by)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
};
static const struct db_query Q_SNAP_GET = {
    "kpi.snap_get",
    "SELECT json, revision FROM kpi_snapshots WHERE period = ?1 AND unit = ?2"
    " AND (?3 = 0 OR revision = ?3) ORDER BY revision DESC LIMIT 1",
};

/* ---------------------------------------------------------------- trend */

/* The period k steps of p's length before p, as a string. */
static void step_back(const struct idx_period *p, int year, int first_month, int k,
                      char out[KPI_PERIOD_MAX])
{
    int idx;
    switch (p->kind) {
    case IDX_PERIOD_MONTH:
        idx = year * 12 + (first_month - 1) - k;
        snprintf(out, KPI_PERIOD_MAX, "%04d-%02d", idx / 12, idx % 12 + 1);
        break;
    case IDX_PERIOD_QUARTER:
        idx = year * 4 + (first_month - 1) / 3 - k;
        snprintf(out, KPI_PERIOD_MAX, "%04d-Q%d", idx / 4, idx % 4 + 1);
        break;
    default:
        snprintf(out, KPI_PERIOD_MAX, "%04d", year - k);
        break;
    }
}

enum mc_status kpi_trend(struct db *db, const char *unit, const char *period, const char *key,
                         size_t n, struct kpi_point *out)
{
    struct kpi_table t;
    int y, m;
    enum mc_status rc = kpi_compute(db, unit, period, key, &t);
    if (rc != MC_OK)
        return rc;
    if (n == 0 || n > KPI_TREND_MAX)
        return MC_ERR_INVALID;
    y = t.year;
    m = atoi(t.period + 5);
    if (t.period[5] == 'Q')
        m = (atoi(t.period + 6) - 1) * 3 + 1;
    for (size_t i = 0; rc == MC_OK && i < n; i++) {
        step_back(&(struct idx_period){.kind = t.period[4] == '\0'   ? IDX_PERIOD_YEAR
                                               : t.period[5] == 'Q' ? IDX_PERIOD_QUARTER
                                                                    : IDX_PERIOD_MONTH},
                  y, m, (int)(n - 1 - i), out[i].period);
        struct kpi_table ti;
        rc = kpi_compute(db, unit, out[i].period, key, &ti);
        if (rc == MC_OK)
            out[i].row = *kpi_row_of(&ti, key);
    }
    return rc;
}

const struct kpi_row *kpi_row_of(const struct kpi_table *t, const char *key)
{
    for (size_t i = 0; i < t->n; i++)
        if (strcmp(t->rows[i].def->key, key) == 0)
            return &t->rows[i];
    return &t->rows[0];
}

/* ---------------------------------------------------------------- communes */

ARRAY_LIST_DEFINE(kpi_commune, items)

enum mc_status kpi_commune_names(struct db *db, struct kpi_commune_list *out)
{
    struct unit_list l;
    unit_list_init(&l);
    enum mc_status rc = unit_list_served_communes(db, &l);
    out->n = 0;
    for (size_t i = 0; i < l.n; i++) {
        struct kpi_commune *c = ARRAY_PUSH(out->items, out->n, out->cap);
        snprintf(c->code, sizeof(c->code), "%s", l.items[i].code);
        snprintf(c->name, sizeof(c->name), "%s", l.items[i].full_name);
    }
    unit_list_release(&l);
    return rc;
}

static const struct db_query Q_AGENCY_UNITS = {
    "kpi.agency_units", "SELECT code, unit_code FROM agencies",
};

static int by_code(const void *a, const void *b)
{
    return strcmp(((const struct kpi_commune *)a)->code, ((const struct kpi_commune *)b)->code);
}

/* The dossier KPIs of every commune (out sorted by code) from one read of
 * the 766 counters. */
static enum mc_status communes_from_counters(struct db *db, const struct kpi_def *d,
                                             struct kpi_table *t, struct kpi_commune_list *out)
{
    struct index766_counts_list counts;
    struct strmap commune_of;   /* agency code -> index in out */
    struct db_stmt *st = NULL;
    bool fully = strcmp(d->key, "ho_so_hoan_toan_truc_tuyen") == 0;
    enum mc_status rc = db_query_start(db, &Q_AGENCY_UNITS, &st, "");
    strmap_init(&commune_of);
    index766_counts_list_init(&counts);
    while (db_next(st, &rc)) {
        struct kpi_commune key;
        db_col_copy(st, 1, key.code, sizeof(key.code));
        struct kpi_commune *c = bsearch(&key, out->items, out->n, sizeof(*c), by_code);
        const char *agency = db_col_text(st, 0);
        if (c)
            strmap_set(&commune_of, agency, strlen(agency), c - out->items);
    }
    db_done(st);
    for (size_t i = 0; i < out->n; i++) {
        struct kpi_row *r = &out->items[i].row;
        memset(r, 0, sizeof(*r));
        r->def = d;
        r->drill = true;
        r->has_numerator = r->has_denominator = true;
        if (rc == MC_OK)
            rc = kpi_find_target(db, d, out->items[i].code, t->year, r);
    }
    if (rc == MC_OK)
        rc = index766_counters_get(db, t->period, &counts);
    for (size_t i = 0; rc == MC_OK && i < counts.n; i++) {
        const char *agency = counts.items[i].agency_code;
        int64_t k = 0;
        if (!strmap_get(&commune_of, agency, strlen(agency), &k))
            continue;
        struct kpi_row *r = &out->items[k].row;
        r->numerator += fully ? counts.items[i].c.online : counts.items[i].c.lodged_online;
        r->denominator += counts.items[i].c.received;
    }
    for (size_t i = 0; rc == MC_OK && i < out->n; i++)
        kpi_finish_row(&out->items[i].row);
    index766_counts_list_release(&counts);
    strmap_release(&commune_of);
    return rc;
}

enum mc_status kpi_communes(struct db *db, const char *period, const char *key,
                            struct kpi_commune_list *out)
{
    enum mc_status rc = kpi_commune_names(db, out);
    struct kpi_table *t = xmalloc(sizeof(*t));
    if (rc == MC_OK)   /* checks period and key, gives the canonical period and year */
        rc = kpi_compute(db, NULL, period, key, t);
    const struct kpi_def *d = kpi_def_find(key);
    if (rc == MC_OK && (strcmp(key, "ho_so_hoan_toan_truc_tuyen") == 0 ||
                        strcmp(key, "ho_so_nop_truc_tuyen") == 0)) {
        qsort(out->items, out->n, sizeof(out->items[0]), by_code);
        rc = communes_from_counters(db, d, t, out);
        free(t);
        return rc;
    }
    for (size_t i = 0; rc == MC_OK && i < out->n; i++) {
        rc = kpi_compute(db, out->items[i].code, period, key, t);
        if (rc == MC_OK)
            out->items[i].row = *kpi_row_of(t, key);
    }
    free(t);
    return rc;
}

/* ---------------------------------------------------------------- records */

ARRAY_LIST_DEFINE(kpi_record, items)

static int by_outcome(const void *a, const void *b)
{
    const struct kpi_record *x = a, *y = b;
    if (x->in_numerator != y->in_numerator)
        return x->in_numerator ? 1 : -1;
    return strcmp(x->ref, y->ref);
}

static struct kpi_record *push(struct kpi_record_list *l)
{
    if (l->n == KPI_RECORDS_MAX) {
        l->truncated = true;
        return NULL;
    }
    return ARRAY_PUSH(l->items, l->n, l->cap);
}

static enum mc_status dossier_records(struct db *db, const struct kpi_table *t,
                                      const struct kpi_row *row, bool lodged_only,
                                      struct kpi_record_list *out)
{
    struct quality_dossier_list q;
    enum mc_status rc;
    quality_dossier_list_init(&q);
    rc = quality_dossiers(db, (enum index766_unit_kind)t->kind, t->unit, t->period,
                          "ho_so_truc_tuyen", NULL, &q);
    for (size_t i = 0; rc == MC_OK && i < q.n; i++) {
        const struct quality_dossier *d = &q.rows[i];
        int64_t channel = 0;
        rc = db_get_int(db, &Q_CHANNEL, &channel, "i", d->id);
        struct kpi_record *r = rc == MC_OK ? push(out) : NULL;
        if (!r)
            continue;
        snprintf(r->ref, sizeof(r->ref), "%s", d->code);
        snprintf(r->label, sizeof(r->label), "%s", d->procedure_name);
        snprintf(r->agency, sizeof(r->agency), "%s",
                 d->agency_name[0] ? d->agency_name : d->agency_code);
        r->at = d->received_at;
        r->in_numerator = lodged_only ? channel == 2 : d->in_numerator;
        snprintf(r->detail, sizeof(r->detail), "%s%s", nat_channel_name((int)channel),
                 channel == 2 ? (d->in_numerator ? ", có kết quả điện tử"
                                                 : ", chưa có kết quả điện tử")
                              : "");
    }
    out->numerator = row->numerator;
    out->denominator = row->denominator;
    out->truncated = out->truncated || q.truncated;
    quality_dossier_list_release(&q);
    return rc;
}

static enum mc_status rating_records(struct db *db, const struct kpi_table *t, bool land,
                                     struct idx_period *p, struct kpi_record_list *out)
{
    static const char *names[] = {"", "Rất hài lòng", "Hài lòng", "Không hài lòng"};
    struct db_stmt *st = NULL;
    enum mc_status rc = db_query_start(db, &Q_RATED, &st, "iiis", p->start, p->end,
                                       (int64_t)t->kind, t->unit);
    while (db_next(st, &rc)) {
        if (land && !kpi_field_is_land(db_col_text(st, 5)))
            continue;
        int64_t overall = db_col_int64(st, 4);
        out->denominator++;
        out->numerator += overall <= 2;
        struct kpi_record *r = push(out);
        if (!r)
            continue;
        db_col_copy(st, 0, r->ref, sizeof(r->ref));
        db_col_copy(st, 1, r->label, sizeof(r->label));
        db_col_copy(st, 2, r->agency, sizeof(r->agency));
        r->at = db_col_int64(st, 3);
        r->in_numerator = overall <= 2;
        snprintf(r->detail, sizeof(r->detail), "%s",
                 names[overall >= 1 && overall <= 3 ? overall : 0]);
    }
    db_done(st);
    return rc;
}

static enum mc_status feedback_records(struct db *db, const struct kpi_table *t,
                                       struct idx_period *p, struct kpi_record_list *out)
{
    struct db_stmt *st = NULL;
    enum mc_status rc = db_query_start(db, &Q_FEEDBACK_ITEMS, &st, "iiis", p->start, p->end,
                                       (int64_t)t->kind, t->unit);
    while (db_next(st, &rc)) {
        bool published = db_col_int64(st, 4) != 0;
        out->denominator++;
        out->numerator += published;
        struct kpi_record *r = push(out);
        if (!r)
            continue;
        db_col_copy(st, 0, r->ref, sizeof(r->ref));
        if (published)
            db_col_copy(st, 1, r->label, sizeof(r->label));
        else
            snprintf(r->label, sizeof(r->label), "(nội dung chưa công khai)");
        db_col_copy(st, 2, r->agency, sizeof(r->agency));
        r->at = db_col_int64(st, 3);
        r->in_numerator = published;
        snprintf(r->detail, sizeof(r->detail), "%s",
                 published ? "đã trả lời công khai" : "chưa trả lời công khai");
    }
    db_done(st);
    return rc;
}

enum mc_status kpi_records(struct db *db, const char *unit, const char *period, const char *key,
                           struct kpi_record_list *out)
{
    struct kpi_table *t = xmalloc(sizeof(*t));
    struct idx_period p;
    enum mc_status rc = kpi_compute(db, unit, period, key, t);
    kpi_record_list_release(out);
    if (rc == MC_OK && !kpi_row_of(t, key)->drill)
        rc = MC_ERR_NOT_FOUND;
    if (rc == MC_OK)
        rc = idx_period_parse(t->period, &p);
    if (rc != MC_OK)
        goto out;
    if (strcmp(key, "ho_so_hoan_toan_truc_tuyen") == 0)
        rc = dossier_records(db, t, kpi_row_of(t, key), false, out);
    else if (strcmp(key, "ho_so_nop_truc_tuyen") == 0)
        rc = dossier_records(db, t, kpi_row_of(t, key), true, out);
    else if (strcmp(key, "hai_long_dvctt") == 0)
        rc = rating_records(db, t, false, &p, out);
    else if (strcmp(key, "hai_long_dat_dai_xay_dung_dau_tu") == 0)
        rc = rating_records(db, t, true, &p, out);
    else
        rc = feedback_records(db, t, &p, out);
    if (rc == MC_OK && out->n)
        qsort(out->items, out->n, sizeof(out->items[0]), by_outcome);
out:
    free(t);
    return rc;
}

/* ---------------------------------------------------------------- snapshots */

struct freeze_ctx {
    const char *period;
    const struct audit_actor *who;
    int revision;
    struct kpi_table *t;
};

static enum mc_status freeze_one(struct db *db, struct freeze_ctx *f, const char *unit)
{
    enum mc_status rc = kpi_compute(db, unit, f->period, NULL, f->t);
    if (rc != MC_OK)
        return rc;
    json_t *doc = kpi_table_json(f->t, false);
    char *s = json_dumps(doc, JSON_FLAGS);
    json_decref(doc);
    rc = db_run(db, &Q_SNAP_INSERT, NULL, "ssisii", f->period, unit, (int64_t)f->revision,
                s, clock_now(), f->who ? f->who->user_id : 0);
    free(s);
    return rc;
}

static enum mc_status freeze_tx(struct db *db, void *arg)
{
    struct freeze_ctx *f = arg;
    struct kpi_commune_list communes;
    int64_t last = 0;
    char detail[96];
    enum mc_status rc = db_get_int(db, &Q_SNAP_LAST, &last, "s", f->period);
    f->revision = (int)last + 1;
    kpi_commune_list_init(&communes);
    if (rc == MC_OK)
        rc = freeze_one(db, f, "");
    if (rc == MC_OK)
        rc = kpi_commune_names(db, &communes);
    for (size_t i = 0; rc == MC_OK && i < communes.n; i++)
        rc = freeze_one(db, f, communes.items[i].code);
    snprintf(detail, sizeof(detail), "{\"period\":\"%s\",\"revision\":%d}", f->period,
             f->revision);
    if (rc == MC_OK && f->who)
        rc = audit_record(db, f->who, "kpi.freeze", "kpi", detail);
    kpi_commune_list_release(&communes);
    return rc;
}

enum mc_status kpi_freeze(struct db *db, const char *period, const struct audit_actor *who,
                          int *revision)
{
    struct kpi_table *t = xmalloc(sizeof(*t));
    char canonical[KPI_PERIOD_MAX];
    enum mc_status rc = kpi_compute(db, NULL, period, "ho_so_nop_truc_tuyen", t);
    struct freeze_ctx f = {canonical, who, 0, t};
    if (rc == MC_OK) {
        snprintf(canonical, sizeof(canonical), "%s", t->period);
        rc = db_tx(db, freeze_tx, &f);
    }
    if (rc == MC_OK && revision)
        *revision = f.revision;
    free(t);
    return rc;
}

enum mc_status kpi_frozen_get(struct db *db, const char *period, const char *unit,
                              int revision, char **json, int *rev)
{
    struct db_stmt *st = NULL;
    enum mc_status rc = db_get_row(db, &Q_SNAP_GET, &st, "ssi", period, unit ? unit : "",
                                   (int64_t)revision);
    *json = NULL;
    if (rc == MC_OK) {
        *json = db_col_strdup(st, 0);
        if (rev)
            *rev = (int)db_col_int64(st, 1);
    }
    db_done(st);
    return rc;
}

/* ---------------------------------------------------------------- exports */

/* Gap to the target in percentage points (negative: below), or NaN. */
static bool gap_of(const struct kpi_row *r, double *gap)
{
    if (!r->has_value || !r->has_target)
        return false;
    *gap = r->value - r->target;
    return true;
}

enum mc_status kpi_export_csv(const struct kpi_table *t, struct buf *out)
{
    struct csv_writer w;
    char v[KPI_NAME_MAX];
    csv_writer_init(&w, out, CSV_BOM);
    static const char *heads[] = {"STT", "Mã", "Chỉ tiêu", "Giá trị (%)", "Tử số", "Mẫu số",
                                  "Mục tiêu (%)", "Chênh lệch (điểm %)", "Nguồn số liệu",
                                  "Ghi chú"};
    for (size_t i = 0; i < MC_ARRAY_LEN(heads); i++)
        csv_write_text(&w, heads[i]);
    csv_write_end(&w);
    for (size_t i = 0; i < t->n; i++) {
        const struct kpi_row *r = &t->rows[i];
        double gap = 0;
        csv_write_int(&w, (int64_t)i + 1);
        csv_write_text(&w, r->def->key);
        csv_write_text(&w, r->def->name);
        if (r->has_value)
            csv_write_double(&w, r->value, 1);
        else
            csv_write_empty(&w);
        if (r->has_numerator)
            csv_write_int(&w, r->numerator);
        else
            csv_write_empty(&w);
        if (r->has_denominator)
            csv_write_int(&w, r->denominator);
        else
            csv_write_empty(&w);
        if (r->has_target)
            csv_write_double(&w, r->target, 1);
        else
            csv_write_empty(&w);
        if (gap_of(r, &gap))
            csv_write_double(&w, gap, 1);
        else
            csv_write_empty(&w);
        csv_write_text(&w, kpi_source_label(r->def->source));
        csv_write_text(&w, r->has_value ? "" : kpi_row_value_text(r, v, sizeof(v)));
        csv_write_end(&w);
    }
    return buf_status(out);
}

/* xlsx_write_fn: the KPI sheet; ctx is the table. */
static enum mc_status fill_kpis(lxw_workbook *wb, void *ctx)
{
    const struct kpi_table *t = ctx;
    static const char *heads[] = {"STT", "Mã", "Chỉ tiêu", "Giá trị (%)", "Tử số", "Mẫu số",
                                  "Mục tiêu (%)", "Chênh lệch (điểm %)", "Nguồn số liệu",
                                  "Ghi chú"};
    static const struct xlsx_width widths[] = {{2, 2, 70}, {3, 9, 14}};
    char line[KPI_NAME_MAX + KPI_PERIOD_MAX + 64], v[KPI_NAME_MAX];
    lxw_worksheet *ws = workbook_add_worksheet(wb, "Chỉ tiêu");
    lxw_format *bold = xlsx_format(wb, XLSX_BOLD, NULL);
    lxw_format *num = xlsx_format(wb, XLSX_PLAIN, "#,##0");
    lxw_format *pct = xlsx_format(wb, XLSX_PLAIN, "0.0");
    xlsx_set_widths(ws, widths, MC_ARRAY_LEN(widths));
    snprintf(line, sizeof(line), "CHỈ TIÊU QĐ 1588/QĐ-TTg - %s - kỳ %s", t->name, t->period);
    worksheet_write_string(ws, 0, 0, line, bold);
    for (size_t c = 0; c < MC_ARRAY_LEN(heads); c++)
        worksheet_write_string(ws, 2, (lxw_col_t)c, heads[c], bold);
    for (size_t i = 0; i < t->n; i++) {
        const struct kpi_row *r = &t->rows[i];
        lxw_row_t row = (lxw_row_t)(3 + i);
        double gap = 0;
        worksheet_write_number(ws, row, 0, (double)i + 1, NULL);
        worksheet_write_string(ws, row, 1, r->def->key, NULL);
        worksheet_write_string(ws, row, 2, r->def->name, NULL);
        if (r->has_value)
            worksheet_write_number(ws, row, 3, r->value, pct);
        if (r->has_numerator)
            worksheet_write_number(ws, row, 4, (double)r->numerator, num);
        if (r->has_denominator)
            worksheet_write_number(ws, row, 5, (double)r->denominator, num);
        if (r->has_target)
            worksheet_write_number(ws, row, 6, r->target, pct);
        if (gap_of(r, &gap))
            worksheet_write_number(ws, row, 7, gap, pct);
        worksheet_write_string(ws, row, 8, kpi_source_label(r->def->source), NULL);
        if (!r->has_value)
            worksheet_write_string(ws, row, 9, kpi_row_value_text(r, v, sizeof(v)), NULL);
    }
    return MC_OK;
}

enum mc_status kpi_export_xlsx(const struct kpi_table *t, const char *tmpdir, struct buf *out)
{
    return xlsx_write_to_buf(tmpdir, "kpi", fill_kpis, (void *)t, out);
}
