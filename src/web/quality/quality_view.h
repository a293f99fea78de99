/*
 * quality_view.h - what the service-quality pages (page_quality.c) share:
 * Vietnamese number formats, the JSON views of index documents, rankings,
 * ratings aggregates and late lists for the templates, and the trend
 * chart drawn on the server as SVG (no script, CSP default-src 'self').
 *
 * Every function uses caller memory only; thread-safe.
 */
#ifndef MC_WEB_QUALITY_VIEW_H
#define MC_WEB_QUALITY_VIEW_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include "core/buf.h"
#include "domain/index766/index766.h"
#include "domain/rating/rating.h"

/* Points: v with two decimals and a decimal comma ("74,06") as a JSON string. */
json_t *quality_view_number(double v);
/* num out of den as people read it ("89,2%", or "chưa có dữ liệu" when den is 0). */
json_t *quality_view_share(int64_t num, int64_t den);
/*
 * A canonical period ("2026-11", "2026-Q4", "2026", "2026-10-01..2026-10-15")
 * as words: "tháng 11/2026", "quý 4/2026", "năm 2026", "từ 01/10/2026 đến
 * 15/10/2026" (period_text); as people type it: "11/2026", "Q4/2026",
 * "2026", the range unchanged (period_input).  Anything unparsable is
 * copied.  out: OUT, size bytes (64 is enough).
 */
void quality_view_period_text(const char *period, char *out, size_t size);
void quality_view_period_input(const char *period, char *out, size_t size);

/*
 * The view of an index document (index766_document() JSON): total, whether
 * it has data, published or provisional, and its groups with their
 * indicators, each linking to base/{key}?ky=period.  Borrows doc.
 */
json_t *quality_view_report(json_t *doc, const char *base, const char *period);

/*
 * The rows of a ranking document (index766_ranking_document() JSON): rank,
 * code, name, total, points per group, and the change from the previous
 * period as an arrow plus words ("▲ tăng 2 bậc").  Borrows doc.
 */
json_t *quality_view_ranking(json_t *doc, const char *period);

/* The rows of a ratings aggregate with %, target and whether it is met. */
json_t *quality_view_ratings(const struct rating_agg *a);

/* The late list: by agency, by officer and the first max dossiers. */
json_t *quality_view_late(const struct index766_late_list *l, size_t max);

/* One point of a trend. */
struct quality_point {
    char label[IDX_PERIOD_STR_SIZE];   /* "2026-10" */
    double value;                       /* 0..100 */
    bool has;                           /* false: no data that month */
};

/*
 * Append an SVG bar chart of n points (values 0..100, each bar labelled
 * with its value, months below) titled title to svg.  Colours come from
 * classes styled in site.css; the figure also has a <title> and <desc>.
 */
void quality_view_chart(const struct quality_point *pts, size_t n, const char *title,
                        struct buf *svg);

/* The rows of the chart's data table (label, value or "chưa có dữ liệu"). */
json_t *quality_view_trend_rows(const struct quality_point *pts, size_t n);

#endif
