/*
 * dossier_remind.c - the daily messages about dossiers (see dossier.h,
 * dossier_remind_daily): the applicant's appointment tomorrow, each
 * officer's digest of dossiers due soon and overdue, and the escalation of
 * an agency's overdue dossiers to its leaders.  Each message is queued in
 * one transaction with its claim in notify_once (domain/notify/notify_once.h),
 * so the job may run every few minutes on every server: a message goes
 * once a day.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "domain/dossier/dossier-int.h"
#include "core/clock.h"
#include "core/config.h"
#include "core/log.h"
#include "core/mem.h"
#include "core/seal.h"
#include "core/vnfmt.h"
#include "domain/calendar/calendar.h"
#include "domain/notify/notify.h"
#include "domain/notify/notify_once.h"
#include "domain/notify/notify_templates.h"
#include "domain/units/unit.h"

#define REMIND_BATCH 200        /* dossiers per query of the appointment reminders */
#define DIGEST_MAX_ROWS 5000    /* open dossiers one run looks at for the digests */
#define DIGEST_MAX_LINES 20     /* lines of a digest's list; the rest are counted */

/* Native dossiers with the appointment (the Mẫu 04 date when there is one) in [?1, ?2). */
static const struct db_query Q_TOMORROW = {
    "dossier.remind_tomorrow",
    "SELECT id FROM dossiers WHERE origin = 'native' AND status IN (2, 4, 6, 9)"
    " AND COALESCE(apology_due_at, due_at) >= ?1 AND COALESCE(apology_due_at, due_at) < ?2"
    " AND id > ?3 ORDER BY id LIMIT ?4",
};
/* Open dossiers whose deadline is before ?1 (now plus one working day). */
static const struct db_query Q_OPEN_DUE = {
    "dossier.remind_open_due",
    "SELECT d.code, d.procedure_name, d.procedure_code, d.deadline_at, d.agency_code,"
    " COALESCE(d.assignee_id, 0), COALESCE(u.full_name, '') FROM dossiers d"
    " LEFT JOIN users u ON u.id = d.assignee_id WHERE d.origin = 'native'"
    " AND d.status IN (2, 4, 6) AND d.deadline_at <= ?1 ORDER BY d.deadline_at, d.id LIMIT ?2",
};
static const struct db_query Q_STAFF_CONTACT = {
    "dossier.remind_staff_contact",
    "SELECT full_name, COALESCE(email, ''), COALESCE(phone, '') FROM users"
    " WHERE id = ?1 AND disabled = 0",
};
static const struct db_query Q_LEADERS = {
    "dossier.remind_leaders",
    "SELECT u.id FROM user_roles r JOIN users u ON u.id = r.user_id"
    " WHERE r.role = 'approver' AND r.agency_code = ?1 AND u.disabled = 0 ORDER BY u.id",
};

/* ---------------------------------------------------------------- appointment tomorrow */

struct tomorrow_tx {
    int64_t id;
    const char *day;
    bool queued;
};

static enum mc_status tomorrow_one(struct db *db, void *arg)
{
    struct tomorrow_tx *t = arg;
    struct dossier *d = xcalloc(1, sizeof(*d));
    struct config cfg;
    char when[VNFMT_SIZE], place[300] = "", link[400], money[VNFMT_SIZE];
    bool first = false;
    enum mc_status rc = dossier_load(db, t->id, d);
    if (rc == MC_OK)
        rc = notify_once_claim(db, "dossier.tomorrow", t->day, d->code, &first);
    if (rc != MC_OK || !first)
        goto out;
    config_init(&cfg);
    vnfmt_datetime(when, sizeof(when), d->apology_due_at ? d->apology_due_at : d->due_at);
    rc = agency_name(db, d->reception_code[0] ? d->reception_code : d->agency_code, place,
                     sizeof(place));
    if (rc != MC_OK)
        goto out;
    if (!place[0])
        snprintf(place, sizeof(place), "bộ phận một cửa");
    snprintf(link, sizeof(link), "%s/ho-so/%s", cfg.public_url, d->code);
    const char *values[] = {d->code, d->procedure_name[0] ? d->procedure_name
                                                          : d->procedure_code,
                            place, vnfmt_money(money, sizeof(money), d->fee_dong), when, link};
    rc = dossier_notify_applicant(db, d, "dossier.tomorrow", "dossier.tomorrow", "", "", values,
                                  false);
    t->queued = rc == MC_OK;
out:
    dossier_release(d);
    free(d);
    return rc;
}

