/*
 * eform_view.h - the e-form of a procedure on the pages: its typed fields
 * as template data (templates/eform_fields.html), the values read back
 * from a request, and the declaration shown with its labels.  The rules
 * (types, checks, conditions) are domain/eform's.
 *
 * Thread-safety: request memory and the request's connection only.
 */
#ifndef MC_WEB_EFORM_VIEW_H
#define MC_WEB_EFORM_VIEW_H

#include <jansson.h>
#include "core/errors.h"
#include "core/http.h"
#include "domain/catalog/procedure.h"
#include "domain/dossier/dossier.h"
#include "domain/eform/eform.h"

/*
 * The fields of p's form for templates/eform_fields.html: each with its
 * input name (f_<key>), label, value from values (a JSON object, may be
 * NULL), hint, whether required, its kind (a flag per type), the choices
 * of a select and the communes of an address (with the chosen one), and
 * its error from errs (filed under the input name, f_<key>).  New reference.
 */
json_t *eform_view_fields(struct http_request *req, const struct procedure *p,
                          const json_t *values, const struct form_errors *errs);

/*
 * Copy the e-form values of the request (f_<key>, and f_<key>__xa for an
 * address's commune) into values, over what is there.
 */
void eform_view_read(struct http_request *req, const struct procedure *p, json_t *values);

/*
 * The declared values of a dossier (its form JSON) for where, as
 * [{label, value}] (eform_entries()).  New reference.
 */
json_t *eform_view_declaration(const struct procedure *p, const char *form_json,
                               enum eform_where where);

/*
 * The declared values of dossier d (the form of the procedure version it
 * was lodged under; every stored value, labelled by key, when that version
 * cannot be read, as for imported dossiers) for where.  New reference.
 */
json_t *eform_view_dossier(struct db *db, const struct dossier *d, enum eform_where where);

#endif
