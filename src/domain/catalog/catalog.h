/*
 * catalog.h - the procedure catalogue: versioned storage of struct
 * procedure, the national import, lists and full-text search.
 *
 * DESIGN (docs/internals/catalog.md)
 * - Versioned: every content change of a procedure writes a new row in
 *   procedure_versions (the whole procedure as canonical JSON) and moves
 *   procedures.current_version; old versions stay readable for dossiers
 *   lodged under them.  A save whose canonical JSON equals the current
 *   version's changes nothing and creates no version.
 * - procedures holds the columns that lists and filters need (name, field,
 *   levels, online level, agency) and procedure_fts the folded text
 *   (core/text.h text_fold) of name, field, agency, documents and steps;
 *   procedure_pairs the adjacent word pairs of the same columns, and
 *   procedure_term_counts / procedure_pair_counts the document counts of
 *   both vocabularies, refreshed by every write that changes a procedure.
 * - Every write runs in db_tx() with an audit_log row ('catalog.save' for
 *   one procedure, 'catalog.import' for an import).
 * - Search folds the query the same way, so "dang ky khai sinh" and
 *   "Đăng ký khai sinh" give the same results; it ranks whole phrases and
 *   name matches first, corrects a misspelt word from the index vocabulary
 *   and filters by field, level, online level and agency.
 *
 * Thread-safety: every function uses only the struct db passed in, which
 * belongs to the calling thread (core/db.h), and keeps no other state.
 */
#ifndef MC_CATALOG_CATALOG_H
#define MC_CATALOG_CATALOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "domain/audit/audit.h"
#include "domain/catalog/national_import.h"
#include "domain/catalog/procedure.h"
#include "core/db.h"
#include "core/errors.h"
#include "core/status.h"
#include "core/import_report.h"

#define CATALOG_CODE_MAX 64               /* bytes in a procedure code */
#define CATALOG_QUERY_MAX 1024            /* bytes of a search text; longer is cut */
#define CATALOG_QUERY_TERMS 32            /* words of a search text used */
#define CATALOG_PAGE_DEFAULT 20           /* limit 0 means this */
#define CATALOG_PAGE_MAX 200              /* larger limits are lowered to this */
#define CATALOG_NAREAS 9                  /* enum national_area bits counted */

/* What catalog_save() did. */
enum catalog_save_outcome {
    CATALOG_CREATED,     /* a new procedure, version 1 */
    CATALOG_UPDATED,     /* a new version of an existing procedure */
    CATALOG_UNCHANGED,   /* equal to the current version: nothing written */
};

/*
 * Save p as the current version of procedure p->code (insert or update).
 * p->code (1..CATALOG_CODE_MAX bytes) and p->name must be non-empty valid
 * UTF-8.  When p's canonical JSON equals the current version's, nothing is
 * written (*outcome CATALOG_UNCHANGED, *version the current number);
 * otherwise a new version is written with an audit row 'catalog.save'
 * (actor who, or the system when who is NULL; object "procedure:CODE")
 * in one db_tx() (nested in the caller's when there is one).  outcome and version may be NULL.
 * p stays owned by the caller.
 * Returns MC_OK; MC_ERR_INVALID for a missing code or name or text that is
 * not UTF-8; MC_ERR_DB / MC_ERR_BUSY.
 */
enum mc_status catalog_save(struct db *db, const struct audit_actor *who,
                            const struct procedure *p, enum catalog_save_outcome *outcome,
                            int64_t *version) MC_WARN_UNUSED;

/*
 * Check a procedure an administrator edited before catalog_save():
 * name (1..500 bytes) and field (1..200) present, at least one level,
 * at most one channel of each kind, times 0..3650 with min <= max and a
 * known unit, fees 0..1,000,000,000 đồng, documents named with counts up
 * to 99.  Each problem is added to errs under the edit form's field name
 * ("name", "field", "levels", "ch_<kind>_time", "ch_<kind>_fee",
 * "documents").  Returns MC_OK or MC_ERR_INVALID.  Pure.
 */
enum mc_status catalog_validate(const struct procedure *p, struct form_errors *errs)
    MC_WARN_UNUSED;

/* The edit form's key of a channel kind: "truc_tiep", "truc_tuyen", "buu_chinh". */
const char *catalog_channel_key(enum proc_channel_kind kind);

/*
 * Read the current version of procedure code into *out, which must be
 * procedure_init()ed (it is released and refilled; the caller releases
 * it).  *version (may be NULL) gets the version number.
 * Returns MC_OK; MC_ERR_NOT_FOUND; MC_ERR_DB; MC_ERR_INTERNAL when the
 * stored JSON cannot be read.
 */
enum mc_status catalog_get(struct db *db, const char *code, struct procedure *out,
                           int64_t *version) MC_WARN_UNUSED;

