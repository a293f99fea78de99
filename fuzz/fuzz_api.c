/*
 * fuzz_api.c - libFuzzer target for the JSON bodies of the POST /api/v1/...
 * endpoints, through the whole stack: the real server (`motcua serve`, run
 * in a thread of the fuzzer against a fresh database), the HTTP parser,
 * the router, the guard, the handlers that read the JSON, and the domain
 * behind them.
 *
 * Input layout (the seeds in fuzz/corpus/api/ follow it):
 *
 *   byte 0     the endpoint, byte % 8: assistant, assistant/feedback,
 *              assistant/handoff, feedback/codes, feedback,
 *              feedback/{code}/rating, surveys/1/responses (a published
 *              survey with one question of each kind is made at start),
 *              payments/sandbox/callback
 *   the rest   the request body, sent as application/json (at most 16 KiB)
 *
 * Checks, besides the sanitizers (in the server's threads too): every
 * answer is a complete HTTP response whose status is below 500 except 503
 * (busy), and whose body is JSON.  A client's body must never make the
 * server fail.  Any failed check aborts.
 *
 * FUZZ_API_VERBOSE=1 prints each request's path, status and answer.
 *
 * State carries over between inputs (what one request writes the next
 * sees), so a saved crash may need the inputs before it; most do not.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <jansson.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include "app/wire.h"
#include "core/clock.h"
#include "core/db.h"
#include "core/form.h"
#include "core/log.h"
#include "domain/accounts/account.h"
#include "domain/calendar/date.h"
#include "domain/survey/survey.h"
#include "web/app.h"

#define FUZZ_BODY_MAX (16u * 1024) /* bytes of body sent */
#define FUZZ_REPLY_MAX (1u << 20)  /* bytes of answer read */

static const char *const PATHS[8] = {
    "/api/v1/assistant",
    "/api/v1/assistant/feedback",
    "/api/v1/assistant/handoff",
    "/api/v1/feedback/codes",
    "/api/v1/feedback",
    "/api/v1/feedback/PA-260101-0001/rating",
    "/api/v1/surveys/1/responses",
    "/api/v1/payments/sandbox/callback",
};

static char dir[64];
static uint16_t port;

/* A published survey with one question of each kind, so answers reach the checks. */
static void make_survey(const char *path)
{
    static const struct audit_actor who = {0, "system", "fuzz"};
    struct db *db = NULL;
    struct user admin;
    struct form_errors errs = {0};
    int64_t uid = 0, sid = 0;
    char opens[CALENDAR_DATE_SIZE], closes[CALENDAR_DATE_SIZE];
    int32_t today = calendar_date_of(clock_now());
    calendar_date_format(today - 1, opens, sizeof(opens));
    calendar_date_format(today + 365, closes, sizeof(closes));
    struct survey_settings set = {"Khảo sát thử", "", "", opens, closes, false, false};
    struct survey_question_input qs[] = {
        {"single", "Bạn là", "", "Người dân\nDoanh nghiệp -> hết", true, true},
        {"multiple", "Bạn đã dùng", "", "Cổng dịch vụ công\nBộ phận một cửa\nBưu chính", false,
         false},
        {"scale", "Mức hài lòng", "", "", true, false},
        {"text", "Góp ý", "", "", false, false},
    };
    if (db_open(path, &db) != MC_OK || db_migrate(db, NULL) != MC_OK ||
        account_add_staff(db, "fuzz-admin", "Quản trị thử", "mat-khau-dai-12", "",
                          ROLE_PROVINCE_ADMIN, &who, &uid) != MC_OK ||
        account_load(db, uid, &admin) != MC_OK ||
        survey_create(db, &admin, &set, &who, &errs, &sid) != MC_OK)
        abort();
    for (size_t i = 0; i < sizeof(qs) / sizeof(qs[0]); i++)
        if (survey_question_save(db, &admin, sid, 0, &qs[i], &who, &errs) != MC_OK)
            abort();
    if (survey_publish(db, &admin, sid, &who, &errs) != MC_OK || sid != 1)
        abort();
    db_close(db);
}

static void *serve_main(void *arg)
{
    (void)arg;
    char port_s[16], db[96];
    snprintf(port_s, sizeof(port_s), "%u", (unsigned)port);
    snprintf(db, sizeof(db), "%s/t.db", dir);
    char *argv[] = {"serve", "--port", port_s, "--db", db, "--data-dir", dir, NULL};
    int rc = web_serve_main(7, argv);
    fprintf(stderr, "fuzz_api: the server stopped (exit %d)\n", rc);
    abort();
}

/* A free port on 127.0.0.1: bind port 0 and read back what was given. */
static uint16_t free_port(void)
{
    struct sockaddr_in a = {0};
    socklen_t len = sizeof(a);
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof(a)) != 0 ||
        getsockname(fd, (struct sockaddr *)&a, &len) != 0)
        abort();
    close(fd);
    return ntohs(a.sin_port);
}

static int connect_server(void)
{
    struct sockaddr_in a = {0};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        abort();
    if (connect(fd, (struct sockaddr *)&a, sizeof(a)) != 0) {
        close(fd);
        return -1;
    }
    int one = 1; /* no Nagle: a request waiting for a delayed ACK costs 40 ms */
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    return fd;
}

