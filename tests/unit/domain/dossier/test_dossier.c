/* test_dossier.c - unit tests for dossier/dossier on a real SQLite database. */
#include <pthread.h>
#include "domain/dossier/fixture.h"
#include "domain/vault/vault.h"

static const struct db_query Q_COUNT_DOSSIERS = {
    "test.count_dossiers", "SELECT COUNT(*) FROM dossiers",
};
static const struct db_query Q_COUNT_EVENTS = {
    "test.count_events", "SELECT COUNT(*) FROM dossier_events WHERE dossier_id = ?1",
};
static const struct db_query Q_COUNT_AUDIT = {
    "test.count_audit", "SELECT COUNT(*) FROM audit_log WHERE object = ?1",
};
static const struct db_query Q_FORCE = {
    "test.force",
    "UPDATE dossiers SET status = ?2, step = ?3, received_at = ?4, due_at = ?5,"
    " deadline_at = ?5, supplement_since = NULLIF(?6, 0), fee_dong = 200000,"
    " version = version + 1 WHERE id = ?1",
};
static const struct db_query Q_EVENT_ACTIONS = {
    "test.event_actions",
    "SELECT group_concat(action, ',') FROM (SELECT action FROM dossier_events"
    " WHERE dossier_id = ?1 ORDER BY id) e",
    "SELECT string_agg(action, ',' ORDER BY id) FROM dossier_events WHERE dossier_id = ?1",
};

static int64_t count(struct fx *f, const struct db_query *q, int64_t arg)
{
    int64_t n = -1;
    assert_int_equal(arg ? db_get_int(f->db, q, &n, "i", arg) : db_get_int(f->db, q, &n, ""),
                     MC_OK);
    return n;
}

static int64_t iso(const char *s)
{
    int64_t t = 0;
    assert_int_equal(clock_parse_iso(s, &t), MC_OK);
    return t;
}

/* ---------------------------------------------------------------- submission */

static void test_submit_creates_dossier_with_code(void **state)
{
    struct fx *f = *state;
    int64_t id = fx_submit(f, &f->citizen, "k1");
    int64_t id2 = fx_submit(f, &f->citizen2, "k1");
    struct dossier d = fx_load(f, id), d2 = fx_load(f, id2);
    char object[128];
    assert_string_equal(d.code, "T20.STP-260213-0001");
    assert_string_equal(d2.code, "T20.STP-260213-0002");
    assert_int_equal(d.status, NAT_ST_NEW);
    assert_int_equal(d.channel, NAT_CH_ONLINE);
    assert_int_equal(d.procedure_version, 1);
    assert_string_equal(d.procedure_name, "Cấp Phiếu lý lịch tư pháp");
    assert_string_equal(d.reception_code, DESK);
    assert_int_equal(d.applicant_id, f->citizen.id);
    assert_string_equal(d.contact_phone, "0912345678");
    assert_int_equal(d.submitted_at, T0);
    assert_int_equal(d.received_at, 0);
    assert_true(d.digitised);
    assert_true(d.has_fee);
    assert_int_equal(d.fee_dong, 200000);
    assert_int_equal(d.version, 1);
    assert_int_equal(count(f, &Q_COUNT_EVENTS, id), 1);
    snprintf(object, sizeof(object), "dossier:%s", d.code);
    int64_t n = -1;
    assert_int_equal(db_get_int(f->db, &Q_COUNT_AUDIT, &n, "s", object), MC_OK);
    assert_int_equal(n, 1);
    /* A new day starts a new sequence. */
    clock_set(T0 + 86400, 0);
    struct dossier d3 = fx_load(f, fx_submit(f, &f->citizen, "k2"));
    assert_string_equal(d3.code, "T20.STP-260214-0001");
}

static void test_submit_is_idempotent(void **state)
{
    struct fx *f = *state;
    char sha[FILESTORE_SHA_HEX];
    struct dossier_file_ref ref = {sha, 0, "Tờ khai"};
    struct dossier_submission s = {PROC, AGENCY, NULL, NULL, DOSSIER_DELIVERY_ONLINE, NULL,
                                   &ref, 1, "form-token-1"};
    int64_t a = 0, b = 0;
    bool replayed = true;
    fx_pdf(f, "x", sha);
    assert_int_equal(dossier_submit(&f->env, &f->citizen, "ip", &s, &a, &replayed, NULL),
                     MC_OK);
    assert_false(replayed);
    assert_int_equal(dossier_submit(&f->env, &f->citizen, "ip", &s, &b, &replayed, NULL),
                     MC_OK);
    assert_true(replayed);
    assert_int_equal(a, b);
    assert_int_equal(count(f, &Q_COUNT_DOSSIERS, 0), 1);
    assert_int_equal(count(f, &Q_COUNT_EVENTS, a), 1);
}

static const struct db_query Q_COUNT_STAGED = {"test.count_staged",
                                               "SELECT count(*) FROM staged_files"};

