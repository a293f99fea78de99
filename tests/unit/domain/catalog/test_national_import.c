/* test_national_import.c - unit tests for catalog/national_import and catalog/procedure. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <unistd.h>
#include <zlib.h>
#include "domain/catalog/national_import.h"

static void check_fee(const char *s, enum proc_fee_state want, int64_t dong, size_t used)
{
    int64_t got = -1;
    size_t u = 99;
    assert_int_equal(national_parse_fee(s, strlen(s), &got, &u), want);
    assert_int_equal(got, dong);
    assert_int_equal(u, used);
}

static void test_fee_formats(void **state)
{
    (void)state;
    check_fee("10,000 Việt Nam Đồng", PROC_FEE_AMOUNT, 10000, strlen("10,000 Việt Nam Đồng"));
    check_fee("Lệ phí: 50.000 đồng", PROC_FEE_AMOUNT, 50000, strlen("Lệ phí: 50.000 đồng"));
    check_fee("2,500,000 VNĐ(ghi chú)", PROC_FEE_AMOUNT, 2500000, strlen("2,500,000 VNĐ"));
    check_fee("50.000đ", PROC_FEE_AMOUNT, 50000, strlen("50.000đ"));
    check_fee("Không", PROC_FEE_FREE, 0, strlen("Không"));
    check_fee("Không thu phí", PROC_FEE_FREE, 0, strlen("Không thu"));
    check_fee("Miễn phí(theo Thông tư)", PROC_FEE_FREE, 0, strlen("Miễn phí"));
    check_fee("0 Đồng", PROC_FEE_FREE, 0, strlen("0 Đồng"));
    check_fee("Không có thông tin", PROC_FEE_NO_INFO, 0, strlen("Không có thông tin"));
    check_fee("10 USD(/bản)", PROC_FEE_FOREIGN, 0, strlen("10 USD"));
    check_fee("VNĐ", PROC_FEE_UNPARSED, 0, 0);
    check_fee("1,5 triệu đồng", PROC_FEE_UNPARSED, 0, 0);
    check_fee("Theo quy định", PROC_FEE_UNPARSED, 0, 0);
    check_fee("Không quy định thời hạn", PROC_FEE_UNPARSED, 0, 0);
    /* More than 18 digits is no amount; in thousands groups it overflowed
     * (found by fuzz/fuzz_catalog.c). */
    check_fee("999,999,999,999,999,999 đồng", PROC_FEE_AMOUNT, 999999999999999999,
              strlen("999,999,999,999,999,999 đồng"));
    check_fee("10,000,000,410,000,120,100,010 đồng", PROC_FEE_UNPARSED, 0, 0);
    check_fee("1.000.000.000.000.000.000 đồng", PROC_FEE_UNPARSED, 0, 0);
}

static void check_time(const char *s, enum proc_time_state want, double min, double max,
                       enum proc_time_unit unit, size_t used)
{
    double a = -1, b = -1;
    enum proc_time_unit u = PROC_UNIT_YEAR;
    size_t n = 99;
    assert_int_equal(national_parse_time(s, strlen(s), &a, &b, &u, &n), want);
    assert_true(a == min);
    assert_true(b == max);
    assert_int_equal(u, unit);
    assert_int_equal(n, used);
}

