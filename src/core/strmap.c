/*
 * strmap.c - string -> integer hash map (see strmap.h).
 */
#include <stdlib.h>
#include "core/strmap.h"
#include "core/mem.h"

void strmap_init(struct strmap *m)
{
    m->slots = NULL;
    m->cap = 0;
    m->n = 0;
}

void strmap_release(struct strmap *m)
{
    for (size_t i = 0; i < m->cap; i++)
        free(m->slots[i].key);
    free(m->slots);
    strmap_init(m);
}

uint32_t strmap_hash(const char *s, size_t len)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 16777619u;
    }
    return h;
}

/* The slot holding s, or the free slot where it would go. */
static struct strmap_slot *find(const struct strmap *m, const char *s, size_t len, uint32_t h)
{
    size_t mask = m->cap - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
        struct strmap_slot *sl = &m->slots[i];
        if (!sl->key)
            return sl;
        if (sl->hash == h && sl->len == len && memcmp(sl->key, s, len) == 0)
            return sl;
    }
}

static void grow(struct strmap *m)
{
    struct strmap old = *m;
    m->cap = old.cap ? old.cap * 2 : 64;
    m->slots = xcalloc(m->cap, sizeof(*m->slots));
    for (size_t i = 0; i < old.cap; i++) {
        if (!old.slots[i].key)
            continue;
        *find(m, old.slots[i].key, old.slots[i].len, old.slots[i].hash) = old.slots[i];
    }
    free(old.slots);
}

bool strmap_get(const struct strmap *m, const char *s, size_t len, int64_t *value)
{
    if (m->cap == 0)
        return false;
    const struct strmap_slot *sl = find(m, s, len, strmap_hash(s, len));
    if (!sl->key)
        return false;
    if (value)
        *value = sl->value;
    return true;
}

int64_t strmap_put(struct strmap *m, const char *s, size_t len, int64_t value)
{
    if ((m->n + 1) * 2 > m->cap)
        grow(m);
    uint32_t h = strmap_hash(s, len);
    struct strmap_slot *sl = find(m, s, len, h);
    if (sl->key)
        return sl->value;
    sl->key = xstrndup(s, len);
    sl->len = len;
    sl->hash = h;
    sl->value = value;
    m->n++;
    return value;
}

void strmap_set(struct strmap *m, const char *s, size_t len, int64_t value)
{
    if ((m->n + 1) * 2 > m->cap)
        grow(m);
    uint32_t h = strmap_hash(s, len);
    struct strmap_slot *sl = find(m, s, len, h);
    if (!sl->key) {
        sl->key = xstrndup(s, len);
        sl->len = len;
        sl->hash = h;
        m->n++;
    }
    sl->value = value;
}