static enum mc_status remind_tomorrow(struct db *db, int64_t now, const char *day,
                                      int64_t *count)
{
    int64_t start = now - (now + CLOCK_VN_OFFSET) % 86400 + 86400;   /* tomorrow, 00:00 */
    int64_t ids[REMIND_BATCH], last = 0;
    size_t n;
    enum mc_status rc = MC_OK;
    do {
        struct db_stmt *st = NULL;
        n = 0;
        rc = db_query_start(db, &Q_TOMORROW, &st, "iiii", start, start + 86400, last,
                            (int64_t)REMIND_BATCH);
        while (n < REMIND_BATCH && db_next(st, &rc))
            ids[n++] = db_col_int64(st, 0);
        db_done(st);
        for (size_t i = 0; rc == MC_OK && i < n; i++) {
            struct tomorrow_tx t = {ids[i], day, false};
            rc = db_tx(db, tomorrow_one, &t);
            if (rc == MC_OK && t.queued)
                (*count)++;
            last = ids[i];
        }
    } while (rc == MC_OK && n == REMIND_BATCH);
    return rc;
}

/* ---------------------------------------------------------------- digests */

struct due_row {
    char code[DOSSIER_CODE_MAX];
    char name[DOSSIER_NAME_MAX + 1];
    char agency[DOSSIER_REF_MAX + 1];
    char officer[256];
    int64_t deadline, assignee;
};

static int by_assignee(const void *a, const void *b)
{
    const struct due_row *x = a, *y = b;
    if (x->assignee != y->assignee)
        return x->assignee < y->assignee ? -1 : 1;
    return x->deadline < y->deadline ? -1 : x->deadline > y->deadline;
}

static int by_agency(const void *a, const void *b)
{
    const struct due_row *x = a, *y = b;
    int c = strcmp(x->agency, y->agency);
    if (c)
        return c;
    return x->deadline < y->deadline ? -1 : x->deadline > y->deadline;
}

/* One line of a list: "- CODE (procedure)[, officer]: quá hạn từ ... | hạn ...". */
static void add_line(struct buf *b, const struct due_row *r, int64_t now, bool officer)
{
    char when[VNFMT_SIZE];
    vnfmt_datetime(when, sizeof(when), r->deadline);
    buf_addf(b, "- %s (%s)", r->code, r->name);
    if (officer)
        buf_addf(b, ", %s", r->officer[0] ? r->officer : "chưa phân công");
    buf_addf(b, ": %s %s\n", r->deadline < now ? "quá hạn từ" : "hạn", when);
}

/* A staff member's name, email and phone (opened); *found false for a disabled account. */
static enum mc_status staff_contact(struct db *db, int64_t id, char name[256], char email[256],
                                    char phone[64], bool *found)
{
    struct db_stmt *st = NULL;
    enum mc_status rc = db_get_row(db, &Q_STAFF_CONTACT, &st, "i", id);
    *found = rc == MC_OK;
    if (rc == MC_OK) {
        db_col_copy(st, 0, name, 256);
        rc = seal_col_open(st, 1, email, 256);
        if (rc == MC_OK)
            rc = seal_col_open(st, 2, phone, 64);
    }
    db_done(st);
    return rc == MC_ERR_NOT_FOUND ? MC_OK : rc;
}

struct staff_msg {
    const char *topic, *day;
    int64_t user_id;
    const char *who;               /* the claim's key */
    const char *const *values;     /* the template's, danh_sach at list_at */
    size_t list_at;
    bool queued;
};

