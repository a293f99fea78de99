/*
 * test_kpi.c - the KPI engine (src/domain/kpi): the table read from
 * data/programme/kpis.csv, each formula on small fixtures, the rule that a
 * zero or missing denominator gives no value, targets and overrides, the
 * entered denominators (all or nothing, line and reason), and the
 * done-when check that ho_so_hoan_toan_truc_tuyen equals the 766
 * ho_so_truc_tuyen ratio for the same unit and period.
 */
#include "domain/dossier/fixture.h"
#include <math.h>
#include "core/buf.h"
#include "domain/dossier/dossier_sync.h"
#include "domain/index766/index766.h"
#include "domain/kpi/kpi-int.h"
#include "domain/kpi/kpi.h"
#include "domain/catalog/publication.h"
#include <xlsxwriter.h>

#define MAR 1772298000LL   /* 2026-03-01T00:00:00+07:00 */
#define DAY 86400LL
#define COMMUNE "05977"
#define COMMUNE_AGENCY "X05977.UBND"

static const struct db_query Q_COMMUNE = {
    "test.commune",
    "INSERT INTO units (code, name, full_name, level, parent_code)"
    " VALUES ('05977', 'Đông Kinh', 'Phường Đông Kinh', 'commune', '20')",
};
static const struct db_query Q_COMMUNE_AGENCY = {
    "test.commune_agency",
    "INSERT INTO agencies (code, name, unit_code, created_at, updated_at)"
    " VALUES ('X05977.UBND', 'Ủy ban nhân dân phường Đông Kinh', '05977', 0, 0)",
};
static const struct db_query Q_DOSSIER = {
    "test.dossier",
    "INSERT INTO dossiers (code, procedure_code, agency_code, contact_id, channel, status,"
    " received_at, created_at, updated_at) VALUES (?1, '1.000001', ?2, ?3, ?4, 9, ?5, ?5, ?5)"
    " RETURNING id",
};
static const struct db_query Q_RATING = {
    "test.rating",
    "INSERT INTO dossier_ratings (dossier_id, rater_id, overall, agency_code, procedure_code,"
    " field, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, '1.000001', ?5, ?6, ?6)",
};
static const struct db_query Q_FEEDBACK = {
    "test.feedback",
    "INSERT INTO feedback (code, kind, category, status, title, body, agency_code,"
    " sender_name, submitted_at, received_at, due_reject, due_info, due_resolve, remind_at,"
    " published_at, updated_at) VALUES (?1, 'phan_anh', 'thu_tuc', ?2, 'Tiêu đề', 'Nội dung',"
    " ?3, 'Người gửi', ?4, ?4, ?4, ?4, ?4, ?4, ?5, ?4)",
};
static const struct db_query Q_LEVEL = {
    "test.level", "UPDATE procedures SET online_level = ?2 WHERE code = ?1",
};
static const struct db_query Q_VERIFY = {
    "test.verify", "UPDATE users SET phone_verified_at = ?2 WHERE id = ?1",
};
static const struct db_query Q_TARGET = {
    "test.target",
    "INSERT INTO kpi_targets (kpi_key, org_code, year, target, basis, updated_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5, 0)",
};
static const struct db_query Q_DEN_COUNT = {
    "test.den_count", "SELECT COUNT(*) FROM kpi_denominators",
};

static int setup(void **state)
{
    int rc = fx_setup(state);
    struct fx *f = *state;
    if (rc == 0 && (db_run(f->db, &Q_COMMUNE, NULL, "") != MC_OK ||
                    db_run(f->db, &Q_COMMUNE_AGENCY, NULL, "") != MC_OK))
        rc = -1;
    clock_set(MAR + 20 * DAY, 0);   /* 2026-03-21: March under way, nothing published */
    return rc;
}

/* One sync line received day d of March 2026 at agency (channel, e-result). */
static void line_at(struct buf *b, int64_t base, const char *code, const char *agency,
                    int channel, int eres, int d, int late)
{
    char recv[32], due[32], end[32];
    clock_format_iso(base + d * DAY + 3600, recv, sizeof(recv));
    clock_format_iso(base + (d + 5) * DAY, due, sizeof(due));
    clock_format_iso(base + d * DAY + 3600 + (late ? 8 * DAY : 0), end, sizeof(end));
    buf_addf(b, "{\"MaHoSo\":\"%s\",\"MaTTHC\":\"1.000001\",\"MaDonVi\":\"%s\","
             "\"KenhThucHien\":%d,\"TrangThaiHoSo\":10,\"NgayTiepNhan\":\"%s\","
             "\"NgayHenTra\":\"%s\",\"NgayKetThucXuLy\":\"%s\",\"NgayTraKetQua\":\"%s\","
             "\"SoLanBoSung\":0,\"ThoiGianBoSung\":0,\"CoPhi\":0,"
             "\"DuocThanhToanTrucTuyen\":0,\"CoKetQuaDienTu\":%d}\n", code, agency, channel,
             recv, due, end, end, eres);
}

