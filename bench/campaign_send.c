/*
 * campaign_send.c - a campaign at province scale, run through the
 * module's own functions on a fresh SQLite database in DIR:
 *
 *   campaign_send build DIR N          build a campaign from a consented CSV
 *                                      list of N phones, approve and start it:
 *                                      every recipient stored, sealed and in
 *                                      the campaign's send queue; then the
 *                                      first outbox window; times, peak RSS
 *   campaign_send deliver DIR N        the same with N recipients, then the
 *                                      sending task and notify_deliver() in
 *                                      turn, as the server's jobs run them,
 *                                      to the SMS gateway of MOTCUA_SMS_URL
 *                                      until all N are sent; messages/s
 *   campaign_send ceiling URL N        the gateway's own ceiling: N eSMS
 *                                      requests posted one after another on
 *                                      one connection, as the outbox sends
 *
 * Built and run by bench/campaign.sh; prints one line per measure.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <curl/curl.h>
#include "core/clock.h"
#include "core/mem.h"
#include "core/seal.h"
#include "domain/campaign/campaign.h"
#include "domain/notify/gateway.h"

static const struct db_query Q_UNIT = {
    "bench.unit", "INSERT INTO units (code, name, full_name, level) VALUES ('20', 'T', 'T',"
    " 'province')",
};
static const struct db_query Q_AGENCY = {
    "bench.agency", "INSERT INTO agencies (code, name, unit_code, created_at, updated_at)"
    " VALUES ('T20.STP', 'Sở Tư pháp', '20', 0, 0)",
};
static const struct db_query Q_STAFF = {
    "bench.staff", "INSERT INTO users (kind, login, full_name, password_hash, created_at)"
    " VALUES ('staff', ?1, ?2, 'x', 0) RETURNING id",
};
static const struct db_query Q_QUEUED = {
    "bench.queued", "SELECT COUNT(*) FROM notify_outbox WHERE campaign_id = ?1",
};
static const struct db_query Q_SENT = {
    "bench.sent", "SELECT COUNT(*) FROM notify_outbox WHERE campaign_id = ?1"
    " AND state IN ('sent', 'delivered')",
};

static double secs(void)
{
    return (double)clock_mono_us() / 1e6;
}

static long peak_rss_mib(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss / 1024;
}

/* A consented list of n phones, in memory. */
static char *make_list(long n, size_t *len)
{
    struct buf b;
    buf_init(&b, (size_t)n * 40 + 64);
    buf_adds(&b, "dien_thoai,ho_ten,dong_y\n");
    for (long i = 0; i < n; i++)
        buf_addf(&b, "09%08ld,Người nhận %ld,có\n", i, i);
    return buf_detach(&b, len);
}

static struct db *open_db(const char *dir, struct user *admin, struct user *leader)
{
    char path[600];
    struct db *db = NULL;
    snprintf(path, sizeof(path), "sqlite:%s/c.db", dir);
    if (db_open(path, &db) != MC_OK || db_migrate(db, NULL) != MC_OK
        || db_run(db, &Q_UNIT, NULL, "") != MC_OK || db_run(db, &Q_AGENCY, NULL, "") != MC_OK
        || db_get_int(db, &Q_STAFF, &admin->id, "ss", "qt", "Quản trị") != MC_OK
        || db_get_int(db, &Q_STAFF, &leader->id, "ss", "ld", "Lãnh đạo") != MC_OK) {
        fprintf(stderr, "cannot prepare %s\n", path);
        exit(1);
    }
    admin->roles = ROLE_PROVINCE_ADMIN;
    snprintf(admin->agency_code, sizeof(admin->agency_code), "T20.STP");
    leader->roles = ROLE_APPROVER;
    snprintf(leader->agency_code, sizeof(leader->agency_code), "T20.STP");
    return db;
}

/* Build, approve, start; returns the campaign id.  Prints the build time. */
static int64_t build(struct db *db, const struct campaign_keys *k, const struct user *admin,
                     const struct user *leader, long n)
{
    static const struct audit_actor who = {0, "system", "bench"};
    struct form_errors errs = {0};
    struct campaign_says why;
    size_t len = 0;
    int64_t id = 0;
    char *list = make_list(n, &len);
    struct campaign_input in = {
        .name = "Bench", .agency_code = "T20.STP", .audience = "list", .list = list,
        .list_len = len, .channel = "sms", .body = "Kinh gui {ho_ten}: {lien_ket}",
        .target_path = "/thu-tuc", .control_pct = "0",
    };
    double t0 = secs();
    enum mc_status st = campaign_create(db, k, admin, &in, &who, &errs, &id);
    free(list);
    if (st == MC_OK)
        st = campaign_approve(db, leader, id, &who, &why);
    if (st == MC_OK)
        st = campaign_send(db, admin, id, &who, &why);
    if (st != MC_OK) {
        fprintf(stderr, "build: %s %s\n", mc_status_name(st),
                errs.count ? errs.items[0].message : why.text);
        exit(1);
    }
    double t = secs() - t0;
    printf("enqueue: %ld recipients from a consented list stored, sealed and started in %.1f s"
           " (%.0f/s), budget 60 s: %s; peak RSS %ld MiB\n", n, t, (double)n / t,
           t < 60 ? "met" : "missed", peak_rss_mib());
    return id;
}

