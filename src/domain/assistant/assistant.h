/*
 * assistant.h - the virtual assistant (trợ lý ảo): answers questions in
 * Vietnamese about procedures, dossiers and account safety, grounded in
 * the catalogue and the curated FAQ, and logs every conversation without
 * personal data so admins can improve it.
 *
 * DESIGN (docs/internals/assistant.md)
 * - One shared knowledge base (kb.h) per process, built on first use and
 *   rebuilt when asst_kb_stamp() changes (catalogue import, FAQ or rule
 *   edits).  Requests hold a reference while they rank, so a rebuild never
 *   frees a base in use.
 * - assistant_ask(): analyse (lexicon.h) -> intent -> rank -> decide:
 *     * safety, account, status, human, greeting: fixed guidance, with a
 *       procedure answer instead when the question clearly names one;
 *     * a close FAQ question with an answer: that answer;
 *     * a confident procedure: the part the intent asks for (documents,
 *       fee in đồng, time with unit, agency, online), taken from the
 *       stored record, with links to the procedure page and, when it can
 *       be lodged online, to "Nộp trực tuyến";
 *     * unsure: the two or three most likely procedures to choose from;
 *     * no match: an offer to hand the question to a person.
 *   Nothing is invented: every number is read from the catalogue.
 * - A follow-up without a procedure of its own ("thế lệ phí bao nhiêu?")
 *   reuses the procedure last answered in the same session (the log).
 * - The log keeps the question masked (asst_mask), the hashed session, the
 *   intent, the outcome and the confidence; never the raw question.
 * - Dossier status: a dossier code and the 4-digit check, in one message or
 *   two of the same session (held in memory for ASST_TRACK_PENDING
 *   seconds, never logged), are looked up with dossier_track(); a wrong
 *   check and an unknown code get the same answer, and lookups are
 *   limited per client address and per code.
 * - Hand-off to a person: asst_handoff_create() files a hỏi–đáp item
 *   through the feedback module (feedback_submit: contact, and for
 *   anonymous senders the code sent to that contact) and logs it in
 *   assistant_handoffs.
 * - Optional rephrasing (llm.h): asst_reply_rephrase() lets a local model
 *   reword an "answer" or "faq" reply when every number and link survives.
 *
 * Thread-safety: every function may be called from any thread with that
 * thread's struct db; the shared knowledge base is guarded internally.
 */
#ifndef MC_ASSISTANT_ASSISTANT_H
#define MC_ASSISTANT_ASSISTANT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "domain/assistant/lexicon.h"
#include "domain/audit/audit.h"
#include "domain/assistant/llm.h"
#include "core/buf.h"
#include "core/db.h"
#include "core/errors.h"
#include "domain/feedback/feedback.h"

#define ASST_SESSION_MAX 128          /* bytes of a client session string */
#define ASST_ANSWER_MAX (16u * 1024)  /* bytes of an answer */
#define ASST_MAX_PROCS 3              /* procedures returned */
#define ASST_MAX_ACTIONS 6            /* actions returned */
#define ASST_TRACK_URL "/tra-cuu"      /* public tracking: ?ma=CODE&kiem_tra=NNNN */
#define ASST_SUBMIT_URL "/nop-ho-so/"
#define ASST_PAGE_URL "/thu-tuc/"
#define ASST_HOTLINE "1022"
#define ASST_TRACK_PENDING 600        /* seconds a session's dossier code waits for its check */
#define ASST_TRACK_PER_ADDR 20        /* dossier lookups per client address per 10 minutes */
#define ASST_TRACK_PER_CODE 8         /* lookups of one dossier code per hour */

/* Confidence thresholds (0..1); see docs/internals/assistant.md. */
#define ASST_CONF_ANSWER 0.42     /* at or above: answer about the best procedure */
#define ASST_CONF_CHOICES 0.25    /* at or above: offer choices; below: hand off */
#define ASST_FAQ_ANSWER 0.55      /* FAQ cosine at which its answer is given */
#define ASST_FAQ_OVER_INTENT 0.8  /* ... when the question asks for documents, fee, time ... */
#define ASST_ALTERNATIVE 0.35     /* name or FAQ similarity to mention a second procedure */

struct asst_request {
    const char *message;      /* the question, valid UTF-8 (NFC), 1..ASST_MESSAGE_MAX bytes */
    const char *session;      /* client-chosen conversation id, or NULL */
    const char *channel;      /* "web", "api", "cli", ... for the log */
    const char *intent;       /* optional intent key carried by a choice, or NULL */
    const char *address;      /* client address for the dossier lookup limits, or NULL */
};

