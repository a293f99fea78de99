/*
 * page_demo_inbox.c - /quan-tri/hop-thu-demo, the demo inbox: in `motcua
 * demo` no email or SMS leaves the machine (the demo gateway of
 * notify_config.demo takes them), so this page shows every message the
 * platform composed (newest first), with whom it was for, its state and
 * which gateway took it: the 20 newest, or the newest to an address
 * containing ?gui-toi=.  A newcomer finishes the anonymous
 * feedback flow with the code found here.  Outside the demo it is 404:
 * the outbox holds real people's contacts.
 */
#include <string.h>
#include "web/app.h"
#include "web/notify/notify_web.h"
#include "core/vnfmt.h"
#include "domain/notify/notify.h"

#define INBOX_SHOWN 20      /* messages listed, newest first */
#define INBOX_SEARCHED 1000 /* newest messages a search by recipient looks through */
#define INBOX_BODY_OPEN 400 /* longer texts (digests) are folded under "Xem nội dung" */

static unsigned page_demo_inbox(struct http_request *req)
{
    struct app *app = req->app;
    struct notify_message_list l;
    unsigned rc;
    if (!app->demo)
        return http_error(req, 404, "not_found", "Không tìm thấy trang này.");
    /* ?gui-toi=: only messages to an address containing what was typed */
    const char *to = http_arg(req, "gui-toi");
    bool search = to && *to;
    notify_message_list_init(&l);
    if (notify_list(web_ctx(req)->db, search ? INBOX_SEARCHED : INBOX_SHOWN, &l) != MC_OK) {
        rc = http_error(req, 503, "unavailable", "Hệ thống đang bận, xin thử lại sau.");
        goto out;
    }
    json_t *items = json_array();
    for (size_t i = 0; i < l.n && json_array_size(items) < INBOX_SHOWN; i++) {
        const struct notify_message *m = &l.items[i];
        if (search && !strstr(m->recipient, to))
            continue;
        char when[VNFMT_SIZE];
        json_array_append_new(items, json_pack(
            "{s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:b,s:b}", "id", (json_int_t)m->id, "channel",
            web_notify_channel_label(m->channel, false), "recipient", m->recipient, "subject",
            m->subject, "body", m->body, "created_at",
            vnfmt_datetime(when, sizeof(when), m->created_at), "state",
            notify_state_name(m->state), "demo",
            strcmp(m->provider, NOTIFY_DEMO_PROVIDER) == 0, "long",
            strlen(m->body) > INBOX_BODY_OPEN));
    }
    rc = web_page(req, 200, "demo_inbox.html", "Hộp thư thử nghiệm",
                  json_pack("{s:o,s:I,s:s,s:b}", "messages", items, "count",
                            (json_int_t)json_array_size(items), "to", search ? to : "",
                            "search", search));
out:
    notify_message_list_release(&l);
    return rc;
}

/* ---------------------------------------------------------------- routes */

static const struct http_route routes[] = {
    /* `motcua demo` only (404 otherwise): public, so that a visitor who sent
     * feedback without an account can read the code sent to them. */
    {HTTP_GET, "/quan-tri/hop-thu-demo", page_demo_inbox, 0, 0},
};

const struct web_routes web_page_demo_inbox_routes = WEB_ROUTES(routes);
