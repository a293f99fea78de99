/*
 * fuzz_units.c - libFuzzer target for the administrative-unit imports
 * (src/domain/units/unit.c): the provinces-and-communes JSON and the
 * agencies CSV that province admins upload.
 *
 * Input layout (the seeds in fuzz/corpus/units/ follow it):
 *
 *   byte 0     'u' units JSON, 'a' agencies CSV (after a fixed units file
 *              with province 20 and communes 06001, 06004); any other byte
 *              picks one by (byte % 2)
 *   the rest   the JSON or CSV
 *
 * Each input runs against the same in-memory database (fuzz_db.h: every
 * input is rolled back).  Checks:
 *   - the status is MC_OK, MC_ERR_INVALID or MC_ERR_TOO_LARGE;
 *   - the report adds up: MC_OK means committed, nothing rejected and
 *     read = created + updated + unchanged; MC_ERR_INVALID means not
 *     committed, with at least one message;
 *   - imports are idempotent: the same input again is MC_OK with every
 *     record unchanged.
 * Any failed check aborts.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "core/import_report.h"
#include "domain/units/unit.h"
#include "fuzz_db.h"

static const char UNITS[] =
    "[{\"Code\":\"20\",\"Name\":\"Lạng Sơn\",\"NameEn\":\"Lang Son\","
    "\"FullName\":\"Tỉnh Lạng Sơn\",\"FullNameEn\":\"Lang Son Province\","
    "\"CodeName\":\"lang_son\",\"Wards\":["
    "{\"Code\":\"06001\",\"Name\":\"Đông Kinh\",\"NameEn\":\"Dong Kinh\","
    "\"FullName\":\"Phường Đông Kinh\",\"FullNameEn\":\"Dong Kinh Ward\","
    "\"CodeName\":\"dong_kinh\",\"ProvinceCode\":\"20\"},"
    "{\"Code\":\"06004\",\"Name\":\"Lương Văn Tri\",\"NameEn\":\"Luong Van Tri\","
    "\"FullName\":\"Phường Lương Văn Tri\",\"FullNameEn\":\"Luong Van Tri Ward\","
    "\"CodeName\":\"luong_van_tri\",\"ProvinceCode\":\"20\"}]}]";

struct input {
    int agencies; /* 1: agencies CSV, 0: units JSON */
    const char *data;
    size_t len;
};

typedef enum mc_status (*import_fn)(struct db *, const char *, size_t, struct import_report *);

static enum mc_status import_once(struct db *db, const struct input *in, struct import_report *rep)
{
    import_fn fn = in->agencies ? agencies_import_csv : units_import_json;
    import_report_clear(rep);
    enum mc_status st = fn(db, in->data, in->len, rep);
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
    if (in->agencies) {
        if (units_import_json(db, UNITS, sizeof(UNITS) - 1, &rep) != MC_OK)
            abort(); /* the fixed units are valid */
    }
    if (import_once(db, in, &rep) == MC_OK) {
        size_t read = rep.read;
        if (import_once(db, in, &rep) != MC_OK || rep.read != read || rep.unchanged != read)
            abort(); /* a second run changes nothing */
    }
    import_report_release(&rep);
    return MC_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    int agencies = data[0] == 'a' || (data[0] != 'u' && data[0] % 2 == 1);
    /* A private copy, so reading past the end is caught. */
    char *copy = malloc(size - 1 ? size - 1 : 1);
    if (!copy)
        abort();
    memcpy(copy, data + 1, size - 1);
    struct input in = {agencies, copy, size - 1};
    (void)fuzz_db_rollback(run, &in);
    free(copy);
    return 0;
}
