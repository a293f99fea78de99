/* test_dossier_sync.c - import and export in the national sync format (dossier_sync.h). */
#include "domain/dossier/fixture.h"
#include "domain/dossier/dossier_sync.h"

static const struct db_query Q_COUNT = {"test.sync_count", "SELECT COUNT(*) FROM dossiers"};
/* The indexes of dossiers, and the definitions of them all, as one text. */
static const struct db_query Q_INDEXES = {
    "test.sync_indexes",
    "SELECT COUNT(*), group_concat(sql, ';') FROM (SELECT sql FROM sqlite_master"
    " WHERE type = 'index' AND tbl_name = 'dossiers' ORDER BY name)",
    "SELECT COUNT(*), string_agg(indexdef, ';' ORDER BY indexname) FROM pg_indexes"
    " WHERE tablename = 'dossiers'",
};

static const char GOOD[] =
    "{\"MaHoSo\":\"X05977.UBND-250301-0001\",\"MaTTHC\":\"1.001193\","
    "\"MaDonVi\":\"X05977.UBND\","
    "\"KenhThucHien\":2,\"TrangThaiHoSo\":10,\"NgayTiepNhan\":\"2025-03-01T08:00:00+07:00\","
    "\"NgayHenTra\":\"2025-03-06T08:00:00+07:00\","
    "\"NgayKetThucXuLy\":\"2025-03-05T10:00:00+07:00\","
    "\"NgayTraKetQua\":\"2025-03-05T15:00:00+07:00\",\"SoLanBoSung\":1,\"ThoiGianBoSung\":86400,"
    "\"DuocThanhToanTrucTuyen\":2,\"CoPhi\":1,\"CoKetQuaDienTu\":1,\"DuocSoHoa\":1,"
    "\"TaiSuDungDuLieu\":0,\"DanhGia\":1,\"CoPhanAnh\":0,\"MaHoSoCongDan\":\"CD123\"}\n"
    "{\"MaHoSo\":\"T99.SYT-250302-0007\",\"MaTTHC\":\"2.000001\",\"MaDonVi\":\"T99.SYT\","
    "\"KenhThucHien\":\"1\",\"TrangThaiHoSo\":1}\n"
    "\n"
    "{\"MaHoSo\":\"T99.SYT-250302-0008\",\"MaTTHC\":\"2.000001\",\"MaDonVi\":\"T99.SYT\","
    "\"KenhThucHien\":3,\"TrangThaiHoSo\":4,\"NgayTiepNhan\":\"2025-03-02T01:00:00Z\","
    "\"NgayHenTra\":\"2025-03-12T08:00:00+07:00\",\"NgayKetThucXuLy\":null}\n";

static void write_file(const struct fx *f, const char *name, const char *text, char *path,
                       size_t size)
{
    snprintf(path, size, "%s/%s", f->dir, name);
    FILE *out = fopen(path, "w");
    assert_non_null(out);
    fputs(text, out);
    fclose(out);
}

/* The agencies the sync lines name, in db (with the province when asked). */
static void sync_agencies(struct db *db, bool province)
{
    if (province)
        assert_int_equal(db_run(db, &FX_UNIT, NULL, ""), MC_OK);
    if (province)
        assert_int_equal(db_run(db, &FX_AGENCY, NULL, "ss", AGENCY, "Sở Tư pháp"), MC_OK);
    assert_int_equal(db_run(db, &FX_AGENCY, NULL, "ss", "X05977.UBND", "UBND phường"), MC_OK);
    assert_int_equal(db_run(db, &FX_AGENCY, NULL, "ss", "T99.SYT", "Sở Y tế"), MC_OK);
}

static int64_t rows(struct fx *f)
{
    int64_t n = -1;
    assert_int_equal(db_get_int(f->db, &Q_COUNT, &n, ""), MC_OK);
    return n;
}