/* An upload staged with the dossier: one transaction, both or neither. */
static void test_submit_stages_upload_with_dossier(void **state)
{
    struct fx *f = *state;
    static const char pdf[] = "%PDF-1.7 staged with the dossier";
    struct filestore_meta meta, got;
    struct buf bytes;
    assert_int_equal(filestore_describe_bytes(&f->fs, pdf, sizeof(pdf) - 1, &meta), MC_OK);
    struct dossier_file_ref ref = {meta.sha256, 0, "Tờ khai", pdf, sizeof(pdf) - 1};
    struct dossier_submission s = {PROC, "T20.NONE", NULL, NULL, DOSSIER_DELIVERY_ONLINE,
                                   NULL, &ref, 1, "staged-1"};
    struct form_errors errs = {0};
    int64_t id = 0, n = -1;
    char code[DOSSIER_CODE_MAX] = "x";
    s.code_out = code;
    /* Refused (no such agency): neither the dossier nor the bytes stay. */
    assert_int_equal(dossier_submit(&f->env, &f->citizen, "ip", &s, &id, NULL, &errs),
                     MC_ERR_NOT_FOUND);
    assert_string_equal(code, "");
    assert_int_equal(db_get_int(f->db, &Q_COUNT_STAGED, &n, ""), MC_OK);
    assert_int_equal(n, 0);
    s.agency_code = AGENCY;
    assert_int_equal(dossier_submit(&f->env, &f->citizen, "ip", &s, &id, NULL, &errs), MC_OK);
    struct dossier d = fx_load(f, id);
    assert_string_equal(code, d.code);   /* the code comes back with the submission */
    assert_int_equal(db_get_int(f->db, &Q_COUNT_STAGED, &n, ""), MC_OK);
    assert_int_equal(n, 1);
    assert_int_equal(filestore_stat(&f->fs, f->db, meta.sha256, &got), MC_OK);
    assert_int_equal(got.size, (int64_t)sizeof(pdf) - 1);
    buf_init(&bytes, BUF_MAX_FILE);
    assert_int_equal(filestore_read(&f->fs, f->db, meta.sha256, &bytes), MC_OK);
    assert_memory_equal(bytes.data, pdf, sizeof(pdf) - 1);
    buf_release(&bytes);
    /* A hash that does not match the bytes is refused. */
    ref.sha256 = "0000000000000000000000000000000000000000000000000000000000000000";
    s.idempotency_key = "staged-2";
    assert_int_equal(dossier_submit(&f->env, &f->citizen, "ip", &s, &id, NULL, &errs),
                     MC_ERR_INTERNAL);
    assert_int_equal(count(f, &Q_COUNT_DOSSIERS, 0), 1);
}

/* The form's copy of the procedure is used only while it is the current version. */
static void test_submit_reuses_current_procedure(void **state)
{
    struct fx *f = *state;
    char sha[FILESTORE_SHA_HEX];
    struct procedure mine;
    struct dossier_file_ref ref = {sha, 0, "Tờ khai"};
    struct dossier_submission s = {PROC, AGENCY, NULL, NULL, DOSSIER_DELIVERY_ONLINE, NULL,
                                   &ref, 1, "proc-1"};
    int64_t id = 0;
    fx_pdf(f, "p", sha);
    procedure_init(&mine);
    mine.name = strdup("Tên trong bản của biểu mẫu");
    s.procedure = &mine;
    s.procedure_version = 1;   /* current: taken as it is */
    assert_int_equal(dossier_submit(&f->env, &f->citizen, "ip", &s, &id, NULL, NULL), MC_OK);
    assert_string_equal(fx_load(f, id).procedure_name, "Tên trong bản của biểu mẫu");
    s.procedure_version = 7;   /* stale: read from the catalogue */
    s.idempotency_key = "proc-2";
    assert_int_equal(dossier_submit(&f->env, &f->citizen, "ip", &s, &id, NULL, NULL), MC_OK);
    assert_string_equal(fx_load(f, id).procedure_name, "Cấp Phiếu lý lịch tư pháp");
    procedure_release(&mine);
}

static void test_submit_rejects_bad_input(void **state)
{
    struct fx *f = *state;
    char sha[FILESTORE_SHA_HEX];
    struct dossier_file_ref ref = {sha, 0, "Tờ khai"};
    struct dossier_submission s = {PROC, AGENCY, NULL, NULL, DOSSIER_DELIVERY_ONLINE, NULL,
                                   &ref, 1, "k"};
    struct form_errors errs = {0};
    int64_t id = 0;
    fx_pdf(f, "y", sha);
    s.form_json = "[1]";
    assert_int_equal(dossier_submit(&f->env, &f->citizen, "ip", &s, &id, NULL, &errs),
                     MC_ERR_INVALID);
    assert_string_equal(form_errors_of(&errs, "form"), "Nội dung tờ khai không hợp lệ.");
    s.form_json = NULL;
    s.procedure_code = "9.999999";
    assert_int_equal(dossier_submit(&f->env, &f->citizen, "ip", &s, &id, NULL, &errs),
                     MC_ERR_NOT_FOUND);
    s.procedure_code = PROC;
    s.agency_code = "T20.NONE";
    assert_int_equal(dossier_submit(&f->env, &f->citizen, "ip", &s, &id, NULL, &errs),
                     MC_ERR_NOT_FOUND);
    s.agency_code = AGENCY;
    ref.sha256 = "0000000000000000000000000000000000000000000000000000000000000000";
    assert_int_equal(dossier_submit(&f->env, &f->citizen, "ip", &s, &id, NULL, &errs),
                     MC_ERR_NOT_FOUND);
    ref.sha256 = sha;
    s.idempotency_key = NULL;
    assert_int_equal(dossier_submit(&f->env, &f->citizen, "ip", &s, &id, NULL, &errs),
                     MC_ERR_INVALID);
    s.idempotency_key = "k";
    assert_int_equal(dossier_submit(&f->env, &f->reception, "ip", &s, &id, NULL, &errs),
                     MC_ERR_FORBIDDEN);
    s.delivery = DOSSIER_DELIVERY_POST;
    assert_int_equal(dossier_submit(&f->env, &f->citizen, "ip", &s, &id, NULL, &errs),
                     MC_ERR_INVALID);
    /* One reason per refusal, each about its field, in order. */
    assert_int_equal(errs.count, 7);
    assert_string_equal(errs.items[1].field, "procedure_code");
    assert_string_equal(errs.items[2].field, "agency_code");
    assert_string_equal(errs.items[3].field, "files");
    assert_string_equal(errs.items[6].field, "delivery_address");
    /* Nothing was written by any of these. */
    assert_int_equal(count(f, &Q_COUNT_DOSSIERS, 0), 0);
}

