/*
 * programme_consolidate.c - the consolidated report of a cycle: the frozen
 * summary and its three renderings, DOCX, PDF and xlsx (see
 * programme_consolidate.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>
#include <zip.h>

#include "core/array.h"
#include "core/assets.h"
#include "core/clock.h"
#include "core/log.h"
#include "core/mem.h"
#include "core/pdf.h"
#include "core/text.h"
#include "core/tmpl.h"
#include "core/vnfmt.h"
#include "core/xlsx_style.h"
#include "core/xlsx_write.h"
#include "domain/programme/programme_consolidate.h"

/* ---------------------------------------------------------------- queries */

static const struct db_query Q_PROGRESS = {
    "programme.consolidate_progress",
    "SELECT p.task_id, p.status FROM task_progress p JOIN plan_tasks t ON t.id = p.task_id"
    " WHERE t.plan_id = ?1 ORDER BY p.task_id",
};
static const struct db_query Q_OUTPUTS = {
    "programme.consolidate_outputs",
    "SELECT kind, sum(n) FROM ("
    " SELECT o.kind AS kind, o.count AS n FROM task_outputs o"
    " JOIN plan_tasks t ON t.id = o.task_id WHERE t.plan_id = ?1 AND o.year = ?2"
    " UNION ALL"
    " SELECT l.kind AS kind, l.count AS n FROM report_live_counts l"
    " JOIN programme_reports r ON r.id = l.report_id WHERE r.cycle_id = ?3"
    " AND r.state IN ('submitted', 'accepted') AND NOT EXISTS (SELECT 1 FROM task_outputs o"
    " WHERE o.task_id = l.task_id AND o.org_code = r.org_code AND o.year = ?2"
    " AND o.kind = l.kind)) x GROUP BY kind ORDER BY kind",
};
static const struct db_query Q_NEXT_REVISION = {
    "programme.consolidate_next",
    "SELECT COALESCE(max(revision), 0) + 1 FROM programme_consolidations WHERE cycle_id = ?1",
};
static const struct db_query Q_FREEZE = {
    "programme.consolidate_freeze",
    "INSERT INTO programme_consolidations (cycle_id, revision, summary, created_by, created_at)"
    " VALUES (?1, ?2, ?3, NULLIF(?4, 0), ?5)",
};
static const struct db_query Q_REVISIONS = {
    "programme.consolidations",
    "SELECT revision, created_at FROM programme_consolidations WHERE cycle_id = ?1"
    " ORDER BY revision DESC",
};
static const struct db_query Q_REVISION = {
    "programme.consolidation",
    "SELECT summary FROM programme_consolidations WHERE cycle_id = ?1 AND revision = ?2",
};

static prog_kpi_source_fn kpi_source;

void prog_set_kpi_source(prog_kpi_source_fn fn)
{
    kpi_source = fn;
}

/* ---------------------------------------------------------------- summary */

/* The status of a task over the organisations that recorded one. */
static enum prog_status task_overall(const struct prog_task *t, const int64_t *ids,
                                     const enum prog_status *st, size_t n)
{
    size_t seen = 0, done = 0, started = 0, late = 0;
    for (size_t i = 0; i < n; i++) {
        if (ids[i] != t->id)
            continue;
        seen++;
        done += st[i] == PROG_DONE;
        started += st[i] == PROG_IN_PROGRESS;
        late += st[i] == PROG_LATE;
    }
    if (late)
        return PROG_LATE;
    if (seen && done == seen)
        return PROG_DONE;
    if (done || started)
        return PROG_IN_PROGRESS;
    return PROG_NOT_STARTED;
}

/* The names of a ';'-list of organisation codes, "; "-joined, into b. */
static void names_of(struct db *db, const char *codes, struct buf *b)
{
    struct org o;
    org_init(&o);
    buf_reset(b);
    for (const char *p = codes; p && *p;) {
        const char *end = strchr(p, ';');
        char code[ORG_CODE_MAX];
        snprintf(code, sizeof(code), "%.*s", (int)(end ? (size_t)(end - p) : strlen(p)), p);
        if (b->len)
            buf_adds(b, "; ");
        buf_adds(b, org_get(db, code, &o) == MC_OK ? o.name : code);
        p = end ? end + 1 : NULL;
    }
    org_release(&o);
}

/* Tasks with their overall status, and the counts by status, into s. */
static enum mc_status summary_tasks(struct db *db, const struct prog_cycle *c, json_t *s)
{
    struct prog_task_list l;
    struct db_stmt *st = NULL;
    int64_t *ids = NULL;
    enum prog_status *sts = NULL;
    size_t n = 0, cap = 0, cap2 = 0, n2 = 0;
    size_t counts[4] = {0, 0, 0, 0};
    json_t *tasks = json_array();
    struct buf names;
    enum mc_status rc;

