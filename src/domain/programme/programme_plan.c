/*
 * programme_plan.c - the plan register and its tasks: reading them, the
 * all-or-nothing imports of a plan (JSON register + CSV tasks), the CSV
 * export, and the reassignment of open tasks when an organisation ends
 * (see programme.h).
 *
 * DESIGN
 * - An import is checked whole before anything is written: every row's
 *   problems are collected with the CSV line, and only a clean input is
 *   written, in one db_tx() with its audit row.
 * - Re-importing is idempotent: the plan by its code, tasks by number,
 *   and a task's organisations only ever added, so reassignments made
 *   after the first import survive the next one.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>

#include "core/array.h"
#include "core/assets.h"
#include "core/clock.h"
#include "core/csv.h"
#include "core/db_row.h"
#include "core/jfield.h"
#include "core/mem.h"
#include "core/strmap.h"
#include "core/text.h"
#include "domain/org/org_sheet.h"
#include "domain/programme/programme-int.h"

/* Cell of column c in row i of s (org_sheet_cell, named short for the checks below). */
static const char *cell(const struct org_sheet *s, size_t i, int c)
{
    return org_sheet_cell(s, i, c);
}

/* ---------------------------------------------------------------- queries */

#define TASK_COLS "id, plan_id, number, section, phase, content, clauses, frame_text," \
                  " frame, starts_on, ends_on, expected, output_kinds, note, budget_planned"

/* prog_plan_get() */
static const struct db_query Q_PLAN = {
    "programme.plan", "SELECT " PROG_PLAN_COLS " FROM plans WHERE id = ?1",
};
/* prog_plan_get_by_code() */
static const struct db_query Q_PLAN_BY_CODE = {
    "programme.plan_by_code", "SELECT " PROG_PLAN_COLS " FROM plans WHERE code = ?1",
};
/* prog_plan_list() */
static const struct db_query Q_PLANS = {
    "programme.plans", "SELECT " PROG_PLAN_COLS " FROM plans ORDER BY issued_on DESC, id DESC",
};
/* prog_plan_register() */
static const struct db_query Q_REGISTER = {
    "programme.register",
    "SELECT signer, basis, replaces, sections, file_name FROM plans WHERE id = ?1",
};
static const struct db_query Q_PHASE_LIST = {
    "programme.phase_list",
    "SELECT code, name, frame_text, COALESCE(starts_on, ''), COALESCE(ends_on, '')"
    " FROM plan_phases WHERE plan_id = ?1 ORDER BY position",
};
/* prog_task_get() */
static const struct db_query Q_TASK = {
    "programme.task", "SELECT " TASK_COLS " FROM plan_tasks WHERE id = ?1",
};
/* prog_task_list() */
static const struct db_query Q_TASKS = {
    "programme.tasks",
    "SELECT " TASK_COLS " FROM plan_tasks WHERE plan_id = ?1 ORDER BY position, id",
};
/* prog_task_get(): the organisations of one task */
static const struct db_query Q_TASK_ORGS = {
    "programme.task_orgs",
    "SELECT task_id, org_code, role FROM plan_task_orgs WHERE task_id = ?1 AND active = 1"
    " ORDER BY role DESC, org_code",
};
/* prog_task_list(): the organisations of every task of a plan */
static const struct db_query Q_PLAN_TASK_ORGS = {
    "programme.plan_task_orgs",
    "SELECT o.task_id, o.org_code, o.role FROM plan_task_orgs o"
    " JOIN plan_tasks t ON t.id = o.task_id WHERE t.plan_id = ?1 AND o.active = 1"
    " ORDER BY o.task_id, o.role DESC, o.org_code",
};
/* imports: phases of a stored plan */
static const struct db_query Q_PHASES = {
    "programme.phases", "SELECT code, frame FROM plan_phases WHERE plan_id = ?1",
};
/* prog_plan_import() */
static const struct db_query Q_PLAN_UPSERT = {
    "programme.plan_upsert",
    "INSERT INTO plans (code, number, issued_on, issuer_code, signer, title, basis,"
    " period_text, period, starts_on, ends_on, replaces, focal_code, province_code,"
    " sections, report_calendar, created_at, updated_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?17)"
    " ON CONFLICT(code) DO UPDATE SET number = excluded.number,"
    " issued_on = excluded.issued_on, issuer_code = excluded.issuer_code,"
    " signer = excluded.signer, title = excluded.title, basis = excluded.basis,"
    " period_text = excluded.period_text, period = excluded.period,"
    " starts_on = excluded.starts_on, ends_on = excluded.ends_on,"
    " replaces = excluded.replaces, focal_code = excluded.focal_code,"
    " province_code = excluded.province_code, sections = excluded.sections,"
    " report_calendar = excluded.report_calendar, updated_at = excluded.updated_at"
    " RETURNING id",
};
static const struct db_query Q_PHASE_UPSERT = {
    "programme.phase_upsert",
    "INSERT INTO plan_phases (plan_id, code, name, frame_text, frame, starts_on, ends_on,"
    " position) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
    " ON CONFLICT(plan_id, code) DO UPDATE SET name = excluded.name,"
    " frame_text = excluded.frame_text, frame = excluded.frame,"
    " starts_on = excluded.starts_on, ends_on = excluded.ends_on,"
    " position = excluded.position",
};
/* imports: one task */
static const struct db_query Q_TASK_EXISTS = {
    "programme.task_exists",
    "SELECT count(*) FROM plan_tasks WHERE plan_id = ?1 AND number = ?2",
};
static const struct db_query Q_TASK_UPSERT = {
    "programme.task_upsert",
    "INSERT INTO plan_tasks (plan_id, number, section, phase, content, clauses, frame_text,"
    " frame, starts_on, ends_on, expected, output_kinds, note, source, budget_planned,"
    " position) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,"
    " ?16) ON CONFLICT(plan_id, number) DO UPDATE SET section = excluded.section,"
    " phase = excluded.phase, content = excluded.content, clauses = excluded.clauses,"
    " frame_text = excluded.frame_text, frame = excluded.frame,"
    " starts_on = excluded.starts_on, ends_on = excluded.ends_on,"
    " expected = excluded.expected, output_kinds = excluded.output_kinds,"
    " note = excluded.note, source = excluded.source,"
    " budget_planned = excluded.budget_planned, position = excluded.position"
    " RETURNING id",
};
static const struct db_query Q_TASK_ORG_ADD = {
    "programme.task_org_add",
    "INSERT INTO plan_task_orgs (task_id, org_code, role, active) VALUES (?1, ?2, ?3, 1)"
    " ON CONFLICT (task_id, org_code, role) DO NOTHING",
};
/* prog_tasks_import_csv(): did an earlier reassignment move this row away */
static const struct db_query Q_TASK_ORG_MOVED = {
    "programme.task_org_moved",
    "SELECT count(*) FROM task_reassignments WHERE task_id = ?1 AND from_code = ?2",
};
/* reassignment: the open rows of one organisation */
static const struct db_query Q_OPEN_ROWS = {
    "programme.open_rows",
    "SELECT o.task_id, o.role FROM plan_task_orgs o JOIN plan_tasks t ON t.id = o.task_id"
    " WHERE o.org_code = ?1 AND o.active = 1 AND (?2 = 0 OR t.plan_id = ?2)"
    " AND (t.ends_on IS NULL OR t.ends_on >= ?3)"
    " AND NOT EXISTS (SELECT 1 FROM task_progress p WHERE p.task_id = o.task_id"
    " AND p.org_code = o.org_code AND p.status = 'hoan_thanh')"
    " ORDER BY o.task_id",
};
static const struct db_query Q_ROW_OFF = {
    "programme.row_off",
    "UPDATE plan_task_orgs SET active = 0 WHERE task_id = ?1 AND org_code = ?2 AND role = ?3",
};
static const struct db_query Q_ROW_ON = {
    "programme.row_on",
    "INSERT INTO plan_task_orgs (task_id, org_code, role, active) VALUES (?1, ?2, ?3, 1)"
    " ON CONFLICT (task_id, org_code, role) DO UPDATE SET active = 1",
};
static const struct db_query Q_REASSIGN_LOG = {
    "programme.reassign_log",
    "INSERT INTO task_reassignments (task_id, from_code, to_code, role, user_id, at)"
    " VALUES (?1, ?2, ?3, ?4, NULLIF(?5, 0), ?6)",
};
/* prog_reassign_defaults(): organisations holding active rows of a plan */
static const struct db_query Q_HOLDERS = {
    "programme.holders",
    "SELECT DISTINCT o.org_code FROM plan_task_orgs o JOIN plan_tasks t ON t.id = o.task_id"
    " WHERE o.active = 1 AND (?1 = 0 OR t.plan_id = ?1) ORDER BY o.org_code",
};

