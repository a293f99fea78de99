/*
 * page_cache.h - whole pages kept in memory for anonymous visitors.
 *
 * A public page that depends only on a stored record (a procedure page)
 * is rendered once per (key, version) and served from memory until the
 * record's version changes; the caller checks the version cheaply first,
 * so an edit is visible at once.  Only pages for visitors without a
 * session are cached: signed-in pages carry personal navigation.
 *
 * Bounded: PAGE_CACHE_SLOTS entries, each at most PAGE_CACHE_MAX_BYTES;
 * a new entry replaces whatever held its slot.  Thread-safe (one mutex;
 * copies are made under it, so no pointer escapes).
 */
#ifndef MC_WEB_PAGE_CACHE_H
#define MC_WEB_PAGE_CACHE_H

#include <stdbool.h>
#include <stdint.h>
#include "core/buf.h"

#define PAGE_CACHE_SLOTS 1024
#define PAGE_CACHE_MAX_BYTES (256 * 1024)

/* Append the cached page for (key, version) to out; false on a miss. */
bool page_cache_get(const char *key, int64_t version, struct buf *out);
/* Store a copy of page for (key, version). */
void page_cache_put(const char *key, int64_t version, const char *page, size_t len);
/* Drop everything (tests, and after bulk imports in the same process). */
void page_cache_clear(void);

#endif
