/*
 * dossier_list.c - lists and officer queues, and the deadline job
 * (see dossier.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include "core/clock.h"
#include "core/db_row.h"
#include "core/log.h"
#include "core/mem.h"
#include "core/text.h"
#include "domain/dossier/dossier-int.h"

#define S(x) (1u << (x))
#define ALL_STATUSES 0x7fe            /* bits 1..10 */
#define RUNNING (S(2) | S(4) | S(6))  /* the clock runs */
#define SWEEP_BATCH 500

/*
 * The filters every list shares, bound the same way in every statement
 * below: ?1 applicant (0 = any), ?2 agency or desk (NULL = any), ?3 status
 * bits, ?4 step (-1 = any), ?5 procedure, ?6 channel, ?7/?8 submitted from/to,
 * ?9/?10 deadline at most/after, ?11 native only, ?12 LIKE pattern, ?13 by
 * deadline, ?14 limit, ?15 offset, ?16/?17 keyset: ids below ?16 and above
 * ?17 only (a page after or before the one the officer looked at).
 *
 * A statement written with "?n = 0 OR column = ?n" cannot use an index
 * for that column, so each statement below leads with the terms an index
 * answers (the applicant, the agency, the id range) and keeps the others
 * as filters; none of them counts or skips rows it need not read
 * (docs/internals/dossier.md, "Lists at province scale").
 */
#define LIST_FILTERS                                                                   \
    " AND (?1 = 0 OR d.applicant_id = ?1)"                                             \
    " AND (?2 IS NULL OR d.agency_code = ?2 OR d.reception_code = ?2)"                 \
    " AND ((?3 >> d.status) & 1) = 1 AND (?4 < 0 OR d.step = ?4)"                      \
    " AND (?5 IS NULL OR d.procedure_code = ?5) AND (?6 = 0 OR d.channel = ?6)"        \
    " AND (?7 = 0 OR COALESCE(d.submitted_at, d.received_at) >= ?7)"                   \
    " AND (?8 = 0 OR COALESCE(d.submitted_at, d.received_at) < ?8)"                    \
    " AND (?9 = 0 OR d.deadline_at <= ?9) AND (?10 = 0 OR d.deadline_at > ?10)"        \
    " AND (?11 = 0 OR d.origin = 'native')"                                              \
    " AND (?12 IS NULL OR d.search_text LIKE ?12) AND ?13 = ?13"
/* The keyset terms; KEYSET_OFF where the statement pages by offset (a unary
 * plus keeps the planner from walking the id range instead of its index). */
#define KEYSET " AND d.id < ?16 AND d.id > ?17"
#define KEYSET_OFF " AND +d.id < ?16 AND +d.id > ?17"

#define LIST_COLS                                                                      \
    "d.id, d.code, d.procedure_code, d.procedure_name, d.agency_code,"                 \
    " d.contact_name, d.channel, d.status, d.step, d.submitted_at, d.received_at,"     \
    " d.due_at, d.deadline_at, d.apology_due_at, d.version, " DOSSIER_IDX_COLS_OF("d.")
#define LIST_IDX_FIRST 15   /* the column where LIST_COLS's DOSSIER_IDX_COLS start */

/* The number of rows up to the page's end (typed: PostgreSQL cannot add two
 * parameters of unknown type). */
#define PAGE_END "CAST(?14 AS BIGINT) + CAST(?15 AS BIGINT)"

/* Rows of the whole province (no agency), walking the table by id. */
#define SCAN_SQL(cols, dir)                                                            \
    "SELECT " cols " FROM dossiers d WHERE 1 = 1" LIST_FILTERS KEYSET                  \
    " ORDER BY d.id " dir " LIMIT ?14 OFFSET ?15"
/*
 * An agency's rows: those it decides (index dossiers_agency_id) and those
 * its desk received for another agency (dossiers_reception_id), each arm
 * read in id order up to the page's end, then merged.
 */
#define AGENCY_SQL(cols, dir)                                                          \
    "SELECT * FROM (SELECT " cols " FROM dossiers d WHERE d.agency_code = ?2"          \
    LIST_FILTERS KEYSET " ORDER BY d.id " dir " LIMIT " PAGE_END ") a"                  \
    " UNION ALL SELECT * FROM (SELECT " cols " FROM dossiers d"                        \
    " WHERE d.reception_code = ?2 AND d.agency_code <> ?2" LIST_FILTERS KEYSET         \
    " ORDER BY d.id " dir " LIMIT " PAGE_END ") r"                                      \
    " ORDER BY 1 " dir " LIMIT ?14 OFFSET ?15"
