/*
 * fuzz_xlsx.c - libFuzzer target for the xlsx reader (src/core/xlsx_read.c),
 * which reads uploaded workbooks (the KPI denominators import).
 *
 * Input: the bytes of a file, as uploaded.  The reader must return MC_OK,
 * MC_ERR_INVALID or MC_ERR_TOO_LARGE, explain a refusal in the message,
 * give rows in increasing order with at most XLSX_COLS_MAX cells, each a
 * NUL-terminated string, and never read outside the input (ASan).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "core/xlsx_read.h"

struct seen {
    unsigned long last;
};

static enum mc_status on_row(void *ctx, unsigned long row, const char *const *cells, size_t ncells)
{
    struct seen *s = ctx;
    if (row <= s->last || ncells == 0 || ncells > XLSX_COLS_MAX)
        abort();
    for (size_t i = 0; i < ncells; i++)
        if (!cells[i] || strlen(cells[i]) > XLSX_PART_MAX)
            abort();
    s->last = row;
    return MC_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct seen s = {0};
    char err[XLSX_ERR_MAX] = "";
    enum mc_status st = xlsx_read_rows((const char *)data, size, on_row, &s, err, sizeof(err));
    if (st != MC_OK && st != MC_ERR_INVALID && st != MC_ERR_TOO_LARGE)
        abort();
    if (st != MC_OK && err[0] == '\0')
        abort();
    return 0;
}