struct asst_proc_ref {
    char code[64];
    char *name;
    double score;             /* 0..100, rounded */
};

struct asst_action {
    const char *type;         /* "link", "submit", "ask", "handoff" (static) */
    char *label;              /* Vietnamese */
    char *url;                /* for link/submit, else NULL */
    char *message;            /* for ask: the message to send, else NULL */
    const char *intent;       /* for ask: the intent key to carry, or NULL (static) */
};

struct asst_reply {
    struct buf answer;        /* plain text, lines separated by \n */
    enum asst_intent intent;
    const char *outcome;      /* "answer", "faq", "choices", "handoff", "info" (static) */
    double confidence;        /* 0..1 */
    struct asst_proc_ref procs[ASST_MAX_PROCS];
    size_t nprocs;
    struct asst_action actions[ASST_MAX_ACTIONS];
    size_t nactions;
    int64_t log_id;           /* assistant_log.id, for the helpful button; 0 if not logged */
    bool rephrased;           /* the answer text was reworded by the generative layer */
};

void asst_reply_init(struct asst_reply *r);
void asst_reply_release(struct asst_reply *r);

/*
 * The API shape: {"answer","intent","outcome","confidence","procedures":
 * [{"code","name","score"}],"actions":[{"type","label","url"|"message"}],
 * "log_id","rephrased"}.  New reference owned by the caller.
 */
json_t *asst_reply_json(const struct asst_reply *r);

/*
 * Answer req into r (initialised) and log the exchange.  Loads or
 * refreshes the shared knowledge base as needed.
 * Returns MC_OK; MC_ERR_INVALID when the message is empty, too long or
 * not UTF-8, or the session too long; MC_ERR_DB / MC_ERR_BUSY; the
 * knowledge base loader's status.
 */
enum mc_status assistant_ask(struct db *db, const struct asst_request *req,
                             struct asst_reply *r) MC_WARN_UNUSED;

/*
 * Record whether answer log_id helped (helpful true/false).  session must
 * be the one it was asked in (or NULL when it was asked without one).
 * Returns MC_OK; MC_ERR_NOT_FOUND for an unknown id or another session.
 */
enum mc_status assistant_rate(struct db *db, int64_t log_id, const char *session,
                              bool helpful) MC_WARN_UNUSED;

/*
 * Let the generative layer (llm.h) reword r's answer when r->outcome is
 * "answer" or "faq" (text composed from the catalogue or the FAQ) and the
 * layer is on.  The answer is replaced only by a faithful rewording (every
 * number and link kept, none added); r->rephrased tells.  Actions, links
 * and the log are never changed.  Blocks up to cfg->timeout_ms.
 */
void asst_reply_rephrase(const struct asst_llm_config *cfg, struct asst_reply *r);

/* ---------------------------------------------------------------- hand-off */

/* A citizen's acceptance of a hand-off to a person.  Pointers borrowed; optional ones NULL. */
struct asst_handoff {
    const char *session;      /* the conversation's client session string, or NULL */
    const char *question;     /* the question to hand over; NULL = the session's last */
    const char *sender_name;  /* required unless user_id */
    const char *contact;      /* email or mobile; required unless user_id */
    const char *otp;          /* code sent to contact (feedback_code_request); anonymous */
    bool consent_publish;     /* the answer may be published, redacted */
    int64_t user_id;          /* the signed-in citizen, or 0 */
    int64_t on_behalf_by;     /* staff filing for a citizen, or 0 */
    const char *address;      /* client address, for the feedback module's rate limits */
    const char *base_url;     /* site address for the follow link in the email, or "" */
};

/* What a hand-off created. */
struct asst_handoff_result {
    int64_t id;                        /* assistant_handoffs.id (the assistant's log) */
    char code[FEEDBACK_CODE_SIZE];     /* the hỏi–đáp item, "HD-YYMMDD-NNNN" */
    char token[FEEDBACK_TOKEN_SIZE];   /* its follow token (/phan-anh/theo-doi/CODE?t=) */
};