/* The statuses of ?3 as a list (a bit not set gives NULL, which matches nothing),
 * for the index dossiers_agency (agency_code, status, id). */
#define BIT(n) "CASE WHEN ((?3 >> " #n ") & 1) = 1 THEN " #n " END"
#define STATUS_IN                                                                      \
    " AND d.status IN (" BIT(0) ", " BIT(1) ", " BIT(2) ", " BIT(3) ", " BIT(4) ", "   \
    BIT(5) ", " BIT(6) ", " BIT(7) ", " BIT(8) ", " BIT(9) ", " BIT(10) ")"
/*
 * An agency's rows of a queue of open statuses only (to receive, process,
 * approve, return): read by status (dossiers_agency, dossiers_reception),
 * then sorted (the unary plus keeps the planner from walking the id index
 * for its order), so a filter that few of them match does not walk the
 * agency's whole history by id looking for a page of them.
 */
#define AGENCY_OPEN_SQL(cols, dir)                                                     \
    "SELECT * FROM (SELECT " cols " FROM dossiers d WHERE d.agency_code = ?2" STATUS_IN \
    LIST_FILTERS KEYSET_OFF " ORDER BY +d.id " dir " LIMIT " PAGE_END ") a"             \
    " UNION ALL SELECT * FROM (SELECT " cols " FROM dossiers d"                        \
    " WHERE d.reception_code = ?2 AND d.agency_code <> ?2" STATUS_IN LIST_FILTERS      \
    KEYSET_OFF " ORDER BY +d.id " dir " LIMIT " PAGE_END ") r"                          \
    " ORDER BY 1 " dir " LIMIT ?14 OFFSET ?15"
/* Statuses a dossier leaves again: a queue of these holds few of the agency's rows. */
#define OPEN_STATUSES (S(1) | S(2) | S(4) | S(5) | S(6) | S(9))
/* An applicant's own rows (index dossiers_applicant). */
#define MINE_SQL(cols)                                                                 \
    "SELECT " cols " FROM dossiers d WHERE d.applicant_id = ?1" LIST_FILTERS KEYSET_OFF\
    " ORDER BY d.id DESC LIMIT ?14 OFFSET ?15"
/* The queues of deadlines: running native dossiers (index dossiers_deadline). */
#define DEADLINE_SQL(cols)                                                             \
    "SELECT " cols " FROM dossiers d WHERE d.origin = 'native'"                        \
    " AND d.status IN (2, 4, 6) AND d.deadline_at <= ?9" LIST_FILTERS KEYSET_OFF       \
    " ORDER BY d.deadline_at, d.id DESC LIMIT ?14 OFFSET ?15"

static const struct db_query Q_LIST_SCAN = {"dossier.list_scan", SCAN_SQL(LIST_COLS, "DESC")};
static const struct db_query Q_LIST_SCAN_UP = {"dossier.list_scan_up",
                                               SCAN_SQL(LIST_COLS, "ASC")};
static const struct db_query Q_LIST_AGENCY = {"dossier.list_agency",
                                              AGENCY_SQL(LIST_COLS, "DESC")};
static const struct db_query Q_LIST_AGENCY_UP = {"dossier.list_agency_up",
                                                 AGENCY_SQL(LIST_COLS, "ASC")};
static const struct db_query Q_LIST_AGENCY_OPEN = {"dossier.list_agency_open",
                                                   AGENCY_OPEN_SQL(LIST_COLS, "DESC")};
static const struct db_query Q_LIST_AGENCY_OPEN_UP = {"dossier.list_agency_open_up",
                                                      AGENCY_OPEN_SQL(LIST_COLS, "ASC")};
static const struct db_query Q_LIST_MINE = {"dossier.list_mine", MINE_SQL(LIST_COLS)};
static const struct db_query Q_LIST_DEADLINE = {"dossier.list_deadline",
                                                DEADLINE_SQL(LIST_COLS)};
