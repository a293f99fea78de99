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
 * Entry i of the table reads column first + i (0 with DB_ROW_READ).  A
 * column the table must pass over (read by a statement of its own after
 * the call, or not read at all) is DB_SKIP().  Each macro checks at
 * compile time that the field has the type its kind writes.
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
    DB_FIELD_SKIP,     /* nothing: the column is passed over */
    DB_FIELD_INT64,    /* int64_t = db_col_int64() */
    DB_FIELD_INT,      /* int = (int)db_col_int64() */
    DB_FIELD_BOOL,     /* bool = db_col_int64() != 0 */
    DB_FIELD_DOUBLE,   /* double = db_col_double() */
    DB_FIELD_TEXT,     /* char[size]: db_col_copy(), cut to fit, "" for NULL */
    DB_FIELD_STRDUP,   /* char * = db_col_strdup(): malloc'd, the struct's owner frees it */
};

/* One column: what it fills, where in the struct (offsetof) and how big the field is. */
struct db_field {
    enum db_field_kind kind;
    size_t offset;   /* bytes from the start of the struct */
    size_t size;     /* bytes of the field (DB_FIELD_TEXT: the array, NUL included) */
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
#define DB_SKIP() {DB_FIELD_SKIP, 0, 0}

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

#endif
