/*
 * http.c - the HTTP server core on libmicrohttpd (see http.h).
 *
 * Request flow in the access callback:
 *   1st call  create the context (arena), match the route, check method
 *             and declared body size, set up the body reader;
 *   Nth call  feed body bytes (urlencoded/raw into a capped buffer,
 *             multipart through the streaming parser, files to disk);
 *   last call finish the body, check UTF-8 and normalise, run the guard
 *             and the handler, queue the response.
 * Errors found while reading the body are remembered and answered on the
 * last call, because libmicrohttpd wants the body consumed first.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include "core/assets.h"
#include "core/clamd.h"
#include "core/http.h"
#include "core/http_encoding.h"
#include "core/http_proxy.h"
#include "core/sched.h"
#include "core/log.h"
#include "core/metrics.h"
#include "core/mem.h"
#include "core/clock.h"
#include "core/text.h"

struct http_header_list {
    const char *name, *value;
    struct http_header_list *next;
};

struct static_file {
    const char *url;                 /* "/static/site.css" */
    struct http_variants *variants;  /* built once (gzip, brotli at build time), shared */
};

/*
 * One open connection, watched by the reaper thread: when its deadline
 * passes the reaper shuts its socket down, whatever bytes still trickle
 * in (libmicrohttpd's own timeout is renewed by every byte).
 */
struct http_conn {
    int fd;
    int64_t deadline_us;             /* monotonic; 0 = none (handler running) */
    int64_t phase_us;                /* when the current request began */
    bool shut;                       /* the reaper closed it */
    bool counted;                    /* counted for its peer (own per-address limit) */
    char peer[HTTP_ADDR_TEXT];
    struct http_conn *prev, *next;
};

/*
 * Worker threads for requests that may wait (everything not on_loop): a
 * queue of suspended requests and threads grown on demand up to
 * max_workers; a thread idle for HTTP_WORKER_IDLE_S beyond the first few
 * ends.
 */
struct http_workers {
    pthread_mutex_t lock;            /* guards everything below */
    pthread_cond_t wake;             /* a request was queued, or stopping */
    pthread_cond_t quiet;            /* busy reached 0, or a thread ended */
    struct http_request *head, **tail;
    unsigned threads, idle, max;
    unsigned busy;                   /* queued or running */
    bool stopping;
};

#define HTTP_WORKER_IDLE_S 10        /* an idle worker beyond HTTP_WORKERS_KEPT ends */
#define HTTP_WORKERS_KEPT 4

struct http_server {
    struct http_config cfg;
    struct http_workers work;
    struct MHD_Daemon *daemon;
    struct static_file *statics;
    size_t nstatics;
    uint32_t *route_keys;            /* per route: its first segment's key (0 = a capture) */
    uint16_t port;
    int64_t header_us, request_us;   /* deadlines (http_config) in microseconds */
    pthread_mutex_t conns_lock;      /* guards conns, stopping */
    pthread_cond_t conns_wake;
    struct http_conn *conns;
    bool stopping;
    bool reaper_running;
    pthread_t reaper;
    struct http_proxy_list proxies;  /* http_config.trusted_proxies */
    bool own_limit;                  /* per-address limit kept here (proxies trusted) */
    struct http_addr_counts counts;  /* for own_limit */
};

/* Bodies of shared variants from this size on are sent with sendfile.
 * Below it they go from memory: libmicrohttpd then sends headers and body
 * in one sendmsg(), where with sendfile it sends the headers alone first
 * (a second push through the TCP stack: a third of the CPU on a 33 KB
 * page, docs/internals/http.md). */
#define HTTP_SENDFILE_MIN (1024u * 1024)

/*
 * libmicrohttpd's memory per connection: the request's headers and the
 * read and write buffers.  It zeroes all of it between two requests of a
 * connection (64 KiB cost a tenth of the CPU of a cached page, 32 KiB
 * still 6%), and an idle connection that has served a request keeps it
 * resident, so it is kept small: request headers up to about 15 KB fit,
 * of which about 7 KB of Cookie header, which libmicrohttpd copies
 * (browsers send one or two KB); beyond, libmicrohttpd answers 431 by
 * itself.  Bodies arrive in pieces of a few KiB.
 */
#define HTTP_CONN_MEMORY (16u * 1024)

/* Bytes of uploads in spool files, over all requests (http_config.spool_max). */
static _Atomic unsigned long long spool_in_use;

/* ---------------------------------------------------------------- helpers */

static enum http_method method_of(const char *m)
{
    static const struct { const char *name; enum http_method m; } map[] = {
        {"GET", HTTP_GET}, {"HEAD", HTTP_HEAD}, {"POST", HTTP_POST},
        {"PUT", HTTP_PUT}, {"DELETE", HTTP_DELETE}, {"PATCH", HTTP_PATCH},
    };
    for (size_t i = 0; i < MC_ARRAY_LEN(map); i++)
        if (strcmp(m, map[i].name) == 0)
            return map[i].m;
    return HTTP_OTHER;
}

static const char *method_name(enum http_method m)
{
    switch (m) {
    case HTTP_GET: return "GET";
    case HTTP_HEAD: return "HEAD";
    case HTTP_POST: return "POST";
    case HTTP_PUT: return "PUT";
    case HTTP_DELETE: return "DELETE";
    case HTTP_PATCH: return "PATCH";
    case HTTP_OTHER: break;
    }
    return "OTHER";
}

bool http_route_matches(struct http_request *req, const char *pattern, const char *path)
{
    const char *p = pattern, *s = path;
    int n = 0;
    while (*p && *s) {
        if (*p == '{') {
            const char *end = strchr(p, '}');
            const char *seg = s;
            while (*s && *s != '/')
                s++;
            if (s == seg || (req && n >= HTTP_MAX_PARAMS) || !end)
                return false;
            if (req)
                req->params[n++] = arena_strndup(req->arena, seg, (size_t)(s - seg));
            p = end + 1;
        } else if (*p++ != *s++) {
            return false;
        }
    }
    return *p == '\0' && *s == '\0';
}

/*
 * The key of a path's first segment (FNV-1a of the bytes after the first
 * '/' up to the next), never 0; 0 when that segment of a pattern holds a
 * capture ({x} matches any).  Routes whose key differs from the path's
 * cannot match it, so the dispatcher compares only the others.
 */
static uint32_t first_segment_key(const char *path, bool pattern)
{
    uint32_t h = 2166136261u;
    const char *p = path + (*path == '/');
    for (; *p && *p != '/'; p++) {
        if (pattern && *p == '{')
            return 0;
        h = (h ^ (unsigned char)*p) * 16777619u;
    }
    return h ? h : 1;
}

static void route_keys_build(struct http_server *srv)
{
    srv->route_keys = xcalloc(srv->cfg.nroutes ? srv->cfg.nroutes : 1, sizeof(uint32_t));
    for (size_t i = 0; i < srv->cfg.nroutes; i++)
        srv->route_keys[i] = first_segment_key(srv->cfg.routes[i].pattern, true);
}

