/*
 * notify.h - the notification outbox: email (SMTP through libcurl), SMS and
 * Zalo (behind a provider interface; gateway.h has eSMS and Zalo ZNS).
 *
 * DESIGN
 * - A module that wants to tell someone something calls notify_enqueue()
 *   (or notify_enqueue_ex() with options) inside the db_tx() of the change
 *   it announces, so a message exists if and only if the change was
 *   committed.
 * - notify_deliver() (run by the job runner, src/jobs) picks due rows,
 *   marks each 'sending' with a lease in its own write, sends it outside
 *   any transaction with its idempotency key, then records the outcome.
 *   A crash between sending and recording sends again after the lease
 *   with the same key, which eSMS and ZNS recognise (email: at least once).
 * - States: queued -> sending -> sent -> delivered | failed | retrying |
 *   unknown (enum notify_state).  A temporary failure is retried with a
 *   growing wait (1, 2, 4 ... minutes) after trying every gateway of the
 *   channel (failover); after NOTIFY_MAX_ATTEMPTS, or a permanent failure,
 *   the row fails and the next channel of its fallback list is queued,
 *   the reason recorded in plain Vietnamese for the officer.
 * - Honest delivery: a row is 'sent' only when an SMTP server or a gateway
 *   accepted it, 'delivered' only on the gateway's receipt.  Rows wait
 *   while no server or gateway is configured.  Logs name the row id and
 *   channel, never the recipient, the text or a credential.
 * - Outreach (notify_opts.outreach) obeys people's choices
 *   (notify_prefs.h): opt-outs, quiet hours, a weekly cap, and carries an
 *   opt-out link.
 *
 * Thread-safety: functions use only the struct db passed in (one thread's
 * connection) and the read-only struct notify_config; gateway health is
 * shared under a mutex.
 */
#ifndef MC_NOTIFY_NOTIFY_H
#define MC_NOTIFY_NOTIFY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "core/db.h"
#include "core/status.h"

#define NOTIFY_MAX_ATTEMPTS 6        /* then the row is marked failed */
#define NOTIFY_SUBJECT_MAX 300       /* bytes of a subject */
#define NOTIFY_BODY_MAX (64 * 1024)  /* bytes of a message body */
#define NOTIFY_BATCH 200             /* rows one notify_deliver() call handles */
#define NOTIFY_SENDERS 4             /* messages of a round in flight at once */

enum notify_channel {
    NOTIFY_EMAIL,    /* "email": SMTP */
    NOTIFY_SMS,      /* "sms": SMS gateway provider */
    NOTIFY_ZALO,     /* "zalo": Zalo OA provider */
};

/* What a gateway said about one message. */
enum notify_verdict {
    NOTIFY_ACCEPTED,    /* taken: the message is sent (ref names it at the gateway) */
    NOTIFY_TEMPORARY,   /* not taken this time (down, slow, quota): try later or elsewhere */
    NOTIFY_PERMANENT,   /* never will be (no Zalo account, bad number, template refused) */
};

/* One message handed to a provider. */
struct notify_outgoing {
    int64_t id;                /* outbox row */
    enum notify_channel ch;
    const char *recipient;     /* normalised phone number (personal data: never logged) */
    const char *body;          /* UTF-8 text */
    const char *kind;          /* "dossier.notice", ...: selects a registered template */
    const char *idem_key;      /* the same on every attempt: the gateway's duplicate check */
};

/* A provider's answer: verdict, the gateway's message id, a short English
 * reason without personal data, and (PERMANENT only) what to tell people in
 * Vietnamese ("" = a generic sentence). */
struct notify_result {
    enum notify_verdict verdict;
    char ref[96];
    char why[160];
    char says[200];
};

/*
 * A provider for SMS or Zalo.  send() fills *r and returns MC_OK once the
 * gateway answered (whatever the verdict), MC_ERR_IO when it could not be
 * reached or did not answer in time (then r->verdict is NOTIFY_TEMPORARY).
 */
/* A delivery receipt, as a callback or a poll reports it. */
enum notify_receipt_status {
    NOTIFY_RCPT_DELIVERED,
    NOTIFY_RCPT_FAILED,      /* will not arrive: the fallback channel is tried */
    NOTIFY_RCPT_PENDING,     /* still on its way (changes nothing but is recorded) */
};

struct notify_provider {
    const char *name;          /* "esms", "zns", ...: stored with the message, in receipts */
    enum mc_status (*send)(void *ctx, const struct notify_outgoing *m, struct notify_result *r);
    void *ctx;
    /* The gateway's status query, NULL when it has none (notify_poll.h): what
     * became of the message it accepted as ref.  Fills *out and says (the
     * Vietnamese words of a failure, "" = generic); MC_OK once the gateway
     * answered, MC_ERR_IO when it could not be asked (why says why). */
    enum mc_status (*status)(void *ctx, const char *ref, enum notify_receipt_status *out,
                             char *says, size_t says_size, char *why, size_t why_size);
};

#define NOTIFY_MAX_PROVIDERS 3   /* per channel, tried in order (failover) */

