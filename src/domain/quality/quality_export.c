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
#include <unistd.h>
#include "domain/index766/index766_xlsx.h"
#include "domain/quality/quality.h"
#include "core/log.h"

static const char *jstr(json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? s : "";
}

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

static bool no_data(json_t *o)
{
    return strcmp(jstr(o, "state"), "chua_co_du_lieu") == 0;
}

/* ---------------------------------------------------------------- CSV */

static void csv_text(struct buf *b, const char *s, bool last)
{
    buf_addch(b, '"');
    for (; s && *s; s++) {
        if (*s == '"')
            buf_addch(b, '"');
        buf_addch(b, *s);
    }
    buf_adds(b, last ? "\"\r\n" : "\",");
}

static void csv_num(struct buf *b, json_t *v, double scale, bool last)
{
    if (json_is_integer(v) && scale == 1.0)
        buf_addf(b, "%lld", (long long)json_integer_value(v));
    else if (json_is_number(v))
        buf_addf(b, "%.2f", json_number_value(v) * scale);
    buf_adds(b, last ? "\r\n" : ",");
}

static void csv_report(struct buf *b, json_t *doc)
{
    size_t gi, ii;
    json_t *g, *ind;
    int stt = 0;
    buf_addf(b, "\"Chỉ số chất lượng phục vụ (QĐ 766/QĐ-TTg) – %s – kỳ %s%s\"\r\n",
             jstr(doc, "name"), jstr(doc, "period"),
             json_object_get(doc, "revision") ? " (đã công bố)" : " (tạm tính)");
    buf_adds(b, "STT,Mã,Nhóm / chỉ số,Tử số,Mẫu số,Tỷ lệ (%),Điểm,Điểm tối đa,Ghi chú\r\n");
    json_array_foreach(json_object_get(doc, "groups"), gi, g) {
        buf_addf(b, "%zu,", gi + 1);
        csv_text(b, jstr(g, "key"), false);
        csv_text(b, jstr(g, "name"), false);
        buf_adds(b, ",,,");
        csv_num(b, json_object_get(g, "points"), 1.0, false);
        csv_num(b, json_object_get(g, "max"), 1.0, false);
        buf_adds(b, "\r\n");
        json_array_foreach(json_object_get(g, "indicators"), ii, ind) {
            bool nd = no_data(ind);
            buf_addf(b, "%zu.%d,", gi + 1, ++stt);
            csv_text(b, jstr(ind, "key"), false);
            csv_text(b, jstr(ind, "name"), false);
            csv_num(b, nd ? NULL : json_object_get(ind, "numerator"), 1.0, false);
            csv_num(b, nd ? NULL : json_object_get(ind, "denominator"), 1.0, false);
            csv_num(b, nd ? NULL : json_object_get(ind, "ratio"), 100.0, false);
            csv_num(b, json_object_get(ind, "points"), 1.0, false);
            csv_num(b, json_object_get(ind, "max"), 1.0, false);
            csv_text(b, nd ? "chưa có dữ liệu" : "", true);
        }
        stt = 0;
    }
    buf_adds(b, ",,\"Tổng điểm trên các chỉ số có dữ liệu\",,,,");
    csv_num(b, json_object_get(doc, "total_available"), 1.0, false);
    csv_num(b, json_object_get(doc, "max_available"), 1.0, false);
    buf_adds(b, "\r\n,,\"Điểm quy đổi thang 100 (dùng xếp hạng)\",,,,");
    csv_num(b, json_object_get(doc, "total"), 1.0, false);
    buf_adds(b, "100,\r\n");
}

static void csv_ranking(struct buf *b, json_t *rk, const char *title)
{
    size_t i, gi;
    json_t *u, *g;
    buf_addf(b, "\r\n\"%s – kỳ %s\"\r\n", title, jstr(rk, "period"));
    buf_adds(b, "Hạng,Mã,Tên đơn vị,Tổng điểm (thang 100)");
    for (int k = 0; k < IDX_GROUP_COUNT; k++)
        buf_addf(b, ",\"%s\"", idx_group_def((enum idx_group)k)->name);
    buf_adds(b, ",Hạng kỳ trước,Thay đổi hạng\r\n");
    json_array_foreach(json_object_get(rk, "units"), i, u) {
        csv_num(b, json_object_get(u, "rank"), 1.0, false);
        csv_text(b, jstr(u, "unit"), false);
        csv_text(b, jstr(u, "name"), false);
        if (no_data(u))
            csv_text(b, "chưa có dữ liệu", false);
        else
            csv_num(b, json_object_get(u, "total"), 1.0, false);
        json_array_foreach(json_object_get(u, "groups"), gi, g)
            csv_num(b, json_object_get(g, "points"), 1.0, false);
        csv_num(b, json_object_get(u, "previous_rank"), 1.0, false);
        csv_num(b, json_object_get(u, "rank_change"), 1.0, true);
    }
}

enum mc_status quality_export_csv(struct db *db, const char *period, struct buf *out)
{
    struct docs d;
    enum mc_status rc = docs_load(db, period, &d);
    if (rc == MC_OK) {
        buf_adds(out, "\xEF\xBB\xBF");
        csv_report(out, d.province);
        csv_ranking(out, d.agencies, "Xếp hạng cơ quan, đơn vị");
        csv_ranking(out, d.communes, "Xếp hạng xã, phường");
        rc = buf_status(out);
    }
    docs_release(&d);
    return rc;
}

/* Append the whole file at path to out. */
static enum mc_status slurp(const char *path, struct buf *out)
{
    char chunk[64 * 1024];
    ssize_t n;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return MC_ERR_IO;
    while ((n = read(fd, chunk, sizeof(chunk))) > 0)
        buf_add(out, chunk, (size_t)n);
    close(fd);
    if (n < 0)
        return MC_ERR_IO;
    return buf_status(out);
}

enum mc_status quality_export_xlsx(struct db *db, const char *period, const char *tmpdir,
                                   struct buf *out)
{
    struct docs d;
    char path[600];
    int fd = -1;
    enum mc_status rc = docs_load(db, period, &d);
    if (rc != MC_OK)
        goto out;
    snprintf(path, sizeof(path), "%s/quality-XXXXXX.xlsx", tmpdir);
    fd = mkstemps(path, 5);
    if (fd < 0) {
        rc = MC_ERR_IO;
        goto out;
    }
    close(fd);
    rc = index766_xlsx_write(path, tmpdir, d.province, d.agencies, d.communes);
    if (rc != MC_OK)
        goto unlink;
    rc = slurp(path, out);
unlink:
    unlink(path);
out:
    docs_release(&d);
    return rc;
}
