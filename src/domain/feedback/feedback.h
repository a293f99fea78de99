/*
 * feedback.h - phản ánh, kiến nghị and hỏi–đáp: submitting, routing,
 * working-day deadlines, answering, publishing with redaction, the
 * sender's rating, reminders, statistics and the 766 indicators.
 *
 * DESIGN (docs/internals/feedback.md)
 * - Life of an item: triage (no agency yet) -> received -> assigned ->
 *   drafted -> answered -> published; from received/assigned/drafted the
 *   agency may ask the sender for more information (need_info, the
 *   resolve clock pauses until the sender replies) or reject the item
 *   (rejected).  A dislike of the answer reopens the item once (back to
 *   assigned, with a new resolve deadline).
 * - Deadlines (DESIGN.md §3), in working days from the moment the item
 *   counts as received (calendar_receive_time): reject FEEDBACK_DUE_REJECT,
 *   ask for information FEEDBACK_DUE_INFO, resolve FEEDBACK_DUE_RESOLVE,
 *   and publish FEEDBACK_DUE_PUBLISH after the answer.
 * - Routing: the agency chosen by the sender, else the agency of the
 *   dossier (feedback_dossier_agency), else the procedure's competent
 *   agency when exactly one agency's name starts with it, else the
 *   province admin's triage queue.  A transfer keeps the deadlines and is
 *   recorded with its reason.
 * - Authorisation is checked here, not only in the web layer: staff act
 *   only on their own agency's items; province admins on all of them.
 * - Every change runs in one db_tx() with its audit_log row and, when it
 *   tells someone, its notify_outbox row.
 * - Published text must pass feedback_redaction_check(): no CCCD, phone
 *   number or email address may become public.
 *
 * Thread-safety: every function uses only the struct db passed in (the
 * calling thread's connection) and keeps no other state.
 */
#ifndef MC_FEEDBACK_FEEDBACK_H
#define MC_FEEDBACK_FEEDBACK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "domain/accounts/account.h"
#include "domain/audit/audit.h"
#include "core/db.h"
#include "core/errors.h"
#include "core/status.h"

#define FEEDBACK_TITLE_MAX 200          /* bytes of a title */
#define FEEDBACK_BODY_MIN 10            /* bytes of the text, at least */
#define FEEDBACK_BODY_MAX 8000          /* bytes of the text */
#define FEEDBACK_NAME_MAX 200           /* bytes of the sender's name */
#define FEEDBACK_ANSWER_MAX 20000       /* bytes of an answer */
#define FEEDBACK_NOTE_MAX 2000          /* bytes of a reason, request or comment */
#define FEEDBACK_ATTACH_MAX (10u * 1024 * 1024)   /* bytes of one attachment */
#define FEEDBACK_ATTACH_COUNT 3         /* attachments per item */
#define FEEDBACK_CODE_SIZE 48           /* "PA-260213-0001" and NUL, with room */
#define FEEDBACK_TOKEN_SIZE 44          /* follow token: base64url of 32 bytes + NUL */
#define FEEDBACK_OTP_TTL (15 * 60)      /* seconds a contact code is valid */
#define FEEDBACK_OTP_TRIES 5            /* wrong guesses before a code is dead */
#define FEEDBACK_OTP_PER_CONTACT 3      /* codes per contact per 15 minutes */
#define FEEDBACK_OTP_PER_ADDR 10        /* codes per address per hour */
#define FEEDBACK_ANON_PER_ADDR 10       /* anonymous items per address per hour */
#define FEEDBACK_PER_USER 20            /* items per signed-in user per day */
#define FEEDBACK_DUE_REJECT 2           /* working days to reject */
#define FEEDBACK_DUE_INFO 5             /* working days to ask for more information */
#define FEEDBACK_DUE_RESOLVE 15         /* working days to answer */
#define FEEDBACK_DUE_PUBLISH 2          /* working days from answer to publication */
#define FEEDBACK_REMIND_BEFORE 14       /* working days after receipt: "due tomorrow" */
#define FEEDBACK_ESCALATE_AFTER 3       /* working days late: escalate to the leader */
#define FEEDBACK_PAGE_MAX 50            /* items per listed page */

