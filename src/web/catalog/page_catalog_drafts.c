/*
 * page_catalog_drafts.c - agencies keep their procedures (domain/catalog/
 * drafts.h): the agency admin's list of the procedures their agency
 * implements and of their drafts; the province admin's review queue; one
 * draft with its changes next to the public version, approved or returned
 * with a comment.
 *   GET  /quan-tri/thu-tuc/ban-sua         the list
 *   GET  /quan-tri/thu-tuc/ban-sua/{id}    one draft
 *   POST /quan-tri/thu-tuc/ban-sua/{id}    action=duyet | tra-lai, comment
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "web/app.h"
#include "web/catalog/catalog_web.h"
#include "web/catalog/catalog_view.h"
#include "web/reply.h"
#include "core/mem.h"
#include "core/text.h"
#include "core/vnfmt.h"
#include "domain/catalog/drafts.h"

static const struct web_says draft_says = {
    .forbidden = "Bản sửa này thuộc cơ quan khác, hoặc bạn không có quyền duyệt",
    .not_found = "Không có bản sửa thủ tục này",
    .conflict = "Bản sửa này đã được xử lý, hoặc thủ tục đã có phiên bản mới hơn",
    .failed = "Không đọc được bản sửa, xin thử lại sau",
};

static json_t *when_json(int64_t t)
{
    char s[VNFMT_SIZE];
    return json_string(t ? vnfmt_datetime(s, sizeof(s), t) : "");
}

static json_t *draft_row(const struct catalog_draft *d)
{
    return json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:o,s:s,s:b}", "id", (json_int_t)d->id, "code",
                     d->code, "name", d->procedure_name, "agency", d->agency_name, "status",
                     d->status, "status_label", catalog_draft_status_label(d->status),
                     "created", when_json(d->created_at), "author", d->author_name,
                     "pending", strcmp(d->status, "pending") == 0);
}

static unsigned page_drafts(struct http_request *req)
{
    struct web_ctx *c = web_ctx(req);
    const struct user *u = &c->session.user;
    struct catalog_draft_list l;
    struct catalog_agency_proc *procs = NULL;
    size_t nprocs = 0;
    bool province = (u->roles & ROLE_PROVINCE_ADMIN) != 0;
    enum mc_status st;
    catalog_draft_list_init(&l);
    st = catalog_draft_list(c->db, u, NULL, &l);
    if (st == MC_OK && !province)
        st = catalog_agency_procedures(c->db, u->agency_code, &procs, &nprocs);
    if (st != MC_OK) {
        catalog_draft_list_release(&l);
        free(procs);
        return web_fail(req, st, &(const struct web_says){
                            .forbidden = "Chỉ quản trị cấp tỉnh và quản trị của cơ quan thực "
                                         "hiện thủ tục được mở trang này",
                            .failed = "Không đọc được danh sách, xin thử lại sau"}, NULL);
    }
    json_t *pending = json_array(), *others = json_array(), *mine = json_array();
    for (size_t i = 0; i < l.n; i++)
        json_array_append_new(strcmp(l.items[i].status, "pending") == 0 ? pending : others,
                              draft_row(&l.items[i]));
    for (size_t i = 0; i < nprocs; i++)
        json_array_append_new(mine, json_pack("{s:s,s:s,s:b}", "code", procs[i].code, "name",
                                              procs[i].name, "pending", procs[i].pending));
    json_t *data = json_pack("{s:b,s:o,s:o,s:o,s:b,s:b,s:b}", "province", province, "pending",
                             pending, "others", others, "procedures", mine, "has_pending",
                             json_array_size(pending) > 0, "has_others",
                             json_array_size(others) > 0, "has_procedures", nprocs > 0);
    catalog_draft_list_release(&l);
    free(procs);
    return web_page(req, 200, "procedure_drafts.html",
                    province ? "Duyệt bản sửa thủ tục" : "Thủ tục của cơ quan", data);
}

/* The fields a reviewer compares, from the draft's and the public JSON. */
static json_t *changes_json(const struct procedure *now, const struct procedure *next)
{
    static const char *const labels[] = {"Tên thủ tục", "Lĩnh vực", "Đối tượng thực hiện",
                                         "Cơ quan thực hiện", "Cơ quan có thẩm quyền",
                                         "Kết quả", "Điều kiện", "Các bước thực hiện"};
    const char *a[] = {now->name, now->field, now->applicants, now->implementing_agency,
                       now->competent_agency, now->result, now->conditions, now->steps};
    const char *b[] = {next->name, next->field, next->applicants, next->implementing_agency,
                       next->competent_agency, next->result, next->conditions, next->steps};
    json_t *rows = json_array();
    for (size_t i = 0; i < MC_ARRAY_LEN(labels); i++) {
        const char *x = a[i] ? a[i] : "", *y = b[i] ? b[i] : "";
        if (strcmp(x, y) != 0)
            json_array_append_new(rows, json_pack("{s:s,s:s,s:s}", "label", labels[i], "now",
                                                  x, "next", y));
    }
    if (now->ndocuments != next->ndocuments || now->nchannels != next->nchannels)
        json_array_append_new(rows, json_pack("{s:s,s:s,s:s}", "label",
                                              "Thành phần hồ sơ, cách nộp", "now",
                                              "(phiên bản hiện hành)", "next", "có thay đổi"));
    return rows;
}

