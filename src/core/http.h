/*
 * http.h - the HTTP server core on libmicrohttpd.
 *
 * The application gives a static route table and hooks; the core parses
 * the request (path, query, cookies, urlencoded or multipart body with
 * uploads kept in memory up to HTTP_UPLOAD_MEM_MAX bytes each, within a
 * server-wide budget of HTTP_UPLOAD_MEM_BUDGET, and streamed to a spool
 * file beyond; raw bodies such as JSON), enforces the
 * route's method and body limit, checks that all text is valid UTF-8 and
 * NFC-normalises it, runs the guard hook and then the handler, and writes
 * one access-log line per request (method, path, status, bytes,
 * microseconds; never the query or body, which may hold personal data).
 *
 * DESIGN
 * - Connections: libmicrohttpd's epoll mode with a small pool of event
 *   loops (http_config.loops) owns every connection; an idle or slow
 *   connection costs its socket and a few KB, never a thread.  A request
 *   the application marks quick (http_config.on_loop: it only reads and
 *   waits for nothing but a short query) and static files are answered on
 *   the loop itself.  Any other request is suspended once its body is in
 *   and handed to a worker thread (a pool grown on demand up to
 *   max_workers): handlers there block freely (queries, a shared fsync
 *   for group commit, the model server, outbound calls, PDFs) without
 *   holding a loop, and the worker that finishes resumes the connection,
 *   whose loop sends the answer.  Handlers run holding one of a few run
 *   slots (core/sched.h), given back while they wait, so many requests
 *   in flight do not mean many threads competing for the CPU.  The done
 *   hook runs on the loop once the request has been answered (the
 *   application gives back its database connection there).
 * - Memory: every request has an arena (core/arena.h) freed when the
 *   request completes; all strings in struct http_request live there.
 * - Responses: a handler builds its response with http_reply*() and
 *   returns the HTTP status.  If it returns without a response, the core
 *   answers through the error hook with that status.
 * - Static files are the embedded assets under static/, served at
 *   /static/... from variants built once at start (gzip and brotli forms
 *   made at build time, core/http_encoding.h), with a strong ETag per
 *   variant, Vary and Cache-Control; If-None-Match gives 304.
 */
#ifndef MC_HTTP_H
#define MC_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "core/arena.h"
#include "core/buf.h"
#include "core/form.h"
#include "core/http_encoding.h"
#include "core/status.h"

enum http_method {
    HTTP_GET = 1 << 0,
    HTTP_HEAD = 1 << 1,
    HTTP_POST = 1 << 2,
    HTTP_PUT = 1 << 3,
    HTTP_DELETE = 1 << 4,
    HTTP_PATCH = 1 << 5,
    HTTP_OTHER = 1 << 6,
};

#define HTTP_MAX_PARAMS 4           /* {name} captures per route */
#define HTTP_FIELD_MAX (64 * 1024)  /* one non-file multipart field */
#define HTTP_MAX_FIELDS 200         /* form fields per request */
#define HTTP_MAX_FILES 64           /* file parts per request (empty ones count) */
#define HTTP_EARLY_BODY (8u * 1024) /* bodies over this are admitted by the precheck hook
                                       before the core reads them */
#define HTTP_DISCARD_MAX (1024u * 1024)  /* a body refused on its headers is read and
                                            dropped up to this size (so that clients
                                            that send it all see the answer); a larger
                                            one is answered at once and the connection
                                            closed */

struct http_request;
struct static_file;

/* A handler parses, calls the domain, renders; returns the HTTP status. */
typedef unsigned (*http_handler_fn)(struct http_request *req);

struct http_route {
    unsigned methods;        /* enum http_method bits; GET routes also answer HEAD */
    const char *pattern;     /* "/thu-tuc/{code}": {x} matches one non-empty segment */
    http_handler_fn handler;
    unsigned flags;          /* application bits, read by the guard hook */
    size_t body_max;         /* largest request body in bytes; 0 = none allowed */
};