struct racer {
    const char *path;
    const struct fx *f;
    const struct user *u;
    int index;
    int ok;
};

static void *race(void *arg)
{
    struct racer *r = arg;
    struct db *db = NULL;
    struct dossier_env env = r->f->env;
    struct dossier_submission s = {PROC, AGENCY, NULL, NULL, DOSSIER_DELIVERY_ONLINE, NULL,
                                   NULL, 0, NULL};
    char key[32];
    if (db_open(r->path, &db) != MC_OK)
        return NULL;
    env.db = db;
    for (int i = 0; i < 25; i++) {
        int64_t id = 0;
        snprintf(key, sizeof(key), "t%d-%d", r->index, i);
        s.idempotency_key = key;
        if (dossier_submit(&env, r->u, "ip", &s, &id, NULL, NULL) == MC_OK)
            r->ok++;
    }
    db_close(db);
    return NULL;
}

static const struct db_query Q_CODES = {
    "test.codes",
    "SELECT COUNT(DISTINCT code), MIN(substr(code, length(code) - 3)),"
    " MAX(substr(code, length(code) - 3))"
    " FROM dossiers",
};

static void test_codes_unique_under_concurrency(void **state)
{
    struct fx *f = *state;
    pthread_t t[2];
    struct racer r[2] = {{f->path, f, &f->citizen, 0, 0}, {f->path, f, &f->citizen2, 1, 0}};
    struct db_stmt *st = NULL;
    bool row = false;
    for (int i = 0; i < 2; i++)
        assert_int_equal(pthread_create(&t[i], NULL, race, &r[i]), 0);
    for (int i = 0; i < 2; i++)
        pthread_join(t[i], NULL);
    assert_int_equal(r[0].ok + r[1].ok, 50);
    assert_int_equal(db_query_start(f->db, &Q_CODES, &st, ""), MC_OK);
    assert_int_equal(db_step(st, &row), MC_OK);
    assert_true(row);
    assert_int_equal(db_col_int64(st, 0), 50);
    assert_string_equal(db_col_text(st, 1), "0001");
    assert_string_equal(db_col_text(st, 2), "0050");
    db_done(st);
}

/* ---------------------------------------------------------------- the whole journey */

