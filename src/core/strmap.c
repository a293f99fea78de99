/*
 * strmap.c - string -> integer hash map (see strmap.h).
 */
#include <stdlib.h>
#include <string.h>
#include "core/array.h"
#include "core/strmap.h"
#include "core/mem.h"

#define STRMAP_FIRST_CAP 64u

void strmap_init(struct strmap *m)
{
    memset(m, 0, sizeof(*m));
}

void strmap_release(struct strmap *m)
{
    free(m->slots);
    free(m->keys);
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
        if (sl->hash == h && sl->len == len && memcmp(m->keys + sl->key - 1, s, len) == 0)
            return sl;
    }
}

/* Re-seat every key in a table twice the size (no key bytes are compared). */
static void grow(struct strmap *m)
{
    struct strmap_slot *old = m->slots;
    size_t old_cap = m->cap;
    m->cap = old_cap ? old_cap * 2 : STRMAP_FIRST_CAP;
    m->slots = xcalloc(m->cap, sizeof(*m->slots));
    for (size_t i = 0; i < old_cap; i++) {
        if (!old[i].key)
            continue;
        size_t j = old[i].hash & (m->cap - 1);
        while (m->slots[j].key)
            j = (j + 1) & (m->cap - 1);
        m->slots[j] = old[i];
    }
    free(old);
}

/* The slot for s, created (with value 0) when new; *fresh says which. */
static struct strmap_slot *slot_for(struct strmap *m, const char *s, size_t len, bool *fresh)
{
    if ((m->n + 1) * 2 > m->cap)
        grow(m);
    uint32_t h = strmap_hash(s, len);
    struct strmap_slot *sl = find(m, s, len, h);
    *fresh = !sl->key;
    if (*fresh) {
        ARRAY_GROW(m->keys, m->keys_len + len + 1, m->keys_cap);
        memcpy(m->keys + m->keys_len, s, len);
        m->keys[m->keys_len + len] = '\0';
        sl->key = m->keys_len + 1;
        sl->len = len;
        sl->hash = h;
        sl->value = 0;
        m->keys_len += len + 1;
        m->n++;
    }
    return sl;
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
    bool fresh;
    struct strmap_slot *sl = slot_for(m, s, len, &fresh);
    if (fresh)
        sl->value = value;
    return sl->value;
}

void strmap_set(struct strmap *m, const char *s, size_t len, int64_t value)
{
    bool fresh;
    slot_for(m, s, len, &fresh)->value = value;
}

bool strmap_next(const struct strmap *m, size_t *pos, const char **key, size_t *len,
                 int64_t *value)
{
    for (; *pos < m->cap; (*pos)++) {
        const struct strmap_slot *sl = &m->slots[*pos];
        if (!sl->key)
            continue;
        if (key)
            *key = m->keys + sl->key - 1;
        if (len)
            *len = sl->len;
        if (value)
            *value = sl->value;
        (*pos)++;
        return true;
    }
    return false;
}
