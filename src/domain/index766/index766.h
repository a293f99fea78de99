/*
 * index.h - the 766 index over the platform's data: live counters kept in
 * the transaction of every dossier change, full recomputation, the index
 * of a unit for a period, rankings, monthly publication and the lists of
 * late dossiers.  This header is the manual; docs/internals/index766.md
 * explains the design and docs/index-766.md the formulas.
 *
 * DESIGN
 * - The formulas (index/formula.h) and the per-dossier rules
 *   (rules766/dossier_rules.h) are pure.  This module feeds them.
 * - Counters: index766_counters holds, per agency (dossiers.agency_code) and
 *   per period ('2026-10', '2026-Q4', '2026'), the sums of struct
 *   idx_dossier_counts.  Months, quarters and years are kept separately
 *   because a dossier carried over from October to November counts once
 *   in Q4, not twice.  Communes and the province are sums of agencies at
 *   read time (agencies.unit_code).
 * - Each dossier's last applied contribution is kept as its inputs
 *   (index766_dossier_state: the national fields, its agency and the instant
 *   it was judged at).  Since idx_dossier_classify() is pure, the old
 *   contribution to any period is recomputed exactly from that row, and a
 *   change applies new - old to every period either touches.  One row per
 *   dossier instead of one per dossier and period.
 * - Time: an unfinished dossier turns late when its (extended)
 *   appointment passes, and is carried into each new month; its state row
 *   holds recheck_at, and index766_recheck_due() (the deadline job, every few
 *   minutes) re-applies those dossiers.  Between two runs the live index
 *   may lag by the job's interval.
 * - A unit is an agency (its dossiers), a commune (the dossiers of the
 *   agencies whose unit_code is the commune) or the province (every
 *   dossier, NULL unit).  Procedures of a unit, for the catalogue
 *   indicators: the province has every catalogue procedure; an agency or
 *   commune has the catalogue procedures that have at least one dossier
 *   at its agencies (the catalogue does not record competent agencies as
 *   codes).
 * - Published months never change: index766_publish() freezes the JSON of
 *   every unit as a numbered revision; a correction is a new revision,
 *   listed with who published it and why.
 *
 * Thread-safety: every function uses only the connection passed in (the
 * calling thread's) and caller memory.
 */
#ifndef MC_INDEX766_INDEX_H
#define MC_INDEX766_INDEX_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "core/db.h"
#include "core/list_decl.h"
#include "core/progress.h"
#include "domain/dossier/dossier_change.h"
#include "domain/rules766/dossier_rules.h"
#include "domain/index766/formula.h"

#define INDEX766_CODE_MAX 65          /* bytes of an agency or unit code, with the NUL */
#define INDEX766_NAME_MAX 512         /* bytes of a unit name, with the NUL */
#define INDEX766_BULK_REBUILD 20000   /* changed dossiers from which an import rebuilds */
#define INDEX766_LATE_MAX 5000        /* dossiers listed by index766_late() at most */

/*
 * Fill the inputs of the indicators fed by dossier counters
 * (giai_quyet_dung_han, ho_so_truc_tuyen, ho_so_thanh_toan_truc_tuyen,
 * ket_qua_dien_tu, so_hoa_thanh_phan, tai_su_dung, hai_long_tthc) with
 * available = true; the other entries of in are left untouched.  Pure.
 */
void idx_counts_to_input(const struct idx_dossier_counts *c,
                         struct idx_input in[IDX_INDICATOR_COUNT]);

/* ================================================================ live counters */

/*
 * Re-classify dossier dossier_id (idx_dossier_classify of dossier_to_idx,
 * as of clock_now()) for every period it touches now or touched when last
 * applied, add new - old to index766_counters and store its new state.
 * Called, through index766_on_dossier_event(), after every change to a
 * dossier row, inside the transaction of that change (it runs in
 * db_tx(), nested in the caller's).  A dossier
 * that does not exist (any more) is removed from the counters.
 * Returns MC_OK or MC_ERR_DB / MC_ERR_BUSY.  A dossier the rules reject
 * as inconsistent contributes nothing (logged with its id), not an error.
 */
enum mc_status index766_on_dossier_change(struct db *db, int64_t dossier_id) MC_WARN_UNUSED;

