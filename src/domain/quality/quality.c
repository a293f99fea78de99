/*
 * quality.c - default period, trend months and the dossiers behind a
 * dossier-fed indicator (see quality.h).
 */
#include "domain/quality/quality.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "domain/calendar/date.h"
#include "core/array.h"
#include "core/clock.h"
#include "core/db_row.h"
#include "core/log.h"
#include "core/mem.h"

/* Numerator and denominator counters of the indicators fed by dossiers. */
static const struct {
    const char *key, *num, *den;
} dossier_indicators[] = {
    {"giai_quyet_dung_han", "on_time", "counted"},
    {"ho_so_truc_tuyen", "online", "received"},
    {"ho_so_thanh_toan_truc_tuyen", "paid_online", "with_fee"},
    {"ket_qua_dien_tu", "e_result", "with_result"},
    {"so_hoa_thanh_phan", "digitised", "received"},
    {"tai_su_dung", "reused", "received"},
    {"hai_long_tthc", "satisfied", "counted"},
};

/*
 * The dossiers of a unit received before ?1: ?2 is the unit kind (0
 * province, 1 agency, 2 commune), ?3 its code, ?4 one agency or ''.
 * The columns feed dossier_to_idx() as index766_scan_dossiers() does.
 */
static const struct db_query Q_SCAN = {
    "quality.scan",
    "SELECT id, code, procedure_code, COALESCE(NULLIF(procedure_name, ''),"
    " (SELECT p.name FROM procedures p WHERE p.code = dossiers.procedure_code), ''),"
    " agency_code, step, " DOSSIER_IDX_COLS ","
    " COALESCE((SELECT a.name FROM agencies a WHERE a.code = dossiers.agency_code), '')"
    " FROM dossiers WHERE received_at < ?1"
    " AND (?2 = 0 OR (?2 = 1 AND agency_code = ?3)"
    "      OR (?2 = 2 AND agency_code IN (SELECT code FROM agencies WHERE unit_code = ?3)))"
    " AND (?4 = '' OR agency_code = ?4)",
};

/* ---------------------------------------------------------------- periods */

static void month_key(int y, int m, char out[IDX_PERIOD_STR_SIZE])
{
    snprintf(out, IDX_PERIOD_STR_SIZE, "%04d-%02d", y, m);
}

static void month_back(int *y, int *m, int k)
{
    int idx = *y * 12 + (*m - 1) - k;
    *y = idx / 12;
    *m = idx % 12 + 1;
}

enum mc_status quality_default_period(struct db *db, int64_t now,
                                      char out[IDX_PERIOD_STR_SIZE], bool *provisional)
{
    int y, m, d;
    calendar_date_to_ymd(calendar_date_of(now), &y, &m, &d);
    for (int k = 1; k <= QUALITY_LOOKBACK; k++) {
        int yy = y, mm = m;
        char *json = NULL;
        month_back(&yy, &mm, k);
        month_key(yy, mm, out);
        enum mc_status rc = index766_published_get(db, out, "province", "", 0, &json, NULL, NULL);
        free(json);
        if (rc == MC_OK) {
            if (provisional)
                *provisional = false;
            return MC_OK;
        }
        if (rc != MC_ERR_NOT_FOUND)
            return rc;
    }
    month_key(y, m, out);
    if (provisional)
        *provisional = true;
    return MC_OK;
}

enum mc_status quality_months(const char *period, size_t n, char out[][IDX_PERIOD_STR_SIZE])
{
    struct idx_period p;
    int y, m, d;
    if (!period || n == 0 || n > QUALITY_TREND_MAX || idx_period_parse(period, &p) != MC_OK)
        return MC_ERR_INVALID;
    calendar_date_to_ymd(calendar_date_of(p.end - 1), &y, &m, &d);
    for (size_t i = 0; i < n; i++) {
        int yy = y, mm = m;
        month_back(&yy, &mm, (int)(n - 1 - i));
        if (yy < 1970)
            return MC_ERR_INVALID;
        month_key(yy, mm, out[i]);
    }
    return MC_OK;
}

/* ---------------------------------------------------------------- dossiers */

