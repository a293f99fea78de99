/* test_dossier_rules.c - unit tests for rules766/dossier_rules: periods and
 * the per-dossier classification feeding the 766 index (and its mapping
 * onto the formula inputs, index766.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>
#include "core/clock.h"
#include "domain/rules766/dossier_rules.h"
#include "domain/index766/index766.h"

#define CLOSED INT64_MAX   /* as_of for a closed period: judged at its end */

/* Unix seconds of a local (UTC+7) time written "YYYY-MM-DDTHH:MM[:SS]". */
static int64_t at(const char *s)
{
    int64_t t = 0;
    assert_int_equal(clock_parse_iso(s, &t), MC_OK);
    return t;
}

static struct idx_period period(const char *s)
{
    struct idx_period p;
    assert_int_equal(idx_period_parse(s, &p), MC_OK);
    return p;
}

/* An October 2026 counter dossier: received 1/10 08:00, due 10/10 17:00,
 * still being processed. */
static struct idx_dossier base(void)
{
    struct idx_dossier d;
    memset(&d, 0, sizeof(d));
    d.ma_ho_so = "000.00.01.H01-261001-0001";
    d.channel = NAT_CH_DIRECT;
    d.status = NAT_ST_PROCESSING;
    d.received_at = at("2026-10-01T08:00");
    d.due_at = at("2026-10-10T17:00");
    return d;
}

/* Mark d finished (status 10) with processing ending at end. */
static void finish(struct idx_dossier *d, int64_t end)
{
    d->status = NAT_ST_RETURNED;
    d->ended_at = end;
    d->returned_at = end + 3600;
}

static struct idx_dossier_counts classify(const struct idx_dossier *d, const char *per,
                                          int64_t as_of)
{
    struct idx_period p = period(per);
    struct idx_dossier_counts c;
    assert_int_equal(idx_dossier_classify(d, &p, as_of, &c), MC_OK);
    return c;
}

static bool all_zero(const struct idx_dossier_counts *c)
{
    static const struct idx_dossier_counts zero;
    return memcmp(c, &zero, sizeof(zero)) == 0;
}

/* ---- periods ---- */

static void test_period_parse(void **state)
{
    (void)state;
    struct idx_period p;
    p = period("2026-10");
    assert_int_equal(p.kind, IDX_PERIOD_MONTH);
    assert_int_equal(p.start, 1790787600);   /* 2026-10-01T00:00+07:00 */
    assert_int_equal(p.end, 1793466000);     /* 2026-11-01T00:00+07:00 */
    p = period("2026-12");
    assert_int_equal(p.start, at("2026-12-01T00:00"));
    assert_int_equal(p.end, 1798736400);     /* 2027-01-01T00:00+07:00 */
    p = period("2026-02");
    assert_int_equal(p.end - p.start, 28 * 86400);
    p = period("2028-02");
    assert_int_equal(p.end - p.start, 29 * 86400);
    p = period("2026-Q4");
    assert_int_equal(p.kind, IDX_PERIOD_QUARTER);
    assert_int_equal(p.start, at("2026-10-01T00:00"));
    assert_int_equal(p.end, at("2027-01-01T00:00"));
    p = period("2026-q1");
    assert_int_equal(p.start, at("2026-01-01T00:00"));
    assert_int_equal(p.end, at("2026-04-01T00:00"));
    p = period("2026-Q2");
    assert_int_equal(p.start, at("2026-04-01T00:00"));
    assert_int_equal(p.end, at("2026-07-01T00:00"));
    p = period("2026");
    assert_int_equal(p.kind, IDX_PERIOD_YEAR);
    assert_int_equal(p.start, at("2026-01-01T00:00"));
    assert_int_equal(p.end, at("2027-01-01T00:00"));
    p = period("2026-10-01..2026-10-15");
    assert_int_equal(p.kind, IDX_PERIOD_RANGE);
    assert_int_equal(p.start, at("2026-10-01T00:00"));
    assert_int_equal(p.end, at("2026-10-16T00:00"));   /* the 15th is included */
    p = period("2026-10-05..2026-10-05");
    assert_int_equal(p.end - p.start, 86400);
    p = period("2028-02-29..2028-03-01");
    assert_int_equal(p.end - p.start, 2 * 86400);
    p = period("2026-12-31..2027-01-01");
    assert_int_equal(p.end, at("2027-01-02T00:00"));
}