/* The counts: the same rows, at most ?14 of them (DOSSIER_COUNT_MAX + 1). */
static const struct db_query Q_COUNT_SCAN = {
    "dossier.count_scan", "SELECT COUNT(*) FROM (" SCAN_SQL("d.id", "DESC") ") c",
};
/*
 * An agency's count reads its rows of the statuses asked through
 * dossiers_agency (agency_code, status, id) and dossiers_reception: the
 * statuses of ?3 as a list (a bit not set gives NULL, which matches
 * nothing), so a queue of running dossiers counts them and not the
 * agency's whole history; no order, so each arm stops at ?14 rows.
 */
static const struct db_query Q_COUNT_AGENCY = {
    "dossier.count_agency",
    "SELECT (SELECT COUNT(*) FROM (SELECT d.id FROM dossiers d WHERE d.agency_code = ?2"
    STATUS_IN LIST_FILTERS KEYSET " LIMIT ?14 OFFSET ?15) a)"
    " + (SELECT COUNT(*) FROM (SELECT d.id FROM dossiers d WHERE d.reception_code = ?2"
    " AND d.agency_code <> ?2" STATUS_IN LIST_FILTERS KEYSET " LIMIT ?14 OFFSET ?15) r)",
};
static const struct db_query Q_COUNT_MINE = {
    "dossier.count_mine", "SELECT COUNT(*) FROM (" MINE_SQL("d.id") ") c",
};
static const struct db_query Q_COUNT_DEADLINE = {
    "dossier.count_deadline", "SELECT COUNT(*) FROM (" DEADLINE_SQL("d.id") ") c",
};

void dossier_page_init(struct dossier_page *p)
{
    memset(p, 0, sizeof(*p));
}

void dossier_page_release(struct dossier_page *p)
{
    free(p->items);
    dossier_page_init(p);
}

/* The bound values of LIST_WHERE for one call. */
struct list_args {
    int64_t applicant;
    const char *agency;
    int64_t mask, step;
    const char *procedure;
    int64_t channel, from, to, deadline_max, deadline_min, native_only;
    const char *text;            /* "%folded words%", or NULL */
    int64_t by_deadline;
};

/* The LIKE pattern of a search text: its folding between '%', or NULL when empty. */
static enum mc_status text_pattern(const char *q, struct buf *out)
{
    size_t n = q ? strlen(q) : 0;
    enum mc_status rc;
    if (n == 0)
        return MC_OK;
    if (n > 200)
        return MC_ERR_INVALID;
    buf_addch(out, '%');
    rc = text_fold(q, n, out);
    if (rc == MC_OK && out->len == 1)
        buf_reset(out);   /* only punctuation: no filter */
    else
        buf_addch(out, '%');
    return rc == MC_OK ? buf_status(out) : rc;
}

static enum mc_status scope(const struct user *u, const struct dossier_filter *f,
                            struct list_args *a)
{
    if (!u)
        return MC_ERR_FORBIDDEN;
    if (u->kind != USER_STAFF) {
        if (f->queue != DOSSIER_Q_ALL && f->queue != DOSSIER_Q_MINE)
            return MC_ERR_FORBIDDEN;
        a->applicant = u->id;
        return MC_OK;
    }
    if (f->queue == DOSSIER_Q_MINE)
        return MC_ERR_FORBIDDEN;
    if (u->roles & ROLE_PROVINCE_ADMIN) {
        a->agency = f->agency_code && *f->agency_code ? f->agency_code : NULL;
        return MC_OK;
    }
    if (!u->agency_code[0])
        return MC_ERR_FORBIDDEN;
    a->agency = u->agency_code;
    return MC_OK;
}

