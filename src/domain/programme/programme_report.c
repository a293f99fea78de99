/*
 * programme_report.c - report cycles, the report workflow, reminders and
 * difficulties (see programme_report.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/db_row.h"
#include "core/seal.h"
#include "core/array.h"
#include "core/clock.h"
#include "core/mem.h"
#include "core/text.h"
#include "domain/calendar/date.h"
#include "domain/notify/notify.h"
#include "domain/programme/programme_report.h"

/* ---------------------------------------------------------------- queries */

#define CYCLE_COLS "id, plan_id, kind, year, title, due_on, recipient_code"
#define REPORT_COLS "id, cycle_id, org_code, state, results, difficulties, proposals, budget," \
                    " return_comment, submitted_at, accepted_at"

static const struct db_query Q_CYCLE = {
    "programme.cycle", "SELECT " CYCLE_COLS " FROM report_cycles WHERE id = ?1",
};
static const struct db_query Q_CYCLES = {
    "programme.cycles",
    "SELECT " CYCLE_COLS " FROM report_cycles WHERE plan_id = ?1 ORDER BY year DESC, id DESC",
};
static const struct db_query Q_OPEN_CYCLES = {
    "programme.open_cycles",
    "SELECT DISTINCT c.id FROM report_cycles c JOIN programme_reports r ON r.cycle_id = c.id"
    " WHERE r.state IN ('draft', 'returned') ORDER BY c.id",
};
static const struct db_query Q_CYCLE_ADD = {
    "programme.cycle_add",
    "INSERT INTO report_cycles (plan_id, kind, year, title, due_on, recipient_code,"
    " created_by, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, NULLIF(?7, 0), ?8) RETURNING id",
};
static const struct db_query Q_REPORT_ADD = {
    "programme.report_add",
    "INSERT INTO programme_reports (cycle_id, org_code, state, updated_at)"
    " VALUES (?1, ?2, 'draft', ?3) ON CONFLICT (cycle_id, org_code) DO NOTHING",
};
static const struct db_query Q_REPORT = {
    "programme.report", "SELECT " REPORT_COLS " FROM programme_reports WHERE id = ?1",
};
static const struct db_query Q_REPORTS = {
    "programme.reports",
    "SELECT " REPORT_COLS " FROM programme_reports WHERE cycle_id = ?1 ORDER BY org_code",
};
static const struct db_query Q_REPORTS_ORG = {
    "programme.reports_org",
    "SELECT " REPORT_COLS " FROM programme_reports WHERE org_code = ?1"
    " ORDER BY cycle_id DESC",
};
static const struct db_query Q_REPORT_SAVE = {
    "programme.report_save",
    "UPDATE programme_reports SET results = ?2, difficulties = ?3, proposals = ?4,"
    " budget = ?5, updated_by = NULLIF(?6, 0), updated_at = ?7 WHERE id = ?1"
    " AND state IN ('draft', 'returned')",
};
static const struct db_query Q_REPORT_SUBMIT = {
    "programme.report_submit",
    "UPDATE programme_reports SET state = 'submitted', submitted_at = ?2 WHERE id = ?1"
    " AND state IN ('draft', 'returned')",
};
static const struct db_query Q_REPORT_RETURN = {
    "programme.report_return",
    "UPDATE programme_reports SET state = 'returned', return_comment = ?2,"
    " updated_by = NULLIF(?3, 0),"
    " updated_at = ?4 WHERE id = ?1 AND state = 'submitted'",
};
static const struct db_query Q_REPORT_ACCEPT = {
    "programme.report_accept",
    "UPDATE programme_reports SET state = 'accepted', accepted_at = ?2,"
    " updated_by = NULLIF(?3, 0),"
    " updated_at = ?2 WHERE id = ?1 AND state = 'submitted'",
};
static const struct db_query Q_EVENT_ADD = {
    "programme.report_event",
    "INSERT INTO programme_report_events (report_id, action, comment, user_id, at)"
    " VALUES (?1, ?2, ?3, NULLIF(?4, 0), ?5)",
};
static const struct db_query Q_DIFF_ADD = {
    "programme.difficulty_add",
    "INSERT INTO programme_difficulties (report_id, org_code, body, created_at)"
    " VALUES (?1, ?2, ?3, ?4)",
};
static const struct db_query Q_DIFFS = {
    "programme.difficulties",
    "SELECT d.id, d.report_id, d.org_code, d.body, d.due_on, d.answer, d.answered_at"
    " FROM programme_difficulties d JOIN programme_reports r ON r.id = d.report_id"
    " WHERE r.cycle_id = ?1 ORDER BY d.id",
};
static const struct db_query Q_DIFF_CYCLE = {
    "programme.difficulty_cycle",
    "SELECT r.cycle_id FROM programme_difficulties d JOIN programme_reports r"
    " ON r.id = d.report_id WHERE d.id = ?1",
};
static const struct db_query Q_DIFF_ANSWER = {
    "programme.difficulty_answer",
    "UPDATE programme_difficulties SET answer = ?2, due_on = ?3, answered_by = NULLIF(?4, 0),"
    " answered_at = CASE WHEN ?2 = '' THEN NULL ELSE CAST(?5 AS BIGINT) END WHERE id = ?1",
};
static const struct db_query Q_REMINDER_ADD = {
    "programme.reminder_add",
    "INSERT INTO report_reminders (cycle_id, org_code, threshold, sent, user_id, at)"
    " VALUES (?1, ?2, ?3, ?4, NULLIF(?5, 0), ?6) ON CONFLICT DO NOTHING",
};
static const struct db_query Q_REMINDER_HAS = {
    "programme.reminder_has",
    "SELECT count(*) FROM report_reminders WHERE cycle_id = ?1 AND org_code = ?2"
    " AND threshold = ?3",
};
static const struct db_query Q_REMINDER_COUNT = {
    "programme.reminder_count",
    "SELECT count(*) FROM report_reminders WHERE cycle_id = ?1 AND org_code = ?2",
};
/* staff to remind: the agency's admins (escalation: its leaders) with an email */
static const struct db_query Q_RECIPIENTS = {
    "programme.recipients",
    "SELECT DISTINCT u.email FROM users u JOIN user_roles r ON r.user_id = u.id"
    " JOIN organisations o ON o.agency_code = r.agency_code"
    " WHERE o.code = ?1 AND r.role = ?2 AND u.disabled = 0"
    " AND u.email IS NOT NULL AND u.email <> '' ORDER BY u.email",
};
static const struct db_query Q_HOLDERS = {
    "programme.cycle_holders",
    "SELECT DISTINCT o.org_code FROM plan_task_orgs o JOIN plan_tasks t ON t.id = o.task_id"
    " WHERE o.active = 1 AND t.plan_id = ?1 ORDER BY o.org_code",
};