/*
 * The same for n dossiers changed together (an import), inside the
 * caller's transaction.  From INDEX766_BULK_REBUILD dossiers on, rebuilds
 * everything instead (index766_rebuild), which is faster than n updates.
 */
enum mc_status index766_on_dossiers_changed(struct db *db, const int64_t *ids, size_t n)
    MC_WARN_UNUSED;

/*
 * The listener of dossier changes (dossier/dossier_change.h) that keeps
 * the counters: index766_on_dossier_change() for a change of one
 * dossier, index766_on_dossiers_changed() for a bulk change.  Registered
 * by the program's wiring (src/app/wire.c); arg is unused.
 */
enum mc_status index766_on_dossier_event(struct db *db, const struct dossier_change *c,
                                         void *arg) MC_WARN_UNUSED;

/*
 * Re-apply every dossier whose recheck_at is <= now (an appointment
 * passed, a month began), in transactions of at most 1,000 dossiers.
 * The deadline job calls it every few minutes.  OUT *done (may be NULL):
 * dossiers re-applied.  Returns MC_OK or MC_ERR_DB / MC_ERR_BUSY.
 */
enum mc_status index766_recheck_due(struct db *db, int64_t now, int64_t *done) MC_WARN_UNUSED;

/*
 * Throw the counters and states away and rebuild them from the dossiers
 * table as of clock_now(), in one transaction (nested in the caller's).
 * Needed after a change of the rules in dossier_rules.c (`motcua index
 * --rebuild`).  1,000,000 dossiers take a few seconds.
 */
enum mc_status index766_rebuild(struct db *db) MC_WARN_UNUSED;
/* index766_rebuild, counting the dossiers done on shown (NULL = nobody watches). */
enum mc_status index766_rebuild_shown(struct db *db, struct progress *shown) MC_WARN_UNUSED;

/* The counters of one agency. */
struct index766_agency_counts {
    char agency_code[INDEX766_CODE_MAX];
    struct idx_dossier_counts c;
};

/* index766_counts_list: items ordered by agency code */
LIST_DECLARE(index766_counts, index766_agency_counts);

/*
 * The stored (incremental) counters of every agency for period (a month,
 * quarter or year string), agencies with all-zero counters left out.
 * out: initialised by the caller, emptied and filled.
 * Returns MC_OK; MC_ERR_INVALID for a bad period or a date range;
 * MC_ERR_DB.
 */
enum mc_status index766_counters_get(struct db *db, const char *period,
                                  struct index766_counts_list *out) MC_WARN_UNUSED;

/*
 * The same numbers recomputed from scratch: every dossier row classified
 * for period as of clock_now() (any period, date ranges included).  After
 * index766_recheck_due(db, clock_now()) the result equals
 * index766_counters_get() for months, quarters and years.
 * Returns MC_OK; MC_ERR_INVALID for a bad period; MC_ERR_DB.
 */
enum mc_status index766_recompute(struct db *db, const char *period,
                               struct index766_counts_list *out) MC_WARN_UNUSED;

/* ================================================================ the index of a unit */

enum index766_unit_kind {
    INDEX766_UNIT_PROVINCE,   /* every dossier; code "" */
    INDEX766_UNIT_AGENCY,     /* dossiers.agency_code = code */
    INDEX766_UNIT_COMMUNE,    /* agencies with unit_code = code */
};

/* The index of one unit for one period, with its inputs. */
struct index766_report {
    enum index766_unit_kind kind;
    char unit[INDEX766_CODE_MAX];           /* code; "" for the province */
    char name[INDEX766_NAME_MAX];           /* Vietnamese name, "" when unknown */
    char period[IDX_PERIOD_STR_SIZE];    /* canonical period string */
    struct idx_period p;
    struct idx_dossier_counts counts;    /* the dossier counters used */
    struct idx_input in[IDX_INDICATOR_COUNT];   /* numerators and denominators */
    struct idx_result result;            /* scores (formula.h) */
};