static void line(struct buf *b, const char *code, const char *agency, int channel, int eres,
                 int d)
{
    line_at(b, MAR, code, agency, channel, eres, d, 0);
}

static void import(struct db *db, struct buf *b)
{
    struct import_report rep;
    import_report_init(&rep);
    assert_int_equal(dossier_import_jsonl_mem(db, b->data, b->len, NULL, &rep), MC_OK);
    import_report_release(&rep);
    buf_reset(b);
}

static const struct kpi_row *row(struct kpi_table *t, struct db *db, const char *unit,
                                 const char *period, const char *key)
{
    assert_int_equal(kpi_compute(db, unit, period, NULL, t), MC_OK);
    return kpi_row_of(t, key);
}

/* ---------------------------------------------------------------- the table */

static void test_table(void **state)
{
    static const char *keys[] = {
        "ho_so_hoan_toan_truc_tuyen", "ho_so_nop_truc_tuyen", "nguoi_truong_thanh_su_dung",
        "hai_long_dvctt", "hai_long_dat_dai_xay_dung_dau_tu", "y_kien_tiep_thu_cong_khai",
        "tthc_toan_trinh", "dinh_danh_xac_thuc", "can_bo_van_hanh_dao_tao", "to_cnscd_tap_huan",
        "co_quan_dang_tai_huong_dan", "co_quan_tuyen_truyen_cong_ttdt", "he_thong_tt_co_so",
        "co_quan_bao_chi", "can_bo_truyen_thong", "hoc_sinh_sinh_vien_pho_cap",
        "co_quan_cai_tien_lien_tuc",
    };
    size_t n = 0;
    const struct kpi_def *d = kpi_defs(&n);
    (void)state;
    assert_non_null(d);
    assert_int_equal(n, MC_ARRAY_LEN(keys));
    for (size_t i = 0; i < n; i++)
        assert_string_equal(d[i].key, keys[i]);
    const struct kpi_def *adults = kpi_def_find("nguoi_truong_thanh_su_dung");
    assert_true(adults->target_2025 == 50 && adults->target_2030 == 70);
    assert_int_equal(adults->source, KPI_SRC_EXTERNAL);
    assert_string_equal(adults->ext_denominator, KPI_DEN_ADULTS);
    assert_int_equal(adults->periods, KPI_YEAR);
    assert_int_equal(d[0].periods, KPI_MONTH | KPI_QUARTER | KPI_YEAR);
    assert_true(d[0].target_2025 == 80 && d[0].target_2030 < 0 && d[0].is_public);
    assert_true(d[1].target_2025 < 0);
    assert_int_equal(kpi_def_find("co_quan_bao_chi")->source, KPI_SRC_REPORTED);
    assert_null(kpi_def_find("khong_co"));
    assert_int_equal(kpi_birth_year("020190001234"), 1990);
    assert_int_equal(kpi_birth_year("001208000001"), 2008);
    assert_int_equal(kpi_birth_year("0012080000"), 0);
    assert_true(kpi_field_is_land("Đất đai") && kpi_field_is_land("Hoạt động xây dựng"));
    assert_true(kpi_field_is_land("Đầu tư tại Việt Nam") && !kpi_field_is_land("Hộ tịch"));
}

/* ---------------------------------------------------------------- dossiers */

/*
 * Done when: ho_so_hoan_toan_truc_tuyen equals the 766 ho_so_truc_tuyen
 * ratio for the same unit and period.
 */
