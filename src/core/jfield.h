/*
 * jfield.h - reading the members of JSON objects (jansson): lenient
 * readers for documents we wrote ourselves, and checked readers for
 * bodies and records from outside that say which field was wrong and
 * what was wrong with it.
 *
 * Lenient readers never fail: a member that is absent or of another type
 * reads as "" / NULL / 0.  Use them on our own documents (the 766 index
 * JSON we render, exports), never to validate input.
 *
 * Checked readers (jfield_get_*) return the value (NULL, 0 or false when
 * the member is absent or wrong) and, when it is wrong, record the error
 * in a struct jfield_error: the member's name in `field` and a Vietnamese
 * message that names it, in one wording shared by every reader:
 *
 *   thiếu KEY                          (required, absent or null)
 *   KEY phải là chuỗi | số nguyên | số | true hoặc false | mảng | đối tượng
 *   KEY dài quá N byte                 (string over max_len bytes)
 *   KEY phải từ MIN đến MAX            (integer out of range)
 *   KEY có quá N phần tử               (array over max_items)
 *
 * Errors are sticky, as with struct buf: the first one stays in the
 * struct and e->status is MC_ERR_INVALID from then on, so a caller reads
 * every field and looks at e->status once at the end.  A caller that
 * reports every problem (an import listing each bad field of a line)
 * calls jfield_error_init() before each field.
 *
 * Pointers returned into a document (strings, arrays) belong to it and
 * live as long as it does.  All functions are pure apart from their
 * out-parameters; thread-safe on distinct documents.
 */
#ifndef MC_JFIELD_H
#define MC_JFIELD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <jansson.h>
#include "core/status.h"

enum jfield_flags {
    JFIELD_REQUIRED = 1 << 0,   /* absent or null is an error */
    JFIELD_NONEMPTY = 1 << 1,   /* strings: "" counts as absent */
    JFIELD_DIGITS = 1 << 2,     /* integers: a string of 1-18 digits is accepted too */
};

struct jfield_error {
    enum mc_status status;      /* MC_OK while healthy, else the first error's */
    char field[64];             /* the member that was wrong ("" for the whole text) */
    char message[256];          /* Vietnamese, names the member; "" while healthy */
    int line;                   /* parse errors: line of the problem (1-based), else 0 */
    int column;                 /* parse errors: column (1-based), else 0 */
};

/* ---------------------------------------------------------------- lenient */

/* The string member key of o, or "" (absent, not a string, o not an object). */
const char *jfield_str(const json_t *o, const char *key);
/* The string member key of o, or NULL (absent, not a string, o not an object). */
const char *jfield_str_or_null(const json_t *o, const char *key);
/* The number member key of o (integer or real), or 0. */
double jfield_num(const json_t *o, const char *key);

/* ---------------------------------------------------------------- checked */

/* Set up a healthy error report. */
void jfield_error_init(struct jfield_error *e);

/*
 * Record an error for field (may be NULL) with a printf-style message,
 * unless e already holds one; for a caller's own checks.
 */
void jfield_fail(struct jfield_error *e, const char *field, const char *fmt, ...)
    MC_PRINTF(3, 4);

/*
 * The string member key of o, or NULL when absent, null, or "" with
 * JFIELD_NONEMPTY.  max_len 0 means no limit.  Errors (NULL returned):
 * required and absent; not a string; longer than max_len bytes.
 */
const char *jfield_get_str(const json_t *o, const char *key, unsigned flags, size_t max_len,
                           struct jfield_error *e);

/*
 * The integer member key of o; 0 when absent or null.  With JFIELD_DIGITS
 * a string of 1 to 18 ASCII digits counts as its value.  Errors (0
 * returned): required and absent; not an integer; outside [min, max].
 */
int64_t jfield_get_int(const json_t *o, const char *key, unsigned flags, int64_t min,
                       int64_t max, struct jfield_error *e);

/* The number member key of o (integer or real); 0 when absent, null or not a number. */
double jfield_get_double(const json_t *o, const char *key, unsigned flags,
                         struct jfield_error *e);

/* The boolean member key of o; false when absent, null or not a boolean. */
bool jfield_get_bool(const json_t *o, const char *key, unsigned flags, struct jfield_error *e);

/*
 * The array member key of o, or NULL when absent or null.  max_items 0
 * means no limit.  Errors (NULL returned): required and absent; not an
 * array; more than max_items items.
 */
json_t *jfield_get_array(const json_t *o, const char *key, unsigned flags, size_t max_items,
                         struct jfield_error *e);

/* The object member key of o, or NULL (absent, null, or not an object: an error). */
json_t *jfield_get_object(const json_t *o, const char *key, unsigned flags,
                          struct jfield_error *e);

/*
 * Parse len bytes of text (need not be NUL-terminated) as one JSON object.
 * flags are jansson's decoding flags (0, or JSON_REJECT_DUPLICATES for
 * input where a repeated key would hide a value).  MC_OK: *out is a new
 * reference the caller releases with json_decref().  MC_ERR_INVALID: *out
 * is NULL and e says where: "JSON không hợp lệ ở dòng L, cột C" with
 * e->line and e->column, or "phải là một đối tượng JSON" when the text is
 * valid JSON of another kind.
 */
enum mc_status jfield_parse_object(const char *text, size_t len, size_t flags, json_t **out,
                                   struct jfield_error *e) MC_WARN_UNUSED;

#endif