static void test_journey_with_supplement_over_tet(void **state)
{
    struct fx *f = *state;
    struct vault_item item;
    struct vault_item_list items;
    int64_t vid = 0, id = 0, v = 0;
    char sha[FILESTORE_SHA_HEX];
    struct form_errors errs = {0};
    struct vault_new vn = {"identity", "Căn cước công dân", "2021-05-01", "2036-05-01", sha};
    /* A document already in the citizen's vault is reused. */
    fx_pdf(f, "cccd", sha);
    assert_int_equal(vault_add(f->db, &f->fs, NULL, f->citizen.id, &vn, &vid), MC_OK);
    struct dossier_file_ref refs[2] = {{NULL, vid, NULL}, {sha, 0, "Ảnh chân dung"}};
    struct dossier_submission s = {PROC, AGENCY, DESK, "{}", DOSSIER_DELIVERY_ONLINE, NULL,
                                   refs, 2, "journey"};
    assert_int_equal(dossier_submit(&f->env, &f->citizen, "ip", &s, &id, NULL, &errs), MC_OK);
    struct dossier d = fx_load(f, id);
    assert_true(d.reused_data);
    assert_int_equal(vault_get(f->db, f->citizen.id, vid, &item), MC_OK);
    assert_int_equal(item.reuse_count, 1);

    /* Accept at 09:30: received at 09:00 (submission), 5 working days over Tết 2026. */
    clock_set(T0 + 1800, 0);
    assert_int_equal(fx_act(f, &f->reception, id, DOSSIER_ACT_ACCEPT, NULL), MC_OK);
    d = fx_load(f, id);
    assert_int_equal(d.status, NAT_ST_RECEIVED);
    assert_int_equal(d.received_at, T0);
    assert_int_equal(d.due_at, iso("2026-02-27T09:00:00+07:00"));
    assert_int_equal(d.deadline_at, d.due_at);

    assert_int_equal(fx_act(f, &f->processing, id, DOSSIER_ACT_START, NULL), MC_OK);
    clock_set(T0 + HOUR, 0);   /* Fri 10:00 */
    assert_int_equal(fx_act(f, &f->processing, id, DOSSIER_ACT_REQUEST_SUPPLEMENT,
                            "Thiếu bản sao sổ hộ khẩu (Mẫu 02)."), MC_OK);
    d = fx_load(f, id);
    assert_int_equal(d.status, NAT_ST_SUPPLEMENT);
    assert_int_equal(d.supplement_count, 1);
    assert_int_equal(d.supplement_since, T0 + HOUR);

    /* The citizen comes back on Mon 23/2 at 10:00, after the Tết week. */
    clock_set(iso("2026-02-23T10:00:00+07:00"), 0);
    char sha2[FILESTORE_SHA_HEX];
    fx_pdf(f, "so ho khau", sha2);
    struct dossier_file_ref more = {sha2, 0, "Sổ hộ khẩu"};
    struct dossier_action_input in = {DOSSIER_ACT_SUPPLEMENT, d.version, NULL, 0, 0, 0,
                                      &more, 1};
    assert_int_equal(dossier_act(&f->env, &f->citizen, "ip", id, &in, &v, &errs), MC_OK);
    d = fx_load(f, id);
    assert_int_equal(v, d.version);
    assert_int_equal(d.status, NAT_ST_PROCESSING);
    assert_int_equal(d.supplement_since, 0);
    /* 5 h on Friday + 2.5 h on Monday = one 7.5 h working day of office time. */
    assert_int_equal(d.supplement_seconds, 27000);
    assert_int_equal(d.due_at, iso("2026-02-27T09:00:00+07:00"));
    assert_int_equal(d.deadline_at, iso("2026-03-02T09:00:00+07:00"));
    struct idx_dossier x;
    dossier_to_idx(&d, &x);
    assert_int_equal(x.due_at + x.supplement_seconds, d.deadline_at);

    /* Fee, paid at the counter. */
    assert_int_equal(fx_act(f, &f->processing, id, DOSSIER_ACT_REQUEST_PAYMENT, NULL), MC_OK);
    assert_int_equal(fx_act(f, &f->reception, id, DOSSIER_ACT_CONFIRM_PAYMENT, NULL), MC_OK);
    d = fx_load(f, id);
    assert_true(d.fee_paid);
    assert_int_equal(d.paid_online, 0);
    assert_int_equal(d.status, NAT_ST_PROCESSING);

    /* Done, sent back once, approved with a generated PDF, returned into the vault. */
    assert_int_equal(fx_act(f, &f->processing, id, DOSSIER_ACT_FINISH, NULL), MC_OK);
    assert_int_equal(fx_load(f, id).step, DOSSIER_STEP_AWAITING_APPROVAL);
    assert_int_equal(fx_act(f, &f->approver, id, DOSSIER_ACT_SEND_BACK, NULL),
                     MC_ERR_INVALID);   /* a note is required */
    assert_int_equal(fx_act(f, &f->approver, id, DOSSIER_ACT_SEND_BACK, "Sửa lại số liệu"),
                     MC_OK);
    assert_int_equal(fx_act(f, &f->processing, id, DOSSIER_ACT_FINISH, NULL), MC_OK);
    assert_int_equal(fx_act(f, &f->approver, id, DOSSIER_ACT_APPROVE,
                            "Cấp Phiếu lý lịch tư pháp số 123/PLL cho ông Nguyễn Văn A."),
                     MC_OK);
    d = fx_load(f, id);
    assert_int_equal(d.status, NAT_ST_DONE);
    assert_true(d.e_result);
    assert_true(d.result_file_id > 0);
    assert_int_equal(d.ended_at, clock_now());
    fx_collect_fee(f, id);
    assert_int_equal(fx_act(f, &f->reception, id, DOSSIER_ACT_RETURN, NULL), MC_OK);
    d = fx_load(f, id);
    assert_int_equal(d.status, NAT_ST_RETURNED);
    assert_true(d.result_vault_item_id > 0);
    vault_item_list_init(&items);
    assert_int_equal(vault_list(f->db, f->citizen.id, &items), MC_OK);
    assert_int_equal(items.n, 2);
    assert_string_equal(items.items[0].kind, "result");
    assert_int_equal(items.items[0].source_dossier_id, id);
    assert_string_equal(items.items[0].file.content_type, "application/pdf");
    /* The result's bytes are a PDF in the store (staged with the approval). */
    struct filestore_meta m;
    assert_int_equal(filestore_stat(&f->fs, f->db, items.items[0].file.sha256, &m), MC_OK);
    vault_item_list_release(&items);
    /* Not in someone else's vault. */
    assert_int_equal(vault_get(f->db, f->citizen2.id, d.result_vault_item_id, &item),
                     MC_ERR_NOT_FOUND);

    struct dossier_event_list h;
    struct dossier read = fx_load(f, id);
    dossier_event_list_init(&h);
    assert_int_equal(dossier_history(f->db, &f->citizen, &read, &h), MC_OK);
    assert_int_equal(h.n, 12);
    assert_string_equal(h.items[0].action, "submit");
    assert_string_equal(h.items[3].action, "request_supplement");
    assert_string_equal(h.items[3].note, "Thiếu bản sao sổ hộ khẩu (Mẫu 02).");
    assert_string_equal(h.items[11].action, "return");
    dossier_event_list_release(&h);
    /* Another citizen, or an officer of another agency, gets nothing. */
    assert_int_equal(dossier_history(f->db, &f->citizen2, &read, &h), MC_ERR_NOT_FOUND);
    assert_int_equal(h.n, 0);
    assert_int_equal(dossier_history(f->db, &f->other, &read, &h), MC_ERR_NOT_FOUND);
}

static void test_second_supplement_makes_late(void **state)
{
    struct fx *f = *state;
    int64_t id = fx_submit(f, &f->citizen, "s2");
    struct dossier_page page;
    struct dossier_filter filter = {.queue = DOSSIER_Q_ALL};
    assert_int_equal(fx_act(f, &f->reception, id, DOSSIER_ACT_ACCEPT, NULL), MC_OK);
    assert_int_equal(fx_act(f, &f->processing, id, DOSSIER_ACT_START, NULL), MC_OK);
    for (int i = 0; i < 2; i++) {
        assert_int_equal(fx_act(f, &f->processing, id, DOSSIER_ACT_REQUEST_SUPPLEMENT,
                                "Thiếu giấy tờ"), MC_OK);
        clock_set(clock_now() + HOUR, 0);
        assert_int_equal(fx_act(f, &f->citizen, id, DOSSIER_ACT_SUPPLEMENT, "Đã bổ sung"),
                         MC_OK);
    }
    struct dossier d = fx_load(f, id);
    assert_int_equal(d.supplement_count, 2);
    assert_int_equal(d.supplement_seconds, 2 * HOUR);
    dossier_page_init(&page);
    assert_int_equal(dossier_list(&f->env, &f->processing, &filter, &page), MC_OK);
    assert_int_equal(page.n, 1);
    assert_true(page.items[0].late);   /* DESIGN.md §3: a second supplement is late */
    dossier_page_release(&page);
}

