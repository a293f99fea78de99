/*
 * survey_demo.c - the example survey of `motcua demo`: "Bạn đã biết sử
 * dụng dịch vụ công trực tuyến chưa?", built by the province admin with a
 * jump (question 3 "Chưa" skips to question 6), a 1-5 scale, a free-text
 * question and two respondent-group questions, published for a year, with
 * a dozen sample responses so the results page has a chart to show.
 */
#include <stdio.h>
#include <stdlib.h>
#include "domain/survey/survey.h"
#include "core/clock.h"
#include "core/log.h"

static const struct db_query Q_ANY = {
    "survey.demo_any",
    "SELECT COUNT(*) FROM surveys",
};

static const struct survey_question_input questions[] = {
    {"single", "Bạn là", "Dùng để xem kết quả theo từng nhóm.",
     "Người dân\nDoanh nghiệp, hộ kinh doanh\nCán bộ, công chức", true, true},
    {"single", "Bạn thuộc nhóm tuổi nào?", "",
     "Dưới 30 tuổi\nTừ 30 đến 59 tuổi\nTừ 60 tuổi trở lên", false, true},
    {"single", "Bạn đã biết sử dụng dịch vụ công trực tuyến chưa?", "",
     "Đã biết và đã nộp hồ sơ trực tuyến\nĐã biết nhưng chưa nộp hồ sơ nào\nChưa -> 6",
     true, false},
    {"multiple", "Bạn đã dùng dịch vụ công trực tuyến cho việc gì?", "Chọn tất cả các việc "
     "đã làm.", "Đăng ký khai sinh, khai tử, kết hôn\nĐăng ký thường trú, tạm trú\nĐổi giấy "
     "phép lái xe\nThủ tục hộ kinh doanh, doanh nghiệp\nViệc khác", false, false},
    {"scale", "Bạn hài lòng thế nào với dịch vụ công trực tuyến?",
     "1 là rất không hài lòng, 5 là rất hài lòng.", "", true, false},
    {"multiple", "Điều gì khiến bạn chưa nộp hồ sơ trực tuyến, hoặc còn thấy khó?", "",
     "Không biết cách làm\nKhông có điện thoại thông minh hoặc mạng\nLo ngại lộ thông tin cá "
     "nhân\nMuốn gặp trực tiếp cán bộ\nKhông thấy khó khăn gì", false, false},
    {"single", "Bạn có muốn Tổ công nghệ số cộng đồng hướng dẫn tận nhà không?", "",
     "Có\nKhông", false, false},
    {"text", "Bạn có góp ý gì để dịch vụ công trực tuyến tốt hơn?", "", "", false, false},
};

/* A sample response: per question the chosen option numbers ("1", "2,4"),
 * the scale value, or the text; "" = no answer. */
struct sample {
    const char *agency;
    const char *a[MC_ARRAY_LEN(questions)];
};

static const struct sample samples[] = {
    {"T20.TTPVHCC", {"1", "1", "1", "1,2", "5", "5", "2", "Nộp khai sinh cho con rất nhanh."}},
    {"T20.TTPVHCC", {"1", "2", "1", "2", "4", "5", "2", ""}},
    {"T20.TTPVHCC", {"1", "3", "3", "", "", "1,2", "1", "Mong có người hướng dẫn tận nơi."}},
    {"T20.STP", {"2", "2", "1", "4", "3", "3", "2", "Tải tệp còn chậm."}},
    {"T20.STP", {"1", "2", "2", "", "3", "1", "1", ""}},
    {"T20.STP", {"1", "3", "3", "", "", "2,4", "1", ""}},
    {"T20.SXD", {"2", "1", "1", "4,5", "4", "5", "2", ""}},
    {"T20.SXD", {"3", "2", "1", "1,3", "5", "5", "2", "Nên có video hướng dẫn."}},
    {"", {"1", "1", "2", "", "2", "1,3", "1", ""}},
    {"", {"1", "3", "3", "", "", "1,2,4", "1", ""}},
    {"", {"1", "2", "1", "3", "4", "5", "2", ""}},
    {"", {"2", "2", "2", "", "3", "3", "2", "Cần rõ hơn về lệ phí."}},
};