/* Find the route; *status gets 404 or 405 when there is none. */
static const struct http_route *route_find(struct http_server *srv, struct http_request *req,
                                           unsigned *status)
{
    bool path_found = false;
    unsigned m = req->method == HTTP_HEAD ? HTTP_GET : req->method;
    uint32_t key = first_segment_key(req->path, false);
    for (size_t i = 0; i < srv->cfg.nroutes; i++) {
        const struct http_route *r = &srv->cfg.routes[i];
        if (srv->route_keys[i] && srv->route_keys[i] != key)
            continue;
        if (!http_route_matches(req, r->pattern, req->path))
            continue;
        path_found = true;
        if (r->methods & m)
            return r;
    }
    *status = path_found ? 405 : 404;
    return NULL;
}

static void set_early(struct http_request *req, unsigned status, const char *code,
                      const char *msg)
{
    if (req->early_status)
        return;
    req->early_status = status;
    req->early_code = code;
    req->early_msg = msg;
}

/* The direct peer's address as text ("?" when unknown) into text (HTTP_ADDR_TEXT). */
static void peer_address(struct MHD_Connection *c, char *text, size_t size)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    snprintf(text, size, "?");
    if (ci && ci->client_addr) {
        const struct sockaddr *sa = ci->client_addr;
        if (sa->sa_family == AF_INET)
            inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, text,
                      (socklen_t)size);
        else if (sa->sa_family == AF_INET6)
            inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, text,
                      (socklen_t)size);
    }
}

/* Every X-Forwarded-For line, in order, joined with commas (a proxy may add its own). */
struct xff_join {
    char text[1024];
    size_t len;
    bool overflow;
};

static enum MHD_Result xff_collect(void *cls, enum MHD_ValueKind kind, const char *key,
                                   const char *value)
{
    struct xff_join *j = cls;
    (void)kind;
    if (!key || strcasecmp(key, "X-Forwarded-For") != 0 || !value)
        return MHD_YES;
    int n = snprintf(j->text + j->len, sizeof(j->text) - j->len, "%s%s", j->len ? "," : "",
                     value);
    if (n < 0 || (size_t)n >= sizeof(j->text) - j->len)
        j->overflow = true;   /* too long to believe: the peer is the client */
    else
        j->len += (size_t)n;
    return MHD_YES;
}

/* The client: the peer, or the address a trusted proxy forwarded (http_proxy.h). */
static const char *client_address(struct http_server *srv, struct http_request *req,
                                  struct MHD_Connection *c)
{
    char peer[HTTP_ADDR_TEXT], client[HTTP_ADDR_TEXT];
    peer_address(c, peer, sizeof(peer));
    req->peer_addr = arena_strdup(req->arena, peer);
    struct xff_join xff = {.len = 0};
    if (srv->proxies.n > 0)
        MHD_get_connection_values(c, MHD_HEADER_KIND, xff_collect, &xff);
    http_proxy_client(&srv->proxies, peer, xff.len && !xff.overflow ? xff.text : NULL, client,
                      sizeof(client));
    return arena_strdup(req->arena, client);
}

/* ---------------------------------------------------------------- uploads */

/* Bytes of uploads held in memory by all requests (HTTP_UPLOAD_MEM_BUDGET). */
static _Atomic size_t upload_mem_in_use;

static void upload_cleanup(void *arg)
{
    struct http_upload *up = arg;
    if (up->path)
        unlink(up->path);
}

/* Free the current part's memory (spilled, or the request ends early). */
static void mem_drop(struct http_request *req)
{
    upload_mem_in_use -= req->upload_mem.cap;
    buf_release(&req->upload_mem);
    buf_init(&req->upload_mem, HTTP_UPLOAD_MEM_MAX);
}

static void fd_cleanup(void *arg)
{
    struct http_request *req = arg;
    if (req->upload_fd >= 0)
        close(req->upload_fd);
    req->upload_fd = -1;
    spool_in_use -= req->spooled;
    req->spooled = 0;
    mem_drop(req);
    buf_release(&req->upload_mem);
}

/* Give back the memory of an upload held in memory (request end). */
static void mem_cleanup(void *arg)
{
    struct buf *b = arg;
    upload_mem_in_use -= b->cap;
    buf_release(b);
}

/* A new spool file in the upload folder: its descriptor, *path set; -1 on error. */
static int spool_open(struct http_request *req, const char **path)
{
    const char *dir = req->server->cfg.upload_dir;
    char *p = arena_printf(req->arena, "%s/upload-XXXXXX", dir);
    int fd = mkstemp(p);
    if (fd < 0)
        log_error("cannot create upload file in %s: %s", dir, strerror(errno));
    *path = fd < 0 ? NULL : p;
    return fd;
}

/* Count len more spooled bytes against the server-wide quota; false when over it. */
static bool spool_take(struct http_request *req, size_t len)
{
    unsigned long long max = req->server->cfg.spool_max ? req->server->cfg.spool_max
                                                         : HTTP_SPOOL_DEFAULT;
    unsigned long long now = atomic_fetch_add(&spool_in_use, len) + len;
    if (now > max) {
        spool_in_use -= len;
        log_warn("upload spool quota reached (%llu bytes)", max);
        return false;
    }
    req->spooled += len;
    return true;
}

static bool write_all(int fd, const char *data, size_t len)
{
    while (len > 0) {
        ssize_t w = write(fd, data, len);
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0) {
            log_error("cannot write upload: %s", strerror(errno));
            return false;
        }
        data += w;
        len -= (size_t)w;
    }
    return true;
}

#define HTTP_FILENAME_MAX 255   /* bytes of a client's file name kept */

/*
 * The client's file name made safe to store and show: each byte that does
 * not belong to a valid UTF-8 character, each control character and each
 * path separator becomes '_', the result is NFC and at most
 * HTTP_FILENAME_MAX bytes (cut between characters).  A name stored as it
 * came made the attachment vanish from pages that check UTF-8.
 */
