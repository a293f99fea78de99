/*
 * test_dossier_change.c - unit tests for dossier/dossier_change: the table
 * of listeners to dossier changes, what each change announces, that a
 * listener runs inside the change's transaction, and that a dossier works
 * with no listener at all.
 */
#include "domain/dossier/fixture.h"
#include "domain/audit/audit.h"
#include "domain/dossier/dossier_change.h"
#include "domain/dossier/dossier_sync.h"
#include "domain/index766/index766.h"
#include "domain/rating/rating.h"

#define SEEN_MAX 32

/* What the recording listener saw, one entry per call. */
struct seen {
    enum dossier_change_kind kind[SEEN_MAX];
    int action[SEEN_MAX];
    int from[SEEN_MAX];
    int status[SEEN_MAX];       /* c->d->status, -1 for BULK */
    int64_t row_status[SEEN_MAX];   /* dossiers.status read inside the call */
    int64_t events[SEEN_MAX];   /* dossier_events rows of the dossier, read inside */
    size_t nids[SEEN_MAX];
    size_t n;
    enum mc_status fail_with;   /* returned for fail_kind (MC_OK: never fails) */
    enum dossier_change_kind fail_kind;
};

static const struct db_query Q_ROW_STATUS = {
    "test.row_status", "SELECT status FROM dossiers WHERE id = ?1",
};
static const struct db_query Q_EVENTS = {
    "test.events", "SELECT COUNT(*) FROM dossier_events WHERE dossier_id = ?1",
};
static const struct db_query Q_DOSSIERS = {
    "test.dossiers", "SELECT COUNT(*) FROM dossiers",
};
static const struct db_query Q_MARKS = {
    "test.marks", "SELECT COUNT(*) FROM audit_log WHERE action = 'test.listener'",
};
static const struct db_query Q_STATES = {
    "test.states", "SELECT COUNT(*) FROM index_dossier_state",
};
static const struct db_query Q_OUTBOX = {
    "test.outbox", "SELECT COUNT(*) FROM notify_outbox",
};

static int64_t count(struct fx *f, const struct db_query *q)
{
    int64_t n = -1;
    assert_int_equal(db_get_int(f->db, q, &n, ""), MC_OK);
    return n;
}

/*
 * Record the change, read the dossier's row and history through the
 * change's own connection, leave a mark (an audit row), then fail when
 * told to: the mark must share the change's fate.
 */
static enum mc_status record(struct db *db, const struct dossier_change *c, void *arg)
{
    struct seen *s = arg;
    struct audit_actor who = {0, "system", "test"};
    size_t i = s->n < SEEN_MAX ? s->n++ : SEEN_MAX - 1;
    s->kind[i] = c->kind;
    s->action[i] = c->action;
    s->from[i] = c->from_status;
    s->status[i] = c->d ? c->d->status : -1;
    s->nids[i] = c->nids;
    s->row_status[i] = s->events[i] = -1;
    if (c->d) {
        assert_int_equal(db_get_int(db, &Q_ROW_STATUS, &s->row_status[i], "i", c->d->id),
                         MC_OK);
        assert_int_equal(db_get_int(db, &Q_EVENTS, &s->events[i], "i", c->d->id), MC_OK);
    }
    assert_int_equal(audit_record(db, &who, "test.listener", "dossier", NULL), MC_OK);
    if (s->fail_with != MC_OK && c->kind == s->fail_kind)
        return s->fail_with;
    return MC_OK;
}

static enum mc_status second(struct db *db, const struct dossier_change *c, void *arg)
{
    int *calls = arg;
    (void)db;
    (void)c;
    (*calls)++;
    return MC_OK;
}

/* Only the recording listener. */
static void listen_only(struct seen *s)
{
    dossier_listeners_clear();
    memset(s, 0, sizeof(*s));
    assert_int_equal(dossier_listen("test", record, s), MC_OK);
}

