/*
 * errors.h - what a caller did wrong, field by field: the one way domain
 * modules report refusals the user can fix, whatever the input came
 * through (a page's form, a JSON body, a command line).
 *
 * DESIGN
 * - A fallible function returns its enum mc_status (core/status.h) and,
 *   when it refuses for a reason the user can fix, adds one or more
 *   entries here: the field the reason is about (the stable key of the
 *   input: "note", "agency_code"; "" for the input as a whole) and a
 *   Vietnamese message to show as is.  The status says what kind of
 *   failure it is (invalid, forbidden, conflict ...); the entries say why.
 * - Bounded: at most FORM_ERRORS_MAX entries, the rest dropped (the user
 *   has enough to fix); no allocation.  Messages are static strings
 *   (never freed, never built from personal data).
 * - The web layer turns entries into "err_<field>" keys next to form
 *   fields, a summary, or the "fields" of a JSON error reply
 *   (web/app.h); the CLI prints them.  Nothing here knows about HTTP or
 *   multipart parsing (core/form.h), so the domain includes this alone.
 *
 * Not thread-safe per object; plain data, cheap to keep on the stack
 * (struct form_errors errs = {0} is an empty list).
 */
#ifndef MC_ERRORS_H
#define MC_ERRORS_H

#include <stddef.h>

#define FORM_ERRORS_MAX 16   /* entries kept; later ones are dropped */

/* The field errors of one input, in the order they were found. */
struct form_errors {
    size_t count;                 /* entries used, 0..FORM_ERRORS_MAX */
    struct {
        const char *field;        /* input key ("note"); "" = the input as a whole */
        const char *message;      /* static Vietnamese text, shown as is */
    } items[FORM_ERRORS_MAX];
};

/*
 * Add an entry (field NULL is taken as "").  e may be NULL (the caller
 * does not want the reasons): nothing happens.  Past FORM_ERRORS_MAX the
 * entry is dropped.
 */
void form_errors_add(struct form_errors *e, const char *field, const char *message);

/* Forget every entry.  e may be NULL. */
void form_errors_clear(struct form_errors *e);

/* The first message, or NULL when there is none (or e is NULL). */
const char *form_errors_first(const struct form_errors *e);

/* The first message about field, or NULL.  e may be NULL. */
const char *form_errors_of(const struct form_errors *e, const char *field);

/* Append every entry of from to to (dropping past the bound).  Either may be NULL. */
void form_errors_append(struct form_errors *to, const struct form_errors *from);

#endif
