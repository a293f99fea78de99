/*
 * filestore.h - the content-addressed file store for uploads, scans and
 * results.
 *
 * A file is named by the SHA-256 of its bytes (libsodium
 * crypto_hash_sha256) and lives at DATA_DIR/files/ab/cdef... (the first
 * two hex digits are a folder).  The same bytes are stored once.
 *
 * DESIGN
 * - Written atomically: the bytes go to a temporary file in the store,
 *   which is renamed into place.  Then the put waits for a sync of the
 *   whole file system (syncfs, core/groupsync.h) that began after the
 *   rename, so after filestore_put_*() returns MC_OK the file survives a
 *   crash.  Concurrent puts share one sync (one journal commit) instead of
 *   paying an fsync of the file and one of its folder each; under load
 *   that is what lets submissions with attachments keep up with the
 *   database's group commit.  A file found already stored also waits for
 *   a sync: a racing put may have renamed it but not yet synced it.
 * - File first, row second: callers store the file, then write the
 *   database row that names it inside their transaction.  A crash between
 *   the two leaves an unreferenced file, which is harmless (its name is
 *   its content) and which filestore_sweep() removes later.  A row never
 *   names a file that is not there (a staged file, below, is "there":
 *   its bytes are in the database until they are moved to disk).
 * - Only PDF, JPEG and PNG are accepted, recognised by their first bytes
 *   (never by the name or the client's Content-Type), up to
 *   FILESTORE_MAX_SIZE bytes (or the store's smaller max_size).
 *
 * - An S3-compatible bucket (MOTCUA_FILES=s3://BUCKET?endpoint=URL, see
 *   core/s3.h) makes the store shared by every app server: the local
 *   folder stays the write path and becomes a cache.  A put writes and
 *   syncs the file locally as above, then PUTs it to the bucket under its
 *   path ("ab/cdef...") and succeeds only once the bucket has it; a stat or
 *   read that misses the local folder GETs the object into it first.  So a
 *   file uploaded through one server is read through any other, and the
 *   row that names it (written after the put) never names a file the
 *   bucket lacks.  filestore_sweep() cleans the local folder only; the
 *   bucket keeps every object (its lifecycle rules are the operator's).
 *
 * Thread-safety: a struct filestore is read-only after filestore_init(),
 * so any number of threads may use one; concurrent puts of the same bytes
 * are safe (rename is atomic and both write the same content).
 */
#ifndef MC_VAULT_FILESTORE_H
#define MC_VAULT_FILESTORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "core/buf.h"
#include "core/db.h"
#include "core/db_row.h"
#include "core/status.h"

#define FILESTORE_MAX_SIZE (10u * 1024 * 1024)   /* bytes in one file */
#define FILESTORE_SHA_HEX 65                     /* 64 hex digits and the NUL */
#define FILESTORE_PATH_MAX 72                    /* "ab/" + 62 digits and the NUL */
#define FILESTORE_TYPE_MAX 24                    /* "application/pdf" and the NUL */

struct groupsync;
struct s3;

struct filestore {
    char *root;          /* DATA_DIR/files, owned */
    size_t max_size;     /* largest file accepted; FILESTORE_MAX_SIZE by default */
    struct groupsync *sync;  /* shared syncfs of the root's file system */
    struct s3 *remote;   /* the bucket of MOTCUA_FILES=s3://..., owned; NULL: local only */
    bool remote_bad;     /* MOTCUA_FILES is set but unusable (see filestore_problem) */
};

/* What the store knows about one stored file. */
struct filestore_meta {
    char sha256[FILESTORE_SHA_HEX];      /* lower-case hex */
    int64_t size;                        /* bytes */
    char content_type[FILESTORE_TYPE_MAX]; /* "application/pdf", "image/jpeg", "image/png" */
    char path[FILESTORE_PATH_MAX];       /* relative to the root: "ab/cdef..." */
};

/*
 * How tables keep a struct filestore_meta: four columns sha256, size,
 * content_type, path.  A row table (core/db_row.h) reads them into its
 * member f with the entry DB_FILESTORE_META(type, f).
 */
#define FILESTORE_META_COLS 4
extern const struct db_field filestore_meta_fields[FILESTORE_META_COLS];
#define DB_FILESTORE_META(type, f) DB_NESTED(type, f, filestore_meta_fields, FILESTORE_META_COLS)

