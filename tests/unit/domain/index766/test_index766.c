/*
 * test_index.c - the 766 index over the database (src/index/index*.c):
 * each formula on small hand-computed histories imported in the national
 * sync format, the live counters against a recomputation from scratch on
 * random histories (through the dossier domain API and through imports),
 * publication revisions, late lists and the JSON shape.
 */
#include "domain/dossier/fixture.h"
#include <math.h>
#include <time.h>
#include "core/buf.h"
#include "domain/dossier/dossier_sync.h"
#include "domain/catalog/catalog.h"
#include "domain/catalog/publication.h"
#include "domain/index766/index766.h"

/* 2025-10: 1759251600 .. 1761930000 (+07:00 midnights). */
#define OCT 1759251600LL
#define NOV 1761930000LL
#define DAY 86400LL

static const struct db_query Q_COLUMNS = {
    "test.columns", "SELECT name FROM pragma_table_info('index_counters') ORDER BY cid",
    "SELECT column_name FROM information_schema.columns WHERE table_name = 'index_counters'"
    " ORDER BY ordinal_position",
};

/* The procedure of the lines appended by line(). */
static const char *line_proc = "1.000001";

/* Append one sync line; times relative to OCT in hours (-1 = null). */
static void line(struct buf *b, const char *code, const char *agency, int channel, int status,
                 double recv_h, double due_h, double end_h, double ret_h, int supp,
                 int64_t supp_s, int fee, int paid, int eres)
{
    char iso[4][40];
    double hs[4] = {recv_h, due_h, end_h, ret_h};
    for (int i = 0; i < 4; i++) {
        if (hs[i] < 0)
            snprintf(iso[i], sizeof(iso[i]), "null");
        else {
            char t[32];
            clock_format_iso(OCT + (int64_t)(hs[i] * 3600), t, sizeof(t));
            snprintf(iso[i], sizeof(iso[i]), "\"%s\"", t);
        }
    }
    buf_addf(b, "{\"MaHoSo\":\"%s\",\"MaTTHC\":\"%s\",\"MaDonVi\":\"%s\","
             "\"KenhThucHien\":%d,\"TrangThaiHoSo\":%d,\"NgayTiepNhan\":%s,\"NgayHenTra\":%s,"
             "\"NgayKetThucXuLy\":%s,\"NgayTraKetQua\":%s,\"SoLanBoSung\":%d,"
             "\"ThoiGianBoSung\":%lld,\"CoPhi\":%d,\"DuocThanhToanTrucTuyen\":%d,"
             "\"CoKetQuaDienTu\":%d}\n", code, line_proc, agency, channel, status, iso[0], iso[1],
             iso[2], iso[3], supp, (long long)supp_s, fee, paid, eres);
}

static void import(struct db *db, struct buf *b)
{
    struct import_report rep;
    import_report_init(&rep);
    enum mc_status st = dossier_import_jsonl_mem(db, b->data, b->len, NULL, &rep);
    if (st != MC_OK)
        import_report_print(&rep, "test", stderr);
    assert_int_equal(st, MC_OK);
    import_report_release(&rep);
    buf_reset(b);
}

static void assert_same(struct db *db, const char *period)
{
    struct index766_counts_list a, b;
    index766_counts_list_init(&a);
    index766_counts_list_init(&b);
    assert_int_equal(index766_recheck_due(db, clock_now(), NULL), MC_OK);
    assert_int_equal(index766_counters_get(db, period, &a), MC_OK);
    assert_int_equal(index766_recompute(db, period, &b), MC_OK);
    if (a.n != b.n)
        fprintf(stderr, "period %s: %zu agencies live, %zu recomputed\n", period, a.n, b.n);
    assert_int_equal(a.n, b.n);
    for (size_t i = 0; i < a.n; i++) {
        assert_string_equal(a.items[i].agency_code, b.items[i].agency_code);
        for (size_t k = 0; k < idx_counts_field_count(); k++) {
            int64_t x = *idx_counts_field(&a.items[i].c, k);
            int64_t y = *idx_counts_field(&b.items[i].c, k);
            if (x != y)
                fprintf(stderr, "%s %s %s: live %lld, recomputed %lld\n", period,
                        a.items[i].agency_code, idx_counts_field_name(k), (long long)x,
                        (long long)y);
            assert_int_equal(x, y);
        }
    }
    index766_counts_list_release(&a);
    index766_counts_list_release(&b);
}

