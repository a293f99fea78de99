/*
 * page_programme.c - the programme's home (plans, and the tasks and
 * reports of the organisations the signed-in officer acts for), the
 * follow-up page of the focal agency, a plan's page (register, tasks,
 * report cycles; for the focal agency the task import, the reassignment
 * tool and a new cycle), the CSV export, and an organisation's workspace
 * on one task (status, budget, notes, output counts, evidence).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/filestore.h"
#include "core/import_report.h"
#include "core/text.h"
#include "core/vnfmt.h"
#include "domain/programme/programme.h"
#include "domain/programme/programme_commend.h"
#include "domain/programme/programme_report.h"
#include "web/app.h"
#include "web/dossier/dossier_view.h"
#include "web/programme/programme_view.h"
#include "web/programme/programme_web.h"
#include "web/reply.h"

/* The string member k of o, or "". */
static const char *jstr(const json_t *o, const char *k)
{
    const char *s = json_string_value(json_object_get(o, k));
    return s ? s : "";
}

/* ---------------------------------------------------------------- home */

/* The tasks and reports of organisation o, for the home page. */
static json_t *org_json(struct http_request *req, const struct org *o,
                        const struct prog_plan_list *plans)
{
    struct db *db = web_ctx(req)->db;
    json_t *tasks = json_array();
    json_t *reports = json_array();
    struct prog_report_list rl;

    for (size_t p = 0; p < plans->n; p++) {
        struct prog_task_list l;
        prog_task_list_init(&l);
        if (prog_task_list(db, plans->items[p].id, o->code, &l) == MC_OK) {
            for (size_t i = 0; i < l.n; i++)
                json_array_append_new(tasks, prog_view_task_row(req, &l.items[i], o->code));
        }
        prog_task_list_release(&l);
    }
    prog_report_list_init(&rl);
    if (prog_report_list_org(db, o->code, &rl) == MC_OK) {
        for (size_t i = 0; i < rl.n; i++)
            json_array_append_new(reports, prog_view_report_row(req, &rl.items[i]));
    }
    prog_report_list_release(&rl);
    return json_pack("{s:s,s:s,s:o,s:b,s:o,s:b}", "code", o->code, "name", o->name,
                     "tasks", tasks, "no_tasks", json_array_size(tasks) == 0, "reports",
                     reports, "has_reports", json_array_size(reports) > 0);
}

/* The plans u is focal for, as rows with their cycles. */
static json_t *focal_json(struct http_request *req, const struct prog_plan_list *plans)
{
    struct web_ctx *c = web_ctx(req);
    json_t *out = json_array();
    bool overseer = false;
    if (prog_is_overseer(c->db, &c->session.user, &overseer) != MC_OK)
        overseer = false;
    for (size_t i = 0; i < plans->n; i++) {
        bool focal = false;
        if (prog_is_focal(c->db, &c->session.user, &plans->items[i], &focal) != MC_OK ||
            !(focal || overseer))
            continue;
        json_t *row = prog_view_plan_row(&plans->items[i]);
        json_t *cycles = prog_view_cycles(req, plans->items[i].id);
        json_object_set_new(row, "has_cycles", json_boolean(json_array_size(cycles) > 0));
        json_object_set_new(row, "cycles", cycles);
        json_array_append_new(out, row);
    }
    return out;
}

/*
 * The organisations a plan may name as its focal agency, by name, with the
 * posted one (may be NULL) selected: those in force today, groups left out.
 */
static json_t *focal_options(struct db *db, const char *selected)
{
    struct org_list orgs;
    json_t *opts = json_array();
    char today[ORG_DATE_SIZE];
    prog_today(today);
    org_list_init(&orgs);
    if (org_list(db, NULL, false, &orgs) == MC_OK)
        for (size_t i = 0; i < orgs.n; i++) {
            const struct org *o = &orgs.items[i];
            if (o->is_group || !org_in_force(o, today))
                continue;
            json_array_append_new(opts, json_pack("{s:s,s:s,s:b}", "code", o->code, "name",
                                                  org_label(o), "selected",
                                                  selected && strcmp(selected, o->code) == 0));
        }
    org_list_release(&orgs);
    return opts;
}

/*
 * The programme's home with status; after a refused new plan, the
 * reasons in rep (may be NULL) and the form as posted.
 */
static unsigned home_page(struct http_request *req, unsigned status,
                          const struct import_report *rep, const struct form_errors *errs)
{
    struct web_ctx *c = web_ctx(req);
    const struct user *u = &c->session.user;
    struct prog_plan_list plans;
    struct org_list orgs;
    json_t *plan_rows = json_array();
    json_t *org_rows = json_array();
    json_t *data;
    enum mc_status st;

    prog_plan_list_init(&plans);
    org_list_init(&orgs);
    if (user_is_collaborator_only(u)) {
        prog_plan_list_release(&plans);
        return web_fail(req, MC_ERR_FORBIDDEN, NULL, NULL);
    }
    st = prog_plan_list(c->db, &plans);
    if (st == MC_OK)
        st = prog_user_orgs(c->db, u, &orgs);
    if (st != MC_OK) {
        json_decref(plan_rows);
        json_decref(org_rows);
        prog_plan_list_release(&plans);
        org_list_release(&orgs);
        return web_fail(req, st, NULL, NULL);
    }
    for (size_t i = 0; i < plans.n; i++)
        json_array_append_new(plan_rows, prog_view_plan_row(&plans.items[i]));
    for (size_t i = 0; i < orgs.n; i++)
        json_array_append_new(org_rows, org_json(req, &orgs.items[i], &plans));
    json_t *focal = focal_json(req, &plans);
    data = json_pack("{s:o,s:b,s:o,s:b,s:o,s:b}", "plans", plan_rows, "no_plans",
                     plans.n == 0, "orgs", org_rows, "no_orgs", orgs.n == 0, "focal", focal,
                     "is_focal", json_array_size(focal) > 0);
    json_object_set_new(data, "may_create", json_boolean(user_is_officer(u) &&
                                                         (u->roles & ROLE_PROVINCE_ADMIN)));
    if (rep && rep->nerrors) {
        json_t *lines = json_array();
        for (size_t i = 0; i < rep->nerrors; i++)
            json_array_append_new(lines, json_string(rep->errors[i]));
        json_object_set_new(data, "create_errors", lines);
        json_object_set_new(data, "has_create_errors", json_true());
    }
    static const char *const fields[] = {"ma_ke_hoach", "so_ky_hieu", "ngay_ban_hanh",
                                         "trich_yeu", "thoi_ky", "dau_moi"};
    json_t *form = json_object();
    for (size_t i = 0; i < MC_ARRAY_LEN(fields); i++) {
        const char *v = status != 200 ? http_arg(req, fields[i]) : NULL;
        json_object_set_new(form, fields[i], json_string(v ? v : ""));
    }
    json_object_set_new(data, "new_plan", form);
    if (json_is_true(json_object_get(data, "may_create")))
        json_object_set_new(data, "focal_options",
                            focal_options(c->db, status != 200 ? http_arg(req, "dau_moi")
                                                               : NULL));
    web_form_errors(data, errs);
    prog_plan_list_release(&plans);
    org_list_release(&orgs);
    return web_page(req, status, "admin_programme.html", "Đề án 1588: nhiệm vụ và báo cáo", data);
}