/* ---------------------------------------------------------------- names */

static const char *const state_names[] = {"draft", "submitted", "returned", "accepted"};
static const char *const state_labels[] = {"Chưa gửi", "Đã gửi, chờ tiếp nhận",
                                           "Bị trả lại", "Đã tiếp nhận"};

const char *prog_report_state_name(enum prog_report_state s)
{
    return (unsigned)s < MC_ARRAY_LEN(state_names) ? state_names[s] : state_names[0];
}

const char *prog_report_state_label(enum prog_report_state s)
{
    return (unsigned)s < MC_ARRAY_LEN(state_labels) ? state_labels[s] : state_labels[0];
}

static enum prog_report_state state_parse(const char *s)
{
    for (size_t i = 0; i < MC_ARRAY_LEN(state_names); i++) {
        if (strcmp(s, state_names[i]) == 0)
            return (enum prog_report_state)i;
    }
    return PROG_REPORT_DRAFT;
}

/* Days since 1970-01-01 of "YYYY-MM-DD" (civil calendar), or 0 when malformed. */
static int64_t day_number(const char *s)
{
    int32_t d = 0;
    if (!s || calendar_date_parse(s, &d) != MC_OK)
        d = 0;
    return d;
}

/* ---------------------------------------------------------------- lists */

ARRAY_LIST_DEFINE(prog_cycle, items)

void prog_report_init(struct prog_report *r)
{
    memset(r, 0, sizeof(*r));
}

void prog_report_release(struct prog_report *r)
{
    if (!r)
        return;
    free(r->results);
    free(r->difficulties);
    free(r->proposals);
    free(r->budget);
    free(r->return_comment);
    prog_report_init(r);
}

ARRAY_LIST_DEFINE_EACH(prog_report, items, prog_report_release)

static void cycle_finish(struct db_stmt *st, void *obj)
{
    struct prog_cycle *c = obj;
    c->adhoc = strcmp(db_col_text(st, 2), "dot_xuat") == 0;
}

static void report_clear(void *obj)
{
    prog_report_release(obj);
}

static void report_finish(struct db_stmt *st, void *obj)
{
    struct prog_report *r = obj;
    r->state = state_parse(db_col_text(st, 3));
}

/* The columns of CYCLE_COLS, in order. */
static const struct db_field PROG_CYCLE_FIELDS[] = {
    DB_INT64(struct prog_cycle, id),
    DB_INT64(struct prog_cycle, plan_id),
    DB_SKIP(struct prog_cycle, adhoc),
    DB_INT(struct prog_cycle, year),
    DB_TEXT(struct prog_cycle, title),
    DB_TEXT(struct prog_cycle, due_on),
    DB_TEXT(struct prog_cycle, recipient_code),
};

static const struct db_row_type CYCLE_ROW =
    DB_ROW_TYPE(struct prog_cycle, PROG_CYCLE_FIELDS, cycle_finish, NULL);

