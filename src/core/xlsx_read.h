/*
 * xlsx_read.h - read the cells of an uploaded Excel workbook (xlsx): the
 * rows of its first worksheet as text, for imports that accept a
 * spreadsheet beside CSV.  The platform writes workbooks with
 * libxlsxwriter; this is the small reader the other way.
 *
 * DESIGN
 * - An xlsx file is a zip archive of XML parts.  The reader finds the
 *   central directory, then the parts xl/sharedStrings.xml (optional) and
 *   the first worksheet (the target of the first <sheet> of
 *   xl/workbook.xml, through xl/_rels/workbook.xml.rels; xl/worksheets/
 *   sheet1.xml when those do not say), inflates them with zlib, and scans
 *   the XML for <row>, <c> and their values.  Only what imports need is
 *   understood: shared strings, inline strings, numbers and booleans as
 *   their text (a number cell gives its stored text, "12000", "2026");
 *   formulas give their cached value; styles and dates are not
 *   interpreted.
 * - Untrusted input: every size is bounded (XLSX_PART_MAX inflated bytes
 *   per part, XLSX_STRINGS_MAX shared strings, XLSX_COLS_MAX columns,
 *   XLSX_ROWS_MAX rows), every offset is checked against the archive, and
 *   anything malformed is refused with MC_ERR_INVALID (a message in err).
 *   fuzz/fuzz_xlsx.c runs it under libFuzzer.
 *
 * Thread-safety: no shared state; each call uses its arguments only.
 */
#ifndef MC_XLSX_READ_H
#define MC_XLSX_READ_H

#include <stdbool.h>
#include <stddef.h>
#include "core/compiler.h"
#include "core/status.h"

#define XLSX_PART_MAX (32u * 1024 * 1024)   /* inflated bytes of one part */
#define XLSX_STRINGS_MAX 1000000u           /* shared strings */
#define XLSX_COLS_MAX 64u                   /* columns read per row (A..BL) */
#define XLSX_ROWS_MAX 1000000u              /* rows read */
#define XLSX_ERR_MAX 200                    /* bytes of an error message */

/*
 * Called once per non-empty row, in order: row is the row number as the
 * spreadsheet shows it (1 for the first), cells[0..ncells) the texts of
 * columns A, B, ... ("" for an empty cell; ncells is one past the last
 * non-empty cell, at most XLSX_COLS_MAX).  The strings live until the
 * call returns.  Return MC_OK to go on; any other status stops the read
 * and is returned.
 */
typedef enum mc_status (*xlsx_row_fn)(void *ctx, unsigned long row, const char *const *cells,
                                      size_t ncells);

/* True when data[0..len) starts as a zip archive does ("PK\3\4").  Pure. */
bool xlsx_looks_like(const char *data, size_t len);

/*
 * Read the first worksheet of the workbook in data[0..len) and call fn for
 * each row.  err (err_size bytes, may be NULL) gets a Vietnamese message
 * when the file cannot be read.  Returns MC_OK; MC_ERR_INVALID for a file
 * that is not a readable workbook; MC_ERR_TOO_LARGE past a bound; or fn's
 * status.
 */
enum mc_status xlsx_read_rows(const char *data, size_t len, xlsx_row_fn fn, void *ctx,
                              char *err, size_t err_size) MC_WARN_UNUSED;

#endif