/*
 * Hand the conversation to a person: a hỏi–đáp item of the feedback
 * module (feedback_submit) with category "thu_tuc" when the session was
 * about a procedure (then routed to that procedure's agency) and "khac"
 * otherwise (the triage queue); its text is the question and the
 * session's last TRANSCRIPT turns, all masked (asst_mask).  Anonymous
 * senders (no user_id, no on_behalf_by) need the code the feedback module
 * sent to contact (asst_handoff_request_code).  On success a row of
 * assistant_handoffs (status 'forwarded') logs it, audited
 * 'assistant.handoff' with the item's code.
 * Returns MC_OK with *out filled; MC_ERR_INVALID with errs (fields
 * "question", "sender_name", "contact", "otp", ...); MC_ERR_RATE_LIMITED;
 * MC_ERR_DB / MC_ERR_BUSY.  Nothing is stored on error.
 */
enum mc_status asst_handoff_create(struct db *db, const struct audit_actor *who,
                                   const struct asst_handoff *h, struct form_errors *errs,
                                   struct asst_handoff_result *out) MC_WARN_UNUSED;

/*
 * First step for an anonymous sender: check that there is a question to
 * hand over and a name, then have the feedback module send its one-time
 * code to h->contact (feedback_code_request; rate-limited there).  norm
 * (at least 256 bytes) receives the normalised contact.  The caller
 * checks the anti-spam challenge first.  Returns as feedback_code_request,
 * plus MC_ERR_INVALID for fields "question" and "sender_name".
 */
enum mc_status asst_handoff_request_code(struct db *db, const struct audit_actor *who,
                                         const struct asst_handoff *h, char *norm,
                                         size_t norm_size, struct form_errors *errs)
    MC_WARN_UNUSED;

/* ---------------------------------------------------------------- dossiers */

/* A dossier's status as the assistant shows it: no personal data. */
struct asst_dossier_status {
    char code[96];            /* the dossier code as stored */
    char status[128];         /* Vietnamese status name */
    char procedure[512];      /* procedure name */
    char agency[512];         /* agency name (its code when the name is unknown) */
    char appointment[32];     /* appointment date dd/mm/yyyy (a later apology date wins), or "" */
    char returned[32];        /* date the result was returned, dd/mm/yyyy, or "" */
};

/*
 * Look up dossier code after the short check (the last 4 digits of the
 * applicant's phone or ID number) with dossier_track().  No rate limit
 * here: callers limit (assistant_ask does).  Returns MC_OK;
 * MC_ERR_NOT_FOUND for an unknown code or a wrong check alike;
 * MC_ERR_INVALID when check is not 4 digits; MC_ERR_DB.
 */
enum mc_status asst_dossier_lookup(struct db *db, const char *code, const char *check,
                                   struct asst_dossier_status *out) MC_WARN_UNUSED;

/* ---------------------------------------------------------------- review */

/* One group of similar unanswered or low-confidence questions. */
struct asst_review_group {
    char *example;            /* a masked question of the group */
    char *folded;             /* its normalised text */
    int64_t count;            /* questions in the group */
    int64_t last_id;          /* newest log id of the group */
    double confidence;        /* the best confidence in the group */
    char *intent;
    char *top_code;           /* most recent guess, or NULL */
};

struct asst_review {
    struct asst_review_group *groups;
    size_t n;
    int64_t asked;            /* questions logged */
    int64_t rated;            /* answers rated */
    int64_t helpful;          /* rated helpful */
    int64_t handoffs;         /* hand-offs created */
};

void asst_review_init(struct asst_review *rv);
void asst_review_release(struct asst_review *rv);

/*
 * The admin's review: unresolved questions whose outcome was not an
 * answer or whose confidence was below ASST_CONF_ANSWER (or rated not
 * helpful), grouped by similarity of their normalised text (shared
 * syllable pairs, Jaccard >= 0.5), largest groups first, at most max
 * groups; and the satisfaction figures.
 */
enum mc_status asst_review_load(struct db *db, size_t max, struct asst_review *out)
    MC_WARN_UNUSED;

/*
 * Mark log row log_id, and every unresolved row with the same normalised
 * text, resolved (an admin turned it into knowledge or dismissed it).
 * Audit 'assistant.resolve'.  MC_ERR_NOT_FOUND for an unknown id.
 */
enum mc_status asst_review_resolve(struct db *db, const struct audit_actor *who,
                                   int64_t log_id) MC_WARN_UNUSED;

/* The masked question of log row id into out. MC_ERR_NOT_FOUND if absent. */
enum mc_status asst_log_question(struct db *db, int64_t id, struct buf *out) MC_WARN_UNUSED;

/* Drop the shared knowledge base (tests, shutdown).  Not while requests run. */
void assistant_shutdown(void);

#endif
