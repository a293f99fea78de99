/*
 * page_campaign.c - chiến dịch nhắn tin: the list and the form that builds
 * a campaign (event presets, audience, channel, message, link, control
 * group, schedule, throttle), the campaign page (audience size, approval
 * by a leader, test send, sending, results by commune, xlsx), the prices
 * per channel, and the short links /l/<token>.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "web/app.h"
#include "web/reply.h"
#include "web/options.h"
#include "web/campaign/campaign_web.h"
#include "core/text.h"
#include "core/vnfmt.h"
#include "domain/campaign/campaign.h"
#include "domain/units/unit.h"

#define CAMPAIGN_FORM_MAX (8L << 20)   /* the form with a pasted list */

static const struct user *staff_user(struct http_request *req)
{
    return &web_ctx(req)->session.user;
}

static struct app *app_of(struct http_request *req)
{
    return req->app;
}

static void keys_of(struct http_request *req, struct campaign_keys *k)
{
    campaign_keys_from(&app_of(req)->notify, k);
}

static json_t *num(int64_t v)
{
    char s[VNFMT_SIZE];
    return json_string(vnfmt_int(s, sizeof(s), v));
}

/* "12,5%", or "chưa có dữ liệu" when the group it is a share of is empty. */
static json_t *pct(double v, int64_t of)
{
    char n[VNFMT_SIZE], s[VNFMT_SIZE + 1];
    if (of <= 0)
        return json_string(VNFMT_NO_DATA);
    snprintf(s, sizeof(s), "%s%%", vnfmt_decimal(n, sizeof(n), v, 1));
    return json_string(s);
}

static json_t *day(int64_t t)
{
    char s[VNFMT_SIZE];
    return json_string(t ? vnfmt_date(s, sizeof(s), t) : "");
}

static const char *channel_name(const char *ch)
{
    if (strcmp(ch, "sms") == 0)
        return "SMS";
    if (strcmp(ch, "zalo") == 0)
        return "Zalo";
    return "Thư điện tử";
}

static json_t *row_json(const struct campaign *c)
{
    json_t *o = json_pack("{s:I,s:s,s:s,s:s,s:s,s:s}", "id", (json_int_t)c->id, "name",
                          c->name, "agency", c->agency_name, "state", c->state, "state_name",
                          campaign_state_name(c->state), "channel", channel_name(c->channel));
    json_object_set_new(o, "size", num(c->size));
    json_object_set_new(o, "created", day(c->created_at));
    return o;
}

/* ---------------------------------------------------------------- list, form */

static const char *const AUD_KEYS[] = {"counter_online", "drafts", "commune", "age",
                                       "business", "list", NULL};