    prog_task_list_init(&l);
    buf_init(&names, BUF_MAX_SMALL);
    rc = db_query_start(db, &Q_PROGRESS, &st, "i", c->plan_id);
    while (db_next(st, &rc)) {
        enum prog_status v = PROG_NOT_STARTED;
        if (!prog_status_parse(db_col_text(st, 1), &v))
            v = PROG_NOT_STARTED;
        *ARRAY_PUSH(ids, n, cap) = db_col_int64(st, 0);
        *ARRAY_PUSH(sts, n2, cap2) = v;
    }
    db_done(st);
    if (rc == MC_OK)
        rc = prog_task_list(db, c->plan_id, NULL, &l);
    for (size_t i = 0; rc == MC_OK && i < l.n; i++) {
        enum prog_status v = task_overall(&l.items[i], ids, sts, n);
        counts[v]++;
        names_of(db, l.items[i].leads, &names);
        json_array_append_new(tasks, json_pack("{s:s,s:s,s:s,s:s,s:s}", "number",
                                               l.items[i].number, "content",
                                               l.items[i].content, "leads", buf_cstr(&names),
                                               "status", prog_status_label(v), "status_key",
                                               prog_status_name(v)));
    }
    json_object_set_new(s, "tasks", tasks);
    json_object_set_new(s, "ntasks", json_integer((json_int_t)l.n));
    json_object_set_new(s, "not_started", json_integer((json_int_t)counts[PROG_NOT_STARTED]));
    json_object_set_new(s, "in_progress", json_integer((json_int_t)counts[PROG_IN_PROGRESS]));
    json_object_set_new(s, "done", json_integer((json_int_t)counts[PROG_DONE]));
    json_object_set_new(s, "late", json_integer((json_int_t)counts[PROG_LATE]));
    buf_release(&names);
    prog_task_list_release(&l);
    free(ids);
    free(sts);
    return rc;
}

/* Output totals of the cycle's year. */
static enum mc_status summary_outputs(struct db *db, const struct prog_cycle *c, json_t *s)
{
    struct db_stmt *st = NULL;
    json_t *out = json_array();
    enum mc_status rc = db_query_start(db, &Q_OUTPUTS, &st, "iii", c->plan_id,
                                       (int64_t)c->year, c->id);
    while (db_next(st, &rc)) {
        const char *kind = db_col_text(st, 0);
        const char *name = prog_output_kind_name(kind);
        char n[VNFMT_SIZE];
        json_array_append_new(out, json_pack("{s:s,s:s,s:s,s:I}", "key", kind, "name",
                                             name ? name : kind, "count",
                                             vnfmt_int(n, sizeof(n), db_col_int64(st, 1)),
                                             "total", (json_int_t)db_col_int64(st, 1)));
    }
    db_done(st);
    json_object_set_new(s, "has_outputs", json_boolean(json_array_size(out) > 0));
    json_object_set_new(s, "outputs", out);
    return rc;
}

/*
 * The figures the platform gave each submitted report (frozen on
 * submission), with the organisation's override and its reason, into s:
 * "counts" [{org, task, name, count, source, typed, typed_count, reason}]
 * and "overrides" (those with a typed count).
 */
static enum mc_status summary_counts(struct db *db, const struct prog_cycle *c, json_t *s)
{
    struct prog_report_list rl;
    struct org o;
    json_t *all = json_array(), *over = json_array();
    enum mc_status rc;

    prog_report_list_init(&rl);
    org_init(&o);
    rc = prog_report_list(db, c->id, &rl);
    for (size_t i = 0; rc == MC_OK && i < rl.n; i++) {
        struct prog_live_list l;
        bool frozen = false;
        const struct prog_report *r = &rl.items[i];
        if (r->state != PROG_REPORT_SUBMITTED && r->state != PROG_REPORT_ACCEPTED)
            continue;
        prog_live_list_init(&l);
        rc = prog_report_counts(db, r, c, &l, &frozen);
        const char *name = rc == MC_OK && org_get(db, r->org_code, &o) == MC_OK ? o.name
                                                                               : r->org_code;
        for (size_t k = 0; rc == MC_OK && k < l.n; k++) {
            const struct prog_live *x = &l.items[k];
            char n[VNFMT_SIZE], t[VNFMT_SIZE];
            json_t *row = json_pack(
                "{s:s,s:s,s:s,s:s,s:s,s:b,s:s,s:s}", "org", name, "task", x->task_number,
                "name", prog_output_kind_name(x->kind), "count",
                x->known ? vnfmt_int(n, sizeof(n), x->count) : VNFMT_NO_DATA, "source",
                prog_output_kind_source(x->kind), "typed", x->typed, "typed_count",
                x->typed ? vnfmt_int(t, sizeof(t), x->typed_count) : "", "reason",
                x->reason ? x->reason : "");
            if (x->typed)
                json_array_append(over, row);
            json_array_append_new(all, row);
        }
        prog_live_list_release(&l);
    }
    json_object_set_new(s, "has_counts", json_boolean(json_array_size(all) > 0));
    json_object_set_new(s, "counts", all);
    json_object_set_new(s, "has_overrides", json_boolean(json_array_size(over) > 0));
    json_object_set_new(s, "overrides", over);
    org_release(&o);
    prog_report_list_release(&rl);
    return rc;
}

