/* notify.c - the notification outbox and its senders (see notify.h). */
#include <curl/curl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <sodium.h>
#include <stdio.h>
#include <time.h>
#include "domain/notify/notify.h"
#include "domain/notify/notify_prefs.h"
#include "domain/notify/notify_sign.h"
#include "core/array.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/db_row.h"
#include "core/log.h"
#include "core/seal.h"
#include "core/mem.h"

#define SMTP_TIMEOUT_S 30L
#define RETRY_BASE_S 60

static const struct db_query Q_ENQUEUE = {
    "notify.enqueue",
    "INSERT INTO notify_outbox (channel, recipient, subject, body, kind, created_at,"
    " next_attempt_at, state, state_at, idem_key, fallback, user_id, actor_id, ref,"
    " transactional, parent_id, campaign_id, agency_code, recipient_bidx) VALUES (?1, ?2, ?3,"
    " ?4, ?5, ?6, ?6, 'queued', ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)"
    " RETURNING id",
};
/*
 * notify_deliver: up to ?2 due rows of one kind (?6: transactional 1 or
 * outreach 0) of the channels that can be delivered (?3 email, ?4 sms,
 * ?5 zalo: 1 when a server or gateway is set), oldest first, so that
 * undeliverable rows never fill a round.  A row left in 'sending' by a
 * crash is due again once its lease (next_attempt_at) ends.  Each state is
 * its own range of the index
 * notify_outbox_due (transactional, state, next_attempt_at, id), read in
 * order and cut at ?2, so the query reads about ?2 rows per state however
 * many are waiting, instead of sorting them all.
 */
#define DUE_PART(state)                                                                    \
    "SELECT * FROM (SELECT id, next_attempt_at FROM notify_outbox WHERE transactional = ?6" \
    " AND state = '" state "' AND next_attempt_at <= ?1"                                   \
    " AND ((channel = 'email' AND ?3 = 1) OR (channel = 'sms' AND ?4 = 1)"                 \
    " OR (channel = 'zalo' AND ?5 = 1)) ORDER BY next_attempt_at, id LIMIT ?2) s_" state
static const struct db_query Q_DUE = {
    "notify.due",
    "SELECT o.id, o.channel, o.recipient, o.subject, o.body, o.attempts, o.kind, o.idem_key,"
    " o.fallback, o.transactional, o.user_id FROM (" DUE_PART("queued")
    " UNION ALL " DUE_PART("retrying") " UNION ALL " DUE_PART("sending") ") d"
    " JOIN notify_outbox o ON o.id = d.id ORDER BY d.next_attempt_at, d.id LIMIT ?2",
};
static const struct db_query Q_LIST = {
    "notify.list",
    "SELECT id, channel, recipient, subject, body, kind, created_at, sent_at, state,"
    " attempts, reason, provider FROM notify_outbox ORDER BY id DESC LIMIT ?1",
};
static const struct db_query Q_LIST_REF = {
    "notify.list_ref",
    "SELECT id, channel, recipient, subject, body, kind, created_at, sent_at, state,"
    " attempts, reason, provider FROM notify_outbox WHERE ref = ?1 ORDER BY id LIMIT 50",
};
static const struct db_query Q_LIST_ACTOR = {
    "notify.list_actor",
    "SELECT id, channel, recipient, subject, '', kind, created_at, sent_at, state,"
    " attempts, reason, provider, ref FROM notify_outbox WHERE actor_id = ?1"
    " ORDER BY id DESC LIMIT 100",
};
/* Before the gateway is called: a lease, so a crash leaves a row that is
 * tried again (with the same idempotency key) once the lease is over. */
static const struct db_query Q_SENDING = {
    "notify.sending",
    "UPDATE notify_outbox SET state = 'sending', state_at = ?2, next_attempt_at = ?3"
    " WHERE id = ?1",
};
/* Accepted.  The text goes at once (bodies carry one-time codes and
 * personal data that the database has no reason to keep), unless another
 * channel may still need it: an SMS or Zalo message with a fallback keeps
 * it until delivered, failed or unknown. */
static const struct db_query Q_SENT = {
    "notify.sent",
    "UPDATE notify_outbox SET state = CASE WHEN state = 'delivered' THEN state ELSE 'sent' END,"
    " state_at = ?2, sent_at = ?2,"
    " attempts = attempts + 1, last_error = NULL, provider = ?3, provider_ref = ?4,"
    " body = CASE WHEN ?3 = 'demo' OR (channel <> 'email' AND fallback <> '') THEN body"
    " ELSE '' END WHERE id = ?1",
};
static const struct db_query Q_RETRY = {
    "notify.retry",
    "UPDATE notify_outbox SET state = 'retrying', state_at = ?2, attempts = attempts + 1,"
    " next_attempt_at = ?3, last_error = ?4 WHERE id = ?1",
};
static const struct db_query Q_FAIL = {
    "notify.fail",
    "UPDATE notify_outbox SET state = 'failed', state_at = ?2, failed_at = ?2,"
    " attempts = attempts + ?3, last_error = ?4, reason = ?5, body = '' WHERE id = ?1",
};
/* Outreach held back by quiet hours: still queued, due when they end. */
static const struct db_query Q_LATER = {
    "notify.later",
    "UPDATE notify_outbox SET next_attempt_at = ?2 WHERE id = ?1",
};
static const struct db_query Q_ROW = {
    "notify.row",
    "SELECT id, channel, subject, body, kind, fallback, user_id, actor_id, ref,"
    " transactional, state FROM notify_outbox WHERE id = ?1",
};
static const struct db_query Q_BY_REF = {
    "notify.by_ref",
    "SELECT id FROM notify_outbox WHERE provider = ?1 AND provider_ref = ?2"
    " ORDER BY id DESC LIMIT 1",
};
static const struct db_query Q_BY_KEY = {
    "notify.by_key",
    "SELECT id FROM notify_outbox WHERE idem_key = ?1 AND idem_key <> ''"
    " AND state <> 'queued'",
};
static const struct db_query Q_RECEIPT_SEEN = {
    "notify.receipt_seen",
    "SELECT COUNT(*) FROM notify_receipts WHERE provider = ?1 AND provider_ref = ?2"
    " AND status = ?3",
};
static const struct db_query Q_RECEIPT_ADD = {
    "notify.receipt_add",
    "INSERT INTO notify_receipts (provider, provider_ref, status, at) VALUES (?1, ?2, ?3, ?4)",
};
static const struct db_query Q_DELIVERED = {
    "notify.delivered",
    "UPDATE notify_outbox SET state = 'delivered', state_at = ?2, delivered_at = ?2,"
    " body = '', reason = '' WHERE id = ?1",
};
static const struct db_query Q_REASON = {
    "notify.reason",
    "UPDATE notify_outbox SET reason = ?2 WHERE id = ?1",
};
/* Sent, and no receipt in NOTIFY_RECEIPT_WAIT seconds: unknown (text dropped). */
static const struct db_query Q_UNKNOWN = {
    "notify.unknown",
    "UPDATE notify_outbox SET state = 'unknown', state_at = ?1, body = ''"
    " WHERE state = 'sent' AND channel <> 'email' AND state_at < ?2",
};
static const struct db_query Q_OUTREACH_WEEK = {
    "notify.outreach_week",
    "SELECT COUNT(*) FROM notify_outbox WHERE transactional = 0 AND sent_at >= ?2"
    " AND (recipient_bidx = ?1 OR user_id = ?3)",
};
static const struct db_query Q_COUNT_PENDING = {
    "notify.count_pending",
    "SELECT COUNT(*) FROM notify_outbox WHERE state IN ('queued', 'sending', 'retrying')",
};
static const struct db_query Q_COUNT_SENT = {
    "notify.count_sent",
    "SELECT COUNT(*) FROM notify_outbox WHERE state IN ('sent', 'delivered', 'unknown')",
};
static const struct db_query Q_COUNT_FAILED = {
    "notify.count_failed",
    "SELECT COUNT(*) FROM notify_outbox WHERE state = 'failed'",
};

