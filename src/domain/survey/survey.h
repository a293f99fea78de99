/*
 * survey.h - khảo sát: questionnaires built by province and agency
 * admins, published by link and QR code for a period, answered anonymously
 * or signed in, with results (counts, percentages) and exports; the web layer
 * draws their charts (web/survey/survey_view.h).
 *
 * DESIGN (docs/internals/survey.md)
 * - A survey is draft -> open -> closed (and may be opened again while
 *   its period lasts).  Questions change only while it is a draft, so
 *   results always match the questions they count.  Answers are taken
 *   while it is open and opens_at <= now < closes_at.
 * - Questions: single choice, multiple choice, a 1-5 scale, free text;
 *   each required or optional.  Skip logic: a choice of a single-choice
 *   question may jump forward to question N or to the end; the questions
 *   jumped over are "skipped".  survey_check_reply() walks the questions
 *   in order the way a respondent would, so skipped questions are neither
 *   required nor stored, whatever the client sent.
 * - One response per person (one_per_person): per user when signed in;
 *   otherwise per respondent key (the SHA-256 of a long-lived browser
 *   cookie, or of an app's respondent_id), plus at most SURVEY_PER_ADDR
 *   responses per survey per client address per day.  The address is
 *   stored only as a SHA-256.
 * - Authorisation lives here: province admins manage every survey; agency
 *   admins only their agency's (survey_may_manage).
 * - Every change runs in one db_tx() with its audit_log row.
 *
 * Thread-safety: every function uses only the struct db passed in (the
 * calling thread's connection) and its arguments; the pure functions keep
 * no state.
 */
#ifndef MC_SURVEY_SURVEY_H
#define MC_SURVEY_SURVEY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "domain/accounts/account.h"
#include "domain/audit/audit.h"
#include "core/buf.h"
#include "core/db.h"
#include "core/list_decl.h"
#include "core/errors.h"
#include "core/status.h"

#define SURVEY_TITLE_MAX 200          /* bytes of a title */
#define SURVEY_INTRO_MAX 2000         /* bytes of the introduction */
#define SURVEY_QUESTION_MAX 500       /* bytes of a question's text */
#define SURVEY_HELP_MAX 500           /* bytes of a question's hint */
#define SURVEY_OPTION_MAX 200         /* bytes of a choice's label */
#define SURVEY_OPTIONS_MAX 20         /* choices per question */
#define SURVEY_QUESTIONS_MAX 50       /* questions per survey */
#define SURVEY_TEXT_MAX 2000          /* bytes of a free-text answer */
#define SURVEY_REPLY_MAX 400          /* (question, value) pairs in one reply */
#define SURVEY_PER_ADDR 30            /* responses per survey per address per day */
#define SURVEY_TEXTS_SHOWN 50         /* newest free-text answers kept in results */
#define SURVEY_SCALE_MAX 5            /* scale answers are 1..SURVEY_SCALE_MAX */
#define SURVEY_SKIP_END (-1)          /* skip_to: jump to the end of the survey */
#define SURVEY_FIELD_SIZE 24          /* "q123456" form field names, with NUL */

enum survey_kind { SURVEY_SINGLE, SURVEY_MULTIPLE, SURVEY_SCALE, SURVEY_TEXT };

/* "single", "multiple", "scale", "text". */
const char *survey_kind_name(enum survey_kind k);
/* Vietnamese label ("Chọn một", ...). */
const char *survey_kind_label(enum survey_kind k);
/* Parse a kind name; MC_ERR_INVALID for anything else. */
enum mc_status survey_kind_parse(const char *s, enum survey_kind *out) MC_WARN_UNUSED;
/* Vietnamese label of a status key ("draft" -> "Bản nháp"); never NULL. */
const char *survey_status_label(const char *status);

struct survey_option {
    int64_t id;
    int position;        /* 1..nopts */
    char *label;         /* owned */
    int skip_to;         /* 0 = next question, SURVEY_SKIP_END, else a question position */
};

