/* index766_xlsx.c - the 766 index as an Excel workbook (see index766_xlsx.h). */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <xlsxwriter.h>
#include "domain/index766/formula.h"
#include "domain/index766/index766.h"
#include "domain/index766/index766_xlsx.h"
#include "core/jfield.h"
#include "core/log.h"
#include "core/xlsx_write.h"
#include "core/xlsx_style.h"


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
    f->num = xlsx_format(wb, XLSX_BORDER, "#,##0");
    f->pct = xlsx_format(wb, XLSX_BORDER, "0.00%");
    f->pts = xlsx_format(wb, XLSX_BORDER, "0.00");
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
    static const struct xlsx_width widths[] = {{0, 0, 6}, {1, 1, 60}, {2, 6, 12}, {7, 7, 22}};
    lxw_worksheet *ws = workbook_add_worksheet(wb, "Chỉ số 766");
    char line[700];
    lxw_row_t row = 0;
    size_t gi, ii;
    json_t *g, *ind;
    xlsx_set_widths(ws, widths, MC_ARRAY_LEN(widths));
    worksheet_write_string(ws, row++, 0,
                           "BỘ CHỈ SỐ CHỈ ĐẠO, ĐIỀU HÀNH VÀ ĐÁNH GIÁ CHẤT LƯỢNG PHỤC VỤ "
                           "NGƯỜI DÂN, DOANH NGHIỆP (QĐ 766/QĐ-TTg)", f->title);
    snprintf(line, sizeof(line), "Đơn vị: %s", jfield_str(doc, "name"));
    worksheet_write_string(ws, row++, 0, line, f->bold);
    snprintf(line, sizeof(line), "Kỳ đánh giá: %s%s", jfield_str(doc, "period"),
             json_object_get(doc, "revision") ? " (đã công bố)" : " (tạm tính)");
    worksheet_write_string(ws, row++, 0, line, f->bold);
    row++;
    for (lxw_col_t c = 0; c < 8; c++)
        worksheet_write_string(ws, row, c, heads[c], f->head);
    row++;
    json_array_foreach(json_object_get(doc, "groups"), gi, g) {
        worksheet_write_number(ws, row, 0, (double)gi + 1, f->group);
        worksheet_write_string(ws, row, 1, jfield_str(g, "name"), f->group);
        for (lxw_col_t c = 2; c <= 4; c++)
            worksheet_write_blank(ws, row, c, f->group);
        xl_num(ws, row, 5, json_object_get(g, "points"), f->group);
        xl_num(ws, row, 6, json_object_get(g, "max"), f->group);
        worksheet_write_blank(ws, row, 7, f->group);
        row++;
        json_array_foreach(json_object_get(g, "indicators"), ii, ind) {
            bool nd = index766_json_no_data(ind);
            worksheet_write_number(ws, row, 0, (double)ii + 1, f->num);
            worksheet_write_string(ws, row, 1, jfield_str(ind, "name"), f->text);
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
    static const struct xlsx_width widths[] = {{0, 0, 7}, {1, 1, 16}, {2, 2, 50}, {3, 12, 14}};
    lxw_worksheet *ws = workbook_add_worksheet(wb, sheet);
    char line[200];
    lxw_row_t row = 0;
    lxw_col_t c = 0;
    size_t i, gi;
    json_t *u, *g;
    xlsx_set_widths(ws, widths, MC_ARRAY_LEN(widths));
    worksheet_write_string(ws, row++, 0, title, f->title);
    snprintf(line, sizeof(line), "Kỳ đánh giá: %s; kỳ trước: %s", jfield_str(rk, "period"),
             *jfield_str(rk, "previous") ? jfield_str(rk, "previous") : "không có");
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
        worksheet_write_string(ws, row, c++, jfield_str(u, "unit"), f->text);
        worksheet_write_string(ws, row, c++, jfield_str(u, "name"), f->text);
        if (index766_json_no_data(u))
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

/* The three documents of a workbook, for fill_book(). */
struct book {
    json_t *report, *agencies, *communes;
};

/* The sheets of the documents given (an xlsx_write_fn). */
static enum mc_status fill_book(lxw_workbook *wb, void *ctx)
{
    const struct book *b = ctx;
    struct fmts f;
    fmts_init(wb, &f);
    if (b->report)
        xl_report(wb, &f, b->report);
    if (b->agencies)
        xl_ranking(wb, &f, b->agencies, "Xếp hạng cơ quan",
                   "XẾP HẠNG CHỈ SỐ 766 CỦA CÁC CƠ QUAN, ĐƠN VỊ");
    if (b->communes)
        xl_ranking(wb, &f, b->communes, "Xếp hạng xã", "XẾP HẠNG CHỈ SỐ 766 CỦA CÁC XÃ, PHƯỜNG");
    return MC_OK;
}

enum mc_status index766_xlsx_write(const char *tmpdir, json_t *report, json_t *agencies,
                                   json_t *communes, struct buf *out)
{
    struct book b = {report, agencies, communes};
    return xlsx_write_to_buf(tmpdir, "chi-so-766", fill_book, &b, out);
}