static void test_columns_match_counters(void **state)
{
    struct fx *f = *state;
    struct db_stmt *st = NULL;
    bool row = false;
    size_t i = 0;
    assert_int_equal(db_query_start(f->db, &Q_COLUMNS, &st, ""), MC_OK);
    while (db_step(st, &row) == MC_OK && row) {
        if (i >= 2)
            assert_string_equal(db_col_text(st, 0), idx_counts_field_name(i - 2));
        i++;
    }
    db_done(st);
    assert_int_equal(i, 2 + idx_counts_field_count());
}

/* The formulas of docs/index-766.md §2 on a hand-computed month. */
static void test_formulas_hand_computed(void **state)
{
    struct fx *f = *state;
    struct buf b;
    struct index766_report r;
    buf_init(&b, 1 << 20);
    clock_set(NOV + 10 * DAY, 0);   /* October is over */
    /* A: ended at the appointment second -> on time; online with e-result. */
    line(&b, "A", "X1", 2, 9, 10, 100, 100, -1, 0, 0, 1, 1, 1);
    /* B: ended one hour after the appointment -> late; online lodged, no e-result. */
    line(&b, "B", "X1", 2, 9, 10, 100, 101, -1, 0, 0, 1, 0, 0);
    /* C: end = first terminal status: processing ended before the appointment,
     * the result was handed over after it -> on time. */
    line(&b, "C", "X1", 1, 10, 10, 100, 90, 200, 0, 0, 0, 0, 1);
    /* D: unfinished, appointment inside October -> judged at the end: late. */
    line(&b, "D", "X1", 1, 4, 10, 300, -1, -1, 0, 0, 0, 0, 0);
    /* E: unfinished, appointment in November -> on time in October. */
    line(&b, "E", "X1", 1, 4, 10, 800, -1, -1, 0, 0, 0, 0, 0);
    /* F: ended 10 h after the appointment, 24 h of supplement wait -> on time. */
    line(&b, "F", "X1", 3, 9, 10, 100, 110, -1, 1, 24 * 3600, 0, 0, 0);
    /* G: finished early but a second supplement request -> late. */
    line(&b, "G", "X1", 1, 9, 10, 100, 50, -1, 2, 3600, 0, 0, 0);
    import(f->db, &b);
    assert_int_equal(index766_compute(f->db, "X1", "2025-10", &r), MC_OK);
    assert_int_equal(r.kind, INDEX766_UNIT_AGENCY);
    assert_int_equal(r.counts.counted, 7);
    /* On time: A, C, E, F. */
    assert_int_equal(r.in[IDX_GIAI_QUYET_DUNG_HAN].num, 4);
    assert_int_equal(r.in[IDX_GIAI_QUYET_DUNG_HAN].den, 7);
    assert_true(fabs(r.result.ind[IDX_GIAI_QUYET_DUNG_HAN].points - 20.0 * 4 / 7) < 1e-9);
    /* Online = lodged online with an e-result: A only of 7 received (1/7 < 0.5). */
    assert_int_equal(r.in[IDX_HO_SO_TRUC_TUYEN].num, 1);
    assert_int_equal(r.in[IDX_HO_SO_TRUC_TUYEN].den, 7);
    assert_true(fabs(r.result.ind[IDX_HO_SO_TRUC_TUYEN].points - 6.0 * (1.0 / 7) / 0.5) <
                1e-9);
    assert_int_equal(r.counts.lodged_online, 2);
    /* Fees: A and B, A paid online. */
    assert_int_equal(r.in[IDX_HO_SO_THANH_TOAN_TRUC_TUYEN].num, 1);
    assert_int_equal(r.in[IDX_HO_SO_THANH_TOAN_TRUC_TUYEN].den, 2);
    /* No feedback: 6 points each, "không phát sinh". */
    assert_int_equal(r.result.ind[IDX_PAKN_DUNG_HAN].state, IDX_STATE_EMPTY_FULL);
    assert_true(r.result.ind[IDX_PAKN_DUNG_HAN].points == 6.0);
    assert_true(r.result.ind[IDX_PAKN_HAI_LONG].points == 6.0);
    /* No source: chưa có dữ liệu, not in the total. */
    assert_int_equal(r.result.ind[IDX_DONG_BO_HO_SO].state, IDX_STATE_NO_DATA);
    assert_int_equal(r.result.ind[IDX_CHUNG_THUC_DIEN_TU].state, IDX_STATE_NO_DATA);
    /* Catalogue: no dossier procedure is in the catalogue of this fixture
     * except 1.000001, whose online level is unknown -> no data. */
    assert_int_equal(r.result.ind[IDX_TTHC_CO_DVCTT].state, IDX_STATE_NO_DATA);
    /* Threshold: 1 online of 2 received = 50% -> full 6 points (X2). */
    line(&b, "H", "X2", 2, 9, 10, 100, 50, -1, 0, 0, 0, 0, 1);
    line(&b, "I", "X2", 1, 9, 10, 100, 50, -1, 0, 0, 0, 0, 1);
    import(f->db, &b);
    assert_int_equal(index766_compute(f->db, "X2", "2025-10", &r), MC_OK);
    assert_true(r.result.ind[IDX_HO_SO_TRUC_TUYEN].points == 6.0);
    assert_true(r.result.ind[IDX_GIAI_QUYET_DUNG_HAN].points == 20.0);
    /* The province sums the agencies; a range scan agrees with the counters. */
    assert_int_equal(index766_compute(f->db, NULL, "2025-10", &r), MC_OK);
    assert_int_equal(r.counts.counted, 9);
    assert_int_equal(index766_compute(f->db, NULL, "2025-10-01..2025-10-31", &r), MC_OK);
    assert_int_equal(r.counts.counted, 9);
    assert_int_equal(r.in[IDX_GIAI_QUYET_DUNG_HAN].num, 6);
    /* Quarter: E is carried into November and stays counted once. */
    assert_int_equal(index766_compute(f->db, "X1", "2025-Q4", &r), MC_OK);
    assert_int_equal(r.counts.counted, 7);
    assert_same(f->db, "2025-10");
    assert_same(f->db, "2025-11");
    assert_same(f->db, "2025-Q4");
    assert_same(f->db, "2025");
    /* Bad periods and units. */
    assert_int_equal(index766_compute(f->db, NULL, "2025-13", &r), MC_ERR_INVALID);
    assert_int_equal(index766_compute(f->db, "NOPE", "2025-10", &r), MC_ERR_NOT_FOUND);
    buf_release(&b);
}

