/* test_notify.c - unit tests for domain/notify: honest delivery and the demo inbox list. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include "testdb.h"
#include "core/clock.h"
#include "domain/notify/notify.h"
#include "domain/notify/notify_once.h"
#include "domain/notify/notify_sign.h"

static _Atomic int fake_calls;

static enum notify_verdict fake_verdict = NOTIFY_ACCEPTED;

static enum mc_status fake_send(void *ctx, const struct notify_outgoing *m,
                                struct notify_result *r)
{
    (void)ctx;
    fake_calls++;
    r->verdict = fake_verdict;
    snprintf(r->ref, sizeof(r->ref), "ref-%lld", (long long)m->id);
    if (fake_verdict == NOTIFY_PERMANENT)
        snprintf(r->says, sizeof(r->says), "Số điện thoại không nhận được tin Zalo");
    return MC_OK;
}

static const struct notify_provider fake_gateway = {"fake", fake_send, NULL};

/* A gateway whose delivery receipt comes back before its answer is recorded. */
static struct db *receipt_db;

static enum mc_status fast_receipt_send(void *ctx, const struct notify_outgoing *m,
                                        struct notify_result *r)
{
    bool dup = false;
    char ref[32];
    (void)ctx;
    snprintf(ref, sizeof(ref), "ref-%lld", (long long)m->id);
    assert_int_equal(notify_receipt(receipt_db, "fake", ref, m->idem_key,
                                    NOTIFY_RCPT_DELIVERED, "", &dup), MC_OK);
    r->verdict = NOTIFY_ACCEPTED;
    snprintf(r->ref, sizeof(r->ref), "%s", ref);
    return MC_OK;
}

static const struct notify_provider fast_receipt_gateway = {"fake", fast_receipt_send, NULL};

static void queue(struct db *db, enum notify_channel ch, const char *to, const char *body)
{
    assert_int_equal(notify_enqueue(db, ch, to, "Mã xác minh", body, "feedback.code"), MC_OK);
}

/* Issue 12: with no SMS gateway the messages were marked "sent". */
static void test_no_gateway_means_not_sent(void **state)
{
    struct test_db t;
    struct notify_config cfg = {0};
    struct notify_counts c;
    struct notify_message_list l;
    int sent = -1;
    (void)state;
    assert_int_equal(test_db_open(&t, "notify"), 0);
    queue(t.db, NOTIFY_SMS, "0912345678", "Mã xác minh của bạn: 123456");
    queue(t.db, NOTIFY_ZALO, "0912345678", "Xin chào");
    queue(t.db, NOTIFY_EMAIL, "a@b.vn", "Thư");
    assert_int_equal(notify_deliver(t.db, &cfg, &sent), MC_OK);
    assert_int_equal(sent, 0);
    assert_int_equal(notify_counts(t.db, &c), MC_OK);
    assert_int_equal(c.pending, 3);
    assert_int_equal(c.sent, 0);
    assert_int_equal(c.failed, 0);
    notify_message_list_init(&l);
    assert_int_equal(notify_list(t.db, 10, &l), MC_OK);
    assert_int_equal(l.n, 3);
    for (size_t i = 0; i < l.n; i++) {
        assert_int_equal(l.items[i].state, NOTIFY_PENDING);
        assert_int_equal(l.items[i].sent_at, 0);
        assert_string_equal(notify_state_name(l.items[i].state), "chưa gửi");
    }
    notify_message_list_release(&l);
    test_db_close(&t);
}

static void test_a_gateway_sends_and_is_recorded(void **state)
{
    struct test_db t;
    struct notify_config cfg = {0};
    struct notify_counts c;
    struct notify_message_list l;
    int sent = -1;
    (void)state;
    cfg.sms = &fake_gateway;
    fake_calls = 0;
    assert_int_equal(test_db_open(&t, "notify"), 0);
    queue(t.db, NOTIFY_SMS, "0912345678", "Mã xác minh của bạn: 123456");
    queue(t.db, NOTIFY_ZALO, "0912345678", "Xin chào");
    assert_int_equal(notify_deliver(t.db, &cfg, &sent), MC_OK);
    assert_int_equal(sent, 1);
    assert_int_equal(fake_calls, 1);
    assert_int_equal(notify_counts(t.db, &c), MC_OK);
    assert_int_equal(c.sent, 1);
    assert_int_equal(c.pending, 1);   /* Zalo has no gateway: it waits */
    notify_message_list_init(&l);
    assert_int_equal(notify_list(t.db, 10, &l), MC_OK);
    assert_int_equal(l.n, 2);
    assert_int_equal(l.items[0].channel, NOTIFY_ZALO);   /* newest first */
    assert_int_equal(l.items[0].state, NOTIFY_PENDING);
    assert_int_equal(l.items[1].state, NOTIFY_SENT);
    assert_true(l.items[1].sent_at > 0);
    assert_string_equal(l.items[1].body, "");   /* delivered: the code is not kept */
    assert_string_equal(l.items[1].recipient, "0912345678");
    assert_string_equal(notify_state_name(l.items[1].state), "đã gửi");
    notify_message_list_release(&l);
    test_db_close(&t);
}

