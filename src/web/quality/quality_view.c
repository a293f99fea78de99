/*
 * quality_view.c - JSON views and the SVG trend chart of the
 * service-quality pages (see quality_view.h).
 */
#include "web/quality/quality_view.h"
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "core/vnfmt.h"
#include "domain/calendar/date.h"
#include "domain/dossier/dossier.h"
#include "core/jfield.h"

#define CHART_W 720          /* SVG user units */
#define CHART_H 260
#define CHART_LEFT 40
#define CHART_TOP 24
#define CHART_BOTTOM 40

/* Points keep two decimals (as the national portal shows them). */
static void number_text(double v, char *out, size_t size)
{
    vnfmt_decimal(out, size, v, 2);
}

json_t *quality_view_number(double v)
{
    char s[VNFMT_SIZE];
    number_text(v, s, sizeof(s));
    return json_string(s);
}

json_t *quality_view_share(int64_t num, int64_t den)
{
    char s[VNFMT_SIZE];
    return json_string(vnfmt_share(s, sizeof(s), num, den));
}

/* The first day and the day after the last of canonical period p, as y/m/d. */
static bool period_days(const char *period, struct idx_period *p, int *y, int *m, int *d)
{
    if (!period || idx_period_parse(period, p) != MC_OK)
        return false;
    calendar_date_to_ymd(calendar_date_of(p->start), y, m, d);
    return true;
}

void quality_view_period_text(const char *period, char *out, size_t size)
{
    struct idx_period p;
    int y, m, d;
    char a[VNFMT_SIZE], b[VNFMT_SIZE];
    if (!period_days(period, &p, &y, &m, &d)) {
        snprintf(out, size, "%s", period ? period : "");
        return;
    }
    switch (p.kind) {
    case IDX_PERIOD_MONTH:
        snprintf(out, size, "tháng %s", vnfmt_month(a, sizeof(a), y, m));
        break;
    case IDX_PERIOD_QUARTER:
        snprintf(out, size, "quý %d/%04d", (m - 1) / 3 + 1, y);
        break;
    case IDX_PERIOD_YEAR:
        snprintf(out, size, "năm %04d", y);
        break;
    case IDX_PERIOD_RANGE:
        snprintf(out, size, "từ %s đến %s", vnfmt_date(a, sizeof(a), p.start),
                 vnfmt_date(b, sizeof(b), p.end - 1));
        break;
    }
}

void quality_view_period_input(const char *period, char *out, size_t size)
{
    struct idx_period p;
    int y, m, d;
    if (!period_days(period, &p, &y, &m, &d)) {
        snprintf(out, size, "%s", period ? period : "");
        return;
    }
    if (p.kind == IDX_PERIOD_MONTH)
        vnfmt_month(out, size, y, m);
    else if (p.kind == IDX_PERIOD_QUARTER)
        snprintf(out, size, "Q%d/%04d", (m - 1) / 3 + 1, y);
    else
        snprintf(out, size, "%s", period);
}

json_t *quality_view_report(json_t *doc, const char *base, const char *period)
{
    json_t *groups = json_array(), *g, *ind;
    size_t gi, ii;
    json_array_foreach(json_object_get(doc, "groups"), gi, g) {
        json_t *inds = json_array();
        json_array_foreach(json_object_get(g, "indicators"), ii, ind) {
            bool nd = index766_json_no_data(ind);
            json_t *v = json_pack("{s:s,s:s,s:o,s:I,s:b,s:s}", "key", jfield_str(ind, "key"),
                                  "name", jfield_str(ind, "name"), "points",
                                  quality_view_number(jfield_num(ind, "points")), "max",
                                  (json_int_t)jfield_num(ind, "max"), "no_data", nd, "url", "");
            json_object_set_new(v, "url", json_sprintf("%s/%s?ky=%s", base,
                                                       jfield_str(ind, "key"), period));
            if (!nd) {
                json_object_set_new(v, "numerator",
                                    json_integer((json_int_t)jfield_num(ind, "numerator")));
                json_object_set_new(v, "denominator",
                                    json_integer((json_int_t)jfield_num(ind, "denominator")));
                json_object_set_new(v, "ratio",
                                    quality_view_share((int64_t)jfield_num(ind, "numerator"),
                                                       (int64_t)jfield_num(ind, "denominator")));
            }
            /* Nothing to count: the rule gives full points, the share is no data. */
            if (strcmp(jfield_str(ind, "state"), "khong_phat_sinh") == 0)
                json_object_set_new(v, "empty_full", json_true());
            json_array_append_new(inds, v);
        }
        json_array_append_new(groups, json_pack(
            "{s:s,s:s,s:o,s:I,s:I,s:b,s:o}", "key", jfield_str(g, "key"), "name",
            jfield_str(g, "name"), "points", quality_view_number(jfield_num(g, "points")), "max",
            (json_int_t)jfield_num(g, "max"), "max_available",
            (json_int_t)jfield_num(g, "max_available"), "no_data",
            jfield_num(g, "max_available") <= 0, "indicators", inds));
    }
    bool live = json_is_true(json_object_get(doc, "live"));
    json_t *v = json_pack("{s:s,s:s,s:s,s:o,s:o,s:I,s:b,s:b,s:o}", "unit",
                          jfield_str(doc, "unit"), "name", jfield_str(doc, "name"), "period",
                          jfield_str(doc, "period"), "total",
                          quality_view_number(jfield_num(doc, "total")), "total_available",
                          quality_view_number(jfield_num(doc, "total_available")), "max_available",
                          (json_int_t)jfield_num(doc, "max_available"), "has_data",
                          !index766_json_no_data(doc),
                          "provisional", live, "groups", groups);
    if (json_object_get(doc, "revision"))
        json_object_set_new(v, "revision", json_integer((json_int_t)jfield_num(doc, "revision")));
    return v;
}

