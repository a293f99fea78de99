/*
 * catalog_mem.c - the catalogue's search indexes copied into memory
 * (core/search_mem.h) with the columns search results and filters need,
 * one copy per catalogue version (catalog-int.h; docs/internals/catalog.md).
 *
 * DESIGN
 * - Off until catalog_search_memory_start() (the server calls it once at
 *   start, with the catalogue as it is then); commands and tests search
 *   the database.
 * - The copy is tagged with the catalogue's data version read *before* it
 *   is built, so a save that lands while it is built makes the tag old,
 *   never the copy newer than its tag: the next search sees another
 *   version and builds again.  Every app server reads the version from
 *   the database they share (catalog_data_version), as the page cache
 *   does, so an edit made through one server is searched on every server
 *   from its next search on.
 * - The version only grows (catalog_version, 0028), so a search that
 *   reads an older one (a replica behind the primary) is answered by the
 *   newer copy: only a newer version builds.  Reading the version from
 *   whichever database serves the request never makes the copy go back
 *   and forth.
 * - One build at a time; the searches that come meanwhile are answered
 *   by the database (never by the old copy, which no longer matches the
 *   catalogue).  The current copy is shared by reference count, so a
 *   replaced copy lives until its last search ends.
 * - Who builds: the search that finds the copy old, on its own thread
 *   (commands, tests); or, once catalog_search_memory_background() is in
 *   force (the server: public searches run on its event loops, which
 *   must not spend a build's fraction of a second), a thread of this
 *   file woken by that search, with a connection of the server's pool,
 *   while the database answers.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <unistd.h>
#include "domain/catalog/catalog-int.h"
#include "core/log.h"
#include "core/mem.h"
#include "core/search_mem.h"

/* What lists and filters read of each procedure (catalog_search.c's FILTERS). */
static const struct db_query Q_PROCS = {
    "catalog.mem_procs",
    "SELECT id, code, name, field, levels, online_level, agency_folded FROM procedures",
};

/* id -> ordinal in the word index. */
struct id_ord {
    int64_t id;
    uint32_t ord;
};

static pthread_mutex_t mem_mu = PTHREAD_MUTEX_INITIALIZER;
static atomic_bool mem_on;
static bool mem_building;
static struct catalog_mem *mem_cur;
/* The builder thread (catalog_search_memory_background), under mem_mu. */
static struct db_pool *bg_pool;   /* NULL: none, or stopping */
static pthread_t bg_thread;
static bool bg_started, bg_wanted;
static pthread_cond_t bg_wake = PTHREAD_COND_INITIALIZER;

#define BUILDER_NICE 10   /* the builder yields the CPU to requests, as jobs do */

static int by_id(const void *a, const void *b)
{
    const struct id_ord *x = a, *y = b;
    return x->id < y->id ? -1 : x->id > y->id;
}

/* The ordinal of id in the sorted map, or UINT32_MAX. */
static uint32_t ord_of(const struct id_ord *map, size_t n, int64_t id)
{
    struct id_ord key = {id, 0};
    const struct id_ord *f = bsearch(&key, map, n, sizeof(*map), by_id);
    return f ? f->ord : UINT32_MAX;
}

/* The number of characters (code points) of the UTF-8 s, as SQL's length(). */
static size_t utf8_chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

static void mem_free(struct catalog_mem *cm)
{
    if (!cm)
        return;
    for (size_t i = 0; cm->procs && i < search_mem_count(cm->words); i++) {
        free(cm->procs[i].code);
        free(cm->procs[i].name);
        free(cm->procs[i].field);
        free(cm->procs[i].agency_folded);
    }
    free(cm->procs);
    free(cm->pair_doc);
    search_mem_free(cm->words);
    search_mem_free(cm->pairs);
    free(cm);
}

