/*
 * backoff.h - how long a sign-in attempt must wait after failures.
 *
 * Failures are counted per account and client address together (and per
 * address alone, see account.h), never per account alone: an attacker
 * who guesses a password from one address slows himself down, while the
 * owner signing in from another address, or after a reset by code, is
 * not held up at all.  The first BACKOFF_FREE failures cost nothing
 * (typing mistakes); each further one doubles the wait, from BACKOFF_BASE
 * seconds up to BACKOFF_MAX.  Failures older than BACKOFF_MEMORY are
 * forgotten, and a successful sign-in forgets those of its pair.
 *
 * With these numbers one address can try one account about 35 times a
 * day.  Pure and thread-safe.
 */
#ifndef MC_ACCOUNTS_BACKOFF_H
#define MC_ACCOUNTS_BACKOFF_H

#include <stdint.h>

#define BACKOFF_FREE 3               /* failures before any wait */
#define BACKOFF_BASE 30              /* seconds of wait after failure BACKOFF_FREE + 1 */
#define BACKOFF_MAX 3600             /* the longest wait, seconds */
#define BACKOFF_MEMORY (24 * 3600)   /* failures are counted over this many seconds */

/*
 * The wait, in seconds after the last failure, before the next attempt
 * after `failures` failures: 0 up to BACKOFF_FREE, then BACKOFF_BASE,
 * doubling, capped at BACKOFF_MAX.  Negative counts are 0.
 */
int64_t backoff_delay(int64_t failures);

/*
 * Seconds still to wait at time now, given the number of failures and
 * the time of the last one (Unix seconds); 0 means an attempt may be made.
 */
int64_t backoff_remaining(int64_t failures, int64_t last_failure, int64_t now);

#endif