static const struct db_query Q_NOTICES = {
    "test.notices",
    "SELECT COUNT(*) FROM notify_outbox WHERE kind = 'dossier.notice' AND body LIKE ?1",
};

static int64_t notices(struct fx *f, const char *like)
{
    int64_t n = -1;
    assert_int_equal(db_get_int(f->db, &Q_NOTICES, &n, "s", like), MC_OK);
    return n;
}

/* The applicant is told what is missing, about an apology and new date, and nothing else. */
static void test_applicant_is_told(void **state)
{
    struct fx *f = *state;
    int64_t id = fx_submit(f, &f->citizen, "notice");
    assert_int_equal(fx_act(f, &f->reception, id, DOSSIER_ACT_ACCEPT, NULL), MC_OK);
    assert_int_equal(fx_act(f, &f->processing, id, DOSSIER_ACT_START, NULL), MC_OK);
    assert_int_equal(notices(f, "%"), 0);
    assert_int_equal(fx_act(f, &f->processing, id, DOSSIER_ACT_REQUEST_SUPPLEMENT,
                            "Thiếu bản sao giấy chứng sinh"), MC_OK);
    assert_int_equal(notices(f, "%Thiếu bản sao giấy chứng sinh%"), 1);
    assert_int_equal(fx_act(f, &f->citizen, id, DOSSIER_ACT_SUPPLEMENT, "Đã bổ sung"), MC_OK);
    assert_int_equal(fx_act(f, &f->processing, id, DOSSIER_ACT_APOLOGY, "Chờ xác minh"),
                     MC_OK);
    assert_int_equal(notices(f, "%xin lỗi%Chờ xác minh%Ngày hẹn trả kết quả mới%"), 1);
    assert_int_equal(notices(f, "%"), 2);
}

/* ---------------------------------------------------------------- the table x roles */

/* Put dossier id into status/step with the dates that state implies. */
static void force(struct fx *f, int64_t id, int status, int step)
{
    int64_t rec = status >= 2 ? T0 : 0, due = status >= 2 ? T0 + 10 * 86400 : 0;
    assert_int_equal(db_run(f->db, &Q_FORCE, NULL, "iiiiii", id, (int64_t)status,
                            (int64_t)step, rec, due, status == 5 ? (int64_t)T0 : 0), MC_OK);
}

/* The oracle: who may perform a row, written independently of dossier.c. */
static bool expected(const struct fx *f, const struct user *u, const struct dossier_transition *t)
{
    unsigned officer = t->actors & (ROLE_RECEPTION | ROLE_PROCESSING | ROLE_APPROVER);
    if (u == &f->citizen)
        return t->actors & DOSSIER_BY_APPLICANT;
    if (u == &f->reception)
        return t->actors & ROLE_RECEPTION;
    if (u == &f->processing)
        return t->actors & ROLE_PROCESSING;
    if (u == &f->approver)
        return t->actors & ROLE_APPROVER;
    if (u == &f->agency_admin)
        return officer != 0;
    return false;   /* another citizen, the province admin, another agency's officer */
}

static void test_transition_table_by_role(void **state)
{
    struct fx *f = *state;
    const struct user *actors[] = {&f->citizen, &f->citizen2, &f->reception, &f->processing,
                                   &f->approver, &f->agency_admin, &f->province_admin,
                                   &f->other};
    size_t n = 0, allowed = 0, refused = 0;
    const struct dossier_transition *table = dossier_transitions(&n);
    int key = 0;
    assert_int_equal(n, DOSSIER_ACT_COUNT);
    for (size_t i = 0; i < n; i++) {
        const struct dossier_transition *t = &table[i];
        assert_int_equal(t->action, (int)i);
        if (!t->from)
            continue;   /* creations: tested by submit and intake */
        for (int status = 1; status <= 10; status++) {
            for (int step = 0; step <= 1; step++) {
                bool from_ok = (t->from & (1u << status)) &&
                               (t->from_step < 0 || t->from_step == step);
                if (step == 1 && status != NAT_ST_PROCESSING)
                    continue;
                for (size_t a = 0; a < MC_ARRAY_LEN(actors); a++) {
                    char k[32];
                    struct form_errors errs = {0};
                    const char *note = t->action == DOSSIER_ACT_APPROVE
                                           ? "Cấp kết quả cho ông Nguyễn Văn A."
                                       : t->needs_note ? "Nội dung" : "Bổ sung";
                    snprintf(k, sizeof(k), "tbl-%d", key++);
                    int64_t id = fx_submit(f, &f->citizen, k);
                    force(f, id, status, step);
                    struct dossier before = fx_load(f, id);
                    /* The fee (200.000 đồng, open) is part of the state (dossier.h). */
                    bool fee_open = before.has_fee && before.fee_dong > 0 && !before.fee_paid;
                    bool fee_blocks = (t->action == DOSSIER_ACT_RETURN && fee_open) ||
                                      ((t->action == DOSSIER_ACT_COLLECT_FEE ||
                                        t->action == DOSSIER_ACT_WAIVE_FEE) && !fee_open);
                    bool state_ok = from_ok && !fee_blocks;
                    bool want = state_ok && expected(f, actors[a], t);
                    assert_int_equal(dossier_may(actors[a], &before, t->action, &errs), want);
                    enum mc_status rc = fx_act(f, actors[a], id, t->action, note);
                    struct dossier after = fx_load(f, id);
                    if (want) {
                        if (rc != MC_OK)
                            fail_msg("%s from %d/%d by %s: %s", t->code, status, step,
                                     actors[a]->login, mc_status_name(rc));
                        assert_int_equal(after.status, t->to_status ? t->to_status : status);
                        if (t->to_step >= 0)
                            assert_int_equal(after.step, t->to_step);
                        assert_int_equal(after.version, before.version + 1);
                        allowed++;
                    } else {
                        assert_true(rc == MC_ERR_FORBIDDEN || rc == MC_ERR_NOT_FOUND ||
                                    rc == MC_ERR_INVALID);
                        if (state_ok && dossier_may_read(actors[a], &before))
                            assert_int_equal(rc, MC_ERR_FORBIDDEN);
                        if (!state_ok && dossier_may_read(actors[a], &before))
                            assert_int_equal(rc, MC_ERR_INVALID);
                        assert_int_equal(after.version, before.version);
                        assert_int_equal(after.status, before.status);
                        refused++;
                    }
                }
            }
        }
    }
    print_message("transition table: %zu allowed, %zu refused combinations\n", allowed,
                  refused);
    assert_true(allowed > 30);
}

