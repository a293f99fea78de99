/*
 * kpi.h - the targets of Decision 1588 (§II.2) measured from live data:
 * the KPI table, the value of every KPI for a unit and a period, the
 * denominators entered per unit and year, frozen snapshots, and the
 * exports.  This header is the manual; docs/internals/kpi.md explains the
 * design and docs/kpi.md the board.
 *
 * DESIGN
 * - The table is data: data/programme/kpis.csv (17 stable keys, names,
 *   2025 and 2030 targets, source kind, formula, what a zero denominator
 *   shows, periods, public subset), embedded in the binary and parsed
 *   once.  Targets a plan sets differently (data/programme/kpi-overrides-
 *   *.csv, keyed by organisation code and year) and those entered on the
 *   platform (table kpi_targets) override 1588's for that organisation;
 *   the province's own row is keyed by its UBND code ("T14.UBND").
 * - Values: value = numerator / denominator x 100, rounded to one
 *   decimal.  A zero or missing denominator gives no value ("chưa có dữ
 *   liệu", or the KPI's own words for a zero denominator), never 0 % or
 *   100 %.  A KPI whose numerator has no source on the platform yet
 *   (training, materials, community teams, pupils, agencies' reports)
 *   has no value either, whatever its denominator.
 * - Dossier KPIs read the 766 index's live counters (index766.h), so
 *   ho_so_hoan_toan_truc_tuyen equals the 766 ho_so_truc_tuyen ratio on
 *   the same data by construction (lodged online, channel 2, with an
 *   electronic result, over dossiers received in the period).
 * - Units: the province (every agency), one agency (agencies.code), or
 *   one commune (the agencies whose unit_code is the commune).  Periods:
 *   a month, a quarter or a year (index766 period strings).  A KPI
 *   computed only per year (its `ky` is "năm") has no value for a month
 *   or a quarter.
 *
 * Thread-safety: the table is parsed once under a pthread_once and then
 * only read; every other function uses the connection passed in and
 * caller memory.
 */
#ifndef MC_KPI_KPI_H
#define MC_KPI_KPI_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "core/buf.h"
#include "core/compiler.h"
#include "core/db.h"
#include "core/list_decl.h"
#include "core/import_report.h"
#include "core/status.h"
#include "domain/audit/audit.h"

#define KPI_COUNT 17          /* KPIs in data/programme/kpis.csv */
#define KPI_KEY_MAX 48        /* bytes of a key, with the NUL */
#define KPI_CODE_MAX 65       /* bytes of a unit or organisation code, with the NUL */
#define KPI_NAME_MAX 512      /* bytes of a Vietnamese name, with the NUL */
#define KPI_PERIOD_MAX 32     /* bytes of a period string, with the NUL */
#define KPI_TEXT_MAX 1024     /* bytes of a formula or basis text, with the NUL */

/* Where a KPI's figures come from (kpis.csv, column nguon_so_lieu). */
enum kpi_source {
    KPI_SRC_COMPUTED,     /* "computed": numerator and denominator from platform data */
    KPI_SRC_SURVEY,       /* "survey" */
    KPI_SRC_REPORTED,     /* "reported" by agencies in their yearly report */
    KPI_SRC_EXTERNAL,     /* "external-denominator": denominator entered per unit and year */
};

/* Periods a KPI is computed for (kpis.csv, column ky). */
enum kpi_period_flags {
    KPI_MONTH = 1 << 0,
    KPI_QUARTER = 1 << 1,
    KPI_YEAR = 1 << 2,
};

/* One row of the KPI table. */
struct kpi_def {
    char key[KPI_KEY_MAX];            /* stable key, "ho_so_hoan_toan_truc_tuyen" */
    char name[KPI_NAME_MAX];          /* Vietnamese name */
    double target_2025;               /* percent; < 0 when 1588 sets none */
    double target_2030;               /* percent; < 0 when 1588 sets none */
    bool yearly;                      /* the target holds every year ("hằng năm") */
    enum kpi_source source;
    char numerator[KPI_TEXT_MAX];     /* what the numerator counts, Vietnamese */
    char denominator[KPI_TEXT_MAX];   /* what the denominator counts, Vietnamese */
    char ext_denominator[KPI_KEY_MAX];/* key of the entered denominator, "" none */
    char formula[KPI_TEXT_MAX];       /* the formula in words */
    char zero_text[KPI_NAME_MAX];     /* shown when the denominator is zero */
    unsigned periods;                 /* enum kpi_period_flags */
    bool is_public;                   /* in the public subset (/chi-tieu) */
    char basis[KPI_TEXT_MAX];         /* the clause of §II.2 */
};

