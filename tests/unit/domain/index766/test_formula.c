/* test_formula.c - unit tests for index/formula: the 766 table and scoring. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>
#include "domain/index766/formula.h"

#define EPS 1e-9
#define assert_near(a, b) assert_true(fabs((double)(a) - (double)(b)) < EPS)

/* Score indicator i on num/den (available) and return the points. */
static double pts(enum idx_indicator i, int64_t num, int64_t den)
{
    struct idx_input in = {num, den, true};
    struct idx_indicator_result r;
    assert_int_equal(idx_indicator_score(i, &in, &r), MC_OK);
    return r.points;
}

static void test_table_is_consistent(void **state)
{
    (void)state;
    static const char *const keys[IDX_INDICATOR_COUNT] = {
        "cong_bo_dung_han", "cong_khai_dung_han", "cong_khai_day_du", "dong_bo_ho_so",
        "giai_quyet_dung_han",
        "tthc_co_dvctt", "dvctt_phat_sinh_ho_so", "ho_so_truc_tuyen",
        "ho_so_thanh_toan_truc_tuyen", "tthc_co_giao_dich_tttt", "tthc_tich_hop_tttt",
        "ket_qua_dien_tu", "so_hoa_thanh_phan", "chung_thuc_dien_tu", "tai_su_dung",
        "kho_du_lieu_ca_nhan", "ho_so_dung_csdl_dan_cu", "tthc_ket_noi_csdl_dan_cu",
        "pakn_dung_han", "pakn_hai_long", "hai_long_tthc",
    };
    static const int max[IDX_INDICATOR_COUNT] = {
        6, 4, 2, 6, 20, 2, 4, 6, 6, 2, 2, 6, 4, 2, 2, 4, 2, 2, 6, 6, 6,
    };
    static const int group_of[IDX_INDICATOR_COUNT] = {
        0, 0, 0, 0, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4, 4, 4, 4, 4, 5, 5, 5,
    };
    assert_int_equal(idx_formula_check(), MC_OK);
    for (int i = 0; i < IDX_INDICATOR_COUNT; i++) {
        const struct idx_indicator_def *d = idx_indicator_def((enum idx_indicator)i);
        enum idx_indicator found;
        assert_non_null(d);
        assert_string_equal(d->key, keys[i]);
        assert_int_equal(d->max_points, max[i]);
        assert_int_equal(idx_indicator_group((enum idx_indicator)i), group_of[i]);
        assert_int_equal(idx_indicator_find(keys[i], &found), MC_OK);
        assert_int_equal(found, i);
    }
    assert_null(idx_indicator_def(IDX_INDICATOR_COUNT));
    assert_null(idx_indicator_def((enum idx_indicator)-1));
    assert_int_equal(idx_indicator_group(IDX_INDICATOR_COUNT), IDX_GROUP_COUNT);
}

static void test_groups(void **state)
{
    (void)state;
    static const char *const keys[IDX_GROUP_COUNT] = {
        "cong_khai", "tien_do", "dvc_truc_tuyen", "thanh_toan", "so_hoa", "hai_long",
    };
    static const char *const names[IDX_GROUP_COUNT] = {
        "Công khai, minh bạch", "Tiến độ giải quyết", "Dịch vụ công trực tuyến",
        "Thanh toán trực tuyến", "Số hóa hồ sơ", "Mức độ hài lòng",
    };
    static const int points[IDX_GROUP_COUNT] = {18, 20, 12, 10, 22, 18};
    int total = 0;
    for (int g = 0; g < IDX_GROUP_COUNT; g++) {
        enum idx_group found;
        assert_string_equal(idx_group_def((enum idx_group)g)->key, keys[g]);
        assert_string_equal(idx_group_def((enum idx_group)g)->name, names[g]);
        assert_int_equal(idx_group_max_points((enum idx_group)g), points[g]);
        assert_int_equal(idx_group_find(keys[g], &found), MC_OK);
        assert_int_equal(found, g);
        total += points[g];
    }
    assert_int_equal(total, 100);
    assert_null(idx_group_def(IDX_GROUP_COUNT));
    assert_int_equal(idx_group_max_points(IDX_GROUP_COUNT), 0);
}