/* ---------------------------------------------------------------- plans */

void prog_plan_init(struct prog_plan *p)
{
    memset(p, 0, sizeof(*p));
}

void prog_plan_release(struct prog_plan *p)
{
    if (!p)
        return;
    free(p->title);
    free(p->period_text);
    prog_plan_init(p);
}

ARRAY_LIST_DEFINE_EACH(prog_plan, items, prog_plan_release)

static void plan_clear(void *obj)
{
    prog_plan_release(obj);
}

/* The columns of PROG_PLAN_COLS, in order. */
static const struct db_field PROG_PLAN_FIELDS[] = {
    DB_INT64(struct prog_plan, id),
    DB_TEXT(struct prog_plan, code),
    DB_TEXT(struct prog_plan, number),
    DB_TEXT(struct prog_plan, issued_on),
    DB_TEXT(struct prog_plan, issuer_code),
    DB_STRDUP(struct prog_plan, title),
    DB_STRDUP(struct prog_plan, period_text),
    DB_TEXT(struct prog_plan, period),
    DB_TEXT(struct prog_plan, starts_on),
    DB_TEXT(struct prog_plan, ends_on),
    DB_TEXT(struct prog_plan, focal_code),
    DB_TEXT(struct prog_plan, province_code),
};

static const struct db_row_type PLAN_ROW =
    DB_ROW_TYPE(struct prog_plan, PROG_PLAN_FIELDS, NULL, plan_clear);

void prog_plan_read_row(struct db_stmt *st, struct prog_plan *p)
{
    db_row_read_type(st, &PLAN_ROW, p);
}

enum mc_status prog_plan_get(struct db *db, int64_t id, struct prog_plan *out)
{
    return db_row_get(db, &Q_PLAN, &PLAN_ROW, out, "i", id);
}

enum mc_status prog_plan_get_by_code(struct db *db, const char *code, struct prog_plan *out)
{
    return db_row_get(db, &Q_PLAN_BY_CODE, &PLAN_ROW, out, "s", code);
}

/* The JSON text of column col, or def when NULL or not JSON. */
static json_t *json_col(struct db_stmt *st, int col, json_t *def)
{
    json_error_t err;
    json_t *v = db_col_is_null(st, col) ? NULL : json_loads(db_col_text(st, col), 0, &err);
    if (!v)
        return def;
    json_decref(def);
    return v;
}

enum mc_status prog_plan_register(struct db *db, int64_t id, json_t **out)
{
    struct db_stmt *st = NULL;
    json_t *phases = json_array();
    enum mc_status rc = db_get_row(db, &Q_REGISTER, &st, "i", id);
    *out = NULL;
    if (rc == MC_OK)
        *out = json_pack("{s:s,s:o,s:o,s:o,s:o}", "signer", db_col_text(st, 0), "basis",
                         json_col(st, 1, json_array()), "replaces", json_col(st, 2, json_null()),
                         "sections", json_col(st, 3, json_array()), "file_name",
                         db_col_is_null(st, 4) ? json_null() : json_string(db_col_text(st, 4)));
    db_done(st);
    st = NULL;
    if (rc == MC_OK)
        rc = db_query_start(db, &Q_PHASE_LIST, &st, "i", id);
    while (db_next(st, &rc))
        json_array_append_new(phases, json_pack("{s:s,s:s,s:s,s:s,s:s}", "code",
                                                db_col_text(st, 0), "name", db_col_text(st, 1),
                                                "frame_text", db_col_text(st, 2), "starts_on",
                                                db_col_text(st, 3), "ends_on",
                                                db_col_text(st, 4)));
    db_done(st);
    if (rc == MC_OK && *out) {
        json_object_set_new(*out, "phases", phases);
    } else {
        json_decref(phases);
        json_decref(*out);
        *out = NULL;
    }
    return rc;
}

