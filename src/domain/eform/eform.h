/*
 * eform.h - the electronic form (tờ khai điện tử) of a procedure: typed
 * fields checked on the server with a Vietnamese reason per field, the
 * documents a submission must carry (required, optional, or required when
 * the form says so), the number of copies a fee counts, and the
 * declaration read back with its labels for the pages, the receipt, the
 * result and the export.
 *
 * DESIGN (docs/internals/eform.md)
 * - The form is part of the procedure (struct proc_form_field in
 *   catalog/procedure.h), so a dossier is always read with the fields of
 *   the version it was lodged under.  A procedure without fields has one
 *   free-text field, "noi_dung" (Nội dung yêu cầu).
 * - Values travel as a JSON object of strings keyed by field key.  The
 *   check normalises them in place: dates become dd/mm/yyyy, phone
 *   numbers 0xxxxxxxxx, an address gets its commune's full name (and the
 *   commune code under "<key>__xa"); values of fields that are not asked
 *   (show_if not met) are dropped.
 * - Reasons are static Vietnamese sentences filed under the field key (or
 *   "<key>__xa" for an address's commune, "doc_<i>" for a document slot,
 *   a string the caller passes in); the page shows each next to its field.
 *
 * Thread-safety: every function uses only its arguments (and the struct
 * db passed in, the calling thread's connection).
 */
#ifndef MC_EFORM_EFORM_H
#define MC_EFORM_EFORM_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "core/buf.h"
#include "core/db.h"
#include "core/errors.h"
#include "core/import_report.h"
#include "core/status.h"
#include "domain/audit/audit.h"
#include "domain/catalog/procedure.h"

#define EFORM_VALUE_MAX 8000          /* bytes of one value */
#define EFORM_DEFAULT_KEY "noi_dung"  /* the one field of a procedure without a form */
#define EFORM_COMMUNE_SUFFIX "__xa"   /* value key of an address's commune code */
#define EFORM_COPIES_MAX 100          /* copies one dossier may ask for */

/* The kinds of field (proc_form_field.type; NULL or unknown is text). */
enum eform_type {
    EFORM_TEXT,       /* one line */
    EFORM_TEXTAREA,   /* several lines */
    EFORM_DATE,       /* dd/mm/yyyy, a real date */
    EFORM_NUMBER,     /* a whole number within min..max */
    EFORM_SELECT,     /* one of options */
    EFORM_CCCD,       /* 12 digits, checked as accounts/ident.h does */
    EFORM_PHONE,      /* a Vietnamese mobile number */
    EFORM_EMAIL,
    EFORM_ADDRESS,    /* house and street, and a commune of the 2025 units */
};

/* The type of f; the type code as stored ("date"); the HTML input type ("date"). */
enum eform_type eform_type_of(const struct proc_form_field *f);
const char *eform_type_code(enum eform_type t);

/* How many fields p's form has (at least 1: the default field). */
size_t eform_count(const struct procedure *p);
/* Field i of p's form; i == 0 of a procedure without fields is the default one (static). */
const struct proc_form_field *eform_field(const struct procedure *p, size_t i);

/*
 * True when field f is asked given values (its show_if "key=value" holds,
 * or it has none).  values may be NULL (nothing typed).  Pure.
 */
bool eform_asked(const struct proc_form_field *f, const json_t *values);

/*
 * Check and normalise values (a JSON object of strings, changed in place)
 * against p's form, as of today (a day number of calendar/date.h, for
 * dates that must not be in the future).  db reads the communes of
 * addresses (may be NULL: any commune code is refused).  Every reason goes
 * to errs under the field's key (pointers into p: keep p while errs is
 * used).  Returns MC_OK; MC_ERR_INVALID when any field is refused;
 * MC_ERR_DB.
 */
enum mc_status eform_check(struct db *db, const struct procedure *p, json_t *values,
                           int32_t today, struct form_errors *errs) MC_WARN_UNUSED;

/* Whether document i of p must be uploaded given values. */
enum eform_need {
    EFORM_OPTIONAL,       /* may be left empty */
    EFORM_REQUIRED,       /* must be there */
};

/*
 * What p says of document i given values: required (or conditional and
 * its condition holds), else optional.  Pure.
 */
enum eform_need eform_document_need(const struct procedure *p, size_t i, const json_t *values);

