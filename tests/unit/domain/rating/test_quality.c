/* test_quality.c - unit tests for quality/quality (kept with the rating
 * tests, whose fixture it shares): the dossiers behind an indicator agree
 * with the index's own figure, periods, and the exports. */
#include "domain/dossier/fixture.h"
#include "domain/audit/audit.h"
#include "domain/index766/index766.h"
#include "domain/quality/quality.h"
#include "domain/rating/rating.h"

static const struct audit_actor WHO = {0, "citizen", "198.51.100.9"};

static int64_t returned_dossier(struct fx *f, const char *key)
{
    int64_t id = fx_submit(f, &f->citizen, key);
    assert_int_equal(fx_act(f, &f->reception, id, DOSSIER_ACT_ACCEPT, NULL), MC_OK);
    assert_int_equal(fx_act(f, &f->processing, id, DOSSIER_ACT_START, NULL), MC_OK);
    assert_int_equal(fx_act(f, &f->processing, id, DOSSIER_ACT_FINISH, NULL), MC_OK);
    assert_int_equal(fx_act(f, &f->approver, id, DOSSIER_ACT_APPROVE,
                            "Cấp kết quả cho người nộp."), MC_OK);
    fx_collect_fee(f, id);
    assert_int_equal(fx_act(f, &f->reception, id, DOSSIER_ACT_RETURN, NULL), MC_OK);
    return id;
}

/* quality_dossiers() must give exactly index766_compute()'s numbers. */
static void check_agrees(struct fx *f, const char *unit, const char *period, const char *key)
{
    struct index766_report *r = calloc(1, sizeof(*r));
    struct quality_dossier_list l;
    enum idx_indicator which;
    size_t below = 0;
    quality_dossier_list_init(&l);
    assert_int_equal(index766_recheck_due(f->db, clock_now(), NULL), MC_OK);
    assert_int_equal(index766_compute(f->db, unit, period, r), MC_OK);
    assert_int_equal(idx_indicator_find(key, &which), MC_OK);
    assert_int_equal(quality_dossiers(f->db, r->kind, r->unit, period, key, NULL, &l), MC_OK);
    assert_int_equal(l.denominator, r->in[which].den);
    assert_int_equal(l.numerator, r->in[which].num);
    assert_int_equal((int64_t)l.n, l.denominator);
    for (size_t i = 0; i < l.n; i++) {
        if (!l.rows[i].in_numerator)
            below++;
        if (i > 0)   /* those below the line first */
            assert_true(l.rows[i - 1].in_numerator <= l.rows[i].in_numerator);
    }
    assert_int_equal((int64_t)below, l.denominator - l.numerator);
    quality_dossier_list_release(&l);
    free(r);
}