enum mc_status quality_indicator_fields(const char *key, const char **num_field,
                                        const char **den_field)
{
    for (size_t i = 0; key && i < MC_ARRAY_LEN(dossier_indicators); i++) {
        if (strcmp(key, dossier_indicators[i].key) == 0) {
            *num_field = dossier_indicators[i].num;
            *den_field = dossier_indicators[i].den;
            return MC_OK;
        }
    }
    return MC_ERR_NOT_FOUND;
}

ARRAY_LIST_DEFINE(quality_dossier, rows)

/* The counter named name in c (0 when unknown, which the table rules out). */
static int64_t counter(struct idx_dossier_counts *c, const char *name)
{
    for (size_t i = 0; i < idx_counts_field_count(); i++)
        if (strcmp(idx_counts_field_name(i), name) == 0)
            return *idx_counts_field(c, i);
    return 0;
}

static int by_outcome(const void *a, const void *b)
{
    const struct quality_dossier *x = a, *y = b;
    if (x->in_numerator != y->in_numerator)
        return x->in_numerator ? 1 : -1;
    return strcmp(x->code, y->code);
}

/* The columns of Q_SCAN before DOSSIER_IDX_COLS, in order. */
static const struct db_field QUALITY_ROW_FIELDS[] = {
    DB_INT64(struct dossier, id),
    DB_TEXT(struct dossier, code),
    DB_TEXT(struct dossier, procedure_code),
    DB_TEXT(struct dossier, procedure_name),
    DB_TEXT(struct dossier, agency_code),
    DB_INT(struct dossier, step),
};

static void read_row(struct db_stmt *st, struct dossier *d)
{
    DB_ROW_READ(st, d, QUALITY_ROW_FIELDS);
    dossier_idx_read_cols(st, 6, d);
}

enum mc_status quality_dossiers(struct db *db, enum index766_unit_kind kind, const char *unit,
                                const char *period, const char *key, const char *only_agency,
                                struct quality_dossier_list *out)
{
    struct idx_period p;
    struct db_stmt *st = NULL;
    struct dossier *d = xcalloc(1, sizeof(*d));
    struct idx_dossier in;
    struct idx_dossier_counts c;
    const char *num_field = NULL, *den_field = NULL;
    int64_t now = clock_now();
    enum mc_status rc;
    quality_dossier_list_release(out);
    if (!period || idx_period_parse(period, &p) != MC_OK) {
        rc = MC_ERR_INVALID;
        goto out;
    }
    if ((rc = quality_indicator_fields(key, &num_field, &den_field)) != MC_OK)
        goto out;
    rc = db_query_start(db, &Q_SCAN, &st, "iiss", p.end, (int64_t)kind, unit ? unit : "",
                        only_agency ? only_agency : "");
    while (db_next(st, &rc)) {
        read_row(st, d);
        dossier_to_idx(d, &in);
        if (idx_dossier_classify(&in, &p, now, &c) != MC_OK || !counter(&c, den_field))
            continue;
        bool num = counter(&c, num_field) != 0;
        out->denominator++;
        out->numerator += num;
        if (out->n == QUALITY_DOSSIERS_MAX) {
            out->truncated = true;
            continue;
        }
        struct quality_dossier *q = ARRAY_PUSH(out->rows, out->n, out->cap);
        q->id = d->id;
        snprintf(q->code, sizeof(q->code), "%s", d->code);
        snprintf(q->procedure_code, sizeof(q->procedure_code), "%s", d->procedure_code);
        snprintf(q->procedure_name, sizeof(q->procedure_name), "%s", d->procedure_name);
        snprintf(q->agency_code, sizeof(q->agency_code), "%s", d->agency_code);
        snprintf(q->agency_name, sizeof(q->agency_name), "%s", db_col_text(st, 22));
        q->status = d->status;
        q->step = d->step;
        q->received_at = d->received_at;
        q->deadline_at = d->deadline_at ? d->deadline_at : d->due_at;
        q->ended_at = d->ended_at;
        q->in_numerator = num;
        q->late = c.late != 0;
        q->rating = d->rating;
    }
    db_done(st);
    if (rc == MC_OK && out->n > 1)
        qsort(out->rows, out->n, sizeof(*out->rows), by_outcome);
out:
    free(d);
    return rc;
}