/* The appointment passes with no change: the recheck makes it late. */
static void test_lateness_appears_with_time(void **state)
{
    struct fx *f = *state;
    struct buf b;
    struct index766_report r;
    int64_t n = 0;
    buf_init(&b, 1 << 20);
    clock_set(OCT + 5 * DAY, 0);
    line(&b, "L", "X3", 1, 4, 10, 10 * 24, -1, -1, 0, 0, 0, 0, 0);
    import(f->db, &b);
    assert_int_equal(index766_compute(f->db, "X3", "2025-10", &r), MC_OK);
    assert_int_equal(r.counts.on_time, 1);
    clock_set(OCT + 12 * DAY, 0);
    assert_int_equal(index766_recheck_due(f->db, clock_now(), &n), MC_OK);
    assert_int_equal(n, 1);
    assert_int_equal(index766_compute(f->db, "X3", "2025-10", &r), MC_OK);
    assert_int_equal(r.counts.late, 1);
    assert_int_equal(r.counts.overdue_pending, 1);
    /* Carried into November at the month's start. */
    clock_set(NOV + 3600, 0);
    assert_int_equal(index766_recheck_due(f->db, clock_now(), &n), MC_OK);
    assert_int_equal(index766_compute(f->db, "X3", "2025-11", &r), MC_OK);
    assert_int_equal(r.counts.counted, 1);
    assert_same(f->db, "2025-10");
    assert_same(f->db, "2025-11");
    buf_release(&b);
}

static uint64_t rng;
static int64_t rnd(int64_t n)
{
    rng = rng * 6364136223846793005ull + 1442695040888963407ull;
    return (int64_t)((rng >> 33) % (uint64_t)n);
}

/* Random sync imports (creates and updates) while time moves. */
static void test_incremental_equals_recompute_imports(void **state)
{
    struct fx *f = *state;
    struct buf b;
    char code[32];
    buf_init(&b, 1 << 22);
    rng = 766;
    clock_set(OCT - 5 * DAY, 0);
    for (int round = 0; round < 12; round++) {
        for (int k = 0; k < 40; k++) {
            int status = 1 + (int)rnd(10);
            bool acc = status != 1 && !((status == 3 || status == 7) && rnd(2));
            double recv = acc ? (double)rnd(90 * 24) : -1;
            double due = acc ? recv + 24 + (double)rnd(20 * 24) : -1;
            bool ends = acc && (status == 3 || status == 7 || status >= 8);
            double end = ends ? recv + (double)rnd(30 * 24) : -1;
            double ret = status == 10 ? end + (double)rnd(72) : -1;
            int supp = acc ? (int)rnd(3) : 0;
            snprintf(code, sizeof(code), "R%03d", (int)rnd(150));
            if (strstr(b.data ? b.data : "", code))
                continue;
            line(&b, code, rnd(2) ? "Y1" : "Y2", 1 + (int)rnd(3), status, recv, due, end, ret,
                 supp, acc ? rnd(3) * 3600 : 0, (int)rnd(2), 0, status >= 9 ? (int)rnd(2) : 0);
        }
        import(f->db, &b);
        clock_set(clock_now() + 6 * DAY + rnd(DAY), 0);
        assert_same(f->db, "2025-10");
        assert_same(f->db, "2025-11");
        assert_same(f->db, "2025-12");
        assert_same(f->db, "2025-Q4");
        assert_same(f->db, "2025");
    }
    /* A rebuild gives the same counters. */
    assert_int_equal(index766_rebuild(f->db), MC_OK);
    assert_same(f->db, "2025-10");
    assert_same(f->db, "2025");
    buf_release(&b);
}

