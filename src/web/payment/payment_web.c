/* payment_web.c - the description of the payment pages (see payment_web.h). */
#include "web/app.h"
#include "web/payment/payment_web.h"

const struct web_module web_module_payment = {
    .name = "payment",
    WEB_ROUTE_FILES(&web_page_payment_routes),
};
