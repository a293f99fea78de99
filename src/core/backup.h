/*
 * backup.h - backups of a deployment: the database and the file store in
 * one folder, made while the platform serves, restored into a new place,
 * and kept in rotation by a scheduled job.
 *
 * A backup is a folder:
 *   MANIFEST            "motcua-backup 1", then "backend NAME", "database FILE",
 *                       "created UNIX-TIME", "files N", one per line
 *   database.sqlite     SQLite: the online backup API's copy (one snapshot)
 *   database.pgdump     PostgreSQL: pg_dump's custom format
 *   files/ab/cdef...    the local file store, as DATA_DIR/files lays it out
 *
 * DESIGN
 * - The database first, the files second.  The file store is written file
 *   first, row second (core/filestore.h) and its files never change, so
 *   every file a row of the snapshot names is already in the store when the
 *   files are copied; files that arrive later are copied too and are
 *   harmless (no row names them; filestore_sweep removes them).
 * - Files are hard links into the backup when it is on the same file
 *   system (stored files are never rewritten, so a link is a copy), copies
 *   otherwise; one syncfs of the backup's file system makes them durable.
 * - A backup is written into DIR.partial and renamed to DIR when complete:
 *   a folder with a MANIFEST is a complete backup.
 * - The keys are not in the backup (DATA_DIR/data.key seals personal
 *   data, secret.key signs forms): kept apart from the data they protect,
 *   they are copied by the operator (docs/scaling.md, "Backup").
 * - The S3 file store is not copied: its objects live in the bucket, whose
 *   versioning or replication keeps them.
 *
 * Thread-safety: each call works on its own folders and connections.
 */
#ifndef MC_CORE_BACKUP_H
#define MC_CORE_BACKUP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "core/compiler.h"
#include "core/status.h"

/* What a backup holds, from its MANIFEST. */
struct backup_info {
    char backend[16];       /* "sqlite", "postgresql" */
    char database[32];      /* "database.sqlite" */
    int64_t created;        /* Unix time (clock_now) when the snapshot began */
    int64_t files;          /* files of the file store in the backup */
};

/*
 * Back up the database url names and the file store under data_dir into
 * the folder dir, which must not exist (its parent must).  On success
 * *info (may be NULL) describes it.  On failure nothing is left at dir
 * and *why (may be NULL) gets a Vietnamese reason (static).  Returns
 * MC_ERR_CONFLICT when dir exists, MC_ERR_IO when a copy fails,
 * MC_ERR_INVALID for a URL no built backend takes.
 */
enum mc_status backup_make(const char *url, const char *data_dir, const char *dir,
                           struct backup_info *info, const char **why) MC_WARN_UNUSED;

/* Read dir/MANIFEST into *out.  MC_ERR_NOT_FOUND when dir holds no complete backup. */
enum mc_status backup_read(const char *dir, struct backup_info *out) MC_WARN_UNUSED;

/*
 * Restore the backup in dir into the database url names and the file
 * store under data_dir.  Refuses (MC_ERR_CONFLICT) a database that has
 * tables or a file store that has files unless replace is true; refuses
 * (MC_ERR_INVALID) a backup of another backend.  *why (may be NULL) gets
 * a Vietnamese reason on failure (static).
 */
enum mc_status backup_restore(const char *dir, const char *url, const char *data_dir,
                              bool replace, const char **why) MC_WARN_UNUSED;

/*
 * The scheduled backup: a new backup root/motcua-YYYYMMDD-HHMMSS (UTC, of
 * clock_now()), then remove the oldest complete backups of root past the
 * keep newest (keep 0 is 1) and partial ones left by an interrupted run.
 * root is created if missing.  Errors as backup_make().
 */
enum mc_status backup_scheduled(const char *url, const char *data_dir, const char *root,
                                unsigned keep) MC_WARN_UNUSED;

/*
 * The creation time of the newest complete backup in root (any folder of
 * root with a MANIFEST) into *created.  MC_ERR_NOT_FOUND when there is
 * none (or root is missing).
 */
enum mc_status backup_newest(const char *root, int64_t *created) MC_WARN_UNUSED;

#endif