static void test_fully_online_equals_766(void **state)
{
    struct fx *f = *state;
    struct buf b;
    struct kpi_table t;
    struct index766_report r;
    static const char *units[] = {NULL, AGENCY, OTHER, COMMUNE_AGENCY, COMMUNE, "20"};
    static const char *periods[] = {"2026-03", "2026-Q1", "2026", "03/2026"};
    buf_init(&b, 1 << 20);
    for (int i = 0; i < 30; i++) {
        char code[32];
        const char *agency = i % 3 == 0 ? AGENCY : i % 3 == 1 ? OTHER : COMMUNE_AGENCY;
        snprintf(code, sizeof(code), "K%02d", i);
        line(&b, code, agency, i % 2 ? 2 : 1, i % 4 == 1 || i % 7 == 0, 1 + i % 15);
    }
    import(f->db, &b);
    for (size_t u = 0; u < MC_ARRAY_LEN(units); u++) {
        for (size_t p = 0; p < MC_ARRAY_LEN(periods); p++) {
            const struct kpi_row *k = row(&t, f->db, units[u], periods[p],
                                          "ho_so_hoan_toan_truc_tuyen");
            assert_int_equal(index766_compute(f->db, units[u], periods[p], &r), MC_OK);
            struct idx_input in = r.in[IDX_HO_SO_TRUC_TUYEN];
            assert_int_equal(k->numerator, in.num);
            assert_int_equal(k->denominator, in.den);
            assert_true(in.den > 0 && k->has_value);
            assert_true(fabs(k->value - round(1000.0 * (double)in.num / (double)in.den) / 10) <
                        1e-9);
        }
    }
    /* Hand-computed: the agency has i = 0, 3, ..., 27; online i odd: 3, 9, 15, 21, 27;
     * with an e-result (i % 4 == 1 or i % 7 == 0): 9, 21; lodged online: 5 of 10. */
    const struct kpi_row *k = row(&t, f->db, AGENCY, "2026-03", "ho_so_hoan_toan_truc_tuyen");
    assert_int_equal(k->numerator, 2);
    assert_int_equal(k->denominator, 10);
    assert_true(k->value == 20.0 && k->has_target && k->target == 80);
    k = row(&t, f->db, AGENCY, "2026-03", "ho_so_nop_truc_tuyen");
    assert_true(k->numerator == 5 && k->denominator == 10 && k->value == 50.0);
    assert_false(k->has_target);
    assert_true(k->drill);
    assert_string_equal(t.name, "Sở Tư pháp");
    assert_int_equal(t.kind, KPI_UNIT_AGENCY);
    /* The commune is the commune's agencies. */
    row(&t, f->db, COMMUNE, "2026", "ho_so_nop_truc_tuyen");
    assert_int_equal(t.kind, KPI_UNIT_COMMUNE);
    assert_int_equal(kpi_row_of(&t, "ho_so_nop_truc_tuyen")->denominator, 10);
    buf_release(&b);
}

/* The programme's live counts of one agency are the 766 counters the KPIs read. */
static void test_agency_counts(void **state)
{
    struct fx *f = *state;
    struct buf b;
    struct kpi_table t;
    int64_t n = -1;
    buf_init(&b, 1 << 20);
    for (int i = 0; i < 12; i++) {
        char code[32];
        snprintf(code, sizeof(code), "C%02d", i);
        line(&b, code, i % 2 ? AGENCY : OTHER, i % 3 ? 2 : 1, i % 4 == 1, 1 + i % 5);
    }
    import(f->db, &b);
    const struct kpi_row *k = row(&t, f->db, AGENCY, "2026", "ho_so_nop_truc_tuyen");
    assert_int_equal(kpi_agency_count(f->db, "ho_so_tiep_nhan", AGENCY, 2026, &n), MC_OK);
    assert_int_equal(n, k->denominator);
    assert_int_equal(n, 6);
    assert_int_equal(kpi_agency_count(f->db, "ho_so_truc_tuyen", AGENCY, 2026, &n), MC_OK);
    assert_int_equal(n, k->numerator);
    assert_int_equal(kpi_agency_count(f->db, "ho_so_dung_han", AGENCY, 2026, &n), MC_OK);
    assert_true(n >= 0 && n <= 6);
    assert_int_equal(kpi_agency_count(f->db, "ho_so_tiep_nhan", AGENCY, 2025, &n), MC_OK);
    assert_int_equal(n, 0);
    assert_int_equal(kpi_agency_count(f->db, "y_kien_tra_loi", AGENCY, 2026, &n), MC_OK);
    assert_int_equal(kpi_agency_count(f->db, "khao_sat", AGENCY, 2026, &n), MC_OK);
    assert_int_equal(n, 0);
    assert_int_equal(kpi_agency_count(f->db, "tin_bai", AGENCY, 2026, &n), MC_ERR_NOT_FOUND);
    assert_int_equal(kpi_agency_count(f->db, "ho_so_tiep_nhan", AGENCY, 1999, &n),
                     MC_ERR_INVALID);
    buf_release(&b);
}