static const char *safe_filename(struct http_request *req, const char *name)
{
    struct buf b, nfc;
    const char *out;
    buf_init(&b, HTTP_FILENAME_MAX + 4);
    buf_init(&nfc, 4 * HTTP_FILENAME_MAX);
    for (const char *p = name; *p && b.len < HTTP_FILENAME_MAX;) {
        unsigned char c = (unsigned char)*p;
        size_t n = c < 0x80 ? 1 : (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3
                 : (c & 0xf8) == 0xf0 ? 4 : 0;
        size_t have = strnlen(p, n ? n : 1);
        bool ok = n && have == n && text_utf8_valid(p, n) && c >= 0x20 && c != 0x7f &&
                  c != '/' && c != '\\';
        if (ok && b.len + n > HTTP_FILENAME_MAX)
            break;
        if (ok)
            buf_add(&b, p, n);
        else
            buf_addch(&b, '_');
        p += ok ? n : 1;
    }
    if (text_nfc(buf_cstr(&b), b.len, &nfc) == MC_OK)
        out = arena_strndup(req->arena, buf_cstr(&nfc), nfc.len);
    else
        out = arena_strndup(req->arena, buf_cstr(&b), b.len);
    buf_release(&b);
    buf_release(&nfc);
    return out;
}

static enum mc_status part_begin(void *ctx, const char *name, const char *filename,
                                 const char *ctype)
{
    struct http_request *req = ctx;
    buf_reset(&req->field);
    req->part_name = arena_strdup(req->arena, name);
    req->cur_upload = NULL;
    if (!filename)
        return MC_OK;
    if (++req->nfiles > HTTP_MAX_FILES) {
        req->too_many_parts = true;
        return MC_ERR_TOO_LARGE;
    }
    struct http_upload *up = arena_calloc(req->arena, 1, sizeof(*up));
    up->field = arena_strdup(req->arena, name);
    up->filename = safe_filename(req, filename);
    up->content_type = ctype ? arena_strdup(req->arena, ctype) : "";
    arena_defer(req->arena, upload_cleanup, up);
    /* Linked at the tail in constant time: walking the list from its head
     * for each part made a body of many tiny parts cost quadratic time. */
    *req->uploads_tail = up;
    req->uploads_tail = &up->next;
    req->cur_upload = up;
    mem_drop(req);
    return MC_OK;
}

/* Move the current upload's bytes from memory to a spool file. */
static enum mc_status spill(struct http_request *req)
{
    struct http_upload *up = req->cur_upload;
    if (!spool_take(req, req->upload_mem.len))
        return MC_ERR_BUSY;
    int fd = spool_open(req, &up->path);
    if (fd < 0)
        return MC_ERR_IO;
    req->upload_fd = fd;
    bool ok = write_all(fd, req->upload_mem.data, req->upload_mem.len);
    mem_drop(req);
    return ok ? MC_OK : MC_ERR_IO;
}

/* Whether len more bytes of the current upload may stay in memory. */
static bool fits_in_memory(const struct http_request *req, size_t len)
{
    const struct buf *b = &req->upload_mem;
    if (req->upload_fd >= 0 || b->len + len > HTTP_UPLOAD_MEM_MAX)
        return false;
    /* Growing may double the allocation: count the whole new size. */
    return b->len + len < b->cap || upload_mem_in_use + 2 * (b->len + len) <=
                                        HTTP_UPLOAD_MEM_BUDGET;
}


static enum mc_status part_data(void *ctx, const char *data, size_t len)
{
    struct http_request *req = ctx;
    struct http_upload *up = req->cur_upload;
    if (!up) {
        buf_add(&req->field, data, len);
        return buf_status(&req->field) == MC_OK ? MC_OK : MC_ERR_TOO_LARGE;
    }
    up->size += len;
    if (fits_in_memory(req, len)) {
        size_t cap = req->upload_mem.cap;
        buf_add(&req->upload_mem, data, len);
        upload_mem_in_use += req->upload_mem.cap - cap;
        return buf_status(&req->upload_mem) == MC_OK ? MC_OK : MC_ERR_IO;
    }
    if (req->upload_fd < 0) {
        enum mc_status st = spill(req);
        if (st != MC_OK)
            return st;
    }
    if (!spool_take(req, len))
        return MC_ERR_BUSY;
    return write_all(req->upload_fd, data, len) ? MC_OK : MC_ERR_IO;
}

static enum mc_status part_end(void *ctx)
{
    struct http_request *req = ctx;
    struct http_upload *up = req->cur_upload;
    if (!up) {
        if (kv_count(req->form) >= HTTP_MAX_FIELDS) {
            req->too_many_parts = true;
            return MC_ERR_TOO_LARGE;
        }
        char *value = arena_strndup(req->arena, buf_cstr(&req->field), req->field.len);
        kv_append(req->arena, &req->form, req->part_name, value,
                  form_value_lines(value, req->field.len));
        return MC_OK;
    }
    req->cur_upload = NULL;
    if (req->upload_fd < 0) {   /* held in memory, freed with the request */
        struct buf *keep = arena_alloc(req->arena, sizeof(*keep));
        *keep = req->upload_mem;
        buf_init(&req->upload_mem, HTTP_UPLOAD_MEM_MAX);
        arena_defer(req->arena, mem_cleanup, keep);
        up->data = keep->data ? (const unsigned char *)keep->data
                              : (const unsigned char *)"";
        return MC_OK;
    }
    /* No fsync: a spooled upload is scratch; whoever keeps it makes it
     * durable where it ends up (the file store syncs what it stores). */
    int rc = close(req->upload_fd);
    req->upload_fd = -1;
    return rc == 0 ? MC_OK : MC_ERR_IO;
}

const char *http_upload_path(struct http_request *req, struct http_upload *up)
{
    if (up->path)
        return up->path;
    const char *path;
    int fd = spool_open(req, &path);
    if (fd < 0)
        return NULL;
    bool ok = write_all(fd, (const char *)up->data, up->size);
    if (close(fd) != 0 || !ok) {
        unlink(path);
        return NULL;
    }
    up->path = path;
    return path;
}

/* ---------------------------------------------------------------- body */

static const struct multipart_handler multipart_callbacks = {
    .part_begin = part_begin,
    .part_data = part_data,
    .part_end = part_end,
};

static bool is_urlencoded(const char *ctype)
{
    return ctype && strncasecmp(ctype, "application/x-www-form-urlencoded", 33) == 0;
}

/* First call: check the declared size and prepare the body reader. */
static void body_begin(struct http_request *req, struct MHD_Connection *c)
{
    const char *clen = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
    const char *ctype = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Type");
    size_t max = req->route ? req->route->body_max : 0;
    buf_init(&req->body, max);
    buf_init(&req->field, HTTP_FIELD_MAX);
    if (clen && strtoull(clen, NULL, 10) > max) {
        set_early(req, 413, "too_large",
                  max ? "Dữ liệu gửi lên vượt quá dung lượng cho phép"
                      : "Địa chỉ này không nhận dữ liệu gửi lên");
        return;
    }
    if (ctype && strncasecmp(ctype, "multipart/form-data", 19) == 0) {
        struct multipart *mp = NULL;
        struct multipart_handler h = multipart_callbacks;
        h.ctx = req;
        if (multipart_new(req->arena, ctype, &h, &mp) != MC_OK)
            set_early(req, 400, "bad_form", "Biểu mẫu gửi lên không đúng định dạng");
        req->parser = mp;
    }
}

static void body_feed(struct http_request *req, const char *data, size_t len)
{
    if (req->early_status || req->refused)
        return;
    req->body_seen += len;
    if (req->body_seen > req->body.max) {
        set_early(req, 413, "too_large", "Dữ liệu gửi lên vượt quá dung lượng cho phép");
        return;
    }
    if (!req->parser) {
        buf_add(&req->body, data, len);
        return;
    }
    enum mc_status st = multipart_feed(req->parser, data, len);
    if (st == MC_ERR_TOO_LARGE && req->too_many_parts)
        set_early(req, 413, "too_many_parts", "Biểu mẫu gửi lên có quá nhiều trường hoặc tệp");
    else if (st == MC_ERR_TOO_LARGE)
        set_early(req, 413, "too_large", "Một trường của biểu mẫu quá dài");
    else if (st == MC_ERR_BUSY)
        set_early(req, 503, "busy", "Máy chủ đang nhận quá nhiều tệp, xin thử lại sau ít phút");
    else if (st == MC_ERR_IO)
        set_early(req, 500, "io", "Không lưu được tệp gửi lên, xin thử lại sau");
    else if (st != MC_OK)
        set_early(req, 400, "bad_form", "Biểu mẫu gửi lên không đúng định dạng");
}

/*
 * Scan every uploaded file with clamd when configured (http_config.clamd):
 * nothing infected, and nothing unscanned, reaches a handler.
 */
static void scan_uploads(struct http_request *req)
{
    const char *address = req->server->cfg.clamd;
    char found[CLAMD_NAME_MAX];
    if (!address || !*address)
        return;
    for (struct http_upload *up = req->uploads; up && !req->early_status; up = up->next) {
        if (up->size == 0)
            continue;
        enum mc_status st = clamd_scan(address, up->path ? NULL : up->data, up->size,
                                       up->path, found);
        if (st == MC_ERR_FORBIDDEN) {
            log_warn("upload refused: clamd found %s", found);
            set_early(req, 422, "infected",
                      arena_printf(req->arena, "Tệp “%s” có mã độc (%s) nên không được "
                                   "nhận. Xin kiểm tra máy của bạn và gửi lại tệp sạch.",
                                   up->filename, found));
        } else if (st != MC_OK) {
            set_early(req, 503, "scan_unavailable",
                      "Chưa kiểm tra được tệp gửi lên để phòng mã độc, xin thử lại sau ít phút");
        }
    }
}

/* Check every string is UTF-8 and replace it by its NFC form. */
static bool normalise_list(struct http_request *req, struct kv *list)
{
    struct buf nfc;
    bool ok = true;
    buf_init(&nfc, BUF_MAX_PAGE);
    for (struct kv *p = list; p && ok; p = p->next) {
        ok = text_utf8_valid(p->key, strlen(p->key)) &&
             text_utf8_valid(p->value, p->value_len);
        if (!ok)
            break;
        buf_reset(&nfc);
        if (text_nfc(p->value, p->value_len, &nfc) != MC_OK) {
            ok = false;
            break;
        }
        p->value = arena_strndup(req->arena, buf_cstr(&nfc), nfc.len);
        p->value_len = nfc.len;
    }
    buf_release(&nfc);
    return ok;
}

static void body_finish(struct http_request *req, struct MHD_Connection *c)
{
    const char *ctype = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Type");
    if (req->early_status)
        return;
    if (req->parser) {
        if (multipart_finish(req->parser) != MC_OK)
            set_early(req, 400, "bad_form", "Biểu mẫu gửi lên không đúng định dạng");
    } else if (is_urlencoded(ctype)) {
        if (form_parse_urlencoded(req->arena, buf_cstr(&req->body), req->body.len,
                                  HTTP_MAX_FIELDS, &req->form) != MC_OK)
            set_early(req, 400, "bad_form", "Biểu mẫu gửi lên không đúng định dạng");
    } else if (req->body.len && !text_utf8_valid(buf_cstr(&req->body), req->body.len)) {
        set_early(req, 400, "bad_encoding",
                  "Dữ liệu gửi lên có ký tự không hợp lệ (phải là UTF-8)");
    }
    if (!req->early_status)
        scan_uploads(req);
    if (!req->early_status && (!normalise_list(req, req->form) ||
                               !normalise_list(req, req->query)))
        set_early(req, 400, "bad_encoding",
                  "Dữ liệu gửi lên có ký tự không hợp lệ (phải là UTF-8)");
}

/* ---------------------------------------------------------------- deadlines */

static struct http_conn *conn_of(struct MHD_Connection *c)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    return ci ? ci->socket_context : NULL;
}

