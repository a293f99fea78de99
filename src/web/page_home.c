/* page_home.c - the home page, the health check and "who am I". */
#include "web/app.h"
#include "web/site_web.h"

static unsigned page_home(struct http_request *req)
{
    /* The layout adds " – Cổng dịch vụ công một cửa" to every title. */
    return web_page(req, 200, "home.html", "Trang chủ", json_object());
}

/* /favicon.ico, asked for by browsers that ignore <link rel="icon">: the SVG icon. */
static unsigned page_favicon(struct http_request *req)
{
    http_add_header(req, "Cache-Control", "public, max-age=86400");
    return http_redirect(req, "/static/favicon.svg");
}

static unsigned api_healthz(struct http_request *req)
{
    static const char ok[] = "{\"status\":\"ok\"}";
    return http_reply_static(req, 200, "application/json", ok, sizeof(ok) - 1);
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
    {HTTP_GET, "/favicon.ico", page_favicon, 0, 0},
    {HTTP_GET, "/api/v1/me", api_me, R_API | R_SIGNED_IN | R_COLLAB, 0},
};

const struct web_routes web_page_home_routes = WEB_ROUTES(routes);