/* On target: a value at or above a target; rows without either count in neither. */
static void test_on_target(void **state)
{
    struct kpi_table t;
    int measured = -1, on = -1;
    (void)state;
    memset(&t, 0, sizeof(t));
    t.n = 5;
    t.rows[0] = (struct kpi_row){.has_value = true, .value = 80.0, .has_target = true,
                                 .target = 80};
    t.rows[1] = (struct kpi_row){.has_value = true, .value = 79.9, .has_target = true,
                                 .target = 80};
    t.rows[2] = (struct kpi_row){.has_value = true, .value = 100.0};
    t.rows[3] = (struct kpi_row){.has_target = true, .target = 100};
    t.rows[4] = (struct kpi_row){.has_value = true, .value = 95.0, .has_target = true,
                                 .target = 90};
    kpi_table_on_target(&t, &measured, &on);
    assert_int_equal(measured, 3);
    assert_int_equal(on, 2);
    t.n = 0;
    kpi_table_on_target(&t, &measured, &on);
    assert_true(measured == 0 && on == 0);
}

static void test_zero_denominator_is_no_data(void **state)
{
    struct fx *f = *state;
    struct kpi_table t;
    char text[KPI_NAME_MAX];
    const struct kpi_row *k = row(&t, f->db, NULL, "2026-02", "ho_so_hoan_toan_truc_tuyen");
    assert_false(k->has_value);
    assert_int_equal(k->denominator, 0);
    assert_string_equal(kpi_row_value_text(k, text, sizeof(text)), "không phát sinh hồ sơ");
    assert_true(kpi_row_attainment(k) < 0);
    k = kpi_row_of(&t, "hai_long_dvctt");
    assert_false(k->has_value);
    assert_string_equal(k->no_data, "chưa có đánh giá");
    /* Yearly KPIs have no monthly value; reported ones none until reports exist. */
    assert_string_equal(kpi_row_of(&t, "nguoi_truong_thanh_su_dung")->no_data,
                        "chỉ tính theo năm");
    k = row(&t, f->db, NULL, "2026", "co_quan_bao_chi");
    assert_false(k->has_value);
    assert_string_equal(k->no_data, "chưa có báo cáo được chấp nhận");
    assert_int_equal(kpi_compute(f->db, NULL, "2026-03-01..2026-03-05", NULL, &t),
                     MC_ERR_INVALID);
    assert_int_equal(kpi_compute(f->db, "KHONG.CO", "2026", NULL, &t), MC_ERR_NOT_FOUND);
    assert_int_equal(kpi_compute(f->db, "01", "2026", NULL, &t), MC_ERR_NOT_FOUND);
    assert_int_equal(kpi_compute(f->db, NULL, "2026", "khong_co", &t), MC_ERR_NOT_FOUND);
}

/* ---------------------------------------------------------------- other sources */

static int64_t dossier(struct fx *f, const char *code, const char *agency, const char *cccd,
                       int channel, int64_t at)
{
    int64_t id = 0;
    assert_int_equal(db_get_int(f->db, &Q_DOSSIER, &id, "sssii", code, agency, cccd,
                                (int64_t)channel, at), MC_OK);
    return id;
}

static void test_ratings(void **state)
{
    struct fx *f = *state;
    struct kpi_table t;
    int64_t at = MAR + 2 * DAY;
    /* Online: very satisfied (land), satisfied, not satisfied (construction);
     * at the counter: not satisfied (does not count). */
    static const struct {
        int channel, overall;
        const char *field;
    } rs[] = {{2, 1, "Đất đai"}, {2, 2, "Hộ tịch"}, {2, 3, "Hoạt động xây dựng"},
              {1, 3, "Đất đai"}};
    for (size_t i = 0; i < MC_ARRAY_LEN(rs); i++) {
        char code[16];
        snprintf(code, sizeof(code), "R%zu", i);
        int64_t id = dossier(f, code, AGENCY, "", rs[i].channel, at);
        assert_int_equal(db_run(f->db, &Q_RATING, NULL, "iiissi", id, f->citizen.id,
                                (int64_t)rs[i].overall, AGENCY, rs[i].field, at), MC_OK);
    }
    const struct kpi_row *k = row(&t, f->db, NULL, "2026-03", "hai_long_dvctt");
    assert_true(k->numerator == 2 && k->denominator == 3 && k->value == 66.7);
    assert_true(k->target == 90);
    k = kpi_row_of(&t, "hai_long_dat_dai_xay_dung_dau_tu");
    assert_true(k->numerator == 1 && k->denominator == 2 && k->value == 50.0);
    k = row(&t, f->db, OTHER, "2026-03", "hai_long_dvctt");
    assert_false(k->has_value);
}

