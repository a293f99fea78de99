/*
 * kpi-int.h - what the files of the KPI module share (kpi.c,
 * kpi_compute.c, kpi_data.c, kpi_den.c).  Not for other modules.
 */
#ifndef MC_KPI_KPI_INT_H
#define MC_KPI_KPI_INT_H

#include <stdbool.h>
#include "domain/kpi/kpi.h"

/*
 * Resolve unit (as kpi_compute() takes it) into t->kind, t->unit and
 * t->name, and org (OUT, KPI_CODE_MAX bytes) into the organisation code
 * targets are keyed by: the agency code, the commune code, or the
 * province's UBND code ("T20.UBND").  Returns MC_OK; MC_ERR_NOT_FOUND
 * for an unknown unit or another province; MC_ERR_DB.
 */
enum mc_status kpi_resolve_unit(struct db *db, const char *unit, struct kpi_table *t,
                                char org[KPI_CODE_MAX]) MC_WARN_UNUSED;

/*
 * Set row->has_target, target and target_basis for KPI d, organisation
 * org and year: a target entered on the platform (kpi_targets), else one
 * a shipped plan sets (data/programme/kpi-overrides-*.csv), else 1588's.
 * Returns MC_OK or MC_ERR_DB.
 */
enum mc_status kpi_find_target(struct db *db, const struct kpi_def *d, const char *org, int year,
                               struct kpi_row *row) MC_WARN_UNUSED;

/*
 * Turn the numerator and denominator of r into r->value (one decimal), or
 * into r->no_data when there is no value: a missing denominator "chưa có
 * dữ liệu", a zero one the KPI's own words.  A row with no_data set
 * already is left as it is.  Pure.
 */
void kpi_finish_row(struct kpi_row *r);

/* True when a procedure field (lĩnh vực) is land, construction or investment.  Pure. */
bool kpi_field_is_land(const char *field);

/*
 * The year of birth a 12-digit CCCD number encodes (its 4th digit gives
 * the century, the 5th and 6th the year), or 0 when cccd is not 12
 * digits.  Pure.
 */
int kpi_birth_year(const char *cccd);

#endif