/* Close without TIME_WAIT: thousands of connections a minute would use up the ports. */
static void drop(int *fd)
{
    struct linger l = {1, 0};
    if (*fd < 0)
        return;
    setsockopt(*fd, SOL_SOCKET, SO_LINGER, &l, sizeof(l));
    close(*fd);
    *fd = -1;
}

static int send_all(int fd, const char *p, size_t n)
{
    while (n > 0) {
        ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

/* Content-Length of the header block head (NUL-terminated), or -1. */
static long content_length(const char *head)
{
    for (const char *p = head; (p = strchr(p, '\n')) != NULL;) {
        p++;
        if (strncasecmp(p, "Content-Length:", 15) == 0)
            return strtol(p + 15, NULL, 10);
    }
    return -1;
}

/*
 * One request on the kept-alive connection *fd, the answer into reply
 * (NUL-terminated).  Returns its length, or 0 when the connection was lost
 * before any answer (the caller reconnects and tries again).
 */
static size_t exchange(int *fd, const char *path, const char *body, size_t len, char *reply)
{
    static char req[512 + FUZZ_BODY_MAX];
    int n = snprintf(req, 512,
                     "POST %s HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                     "Content-Type: application/json\r\nContent-Length: %zu\r\n\r\n",
                     path, len);
    memcpy(req + n, body, len);
    /* A failed send is fine: the server may answer early (too large) and close. */
    (void)send_all(*fd, req, (size_t)n + len);
    size_t got = 0;
    long want = -1;
    for (;;) {
        ssize_t r = recv(*fd, reply + got, FUZZ_REPLY_MAX - 1 - got, 0);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        got += (size_t)r;
        reply[got] = '\0';
        const char *end = strstr(reply, "\r\n\r\n");
        if (end && want < 0)
            want = content_length(reply) + (long)(end + 4 - reply);
        if ((want >= 0 && got >= (size_t)want) || got >= FUZZ_REPLY_MAX - 1)
            break;
    }
    reply[got] = '\0';
    if (got == 0 || want < 0 || got < (size_t)want || strstr(reply, "Connection: close"))
        drop(fd); /* lost, cut short or closing: start afresh next time */
    return got;
}

/* POST body to path; the whole answer into reply (NUL-terminated); its length. */
static size_t post(const char *path, const char *body, size_t len, char *reply)
{
    static int fd = -1;
    for (int attempt = 0; attempt < 3; attempt++) {
        if (fd < 0)
            fd = connect_server();
        if (fd < 0) {
            fprintf(stderr, "fuzz_api: cannot connect: %s\n", strerror(errno));
            abort(); /* the server is gone */
        }
        size_t got = exchange(&fd, path, body, len, reply);
        if (got > 0)
            return got;
    }
    fprintf(stderr, "fuzz_api: %s: no answer in three tries\n", path);
    abort();
}

static void remove_dir(void)
{
    char cmd[128];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    if (dir[0] && system(cmd) != 0)
        fprintf(stderr, "fuzz_api: could not remove %s\n", dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    char db[96];
    pthread_t th;
    log_set_level(LOG_ERROR);
    setenv("MOTCUA_LOG_ACCESS", "0", 1);
    if (app_wire_listeners() != MC_OK) /* as main() does before any command */
        abort();
    snprintf(dir, sizeof(dir), "/tmp/motcua-fuzz-api-XXXXXX");
    if (!mkdtemp(dir))
        abort();
    atexit(remove_dir);
    snprintf(db, sizeof(db), "%s/t.db", dir);
    make_survey(db);
    port = free_port();
    if (pthread_create(&th, NULL, serve_main, NULL) != 0)
        abort();
    for (int i = 0; i < 400; i++) { /* up to 20 s for the server to listen */
        int fd = connect_server();
        if (fd >= 0) {
            close(fd);
            return 0;
        }
        struct timespec ts = {0, 50 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    fprintf(stderr, "fuzz_api: the server did not start\n");
    abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char reply[FUZZ_REPLY_MAX];
    if (size == 0)
        return 0;
    const char *path = PATHS[data[0] % 8];
    size_t len = size - 1 < FUZZ_BODY_MAX ? size - 1 : FUZZ_BODY_MAX;
    size_t got = post(path, (const char *)data + 1, len, reply);
    unsigned status = 0;
    if (got < 12 || sscanf(reply, "HTTP/1.1 %3u", &status) != 1)
        abort(); /* no complete status line */
    if (status >= 500 && status != 503) {
        fprintf(stderr, "fuzz_api: %s answered %u:\n%s\n", path, status, reply);
        abort();
    }
    if (getenv("FUZZ_API_VERBOSE"))
        fprintf(stderr, "fuzz_api: %s -> %u %.200s\n", path, status,
                strstr(reply, "\r\n\r\n") ? strstr(reply, "\r\n\r\n") + 4 : "");
    const char *body = strstr(reply, "\r\n\r\n");
    if (!body)
        abort();
    body += 4;
    json_t *v = json_loads(body, 0, NULL);
    if (!v) {
        fprintf(stderr, "fuzz_api: %s answered %u without JSON:\n%s\n", path, status, reply);
        abort();
    }
    json_decref(v);
    return 0;
}