/* The proposed publication data, as lines a reviewer reads. */
static json_t *publication_lines(const char *text)
{
    json_t *o = json_loads(text ? text : "{}", 0, NULL), *rows = json_array();
    static const struct { const char *key, *label; } dates[] = {
        {"decision_date", "Ngày ký quyết định công bố"},
        {"effective_date", "Ngày văn bản có hiệu lực"},
        {"public_date", "Ngày công khai trên Cổng"},
    };
    static const struct { const char *key, *label; } flags[] = {
        {"eligible_full", "Đủ điều kiện cung cấp toàn trình"}, {"fee_bearing", "Có phí, lệ phí"},
        {"payment_online", "Có giao dịch thanh toán trực tuyến"},
        {"payment_integrated", "Đã tích hợp thanh toán trực tuyến"},
    };
    struct catalog_publication pub;
    if (catalog_publication_from_json(o, &pub, NULL) == MC_OK) {
        for (size_t i = 0; i < MC_ARRAY_LEN(dates); i++) {
            const char *v = json_string_value(json_object_get(o, dates[i].key));
            char shown[16] = "chưa có";
            if (v && strlen(v) == 10)
                snprintf(shown, sizeof(shown), "%.2s/%.2s/%.4s", v + 8, v + 5, v);
            json_array_append_new(rows, json_pack("{s:s,s:s}", "label", dates[i].label,
                                                  "value", shown));
        }
        for (size_t i = 0; i < MC_ARRAY_LEN(flags); i++)
            json_array_append_new(rows, json_pack("{s:s,s:s}", "label", flags[i].label, "value",
                                                  json_is_true(json_object_get(o, flags[i].key))
                                                      ? "Có" : "Không"));
        int n = 0;
        for (int i = 0; i < CATALOG_PART_COUNT; i++)
            n += (pub.parts >> i) & 1;
        json_array_append_new(rows, json_pack("{s:s,s:s}", "label", "Bộ phận đã công khai",
                                              "value", n == CATALOG_PART_COUNT
                                                  ? "Đủ 10 bộ phận" : "Chưa đủ 10 bộ phận"));
    }
    json_decref(o);
    return rows;
}

