/* notify_once.c - at most once a day (see notify_once.h). */
#include <time.h>
#include "domain/notify/notify_once.h"
#include "core/clock.h"

static const struct db_query Q_CLAIM = {
    "notify.once_claim",
    "INSERT INTO notify_once (topic, day, who, sent_at) VALUES (?1, ?2, ?3, ?4)"
    " ON CONFLICT (topic, day, who) DO NOTHING",
};
static const struct db_query Q_SWEEP = {
    "notify.once_sweep",
    "DELETE FROM notify_once WHERE sent_at < ?1",
};

void notify_local_day(int64_t t, char out[11])
{
    time_t local = (time_t)(t + CLOCK_VN_OFFSET);
    struct tm tm;
    gmtime_r(&local, &tm);
    strftime(out, 11, "%Y-%m-%d", &tm);
}

enum mc_status notify_once_claim(struct db *db, const char *topic, const char *day,
                                 const char *who, bool *first)
{
    int64_t changes = 0;
    enum mc_status rc = db_run(db, &Q_CLAIM, &changes, "sssi", topic, day, who, clock_now());
    *first = rc == MC_OK && changes > 0;
    return rc;
}

enum mc_status notify_once_sweep(struct db *db, int64_t now)
{
    return db_run(db, &Q_SWEEP, NULL, "i", now - NOTIFY_ONCE_KEEP_S);
}