static void test_listener_sees_each_change_inside_its_transaction(void **state)
{
    struct fx *f = *state;
    struct seen s;
    listen_only(&s);
    int64_t id = fx_submit(f, &f->citizen, "c1");
    assert_int_equal(fx_act(f, &f->reception, id, DOSSIER_ACT_ACCEPT, NULL), MC_OK);
    assert_int_equal(fx_act(f, &f->processing, id, DOSSIER_ACT_START, NULL), MC_OK);
    assert_int_equal(fx_act(f, &f->processing, id, DOSSIER_ACT_REQUEST_SUPPLEMENT,
                            "Bản sao CCCD"), MC_OK);
    assert_int_equal(fx_act(f, &f->citizen, id, DOSSIER_ACT_SUPPLEMENT, "Đã gửi"), MC_OK);
    assert_int_equal(fx_act(f, &f->processing, id, DOSSIER_ACT_FINISH, NULL), MC_OK);
    assert_int_equal(fx_act(f, &f->approver, id, DOSSIER_ACT_APPROVE,
                            "Cấp kết quả số 1 cho người nộp"), MC_OK);
    fx_collect_fee(f, id);
    assert_int_equal(fx_act(f, &f->reception, id, DOSSIER_ACT_RETURN, NULL), MC_OK);
    assert_int_equal(dossier_record_rating(f->db, id, NAT_VERDICT_SATISFIED), MC_OK);
    static const enum dossier_change_kind kinds[] = {
        DOSSIER_CHANGE_CREATED, DOSSIER_CHANGE_TRANSITION, DOSSIER_CHANGE_TRANSITION,
        DOSSIER_CHANGE_SUPPLEMENT_REQUESTED, DOSSIER_CHANGE_SUPPLEMENT_ANSWERED,
        DOSSIER_CHANGE_TRANSITION, DOSSIER_CHANGE_RESULT, DOSSIER_CHANGE_TRANSITION,
        DOSSIER_CHANGE_RATING_DUE, DOSSIER_CHANGE_RATED,
    };
    static const int statuses[] = {1, 2, 4, 5, 4, 4, 9, 9, 10, 10};
    static const int froms[] = {0, 1, 2, 4, 5, 4, 4, 9, 9, 10};
    assert_int_equal(s.n, MC_ARRAY_LEN(kinds));
    for (size_t i = 0; i < s.n; i++) {
        assert_int_equal(s.kind[i], kinds[i]);
        assert_int_equal(s.status[i], statuses[i]);
        assert_int_equal(s.from[i], froms[i]);
        /* Inside the transaction, after the row and the history were written. */
        assert_int_equal(s.row_status[i], statuses[i]);
        assert_int_equal(s.events[i], i < 9 ? (int64_t)i + 1 : 9);
    }
    assert_int_equal(s.action[0], DOSSIER_ACT_SUBMIT);
    assert_int_equal(s.action[3], DOSSIER_ACT_REQUEST_SUPPLEMENT);
    assert_int_equal(s.action[7], DOSSIER_ACT_COLLECT_FEE);
    assert_int_equal(s.action[9], -1);
    /* Every mark the listener left committed with its change. */
    assert_int_equal(count(f, &Q_MARKS), 10);
    assert_int_equal(fx_load(f, id).rating, NAT_VERDICT_SATISFIED);
}

static void test_failing_listener_rolls_the_change_back(void **state)
{
    struct fx *f = *state;
    struct seen s;
    int64_t id = fx_submit(f, &f->citizen, "c2");
    struct dossier before = fx_load(f, id);
    int64_t events = -1;
    listen_only(&s);
    s.fail_with = MC_ERR_CONFLICT;
    s.fail_kind = DOSSIER_CHANGE_TRANSITION;
    assert_int_equal(fx_act(f, &f->reception, id, DOSSIER_ACT_ACCEPT, NULL), MC_ERR_CONFLICT);
    struct dossier after = fx_load(f, id);
    assert_int_equal(after.status, NAT_ST_NEW);
    assert_int_equal(after.version, before.version);
    assert_int_equal(after.received_at, 0);
    assert_int_equal(db_get_int(f->db, &Q_EVENTS, &events, "i", id), MC_OK);
    assert_int_equal(events, 1);
    assert_int_equal(count(f, &Q_MARKS), 0);   /* the listener's own write too */
    /* A creation refused by a listener leaves no dossier. */
    s.fail_kind = DOSSIER_CHANGE_CREATED;
    int64_t before_n = count(f, &Q_DOSSIERS), new_id = 0;
    char sha[FILESTORE_SHA_HEX];
    struct dossier_file_ref ref = {sha, 0, "Tờ khai"};
    struct dossier_submission sub = {PROC, AGENCY, NULL, NULL, DOSSIER_DELIVERY_ONLINE,
                                     NULL, &ref, 1, "c3"};
    fx_pdf(f, "c3", sha);
    assert_int_equal(dossier_submit(&f->env, &f->citizen, "ip", &sub, &new_id, NULL, NULL),
                     MC_ERR_CONFLICT);
    assert_int_equal(count(f, &Q_DOSSIERS), before_n);
    /* The rating is refused with it, and DanhGia stays as it was. */
    s.fail_kind = DOSSIER_CHANGE_RATED;
    assert_int_equal(dossier_record_rating(f->db, id, NAT_VERDICT_UNSATISFIED),
                     MC_ERR_CONFLICT);
    assert_int_equal(fx_load(f, id).rating, 0);
    /* Told to let it through, the same action succeeds. */
    s.fail_with = MC_OK;
    assert_int_equal(fx_act(f, &f->reception, id, DOSSIER_ACT_ACCEPT, NULL), MC_OK);
    assert_int_equal(fx_load(f, id).status, NAT_ST_RECEIVED);
}