/* Give c's current phase a deadline: after us microseconds from the
 * phase's start (restart = the phase starts now); us == 0 = none. */
static void conn_deadline(struct http_server *srv, struct MHD_Connection *c, int64_t us,
                          bool restart)
{
    struct http_conn *hc = conn_of(c);
    if (!hc)
        return;
    pthread_mutex_lock(&srv->conns_lock);
    if (restart)
        hc->phase_us = clock_mono_us();
    hc->deadline_us = us ? hc->phase_us + us : 0;
    pthread_mutex_unlock(&srv->conns_lock);
}

static void on_connection(void *cls, struct MHD_Connection *c, void **socket_context,
                          enum MHD_ConnectionNotificationCode code)
{
    struct http_server *srv = cls;
    struct http_conn *hc = *socket_context;
    if (code == MHD_CONNECTION_NOTIFY_STARTED) {
        const union MHD_ConnectionInfo *ci =
            MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
        hc = xcalloc(1, sizeof(*hc));
        hc->fd = ci ? ci->connect_fd : -1;
        if (srv->own_limit) {
            /* Trusted proxies are not counted: their clients are, per request. */
            peer_address(c, hc->peer, sizeof(hc->peer));
            if (!http_proxy_trusted(&srv->proxies, hc->peer)) {
                hc->counted = http_addr_take(&srv->counts, hc->peer,
                                             srv->cfg.per_address_max);
                if (!hc->counted && hc->fd >= 0)
                    shutdown(hc->fd, SHUT_RDWR);   /* over the limit: closed at once */
            }
        }
        hc->phase_us = clock_mono_us();
        hc->deadline_us = hc->phase_us + srv->header_us;
        pthread_mutex_lock(&srv->conns_lock);
        hc->next = srv->conns;
        if (srv->conns)
            srv->conns->prev = hc;
        srv->conns = hc;
        pthread_mutex_unlock(&srv->conns_lock);
        *socket_context = hc;
        return;
    }
    if (!hc)
        return;
    if (hc->counted)
        http_addr_give(&srv->counts, hc->peer);
    pthread_mutex_lock(&srv->conns_lock);
    if (hc->prev)
        hc->prev->next = hc->next;
    else
        srv->conns = hc->next;
    if (hc->next)
        hc->next->prev = hc->prev;
    pthread_mutex_unlock(&srv->conns_lock);
    free(hc);
    *socket_context = NULL;
}

/*
 * The reaper: four times a second, shut down the sockets of connections
 * past their deadline.  The connection's own thread then sees the end of
 * the stream and libmicrohttpd closes it (the socket is closed only after
 * the CLOSED notice has taken the connection off the list).
 */
static void *reaper_main(void *arg)
{
    struct http_server *srv = arg;
    pthread_mutex_lock(&srv->conns_lock);
    while (!srv->stopping) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        ts.tv_nsec += 250 * 1000 * 1000;
        if (ts.tv_nsec >= 1000000000L) {
            ts.tv_sec++;
            ts.tv_nsec -= 1000000000L;
        }
        pthread_cond_timedwait(&srv->conns_wake, &srv->conns_lock, &ts);
        int64_t now = clock_mono_us();
        for (struct http_conn *hc = srv->conns; hc; hc = hc->next) {
            if (hc->shut || !hc->deadline_us || now < hc->deadline_us || hc->fd < 0)
                continue;
            hc->shut = true;
            shutdown(hc->fd, SHUT_RDWR);
            log_warn("connection closed: request deadline passed");
        }
    }
    pthread_mutex_unlock(&srv->conns_lock);
    return NULL;
}

/* ---------------------------------------------------------------- dispatch */

static enum MHD_Result collect_arg(void *cls, enum MHD_ValueKind kind, const char *key,
                                   size_t key_len, const char *value, size_t value_len)
{
    struct http_request *req = cls;
    (void)kind;
    (void)key_len;
    if (kv_count(req->query) >= HTTP_MAX_FIELDS)
        return MHD_NO;
    kv_append(req->arena, &req->query, arena_strdup(req->arena, key),
              value ? arena_strndup(req->arena, value, value_len) : "",
              value ? value_len : 0);
    return MHD_YES;
}

