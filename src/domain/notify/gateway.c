/* gateway.c - eSMS and Zalo ZNS behind struct notify_provider (see gateway.h). */
#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "domain/notify/gateway.h"
#include "domain/notify/notify_sign.h"
#include "domain/notify/sms_text.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/jfield.h"
#include "core/log.h"

#define RESPONSE_MAX (64 * 1024)
#define WEBHOOK_WINDOW_MS (15LL * 60 * 1000)

static void set(char *dst, size_t size, const char *env)
{
    const char *v = getenv(env);
    snprintf(dst, size, "%s", v ? v : "");
}

/* ---------------------------------------------------------------- HTTP */

static size_t collect(char *data, size_t size, size_t n, void *arg)
{
    struct buf *b = arg;
    buf_add(b, data, size * n);
    return buf_status(b) == MC_OK ? size * n : 0;
}

/*
 * Idle curl handles, each keeping its connections open: a message reuses
 * the connection the last one opened to its gateway instead of a new TCP
 * (and TLS) handshake.  Shared by the gateways and their threads;
 * notify_gateways_close() closes them.
 */
#define IDLE_HANDLES 8
static pthread_mutex_t idle_mu = PTHREAD_MUTEX_INITIALIZER;
static CURL *idle[IDLE_HANDLES];
static size_t idle_n;

static CURL *handle_take(void)
{
    CURL *c = NULL;
    pthread_mutex_lock(&idle_mu);
    if (idle_n > 0)
        c = idle[--idle_n];
    pthread_mutex_unlock(&idle_mu);
    if (c)
        curl_easy_reset(c);   /* options go; open connections stay */
    return c ? c : curl_easy_init();
}

static void handle_give_back(CURL *c)
{
    pthread_mutex_lock(&idle_mu);
    if (idle_n < IDLE_HANDLES) {
        idle[idle_n++] = c;
        c = NULL;
    }
    pthread_mutex_unlock(&idle_mu);
    curl_easy_cleanup(c);
}

static void handles_close(void)
{
    pthread_mutex_lock(&idle_mu);
    while (idle_n > 0)
        curl_easy_cleanup(idle[--idle_n]);
    pthread_mutex_unlock(&idle_mu);
}

/*
 * POST body (content_type) to url with extra headers (body NULL: a GET); the answer's body
 * goes to out and its status to *http.  MC_ERR_IO when the gateway could
 * not be reached or did not answer in time (why gets a short reason).
 */
static enum mc_status post(const char *url, const char *content_type, const char *body,
                           const char *const *headers, struct buf *out, long *http,
                           char *why, size_t why_size)
{
    struct curl_slist *h = NULL;
    char ct[96];
    enum mc_status st = MC_OK;
    CURL *c = handle_take();
    *http = 0;
    if (!c) {
        snprintf(why, why_size, "curl_easy_init failed");
        return MC_ERR_IO;
    }
    snprintf(ct, sizeof(ct), "Content-Type: %s", content_type);
    h = curl_slist_append(h, ct);
    for (size_t i = 0; headers && headers[i]; i++)
        h = curl_slist_append(h, headers[i]);
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    if (body)   /* NULL: a GET */
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, out);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, NOTIFY_GATEWAY_TIMEOUT_S);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 5L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    CURLcode rc = curl_easy_perform(c);
    if (rc != CURLE_OK) {
        snprintf(why, why_size, "%s", curl_easy_strerror(rc));
        st = MC_ERR_IO;
    } else {
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, http);
    }
    curl_slist_free_all(h);
    if (st == MC_OK)
        handle_give_back(c);
    else
        curl_easy_cleanup(c);   /* a gateway that failed gets a fresh connection */
    return st;
}

/* ---------------------------------------------------------------- eSMS */