/*
 * The KPI table, in the order (the order of kpis.csv).  OUT *n:
 * KPI_COUNT.  The table is parsed from the embedded CSV on first use; a
 * table that does not parse is a build defect (logged, and the function
 * returns NULL with *n = 0).  The memory is static.  Thread-safe.
 */
const struct kpi_def *kpi_defs(size_t *n);

/* The definition of key, or NULL when no KPI has that key.  Thread-safe. */
const struct kpi_def *kpi_def_find(const char *key);

/* "computed", "survey", "reported", "external-denominator". */
const char *kpi_source_name(enum kpi_source s);

/* Vietnamese name of a source kind ("Tính từ dữ liệu hệ thống", ...). */
const char *kpi_source_label(enum kpi_source s);

/* ================================================================ values */

enum kpi_unit_kind {
    KPI_UNIT_PROVINCE,   /* every agency; code "" */
    KPI_UNIT_AGENCY,     /* one agency */
    KPI_UNIT_COMMUNE,    /* the agencies whose unit_code is the commune */
};

/* One KPI for a unit and a period: what the board, the API, the CLI,
 * the exports and the consolidated report print. */
struct kpi_row {
    const struct kpi_def *def;        /* the table's row */
    bool has_value;                   /* false: value is "no data" */
    double value;                     /* percent, rounded to one decimal */
    bool has_numerator;               /* the numerator is known */
    int64_t numerator;
    bool has_denominator;             /* the denominator is known (entered, counted) */
    int64_t denominator;
    bool has_target;                  /* a target applies to the period's year */
    double target;                    /* percent */
    char target_basis[KPI_NAME_MAX];  /* "QĐ 1588" or the override's basis */
    char no_data[KPI_NAME_MAX];       /* why there is no value (Vietnamese), "" with one */
    bool drill;                       /* the records behind it can be listed */
};

/* Every KPI of one unit for one period. */
struct kpi_table {
    enum kpi_unit_kind kind;
    char unit[KPI_CODE_MAX];          /* code; "" for the province */
    char name[KPI_NAME_MAX];          /* Vietnamese name of the unit */
    char period[KPI_PERIOD_MAX];      /* canonical period string */
    int year;                         /* the period's year */
    struct kpi_row rows[KPI_COUNT];   /* in the table's order */
    size_t n;                         /* KPI_COUNT when filled */
};

/*
 * Every KPI (or only the one named only_key, when not NULL: the other
 * rows keep no value and no numerator) of unit (an agency code, a commune
 * code, a province code, or NULL/"" for the province) for period
 * ("2026", "2026-Q2", "2026-05", "05/2026", "Q2/2026").
 * out: OUT, fully written on success.
 * Returns MC_OK; MC_ERR_INVALID for a bad period (date ranges included);
 * MC_ERR_NOT_FOUND for an unknown unit or key; MC_ERR_DB.
 */
enum mc_status kpi_compute(struct db *db, const char *unit, const char *period,
                           const char *only_key, struct kpi_table *out) MC_WARN_UNUSED;

/*
 * The row of KPI key in t, or t's first row when no row has that key
 * (callers pass keys kpi_def_find() accepted).  Pure.
 */
const struct kpi_row *kpi_row_of(const struct kpi_table *t, const char *key);

/*
 * The document of `motcua kpi --format json` and GET /api/v1/kpi:
 * {"unit":…,"name":…,"period":…,"kpis":[{"key","name","value","numerator",
 *  "denominator","target","source"}]}; unit is null for the province;
 * value a number with one decimal or null when there is no data;
 * numerator and denominator null when unknown; target null when none.
 * public_only keeps the public subset.  Returns a new reference.
 */
json_t *kpi_table_json(const struct kpi_table *t, bool public_only);

/*
 * The value of a row as people read it: "66,7%" or the row's no_data
 * text.  out: at least 64 bytes recommended; returns out.
 */
const char *kpi_row_value_text(const struct kpi_row *r, char *out, size_t size);

/*
 * Attainment of a row in percent of its target (value / target x 100,
 * capped at 100), or a negative number when there is no value or no
 * target.  Pure.
 */
double kpi_row_attainment(const struct kpi_row *r);

/*
 * How many rows of t are measured (a value and a target) and how many of
 * those are on target (value >= target), into *measured and *on_target:
 * the KPI attainment the programme's commendation shortlist weighs.  Rows
 * without a value or a target count in neither.  Pure.
 */
void kpi_table_on_target(const struct kpi_table *t, int *measured, int *on_target);

/* ================================================================ denominators */