/* ---------------------------------------------------------------- checks */

/*
 * Check that text may be published: it must not contain a CCCD (12 digits)
 * or old CMND (9 digits), a phone number (10-11 digits starting 0 or 84;
 * spaces, dots and dashes between digits are ignored), or an email
 * address.  Returns MC_OK or MC_ERR_INVALID with *msg (may be NULL) a
 * static Vietnamese sentence naming what was found.  Pure.
 */
enum mc_status feedback_redaction_check(const char *text, const char **msg) MC_WARN_UNUSED;

/*
 * True when text carries HTML or script (a <script>, <iframe>, <img> ...
 * tag, a javascript: link or an on...= handler).  Such text is refused
 * everywhere, although every page escapes what it shows.  Pure.
 */
bool feedback_has_markup(const char *text);

/* Vietnamese label of a category key ("thu_tuc" -> "Thủ tục hành chính"); NULL if unknown. */
const char *feedback_category_label(const char *key);
/* Vietnamese label of a status key ("answered" -> "Đã trả lời"); never NULL. */
const char *feedback_status_label(const char *key);
/* Vietnamese label of a kind key ("hoi_dap" -> "Hỏi – đáp"); NULL if unknown. */
const char *feedback_kind_label(const char *key);
/* The category keys in display order, NULL-terminated. */
extern const char *const feedback_categories[];

/*
 * The agency that handles dossier code, into agency (AGENCY_CODE_MAX
 * bytes).  Until the dossier module exists this only checks the shape of
 * the code: MC_ERR_NOT_FOUND means "no agency known" (the item goes to
 * triage), MC_ERR_INVALID a code that cannot be a dossier code.  The one
 * place to swap when src/dossier lands.
 */
enum mc_status feedback_dossier_agency(struct db *db, const char *code, char *agency,
                                       size_t agency_size) MC_WARN_UNUSED;

/* ---------------------------------------------------------------- contact codes */

/*
 * Send a one-time 6-digit code to contact (an email address or a mobile
 * number) through the outbox.  norm (at least 256 bytes) receives the
 * normalised contact.  Rate-limited per contact and per address.
 * Returns MC_OK; MC_ERR_INVALID with errs->items for field "contact";
 * MC_ERR_RATE_LIMITED; MC_ERR_DB / MC_ERR_BUSY.
 */
enum mc_status feedback_code_request(struct db *db, const char *contact, const char *address,
                                     const struct audit_actor *who, char *norm,
                                     size_t norm_size, struct form_errors *errs)
    MC_WARN_UNUSED;

/* ---------------------------------------------------------------- submitting */

/* An attachment already stored under data_dir/files/<sha256>. */
struct feedback_attachment {
    const char *sha256;        /* 64 hex digits */
    const char *name;          /* client's file name, display only */
    const char *content_type;  /* checked by the caller from the content */
    int64_t size;              /* bytes */
};

/* What a sender typed; pointers are borrowed.  Optional fields may be NULL or "". */
struct feedback_submission {
    const char *kind;             /* "phan_anh" or "hoi_dap" */
    const char *category;         /* a feedback_categories key */
    const char *title;
    const char *body;
    const char *procedure_code;   /* optional */
    const char *agency_code;      /* optional: the sender's choice */
    const char *dossier_code;     /* optional */
    const char *sender_name;
    const char *contact;          /* email or mobile; required unless signed in */
    const char *otp;              /* code sent to the contact (anonymous senders) */
    bool consent_publish;
    int64_t sender_user_id;       /* 0 for anonymous */
    int64_t on_behalf_by;         /* staff/collaborator filing for a citizen, or 0 */
    bool verbal_consent;          /* on behalf: the citizen agreed aloud to be filed for */
    const char *address;          /* client IP, for rate limits */
    const struct feedback_attachment *attachments;
    size_t nattachments;
    const char *source;           /* NULL: the sender typed it; "rating", "survey": filed
                                   * for them from what they said there (no rate limit) */
    const char *source_ref;       /* with source: the dossier code, the survey answer */
};