static void test_dossier_works_without_listeners(void **state)
{
    struct fx *f = *state;
    dossier_listeners_clear();
    assert_int_equal(dossier_listener_count(), 0);
    int64_t id = fx_submit(f, &f->citizen, "c4");
    assert_int_equal(fx_act(f, &f->reception, id, DOSSIER_ACT_ACCEPT, NULL), MC_OK);
    assert_int_equal(fx_act(f, &f->processing, id, DOSSIER_ACT_START, NULL), MC_OK);
    assert_int_equal(fx_act(f, &f->processing, id, DOSSIER_ACT_REQUEST_SUPPLEMENT,
                            "Bản sao CCCD"), MC_OK);
    assert_int_equal(fx_load(f, id).status, NAT_ST_SUPPLEMENT);
    /* Nobody listened: no 766 state, no notice queued. */
    assert_int_equal(count(f, &Q_STATES), 0);
    assert_int_equal(count(f, &Q_OUTBOX), 0);
    /* Wired as the program is, the next change reaches both. */
    assert_int_equal(app_wire_listeners(), MC_OK);
    assert_int_equal(fx_act(f, &f->citizen, id, DOSSIER_ACT_SUPPLEMENT, "Đã gửi"), MC_OK);
    assert_int_equal(count(f, &Q_STATES), 1);
    assert_int_equal(fx_act(f, &f->processing, id, DOSSIER_ACT_STOP, "Không đủ điều kiện"),
                     MC_OK);
    assert_int_equal(count(f, &Q_OUTBOX), 1);
}

static void test_bulk_import_announces_ids_once(void **state)
{
    struct fx *f = *state;
    struct seen s;
    struct import_report rep;
    static const char lines[] =
        "{\"MaHoSo\":\"X-1\",\"MaTTHC\":\"1.1\",\"MaDonVi\":\"" AGENCY "\",\"KenhThucHien\":1,"
        "\"TrangThaiHoSo\":1}\n"
        "{\"MaHoSo\":\"X-2\",\"MaTTHC\":\"1.1\",\"MaDonVi\":\"" AGENCY "\",\"KenhThucHien\":2,"
        "\"TrangThaiHoSo\":1}\n";
    listen_only(&s);
    import_report_init(&rep);
    assert_int_equal(dossier_import_jsonl_mem(f->db, lines, sizeof(lines) - 1, NULL, &rep),
                     MC_OK);
    assert_int_equal(s.n, 1);
    assert_int_equal(s.kind[0], DOSSIER_CHANGE_BULK);
    assert_int_equal(s.nids[0], 2);
    assert_int_equal(s.status[0], -1);
    /* Again, unchanged: announced with no ids. */
    assert_int_equal(dossier_import_jsonl_mem(f->db, lines, sizeof(lines) - 1, NULL, &rep),
                     MC_OK);
    assert_int_equal(s.n, 2);
    assert_int_equal(s.nids[1], 0);
    /* Refused by a listener: nothing imported. */
    s.fail_with = MC_ERR_IO;
    s.fail_kind = DOSSIER_CHANGE_BULK;
    static const char third[] =
        "{\"MaHoSo\":\"X-3\",\"MaTTHC\":\"1.1\",\"MaDonVi\":\"" AGENCY "\",\"KenhThucHien\":1,"
        "\"TrangThaiHoSo\":1}\n";
    assert_int_equal(dossier_import_jsonl_mem(f->db, third, sizeof(third) - 1, NULL, &rep),
                     MC_ERR_IO);
    assert_int_equal(count(f, &Q_DOSSIERS), 2);
    import_report_release(&rep);
}

