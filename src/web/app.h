/*
 * app.h - what the web layer shares: the application context, the
 * per-request context, route flags and the reply helpers.
 *
 * Handlers (one file per resource, page_*.c and api_*.c) parse the
 * request, call the domain, and render with web_page()/web_json().  They
 * contain no SQL.  Each resource file lists its routes under its
 * handlers; each module describes its route files, menu and staff
 * entries in its own folder (web/module.h); src/app lists the modules.
 */
#ifndef MC_WEB_APP_H
#define MC_WEB_APP_H

#include <string.h>
#include <jansson.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include "domain/accounts/account.h"
#include "core/config.h"
#include "core/db.h"
#include "core/http.h"
#include "core/tmpl.h"
#include "domain/notify/notify.h"
#include "domain/notify/gateway.h"
#include "domain/calendar/calendar.h"
#include "domain/payment/payment.h"
#include "core/filestore.h"

struct web_registry;
struct app_calendar;   /* a loaded calendar with a reference count (page_calendar_admin.c) */

/* Route flags read by the guard (struct http_route.flags). */
enum route_flags {
    R_API = 1 << 0,         /* JSON errors; CSRF by X-CSRF-Token header */
    R_SIGNED_IN = 1 << 1,   /* needs a fully signed-in session */
    R_STAFF = 1 << 2,       /* needs staff (with TOTP passed) */
    R_PROVINCE = 1 << 3,    /* needs the province admin role */
    R_PENDING_2FA = 1 << 4, /* allowed for staff between password and TOTP */
    R_NO_CSRF = 1 << 5,     /* a POST that needs no CSRF token (none yet) */
    R_COLLAB = 1 << 6,      /* open to collaborator-only accounts, which get 403 on every
                             * other page that needs sign-in (R_STAFF: officers) */
    R_TEMP_PASSWORD = 1 << 7,  /* open to a session whose password is a temporary one; every
                                * other page that needs sign-in sends it to change it */
    R_REPLICA = 1 << 8,     /* a public page that only reads: served from the replica
                             * (MOTCUA_DB_REPLICA) when it is up and not lagging */
    R_HEAVY = 1 << 9,       /* an R_REPLICA page whose rendering reads many rows (the
                             * 766 dashboards): it runs on a worker, never on an event
                             * loop, where it would hold up every connection the loop
                             * owns */
};

struct app {
    struct config cfg;
    struct tmpl_set *tmpl;
    struct db_pool *pool;
    struct db_pool *replica;    /* MOTCUA_DB_REPLICA's connections, or NULL */
    _Atomic int64_t replica_state;  /* last replica check: its monotonic time in us,
                                       shifted left once, | 1 when it may serve */
    unsigned char secret[32];   /* HMAC key for CSRF tokens, from data_dir/secret.key */
    void (*wake_outbox)(void *ctx);   /* deliver queued messages now: set by the program's
                                         wiring (src/app/serve.c, which owns the jobs);
                                         NULL = at the outbox's next round */
    void *wake_ctx;                   /* passed to wake_outbox */
    struct notify_config notify;   /* outbox delivery settings, pointing into cfg */
    struct notify_gateways gateways;   /* SMS and Zalo gateways (app/serve.c) */
    unsigned char notify_key[32];  /* checks signed receipt addresses (gateway.h) */
    /* Dossiers (page_dossier*.c): read-only after app_open. */
    pthread_mutex_t cal_mutex;  /* guards the pointer cal (not the calendar it holds) */
    struct app_calendar *cal;   /* working calendar, loaded at start and swapped by
                                   app_calendar_reload(); read it with web_calendar() */
    struct filestore files;     /* data_dir/files */
    struct payment_provider payment;         /* the sandbox gateway (when payment_on) */
    bool payment_on;            /* online payment offered: only the sandbox exists, so
                                   only in the demo or with MOTCUA_PAYMENT_SANDBOX=1
                                   (tests); otherwise fees are paid at the counter */
    struct payment_sandbox payment_sandbox;  /* its state; secret derived from secret */
    bool demo;                  /* `motcua demo`: sample data, the banner, the demo inbox */
    const struct web_registry *registry;     /* every module's routes, menu and staff
                                                entries (routes.h), built at start */
};