static enum mc_status build(struct db *db, const struct user *admin, int64_t *id)
{
    static const struct audit_actor who = {0, "system", "demo"};
    struct form_errors errs = {0};
    char opens[32], closes[32];
    int64_t now = clock_now();
    clock_format_iso(now, opens, sizeof(opens));
    clock_format_iso(now + 365 * 24 * 3600, closes, sizeof(closes));
    opens[10] = '\0';
    closes[10] = '\0';
    struct survey_settings set = {
        .title = "Bạn đã biết sử dụng dịch vụ công trực tuyến chưa?",
        .intro = "Ủy ban nhân dân tỉnh muốn biết người dân, doanh nghiệp đã dùng dịch vụ công "
                 "trực tuyến đến đâu và còn vướng mắc gì, để hướng dẫn và cải thiện. Khảo sát "
                 "gồm 8 câu, mất khoảng 2 phút, không hỏi tên hay số giấy tờ của bạn.",
        .agency_code = "", .opens = opens, .closes = closes, .one_per_person = true,
    };
    enum mc_status st = survey_create(db, admin, &set, &who, &errs, id);
    for (size_t i = 0; st == MC_OK && i < MC_ARRAY_LEN(questions); i++)
        st = survey_question_save(db, admin, *id, 0, &questions[i], &who, &errs);
    if (st == MC_OK)
        st = survey_publish(db, admin, *id, &who, &errs);
    if (st != MC_OK)
        log_error("demo survey: %s (%s)", mc_status_name(st),
                  errs.count ? errs.items[0].message : "-");
    return st;
}

/* Turn a sample into reply items (value strings live in vals). */
static size_t sample_reply(const struct survey *s, const struct sample *d,
                           struct survey_reply_item *items, char vals[][24], size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < s->nq && i < MC_ARRAY_LEN(questions); i++) {
        const struct survey_question *q = &s->questions[i];
        const char *a = d->a[i];
        if (!*a)
            continue;
        if (q->kind == SURVEY_SCALE || q->kind == SURVEY_TEXT) {
            items[n++] = (struct survey_reply_item){q->id, a};
            continue;
        }
        for (const char *p = a; *p && n < max; p++) {
            size_t k = (size_t)(*p - '1');
            if (*p < '1' || k >= q->nopts)
                continue;
            snprintf(vals[n], sizeof(vals[n]), "%lld", (long long)q->options[k].id);
            items[n] = (struct survey_reply_item){q->id, vals[n]};
            n++;
        }
    }
    return n;
}

static enum mc_status answer_samples(struct db *db, int64_t id)
{
    static const struct audit_actor who = {0, "system", "demo"};
    struct survey s;
    struct survey_reply_item items[40];
    char vals[40][24];
    enum mc_status st;
    survey_init(&s);
    st = survey_get(db, id, &s);
    for (size_t i = 0; st == MC_OK && i < MC_ARRAY_LEN(samples); i++) {
        struct form_errors errs = {0};
        char key[32];
        int64_t rid = 0;
        snprintf(key, sizeof(key), "demo-%zu", i);
        struct survey_reply r = {items, sample_reply(&s, &samples[i], items, vals, 40)};
        struct survey_respondent p = {.key = key, .address = key,
                                      .agency_code = samples[i].agency, .channel = "web"};
        st = survey_respond(db, &s, &r, &p, &who, &errs, &rid);
        if (st != MC_OK)
            log_error("demo survey response %zu: %s (%s)", i, mc_status_name(st),
                      errs.count ? errs.items[0].message : "-");
    }
    survey_release(&s);
    return st;
}

enum mc_status survey_seed_demo(struct db *db, const char *admin_login)
{
    struct user admin;
    int64_t n = 0, id = 0;
    enum mc_status st = db_get_int(db, &Q_ANY, &n, "");
    if (st != MC_OK || n > 0)
        return st;
    st = account_load_login(db, admin_login, &admin);
    if (st == MC_OK)
        st = build(db, &admin, &id);
    if (st == MC_OK)
        st = answer_samples(db, id);
    return st;
}