static enum mc_status queue_args(const struct dossier_env *env, const struct dossier_filter *f,
                                 int64_t now, struct list_args *a)
{
    int64_t soon = 0;
    a->mask = ALL_STATUSES;
    a->step = -1;
    switch (f->queue) {
    case DOSSIER_Q_ALL:
    case DOSSIER_Q_MINE:
        break;
    case DOSSIER_Q_TO_RECEIVE:
        a->mask = S(1);
        break;
    case DOSSIER_Q_TO_PROCESS:
        a->mask = S(2) | S(4);
        a->step = DOSSIER_STEP_NONE;
        break;
    case DOSSIER_Q_TO_APPROVE:
        a->mask = S(4);
        a->step = DOSSIER_STEP_AWAITING_APPROVAL;
        break;
    case DOSSIER_Q_TO_RETURN:
        a->mask = S(9);
        break;
    case DOSSIER_Q_DUE_SOON:
        if (calendar_due(env->cal, now, 1, CALENDAR_UNIT_WORKING_DAYS, &soon) != MC_OK)
            return MC_ERR_INVALID;
        a->mask = RUNNING;
        a->deadline_min = now;
        a->deadline_max = soon;
        a->native_only = 1;
        a->by_deadline = 1;
        break;
    case DOSSIER_Q_OVERDUE:
        a->mask = RUNNING;
        a->deadline_max = now - 1;
        a->native_only = 1;
        a->by_deadline = 1;
        break;
    default:
        return MC_ERR_INVALID;
    }
    return MC_OK;
}

/* Late now by the index rules (DESIGN.md §3), from the row's DOSSIER_IDX_COLS. */
static bool row_late(struct db_stmt *st, int64_t now)
{
    struct dossier tmp;
    struct idx_dossier d;
    struct idx_dossier_counts c;
    struct idx_period p = {IDX_PERIOD_RANGE, 0, now + 1};
    dossier_init(&tmp);
    dossier_idx_read_cols(st, LIST_IDX_FIRST, &tmp);
    dossier_to_idx(&tmp, &d);
    return idx_dossier_classify(&d, &p, now, &c) == MC_OK && c.late;
}

/* The columns of LIST_COLS before LIST_IDX_FIRST, in order. */
static const struct db_field DOSSIER_ROW_FIELDS[] = {
    DB_INT64(struct dossier_row, id),
    DB_TEXT(struct dossier_row, code),
    DB_TEXT(struct dossier_row, procedure_code),
    DB_TEXT(struct dossier_row, procedure_name),
    DB_TEXT(struct dossier_row, agency_code),
    DB_SKIP(struct dossier_row, contact_name),   /* "" in one's own list */
    DB_INT(struct dossier_row, channel),
    DB_INT(struct dossier_row, status),
    DB_INT(struct dossier_row, step),
    DB_INT64(struct dossier_row, submitted_at),
    DB_INT64(struct dossier_row, received_at),
    DB_INT64(struct dossier_row, due_at),
    DB_INT64(struct dossier_row, deadline_at),
    DB_INT64(struct dossier_row, apology_due_at),
    DB_INT64(struct dossier_row, version),
};

static void read_row(struct db_stmt *st, bool mine, int64_t now, struct dossier_row *r)
{
    DB_ROW_READ(st, r, DOSSIER_ROW_FIELDS);
    snprintf(r->contact_name, sizeof(r->contact_name), "%s", mine ? "" : db_col_text(st, 5));
    r->late = row_late(st, now);
}

/* Bind a's filters and the paging values to q and start it. */
static enum mc_status start(struct db *db, const struct db_query *q, const struct list_args *a,
                            int64_t limit, int64_t offset, int64_t below, int64_t above,
                            struct db_stmt **st)
{
    return db_query_start(db, q, st, "isiisiiiiiisiiiii", a->applicant, a->agency, a->mask,
                          a->step, a->procedure, a->channel, a->from, a->to,
                          a->deadline_max, a->deadline_min, a->native_only, a->text,
                          a->by_deadline, limit, offset, below, above);
}

