/* test_programme_report.c - unit tests for programme/programme_report.h
 * over the demo programme: the report workflow's rules, reminder
 * thresholds with a pinned clock (once each, escalation after the due
 * day), and a frozen consolidated summary that later changes leave alone. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include "testdb.h"
#include "core/assets.h"
#include "core/clock.h"
#include "domain/accounts/account.h"
#include "domain/programme/programme_consolidate.h"
#include "domain/units/unit.h"

static const struct audit_actor who = {0, "system", "test"};

static void staff(struct user *u, const char *agency, unsigned roles)
{
    memset(u, 0, sizeof(*u));
    u->kind = USER_STAFF;
    snprintf(u->agency_code, sizeof(u->agency_code), "%s", agency);
    u->roles = roles;
}

/* Run one SQL statement (test set-up only). */
static void exec_sql(struct db *db, const char *sql)
{
    struct db_stmt *st = NULL;
    bool row = false;
    assert_int_equal(db_prepare_text(db, sql, &st), MC_OK);
    assert_int_equal(db_step(st, &row), MC_OK);
    db_stmt_free(st);
}

static int64_t count(struct db *db, const char *sql)
{
    struct db_stmt *st = NULL;
    bool row = false;
    int64_t n = -1;
    assert_int_equal(db_prepare_text(db, sql, &st), MC_OK);
    assert_int_equal(db_step(st, &row), MC_OK);
    if (row)
        n = db_col_int64(st, 0);
    db_stmt_free(st);
    return n;
}

/* Messages in the outbox to address (sealed: found by its blind index), and extra SQL. */
static int64_t count_to(struct db *db, const char *address, const char *extra)
{
    char bidx[SEAL_INDEX_SIZE], sql[256];
    assert_int_equal(seal_index("recipient", address, bidx), MC_OK);
    snprintf(sql, sizeof(sql), "SELECT count(*) FROM notify_outbox WHERE recipient_bidx = '%s'%s",
             bidx, extra);
    return count(db, sql);
}

/* The demo's units, agencies, two staff with email, and its programme. */
static int setup(void **state)
{
    struct test_db *t = calloc(1, sizeof(*t));
    const struct asset *units = asset_find("data/demo/units.json");
    const struct asset *agencies = asset_find("data/demo/agencies.csv");
    struct import_report rep;
    int64_t id = 0;
    if (!t || test_db_open(t, "programme-report") != 0)
        return -1;
    clock_set(1764982800, 0);   /* 2025-12-06 08:00 in Vietnam */
    import_report_init(&rep);
    enum mc_status st = units_import_json(t->db, units->data, (size_t)units->len, &rep);
    if (st == MC_OK)
        st = agencies_import_csv(t->db, agencies->data, (size_t)agencies->len, &rep);
    import_report_release(&rep);
    if (st == MC_OK)
        st = account_add_staff(t->db, "stp.admin", "Lý Thị Mai", "Mật-khẩu-thử-2026", "T20.STP",
                               ROLE_AGENCY_ADMIN, &who, &id);
    if (st == MC_OK)
        st = account_add_staff(t->db, "stp.lanhdao", "Hoàng Văn Thắng", "Mật-khẩu-thử-2026",
                               "T20.STP", ROLE_APPROVER, &who, &id);
    if (st == MC_OK)
        st = prog_seed_demo(t->db);
    if (st != MC_OK)
        return -1;
    /* the demo's own cycle is settled, so only the tests' cycles are reminded */
    exec_sql(t->db, "UPDATE programme_reports SET state = 'accepted'");
    exec_sql(t->db, "UPDATE users SET email = 'stp@langson.gov.vn' WHERE login = 'stp.admin'");
    exec_sql(t->db, "UPDATE users SET email = 'gd.stp@langson.gov.vn' WHERE login = 'stp.lanhdao'");
    *state = t;
    return 0;
}

static int teardown(void **state)
{
    struct test_db *t = *state;
    clock_set(-1, 0);
    test_db_close(t);
    free(t);
    return 0;
}

/* A cycle of the demo plan due on due, made by the province admin. */
static int64_t new_cycle(struct db *db, const char *due)
{
    struct prog_plan p;
    struct user admin;
    struct form_errors errs = {0};
    int64_t id = 0;
    prog_plan_init(&p);
    staff(&admin, "T20.VP", ROLE_PROVINCE_ADMIN);
    assert_int_equal(prog_plan_get_by_code(db, "langson-mau-2025", &p), MC_OK);
    assert_int_equal(prog_cycle_create(db, &admin, p.id, false, 2026, "Báo cáo năm 2026", due,
                                       &who, &errs, &id), MC_OK);
    prog_plan_release(&p);
    return id;
}

