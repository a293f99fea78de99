/* test_csv.c - unit tests for core/csv, the streaming CSV reader. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include "core/buf.h"
#include "core/csv.h"
#include "core/mem.h"

/* Read all of s (as memory) and render it as "a|b\n" lines with line numbers. */
static enum mc_status render_mem(const char *s, size_t len, const struct csv_options *o,
                                 struct buf *out, struct csv_reader *r)
{
    struct csv_record rec;
    enum mc_status st;
    csv_reader_init_mem(r, s, len, o);
    while ((st = csv_reader_next(r, &rec)) == MC_OK) {
        buf_addf(out, "%lu:", rec.line);
        for (size_t i = 0; i < rec.nfields; i++) {
            if (i)
                buf_addch(out, '|');
            buf_add(out, rec.fields[i].ptr, rec.fields[i].len);
            assert_int_equal(rec.fields[i].ptr[rec.fields[i].len], '\0');
        }
        buf_addch(out, '\n');
    }
    return st;
}

static void check_mem(const char *s, const char *want)
{
    struct buf out;
    struct csv_reader r;
    buf_init(&out, BUF_MAX_SMALL);
    assert_int_equal(render_mem(s, strlen(s), NULL, &out, &r), CSV_END);
    assert_string_equal(buf_cstr(&out), want);
    assert_string_equal(csv_reader_message(&r), "");
    csv_reader_release(&r);
    buf_release(&out);
}

static void test_simple(void **state)
{
    (void)state;
    check_mem("a,b,c\n1,2,3\n", "1:a|b|c\n2:1|2|3\n");
    check_mem("a,b\r\n1,2\r\n", "1:a|b\n2:1|2\n");
    check_mem("a,b\n1,2", "1:a|b\n2:1|2\n");          /* no final newline */
    check_mem("a,,c\n,\n", "1:a||c\n2:|\n");            /* empty fields */
    check_mem("x,\n", "1:x|\n");                       /* trailing comma */
    check_mem("", "");
    check_mem("\n\r\n\n", "");
}

static void test_quoted(void **state)
{
    (void)state;
    check_mem("\"a,b\",\"say \"\"hi\"\"\",c\n", "1:a,b|say \"hi\"|c\n");
    check_mem("\"\"\n", "1:\n");                        /* one empty field */
    check_mem("\"\",\"\"\n", "1:|\n");
    check_mem("\"x\"", "1:x\n");                        /* quoted at EOF */
    check_mem("\"x\"\r", "1:x\n");
    check_mem("\"x\"\r\n\"y\"\r\n", "1:x\n2:y\n");
    /* Bare quote inside an unquoted field is literal. */
    check_mem("ab\"c,d\n", "1:ab\"c|d\n");
}

static void test_line_numbers(void **state)
{
    (void)state;
    /* A field spanning lines; blank lines skipped but counted. */
    check_mem("h1,h2\n\"dòng một\ndòng hai\",x\n\nlast,\"a\r\nb\"\nz\n",
              "1:h1|h2\n2:dòng một\ndòng hai|x\n5:last|a\r\nb\n7:z\n");
}

static void test_bom(void **state)
{
    (void)state;
    check_mem("\xEF\xBB\xBFstt,ma\n1,2\n", "1:stt|ma\n2:1|2\n");
    check_mem("\xEF\xBB\xBF", "");
    check_mem("\xEF\xBB", "1:\xEF\xBB\n");              /* not a full BOM */
    /* A BOM later in the input is data. */
    check_mem("a\n\xEF\xBB\xBF" "b\n", "1:a\n2:\xEF\xBB\xBF" "b\n");
}

static void test_delimiter_and_lone_cr(void **state)
{
    (void)state;
    struct csv_options o = { .delimiter = ';' };
    struct buf out;
    struct csv_reader r;
    buf_init(&out, BUF_MAX_SMALL);
    const char *s = "a;b,c;\"d;e\"\nx\ry;z\n";
    assert_int_equal(render_mem(s, strlen(s), &o, &out, &r), CSV_END);
    assert_string_equal(buf_cstr(&out), "1:a|b,c|d;e\n2:x\ry|z\n");
    csv_reader_release(&r);
    buf_release(&out);
}

