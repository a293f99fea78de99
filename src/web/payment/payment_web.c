/* payment_web.c - the description of the payment pages (see payment_web.h). */
#include "web/app.h"
#include "web/payment/payment_web.h"

static const struct http_route routes[] = {
    {HTTP_POST, "/ho-so/{code}/thanh-toan", page_payment_start_post, R_SIGNED_IN,
     WEB_FORM_MAX},
    {HTTP_GET, "/thanh-toan-thu/{ref}", page_payment_sandbox, 0, 0},
    {HTTP_POST, "/thanh-toan-thu/{ref}", page_payment_sandbox_post, 0, WEB_FORM_MAX},
    {HTTP_POST, "/api/v1/payments/sandbox/callback", api_payment_sandbox_callback,
     R_API | R_NO_CSRF, WEB_FORM_MAX},
};

const struct web_module web_module_payment = {
    .name = "payment",
    .routes = WEB_LIST(routes),
};
