/*
 * xlsx_write.h - an Excel workbook (xlsx) written with libxlsxwriter into
 * memory, for the exports that offer a spreadsheet beside CSV.
 *
 * libxlsxwriter writes to a file, so the workbook is written to a fresh
 * temporary file in the caller's directory, read back and removed: the
 * exporter only fills the sheets.
 *
 * Thread-safety: no shared state; each call uses its own file.
 */
#ifndef MC_XLSX_WRITE_H
#define MC_XLSX_WRITE_H

#include <xlsxwriter.h>
#include "core/buf.h"
#include "core/compiler.h"
#include "core/status.h"

/*
 * Fill the sheets of the new workbook wb.  Returns MC_OK, or a status
 * that stops the export (the workbook is then discarded).
 */
typedef enum mc_status (*xlsx_write_fn)(lxw_workbook *wb, void *ctx);

/*
 * Create a workbook in a temporary file stem-XXXXXX.xlsx of tmpdir (also
 * libxlsxwriter's own scratch directory; NULL for /tmp), let fill write
 * its sheets, and append the finished file to out.  The temporary file is
 * removed whatever happens.  Returns MC_OK; MC_ERR_IO when the file cannot
 * be made or written; fill's status; or as buf_add_file().
 */
enum mc_status xlsx_write_to_buf(const char *tmpdir, const char *stem, xlsx_write_fn fill,
                                 void *ctx, struct buf *out) MC_WARN_UNUSED;

#endif
