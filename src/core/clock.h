/*
 * clock.h - the injectable clock.
 *
 * Domain code asks clock_now() for "now" instead of calling time(), so
 * tests can pin or move time: the environment variable MOTCUA_NOW
 * (ISO 8601, e.g. 2026-02-13T09:00:00+07:00, or Unix seconds) fixes the
 * start, and clock_set() changes it in-process.  Times are Unix seconds,
 * UTC; they are shown in Asia/Ho_Chi_Minh (UTC+7, no daylight saving).
 * Thread-safe.
 */
#ifndef MC_CLOCK_H
#define MC_CLOCK_H

#include <stdint.h>
#include <stddef.h>
#include "core/status.h"

#define CLOCK_VN_OFFSET (7 * 3600)   /* Asia/Ho_Chi_Minh, seconds east of UTC */

/* Current time in Unix seconds. */
int64_t clock_now(void);
/* Current time in microseconds, monotonic (for durations only). */
int64_t clock_mono_us(void);
/* Pin the clock: from now on clock_now() returns t plus elapsed real time
 * if advancing is non-zero, or exactly t otherwise.  t < 0 unpins. */
void clock_set(int64_t t, int advancing);
/* Read MOTCUA_NOW from the environment (call once at start). */
enum mc_status clock_init_from_env(void) MC_WARN_UNUSED;

/* Parse ISO 8601 "YYYY-MM-DD[THH:MM[:SS]][Z|+HH:MM]" (no offset = +07:00),
 * or a plain number of Unix seconds up to 9999-12-31T23:59:59Z.
 * Returns MC_ERR_INVALID for anything else. */
enum mc_status clock_parse_iso(const char *s, int64_t *out) MC_WARN_UNUSED;
/* Format t as "YYYY-MM-DDTHH:MM:SS+07:00" into out (at least 26 bytes). */
void clock_format_iso(int64_t t, char *out, size_t size);
/* Format t as Vietnamese-style "dd/mm/yyyy HH:MM" in UTC+7. */
void clock_format_vn(int64_t t, char *out, size_t size);

#endif