/*
 * A short Vietnamese note for document i's slot: "bắt buộc", "không bắt
 * buộc", or "bắt buộc khi <label> là <value>" built into out (size bytes).
 * Returns out.
 */
const char *eform_document_note(const struct procedure *p, size_t i, char *out, size_t size);

/*
 * The number of copies the fee counts: the value of p->copies_field in
 * values (0..EFORM_COPIES_MAX; 0 when missing or out of range).  Only
 * meaningful when p counts copies.  Pure.
 */
int64_t eform_copies(const struct procedure *p, const json_t *values);

/*
 * The fee of a dossier of p lodged through a channel whose fee is
 * channel_fee (đồng, 0 when free or unknown): when p counts copies,
 * copies x (p->copy_fee_dong or else channel_fee); otherwise channel_fee.
 * Pure.
 */
int64_t eform_fee(const struct procedure *p, int64_t channel_fee, const json_t *values);

/* What eform_entries() lists. */
enum eform_where {
    EFORM_ALL,            /* every asked field with a value */
    EFORM_ON_RECEIPT,     /* the fields the receipt (Mẫu 01) prints */
    EFORM_ON_RESULT,      /* the fields the generated result prints */
};

/* One declared value with its label.  Pointers into p and the JSON given. */
struct eform_entry {
    const char *key;
    const char *label;
    const char *value;
};

/*
 * The declared values of form_json (a dossier's form_data) for where, in
 * the form's order, into out[0..max) (*n entries).  Keys the form does not
 * know are listed after, labelled by their key, when where is EFORM_ALL (a
 * record from another version).  *doc holds the parsed JSON the values
 * point into: json_decref() it when done (NULL on a parse failure, n 0).
 * Pure.
 */
void eform_entries(const struct procedure *p, const char *form_json, enum eform_where where,
                   struct eform_entry *out, size_t max, size_t *n, json_t **doc);

/*
 * Append the search folding (core/text.h text_fold) of every declared
 * value of form_json to out, separated by spaces.  Returns MC_OK,
 * MC_ERR_TOO_LARGE.
 */
enum mc_status eform_fold_values(const char *form_json, struct buf *out) MC_WARN_UNUSED;

/* ---------------------------------------------------------------- loading forms */

/*
 * Replace p's form with spec, the e-form of one procedure as
 * data/demo/eforms.json writes it (docs/internals/eform.md): "fields"
 * (objects: key, label, required, and optionally type, options (an array
 * of strings), hint, show_if, past, min, max, on_receipt, on_result),
 * "documents" (per document of p, in order: "required", "optional" or
 * "conditional:key=value"), "copies_field", "copy_fee_dong".  The spec is
 * checked first: keys [a-z0-9_] up to 64 bytes and unique, labels present,
 * known types, options for a select, conditions on earlier select fields
 * and one of their options, no more documents than p has, copies_field a
 * number field, fees 0..1,000,000,000.  On a refusal p is unchanged and
 * why (may be NULL) gets the reason in Vietnamese.
 * Returns MC_OK or MC_ERR_INVALID.
 */
enum mc_status eform_spec_apply(const json_t *spec, struct procedure *p, struct buf *why)
    MC_WARN_UNUSED;

/*
 * p's e-form as the spec eform_spec_apply() reads (fields, documents'
 * needs when any is set, copies_field, copy_fee_dong), so an admin edits
 * it and eform_spec_apply(eform_spec_json(p)) gives p's form back.  New
 * reference.  Pure.
 */
json_t *eform_spec_json(const struct procedure *p);

/*
 * Load a file of e-forms (a JSON object keyed by procedure code, values as
 * eform_spec_apply() reads them) into the catalogue: each listed
 * procedure gets a new version with its form (catalog_save(), audit row
 * by who; an unchanged form writes nothing).  All or nothing, in one
 * db_tx(): an unknown code or a bad spec rejects the whole file, with one
 * line per problem in rep.  rep (initialised) is cleared and filled.
 * Returns MC_OK; MC_ERR_INVALID (rejected, nothing written); MC_ERR_DB /
 * MC_ERR_BUSY.
 */
enum mc_status eform_import(struct db *db, const struct audit_actor *who, const char *data,
                            size_t len, struct import_report *rep) MC_WARN_UNUSED;

#endif