/*
 * Whether path matches pattern (struct http_route.pattern), as the
 * dispatcher decides.  With req, each {x} segment is copied into
 * req->params (arena memory) and a pattern with more than
 * HTTP_MAX_PARAMS captures matches nothing; req may be NULL.
 */
bool http_route_matches(struct http_request *req, const char *pattern, const char *path);

#define HTTP_UPLOAD_MEM_MAX (1024u * 1024)           /* bytes of one upload kept in memory */
#define HTTP_UPLOAD_MEM_BUDGET (256u * 1024 * 1024)  /* all uploads in memory at once */
#define HTTP_SPOOL_DEFAULT (1024ull * 1024 * 1024)   /* spooled uploads at once, default */
#define HTTP_CONNECTIONS_DEFAULT 20000u   /* connections at once, default */
#define HTTP_WORKERS_DEFAULT 256u         /* handler threads at most, default */
/*
 * The Content-Security-Policy of every text/html answer (with Referrer-Policy
 * same-origin and X-Frame-Options DENY): scripts, styles and fonts only from
 * this site's files, so no inline script, event handler or style attribute
 * runs; images from the site or data: URLs; forms post to the site only;
 * never framed.
 */
#define HTTP_CSP                                                                         \
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "    \
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

struct http_upload {
    const char *field;         /* form field name */
    const char *filename;      /* client's file name: untrusted, display only */
    const char *content_type;  /* client's claim: untrusted, check the content */
    const unsigned char *data; /* the bytes, when held in memory (then path is NULL) */
    const char *path;          /* temporary file, deleted at request end;
                                  NULL while held in memory (see http_upload_path) */
    size_t size;               /* bytes */
    struct http_upload *next;
};

struct http_request {
    struct arena *arena;           /* request memory, freed at completion */
    enum http_method method;
    const char *path;              /* decoded path, without the query */
    const struct http_route *route;
    const char *params[HTTP_MAX_PARAMS];   /* {x} captures, in pattern order */
    struct kv *query;              /* query arguments, UTF-8 checked, NFC */
    struct kv *form;               /* urlencoded or multipart fields, UTF-8 checked, NFC */
    struct kv *cookies;
    struct http_upload *uploads;   /* multipart files, in order */
    struct http_upload **uploads_tail;   /* where the next file part is linked */
    struct buf body;               /* raw body when not a form (e.g. JSON) */
    const char *client_addr;       /* the client's IP address as text: the peer's, or
                                      behind a trusted proxy the one it forwarded
                                      (core/http_proxy.h) */
    const char *peer_addr;         /* the direct peer's IP address as text */
    void *app;                     /* http_config.app */
    void *user;                    /* free for the application (session data) */
    int64_t start_us;              /* monotonic start time */
    /* response state (set through http_reply*, read by the core) */
    void *response;                /* struct MHD_Response * */
    unsigned status;
    size_t resp_bytes;
    /* internals */
    void *conn;                    /* struct MHD_Connection * */
    void *parser;                  /* struct multipart * while reading a body */
    struct buf field;              /* current multipart field value */
    const char *part_name;         /* current multipart part's field name */
    const struct http_server *server;
    const struct static_file *static_file;   /* set when the path is a static asset */
    int upload_fd;                 /* spool file of the current part, or -1 */
    struct http_upload *cur_upload;  /* the file part being read, or NULL */
    struct buf upload_mem;         /* its bytes while they fit in memory */
    size_t body_seen;
    size_t spooled;                /* bytes this request wrote to spool files */
    unsigned nfiles;               /* file parts seen */
    bool too_many_parts;           /* the body had more parts than allowed */
    bool refused;                  /* answered on the headers; the body is dropped */
    bool addr_counted;             /* counted in flight for its forwarded client */
    unsigned early_status;         /* error found while reading the body */
    const char *early_code, *early_msg;
    struct http_header_list *headers;
    struct http_request *work_next;  /* queued for a worker thread */
    bool worked;                   /* a worker ran it; the resumed call answers */
    bool done_called;              /* the done hook ran (after the handler) */
};

