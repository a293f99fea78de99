/*
 * kpi_view.c - JSON rows, the trend chart and the commune map of the KPI
 * pages (see kpi_view.h).
 */
#include "web/kpi/kpi_view.h"
#include <stdio.h>
#include <string.h>
#include "core/vnfmt.h"

#define CHART_W 720          /* SVG user units */
#define CHART_H 260
#define CHART_LEFT 40
#define CHART_TOP 24
#define CHART_BOTTOM 40
#define MAP_COLS 8           /* tiles per row */
#define MAP_TILE 84          /* tile size, user units */
#define MAP_GAP 6

/* The attainment bands, highest first: the tile's class and what it says. */
static const struct band {
    double from;            /* attainment (%) from which the band holds */
    const char *css, *text;
} BANDS[] = {
    {100, "kpi-met", "đạt mục tiêu"},
    {80, "kpi-near", "đạt 80% đến dưới 100% mục tiêu"},
    {50, "kpi-mid", "đạt 50% đến dưới 80% mục tiêu"},
    {0, "kpi-low", "đạt dưới 50% mục tiêu"},
};
static const struct band NO_BAND = {-1, "kpi-none", "chưa có dữ liệu hoặc chưa có mục tiêu"};

static const struct band *band_of(const struct kpi_row *r)
{
    double a = kpi_row_attainment(r);
    if (a < 0)
        return &NO_BAND;
    for (size_t i = 0; i < MC_ARRAY_LEN(BANDS); i++)
        if (a >= BANDS[i].from)
            return &BANDS[i];
    return &BANDS[MC_ARRAY_LEN(BANDS) - 1];
}

static json_t *pct_or_null(bool has, double v)
{
    char s[VNFMT_SIZE];
    return has ? json_string(vnfmt_percent(s, sizeof(s), v)) : json_null();
}

json_t *kpi_view_rows(const struct kpi_table *t, bool public_only, const char *base,
                      const char *query)
{
    json_t *rows = json_array();
    char v[KPI_NAME_MAX], n[VNFMT_SIZE], d[VNFMT_SIZE], g[VNFMT_SIZE];
    for (size_t i = 0; i < t->n; i++) {
        const struct kpi_row *r = &t->rows[i];
        if (public_only && !r->def->is_public)
            continue;
        json_t *o = json_pack("{s:s,s:s,s:s,s:b,s:s,s:s,s:s,s:s}", "key", r->def->key, "name",
                              r->def->name, "value", kpi_row_value_text(r, v, sizeof(v)),
                              "has_value", r->has_value, "source",
                              kpi_source_label(r->def->source), "band", band_of(r)->css,
                              "band_text", band_of(r)->text, "basis", r->def->basis);
        json_object_set_new(o, "numerator", r->has_numerator
                                                ? json_string(vnfmt_int(n, sizeof(n), r->numerator))
                                                : json_string("–"));
        json_object_set_new(o, "denominator",
                            r->has_denominator
                                ? json_string(vnfmt_int(d, sizeof(d), r->denominator))
                                : json_string("chưa có"));
        json_object_set_new(o, "target", pct_or_null(r->has_target, r->target));
        json_object_set_new(o, "target_basis", json_string(r->target_basis));
        if (r->has_value && r->has_target) {
            double gap = r->value - r->target;
            vnfmt_decimal(g, sizeof(g), gap < 0 ? -gap : gap, 1);
            json_object_set_new(o, "gap", json_sprintf("%s %s điểm %%", gap < 0 ? "thiếu" : "vượt",
                                                       g));
            if (gap >= 0)
                json_object_set_new(o, "gap", json_sprintf("đạt (%s%s điểm %%)",
                                                           gap > 0 ? "vượt " : "", g));
        }
        if (base && r->drill && r->has_denominator)
            json_object_set_new(o, "drill_url",
                                json_sprintf("%s/%s?%s", base, r->def->key, query));
        if (base)
            json_object_set_new(o, "trend_url",
                                json_sprintf("%s?%s&chi_tieu=%s#xu-huong", base, query,
                                             r->def->key));
        json_array_append_new(rows, o);
    }
    return rows;
}

void kpi_view_period_text(const char *period, char *out, size_t size)
{
    if (strlen(period) == 4)
        snprintf(out, size, "năm %s", period);
    else if (strlen(period) == 7 && period[5] == 'Q')
        snprintf(out, size, "quý %c/%.4s", period[6], period);
    else if (strlen(period) == 7)
        snprintf(out, size, "tháng %.2s/%.4s", period + 5, period);
    else
        snprintf(out, size, "%s", period);
}

/* ---------------------------------------------------------------- the trend */

static double y_of(double v)
{
    double h = CHART_H - CHART_TOP - CHART_BOTTOM;
    return CHART_TOP + h - h * (v < 0 ? 0 : v > 100 ? 100 : v) / 100.0;
}