/* Rows nobody can deliver must not fill a batch and starve deliverable ones. */
static void test_waiting_rows_do_not_block_the_batch(void **state)
{
    struct test_db t;
    struct notify_config cfg = {0};
    int sent = -1;
    (void)state;
    cfg.sms = &fake_gateway;
    fake_calls = 0;
    assert_int_equal(test_db_open(&t, "notify"), 0);
    for (int i = 0; i < NOTIFY_BATCH + 5; i++)
        queue(t.db, NOTIFY_EMAIL, "a@b.vn", "Thư chờ máy chủ thư");
    queue(t.db, NOTIFY_SMS, "0912345678", "Tin đến sau");
    assert_int_equal(notify_deliver(t.db, &cfg, &sent), MC_OK);
    assert_int_equal(sent, 1);
    assert_int_equal(fake_calls, 1);
    test_db_close(&t);
}

static void test_list_limits(void **state)
{
    struct test_db t;
    struct notify_message_list l;
    (void)state;
    assert_int_equal(test_db_open(&t, "notify"), 0);
    notify_message_list_init(&l);
    assert_int_equal(notify_list(t.db, 10, &l), MC_OK);
    assert_int_equal(l.n, 0);
    for (int i = 0; i < 3; i++)
        queue(t.db, NOTIFY_SMS, "0912345678", "Tin");
    assert_int_equal(notify_list(t.db, 0, &l), MC_OK);   /* clamped to 1 */
    assert_int_equal(l.n, 1);
    notify_message_list_release(&l);
    notify_message_list_release(NULL);
    test_db_close(&t);
}

/* A permanent Zalo failure queues the SMS fallback and says why in Vietnamese. */
static void test_fallback_and_receipts(void **state)
{
    struct test_db t;
    struct notify_config cfg = {0};
    struct notify_message_list l;
    struct notify_opts o = {.fallback = "sms:0912345678", .ref = "HS-1"};
    bool dup = false;
    int sent = 0;
    (void)state;
    cfg.sms = &fake_gateway;
    cfg.zalo = &fake_gateway;
    fake_calls = 0;
    assert_int_equal(test_db_open(&t, "notify"), 0);
    assert_int_equal(notify_enqueue_ex(t.db, NOTIFY_ZALO, "0912345678", "", "Tin", "k", &o),
                     MC_OK);
    fake_verdict = NOTIFY_PERMANENT;
    assert_int_equal(notify_deliver(t.db, &cfg, &sent), MC_OK);
    assert_int_equal(sent, 0);
    fake_verdict = NOTIFY_ACCEPTED;
    assert_int_equal(notify_deliver(t.db, &cfg, &sent), MC_OK);
    assert_int_equal(sent, 1);
    notify_message_list_init(&l);
    assert_int_equal(notify_list_ref(t.db, "HS-1", &l), MC_OK);
    assert_int_equal(l.n, 2);
    assert_int_equal(l.items[0].state, NOTIFY_FAILED);
    assert_string_equal(l.items[0].reason,
                        "Số điện thoại không nhận được tin Zalo; đã gửi SMS thay thế.");
    assert_int_equal(l.items[1].channel, NOTIFY_SMS);
    assert_int_equal(l.items[1].state, NOTIFY_SENT);
    char ref[32];
    snprintf(ref, sizeof(ref), "ref-%lld", (long long)l.items[1].id);
    assert_int_equal(notify_receipt(t.db, "fake", ref, NULL, NOTIFY_RCPT_DELIVERED, "", &dup),
                     MC_OK);
    assert_false(dup);
    assert_int_equal(notify_receipt(t.db, "fake", ref, NULL, NOTIFY_RCPT_DELIVERED, "", &dup),
                     MC_OK);
    assert_true(dup);
    assert_int_equal(notify_receipt(t.db, "fake", "nope", NULL, NOTIFY_RCPT_DELIVERED, "",
                                    &dup), MC_ERR_NOT_FOUND);
    assert_int_equal(notify_list_ref(t.db, "HS-1", &l), MC_OK);
    assert_int_equal(l.items[1].state, NOTIFY_DELIVERED);
    assert_string_equal(notify_state_name(l.items[1].state), "đã đến người nhận");
    assert_int_equal(notify_enqueue_ex(t.db, NOTIFY_SMS, "0912", "", "x", "k",
                                       &(struct notify_opts){.fallback = "fax:1"}),
                     MC_ERR_INVALID);
    notify_message_list_release(&l);
    test_db_close(&t);
}