/* The columns of REPORT_COLS, in order. */
static const struct db_field PROG_REPORT_FIELDS[] = {
    DB_INT64(struct prog_report, id),
    DB_INT64(struct prog_report, cycle_id),
    DB_TEXT(struct prog_report, org_code),
    DB_SKIP(struct prog_report, state),
    DB_STRDUP(struct prog_report, results),
    DB_STRDUP(struct prog_report, difficulties),
    DB_STRDUP(struct prog_report, proposals),
    DB_STRDUP(struct prog_report, budget),
    DB_STRDUP(struct prog_report, return_comment),
    DB_INT64(struct prog_report, submitted_at),
    DB_INT64(struct prog_report, accepted_at),
};

static const struct db_row_type REPORT_ROW =
    DB_ROW_TYPE(struct prog_report, PROG_REPORT_FIELDS, report_finish, report_clear);

enum mc_status prog_cycle_get(struct db *db, int64_t id, struct prog_cycle *out)
{
    return db_row_get(db, &Q_CYCLE, &CYCLE_ROW, out, "i", id);
}

enum mc_status prog_cycle_list(struct db *db, int64_t plan_id, struct prog_cycle_list *out)
{
    return db_row_list(db, &Q_CYCLES, &CYCLE_ROW, &out->items, &out->n, &out->cap, "i",
                       plan_id);
}

enum mc_status prog_report_get(struct db *db, int64_t id, struct prog_report *out)
{
    return db_row_get(db, &Q_REPORT, &REPORT_ROW, out, "i", id);
}

static enum mc_status report_list(struct db *db, const struct db_query *q, const char *fmt,
                                  const void *arg, struct prog_report_list *out)
{
    if (fmt[0] == 'i')
        return db_row_list(db, q, &REPORT_ROW, &out->items, &out->n, &out->cap, "i",
                           *(const int64_t *)arg);
    return db_row_list(db, q, &REPORT_ROW, &out->items, &out->n, &out->cap, "s",
                       (const char *)arg);
}

enum mc_status prog_report_list(struct db *db, int64_t cycle_id, struct prog_report_list *out)
{
    return report_list(db, &Q_REPORTS, "i", &cycle_id, out);
}

enum mc_status prog_report_list_org(struct db *db, const char *org_code,
                                    struct prog_report_list *out)
{
    return report_list(db, &Q_REPORTS_ORG, "s", org_code, out);
}

/* ---------------------------------------------------------------- authorisation */

/* MC_OK when u is focal for the plan of cycle_id, else MC_ERR_FORBIDDEN. */
static enum mc_status need_focal(struct db *db, const struct user *u, int64_t plan_id)
{
    struct prog_plan p;
    bool yes = false;
    enum mc_status rc;
    prog_plan_init(&p);
    rc = prog_plan_get(db, plan_id, &p);
    if (rc == MC_OK)
        rc = prog_is_focal(db, u, &p, &yes);
    if (rc == MC_OK && !yes)
        rc = MC_ERR_FORBIDDEN;
    prog_plan_release(&p);
    return rc;
}

/* The plan of cycle_id into *plan_id. */
static enum mc_status cycle_plan(struct db *db, int64_t cycle_id, int64_t *plan_id)
{
    struct prog_cycle c;
    enum mc_status rc = prog_cycle_get(db, cycle_id, &c);
    *plan_id = rc == MC_OK ? c.plan_id : 0;
    return rc;
}

/* ---------------------------------------------------------------- cycles */

struct cycle_ctx {
    int64_t plan_id;
    bool adhoc;
    int year;
    const char *title;
    const char *due_on;
    const char *recipient;
    const struct audit_actor *who;
    int64_t id;
    struct org_list members;
};

static enum mc_status cycle_tx(struct db *db, void *arg)
{
    struct cycle_ctx *c = arg;
    int64_t now = clock_now();
    char object[32];
    enum mc_status rc;
    rc = db_get_int(db, &Q_CYCLE_ADD, &c->id, "isisssii", c->plan_id,
                    c->adhoc ? "dot_xuat" : "hang_nam", (int64_t)c->year, c->title, c->due_on,
                    c->recipient, c->who->user_id, now);
    for (size_t i = 0; rc == MC_OK && i < c->members.n; i++)
        rc = db_run(db, &Q_REPORT_ADD, NULL, "isi", c->id, c->members.items[i].code, now);
    snprintf(object, sizeof(object), "cycle:%lld", (long long)c->id);
    if (rc == MC_OK)
        rc = audit_record(db, c->who, "programme.cycle_create", object, c->due_on);
    return rc;
}

/* Every organisation in force today holding tasks of the plan, groups expanded. */
static enum mc_status reporting_orgs(struct db *db, int64_t plan_id, const char *today,
                                     struct org_list *out)
{
    char **holders = NULL;
    size_t n = 0, cap = 0;
    struct db_stmt *st = NULL;
    enum mc_status rc = db_query_start(db, &Q_HOLDERS, &st, "i", plan_id);
    while (db_next(st, &rc))
        *ARRAY_PUSH(holders, n, cap) = db_col_strdup(st, 0);
    db_done(st);
    for (size_t i = 0; rc == MC_OK && i < n; i++) {
        struct org_list l;
        org_list_init(&l);
        rc = org_group_expand(db, holders[i], today, &l);
        for (size_t k = 0; rc == MC_OK && k < l.n; k++) {
            bool dup = false;
            if (!org_in_force(&l.items[k], today))
                continue;
            for (size_t j = 0; j < out->n && !dup; j++)
                dup = strcmp(out->items[j].code, l.items[k].code) == 0;
            if (dup)
                continue;
            *ARRAY_PUSH(out->items, out->n, out->cap) = l.items[k];
            org_init(&l.items[k]);
        }
        org_list_release(&l);
    }
    for (size_t i = 0; i < n; i++)
        free(holders[i]);
    free(holders);
    return rc;
}

