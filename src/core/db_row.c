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
    int col = first;
    for (size_t i = 0; i < n; i++, col++) {
        const struct db_field *f = &fields[i];
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
        case DB_FIELD_NESTED:
            db_row_read(st, col, at, f->nested, f->size);
            col += (int)f->size - 1;
            break;
        }
    }
}

/* Read the row into obj, already empty, and run the type's finish step. */
static void fill_row(struct db_stmt *st, const struct db_row_type *t, void *obj)
{
    db_row_read(st, 0, obj, t->fields, t->n);
    if (t->finish)
        t->finish(st, obj);
}

void db_row_read_type(struct db_stmt *st, const struct db_row_type *t, void *obj)
{
    if (t->clear)
        t->clear(obj);
    else
        memset(obj, 0, t->size);
    fill_row(st, t, obj);
}

/*
 * Where row_run puts rows: one struct (one), a caller's array of at most
 * max (fixed), or an array grown as ARRAY_PUSH does (items, cap).
 */
struct row_dest {
    void *one;     /* the struct of db_row_get, or NULL */
    char *fixed;   /* the array of db_row_fill, or NULL */
    void *items;   /* the address of the caller's `struct thing *` (db_row_list) */
    size_t *n, *cap, max;
};

/* Room for row *d->n of a list (fixed or grown), emptied to zeroes. */
static char *next_room(const struct db_row_type *t, const struct row_dest *d)
{
    char *array;
    if (d->fixed)
        array = d->fixed;
    else {
        memcpy(&array, d->items, sizeof(array));   /* a `struct thing *`, as a pointer */
        array = array_grow(array, t->size, *d->n + 1, d->cap);
        memcpy(d->items, &array, sizeof(array));
    }
    return memset(array + *d->n * t->size, 0, t->size);
}

static enum mc_status row_run(struct db *db, const struct db_query *q,
                              const struct db_row_type *t, const struct row_dest *d,
                              const char *fmt, va_list ap)
{
    struct db_stmt *st = NULL;
    enum mc_status rc = db_query_vstart(db, q, &st, fmt, ap);
    if (d->one) {
        if (db_next(st, &rc))
            db_row_read_type(st, t, d->one);
        else if (rc == MC_OK)
            rc = MC_ERR_NOT_FOUND;
    }
    while (!d->one && (!d->fixed || *d->n < d->max) && db_next(st, &rc)) {
        fill_row(st, t, next_room(t, d));   /* next_room() gives it zeroed */
        (*d->n)++;
    }
    db_done(st);
    return rc;
}

/* rc = row_run() into d over the arguments after fmt, in a variadic entry point. */
#define ROW_RUN_VA(rc, d)                          \
    do {                                           \
        va_list ap_;                               \
        va_start(ap_, fmt);                        \
        (rc) = row_run(db, q, t, &(d), fmt, ap_);  \
        va_end(ap_);                               \
    } while (0)

enum mc_status db_row_get(struct db *db, const struct db_query *q, const struct db_row_type *t,
                          void *out, const char *fmt, ...)
{
    const struct row_dest d = {.one = out};
    enum mc_status rc;
    ROW_RUN_VA(rc, d);
    return rc;
}

enum mc_status db_row_list(struct db *db, const struct db_query *q, const struct db_row_type *t,
                           void *items, size_t *n, size_t *cap, const char *fmt, ...)
{
    const struct row_dest d = {.items = items, .n = n, .cap = cap};
    enum mc_status rc;
    ROW_RUN_VA(rc, d);
    return rc;
}

enum mc_status db_row_fill(struct db *db, const struct db_query *q, const struct db_row_type *t,
                           void *out, size_t max, size_t *n, const char *fmt, ...)
{
    const struct row_dest d = {.fixed = out, .n = n, .max = max};
    *n = 0;
    enum mc_status rc;
    ROW_RUN_VA(rc, d);
    return rc;
}
