/* metrics.c - counters for /metrics in the Prometheus text format (see metrics.h). */
#include <pthread.h>
#include <string.h>
#include "core/metrics.h"

/* Upper bounds of the latency buckets, in seconds (the last one, +Inf, is implied). */
static const double bucket_le[] = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
#define NBUCKETS (sizeof(bucket_le) / sizeof(bucket_le[0]))
#define STATUSES_MAX 8   /* distinct statuses kept per route; more count as the last one */

struct route_stat {
    const char *route;            /* NULL: slot free */
    const char *method;
    unsigned status[STATUSES_MAX];
    uint64_t count[STATUSES_MAX];
    unsigned nstatus;
    uint64_t bucket[NBUCKETS];    /* requests at or under bucket_le[i] */
    uint64_t total;
    double seconds;
};

struct job_stat {
    const char *name;
    uint64_t runs, failures;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct route_stat routes[METRICS_ROUTES_MAX];
static struct job_stat jobs[METRICS_JOBS_MAX];

/* The slot of (route, method); the last slot takes every route past the table's size. */
static struct route_stat *route_slot(const char *route, const char *method)
{
    size_t i = 0;
    for (; i < METRICS_ROUTES_MAX - 1 && routes[i].route; i++)
        if (strcmp(routes[i].route, route) == 0 && strcmp(routes[i].method, method) == 0)
            return &routes[i];
    if (i == METRICS_ROUTES_MAX - 1) {
        route = "(other)";
        method = "";
    }
    routes[i].route = route;
    routes[i].method = method;
    return &routes[i];
}

void metrics_request(const char *route, const char *method, unsigned status, int64_t us)
{
    double s = (double)us / 1e6;
    pthread_mutex_lock(&lock);
    struct route_stat *r = route_slot(route ? route : "(none)", method ? method : "");
    unsigned k = 0;
    while (k < r->nstatus && r->status[k] != status)
        k++;
    if (k == r->nstatus && k < STATUSES_MAX)
        r->status[r->nstatus++] = status;
    if (k == STATUSES_MAX)
        k = STATUSES_MAX - 1;
    r->count[k]++;
    for (size_t b = 0; b < NBUCKETS; b++)
        if (s <= bucket_le[b])
            r->bucket[b]++;
    r->total++;
    r->seconds += s;
    pthread_mutex_unlock(&lock);
}

void metrics_job(const char *name, bool ok)
{
    pthread_mutex_lock(&lock);
    size_t i = 0;
    while (i < METRICS_JOBS_MAX - 1 && jobs[i].name && strcmp(jobs[i].name, name) != 0)
        i++;
    if (!jobs[i].name)
        jobs[i].name = name;
    jobs[i].runs++;
    jobs[i].failures += !ok;
    pthread_mutex_unlock(&lock);
}

/* Append s as a label value: backslash, double quote and newline escaped. */
static void add_label(struct buf *out, const char *s)
{
    for (; *s; s++) {
        if (*s == '\\' || *s == '"')
            buf_addf(out, "\\%c", *s);
        else if (*s == '\n')
            buf_adds(out, "\\n");
        else
            buf_add(out, s, 1);
    }
}

/* The start of a series of route r: `name{route="R",method="M` (the caller closes it). */
static void route_series(struct buf *out, const char *name, const struct route_stat *r)
{
    buf_addf(out, "%s{route=\"", name);
    add_label(out, r->route);
    buf_adds(out, "\",method=\"");
    add_label(out, r->method);
}

static void render_requests(struct buf *out, const struct route_stat *copy)
{
    buf_adds(out, "# HELP motcua_http_requests_total HTTP requests answered, by route,"
                  " method and status.\n# TYPE motcua_http_requests_total counter\n");
    for (size_t i = 0; i < METRICS_ROUTES_MAX && copy[i].route; i++)
        for (unsigned k = 0; k < copy[i].nstatus; k++) {
            route_series(out, "motcua_http_requests_total", &copy[i]);
            buf_addf(out, "\",status=\"%u\"} %llu\n", copy[i].status[k],
                     (unsigned long long)copy[i].count[k]);
        }
    buf_adds(out, "# HELP motcua_http_request_duration_seconds Time to answer a request,"
                  " by route.\n# TYPE motcua_http_request_duration_seconds histogram\n");
    for (size_t i = 0; i < METRICS_ROUTES_MAX && copy[i].route; i++) {
        const struct route_stat *r = &copy[i];
        for (size_t b = 0; b <= NBUCKETS; b++) {
            route_series(out, "motcua_http_request_duration_seconds_bucket", r);
            if (b < NBUCKETS)
                buf_addf(out, "\",le=\"%g\"} %llu\n", bucket_le[b],
                         (unsigned long long)r->bucket[b]);
            else
                buf_addf(out, "\",le=\"+Inf\"} %llu\n", (unsigned long long)r->total);
        }
        route_series(out, "motcua_http_request_duration_seconds_sum", r);
        buf_addf(out, "\"} %.6f\n", r->seconds);
        route_series(out, "motcua_http_request_duration_seconds_count", r);
        buf_addf(out, "\"} %llu\n", (unsigned long long)r->total);
    }
}

/* One counter of the jobs: their runs, or (failures) the runs that failed. */
static void render_job_counter(struct buf *out, const struct job_stat *copy, const char *name,
                               const char *help, bool failures)
{
    buf_addf(out, "# HELP %s %s\n# TYPE %s counter\n", name, help, name);
    for (size_t i = 0; i < METRICS_JOBS_MAX && copy[i].name; i++) {
        buf_addf(out, "%s{job=\"", name);
        add_label(out, copy[i].name);
        buf_addf(out, "\"} %llu\n",
                 (unsigned long long)(failures ? copy[i].failures : copy[i].runs));
    }
}

static void render_jobs(struct buf *out, const struct job_stat *copy)
{
    render_job_counter(out, copy, "motcua_job_runs_total",
                       "Background job runs on this server.", false);
    render_job_counter(out, copy, "motcua_job_failures_total",
                       "Background job runs that failed.", true);
}

void metrics_render(struct buf *out)
{
    static struct route_stat copy[METRICS_ROUTES_MAX];
    static struct job_stat jcopy[METRICS_JOBS_MAX];
    static pthread_mutex_t render_lock = PTHREAD_MUTEX_INITIALIZER;
    /* One scrape at a time copies the table (static: 100 kB off the stack). */
    pthread_mutex_lock(&render_lock);
    pthread_mutex_lock(&lock);
    memcpy(copy, routes, sizeof(copy));
    memcpy(jcopy, jobs, sizeof(jcopy));
    pthread_mutex_unlock(&lock);
    render_requests(out, copy);
    render_jobs(out, jcopy);
    pthread_mutex_unlock(&render_lock);
}

void metrics_gauge(struct buf *out, const char *name, const char *help, const char *labels,
                   double value)
{
    buf_addf(out, "# HELP %s %s\n# TYPE %s gauge\n%s%s%s%s %.17g\n", name, help, name, name,
             labels ? "{" : "", labels ? labels : "", labels ? "}" : "", value);
}

void metrics_reset(void)
{
    pthread_mutex_lock(&lock);
    memset(routes, 0, sizeof(routes));
    memset(jobs, 0, sizeof(jobs));
    pthread_mutex_unlock(&lock);
}
