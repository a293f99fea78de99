/* page_cache.c - whole public pages in memory, compressed (see page_cache.h). */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include "web/page_cache.h"
#include "web/app.h"
#include "core/http_encoding.h"
#include "core/mem.h"

/* Anonymous public pages: the browser keeps them and asks again with If-None-Match. */
#define PAGE_CACHE_CONTROL "no-cache"

struct page_entry {
    char *key;                    /* NULL when the slot is empty */
    int64_t version;
    struct http_variants *page;   /* one reference held by the slot */
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

/* The page for (key, version) with a reference taken, or NULL. */
static struct http_variants *cache_get(const char *key, int64_t version)
{
    struct page_entry *e = &slots[slot_of(key)];
    struct http_variants *v = NULL;
    pthread_mutex_lock(&cache_lock);
    if (e->key && e->version == version && strcmp(e->key, key) == 0)
        v = http_variants_ref(e->page);
    pthread_mutex_unlock(&cache_lock);
    return v;
}

static void entry_release(struct page_entry *e)
{
    free(e->key);
    http_variants_unref(e->page);
    memset(e, 0, sizeof(*e));
}

bool page_cache_serve(struct http_request *req, const char *key, int64_t version)
{
    if (web_ctx(req)->has_session)
        return false;
    struct http_variants *v = cache_get(key, version);
    if (!v)
        return false;
    web_page_headers(req);
    http_reply_variants(req, 200, v);
    http_variants_unref(v);
    return true;
}

unsigned page_cache_reply(struct http_request *req, const char *key, int64_t version,
                          struct buf *page)
{
    if (web_page_has_secret(req, page) || page->len > PAGE_CACHE_MAX_BYTES)
        return web_reply_page(req, 200, page);
    struct http_variants *v = http_variants_new("text/html; charset=utf-8", PAGE_CACHE_CONTROL,
                                                page->data, page->len);
    buf_release(page);
    struct page_entry *e = &slots[slot_of(key)];
    char *k = xstrdup(key);
    pthread_mutex_lock(&cache_lock);
    entry_release(e);
    e->key = k;
    e->version = version;
    e->page = http_variants_ref(v);
    pthread_mutex_unlock(&cache_lock);
    web_page_headers(req);
    unsigned status = http_reply_variants(req, 200, v);
    http_variants_unref(v);
    return status;
}

void page_cache_clear(void)
{
    pthread_mutex_lock(&cache_lock);
    for (size_t i = 0; i < PAGE_CACHE_SLOTS; i++)
        entry_release(&slots[i]);
    pthread_mutex_unlock(&cache_lock);
}