/*
 * Validate and store a new item.  A sender who is neither signed in
 * (sender_user_id) nor filing for someone (on_behalf_by) must give the
 * code sent to the email or phone (checked first, in its own transaction,
 * so wrong guesses are counted even though nothing is stored).
 * On success code (FEEDBACK_CODE_SIZE) receives the item code and token
 * (FEEDBACK_TOKEN_SIZE) a follow token for the sender's link; the sender
 * gets a confirmation through the outbox when they gave an email.
 * Errors already in errs when called (a caller's own form checks) also
 * stop the submission.  A verbal consent is written to the history and to
 * the audit row's detail ("on_behalf,verbal_consent").
 * Returns MC_OK; MC_ERR_INVALID with errs filled (field names as the form's);
 * MC_ERR_RATE_LIMITED; MC_ERR_DB / MC_ERR_BUSY.  Nothing is stored on error.
 */
enum mc_status feedback_submit(struct db *db, const struct feedback_submission *s,
                               const struct audit_actor *who, const char *base_url,
                               struct form_errors *errs, char code[FEEDBACK_CODE_SIZE],
                               char token[FEEDBACK_TOKEN_SIZE]) MC_WARN_UNUSED;

/* ---------------------------------------------------------------- reading */

/* One item, as staff and the sender see it.  Strings are owned ("" when NULL). */
struct feedback_item {
    int64_t id;
    char *code, *kind, *category, *status, *title, *body;
    char *procedure_code, *dossier_code, *agency_code, *agency_name;
    char *sender_name, *sender_email, *sender_phone;
    char *info_request, *draft, *answer, *public_title, *public_question, *public_answer;
    char *reject_reason, *rating_comment, *assignee_name;
    char *source, *source_ref;   /* "sender", "rating", "survey"; the dossier or answer */
    char *taken_up_change;       /* "đã tiếp thu": what was changed, "" when nothing yet */
    int64_t taken_up_at;         /* the day it was changed, 0 when nothing yet */
    int64_t sender_user_id, on_behalf_by, assignee_id;
    int64_t submitted_at, received_at, due_reject, due_info, due_resolve, due_publish;
    int64_t answered_at, published_at, rated_at;   /* 0 when not yet */
    int64_t remind_at;                             /* 'before' reminder time */
    int rating;                                    /* 1, -1, 0 none */
    bool consent_publish, reopened;
};

void feedback_item_init(struct feedback_item *it);
void feedback_item_release(struct feedback_item *it);

/*
 * Read the item with this code as u may see it: a province admin any,
 * other officers only their agency's; collaborators (user_is_officer()
 * false) none.  *out (initialised) is refilled.
 * Returns MC_OK; MC_ERR_NOT_FOUND; MC_ERR_FORBIDDEN; MC_ERR_DB.
 */
enum mc_status feedback_get_staff(struct db *db, const struct user *u, const char *code,
                                  struct feedback_item *out) MC_WARN_UNUSED;

/*
 * Read the item as its sender: token must be a follow token of the item,
 * or user_id its signed-in sender.  MC_ERR_NOT_FOUND for anything else
 * (so codes cannot be probed).
 */
enum mc_status feedback_get_sender(struct db *db, const char *code, const char *token,
                                   int64_t user_id, struct feedback_item *out) MC_WARN_UNUSED;

/* An event of an item's history. */
struct feedback_event {
    int64_t at;
    char kind[32];
    char from_agency[64], to_agency[64];
    char note[FEEDBACK_NOTE_MAX + 1];
};

/* Up to max events of item id, oldest first; *n gets the count. */
enum mc_status feedback_events(struct db *db, int64_t id, struct feedback_event *out,
                               size_t max, size_t *n) MC_WARN_UNUSED;

/* A short row of a list. */
struct feedback_row {
    char code[FEEDBACK_CODE_SIZE];
    char kind[16], category[16], status[16];
    char title[FEEDBACK_TITLE_MAX + 1];
    char agency_code[64];
    char agency_name[256];
    int64_t received_at, due_resolve, answered_at;
    bool reminded;          /* a reminder was sent */
};

struct feedback_list {
    struct feedback_row *items;
    size_t n;
    int64_t total;          /* over all pages */
};
void feedback_list_init(struct feedback_list *l);
void feedback_list_release(struct feedback_list *l);

