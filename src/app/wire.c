/* wire.c - the listeners of dossier changes and the owners of stored files (see wire.h). */
#include "app/wire.h"
#include "domain/dossier/dossier_change.h"
#include "domain/index766/index766.h"
#include "domain/rating/rating.h"
#include "domain/feedback/feedback.h"
#include "domain/programme/programme.h"
#include "domain/programme/programme_consolidate.h"
#include "domain/programme/programme_report.h"
#include "domain/kpi/kpi.h"
#include "domain/vault/vault.h"
#include "domain/catalog/forms.h"
#include "core/filestore.h"
#include <stdlib.h>

/*
 * The consolidated programme report's KPI table: the figures of the
 * province for the report's year, frozen as a new KPI revision
 * (kpi_freeze), so the report equals the board for the same freeze.
 */
static enum mc_status report_kpis(struct db *db, const char *period,
                                  const struct audit_actor *who, json_t **out)
{
    int rev = 0;
    char *text = NULL;
    enum mc_status rc = kpi_freeze(db, period, who, &rev);
    if (rc == MC_OK)
        rc = kpi_frozen_get(db, period, "", rev, &text, NULL);
    *out = rc == MC_OK ? json_loads(text, 0, NULL) : NULL;
    if (rc == MC_OK && !*out)
        rc = MC_ERR_INVALID;
    if (rc == MC_OK)
        json_object_set_new(*out, "revision", json_integer(rev));
    free(text);
    return rc;
}

/* The programme's output counts that fill themselves: the KPI module's counts of an agency. */
static enum mc_status agency_count(struct db *db, const char *kind, const char *agency,
                                   int year, int64_t *count)
{
    return kpi_agency_count(db, kind, agency, year, count);
}

enum mc_status app_wire_listeners(void)
{
    enum mc_status rc = dossier_listen("index766", index766_on_dossier_event, NULL);
    if (rc == MC_OK)
        rc = dossier_listen("rating", rating_on_dossier_change, NULL);
    if (rc == MC_OK)
        rc = dossier_listen("notices", dossier_notify_on_change, NULL);
    if (rc == MC_OK)
        rc = filestore_owner_add("dossier", dossier_uses_file);
    if (rc == MC_OK)
        rc = filestore_owner_add("vault", vault_uses_file);
    if (rc == MC_OK)
        rc = filestore_owner_add("feedback", feedback_uses_file);
    if (rc == MC_OK)
        rc = filestore_owner_add("programme", prog_uses_file);
    if (rc == MC_OK)
        rc = filestore_owner_add("catalog", catalog_uses_file);
    if (rc == MC_OK)
        prog_set_kpi_source(report_kpis);
    if (rc == MC_OK)
        prog_set_count_source(agency_count);
    return rc;
}