enum mc_status prog_cycle_create(struct db *db, const struct user *u, int64_t plan_id,
                                 bool adhoc, int year, const char *title, const char *due_on,
                                 const struct audit_actor *who, struct form_errors *errs,
                                 int64_t *id)
{
    struct cycle_ctx c;
    struct prog_plan p;
    char today[PROG_DAY_SIZE];
    char due[CALENDAR_DATE_SIZE];   /* due_on as stored: "YYYY-MM-DD" */
    int32_t day = 0;
    enum mc_status rc;

    memset(&c, 0, sizeof(c));
    org_list_init(&c.members);
    prog_plan_init(&p);
    prog_today(today);
    rc = need_focal(db, u, plan_id);
    if (rc == MC_OK)
        rc = prog_plan_get(db, plan_id, &p);
    if (rc != MC_OK)
        goto out;
    if (!title || !title[0] || strlen(title) >= 300 || !text_utf8_valid(title, strlen(title))) {
        form_errors_add(errs, "tieu_de", "Nhập tên kỳ báo cáo (tối đa 300 ký tự)");
        rc = MC_ERR_INVALID;
    }
    if (year < 2000 || year > 2100) {
        form_errors_add(errs, "nam", "Năm báo cáo phải từ 2000 đến 2100");
        rc = MC_ERR_INVALID;
    }
    if (calendar_date_parse_input(due_on, &day) != MC_OK) {
        form_errors_add(errs, "han", "Hạn báo cáo không phải một ngày có thật ("
                                     CALENDAR_DATE_HINT ")");
        rc = MC_ERR_INVALID;
    } else {
        calendar_date_format(day, due, sizeof(due));
        if (strcmp(due, today) < 0) {
            form_errors_add(errs, "han", "Hạn báo cáo không được trước hôm nay");
            rc = MC_ERR_INVALID;
        }
    }
    if (rc != MC_OK)
        goto out;
    c.plan_id = plan_id;
    c.adhoc = adhoc;
    c.year = year;
    c.title = title;
    c.due_on = due;
    c.who = who;
    c.recipient = p.focal_code;
    char current[ORG_CODE_MAX];
    if (prog_org_current(db, p.focal_code, today, current) == MC_OK)
        c.recipient = current;
    rc = reporting_orgs(db, plan_id, today, &c.members);
    if (rc == MC_OK)
        rc = db_tx(db, cycle_tx, &c);
    if (rc == MC_OK)
        *id = c.id;
out:
    org_list_release(&c.members);
    prog_plan_release(&p);
    return rc;
}

/* ---------------------------------------------------------------- workflow */

struct report_ctx {
    int64_t id;
    const struct prog_report *r;
    const struct prog_report_form *f;
    bool submit;
    const char *comment;
    const struct audit_actor *who;
};

static enum mc_status event(struct db *db, const struct report_ctx *c, const char *action,
                            const char *comment)
{
    char object[32];
    enum mc_status rc = db_run(db, &Q_EVENT_ADD, NULL, "issii", c->id, action,
                               comment ? comment : "", c->who->user_id, clock_now());
    snprintf(object, sizeof(object), "report:%lld", (long long)c->id);
    if (rc == MC_OK) {
        char act[48];
        snprintf(act, sizeof(act), "programme.report_%s", action);
        rc = audit_record(db, c->who, act, object, NULL);
    }
    return rc;
}

/* Each non-empty line of text becomes a difficulty of report c->id. */
static enum mc_status add_difficulties(struct db *db, const struct report_ctx *c,
                                       const char *text)
{
    enum mc_status rc = MC_OK;
    const char *p = text;
    while (rc == MC_OK && p && *p) {
        const char *end = strchr(p, '\n');
        const char *s = p;
        size_t len = end ? (size_t)(end - p) : strlen(p);
        text_trim(&s, &len);
        while (len > 0 && (*s == '-' || *s == '+' || *s == '*')) {
            s++;
            len--;
            text_trim(&s, &len);
        }
        if (len > 0) {
            char *body = xmalloc(len + 1);
            memcpy(body, s, len);
            body[len] = '\0';
            rc = db_run(db, &Q_DIFF_ADD, NULL, "issi", c->id, c->r->org_code, body,
                        clock_now());
            free(body);
        }
        p = end ? end + 1 : NULL;
    }
    return rc;
}