/* Issue 12: periods are typed as people write them, "11/2026" as well as "2026-11". */
static void test_period_as_people_write_it(void **state)
{
    struct idx_period a = period("2026-11"), b = period("11/2026"), c = period("1/2026");
    char s[IDX_PERIOD_STR_SIZE];
    (void)state;
    assert_int_equal(b.kind, IDX_PERIOD_MONTH);
    assert_int_equal(b.start, a.start);
    assert_int_equal(b.end, a.end);
    assert_int_equal(c.start, period("2026-01").start);
    idx_period_format(&b, s, sizeof(s));
    assert_string_equal(s, "2026-11");
    b = period("Q4/2026");
    assert_int_equal(b.kind, IDX_PERIOD_QUARTER);
    assert_int_equal(b.start, period("2026-Q4").start);
    assert_int_equal(b.end, period("2026-Q4").end);
    assert_int_equal(period("q1/2027").start, period("2027-Q1").start);
}

static void test_period_invalid(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "", "2026-13", "2026-00", "2026-1", "2026-100", "26-10", "2026-", "2026-10-",
        "2026/10", " 2026", "2026 ", "2026-Q0", "2026-Q5", "2026-Q", "2026-Q44",
        "2026-Q4x", "2026-K4", "1969", "abcd", "20266", "2026-10-01",
        "2026-10-15..2026-10-01", "2026-10-01..", "..2026-10-01",
        "2026-10-01...2026-10-02", "2026-10-01..2026-10-2", "2026-10-32..2026-11-01",
        "2026-02-29..2026-03-01", "2026-10-01 .. 2026-10-02", "2026-10-01..2026-10-02x",
        "2026-1a", "+2026", "-2026", "13/2026", "0/2026", "11/26", "11/2026 ", " 11/2026",
        "111/2026", "11-2026", "Q5/2026", "Q0/2026", "Q/2026", "/2026", "11/", "11/2026/1",
    };
    struct idx_period p = {IDX_PERIOD_YEAR, 1, 2};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        if (idx_period_parse(bad[i], &p) != MC_ERR_INVALID)
            fail_msg("accepted \"%s\"", bad[i]);
    }
    assert_int_equal(p.start, 1);   /* untouched on failure */
    assert_int_equal(idx_period_parse(NULL, &p), MC_ERR_INVALID);
    assert_int_equal(idx_period_parse("2026", NULL), MC_ERR_INVALID);
}

static void test_period_format(void **state)
{
    (void)state;
    static const char *const canon[] = {
        "2026-10", "2026-01", "2026-12", "2026-Q1", "2026-Q4", "2026", "9999",
        "2026-10-01..2026-10-15", "2026-12-31..2027-01-01",
    };
    char out[IDX_PERIOD_STR_SIZE];
    for (size_t i = 0; i < sizeof(canon) / sizeof(canon[0]); i++) {
        struct idx_period p = period(canon[i]);
        idx_period_format(&p, out, sizeof(out));
        assert_string_equal(out, canon[i]);
    }
    struct idx_period q = period("2026-q3");
    idx_period_format(&q, out, sizeof(out));
    assert_string_equal(out, "2026-Q3");
    idx_period_format(NULL, out, sizeof(out));
    assert_string_equal(out, "");
}

/* ---- on time / late ---- */

static void test_finished_early(void **state)
{
    (void)state;
    struct idx_dossier d = base();
    finish(&d, at("2026-10-08T10:00"));
    struct idx_dossier_counts c = classify(&d, "2026-10", CLOSED);
    assert_int_equal(c.counted, 1);
    assert_int_equal(c.received, 1);
    assert_int_equal(c.finished, 1);
    assert_int_equal(c.on_time, 1);
    assert_int_equal(c.late, 0);
    assert_int_equal(c.overdue_pending, 0);
    assert_int_equal(c.with_result, 1);
    assert_int_equal(c.satisfied, 1);
    assert_int_equal(c.unsatisfied, 0);
}

