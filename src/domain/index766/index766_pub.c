/*
 * index766_pub.c - monthly publication of the 766 index (frozen revisions)
 * and the lists of late dossiers (see index.h, docs/internals/index766.md).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "domain/audit/audit.h"
#include "domain/calendar/calendar.h"
#include "domain/calendar/calendar_store.h"
#include "domain/calendar/date.h"
#include "core/array.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/log.h"
#include "core/mem.h"
#include "domain/dossier/dossier.h"
#include "domain/index766/index766-int.h"

#define JSON_FLAGS (JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(12))

static const struct db_query Q_LATEST = {
    "index.pub_latest",
    "SELECT COALESCE(MAX(revision), 0) FROM index_publications WHERE period = ?1",
};
static const struct db_query Q_REV_ROWS = {
    "index.pub_rows",
    "SELECT kind, unit, json FROM index_published WHERE period = ?1 AND revision = ?2",
};
static const struct db_query Q_PUB_INSERT = {
    "index.pub_insert",
    "INSERT INTO index_published (period, kind, unit, revision, json, published_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
};
static const struct db_query Q_PUBLICATION = {
    "index.publication",
    "INSERT INTO index_publications (period, revision, published_at, published_by, note)"
    " VALUES (?1, ?2, ?3, ?4, ?5)",
};
static const struct db_query Q_PUB_GET = {
    "index.pub_get",
    "SELECT json, revision, published_at FROM index_published WHERE period = ?1"
    " AND kind = ?2 AND unit = ?3 AND (?4 = 0 OR revision = ?4)"
    " ORDER BY revision DESC LIMIT 1",
};

/* ---------------------------------------------------------------- publication */

/* One frozen document. */
struct pub_doc {
    const char *kind;
    char unit[INDEX766_CODE_MAX];
    char *json;   /* owned */
};

struct pub_ctx {
    const char *period;
    const char *who;
    const char *note;
    struct pub_doc *docs;
    size_t n, cap;
    int64_t now;
    int revision;     /* OUT */
};

static void doc_add(struct pub_ctx *c, const char *kind, const char *unit, json_t *j)
{
    struct pub_doc *d = ARRAY_PUSH(c->docs, c->n, c->cap);
    d->kind = kind;
    snprintf(d->unit, INDEX766_CODE_MAX, "%s", unit);
    d->json = json_dumps(j, JSON_FLAGS);
    json_decref(j);
}

/* True when the rows of (period, revision) are exactly c's documents. */
static enum mc_status same_as(struct db *db, struct pub_ctx *c, int revision, bool *same)
{
    struct db_stmt *st = NULL;
    size_t seen = 0;
    enum mc_status rc = db_query_start(db, &Q_REV_ROWS, &st, "si", c->period,
                                       (int64_t)revision);
    *same = true;
    while (db_next(st, &rc)) {
        bool found = false;
        seen++;
        for (size_t i = 0; i < c->n && !found; i++)
            found = strcmp(c->docs[i].kind, db_col_text(st, 0)) == 0 &&
                    strcmp(c->docs[i].unit, db_col_text(st, 1)) == 0 &&
                    strcmp(c->docs[i].json, db_col_text(st, 2)) == 0;
        if (!found)
            *same = false;
    }
    db_done(st);
    if (seen != c->n)
        *same = false;
    return rc;
}

static enum mc_status publish_tx(struct db *db, void *arg)
{
    struct pub_ctx *c = arg;
    int64_t latest = 0;
    bool same = false;
    char detail[96];
    struct audit_actor who = {0, "system", c->who};
    enum mc_status rc = db_get_int(db, &Q_LATEST, &latest, "s", c->period);
    if (rc == MC_OK && latest > 0)
        rc = same_as(db, c, (int)latest, &same);
    if (rc != MC_OK)
        return rc;
    if (same) {
        c->revision = (int)latest;
        return MC_OK;
    }
    c->revision = (int)latest + 1;
    for (size_t i = 0; rc == MC_OK && i < c->n; i++)
        rc = db_run(db, &Q_PUB_INSERT, NULL, "sssisi", c->period, c->docs[i].kind,
                    c->docs[i].unit, (int64_t)c->revision, c->docs[i].json, c->now);
    if (rc == MC_OK)
        rc = db_run(db, &Q_PUBLICATION, NULL, "siiss", c->period, (int64_t)c->revision,
                    c->now, c->who, c->note ? c->note : "");
    snprintf(detail, sizeof(detail), "{\"period\":\"%s\",\"revision\":%d}", c->period,
             c->revision);
    if (rc == MC_OK)
        rc = audit_record(db, &who, "index.publish", "index", detail);
    return rc;
}

