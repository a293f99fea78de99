/*
 * test_assistant.c - unit tests for the virtual assistant: normalisation,
 * segmentation, intents (with and without diacritics), masking, the
 * indexes, the FAQ import, and answers end to end over the demo catalogue.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include "domain/assistant/assistant.h"
#include "domain/assistant/faq.h"
#include "domain/assistant/kb.h"
#include "domain/assistant/kb_index.h"
#include "domain/assistant/lexicon.h"
#include "domain/assistant/llm.h"
#include "domain/catalog/catalog.h"
#include "domain/catalog/national_import.h"
#include "core/assets.h"
#include "core/db.h"
#include "testdb.h"

static const struct audit_actor TEST_ACTOR = {0, "system", "test"};

/* ---------------------------------------------------------------- helpers */

static struct asst_lexicon *lexicon(void)
{
    static struct asst_lexicon lx;
    static bool loaded;
    if (!loaded) {
        asst_lexicon_init(&lx);
        assert_int_equal(asst_lexicon_load(&lx), MC_OK);
        loaded = true;
    }
    return &lx;
}

static enum asst_intent intent_of(const char *q)
{
    struct asst_text t;
    double scores[ASST_NINTENTS];
    asst_text_init(&t);
    assert_int_equal(asst_analyse(lexicon(), q, strlen(q), true, &t), MC_OK);
    enum asst_intent in = asst_intent_detect(lexicon(), &t, scores);
    asst_text_release(&t);
    return in;
}

/* The normalised text of q, for comparisons (static buffer). */
static const char *norm(const char *q, bool question)
{
    static char out[1024];
    struct asst_text t;
    asst_text_init(&t);
    assert_int_equal(asst_analyse(lexicon(), q, strlen(q), question, &t), MC_OK);
    snprintf(out, sizeof(out), "%s", buf_cstr(&t.text));
    asst_text_release(&t);
    return out;
}

/* A migrated in-memory database with the demo procedures and FAQ. */
static struct db *demo_db(void)
{
    struct db *db = NULL;
    assert_int_equal(db_open("sqlite::memory:", &db), MC_OK);
    assert_int_equal(db_migrate(db, NULL), MC_OK);
    const struct asset *a = asset_find("data/demo/procedures.jsonl");
    assert_non_null(a);
    const char *s = a->data, *end = a->data + a->len;
    while (s < end) {
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        const char *e = nl ? nl : end;
        if (e > s) {
            struct procedure p;
            struct national_warnings w;
            struct buf err;
            procedure_init(&p);
            national_warnings_init(&w);
            buf_init(&err, BUF_MAX_LINE);
            assert_int_equal(national_parse_record(s, (size_t)(e - s), &p, &w, &err), MC_OK);
            assert_int_equal(catalog_save(db, NULL, &p, NULL, NULL), MC_OK);
            buf_release(&err);
            national_warnings_release(&w);
            procedure_release(&p);
        }
        s = e + 1;
    }
    assert_int_equal(asst_faq_seed_demo(db), MC_OK);
    return db;
}

static void ask(struct db *db, const char *q, const char *session, struct asst_reply *r)
{
    struct asst_request req = {q, session, "test", NULL};
    asst_reply_init(r);
    assert_int_equal(assistant_ask(db, &req, r), MC_OK);
}

/* ---------------------------------------------------------------- text */

static void test_folding_and_abbreviations(void **state)
{
    (void)state;
    /* "làm lại" gets "cấp lại"; "căn cước công dân" gets "thẻ căn cước". */
    assert_string_equal(norm("Làm lại CCCD", true),
                        "lam lai cap lai can cuoc cong dan the can cuoc");
    assert_string_equal(norm("đkks cho con", true), "dang ky khai sinh cho con dang ky khai sinh");
    assert_string_equal(norm("BHYT", false), "bao hiem y te");
}

static void test_synonyms_add_catalogue_words(void **state)
{
    (void)state;
    assert_string_equal(norm("lấy vợ", true), "lay vo ket hon");
    assert_string_equal(norm("lay chong", true), "lay chong ket hon");
    /* Catalogue text gets abbreviations but never synonyms. */
    assert_string_equal(norm("lấy vợ", false), "lay vo");
}

