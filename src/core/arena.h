/*
 * arena.h - per-request memory.
 *
 * A request context gets an arena on libmicrohttpd's first access
 * callback; every request-lifetime allocation comes from it and the whole
 * arena is freed in the request-completed callback.  Deferred cleanups
 * (closing a temp file, unlinking an upload) run, in reverse order of
 * registration, when the arena is freed.  Arena memory never escapes into
 * caches or jobs.  Not thread-safe: one arena belongs to one request.
 */
#ifndef MC_ARENA_H
#define MC_ARENA_H

#include <stddef.h>
#include "core/compiler.h"

struct arena;

/* A new empty arena; never NULL. */
struct arena *arena_new(void);
/* Run the deferred cleanups, then free every block and the arena. NULL ok. */
void arena_free(struct arena *a);

/* n bytes aligned for any type, valid until arena_free; never NULL. */
void *arena_alloc(struct arena *a, size_t n);
/* Zeroed variant. */
void *arena_calloc(struct arena *a, size_t count, size_t n);
/* A NUL-terminated copy of len bytes of s. */
char *arena_strndup(struct arena *a, const char *s, size_t len);
char *arena_strdup(struct arena *a, const char *s);
/* printf into arena memory. */
char *arena_printf(struct arena *a, const char *fmt, ...) MC_PRINTF(2, 3);
/* Register fn(arg) to run when the arena is freed. */
void arena_defer(struct arena *a, void (*fn)(void *), void *arg);
/* Bytes handed out so far (for limits and tests). */
size_t arena_used(const struct arena *a);

#endif