/* Claim and queue one digest or escalation (email, else SMS without the list). */
static enum mc_status staff_msg_tx(struct db *db, void *arg)
{
    struct staff_msg *m = arg;
    char name[256] = "", email[256] = "", phone[64] = "";
    const char *values[8];
    struct buf subject, body;
    bool first = false, found = false, edited = false;
    enum mc_status rc = staff_contact(db, m->user_id, name, email, phone, &found);
    m->queued = false;
    if (rc != MC_OK || !found || (!email[0] && !phone[0]))
        return rc;
    rc = notify_once_claim(db, m->topic, m->day, m->who, &first);
    if (rc != MC_OK || !first)
        return rc;
    for (size_t i = 0; i < 8 && m->values[i]; i++)
        values[i] = i == 0 ? name : m->values[i];
    if (!email[0])   /* an SMS names the counts; the list is on the platform */
        values[m->list_at] = "";
    buf_init(&subject, NOTIFY_SUBJECT_MAX);
    buf_init(&body, NOTIFY_BODY_MAX);
    rc = notify_template_render(db, m->topic, values, !email[0], &subject, &body, &edited);
    struct notify_opts o = {.user_id = m->user_id};
    if (rc == MC_OK)
        rc = notify_enqueue_ex(db, email[0] ? NOTIFY_EMAIL : NOTIFY_SMS, email[0] ? email : phone,
                               buf_cstr(&subject), buf_cstr(&body), m->topic, &o);
    if (rc == MC_ERR_INVALID || rc == MC_ERR_TOO_LARGE) {
        log_warn("%s for user %lld not queued", m->topic, (long long)m->user_id);
        rc = MC_OK;
    } else if (rc == MC_OK) {
        m->queued = true;
    }
    buf_release(&subject);
    buf_release(&body);
    return rc;
}

static enum mc_status load_due_rows(struct db *db, int64_t until, struct due_row **out,
                                    size_t *n)
{
    struct db_stmt *st = NULL;
    struct due_row *rows = NULL;
    size_t cap = 0;
    *n = 0;
    enum mc_status rc = db_query_start(db, &Q_OPEN_DUE, &st, "ii", until,
                                       (int64_t)DIGEST_MAX_ROWS);
    while (db_next(st, &rc)) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 64;
            rows = xrealloc(rows, cap * sizeof(*rows));
        }
        struct due_row *r = &rows[(*n)++];
        db_col_copy(st, 0, r->code, sizeof(r->code));
        db_col_copy(st, 1, r->name, sizeof(r->name));
        if (!r->name[0])
            db_col_copy(st, 2, r->name, sizeof(r->name));
        r->deadline = db_col_int64(st, 3);
        db_col_copy(st, 4, r->agency, sizeof(r->agency));
        r->assignee = db_col_int64(st, 5);
        db_col_copy(st, 6, r->officer, sizeof(r->officer));
    }
    db_done(st);
    *out = rows;
    return rc;
}

/* Queue m (staff_msg_tx) and count it in *count when it was queued. */
static enum mc_status send_staff_msg(struct db *db, struct staff_msg *m, int64_t *count)
{
    enum mc_status rc = db_tx(db, staff_msg_tx, m);
    if (rc == MC_OK && m->queued)
        (*count)++;
    return rc;
}

/* What the day's digests and escalations share. */
struct sending {
    struct db *db;
    int64_t now;
    const char *day, *link;
    int64_t *count;
};

/* One assignee's digest, from its rows g[0..n). */
static enum mc_status digest(const struct sending *s, const struct due_row *g, size_t n)
{
    int64_t over = 0, soon = 0;
    struct buf list;
    char who[32], so_over[24], so_soon[24];
    enum mc_status rc = MC_OK;
    buf_init(&list, NOTIFY_BODY_MAX / 2);
    for (size_t k = 0; k < n; k++) {
        if (g[k].deadline < s->now)
            over++;
        else
            soon++;
        if (k < DIGEST_MAX_LINES)
            add_line(&list, &g[k], s->now, false);
    }
    if (n > DIGEST_MAX_LINES)
        buf_addf(&list, "… và %zu hồ sơ khác.\n", n - DIGEST_MAX_LINES);
    if (g[0].assignee > 0) {
        snprintf(who, sizeof(who), "u%lld", (long long)g[0].assignee);
        snprintf(so_over, sizeof(so_over), "%lld", (long long)over);
        snprintf(so_soon, sizeof(so_soon), "%lld", (long long)soon);
        const char *values[] = {"", so_over, so_soon, buf_cstr(&list), s->link, NULL};
        struct staff_msg m = {"officer.digest", s->day, g[0].assignee, who, values, 3, false};
        rc = send_staff_msg(s->db, &m, s->count);
    }
    buf_release(&list);
    return rc;
}

