/*
 * payment_web.h - paying a dossier's fee: starting a payment, the sandbox
 * gateway's pages and its server-to-server callback.
 */
#ifndef MC_WEB_PAYMENT_WEB_H
#define MC_WEB_PAYMENT_WEB_H

#include "web/module.h"

extern const struct web_module web_module_payment;

/* The routes of each resource file, listed by the description. */
extern const struct web_routes web_page_payment_routes;

#endif