static unsigned page_prog_home(struct http_request *req)
{
    return home_page(req, 200, NULL, NULL);
}

static unsigned page_prog_follow(struct http_request *req)
{
    struct web_ctx *c = web_ctx(req);
    struct prog_plan_list plans;
    enum mc_status st;
    prog_plan_list_init(&plans);
    if (user_is_collaborator_only(&c->session.user))
        return web_fail(req, MC_ERR_FORBIDDEN, NULL, NULL);
    st = prog_plan_list(c->db, &plans);
    if (st != MC_OK) {
        prog_plan_list_release(&plans);
        return web_fail(req, st, NULL, NULL);
    }
    json_t *focal = focal_json(req, &plans);
    if (json_array_size(focal) == 0 && !(c->session.user.roles & ROLE_PROVINCE_ADMIN)) {
        /* the page of the focal agencies, province admins and overseers */
        json_decref(focal);
        prog_plan_list_release(&plans);
        return web_fail(req, MC_ERR_FORBIDDEN,
                        &(const struct web_says){.forbidden = "Chỉ cơ quan đầu mối theo dõi "
                                                              "kế hoạch mở được trang này"},
                        NULL);
    }
    json_t *data = json_pack("{s:o,s:b}", "focal", focal, "is_focal",
                             json_array_size(focal) > 0);
    prog_plan_list_release(&plans);
    return web_page(req, 200, "admin_programme_follow.html", "Theo dõi, đôn đốc thực hiện Đề án",
                    data);
}

/* ---------------------------------------------------------------- a plan */

/* The plan of the path into *p; 404 handled by the caller. */
static enum mc_status path_plan(struct http_request *req, struct prog_plan *p)
{
    int64_t id = 0;
    if (!text_parse_id(req->params[0], &id))
        return MC_ERR_NOT_FOUND;
    return prog_plan_get(web_ctx(req)->db, id, p);
}

/* The plan of the path, when the user acts for its focal agency (MC_ERR_FORBIDDEN else). */
static enum mc_status path_plan_focal(struct http_request *req, struct prog_plan *p)
{
    struct web_ctx *c = web_ctx(req);
    bool focal = false;
    enum mc_status st = path_plan(req, p);
    if (st == MC_OK)
        st = prog_is_focal(c->db, &c->session.user, p, &focal);
    if (st == MC_OK && !focal)
        st = MC_ERR_FORBIDDEN;
    return st;
}

static const struct web_says PLAN_SAYS = {
    .not_found = "Không có kế hoạch này",
    .forbidden = "Chỉ cơ quan đầu mối theo dõi kế hoạch và quản trị tỉnh làm được việc này",
    .failed = "Không đọc được kế hoạch, xin thử lại sau",
};

/*
 * The reply of act for the plan of the path when the user acts for its
 * focal agency, else the refusal; the plan is released after.
 */
static unsigned with_focal_plan(struct http_request *req,
                                unsigned (*act)(struct http_request *req, struct prog_plan *p))
{
    struct prog_plan p;
    prog_plan_init(&p);
    enum mc_status st = path_plan_focal(req, &p);
    unsigned status = st == MC_OK ? act(req, &p) : web_fail(req, st, &PLAN_SAYS, NULL);
    prog_plan_release(&p);
    return status;
}