/*
 * The error hook renders an error in the application's shape (HTML page or
 * JSON {"error":{...}}); it must call one of http_reply*().  code is a
 * stable ASCII code, message a Vietnamese sentence for people.
 */
typedef void (*http_error_fn)(struct http_request *req, unsigned status, const char *code,
                              const char *message);

/*
 * A listening socket opened before anything else starts, so that a port in
 * use is reported before the application opens its database or starts its
 * jobs.  Plain data: fd < 0 means none.
 */
struct http_listener {
    int fd;                         /* listening TCP socket, or -1 */
    uint16_t port;                  /* the port actually bound */
};

/*
 * Bind bind_addr:port (NULL or an unparsable address = all IPv4
 * addresses; port 0 = any free port) and listen.  The socket gets
 * SO_REUSEADDR only (a restarted server can bind at once), never
 * SO_REUSEPORT: two servers on one port would share its requests between
 * two databases.  Returns MC_OK with out->fd owned by the caller (give it
 * to http_server_start() or http_listener_close() it); MC_ERR_CONFLICT
 * when another socket is already bound there (EADDRINUSE); MC_ERR_IO for
 * any other failure (out->fd is -1 then).  Thread-safe.
 */
enum mc_status http_listen(const char *bind_addr, uint16_t port, struct http_listener *out)
    MC_WARN_UNUSED;
/* Close l's socket if it has one and set fd to -1.  NULL is fine. */
void http_listener_close(struct http_listener *l);

struct http_config {
    const char *bind_addr;          /* "127.0.0.1", "0.0.0.0"; NULL = all */
    uint16_t port;                  /* 0 = pick a free port (see http_server_port) */
    unsigned max_connections;       /* connections at once; 0 = HTTP_CONNECTIONS_DEFAULT */
    unsigned loops;                 /* event loop threads; 0 = one per CPU the process
                                     * may run on (two loops sharing one CPU take turns
                                     * by time slices: a request waits for the other's) */
    unsigned max_workers;           /* handler threads at most (requests not on_loop);
                                       0 = HTTP_WORKERS_DEFAULT */
    unsigned run_slots;             /* handlers on the CPU at once (core/sched.h);
                                       0 = twice the CPUs, at least 4 */
    const struct http_route *routes;
    size_t nroutes;
    const char *upload_dir;         /* where uploads are streamed; must exist */
    unsigned timeout_s;             /* idle connection timeout; 0 = 30 */
    unsigned per_address_max;       /* connections from one peer address; 0 = no limit.
                                       With trusted_proxies: connections from each
                                       untrusted peer, and requests at once from each
                                       client a trusted proxy forwards */
    const char *trusted_proxies;    /* addresses/CIDRs whose X-Forwarded-For is believed
                                       (core/http_proxy.h); NULL or "" = none */
    unsigned header_timeout_s;      /* deadline for a request's headers, counted from
                                       the connection or the previous answer; no byte
                                       renews it; 0 = 20 */
    unsigned request_timeout_s;     /* deadline for headers and body together, and
                                       again for sending the answer; 0 = 300 */
    unsigned long long spool_max;   /* bytes of uploads in spool files at once, over
                                       all requests; 0 = HTTP_SPOOL_DEFAULT */
    http_handler_fn precheck;       /* decides from the headers alone (path, method,
                                       cookies, Origin) whether a body over
                                       HTTP_EARLY_BODY may be read: 0 = go on; else it
                                       made the answer, sent before any body byte is
                                       read (the connection then closes); NULL = none */
    const char *clamd;              /* clamd's address (core/clamd.h): every uploaded
                                       file is scanned once the body is in, before
                                       the guard and the handler; an infected file
                                       refuses the request (422), clamd unreachable
                                       too (503); NULL or "" = no scanning */
    bool (*on_loop)(const struct http_request *req);
                                    /* whether req (route matched, body read) may run
                                       on the event loop: it answers quickly and waits
                                       for nothing but a short read; NULL or false =
                                       a worker thread runs it */
    http_handler_fn guard;          /* runs before each handler; 0 = go on */
    void (*done)(struct http_request *req);  /* once per request: when the handler
                                                has built the answer (on its
                                                thread), or when a request ends
                                                without one (aborted, refused);
                                                NULL = none */
    http_error_fn error;            /* renders errors; required */
    void *app;                      /* copied into each request */
    struct http_listener *listener; /* from http_listen(): the server takes its
                                       socket (fd set to -1), even on failure;
                                       NULL = bind bind_addr:port itself */
};

