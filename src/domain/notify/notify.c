/* notify.c - the notification outbox and its senders (see notify.h). */
#include <curl/curl.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <time.h>
#include "domain/notify/notify.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/log.h"
#include "core/mem.h"

#define SMTP_TIMEOUT_S 30L
#define RETRY_BASE_S 60

static const struct db_query Q_ENQUEUE = {
    "notify.enqueue",
    "INSERT INTO notify_outbox (channel, recipient, subject, body, kind, created_at,"
    " next_attempt_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
};
/* notify_deliver: the due rows of the channels that can be delivered
 * (?3 email, ?4 sms, ?5 zalo: 1 when a server or gateway is set), oldest
 * first; undeliverable rows must not fill the batch. */
static const struct db_query Q_DUE = {
    "notify.due",
    "SELECT id, channel, recipient, subject, body, attempts FROM notify_outbox"
    " WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= ?1"
    " AND ((channel = 'email' AND ?3) OR (channel = 'sms' AND ?4)"
    " OR (channel = 'zalo' AND ?5))"
    " ORDER BY next_attempt_at, id LIMIT ?2",
};
/* notify_list: the demo inbox, newest first. */
static const struct db_query Q_LIST = {
    "notify.list",
    "SELECT id, channel, recipient, subject, body, kind, created_at, sent_at, failed_at,"
    " attempts FROM notify_outbox ORDER BY id DESC LIMIT ?1",
};
/* A delivered message keeps its state, not its text: bodies carry one-time
 * codes and personal data that the database has no reason to keep. */
static const struct db_query Q_SENT = {
    "notify.sent",
    "UPDATE notify_outbox SET sent_at = ?2, attempts = attempts + 1, last_error = NULL,"
    " body = '' WHERE id = ?1",
};
static const struct db_query Q_RETRY = {
    "notify.retry",
    "UPDATE notify_outbox SET attempts = attempts + 1, next_attempt_at = ?2,"
    " last_error = ?3, failed_at = ?4 WHERE id = ?1",
};
static const struct db_query Q_COUNT_PENDING = {
    "notify.count_pending",
    "SELECT COUNT(*) FROM notify_outbox WHERE sent_at IS NULL AND failed_at IS NULL",
};
static const struct db_query Q_COUNT_SENT = {
    "notify.count_sent",
    "SELECT COUNT(*) FROM notify_outbox WHERE sent_at IS NOT NULL",
};
static const struct db_query Q_COUNT_FAILED = {
    "notify.count_failed",
    "SELECT COUNT(*) FROM notify_outbox WHERE failed_at IS NOT NULL",
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

static enum notify_channel channel_parse(const char *s)
{
    if (strcmp(s, "sms") == 0)
        return NOTIFY_SMS;
    if (strcmp(s, "zalo") == 0)
        return NOTIFY_ZALO;
    return NOTIFY_EMAIL;
}

enum mc_status notify_enqueue(struct db *db, enum notify_channel ch, const char *recipient,
                              const char *subject, const char *body, const char *kind)
{
    if (!recipient || !*recipient)
        return MC_ERR_INVALID;
    if (strlen(subject) > NOTIFY_SUBJECT_MAX || strlen(body) > NOTIFY_BODY_MAX)
        return MC_ERR_TOO_LARGE;
    return db_run(db, &Q_ENQUEUE, NULL, "sssssi", notify_channel_name(ch), recipient, subject,
                  body, kind, clock_now());
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
    char *recipient, *subject, *body;
    int64_t attempts;
};

static void pending_release(struct pending *p)
{
    free(p->recipient);
    free(p->subject);
    free(p->body);
}

static enum mc_status load_due(struct db *db, const struct notify_config *cfg,
                               struct pending *out, size_t *n)
{
    struct db_stmt *st = NULL;
    int64_t email = cfg->smtp_url && *cfg->smtp_url, sms = cfg->sms != NULL;
    int64_t zalo = cfg->zalo != NULL;
    *n = 0;
    enum mc_status rc = db_query_start(db, &Q_DUE, &st, "iiiii", clock_now(),
                                       (int64_t)NOTIFY_BATCH, email, sms, zalo);
    while (db_next(st, &rc) && *n < NOTIFY_BATCH) {
        struct pending *p = &out[(*n)++];
        p->id = db_col_int64(st, 0);
        p->ch = channel_parse(db_col_text(st, 1));
        p->recipient = xstrdup(db_col_text(st, 2));
        p->subject = xstrdup(db_col_text(st, 3));
        p->body = xstrdup(db_col_text(st, 4));
        p->attempts = db_col_int64(st, 5);
    }
    db_done(st);
    return rc;
}

static enum mc_status send_one(const struct notify_config *cfg, const struct pending *p,
                               char *err, size_t err_size)
{
    const struct notify_provider *prov = NULL;
    if (p->ch == NOTIFY_EMAIL)
        return notify_send_email(cfg, p->recipient, p->subject, p->body, err, err_size);
    prov = p->ch == NOTIFY_SMS ? cfg->sms : cfg->zalo;
    if (!prov) {   /* load_due() selects none of these: nobody "sends" */
        snprintf(err, err_size, "no %s gateway", notify_channel_name(p->ch));
        return MC_ERR_IO;
    }
    return prov->send(prov->ctx, p->ch, p->recipient, p->body, err, err_size);
}

enum mc_status notify_deliver(struct db *db, const struct notify_config *cfg, int *sent)
{
    struct pending *rows = xcalloc(NOTIFY_BATCH, sizeof(*rows));
    size_t n = 0;
    int ok = 0;
    enum mc_status st = load_due(db, cfg, rows, &n);
    for (size_t i = 0; st == MC_OK && i < n; i++) {
        char err[256] = "";
        struct pending *p = &rows[i];
        enum mc_status s = send_one(cfg, p, err, sizeof(err));
        if (s == MC_OK) {
            st = db_run(db, &Q_SENT, NULL, "ii", p->id, clock_now());
            ok++;
            continue;
        }
        int64_t attempts = p->attempts + 1;
        int64_t wait = (int64_t)RETRY_BASE_S << (attempts < 10 ? attempts - 1 : 9);
        bool give_up = attempts >= NOTIFY_MAX_ATTEMPTS;
        log_warn("outbox %lld (%s): attempt %lld failed: %s", (long long)p->id,
                 notify_channel_name(p->ch), (long long)attempts, err);
        if (give_up)
            st = db_run(db, &Q_RETRY, NULL, "iisi", p->id, clock_now(), err, clock_now());
        else
            st = db_run(db, &Q_RETRY, NULL, "iisn", p->id, clock_now() + wait, err);
    }
    for (size_t i = 0; i < n; i++)
        pending_release(&rows[i]);
    free(rows);
    if (sent)
        *sent = ok;
    return st;
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
    case NOTIFY_SENT: return "đã gửi";
    case NOTIFY_FAILED: return "gửi không được";
    case NOTIFY_PENDING: break;
    }
    return "chưa gửi";
}