/* The string member k of o, or "". */
static const char *jstr(const json_t *o, const char *k)
{
    const char *s = json_string_value(json_object_get(o, k));
    return s ? s : "";
}

/* A number of the KPI document as people read it, or "" for null. */
static json_t *kpi_text(const json_t *v, bool percent)
{
    char s[VNFMT_SIZE] = "";
    if (json_is_integer(v))
        vnfmt_int(s, sizeof(s), (int64_t)json_integer_value(v));
    else if (json_is_real(v) && percent)
        vnfmt_percent(s, sizeof(s), json_real_value(v));
    else if (json_is_real(v))
        vnfmt_decimal(s, sizeof(s), json_real_value(v), 1);
    if (percent && json_is_integer(v))
        vnfmt_percent(s, sizeof(s), (double)json_integer_value(v));
    return json_string(s);
}

/* The KPI table from the source, as rows the documents print, into s. */
static void summary_kpis(struct db *db, const struct prog_cycle *c,
                         const struct audit_actor *who, json_t *s)
{
    json_t *doc = NULL;
    json_t *rows = json_array();
    char period[8];
    size_t i;
    json_t *k;
    snprintf(period, sizeof(period), "%d", c->year);
    if (kpi_source && kpi_source(db, period, who, &doc) != MC_OK)
        doc = NULL;
    json_array_foreach(json_object_get(doc, "kpis"), i, k) {
        json_t *value = json_object_get(k, "value");
        json_t *row = json_pack("{s:s,s:s}", "key", jstr(k, "key"), "name", jstr(k, "name"));
        json_object_set_new(row, "value", json_is_null(value) || !value
                                              ? json_string(VNFMT_NO_DATA)
                                              : kpi_text(value, true));
        json_object_set_new(row, "numerator", kpi_text(json_object_get(k, "numerator"), false));
        json_object_set_new(row, "denominator",
                            kpi_text(json_object_get(k, "denominator"), false));
        json_object_set_new(row, "target", kpi_text(json_object_get(k, "target"), true));
        json_array_append_new(rows, row);
    }
    json_object_set_new(s, "has_kpis", json_boolean(json_array_size(rows) > 0));
    json_object_set_new(s, "kpis", rows);
    json_object_set_new(s, "kpi_period", json_string(period));
    if (json_is_integer(json_object_get(doc, "revision")))
        json_object_set(s, "kpi_revision", json_object_get(doc, "revision"));
    json_object_set_new(s, "kpi_source", doc ? doc : json_null());
}

/* Who reported, difficulties and proposals, into s. */
static enum mc_status summary_reports(struct db *db, const struct prog_cycle *c, json_t *s)
{
    struct prog_board b;
    struct prog_difficulty_list dl;
    struct prog_report_list rl;
    json_t *reports = json_array(), *diffs = json_array(), *props = json_array();
    struct org o;
    enum mc_status rc;