/* Render the plan page with status and, after a refused form, its messages. */
static unsigned plan_page(struct http_request *req, unsigned status, const struct prog_plan *p,
                          const struct form_errors *errs, const struct import_report *rep,
                          const char *notice)
{
    struct web_ctx *c = web_ctx(req);
    struct prog_task_list l;
    bool focal = false;
    json_t *tasks = json_array();
    json_t *data;

    prog_task_list_init(&l);
    if (prog_is_focal(c->db, &c->session.user, p, &focal) != MC_OK)
        focal = false;
    if (prog_task_list(c->db, p->id, NULL, &l) == MC_OK) {
        for (size_t i = 0; i < l.n; i++)
            json_array_append_new(tasks, prog_view_task_full(req, &l.items[i]));
    }
    data = prog_view_plan_row(p);
    json_t *reg = NULL;
    if (prog_plan_register(c->db, p->id, &reg) == MC_OK && reg) {
        json_t *ph = json_object_get(reg, "phases");
        size_t i;
        json_t *x;
        json_array_foreach(ph, i, x) {
            json_object_set_new(x, "from", json_string(prog_view_day(req, jstr(x, "starts_on"))));
            json_object_set_new(x, "to", json_string(prog_view_day(req, jstr(x, "ends_on"))));
        }
        json_array_foreach(json_object_get(reg, "basis"), i, x)
            json_object_set_new(x, "day", json_string(prog_view_day(req, jstr(x, "ngay"))));
        json_t *rep_plan = json_object_get(reg, "replaces");
        if (json_is_object(rep_plan))
            json_object_set_new(rep_plan, "day",
                                json_string(prog_view_day(req, jstr(rep_plan, "ngay"))));
        json_object_set_new(reg, "has_phases", json_boolean(json_array_size(ph) > 0));
        json_object_set_new(data, "register", reg);
    }
    json_object_set_new(data, "plan", prog_view_plan_row(p));
    json_object_set_new(data, "tasks", tasks);
    json_object_set_new(data, "ntasks", json_integer((json_int_t)l.n));
    json_object_set_new(data, "focal", json_boolean(focal));
    json_t *cycles = prog_view_cycles(req, p->id);
    json_object_set_new(data, "has_cycles", json_boolean(json_array_size(cycles) > 0));
    json_object_set_new(data, "cycles", cycles);
    json_object_set_new(data, "focal_name",
                        json_string(prog_view_org_name(req, p->focal_code)));
    const char *fname = jstr(json_object_get(data, "register"), "file_name");
    if (fname[0]) {
        json_object_set_new(data, "plan_file_name", json_string(fname));
        json_object_set_new(data, "plan_file_href",
                            json_string(arena_printf(req->arena,
                                                     "/quan-tri/de-an/ke-hoach/%lld/van-ban",
                                                     (long long)p->id)));
    }
    bool posted = req->method == HTTP_POST && errs;
    json_object_set_new(data, "edit_number",
                        json_string(posted && http_arg(req, "so_ky_hieu")
                                        ? http_arg(req, "so_ky_hieu") : p->number));
    json_object_set_new(data, "edit_issued_on",
                        json_string(posted && http_arg(req, "ngay_ban_hanh")
                                        ? http_arg(req, "ngay_ban_hanh") : p->issued_on));
    json_object_set_new(data, "edit_title",
                        json_string(posted && http_arg(req, "trich_yeu")
                                        ? http_arg(req, "trich_yeu")
                                        : (p->title ? p->title : "")));
    if (notice)
        json_object_set_new(data, "notice", json_string(notice));
    web_import_errors(data, rep);
    web_form_errors(data, errs);
    prog_task_list_release(&l);
    return web_page(req, status, "admin_programme_plan.html", "Kế hoạch thực hiện Đề án", data);
}

static unsigned page_prog_plan(struct http_request *req)
{
    struct prog_plan p;
    unsigned status;
    enum mc_status st;
    prog_plan_init(&p);
    if (!prog_may_read(web_ctx(req)->db, &web_ctx(req)->session.user))
        st = MC_ERR_FORBIDDEN;
    else
        st = path_plan(req, &p);
    if (st != MC_OK)
        status = web_fail(req, st, &PLAN_SAYS, NULL);
    else
        status = plan_page(req, 200, &p, NULL, NULL, http_arg(req, "da-luu"));
    prog_plan_release(&p);
    return status;
}

/* The tasks of the plan of the path as CSV or xlsx. */
static unsigned page_prog_plan_export(struct http_request *req)
{
    struct prog_plan p;
    struct buf out;
    unsigned status;
    enum mc_status st;
    prog_plan_init(&p);
    buf_init(&out, BUF_MAX_FILE);
    st = prog_may_read(web_ctx(req)->db, &web_ctx(req)->session.user) ? path_plan(req, &p)
                                                                        : MC_ERR_FORBIDDEN;
    if (st == MC_OK && web_wants_xlsx(req))
        st = prog_tasks_export_xlsx(web_ctx(req)->db, p.id,
                                    arena_printf(req->arena, "%s/tmp",
                                                 ((struct app *)req->app)->cfg.data_dir),
                                    &out);
    else if (st == MC_OK)
        st = prog_tasks_export_csv(web_ctx(req)->db, p.id, &out);
    if (st != MC_OK) {
        status = web_fail(req, st, &PLAN_SAYS, NULL);
    } else {
        status = web_reply_export(req, arena_printf(req->arena, "nhiem-vu-%s", p.code), &out);
    }
    buf_release(&out);
    prog_plan_release(&p);
    return status;
}

/* Read an upload whole into out (bounded by out's maximum). */
static enum mc_status upload_read(struct http_request *req, const struct http_upload *up,
                                  struct buf *out)
{
    if (up->data) {
        buf_add(out, (const char *)up->data, up->size);
        return buf_status(out);
    }
    return buf_add_file(out, http_upload_path(req, (struct http_upload *)up));
}

/* A list of tasks for plan p from an uploaded CSV or Excel file. */
static unsigned plan_import(struct http_request *req, struct prog_plan *p)
{
    struct web_ctx *c = web_ctx(req);
    struct import_report rep;
    struct form_errors errs = {0};
    struct buf data;
    unsigned status;
    enum mc_status st;

    import_report_init(&rep);
    buf_init(&data, PROG_IMPORT_MAX_BYTES + 1);
    const struct http_upload *up = dossier_view_upload(req, "tep");
    if (!up || upload_read(req, up, &data) != MC_OK || data.len > PROG_IMPORT_MAX_BYTES) {
        form_errors_add(&errs, "tep", "Chọn tệp CSV hoặc Excel danh sách nhiệm vụ (tối đa 8 MB)");
        status = plan_page(req, 422, p, &errs, NULL, NULL);
        goto out;
    }
    st = prog_is_xlsx(data.data, data.len)
             ? prog_tasks_import_xlsx(c->db, p->id, data.data, data.len, &c->actor, &rep)
             : prog_tasks_import_csv(c->db, p->id, data.data ? data.data : "", data.len,
                                     &c->actor, &rep);
    if (st == MC_ERR_INVALID) {
        form_errors_add(&errs, "tep", "Tệp bị từ chối, không nhiệm vụ nào được ghi");
        status = plan_page(req, 422, p, &errs, &rep, NULL);
    } else if (st != MC_OK) {
        status = web_fail(req, st, &PLAN_SAYS, NULL);
    } else {
        status = http_redirect(req, arena_printf(req->arena,
                                                 "/quan-tri/de-an/ke-hoach/%lld?da-luu=nhap",
                                                 (long long)p->id));
    }
out:
    buf_release(&data);
    import_report_release(&rep);
    return status;
}