/*
 * Items u may handle, newest deadline first: for staff their agency's;
 * for a province admin all (agency NULL) or one agency's.  status NULL
 * lists open items (not answered, published or rejected), "triage" the
 * triage queue, "all" everything, else that status.  offset/limit page it.
 */
enum mc_status feedback_list_staff(struct db *db, const struct user *u, const char *agency,
                                   const char *status, size_t offset, size_t limit,
                                   struct feedback_list *out) MC_WARN_UNUSED;

/*
 * The items a signed-in citizen or business sent themselves (not those
 * filed for them), newest first, into out (rows as feedback_list_staff;
 * reminded is always false).  offset/limit page it (limit 0 or above
 * FEEDBACK_PAGE_MAX = FEEDBACK_PAGE_MAX).
 */
enum mc_status feedback_list_mine(struct db *db, int64_t user_id, size_t offset, size_t limit,
                                  struct feedback_list *out) MC_WARN_UNUSED;

/* An attachment of a stored item. */
struct feedback_file {
    int64_t id;
    char sha256[65];           /* 64 hex digits: data_dir/files/<sha256> */
    char name[256];            /* the sender's file name, display only */
    char content_type[64];     /* checked from the content when sent */
    int64_t size;              /* bytes */
};

/* Up to max attachments of item id, in the order sent; *n gets the count. */
enum mc_status feedback_files(struct db *db, int64_t id, struct feedback_file *out,
                              size_t max, size_t *n) MC_WARN_UNUSED;

/*
 * Attachment file_id of item code, for u to download: the same rule as
 * feedback_get_staff (the item's agency or a province admin).  Returns
 * MC_OK; MC_ERR_NOT_FOUND (no such item, or the file is not the item's);
 * MC_ERR_FORBIDDEN; MC_ERR_DB.
 */
enum mc_status feedback_file_staff(struct db *db, const struct user *u, const char *code,
                                   int64_t file_id, struct feedback_file *out) MC_WARN_UNUSED;

/* A published item as the public sees it; strings owned. */
struct feedback_public {
    char *code, *kind, *category, *title, *question, *answer, *agency_code, *agency_name;
    char *procedure_code;
    int64_t answered_at, published_at;
};

struct feedback_public_list {
    struct feedback_public *items;
    size_t n;
    int64_t total;
};
void feedback_public_list_init(struct feedback_public_list *l);
void feedback_public_list_release(struct feedback_public_list *l);

/* Filters of the public page; every member optional. */
struct feedback_public_query {
    const char *q;             /* words, with or without diacritics */
    const char *agency;        /* agency code */
    const char *procedure;     /* procedure code */
    const char *category;      /* category key */
    const char *kind;          /* "phan_anh" or "hoi_dap" */
    size_t offset, limit;      /* limit 0 = 20, at most FEEDBACK_PAGE_MAX */
};

/* Search published items, newest first (best match first with q). */
enum mc_status feedback_public_search(struct db *db, const struct feedback_public_query *q,
                                      struct feedback_public_list *out) MC_WARN_UNUSED;

/* One published item by code; MC_ERR_NOT_FOUND when not published. */
enum mc_status feedback_public_get(struct db *db, const char *code,
                                   struct feedback_public_list *out) MC_WARN_UNUSED;

/* ---------------------------------------------------------------- handling */

/* What staff can do to an item. */
enum feedback_action {
    FEEDBACK_TRANSFER,       /* to another agency, with a reason */
    FEEDBACK_ASSIGN,         /* to an officer of the agency */
    FEEDBACK_ASK_INFO,       /* ask the sender for more information */
    FEEDBACK_REJECT,         /* not a matter for this platform, with a reason */
    FEEDBACK_DRAFT,          /* save a draft answer */
    FEEDBACK_APPROVE,        /* approve the answer; the sender is told */
    FEEDBACK_PUBLISH,        /* publish the redacted question and answer */
};

/* The arguments of an action; which members are used depends on it. */
struct feedback_change {
    enum feedback_action action;
    const char *agency;          /* TRANSFER: target agency code */
    const char *text;            /* reason, request, draft or answer */
    int64_t assignee_id;         /* ASSIGN */
    const char *public_title;    /* PUBLISH */
    const char *public_question; /* PUBLISH */
    const char *public_answer;   /* PUBLISH: the answer as published ("" = the answer) */
};

