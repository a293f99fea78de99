/*
 * dossier_notify.c - telling the applicant what happened to their
 * dossier: a supplement request (Mẫu 02) with what is missing, a fee to
 * pay, a refusal (Mẫu 03) or a stop with the reason, an apology with the
 * new date (Mẫu 04), and the result being ready.  Messages are queued in
 * the outbox (notify.h) inside the action's own transaction, so a message
 * exists exactly when the action happened; the outbox job delivers it.
 * It is a listener of dossier changes (dossier_change.h), registered by
 * the program's wiring (src/app/wire.c), so a change made without it
 * (a test of the dossier module alone) tells nobody.
 * Email when the account has one, else SMS to the account's or the
 * dossier's phone.  The message names the dossier and links to its page;
 * it carries no personal data beyond what the applicant wrote.
 */
#include <stdio.h>
#include <string.h>
#include "domain/dossier/dossier-int.h"
#include "core/seal.h"
#include "core/clock.h"
#include "core/config.h"
#include "core/log.h"
#include "core/vnfmt.h"
#include "domain/accounts/account.h"
#include "domain/notify/notify.h"
#include "domain/notify/notify_prefs.h"
#include "domain/notify/notify_templates.h"


/* The editable template of an action's notice (domain/notify/notify_templates.h). */
static const char *template_kind(enum dossier_action a)
{
    switch (a) {
    case DOSSIER_ACT_REQUEST_SUPPLEMENT: return "dossier.supplement";
    case DOSSIER_ACT_REQUEST_PAYMENT: return "dossier.fee";
    case DOSSIER_ACT_REFUSE: return "dossier.refused";
    case DOSSIER_ACT_STOP: return "dossier.stopped";
    case DOSSIER_ACT_APOLOGY: return "dossier.apology";
    case DOSSIER_ACT_APPROVE: return "dossier.result";
    case DOSSIER_ACT_ACCEPT: case DOSSIER_ACT_INTAKE: return "dossier.accepted";
    default: return NULL;
    }
}

/* The subject and the sentence for an action; NULL when nobody is told. */
static const char *what_happened(enum dossier_action a, const char **subject)
{
    switch (a) {
    case DOSSIER_ACT_REQUEST_SUPPLEMENT:
        *subject = "Yêu cầu bổ sung hồ sơ";
        return "cần bổ sung giấy tờ. Nội dung cần bổ sung";
    case DOSSIER_ACT_REQUEST_PAYMENT:
        *subject = "Thông báo nộp phí, lệ phí";
        return "cần nộp phí, lệ phí trước khi tiếp tục xử lý. Ghi chú";
    case DOSSIER_ACT_REFUSE:
        *subject = "Hồ sơ không được tiếp nhận";
        return "không được tiếp nhận. Lý do";
    case DOSSIER_ACT_STOP:
        *subject = "Hồ sơ bị dừng xử lý";
        return "đã bị dừng xử lý. Lý do";
    case DOSSIER_ACT_APOLOGY:
        *subject = "Thư xin lỗi và hẹn lại ngày trả kết quả";
        return "chưa thể trả kết quả đúng hẹn. Cơ quan xin lỗi ông/bà. Lý do";
    case DOSSIER_ACT_APPROVE:
        *subject = "Hồ sơ đã có kết quả";
        return "đã được giải quyết xong. Ghi chú";
    case DOSSIER_ACT_ACCEPT: case DOSSIER_ACT_INTAKE:
        *subject = "Hồ sơ đã được tiếp nhận";
        return "đã được tiếp nhận. Ghi chú";
    default:
        return NULL;
    }
}

static enum mc_status contact_of(struct db *db, const struct dossier *d, char email[256],
                                 char phone[64])
{
    enum mc_status rc = MC_OK;
    email[0] = phone[0] = '\0';
    if (d->applicant_id)
        rc = account_contact_addrs(db, d->applicant_id, email, 256, phone, 64);
    if (rc == MC_ERR_NOT_FOUND)
        rc = MC_OK;
    if (!phone[0])
        snprintf(phone, 64, "%s", d->contact_phone);
    return rc;
}