static void test_stopwords_keep_colliding_syllables(void **state)
{
    struct asst_text t;
    (void)state;
    asst_text_init(&t);
    /* "tử" folds like "từ", "đăng" like "đang": neither may be dropped. */
    const char *q = "xin hỏi đăng ký khai tử";
    assert_int_equal(asst_analyse(lexicon(), q, strlen(q), true, &t), MC_OK);
    assert_true(asst_text_has(&t, "dang ky khai tu"));
    for (size_t i = 0; i < t.n; i++) {
        bool stop = (t.tok[i].flags & ASST_TOK_STOP) != 0;
        bool content = i >= 2;
        assert_true(stop != content);
    }
    asst_text_release(&t);
}

struct term_list {
    char terms[64][64];
    size_t n;
};

static void collect(void *ctx, const char *term, size_t len, double w)
{
    struct term_list *l = ctx;
    (void)w;
    if (l->n < 64 && len < 64) {
        memcpy(l->terms[l->n], term, len);
        l->terms[l->n++][len] = '\0';
    }
}

static bool has_term(const struct term_list *l, const char *t)
{
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->terms[i], t) == 0)
            return true;
    return false;
}

static void test_segmentation_finds_long_words(void **state)
{
    struct asst_text t;
    struct term_list l = {0};
    (void)state;
    asst_text_init(&t);
    const char *q = "đổi giấy phép lái xe";
    assert_int_equal(asst_analyse(lexicon(), q, strlen(q), true, &t), MC_OK);
    asst_terms(lexicon(), &t, collect, &l);
    assert_true(has_term(&l, "giay phep lai xe"));   /* a four-syllable word */
    assert_true(has_term(&l, "lai xe"));             /* a syllable pair */
    assert_true(has_term(&l, "doi"));                /* a syllable */
    asst_text_release(&t);
}

static void test_intents_with_and_without_diacritics(void **state)
{
    static const struct {
        const char *q;
        enum asst_intent in;
    } cases[] = {
        {"làm giấy khai sinh cần giấy tờ gì", ASST_INTENT_DOCUMENTS},
        {"lam giay khai sinh can giay to gi", ASST_INTENT_DOCUMENTS},
        {"làm lại căn cước hết bao nhiêu tiền", ASST_INTENT_FEE},
        {"lam lai cccd het bao nhieu tien", ASST_INTENT_FEE},
        {"đổi bằng lái mất mấy ngày", ASST_INTENT_TIME},
        {"doi bang lai mat may ngay", ASST_INTENT_TIME},
        {"đăng ký kết hôn ở đâu", ASST_INTENT_WHERE},
        {"dang ky ket hon o dau", ASST_INTENT_WHERE},
        {"nộp hồ sơ trực tuyến thế nào", ASST_INTENT_ONLINE},
        {"nop ho so truc tuyen the nao", ASST_INTENT_ONLINE},
        {"hồ sơ của tôi đến đâu rồi", ASST_INTENT_STATUS},
        {"ho so cua toi den dau roi", ASST_INTENT_STATUS},
        {"quên mật khẩu", ASST_INTENT_ACCOUNT},
        {"quen mat khau", ASST_INTENT_ACCOUNT},
        {"có người gọi xin mã OTP", ASST_INTENT_SAFETY},
        {"co nguoi goi xin ma otp", ASST_INTENT_SAFETY},
        {"cho tôi gặp cán bộ", ASST_INTENT_HUMAN},
        {"cho toi gap can bo", ASST_INTENT_HUMAN},
        {"xin chào", ASST_INTENT_GREETING},
        {"xin chao", ASST_INTENT_GREETING},
        {"thủ tục nhận con nuôi như thế nào", ASST_INTENT_PROCEDURE},
        {"thu tuc nhan con nuoi nhu the nao", ASST_INTENT_PROCEDURE},
        {"con cá vàng", ASST_INTENT_UNKNOWN},
    };
    (void)state;
    for (size_t i = 0; i < MC_ARRAY_LEN(cases); i++) {
        enum asst_intent got = intent_of(cases[i].q);
        if (got != cases[i].in)
            fail_msg("\"%s\": got %s, want %s", cases[i].q, asst_intent_key(got),
                     asst_intent_key(cases[i].in));
    }
}

