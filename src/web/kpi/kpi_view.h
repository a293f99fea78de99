/*
 * kpi_view.h - what the KPI pages (page_kpi.c) draw: the JSON rows of a
 * KPI table for the templates, the trend chart of one KPI against its
 * target and the map of communes shaded by attainment, both as SVG drawn
 * on the server (no script) with a data table beside them.
 *
 * Every function uses caller memory only; thread-safe.
 */
#ifndef MC_WEB_KPI_VIEW_H
#define MC_WEB_KPI_VIEW_H

#include <jansson.h>
#include <stddef.h>
#include "core/buf.h"
#include "domain/kpi/kpi.h"

/*
 * The rows of t for a template: key, name, value (text), numerator,
 * denominator, target, gap, source, state ("dat", "chua_dat", "khong"),
 * and the links of the board (drill-down when the KPI has records, trend)
 * built from base ("/quan-tri/chi-tieu") and query ("ky=2026&don_vi=...").
 * public_only keeps the public subset.  Returns a new array.
 */
json_t *kpi_view_rows(const struct kpi_table *t, bool public_only, const char *base,
                      const char *query);

/*
 * A period ("2026", "2026-Q2", "2026-05") as words ("năm 2026", "quý
 * 2/2026", "tháng 05/2026").  out: size bytes (64 is enough).
 */
void kpi_view_period_text(const char *period, char *out, size_t size);

/* Append the SVG chart of pts[0..n) (bars: values; dashed line: targets) titled title. */
void kpi_view_trend_svg(const struct kpi_point *pts, size_t n, const char *title,
                        struct buf *svg);

/* The chart's data table: period (words), value, target. */
json_t *kpi_view_trend_rows(const struct kpi_point *pts, size_t n);

/*
 * Append the SVG map of communes: one tile per commune, shaded by the
 * attainment of its KPI (met, 80-100 %, 50-80 %, below 50 %, no data),
 * each with its name and value in a <title>, with a legend.
 */
void kpi_view_map_svg(const struct kpi_commune_list *l, const char *title, struct buf *svg);

/* The map's data table: commune, value, target, attainment band in words. */
json_t *kpi_view_map_rows(const struct kpi_commune_list *l);

#endif