static struct http_request *request_new(struct http_server *srv, struct MHD_Connection *c,
                                        const char *url, const char *method)
{
    struct arena *a = arena_new();
    struct http_request *req = arena_calloc(a, 1, sizeof(*req));
    req->arena = a;
    req->server = srv;
    req->app = srv->cfg.app;
    req->conn = c;
    req->upload_fd = -1;
    req->uploads_tail = &req->uploads;
    buf_init(&req->upload_mem, HTTP_UPLOAD_MEM_MAX);
    req->start_us = clock_mono_us();
    req->method = method_of(method);
    req->path = arena_strdup(a, url);
    req->client_addr = client_address(srv, req, c);
    arena_defer(a, fd_cleanup, req);
    MHD_get_connection_values_n(c, MHD_GET_ARGUMENT_KIND, collect_arg, req);
    const char *cookie = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Cookie");
    if (cookie)
        form_parse_cookies(a, cookie, &req->cookies);
    return req;
}

/* Whether the request declares a body over HTTP_EARLY_BODY, or one of unknown size. */
static bool body_is_large(struct MHD_Connection *c)
{
    const char *clen = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
    const char *te = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Transfer-Encoding");
    if (clen)
        return strtoull(clen, NULL, 10) > HTTP_EARLY_BODY;
    return te != NULL;
}

/*
 * First call: decide on the headers alone about a request refused before
 * its body (no route, a declared length over the limit, or a body over
 * HTTP_EARLY_BODY that the precheck hook refuses).  A refused body up to
 * HTTP_DISCARD_MAX is read and dropped, then answered; a larger one, or
 * one of unknown length, is answered now (the connection then closes).
 * True when req->response is to be queued now.
 */
static bool body_refused_early(struct http_request *req, struct MHD_Connection *c)
{
    const char *clen = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
    const char *te = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Transfer-Encoding");
    unsigned long long n = clen ? strtoull(clen, NULL, 10) : 0;
    bool answer_now = te || n > HTTP_DISCARD_MAX;
    if (!te && n == 0)
        return false;
    if (req->early_status) {
        if (!answer_now)
            return false;   /* dropped while read, answered at the end */
        http_error(req, req->early_status, req->early_code, req->early_msg);
        http_add_header(req, "Connection", "close");
        return true;
    }
    if (!req->server->cfg.precheck || !body_is_large(c))
        return false;
    unsigned status = req->server->cfg.precheck(req);
    if (status == 0 && !req->response)
        return false;
    if (!req->response)
        http_error(req, status, "refused", "Yêu cầu không được chấp nhận");
    req->refused = true;
    if (!answer_now)
        return false;
    http_add_header(req, "Connection", "close");
    return true;
}

static void run_handler(struct http_request *req)
{
    unsigned status = 0;
    if (req->early_status) {
        http_error(req, req->early_status, req->early_code, req->early_msg);
        return;
    }
    if (!text_utf8_valid(req->path, strlen(req->path))) {
        http_error(req, 400, "bad_encoding", "Địa chỉ có ký tự không hợp lệ");
        return;
    }
    sched_enter();   /* a run slot while the handler uses the CPU (sched.h) */
    if (req->server->cfg.guard)
        status = req->server->cfg.guard(req);
    if (status == 0 && !req->response)
        status = req->route->handler(req);
    sched_leave();
    if (!req->response)
        http_error(req, status ? status : 500, "internal", "Đã có lỗi xảy ra, xin thử lại sau");
    /* The answer is built: give back what the request holds (its database
     * connection) now, not once the loop has sent it, so that a loop
     * waiting for a connection never waits for itself. */
    if (req->server->cfg.done) {
        req->server->cfg.done(req);
        req->done_called = true;
    }
}

/* ---------------------------------------------------------------- workers */

static void *worker_main(void *arg);

static void workers_init(struct http_workers *w, unsigned max)
{
    pthread_mutex_init(&w->lock, NULL);
    pthread_cond_init(&w->wake, NULL);
    pthread_cond_init(&w->quiet, NULL);
    w->head = NULL;
    w->tail = &w->head;
    w->max = max ? max : HTTP_WORKERS_DEFAULT;
}

/*
 * Queue req for a worker, starting a thread when none is idle and fewer
 * than max run.  False when no thread runs and none could be started (the
 * caller then runs req itself).
 */
static bool workers_submit(struct http_server *srv, struct http_request *req)
{
    struct http_workers *w = &srv->work;
    bool ok = true;
    pthread_mutex_lock(&w->lock);
    if (w->idle == 0 && w->threads < w->max) {
        pthread_attr_t attr;
        pthread_t t;
        pthread_attr_init(&attr);
        pthread_attr_setstacksize(&attr, (size_t)(2u << 20));
        pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
        if (pthread_create(&t, &attr, worker_main, srv) == 0)
            w->threads++;
        else
            log_warn("cannot start a request worker thread");
        pthread_attr_destroy(&attr);
    }
    if (w->threads == 0) {
        ok = false;
    } else {
        req->work_next = NULL;
        *w->tail = req;
        w->tail = &req->work_next;
        w->busy++;
        pthread_cond_signal(&w->wake);
    }
    pthread_mutex_unlock(&w->lock);
    return ok;
}

/* Finish the body and run the handler; the connection is suspended (or ours). */
static void work_run(struct http_request *req)
{
    struct MHD_Connection *c = req->conn;
    body_finish(req, c);
    run_handler(req);
    req->worked = true;
    MHD_resume_connection(c);   /* its loop calls on_access again: queue() */
}

static void *worker_main(void *arg)
{
    struct http_server *srv = arg;
    struct http_workers *w = &srv->work;
    pthread_mutex_lock(&w->lock);
    for (;;) {
        while (!w->head && !w->stopping) {
            struct timespec ts;
            clock_gettime(CLOCK_REALTIME, &ts);
            ts.tv_sec += HTTP_WORKER_IDLE_S;
            w->idle++;
            int rc = pthread_cond_timedwait(&w->wake, &w->lock, &ts);
            w->idle--;
            if (rc == ETIMEDOUT && !w->head && w->threads > HTTP_WORKERS_KEPT)
                goto out;
        }
        if (!w->head)
            break;   /* stopping, nothing queued */
        struct http_request *req = w->head;
        w->head = req->work_next;
        if (!w->head)
            w->tail = &w->head;
        pthread_mutex_unlock(&w->lock);
        work_run(req);
        pthread_mutex_lock(&w->lock);
        if (--w->busy == 0)
            pthread_cond_broadcast(&w->quiet);
    }
out:
    w->threads--;
    pthread_cond_broadcast(&w->quiet);
    pthread_mutex_unlock(&w->lock);   /* srv may be freed from here on */
    return NULL;
}

/* Wait until no request is queued or running (before the daemon stops). */
static void workers_drain(struct http_workers *w)
{
    pthread_mutex_lock(&w->lock);
    while (w->busy > 0)
        pthread_cond_wait(&w->quiet, &w->lock);
    pthread_mutex_unlock(&w->lock);
}

