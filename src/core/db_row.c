/* db_row.c - reading a result row into a struct by a table of its fields (db_row.h). */
#include "core/db_row.h"

#include <string.h>

void db_row_read(struct db_stmt *st, int first, void *obj, const struct db_field *fields,
                 size_t n)
{
    char *base = obj;
    for (size_t i = 0; i < n; i++) {
        const struct db_field *f = &fields[i];
        int col = first + (int)i;
        void *at = base + f->offset;
        switch (f->kind) {
        case DB_FIELD_SKIP: break;
        case DB_FIELD_INT64: *(int64_t *)at = db_col_int64(st, col); break;
        case DB_FIELD_INT: *(int *)at = (int)db_col_int64(st, col); break;
        case DB_FIELD_BOOL: *(bool *)at = db_col_int64(st, col) != 0; break;
        case DB_FIELD_DOUBLE: *(double *)at = db_col_double(st, col); break;
        case DB_FIELD_TEXT: db_col_copy(st, col, at, f->size); break;
        case DB_FIELD_STRDUP: *(char **)at = db_col_strdup(st, col); break;
        }
    }
}
