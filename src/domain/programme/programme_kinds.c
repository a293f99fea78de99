/*
 * programme_kinds.c - the kinds of output an organisation counts
 * (data/programme/output-types.csv, embedded): names, and where the
 * platform's own figure comes from for the kinds it counts itself (see
 * programme.h).  Its own file so that the plan import (programme_plan.c)
 * and the workspace (programme_work.c) both read it without calling
 * each other.
 */
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "core/assets.h"
#include "core/csv.h"
#include "domain/programme/programme.h"

#define OUTPUT_KINDS_MAX 32

static struct {
    char key[32];
    char name[96];
    char source[160];   /* where the platform's figure comes from, "" when typed */
} output_kinds[OUTPUT_KINDS_MAX];
static size_t noutput_kinds;
static pthread_once_t output_once = PTHREAD_ONCE_INIT;

/* Read the shipped output-types.csv (ma,ten,don_vi_dem,mo_ta,tu_dong) once. */
static void output_kinds_load(void)
{
    const struct asset *a = asset_find("data/programme/output-types.csv");
    struct csv_reader r;
    struct csv_record rec;
    bool header = true;
    if (!a)
        return;
    csv_reader_init_mem(&r, a->data, (size_t)a->len, NULL);
    while (csv_reader_next(&r, &rec) == MC_OK && noutput_kinds < OUTPUT_KINDS_MAX) {
        if (header) {
            header = false;
            continue;
        }
        snprintf(output_kinds[noutput_kinds].key, sizeof(output_kinds[0].key), "%s",
                 csv_record_get(&rec, 0).ptr);
        snprintf(output_kinds[noutput_kinds].name, sizeof(output_kinds[0].name), "%s",
                 csv_record_get(&rec, 1).ptr);
        snprintf(output_kinds[noutput_kinds].source, sizeof(output_kinds[0].source), "%s",
                 rec.nfields > 4 ? csv_record_get(&rec, 4).ptr : "");
        noutput_kinds++;
    }
    csv_reader_release(&r);
}

const char *prog_output_kind_name(const char *key)
{
    pthread_once(&output_once, output_kinds_load);
    for (size_t i = 0; key && i < noutput_kinds; i++) {
        if (strcmp(output_kinds[i].key, key) == 0)
            return output_kinds[i].name;
    }
    return NULL;
}

const char *prog_output_kind_source(const char *key)
{
    pthread_once(&output_once, output_kinds_load);
    for (size_t i = 0; key && i < noutput_kinds; i++) {
        if (strcmp(output_kinds[i].key, key) == 0)
            return output_kinds[i].source[0] ? output_kinds[i].source : NULL;
    }
    return NULL;
}

const char *prog_output_kind_at(size_t i)
{
    pthread_once(&output_once, output_kinds_load);
    return i < noutput_kinds ? output_kinds[i].key : NULL;
}
