/*
 * http_encoding.h - content codings (gzip, brotli), validators and shared
 * response bodies.  Pure coding: it knows no request; the HTTP core
 * (core/http.h: http_reply_encoded, http_reply_variants) does the replying.
 *
 * A response that is the same for many requests (a public page rendered
 * once per data version, a static asset) is kept as a struct
 * http_variants: its bytes as they are, gzip-compressed (zlib) and
 * brotli-compressed (libbrotli), each with its own strong ETag.  Every
 * request picks the variant its Accept-Encoding prefers, answers 304 when
 * its If-None-Match names that variant's ETag, and says
 * `Vary: Accept-Encoding`.  The variants are shared between the requests
 * that send them (a reference count), never copied.
 *
 * DESIGN
 * - Preference: among the codings the client accepts with the highest
 *   q-value, brotli before gzip before identity (smaller first).  Identity
 *   not named counts as the lowest acceptable q, so any compressed coding
 *   accepted wins over it.  An Accept-Encoding that refuses everything we
 *   have still gets identity (RFC 9110 allows it; a page beats a 406).
 * - ETags: the identity variant's tag is a hash of its bytes; the others
 *   append "-gz" / "-br", because a strong validator names one exact
 *   sequence of bytes.  If-None-Match compares weakly (RFC 9110 13.1.2):
 *   W/"x" matches "x".
 * - Only responses without secrets are compressed this way: a page that
 *   shows a session's CSRF key next to text an attacker can inject leaks
 *   the key through its compressed length (BREACH).  See docs/internals/http.md.
 *
 * Thread-safety: the parsers and compressors are pure; a struct
 * http_variants is immutable once made and its count is atomic.
 */
#ifndef MC_HTTP_ENCODING_H
#define MC_HTTP_ENCODING_H

#include <stdbool.h>
#include <stddef.h>
#include "core/buf.h"
#include "core/status.h"

enum http_coding {
    HTTP_CODING_IDENTITY = 0,
    HTTP_CODING_GZIP = 1,
    HTTP_CODING_BR = 2,
    HTTP_CODINGS = 3,
};

#define HTTP_CODING_BIT(c) (1u << (c))
#define HTTP_CODINGS_ALL (HTTP_CODING_BIT(HTTP_CODING_IDENTITY) | \
                          HTTP_CODING_BIT(HTTP_CODING_GZIP) | HTTP_CODING_BIT(HTTP_CODING_BR))
#define HTTP_COMPRESS_MIN 256u   /* bodies shorter than this are sent as they are */

/*
 * The coding to send, from an Accept-Encoding value (NULL: none sent,
 * which means identity) and the codings we have (HTTP_CODING_BIT set;
 * identity is always had).  Pure.
 */
enum http_coding http_coding_choose(const char *accept_encoding, unsigned offered);

/* The Content-Encoding token of c ("gzip", "br"), or NULL for identity. */
const char *http_coding_name(enum http_coding c);

/*
 * Whether an If-None-Match value (NULL: none) names etag, a strong tag
 * with its quotes.  Weak comparison; "*" matches.  Pure.
 */
bool http_etag_match(const char *if_none_match, const char *etag);

/*
 * Append data compressed with c to out (identity: copied).  Maximum
 * compression: for bytes compressed once and sent many times.
 * MC_ERR_TOO_LARGE when out is full, MC_ERR_INTERNAL when the compressor
 * fails (logged).
 */
enum mc_status http_compress(enum http_coding c, const void *data, size_t len,
                             struct buf *out) MC_WARN_UNUSED;

/*
 * The same at the fast levels, for bytes compressed on a request's path
 * and sent once.
 */
enum mc_status http_compress_fast(enum http_coding c, const void *data, size_t len,
                                  struct buf *out) MC_WARN_UNUSED;

/* One response's bytes in every coding.  Opaque; see http_variants_new(). */
struct http_variants;

/*
 * Make the variants of a body of content_type (copied; the data too):
 * gzip and brotli ones when the body is at least HTTP_COMPRESS_MIN bytes
 * and compressing it saves bytes, at the fast levels (made on a request's
 * path: brotli's best level costs tens of milliseconds for a page).
 * cache_control is the Cache-Control value to send with it (copied).  The
 * count starts at 1.  Never NULL.
 */
struct http_variants *http_variants_new(const char *content_type, const char *cache_control,
                                        const char *data, size_t len);
/*
 * The same from forms compressed beforehand (build time): gz and br may
 * be NULL or of length 0 for none.  Everything is copied.
 */
struct http_variants *http_variants_prebuilt(const char *content_type,
                                             const char *cache_control, const char *data,
                                             size_t len, const char *gz, size_t gz_len,
                                             const char *br, size_t br_len);
/* Take one more reference; returns v. */
struct http_variants *http_variants_ref(struct http_variants *v);
/* Drop a reference; the last one frees v.  NULL is fine. */
void http_variants_unref(struct http_variants *v);
/* Bytes of the variant c (0 when v has none in that coding). */
size_t http_variants_size(const struct http_variants *v, enum http_coding c);
/* The strong ETag of the variant c, with its quotes. */
const char *http_variants_etag(const struct http_variants *v, enum http_coding c);

/* The codings v has (HTTP_CODING_BIT set; identity always). */
unsigned http_variants_offered(const struct http_variants *v);
/*
 * A file descriptor holding the bytes of the variant c (an anonymous
 * memory file made on first use and kept with v), from which the kernel
 * can send them without copying (sendfile); -1 when v has no such
 * variant or the file cannot be made.  Owned by v: dup() it to keep it.
 * Thread-safe.
 */
int http_variants_fd(struct http_variants *v, enum http_coding c);
/* The bytes of the variant c (http_variants_size() of them), or NULL when v has none. */
const char *http_variants_body(const struct http_variants *v, enum http_coding c);
/* The Content-Type and the Cache-Control value v was made with. */
const char *http_variants_content_type(const struct http_variants *v);
const char *http_variants_cache_control(const struct http_variants *v);

#endif
