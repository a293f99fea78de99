/*
 * xlsx_style.h - the few cell formats and column widths the exports give
 * their workbooks (core/xlsx_write.h), made in one call each.
 *
 * Thread-safety: as libxlsxwriter; a workbook belongs to one thread.
 */
#ifndef MC_XLSX_STYLE_H
#define MC_XLSX_STYLE_H

#include <stddef.h>
#include <xlsxwriter.h>

/* Flags of xlsx_format(). */
enum xlsx_style {
    XLSX_PLAIN = 0,
    XLSX_BOLD = 1 << 0,      /* bold text */
    XLSX_BORDER = 1 << 1,    /* a thin border */
};

/*
 * A new format of wb with the XLSX_* flags in style and, unless NULL,
 * Excel number format num_format ("0.0", "#,##0", "@").  The workbook
 * owns it.
 */
lxw_format *xlsx_format(lxw_workbook *wb, unsigned style, const char *num_format);

/* The width of the columns first to last, in Excel's character units. */
struct xlsx_width {
    lxw_col_t first;
    lxw_col_t last;
    double width;
};

/* Set the n column widths of w[] on ws. */
void xlsx_set_widths(lxw_worksheet *ws, const struct xlsx_width *w, size_t n);

#endif
