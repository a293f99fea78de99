/*
 * tmpl.h - HTML templates, compiled at startup, escaped by default.
 *
 * Syntax (a small Mustache):
 *   {{name}}  {{a.b}}   value looked up in the context stack, HTML-escaped
 *   {{{name}}}          raw output: only for HTML the program built itself
 *   {{#name}}..{{/name}} section: once per array element, once for a true
 *                        value / object / non-empty string / non-zero number,
 *                        skipped for false, null, missing, "", 0 and []
 *   {{^name}}..{{/name}} inverted section: only when the section would skip
 *   {{> other.html}}     include another template with the same context
 *   {{! comment }}       nothing
 *   {{.}}                the current value
 * The data is a jansson value (json_t) built by the handler.
 *
 * All files under templates/ in the embedded assets are compiled by
 * tmpl_set_load(); a syntax error or an include of a missing template
 * fails startup with the file and line, never a request.  A loaded set is
 * read-only and may be used by many threads at once.
 */
#ifndef MC_TMPL_H
#define MC_TMPL_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include "core/buf.h"
#include "core/status.h"

struct tmpl_set;

/*
 * Compile every embedded templates/... file.  On error, returns
 * MC_ERR_INVALID and writes "file:line: reason" into err.
 * On success *out owns the set (free with tmpl_set_free).
 */
enum mc_status tmpl_set_load(struct tmpl_set **out, char *err, size_t err_size)
    MC_WARN_UNUSED;
/*
 * Compile one template from memory under name (for tests).  On a syntax
 * error returns MC_ERR_INVALID with "name:line: reason" in err and leaves
 * the set as it was.  Includes stay unresolved (they render nothing)
 * until tmpl_set_resolve() is called.
 */
enum mc_status tmpl_set_add(struct tmpl_set *set, const char *name, const char *text,
                            char *err, size_t err_size) MC_WARN_UNUSED;
/*
 * Resolve every {{> name}} in the set to its template; call after the
 * last tmpl_set_add (tmpl_set_load does this itself).  MC_ERR_INVALID with
 * "file:line: không có mẫu NAME" in err when an included name is missing,
 * or with "file:line: {{> NAME}} tạo vòng lặp..." when includes form a
 * cycle (a template that includes itself, directly or through others).
 */
enum mc_status tmpl_set_resolve(struct tmpl_set *set, char *err, size_t err_size)
    MC_WARN_UNUSED;
/* An empty set (for tests). */
struct tmpl_set *tmpl_set_new(void);
void tmpl_set_free(struct tmpl_set *set);

/*
 * True when template name, or a template it includes, uses the variable
 * var ({{var}}, {{{var}}} or a section named var).  For deciding whether
 * a page needs a value that costs something to make (a CSRF token).
 */
bool tmpl_references(const struct tmpl_set *set, const char *name, const char *var);

/*
 * Render template name (e.g. "home.html") with ctx, appending to out.
 * MC_ERR_NOT_FOUND for an unknown name; MC_ERR_TOO_LARGE if out overflows.
 */
enum mc_status tmpl_render(const struct tmpl_set *set, const char *name, json_t *ctx,
                           struct buf *out) MC_WARN_UNUSED;

#endif
