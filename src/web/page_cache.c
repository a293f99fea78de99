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

#define WAYS 4   /* slots a key may occupy: its set (PAGE_CACHE_SLOTS / WAYS sets) */

struct page_entry {
    char *key;                    /* NULL when the slot is empty */
    uint64_t stamp;               /* when it was stored: the oldest of a set goes first */
    int64_t version;
    struct http_variants *page;   /* one reference held by the slot */
    bool html;                    /* an HTML page (else a JSON document) */
};

static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;
static struct page_entry slots[PAGE_CACHE_SLOTS];
static uint64_t stamps;   /* under cache_lock */

/* The first slot of key's set. */
static size_t set_of(const char *key)
{
    uint64_t h = 1469598103934665603ull;
    for (; *key; key++) {
        h ^= (unsigned char)*key;
        h *= 1099511628211ull;
    }
    return (size_t)(h % (PAGE_CACHE_SLOTS / WAYS)) * WAYS;
}

/* key's slot in its set, or NULL.  Under cache_lock. */
static struct page_entry *find(const char *key)
{
    struct page_entry *set = &slots[set_of(key)];
    for (size_t i = 0; i < WAYS; i++)
        if (set[i].key && strcmp(set[i].key, key) == 0)
            return &set[i];
    return NULL;
}

/* Where key goes: its own slot, an empty one, else the oldest.  Under cache_lock. */
static struct page_entry *victim(const char *key)
{
    struct page_entry *set = &slots[set_of(key)], *e = find(key);
    for (size_t i = 0; !e && i < WAYS; i++)
        if (!set[i].key)
            e = &set[i];
    if (!e) {
        e = &set[0];
        for (size_t i = 1; i < WAYS; i++)
            if (set[i].stamp < e->stamp)
                e = &set[i];
    }
    return e;
}

/* The page for (key, version) with a reference taken, or NULL; *html its kind. */
static struct http_variants *cache_get(const char *key, int64_t version, bool *html)
{
    struct http_variants *v = NULL;
    pthread_mutex_lock(&cache_lock);
    struct page_entry *e = find(key);
    if (e && e->version == version) {
        v = http_variants_ref(e->page);
        *html = e->html;
    }
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
    bool html = false;
    struct http_variants *v = cache_get(key, version, &html);
    if (!v)
        return false;
    http_reply_variants(req, 200, v);
    http_variants_unref(v);
    return true;
}

/* Keep v for (key, version) (one more reference) and answer req with it. */
static unsigned keep_and_reply(struct http_request *req, const char *key, int64_t version,
                               struct http_variants *v, bool html)
{
    char *k = xstrdup(key);
    pthread_mutex_lock(&cache_lock);
    struct page_entry *e = victim(key);
    entry_release(e);
    e->stamp = ++stamps;
    e->key = k;
    e->version = version;
    e->page = http_variants_ref(v);
    e->html = html;
    pthread_mutex_unlock(&cache_lock);
    unsigned status = http_reply_variants(req, 200, v);
    http_variants_unref(v);
    return status;
}

unsigned page_cache_reply(struct http_request *req, const char *key, int64_t version,
                          struct buf *page)
{
    if (web_page_has_secret(req, page) || page->len > PAGE_CACHE_MAX_BYTES)
        return web_reply_page(req, 200, page);
    struct http_variants *v = http_variants_new("text/html; charset=utf-8", PAGE_CACHE_CONTROL,
                                                page->data, page->len);
    buf_release(page);
    return keep_and_reply(req, key, version, v, true);
}

unsigned page_cache_page(struct http_request *req, unsigned status, const char *name,
                         const char *title, json_t *data, const char *key, int64_t version)
{
    if (status != 200 || !key || web_ctx(req)->has_session)
        return web_page(req, status, name, title, data);
    struct buf page;
    buf_init(&page, BUF_MAX_PAGE);
    if (web_render(req, name, title, data, &page) != MC_OK) {
        buf_release(&page);
        return http_error(req, 500, "internal", "Lỗi hiển thị trang");
    }
    return page_cache_reply(req, key, version, &page);
}

unsigned page_cache_reply_json(struct http_request *req, const char *key, int64_t version,
                               json_t *doc)
{
    if (web_ctx(req)->has_session)
        return web_json(req, 200, doc);
    char *s = json_dumps(doc, JSON_COMPACT | JSON_REAL_PRECISION(12));
    size_t len = s ? strlen(s) : 0;
    if (!s || len > PAGE_CACHE_MAX_BYTES) {
        free(s);
        return web_json(req, 200, doc);
    }
    json_decref(doc);
    struct http_variants *v = http_variants_new("application/json; charset=utf-8",
                                                PAGE_CACHE_CONTROL, s, len);
    free(s);
    return keep_and_reply(req, key, version, v, false);
}

const char *page_cache_query_key(struct http_request *req, const char *prefix)
{
    struct buf b;
    buf_init(&b, BUF_MAX_SMALL);
    buf_adds(&b, prefix);
    for (const struct kv *a = req->query; a; a = a->next) {
        buf_addf(&b, "\x1f%s=", a->key);
        buf_add(&b, a->value, a->value_len);
    }
    const char *key = buf_status(&b) == MC_OK ? arena_strdup(req->arena, buf_cstr(&b)) : NULL;
    buf_release(&b);
    return key;
}

void page_cache_clear(void)
{
    pthread_mutex_lock(&cache_lock);
    for (size_t i = 0; i < PAGE_CACHE_SLOTS; i++)
        entry_release(&slots[i]);
    pthread_mutex_unlock(&cache_lock);
}
