/* s3.c - a minimal S3-compatible client on libcurl (see s3.h). */
#include <curl/curl.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "core/buf.h"
#include "core/fdio.h"
#include "core/log.h"
#include "core/mem.h"
#include "core/s3.h"

#define S3_TIMEOUT_S 120L
#define S3_EMPTY_SHA "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

struct s3 {
    char *base;        /* ENDPOINT/BUCKET, no trailing slash */
    char *sigv4;       /* "aws:amz:REGION:s3" */
    char *access;
    char *secret;
};

/* The value of query parameter name in query ("a=1&b=2"), malloc'd, or NULL. */
static char *param(const char *query, const char *name)
{
    size_t n = strlen(name);
    for (const char *p = query; p && *p; p = strchr(p, '&') ? strchr(p, '&') + 1 : NULL)
        if (strncmp(p, name, n) == 0 && p[n] == '=') {
            size_t len = strcspn(p + n + 1, "&");
            char *v = xmalloc(len + 1);
            memcpy(v, p + n + 1, len);
            v[len] = '\0';
            return v;
        }
    return NULL;
}

/* The first of the environment variables a, b that is set and not empty. */
static const char *env2(const char *a, const char *b)
{
    const char *v = getenv(a);
    if (!v || !*v)
        v = getenv(b);
    return v && *v ? v : NULL;
}

enum mc_status s3_open(const char *url, struct s3 **out)
{
    struct s3 *s = NULL;
    struct buf b;
    char *endpoint = NULL, *region = NULL;
    enum mc_status st = MC_OK;
    const char *access = env2("MOTCUA_S3_ACCESS_KEY", "AWS_ACCESS_KEY_ID");
    const char *secret = env2("MOTCUA_S3_SECRET_KEY", "AWS_SECRET_ACCESS_KEY");
    const char *q = url ? strchr(url, '?') : NULL;
    size_t blen = q ? (size_t)(q - url) - 5 : 0;
    *out = NULL;
    buf_init(&b, BUF_MAX_SMALL);
    if (!url || strncmp(url, "s3://", 5) != 0 || !q || blen == 0
        || memchr(url + 5, '/', blen)) {
        log_error("MOTCUA_FILES: expected s3://BUCKET?endpoint=URL[&region=REGION]");
        st = MC_ERR_INVALID;
        goto out;
    }
    endpoint = param(q + 1, "endpoint");
    region = param(q + 1, "region");
    if (!endpoint || (strncmp(endpoint, "http://", 7) != 0
                      && strncmp(endpoint, "https://", 8) != 0)) {
        log_error("MOTCUA_FILES: endpoint=http(s)://HOST[:PORT] is missing");
        st = MC_ERR_INVALID;
        goto out;
    }
    if (!access || !secret) {
        log_error("MOTCUA_FILES: set MOTCUA_S3_ACCESS_KEY and MOTCUA_S3_SECRET_KEY");
        st = MC_ERR_INVALID;
        goto out;
    }
    s = xcalloc(1, sizeof(*s));
    size_t elen = strlen(endpoint);
    while (elen > 0 && endpoint[elen - 1] == '/')
        elen--;
    buf_addf(&b, "%.*s/%.*s", (int)elen, endpoint, (int)blen, url + 5);
    s->base = xstrdup(buf_cstr(&b));
    buf_reset(&b);
    buf_addf(&b, "aws:amz:%s:s3", region && *region ? region : "us-east-1");
    s->sigv4 = xstrdup(buf_cstr(&b));
    s->access = xstrdup(access);
    s->secret = xstrdup(secret);
    st = buf_status(&b);
out:
    buf_release(&b);
    free(endpoint);
    free(region);
    if (st != MC_OK) {
        s3_free(s);
        s = NULL;
    }
    *out = s;
    return st;
}

void s3_free(struct s3 *s3)
{
    if (!s3)
        return;
    free(s3->base);
    free(s3->sigv4);
    free(s3->access);
    if (s3->secret)
        memset(s3->secret, 0, strlen(s3->secret));
    free(s3->secret);
    free(s3);
}