static void test_finished_on_the_second(void **state)
{
    (void)state;
    struct idx_dossier d = base();
    finish(&d, d.due_at);                         /* end == appointment: on time */
    struct idx_dossier_counts c = classify(&d, "2026-10", CLOSED);
    assert_int_equal(c.on_time, 1);
    assert_int_equal(c.late, 0);
    finish(&d, d.due_at + 1);                     /* one second later: late */
    c = classify(&d, "2026-10", CLOSED);
    assert_int_equal(c.on_time, 0);
    assert_int_equal(c.late, 1);
    assert_int_equal(c.overdue_pending, 0);       /* finished, not pending */
    assert_int_equal(c.unsatisfied, 1);
    assert_int_equal(c.satisfied, 0);
}

static void test_status_9_and_10_end(void **state)
{
    (void)state;
    struct idx_dossier d = base();
    /* 9 then 10: NgayKetThucXuLy (the 9) decides, not the return date */
    finish(&d, d.due_at - 60);
    d.returned_at = d.due_at + 86400;
    struct idx_dossier_counts c = classify(&d, "2026-10", CLOSED);
    assert_int_equal(c.on_time, 1);
    /* status 10 with no NgayKetThucXuLy: the return date is the end */
    d.ended_at = 0;
    c = classify(&d, "2026-10", CLOSED);
    assert_int_equal(c.late, 1);
}

static void test_unfinished_at_period_end(void **state)
{
    (void)state;
    struct idx_dossier d = base();              /* due 10/10, still processing */
    struct idx_dossier_counts c = classify(&d, "2026-10", CLOSED);
    assert_int_equal(c.counted, 1);
    assert_int_equal(c.finished, 0);
    assert_int_equal(c.late, 1);                /* 31/10 is past 10/10 */
    assert_int_equal(c.overdue_pending, 1);
    d.due_at = at("2026-11-05T17:00");          /* due after the period: on time */
    c = classify(&d, "2026-10", CLOSED);
    assert_int_equal(c.on_time, 1);
    assert_int_equal(c.overdue_pending, 0);
    d.due_at = at("2026-10-31T23:59:59");       /* the period's last second */
    c = classify(&d, "2026-10", CLOSED);
    assert_int_equal(c.on_time, 1);
    d.due_at = at("2026-10-31T23:59:58");
    c = classify(&d, "2026-10", CLOSED);
    assert_int_equal(c.late, 1);
}

static void test_live_as_of(void **state)
{
    (void)state;
    struct idx_dossier d = base();              /* due 10/10 17:00 */
    struct idx_period p = period("2026-10");
    int64_t next = -1;
    struct idx_dossier_counts c = classify(&d, "2026-10", at("2026-10-05T09:00"));
    assert_int_equal(c.on_time, 1);             /* not overdue yet */
    assert_int_equal(idx_dossier_recheck_at(&d, &p, at("2026-10-05T09:00"), &next), MC_OK);
    assert_int_equal(next, d.due_at + 1);
    c = classify(&d, "2026-10", d.due_at);      /* at the appointment: still on time */
    assert_int_equal(c.on_time, 1);
    c = classify(&d, "2026-10", d.due_at + 1);
    assert_int_equal(c.late, 1);
    assert_int_equal(idx_dossier_recheck_at(&d, &p, d.due_at + 1, &next), MC_OK);
    assert_int_equal(next, 0);                  /* already late: nothing more */
    /* due after the period: nothing changes inside it */
    d.due_at = at("2026-11-05T17:00");
    assert_int_equal(idx_dossier_recheck_at(&d, &p, at("2026-10-05T09:00"), &next), MC_OK);
    assert_int_equal(next, 0);
    /* finished: nothing changes by itself */
    finish(&d, at("2026-10-03T09:00"));
    assert_int_equal(idx_dossier_recheck_at(&d, &p, at("2026-10-05T09:00"), &next), MC_OK);
    assert_int_equal(next, 0);
    /* received after as_of: not there yet */
    d = base();
    c = classify(&d, "2026-10", d.received_at - 1);
    assert_true(all_zero(&c));
    /* a period that has not started yet */
    c = classify(&d, "2026-11", at("2026-10-20T00:00"));
    assert_true(all_zero(&c));
}