/* The kinds of entered denominator (kpis.csv, column mau_so_ngoai). */
#define KPI_DEN_ADULTS "dan_so_truong_thanh"     /* adults per commune */
#define KPI_DEN_STAFF "can_bo_van_hanh"          /* operating staff per agency */
#define KPI_DEN_TEAM "thanh_vien_to_cnscd"       /* team members per commune */
#define KPI_DEN_PUPILS "hoc_sinh_sinh_vien"      /* pupils and students per school */

#define KPI_DEN_VALUE_MAX 100000000   /* largest entered count */
#define KPI_IMPORT_ROWS_MAX 20000     /* rows of one import at most */

/* Vietnamese name of a denominator kind, or NULL for an unknown kind. */
const char *kpi_den_kind_label(const char *kind);

/* One entered denominator. */
struct kpi_den {
    char kind[KPI_KEY_MAX];       /* KPI_DEN_* */
    char unit[KPI_CODE_MAX];      /* commune code, agency code or school code */
    char unit_name[KPI_NAME_MAX]; /* "" when the code is not a stored unit or agency */
    int year;                     /* 2000..2100 */
    int64_t value;                /* 0..KPI_DEN_VALUE_MAX */
};

/* kpi_den_list: items by kind, year, unit */
LIST_DECLARE(kpi_den, kpi_den);

/*
 * The entered denominators of year (0 = every year), into out
 * (initialised by the caller, emptied and refilled).
 * Returns MC_OK or MC_ERR_DB.
 */
enum mc_status kpi_den_list(struct db *db, int year, struct kpi_den_list *out)
    MC_WARN_UNUSED;

/*
 * Enter (or replace) the denominators items[0..n): each is checked
 * (known kind; a commune code for adults and team members, an agency
 * code for staff, a code of 1-64 code characters for schools; year
 * 2000..2100; value 0..KPI_DEN_VALUE_MAX; the same kind, unit and year
 * only once), then all are written in one transaction with one audit row
 * 'kpi.denominators' by who, or none is.  rep (may be NULL) gets one
 * "dòng N: ..." message per refused item (item i is line first_line + i)
 * and the counts.  Returns MC_OK; MC_ERR_INVALID when any item is
 * refused (nothing written); MC_ERR_DB / MC_ERR_BUSY.
 */
enum mc_status kpi_den_save(struct db *db, const struct kpi_den *items, size_t n,
                            int first_line, const struct audit_actor *who,
                            struct import_report *rep) MC_WARN_UNUSED;

/*
 * Parse a CSV of denominators (header ma_mau_so,ma_don_vi,nam,gia_tri;
 * UTF-8, a BOM allowed, the first line the header) or an xlsx workbook
 * (its first sheet, the same columns), then kpi_den_save() them: all or
 * nothing, every refused line named with its reason in rep (not NULL).
 * data/len: the file's bytes.  Returns as kpi_den_save(), or MC_ERR_INVALID for a
 * file that does not parse or lacks a column, MC_ERR_TOO_LARGE past
 * KPI_IMPORT_ROWS_MAX lines (nothing written in either case).
 */
enum mc_status kpi_den_import(struct db *db, const char *data, size_t len,
                              const struct audit_actor *who, struct import_report *rep)
    MC_WARN_UNUSED;

/*
 * The demo's denominators (kpi_demo.c): adults and team members of every
 * commune with an agency, operating staff of every agency, for the year
 * of clock_now() and the one before.  Does nothing when that year has
 * entered denominators already.  Returns as kpi_den_save().
 */
enum mc_status kpi_seed_demo(struct db *db) MC_WARN_UNUSED;

/* ================================================================ snapshots */

/*
 * Freeze the JSON of kpi_table_json() for the province and every commune
 * with an agency, for period, as one new numbered revision (kpi_snapshots),
 * with an audit row 'kpi.freeze' by who.  The consolidated report quotes
 * a revision so that its figures equal the board's for the same freeze.
 * OUT *revision (may be NULL).  Returns as kpi_compute().
 */
enum mc_status kpi_freeze(struct db *db, const char *period, const struct audit_actor *who,
                          int *revision) MC_WARN_UNUSED;

/*
 * The frozen JSON of unit ("" province) for period, revision 0 = latest.
 * OUT *json (a new string the caller frees), *rev (may be NULL).
 * Returns MC_OK; MC_ERR_NOT_FOUND when not frozen; MC_ERR_DB.
 */
enum mc_status kpi_frozen_get(struct db *db, const char *period, const char *unit,
                              int revision, char **json, int *rev) MC_WARN_UNUSED;

/* ================================================================ trend, map, drill-down */

#define KPI_TREND_MAX 24   /* periods in a trend at most */