/* A handle for ENDPOINT/BUCKET/key, signed; *hdrs gets the headers to free. */
static CURL *request(const struct s3 *s3, const char *key, const char *sha, const char *type,
                     struct curl_slist **hdrs)
{
    struct buf b;
    CURL *c = curl_easy_init();
    buf_init(&b, BUF_MAX_SMALL);
    *hdrs = NULL;
    if (!c)
        goto out;
    buf_addf(&b, "%s/%s", s3->base, key);
    curl_easy_setopt(c, CURLOPT_URL, buf_cstr(&b));
    curl_easy_setopt(c, CURLOPT_AWS_SIGV4, s3->sigv4);
    curl_easy_setopt(c, CURLOPT_USERNAME, s3->access);
    curl_easy_setopt(c, CURLOPT_PASSWORD, s3->secret);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, S3_TIMEOUT_S);
    buf_reset(&b);
    buf_addf(&b, "x-amz-content-sha256: %s", sha);
    *hdrs = curl_slist_append(*hdrs, buf_cstr(&b));
    if (type) {
        buf_reset(&b);
        buf_addf(&b, "Content-Type: %s", type);
        *hdrs = curl_slist_append(*hdrs, buf_cstr(&b));
    }
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, *hdrs);
out:
    buf_release(&b);
    return c;
}

enum mc_status s3_put(const struct s3 *s3, const char *key, const void *data, size_t len,
                      const char *content_type, const char *sha256_hex)
{
    struct curl_slist *hdrs = NULL;
    long code = 0;
    CURL *c = request(s3, key, sha256_hex, content_type, &hdrs);
    CURLcode rc = CURLE_FAILED_INIT;
    if (c) {
        curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, "PUT");
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, data);
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
        rc = curl_easy_perform(c);
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
    }
    curl_slist_free_all(hdrs);
    curl_easy_cleanup(c);
    if (rc != CURLE_OK || code != 200) {
        log_error("s3: PUT %s: %s (HTTP %ld)", key, curl_easy_strerror(rc), code);
        return MC_ERR_IO;
    }
    return MC_OK;
}

struct sink {
    int fd;
    size_t got, max;
    bool too_large, failed;
};

static size_t to_file(char *p, size_t size, size_t n, void *arg)
{
    struct sink *s = arg;
    size_t len = size * n;
    if (s->got + len > s->max) {
        s->too_large = true;
        return 0;
    }
    if (!fd_write_all(s->fd, p, len, false)) {
        s->failed = true;
        return 0;
    }
    s->got += len;
    return len;
}

enum mc_status s3_get(const struct s3 *s3, const char *key, const char *path, size_t max)
{
    struct curl_slist *hdrs = NULL;
    struct sink sink = {-1, 0, max, false, false};
    long code = 0;
    enum mc_status st = MC_OK;
    CURLcode rc = CURLE_FAILED_INIT;
    CURL *c = request(s3, key, S3_EMPTY_SHA, NULL, &hdrs);
    sink.fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (c && sink.fd >= 0) {
        curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, to_file);
        curl_easy_setopt(c, CURLOPT_WRITEDATA, &sink);
        rc = curl_easy_perform(c);
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
    }
    if (sink.too_large)
        st = MC_ERR_TOO_LARGE;
    else if (rc == CURLE_OK && code == 404)
        st = MC_ERR_NOT_FOUND;
    else if (rc != CURLE_OK || code != 200 || sink.failed || fsync(sink.fd) != 0)
        st = MC_ERR_IO;
    if (st == MC_ERR_IO)
        log_error("s3: GET %s: %s (HTTP %ld)", key, curl_easy_strerror(rc), code);
    if (sink.fd >= 0)
        close(sink.fd);
    if (st != MC_OK)
        unlink(path);
    curl_slist_free_all(hdrs);
    curl_easy_cleanup(c);
    return st;
}