/* A message sent without a receipt for 72 hours is "unknown", its text dropped. */
static void test_no_receipt_is_unknown(void **state)
{
    struct test_db t;
    struct notify_config cfg = {0};
    struct notify_message_list l;
    struct notify_opts o = {.fallback = "email:a@b.vn", .ref = "HS-U"};
    int sent = 0;
    (void)state;
    cfg.sms = &fake_gateway;
    fake_verdict = NOTIFY_ACCEPTED;
    clock_set(4000000000, 0);
    assert_int_equal(test_db_open(&t, "notify"), 0);
    assert_int_equal(notify_enqueue_ex(t.db, NOTIFY_SMS, "0912345678", "", "Tin", "k", &o),
                     MC_OK);
    assert_int_equal(notify_deliver(t.db, &cfg, &sent), MC_OK);
    assert_int_equal(sent, 1);
    notify_message_list_init(&l);
    assert_int_equal(notify_list_ref(t.db, "HS-U", &l), MC_OK);
    assert_int_equal(l.items[0].state, NOTIFY_SENT);
    assert_string_equal(l.items[0].body, "Tin");   /* kept for the fallback */
    clock_set(4000000000 + 73 * 3600, 0);
    assert_int_equal(notify_deliver(t.db, &cfg, &sent), MC_OK);
    assert_int_equal(notify_list_ref(t.db, "HS-U", &l), MC_OK);
    assert_int_equal(l.items[0].state, NOTIFY_UNKNOWN);
    assert_string_equal(l.items[0].body, "");
    notify_message_list_release(&l);
    clock_set(-1, 0);
    test_db_close(&t);
}

static void test_state_words_and_addresses(void **state)
{
    char out[64], h1[65], h2[65];
    unsigned char key[32] = {1};
    (void)state;
    for (int s = NOTIFY_PENDING; s <= NOTIFY_UNKNOWN; s++)
        assert_int_equal(notify_state_parse(notify_state_key((enum notify_state)s)), s);
    assert_int_equal(notify_state_parse("nonsense"), NOTIFY_PENDING);
    for (int ch = NOTIFY_EMAIL; ch <= NOTIFY_ZALO; ch++)
        assert_int_equal(notify_channel_parse(notify_channel_name((enum notify_channel)ch)), ch);
    assert_int_equal(notify_channel_parse("fax"), NOTIFY_EMAIL);
    notify_addr_normalise("+84 912 345 678", out, sizeof(out));
    assert_string_equal(out, "0912345678");
    notify_addr_normalise("An@Example.VN", out, sizeof(out));
    assert_string_equal(out, "an@example.vn");
    notify_addr_hash(key, "84912345678", h1);
    notify_addr_hash(key, "0912345678", h2);
    assert_string_equal(h1, h2);
}