/* One point of a KPI's trend. */
struct kpi_point {
    char period[KPI_PERIOD_MAX];   /* "2026-05", "2026-Q2" or "2026" */
    struct kpi_row row;            /* the KPI in that period */
};

/*
 * The KPI key of unit over the n periods of the same length ending with
 * period (months for a month, quarters for a quarter, years for a
 * year), oldest first, into out[0..n).  n at most KPI_TREND_MAX.
 * Returns as kpi_compute().
 */
enum mc_status kpi_trend(struct db *db, const char *unit, const char *period, const char *key,
                         size_t n, struct kpi_point *out) MC_WARN_UNUSED;

/* One commune on the map. */
struct kpi_commune {
    char code[KPI_CODE_MAX];
    char name[KPI_NAME_MAX];
    struct kpi_row row;            /* the KPI for this commune */
};

/* kpi_commune_list: items by code */
LIST_DECLARE(kpi_commune, kpi_commune);

/*
 * Every commune that has at least one agency, code and name only (rows
 * left empty).  out: initialised by the caller, emptied and refilled.
 * Returns MC_OK or MC_ERR_DB.
 */
enum mc_status kpi_commune_names(struct db *db, struct kpi_commune_list *out) MC_WARN_UNUSED;

/*
 * KPI key for period in every commune that has at least one agency.
 * out: initialised by the caller, emptied and refilled.
 * Returns as kpi_compute().
 */
enum mc_status kpi_communes(struct db *db, const char *period, const char *key,
                            struct kpi_commune_list *out) MC_WARN_UNUSED;

/* One record behind a computed KPI: no citizen data. */
struct kpi_record {
    char ref[96];                  /* dossier or feedback code */
    char label[KPI_NAME_MAX];      /* procedure name or feedback title */
    char agency[KPI_NAME_MAX];     /* agency name (its code when unknown) */
    int64_t at;                    /* when received or rated */
    bool in_numerator;             /* counts above the line */
    char detail[128];              /* Vietnamese: why it does or does not count */
};

#define KPI_RECORDS_MAX 2000       /* records listed at most */

struct kpi_record_list {
    struct kpi_record *items;      /* those not in the numerator first */
    size_t n;
    size_t cap;                    /* entries allocated */
    int64_t numerator;             /* over every record, also beyond the list */
    int64_t denominator;
    bool truncated;                /* more than KPI_RECORDS_MAX */
};
void kpi_record_list_init(struct kpi_record_list *l);
void kpi_record_list_release(struct kpi_record_list *l);

/*
 * The records behind KPI key for unit and period (only KPIs whose
 * kpi_row.drill is set: the dossier, rating and feedback KPIs).
 * out: initialised by the caller, released and refilled.
 * Returns as kpi_compute(); MC_ERR_NOT_FOUND for a KPI without records.
 */
enum mc_status kpi_records(struct db *db, const char *unit, const char *period, const char *key,
                           struct kpi_record_list *out) MC_WARN_UNUSED;

/* ================================================================ exports */

/*
 * The table as CSV (UTF-8 with a BOM, through core/csv.h): one line per
 * KPI with key, name, value, numerator, denominator, target, gap, source.
 * Appends to out.  Returns MC_OK.
 */
enum mc_status kpi_export_csv(const struct kpi_table *t, struct buf *out) MC_WARN_UNUSED;

/*
 * The same as an xlsx workbook (one sheet "Chỉ tiêu"), written through a
 * temporary file in tmpdir and appended to out.  Returns MC_OK or MC_ERR_IO.
 */
enum mc_status kpi_export_xlsx(const struct kpi_table *t, const char *tmpdir, struct buf *out)
    MC_WARN_UNUSED;

/* ================================================================ counts of one agency */

/*
 * The count the platform holds for one agency and one year, for the
 * programme's output counts that fill themselves (wired to the programme
 * by the program's composition root, src/app/wire.c).  key:
 *   "ho_so_tiep_nhan"  dossiers received in the year (766 counters),
 *   "ho_so_truc_tuyen" of those, lodged online (channel 2),
 *   "ho_so_dung_han"   dossiers counted in the year and not late,
 *   "y_kien_tra_loi"   feedback received in the year (refused items aside)
 *                      and answered in public,
 *   "khao_sat"         the agency's surveys opened to the public in the year.
 * OUT *count.  Returns MC_OK; MC_ERR_NOT_FOUND for another key;
 * MC_ERR_INVALID for a year outside 2000-2100; MC_ERR_DB.
 */
enum mc_status kpi_agency_count(struct db *db, const char *key, const char *agency, int year,
                                int64_t *count) MC_WARN_UNUSED;

#endif