enum mc_status prog_plan_list(struct db *db, struct prog_plan_list *out)
{
    return db_row_list(db, &Q_PLANS, &PLAN_ROW, &out->items, &out->n, &out->cap, "");
}

/* ---------------------------------------------------------------- tasks */

void prog_task_init(struct prog_task *t)
{
    memset(t, 0, sizeof(*t));
    t->budget_planned = -1;
}

void prog_task_release(struct prog_task *t)
{
    if (!t)
        return;
    free(t->content);
    free(t->frame_text);
    free(t->expected);
    free(t->note);
    free(t->leads);
    free(t->cos);
    prog_task_init(t);
}

ARRAY_LIST_DEFINE_EACH(prog_task, items, prog_task_release)

static void task_clear(void *obj)
{
    prog_task_release(obj);
}

static void task_finish(struct db_stmt *st, void *obj)
{
    struct prog_task *t = obj;
    t->budget_planned = db_col_is_null(st, 14) ? -1 : db_col_int64(st, 14);
}

/* The columns of TASK_COLS, in order. */
static const struct db_field PROG_TASK_FIELDS[] = {
    DB_INT64(struct prog_task, id),
    DB_INT64(struct prog_task, plan_id),
    DB_TEXT(struct prog_task, number),
    DB_TEXT(struct prog_task, section),
    DB_TEXT(struct prog_task, phase),
    DB_STRDUP(struct prog_task, content),
    DB_TEXT(struct prog_task, clauses),
    DB_STRDUP(struct prog_task, frame_text),
    DB_TEXT(struct prog_task, frame),
    DB_TEXT(struct prog_task, starts_on),
    DB_TEXT(struct prog_task, ends_on),
    DB_STRDUP(struct prog_task, expected),
    DB_TEXT(struct prog_task, output_kinds),
    DB_STRDUP(struct prog_task, note),
};

static const struct db_row_type TASK_ROW =
    DB_ROW_TYPE(struct prog_task, PROG_TASK_FIELDS, task_finish, task_clear);

/* Append code to the ';'-list *list (malloc'd). */
static void list_append(char **list, const char *code)
{
    size_t a = *list ? strlen(*list) : 0;
    size_t b = strlen(code);
    char *s = xmalloc(a + b + 2);
    if (a)
        memcpy(s, *list, a);
    if (a)
        s[a++] = ';';
    memcpy(s + a, code, b + 1);
    free(*list);
    *list = s;
}

/* Attach one row (task_id, org_code, role) of Q_*TASK_ORGS to t. */
static void task_add_org(struct prog_task *t, struct db_stmt *st)
{
    const char *role = db_col_text(st, 2);
    if (strcmp(role, "lead") == 0)
        list_append(&t->leads, db_col_text(st, 1));
    else
        list_append(&t->cos, db_col_text(st, 1));
}

enum mc_status prog_task_get(struct db *db, int64_t id, struct prog_task *out)
{
    struct db_stmt *st = NULL;
    enum mc_status rc = db_row_get(db, &Q_TASK, &TASK_ROW, out, "i", id);
    if (rc == MC_OK)
        rc = db_query_start(db, &Q_TASK_ORGS, &st, "i", id);
    while (db_next(st, &rc))
        task_add_org(out, st);
    db_done(st);
    return rc;
}

/* True when the ';'-list list holds code. */
static bool has_code(const char *list, const char *code)
{
    size_t n = strlen(code);
    const char *p = list;
    while (p && *p) {
        const char *end = strchr(p, ';');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len == n && memcmp(p, code, n) == 0)
            return true;
        p = end ? end + 1 : NULL;
    }
    return false;
}

/* True when t is given to one of codes[0..n). */
static bool task_given_to(const struct prog_task *t, char **codes, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (has_code(t->leads, codes[i]) || has_code(t->cos, codes[i]))
            return true;
    }
    return false;
}

enum mc_status prog_task_list(struct db *db, int64_t plan_id, const char *org_code,
                              struct prog_task_list *out)
{
    struct prog_task_list all;
    struct strmap index;
    struct db_stmt *st = NULL;
    char **codes = NULL;
    size_t ncodes = 0;
    enum mc_status rc;

    prog_task_list_init(&all);
    strmap_init(&index);
    rc = db_query_start(db, &Q_TASKS, &st, "i", plan_id);
    while (db_next(st, &rc)) {
        struct prog_task *t = ARRAY_PUSH(all.items, all.n, all.cap);
        char key[24];
        prog_task_init(t);
        db_row_read_type(st, &TASK_ROW, t);
        snprintf(key, sizeof(key), "%lld", (long long)t->id);
        strmap_set(&index, key, strlen(key), (int64_t)(all.n - 1));
    }
    db_done(st);
    st = NULL;
    if (rc == MC_OK)
        rc = db_query_start(db, &Q_PLAN_TASK_ORGS, &st, "i", plan_id);
    while (db_next(st, &rc)) {
        char key[24];
        int64_t i = 0;
        snprintf(key, sizeof(key), "%lld", (long long)db_col_int64(st, 0));
        if (strmap_get(&index, key, strlen(key), &i))
            task_add_org(&all.items[i], st);
    }
    db_done(st);
    if (rc == MC_OK && org_code) {
        rc = org_groups_of(db, org_code, &codes, &ncodes);
        if (rc == MC_ERR_NOT_FOUND)
            rc = MC_OK;
        codes = xrealloc(codes, (ncodes + 1) * sizeof(*codes));
        codes[ncodes++] = xstrdup(org_code);
    }
    for (size_t i = 0; rc == MC_OK && i < all.n; i++) {
        if (org_code && !task_given_to(&all.items[i], codes, ncodes))
            continue;
        *ARRAY_PUSH(out->items, out->n, out->cap) = all.items[i];
        prog_task_init(&all.items[i]);
    }
    for (size_t i = 0; i < ncodes; i++)
        free(codes[i]);
    free(codes);
    strmap_release(&index);
    prog_task_list_release(&all);
    return rc;
}

/* ---------------------------------------------------------------- import checks */

/* One phase of the plan being imported into. */
struct phase {
    char code[16];
    struct prog_frame frame;
};