static void test_time_units(void **state)
{
    (void)state;
    check_time("7 Ngày làm việc10,000", PROC_TIME_VALUE, 7, 7, PROC_UNIT_WORKING_DAY,
               strlen("7 Ngày làm việc"));
    check_time("15 NgàyMiễn phí", PROC_TIME_VALUE, 15, 15, PROC_UNIT_DAY, strlen("15 Ngày"));
    check_time("0.5 Ngày", PROC_TIME_VALUE, 0.5, 0.5, PROC_UNIT_DAY, strlen("0.5 Ngày"));
    check_time("03 - 05 ngày làm việc", PROC_TIME_VALUE, 3, 5, PROC_UNIT_WORKING_DAY,
               strlen("03 - 05 ngày làm việc"));
    check_time("8 Giờ", PROC_TIME_VALUE, 8, 8, PROC_UNIT_HOUR, strlen("8 Giờ"));
    check_time("4 Giờ làm việc", PROC_TIME_VALUE, 4, 4, PROC_UNIT_WORKING_HOUR,
               strlen("4 Giờ làm việc"));
    check_time("2 Tháng", PROC_TIME_VALUE, 2, 2, PROC_UNIT_MONTH, strlen("2 Tháng"));
    check_time("1 Năm", PROC_TIME_VALUE, 1, 1, PROC_UNIT_YEAR, strlen("1 Năm"));
    check_time("5Miễn phí", PROC_TIME_VALUE, 5, 5, PROC_UNIT_UNKNOWN, 1);
    check_time("Không có thông tinMiễn phí", PROC_TIME_NO_INFO, 0, 0, PROC_UNIT_UNKNOWN,
               strlen("Không có thông tin"));
    check_time("Không quy định", PROC_TIME_UNPARSED, 0, 0, PROC_UNIT_UNKNOWN, 0);
}

/* Parse a record that must succeed. */
static void parse_ok(const char *json, struct procedure *p, struct national_warnings *w)
{
    struct buf err;
    buf_init(&err, BUF_MAX_LINE);
    procedure_init(p);
    national_warnings_init(w);
    enum mc_status st = national_parse_record(json, strlen(json), p, w, &err);
    if (st != MC_OK)
        fail_msg("parse failed: %s", buf_cstr(&err));
    buf_release(&err);
}

static bool has_warning(const struct national_warnings *w, const char *part)
{
    for (size_t i = 0; i < w->count; i++)
        if (strstr(w->items[i], part))
            return true;
    return false;
}

#define HDR "Hình thức nộpThời gianPhí, lệ phíMô tả"

static void test_several_channels(void **state)
{
    (void)state;
    struct procedure p;
    struct national_warnings w;
    parse_ok("{\"ma_thu_tuc\":\"1.000001\",\"ten_thu_tuc\":\"Cấp giấy phép thử\","
             "\"cap_thuc_hien\":\"Cấp tỉnh, Cấp xã\",\"linh_vuc\":\"Thử nghiệm\","
             "\"cach_thuc_thuc_hien\":\"" HDR "Trực tiếp7 Ngày làm việc10,000 Việt Nam Đồng"
             "(10.000 đồng/hồ sơ)Nộp tại bộ phận một cửa.Trực tuyến0.5 NgàyMiễn phí"
             "Dịch vụ bưu chính2 Tháng70,000 VNĐTrả qua bưu điện\"}",
             &p, &w);
    assert_string_equal(p.code, "1.000001");
    assert_string_equal(p.name, "Cấp giấy phép thử");
    assert_int_equal(p.levels, PROC_LEVEL_PROVINCE | PROC_LEVEL_COMMUNE);
    assert_int_equal(w.count, 0);
    assert_int_equal(p.nchannels, 3);

    struct proc_channel *c = &p.channels[0];
    assert_int_equal(c->kind, PROC_CHANNEL_DIRECT);
    assert_int_equal(c->time_state, PROC_TIME_VALUE);
    assert_true(c->time_min == 7 && c->time_max == 7);
    assert_int_equal(c->time_unit, PROC_UNIT_WORKING_DAY);
    assert_int_equal(c->fee_state, PROC_FEE_AMOUNT);
    assert_int_equal(c->fee_dong, 10000);
    assert_string_equal(c->fee_raw, "10,000 Việt Nam Đồng(10.000 đồng/hồ sơ)");
    assert_string_equal(c->description, "Nộp tại bộ phận một cửa.");

    c = &p.channels[1];
    assert_int_equal(c->kind, PROC_CHANNEL_ONLINE);
    assert_true(c->time_min == 0.5);
    assert_int_equal(c->time_unit, PROC_UNIT_DAY);
    assert_int_equal(c->fee_state, PROC_FEE_FREE);
    assert_int_equal(c->fee_dong, 0);
    assert_null(c->description);

    c = &p.channels[2];
    assert_int_equal(c->kind, PROC_CHANNEL_POSTAL);
    assert_int_equal(c->time_unit, PROC_UNIT_MONTH);
    assert_int_equal(c->fee_dong, 70000);
    assert_string_equal(c->description, "Trả qua bưu điện");
    national_warnings_release(&w);
    procedure_release(&p);
}