/* Pin the clock at iso and run the reminders; the number recorded. */
static size_t remind(struct db *db, const char *iso)
{
    int64_t t = 0;
    size_t sent = 0;
    assert_int_equal(clock_parse_iso(iso, &t), MC_OK);
    clock_set(t, 0);
    assert_int_equal(prog_remind_due(db, &sent), MC_OK);
    return sent;
}

/* A due date typed day/month/year is the same day as the date field's; a wrong one says how. */
static void test_cycle_due_typed(void **state)
{
    struct test_db *t = *state;
    struct prog_plan p;
    struct user admin;
    struct form_errors errs = {0};
    int64_t id = 0;
    new_cycle(t->db, "30/11/2026");
    assert_int_equal(count(t->db, "SELECT count(*) FROM report_cycles WHERE due_on ="
                                  " '2026-11-30'"), 1);
    prog_plan_init(&p);
    staff(&admin, "T20.VP", ROLE_PROVINCE_ADMIN);
    assert_int_equal(prog_plan_get_by_code(t->db, "langson-mau-2025", &p), MC_OK);
    assert_int_equal(prog_cycle_create(t->db, &admin, p.id, false, 2026, "Kỳ sai", "31/11/2026",
                                       &who, &errs, &id), MC_ERR_INVALID);
    const char *why = form_errors_of(&errs, "han");
    assert_non_null(why);
    assert_non_null(strstr(why, "ngày/tháng/năm"));
    assert_int_equal(count(t->db, "SELECT count(*) FROM report_cycles WHERE title = 'Kỳ sai'"),
                     0);
    prog_plan_release(&p);
}

static void test_reminders_once_per_threshold(void **state)
{
    struct test_db *t = *state;
    int64_t cycle = new_cycle(t->db, "2026-11-30");
    char q[256];
    snprintf(q, sizeof(q), "SELECT count(*) FROM report_reminders WHERE cycle_id = %lld"
             " AND org_code = 'T20.STP'", (long long)cycle);
    int64_t reporting = count(t->db, "SELECT count(*) FROM programme_reports r JOIN"
                                     " report_cycles c ON c.id = r.cycle_id WHERE c.due_on ="
                                     " '2026-11-30'");
    assert_true(reporting >= 5);
    assert_int_equal(remind(t->db, "2026-11-22T09:00:00+07:00"), 0);   /* T-8 */
    assert_int_equal(remind(t->db, "2026-11-23T00:30:00+07:00"), (size_t)reporting); /* T-7 */
    assert_int_equal(remind(t->db, "2026-11-23T17:00:00+07:00"), 0);
    assert_int_equal(remind(t->db, "2026-11-26T09:00:00+07:00"), 0);   /* T-4 */
    assert_int_equal(remind(t->db, "2026-11-27T09:00:00+07:00"), (size_t)reporting); /* T-3 */
    assert_int_equal(remind(t->db, "2026-11-29T09:00:00+07:00"), (size_t)reporting); /* T-1 */
    assert_int_equal(remind(t->db, "2026-11-30T23:59:00+07:00"), (size_t)reporting); /* day */
    assert_int_equal(remind(t->db, "2026-11-30T23:59:30+07:00"), 0);
    assert_int_equal(count(t->db, q), 4);
    assert_int_equal(count_to(t->db, "gd.stp@langson.gov.vn", ""), 0);
    assert_int_equal(remind(t->db, "2026-12-01T00:00:00+07:00"), (size_t)reporting); /* late */
    assert_int_equal(remind(t->db, "2026-12-20T00:00:00+07:00"), 0);
    assert_int_equal(count(t->db, q), 5);
    assert_int_equal(count_to(t->db, "gd.stp@langson.gov.vn", ""), 1);
    assert_int_equal(count_to(t->db, "stp@langson.gov.vn", " AND kind = 'programme.remind'"), 4);
}