/* Everything a task import needs besides the CSV. */
struct task_import {
    struct prog_frame period;
    struct phase *phases;
    size_t nphases;
    size_t phases_cap;
    struct org_sheet sheet;
    int c_stt, c_muc, c_gd, c_nd, c_dieu, c_ct, c_ph, c_tgg, c_tg, c_kq, c_dr, c_gc, c_ng, c_kp;
    int64_t plan_id;
    const struct audit_actor *who;
    struct import_report *rep;
    /* the plan register, for prog_plan_import() (NULL for tasks only) */
    json_t *plan;
};

static void task_import_release(struct task_import *x)
{
    free(x->phases);
    org_sheet_release(&x->sheet);
    json_decref(x->plan);
    memset(x, 0, sizeof(*x));
}

static const struct phase *find_phase(const struct task_import *x, const char *code)
{
    for (size_t i = 0; i < x->nphases; i++) {
        if (strcmp(x->phases[i].code, code) == 0)
            return &x->phases[i];
    }
    return NULL;
}

/* Check row i of the task sheet. */
static enum mc_status check_task_row(struct db *db, struct task_import *x, size_t i,
                                     struct strmap *numbers)
{
    const struct org_sheet *s = &x->sheet;
    unsigned long line = s->lines[i];
    const char *number = cell(s, i, x->c_stt);
    const char *content = cell(s, i, x->c_nd);
    const char *frame = cell(s, i, x->c_tg);
    const char *phase = cell(s, i, x->c_gd);
    const char *kinds = cell(s, i, x->c_dr);
    const char *budget = cell(s, i, x->c_kp);
    const char *why = NULL;
    struct prog_frame f;
    size_t nleads = 0, ncos = 0;
    int64_t first = 0;
    enum mc_status rc;

    if (!number[0])
        import_report_error(x->rep, "dòng %lu: thiếu số thứ tự nhiệm vụ (stt)", line);
    else if (strlen(number) >= PROG_TASK_NUMBER_MAX)
        import_report_error(x->rep, "dòng %lu: số thứ tự nhiệm vụ dài quá", line);
    else if (strmap_put(numbers, number, strlen(number), (int64_t)i) != (int64_t)i) {
        strmap_get(numbers, number, strlen(number), &first);
        import_report_error(x->rep, "dòng %lu: nhiệm vụ số %s trùng với dòng %lu", line,
                            number, s->lines[first]);
    }
    if (!content[0])
        import_report_error(x->rep, "dòng %lu: thiếu nội dung nhiệm vụ", line);
    else if (strlen(content) > PROG_TEXT_MAX || !text_utf8_valid(content, strlen(content)))
        import_report_error(x->rep, "dòng %lu: nội dung nhiệm vụ không hợp lệ", line);
    if (prog_frame_parse(frame, &f, &why) != MC_OK) {
        import_report_error(x->rep, "dòng %lu: thời gian \"%s\" không hợp lệ: %s", line, frame,
                            why);
    } else if (f.kind == PROG_FRAME_DATED && !prog_frame_within(&f, &x->period)) {
        import_report_error(x->rep, "dòng %lu: thời gian \"%s\" nằm ngoài thời kỳ của kế hoạch",
                            line, frame);
    } else if (phase[0]) {
        const struct phase *ph = find_phase(x, phase);
        if (!ph)
            import_report_error(x->rep, "dòng %lu: giai đoạn %s không có trong kế hoạch", line,
                                phase);
        else if (f.kind == PROG_FRAME_DATED && !prog_frame_within(&f, &ph->frame))
            import_report_error(x->rep, "dòng %lu: thời gian \"%s\" nằm ngoài giai đoạn %s",
                                line, frame, phase);
    }
    if (x->c_tgg >= 0 && !frame[0] != !cell(s, i, x->c_tgg)[0])
        import_report_error(x->rep, "dòng %lu: thoi_gian và thoi_gian_ghi phải cùng có hoặc "
                            "cùng trống", line);
    for (const char *p = kinds; p && *p;) {
        const char *end = strchr(p, ';');
        char k[48];
        snprintf(k, sizeof(k), "%.*s", (int)(end ? (size_t)(end - p) : strlen(p)), p);
        if (!prog_output_kind_name(k))
            import_report_error(x->rep, "dòng %lu: loại đầu ra \"%s\" không có", line, k);
        p = end ? end + 1 : NULL;
    }
    if (budget[0] && !text_is_digits(budget, strlen(budget)))
        import_report_error(x->rep, "dòng %lu: kinh phí phải là số đồng", line);
    rc = org_check_code_list(db, NULL, cell(s, i, x->c_ct), "cơ quan chủ trì", line, x->rep,
                             &nleads);
    if (rc == MC_OK)
        rc = org_check_code_list(db, NULL, cell(s, i, x->c_ph), "cơ quan phối hợp", line,
                                 x->rep, &ncos);
    if (rc == MC_OK && nleads == 0)
        import_report_error(x->rep, "dòng %lu: thiếu cơ quan chủ trì", line);
    return rc;
}

/* Map the columns and check every row; MC_ERR_INVALID when anything is wrong. */
static enum mc_status check_tasks(struct db *db, struct task_import *x)
{
    static const char *const need[] = {"stt", "noi_dung", "chu_tri", "thoi_gian"};
    struct org_sheet *s = &x->sheet;
    struct strmap numbers;
    enum mc_status rc = MC_OK;

