/*
 * db_row.h - reading a result row into a struct by a table of its fields.
 *
 * A module that reads a table's rows declares, next to its column list
 * (THING_COLS), which field of its struct each column fills, in column
 * order, and reads a row with one call:
 *
 *   #define THING_COLS "id, name, created_at, active"
 *   static const struct db_field THING_FIELDS[] = {
 *       DB_INT64(struct thing, id),
 *       DB_TEXT(struct thing, name),
 *       DB_INT64(struct thing, created_at),
 *       DB_BOOL(struct thing, active),
 *   };
 *
 *   void thing_read_row(struct db_stmt *st, struct thing *t)
 *   {
 *       DB_ROW_READ(st, t, THING_FIELDS);
 *       t->age = now - t->created_at;      computed fields stay statements
 *   }
 *
 * Entry i of the table reads column first + i (0 with DB_ROW_READ); a
 * DB_NESTED entry reads a struct member through a table of its own, as
 * many columns as that table has, and the entries after it read on.  A
 * column that needs more than a copy (parsed, compared, opened with a
 * check) is DB_SKIP(type, f) in the table, naming the field f the reader
 * fills from it by a statement of its own after the call.  Each macro
 * checks at compile time that the field exists and has the type its kind
 * writes.  Tables are constant data; the functions touch only the
 * statement and the struct they are given, so any thread that owns both
 * may call them.
 */
#ifndef MC_DB_ROW_H
#define MC_DB_ROW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "core/compiler.h"
#include "core/db.h"

/* How one column is read and what type of field it fills. */
enum db_field_kind {
    DB_FIELD_SKIP,     /* nothing: the reader fills the field by hand */
    DB_FIELD_INT64,    /* int64_t = db_col_int64() */
    DB_FIELD_INT,      /* int = (int)db_col_int64() */
    DB_FIELD_BOOL,     /* bool = db_col_int64() != 0 */
    DB_FIELD_DOUBLE,   /* double = db_col_double() */
    DB_FIELD_TEXT,     /* char[size]: db_col_copy(), cut to fit, "" for NULL */
    DB_FIELD_STRDUP,   /* char * = db_col_strdup(): malloc'd, the struct's owner frees it */
    DB_FIELD_SEALED,   /* char * = seal_col_dup(): a value sealed at rest, opened and
                          malloc'd ("" when it cannot be opened), as DB_FIELD_STRDUP */
    DB_FIELD_NESTED,   /* a struct member read by the table nested (size: its entries) */
};

/* One column: what it fills, where in the struct (offsetof) and how big the field is. */
struct db_field {
    enum db_field_kind kind;
    size_t offset;   /* bytes from the start of the struct */
    size_t size;     /* bytes of the field (DB_FIELD_TEXT: the array, NUL included;
                        DB_FIELD_NESTED: the entries of nested) */
    const struct db_field *nested;   /* DB_FIELD_NESTED: the member's table, else NULL */
};

/* Offset of field f of type, a compile error unless f's address is a ctype *. */
#define DB_FIELD_AT_(type, f, ctype) \
    (offsetof(type, f) + 0 * sizeof((ctype *){&((type *)0)->f}))
#define DB_FIELD_(kind, type, f, ctype) \
    {kind, DB_FIELD_AT_(type, f, ctype), sizeof(((type *)0)->f)}

/* Table entries: field f of struct type type (e.g. DB_TEXT(struct org, name)). */
#define DB_INT64(type, f) DB_FIELD_(DB_FIELD_INT64, type, f, int64_t)
#define DB_INT(type, f) DB_FIELD_(DB_FIELD_INT, type, f, int)
#define DB_BOOL(type, f) DB_FIELD_(DB_FIELD_BOOL, type, f, bool)
#define DB_DOUBLE(type, f) DB_FIELD_(DB_FIELD_DOUBLE, type, f, double)
#define DB_TEXT(type, f) \
    {DB_FIELD_TEXT, offsetof(type, f) + 0 * sizeof((char *){((type *)0)->f}), \
     sizeof(((type *)0)->f)}