/* Random transitions through the domain API (dossier_submit, dossier_act). */
static void test_incremental_equals_recompute_domain(void **state)
{
    struct fx *f = *state;
    const struct user *actors[] = {&f->citizen, &f->reception, &f->processing, &f->approver};
    int64_t ids[12];
    char key[32], period[32];
    rng = 1588;
    clock_set(T0, 0);
    for (int i = 0; i < 12; i++) {
        snprintf(key, sizeof(key), "k%d", i);
        ids[i] = fx_submit(f, &f->citizen, key);
    }
    for (int step = 0; step < 160; step++) {
        struct dossier d = fx_load(f, ids[rnd(12)]);
        enum dossier_action acts[DOSSIER_ACT_COUNT];
        const struct user *who[DOSSIER_ACT_COUNT];
        size_t n = 0;
        for (int a = DOSSIER_ACT_ACCEPT; a < DOSSIER_ACT_COUNT; a++)
            for (size_t u = 0; u < MC_ARRAY_LEN(actors); u++)
                if (dossier_may(actors[u], &d, (enum dossier_action)a, NULL)) {
                    acts[n] = (enum dossier_action)a;
                    who[n++] = actors[u];
                    break;
                }
        if (n > 0) {
            size_t pick = (size_t)rnd((int64_t)n);
            struct dossier_action_input in = {acts[pick], d.version, "Ghi chú của cán bộ",
                                              0, 0, 0, NULL, 0};
            struct form_errors errs = {0};
            if (acts[pick] == DOSSIER_ACT_APOLOGY)
                in.due_at = clock_now() + 3 * DAY;
            enum mc_status st = dossier_act(&f->env, who[pick], "198.51.100.2", d.id, &in,
                                            NULL, &errs);
            if (st != MC_OK)
                fprintf(stderr, "action %s: %d %s\n", dossier_action_code(acts[pick]), st,
                        errs.count ? form_errors_first(&errs) : "");
            assert_int_equal(st, MC_OK);
        }
        dossier_release(&d);
        clock_set(clock_now() + rnd(30 * HOUR), 0);
        if (step % 20 == 19) {
            int y, m;
            time_t t = (time_t)(clock_now() + 7 * 3600);
            struct tm tm;
            gmtime_r(&t, &tm);
            y = tm.tm_year + 1900;
            m = tm.tm_mon + 1;
            snprintf(period, sizeof(period), "%04d-%02d", y, m);
            assert_same(f->db, period);
            assert_same(f->db, "2026-02");
            assert_same(f->db, "2026-Q1");
            assert_same(f->db, "2026");
        }
    }
}

#define ONE_OF_ONE "\"key\":\"giai_quyet_dung_han\",\"name\":\"Hồ sơ giải quyết trước hạn, " \
                   "đúng hạn\",\"numerator\":1,\"denominator\":1"