static void test_mask_removes_numbers_and_addresses(void **state)
{
    struct buf b;
    const char *q = "CCCD 012345678901, sdt 0912 000 111, mail a.b@x.vn, ho so STP-250303-0001, "
                    "ngay 5";
    (void)state;
    buf_init(&b, BUF_MAX_SMALL);
    asst_mask(q, strlen(q), &b);
    assert_string_equal(buf_cstr(&b),
                        "CCCD ***, sdt ***, mail ***, ho so STP-***, ngay 5");
    buf_release(&b);
}

static void test_find_dossier_code(void **state)
{
    char code[64];
    (void)state;
    const char *q = "tra cuu ho so stp-250303-0001 giup toi";
    assert_true(asst_find_dossier_code(q, strlen(q), code, sizeof(code)));
    assert_string_equal(code, "STP-250303-0001");
    assert_false(asst_find_dossier_code("ma 250303-12", 12, code, sizeof(code)));
}

static void test_rule_validation(void **state)
{
    struct asst_lexicon lx;
    (void)state;
    asst_lexicon_init(&lx);
    assert_int_equal(asst_lexicon_add_rule(&lx, "synonym", "bìa xanh", "sổ hộ khẩu"), MC_OK);
    assert_int_equal(asst_lexicon_add_rule(&lx, "abbreviation", "gcn ks", "x"), MC_ERR_INVALID);
    assert_int_equal(asst_lexicon_add_rule(&lx, "synonym", "!!!", "x"), MC_ERR_INVALID);
    assert_int_equal(asst_lexicon_add_rule(&lx, "other", "a", "b"), MC_ERR_INVALID);
    asst_lexicon_release(&lx);
}

/* ---------------------------------------------------------------- FAQ import */

static void test_faq_csv_citizen_questions(void **state)
{
    static const char csv[] =
        "link,question,related_links\n"
        "x,\"Tôi muốn khai sinh cho con?\",\"['https://a/?ma_thu_tuc=1.001193', "
        "'https://a/?ma_thu_tuc=2.000528']\"\n"
        "y,\"TÔI MUỐN KHAI SINH CHO CON?\",['https://a/?ma_thu_tuc=1.000689']\n";
    struct import_report rep;
    struct asst_faq_entry *e = NULL;
    size_t n = 0;
    (void)state;
    import_report_init(&rep);
    assert_int_equal(asst_faq_read_csv_mem(csv, strlen(csv), &rep, &e, &n), MC_OK);
    assert_int_equal(n, 1);   /* the same question folded: merged */
    assert_int_equal(e[0].ncodes, 3);
    assert_string_equal(e[0].codes[1], "2.000528");
    assert_int_equal(e[0].nquestions, 2);
    for (size_t i = 0; i < n; i++)
        asst_faq_entry_release(&e[i]);
    free(e);
    import_report_release(&rep);
}

static void test_faq_csv_official_answers_drop_prefix(void **state)
{
    static const char csv[] =
        "\xEF\xBB\xBFmain_topic,question,answer,source_link\n"
        "BHYT,Câu hỏi Câu hỏi 1 :Bảo hiểm y tế là gì?,Là bảo hiểm bắt buộc.,u\n"
        "BHYT,Bảo hiểm y tế là gì?,Là bảo hiểm bắt buộc.,u\n";
    struct import_report rep;
    struct asst_faq_entry *e = NULL;
    size_t n = 0;
    (void)state;
    import_report_init(&rep);
    assert_int_equal(asst_faq_read_csv_mem(csv, strlen(csv), &rep, &e, &n), MC_OK);
    assert_int_equal(n, 1);
    assert_string_equal(e[0].questions[0], "Bảo hiểm y tế là gì?");
    assert_string_equal(e[0].answer, "Là bảo hiểm bắt buộc.");
    assert_string_equal(e[0].topic, "BHYT");
    for (size_t i = 0; i < n; i++)
        asst_faq_entry_release(&e[i]);
    free(e);
    import_report_release(&rep);
}

static void test_faq_csv_rejects_empty_question(void **state)
{
    static const char csv[] = "question,answer\n,\"trả lời\"\nhỏi gì đó,\n";
    struct import_report rep;
    struct asst_faq_entry *e = NULL;
    size_t n = 0;
    (void)state;
    import_report_init(&rep);
    assert_int_equal(asst_faq_read_csv_mem(csv, strlen(csv), &rep, &e, &n), MC_OK);
    assert_int_equal(rep.rejected, 1);
    assert_int_equal(rep.nerrors, 1);
    assert_non_null(strstr(rep.errors[0], "dòng 2"));
    for (size_t i = 0; i < n; i++)
        asst_faq_entry_release(&e[i]);
    free(e);
    import_report_release(&rep);
}