static void test_stale_version_conflicts(void **state)
{
    struct fx *f = *state;
    int64_t id = fx_submit(f, &f->citizen, "c1");
    struct dossier d = fx_load(f, id);
    struct dossier_action_input in = {DOSSIER_ACT_ACCEPT, d.version, NULL, 0, 0, 0, NULL, 0};
    struct form_errors errs = {0};
    assert_int_equal(dossier_act(&f->env, &f->reception, "a", id, &in, NULL, &errs), MC_OK);
    /* A second officer who loaded the same page. */
    in.action = DOSSIER_ACT_REFUSE;
    in.note = "Không đủ điều kiện";
    assert_int_equal(dossier_act(&f->env, &f->reception, "b", id, &in, NULL, &errs),
                     MC_ERR_CONFLICT);
    assert_string_equal(form_errors_of(&errs, "version"), "Hồ sơ vừa được người khác cập nhật; "
                        "vui lòng tải lại trang và thực hiện lại.");
    assert_int_equal(errs.count, 1);
    assert_int_equal(fx_load(f, id).status, NAT_ST_RECEIVED);
    assert_int_equal(count(f, &Q_COUNT_EVENTS, id), 2);
}

static void test_accept_needs_due_when_procedure_has_no_time(void **state)
{
    struct fx *f = *state;
    struct dossier_submission s = {PROC_NOTIME, AGENCY, NULL, NULL, DOSSIER_DELIVERY_COUNTER,
                                   NULL, NULL, 0, "nt"};
    int64_t id = 0;
    struct form_errors errs = {0};
    assert_int_equal(dossier_submit(&f->env, &f->citizen, "ip", &s, &id, NULL, &errs), MC_OK);
    struct dossier d = fx_load(f, id);
    struct dossier_action_input in = {DOSSIER_ACT_ACCEPT, d.version, NULL, 0, 0, 0, NULL, 0};
    assert_int_equal(dossier_act(&f->env, &f->agency_admin, "a", id, &in, NULL, &errs),
                     MC_ERR_INVALID);
    assert_non_null(form_errors_first(&errs));
    in.due_at = T0 + 7 * 86400;
    assert_int_equal(dossier_act(&f->env, &f->agency_admin, "a", id, &in, NULL, &errs), MC_OK);
    assert_int_equal(fx_load(f, id).due_at, T0 + 7 * 86400);
}

static void test_apology_keeps_original_due(void **state)
{
    struct fx *f = *state;
    int64_t id = fx_submit(f, &f->citizen, "ap");
    assert_int_equal(fx_act(f, &f->reception, id, DOSSIER_ACT_ACCEPT, NULL), MC_OK);
    int64_t due = fx_load(f, id).due_at;
    assert_int_equal(fx_act(f, &f->processing, id, DOSSIER_ACT_APOLOGY, NULL), MC_ERR_INVALID);
    assert_int_equal(fx_act(f, &f->processing, id, DOSSIER_ACT_APOLOGY,
                            "Cần xác minh thêm với cơ quan công an (Mẫu 04)."), MC_OK);
    struct dossier d = fx_load(f, id);
    assert_int_equal(d.due_at, due);
    assert_int_equal(d.deadline_at, due);
    assert_int_equal(d.apology_due_at, T0 + 30 * 86400);
    assert_int_equal(d.apology_count, 1);
    assert_int_equal(d.status, NAT_ST_RECEIVED);
}

/* ---------------------------------------------------------------- counter intake */

static void test_counter_intake(void **state)
{
    struct fx *f = *state;
    char sha[FILESTORE_SHA_HEX];
    struct dossier_file_ref scan = {sha, 0, "Bản quét tờ khai"};
    struct dossier_intake in = {
        {PROC, AGENCY, DESK, NULL, DOSSIER_DELIVERY_COUNTER, NULL, &scan, 1, NULL},
        NAT_CH_DIRECT, 0, "HS-CD-001", "Trần Thị B", "0911222333", NULL, 0, 0};
    int64_t id = 0;
    struct form_errors errs = {0};
    fx_pdf(f, "scan", sha);
    /* Saturday: received on Monday 07:30. */
    clock_set(iso("2026-02-07T09:00:00+07:00"), 0);
    assert_int_equal(dossier_intake(&f->env, &f->other, "ip", &in, &id, &errs),
                     MC_ERR_FORBIDDEN);
    assert_int_equal(dossier_intake(&f->env, &f->processing, "ip", &in, &id, &errs),
                     MC_ERR_FORBIDDEN);
    assert_int_equal(dossier_intake(&f->env, &f->reception, "ip", &in, &id, &errs), MC_OK);
    struct dossier d = fx_load(f, id);
    assert_int_equal(d.status, NAT_ST_RECEIVED);
    assert_int_equal(d.channel, NAT_CH_DIRECT);
    assert_int_equal(d.applicant_id, 0);
    assert_string_equal(d.applicant_ref, "HS-CD-001");
    assert_int_equal(d.received_at, iso("2026-02-09T07:30:00+07:00"));
    /* Mon 9/2 + 5 working days: 10, 11, 12, 13, then Tết (16-20/2): Mon 23/2. */
    assert_int_equal(d.due_at, iso("2026-02-23T07:30:00+07:00"));
    assert_true(d.digitised);
    struct dossier_file_list files;
    dossier_file_list_init(&files);
    assert_int_equal(dossier_files(f->db, &f->processing, &d, &files), MC_OK);
    assert_int_equal(files.n, 1);
    assert_string_equal(files.items[0].kind, "scan");
    assert_true(files.items[0].digitised);
    dossier_file_list_release(&files);
    /* Tracked with the phone's last digits. */
    struct dossier_public pub;
    assert_int_equal(dossier_track(f->db, d.code, "2333", &pub), MC_OK);
}

