/*
 * page_track.c - public tracking of a dossier (tra cứu hồ sơ) by its code
 * and the last 4 digits of the applicant's phone or ID: status, procedure,
 * agency and dates, never personal data.  A wrong check and an unknown
 * code give the same answer; lookups are limited per address and wrong
 * checks per code, so a check cannot be found by brute force from one
 * address or from many.
 */
#include <stdio.h>
#include "web/dossier/clock_view.h"
#include "web/dossier/dossier_view.h"
#include "web/dossier/dossier_web.h"
#include "domain/accounts/account.h"
#include "core/clock.h"
#include "core/log.h"
#include "core/ratelimit.h"

#define TRACK_WINDOW 60          /* seconds */
#define TRACK_MAX 30             /* lookups per address per window */
#define TRACK_CODE_WINDOW 86400  /* seconds */
#define TRACK_CODE_FAILS 10      /* wrong checks for one code per day, from anywhere */

/*
 * Count one lookup from addr; false when the address is over its limit.
 * The count is kept in the database (account_rate_take), so it holds over
 * every app server behind a load balancer.
 */
static bool track_allowed(struct http_request *req)
{
    char key[96];
    bool allowed = true;
    snprintf(key, sizeof(key), "track-addr:%.80s", req->client_addr ? req->client_addr : "");
    if (account_rate_take(web_ctx(req)->db, key, TRACK_WINDOW, TRACK_MAX, &allowed) != MC_OK)
        allowed = true;   /* storage trouble: the lookup itself reports it */
    return allowed;
}

/*
 * Wrong checks per code: this stops a guesser who changes address at
 * every try (the check has 10,000 values; ten tries a day find it once in
 * a thousand days).  Each code has its own counter (core/ratelimit.h).
 * Kept by each app server: behind a load balancer of n servers a guesser
 * gets n times the tries, still one find in a hundred days for ten.
 */
static struct ratelimit per_code = RATELIMIT_INIT(TRACK_CODE_WINDOW, TRACK_CODE_FAILS);

/* s without the spaces (and tabs) people paste around it; NULL stays NULL. */
static const char *trimmed(struct http_request *req, const char *s)
{
    if (!s)
        return NULL;
    while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
        s++;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' ||
                     s[n - 1] == '\n'))
        n--;
    return arena_printf(req->arena, "%.*s", (int)n, s);
}

/* code in capitals, as codes are issued ("t20.stp-..." is "T20.STP-..."). */
static const char *upper(struct http_request *req, const char *code)
{
    char *u = arena_strdup(req->arena, code);
    for (char *p = u; *p; p++)
        if (*p >= 'a' && *p <= 'z')
            *p = (char)(*p - 'a' + 'A');
    return u;
}

/* The clock of a public lookup: the dates and waits it shows, no notes. */
static json_t *public_clock(struct http_request *req, const struct dossier_public *pub)
{
    struct dossier d;
    dossier_init(&d);
    d.status = pub->status;
    d.received_at = pub->received_at;
    d.due_at = pub->due_at;
    d.deadline_at = pub->deadline_at;
    d.ended_at = pub->ended_at;
    d.due_unit = pub->due_unit;
    d.supplement_seconds = pub->supplement_seconds;
    d.supplement_since = pub->supplement_since;
    d.supplement_due_at = pub->supplement_due_at;
    return clock_view(web_calendar(req), &d, clock_now(), pub->moves, NULL, pub->nmoves);
}

static unsigned page_track(struct http_request *req)
{
    struct dossier_public pub;
    const char *code = trimmed(req, http_arg(req, "ma"));
    const char *check = trimmed(req, http_arg(req, "kiem_tra"));
    json_t *data = json_object();
    json_object_set_new(data, "ma", json_string(code ? code : ""));
    json_object_set_new(data, "kiem_tra", json_string(check ? check : ""));
    if (!code || !*code || !check || !*check) {
        if (code && *code)
            json_object_set_new(data, "need_check", json_true());
        return web_page(req, 200, "track.html", "Tra cứu hồ sơ", data);
    }
    int64_t now = clock_mono_us() / 1000000;
    const char *key = upper(req, code);
    if (!track_allowed(req)) {
        log_warn("tracking rate limit reached");
        json_object_set_new(data, "error", json_string(
            "Bạn đã tra cứu quá nhiều lần. Xin thử lại sau một phút."));
        return web_page(req, 429, "track.html", "Tra cứu hồ sơ", data);
    }
    if (ratelimit_over(&per_code, key, now)) {
        log_warn("tracking: too many wrong checks for one code");
        json_object_set_new(data, "error", json_string(
            "Mã hồ sơ này đã được tra cứu sai quá nhiều lần. Xin thử lại vào ngày mai, "
            "hoặc đăng nhập để xem hồ sơ của bạn."));
        return web_page(req, 429, "track.html", "Tra cứu hồ sơ", data);
    }
    memset(&pub, 0, sizeof(pub));
    enum mc_status st = dossier_track(web_ctx(req)->db, code, check, &pub);
    if (st == MC_ERR_NOT_FOUND && strcmp(key, code) != 0)
        st = dossier_track(web_ctx(req)->db, key, check, &pub);
    if (st == MC_ERR_NOT_FOUND)
        ratelimit_hit(&per_code, key, now);
    if (st == MC_ERR_INVALID) {
        json_object_set_new(data, "error", json_string(
            "Mã kiểm tra là 4 chữ số cuối của số điện thoại hoặc số giấy tờ của người nộp."));
        return web_page(req, 422, "track.html", "Tra cứu hồ sơ", data);
    }
    if (st == MC_ERR_NOT_FOUND) {
        json_object_set_new(data, "error", json_string(
            "Không tìm thấy hồ sơ với mã và số kiểm tra này. Xin kiểm tra lại mã hồ sơ "
            "trên giấy tiếp nhận."));
        return web_page(req, 404, "track.html", "Tra cứu hồ sơ", data);
    }
    if (st != MC_OK) {
        json_decref(data);
        return dossier_view_error(req, st, NULL, NULL);
    }
    json_object_set_new(data, "found", json_pack(
        "{s:s,s:s,s:s,s:s,s:s,s:o,s:o,s:o,s:o,s:o,s:o}", "code", pub.code, "status_name",
        dossier_status_name(pub.status, pub.step), "channel_name",
        nat_channel_name(pub.channel), "procedure_name", pub.procedure_name, "agency_name",
        pub.agency_name[0] ? pub.agency_name : pub.agency_code, "submitted_at",
        dossier_view_time(pub.submitted_at), "received_at", dossier_view_time(pub.received_at),
        "due_at", dossier_view_time(pub.due_at), "apology_due_at",
        dossier_view_date(pub.apology_due_at), "ended_at", dossier_view_time(pub.ended_at),
        "returned_at", dossier_view_time(pub.returned_at)));
    json_object_set_new(data, "clock", public_clock(req, &pub));
    return web_page(req, 200, "track.html", "Tra cứu hồ sơ", data);
}

/* ---------------------------------------------------------------- routes */

static const struct http_route routes[] = {
    {HTTP_GET, "/tra-cuu", page_track, 0, 0},
};

const struct web_routes web_page_track_routes = WEB_ROUTES(routes);
