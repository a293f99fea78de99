/*
 * catalog-int.h - internals shared by the .c files of the catalogue
 * module: its full-text indexes (core/search.h), written by catalog.c and
 * read by catalog_search.c.  Nothing outside src/domain/catalog includes
 * this.
 */
#ifndef MC_CATALOG_INT_H
#define MC_CATALOG_INT_H

#include "domain/catalog/catalog.h"
#include "core/search.h"
#include "core/search_mem.h"

/*
 * The procedures' folded columns (procedure_fts, 0003), id = procedures.id,
 * weighted for ranking name 10, field 4, agency 2, documents 1, steps 0.5;
 * vocabulary counts in procedure_term_counts (0009).
 */
extern struct search_index catalog_index_words;
/*
 * The same columns' adjacent word pairs as single tokens "w1_w2"
 * (procedure_pairs, 0009), same ids and weights; counts in
 * procedure_pair_counts.
 */
extern struct search_index catalog_index_pairs;

/*
 * Move catalog_data_version() inside the caller's transaction, and note
 * that this process changed the catalogue (catalog_data_version_recent()
 * reads the database for a while after).  Every transaction that changes
 * a procedure or its form files calls it once.
 */
enum mc_status catalog_version_move(struct db *db) MC_WARN_UNUSED;

/* What a search result and the filters read of one procedure (catalog_mem.c). */
struct catalog_mem_proc {
    char *code;              /* NULL: an indexed document without a procedure row */
    char *name;
    char *field;
    char *agency_folded;
    unsigned levels;
    enum proc_online_level online_level;
    size_t name_chars;       /* characters of name, as SQL's length() */
};

/*
 * Both indexes copied into memory (core/search_mem.h) for one catalogue
 * version, with each procedure's row: what catalog_search() reads instead
 * of the database while catalog_search_memory_start() is in force.
 */
struct catalog_mem {
    int64_t version;             /* catalog_data_version() read before the copy was made */
    struct search_mem *words;    /* procedure_fts */
    struct search_mem *pairs;    /* procedure_pairs */
    struct catalog_mem_proc *procs;   /* by ordinal in words */
    uint32_t *pair_doc;          /* ordinal in pairs -> ordinal in words (UINT32_MAX: none) */
    int64_t total;               /* procedures */
    unsigned refs;               /* private (catalog_mem.c) */
};

/* Whether catalog_search_memory_start() is in force (no lock: one atomic read). */
bool catalog_mem_enabled(void);
/*
 * The copy for version of db's catalogue or a newer one (versions only
 * grow), built now when the current one is older; NULL when the copy is
 * off, being built by another search or by the builder thread
 * (catalog_search_memory_background, which this wakes), or could not be
 * built (search the database then).  Release it with catalog_mem_put().
 */
struct catalog_mem *catalog_mem_get(struct db *db, int64_t version);
/* Release a copy catalog_mem_get() returned.  NULL is fine. */
void catalog_mem_put(struct catalog_mem *cm);

#endif
