/* calendar_store.c - overrides and office hours in the database (see calendar_store.h). */
#include <stdio.h>
#include <stdlib.h>
#include "domain/calendar/calendar_store.h"
#include "core/mem.h"
#include "core/clock.h"
#include "core/log.h"
#include "core/text.h"

static const struct db_query Q_OVERRIDES = {
    "calendar.overrides",
    "SELECT date, kind, name FROM calendar_override ORDER BY date",
};
static const struct db_query Q_HOURS = {
    "calendar.hours",
    "SELECT start_min, end_min FROM calendar_office_hours ORDER BY position",
};
static const struct db_query Q_OVERRIDES_YEAR = {
    "calendar.overrides_year",
    "SELECT date, kind, name, note FROM calendar_override WHERE date >= ?1 AND date <= ?2"
    " ORDER BY date",
};
static const struct db_query Q_OVERRIDE_PUT = {
    "calendar.override_put",
    "INSERT INTO calendar_override (date, kind, name, note, updated_at, updated_by)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT(date) DO UPDATE SET kind = excluded.kind,"
    " name = excluded.name, note = excluded.note, updated_at = excluded.updated_at,"
    " updated_by = excluded.updated_by",
};
static const struct db_query Q_OVERRIDE_DELETE = {
    "calendar.override_delete",
    "DELETE FROM calendar_override WHERE date = ?1",
};
static const struct db_query Q_HOURS_CLEAR = {
    "calendar.hours_clear",
    "DELETE FROM calendar_office_hours",
};
static const struct db_query Q_HOURS_PUT = {
    "calendar.hours_put",
    "INSERT INTO calendar_office_hours (position, start_min, end_min) VALUES (?1, ?2, ?3)",
};

enum mc_status calendar_load(struct db *db, struct calendar *cal)
{
    struct calendar_period hours[CALENDAR_MAX_PERIODS];
    struct db_stmt *st = NULL;
    size_t n = 0;
    enum mc_status rc = db_query_start(db, &Q_HOURS, &st, "");
    while (db_next(st, &rc)) {
        if (n == CALENDAR_MAX_PERIODS) {
            rc = MC_ERR_INTERNAL;
            break;
        }
        hours[n].start_min = (int)db_col_int64(st, 0);
        hours[n].end_min = (int)db_col_int64(st, 1);
        n++;
    }
    db_done(st);
    st = NULL;
    if (rc == MC_OK && n > 0 && calendar_set_hours(cal, hours, n) != MC_OK) {
        log_error("stored office hours are not valid");
        rc = MC_ERR_INTERNAL;
    }
    if (rc != MC_OK)
        goto out;
    rc = db_query_start(db, &Q_OVERRIDES, &st, "");
    while (db_next(st, &rc)) {
        const char *date = db_col_text(st, 0);
        if (calendar_add_override_row(cal, date, db_col_text(st, 1),
                                      db_col_text(st, 2)) != MC_OK) {
            log_error("stored calendar override %s is not valid", date);
            rc = MC_ERR_INTERNAL;
        }
    }
out:
    db_done(st);
    return rc;
}

void calendar_load_or_default(struct db *db, struct calendar *cal, const char *who)
{
    calendar_init(cal);
    if (calendar_load(db, cal) != MC_OK) {
        log_warn("%s: stored calendar unreadable, using the defaults", who);
        calendar_release(cal);
        calendar_init(cal);
    }
}

#define LIST_MAX 366   /* overrides of one year: at most one per day */

enum mc_status calendar_list_overrides(struct db *db, int year,
                                       struct calendar_stored_override **out, size_t *n)
{
    struct calendar_stored_override *list = NULL;
    struct db_stmt *st = NULL;
    char from[16], to[16];
    size_t count = 0;
    enum mc_status rc = MC_ERR_INVALID;
    *out = NULL;
    *n = 0;
    if (year < 1 || year > 9999)
        goto out;
    snprintf(from, sizeof(from), "%04d-01-01", year);
    snprintf(to, sizeof(to), "%04d-12-31", year);
    list = xcalloc(LIST_MAX, sizeof(*list));
    rc = db_query_start(db, &Q_OVERRIDES_YEAR, &st, "ss", from, to);
    while (db_next(st, &rc)) {
        struct calendar_stored_override *o = &list[count];
        const char *date = db_col_text(st, 0);
        const char *name = db_col_text(st, 2);
        const char *note = db_col_text(st, 3);
        if (count == LIST_MAX || !date || strlen(date) != 10 ||
            calendar_override_kind_parse(db_col_text(st, 1), &o->kind) != MC_OK) {
            log_error("stored calendar override %s is not valid", date ? date : "?");
            rc = MC_ERR_INTERNAL;
            break;
        }
        snprintf(o->date, sizeof(o->date), "%s", date);
        snprintf(o->name, sizeof(o->name), "%s", name ? name : "");
        snprintf(o->note, sizeof(o->note), "%s", note ? note : "");
        count++;
    }
out:
    db_done(st);
    if (rc == MC_OK) {
        *out = list;
        *n = count;
    } else {
        free(list);
    }
    return rc;
}