/*
 * The current version number of procedure code, without reading the
 * record (one indexed lookup: for caches keyed by version).
 * Returns MC_OK, MC_ERR_NOT_FOUND or MC_ERR_DB.
 */
enum mc_status catalog_current_version(struct db *db, const char *code, int64_t *version)
    MC_WARN_UNUSED;
/*
 * A number that changes whenever any procedure is saved, added or
 * removed (for caches of pages that list procedures).  Returns MC_OK or
 * MC_ERR_DB.
 */
enum mc_status catalog_data_version(struct db *db, int64_t *version) MC_WARN_UNUSED;
/*
 * catalog_data_version() as this process last read it, when that was
 * less than CATALOG_VERSION_FRESH_US ago and this process changed no
 * procedure or form file in the last CATALOG_VERSION_QUIET_US; else read
 * anew (and kept).  For the cached public pages, which would otherwise
 * pay a read transaction per request: a change made through this process
 * shows at once, one made by another (an app server on the same
 * PostgreSQL, an import from the command line) within a quarter second.
 * Thread-safe.  Returns MC_OK or MC_ERR_DB.
 */
#define CATALOG_VERSION_FRESH_US 250000
#define CATALOG_VERSION_QUIET_US 2000000
enum mc_status catalog_data_version_recent(struct db *db, int64_t *version) MC_WARN_UNUSED;

/*
 * Read version number version (1-based) of procedure code into *out, as
 * catalog_get().  MC_ERR_NOT_FOUND when that version does not exist.
 */
enum mc_status catalog_get_version(struct db *db, const char *code, int64_t version,
                                   struct procedure *out) MC_WARN_UNUSED;

/*
 * The canonical JSON of p (compact, keys sorted, NULL members omitted),
 * the form stored in procedure_versions.data.  Returns a string the
 * caller frees.  Pure.
 */
char *catalog_procedure_json(const struct procedure *p);

/*
 * Fill *out (procedure_init()ed, empty) from canonical JSON as written by
 * catalog_procedure_json().  Returns MC_OK, or MC_ERR_INVALID when json is
 * not such an object (*out may then hold part of it; release it).
 */
enum mc_status catalog_procedure_from_json(const char *json, size_t len,
                                           struct procedure *out) MC_WARN_UNUSED;

/* One field (lĩnh vực) and how many procedures are in it. */
struct catalog_field {
    char *name;
    int64_t count;
};

struct catalog_field_list {
    struct catalog_field *items;   /* n entries */
    size_t n;
    size_t cap;                    /* entries allocated */
};

void catalog_field_list_init(struct catalog_field_list *l);
void catalog_field_list_release(struct catalog_field_list *l);

/*
 * Fill *out (initialised by the caller, emptied here) with every field
 * and its number of procedures, most procedures first, then by name.
 * Returns MC_OK or MC_ERR_DB.
 */
enum mc_status catalog_fields(struct db *db, struct catalog_field_list *out) MC_WARN_UNUSED;

/*
 * A search or a list.  Every member is optional: q NULL or without any
 * letter or digit lists procedures by code instead of searching.
 */
struct catalog_query {
    const char *q;                 /* free text, any case, with or without diacritics */
    const char *field;             /* exact field name (catalog_fields), or NULL */
    unsigned level;                /* enum proc_level bits: any of them; 0 any level */
    enum proc_online_level online; /* exactly this level; PROC_ONLINE_UNKNOWN any */
    const char *agency;            /* part of the competent/implementing agency, folded */
    size_t offset;                 /* results to skip */
    size_t limit;                  /* page size; 0 CATALOG_PAGE_DEFAULT, max CATALOG_PAGE_MAX */
};

struct catalog_item {
    char *code;
    char *name;
    char *field;
    unsigned levels;
    enum proc_online_level online_level;
    double score;                  /* higher is better; 0 when listing */
};

struct catalog_result {
    struct catalog_item *items;    /* n items of this page, best first */
    size_t n;
    int64_t total;                 /* matches over all pages */
    char *corrected;               /* the folded query after typo correction, when a
                                      word was replaced; else NULL */
    bool any_word;                 /* true when no procedure had every word, so
                                      results match some of the words */
};

void catalog_result_init(struct catalog_result *r);
void catalog_result_release(struct catalog_result *r);

/*
 * From now on, catalog_search() ranks from a copy of the catalogue's
 * search indexes in memory (built now from db, then again whenever
 * catalog_data_version() changes), with the same results as the
 * database's ranking; the database answers the list without words and
 * the searches made while a new copy is built.  For the server, once at
 * start.  Returns MC_OK, or MC_ERR_DB when the copy cannot be built (the
 * database then answers until a later search builds it).
 */
