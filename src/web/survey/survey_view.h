/*
 * survey_view.h - what the survey pages draw from the domain's results:
 * the horizontal bar chart of one question, as inline SVG (no script,
 * CSP default-src 'self'), next to the table that holds the same numbers.
 * The domain counts (domain/survey/survey.h); markup lives here, as the
 * quality charts do (web/quality/quality_view.h).
 *
 * Caller memory only; thread-safe.
 */
#ifndef MC_WEB_SURVEY_VIEW_H
#define MC_WEB_SURVEY_VIEW_H

#include <stddef.h>
#include <stdint.h>
#include "core/buf.h"

/*
 * Append an <svg> horizontal bar chart to out: one bar per label (n of
 * labels and counts), each with its label, its count and its share of
 * total written as text next to it (so it reads without colour),
 * role="img" and a <title> naming the chart.  Labels and title are
 * escaped; labels longer than about 90 bytes are cut with "…" (the table
 * has them whole).  Pure.
 */
void survey_view_chart(const char *title, const char *const *labels, const int64_t *counts,
                       size_t n, int64_t total, struct buf *out);

#endif