static json_t *change_text(json_t *u)
{
    json_t *ch = json_object_get(u, "rank_change");
    if (!json_is_integer(ch))
        return json_pack("{s:s,s:s}", "arrow", "–", "text", "chưa có kỳ trước để so sánh");
    json_int_t n = json_integer_value(ch);
    if (n > 0)
        return json_pack("{s:s,s:o,s:s}", "arrow", "▲", "text",
                         json_sprintf("tăng %lld bậc", (long long)n), "dir", "up");
    if (n < 0)
        return json_pack("{s:s,s:o,s:s}", "arrow", "▼", "text",
                         json_sprintf("giảm %lld bậc", (long long)-n), "dir", "down");
    return json_pack("{s:s,s:s,s:s}", "arrow", "=", "text", "giữ nguyên", "dir", "same");
}

json_t *quality_view_ranking(json_t *doc, const char *period)
{
    json_t *rows = json_array(), *u, *g;
    size_t i, gi;
    json_array_foreach(json_object_get(doc, "units"), i, u) {
        json_t *groups = json_array();
        json_array_foreach(json_object_get(u, "groups"), gi, g)
            json_array_append_new(groups, jfield_num(g, "max_available") > 0
                                              ? quality_view_number(jfield_num(g, "points"))
                                              : json_string("–"));
        const char *name = jfield_str(u, "name");
        json_t *r = json_pack("{s:s,s:s,s:b,s:o,s:o,s:o}", "unit", jfield_str(u, "unit"), "name",
                              *name ? name : jfield_str(u, "unit"), "has_data",
                              !index766_json_no_data(u), "total",
                              quality_view_number(jfield_num(u, "total")),
                              "groups", groups, "change", change_text(u));
        json_object_set_new(r, "rank", json_is_integer(json_object_get(u, "rank")) &&
                                               jfield_num(u, "rank") > 0
                                           ? json_integer((json_int_t)jfield_num(u, "rank"))
                                           : json_string("–"));
        json_object_set_new(r, "url", json_sprintf("/chat-luong/%s?ky=%s", jfield_str(u, "unit"),
                                                   period));
        json_array_append_new(rows, r);
    }
    return rows;
}

static json_t *agg_row(const struct rating_agg_row *r)
{
    char rated[VNFMT_SIZE];
    return json_pack("{s:s,s:s,s:I,s:I,s:I,s:s,s:o,s:o,s:b,s:b}", "key", r->key, "name",
                     r->name, "very", (json_int_t)r->very, "satisfied",
                     (json_int_t)r->satisfied, "unsatisfied", (json_int_t)r->unsatisfied,
                     "rated", vnfmt_int(rated, sizeof(rated), r->rated), "pct",
                     quality_view_share(r->very + r->satisfied, r->rated), "target",
                     json_sprintf("%d%%", r->target_pct), "meets", r->meets, "has",
                     r->rated > 0);
}

json_t *quality_view_ratings(const struct rating_agg *a)
{
    json_t *rows = json_array();
    for (size_t i = 0; i < a->n; i++)
        json_array_append_new(rows, agg_row(&a->rows[i]));
    return json_pack("{s:o,s:o}", "rows", rows, "total", agg_row(&a->total));
}

static json_t *late_groups(const struct index766_late_group *g, size_t n, bool officers)
{
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, json_pack("{s:s,s:s,s:I,s:I}", "key", g[i].key, "name",
                                           g[i].name[0] ? g[i].name
                                           : officers ? "Chưa phân công cán bộ" : g[i].key,
                                           "late", (json_int_t)g[i].late, "open",
                                           (json_int_t)g[i].open));
    return a;
}