static void check_error(const char *s, const struct csv_options *o, enum mc_status want,
                        int good_records, unsigned long line, const char *msg)
{
    struct buf out;
    struct csv_reader r;
    struct csv_record rec;
    buf_init(&out, BUF_MAX_SMALL);
    assert_int_equal(render_mem(s, strlen(s), o, &out, &r), want);
    int n = 0;
    for (const char *p = buf_cstr(&out); *p; p++)
        n += *p == '\n';
    assert_int_equal(n, good_records);
    assert_int_equal(csv_reader_error_line(&r), line);
    assert_string_equal(csv_reader_message(&r), msg);
    /* Sticky. */
    assert_int_equal(csv_reader_next(&r, &rec), want);
    assert_int_equal(rec.nfields, 0);
    csv_reader_release(&r);
    csv_reader_release(&r);
    buf_release(&out);
}

static void test_errors(void **state)
{
    (void)state;
    check_error("a\n\"open\nstill open\n", NULL, MC_ERR_INVALID, 1, 2,
                "dòng 2: ô thứ 1 mở dấu ngoặc kép nhưng không đóng đến hết tệp");
    check_error("a,b\nx,\"q\"z\n", NULL, MC_ERR_INVALID, 1, 2,
                "dòng 2: có ký tự sau dấu ngoặc kép đóng của ô thứ 2");
    check_error("\"q\"\rz\n", NULL, MC_ERR_INVALID, 0, 1,
                "dòng 1: có ký tự sau dấu ngoặc kép đóng của ô thứ 1");
}

/*
 * A NUL byte is an error, not a field cut short: the online-level import
 * stored a row whose code was all NUL bytes with an empty code (found by
 * fuzz/fuzz_catalog.c).
 */
static void test_nul_byte_is_an_error(void **state)
{
    (void)state;
    static const char text[] = "ma,ten\n1,ab\0c\n";
    struct csv_reader r;
    struct csv_record rec;
    csv_reader_init_mem(&r, text, sizeof(text) - 1, NULL);
    assert_int_equal(csv_reader_next(&r, &rec), MC_OK);
    assert_int_equal(csv_reader_next(&r, &rec), MC_ERR_INVALID);
    assert_int_equal(csv_reader_error_line(&r), 2);
    assert_string_equal(csv_reader_message(&r),
                        "dòng 2: ô thứ 2 có byte NUL: tệp không phải văn bản CSV");
    assert_int_equal(csv_reader_next(&r, &rec), MC_ERR_INVALID);
    csv_reader_release(&r);
}

static void test_limits(void **state)
{
    (void)state;
    struct csv_options o = { .max_field = 4, .max_record = 6, .max_fields = 3 };
    check_error("abcd,ab\nabcde\n", &o, MC_ERR_TOO_LARGE, 1, 2,
                "dòng 2: ô thứ 1 dài quá 4 byte");
    check_error("\"abcd\"\n\"a\nbcde\"\n", &o, MC_ERR_TOO_LARGE, 1, 3,
                "dòng 3: ô thứ 1 dài quá 4 byte");
    check_error("abcd,ab\nabcd,abc\n", &o, MC_ERR_TOO_LARGE, 1, 2,
                "dòng 2: bản ghi dài quá 6 byte");
    check_error("a,b,c\na,b,c,d\n", &o, MC_ERR_TOO_LARGE, 1, 2,
                "dòng 2: bản ghi có quá 3 ô");
    /* Exactly at the limits is fine. */
    check_mem("abcd,ab\n", "1:abcd|ab\n");
}

static void test_huge_field_default_limit(void **state)
{
    (void)state;
    size_t n = CSV_DEFAULT_MAX_FIELD + 10;
    char *s = xmalloc(n + 1);
    memset(s, 'x', n);
    s[n] = '\0';
    struct csv_reader r;
    struct csv_record rec;
    csv_reader_init_mem(&r, s, n, NULL);
    assert_int_equal(csv_reader_next(&r, &rec), MC_ERR_TOO_LARGE);
    csv_reader_release(&r);
    free(s);
}

