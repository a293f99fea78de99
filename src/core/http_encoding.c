/* http_encoding.c - content codings, validators and shared bodies (see http_encoding.h). */
#include <brotli/encode.h>
#include <ctype.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <unistd.h>
#include <zlib.h>
#include "core/http_encoding.h"
#include "core/log.h"
#include "core/mem.h"

#define ETAG_MAX 32

struct http_variants {
    atomic_uint refs;
    char *content_type;
    char *cache_control;
    char *body[HTTP_CODINGS];      /* NULL when there is no such variant (identity always) */
    size_t len[HTTP_CODINGS];
    char etag[HTTP_CODINGS][ETAG_MAX];
    _Atomic int fd[HTTP_CODINGS];  /* memfd with the bytes (http_variants_fd), or -1 */
};

/* ---------------------------------------------------------------- Accept-Encoding */

static const char *skip_space(const char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    return s;
}

/* A qvalue ("0", "0.5", "1", "1.000") as thousandths; -1 when malformed. */
static int parse_q(const char *s, size_t n)
{
    int q = 0;
    if (n == 0 || (s[0] != '0' && s[0] != '1'))
        return -1;
    q = (s[0] - '0') * 1000;
    if (n == 1)
        return q;
    if (s[1] != '.' || n > 5)
        return -1;
    for (size_t i = 2, scale = 100; i < n; i++, scale /= 10) {
        if (!isdigit((unsigned char)s[i]))
            return -1;
        q += (s[i] - '0') * (int)scale;
    }
    return q > 1000 ? -1 : q;
}

/* The q of one element's parameters (text after the coding up to the comma). */
static int element_q(const char *p, const char *end)
{
    int q = 1000;
    while (p < end) {
        const char *semi = memchr(p, ';', (size_t)(end - p));
        if (!semi)
            break;
        p = skip_space(semi + 1);
        const char *next = memchr(p, ';', (size_t)(end - p));
        const char *stop = next ? next : end;
        const char *v = stop;
        while (v > p && (v[-1] == ' ' || v[-1] == '\t'))
            v--;
        if (v - p >= 2 && (p[0] == 'q' || p[0] == 'Q') && p[1] == '=')
            q = parse_q(p + 2, (size_t)(v - p - 2));
        p = stop;
    }
    return q;
}

static bool token_is(const char *s, size_t n, const char *word)
{
    return strlen(word) == n && strncasecmp(s, word, n) == 0;
}

enum http_coding http_coding_choose(const char *accept_encoding, unsigned offered)
{
    int q[HTTP_CODINGS] = {-1, -1, -1};
    int star = -1;
    if (!accept_encoding)
        return HTTP_CODING_IDENTITY;
    for (const char *p = accept_encoding; *p;) {
        p = skip_space(p);
        const char *comma = strchr(p, ',');
        const char *end = comma ? comma : p + strlen(p);
        size_t n = strcspn(p, " \t;,");
        int eq = element_q(p + n, end);
        if (eq >= 0) {
            if (token_is(p, n, "gzip") || token_is(p, n, "x-gzip"))
                q[HTTP_CODING_GZIP] = eq;
            else if (token_is(p, n, "br"))
                q[HTTP_CODING_BR] = eq;
            else if (token_is(p, n, "identity"))
                q[HTTP_CODING_IDENTITY] = eq;
            else if (token_is(p, n, "*"))
                star = eq;
        }
        p = comma ? comma + 1 : end;
    }
    for (int c = 0; c < HTTP_CODINGS; c++)
        if (q[c] < 0)
            q[c] = star >= 0 ? star : c == HTTP_CODING_IDENTITY ? 1 : 0;
    enum http_coding best = HTTP_CODING_IDENTITY;
    int best_q = 0;
    static const enum http_coding order[] = {HTTP_CODING_BR, HTTP_CODING_GZIP,
                                             HTTP_CODING_IDENTITY};
    for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
        enum http_coding c = order[i];
        bool have = c == HTTP_CODING_IDENTITY || (offered & HTTP_CODING_BIT(c));
        if (have && q[c] > best_q) {
            best = c;
            best_q = q[c];
        }
    }
    return best;
}

const char *http_coding_name(enum http_coding c)
{
    switch (c) {
    case HTTP_CODING_GZIP: return "gzip";
    case HTTP_CODING_BR: return "br";
    default: return NULL;
    }
}