static void test_import_and_rerun(void **state)
{
    struct fx *f = *state;
    struct import_report rep;
    struct dossier d;
    char path[128];
    sync_agencies(f->db, false);
    write_file(f, "good.jsonl", GOOD, path, sizeof(path));
    import_report_init(&rep);
    assert_int_equal(dossier_import_jsonl(f->db, path, NULL, &rep), MC_OK);
    assert_true(rep.committed);
    assert_int_equal(rep.read, 3);
    assert_int_equal(rep.created, 3);
    assert_int_equal(rows(f), 3);
    dossier_init(&d);
    assert_int_equal(dossier_get_by_code(f->db, NULL, "X05977.UBND-250301-0001", &d), MC_OK);
    assert_true(d.imported);
    assert_int_equal(d.status, 10);
    assert_int_equal(d.paid_online, 2);
    assert_int_equal(d.deadline_at - d.due_at, 86400);
    assert_string_equal(d.applicant_ref, "CD123");
    /* Imported history cannot be acted on. */
    assert_false(dossier_may(&f->agency_admin, &d, DOSSIER_ACT_RETURN, NULL));
    dossier_release(&d);
    /* Idempotent: the same file again changes nothing. */
    assert_int_equal(dossier_import_jsonl(f->db, path, NULL, &rep), MC_OK);
    assert_int_equal(rep.unchanged, 3);
    assert_int_equal(rep.created + rep.updated, 0);
    assert_int_equal(rows(f), 3);
    /* A changed record is an update (upsert by MaHoSo). */
    write_file(f, "upd.jsonl",
               "{\"MaHoSo\":\"T99.SYT-250302-0007\",\"MaTTHC\":\"2.000001\",\"MaDonVi\":"
               "\"T99.SYT\",\"KenhThucHien\":1,\"TrangThaiHoSo\":7}\n", path, sizeof(path));
    assert_int_equal(dossier_import_jsonl(f->db, path, NULL, &rep), MC_OK);
    assert_int_equal(rep.updated, 1);
    assert_int_equal(rows(f), 3);
    import_report_release(&rep);
}

static char *index_defs(struct fx *f, int64_t *n)
{
    struct db_stmt *st = NULL;
    char *defs;
    assert_int_equal(db_get_row(f->db, &Q_INDEXES, &st, ""), MC_OK);
    *n = db_col_int64(st, 0);
    defs = db_col_strdup(st, 1);
    db_done(st);
    return defs;
}

/*
 * A bulk load (here from 2 new dossiers on) builds the secondary indexes
 * of dossiers after the merge on PostgreSQL: the same rows, the same
 * indexes afterwards, and a re-run changes nothing.
 */
static void test_import_bulk_load(void **state)
{
    struct fx *f = *state;
    struct import_report rep;
    char path[128];
    int64_t n0 = 0, n1 = 0;
    char *before = index_defs(f, &n0), *after;
    sync_agencies(f->db, false);
    write_file(f, "good.jsonl", GOOD, path, sizeof(path));
    import_report_init(&rep);
    dossier_import_set_bulk_rows(2);
    assert_int_equal(dossier_import_jsonl(f->db, path, NULL, &rep), MC_OK);
    assert_int_equal(rep.created, 3);
    assert_int_equal(rows(f), 3);
    after = index_defs(f, &n1);
    assert_true(n0 > 2);
    assert_int_equal(n1, n0);
    assert_string_equal(after, before);
    free(after);
    /* Twice the table: a bulk load again; every line already stored: not. */
    assert_int_equal(dossier_import_jsonl(f->db, path, NULL, &rep), MC_OK);
    assert_int_equal(rep.unchanged, 3);
    assert_int_equal(rep.created + rep.updated, 0);
    after = index_defs(f, &n1);
    assert_string_equal(after, before);
    free(after);
    /* A refused line: nothing written, the indexes as they were. */
    write_file(f, "bad.jsonl", "{\"MaHoSo\":\"A-1\",\"MaTTHC\":\"1\",\"MaDonVi\":"
               "\"T99.SYT\",\"KenhThucHien\":9,\"TrangThaiHoSo\":1}\n", path, sizeof(path));
    assert_int_equal(dossier_import_jsonl(f->db, path, NULL, &rep), MC_ERR_INVALID);
    dossier_import_set_bulk_rows(100000);
    after = index_defs(f, &n1);
    assert_string_equal(after, before);
    assert_int_equal(rows(f), 3);
    free(after);
    free(before);
    import_report_release(&rep);
}