static void test_signatures_and_stored_numbers(void **state)
{
    struct test_db t;
    struct notify_config cfg = {0};
    struct notify_message_list l;
    unsigned char key[32] = {7};
    char sig[65];
    bool first = false;
    int sent = -1;
    (void)state;
    notify_sign(key, NOTIFY_SIGN_RECEIPT, "abc", sig);
    assert_true(notify_sign_check(key, NOTIFY_SIGN_RECEIPT, "abc", sig));
    assert_false(notify_sign_check(key, NOTIFY_SIGN_OPTOUT, "abc", sig));   /* one purpose */
    assert_false(notify_sign_check(key, NOTIFY_SIGN_RECEIPT, "abd", sig));
    assert_false(notify_sign_check(key, NOTIFY_SIGN_RECEIPT, "abc", "00"));
    assert_int_equal(test_db_open(&t, "notify"), 0);
    queue(t.db, NOTIFY_SMS, "+84 912 345 678", "Tin");
    queue(t.db, NOTIFY_ZALO, "84912345678", "Tin");
    notify_message_list_init(&l);
    assert_int_equal(notify_list(t.db, 10, &l), MC_OK);
    assert_int_equal(l.n, 2);
    assert_string_equal(l.items[0].recipient, "0912345678");
    assert_string_equal(l.items[1].recipient, "0912345678");
    notify_message_list_release(&l);
    /* the demo gateway takes what has no gateway, and keeps the text */
    cfg.demo = true;
    assert_int_equal(notify_deliver(t.db, &cfg, &sent), MC_OK);
    assert_int_equal(sent, 2);
    assert_int_equal(notify_list(t.db, 10, &l), MC_OK);
    assert_int_equal(l.items[0].state, NOTIFY_SENT);
    assert_string_equal(l.items[0].provider, NOTIFY_DEMO_PROVIDER);
    assert_string_equal(l.items[0].body, "Tin");
    notify_message_list_release(&l);
    /* once a day */
    assert_int_equal(notify_once_claim(t.db, "officer.digest", "2026-03-03", "u1", &first),
                     MC_OK);
    assert_true(first);
    assert_int_equal(notify_once_claim(t.db, "officer.digest", "2026-03-03", "u1", &first),
                     MC_OK);
    assert_false(first);
    assert_int_equal(notify_once_claim(t.db, "officer.digest", "2026-03-04", "u1", &first),
                     MC_OK);
    assert_true(first);
    char day[11];
    notify_local_day(1772474400, day);   /* 2026-03-02 18:00 UTC = 03/03 01:00 in Vietnam */
    assert_string_equal(day, "2026-03-03");
    test_db_close(&t);
}

/*
 * A round leases its SMS in one transaction and records them in another:
 * the weekly cap still holds for several outreach messages to one person
 * in the same round, and every leased message is sent and recorded.
 */
static void test_weekly_cap_within_one_round(void **state)
{
    struct test_db t;
    struct notify_config cfg = {0};
    struct notify_message_list l;
    const struct notify_opts out = {.outreach = true};
    int sent = -1, capped = 0, done = 0;
    (void)state;
    cfg.sms = &fake_gateway;
    fake_calls = 0;
    clock_set(1772506800, 1);   /* 10:00 in Vietnam: not quiet hours */
    assert_int_equal(test_db_open(&t, "notify"), 0);
    for (int i = 0; i < NOTIFY_WEEKLY_CAP + 2; i++)
        assert_int_equal(notify_enqueue_ex(t.db, NOTIFY_SMS, "0912 345 678", "", "Giới thiệu",
                                           "campaign", &out), MC_OK);
    queue(t.db, NOTIFY_SMS, "0912345678", "Hồ sơ của bạn đã có kết quả");
    assert_int_equal(notify_deliver(t.db, &cfg, &sent), MC_OK);
    assert_int_equal(sent, NOTIFY_WEEKLY_CAP + 1);   /* news is not capped */
    assert_int_equal(fake_calls, NOTIFY_WEEKLY_CAP + 1);
    notify_message_list_init(&l);
    assert_int_equal(notify_list(t.db, 10, &l), MC_OK);
    for (size_t i = 0; i < l.n; i++) {
        capped += l.items[i].state == NOTIFY_FAILED
                  && strcmp(l.items[i].reason, "Người nhận đã nhận đủ số tin trong tuần") == 0;
        done += l.items[i].state == NOTIFY_SENT;
    }
    assert_int_equal(capped, 2);
    assert_int_equal(done, NOTIFY_WEEKLY_CAP + 1);
    notify_message_list_release(&l);
    clock_set(-1, 0);
    test_db_close(&t);
}