/* Read the procedures' rows into cm->procs, by word-index ordinal. */
static enum mc_status load_procs(struct db *db, struct catalog_mem *cm, const struct id_ord *map,
                                 size_t n)
{
    struct db_stmt *s = NULL;
    bool row = true;
    enum mc_status st = db_query_start(db, &Q_PROCS, &s, "");
    while (st == MC_OK) {
        st = db_step(s, &row);
        if (st != MC_OK || !row)
            break;
        cm->total++;
        uint32_t ord = ord_of(map, n, db_col_int64(s, 0));
        if (ord == UINT32_MAX)
            continue;   /* not indexed: the database's search joins it to nothing */
        struct catalog_mem_proc *p = &cm->procs[ord];
        p->code = xstrndup(db_col_text(s, 1), db_col_len(s, 1));
        p->name = xstrndup(db_col_text(s, 2), db_col_len(s, 2));
        p->field = xstrndup(db_col_text(s, 3), db_col_len(s, 3));
        p->levels = (unsigned)db_col_int64(s, 4);
        p->online_level = (enum proc_online_level)db_col_int64(s, 5);
        p->agency_folded = xstrndup(db_col_text(s, 6), db_col_len(s, 6));
        p->name_chars = utf8_chars(p->name);
    }
    db_done(s);
    return st;
}

/* Build the copy of db's catalogue, tagged version. */
static enum mc_status mem_build(struct db *db, int64_t version, struct catalog_mem **out)
{
    struct catalog_mem *cm = xcalloc(1, sizeof(*cm));
    struct id_ord *map = NULL;
    size_t n = 0;
    enum mc_status st = search_mem_load(db, &catalog_index_words, &cm->words);
    if (st == MC_OK)
        st = search_mem_load(db, &catalog_index_pairs, &cm->pairs);
    if (st != MC_OK)
        goto out;
    cm->version = version;
    n = search_mem_count(cm->words);
    map = xcalloc(n ? n : 1, sizeof(*map));
    for (size_t i = 0; i < n; i++)
        map[i] = (struct id_ord){search_mem_id(cm->words, i), (uint32_t)i};
    qsort(map, n, sizeof(*map), by_id);
    cm->procs = xcalloc(n ? n : 1, sizeof(*cm->procs));
    st = load_procs(db, cm, map, n);
    size_t np = search_mem_count(cm->pairs);
    cm->pair_doc = xcalloc(np ? np : 1, sizeof(*cm->pair_doc));
    for (size_t i = 0; i < np; i++)
        cm->pair_doc[i] = ord_of(map, n, search_mem_id(cm->pairs, i));
out:
    free(map);
    if (st != MC_OK) {
        mem_free(cm);
        cm = NULL;
    }
    *out = cm;
    return st;
}

/* Drop one reference to cm (under mem_mu). */
static void mem_unref(struct catalog_mem *cm)
{
    if (cm && --cm->refs == 0)
        mem_free(cm);
}

bool catalog_mem_enabled(void)
{
    return atomic_load(&mem_on);
}

/*
 * The copy for version, built now from db when the current one is older
 * and nobody builds (a reference the caller releases), else NULL.
 */
static struct catalog_mem *mem_refresh(struct db *db, int64_t version)
{
    struct catalog_mem *cm = NULL, *old = NULL;
    pthread_mutex_lock(&mem_mu);
    bool build = mem_on && !mem_building && (!mem_cur || mem_cur->version < version);
    if (mem_on && mem_cur && mem_cur->version >= version) {
        cm = mem_cur;
        cm->refs++;
    }
    mem_building = mem_building || build;
    pthread_mutex_unlock(&mem_mu);
    if (!build)
        return cm;
    struct catalog_mem *fresh = NULL;
    if (mem_build(db, version, &fresh) != MC_OK)
        log_warn("catalog: cannot copy the search indexes to memory; searching the database");
    pthread_mutex_lock(&mem_mu);
    mem_building = false;
    if (fresh && mem_on) {
        old = mem_cur;
        mem_cur = fresh;
        fresh->refs = 2;   /* current, and this caller's */
        cm = fresh;
    } else {
        mem_free(fresh);
    }
    mem_unref(old);
    pthread_mutex_unlock(&mem_mu);
    return cm;
}