static void test_feedback_catalog_accounts(void **state)
{
    struct fx *f = *state;
    struct kpi_table t;
    int64_t at = MAR + 3 * DAY;
    /* Published, answered but not published, refused (left out). */
    assert_int_equal(db_run(f->db, &Q_FEEDBACK, NULL, "sssii", "PA-1", "published", AGENCY, at,
                            at + DAY), MC_OK);
    assert_int_equal(db_run(f->db, &Q_FEEDBACK, NULL, "sssin", "PA-2", "answered", AGENCY, at),
                     MC_OK);
    assert_int_equal(db_run(f->db, &Q_FEEDBACK, NULL, "sssin", "PA-3", "rejected", AGENCY, at),
                     MC_OK);
    const struct kpi_row *k = row(&t, f->db, AGENCY, "2026-03", "y_kien_tiep_thu_cong_khai");
    assert_true(k->numerator == 1 && k->denominator == 2 && k->value == 50.0);
    /* Catalogue: one fully online, one partly; no procedure flagged eligible yet. */
    assert_int_equal(db_run(f->db, &Q_LEVEL, NULL, "si", PROC, (int64_t)PROC_ONLINE_FULL),
                     MC_OK);
    assert_int_equal(db_run(f->db, &Q_LEVEL, NULL, "si", PROC_NOTIME,
                            (int64_t)PROC_ONLINE_PARTIAL), MC_OK);
    k = row(&t, f->db, NULL, "2026", "tthc_toan_trinh");
    assert_false(k->has_value);
    assert_string_equal(k->no_data, "chưa xác định thủ tục đủ điều kiện");
    /* Both eligible (the catalogue's flag): one of two is fully online. */
    {
        struct catalog_publication pub = {.eligible_full = true};
        assert_int_equal(catalog_publication_put(f->db, PROC, &pub), MC_OK);
        assert_int_equal(catalog_publication_put(f->db, PROC_NOTIME, &pub), MC_OK);
    }
    k = row(&t, f->db, NULL, "2026", "tthc_toan_trinh");
    assert_true(k->numerator == 1 && k->denominator == 2 && k->value == 50.0);
    k = row(&t, f->db, AGENCY, "2026", "tthc_toan_trinh");
    assert_false(k->has_value);
    assert_string_equal(k->no_data, "chỉ tính cho toàn tỉnh");
    /* Accounts: two citizens, one with a verified contact before the period's end. */
    assert_int_equal(db_run(f->db, &Q_VERIFY, NULL, "ii", f->citizen.id, MAR), MC_OK);
    k = row(&t, f->db, NULL, "2026", "dinh_danh_xac_thuc");
    assert_true(k->numerator == 1 && k->denominator == 2 && k->value == 50.0);
    k = row(&t, f->db, NULL, "2026-02", "dinh_danh_xac_thuc");
    assert_true(k->numerator == 0 && k->denominator == 2 && k->value == 0.0);
}

static void test_adults_need_every_commune(void **state)
{
    struct fx *f = *state;
    struct kpi_table t;
    struct import_report rep;
    struct audit_actor who = {0, "system", "test"};
    int64_t at = MAR + 4 * DAY;
    /* Adults 1990, 2008 (18 in 2026, twice), a minor 2010, a tax code; one at the counter. */
    dossier(f, "A1", COMMUNE_AGENCY, "020190001234", 2, at);
    dossier(f, "A2", COMMUNE_AGENCY, "001208000001", 2, at);
    dossier(f, "A3", COMMUNE_AGENCY, "001208000001", 2, at + DAY);
    dossier(f, "A4", COMMUNE_AGENCY, "001210000001", 2, at);
    dossier(f, "A5", COMMUNE_AGENCY, "0101234565", 2, at);
    dossier(f, "A6", COMMUNE_AGENCY, "020190005678", 1, at);
    const struct kpi_row *k = row(&t, f->db, COMMUNE, "2026", "nguoi_truong_thanh_su_dung");
    assert_true(k->has_numerator && k->numerator == 2);
    assert_false(k->has_denominator);
    assert_false(k->has_value);
    struct kpi_den d = {KPI_DEN_ADULTS, COMMUNE, "", 2026, 8};
    import_report_init(&rep);
    assert_int_equal(kpi_den_save(f->db, &d, 1, 1, &who, &rep), MC_OK);
    k = row(&t, f->db, COMMUNE, "2026", "nguoi_truong_thanh_su_dung");
    assert_true(k->denominator == 8 && k->value == 25.0 && k->target == 50);
    /* The province: its only commune with an agency has entered, so it counts. */
    k = row(&t, f->db, NULL, "2026", "nguoi_truong_thanh_su_dung");
    assert_true(k->denominator == 8 && k->value == 25.0);
    k = row(&t, f->db, AGENCY, "2026", "nguoi_truong_thanh_su_dung");
    assert_false(k->has_value);
    assert_string_equal(k->no_data, "mẫu số nhập theo xã, phường");
    /* 2030's target applies from 2030. */
    k = row(&t, f->db, COMMUNE, "2030", "nguoi_truong_thanh_su_dung");
    assert_true(k->has_target && k->target == 70);
    import_report_release(&rep);
}

