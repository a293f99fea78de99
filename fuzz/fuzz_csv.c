/*
 * fuzz_csv.c - libFuzzer target for the CSV reader (src/core/csv.c), which
 * reads uploaded agency lists, online-level lists and other imports.
 *
 * Input layout (the seeds in fuzz/corpus/csv/ follow it):
 *
 *   byte 0     delimiter: ',' ';' '\t' or '|' (byte % 4)
 *   byte 1     limits: bit 0 small field limit (1 + byte 2 % 64 bytes),
 *              bit 1 small record limit (1 + byte 2 % 128), bit 2 at most
 *              1 + byte 2 % 8 fields; all other limits are the defaults
 *   byte 2     the number the small limits are taken from
 *   the rest   the CSV text
 *
 * The text is read twice, from memory and through a FILE* (fmemopen), and
 * the two readers must return the same records, statuses, messages and
 * error lines.  Every record must keep the documented invariants (at least
 * one field, NUL after each field, limits held, lines in order), errors
 * must be sticky, and csv_header_map() on the first record must agree with
 * a plain search of its cells.  Any difference aborts.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/csv.h"

#define FUZZ_MAX_RECORDS 4096 /* stop comparing after this many records */

/* Check one record against the reader's limits. */
static void check_record(const struct csv_record *rec, const struct csv_options *o,
                         unsigned long prev_line, unsigned long number)
{
    size_t total = 0;
    if (rec->nfields < 1 || rec->nfields > o->max_fields)
        abort();
    if (rec->line < prev_line || rec->number != number)
        abort(); /* lines never go back; records are numbered 1, 2, ... */
    for (size_t i = 0; i < rec->nfields; i++) {
        struct csv_field f = csv_record_get(rec, i);
        if (f.ptr == NULL || f.ptr[f.len] != '\0' || f.len > o->max_field)
            abort();
        total += f.len;
    }
    if (total > o->max_record)
        abort();
    struct csv_field past = csv_record_get(rec, rec->nfields);
    if (past.len != 0 || past.ptr == NULL || past.ptr[0] != '\0')
        abort(); /* past the end: an empty field */
}

/* True when cell f, trimmed of spaces and tabs, equals name ignoring ASCII case. */
static int cell_is(struct csv_field f, const char *name)
{
    size_t s = 0, e = f.len, n = strlen(name);
    while (s < e && (f.ptr[s] == ' ' || f.ptr[s] == '\t'))
        s++;
    while (e > s && (f.ptr[e - 1] == ' ' || f.ptr[e - 1] == '\t'))
        e--;
    if (e - s != n)
        return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)f.ptr[s + i];
        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c - 'A' + 'a');
        if (c != (unsigned char)name[i])
            return 0;
    }
    return 1;
}

/* csv_header_map must find what a plain search of the cells finds. */
static void check_header(const struct csv_record *rec)
{
    static const char *const names[] = {"ma", "ten", "ma_dvhc"};
    struct csv_column cols[3];
    size_t count[3] = {0, 0, 0}, first[3] = {0, 0, 0};
    const char *bad = NULL;
    for (size_t i = 0; i < 3; i++) {
        cols[i].name = names[i];
        cols[i].required = i == 0;
        cols[i].index = 0;
        for (size_t k = rec->nfields; k-- > 0;) {
            if (cell_is(csv_record_get(rec, k), names[i])) {
                count[i]++;
                first[i] = k;
            }
        }
    }
    enum mc_status st = csv_header_map(rec, cols, 3, &bad);
    if (st == MC_OK) {
        for (size_t i = 0; i < 3; i++) {
            if (count[i] == 1 && cols[i].index == first[i])
                continue;
            if (count[i] == 0 && !cols[i].required && cols[i].index == CSV_NO_COLUMN)
                continue;
            abort(); /* found the wrong cell, or missed a duplicate */
        }
        return;
    }
    size_t i = 0;
    while (i < 3 && bad != names[i])
        i++;
    if (i == 3)
        abort(); /* an error names one of the wanted columns */
    if (st == MC_ERR_INVALID && count[i] >= 2)
        return;
    if (st == MC_ERR_NOT_FOUND && count[i] == 0 && cols[i].required)
        return;
    abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char delims[] = {',', ';', '\t', '|'};
    if (size < 3)
        return 0;
    struct csv_options o = {delims[data[0] % 4], 0, 0, 0};
    if (data[1] & 1)
        o.max_field = 1 + data[2] % 64;
    if (data[1] & 2)
        o.max_record = 1 + data[2] % 128;
    if (data[1] & 4)
        o.max_fields = 1 + data[2] % 8;
    const char *text = (const char *)data + 3;
    size_t len = size - 3;

    /* The limits the reader applies (0 means the default). */
    struct csv_options lim = o;
    lim.max_field = o.max_field ? o.max_field : CSV_DEFAULT_MAX_FIELD;
    lim.max_record = o.max_record ? o.max_record : CSV_DEFAULT_MAX_RECORD;
    lim.max_fields = o.max_fields ? o.max_fields : CSV_DEFAULT_MAX_FIELDS;

    FILE *fp = fmemopen(len ? (void *)text : (void *)"", len ? len : 1, "r");
    if (!fp)
        abort();
    if (len == 0)
        (void)fgetc(fp); /* fmemopen needs a size of 1; read it away */

    struct csv_reader mem, file;
    csv_reader_init_mem(&mem, text, len, &o);
    csv_reader_init_file(&file, fp, &o);
    unsigned long prev_line = 0;
    for (unsigned long n = 1; n <= FUZZ_MAX_RECORDS; n++) {
        struct csv_record a, b;
        enum mc_status sa = csv_reader_next(&mem, &a);
        enum mc_status sb = csv_reader_next(&file, &b);
        if (sa != sb)
            abort(); /* file and memory input disagree */
        if (sa == MC_OK) {
            check_record(&a, &lim, prev_line, n);
            if (a.nfields != b.nfields || a.line != b.line)
                abort();
            for (size_t i = 0; i < a.nfields; i++) {
                struct csv_field fa = csv_record_get(&a, i), fb = csv_record_get(&b, i);
                if (fa.len != fb.len || memcmp(fa.ptr, fb.ptr, fa.len) != 0)
                    abort();
            }
            if (n == 1)
                check_header(&a);
            prev_line = a.line;
            continue;
        }
        if (sa == CSV_END) {
            if (a.nfields != 0 || csv_reader_message(&mem)[0] != '\0')
                abort();
            break;
        }
        /* An error: explained, at a line, the same for both, and sticky. */
        if (sa != MC_ERR_INVALID && sa != MC_ERR_TOO_LARGE)
            abort();
        if (csv_reader_message(&mem)[0] == '\0' || csv_reader_error_line(&mem) == 0)
            abort();
        if (strcmp(csv_reader_message(&mem), csv_reader_message(&file)) != 0 ||
            csv_reader_error_line(&mem) != csv_reader_error_line(&file))
            abort();
        if (csv_reader_next(&mem, &a) != sa)
            abort();
        break;
    }
    csv_reader_release(&mem);
    csv_reader_release(&file);
    fclose(fp);
    return 0;
}