enum mc_status index766_publish(struct db *db, const char *period, const char *who,
                             const char *note, int *revision)
{
    struct idx_period p;
    char key[IDX_PERIOD_STR_SIZE];
    struct pub_ctx c = {.period = key, .who = who && *who ? who : "system", .note = note,
                        .now = clock_now()};
    struct index766_report rep;
    struct index766_ranking rk;
    enum mc_status rc = MC_ERR_INVALID;
    index766_ranking_init(&rk);
    if (!period || idx_period_parse(period, &p) != MC_OK || p.kind == IDX_PERIOD_RANGE ||
        p.end > c.now)
        goto out;
    idx_period_format(&p, key, sizeof(key));
    /* Judge as of the period's end: apply every pending recheck first. */
    if ((rc = index766_recheck_due(db, c.now, NULL)) != MC_OK)
        goto out;
    if ((rc = index766_compute(db, NULL, key, &rep)) != MC_OK)
        goto out;
    doc_add(&c, "province", "", index766_report_json(&rep));
    for (int k = INDEX766_RANK_AGENCIES; rc == MC_OK && k <= INDEX766_RANK_COMMUNES; k++) {
        rc = index766_ranking(db, key, (enum index766_rank_kind)k, &rk);
        if (rc != MC_OK)
            break;
        for (size_t i = 0; i < rk.n; i++)
            doc_add(&c, k == INDEX766_RANK_AGENCIES ? "agency" : "commune",
                    rk.rows[i].r.unit, index766_report_json(&rk.rows[i].r));
        doc_add(&c, "ranking", index766_rank_kind_name((enum index766_rank_kind)k),
                index766_ranking_json(&rk));
    }
    if (rc == MC_OK)
        rc = db_tx(db, publish_tx, &c);
    if (rc == MC_OK && revision)
        *revision = c.revision;
out:
    for (size_t i = 0; i < c.n; i++)
        free(c.docs[i].json);
    free(c.docs);
    index766_ranking_release(&rk);
    return rc;
}

enum mc_status index766_publish_due(struct db *db, int64_t now,
                                 char published[IDX_PERIOD_STR_SIZE])
{
    struct calendar cal;
    int32_t today = calendar_date_of(now), first;
    int y, m, d;
    char month[IDX_PERIOD_STR_SIZE];
    char periods[3][IDX_PERIOD_STR_SIZE];
    size_t np = 0;
    int64_t latest = 0;
    enum mc_status rc;
    if (published)
        published[0] = '\0';
    calendar_init(&cal);
    if ((rc = calendar_load(db, &cal)) != MC_OK)
        goto out;
    calendar_date_to_ymd(today, &y, &m, &d);
    first = today - (d - 1);
    while (!calendar_is_working_day(&cal, first) && first < today)
        first++;
    if (today < first || !calendar_is_working_day(&cal, first))
        goto out;
    /* Last month, and last quarter and year when they just ended. */
    snprintf(month, sizeof(month), "%04d-%02d", m == 1 ? y - 1 : y, m == 1 ? 12 : m - 1);
    snprintf(periods[np++], IDX_PERIOD_STR_SIZE, "%s", month);
    if (m % 3 == 1)
        snprintf(periods[np++], IDX_PERIOD_STR_SIZE, "%04d-Q%d", m == 1 ? y - 1 : y,
                 m == 1 ? 4 : (m - 1) / 3);
    if (m == 1)
        snprintf(periods[np++], IDX_PERIOD_STR_SIZE, "%04d", y - 1);
    for (size_t i = 0; rc == MC_OK && i < np; i++) {
        rc = db_get_int(db, &Q_LATEST, &latest, "s", periods[i]);
        if (rc != MC_OK || latest > 0)
            continue;
        rc = index766_publish(db, periods[i], "system", "công bố định kỳ", NULL);
        if (rc == MC_OK && published)
            memcpy(published, periods[i], IDX_PERIOD_STR_SIZE);
        if (rc == MC_OK)
            log_info("index: published %s", periods[i]);
    }
out:
    calendar_release(&cal);
    return rc;
}