const char *notify_channel_name(enum notify_channel ch)
{
    switch (ch) {
    case NOTIFY_SMS: return "sms";
    case NOTIFY_ZALO: return "zalo";
    case NOTIFY_EMAIL: break;
    }
    return "email";
}

enum notify_channel notify_channel_parse(const char *name)
{
    if (strcmp(name, "sms") == 0)
        return NOTIFY_SMS;
    if (strcmp(name, "zalo") == 0)
        return NOTIFY_ZALO;
    return NOTIFY_EMAIL;
}

/* Whether fallback is "" or "ch:addr|ch:addr..." with known channels. */
static bool fallback_valid(const char *f)
{
    while (f && *f) {
        const char *bar = strchr(f, '|');
        size_t n = bar ? (size_t)(bar - f) : strlen(f);
        if (!((n > 4 && strncmp(f, "sms:", 4) == 0) || (n > 5 && strncmp(f, "zalo:", 5) == 0)
              || (n > 6 && strncmp(f, "email:", 6) == 0)))
            return false;
        f = bar ? bar + 1 : NULL;
    }
    return true;
}

/* A random key the gateway uses to recognise a resend of the same message. */
static void new_idem_key(char out[33])
{
    unsigned char rnd[16];
    randombytes_buf(rnd, sizeof(rnd));
    sodium_bin2hex(out, 33, rnd, sizeof(rnd));
}

static enum mc_status enqueue(struct db *db, enum notify_channel ch, const char *recipient,
                              const char *subject, const char *body, const char *kind,
                              const struct notify_opts *o, int64_t parent)
{
    static const struct notify_opts none = {0};
    char key[33], phone[32];
    if (!o)
        o = &none;
    if (recipient && ch != NOTIFY_EMAIL) {   /* one spelling of a number: "0xxxxxxxxx" */
        notify_addr_normalise(recipient, phone, sizeof(phone));
        recipient = phone;
    }
    if (!recipient || !*recipient || !fallback_valid(o->fallback))
        return MC_ERR_INVALID;
    if (strlen(subject) > NOTIFY_SUBJECT_MAX || strlen(body) > NOTIFY_BODY_MAX)
        return MC_ERR_TOO_LARGE;
    if (o->idem_key && (!*o->idem_key || strlen(o->idem_key) >= sizeof(key)))
        return MC_ERR_INVALID;
    if (o->idem_key)
        snprintf(key, sizeof(key), "%s", o->idem_key);
    else
        new_idem_key(key);
    /* The address and the fallback addresses are sealed at rest (core/seal.h). */
    char *to = NULL, *fb = NULL, bidx[SEAL_INDEX_SIZE];
    const char *fallback = o->fallback ? o->fallback : "", *ref = o->ref ? o->ref : "";
    const char *agency = o->agency_code ? o->agency_code : "";
    int64_t user = o->user_id > 0 ? o->user_id : 0, actor = o->actor_id > 0 ? o->actor_id : 0;
    int64_t tr = o->outreach ? 0 : 1, par = parent > 0 ? parent : 0;
    enum mc_status rc = seal_text_alloc(recipient, &to);
    if (rc == MC_OK && *fallback)
        rc = seal_text_alloc(fallback, &fb);
    if (rc == MC_OK)
        rc = seal_index("recipient", recipient, bidx);
    /* user, officer and parent are 0 when there is none; campaign NULL */
    int64_t id = 0;
    if (rc == MC_OK && o->campaign_id > 0)
        rc = db_get_int(db, &Q_ENQUEUE, &id, "sssssissiisiiiss", notify_channel_name(ch), to,
                        subject, body, kind, clock_now(), key, fb ? fb : "", user, actor, ref,
                        tr, par, o->campaign_id, agency, bidx);
    else if (rc == MC_OK)
        rc = db_get_int(db, &Q_ENQUEUE, &id, "sssssissiisiinss", notify_channel_name(ch), to,
                        subject, body, kind, clock_now(), key, fb ? fb : "", user, actor, ref,
                        tr, par, agency, bidx);
    if (rc == MC_OK && o->queued_id)
        *o->queued_id = id;
    free(to);
    free(fb);
    return rc;
}


enum mc_status notify_enqueue_ex(struct db *db, enum notify_channel ch, const char *recipient,
                                 const char *subject, const char *body, const char *kind,
                                 const struct notify_opts *o)
{
    return enqueue(db, ch, recipient, subject, body, kind, o, 0);
}

enum mc_status notify_enqueue(struct db *db, enum notify_channel ch, const char *recipient,
                              const char *subject, const char *body, const char *kind)
{
    return enqueue(db, ch, recipient, subject, body, kind, NULL, 0);
}