static void test_channel_problems_are_reported(void **state)
{
    (void)state;
    struct procedure p;
    struct national_warnings w;
    parse_ok("{\"ma_thu_tuc\":\"2.000002\",\"ten_thu_tuc\":\"Thử\",\"cap_thuc_hien\":\"Cấp bộ\","
             "\"cach_thuc_thuc_hien\":\"" HDR "Trực tuyến120 VNĐ(20.000 đồng/tờ khai)"
             "Trực tiếp5Miễn phíDịch vụ bưu chínhKhông quy địnhMiễn phíGửi qua bưu điện"
             "Trực tiếpKhông có thông tin10 USD(/bản)\"}",
             &p, &w);
    assert_int_equal(p.nchannels, 4);
    /* "120 VNĐ": time 1 + fee 20, or time 12 + fee 0?  Not guessed. */
    assert_int_equal(p.channels[0].time_state, PROC_TIME_UNPARSED);
    assert_int_equal(p.channels[0].fee_state, PROC_FEE_UNPARSED);
    assert_true(has_warning(&w, "hàng 1 (Trực tuyến): không tách được thời gian và phí"));
    /* A number without a unit keeps the number, reports the unit. */
    assert_int_equal(p.channels[1].time_state, PROC_TIME_VALUE);
    assert_int_equal(p.channels[1].time_unit, PROC_UNIT_UNKNOWN);
    assert_true(p.channels[1].time_min == 5);
    assert_true(has_warning(&w, "hàng 2 (Trực tiếp): thời gian \"5\" không có đơn vị"));
    /* Words for a time. */
    assert_int_equal(p.channels[2].time_state, PROC_TIME_UNPARSED);
    assert_string_equal(p.channels[2].time_raw, "Không quy định");
    assert_int_equal(p.channels[2].fee_state, PROC_FEE_FREE);
    assert_string_equal(p.channels[2].description, "Gửi qua bưu điện");
    assert_true(has_warning(&w, "thời gian \"Không quy định\" không phải số"));
    /* Foreign currency. */
    assert_int_equal(p.channels[3].time_state, PROC_TIME_NO_INFO);
    assert_int_equal(p.channels[3].fee_state, PROC_FEE_FOREIGN);
    assert_true(has_warning(&w, "phí bằng ngoại tệ \"10 USD(/bản)\""));
    assert_true(w.areas & NAT_AREA_TIME);
    assert_true(w.areas & NAT_AREA_TIME_UNIT);
    assert_true(w.areas & NAT_AREA_FEE);
    national_warnings_release(&w);
    procedure_release(&p);
}

