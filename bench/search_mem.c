/*
 * search_mem.c - the catalogue's word index ranked in memory
 * (core/search_mem.h) against the database's ranked MATCH ({rank}
 * fragment, top 10) for the same queries on the same connection.
 *
 * Usage: search_mem DB_URL QUERIES_FILE ROUNDS
 * QUERIES_FILE holds one query per line (any text: folded here).  Prints
 * the build time and, for every word and any word, microseconds per
 * query each way:
 *     search-mem-build MS DOCS
 *     search-mem every|any MEM_US DB_US
 * then the whole catalog_search() (default page) from the database and
 * from the copy in memory (catalog_search_memory_start), and the
 * catalogue data version each search reads first:
 *     catalog-search DB_US MEM_US VERSION_US
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "core/db.h"
#include "core/search_mem.h"
#include "core/text.h"
#include "domain/catalog/catalog-int.h"
#include "domain/catalog/catalog.h"

#define TOP 10
#define WORDS 16
#define QUERIES 512

static struct search_stmt S_TOP = {
    "bench.search_mem_top",
    "SELECT id, r FROM ({rank procedure_fts ?1}) h ORDER BY r DESC, id LIMIT 10",
    {&catalog_index_words},
};

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Cut folded text into words (in place); returns how many. */
static size_t split(char *p, struct search_term *t)
{
    size_t n = 0;
    while (*p && n < WORDS) {
        while (*p == ' ')
            p++;
        if (!*p)
            break;
        t[n++] = (struct search_term){p, false};
        char *sp = strchr(p, ' ');
        if (!sp)
            break;
        *sp = '\0';
        p = sp + 1;
    }
    return n;
}

/* Microseconds per query over every query, rounds times, both ways. */
static int run(struct db *db, struct search_mem *m, char **folded, size_t nq, int rounds,
               enum search_mode mode)
{
    double tm = 0, td = 0;
    long runs = 0;
    for (int r = 0; r < rounds; r++) {
        for (size_t i = 0; i < nq; i++) {
            char words[4096];
            struct search_term t[WORDS];
            struct search_hit h[TOP];
            size_t nh, n;
            snprintf(words, sizeof(words), "%s", folded[i]);
            n = split(words, t);
            if (n == 0)
                continue;
            struct search_query q = {mode, NULL, t, n};
            double a = now();
            if (search_mem_top(m, &q, TOP, h, &nh, NULL) != MC_OK)
                return 1;
            tm += now() - a;
            struct buf e;
            buf_init(&e, BUF_MAX_SMALL);
            if (search_expr(db, &catalog_index_words, &q, &e) != MC_OK)
                return 1;
            struct db_stmt *s = NULL;
            bool row = true;
            a = now();
            if (search_query_start(db, &S_TOP, &s, "s", buf_cstr(&e)) != MC_OK)
                return 1;
            while (db_step(s, &row) == MC_OK && row)
                ;
            db_done(s);
            td += now() - a;
            buf_release(&e);
            runs++;
        }
    }
    printf("search-mem %s %.1f %.1f\n", mode == SEARCH_ALL ? "every" : "any",
           runs ? tm / (double)runs * 1e6 : 0, runs ? td / (double)runs * 1e6 : 0);
    return 0;
}

/* Microseconds per catalog_search() over the (unfolded) queries, rounds times. */
static double search_us(struct db *db, char **text, size_t nq, int rounds)
{
    double t = 0;
    long runs = 0;
    for (int r = 0; r < rounds; r++) {
        for (size_t i = 0; i < nq; i++) {
            struct catalog_query q = {.q = text[i], .online = PROC_ONLINE_UNKNOWN};
            struct catalog_result res;
            catalog_result_init(&res);
            double a = now();
            if (catalog_search(db, &q, &res) != MC_OK)
                return -1;
            t += now() - a;
            catalog_result_release(&res);
            runs++;
        }
    }
    return runs ? t / (double)runs * 1e6 : 0;
}

/* catalog_search() from the database, then from memory; the version read. */
static int run_search(struct db *db, char **text, size_t nq, int rounds)
{
    double d = search_us(db, text, nq, rounds);
    if (catalog_search_memory_start(db) != MC_OK)
        return 1;
    double m = search_us(db, text, nq, rounds);
    catalog_search_memory_stop();
    int64_t v;
    double a = now();
    for (int i = 0; i < 1000; i++)
        if (catalog_data_version(db, &v) != MC_OK)
            return 1;
    printf("catalog-search %.1f %.1f %.1f\n", d, m, (now() - a) / 1000 * 1e6);
    return d < 0 || m < 0;
}

int main(int argc, char **argv)
{
    struct db *db;
    struct search_mem *m;
    char line[4096], *folded[QUERIES], *text[QUERIES];
    size_t nq = 0;
    if (argc != 4 || db_open(argv[1], &db) != MC_OK)
        return 2;
    FILE *in = fopen(argv[2], "r");
    if (!in)
        return 2;
    while (nq < QUERIES && fgets(line, sizeof(line), in)) {
        struct buf f;
        buf_init(&f, BUF_MAX_SMALL);
        line[strcspn(line, "\n")] = '\0';
        if (text_fold(line, strlen(line), &f) == MC_OK && f.len > 0) {
            text[nq] = strdup(line);
            folded[nq++] = buf_detach(&f, NULL);
        }
        buf_release(&f);
    }
    fclose(in);
    double t0 = now();
    if (search_mem_load(db, &catalog_index_words, &m) != MC_OK)
        return 1;
    printf("search-mem-build %.1f %zu\n", (now() - t0) * 1e3, search_mem_count(m));
    int rc = run(db, m, folded, nq, atoi(argv[3]), SEARCH_ALL) ||
             run(db, m, folded, nq, atoi(argv[3]), SEARCH_ANY) ||
             run_search(db, text, nq, atoi(argv[3]));
    search_mem_free(m);
    db_close(db);
    return rc;
}
