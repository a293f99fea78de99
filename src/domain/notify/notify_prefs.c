/* notify_prefs.c - people's choices about messages (see notify_prefs.h). */
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include "domain/notify/notify_prefs.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/text.h"

static const struct db_query Q_GET = {
    "notify_prefs.get",
    "SELECT channel, zalo_linked, opt_out, quiet_start, quiet_end, weekly_cap"
    " FROM notify_prefs WHERE user_id = ?1",
};
static const struct db_query Q_UPDATE = {
    "notify_prefs.update",
    "UPDATE notify_prefs SET channel = ?2, zalo_linked = ?3, opt_out = ?4, quiet_start = ?5,"
    " quiet_end = ?6, weekly_cap = ?7, updated_at = ?8 WHERE user_id = ?1",
};
static const struct db_query Q_INSERT = {
    "notify_prefs.insert",
    "INSERT INTO notify_prefs (user_id, channel, zalo_linked, opt_out, quiet_start,"
    " quiet_end, weekly_cap, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
};
static const struct db_query Q_CONSENT = {
    "notify_prefs.consent",
    "INSERT INTO notify_consent (user_id, addr_hash, purpose, granted, source, at)"
    " VALUES (?1, ?2, 'outreach', ?3, ?4, ?5)",
};
static const struct db_query Q_OPTOUT_HAS = {
    "notify_prefs.optout_has",
    "SELECT COUNT(*) FROM notify_optout WHERE addr_hash = ?1",
};
static const struct db_query Q_OPTOUT_ADD = {
    "notify_prefs.optout_add",
    "INSERT INTO notify_optout (addr_hash, source, at) VALUES (?1, ?2, ?3)",
};

void notify_prefs_default(struct notify_prefs *p)
{
    memset(p, 0, sizeof(*p));
    p->quiet_start = NOTIFY_QUIET_START;
    p->quiet_end = NOTIFY_QUIET_END;
    p->weekly_cap = NOTIFY_WEEKLY_CAP;
}

enum mc_status notify_prefs_get(struct db *db, int64_t user_id, struct notify_prefs *out)
{
    struct db_stmt *st = NULL;
    notify_prefs_default(out);
    enum mc_status rc = db_get_row(db, &Q_GET, &st, "i", user_id);
    if (rc == MC_OK) {
        db_col_copy(st, 0, out->channel, sizeof(out->channel));
        out->zalo_linked = db_col_int64(st, 1) != 0;
        out->opt_out = db_col_int64(st, 2) != 0;
        out->quiet_start = (int)db_col_int64(st, 3);
        out->quiet_end = (int)db_col_int64(st, 4);
        out->weekly_cap = (int)db_col_int64(st, 5);
    }
    db_done(st);
    return rc == MC_ERR_NOT_FOUND ? MC_OK : rc;
}

static bool channel_ok(const char *c)
{
    return !*c || strcmp(c, "zalo") == 0 || strcmp(c, "sms") == 0 || strcmp(c, "email") == 0;
}

enum mc_status notify_prefs_set(struct db *db, int64_t user_id, const struct notify_prefs *p,
                                const char *source)
{
    struct notify_prefs old;
    int64_t changed = 0, now = clock_now();
    if (!channel_ok(p->channel) || p->quiet_start < 0 || p->quiet_start > 1439
        || p->quiet_end < 0 || p->quiet_end > 1439 || p->weekly_cap < 0 || p->weekly_cap > 50)
        return MC_ERR_INVALID;
    enum mc_status rc = notify_prefs_get(db, user_id, &old);
    if (rc == MC_OK)
        rc = db_run(db, &Q_UPDATE, &changed, "isiiiiii", user_id, p->channel,
                    (int64_t)p->zalo_linked, (int64_t)p->opt_out, (int64_t)p->quiet_start,
                    (int64_t)p->quiet_end, (int64_t)p->weekly_cap, now);
    if (rc == MC_OK && changed == 0)
        rc = db_run(db, &Q_INSERT, NULL, "isiiiiii", user_id, p->channel,
                    (int64_t)p->zalo_linked, (int64_t)p->opt_out, (int64_t)p->quiet_start,
                    (int64_t)p->quiet_end, (int64_t)p->weekly_cap, now);
    if (rc == MC_OK && old.opt_out != p->opt_out)
        rc = db_run(db, &Q_CONSENT, NULL, "isisi", user_id, "", (int64_t)!p->opt_out, source,
                    now);
    return rc;
}

enum mc_status notify_optout_has(struct db *db, const char *addr_hash, bool *out)
{
    int64_t n = 0;
    enum mc_status rc = db_get_int(db, &Q_OPTOUT_HAS, &n, "s", addr_hash);
    *out = rc == MC_OK && n > 0;
    return rc;
}

enum mc_status notify_optout_add(struct db *db, const char *addr_hash, const char *source)
{
    bool has = false;
    enum mc_status rc = notify_optout_has(db, addr_hash, &has);
    if (rc != MC_OK || has)
        return rc;
    rc = db_run(db, &Q_OPTOUT_ADD, NULL, "ssi", addr_hash, source, clock_now());
    if (rc == MC_OK)
        rc = db_run(db, &Q_CONSENT, NULL, "nsisi", addr_hash, (int64_t)0, source, clock_now());
    return rc;
}

enum mc_status notify_consent_imported(struct db *db, const char *addr_hash)
{
    return db_run(db, &Q_CONSENT, NULL, "nsisi", addr_hash, (int64_t)1, "import", clock_now());
}

bool notify_is_stop_keyword(const char *text)
{
    static const char *const words[] = {"tc", "tu choi", "huy", "stop", "dung"};
    struct buf f;
    bool yes = false;
    buf_init(&f, 256);
    if (text && strlen(text) < 200 && text_fold(text, strlen(text), &f) == MC_OK)
        for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
            if (strcmp(buf_cstr(&f), words[i]) == 0)
                yes = true;
    buf_release(&f);
    return yes;
}