/* ---------------------------------------------------------------- tracking and lists */

static void test_tracking(void **state)
{
    struct fx *f = *state;
    int64_t id = fx_submit(f, &f->citizen, "tr");
    struct dossier d = fx_load(f, id);
    struct dossier_public pub;
    assert_int_equal(dossier_track(f->db, d.code, "5678", &pub), MC_OK);   /* phone */
    assert_int_equal(dossier_track(f->db, d.code, "1234", &pub), MC_OK);   /* CCCD */
    assert_string_equal(pub.code, d.code);
    assert_int_equal(pub.status, NAT_ST_NEW);
    assert_string_equal(pub.procedure_name, "Cấp Phiếu lý lịch tư pháp");
    assert_string_equal(pub.agency_name, "Sở Tư pháp");
    assert_int_equal(pub.submitted_at, T0);
    assert_int_equal(dossier_track(f->db, d.code, "0000", &pub), MC_ERR_NOT_FOUND);
    assert_int_equal(dossier_track(f->db, "T20.STP-260213-9999", "5678", &pub),
                     MC_ERR_NOT_FOUND);
    assert_int_equal(dossier_track(f->db, d.code, "56a8", &pub), MC_ERR_INVALID);
    assert_int_equal(dossier_track(f->db, d.code, "345678", &pub), MC_ERR_INVALID);
}

static void test_queues_and_scope(void **state)
{
    struct fx *f = *state;
    struct dossier_page p;
    struct dossier_filter q = {.queue = DOSSIER_Q_TO_RECEIVE};
    int64_t a = fx_submit(f, &f->citizen, "q1");
    int64_t b = fx_submit(f, &f->citizen2, "q2");
    fx_submit(f, &f->citizen, "q3");
    dossier_page_init(&p);
    assert_int_equal(dossier_list(&f->env, &f->reception, &q, &p), MC_OK);
    assert_int_equal(p.total, 3);
    assert_int_equal(p.n, 3);
    assert_string_equal(p.items[0].contact_name, "Người Thử");
    assert_int_equal(fx_act(f, &f->reception, a, DOSSIER_ACT_ACCEPT, NULL), MC_OK);
    assert_int_equal(fx_act(f, &f->reception, b, DOSSIER_ACT_ACCEPT, NULL), MC_OK);
    assert_int_equal(fx_act(f, &f->processing, b, DOSSIER_ACT_START, NULL), MC_OK);
    assert_int_equal(fx_act(f, &f->processing, b, DOSSIER_ACT_FINISH, NULL), MC_OK);
    assert_int_equal(dossier_list(&f->env, &f->reception, &q, &p), MC_OK);
    assert_int_equal(p.total, 1);
    q.queue = DOSSIER_Q_TO_PROCESS;
    assert_int_equal(dossier_list(&f->env, &f->processing, &q, &p), MC_OK);
    assert_int_equal(p.total, 1);
    assert_int_equal(p.items[0].id, a);
    q.queue = DOSSIER_Q_TO_APPROVE;
    assert_int_equal(dossier_list(&f->env, &f->approver, &q, &p), MC_OK);
    assert_int_equal(p.total, 1);
    assert_int_equal(p.items[0].id, b);
    /* Another agency sees nothing; the province admin sees all. */
    q.queue = DOSSIER_Q_ALL;
    assert_int_equal(dossier_list(&f->env, &f->other, &q, &p), MC_OK);
    assert_int_equal(p.total, 0);
    assert_int_equal(dossier_list(&f->env, &f->province_admin, &q, &p), MC_OK);
    assert_int_equal(p.total, 3);
    /* A citizen sees only their own, without contact names. */
    assert_int_equal(dossier_list(&f->env, &f->citizen, &q, &p), MC_OK);
    assert_int_equal(p.total, 2);
    assert_string_equal(p.items[0].contact_name, "");
    q.queue = DOSSIER_Q_TO_RECEIVE;
    assert_int_equal(dossier_list(&f->env, &f->citizen, &q, &p), MC_ERR_FORBIDDEN);
    /* Filters and paging. */
    q.queue = DOSSIER_Q_ALL;
    q.status = NAT_ST_NEW;
    assert_int_equal(dossier_list(&f->env, &f->agency_admin, &q, &p), MC_OK);
    assert_int_equal(p.total, 1);
    q.status = 0;
    q.limit = 2;
    q.offset = 2;
    assert_int_equal(dossier_list(&f->env, &f->agency_admin, &q, &p), MC_OK);
    assert_int_equal(p.total, 3);
    assert_int_equal(p.n, 1);
    q.limit = 0;
    q.offset = 0;
    q.procedure_code = PROC_NOTIME;
    assert_int_equal(dossier_list(&f->env, &f->agency_admin, &q, &p), MC_OK);
    assert_int_equal(p.total, 0);
    q.procedure_code = NULL;
    q.from = T0 + 1;
    assert_int_equal(dossier_list(&f->env, &f->agency_admin, &q, &p), MC_OK);
    assert_int_equal(p.total, 0);
    dossier_page_release(&p);
}

