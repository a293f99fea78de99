/*
 * app.h - what the web layer shares: the application context, the
 * per-request context, route flags and the reply helpers.
 *
 * Handlers (one file per resource, page_*.c and api_*.c) parse the
 * request, call the domain, and render with web_page()/web_json().  They
 * contain no SQL.
 */
#ifndef MC_WEB_APP_H
#define MC_WEB_APP_H

#include <jansson.h>
#include <stdbool.h>
#include "accounts/account.h"
#include "core/config.h"
#include "core/db.h"
#include "core/http.h"
#include "core/tmpl.h"

/* Route flags read by the guard (struct http_route.flags). */
enum route_flags {
    R_API = 1 << 0,         /* JSON errors; CSRF by X-CSRF-Token header */
    R_SIGNED_IN = 1 << 1,   /* needs a fully signed-in session */
    R_STAFF = 1 << 2,       /* needs staff (with TOTP passed) */
    R_PROVINCE = 1 << 3,    /* needs the province admin role */
    R_PENDING_2FA = 1 << 4, /* allowed for staff between password and TOTP */
    R_NO_CSRF = 1 << 5,     /* a POST that needs no CSRF token (none yet) */
};

struct app {
    struct config cfg;
    struct tmpl_set *tmpl;
    struct db_pool *pool;
    unsigned char secret[32];   /* HMAC key for CSRF tokens, from data_dir/secret.key */
};

/* Per-request data hung on http_request.user by the guard. */
struct web_ctx {
    struct db *db;              /* this thread's connection */
    bool has_session;           /* a live session cookie was presented */
    struct session session;     /* valid when has_session */
    const char *session_token;  /* the cookie value when has_session */
    char csrf[65];              /* the token forms must echo back */
    struct audit_actor actor;   /* for audit rows */
};

extern const struct http_route web_routes[];
extern const size_t web_routes_count;

/* The request's context (never NULL inside handlers). */
struct web_ctx *web_ctx(struct http_request *req);
/* True when signed in (staff: TOTP passed too). */
bool web_signed_in(struct http_request *req);

/* The guard hook and the error hook for struct http_config. */
unsigned web_guard(struct http_request *req);
void web_error(struct http_request *req, unsigned status, const char *code, const char *message);

/*
 * Render templates/<name> inside layout.html with data (a JSON object;
 * the helper adds "title", "csrf", "user" and "nav" keys) and reply.
 * Takes ownership of data (json_decref).
 */
unsigned web_page(struct http_request *req, unsigned status, const char *name,
                  const char *title, json_t *data);
/*
 * web_page in two steps, for callers that keep the page (page_cache.h):
 * render into page (takes ownership of data), then reply with it (takes
 * the buffer's memory).
 */
enum mc_status web_render(struct http_request *req, const char *name, const char *title,
                          json_t *data, struct buf *page) MC_WARN_UNUSED;
unsigned web_reply_page(struct http_request *req, unsigned status, struct buf *page);
/* Reply with JSON; takes ownership of v. */
unsigned web_json(struct http_request *req, unsigned status, json_t *v);
/* {"error":{"code":..,"message":..}} */
unsigned web_json_error(struct http_request *req, unsigned status, const char *code,
                        const char *message);
/* Add "errors" (array) and "err_<field>" keys for a form_errors list. */
void web_form_errors(json_t *data, const struct form_errors *errs);
/* Start a session and set its cookie. */
enum mc_status web_sign_in(struct http_request *req, int64_t user_id, bool second_factor)
    MC_WARN_UNUSED;

/* Handlers, by resource. */
unsigned page_home(struct http_request *req);
unsigned api_healthz(struct http_request *req);
unsigned api_me(struct http_request *req);
unsigned page_register(struct http_request *req);
unsigned page_register_post(struct http_request *req);
unsigned page_login(struct http_request *req);
unsigned page_login_post(struct http_request *req);
unsigned page_logout_post(struct http_request *req);
unsigned page_totp(struct http_request *req);
unsigned page_totp_post(struct http_request *req);
unsigned page_totp_enrol(struct http_request *req);
unsigned page_totp_enrol_post(struct http_request *req);
unsigned page_account(struct http_request *req);
unsigned page_admin(struct http_request *req);
unsigned page_admin_audit(struct http_request *req);
unsigned page_units(struct http_request *req);
unsigned page_procedures(struct http_request *req);
unsigned page_procedure(struct http_request *req);
unsigned api_procedures(struct http_request *req);
unsigned api_procedure(struct http_request *req);
unsigned api_procedure_suggestions(struct http_request *req);
unsigned page_procedure_edit(struct http_request *req);
unsigned page_procedure_edit_post(struct http_request *req);

/* `motcua serve`: run the server until SIGTERM/SIGINT. */
int web_serve_main(int argc, char **argv);

#endif