/* Write s to a temporary file and read it back through the FILE* path. */
static void check_file(const char *s, size_t len, const char *want)
{
    FILE *fp = tmpfile();
    assert_non_null(fp);
    assert_int_equal(fwrite(s, 1, len, fp), len);
    rewind(fp);
    struct csv_reader r;
    struct csv_record rec;
    struct buf out;
    enum mc_status st;
    buf_init(&out, BUF_MAX_FILE);
    csv_reader_init_file(&r, fp, NULL);
    while ((st = csv_reader_next(&r, &rec)) == MC_OK) {
        buf_addf(&out, "%lu:", rec.line);
        for (size_t i = 0; i < rec.nfields; i++) {
            if (i)
                buf_addch(&out, '|');
            buf_add(&out, rec.fields[i].ptr, rec.fields[i].len);
        }
        buf_addch(&out, '\n');
    }
    assert_int_equal(st, CSV_END);
    assert_int_equal(buf_status(&out), MC_OK);
    assert_string_equal(buf_cstr(&out), want);
    csv_reader_release(&r);
    buf_release(&out);
    fclose(fp);
}

static void test_file(void **state)
{
    (void)state;
    const char *s = "\xEF\xBB\xBFstt,ten\r\n1,\"Cấp \"\"hộ chiếu\"\"\r\nphổ thông\"\r\n";
    check_file(s, strlen(s), "1:stt|ten\n2:1|Cấp \"hộ chiếu\"\r\nphổ thông\n");
    check_file("", 0, "");
    check_file("\xEF\xBB\xBF", 3, "");
    check_file("a", 1, "1:a\n");
}

/* Records crossing the file chunk boundary, random content, round trip. */
static void test_random_round_trip(void **state)
{
    (void)state;
    static const char alphabet[] = "ab,\"\r\n x\xC3\xA1";
    struct buf csv, want;
    buf_init(&csv, BUF_MAX_FILE);
    buf_init(&want, BUF_MAX_FILE);
    unsigned seed = 12345;
    unsigned long line = 1;
    for (int rec = 0; rec < 2000; rec++) {
        int nf = 1 + (int)(seed % 5);
        buf_addf(&want, "%lu:", line);
        for (int f = 0; f < nf; f++) {
            seed = seed * 1103515245u + 12345u;
            int len = (int)((seed >> 16) % 30);
            char field[40];
            for (int i = 0; i < len; i++) {
                seed = seed * 1103515245u + 12345u;
                field[i] = alphabet[(seed >> 16) % (sizeof(alphabet) - 1)];
            }
            if (f)
                buf_addch(&csv, ',');
            if (f)
                buf_addch(&want, '|');
            buf_add(&want, field, (size_t)len);
            buf_addch(&csv, '"');
            for (int i = 0; i < len; i++) {
                if (field[i] == '"')
                    buf_addch(&csv, '"');
                if (field[i] == '\n')
                    line++;
                buf_addch(&csv, field[i]);
            }
            buf_addch(&csv, '"');
        }
        buf_adds(&csv, rec % 2 ? "\r\n" : "\n");
        buf_addch(&want, '\n');
        line++;
    }
    assert_int_equal(buf_status(&csv), MC_OK);
    assert_int_equal(buf_status(&want), MC_OK);
    check_file(csv.data, csv.len, want.data);

    struct buf out;
    struct csv_reader r;
    buf_init(&out, BUF_MAX_FILE);
    assert_int_equal(render_mem(csv.data, csv.len, NULL, &out, &r), CSV_END);
    assert_string_equal(buf_cstr(&out), want.data);
    assert_int_equal(r.records, 2000);
    csv_reader_release(&r);
    buf_release(&out);
    buf_release(&csv);
    buf_release(&want);
}