    strmap_init(&numbers);
    for (size_t k = 0; k < MC_ARRAY_LEN(need); k++) {
        if (org_sheet_col(s, need[k]) < 0) {
            import_report_error(x->rep, "dòng 1: thiếu cột %s", need[k]);
            rc = MC_ERR_INVALID;
        }
    }
    if (rc != MC_OK)
        goto out;
    x->c_stt = org_sheet_col(s, "stt");
    x->c_muc = org_sheet_col(s, "muc");
    x->c_gd = org_sheet_col(s, "giai_doan");
    x->c_nd = org_sheet_col(s, "noi_dung");
    x->c_dieu = org_sheet_col(s, "dieu_1588");
    x->c_ct = org_sheet_col(s, "chu_tri");
    x->c_ph = org_sheet_col(s, "phoi_hop");
    x->c_tgg = org_sheet_col(s, "thoi_gian_ghi");
    x->c_tg = org_sheet_col(s, "thoi_gian");
    x->c_kq = org_sheet_col(s, "ket_qua");
    x->c_dr = org_sheet_col(s, "dau_ra");
    x->c_gc = org_sheet_col(s, "ghi_chu");
    x->c_ng = org_sheet_col(s, "nguon");
    x->c_kp = org_sheet_col(s, "kinh_phi");
    if (s->nrows == 0 && !x->plan) {
        /* a task file must hold tasks; a new plan may start without any */
        import_report_error(x->rep, "tệp không có nhiệm vụ nào");
        rc = MC_ERR_INVALID;
        goto out;
    }
    for (size_t i = 0; rc == MC_OK && i < s->nrows; i++) {
        size_t before = import_report_error_count(x->rep);
        rc = check_task_row(db, x, i, &numbers);
        if (import_report_error_count(x->rep) > before)
            x->rep->rejected++;
    }
    if (rc == MC_OK && import_report_error_count(x->rep) > 0)
        rc = MC_ERR_INVALID;
out:
    strmap_release(&numbers);
    return rc;
}

/* ---------------------------------------------------------------- import writes */

/* Add each code of a ';'-list to a task unless a reassignment moved it away. */
static enum mc_status add_orgs(struct db *db, int64_t task_id, const char *list,
                               const char *role)
{
    enum mc_status rc = MC_OK;
    const char *p = list;
    while (rc == MC_OK && p && *p) {
        const char *end = strchr(p, ';');
        char code[ORG_CODE_MAX];
        int64_t moved = 0;
        snprintf(code, sizeof(code), "%.*s", (int)(end ? (size_t)(end - p) : strlen(p)), p);
        rc = db_get_int(db, &Q_TASK_ORG_MOVED, &moved, "is", task_id, code);
        if (rc == MC_OK && moved == 0)
            rc = db_run(db, &Q_TASK_ORG_ADD, NULL, "iss", task_id, code, role);
        p = end ? end + 1 : NULL;
    }
    return rc;
}

static enum mc_status write_tasks(struct db *db, struct task_import *x)
{
    const struct org_sheet *s = &x->sheet;
    enum mc_status rc = MC_OK;
    for (size_t i = 0; rc == MC_OK && i < s->nrows; i++) {
        struct prog_frame f;
        int64_t had = 0;
        int64_t id = 0;
        const char *budget = cell(s, i, x->c_kp);
        if (prog_frame_parse(cell(s, i, x->c_tg), &f, NULL) != MC_OK)
            memset(&f, 0, sizeof(f));
        rc = db_get_int(db, &Q_TASK_EXISTS, &had, "is", x->plan_id, cell(s, i, x->c_stt));
        if (rc != MC_OK)
            break;
        rc = db_get_int(db, &Q_TASK_UPSERT, &id, "isssssssssssss" "si", x->plan_id,
                        cell(s, i, x->c_stt), cell(s, i, x->c_muc), cell(s, i, x->c_gd),
                        cell(s, i, x->c_nd), cell(s, i, x->c_dieu), cell(s, i, x->c_tgg),
                        cell(s, i, x->c_tg), f.start[0] ? f.start : NULL,
                        f.end[0] ? f.end : NULL, cell(s, i, x->c_kq), cell(s, i, x->c_dr),
                        cell(s, i, x->c_gc), cell(s, i, x->c_ng),
                        budget[0] ? budget : NULL, (int64_t)(i + 1));
        if (rc == MC_OK)
            rc = add_orgs(db, id, cell(s, i, x->c_ct), "lead");
        if (rc == MC_OK)
            rc = add_orgs(db, id, cell(s, i, x->c_ph), "co");
        if (had)
            x->rep->updated++;
        else
            x->rep->created++;
    }
    return rc;
}

static enum mc_status tasks_tx(struct db *db, void *arg)
{
    struct task_import *x = arg;
    char object[32];
    char detail[96];
    enum mc_status rc;
    x->rep->created = 0;
    x->rep->updated = 0;
    rc = write_tasks(db, x);
    snprintf(object, sizeof(object), "plan:%lld", (long long)x->plan_id);
    snprintf(detail, sizeof(detail), "{\"created\":%zu,\"updated\":%zu}", x->rep->created,
             x->rep->updated);
    if (rc == MC_OK)
        rc = audit_record(db, x->who, "programme.tasks_import", object, detail);
    return rc;
}

/* Read the stored plan's period and phases into x. */
static enum mc_status load_plan_frames(struct db *db, struct task_import *x)
{
    struct prog_plan p;
    struct db_stmt *st = NULL;
    enum mc_status rc;
    prog_plan_init(&p);
    rc = prog_plan_get(db, x->plan_id, &p);
    if (rc == MC_OK && prog_frame_parse(p.period, &x->period, NULL) != MC_OK)
        memset(&x->period, 0, sizeof(x->period));
    if (rc == MC_OK)
        rc = db_query_start(db, &Q_PHASES, &st, "i", x->plan_id);
    while (db_next(st, &rc)) {
        struct phase *ph = ARRAY_PUSH(x->phases, x->nphases, x->phases_cap);
        db_col_copy(st, 0, ph->code, sizeof(ph->code));
        if (prog_frame_parse(db_col_text(st, 1), &ph->frame, NULL) != MC_OK)
            memset(&ph->frame, 0, sizeof(ph->frame));
    }
    db_done(st);
    prog_plan_release(&p);
    return rc;
}

/*
 * Read the task sheet of an import (org_sheet_read()), check every row
 * and, when all is well, write the import with tx in one transaction.
 */
static enum mc_status write_sheet(struct db *db, struct task_import *x, const char *csv,
                                  size_t len, bool by_record,
                                  enum mc_status (*tx)(struct db *, void *))
{
    enum mc_status rc = org_sheet_read(csv, len, by_record, &x->sheet, x->rep);
    if (rc == MC_OK)
        rc = check_tasks(db, x);
    if (rc == MC_OK)
        rc = org_sheet_commit(db, x->rep, tx, x);
    return rc;
}

enum mc_status prog_tasks_import_csv(struct db *db, int64_t plan_id, const char *csv,
                                     size_t len, const struct audit_actor *who,
                                     struct import_report *rep)
{
    import_report_clear(rep);
    return prog_tasks_import(db, plan_id, csv, len, false, who, rep);
}