/* eSMS CodeResult: what it means for this message. */
static void esms_verdict(const char *code, struct notify_result *r)
{
    if (strcmp(code, "100") == 0 || strcmp(code, "124") == 0) {
        r->verdict = NOTIFY_ACCEPTED;   /* 124: this RequestId was taken before */
        return;
    }
    r->verdict = NOTIFY_PERMANENT;
    if (strcmp(code, "99") == 0)
        snprintf(r->says, sizeof(r->says), "Số điện thoại đã chặn tin nhắn từ tổng đài");
    else if (strcmp(code, "108") == 0)
        snprintf(r->says, sizeof(r->says), "Số điện thoại không đúng định dạng");
    else if (strcmp(code, "146") == 0)
        snprintf(r->says, sizeof(r->says),
                 "Nội dung tin nhắn SMS chưa khớp mẫu đã đăng ký với nhà mạng");
    else if (strcmp(code, "177") == 0)
        snprintf(r->says, sizeof(r->says),
                 "Nhà mạng của số điện thoại này chưa nhận tin của tỉnh");
    else
        r->verdict = NOTIFY_TEMPORARY;   /* keys, balance, brandname, IP: this gateway */
}

static enum mc_status esms_send(void *ctx, const struct notify_outgoing *m,
                                struct notify_result *r)
{
    const struct esms_gateway *g = ctx;
    struct buf resp;
    struct sms_count cnt;
    char cb[600] = "";
    long http = 0;
    enum mc_status st;
    json_t *req = NULL, *ans = NULL;
    char *body = NULL;
    buf_init(&resp, RESPONSE_MAX);
    if (sms_count(m->body, &cnt) != MC_OK)
        cnt.ucs2 = true;
    if (g->callback_url[0]) {
        char sig[65];
        notify_sign(g->sign_key, NOTIFY_SIGN_RECEIPT, m->idem_key, sig);
        snprintf(cb, sizeof(cb), "%s?k=%s&t=%s", g->callback_url, m->idem_key, sig);
    }
    req = json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s}", "ApiKey", g->api_key,
                    "SecretKey", g->secret_key, "Content", m->body, "Phone", m->recipient,
                    "Brandname", g->brandname, "SmsType", "2", "IsUnicode",
                    cnt.ucs2 ? "1" : "0", "RequestId", m->idem_key, "CallbackUrl", cb);
    body = req ? json_dumps(req, JSON_COMPACT) : NULL;
    if (!body) {
        snprintf(r->why, sizeof(r->why), "cannot build the request");
        st = MC_ERR_INTERNAL;
        goto out;
    }
    st = post(g->url, "application/json", body, NULL, &resp, &http, r->why, sizeof(r->why));
    if (st != MC_OK)
        goto out;
    ans = json_loadb(resp.data ? resp.data : "", resp.len, 0, NULL);
    const char *code = ans ? jfield_str(ans, "CodeResult") : NULL;
    if (http != 200 || !code) {
        snprintf(r->why, sizeof(r->why), "%s: HTTP %ld, no CodeResult", g->name, http);
        r->verdict = NOTIFY_TEMPORARY;
        goto out;
    }
    esms_verdict(code, r);
    snprintf(r->ref, sizeof(r->ref), "%s", jfield_str(ans, "SMSID") ? jfield_str(ans, "SMSID")
                                                                    : "");
    if (r->verdict != NOTIFY_ACCEPTED)
        snprintf(r->why, sizeof(r->why), "%s: CodeResult %s", g->name, code);
out:
    free(body);
    json_decref(req);
    json_decref(ans);
    buf_release(&resp);
    return st;
}

/*
 * An eSMS SendStatus with its counts (as the callback and GetSendStatus
 * give them): 5 done (delivered when one succeeded or none failed), 4
 * refused, 1/2/7 on the way.  MC_ERR_INVALID for another value.
 */
