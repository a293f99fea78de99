/*
 * org_sheet.h - a CSV file read whole for an all-or-nothing import: the
 * header, then every row with each cell trimmed and copied, and the line
 * (or record number) of each row for the messages.  Shared by the
 * organisation imports (org.c) and the programme's task import
 * (domain/programme), which check every row before writing any.
 *
 * Thread-safety: a sheet belongs to its caller; the functions are pure
 * but for allocation.
 */
#ifndef MC_DOMAIN_ORG_ORG_SHEET_H
#define MC_DOMAIN_ORG_ORG_SHEET_H

#include <stdbool.h>
#include <stddef.h>
#include "core/db.h"
#include "core/import_report.h"
#include "core/status.h"

struct org_sheet {
    char ***rows;            /* rows[i][j]: NUL-terminated, owned */
    unsigned long *lines;    /* the line (or record number) of each row */
    size_t nrows;
    size_t cap;
    size_t lines_cap;
    size_t ncols;            /* columns of the header */
    char **header;           /* owned */
};

/*
 * Read len bytes of CSV into *s (overwritten; release it in any case).
 * Blank lines are skipped.  by_record: each row is numbered by its record
 * (the spreadsheet row, header = 1) instead of its physical line, for CSV
 * converted from an xlsx sheet.  Each row read counts in rep
 * (import_report_read).  Returns MC_OK; MC_ERR_INVALID for an empty or
 * malformed file, with one message in rep.
 */
enum mc_status org_sheet_read(const char *data, size_t len, bool by_record, struct org_sheet *s,
                              struct import_report *rep) MC_WARN_UNUSED;
void org_sheet_release(struct org_sheet *s);

/* The column named name, or -1. */
int org_sheet_col(const struct org_sheet *s, const char *name);

/* Cell of column c (from org_sheet_col) in row i; "" for a missing column. */
const char *org_sheet_cell(const struct org_sheet *s, size_t i, int c);

/* True when every name of need[0..n) is a column; else one message per
 * missing column in rep ("dòng 1: thiếu cột ..."). */
bool org_sheet_need(const struct org_sheet *s, const char *const *need, size_t n,
                    struct import_report *rep);

/*
 * Write a checked import: MC_ERR_INVALID when rep holds an error, else
 * tx(db, ctx) in one db_tx(), rep->committed set when that succeeds.
 * Returns MC_OK, MC_ERR_INVALID or tx's status.
 */
enum mc_status org_sheet_commit(struct db *db, struct import_report *rep,
                                enum mc_status (*tx)(struct db *, void *), void *ctx)
    MC_WARN_UNUSED;

#endif