static void test_publication_revisions(void **state)
{
    struct fx *f = *state;
    struct buf b;
    int rev = 0, got = 0;
    char *json = NULL, due[IDX_PERIOD_STR_SIZE];
    buf_init(&b, 1 << 20);
    clock_set(OCT + 3 * DAY, 0);
    line(&b, "P1", AGENCY, 1, 9, 10, 100, 50, -1, 0, 0, 0, 0, 0);
    import(f->db, &b);
    /* Not over yet. */
    assert_int_equal(index766_publish(f->db, "2025-10", "test", NULL, &rev), MC_ERR_INVALID);
    /* Saturday 1 Nov 2025 is not a working day; Monday 3 Nov is. */
    clock_set(NOV + 12 * 3600, 0);
    assert_int_equal(index766_publish_due(f->db, clock_now(), due), MC_OK);
    assert_string_equal(due, "");
    clock_set(NOV + 2 * DAY + 9 * 3600, 0);
    assert_int_equal(index766_publish_due(f->db, clock_now(), due), MC_OK);
    assert_string_equal(due, "2025-10");
    assert_int_equal(index766_publish(f->db, "2025-10", "test", NULL, &rev), MC_OK);
    assert_int_equal(rev, 1);   /* unchanged: no new revision */
    assert_int_equal(index766_published_get(f->db, "2025-10", "agency", AGENCY, 0, &json, &got,
                                         NULL), MC_OK);
    assert_int_equal(got, 1);
    assert_non_null(strstr(json, ONE_OF_ONE));
    free(json);
    /* A correction: a late dossier of October imported afterwards. */
    line(&b, "P2", AGENCY, 1, 9, 10, 100, 150, -1, 0, 0, 0, 0, 0);
    import(f->db, &b);
    assert_int_equal(index766_publish(f->db, "2025-10", "test", "bổ sung hồ sơ", &rev), MC_OK);
    assert_int_equal(rev, 2);
    assert_int_equal(index766_published_get(f->db, "2025-10", "agency", AGENCY, 1, &json, &got,
                                         NULL), MC_OK);
    assert_int_equal(got, 1);   /* revision 1 never changes */
    assert_non_null(strstr(json, ONE_OF_ONE));
    free(json);
    assert_int_equal(index766_published_get(f->db, "2025-10", "agency", AGENCY, 0, &json, &got,
                                         NULL), MC_OK);
    assert_int_equal(got, 2);
    assert_non_null(strstr(json, "\"numerator\":1,\"denominator\":2"));
    free(json);
    json_t *doc = NULL;
    assert_int_equal(index766_document(f->db, AGENCY, "2025-10", &doc), MC_OK);
    assert_int_equal(json_integer_value(json_object_get(doc, "revision")), 2);
    json_decref(doc);
    buf_release(&b);
}

static void test_late_list_and_ranking(void **state)
{
    struct fx *f = *state;
    struct buf b;
    struct index766_late_list l;
    struct index766_ranking rk;
    buf_init(&b, 1 << 20);
    index766_late_list_init(&l);
    index766_ranking_init(&rk);
    clock_set(NOV + 10 * DAY, 0);
    /* Due Fri 2025-10-10 09:00, ended Tue 14 -> 2 working days late. */
    line(&b, "Q1", AGENCY, 1, 9, 24 * 6 + 2, 24 * 9 + 2, 24 * 13 + 2, -1, 0, 0, 0, 0, 0);
    line(&b, "Q2", OTHER, 1, 9, 10, 100, 50, -1, 0, 0, 0, 0, 0);
    import(f->db, &b);
    assert_int_equal(index766_late(f->db, NULL, "2025-10", &l), MC_OK);
    assert_int_equal(l.total, 1);
    assert_string_equal(l.rows[0].code, "Q1");
    assert_int_equal(l.rows[0].days_late, 2);
    assert_true(l.rows[0].finished);
    assert_int_equal(l.n_agency, 1);
    assert_int_equal(index766_ranking(f->db, "2025-10", INDEX766_RANK_AGENCIES, &rk), MC_OK);
    assert_string_equal(rk.previous, "2025-09");
    assert_true(rk.n >= 2);
    assert_string_equal(rk.rows[0].r.unit, OTHER);
    assert_int_equal(rk.rows[0].rank, 1);
    assert_string_equal(rk.rows[1].r.unit, AGENCY);
    assert_int_equal(rk.rows[1].rank, 2);
    json_t *j = index766_ranking_json(&rk);
    assert_int_equal(json_array_size(json_object_get(j, "units")), rk.n);
    json_decref(j);
    index766_ranking_release(&rk);
    index766_late_list_release(&l);
    buf_release(&b);
}

/* A catalogue procedure with its publication data; dates are October days
 * (negative: days before October 1), 0 = unknown. */
static void procedure_with(struct db *db, const char *code, int decision, int effective,
                           int published, unsigned parts, bool fee, bool pay_flag,
                           bool integrated)
{
    struct procedure p;
    struct catalog_publication pub;
    procedure_init(&p);
    p.code = xstrdup(code);
    p.name = xstrdup("Thủ tục thử");
    assert_int_equal(catalog_save(db, NULL, &p, NULL, NULL), MC_OK);
    procedure_release(&p);
    memset(&pub, 0, sizeof(pub));
    pub.decision_date = decision ? OCT + (decision - 1) * DAY : 0;
    pub.effective_date = effective ? OCT + (effective - 1) * DAY : 0;
    pub.public_date = published ? OCT + (published - 1) * DAY : 0;
    pub.parts = parts;
    pub.fee_bearing = fee;
    pub.payment_online = pay_flag;
    pub.payment_integrated = integrated;
    assert_int_equal(catalog_publication_save(db, NULL, code, &pub), MC_OK);
}