    prog_board_init(&b);
    prog_difficulty_list_init(&dl);
    prog_report_list_init(&rl);
    org_init(&o);
    rc = prog_board_load(db, c->id, &b);
    for (size_t i = 0; rc == MC_OK && i < b.n; i++) {
        char when[VNFMT_SIZE] = "";
        if (b.rows[i].submitted_at)
            vnfmt_date(when, sizeof(when), b.rows[i].submitted_at);
        json_array_append_new(reports, json_pack("{s:s,s:s,s:s,s:s,s:b}", "org",
                                                 b.rows[i].org_code, "name", b.rows[i].org_name,
                                                 "state",
                                                 prog_report_state_label(b.rows[i].state),
                                                 "submitted", when, "late", b.rows[i].late));
    }
    if (rc == MC_OK)
        rc = prog_difficulty_list(db, c->id, &dl);
    for (size_t i = 0; rc == MC_OK && i < dl.n; i++) {
        const char *name = org_get(db, dl.items[i].org_code, &o) == MC_OK ? o.name
                                                                          : dl.items[i].org_code;
        json_array_append_new(diffs, json_pack("{s:s,s:s,s:s}", "org", name, "body",
                                               dl.items[i].body, "answer", dl.items[i].answer));
    }
    if (rc == MC_OK)
        rc = prog_report_list(db, c->id, &rl);
    for (size_t i = 0; rc == MC_OK && i < rl.n; i++) {
        const struct prog_report *r = &rl.items[i];
        if (!r->proposals[0] ||
            (r->state != PROG_REPORT_SUBMITTED && r->state != PROG_REPORT_ACCEPTED))
            continue;
        const char *name = org_get(db, r->org_code, &o) == MC_OK ? o.name : r->org_code;
        json_array_append_new(props, json_pack("{s:s,s:s}", "org", name, "text", r->proposals));
    }
    json_object_set_new(s, "reports", reports);
    json_object_set_new(s, "difficulties", diffs);
    json_object_set_new(s, "proposals", props);
    json_object_set_new(s, "nreports", json_integer((json_int_t)b.n));
    json_object_set_new(s, "nsubmitted", json_integer((json_int_t)b.submitted));
    json_object_set_new(s, "naccepted", json_integer((json_int_t)b.accepted));
    json_object_set_new(s, "nmissing", json_integer((json_int_t)b.missing));
    json_object_set_new(s, "nlate", json_integer((json_int_t)b.late));
    org_release(&o);
    prog_report_list_release(&rl);
    prog_difficulty_list_release(&dl);
    prog_board_release(&b);
    return rc;
}

/* The header of the summary: titles, dates, the focal agency. */
static void summary_head(struct db *db, const struct prog_plan *p, const struct prog_cycle *c,
                         int revision, json_t *s)
{
    struct org o;
    struct buf up;
    char created[VNFMT_SIZE], iso[40], due[16], title[400];
    int64_t now = clock_now();
    org_init(&o);
    buf_init(&up, 4096);
    const char *focal = org_get(db, c->recipient_code, &o) == MC_OK ? o.name : c->recipient_code;
    if (text_upper(focal, strlen(focal), &up) != MC_OK)
        buf_adds(&up, focal);
    snprintf(due, sizeof(due), "%.2s/%.2s/%.4s", c->due_on + 8, c->due_on + 5, c->due_on);
    snprintf(title, sizeof(title), "Kết quả thực hiện Kế hoạch triển khai Đề án 1588 năm %d",
             c->year);
    clock_format_iso(now, iso, sizeof(iso));
    json_object_set_new(s, "title", json_string(title));
    json_object_set_new(s, "focal", json_string(focal));
    json_object_set_new(s, "focal_upper", json_string(buf_cstr(&up)));
    json_object_set_new(s, "created", json_string(vnfmt_datetime(created, sizeof(created), now)));
    json_object_set_new(s, "created_iso", json_string(iso));
    json_object_set_new(s, "plan_number", json_string(p->number[0] ? p->number : "(chưa rõ số)"));
    json_object_set_new(s, "plan_title", json_string(p->title ? p->title : ""));
    json_object_set_new(s, "cycle_title", json_string(c->title));
    json_object_set_new(s, "due", json_string(due));
    json_object_set_new(s, "year", json_integer(c->year));
    json_object_set_new(s, "revision", json_integer(revision));
    buf_release(&up);
    org_release(&o);
}

struct freeze_ctx {
    int64_t cycle_id;
    json_t *summary;
    const struct audit_actor *who;
    int revision;
};

static enum mc_status freeze_tx(struct db *db, void *arg)
{
    struct freeze_ctx *f = arg;
    int64_t rev = 0;
    char *text = NULL;
    char object[48];
    enum mc_status rc = db_get_int(db, &Q_NEXT_REVISION, &rev, "i", f->cycle_id);
    if (rc == MC_OK) {
        json_object_set_new(f->summary, "revision", json_integer((json_int_t)rev));
        text = json_dumps(f->summary, JSON_COMPACT);
        rc = text ? db_run(db, &Q_FREEZE, NULL, "iisii", f->cycle_id, rev, text,
                           f->who->user_id, clock_now())
                  : MC_ERR_INTERNAL;
    }
    snprintf(object, sizeof(object), "cycle:%lld", (long long)f->cycle_id);
    if (rc == MC_OK)
        rc = audit_record(db, f->who, "programme.consolidate", object, NULL);
    f->revision = (int)rev;
    free(text);
    return rc;
}