/* One agency's escalation, from its rows g[0..n): the overdue ones, to its approvers. */
static enum mc_status escalation(const struct sending *s, const struct due_row *g, size_t n)
{
    size_t over = 0;
    struct buf list;
    struct db_stmt *st = NULL;
    int64_t leaders[32];
    size_t nl = 0;
    char agency[300] = "", so_over[24];
    enum mc_status rc = MC_OK;
    buf_init(&list, NOTIFY_BODY_MAX / 2);
    for (size_t k = 0; k < n; k++) {
        if (g[k].deadline < s->now && over++ < DIGEST_MAX_LINES)
            add_line(&list, &g[k], s->now, true);
    }
    if (over > DIGEST_MAX_LINES)
        buf_addf(&list, "… và %zu hồ sơ khác.\n", over - DIGEST_MAX_LINES);
    if (over > 0) {
        rc = db_query_start(s->db, &Q_LEADERS, &st, "s", g[0].agency);
        while (nl < 32 && db_next(st, &rc))
            leaders[nl++] = db_col_int64(st, 0);
        db_done(st);
        if (rc == MC_OK)
            rc = agency_name(s->db, g[0].agency, agency, sizeof(agency));
    }
    snprintf(so_over, sizeof(so_over), "%zu", over);
    for (size_t k = 0; rc == MC_OK && k < nl; k++) {
        char who[160];
        snprintf(who, sizeof(who), "u%lld:%s", (long long)leaders[k], g[0].agency);
        const char *values[] = {"", agency[0] ? agency : g[0].agency, so_over,
                                buf_cstr(&list), s->link, NULL};
        struct staff_msg m = {"officer.escalation", s->day, leaders[k], who, values, 3, false};
        rc = send_staff_msg(s->db, &m, s->count);
    }
    buf_release(&list);
    return rc;
}

/*
 * Sort rows by the comparator by (its first key, then the deadline) and
 * call send on each group of rows sharing that first key.
 */
static enum mc_status each_group(const struct sending *s, struct due_row *rows, size_t n,
                                 int (*by)(const void *, const void *),
                                 bool (*same)(const struct due_row *, const struct due_row *),
                                 enum mc_status (*send)(const struct sending *,
                                                        const struct due_row *, size_t))
{
    enum mc_status rc = MC_OK;
    if (n > 1)
        qsort(rows, n, sizeof(*rows), by);
    for (size_t i = 0, j; rc == MC_OK && i < n; i = j) {
        for (j = i + 1; j < n && same(&rows[i], &rows[j]); j++)
            ;
        rc = send(s, rows + i, j - i);
    }
    return rc;
}

static bool same_assignee(const struct due_row *x, const struct due_row *y)
{
    return x->assignee == y->assignee;
}

static bool same_agency(const struct due_row *x, const struct due_row *y)
{
    return strcmp(x->agency, y->agency) == 0;
}

enum mc_status dossier_remind_daily(const struct dossier_env *env, int64_t now,
                                    struct dossier_remind_result *out)
{
    struct dossier_remind_result r = {0, 0, 0};
    struct due_row *rows = NULL;
    struct config cfg;
    size_t n = 0;
    char day[11], link[400];
    int64_t soon = 0;
    struct sending digests = {env->db, now, day, link, &r.digests};
    struct sending escalations = {env->db, now, day, link, &r.escalations};
    enum mc_status rc = MC_OK;
    if ((now + CLOCK_VN_OFFSET) % 86400 < DOSSIER_REMIND_HOUR * 3600)
        goto out;   /* nobody is told anything before the working day starts */
    notify_local_day(now, day);
    config_init(&cfg);
    snprintf(link, sizeof(link), "%s/quan-tri/ho-so", cfg.public_url);
    rc = notify_once_sweep(env->db, now);
    if (rc == MC_OK)
        rc = remind_tomorrow(env->db, now, day, &r.tomorrow);
    if (rc == MC_OK)
        rc = calendar_due(env->cal, now, 1, CALENDAR_UNIT_WORKING_DAYS, &soon);
    if (rc == MC_OK)
        rc = load_due_rows(env->db, soon, &rows, &n);
    if (rc == MC_OK)   /* the officers' digests */
        rc = each_group(&digests, rows, n, by_assignee, same_assignee, digest);
    if (rc == MC_OK)   /* the leaders' escalations: overdue rows of each agency */
        rc = each_group(&escalations, rows, n, by_agency, same_agency, escalation);
out:
    free(rows);
    if (out)
        *out = r;
    return rc;
}
