/* page_cache.c - whole pages in memory for anonymous visitors (see page_cache.h). */
#include <pthread.h>
#include <stdlib.h>
#include "web/page_cache.h"
#include "core/mem.h"

struct page_entry {
    char *key;          /* NULL when the slot is empty */
    int64_t version;
    char *page;
    size_t len;
};

static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;
static struct page_entry slots[PAGE_CACHE_SLOTS];

static size_t slot_of(const char *key)
{
    uint64_t h = 1469598103934665603ull;
    for (; *key; key++) {
        h ^= (unsigned char)*key;
        h *= 1099511628211ull;
    }
    return (size_t)(h % PAGE_CACHE_SLOTS);
}

bool page_cache_get(const char *key, int64_t version, struct buf *out)
{
    struct page_entry *e = &slots[slot_of(key)];
    bool hit = false;
    pthread_mutex_lock(&cache_lock);
    if (e->key && e->version == version && strcmp(e->key, key) == 0) {
        buf_add(out, e->page, e->len);
        hit = true;
    }
    pthread_mutex_unlock(&cache_lock);
    return hit;
}

static void entry_release(struct page_entry *e)
{
    free(e->key);
    free(e->page);
    memset(e, 0, sizeof(*e));
}

void page_cache_put(const char *key, int64_t version, const char *page, size_t len)
{
    if (len > PAGE_CACHE_MAX_BYTES)
        return;
    char *k = xstrdup(key);
    char *p = xmalloc(len);
    memcpy(p, page, len);
    struct page_entry *e = &slots[slot_of(key)];
    pthread_mutex_lock(&cache_lock);
    entry_release(e);
    e->key = k;
    e->version = version;
    e->page = p;
    e->len = len;
    pthread_mutex_unlock(&cache_lock);
}

void page_cache_clear(void)
{
    pthread_mutex_lock(&cache_lock);
    for (size_t i = 0; i < PAGE_CACHE_SLOTS; i++)
        entry_release(&slots[i]);
    pthread_mutex_unlock(&cache_lock);
}