static enum mc_status esms_status_of(long status, long nok, long nfail,
                                     enum notify_receipt_status *out, char *says,
                                     size_t says_size)
{
    switch (status) {
    case 5:
        *out = nok > 0 || nfail == 0 ? NOTIFY_RCPT_DELIVERED : NOTIFY_RCPT_FAILED;
        break;
    case 4:
        *out = NOTIFY_RCPT_FAILED;
        break;
    case 1: case 2: case 7:
        *out = NOTIFY_RCPT_PENDING;
        break;
    default:
        return MC_ERR_INVALID;
    }
    if (*out == NOTIFY_RCPT_FAILED)
        snprintf(says, says_size, "Nhà mạng báo tin nhắn SMS không đến được số điện thoại này");
    return MC_OK;
}

/* A JSON member as a whole number (eSMS sends numbers, sometimes as strings); -1 if absent. */
static long json_long(json_t *o, const char *name)
{
    json_t *v = json_object_get(o, name);
    if (json_is_integer(v))
        return (long)json_integer_value(v);
    if (json_is_real(v))
        return (long)json_real_value(v);
    if (json_is_string(v) && *json_string_value(v))
        return strtol(json_string_value(v), NULL, 10);
    return -1;
}

/*
 * GetSendStatus: GET status_url?RefId=SMSID&ApiKey=..&SecretKey=.. ->
 * {"CodeResponse":"100","SMSID":"..","SendStatus":5,"SendSuccess":1,
 * "SendFailed":0,...}.  The URL carries the keys: it is never logged.
 */
static enum mc_status esms_status(void *ctx, const char *ref, enum notify_receipt_status *out,
                                  char *says, size_t says_size, char *why, size_t why_size)
{
    const struct esms_gateway *g = ctx;
    struct buf url, resp;
    long http = 0;
    enum mc_status st = MC_ERR_IO;
    json_t *ans = NULL;
    CURL *c = curl_easy_init();
    char *id = c ? curl_easy_escape(c, ref, 0) : NULL;
    char *key = c ? curl_easy_escape(c, g->api_key, 0) : NULL;
    char *secret = c ? curl_easy_escape(c, g->secret_key, 0) : NULL;
    buf_init(&url, 2048);
    buf_init(&resp, RESPONSE_MAX);
    says[0] = '\0';
    if (!id || !key || !secret) {
        snprintf(why, why_size, "%s: cannot build the status query", g->name);
        goto out;
    }
    buf_addf(&url, "%s%sRefId=%s&ApiKey=%s&SecretKey=%s", g->status_url,
             strchr(g->status_url, '?') ? "&" : "?", id, key, secret);
    if (buf_status(&url) != MC_OK
        || post(buf_cstr(&url), "application/json", NULL, NULL, &resp, &http, why,
                why_size) != MC_OK)
        goto out;
    ans = json_loadb(resp.data ? resp.data : "", resp.len, 0, NULL);
    const char *code = ans ? jfield_str(ans, "CodeResponse") : NULL;
    if (!code && ans)
        code = jfield_str(ans, "CodeResult");
    if (http != 200 || !code || strcmp(code, "100") != 0) {
        snprintf(why, why_size, "%s: status query: HTTP %ld, code %s", g->name, http,
                 code ? code : "none");
        goto out;
    }
    if (esms_status_of(json_long(ans, "SendStatus"), json_long(ans, "SendSuccess"),
                       json_long(ans, "SendFailed"), out, says, says_size) != MC_OK) {
        snprintf(why, why_size, "%s: status query: unknown SendStatus", g->name);
        goto out;
    }
    st = MC_OK;
out:
    if (url.data)   /* it held the keys */
        sodium_memzero(url.data, url.cap);
    curl_free(id);
    curl_free(key);
    curl_free(secret);
    if (c)
        curl_easy_cleanup(c);
    json_decref(ans);
    buf_release(&url);
    buf_release(&resp);
    return st;
}

