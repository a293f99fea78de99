/*
 * feedback.c - submitting, contact codes, reading one item, staff
 * actions, the sender's reply and rating (see feedback.h).
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include "domain/feedback/feedback-int.h"
#include "domain/accounts/ident.h"
#include "core/db_row.h"
#include "core/seal.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/filestore.h"
#include "core/log.h"
#include "core/mem.h"
#include "core/text.h"
#include "domain/notify/notify.h"
#include "domain/units/unit.h"

/* Longest sender email sealed (the form takes at most 254 bytes). */
#define FEEDBACK_CONTACT_SEALED 320

/* ---------------------------------------------------------------- statements */

static const struct db_query Q_RATE_COUNT = {
    "feedback.rate_count",
    "SELECT COUNT(*) FROM rate_events WHERE key = ?1 AND at > ?2",
};
static const struct db_query Q_RATE_ADD = {
    "feedback.rate_add",
    "INSERT INTO rate_events (key, at) VALUES (?1, ?2)",
};
/* feedback_code_request: codes sent to one contact lately. */
static const struct db_query Q_OTP_RECENT = {
    "feedback.otp_recent",
    "SELECT COUNT(*) FROM contact_codes WHERE contact = ?1 AND created_at > ?2",
};
static const struct db_query Q_OTP_INSERT = {
    "feedback.otp_insert",
    "INSERT INTO contact_codes (contact, code_hash, created_at, expires_at)"
    " VALUES (?1, ?2, ?3, ?4)",
};
static const struct db_query Q_OTP_LATEST = {
    "feedback.otp_latest",
    "SELECT id, code_hash, attempts FROM contact_codes WHERE contact = ?1"
    " AND used_at IS NULL AND expires_at > ?2 ORDER BY id DESC LIMIT 1",
};
static const struct db_query Q_OTP_FAIL = {
    "feedback.otp_fail",
    "UPDATE contact_codes SET attempts = attempts + 1 WHERE id = ?1",
};
static const struct db_query Q_OTP_USE = {
    "feedback.otp_use",
    "UPDATE contact_codes SET used_at = ?2 WHERE id = ?1 AND used_at IS NULL",
};
static const struct db_query Q_PROC_AGENCY = {
    "feedback.proc_agency",
    "SELECT competent_agency FROM procedures WHERE code = ?1",
};
/* feedback_dossier_agency: does the dossier module's table exist yet? */
static const struct db_query Q_DOSSIER_TABLE = {
    "feedback.dossier_table",
    "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'dossiers'",
    "SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'dossiers'",
};
static const struct db_query Q_DOSSIER_AGENCY = {
    "feedback.dossier_agency",
    "SELECT agency_code FROM dossiers WHERE code = ?1",
};
static const struct db_query Q_USER_CONTACT = {
    "feedback.user_contact",
    "SELECT COALESCE(email, ''), COALESCE(phone, ''), full_name FROM users WHERE id = ?1",
};
static const struct db_query Q_NEXT_SEQ = {
    "feedback.next_seq",
    "SELECT COUNT(*) FROM feedback WHERE code LIKE ?1",
};
static const struct db_query Q_INSERT = {
    "feedback.insert",
    "INSERT INTO feedback (code, kind, category, status, title, body, procedure_code,"
    " dossier_code, agency_code, sender_user_id, sender_name, sender_email, sender_phone,"
    " on_behalf_by, consent_publish, submitted_at, received_at, due_reject, due_info,"
    " due_resolve, remind_at, updated_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, NULLIF(?10, 0), ?11, ?12, ?13,"
    " NULLIF(?14, 0), ?15, ?16, ?17,"
    " ?18, ?19, ?20, ?21, ?16) RETURNING id",
};
static const struct db_query Q_SET_SOURCE = {
    "feedback.set_source", "UPDATE feedback SET source = ?2, source_ref = ?3 WHERE id = ?1",
};
static const struct db_query Q_ATTACH = {
    "feedback.attach",
    "INSERT INTO feedback_attachments (feedback_id, sha256, name, content_type, size)"
    " VALUES (?1, ?2, ?3, ?4, ?5)",
};
static const struct db_query Q_FILES = {
    "feedback.files",
    "SELECT id, sha256, name, content_type, size FROM feedback_attachments"
    " WHERE feedback_id = ?1 ORDER BY id LIMIT ?2",
};
static const struct db_query Q_FILE = {
    "feedback.file",
    "SELECT id, sha256, name, content_type, size FROM feedback_attachments"
    " WHERE id = ?1 AND feedback_id = ?2",
};
static const struct db_query Q_FOLLOW_ADD = {
    "feedback.follow_add",
    "INSERT INTO feedback_follow (token_hash, feedback_id, created_at) VALUES (?1, ?2, ?3)",
};
static const struct db_query Q_FOLLOW_FIND = {
    "feedback.follow_find",
    "SELECT COUNT(*) FROM feedback_follow WHERE token_hash = ?1 AND feedback_id = ?2",
};
static const struct db_query Q_EVENT = {
    "feedback.event",
    "INSERT INTO feedback_events (feedback_id, at, kind, actor_id, from_agency, to_agency,"
    " note) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
};
static const struct db_query Q_EVENTS = {
    "feedback.events",
    "SELECT at, kind, COALESCE(from_agency, ''), COALESCE(to_agency, ''),"
    " COALESCE(note, '') FROM feedback_events WHERE feedback_id = ?1 ORDER BY id LIMIT ?2",
};
static const struct db_query Q_GET = {
    "feedback.get",
    "SELECT f.id, f.code, f.kind, f.category, f.status, f.title, f.body,"
    " f.procedure_code, f.dossier_code, f.agency_code, COALESCE(a.name, ''),"
    " f.sender_name, f.sender_email, f.sender_phone, f.info_request, f.draft, f.answer,"
    " f.public_title, f.public_question, f.public_answer, f.reject_reason,"
    " f.rating_comment, COALESCE(u.full_name, ''), f.source, f.source_ref,"
    " f.taken_up_change, COALESCE(f.sender_user_id, 0),"
    " COALESCE(f.on_behalf_by, 0), COALESCE(f.assignee_id, 0), f.submitted_at,"
    " f.received_at, f.due_reject, f.due_info, f.due_resolve, COALESCE(f.due_publish, 0),"
    " COALESCE(f.answered_at, 0), COALESCE(f.published_at, 0), COALESCE(f.rated_at, 0),"
    " COALESCE(f.rating, 0), f.consent_publish, f.reopened, COALESCE(f.info_asked_at, 0),"
    " f.remind_at, COALESCE(f.taken_up_at, 0)"
    " FROM feedback f LEFT JOIN agencies a ON a.code = f.agency_code"
    " LEFT JOIN users u ON u.id = f.assignee_id WHERE f.code = ?1",
};
static const struct db_query Q_TRANSFER = {
    "feedback.transfer",
    "UPDATE feedback SET agency_code = ?2, status = 'received', assignee_id = NULL,"
    " updated_at = ?3 WHERE id = ?1",
};
static const struct db_query Q_ASSIGN = {
    "feedback.assign",
    "UPDATE feedback SET assignee_id = ?2,"
    " status = CASE status WHEN 'drafted' THEN 'drafted' ELSE 'assigned' END,"
    " updated_at = ?3 WHERE id = ?1",
};
static const struct db_query Q_ASK_INFO = {
    "feedback.ask_info",
    "UPDATE feedback SET status = 'need_info', info_request = ?2, info_asked_at = ?3,"
    " updated_at = ?3 WHERE id = ?1",
};
static const struct db_query Q_REJECT = {
    "feedback.reject",
    "UPDATE feedback SET status = 'rejected', reject_reason = ?2, rejected_at = ?3,"
    " updated_at = ?3 WHERE id = ?1",
};
static const struct db_query Q_DRAFT = {
    "feedback.draft",
    "UPDATE feedback SET status = 'drafted', draft = ?2, updated_at = ?3 WHERE id = ?1",
};
static const struct db_query Q_APPROVE = {
    "feedback.approve",
    "UPDATE feedback SET status = 'answered', answer = ?2, draft = ?2, answered_at = ?3,"
    " answered_by = ?4, due_publish = ?5, rating = NULL, rating_comment = NULL,"
    " rated_at = NULL, updated_at = ?3 WHERE id = ?1",
};
static const struct db_query Q_PUBLISH = {
    "feedback.publish",
    "UPDATE feedback SET status = 'published', public_title = ?2, public_question = ?3,"
    " public_answer = ?4, published_at = ?5, updated_at = ?5 WHERE id = ?1",
};
static const struct db_query Q_REPLY = {
    "feedback.reply",
    "UPDATE feedback SET status = CASE WHEN assignee_id IS NULL THEN 'received'"
    " ELSE 'assigned' END, due_resolve = ?2, remind_at = ?3, updated_at = ?4 WHERE id = ?1",
};
static const struct db_query Q_RATE = {
    "feedback.rate",
    "UPDATE feedback SET rating = ?2, rating_comment = ?3, rated_at = ?4, updated_at = ?4"
    " WHERE id = ?1",
};
static const struct db_query Q_REOPEN = {
    "feedback.reopen",
    "UPDATE feedback SET status = 'assigned', reopened = 1, due_resolve = ?2,"
    " remind_at = ?3, updated_at = ?4 WHERE id = ?1",
};
static const struct db_query Q_REMINDERS_CLEAR = {
    "feedback.reminders_clear",
    "DELETE FROM feedback_reminders WHERE feedback_id = ?1",
};
static const struct db_query Q_STAFF = {
    "feedback.staff",
    "SELECT DISTINCT u.id, u.full_name FROM users u JOIN user_roles r ON r.user_id = u.id"
    " WHERE r.agency_code = ?1 AND r.role IN ('processing', 'approver', 'agency_admin')"
    " AND u.disabled = 0 ORDER BY u.full_name LIMIT ?2",
};
static const struct db_query Q_STAFF_OF = {
    "feedback.staff_of",
    "SELECT COUNT(*) FROM user_roles WHERE user_id = ?1 AND agency_code = ?2"
    " AND role IN ('processing', 'approver', 'agency_admin')",
};