static void test_denominators_all_or_nothing(void **state)
{
    struct fx *f = *state;
    struct import_report rep;
    struct audit_actor who = {0, "system", "test"};
    int64_t n = -1;
    static const char bad[] = "\xEF\xBB\xBFma_mau_so,ma_don_vi,nam,gia_tri\n"
                              "dan_so_truong_thanh,05977,2026,12000\n"
                              "\n"
                              "dan_so_truong_thanh,99999,2026,1\n"
                              "can_bo_van_hanh,T20.STP,2026,-3\n"
                              "thanh_vien_to_cnscd,05977,2101,5\n"
                              "dan_so_truong_thanh,05977,2026,12001\n";
    import_report_init(&rep);
    assert_int_equal(kpi_den_import(f->db, bad, sizeof(bad) - 1, &who, &rep), MC_ERR_INVALID);
    assert_int_equal(rep.nerrors, 4);
    assert_string_equal(rep.errors[0], "dòng 5: năm hoặc giá trị không phải số nguyên hợp lệ"
                                       " (giá trị từ 0 đến 100.000.000)");
    assert_string_equal(rep.errors[1], "dòng 4: không có xã, phường mang mã này");
    assert_string_equal(rep.errors[2], "dòng 6: năm phải từ 2000 đến 2100");
    assert_string_equal(rep.errors[3],
                        "dòng 7: trùng loại mẫu số, mã đơn vị và năm với một dòng trước");
    assert_false(rep.committed);
    assert_int_equal(db_get_int(f->db, &Q_DEN_COUNT, &n, ""), MC_OK);
    assert_int_equal(n, 0);
    import_report_release(&rep);

    static const char missing[] = "ma_don_vi,nam,gia_tri\n05977,2026,1\n";
    import_report_init(&rep);
    assert_int_equal(kpi_den_import(f->db, missing, sizeof(missing) - 1, &who, &rep),
                     MC_ERR_INVALID);
    assert_string_equal(rep.errors[0], "dòng 1: thiếu cột ma_mau_so (cần ma_mau_so, ma_don_vi,"
                                       " nam, gia_tri)");
    import_report_release(&rep);

    static const char good[] = "ma_mau_so,ma_don_vi,nam,gia_tri\n"
                               "dan_so_truong_thanh,05977,2026,12000\n"
                               "can_bo_van_hanh,T20.STP,2026,14\n"
                               "hoc_sinh_sinh_vien,THPT.CHU.VAN.AN,2026,900\n";
    import_report_init(&rep);
    assert_int_equal(kpi_den_import(f->db, good, sizeof(good) - 1, &who, &rep), MC_OK);
    assert_int_equal(rep.created, 3);
    import_report_release(&rep);
    struct kpi_den_list l;
    kpi_den_list_init(&l);
    assert_int_equal(kpi_den_list(f->db, 2026, &l), MC_OK);
    assert_int_equal(l.n, 3);
    assert_string_equal(l.items[1].unit_name, "Phường Đông Kinh");
    kpi_den_list_release(&l);
    /* Staff entered, training module absent: the denominator shows, no value. */
    struct kpi_table t;
    const struct kpi_row *k = row(&t, f->db, AGENCY, "2026", "can_bo_van_hanh_dao_tao");
    assert_true(k->has_denominator && k->denominator == 14);
    assert_false(k->has_value);
    k = kpi_row_of(&t, "hoc_sinh_sinh_vien_pho_cap");
    assert_false(k->has_value);
}

