/* wire.c - the listeners of dossier changes and the owners of stored files (see wire.h). */
#include "app/wire.h"
#include "domain/dossier/dossier_change.h"
#include "domain/index766/index766.h"
#include "domain/rating/rating.h"
#include "domain/feedback/feedback.h"
#include "domain/programme/programme.h"
#include "domain/vault/vault.h"
#include "core/filestore.h"

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
    return rc;
}