static unsigned list_page(struct http_request *req, unsigned status,
                          const struct form_errors *errs)
{
    static const char *const channels[] = {"sms", "zalo", "email", NULL};
    struct web_ctx *c = web_ctx(req);
    const struct user *u = staff_user(req);
    struct campaign_list l;
    size_t np = 0;
    enum mc_status st = campaign_list_for(c->db, u, &l);
    if (st != MC_OK) {
        campaign_list_release(&l);
        return web_fail(req, st, &(const struct web_says){
            .forbidden = "Chỉ quản trị và lãnh đạo cơ quan xem được các chiến dịch nhắn tin",
            .failed = "Không đọc được danh sách chiến dịch"}, NULL);
    }
    /* ?loc=cho-duyet (the staff home's link): only what u may approve now */
    const char *loc = http_arg(req, "loc");
    bool waiting = loc && strcmp(loc, "cho-duyet") == 0;
    json_t *rows = json_array();
    for (size_t i = 0; i < l.n; i++)
        if (!waiting || (strcmp(l.items[i].state, "draft") == 0
                         && campaign_may_approve(u, &l.items[i])))
            json_array_append_new(rows, row_json(&l.items[i]));
    bool posted = req->method == HTTP_POST;
    const struct campaign_preset *pre = campaign_preset_find(http_arg(req, "mau"));
    const struct campaign_preset *ps = campaign_presets(&np);
    json_t *presets = json_array();
    for (size_t i = 0; i < np; i++)
        json_array_append_new(presets, json_pack("{s:s,s:s}", "key", ps[i].key, "name",
                                                 ps[i].name));
    const char *aud = posted ? web_arg_or(req, "audience", "") : "counter_online";
    const char *ch = posted ? web_arg_or(req, "channel", "") : "sms";
    json_t *form = json_pack(
        "{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s}", "name",
        posted ? web_arg_or(req, "name", "") : pre ? pre->name : "", "event",
        posted ? web_arg_or(req, "event", "") : pre ? pre->key : "", "subject",
        posted ? web_arg_or(req, "subject", "") : pre ? pre->subject : "", "body",
        posted ? web_arg_or(req, "body", "") : pre ? pre->body : "", "target_path",
        posted ? web_arg_or(req, "target_path", "/") : "/thu-tuc", "age",
        posted ? web_arg_or(req, "age", "") : "", "list",
        posted ? web_arg_or(req, "list", "") : "", "control_pct",
        posted ? web_arg_or(req, "control_pct", "") : "10", "window_days",
        posted ? web_arg_or(req, "window_days", "") : "30", "throttle",
        posted ? web_arg_or(req, "throttle", "") : "0", "send_at",
        posted ? web_arg_or(req, "send_at", "") : "", "x", "");
    json_object_set_new(form, "audiences",
                        web_choices(AUD_KEYS, campaign_audience_name, "name", aud));
    json_object_set_new(form, "channels",
                        web_choices(channels, channel_name, "name", ch));
    bool province = (u->roles & ROLE_PROVINCE_ADMIN) != 0;
    json_t *prices = json_array();
    for (size_t i = 0; channels[i]; i++) {
        int64_t dong = 0;
        if (campaign_price_get(c->db, channels[i], &dong) != MC_OK)
            dong = 0;
        json_array_append_new(prices, json_pack("{s:s,s:s,s:I}", "key", channels[i], "name",
                                                channel_name(channels[i]), "dong",
                                                (json_int_t)dong));
    }
    bool empty = json_array_size(rows) == 0;
    json_t *data = json_pack("{s:o,s:b,s:o,s:o,s:b,s:b,s:o}", "campaigns", rows, "empty", empty,
                             "form", form, "presets", presets, "province", province, "admin",
                             campaign_is_admin(u), "prices", prices);
    const char *agency = posted ? http_arg(req, "agency") : NULL;
    json_object_set_new(data, "agencies", web_agency_options(c->db, agency, 0));
    json_object_set_new(data, "communes",
                        web_commune_options(c->db, posted ? http_arg(req, "commune") : NULL));
    const char *done = http_arg(req, "xong");
    if (done && strcmp(done, "gia") == 0)
        json_object_set_new(data, "notice", json_string("Đã lưu giá mỗi tin."));
    json_object_set_new(data, "waiting", json_boolean(waiting));
    json_object_set_new(data, "waiting_count", json_integer((json_int_t)json_array_size(rows)));
    web_form_errors(data, errs);
    campaign_list_release(&l);
    return web_page(req, status, "admin_campaign_list.html", "Chiến dịch nhắn tin", data);
}

static unsigned page_campaigns(struct http_request *req)
{
    return list_page(req, 200, NULL);
}

/* The audience's detail: the commune chosen or the ages typed, by audience. */
static const char *audience_arg(struct http_request *req)
{
    const char *aud = web_arg_or(req, "audience", "");
    if (strcmp(aud, "commune") == 0)
        return http_arg(req, "commune");
    return strcmp(aud, "age") == 0 ? http_arg(req, "age") : NULL;
}

/*
 * The list of a list audience: the CSV file chosen (field list_file), else
 * the text pasted (field list).  A file must be UTF-8; problems go to errs.
 */
static enum mc_status list_of(struct http_request *req, struct buf *file, const char **list,
                              size_t *len, struct form_errors *errs)
{
    bool chosen = false;
    enum mc_status st = web_upload_read(req, "list_file", file, &chosen);
    *list = http_arg(req, "list");
    *len = *list ? strlen(*list) : 0;
    if (st == MC_ERR_TOO_LARGE)
        form_errors_add(errs, "list_file", "Tệp danh sách lớn quá 8 MB: hãy chia thành nhiều "
                        "chiến dịch");
    else if (st == MC_OK && chosen && !text_utf8_valid(file->data, file->len))
        form_errors_add(errs, "list_file", "Tệp danh sách phải là CSV mã hóa UTF-8 (trong "
                        "Excel: Lưu thành, chọn \"CSV UTF-8\")");
    else if (st == MC_OK && chosen) {
        *list = file->data;
        *len = file->len;
    }
    return st == MC_ERR_TOO_LARGE ? MC_ERR_INVALID : st;
}

