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
#include <xlsxwriter.h>
#include "quality/quality.h"
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
    enum mc_status rc = index_document(db, NULL, period, &d->province);
    if (rc == MC_OK)
        rc = index_ranking_document(db, period, INDEX_RANK_AGENCIES, &d->agencies);
    if (rc == MC_OK)
        rc = index_ranking_document(db, period, INDEX_RANK_COMMUNES, &d->communes);
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

/* ---------------------------------------------------------------- xlsx */

struct fmts {
    lxw_format *title, *bold, *head, *group, *num, *pct, *pts, *text;
};

static void fmts_init(lxw_workbook *wb, struct fmts *f)
{
    f->title = workbook_add_format(wb);
    format_set_bold(f->title);
    format_set_font_size(f->title, 14);
    f->bold = workbook_add_format(wb);
    format_set_bold(f->bold);
    f->head = workbook_add_format(wb);
    format_set_bold(f->head);
    format_set_border(f->head, LXW_BORDER_THIN);
    format_set_bg_color(f->head, 0xDDEBF7);
    format_set_text_wrap(f->head);
    format_set_align(f->head, LXW_ALIGN_CENTER);
    f->group = workbook_add_format(wb);
    format_set_bold(f->group);
    format_set_border(f->group, LXW_BORDER_THIN);
    format_set_bg_color(f->group, 0xF2F2F2);
    format_set_num_format(f->group, "0.00");
    f->num = workbook_add_format(wb);
    format_set_border(f->num, LXW_BORDER_THIN);
    format_set_num_format(f->num, "#,##0");
    f->pct = workbook_add_format(wb);
    format_set_border(f->pct, LXW_BORDER_THIN);
    format_set_num_format(f->pct, "0.00%");
    f->pts = workbook_add_format(wb);
    format_set_border(f->pts, LXW_BORDER_THIN);
    format_set_num_format(f->pts, "0.00");
    f->text = workbook_add_format(wb);
    format_set_border(f->text, LXW_BORDER_THIN);
    format_set_text_wrap(f->text);
}

static void xl_num(lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, json_t *v, lxw_format *f)
{
    if (json_is_number(v))
        worksheet_write_number(ws, row, col, json_number_value(v), f);
    else
        worksheet_write_blank(ws, row, col, f);
}

static void xl_report(lxw_workbook *wb, const struct fmts *f, json_t *doc)
{
    static const char *heads[] = {"STT", "Nhóm / chỉ số", "Tử số", "Mẫu số", "Tỷ lệ",
                                  "Điểm", "Điểm tối đa", "Ghi chú"};
    lxw_worksheet *ws = workbook_add_worksheet(wb, "Chỉ số toàn tỉnh");
    char line[700];
    lxw_row_t row = 0;
    size_t gi, ii;
    json_t *g, *ind;
    worksheet_set_column(ws, 0, 0, 6, NULL);
    worksheet_set_column(ws, 1, 1, 60, NULL);
    worksheet_set_column(ws, 2, 6, 12, NULL);
    worksheet_set_column(ws, 7, 7, 22, NULL);
    worksheet_write_string(ws, row++, 0,
                           "BỘ CHỈ SỐ CHỈ ĐẠO, ĐIỀU HÀNH VÀ ĐÁNH GIÁ CHẤT LƯỢNG PHỤC VỤ "
                           "NGƯỜI DÂN, DOANH NGHIỆP (QĐ 766/QĐ-TTg)", f->title);
    snprintf(line, sizeof(line), "Đơn vị: %s", jstr(doc, "name"));
    worksheet_write_string(ws, row++, 0, line, f->bold);
    snprintf(line, sizeof(line), "Kỳ đánh giá: %s%s", jstr(doc, "period"),
             json_object_get(doc, "revision") ? " (đã công bố)" : " (tạm tính)");
    worksheet_write_string(ws, row++, 0, line, f->bold);
    row++;
    for (lxw_col_t c = 0; c < 8; c++)
        worksheet_write_string(ws, row, c, heads[c], f->head);
    row++;
    json_array_foreach(json_object_get(doc, "groups"), gi, g) {
        worksheet_write_number(ws, row, 0, (double)gi + 1, f->group);
        worksheet_write_string(ws, row, 1, jstr(g, "name"), f->group);
        for (lxw_col_t c = 2; c <= 4; c++)
            worksheet_write_blank(ws, row, c, f->group);
        xl_num(ws, row, 5, json_object_get(g, "points"), f->group);
        xl_num(ws, row, 6, json_object_get(g, "max"), f->group);
        worksheet_write_blank(ws, row, 7, f->group);
        row++;
        json_array_foreach(json_object_get(g, "indicators"), ii, ind) {
            bool nd = no_data(ind);
            worksheet_write_number(ws, row, 0, (double)ii + 1, f->num);
            worksheet_write_string(ws, row, 1, jstr(ind, "name"), f->text);
            xl_num(ws, row, 2, nd ? NULL : json_object_get(ind, "numerator"), f->num);
            xl_num(ws, row, 3, nd ? NULL : json_object_get(ind, "denominator"), f->num);
            xl_num(ws, row, 4, nd ? NULL : json_object_get(ind, "ratio"), f->pct);
            xl_num(ws, row, 5, json_object_get(ind, "points"), f->pts);
            xl_num(ws, row, 6, json_object_get(ind, "max"), f->num);
            worksheet_write_string(ws, row, 7, nd ? "chưa có dữ liệu" : "", f->text);
            row++;
        }
    }
    worksheet_write_string(ws, row, 1, "Tổng điểm trên các chỉ số có dữ liệu", f->group);
    xl_num(ws, row, 5, json_object_get(doc, "total_available"), f->group);
    xl_num(ws, row, 6, json_object_get(doc, "max_available"), f->group);
    row++;
    worksheet_write_string(ws, row, 1, "Điểm quy đổi thang 100 (dùng xếp hạng)", f->group);
    xl_num(ws, row, 5, json_object_get(doc, "total"), f->group);
    worksheet_write_number(ws, row, 6, 100, f->group);
}

