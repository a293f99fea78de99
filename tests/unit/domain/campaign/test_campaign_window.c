/* test_campaign_window.c - a started campaign goes to the outbox as delivery makes room. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include "testdb.h"
#include "core/clock.h"
#include "domain/campaign/campaign.h"

static const struct db_query Q_UNIT = {
    "t.unit", "INSERT INTO units (code, name, full_name, level) VALUES ('20', 'T', 'T',"
    " 'province')",
};
static const struct db_query Q_AGENCY = {
    "t.agency", "INSERT INTO agencies (code, name, unit_code, created_at, updated_at)"
    " VALUES ('T20.STP', 'Sở Tư pháp', '20', 0, 0)",
};
static const struct db_query Q_STAFF = {
    "t.staff", "INSERT INTO users (kind, login, full_name, password_hash, created_at)"
    " VALUES ('staff', ?1, ?2, 'x', 0) RETURNING id",
};
/* ?1 outreach messages of another campaign, waiting in the outbox */
static const struct db_query Q_FILL = {
    "t.fill", "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < ?1)"
    " INSERT INTO notify_outbox (channel, recipient, subject, body, kind, created_at,"
    " next_attempt_at, state, idem_key, transactional) SELECT 'sms', 'x', '', 'b', 'campaign',"
    " 0, 0, 'queued', 'fill-' || i, 0 FROM c",
};
static const struct db_query Q_DRAIN = {
    "t.drain", "UPDATE notify_outbox SET state = 'sent', sent_at = 1 WHERE idem_key LIKE 'fill-%'",
};
static const struct db_query Q_SEND_CAMPAIGN = {
    "t.send_campaign", "UPDATE notify_outbox SET state = ?2, sent_at = 1 WHERE campaign_id = ?1",
};
static const struct db_query Q_HOLD_ONE = {
    "t.hold_one",
    "UPDATE notify_outbox SET state = 'queued' WHERE id = (SELECT MIN(id) FROM notify_outbox"
    " WHERE campaign_id = ?1)",
};
static const struct db_query Q_QUEUED = {
    "t.queued", "SELECT COUNT(*) FROM notify_outbox WHERE campaign_id = ?1",
};
static const struct db_query Q_STATE = {
    "t.state", "SELECT state FROM campaigns WHERE id = ?1",
};

static int64_t started_campaign(struct db *db, const struct campaign_keys *k)
{
    static const struct audit_actor who = {0, "system", "test"};
    static const char list[] = "dien_thoai,ho_ten,dong_y\n0910000001,An,có\n"
                               "0910000002,Bình,có\n0910000003,Chi,có\n";
    struct user admin = {.roles = ROLE_PROVINCE_ADMIN}, leader = {.roles = ROLE_APPROVER};
    struct form_errors errs = {0};
    struct campaign_says why;
    int64_t id = 0;
    const struct campaign_input in = {
        .name = "Cửa sổ", .agency_code = "T20.STP", .audience = "list", .list = list,
        .list_len = sizeof(list) - 1, .channel = "sms", .body = "Kinh gui {ho_ten}: {lien_ket}",
        .target_path = "/thu-tuc", .control_pct = "0",
    };
    snprintf(admin.agency_code, sizeof(admin.agency_code), "T20.STP");
    snprintf(leader.agency_code, sizeof(leader.agency_code), "T20.STP");
    assert_int_equal(db_run(db, &Q_UNIT, NULL, ""), MC_OK);
    assert_int_equal(db_run(db, &Q_AGENCY, NULL, ""), MC_OK);
    assert_int_equal(db_get_int(db, &Q_STAFF, &admin.id, "ss", "qt", "Quản trị"), MC_OK);
    assert_int_equal(db_get_int(db, &Q_STAFF, &leader.id, "ss", "ld", "Lãnh đạo"), MC_OK);
    assert_int_equal(campaign_create(db, k, &admin, &in, &who, &errs, &id), MC_OK);
    assert_int_equal(campaign_approve(db, &leader, id, &who, &why), MC_OK);
    assert_int_equal(campaign_send(db, &admin, id, &who, &why), MC_OK);
    return id;
}

