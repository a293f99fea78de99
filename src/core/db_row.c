/* db_row.c - reading a result row into a struct by a table of its fields (db_row.h). */
#include "core/db_row.h"

#include <stdarg.h>
#include <string.h>
#include "core/array.h"
#include "core/seal.h"

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
        case DB_FIELD_SEALED: *(char **)at = seal_col_dup(st, col); break;
        }
    }
}

void db_row_read_type(struct db_stmt *st, const struct db_row_type *t, void *obj)
{
    memset(obj, 0, t->size);
    db_row_read(st, 0, obj, t->fields, t->n);
    if (t->finish)
        t->finish(st, obj);
}

enum mc_status db_row_get(struct db *db, const struct db_query *q, const struct db_row_type *t,
                          void *out, const char *fmt, ...)
{
    struct db_stmt *st = NULL;
    va_list ap;
    va_start(ap, fmt);
    enum mc_status rc = db_query_vstart(db, q, &st, fmt, ap);
    va_end(ap);
    if (db_next(st, &rc))
        db_row_read_type(st, t, out);
    else if (rc == MC_OK)
        rc = MC_ERR_NOT_FOUND;
    db_done(st);
    return rc;
}

enum mc_status db_row_list(struct db *db, const struct db_query *q, const struct db_row_type *t,
                           void *items, size_t *n, size_t *cap, const char *fmt, ...)
{
    struct db_stmt *st = NULL;
    char *array;   /* the caller's `struct thing *`, copied in and out as a pointer */
    va_list ap;
    memcpy(&array, items, sizeof(array));
    va_start(ap, fmt);
    enum mc_status rc = db_query_vstart(db, q, &st, fmt, ap);
    va_end(ap);
    while (db_next(st, &rc)) {
        array = array_grow(array, t->size, *n + 1, cap);
        memcpy(items, &array, sizeof(array));
        db_row_read_type(st, t, array + *n * t->size);
        (*n)++;
    }
    db_done(st);
    return rc;
}