enum mc_status notify_esms_receipt_parse(const char *(*get)(void *, const char *), void *ctx,
                                         struct notify_parsed_receipt *out)
{
    const char *id = get(ctx, "SMSID"), *status = get(ctx, "SendStatus");
    const char *ok = get(ctx, "SendSuccess"), *failed = get(ctx, "SendFailed");
    const char *key = get(ctx, "k");
    memset(out, 0, sizeof(out[0]));
    snprintf(out->provider, sizeof(out->provider), "esms");
    if (!id || !*id || strlen(id) >= sizeof(out->ref) || !status || strlen(status) != 1
        || !key || !*key || strlen(key) >= sizeof(out->idem_key))
        return MC_ERR_INVALID;
    snprintf(out->ref, sizeof(out->ref), "%s", id);
    snprintf(out->idem_key, sizeof(out->idem_key), "%s", key);
    long nok = ok ? strtol(ok, NULL, 10) : 0, nfail = failed ? strtol(failed, NULL, 10) : 0;
    if (status[0] < '0' || status[0] > '9')
        return MC_ERR_INVALID;
    return esms_status_of(status[0] - '0', nok, nfail, &out->status, out->says,
                          sizeof(out->says));
}

/* ---------------------------------------------------------------- Zalo */

/* Keep the refresh token Zalo just gave (single use), 0600, written whole. */
static void zns_keep_token(const struct zns_gateway *z)
{
    char tmp[640];
    if (!z->token_file[0])
        return;
    snprintf(tmp, sizeof(tmp), "%s.tmp", z->token_file);
    json_t *o = json_pack("{s:s,s:I}", "refresh_token", z->refresh_token, "expires_at",
                          (json_int_t)z->expires_at);
    char *s = o ? json_dumps(o, JSON_COMPACT) : NULL;
    int fd = s ? open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600) : -1;
    bool ok = fd >= 0 && write(fd, s, strlen(s)) == (ssize_t)strlen(s) && fsync(fd) == 0;
    if (fd >= 0)
        close(fd);
    if (!ok || rename(tmp, z->token_file) != 0)
        log_warn("zns: cannot keep the refreshed token (%s)", strerror(errno));
    free(s);
    json_decref(o);
}

/* Get a new access token (z->mu held).  MC_OK or MC_ERR_IO (why filled). */
static enum mc_status zns_refresh(struct zns_gateway *z, char *why, size_t why_size)
{
    struct buf resp, form;
    long http = 0;
    char secret_h[200];
    enum mc_status st = MC_ERR_IO;
    json_t *ans = NULL;
    if (!z->oauth_url[0] || !z->refresh_token[0] || !z->app_id[0]) {
        snprintf(why, why_size, "zns: token expired and no refresh settings");
        return MC_ERR_IO;
    }
    buf_init(&resp, RESPONSE_MAX);
    buf_init(&form, 4096);
    CURL *c = curl_easy_init();
    char *rt = c ? curl_easy_escape(c, z->refresh_token, 0) : NULL;
    char *app = c ? curl_easy_escape(c, z->app_id, 0) : NULL;
    if (!rt || !app)
        goto out;
    buf_addf(&form, "refresh_token=%s&app_id=%s&grant_type=refresh_token", rt, app);
    snprintf(secret_h, sizeof(secret_h), "secret_key: %s", z->app_secret);
    const char *headers[] = {secret_h, NULL};
    if (post(z->oauth_url, "application/x-www-form-urlencoded", buf_cstr(&form), headers,
             &resp, &http, why, why_size) != MC_OK)
        goto out;
    ans = json_loadb(resp.data ? resp.data : "", resp.len, 0, NULL);
    const char *at = ans ? jfield_str(ans, "access_token") : NULL;
    const char *nrt = ans ? jfield_str(ans, "refresh_token") : NULL;
    json_t *exp = ans ? json_object_get(ans, "expires_in") : NULL;
    int64_t secs = json_is_string(exp) ? strtoll(json_string_value(exp), NULL, 10)
                   : json_is_integer(exp) ? (int64_t)json_integer_value(exp) : 0;
    if (http != 200 || !at || !*at || strlen(at) >= sizeof(z->access_token)
        || (nrt && strlen(nrt) >= sizeof(z->refresh_token))) {
        snprintf(why, why_size, "zns: token refresh refused (HTTP %ld)", http);
        goto out;
    }
    snprintf(z->access_token, sizeof(z->access_token), "%s", at);
    if (nrt && *nrt)
        snprintf(z->refresh_token, sizeof(z->refresh_token), "%s", nrt);
    z->expires_at = secs > 0 ? clock_now() + secs : 0;
    zns_keep_token(z);
    log_info("zns: access token refreshed");
    st = MC_OK;
out:
    curl_free(rt);
    curl_free(app);
    if (c)
        curl_easy_cleanup(c);
    json_decref(ans);
    buf_release(&resp);
    buf_release(&form);
    return st;
}

