/*
 * config.h - runtime settings from flags and the environment.
 *
 * Precedence: command-line flag, then environment variable, then default.
 *   --db PATH        MOTCUA_DB        var/motcua.db
 *   --port N         MOTCUA_PORT      8080
 *   --bind ADDR      MOTCUA_BIND      127.0.0.1
 *   --data-dir DIR   MOTCUA_DATA_DIR  var
 *   (no flag)        MOTCUA_SECURE_COOKIES=1 when served over HTTPS
 *   (no flag)        MOTCUA_LOG_ACCESS=0 turns the access log off
 *   (no flag)        MOTCUA_MAX_CONNECTIONS  open HTTP connections at once (1000)
 *   (no flag)        MOTCUA_MAX_PER_ADDRESS  of those, from one client address (128;
 *                                     0 = no limit)
 *   (no flag)        MOTCUA_TRUSTED_PROXIES  reverse proxies whose X-Forwarded-For
 *                                     names the client (addresses or CIDRs, commas;
 *                                     unset = trust none)
 *   (no flag)        MOTCUA_HEADER_TIMEOUT   seconds for a request's headers (20)
 *   (no flag)        MOTCUA_REQUEST_TIMEOUT  seconds for headers and body (300)
 *   (no flag)        MOTCUA_UPLOAD_SPOOL_MB  uploads on disk at once, MiB (1024)
 *   (no flag)        MOTCUA_CLAMD     clamd's socket: every upload is scanned
 *                                     ("unix:/run/clamav/clamd.ctl"; unset = none)
 *   (no flag)        MOTCUA_PAYMENT_SANDBOX=1 the imitation payment gateway, for tests
 *                                     (the demo has it; `serve` otherwise offers no
 *                                     online payment: no real gateway yet)
 *   (no flag)        MOTCUA_SMTP_URL  outgoing mail, e.g. smtp://127.0.0.1:2525 (none)
 *   (no flag)        MOTCUA_SMTP_USER, MOTCUA_SMTP_PASS  SMTP authentication (none)
 *   (no flag)        MOTCUA_MAIL_FROM sender address (no-reply@localhost)
 *   (no flag)        MOTCUA_SMS_*, MOTCUA_ZALO_*: the SMS and Zalo gateways, read by
 *                                     domain/notify/gateway.c (see gateway.h)
 *   (no flag)        MOTCUA_PUBLIC_URL the site's address in messages ("" = paths only)
 *   (no flag)        MOTCUA_LLM_URL   OpenAI-compatible endpoint that may rephrase the
 *                                     assistant's answers (unset = off; docs/assistant.md)
 *   (no flag)        MOTCUA_LLM_MODEL model name sent to it ("" = "local")
 *   (no flag)        MOTCUA_LLM_TIMEOUT_MS  bound on one rephrasing (2000)
 *   (no flag)        MOTCUA_DB_REPLICA  a streaming replica's URL for public read-only pages
 *   (no flag)        MOTCUA_REPLICA_MAX_LAG  seconds of lag past which the primary serves (10)
 *   (no flag)        MOTCUA_BACKUP_DIR  scheduled backups go into this folder (unset = none)
 *   (no flag)        MOTCUA_BACKUP_KEEP  scheduled backups kept there (7)
 *   (no flag)        MOTCUA_BACKUP_INTERVAL  seconds between scheduled backups (86400)
 */
#ifndef MC_CONFIG_H
#define MC_CONFIG_H

#include <stdbool.h>
#include <stdint.h>
#include "core/status.h"

struct config {
    char db[512];          /* database URL or SQLite path */
    char data_dir[512];    /* uploads, files, secret key */
    bool db_chosen;        /* db came from --db or MOTCUA_DB, not the default */
    bool data_dir_chosen;  /* data_dir came from --data-dir or MOTCUA_DATA_DIR */
    char bind[64];
    uint16_t port;         /* 0 = any free port */
    unsigned max_connections; /* MOTCUA_MAX_CONNECTIONS; a socket and a few KB each */
    unsigned db_pool;         /* MOTCUA_DB_POOL: database connections open at once;
                                 0 = the backend's default (none on SQLite, 32 on
                                 PostgreSQL, whose connections are shared by servers) */
    unsigned max_per_address; /* MOTCUA_MAX_PER_ADDRESS; 0 = no limit */
    char trusted_proxies[512];  /* MOTCUA_TRUSTED_PROXIES; "" = none */
    unsigned header_timeout_s;  /* MOTCUA_HEADER_TIMEOUT */
    unsigned request_timeout_s; /* MOTCUA_REQUEST_TIMEOUT */
    unsigned long long spool_max; /* MOTCUA_UPLOAD_SPOOL_MB, in bytes */
    bool payment_sandbox;     /* MOTCUA_PAYMENT_SANDBOX=1 */
    char clamd[256];          /* MOTCUA_CLAMD; "" = uploads are not scanned */
    bool secure_cookies;
    char metrics_allow[256];  /* MOTCUA_METRICS_ALLOW: addresses that may read /metrics,
                                 separated by spaces or commas; default "127.0.0.1 ::1" */
    char smtp_url[256];    /* MOTCUA_SMTP_URL; "" = no email is sent */
    char smtp_user[128];   /* MOTCUA_SMTP_USER; "" = no authentication */
    char smtp_pass[128];   /* MOTCUA_SMTP_PASS */
    char mail_from[256];   /* MOTCUA_MAIL_FROM; "" = no-reply@localhost */
    char public_url[256];  /* MOTCUA_PUBLIC_URL, no trailing slash; "" = paths only */
    char llm_url[256];     /* MOTCUA_LLM_URL; "" = the assistant's rephrasing is off */
    char llm_model[128];   /* MOTCUA_LLM_MODEL; "" = "local" */
    long llm_timeout_ms;   /* MOTCUA_LLM_TIMEOUT_MS, milliseconds; default 2000 */
    char db_replica[512];  /* MOTCUA_DB_REPLICA; "" = every page reads the primary */
    unsigned replica_max_lag_s; /* MOTCUA_REPLICA_MAX_LAG, seconds; default 10 */
    char backup_dir[512];  /* MOTCUA_BACKUP_DIR; "" = no scheduled backups */
    unsigned backup_keep;  /* MOTCUA_BACKUP_KEEP: newest backups kept; default 7 */
    unsigned backup_interval_s; /* MOTCUA_BACKUP_INTERVAL, seconds; default 86400 */
};

/* Defaults overlaid with the environment. */
void config_init(struct config *c);
/*
 * Consume the common flags from argv (--db, --port, --bind, --data-dir),
 * compacting the remaining arguments to the front; *argc is updated.
 * MC_ERR_INVALID (message printed in Vietnamese) for a bad value.
 */
enum mc_status config_parse_flags(struct config *c, int *argc, char **argv) MC_WARN_UNUSED;
/* Create data_dir and its subfolders (tmp, files) if missing. */
enum mc_status config_prepare_dirs(const struct config *c) MC_WARN_UNUSED;

#endif
