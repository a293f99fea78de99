/*
 * form.c - urlencoded, cookie and multipart decoding (see form.h).
 *
 * DESIGN (multipart): a byte-at-a-time state machine that never buffers
 * part contents.  The delimiter is "\r\n--BOUNDARY"; the stream is treated
 * as if it began with "\r\n" so the first boundary needs no special case.
 * While in a part's data, bytes that might begin the delimiter are held
 * back as a match count; on a mismatch they are released as data (they are
 * exactly the delimiter's first bytes, so they are replayed from it).
 * Boundaries may not contain CR or LF, so '\r' occurs only at the start of
 * the delimiter and this simple fallback finds every delimiter.
 */
#include <ctype.h>
#include <stdlib.h>
#include "core/form.h"
#include "core/buf.h"

void kv_append(struct arena *a, struct kv **list, const char *key, const char *value,
               size_t value_len)
{
    struct kv *p = arena_alloc(a, sizeof(*p));
    p->key = key;
    p->value = value;
    p->value_len = value_len;
    p->next = NULL;
    while (*list)
        list = &(*list)->next;
    *list = p;
}

size_t form_value_lines(char *s, size_t len)
{
    size_t j = 0;
    for (size_t i = 0; i < len; i++)
        if (!(s[i] == '\r' && i + 1 < len && s[i + 1] == '\n'))
            s[j++] = s[i];
    s[j] = '\0';
    return j;
}

const char *kv_get(const struct kv *list, const char *key)
{
    for (; list; list = list->next)
        if (strcmp(list->key, key) == 0)
            return list->value;
    return NULL;
}

size_t kv_count(const struct kv *list)
{
    size_t n = 0;
    for (; list; list = list->next)
        n++;
    return n;
}

static int hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = tolower(c);
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

/* Percent-decode s[0..len) into arena memory; *out_len gets the length. */
static char *url_decode(struct arena *a, const char *s, size_t len, size_t *out_len,
                        bool *ok)
{
    char *out = arena_alloc(a, len + 1);
    size_t j = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '+') {
            out[j++] = ' ';
        } else if (s[i] == '%') {
            int hi = i + 1 < len ? hexval((unsigned char)s[i + 1]) : -1;
            int lo = i + 2 < len ? hexval((unsigned char)s[i + 2]) : -1;
            if (hi < 0 || lo < 0) {
                *ok = false;
                break;
            }
            out[j++] = (char)(hi * 16 + lo);
            i += 2;
        } else {
            out[j++] = s[i];
        }
    }
    out[j] = '\0';
    *out_len = j;
    return out;
}

enum mc_status form_parse_urlencoded(struct arena *a, const char *data, size_t len,
                                     size_t max_fields, struct kv **out)
{
    size_t i = 0, fields = 0;
    bool ok = true;
    while (i < len && ok) {
        size_t end = i;
        while (end < len && data[end] != '&')
            end++;
        if (end > i) {
            size_t eq = i;
            while (eq < end && data[eq] != '=')
                eq++;
            size_t klen, vlen = 0;
            char *key = url_decode(a, data + i, eq - i, &klen, &ok);
            char *val = eq < end ? url_decode(a, data + eq + 1, end - eq - 1, &vlen, &ok)
                                 : arena_strdup(a, "");
            vlen = form_value_lines(val, vlen);
            if (++fields > max_fields)
                ok = false;
            if (ok)
                kv_append(a, out, key, val, vlen);
        }
        i = end + 1;
    }
    return ok ? MC_OK : MC_ERR_INVALID;
}

void form_parse_cookies(struct arena *a, const char *header, struct kv **out)
{
    const char *p = header;
    while (*p) {
        while (*p == ' ' || *p == ';')
            p++;
        const char *name = p;
        while (*p && *p != '=' && *p != ';')
            p++;
        size_t nlen = (size_t)(p - name);
        if (*p != '=') {
            continue;
        }
        p++;
        const char *val = p;
        while (*p && *p != ';')
            p++;
        size_t vlen = (size_t)(p - val);
        if (vlen >= 2 && val[0] == '"' && val[vlen - 1] == '"') {
            val++;
            vlen -= 2;
        }
        if (nlen > 0)
            kv_append(a, out, arena_strndup(a, name, nlen), arena_strndup(a, val, vlen),
                      vlen);
    }
}