struct survey_question {
    int64_t id;
    int position;                   /* 1..nq, contiguous */
    enum survey_kind kind;
    char *text, *help;              /* owned ("" when none) */
    bool required;
    bool is_group;                  /* a respondent-group question (results filter) */
    struct survey_option *options;  /* owned, nopts entries (choice questions) */
    size_t nopts;
    size_t options_cap;             /* entries allocated */
    char field[SURVEY_FIELD_SIZE];  /* the form field name "q<id>", for errors */
};

/* A survey with its questions.  Strings are owned ("" when NULL). */
struct survey {
    int64_t id;
    char *title, *intro;
    char *agency_code;              /* "" = province-wide */
    char *agency_name;              /* "" = province-wide */
    char *status;                   /* "draft", "open", "closed" */
    int64_t opens_at, closes_at;    /* the answering period [opens_at, closes_at) */
    int64_t created_at, published_at, closed_at;   /* 0 when not yet */
    bool signed_in_only, one_per_person;
    int64_t responses;              /* responses stored */
    struct survey_question *questions;   /* owned, nq entries, by position */
    size_t nq;
    size_t questions_cap;                /* entries allocated */
};

void survey_init(struct survey *s);
void survey_release(struct survey *s);

/* Where a survey stands at time now. */
enum survey_state {
    SURVEY_DRAFT,       /* not published: invisible to the public */
    SURVEY_NOT_YET,     /* published, before opens_at */
    SURVEY_OPEN,        /* taking answers */
    SURVEY_ENDED,       /* closed by an admin or past closes_at */
};
enum survey_state survey_state(const struct survey *s, int64_t now);

/* The question with this id, or NULL. */
const struct survey_question *survey_find_question(const struct survey *s, int64_t id);

/* ---------------------------------------------------------------- reading */

/*
 * Load survey id with its questions into *out (initialised; refilled).
 * Returns MC_OK; MC_ERR_NOT_FOUND; MC_ERR_DB.
 */
enum mc_status survey_get(struct db *db, int64_t id, struct survey *out) MC_WARN_UNUSED;

/*
 * survey_get() for the public and the API: a draft is MC_ERR_NOT_FOUND
 * (*out released), as an unknown id is.  id_text is the id as it came in
 * the path; anything but an id (core/text.h text_parse_id) is not found.
 */
enum mc_status survey_get_public(struct db *db, const char *id_text, struct survey *out)
    MC_WARN_UNUSED;

/* True when u may manage (edit, publish, see results of) a survey of agency_code
 * ("" = province-wide). */
bool survey_may_manage(const struct user *u, const char *agency_code);

/* True when u may manage some surveys at all (province or agency admin). */
bool survey_is_admin(const struct user *u);

/*
 * survey_get, then check survey_may_manage: MC_ERR_FORBIDDEN when u may
 * not manage it (the survey is not returned).
 */
enum mc_status survey_get_staff(struct db *db, const struct user *u, int64_t id,
                                struct survey *out) MC_WARN_UNUSED;

/* A short row of a list. */
struct survey_row {
    int64_t id;
    char title[SURVEY_TITLE_MAX + 1];
    char agency_code[64];           /* "" = province-wide */
    char agency_name[256];
    char status[16];
    int64_t opens_at, closes_at;
    int64_t responses;
};

LIST_DECLARE(survey, survey_row);

/*
 * Surveys u may manage, newest first (at most 500).  MC_ERR_FORBIDDEN
 * when u manages none (not an admin, or an agency admin without agency).
 */
enum mc_status survey_list_staff(struct db *db, const struct user *u, struct survey_list *out)
    MC_WARN_UNUSED;
/* Surveys taking answers at time now, closing soonest first (at most 100). */
enum mc_status survey_list_open(struct db *db, int64_t now, struct survey_list *out)
    MC_WARN_UNUSED;

/* ---------------------------------------------------------------- building */

