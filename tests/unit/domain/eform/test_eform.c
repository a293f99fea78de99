/* test_eform.c - unit tests for domain/eform: typed fields, conditions, documents, fees. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include "core/mem.h"
#include "domain/calendar/date.h"
#include "domain/eform/eform.h"

/* 2026-03-02, the day the checks run. */
static int32_t today(void)
{
    int32_t d = 0;
    assert_int_equal(calendar_date_from_ymd(2026, 3, 2, &d), MC_OK);
    return d;
}

/* A procedure with the form of spec (JSON) and n documents. */
static void make(struct procedure *p, const char *spec, size_t ndocs)
{
    json_t *j = json_loads(spec, 0, NULL);
    struct buf why;
    procedure_init(p);
    p->code = xstrdup("1.001193");
    p->name = xstrdup("Đăng ký khai sinh");
    for (size_t i = 0; i < ndocs; i++)
        procedure_add_document(p)->name = xstrdup(i == 0 ? "Giấy chứng sinh" : "Ủy quyền");
    buf_init(&why, BUF_MAX_LINE);
    assert_non_null(j);
    if (eform_spec_apply(j, p, &why) != MC_OK)
        fail_msg("spec refused: %s", buf_cstr(&why));
    buf_release(&why);
    json_decref(j);
}

static const char SPEC[] =
    "{\"fields\":["
    "{\"key\":\"ten\",\"label\":\"Họ tên\",\"required\":true,\"on_receipt\":true},"
    "{\"key\":\"ngay\",\"label\":\"Ngày sinh\",\"required\":true,\"type\":\"date\","
    "\"past\":true,\"on_result\":true},"
    "{\"key\":\"gioi\",\"label\":\"Giới tính\",\"required\":true,\"type\":\"select\","
    "\"options\":[\"Nam\",\"Nữ\"]},"
    "{\"key\":\"ban\",\"label\":\"Số bản\",\"type\":\"number\",\"min\":0,\"max\":10},"
    "{\"key\":\"quan_he\",\"label\":\"Quan hệ\",\"required\":true,\"type\":\"select\","
    "\"options\":[\"Mẹ\",\"Người được ủy quyền\"]},"
    "{\"key\":\"giay_uq\",\"label\":\"Số giấy ủy quyền\",\"required\":true,"
    "\"show_if\":\"quan_he=Người được ủy quyền\"},"
    "{\"key\":\"cccd\",\"label\":\"CCCD\",\"type\":\"cccd\"},"
    "{\"key\":\"dt\",\"label\":\"Điện thoại\",\"type\":\"phone\"}],"
    "\"documents\":[\"required\",\"conditional:quan_he=Người được ủy quyền\"],"
    "\"copies_field\":\"ban\",\"copy_fee_dong\":8000}";

/* Check one set of values; returns the status and the reason of key (or NULL). */
static enum mc_status check(const struct procedure *p, json_t *v, const char *key,
                            const char **why)
{
    struct form_errors e = {0};
    enum mc_status rc = eform_check(NULL, p, v, today(), &e);
    *why = form_errors_of(&e, key);
    return rc;
}

static json_t *good(void)
{
    return json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:s}", "ten", " Nguyễn An ", "ngay", "2026-02-05",
                     "gioi", "Nam", "ban", "2", "quan_he", "Mẹ", "cccd", "020190001234",
                     "dt", "0912 345 678");
}

static void test_valid_values_are_normalised(void **state)
{
    struct procedure p;
    const char *why;
    (void)state;
    make(&p, SPEC, 2);
    json_t *v = good();
    json_object_set_new(v, "giay_uq", json_string("UQ-1"));   /* not asked: dropped */
    assert_int_equal(check(&p, v, "ten", &why), MC_OK);
    assert_string_equal(json_string_value(json_object_get(v, "ten")), "Nguyễn An");
    assert_string_equal(json_string_value(json_object_get(v, "ngay")), "05/02/2026");
    assert_string_equal(json_string_value(json_object_get(v, "dt")), "0912345678");
    assert_null(json_object_get(v, "giay_uq"));
    assert_int_equal(eform_fee(&p, 0, v), 16000);
    json_decref(v);
    procedure_release(&p);
}

static void test_each_bad_value_has_its_reason(void **state)
{
    static const struct {
        const char *key, *value, *why;
    } bad[] = {
        {"ngay", "hôm qua", "dạng ngày/tháng/năm"},
        {"ngay", "31/02/2026", "không có trên lịch"},
        {"ngay", "29/02/2026", "không có trên lịch"},
        {"ngay", "03/03/2026", "sau ngày hôm nay"},
        {"ban", "2a", "Chỉ nhập chữ số"},
        {"ban", "11", "ngoài khoảng"},
        {"gioi", "Khác", "trong danh sách"},
        {"ten", "   ", "Cần nhập"},
        {"cccd", "123", NULL},
        {"dt", "12345", NULL},
    };
    struct procedure p;
    (void)state;
    make(&p, SPEC, 2);
    for (size_t i = 0; i < MC_ARRAY_LEN(bad); i++) {
        const char *why = NULL;
        json_t *v = good();
        json_object_set_new(v, bad[i].key, json_string(bad[i].value));
        assert_int_equal(check(&p, v, bad[i].key, &why), MC_ERR_INVALID);
        assert_non_null(why);
        if (bad[i].why && !strstr(why, bad[i].why))
            fail_msg("%s=%s: \"%s\"", bad[i].key, bad[i].value, why);
        json_decref(v);
    }
    procedure_release(&p);
}