static enum mc_status save_tx(struct db *db, void *arg)
{
    struct report_ctx *c = arg;
    enum mc_status rc = db_change(db, &Q_REPORT_SAVE, MC_ERR_CONFLICT, "issssii", c->id,
                                  c->f->results, c->f->difficulties, c->f->proposals,
                                  c->f->budget, c->who->user_id, clock_now());
    if (rc == MC_OK && c->submit) {
        rc = db_change(db, &Q_REPORT_SUBMIT, MC_ERR_CONFLICT, "ii", c->id, clock_now());
        if (rc == MC_OK)
            rc = add_difficulties(db, c, c->f->difficulties);
        if (rc == MC_OK) {
            struct prog_cycle cy;
            rc = prog_cycle_get(db, c->r->cycle_id, &cy);
            if (rc == MC_OK)
                rc = prog_counts_freeze(db, c->id, cy.plan_id, c->r->org_code, cy.year);
        }
    }
    if (rc == MC_OK)
        rc = event(db, c, c->submit ? "submit" : "save", NULL);
    return rc;
}

/* Check one section; add an error for field when it is too long or not UTF-8. */
static bool section_ok(const char *s, const char *field, struct form_errors *errs)
{
    if (s && (strlen(s) > PROG_REPORT_TEXT_MAX || !text_utf8_valid(s, strlen(s)))) {
        form_errors_add(errs, field, "Nội dung quá dài hoặc không hợp lệ");
        return false;
    }
    return true;
}

enum mc_status prog_report_save(struct db *db, const struct user *u, int64_t id,
                                const struct prog_report_form *f, bool submit,
                                const struct audit_actor *who, struct form_errors *errs)
{
    struct prog_report r;
    struct report_ctx c;
    struct prog_report_form clean = {"", "", "", ""};
    bool acts = false;
    enum mc_status rc;

    prog_report_init(&r);
    rc = prog_report_get(db, id, &r);
    if (rc == MC_OK)
        rc = prog_acts_for(db, u, r.org_code, &acts);
    if (rc == MC_OK && (!acts || !(u->roles & (ROLE_AGENCY_ADMIN | ROLE_APPROVER))))
        rc = MC_ERR_FORBIDDEN;
    if (rc == MC_OK && r.state != PROG_REPORT_DRAFT && r.state != PROG_REPORT_RETURNED)
        rc = MC_ERR_CONFLICT;
    if (rc != MC_OK)
        goto out;
    clean.results = f->results ? f->results : "";
    clean.difficulties = f->difficulties ? f->difficulties : "";
    clean.proposals = f->proposals ? f->proposals : "";
    clean.budget = f->budget ? f->budget : "";
    if (!section_ok(clean.results, "ket_qua", errs))
        rc = MC_ERR_INVALID;
    if (!section_ok(clean.difficulties, "kho_khan", errs))
        rc = MC_ERR_INVALID;
    if (!section_ok(clean.proposals, "de_xuat", errs))
        rc = MC_ERR_INVALID;
    if (!section_ok(clean.budget, "kinh_phi", errs))
        rc = MC_ERR_INVALID;
    if (submit && !clean.results[0]) {
        form_errors_add(errs, "ket_qua", "Nhập kết quả thực hiện trước khi gửi báo cáo");
        rc = MC_ERR_INVALID;
    }
    if (rc != MC_OK)
        goto out;
    c = (struct report_ctx){.id = id, .r = &r, .f = &clean, .submit = submit, .who = who};
    rc = db_tx(db, save_tx, &c);
out:
    prog_report_release(&r);
    return rc;
}

static enum mc_status return_tx(struct db *db, void *arg)
{
    struct report_ctx *c = arg;
    enum mc_status rc = db_change(db, &Q_REPORT_RETURN, MC_ERR_CONFLICT, "isii", c->id,
                                  c->comment, c->who->user_id, clock_now());
    if (rc == MC_OK)
        rc = event(db, c, "return", c->comment);
    return rc;
}

static enum mc_status accept_tx(struct db *db, void *arg)
{
    struct report_ctx *c = arg;
    enum mc_status rc = db_change(db, &Q_REPORT_ACCEPT, MC_ERR_CONFLICT, "iii", c->id,
                                  clock_now(), c->who->user_id);
    if (rc == MC_OK)
        rc = event(db, c, "accept", NULL);
    return rc;
}

/* Load report id and check u is focal for its plan. */
static enum mc_status focal_report(struct db *db, const struct user *u, int64_t id,
                                   struct prog_report *r)
{
    int64_t plan_id = 0;
    enum mc_status rc = prog_report_get(db, id, r);
    if (rc == MC_OK)
        rc = cycle_plan(db, r->cycle_id, &plan_id);
    if (rc == MC_OK)
        rc = need_focal(db, u, plan_id);
    return rc;
}

