/* test_notify.c - unit tests for domain/notify: honest delivery and the demo inbox list. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include "testdb.h"
#include "domain/notify/notify.h"

static int fake_calls;

static enum mc_status fake_send(void *ctx, enum notify_channel ch, const char *recipient,
                                const char *body, char *err, size_t err_size)
{
    (void)ctx;
    (void)ch;
    (void)recipient;
    (void)body;
    (void)err;
    (void)err_size;
    fake_calls++;
    return MC_OK;
}

static const struct notify_provider fake_gateway = {"fake", fake_send, NULL};

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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_no_gateway_means_not_sent),
        cmocka_unit_test(test_a_gateway_sends_and_is_recorded),
        cmocka_unit_test(test_waiting_rows_do_not_block_the_batch),
        cmocka_unit_test(test_list_limits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
