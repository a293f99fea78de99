/* payment_web.c - the description of the payment pages (see payment_web.h). */
#include "web/app.h"
#include "web/payment/payment_web.h"

static const struct web_routes *const route_files[] = {
    &web_page_payment_routes,
};

const struct web_module web_module_payment = {
    .name = "payment",
    .route_files = WEB_LIST(route_files),
};