struct catalog_mem *catalog_mem_get(struct db *db, int64_t version)
{
    struct catalog_mem *cm = NULL;
    pthread_mutex_lock(&mem_mu);
    bool current = mem_on && mem_cur && mem_cur->version >= version;
    if (current) {
        cm = mem_cur;
        cm->refs++;
    } else if (mem_on && bg_pool) {   /* the builder builds; the database answers */
        bg_wanted = true;
        pthread_cond_signal(&bg_wake);
    }
    bool here = mem_on && !current && !bg_pool;
    pthread_mutex_unlock(&mem_mu);
    return here ? mem_refresh(db, version) : cm;
}

void catalog_mem_put(struct catalog_mem *cm)
{
    if (!cm)
        return;
    pthread_mutex_lock(&mem_mu);
    mem_unref(cm);
    pthread_mutex_unlock(&mem_mu);
}

enum mc_status catalog_search_memory_start(struct db *db)
{
    int64_t version = 0;
    pthread_mutex_lock(&mem_mu);
    mem_on = true;
    pthread_mutex_unlock(&mem_mu);
    enum mc_status st = catalog_data_version(db, &version);
    struct catalog_mem *cm = st == MC_OK ? mem_refresh(db, version) : NULL;
    if (st == MC_OK && !cm)
        st = MC_ERR_DB;
    catalog_mem_put(cm);
    return st;
}

/* Build a copy for the catalogue's version now, with a connection of pool. */
static void bg_build(struct db_pool *pool)
{
    int64_t version = 0;
    struct db *db = db_pool_get(pool);
    if (db && catalog_data_version(db, &version) == MC_OK)
        catalog_mem_put(mem_refresh(db, version));
    db_pool_put(pool, db);
}

/* The builder: waits for a search to find the copy old, builds, again. */
static void *bg_main(void *arg)
{
    (void)arg;
    if (setpriority(PRIO_PROCESS, (id_t)gettid(), BUILDER_NICE) != 0)
        log_warn("catalog: cannot lower the priority of the search copy's builder");
    pthread_mutex_lock(&mem_mu);
    while (bg_pool) {
        if (!bg_wanted) {
            pthread_cond_wait(&bg_wake, &mem_mu);
            continue;
        }
        bg_wanted = false;
        struct db_pool *pool = bg_pool;
        pthread_mutex_unlock(&mem_mu);
        bg_build(pool);
        pthread_mutex_lock(&mem_mu);
    }
    pthread_mutex_unlock(&mem_mu);
    return NULL;
}

enum mc_status catalog_search_memory_background(struct db_pool *pool)
{
    enum mc_status st = MC_OK;
    pthread_mutex_lock(&mem_mu);
    if (!bg_started) {
        bg_pool = pool;
        bg_wanted = false;
        if (pthread_create(&bg_thread, NULL, bg_main, NULL) == 0) {
            bg_started = true;
        } else {
            bg_pool = NULL;
            st = MC_ERR_INTERNAL;
        }
    }
    pthread_mutex_unlock(&mem_mu);
    return st;
}

void catalog_search_memory_stop(void)
{
    pthread_mutex_lock(&mem_mu);
    bool join = bg_started;
    bg_pool = NULL;
    bg_started = false;
    pthread_cond_signal(&bg_wake);
    pthread_mutex_unlock(&mem_mu);
    if (join)
        pthread_join(bg_thread, NULL);   /* a build in progress ends first */
    pthread_mutex_lock(&mem_mu);
    mem_on = false;
    mem_unref(mem_cur);
    mem_cur = NULL;
    pthread_mutex_unlock(&mem_mu);
}