/* ---------------------------------------------------------------- email */

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;

static void curl_start(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
}

struct mail_reader {
    const char *data;
    size_t len, pos;
};

static size_t read_mail(char *dst, size_t size, size_t nitems, void *arg)
{
    struct mail_reader *r = arg;
    size_t room = size * nitems;
    size_t n = r->len - r->pos < room ? r->len - r->pos : room;
    memcpy(dst, r->data + r->pos, n);
    r->pos += n;
    return n;
}

/* Append s as base64 in lines of at most 76 characters. */
static void add_base64(struct buf *b, const char *s, size_t len, bool lines)
{
    char chunk[80];
    size_t step = lines ? 57 : 45;
    for (size_t i = 0; i < len; i += step) {
        size_t n = len - i < step ? len - i : step;
        sodium_bin2base64(chunk, sizeof(chunk), (const unsigned char *)s + i, n,
                          sodium_base64_VARIANT_ORIGINAL);
        buf_adds(b, chunk);
        if (lines)
            buf_adds(b, "\r\n");
    }
}

static bool header_safe(const char *s)
{
    return !strpbrk(s, "\r\n");
}

static void build_message(struct buf *m, const char *from, const char *to,
                          const char *subject, const char *body)
{
    char date[64];
    unsigned char rnd[12];
    char id[40];
    time_t t = (time_t)clock_now();
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(date, sizeof(date), "%a, %d %b %Y %H:%M:%S +0000", &tm);
    randombytes_buf(rnd, sizeof(rnd));
    sodium_bin2hex(id, sizeof(id), rnd, sizeof(rnd));
    buf_addf(m, "Date: %s\r\nFrom: <%s>\r\nTo: <%s>\r\nMessage-ID: <%s@motcua>\r\n",
             date, from, to, id);
    buf_adds(m, "Subject: =?UTF-8?B?");
    add_base64(m, subject, strlen(subject), false);
    buf_adds(m, "?=\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n"
                "Content-Transfer-Encoding: base64\r\n\r\n");
    add_base64(m, body, strlen(body), true);
}

enum mc_status notify_send_email(const struct notify_config *cfg, const char *to,
                                 const char *subject, const char *body, char *err,
                                 size_t err_size)
{
    struct buf msg;
    struct curl_slist *rcpt = NULL;
    CURL *curl = NULL;
    enum mc_status st = MC_OK;
    const char *from = cfg->mail_from && *cfg->mail_from ? cfg->mail_from
                                                         : "no-reply@localhost";
    buf_init(&msg, 2 * NOTIFY_BODY_MAX);
    if (!cfg->smtp_url || !*cfg->smtp_url) {
        snprintf(err, err_size, "no SMTP server configured");
        st = MC_ERR_INVALID;
        goto out;
    }
    if (!header_safe(to) || !header_safe(from)) {
        snprintf(err, err_size, "bad address");
        st = MC_ERR_INVALID;
        goto out;
    }
    build_message(&msg, from, to, subject, body);
    if (buf_status(&msg) != MC_OK) {
        snprintf(err, err_size, "message too large");
        st = MC_ERR_TOO_LARGE;
        goto out;
    }
    pthread_once(&curl_once, curl_start);
    curl = curl_easy_init();
    if (!curl) {
        snprintf(err, err_size, "curl_easy_init failed");
        st = MC_ERR_INTERNAL;
        goto out;
    }
    struct mail_reader reader = {msg.data, msg.len, 0};
    char from_addr[320], to_addr[320];
    snprintf(from_addr, sizeof(from_addr), "<%s>", from);
    snprintf(to_addr, sizeof(to_addr), "<%s>", to);
    rcpt = curl_slist_append(rcpt, to_addr);
    curl_easy_setopt(curl, CURLOPT_URL, cfg->smtp_url);
    curl_easy_setopt(curl, CURLOPT_MAIL_FROM, from_addr);
    curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpt);
    curl_easy_setopt(curl, CURLOPT_READFUNCTION, read_mail);
    curl_easy_setopt(curl, CURLOPT_READDATA, &reader);
    curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, SMTP_TIMEOUT_S);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    if (strncmp(cfg->smtp_url, "smtp://", 7) == 0)
        curl_easy_setopt(curl, CURLOPT_USE_SSL, (long)CURLUSESSL_TRY);
    if (cfg->smtp_user && *cfg->smtp_user) {
        curl_easy_setopt(curl, CURLOPT_USERNAME, cfg->smtp_user);
        curl_easy_setopt(curl, CURLOPT_PASSWORD, cfg->smtp_pass ? cfg->smtp_pass : "");
    }
    CURLcode rc = curl_easy_perform(curl);
    if (rc != CURLE_OK) {
        snprintf(err, err_size, "smtp: %s", curl_easy_strerror(rc));
        st = MC_ERR_IO;
    }
out:
    curl_slist_free_all(rcpt);
    if (curl)
        curl_easy_cleanup(curl);
    buf_release(&msg);
    return st;
}

/* ---------------------------------------------------------------- delivery */

struct pending {
    int64_t id;
    enum notify_channel ch;
    char *recipient, *subject, *body, *kind, *fallback;
    char idem_key[40];
    int64_t attempts, user_id;
    bool outreach;
};

static void pending_release(struct pending *p)
{
    free(p->recipient);
    free(p->subject);
    free(p->body);
    free(p->kind);
    free(p->fallback);
}

/* Due rows of one kind (transactional or outreach) after out[0..*n). */
static enum mc_status load_kind(struct db *db, const struct notify_config *cfg,
                                int64_t transactional, struct pending *out, size_t *n)
{
    struct db_stmt *st = NULL;
    int64_t email = (cfg->smtp_url && *cfg->smtp_url) || cfg->demo;
    int64_t sms = cfg->sms != NULL || cfg->demo, zalo = cfg->zalo != NULL || cfg->demo;
    enum mc_status rc = db_query_start(db, &Q_DUE, &st, "iiiiii", clock_now(),
                                       (int64_t)(NOTIFY_BATCH - *n), email, sms, zalo,
                                       transactional);
    while (db_next(st, &rc) && *n < NOTIFY_BATCH) {
        struct pending *p = &out[(*n)++];
        p->id = db_col_int64(st, 0);
        p->ch = notify_channel_parse(db_col_text(st, 1));
        p->recipient = seal_col_dup(st, 2);
        p->subject = db_col_strdup(st, 3);
        p->body = db_col_strdup(st, 4);
        p->attempts = db_col_int64(st, 5);
        p->kind = db_col_strdup(st, 6);
        db_col_copy(st, 7, p->idem_key, sizeof(p->idem_key));
        p->fallback = seal_col_dup(st, 8);
        p->outreach = db_col_int64(st, 9) == 0;
        p->user_id = db_col_is_null(st, 10) ? 0 : db_col_int64(st, 10);
    }
    db_done(st);
    return rc;
}