struct notify_config {
    const char *smtp_url;     /* "smtp://host:port" or "smtps://..."; NULL or "" = none */
    const char *smtp_user;    /* NULL = no authentication */
    const char *smtp_pass;
    const char *mail_from;    /* "motcua@tinh.gov.vn"; NULL or "" = no-reply@localhost */
    const struct notify_provider *sms;   /* NULL = no gateway: SMS rows wait */
    const struct notify_provider *zalo;  /* NULL = no gateway: Zalo rows wait */
    /* Further SMS and Zalo gateways, tried in turn when the first is failing or
     * slow (failover); NULL-terminated lists, may be NULL. */
    const struct notify_provider *const *sms_more;
    const struct notify_provider *const *zalo_more;
    unsigned char addr_key[32];   /* keys notify_addr_hash() (opt-outs by address) */
    unsigned char optout_key[32]; /* signs the opt-out link in outreach messages */
    const char *public_url;       /* the site's address for that link ("" = path only) */
    /* `motcua demo` only: a channel without a server or gateway goes to the
     * demo gateway, which takes every message (provider "demo", state
     * sent), sends nothing out of the machine, and leaves its text for the
     * demo inbox.  Never set by `motcua serve`. */
    bool demo;
};

#define NOTIFY_DEMO_PROVIDER "demo"   /* provider name of the demo gateway */

#define NOTIFY_QUIET_START (21 * 60)   /* default quiet hours, local minutes: 21:00 */
#define NOTIFY_QUIET_END (7 * 60)      /* ... to 07:00 */
#define NOTIFY_WEEKLY_CAP 2            /* default outreach messages a week per person */

/* addr as opt-outs key it: email lower-cased, phone as "0xxxxxxxxx" (from +84/84). */
void notify_addr_normalise(const char *addr, char *out, size_t size);
/* Keyed BLAKE2b of the normalised addr, hex (64 characters and a NUL). */
void notify_addr_hash(const unsigned char key[32], const char *addr, char out[65]);

/* "email", "sms", "zalo". */
const char *notify_channel_name(enum notify_channel ch);
/* The channel notify_channel_name() calls name; NOTIFY_EMAIL for any other text. */
enum notify_channel notify_channel_parse(const char *name);

/*
 * Queue a message (call inside the caller's db_tx).  recipient is an
 * email address or a phone number, stored the way notify_addr_normalise()
 * writes it ("+84 900..." and "84900..." become "0900..."), so the weekly
 * cap and the opt-out index see one number once; subject and body are UTF-8
 * (subject unused for SMS and Zalo); kind is a short English tag for
 * reports ("feedback.code").  The message is due at once.
 * Returns MC_OK; MC_ERR_TOO_LARGE for an over-long subject or body;
 * MC_ERR_INVALID for an empty recipient; MC_ERR_DB / MC_ERR_BUSY.
 */
enum mc_status notify_enqueue(struct db *db, enum notify_channel ch, const char *recipient,
                              const char *subject, const char *body, const char *kind)
    MC_WARN_UNUSED;

/* How a message is sent, beyond notify_enqueue()'s arguments. */
struct notify_opts {
    const char *fallback;   /* channels to try when this one fails for good, in order:
                               "sms:0901234567|email:a@b.vn"; NULL or "" = none */
    int64_t user_id;        /* the recipient's account (0 = unknown): their choices apply */
    int64_t actor_id;       /* the officer whose act sent it (0 = none): sees failures */
    const char *ref;        /* what it is about (dossier code), kept with its states */
    bool outreach;          /* not transactional: opt-outs, quiet hours and the cap apply */
    int64_t campaign_id;    /* the campaign it belongs to (0 = none), kept on the row */
    const char *agency_code;   /* the agency that sends it (NULL or "" = none) */
    const char *idem_key;   /* a caller's own idempotency key (at most 32 bytes; NULL =
                               a random one); unique in the outbox, so queueing it twice
                               fails with MC_ERR_CONFLICT */
    int64_t *queued_id;     /* gets the new row's id (NULL = not wanted) */
};

/*
 * notify_enqueue() with options (o may be NULL).  Returns as
 * notify_enqueue(); MC_ERR_INVALID also for a malformed fallback.
 */
enum mc_status notify_enqueue_ex(struct db *db, enum notify_channel ch, const char *recipient,
                                 const char *subject, const char *body, const char *kind,
                                 const struct notify_opts *o) MC_WARN_UNUSED;

/*
 * Send up to NOTIFY_BATCH due messages with cfg.  *sent (may be NULL)
 * receives how many went out.  Returns MC_OK even when some sends failed
 * (they are rescheduled); MC_ERR_DB / MC_ERR_BUSY when the outbox cannot
 * be read or updated.
 */
enum mc_status notify_deliver(struct db *db, const struct notify_config *cfg, int *sent)
    MC_WARN_UNUSED;

/*
 * Send one email now through cfg's SMTP server (UTF-8 text/plain, subject
 * RFC 2047-encoded).  Returns MC_OK, MC_ERR_INVALID when no server is
 * configured, MC_ERR_IO when the server refused or could not be reached
 * (reason in err).  Blocks for at most 30 seconds.
 */
