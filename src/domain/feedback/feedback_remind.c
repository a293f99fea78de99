/*
 * feedback_remind.c - đôn đốc: reminders before and after the resolve
 * deadline, escalation to the agency's leader, and the agencies' feedback
 * contacts (see feedback.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include "domain/feedback/feedback-int.h"
#include "domain/accounts/ident.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/log.h"
#include "core/mem.h"
#include "domain/notify/notify.h"
#include "domain/units/unit.h"

#define REMIND_BATCH 500     /* items one round looks at */

/* feedback_remind: open items of an agency whose first reminder time passed. */
static const struct db_query Q_CANDIDATES = {
    "feedback.remind_candidates",
    "SELECT f.id, f.code, f.title, f.agency_code, f.due_resolve, f.remind_at,"
    " COALESCE(c.inbox_email, ''), COALESCE(c.leader_email, ''),"
    " EXISTS (SELECT 1 FROM feedback_reminders r WHERE r.feedback_id = f.id"
    "  AND r.kind = 'before'),"
    " EXISTS (SELECT 1 FROM feedback_reminders r WHERE r.feedback_id = f.id"
    "  AND r.kind = 'overdue'),"
    " EXISTS (SELECT 1 FROM feedback_reminders r WHERE r.feedback_id = f.id"
    "  AND r.kind = 'escalated')"
    " FROM feedback f LEFT JOIN feedback_contacts c ON c.agency_code = f.agency_code"
    " WHERE f.agency_code IS NOT NULL AND f.status IN ('received', 'assigned', 'drafted')"
    " AND f.remind_at <= ?1 ORDER BY f.due_resolve LIMIT ?2",
};
static const struct db_query Q_REMINDER_ADD = {
    "feedback.reminder_add",
    "INSERT INTO feedback_reminders (feedback_id, kind, sent_at) VALUES (?1, ?2, ?3)"
    " ON CONFLICT (feedback_id, kind) DO NOTHING",
};
static const struct db_query Q_CONTACTS_SET = {
    "feedback.contacts_set",
    "INSERT INTO feedback_contacts (agency_code, inbox_email, leader_email, updated_at)"
    " VALUES (?1, ?2, ?3, ?4) ON CONFLICT (agency_code) DO UPDATE SET"
    " inbox_email = excluded.inbox_email, leader_email = excluded.leader_email,"
    " updated_at = excluded.updated_at",
};

struct candidate {
    int64_t id;
    char code[FEEDBACK_CODE_SIZE];
    char title[FEEDBACK_TITLE_MAX + 1];
    char agency[64];
    char inbox[256], leader[256];
    int64_t due_resolve, remind_at;
    bool sent_before, sent_overdue, sent_escalated;
};

struct remind_ctx {
    const struct candidate *c;
    const char *kind;          /* 'before', 'overdue', 'escalated' */
    const char *to;            /* email or "" */
    bool sent;
};

static enum mc_status remind_tx(struct db *db, void *arg)
{
    struct remind_ctx *r = arg;
    const struct candidate *c = r->c;
    int64_t changes = 0;
    char due[32];
    struct buf body;
    enum mc_status st = db_run(db, &Q_REMINDER_ADD, &changes, "isi", c->id, r->kind,
                               clock_now());
    r->sent = st == MC_OK && changes == 1;
    if (!r->sent)
        return st;
    buf_init(&body, NOTIFY_BODY_MAX);
    feedback_format_time(c->due_resolve, due, sizeof(due));
    if (strcmp(r->kind, "before") == 0)
        buf_addf(&body, "Phản ánh, kiến nghị %s (\"%s\") đến hạn trả lời lúc %s. "
                 "Đề nghị cơ quan hoàn thành trả lời đúng hạn.\n", c->code, c->title, due);
    else if (strcmp(r->kind, "overdue") == 0)
        buf_addf(&body, "Phản ánh, kiến nghị %s (\"%s\") đã quá hạn trả lời (hạn %s). "
                 "Đề nghị cơ quan khẩn trương trả lời người dân.\n", c->code, c->title, due);
    else
        buf_addf(&body, "Kính gửi lãnh đạo cơ quan: phản ánh, kiến nghị %s (\"%s\") đã quá "
                 "hạn trả lời %d ngày làm việc (hạn %s). Đề nghị chỉ đạo xử lý ngay.\n",
                 c->code, c->title, FEEDBACK_ESCALATE_AFTER, due);
    if (r->to[0])
        st = notify_enqueue(db, NOTIFY_EMAIL, r->to,
                            strcmp(r->kind, "escalated") == 0
                                ? "Báo cáo lãnh đạo: phản ánh quá hạn"
                                : "Nhắc hạn trả lời phản ánh, kiến nghị",
                            buf_cstr(&body), "feedback.reminder");
    st = audit_record_if(st, db, NULL, "feedback.remind", r->kind, "feedback:%s", c->code);
    buf_release(&body);
    return st;
}