static void assert_input(const struct index766_report *r, enum idx_indicator i, int64_t num,
                         int64_t den)
{
    if (r->in[i].num != num || r->in[i].den != den)
        fprintf(stderr, "%s: %lld/%lld, expected %lld/%lld\n", idx_indicator_def(i)->key,
                (long long)r->in[i].num, (long long)r->in[i].den, (long long)num,
                (long long)den);
    assert_int_equal(r->in[i].num, num);
    assert_int_equal(r->in[i].den, den);
    assert_int_equal(r->result.ind[i].state, IDX_STATE_SCORED);
}

/*
 * The three publication indicators and the two payment ones on a small
 * catalogue with known dates and flags (docs/index-766.md "Publication,
 * payment and vault").  October 2025 has no holiday; Oct 1 is a Wednesday.
 */
static void test_publication_and_payment(void **state)
{
    struct fx *f = *state;
    struct buf b;
    struct index766_report r;
    buf_init(&b, 1 << 16);
    clock_set(NOV + 10 * DAY, 0);
    /* P1: decision Wed 1, effective 15 (10 working days before: on time),
     * public Fri 3 (2 working days after: on time), every part, fee,
     * integrated, one dossier paid online in October. */
    procedure_with(f->db, "1.000001", 1, 15, 3, CATALOG_PARTS_ALL, true, false, true);
    /* P2: decision Mon 6, effective Fri 10 (4 working days: late), public
     * Mon 20 (10 working days after: late), a part missing, fee, the
     * "có giao dịch thanh toán trực tuyến" flag, not integrated. */
    procedure_with(f->db, "1.000002", 6, 10, 20, CATALOG_PARTS_ALL & ~CATALOG_PART_FORMS,
                   true, true, false);
    /* P3: decision Tue 28, effective unknown (not judged), not public but
     * still inside its 5 working days (not judged), fee, its only dossier
     * paid online in November. */
    procedure_with(f->db, "1.000003", 28, 0, 0, 0, true, false, false);
    /* P4: decided and published in September: only "đang công khai" (full). */
    procedure_with(f->db, "1.000004", -20, -5, -18, CATALOG_PARTS_ALL, false, false, false);
    /* P5: decision Thu 2, effective 30 (on time), never made public: late
     * once its 5 working days had passed. */
    procedure_with(f->db, "1.000005", 2, 30, 0, CATALOG_PARTS_ALL, false, false, false);
    line_proc = "1.000001";
    line(&b, "PA", "X1", 2, 9, 10, 100, 90, -1, 0, 0, 1, 2, 1);
    line(&b, "PB", "X1", 1, 9, 10, 100, 90, -1, 0, 0, 1, 0, 0);
    line_proc = "1.000003";
    line(&b, "PC", "X2", 2, 9, 31 * 24 + 10, 31 * 24 + 100, 31 * 24 + 90, -1, 0, 0, 1, 1, 1);
    import(f->db, &b);
    line_proc = "1.000001";

    assert_int_equal(index766_compute(f->db, NULL, "2025-10", &r), MC_OK);
    assert_input(&r, IDX_CONG_BO_DUNG_HAN, 2, 3);          /* P1, P5 of P1, P2, P5 */
    assert_input(&r, IDX_CONG_KHAI_DUNG_HAN, 1, 3);        /* P1 of P1, P2, P5 */
    assert_input(&r, IDX_CONG_KHAI_DAY_DU, 2, 3);          /* P1, P4 of P1, P2, P4 */
    assert_input(&r, IDX_TTHC_CO_GIAO_DICH_TTTT, 2, 3);    /* P1 (dossier), P2 (flag) */
    assert_input(&r, IDX_TTHC_TICH_HOP_TTTT, 1, 3);        /* P1 */
    assert_true(fabs(r.result.ind[IDX_CONG_BO_DUNG_HAN].points - 6.0 * 2 / 3) < 1e-9);
    assert_true(fabs(r.result.ind[IDX_CONG_KHAI_DUNG_HAN].points - 4.0 / 3) < 1e-9);
    assert_true(fabs(r.result.ind[IDX_CONG_KHAI_DAY_DU].points - 2.0 * 2 / 3) < 1e-9);
    /* min(2, 2.5 r): 2/3 -> 5/3 points, 1/3 -> 5/6. */
    assert_true(fabs(r.result.ind[IDX_TTHC_CO_GIAO_DICH_TTTT].points - 5.0 / 3) < 1e-9);
    assert_true(fabs(r.result.ind[IDX_TTHC_TICH_HOP_TTTT].points - 5.0 / 6) < 1e-9);
    /* kho_du_lieu_ca_nhan: the two October dossiers, neither linked to the vault. */
    assert_input(&r, IDX_KHO_DU_LIEU_CA_NHAN, 0, 2);

    /* November: P3's dossier paid online counts; no decision was signed. */
    assert_int_equal(index766_compute(f->db, NULL, "2025-11", &r), MC_OK);
    assert_input(&r, IDX_TTHC_CO_GIAO_DICH_TTTT, 2, 3);    /* P2 (flag), P3 (dossier) */
    assert_int_equal(r.result.ind[IDX_CONG_BO_DUNG_HAN].state, IDX_STATE_NO_DATA);
    /* Made public on time or not is judged in the decision's month only. */
    assert_int_equal(r.in[IDX_CONG_KHAI_DUNG_HAN].den, 0);

    /* An agency has the procedures of the dossiers it received: X1 has P1. */
    assert_int_equal(index766_compute(f->db, "X1", "2025-10", &r), MC_OK);
    assert_input(&r, IDX_CONG_BO_DUNG_HAN, 1, 1);
    assert_input(&r, IDX_TTHC_CO_GIAO_DICH_TTTT, 1, 1);
    assert_input(&r, IDX_TTHC_TICH_HOP_TTTT, 1, 1);

    /* Until a decision is signed it is not judged (as of October 1, 01:00). */
    clock_set(OCT + 3600, 0);
    assert_int_equal(index766_compute(f->db, NULL, "2025-10", &r), MC_OK);
    assert_input(&r, IDX_CONG_BO_DUNG_HAN, 1, 1);          /* P1 only */
    buf_release(&b);
}