enum mc_status index766_published_get(struct db *db, const char *period, const char *kind,
                                   const char *unit, int revision, char **json, int *rev,
                                   int64_t *published_at)
{
    struct db_stmt *st = NULL;
    bool row = false;
    struct idx_period p;
    char key[IDX_PERIOD_STR_SIZE];
    enum mc_status rc = MC_ERR_NOT_FOUND;
    *json = NULL;
    if (!period || idx_period_parse(period, &p) != MC_OK)
        return MC_ERR_NOT_FOUND;
    idx_period_format(&p, key, sizeof(key));
    rc = db_query_start(db, &Q_PUB_GET, &st, "sssi", key, kind, unit ? unit : "",
                        (int64_t)revision);
    row = db_next(st, &rc);
    if (row) {
        *json = xstrdup(db_col_text(st, 0));
        if (rev)
            *rev = (int)db_col_int64(st, 1);
        if (published_at)
            *published_at = db_col_int64(st, 2);
    } else if (rc == MC_OK) {
        rc = MC_ERR_NOT_FOUND;
    }
    db_done(st);
    return rc;
}

/* ---------------------------------------------------------------- late lists */

/*
 * The dossiers that may count in the period [?4, ?1): received before its
 * end and still open (dossiers_open_received: a dossier never received,
 * refused or withdrawn, is not read), or ended in it or after
 * (dossiers_ended; a dossier ended before the period does not count in it,
 * idx_dossier_classify()), so the list reads the period's dossiers and the
 * open ones, not the whole history.
 */
static const struct db_query Q_LATE = {
    "index.late",
    "SELECT d.id, d.agency_code, " DOSSIER_IDX_COLS_OF("d.") ", d.code, d.procedure_code,"
    " COALESCE(NULLIF(d.procedure_name, ''), p.name, ''), COALESCE(d.assignee_id, 0),"
    " COALESCE(u.full_name, ''), COALESCE(a.name, '')"
    " FROM dossiers d LEFT JOIN procedures p ON p.code = d.procedure_code"
    " LEFT JOIN users u ON u.id = d.assignee_id LEFT JOIN agencies a ON a.code = d.agency_code"
    " WHERE ((d.ended_at IS NULL AND d.received_at < ?1)"
    " OR (d.ended_at = 0 AND +d.received_at < ?1) OR (d.ended_at >= ?4 AND +d.received_at < ?1))"
    " AND (?2 = '' OR d.agency_code = ?2)"
    " AND (?3 = '' OR a.unit_code = ?3)",
};

void index766_late_list_init(struct index766_late_list *l)
{
    memset(l, 0, sizeof(*l));
}

void index766_late_list_release(struct index766_late_list *l)
{
    free(l->rows);
    free(l->by_agency);
    free(l->by_officer);
    index766_late_list_init(l);
}

static void group_add(struct index766_late_group **g, size_t *n, size_t *cap, const char *key,
                      const char *name, bool open)
{
    struct index766_late_group *x = NULL;
    for (size_t i = 0; i < *n && !x; i++)
        if (strcmp((*g)[i].key, key) == 0)
            x = &(*g)[i];
    if (!x) {
        x = ARRAY_PUSH(*g, *n, *cap);
        snprintf(x->key, sizeof(x->key), "%s", key);
        snprintf(x->name, sizeof(x->name), "%s", name);
    }
    x->late++;
    x->open += open;
}

static int by_days(const void *a, const void *b)
{
    const struct index766_late_row *x = a, *y = b;
    if (x->days_late != y->days_late)
        return x->days_late > y->days_late ? -1 : 1;
    return strcmp(x->code, y->code);
}

static int by_late(const void *a, const void *b)
{
    const struct index766_late_group *x = a, *y = b;
    if (x->late != y->late)
        return x->late > y->late ? -1 : 1;
    return strcmp(x->key, y->key);
}