static void test_find_errors(void **state)
{
    (void)state;
    enum idx_indicator i;
    enum idx_group g;
    assert_int_equal(idx_indicator_find("khong_co", &i), MC_ERR_NOT_FOUND);
    assert_int_equal(idx_indicator_find("Tien_do", &i), MC_ERR_NOT_FOUND);
    assert_int_equal(idx_indicator_find(NULL, &i), MC_ERR_INVALID);
    assert_int_equal(idx_indicator_find("tai_su_dung", NULL), MC_ERR_INVALID);
    assert_int_equal(idx_group_find("giai_quyet_dung_han", &g), MC_ERR_NOT_FOUND);
    assert_int_equal(idx_group_find(NULL, &g), MC_ERR_INVALID);
}

static void test_linear(void **state)
{
    (void)state;
    /* 20 * 45/60 = 20 * 0.75 = 15 */
    assert_near(pts(IDX_GIAI_QUYET_DUNG_HAN, 45, 60), 15.0);
    /* 20 * 60/60 = 20 */
    assert_near(pts(IDX_GIAI_QUYET_DUNG_HAN, 60, 60), 20.0);
    /* 20 * 0/7 = 0 */
    assert_near(pts(IDX_GIAI_QUYET_DUNG_HAN, 0, 7), 0.0);
    /* 6 * 3/4 = 4.5 */
    assert_near(pts(IDX_CONG_BO_DUNG_HAN, 3, 4), 4.5);
    /* 4 * 1/3 = 1.3333... */
    assert_near(pts(IDX_DVCTT_PHAT_SINH_HO_SO, 1, 3), 4.0 / 3.0);
    /* 6 * 1/4 = 1.5 (thanh_toan A) */
    assert_near(pts(IDX_HO_SO_THANH_TOAN_TRUC_TUYEN, 1, 4), 1.5);
    /* 4 * 3/5 = 2.4 */
    assert_near(pts(IDX_SO_HOA_THANH_PHAN, 3, 5), 2.4);
    /* 6 * 5/8 = 3.75 */
    assert_near(pts(IDX_KET_QUA_DIEN_TU, 5, 8), 3.75);
    /* a linear 0.8 is not full: 6 * 0.8 = 4.8 */
    assert_near(pts(IDX_DONG_BO_HO_SO, 4, 5), 4.8);
}

static void test_threshold_0_8(void **state)
{
    (void)state;
    /* tthc_co_dvctt = min(2, 2*A/0.8) */
    assert_near(pts(IDX_TTHC_CO_DVCTT, 4, 5), 2.0);          /* exactly 0.8: full */
    assert_near(pts(IDX_TTHC_CO_DVCTT, 80, 100), 2.0);       /* 0.8 again */
    assert_near(pts(IDX_TTHC_CO_DVCTT, 9, 10), 2.0);         /* 0.9 > 0.8: capped */
    assert_near(pts(IDX_TTHC_CO_DVCTT, 79, 100), 1.975);     /* 2*0.79/0.8 */
    assert_near(pts(IDX_TTHC_CO_DVCTT, 3, 5), 1.5);          /* 2*0.6/0.8 */
    assert_near(pts(IDX_TTHC_CO_DVCTT, 0, 5), 0.0);
    /* 799999/1000000 just below: 2*0.799999/0.8 = 1.9999975 */
    assert_near(pts(IDX_TTHC_CO_DVCTT, 799999, 1000000), 1.9999975);
    /* tai_su_dung = min(2, 2*r/0.8) */
    assert_near(pts(IDX_TAI_SU_DUNG, 1, 2), 1.25);           /* 2*0.5/0.8 */
    assert_near(pts(IDX_TAI_SU_DUNG, 1, 5), 0.5);            /* 2*0.2/0.8 */
    assert_near(pts(IDX_TAI_SU_DUNG, 8, 10), 2.0);
    assert_near(pts(IDX_TAI_SU_DUNG, 81, 100), 2.0);
}

static void test_thanh_toan_2_5(void **state)
{
    (void)state;
    /* B and C = min(2, 2.5*ratio): full from 0.8 on */
    assert_near(pts(IDX_TTHC_CO_GIAO_DICH_TTTT, 2, 10), 0.5);   /* 2.5*0.2 */
    assert_near(pts(IDX_TTHC_CO_GIAO_DICH_TTTT, 7, 10), 1.75);  /* 2.5*0.7 */
    assert_near(pts(IDX_TTHC_CO_GIAO_DICH_TTTT, 8, 10), 2.0);   /* 2.5*0.8 = 2 */
    assert_near(pts(IDX_TTHC_CO_GIAO_DICH_TTTT, 10, 10), 2.0);  /* 2.5 capped */
    assert_near(pts(IDX_TTHC_TICH_HOP_TTTT, 3, 4), 1.875);      /* 2.5*0.75 */
    assert_near(pts(IDX_TTHC_TICH_HOP_TTTT, 17, 20), 2.0);      /* 2.5*0.85 capped */
}

