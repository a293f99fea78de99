/*
 * ratelimit.h - counters of attempts per key (an address, a dossier code)
 * in fixed windows, kept in memory, for limits that must hold under attack.
 *
 *   static struct ratelimit per_code = RATELIMIT_INIT(3600, 10);
 *   if (ratelimit_over(&per_code, code, now))       refuse;
 *   ...;  if (wrong)  ratelimit_hit(&per_code, code, now);
 *
 * DESIGN
 * - Open addressing with linear probing over RATELIMIT_SLOTS slots, each
 *   holding its whole key: two keys never share a counter (a table
 *   without chains let two addresses that met in one slot reset each
 *   other's count).  A slot is reused once its window has passed.
 * - When every slot holds a live key the table refuses new keys (fails
 *   closed): whoever fills it within one window is stopped, not helped.
 * - Keys longer than RATELIMIT_KEY_MAX - 1 bytes are cut (addresses and
 *   codes are shorter).  Thread-safe (one mutex per table).
 */
#ifndef MC_RATELIMIT_H
#define MC_RATELIMIT_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#define RATELIMIT_SLOTS 4096
#define RATELIMIT_KEY_MAX 64

struct ratelimit_slot {
    char key[RATELIMIT_KEY_MAX];   /* "" = never used */
    int64_t since;                 /* start of the key's window, seconds */
    unsigned count;                /* attempts in the window */
};

struct ratelimit {
    int64_t window;                /* seconds */
    unsigned max;                  /* attempts allowed per window */
    pthread_mutex_t lock;
    struct ratelimit_slot slots[RATELIMIT_SLOTS];
};

/* A static table: window seconds, max attempts per window. */
#define RATELIMIT_INIT(window_s, max_n) \
    { (window_s), (max_n), PTHREAD_MUTEX_INITIALIZER, {{{0}, 0, 0}} }

/*
 * Count one attempt by key at now (seconds, any monotonic clock).  True
 * when it is within the limit; false when it is over it, or when the
 * table is full of other live keys (nothing is counted then).
 */
bool ratelimit_hit(struct ratelimit *rl, const char *key, int64_t now);
/* True when key has used all its attempts in the current window (counts nothing). */
bool ratelimit_over(struct ratelimit *rl, const char *key, int64_t now);
/* Forget every key (tests). */
void ratelimit_reset(struct ratelimit *rl);

#endif