enum mc_status prog_consolidate(struct db *db, const struct user *u, int64_t cycle_id,
                                const struct audit_actor *who, int *revision)
{
    struct prog_cycle c;
    struct prog_plan p;
    struct freeze_ctx f = {cycle_id, json_object(), who, 0};
    bool focal = false;
    enum mc_status rc;

    prog_plan_init(&p);
    rc = prog_cycle_get(db, cycle_id, &c);
    if (rc == MC_OK)
        rc = prog_plan_get(db, c.plan_id, &p);
    if (rc == MC_OK)
        rc = prog_is_focal(db, u, &p, &focal);
    if (rc == MC_OK && !focal)
        rc = MC_ERR_FORBIDDEN;
    if (rc == MC_OK) {
        summary_head(db, &p, &c, 0, f.summary);
        rc = summary_tasks(db, &c, f.summary);
    }
    if (rc == MC_OK)
        rc = summary_outputs(db, &c, f.summary);
    if (rc == MC_OK)
        rc = summary_counts(db, &c, f.summary);
    if (rc == MC_OK) {
        summary_kpis(db, &c, who, f.summary);
        rc = summary_reports(db, &c, f.summary);
    }
    if (rc == MC_OK)
        rc = db_tx(db, freeze_tx, &f);
    if (rc == MC_OK && revision)
        *revision = f.revision;
    json_decref(f.summary);
    prog_plan_release(&p);
    return rc;
}

enum mc_status prog_consolidations(struct db *db, int64_t cycle_id,
                                   struct prog_consolidation **out, size_t *n)
{
    struct db_stmt *st = NULL;
    size_t cap = 0;
    enum mc_status rc = db_query_start(db, &Q_REVISIONS, &st, "i", cycle_id);
    *out = NULL;
    *n = 0;
    while (db_next(st, &rc)) {
        struct prog_consolidation *c = ARRAY_PUSH(*out, *n, cap);
        c->revision = (int)db_col_int64(st, 0);
        c->created_at = db_col_int64(st, 1);
    }
    db_done(st);
    return rc;
}

enum mc_status prog_consolidation_get(struct db *db, int64_t cycle_id, int revision,
                                      json_t **summary)
{
    struct db_stmt *st = NULL;
    json_error_t err;
    enum mc_status rc = db_get_row(db, &Q_REVISION, &st, "ii", cycle_id, (int64_t)revision);
    *summary = NULL;
    if (rc == MC_OK) {
        *summary = json_loads(db_col_text(st, 0), 0, &err);
        if (!*summary)
            rc = MC_ERR_INTERNAL;
    }
    db_done(st);
    return rc;
}

/* ---------------------------------------------------------------- DOCX */

/* The parts of the package: name in the zip, template under templates/programme_report/. */
static const char *const docx_parts[][2] = {
    {"[Content_Types].xml", "content_types.xml"},
    {"_rels/.rels", "rels.xml"},
    {"docProps/core.xml", "core.xml"},
    {"word/document.xml", "document.xml"},
    {"word/_rels/document.xml.rels", "document_rels.xml"},
    {"word/styles.xml", "styles.xml"},
};

#define DOCX_PARTS MC_ARRAY_LEN(docx_parts)

/* Render every part of the package from its template into parts[]. */
static enum mc_status render_parts(const json_t *summary, struct buf *parts)
{
    struct tmpl_set *set = tmpl_set_new();
    char err[256];
    enum mc_status rc = MC_OK;
    for (size_t i = 0; rc == MC_OK && i < DOCX_PARTS; i++) {
        char path[96];
        snprintf(path, sizeof(path), "templates/programme_report/%s", docx_parts[i][1]);
        const struct asset *a = asset_find(path);
        rc = a ? tmpl_set_add(set, docx_parts[i][1], a->data, err, sizeof(err))
               : MC_ERR_INTERNAL;
    }
    if (rc == MC_OK)
        rc = tmpl_set_resolve(set, err, sizeof(err));
    for (size_t i = 0; rc == MC_OK && i < DOCX_PARTS; i++)
        rc = tmpl_render(set, docx_parts[i][1], (json_t *)summary, &parts[i]);
    if (rc != MC_OK)
        log_error("consolidated report: cannot render the DOCX parts (%s)",
                  mc_status_name(rc));
    tmpl_set_free(set);
    return rc;
}

/* Zip the rendered parts into out (in memory, with libzip). */
static enum mc_status zip_parts(struct buf *parts, struct buf *out)
{
    zip_error_t ze;
    zip_source_t *src = NULL;
    zip_t *za = NULL;
    enum mc_status rc = MC_ERR_IO;
    zip_int64_t len;