static void test_deadline_sweep_marks_once(void **state)
{
    struct fx *f = *state;
    struct dossier_sweep_result r;
    struct dossier_page p;
    struct dossier_filter q = {.queue = DOSSIER_Q_DUE_SOON};
    int64_t id = fx_submit(f, &f->citizen, "dl");
    char actions[256];
    assert_int_equal(fx_act(f, &f->reception, id, DOSSIER_ACT_ACCEPT, NULL), MC_OK);
    int64_t deadline = fx_load(f, id).deadline_at;   /* Fri 27/2 09:00 */
    assert_int_equal(dossier_sweep_deadlines(&f->env, clock_now(), &r), MC_OK);
    assert_int_equal(r.due_soon + r.overdue, 0);
    /* Thursday 26/2 10:00: due within one working day. */
    clock_set(deadline - 23 * HOUR, 0);
    dossier_page_init(&p);
    assert_int_equal(dossier_list(&f->env, &f->processing, &q, &p), MC_OK);
    assert_int_equal(p.total, 1);
    assert_int_equal(dossier_sweep_deadlines(&f->env, clock_now(), &r), MC_OK);
    assert_int_equal(r.due_soon, 1);
    assert_int_equal(r.overdue, 0);
    assert_int_equal(dossier_sweep_deadlines(&f->env, clock_now(), &r), MC_OK);
    assert_int_equal(r.due_soon, 0);
    clock_set(deadline + 1, 0);
    q.queue = DOSSIER_Q_OVERDUE;
    assert_int_equal(dossier_list(&f->env, &f->processing, &q, &p), MC_OK);
    assert_int_equal(p.total, 1);
    assert_true(p.items[0].late);
    assert_int_equal(dossier_sweep_deadlines(&f->env, clock_now(), &r), MC_OK);
    assert_int_equal(r.overdue, 1);
    assert_int_equal(dossier_sweep_deadlines(&f->env, clock_now(), &r), MC_OK);
    assert_int_equal(r.overdue + r.due_soon, 0);
    struct db_stmt *st = NULL;
    bool row = false;
    assert_int_equal(db_query_start(f->db, &Q_EVENT_ACTIONS, &st, "i", id), MC_OK);
    assert_int_equal(db_step(st, &row), MC_OK);
    snprintf(actions, sizeof(actions), "%s", db_col_text(st, 0));
    db_done(st);
    assert_string_equal(actions, "submit,accept,due_soon,overdue");
    /* Marks do not change the version: an officer's open page stays valid. */
    assert_int_equal(fx_load(f, id).version, 2);
    dossier_page_release(&p);
}

static void test_drafts(void **state)
{
    struct fx *f = *state;
    struct dossier_draft d;
    struct dossier_draft *list = NULL;
    size_t n = 0;
    int64_t id = 0;
    dossier_draft_init(&d);
    assert_int_equal(dossier_draft_save(f->db, &f->citizen, &id, PROC, AGENCY,
                                        "{\"a\":1}", "[]"), MC_OK);
    assert_true(id > 0);
    assert_int_equal(dossier_draft_save(f->db, &f->citizen, &id, PROC, AGENCY,
                                        "{\"a\":2}", NULL), MC_OK);
    assert_int_equal(dossier_draft_save(f->db, &f->citizen, &id, PROC, AGENCY, "{", NULL),
                     MC_ERR_INVALID);
    assert_int_equal(dossier_draft_load(f->db, &f->citizen, id, &d), MC_OK);
    assert_string_equal(d.form_json, "{\"a\":2}");
    assert_string_equal(d.procedure_code, PROC);
    assert_int_equal(dossier_draft_load(f->db, &f->citizen2, id, &d), MC_ERR_NOT_FOUND);
    assert_int_equal(dossier_draft_save(f->db, &f->citizen2, &id, PROC, AGENCY, "{}", "[]"),
                     MC_ERR_NOT_FOUND);
    assert_int_equal(dossier_draft_list(f->db, &f->citizen, &list, &n), MC_OK);
    assert_int_equal(n, 1);
    for (size_t i = 0; i < n; i++)
        dossier_draft_release(&list[i]);
    free(list);
    assert_int_equal(dossier_draft_delete(f->db, &f->citizen2, id), MC_ERR_NOT_FOUND);
    assert_int_equal(dossier_draft_delete(f->db, &f->citizen, id), MC_OK);
    assert_int_equal(dossier_draft_load(f->db, &f->citizen, id, &d), MC_ERR_NOT_FOUND);
    dossier_draft_release(&d);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, fx_setup, fx_teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_submit_creates_dossier_with_code),
        T(test_submit_is_idempotent),
        T(test_submit_rejects_bad_input),
        T(test_submit_stages_upload_with_dossier),
        T(test_submit_reuses_current_procedure),
        T(test_codes_unique_under_concurrency),
        T(test_journey_with_supplement_over_tet),
        T(test_second_supplement_makes_late),
        T(test_applicant_is_told),
        T(test_transition_table_by_role),
        T(test_stale_version_conflicts),
        T(test_accept_needs_due_when_procedure_has_no_time),
        T(test_apology_keeps_original_due),
        T(test_counter_intake),
        T(test_tracking),
        T(test_queues_and_scope),
        T(test_deadline_sweep_marks_once),
        T(test_drafts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