/* Per-request data hung on http_request.user by the guard. */
struct web_ctx {
    struct db *db;              /* this thread's connection */
    bool on_replica;            /* db comes from app->replica (R_REPLICA routes) */
    bool has_session;           /* a live session cookie was presented */
    struct session session;     /* valid when has_session */
    const char *session_token;  /* the cookie value when has_session */
    char csrf[65];              /* the token forms must echo back */
    struct audit_actor actor;   /* for audit rows */
};

/* The request's context (never NULL inside handlers). */
struct web_ctx *web_ctx(struct http_request *req);
/* True when signed in (staff: TOTP passed too). */
bool web_signed_in(struct http_request *req);

/* The guard hook and the error hook for struct http_config. */
unsigned web_guard(struct http_request *req);
/*
 * The precheck hook: before the core reads a body over HTTP_EARLY_BODY,
 * refuse it on the headers alone when the guard would refuse it after:
 * no CSRF key cookie (or a wrong X-CSRF-Token header, or a browser Origin
 * of another site) for a state change, or a route the visitor may not
 * use (not signed in, not staff, ...).  Holds no database connection
 * while the body arrives.  0 = read the body; the guard still decides.
 */
unsigned web_precheck(struct http_request *req);
/* The done hook: gives the request's database connection back to the pool. */
void web_done(struct http_request *req);
void web_error(struct http_request *req, unsigned status, const char *code, const char *message);

/*
 * Render templates/<name> inside layout.html with data (a JSON object;
 * the helper adds "title", "csrf", "user" and "nav": the menu entries
 * the visitor sees, from app->registry) and reply.
 * Takes ownership of data (json_decref).
 */
/*
 * Log that the signed-in officer touches a citizen's data (subject_id,
 * users.id) in the citizen-visible access log (domain/audit/access_log.h):
 * action "view" or "download", kind "dossier", "vault" or "feedback", ref
 * the object (access_event).  Nothing is logged for a visitor who is not
 * staff, for the subject themself or for subject_id 0.  False when the
 * row could not be written: the caller then shows nothing (no view
 * without its trace).
 */
bool web_log_access(struct http_request *req, int64_t subject_id, const char *action,
                    const char *kind, const char *ref);
/*
 * The access log rows about subject_id (and ref's, when not NULL) for a
 * page: [{when, who, agency, what}], newest first, at most max; an empty
 * array when they cannot be read.
 */
json_t *web_access_json(struct http_request *req, int64_t subject_id, const char *ref,
                        size_t max);

unsigned web_page(struct http_request *req, unsigned status, const char *name,
                  const char *title, json_t *data);
/*
 * web_page in two steps, for callers that keep the page (page_cache.h):
 * render into page (takes ownership of data), then reply with it (takes
 * the buffer's memory).  The reply says Cache-Control: no-store; a page
 * without a secret (web_page_has_secret) is compressed as the visitor's
 * Accept-Encoding prefers.
 */
enum mc_status web_render(struct http_request *req, const char *name, const char *title,
                          json_t *data, struct buf *page) MC_WARN_UNUSED;
unsigned web_reply_page(struct http_request *req, unsigned status, struct buf *page);
/*
 * Whether page, rendered for req, may hold a secret that compression
 * could leak (BREACH): the visitor has a session, or the page shows the
 * visitor's CSRF key.  Such pages are neither compressed nor cached.
 */
bool web_page_has_secret(struct http_request *req, const struct buf *page);
/* True when req gets JSON errors (route flag R_API, or a path under /api/). */
static inline bool web_is_api(const struct http_request *req)
{
    return strncmp(req->path, "/api/", 5) == 0 || (req->route && (req->route->flags & R_API));
}
/* Reply with JSON; takes ownership of v. */
unsigned web_json(struct http_request *req, unsigned status, json_t *v);
/* {"error":{"code":..,"message":..}} */
unsigned web_json_error(struct http_request *req, unsigned status, const char *code,
                        const char *message);
/*
 * Append the bytes of the file uploaded in form field `field` (multipart)
 * to out; *chosen tells whether a non-empty file came.  MC_OK (nothing
 * appended when none came); MC_ERR_TOO_LARGE past out's maximum;
 * MC_ERR_IO when its spool file cannot be read.  The bytes are the
 * client's: check their content and encoding.
 */