/*
 * Up to NOTIFY_BATCH due rows: transactional ones first (a one-time code
 * never waits behind a campaign), then outreach.
 */
static enum mc_status load_due(struct db *db, const struct notify_config *cfg,
                               struct pending *out, size_t *n)
{
    *n = 0;
    enum mc_status rc = load_kind(db, cfg, 1, out, n);
    if (rc == MC_OK && *n < NOTIFY_BATCH)
        rc = load_kind(db, cfg, 0, out, n);
    return rc;
}

/* Gateways that failed or were slow lately go last for NOTIFY_COOLDOWN_S. */
#define NOTIFY_COOLDOWN_S 60
#define NOTIFY_SLOW_US (5 * 1000000LL)
#define NOTIFY_LEASE_S 120              /* a row in 'sending' is retried after this */
#define NOTIFY_RECEIPT_WAIT (72 * 3600) /* no receipt by then: unknown */
#define NOTIFY_HEALTH_SLOTS 16
#define NOTIFY_SWEEP_S 600              /* how often sent rows are checked for "unknown" */

static pthread_mutex_t health_mu = PTHREAD_MUTEX_INITIALIZER;
static struct {
    const struct notify_provider *p;
    int64_t down_until;
} health[NOTIFY_HEALTH_SLOTS];

static int64_t provider_down_until(const struct notify_provider *p)
{
    int64_t t = 0;
    pthread_mutex_lock(&health_mu);
    for (size_t i = 0; i < NOTIFY_HEALTH_SLOTS; i++)
        if (health[i].p == p)
            t = health[i].down_until;
    pthread_mutex_unlock(&health_mu);
    return t;
}

static void provider_mark(const struct notify_provider *p, int64_t down_until)
{
    size_t slot = NOTIFY_HEALTH_SLOTS;
    pthread_mutex_lock(&health_mu);
    for (size_t i = 0; i < NOTIFY_HEALTH_SLOTS; i++) {
        if (health[i].p == p) {
            slot = i;
            break;
        }
        if (!health[i].p && slot == NOTIFY_HEALTH_SLOTS)
            slot = i;
    }
    if (slot < NOTIFY_HEALTH_SLOTS) {
        health[slot].p = p;
        health[slot].down_until = down_until;
    }
    pthread_mutex_unlock(&health_mu);
}

/* The gateways of ch in the order to try them: healthy ones first. */
static size_t providers_for(const struct notify_config *cfg, enum notify_channel ch,
                            const struct notify_provider **out)
{
    const struct notify_provider *all[NOTIFY_MAX_PROVIDERS];
    size_t n = 0, k = 0;
    const struct notify_provider *first = ch == NOTIFY_SMS ? cfg->sms : cfg->zalo;
    const struct notify_provider *const *more = ch == NOTIFY_SMS ? cfg->sms_more
                                                                 : cfg->zalo_more;
    if (first)
        all[n++] = first;
    for (size_t i = 0; more && more[i] && n < NOTIFY_MAX_PROVIDERS; i++)
        all[n++] = more[i];
    int64_t now = clock_now();
    for (size_t i = 0; i < n; i++)
        if (provider_down_until(all[i]) <= now)
            out[k++] = all[i];
    for (size_t i = 0; i < n; i++)
        if (provider_down_until(all[i]) > now)
            out[k++] = all[i];
    return k;
}

/*
 * Per channel, what people are told when it cannot reach someone (fail) and
 * when a fallback message went through it (sent).
 */
static const char *channel_words(enum notify_channel ch, bool sent)
{
    static const struct {
        const char *fail, *sent;
    } words[] = {
        [NOTIFY_EMAIL] = {"Địa chỉ thư điện tử không nhận được thư",
                          "đã gửi thư điện tử thay thế"},
        [NOTIFY_SMS] = {"Số điện thoại không nhận được tin nhắn SMS", "đã gửi SMS thay thế"},
        [NOTIFY_ZALO] = {"Số điện thoại không nhận được tin Zalo", "đã gửi tin Zalo thay thế"},
    };
    size_t i = (size_t)ch < MC_ARRAY_LEN(words) ? (size_t)ch : NOTIFY_EMAIL;
    return sent ? words[i].sent : words[i].fail;
}

/*
 * Send p through cfg: email by SMTP, SMS and Zalo through each gateway in
 * turn while they answer "temporary" (failover).  Fills *r; *provider
 * gets the name of the gateway that answered ("" when none did).
 */