    zip_error_init(&ze);
    src = zip_source_buffer_create(NULL, 0, 0, &ze);
    if (!src)
        goto out;
    za = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
    if (!za)
        goto out;
    zip_source_keep(src);
    for (size_t i = 0; i < DOCX_PARTS; i++) {
        zip_source_t *s = zip_source_buffer(za, parts[i].data, parts[i].len, 0);
        zip_int64_t idx = s ? zip_file_add(za, docx_parts[i][0], s, ZIP_FL_ENC_UTF_8) : -1;
        if (idx < 0) {
            zip_source_free(s);
            goto out;
        }
        /* a fixed time: the same summary gives the same bytes */
        zip_file_set_mtime(za, (zip_uint64_t)idx, 1577836800, 0);
    }
    if (zip_close(za) != 0)
        goto out;
    za = NULL;
    if (zip_source_open(src) != 0)
        goto out;
    zip_source_seek(src, 0, SEEK_END);
    len = zip_source_tell(src);
    zip_source_seek(src, 0, SEEK_SET);
    if (len > 0) {
        char *tmp = xmalloc((size_t)len);
        if (zip_source_read(src, tmp, (zip_uint64_t)len) == len) {
            buf_add(out, tmp, (size_t)len);
            rc = buf_status(out);
        }
        free(tmp);
    }
    zip_source_close(src);
out:
    if (za)
        zip_discard(za);
    if (src)
        zip_source_free(src);
    zip_error_fini(&ze);
    return rc;
}

enum mc_status prog_docx_write(const json_t *summary, struct buf *out)
{
    struct buf parts[DOCX_PARTS];
    enum mc_status rc;
    for (size_t i = 0; i < DOCX_PARTS; i++)
        buf_init(&parts[i], BUF_MAX_PAGE);
    rc = render_parts(summary, parts);
    if (rc == MC_OK)
        rc = zip_parts(parts, out);
    for (size_t i = 0; i < DOCX_PARTS; i++)
        buf_release(&parts[i]);
    return rc;
}

/* ---------------------------------------------------------------- PDF */

#define PDF_W 595.0f
#define PDF_H 842.0f
#define PDF_MARGIN 56.0f

struct pdf {
    HPDF_Doc doc;
    HPDF_Page page;
    HPDF_Font regular, bold;
    float y;
};