/* The outbox holds at most CAMPAIGN_WINDOW outreach messages; the rest wait their turn. */
static void test_the_window_bounds_the_outbox(void **state)
{
    struct test_db t;
    struct notify_config cfg = {.public_url = "https://dichvucong.example.vn"};
    struct campaign_keys k;
    int64_t queued = -1, rows = 0;
    char st[16];
    struct db_stmt *s = NULL;
    (void)state;
    clock_set(1772506800, 1);
    assert_int_equal(test_db_open(&t, "campaign"), 0);
    campaign_keys_from(&cfg, &k);
    int64_t id = started_campaign(t.db, &k);
    assert_int_equal(db_run(t.db, &Q_FILL, NULL, "i", (int64_t)CAMPAIGN_WINDOW - 1), MC_OK);
    assert_int_equal(campaign_enqueue(t.db, &k, &queued), MC_OK);
    assert_int_equal(queued, 1);   /* one place left */
    assert_int_equal(campaign_enqueue(t.db, &k, &queued), MC_OK);
    assert_int_equal(queued, 0);   /* full: nothing more, and the campaign is not over */
    assert_int_equal(db_get_row(t.db, &Q_STATE, &s, "i", id), MC_OK);
    db_col_copy(s, 0, st, sizeof(st));
    db_done(s);
    assert_string_equal(st, "sending");
    assert_int_equal(db_run(t.db, &Q_DRAIN, NULL, ""), MC_OK);   /* delivery made room */
    assert_int_equal(campaign_enqueue(t.db, &k, &queued), MC_OK);
    assert_int_equal(queued, 2);
    assert_int_equal(db_get_int(t.db, &Q_QUEUED, &rows, "i", id), MC_OK);
    assert_int_equal(rows, 3);
    clock_set(-1, 0);
    test_db_close(&t);
}

static void campaign_state(struct db *db, int64_t id, char st[16])
{
    struct db_stmt *s = NULL;
    assert_int_equal(db_get_row(db, &Q_STATE, &s, "i", id), MC_OK);
    db_col_copy(s, 0, st, 16);
    db_done(s);
}

/*
 * Every recipient queued is not "sent": while one message still waits in the
 * outbox (quiet hours, a retry) the campaign is still sending; it is sent
 * once none waits, whether delivered or failed.
 */
static void test_sent_only_when_nothing_waits(void **state)
{
    struct test_db t;
    struct notify_config cfg = {.public_url = "https://dichvucong.example.vn"};
    struct campaign_keys k;
    int64_t queued = -1;
    char st[16];
    (void)state;
    clock_set(1772506800, 1);
    assert_int_equal(test_db_open(&t, "campaign"), 0);
    campaign_keys_from(&cfg, &k);
    int64_t id = started_campaign(t.db, &k);
    assert_int_equal(campaign_enqueue(t.db, &k, &queued), MC_OK);
    assert_int_equal(queued, 3);
    assert_int_equal(campaign_enqueue(t.db, &k, &queued), MC_OK);   /* all queued, none sent */
    campaign_state(t.db, id, st);
    assert_string_equal(st, "sending");
    assert_int_equal(db_run(t.db, &Q_SEND_CAMPAIGN, NULL, "is", id, "delivered"), MC_OK);
    assert_int_equal(db_run(t.db, &Q_HOLD_ONE, NULL, "i", id), MC_OK);   /* one held back */
    assert_int_equal(campaign_enqueue(t.db, &k, &queued), MC_OK);
    campaign_state(t.db, id, st);
    assert_string_equal(st, "sending");
    assert_int_equal(db_run(t.db, &Q_SEND_CAMPAIGN, NULL, "is", id, "failed"), MC_OK);
    assert_int_equal(campaign_enqueue(t.db, &k, &queued), MC_OK);
    assert_int_equal(queued, 0);
    campaign_state(t.db, id, st);
    assert_string_equal(st, "sent");
    clock_set(-1, 0);
    test_db_close(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_the_window_bounds_the_outbox),
        cmocka_unit_test(test_sent_only_when_nothing_waits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