static unsigned page_prog_plan_import(struct http_request *req)
{
    return with_focal_plan(req, plan_import);
}

/*
 * Why the upload up cannot be a plan document, or NULL when it is a PDF
 * (recognised by its first bytes, never by its name).
 */
static const char *plan_document_check(const struct http_upload *up)
{
    const char *why = dossier_view_upload_check(up);
    unsigned char head[8] = {0};
    if (why)
        return up->size > 0 && up->size <= FILESTORE_MAX_SIZE
                   ? "Văn bản kế hoạch phải là tệp PDF (kiểm tra theo nội dung tệp)."
                   : why;
    if (up->data) {
        memcpy(head, up->data, up->size < sizeof(head) ? up->size : sizeof(head));
    } else {
        FILE *f = fopen(up->path, "rb");
        if (f) {
            if (fread(head, 1, sizeof(head), f) == 0)
                head[0] = 0;
            fclose(f);
        }
    }
    const char *type = filestore_sniff(head, sizeof(head));
    if (!type || strcmp(type, "application/pdf") != 0)
        return "Văn bản kế hoạch phải là tệp PDF (kiểm tra theo nội dung tệp).";
    return NULL;
}

/*
 * Take the optional upload of form field: check it with check, stage it in
 * the file store and fill *meta.  Returns the staged upload, or NULL when no
 * file was sent or it was refused (the Vietnamese reason is then in errs).
 */
static const struct http_upload *upload_take(struct http_request *req, const char *field,
                                             const char *(*check)(const struct http_upload *),
                                             struct form_errors *errs,
                                             struct filestore_meta *meta)
{
    const struct http_upload *up = dossier_view_upload(req, field);
    const char *why = up ? check(up) : NULL;
    if (!up)
        return NULL;
    if (why) {
        form_errors_add(errs, field, why);
        return NULL;
    }
    if (dossier_view_upload_store(req, up, meta) != MC_OK) {
        form_errors_add(errs, field, "Không lưu được tệp, xin thử lại");
        return NULL;
    }
    return up;
}

/*
 * The plan document of the form (field van_ban), staged in the file store:
 * its sha256 and name into *sha and *name, left as they are when no file
 * was sent or it was refused (errs says why then).
 */
static void plan_document_take(struct http_request *req, struct form_errors *errs,
                               const char **sha, const char **name)
{
    struct filestore_meta meta;
    const struct http_upload *up = upload_take(req, "van_ban", plan_document_check, errs, &meta);
    if (up) {
        *sha = arena_strdup(req->arena, meta.sha256);
        *name = dossier_view_upload_name(req, up, "ke-hoach.pdf");
    }
}

/* The plan's number, date, summary and document, as the focal agency corrects them. */
static unsigned plan_edit(struct http_request *req, struct prog_plan *p)
{
    struct web_ctx *c = web_ctx(req);
    struct form_errors errs = {0};
    struct prog_plan_edit e = {http_arg(req, "so_ky_hieu"), http_arg(req, "ngay_ban_hanh"),
                               http_arg(req, "trich_yeu"), NULL, NULL};
    unsigned status;
    enum mc_status st;

    plan_document_take(req, &errs, &e.file_sha256, &e.file_name);
    st = errs.count ? MC_ERR_INVALID
                    : prog_plan_edit(c->db, &c->session.user, p->id, &e, &c->actor, &errs);
    if (st == MC_ERR_INVALID)
        status = plan_page(req, 422, p, &errs, NULL, NULL);
    else if (st != MC_OK)
        status = web_fail(req, st, &PLAN_SAYS, NULL);
    else
        status = http_redirect(req, arena_printf(req->arena,
                                                 "/quan-tri/de-an/ke-hoach/%lld?da-luu=sua",
                                                 (long long)p->id));
    return status;
}

static unsigned page_prog_plan_edit(struct http_request *req)
{
    return with_focal_plan(req, plan_edit);
}

/* A new plan (province admins), with its document. */
static unsigned page_prog_plan_create(struct http_request *req)
{
    struct web_ctx *c = web_ctx(req);
    struct import_report rep;
    struct form_errors errs = {0};
    struct prog_plan_new n = {http_arg(req, "ma_ke_hoach"), http_arg(req, "so_ky_hieu"),
                              http_arg(req, "ngay_ban_hanh"), http_arg(req, "trich_yeu"),
                              http_arg(req, "thoi_ky"), http_arg(req, "dau_moi"), NULL, NULL};
    int64_t id = 0;
    unsigned status;
    enum mc_status st = MC_OK;

    import_report_init(&rep);
    if (!user_is_officer(&c->session.user) || !(c->session.user.roles & ROLE_PROVINCE_ADMIN))
        st = MC_ERR_FORBIDDEN;
    if (st == MC_OK)
        plan_document_take(req, &errs, &n.file_sha256, &n.file_name);
    if (st == MC_OK)
        st = errs.count ? MC_ERR_INVALID
                        : prog_plan_create(c->db, &c->session.user, &n, &c->actor, &rep, &id);
    if (st == MC_ERR_INVALID)
        status = home_page(req, 422, &rep, &errs);
    else if (st != MC_OK)
        status = web_fail(req, st, &PLAN_SAYS, NULL);
    else
        status = http_redirect(req, arena_printf(req->arena,
                                                 "/quan-tri/de-an/ke-hoach/%lld?da-luu=tao",
                                                 (long long)id));
    import_report_release(&rep);
    return status;
}