/* End every worker thread and free the pool. */
static void workers_stop(struct http_workers *w)
{
    pthread_mutex_lock(&w->lock);
    w->stopping = true;
    pthread_cond_broadcast(&w->wake);
    while (w->threads > 0)
        pthread_cond_wait(&w->quiet, &w->lock);
    pthread_mutex_unlock(&w->lock);
    pthread_cond_destroy(&w->quiet);
    pthread_cond_destroy(&w->wake);
    pthread_mutex_destroy(&w->lock);
}

/* Whether the request runs on its event loop rather than on a worker. */
static bool runs_on_loop(struct http_server *srv, const struct http_request *req)
{
    if (req->refused || req->early_status)
        return true;   /* an error page: nothing waits */
    return req->uploads == NULL && srv->cfg.on_loop && srv->cfg.on_loop(req);
}

static enum MHD_Result queue(struct http_request *req)
{
    struct MHD_Response *r = req->response;
    for (struct http_header_list *h = req->headers; h; h = h->next)
        MHD_add_response_header(r, h->name, h->value);
    enum MHD_Result rc = MHD_queue_response(req->conn, req->status, r);
    MHD_destroy_response(r);
    req->response = NULL;
    return rc;
}

static const struct static_file *static_find(struct http_server *srv, const char *url)
{
    for (size_t i = 0; i < srv->nstatics; i++)
        if (strcmp(srv->statics[i].url, url) == 0)
            return &srv->statics[i];
    return NULL;
}

static enum MHD_Result serve_static(struct http_request *req, const struct static_file *f)
{
    http_reply_variants(req, 200, f->variants);
    return queue(req);
}

static enum MHD_Result on_access(void *cls, struct MHD_Connection *c, const char *url,
                                 const char *method, const char *version,
                                 const char *upload_data, size_t *upload_size, void **ctx)
{
    struct http_server *srv = cls;
    struct http_request *req = *ctx;
    (void)version;
    if (!req) {
        req = request_new(srv, c, url, method);
        *ctx = req;
        conn_deadline(srv, c, srv->request_us, false);
        if ((req->method & (HTTP_GET | HTTP_HEAD)) && strncmp(url, "/static/", 8) == 0) {
            /* Answered on the next call: a response queued on the first
             * call makes libmicrohttpd close the connection. */
            req->static_file = static_find(srv, url);
            if (req->static_file)
                return MHD_YES;
        }
        unsigned status = 0;
        req->route = route_find(srv, req, &status);
        if (srv->own_limit && http_proxy_trusted(&srv->proxies, req->peer_addr)) {
            req->addr_counted = http_addr_take(&srv->counts, req->client_addr,
                                               srv->cfg.per_address_max);
            if (!req->addr_counted)
                set_early(req, 503, "too_many_requests",
                          "Có quá nhiều yêu cầu cùng lúc từ địa chỉ của bạn; "
                          "vui lòng thử lại sau ít phút");
        }
        if (!req->route)
            set_early(req, status, status == 404 ? "not_found" : "method_not_allowed",
                      status == 404 ? "Không tìm thấy trang bạn yêu cầu"
                                    : "Phương thức không được hỗ trợ ở địa chỉ này");
        body_begin(req, c);
        if (body_refused_early(req, c))
            return queue(req);   /* before any body byte: the connection then closes */
        return MHD_YES;
    }
    if (req->static_file)
        return serve_static(req, req->static_file);
    if (req->worked) {   /* resumed: a worker ran the handler */
        conn_deadline(srv, c, srv->request_us, true);   /* for sending the answer */
        return queue(req);
    }
    if (*upload_size) {
        body_feed(req, upload_data, *upload_size);
        *upload_size = 0;
        return MHD_YES;
    }
    conn_deadline(srv, c, 0, false);
    if (!runs_on_loop(srv, req)) {
        /* Off the loop while the handler may wait; resumed by the worker. */
        MHD_suspend_connection(c);
        if (!workers_submit(srv, req))
            work_run(req);
        return MHD_YES;
    }
    if (!req->refused) {
        body_finish(req, c);
        run_handler(req);
    }
    conn_deadline(srv, c, srv->request_us, true);   /* for sending the answer */
    return queue(req);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **ctx,
                         enum MHD_RequestTerminationCode toe)
{
    struct http_request *req = *ctx;
    struct http_server *srv = cls;
    /* The next request on this connection has its headers' deadline. */
    conn_deadline(srv, c, srv->header_us, true);
    if (!req)
        return;
    if (req->addr_counted)
        http_addr_give(&srv->counts, req->client_addr);
    int64_t us = clock_mono_us() - req->start_us;
    metrics_request(req->route ? req->route->pattern : req->static_file ? "/static" : NULL,
                    method_name(req->method), req->status, us);
    if (log_access_enabled())
        log_info("access %s %s %u %zu %lldus %s%s", method_name(req->method), req->path,
                 req->status, req->resp_bytes, (long long)us, req->client_addr,
                 toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : " aborted");
    if (req->server->cfg.done && !req->done_called)
        req->server->cfg.done(req);
    buf_release(&req->body);
    buf_release(&req->field);
    if (req->response)
        MHD_destroy_response(req->response);
    arena_free(req->arena);
    *ctx = NULL;
}

/* ---------------------------------------------------------------- responses */

const char *http_header(struct http_request *req, const char *name)
{
    return MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, name);
}

const char *http_arg(struct http_request *req, const char *name)
{
    const char *v = kv_get(req->form, name);
    return v ? v : kv_get(req->query, name);
}

const char *http_cookie(struct http_request *req, const char *name)
{
    return kv_get(req->cookies, name);
}

void http_add_header(struct http_request *req, const char *name, const char *value)
{
    struct http_header_list *h = arena_alloc(req->arena, sizeof(*h));
    h->name = arena_strdup(req->arena, name);
    h->value = arena_strdup(req->arena, value);
    h->next = req->headers;
    req->headers = h;
}

void http_set_cookie(struct http_request *req, const char *name, const char *value,
                     long max_age, bool secure)
{
    char *v;
    if (max_age < 0)
        v = arena_printf(req->arena, "%s=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax%s",
                         name, secure ? "; Secure" : "");
    else if (max_age == 0)
        v = arena_printf(req->arena, "%s=%s; Path=/; HttpOnly; SameSite=Lax%s", name, value,
                         secure ? "; Secure" : "");
    else
        v = arena_printf(req->arena, "%s=%s; Path=/; Max-Age=%ld; HttpOnly; SameSite=Lax%s",
                         name, value, max_age, secure ? "; Secure" : "");
    http_add_header(req, "Set-Cookie", v);
}

static void set_response(struct http_request *req, unsigned status, const char *ctype,
                         struct MHD_Response *r, size_t len)
{
    if (req->response)
        MHD_destroy_response(req->response);
    MHD_add_response_header(r, "Content-Type", ctype);
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    if (strncmp(ctype, "text/html", 9) == 0) {
        /* Every page, error pages included: scripts and styles from this site's
         * files only (no inline code, no style attributes), never framed. */
        MHD_add_response_header(r, "Content-Security-Policy", HTTP_CSP);
        MHD_add_response_header(r, "Referrer-Policy", "same-origin");
        MHD_add_response_header(r, "X-Frame-Options", "DENY");
    }
    req->response = r;
    req->status = status;
    req->resp_bytes = len;
}