static void test_conditions_ask_fields_and_documents(void **state)
{
    struct procedure p;
    const char *why;
    char note[300];
    (void)state;
    make(&p, SPEC, 2);
    json_t *v = good();
    assert_int_equal(eform_document_need(&p, 0, v), EFORM_REQUIRED);
    assert_int_equal(eform_document_need(&p, 1, v), EFORM_OPTIONAL);
    json_object_set_new(v, "quan_he", json_string("Người được ủy quyền"));
    assert_int_equal(eform_document_need(&p, 1, v), EFORM_REQUIRED);
    assert_int_equal(check(&p, v, "giay_uq", &why), MC_ERR_INVALID);   /* now asked */
    assert_string_equal(why, "Cần nhập thông tin này.");
    assert_string_equal(eform_document_note(&p, 1, note, sizeof(note)),
                        "bắt buộc khi Quan hệ là “Người được ủy quyền”");
    assert_string_equal(eform_document_note(&p, 0, note, sizeof(note)), "bắt buộc");
    json_decref(v);
    procedure_release(&p);
}

static void test_entries_by_place(void **state)
{
    struct procedure p;
    struct eform_entry e[10];
    json_t *doc = NULL;
    size_t n = 0;
    (void)state;
    make(&p, SPEC, 2);
    const char *form = "{\"ten\":\"Nguyễn An\",\"ngay\":\"05/02/2026\",\"la\":\"x\"}";
    eform_entries(&p, form, EFORM_ON_RECEIPT, e, 10, &n, &doc);
    assert_int_equal(n, 1);
    assert_string_equal(e[0].label, "Họ tên");
    json_decref(doc);
    eform_entries(&p, form, EFORM_ON_RESULT, e, 10, &n, &doc);
    assert_int_equal(n, 1);
    assert_string_equal(e[0].value, "05/02/2026");
    json_decref(doc);
    eform_entries(&p, form, EFORM_ALL, e, 10, &n, &doc);
    assert_int_equal(n, 3);   /* the unknown key, labelled by itself, last */
    assert_string_equal(e[2].label, "la");
    json_decref(doc);
    procedure_release(&p);
}

static void test_bad_specs_are_refused(void **state)
{
    static const char *const bad[] = {
        "{\"fields\":[]}",
        "{\"fields\":[{\"key\":\"A b\",\"label\":\"x\"}]}",
        "{\"fields\":[{\"key\":\"a\",\"label\":\"x\"},{\"key\":\"a\",\"label\":\"y\"}]}",
        "{\"fields\":[{\"key\":\"a\",\"label\":\"x\",\"type\":\"color\"}]}",
        "{\"fields\":[{\"key\":\"a\",\"label\":\"x\",\"type\":\"select\"}]}",
        "{\"fields\":[{\"key\":\"a\",\"label\":\"x\"},{\"key\":\"b\",\"label\":\"y\","
        "\"show_if\":\"a=1\"}]}",
        "{\"fields\":[{\"key\":\"a\",\"label\":\"x\"}],\"documents\":[\"required\","
        "\"required\",\"required\"]}",
        "{\"fields\":[{\"key\":\"a\",\"label\":\"x\"}],\"copies_field\":\"a\"}",
    };
    (void)state;
    for (size_t i = 0; i < MC_ARRAY_LEN(bad); i++) {
        struct procedure p;
        struct buf why;
        json_t *j = json_loads(bad[i], 0, NULL);
        procedure_init(&p);
        procedure_add_document(&p)->name = xstrdup("Tờ khai");
        buf_init(&why, BUF_MAX_LINE);
        assert_int_equal(eform_spec_apply(j, &p, &why), MC_ERR_INVALID);
        assert_true(why.len > 0);
        assert_int_equal(p.nform_fields, 0);   /* unchanged */
        buf_release(&why);
        json_decref(j);
        procedure_release(&p);
    }
}

static void test_procedure_without_form_has_one_free_field(void **state)
{
    struct procedure p;
    const char *why;
    (void)state;
    procedure_init(&p);
    assert_int_equal(eform_count(&p), 1);
    assert_string_equal(eform_field(&p, 0)->key, EFORM_DEFAULT_KEY);
    json_t *v = json_object();
    assert_int_equal(check(&p, v, EFORM_DEFAULT_KEY, &why), MC_ERR_INVALID);
    json_object_set_new(v, EFORM_DEFAULT_KEY, json_string("Xin cấp bản sao"));
    assert_int_equal(check(&p, v, EFORM_DEFAULT_KEY, &why), MC_OK);
    assert_int_equal(eform_fee(&p, 8000, v), 8000);
    json_decref(v);
    procedure_release(&p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid_values_are_normalised),
        cmocka_unit_test(test_each_bad_value_has_its_reason),
        cmocka_unit_test(test_conditions_ask_fields_and_documents),
        cmocka_unit_test(test_entries_by_place),
        cmocka_unit_test(test_bad_specs_are_refused),
        cmocka_unit_test(test_procedure_without_form_has_one_free_field),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