static void test_threshold_0_5(void **state)
{
    (void)state;
    /* ho_so_truc_tuyen = min(6, 6*C/0.5) */
    assert_near(pts(IDX_HO_SO_TRUC_TUYEN, 1, 2), 6.0);          /* exactly 0.5 */
    assert_near(pts(IDX_HO_SO_TRUC_TUYEN, 50, 100), 6.0);
    assert_near(pts(IDX_HO_SO_TRUC_TUYEN, 51, 100), 6.0);       /* above */
    assert_near(pts(IDX_HO_SO_TRUC_TUYEN, 49, 100), 5.88);      /* 6*0.49/0.5 */
    assert_near(pts(IDX_HO_SO_TRUC_TUYEN, 2, 5), 4.8);          /* 6*0.4/0.5 */
    assert_near(pts(IDX_HO_SO_TRUC_TUYEN, 3, 10), 3.6);         /* 6*0.3/0.5 */
}

static void test_threshold_0_9(void **state)
{
    (void)state;
    /* hai_long_tthc = min(6, 6*r/0.9) */
    assert_near(pts(IDX_HAI_LONG_TTHC, 9, 10), 6.0);            /* exactly 0.9 */
    assert_near(pts(IDX_HAI_LONG_TTHC, 900, 1000), 6.0);
    assert_near(pts(IDX_HAI_LONG_TTHC, 91, 100), 6.0);          /* above */
    assert_near(pts(IDX_HAI_LONG_TTHC, 899, 1000), 5.9933333333333333); /* 6*.899/.9 */
    assert_near(pts(IDX_HAI_LONG_TTHC, 8, 10), 16.0 / 3.0);     /* 6*0.8/0.9 */
    assert_near(pts(IDX_HAI_LONG_TTHC, 85, 100), 17.0 / 3.0);   /* 6*0.85/0.9 */
}

static void test_denominator_zero(void **state)
{
    (void)state;
    struct idx_input in = {0, 0, true};
    struct idx_indicator_result r;
    /* feedback: "6 if none" */
    assert_int_equal(idx_indicator_score(IDX_PAKN_DUNG_HAN, &in, &r), MC_OK);
    assert_int_equal(r.state, IDX_STATE_EMPTY_FULL);
    assert_near(r.points, 6.0);
    assert_near(r.ratio, 1.0);
    assert_int_equal(idx_indicator_score(IDX_PAKN_HAI_LONG, &in, &r), MC_OK);
    assert_int_equal(r.state, IDX_STATE_EMPTY_FULL);
    assert_near(r.points, 6.0);
    /* tien_do with no dossier: no data, not 20 and not 0 */
    assert_int_equal(idx_indicator_score(IDX_GIAI_QUYET_DUNG_HAN, &in, &r), MC_OK);
    assert_int_equal(r.state, IDX_STATE_NO_DATA);
    assert_near(r.points, 0.0);
    assert_int_equal(r.max_points, 20);
    /* every other indicator: no data */
    for (int i = 0; i < IDX_INDICATOR_COUNT; i++) {
        if (i == IDX_PAKN_DUNG_HAN || i == IDX_PAKN_HAI_LONG)
            continue;
        assert_int_equal(idx_indicator_score((enum idx_indicator)i, &in, &r), MC_OK);
        assert_int_equal(r.state, IDX_STATE_NO_DATA);
    }
    /* a numerator over a zero denominator is still "nothing measured" */
    in.num = 3;
    assert_int_equal(idx_indicator_score(IDX_HO_SO_TRUC_TUYEN, &in, &r), MC_OK);
    assert_int_equal(r.state, IDX_STATE_NO_DATA);
}

static void test_no_data(void **state)
{
    (void)state;
    struct idx_input in = {5, 10, false};
    struct idx_indicator_result r;
    assert_int_equal(idx_indicator_score(IDX_CHUNG_THUC_DIEN_TU, &in, &r), MC_OK);
    assert_int_equal(r.state, IDX_STATE_NO_DATA);
    assert_near(r.points, 0.0);
    assert_near(r.ratio, 0.0);
    assert_int_equal(r.max_points, 2);
    /* unavailable wins over "full when none" */
    in.num = 0;
    in.den = 0;
    assert_int_equal(idx_indicator_score(IDX_PAKN_DUNG_HAN, &in, &r), MC_OK);
    assert_int_equal(r.state, IDX_STATE_NO_DATA);
    assert_string_equal(idx_state_label(IDX_STATE_NO_DATA), "chưa có dữ liệu");
    assert_string_equal(idx_state_label(IDX_STATE_SCORED), "có dữ liệu");
}

