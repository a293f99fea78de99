/*
 * reply.h - the one place a status from the domain becomes an HTTP reply:
 * its HTTP status and stable error code, and the Vietnamese message, as
 * the HTML error page for pages or {"error": ...} for the JSON API.
 *
 * DESIGN
 * - The mapping is one table (reply.c):
 *     MC_ERR_INVALID       422 "invalid"       MC_ERR_TOO_LARGE  422 "too_large"
 *     MC_ERR_NOT_FOUND     404 "not_found"     MC_ERR_CONFLICT   409 "conflict"
 *     MC_ERR_UNAUTHORIZED  401 "unauthorized"  MC_ERR_FORBIDDEN  403 "forbidden"
 *     MC_ERR_RATE_LIMITED  429 "rate_limited"  MC_ERR_BUSY       503 "busy"
 *     MC_ERR_IO, MC_ERR_DB, MC_ERR_INTERNAL (and MC_OK, a caller's bug)
 *                          500 "internal"
 *   Handlers do not compare statuses to pick a reply; they say what to
 *   tell the user for the statuses their call may return (struct
 *   web_says) and call web_fail().
 * - The message: for the client's faults, the first reason the domain gave
 *   in errs (the most specific), else the handler's text for that status,
 *   else the table's default.  Server faults show the handler's text or
 *   the default, never the domain's reasons.
 * - HTML or JSON per the route (R_API, or a path under /api/), as the
 *   guard's errors: web_is_api() (web/app.h).  The JSON form is
 *   {"error":{"code":..,"message":..[,"fields":[{"field","message"}]]}},
 *   "fields" (possibly empty) when the handler passed errs and the status
 *   is the client's fault.
 * - A page that answers a refusal by showing its form again (422 with the
 *   field errors next to the fields) still does so itself; web_fail() is
 *   for everything else.
 *
 * Thread-safety: request memory only.
 */
#ifndef MC_WEB_REPLY_H
#define MC_WEB_REPLY_H

#include <stdbool.h>
#include "core/errors.h"
#include "core/http.h"
#include "core/status.h"

/*
 * What a handler tells the user when its call fails, per status; a NULL
 * member falls back (see above).  Static Vietnamese text.
 */
struct web_says {
    const char *invalid;        /* MC_ERR_INVALID */
    const char *not_found;      /* MC_ERR_NOT_FOUND */
    const char *conflict;       /* MC_ERR_CONFLICT */
    const char *unauthorized;   /* MC_ERR_UNAUTHORIZED */
    const char *forbidden;      /* MC_ERR_FORBIDDEN */
    const char *too_large;      /* MC_ERR_TOO_LARGE */
    const char *rate_limited;   /* MC_ERR_RATE_LIMITED */
    const char *failed;         /* the server's faults: IO, DB, BUSY, INTERNAL */
};

/*
 * The HTTP status for st, and (code may be NULL) its stable error code
 * ("not_found"), from the table above.  Pure.
 */
unsigned web_status_http(enum mc_status st, const char **code);

/*
 * The Vietnamese message for st: (client faults only) the first message
 * of errs, else says' member for st, else the table's default.  says and
 * errs may be NULL.  Static or errs' memory.
 */
const char *web_status_message(enum mc_status st, const struct web_says *says,
                               const struct form_errors *errs);

/*
 * Answer a failed call: status and code from web_status_http(st), the
 * message from web_status_message(); the HTML error page, or the JSON
 * error with errs as "fields".  says and errs may be NULL.  Returns the
 * HTTP status sent, for the handler to return.
 */
unsigned web_fail(struct http_request *req, enum mc_status st, const struct web_says *says,
                  const struct form_errors *errs);

#endif