/* The settings form as typed; pointers are borrowed, NULL counts as "". */
struct survey_settings {
    const char *title;
    const char *intro;              /* optional */
    const char *agency_code;        /* "" = province-wide (province admins only) */
    const char *opens;              /* "YYYY-MM-DD": first day (00:00, UTC+7) */
    const char *closes;             /* "YYYY-MM-DD": last day, inclusive */
    bool signed_in_only;
    bool one_per_person;
};

/*
 * Create a draft survey.  An agency admin's survey always belongs to their
 * agency (agency_code is ignored).  On success *id is the new survey.
 * Returns MC_OK; MC_ERR_INVALID with errs (fields title, intro, agency,
 * opens, closes); MC_ERR_FORBIDDEN; MC_ERR_DB / MC_ERR_BUSY.
 */
enum mc_status survey_create(struct db *db, const struct user *u,
                             const struct survey_settings *in, const struct audit_actor *who,
                             struct form_errors *errs, int64_t *id) MC_WARN_UNUSED;
/* Change the settings of survey id (any status); errors as survey_create, plus NOT_FOUND. */
enum mc_status survey_update(struct db *db, const struct user *u, int64_t id,
                             const struct survey_settings *in, const struct audit_actor *who,
                             struct form_errors *errs) MC_WARN_UNUSED;

/* A question form as typed; pointers are borrowed. */
struct survey_question_input {
    const char *kind;               /* a survey_kind_name */
    const char *text;
    const char *help;               /* optional */
    const char *options;            /* choice questions: one per line, "Chưa -> 4" jumps */
    bool required;
    bool is_group;
};

/*
 * Parse one line of the options box: "label", "label -> 4" (jump to
 * question 4), "label -> hết" (jump to the end; also "kết thúc", "end";
 * "→" may replace "->", "câu 4" may replace "4").  The label is trimmed
 * into label (label_size bytes); *skip_to gets 0, SURVEY_SKIP_END or N.
 * MC_ERR_INVALID for an empty label or a bad jump target.  Pure.
 */
enum mc_status survey_parse_option_line(const char *line, size_t len, char *label,
                                        size_t label_size, int *skip_to) MC_WARN_UNUSED;

/* Append the options box text of q (the inverse of the parser) to out. */
void survey_options_text(const struct survey_question *q, struct buf *out);

/*
 * Add a question at the end (qid 0) or replace question qid of draft
 * survey sid.  Validates: text, kind, 2..SURVEY_OPTIONS_MAX distinct
 * choices for choice questions, no choices otherwise, jumps only on single
 * choice and only forward; a group question must be single choice.
 * Returns MC_OK; MC_ERR_INVALID with errs (fields kind, text, help,
 * options); MC_ERR_CONFLICT when the survey is not a draft;
 * MC_ERR_NOT_FOUND; MC_ERR_FORBIDDEN; MC_ERR_TOO_LARGE past
 * SURVEY_QUESTIONS_MAX; MC_ERR_DB / MC_ERR_BUSY.
 */
enum mc_status survey_question_save(struct db *db, const struct user *u, int64_t sid,
                                    int64_t qid, const struct survey_question_input *in,
                                    const struct audit_actor *who, struct form_errors *errs)
    MC_WARN_UNUSED;
/* Delete question qid of draft survey sid; jumps past it are renumbered. */
enum mc_status survey_question_delete(struct db *db, const struct user *u, int64_t sid,
                                      int64_t qid, const struct audit_actor *who)
    MC_WARN_UNUSED;
/* Move question qid one place up (dir < 0) or down (dir > 0); jumps follow. */
enum mc_status survey_question_move(struct db *db, const struct user *u, int64_t sid,
                                    int64_t qid, int dir, const struct audit_actor *who)
    MC_WARN_UNUSED;

/*
 * Check that s may be published: at least one question, every jump lands
 * on a later question or the end, the period ends in the future.  errs
 * gets field "survey" messages.  Pure apart from now.
 */