/* ---------------------------------------------------------------- multipart */

#define MP_LINE_MAX 1024
#define MP_HEADERS_MAX 8
#define MP_BOUNDARY_MAX 200

enum mp_state {
    MP_PREAMBLE,     /* before the first delimiter */
    MP_AFTER_DELIM,  /* just matched a delimiter: expect "--" or CRLF */
    MP_AFTER_DASH,   /* saw one '-' after the delimiter */
    MP_AFTER_CR,     /* saw '\r' after the delimiter (or padding) */
    MP_HEADERS,      /* reading part header lines */
    MP_DATA,         /* part content */
    MP_EPILOGUE,     /* after the closing delimiter: ignore */
    MP_ERROR,
};

struct multipart {
    struct arena *arena;
    struct multipart_handler h;
    enum mp_state state;
    char *delim;               /* "\r\n--" boundary */
    size_t delim_len;
    size_t match;              /* bytes of delim matched so far */
    char line[MP_LINE_MAX];    /* the header line being read */
    size_t line_len;
    int header_count;
    char *name, *filename, *ctype;   /* current part's headers */
    bool in_part;                    /* part_begin called, part_end not yet */
    enum mc_status err;
};

/* Extract a parameter (name="x") from a Content-Disposition value. */
static char *header_param(struct arena *a, const char *v, const char *param)
{
    size_t plen = strlen(param);
    const char *p = v;
    while ((p = strstr(p, param)) != NULL) {
        bool starts = p == v || p[-1] == ' ' || p[-1] == ';' || p[-1] == '\t';
        if (starts && p[plen] == '=') {
            const char *s = p + plen + 1;
            const char *e;
            if (*s == '"') {
                s++;
                e = strchr(s, '"');
                if (!e)
                    return NULL;
            } else {
                e = s;
                while (*e && *e != ';' && *e != ' ')
                    e++;
            }
            return arena_strndup(a, s, (size_t)(e - s));
        }
        p += plen;
    }
    return NULL;
}

enum mc_status multipart_new(struct arena *a, const char *ctype,
                             const struct multipart_handler *h, struct multipart **out)
{
    *out = NULL;
    if (!ctype || strncasecmp(ctype, "multipart/form-data", 19) != 0)
        return MC_ERR_INVALID;
    char *boundary = header_param(a, ctype, "boundary");
    if (!boundary || !*boundary || strlen(boundary) > MP_BOUNDARY_MAX ||
        strpbrk(boundary, "\r\n"))
        return MC_ERR_INVALID;
    struct multipart *mp = arena_calloc(a, 1, sizeof(*mp));
    mp->arena = a;
    mp->h = *h;
    mp->state = MP_PREAMBLE;
    mp->delim = arena_printf(a, "\r\n--%s", boundary);
    mp->delim_len = strlen(mp->delim);
    mp->match = 2;   /* as if the body began with CRLF */
    *out = mp;
    return MC_OK;
}

static enum mc_status mp_fail(struct multipart *mp, enum mc_status st)
{
    mp->state = MP_ERROR;
    mp->err = st;
    return st;
}

static enum mc_status mp_header_line(struct multipart *mp)
{
    mp->line[mp->line_len] = '\0';
    if (mp->line_len == 0) {   /* end of headers */
        if (!mp->name)
            return mp_fail(mp, MC_ERR_INVALID);
        mp->state = MP_DATA;
        mp->match = 0;
        mp->in_part = true;
        return mp->h.part_begin(mp->h.ctx, mp->name, mp->filename, mp->ctype);
    }
    if (++mp->header_count > MP_HEADERS_MAX)
        return mp_fail(mp, MC_ERR_INVALID);
    char *colon = strchr(mp->line, ':');
    if (!colon)
        return mp_fail(mp, MC_ERR_INVALID);
    *colon = '\0';
    const char *value = colon + 1;
    while (*value == ' ' || *value == '\t')
        value++;
    if (strcasecmp(mp->line, "Content-Disposition") == 0) {
        mp->name = header_param(mp->arena, value, "name");
        mp->filename = header_param(mp->arena, value, "filename");
    } else if (strcasecmp(mp->line, "Content-Type") == 0) {
        mp->ctype = arena_strdup(mp->arena, value);
    }
    return MC_OK;
}