enum mc_status dossier_list(const struct dossier_env *env, const struct user *actor,
                            const struct dossier_filter *f, struct dossier_page *out)
{
    struct list_args a;
    struct buf pattern;
    struct db_stmt *st = NULL;
    const struct db_query *list, *count;
    int64_t now = clock_now();
    int64_t below = INT64_MAX, above = 0, offset;
    size_t limit = f->limit ? f->limit : DOSSIER_PAGE_DEFAULT;
    bool mine, up = false;
    enum mc_status rc;
    memset(&a, 0, sizeof(a));
    buf_init(&pattern, BUF_MAX_LINE);
    dossier_page_release(out);
    if ((rc = scope(actor, f, &a)) != MC_OK || (rc = queue_args(env, f, now, &a)) != MC_OK)
        goto out;
    if (f->status < 0 || f->status > 10 || f->channel < 0 || f->channel > 3 || f->from < 0 ||
        f->to < 0 || f->offset > 1000000 || f->below_id < 0 || f->above_id < 0) {
        rc = MC_ERR_INVALID;
        goto out;
    }
    if (f->status)
        a.mask &= S(f->status);
    a.procedure = f->procedure_code && *f->procedure_code ? f->procedure_code : NULL;
    a.channel = f->channel;
    a.from = f->from;
    a.to = f->to;
    if ((rc = text_pattern(f->text, &pattern)) != MC_OK) {
        rc = MC_ERR_INVALID;
        goto out;
    }
    a.text = pattern.len ? buf_cstr(&pattern) : NULL;
    if (limit > DOSSIER_PAGE_MAX)
        limit = DOSSIER_PAGE_MAX;
    mine = actor->kind != USER_STAFF;
    offset = (int64_t)f->offset;
    if (a.applicant) {
        list = &Q_LIST_MINE;
        count = &Q_COUNT_MINE;
    } else if (a.by_deadline) {
        list = &Q_LIST_DEADLINE;
        count = &Q_COUNT_DEADLINE;
    } else {
        /* Keyset paging: the rows after (below) or before (above) a row. */
        up = f->above_id > 0 && f->below_id == 0;
        if (f->below_id > 0)
            below = f->below_id;
        else if (up)
            above = f->above_id;
        if (f->below_id > 0 || up)
            offset = 0;
        if (a.agency && (a.mask & ~OPEN_STATUSES) == 0)
            list = up ? &Q_LIST_AGENCY_OPEN_UP : &Q_LIST_AGENCY_OPEN;
        else if (a.agency)
            list = up ? &Q_LIST_AGENCY_UP : &Q_LIST_AGENCY;
        else
            list = up ? &Q_LIST_SCAN_UP : &Q_LIST_SCAN;
        count = a.agency ? &Q_COUNT_AGENCY : &Q_COUNT_SCAN;
    }
    /* The count reads at most DOSSIER_COUNT_MAX + 1 rows of the whole list. */
    rc = start(env->db, count, &a, DOSSIER_COUNT_MAX + 1, 0, INT64_MAX, 0, &st);
    if (rc == MC_OK && db_next(st, &rc))
        out->total = db_col_int64(st, 0);
    db_done(st);
    st = NULL;
    if (rc == MC_OK && out->total > DOSSIER_COUNT_MAX) {
        out->total = DOSSIER_COUNT_MAX;
        out->total_capped = true;
    }
    /* One row more than the page says whether another page follows. */
    if (rc == MC_OK)
        rc = start(env->db, list, &a, (int64_t)limit + 1, offset, below, above, &st);
    if (rc == MC_OK)
        out->items = xcalloc(limit + 1, sizeof(*out->items));
    while (rc == MC_OK && out->n <= limit && db_next(st, &rc))
        read_row(st, mine, now, &out->items[out->n++]);
    if (rc == MC_OK && out->n > limit) {
        out->n = limit;
        out->more = true;
    }
    if (rc == MC_OK && up) {
        /* Read upward from the row: newest first again. */
        for (size_t i = 0; i < out->n / 2; i++) {
            struct dossier_row t = out->items[i];
            out->items[i] = out->items[out->n - 1 - i];
            out->items[out->n - 1 - i] = t;
        }
    }
out:
    db_done(st);
    buf_release(&pattern);
    return rc;
}

/* ---------------------------------------------------------------- deadline job */

/* Open native dossiers past their deadline not marked yet, through the
 * partial index dossiers_overdue_todo (0036), which holds only those still
 * to mark: "+id" keeps SQLite from walking the whole table in id order to
 * fill the LIMIT instead. */