static void test_import_all_or_nothing(void **state)
{
    struct fx *f = *state;
    struct import_report rep;
    char path[128];
    static const char bad[] =
        "{\"MaHoSo\":\"A-1\",\"MaTTHC\":\"1.1\",\"MaDonVi\":\"" AGENCY "\",\"KenhThucHien\":2,"
        "\"TrangThaiHoSo\":1}\n"
        "{\"MaHoSo\":\"A-2\",\"MaTTHC\":\"1.1\",\"MaDonVi\":\"" AGENCY "\",\"KenhThucHien\":4,"
        "\"TrangThaiHoSo\":1}\n"
        "not json\n"
        "{\"MaHoSo\":\"A-1\",\"MaTTHC\":\"1.1\",\"MaDonVi\":\"" AGENCY "\",\"KenhThucHien\":2,"
        "\"TrangThaiHoSo\":1}\n"
        "{\"MaHoSo\":\"A-3\",\"MaTTHC\":\"1.1\",\"MaDonVi\":\"" AGENCY "\",\"KenhThucHien\":2,"
        "\"TrangThaiHoSo\":4,\"NgayTiepNhan\":\"2025-03-02T08:00:00+07:00\"}\n"
        "{\"MaHoSo\":\"A-4\",\"MaTTHC\":\"1.1\",\"MaDonVi\":\"" AGENCY "\",\"KenhThucHien\":2,"
        "\"TrangThaiHoSo\":2,\"NgayTiepNhan\":\"2025-03-02T08:00:00\","
        "\"NgayHenTra\":\"2025-03-09T08:00:00+07:00\"}\n"
        "{\"MaHoSo\":\"A-5\",\"MaTTHC\":\"1.1\",\"MaDonVi\":\"" AGENCY "\",\"KenhThucHien\":2,"
        "\"TrangThaiHoSo\":9,\"NgayTiepNhan\":\"2025-03-02T08:00:00+07:00\","
        "\"NgayHenTra\":\"2025-03-01T08:00:00+07:00\","
        "\"NgayKetThucXuLy\":\"2025-03-03T08:00:00+07:00\",\"DanhGia\":5}\n"
        "{\"MaHoSo\":\"A 6\",\"MaTTHC\":\"1.1\",\"MaDonVi\":\"" AGENCY "\",\"KenhThucHien\":2,"
        "\"TrangThaiHoSo\":1,\"CoPhi\":true}\n";
    write_file(f, "bad.jsonl", bad, path, sizeof(path));
    import_report_init(&rep);
    assert_int_equal(dossier_import_jsonl(f->db, path, NULL, &rep), MC_ERR_INVALID);
    assert_false(rep.committed);
    assert_int_equal(rep.read, 8);
    assert_int_equal(rep.rejected, 7);
    assert_int_equal(rows(f), 0);   /* line 1 was valid, yet nothing is written */
    for (size_t i = 0; i < rep.nerrors; i++)
        print_message("%s\n", rep.errors[i]);
    assert_non_null(strstr(rep.errors[0], "dòng 2: KenhThucHien"));
    assert_non_null(strstr(rep.errors[1], "dòng 3:"));
    assert_non_null(strstr(rep.errors[2], "dòng 4: MaHoSo A-1 trùng với dòng 1"));
    assert_non_null(strstr(rep.errors[3], "dòng 5:"));
    assert_non_null(strstr(rep.errors[4], "dòng 6: NgayTiepNhan"));   /* no offset */
    import_report_release(&rep);
}

static void test_import_never_overwrites_native(void **state)
{
    struct fx *f = *state;
    struct import_report rep;
    char path[128], line[1024];
    int64_t id = fx_submit(f, &f->citizen, "native");
    struct dossier d = fx_load(f, id);
    /* A good line, the native one, a good one: refused whole, the line named. */
    snprintf(line, sizeof(line),
             "{\"MaHoSo\":\"N-1\",\"MaTTHC\":\"%s\",\"MaDonVi\":\"%s\","
             "\"KenhThucHien\":2,\"TrangThaiHoSo\":7}\n"
             "{\"MaHoSo\":\"%s\",\"MaTTHC\":\"%s\",\"MaDonVi\":\"%s\","
             "\"KenhThucHien\":2,\"TrangThaiHoSo\":7}\n"
             "{\"MaHoSo\":\"N-3\",\"MaTTHC\":\"%s\",\"MaDonVi\":\"%s\","
             "\"KenhThucHien\":2,\"TrangThaiHoSo\":7}\n",
             PROC, AGENCY, d.code, PROC, AGENCY, PROC, AGENCY);
    write_file(f, "native.jsonl", line, path, sizeof(path));
    import_report_init(&rep);
    assert_int_equal(dossier_import_jsonl(f->db, path, NULL, &rep), MC_ERR_INVALID);
    assert_false(rep.committed);
    assert_int_equal(rep.rejected, 1);
    assert_int_equal(rep.nerrors, 1);
    assert_non_null(strstr(rep.errors[0], "dòng 2: MaHoSo "));
    assert_non_null(strstr(rep.errors[0], d.code));
    assert_non_null(strstr(rep.errors[0], "không ghi đè"));
    assert_int_equal(fx_load(f, id).status, NAT_ST_NEW);
    assert_int_equal(rows(f), 1);   /* N-1 and N-3 were not written either */
    import_report_release(&rep);
}