static void test_ended_after_period(void **state)
{
    (void)state;
    struct idx_dossier d = base();              /* due 10/10 */
    finish(&d, at("2026-11-03T10:00"));
    /* October, judged afterwards: unfinished at 31/10, late */
    struct idx_dossier_counts c = classify(&d, "2026-10", CLOSED);
    assert_int_equal(c.counted, 1);
    assert_int_equal(c.finished, 0);
    assert_int_equal(c.with_result, 0);
    assert_int_equal(c.late, 1);
    assert_int_equal(c.overdue_pending, 1);
    /* November: processed in it (carried over), finished late */
    c = classify(&d, "2026-11", CLOSED);
    assert_int_equal(c.counted, 1);
    assert_int_equal(c.received, 0);
    assert_int_equal(c.finished, 1);
    assert_int_equal(c.with_result, 1);
    assert_int_equal(c.late, 1);
    assert_int_equal(c.overdue_pending, 0);
    /* December: ended before it */
    c = classify(&d, "2026-12", CLOSED);
    assert_true(all_zero(&c));
    /* the quarter holds it once */
    c = classify(&d, "2026-Q4", CLOSED);
    assert_int_equal(c.counted, 1);
    assert_int_equal(c.received, 1);
    assert_int_equal(c.finished, 1);
}

static void test_carried_over(void **state)
{
    (void)state;
    struct idx_dossier d = base();
    d.received_at = at("2026-09-25T08:00");
    d.due_at = at("2026-10-20T17:00");
    struct idx_dossier_counts c = classify(&d, "2026-10", CLOSED);
    assert_int_equal(c.counted, 1);
    assert_int_equal(c.received, 0);            /* received in September */
    assert_int_equal(c.late, 1);
    c = classify(&d, "2026-09", CLOSED);        /* not late at the end of September */
    assert_int_equal(c.received, 1);
    assert_int_equal(c.on_time, 1);
    finish(&d, at("2026-09-28T08:00"));         /* ended in September */
    c = classify(&d, "2026-10", CLOSED);
    assert_true(all_zero(&c));
    c = classify(&d, "2026-10-01..2026-10-15", CLOSED);
    assert_true(all_zero(&c));
}

static void test_supplement_time_extends(void **state)
{
    (void)state;
    struct idx_dossier d = base();                    /* due 10/10 17:00 */
    finish(&d, at("2026-10-12T17:00"));
    d.supplement_count = 1;
    d.supplement_seconds = 2 * 86400;                 /* waited two days */
    struct idx_dossier_counts c = classify(&d, "2026-10", CLOSED);
    assert_int_equal(c.on_time, 1);                   /* 12/10 17:00 <= 10/10 17:00 + 2d */
    d.supplement_seconds = 2 * 86400 - 1;
    c = classify(&d, "2026-10", CLOSED);
    assert_int_equal(c.late, 1);
    /* unfinished, judged at the period end, the same extension applies */
    d = base();
    d.due_at = at("2026-10-30T17:00");
    d.supplement_count = 1;
    d.supplement_seconds = 86400;                     /* -> 31/10 17:00 */
    c = classify(&d, "2026-10", CLOSED);
    assert_int_equal(c.late, 1);                      /* 31/10 23:59:59 is past it */
    d.supplement_seconds = 2 * 86400;                 /* -> 1/11 17:00 */
    c = classify(&d, "2026-10", CLOSED);
    assert_int_equal(c.on_time, 1);
}

static void test_supplement_wait_open(void **state)
{
    (void)state;
    struct idx_dossier d = base();                    /* due 10/10 17:00 */
    struct idx_period p = period("2026-10");
    int64_t next = -1;
    d.status = NAT_ST_SUPPLEMENT;
    d.supplement_count = 1;
    d.supplement_since = at("2026-10-08T09:00");      /* clock stopped before due */
    struct idx_dossier_counts c = classify(&d, "2026-10", CLOSED);
    assert_int_equal(c.on_time, 1);
    assert_int_equal(idx_dossier_recheck_at(&d, &p, at("2026-10-09T09:00"), &next), MC_OK);
    assert_int_equal(next, 0);                        /* frozen: waits for a change */
    d.supplement_since = at("2026-10-12T09:00");      /* requested after the due date */
    c = classify(&d, "2026-10", CLOSED);
    assert_int_equal(c.late, 1);
    d.supplement_since = 0;                           /* wait start unknown: judged at J */
    c = classify(&d, "2026-10", CLOSED);
    assert_int_equal(c.late, 1);
}

