/*
 * strmap.h - the one string-keyed hash map: byte strings -> 64-bit
 * integers.
 *
 * The value is whatever the caller needs: a count, a line number, or
 * (most often) an index into the caller's own array of records, which
 * is how a map "holds" structs without knowing their type:
 *
 *   int64_t i = strmap_put(&m, code, len, (int64_t)list.n);
 *   if (i == (int64_t)list.n)
 *       ARRAY_PUSH(list.items, list.n, list.cap);    (new key: new record)
 *   list.items[i].count++;
 *
 * DESIGN
 * - Open addressing with linear probing over a power-of-two table,
 *   FNV-1a hashing (the hash is kept per slot, so most misses compare no
 *   bytes), grown to twice the size at 50% load.  Nothing is removed.
 * - Keys are copied into one block owned by the map (each followed by a
 *   NUL), not allocated one by one: a map of a million codes makes a few
 *   dozen allocations.  Keys may hold any bytes, NUL included.
 * - Iteration (strmap_next) visits keys in table order, which is not the
 *   insertion order; sort the results when order matters.
 * - Not thread-safe while being filled; a map no longer changed may be
 *   read by many threads at once.
 */
#ifndef MC_STRMAP_H
#define MC_STRMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct strmap_slot {
    size_t key;         /* 1 + offset of the key in strmap.keys; 0 when the slot is free */
    size_t len;         /* bytes in the key */
    uint32_t hash;      /* FNV-1a of the key */
    int64_t value;
};

struct strmap {
    struct strmap_slot *slots;  /* cap slots */
    size_t cap;                 /* a power of two, or 0 before the first put */
    size_t n;                   /* keys stored */
    char *keys;                 /* every key, each followed by a NUL */
    size_t keys_len;            /* bytes used in keys */
    size_t keys_cap;            /* bytes allocated for keys */
};

/* Set up an empty map.  Allocates nothing. */
void strmap_init(struct strmap *m);
/* Free the keys and the table; the map is left as after strmap_init(). */
void strmap_release(struct strmap *m);

/* FNV-1a hash of s[0..len). Pure. */
uint32_t strmap_hash(const char *s, size_t len);

/*
 * Look up s[0..len).  Returns true and stores the value in *value (may be
 * NULL) when present.  Pure read.
 */
bool strmap_get(const struct strmap *m, const char *s, size_t len, int64_t *value);

/*
 * Insert s[0..len) with value, or leave an existing key's value as it is.
 * Returns the value now stored under the key (value itself when the key
 * is new).  Aborts on out-of-memory (core/mem.h); callers bound the
 * number of keys.
 */
int64_t strmap_put(struct strmap *m, const char *s, size_t len, int64_t value);

/* Insert or overwrite. */
void strmap_set(struct strmap *m, const char *s, size_t len, int64_t value);

/*
 * Visit the keys: start with *pos = 0 and call until it returns false.
 * Each true answer gives one key (*key, owned by the map, NUL-terminated,
 * *len bytes) and its value; any out-parameter may be NULL.  The map must
 * not change during a visit.
 */
bool strmap_next(const struct strmap *m, size_t *pos, const char **key, size_t *len,
                 int64_t *value);

#endif