/* A feedback item of agency, answered at answered (on time when before due) and rated. */
static const struct db_query Q_FEEDBACK = {
    "test.feedback",
    "INSERT INTO feedback (code, kind, category, status, title, body, agency_code,"
    " sender_name, submitted_at, received_at, due_reject, due_info, due_resolve, remind_at,"
    " answered_at, rating, rated_at, updated_at) VALUES (?1, 'phan_anh', 'thu_tuc',"
    " 'answered', 'Hỏi', 'Nội dung', ?2, 'Người gửi', ?3, ?3, ?3, ?3, ?4, ?3, ?5, ?6, ?5, ?5)",
};

/* Every unit a ranking scores has the inputs index766_compute gives it alone. */
static void assert_ranking_as_computed(struct db *db, const char *period,
                                       enum index766_rank_kind kind)
{
    struct index766_ranking rk;
    struct index766_report r;
    index766_ranking_init(&rk);
    assert_int_equal(index766_ranking(db, period, kind, &rk), MC_OK);
    for (size_t i = 0; i < rk.n; i++) {
        assert_int_equal(index766_compute(db, rk.rows[i].r.unit, period, &r), MC_OK);
        for (int k = 0; k < IDX_INDICATOR_COUNT; k++) {
            /* Without data the figures mean nothing (the ranking skips the
             * catalogue's queries when it records no online level). */
            assert_int_equal(r.in[k].available, rk.rows[i].r.in[k].available);
            if (!r.in[k].available)
                continue;
            if (r.in[k].num != rk.rows[i].r.in[k].num || r.in[k].den != rk.rows[i].r.in[k].den)
                fprintf(stderr, "%s %s: ranking %lld/%lld, alone %lld/%lld\n",
                        rk.rows[i].r.unit, idx_indicator_def((enum idx_indicator)k)->key,
                        (long long)rk.rows[i].r.in[k].num, (long long)rk.rows[i].r.in[k].den,
                        (long long)r.in[k].num, (long long)r.in[k].den);
            assert_int_equal(r.in[k].num, rk.rows[i].r.in[k].num);
            assert_int_equal(r.in[k].den, rk.rows[i].r.in[k].den);
        }
        assert_true(r.result.score_100 == rk.rows[i].r.result.score_100);
    }
    index766_ranking_release(&rk);
}

/*
 * A ranking reads the vault, feedback and publication inputs of all its
 * units at once (index766_compute.c, rank_inputs): the same figures as
 * each unit computed alone, with and without such data.
 */