unsigned http_reply(struct http_request *req, unsigned status, const char *content_type,
                    struct buf *body)
{
    size_t len;
    char *data = buf_detach(body, &len);
    struct MHD_Response *r =
        MHD_create_response_from_buffer_with_free_callback(len, data, free);
    set_response(req, status, content_type, r, len);
    return status;
}

unsigned http_reply_static(struct http_request *req, unsigned status,
                           const char *content_type, const char *data, size_t len)
{
    struct MHD_Response *r =
        MHD_create_response_from_buffer(len, (void *)data, MHD_RESPMEM_PERSISTENT);
    set_response(req, status, content_type, r, len);
    return status;
}

unsigned http_reply_shared(struct http_request *req, unsigned status, const char *content_type,
                           const char *data, size_t len, void (*release)(void *), void *cls)
{
    struct MHD_Response *r =
        MHD_create_response_from_buffer_with_free_callback_cls(len, (void *)data, release, cls);
    set_response(req, status, content_type, r, len);
    return status;
}

unsigned http_reply_encoded(struct http_request *req, unsigned status,
                            const char *content_type, struct buf *body)
{
    enum http_coding c = HTTP_CODING_IDENTITY;
    struct buf z;
    buf_init(&z, BUF_MAX_PAGE);
    if (body->len >= HTTP_COMPRESS_MIN)
        c = http_coding_choose(http_header(req, "Accept-Encoding"), HTTP_CODINGS_ALL);
    if (c != HTTP_CODING_IDENTITY &&
        http_compress_fast(c, body->data, body->len, &z) == MC_OK && z.len < body->len) {
        buf_release(body);
        http_reply(req, status, content_type, &z);
        http_add_header(req, "Content-Encoding", http_coding_name(c));
    } else {
        buf_release(&z);
        http_reply(req, status, content_type, body);
    }
    http_add_header(req, "Vary", "Accept-Encoding");
    return status;
}

static void release_variants(void *cls)
{
    http_variants_unref(cls);
}

unsigned http_reply_variants(struct http_request *req, unsigned status,
                             struct http_variants *v)
{
    enum http_coding c = http_coding_choose(http_header(req, "Accept-Encoding"),
                                            http_variants_offered(v));
    const char *etag = http_variants_etag(v, c);
    if (status == 200 && http_etag_match(http_header(req, "If-None-Match"), etag)) {
        status = 304;
        http_reply_static(req, status, http_variants_content_type(v), "", 0);
    } else {
        size_t len = http_variants_size(v, c);
        int fd = len >= HTTP_SENDFILE_MIN ? http_variants_fd(v, c) : -1;
        struct MHD_Response *r = NULL;
        if (fd >= 0 && (fd = dup(fd)) >= 0) {
            /* Sent by the kernel from the memory file (sendfile): no copy
             * through a buffer; libmicrohttpd closes the duplicate. */
            r = MHD_create_response_from_fd_at_offset64(len, fd, 0);
            if (!r)
                close(fd);
        }
        if (r)
            set_response(req, status, http_variants_content_type(v), r, len);
        else
            http_reply_shared(req, status, http_variants_content_type(v),
                              http_variants_body(v, c), len, release_variants,
                              http_variants_ref(v));
        if (http_coding_name(c))
            http_add_header(req, "Content-Encoding", http_coding_name(c));
    }
    http_add_header(req, "ETag", etag);
    http_add_header(req, "Vary", "Accept-Encoding");
    http_add_header(req, "Cache-Control", http_variants_cache_control(v));
    return status;
}

unsigned http_redirect(struct http_request *req, const char *location)
{
    http_reply_static(req, 303, "text/plain; charset=utf-8", "", 0);
    http_add_header(req, "Location", location);
    return 303;
}

unsigned http_error(struct http_request *req, unsigned status, const char *code,
                    const char *message)
{
    req->server->cfg.error(req, status, code, message);
    if (!MC_CHECK(req->response != NULL))
        http_reply_static(req, status, "text/plain; charset=utf-8", message, strlen(message));
    return status;
}

/* ---------------------------------------------------------------- server */

static const char *mime_of(const char *path)
{
    static const struct { const char *ext, *type; } map[] = {
        {".css", "text/css; charset=utf-8"}, {".js", "text/javascript; charset=utf-8"},
        {".svg", "image/svg+xml"}, {".png", "image/png"}, {".ico", "image/x-icon"},
        {".txt", "text/plain; charset=utf-8"}, {".html", "text/html; charset=utf-8"},
        {".json", "application/json"}, {".woff2", "font/woff2"},
    };
    const char *dot = strrchr(path, '.');
    for (size_t i = 0; dot && i < MC_ARRAY_LEN(map); i++)
        if (strcmp(dot, map[i].ext) == 0)
            return map[i].type;
    return "application/octet-stream";
}

static const struct asset_z *compressed_of(const char *path)
{
    for (const struct asset_z *z = mc_assets_z; z->path; z++)
        if (strcmp(z->path, path) == 0)
            return z;
    return NULL;
}

static void statics_build(struct http_server *srv)
{
    size_t n = 0;
    for (const struct asset *a = mc_assets; a->path; a++)
        if (strncmp(a->path, "static/", 7) == 0)
            n++;
    srv->statics = xcalloc(n ? n : 1, sizeof(*srv->statics));
    for (const struct asset *a = mc_assets; a->path; a++) {
        if (strncmp(a->path, "static/", 7) != 0)
            continue;
        struct static_file *f = &srv->statics[srv->nstatics++];
        const struct asset_z *z = compressed_of(a->path);
        char url[512];
        snprintf(url, sizeof(url), "/%s", a->path);
        f->url = xstrdup(url);
        f->variants = http_variants_prebuilt(mime_of(a->path), "public, max-age=3600", a->data,
                                             (size_t)a->len, z ? z->gz : NULL, z ? z->gz_len : 0,
                                             z ? z->br : NULL, z ? z->br_len : 0);
    }
}

static void statics_free(struct http_server *srv)
{
    for (size_t i = 0; i < srv->nstatics; i++) {
        http_variants_unref(srv->statics[i].variants);
        free((char *)srv->statics[i].url);
    }
    free(srv->statics);
}

/*
 * Raise the soft limit of open files towards the hard one so that conns
 * connections (each a socket) fit, with room for the database, uploads
 * and the file store.
 */
static void files_for(unsigned conns)
{
    struct rlimit rl;
    rlim_t want = (rlim_t)conns + 1024;
    if (getrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur >= want)
        return;
    rl.rlim_cur = rl.rlim_max != RLIM_INFINITY && rl.rlim_max < want ? rl.rlim_max : want;
    if (setrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur < want)
        log_warn("open files limited to %llu: fewer than %u connections fit",
                 (unsigned long long)rl.rlim_cur, conns);
}

static void mhd_log(void *cls, const char *fmt, va_list ap)
{
    char line[512];
    (void)cls;
    vsnprintf(line, sizeof(line), fmt, ap);
    line[strcspn(line, "\n")] = '\0';
    log_warn("libmicrohttpd: %s", line);
}

