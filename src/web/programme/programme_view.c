/*
 * programme_view.c - JSON for the programme's templates (see
 * programme_view.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/vnfmt.h"
#include "web/app.h"
#include "web/programme/programme_view.h"

const char *prog_view_org_name(struct http_request *req, const char *code)
{
    struct org o;
    const char *name = code;
    org_init(&o);
    if (code && code[0] && org_get(web_ctx(req)->db, code, &o) == MC_OK && o.name)
        name = arena_strdup(req->arena, o.name);
    org_release(&o);
    return name ? name : "";
}

const char *prog_view_org_names(struct http_request *req, const char *codes)
{
    struct buf b;
    const char *p = codes;
    char *out;
    buf_init(&b, BUF_MAX_SMALL);
    while (p && *p) {
        const char *end = strchr(p, ';');
        char code[ORG_CODE_MAX];
        snprintf(code, sizeof(code), "%.*s", (int)(end ? (size_t)(end - p) : strlen(p)), p);
        if (b.len)
            buf_adds(&b, "; ");
        buf_adds(&b, prog_view_org_name(req, code));
        p = end ? end + 1 : NULL;
    }
    out = arena_strdup(req->arena, buf_cstr(&b));
    buf_release(&b);
    return out;
}

const char *prog_view_day(struct http_request *req, const char *iso)
{
    if (!iso || strlen(iso) < 10)
        return "";
    return arena_printf(req->arena, "%.2s/%.2s/%.4s", iso + 8, iso + 5, iso);
}

json_t *prog_view_plan_row(const struct prog_plan *p)
{
    char issued[16] = "";
    if (strlen(p->issued_on) == 10)
        snprintf(issued, sizeof(issued), "%.2s/%.2s/%.4s", p->issued_on + 8, p->issued_on + 5,
                 p->issued_on);
    return json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:s}", "id", (json_int_t)p->id, "code", p->code,
                     "number", p->number[0] ? p->number : "chưa rõ số", "title",
                     p->title ? p->title : "", "issued", issued[0] ? issued : "chưa rõ ngày",
                     "period", p->period_text ? p->period_text : "", "href",
                     "/quan-tri/de-an/ke-hoach/");
}

json_t *prog_view_task_row(struct http_request *req, const struct prog_task *t,
                           const char *org)
{
    struct prog_progress pr;
    char frame[96];
    prog_frame_label(t->frame, frame, sizeof(frame));
    if (prog_progress_get(web_ctx(req)->db, t->id, org, &pr) != MC_OK)
        memset(&pr, 0, sizeof(pr));
    return json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:s}", "id", (json_int_t)t->id, "number",
                     t->number, "content", t->content ? t->content : "", "frame", frame,
                     "status", prog_status_name(pr.status), "status_label",
                     prog_status_label(pr.status), "href",
                     arena_printf(req->arena, "/quan-tri/de-an/nhiem-vu/%lld/%s",
                                  (long long)t->id, org));
}

json_t *prog_view_task_full(struct http_request *req, const struct prog_task *t)
{
    char frame[96];
    char money[VNFMT_SIZE] = "";
    json_t *kinds = json_array();
    prog_frame_label(t->frame, frame, sizeof(frame));
    if (t->budget_planned >= 0)
        vnfmt_money(money, sizeof(money), t->budget_planned);
    for (const char *p = t->output_kinds; *p;) {
        const char *end = strchr(p, ';');
        char k[48];
        snprintf(k, sizeof(k), "%.*s", (int)(end ? (size_t)(end - p) : strlen(p)), p);
        if (prog_output_kind_name(k))
            json_array_append_new(kinds, json_string(prog_output_kind_name(k)));
        p = end ? end + 1 : "";
    }
    json_t *o = json_pack("{s:I,s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:o}", "id",
                          (json_int_t)t->id, "plan_id", (json_int_t)t->plan_id, "number",
                          t->number, "section", t->section, "content",
                          t->content ? t->content : "", "clauses", t->clauses, "leads",
                          prog_view_org_names(req, t->leads), "cos",
                          prog_view_org_names(req, t->cos), "frame", frame, "frame_text",
                          t->frame_text ? t->frame_text : "", "expected",
                          t->expected ? t->expected : "", "note", t->note ? t->note : "",
                          "budget", money, "kinds", kinds);
    json_object_set_new(o, "lead_codes", json_string(t->leads ? t->leads : ""));
    json_object_set_new(o, "co_codes", json_string(t->cos ? t->cos : ""));
    return o;
}

/* The status <option>s with the current one selected. */
static json_t *status_options(enum prog_status cur)
{
    json_t *a = json_array();
    for (int s = PROG_NOT_STARTED; s <= PROG_LATE; s++)
        json_array_append_new(a, json_pack("{s:s,s:s,s:b}", "value",
                                            prog_status_name((enum prog_status)s), "label",
                                            prog_status_label((enum prog_status)s),
                                            "selected", s == (int)cur));
    return a;
}