static unsigned page_campaign_create(struct http_request *req)
{
    struct web_ctx *c = web_ctx(req);
    struct form_errors errs = {0};
    struct campaign_keys k;
    struct buf file;
    int64_t id = 0;
    const char *list = NULL;
    size_t list_len = 0;
    buf_init(&file, CAMPAIGN_FORM_MAX);
    enum mc_status st = list_of(req, &file, &list, &list_len, &errs);
    if (st == MC_OK && errs.count)
        st = MC_ERR_INVALID;
    struct campaign_input in = {
        .name = http_arg(req, "name"), .agency_code = http_arg(req, "agency"),
        .event = http_arg(req, "event"), .audience = http_arg(req, "audience"),
        .audience_arg = audience_arg(req), .list = list,
        .list_len = list_len, .channel = http_arg(req, "channel"),
        .subject = http_arg(req, "subject"), .body = http_arg(req, "body"),
        .target_path = http_arg(req, "target_path"), .control_pct = http_arg(req, "control_pct"),
        .window_days = http_arg(req, "window_days"), .throttle = http_arg(req, "throttle"),
        .send_at = http_arg(req, "send_at"),
    };
    keys_of(req, &k);
    if (st == MC_OK)
        st = campaign_create(c->db, &k, staff_user(req), &in, &c->actor, &errs, &id);
    buf_release(&file);
    if (st == MC_OK)
        return http_redirect(req, arena_printf(req->arena, "/quan-tri/chien-dich/%lld?xong=moi",
                                               (long long)id));
    if (st == MC_ERR_INVALID)
        return list_page(req, 422, &errs);
    return web_fail(req, st, &(const struct web_says){
        .forbidden = "Chỉ quản trị cấp tỉnh hoặc quản trị cơ quan được tạo chiến dịch",
        .failed = "Không lưu được, xin thử lại sau"}, NULL);
}

static unsigned page_campaign_price(struct http_request *req)
{
    struct web_ctx *c = web_ctx(req);
    enum mc_status st = campaign_price_set(c->db, staff_user(req), http_arg(req, "channel"),
                                           http_arg(req, "dong"), &c->actor);
    if (st == MC_OK)
        return http_redirect(req, "/quan-tri/chien-dich?xong=gia");
    return web_fail(req, st, &(const struct web_says){
        .invalid = "Giá mỗi tin là số đồng từ 0 đến 1.000.000",
        .forbidden = "Chỉ quản trị cấp tỉnh đặt được giá mỗi tin",
        .failed = "Không lưu được, xin thử lại sau"}, NULL);
}

/* ---------------------------------------------------------------- one campaign */

/* One row of figures; before sending (!started) no share is shown. */
static json_t *figures_json(const struct campaign_figures *f, bool started)
{
    json_t *o = json_pack("{s:s}", "unit", f->unit_name);
    json_object_set_new(o, "treated", num(f->treated));
    json_object_set_new(o, "control", num(f->control));
    json_object_set_new(o, "queued", num(f->queued));
    json_object_set_new(o, "sent", num(f->sent));
    json_object_set_new(o, "delivered", num(f->delivered));
    json_object_set_new(o, "failed", num(f->failed));
    json_object_set_new(o, "clicks", num(f->clicks));
    json_object_set_new(o, "conv_treated", num(f->conv_treated));
    json_object_set_new(o, "conv_control", num(f->conv_control));
    json_object_set_new(o, "rate_treated", pct(f->rate_treated, started ? f->treated : 0));
    json_object_set_new(o, "rate_control", pct(f->rate_control, started ? f->control : 0));
    /* the difference of two shares: only when both groups have people */
    char n[VNFMT_SIZE], s[VNFMT_SIZE + 32];
    if (started && f->treated > 0 && f->control > 0)
        snprintf(s, sizeof(s), "%s điểm phần trăm", vnfmt_decimal(n, sizeof(n), f->uplift, 1));
    else
        snprintf(s, sizeof(s), "%s", VNFMT_NO_DATA);
    json_object_set_new(o, "uplift", json_string(s));
    return o;
}

static unsigned load(struct http_request *req, struct campaign *cm)
{
    int64_t id = 0;
    enum mc_status st = MC_ERR_NOT_FOUND;
    if (text_parse_id(req->params[0], &id))
        st = campaign_get(web_ctx(req)->db, staff_user(req), id, cm);
    if (st == MC_OK)
        return 0;
    return web_fail(req, st, &(const struct web_says){
        .not_found = "Không có chiến dịch này",
        .forbidden = "Chiến dịch này thuộc cơ quan khác",
        .failed = "Không đọc được chiến dịch"}, NULL);
}

/* What the audience's detail says to staff: a commune by name, or the ages. */
static json_t *audience_detail(struct db *db, const struct campaign *cm)
{
    struct unit u;
    json_t *s;
    if (strcmp(cm->audience, "commune") != 0)
        return json_string(cm->audience_arg);
    unit_init(&u);
    s = json_string(unit_get(db, cm->audience_arg, &u) == MC_OK ? u.full_name
                                                                 : "không rõ xã, phường");
    unit_release(&u);
    return s;
}