static void test_dossiers_agree_with_the_index(void **state)
{
    struct fx *f = *state;
    int64_t on_time = returned_dossier(f, "q1");
    int64_t unhappy = returned_dossier(f, "q2");
    struct rating_input in = {NAT_VERDICT_UNSATISFIED, {0}, NULL};
    assert_int_equal(rating_save(f->db, &WHO, &f->citizen, unhappy, &in, NULL, NULL), MC_OK);
    (void)on_time;
    /* One accepted and left to run late, one withdrawn, one still new. */
    int64_t slow = fx_submit(f, &f->citizen, "q3");
    assert_int_equal(fx_act(f, &f->reception, slow, DOSSIER_ACT_ACCEPT, NULL), MC_OK);
    assert_int_equal(fx_act(f, &f->citizen, fx_submit(f, &f->citizen, "q4"),
                            DOSSIER_ACT_WITHDRAW, NULL), MC_OK);
    (void)fx_submit(f, &f->citizen2, "q5");
    clock_set(T0 + 20 * 86400, 0);   /* 2026-03-05: the slow one is past its deadline */
    static const char *keys[] = {"giai_quyet_dung_han", "hai_long_tthc", "ket_qua_dien_tu",
                                 "ho_so_truc_tuyen", "so_hoa_thanh_phan"};
    static const char *periods[] = {"2026-02", "2026-03", "2026-Q1", "2026"};
    for (size_t k = 0; k < MC_ARRAY_LEN(keys); k++)
        for (size_t p = 0; p < MC_ARRAY_LEN(periods); p++) {
            check_agrees(f, AGENCY, periods[p], keys[k]);
            check_agrees(f, NULL, periods[p], keys[k]);
        }
    struct quality_dossier_list l;
    quality_dossier_list_init(&l);
    assert_int_equal(quality_dossiers(f->db, INDEX766_UNIT_AGENCY, AGENCY, "2026-02",
                                      "giai_quyet_dung_han", NULL, &l), MC_OK);
    assert_int_equal(l.denominator, 3);
    assert_int_equal(l.numerator, 2);
    assert_int_equal(l.rows[0].id, slow);
    assert_true(l.rows[0].late);
    /* Limited to another agency: nothing. */
    assert_int_equal(quality_dossiers(f->db, INDEX766_UNIT_AGENCY, AGENCY, "2026-02",
                                      "giai_quyet_dung_han", OTHER, &l), MC_OK);
    assert_int_equal(l.n, 0);
    assert_int_equal(quality_dossiers(f->db, INDEX766_UNIT_AGENCY, AGENCY, "2026-02",
                                      "pakn_dung_han", NULL, &l), MC_ERR_NOT_FOUND);
    assert_int_equal(quality_dossiers(f->db, INDEX766_UNIT_AGENCY, AGENCY, "2026-2",
                                      "giai_quyet_dung_han", NULL, &l), MC_ERR_INVALID);
    quality_dossier_list_release(&l);
    clock_set(T0, 0);
}

static void test_periods(void **state)
{
    struct fx *f = *state;
    char months[12][IDX_PERIOD_STR_SIZE], period[IDX_PERIOD_STR_SIZE];
    bool provisional = false;
    assert_int_equal(quality_months("2026-02", 12, months), MC_OK);
    assert_string_equal(months[0], "2025-03");
    assert_string_equal(months[11], "2026-02");
    assert_int_equal(quality_months("2026", 3, months), MC_OK);
    assert_string_equal(months[2], "2026-12");
    assert_int_equal(quality_months("2026-Q1", 1, months), MC_OK);
    assert_string_equal(months[0], "2026-03");
    assert_int_equal(quality_months("bad", 3, months), MC_ERR_INVALID);
    assert_int_equal(quality_months("2026-02", 0, months), MC_ERR_INVALID);
    /* Nothing published: the current month, provisional. */
    assert_int_equal(quality_default_period(f->db, T0, period, &provisional), MC_OK);
    assert_string_equal(period, "2026-02");
    assert_true(provisional);
    (void)returned_dossier(f, "p1");
    assert_int_equal(index766_publish(f->db, "2025-12", "test", NULL, NULL), MC_OK);
    assert_int_equal(quality_default_period(f->db, T0, period, &provisional), MC_OK);
    assert_string_equal(period, "2025-12");
    assert_false(provisional);
}

static void test_exports(void **state)
{
    struct fx *f = *state;
    struct buf out;
    (void)returned_dossier(f, "e1");
    buf_init(&out, BUF_MAX_FILE);
    assert_int_equal(quality_export_csv(f->db, "2026-02", &out), MC_OK);
    assert_memory_equal(out.data, "\xEF\xBB\xBF", 3);
    assert_non_null(strstr(buf_cstr(&out), "giai_quyet_dung_han"));
    assert_non_null(strstr(buf_cstr(&out), "Xếp hạng cơ quan"));
    assert_non_null(strstr(buf_cstr(&out), "\"" AGENCY "\",\"Sở Tư pháp\""));
    buf_reset(&out);
    assert_int_equal(quality_export_xlsx(f->db, "2026-02", f->dir, &out), MC_OK);
    assert_true(out.len > 1000);
    assert_memory_equal(out.data, "PK", 2);
    buf_reset(&out);
    assert_int_equal(quality_export_csv(f->db, "2026-13", &out), MC_ERR_INVALID);
    buf_release(&out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_dossiers_agree_with_the_index, fx_setup,
                                        fx_teardown),
        cmocka_unit_test_setup_teardown(test_periods, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_exports, fx_setup, fx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