enum mc_status http_listen(const char *bind_addr, uint16_t port, struct http_listener *out)
{
    struct sockaddr_in addr = {0};
    socklen_t len = sizeof(addr);
    int one = 1;
    enum mc_status st = MC_OK;
    out->fd = -1;
    out->port = port;
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    if (!bind_addr || inet_pton(AF_INET, bind_addr, &addr.sin_addr) != 1)
        addr.sin_addr.s_addr = htonl(INADDR_ANY);
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) != 0) {
        st = MC_ERR_IO;
        goto out;
    }
    if (bind(fd, (struct sockaddr *)&addr, sizeof(addr)) != 0) {
        st = errno == EADDRINUSE ? MC_ERR_CONFLICT : MC_ERR_IO;
        goto out;
    }
    if (listen(fd, SOMAXCONN) != 0 || getsockname(fd, (struct sockaddr *)&addr, &len) != 0) {
        st = errno == EADDRINUSE ? MC_ERR_CONFLICT : MC_ERR_IO;
        goto out;
    }
    out->fd = fd;
    out->port = ntohs(addr.sin_port);
    fd = -1;
out:
    if (st != MC_OK)
        log_error("cannot listen on port %u: %s", (unsigned)port, strerror(errno));
    if (fd >= 0)
        close(fd);
    return st;
}

void http_listener_close(struct http_listener *l)
{
    if (l && l->fd >= 0) {
        close(l->fd);
        l->fd = -1;
    }
}

/* The CPUs this process may run on (a cpuset or taskset limits them), else those online. */
static long usable_cpus(void)
{
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof(set), &set) == 0 && CPU_COUNT(&set) > 0)
        return CPU_COUNT(&set);
    return sysconf(_SC_NPROCESSORS_ONLN);
}

enum mc_status http_server_start(const struct http_config *cfg, struct http_server **out)
{
    struct http_server *srv = xcalloc(1, sizeof(*srv));
    struct http_listener own = {-1, 0};
    struct http_listener *l = cfg->listener ? cfg->listener : &own;
    enum mc_status st = MC_OK;
    srv->cfg = *cfg;
    srv->cfg.listener = NULL;
    srv->header_us = (int64_t)(cfg->header_timeout_s ? cfg->header_timeout_s : 20u) * 1000000;
    srv->request_us = (int64_t)(cfg->request_timeout_s ? cfg->request_timeout_s : 300u) *
                      1000000;
    pthread_mutex_init(&srv->conns_lock, NULL);
    pthread_cond_init(&srv->conns_wake, NULL);
    http_addr_counts_init(&srv->counts);
    char bad[64];
    if (http_proxy_parse(cfg->trusted_proxies, &srv->proxies, bad, sizeof(bad)) != MC_OK) {
        log_error("MOTCUA_TRUSTED_PROXIES: \"%s\" is not an address or a CIDR", bad);
        st = MC_ERR_INVALID;
    }
    srv->own_limit = srv->proxies.n > 0 && cfg->per_address_max > 0;
    if (st == MC_OK && !cfg->listener)
        st = http_listen(cfg->bind_addr, cfg->port, &own);
    if (st != MC_OK)
        goto out;
    statics_build(srv);
    route_keys_build(srv);
    long cpus = usable_cpus();
    unsigned loops = cfg->loops ? cfg->loops : (unsigned)(cpus > 1 ? cpus : 1);
    /* One loop per CPU: two on one CPU would take turns by time slices, and
     * a request on the waiting one would wait milliseconds (bench/search.sh:
     * p99 5.0 ms with two loops on one CPU, 2.3 ms with one). */
    unsigned max_conns = cfg->max_connections ? cfg->max_connections
                                              : HTTP_CONNECTIONS_DEFAULT;
    files_for(max_conns);
    sched_init(cfg->run_slots ? cfg->run_slots : (unsigned)(cpus > 2 ? 2 * cpus : 4));
    workers_init(&srv->work, cfg->max_workers);
    /* A few epoll loops own every connection; requests that may wait are
     * suspended and run by the workers (on_access). */
    unsigned flags = MHD_USE_EPOLL_INTERNAL_THREAD | MHD_ALLOW_SUSPEND_RESUME |
                     MHD_USE_ITC | MHD_USE_TURBO | MHD_USE_ERROR_LOG;
    /* The daemon owns the socket from here (closed by it, or after quiescing). */
    srv->daemon = MHD_start_daemon(
        flags, l->port, NULL, NULL, on_access, srv,
        MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL,
        MHD_OPTION_LISTEN_SOCKET, (MHD_socket)l->fd,
        MHD_OPTION_THREAD_POOL_SIZE, loops,
        MHD_OPTION_THREAD_STACK_SIZE, (size_t)(2u << 20),
        MHD_OPTION_CONNECTION_TIMEOUT, cfg->timeout_s ? cfg->timeout_s : 30u,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)HTTP_CONN_MEMORY,
        MHD_OPTION_CONNECTION_LIMIT, max_conns,
        MHD_OPTION_PER_IP_CONNECTION_LIMIT, srv->own_limit ? 0u : cfg->per_address_max,
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, srv,
        MHD_OPTION_NOTIFY_CONNECTION, on_connection, srv,
        MHD_OPTION_END);
    l->fd = -1;   /* whatever happened, MHD decided about the socket */
    if (!srv->daemon) {
        log_error("cannot start the HTTP server on port %u", (unsigned)l->port);
        workers_stop(&srv->work);
        sched_free();
        statics_free(srv);
        free(srv->route_keys);
        st = MC_ERR_IO;
        goto out;
    }
    srv->port = l->port;
    srv->reaper_running = pthread_create(&srv->reaper, NULL, reaper_main, srv) == 0;
    if (!srv->reaper_running)
        log_error("cannot start the request deadline thread");
out:
    http_listener_close(l);
    if (st != MC_OK) {
        pthread_cond_destroy(&srv->conns_wake);
        pthread_mutex_destroy(&srv->conns_lock);
        http_addr_counts_free(&srv->counts);
        free(srv);
        srv = NULL;
    }
    *out = srv;
    return st;
}

uint16_t http_server_port(const struct http_server *s)
{
    return s->port;
}

void http_server_stop(struct http_server *s, unsigned grace_ms)
{
    if (!s)
        return;
    MHD_socket lsock = MHD_quiesce_daemon(s->daemon);
    if (lsock != MHD_INVALID_SOCKET)
        close(lsock);
    for (unsigned waited = 0; waited < grace_ms; waited += 20) {
        const union MHD_DaemonInfo *di =
            MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_CURRENT_CONNECTIONS);
        if (!di || di->num_connections == 0)
            break;
        struct timespec ts = {0, 20 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    /* A suspended request must be resumed before its connection goes. */
    workers_drain(&s->work);
    MHD_stop_daemon(s->daemon);
    workers_stop(&s->work);
    if (s->reaper_running) {
        pthread_mutex_lock(&s->conns_lock);
        s->stopping = true;
        pthread_cond_signal(&s->conns_wake);
        pthread_mutex_unlock(&s->conns_lock);
        pthread_join(s->reaper, NULL);
    }
    pthread_cond_destroy(&s->conns_wake);
    pthread_mutex_destroy(&s->conns_lock);
    sched_free();
    statics_free(s);
    free(s->route_keys);
    http_addr_counts_free(&s->counts);
    free(s);
}
