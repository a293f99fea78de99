/* status.c - names for the status enum (see status.h). */
#include "core/status.h"

const char *mc_status_name(enum mc_status st)
{
    switch (st) {
    case MC_OK: return "ok";
    case MC_ERR_INVALID: return "invalid";
    case MC_ERR_NOT_FOUND: return "not_found";
    case MC_ERR_CONFLICT: return "conflict";
    case MC_ERR_UNAUTHORIZED: return "unauthorized";
    case MC_ERR_FORBIDDEN: return "forbidden";
    case MC_ERR_TOO_LARGE: return "too_large";
    case MC_ERR_RATE_LIMITED: return "rate_limited";
    case MC_ERR_IO: return "io";
    case MC_ERR_DB: return "db";
    case MC_ERR_BUSY: return "busy";
    case MC_ERR_INTERNAL: return "internal";
    }
    return "unknown";
}