static enum mc_status load_candidates(struct db *db, struct candidate *out, size_t *n)
{
    struct db_stmt *st = NULL;
    *n = 0;
    enum mc_status rc = db_query_start(db, &Q_CANDIDATES, &st, "ii", clock_now(),
                                       (int64_t)REMIND_BATCH);
    while (db_next(st, &rc) && *n < REMIND_BATCH) {
        struct candidate *c = &out[(*n)++];
        c->id = db_col_int64(st, 0);
        db_col_copy(st, 1, c->code, sizeof(c->code));
        db_col_copy(st, 2, c->title, sizeof(c->title));
        db_col_copy(st, 3, c->agency, sizeof(c->agency));
        c->due_resolve = db_col_int64(st, 4);
        c->remind_at = db_col_int64(st, 5);
        db_col_copy(st, 6, c->inbox, sizeof(c->inbox));
        db_col_copy(st, 7, c->leader, sizeof(c->leader));
        c->sent_before = db_col_int64(st, 8) != 0;
        c->sent_overdue = db_col_int64(st, 9) != 0;
        c->sent_escalated = db_col_int64(st, 10) != 0;
    }
    db_done(st);
    return rc;
}

static enum mc_status send_reminder(struct db *db, const struct candidate *c,
                                    const char *kind, const char *to, int *sent)
{
    struct remind_ctx r = {.c = c, .kind = kind, .to = to};
    enum mc_status st = db_tx(db, remind_tx, &r);
    if (st == MC_OK && r.sent)
        (*sent)++;
    return st;
}

enum mc_status feedback_remind(struct db *db, int *sent)
{
    struct candidate *list = xcalloc(REMIND_BATCH, sizeof(*list));
    size_t n = 0;
    int count = 0;
    int64_t now = clock_now();
    enum mc_status st = load_candidates(db, list, &n);
    for (size_t i = 0; st == MC_OK && i < n; i++) {
        const struct candidate *c = &list[i];
        int64_t escalate_at = 0;
        if (now < c->due_resolve) {
            if (!c->sent_before)
                st = send_reminder(db, c, "before", c->inbox, &count);
            continue;
        }
        if (!c->sent_overdue)
            st = send_reminder(db, c, "overdue", c->inbox, &count);
        if (st == MC_OK && !c->sent_escalated)
            st = feedback_due(db, c->due_resolve, FEEDBACK_ESCALATE_AFTER, &escalate_at);
        if (st == MC_OK && !c->sent_escalated && now >= escalate_at)
            st = send_reminder(db, c, "escalated", c->leader[0] ? c->leader : c->inbox,
                               &count);
    }
    free(list);
    if (count)
        log_info("feedback reminders sent: %d", count);
    if (sent)
        *sent = count;
    return st;
}

/* ---------------------------------------------------------------- contacts */

struct contacts_ctx {
    const char *agency, *inbox, *leader;
    const struct audit_actor *who;
};

static enum mc_status contacts_tx(struct db *db, void *arg)
{
    struct contacts_ctx *c = arg;
    enum mc_status st = db_run(db, &Q_CONTACTS_SET, NULL, "sssi", c->agency,
                               *c->inbox ? c->inbox : NULL, *c->leader ? c->leader : NULL,
                               clock_now());
    return audit_record_if(st, db, c->who, "feedback.contacts", NULL, "agency:%s", c->agency);
}

enum mc_status feedback_set_contacts(struct db *db, const struct user *u, const char *agency,
                                     const char *inbox, const char *leader,
                                     const struct audit_actor *who, struct form_errors *errs)
{
    const char *msg = NULL;
    bool known = false;
    struct contacts_ctx c = {agency ? agency : "", inbox ? inbox : "", leader ? leader : "",
                             who};
    bool own = u->agency_code[0] && strcmp(u->agency_code, c.agency) == 0 &&
               (u->roles & ROLE_AGENCY_ADMIN);
    if (u->kind != USER_STAFF || (!(u->roles & ROLE_PROVINCE_ADMIN) && !own))
        return MC_ERR_FORBIDDEN;
    enum mc_status st = agency_exists(db, c.agency, &known);
    if (st != MC_OK)
        return st;
    if (!known)
        form_errors_add(errs, "agency", "cơ quan đã chọn không có trong danh sách");
    if (*c.inbox && ident_check_email(c.inbox, strlen(c.inbox), &msg) != MC_OK)
        form_errors_add(errs, "inbox", msg);
    if (*c.leader && ident_check_email(c.leader, strlen(c.leader), &msg) != MC_OK)
        form_errors_add(errs, "leader", msg);
    if (errs->count)
        return MC_ERR_INVALID;
    return db_tx(db, contacts_tx, &c);
}
