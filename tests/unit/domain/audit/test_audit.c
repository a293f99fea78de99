/* test_audit.c - unit tests for audit/audit on a real SQLite database. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include "testdb.h"
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include "domain/audit/audit.h"
#include "core/clock.h"
#include "core/db.h"

#define T0 1770948000   /* 2026-02-13T09:00:00+07:00 */



static int setup(void **state)
{
    struct test_db *f = calloc(1, sizeof(*f));
    if (test_db_open(f, "audit") != 0)
        return -1;
    clock_set(T0, 0);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct test_db *f = *state;
    test_db_close(f);
    free(f);
    clock_set(-1, 0);
    return 0;
}

static int64_t count(struct db *db, const char *action)
{
    int64_t n = -1;
    assert_int_equal(audit_count(db, action, &n), MC_OK);
    return n;
}

static void test_record_and_count(void **state)
{
    struct test_db *f = *state;
    struct audit_actor who = {12, "reception", "198.51.100.4"};
    assert_int_equal(count(f->db, "dossier.receive"), 0);
    assert_int_equal(audit_record(f->db, &who, "dossier.receive", "dossier:7", "{\"n\":1}"),
                     MC_OK);
    assert_int_equal(audit_record(f->db, &who, "dossier.receive", "dossier:8", NULL), MC_OK);
    assert_int_equal(audit_record(f->db, NULL, "unit.import", NULL, NULL), MC_OK);
    assert_int_equal(count(f->db, "dossier.receive"), 2);
    assert_int_equal(count(f->db, "unit.import"), 1);
    assert_int_equal(count(f->db, "dossier"), 0);   /* exact match, not a prefix */
    /* The detail is stored as given. */
    static const struct db_query Q_DETAIL = {
        "test.detail", "SELECT COUNT(*) FROM audit_log WHERE object = ?1 AND detail = ?2"
                       " AND at = ?3 AND user_id = ?4"};
    int64_t n = 0;
    assert_int_equal(db_get_int(f->db, &Q_DETAIL, &n, "ssii", "dossier:7", "{\"n\":1}",
                                (int64_t)T0, (int64_t)12),
                     MC_OK);
    assert_int_equal(n, 1);
}

static void test_record_if_formats_the_object(void **state)
{
    struct test_db *f = *state;
    struct audit_actor who = {3, "province_admin", "203.0.113.9"};
    struct audit_entry e[2];
    size_t n = 0;
    /* A failed change records nothing and keeps its status. */
    assert_int_equal(audit_record_if(MC_ERR_CONFLICT, f->db, &who, "thing.fail", NULL,
                                     "thing:%lld", 1LL),
                     MC_ERR_CONFLICT);
    assert_int_equal(count(f->db, "thing.fail"), 0);
    assert_int_equal(audit_record_if(MC_OK, f->db, &who, "thing.ok", "note", "%s:%lld",
                                     "thing", 42LL),
                     MC_OK);
    assert_int_equal(audit_recent(f->db, e, 2, &n), MC_OK);
    assert_int_equal(n, 1);
    assert_string_equal(e[0].action, "thing.ok");
    assert_string_equal(e[0].object, "thing:42");
    assert_int_equal(e[0].user_id, 3);
}

static void test_recent_newest_first(void **state)
{
    struct test_db *f = *state;
    struct audit_actor who = {5, "citizen", "192.0.2.1"};
    char object[32];
    for (int i = 0; i < 5; i++) {
        clock_set(T0 + i, 0);
        snprintf(object, sizeof(object), "thing:%d", i);
        assert_int_equal(audit_record(f->db, &who, "thing.change", object, NULL), MC_OK);
    }
    assert_int_equal(audit_record(f->db, NULL, "system.tick", NULL, NULL), MC_OK);
    struct audit_entry e[10];
    size_t n = 99;
    assert_int_equal(audit_recent(f->db, e, 3, &n), MC_OK);
    assert_int_equal(n, 3);
    /* The system entry: default actor, empty object. */
    assert_string_equal(e[0].action, "system.tick");
    assert_int_equal(e[0].user_id, 0);
    assert_string_equal(e[0].role, "system");
    assert_string_equal(e[0].address, "local");
    assert_string_equal(e[0].object, "");
    assert_string_equal(e[1].object, "thing:4");
    assert_int_equal(e[1].at, T0 + 4);
    assert_int_equal(e[1].user_id, 5);
    assert_string_equal(e[1].role, "citizen");
    assert_string_equal(e[1].address, "192.0.2.1");
    assert_string_equal(e[2].object, "thing:3");
    assert_true(e[0].id > e[1].id && e[1].id > e[2].id);
    assert_int_equal(audit_recent(f->db, e, 10, &n), MC_OK);
    assert_int_equal(n, 6);
    assert_string_equal(e[5].object, "thing:0");
    assert_int_equal(audit_recent(f->db, e, 0, &n), MC_OK);
    assert_int_equal(n, 0);
}

