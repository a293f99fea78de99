/*
 * audit.h - the audit log: who, in which role, did what to which object,
 * when and from where.  Every state change in motcua writes one row, inside
 * the same transaction as the change, so the log and the data never
 * disagree.  Details must not contain personal data beyond identifiers.
 */
#ifndef MC_AUDIT_H
#define MC_AUDIT_H

#include <stddef.h>
#include <stdint.h>
#include "core/db.h"

struct audit_actor {
    int64_t user_id;       /* 0 for anonymous or the system */
    const char *role;      /* "citizen", "province_admin", "system", ... */
    const char *address;   /* client IP, or "cli" */
};

/*
 * Append one row.  object names the thing changed ("user:12",
 * "agency:STP"); detail is a short English or JSON note, may be NULL.
 * Call inside db_tx with the change itself.
 */
enum mc_status audit_record(struct db *db, const struct audit_actor *who, const char *action,
                            const char *object, const char *detail) MC_WARN_UNUSED;

/*
 * The last step of a change: when st is MC_OK, audit_record() with the
 * object formatted from fmt ("feedback:%s", "assistant_log:%lld"; at most
 * AUDIT_OBJECT_FMT_MAX - 1 bytes, cut there) and returns its status; else
 * records nothing and returns st.
 */
#define AUDIT_OBJECT_FMT_MAX 128
enum mc_status audit_record_if(enum mc_status st, struct db *db, const struct audit_actor *who,
                               const char *action, const char *detail, const char *fmt, ...)
    MC_PRINTF(6, 7) MC_WARN_UNUSED;

/* Number of rows with this action (for tests and reports). */
enum mc_status audit_count(struct db *db, const char *action, int64_t *out) MC_WARN_UNUSED;

struct audit_entry {
    int64_t id;
    int64_t at;            /* Unix seconds */
    int64_t user_id;
    char role[32];
    char action[64];
    char object[64];
    char address[48];
};

/*
 * The newest entries, newest first: fills up to max entries of out and
 * stores the count in *n.
 */
enum mc_status audit_recent(struct db *db, struct audit_entry *out, size_t max, size_t *n)
    MC_WARN_UNUSED;

/*
 * Vietnamese for people reading the log.  audit_action_label names an
 * action ("account.totp_ok" -> "Đăng nhập: nhập đúng mã xác thực hai
 * lớp"); an action not in the table gets the label of its module and
 * "thao tác khác" rather than its code.  audit_role_label names the role
 * column ("province_admin" -> "Quản trị cấp tỉnh", "anonymous" ->
 * "Khách (chưa đăng nhập)").  audit_object_kind_label names what an
 * object's prefix (before ':') stands for ("dossier" -> "Hồ sơ"), or NULL
 * for prefixes it does not know.  Static strings; pure; thread-safe.
 */
const char *audit_action_label(const char *action);
const char *audit_role_label(const char *role);
const char *audit_object_kind_label(const char *prefix, size_t len);

/* The i-th action audit_action_label knows, NULL past the last (tests, a filter list). */
const char *audit_known_action(size_t i);
#endif
