/* test_dossier_pdf.c - unit tests for the generated result PDF (dossier_pdf.c). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "core/buf.h"
#include "domain/dossier/dossier-int.h"

static const char TITLE[] = "KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH\n"
                            "Mã hồ sơ: T20.STP-260306-0001\n"
                            "Người nộp: Phạm Thị Lan\n"
                            "Thủ tục: Đăng ký khai sinh (1.001193)\n"
                            "Cơ quan: Sở Tư pháp tỉnh Lạng Sơn\n"
                            "Địa danh: Lạng Sơn\n"
                            "Ngày phê duyệt: 06/03/2026 09:15";
static const char BODY[] =
    "Chấp thuận đăng ký khai sinh cho cháu Nguyễn Ngọc Ánh, sinh ngày 01/02/2026, "
    "quốc tịch Cộng hòa xã hội chủ nghĩa Việt Nam. Trích lục khai sinh được cấp kèm "
    "theo quyết định này; người yêu cầu nhận kết quả tại Bộ phận Một cửa hoặc qua "
    "kho dữ liệu cá nhân trên Cổng dịch vụ công.\n"
    "Mộtchuỗirấtdàikhôngcókhoảngtrắngđểkiểmtraviệcngắtdòngtheotừngkýtựmàkhônglàmhỏngchữ"
    "Việtcódấuđượcviếtliềnnhauquámộtdòngtrêntrang.";

static bool contains(const struct buf *b, const char *needle)
{
    size_t n = strlen(needle);
    for (size_t i = 0; i + n <= b->len; i++)
        if (memcmp(b->data + i, needle, n) == 0)
            return true;
    return false;
}

static void test_writes_pdf_with_embedded_font(void **state)
{
    struct buf pdf;
    (void)state;
    buf_init(&pdf, BUF_MAX_FILE);
    assert_int_equal(dossier_result_pdf(TITLE, BODY, &pdf), MC_OK);
    assert_true(pdf.len > 1000);
    assert_memory_equal(pdf.data, "%PDF-", 5);
    assert_true(contains(&pdf, "/FontFile2"));
    assert_true(contains(&pdf, "%%EOF"));
    buf_release(&pdf);
}

/* The text as pdftotext reads it; NULL when poppler-utils is not installed. */
static char *extract_text(const struct buf *pdf)
{
    char dir[] = "/tmp/test_dossier_pdf_XXXXXX";
    char in[64], out[64], cmd[200];
    char *text = NULL;
    if (system("command -v pdftotext >/dev/null 2>&1") != 0 || !mkdtemp(dir))
        return NULL;
    snprintf(in, sizeof(in), "%s/r.pdf", dir);
    snprintf(out, sizeof(out), "%s/r.txt", dir);
    FILE *f = fopen(in, "wb");
    if (f) {
        fwrite(pdf->data, 1, pdf->len, f);
        fclose(f);
        snprintf(cmd, sizeof(cmd), "pdftotext -enc UTF-8 %s %s", in, out);
        if (system(cmd) == 0 && (f = fopen(out, "rb")) != NULL) {
            text = calloc(1, 1 << 16);
            if (text)
                fread(text, 1, (1 << 16) - 1, f);
            fclose(f);
        }
    }
    unlink(in);
    unlink(out);
    rmdir(dir);
    return text;
}

static void test_text_keeps_diacritics(void **state)
{
    struct buf pdf;
    (void)state;
    buf_init(&pdf, BUF_MAX_FILE);
    assert_int_equal(dossier_result_pdf(TITLE, BODY, &pdf), MC_OK);
    char *text = extract_text(&pdf);
    if (!text) {
        buf_release(&pdf);
        skip();
    }
    assert_non_null(strstr(text, "Đăng ký khai sinh"));
    assert_non_null(strstr(text, "Cộng hòa"));
    assert_non_null(strstr(text, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"));
    assert_non_null(strstr(text, "Độc lập - Tự do - Hạnh phúc"));
    assert_non_null(strstr(text, "Sở Tư pháp tỉnh Lạng Sơn"));
    assert_non_null(strstr(text, "Lạng Sơn, ngày 06 tháng 03 năm 2026"));
    assert_non_null(strstr(text, "Phạm Thị Lan"));
    assert_non_null(strstr(text, "NGƯỜI CÓ THẨM QUYỀN"));
    free(text);
    buf_release(&pdf);
}

static void test_long_text_spans_pages(void **state)
{
    struct buf pdf, body;
    (void)state;
    buf_init(&pdf, BUF_MAX_FILE);
    buf_init(&body, BUF_MAX_PAGE);
    for (int i = 0; i < 120; i++)
        buf_adds(&body, "Điều khoản thứ nhất của quyết định, viết đủ dài để xuống dòng. ");
    buf_adds(&body, "\n\nHết.");
    assert_int_equal(dossier_result_pdf("Quyết định", buf_cstr(&body), &pdf), MC_OK);
    assert_true(contains(&pdf, "/Count 2") || contains(&pdf, "/Count 3"));
    buf_release(&body);
    buf_release(&pdf);
}

static void test_rejects_invalid_utf8(void **state)
{
    struct buf pdf;
    (void)state;
    buf_init(&pdf, BUF_MAX_FILE);
    assert_int_equal(dossier_result_pdf("Kết quả", "\xff\xfe", &pdf), MC_ERR_INVALID);
    assert_int_equal(pdf.len, 0);
    buf_release(&pdf);
}

static void test_missing_font_is_io_error(void **state)
{
    struct buf pdf;
    (void)state;
    buf_init(&pdf, BUF_MAX_FILE);
    setenv("MOTCUA_FONT_DIR", "/nonexistent-motcua-fonts", 1);
    assert_int_equal(dossier_result_pdf("Kết quả", "Nội dung", &pdf), MC_ERR_IO);
    unsetenv("MOTCUA_FONT_DIR");
    assert_int_equal(pdf.len, 0);
    buf_release(&pdf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_writes_pdf_with_embedded_font),
        cmocka_unit_test(test_text_keeps_diacritics),
        cmocka_unit_test(test_long_text_spans_pages),
        cmocka_unit_test(test_rejects_invalid_utf8),
        cmocka_unit_test(test_missing_font_is_io_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
