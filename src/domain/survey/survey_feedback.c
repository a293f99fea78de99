/*
 * survey_feedback.c - a survey admin turns a free-text answer into a
 * feedback item (see survey.h, survey_answer_to_feedback).
 */
#include <stdio.h>
#include <string.h>
#include "core/buf.h"
#include "domain/feedback/feedback.h"
#include "domain/survey/survey.h"

/* The answer's text, question, link agency and respondent's name ("" anonymous). */
static const struct db_query Q_ANSWER = {
    "survey.answer_for_feedback",
    "SELECT a.text, q.text, COALESCE(r.agency_code, ''), COALESCE(u.full_name, ''),"
    " COALESCE(r.user_id, 0) FROM survey_answers a"
    " JOIN survey_questions q ON q.id = a.question_id"
    " JOIN survey_responses r ON r.id = a.response_id"
    " LEFT JOIN users u ON u.id = r.user_id"
    " WHERE a.id = ?1 AND r.survey_id = ?2 AND q.kind = 'text' AND a.text IS NOT NULL",
};

enum mc_status survey_answer_to_feedback(struct db *db, const struct user *u,
                                         const struct audit_actor *who, int64_t survey_id,
                                         int64_t answer_id, const char *agency,
                                         struct form_errors *errs, char *code, bool *created)
{
    struct survey s;
    struct db_stmt *st = NULL;
    struct buf title, body, ref;
    char to[128] = "", name[256] = "";
    enum mc_status rc;
    survey_init(&s);
    buf_init(&title, BUF_MAX_SMALL);
    buf_init(&body, BUF_MAX_SMALL);
    buf_init(&ref, BUF_MAX_SMALL);
    *created = false;
    code[0] = '\0';
    if ((rc = survey_get(db, survey_id, &s)) != MC_OK)
        goto out;
    rc = MC_ERR_FORBIDDEN;
    if (!survey_may_manage(u, s.agency_code))
        goto out;
    rc = db_get_row(db, &Q_ANSWER, &st, "ii", answer_id, survey_id);
    if (rc == MC_OK) {
        size_t n = strlen(s.title) < 160 ? strlen(s.title) : 160;
        while (n > 0 && ((unsigned char)s.title[n] & 0xC0) == 0x80)
            n--;   /* cut before a whole character */
        buf_addf(&title, "Ý kiến khảo sát: %.*s", (int)n, s.title);
        buf_addf(&body, "Ý kiến trả lời câu hỏi «%s» của phiếu khảo sát «%s»:\n\n%s",
                 db_col_text(st, 1), s.title, db_col_text(st, 0));
        snprintf(to, sizeof(to), "%s", db_col_text(st, 2));
        snprintf(name, sizeof(name), "%s", db_col_text(st, 3));
    }
    db_done(st);
    if (rc != MC_OK)
        goto out;
    if (!to[0])
        snprintf(to, sizeof(to), "%s", s.agency_code[0] ? s.agency_code : agency ? agency : "");
    buf_addf(&ref, "answer:%lld", (long long)answer_id);
    {
        struct feedback_submission f = {
            .kind = "phan_anh", .category = "gop_y", .title = buf_cstr(&title),
            .body = buf_cstr(&body), .agency_code = to[0] ? to : NULL,
            .sender_name = name[0] ? name : "Người trả lời phiếu khảo sát",
            .consent_publish = true, .on_behalf_by = u->id, .verbal_consent = false,
            .source = "survey", .source_ref = buf_cstr(&ref)};
        rc = feedback_file_from(db, &f, who, errs, code, created);
    }
out:
    buf_release(&ref);
    buf_release(&body);
    buf_release(&title);
    survey_release(&s);
    return rc;
}