static void test_targets_and_overrides(void **state)
{
    struct fx *f = *state;
    struct kpi_table t;
    /* Sơn La's shipped 70 is for T14.UBND: not this province (Lạng Sơn, 20). */
    const struct kpi_row *k = row(&t, f->db, NULL, "2025", "ho_so_hoan_toan_truc_tuyen");
    assert_true(k->target == 80);
    assert_string_equal(k->target_basis, "QĐ 1588/QĐ-TTg");
    assert_int_equal(db_run(f->db, &Q_TARGET, NULL, "ssids", "ho_so_hoan_toan_truc_tuyen",
                            "T20.UBND", (int64_t)2025, 70.0, "QĐ 270/QĐ-UBND"), MC_OK);
    assert_int_equal(db_run(f->db, &Q_TARGET, NULL, "ssids", "ho_so_hoan_toan_truc_tuyen",
                            AGENCY, (int64_t)2026, 90.0, "giao chỉ tiêu"), MC_OK);
    k = row(&t, f->db, NULL, "2025", "ho_so_hoan_toan_truc_tuyen");
    assert_true(k->target == 70);
    assert_string_equal(k->target_basis, "QĐ 270/QĐ-UBND");
    k = row(&t, f->db, AGENCY, "2026-03", "ho_so_hoan_toan_truc_tuyen");
    assert_true(k->target == 90);
    k = row(&t, f->db, OTHER, "2026-03", "ho_so_hoan_toan_truc_tuyen");
    assert_true(k->target == 80);
    /* Only a 2030 target: it is the goal in view before 2030 too. */
    k = row(&t, f->db, NULL, "2026", "co_quan_cai_tien_lien_tuc");
    assert_true(k->has_target && k->target == 100);
}

/* A workbook of denominators: header, then rows of (kind, unit, year, value). */
static void den_workbook(struct buf *out, const char *const rows[][4], size_t n)
{
    char path[] = "/tmp/motcua-test-kpi-XXXXXX.xlsx";
    int fd = mkstemps(path, 5);
    assert_true(fd >= 0);
    close(fd);
    lxw_workbook *wb = workbook_new(path);
    lxw_worksheet *ws = workbook_add_worksheet(wb, NULL);
    static const char *head[] = {"Ma_mau_so", "ma_don_vi", "nam", "gia_tri"};
    for (lxw_col_t c = 0; c < 4; c++)
        worksheet_write_string(ws, 0, c, head[c], NULL);
    for (size_t r = 0; r < n; r++) {
        for (lxw_col_t c = 0; c < 4; c++) {
            char *end = NULL;
            double v = strtod(rows[r][c], &end);
            if (c >= 2 && *rows[r][c] && !*end)
                worksheet_write_number(ws, (lxw_row_t)(r + 1), c, v, NULL);
            else
                worksheet_write_string(ws, (lxw_row_t)(r + 1), c, rows[r][c], NULL);
        }
    }
    assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
    buf_reset(out);
    assert_int_equal(buf_add_file(out, path), MC_OK);
    unlink(path);
}

static void test_denominators_from_xlsx(void **state)
{
    struct fx *f = *state;
    struct import_report rep;
    struct audit_actor who = {0, "system", "test"};
    struct buf x;
    int64_t n = -1;
    static const char *const bad[][4] = {
        {"dan_so_truong_thanh", COMMUNE, "2026", "12000"},
        {"dan_so_truong_thanh", "99999", "2026", "5"},
        {"can_bo_van_hanh", AGENCY, "2026", "mười"},
    };
    static const char *const good[][4] = {
        {"dan_so_truong_thanh", COMMUNE, "2026", "12000"},
        {"can_bo_van_hanh", AGENCY, "2026", "14"},
    };
    buf_init(&x, BUF_MAX_FILE);
    den_workbook(&x, bad, MC_ARRAY_LEN(bad));
    import_report_init(&rep);
    assert_int_equal(kpi_den_import(f->db, x.data, x.len, &who, &rep), MC_ERR_INVALID);
    assert_int_equal(rep.nerrors, 2);
    assert_string_equal(rep.errors[0], "dòng 4: năm hoặc giá trị không phải số nguyên hợp lệ"
                                       " (giá trị từ 0 đến 100.000.000)");
    assert_string_equal(rep.errors[1], "dòng 3: không có xã, phường mang mã này");
    import_report_release(&rep);
    assert_int_equal(db_get_int(f->db, &Q_DEN_COUNT, &n, ""), MC_OK);
    assert_int_equal(n, 0);
    den_workbook(&x, good, MC_ARRAY_LEN(good));
    import_report_init(&rep);
    assert_int_equal(kpi_den_import(f->db, x.data, x.len, &who, &rep), MC_OK);
    assert_int_equal(rep.created, 2);
    import_report_release(&rep);
    struct kpi_table t;
    const struct kpi_row *k = row(&t, f->db, AGENCY, "2026", "can_bo_van_hanh_dao_tao");
    assert_true(k->has_denominator && k->denominator == 14);
    /* A damaged workbook is refused with a reason. */
    x.len = 100;
    import_report_init(&rep);
    assert_int_equal(kpi_den_import(f->db, x.data, x.len, &who, &rep), MC_ERR_INVALID);
    assert_string_equal(rep.errors[0], "tệp không phải bảng tính Excel (xlsx) đọc được");
    import_report_release(&rep);
    buf_release(&x);
}