/* The plan document, for staff who may read the plan. */
static unsigned page_prog_plan_file(struct http_request *req)
{
    struct web_ctx *c = web_ctx(req);
    struct prog_plan p;
    struct filestore_meta meta = {.content_type = "application/pdf"};
    char name[256];
    unsigned status;
    enum mc_status st = MC_OK;

    prog_plan_init(&p);
    if (!prog_may_read(c->db, &c->session.user))
        st = MC_ERR_FORBIDDEN;
    if (st == MC_OK)
        st = path_plan(req, &p);
    if (st == MC_OK)
        st = prog_plan_file(c->db, p.id, meta.sha256, name, sizeof(name));
    if (st != MC_OK)
        status = web_fail(req, st, &(const struct web_says){
                              .not_found = "Kế hoạch này chưa có văn bản đính kèm",
                              .forbidden = "Bạn không có quyền xem kế hoạch này",
                              .failed = "Không đọc được tệp, xin thử lại sau"}, NULL);
    else
        status = dossier_view_send_file(req, &meta, name[0] ? name : "ke-hoach.pdf");
    prog_plan_release(&p);
    return status;
}

/* The tasks of one organisation moved to others (from "tu" to the list in "den"). */
static unsigned plan_reassign(struct http_request *req, struct prog_plan *p)
{
    struct web_ctx *c = web_ctx(req);
    struct form_errors errs = {0};
    const char *from = http_arg(req, "tu");
    const char *to = http_arg(req, "den");
    const char *targets[16];
    size_t n = 0;
    size_t moved = 0;
    char today[PROG_DAY_SIZE];
    unsigned status;
    enum mc_status st;

    char *list = arena_strdup(req->arena, to ? to : "");
    for (char *s = list; *s && n < 16;) {
        char *semi = strpbrk(s, ";, ");
        if (semi)
            *semi = '\0';
        if (*s)
            targets[n++] = s;
        if (!semi)
            break;
        s = semi + 1;
    }
    prog_today(today);
    st = !from || !from[0] ? MC_ERR_INVALID
                           : prog_reassign(c->db, p->id, from, targets, n, today, &c->actor,
                                           &moved);
    if (st == MC_ERR_INVALID || st == MC_ERR_NOT_FOUND) {
        form_errors_add(&errs, "den", st == MC_ERR_NOT_FOUND
                                          ? "Mã tổ chức không có trong danh sách tổ chức"
                                          : "Nhập mã tổ chức chuyển đi và ít nhất một tổ "
                                            "chức nhận, khác nhau");
        status = plan_page(req, 422, p, &errs, NULL, NULL);
    } else if (st != MC_OK) {
        status = web_fail(req, st, &PLAN_SAYS, NULL);
    } else {
        status = http_redirect(req, arena_printf(req->arena,
                                                 "/quan-tri/de-an/ke-hoach/%lld?da-luu=%zu",
                                                 (long long)p->id, moved));
    }
    return status;
}

static unsigned page_prog_plan_reassign(struct http_request *req)
{
    return with_focal_plan(req, plan_reassign);
}

/* ---------------------------------------------------------------- commendation */

/* The evidence lines of one row of the shortlist. */
static json_t *commend_evidence(const struct prog_commend_row *r)
{
    json_t *a = json_array();
    char n1[VNFMT_SIZE], share[VNFMT_SIZE];
    if (r->has_766)
        json_array_append_new(a, json_sprintf("Chỉ số phục vụ (766): %s điểm, hạng %d trong "
                                              "danh sách",
                                              vnfmt_decimal(n1, sizeof(n1), r->score_766, 1),
                                              r->rank_766));
    else
        json_array_append_new(a, json_string("Chỉ số phục vụ (766): chưa có dữ liệu"));
    if (r->feedback_due > 0)
        json_array_append_new(a, json_sprintf("Phản ánh, kiến nghị trả lời đúng hạn: %lld/%lld "
                                              "(%s)", (long long)r->feedback_on_time,
                                              (long long)r->feedback_due,
                                              vnfmt_share(share, sizeof(share),
                                                          r->feedback_on_time,
                                                          r->feedback_due)));
    else
        json_array_append_new(a, json_string("Phản ánh, kiến nghị: không có phản ánh đến hạn"));
    if (r->kpi_measured > 0)
        json_array_append_new(a, json_sprintf("Chỉ tiêu QĐ 1588 đạt mục tiêu: %d/%d chỉ tiêu có "
                                              "số liệu (%s)", r->kpi_on_target, r->kpi_measured,
                                              vnfmt_share(share, sizeof(share),
                                                          r->kpi_on_target, r->kpi_measured)));
    else
        json_array_append_new(a, json_string("Chỉ tiêu QĐ 1588: chưa có dữ liệu"));
    json_array_append_new(a, json_sprintf("Nhiệm vụ Đề án hoàn thành: %d/%d; minh chứng: %d",
                                          r->tasks_done, r->tasks, r->evidence));
    json_array_append_new(a, json_string(!r->reported ? "Báo cáo năm: chưa gửi"
                                         : r->reported_on_time ? "Báo cáo năm: gửi đúng hạn"
                                                               : "Báo cáo năm: gửi chậm"));
    json_array_append_new(a, json_sprintf("Tổ công nghệ số cộng đồng: đã hỗ trợ %s người dân",
                                          vnfmt_int(n1, sizeof(n1), r->helped)));
    return a;
}

