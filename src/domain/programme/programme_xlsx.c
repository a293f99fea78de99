/*
 * programme_xlsx.c - tasks as an Excel workbook: the export (libxlsxwriter,
 * the columns of the CSV) and the import, which reads the first sheet of
 * an .xlsx with core/xlsx_read into CSV and hands it to the CSV import, so
 * both formats are checked by the same rules.
 *
 * DESIGN
 * - Only what a task sheet needs is understood: cells as text (as
 *   core/xlsx_read gives them). Dates typed as Excel dates arrive as
 *   serial numbers and are refused by the time frame check (the sheet's
 *   time column must be text, as in the exported file).
 * - Blank rows become empty CSV lines, so the import's line numbers are
 *   the sheet's row numbers.
 * - Sizes are bounded: the upload as a whole (PROG_IMPORT_MAX_BYTES), each
 *   part and the row count by core/xlsx_read, against zip bombs.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#include "core/xlsx_read.h"
#include "core/xlsx_style.h"
#include "core/xlsx_write.h"
#include "domain/programme/programme-int.h"

/* ---------------------------------------------------------------- reading */

/* Where the rows of the sheet go: CSV text, and the next row number due. */
struct sheet_csv {
    struct buf *out;
    unsigned long next_row;
};

/* Append one CSV field, always quoted (no formula guard: this is input). */
static void csv_field(struct buf *out, const char *s, bool first)
{
    if (!first)
        buf_addch(out, ',');
    buf_add_dquoted(out, s);
}

/* xlsx_row_fn: one row of the sheet as one CSV line (blank rows before it too). */
static enum mc_status sheet_row(void *ctx, unsigned long row, const char *const *cells,
                                size_t ncells)
{
    struct sheet_csv *sc = ctx;
    for (; sc->next_row < row; sc->next_row++)
        buf_adds(sc->out, "\"\"\n");
    for (size_t k = 0; k < ncells; k++)
        csv_field(sc->out, cells[k], k == 0);
    if (ncells == 0)
        buf_adds(sc->out, "\"\"");
    buf_addch(sc->out, '\n');
    sc->next_row = row + 1;
    return buf_status(sc->out);
}

enum mc_status prog_tasks_import_xlsx(struct db *db, int64_t plan_id, const char *data,
                                      size_t len, const struct audit_actor *who,
                                      struct import_report *rep)
{
    struct buf csv;
    struct sheet_csv sc = {&csv, 1};
    char err[XLSX_ERR_MAX] = "";
    enum mc_status rc;
    import_report_clear(rep);
    if (len > PROG_IMPORT_MAX_BYTES)
        return MC_ERR_TOO_LARGE;
    buf_init(&csv, PROG_IMPORT_MAX_BYTES * 4);
    rc = xlsx_read_rows(data, len, sheet_row, &sc, err, sizeof(err));
    if (rc != MC_OK && err[0])
        import_report_error(rep, "%s", err);
    if (rc == MC_OK)
        rc = prog_tasks_import(db, plan_id, csv.data ? csv.data : "", csv.len, true, who, rep);
    buf_release(&csv);
    return rc;
}

bool prog_is_xlsx(const char *data, size_t len)
{
    return xlsx_looks_like(data, len);
}

/* ---------------------------------------------------------------- export */

/* xlsx_write_fn: the task sheet; ctx is the task list. */
static enum mc_status fill_tasks(lxw_workbook *wb, void *ctx)
{
    static const char *const header[] = {
        "stt", "muc", "giai_doan", "noi_dung", "dieu_1588", "chu_tri", "phoi_hop",
        "thoi_gian_ghi", "thoi_gian", "ket_qua", "dau_ra", "ghi_chu", "kinh_phi",
    };
    const struct prog_task_list *l = ctx;
    lxw_worksheet *ws = workbook_add_worksheet(wb, "Nhiệm vụ");
    lxw_format *bold = xlsx_format(wb, XLSX_BOLD, NULL);
    lxw_format *text = xlsx_format(wb, XLSX_PLAIN, "@");
    format_set_text_wrap(text);
    for (size_t c = 0; c < MC_ARRAY_LEN(header); c++) {
        worksheet_write_string(ws, 0, (lxw_col_t)c, header[c], bold);
        worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, c == 3 ? 70 : 16, text);
    }
    for (size_t i = 0; i < l->n; i++) {
        const struct prog_task *t = &l->items[i];
        const char *cells[] = {t->number, t->section, t->phase, t->content, t->clauses,
                               t->leads ? t->leads : "", t->cos ? t->cos : "",
                               t->frame_text, t->frame, t->expected, t->output_kinds,
                               t->note};
        lxw_row_t r = (lxw_row_t)(i + 1);
        for (size_t c = 0; c < MC_ARRAY_LEN(cells); c++)
            if (cells[c] && cells[c][0])
                worksheet_write_string(ws, r, (lxw_col_t)c, cells[c], text);
        if (t->budget_planned >= 0)
            worksheet_write_number(ws, r, 12, (double)t->budget_planned, NULL);
    }
    return MC_OK;
}

enum mc_status prog_tasks_export_xlsx(struct db *db, int64_t plan_id, const char *tmpdir,
                                      struct buf *out)
{
    struct prog_task_list l;
    enum mc_status rc;
    prog_task_list_init(&l);
    rc = prog_task_list(db, plan_id, NULL, &l);
    if (rc == MC_OK)
        rc = xlsx_write_to_buf(tmpdir, "nhiem-vu", fill_tasks, &l, out);
    prog_task_list_release(&l);
    return rc;
}