struct override_ctx {
    const struct audit_actor *who;
    const char *date, *kind, *name, *note;
};

static enum mc_status put_override(struct db *db, void *arg)
{
    struct override_ctx *c = arg;
    char detail[96];
    enum mc_status rc = db_run(db, &Q_OVERRIDE_PUT, NULL, "ssssii", c->date, c->kind,
                               c->name, c->note, clock_now(),
                               c->who ? c->who->user_id : (int64_t)0);
    snprintf(detail, sizeof(detail), "{\"kind\":\"%s\"}", c->kind);
    return audit_record_if(rc, db, c->who, "calendar.override", detail, "calendar:%s", c->date);
}

enum mc_status calendar_save_override(struct db *db, const struct audit_actor *who,
                                      const char *date, const char *kind, const char *name,
                                      const char *note)
{
    struct calendar scratch;
    struct override_ctx c = {who, date, kind, name ? name : "", note ? note : ""};
    enum mc_status rc = MC_ERR_INVALID;
    calendar_init(&scratch);
    if (!date || !kind || !text_utf8_valid(c.name, strlen(c.name)) ||
        !text_utf8_valid(c.note, strlen(c.note)))
        goto out;
    if (strlen(c.note) > CALENDAR_NOTE_MAX) {
        rc = MC_ERR_TOO_LARGE;
        goto out;
    }
    /* The calendar's own checks: date shape, kind code, name length. */
    if ((rc = calendar_add_override_row(&scratch, date, kind, c.name)) != MC_OK)
        goto out;
    rc = db_tx(db, put_override, &c);
out:
    calendar_release(&scratch);
    return rc;
}

static enum mc_status delete_override(struct db *db, void *arg)
{
    struct override_ctx *c = arg;
    enum mc_status rc = db_change(db, &Q_OVERRIDE_DELETE, MC_ERR_NOT_FOUND, "s", c->date);
    return audit_record_if(rc, db, c->who, "calendar.override_delete", NULL, "calendar:%s",
                           c->date);
}

enum mc_status calendar_delete_override(struct db *db, const struct audit_actor *who,
                                        const char *date)
{
    struct override_ctx c = {who, date, NULL, NULL, NULL};
    int32_t d;
    if (!date || calendar_date_parse(date, &d) != MC_OK)
        return MC_ERR_INVALID;
    return db_tx(db, delete_override, &c);
}

struct hours_ctx {
    const struct audit_actor *who;
    const struct calendar_period *p;
    size_t n;
};

static enum mc_status put_hours(struct db *db, void *arg)
{
    struct hours_ctx *c = arg;
    enum mc_status rc = db_run(db, &Q_HOURS_CLEAR, NULL, "");
    for (size_t i = 0; rc == MC_OK && i < c->n; i++)
        rc = db_run(db, &Q_HOURS_PUT, NULL, "iii", (int64_t)i, (int64_t)c->p[i].start_min,
                    (int64_t)c->p[i].end_min);
    if (rc == MC_OK)
        rc = audit_record(db, c->who, "calendar.hours", "calendar:hours", NULL);
    return rc;
}

enum mc_status calendar_save_hours(struct db *db, const struct audit_actor *who,
                                   const struct calendar_period *p, size_t n)
{
    struct calendar scratch;
    struct hours_ctx c = {who, p, n};
    enum mc_status rc = MC_OK;
    calendar_init(&scratch);
    if (n > 0 && (rc = calendar_set_hours(&scratch, p, n)) != MC_OK)
        goto out;
    rc = db_tx(db, put_hours, &c);
out:
    calendar_release(&scratch);
    return rc;
}