/* Agencies whose yearly 766 score did not fall. */
static void test_improving(void **state)
{
    struct fx *f = *state;
    struct buf b;
    struct kpi_table t;
    const int64_t mar2025 = MAR - 365 * DAY;
    buf_init(&b, 1 << 20);
    for (int i = 0; i < 4; i++) {
        char code[32];
        /* AGENCY: half late in 2025, none in 2026 (better); OTHER: the reverse. */
        snprintf(code, sizeof(code), "P%d", i);
        line_at(&b, mar2025, code, AGENCY, 1, 0, 1 + i, i % 2);
        snprintf(code, sizeof(code), "Q%d", i);
        line_at(&b, MAR, code, AGENCY, 1, 0, 1 + i, 0);
        snprintf(code, sizeof(code), "R%d", i);
        line_at(&b, mar2025, code, OTHER, 1, 0, 1 + i, 0);
        snprintf(code, sizeof(code), "S%d", i);
        line_at(&b, MAR, code, OTHER, 1, 0, 1 + i, i % 2);
    }
    /* Only in 2026: not compared. */
    line_at(&b, MAR, "T0", COMMUNE_AGENCY, 1, 0, 1, 0);
    import(f->db, &b);
    const struct kpi_row *k = row(&t, f->db, NULL, "2026", "co_quan_cai_tien_lien_tuc");
    assert_int_equal(k->numerator, 1);
    assert_int_equal(k->denominator, 2);
    assert_true(k->value == 50.0);
    k = row(&t, f->db, AGENCY, "2026", "co_quan_cai_tien_lien_tuc");
    assert_true(k->numerator == 1 && k->denominator == 1 && k->value == 100.0);
    k = row(&t, f->db, COMMUNE, "2026", "co_quan_cai_tien_lien_tuc");
    assert_false(k->has_value);
    assert_string_equal(k->no_data, "chưa đủ hai năm dữ liệu");
    buf_release(&b);
}

static void test_json_and_exports(void **state)
{
    struct fx *f = *state;
    struct kpi_table t;
    struct buf csv;
    assert_int_equal(kpi_compute(f->db, NULL, "2026-03", NULL, &t), MC_OK);
    json_t *doc = kpi_table_json(&t, false);
    assert_true(json_is_null(json_object_get(doc, "unit")));
    assert_string_equal(json_string_value(json_object_get(doc, "period")), "2026-03");
    json_t *kpis = json_object_get(doc, "kpis");
    assert_int_equal(json_array_size(kpis), KPI_COUNT);
    json_t *first = json_array_get(kpis, 0);
    assert_true(json_is_null(json_object_get(first, "value")));
    assert_int_equal(json_integer_value(json_object_get(first, "denominator")), 0);
    json_decref(doc);
    doc = kpi_table_json(&t, true);
    assert_int_equal(json_array_size(json_object_get(doc, "kpis")), 8);
    json_decref(doc);
    buf_init(&csv, BUF_MAX_FILE);
    assert_int_equal(kpi_export_csv(&t, &csv), MC_OK);
    assert_memory_equal(csv.data, "\xEF\xBB\xBFSTT,", 7);
    assert_non_null(strstr(csv.data, "1,ho_so_hoan_toan_truc_tuyen,"));
    buf_release(&csv);
    int rev = 0;
    struct audit_actor who = {0, "system", "test"};
    char *json = NULL;
    assert_int_equal(kpi_freeze(f->db, "03/2026", &who, &rev), MC_OK);
    assert_int_equal(rev, 1);
    assert_int_equal(kpi_freeze(f->db, "2026-03", &who, &rev), MC_OK);
    assert_int_equal(rev, 2);
    assert_int_equal(kpi_frozen_get(f->db, "2026-03", "", 1, &json, &rev), MC_OK);
    assert_non_null(strstr(json, "\"period\":\"2026-03\""));
    free(json);
    assert_int_equal(kpi_frozen_get(f->db, "2026-03", COMMUNE, 0, &json, &rev), MC_OK);
    assert_int_equal(rev, 2);
    free(json);
    assert_int_equal(kpi_frozen_get(f->db, "2026-04", "", 0, &json, NULL), MC_ERR_NOT_FOUND);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table),
        cmocka_unit_test_setup_teardown(test_fully_online_equals_766, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_agency_counts, setup, fx_teardown),
        cmocka_unit_test(test_on_target),
        cmocka_unit_test_setup_teardown(test_zero_denominator_is_no_data, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_ratings, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_feedback_catalog_accounts, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_adults_need_every_commune, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_denominators_all_or_nothing, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_denominators_from_xlsx, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_targets_and_overrides, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_improving, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_json_and_exports, setup, fx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
