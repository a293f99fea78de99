/*
 * demo_eform.h - the demo's electronic forms (data/demo/eforms.json): typed
 * fields, which documents must be uploaded and which field counts the
 * copies a fee is paid for, laid over a procedure read from the national
 * format (which has none of these).
 */
#ifndef MC_DEMO_EFORM_H
#define MC_DEMO_EFORM_H

#include "domain/catalog/procedure.h"

/*
 * Give p the form of its code in data/demo/eforms.json, when it has one
 * and p has no form yet.  Everything added is owned by p.  A member of the
 * wrong type is skipped.
 */
void demo_eform_apply(struct procedure *p);

#endif
