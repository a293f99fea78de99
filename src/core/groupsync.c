/* groupsync.c - group commit: concurrent writers share one fdatasync (see groupsync.h). */
#include <errno.h>
#include <inttypes.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "core/clock.h"
#include "core/groupsync.h"
#include "core/log.h"
#include "core/sched.h"
#include "core/mem.h"

struct groupsync {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    uint64_t issued;        /* tickets handed out (one per wait) */
    uint64_t done;          /* every ticket <= done is covered by a completed sync */
    uint64_t fail_target;   /* highest target of a round that failed (-2) */
    bool running;           /* a leader is syncing */
    bool broken;            /* an fdatasync failed: every wait fails from now on */
    uint64_t syncs;         /* rounds run */
    int64_t sync_us;        /* time spent in rounds */
    int (*fn)(void *arg);   /* the sync of one round */
    void *arg;
    /* The file, for groupsync_new(); only the leader touches these. */
    char *path;
    bool whole_fs;          /* syncfs() of path's file system, not fdatasync() of path */
    int fd;                 /* -1 until opened */
    dev_t dev;
    ino_t ino;
    /* The registry of groupsync_acquire(). */
    int refs;               /* guarded by registry_mu */
    struct groupsync *next; /* guarded by registry_mu */
};

/*
 * Open path if not open yet or if it now names another inode; fdatasync
 * it, or syncfs() its file system when whole_fs.
 */
static int sync_path(void *arg)
{
    struct groupsync *gs = arg;
    struct stat sb;
    if (stat(gs->path, &sb) != 0) {
        log_error("group sync: cannot stat %s: %s", gs->path, strerror(errno));
        return -2;
    }
    if (gs->fd >= 0 && (sb.st_dev != gs->dev || sb.st_ino != gs->ino)) {
        close(gs->fd);
        gs->fd = -1;
    }
    if (gs->fd < 0) {
        gs->fd = open(gs->path, O_RDONLY | O_CLOEXEC);
        if (gs->fd < 0 || fstat(gs->fd, &sb) != 0) {
            log_error("group sync: cannot open %s: %s", gs->path, strerror(errno));
            if (gs->fd >= 0)
                close(gs->fd);
            gs->fd = -1;
            return -2;
        }
        gs->dev = sb.st_dev;
        gs->ino = sb.st_ino;
    }
    if ((gs->whole_fs ? syncfs(gs->fd) : fdatasync(gs->fd)) != 0) {
        log_error("group sync: %s of %s failed: %s", gs->whole_fs ? "syncfs" : "fdatasync",
                  gs->path, strerror(errno));
        return -1;
    }
    return 0;
}

struct groupsync *groupsync_new_fn(int (*fn)(void *arg), void *arg)
{
    struct groupsync *gs = xcalloc(1, sizeof(*gs));
    if (pthread_mutex_init(&gs->mu, NULL) != 0 || pthread_cond_init(&gs->cv, NULL) != 0)
        abort();
    gs->fn = fn;
    gs->arg = arg;
    gs->fd = -1;
    return gs;
}

struct groupsync *groupsync_new(const char *path)
{
    struct groupsync *gs = groupsync_new_fn(sync_path, NULL);
    gs->arg = gs;
    gs->path = xstrdup(path);
    return gs;
}

struct groupsync *groupsync_new_fs(const char *dir)
{
    struct groupsync *gs = groupsync_new(dir);
    gs->whole_fs = true;
    return gs;
}

void groupsync_free(struct groupsync *gs)
{
    if (!gs)
        return;
    if (gs->path && gs->syncs > 0)
        log_debug("group sync of %s: %" PRIu64 " waits in %" PRIu64 " rounds, %.1f ms each",
                  gs->path, gs->issued, gs->syncs,
                  (double)gs->sync_us / 1000.0 / (double)gs->syncs);
    if (gs->fd >= 0)
        close(gs->fd);
    free(gs->path);
    pthread_cond_destroy(&gs->cv);
    pthread_mutex_destroy(&gs->mu);
    free(gs);
}

enum mc_status groupsync_wait(struct groupsync *gs)
{
    enum mc_status st;
    sched_block_begin();   /* waiting for the disk, not the CPU */
    pthread_mutex_lock(&gs->mu);
    uint64_t my = ++gs->issued;
    for (;;) {
        if (gs->done >= my) {
            st = MC_OK;
            break;
        }
        /* A failed round with target >= my started after my ticket: it was mine. */
        if (gs->broken || gs->fail_target >= my) {
            st = MC_ERR_IO;
            break;
        }
        if (gs->running) {
            pthread_cond_wait(&gs->cv, &gs->mu);
            continue;
        }
        /* Lead a round covering every ticket issued so far (mine included). */
        uint64_t target = gs->issued;
        gs->running = true;
        pthread_mutex_unlock(&gs->mu);
        int64_t t0 = clock_mono_us();
        int rc = gs->fn(gs->arg);
        int64_t spent = clock_mono_us() - t0;
        pthread_mutex_lock(&gs->mu);
        gs->sync_us += spent;
        gs->running = false;
        gs->syncs++;
        if (rc == 0)
            gs->done = target;
        else if (rc == -1)
            gs->broken = true;
        else
            gs->fail_target = target;
        pthread_cond_broadcast(&gs->cv);
    }
    pthread_mutex_unlock(&gs->mu);
    sched_block_end();
    return st;
}

void groupsync_stats(struct groupsync *gs, uint64_t *waits, uint64_t *syncs)
{
    pthread_mutex_lock(&gs->mu);
    *waits = gs->issued;
    *syncs = gs->syncs;
    pthread_mutex_unlock(&gs->mu);
}

/* ---------------------------------------------------------------- registry */

static pthread_mutex_t registry_mu = PTHREAD_MUTEX_INITIALIZER;
static struct groupsync *registry;

static struct groupsync *acquire(const char *path, bool whole_fs)
{
    struct groupsync *gs;
    pthread_mutex_lock(&registry_mu);
    for (gs = registry; gs; gs = gs->next)
        if (gs->whole_fs == whole_fs && strcmp(gs->path, path) == 0)
            break;
    if (!gs) {
        gs = whole_fs ? groupsync_new_fs(path) : groupsync_new(path);
        gs->next = registry;
        registry = gs;
    }
    gs->refs++;
    pthread_mutex_unlock(&registry_mu);
    return gs;
}

struct groupsync *groupsync_acquire(const char *path)
{
    return acquire(path, false);
}

struct groupsync *groupsync_acquire_fs(const char *dir)
{
    return acquire(dir, true);
}

void groupsync_release(struct groupsync *gs)
{
    bool last = false;
    if (!gs)
        return;
    pthread_mutex_lock(&registry_mu);
    if (--gs->refs == 0) {
        for (struct groupsync **p = &registry; *p; p = &(*p)->next) {
            if (*p == gs) {
                *p = gs->next;
                break;
            }
        }
        last = true;
    }
    pthread_mutex_unlock(&registry_mu);
    if (last)
        groupsync_free(gs);
}
