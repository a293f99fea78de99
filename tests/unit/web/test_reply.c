/*
 * test_reply.c - unit tests for web/reply: the status -> HTTP table, the
 * choice of message, and the HTML or JSON reply.  reply.c is included and
 * the two replies it ends in (http_error, web_json) are replaced by
 * doubles that record what would have been sent.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include "web/reply.c"

/* What the last reply would have been. */
static struct {
    int kind;               /* 0 none, 1 http_error (page or JSON by the hook), 2 web_json */
    unsigned status;
    char code[32];
    char message[256];
    char *json;             /* web_json: the compact body, owned */
} sent;

unsigned http_error(struct http_request *req, unsigned status, const char *code,
                    const char *message)
{
    (void)req;
    sent.kind = 1;
    sent.status = status;
    snprintf(sent.code, sizeof(sent.code), "%s", code);
    snprintf(sent.message, sizeof(sent.message), "%s", message);
    return status;
}

unsigned web_json(struct http_request *req, unsigned status, json_t *v)
{
    (void)req;
    sent.kind = 2;
    sent.status = status;
    free(sent.json);
    sent.json = json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(v);
    return status;
}

static void reset(void)
{
    free(sent.json);
    memset(&sent, 0, sizeof(sent));
}

static void test_table(void **state)
{
    (void)state;
    static const struct {
        enum mc_status st;
        unsigned http;
        const char *code;
    } want[] = {
        {MC_ERR_INVALID, 422, "invalid"}, {MC_ERR_NOT_FOUND, 404, "not_found"},
        {MC_ERR_CONFLICT, 409, "conflict"}, {MC_ERR_UNAUTHORIZED, 401, "unauthorized"},
        {MC_ERR_FORBIDDEN, 403, "forbidden"}, {MC_ERR_TOO_LARGE, 422, "too_large"},
        {MC_ERR_RATE_LIMITED, 429, "rate_limited"}, {MC_ERR_IO, 500, "internal"},
        {MC_ERR_DB, 500, "internal"}, {MC_ERR_BUSY, 503, "busy"},
        {MC_ERR_INTERNAL, 500, "internal"}, {MC_OK, 500, "internal"},
        {(enum mc_status)99, 500, "internal"},
    };
    for (size_t i = 0; i < MC_ARRAY_LEN(want); i++) {
        const char *code = NULL;
        assert_int_equal(web_status_http(want[i].st, &code), want[i].http);
        assert_string_equal(code, want[i].code);
        /* Every status has a Vietnamese default. */
        assert_true(strlen(web_status_message(want[i].st, NULL, NULL)) > 0);
    }
    assert_int_equal(web_status_http(MC_ERR_NOT_FOUND, NULL), 404);
}

static void test_message_choice(void **state)
{
    (void)state;
    struct form_errors errs = {0};
    const struct web_says says = {.not_found = "Không có phản ánh với mã này",
                                  .conflict = "Không có câu trả lời chờ đánh giá",
                                  .failed = "Không lưu được, xin thử lại sau"};
    /* The handler's text for its status, the table's default for others. */
    assert_string_equal(web_status_message(MC_ERR_NOT_FOUND, &says, NULL),
                        "Không có phản ánh với mã này");
    assert_string_equal(web_status_message(MC_ERR_FORBIDDEN, &says, NULL),
                        "Bạn không có quyền thực hiện việc này");
    assert_string_equal(web_status_message(MC_ERR_BUSY, &says, NULL),
                        "Không lưu được, xin thử lại sau");
    assert_string_equal(web_status_message(MC_ERR_DB, NULL, NULL),
                        "Đã có lỗi xảy ra, xin thử lại sau");
    /* The domain's reason comes first for the client's faults ... */
    form_errors_add(&errs, "version", "Hồ sơ vừa được người khác cập nhật");
    assert_string_equal(web_status_message(MC_ERR_CONFLICT, &says, &errs),
                        "Hồ sơ vừa được người khác cập nhật");
    /* ... and never for the server's. */
    assert_string_equal(web_status_message(MC_ERR_IO, &says, &errs),
                        "Không lưu được, xin thử lại sau");
}

static void test_page_or_json(void **state)
{
    (void)state;
    struct http_route api_route = {.flags = R_API}, page_route = {.flags = 0};
    struct http_request req;
    struct form_errors errs = {0};
    memset(&req, 0, sizeof(req));
    /* A page: the error hook (which renders error.html) with status, code, message. */
    req.path = "/phan-anh/HD-1";
    req.route = &page_route;
    reset();
    assert_int_equal(web_fail(&req, MC_ERR_FORBIDDEN, &(const struct web_says){
                                  .forbidden = "Phản ánh này thuộc cơ quan khác"}, NULL),
                     403);
    assert_int_equal(sent.kind, 1);
    assert_string_equal(sent.code, "forbidden");
    assert_string_equal(sent.message, "Phản ánh này thuộc cơ quan khác");
    assert_false(web_is_api(&req));
    /* The API without field errors: the same hook (it answers JSON there). */
    req.path = "/api/v1/feedback/HD-1";
    req.route = &api_route;
    assert_true(web_is_api(&req));
    reset();
    assert_int_equal(web_fail(&req, MC_ERR_BUSY, NULL, NULL), 503);
    assert_int_equal(sent.kind, 1);
    assert_string_equal(sent.code, "busy");
    /* The API with field errors: JSON with every field. */
    form_errors_add(&errs, "contact", "số điện thoại không hợp lệ");
    form_errors_add(&errs, "body", "vui lòng nhập nội dung");
    reset();
    assert_int_equal(web_fail(&req, MC_ERR_INVALID, NULL, &errs), 422);
    assert_int_equal(sent.kind, 2);
    assert_string_equal(sent.json,
                        "{\"error\":{\"code\":\"invalid\",\"fields\":[{\"field\":\"contact\","
                        "\"message\":\"số điện thoại không hợp lệ\"},{\"field\":\"body\","
                        "\"message\":\"vui lòng nhập nội dung\"}],"
                        "\"message\":\"số điện thoại không hợp lệ\"}}");
    /* An empty list still says "fields" (clients read it on every 422). */
    form_errors_clear(&errs);
    reset();
    assert_int_equal(web_fail(&req, MC_ERR_INVALID, NULL, &errs), 422);
    assert_string_equal(sent.json, "{\"error\":{\"code\":\"invalid\",\"fields\":[],"
                                   "\"message\":\"Dữ liệu gửi lên không hợp lệ\"}}");
    /* A server fault never lists the domain's reasons. */
    form_errors_add(&errs, "x", "y");
    reset();
    assert_int_equal(web_fail(&req, MC_ERR_DB, NULL, &errs), 500);
    assert_int_equal(sent.kind, 1);
    /* A path under /api/ is the API whatever its route. */
    req.path = "/api/v1/unknown";
    req.route = NULL;
    assert_true(web_is_api(&req));
    reset();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table),
        cmocka_unit_test(test_message_choice),
        cmocka_unit_test(test_page_or_json),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
