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

void config_init(struct config *c)
{
    const char *v;
    memset(c, 0, sizeof(*c));
    c->db_chosen = (v = getenv("MOTCUA_DB")) && *v;
    set(c->db, sizeof(c->db), c->db_chosen ? v : "var/motcua.db");
    c->data_dir_chosen = (v = getenv("MOTCUA_DATA_DIR")) && *v;
    set(c->data_dir, sizeof(c->data_dir), c->data_dir_chosen ? v : "var");
    set(c->bind, sizeof(c->bind), (v = getenv("MOTCUA_BIND")) && *v ? v : "127.0.0.1");
    c->port = 8080;
    if ((v = getenv("MOTCUA_PORT")) && *v)
        c->port = (uint16_t)atoi(v);
    c->max_connections = 20000;
    c->db_pool = (v = getenv("MOTCUA_DB_POOL")) && atoi(v) > 0 ? (unsigned)atoi(v) : 0;
    if ((v = getenv("MOTCUA_MAX_CONNECTIONS")) && atoi(v) > 0)
        c->max_connections = (unsigned)atoi(v);
    c->max_per_address = 128;
    if ((v = getenv("MOTCUA_MAX_PER_ADDRESS")) && *v && atoi(v) >= 0)
        c->max_per_address = (unsigned)atoi(v);
    c->header_timeout_s = 20;
    if ((v = getenv("MOTCUA_HEADER_TIMEOUT")) && atoi(v) > 0)
        c->header_timeout_s = (unsigned)atoi(v);
    c->request_timeout_s = 300;
    if ((v = getenv("MOTCUA_REQUEST_TIMEOUT")) && atoi(v) > 0)
        c->request_timeout_s = (unsigned)atoi(v);
    c->spool_max = 1024ull << 20;
    if ((v = getenv("MOTCUA_UPLOAD_SPOOL_MB")) && atoi(v) > 0)
        c->spool_max = (unsigned long long)atoi(v) << 20;
    set(c->clamd, sizeof(c->clamd), (v = getenv("MOTCUA_CLAMD")) ? v : "");
    set(c->trusted_proxies, sizeof(c->trusted_proxies),
        (v = getenv("MOTCUA_TRUSTED_PROXIES")) ? v : "");
    c->payment_sandbox = (v = getenv("MOTCUA_PAYMENT_SANDBOX")) && strcmp(v, "1") == 0;
    c->secure_cookies = (v = getenv("MOTCUA_SECURE_COOKIES")) && strcmp(v, "1") == 0;
    set(c->metrics_allow, sizeof(c->metrics_allow),
        (v = getenv("MOTCUA_METRICS_ALLOW")) && *v ? v : "127.0.0.1 ::1");
    set(c->smtp_url, sizeof(c->smtp_url), (v = getenv("MOTCUA_SMTP_URL")) ? v : "");
    set(c->smtp_user, sizeof(c->smtp_user), (v = getenv("MOTCUA_SMTP_USER")) ? v : "");
    set(c->smtp_pass, sizeof(c->smtp_pass), (v = getenv("MOTCUA_SMTP_PASS")) ? v : "");
    set(c->mail_from, sizeof(c->mail_from), (v = getenv("MOTCUA_MAIL_FROM")) ? v : "");
    set(c->public_url, sizeof(c->public_url), (v = getenv("MOTCUA_PUBLIC_URL")) ? v : "");
    set(c->llm_url, sizeof(c->llm_url), (v = getenv("MOTCUA_LLM_URL")) ? v : "");
    set(c->llm_model, sizeof(c->llm_model), (v = getenv("MOTCUA_LLM_MODEL")) ? v : "");
    c->llm_timeout_ms = 2000;
    if ((v = getenv("MOTCUA_LLM_TIMEOUT_MS")) && atol(v) > 0)
        c->llm_timeout_ms = atol(v) > 60000 ? 60000 : atol(v);
    set(c->db_replica, sizeof(c->db_replica), (v = getenv("MOTCUA_DB_REPLICA")) ? v : "");
    c->replica_max_lag_s = 10;
    if ((v = getenv("MOTCUA_REPLICA_MAX_LAG")) && atoi(v) >= 0 && *v)
        c->replica_max_lag_s = (unsigned)atoi(v);
    set(c->backup_dir, sizeof(c->backup_dir), (v = getenv("MOTCUA_BACKUP_DIR")) ? v : "");
    c->backup_keep = 7;
    if ((v = getenv("MOTCUA_BACKUP_KEEP")) && atoi(v) > 0)
        c->backup_keep = (unsigned)atoi(v);
    c->backup_interval_s = 86400;
    if ((v = getenv("MOTCUA_BACKUP_INTERVAL")) && atoi(v) > 0)
        c->backup_interval_s = (unsigned)atoi(v);
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