/* The access token to use now, refreshed first when it is about to expire. */
static enum mc_status zns_token(struct zns_gateway *z, bool force, char *out, size_t size,
                                char *why, size_t why_size)
{
    enum mc_status st = MC_OK;
    pthread_mutex_lock(&z->mu);
    if (force || !z->access_token[0]
        || (z->expires_at && z->expires_at - NOTIFY_TOKEN_MARGIN_S <= clock_now()))
        st = zns_refresh(z, why, why_size);
    if (!z->access_token[0] && st == MC_OK) {
        snprintf(why, why_size, "zns: no access token");
        st = MC_ERR_IO;
    }
    snprintf(out, size, "%s", z->access_token);
    pthread_mutex_unlock(&z->mu);
    if (!force && st != MC_OK && out[0])
        st = MC_OK;   /* refresh failed; the old token may still work */
    return st;
}

static const char *zns_template(const struct zns_gateway *z, const char *kind)
{
    for (size_t i = 0; i < z->ntemplates; i++)
        if (strcmp(z->templates[i].kind, kind) == 0)
            return z->templates[i].id;
    return NULL;
}

/* Zalo's error codes: permanent for this person, token, or temporary. */
static void zns_verdict(long err, struct notify_result *r)
{
    r->verdict = NOTIFY_PERMANENT;
    switch (err) {
    case 0:
        r->verdict = NOTIFY_ACCEPTED;
        break;
    case -108:
        snprintf(r->says, sizeof(r->says), "Số điện thoại không đúng định dạng");
        break;
    case -118: case -119: case -114: case -139:
        snprintf(r->says, sizeof(r->says), "Số điện thoại không nhận được tin Zalo");
        break;
    case -131: case -132:
        snprintf(r->says, sizeof(r->says), "Mẫu tin Zalo chưa được duyệt");
        break;
    default:
        r->verdict = NOTIFY_TEMPORARY;   /* quota, night hours, server trouble */
    }
}

/* "0901234567" -> "84901234567", as Zalo wants. */
static void phone_84(const char *in, char out[40], size_t size)
{
    char norm[24];
    notify_addr_normalise(in, norm, sizeof(norm));
    if (norm[0] == '0')
        snprintf(out, size, "84%s", norm + 1);
    else
        snprintf(out, size, "%s", norm);
}