static void send_one(const struct notify_config *cfg, const struct pending *p,
                     struct notify_result *r, const char **provider)
{
    const struct notify_provider *provs[NOTIFY_MAX_PROVIDERS];
    memset(r, 0, sizeof(*r));
    r->verdict = NOTIFY_TEMPORARY;
    *provider = "";
    bool real = p->ch == NOTIFY_EMAIL ? cfg->smtp_url && *cfg->smtp_url
                : p->ch == NOTIFY_SMS ? cfg->sms != NULL : cfg->zalo != NULL;
    if (cfg->demo && !real) {   /* the demo gateway: taken, and nothing leaves the machine */
        r->verdict = NOTIFY_ACCEPTED;
        snprintf(r->ref, sizeof(r->ref), "demo-%s", p->idem_key);
        *provider = NOTIFY_DEMO_PROVIDER;
        return;
    }
    if (p->ch == NOTIFY_EMAIL) {
        enum mc_status st = notify_send_email(cfg, p->recipient, p->subject, p->body, r->why,
                                              sizeof(r->why));
        r->verdict = st == MC_OK ? NOTIFY_ACCEPTED
                     : st == MC_ERR_IO ? NOTIFY_TEMPORARY : NOTIFY_PERMANENT;
        *provider = "smtp";
        return;
    }
    size_t n = providers_for(cfg, p->ch, provs);
    if (n == 0) {   /* load_due() selects none of these: nobody "sends" */
        snprintf(r->why, sizeof(r->why), "no %s gateway", notify_channel_name(p->ch));
        return;
    }
    const struct notify_outgoing m = {p->id, p->ch, p->recipient, p->body, p->kind,
                                      p->idem_key};
    for (size_t i = 0; i < n; i++) {
        int64_t t0 = clock_mono_us();
        memset(r, 0, sizeof(*r));
        r->verdict = NOTIFY_TEMPORARY;
        if (provs[i]->send(provs[i]->ctx, &m, r) != MC_OK)
            r->verdict = NOTIFY_TEMPORARY;
        bool slow = clock_mono_us() - t0 > NOTIFY_SLOW_US;
        provider_mark(provs[i], r->verdict == NOTIFY_TEMPORARY || slow
                                    ? clock_now() + NOTIFY_COOLDOWN_S : 0);
        if (r->verdict != NOTIFY_TEMPORARY) {
            *provider = provs[i]->name;
            return;
        }
        log_warn("outbox %lld (%s): gateway %s: %s", (long long)p->id,
                 notify_channel_name(p->ch), provs[i]->name, r->why);
    }
}

/* The Vietnamese hash key of an address: lower-case email, phone as 0xxxxxxxxx. */
void notify_addr_normalise(const char *addr, char *out, size_t size)
{
    size_t k = 0;
    if (strchr(addr, '@')) {
        for (const char *s = addr; *s && k + 1 < size; s++)
            out[k++] = (char)(*s >= 'A' && *s <= 'Z' ? *s + 32 : *s);
        out[k] = '\0';
        return;
    }
    char digits[32];
    size_t d = 0;
    for (const char *s = addr; *s && d + 1 < sizeof(digits); s++)
        if (*s >= '0' && *s <= '9')
            digits[d++] = *s;
    digits[d] = '\0';
    if (d == 11 && strncmp(digits, "84", 2) == 0)
        snprintf(out, size, "0%s", digits + 2);
    else
        snprintf(out, size, "%s", digits);
}

void notify_addr_hash(const unsigned char key[32], const char *addr, char out[65])
{
    char norm[320];
    unsigned char h[32];
    notify_addr_normalise(addr, norm, sizeof(norm));
    crypto_generichash(h, sizeof(h), (const unsigned char *)norm, strlen(norm), key, 32);
    sodium_bin2hex(out, 65, h, sizeof(h));
}

/* Local minutes after midnight (UTC+7) of t. */
static int local_minutes(int64_t t)
{
    int64_t s = (t + CLOCK_VN_OFFSET) % 86400;
    return (int)(s / 60);
}

/* Whether minute m lies in the quiet window [start, end) (which may wrap midnight). */
static bool in_quiet(int m, int start, int end)
{
    if (start == end)
        return false;
    return start < end ? m >= start && m < end : m >= start || m < end;
}

/* When the quiet window that now is in ends (Unix seconds). */
static int64_t quiet_end_at(int64_t now, int end)
{
    int m = local_minutes(now);
    int64_t wait = ((int64_t)end - m + 1440) % 1440 * 60;
    return now - (now + CLOCK_VN_OFFSET) % 60 + wait;
}

enum outreach_verdict { OUT_SEND, OUT_LATER, OUT_REFUSED, OUT_CAPPED };

/*
 * The weekly cap inside one round: messages leased in this round are not
 * yet "sent" in the outbox, so the round counts them itself (at most
 * NOTIFY_BATCH: a scan is enough).
 */
struct round_tally {
    size_t n;
    struct {
        char bidx[SEAL_INDEX_SIZE];
        int64_t user_id;
    } seen[NOTIFY_BATCH];
};

static int64_t tally_count(const struct round_tally *t, const char *bidx, int64_t user_id)
{
    int64_t n = 0;
    for (size_t i = 0; t && i < t->n; i++)
        n += strcmp(t->seen[i].bidx, bidx) == 0
             || (user_id > 0 && t->seen[i].user_id == user_id);
    return n;
}

static void tally_add(struct round_tally *t, const char *bidx, int64_t user_id)
{
    if (!t || t->n >= NOTIFY_BATCH)
        return;
    snprintf(t->seen[t->n].bidx, SEAL_INDEX_SIZE, "%s", bidx);
    t->seen[t->n++].user_id = user_id;
}

/*
 * The person's choices for an outreach message: refused (opt-out), later
 * (quiet hours: *later gets when) or capped (weekly cap reached, counting
 * what this round has already leased: t, NULL when nothing is pending).
 */
static enum mc_status outreach_check(struct db *db, const struct notify_config *cfg,
                                     const struct pending *p, struct round_tally *t,
                                     enum outreach_verdict *v, int64_t *later)
{
    char hash[65];
    int64_t n = 0, now = clock_now();
    struct notify_prefs prefs;
    bool opted_out = false;
    *v = OUT_SEND;
    notify_addr_hash(cfg->addr_key, p->recipient, hash);
    enum mc_status rc = notify_optout_has(db, hash, &opted_out);
    if (rc != MC_OK)
        return rc;
    notify_prefs_default(&prefs);   /* no account: the defaults */
    if (p->user_id > 0 && (rc = notify_prefs_get(db, p->user_id, &prefs)) != MC_OK)
        return rc;
    if (opted_out || prefs.opt_out) {
        *v = OUT_REFUSED;
        return MC_OK;
    }
    if (in_quiet(local_minutes(now), prefs.quiet_start, prefs.quiet_end)) {
        *v = OUT_LATER;
        *later = quiet_end_at(now, prefs.quiet_end);
        return MC_OK;
    }
    char bidx[SEAL_INDEX_SIZE];
    rc = seal_index("recipient", p->recipient, bidx);
    if (rc == MC_OK)
        rc = db_get_int(db, &Q_OUTREACH_WEEK, &n, "sii", bidx, now - 7 * 86400,
                        p->user_id > 0 ? p->user_id : -1);
    if (rc == MC_OK && n + tally_count(t, bidx, p->user_id) >= prefs.weekly_cap)
        *v = OUT_CAPPED;
    if (rc == MC_OK && *v == OUT_SEND)
        tally_add(t, bidx, p->user_id);
    return rc;
}