/*
 * Set up a store rooted at data_dir/files (created on the first put if
 * missing), with the bucket MOTCUA_FILES names when it is set.  Does no
 * I/O; stores with one root share one syncer.  Release with
 * filestore_release().
 */
void filestore_init(struct filestore *fs, const char *data_dir);
/*
 * Why the store cannot work as configured, in Vietnamese (a static
 * string: MOTCUA_FILES is not a usable s3:// URL or its keys are
 * missing), or NULL.  `motcua serve` refuses to start on it.
 */
const char *filestore_problem(const struct filestore *fs);
void filestore_release(struct filestore *fs);

/*
 * The content type of a file starting with head[0..n): "application/pdf"
 * for "%PDF-", "image/jpeg" for FF D8 FF, "image/png" for the PNG
 * signature; NULL for anything else.  Pure.
 */
const char *filestore_sniff(const unsigned char *head, size_t n);

/*
 * filestore_adopt_file: like filestore_put_file, but the file at tmp_path
 * is moved into the store (rename, then the shared sync) instead of
 * copied, when both are on one file system; otherwise it is copied.
 * Afterwards tmp_path may no longer exist.
 *
 * filestore_put_file: store the contents of the file at tmp_path (it is
 * read, not moved or deleted) and fill *out.
 * Returns MC_OK (also when the same bytes were already stored);
 * MC_ERR_INVALID for an empty file or a type other than PDF/JPEG/PNG;
 * MC_ERR_TOO_LARGE above max_size; MC_ERR_NOT_FOUND when tmp_path cannot
 * be opened; MC_ERR_IO for a write or sync failure (nothing is left under
 * the final name).
 */
enum mc_status filestore_adopt_file(const struct filestore *fs, const char *tmp_path,
                                    struct filestore_meta *out) MC_WARN_UNUSED;
enum mc_status filestore_put_file(const struct filestore *fs, const char *tmp_path,
                                  struct filestore_meta *out) MC_WARN_UNUSED;

/* The same for len bytes in memory (generated results, tests). */
enum mc_status filestore_put_bytes(const struct filestore *fs, const void *data, size_t len,
                                   struct filestore_meta *out) MC_WARN_UNUSED;

/*
 * Staging (uploads).  A file of at most FILESTORE_STAGE_MAX bytes is
 * checked as by filestore_put_bytes, but its bytes go into the database
 * (table staged_files) in a transaction whose commit does not sync
 * (db_tx_deferred).  The caller then writes the row that names the file
 * with a synced commit (db_tx or db_tx_grouped) on the same database;
 * that one sync of the log makes both durable, in order: no file is
 * created and the file system is not synced on the request's path.
 * Until filestore_flush_staged() moves it into the store, a staged file
 * is found by filestore_stat() and filestore_read() given the database.
 * Nothing may be acknowledged on the staging alone; a staged file no row
 * names ends up in the store and goes with filestore_sweep().
 *
 * filestore_stage_file: the upload spooled at tmp_path (read, not
 * moved); larger files, or db NULL, go to filestore_adopt_file().
 * filestore_stage_bytes: the same for bytes in memory (larger ones, or db
 * NULL: filestore_put_bytes()).  Errors as filestore_put_file, plus
 * MC_ERR_DB/MC_ERR_BUSY from the database.
 */
#define FILESTORE_STAGE_MAX (1024u * 1024)   /* bytes; larger uploads go straight to disk */
/*
 * Check len bytes as a put would (size, type by content) and fill *out
 * (hash, size, type, path) without storing anything.  Pure but for the
 * hash; MC_ERR_INVALID or MC_ERR_TOO_LARGE as filestore_put_bytes.
 * Called inside a transaction, filestore_stage_bytes() stages in it: a
 * caller may describe an upload first and stage it later together with
 * the row that names it (one commit for both).
 */
enum mc_status filestore_describe_bytes(const struct filestore *fs, const void *bytes,
                                        size_t len, struct filestore_meta *out) MC_WARN_UNUSED;
enum mc_status filestore_stage_file(const struct filestore *fs, struct db *db,
                                    const char *tmp_path, struct filestore_meta *out)
    MC_WARN_UNUSED;