enum mc_status web_upload_read(struct http_request *req, const char *field, struct buf *out,
                               bool *chosen) MC_WARN_UNUSED;
/* Add "errors" (array) and "err_<field>" keys for a form_errors list; nothing for NULL. */
void web_form_errors(json_t *data, const struct form_errors *errs);
/* Add "error": error (a message for the whole form) to a page's data; nothing for NULL. */
void web_page_error(json_t *data, const char *error);
/* http_arg(req, name), or dflt when absent. */
const char *web_arg_or(struct http_request *req, const char *name, const char *dflt);
/* http_arg(req, name) without the spaces and tabs around it (arena copy); NULL when empty. */
const char *web_arg_trimmed(struct http_request *req, const char *name);
/*
 * What the visitor posted in each of the NULL-terminated form fields names
 * ({name: value, or ""}), to show a refused form again.  New reference.
 */
json_t *web_form_echo(struct http_request *req, const char *const *names);
struct import_report;
/* Add "import_errors" (array) and "has_import_errors" for rep's messages; nothing for none. */
void web_import_errors(json_t *data, const struct import_report *rep);
/*
 * An export's two routes share one handler: web_wants_xlsx tells whether
 * the path asks for a workbook (".xlsx") rather than CSV; web_reply_export
 * replies 200 with out (taking its memory) as the attachment base.xlsx or
 * base.csv accordingly, with its content type.
 */
bool web_wants_xlsx(const struct http_request *req);
unsigned web_reply_export(struct http_request *req, const char *base, struct buf *out);
/* A time as an ISO 8601 string (core/clock.h), or null when t <= 0 (not set). */
json_t *web_iso_json(int64_t t);
/* A JSON string of b's text (a new reference); b is released. */
json_t *web_json_string_buf(struct buf *b);
/* Start a session and set its cookie. */
enum mc_status web_sign_in(struct http_request *req, int64_t user_id, bool second_factor)
    MC_WARN_UNUSED;
/* Ask the outbox to deliver what a request just queued (a code waits for no round). */
void web_wake_outbox(struct http_request *req);
/* Set the session cookie to token (a session the domain already started). */
void web_set_session(struct http_request *req, const char *token);
/* Delete the session cookie. */
void web_clear_session(struct http_request *req);
/*
 * A local path to go to next: next itself when it is a path on this site
 * ("/..." without "//", "/\", control characters or a scheme), else
 * fallback.  Pure.
 */
const char *web_safe_next(const char *next, const char *fallback);

/*
 * The shared working calendar (page_calendar_admin.c).  A loaded calendar
 * is never changed: an edit loads a new one and swaps the pointer, and the
 * old one is freed when the last request holding it ends.
 *
 * app_calendar_reload: load the stored calendar with db (the calling
 * thread's connection) and make it current.  app->cal_mutex must be
 * initialised.  Returns MC_OK, or calendar_load()'s error with the current
 * calendar unchanged.  Thread-safe.
 * app_calendar_release: drop the current calendar at shutdown (no request
 * may be running).
 * web_calendar: the current calendar for this request, valid until the
 * request ends (a reference released by the request's arena).  Never NULL
 * once app_calendar_reload() has succeeded.  Thread-safe.
 */
enum mc_status app_calendar_reload(struct app *app, struct db *db) MC_WARN_UNUSED;
void app_calendar_release(struct app *app);
const struct calendar *web_calendar(struct http_request *req);

/* `motcua serve`: run the server until SIGTERM/SIGINT. */
int web_serve_main(int argc, char **argv);
/*
 * web_serve_main() for `motcua demo` too: with demo set, every page shows
 * the demo banner (sample data, how to stop) and /quan-tri/hop-thu-demo
 * lists every message the platform would have sent; without it that page
 * answers 404.  argv as for serve.
 */
int web_serve_run(int argc, char **argv, bool demo);
/*
 * Open the listening socket for bind_addr:port (http_listen()) and, when
 * that fails, tell the person on stderr in Vietnamese why (a port in use
 * is named).  Returns http_listen()'s status; on MC_OK out owns a socket.
 */
enum mc_status web_listen(const char *bind_addr, uint16_t port, struct http_listener *out)
    MC_WARN_UNUSED;

#endif
