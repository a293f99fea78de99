/*
 * page_notify_sent.c - /quan-tri/tin-da-gui: the messages the platform sent
 * because of what the signed-in officer did (a dossier they handle), with
 * where each stands and, when a channel failed, why in plain Vietnamese
 * ("Số điện thoại không nhận được tin Zalo; đã gửi SMS thay thế.").
 * Numbers and addresses are shown masked: the officer needs to know that
 * the person was reached, not how.
 */
#include <stdio.h>
#include <string.h>
#include "web/app.h"
#include "web/notify/notify_web.h"
#include "core/vnfmt.h"
#include "domain/notify/notify.h"

/* "0912345678" -> "091*****78"; "an@example.vn" -> "a***@example.vn". */
static void mask(const char *s, char *out, size_t size)
{
    const char *at = strchr(s, '@');
    size_t n = strlen(s);
    if (at)
        snprintf(out, size, "%.1s***%s", s, at);
    else if (n > 5)
        snprintf(out, size, "%.3s*****%s", s, s + n - 2);
    else
        snprintf(out, size, "*****");
}

static unsigned page_notify_sent(struct http_request *req)
{
    struct web_ctx *c = web_ctx(req);
    struct notify_message_list l;
    unsigned rc;
    notify_message_list_init(&l);
    if (notify_list_actor(c->db, c->session.user.id, &l) != MC_OK) {
        rc = http_error(req, 503, "unavailable", "Hệ thống đang bận, xin thử lại sau.");
        goto out;
    }
    json_t *items = json_array();
    for (size_t i = 0; i < l.n; i++) {
        const struct notify_message *m = &l.items[i];
        char when[VNFMT_SIZE], to[320];
        mask(m->recipient, to, sizeof(to));
        json_array_append_new(items, json_pack(
            "{s:s,s:s,s:s,s:s,s:s,s:s,s:b}", "channel", web_notify_channel_label(m->channel, true),
            "to", to, "ref", m->ref ? m->ref : "", "when",
            vnfmt_datetime(when, sizeof(when), m->created_at), "state",
            notify_state_name(m->state), "reason", m->reason, "failed",
            m->state == NOTIFY_FAILED));
    }
    rc = web_page(req, 200, "notify_sent.html", "Tin đã gửi cho người dân",
                  json_pack("{s:o,s:b}", "messages", items, "none", l.n == 0));
out:
    notify_message_list_release(&l);
    return rc;
}

/* ---------------------------------------------------------------- routes */

static const struct http_route routes[] = {
    {HTTP_GET, "/quan-tri/tin-da-gui", page_notify_sent, R_STAFF, 0},
};

const struct web_routes web_page_notify_sent_routes = WEB_ROUTES(routes);
