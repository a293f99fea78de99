/*
 * fuzz_catalog.c - libFuzzer target for the national catalogue import
 * (src/domain/catalog/national_import.c): one JSON line of the national
 * procedure catalogue, the fee and processing-time texts inside it, and
 * the provincial online-level CSV.
 *
 * Input layout (the seeds in fuzz/corpus/catalog/ follow it):
 *
 *   byte 0     mode: 'j' one JSON record, 'f' a fee text, 't' a time
 *              text, 'l' the online-level CSV; any other byte picks one by
 *              (byte % 4)
 *   the rest   the record, text or CSV
 *
 * Checks, besides the sanitizers:
 *   - a record is MC_OK (then it has a code and a name), MC_ERR_INVALID
 *     (then the reason is not empty) or MC_ERR_TOO_LARGE; the counts of
 *     channels, documents and legal documents stay under their limits and
 *     at most NATIONAL_MAX_WARNINGS warnings are kept;
 *   - a fee or time reads no more bytes than it was given, an amount is
 *     never negative and a time range never runs backwards;
 *   - every loaded online-level row has a code, and national_code, when
 *     present, is a prefix of it.
 * Any failed check aborts.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/buf.h"
#include "core/log.h"
#include "domain/catalog/national_import.h"
#include "domain/catalog/procedure.h"

static void fuzz_record(const char *s, size_t len)
{
    struct procedure p;
    struct national_warnings w;
    struct buf err;
    procedure_init(&p);
    national_warnings_init(&w);
    buf_init(&err, BUF_MAX_SMALL);
    enum mc_status st = national_parse_record(s, len, &p, &w, &err);
    if (st == MC_OK) {
        if (!p.code || !p.code[0] || !p.name || !p.name[0])
            abort();
        if (p.nchannels > NATIONAL_MAX_CHANNELS || p.ndocuments > NATIONAL_MAX_DOCUMENTS ||
            p.nlegal > NATIONAL_MAX_LEGAL)
            abort();
        struct procedure copy;
        procedure_init(&copy);
        procedure_copy(&copy, &p);
        procedure_release(&copy);
    } else if (st == MC_ERR_INVALID) {
        if (err.len == 0)
            abort(); /* a rejected record says why */
    } else if (st != MC_ERR_TOO_LARGE) {
        abort();
    }
    if (w.count > NATIONAL_MAX_WARNINGS)
        abort();
    for (size_t i = 0; i < w.count; i++)
        if (!w.items[i] || !w.items[i][0])
            abort();
    buf_release(&err);
    national_warnings_release(&w);
    procedure_release(&p);
}

static void fuzz_fee(const char *s, size_t len)
{
    int64_t dong = -1;
    size_t used = len + 1;
    enum proc_fee_state st = national_parse_fee(s, len, &dong, &used);
    if (used > len)
        abort();
    if (st == PROC_FEE_AMOUNT && dong < 0)
        abort();
    if (st == PROC_FEE_UNPARSED && used != 0)
        abort();
}

static void fuzz_time(const char *s, size_t len)
{
    double min = 0, max = 0;
    enum proc_time_unit unit;
    size_t used = len + 1;
    enum proc_time_state st = national_parse_time(s, len, &min, &max, &unit, &used);
    if (used > len)
        abort();
    if (st == PROC_TIME_VALUE && (min < 0 || max < min))
        abort();
    if (st == PROC_TIME_UNPARSED && used != 0)
        abort();
    enum proc_online_level level;
    (void)national_online_level_parse(s, len, &level);
}

static void fuzz_levels(const char *s, size_t len)
{
    FILE *fp = fmemopen(len ? (void *)s : (void *)"", len ? len : 1, "r");
    if (!fp)
        abort();
    if (len == 0)
        (void)fgetc(fp);
    struct online_level_list l;
    struct national_warnings w;
    struct buf err;
    online_level_list_init(&l);
    national_warnings_init(&w);
    buf_init(&err, BUF_MAX_SMALL);
    enum mc_status st = online_level_list_load(fp, &l, &w, &err);
    if (st == MC_OK) {
        for (size_t i = 0; i < l.count; i++) {
            const struct online_level_entry *e = &l.items[i];
            if (!e->code || !e->code[0])
                abort();
            if (e->national_code &&
                strncmp(e->code, e->national_code, strlen(e->national_code)) != 0)
                abort();
            if (e->national_code &&
                online_level_list_find(&l, e->national_code) == PROC_ONLINE_UNKNOWN)
                abort(); /* a listed code is found again */
        }
    } else if (err.len == 0) {
        abort();
    }
    buf_release(&err);
    national_warnings_release(&w);
    online_level_list_release(&l);
    fclose(fp);
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    log_set_level(LOG_ERROR);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    int mode;
    switch (data[0]) {
    case 'j': mode = 0; break;
    case 'f': mode = 1; break;
    case 't': mode = 2; break;
    case 'l': mode = 3; break;
    default: mode = data[0] % 4; break;
    }
    /* A private copy, so reading past the end is caught. */
    size_t len = size - 1;
    char *s = malloc(len ? len : 1);
    if (!s)
        abort();
    memcpy(s, data + 1, len);
    if (mode == 0)
        fuzz_record(s, len);
    else if (mode == 1)
        fuzz_fee(s, len);
    else if (mode == 2)
        fuzz_time(s, len);
    else
        fuzz_levels(s, len);
    free(s);
    return 0;
}