static void test_second_supplement_is_late(void **state)
{
    (void)state;
    struct idx_dossier d = base();
    finish(&d, at("2026-10-05T10:00"));               /* well before the due date */
    d.supplement_count = 1;
    struct idx_dossier_counts c = classify(&d, "2026-10", CLOSED);
    assert_int_equal(c.on_time, 1);
    assert_int_equal(c.second_supplement, 0);
    d.supplement_count = 2;
    c = classify(&d, "2026-10", CLOSED);
    assert_int_equal(c.late, 1);
    assert_int_equal(c.second_supplement, 1);
    assert_int_equal(c.unsatisfied, 1);
    d.supplement_count = 3;
    d.supplement_seconds = 30 * 86400;                /* the extension does not save it */
    c = classify(&d, "2026-10", CLOSED);
    assert_int_equal(c.late, 1);
    /* unfinished, in the live index */
    d = base();
    d.supplement_count = 2;
    c = classify(&d, "2026-10", at("2026-10-03T08:00"));
    assert_int_equal(c.late, 1);
    assert_int_equal(c.overdue_pending, 1);
}

/* ---- which dossiers count ---- */

static void test_withdrawal(void **state)
{
    (void)state;
    struct idx_dossier d = base();
    /* withdrawn before acceptance: no reception, no appointment */
    d.status = NAT_ST_WITHDRAWN;
    d.received_at = 0;
    d.due_at = 0;
    d.ended_at = at("2026-10-02T08:00");
    struct idx_dossier_counts c = classify(&d, "2026-10", CLOSED);
    assert_true(all_zero(&c));
    /* withdrawn after acceptance: counted, ends at the withdrawal */
    d = base();
    d.status = NAT_ST_WITHDRAWN;
    d.ended_at = at("2026-10-05T08:00");
    c = classify(&d, "2026-10", CLOSED);
    assert_int_equal(c.counted, 1);
    assert_int_equal(c.finished, 1);
    assert_int_equal(c.on_time, 1);
    assert_int_equal(c.with_result, 0);               /* no result issued */
    d.ended_at = at("2026-10-11T08:00");              /* after the due date: late */
    c = classify(&d, "2026-10", CLOSED);
    assert_int_equal(c.late, 1);
}

static void test_new_and_refused(void **state)
{
    (void)state;
    struct idx_dossier d = base();
    d.status = NAT_ST_NEW;                    /* lodged, not received */
    d.received_at = 0;
    d.due_at = 0;
    struct idx_dossier_counts c = classify(&d, "2026-10", CLOSED);
    assert_true(all_zero(&c));
    d = base();
    d.status = NAT_ST_NEW;                    /* even with stray dates */
    c = classify(&d, "2026-10", CLOSED);
    assert_true(all_zero(&c));
    d.status = NAT_ST_REFUSED;                /* refused at reception */
    d.received_at = 0;
    d.due_at = 0;
    d.ended_at = at("2026-10-01T09:00");
    c = classify(&d, "2026-10", CLOSED);
    assert_true(all_zero(&c));
    d = base();                                       /* refused after acceptance */
    d.status = NAT_ST_REFUSED;
    d.ended_at = at("2026-10-12T09:00");
    c = classify(&d, "2026-10", CLOSED);
    assert_int_equal(c.counted, 1);
    assert_int_equal(c.late, 1);
    assert_int_equal(c.with_result, 0);
    d.status = NAT_ST_STOPPED;                     /* stopped: ends too */
    c = classify(&d, "2026-10", CLOSED);
    assert_int_equal(c.finished, 1);
    assert_int_equal(c.late, 1);
}

/* ---- online, payment, digitisation, satisfaction ---- */