static void test_table_order_duplicates_and_limit(void **state)
{
    struct fx *f = *state;
    struct seen s;
    int calls = 0, others[DOSSIER_LISTENERS_MAX];
    listen_only(&s);
    assert_int_equal(dossier_listen("test", record, &s), MC_OK);   /* again: no-op */
    assert_int_equal(dossier_listen("second", second, &calls), MC_OK);
    assert_int_equal(dossier_listener_count(), 2);
    /* The first failure stops the ones after it. */
    s.fail_with = MC_ERR_CONFLICT;
    s.fail_kind = DOSSIER_CHANGE_CREATED;
    char sha[FILESTORE_SHA_HEX];
    struct dossier_file_ref ref = {sha, 0, "Tờ khai"};
    struct dossier_submission sub = {PROC, AGENCY, NULL, NULL, DOSSIER_DELIVERY_ONLINE,
                                     NULL, &ref, 1, "c5"};
    int64_t id = 0;
    fx_pdf(f, "c5", sha);
    assert_int_equal(dossier_submit(&f->env, &f->citizen, "ip", &sub, &id, NULL, NULL),
                     MC_ERR_CONFLICT);
    assert_int_equal(calls, 0);
    s.fail_with = MC_OK;
    fx_submit(f, &f->citizen, "c6");
    assert_int_equal(calls, 1);
    /* The table is bounded. */
    for (size_t i = 2; i < DOSSIER_LISTENERS_MAX; i++)
        assert_int_equal(dossier_listen("filler", second, &others[i]), MC_OK);
    assert_int_equal(dossier_listen("one too many", second, &others[0]), MC_ERR_TOO_LARGE);
    assert_int_equal(dossier_listener_count(), DOSSIER_LISTENERS_MAX);
    /* Wiring twice registers each listener once. */
    dossier_listeners_clear();
    assert_int_equal(app_wire_listeners(), MC_OK);
    assert_int_equal(app_wire_listeners(), MC_OK);
    assert_int_equal(dossier_listener_count(), 3);
}

static void test_kinds_and_names(void **state)
{
    (void)state;
    assert_int_equal(dossier_change_kind_of(DOSSIER_ACT_INTAKE), DOSSIER_CHANGE_CREATED);
    assert_int_equal(dossier_change_kind_of(DOSSIER_ACT_CONFIRM_PAYMENT),
                     DOSSIER_CHANGE_TRANSITION);
    assert_int_equal(dossier_change_kind_of(DOSSIER_ACT_APOLOGY), DOSSIER_CHANGE_TRANSITION);
    assert_string_equal(dossier_change_kind_name(DOSSIER_CHANGE_RATING_DUE), "rating_due");
    assert_string_equal(dossier_change_kind_name(DOSSIER_CHANGE_BULK), "bulk");
    assert_string_equal(dossier_change_kind_name((enum dossier_change_kind)99), "");
    assert_string_equal(nat_status_name(NAT_ST_PAYMENT), "Yêu cầu thực hiện nghĩa vụ tài chính");
    assert_string_equal(nat_channel_name(NAT_CH_POSTAL), "Bưu chính công ích");
    assert_string_equal(nat_verdict_name(NAT_VERDICT_UNSATISFIED), "Không hài lòng");
    assert_string_equal(nat_status_name(11), "");
    assert_string_equal(nat_verdict_name(0), "");
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, fx_setup, fx_teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_listener_sees_each_change_inside_its_transaction),
        T(test_failing_listener_rolls_the_change_back),
        T(test_dossier_works_without_listeners),
        T(test_bulk_import_announces_ids_once),
        T(test_table_order_duplicates_and_limit),
        cmocka_unit_test(test_kinds_and_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