enum mc_status catalog_search_memory_start(struct db *db) MC_WARN_UNUSED;
/*
 * From now on a search that finds the copy older than the catalogue does
 * not build the new one itself: it wakes a thread that builds it with a
 * connection of pool (borrowed until catalog_search_memory_stop()), and
 * the database answers until the copy is there.  For the server, whose
 * public searches run on its event loops.  Returns MC_OK, or
 * MC_ERR_INTERNAL when the thread cannot start (searches then build).
 */
enum mc_status catalog_search_memory_background(struct db_pool *pool) MC_WARN_UNUSED;
/* Back to searching the database only; ends the builder thread, frees the copy. */
void catalog_search_memory_stop(void);

/*
 * Search (q given) or list (q empty) procedures, filtered by q's other
 * members, into *out (initialised by the caller, emptied here).
 * Search: q is folded (text_fold); a word absent from the index is
 * replaced by the nearest indexed word with the same first letter (edit
 * distance 1, or 2 for words of 7 letters or more, a swap counting 1;
 * most frequent on a tie) or else used as a prefix.  Procedures with
 * every word are ordered by tier (phrase in the name, every word in the
 * name, phrase anywhere), then bm25 with the name weighted most plus a
 * bonus for the share of the name the query covers.  When q has more than
 * 8 words (a question), or no procedure has every word, procedures with
 * any adjacent word pair of q (the pairs found in more than 5% of the
 * procedures left out when rarer ones are there) are ordered by bm25,
 * else those with any of its informative words, and out->any_word is
 * set.  List: ordered by code.
 * Returns MC_OK (possibly with no items); MC_ERR_INVALID when a text is
 * not valid UTF-8; MC_ERR_DB.
 */
enum mc_status catalog_search(struct db *db, const struct catalog_query *q,
                              struct catalog_result *out) MC_WARN_UNUSED;

/*
 * Call fn(p, ctx) for every procedure of the catalogue, in code order,
 * each read whole (catalog_get) into one struct procedure reused between
 * calls (valid during the call only).  fn returns MC_OK to go on; any
 * other status stops the walk and is returned.  Reads page by page
 * (CATALOG_PAGE_MAX codes at a time) on db; fn may use other connections
 * but must not write the catalogue.
 */
enum mc_status catalog_each(struct db *db,
                            enum mc_status (*fn)(const struct procedure *p, void *ctx),
                            void *ctx) MC_WARN_UNUSED;

/*
 * Counts of what the national parser could not parse during an import:
 * records with at least one warning, warnings in all, and records per
 * area (index i counts enum national_area bit 1 << i).  Also the
 * online-level rows that matched no procedure in the catalogue.
 */
struct catalog_import_warnings {
    size_t records;
    size_t total;
    size_t areas[CATALOG_NAREAS];
    size_t levels_unmatched;       /* online-level rows with no such procedure */
    size_t levels_conflicting;     /* codes listed twice with different levels */
    size_t levels_skipped;         /* rows without a national code or level */
};

/* A short Vietnamese name of area i (0..CATALOG_NAREAS-1); static, never NULL. */
const char *catalog_area_name(size_t i);

/*
 * Import the national catalogue from the JSON-lines file at path (plain or
 * gzip), and, when levels_path is not NULL, the online levels of the
 * Lạng Sơn CSV at levels_path.  All or nothing: every line is parsed
 * first; if any is rejected (bad JSON, missing ma_thu_tuc or ten_thu_tuc,
 * a code twice in the file) nothing is written and rep holds one
 * "dòng N: ..." message per rejection.  Otherwise every record is saved
 * as catalog_save() does (unchanged records write nothing) in one
 * db_tx() with one audit row 'catalog.import'.  A record whose online
 * level is unknown (no CSV, or not in it) keeps the stored level.
 * rep (initialised) is cleared and filled; *warn (may be NULL) gets the
 * parse warning counts.
 * Returns MC_OK; MC_ERR_INVALID when records were rejected;
 * MC_ERR_NOT_FOUND / MC_ERR_IO when a file cannot be read (message in
 * rep); MC_ERR_DB / MC_ERR_BUSY.
 */
enum mc_status catalog_import_national(struct db *db, const char *path,
                                       const char *levels_path, struct import_report *rep,
                                       struct catalog_import_warnings *warn) MC_WARN_UNUSED;

/*
 * Update the online level of stored procedures from the Lạng Sơn CSV at
 * path.  Rows are matched on the national code (first row wins when a
 * code is listed twice); rows for procedures not in the catalogue are
 * counted in warn->levels_unmatched, not rejected.  A changed level is a
 * new version.  rep->read counts the matched rows.  One db_tx(), one
 * audit row 'catalog.import_levels'.
 * Returns as catalog_import_national().
 */
enum mc_status catalog_import_online_levels(struct db *db, const char *path,
                                            struct import_report *rep,
                                            struct catalog_import_warnings *warn)
    MC_WARN_UNUSED;

#endif