static unsigned page_prog_commend(struct http_request *req)
{
    struct web_ctx *c = web_ctx(req);
    struct prog_plan p;
    struct prog_commend_list l;
    char today[PROG_DAY_SIZE];
    int64_t year = 0;
    unsigned status;
    enum mc_status st;

    prog_plan_init(&p);
    prog_commend_list_init(&l);
    prog_today(today);
    year = strtol(today, NULL, 10);
    if (http_arg(req, "nam") && !text_parse_id(http_arg(req, "nam"), &year))
        year = 0;
    st = path_plan(req, &p);
    if (st == MC_OK)
        st = prog_commend(c->db, &c->session.user, p.id, (int)year, &l);
    if (st != MC_OK) {
        status = web_fail(req, st, &(const struct web_says){
                              .invalid = "Năm phải từ 2000 đến 2100",
                              .forbidden = PLAN_SAYS.forbidden,
                              .not_found = PLAN_SAYS.not_found}, NULL);
        goto out;
    }
    json_t *rows = json_array();
    for (size_t i = 0; i < l.n; i++) {
        char score[VNFMT_SIZE];
        json_array_append_new(rows, json_pack("{s:i,s:s,s:s,s:s,s:o}", "rank", (int)i + 1,
                                              "org", l.rows[i].org_code, "name",
                                              l.rows[i].org_name, "score",
                                              vnfmt_decimal(score, sizeof(score),
                                                            l.rows[i].score, 1),
                                              "evidence", commend_evidence(&l.rows[i])));
    }
    json_t *data = json_pack("{s:I,s:s,s:I,s:o,s:b}", "id", (json_int_t)p.id, "number",
                             p.number[0] ? p.number : "chưa rõ số", "year", (json_int_t)year,
                             "rows", rows, "empty", l.n == 0);
    json_object_set_new(data, "weights",
                        json_pack("[{s:s,s:i},{s:s,s:i},{s:s,s:i},{s:s,s:i},{s:s,s:i},"
                                  "{s:s,s:i}]",
                                  "name", "chỉ số phục vụ 766", "percent", PROG_COMMEND_W_766,
                                  "name", "chỉ tiêu QĐ 1588 đạt mục tiêu", "percent",
                                  PROG_COMMEND_W_KPI, "name", "trả lời phản ánh đúng hạn",
                                  "percent", PROG_COMMEND_W_FEEDBACK, "name",
                                  "nhiệm vụ Đề án hoàn thành", "percent", PROG_COMMEND_W_TASKS,
                                  "name", "báo cáo năm đúng hạn", "percent",
                                  PROG_COMMEND_W_REPORT, "name",
                                  "hoạt động của Tổ công nghệ số cộng đồng", "percent",
                                  PROG_COMMEND_W_TEAM));
    status = web_page(req, 200, "admin_programme_commend.html",
                      "Danh sách đề nghị khen thưởng", data);
out:
    prog_commend_list_release(&l);
    prog_plan_release(&p);
    return status;
}

/* ---------------------------------------------------------------- workspace */

static const struct web_says TASK_SAYS = {
    .not_found = "Không có nhiệm vụ này",
    .forbidden = "Nhiệm vụ này không giao cho đơn vị của bạn",
    .failed = "Không lưu được, xin thử lại sau",
};

/* The task and organisation of the path; MC_ERR_FORBIDDEN when u may not read them. */
static enum mc_status path_task(struct http_request *req, struct prog_task *t, bool *may_edit)
{
    struct web_ctx *c = web_ctx(req);
    const struct user *u = &c->session.user;
    const char *org = req->params[1];
    struct prog_plan p;
    int64_t id = 0;
    bool acts = false, focal = false, overseer = false;
    enum mc_status st;

    *may_edit = false;
    prog_plan_init(&p);
    if (!text_parse_id(req->params[0], &id) || !text_is_code(org, strlen(org), 63, ".-_"))
        return MC_ERR_NOT_FOUND;
    st = prog_task_get(c->db, id, t);
    if (st == MC_OK)
        st = prog_plan_get(c->db, t->plan_id, &p);
    if (st == MC_OK)
        st = prog_acts_for(c->db, u, org, &acts);
    if (st == MC_OK)
        st = prog_is_focal(c->db, u, &p, &focal);
    if (st == MC_OK)
        st = prog_is_overseer(c->db, u, &overseer);
    if (st == MC_OK && !(acts || focal || overseer))
        st = MC_ERR_FORBIDDEN;
    if (st == MC_OK && acts) {
        struct prog_task_list l;
        prog_task_list_init(&l);
        st = prog_task_list(c->db, t->plan_id, org, &l);
        for (size_t i = 0; st == MC_OK && i < l.n; i++)
            *may_edit = *may_edit || l.items[i].id == id;
        prog_task_list_release(&l);
        if (!*may_edit && !(focal || overseer))
            st = MC_ERR_FORBIDDEN;
    }
    prog_plan_release(&p);
    return st;
}

