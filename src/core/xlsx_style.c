/* xlsx_style.c - cell formats and column widths of the exports (see xlsx_style.h). */
#include "core/xlsx_style.h"

lxw_format *xlsx_format(lxw_workbook *wb, unsigned style, const char *num_format)
{
    lxw_format *f = workbook_add_format(wb);
    if (style & XLSX_BOLD)
        format_set_bold(f);
    if (style & XLSX_BORDER)
        format_set_border(f, LXW_BORDER_THIN);
    if (num_format)
        format_set_num_format(f, num_format);
    return f;
}

void xlsx_set_widths(lxw_worksheet *ws, const struct xlsx_width *w, size_t n)
{
    for (size_t i = 0; i < n; i++)
        worksheet_set_column(ws, w[i].first, w[i].last, w[i].width, NULL);
}
