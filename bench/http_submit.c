/*
 * http_submit.c - durable online submissions per second THROUGH HTTP,
 * against the raw rate of single-row durable SQLite commits on the same
 * disk.  Built and run by bench/run.sh (bench_dossiers).
 *
 *   http_submit raw DIR N
 *       N single-row INSERT transactions, each committed on its own
 *       (WAL, synchronous=FULL, as motcua), into DIR/raw.db; then the
 *       same with a durable file write before each commit (a new file
 *       written, fsync'ed, renamed into place and its folder fsync'ed, as
 *       the file store does), for reference; prints
 *       "raw <commits/s> withfile <commits/s>".
 *   http_submit http URL LOGIN PASSWORD PROCEDURE AGENCY N CLIENTS [FILES]
 *       CLIENTS threads, each with its own session (signs in through
 *       /dang-nhap), post N multipart submissions in all to
 *       /nop-ho-so/PROCEDURE (one fresh token and, unless FILES is 0, one
 *       distinct PDF each; action=nop) and count the 303s to
 *       /ho-so/{code}?moi=1; prints "http <submissions/s> ok <n> failed <n>".
 *       FILES=0: e-form only (what a submission reusing vault items costs:
 *       no new file to make durable).
 *
 * Standalone: libcurl, SQLite and pthreads; no motcua headers.
 */
#define _GNU_SOURCE
#include <curl/curl.h>
#include <fcntl.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define PAGE_MAX (4u << 20)
#define FIELDS_MAX 32

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---------------------------------------------------------------- raw */

/* One small file written durably as the file store does. */
static int durable_file(const char *dir, int i)
{
    char tmp[1100], final[1100], body[64];
    snprintf(tmp, sizeof(tmp), "%s/raw-files/.tmp-%d", dir, i);
    snprintf(final, sizeof(final), "%s/raw-files/f-%d", dir, i);
    int len = snprintf(body, sizeof(body), "%%PDF-1.4 raw %d\n", i);
    int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL, 0640);
    if (fd < 0 || write(fd, body, (size_t)len) != len || fsync(fd) != 0 || close(fd) != 0 ||
        rename(tmp, final) != 0)
        return -1;
    snprintf(tmp, sizeof(tmp), "%s/raw-files", dir);
    fd = open(tmp, O_RDONLY | O_DIRECTORY);
    int rc = fd >= 0 && fsync(fd) == 0 ? 0 : -1;
    if (fd >= 0)
        close(fd);
    return rc;
}