static void test_ranking_inputs_as_alone(void **state)
{
    struct fx *f = *state;
    struct index766_report r;
    struct buf b;
    buf_init(&b, 1 << 16);
    clock_set(NOV + 10 * DAY, 0);
    line(&b, "RA", "X1", 2, 9, 10, 100, 90, -1, 0, 0, 1, 2, 1);
    line(&b, "RB", "X2", 1, 9, 10, 100, 90, -1, 0, 0, 1, 0, 0);
    line(&b, "RC", "Y1", 2, 4, 24 * 20, 24 * 30, -1, -1, 0, 0, 0, 0, 0);
    import(f->db, &b);
    assert_ranking_as_computed(f->db, "2025-10", INDEX766_RANK_AGENCIES);
    assert_ranking_as_computed(f->db, "2025-10", INDEX766_RANK_COMMUNES);
    procedure_with(f->db, "1.000001", 1, 15, 3, CATALOG_PARTS_ALL, true, false, true);
    /* X1: one answered on time and liked; X2: one late and disliked. */
    assert_int_equal(db_run(f->db, &Q_FEEDBACK, NULL, "ssiiii", "PA-1", "X1", OCT + DAY,
                            OCT + 10 * DAY, OCT + 5 * DAY, (int64_t)1), MC_OK);
    assert_int_equal(db_run(f->db, &Q_FEEDBACK, NULL, "ssiiii", "PA-2", "X2", OCT + DAY,
                            OCT + 3 * DAY, OCT + 5 * DAY, (int64_t)-1), MC_OK);
    assert_int_equal(index766_compute(f->db, "X2", "2025-10", &r), MC_OK);
    assert_input(&r, IDX_PAKN_DUNG_HAN, 0, 1);
    assert_input(&r, IDX_PAKN_HAI_LONG, 0, 1);
    assert_input(&r, IDX_KHO_DU_LIEU_CA_NHAN, 0, 1);
    assert_ranking_as_computed(f->db, "2025-10", INDEX766_RANK_AGENCIES);
    assert_ranking_as_computed(f->db, "2025-10", INDEX766_RANK_COMMUNES);
    assert_ranking_as_computed(f->db, "2025-Q4", INDEX766_RANK_AGENCIES);
    buf_release(&b);
}

static void test_json_shape(void **state)
{
    struct fx *f = *state;
    struct index766_report r;
    json_t *j, *g, *ind;
    size_t gi, ii, n = 0;
    clock_set(NOV + 10 * DAY, 0);
    assert_int_equal(index766_compute(f->db, NULL, "2025-10", &r), MC_OK);
    j = index766_report_json(&r);
    assert_string_equal(json_string_value(json_object_get(j, "period")), "2025-10");
    assert_true(json_is_string(json_object_get(j, "unit")));
    assert_true(json_is_number(json_object_get(j, "total")));
    assert_true(json_is_number(json_object_get(j, "total_available")));
    assert_true(json_is_integer(json_object_get(j, "max_available")));
    /* Nothing happened: no data at all, not zero. */
    assert_string_equal(json_string_value(json_object_get(j, "state")), "chua_co_du_lieu");
    assert_int_equal(json_array_size(json_object_get(j, "groups")), IDX_GROUP_COUNT);
    json_array_foreach(json_object_get(j, "groups"), gi, g) {
        assert_true(json_is_string(json_object_get(g, "key")));
        assert_true(json_is_string(json_object_get(g, "name")));
        assert_true(json_is_number(json_object_get(g, "points")));
        assert_true(json_is_integer(json_object_get(g, "max")));
        json_array_foreach(json_object_get(g, "indicators"), ii, ind) {
            static const char *keys[] = {"key", "name", "numerator", "denominator", "ratio",
                                         "points", "max"};
            for (size_t k = 0; k < MC_ARRAY_LEN(keys); k++)
                assert_non_null(json_object_get(ind, keys[k]));
            n++;
        }
    }
    assert_int_equal(n, IDX_INDICATOR_COUNT);
    json_decref(j);
}

/* The fixture, plus the agencies the imported lines name (the import checks them). */
static int setup(void **state)
{
    static const char *codes[] = {"X1", "X2", "X3", "Y1", "Y2"};
    int rc = fx_setup(state);
    struct fx *f = *state;
    for (size_t i = 0; rc == 0 && i < sizeof(codes) / sizeof(codes[0]); i++)
        if (db_run(f->db, &FX_AGENCY, NULL, "ss", codes[i], codes[i]) != MC_OK)
            rc = -1;
    return rc;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_columns_match_counters, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_formulas_hand_computed, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_lateness_appears_with_time, setup,
                                        fx_teardown),
        cmocka_unit_test_setup_teardown(test_incremental_equals_recompute_imports, setup,
                                        fx_teardown),
        cmocka_unit_test_setup_teardown(test_incremental_equals_recompute_domain, setup,
                                        fx_teardown),
        cmocka_unit_test_setup_teardown(test_publication_revisions, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_late_list_and_ranking, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_ranking_inputs_as_alone, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_publication_and_payment, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_json_shape, setup, fx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