static void test_header_map(void **state)
{
    (void)state;
    const char *s = "stt, Ma_TTHC ,muc_do_dvc,ten_tthc\n1,1.001,Toàn trình\n";
    struct csv_reader r;
    struct csv_record rec;
    const char *bad;
    csv_reader_init_mem(&r, s, strlen(s), NULL);
    assert_int_equal(csv_reader_next(&r, &rec), MC_OK);
    assert_int_equal(rec.number, 1);

    struct csv_column cols[] = {
        { .name = "ma_tthc", .required = true },
        { .name = "muc_do_dvc", .required = true },
        { .name = "linh_vuc", .required = false },
    };
    assert_int_equal(csv_header_map(&rec, cols, MC_ARRAY_LEN(cols), &bad), MC_OK);
    assert_null(bad);
    assert_int_equal(cols[0].index, 1);
    assert_int_equal(cols[1].index, 2);
    assert_int_equal(cols[2].index, CSV_NO_COLUMN);

    struct csv_column need[] = {
        { .name = "stt", .required = true },
        { .name = "quyet_dinh_cong_bo", .required = true },
    };
    assert_int_equal(csv_header_map(&rec, need, MC_ARRAY_LEN(need), &bad), MC_ERR_NOT_FOUND);
    assert_string_equal(bad, "quyet_dinh_cong_bo");

    assert_int_equal(csv_reader_next(&r, &rec), MC_OK);
    assert_int_equal(rec.number, 2);
    assert_int_equal(rec.nfields, 3);
    assert_true(csv_field_equals(csv_record_get(&rec, 2), "Toàn trình"));
    struct csv_field missing = csv_record_get(&rec, 3);
    assert_int_equal(missing.len, 0);
    assert_string_equal(missing.ptr, "");
    assert_int_equal(csv_reader_next(&r, &rec), CSV_END);
    csv_reader_release(&r);

    const char *dup = "a,b,A\n";
    csv_reader_init_mem(&r, dup, strlen(dup), NULL);
    assert_int_equal(csv_reader_next(&r, &rec), MC_OK);
    struct csv_column one[] = { { .name = "a", .required = true } };
    assert_int_equal(csv_header_map(&rec, one, 1, &bad), MC_ERR_INVALID);
    assert_string_equal(bad, "a");
    csv_reader_release(&r);
}

/* ---------------------------------------------------------------- writer */

static void test_writer_quotes_only_when_needed(void **state)
{
    (void)state;
    struct buf b;
    struct csv_writer w;
    buf_init(&b, BUF_MAX_SMALL);
    csv_writer_init(&w, &b, 0);
    csv_write_text(&w, "plain");
    csv_write_text(&w, "a,b");
    csv_write_text(&w, "say \"hi\"");
    csv_write_text(&w, "two\nlines");
    csv_write_text(&w, NULL);
    csv_write_end(&w);
    csv_write_int(&w, 42);
    csv_write_empty(&w);
    csv_write_double(&w, 66.666, 1);
    csv_write_end(&w);
    assert_string_equal(buf_cstr(&b),
                        "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\r\n42,,66.7\r\n");
    buf_release(&b);
}

static void test_writer_flags(void **state)
{
    (void)state;
    struct buf b;
    struct csv_writer w;
    buf_init(&b, BUF_MAX_SMALL);
    csv_writer_init(&w, &b, CSV_QUOTE_ALL | CSV_LF | CSV_BOM);
    csv_write_text(&w, "Sở Tư pháp");
    csv_write_int(&w, -3);
    csv_write_textf(&w, "kỳ %s", "2026-02");
    csv_write_end(&w);
    assert_string_equal(buf_cstr(&b), "\xEF\xBB\xBF\"Sở Tư pháp\",-3,\"kỳ 2026-02\"\n");
    assert_int_equal(buf_status(&b), MC_OK);
    buf_release(&b);
}