enum mc_status prog_tasks_import(struct db *db, int64_t plan_id, const char *csv, size_t len,
                                 bool by_record, const struct audit_actor *who,
                                 struct import_report *rep)
{
    struct task_import x = {.plan_id = plan_id, .who = who, .rep = rep};
    enum mc_status rc;
    if (len > PROG_IMPORT_MAX_BYTES) {
        rc = MC_ERR_TOO_LARGE;
        goto out;
    }
    rc = load_plan_frames(db, &x);
    if (rc == MC_OK)
        rc = write_sheet(db, &x, csv, len, by_record, tasks_tx);
out:
    task_import_release(&x);
    return rc;
}

/* ---------------------------------------------------------------- plan register */

/* A JSON member as text to store: the array or object dumped, or def. */
static char *json_member_text(const json_t *o, const char *key, const char *def)
{
    json_t *v = json_object_get(o, key);
    if (!v || json_is_null(v))
        return def ? xstrdup(def) : NULL;
    char *s = json_dumps(v, JSON_COMPACT | JSON_ENSURE_ASCII);
    return s ? s : xstrdup(def ? def : "null");
}

/* Check the register x->plan and fill x->period and x->phases. */
static enum mc_status check_register(struct db *db, struct task_import *x)
{
    const json_t *p = x->plan;
    const json_t *ky = json_object_get(p, "ky");
    const json_t *phases = json_object_get(p, "giai_doan");
    const char *code = jfield_str(p, "ma_ke_hoach");
    const char *issued = jfield_str(p, "ngay_ban_hanh");
    const char *why = NULL;
    const char *orgs[] = {jfield_str(p, "co_quan_ban_hanh"), jfield_str(p, "co_quan_dau_moi")};
    const char *names[] = {"cơ quan ban hành", "cơ quan đầu mối"};
    size_t i;
    json_t *ph;
    enum mc_status rc = MC_OK;

    if (!text_is_code(code, strlen(code), 63, ".-_"))
        import_report_error(x->rep, "kế hoạch: mã kế hoạch (ma_ke_hoach) \"%s\" không hợp lệ",
                            code);
    if (!jfield_str(p, "trich_yeu")[0])
        import_report_error(x->rep, "kế hoạch: thiếu trích yếu (trich_yeu)");
    if (issued[0]) {
        struct prog_frame d;
        char dmy[16];
        snprintf(dmy, sizeof(dmy), "%.2s/%.2s/%.4s", issued + 8, issued + 5, issued);
        if (strlen(issued) != 10 || prog_frame_parse(dmy, &d, NULL) != MC_OK)
            import_report_error(x->rep, "kế hoạch: ngày ban hành \"%s\" không hợp lệ", issued);
    }
    if (prog_frame_parse(jfield_str(ky, "thoi_gian"), &x->period, &why) != MC_OK)
        import_report_error(x->rep, "kế hoạch: thời kỳ \"%s\" không hợp lệ: %s",
                            jfield_str(ky, "thoi_gian"), why);
    for (size_t k = 0; rc == MC_OK && k < 2; k++) {
        bool known = false;
        if (!orgs[k][0])
            continue;
        rc = org_exists(db, orgs[k], &known);
        if (rc == MC_OK && !known)
            import_report_error(x->rep, "kế hoạch: %s %s không có trong danh sách tổ chức",
                                names[k], orgs[k]);
    }
    json_array_foreach(phases, i, ph) {
        struct phase *q = ARRAY_PUSH(x->phases, x->nphases, x->phases_cap);
        snprintf(q->code, sizeof(q->code), "%s", jfield_str(ph, "ma"));
        if (!q->code[0] || !jfield_str(ph, "ten")[0])
            import_report_error(x->rep, "kế hoạch: giai đoạn thứ %zu thiếu mã hoặc tên", i + 1);
        if (prog_frame_parse(jfield_str(ph, "thoi_gian"), &q->frame, &why) != MC_OK)
            import_report_error(x->rep, "kế hoạch: thời gian của giai đoạn %s không hợp lệ: %s",
                                q->code, why);
        else if (!prog_frame_within(&q->frame, &x->period))
            import_report_error(x->rep, "kế hoạch: giai đoạn %s nằm ngoài thời kỳ", q->code);
    }
    return rc;
}

/* "Họ tên, chức vụ" of nguoi_ky, or "" (malloc'd). */
static char *signer_text(const json_t *p)
{
    const json_t *s = json_object_get(p, "nguoi_ky");
    struct buf b;
    buf_init(&b, 1024);
    if (json_is_object(s)) {
        buf_adds(&b, jfield_str(s, "ho_ten"));
        if (jfield_str(s, "chuc_vu")[0]) {
            buf_adds(&b, ", ");
            buf_adds(&b, jfield_str(s, "chuc_vu"));
        }
    }
    char *out = xstrdup(buf_cstr(&b));
    buf_release(&b);
    return out;
}

static enum mc_status plan_tx(struct db *db, void *arg)
{
    struct task_import *x = arg;
    const json_t *p = x->plan;
    const json_t *ky = json_object_get(p, "ky");
    const json_t *phases = json_object_get(p, "giai_doan");
    char *basis = json_member_text(p, "can_cu", "[]");
    char *replaces = json_member_text(p, "thay_the", NULL);
    char *sections = json_member_text(p, "muc", "[]");
    char *calendar = json_member_text(p, "bao_cao", "[]");
    char *signer = signer_text(p);
    const char *issued = jfield_str_or_null(p, "ngay_ban_hanh");
    const char *issuer = jfield_str_or_null(p, "co_quan_ban_hanh");
    const char *focal = jfield_str_or_null(p, "co_quan_dau_moi");
    const char *province = jfield_str(json_object_get(p, "tinh"), "ma_dvhc");
    size_t i;
    json_t *ph;
    enum mc_status rc;

