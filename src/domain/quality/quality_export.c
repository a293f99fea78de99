/*
 * quality_export.c - the province's index and the rankings of agencies
 * and communes as CSV and xlsx (see quality.h), in the layout of the
 * national sheet: STT, group / indicator, numerator, denominator, ratio,
 * points, maximum; then rank, code, name, total, groups, previous rank,
 * change.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "domain/index766/index766_xlsx.h"
#include "domain/quality/quality.h"
#include "core/csv.h"
#include "core/jfield.h"
#include "core/log.h"

/* The documents of one export: province index, both rankings. */
struct docs {
    json_t *province, *agencies, *communes;
};

static void docs_release(struct docs *d)
{
    json_decref(d->province);
    json_decref(d->agencies);
    json_decref(d->communes);
}

static enum mc_status docs_load(struct db *db, const char *period, struct docs *d)
{
    memset(d, 0, sizeof(*d));
    enum mc_status rc = index766_document(db, NULL, period, &d->province);
    if (rc == MC_OK)
        rc = index766_ranking_document(db, period, INDEX766_RANK_AGENCIES, &d->agencies);
    if (rc == MC_OK)
        rc = index766_ranking_document(db, period, INDEX766_RANK_COMMUNES, &d->communes);
    return rc;
}

/* ---------------------------------------------------------------- CSV */

/* A ratio in [0,1] as a percentage with two decimals; empty without a number. */
static void csv_percent(struct csv_writer *w, const json_t *v)
{
    if (json_is_number(v))
        csv_write_double(w, json_number_value(v) * 100.0, 2);
    else
        csv_write_empty(w);
}

/* The start of a totals line of the report: label in the third column, up to the points. */
static void csv_total_label(struct csv_writer *w, const char *label)
{
    csv_write_empty(w);
    csv_write_empty(w);
    csv_write_text(w, label);
    for (int k = 0; k < 3; k++)
        csv_write_empty(w);
}

static void csv_report(struct csv_writer *w, json_t *doc)
{
    static const char *const head[] = {"STT", "Mã", "Nhóm / chỉ số", "Tử số", "Mẫu số",
                                       "Tỷ lệ (%)", "Điểm", "Điểm tối đa", "Ghi chú"};
    size_t gi, ii;
    json_t *g, *ind;
    csv_write_textf(w, "Chỉ số chất lượng phục vụ (QĐ 766/QĐ-TTg) – %s – kỳ %s%s",
                    jfield_str(doc, "name"), jfield_str(doc, "period"),
                    json_object_get(doc, "revision") ? " (đã công bố)" : " (tạm tính)");
    csv_write_end(w);
    for (size_t i = 0; i < MC_ARRAY_LEN(head); i++)
        csv_write_text(w, head[i]);
    csv_write_end(w);
    json_array_foreach(json_object_get(doc, "groups"), gi, g) {
        csv_write_int(w, (int64_t)gi + 1);
        csv_write_text(w, jfield_str(g, "key"));
        csv_write_text(w, jfield_str(g, "name"));
        for (int k = 0; k < 3; k++)
            csv_write_empty(w);
        csv_write_json(w, json_object_get(g, "points"));
        csv_write_json(w, json_object_get(g, "max"));
        csv_write_end(w);
        json_array_foreach(json_object_get(g, "indicators"), ii, ind) {
            bool nd = index766_json_no_data(ind);
            csv_write_textf(w, "%zu.%zu", gi + 1, ii + 1);
            csv_write_text(w, jfield_str(ind, "key"));
            csv_write_text(w, jfield_str(ind, "name"));
            csv_write_json(w, nd ? NULL : json_object_get(ind, "numerator"));
            csv_write_json(w, nd ? NULL : json_object_get(ind, "denominator"));
            csv_percent(w, nd ? NULL : json_object_get(ind, "ratio"));
            csv_write_json(w, json_object_get(ind, "points"));
            csv_write_json(w, json_object_get(ind, "max"));
            csv_write_text(w, nd ? "chưa có dữ liệu" : "");
            csv_write_end(w);
        }
    }
    csv_total_label(w, "Tổng điểm trên các chỉ số có dữ liệu");
    csv_write_json(w, json_object_get(doc, "total_available"));
    csv_write_json(w, json_object_get(doc, "max_available"));
    csv_write_end(w);
    csv_total_label(w, "Điểm quy đổi thang 100 (dùng xếp hạng)");
    csv_write_json(w, json_object_get(doc, "total"));
    csv_write_int(w, 100);
    csv_write_empty(w);
    csv_write_end(w);
}

static void csv_ranking(struct csv_writer *w, json_t *rk, const char *title)
{
    size_t i, gi;
    json_t *u, *g;
    csv_write_end(w);   /* a blank line between the tables */
    csv_write_textf(w, "%s – kỳ %s", title, jfield_str(rk, "period"));
    csv_write_end(w);
    csv_write_text(w, "Hạng");
    csv_write_text(w, "Mã");
    csv_write_text(w, "Tên đơn vị");
    csv_write_text(w, "Tổng điểm (thang 100)");
    for (int k = 0; k < IDX_GROUP_COUNT; k++)
        csv_write_text(w, idx_group_def((enum idx_group)k)->name);
    csv_write_text(w, "Hạng kỳ trước");
    csv_write_text(w, "Thay đổi hạng");
    csv_write_end(w);
    json_array_foreach(json_object_get(rk, "units"), i, u) {
        csv_write_json(w, json_object_get(u, "rank"));
        csv_write_text(w, jfield_str(u, "unit"));
        csv_write_text(w, jfield_str(u, "name"));
        if (index766_json_no_data(u))
            csv_write_text(w, "chưa có dữ liệu");
        else
            csv_write_json(w, json_object_get(u, "total"));
        json_array_foreach(json_object_get(u, "groups"), gi, g)
            csv_write_json(w, json_object_get(g, "points"));
        csv_write_json(w, json_object_get(u, "previous_rank"));
        csv_write_json(w, json_object_get(u, "rank_change"));
        csv_write_end(w);
    }
}

enum mc_status quality_export_csv(struct db *db, const char *period, struct buf *out)
{
    struct docs d;
    struct csv_writer w;
    enum mc_status rc = docs_load(db, period, &d);
    if (rc == MC_OK) {
        csv_writer_init(&w, out, CSV_QUOTE_ALL | CSV_BOM);
        csv_report(&w, d.province);
        csv_ranking(&w, d.agencies, "Xếp hạng cơ quan, đơn vị");
        csv_ranking(&w, d.communes, "Xếp hạng xã, phường");
        rc = buf_status(out);
    }
    docs_release(&d);
    return rc;
}

enum mc_status quality_export_xlsx(struct db *db, const char *period, const char *tmpdir,
                                   struct buf *out)
{
    struct docs d;
    enum mc_status rc = docs_load(db, period, &d);
    if (rc == MC_OK)
        rc = index766_xlsx_write(tmpdir, d.province, d.agencies, d.communes, out);
    docs_release(&d);
    return rc;
}
