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

/* True when a procedure field (lĩnh vực) is land, construction or investment.  Pure. */
bool kpi_field_is_land(const char *field);

/*
 * The year of birth a 12-digit CCCD number encodes (its 4th digit gives
 * the century, the 5th and 6th the year), or 0 when cccd is not 12
 * digits.  Pure.
 */
int kpi_birth_year(const char *cccd);

#endif