enum mc_status survey_check_publishable(const struct survey *s, int64_t now,
                                        struct form_errors *errs) MC_WARN_UNUSED;
/*
 * Publish (draft or closed -> open) or close (open -> closed) survey id.
 * Returns MC_OK; MC_ERR_INVALID with errs (publish checks);
 * MC_ERR_CONFLICT for a wrong status; MC_ERR_NOT_FOUND; MC_ERR_FORBIDDEN.
 */
enum mc_status survey_publish(struct db *db, const struct user *u, int64_t id,
                              const struct audit_actor *who, struct form_errors *errs)
    MC_WARN_UNUSED;
enum mc_status survey_close(struct db *db, const struct user *u, int64_t id,
                            const struct audit_actor *who) MC_WARN_UNUSED;

/* ---------------------------------------------------------------- answering */

/* A reply as sent: (question id, value) pairs; value is an option id for
 * choice questions (one pair per chosen option), "1".."5" for a scale,
 * the text for free text.  Pointers are borrowed. */
struct survey_reply_item {
    int64_t question_id;
    const char *value;
};
struct survey_reply {
    const struct survey_reply_item *items;
    size_t n;
};

/* One checked answer; text is borrowed from the reply. */
struct survey_answer {
    int64_t question_id;
    int64_t option_id;          /* choice questions, else 0 */
    int value;                  /* scale, else 0 */
    const char *text;           /* free text (trimmed start), else NULL */
};
struct survey_checked {
    struct survey_answer *items;   /* owned, n entries */
    size_t n;
    bool *skipped;                 /* owned, one per question of the survey */
};
void survey_checked_init(struct survey_checked *c);
void survey_checked_release(struct survey_checked *c);

/*
 * Check reply r against s: walk the questions in order following the
 * jumps of the chosen single-choice options; answers to skipped questions
 * are dropped; required questions on the path must be answered; choices
 * must belong to their question (one for single choice), scales be 1..5,
 * texts at most SURVEY_TEXT_MAX bytes.  Unknown question ids are refused.
 * errs fields are the questions' field names ("q12"), or "answers".
 * *out (initialised) receives the answers to store.  Pure.
 */
enum mc_status survey_check_reply(const struct survey *s, const struct survey_reply *r,
                                  struct survey_checked *out, struct form_errors *errs)
    MC_WARN_UNUSED;

/* Who answers; pointers are borrowed. */
struct survey_respondent {
    int64_t user_id;            /* 0 when not signed in */
    const char *key;            /* browser cookie or app respondent_id; NULL = none */
    const char *address;        /* client address (only its hash is stored) */
    const char *agency_code;    /* the agency link or QR used (?co-quan=); NULL/"" none */
    const char *channel;        /* "web" or "api" */
};

/*
 * Check and store a response to s (loaded with survey_get).  Returns
 * MC_OK with *response_id; MC_ERR_INVALID with errs; MC_ERR_CONFLICT
 * with errs field "survey" when the survey is not taking answers or this
 * person already answered; MC_ERR_UNAUTHORIZED when the survey needs a
 * signed-in person; MC_ERR_RATE_LIMITED past SURVEY_PER_ADDR;
 * MC_ERR_DB / MC_ERR_BUSY.  Nothing is stored on error.
 */
enum mc_status survey_respond(struct db *db, const struct survey *s,
                              const struct survey_reply *r, const struct survey_respondent *p,
                              const struct audit_actor *who, struct form_errors *errs,
                              int64_t *response_id) MC_WARN_UNUSED;

/*
 * True when this person already answered s (one_per_person surveys; false
 * otherwise).  For showing "bạn đã trả lời" instead of the form.
 */
enum mc_status survey_answered(struct db *db, const struct survey *s,
                               const struct survey_respondent *p, bool *out) MC_WARN_UNUSED;

/* ---------------------------------------------------------------- results */

