/*
 * page_notify_templates.c - /quan-tri/mau-tin: the province admin edits the
 * texts of the transactional messages.  /quan-tri/mau-tin/{kind}: the
 * form; POST with "xem-truoc" previews (sample values filled in, the SMS's
 * encoding, length and parts, with and without diacritics), POST with
 * "luu" saves a new version (audited).  Unknown placeholders and over-long
 * SMS are refused with a Vietnamese message and nothing is saved.
 */
#include <stdio.h>
#include <string.h>
#include "web/app.h"
#include "web/notify/notify_web.h"
#include "core/vnfmt.h"
#include "domain/audit/audit.h"
#include "domain/notify/notify_templates.h"
#include "domain/notify/sms_text.h"

static unsigned page_templates(struct http_request *req)
{
    size_t n = 0;
    const struct notify_template_kind *k = notify_template_kinds(&n);
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++) {
        struct notify_template t;
        if (notify_template_get(web_ctx(req)->db, &k[i], &t) != MC_OK) {
            json_decref(items);
            return http_error(req, 503, "unavailable", "Hệ thống đang bận, xin thử lại sau.");
        }
        json_array_append_new(items, json_pack("{s:s,s:s,s:I,s:b}", "kind", k[i].kind, "name",
                                               k[i].name, "version", (json_int_t)t.version,
                                               "edited", t.version > 0));
    }
    return web_page(req, 200, "notify_templates.html", "Mẫu tin nhắn gửi người dân",
                    json_pack("{s:o}", "kinds", items));
}

/* The SMS figures of text: "UCS-2 (có dấu), 95 ký tự, 2 phần tin". */
static json_t *sms_figures(const char *text)
{
    struct sms_count c;
    char s[160];
    if (sms_count(text, &c) != MC_OK)
        return json_string("");
    snprintf(s, sizeof(s), "%s, %zu ký tự, %zu phần tin", c.ucs2 ? "UCS-2 (có dấu)" : "GSM-7",
             c.units, c.segments);
    return json_string(s);
}

static unsigned show_form(struct http_request *req, unsigned status,
                          const struct notify_template_kind *k, const char *subject,
                          const char *body, bool sms_plain, int64_t version, const char *error,
                          bool preview)
{
    json_t *ph = json_array();
    for (size_t i = 0; k->placeholders[i]; i++) {
        char label[64];
        snprintf(label, sizeof(label), "{%s}", k->placeholders[i]);
        json_array_append_new(ph, json_pack("{s:s,s:s}", "label", label, "sample",
                                            k->samples[i]));
    }
    json_t *data = json_pack("{s:s,s:s,s:s,s:s,s:s,s:b,s:I,s:o,s:b,s:b}", "csrf",
                             web_ctx(req)->csrf, "kind", k->kind, "name", k->name, "subject",
                             subject, "body", body, "sms_plain", sms_plain, "version",
                             (json_int_t)version, "placeholders", ph, "has_error",
                             error != NULL, "preview", preview);
    web_page_error(data, error);
    if (preview) {
        struct buf filled, plain;
        size_t n = 0;
        while (k->placeholders[n])
            n++;
        buf_init(&filled, 64 * 1024);
        buf_init(&plain, 64 * 1024);
        if (sms_template_fill(body, k->placeholders, k->samples, n, &filled) == MC_OK
            && sms_strip_diacritics(buf_cstr(&filled), &plain) == MC_OK) {
            json_object_set_new(data, "sample", json_string(buf_cstr(&filled)));
            json_object_set_new(data, "sample_plain", json_string(buf_cstr(&plain)));
            json_object_set_new(data, "sms", sms_figures(buf_cstr(&filled)));
            json_object_set_new(data, "sms_plain_figures", sms_figures(buf_cstr(&plain)));
        }
        buf_release(&filled);
        buf_release(&plain);
    }
    return web_page(req, status, "notify_template.html", "Sửa mẫu tin nhắn", data);
}

static const struct notify_template_kind *kind_of(struct http_request *req)
{
    const struct notify_template_kind *k = notify_template_kind_find(req->params[0]);
    if (!k)
        http_error(req, 404, "not_found", "Không có mẫu tin này.");
    return k;
}

static unsigned page_template(struct http_request *req)
{
    struct notify_template t;
    const struct notify_template_kind *k = kind_of(req);
    if (!k)
        return req->status;
    if (notify_template_get(web_ctx(req)->db, k, &t) != MC_OK)
        return http_error(req, 503, "unavailable", "Hệ thống đang bận, xin thử lại sau.");
    return show_form(req, 200, k, t.subject, t.body, t.sms_plain, t.version, NULL, false);
}

struct save_tx {
    struct http_request *req;
    const struct notify_template_kind *k;
    const char *subject, *body;
    bool sms_plain;
    int64_t version;
    char msg[240];
};

static enum mc_status save_tx(struct db *db, void *arg)
{
    struct save_tx *s = arg;
    struct web_ctx *c = web_ctx(s->req);
    char detail[80];
    enum mc_status st = notify_template_save(db, s->k, s->subject, s->body, s->sms_plain,
                                             c->session.user.id, &s->version, s->msg,
                                             sizeof(s->msg));
    snprintf(detail, sizeof(detail), "{\"version\":%lld}", (long long)s->version);
    if (st == MC_OK)
        st = audit_record(db, &c->actor, "notify.template", s->k->kind, detail);
    return st;
}

static unsigned page_template_post(struct http_request *req)
{
    const struct notify_template_kind *k = kind_of(req);
    const char *subject = http_arg(req, "subject"), *body = http_arg(req, "body");
    bool plain = http_arg(req, "sms_plain") != NULL;
    char msg[240];
    if (!k)
        return req->status;
    subject = subject ? subject : "";
    body = body ? body : "";
    if (notify_template_check(k, subject, body, msg, sizeof(msg)) != MC_OK)
        return show_form(req, 422, k, subject, body, plain, 0, msg, false);
    if (!http_arg(req, "luu"))
        return show_form(req, 200, k, subject, body, plain, 0, NULL, true);
    struct save_tx s = {.req = req, .k = k, .subject = subject, .body = body,
                        .sms_plain = plain};
    enum mc_status st = db_tx(web_ctx(req)->db, save_tx, &s);
    if (st == MC_ERR_INVALID)
        return show_form(req, 422, k, subject, body, plain, 0, s.msg, false);
    if (st != MC_OK)
        return http_error(req, 503, "unavailable", "Hệ thống đang bận, xin thử lại sau.");
    return http_redirect(req, "/quan-tri/mau-tin");
}

/* ---------------------------------------------------------------- routes */

static const struct http_route routes[] = {
    {HTTP_GET, "/quan-tri/mau-tin", page_templates, R_STAFF | R_PROVINCE, 0},
    {HTTP_GET, "/quan-tri/mau-tin/{kind}", page_template, R_STAFF | R_PROVINCE, 0},
    {HTTP_POST, "/quan-tri/mau-tin/{kind}", page_template_post, R_STAFF | R_PROVINCE,
     WEB_FORM_MAX},
};

const struct web_routes web_page_notify_templates_routes = WEB_ROUTES(routes);