enum mc_status notify_send_email(const struct notify_config *cfg, const char *to,
                                 const char *subject, const char *body, char *err,
                                 size_t err_size) MC_WARN_UNUSED;

/* Where a message stands (stored as the English word in brackets). */
enum notify_state {
    NOTIFY_PENDING,     /* chưa gửi [queued]: no server or gateway took it yet */
    NOTIFY_SENDING,     /* đang gửi [sending]: handed to a gateway, no answer recorded */
    NOTIFY_SENT,        /* đã gửi [sent]: a server or gateway accepted it */
    NOTIFY_DELIVERED,   /* đã đến người nhận [delivered]: the gateway's receipt says so */
    NOTIFY_FAILED,      /* gửi không được [failed]: permanently, or after the last retry */
    NOTIFY_RETRYING,    /* gửi lỗi, sẽ thử lại [retrying]: a temporary failure */
    NOTIFY_UNKNOWN,     /* chưa rõ [unknown]: sent, and no receipt came in time */
};

/* Vietnamese name of a state ("chưa gửi", "đã gửi", "gửi không được", ...). */
const char *notify_state_name(enum notify_state s);
/* The stored word of a state ("queued", "sent", ...). */
const char *notify_state_key(enum notify_state s);
/* The state of a stored word; NOTIFY_PENDING for anything unknown. */
enum notify_state notify_state_parse(const char *s);

/*
 * Record the receipt of the message that provider accepted as ref (call
 * inside a db_tx); with idem_key (not NULL) the message is the one of
 * that idempotency key (a receipt address signed for it).  A receipt
 * seen before (same provider, ref and status) changes nothing and sets
 * *duplicate.  Otherwise the latest receipt wins:
 * the state becomes delivered or failed (then the next fallback channel is
 * queued and the reason recorded, says being the Vietnamese words for the
 * failure, "" = generic).  Returns MC_OK, MC_ERR_NOT_FOUND when no message
 * has that ref, MC_ERR_DB / MC_ERR_BUSY.
 */
enum mc_status notify_receipt(struct db *db, const char *provider, const char *ref,
                              const char *idem_key, enum notify_receipt_status status,
                              const char *says, bool *duplicate) MC_WARN_UNUSED;

/* One message of the outbox, as notify_list() returns it. */
struct notify_message {
    int64_t id;
    enum notify_channel channel;
    char *recipient;        /* personal data: never logged */
    char *subject;          /* "" for SMS and Zalo */
    char *body;
    char *kind;             /* "feedback.code", "dossier.notice", ... */
    int64_t created_at;     /* Unix seconds */
    int64_t sent_at;        /* 0 unless a gateway accepted it */
    enum notify_state state;
    int64_t attempts;       /* delivery attempts so far */
    char *reason;           /* plain Vietnamese for the officer ("" = nothing to say) */
    char *provider;         /* gateway that accepted it ("" = none yet) */
    char *ref;              /* what it is about: notify_list_actor() only, else NULL */
};

struct notify_message_list {
    struct notify_message *items;   /* newest first; owned */
    size_t n;
};
void notify_message_list_init(struct notify_message_list *l);
/* Free the messages; the list is empty afterwards.  NULL is fine. */
void notify_message_list_release(struct notify_message_list *l);

/*
 * The newest messages of the outbox (at most limit, 1..500; others are
 * clamped), whatever their state, newest first: for the demo inbox, which
 * shows what the platform would have sent.  out: OUT, emptied first.
 * Returns MC_OK or MC_ERR_DB / MC_ERR_BUSY (out is empty then).
 */
enum mc_status notify_list(struct db *db, size_t limit, struct notify_message_list *out)
    MC_WARN_UNUSED;

/*
 * The messages about ref (a dossier code), oldest first, for the officer
 * who acts on it: each with its state and reason.  out: OUT, emptied first.
 */
enum mc_status notify_list_ref(struct db *db, const char *ref,
                               struct notify_message_list *out) MC_WARN_UNUSED;

/*
 * The newest 100 messages sent because of what officer actor_id did
 * (body left out), newest first, with ref set: for their page of failures.
 */
enum mc_status notify_list_actor(struct db *db, int64_t actor_id,
                                 struct notify_message_list *out) MC_WARN_UNUSED;

/* Counts of the outbox, for tests and the admin page. */
struct notify_counts {
    int64_t pending;   /* not yet sent, not failed */
    int64_t sent;
    int64_t failed;
};
enum mc_status notify_counts(struct db *db, struct notify_counts *out) MC_WARN_UNUSED;

/*
 * Seal the outbox's recipients and fallback addresses written before they
 * were sealed, with the recipient's blind index (all false, at start:
 * idempotent), or reseal every one under the current key (all true,
 * `motcua keys rotate`), in the caller's transaction; *changed counts rows
 * written.
 */
enum mc_status notify_reseal(struct db *db, bool all, size_t *changed) MC_WARN_UNUSED;

#endif
