/*
 * page_cache.h - whole public pages kept in memory, compressed, for
 * anonymous visitors.
 *
 * A public page that depends only on stored data (a procedure page, the
 * procedure list for one query, the search API's answer for one query, a
 * 766 dashboard with the minute as its version) is rendered once per
 * (key, version) and
 * served from memory until the data's version changes; the caller reads
 * the version cheaply first (one indexed lookup in the database every app
 * server shares), so an edit is visible at once on every server.  The
 * entry holds the page as it is and gzip- and brotli-compressed
 * (core/http_encoding.h): each visitor gets the coding it accepts, with
 * `Vary: Accept-Encoding`, a strong ETag per coding and 304 on
 * If-None-Match.  Only pages for visitors without a session are cached
 * (signed-in pages carry personal navigation and a CSRF key, and are never
 * compressed: BREACH, docs/internals/http.md); a page that carries the
 * visitor's own CSRF key is not cached either.
 *
 * Bounded: PAGE_CACHE_SLOTS entries in sets of 4 (a key may sit in any
 * slot of its set), each at most PAGE_CACHE_MAX_BYTES; a new key takes an
 * empty slot of its set, else the one stored longest ago.  Thread-safe (one mutex;
 * entries are shared by reference count, so a replaced entry lives until
 * the last response sending it is done).
 */
#ifndef MC_WEB_PAGE_CACHE_H
#define MC_WEB_PAGE_CACHE_H

#include <stdbool.h>
#include <stdint.h>
#include "core/buf.h"
#include <jansson.h>
#include "core/http.h"

#define PAGE_CACHE_SLOTS 1024
#define PAGE_CACHE_MAX_BYTES (512 * 1024)

/*
 * Answer req from the cache when the visitor has no session and the page
 * for (key, version) is held; true when answered (200 or 304).
 */
bool page_cache_serve(struct http_request *req, const char *key, int64_t version);
/*
 * Reply with page, rendered for req, and keep it for (key, version) when
 * the visitor has no session (then compressed, with ETag and Vary);
 * signed-in visitors get web_reply_page().  Takes page's memory.
 * Returns the status sent.
 */
unsigned page_cache_reply(struct http_request *req, const char *key, int64_t version,
                          struct buf *page);
/*
 * web_page() for a page the same for every anonymous visitor: rendered
 * and, when status is 200, key is not NULL and the visitor has no
 * session, kept for (key, version) as page_cache_reply() does.  Takes
 * data.  Returns the status sent.
 */
unsigned page_cache_page(struct http_request *req, unsigned status, const char *name,
                         const char *title, json_t *data, const char *key, int64_t version);
/*
 * The same for a JSON document (an API answer the same for every caller
 * without a session): takes the reference to doc.  Callers with a
 * session get web_json().
 */
unsigned page_cache_reply_json(struct http_request *req, const char *key, int64_t version,
                               json_t *doc);
/*
 * A cache key made of prefix and req's query arguments in order (arena
 * memory), or NULL when they are too long to keep.
 */
const char *page_cache_query_key(struct http_request *req, const char *prefix);
/* Drop everything (tests, and after bulk imports in the same process). */
void page_cache_clear(void);

#endif