struct http_server;

/*
 * Start serving.  On success *out owns the running server.  Returns
 * MC_ERR_CONFLICT when the port is in use (see http_listen()), MC_ERR_IO
 * when the server cannot start otherwise.
 */
enum mc_status http_server_start(const struct http_config *cfg, struct http_server **out)
    MC_WARN_UNUSED;
/* The port actually bound. */
uint16_t http_server_port(const struct http_server *s);
/*
 * Stop gracefully: stop accepting, let requests in flight finish (up to
 * grace_ms), then close everything and free the server.  NULL is fine.
 */
void http_server_stop(struct http_server *s, unsigned grace_ms);

/* ---------------------------------------------------------------- requests */

/* A request header's value, or NULL. */
const char *http_header(struct http_request *req, const char *name);
/* Query or form value by name (form first), or NULL. */
const char *http_arg(struct http_request *req, const char *name);
/* Cookie value, or NULL. */
const char *http_cookie(struct http_request *req, const char *name);
/*
 * The upload's spool file, written now if the upload was held in memory;
 * NULL when it cannot be written (logged).  For code that needs a path.
 */
const char *http_upload_path(struct http_request *req, struct http_upload *up);

/* ---------------------------------------------------------------- responses */

/* Add a response header (copied).  Call before or after http_reply*. */
void http_add_header(struct http_request *req, const char *name, const char *value);
/*
 * Set a cookie: HttpOnly, SameSite=Lax, Path=/; Secure when secure is
 * true; max_age seconds (0 = session cookie, < 0 = delete).
 */
void http_set_cookie(struct http_request *req, const char *name, const char *value,
                     long max_age, bool secure);
/* Reply with body's contents (ownership of the memory passes to the core). */
unsigned http_reply(struct http_request *req, unsigned status, const char *content_type,
                    struct buf *body);
/* Reply with static memory that outlives the response. */
unsigned http_reply_static(struct http_request *req, unsigned status,
                           const char *content_type, const char *data, size_t len);
/*
 * Reply with len bytes at data shared with other responses: release(cls)
 * runs once the core no longer needs them (core/http_encoding.h).
 */
unsigned http_reply_shared(struct http_request *req, unsigned status, const char *content_type,
                           const char *data, size_t len, void (*release)(void *), void *cls);
/*
 * Reply with body (its memory passes to the core, as http_reply()),
 * compressed now at a fast level in the coding req's Accept-Encoding
 * prefers, with `Vary: Accept-Encoding`; bodies under HTTP_COMPRESS_MIN
 * or that would not shrink go as they are.  For responses made for one
 * request that hold no secret (BREACH, core/http_encoding.h).  Returns status.
 */
unsigned http_reply_encoded(struct http_request *req, unsigned status,
                            const char *content_type, struct buf *body);
/*
 * Answer req with v (core/http_encoding.h): 304 when If-None-Match names
 * the chosen variant, else status with the variant's bytes (shared, not
 * copied), its Content-Encoding, ETag, Vary and Cache-Control.  Returns
 * the status sent.
 */
unsigned http_reply_variants(struct http_request *req, unsigned status,
                             struct http_variants *v);
/* 303 See Other to location (a path on this site). */
unsigned http_redirect(struct http_request *req, const char *location);
/* Render an error through the application's error hook; returns status. */
unsigned http_error(struct http_request *req, unsigned status, const char *code,
                    const char *message);

#endif
