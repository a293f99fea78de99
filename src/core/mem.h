/*
 * mem.h - allocation wrappers with one out-of-memory policy.
 *
 * Small internal allocations go through these: on failure they log and
 * abort, and the service manager restarts motcua.  Any size a client can
 * influence must be bounded by the caller *before* it reaches these.
 * Thread-safe.
 */
#ifndef MC_MEM_H
#define MC_MEM_H

#include <stddef.h>
#include "core/compiler.h"

void *xmalloc(size_t n);                 /* never NULL */
void *xcalloc(size_t count, size_t n);   /* zeroed, never NULL */
void *xrealloc(void *p, size_t n);       /* never NULL */
char *xstrdup(const char *s);            /* caller frees */
char *xstrndup(const char *s, size_t n); /* copies at most n bytes, NUL-terminates */

/* Free the strings v[0..n), then v itself (a list of owned strings; v may be NULL). */
void strv_free(char **v, size_t n);

#endif