/* ---------------------------------------------------------------- If-None-Match */

bool http_etag_match(const char *if_none_match, const char *etag)
{
    const char *p = if_none_match;
    size_t elen = strlen(etag);
    if (!p)
        return false;
    p = skip_space(p);
    if (p[0] == '*' && *skip_space(p + 1) == '\0')
        return true;
    while (*p) {
        p = skip_space(p);
        if (*p == ',') {
            p++;
            continue;
        }
        if (p[0] == 'W' && p[1] == '/')
            p += 2;
        if (*p != '"')
            return false;   /* malformed: nothing after it is trusted */
        const char *close = strchr(p + 1, '"');
        if (!close)
            return false;
        size_t n = (size_t)(close - p) + 1;
        if (n == elen && memcmp(p, etag, n) == 0)
            return true;
        p = close + 1;
    }
    return false;
}

/* ---------------------------------------------------------------- compression */

/* Compression levels: kept bytes get the best, per-request bytes a fast one. */
#define GZIP_FAST 6
#define BROTLI_FAST 5

static enum mc_status gzip_into(const void *data, size_t len, int level, struct buf *out)
{
    z_stream z;
    enum mc_status st = MC_ERR_INTERNAL;
    memset(&z, 0, sizeof(z));
    if (deflateInit2(&z, level, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK)
        goto out;
    size_t cap = deflateBound(&z, (uLong)len);
    unsigned char *tmp = xmalloc(cap);
    z.next_in = (Bytef *)data;
    z.avail_in = (uInt)len;
    z.next_out = tmp;
    z.avail_out = (uInt)cap;
    if (deflate(&z, Z_FINISH) == Z_STREAM_END) {
        buf_add(out, (const char *)tmp, cap - z.avail_out);
        st = buf_status(out);
    }
    deflateEnd(&z);
    free(tmp);
out:
    if (st == MC_ERR_INTERNAL)
        log_error("http: gzip failed");
    return st;
}

static enum mc_status brotli_into(const void *data, size_t len, int quality, struct buf *out)
{
    enum mc_status st = MC_ERR_INTERNAL;
    size_t cap = BrotliEncoderMaxCompressedSize(len);
    if (cap == 0)
        cap = len + 1024;
    uint8_t *tmp = xmalloc(cap);
    size_t n = cap;
    if (BrotliEncoderCompress(quality, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_TEXT, len, data, &n,
                              tmp)) {
        buf_add(out, (const char *)tmp, n);
        st = buf_status(out);
    } else {
        log_error("http: brotli failed");
    }
    free(tmp);
    return st;
}

static enum mc_status compress_at(enum http_coding c, bool fast, const void *data, size_t len,
                                  struct buf *out)
{
    enum mc_status st;
    switch (c) {
    case HTTP_CODING_GZIP:
        st = gzip_into(data, len, fast ? GZIP_FAST : Z_BEST_COMPRESSION, out);
        break;
    case HTTP_CODING_BR:
        st = brotli_into(data, len, fast ? BROTLI_FAST : BROTLI_MAX_QUALITY, out);
        break;
    default:
        buf_add(out, data, len);
        st = buf_status(out);
        break;
    }
    return st;
}

enum mc_status http_compress(enum http_coding c, const void *data, size_t len,
                             struct buf *out)
{
    return compress_at(c, false, data, len, out);
}

enum mc_status http_compress_fast(enum http_coding c, const void *data, size_t len,
                                  struct buf *out)
{
    return compress_at(c, true, data, len, out);
}

/* ---------------------------------------------------------------- variants */

/* FNV-1a over the bytes: a strong validator for one exact body. */
static uint64_t fnv1a(const char *data, size_t len)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)data[i];
        h *= 1099511628211ull;
    }
    return h;
}

static void variant_add(struct http_variants *v, enum http_coding c)
{
    struct buf b;
    buf_init(&b, BUF_MAX_PAGE);
    if (compress_at(c, true, v->body[HTTP_CODING_IDENTITY], v->len[HTTP_CODING_IDENTITY], &b) ==
            MC_OK && b.len < v->len[HTTP_CODING_IDENTITY])
        v->body[c] = buf_detach(&b, &v->len[c]);
    buf_release(&b);
}

