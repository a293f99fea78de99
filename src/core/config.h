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
 *   (no flag)        MOTCUA_THREADS   worker threads (default: CPUs)
 */
#ifndef MC_CONFIG_H
#define MC_CONFIG_H

#include <stdbool.h>
#include <stdint.h>
#include "status.h"

struct config {
    char db[512];          /* database URL or SQLite path */
    char data_dir[512];    /* uploads, files, secret key */
    char bind[64];
    uint16_t port;         /* 0 = any free port */
    unsigned threads;
    bool secure_cookies;
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
