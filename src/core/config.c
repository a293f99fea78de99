/* config.c - runtime settings (see config.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include "core/config.h"
#include "core/log.h"

static void set(char *dst, size_t size, const char *v)
{
    snprintf(dst, size, "%s", v);
}

/* The environment variable name into dst, or fallback when it is unset or empty. */
static void set_env(char *dst, size_t size, const char *name, const char *fallback)
{
    const char *v = getenv(name);
    set(dst, size, v && *v ? v : fallback);
}

/* The environment variable name as a number, or fallback when it is unset or below min. */
static unsigned env_count(const char *name, unsigned fallback, int min)
{
    const char *v = getenv(name);
    return v && *v && atoi(v) >= min ? (unsigned)atoi(v) : fallback;
}

void config_init(struct config *c)
{
    const char *v;
    memset(c, 0, sizeof(*c));
    c->db_chosen = (v = getenv("MOTCUA_DB")) && *v;
    set(c->db, sizeof(c->db), c->db_chosen ? v : "var/motcua.db");
    c->data_dir_chosen = (v = getenv("MOTCUA_DATA_DIR")) && *v;
    set(c->data_dir, sizeof(c->data_dir), c->data_dir_chosen ? v : "var");
    set_env(c->bind, sizeof(c->bind), "MOTCUA_BIND", "127.0.0.1");
    c->port = 8080;
    if ((v = getenv("MOTCUA_PORT")) && *v)
        c->port = (uint16_t)atoi(v);
    c->db_pool = env_count("MOTCUA_DB_POOL", 0, 1);
    c->max_connections = env_count("MOTCUA_MAX_CONNECTIONS", 20000, 1);
    c->max_per_address = env_count("MOTCUA_MAX_PER_ADDRESS", 128, 0);
    c->header_timeout_s = env_count("MOTCUA_HEADER_TIMEOUT", 20, 1);
    c->request_timeout_s = env_count("MOTCUA_REQUEST_TIMEOUT", 300, 1);
    c->spool_max = (unsigned long long)env_count("MOTCUA_UPLOAD_SPOOL_MB", 1024, 1) << 20;
    set_env(c->clamd, sizeof(c->clamd), "MOTCUA_CLAMD", "");
    set_env(c->trusted_proxies, sizeof(c->trusted_proxies), "MOTCUA_TRUSTED_PROXIES", "");
    c->payment_sandbox = (v = getenv("MOTCUA_PAYMENT_SANDBOX")) && strcmp(v, "1") == 0;
    c->secure_cookies = (v = getenv("MOTCUA_SECURE_COOKIES")) && strcmp(v, "1") == 0;
    set_env(c->metrics_allow, sizeof(c->metrics_allow), "MOTCUA_METRICS_ALLOW", "127.0.0.1 ::1");
    set_env(c->smtp_url, sizeof(c->smtp_url), "MOTCUA_SMTP_URL", "");
    set_env(c->smtp_user, sizeof(c->smtp_user), "MOTCUA_SMTP_USER", "");
    set_env(c->smtp_pass, sizeof(c->smtp_pass), "MOTCUA_SMTP_PASS", "");
    set_env(c->mail_from, sizeof(c->mail_from), "MOTCUA_MAIL_FROM", "");
    set_env(c->public_url, sizeof(c->public_url), "MOTCUA_PUBLIC_URL", "");
    set_env(c->llm_url, sizeof(c->llm_url), "MOTCUA_LLM_URL", "");
    set_env(c->llm_model, sizeof(c->llm_model), "MOTCUA_LLM_MODEL", "");
    c->llm_timeout_ms = 2000;
    if ((v = getenv("MOTCUA_LLM_TIMEOUT_MS")) && atol(v) > 0)
        c->llm_timeout_ms = atol(v) > 60000 ? 60000 : atol(v);
    set_env(c->db_replica, sizeof(c->db_replica), "MOTCUA_DB_REPLICA", "");
    c->replica_max_lag_s = env_count("MOTCUA_REPLICA_MAX_LAG", 10, 0);
    set_env(c->backup_dir, sizeof(c->backup_dir), "MOTCUA_BACKUP_DIR", "");
    c->backup_keep = env_count("MOTCUA_BACKUP_KEEP", 7, 1);
    c->backup_interval_s = env_count("MOTCUA_BACKUP_INTERVAL", 86400, 1);
    if ((v = getenv("MOTCUA_LOG_ACCESS")) && strcmp(v, "0") == 0)
        log_set_access(0);
    if ((v = getenv("MOTCUA_LOG")) && strcmp(v, "debug") == 0)
        log_set_level(LOG_DEBUG);
}

static bool parse_port(const char *s, uint16_t *out)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (*s == '\0' || *end != '\0' || v < 0 || v > 65535)
        return false;
    *out = (uint16_t)v;
    return true;
}

enum mc_status config_parse_flags(struct config *c, int *argc, char **argv)
{
    int out = 0;
    for (int i = 0; i < *argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < *argc ? argv[i + 1] : NULL;
        bool known = strcmp(a, "--db") == 0 || strcmp(a, "--port") == 0 ||
                     strcmp(a, "--bind") == 0 || strcmp(a, "--data-dir") == 0;
        if (!known) {
            argv[out++] = argv[i];
            continue;
        }
        if (!v) {
            fprintf(stderr, "thiếu giá trị sau %s\n", a);
            return MC_ERR_INVALID;
        }
        if (strcmp(a, "--db") == 0) {
            set(c->db, sizeof(c->db), v);
            c->db_chosen = true;
        } else if (strcmp(a, "--bind") == 0) {
            set(c->bind, sizeof(c->bind), v);
        } else if (strcmp(a, "--data-dir") == 0) {
            set(c->data_dir, sizeof(c->data_dir), v);
            c->data_dir_chosen = true;
        } else if (!parse_port(v, &c->port)) {
            fprintf(stderr, "cổng không hợp lệ: %s\n", v);
            return MC_ERR_INVALID;
        }
        i++;
    }
    *argc = out;
    return MC_OK;
}

/* mkdir -p */
static enum mc_status make_dir(const char *path)
{
    char partial[600];
    snprintf(partial, sizeof(partial), "%s", path);
    for (char *p = partial + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(partial, 0750) != 0 && errno != EEXIST)
            break;
        *p = '/';
    }
    if (mkdir(path, 0750) == 0 || errno == EEXIST)
        return MC_OK;
    fprintf(stderr, "không tạo được thư mục %s: %s\n", path, strerror(errno));
    return MC_ERR_IO;
}

enum mc_status config_prepare_dirs(const struct config *c)
{
    char path[600];
    enum mc_status st = make_dir(c->data_dir);
    snprintf(path, sizeof(path), "%s/tmp", c->data_dir);
    if (st == MC_OK)
        st = make_dir(path);
    snprintf(path, sizeof(path), "%s/files", c->data_dir);
    if (st == MC_OK)
        st = make_dir(path);
    return st;
}
