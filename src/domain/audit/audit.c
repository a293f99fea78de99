/* audit.c - the audit log (see audit.h). */
#include "domain/audit/audit.h"
#include <stdio.h>
#include "core/clock.h"

static const struct db_query Q_AUDIT_INSERT = {
    "audit.insert",
    "INSERT INTO audit_log (at, user_id, role, action, object, detail, address)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
};
static const struct db_query Q_AUDIT_COUNT = {
    "audit.count",
    "SELECT COUNT(*) FROM audit_log WHERE action = ?1",
};

enum mc_status audit_record(struct db *db, const struct audit_actor *who, const char *action,
                            const char *object, const char *detail)
{
    static const struct audit_actor nobody = {0, "system", "local"};
    if (!who)
        who = &nobody;
    return db_run(db, &Q_AUDIT_INSERT, NULL, "iisssss", clock_now(), who->user_id,
                  who->role, action, object, detail, who->address);
}

enum mc_status audit_count(struct db *db, const char *action, int64_t *out)
{
    return db_get_int(db, &Q_AUDIT_COUNT, out, "s", action);
}

static const struct db_query Q_AUDIT_RECENT = {
    "audit.recent",
    "SELECT id, at, COALESCE(user_id, 0), COALESCE(role, ''), action, COALESCE(object, ''),"
    " COALESCE(address, '') FROM audit_log ORDER BY id DESC LIMIT ?1",
};

static void copy_col(char *dst, size_t size, const char *src)
{
    snprintf(dst, size, "%s", src);
}

enum mc_status audit_recent(struct db *db, struct audit_entry *out, size_t max, size_t *n)
{
    struct db_stmt *st = NULL;
    *n = 0;
    enum mc_status rc = db_query_start(db, &Q_AUDIT_RECENT, &st, "i", (int64_t)max);
    while (db_next(st, &rc) && *n < max) {
        struct audit_entry *e = &out[(*n)++];
        e->id = db_col_int64(st, 0);
        e->at = db_col_int64(st, 1);
        e->user_id = db_col_int64(st, 2);
        copy_col(e->role, sizeof(e->role), db_col_text(st, 3));
        copy_col(e->action, sizeof(e->action), db_col_text(st, 4));
        copy_col(e->object, sizeof(e->object), db_col_text(st, 5));
        copy_col(e->address, sizeof(e->address), db_col_text(st, 6));
    }
    db_done(st);
    return rc;
}
