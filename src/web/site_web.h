/*
 * site_web.h - the web layer's own pages: the home page, the health and
 * readiness checks, "who am I" for scripts, and the staff home (/quan-tri), which
 * lists every module's staff entries (web/module.h).
 */
#ifndef MC_WEB_SITE_WEB_H
#define MC_WEB_SITE_WEB_H

#include "web/module.h"

/* The site's description: its routes and its two menu entries. */
extern const struct web_module web_module_site;

/* Handlers (page_home.c, page_admin.c). */
unsigned page_home(struct http_request *req);
/* /favicon.ico, asked for by browsers that ignore <link rel="icon">: the SVG icon. */
unsigned page_favicon(struct http_request *req);
unsigned api_healthz(struct http_request *req);
/* /readyz for the load balancer: 200 when storage answers, 503 otherwise. */
unsigned api_readyz(struct http_request *req);
/* /metrics (Prometheus text) for the addresses of MOTCUA_METRICS_ALLOW. */
unsigned api_metrics(struct http_request *req);
unsigned api_me(struct http_request *req);
unsigned page_admin(struct http_request *req);

#endif