/* Working days after deadline up to at (both in Vietnam days). */
static int days_after(struct calendar_counter *cal, int64_t deadline, int64_t at)
{
    int32_t n = 0, from = calendar_date_of(deadline) + 1, to = calendar_date_of(at);
    if (at <= deadline)
        return 0;
    if (to < from || calendar_counter_between(cal, from, to, &n) != MC_OK)
        return to >= from ? (int)(to - from + 1) : 0;
    return (int)n;
}

enum mc_status index766_late(struct db *db, const char *unit, const char *period,
                          struct index766_late_list *out)
{
    struct index766_report who;
    struct calendar cal;
    struct calendar_counter days;
    struct db_stmt *st = NULL;
    struct dossier *tmp = xcalloc(1, sizeof(*tmp));
    int64_t now = clock_now();
    enum mc_status rc = MC_ERR_INVALID;
    calendar_init(&cal);
    calendar_counter_init(&days, &cal);
    index766_late_list_release(out);
    memset(&who, 0, sizeof(who));
    if (!period || idx_period_parse(period, &who.p) != MC_OK)
        goto out;
    if ((rc = index766_resolve_unit(db, unit, &who)) != MC_OK ||
        (rc = calendar_load(db, &cal)) != MC_OK)
        goto out;
    rc = db_query_start(db, &Q_LATE, &st, "issi", who.p.end,
                        who.kind == INDEX766_UNIT_AGENCY ? who.unit : "",
                        who.kind == INDEX766_UNIT_COMMUNE ? who.unit : "", who.p.start);
    while (db_next(st, &rc)) {
        struct idx_dossier d;
        struct idx_dossier_counts c;
        struct index766_late_row *r;
        char officer_key[32];
        dossier_idx_read_cols(st, 2, tmp);
        dossier_to_idx(tmp, &d);
        if (idx_dossier_classify(&d, &who.p, now, &c) != MC_OK || !c.late)
            continue;
        out->total++;
        r = ARRAY_PUSH(out->rows, out->n, out->cap);
        db_col_copy(st, 18, r->code, sizeof(r->code));
        db_col_copy(st, 19, r->procedure_code, sizeof(r->procedure_code));
        db_col_copy(st, 20, r->procedure_name, sizeof(r->procedure_name));
        db_col_copy(st, 1, r->agency_code, sizeof(r->agency_code));
        r->officer_id = db_col_int64(st, 21);
        db_col_copy(st, 22, r->officer, sizeof(r->officer));
        r->status = d.status;
        r->finished = c.finished != 0;
        r->deadline = d.due_at + d.supplement_seconds;
        {
            int64_t j = now < who.p.end - 1 ? now : who.p.end - 1;
            int64_t at = r->finished ? (d.ended_at ? d.ended_at : d.returned_at) : j;
            r->days_late = days_after(&days, r->deadline, at);
        }
        group_add(&out->by_agency, &out->n_agency, &out->agency_cap, r->agency_code,
                  db_col_text(st, 23),
                  !r->finished);
        snprintf(officer_key, sizeof(officer_key), "%lld", (long long)r->officer_id);
        group_add(&out->by_officer, &out->n_officer, &out->officer_cap,
                  r->officer_id ? officer_key : "",
                  r->officer, !r->finished);
    }
    db_done(st);
    if (rc != MC_OK)
        goto out;
    if (out->n > 0)
        qsort(out->rows, out->n, sizeof(*out->rows), by_days);
    if (out->n > INDEX766_LATE_MAX)
        out->n = INDEX766_LATE_MAX;
    if (out->n_agency > 0)
        qsort(out->by_agency, out->n_agency, sizeof(*out->by_agency), by_late);
    if (out->n_officer > 0)
        qsort(out->by_officer, out->n_officer, sizeof(*out->by_officer), by_late);
out:
    free(tmp);
    calendar_counter_release(&days);
    calendar_release(&cal);
    return rc;
}