static unsigned task_page(struct http_request *req, unsigned status, const struct prog_task *t,
                          bool may_edit, const struct form_errors *errs)
{
    struct web_ctx *c = web_ctx(req);
    json_t *data = prog_view_task_full(req, t);
    json_t *ws = prog_view_workspace(req, t, req->params[1]);
    json_object_update(data, ws);
    json_decref(ws);
    json_object_set_new(data, "org", json_string(req->params[1]));
    json_object_set_new(data, "org_name", json_string(prog_view_org_name(req, req->params[1])));
    json_object_set_new(data, "may_edit", json_boolean(may_edit));
    json_object_set_new(data, "saved", json_boolean(http_arg(req, "da-luu") != NULL));
    /* the figures the platform holds for this task this year */
    struct prog_live_list l;
    char today[PROG_DAY_SIZE];
    json_t *live = json_array();
    prog_today(today);
    prog_live_list_init(&l);
    if (prog_live_counts(c->db, t->plan_id, req->params[1], (int)strtol(today, NULL, 10), &l) ==
        MC_OK) {
        for (size_t i = 0; i < l.n; i++) {
            char n[VNFMT_SIZE];
            if (l.items[i].task_id != t->id)
                continue;
            json_array_append_new(
                live, json_pack("{s:s,s:s,s:s,s:s}", "kind", l.items[i].kind, "name",
                                prog_output_kind_name(l.items[i].kind), "count",
                                l.items[i].known ? vnfmt_int(n, sizeof(n), l.items[i].count)
                                                 : VNFMT_NO_DATA,
                                "source", prog_output_kind_source(l.items[i].kind)));
        }
    }
    prog_live_list_release(&l);
    json_object_set_new(data, "has_live", json_boolean(json_array_size(live) > 0));
    json_object_set_new(data, "live", live);
    json_object_set_new(data, "live_year", json_string(arena_printf(req->arena, "%.4s", today)));
    web_form_errors(data, errs);
    return web_page(req, status, "admin_programme_task.html", "Nhiệm vụ của đơn vị", data);
}

static unsigned page_prog_task(struct http_request *req)
{
    struct prog_task t;
    bool may_edit = false;
    unsigned status;
    prog_task_init(&t);
    enum mc_status st = path_task(req, &t, &may_edit);
    status = st == MC_OK ? task_page(req, 200, &t, may_edit, NULL)
                         : web_fail(req, st, &TASK_SAYS, NULL);
    prog_task_release(&t);
    return status;
}

/* A money amount typed by people ("20.000.000", "20000000"), -1 when empty. */
static bool parse_money(const char *s, int64_t *out)
{
    int64_t v = 0;
    size_t digits = 0;
    *out = -1;
    if (!s || !s[0])
        return true;
    for (const char *p = s; *p; p++) {
        if (*p == '.' || *p == ' ')
            continue;
        if (*p < '0' || *p > '9' || ++digits > 15)
            return false;
        v = v * 10 + (*p - '0');
    }
    *out = digits ? v : -1;
    return true;
}

/* Redirect back to the task page after a change. */
static unsigned back_to_task(struct http_request *req)
{
    return http_redirect(req, arena_printf(req->arena, "/quan-tri/de-an/nhiem-vu/%s/%s?da-luu=1",
                                           req->params[0], req->params[1]));
}

/*
 * A change the unit makes on its task: read the form, check it into errs
 * and save.  Returns MC_OK, MC_ERR_INVALID (errs says why) or as the
 * domain call.
 */
typedef enum mc_status (*task_change_fn)(struct http_request *req, const struct prog_task *t,
                                         struct form_errors *errs);

/*
 * Run change on the task of the path when the user may edit it: the task
 * page again (422) with the errors, the failure page, or back to the task.
 */
static unsigned task_change(struct http_request *req, task_change_fn change)
{
    struct prog_task t;
    struct form_errors errs = {0};
    bool may_edit = false;
    unsigned status;
    enum mc_status st;

    prog_task_init(&t);
    st = path_task(req, &t, &may_edit);
    if (st == MC_OK && !may_edit)
        st = MC_ERR_FORBIDDEN;
    if (st != MC_OK) {
        status = web_fail(req, st, &TASK_SAYS, NULL);
        goto out;
    }
    st = change(req, &t, &errs);
    if (st == MC_ERR_INVALID)
        status = task_page(req, 422, &t, may_edit, &errs);
    else if (st != MC_OK)
        status = web_fail(req, st, &TASK_SAYS, NULL);
    else
        status = back_to_task(req);
out:
    prog_task_release(&t);
    return status;
}

/* task_change_fn: the status, budgets and note of the task. */
static enum mc_status progress_change(struct http_request *req, const struct prog_task *t,
                                      struct form_errors *errs)
{
    struct web_ctx *c = web_ctx(req);
    struct prog_update up = {PROG_NOT_STARTED, -1, -1, http_arg(req, "ghi_chu")};
    if (!prog_status_parse(http_arg(req, "trang_thai"), &up.status))
        form_errors_add(errs, "trang_thai", "Chọn trạng thái của nhiệm vụ");
    if (!parse_money(http_arg(req, "kinh_phi_du_kien"), &up.budget_planned))
        form_errors_add(errs, "kinh_phi_du_kien", "Kinh phí dự kiến phải là số đồng");
    if (!parse_money(http_arg(req, "kinh_phi_da_chi"), &up.budget_spent))
        form_errors_add(errs, "kinh_phi_da_chi", "Kinh phí đã chi phải là số đồng");
    if (errs->count)
        return MC_ERR_INVALID;
    return prog_progress_save(c->db, &c->session.user, t->id, req->params[1], &up, &c->actor,
                              errs);
}

static unsigned page_prog_task_post(struct http_request *req)
{
    return task_change(req, progress_change);
}

/* True when s holds more than white space. */
static bool has_text(const char *s)
{
    size_t len = s ? strlen(s) : 0;
    if (s)
        text_trim(&s, &len);
    return len > 0;
}