/* focal_report(), for a report that was submitted: MC_ERR_CONFLICT for any other state. */
static enum mc_status submitted_report(struct db *db, const struct user *u, int64_t id,
                                       struct prog_report *r)
{
    enum mc_status rc = focal_report(db, u, id, r);
    if (rc == MC_OK && r->state != PROG_REPORT_SUBMITTED)
        rc = MC_ERR_CONFLICT;
    return rc;
}

enum mc_status prog_report_return(struct db *db, const struct user *u, int64_t id,
                                  const char *comment, const struct audit_actor *who,
                                  struct form_errors *errs)
{
    struct prog_report r;
    struct report_ctx c = {.id = id, .r = &r, .comment = comment, .who = who};
    enum mc_status rc;
    prog_report_init(&r);
    rc = submitted_report(db, u, id, &r);
    if (rc == MC_OK && (!comment || !comment[0] || strlen(comment) > PROG_REPORT_TEXT_MAX ||
                        !text_utf8_valid(comment, strlen(comment)))) {
        form_errors_add(errs, "nhan_xet", "Trả lại báo cáo cần ghi rõ nhận xét");
        rc = MC_ERR_INVALID;
    }
    if (rc == MC_OK)
        rc = db_tx(db, return_tx, &c);
    prog_report_release(&r);
    return rc;
}

enum mc_status prog_report_accept(struct db *db, const struct user *u, int64_t id,
                                  const struct audit_actor *who)
{
    struct prog_report r;
    struct report_ctx c = {.id = id, .r = &r, .who = who};
    enum mc_status rc;
    prog_report_init(&r);
    rc = submitted_report(db, u, id, &r);
    if (rc == MC_OK)
        rc = db_tx(db, accept_tx, &c);
    prog_report_release(&r);
    return rc;
}

/* ---------------------------------------------------------------- board */

void prog_board_init(struct prog_board *b)
{
    memset(b, 0, sizeof(*b));
}

void prog_board_release(struct prog_board *b)
{
    if (b) {
        free(b->rows);
        prog_board_init(b);
    }
}

/* The Vietnam day of Unix time t. */
static void vn_day(int64_t t, char *out)
{
    char iso[40];
    clock_format_iso(t, iso, sizeof(iso));
    snprintf(out, PROG_DAY_SIZE, "%.10s", iso);
}

enum mc_status prog_board_load(struct db *db, int64_t cycle_id, struct prog_board *out)
{
    struct prog_cycle c;
    struct prog_report_list l;
    struct org o;
    char today[PROG_DAY_SIZE];
    enum mc_status rc;

    prog_report_list_init(&l);
    org_init(&o);
    prog_today(today);
    rc = prog_cycle_get(db, cycle_id, &c);
    if (rc == MC_OK)
        rc = prog_report_list(db, cycle_id, &l);
    for (size_t i = 0; rc == MC_OK && i < l.n; i++) {
        const struct prog_report *r = &l.items[i];
        struct prog_board_row *row = ARRAY_PUSH(out->rows, out->n, out->cap);
        int64_t n = 0;
        snprintf(row->org_code, sizeof(row->org_code), "%s", r->org_code);
        if (org_get(db, r->org_code, &o) == MC_OK)
            snprintf(row->org_name, sizeof(row->org_name), "%s", o.name);
        else
            snprintf(row->org_name, sizeof(row->org_name), "%s", r->org_code);
        row->report_id = r->id;
        row->state = r->state;
        row->submitted_at = r->submitted_at;
        if (r->state == PROG_REPORT_SUBMITTED || r->state == PROG_REPORT_ACCEPTED) {
            char day[PROG_DAY_SIZE];
            vn_day(r->submitted_at, day);
            row->late = strcmp(day, c.due_on) > 0;
            out->submitted++;
            if (r->state == PROG_REPORT_ACCEPTED)
                out->accepted++;
        } else {
            row->late = strcmp(today, c.due_on) > 0;
            out->missing++;
        }
        if (row->late)
            out->late++;
        rc = db_get_int(db, &Q_REMINDER_COUNT, &n, "is", cycle_id, r->org_code);
        row->reminders = (int)n;
    }
    org_release(&o);
    prog_report_list_release(&l);
    return rc;
}

/* ---------------------------------------------------------------- reminders */

struct remind_ctx {
    const struct prog_cycle *c;
    const char *org_code;
    const char *threshold;   /* "t7", "t3", "t1", "ngay", "qua_han", "ngay_lap_tuc" */
    const struct audit_actor *who;
    bool recorded;
};

/* The message of a reminder. */
static void remind_text(const struct remind_ctx *x, const char *org_name, struct buf *subject,
                        struct buf *body)
{
    char due[16];
    snprintf(due, sizeof(due), "%.2s/%.2s/%.4s", x->c->due_on + 8, x->c->due_on + 5,
             x->c->due_on);
    if (strcmp(x->threshold, "qua_han") == 0) {
        buf_addf(subject, "Quá hạn báo cáo: %s", x->c->title);
        buf_addf(body, "%s chưa gửi báo cáo \"%s\", hạn ngày %s đã qua.\n"
                 "Đề nghị lãnh đạo đơn vị chỉ đạo gửi báo cáo ngay.\n",
                 org_name, x->c->title, due);
    } else {
        buf_addf(subject, "Nhắc hạn báo cáo: %s (hạn %s)", x->c->title, due);
        buf_addf(body, "%s chưa gửi báo cáo \"%s\". Hạn gửi: ngày %s.\n"
                 "Đăng nhập và mở mục Kế hoạch, báo cáo Đề án 1588 để lập và gửi báo cáo.\n",
                 org_name, x->c->title, due);
    }
}

