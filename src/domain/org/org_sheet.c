/* org_sheet.c - a CSV file read whole for an import (see org_sheet.h). */
#include <stdlib.h>
#include <string.h>

#include "core/array.h"
#include "core/csv.h"
#include "core/mem.h"
#include "core/text.h"
#include "domain/org/org_sheet.h"

void org_sheet_release(struct org_sheet *s)
{
    for (size_t i = 0; i < s->nrows; i++) {
        for (size_t j = 0; j < s->ncols; j++)
            free(s->rows[i][j]);
        free(s->rows[i]);
    }
    for (size_t j = 0; j < s->ncols; j++)
        free(s->header[j]);
    free(s->header);
    free(s->rows);
    free(s->lines);
    memset(s, 0, sizeof(*s));
}

/* Copy field f trimmed. */
static char *field_dup(struct csv_field f)
{
    const char *p = f.ptr;
    size_t len = f.len;
    char *s;
    text_trim(&p, &len);
    s = xmalloc(len + 1);
    memcpy(s, p, len);
    s[len] = '\0';
    return s;
}

enum mc_status org_sheet_read(const char *data, size_t len, bool by_record, struct org_sheet *s,
                              struct import_report *rep)
{
    struct csv_reader r;
    struct csv_record rec;
    enum mc_status rc;
    memset(s, 0, sizeof(*s));
    csv_reader_init_mem(&r, data, len, NULL);
    rc = csv_reader_next(&r, &rec);
    if (rc != MC_OK) {
        import_report_error(rep, "%s", rc == CSV_END ? "tệp trống, thiếu dòng tiêu đề"
                                                     : csv_reader_message(&r));
        rc = MC_ERR_INVALID;
        goto out;
    }
    s->ncols = rec.nfields;
    s->header = xcalloc(s->ncols, sizeof(char *));
    for (size_t j = 0; j < s->ncols; j++)
        s->header[j] = field_dup(rec.fields[j]);
    while ((rc = csv_reader_next(&r, &rec)) == MC_OK) {
        char **row;
        size_t nlines = s->nrows;
        if (rec.nfields == 1 && rec.fields[0].len == 0)
            continue;
        row = xcalloc(s->ncols, sizeof(char *));
        for (size_t j = 0; j < s->ncols; j++)
            row[j] = field_dup(csv_record_get(&rec, j));
        *ARRAY_PUSH(s->lines, nlines, s->lines_cap) = by_record ? rec.number : rec.line;
        *ARRAY_PUSH(s->rows, s->nrows, s->cap) = row;
        import_report_read(rep);
    }
    if (rc == CSV_END) {
        rc = MC_OK;
    } else {
        import_report_error(rep, "%s", csv_reader_message(&r));
        rc = MC_ERR_INVALID;
    }
out:
    csv_reader_release(&r);
    return rc;
}

int org_sheet_col(const struct org_sheet *s, const char *name)
{
    for (size_t j = 0; j < s->ncols; j++) {
        if (strcmp(s->header[j], name) == 0)
            return (int)j;
    }
    return -1;
}

const char *org_sheet_cell(const struct org_sheet *s, size_t i, int c)
{
    return c < 0 ? "" : s->rows[i][c];
}

bool org_sheet_need(const struct org_sheet *s, const char *const *need, size_t n,
                    struct import_report *rep)
{
    bool ok = true;
    for (size_t k = 0; k < n; k++) {
        if (org_sheet_col(s, need[k]) < 0) {
            import_report_error(rep, "dòng 1: thiếu cột %s", need[k]);
            ok = false;
        }
    }
    return ok;
}

enum mc_status org_sheet_commit(struct db *db, struct import_report *rep,
                                enum mc_status (*tx)(struct db *, void *), void *ctx)
{
    enum mc_status rc = MC_ERR_INVALID;
    if (import_report_error_count(rep) == 0)
        rc = db_tx(db, tx, ctx);
    if (rc == MC_OK)
        rep->committed = true;
    return rc;
}
