/* test_survey.c - unit tests for survey/survey.h: the options box parser,
 * reply checking with jumps, percentages, and the builder,
 * answering and results over a fresh database. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include "testdb.h"
#include "domain/accounts/account.h"
#include "core/clock.h"
#include "core/mem.h"
#include "domain/survey/survey.h"

static const struct audit_actor who = {0, "system", "test"};

static void test_option_line_parses_jumps(void **state)
{
    (void)state;
    char label[SURVEY_OPTION_MAX + 1];
    int skip = 99;
    const char *l1 = "  Chưa -> 4 ";
    assert_int_equal(survey_parse_option_line(l1, strlen(l1), label, sizeof(label), &skip),
                     MC_OK);
    assert_string_equal(label, "Chưa");
    assert_int_equal(skip, 4);
    const char *l2 = "Không → hết";
    assert_int_equal(survey_parse_option_line(l2, strlen(l2), label, sizeof(label), &skip),
                     MC_OK);
    assert_string_equal(label, "Không");
    assert_int_equal(skip, SURVEY_SKIP_END);
    const char *l3 = "Có -> câu 7";
    assert_int_equal(survey_parse_option_line(l3, strlen(l3), label, sizeof(label), &skip),
                     MC_OK);
    assert_int_equal(skip, 7);
    const char *l4 = "Người dân";
    assert_int_equal(survey_parse_option_line(l4, strlen(l4), label, sizeof(label), &skip),
                     MC_OK);
    assert_int_equal(skip, 0);
}

static void test_option_line_refuses_bad_targets(void **state)
{
    (void)state;
    char label[SURVEY_OPTION_MAX + 1];
    int skip = 0;
    const char *bad[] = {"-> 3", "Chưa -> ", "Chưa -> bốn", "Chưa -> 0", "Chưa -> 1000"};
    for (size_t i = 0; i < MC_ARRAY_LEN(bad); i++)
        assert_int_equal(survey_parse_option_line(bad[i], strlen(bad[i]), label,
                                                  sizeof(label), &skip),
                         MC_ERR_INVALID);
}

static void test_percent_uses_a_decimal_comma(void **state)
{
    (void)state;
    char s[16];
    survey_percent(2, 3, s, sizeof(s));
    assert_string_equal(s, "66,7%");
    survey_percent(1, 2, s, sizeof(s));
    assert_string_equal(s, "50%");
    survey_percent(0, 0, s, sizeof(s));
    assert_string_equal(s, "0%");
    survey_percent(3, 3, s, sizeof(s));
    assert_string_equal(s, "100%");
}

/* An in-memory survey: Q1 single (Có / Chưa -> 3), Q2 scale required, Q3 text required. */
static void build_memory_survey(struct survey *s)
{
    survey_init(s);
    s->id = 1;
    s->nq = 3;
    s->questions = xcalloc(3, sizeof(*s->questions));
    static const enum survey_kind kinds[] = {SURVEY_SINGLE, SURVEY_SCALE, SURVEY_TEXT};
    for (size_t i = 0; i < 3; i++) {
        struct survey_question *q = &s->questions[i];
        q->id = (int64_t)(10 + i);
        q->position = (int)i + 1;
        q->kind = kinds[i];
        q->text = xstrdup("câu hỏi");
        q->help = xstrdup("");
        q->required = true;
        snprintf(q->field, sizeof(q->field), "q%lld", (long long)q->id);
    }
    struct survey_question *q1 = &s->questions[0];
    q1->nopts = 2;
    q1->options = xcalloc(2, sizeof(*q1->options));
    q1->options[0] = (struct survey_option){100, 1, xstrdup("Có"), 0};
    q1->options[1] = (struct survey_option){101, 2, xstrdup("Chưa"), 3};
}

