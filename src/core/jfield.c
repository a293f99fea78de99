/* jfield.c - reading members of JSON objects with error positions (see jfield.h). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include "core/jfield.h"

const char *jfield_str(const json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? s : "";
}

const char *jfield_str_or_null(const json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

double jfield_num(const json_t *o, const char *key)
{
    return json_number_value(json_object_get(o, key));
}

void jfield_error_init(struct jfield_error *e)
{
    e->status = MC_OK;
    e->field[0] = '\0';
    e->message[0] = '\0';
    e->line = 0;
    e->column = 0;
}

void jfield_fail(struct jfield_error *e, const char *field, const char *fmt, ...)
{
    if (e->status != MC_OK)
        return;
    va_list ap;
    e->status = MC_ERR_INVALID;
    snprintf(e->field, sizeof(e->field), "%s", field ? field : "");
    va_start(ap, fmt);
    vsnprintf(e->message, sizeof(e->message), fmt, ap);
    va_end(ap);
}

/* Sets of JSON types a reader accepts (bits 1 << json_typeof()). */
#define T_STRING (1u << JSON_STRING)
#define T_INTEGER (1u << JSON_INTEGER)
#define T_NUMBER (T_INTEGER | 1u << JSON_REAL)
#define T_BOOL (1u << JSON_TRUE | 1u << JSON_FALSE)
#define T_ARRAY (1u << JSON_ARRAY)
#define T_OBJECT (1u << JSON_OBJECT)

/*
 * The member key of o when its type is in types.  NULL when it is absent
 * or null (an error when required) or of another type (an error saying
 * it must be `what`).
 */
static json_t *member(const json_t *o, const char *key, unsigned flags, unsigned types,
                      const char *what, struct jfield_error *e)
{
    json_t *v = json_object_get(o, key);
    if (json_is_null(v))
        v = NULL;
    if (!v && (flags & JFIELD_REQUIRED)) {
        jfield_fail(e, key, "thiếu %s", key);
    } else if (v && !(types & (1u << json_typeof(v)))) {
        jfield_fail(e, key, "%s phải là %s", key, what);
        v = NULL;
    }
    return v;
}

const char *jfield_get_str(const json_t *o, const char *key, unsigned flags, size_t max_len,
                           struct jfield_error *e)
{
    json_t *v = member(o, key, flags & ~(unsigned)JFIELD_REQUIRED, T_STRING, "chuỗi", e);
    if (v && (flags & JFIELD_NONEMPTY) && json_string_length(v) == 0)
        v = NULL;
    if (!v && (flags & JFIELD_REQUIRED))
        jfield_fail(e, key, "thiếu %s", key);   /* after a type error: the first one stays */
    if (v && max_len && json_string_length(v) > max_len) {
        jfield_fail(e, key, "%s dài quá %zu byte", key, max_len);
        v = NULL;
    }
    return v ? json_string_value(v) : NULL;
}

/* s[0..n) is 1 to 18 ASCII digits. */
static bool digits(const char *s, size_t n)
{
    if (n == 0 || n > 18)
        return false;
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

int64_t jfield_get_int(const json_t *o, const char *key, unsigned flags, int64_t min,
                       int64_t max, struct jfield_error *e)
{
    unsigned types = T_INTEGER | ((flags & JFIELD_DIGITS) ? T_STRING : 0);
    json_t *v = member(o, key, flags, types, "số nguyên", e);
    int64_t out = 0;
    if (!v)
        return 0;
    if (json_is_integer(v)) {
        out = (int64_t)json_integer_value(v);
    } else if (digits(json_string_value(v), json_string_length(v))) {
        out = strtoll(json_string_value(v), NULL, 10);
    } else {
        jfield_fail(e, key, "%s phải là số nguyên", key);
        return 0;
    }
    if (out < min || out > max) {
        jfield_fail(e, key, "%s phải từ %lld đến %lld", key, (long long)min, (long long)max);
        return 0;
    }
    return out;
}

double jfield_get_double(const json_t *o, const char *key, unsigned flags,
                         struct jfield_error *e)
{
    return json_number_value(member(o, key, flags, T_NUMBER, "số", e));
}

bool jfield_get_bool(const json_t *o, const char *key, unsigned flags, struct jfield_error *e)
{
    return json_is_true(member(o, key, flags, T_BOOL, "true hoặc false", e));
}

json_t *jfield_get_array(const json_t *o, const char *key, unsigned flags, size_t max_items,
                         struct jfield_error *e)
{
    json_t *v = member(o, key, flags, T_ARRAY, "mảng", e);
    if (v && max_items && json_array_size(v) > max_items) {
        jfield_fail(e, key, "%s có quá %zu phần tử", key, max_items);
        v = NULL;
    }
    return v;
}

json_t *jfield_get_object(const json_t *o, const char *key, unsigned flags,
                          struct jfield_error *e)
{
    return member(o, key, flags, T_OBJECT, "đối tượng", e);
}

enum mc_status jfield_parse_object(const char *text, size_t len, size_t flags, json_t **out,
                                   struct jfield_error *e)
{
    json_error_t jerr;
    json_t *v = json_loadb(text ? text : "", text ? len : 0, flags, &jerr);
    *out = NULL;
    if (!v) {
        if (e->status == MC_OK) {
            e->line = jerr.line;
            e->column = jerr.column;
        }
        jfield_fail(e, NULL, "JSON không hợp lệ ở dòng %d, cột %d", jerr.line, jerr.column);
        return MC_ERR_INVALID;
    }
    if (!json_is_object(v)) {
        json_decref(v);
        jfield_fail(e, NULL, "phải là một đối tượng JSON");
        return MC_ERR_INVALID;
    }
    *out = v;
    return MC_OK;
}