static enum mc_status mp_delimiter_found(struct multipart *mp)
{
    enum mc_status st = MC_OK;
    if (mp->in_part) {
        mp->in_part = false;
        st = mp->h.part_end(mp->h.ctx);
    }
    mp->state = MP_AFTER_DELIM;
    mp->match = 0;
    return st;
}

/* Feed one byte outside the data state. */
static enum mc_status mp_control_byte(struct multipart *mp, char c)
{
    switch (mp->state) {
    case MP_PREAMBLE:
        if (c == mp->delim[mp->match]) {
            if (++mp->match == mp->delim_len)
                return mp_delimiter_found(mp);
        } else {
            mp->match = c == mp->delim[0] ? 1 : 0;
        }
        return MC_OK;
    case MP_AFTER_DELIM:
        if (c == '-')
            mp->state = MP_AFTER_DASH;
        else if (c == '\r')
            mp->state = MP_AFTER_CR;
        else if (c != ' ' && c != '\t')
            return mp_fail(mp, MC_ERR_INVALID);
        return MC_OK;
    case MP_AFTER_DASH:
        if (c != '-')
            return mp_fail(mp, MC_ERR_INVALID);
        mp->state = MP_EPILOGUE;
        return MC_OK;
    case MP_AFTER_CR:
        if (c != '\n')
            return mp_fail(mp, MC_ERR_INVALID);
        mp->state = MP_HEADERS;
        mp->line_len = 0;
        mp->header_count = 0;
        mp->name = mp->filename = mp->ctype = NULL;
        return MC_OK;
    case MP_HEADERS:
        if (c == '\n') {
            if (mp->line_len > 0 && mp->line[mp->line_len - 1] == '\r')
                mp->line_len--;
            enum mc_status st = mp_header_line(mp);
            mp->line_len = 0;
            return st;
        }
        if (mp->line_len + 1 >= MP_LINE_MAX)
            return mp_fail(mp, MC_ERR_INVALID);
        mp->line[mp->line_len++] = c;
        return MC_OK;
    case MP_EPILOGUE:
        return MC_OK;
    case MP_DATA:
    case MP_ERROR:
        break;
    }
    return mp_fail(mp, MC_ERR_INTERNAL);
}

/* Feed data-state bytes; returns how many were consumed (stops at a delimiter). */
static size_t mp_data(struct multipart *mp, const char *data, size_t len, enum mc_status *st)
{
    size_t i = 0, run = 0;   /* data[run..i) is plain content not yet emitted */
    *st = MC_OK;
    while (i < len) {
        char c = data[i];
        if (c == mp->delim[mp->match]) {
            if (mp->match == 0 && i > run) {
                *st = mp->h.part_data(mp->h.ctx, data + run, i - run);
                if (*st != MC_OK)
                    return i;
            }
            i++;
            run = i;
            if (++mp->match == mp->delim_len) {
                *st = mp_delimiter_found(mp);
                return i;
            }
            continue;
        }
        if (mp->match > 0) {   /* release the held-back delimiter prefix */
            *st = mp->h.part_data(mp->h.ctx, mp->delim, mp->match);
            mp->match = 0;
            run = i;
            if (*st != MC_OK)
                return i;
            continue;   /* re-test c against the delimiter's first byte */
        }
        i++;
    }
    if (mp->match == 0 && i > run)
        *st = mp->h.part_data(mp->h.ctx, data + run, i - run);
    return i;
}

enum mc_status multipart_feed(struct multipart *mp, const char *data, size_t len)
{
    size_t i = 0;
    enum mc_status st = MC_OK;
    while (i < len && st == MC_OK) {
        if (mp->state == MP_ERROR)
            return mp->err;
        if (mp->state == MP_EPILOGUE)
            return MC_OK;
        if (mp->state == MP_DATA) {
            i += mp_data(mp, data + i, len - i, &st);
        } else {
            st = mp_control_byte(mp, data[i]);
            i++;
        }
    }
    if (st != MC_OK && mp->state != MP_ERROR)
        mp_fail(mp, st);
    return st;
}

enum mc_status multipart_finish(struct multipart *mp)
{
    if (mp->state == MP_ERROR)
        return mp->err;
    return mp->state == MP_EPILOGUE ? MC_OK : MC_ERR_INVALID;
}