/*
 * The index of unit (an agency code, a commune code, a province code or
 * NULL/"" for the province) for period ("2026-10", "2026-Q4", "2026",
 * "2026-10-01..2026-10-15").  Months, quarters and years read the live
 * counters; date ranges scan the dossiers.  Dossier indicators from the
 * counters; tthc_co_dvctt and dvctt_phat_sinh_ho_so from the catalogue
 * (see DESIGN); pakn_* from feedback_indicators() (full points with no
 * feedback); the rest "chưa có dữ liệu" (docs/index-766.md §3).
 * Does not read published snapshots (see index766_published_get).
 * out: OUT, fully written on success.
 * Returns MC_OK; MC_ERR_INVALID for a bad period; MC_ERR_NOT_FOUND for
 * an unknown unit; MC_ERR_DB.
 */
enum mc_status index766_compute(struct db *db, const char *unit, const char *period,
                             struct index766_report *out) MC_WARN_UNUSED;

/*
 * The JSON of a report, as the CLI and GET /api/v1/index print it:
 * {"unit","name","kind","period","total","total_available","max_available",
 *  "groups":[{"key","name","points","max","max_available",
 *             "indicators":[{"key","name","numerator","denominator","ratio",
 *                            "points","max"[,"state"]}]}]}
 * total = score scaled to 100 over the indicators with data (the ranking
 * figure), total_available = points earned on them, max_available their
 * maximum; a report where nothing was measured (no indicator with a
 * non-zero denominator, only the free feedback points) adds
 * "state":"chua_co_du_lieu" with total 0 and is not ranked.  Indicators
 * without data carry "state":"chua_co_du_lieu",
 * empty feedback "state":"khong_phat_sinh".  Points are rounded to 2
 * decimals, ratios to 4.  Returns a new reference.
 */
json_t *index766_report_json(const struct index766_report *r);

/*
 * True when a report, ranking row, group or indicator of the JSON above
 * says the platform has no data for it (its "state" is "chua_co_du_lieu").
 * Pure.
 */
bool index766_json_no_data(const json_t *o);

/*
 * The document of GET /api/v1/index and `motcua index --unit`: when the
 * period has a published revision for the unit, that frozen JSON with
 * "revision" and "published_at" added; otherwise the live
 * index766_report_json() with "live": true.  OUT *out: a new reference.
 * Returns as index766_compute().
 */
enum mc_status index766_document(struct db *db, const char *unit, const char *period,
                              json_t **out) MC_WARN_UNUSED;

/* ================================================================ rankings */

enum index766_rank_kind {
    INDEX766_RANK_AGENCIES,   /* every agency (agencies table and dossiers) */
    INDEX766_RANK_COMMUNES,   /* every commune with at least one agency */
};

struct index766_rank_row {
    struct index766_report r;
    int rank;              /* 1-based, ties share a rank; 0 = nothing measured */
    int prev_rank;         /* rank in the previous period, 0 = none */
    double prev_total;     /* score_100 in the previous period */
    bool has_prev;         /* the previous period had data */
};

struct index766_ranking {
    enum index766_rank_kind kind;
    char period[IDX_PERIOD_STR_SIZE];
    char previous[IDX_PERIOD_STR_SIZE];  /* "" for date ranges */
    struct index766_rank_row *rows;         /* by rank, units without data last */
    size_t n;
    size_t cap;                             /* rows allocated */
};
void index766_ranking_init(struct index766_ranking *r);
void index766_ranking_release(struct index766_ranking *r);

/*
 * Rank every unit of kind for period by total (score_100), with the
 * change from the previous period of the same length (month, quarter,
 * year; none for date ranges).  out: initialised by the caller, released
 * and refilled.  Returns as index766_compute().
 */
enum mc_status index766_ranking(struct db *db, const char *period, enum index766_rank_kind kind,
                             struct index766_ranking *out) MC_WARN_UNUSED;

/* "agencies" / "communes"; parse returns MC_ERR_INVALID for anything else. */
const char *index766_rank_kind_name(enum index766_rank_kind kind);
enum mc_status index766_rank_kind_parse(const char *s, enum index766_rank_kind *out)
    MC_WARN_UNUSED;

/*
 * {"period","previous","kind","units":[{"rank","unit","name","total",
 *  "total_available","max_available","previous_rank","rank_change",
 *  "total_change","groups":[{"key","points","max"}]}]}; rank_change > 0
 * means the unit climbed; null when there is nothing to compare.
 */
json_t *index766_ranking_json(const struct index766_ranking *r);