static void test_online_definition(void **state)
{
    (void)state;
    struct idx_dossier d = base();
    finish(&d, at("2026-10-05T10:00"));
    d.channel = NAT_CH_ONLINE;
    d.e_result = 1;
    struct idx_dossier_counts c = classify(&d, "2026-10", CLOSED);
    assert_int_equal(c.lodged_online, 1);
    assert_int_equal(c.online, 1);
    assert_int_equal(c.with_result, 1);
    assert_int_equal(c.e_result, 1);
    d.e_result = 0;                                   /* online lodging, paper result */
    c = classify(&d, "2026-10", CLOSED);
    assert_int_equal(c.lodged_online, 1);
    assert_int_equal(c.online, 0);
    assert_int_equal(c.e_result, 0);
    d.channel = NAT_CH_DIRECT;                   /* counter lodging, e-result */
    d.e_result = 1;
    c = classify(&d, "2026-10", CLOSED);
    assert_int_equal(c.lodged_online, 0);
    assert_int_equal(c.online, 0);
    assert_int_equal(c.e_result, 1);
    d.channel = NAT_CH_POSTAL;
    c = classify(&d, "2026-10", CLOSED);
    assert_int_equal(c.online, 0);
    /* carried over from September: counts for tien_do, not for the online rate */
    d = base();
    d.channel = NAT_CH_ONLINE;
    d.e_result = 1;
    d.received_at = at("2026-09-29T08:00");
    finish(&d, at("2026-10-02T08:00"));
    c = classify(&d, "2026-10", CLOSED);
    assert_int_equal(c.counted, 1);
    assert_int_equal(c.received, 0);
    assert_int_equal(c.online, 0);
    assert_int_equal(c.e_result, 1);                  /* the result was issued in October */
}

static void test_payment_and_digitisation(void **state)
{
    (void)state;
    struct idx_dossier d = base();
    d.has_fee = 1;
    d.paid_online = 2;                                /* via the local payment gateway */
    d.digitised = 1;
    d.reused_data = 1;
    struct idx_dossier_counts c = classify(&d, "2026-10", CLOSED);
    assert_int_equal(c.with_fee, 1);
    assert_int_equal(c.paid_online, 1);
    assert_int_equal(c.digitised, 1);
    assert_int_equal(c.reused, 1);
    d.paid_online = 1;                                /* via the national portal */
    c = classify(&d, "2026-10", CLOSED);
    assert_int_equal(c.paid_online, 1);
    d.paid_online = 0;
    c = classify(&d, "2026-10", CLOSED);
    assert_int_equal(c.with_fee, 1);
    assert_int_equal(c.paid_online, 0);
    d.has_fee = 0;                                    /* paid without a fee: ignored */
    d.paid_online = 1;
    c = classify(&d, "2026-10", CLOSED);
    assert_int_equal(c.with_fee, 0);
    assert_int_equal(c.paid_online, 0);
}

static void test_satisfaction(void **state)
{
    (void)state;
    struct idx_dossier d = base();
    finish(&d, at("2026-10-05T10:00"));
    d.rating = 1;
    struct idx_dossier_counts c = classify(&d, "2026-10", CLOSED);
    assert_int_equal(c.satisfied, 1);
    assert_int_equal(c.complained, 0);
    d.rating = 3;                                     /* không hài lòng */
    c = classify(&d, "2026-10", CLOSED);
    assert_int_equal(c.complained, 1);
    assert_int_equal(c.unsatisfied, 1);
    assert_int_equal(c.on_time, 1);
    d.rating = 2;
    d.complaint = 1;
    c = classify(&d, "2026-10", CLOSED);
    assert_int_equal(c.complained, 1);
    assert_int_equal(c.unsatisfied, 1);
    /* late and complained: one unsatisfied dossier, not two */
    finish(&d, at("2026-10-15T10:00"));
    d.complaint = 1;
    d.rating = 3;
    c = classify(&d, "2026-10", CLOSED);
    assert_int_equal(c.late, 1);
    assert_int_equal(c.complained, 1);
    assert_int_equal(c.unsatisfied, 1);
    assert_int_equal(c.satisfied, 0);
}

