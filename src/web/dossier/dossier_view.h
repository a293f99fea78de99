/*
 * dossier_view.h - what the dossier pages share (page_dossier*.c,
 * page_vault.c, page_track.c, page_payment.c): the domain environment of
 * a request, Vietnamese dates, uploads checked by content and put in the
 * file store, file downloads, and the JSON views of dossiers, events and
 * files for the templates.
 *
 * Handlers stay thin: they parse, call the domain (dossier/dossier.h,
 * vault/vault.h, payment/payment.h) and render with these helpers.  No
 * SQL here.  Every function uses only the request's memory and the
 * calling thread's connection.
 */
#ifndef MC_WEB_DOSSIER_VIEW_H
#define MC_WEB_DOSSIER_VIEW_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include "web/app.h"
#include "domain/dossier/dossier.h"
#include "core/filestore.h"

#define DOSSIER_VIEW_UPLOAD_MAX 16   /* file inputs read from one form */

/* The request's application. */
struct app *dossier_view_app(struct http_request *req);

/* Fill *env with this request's connection, the calendar and the file store. */
void dossier_view_env(struct http_request *req, struct dossier_env *env);

/* The signed-in user (the caller checked web_signed_in()). */
const struct user *dossier_view_user(struct http_request *req);

/* "dd/mm/yyyy HH:MM" (Vietnam time) as a JSON string; "" for 0. */
json_t *dossier_view_time(int64_t t);
/* "dd/mm/yyyy" as a JSON string; "" for 0. */
json_t *dossier_view_date(int64_t t);

/*
 * Parse a Vietnam date, "YYYY-MM-DD" as date fields send it or
 * "DD/MM/YYYY" as people type it where the browser shows a text field,
 * into *out: the given hour of that day in Unix seconds.  false for
 * anything else.
 */
bool dossier_view_parse_date(const char *s, int hour, int64_t *out);

/*
 * The non-empty upload of form field name, or NULL when the field was not
 * sent or no file was chosen (browsers send an empty part).
 */
struct http_upload *dossier_view_upload(struct http_request *req, const char *name);

/*
 * Check an upload before storing it: not empty, at most 10 MB, a PDF,
 * JPEG or PNG by its first bytes.  Returns NULL when fine, else the
 * Vietnamese reason (static).
 */
const char *dossier_view_upload_check(const struct http_upload *up);

/*
 * Stage a checked upload in the file store (filestore_stage_file, with
 * the request's connection).  OUT *meta.  The caller's next synced commit
 * (the one writing the row that names the file) makes it durable; do not
 * acknowledge anything before it.  Returns as filestore_stage_file().
 */
enum mc_status dossier_view_upload_store(struct http_request *req,
                                         const struct http_upload *up,
                                         struct filestore_meta *meta) MC_WARN_UNUSED;

/*
 * The upload's file name, cleaned for use as a document name (path
 * removed, at most 200 bytes, valid UTF-8), or fallback.  Request memory.
 */
const char *dossier_view_upload_name(struct http_request *req, const struct http_upload *up,
                                     const char *fallback);

/*
 * Send a stored file as a download named name (an extension for its type
 * is added when missing): Content-Disposition attachment with an ASCII
 * fallback and the UTF-8 name, the sniffed Content-Type, nosniff.
 */
unsigned dossier_view_send_file(struct http_request *req, const struct filestore_meta *meta,
                                const char *name);
/*
 * The same for any stored file: sha256 its content, type its Content-Type
 * ("" = application/octet-stream), name the download's name ("tep" when
 * NULL or empty), the type's extension added only with add_ext.  what
 * names the file in the log when it cannot be read ("a stored file").
 */
unsigned dossier_view_send_stored(struct http_request *req, const char *sha256, const char *type,
                                  const char *name, bool add_ext, const char *what);

/* The agency's name, or its code when it is not stored. */
json_t *dossier_view_agency_name(struct db *db, const char *code);

/* The dossier's summary for templates (code, procedure, status, dates ...). */
json_t *dossier_view_summary(struct db *db, const struct dossier *d);
/* The history for templates (oldest first). */
json_t *dossier_view_events(const struct dossier_event_list *l);
/* The files for templates, with their download links. */
json_t *dossier_view_files(const struct dossier *d, const struct dossier_file_list *l);

/* A row of a list (my dossiers, queues) for templates. */
json_t *dossier_view_row(const struct dossier_row *r);

/* Vietnamese name of a delivery method. */
const char *dossier_view_delivery_name(int delivery);

/*
 * Answer a domain error of a dossier page with the dossier error page:
 * the HTTP status of st from the one table (web/reply.h: 404, 403, 409,
 * 422, 429, 503, 500); the message why (the domain's reason, may be NULL)
 * for the client's faults other than 404, else the dossier pages' default.
 * back (may be NULL) is a link shown under the message.
 */
unsigned dossier_view_error(struct http_request *req, enum mc_status st, const char *why,
                            const char *back);

/* A random one-time token (32 hex digits) in request memory, for forms. */
const char *dossier_view_token(struct http_request *req);

/* The absolute URL of path (MOTCUA_PUBLIC_URL, or the Host header). */
const char *dossier_view_absolute(struct http_request *req, const char *path);

/* A dossier code or payment reference safe for a URL segment ([A-Za-z0-9._-]). */
bool dossier_view_code_ok(const char *s);

/*
 * The e-form fields a dossier of p asks for: the procedure's own, or,
 * when it has none, one required free-text field "noi_dung" labelled
 * "Nội dung yêu cầu".  i < dossier_view_field_count(p).  Pure.
 */
size_t dossier_view_field_count(const struct procedure *p);
const char *dossier_view_field_key(const struct procedure *p, size_t i);
const char *dossier_view_field_label(const struct procedure *p, size_t i);
bool dossier_view_field_required(const struct procedure *p, size_t i);

/*
 * The name of document i of p (or "Tài liệu kèm theo" past its list),
 * whole unless it passes DOSSIER_DOC_NAME_MAX, what the domain accepts:
 * then cut on a character boundary with "…" added, copied into the
 * request's arena.
 */
const char *dossier_view_doc_name(struct http_request *req, const struct procedure *p,
                                  size_t i);

#endif
