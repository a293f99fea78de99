/*
 * quality.h - what the service-quality dashboards need beyond the index
 * module (index/index.h): the default period, the months of a trend, the
 * dossiers behind a dossier-fed indicator, and the exports of the index
 * and ranking (CSV, xlsx) in the layout officials use.
 *
 * DESIGN (docs/quality.md)
 * - The dossiers behind a number are found with the index's own rules:
 *   every dossier of the unit is passed through dossier_to_idx() and
 *   idx_dossier_classify() for the period as of now, exactly as
 *   index766_recompute() does, so the list agrees with the live figure.
 * - The exports read index766_document() and index766_ranking_document(): a
 *   published month exports its frozen revision, others the live figures.
 *
 * Thread-safety: the connection passed in and caller memory only.
 */
#ifndef MC_QUALITY_QUALITY_H
#define MC_QUALITY_QUALITY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "core/buf.h"
#include "core/db.h"
#include "domain/dossier/dossier.h"
#include "domain/index766/index766.h"

#define QUALITY_DOSSIERS_MAX 2000   /* rows listed behind one indicator at most */
#define QUALITY_TREND_MAX 24        /* months of a trend at most */
#define QUALITY_LOOKBACK 12         /* months searched back for a publication */

/*
 * The period a dashboard opens on at instant now: the latest month with
 * a published revision among the QUALITY_LOOKBACK before now's month;
 * otherwise now's month, *provisional (may be NULL) set ("tạm tính").
 * out: IDX_PERIOD_STR_SIZE bytes.  Returns MC_OK or MC_ERR_DB.
 */
enum mc_status quality_default_period(struct db *db, int64_t now,
                                      char out[IDX_PERIOD_STR_SIZE], bool *provisional)
    MC_WARN_UNUSED;

/*
 * The n months ending with the last month of period, oldest first:
 * out[i] gets "YYYY-MM".  n at most QUALITY_TREND_MAX.  Returns MC_OK or
 * MC_ERR_INVALID for a bad period or n.
 */
enum mc_status quality_months(const char *period, size_t n,
                              char out[][IDX_PERIOD_STR_SIZE]) MC_WARN_UNUSED;

/*
 * The dossier counters (struct idx_dossier_counts field names) of the
 * numerator and denominator of indicator key when it is fed by dossiers
 * alone (giai_quyet_dung_han, ho_so_truc_tuyen, ...).  Returns MC_OK, or
 * MC_ERR_NOT_FOUND for any other key.
 */
enum mc_status quality_indicator_fields(const char *key, const char **num_field,
                                        const char **den_field) MC_WARN_UNUSED;

/* One dossier behind an indicator: no citizen data. */
struct quality_dossier {
    int64_t id;
    char code[DOSSIER_CODE_MAX];
    char procedure_code[DOSSIER_REF_MAX + 1];
    char procedure_name[DOSSIER_NAME_MAX + 1];
    char agency_code[DOSSIER_REF_MAX + 1];
    char agency_name[DOSSIER_NAME_MAX + 1];   /* "" when the agency is not stored */
    int status;                  /* TrangThaiHoSo */
    int step;
    int64_t received_at;
    int64_t deadline_at;         /* the extended appointment */
    int64_t ended_at;
    bool in_numerator;           /* counts above the line (on time, online ...) */
    bool late;                   /* late by the index rules */
    int rating;                  /* DanhGia */
};

struct quality_dossier_list {
    struct quality_dossier *rows;   /* those not in the numerator first, then by code */
    size_t n;
    size_t cap;                     /* rows allocated */
    int64_t numerator;              /* over every dossier, also beyond the list */
    int64_t denominator;
    bool truncated;                 /* more than QUALITY_DOSSIERS_MAX rows */
};
void quality_dossier_list_init(struct quality_dossier_list *l);
void quality_dossier_list_release(struct quality_dossier_list *l);

/*
 * The dossiers in the denominator of indicator key for unit (kind and
 * code as in struct index766_report) and period, as of clock_now(), flagged
 * when in the numerator.  only_agency (NULL/"" = no limit) keeps the
 * dossiers of one agency (an officer sees their own agency's).
 * out: initialised by the caller, released and refilled.
 * Returns MC_OK; MC_ERR_INVALID for a bad period; MC_ERR_NOT_FOUND for an
 * indicator not fed by dossiers alone; MC_ERR_DB.
 */
enum mc_status quality_dossiers(struct db *db, enum index766_unit_kind kind, const char *unit,
                                const char *period, const char *key, const char *only_agency,
                                struct quality_dossier_list *out) MC_WARN_UNUSED;

/* ---------------------------------------------------------------- exports */

/*
 * The index of the province for period and both rankings as CSV (UTF-8
 * with a byte-order mark, for Excel): first the indicator table (STT,
 * group/indicator, numerator, denominator, ratio %, points, maximum), then
 * the ranking of agencies and of communes (rank, code, name, total, one
 * column per group, previous rank, change).  Appends to out.
 * Returns as index766_compute().
 */
enum mc_status quality_export_csv(struct db *db, const char *period, struct buf *out)
    MC_WARN_UNUSED;

/*
 * The same as an xlsx workbook (sheets "Chỉ số toàn tỉnh", "Xếp hạng cơ
 * quan", "Xếp hạng xã"), written through a temporary file in tmpdir and
 * appended to out.  Returns as index766_compute(), or MC_ERR_IO.
 */
enum mc_status quality_export_xlsx(struct db *db, const char *period, const char *tmpdir,
                                   struct buf *out) MC_WARN_UNUSED;

#endif
