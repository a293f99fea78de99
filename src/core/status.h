/*
 * status.h - the one status enum every fallible function in motcua returns.
 *
 * 0 means success.  Results travel through out-parameters.  The web layer
 * maps a status to an HTTP status and a stable error code in one place
 * (see web/reply.h); the CLI maps it to an exit code.
 */
#ifndef MC_STATUS_H
#define MC_STATUS_H

#include "core/compiler.h"

enum mc_status {
    MC_OK = 0,
    MC_ERR_INVALID,       /* the caller's input is wrong (client fault) */
    MC_ERR_NOT_FOUND,     /* the named object does not exist */
    MC_ERR_CONFLICT,      /* duplicate key or a concurrent change won */
    MC_ERR_UNAUTHORIZED,  /* not signed in, or bad credentials */
    MC_ERR_FORBIDDEN,     /* signed in but not allowed */
    MC_ERR_TOO_LARGE,     /* a size limit was exceeded */
    MC_ERR_RATE_LIMITED,  /* too many attempts; try later */
    MC_ERR_IO,            /* file system or network failure */
    MC_ERR_DB,            /* the database failed (not the caller's fault) */
    MC_ERR_BUSY,          /* the database stayed locked past all retries */
    MC_ERR_INTERNAL,      /* a bug: something that should never happen */
};

/* A short stable English name for logs ("invalid", "not_found", ...). */
const char *mc_status_name(enum mc_status st);

#endif