static void test_clamp_and_invalid(void **state)
{
    (void)state;
    struct idx_input in = {7, 5, true};
    struct idx_indicator_result r;
    assert_int_equal(idx_indicator_score(IDX_CONG_KHAI_DUNG_HAN, &in, &r), MC_OK);
    assert_true(r.clamped);
    assert_near(r.ratio, 1.0);
    assert_near(r.points, 4.0);
    in.num = -1;
    assert_int_equal(idx_indicator_score(IDX_CONG_KHAI_DUNG_HAN, &in, &r), MC_ERR_INVALID);
    assert_int_equal(r.state, IDX_STATE_NO_DATA);
    assert_near(r.points, 0.0);
    in.num = 1;
    in.den = -5;
    assert_int_equal(idx_indicator_score(IDX_CONG_KHAI_DUNG_HAN, &in, &r), MC_ERR_INVALID);
    in.den = IDX_COUNT_MAX + 1;
    assert_int_equal(idx_indicator_score(IDX_CONG_KHAI_DUNG_HAN, &in, &r), MC_ERR_INVALID);
    in.den = IDX_COUNT_MAX;
    in.num = IDX_COUNT_MAX;
    assert_int_equal(idx_indicator_score(IDX_HAI_LONG_TTHC, &in, &r), MC_OK);
    assert_near(r.points, 6.0);
    assert_int_equal(idx_indicator_score(IDX_INDICATOR_COUNT, &in, &r), MC_ERR_INVALID);
    assert_int_equal(idx_indicator_score(IDX_HAI_LONG_TTHC, NULL, &r), MC_ERR_INVALID);
    assert_int_equal(idx_indicator_score(IDX_HAI_LONG_TTHC, &in, NULL), MC_ERR_INVALID);
}

static void test_totals_partial_data(void **state)
{
    (void)state;
    struct idx_input in[IDX_INDICATOR_COUNT];
    struct idx_result r;
    memset(in, 0, sizeof(in));
    in[IDX_GIAI_QUYET_DUNG_HAN] = (struct idx_input){90, 100, true};     /* 18 */
    in[IDX_HO_SO_TRUC_TUYEN] = (struct idx_input){30, 100, true};        /* 3.6 */
    in[IDX_HO_SO_THANH_TOAN_TRUC_TUYEN] = (struct idx_input){1, 4, true}; /* 1.5 */
    in[IDX_KET_QUA_DIEN_TU] = (struct idx_input){50, 80, true};          /* 3.75 */
    in[IDX_SO_HOA_THANH_PHAN] = (struct idx_input){60, 100, true};       /* 2.4 */
    in[IDX_TAI_SU_DUNG] = (struct idx_input){20, 100, true};             /* 0.5 */
    in[IDX_HAI_LONG_TTHC] = (struct idx_input){85, 100, true};           /* 17/3 */
    in[IDX_PAKN_DUNG_HAN] = (struct idx_input){0, 0, true};              /* 6, none */
    in[IDX_PAKN_HAI_LONG] = (struct idx_input){3, 4, true};              /* 4.5 */
    assert_int_equal(idx_compute(in, &r), MC_OK);
    /* 18 + 3.6 + 1.5 + 3.75 + 2.4 + 0.5 + 17/3 + 6 + 4.5 = 551/12 = 45.91666... */
    assert_near(r.points, 551.0 / 12.0);
    /* 20 + 6 + 6 + 6 + 4 + 2 + 6 + 6 + 6 = 62 */
    assert_int_equal(r.max_with_data, 62);
    assert_int_equal(r.max_points, 100);
    assert_true(r.has_data);
    /* 100 * (551/12) / 62 = 55100/744 = 74.0591397849... */
    assert_near(r.score_100, 55100.0 / 744.0);

    assert_int_equal(r.group[IDX_G_CONG_KHAI].state, IDX_STATE_NO_DATA);
    assert_int_equal(r.group[IDX_G_CONG_KHAI].max_points, 18);
    assert_int_equal(r.group[IDX_G_CONG_KHAI].max_with_data, 0);
    assert_near(r.group[IDX_G_CONG_KHAI].points, 0.0);
    assert_near(r.group[IDX_G_TIEN_DO].points, 18.0);
    assert_int_equal(r.group[IDX_G_TIEN_DO].max_with_data, 20);
    assert_near(r.group[IDX_G_DVC_TRUC_TUYEN].points, 3.6);
    assert_int_equal(r.group[IDX_G_DVC_TRUC_TUYEN].max_with_data, 6);
    assert_int_equal(r.group[IDX_G_DVC_TRUC_TUYEN].max_points, 12);
    assert_near(r.group[IDX_G_THANH_TOAN].points, 1.5);
    assert_int_equal(r.group[IDX_G_THANH_TOAN].max_with_data, 6);
    /* 3.75 + 2.4 + 0.5 = 6.65 of 6 + 4 + 2 = 12 */
    assert_near(r.group[IDX_G_SO_HOA].points, 6.65);
    assert_int_equal(r.group[IDX_G_SO_HOA].max_with_data, 12);
    assert_int_equal(r.group[IDX_G_SO_HOA].max_points, 22);
    /* 6 + 4.5 + 17/3 = 97/6 of 18 */
    assert_near(r.group[IDX_G_HAI_LONG].points, 97.0 / 6.0);
    assert_int_equal(r.group[IDX_G_HAI_LONG].max_with_data, 18);

    assert_int_equal(r.ind[IDX_DONG_BO_HO_SO].state, IDX_STATE_NO_DATA);
    assert_int_equal(r.ind[IDX_DONG_BO_HO_SO].max_points, 6);
    assert_int_equal(r.ind[IDX_PAKN_DUNG_HAN].state, IDX_STATE_EMPTY_FULL);
}