static void test_faq_save_merges_and_counts(void **state)
{
    struct db *db = NULL;
    struct asst_faq_entry e;
    int64_t id1 = 0, id2 = 0, count = 0;
    (void)state;
    assert_int_equal(db_open("sqlite::memory:", &db), MC_OK);
    assert_int_equal(db_migrate(db, NULL), MC_OK);
    asst_faq_entry_init(&e);
    asst_faq_entry_add_question(&e, "Hỏi A?");
    asst_faq_entry_add_code(&e, "1.001193");
    assert_int_equal(asst_faq_save(db, &TEST_ACTOR, &e, "admin", &id1), MC_OK);
    e.answer = strdup("Đáp A.");
    assert_int_equal(asst_faq_save(db, &TEST_ACTOR, &e, "admin", &id2), MC_OK);
    assert_int_equal(id1, id2);
    assert_int_equal(asst_faq_count(db, &count), MC_OK);
    assert_int_equal(count, 1);
    assert_int_equal(audit_count(db, "assistant.faq_save", &count), MC_OK);
    assert_int_equal(count, 2);
    asst_faq_entry_release(&e);
    db_close(db);
}

struct order_seen {
    char questions[4][64];
    char codes[4][16];
    size_t nq, nc;
};

static enum mc_status remember_order(void *ctx, const struct asst_faq_entry *e)
{
    struct order_seen *o = ctx;
    for (size_t i = 0; i < e->nquestions && i < 4; i++)
        snprintf(o->questions[i], sizeof(o->questions[i]), "%s", e->questions[i]);
    for (size_t i = 0; i < e->ncodes && i < 4; i++)
        snprintf(o->codes[i], sizeof(o->codes[i]), "%s", e->codes[i]);
    o->nq = e->nquestions;
    o->nc = e->ncodes;
    return MC_OK;
}

/* An update rewrites a row in place on SQLite and at the end of the table on
   PostgreSQL: the storage order of rows is no order at all. */
static const struct db_query Q_TOUCH_FIRST = {
    "test.faq_touch_first",
    "UPDATE assistant_faq_questions SET question = question"
    " WHERE question = 'Xin cấp lại hộ chiếu?'",
};

/* Questions and links come back in the order written, a merge appends (both backends). */
static void test_faq_keeps_the_order_written(void **state)
{
    struct test_db t;
    struct asst_faq_entry e;
    struct order_seen seen = {0};
    (void)state;
    assert_int_equal(test_db_open(&t, "faq-order"), 0);
    asst_faq_entry_init(&e);
    asst_faq_entry_add_question(&e, "Xin cấp lại hộ chiếu?");   /* not in key order */
    asst_faq_entry_add_question(&e, "Cấp lại hộ chiếu ở đâu?");
    asst_faq_entry_add_code(&e, "2.000528");
    asst_faq_entry_add_code(&e, "1.001193");
    assert_int_equal(asst_faq_save(t.db, &TEST_ACTOR, &e, "admin", NULL), MC_OK);
    assert_int_equal(db_run(t.db, &Q_TOUCH_FIRST, NULL, ""), MC_OK);
    asst_faq_entry_release(&e);
    asst_faq_entry_init(&e);
    asst_faq_entry_add_question(&e, "Xin cấp lại hộ chiếu?");
    asst_faq_entry_add_question(&e, "Ai được cấp lại hộ chiếu?");
    asst_faq_entry_add_code(&e, "1.000689");
    assert_int_equal(asst_faq_save(t.db, &TEST_ACTOR, &e, "admin", NULL), MC_OK);
    assert_int_equal(asst_faq_each(t.db, remember_order, &seen), MC_OK);
    assert_int_equal(seen.nq, 3);
    assert_string_equal(seen.questions[0], "Xin cấp lại hộ chiếu?");
    assert_string_equal(seen.questions[1], "Cấp lại hộ chiếu ở đâu?");
    assert_string_equal(seen.questions[2], "Ai được cấp lại hộ chiếu?");
    assert_int_equal(seen.nc, 3);
    assert_string_equal(seen.codes[0], "2.000528");
    assert_string_equal(seen.codes[1], "1.001193");
    assert_string_equal(seen.codes[2], "1.000689");
    asst_faq_entry_release(&e);
    test_db_close(&t);
}

