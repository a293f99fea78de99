/* demo_rows.c - the rows of the demo's embedded CSV files (see demo_rows.h). */
#include "cli/demo/demo_rows.h"
#include "core/assets.h"

const struct audit_actor demo_actor = {0, "system", "demo"};

enum mc_status demo_each_row(const char *path,
                             enum mc_status (*fn)(void *ctx, const struct csv_record *rec),
                             void *ctx)
{
    const struct asset *a = asset_find(path);
    struct csv_reader r;
    struct csv_record rec;
    enum mc_status st = a ? MC_OK : MC_ERR_NOT_FOUND;
    if (!a)
        return st;
    csv_reader_init_mem(&r, a->data, (size_t)a->len, NULL);
    while (st == MC_OK && (st = csv_reader_next(&r, &rec)) == MC_OK)
        if (rec.number > 1)   /* after the header */
            st = fn(ctx, &rec);
    csv_reader_release(&r);
    return st == CSV_END ? MC_OK : st;
}