static void test_totals_extremes(void **state)
{
    (void)state;
    struct idx_input in[IDX_INDICATOR_COUNT];
    struct idx_result r;
    /* nothing known at all */
    memset(in, 0, sizeof(in));
    assert_int_equal(idx_compute(in, &r), MC_OK);
    assert_false(r.has_data);
    assert_int_equal(r.max_with_data, 0);
    assert_near(r.score_100, 0.0);
    assert_int_equal(r.max_points, 100);
    /* everything perfect: 100 of 100 */
    for (int i = 0; i < IDX_INDICATOR_COUNT; i++)
        in[i] = (struct idx_input){3, 3, true};
    assert_int_equal(idx_compute(in, &r), MC_OK);
    assert_near(r.points, 100.0);
    assert_near(r.score_100, 100.0);
    assert_int_equal(r.max_with_data, 100);
    /* all fed, everything at zero except the two "full if none" */
    for (int i = 0; i < IDX_INDICATOR_COUNT; i++)
        in[i] = (struct idx_input){0, 3, true};
    in[IDX_PAKN_DUNG_HAN] = (struct idx_input){0, 0, true};
    in[IDX_PAKN_HAI_LONG] = (struct idx_input){0, 0, true};
    assert_int_equal(idx_compute(in, &r), MC_OK);
    assert_near(r.points, 12.0);
    assert_near(r.score_100, 12.0);
    /* one invalid input fails the whole computation and zeroes the result */
    in[IDX_TAI_SU_DUNG].num = -2;
    assert_int_equal(idx_compute(in, &r), MC_ERR_INVALID);
    assert_int_equal(r.max_points, 0);
    assert_near(r.points, 0.0);
    assert_int_equal(idx_compute(NULL, &r), MC_ERR_INVALID);
    assert_int_equal(idx_compute(in, NULL), MC_ERR_INVALID);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table_is_consistent),
        cmocka_unit_test(test_groups),
        cmocka_unit_test(test_find_errors),
        cmocka_unit_test(test_linear),
        cmocka_unit_test(test_threshold_0_8),
        cmocka_unit_test(test_thanh_toan_2_5),
        cmocka_unit_test(test_threshold_0_5),
        cmocka_unit_test(test_threshold_0_9),
        cmocka_unit_test(test_denominator_zero),
        cmocka_unit_test(test_no_data),
        cmocka_unit_test(test_clamp_and_invalid),
        cmocka_unit_test(test_totals_partial_data),
        cmocka_unit_test(test_totals_extremes),
    };
    return cmocka_run_group_tests_name("index/formula", tests, NULL, NULL);
}
