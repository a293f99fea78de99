/*
 * groupsync.h - group commit: concurrent writers share one fdatasync.
 *
 * A writer that has appended to a log file (SQLite's -wal file) and must
 * not acknowledge before the bytes are on stable storage calls
 * groupsync_wait().  The first waiter becomes the leader and runs the
 * sync; writers arriving while it runs wait for the next sync, which one
 * of them leads and which covers all of them.  So N concurrent writers
 * pay about two sync latencies, not N.
 *
 * DESIGN
 * - One mutex, one condition variable and ticket counters.  A waiter takes
 *   ticket `++issued` after its write has returned; a leader records
 *   `target = issued` before it starts the sync, so every ticket <= target
 *   belongs to a write that the sync (fdatasync of the inode) covers.
 *   When the sync succeeds, `done = target` and all those waiters return.
 * - No timer, no background thread: a lone writer syncs at once (the same
 *   latency as a synchronous commit); batching only happens under load.
 * - A failed fdatasync is sticky: after it, every wait fails with
 *   MC_ERR_IO.  Linux may drop the dirty pages of a failed writeback and
 *   report success to a later fsync, so nothing written before the
 *   failure can be trusted again without a restart (as PostgreSQL does).
 *   A failure to open the file only fails the waiters of that round.
 * - The file is opened once and re-opened when its path names another
 *   inode (SQLite deletes the -wal file when the last connection closes
 *   and creates a new one later).  The descriptor is read-only and never
 *   locked, so it cannot disturb SQLite's POSIX locks (they are on the
 *   database and -shm files, not on the -wal file).
 *
 * Thread-safety: every function may be called from any thread, except
 * groupsync_free() (no waiter may be inside).
 */
#ifndef MC_GROUPSYNC_H
#define MC_GROUPSYNC_H

#include <stdint.h>
#include "core/status.h"

struct groupsync;

/*
 * A syncer for the file at path: each round opens it if needed and calls
 * fdatasync().  path is copied.  Free with groupsync_free().
 */
struct groupsync *groupsync_new(const char *path);
/*
 * A syncer whose round calls syncfs() on the file system holding the
 * folder dir: every file written, created or renamed there before the
 * round began is on stable storage after it (Linux reports writeback
 * errors of the whole file system to syncfs since 5.8).  For stores of
 * many small files, where an fsync of each file and its folder would cost
 * one journal commit each.  dir is copied; it is opened on the first round.
 */
struct groupsync *groupsync_new_fs(const char *dir);
/*
 * A syncer whose round calls fn(arg) instead (tests, other media).  fn
 * returns 0 on success, -1 when written data may be lost (sticky failure),
 * -2 when the sync could not even be attempted (only this round fails).
 */
struct groupsync *groupsync_new_fn(int (*fn)(void *arg), void *arg);
/* Close the file and free.  NULL is fine. */
void groupsync_free(struct groupsync *gs);

/*
 * Return once a sync that started after this call began has completed:
 * MC_OK, or MC_ERR_IO when that sync (or any earlier one: sticky) failed.
 * Call it after the write to cover has returned.  Blocks.
 */
enum mc_status groupsync_wait(struct groupsync *gs) MC_WARN_UNUSED;

/* Counters since creation: *waits calls of groupsync_wait, *syncs rounds run. */
void groupsync_stats(struct groupsync *gs, uint64_t *waits, uint64_t *syncs);

/*
 * The process-wide syncer of path (one per path, shared by every
 * connection to the same database), created on first use; reference
 * counted.  Release each acquire with groupsync_release().
 */
struct groupsync *groupsync_acquire(const char *path);
/* The same for groupsync_new_fs(dir): one syncer per folder. */
struct groupsync *groupsync_acquire_fs(const char *dir);
/* Drop one reference; the last one frees the syncer.  NULL is fine. */
void groupsync_release(struct groupsync *gs);

#endif