enum mc_status filestore_stage_bytes(const struct filestore *fs, struct db *db, const void *data,
                                     size_t len, struct filestore_meta *out) MC_WARN_UNUSED;

/* What is staged: how many files, staged_at of the oldest and the newest. */
struct filestore_staged {
    int64_t count;
    int64_t oldest, newest;   /* Unix seconds; 0 when none */
};
enum mc_status filestore_staged_stats(struct db *db, struct filestore_staged *out)
    MC_WARN_UNUSED;

/*
 * Move up to about max staged files into the store: each batch is written
 * without syncing, the file system is synced once (the shared syncer),
 * then the batch's rows are deleted in one transaction.  *moved (may be
 * NULL) gets the count.  For the background task.  MC_OK, MC_ERR_IO (the
 * rows stay; the next run retries) or MC_ERR_DB.
 */
enum mc_status filestore_flush_staged(const struct filestore *fs, struct db *db, size_t max,
                                      size_t *moved) MC_WARN_UNUSED;

/*
 * Look up a stored file by its hex SHA-256 (64 lower-case digits) and
 * fill *out: from the file itself (size, sniffed type), or, when db is
 * not NULL and the file is still staged, from its staged_files row.
 * Returns MC_OK; MC_ERR_INVALID for a malformed hash; MC_ERR_NOT_FOUND
 * when neither stored nor staged.
 */
enum mc_status filestore_stat(const struct filestore *fs, struct db *db, const char *sha256,
                              struct filestore_meta *out) MC_WARN_UNUSED;

/*
 * Append the bytes of a stored (or, with db, staged) file to out.
 * MC_ERR_NOT_FOUND when neither; MC_ERR_TOO_LARGE when out is full;
 * MC_ERR_IO, MC_ERR_DB.
 */
enum mc_status filestore_read(const struct filestore *fs, struct db *db, const char *sha256,
                              struct buf *out) MC_WARN_UNUSED;

/*
 * Append the absolute path of the file with this hash to out (for
 * sending it).  MC_ERR_INVALID for a malformed hash; MC_ERR_TOO_LARGE
 * when out is full.
 */
enum mc_status filestore_abs_path(const struct filestore *fs, const char *sha256,
                                  struct buf *out) MC_WARN_UNUSED;

/*
 * Whether a module still names the stored file sha256 (lower-case hex):
 * OUT *used.  Returns MC_OK or MC_ERR_DB.  Must only read.
 */
typedef enum mc_status (*filestore_owner_fn)(struct db *db, const char *sha256, bool *used);

/*
 * An owner's answer from its own query q, which takes the hash as ?1 and
 * returns one integer, non-zero when the file is used: OUT *used, true
 * as well when q fails (a file is kept when unsure).  Returns q's status.
 * Owners whose question is one query implement filestore_owner_fn with it.
 */
enum mc_status filestore_owner_ask(struct db *db, const struct db_query *q,
                                   const char *sha256, bool *used) MC_WARN_UNUSED;

/*
 * Register fn, named name (for messages), as an owner of stored files:
 * filestore_sweep() keeps every file some owner says it uses.  Each
 * module that keeps file names in its tables registers one, from the
 * program's composition root (src/app/wire.c), so the store never reads
 * other modules' tables.  Registering the same fn again changes nothing.
 * Call while the program is single-threaded.  Returns MC_OK or
 * MC_ERR_TOO_LARGE (the table holds FILESTORE_OWNERS_MAX).
 */
#define FILESTORE_OWNERS_MAX 16
enum mc_status filestore_owner_add(const char *name, filestore_owner_fn fn) MC_WARN_UNUSED;

/*
 * Remove stored files that no registered owner uses and that are older
 * than older_than (Unix seconds, file modification time), so uploads
 * waiting to be claimed by a submission are kept.  *removed (may be NULL)
 * gets the count.  For the background job.  With no owner registered it
 * removes nothing and returns MC_ERR_INVALID (it cannot know what is in
 * use).  Returns MC_OK, MC_ERR_INVALID, MC_ERR_IO or MC_ERR_DB.
 */
enum mc_status filestore_sweep(const struct filestore *fs, struct db *db, int64_t older_than,
                               size_t *removed) MC_WARN_UNUSED;

#endif