/* ---------------------------------------------------------------- helpers */

static bool blank(const char *s)
{
    return !s || !*s;
}

static const char *or_null(const char *s)
{
    return blank(s) ? NULL : s;
}

static void sha256_hex(const char *a, const char *b, char hex[65])
{
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_state st;
    crypto_hash_sha256_init(&st);
    crypto_hash_sha256_update(&st, (const unsigned char *)a, strlen(a));
    crypto_hash_sha256_update(&st, (const unsigned char *)":", 1);
    crypto_hash_sha256_update(&st, (const unsigned char *)b, strlen(b));
    crypto_hash_sha256_final(&st, h);
    sodium_bin2hex(hex, 65, h, sizeof(h));
}

static void new_token(char token[FEEDBACK_TOKEN_SIZE])
{
    unsigned char raw[32];
    randombytes_buf(raw, sizeof(raw));
    sodium_bin2base64(token, FEEDBACK_TOKEN_SIZE, raw, sizeof(raw),
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

static enum mc_status rate_exceeded(struct db *db, const char *key, int64_t window,
                                    int64_t max, bool *over)
{
    int64_t n = 0;
    enum mc_status st = db_get_int(db, &Q_RATE_COUNT, &n, "si", key, clock_now() - window);
    *over = n >= max;
    return st;
}

/* Text of a field: required, valid, at most max bytes. */
static void check_text(struct form_errors *errs, const char *field, const char *s,
                       size_t min, size_t max, const char *msg_empty, const char *msg_len)
{
    size_t len = s ? strlen(s) : 0;
    const char *p = s;
    text_trim(&p, &len);
    if (len == 0)
        form_errors_add(errs, field, msg_empty);
    else if (len < min || (s && strlen(s) > max))
        form_errors_add(errs, field, msg_len);
}

/*
 * Normalise a contact into norm: an email (lower-cased ASCII) or a phone
 * "0xxxxxxxxx".  *is_email tells which.  msg gets the reason on failure.
 */
static enum mc_status contact_normalise(const char *contact, char *norm, size_t size,
                                        bool *is_email, const char **msg)
{
    const char *p = contact ? contact : "";
    size_t len = strlen(p);
    char phone[IDENT_PHONE_SIZE];
    text_trim(&p, &len);
    *is_email = memchr(p, '@', len) != NULL;
    if (len == 0) {
        *msg = "vui lòng nhập thư điện tử hoặc số điện thoại để nhận mã xác minh";
        return MC_ERR_INVALID;
    }
    if (*is_email) {
        if (ident_check_email(p, len, msg) != MC_OK || len >= size)
            return MC_ERR_INVALID;
        for (size_t i = 0; i < len; i++)
            norm[i] = (char)(p[i] >= 'A' && p[i] <= 'Z' ? p[i] + 32 : p[i]);
        norm[len] = '\0';
        return MC_OK;
    }
    if (ident_check_phone(p, len, phone, msg) != MC_OK)
        return MC_ERR_INVALID;
    snprintf(norm, size, "%s", phone);
    return MC_OK;
}

static enum mc_status add_event(struct db *db, int64_t id, const char *kind, int64_t actor,
                                const char *from, const char *to, const char *note)
{
    return db_run(db, &Q_EVENT, NULL, "iisisss", id, clock_now(), kind, actor, or_null(from),
                  or_null(to), or_null(note));
}

/* Queue a message to the item's sender: email if known, else SMS. */
static enum mc_status tell_sender(struct db *db, const char *email, const char *phone,
                                  const char *subject, const char *body, const char *kind)
{
    if (!blank(email))
        return notify_enqueue(db, NOTIFY_EMAIL, email, subject, body, kind);
    if (!blank(phone))
        return notify_enqueue(db, NOTIFY_SMS, phone, subject, body, kind);
    return MC_OK;
}

/* A new follow token of item id, stored hashed; token receives it. */
static enum mc_status follow_add(struct db *db, int64_t id, char token[FEEDBACK_TOKEN_SIZE])
{
    char hex[65];
    new_token(token);
    sha256_hex("follow", token, hex);
    return db_run(db, &Q_FOLLOW_ADD, NULL, "sii", hex, id, clock_now());
}

static void follow_link(struct buf *b, const char *base, const char *code, const char *token)
{
    buf_addf(b, "%s/phan-anh/theo-doi/%s?t=%s", base ? base : "", code, token);
}

/* ---------------------------------------------------------------- dossiers */

static bool dossier_code_shape(const char *s)
{
    size_t len = strlen(s);
    bool dash = false;
    if (len < 5 || len > 64)
        return false;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        bool ok = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                  c == '.' || c == '-' || c == '_';
        if (!ok)
            return false;
        dash = dash || c == '-';
    }
    return dash;
}

enum mc_status feedback_dossier_agency(struct db *db, const char *code, char *agency,
                                       size_t agency_size)
{
    int64_t tables = 0;
    enum mc_status rc;
    if (!dossier_code_shape(code))
        return MC_ERR_INVALID;
    rc = db_get_int(db, &Q_DOSSIER_TABLE, &tables, "");
    if (rc != MC_OK || tables == 0)
        return rc == MC_OK ? MC_ERR_NOT_FOUND : rc;
    rc = db_get_text(db, &Q_DOSSIER_AGENCY, agency, agency_size, "s", code);
    if (rc == MC_ERR_NOT_FOUND)
        rc = MC_ERR_INVALID;
    if (rc == MC_ERR_DB) {
        log_warn("dossiers table has no agency_code; feedback goes to triage");
        rc = MC_ERR_NOT_FOUND;
    }
    return rc;
}

/* ---------------------------------------------------------------- contact codes */

struct otp_ctx {
    const char *contact, *hash, *key, *body;
    bool is_email;
    const struct audit_actor *who;
};

static enum mc_status otp_tx(struct db *db, void *arg)
{
    struct otp_ctx *c = arg;
    int64_t now = clock_now();
    char bidx[SEAL_INDEX_SIZE];   /* the contact's blind index: never the contact */
    enum mc_status st = seal_index("contact", c->contact, bidx);
    if (st == MC_OK)
        st = db_run(db, &Q_OTP_INSERT, NULL, "ssii", bidx, c->hash, now,
                    now + FEEDBACK_OTP_TTL);
    if (st == MC_OK)
        st = db_run(db, &Q_RATE_ADD, NULL, "si", c->key, now);
    if (st == MC_OK)
        st = notify_enqueue(db, c->is_email ? NOTIFY_EMAIL : NOTIFY_SMS, c->contact,
                            "Mã xác minh phản ánh, kiến nghị", c->body, "feedback.code");
    if (st == MC_OK)
        st = audit_record(db, c->who, "feedback.code", "contact", c->is_email ? "email"
                                                                             : "phone");
    return st;
}

enum mc_status feedback_code_request(struct db *db, const char *contact, const char *address,
                                     const struct audit_actor *who, char *norm,
                                     size_t norm_size, struct form_errors *errs)
{
    const char *msg = NULL;
    bool over = false;
    int64_t recent = 0;
    char key[96], code[8], hex[65], body[256];
    struct otp_ctx c = {.contact = norm, .hash = hex, .key = key, .body = body, .who = who};
    enum mc_status st;
    if (contact_normalise(contact, norm, norm_size, &c.is_email, &msg) != MC_OK) {
        form_errors_add(errs, "contact", msg);
        st = MC_ERR_INVALID;
        goto out;
    }
    snprintf(key, sizeof(key), "otp-addr:%s", address ? address : "");
    st = rate_exceeded(db, key, 3600, FEEDBACK_OTP_PER_ADDR, &over);
    char bidx[SEAL_INDEX_SIZE];
    if (st == MC_OK)
        st = seal_index("contact", norm, bidx);
    if (st == MC_OK)
        st = db_get_int(db, &Q_OTP_RECENT, &recent, "si", bidx, clock_now() - FEEDBACK_OTP_TTL);
    if (st != MC_OK)
        goto out;
    if (over || recent >= FEEDBACK_OTP_PER_CONTACT) {
        st = MC_ERR_RATE_LIMITED;
        goto out;
    }
    snprintf(code, sizeof(code), "%06u", (unsigned)randombytes_uniform(1000000));
    sha256_hex(norm, code, hex);
    snprintf(body, sizeof(body), "Mã xác minh gửi phản ánh, kiến nghị của bạn là %s. Mã có "
             "hiệu lực 15 phút. Không cung cấp mã này cho bất kỳ ai.", code);
    st = db_tx(db, otp_tx, &c);
out:
    sodium_memzero(code, sizeof(code));
    return st;
}

struct otp_fail_ctx {
    int64_t id;
};

static enum mc_status otp_fail_tx(struct db *db, void *arg)
{
    struct otp_fail_ctx *c = arg;
    return db_run(db, &Q_OTP_FAIL, NULL, "i", c->id);
}

/*
 * Check code for contact.  On success *code_id is the code's row (to be
 * marked used in the submit transaction).  A wrong code counts an attempt.
 */
static enum mc_status otp_check(struct db *db, const char *contact, const char *code,
                                int64_t *code_id)
{
    struct db_stmt *st = NULL;
    char want[65] = "", got[65];
    int64_t attempts = 0;
    struct otp_fail_ctx fail = {0};
    char bidx[SEAL_INDEX_SIZE];
    enum mc_status rc = seal_index("contact", contact, bidx);
    if (rc != MC_OK)
        return rc;
    rc = db_get_row(db, &Q_OTP_LATEST, &st, "si", bidx, clock_now());
    bool row = rc == MC_OK;
    if (row) {
        fail.id = db_col_int64(st, 0);
        db_col_copy(st, 1, want, sizeof(want));
        attempts = db_col_int64(st, 2);
    }
    db_done(st);
    if (rc == MC_ERR_NOT_FOUND)
        rc = MC_OK;
    if (rc != MC_OK)
        return rc;
    if (!row || attempts >= FEEDBACK_OTP_TRIES || blank(code) || strlen(code) > 16)
        return MC_ERR_UNAUTHORIZED;
    sha256_hex(contact, code, got);
    if (sodium_memcmp(want, got, 64) != 0) {
        rc = db_tx(db, otp_fail_tx, &fail);
        return rc == MC_OK ? MC_ERR_UNAUTHORIZED : rc;
    }
    *code_id = fail.id;
    return MC_OK;
}

/* ---------------------------------------------------------------- routing */

/* The one agency whose folded name starts with the folded competent agency. */
static enum mc_status agency_from_procedure(struct db *db, const char *competent,
                                            char *agency, size_t size)
{
    struct buf want, name;
    struct agency_list ags;
    int matches = 0;
    enum mc_status rc = MC_OK;
    buf_init(&want, BUF_MAX_SMALL);
    buf_init(&name, BUF_MAX_SMALL);
    agency_list_init(&ags);
    if (blank(competent) || strpbrk(competent, ";,") ||
        text_fold(competent, strlen(competent), &want) != MC_OK || want.len < 4)
        goto out;
    rc = agency_list(db, NULL, &ags);
    for (size_t i = 0; rc == MC_OK && i < ags.n; i++) {
        const char *n = ags.items[i].name;
        buf_reset(&name);
        if (text_fold(n, strlen(n), &name) != MC_OK)
            continue;
        if (name.len >= want.len && memcmp(name.data, want.data, want.len) == 0 &&
            (name.len == want.len || name.data[want.len] == ' ')) {
            if (matches++ == 0)
                snprintf(agency, size, "%s", ags.items[i].code);
        }
    }
    if (matches != 1)
        agency[0] = '\0';
out:
    agency_list_release(&ags);
    buf_release(&want);
    buf_release(&name);
    return rc;
}

/* Decide the agency of a new item (agency "" = triage), checking the references. */
static enum mc_status route(struct db *db, const struct feedback_submission *s,
                            struct form_errors *errs, char *agency, size_t size)
{
    enum mc_status st = MC_OK;
    bool known = false;
    char competent[512] = "";
    agency[0] = '\0';
    if (!blank(s->agency_code)) {
        st = agency_exists(db, s->agency_code, &known);
        if (st == MC_OK && !known)
            form_errors_add(errs, "agency", "cơ quan đã chọn không có trong danh sách");
        else if (st == MC_OK)
            snprintf(agency, size, "%s", s->agency_code);
    }
    if (st == MC_OK && !blank(s->procedure_code)) {
        st = db_get_text(db, &Q_PROC_AGENCY, competent, sizeof(competent), "s",
                         s->procedure_code);
        if (st == MC_ERR_NOT_FOUND) {
            form_errors_add(errs, "procedure", "không có thủ tục với mã này");
            st = MC_OK;
        }
    }
    if (st == MC_OK && !blank(s->dossier_code)) {
        char dossier_agency[AGENCY_CODE_MAX + 1] = "";
        enum mc_status d = feedback_dossier_agency(db, s->dossier_code, dossier_agency,
                                                   sizeof(dossier_agency));
        if (d == MC_ERR_INVALID)
            form_errors_add(errs, "dossier", "mã hồ sơ không đúng hoặc không tồn tại");
        else if (d == MC_OK && !agency[0])
            snprintf(agency, size, "%s", dossier_agency);
        else if (d != MC_OK && d != MC_ERR_NOT_FOUND)
            st = d;
    }
    if (st == MC_OK && !agency[0] && competent[0])
        st = agency_from_procedure(db, competent, agency, size);
    return st;
}

/* ---------------------------------------------------------------- submitting */

struct submit_ctx {
    const struct feedback_submission *s;
    const struct audit_actor *who;
    const char *base_url;
    const char *agency;          /* "" = triage */
    const char *email, *phone, *name;
    const char *rate_key;
    int64_t code_id;             /* contact code to mark used, or 0 */
    int64_t submitted_at, received_at, due_reject, due_info, due_resolve, remind_at;
    char *code;                  /* FEEDBACK_CODE_SIZE */
    char *token;                 /* FEEDBACK_TOKEN_SIZE */
    int64_t id;
};

static enum mc_status make_code(struct db *db, const char *kind, char *code)
{
    char like[32], date[8];
    int64_t n = 0;
    time_t t = (time_t)(clock_now() + CLOCK_VN_OFFSET);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(date, sizeof(date), "%y%m%d", &tm);
    const char *prefix = strcmp(kind, "hoi_dap") == 0 ? "HD" : "PA";
    snprintf(like, sizeof(like), "%s-%s-%%", prefix, date);
    enum mc_status st = db_get_int(db, &Q_NEXT_SEQ, &n, "s", like);
    if (st == MC_OK)
        snprintf(code, FEEDBACK_CODE_SIZE, "%s-%s-%04lld", prefix, date, (long long)n + 1);
    return st;
}

static void confirmation_text(struct buf *b, const struct submit_ctx *c)
{
    char due[32];
    feedback_format_time(c->due_resolve, due, sizeof(due));
    buf_addf(b, "Cổng dịch vụ công đã nhận %s của bạn, mã %s.\n\n",
             strcmp(c->s->kind, "hoi_dap") == 0 ? "câu hỏi" : "phản ánh, kiến nghị", c->code);
    buf_addf(b, "Hạn trả lời: %s (15 ngày làm việc).\n", due);
    buf_adds(b, "Theo dõi, bổ sung thông tin và đánh giá câu trả lời tại:\n");
    follow_link(b, c->base_url, c->code, c->token);
    buf_adds(b, "\n\nĐây là thư tự động, xin đừng trả lời thư này.\n");
}

static enum mc_status submit_tx(struct db *db, void *arg)
{
    struct submit_ctx *c = arg;
    const struct feedback_submission *s = c->s;
    struct db_stmt *st = NULL;
    int64_t used = 0;
    struct buf msg;
    char email[SEAL_SIZE(FEEDBACK_CONTACT_SEALED)] = "", phone[SEAL_SIZE(64)] = "";
    enum mc_status rc = make_code(db, s->kind, c->code);
    buf_init(&msg, NOTIFY_BODY_MAX);
    /* The sender's email and phone are sealed at rest (core/seal.h). */
    if (rc == MC_OK && or_null(c->email))
        rc = strlen(c->email) <= FEEDBACK_CONTACT_SEALED ? seal_text(c->email, email,
                                                                     sizeof(email))
                                                         : MC_ERR_TOO_LARGE;
    if (rc == MC_OK && or_null(c->phone))
        rc = strlen(c->phone) <= 64 ? seal_text(c->phone, phone, sizeof(phone))
                                    : MC_ERR_TOO_LARGE;
    if (rc == MC_OK)
        rc = db_query_start(db, &Q_INSERT, &st, "sssssssssisssiiiiiiii", c->code, s->kind,
                            s->category, c->agency[0] ? "received" : "triage", s->title,
                            s->body, or_null(s->procedure_code), or_null(s->dossier_code),
                            or_null(c->agency), s->sender_user_id ? s->sender_user_id : 0,
                            c->name, or_null(email), or_null(phone),
                            s->on_behalf_by, (int64_t)(s->consent_publish ? 1 : 0),
                            c->submitted_at, c->received_at, c->due_reject, c->due_info,
                            c->due_resolve, c->remind_at);
    if (rc == MC_OK && !db_next(st, &rc) && rc == MC_OK)
        rc = MC_ERR_INTERNAL;   /* INSERT ... RETURNING gives a row */
    if (rc == MC_OK)
        c->id = db_col_int64(st, 0);
    db_done(st);
    if (rc == MC_OK && !blank(s->source))
        rc = db_run(db, &Q_SET_SOURCE, NULL, "iss", c->id, s->source, or_null(s->source_ref));
    for (size_t i = 0; rc == MC_OK && i < s->nattachments; i++) {
        const struct feedback_attachment *a = &s->attachments[i];
        rc = db_run(db, &Q_ATTACH, NULL, "isssi", c->id, a->sha256, a->name, a->content_type,
                    a->size);
    }
    if (rc == MC_OK && c->code_id) {
        rc = db_run(db, &Q_OTP_USE, &used, "ii", c->code_id, clock_now());
        if (rc == MC_OK && used != 1)
            rc = MC_ERR_CONFLICT;
    }
    if (rc == MC_OK)
        rc = follow_add(db, c->id, c->token);
    if (rc == MC_OK)
        rc = db_run(db, &Q_RATE_ADD, NULL, "si", c->rate_key, clock_now());
    if (rc == MC_OK)
        rc = add_event(db, c->id, s->on_behalf_by ? "submitted_for" : "submitted",
                       c->who ? c->who->user_id : 0, NULL, c->agency,
                       s->on_behalf_by && s->verbal_consent
                           ? "người dân đã đồng ý bằng lời để được gửi thay"
                       : blank(s->source)                   ? NULL
                       : strcmp(s->source, "rating") == 0
                           ? "tạo từ đánh giá không hài lòng về hồ sơ"
                           : "tạo từ ý kiến trong phiếu khảo sát");
    if (rc == MC_OK && c->agency[0] == '\0')
        rc = add_event(db, c->id, "triage", 0, NULL, NULL, NULL);
    if (rc == MC_OK && !blank(c->email)) {
        confirmation_text(&msg, c);
        rc = notify_enqueue(db, NOTIFY_EMAIL, c->email, "Đã nhận phản ánh, kiến nghị",
                            buf_cstr(&msg), "feedback.received");
    }
    rc = audit_record_if(rc, db, c->who, "feedback.submit",
                         !s->on_behalf_by     ? NULL
                         : s->verbal_consent ? "on_behalf,verbal_consent"
                                             : "on_behalf",
                         "feedback:%s", c->code);
    buf_release(&msg);
    return rc;
}

static bool in_list(const char *s, const char *const *list)
{
    for (size_t i = 0; s && list[i]; i++)
        if (strcmp(s, list[i]) == 0)
            return true;
    return false;
}

static void validate_submission(const struct feedback_submission *s, struct form_errors *errs)
{
    static const char *const kinds[] = {"phan_anh", "hoi_dap", NULL};
    if (!in_list(s->kind, kinds))
        form_errors_add(errs, "kind", "vui lòng chọn gửi phản ánh, kiến nghị hay câu hỏi");
    if (!in_list(s->category, feedback_categories))
        form_errors_add(errs, "category", "vui lòng chọn một nhóm nội dung");
    check_text(errs, "title", s->title, 1, FEEDBACK_TITLE_MAX, "vui lòng nhập tiêu đề",
               "tiêu đề dài tối đa 200 ký tự");
    check_text(errs, "body", s->body, FEEDBACK_BODY_MIN, FEEDBACK_BODY_MAX,
               "vui lòng nhập nội dung phản ánh hoặc câu hỏi",
               "nội dung phải có từ 10 đến 8.000 ký tự");
    if (!s->sender_user_id || s->on_behalf_by)
        check_text(errs, "sender_name", s->sender_name, 1, FEEDBACK_NAME_MAX,
                   "vui lòng nhập họ và tên", "họ và tên dài tối đa 200 ký tự");
    if (feedback_has_markup(s->title))
        form_errors_add(errs, "title", "tiêu đề không được chứa mã HTML hay mã lệnh");
    if (feedback_has_markup(s->body))
        form_errors_add(errs, "body", "nội dung không được chứa mã HTML hay mã lệnh "
                                      "(như <script>)");
    if (feedback_has_markup(s->sender_name))
        form_errors_add(errs, "sender_name", "họ và tên không được chứa mã HTML hay mã lệnh");
    if (s->nattachments > FEEDBACK_ATTACH_COUNT)
        form_errors_add(errs, "attachments", "chỉ gửi được tối đa 3 tệp đính kèm");
}

enum mc_status feedback_submit(struct db *db, const struct feedback_submission *s,
                               const struct audit_actor *who, const char *base_url,
                               struct form_errors *errs, char code[FEEDBACK_CODE_SIZE],
                               char token[FEEDBACK_TOKEN_SIZE])
{
    char agency[AGENCY_CODE_MAX + 1] = "", norm[256] = "", key[96];
    char user_email[256] = "", user_phone[32] = "", user_name[256] = "";
    bool is_email = false, over = false;
    const char *msg = NULL;
    bool anonymous = !s->sender_user_id && !s->on_behalf_by;
    struct submit_ctx c = {.s = s, .who = who, .base_url = base_url, .agency = agency,
                           .code = code, .token = token, .rate_key = key};
    enum mc_status st = MC_OK;
    code[0] = token[0] = '\0';
    validate_submission(s, errs);
    if (!blank(s->contact) || anonymous) {
        if (contact_normalise(s->contact, norm, sizeof(norm), &is_email, &msg) != MC_OK)
            form_errors_add(errs, "contact", msg);
    }
    if (anonymous && errs->count == 0 && blank(s->otp))
        form_errors_add(errs, "otp", "vui lòng nhập mã xác minh đã gửi đến thư điện tử "
                                     "hoặc điện thoại của bạn");
    st = route(db, s, errs, agency, sizeof(agency));
    if (st != MC_OK)
        goto out;
    if (errs->count) {
        st = MC_ERR_INVALID;
        goto out;
    }
    if (anonymous)
        snprintf(key, sizeof(key), "fb-addr:%s", s->address ? s->address : "");
    else
        snprintf(key, sizeof(key), "fb-user:%lld",
                 (long long)(s->on_behalf_by ? s->on_behalf_by : s->sender_user_id));
    if (blank(s->source))   /* filed from a rating or survey: not the sender's typing */
        st = rate_exceeded(db, key, anonymous ? 3600 : 86400,
                           anonymous ? FEEDBACK_ANON_PER_ADDR : FEEDBACK_PER_USER, &over);
    if (st != MC_OK)
        goto out;
    if (over) {
        st = MC_ERR_RATE_LIMITED;
        goto out;
    }
    if (anonymous) {
        st = otp_check(db, norm, s->otp, &c.code_id);
        if (st == MC_ERR_UNAUTHORIZED) {
            form_errors_add(errs, "otp", "mã xác minh không đúng hoặc đã hết hạn");
            st = MC_ERR_INVALID;
        }
        if (st != MC_OK)
            goto out;
    }
    c.name = s->sender_name;
    if (s->sender_user_id && !s->on_behalf_by) {
        struct db_stmt *q = NULL;
        st = db_get_row(db, &Q_USER_CONTACT, &q, "i", s->sender_user_id);
        if (st == MC_OK) {
            db_col_copy(q, 2, user_name, sizeof(user_name));
            st = seal_col_open(q, 0, user_email, sizeof(user_email));
            if (st == MC_OK)
                st = seal_col_open(q, 1, user_phone, sizeof(user_phone));
        }
        db_done(q);
        if (st == MC_ERR_NOT_FOUND)
            st = MC_OK;
        if (st != MC_OK)
            goto out;
        c.name = user_name;
    }
    c.email = norm[0] ? (is_email ? norm : NULL) : user_email;
    c.phone = norm[0] ? (is_email ? NULL : norm) : user_phone;
    c.submitted_at = clock_now();
    st = feedback_receive_time(db, c.submitted_at, &c.received_at);
    if (st == MC_OK)
        st = feedback_due(db, c.received_at, FEEDBACK_DUE_REJECT, &c.due_reject);
    if (st == MC_OK)
        st = feedback_due(db, c.received_at, FEEDBACK_DUE_INFO, &c.due_info);
    if (st == MC_OK)
        st = feedback_due(db, c.received_at, FEEDBACK_DUE_RESOLVE, &c.due_resolve);
    if (st == MC_OK)
        st = feedback_due(db, c.received_at, FEEDBACK_REMIND_BEFORE, &c.remind_at);
    if (st == MC_OK)
        st = db_tx(db, submit_tx, &c);
    if (st == MC_ERR_CONFLICT && c.code_id) {
        form_errors_add(errs, "otp", "mã xác minh đã được dùng; xin lấy mã mới");
        st = MC_ERR_INVALID;
    }
out:
    if (st != MC_OK)
        code[0] = token[0] = '\0';
    return st;
}

/* ---------------------------------------------------------------- reading */

void feedback_item_init(struct feedback_item *it)
{
    memset(it, 0, sizeof(*it));
}

/* The text members of an item, in the order Q_GET selects them (after id). */
#define ITEM_STRINGS(it) \
    &(it)->code, &(it)->kind, &(it)->category, &(it)->status, &(it)->title, &(it)->body, \
    &(it)->procedure_code, &(it)->dossier_code, &(it)->agency_code, &(it)->agency_name, \
    &(it)->sender_name, &(it)->sender_email, &(it)->sender_phone, &(it)->info_request, \
    &(it)->draft, &(it)->answer, &(it)->public_title, &(it)->public_question, \
    &(it)->public_answer, &(it)->reject_reason, &(it)->rating_comment, &(it)->assignee_name, \
    &(it)->source, &(it)->source_ref, &(it)->taken_up_change

void feedback_item_release(struct feedback_item *it)
{
    char **strs[] = {ITEM_STRINGS(it)};
    for (size_t i = 0; i < MC_ARRAY_LEN(strs); i++)
        free(*strs[i]);
    feedback_item_init(it);
}

/* Fill it from a row of Q_GET; *info_asked_at (may be NULL) gets when info was asked. */
static void item_read_row(struct db_stmt *st, struct feedback_item *it, int64_t *info_asked_at)
{
    char **strs[] = {ITEM_STRINGS(it)};
    int64_t *ints[] = {&it->sender_user_id, &it->on_behalf_by, &it->assignee_id,
                       &it->submitted_at, &it->received_at, &it->due_reject,
                       &it->due_info, &it->due_resolve, &it->due_publish,
                       &it->answered_at, &it->published_at, &it->rated_at};
    int col = 1;
    it->id = db_col_int64(st, 0);
    for (size_t i = 0; i < MC_ARRAY_LEN(strs); i++, col++) {
        bool sealed = strs[i] == &it->sender_email || strs[i] == &it->sender_phone;
        *strs[i] = sealed ? seal_col_dup(st, col) : feedback_col_dup(st, col);
    }
    for (size_t i = 0; i < MC_ARRAY_LEN(ints); i++)
        *ints[i] = db_col_int64(st, col++);
    it->rating = (int)db_col_int64(st, col++);
    it->consent_publish = db_col_int64(st, col++) != 0;
    it->reopened = db_col_int64(st, col++) != 0;
    if (info_asked_at)
        *info_asked_at = db_col_int64(st, col);
    it->remind_at = db_col_int64(st, col + 1);
    it->taken_up_at = db_col_int64(st, col + 2);
}

static enum mc_status load_item(struct db *db, const char *code, struct feedback_item *it,
                                int64_t *info_asked_at)
{
    struct db_stmt *st = NULL;
    feedback_item_release(it);
    enum mc_status rc = db_get_row(db, &Q_GET, &st, "s", code ? code : "");
    if (rc == MC_OK)
        item_read_row(st, it, info_asked_at);
    db_done(st);
    return rc;
}

static bool same_agency(const struct user *u, const struct feedback_item *it)
{
    return u->agency_code[0] && it->agency_code[0] &&
           strcmp(u->agency_code, it->agency_code) == 0;
}

bool feedback_may(const struct user *u, const struct feedback_item *it,
                  enum feedback_action action)
{
    unsigned lead = ROLE_AGENCY_ADMIN | ROLE_APPROVER;
    unsigned handle = lead | ROLE_PROCESSING;
    if (!user_is_officer(u))
        return false;
    if (action == FEEDBACK_TRANSFER && (u->roles & ROLE_PROVINCE_ADMIN))
        return true;
    if (!same_agency(u, it))
        return false;
    switch (action) {
    case FEEDBACK_TRANSFER:
    case FEEDBACK_ASSIGN:
    case FEEDBACK_APPROVE:
    case FEEDBACK_PUBLISH:
        return (u->roles & lead) != 0;
    case FEEDBACK_ASK_INFO:
    case FEEDBACK_REJECT:
    case FEEDBACK_DRAFT:
        return (u->roles & lead) || ((u->roles & handle) && it->assignee_id == u->id);
    }
    return false;
}

enum mc_status feedback_get_staff(struct db *db, const struct user *u, const char *code,
                                  struct feedback_item *out)
{
    enum mc_status st = load_item(db, code, out, NULL);
    if (st != MC_OK)
        return st;
    if (!user_is_officer(u))
        return MC_ERR_FORBIDDEN;
    if (!(u->roles & ROLE_PROVINCE_ADMIN) && !same_agency(u, out))
        return MC_ERR_FORBIDDEN;
    return MC_OK;
}

/* The columns of a file row, in order. */
static const struct db_field FEEDBACK_FILE_FIELDS[] = {
    DB_INT64(struct feedback_file, id),
    DB_TEXT(struct feedback_file, sha256),
    DB_TEXT(struct feedback_file, name),
    DB_TEXT(struct feedback_file, content_type),
    DB_INT64(struct feedback_file, size),
};

static const struct db_row_type FILE_ROW =
    DB_ROW_TYPE(struct feedback_file, FEEDBACK_FILE_FIELDS, NULL, NULL);

enum mc_status feedback_files(struct db *db, int64_t id, struct feedback_file *out,
                              size_t max, size_t *n)
{
    return db_row_fill(db, &Q_FILES, &FILE_ROW, out, max, n, "ii", id, (int64_t)max);
}

enum mc_status feedback_file_staff(struct db *db, const struct user *u, const char *code,
                                   int64_t file_id, struct feedback_file *out)
{
    struct feedback_item it;
    memset(out, 0, sizeof(*out));
    feedback_item_init(&it);
    enum mc_status rc = feedback_get_staff(db, u, code, &it);
    if (rc == MC_OK)
        rc = db_row_get(db, &Q_FILE, &FILE_ROW, out, "ii", file_id, it.id);
    feedback_item_release(&it);
    return rc;
}

static enum mc_status sender_may(struct db *db, const struct feedback_item *it,
                                 const char *token, int64_t user_id)
{
    char hex[65];
    int64_t n = 0;
    if (user_id && it->sender_user_id == user_id)
        return MC_OK;
    if (blank(token) || strlen(token) > 64)
        return MC_ERR_NOT_FOUND;
    sha256_hex("follow", token, hex);
    enum mc_status st = db_get_int(db, &Q_FOLLOW_FIND, &n, "si", hex, it->id);
    if (st == MC_OK && n == 0)
        st = MC_ERR_NOT_FOUND;
    return st;
}

enum mc_status feedback_get_sender(struct db *db, const char *code, const char *token,
                                   int64_t user_id, struct feedback_item *out)
{
    enum mc_status st = load_item(db, code, out, NULL);
    if (st == MC_OK)
        st = sender_may(db, out, token, user_id);
    return st;
}

/* The columns of Q_EVENTS, in order. */
static const struct db_field FEEDBACK_EVENT_FIELDS[] = {
    DB_INT64(struct feedback_event, at),
    DB_TEXT(struct feedback_event, kind),
    DB_TEXT(struct feedback_event, from_agency),
    DB_TEXT(struct feedback_event, to_agency),
    DB_TEXT(struct feedback_event, note),
};

static const struct db_row_type EVENT_ROW =
    DB_ROW_TYPE(struct feedback_event, FEEDBACK_EVENT_FIELDS, NULL, NULL);

enum mc_status feedback_events(struct db *db, int64_t id, struct feedback_event *out,
                               size_t max, size_t *n)
{
    return db_row_fill(db, &Q_EVENTS, &EVENT_ROW, out, max, n, "ii", id, (int64_t)max);
}

enum mc_status feedback_agency_staff(struct db *db, const char *agency,
                                     struct feedback_staff *out, size_t max, size_t *n)
{
    struct db_stmt *st = NULL;
    *n = 0;
    enum mc_status rc = db_query_start(db, &Q_STAFF, &st, "si", agency ? agency : "",
                                       (int64_t)max);
    while (db_next(st, &rc) && *n < max) {
        out[*n].id = db_col_int64(st, 0);
        db_col_copy(st, 1, out[*n].name, sizeof(out[*n].name));
        (*n)++;
    }
    db_done(st);
    return rc;
}

/* ---------------------------------------------------------------- handling */

struct apply_ctx {
    const struct user *u;
    const struct feedback_change *ch;
    const struct audit_actor *who;
    const char *base_url;
    struct feedback_item *it;
    const char *text;            /* trimmed text */
    const char *pub_title, *pub_question, *pub_answer;
    int64_t due_publish;
};

static const char *action_name(enum feedback_action a)
{
    static const char *const names[] = {"feedback.transfer", "feedback.assign",
                                        "feedback.ask_info", "feedback.reject",
                                        "feedback.draft", "feedback.approve",
                                        "feedback.publish"};
    return (size_t)a < MC_ARRAY_LEN(names) ? names[a] : "feedback.unknown";
}

static bool status_is(const struct feedback_item *it, const char *const *list)
{
    return in_list(it->status, list);
}

/* A message to the sender with a fresh follow link. */
static enum mc_status tell_with_link(struct db *db, struct apply_ctx *c, const char *subject,
                                     const char *intro, const char *text, const char *kind)
{
    char token[FEEDBACK_TOKEN_SIZE];
    struct buf b;
    enum mc_status st = MC_OK;
    if (blank(c->it->sender_email) && blank(c->it->sender_phone))
        return MC_OK;
    buf_init(&b, NOTIFY_BODY_MAX);
    st = follow_add(db, c->it->id, token);
    if (st == MC_OK) {
        buf_addf(&b, "%s (mã %s: %s)\n\n", intro, c->it->code, c->it->title);
        if (text)
            buf_addf(&b, "%s\n\n", text);
        buf_adds(&b, "Xem chi tiết và trả lời tại:\n");
        follow_link(&b, c->base_url, c->it->code, token);
        buf_adds(&b, "\n");
        st = buf_status(&b) == MC_OK ? MC_OK : MC_ERR_TOO_LARGE;
    }
    if (st == MC_OK)
        st = tell_sender(db, c->it->sender_email, c->it->sender_phone, subject, buf_cstr(&b),
                         kind);
    buf_release(&b);
    return st;
}

/* The published text of the item, folded, in the public search index. */
static enum mc_status fts_put(struct db *db, struct apply_ctx *c)
{
    struct buf t, q, a;
    enum mc_status st;
    buf_init(&t, BUF_MAX_SMALL);
    buf_init(&q, BUF_MAX_SMALL);
    buf_init(&a, BUF_MAX_PAGE);
    st = text_fold(c->pub_title, strlen(c->pub_title), &t);
    if (st == MC_OK)
        st = text_fold(c->pub_question, strlen(c->pub_question), &q);
    if (st == MC_OK)
        st = text_fold(c->pub_answer, strlen(c->pub_answer), &a);
    if (st == MC_OK)
        st = search_remove(db, &feedback_index_published, c->it->id);
    if (st == MC_OK) {
        const char *cols[] = {buf_cstr(&t), buf_cstr(&q), buf_cstr(&a)};
        st = search_put(db, &feedback_index_published, c->it->id, cols);
    }
    buf_release(&t);
    buf_release(&q);
    buf_release(&a);
    return st;
}

/*
 * The officer's text stored by q (item id, text, now) and the event kind
 * (with the text as its note when keep_text); then, when subject is set,
 * the sender told with a link (tell_with_link(), kind of notice tell).
 */
static enum mc_status store_text(struct db *db, struct apply_ctx *c, const struct db_query *q,
                                 const char *kind, bool keep_text, const char *subject,
                                 const char *intro, const char *tell)
{
    enum mc_status st = db_run(db, q, NULL, "isi", c->it->id, c->text, clock_now());
    if (st == MC_OK)
        st = add_event(db, c->it->id, kind, c->u->id, NULL, NULL, keep_text ? c->text : NULL);
    if (st == MC_OK && subject)
        st = tell_with_link(db, c, subject, intro, c->text, tell);
    return st;
}

static enum mc_status apply_tx(struct db *db, void *arg)
{
    struct apply_ctx *c = arg;
    struct feedback_item *it = c->it;
    const struct feedback_change *ch = c->ch;
    int64_t now = clock_now();
    enum mc_status st = MC_OK;
    switch (ch->action) {
    case FEEDBACK_TRANSFER:
        st = db_run(db, &Q_TRANSFER, NULL, "isi", it->id, ch->agency, now);
        if (st == MC_OK)
            st = add_event(db, it->id, "transferred", c->u->id, it->agency_code, ch->agency,
                           c->text);
        break;
    case FEEDBACK_ASSIGN:
        st = db_run(db, &Q_ASSIGN, NULL, "iii", it->id, ch->assignee_id, now);
        if (st == MC_OK)
            st = add_event(db, it->id, "assigned", c->u->id, NULL, NULL, NULL);
        break;
    case FEEDBACK_ASK_INFO:
        st = store_text(db, c, &Q_ASK_INFO, "info_requested", true,
                        "Đề nghị bổ sung thông tin phản ánh",
                        "Cơ quan giải quyết đề nghị bạn bổ sung thông tin",
                        "feedback.info_request");
        break;
    case FEEDBACK_REJECT:
        st = store_text(db, c, &Q_REJECT, "rejected", true, "Phản ánh không được tiếp nhận",
                        "Phản ánh của bạn không được tiếp nhận", "feedback.rejected");
        break;
    case FEEDBACK_DRAFT:
        st = store_text(db, c, &Q_DRAFT, "drafted", false, NULL, NULL, NULL);
        break;
    case FEEDBACK_APPROVE:
        st = feedback_due(db, now, FEEDBACK_DUE_PUBLISH, &c->due_publish);
        if (st == MC_OK)
            st = db_run(db, &Q_APPROVE, NULL, "isiii", it->id, c->text, now, c->u->id,
                        c->due_publish);
        if (st == MC_OK)
            st = add_event(db, it->id, "answered", c->u->id, NULL, NULL, NULL);
        if (st == MC_OK)
            st = tell_with_link(db, c, "Đã có câu trả lời cho phản ánh của bạn",
                                "Cơ quan đã trả lời phản ánh, kiến nghị của bạn", c->text,
                                "feedback.answered");
        break;
    case FEEDBACK_PUBLISH:
        st = db_run(db, &Q_PUBLISH, NULL, "isssi", it->id, c->pub_title, c->pub_question,
                    c->pub_answer, now);
        if (st == MC_OK)
            st = fts_put(db, c);
        if (st == MC_OK)
            st = add_event(db, it->id, "published", c->u->id, NULL, NULL, NULL);
        break;
    }
    return audit_record_if(st, db, c->who, action_name(ch->action),
                           ch->action == FEEDBACK_TRANSFER ? ch->agency : NULL, "feedback:%s",
                           it->code);
}

/* A trimmed copy of s in buf, or "" when s is NULL. */
static const char *trimmed(const char *s, struct buf *b)
{
    const char *p = s ? s : "";
    size_t len = strlen(p);
    text_trim(&p, &len);
    buf_add(b, p, len);
    return buf_cstr(b);
}

/* Validate a change against the item; fills errs or returns a status. */
static enum mc_status check_change(struct db *db, struct apply_ctx *c,
                                   struct form_errors *errs)
{
    static const char *const open_states[] = {"received", "assigned", "drafted", NULL};
    static const char *const routable[] = {"triage", "received", "assigned", "drafted", NULL};
    static const char *const answered[] = {"answered", "published", NULL};
    const struct feedback_change *ch = c->ch;
    const struct feedback_item *it = c->it;
    const char *msg = NULL;
    int64_t n = 0;
    bool known = false;
    enum mc_status st = MC_OK;
    size_t tlen = strlen(c->text);
    const char *const *from = ch->action == FEEDBACK_TRANSFER  ? routable
                              : ch->action == FEEDBACK_PUBLISH ? answered
                                                               : open_states;
    if (!status_is(it, from))
        return MC_ERR_CONFLICT;
    switch (ch->action) {
    case FEEDBACK_TRANSFER:
        if (blank(ch->agency))
            form_errors_add(errs, "agency", "vui lòng chọn cơ quan nhận");
        else if ((st = agency_exists(db, ch->agency, &known)) == MC_OK && !known)
            form_errors_add(errs, "agency", "cơ quan đã chọn không có trong danh sách");
        else if (st == MC_OK && strcmp(ch->agency, it->agency_code) == 0)
            form_errors_add(errs, "agency", "phản ánh đang ở cơ quan này");
        if (tlen == 0 && it->agency_code[0])
            form_errors_add(errs, "text", "vui lòng nêu lý do chuyển");
        break;
    case FEEDBACK_ASSIGN:
        st = db_get_int(db, &Q_STAFF_OF, &n, "is", ch->assignee_id, it->agency_code);
        if (st == MC_OK && n == 0)
            form_errors_add(errs, "assignee", "vui lòng chọn một cán bộ của cơ quan");
        break;
    case FEEDBACK_ASK_INFO:
    case FEEDBACK_REJECT:
        if (tlen == 0 || tlen > FEEDBACK_NOTE_MAX)
            form_errors_add(errs, "text", ch->action == FEEDBACK_REJECT
                            ? "vui lòng nêu lý do từ chối (tối đa 2.000 ký tự)"
                            : "vui lòng nêu thông tin cần bổ sung (tối đa 2.000 ký tự)");
        break;
    case FEEDBACK_DRAFT:
    case FEEDBACK_APPROVE:
        if (tlen == 0 || tlen > FEEDBACK_ANSWER_MAX)
            form_errors_add(errs, "text", "vui lòng nhập nội dung trả lời "
                                          "(tối đa 20.000 ký tự)");
        break;
    case FEEDBACK_PUBLISH:
        if (!it->consent_publish) {
            form_errors_add(errs, "public_question", "người gửi không đồng ý công khai; "
                                                     "không thể đăng câu hỏi này");
            break;
        }
        if (!*c->pub_title || strlen(c->pub_title) > FEEDBACK_TITLE_MAX)
            form_errors_add(errs, "public_title", "vui lòng nhập tiêu đề công khai "
                                                  "(tối đa 200 ký tự)");
        else if (feedback_redaction_check(c->pub_title, &msg) != MC_OK)
            form_errors_add(errs, "public_title", msg);
        if (!*c->pub_question || strlen(c->pub_question) > FEEDBACK_BODY_MAX)
            form_errors_add(errs, "public_question", "vui lòng nhập nội dung câu hỏi "
                                                     "công khai");
        else if (feedback_redaction_check(c->pub_question, &msg) != MC_OK)
            form_errors_add(errs, "public_question", msg);
        if (!*c->pub_answer || strlen(c->pub_answer) > FEEDBACK_ANSWER_MAX)
            form_errors_add(errs, "public_answer", "vui lòng nhập nội dung trả lời "
                                                   "công khai");
        else if (feedback_redaction_check(c->pub_answer, &msg) != MC_OK)
            form_errors_add(errs, "public_answer", msg);
        break;
    }
    if (feedback_has_markup(c->text) ||
        (ch->action == FEEDBACK_PUBLISH && (feedback_has_markup(c->pub_title) ||
                                            feedback_has_markup(c->pub_question) ||
                                            feedback_has_markup(c->pub_answer))))
        form_errors_add(errs, ch->action == FEEDBACK_PUBLISH ? "public_answer" : "text",
                        "nội dung không được chứa mã HTML hay mã lệnh");
    if (st == MC_OK && errs->count)
        st = MC_ERR_INVALID;
    return st;
}

enum mc_status feedback_apply(struct db *db, const struct user *u, const char *code,
                              const struct feedback_change *change,
                              const struct audit_actor *who, const char *base_url,
                              struct form_errors *errs)
{
    struct feedback_item it;
    struct buf text, ptitle, pquestion, panswer;
    struct apply_ctx c = {.u = u, .ch = change, .who = who, .base_url = base_url, .it = &it};
    enum mc_status st;
    feedback_item_init(&it);
    buf_init(&text, FEEDBACK_ANSWER_MAX + 16);
    buf_init(&ptitle, FEEDBACK_TITLE_MAX + 16);
    buf_init(&pquestion, FEEDBACK_BODY_MAX + 16);
    buf_init(&panswer, FEEDBACK_ANSWER_MAX + 16);
    st = feedback_get_staff(db, u, code, &it);
    if (st != MC_OK)
        goto out;
    if (!feedback_may(u, &it, change->action)) {
        st = MC_ERR_FORBIDDEN;
        goto out;
    }
    c.text = trimmed(change->text, &text);
    if (buf_status(&text) != MC_OK) {
        form_errors_add(errs, "text", "nội dung quá dài");
        st = MC_ERR_INVALID;
        goto out;
    }
    if (change->action == FEEDBACK_PUBLISH) {
        c.pub_title = trimmed(change->public_title, &ptitle);
        c.pub_question = trimmed(change->public_question, &pquestion);
        c.pub_answer = trimmed(blank(change->public_answer) ? it.answer
                               : change->public_answer, &panswer);
        if (buf_status(&ptitle) != MC_OK || buf_status(&pquestion) != MC_OK ||
            buf_status(&panswer) != MC_OK) {
            form_errors_add(errs, "public_question", "nội dung công khai quá dài");
            st = MC_ERR_INVALID;
            goto out;
        }
    }
    st = check_change(db, &c, errs);
    if (st == MC_OK)
        st = db_tx(db, apply_tx, &c);
out:
    buf_release(&text);
    buf_release(&ptitle);
    buf_release(&pquestion);
    buf_release(&panswer);
    feedback_item_release(&it);
    return st;
}

/* ---------------------------------------------------------------- the sender */

struct sender_ctx {
    struct feedback_item *it;
    const struct audit_actor *who;
    const char *text;
    int64_t due_resolve, remind_at;
    bool satisfied, reopen;
};

static enum mc_status reply_tx(struct db *db, void *arg)
{
    struct sender_ctx *c = arg;
    enum mc_status st = db_run(db, &Q_REPLY, NULL, "iiii", c->it->id, c->due_resolve,
                               c->remind_at, clock_now());
    if (st == MC_OK)
        st = add_event(db, c->it->id, "info_reply", 0, NULL, NULL, c->text);
    return audit_record_if(st, db, c->who, "feedback.info_reply", NULL, "feedback:%s", c->it->code);
}

enum mc_status feedback_sender_reply(struct db *db, const char *code, const char *token,
                                     int64_t user_id, const char *text,
                                     const struct audit_actor *who, struct form_errors *errs)
{
    struct feedback_item it;
    struct buf b;
    int64_t asked = 0, now = clock_now();
    struct sender_ctx c = {.it = &it, .who = who};
    enum mc_status st;
    feedback_item_init(&it);
    buf_init(&b, FEEDBACK_NOTE_MAX + 16);
    st = load_item(db, code, &it, &asked);
    if (st == MC_OK)
        st = sender_may(db, &it, token, user_id);
    if (st != MC_OK)
        goto out;
    if (strcmp(it.status, "need_info") != 0) {
        st = MC_ERR_CONFLICT;
        goto out;
    }
    c.text = trimmed(text, &b);
    if (!*c.text || buf_status(&b) != MC_OK || strlen(c.text) > FEEDBACK_NOTE_MAX) {
        form_errors_add(errs, "text", "vui lòng nhập thông tin bổ sung (tối đa 2.000 ký tự)");
        st = MC_ERR_INVALID;
        goto out;
    }
    st = feedback_due_after_pause(db, it.due_resolve, asked, now, &c.due_resolve);
    if (st == MC_OK)
        st = feedback_due_after_pause(db, it.remind_at, asked, now, &c.remind_at);
    if (st == MC_OK)
        st = db_tx(db, reply_tx, &c);
out:
    buf_release(&b);
    feedback_item_release(&it);
    return st;
}

static enum mc_status rate_tx(struct db *db, void *arg)
{
    struct sender_ctx *c = arg;
    int64_t now = clock_now();
    enum mc_status st = db_run(db, &Q_RATE, NULL, "iisi", c->it->id,
                               (int64_t)(c->satisfied ? 1 : -1), or_null(c->text), now);
    if (st == MC_OK)
        st = add_event(db, c->it->id, c->satisfied ? "rated_satisfied" : "rated_unsatisfied",
                       0, NULL, NULL, c->text);
    if (st == MC_OK && c->reopen)
        st = db_run(db, &Q_REOPEN, NULL, "iiii", c->it->id, c->due_resolve, c->remind_at, now);
    if (st == MC_OK && c->reopen)
        st = db_run(db, &Q_REMINDERS_CLEAR, NULL, "i", c->it->id);
    if (st == MC_OK && c->reopen)
        st = add_event(db, c->it->id, "reopened", 0, NULL, NULL, NULL);
    return audit_record_if(st, db, c->who, c->reopen ? "feedback.reopen" : "feedback.rate",
                           c->satisfied ? "satisfied" : "unsatisfied", "feedback:%s", c->it->code);
}

enum mc_status feedback_rate(struct db *db, const char *code, const char *token,
                             int64_t user_id, bool satisfied, const char *comment,
                             const struct audit_actor *who, bool *reopened,
                             struct form_errors *errs)
{
    static const char *const answered[] = {"answered", "published", NULL};
    struct feedback_item it;
    struct buf b;
    struct sender_ctx c = {.it = &it, .who = who, .satisfied = satisfied};
    enum mc_status st;
    feedback_item_init(&it);
    buf_init(&b, FEEDBACK_NOTE_MAX + 16);
    if (reopened)
        *reopened = false;
    st = load_item(db, code, &it, NULL);
    if (st == MC_OK)
        st = sender_may(db, &it, token, user_id);
    if (st != MC_OK)
        goto out;
    if (!status_is(&it, answered) || it.rated_at) {
        st = MC_ERR_CONFLICT;
        goto out;
    }
    c.text = trimmed(comment, &b);
    if (buf_status(&b) != MC_OK || strlen(c.text) > FEEDBACK_NOTE_MAX) {
        form_errors_add(errs, "comment", "nhận xét dài tối đa 2.000 ký tự");
        st = MC_ERR_INVALID;
        goto out;
    }
    c.reopen = !satisfied && !it.reopened;
    if (c.reopen) {
        st = feedback_due(db, clock_now(), FEEDBACK_DUE_RESOLVE, &c.due_resolve);
        if (st == MC_OK)
            st = feedback_due(db, clock_now(), FEEDBACK_REMIND_BEFORE, &c.remind_at);
    }
    if (st == MC_OK)
        st = db_tx(db, rate_tx, &c);
    if (st == MC_OK && reopened)
        *reopened = c.reopen;
out:
    buf_release(&b);
    feedback_item_release(&it);
    return st;
}

static const struct db_query Q_USES_FILE = {
    "feedback.uses_file",
    "SELECT EXISTS (SELECT 1 FROM feedback_attachments WHERE sha256 = ?1)",
};

enum mc_status feedback_uses_file(struct db *db, const char *sha256, bool *used)
{
    return filestore_owner_ask(db, &Q_USES_FILE, sha256, used);
}