static enum mc_status zns_send(void *ctx, const struct notify_outgoing *m,
                               struct notify_result *r)
{
    struct zns_gateway *z = ctx;
    struct buf resp;
    char token[520], token_h[560], phone[40];
    long http = 0;
    enum mc_status st = MC_OK;
    json_t *ans = NULL;
    char *body = NULL;
    const char *tmpl = zns_template(z, m->kind);
    buf_init(&resp, RESPONSE_MAX);
    if (!tmpl) {
        r->verdict = NOTIFY_PERMANENT;
        snprintf(r->why, sizeof(r->why), "zns: no template for %s", m->kind);
        snprintf(r->says, sizeof(r->says), "Chưa có mẫu tin Zalo cho loại tin này");
        goto out;
    }
    phone_84(m->recipient, phone, sizeof(phone));
    json_t *req = json_pack("{s:s,s:s,s:{s:s},s:s}", "phone", phone, "template_id", tmpl,
                            "template_data", "noi_dung", m->body, "tracking_id", m->idem_key);
    body = req ? json_dumps(req, JSON_COMPACT) : NULL;
    json_decref(req);
    for (int round = 0; body && round < 2; round++) {
        st = zns_token(z, round > 0, token, sizeof(token), r->why, sizeof(r->why));
        if (st != MC_OK)
            break;
        snprintf(token_h, sizeof(token_h), "access_token: %s", token);
        const char *headers[] = {token_h, NULL};
        buf_reset(&resp);
        st = post(z->url, "application/json", body, headers, &resp, &http, r->why,
                  sizeof(r->why));
        if (st != MC_OK)
            break;
        json_decref(ans);
        ans = json_loadb(resp.data ? resp.data : "", resp.len, 0, NULL);
        json_t *e = ans ? json_object_get(ans, "error") : NULL;
        if (http != 200 || !json_is_integer(e)) {
            r->verdict = NOTIFY_TEMPORARY;
            snprintf(r->why, sizeof(r->why), "zns: HTTP %ld, no error field", http);
            break;
        }
        long err = (long)json_integer_value(e);
        if (err == -124 && round == 0)
            continue;   /* access token invalid: refresh once and try again */
        zns_verdict(err, r);
        json_t *data = json_object_get(ans, "data");
        const char *id = data ? jfield_str(data, "msg_id") : NULL;
        snprintf(r->ref, sizeof(r->ref), "%s", id ? id : "");
        if (r->verdict != NOTIFY_ACCEPTED)
            snprintf(r->why, sizeof(r->why), "zns: error %ld", err);
        break;
    }
    if (!body && st == MC_OK) {
        snprintf(r->why, sizeof(r->why), "cannot build the request");
        st = MC_ERR_INTERNAL;
    }
out:
    free(body);
    json_decref(ans);
    buf_release(&resp);
    return st;
}

enum mc_status notify_zalo_webhook_check(const char *app_id, const char *oa_secret,
                                         const char *body, size_t len, const char *signature,
                                         int64_t timestamp_ms)
{
    unsigned char h[crypto_hash_sha256_BYTES];
    char hex[2 * sizeof(h) + 1], ts[32];
    crypto_hash_sha256_state st;
    if (!oa_secret || !*oa_secret || !signature || strncmp(signature, "mac=", 4) != 0
        || strlen(signature + 4) != 64)
        return MC_ERR_FORBIDDEN;
    snprintf(ts, sizeof(ts), "%lld", (long long)timestamp_ms);
    crypto_hash_sha256_init(&st);
    crypto_hash_sha256_update(&st, (const unsigned char *)app_id, strlen(app_id));
    crypto_hash_sha256_update(&st, (const unsigned char *)body, len);
    crypto_hash_sha256_update(&st, (const unsigned char *)ts, strlen(ts));
    crypto_hash_sha256_update(&st, (const unsigned char *)oa_secret, strlen(oa_secret));
    crypto_hash_sha256_final(&st, h);
    sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
    if (sodium_memcmp(hex, signature + 4, 64) != 0)
        return MC_ERR_FORBIDDEN;
    int64_t now_ms = clock_now() * 1000;
    if (timestamp_ms < now_ms - WEBHOOK_WINDOW_MS || timestamp_ms > now_ms + WEBHOOK_WINDOW_MS)
        return MC_ERR_FORBIDDEN;
    return MC_OK;
}