static enum mc_status remind_tx(struct db *db, void *arg)
{
    struct remind_ctx *x = arg;
    bool escalate = strcmp(x->threshold, "qua_han") == 0;
    struct db_stmt *st = NULL;
    struct buf subject, body;
    struct org o;
    int64_t had = 0;
    int64_t sent = 0;
    char **emails = NULL;
    size_t n = 0, cap = 0;
    enum mc_status rc = MC_OK;

    x->recorded = false;
    org_init(&o);
    buf_init(&subject, NOTIFY_SUBJECT_MAX);
    buf_init(&body, 4096);
    if (strcmp(x->threshold, "ngay_lap_tuc") != 0) {
        rc = db_get_int(db, &Q_REMINDER_HAS, &had, "iss", x->c->id, x->org_code,
                        x->threshold);
        if (rc != MC_OK || had)
            goto out;
    }
    rc = db_query_start(db, &Q_RECIPIENTS, &st, "ss", x->org_code,
                        escalate ? "approver" : "agency_admin");
    while (db_next(st, &rc)) {
        char email[300];   /* sealed at rest */
        if ((rc = seal_col_open(st, 0, email, sizeof(email))) != MC_OK)
            break;
        *ARRAY_PUSH(emails, n, cap) = xstrdup(email);
    }
    db_done(st);
    if (rc == MC_OK && org_get(db, x->org_code, &o) != MC_OK)
        o.name = xstrdup(x->org_code);
    remind_text(x, o.name ? o.name : x->org_code, &subject, &body);
    for (size_t i = 0; rc == MC_OK && i < n; i++) {
        rc = notify_enqueue(db, NOTIFY_EMAIL, emails[i], buf_cstr(&subject), buf_cstr(&body),
                            "programme.remind");
        sent++;
    }
    if (rc == MC_OK)
        rc = db_run(db, &Q_REMINDER_ADD, NULL, "issiii", x->c->id, x->org_code, x->threshold,
                    sent, x->who->user_id, clock_now());
    if (rc == MC_OK) {
        char object[96];
        snprintf(object, sizeof(object), "cycle:%lld:%s", (long long)x->c->id, x->org_code);
        rc = audit_record(db, x->who, strcmp(x->threshold, "ngay_lap_tuc") == 0
                                          ? "programme.remind_now" : "programme.remind",
                          object, x->threshold);
    }
    x->recorded = rc == MC_OK;
out:
    for (size_t i = 0; i < n; i++)
        free(emails[i]);
    free(emails);
    buf_release(&body);
    buf_release(&subject);
    org_release(&o);
    return rc;
}

/* The most urgent threshold reached days_left days before the due day, or NULL. */
static const char *threshold_for(int64_t days_left)
{
    if (days_left < 0)
        return "qua_han";
    if (days_left == 0)
        return "ngay";
    if (days_left <= 1)
        return "t1";
    if (days_left <= 3)
        return "t3";
    if (days_left <= 7)
        return "t7";
    return NULL;
}

enum mc_status prog_remind_due(struct db *db, size_t *sent)
{
    static const struct audit_actor system_actor = {0, "system", "job"};
    int64_t *cycles = NULL;
    size_t n = 0, cap = 0;
    struct db_stmt *st = NULL;
    char today[PROG_DAY_SIZE];
    enum mc_status rc;

    if (sent)
        *sent = 0;
    prog_today(today);
    rc = db_query_start(db, &Q_OPEN_CYCLES, &st, "");
    while (db_next(st, &rc))
        *ARRAY_PUSH(cycles, n, cap) = db_col_int64(st, 0);
    db_done(st);
    for (size_t i = 0; rc == MC_OK && i < n; i++) {
        struct prog_cycle c;
        struct prog_report_list l;
        const char *th;
        prog_report_list_init(&l);
        rc = prog_cycle_get(db, cycles[i], &c);
        th = rc == MC_OK ? threshold_for(day_number(c.due_on) - day_number(today)) : NULL;
        if (th)
            rc = prog_report_list(db, c.id, &l);
        for (size_t k = 0; th && rc == MC_OK && k < l.n; k++) {
            struct remind_ctx x = {&c, l.items[k].org_code, th, &system_actor, false};
            if (l.items[k].state != PROG_REPORT_DRAFT && l.items[k].state != PROG_REPORT_RETURNED)
                continue;
            rc = db_tx(db, remind_tx, &x);
            if (rc == MC_OK && x.recorded && sent)
                (*sent)++;
        }
        prog_report_list_release(&l);
    }
    free(cycles);
    return rc;
}