static void test_documents_with_counts(void **state)
{
    (void)state;
    struct procedure p;
    struct national_warnings w;
    parse_ok("{\"ma_thu_tuc\":\"1.000003\",\"ten_thu_tuc\":\"Thử\",\"cap_thuc_hien\":\"Cấp xã\","
             "\"thanh_phan_ho_so\":\"--Tên giấy tờMẫu đơn, tờ khaiSố lượng"
             "Tờ khai theo mẫu;Mẫu số 01.docx1 bản chính"
             "Bản sao giấy khai sinh0 bản chính,1 bản sao"
             "+ Ảnh 4x6 (02 bản sao có chứng thực)2 bản chính"
             "Trường hợp ủy quyền thì nộp thêmTên giấy tờMẫu đơn, tờ khaiSố lượng"
             "Văn bản ủy quyền1 bản sao\","
             "\"can_cu_phap_ly\":\"Tên văn bản pháp lýMã văn bảnLuật Hộ tịch60/2014/QH13"
             "Thông tư hướng dẫn04/2020/TT-BTP\","
             "\"ket_qua_xu_ly\":\"Giấy chứng nhậnMã: KQ.G01.00001Từ khóaKhông có thông tin\"}",
             &p, &w);
    /* Only the missing channel table is reported. */
    assert_int_equal(w.count, 1);
    assert_int_equal(w.areas, NAT_AREA_CHANNELS);
    assert_int_equal(p.ndocuments, 4);
    assert_string_equal(p.documents[0].name, "Tờ khai theo mẫu;");
    assert_string_equal(p.documents[0].template_name, "Mẫu số 01.docx");
    assert_int_equal(p.documents[0].originals, 1);
    assert_int_equal(p.documents[0].copies, 0);
    assert_null(p.documents[0].group);
    assert_string_equal(p.documents[1].name, "Bản sao giấy khai sinh");
    assert_int_equal(p.documents[1].originals, 0);
    assert_int_equal(p.documents[1].copies, 1);
    assert_string_equal(p.documents[2].name, "+ Ảnh 4x6 (02 bản sao có chứng thực)");
    assert_int_equal(p.documents[2].originals, 2);
    assert_string_equal(p.documents[3].name, "Văn bản ủy quyền");
    assert_int_equal(p.documents[3].copies, 1);
    assert_true(p.documents[3].count_known);
    assert_string_equal(p.documents[3].group, "Trường hợp ủy quyền thì nộp thêm");

    assert_int_equal(p.nlegal, 2);
    assert_string_equal(p.legal[0].number, "60/2014/QH13");
    assert_string_equal(p.legal[0].title, "Luật Hộ tịch");
    assert_string_equal(p.legal[1].number, "04/2020/TT-BTP");
    assert_string_equal(p.result, "Giấy chứng nhận");
    national_warnings_release(&w);
    procedure_release(&p);
}

static void test_document_problems(void **state)
{
    (void)state;
    struct procedure p;
    struct national_warnings w;
    parse_ok("{\"ma_thu_tuc\":\"1.000004\",\"ten_thu_tuc\":\"Thử\",\"cap_thuc_hien\":\"Cấp hội\","
             "\"thanh_phan_ho_so\":\"--Tên giấy tờMẫu đơn, tờ khaiSố lượng"
             "Đơn theo mẫu ban hành ngày 24/7/20231 bản chính"
             "Giấy tờ khác không ghi số lượng\"}",
             &p, &w);
    assert_int_equal(p.ndocuments, 2);
    assert_string_equal(p.documents[0].name, "Đơn theo mẫu ban hành ngày 24/7/2023");
    assert_int_equal(p.documents[0].originals, 1);
    assert_false(p.documents[1].count_known);
    assert_true(has_warning(&w, "thanh_phan_ho_so: \"Giấy tờ khác không ghi số lượng\" "
                                "không có số lượng"));
    assert_true(has_warning(&w, "cap_thuc_hien: cấp \"Cấp hội\" không rõ"));
    assert_true(w.areas & NAT_AREA_DOCUMENTS);
    national_warnings_release(&w);
    procedure_release(&p);
}

static void check_rejected(const char *json, enum mc_status want, const char *msg)
{
    struct procedure p;
    struct national_warnings w;
    struct buf err;
    buf_init(&err, BUF_MAX_LINE);
    procedure_init(&p);
    national_warnings_init(&w);
    assert_int_equal(national_parse_record(json, strlen(json), &p, &w, &err), want);
    assert_string_equal(buf_cstr(&err), msg);
    national_warnings_release(&w);
    procedure_release(&p);
    buf_release(&err);
}

