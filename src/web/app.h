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
#include <pthread.h>
#include <stdbool.h>
#include "domain/accounts/account.h"
#include "core/config.h"
#include "core/db.h"
#include "core/http.h"
#include "core/tmpl.h"
#include "domain/notify/notify.h"
#include "domain/calendar/calendar.h"
#include "domain/payment/payment.h"
#include "core/filestore.h"

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
};

struct app {
    struct config cfg;
    struct tmpl_set *tmpl;
    struct db_pool *pool;
    unsigned char secret[32];   /* HMAC key for CSRF tokens, from data_dir/secret.key */
    void (*wake_outbox)(void *ctx);   /* deliver queued messages now: set by the program's
                                         wiring (src/app/serve.c, which owns the jobs);
                                         NULL = at the outbox's next round */
    void *wake_ctx;                   /* passed to wake_outbox */
    struct notify_config notify;   /* outbox delivery settings, pointing into cfg */
    /* Dossiers (page_dossier*.c): read-only after app_open. */
    pthread_mutex_t cal_mutex;  /* guards the pointer cal (not the calendar it holds) */
    struct app_calendar *cal;   /* working calendar, loaded at start and swapped by
                                   app_calendar_reload(); read it with web_calendar() */
    struct filestore files;     /* data_dir/files */
    struct payment_provider payment;         /* the sandbox gateway */
    struct payment_sandbox payment_sandbox;  /* its state; secret derived from secret */
    bool demo;                  /* `motcua demo`: sample data, the banner, the demo inbox */
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
/* The done hook: gives the request's database connection back to the pool. */
void web_done(struct http_request *req);
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

/* Handlers, by resource. */
unsigned page_home(struct http_request *req);
/* /favicon.ico, asked for by browsers that ignore <link rel="icon">: the SVG icon. */
unsigned page_favicon(struct http_request *req);
unsigned page_demo_inbox(struct http_request *req);
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
/* Working calendar (page_calendar_admin.c). */
unsigned page_calendar_admin(struct http_request *req);
unsigned page_calendar_override_post(struct http_request *req);
unsigned page_calendar_delete_post(struct http_request *req);
unsigned page_calendar_hours_post(struct http_request *req);
unsigned page_units(struct http_request *req);
unsigned page_procedures(struct http_request *req);
unsigned page_procedure(struct http_request *req);
unsigned api_procedures(struct http_request *req);
unsigned api_procedure(struct http_request *req);
unsigned api_procedure_suggestions(struct http_request *req);
unsigned page_procedure_edit(struct http_request *req);
/* Routing (routing/page_routing.c): who decides, processes and receives. */
unsigned page_routing_edit(struct http_request *req);
unsigned page_routing_edit_post(struct http_request *req);
unsigned page_routing_desks(struct http_request *req);
unsigned page_routing_desks_post(struct http_request *req);
unsigned page_procedure_edit_post(struct http_request *req);
/* Feedback (page_feedback.c, api_feedback.c). */
unsigned page_feedback_list(struct http_request *req);
unsigned page_hoi_dap(struct http_request *req);
unsigned page_feedback_form(struct http_request *req);
unsigned page_feedback_submit(struct http_request *req);
unsigned page_feedback_code_post(struct http_request *req);
unsigned page_feedback_stats(struct http_request *req);
unsigned page_feedback_follow(struct http_request *req);
unsigned page_feedback_rate_post(struct http_request *req);
unsigned page_feedback_reply_post(struct http_request *req);
unsigned page_feedback_public(struct http_request *req);
unsigned page_admin_feedback(struct http_request *req);
unsigned page_admin_feedback_contacts(struct http_request *req);
unsigned page_admin_feedback_contacts_post(struct http_request *req);
unsigned page_admin_feedback_remind_post(struct http_request *req);
unsigned page_admin_feedback_item(struct http_request *req);
unsigned page_admin_feedback_action(struct http_request *req);
unsigned api_feedback_public(struct http_request *req);
unsigned api_feedback_challenge(struct http_request *req);
unsigned api_feedback_code(struct http_request *req);
unsigned api_feedback_stats(struct http_request *req);
unsigned api_feedback_indicators(struct http_request *req);
unsigned api_feedback_submit(struct http_request *req);
unsigned api_feedback_get(struct http_request *req);
unsigned api_feedback_rate(struct http_request *req);
unsigned page_feedback_mine(struct http_request *req);
unsigned page_admin_feedback_file(struct http_request *req);
/* Collaborators (page_collaborator.c). */
unsigned page_collaborator(struct http_request *req);
unsigned page_collaborator_help_post(struct http_request *req);
unsigned page_collaborator_feedback(struct http_request *req);
unsigned page_collaborator_feedback_post(struct http_request *req);

/* Virtual assistant (api_assistant.c, page_assistant.c). */
unsigned api_assistant(struct http_request *req);
unsigned api_assistant_feedback(struct http_request *req);
unsigned api_assistant_handoff(struct http_request *req);
unsigned page_assistant(struct http_request *req);
unsigned page_assistant_handoff_post(struct http_request *req);
unsigned page_assistant_rate_post(struct http_request *req);
unsigned page_admin_assistant(struct http_request *req);
unsigned page_admin_assistant_faq_post(struct http_request *req);
unsigned page_admin_assistant_rule_post(struct http_request *req);
unsigned page_admin_assistant_resolve_post(struct http_request *req);

/* Dossiers, vault, tracking, payment (page_dossier*.c, page_vault.c, page_track.c,
 * page_payment.c). */
unsigned page_submit(struct http_request *req);
unsigned page_submit_post(struct http_request *req);
unsigned page_my_dossiers(struct http_request *req);
unsigned page_drafts(struct http_request *req);
unsigned page_draft_delete_post(struct http_request *req);
unsigned page_dossier(struct http_request *req);
unsigned page_dossier_action_post(struct http_request *req);
unsigned page_dossier_receipt(struct http_request *req);
unsigned page_dossier_file(struct http_request *req);
unsigned page_dossier_queue(struct http_request *req);
unsigned page_dossier_intake(struct http_request *req);
unsigned page_dossier_intake_post(struct http_request *req);
unsigned page_track(struct http_request *req);
unsigned page_vault(struct http_request *req);
unsigned page_vault_post(struct http_request *req);
unsigned page_vault_download(struct http_request *req);
unsigned page_payment_start_post(struct http_request *req);
unsigned page_payment_sandbox(struct http_request *req);
unsigned page_payment_sandbox_post(struct http_request *req);
unsigned api_payment_sandbox_callback(struct http_request *req);

/* Surveys (page_survey.c, api_survey.c). */
unsigned page_survey_index(struct http_request *req);
unsigned page_survey(struct http_request *req);
unsigned page_survey_post(struct http_request *req);
unsigned page_survey_thanks(struct http_request *req);
unsigned page_admin_surveys(struct http_request *req);
unsigned page_admin_survey_create(struct http_request *req);
unsigned page_admin_survey(struct http_request *req);
unsigned page_admin_survey_update(struct http_request *req);
unsigned page_admin_survey_question_add(struct http_request *req);
unsigned page_admin_survey_question_post(struct http_request *req);
unsigned page_admin_survey_status_post(struct http_request *req);
unsigned page_admin_survey_results(struct http_request *req);
unsigned page_admin_survey_xlsx(struct http_request *req);
unsigned page_admin_survey_csv(struct http_request *req);
unsigned api_survey_get(struct http_request *req);
unsigned api_survey_respond(struct http_request *req);

/* The 766 index (api_index.c). */
unsigned api_index(struct http_request *req);
unsigned api_index_ranking(struct http_request *req);
unsigned api_index_late(struct http_request *req);

/* Ratings and the service-quality dashboards (page_rating.c, page_quality.c). */
unsigned page_rating(struct http_request *req);
unsigned page_rating_post(struct http_request *req);
unsigned page_quality(struct http_request *req);
unsigned page_quality_xlsx(struct http_request *req);
unsigned page_quality_csv(struct http_request *req);
unsigned page_quality_unit(struct http_request *req);
unsigned page_quality_indicator(struct http_request *req);
unsigned page_admin_quality(struct http_request *req);

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