json_t *prog_view_workspace(struct http_request *req, const struct prog_task *t,
                            const char *org)
{
    struct db *db = web_ctx(req)->db;
    struct prog_progress pr;
    struct prog_item_list notes, outputs, evidence;
    json_t *jn = json_array(), *jo = json_array(), *je = json_array(), *kinds = json_array();
    char planned[VNFMT_SIZE] = "", spent[VNFMT_SIZE] = "", when[VNFMT_SIZE];

    prog_item_list_init(&notes);
    prog_item_list_init(&outputs);
    prog_item_list_init(&evidence);
    if (prog_progress_get(db, t->id, org, &pr) != MC_OK)
        memset(&pr, 0, sizeof(pr));
    if (pr.budget_planned >= 0)
        snprintf(planned, sizeof(planned), "%lld", (long long)pr.budget_planned);
    if (pr.budget_spent >= 0)
        snprintf(spent, sizeof(spent), "%lld", (long long)pr.budget_spent);
    if (prog_notes(db, t->id, org, &notes) == MC_OK) {
        for (size_t i = 0; i < notes.n; i++)
            json_array_append_new(jn, json_pack("{s:s,s:s}", "at",
                                                vnfmt_datetime(when, sizeof(when),
                                                               notes.items[i].at),
                                                "text", notes.items[i].text));
    }
    if (prog_outputs(db, t->id, org, &outputs) == MC_OK) {
        for (size_t i = 0; i < outputs.n; i++) {
            const char *name = prog_output_kind_name(outputs.items[i].kind);
            char n[VNFMT_SIZE];
            json_array_append_new(jo, json_pack("{s:I,s:s,s:s,s:s,s:s,s:s}", "year",
                                                (json_int_t)outputs.items[i].at, "kind",
                                                outputs.items[i].kind, "name",
                                                name ? name : outputs.items[i].kind, "count",
                                                vnfmt_int(n, sizeof(n), outputs.items[i].count),
                                                "source",
                                                strcmp(outputs.items[i].text, "manual") == 0
                                                    ? "Đơn vị tự nhập"
                                                    : outputs.items[i].text,
                                                "reason",
                                                outputs.items[i].ref ? outputs.items[i].ref
                                                                     : ""));
        }
    }
    if (prog_evidence(db, t->id, org, &evidence) == MC_OK) {
        for (size_t i = 0; i < evidence.n; i++) {
            bool url = strcmp(evidence.items[i].kind, "url") == 0;
            json_array_append_new(je, json_pack("{s:s,s:s,s:b,s:s,s:s}", "title",
                                                evidence.items[i].text, "ref",
                                                url && evidence.items[i].ref
                                                    ? evidence.items[i].ref
                                                    : "",
                                                "url", url, "at",
                                                vnfmt_datetime(when, sizeof(when),
                                                               evidence.items[i].at),
                                                "file",
                                                arena_printf(req->arena,
                                                             "/quan-tri/de-an/nhiem-vu/%lld/%s"
                                                             "/minh-chung/%lld",
                                                             (long long)t->id, org,
                                                             (long long)evidence.items[i].id)));
        }
    }
    for (size_t i = 0; prog_output_kind_at(i); i++)
        json_array_append_new(kinds, json_pack("{s:s,s:s}", "key", prog_output_kind_at(i),
                                               "name",
                                               prog_output_kind_name(prog_output_kind_at(i))));
    char money_p[VNFMT_SIZE] = "chưa nhập", money_s[VNFMT_SIZE] = "chưa nhập";
    if (pr.budget_planned >= 0)
        vnfmt_money(money_p, sizeof(money_p), pr.budget_planned);
    if (pr.budget_spent >= 0)
        vnfmt_money(money_s, sizeof(money_s), pr.budget_spent);
    json_t *o = json_pack("{s:s,s:s,s:o,s:s,s:s,s:s,s:s,s:o,s:o,s:o,s:o,s:b,s:b,s:b}",
                          "status", prog_status_name(pr.status), "status_label",
                          prog_status_label(pr.status), "statuses", status_options(pr.status),
                          "budget_planned", planned, "budget_spent", spent,
                          "budget_planned_text", money_p, "budget_spent_text", money_s,
                          "notes", jn, "outputs", jo, "evidence", je, "output_kinds", kinds,
                          "has_notes", notes.n > 0, "has_outputs", outputs.n > 0,
                          "has_evidence", evidence.n > 0);
    char year[8];
    char today[PROG_DAY_SIZE];
    prog_today(today);
    snprintf(year, sizeof(year), "%.4s", today);
    json_object_set_new(o, "this_year", json_string(year));
    prog_item_list_release(&evidence);
    prog_item_list_release(&outputs);
    prog_item_list_release(&notes);
    return o;
}

json_t *prog_view_report_row(struct http_request *req, const struct prog_report *r)
{
    struct prog_cycle c;
    memset(&c, 0, sizeof(c));
    if (prog_cycle_get(web_ctx(req)->db, r->cycle_id, &c) != MC_OK)
        snprintf(c.title, sizeof(c.title), "Kỳ báo cáo");
    return json_pack("{s:I,s:s,s:s,s:s,s:s,s:s}", "id", (json_int_t)r->id, "cycle", c.title,
                     "due", prog_view_day(req, c.due_on), "state",
                     prog_report_state_name(r->state), "state_label",
                     prog_report_state_label(r->state), "href",
                     arena_printf(req->arena, "/quan-tri/de-an/bao-cao/%lld", (long long)r->id));
}

json_t *prog_view_cycles(struct http_request *req, int64_t plan_id)
{
    struct prog_cycle_list l;
    json_t *a = json_array();
    prog_cycle_list_init(&l);
    if (prog_cycle_list(web_ctx(req)->db, plan_id, &l) == MC_OK) {
        for (size_t i = 0; i < l.n; i++)
            json_array_append_new(a, json_pack("{s:I,s:s,s:i,s:s,s:s,s:s}", "id",
                                               (json_int_t)l.items[i].id, "title",
                                               l.items[i].title, "year", l.items[i].year,
                                               "due", prog_view_day(req, l.items[i].due_on),
                                               "kind",
                                               l.items[i].adhoc ? "Đột xuất" : "Hằng năm",
                                               "href",
                                               arena_printf(req->arena,
                                                            "/quan-tri/de-an/ky-bao-cao/%lld",
                                                            (long long)l.items[i].id)));
    }
    prog_cycle_list_release(&l);
    return a;
}