json_t *index766_late_json(const struct index766_late_list *l, const char *unit, const char *period)
{
    json_t *rows = json_array(), *ag = json_array(), *of = json_array();
    char iso[32];
    for (size_t i = 0; i < l->n; i++) {
        const struct index766_late_row *r = &l->rows[i];
        clock_format_iso(r->deadline, iso, sizeof(iso));
        json_array_append_new(
            rows, json_pack("{s:s,s:s,s:s,s:s,s:s,s:i,s:b,s:s,s:i}", "code", r->code,
                            "procedure_code", r->procedure_code, "procedure_name",
                            r->procedure_name, "agency", r->agency_code, "officer",
                            r->officer, "status", r->status, "finished", r->finished,
                            "deadline", iso, "days_late", r->days_late));
    }
    for (size_t i = 0; i < l->n_agency; i++)
        json_array_append_new(ag, json_pack("{s:s,s:s,s:I,s:I}", "agency",
                                            l->by_agency[i].key, "name", l->by_agency[i].name,
                                            "late", (json_int_t)l->by_agency[i].late, "open",
                                            (json_int_t)l->by_agency[i].open));
    for (size_t i = 0; i < l->n_officer; i++)
        json_array_append_new(of, json_pack("{s:s,s:I,s:I}", "officer",
                                            l->by_officer[i].name, "late",
                                            (json_int_t)l->by_officer[i].late, "open",
                                            (json_int_t)l->by_officer[i].open));
    return json_pack("{s:s,s:s,s:I,s:s,s:o,s:o,s:o}", "unit", unit ? unit : "", "period",
                     period ? period : "", "total", (json_int_t)l->total, "days",
                     "working", "by_agency", ag, "by_officer", of, "dossiers", rows);
}

/* ---------------------------------------------------------------- documents */

static const char *doc_kind(enum index766_unit_kind k)
{
    return k == INDEX766_UNIT_AGENCY ? "agency" : k == INDEX766_UNIT_COMMUNE ? "commune"
                                                                       : "province";
}

/* The published JSON of (kind, unit), with its revision, into *out. */
static enum mc_status published_doc(struct db *db, const char *period, const char *kind,
                                    const char *unit, json_t **out)
{
    char *text = NULL, iso[32];
    int rev = 0;
    int64_t at = 0;
    enum mc_status rc = index766_published_get(db, period, kind, unit, 0, &text, &rev, &at);
    if (rc == MC_OK) {
        *out = json_loads(text, 0, NULL);
        if (!*out) {
            rc = MC_ERR_INTERNAL;
        } else {
            clock_format_iso(at, iso, sizeof(iso));
            json_object_set_new(*out, "revision", json_integer(rev));
            json_object_set_new(*out, "published_at", json_string(iso));
        }
    }
    free(text);
    return rc;
}

enum mc_status index766_document(struct db *db, const char *unit, const char *period,
                              json_t **out)
{
    struct index766_report *r = xcalloc(1, sizeof(*r));
    enum mc_status rc = MC_ERR_INVALID;
    *out = NULL;
    if (!period || idx_period_parse(period, &r->p) != MC_OK)
        goto out;
    if ((rc = index766_resolve_unit(db, unit, r)) != MC_OK)
        goto out;
    rc = published_doc(db, period, doc_kind(r->kind),
                       r->kind == INDEX766_UNIT_PROVINCE ? "" : r->unit, out);
    if (rc != MC_ERR_NOT_FOUND)
        goto out;
    if ((rc = index766_compute(db, unit, period, r)) == MC_OK) {
        *out = index766_report_json(r);
        json_object_set_new(*out, "live", json_true());
    }
out:
    free(r);
    return rc;
}

enum mc_status index766_ranking_document(struct db *db, const char *period,
                                      enum index766_rank_kind kind, json_t **out)
{
    struct index766_ranking rk;
    struct idx_period p;
    enum mc_status rc = MC_ERR_INVALID;
    *out = NULL;
    index766_ranking_init(&rk);
    if (!period || idx_period_parse(period, &p) != MC_OK)
        goto out;
    rc = published_doc(db, period, "ranking", index766_rank_kind_name(kind), out);
    if (rc != MC_ERR_NOT_FOUND)
        goto out;
    if ((rc = index766_ranking(db, period, kind, &rk)) == MC_OK) {
        *out = index766_ranking_json(&rk);
        json_object_set_new(*out, "live", json_true());
    }
out:
    index766_ranking_release(&rk);
    return rc;
}
