/*
 * form.h - decoding of what clients send: urlencoded forms and query
 * strings, cookies, and multipart/form-data bodies (streamed).
 *
 * Everything here parses untrusted input, so each parser has a fuzz
 * target (fuzz/fuzz_form.c).  Decoded strings live in the caller's arena.
 * Not thread-safe per object; distinct objects may be used concurrently.
 */
#ifndef MC_FORM_H
#define MC_FORM_H

#include <stdbool.h>
#include <stddef.h>
#include "core/arena.h"
#include "core/status.h"

/* One name=value pair; lists keep the order of the input. */
struct kv {
    const char *key;     /* NUL-terminated, arena memory */
    const char *value;   /* NUL-terminated, arena memory; may contain no NUL */
    size_t value_len;    /* bytes in value */
    struct kv *next;
};

/* Append a pair at the tail of *list (arena memory). */
void kv_append(struct arena *a, struct kv **list, const char *key, const char *value,
               size_t value_len);
/*
 * Turn every CR LF in s[0..len) into LF, in place (NUL-terminating the
 * result), and return the new length.  Browsers send a textarea's line
 * ends as CR LF; the values the handlers read have LF, as the form showed
 * them, so text that was not edited compares equal to what is stored.
 */
size_t form_value_lines(char *s, size_t len);
/* First value for key, or NULL. */
const char *kv_get(const struct kv *list, const char *key);
/* Number of pairs. */
size_t kv_count(const struct kv *list);

/*
 * Decode application/x-www-form-urlencoded data ("a=1&b=x+y%20z") and
 * append the pairs to *out.  At most max_fields pairs; more, or a bad
 * percent escape, gives MC_ERR_INVALID.  Values are not UTF-8 checked here.
 */
enum mc_status form_parse_urlencoded(struct arena *a, const char *data, size_t len,
                                     size_t max_fields, struct kv **out) MC_WARN_UNUSED;

/* Decode a Cookie header ("a=1; b=2") into *out.  Never fails. */
void form_parse_cookies(struct arena *a, const char *header, struct kv **out);

/* ---------------------------------------------------------------- multipart */

/* Callbacks of the streaming multipart parser; return MC_OK to go on. */
struct multipart_handler {
    /* A part starts. filename is NULL for a plain field. */
    enum mc_status (*part_begin)(void *ctx, const char *name, const char *filename,
                                 const char *content_type);
    /* Bytes of the current part's content, in order, any chunking. */
    enum mc_status (*part_data)(void *ctx, const char *data, size_t len);
    /* The current part is complete. */
    enum mc_status (*part_end)(void *ctx);
    void *ctx;
};

struct multipart;

/*
 * Start a parser for the Content-Type header value ctype (it must carry a
 * boundary).  MC_ERR_INVALID when it does not.  The parser's memory comes
 * from the arena.  Header lines of each part are limited to 1 KiB each
 * and 8 per part.
 */
enum mc_status multipart_new(struct arena *a, const char *ctype,
                             const struct multipart_handler *h,
                             struct multipart **out) MC_WARN_UNUSED;
/* Feed the next len bytes of the body.  Errors are sticky. */
enum mc_status multipart_feed(struct multipart *mp, const char *data, size_t len)
    MC_WARN_UNUSED;
/* The body ended: MC_OK only if the closing boundary was seen. */
enum mc_status multipart_finish(struct multipart *mp) MC_WARN_UNUSED;

#endif
