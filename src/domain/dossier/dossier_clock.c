/*
 * dossier_clock.c - the working-time clock of one dossier (see dossier.h):
 * allowed, used and left, with the waits for the applicant left out, on
 * the same calendar the deadlines, the queues and the 766 index use.
 */
#include <string.h>
#include "domain/dossier/dossier-int.h"

#define DAY 86400

static int64_t office_per_day(const struct calendar *cal)
{
    int64_t s = 0;
    for (size_t i = 0; i < cal->nr_hours; i++)
        s += (int64_t)(cal->hours[i].end_min - cal->hours[i].start_min) * 60;
    return s > 0 ? s : DAY;
}

/* Time in [from, to) in the clock's measure: office time or plain seconds. */
static int64_t span(const struct calendar *cal, bool working, int64_t from, int64_t to)
{
    int64_t s = 0;
    if (to <= from)
        return 0;
    if (!working)
        return to - from;
    if (calendar_working_seconds_between(cal, from, to, &s) != MC_OK)
        s = 0;
    return s;
}

void dossier_clock(const struct calendar *cal, const struct dossier *d, int64_t now,
                   struct dossier_clock *out)
{
    bool working = d->due_unit == CALENDAR_UNIT_WORKING_DAYS ||
                   d->due_unit == CALENDAR_UNIT_WORKING_HOURS;
    int64_t end, open_wait = 0, closed_wait;
    memset(out, 0, sizeof(*out));
    out->unit = d->due_unit;
    out->per_day = working ? office_per_day(cal) : DAY;
    if (d->received_at <= 0 || d->due_at <= 0 || d->imported)
        return;
    out->started = true;
    out->ended = d->ended_at > 0;
    out->paused = d->status == NAT_ST_SUPPLEMENT && d->supplement_since > 0;
    out->running = !out->ended;
    end = out->ended ? d->ended_at : now;
    if (end < d->received_at)
        end = d->received_at;   /* lodged at night: the clock starts next morning */
    out->allowed = span(cal, working, d->received_at, d->due_at);
    /* Finished waits: their office time (working units) or what they moved the deadline. */
    closed_wait = working ? d->supplement_seconds
                          : (d->deadline_at > d->due_at ? d->deadline_at - d->due_at : 0);
    if (out->paused)
        open_wait = span(cal, working, d->supplement_since > d->received_at
                                           ? d->supplement_since : d->received_at, end);
    out->waited = closed_wait + open_wait;
    out->used = span(cal, working, d->received_at, end) - out->waited;
    if (out->used < 0)
        out->used = 0;
    out->left = out->allowed - out->used;
    out->late = out->left < 0;
}