#define DB_STRDUP(type, f) DB_FIELD_(DB_FIELD_STRDUP, type, f, char *)
#define DB_SEALED(type, f) DB_FIELD_(DB_FIELD_SEALED, type, f, char *)
#define DB_SKIP(type, f) {DB_FIELD_SKIP, offsetof(type, f), 0}
/* Member f of type, a struct read by the table nested of n entries (core/filestore.h's). */
#define DB_NESTED(type, f, nested, n) {DB_FIELD_NESTED, offsetof(type, f), (n), (nested)}

/*
 * Read columns first .. first + n - 1 of st's current row into the struct
 * at obj, column first + i as fields[i] says.  Fields the table does not
 * name are left as they are.  Strings of DB_FIELD_STRDUP are malloc'd and
 * owned by the struct's owner afterwards; the previous pointer in the
 * field is overwritten, not freed.
 */
void db_row_read(struct db_stmt *st, int first, void *obj, const struct db_field *fields,
                 size_t n);

/* db_row_read() of a whole static table from column 0. */
#define DB_ROW_READ(st, obj, fields) db_row_read((st), 0, (obj), (fields), MC_ARRAY_LEN(fields))

/*
 * A struct read whole from a row: emptied (zeroed, or by clear for a
 * struct that owns memory: its _release), its table read from column 0,
 * then finish (may be NULL) fills what the table leaves to the reader
 * (computed fields, DB_SKIP columns).  Declared once per struct:
 *
 *   static void thing_finish(struct db_stmt *st, void *obj) { ... }
 *   static const struct db_row_type THING_ROW =
 *       DB_ROW_TYPE(struct thing, THING_FIELDS, thing_finish, NULL);
 */
struct db_row_type {
    const struct db_field *fields;
    size_t n;                                          /* entries of fields */
    size_t size;                                       /* bytes of the struct */
    void (*finish)(struct db_stmt *st, void *obj);     /* or NULL */
    void (*clear)(void *obj);                          /* frees and zeroes; NULL: zeroes */
};
#define DB_ROW_TYPE(type, fields, finish, clear) \
    {(fields), MC_ARRAY_LEN(fields), sizeof(type), (finish), (clear)}

/*
 * Empty the struct at obj (which holds a struct of t or zeroes) and read
 * st's current row into it as t says.
 */
void db_row_read_type(struct db_stmt *st, const struct db_row_type *t, void *obj);

/*
 * Run q (arguments as db_run(), core/db.h) and read its first row into
 * the struct at out as t says (db_row_read_type: out holds a struct of t
 * or zeroes).  MC_ERR_NOT_FOUND when there is no row (out untouched), or
 * the query's error.
 */
enum mc_status db_row_get(struct db *db, const struct db_query *q, const struct db_row_type *t,
                          void *out, const char *fmt, ...) MC_WARN_UNUSED;
/*
 * Run q (arguments as db_run()) and append each row, read as t says, to
 * the array whose pointer is at items (a `struct thing **`: the array's
 * address, its count *n and capacity *cap, grown as ARRAY_PUSH does,
 * core/array.h).  Rows read before an error stay in the array.  Returns
 * MC_OK after the last row, or the query's error.
 */
enum mc_status db_row_list(struct db *db, const struct db_query *q, const struct db_row_type *t,
                           void *items, size_t *n, size_t *cap, const char *fmt, ...)
    MC_WARN_UNUSED;
/*
 * Run q (arguments as db_run()) and read its rows, as t says, into the
 * caller's array out of max structs (out[0], out[1], ...) until it is
 * full; *n gets how many were read.  Returns MC_OK after the last row
 * or with out full, or the query's error.
 */
enum mc_status db_row_fill(struct db *db, const struct db_query *q, const struct db_row_type *t,
                           void *out, size_t max, size_t *n, const char *fmt, ...)
    MC_WARN_UNUSED;

#endif
