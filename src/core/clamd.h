/*
 * clamd.h - scanning uploads with ClamAV's daemon (clamd) over its socket,
 * with the INSTREAM command: "zINSTREAM\0", then chunks (a 4-byte
 * big-endian length and the bytes), then a zero length; clamd answers
 * "stream: OK" or "stream: <signature> FOUND".
 *
 * The address is "unix:/run/clamav/clamd.ctl" (Debian's clamav-daemon),
 * a plain path, or "tcp:HOST:PORT".  Every call opens its own connection
 * (clamd closes it after one command): thread-safe.  Waits at most
 * CLAMD_TIMEOUT_S seconds for clamd.
 */
#ifndef MC_CLAMD_H
#define MC_CLAMD_H

#include <stddef.h>
#include "core/status.h"

#define CLAMD_TIMEOUT_S 30
#define CLAMD_CHUNK (64 * 1024)
#define CLAMD_NAME_MAX 128

/*
 * Scan len bytes of data, or the file path when data is NULL.  MC_OK:
 * clean; MC_ERR_FORBIDDEN: infected, found gets the signature's name;
 * MC_ERR_IO: clamd could not be reached or did not answer (the caller
 * refuses the file: nothing unscanned is kept); MC_ERR_INVALID: a bad
 * address.
 */
enum mc_status clamd_scan(const char *address, const void *data, size_t len, const char *path,
                          char found[CLAMD_NAME_MAX]) MC_WARN_UNUSED;

#endif