enum mc_status notify_zalo_receipt_parse(const char *body, size_t len,
                                         struct notify_parsed_receipt *out, char *app_id,
                                         size_t app_id_size, int64_t *timestamp_ms)
{
    enum mc_status st = MC_ERR_INVALID;
    memset(out, 0, sizeof(out[0]));
    snprintf(out->provider, sizeof(out->provider), "zns");
    json_t *o = json_loadb(body, len, JSON_REJECT_DUPLICATES, NULL);
    if (!json_is_object(o))
        goto out;
    const char *event = jfield_str(o, "event_name"), *app = jfield_str(o, "app_id");
    json_t *ts = json_object_get(o, "timestamp");
    if (!event || !app || strlen(app) >= app_id_size)
        goto out;
    if (json_is_string(ts))
        *timestamp_ms = strtoll(json_string_value(ts), NULL, 10);
    else if (json_is_integer(ts))
        *timestamp_ms = (int64_t)json_integer_value(ts);
    else
        goto out;
    snprintf(app_id, app_id_size, "%s", app);
    if (strcmp(event, "user_received_message") != 0) {
        st = MC_ERR_NOT_FOUND;
        goto out;
    }
    json_t *msg = json_object_get(o, "message");
    const char *id = json_is_object(msg) ? jfield_str(msg, "msg_id") : NULL;
    if (!id || !*id || strlen(id) >= sizeof(out->ref))
        goto out;
    snprintf(out->ref, sizeof(out->ref), "%s", id);
    out->status = NOTIFY_RCPT_DELIVERED;
    st = MC_OK;
out:
    json_decref(o);
    return st;
}

/* ---------------------------------------------------------------- settings */

/* "kind=id,kind=id" into z->templates. */
static enum mc_status parse_templates(struct zns_gateway *z, const char *s)
{
    z->ntemplates = 0;
    while (s && *s) {
        const char *comma = strchr(s, ',');
        size_t n = comma ? (size_t)(comma - s) : strlen(s);
        const char *eq = memchr(s, '=', n);
        if (!eq || eq == s || z->ntemplates == NOTIFY_ZALO_TEMPLATES_MAX
            || (size_t)(eq - s) >= sizeof(z->templates[0].kind)
            || n - (size_t)(eq - s) - 1 >= sizeof(z->templates[0].id)
            || n - (size_t)(eq - s) - 1 == 0)
            return MC_ERR_INVALID;
        snprintf(z->templates[z->ntemplates].kind, sizeof(z->templates[0].kind), "%.*s",
                 (int)(eq - s), s);
        snprintf(z->templates[z->ntemplates].id, sizeof(z->templates[0].id), "%.*s",
                 (int)(n - (size_t)(eq - s) - 1), eq + 1);
        z->ntemplates++;
        s = comma ? comma + 1 : NULL;
    }
    return MC_OK;
}

/* The refresh token kept by an earlier refresh, if any (it replaces the setting). */
static void load_kept_token(struct zns_gateway *z)
{
    json_t *o = z->token_file[0] ? json_load_file(z->token_file, 0, NULL) : NULL;
    const char *rt = o ? jfield_str(o, "refresh_token") : NULL;
    if (rt && *rt && strlen(rt) < sizeof(z->refresh_token)) {
        snprintf(z->refresh_token, sizeof(z->refresh_token), "%s", rt);
        z->access_token[0] = '\0';   /* the setting's token is older than this */
    }
    json_decref(o);
}