static void test_reply_follows_the_jump(void **state)
{
    (void)state;
    struct survey s;
    struct survey_checked c;
    struct form_errors errs = {0};
    build_memory_survey(&s);
    survey_checked_init(&c);
    /* "Chưa" jumps to Q3: the required Q2 is skipped, its answer dropped. */
    struct survey_reply_item items[] = {{10, "101"}, {11, "5"}, {12, "góp ý"}};
    struct survey_reply r = {items, 3};
    assert_int_equal(survey_check_reply(&s, &r, &c, &errs), MC_OK);
    assert_int_equal(c.n, 2);
    assert_true(c.skipped[1]);
    assert_int_equal(c.items[0].option_id, 101);
    assert_string_equal(c.items[1].text, "góp ý");
    /* "Có" goes on: the required Q2 must be answered. */
    struct survey_reply_item items2[] = {{10, "100"}, {12, "x"}};
    struct survey_reply r2 = {items2, 2};
    assert_int_equal(survey_check_reply(&s, &r2, &c, &errs), MC_ERR_INVALID);
    assert_int_equal(errs.count, 1);
    assert_string_equal(errs.items[0].field, "q11");
    survey_checked_release(&c);
    survey_release(&s);
}

static void test_reply_refuses_foreign_and_double_choices(void **state)
{
    (void)state;
    struct survey s;
    struct survey_checked c;
    build_memory_survey(&s);
    survey_checked_init(&c);
    struct form_errors e1 = {0}, e2 = {0}, e3 = {0};
    struct survey_reply_item two[] = {{10, "100"}, {10, "101"}, {11, "3"}, {12, "x"}};
    struct survey_reply r1 = {two, 4};
    assert_int_equal(survey_check_reply(&s, &r1, &c, &e1), MC_ERR_INVALID);
    struct survey_reply_item foreign[] = {{10, "999"}, {11, "3"}, {12, "x"}};
    struct survey_reply r2 = {foreign, 3};
    assert_int_equal(survey_check_reply(&s, &r2, &c, &e2), MC_ERR_INVALID);
    struct survey_reply_item unknown[] = {{77, "1"}};
    struct survey_reply r3 = {unknown, 1};
    assert_int_equal(survey_check_reply(&s, &r3, &c, &e3), MC_ERR_INVALID);
    assert_string_equal(e3.items[0].field, "answers");
    survey_checked_release(&c);
    survey_release(&s);
}

/* ---------------------------------------------------------------- with a database */

static int64_t add_admin(struct db *db, const char *login, const char *agency, unsigned roles,
                         struct user *u)
{
    int64_t id = 0;
    assert_int_equal(account_add_staff(db, login, "Cán bộ", "la-xanh-2026", agency, roles, &who,
                                       &id), MC_OK);
    assert_int_equal(account_load(db, id, u), MC_OK);
    return id;
}