    rc = db_get_int(db, &Q_PLAN_UPSERT, &x->plan_id, "ssssssssssssssssi",
                    jfield_str(p, "ma_ke_hoach"), jfield_str(p, "so_ky_hieu"),
                    issued && issued[0] ? issued : NULL, issuer && issuer[0] ? issuer : NULL,
                    signer, jfield_str(p, "trich_yeu"), basis, jfield_str(ky, "ghi"),
                    jfield_str(ky, "thoi_gian"),
                    x->period.start[0] ? x->period.start : NULL,
                    x->period.end[0] ? x->period.end : NULL, replaces,
                    focal && focal[0] ? focal : NULL, province[0] ? province : NULL, sections,
                    calendar, clock_now());
    json_array_foreach(phases, i, ph) {
        if (rc != MC_OK)
            break;
        rc = db_run(db, &Q_PHASE_UPSERT, NULL, "issssssi", x->plan_id, jfield_str(ph, "ma"),
                    jfield_str(ph, "ten"), jfield_str(ph, "thoi_gian_ghi"),
                    jfield_str(ph, "thoi_gian"), x->phases[i].frame.start,
                    x->phases[i].frame.end, (int64_t)(i + 1));
    }
    if (rc == MC_OK)
        rc = tasks_tx(db, x);
    if (rc == MC_OK) {
        char object[32];
        snprintf(object, sizeof(object), "plan:%lld", (long long)x->plan_id);
        rc = audit_record(db, x->who, "programme.plan_import", object,
                          jfield_str(p, "ma_ke_hoach"));
    }
    free(signer);
    free(calendar);
    free(sections);
    free(replaces);
    free(basis);
    return rc;
}

enum mc_status prog_plan_import(struct db *db, const char *json, size_t json_len,
                                const char *csv, size_t csv_len, const struct audit_actor *who,
                                struct import_report *rep, int64_t *plan_id)
{
    struct task_import x;
    struct jfield_error e;
    enum mc_status rc;

    memset(&x, 0, sizeof(x));
    import_report_clear(rep);
    jfield_error_init(&e);
    x.who = who;
    x.rep = rep;
    if (json_len > PROG_IMPORT_MAX_BYTES || csv_len > PROG_IMPORT_MAX_BYTES) {
        rc = MC_ERR_TOO_LARGE;
        goto out;
    }
    rc = jfield_parse_object(json, json_len, 0, &x.plan, &e);
    if (rc != MC_OK) {
        import_report_error(rep, "kế hoạch: %s", e.message);
        goto out;
    }
    rc = check_register(db, &x);
    if (rc == MC_OK)
        rc = write_sheet(db, &x, csv, csv_len, false, plan_tx);
    if (rc == MC_OK)
        *plan_id = x.plan_id;
out:
    task_import_release(&x);
    return rc;
}

/* The shipped file name of a plan: "sonla" for "son-la" and the like. */
static const char *shipped_name(const char *name)
{
    static const char *const names[][2] = {
        {"sonla", "son-la"}, {"hanoi", "ha-noi"}, {"thaibinh", "thai-binh"},
        {"bariavungtau", "ba-ria-vung-tau"},
    };
    for (size_t i = 0; i < MC_ARRAY_LEN(names); i++) {
        if (strcmp(name, names[i][0]) == 0 || strcmp(name, names[i][1]) == 0)
            return names[i][0];
    }
    return NULL;
}

enum mc_status prog_plan_load_shipped(struct db *db, const char *name,
                                      const struct audit_actor *who, struct import_report *rep,
                                      int64_t *plan_id)
{
    const char *file = shipped_name(name);
    const struct asset *j;
    const struct asset *c;
    char path[96];
    enum mc_status rc;
    if (!file)
        return MC_ERR_NOT_FOUND;
    rc = org_load_shipped(db, file, rep);
    if (rc != MC_OK)
        return rc;
    snprintf(path, sizeof(path), "data/programme/plan-%s.json", file);
    j = asset_find(path);
    snprintf(path, sizeof(path), "data/programme/plan-%s.csv", file);
    c = asset_find(path);
    if (!j || !c)
        return MC_ERR_NOT_FOUND;
    return prog_plan_import(db, j->data, (size_t)j->len, c->data, (size_t)c->len, who, rep,
                            plan_id);
}

/* ---------------------------------------------------------------- export */

enum mc_status prog_tasks_export_csv(struct db *db, int64_t plan_id, struct buf *out)
{
    static const char *const header[] = {
        "stt", "muc", "giai_doan", "noi_dung", "dieu_1588", "chu_tri", "phoi_hop",
        "thoi_gian_ghi", "thoi_gian", "ket_qua", "dau_ra", "ghi_chu", "kinh_phi",
    };
    struct prog_task_list l;
    struct csv_writer w;
    enum mc_status rc;

    prog_task_list_init(&l);
    rc = prog_task_list(db, plan_id, NULL, &l);
    if (rc != MC_OK)
        goto out;
    csv_writer_init(&w, out, CSV_LF);
    for (size_t k = 0; k < MC_ARRAY_LEN(header); k++)
        csv_write_text(&w, header[k]);
    csv_write_end(&w);
    for (size_t i = 0; i < l.n; i++) {
        const struct prog_task *t = &l.items[i];
        csv_write_text(&w, t->number);
        csv_write_text(&w, t->section);
        csv_write_text(&w, t->phase);
        csv_write_text(&w, t->content);
        csv_write_text(&w, t->clauses);
        csv_write_text(&w, t->leads ? t->leads : "");
        csv_write_text(&w, t->cos ? t->cos : "");
        csv_write_text(&w, t->frame_text);
        csv_write_text(&w, t->frame);
        csv_write_text(&w, t->expected);
        csv_write_text(&w, t->output_kinds);
        csv_write_text(&w, t->note);
        if (t->budget_planned >= 0)
            csv_write_int(&w, t->budget_planned);
        else
            csv_write_empty(&w);
        csv_write_end(&w);
    }
    rc = buf_status(out);
out:
    prog_task_list_release(&l);
    return rc;
}

/* ---------------------------------------------------------------- reassignment */

struct open_row {
    int64_t task_id;
    char role[8];
};