static void esms_setup(struct esms_gateway *g, const char *name, const char *suffix,
                       const char *public_url, const unsigned char key[32])
{
    char env[64];
    snprintf(g->name, sizeof(g->name), "%s", name);
    snprintf(env, sizeof(env), "MOTCUA_SMS_URL%s", suffix);
    set(g->url, sizeof(g->url), env);
    snprintf(env, sizeof(env), "MOTCUA_SMS_USER%s", suffix);
    set(g->api_key, sizeof(g->api_key), env);
    snprintf(env, sizeof(env), "MOTCUA_SMS_PASS%s", suffix);
    set(g->secret_key, sizeof(g->secret_key), env);
    snprintf(env, sizeof(env), "MOTCUA_SMS_STATUS_URL%s", suffix);
    set(g->status_url, sizeof(g->status_url), env);
    set(g->brandname, sizeof(g->brandname), "MOTCUA_SMS_BRANDNAME");
    if (public_url && *public_url)
        snprintf(g->callback_url, sizeof(g->callback_url), "%s/api/notify/esms", public_url);
    memcpy(g->sign_key, key, 32);
}

enum mc_status notify_gateways_open(struct notify_gateways *g, struct notify_config *cfg,
                                    const char *public_url, const char *data_dir,
                                    const unsigned char key[32])
{
    struct zns_gateway *z = &g->zalo;
    memset(g, 0, sizeof(*g));
    pthread_mutex_init(&z->mu, NULL);
    curl_global_init(CURL_GLOBAL_DEFAULT);
    esms_setup(&g->sms[0], "esms", "", public_url, key);
    esms_setup(&g->sms[1], "esms-2", "_2", public_url, key);
    g->has_sms = g->sms[0].url[0] != '\0';
    g->has_sms2 = g->has_sms && g->sms[1].url[0] != '\0';
    for (int i = 0; i < 2; i++)
        g->sms_prov[i] = (struct notify_provider){g->sms[i].name, esms_send, &g->sms[i],
                                                  g->sms[i].status_url[0] ? esms_status
                                                                          : NULL};
    if (g->has_sms2) {
        g->sms_more[0] = &g->sms_prov[1];
        g->sms_more[1] = NULL;
    }
    set(z->url, sizeof(z->url), "MOTCUA_ZALO_ZNS_URL");
    set(z->access_token, sizeof(z->access_token), "MOTCUA_ZALO_OA_TOKEN");
    set(z->refresh_token, sizeof(z->refresh_token), "MOTCUA_ZALO_REFRESH_TOKEN");
    set(z->oauth_url, sizeof(z->oauth_url), "MOTCUA_ZALO_OAUTH_URL");
    set(z->app_id, sizeof(z->app_id), "MOTCUA_ZALO_APP_ID");
    set(z->app_secret, sizeof(z->app_secret), "MOTCUA_ZALO_APP_SECRET");
    set(g->zalo_oa_secret, sizeof(g->zalo_oa_secret), "MOTCUA_ZALO_OA_SECRET");
    set(g->sms_mo_token, sizeof(g->sms_mo_token), "MOTCUA_SMS_MO_TOKEN");
    snprintf(g->zalo_app_id, sizeof(g->zalo_app_id), "%s", z->app_id);
    if (data_dir && *data_dir)
        snprintf(z->token_file, sizeof(z->token_file), "%s/zalo-token.json", data_dir);
    g->has_zalo = z->url[0] != '\0';
    if (g->has_zalo) {
        if (parse_templates(z, getenv("MOTCUA_ZALO_TEMPLATES")) != MC_OK) {
            fprintf(stderr, "MOTCUA_ZALO_TEMPLATES: viết dạng loại_tin=mã_mẫu,"
                            "loại_tin=mã_mẫu (ví dụ dossier.notice=231234).\n");
            return MC_ERR_INVALID;
        }
        load_kept_token(z);
    }
    g->zalo_prov = (struct notify_provider){"zns", zns_send, z, NULL};
    cfg->sms = g->has_sms ? &g->sms_prov[0] : NULL;
    cfg->sms_more = g->has_sms2 ? g->sms_more : NULL;
    cfg->zalo = g->has_zalo ? &g->zalo_prov : NULL;
    return MC_OK;
}

void notify_gateways_close(struct notify_gateways *g)
{
    handles_close();
    pthread_mutex_destroy(&g->zalo.mu);
    sodium_memzero(g, sizeof(*g));
}
