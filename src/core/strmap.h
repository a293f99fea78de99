/*
 * strmap.h - a string -> index hash map for the assistant's vocabulary,
 * abbreviations and synonyms.
 *
 * Keys are copied; values are caller-chosen integers (usually an index
 * into the caller's own array).  Open addressing with linear probing,
 * FNV-1a hashing, grown at 50% load.  Nothing is ever removed.
 *
 * Not thread-safe while being filled; a map that is no longer changed
 * may be read by many threads at once.
 */
#ifndef MC_ASSISTANT_STRMAP_H
#define MC_ASSISTANT_STRMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct strmap_slot {
    char *key;          /* owned copy, NULL when the slot is free */
    size_t len;         /* bytes in key */
    uint32_t hash;      /* FNV-1a of key */
    int64_t value;
};

struct strmap {
    struct strmap_slot *slots;  /* cap slots */
    size_t cap;                 /* a power of two, or 0 before the first put */
    size_t n;                   /* keys stored */
};

/* Set up an empty map.  Allocates nothing. */
void strmap_init(struct strmap *m);
/* Free every key and the table; the map is left as after strmap_init(). */
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
 * Returns the value now stored under the key.  Aborts on out-of-memory
 * (core/mem.h); callers bound the number of keys.
 */
int64_t strmap_put(struct strmap *m, const char *s, size_t len, int64_t value);

/* Insert or overwrite. */
void strmap_set(struct strmap *m, const char *s, size_t len, int64_t value);

#endif