static void test_malformed_records(void **state)
{
    (void)state;
    check_rejected("{\"ma_thu_tuc\": \"1.000005\", ", MC_ERR_INVALID,
                   "JSON không hợp lệ ở cột 27");
    check_rejected("[1, 2]", MC_ERR_INVALID, "bản ghi không phải là đối tượng JSON");
    check_rejected("{\"ten_thu_tuc\":\"Thử\"}", MC_ERR_INVALID,
                   "thiếu mã thủ tục (ma_thu_tuc)");
    check_rejected("{\"ma_thu_tuc\":\"  \",\"ten_thu_tuc\":\"Thử\"}", MC_ERR_INVALID,
                   "thiếu mã thủ tục (ma_thu_tuc)");
    check_rejected("{\"ma_thu_tuc\":12,\"ten_thu_tuc\":\"Thử\"}", MC_ERR_INVALID,
                   "thiếu mã thủ tục (ma_thu_tuc)");
    check_rejected("{\"ma_thu_tuc\":\"1.0001\",\"ten_thu_tuc\":\"Thử\"}", MC_ERR_INVALID,
                   "mã thủ tục \"1.0001\" không đúng dạng (ví dụ 1.001193)");
    check_rejected("{\"ma_thu_tuc\":\"1.000006\"}", MC_ERR_INVALID,
                   "thủ tục 1.000006 thiếu tên (ten_thu_tuc)");
    check_rejected("{\"a\":1,\"a\":2}", MC_ERR_INVALID, "JSON không hợp lệ ở cột 10");
}

/* Write bytes to a fresh temporary path; the caller unlinks it. */
static void temp_path(char *path, size_t n, const char *suffix)
{
    snprintf(path, n, "/tmp/mc_test_national_%ld%s", (long)getpid(), suffix);
}

static void read_lines(const char *path)
{
    struct national_file f;
    struct buf err;
    const char *line;
    size_t len;
    unsigned long no;
    buf_init(&err, BUF_MAX_LINE);
    assert_int_equal(national_file_open(&f, path, &err), MC_OK);
    assert_int_equal(national_file_next(&f, &line, &len, &no, &err), MC_OK);
    assert_string_equal(line, "{\"a\":1}");
    assert_int_equal(no, 1);
    assert_int_equal(national_file_next(&f, &line, &len, &no, &err), MC_OK);
    assert_string_equal(line, "{\"b\":2}");
    assert_int_equal(len, 7);
    assert_int_equal(no, 3);
    assert_int_equal(national_file_next(&f, &line, &len, &no, &err), MC_ERR_NOT_FOUND);
    assert_int_equal(national_file_next(&f, &line, &len, &no, &err), MC_ERR_NOT_FOUND);
    national_file_close(&f);
    buf_release(&err);
}

static void test_file_plain_and_gzip(void **state)
{
    (void)state;
    const char *text = "{\"a\":1}\n\n{\"b\":2}\r\n";
    char path[128];

    temp_path(path, sizeof(path), ".jsonl");
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    fputs(text, fp);
    fclose(fp);
    read_lines(path);
    unlink(path);

    temp_path(path, sizeof(path), ".jsonl.gz");
    gzFile gz = gzopen(path, "wb");
    assert_non_null(gz);
    assert_int_equal(gzputs(gz, text), (int)strlen(text));
    gzclose(gz);
    read_lines(path);
    unlink(path);

    struct national_file f;
    struct buf err;
    buf_init(&err, BUF_MAX_LINE);
    assert_int_equal(national_file_open(&f, "/nonexistent/x.jsonl", &err), MC_ERR_NOT_FOUND);
    assert_string_equal(buf_cstr(&err), "không mở được tệp /nonexistent/x.jsonl");
    national_file_close(&f);
    buf_release(&err);
}

