/* test_metrics.c - unit tests for core/metrics (the Prometheus text of /metrics). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/metrics.h"

/* The value of the sample line that starts with series + " ", or -1. */
static double sample(const char *text, const char *series)
{
    size_t n = strlen(series);
    for (const char *p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
        if (strncmp(p, series, n) == 0 && p[n] == ' ')
            return strtod(p + n + 1, NULL);
    return -1;
}

static void render(struct buf *out)
{
    buf_init(out, BUF_MAX_PAGE);
    metrics_render(out);
}

static void test_requests_by_route_and_status(void **state)
{
    (void)state;
    struct buf out;
    metrics_reset();
    metrics_request("/thu-tuc/{code}", "GET", 200, 3000);      /* 3 ms */
    metrics_request("/thu-tuc/{code}", "GET", 200, 40000);     /* 40 ms */
    metrics_request("/thu-tuc/{code}", "GET", 404, 20000000);  /* 20 s: only +Inf */
    metrics_request(NULL, "GET", 404, 100);
    render(&out);
    const char *t = buf_cstr(&out);
    assert_non_null(strstr(t, "# TYPE motcua_http_requests_total counter\n"));
    assert_true(sample(t, "motcua_http_requests_total{route=\"/thu-tuc/{code}\",method=\"GET\","
                          "status=\"200\"}") == 2);
    assert_true(sample(t, "motcua_http_requests_total{route=\"/thu-tuc/{code}\",method=\"GET\","
                          "status=\"404\"}") == 1);
    assert_true(sample(t, "motcua_http_requests_total{route=\"(none)\",method=\"GET\","
                          "status=\"404\"}") == 1);
    /* Buckets are cumulative: 1 under 5 ms, 2 under 50 ms, 2 under 10 s, 3 in all. */
    assert_true(sample(t, "motcua_http_request_duration_seconds_bucket{route=\"/thu-tuc/{code}\","
                          "method=\"GET\",le=\"0.005\"}") == 1);
    assert_true(sample(t, "motcua_http_request_duration_seconds_bucket{route=\"/thu-tuc/{code}\","
                          "method=\"GET\",le=\"0.05\"}") == 2);
    assert_true(sample(t, "motcua_http_request_duration_seconds_bucket{route=\"/thu-tuc/{code}\","
                          "method=\"GET\",le=\"10\"}") == 2);
    assert_true(sample(t, "motcua_http_request_duration_seconds_bucket{route=\"/thu-tuc/{code}\","
                          "method=\"GET\",le=\"+Inf\"}") == 3);
    assert_true(sample(t, "motcua_http_request_duration_seconds_count{route=\"/thu-tuc/{code}\","
                          "method=\"GET\"}") == 3);
    double sum = sample(t, "motcua_http_request_duration_seconds_sum{route=\"/thu-tuc/{code}\","
                           "method=\"GET\"}");
    assert_true(sum > 20.04 && sum < 20.05);
    buf_release(&out);
}

static void test_jobs_and_gauges(void **state)
{
    (void)state;
    struct buf out;
    metrics_reset();
    metrics_job("deadlines", true);
    metrics_job("deadlines", false);
    metrics_job("outbox", true);
    render(&out);
    metrics_gauge(&out, "motcua_db_pool_open", "Connections open.", NULL, 3);
    metrics_gauge(&out, "motcua_x", "With labels.", "kind=\"a\"", 1.5);
    const char *t = buf_cstr(&out);
    assert_true(sample(t, "motcua_job_runs_total{job=\"deadlines\"}") == 2);
    assert_true(sample(t, "motcua_job_failures_total{job=\"deadlines\"}") == 1);
    assert_true(sample(t, "motcua_job_failures_total{job=\"outbox\"}") == 0);
    assert_non_null(strstr(t, "# TYPE motcua_db_pool_open gauge\nmotcua_db_pool_open 3\n"));
    assert_true(sample(t, "motcua_x{kind=\"a\"}") == 1.5);
    buf_release(&out);
}

/* Label values are escaped, and the table never grows past its size. */
static void test_escaping_and_overflow(void **state)
{
    (void)state;
    static char names[METRICS_ROUTES_MAX + 10][24];
    struct buf out;
    metrics_reset();
    metrics_request("/a\"b\\c", "GET", 200, 1);
    for (size_t i = 0; i < METRICS_ROUTES_MAX + 10; i++) {
        snprintf(names[i], sizeof(names[i]), "/r%zu", i);
        metrics_request(names[i], "GET", 200, 1);
    }
    render(&out);
    const char *t = buf_cstr(&out);
    assert_non_null(strstr(t, "route=\"/a\\\"b\\\\c\""));
    assert_true(sample(t, "motcua_http_requests_total{route=\"(other)\",method=\"\","
                          "status=\"200\"}") == 12);
    buf_release(&out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_requests_by_route_and_status),
        cmocka_unit_test(test_jobs_and_gauges),
        cmocka_unit_test(test_escaping_and_overflow),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
