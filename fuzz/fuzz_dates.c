/*
 * fuzz_dates.c - libFuzzer target for the parsers of dates, times and
 * reporting periods that read outside input: calendar_date_parse()
 * (domain/calendar/date.c: form fields, query strings, stored overrides),
 * clock_parse_iso() (core/clock.c: sync files, MOTCUA_NOW),
 * idx_period_parse() (domain/rules766: ?period= of the 766 pages and
 * API), calendar_add_override_row() and the lunar conversions.
 *
 * Input: the whole input is one string (cut at its first NUL byte); the
 * seeds in fuzz/corpus/dates/ are dates, periods and timestamps, valid and
 * not.  Each parser gets the string; whatever one accepts must round-trip:
 *   - calendar_date_parse: formatting gives the very same text back, and
 *     a date with a lunar date converts back to itself;
 *   - idx_period_parse: start < end, and the canonical text parses to the
 *     same period;
 *   - clock_parse_iso: any accepted time can be formatted (no overflow),
 *     and within years 1900..9999 the formatted time parses back to the
 *     same second.
 * Any failed check aborts.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "core/clock.h"
#include "domain/calendar/calendar.h"
#include "domain/calendar/date.h"
#include "domain/calendar/lunar.h"
#include "domain/rules766/dossier_rules.h"

#define FUZZ_MIN_TIME (-2208988800LL - 7 * 3600)  /* 1900-01-01T00:00+07:00 */
#define FUZZ_MAX_TIME (253402300799LL - 7 * 3600) /* 9999-12-31T23:59:59+07:00 */

static void check_date(const char *s)
{
    int32_t d;
    char back[CALENDAR_DATE_SIZE];
    struct lunar_date ld;
    if (calendar_date_parse(s, &d) != MC_OK)
        return;
    if (d < CALENDAR_MIN_DATE || d > CALENDAR_MAX_DATE)
        abort();
    calendar_date_format(d, back, sizeof(back));
    if (strcmp(back, s) != 0)
        abort(); /* "exactly YYYY-MM-DD": the text is already canonical */
    if (lunar_from_solar(d, &ld) == MC_OK) {
        int32_t again;
        if (lunar_to_solar(&ld, &again) != MC_OK || again != d)
            abort();
    }
}

static void check_period(const char *s)
{
    struct idx_period p, q;
    char canon[IDX_PERIOD_STR_SIZE];
    if (idx_period_parse(s, &p) != MC_OK)
        return;
    if (p.start >= p.end)
        abort();
    idx_period_format(&p, canon, sizeof(canon));
    if (idx_period_parse(canon, &q) != MC_OK)
        abort();
    if (q.start != p.start || q.end != p.end || q.kind != p.kind)
        abort();
}

static void check_time(const char *s)
{
    int64_t t, again;
    char iso[40], vn[40];
    if (clock_parse_iso(s, &t) != MC_OK)
        return;
    /* Whatever is accepted can be shown (the formatters add the offset). */
    clock_format_iso(t, iso, sizeof(iso));
    clock_format_vn(t, vn, sizeof(vn));
    if (t < FUZZ_MIN_TIME || t > FUZZ_MAX_TIME)
        return;
    if (clock_parse_iso(iso, &again) != MC_OK || again != t)
        abort();
}

/* A stored override row: "date kind name" split at the first two spaces. */
static void check_override(const char *s)
{
    char *copy = strdup(s);
    if (!copy)
        abort();
    char *kind = strchr(copy, ' ');
    char *name = NULL;
    if (kind) {
        *kind++ = '\0';
        name = strchr(kind, ' ');
        if (name)
            *name++ = '\0';
    }
    struct calendar cal;
    calendar_init(&cal);
    enum mc_status st = calendar_add_override_row(&cal, copy, kind ? kind : "off", name);
    if (st != MC_OK && st != MC_ERR_INVALID && st != MC_ERR_TOO_LARGE)
        abort();
    if (st == MC_OK) {
        int32_t d;
        struct calendar_day day;
        if (calendar_date_parse(copy, &d) != MC_OK)
            abort(); /* the row's date must be a date */
        calendar_day_info(&cal, d, &day);
    }
    calendar_release(&cal);
    free(copy);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (!s)
        abort();
    memcpy(s, data, size);
    s[size] = '\0';
    check_date(s);
    check_period(s);
    check_time(s);
    check_override(s);
    free(s);
    return 0;
}
