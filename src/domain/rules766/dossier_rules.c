/*
 * dossier_rules.c - reporting periods and the per-dossier classification
 * that feeds the 766 index (see dossier_rules.h and docs/index-766.md).
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include "core/clock.h"
#include "domain/rules766/dossier_rules.h"

#define DAY_SECONDS 86400
#define YEAR_MIN 1970
#define YEAR_MAX 9999
/* Times past 9999-12-31 are rejected, so sums below cannot overflow. */
#define TIME_MAX ((int64_t)253402300799)

/* ------------------------------------------------------------------ */
/* Calendar                                                            */
/* ------------------------------------------------------------------ */

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant). */
static int64_t days_from_civil(int64_t y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/* The inverse of days_from_civil. */
static void civil_from_days(int64_t z, int *y, int *m, int *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int64_t dd = doy - (153 * mp + 2) / 5 + 1;
    int64_t mm = mp < 10 ? mp + 3 : mp - 9;
    *y = (int)(yoe + era * 400 + (mm <= 2));
    *m = (int)mm;
    *d = (int)dd;
}

static int days_in_month(int y, int m)
{
    static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : mdays[m - 1];
}

/* Unix seconds of 00:00 in UTC+7 on the given day. */
static int64_t local_midnight(int y, int m, int d)
{
    return days_from_civil(y, m, d) * DAY_SECONDS - CLOCK_VN_OFFSET;
}

/* Read exactly n decimal digits at *p; advance on success. */
static bool read_digits(const char **p, int n, int *out)
{
    int v = 0;
    bool ok = true;
    for (int i = 0; ok && i < n; i++) {
        char c = (*p)[i];
        ok = c >= '0' && c <= '9';
        v = v * 10 + (c - '0');
    }
    if (ok) {
        *p += n;
        *out = v;
    }
    return ok;
}

/* Read "YYYY-MM-DD" at *p (a valid calendar day in range); advance. */
static bool read_date(const char **p, int *y, int *m, int *d)
{
    const char *q = *p;
    bool ok = read_digits(&q, 4, y) && *q++ == '-' && read_digits(&q, 2, m) &&
              *q++ == '-' && read_digits(&q, 2, d);
    ok = ok && *y >= YEAR_MIN && *y <= YEAR_MAX && *m >= 1 && *m <= 12 && *d >= 1 &&
         *d <= days_in_month(*y, *m);
    if (ok)
        *p = q;
    return ok;
}

/* ------------------------------------------------------------------ */
/* Periods                                                             */
/* ------------------------------------------------------------------ */

/*
 * The way people write a month or a quarter: "11/2026", "1/2026",
 * "Q4/2026".  Returns false when s is not of that shape.
 */
static bool parse_slashed(const char *s, struct idx_period *r)
{
    const char *p = s;
    int n = 0, y = 0;
    bool quarter = *p == 'Q' || *p == 'q';
    if (quarter)
        p++;
    if (!read_digits(&p, 1, &n))
        return false;
    if (!quarter && *p >= '0' && *p <= '9') {
        int lo = 0;
        if (!read_digits(&p, 1, &lo))
            return false;
        n = n * 10 + lo;
    }
    if (*p++ != '/' || !read_digits(&p, 4, &y) || *p != '\0' || y < YEAR_MIN || y > YEAR_MAX)
        return false;
    if (quarter) {
        if (n < 1 || n > 4)
            return false;
        r->kind = IDX_PERIOD_QUARTER;
        r->start = local_midnight(y, 3 * n - 2, 1);
        r->end = n == 4 ? local_midnight(y + 1, 1, 1) : local_midnight(y, 3 * n + 1, 1);
        return true;
    }
    if (n < 1 || n > 12)
        return false;
    r->kind = IDX_PERIOD_MONTH;
    r->start = local_midnight(y, n, 1);
    r->end = n == 12 ? local_midnight(y + 1, 1, 1) : local_midnight(y, n + 1, 1);
    return true;
}

enum mc_status idx_period_parse(const char *s, struct idx_period *out)
{
    enum mc_status st = MC_ERR_INVALID;
    const char *p = s;
    struct idx_period r;
    int y, m, d, y2, m2, d2;
    if (s && out && strchr(s, '/')) {
        if (parse_slashed(s, &r)) {
            *out = r;
            st = MC_OK;
        }
        goto out;
    }
    if (!s || !out || !read_digits(&p, 4, &y) || y < YEAR_MIN || y > YEAR_MAX)
        goto out;
    if (*p == '\0') {
        r.kind = IDX_PERIOD_YEAR;
        r.start = local_midnight(y, 1, 1);
        r.end = local_midnight(y + 1, 1, 1);
    } else if (p[0] == '-' && (p[1] == 'Q' || p[1] == 'q')) {
        p += 2;
        if (!read_digits(&p, 1, &m) || m < 1 || m > 4 || *p != '\0')
            goto out;
        r.kind = IDX_PERIOD_QUARTER;
        r.start = local_midnight(y, 3 * m - 2, 1);
        r.end = m == 4 ? local_midnight(y + 1, 1, 1) : local_midnight(y, 3 * m + 1, 1);
    } else if (p[0] == '-' && p[1] != '\0' && p[2] != '\0' && p[3] == '\0') {
        p++;
        if (!read_digits(&p, 2, &m) || m < 1 || m > 12)
            goto out;
        r.kind = IDX_PERIOD_MONTH;
        r.start = local_midnight(y, m, 1);
        r.end = m == 12 ? local_midnight(y + 1, 1, 1) : local_midnight(y, m + 1, 1);
    } else {
        p = s;
        if (!read_date(&p, &y, &m, &d) || p[0] != '.' || p[1] != '.')
            goto out;
        p += 2;
        if (!read_date(&p, &y2, &m2, &d2) || *p != '\0')
            goto out;
        r.kind = IDX_PERIOD_RANGE;
        r.start = local_midnight(y, m, d);
        r.end = local_midnight(y2, m2, d2) + DAY_SECONDS;
        if (r.end <= r.start)
            goto out;
    }
    *out = r;
    st = MC_OK;
out:
    return st;
}

void idx_period_format(const struct idx_period *p, char *out, size_t size)
{
    int y, m, d, y2, m2, d2;
    if (!out || size == 0)
        goto out;
    out[0] = '\0';
    if (!p || p->end <= p->start)
        goto out;
    civil_from_days((p->start + CLOCK_VN_OFFSET) / DAY_SECONDS, &y, &m, &d);
    switch (p->kind) {
    case IDX_PERIOD_YEAR:
        snprintf(out, size, "%04d", y);
        break;
    case IDX_PERIOD_QUARTER:
        snprintf(out, size, "%04d-Q%d", y, (m - 1) / 3 + 1);
        break;
    case IDX_PERIOD_MONTH:
        snprintf(out, size, "%04d-%02d", y, m);
        break;
    case IDX_PERIOD_RANGE:
    default:
        civil_from_days((p->end - 1 + CLOCK_VN_OFFSET) / DAY_SECONDS, &y2, &m2, &d2);
        snprintf(out, size, "%04d-%02d-%02d..%04d-%02d-%02d", y, m, d, y2, m2, d2);
        break;
    }
out:
    return;
}

/* ------------------------------------------------------------------ */
/* Dossiers                                                            */
/* ------------------------------------------------------------------ */

/* What the rules decided about one dossier, before it becomes counts. */
struct verdict {
    bool counted;       /* in the period's set */
    bool done;          /* ended by the judgment instant */
    bool frozen;        /* unfinished but waiting for the citizen: clock stopped */
    bool late;
    int64_t judge_at;   /* J: min(as_of, last second of the period) */
    int64_t due_eff;    /* NgayHenTra + ThoiGianBoSung */
};

static bool is_flag(int v)
{
    return v == 0 || v == 1;
}

static bool is_time(int64_t t)
{
    return t >= 0 && t <= TIME_MAX;
}

static bool valid_fields(const struct idx_dossier *d)
{
    return d->channel >= NAT_CH_DIRECT && d->channel <= NAT_CH_POSTAL &&
           d->status >= NAT_ST_NEW && d->status <= NAT_ST_RETURNED &&
           is_time(d->received_at) && is_time(d->due_at) && is_time(d->ended_at) &&
           is_time(d->returned_at) && is_time(d->supplement_since) &&
           is_time(d->supplement_seconds) && d->supplement_count >= 0 &&
           d->paid_online >= 0 && d->paid_online <= 2 && is_flag(d->has_fee) &&
           is_flag(d->e_result) && is_flag(d->digitised) && is_flag(d->reused_data) &&
           d->rating >= 0 && d->rating <= 3 && is_flag(d->complaint);
}

/* Statuses that end processing (the first one reached is NgayKetThucXuLy). */
static bool is_end_status(int status)
{
    return status == NAT_ST_REFUSED || status == NAT_ST_WITHDRAWN ||
           status == NAT_ST_STOPPED || status == NAT_ST_DONE ||
           status == NAT_ST_RETURNED;
}

static enum mc_status judge(const struct idx_dossier *d, const struct idx_period *p,
                            int64_t as_of, struct verdict *v)
{
    enum mc_status st = MC_ERR_INVALID;
    bool accepted, may_be_unaccepted;
    int64_t end = 0;
    memset(v, 0, sizeof(*v));
    if (!d || !p || p->end <= p->start || !valid_fields(d))
        goto out;
    st = MC_OK;
    if (d->status == NAT_ST_NEW)
        goto out;
    /* Refusal and withdrawal can happen before acceptance; then the dossier
     * never entered processing and does not count.  Every other status
     * implies an accepted dossier with an appointment. */
    accepted = d->received_at != 0 && d->due_at != 0;
    may_be_unaccepted = d->status == NAT_ST_REFUSED || d->status == NAT_ST_WITHDRAWN;
    if (!accepted) {
        if (!may_be_unaccepted)
            st = MC_ERR_INVALID;
        goto out;
    }
    if (d->due_at < d->received_at ||
        (d->supplement_since != 0 && d->supplement_since < d->received_at)) {
        st = MC_ERR_INVALID;
        goto out;
    }
    if (is_end_status(d->status)) {
        end = d->ended_at;
        if (end == 0 && d->status == NAT_ST_RETURNED)
            end = d->returned_at;
        if (end == 0 || end < d->received_at) {
            st = MC_ERR_INVALID;
            goto out;
        }
    }
    v->judge_at = as_of < p->end - 1 ? as_of : p->end - 1;
    v->due_eff = d->due_at + d->supplement_seconds;
    if (v->judge_at < p->start || d->received_at > v->judge_at)
        goto out;
    v->done = end != 0 && end <= v->judge_at;
    if (v->done && end < p->start)
        goto out;
    v->counted = true;
    if (v->done) {
        v->late = end > v->due_eff;
    } else {
        int64_t at = v->judge_at;
        if (d->status == NAT_ST_SUPPLEMENT && d->supplement_since != 0 &&
            d->supplement_since <= at) {
            at = d->supplement_since;
            v->frozen = true;
        }
        v->late = at > v->due_eff;
    }
    if (d->supplement_count >= 2)
        v->late = true;
out:
    return st;
}

enum mc_status idx_dossier_classify(const struct idx_dossier *d, const struct idx_period *p,
                                    int64_t as_of, struct idx_dossier_counts *out)
{
    enum mc_status st = MC_ERR_INVALID;
    struct verdict v;
    bool received, complained, with_result;
    if (!out)
        goto out;
    memset(out, 0, sizeof(*out));
    st = judge(d, p, as_of, &v);
    if (st != MC_OK || !v.counted)
        goto out;
    received = d->received_at >= p->start;
    complained = d->complaint == 1 || d->rating == 3;
    with_result = v.done && (d->status == NAT_ST_DONE ||
                             d->status == NAT_ST_RETURNED);
    out->counted = 1;
    out->received = received;
    out->finished = v.done;
    out->on_time = !v.late;
    out->late = v.late;
    out->overdue_pending = v.late && !v.done;
    out->second_supplement = d->supplement_count >= 2;
    out->lodged_online = received && d->channel == NAT_CH_ONLINE;
    out->online = out->lodged_online && d->e_result == 1;
    out->with_fee = received && d->has_fee == 1;
    out->paid_online = out->with_fee && d->paid_online != 0;
    out->with_result = with_result;
    out->e_result = with_result && d->e_result == 1;
    out->digitised = received && d->digitised == 1;
    out->reused = received && d->reused_data == 1;
    out->complained = complained;
    out->unsatisfied = v.late || complained;
    out->satisfied = !out->unsatisfied;
out:
    return st;
}

enum mc_status idx_dossier_recheck_at(const struct idx_dossier *d, const struct idx_period *p,
                                      int64_t as_of, int64_t *at)
{
    enum mc_status st = MC_ERR_INVALID;
    struct verdict v;
    if (!at)
        goto out;
    *at = 0;
    st = judge(d, p, as_of, &v);
    if (st != MC_OK || !v.counted || v.done || v.frozen || v.late)
        goto out;
    /* Unfinished and on time: it turns late one second after the extended
     * appointment, if that second is still inside the period. */
    if (v.due_eff + 1 > as_of && v.due_eff + 1 < p->end)
        *at = v.due_eff + 1;
out:
    return st;
}

/* ------------------------------------------------------------------ */
/* Counters                                                            */
/* ------------------------------------------------------------------ */

#define FIELD(x) { #x, offsetof(struct idx_dossier_counts, x) }
static const struct {
    const char *name;
    size_t offset;
} count_fields[] = {
    FIELD(counted), FIELD(received), FIELD(finished), FIELD(on_time), FIELD(late),
    FIELD(overdue_pending), FIELD(second_supplement), FIELD(lodged_online),
    FIELD(online), FIELD(with_fee), FIELD(paid_online), FIELD(with_result),
    FIELD(e_result), FIELD(digitised), FIELD(reused), FIELD(complained),
    FIELD(unsatisfied), FIELD(satisfied),
};
#undef FIELD

_Static_assert(sizeof(count_fields) / sizeof(count_fields[0]) * sizeof(int64_t) ==
               sizeof(struct idx_dossier_counts),
               "count_fields must list every field of struct idx_dossier_counts");

size_t idx_counts_field_count(void)
{
    return MC_ARRAY_LEN(count_fields);
}

const char *idx_counts_field_name(size_t i)
{
    return i < MC_ARRAY_LEN(count_fields) ? count_fields[i].name : NULL;
}

int64_t *idx_counts_field(struct idx_dossier_counts *c, size_t i)
{
    int64_t *f = NULL;
    if (c && i < MC_ARRAY_LEN(count_fields))
        f = (int64_t *)(void *)((char *)c + count_fields[i].offset);
    return f;
}

void idx_counts_add(struct idx_dossier_counts *acc, const struct idx_dossier_counts *c,
                    int sign)
{
    struct idx_dossier_counts tmp;
    if (acc && c) {
        tmp = *c;
        for (size_t i = 0; i < MC_ARRAY_LEN(count_fields); i++)
            *idx_counts_field(acc, i) += sign * *idx_counts_field(&tmp, i);
    }
}