static void test_writer_neutralises_formulas(void **state)
{
    (void)state;
    static const char *const bad[] = {"=1+1", "+84 912", "-2", "@SUM(A1)", "\tx", "\rx"};
    struct buf b;
    struct csv_writer w;
    buf_init(&b, BUF_MAX_SMALL);
    for (size_t i = 0; i < MC_ARRAY_LEN(bad); i++) {
        assert_true(csv_is_formula(bad[i]));
        buf_reset(&b);
        csv_writer_init(&w, &b, 0);
        csv_write_text(&w, bad[i]);
        assert_int_equal(b.data[0] == '"' ? b.data[1] : b.data[0], '\'');
    }
    assert_false(csv_is_formula("a=b"));
    assert_false(csv_is_formula(""));
    assert_false(csv_is_formula(NULL));
    /* Quoted and neutralised: the apostrophe goes inside the quotes. */
    buf_reset(&b);
    csv_writer_init(&w, &b, 0);
    csv_write_text(&w, "=HYPERLINK(\"x\",\"y\")");
    csv_write_end(&w);
    assert_string_equal(buf_cstr(&b), "\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\"\r\n");
    /* Numbers stay numbers: only text cells are touched. */
    buf_reset(&b);
    csv_writer_init(&w, &b, CSV_QUOTE_ALL);
    csv_write_int(&w, -2);
    csv_write_double(&w, -0.5, 2);
    csv_write_end(&w);
    assert_string_equal(buf_cstr(&b), "-2,-0.50\r\n");
    buf_release(&b);
}

static void test_writer_json_cells(void **state)
{
    (void)state;
    struct buf b;
    struct csv_writer w;
    json_t *o = json_pack("{s:I,s:f,s:s,s:b,s:n}", "i", (json_int_t)-7, "r", 12.345, "s", "-x",
                          "t", 1, "z");
    buf_init(&b, BUF_MAX_SMALL);
    csv_writer_init(&w, &b, 0);
    csv_write_json(&w, json_object_get(o, "i"));
    csv_write_json(&w, json_object_get(o, "r"));
    csv_write_json(&w, json_object_get(o, "s"));
    csv_write_json(&w, json_object_get(o, "t"));
    csv_write_json(&w, json_object_get(o, "z"));
    csv_write_json(&w, json_object_get(o, "absent"));
    csv_write_end(&w);
    assert_string_equal(buf_cstr(&b), "-7,12.35,'-x,1,,\r\n");
    json_decref(o);
    buf_release(&b);
}

static void test_writer_round_trips_through_the_reader(void **state)
{
    (void)state;
    static const char *const cells[] = {"a", "b,c", "\"q\"", "x\r\ny", "", "đ"};
    struct buf b;
    struct csv_writer w;
    struct csv_reader r;
    struct csv_record rec;
    buf_init(&b, BUF_MAX_SMALL);
    csv_writer_init(&w, &b, 0);
    for (size_t i = 0; i < MC_ARRAY_LEN(cells); i++)
        csv_write_text(&w, cells[i]);
    csv_write_end(&w);
    csv_reader_init_mem(&r, b.data, b.len, NULL);
    assert_int_equal(csv_reader_next(&r, &rec), MC_OK);
    assert_int_equal(rec.nfields, MC_ARRAY_LEN(cells));
    for (size_t i = 0; i < MC_ARRAY_LEN(cells); i++)
        assert_true(csv_field_equals(csv_record_get(&rec, i), cells[i]));
    assert_int_equal(csv_reader_next(&r, &rec), CSV_END);
    csv_reader_release(&r);
    buf_release(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_simple),
        cmocka_unit_test(test_quoted),
        cmocka_unit_test(test_line_numbers),
        cmocka_unit_test(test_bom),
        cmocka_unit_test(test_delimiter_and_lone_cr),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_nul_byte_is_an_error),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_huge_field_default_limit),
        cmocka_unit_test(test_file),
        cmocka_unit_test(test_random_round_trip),
        cmocka_unit_test(test_header_map),
        cmocka_unit_test(test_writer_quotes_only_when_needed),
        cmocka_unit_test(test_writer_flags),
        cmocka_unit_test(test_writer_neutralises_formulas),
        cmocka_unit_test(test_writer_json_cells),
        cmocka_unit_test(test_writer_round_trips_through_the_reader),
    };
    return cmocka_run_group_tests_name("core/csv", tests, NULL, NULL);
}