static void xl_ranking(lxw_workbook *wb, const struct fmts *f, json_t *rk, const char *sheet,
                       const char *title)
{
    lxw_worksheet *ws = workbook_add_worksheet(wb, sheet);
    char line[200];
    lxw_row_t row = 0;
    lxw_col_t c = 0;
    size_t i, gi;
    json_t *u, *g;
    worksheet_set_column(ws, 0, 0, 7, NULL);
    worksheet_set_column(ws, 1, 1, 16, NULL);
    worksheet_set_column(ws, 2, 2, 50, NULL);
    worksheet_set_column(ws, 3, 12, 14, NULL);
    worksheet_write_string(ws, row++, 0, title, f->title);
    snprintf(line, sizeof(line), "Kỳ đánh giá: %s; kỳ trước: %s", jstr(rk, "period"),
             *jstr(rk, "previous") ? jstr(rk, "previous") : "không có");
    worksheet_write_string(ws, row++, 0, line, f->bold);
    row++;
    worksheet_write_string(ws, row, c++, "Hạng", f->head);
    worksheet_write_string(ws, row, c++, "Mã", f->head);
    worksheet_write_string(ws, row, c++, "Tên đơn vị", f->head);
    worksheet_write_string(ws, row, c++, "Tổng điểm (thang 100)", f->head);
    for (int k = 0; k < IDX_GROUP_COUNT; k++)
        worksheet_write_string(ws, row, c++, idx_group_def((enum idx_group)k)->name, f->head);
    worksheet_write_string(ws, row, c++, "Hạng kỳ trước", f->head);
    worksheet_write_string(ws, row, c++, "Thay đổi hạng", f->head);
    row++;
    json_array_foreach(json_object_get(rk, "units"), i, u) {
        c = 0;
        xl_num(ws, row, c++, json_object_get(u, "rank"), f->num);
        worksheet_write_string(ws, row, c++, jstr(u, "unit"), f->text);
        worksheet_write_string(ws, row, c++, jstr(u, "name"), f->text);
        if (no_data(u))
            worksheet_write_string(ws, row, c++, "chưa có dữ liệu", f->text);
        else
            xl_num(ws, row, c++, json_object_get(u, "total"), f->pts);
        json_array_foreach(json_object_get(u, "groups"), gi, g) {
            if (gi < IDX_GROUP_COUNT)
                xl_num(ws, row, (lxw_col_t)(4 + gi), json_object_get(g, "points"), f->pts);
        }
        c = 4 + IDX_GROUP_COUNT;
        xl_num(ws, row, c++, json_object_get(u, "previous_rank"), f->num);
        xl_num(ws, row, c++, json_object_get(u, "rank_change"), f->num);
        row++;
    }
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
    struct fmts f;
    char path[600];
    lxw_workbook_options opts = {.constant_memory = 0, .tmpdir = (char *)tmpdir};
    lxw_workbook *wb = NULL;
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
    wb = workbook_new_opt(path, &opts);
    if (!wb) {
        rc = MC_ERR_IO;
        goto unlink;
    }
    fmts_init(wb, &f);
    xl_report(wb, &f, d.province);
    xl_ranking(wb, &f, d.agencies, "Xếp hạng cơ quan", "XẾP HẠNG CƠ QUAN, ĐƠN VỊ");
    xl_ranking(wb, &f, d.communes, "Xếp hạng xã", "XẾP HẠNG XÃ, PHƯỜNG");
    lxw_error err = workbook_close(wb);
    if (err != LXW_NO_ERROR) {
        log_error("quality export: %s", lxw_strerror(err));
        rc = MC_ERR_IO;
        goto unlink;
    }
    rc = slurp(path, out);
unlink:
    unlink(path);
out:
    docs_release(&d);
    return rc;
}