/* task_change_fn: the count of one kind of output for a year. */
static enum mc_status output_change(struct http_request *req, const struct prog_task *t,
                                    struct form_errors *errs)
{
    struct web_ctx *c = web_ctx(req);
    int64_t year = 0;
    int64_t count = -1;
    enum mc_status st;
    const char *y = http_arg(req, "nam");
    const char *kind = http_arg(req, "loai");
    const char *reason = http_arg(req, "ly_do");
    if (!y || !text_parse_id(y, &year) || year < 2000 || year > 2100)
        form_errors_add(errs, "nam", "Năm phải từ 2000 đến 2100");
    if (!kind || !prog_output_kind_name(kind))
        form_errors_add(errs, "loai", "Chọn loại đầu ra");
    if (!parse_money(http_arg(req, "so_luong"), &count) || count < 0)
        form_errors_add(errs, "so_luong", "Số lượng phải là số không âm");
    if (kind && prog_output_kind_source(kind) && !has_text(reason))
        form_errors_add(errs, "ly_do",
                        "Số liệu này lấy tự động từ dữ liệu trên Cổng; muốn ghi số khác, "
                        "hãy nêu lý do");
    if (reason && strlen(reason) > PROG_REASON_MAX)
        form_errors_add(errs, "ly_do", "Lý do tối đa 1.000 ký tự");
    st = errs->count ? MC_ERR_INVALID
                     : prog_output_set(c->db, &c->session.user, t->id, req->params[1], (int)year,
                                       kind, count, reason, &c->actor);
    if (st == MC_ERR_INVALID && !errs->count)
        form_errors_add(errs, "so_luong", "Số lượng không hợp lệ");
    return st;
}

static unsigned page_prog_task_output(struct http_request *req)
{
    return task_change(req, output_change);
}

/* task_change_fn: one piece of evidence (a title, a link and/or a file). */
static enum mc_status evidence_change(struct http_request *req, const struct prog_task *t,
                                      struct form_errors *errs)
{
    struct web_ctx *c = web_ctx(req);
    struct filestore_meta meta;
    const char *sha = NULL, *name = NULL, *type = NULL;
    const struct http_upload *up = upload_take(req, "tep", dossier_view_upload_check, errs, &meta);
    if (up) {
        sha = arena_strdup(req->arena, meta.sha256);
        type = arena_strdup(req->arena, meta.content_type);
        name = dossier_view_upload_name(req, up, "minh-chung");
    }
    if (errs->count)
        return MC_ERR_INVALID;
    return prog_evidence_add(c->db, &c->session.user, t->id, req->params[1],
                             http_arg(req, "tieu_de"), http_arg(req, "duong_dan"), sha, name,
                             type, &c->actor, errs);
}

static unsigned page_prog_task_evidence(struct http_request *req)
{
    return task_change(req, evidence_change);
}

static unsigned page_prog_task_evidence_file(struct http_request *req)
{
    struct web_ctx *c = web_ctx(req);
    struct prog_task t;
    struct filestore_meta meta = {0};
    char name[256];
    bool may_edit = false;
    int64_t id = 0;
    unsigned status;
    enum mc_status st;

    prog_task_init(&t);
    st = path_task(req, &t, &may_edit);
    if (st == MC_OK && !text_parse_id(req->params[2], &id))
        st = MC_ERR_NOT_FOUND;
    if (st == MC_OK)
        st = prog_evidence_file(c->db, t.id, req->params[1], id, meta.sha256, name, sizeof(name),
                                meta.content_type, sizeof(meta.content_type));
    if (st != MC_OK)
        status = web_fail(req, st, &(const struct web_says){
                              .not_found = "Không có tệp minh chứng này",
                              .forbidden = TASK_SAYS.forbidden,
                              .failed = "Không đọc được tệp, xin thử lại sau"}, NULL);
    else
        status = dossier_view_send_file(req, &meta, name[0] ? name : "minh-chung");
    prog_task_release(&t);
    return status;
}

/* ---------------------------------------------------------------- routes */

#define BASE PROG_WEB_BASE

static const struct http_route routes[] = {
    {HTTP_GET, BASE, page_prog_home, R_STAFF, 0},
    {HTTP_GET, BASE "/theo-doi", page_prog_follow, R_STAFF, 0},
    {HTTP_POST, BASE "/ke-hoach", page_prog_plan_create, R_STAFF, WEB_UPLOAD_MAX},
    {HTTP_GET, BASE "/ke-hoach/{id}", page_prog_plan, R_STAFF, 0},
    {HTTP_GET, BASE "/ke-hoach/{id}/nhiem-vu.csv", page_prog_plan_export, R_STAFF, 0},
    {HTTP_GET, BASE "/ke-hoach/{id}/nhiem-vu.xlsx", page_prog_plan_export, R_STAFF, 0},
    {HTTP_GET, BASE "/ke-hoach/{id}/khen-thuong", page_prog_commend, R_STAFF, 0},
    {HTTP_POST, BASE "/ke-hoach/{id}/sua", page_prog_plan_edit, R_STAFF, WEB_UPLOAD_MAX},
    {HTTP_GET, BASE "/ke-hoach/{id}/van-ban", page_prog_plan_file, R_STAFF, 0},
    {HTTP_POST, BASE "/ke-hoach/{id}/nhap", page_prog_plan_import, R_STAFF,
     PROG_WEB_IMPORT_MAX},
    {HTTP_POST, BASE "/ke-hoach/{id}/phan-cong-lai", page_prog_plan_reassign, R_STAFF,
     WEB_FORM_MAX},
    {HTTP_GET, BASE "/nhiem-vu/{id}/{org}", page_prog_task, R_STAFF, 0},
    {HTTP_POST, BASE "/nhiem-vu/{id}/{org}", page_prog_task_post, R_STAFF, WEB_FORM_MAX},
    {HTTP_POST, BASE "/nhiem-vu/{id}/{org}/dau-ra", page_prog_task_output, R_STAFF,
     WEB_FORM_MAX},
    {HTTP_POST, BASE "/nhiem-vu/{id}/{org}/minh-chung", page_prog_task_evidence, R_STAFF,
     WEB_UPLOAD_MAX},
    {HTTP_GET, BASE "/nhiem-vu/{id}/{org}/minh-chung/{eid}", page_prog_task_evidence_file,
     R_STAFF, 0},
};

#undef BASE

const struct web_routes web_page_programme_routes = WEB_ROUTES(routes);
