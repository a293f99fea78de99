/*
 * payment_web.h - paying a dossier's fee: starting a payment, the sandbox
 * gateway's pages and its server-to-server callback.
 */
#ifndef MC_WEB_PAYMENT_WEB_H
#define MC_WEB_PAYMENT_WEB_H

#include "web/module.h"

extern const struct web_module web_module_payment;

/* Handlers (page_payment.c). */
unsigned page_payment_start_post(struct http_request *req);
unsigned page_payment_sandbox(struct http_request *req);
unsigned page_payment_sandbox_post(struct http_request *req);
unsigned api_payment_sandbox_callback(struct http_request *req);

#endif
