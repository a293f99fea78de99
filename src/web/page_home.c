/* page_home.c - the home page, health, readiness, metrics and "who am I". */
#include "web/app.h"
#include "web/site_web.h"
#include "domain/notify/notify.h"
#include "core/backup.h"
#include "core/clock.h"
#include "domain/catalog/forms.h"
#include "core/metrics.h"

#define HOME_USED 6   /* most-used procedures on the home page */

static unsigned page_home(struct http_request *req)
{
    struct catalog_used used[HOME_USED];
    size_t n = 0;
    json_t *data = json_object(), *a = json_array();
    if (catalog_most_used(web_ctx(req)->db, HOME_USED, used, &n) != MC_OK)
        n = 0;   /* the page stands without the list */
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, json_pack("{s:s,s:s}", "code", used[i].code, "name",
                                           used[i].name));
    json_object_set_new(data, "has_used", json_boolean(n > 0));
    json_object_set_new(data, "used", a);
    /* The layout adds " – Cổng dịch vụ công một cửa" to every title. */
    return web_page(req, 200, "home.html", "Trang chủ", data);
}

/* /favicon.ico, asked for by browsers that ignore <link rel="icon">: the SVG icon. */
static unsigned page_favicon(struct http_request *req)
{
    http_add_header(req, "Cache-Control", "public, max-age=86400");
    return http_redirect(req, "/static/favicon.svg");
}

/* Whether storage answers now, on the request's connection. */
static bool storage_answers(struct http_request *req)
{
    struct web_ctx *c = web_ctx(req);
    return c && db_ping(c->db);
}

/*
 * /healthz: whether storage answers and which backend it is
 * ({"status":"ok","storage":"postgresql"}); 503 with "unavailable" when
 * the database does not answer (the guard already answers 503 when no
 * connection can be had).
 */
static unsigned api_healthz(struct http_request *req)
{
    struct web_ctx *c = web_ctx(req);
    bool ok = storage_answers(req);
    return web_json(req, ok ? 200 : 503,
                    json_pack("{s:s,s:s}", "status", ok ? "ok" : "unavailable", "storage",
                              c && c->db ? db_backend_name(c->db) : ""));
}

/* /readyz, for the load balancer: 200 while this server can serve requests. */
static unsigned api_readyz(struct http_request *req)
{
    bool ok = storage_answers(req);
    return web_json(req, ok ? 200 : 503, json_pack("{s:b}", "ready", ok));
}

/* Whether addr is one of list's addresses (separated by spaces or commas). */
static bool address_listed(const char *list, const char *addr)
{
    size_t n = strlen(addr);
    for (const char *p = list; addr[0] && *p;) {
        size_t len = strcspn(p, " ,");
        if (len == n && strncmp(p, addr, n) == 0)
            return true;
        p += len;
        p += strspn(p, " ,");
    }
    return false;
}

/* Gauges read now: the connection pool, the outbox and the newest scheduled backup. */
static void scrape_gauges(struct http_request *req, const struct app *app, struct buf *out)
{
    unsigned open = 0, idle = 0, peak = 0;
    struct notify_counts nc = {0};
    db_pool_usage(app->pool, &open, &idle, &peak);
    metrics_gauge(out, "motcua_db_pool_open", "Database connections open (taken and idle).",
                  NULL, open);
    metrics_gauge(out, "motcua_db_pool_in_use", "Database connections taken by requests"
                  " and jobs.", NULL, open - idle);
    metrics_gauge(out, "motcua_db_pool_peak", "Most database connections open at once.",
                  NULL, peak);
    bool up = storage_answers(req);
    metrics_gauge(out, "motcua_storage_up", "1 when the database answers.", NULL, up);
    if (up && notify_counts(web_ctx(req)->db, &nc) == MC_OK) {
        metrics_gauge(out, "motcua_outbox_pending", "Messages waiting in the outbox.", NULL,
                      (double)nc.pending);
        metrics_gauge(out, "motcua_outbox_failed", "Messages the outbox gave up on.", NULL,
                      (double)nc.failed);
    }
    int64_t backup_at = 0;
    if (app->cfg.backup_dir[0] && backup_newest(app->cfg.backup_dir, &backup_at) == MC_OK)
        metrics_gauge(out, "motcua_backup_age_seconds", "Seconds since the newest complete"
                      " backup in MOTCUA_BACKUP_DIR began.", NULL,
                      (double)(clock_now() - backup_at));
}

/*
 * /metrics in the Prometheus text format, for the addresses of
 * MOTCUA_METRICS_ALLOW only (others get the ordinary 404).
 */
static unsigned api_metrics(struct http_request *req)
{
    const struct app *app = req->app;
    if (!app || !address_listed(app->cfg.metrics_allow, req->client_addr ? req->client_addr : ""))
        return http_error(req, 404, "not_found", "Không tìm thấy trang bạn yêu cầu");
    struct buf out;
    buf_init(&out, BUF_MAX_PAGE);
    metrics_render(&out);
    scrape_gauges(req, app, &out);
    http_add_header(req, "Cache-Control", "no-store");
    return http_reply(req, 200, "text/plain; version=0.0.4; charset=utf-8", &out);
}

static unsigned api_me(struct http_request *req)
{
    const struct user *u = &web_ctx(req)->session.user;
    json_t *roles = json_array();
    for (unsigned r = 1; r <= ROLE_PROVINCE_ADMIN; r <<= 1)
        if (u->roles & r)
            json_array_append_new(roles, json_string(role_name(r)));
    return web_json(req, 200, json_pack("{s:I,s:s,s:s,s:s,s:o,s:s}", "id", (json_int_t)u->id,
                                        "login", u->login, "full_name", u->full_name,
                                        "role", user_role_label(u), "roles", roles,
                                        "agency", u->agency_code));
}

/* ---------------------------------------------------------------- routes */

static const struct http_route routes[] = {
    {HTTP_GET, "/", page_home, 0, 0},
    {HTTP_GET, "/healthz", api_healthz, R_API, 0},
    {HTTP_GET, "/readyz", api_readyz, R_API, 0},
    {HTTP_GET, "/metrics", api_metrics, R_API, 0},
    {HTTP_GET, "/favicon.ico", page_favicon, 0, 0},
    {HTTP_GET, "/api/v1/me", api_me, R_API | R_SIGNED_IN | R_COLLAB, 0},
};

const struct web_routes web_page_home_routes = WEB_ROUTES(routes);