/* Which responses to count; NULL / 0 = all. */
struct survey_filter {
    const char *agency_code;    /* responses given through this agency's link */
    int64_t group_option;       /* responses that chose this option of a group question */
};

struct survey_question_result {
    int64_t answered;           /* responses with an answer to the question */
    int64_t *counts;            /* owned: per option (choice) or per value 1..5 (scale) */
    size_t ncounts;
    double mean;                /* scale: mean value, 0 when unanswered */
    char **texts;               /* owned: newest free-text answers, up to SURVEY_TEXTS_SHOWN */
    int64_t *text_ids;          /* owned: their survey_answers ids (survey_answer_to_feedback) */
    size_t ntexts;
};
struct survey_results {
    int64_t responses;          /* responses matching the filter */
    struct survey_question_result *q;   /* owned, one per question of the survey */
    size_t nq;
};
void survey_results_init(struct survey_results *r);
void survey_results_release(struct survey_results *r);

/*
 * Count the responses to s matching f.  A group_option that is not an
 * option of a group question of s is MC_ERR_INVALID.
 */
enum mc_status survey_results(struct db *db, const struct survey *s,
                              const struct survey_filter *f, struct survey_results *out)
    MC_WARN_UNUSED;

/*
 * n as a percentage of total with one decimal and a Vietnamese decimal
 * comma: "41,7%"; "0%" when total is 0.  out needs 16 bytes.  Pure.
 */
void survey_percent(int64_t n, int64_t total, char *out, size_t size);

/*
 * Exports of the responses to s matching f: one row per response (number,
 * time, agency, then one column per question: choices joined by "; ",
 * the scale value, the text).  CSV is UTF-8 with a byte order mark
 * (Excel), RFC 4180 quoting, and text that would start a formula
 * (= + - @) prefixed with an apostrophe.  The xlsx workbook has a
 * "Tổng hợp" sheet (counts and percentages) and a "Câu trả lời" sheet;
 * it is written in tmpdir and read back into out.
 */
enum mc_status survey_export_csv(struct db *db, const struct survey *s,
                                 const struct survey_filter *f, struct buf *out)
    MC_WARN_UNUSED;
enum mc_status survey_export_xlsx(struct db *db, const struct survey *s,
                                  const struct survey_filter *f, const char *tmpdir,
                                  struct buf *out) MC_WARN_UNUSED;

/*
 * Turn free-text answer answer_id of survey survey_id into a feedback item
 * ("ý kiến khảo sát" becomes work with the feedback deadlines): u must
 * manage the survey (survey_may_manage).  The item goes to the agency of
 * the link the answer came through, else the survey's agency, else
 * agency (the admin's choice; NULL or "" = the province admin's triage).
 * It is filed by u for the respondent (their name when they were signed
 * in), consent to publish the redacted answer given (the survey is
 * public), source "survey" and reference "answer:ID": a second call files
 * nothing and gives the same code.  code receives the item's code
 * (FEEDBACK_CODE_SIZE) and *created whether it is new.
 * Returns MC_OK; MC_ERR_NOT_FOUND (no such free-text answer in that
 * survey); MC_ERR_FORBIDDEN; MC_ERR_INVALID with errs; MC_ERR_DB.
 */
enum mc_status survey_answer_to_feedback(struct db *db, const struct user *u,
                                         const struct audit_actor *who, int64_t survey_id,
                                         int64_t answer_id, const char *agency,
                                         struct form_errors *errs, char *code, bool *created)
    MC_WARN_UNUSED;

/* ---------------------------------------------------------------- demo */

/*
 * The example survey "Bạn đã biết sử dụng dịch vụ công trực tuyến chưa?"
 * (7 questions with a jump, a scale and free text), created by the
 * province admin admin_login, published, with a few sample responses.
 * Does nothing when a survey exists already.
 */
enum mc_status survey_seed_demo(struct db *db, const char *admin_login) MC_WARN_UNUSED;

#endif