static char *copy_bytes(const char *data, size_t len)
{
    char *p = xmalloc(len + 1);
    if (len)
        memcpy(p, data, len);
    p[len] = '\0';
    return p;
}

/* A new set with the identity variant and the ETags, no compressed form yet. */
static struct http_variants *variants_base(const char *content_type, const char *cache_control,
                                           const char *data, size_t len)
{
    struct http_variants *v = xcalloc(1, sizeof(*v));
    static const char *const suffix[HTTP_CODINGS] = {"", "-gz", "-br"};
    atomic_init(&v->refs, 1);
    for (int c = 0; c < HTTP_CODINGS; c++)
        atomic_init(&v->fd[c], -1);
    v->content_type = xstrdup(content_type);
    v->cache_control = xstrdup(cache_control);
    v->body[HTTP_CODING_IDENTITY] = copy_bytes(data, len);
    v->len[HTTP_CODING_IDENTITY] = len;
    uint64_t h = fnv1a(data, len);
    for (int c = 0; c < HTTP_CODINGS; c++)
        snprintf(v->etag[c], ETAG_MAX, "\"%016llx%s\"", (unsigned long long)h, suffix[c]);
    return v;
}

struct http_variants *http_variants_new(const char *content_type, const char *cache_control,
                                        const char *data, size_t len)
{
    struct http_variants *v = variants_base(content_type, cache_control, data, len);
    if (len >= HTTP_COMPRESS_MIN) {
        variant_add(v, HTTP_CODING_GZIP);
        variant_add(v, HTTP_CODING_BR);
    }
    return v;
}

struct http_variants *http_variants_prebuilt(const char *content_type,
                                             const char *cache_control, const char *data,
                                             size_t len, const char *gz, size_t gz_len,
                                             const char *br, size_t br_len)
{
    struct http_variants *v = variants_base(content_type, cache_control, data, len);
    if (gz && gz_len) {
        v->body[HTTP_CODING_GZIP] = copy_bytes(gz, gz_len);
        v->len[HTTP_CODING_GZIP] = gz_len;
    }
    if (br && br_len) {
        v->body[HTTP_CODING_BR] = copy_bytes(br, br_len);
        v->len[HTTP_CODING_BR] = br_len;
    }
    return v;
}

struct http_variants *http_variants_ref(struct http_variants *v)
{
    atomic_fetch_add_explicit(&v->refs, 1, memory_order_relaxed);
    return v;
}

void http_variants_unref(struct http_variants *v)
{
    if (!v || atomic_fetch_sub_explicit(&v->refs, 1, memory_order_acq_rel) != 1)
        return;
    for (int c = 0; c < HTTP_CODINGS; c++) {
        free(v->body[c]);
        if (atomic_load(&v->fd[c]) >= 0)
            close(atomic_load(&v->fd[c]));
    }
    free(v->content_type);
    free(v->cache_control);
    free(v);
}

int http_variants_fd(struct http_variants *v, enum http_coding c)
{
    int fd = atomic_load(&v->fd[c]);
    if (fd >= 0 || !v->body[c])
        return fd;
    fd = memfd_create("motcua-variant", MFD_CLOEXEC);
    if (fd < 0)
        return -1;
    size_t done = 0;
    while (done < v->len[c]) {
        ssize_t w = write(fd, v->body[c] + done, v->len[c] - done);
        if (w <= 0) {
            close(fd);
            return -1;
        }
        done += (size_t)w;
    }
    int none = -1;
    if (!atomic_compare_exchange_strong(&v->fd[c], &none, fd)) {
        close(fd);   /* another thread made it first */
        fd = none;
    }
    return fd;
}

size_t http_variants_size(const struct http_variants *v, enum http_coding c)
{
    return v->body[c] ? v->len[c] : 0;
}

const char *http_variants_etag(const struct http_variants *v, enum http_coding c)
{
    return v->etag[c];
}

unsigned http_variants_offered(const struct http_variants *v)
{
    unsigned offered = 0;
    for (int c = 0; c < HTTP_CODINGS; c++)
        if (v->body[c])
            offered |= HTTP_CODING_BIT(c);
    return offered;
}

const char *http_variants_body(const struct http_variants *v, enum http_coding c)
{
    return v->body[c];
}

const char *http_variants_content_type(const struct http_variants *v)
{
    return v->content_type;
}

const char *http_variants_cache_control(const struct http_variants *v)
{
    return v->cache_control;
}
