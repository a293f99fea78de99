/*
 * dossier_seal.c - a dossier's personal fields sealed at rest: the contact
 * phone and identity number, the declaration (form_data), the delivery
 * address, and drafts' declarations (core/seal.h, migration 0023).
 */
#include <stdlib.h>
#include <string.h>
#include "core/db.h"
#include "core/log.h"
#include "core/mem.h"
#include "core/seal.h"
#include "core/seal_rows.h"
#include "domain/dossier/dossier-int.h"

/*
 * Rows holding a plaintext value (a sealed one starts with "enc1:"); an
 * empty declaration ("{}", what imported dossiers carry) reveals nothing.
 */
static const struct db_query Q_DOSSIERS = {
    "dossier.seal_rows",
    "SELECT id, contact_phone, contact_id, form_data, delivery_address FROM dossiers"
    " WHERE id > ?1 AND (?2 = 1 OR (contact_phone <> '' AND contact_phone NOT LIKE 'enc1:%')"
    " OR (contact_id <> '' AND (contact_id NOT LIKE 'enc1:%' OR contact_id_bidx IS NULL))"
    " OR (form_data NOT LIKE 'enc1:%' AND form_data <> '{}')"
    " OR (delivery_address <> '' AND delivery_address NOT LIKE 'enc1:%'))"
    " ORDER BY id LIMIT ?3",
};
static const struct db_query Q_DOSSIERS_SET = {
    "dossier.seal_set",
    "UPDATE dossiers SET contact_phone = ?2, contact_id = ?3, form_data = ?4,"
    " delivery_address = ?5, contact_id_bidx = ?6 WHERE id = ?1",
};
static const struct db_query Q_DRAFTS = {
    "dossier.seal_drafts",
    "SELECT id, form_data FROM dossier_drafts WHERE id > ?1 AND (?2 = 1"
    " OR (form_data NOT LIKE 'enc1:%' AND form_data <> '{}')) ORDER BY id LIMIT ?3",
};
static const struct db_query Q_DRAFTS_SET = {
    "dossier.seal_drafts_set",
    "UPDATE dossier_drafts SET form_data = ?2 WHERE id = ?1",
};

static const struct seal_rows dossier_rows = {
    "dossiers", &Q_DOSSIERS, &Q_DOSSIERS_SET, 4, {NULL, "contact_id", NULL, NULL},
};
static const struct seal_rows draft_rows = {
    "dossier_drafts", &Q_DRAFTS, &Q_DRAFTS_SET, 1, {NULL},
};

/* Seal plain into out (size bytes); "" stays "". */
static enum mc_status seal_short(const char *plain, char *out, size_t size)
{
    out[0] = '\0';
    return plain && *plain ? seal_text(plain, out, size) : MC_OK;
}

enum mc_status dossier_seal_fields(const struct dossier *d, const char *form,
                                   const char *address, struct dossier_sealed *out)
{
    enum mc_status rc = seal_short(d->contact_phone, out->phone, sizeof(out->phone));
    out->id_bidx[0] = '\0';
    if (rc == MC_OK)
        rc = seal_short(d->contact_id, out->id, sizeof(out->id));
    if (rc == MC_OK && d->contact_id[0])
        rc = seal_index("contact_id", d->contact_id, out->id_bidx);
    if (rc == MC_OK)
        rc = strlen(address ? address : "") < 512
                 ? seal_short(address, out->address, sizeof(out->address))
                 : MC_ERR_TOO_LARGE;
    if (rc == MC_OK)
        rc = seal_text_alloc(form ? form : "{}", &out->form);
    return rc;
}

void dossier_sealed_release(struct dossier_sealed *s)
{
    free(s->form);
    s->form = NULL;
}

void dossier_open_fields(struct db_stmt *st, int phone_col, int id_col, int form_col,
                         int address_col, struct dossier *d)
{
    char *form = NULL;
    /* A value that does not open is logged by seal_col_open() and read as "". */
    enum mc_status rc = seal_col_open(st, phone_col, d->contact_phone, sizeof(d->contact_phone));
    rc = seal_col_open(st, id_col, d->contact_id, sizeof(d->contact_id));
    rc = seal_col_open(st, address_col, d->delivery_address, sizeof(d->delivery_address));
    (void)rc;
    free(d->form_data);
    d->form_data = seal_col_open_alloc(st, form_col, &form) == MC_OK && form && *form
                       ? form
                       : xstrdup("{}");
    if (d->form_data != form)
        free(form);
}

enum mc_status dossier_reseal(struct db *db, bool all, size_t *changed)
{
    size_t n = 0;
    enum mc_status rc = seal_rows_run(db, &dossier_rows, all, changed);
    if (rc == MC_OK)
        rc = seal_rows_run(db, &draft_rows, all, &n);
    *changed += n;
    return rc;
}