static char *slurp(const char *path)
{
    FILE *in = fopen(path, "r");
    char *text = xcalloc(1, 1 << 16);
    assert_non_null(in);
    size_t n = fread(text, 1, (1 << 16) - 1, in);
    text[n] = '\0';
    fclose(in);
    return text;
}

static void test_export_round_trip(void **state)
{
    struct fx *f = *state;
    struct import_report rep;
    char in[128], out1[128], out2[128];
    int64_t n = 0;
    sync_agencies(f->db, false);
    /* Native dossiers (one with a supplement) plus imported ones. */
    int64_t id = fx_submit(f, &f->citizen, "rt");
    assert_int_equal(fx_act(f, &f->reception, id, DOSSIER_ACT_ACCEPT, NULL), MC_OK);
    assert_int_equal(fx_act(f, &f->processing, id, DOSSIER_ACT_START, NULL), MC_OK);
    assert_int_equal(fx_act(f, &f->processing, id, DOSSIER_ACT_REQUEST_SUPPLEMENT, "Thiếu"),
                     MC_OK);
    clock_set(T0 + 2 * HOUR, 0);
    assert_int_equal(fx_act(f, &f->citizen, id, DOSSIER_ACT_SUPPLEMENT, "Đây"), MC_OK);
    fx_submit(f, &f->citizen2, "rt2");
    write_file(f, "in.jsonl", GOOD, in, sizeof(in));
    import_report_init(&rep);
    assert_int_equal(dossier_import_jsonl(f->db, in, NULL, &rep), MC_OK);
    snprintf(out1, sizeof(out1), "%s/out1.jsonl", f->dir);
    FILE *o = fopen(out1, "w");
    assert_int_equal(dossier_export_jsonl(f->db, 0, 0, o, &n), MC_OK);
    fclose(o);
    assert_int_equal(n, 5);
    char *first = slurp(out1);
    assert_null(strstr(first, "0912345678"));   /* no personal data */
    assert_null(strstr(first, "Người Thử"));
    assert_non_null(strstr(first, "\"ThoiGianBoSung\":7200"));
    /* Into a fresh database and out again: the same bytes. */
    struct db *db2 = NULL;
    char path2[256];
    assert_int_equal(test_db_new(path2, sizeof(path2), f->dir, "second.db", false), 0);
    assert_int_equal(db_open(path2, &db2), MC_OK);
    assert_int_equal(db_migrate(db2, NULL), MC_OK);
    sync_agencies(db2, true);
    assert_int_equal(dossier_import_jsonl(db2, out1, NULL, &rep), MC_OK);
    assert_int_equal(rep.created, 5);
    snprintf(out2, sizeof(out2), "%s/out2.jsonl", f->dir);
    o = fopen(out2, "w");
    assert_int_equal(dossier_export_jsonl(db2, 0, 0, o, &n), MC_OK);
    fclose(o);
    char *second = slurp(out2);
    assert_string_equal(first, second);
    /* A date range keeps only what was received (or lodged) inside it; the sync
     * format has no lodging date, so imported status-1 dossiers have no date. */
    o = fopen(out2, "w");
    assert_int_equal(dossier_export_jsonl(f->db, T0 - 86400, T0 + 86400, o, &n), MC_OK);
    assert_int_equal(n, 2);
    assert_int_equal(dossier_export_jsonl(db2, T0 - 86400, T0 + 86400, o, &n), MC_OK);
    fclose(o);
    assert_int_equal(n, 1);
    free(first);
    free(second);
    db_close(db2);
    test_db_drop(path2);
    import_report_release(&rep);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, fx_setup, fx_teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_import_bulk_load),
        T(test_import_and_rerun),
        T(test_import_all_or_nothing),
        T(test_import_never_overwrites_native),
        T(test_export_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