static const struct db_query Q_OVERDUE_IDS = {
    "dossier.overdue_ids",
    "SELECT id FROM dossiers WHERE origin = 'native' AND status IN (2, 4, 6)"
    " AND deadline_at < ?1 AND overdue_marked = 0 ORDER BY +id LIMIT ?2",
};
static const struct db_query Q_DUE_SOON_IDS = {
    "dossier.due_soon_ids",
    "SELECT id FROM dossiers WHERE origin = 'native' AND status IN (2, 4, 6)"
    " AND deadline_at >= ?1 AND deadline_at <= ?2 AND due_soon_marked = 0"
    " ORDER BY id LIMIT ?3",
};
static const struct db_query Q_MARK_OVERDUE = {
    "dossier.mark_overdue",
    "UPDATE dossiers SET overdue_marked = 1, due_soon_marked = 1 WHERE id = ?1"
    " AND overdue_marked = 0 AND status IN (2, 4, 6) AND deadline_at < ?2"
    " RETURNING code, status",
};
static const struct db_query Q_MARK_DUE_SOON = {
    "dossier.mark_due_soon",
    "UPDATE dossiers SET due_soon_marked = 1 WHERE id = ?1 AND due_soon_marked = 0"
    " AND status IN (2, 4, 6) AND deadline_at >= ?2 AND deadline_at <= ?3"
    " RETURNING code, status",
};

struct mark_ctx {
    int64_t id, now, soon;
    bool overdue;
    bool marked;
};

/* One mark: the guarded update (no version bump: pages stay valid), event, audit. */
static enum mc_status mark_tx(struct db *db, void *arg)
{
    struct mark_ctx *c = arg;
    struct db_stmt *st = NULL;
    char code[DOSSIER_CODE_MAX];
    int status = 0;
    const char *action = c->overdue ? "overdue" : "due_soon";
    enum mc_status rc = c->overdue
        ? db_query_start(db, &Q_MARK_OVERDUE, &st, "ii", c->id, c->now)
        : db_query_start(db, &Q_MARK_DUE_SOON, &st, "iii", c->id, c->now, c->soon);
    c->marked = false;
    if (db_next(st, &rc)) {
        db_col_copy(st, 0, code, sizeof(code));
        status = (int)db_col_int64(st, 1);
        c->marked = true;
    }
    if (c->marked && db_next(st, &rc))   /* finish the statement before the next one */
        rc = MC_ERR_INTERNAL;            /* the update is by id: one row at most */
    db_done(st);
    if (rc == MC_OK && c->marked)
        rc = dossier_event_add(db, c->id, NULL, status, status, action,
                               c->overdue ? "Hồ sơ đã quá hạn xử lý."
                                          : "Hồ sơ sắp đến hạn xử lý.", NULL, 0);
    if (rc == MC_OK && c->marked)
        rc = dossier_audit(db, NULL, "job", action, code, status, status);
    return rc;
}

static enum mc_status sweep(const struct dossier_env *env, bool overdue, int64_t now,
                            int64_t soon, int64_t *count)
{
    int64_t ids[SWEEP_BATCH];
    size_t n;
    enum mc_status rc = MC_OK;
    do {
        struct db_stmt *st = NULL;
        n = 0;
        rc = overdue ? db_query_start(env->db, &Q_OVERDUE_IDS, &st, "ii", now,
                                      (int64_t)SWEEP_BATCH)
                     : db_query_start(env->db, &Q_DUE_SOON_IDS, &st, "iii", now, soon,
                                      (int64_t)SWEEP_BATCH);
        while (n < SWEEP_BATCH && db_next(st, &rc))
            ids[n++] = db_col_int64(st, 0);
        db_done(st);
        for (size_t i = 0; rc == MC_OK && i < n; i++) {
            struct mark_ctx c = {ids[i], now, soon, overdue, false};
            rc = db_tx(env->db, mark_tx, &c);
            if (rc == MC_OK && c.marked)
                (*count)++;
        }
    } while (rc == MC_OK && n == SWEEP_BATCH);
    return rc;
}

enum mc_status dossier_sweep_deadlines(const struct dossier_env *env, int64_t now,
                                       struct dossier_sweep_result *out)
{
    struct dossier_sweep_result r = {0, 0};
    int64_t soon = 0;
    enum mc_status rc = calendar_due(env->cal, now, 1, CALENDAR_UNIT_WORKING_DAYS, &soon);
    if (rc == MC_OK)
        rc = sweep(env, true, now, soon, &r.overdue);
    if (rc == MC_OK)
        rc = sweep(env, false, now, soon, &r.due_soon);
    if (rc != MC_OK)
        log_error("deadline sweep failed: %s", mc_status_name(rc));
    if (out)
        *out = r;
    return rc;
}
