/*
 * fuzz_dossier_sync.c - libFuzzer target for the dossier sync import
 * (src/domain/dossier/dossier_sync.c): JSON lines in the national format,
 * as `motcua import dossiers` reads them from other systems.
 *
 * Input: the JSON lines themselves (the seeds in fuzz/corpus/dossier_sync/
 * are small files, valid and not).  Each input runs against the same
 * in-memory database (fuzz_db.h: every input is rolled back).  Checks:
 *   - the status is MC_OK, MC_ERR_INVALID or MC_ERR_TOO_LARGE, and the
 *     report adds up (MC_OK: committed, nothing rejected, read = created +
 *     updated + unchanged; MC_ERR_INVALID: not committed, with messages);
 *   - the import is idempotent: the same lines again are all unchanged;
 *   - export and import agree: the exported lines of what was imported
 *     import again, all unchanged.
 * Any failed check aborts.
 *
 * The database holds one province and the agencies the seeds name ("U",
 * "000.00.20.H37"), so inputs get past the agency check to the rest of
 * the import.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "app/wire.h"
#include "core/import_report.h"
#include "domain/audit/audit.h"
#include "domain/dossier/dossier_sync.h"
#include "domain/units/unit.h"
#include "fuzz_db.h"

struct input {
    const char *data;
    size_t len;
};

static const struct audit_actor WHO = {0, "system", "fuzz"};

static enum mc_status import_once(struct db *db, const char *data, size_t len,
                                  struct import_report *rep)
{
    import_report_clear(rep);
    enum mc_status st = dossier_import_jsonl_mem(db, data, len, &WHO, rep);
    if (st == MC_OK) {
        if (!rep->committed || rep->rejected != 0 ||
            rep->read != rep->created + rep->updated + rep->unchanged)
            abort();
    } else if (st == MC_ERR_INVALID) {
        if (rep->committed || import_report_error_count(rep) == 0)
            abort();
    } else if (st != MC_ERR_TOO_LARGE) {
        abort();
    }
    return st;
}

static enum mc_status run(struct db *db, void *arg)
{
    const struct input *in = arg;
    struct import_report rep;
    import_report_init(&rep);
    if (import_once(db, in->data, in->len, &rep) != MC_OK)
        goto out;
    size_t read = rep.read;
    if (import_once(db, in->data, in->len, &rep) != MC_OK || rep.unchanged != read)
        abort(); /* a second run changes nothing */

    char *text = NULL;
    size_t text_len = 0;
    int64_t count = 0;
    FILE *out = open_memstream(&text, &text_len);
    if (!out)
        abort();
    if (dossier_export_jsonl(db, 0, 0, out, &count) != MC_OK)
        abort();
    fclose(out);
    if (import_once(db, text, text_len, &rep) != MC_OK || rep.read != (size_t)count ||
        rep.unchanged != rep.read)
        abort(); /* the export imports back unchanged */
    free(text);
out:
    import_report_release(&rep);
    return MC_OK;
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    /* As every program path: imports reach the 766 counters and the other listeners. */
    if (app_wire_listeners() != MC_OK)
        abort();
    static const char units[] =
        "[{\"Code\":\"20\",\"Name\":\"Lạng Sơn\",\"NameEn\":\"Lang Son\","
        "\"FullName\":\"Tỉnh Lạng Sơn\",\"FullNameEn\":\"Lang Son Province\","
        "\"CodeName\":\"lang_son\",\"Wards\":[]}]";
    static const char agencies[] = "ma_don_vi,ten_don_vi,ma_dvhc\n"
                                   "U,Đơn vị thử,20\n"
                                   "000.00.20.H37,Sở Tư pháp,20\n";
    struct import_report rep;
    import_report_init(&rep);
    if (units_import_json(fuzz_db(), units, strlen(units), &rep) != MC_OK ||
        agencies_import_csv(fuzz_db(), agencies, strlen(agencies), &rep) != MC_OK)
        abort();
    import_report_release(&rep);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* A private copy, so reading past the end is caught. */
    char *copy = malloc(size ? size : 1);
    if (!copy)
        abort();
    memcpy(copy, data, size);
    struct input in = {copy, size};
    (void)fuzz_db_rollback(run, &in);
    free(copy);
    return 0;
}