static enum mc_status move_rows(struct db *db, int64_t plan_id, const char *from,
                                const char *const *to, size_t nto, const char *day,
                                const struct audit_actor *who, size_t *moved)
{
    struct open_row *rows = NULL;
    size_t n = 0, cap = 0;
    struct db_stmt *st = NULL;
    char object[ORG_CODE_MAX + 8];
    char detail[512];
    struct buf dst;
    enum mc_status rc;

    buf_init(&dst, 400);
    rc = db_query_start(db, &Q_OPEN_ROWS, &st, "sis", from, plan_id, day);
    while (db_next(st, &rc)) {
        struct open_row *r = ARRAY_PUSH(rows, n, cap);
        r->task_id = db_col_int64(st, 0);
        db_col_copy(st, 1, r->role, sizeof(r->role));
    }
    db_done(st);
    for (size_t i = 0; rc == MC_OK && i < n; i++) {
        rc = db_run(db, &Q_ROW_OFF, NULL, "iss", rows[i].task_id, from, rows[i].role);
        for (size_t k = 0; rc == MC_OK && k < nto; k++) {
            rc = db_run(db, &Q_ROW_ON, NULL, "iss", rows[i].task_id, to[k], rows[i].role);
            if (rc == MC_OK)
                rc = db_run(db, &Q_REASSIGN_LOG, NULL, "isssii", rows[i].task_id, from, to[k],
                            rows[i].role, who->user_id, clock_now());
        }
    }
    for (size_t k = 0; k < nto; k++) {
        if (k)
            buf_addch(&dst, ';');
        buf_adds(&dst, to[k]);
    }
    snprintf(object, sizeof(object), "org:%s", from);
    snprintf(detail, sizeof(detail), "{\"to\":\"%s\",\"rows\":%zu}", buf_cstr(&dst), n);
    if (rc == MC_OK && n > 0)
        rc = audit_record(db, who, "programme.reassign", object, detail);
    if (rc == MC_OK && moved)
        *moved += n;
    buf_release(&dst);
    free(rows);
    return rc;
}

struct reassign_ctx {
    int64_t plan_id;
    const char *from;
    const char *const *to;
    size_t nto;
    const char *day;
    const struct audit_actor *who;
    size_t moved;
};

static enum mc_status reassign_tx(struct db *db, void *arg)
{
    struct reassign_ctx *c = arg;
    c->moved = 0;
    return move_rows(db, c->plan_id, c->from, c->to, c->nto, c->day, c->who, &c->moved);
}

enum mc_status prog_reassign(struct db *db, int64_t plan_id, const char *from_code,
                             const char *const *to, size_t nto, const char *day,
                             const struct audit_actor *who, size_t *moved)
{
    struct reassign_ctx c = {plan_id, from_code, to, nto, day, who, 0};
    bool known = false;
    enum mc_status rc;
    if (nto == 0)
        return MC_ERR_INVALID;
    rc = org_exists(db, from_code, &known);
    if (rc == MC_OK && !known)
        rc = MC_ERR_NOT_FOUND;
    for (size_t k = 0; rc == MC_OK && k < nto; k++) {
        if (strcmp(to[k], from_code) == 0)
            rc = MC_ERR_INVALID;
        if (rc == MC_OK)
            rc = org_exists(db, to[k], &known);
        if (rc == MC_OK && !known)
            rc = MC_ERR_NOT_FOUND;
    }
    if (rc == MC_OK)
        rc = db_tx(db, reassign_tx, &c);
    if (moved)
        *moved = rc == MC_OK ? c.moved : 0;
    return rc;
}

enum mc_status prog_org_current(struct db *db, const char *code, const char *day, char *out)
{
    struct org o;
    char at[ORG_CODE_MAX];
    enum mc_status rc = MC_OK;
    org_init(&o);
    snprintf(at, sizeof(at), "%s", code);
    for (int step = 0; rc == MC_OK && step < 16; step++) {
        char **succ = NULL;
        size_t n = 0;
        rc = org_get(db, at, &o);
        if (rc != MC_OK || org_in_force(&o, day))
            break;
        rc = org_successors(db, at, &succ, &n);
        if (rc == MC_OK && n == 0)
            break;
        if (rc == MC_OK)
            snprintf(at, sizeof(at), "%s", succ[0]);
        for (size_t i = 0; i < n; i++)
            free(succ[i]);
        free(succ);
    }
    if (rc == MC_OK)
        snprintf(out, ORG_CODE_MAX, "%s", at);
    org_release(&o);
    return rc;
}

struct defaults_ctx {
    int64_t plan_id;
    const char *day;
    const struct audit_actor *who;
    size_t moved;
};

/* One round: move the rows of every ended holder to its successors. */
static enum mc_status defaults_round(struct db *db, struct defaults_ctx *c, size_t *round)
{
    char **holders = NULL;
    size_t n = 0, cap = 0;
    struct db_stmt *st = NULL;
    struct org o;
    enum mc_status rc;

    org_init(&o);
    rc = db_query_start(db, &Q_HOLDERS, &st, "i", c->plan_id);
    while (db_next(st, &rc))
        *ARRAY_PUSH(holders, n, cap) = db_col_strdup(st, 0);
    db_done(st);
    for (size_t i = 0; rc == MC_OK && i < n; i++) {
        char **succ = NULL;
        size_t ns = 0;
        rc = org_get(db, holders[i], &o);
        if (rc == MC_OK && !org_in_force(&o, c->day) && o.valid_to[0])
            rc = org_successors(db, holders[i], &succ, &ns);
        if (rc == MC_OK && ns > 0) {
            size_t take = o.succession == ORG_DISSOLVED ? 1 : ns;
            rc = move_rows(db, c->plan_id, holders[i], (const char *const *)succ, take,
                           c->day, c->who, round);
        }
        for (size_t k = 0; k < ns; k++)
            free(succ[k]);
        free(succ);
    }
    for (size_t i = 0; i < n; i++)
        free(holders[i]);
    free(holders);
    org_release(&o);
    return rc;
}

static enum mc_status defaults_tx(struct db *db, void *arg)
{
    struct defaults_ctx *c = arg;
    enum mc_status rc = MC_OK;
    c->moved = 0;
    for (int pass = 0; rc == MC_OK && pass < 8; pass++) {
        size_t round = 0;
        rc = defaults_round(db, c, &round);
        c->moved += round;
        if (round == 0)
            break;
    }
    return rc;
}

enum mc_status prog_reassign_defaults(struct db *db, int64_t plan_id, const char *day,
                                      const struct audit_actor *who, size_t *moved)
{
    struct defaults_ctx c = {plan_id, day, who, 0};
    enum mc_status rc = db_tx(db, defaults_tx, &c);
    if (moved)
        *moved = rc == MC_OK ? c.moved : 0;
    return rc;
}