enum mc_status dossier_notify_applicant(struct db *db, const struct dossier *d,
                                       const char *tmpl, const char *kind, const char *subject,
                                       const char *body, const char *const *values,
                                       bool own_text)
{
    char email[256], phone[64], fallback[400] = "";
    struct notify_prefs prefs;
    struct buf tsubject, tbody;
    enum mc_status rc;
    if ((rc = contact_of(db, d, email, phone)) != MC_OK || (!email[0] && !phone[0]))
        return rc;
    buf_init(&tsubject, NOTIFY_SUBJECT_MAX);
    buf_init(&tbody, NOTIFY_BODY_MAX);
    rc = notify_prefs_get(db, d->applicant_id, &prefs);
    if (rc != MC_OK)
        goto out;
    /* the person's preferred channel first, then the others (Zalo -> SMS -> email) */
    struct notify_opts o = {.user_id = d->applicant_id, .actor_id = d->assignee_id,
                            .ref = d->code, .fallback = fallback};
    enum notify_channel ch = email[0] ? NOTIFY_EMAIL : NOTIFY_SMS;
    const char *to = email[0] ? email : phone;
    if (phone[0] && strcmp(prefs.channel, "zalo") == 0) {
        ch = NOTIFY_ZALO;
        to = phone;
        snprintf(fallback, sizeof(fallback), "sms:%s%s%s", phone, email[0] ? "|email:" : "",
                 email);
    } else if (phone[0] && (strcmp(prefs.channel, "sms") == 0 || !email[0])) {
        ch = NOTIFY_SMS;
        to = phone;
        if (email[0])
            snprintf(fallback, sizeof(fallback), "email:%s", email);
    } else if (phone[0]) {
        snprintf(fallback, sizeof(fallback), "sms:%s", phone);
    }
    /* the province admin's text for this kind, when they edited one */
    bool edited = false;
    if (tmpl && notify_template_render(db, tmpl, values, ch != NOTIFY_EMAIL, &tsubject, &tbody,
                                       &edited) == MC_OK && (edited || !own_text)) {
        subject = buf_cstr(&tsubject);
        body = buf_cstr(&tbody);
    }
    rc = notify_enqueue_ex(db, ch, to, subject, body, kind, &o);
    if (rc == MC_ERR_INVALID || rc == MC_ERR_TOO_LARGE) {
        log_warn("notice for dossier %lld not queued", (long long)d->id);
        rc = MC_OK;
    }
out:
    buf_release(&tsubject);
    buf_release(&tbody);
    return rc;
}

enum mc_status dossier_notify_on_change(struct db *db, const struct dossier_change *c,
                                        void *arg)
{
    const struct dossier *d = c->d;
    enum dossier_action action = (enum dossier_action)c->action;
    const char *note = c->note;
    const char *subject = NULL, *sentence = NULL;
    char due[VNFMT_SIZE] = "", money[VNFMT_SIZE], link[400];
    struct config cfg;
    struct buf body;
    enum mc_status rc;
    (void)arg;
    if (!d || c->action < 0 || d->imported)
        return MC_OK;
    sentence = what_happened(action, &subject);
    if (!sentence)
        return MC_OK;
    bool accepted = action == DOSSIER_ACT_ACCEPT || action == DOSSIER_ACT_INTAKE;
    config_init(&cfg);
    if (action == DOSSIER_ACT_APOLOGY && d->apology_due_at)
        vnfmt_datetime(due, sizeof(due), d->apology_due_at);
    else if (accepted && d->due_at)
        vnfmt_datetime(due, sizeof(due), d->due_at);
    /* an accepted dossier links to its receipt (giấy tiếp nhận và hẹn trả kết quả) */
    snprintf(link, sizeof(link), "%s/ho-so/%s%s", cfg.public_url, d->code,
             accepted ? "/bien-nhan" : "");
    buf_init(&body, NOTIFY_BODY_MAX);
    buf_addf(&body, "Kính gửi ông/bà,\n\nHồ sơ %s (%s) %s: %s\n", d->code,
             d->procedure_name[0] ? d->procedure_name : d->procedure_code, sentence,
             note && *note ? note : "(không có)");
    if (action == DOSSIER_ACT_REQUEST_PAYMENT)
        buf_addf(&body, "Số tiền: %s.\n", vnfmt_money(money, sizeof(money), d->fee_dong));
    if (due[0])
        buf_addf(&body, "%s: %s.\n", accepted ? "Ngày hẹn trả kết quả" : "Ngày hẹn trả kết quả mới",
                 due);
    buf_addf(&body, "\n%s: %s\n"
                    "Cơ quan không bao giờ hỏi mật khẩu hay mã OTP của ông/bà.\n",
             accepted ? "Giấy tiếp nhận hồ sơ và hẹn trả kết quả"
                      : "Xem chi tiết và thực hiện tại", link);
    const char *values[] = {d->code, d->procedure_name[0] ? d->procedure_name
                                                          : d->procedure_code,
                            note && *note ? note : "(không có)",
                            vnfmt_money(money, sizeof(money), d->fee_dong), due, link};
    /* the notices of what an officer did share one outbox kind (one Zalo template);
     * the acceptance has its own */
    rc = dossier_notify_applicant(db, d, template_kind(action),
                                  accepted ? "dossier.accepted" : "dossier.notice", subject,
                                  buf_cstr(&body), values, true);
    buf_release(&body);
    return rc;
}
