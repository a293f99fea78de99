/* page_home.c - the home page, the health check and "who am I". */
#include "web/app.h"
#include "web/site_web.h"

unsigned page_home(struct http_request *req)
{
    /* The layout adds " – Cổng dịch vụ công một cửa" to every title. */
    return web_page(req, 200, "home.html", "Trang chủ", json_object());
}

unsigned page_favicon(struct http_request *req)
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
unsigned api_healthz(struct http_request *req)
{
    struct web_ctx *c = web_ctx(req);
    bool ok = storage_answers(req);
    return web_json(req, ok ? 200 : 503,
                    json_pack("{s:s,s:s}", "status", ok ? "ok" : "unavailable", "storage",
                              c && c->db ? db_backend_name(c->db) : ""));
}

/* /readyz, for the load balancer: 200 while this server can serve requests. */
unsigned api_readyz(struct http_request *req)
{
    bool ok = storage_answers(req);
    return web_json(req, ok ? 200 : 503, json_pack("{s:b}", "ready", ok));
}

unsigned api_me(struct http_request *req)
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
