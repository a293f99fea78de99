/*
 * feedback_takeup.c - items filed from what citizens said elsewhere (a
 * "Không hài lòng" rating, a survey answer), and what was taken up as a
 * result ("đã tiếp thu"); see feedback.h and docs/internals/feedback.md.
 */
#include <stdio.h>
#include <string.h>
#include "core/clock.h"
#include "core/text.h"
#include "domain/calendar/date.h"
#include "domain/feedback/feedback-int.h"

static const struct db_query Q_BY_SOURCE = {
    "feedback.by_source",
    "SELECT code FROM feedback WHERE source = ?1 AND source_ref = ?2 ORDER BY id LIMIT 1",
};
static const struct db_query Q_TAKE_UP = {
    "feedback.take_up",
    "UPDATE feedback SET taken_up_change = ?2, taken_up_at = ?3, taken_up_by = ?4,"
    " updated_at = ?5 WHERE id = ?1",
};
static const struct db_query Q_TAKE_UP_EVENT = {
    "feedback.take_up_event",
    "INSERT INTO feedback_events (feedback_id, at, kind, actor_id, note)"
    " VALUES (?1, ?2, 'taken_up', ?3, ?4)",
};

enum mc_status feedback_file_from(struct db *db, const struct feedback_submission *s,
                                  const struct audit_actor *who, struct form_errors *errs,
                                  char code[FEEDBACK_CODE_SIZE], bool *created)
{
    char token[FEEDBACK_TOKEN_SIZE];
    enum mc_status rc = MC_ERR_INVALID;
    *created = false;
    code[0] = '\0';
    if (!s->source || !*s->source || !s->source_ref || !*s->source_ref)
        goto out;
    rc = db_get_text(db, &Q_BY_SOURCE, code, FEEDBACK_CODE_SIZE, "ss", s->source, s->source_ref);
    if (rc != MC_ERR_NOT_FOUND)
        goto out;
    rc = feedback_submit(db, s, who, NULL, errs, code, token);
    *created = rc == MC_OK;
out:
    return rc;
}

struct take_ctx {
    const struct feedback_item *it;
    const char *change;
    int64_t day;
    const struct audit_actor *who;
    int64_t actor;
};

static enum mc_status take_tx(struct db *db, void *arg)
{
    struct take_ctx *c = arg;
    int64_t now = clock_now();
    enum mc_status rc = db_run(db, &Q_TAKE_UP, NULL, "isiii", c->it->id, c->change, c->day,
                               c->actor, now);
    if (rc == MC_OK)
        rc = db_run(db, &Q_TAKE_UP_EVENT, NULL, "iiis", c->it->id, now, c->actor, c->change);
    return audit_record_if(rc, db, c->who, "feedback.take_up", NULL, "feedback:%s", c->it->code);
}

/* Characters (code points) of valid UTF-8 s. */
static size_t chars_of(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

/* Check the note and the day; the reasons go to errs. */
static void check_take_up(const char *change, const char *day, int64_t *at,
                          struct form_errors *errs)
{
    const char *msg = NULL;
    const char *p = change;
    size_t len = change ? strlen(change) : 0;
    int32_t d = 0;
    text_trim(&p, &len);
    if (len == 0)
        form_errors_add(errs, "taken_up_change", "vui lòng ghi điều đã thay đổi nhờ ý kiến này");
    else if (!text_utf8_valid(change, strlen(change)))
        form_errors_add(errs, "taken_up_change", "nội dung có ký tự không hợp lệ");
    else if (len < 10 || chars_of(change) > FEEDBACK_TAKEN_UP_MAX)
        form_errors_add(errs, "taken_up_change", "nội dung tiếp thu phải có từ 10 đến 2.000 ký tự");
    else if (feedback_has_markup(change))
        form_errors_add(errs, "taken_up_change", "nội dung không được chứa mã HTML hay mã lệnh");
    else if (feedback_redaction_check(change, &msg) != MC_OK)
        form_errors_add(errs, "taken_up_change", msg);
    if (!day || calendar_date_parse(day, &d) != MC_OK)
        form_errors_add(errs, "taken_up_date", "ngày tiếp thu phải có dạng NNNN-TT-NN");
    else if (d > calendar_date_of(clock_now()))
        form_errors_add(errs, "taken_up_date", "ngày tiếp thu không được sau hôm nay");
    else
        *at = calendar_time_at(d, 0);
}

enum mc_status feedback_take_up(struct db *db, const struct user *u, const char *code,
                                const char *change, const char *day,
                                const struct audit_actor *who, struct form_errors *errs)
{
    struct feedback_item it;
    struct take_ctx c = {&it, change, 0, who, u ? u->id : 0};
    enum mc_status rc;
    feedback_item_init(&it);
    rc = feedback_get_staff(db, u, code, &it);
    if (rc != MC_OK)
        goto out;
    rc = MC_ERR_FORBIDDEN;
    if (!(u->roles & ROLE_PROVINCE_ADMIN) && !feedback_may(u, &it, FEEDBACK_PUBLISH))
        goto out;
    rc = MC_ERR_CONFLICT;
    if (strcmp(it.status, "answered") != 0 && strcmp(it.status, "published") != 0)
        goto out;
    check_take_up(change, day, &c.day, errs);
    rc = MC_ERR_INVALID;
    if (errs->count)
        goto out;
    rc = db_tx(db, take_tx, &c);
out:
    feedback_item_release(&it);
    return rc;
}