static void test_submitted_reports_are_not_reminded(void **state)
{
    struct test_db *t = *state;
    struct prog_report_list l;
    struct user stp, other, admin;
    struct form_errors errs = {0};
    struct prog_report_form f = {"Đã làm xong", "", "", ""};
    int64_t cycle = new_cycle(t->db, "2026-11-30");
    int64_t mine = 0;
    staff(&stp, "T20.STP", ROLE_AGENCY_ADMIN);
    staff(&other, "T20.SXD", ROLE_AGENCY_ADMIN);
    staff(&admin, "T20.VP", ROLE_PROVINCE_ADMIN);
    prog_report_list_init(&l);
    assert_int_equal(prog_report_list(t->db, cycle, &l), MC_OK);
    for (size_t i = 0; i < l.n; i++)
        if (strcmp(l.items[i].org_code, "T20.STP") == 0)
            mine = l.items[i].id;
    assert_true(mine > 0);
    /* another organisation may not file it; a processing officer neither */
    assert_int_equal(prog_report_save(t->db, &other, mine, &f, true, &who, &errs),
                     MC_ERR_FORBIDDEN);
    struct user clerk;
    staff(&clerk, "T20.STP", ROLE_PROCESSING);
    assert_int_equal(prog_report_save(t->db, &clerk, mine, &f, true, &who, &errs),
                     MC_ERR_FORBIDDEN);
    assert_int_equal(prog_report_save(t->db, &stp, mine, &f, true, &who, &errs), MC_OK);
    assert_int_equal(prog_report_save(t->db, &stp, mine, &f, false, &who, &errs),
                     MC_ERR_CONFLICT);
    assert_int_equal(prog_report_return(t->db, &stp, mine, "tự trả", &who, &errs),
                     MC_ERR_FORBIDDEN);
    form_errors_clear(&errs);
    assert_int_equal(prog_report_return(t->db, &admin, mine, "", &who, &errs), MC_ERR_INVALID);
    assert_int_equal(prog_report_accept(t->db, &admin, mine, &who), MC_OK);
    assert_int_equal(prog_report_accept(t->db, &admin, mine, &who), MC_ERR_CONFLICT);
    assert_int_equal(remind(t->db, "2026-11-23T09:00:00+07:00"), l.n - 1);
    assert_int_equal(prog_remind_now(t->db, &admin, cycle, "T20.STP", &who), MC_ERR_CONFLICT);
    assert_int_equal(prog_remind_now(t->db, &stp, cycle, "T20.SXD", &who), MC_ERR_FORBIDDEN);
    assert_int_equal(prog_remind_now(t->db, &admin, cycle, "T20.SXD", &who), MC_OK);
    assert_int_equal(prog_remind_now(t->db, &admin, cycle, "T20.SXD", &who), MC_OK);
    prog_report_list_release(&l);
}

static void test_consolidation_is_frozen(void **state)
{
    struct test_db *t = *state;
    struct user admin, stp;
    json_t *one = NULL, *two = NULL;
    int rev = 0;
    int64_t cycle = new_cycle(t->db, "2026-11-30");
    staff(&admin, "T20.VP", ROLE_PROVINCE_ADMIN);
    staff(&stp, "T20.STP", ROLE_AGENCY_ADMIN);
    assert_int_equal(prog_consolidate(t->db, &stp, cycle, &who, &rev), MC_ERR_FORBIDDEN);
    assert_int_equal(prog_consolidate(t->db, &admin, cycle, &who, &rev), MC_OK);
    assert_int_equal(rev, 1);
    assert_int_equal(prog_consolidation_get(t->db, cycle, 1, &one), MC_OK);
    assert_int_equal(json_integer_value(json_object_get(one, "ntasks")), 7);
    /* a task marked done after the freeze changes revision 2, not revision 1 */
    exec_sql(t->db, "UPDATE task_progress SET status = 'hoan_thanh'");
    assert_int_equal(prog_consolidate(t->db, &admin, cycle, &who, &rev), MC_OK);
    assert_int_equal(rev, 2);
    assert_int_equal(prog_consolidation_get(t->db, cycle, 2, &two), MC_OK);
    assert_int_equal(json_integer_value(json_object_get(one, "done")), 0);
    assert_int_equal(json_integer_value(json_object_get(two, "done")), 1);
    json_decref(one);
    assert_int_equal(prog_consolidation_get(t->db, cycle, 1, &one), MC_OK);
    assert_int_equal(json_integer_value(json_object_get(one, "done")), 0);
    /* the same summary gives the same DOCX bytes */
    struct buf a, b;
    buf_init(&a, BUF_MAX_FILE);
    buf_init(&b, BUF_MAX_FILE);
    assert_int_equal(prog_docx_write(one, &a), MC_OK);
    assert_int_equal(prog_docx_write(one, &b), MC_OK);
    assert_true(a.len > 1000 && a.len == b.len && memcmp(a.data, b.data, a.len) == 0);
    assert_int_equal(memcmp(a.data, "PK\x03\x04", 4), 0);
    buf_release(&a);
    buf_release(&b);
    json_decref(one);
    json_decref(two);
}

/* A count source standing in for the KPI module: fake_count for the dossier kinds. */
static int64_t fake_count;

static enum mc_status fake_source(struct db *db, const char *kind, const char *agency, int year,
                                  int64_t *count_out)
{
    (void)db;
    if (strncmp(kind, "ho_so_", 6) != 0 || strcmp(agency, "T20.STP") != 0 || year != 2026)
        return MC_ERR_NOT_FOUND;
    *count_out = fake_count;
    return MC_OK;
}

/* The live figure of kind on task number in l, or NULL. */
static const struct prog_live *live_of(const struct prog_live_list *l, const char *number,
                                       const char *kind)
{
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->items[i].task_number, number) == 0 && strcmp(l->items[i].kind, kind) == 0)
            return &l->items[i];
    return NULL;
}

