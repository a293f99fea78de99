/*
 * fuzz_form.c - libFuzzer target for src/core/form.c.
 *
 * Input layout (the seeds in fuzz/corpus/form/ follow it):
 *
 *   byte 0     mode: 'u' urlencoded, 'c' cookie header, 'm' multipart;
 *              any other byte picks a mode by (byte % 3).
 *   urlencoded the rest is the body; max_fields is 1 + (its first byte % 64).
 *   cookie     the rest, up to its first NUL, is the Cookie header.
 *   multipart  byte 1: n = byte % 8 chunk sizes follow (bytes 2 .. 2+n);
 *              the rest is the body for the boundary "XyZ" fed in chunks of
 *              those sizes (cycled; a size byte of 0 means 1 byte; n == 0
 *              means the whole body at once).
 *
 * Besides the sanitizers, the multipart mode is differential: the same
 * body is parsed once in one piece and once in chunks, and the two
 * callback streams (part headers, concatenated part contents, part ends)
 * and statuses must be identical.  Callback order is checked too
 * (part_data and part_end only inside a part).  Any difference aborts.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "core/arena.h"
#include "core/form.h"

#define FUZZ_BOUNDARY "XyZ"
#define FUZZ_CTYPE "multipart/form-data; boundary=" FUZZ_BOUNDARY

/* ---------------------------------------------------------------- events */

/* A growable byte log of callback events. */
struct events {
    unsigned char *data;
    size_t len, cap;
    int in_part;
    size_t parts;
};

static void ev_add(struct events *ev, const void *p, size_t n)
{
    if (ev->len + n > ev->cap) {
        size_t cap = ev->cap ? ev->cap : 256;
        while (cap < ev->len + n)
            cap *= 2;
        unsigned char *d = realloc(ev->data, cap);
        if (!d)
            abort();
        ev->data = d;
        ev->cap = cap;
    }
    if (n)
        memcpy(ev->data + ev->len, p, n);
    ev->len += n;
}

static void ev_str(struct events *ev, const char *s)
{
    if (s)
        ev_add(ev, s, strlen(s) + 1);
    else
        ev_add(ev, "\xff", 1); /* distinguishes NULL from "" */
}

static enum mc_status on_begin(void *ctx, const char *name, const char *filename,
                               const char *content_type)
{
    struct events *ev = ctx;
    if (ev->in_part || !name)
        abort(); /* nested part, or a part without a name */
    ev->in_part = 1;
    ev->parts++;
    ev_add(ev, "B", 1);
    ev_str(ev, name);
    ev_str(ev, filename);
    ev_str(ev, content_type);
    return MC_OK;
}

static enum mc_status on_data(void *ctx, const char *data, size_t len)
{
    struct events *ev = ctx;
    if (!ev->in_part)
        abort(); /* data outside a part */
    /* Contents are logged without chunk markers: chunking must not matter. */
    ev_add(ev, data, len);
    return MC_OK;
}

static enum mc_status on_end(void *ctx)
{
    struct events *ev = ctx;
    if (!ev->in_part)
        abort(); /* end without begin */
    ev->in_part = 0;
    ev_add(ev, "\0E", 2);
    return MC_OK;
}

/* ---------------------------------------------------------------- modes */

static void fuzz_urlencoded(const uint8_t *data, size_t size)
{
    size_t max_fields = 1 + (size ? data[0] % 64 : 0);
    struct arena *a = arena_new();
    struct kv *list = NULL;
    enum mc_status st = form_parse_urlencoded(a, (const char *)data, size, max_fields, &list);
    size_t n = kv_count(list);
    if (st == MC_OK && n > max_fields)
        abort();
    for (const struct kv *p = list; p; p = p->next) {
        if (!p->key || !p->value || p->value_len > size)
            abort();
        if (p->value[p->value_len] != '\0')
            abort(); /* values are NUL-terminated after value_len bytes */
        if (kv_get(list, p->key) == NULL)
            abort();
    }
    arena_free(a);
}

static void fuzz_cookies(const uint8_t *data, size_t size)
{
    char *header = malloc(size + 1);
    if (!header)
        abort();
    memcpy(header, data, size);
    header[size] = '\0';
    struct arena *a = arena_new();
    struct kv *list = NULL;
    form_parse_cookies(a, header, &list);
    size_t hlen = strlen(header);
    for (const struct kv *p = list; p; p = p->next) {
        if (!p->key[0] || strlen(p->key) > hlen || p->value_len > hlen)
            abort();
        if (strchr(p->key, ';') || strchr(p->key, '='))
            abort(); /* a cookie name never holds a separator */
    }
    arena_free(a);
    free(header);
}

/* Parse body with the given chunk sizes; record events; return finish status. */
static enum mc_status run_multipart(const uint8_t *body, size_t len, const uint8_t *sizes,
                                    size_t nsizes, struct events *ev)
{
    static const struct multipart_handler proto = {on_begin, on_data, on_end, NULL};
    struct multipart_handler h = proto;
    h.ctx = ev;
    struct arena *a = arena_new();
    struct multipart *mp = NULL;
    if (multipart_new(a, FUZZ_CTYPE, &h, &mp) != MC_OK || !mp)
        abort(); /* the fixed content type is valid */
    enum mc_status first_err = MC_OK;
    size_t off = 0, k = 0;
    while (off < len) {
        size_t n = nsizes ? sizes[k++ % nsizes] : len;
        if (n == 0)
            n = 1;
        if (n > len - off)
            n = len - off;
        enum mc_status st = multipart_feed(mp, (const char *)body + off, n);
        if (first_err != MC_OK && st != first_err)
            abort(); /* errors must be sticky */
        if (st != MC_OK && first_err == MC_OK)
            first_err = st;
        off += n;
    }
    enum mc_status fin = multipart_finish(mp);
    if (first_err != MC_OK && fin != first_err)
        abort();
    ev_add(ev, "F", 1);
    ev_add(ev, &first_err, sizeof(first_err));
    ev_add(ev, &fin, sizeof(fin));
    arena_free(a);
    return fin;
}

static void fuzz_multipart(const uint8_t *data, size_t size)
{
    size_t nsizes = size ? data[0] % 8 : 0;
    if (size < 1 + nsizes)
        return;
    const uint8_t *sizes = data + 1;
    const uint8_t *body = data + 1 + nsizes;
    size_t len = size - 1 - nsizes;

    struct events whole = {0}, chunked = {0};
    enum mc_status f1 = run_multipart(body, len, NULL, 0, &whole);
    enum mc_status f2 = run_multipart(body, len, sizes, nsizes, &chunked);
    if (f1 != f2 || whole.len != chunked.len ||
        (whole.len && memcmp(whole.data, chunked.data, whole.len) != 0))
        abort(); /* chunking changed what the parser reported */
    if (f1 == MC_OK && whole.in_part)
        abort(); /* a finished body has no open part */
    free(whole.data);
    free(chunked.data);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    int mode;
    switch (data[0]) {
    case 'u': mode = 0; break;
    case 'c': mode = 1; break;
    case 'm': mode = 2; break;
    default: mode = data[0] % 3; break;
    }
    data++;
    size--;
    if (mode == 0)
        fuzz_urlencoded(data, size);
    else if (mode == 1)
        fuzz_cookies(data, size);
    else
        fuzz_multipart(data, size);
    return 0;
}
