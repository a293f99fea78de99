/*
 * notify_web.h - the notify module's pages: the demo inbox
 * (/quan-tri/hop-thu-demo), every message the platform would have sent,
 * in `motcua demo` only; the gateways' receipts and incoming SMS
 * (/api/notify/...), the opt-out link (/tu-choi-tin) and a person's
 * choices about messages (/tai-khoan/nhan-tin); an officer's view of
 * the messages their work sent and why any failed (/quan-tri/tin-da-gui);
 * the province admin's message templates (/quan-tri/mau-tin).
 */
#ifndef MC_WEB_NOTIFY_WEB_H
#define MC_WEB_NOTIFY_WEB_H

#include <stdbool.h>
#include "web/module.h"
#include "domain/notify/notify.h"

extern const struct web_module web_module_notify;

/* The routes of each resource file, listed by the description. */
extern const struct web_routes web_page_demo_inbox_routes;
extern const struct web_routes web_api_notify_receipts_routes;
extern const struct web_routes web_page_notify_prefs_routes;
extern const struct web_routes web_page_notify_sent_routes;
extern const struct web_routes web_page_notify_templates_routes;

/*
 * How the pages name channel ch: "Tin nhắn SMS", "Tin nhắn Zalo" ("Tin
 * Zalo" when brief), "Thư điện tử".  Static strings.
 */
const char *web_notify_channel_label(enum notify_channel ch, bool brief);

#endif