/*
 * Apply change to item code as u.  Checks that u may (agency, role,
 * status), validates the text (PUBLISH: feedback_redaction_check on every
 * published text and the sender's consent), writes the change, an event,
 * the audit row and any message to the sender in one transaction.
 * Returns MC_OK; MC_ERR_INVALID with errs; MC_ERR_FORBIDDEN;
 * MC_ERR_NOT_FOUND; MC_ERR_CONFLICT when the status does not allow it.
 */
enum mc_status feedback_apply(struct db *db, const struct user *u, const char *code,
                              const struct feedback_change *change,
                              const struct audit_actor *who, const char *base_url,
                              struct form_errors *errs) MC_WARN_UNUSED;

/* May u do action to it (agency and role, not status)? */
bool feedback_may(const struct user *u, const struct feedback_item *it,
                  enum feedback_action action);

/* A staff member of an agency, for the assign list. */
struct feedback_staff {
    int64_t id;
    char name[256];
};
/* Up to max staff of agency into out; *n gets the count. */
enum mc_status feedback_agency_staff(struct db *db, const char *agency,
                                     struct feedback_staff *out, size_t max, size_t *n)
    MC_WARN_UNUSED;

/*
 * The sender replies to a request for information (need_info): the text
 * is added to the history, the resolve deadline moves by the working time
 * the item waited, and the item goes back to the agency.  Identified as
 * in feedback_get_sender.  MC_ERR_CONFLICT when no information was asked.
 */
enum mc_status feedback_sender_reply(struct db *db, const char *code, const char *token,
                                     int64_t user_id, const char *text,
                                     const struct audit_actor *who,
                                     struct form_errors *errs) MC_WARN_UNUSED;

/*
 * The sender rates the answer: satisfied true (like) or false (dislike),
 * with an optional comment.  Allowed once per answer (a new answer clears
 * the previous rating).  The first dislike
 * reopens the item (assigned again, resolve deadline FEEDBACK_DUE_RESOLVE
 * working days from now); later ones only count.  *reopened (may be NULL)
 * tells which happened.  MC_ERR_CONFLICT when there is no answer to rate
 * or it was rated already.
 */
enum mc_status feedback_rate(struct db *db, const char *code, const char *token,
                             int64_t user_id, bool satisfied, const char *comment,
                             const struct audit_actor *who, bool *reopened,
                             struct form_errors *errs) MC_WARN_UNUSED;

/* ---------------------------------------------------------------- monitoring */

/*
 * One round of reminders at clock_now(): for every open item of an
 * agency, 'before' once the resolve deadline is one working day away,
 * 'overdue' once it passed (to the agency's inbox), 'escalated'
 * FEEDBACK_ESCALATE_AFTER working days later (to its leader).  Each is
 * sent once (feedback_reminders), with the email when the agency has a
 * contact (feedback_contacts).  *sent (may be NULL) counts reminders.
 */
enum mc_status feedback_remind(struct db *db, int *sent) MC_WARN_UNUSED;

/* Set an agency's feedback inbox and leader emails (province admin). */
enum mc_status feedback_set_contacts(struct db *db, const struct user *u, const char *agency,
                                     const char *inbox, const char *leader,
                                     const struct audit_actor *who,
                                     struct form_errors *errs) MC_WARN_UNUSED;

/*
 * File an item from what a citizen said elsewhere: s->source ("rating" or
 * "survey") and s->source_ref say where.  When an item with the same
 * source and reference exists nothing is written and code receives its
 * code (*created false); otherwise feedback_submit() (no confirmation
 * link: base_url NULL) and *created true.  Runs nested in the caller's
 * transaction, so the rating or the survey action and its item are
 * written together.  Returns as feedback_submit().
 */
enum mc_status feedback_file_from(struct db *db, const struct feedback_submission *s,
                                  const struct audit_actor *who, struct form_errors *errs,
                                  char code[FEEDBACK_CODE_SIZE], bool *created) MC_WARN_UNUSED;

#define FEEDBACK_TAKEN_UP_MAX 2000   /* characters of a "đã tiếp thu" note */