static int raw(const char *dir, int n)
{
    char path[1024];
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    snprintf(path, sizeof(path), "%s/raw.db", dir);
    remove(path);
    if (sqlite3_open(path, &db) != SQLITE_OK ||
        sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
                     "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)",
                     NULL, NULL, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db, "INSERT INTO t (v) VALUES (?1)", -1, &st, NULL) != SQLITE_OK) {
        fprintf(stderr, "raw: %s\n", db ? sqlite3_errmsg(db) : "open failed");
        return 1;
    }
    double secs[2];
    snprintf(path, sizeof(path), "%s/raw-files", dir);
    mkdir(path, 0750);
    for (int pass = 0; pass < 2; pass++) {
        double t0 = now_s();
        for (int i = 0; i < n; i++) {
            char v[32];
            snprintf(v, sizeof(v), "row %d", i);
            if ((pass == 1 && durable_file(dir, i) != 0) ||
                sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
                return 1;
            sqlite3_bind_text(st, 1, v, -1, SQLITE_TRANSIENT);
            if (sqlite3_step(st) != SQLITE_DONE)
                return 1;
            sqlite3_reset(st);
            if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
                return 1;
        }
        secs[pass] = now_s() - t0;
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    printf("raw %.1f withfile %.1f\n", n / secs[0], n / secs[1]);
    return 0;
}

/* ---------------------------------------------------------------- http */

struct page {
    char *data;
    size_t len;
};

static size_t collect(char *p, size_t size, size_t n, void *arg)
{
    struct page *pg = arg;
    size_t add = size * n;
    if (pg->len + add >= PAGE_MAX)
        return 0;
    if (!pg->data)
        pg->data = malloc(PAGE_MAX);
    if (!pg->data)
        return 0;
    memcpy(pg->data + pg->len, p, add);
    pg->len += add;
    pg->data[pg->len] = '\0';
    return add;
}

/* The value of <input ... name="NAME" value="..."> in html, into out. */
static int input_value(const char *html, const char *name, char *out, size_t size)
{
    char needle[128];
    snprintf(needle, sizeof(needle), "name=\"%s\"", name);
    const char *p = html ? strstr(html, needle) : NULL;
    if (!p)
        return -1;
    const char *tag = p;
    while (tag > html && *tag != '<')
        tag--;
    const char *end = strchr(p, '>');
    const char *v = strstr(tag, "value=\"");
    if (!v || (end && v > end))
        return -1;
    v += 7;
    size_t n = strcspn(v, "\"");
    if (n >= size)
        return -1;
    memcpy(out, v, n);
    out[n] = '\0';
    return 0;
}

struct shared {
    const char *url, *login, *password, *procedure, *agency;
    atomic_int next;      /* submissions handed out */
    int total;
    int files;            /* 1: one new PDF per submission; 0: e-form only */
    atomic_int ok, failed;
};

struct client {
    struct shared *sh;
    int id;
    CURL *curl;
    char csrf[128];
    char fields[FIELDS_MAX][64];   /* f_* names of the e-form */
    int nfields;
};

static long do_get(struct client *c, const char *path, struct page *pg)
{
    char url[1024];
    long code = 0;
    snprintf(url, sizeof(url), "%s%s", c->sh->url, path);
    pg->len = 0;
    curl_easy_setopt(c->curl, CURLOPT_URL, url);
    curl_easy_setopt(c->curl, CURLOPT_HTTPGET, 1L);
    curl_easy_setopt(c->curl, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(c->curl, CURLOPT_WRITEDATA, pg);
    if (curl_easy_perform(c->curl) != CURLE_OK)
        return -1;
    curl_easy_getinfo(c->curl, CURLINFO_RESPONSE_CODE, &code);
    return code;
}

static int sign_in(struct client *c)
{
    struct page pg = {0};
    char body[1024], url[1024];
    long code = 0;
    int rc = -1;
    if (do_get(c, "/dang-nhap", &pg) != 200 || input_value(pg.data, "csrf", c->csrf,
                                                            sizeof(c->csrf)) != 0)
        goto out;
    char *l = curl_easy_escape(c->curl, c->sh->login, 0);
    char *p = curl_easy_escape(c->curl, c->sh->password, 0);
    snprintf(body, sizeof(body), "csrf=%s&login=%s&password=%s", c->csrf, l, p);
    curl_free(l);
    curl_free(p);
    snprintf(url, sizeof(url), "%s/dang-nhap", c->sh->url);
    pg.len = 0;
    curl_easy_setopt(c->curl, CURLOPT_URL, url);
    curl_easy_setopt(c->curl, CURLOPT_POSTFIELDS, body);
    if (curl_easy_perform(c->curl) != CURLE_OK)
        goto out;
    curl_easy_getinfo(c->curl, CURLINFO_RESPONSE_CODE, &code);
    if (code != 303)
        goto out;
    /* The session's form: its csrf and the e-form field names. */
    char path[256];
    snprintf(path, sizeof(path), "/nop-ho-so/%s", c->sh->procedure);
    if (do_get(c, path, &pg) != 200 || input_value(pg.data, "csrf", c->csrf,
                                                    sizeof(c->csrf)) != 0)
        goto out;
    for (const char *s = pg.data; (s = strstr(s, "name=\"f_")) && c->nfields < FIELDS_MAX;) {
        s += 6;
        size_t n = strcspn(s, "\"");
        if (n < sizeof(c->fields[0])) {
            memcpy(c->fields[c->nfields], s, n);
            c->fields[c->nfields++][n] = '\0';
        }
    }
    rc = 0;
out:
    free(pg.data);
    return rc;
}

static size_t header_cb(char *p, size_t size, size_t n, void *arg)
{
    char *loc = arg;
    size_t len = size * n;
    if (len > 10 && strncasecmp(p, "location:", 9) == 0) {
        size_t m = len - 9 < 511 ? len - 9 : 511;
        memcpy(loc, p + 9, m);
        loc[m] = '\0';
    }
    return len;
}

static int submit_one(struct client *c, int k)
{
    char url[1024], token[64], pdf[256], loc[512] = "";
    struct page pg = {0};
    long code = 0;
    snprintf(url, sizeof(url), "%s/nop-ho-so/%s", c->sh->url, c->sh->procedure);
    snprintf(token, sizeof(token), "bench-%d-%d-%ld", c->id, k, (long)time(NULL));
    int plen = snprintf(pdf, sizeof(pdf), "%%PDF-1.4\n%% bench submission %d of client %d\n"
                        "%%%%EOF\n", k, c->id);
    curl_mime *mime = curl_mime_init(c->curl);
    curl_mimepart *part;
    const char *pairs[][2] = {{"csrf", c->csrf}, {"token", token},
                              {"agency_code", c->sh->agency}, {"delivery", "online"},
                              {"action", "nop"}};
    for (size_t i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
        part = curl_mime_addpart(mime);
        curl_mime_name(part, pairs[i][0]);
        curl_mime_data(part, pairs[i][1], CURL_ZERO_TERMINATED);
    }
    for (int i = 0; i < c->nfields; i++) {
        part = curl_mime_addpart(mime);
        curl_mime_name(part, c->fields[i]);
        curl_mime_data(part, "Nội dung thử của bài đo", CURL_ZERO_TERMINATED);
    }
    if (c->sh->files) {
        part = curl_mime_addpart(mime);
        curl_mime_name(part, "doc_0");
        curl_mime_filename(part, "to-khai.pdf");
        curl_mime_type(part, "application/pdf");
        curl_mime_data(part, pdf, (size_t)plen);
    }
    curl_easy_setopt(c->curl, CURLOPT_URL, url);
    curl_easy_setopt(c->curl, CURLOPT_MIMEPOST, mime);
    curl_easy_setopt(c->curl, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(c->curl, CURLOPT_WRITEDATA, &pg);
    curl_easy_setopt(c->curl, CURLOPT_HEADERFUNCTION, header_cb);
    curl_easy_setopt(c->curl, CURLOPT_HEADERDATA, loc);
    CURLcode rc = curl_easy_perform(c->curl);
    curl_easy_getinfo(c->curl, CURLINFO_RESPONSE_CODE, &code);
    curl_easy_setopt(c->curl, CURLOPT_MIMEPOST, NULL);
    curl_easy_setopt(c->curl, CURLOPT_HEADERFUNCTION, NULL);
    curl_mime_free(mime);
    int ok = rc == CURLE_OK && code == 303 && strstr(loc, "/ho-so/") && strstr(loc, "moi=1");
    if (!ok && atomic_load(&c->sh->failed) < 3)
        fprintf(stderr, "http_submit: status %ld, location %s\n%.300s\n", code, loc,
                pg.data ? pg.data : "");
    free(pg.data);
    return ok ? 0 : -1;
}

static void *client_main(void *arg)
{
    struct client *c = arg;
    int k;
    while ((k = atomic_fetch_add(&c->sh->next, 1)) < c->sh->total) {
        if (submit_one(c, k) == 0)
            atomic_fetch_add(&c->sh->ok, 1);
        else
            atomic_fetch_add(&c->sh->failed, 1);
    }
    return NULL;
}

static int http(char **argv)
{
    struct shared sh = {.url = argv[0], .login = argv[1], .password = argv[2],
                        .procedure = argv[3], .agency = argv[4], .total = atoi(argv[5]),
                        .files = argv[7] ? atoi(argv[7]) != 0 : 1};
    int nclients = atoi(argv[6]);
    if (sh.total <= 0 || nclients <= 0 || nclients > 64) {
        fprintf(stderr, "http_submit: bad N or CLIENTS\n");
        return 2;
    }
    struct client *cs = calloc((size_t)nclients, sizeof(*cs));
    pthread_t *th = calloc((size_t)nclients, sizeof(*th));
    curl_global_init(CURL_GLOBAL_DEFAULT);
    for (int i = 0; i < nclients; i++) {
        cs[i].sh = &sh;
        cs[i].id = i;
        cs[i].curl = curl_easy_init();
        curl_easy_setopt(cs[i].curl, CURLOPT_COOKIEFILE, "");   /* in-memory cookies */
        curl_easy_setopt(cs[i].curl, CURLOPT_FOLLOWLOCATION, 0L);
        if (sign_in(&cs[i]) != 0) {
            fprintf(stderr, "http_submit: client %d cannot sign in as %s\n", i, sh.login);
            return 1;
        }
    }
    double t0 = now_s();
    for (int i = 0; i < nclients; i++)
        pthread_create(&th[i], NULL, client_main, &cs[i]);
    for (int i = 0; i < nclients; i++)
        pthread_join(th[i], NULL);
    double secs = now_s() - t0;
    printf("http %.1f ok %d failed %d\n", atomic_load(&sh.ok) / secs, atomic_load(&sh.ok),
           atomic_load(&sh.failed));
    for (int i = 0; i < nclients; i++)
        curl_easy_cleanup(cs[i].curl);
    curl_global_cleanup();
    free(cs);
    free(th);
    return atomic_load(&sh.failed) ? 1 : 0;
}

int main(int argc, char **argv)
{
    if (argc == 4 && strcmp(argv[1], "raw") == 0)
        return raw(argv[2], atoi(argv[3]));
    if ((argc == 9 || argc == 10) && strcmp(argv[1], "http") == 0)
        return http(argv + 2);
    fprintf(stderr, "usage: http_submit raw DIR N\n"
                    "       http_submit http URL LOGIN PASSWORD PROCEDURE AGENCY N CLIENTS"
                    " [FILES]\n");
    return 2;
}