static void test_build_answer_and_count(void **state)
{
    (void)state;
    struct test_db t;
    struct user admin, other;
    struct form_errors errs = {0};
    struct survey s;
    struct survey_results res;
    int64_t id = 0, rid = 0;
    clock_set(1772416800, 0);   /* 2026-03-02T09:00:00+07:00 */
    assert_int_equal(test_db_open(&t, "survey"), 0);
    add_admin(t.db, "tinh", "", ROLE_PROVINCE_ADMIN, &admin);
    add_admin(t.db, "cv", "", ROLE_PROCESSING, &other);
    struct survey_settings set = {.title = "Khảo sát", .opens = "2026-03-01",
                                  .closes = "2026-03-31", .one_per_person = true};
    assert_int_equal(survey_create(t.db, &other, &set, &who, &errs, &id), MC_ERR_FORBIDDEN);
    assert_int_equal(survey_create(t.db, &admin, &set, &who, &errs, &id), MC_OK);
    struct survey_question_input q1 = {"single", "Bạn là", "", "Người dân\nDoanh nghiệp -> hết",
                                       true, true};
    struct survey_question_input q2 = {"scale", "Điểm", "", "", true, false};
    assert_int_equal(survey_question_save(t.db, &admin, id, 0, &q1, &who, &errs), MC_OK);
    assert_int_equal(survey_question_save(t.db, &admin, id, 0, &q2, &who, &errs), MC_OK);
    assert_int_equal(survey_publish(t.db, &admin, id, &who, &errs), MC_OK);
    assert_int_equal(survey_question_save(t.db, &admin, id, 0, &q2, &who, &errs),
                     MC_ERR_CONFLICT);
    survey_init(&s);
    assert_int_equal(survey_get(t.db, id, &s), MC_OK);
    assert_int_equal(s.nq, 2);
    assert_int_equal(s.questions[0].options[1].skip_to, SURVEY_SKIP_END);
    char o1[24], o2[24];
    snprintf(o1, sizeof(o1), "%lld", (long long)s.questions[0].options[0].id);
    snprintf(o2, sizeof(o2), "%lld", (long long)s.questions[0].options[1].id);
    struct survey_reply_item a[] = {{s.questions[0].id, o1}, {s.questions[1].id, "4"}};
    struct survey_reply_item b[] = {{s.questions[0].id, o2}};
    struct survey_respondent pa = {.key = "browser-a", .address = "10.0.0.1", .channel = "web"};
    struct survey_respondent pb = {.key = "browser-b", .address = "10.0.0.1", .channel = "api"};
    struct survey_reply ra = {a, 2}, rb = {b, 1};
    assert_int_equal(survey_respond(t.db, &s, &ra, &pa, &who, &errs, &rid), MC_OK);
    assert_int_equal(survey_respond(t.db, &s, &ra, &pa, &who, &errs, &rid), MC_ERR_CONFLICT);
    assert_int_equal(survey_respond(t.db, &s, &rb, &pb, &who, &errs, &rid), MC_OK);
    survey_results_init(&res);
    assert_int_equal(survey_results(t.db, &s, NULL, &res), MC_OK);
    assert_int_equal(res.responses, 2);
    assert_int_equal(res.q[0].answered, 2);
    assert_int_equal(res.q[0].counts[0], 1);
    assert_int_equal(res.q[0].counts[1], 1);
    assert_int_equal(res.q[1].answered, 1);
    assert_int_equal(res.q[1].counts[3], 1);
    struct survey_filter f = {.group_option = s.questions[0].options[1].id};
    assert_int_equal(survey_results(t.db, &s, &f, &res), MC_OK);
    assert_int_equal(res.responses, 1);
    struct buf csv;
    buf_init(&csv, BUF_MAX_SMALL);
    assert_int_equal(survey_export_csv(t.db, &s, NULL, &csv), MC_OK);
    assert_non_null(strstr(buf_cstr(&csv), "STT,Thời gian,Cơ quan,Kênh,Câu 1. Bạn là,Câu 2. Điểm"));
    assert_non_null(strstr(buf_cstr(&csv), ",Người dân,4\r\n"));
    buf_release(&csv);
    assert_int_equal(survey_close(t.db, &admin, id, &who), MC_OK);
    survey_release(&s);
    assert_int_equal(survey_get(t.db, id, &s), MC_OK);
    struct survey_respondent pc = {.key = "browser-c", .address = "10.0.0.2", .channel = "web"};
    assert_int_equal(survey_respond(t.db, &s, &ra, &pc, &who, &errs, &rid), MC_ERR_CONFLICT);
    int64_t audits = 0;
    assert_int_equal(audit_count(t.db, "survey.respond", &audits), MC_OK);
    assert_int_equal(audits, 2);
    survey_results_release(&res);
    survey_release(&s);
    test_db_close(&t);
    clock_set(-1, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_option_line_parses_jumps),
        cmocka_unit_test(test_option_line_refuses_bad_targets),
        cmocka_unit_test(test_percent_uses_a_decimal_comma),
        cmocka_unit_test(test_reply_follows_the_jump),
        cmocka_unit_test(test_reply_refuses_foreign_and_double_choices),
        cmocka_unit_test(test_build_answer_and_count),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