static void test_online_levels(void **state)
{
    (void)state;
    enum proc_online_level lvl;
    assert_int_equal(national_online_level_parse("Toàn trình", strlen("Toàn trình"), &lvl),
                     MC_OK);
    assert_int_equal(lvl, PROC_ONLINE_FULL);
    assert_int_equal(national_online_level_parse(" Một phần ", strlen(" Một phần "), &lvl),
                     MC_OK);
    assert_int_equal(lvl, PROC_ONLINE_PARTIAL);
    assert_int_equal(national_online_level_parse("Mức độ 2", strlen("Mức độ 2"), &lvl), MC_OK);
    assert_int_equal(lvl, PROC_ONLINE_NONE);
    assert_int_equal(national_online_level_parse("Mức độ 1", strlen("Mức độ 1"), &lvl), MC_OK);
    assert_int_equal(lvl, PROC_ONLINE_NONE);
    assert_int_equal(national_online_level_parse("Cao", 3, &lvl), MC_ERR_INVALID);
    assert_int_equal(lvl, PROC_ONLINE_UNKNOWN);

    const char *csv = "\xEF\xBB\xBFstt,ma_tthc,muc_do_dvc,ten_tthc,linh_vuc,quyet_dinh_cong_bo\r\n"
                      "1,1.010010.000.00.00.H37,Toàn trình,\"Thủ tục A, B\",Hộ tịch,1/QĐ\r\n"
                      "2,CCHC_01,Mức độ 2,Thủ tục C,Nội vụ,1/QĐ\r\n"
                      "3,1.000020.000.00.00.H37,Cao nhất,Thủ tục D,Nội vụ,1/QĐ\r\n"
                      "4,2.000027.000.00.00.H37,Một phần,Thủ tục E,Nội vụ,1/QĐ\r\n";
    FILE *fp = tmpfile();
    assert_non_null(fp);
    fputs(csv, fp);
    rewind(fp);
    struct online_level_list l;
    struct national_warnings w;
    struct buf err;
    online_level_list_init(&l);
    national_warnings_init(&w);
    buf_init(&err, BUF_MAX_LINE);
    assert_int_equal(online_level_list_load(fp, &l, &w, &err), MC_OK);
    assert_int_equal(l.count, 3);
    assert_string_equal(l.items[0].national_code, "1.010010");
    assert_int_equal(l.items[0].line, 2);
    assert_null(l.items[1].national_code);
    assert_int_equal(online_level_list_find(&l, "1.010010"), PROC_ONLINE_FULL);
    assert_int_equal(online_level_list_find(&l, "2.000027"), PROC_ONLINE_PARTIAL);
    assert_int_equal(online_level_list_find(&l, "1.000020"), PROC_ONLINE_UNKNOWN);
    assert_true(has_warning(&w, "dòng 4: mức độ \"Cao nhất\" không rõ"));
    assert_true(has_warning(&w, "dòng 3: mã \"CCHC_01\" không phải mã quốc gia"));
    online_level_list_release(&l);
    national_warnings_release(&w);
    fclose(fp);

    /* A file without the needed column. */
    fp = tmpfile();
    fputs("stt,ma_tthc\n1,x\n", fp);
    rewind(fp);
    online_level_list_init(&l);
    national_warnings_init(&w);
    assert_int_equal(online_level_list_load(fp, &l, &w, &err), MC_ERR_INVALID);
    assert_string_equal(buf_cstr(&err), "thiếu cột muc_do_dvc");
    online_level_list_release(&l);
    national_warnings_release(&w);
    buf_release(&err);
    fclose(fp);
}

static void test_names(void **state)
{
    (void)state;
    assert_string_equal(proc_channel_kind_name(PROC_CHANNEL_POSTAL), "Dịch vụ bưu chính");
    assert_string_equal(proc_time_unit_name(PROC_UNIT_WORKING_DAY), "ngày làm việc");
    assert_string_equal(proc_online_level_name(PROC_ONLINE_FULL), "Toàn trình");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fee_formats),
        cmocka_unit_test(test_time_units),
        cmocka_unit_test(test_several_channels),
        cmocka_unit_test(test_channel_problems_are_reported),
        cmocka_unit_test(test_documents_with_counts),
        cmocka_unit_test(test_document_problems),
        cmocka_unit_test(test_malformed_records),
        cmocka_unit_test(test_file_plain_and_gzip),
        cmocka_unit_test(test_online_levels),
        cmocka_unit_test(test_names),
    };
    return cmocka_run_group_tests_name("catalog/national_import", tests, NULL, NULL);
}