/* The next "ch:addr" of a fallback list: *ch, addr (size bytes); *rest points after it. */
static bool fallback_next(const char *f, enum notify_channel *ch, char *addr, size_t size,
                          const char **rest)
{
    if (!f || !*f)
        return false;
    const char *colon = strchr(f, ':');
    const char *bar = strchr(f, '|');
    if (!colon || (bar && bar < colon))
        return false;
    char name[8];
    snprintf(name, sizeof(name), "%.*s", (int)(colon - f), f);
    *ch = notify_channel_parse(name);
    size_t n = bar ? (size_t)(bar - colon - 1) : strlen(colon + 1);
    snprintf(addr, size, "%.*s", (int)n, colon + 1);
    *rest = bar ? bar + 1 : "";
    return true;
}

/*
 * Message id has failed for good on channel ch (inside a transaction):
 * queue the next fallback channel, if any, and record the reason in plain
 * Vietnamese (says: what went wrong, "" = the channel's generic words).
 */
static enum mc_status fail_over_channel(struct db *db, int64_t id, const char *err,
                                        const char *says, int64_t attempts_add,
                                        bool record_fail)
{
    struct db_stmt *st = NULL;
    char reason[400], addr[320];
    enum notify_channel next;
    const char *rest = "";
    enum mc_status rc = db_get_row(db, &Q_ROW, &st, "i", id);
    if (rc != MC_OK) {
        db_done(st);
        return rc;
    }
    enum notify_channel ch = notify_channel_parse(db_col_text(st, 1));
    char *subject = db_col_strdup(st, 2), *body = db_col_strdup(st, 3);
    char *kind = db_col_strdup(st, 4), *fallback = seal_col_dup(st, 5);
    struct notify_opts o = {
        .user_id = db_col_is_null(st, 6) ? 0 : db_col_int64(st, 6),
        .actor_id = db_col_is_null(st, 7) ? 0 : db_col_int64(st, 7),
        .outreach = db_col_int64(st, 9) == 0,
    };
    char *ref = db_col_strdup(st, 8);
    db_done(st);
    o.ref = ref;
    const char *words = says && *says ? says : channel_words(ch, false);
    if (fallback_next(fallback, &next, addr, sizeof(addr), &rest)) {
        o.fallback = rest;
        snprintf(reason, sizeof(reason), "%s; %s.", words, channel_words(next, true));
        rc = enqueue(db, next, addr, subject, body, kind, &o, id);
    } else {
        snprintf(reason, sizeof(reason), "%s; không còn kênh nào khác để gửi.", words);
    }
    if (rc == MC_OK && record_fail)
        rc = db_run(db, &Q_FAIL, NULL, "iiiss", id, clock_now(), attempts_add, err, reason);
    else if (rc == MC_OK)
        rc = db_run(db, &Q_REASON, NULL, "is", id, reason);
    free(subject);
    free(body);
    free(kind);
    free(fallback);
    free(ref);
    return rc;
}

struct fail_ctx {
    int64_t id;
    const char *err, *says;
};

static enum mc_status fail_tx(struct db *db, void *arg)
{
    struct fail_ctx *c = arg;
    return fail_over_channel(db, c->id, c->err, c->says, 1, true);
}

/* Record the outcome of one attempt. */
static enum mc_status record(struct db *db, const struct pending *p,
                             const struct notify_result *r, const char *provider)
{
    int64_t now = clock_now();
    if (r->verdict == NOTIFY_ACCEPTED)
        return db_run(db, &Q_SENT, NULL, "iiss", p->id, now, provider, r->ref);
    int64_t attempts = p->attempts + 1;
    log_warn("outbox %lld (%s): attempt %lld failed: %s", (long long)p->id,
             notify_channel_name(p->ch), (long long)attempts, r->why);
    if (r->verdict == NOTIFY_TEMPORARY && attempts < NOTIFY_MAX_ATTEMPTS) {
        int64_t wait = (int64_t)RETRY_BASE_S << (attempts < 10 ? attempts - 1 : 9);
        return db_run(db, &Q_RETRY, NULL, "iiis", p->id, now, now + wait, r->why);
    }
    struct fail_ctx c = {p->id, r->why, r->says};
    return db_tx(db, fail_tx, &c);
}

/*
 * Whether p goes out now (inside a transaction): an outreach message may
 * instead wait for the end of quiet hours or fail for the person's choice
 * (opt-out, weekly cap), recorded here.  A message that goes is leased:
 * a crash from here on leaves a row in 'sending' that is retried with the
 * same idempotency key once NOTIFY_LEASE_S has passed.
 */
static enum mc_status lease_one(struct db *db, const struct notify_config *cfg,
                                const struct pending *p, struct round_tally *t, bool *go)
{
    enum mc_status st = MC_OK;
    *go = false;
    if (p->outreach) {
        enum outreach_verdict v;
        int64_t later = 0;
        st = outreach_check(db, cfg, p, t, &v, &later);
        if (st != MC_OK)
            return st;
        if (v == OUT_LATER)
            return db_run(db, &Q_LATER, NULL, "ii", p->id, later);
        if (v != OUT_SEND) {
            const char *why = v == OUT_REFUSED ? "Người nhận đã từ chối nhận tin"
                                               : "Người nhận đã nhận đủ số tin trong tuần";
            return db_run(db, &Q_FAIL, NULL, "iiiss", p->id, clock_now(), (int64_t)0,
                          v == OUT_REFUSED ? "opted out" : "weekly cap", why);
        }
    }
    st = db_run(db, &Q_SENDING, NULL, "iii", p->id, clock_now(), clock_now() + NOTIFY_LEASE_S);
    *go = st == MC_OK;
    return st;
}

/* Every outreach message says how to refuse the next: the link goes under p's text. */
static void add_optout_link(const struct notify_config *cfg, struct pending *p)
{
    char hash[65], token[65];
    struct buf b;
    notify_addr_hash(cfg->addr_key, p->recipient, hash);
    notify_sign(cfg->optout_key, NOTIFY_SIGN_OPTOUT, hash, token);
    buf_init(&b, NOTIFY_BODY_MAX + 512);
    buf_addf(&b, "%s\nTừ chối nhận tin giới thiệu: %s/tu-choi-tin?a=%s&t=%s", p->body,
             cfg->public_url ? cfg->public_url : "", hash, token);
    free(p->body);
    p->body = buf_detach(&b, NULL);
    buf_release(&b);
}