static void test_long_fields_truncated(void **state)
{
    struct test_db *f = *state;
    char role[100], object[200];
    memset(role, 'r', sizeof(role) - 1);
    role[sizeof(role) - 1] = '\0';
    memset(object, 'o', sizeof(object) - 1);
    object[sizeof(object) - 1] = '\0';
    struct audit_actor who = {1, role, NULL};
    assert_int_equal(audit_record(f->db, &who, "long.one", object, NULL), MC_OK);
    struct audit_entry e;
    size_t n = 0;
    assert_int_equal(audit_recent(f->db, &e, 1, &n), MC_OK);
    assert_int_equal(n, 1);
    assert_int_equal(strlen(e.role), sizeof(e.role) - 1);
    assert_int_equal(strlen(e.object), sizeof(e.object) - 1);
    assert_string_equal(e.address, "");
}

static enum mc_status fail_after_audit(struct db *db, void *arg)
{
    (void)arg;
    enum mc_status st = audit_record(db, NULL, "rolled.back", "x:1", NULL);
    return st == MC_OK ? MC_ERR_CONFLICT : st;
}

static void test_rolled_back_with_the_change(void **state)
{
    struct test_db *f = *state;
    assert_int_equal(db_tx(f->db, fail_after_audit, NULL), MC_ERR_CONFLICT);
    assert_int_equal(count(f->db, "rolled.back"), 0);
}

/* Every action the code writes reads as Vietnamese; unknown ones name their module. */
static void test_labels(void **state)
{
    (void)state;
    static const char *const written[] = {
        "account.register", "account.login", "account.login_failed", "account.logout",
        "account.logout_all", "account.totp_ok", "account.totp_failed", "account.totp_enabled",
        "account.add_staff", "account.set_roles", "account.disable", "account.enable",
        "account.totp_reset", "account.password_temp", "account.password_change",
        "account.password_reset", "account.reset_code", "account.contact_code",
        "account.contact_verified", "account.reclaim_code", "account.reclaim",
        "dossier.submit", "dossier.approve", "dossier.overdue", "feedback.publish",
        "survey.respond", "catalog.save", "calendar.hours", "payment.confirm",
    };
    size_t known = 0;
    while (audit_known_action(known))
        known++;
    assert_true(known >= 80);
    for (size_t i = 0; i < known; i++) {
        const char *label = audit_action_label(audit_known_action(i));
        assert_null(strstr(label, "thao tác khác"));
        assert_null(strchr(label, '.'));
        assert_null(strchr(label, '_'));
    }
    for (size_t i = 0; i < sizeof(written) / sizeof(written[0]); i++)
        assert_null(strstr(audit_action_label(written[i]), "thao tác khác"));
    assert_string_equal(audit_action_label("account.totp_ok"),
                        "Đăng nhập: nhập đúng mã xác thực hai lớp");
    assert_string_equal(audit_action_label("dossier.something_new"), "Hồ sơ: thao tác khác");
    assert_string_equal(audit_action_label("nothing"), "Thao tác khác");
    assert_string_equal(audit_action_label(NULL), "Thao tác khác");
    assert_string_equal(audit_role_label("province_admin"), "Quản trị cấp tỉnh");
    assert_string_equal(audit_role_label("anonymous"), "Khách (chưa đăng nhập)");
    assert_string_equal(audit_role_label("system"), "Hệ thống");
    assert_string_equal(audit_role_label("who_knows"), "Vai trò khác");
    assert_string_equal(audit_role_label(""), "");
    assert_string_equal(audit_object_kind_label("dossier", 7), "Hồ sơ");
    assert_null(audit_object_kind_label("dossiers", 8));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_record_and_count, setup, teardown),
        cmocka_unit_test_setup_teardown(test_record_if_formats_the_object, setup, teardown),
        cmocka_unit_test_setup_teardown(test_recent_newest_first, setup, teardown),
        cmocka_unit_test_setup_teardown(test_long_fields_truncated, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rolled_back_with_the_change, setup, teardown),
        cmocka_unit_test(test_labels),
    };
    return cmocka_run_group_tests_name("audit/audit", tests, NULL, NULL);
}