/*
 * The ranking document of GET /api/v1/index/ranking: published revision
 * (with "revision", "published_at") or live (with "live": true), as
 * index766_document().  Returns as index766_ranking().
 */
enum mc_status index766_ranking_document(struct db *db, const char *period,
                                      enum index766_rank_kind kind, json_t **out)
    MC_WARN_UNUSED;

/* ================================================================ publication */

/*
 * Freeze period (a month, quarter or year that has ended) for the
 * province, every agency and every commune, and both rankings, as one new
 * revision in index766_published, judged as of the period's end, with
 * index766_publications (who, note) and an audit row 'index.publish'.
 * When the latest revision holds exactly the same results nothing is
 * written.  OUT *revision (may be NULL): the revision now in force.
 * Returns MC_OK; MC_ERR_INVALID for a bad period, a date range or a
 * period not yet over; MC_ERR_DB.
 */
enum mc_status index766_publish(struct db *db, const char *period, const char *who,
                             const char *note, int *revision) MC_WARN_UNUSED;

/*
 * For the monthly job: when now is on or after the first working day of
 * its month (the stored calendar) and last month has no revision yet,
 * publish it (who "system").  OUT *published (may be NULL): the period
 * published, or "" when nothing was due.  Returns as index766_publish().
 */
enum mc_status index766_publish_due(struct db *db, int64_t now,
                                 char published[IDX_PERIOD_STR_SIZE]) MC_WARN_UNUSED;

/*
 * The published JSON of (kind, unit) for period: revision 0 = the latest.
 * kind is "province" (unit ""), "agency", "commune" or "ranking" (unit
 * "agencies"/"communes").  OUT *json (a new string the caller frees),
 * *rev and *published_at (may be NULL).  Returns MC_OK; MC_ERR_NOT_FOUND
 * when not published; MC_ERR_DB.
 */
enum mc_status index766_published_get(struct db *db, const char *period, const char *kind,
                                   const char *unit, int revision, char **json, int *rev,
                                   int64_t *published_at) MC_WARN_UNUSED;

/* ================================================================ late dossiers */

/* One late dossier: no citizen data. */
struct index766_late_row {
    char code[96];
    char procedure_code[INDEX766_CODE_MAX];
    char procedure_name[INDEX766_NAME_MAX];
    char agency_code[INDEX766_CODE_MAX];
    char officer[256];           /* the processing officer's name, "" when none */
    int64_t officer_id;          /* users.id, 0 when none */
    int status;                  /* TrangThaiHoSo */
    bool finished;               /* ended late (else still open past its deadline) */
    int64_t deadline;            /* the extended appointment (due_eff) */
    int days_late;               /* working days past the deadline (stored calendar) */
};

/* Counts by agency or by officer. */
struct index766_late_group {
    char key[INDEX766_CODE_MAX];    /* agency code, or officer id as text ("" none) */
    char name[256];              /* agency or officer name */
    int64_t late;
    int64_t open;                /* still unfinished */
};

struct index766_late_list {
    struct index766_late_row *rows;         /* most days late first, at most INDEX766_LATE_MAX */
    size_t n;
    size_t cap;                             /* rows allocated */
    int64_t total;                       /* late dossiers, all of them */
    struct index766_late_group *by_agency;  /* most late first */
    size_t n_agency;
    size_t agency_cap;                      /* entries allocated */
    struct index766_late_group *by_officer;
    size_t n_officer;
    size_t officer_cap;                     /* entries allocated */
};
void index766_late_list_init(struct index766_late_list *l);
void index766_late_list_release(struct index766_late_list *l);

/*
 * Dossiers of unit (as index766_compute) that are late in period by the
 * index rules (finished late in it, or unfinished past their deadline at
 * its end or now), with days late in working days of the stored calendar
 * (docs/internals/index766.md), grouped by agency and by officer.
 * out: initialised by the caller, released and refilled.
 * Returns as index766_compute().
 */
enum mc_status index766_late(struct db *db, const char *unit, const char *period,
                          struct index766_late_list *out) MC_WARN_UNUSED;

/* {"period","unit","total","by_agency":[...],"by_officer":[...],"dossiers":[...]} */
json_t *index766_late_json(const struct index766_late_list *l, const char *unit,
                        const char *period);

#endif