void kpi_view_trend_svg(const struct kpi_point *pts, size_t n, const char *title,
                        struct buf *svg)
{
    double slot = n ? (double)(CHART_W - CHART_LEFT - 10) / (double)n : 0;
    char v[VNFMT_SIZE], label[64];
    buf_addf(svg, "<svg class=\"chart\" viewBox=\"0 0 %d %d\" role=\"img\""
                  " aria-labelledby=\"kpi-chart-title kpi-chart-desc\">", CHART_W, CHART_H);
    buf_adds(svg, "<title id=\"kpi-chart-title\">");
    buf_add_html(svg, title, strlen(title));
    buf_adds(svg, "</title><desc id=\"kpi-chart-desc\">Biểu đồ cột: giá trị chỉ tiêu theo"
                  " từng kỳ, thang 0 đến 100%; đường gạch: mục tiêu. Số liệu chi tiết ở bảng"
                  " bên dưới.</desc>");
    for (int g = 0; g <= 100; g += 25) {
        buf_addf(svg, "<line class=\"chart-grid\" x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\"/>",
                 CHART_LEFT, CHART_W - 10, y_of(g), y_of(g));
        buf_addf(svg, "<text class=\"chart-axis\" x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%d%%"
                      "</text>", CHART_LEFT - 4, y_of(g) + 4, g);
    }
    for (size_t i = 0; i < n; i++) {
        const struct kpi_row *r = &pts[i].row;
        double x = CHART_LEFT + slot * (double)i;
        if (r->has_value) {
            buf_addf(svg, "<rect class=\"chart-bar\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\""
                          " height=\"%.1f\"/>", x + slot * 0.15, y_of(r->value), slot * 0.7,
                     y_of(0) - y_of(r->value));
            buf_addf(svg, "<text class=\"chart-value\" x=\"%.1f\" y=\"%.1f\""
                          " text-anchor=\"middle\">%s</text>", x + slot / 2,
                     y_of(r->value) - 4, vnfmt_percent(v, sizeof(v), r->value));
        } else {
            buf_addf(svg, "<text class=\"chart-none\" x=\"%.1f\" y=\"%.1f\""
                          " text-anchor=\"middle\">–</text>", x + slot / 2, y_of(0) - 4);
        }
        if (r->has_target)
            buf_addf(svg, "<line class=\"kpi-target\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\""
                          " y2=\"%.1f\"/>", x, x + slot, y_of(r->target), y_of(r->target));
        kpi_view_period_text(pts[i].period, label, sizeof(label));
        buf_addf(svg, "<text class=\"chart-label\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">",
                 x + slot / 2, CHART_H - CHART_BOTTOM + 16);
        const char *short_label = strchr(label, ' ');
        short_label = short_label ? short_label + 1 : label;
        buf_add_html(svg, short_label, strlen(short_label));
        buf_adds(svg, "</text>");
    }
    buf_adds(svg, "</svg>");
}

json_t *kpi_view_trend_rows(const struct kpi_point *pts, size_t n)
{
    json_t *rows = json_array();
    char label[64], v[KPI_NAME_MAX];
    for (size_t i = 0; i < n; i++) {
        kpi_view_period_text(pts[i].period, label, sizeof(label));
        json_array_append_new(rows, json_pack(
            "{s:s,s:s,s:o}", "period", label, "value",
            kpi_row_value_text(&pts[i].row, v, sizeof(v)), "target",
            pct_or_null(pts[i].row.has_target, pts[i].row.target)));
    }
    return rows;
}

/* ---------------------------------------------------------------- the map */

void kpi_view_map_svg(const struct kpi_commune_list *l, const char *title, struct buf *svg)
{
    size_t rows = (l->n + MAP_COLS - 1) / MAP_COLS;
    int w = MAP_COLS * (MAP_TILE + MAP_GAP), h = (int)rows * (MAP_TILE + MAP_GAP) + 40;
    char v[KPI_NAME_MAX];
    buf_addf(svg, "<svg class=\"kpi-map\" viewBox=\"0 0 %d %d\" role=\"img\""
                  " aria-labelledby=\"kpi-map-title kpi-map-desc\">", w, h < 60 ? 60 : h);
    buf_adds(svg, "<title id=\"kpi-map-title\">");
    buf_add_html(svg, title, strlen(title));
    buf_adds(svg, "</title><desc id=\"kpi-map-desc\">Mỗi ô là một xã, phường; màu càng đậm"
                  " càng gần mục tiêu, ô xám là chưa có dữ liệu. Số liệu chi tiết ở bảng bên"
                  " dưới.</desc>");
    for (size_t i = 0; i < l->n; i++) {
        const struct kpi_commune *c = &l->items[i];
        int x = (int)(i % MAP_COLS) * (MAP_TILE + MAP_GAP);
        int y = (int)(i / MAP_COLS) * (MAP_TILE + MAP_GAP);
        buf_addf(svg, "<g><title>");
        buf_add_html(svg, c->name, strlen(c->name));
        buf_adds(svg, ": ");
        kpi_row_value_text(&c->row, v, sizeof(v));
        buf_add_html(svg, v, strlen(v));
        buf_addf(svg, "</title><rect class=\"%s\" x=\"%d\" y=\"%d\" width=\"%d\""
                      " height=\"%d\" rx=\"6\"/>", band_of(&c->row)->css, x, y, MAP_TILE,
                 MAP_TILE);
        buf_addf(svg, "<text class=\"kpi-map-value\" x=\"%d\" y=\"%d\""
                      " text-anchor=\"middle\">%s</text></g>", x + MAP_TILE / 2,
                 y + MAP_TILE / 2 + 5, c->row.has_value ? v : "–");
    }
    buf_adds(svg, "</svg>");
}

json_t *kpi_view_map_rows(const struct kpi_commune_list *l)
{
    json_t *rows = json_array();
    char v[KPI_NAME_MAX];
    for (size_t i = 0; i < l->n; i++) {
        const struct kpi_commune *c = &l->items[i];
        json_array_append_new(rows, json_pack(
            "{s:s,s:s,s:s,s:o,s:s,s:s}", "code", c->code, "name", c->name, "value",
            kpi_row_value_text(&c->row, v, sizeof(v)), "target",
            pct_or_null(c->row.has_target, c->row.target), "band", band_of(&c->row)->css,
            "band_text", band_of(&c->row)->text));
    }
    return rows;
}