static void test_invalid_dossiers(void **state)
{
    (void)state;
    struct idx_period p = period("2026-10");
    struct idx_period empty = {IDX_PERIOD_RANGE, 100, 100};
    struct idx_dossier_counts c;
    struct idx_dossier d;
    int64_t next;
#define BAD(stmt)                                                               \
    do {                                                                        \
        d = base();                                                             \
        stmt;                                                                   \
        memset(&c, 0xff, sizeof(c));                                            \
        assert_int_equal(idx_dossier_classify(&d, &p, CLOSED, &c), MC_ERR_INVALID); \
        assert_true(all_zero(&c));                                              \
    } while (0)
    BAD(d.status = 0);
    BAD(d.status = 11);
    BAD(d.channel = 0);
    BAD(d.channel = 4);
    BAD(d.rating = 4);
    BAD(d.rating = -1);
    BAD(d.paid_online = 3);
    BAD(d.has_fee = 2);
    BAD(d.e_result = -1);
    BAD(d.digitised = 2);
    BAD(d.reused_data = 2);
    BAD(d.complaint = 2);
    BAD(d.supplement_count = -1);
    BAD(d.supplement_seconds = -1);
    BAD(d.received_at = -5);
    BAD(d.due_at = 0);                                /* accepted without appointment */
    BAD(d.received_at = 0);                           /* processing without reception */
    BAD(d.due_at = d.received_at - 1);
    BAD(d.supplement_since = d.received_at - 1);
    BAD(d.status = NAT_ST_DONE);             /* ended without an end time */
    BAD((d.status = NAT_ST_STOPPED, d.ended_at = d.received_at - 1));
    BAD(d.returned_at = (int64_t)1 << 50);
#undef BAD
    d = base();
    assert_int_equal(idx_dossier_classify(&d, &empty, CLOSED, &c), MC_ERR_INVALID);
    assert_int_equal(idx_dossier_classify(NULL, &p, CLOSED, &c), MC_ERR_INVALID);
    assert_int_equal(idx_dossier_classify(&d, NULL, CLOSED, &c), MC_ERR_INVALID);
    assert_int_equal(idx_dossier_classify(&d, &p, CLOSED, NULL), MC_ERR_INVALID);
    assert_int_equal(idx_dossier_recheck_at(&d, &p, CLOSED, NULL), MC_ERR_INVALID);
    d.status = 42;
    assert_int_equal(idx_dossier_recheck_at(&d, &p, CLOSED, &next), MC_ERR_INVALID);
    assert_int_equal(next, 0);
}

/* ---- counters ---- */

static void test_counts_fields(void **state)
{
    (void)state;
    struct idx_dossier_counts c;
    size_t n = idx_counts_field_count();
    assert_int_equal(n * sizeof(int64_t), sizeof(struct idx_dossier_counts));
    assert_string_equal(idx_counts_field_name(0), "counted");
    assert_string_equal(idx_counts_field_name(n - 1), "satisfied");
    assert_null(idx_counts_field_name(n));
    assert_null(idx_counts_field(&c, n));
    memset(&c, 0, sizeof(c));
    *idx_counts_field(&c, 3) = 7;
    assert_int_equal(c.on_time, 7);
    assert_string_equal(idx_counts_field_name(3), "on_time");
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < i; j++)
            assert_string_not_equal(idx_counts_field_name(i), idx_counts_field_name(j));
}

/* Incremental maintenance: subtract the old contribution, add the new one,
 * and get what a recomputation from scratch gives. */
static void test_counts_incremental(void **state)
{
    (void)state;
    struct idx_dossier ds[4];
    struct idx_dossier_counts acc, c, scratch;
    struct idx_period p = period("2026-10");
    memset(&acc, 0, sizeof(acc));
    for (int i = 0; i < 4; i++) {
        ds[i] = base();
        assert_int_equal(idx_dossier_classify(&ds[i], &p, CLOSED, &c), MC_OK);
        idx_counts_add(&acc, &c, +1);
    }
    assert_int_equal(acc.counted, 4);
    assert_int_equal(acc.late, 4);                    /* all still open past 10/10 */
    /* dossier 2 finishes early and is rated: replace its contribution */
    assert_int_equal(idx_dossier_classify(&ds[2], &p, CLOSED, &c), MC_OK);
    idx_counts_add(&acc, &c, -1);
    finish(&ds[2], at("2026-10-04T15:00"));
    ds[2].e_result = 1;
    ds[2].channel = NAT_CH_ONLINE;
    assert_int_equal(idx_dossier_classify(&ds[2], &p, CLOSED, &c), MC_OK);
    idx_counts_add(&acc, &c, +1);
    memset(&scratch, 0, sizeof(scratch));
    for (int i = 0; i < 4; i++) {
        assert_int_equal(idx_dossier_classify(&ds[i], &p, CLOSED, &c), MC_OK);
        idx_counts_add(&scratch, &c, +1);
    }
    assert_memory_equal(&acc, &scratch, sizeof(acc));
    assert_int_equal(acc.on_time, 1);
    assert_int_equal(acc.late, 3);
    assert_int_equal(acc.online, 1);
    assert_int_equal(acc.with_result, 1);
    assert_int_equal(acc.e_result, 1);
}