/* Counts the platform holds: live while drafting, frozen on submission, overridden with a
 * reason only. */
static void test_live_counts(void **state)
{
    struct test_db *t = *state;
    struct prog_report_list rl;
    struct prog_live_list l;
    struct prog_report r;
    struct prog_cycle cy;
    struct prog_task_list tasks;
    struct user stp;
    struct form_errors errs = {0};
    struct prog_report_form f = {"Đã rà soát", "", "", ""};
    int64_t cycle = new_cycle(t->db, "2026-11-30");
    int64_t task = 0;
    bool frozen = true;

    prog_set_count_source(fake_source);
    fake_count = 41;
    staff(&stp, "T20.STP", ROLE_AGENCY_ADMIN);
    prog_report_list_init(&rl);
    prog_report_init(&r);
    prog_task_list_init(&tasks);
    assert_int_equal(prog_report_list(t->db, cycle, &rl), MC_OK);
    for (size_t i = 0; i < rl.n; i++)
        if (strcmp(rl.items[i].org_code, "T20.STP") == 0)
            assert_int_equal(prog_report_get(t->db, rl.items[i].id, &r), MC_OK);
    assert_true(r.id > 0);
    assert_int_equal(prog_cycle_get(t->db, cycle, &cy), MC_OK);
    assert_int_equal(prog_task_list(t->db, cy.plan_id, "T20.STP", &tasks), MC_OK);
    for (size_t i = 0; i < tasks.n; i++)
        if (strcmp(tasks.items[i].number, "3.a") == 0)
            task = tasks.items[i].id;
    assert_true(task > 0);

    /* drafting: the source's figure now, for the live kinds only */
    prog_live_list_init(&l);
    assert_int_equal(prog_report_counts(t->db, &r, &cy, &l, &frozen), MC_OK);
    assert_false(frozen);
    assert_int_equal(l.n, 3);
    assert_int_equal(live_of(&l, "3.a", "ho_so_tiep_nhan")->count, 41);
    assert_true(live_of(&l, "3.a", "ho_so_tiep_nhan")->known);
    assert_null(live_of(&l, "3.a", "van_ban"));
    prog_live_list_release(&l);

    /* an override needs a reason; a typed kind does not */
    assert_int_equal(prog_output_set(t->db, &stp, task, "T20.STP", 2026, "ho_so_tiep_nhan", 50,
                                     NULL, &who), MC_ERR_INVALID);
    assert_int_equal(prog_output_set(t->db, &stp, task, "T20.STP", 2026, "ho_so_tiep_nhan", 50,
                                     "  ", &who), MC_ERR_INVALID);
    assert_int_equal(prog_output_set(t->db, &stp, task, "T20.STP", 2026, "ho_so_tiep_nhan", 50,
                                     "Cộng hồ sơ giấy", &who), MC_OK);
    assert_int_equal(prog_output_set(t->db, &stp, task, "T20.STP", 2026, "van_ban", 2, NULL,
                                     &who), MC_OK);

    /* submission freezes; later data changes the live figure, not the report's */
    assert_int_equal(prog_report_save(t->db, &stp, r.id, &f, true, &who, &errs), MC_OK);
    fake_count = 99;
    prog_report_release(&r);
    prog_report_init(&r);
    for (size_t i = 0; i < rl.n; i++)
        if (strcmp(rl.items[i].org_code, "T20.STP") == 0)
            assert_int_equal(prog_report_get(t->db, rl.items[i].id, &r), MC_OK);
    prog_live_list_init(&l);
    assert_int_equal(prog_report_counts(t->db, &r, &cy, &l, &frozen), MC_OK);
    assert_true(frozen);
    const struct prog_live *x = live_of(&l, "3.a", "ho_so_tiep_nhan");
    assert_int_equal(x->count, 41);
    assert_true(x->typed);
    assert_int_equal(x->typed_count, 50);
    assert_string_equal(x->reason, "Cộng hồ sơ giấy");
    prog_live_list_release(&l);
    prog_live_list_init(&l);
    assert_int_equal(prog_live_counts(t->db, cy.plan_id, "T20.STP", 2026, &l), MC_OK);
    assert_int_equal(live_of(&l, "3.a", "ho_so_tiep_nhan")->count, 99);
    prog_live_list_release(&l);
    assert_int_equal(count(t->db, "SELECT count(*) FROM report_live_counts"), 3);

    prog_set_count_source(NULL);
    prog_task_list_release(&tasks);
    prog_report_release(&r);
    prog_report_list_release(&rl);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_cycle_due_typed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reminders_once_per_threshold, setup, teardown),
        cmocka_unit_test_setup_teardown(test_submitted_reports_are_not_reminded, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_consolidation_is_frozen, setup, teardown),
        cmocka_unit_test_setup_teardown(test_live_counts, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
