/*
 * notify.h - the notification outbox: email (SMTP through libcurl), SMS and
 * Zalo (behind a provider interface; none is built in).
 *
 * DESIGN
 * - A module that wants to tell someone something calls notify_enqueue()
 *   inside the db_tx() of the change it announces, so a message exists if
 *   and only if the change was committed.
 * - notify_deliver() (run by the job runner, src/jobs) picks due rows and
 *   sends them one by one outside any transaction, then records the
 *   outcome in its own transaction.  Delivery is at least once: a crash
 *   between sending and recording sends the message again.
 * - A failed attempt is retried with a growing wait (1, 2, 4 ... minutes);
 *   after NOTIFY_MAX_ATTEMPTS the row is marked failed.
 * - Honest delivery: a row is marked sent only when an SMTP server or a
 *   gateway accepted it.  Email rows wait ("chưa gửi") while no SMTP server
 *   is configured, SMS and Zalo rows while no provider is; they go out once
 *   one is.  Nothing pretends to send.  Logs name the row id and channel,
 *   never the recipient or text.
 *
 * Thread-safety: functions use only the struct db passed in (one thread's
 * connection) and the read-only struct notify_config.
 */
#ifndef MC_NOTIFY_NOTIFY_H
#define MC_NOTIFY_NOTIFY_H

#include <stddef.h>
#include <stdint.h>
#include "core/db.h"
#include "core/status.h"

#define NOTIFY_MAX_ATTEMPTS 6        /* then the row is marked failed */
#define NOTIFY_SUBJECT_MAX 300       /* bytes of a subject */
#define NOTIFY_BODY_MAX (64 * 1024)  /* bytes of a message body */
#define NOTIFY_BATCH 50              /* rows one notify_deliver() call handles */

enum notify_channel {
    NOTIFY_EMAIL,    /* "email": SMTP */
    NOTIFY_SMS,      /* "sms": SMS gateway provider */
    NOTIFY_ZALO,     /* "zalo": Zalo OA provider */
};

/*
 * A provider for SMS or Zalo.  send() returns MC_OK once the gateway has
 * accepted the message, MC_ERR_IO to retry later; err (err_size bytes)
 * receives a short English reason without personal data.
 */
struct notify_provider {
    const char *name;
    enum mc_status (*send)(void *ctx, enum notify_channel ch, const char *recipient,
                           const char *body, char *err, size_t err_size);
    void *ctx;
};

struct notify_config {
    const char *smtp_url;     /* "smtp://host:port" or "smtps://..."; NULL or "" = none */
    const char *smtp_user;    /* NULL = no authentication */
    const char *smtp_pass;
    const char *mail_from;    /* "motcua@tinh.gov.vn"; NULL or "" = no-reply@localhost */
    const struct notify_provider *sms;   /* NULL = no gateway: SMS rows wait */
    const struct notify_provider *zalo;  /* NULL = no gateway: Zalo rows wait */
};

/* "email", "sms", "zalo". */
const char *notify_channel_name(enum notify_channel ch);

/*
 * Queue a message (call inside the caller's db_tx).  recipient is an
 * email address or a normalised phone number; subject and body are UTF-8
 * (subject unused for SMS and Zalo); kind is a short English tag for
 * reports ("feedback.code").  The message is due at once.
 * Returns MC_OK; MC_ERR_TOO_LARGE for an over-long subject or body;
 * MC_ERR_INVALID for an empty recipient; MC_ERR_DB / MC_ERR_BUSY.
 */
enum mc_status notify_enqueue(struct db *db, enum notify_channel ch, const char *recipient,
                              const char *subject, const char *body, const char *kind)
    MC_WARN_UNUSED;

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

/* Where a message stands. */
enum notify_state {
    NOTIFY_PENDING,   /* chưa gửi: no server or gateway took it yet */
    NOTIFY_SENT,      /* đã gửi: a server or gateway accepted it */
    NOTIFY_FAILED,    /* gửi không được: gave up after NOTIFY_MAX_ATTEMPTS */
};

/* Vietnamese name of a state ("chưa gửi", "đã gửi", "gửi không được"). */
const char *notify_state_name(enum notify_state s);

/* One message of the outbox, as notify_list() returns it. */
struct notify_message {
    int64_t id;
    enum notify_channel channel;
    char *recipient;        /* personal data: never logged */
    char *subject;          /* "" for SMS and Zalo */
    char *body;
    char *kind;             /* "feedback.code", "dossier.notice", ... */
    int64_t created_at;     /* Unix seconds */
    int64_t sent_at;        /* 0 unless NOTIFY_SENT */
    enum notify_state state;
    int64_t attempts;       /* delivery attempts so far */
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

/* Counts of the outbox, for tests and the admin page. */
struct notify_counts {
    int64_t pending;   /* not yet sent, not failed */
    int64_t sent;
    int64_t failed;
};
enum mc_status notify_counts(struct db *db, struct notify_counts *out) MC_WARN_UNUSED;

#endif