static unsigned draft_page(struct http_request *req, unsigned status,
                           const struct form_errors *errs, const char *notice)
{
    struct web_ctx *c = web_ctx(req);
    struct catalog_draft d;
    struct procedure now, next;
    int64_t id = 0;
    enum mc_status st = MC_ERR_NOT_FOUND;
    catalog_draft_init(&d);
    procedure_init(&now);
    procedure_init(&next);
    if (text_parse_id(req->params[0], &id))
        st = catalog_draft_get(c->db, &c->session.user, id, &d);
    if (st == MC_OK)
        st = catalog_get_version(c->db, d.code, d.base_version, &now);
    if (st == MC_OK)
        st = catalog_procedure_from_json(d.data, strlen(d.data), &next);
    if (st != MC_OK) {
        catalog_draft_release(&d);
        procedure_release(&now);
        procedure_release(&next);
        return web_fail(req, st, &draft_says, NULL);
    }
    json_t *data = json_pack("{s:o,s:s,s:s,s:s,s:o,s:o,s:b,s:I}", "draft", draft_row(&d),
                             "note", d.note, "reviewer", d.reviewer_name, "review_comment",
                             d.review_comment, "changes", changes_json(&now, &next),
                             "publication", publication_lines(d.publication), "may_review",
                             (c->session.user.roles & ROLE_PROVINCE_ADMIN) &&
                                 strcmp(d.status, "pending") == 0,
                             "version", (json_int_t)d.version);
    json_object_set_new(data, "reviewed", when_json(d.reviewed_at));
    json_object_set_new(data, "comment", json_string(kv_get(req->form, "comment")
                                                         ? kv_get(req->form, "comment") : ""));
    if (notice)
        json_object_set_new(data, "notice", json_string(notice));
    web_form_errors(data, errs);
    char *title = arena_printf(req->arena, "Bản sửa: %s", now.name ? now.name : d.code);
    catalog_draft_release(&d);
    procedure_release(&now);
    procedure_release(&next);
    return web_page(req, status, "procedure_draft.html", title, data);
}

static unsigned page_draft(struct http_request *req)
{
    const char *notice = NULL;
    if (http_arg(req, "da_gui"))
        notice = "Đã gửi bản sửa; Văn phòng UBND tỉnh sẽ duyệt.";
    else if (http_arg(req, "da_duyet"))
        notice = "Đã duyệt: bản sửa là phiên bản công khai.";
    else if (http_arg(req, "tra_lai"))
        notice = "Đã trả lại bản sửa cho cơ quan.";
    return draft_page(req, 200, NULL, notice);
}

static unsigned page_draft_post(struct http_request *req)
{
    struct web_ctx *c = web_ctx(req);
    struct form_errors errs = {0};
    const char *action = http_arg(req, "action");
    bool approve = action && strcmp(action, "duyet") == 0;
    int64_t id = 0;
    enum mc_status st = MC_ERR_NOT_FOUND;
    if (!approve && (!action || strcmp(action, "tra-lai") != 0))
        return http_error(req, 400, "bad_action", "Chọn duyệt hoặc trả lại bản sửa");
    if (text_parse_id(req->params[0], &id))
        st = catalog_draft_review(c->db, &c->session.user, &c->actor, id, approve,
                                  http_arg(req, "comment"), &errs, NULL);
    if (st == MC_OK)
        return http_redirect(req, arena_printf(req->arena, "/quan-tri/thu-tuc/ban-sua/%lld?%s=1",
                                               (long long)id, approve ? "da_duyet" : "tra_lai"));
    if (st == MC_ERR_INVALID || (st == MC_ERR_CONFLICT && errs.count))
        return draft_page(req, st == MC_ERR_INVALID ? 422 : 409, &errs, NULL);
    return web_fail(req, st, &draft_says, NULL);
}

static const struct http_route routes[] = {
    {HTTP_GET, "/quan-tri/thu-tuc/ban-sua", page_drafts, R_STAFF, 0},
    {HTTP_GET, "/quan-tri/thu-tuc/ban-sua/{id}", page_draft, R_STAFF, 0},
    {HTTP_POST, "/quan-tri/thu-tuc/ban-sua/{id}", page_draft_post, R_STAFF, WEB_FORM_MAX},
};

const struct web_routes web_page_catalog_drafts_routes = WEB_ROUTES(routes);
