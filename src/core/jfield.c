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

enum mc_status jfield_fail(struct jfield_error *e, const char *field, const char *fmt, ...)
{
    if (e->status != MC_OK)
        return MC_ERR_INVALID;
    va_list ap;
    e->status = MC_ERR_INVALID;
    snprintf(e->field, sizeof(e->field), "%s", field ? field : "");
    va_start(ap, fmt);
    vsnprintf(e->message, sizeof(e->message), fmt, ap);
    va_end(ap);
    return MC_ERR_INVALID;
}

/*
 * The member key of o, or NULL when absent or null (then an error when
 * required).  *st gets MC_OK or MC_ERR_INVALID.
 */
static json_t *member(const json_t *o, const char *key, unsigned flags, enum mc_status *st,
                      struct jfield_error *e)
{
    json_t *v = json_object_get(o, key);
    *st = MC_OK;
    if (json_is_null(v))
        v = NULL;
    if (!v && (flags & JFIELD_REQUIRED))
        *st = jfield_fail(e, key, "thiếu %s", key);
    return v;
}

enum mc_status jfield_get_str(const json_t *o, const char *key, unsigned flags, size_t max_len,
                              const char **out, struct jfield_error *e)
{
    json_t *v = json_object_get(o, key);
    *out = NULL;
    if (json_is_null(v))
        v = NULL;
    if (v && !json_is_string(v))
        return jfield_fail(e, key, "%s phải là chuỗi", key);
    if (v && (flags & JFIELD_NONEMPTY) && json_string_length(v) == 0)
        v = NULL;
    if (!v)
        return (flags & JFIELD_REQUIRED) ? jfield_fail(e, key, "thiếu %s", key) : MC_OK;
    if (max_len && json_string_length(v) > max_len)
        return jfield_fail(e, key, "%s dài quá %zu byte", key, max_len);
    *out = json_string_value(v);
    return MC_OK;
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

enum mc_status jfield_get_int(const json_t *o, const char *key, unsigned flags, int64_t min,
                              int64_t max, int64_t *out, struct jfield_error *e)
{
    enum mc_status st;
    json_t *v = member(o, key, flags, &st, e);
    *out = 0;
    if (!v)
        return st;
    if (json_is_integer(v))
        *out = (int64_t)json_integer_value(v);
    else if ((flags & JFIELD_DIGITS) && json_is_string(v) &&
             digits(json_string_value(v), json_string_length(v)))
        *out = strtoll(json_string_value(v), NULL, 10);
    else
        return jfield_fail(e, key, "%s phải là số nguyên", key);
    if (*out < min || *out > max) {
        *out = 0;
        return jfield_fail(e, key, "%s phải từ %lld đến %lld", key, (long long)min,
                           (long long)max);
    }
    return MC_OK;
}

enum mc_status jfield_get_double(const json_t *o, const char *key, unsigned flags, double *out,
                                 struct jfield_error *e)
{
    enum mc_status st;
    json_t *v = member(o, key, flags, &st, e);
    *out = 0;
    if (!v)
        return st;
    if (!json_is_number(v))
        return jfield_fail(e, key, "%s phải là số", key);
    *out = json_number_value(v);
    return MC_OK;
}

enum mc_status jfield_get_bool(const json_t *o, const char *key, unsigned flags, bool *out,
                               struct jfield_error *e)
{
    enum mc_status st;
    json_t *v = member(o, key, flags, &st, e);
    *out = false;
    if (!v)
        return st;
    if (!json_is_boolean(v))
        return jfield_fail(e, key, "%s phải là true hoặc false", key);
    *out = json_is_true(v);
    return MC_OK;
}

enum mc_status jfield_get_array(const json_t *o, const char *key, unsigned flags,
                                size_t max_items, json_t **out, struct jfield_error *e)
{
    enum mc_status st;
    json_t *v = member(o, key, flags, &st, e);
    *out = NULL;
    if (!v)
        return st;
    if (!json_is_array(v))
        return jfield_fail(e, key, "%s phải là mảng", key);
    if (max_items && json_array_size(v) > max_items)
        return jfield_fail(e, key, "%s có quá %zu phần tử", key, max_items);
    *out = v;
    return MC_OK;
}

enum mc_status jfield_get_object(const json_t *o, const char *key, unsigned flags,
                                 json_t **out, struct jfield_error *e)
{
    enum mc_status st;
    json_t *v = member(o, key, flags, &st, e);
    *out = NULL;
    if (!v)
        return st;
    if (!json_is_object(v))
        return jfield_fail(e, key, "%s phải là đối tượng", key);
    *out = v;
    return MC_OK;
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
        return jfield_fail(e, NULL, "JSON không hợp lệ ở dòng %d, cột %d", jerr.line,
                           jerr.column);
    }
    if (!json_is_object(v)) {
        json_decref(v);
        return jfield_fail(e, NULL, "phải là một đối tượng JSON");
    }
    *out = v;
    return MC_OK;
}