/* One round's messages and what became of them. */
struct round {
    const struct notify_config *cfg;
    struct pending *rows;
    size_t n;
    bool *go;                       /* leased, to be sent */
    struct notify_result *res;
    const char **provider;
};

static enum mc_status lease_round_tx(struct db *db, void *arg)
{
    struct round *r = arg;
    struct round_tally t = {0};     /* a re-run starts the count again */
    enum mc_status st = MC_OK;
    for (size_t i = 0; st == MC_OK && i < r->n; i++)
        st = lease_one(db, r->cfg, &r->rows[i], &t, &r->go[i]);
    return st;
}

static enum mc_status record_round_tx(struct db *db, void *arg)
{
    struct round *r = arg;
    enum mc_status st = MC_OK;
    for (size_t i = 0; st == MC_OK && i < r->n; i++)
        if (r->go[i])
            st = record(db, &r->rows[i], &r->res[i], r->provider[i]);
    return st;
}

/* The senders of one round: each takes the next message until none is left. */
struct round_senders {
    struct round *r;
    _Atomic size_t next;
    _Atomic int ok;
    _Atomic bool down[NOTIFY_ZALO + 1];
};

/*
 * Send the leased messages of a round, several at once (NOTIFY_SENDERS
 * threads, so the gateway's time and this side's overlap).  Once no
 * gateway of a channel took one (temporary trouble), the round's other
 * messages of that channel are not tried: they stay leased and go again
 * when the lease ends, no attempt counted, instead of each waiting for a
 * gateway that is down.
 */
static void *round_sender(void *arg)
{
    struct round_senders *s = arg;
    struct round *r = s->r;
    for (size_t i; (i = atomic_fetch_add(&s->next, 1)) < r->n;) {
        enum notify_channel ch = r->rows[i].ch;
        if (r->go[i] && atomic_load(&s->down[ch]))
            r->go[i] = false;
        if (!r->go[i])
            continue;
        if (r->rows[i].outreach)
            add_optout_link(r->cfg, &r->rows[i]);
        send_one(r->cfg, &r->rows[i], &r->res[i], &r->provider[i]);
        atomic_fetch_add(&s->ok, r->res[i].verdict == NOTIFY_ACCEPTED);
        if (ch != NOTIFY_EMAIL && r->res[i].verdict == NOTIFY_TEMPORARY)
            atomic_store(&s->down[ch], true);
    }
    return NULL;
}

static int round_send(struct round *r)
{
    struct round_senders s = {.r = r};
    pthread_t t[NOTIFY_SENDERS - 1];
    size_t started = 0;
    while (r->n > 1 && started < NOTIFY_SENDERS - 1
           && pthread_create(&t[started], NULL, round_sender, &s) == 0)
        started++;
    round_sender(&s);   /* this thread sends too: alone when threads cannot start */
    for (size_t i = 0; i < started; i++)
        pthread_join(t[i], NULL);
    return atomic_load(&s.ok);
}

/*
 * SMS and Zalo: the gateways know a resend by its idempotency key, so a
 * round leases all its messages in one transaction, sends them, and
 * records the answers in a second one.  A crash in between sends the
 * round again with the same keys, and the gateway takes each as a
 * duplicate.  Email has no such key: each message is leased, sent and
 * recorded on its own, so a crash repeats at most one.
 */
static enum mc_status deliver_round(struct db *db, struct round *r, int *ok)
{
    enum mc_status st = db_tx(db, lease_round_tx, r);
    if (st == MC_OK)
        *ok += round_send(r);
    if (st == MC_OK)
        st = db_tx(db, record_round_tx, r);
    return st;
}

/* Rows of channel ch to the front of rows[0..n): how many there are. */
static size_t partition_email(struct pending *rows, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (rows[i].ch == NOTIFY_EMAIL) {
            struct pending tmp = rows[k];
            rows[k++] = rows[i];
            rows[i] = tmp;
        }
    }
    return k;
}

enum mc_status notify_deliver(struct db *db, const struct notify_config *cfg, int *sent)
{
    struct pending *rows = xcalloc(NOTIFY_BATCH, sizeof(*rows));
    struct notify_result *res = xcalloc(NOTIFY_BATCH, sizeof(*res));
    const char **provider = xcalloc(NOTIFY_BATCH, sizeof(*provider));
    bool go[NOTIFY_BATCH] = {0};
    size_t n = 0;
    int ok = 0;
    int64_t now = clock_now();
    enum mc_status st = MC_OK;
    /* sent rows whose receipt never came become unknown: a sweep now and then */
    static _Atomic int64_t last_sweep;
    if (now - last_sweep >= NOTIFY_SWEEP_S) {
        last_sweep = now;
        st = db_run(db, &Q_UNKNOWN, NULL, "ii", now, now - NOTIFY_RECEIPT_WAIT);
    }
    if (st == MC_OK)
        st = load_due(db, cfg, rows, &n);
    size_t mails = st == MC_OK ? partition_email(rows, n) : 0;
    for (size_t i = 0; st == MC_OK && i < mails; i++) {
        struct round one = {cfg, &rows[i], 1, &go[i], &res[i], &provider[i]};
        st = deliver_round(db, &one, &ok);
    }
    if (st == MC_OK && n > mails) {
        struct round rest = {cfg, rows + mails, n - mails, go + mails, res + mails,
                             provider + mails};
        st = deliver_round(db, &rest, &ok);
    }
    for (size_t i = 0; i < n; i++)
        pending_release(&rows[i]);
    free(rows);
    free(res);
    free(provider);
    if (sent)
        *sent = ok;
    return st;
}

/* ---------------------------------------------------------------- receipts */

static const char *receipt_word(enum notify_receipt_status s)
{
    switch (s) {
    case NOTIFY_RCPT_DELIVERED: return "delivered";
    case NOTIFY_RCPT_FAILED: return "failed";
    case NOTIFY_RCPT_PENDING: break;
    }
    return "pending";
}