/* ---------------------------------------------------------------- answers */

static void test_answer_documents_without_diacritics(void **state)
{
    struct db *db = demo_db();
    struct asst_reply r;
    (void)state;
    ask(db, "lam giay khai sinh can giay to gi", "s1", &r);
    assert_int_equal(r.intent, ASST_INTENT_DOCUMENTS);
    assert_string_equal(r.outcome, "answer");
    assert_string_equal(r.procs[0].code, "1.001193");
    assert_non_null(strstr(buf_cstr(&r.answer), "Giấy chứng sinh"));
    assert_string_equal(r.actions[0].url, "/thu-tuc/1.001193");
    assert_true(r.log_id > 0);
    asst_reply_release(&r);
    assistant_shutdown();
    db_close(db);
}

static void test_answer_fee_and_time_are_the_catalogue_numbers(void **state)
{
    struct db *db = demo_db();
    struct asst_reply r;
    (void)state;
    ask(db, "Đổi giấy phép lái xe hết bao nhiêu tiền?", "s2", &r);
    assert_int_equal(r.intent, ASST_INTENT_FEE);
    assert_non_null(strstr(buf_cstr(&r.answer), "135.000 đồng"));
    bool submit = false;
    for (size_t i = 0; i < r.nactions; i++)
        submit = submit || strcmp(r.actions[i].type, "submit") == 0;
    assert_true(submit);
    asst_reply_release(&r);
    ask(db, "doi bang lai xe mat may ngay", "s2", &r);
    assert_int_equal(r.intent, ASST_INTENT_TIME);
    assert_non_null(strstr(buf_cstr(&r.answer), "5 ngày làm việc"));
    asst_reply_release(&r);
    assistant_shutdown();
    db_close(db);
}

static void test_unknown_question_hands_off(void **state)
{
    struct db *db = demo_db();
    struct asst_reply r;
    struct asst_handoff_result res;
    struct form_errors errs = {0};
    int64_t n = -1;
    (void)state;
    ask(db, "con cá vàng nhà tôi ăn gì", "s3", &r);
    assert_string_equal(r.outcome, "handoff");
    assert_string_equal(r.actions[r.nactions - 1].type, "handoff");
    asst_reply_release(&r);
    /* Without an account the feedback module wants a name, a contact and its code. */
    struct asst_handoff h = {.session = "s3", .address = "127.0.0.1"};
    assert_int_equal(asst_handoff_create(db, &TEST_ACTOR, &h, &errs, &res), MC_ERR_INVALID);
    assert_true(errs.count > 0);
    assert_string_equal(res.code, "");
    /* A session with nothing asked has nothing to hand over. */
    struct form_errors none = {0};
    struct asst_handoff empty = {.session = "never-asked", .sender_name = "An",
                                 .contact = "an@example.vn", .otp = "123456"};
    assert_int_equal(asst_handoff_create(db, &TEST_ACTOR, &empty, &none, &res),
                     MC_ERR_INVALID);
    assert_string_equal(none.items[0].field, "question");
    static const struct db_query count = {"test.handoffs", "SELECT COUNT(*) FROM feedback"};
    assert_int_equal(db_get_int(db, &count, &n, ""), MC_OK);
    assert_int_equal(n, 0);
    assistant_shutdown();
    db_close(db);
}

static void test_dossier_check_is_found_apart_from_codes(void **state)
{
    struct db *db = demo_db();
    struct asst_reply r;
    (void)state;
    /* A code without its check asks for the check, and remembers the code. */
    ask(db, "tra cứu hồ sơ T20.STP-250303-0001", "s9", &r);
    assert_int_equal(r.intent, ASST_INTENT_STATUS);
    assert_non_null(strstr(buf_cstr(&r.answer), "4 chữ số cuối"));
    assert_string_equal(r.actions[0].url, "/tra-cuu?ma=T20.STP-250303-0001");
    asst_reply_release(&r);
    /* The check alone, in the same session: looked up; unknown = neutral. */
    ask(db, "5678", "s9", &r);
    assert_int_equal(r.intent, ASST_INTENT_STATUS);
    assert_non_null(strstr(buf_cstr(&r.answer), "Không tìm thấy hồ sơ"));
    assert_string_equal(r.actions[0].url, "/tra-cuu?ma=T20.STP-250303-0001");
    asst_reply_release(&r);
    /* Another session knows nothing of it. */
    ask(db, "5678", "s10", &r);
    assert_int_not_equal(r.intent, ASST_INTENT_STATUS);
    asst_reply_release(&r);
    ask(db, "hồ sơ của tôi đến đâu rồi", "s11", &r);
    assert_string_equal(r.actions[0].url, "/tra-cuu");
    asst_reply_release(&r);
    assistant_shutdown();
    db_close(db);
}