/* A one-time code queued after a full round of outreach goes out first. */
static void test_transactional_goes_first(void **state)
{
    struct test_db t;
    struct notify_config cfg = {0};
    struct notify_message_list l;
    const struct notify_opts out = {.outreach = true};
    int sent = -1;
    (void)state;
    cfg.sms = &fake_gateway;
    clock_set(1772506800, 1);   /* 10:00 in Vietnam: not quiet hours */
    assert_int_equal(test_db_open(&t, "notify"), 0);
    for (int i = 0; i < NOTIFY_BATCH; i++) {
        char to[24];
        snprintf(to, sizeof(to), "09100000%02d", i);
        assert_int_equal(notify_enqueue_ex(t.db, NOTIFY_SMS, to, "", "Giới thiệu", "campaign",
                                           &out), MC_OK);
    }
    queue(t.db, NOTIFY_SMS, "0912345678", "Mã xác minh của bạn: 123456");
    assert_int_equal(notify_deliver(t.db, &cfg, &sent), MC_OK);
    assert_int_equal(sent, NOTIFY_BATCH);
    notify_message_list_init(&l);
    assert_int_equal(notify_list(t.db, 2, &l), MC_OK);   /* newest first */
    assert_string_equal(l.items[0].body, "");             /* the code: sent, not kept */
    assert_int_equal(l.items[0].state, NOTIFY_SENT);
    assert_int_equal(l.items[1].state, NOTIFY_PENDING);   /* the last outreach waits */
    notify_message_list_release(&l);
    clock_set(-1, 0);
    test_db_close(&t);
}

/* A gateway that is down: the round's other messages of its channel are not tried. */
static void test_a_down_gateway_stops_the_round(void **state)
{
    struct test_db t;
    struct notify_config cfg = {0};
    struct notify_message_list l;
    int sent = -1, retrying = 0, leased = 0;
    (void)state;
    cfg.sms = &fake_gateway;
    fake_calls = 0;
    fake_verdict = NOTIFY_TEMPORARY;
    assert_int_equal(test_db_open(&t, "notify"), 0);
    for (int i = 0; i < 2 * NOTIFY_SENDERS; i++)
        queue(t.db, NOTIFY_SMS, "0912345678", "Hồ sơ của bạn đã có kết quả");
    assert_int_equal(notify_deliver(t.db, &cfg, &sent), MC_OK);
    fake_verdict = NOTIFY_ACCEPTED;
    assert_int_equal(sent, 0);
    /* each sender may have one message out before it hears the gateway is down */
    assert_in_range(fake_calls, 1, NOTIFY_SENDERS);
    notify_message_list_init(&l);
    assert_int_equal(notify_list(t.db, 10, &l), MC_OK);
    for (size_t i = 0; i < l.n; i++) {
        retrying += l.items[i].state == NOTIFY_RETRYING && l.items[i].attempts == 1;
        leased += l.items[i].state == NOTIFY_SENDING && l.items[i].attempts == 0;
    }
    assert_int_equal(retrying, fake_calls);
    assert_int_equal(leased, 2 * NOTIFY_SENDERS - fake_calls);   /* leased, no attempt */
    notify_message_list_release(&l);
    test_db_close(&t);
}

/* A receipt that arrives while the round is out is not undone by its record. */
static void test_an_early_receipt_stays(void **state)
{
    struct test_db t;
    struct notify_config cfg = {0};
    struct notify_message_list l;
    int sent = -1;
    (void)state;
    cfg.sms = &fast_receipt_gateway;
    assert_int_equal(test_db_open(&t, "notify"), 0);
    receipt_db = t.db;
    queue(t.db, NOTIFY_SMS, "0912345678", "Hồ sơ của bạn đã có kết quả");
    assert_int_equal(notify_deliver(t.db, &cfg, &sent), MC_OK);
    assert_int_equal(sent, 1);
    notify_message_list_init(&l);
    assert_int_equal(notify_list(t.db, 1, &l), MC_OK);
    assert_int_equal(l.items[0].state, NOTIFY_DELIVERED);
    notify_message_list_release(&l);
    test_db_close(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_no_gateway_means_not_sent),
        cmocka_unit_test(test_a_gateway_sends_and_is_recorded),
        cmocka_unit_test(test_waiting_rows_do_not_block_the_batch),
        cmocka_unit_test(test_list_limits),
        cmocka_unit_test(test_fallback_and_receipts),
        cmocka_unit_test(test_no_receipt_is_unknown),
        cmocka_unit_test(test_state_words_and_addresses),
        cmocka_unit_test(test_signatures_and_stored_numbers),
        cmocka_unit_test(test_weekly_cap_within_one_round),
        cmocka_unit_test(test_transactional_goes_first),
        cmocka_unit_test(test_a_down_gateway_stops_the_round),
        cmocka_unit_test(test_an_early_receipt_stays),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
