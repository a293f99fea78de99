/*
 * survey_view.c - the bar chart of a survey question's results (see
 * survey_view.h).
 */
#include <string.h>
#include "domain/survey/survey.h"
#include "web/survey/survey_view.h"

#define CHART_WIDTH 640
#define CHART_BAR_MAX 440     /* width of a 100% bar */
#define CHART_ROW 46          /* height of one label + bar */
#define CHART_LABEL_MAX 90    /* bytes of a label drawn; the table has all of it */

/* Append s cut at about max bytes on a UTF-8 boundary, with "…" when cut. */
static void add_cut(struct buf *out, const char *s, size_t max)
{
    size_t len = strlen(s);
    if (len <= max) {
        buf_add_html(out, s, len);
        return;
    }
    while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
        max--;
    buf_add_html(out, s, max);
    buf_adds(out, "…");
}

void survey_view_chart(const char *title, const char *const *labels, const int64_t *counts,
                       size_t n, int64_t total, struct buf *out)
{
    int height = (int)n * CHART_ROW + 8;
    buf_addf(out, "<svg class=\"survey-chart\" xmlns=\"http://www.w3.org/2000/svg\" "
             "viewBox=\"0 0 %d "
             "%d\" width=\"100%%\" role=\"img\" focusable=\"false\"><title>",
             CHART_WIDTH, height);
    buf_add_html(out, title ? title : "", title ? strlen(title) : 0);
    buf_adds(out, "</title>");
    for (size_t i = 0; i < n; i++) {
        char pct[16];
        int y = (int)i * CHART_ROW;
        int64_t c = counts[i] > 0 ? counts[i] : 0;
        int w = total > 0 ? (int)((c * CHART_BAR_MAX + total / 2) / total) : 0;
        if (w > CHART_BAR_MAX)
            w = CHART_BAR_MAX;
        survey_percent(c, total, pct, sizeof(pct));
        buf_addf(out, "<text class=\"chart-label\" x=\"0\" y=\"%d\" font-size=\"14\" "
                 "fill=\"#1a1a1a\">", y + 16);
        add_cut(out, labels[i] ? labels[i] : "", CHART_LABEL_MAX);
        buf_addf(out, "</text><rect class=\"chart-track\" x=\"0\" y=\"%d\" width=\"%d\" "
                 "height=\"18\" fill=\"#e8e8e8\"/>", y + 22, CHART_BAR_MAX);
        if (w > 0)
            buf_addf(out, "<rect class=\"chart-bar\" x=\"0\" y=\"%d\" width=\"%d\" "
                     "height=\"18\" fill=\"#1d5b8f\"/>", y + 22, w);
        buf_addf(out, "<text class=\"chart-value\" x=\"%d\" y=\"%d\" font-size=\"14\" "
                 "fill=\"#1a1a1a\">%lld (%s)</text>", CHART_BAR_MAX + 8, y + 36,
                 (long long)c, pct);
    }
    buf_adds(out, "</svg>");
}