static void test_llm_faithful_keeps_numbers_and_links(void **state)
{
    const char *orig = "Lệ phí: 8.000 đồng.\nThời gian: 3 ngày làm việc.\n"
                       "Xem /thu-tuc/2.000635 hoặc https://dichvucong.gov.vn/p.";
    (void)state;
    assert_true(asst_llm_faithful(orig, "Dạ, lệ phí là 8.000 đồng, giải quyết trong 3 ngày "
                                        "làm việc. Chi tiết: /thu-tuc/2.000635, "
                                        "https://dichvucong.gov.vn/p"));
    /* A number dropped, changed or added; a link dropped or added. */
    assert_false(asst_llm_faithful(orig, "Lệ phí 8.000 đồng. /thu-tuc/2.000635 "
                                         "https://dichvucong.gov.vn/p"));
    assert_false(asst_llm_faithful(orig, "Lệ phí 8000 đồng, 3 ngày. /thu-tuc/2.000635 "
                                         "https://dichvucong.gov.vn/p"));
    assert_false(asst_llm_faithful(orig, "Lệ phí 8.000 đồng, 3 ngày, gọi 113. "
                                         "/thu-tuc/2.000635 https://dichvucong.gov.vn/p"));
    assert_false(asst_llm_faithful(orig, "Lệ phí 8.000 đồng, 3 ngày. /thu-tuc/2.000635"));
    assert_false(asst_llm_faithful(orig, "Lệ phí 8.000 đồng, 3 ngày. /thu-tuc/2.000635 "
                                         "https://dichvucong.gov.vn/p http://lua.dao/x"));
    assert_false(asst_llm_faithful(orig, "   "));
    assert_false(asst_llm_faithful("Xin chào.", "\xff\xfe"));
}

static void test_log_holds_no_personal_numbers(void **state)
{
    struct db *db = demo_db();
    struct asst_reply r;
    struct buf q;
    (void)state;
    ask(db, "so cccd cua toi la 012345678901 lam lai the nao", "s4", &r);
    buf_init(&q, BUF_MAX_SMALL);
    assert_int_equal(asst_log_question(db, r.log_id, &q), MC_OK);
    assert_null(strstr(buf_cstr(&q), "012345678901"));
    assert_non_null(strstr(buf_cstr(&q), "***"));
    buf_release(&q);
    asst_reply_release(&r);
    assistant_shutdown();
    db_close(db);
}

static void test_review_groups_and_satisfaction(void **state)
{
    struct db *db = demo_db();
    struct asst_reply r;
    struct asst_review rv;
    (void)state;
    ask(db, "con cá vàng ăn gì", "s5", &r);
    asst_reply_release(&r);
    ask(db, "con ca vang an gi vay", "s5", &r);
    asst_reply_release(&r);
    ask(db, "lam giay khai sinh can giay to gi", "s5", &r);
    assert_int_equal(assistant_rate(db, r.log_id, "s5", true), MC_OK);
    assert_int_equal(assistant_rate(db, r.log_id, "other", true), MC_ERR_NOT_FOUND);
    asst_reply_release(&r);
    asst_review_init(&rv);
    assert_int_equal(asst_review_load(db, 10, &rv), MC_OK);
    assert_int_equal(rv.n, 1);
    assert_int_equal(rv.groups[0].count, 2);
    assert_int_equal(rv.rated, 1);
    assert_int_equal(rv.helpful, 1);
    assert_int_equal(asst_review_resolve(db, &TEST_ACTOR, rv.groups[0].last_id), MC_OK);
    asst_review_release(&rv);
    asst_review_init(&rv);
    assert_int_equal(asst_review_load(db, 10, &rv), MC_OK);
    assert_int_equal(rv.n, 1);   /* only the exact same text was resolved */
    asst_review_release(&rv);
    assistant_shutdown();
    db_close(db);
}

