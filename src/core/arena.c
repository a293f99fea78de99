/*
 * arena.c - per-request memory (see arena.h).
 *
 * DESIGN: a singly linked list of blocks; small requests are carved from
 * the current block, large ones (over a quarter block) get a block of
 * their own so a big upload name cannot waste a whole block.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include "core/arena.h"
#include "core/mem.h"

#define ARENA_BLOCK 8192
#define ARENA_ALIGN 16

struct arena_block {
    struct arena_block *next;
    size_t used;          /* bytes used in data */
    size_t size;          /* bytes available in data */
    _Alignas(16) unsigned char data[];
};

struct arena_defer {
    struct arena_defer *next;
    void (*fn)(void *);
    void *arg;
};

struct arena {
    struct arena_block *blocks;   /* current block first */
    struct arena_defer *defers;   /* most recent first */
    size_t total;                 /* bytes handed out */
};

struct arena *arena_new(void)
{
    return xcalloc(1, sizeof(struct arena));
}

void arena_free(struct arena *a)
{
    if (!a)
        return;
    while (a->defers) {
        struct arena_defer *d = a->defers;
        a->defers = d->next;
        d->fn(d->arg);
    }
    while (a->blocks) {
        struct arena_block *b = a->blocks;
        a->blocks = b->next;
        free(b);
    }
    free(a);
}

static struct arena_block *block_new(size_t size)
{
    struct arena_block *b = xmalloc(sizeof(*b) + size);
    b->next = NULL;
    b->used = 0;
    b->size = size;
    return b;
}

void *arena_alloc(struct arena *a, size_t n)
{
    if (n > SIZE_MAX / 2)
        abort();   /* callers bound client-controlled sizes long before this */
    n = (n + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
    if (n == 0)
        n = ARENA_ALIGN;
    a->total += n;
    if (n > ARENA_BLOCK / 4) {
        struct arena_block *big = block_new(n);
        big->used = n;
        if (a->blocks) {
            big->next = a->blocks->next;
            a->blocks->next = big;
        } else {
            a->blocks = big;
        }
        return big->data;
    }
    struct arena_block *b = a->blocks;
    if (!b || b->size - b->used < n) {
        b = block_new(ARENA_BLOCK);
        b->next = a->blocks;
        a->blocks = b;
    }
    void *p = b->data + b->used;
    b->used += n;
    return p;
}

void *arena_calloc(struct arena *a, size_t count, size_t n)
{
    if (n && count > SIZE_MAX / n)
        abort();
    void *p = arena_alloc(a, count * n);
    memset(p, 0, count * n);
    return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t len)
{
    char *p = arena_alloc(a, len + 1);
    memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
    return arena_strndup(a, s, strlen(s));
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
    va_list ap, ap2;
    va_start(ap, fmt);
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *p = arena_alloc(a, n < 0 ? 1 : (size_t)n + 1);
    vsnprintf(p, n < 0 ? 1 : (size_t)n + 1, fmt, ap2);
    va_end(ap2);
    return p;
}

void arena_defer(struct arena *a, void (*fn)(void *), void *arg)
{
    struct arena_defer *d = arena_alloc(a, sizeof(*d));
    d->fn = fn;
    d->arg = arg;
    d->next = a->defers;
    a->defers = d;
}

size_t arena_used(const struct arena *a)
{
    return a->total;
}