/* The name of agency code in the by-agency groups of l (staff read names). */
static const char *late_agency_name(const struct index766_late_list *l, const char *code)
{
    for (size_t i = 0; i < l->n_agency; i++)
        if (strcmp(l->by_agency[i].key, code) == 0 && l->by_agency[i].name[0])
            return l->by_agency[i].name;
    return code;
}

json_t *quality_view_late(const struct index766_late_list *l, size_t max)
{
    json_t *rows = json_array();
    for (size_t i = 0; i < l->n && i < max; i++) {
        const struct index766_late_row *r = &l->rows[i];
        json_array_append_new(rows, json_pack(
            "{s:s,s:s,s:s,s:s,s:s,s:s,s:i,s:b,s:s}", "code", r->code, "procedure_code",
            r->procedure_code, "procedure_name",
            r->procedure_name[0] ? r->procedure_name : r->procedure_code, "agency",
            r->agency_code, "agency_name", late_agency_name(l, r->agency_code), "officer",
            r->officer, "days_late", r->days_late, "finished", r->finished, "status",
            dossier_status_name(r->status, 0)));
    }
    return json_pack("{s:I,s:o,s:o,s:o,s:b}", "total", (json_int_t)l->total, "by_agency",
                     late_groups(l->by_agency, l->n_agency, false), "by_officer",
                     late_groups(l->by_officer, l->n_officer, true), "dossiers", rows,
                     "more", l->n > max);
}

void quality_view_chart(const struct quality_point *pts, size_t n, const char *title,
                        struct buf *svg)
{
    const int plot_w = CHART_W - CHART_LEFT - 10;
    const int plot_h = CHART_H - CHART_TOP - CHART_BOTTOM;
    char num[64];
    double slot = n ? (double)plot_w / (double)n : 0;
    buf_addf(svg, "<svg class=\"chart\" viewBox=\"0 0 %d %d\" role=\"img\""
                  " aria-labelledby=\"chart-title chart-desc\" data-test=\"trend-chart\">",
             CHART_W, CHART_H);
    buf_adds(svg, "<title id=\"chart-title\">");
    buf_add_html(svg, title, strlen(title));
    buf_adds(svg, "</title><desc id=\"chart-desc\">Biểu đồ cột: điểm quy đổi thang 100 của "
                  "từng tháng; số liệu chi tiết ở bảng ngay dưới biểu đồ.</desc>");
    for (int t = 0; t <= 100; t += 25) {
        double y = CHART_TOP + plot_h - plot_h * t / 100.0;
        buf_addf(svg, "<line class=\"chart-grid\" x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\"/>",
                 CHART_LEFT, CHART_W - 10, y, y);
        buf_addf(svg, "<text class=\"chart-axis\" x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%d"
                      "</text>", CHART_LEFT - 6, y + 4, t);
    }
    for (size_t i = 0; i < n; i++) {
        double x = CHART_LEFT + slot * (double)i + slot * 0.15;
        double w = slot * 0.7;
        double v = pts[i].has ? fmin(100.0, fmax(0.0, pts[i].value)) : 0.0;
        double h = plot_h * v / 100.0;
        double y = CHART_TOP + plot_h - h;
        if (pts[i].has) {
            number_text(pts[i].value, num, sizeof(num));
            buf_addf(svg, "<rect class=\"chart-bar\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\""
                          " height=\"%.1f\"/>", x, y, w, h);
            buf_addf(svg, "<text class=\"chart-value\" x=\"%.1f\" y=\"%.1f\""
                          " text-anchor=\"middle\">%s</text>", x + w / 2, y - 4, num);
        } else {
            buf_addf(svg, "<text class=\"chart-none\" x=\"%.1f\" y=\"%.1f\""
                          " text-anchor=\"middle\">–</text>", x + w / 2,
                     (double)(CHART_TOP + plot_h - 4));
        }
        buf_addf(svg, "<text class=\"chart-label\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">",
                 x + w / 2, CHART_H - CHART_BOTTOM + 18);
        /* "2026-10" is shown as "10/2026". */
        if (strlen(pts[i].label) == 7)
            buf_addf(svg, "%.2s/%.4s", pts[i].label + 5, pts[i].label);
        else
            buf_add_html(svg, pts[i].label, strlen(pts[i].label));
        buf_adds(svg, "</text>");
    }
    buf_adds(svg, "</svg>");
}

json_t *quality_view_trend_rows(const struct quality_point *pts, size_t n)
{
    json_t *rows = json_array();
    for (size_t i = 0; i < n; i++) {
        char month[VNFMT_SIZE];
        quality_view_period_input(pts[i].label, month, sizeof(month));
        json_array_append_new(rows, json_pack("{s:s,s:o,s:b}", "period", month, "value",
                                              pts[i].has ? quality_view_number(pts[i].value)
                                                         : json_string(VNFMT_NO_DATA),
                                              "has", pts[i].has));
    }
    return rows;
}