/* Regression: an empty log made qsort() get a NULL array (UBSan stopped the server). */
static void test_review_of_an_empty_log(void **state)
{
    struct db *db = demo_db();
    struct asst_review rv;
    (void)state;
    asst_review_init(&rv);
    assert_int_equal(asst_review_load(db, 10, &rv), MC_OK);
    assert_int_equal(rv.n, 0);
    asst_review_release(&rv);
    assistant_shutdown();
    db_close(db);
}

static void test_admin_synonym_changes_answers(void **state)
{
    struct db *db = demo_db();
    struct asst_reply r;
    (void)state;
    ask(db, "bìa xanh nhà mới", "s6", &r);
    assert_string_not_equal(r.outcome, "answer");
    asst_reply_release(&r);
    assert_int_equal(asst_rule_add(db, &TEST_ACTOR, "synonym", "bìa xanh",
                                   "đăng ký thường trú"), MC_OK);
    ask(db, "bìa xanh nhà mới", "s6", &r);
    assert_string_equal(r.procs[0].code, "1.004222");
    asst_reply_release(&r);
    assistant_shutdown();
    db_close(db);
}

static void test_rejects_bad_messages(void **state)
{
    struct db *db = demo_db();
    struct asst_reply r;
    char big[ASST_MESSAGE_MAX + 2];
    (void)state;
    memset(big, 'a', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    const char *bad[] = {"", "   ", big, "\xff\xfe"};
    for (size_t i = 0; i < MC_ARRAY_LEN(bad); i++) {
        struct asst_request req = {bad[i], NULL, "test", NULL};
        asst_reply_init(&r);
        assert_int_equal(assistant_ask(db, &req, &r), MC_ERR_INVALID);
        asst_reply_release(&r);
    }
    assistant_shutdown();
    db_close(db);
}

/*
 * An index of no documents (an empty catalogue) finishes and scores
 * nothing; qsort() was handed its NULL array (found by fuzz/fuzz_api.c:
 * a question to the assistant of a platform with no procedures yet).
 */
static void test_empty_index_finishes(void **state)
{
    (void)state;
    struct asst_vocab v;
    struct asst_index ix;
    struct asst_query q = {.n = 0};
    float acc[1] = {0};
    asst_vocab_init(&v);
    asst_index_init(&ix, ASST_INDEX_BM25F, &v, 1, NULL);
    asst_index_finish(&ix, NULL);
    assert_int_equal(ix.ndocs, 0);
    asst_index_score(&ix, &q, acc);
    assert_true(acc[0] == 0.0f);
    asst_index_release(&ix);
    asst_vocab_release(&v);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty_index_finishes),
        cmocka_unit_test(test_folding_and_abbreviations),
        cmocka_unit_test(test_synonyms_add_catalogue_words),
        cmocka_unit_test(test_stopwords_keep_colliding_syllables),
        cmocka_unit_test(test_segmentation_finds_long_words),
        cmocka_unit_test(test_intents_with_and_without_diacritics),
        cmocka_unit_test(test_mask_removes_numbers_and_addresses),
        cmocka_unit_test(test_find_dossier_code),
        cmocka_unit_test(test_rule_validation),
        cmocka_unit_test(test_faq_csv_citizen_questions),
        cmocka_unit_test(test_faq_csv_official_answers_drop_prefix),
        cmocka_unit_test(test_faq_csv_rejects_empty_question),
        cmocka_unit_test(test_faq_save_merges_and_counts),
        cmocka_unit_test(test_faq_keeps_the_order_written),
        cmocka_unit_test(test_answer_documents_without_diacritics),
        cmocka_unit_test(test_answer_fee_and_time_are_the_catalogue_numbers),
        cmocka_unit_test(test_unknown_question_hands_off),
        cmocka_unit_test(test_dossier_check_is_found_apart_from_codes),
        cmocka_unit_test(test_llm_faithful_keeps_numbers_and_links),
        cmocka_unit_test(test_log_holds_no_personal_numbers),
        cmocka_unit_test(test_review_groups_and_satisfaction),
        cmocka_unit_test(test_review_of_an_empty_log),
        cmocka_unit_test(test_admin_synonym_changes_answers),
        cmocka_unit_test(test_rejects_bad_messages),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    asst_lexicon_release(lexicon());
    return rc;
}