static void pdf_page(struct pdf *p)
{
    p->page = HPDF_AddPage(p->doc);
    HPDF_Page_SetSize(p->page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
    p->y = PDF_H - PDF_MARGIN;
}

/* One line of text at x, then down by lead (a new page when full). */
static void pdf_line(struct pdf *p, HPDF_Font f, float size, float x, const char *s, float lead)
{
    if (p->y < PDF_MARGIN + lead)
        pdf_page(p);
    HPDF_Page_BeginText(p->page);
    HPDF_Page_SetFontAndSize(p->page, f, size);
    HPDF_Page_TextOut(p->page, x, p->y - size, s);
    HPDF_Page_EndText(p->page);
    p->y -= lead;
}

/* Bytes of the UTF-8 character starting with c. */
static size_t u8len(unsigned char c)
{
    return c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
}

/* s wrapped to the width between x and the right margin. */
static void pdf_text(struct pdf *p, HPDF_Font f, float size, float x, const char *s)
{
    const float width = PDF_W - PDF_MARGIN - x;
    char line[2048];
    size_t len = 0;
    size_t last_space = 0;
    HPDF_Page_SetFontAndSize(p->page, f, size);
    for (const char *c = s; c && *c;) {
        size_t n = u8len((unsigned char)*c);
        if (*c == '\n') {
            line[len] = '\0';
            pdf_line(p, f, size, x, line, size * 1.45f);
            len = 0;
            last_space = 0;
            c++;
            continue;
        }
        if (len + n >= sizeof(line) - 1)
            break;
        memcpy(line + len, c, n);
        len += n;
        c += n;
        if (line[len - 1] == ' ')
            last_space = len;
        line[len] = '\0';
        HPDF_Page_SetFontAndSize(p->page, f, size);
        if (HPDF_Page_TextWidth(p->page, line) > width && last_space > 0) {
            char rest[2048];
            size_t keep = len - last_space;
            memcpy(rest, line + last_space, keep);
            line[last_space - 1] = '\0';
            pdf_line(p, f, size, x, line, size * 1.45f);
            memcpy(line, rest, keep);
            len = keep;
            last_space = 0;
        }
    }
    line[len] = '\0';
    if (len)
        pdf_line(p, f, size, x, line, size * 1.45f);
}


static void pdf_heading(struct pdf *p, const char *s)
{
    p->y -= 6;
    pdf_text(p, p->bold, 12.5f, PDF_MARGIN, s);
}

static void pdf_body(struct pdf *p, const json_t *s)
{
    char line[1024];
    size_t i;
    json_t *r;
    pdf_text(p, p->bold, 11, PDF_MARGIN, jstr(s, "focal_upper"));
    pdf_text(p, p->bold, 11, PDF_MARGIN, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM - Độc lập - Tự do - "
             "Hạnh phúc");
    p->y -= 8;
    pdf_text(p, p->bold, 15, PDF_MARGIN, "BÁO CÁO");
    pdf_text(p, p->bold, 12.5f, PDF_MARGIN, jstr(s, "title"));
    snprintf(line, sizeof(line), "Thực hiện Kế hoạch số %s: %s. Kỳ báo cáo: %s (hạn %s). "
             "Bản tổng hợp phiên bản %lld, lập lúc %s.", jstr(s, "plan_number"),
             jstr(s, "plan_title"), jstr(s, "cycle_title"), jstr(s, "due"),
             (long long)json_integer_value(json_object_get(s, "revision")), jstr(s, "created"));
    pdf_text(p, p->regular, 10.5f, PDF_MARGIN, line);
    pdf_heading(p, "I. Tình hình thực hiện nhiệm vụ");
    snprintf(line, sizeof(line), "Tổng số %lld nhiệm vụ: hoàn thành %lld, đang thực hiện %lld, "
             "chậm %lld, chưa triển khai %lld.",
             (long long)json_integer_value(json_object_get(s, "ntasks")),
             (long long)json_integer_value(json_object_get(s, "done")),
             (long long)json_integer_value(json_object_get(s, "in_progress")),
             (long long)json_integer_value(json_object_get(s, "late")),
             (long long)json_integer_value(json_object_get(s, "not_started")));
    pdf_text(p, p->regular, 10.5f, PDF_MARGIN, line);
    json_array_foreach(json_object_get(s, "tasks"), i, r) {
        snprintf(line, sizeof(line), "%s. %s", jstr(r, "number"), jstr(r, "content"));
        pdf_text(p, p->regular, 10, PDF_MARGIN, line);
        snprintf(line, sizeof(line), "Chủ trì: %s. Tình trạng: %s.", jstr(r, "leads"),
                 jstr(r, "status"));
        pdf_text(p, p->regular, 9.5f, PDF_MARGIN + 18, line);
    }
    json_array_foreach(json_object_get(s, "outputs"), i, r) {
        snprintf(line, sizeof(line), "- %s: %s", jstr(r, "name"), jstr(r, "count"));
        pdf_text(p, p->regular, 10, PDF_MARGIN, line);
    }
    if (json_array_size(json_object_get(s, "counts")) > 0)
        pdf_text(p, p->regular, 10.5f, PDF_MARGIN,
                 "Số liệu lấy từ Cổng (chốt khi đơn vị gửi báo cáo):");
    json_array_foreach(json_object_get(s, "counts"), i, r) {
        snprintf(line, sizeof(line), "- %s, nhiệm vụ %s: %s %s (nguồn: %s)%s%s%s%s",
                 jstr(r, "org"), jstr(r, "task"), jstr(r, "name"), jstr(r, "count"),
                 jstr(r, "source"), json_is_true(json_object_get(r, "typed")) ? "; đơn vị ghi "
                                                                              : "",
                 jstr(r, "typed_count"),
                 json_is_true(json_object_get(r, "typed")) ? ", lý do: " : "",
                 jstr(r, "reason"));
        pdf_text(p, p->regular, 10, PDF_MARGIN, line);
    }
    pdf_heading(p, "II. Kết quả các chỉ tiêu");
    if (json_array_size(json_object_get(s, "kpis")) == 0)
        pdf_text(p, p->regular, 10.5f, PDF_MARGIN, "Chưa có dữ liệu chỉ tiêu.");
    json_array_foreach(json_object_get(s, "kpis"), i, r) {
        snprintf(line, sizeof(line), "%s: %s (tử số %s, mẫu số %s; mục tiêu %s)",
                 jstr(r, "name"), jstr(r, "value"), jstr(r, "numerator"),
                 jstr(r, "denominator"), jstr(r, "target"));
        pdf_text(p, p->regular, 10, PDF_MARGIN, line);
    }
    pdf_heading(p, "III. Tình hình báo cáo của các đơn vị");
    json_array_foreach(json_object_get(s, "reports"), i, r) {
        snprintf(line, sizeof(line), "%s: %s%s%s", jstr(r, "name"), jstr(r, "state"),
                 jstr(r, "submitted")[0] ? ", gửi ngày " : "", jstr(r, "submitted"));
        pdf_text(p, p->regular, 10, PDF_MARGIN, line);
    }
    pdf_heading(p, "IV. Khó khăn, vướng mắc");
    if (json_array_size(json_object_get(s, "difficulties")) == 0)
        pdf_text(p, p->regular, 10.5f, PDF_MARGIN, "Không có.");
    json_array_foreach(json_object_get(s, "difficulties"), i, r) {
        snprintf(line, sizeof(line), "- %s: %s%s%s%s", jstr(r, "org"), jstr(r, "body"),
                 jstr(r, "answer")[0] ? " (Trả lời: " : "", jstr(r, "answer"),
                 jstr(r, "answer")[0] ? ")" : "");
        pdf_text(p, p->regular, 10, PDF_MARGIN, line);
    }
    pdf_heading(p, "V. Đề xuất, kiến nghị");
    if (json_array_size(json_object_get(s, "proposals")) == 0)
        pdf_text(p, p->regular, 10.5f, PDF_MARGIN, "Không có.");
    json_array_foreach(json_object_get(s, "proposals"), i, r) {
        snprintf(line, sizeof(line), "- %s: %s", jstr(r, "org"), jstr(r, "text"));
        pdf_text(p, p->regular, 10, PDF_MARGIN, line);
    }
}

static enum mc_status fill_report(struct pdf_doc *d, void *ctx)
{
    struct pdf p = {.doc = d->doc, .regular = d->regular, .bold = d->bold};
    pdf_page(&p);
    pdf_body(&p, ctx);
    return MC_OK;
}

enum mc_status prog_pdf_write(const json_t *summary, struct buf *out)
{
    return pdf_write("consolidated report", fill_report, (void *)summary, out);
}

/* ---------------------------------------------------------------- xlsx */

/* One sheet: a bold header row then the rows of array a, columns keys[]. */
static void xlsx_sheet(lxw_workbook *wb, lxw_format *bold, const char *name,
                       const char *const *heads, const char *const *keys, size_t ncols,
                       const json_t *a)
{
    lxw_worksheet *ws = workbook_add_worksheet(wb, name);
    size_t i;
    json_t *r;
    for (size_t c = 0; c < ncols; c++) {
        worksheet_write_string(ws, 0, (lxw_col_t)c, heads[c], bold);
        worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, c == 1 ? 60 : 22, NULL);
    }
    json_array_foreach(a, i, r) {
        for (size_t c = 0; c < ncols; c++)
            worksheet_write_string(ws, (lxw_row_t)(i + 1), (lxw_col_t)c, jstr(r, keys[c]),
                                   NULL);
    }
}