static unsigned campaign_page(struct http_request *req, unsigned status, const char *problem)
{
    static const struct {
        const char *key, *text;
    } notices[] = {
        {"moi", "Đã tạo chiến dịch. Chờ lãnh đạo cơ quan duyệt trước khi gửi."},
        {"duyet", "Đã duyệt chiến dịch."},
        {"gui", "Đã bắt đầu gửi: tin được xếp vào hàng đợi theo từng đợt."},
        {"thu", "Đã gửi thử đến địa chỉ của bạn."},
        {"huy", "Đã hủy chiến dịch."},
    };
    struct web_ctx *c = web_ctx(req);
    const struct user *u = staff_user(req);
    struct campaign cm;
    struct campaign_results r;
    unsigned fail = load(req, &cm);
    if (fail)
        return fail;
    enum mc_status st = campaign_results(c->db, &cm, &r);
    if (st != MC_OK) {
        campaign_results_release(&r);
        return web_fail(req, st, &(const struct web_says){.failed = "Không đọc được kết quả"},
                        NULL);
    }
    const char *event = "";
    const struct campaign_preset *p = campaign_preset_find(cm.event);
    if (p)
        event = p->name;
    json_t *camp = row_json(&cm);
    json_object_set_new(camp, "audience", json_string(campaign_audience_name(cm.audience)));
    json_object_set_new(camp, "audience_arg", audience_detail(c->db, &cm));
    json_object_set_new(camp, "event", json_string(event));
    json_object_set_new(camp, "subject", json_string(cm.subject));
    json_object_set_new(camp, "body", json_string(cm.body));
    json_object_set_new(camp, "target_path", json_string(cm.target_path));
    json_object_set_new(camp, "control_pct", json_integer(cm.control_pct));
    json_object_set_new(camp, "window_days", json_integer(cm.window_days));
    json_object_set_new(camp, "throttle", json_integer(cm.throttle));
    json_object_set_new(camp, "send_at", day(cm.send_at));
    json_object_set_new(camp, "control", num(cm.control));
    json_object_set_new(camp, "to_send", num(cm.size - cm.control));
    json_object_set_new(camp, "skipped", num(cm.skipped));
    json_object_set_new(camp, "author", json_string(cm.author));
    json_object_set_new(camp, "approver", json_string(cm.approver));
    json_object_set_new(camp, "approved", day(cm.approved_at));
    json_object_set_new(camp, "is_email", json_boolean(strcmp(cm.channel, "email") == 0));
    bool draft = strcmp(cm.state, "draft") == 0, approved = strcmp(cm.state, "approved") == 0;
    bool manage = campaign_may_manage(u, &cm);
    json_t *units = json_array();
    for (size_t i = 0; i < r.nunits; i++)
        json_array_append_new(units, figures_json(&r.units[i], cm.started_at != 0));
    json_t *res = figures_json(&r.total, cm.started_at != 0);
    json_object_set_new(res, "price", num(r.price));
    json_object_set_new(res, "cost", num(r.cost));
    if (r.total.conv_treated > 0)
        json_object_set_new(res, "cost_per_conversion",
                            num((int64_t)(r.cost_per_conversion + 0.5)));
    json_t *data = json_pack("{s:o,s:o,s:o,s:b,s:b,s:b,s:b,s:b}", "c", camp, "results", res,
                             "units", units, "may_approve",
                             draft && campaign_may_approve(u, &cm), "may_send",
                             manage && (draft || approved), "may_cancel",
                             manage && (draft || approved), "may_test", manage,
                             "started", cm.started_at != 0);
    json_object_set_new(data, "waiting",
                        json_boolean(strcmp(cm.state, "sending") == 0 && r.total.queued > 0));
    const char *done = http_arg(req, "xong");
    for (size_t i = 0; done && i < MC_ARRAY_LEN(notices); i++)
        if (strcmp(done, notices[i].key) == 0)
            json_object_set_new(data, "notice", json_string(notices[i].text));
    if (problem)
        json_object_set_new(data, "problem", json_string(problem));
    campaign_results_release(&r);
    char *title = arena_printf(req->arena, "Chiến dịch: %s", cm.name);
    return web_page(req, status, "admin_campaign.html", title, data);
}

static unsigned page_campaign(struct http_request *req)
{
    return campaign_page(req, 200, NULL);
}

