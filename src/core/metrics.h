/*
 * metrics.h - counters for /metrics in the Prometheus text format
 * (version 0.0.4): requests by route and status with their latency
 * histograms, background job runs and failures.  Gauges read at scrape
 * time (pool use, queue depths, last backup) are written by the caller
 * after metrics_render() with metrics_gauge().
 *
 * DESIGN
 * - One process-wide table under one mutex: a request adds one line's
 *   worth of numbers (a few hundred nanoseconds), a scrape copies them.
 * - Routes are the route table's patterns ("/thu-tuc/{code}"), never the
 *   request's path, so the label set stays bounded however many dossier
 *   codes people type; unmatched paths count under "(none)", static files
 *   under "/static".  A table past METRICS_ROUTES_MAX routes counts the
 *   rest under "(other)".
 * - Each app server reports its own numbers; Prometheus sums them.
 */
#ifndef MC_CORE_METRICS_H
#define MC_CORE_METRICS_H

#include <stdbool.h>
#include <stdint.h>
#include "core/buf.h"

#define METRICS_ROUTES_MAX 512
#define METRICS_JOBS_MAX 32

/*
 * Count one answered request: route is a pattern of the route table with
 * static storage (or NULL: "(none)"), method its HTTP method name, status
 * the HTTP status and us its duration in microseconds.  Thread-safe.
 */
void metrics_request(const char *route, const char *method, unsigned status, int64_t us);

/* Count one run of the job name (static storage); ok false for a failure. Thread-safe. */
void metrics_job(const char *name, bool ok);

/*
 * Append every counter and histogram to out in the Prometheus text format,
 * with their # HELP and # TYPE lines.  Thread-safe.
 */
void metrics_render(struct buf *out);

/* Append one gauge (with its # HELP and # TYPE lines) to out; labels may be NULL. */
void metrics_gauge(struct buf *out, const char *name, const char *help, const char *labels,
                   double value);

/* Forget every count (tests). */
void metrics_reset(void);

#endif