/* xlsx_write_fn: the sheets of the consolidated report; ctx is the summary. */
static enum mc_status fill_summary(lxw_workbook *wb, void *ctx)
{
    const json_t *summary = ctx;
    static const char *const th[] = {"Số", "Nhiệm vụ", "Cơ quan chủ trì", "Tình trạng"};
    static const char *const tk[] = {"number", "content", "leads", "status"};
    static const char *const kh[] = {"Mã", "Chỉ tiêu", "Kết quả", "Tử số", "Mẫu số",
                                     "Mục tiêu"};
    static const char *const kk[] = {"key", "name", "value", "numerator", "denominator",
                                     "target"};
    static const char *const rh[] = {"Mã đơn vị", "Đơn vị", "Tình trạng", "Ngày gửi"};
    static const char *const rk[] = {"org", "name", "state", "submitted"};
    static const char *const dh[] = {"Đơn vị", "Khó khăn, vướng mắc", "Trả lời"};
    static const char *const dk[] = {"org", "body", "answer"};
    static const char *const ph[] = {"Đơn vị", "Đề xuất, kiến nghị"};
    static const char *const pk[] = {"org", "text"};
    static const char *const ch[] = {"Đơn vị", "Nhiệm vụ", "Loại", "Số liệu Cổng", "Nguồn",
                                     "Đơn vị ghi", "Lý do"};
    static const char *const ck[] = {"org", "task", "name", "count", "source", "typed_count",
                                     "reason"};
    lxw_format *bold = xlsx_format(wb, XLSX_BOLD, NULL);
    xlsx_sheet(wb, bold, "Nhiệm vụ", th, tk, 4, json_object_get(summary, "tasks"));
    xlsx_sheet(wb, bold, "Chỉ tiêu", kh, kk, 6, json_object_get(summary, "kpis"));
    xlsx_sheet(wb, bold, "Báo cáo", rh, rk, 4, json_object_get(summary, "reports"));
    xlsx_sheet(wb, bold, "Khó khăn", dh, dk, 3, json_object_get(summary, "difficulties"));
    xlsx_sheet(wb, bold, "Đề xuất", ph, pk, 2, json_object_get(summary, "proposals"));
    xlsx_sheet(wb, bold, "Số liệu Cổng", ch, ck, 7, json_object_get(summary, "counts"));
    return MC_OK;
}

enum mc_status prog_xlsx_write(const json_t *summary, const char *tmpdir, struct buf *out)
{
    return xlsx_write_to_buf(tmpdir, "tong-hop", fill_summary, (void *)summary, out);
}
