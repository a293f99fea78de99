/*
 * buf.h - the one capped, length-carrying string buffer.
 *
 * HTML, headers, paths and SQL *text* (never SQL values) are built here.
 * Each buffer is created with a named maximum size.  Errors are sticky, as
 * with stdio's ferror(): once an append would pass the maximum, the buffer
 * is marked overflowed, later appends do nothing, and buf_status() reports
 * MC_ERR_TOO_LARGE.  Check it once when the buffer is complete.
 *
 * data is always NUL-terminated (when non-NULL), so it can be passed to
 * APIs that want a C string; len excludes the NUL.
 *
 * Not thread-safe: a buffer belongs to one thread at a time.
 */
#ifndef MC_BUF_H
#define MC_BUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include "core/status.h"

/* Named maximum sizes. */
#define BUF_MAX_LINE   (4u * 1024)          /* one log line, one header */
#define BUF_MAX_SMALL  (64u * 1024)         /* a path, a cookie, a small value */
#define BUF_MAX_PAGE   (8u * 1024 * 1024)   /* a rendered HTML page or JSON body */
#define BUF_MAX_FILE   (64u * 1024 * 1024)  /* a file read whole into memory */

struct buf {
    char *data;      /* heap memory, NUL-terminated, or NULL when empty */
    size_t len;      /* bytes used, excluding the NUL */
    size_t cap;      /* bytes allocated */
    size_t max;      /* largest len allowed */
    bool overflow;   /* sticky: an append was refused */
};

/* Set up an empty buffer that may grow to max bytes.  Allocates nothing. */
void buf_init(struct buf *b, size_t max);
/* Free the contents; the buffer must be buf_init'ed again before reuse. */
void buf_release(struct buf *b);
/* Empty the buffer but keep its memory and its maximum; clears overflow. */
void buf_reset(struct buf *b);

/* Append len bytes of s. */
void buf_add(struct buf *b, const char *s, size_t len);
/* Append a NUL-terminated string. */
void buf_adds(struct buf *b, const char *s);
/* Append one byte. */
void buf_addch(struct buf *b, char c);
/* Append printf-style formatted text. */
void buf_addf(struct buf *b, const char *fmt, ...) MC_PRINTF(2, 3);
void buf_vaddf(struct buf *b, const char *fmt, va_list ap);
/* Append s with &, <, >, ", ' escaped for HTML text and attribute values. */
void buf_add_html(struct buf *b, const char *s, size_t len);
/*
 * Append s percent-encoded for a URL query value or path segment: ASCII
 * letters, digits, '-', '_' and '.' as they are, every other byte as %XX
 * (so UTF-8 is encoded byte by byte).
 */
void buf_add_url(struct buf *b, const char *s, size_t len);
/*
 * Append s between double quotes with each double quote inside doubled:
 * an SQL identifier, an FTS5 string, a CSV field.
 */
void buf_add_dquoted(struct buf *b, const char *s);

/*
 * Append the whole file at path.  MC_OK; MC_ERR_IO when it cannot be
 * opened (errno as open() left it) or read; MC_ERR_TOO_LARGE when it does
 * not fit under the buffer's maximum (reading stops there; the buffer is
 * left overflowed).  Reads in chunks; blocks on the file system.
 */
enum mc_status buf_add_file(struct buf *b, const char *path) MC_WARN_UNUSED;

/* MC_OK, or MC_ERR_TOO_LARGE if any append was refused. */
enum mc_status buf_status(const struct buf *b) MC_WARN_UNUSED;

/* The contents as a C string ("" when empty); owned by the buffer. */
const char *buf_cstr(const struct buf *b);

/*
 * Take the memory out of the buffer; the caller frees it with free().
 * Returns a NUL-terminated string (never NULL) and stores its length in
 * *len_out when len_out is not NULL.  The buffer is left empty.
 */
char *buf_detach(struct buf *b, size_t *len_out);

#endif