static void test_counts_to_formula(void **state)
{
    (void)state;
    struct idx_dossier_counts acc;
    struct idx_input in[IDX_INDICATOR_COUNT];
    struct idx_result r;
    struct idx_dossier d;
    memset(&acc, 0, sizeof(acc));
    memset(in, 0, sizeof(in));
    /* 4 dossiers: 3 on time (one online with e-result, rated 3), 1 late */
    for (int i = 0; i < 4; i++) {
        d = base();
        finish(&d, i == 3 ? at("2026-10-20T08:00") : at("2026-10-05T08:00"));
        if (i == 0) {
            d.channel = NAT_CH_ONLINE;
            d.e_result = 1;
            d.rating = 3;
        }
        struct idx_dossier_counts c = classify(&d, "2026-10", CLOSED);
        idx_counts_add(&acc, &c, +1);
    }
    idx_counts_to_input(&acc, in);
    assert_true(in[IDX_GIAI_QUYET_DUNG_HAN].available);
    assert_int_equal(in[IDX_GIAI_QUYET_DUNG_HAN].num, 3);
    assert_int_equal(in[IDX_GIAI_QUYET_DUNG_HAN].den, 4);
    assert_false(in[IDX_CONG_BO_DUNG_HAN].available);  /* untouched */
    assert_int_equal(idx_compute(in, &r), MC_OK);
    /* tien_do 20 * 3/4 = 15 */
    assert_true(fabs(r.ind[IDX_GIAI_QUYET_DUNG_HAN].points - 15.0) < 1e-9);
    /* online 1/4 = 0.25: 6 * 0.25 / 0.5 = 3 */
    assert_true(fabs(r.ind[IDX_HO_SO_TRUC_TUYEN].points - 3.0) < 1e-9);
    /* e-result 1/4: 6 * 0.25 = 1.5 */
    assert_true(fabs(r.ind[IDX_KET_QUA_DIEN_TU].points - 1.5) < 1e-9);
    /* satisfied 2/4 (one late, one rated 3): 6 * 0.5 / 0.9 = 3.333... */
    assert_true(fabs(r.ind[IDX_HAI_LONG_TTHC].points - 10.0 / 3.0) < 1e-9);
    /* no fee-bearing dossier: no data, not zero */
    assert_int_equal(r.ind[IDX_HO_SO_THANH_TOAN_TRUC_TUYEN].state, IDX_STATE_NO_DATA);
    /* so_hoa 0/4 and tai_su_dung 0/4 are real zeros */
    assert_int_equal(r.ind[IDX_SO_HOA_THANH_PHAN].state, IDX_STATE_SCORED);
    /* with data: 20 + 6 + 6 + 4 + 2 + 6 = 44; points 15 + 3 + 1.5 + 0 + 0 + 10/3 */
    assert_int_equal(r.max_with_data, 44);
    assert_true(fabs(r.points - (19.5 + 10.0 / 3.0)) < 1e-9);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_period_parse),
        cmocka_unit_test(test_period_as_people_write_it),
        cmocka_unit_test(test_period_invalid),
        cmocka_unit_test(test_period_format),
        cmocka_unit_test(test_finished_early),
        cmocka_unit_test(test_finished_on_the_second),
        cmocka_unit_test(test_status_9_and_10_end),
        cmocka_unit_test(test_unfinished_at_period_end),
        cmocka_unit_test(test_live_as_of),
        cmocka_unit_test(test_ended_after_period),
        cmocka_unit_test(test_carried_over),
        cmocka_unit_test(test_supplement_time_extends),
        cmocka_unit_test(test_supplement_wait_open),
        cmocka_unit_test(test_second_supplement_is_late),
        cmocka_unit_test(test_withdrawal),
        cmocka_unit_test(test_new_and_refused),
        cmocka_unit_test(test_online_definition),
        cmocka_unit_test(test_payment_and_digitisation),
        cmocka_unit_test(test_satisfaction),
        cmocka_unit_test(test_invalid_dossiers),
        cmocka_unit_test(test_counts_fields),
        cmocka_unit_test(test_counts_incremental),
        cmocka_unit_test(test_counts_to_formula),
    };
    return cmocka_run_group_tests_name("index/dossier_rules", tests, NULL, NULL);
}