static unsigned page_campaign_action(struct http_request *req)
{
    struct web_ctx *c = web_ctx(req);
    const struct user *u = staff_user(req);
    const char *action = http_arg(req, "action");
    struct campaign_says why = {{0}};
    struct campaign_keys k;
    int64_t id = 0;
    enum mc_status st;
    if (!text_parse_id(req->params[0], &id))
        return web_fail(req, MC_ERR_NOT_FOUND,
                        &(const struct web_says){.not_found = "Không có chiến dịch này"}, NULL);
    keys_of(req, &k);
    if (action && strcmp(action, "duyet") == 0)
        st = campaign_approve(c->db, u, id, &c->actor, &why);
    else if (action && strcmp(action, "gui") == 0)
        st = campaign_send(c->db, u, id, &c->actor, &why);
    else if (action && strcmp(action, "huy") == 0)
        st = campaign_cancel(c->db, u, id, &c->actor, &why);
    else if (action && strcmp(action, "thu") == 0)
        st = campaign_test_send(c->db, &k, u, id, &c->actor, &why);
    else
        return http_error(req, 400, "bad_action", "Thao tác không hợp lệ");
    if (st == MC_OK) {
        if (strcmp(action, "thu") == 0 || strcmp(action, "gui") == 0)
            web_wake_outbox(req);
        return http_redirect(req, arena_printf(req->arena, "/quan-tri/chien-dich/%lld?xong=%s",
                                               (long long)id, action));
    }
    if (why.text[0] && (st == MC_ERR_CONFLICT || st == MC_ERR_NOT_FOUND))
        return campaign_page(req, st == MC_ERR_CONFLICT ? 409 : 422, why.text);
    return web_fail(req, st, &(const struct web_says){
        .not_found = "Không có chiến dịch này",
        .forbidden = why.text[0] ? why.text : "Bạn không được làm việc này với chiến dịch",
        .failed = "Không lưu được, xin thử lại sau"}, NULL);
}

static unsigned page_campaign_xlsx(struct http_request *req)
{
    struct web_ctx *c = web_ctx(req);
    struct campaign cm;
    struct campaign_results r;
    struct buf out;
    unsigned status;
    unsigned fail = load(req, &cm);
    if (fail)
        return fail;
    buf_init(&out, 64L << 20);
    enum mc_status st = campaign_results(c->db, &cm, &r);
    if (st == MC_OK)
        st = campaign_export_xlsx(&cm, &r, app_of(req)->cfg.data_dir, &out);
    campaign_results_release(&r);
    if (st != MC_OK) {
        status = web_fail(req, st, &(const struct web_says){
            .failed = "Không tạo được tệp kết quả"}, NULL);
        goto out;
    }
    http_add_header(req, "Cache-Control", "no-store");
    status = web_reply_export(req, arena_printf(req->arena, "chien-dich-%lld", (long long)cm.id),
                              &out);
out:
    buf_release(&out);
    return status;
}

/* ---------------------------------------------------------------- short links */

static unsigned page_short_link(struct http_request *req)
{
    struct campaign_keys k;
    char path[200];
    keys_of(req, &k);
    enum mc_status st = campaign_click(web_ctx(req)->db, &k, req->params[0], path, sizeof(path));
    if (st == MC_OK) {
        http_add_header(req, "Cache-Control", "no-store");
        return http_redirect(req, arena_printf(req->arena, "%s", path));
    }
    return web_fail(req, st, &(const struct web_says){
        .not_found = "Liên kết không hợp lệ hoặc đã hết hiệu lực",
        .failed = "Không mở được liên kết, xin thử lại sau"}, NULL);
}

/* ---------------------------------------------------------------- routes */

static const struct http_route routes[] = {
    {HTTP_GET, "/quan-tri/chien-dich", page_campaigns, R_STAFF, 0},
    {HTTP_POST, "/quan-tri/chien-dich", page_campaign_create, R_STAFF, CAMPAIGN_FORM_MAX},
    {HTTP_POST, "/quan-tri/chien-dich/gia", page_campaign_price, R_STAFF, WEB_FORM_MAX},
    {HTTP_GET, "/quan-tri/chien-dich/{id}", page_campaign, R_STAFF, 0},
    {HTTP_POST, "/quan-tri/chien-dich/{id}/thao-tac", page_campaign_action, R_STAFF,
     WEB_FORM_MAX},
    {HTTP_GET, "/quan-tri/chien-dich/{id}/ket-qua.xlsx", page_campaign_xlsx, R_STAFF, 0},
    {HTTP_GET, "/l/{token}", page_short_link, 0, 0},
};

const struct web_routes web_page_campaign_routes = WEB_ROUTES(routes);