/*
 * Record what was changed as a result of item code ("đã tiếp thu"): change
 * (10..FEEDBACK_TAKEN_UP_MAX characters, no markup, no personal data as
 * feedback_redaction_check() says, since it is published with the answer)
 * and day ("YYYY-MM-DD", not after today).  Only for an answered or
 * published item, by an officer of its agency or a province admin; may be
 * corrected (the history keeps each).  One db_tx() with an event
 * "taken_up" and an audit row 'feedback.take_up'.
 * Returns MC_OK; MC_ERR_INVALID with errs (fields "taken_up_change",
 * "taken_up_date"); MC_ERR_NOT_FOUND; MC_ERR_FORBIDDEN; MC_ERR_CONFLICT
 * (not answered yet); MC_ERR_DB.
 */
enum mc_status feedback_take_up(struct db *db, const struct user *u, const char *code,
                                const char *change, const char *day,
                                const struct audit_actor *who, struct form_errors *errs)
    MC_WARN_UNUSED;

/* Counts of one agency over a period. */
struct feedback_stats_row {
    char agency_code[64];
    char agency_name[256];
    int64_t received;         /* received in the period */
    int64_t answered;         /* answered in the period */
    int64_t on_time;          /* of those, by the resolve deadline */
    int64_t judged;           /* answered in the period, or due in it and unanswered */
    int64_t rated;            /* rated in the period */
    int64_t satisfied;        /* of those, liked */
    int64_t open;             /* still open at the end of the period */
    int64_t published;        /* answers published in the period */
    int64_t taken_up;         /* "đã tiếp thu": a change recorded in the period */
    double score;             /* league table: mean of on-time and satisfied ratios */
};

/*
 * Counts per agency for [from, to) (Unix seconds), every agency with at
 * least one item, ordered by league score (best first), then name.
 * *out is a new array of *n rows the caller frees with free().
 */
enum mc_status feedback_stats(struct db *db, int64_t from, int64_t to,
                              struct feedback_stats_row **out, size_t *n) MC_WARN_UNUSED;

/* The two 766 indicators of one agency over [from, to). */
struct feedback_indicators {
    int64_t dung_han_num;     /* pakn_dung_han: answered by the resolve deadline */
    int64_t dung_han_den;     /* answered in the period, or due in it and unanswered */
    int64_t hai_long_num;     /* pakn_hai_long: answers rated satisfied */
    int64_t hai_long_den;     /* answers rated in the period */
};

/*
 * pakn_dung_han and pakn_hai_long for agency over [from, to): numerators
 * and denominators (the index engine gives full points when a
 * denominator is 0).  agency NULL gives the whole province.
 */
enum mc_status feedback_indicators(struct db *db, const char *agency, int64_t from,
                                   int64_t to, struct feedback_indicators *out)
    MC_WARN_UNUSED;

/*
 * Seed the demo: when there is no feedback yet, three items from the
 * citizen citizen_login, answered and published by the staff member
 * officer_login (an agency admin of T20.STP).  Idempotent.
 */
enum mc_status feedback_seed_demo(struct db *db, const char *citizen_login,
                                  const char *officer_login) MC_WARN_UNUSED;

/* [from, to) of the month "YYYY-MM" in Vietnam time; MC_ERR_INVALID otherwise. */
enum mc_status feedback_month_range(const char *month, int64_t *from, int64_t *to)
    MC_WARN_UNUSED;

/*
 * Whether a feedback attachment names the stored file sha256 (an owner of stored files,
 * core/filestore.h: registered by the program's composition root).
 * OUT *used.  Returns MC_OK or MC_ERR_DB.
 */
enum mc_status feedback_uses_file(struct db *db, const char *sha256, bool *used) MC_WARN_UNUSED;

/*
 * Seal the senders' emails and phones written before they were sealed (all
 * false, at start: idempotent), or reseal every one under the current key
 * (all true, `motcua keys rotate`), in the caller's transaction; contact
 * codes that still name their contact in clear are deleted (they last 15
 * minutes).  *changed counts rows written.
 */
enum mc_status feedback_reseal(struct db *db, bool all, size_t *changed) MC_WARN_UNUSED;

#endif