enum mc_status notify_receipt(struct db *db, const char *provider, const char *ref,
                              const char *idem_key, enum notify_receipt_status status,
                              const char *says, bool *duplicate)
{
    int64_t seen = 0, id = 0;
    *duplicate = false;
    if (!ref || !*ref)
        return MC_ERR_NOT_FOUND;
    enum mc_status rc = idem_key ? db_get_int(db, &Q_BY_KEY, &id, "s", idem_key)
                                 : db_get_int(db, &Q_BY_REF, &id, "ss", provider, ref);
    if (rc == MC_OK)
        rc = db_get_int(db, &Q_RECEIPT_SEEN, &seen, "sss", provider, ref, receipt_word(status));
    if (rc == MC_OK && seen > 0) {
        *duplicate = true;
        return MC_OK;
    }
    if (rc == MC_OK)
        rc = db_run(db, &Q_RECEIPT_ADD, NULL, "sssi", provider, ref, receipt_word(status),
                    clock_now());
    if (rc != MC_OK)
        return rc;
    if (status == NOTIFY_RCPT_DELIVERED)
        return db_run(db, &Q_DELIVERED, NULL, "ii", id, clock_now());
    if (status == NOTIFY_RCPT_FAILED)
        return fail_over_channel(db, id, "receipt: failed", says, 0, true);
    return MC_OK;
}

enum mc_status notify_counts(struct db *db, struct notify_counts *out)
{
    enum mc_status st = db_get_int(db, &Q_COUNT_PENDING, &out->pending, "");
    if (st == MC_OK)
        st = db_get_int(db, &Q_COUNT_SENT, &out->sent, "");
    if (st == MC_OK)
        st = db_get_int(db, &Q_COUNT_FAILED, &out->failed, "");
    return st;
}

/* ---------------------------------------------------------------- listing */

const char *notify_state_name(enum notify_state s)
{
    switch (s) {
    case NOTIFY_SENDING: return "đang gửi";
    case NOTIFY_SENT: return "đã gửi";
    case NOTIFY_DELIVERED: return "đã đến người nhận";
    case NOTIFY_FAILED: return "gửi không được";
    case NOTIFY_RETRYING: return "gửi lỗi, sẽ thử lại";
    case NOTIFY_UNKNOWN: return "chưa rõ đã đến chưa";
    case NOTIFY_PENDING: break;
    }
    return "chưa gửi";
}

static const char *const state_keys[] = {
    [NOTIFY_PENDING] = "queued",     [NOTIFY_SENDING] = "sending",
    [NOTIFY_SENT] = "sent",          [NOTIFY_DELIVERED] = "delivered",
    [NOTIFY_FAILED] = "failed",      [NOTIFY_RETRYING] = "retrying",
    [NOTIFY_UNKNOWN] = "unknown",
};

const char *notify_state_key(enum notify_state s)
{
    return (size_t)s < MC_ARRAY_LEN(state_keys) ? state_keys[s] : "queued";
}

enum notify_state notify_state_parse(const char *s)
{
    for (size_t i = 0; i < MC_ARRAY_LEN(state_keys); i++)
        if (strcmp(state_keys[i], s) == 0)
            return (enum notify_state)i;
    return NOTIFY_PENDING;
}

static void message_release(struct notify_message *m)
{
    free(m->recipient);
    free(m->subject);
    free(m->body);
    free(m->kind);
    free(m->reason);
    free(m->provider);
    free(m->ref);
}

ARRAY_LIST_DEFINE_EACH(notify_message, items, message_release)

static void message_finish(struct db_stmt *st, void *obj)
{
    struct notify_message *m = obj;
    m->channel = notify_channel_parse(db_col_text(st, 1));
    m->state = notify_state_parse(db_col_text(st, 8));
}

/* The columns of the message queries, in order. */
static const struct db_field NOTIFY_MESSAGE_FIELDS[] = {
    DB_INT64(struct notify_message, id),
    DB_SKIP(struct notify_message, channel),
    DB_SEALED(struct notify_message, recipient),
    DB_STRDUP(struct notify_message, subject),
    DB_STRDUP(struct notify_message, body),
    DB_STRDUP(struct notify_message, kind),
    DB_INT64(struct notify_message, created_at),
    DB_INT64(struct notify_message, sent_at),   /* NULL reads as 0 */
    DB_SKIP(struct notify_message, state),
    DB_INT64(struct notify_message, attempts),
    DB_STRDUP(struct notify_message, reason),
    DB_STRDUP(struct notify_message, provider),
};

static const struct db_row_type MESSAGE_ROW =
    DB_ROW_TYPE(struct notify_message, NOTIFY_MESSAGE_FIELDS, message_finish, NULL);

/*
 * Up to limit messages of the started query st (its status rc) into out,
 * emptied first and again on an error; with_ref: column 12 is the
 * message's ref.  st is done afterwards.
 */
static enum mc_status collect_messages(struct db_stmt *st, enum mc_status rc, size_t limit,
                                       bool with_ref, struct notify_message_list *out)
{
    notify_message_list_release(out);
    out->items = xcalloc(limit, sizeof(*out->items));
    while (db_next(st, &rc) && out->n < limit) {
        struct notify_message *m = &out->items[out->n++];
        db_row_read_type(st, &MESSAGE_ROW, m);
        if (with_ref)
            m->ref = db_col_strdup(st, 12);
    }
    db_done(st);
    if (rc != MC_OK)
        notify_message_list_release(out);
    return rc;
}

enum mc_status notify_list(struct db *db, size_t limit, struct notify_message_list *out)
{
    struct db_stmt *st = NULL;
    if (limit < 1)
        limit = 1;
    if (limit > 500)
        limit = 500;
    enum mc_status rc = db_query_start(db, &Q_LIST, &st, "i", (int64_t)limit);
    return collect_messages(st, rc, limit, false, out);
}

enum mc_status notify_list_ref(struct db *db, const char *ref, struct notify_message_list *out)
{
    struct db_stmt *st = NULL;
    enum mc_status rc = db_query_start(db, &Q_LIST_REF, &st, "s", ref);
    return collect_messages(st, rc, 50, false, out);
}

enum mc_status notify_list_actor(struct db *db, int64_t actor_id,
                                 struct notify_message_list *out)
{
    struct db_stmt *st = NULL;
    enum mc_status rc = db_query_start(db, &Q_LIST_ACTOR, &st, "i", actor_id);
    return collect_messages(st, rc, 100, true, out);
}
