/*
 * log.h - one-line log records on standard error.
 *
 * Client mistakes are logged at "warn" with what was wrong; internal bugs
 * at "error".  Personal data (names, CCCD, phone, email, passwords,
 * tokens) is never passed to these functions.  Thread-safe: each record is
 * written with a single write(2).
 */
#ifndef MC_LOG_H
#define MC_LOG_H

#include "core/compiler.h"

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR };

/* Records below this level are dropped (default LOG_INFO; MOTCUA_LOG=debug). */
void log_set_level(enum log_level level);
/* Turn the per-request access line on or off (default on). */
void log_set_access(int on);
int log_access_enabled(void);

void log_msg(enum log_level level, const char *fmt, ...) MC_PRINTF(2, 3);
#define log_debug(...) log_msg(LOG_DEBUG, __VA_ARGS__)
#define log_info(...) log_msg(LOG_INFO, __VA_ARGS__)
#define log_warn(...) log_msg(LOG_WARN, __VA_ARGS__)
#define log_error(...) log_msg(LOG_ERROR, __VA_ARGS__)

#endif