void notify_message_list_init(struct notify_message_list *l)
{
    l->items = NULL;
    l->n = 0;
}

void notify_message_list_release(struct notify_message_list *l)
{
    if (!l)
        return;
    for (size_t i = 0; i < l->n; i++) {
        free(l->items[i].recipient);
        free(l->items[i].subject);
        free(l->items[i].body);
        free(l->items[i].kind);
    }
    free(l->items);
    notify_message_list_init(l);
}

enum mc_status notify_list(struct db *db, size_t limit, struct notify_message_list *out)
{
    struct db_stmt *st = NULL;
    if (limit < 1)
        limit = 1;
    if (limit > 500)
        limit = 500;
    notify_message_list_release(out);
    out->items = xcalloc(limit, sizeof(*out->items));
    enum mc_status rc = db_query_start(db, &Q_LIST, &st, "i", (int64_t)limit);
    while (db_next(st, &rc) && out->n < limit) {
        struct notify_message *m = &out->items[out->n++];
        m->id = db_col_int64(st, 0);
        m->channel = channel_parse(db_col_text(st, 1));
        m->recipient = db_col_strdup(st, 2);
        m->subject = db_col_strdup(st, 3);
        m->body = db_col_strdup(st, 4);
        m->kind = db_col_strdup(st, 5);
        m->created_at = db_col_int64(st, 6);
        m->sent_at = db_col_int64(st, 7);
        m->state = !db_col_is_null(st, 7) ? NOTIFY_SENT
                   : !db_col_is_null(st, 8) ? NOTIFY_FAILED : NOTIFY_PENDING;
        m->attempts = db_col_int64(st, 9);
    }
    db_done(st);
    if (rc != MC_OK)
        notify_message_list_release(out);
    return rc;
}