/* The sending task until the outbox's first window is full. */
static void first_window(struct db *db, const struct campaign_keys *k, int64_t id, long n)
{
    int64_t queued = 0, q = 0, rows = 0;
    long want = n < CAMPAIGN_WINDOW ? n : CAMPAIGN_WINDOW;
    double t0 = secs();
    do {
        if (campaign_enqueue(db, k, &q) != MC_OK) {
            fprintf(stderr, "enqueue failed\n");
            exit(1);
        }
        queued += q;
    } while (q > 0);
    double t = secs() - t0;
    if (db_get_int(db, &Q_QUEUED, &rows, "i", id) != MC_OK || rows != want) {
        fprintf(stderr, "queued %lld of %ld\n", (long long)rows, want);
        exit(1);
    }
    printf("outbox window: %lld messages queued in %.2f s (%.0f/s); peak RSS %ld MiB\n",
           (long long)queued, t, (double)queued / t, peak_rss_mib());
}

/* The sending task and the outbox's delivery in turn until all n are sent. */
static int deliver_all(struct db *db, const struct campaign_keys *k,
                       const struct notify_config *cfg, int64_t id, long n)
{
    int64_t sent = 0, rows = 0, queued = 0;
    double t0 = secs();
    while (sent < n) {
        int got = 0;
        if (campaign_enqueue(db, k, &queued) != MC_OK)
            return fprintf(stderr, "enqueue failed\n"), 1;
        do {
            if (notify_deliver(db, cfg, &got) != MC_OK)
                return fprintf(stderr, "deliver failed\n"), 1;
            sent += got;
        } while (got > 0);
        if (queued == 0 && got == 0)
            break;
    }
    double t = secs() - t0;
    if (db_get_int(db, &Q_SENT, &rows, "i", id) != MC_OK)
        rows = -1;
    printf("deliver: %lld messages accepted by the gateway in %.1f s: %.0f msgs/s "
           "(%lld rows sent)\n", (long long)sent, t, (double)sent / t, (long long)rows);
    return rows == n ? 0 : 1;
}

static size_t discard(char *p, size_t size, size_t n, void *ctx)
{
    (void)p;
    (void)ctx;
    return size * n;
}

/* N sequential requests shaped like the outbox's to url; prints requests/s. */
static int ceiling(const char *url, long n)
{
    CURL *c = curl_easy_init();
    struct curl_slist *h = curl_slist_append(NULL, "Content-Type: application/json");
    char body[400];
    double t0 = secs();
    long ok = 0;
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
    for (long i = 0; i < n; i++) {
        snprintf(body, sizeof(body), "{\"ApiKey\":\"k1\",\"SecretKey\":\"s1\",\"Brandname\":"
                 "\"TINH-TEST\",\"SmsType\":\"2\",\"Content\":\"Kinh gui Nguoi nhan: "
                 "https://dichvucong.example.vn/l/AAAAAAAAAAAAAAAAAAAAAA\",\"Phone\":"
                 "\"08%08ld\",\"IsUnicode\":\"0\",\"RequestId\":\"ceiling-%ld\"}", i, i);
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
        ok += curl_easy_perform(c) == CURLE_OK;
    }
    double t = secs() - t0;
    printf("gateway ceiling: %ld requests in %.1f s: %.0f requests/s\n", ok, t, (double)ok / t);
    curl_slist_free_all(h);
    curl_easy_cleanup(c);
    return ok == n ? 0 : 1;
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: campaign_send build|deliver DIR N\n");
        return 2;
    }
    if (strcmp(argv[1], "ceiling") == 0)
        return ceiling(argv[2], atol(argv[3]));
    struct user admin = {0}, leader = {0};
    struct notify_config cfg = {.public_url = "https://dichvucong.example.vn"};
    struct notify_gateways gw;
    struct campaign_keys k;
    long n = atol(argv[3]);
    bool deliver = strcmp(argv[1], "deliver") == 0;
    unsigned char key[32] = {1};
    /* 10:00 in Vietnam: outreach is not held by quiet hours */
    clock_set(1772506800, 1);
    memset(&gw, 0, sizeof(gw));
    seal_use_dir(argv[2]);   /* the data key beside the database, not in ./var */
    if (deliver && notify_gateways_open(&gw, &cfg, "", argv[2], key) != MC_OK) {
        fprintf(stderr, "no gateway\n");
        return 1;
    }
    campaign_keys_from(&cfg, &k);
    struct db *db = open_db(argv[2], &admin, &leader);
    int64_t id = build(db, &k, &admin, &leader, n);
    int rc = 0;
    if (deliver) {
        rc = deliver_all(db, &k, &cfg, id, n);
        notify_gateways_close(&gw);
    } else {
        first_window(db, &k, id, n);
    }
    db_close(db);
    return rc;
}