enum mc_status prog_remind_now(struct db *db, const struct user *u, int64_t cycle_id,
                               const char *org_code, const struct audit_actor *who)
{
    struct prog_cycle c;
    struct prog_report_list l;
    bool found = false;
    enum mc_status rc;
    prog_report_list_init(&l);
    rc = prog_cycle_get(db, cycle_id, &c);
    if (rc == MC_OK)
        rc = need_focal(db, u, c.plan_id);
    if (rc == MC_OK)
        rc = prog_report_list(db, cycle_id, &l);
    for (size_t k = 0; rc == MC_OK && k < l.n; k++) {
        if (strcmp(l.items[k].org_code, org_code) != 0)
            continue;
        found = true;
        if (l.items[k].state != PROG_REPORT_DRAFT && l.items[k].state != PROG_REPORT_RETURNED)
            rc = MC_ERR_CONFLICT;
    }
    if (rc == MC_OK && !found)
        rc = MC_ERR_NOT_FOUND;
    if (rc == MC_OK) {
        struct remind_ctx x = {&c, org_code, "ngay_lap_tuc", who, false};
        rc = db_tx(db, remind_tx, &x);
    }
    prog_report_list_release(&l);
    return rc;
}

/* ---------------------------------------------------------------- difficulties */

static void difficulty_release(struct prog_difficulty *d)
{
    free(d->body);
    free(d->answer);
}

ARRAY_LIST_DEFINE_EACH(prog_difficulty, items, difficulty_release)

enum mc_status prog_difficulty_list(struct db *db, int64_t cycle_id,
                                    struct prog_difficulty_list *out)
{
    struct db_stmt *st = NULL;
    enum mc_status rc = db_query_start(db, &Q_DIFFS, &st, "i", cycle_id);
    while (db_next(st, &rc)) {
        struct prog_difficulty *d = ARRAY_PUSH(out->items, out->n, out->cap);
        d->id = db_col_int64(st, 0);
        d->report_id = db_col_int64(st, 1);
        db_col_copy(st, 2, d->org_code, sizeof(d->org_code));
        d->body = db_col_strdup(st, 3);
        db_col_copy(st, 4, d->due_on, sizeof(d->due_on));
        d->answer = db_col_strdup(st, 5);
        d->answered_at = db_col_int64(st, 6);
    }
    db_done(st);
    return rc;
}

struct answer_ctx {
    int64_t id;
    const char *answer;
    const char *due_on;
    const struct audit_actor *who;
};

static enum mc_status answer_tx(struct db *db, void *arg)
{
    struct answer_ctx *a = arg;
    char object[32];
    enum mc_status rc = db_run(db, &Q_DIFF_ANSWER, NULL, "issii", a->id, a->answer,
                               a->due_on && a->due_on[0] ? a->due_on : NULL, a->who->user_id,
                               clock_now());
    snprintf(object, sizeof(object), "difficulty:%lld", (long long)a->id);
    if (rc == MC_OK)
        rc = audit_record(db, a->who, "programme.difficulty_answer", object, NULL);
    return rc;
}

enum mc_status prog_difficulty_answer(struct db *db, const struct user *u, int64_t id,
                                      const char *answer, const char *due_on,
                                      const struct audit_actor *who, struct form_errors *errs)
{
    struct answer_ctx a = {id, answer ? answer : "", due_on, who};
    int64_t cycle_id = 0;
    int64_t plan_id = 0;
    char due[CALENDAR_DATE_SIZE];   /* due_on as stored: "YYYY-MM-DD" */
    int32_t day = 0;
    enum mc_status rc = db_get_int(db, &Q_DIFF_CYCLE, &cycle_id, "i", id);
    if (rc == MC_OK)
        rc = cycle_plan(db, cycle_id, &plan_id);
    if (rc == MC_OK)
        rc = need_focal(db, u, plan_id);
    if (rc != MC_OK)
        return rc;
    if (strlen(a.answer) > PROG_REPORT_TEXT_MAX || !text_utf8_valid(a.answer, strlen(a.answer))) {
        form_errors_add(errs, "tra_loi", "Câu trả lời quá dài hoặc không hợp lệ");
        rc = MC_ERR_INVALID;
    }
    if (due_on && due_on[0]) {
        if (calendar_date_parse_input(due_on, &day) == MC_OK) {
            calendar_date_format(day, due, sizeof(due));
            a.due_on = due;
        } else {
            form_errors_add(errs, "han_tra_loi", "Hạn trả lời không phải một ngày có thật ("
                                                 CALENDAR_DATE_HINT ")");
            rc = MC_ERR_INVALID;
        }
    }
    if (!a.answer[0] && !(due_on && due_on[0])) {
        form_errors_add(errs, "tra_loi", "Nhập câu trả lời hoặc hạn trả lời");
        rc = MC_ERR_INVALID;
    }
    if (rc == MC_OK)
        rc = db_tx(db, answer_tx, &a);
    return rc;
}
