/*
 * feedback_query.c - lists for staff, the public search, statistics, the
 * league table and the 766 indicators (see feedback.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include "domain/feedback/feedback-int.h"
#include "core/array.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/db_row.h"
#include "core/mem.h"
#include "core/text.h"

#define LIST_FILTER \
    " WHERE (?1 = '' OR f.agency_code = ?1) AND (CASE ?2 WHEN 'open' THEN f.status IN" \
    " ('triage', 'received', 'assigned', 'need_info', 'drafted') WHEN 'all' THEN 1 = 1" \
    " ELSE f.status = ?2 END)"

static const struct db_query Q_LIST = {
    "feedback.list",
    "SELECT f.code, f.kind, f.category, f.status, f.title, COALESCE(f.agency_code, ''),"
    " COALESCE(a.name, ''), f.received_at, f.due_resolve, COALESCE(f.answered_at, 0),"
    " EXISTS (SELECT 1 FROM feedback_reminders r WHERE r.feedback_id = f.id)"
    " FROM feedback f LEFT JOIN agencies a ON a.code = f.agency_code" LIST_FILTER
    " ORDER BY f.due_resolve, f.id LIMIT ?3 OFFSET ?4",
};
static const struct db_query Q_LIST_COUNT = {
    "feedback.list_count",
    "SELECT COUNT(*) FROM feedback f" LIST_FILTER,
};

static const struct db_query Q_MINE = {
    "feedback.mine",
    "SELECT f.code, f.kind, f.category, f.status, f.title, COALESCE(f.agency_code, ''),"
    " COALESCE(a.name, ''), f.received_at, f.due_resolve, COALESCE(f.answered_at, 0), 0"
    " FROM feedback f LEFT JOIN agencies a ON a.code = f.agency_code"
    " WHERE f.sender_user_id = ?1 AND f.on_behalf_by IS NULL"
    " ORDER BY f.submitted_at DESC, f.id DESC LIMIT ?2 OFFSET ?3",
};
static const struct db_query Q_MINE_COUNT = {
    "feedback.mine_count",
    "SELECT COUNT(*) FROM feedback WHERE sender_user_id = ?1 AND on_behalf_by IS NULL",
};

#define PUBLIC_COLS \
    "SELECT f.code, f.kind, f.category, f.public_title, f.public_question," \
    " f.public_answer, COALESCE(f.agency_code, ''), COALESCE(a.name, '')," \
    " COALESCE(f.procedure_code, ''), COALESCE(f.answered_at, 0), f.published_at"
#define PUBLIC_FILTER \
    " f.published_at IS NOT NULL AND (?2 = '' OR f.agency_code = ?2)" \
    " AND (?3 = '' OR f.procedure_code = ?3) AND (?4 = '' OR f.category = ?4)" \
    " AND (?5 = '' OR f.kind = ?5)"

struct search_index feedback_index_published = {
    .name = "feedback_fts",
    .columns = {"title", "question", "answer"},
    .weights = {3.0, 1.0, 1.0},
};

static struct search_stmt S_PUBLIC_MATCH = {
    "feedback.public_match",
    PUBLIC_COLS " FROM ({rank feedback_fts ?1}) h JOIN feedback f ON f.id = h.id"
    " LEFT JOIN agencies a ON a.code = f.agency_code WHERE"
    PUBLIC_FILTER " ORDER BY h.r DESC, f.published_at DESC"
    " LIMIT ?6 OFFSET ?7",
    {&feedback_index_published},
};
static struct search_stmt S_PUBLIC_MATCH_COUNT = {
    "feedback.public_match_count",
    "SELECT COUNT(*) FROM ({match feedback_fts ?1}) h JOIN feedback f ON f.id = h.id"
    " WHERE" PUBLIC_FILTER,
    {&feedback_index_published},
};
static const struct db_query Q_PUBLIC_LIST = {
    "feedback.public_list",
    PUBLIC_COLS " FROM feedback f LEFT JOIN agencies a ON a.code = f.agency_code"
    " WHERE ?1 = '' AND" PUBLIC_FILTER " ORDER BY f.published_at DESC, f.id DESC"
    " LIMIT ?6 OFFSET ?7",
};
static const struct db_query Q_PUBLIC_LIST_COUNT = {
    "feedback.public_list_count",
    "SELECT COUNT(*) FROM feedback f WHERE ?1 = '' AND" PUBLIC_FILTER,
};
static const struct db_query Q_PUBLIC_GET = {
    "feedback.public_get",
    PUBLIC_COLS " FROM feedback f LEFT JOIN agencies a ON a.code = f.agency_code"
    " WHERE f.code = ?1 AND f.published_at IS NOT NULL",
};

#define STATS_COLS \
    " SUM(CASE WHEN f.received_at >= ?1 AND f.received_at < ?2 THEN 1 ELSE 0 END)," \
    " SUM(CASE WHEN f.answered_at >= ?1 AND f.answered_at < ?2 THEN 1 ELSE 0 END)," \
    " SUM(CASE WHEN f.answered_at >= ?1 AND f.answered_at < ?2" \
    "  AND f.answered_at <= f.due_resolve THEN 1 ELSE 0 END)," \
    " SUM(CASE WHEN (f.answered_at >= ?1 AND f.answered_at < ?2) OR (f.status <> 'rejected'" \
    "  AND (f.answered_at IS NULL OR f.answered_at >= ?2) AND f.due_resolve >= ?1" \
    "  AND f.due_resolve < ?2) THEN 1 ELSE 0 END)," \
    " SUM(CASE WHEN f.rated_at >= ?1 AND f.rated_at < ?2 THEN 1 ELSE 0 END)," \
    " SUM(CASE WHEN f.rated_at >= ?1 AND f.rated_at < ?2 AND f.rating = 1" \
    "  THEN 1 ELSE 0 END)," \
    " SUM(CASE WHEN f.received_at < ?2 AND f.status IN ('triage', 'received', 'assigned'," \
    "  'need_info', 'drafted') THEN 1 ELSE 0 END)," \
    " SUM(CASE WHEN f.published_at >= ?1 AND f.published_at < ?2 THEN 1 ELSE 0 END)," \
    " SUM(CASE WHEN f.taken_up_at >= ?1 AND f.taken_up_at < ?2 THEN 1 ELSE 0 END)"

static const struct db_query Q_STATS = {
    "feedback.stats",
    "SELECT f.agency_code, COALESCE(a.name, '')," STATS_COLS
    " FROM feedback f LEFT JOIN agencies a ON a.code = f.agency_code"
    " WHERE f.agency_code IS NOT NULL GROUP BY f.agency_code, a.name",
};
static const struct db_query Q_INDICATORS = {
    "feedback.indicators",
    "SELECT ''," "''," STATS_COLS " FROM feedback f"
    " WHERE f.agency_code IS NOT NULL AND (?3 = '' OR f.agency_code = ?3)",
};

/* ---------------------------------------------------------------- staff lists */

ARRAY_LIST_DEFINE(feedback, items)

/* The columns of the staff lists, in order. */
static const struct db_field FEEDBACK_ROW_FIELDS[] = {
    DB_TEXT(struct feedback_row, code),
    DB_TEXT(struct feedback_row, kind),
    DB_TEXT(struct feedback_row, category),
    DB_TEXT(struct feedback_row, status),
    DB_TEXT(struct feedback_row, title),
    DB_TEXT(struct feedback_row, agency_code),
    DB_TEXT(struct feedback_row, agency_name),
    DB_INT64(struct feedback_row, received_at),
    DB_INT64(struct feedback_row, due_resolve),
    DB_INT64(struct feedback_row, answered_at),
    DB_BOOL(struct feedback_row, reminded),
};

static const struct db_row_type FEEDBACK_ROW =
    DB_ROW_TYPE(struct feedback_row, FEEDBACK_ROW_FIELDS, NULL, NULL);

/* Room in out for one page of at most limit rows (0 or past FEEDBACK_PAGE_MAX: the maximum). */
static size_t page_start(struct feedback_list *out, size_t limit)
{
    if (limit == 0 || limit > FEEDBACK_PAGE_MAX)
        limit = FEEDBACK_PAGE_MAX;
    out->items = xcalloc(limit, sizeof(*out->items));
    return limit;
}

/* The rows of the page query st (started with status rc) into out; st is done after. */
static enum mc_status page_rows(struct db_stmt *st, enum mc_status rc, size_t limit,
                                struct feedback_list *out)
{
    while (db_next(st, &rc) && out->n < limit)
        db_row_read_type(st, &FEEDBACK_ROW, &out->items[out->n++]);
    db_done(st);
    return rc;
}

enum mc_status feedback_list_staff(struct db *db, const struct user *u, const char *agency,
                                   const char *status, size_t offset, size_t limit,
                                   struct feedback_list *out)
{
    struct db_stmt *st = NULL;
    const char *ag = "";
    const char *stat = status && *status ? status : "open";
    enum mc_status rc;
    feedback_list_release(out);
    if (!user_is_officer(u))
        return MC_ERR_FORBIDDEN;
    if (u->roles & ROLE_PROVINCE_ADMIN)
        ag = agency ? agency : "";
    else if (u->agency_code[0])
        ag = u->agency_code;
    else
        return MC_ERR_FORBIDDEN;
    limit = page_start(out, limit);
    rc = db_get_int(db, &Q_LIST_COUNT, &out->total, "ss", ag, stat);
    if (rc == MC_OK)
        rc = db_query_start(db, &Q_LIST, &st, "ssii", ag, stat, (int64_t)limit,
                            (int64_t)offset);
    return page_rows(st, rc, limit, out);
}

enum mc_status feedback_list_mine(struct db *db, int64_t user_id, size_t offset, size_t limit,
                                  struct feedback_list *out)
{
    struct db_stmt *st = NULL;
    enum mc_status rc;
    feedback_list_release(out);
    if (user_id <= 0)
        return MC_OK;
    limit = page_start(out, limit);
    rc = db_get_int(db, &Q_MINE_COUNT, &out->total, "i", user_id);
    if (rc == MC_OK)
        rc = db_query_start(db, &Q_MINE, &st, "iii", user_id, (int64_t)limit,
                            (int64_t)offset);
    return page_rows(st, rc, limit, out);
}

/* ---------------------------------------------------------------- public */

/* The text members of a published item, in the order the public queries select them. */
#define PUBLIC_STRINGS(p) \
    &(p)->code, &(p)->kind, &(p)->category, &(p)->title, &(p)->question, &(p)->answer, \
    &(p)->agency_code, &(p)->agency_name, &(p)->procedure_code

static void public_release(struct feedback_public *p)
{
    char **strs[] = {PUBLIC_STRINGS(p)};
    for (size_t k = 0; k < MC_ARRAY_LEN(strs); k++)
        free(*strs[k]);
}

ARRAY_LIST_DEFINE_EACH(feedback_public, items, public_release)

static void read_public(struct db_stmt *st, struct feedback_public *p)
{
    char **strs[] = {PUBLIC_STRINGS(p)};
    for (size_t k = 0; k < MC_ARRAY_LEN(strs); k++)
        *strs[k] = feedback_col_dup(st, (int)k);
    p->answered_at = db_col_int64(st, 9);
    p->published_at = db_col_int64(st, 10);
}

#define PUBLIC_WORDS 16   /* words of a public search used */

/*
 * The match expression for the folded words of q, each a prefix, every
 * one required; empty when q has no word.
 */
static enum mc_status match_expr(struct db *db, const char *q, struct buf *out)
{
    struct buf folded;
    struct search_term t[PUBLIC_WORDS];
    struct search_query sq = {SEARCH_ALL, NULL, t, 0};
    buf_init(&folded, BUF_MAX_SMALL);
    enum mc_status st = text_fold(q, strlen(q), &folded);
    char *p = folded.data;
    while (st == MC_OK && p && *p && sq.nterms < PUBLIC_WORDS) {
        char *sp = strchr(p, ' ');
        if (sp)
            *sp = '\0';   /* cut the folded text into words in place */
        if (*p)
            t[sq.nterms++] = (struct search_term){p, true};
        p = sp ? sp + 1 : NULL;
    }
    if (st == MC_OK && sq.nterms > 0)
        st = search_expr(db, &feedback_index_published, &sq, out);
    buf_release(&folded);
    return st;
}

enum mc_status feedback_public_search(struct db *db, const struct feedback_public_query *q,
                                      struct feedback_public_list *out)
{
    struct buf match;
    struct db_stmt *st = NULL;
    size_t limit = q->limit == 0 ? 20 : q->limit > FEEDBACK_PAGE_MAX ? FEEDBACK_PAGE_MAX
                                                                     : q->limit;
    const char *ag = q->agency ? q->agency : "", *pr = q->procedure ? q->procedure : "";
    const char *cat = q->category ? q->category : "", *kind = q->kind ? q->kind : "";
    enum mc_status rc;
    feedback_public_list_release(out);
    buf_init(&match, BUF_MAX_SMALL);
    rc = q->q ? match_expr(db, q->q, &match) : MC_OK;
    if (rc != MC_OK)
        goto out;
    bool fts = match.len > 0;
    out->items = xcalloc(limit, sizeof(*out->items));
    if (fts)
        rc = search_get_int(db, &S_PUBLIC_MATCH_COUNT, &out->total, "sssss", buf_cstr(&match),
                            ag, pr, cat, kind);
    else
        rc = db_get_int(db, &Q_PUBLIC_LIST_COUNT, &out->total, "sssss", "", ag, pr, cat, kind);
    if (rc == MC_OK && fts)
        rc = search_query_start(db, &S_PUBLIC_MATCH, &st, "sssssii", buf_cstr(&match), ag, pr,
                                cat, kind, (int64_t)limit, (int64_t)q->offset);
    else if (rc == MC_OK)
        rc = db_query_start(db, &Q_PUBLIC_LIST, &st, "sssssii", "", ag, pr, cat, kind,
                            (int64_t)limit, (int64_t)q->offset);
    while (db_next(st, &rc) && out->n < limit)
        read_public(st, &out->items[out->n++]);
    db_done(st);
out:
    buf_release(&match);
    return rc;
}

enum mc_status feedback_public_get(struct db *db, const char *code,
                                   struct feedback_public_list *out)
{
    struct db_stmt *st = NULL;
    feedback_public_list_release(out);
    enum mc_status rc = db_get_row(db, &Q_PUBLIC_GET, &st, "s", code ? code : "");
    if (rc == MC_OK) {
        out->items = xcalloc(1, sizeof(*out->items));
        read_public(st, &out->items[0]);
        out->n = 1;
        out->total = 1;
    }
    db_done(st);
    return rc;
}

/* ---------------------------------------------------------------- statistics */

/* The columns of Q_STATS and Q_INDICATORS (STATS_COLS), in order. */
static const struct db_field FEEDBACK_STATS_FIELDS[] = {
    DB_TEXT(struct feedback_stats_row, agency_code),
    DB_TEXT(struct feedback_stats_row, agency_name),
    DB_INT64(struct feedback_stats_row, received),
    DB_INT64(struct feedback_stats_row, answered),
    DB_INT64(struct feedback_stats_row, on_time),
    DB_INT64(struct feedback_stats_row, judged),
    DB_INT64(struct feedback_stats_row, rated),
    DB_INT64(struct feedback_stats_row, satisfied),
    DB_INT64(struct feedback_stats_row, open),
    DB_INT64(struct feedback_stats_row, published),
    DB_INT64(struct feedback_stats_row, taken_up),
};

static void read_counts(struct db_stmt *st, struct feedback_stats_row *r)
{
    DB_ROW_READ(st, r, FEEDBACK_STATS_FIELDS);
    double a = r->judged ? (double)r->on_time / (double)r->judged : 1.0;
    double b = r->rated ? (double)r->satisfied / (double)r->rated : 1.0;
    r->score = (a + b) / 2.0;
}

static int by_score(const void *pa, const void *pb)
{
    const struct feedback_stats_row *a = pa, *b = pb;
    if (a->score != b->score)
        return a->score > b->score ? -1 : 1;
    return strcmp(a->agency_name, b->agency_name);
}

enum mc_status feedback_stats(struct db *db, int64_t from, int64_t to,
                              struct feedback_stats_row **out, size_t *n)
{
    struct db_stmt *st = NULL;
    size_t cap = 0;
    struct feedback_stats_row *rows = NULL;
    enum mc_status rc = db_query_start(db, &Q_STATS, &st, "ii", from, to);
    *n = 0;
    ARRAY_GROW(rows, 1, cap);   /* never NULL, even without rows */
    while (db_next(st, &rc))
        read_counts(st, ARRAY_PUSH(rows, *n, cap));
    db_done(st);
    if (rc == MC_OK)
        qsort(rows, *n, sizeof(*rows), by_score);
    *out = rows;
    return rc;
}

enum mc_status feedback_indicators(struct db *db, const char *agency, int64_t from,
                                   int64_t to, struct feedback_indicators *out)
{
    struct db_stmt *st = NULL;
    struct feedback_stats_row r = {0};
    enum mc_status rc = db_get_row(db, &Q_INDICATORS, &st, "iis", from, to,
                                   agency ? agency : "");
    if (rc == MC_OK)
        read_counts(st, &r);
    else if (rc == MC_ERR_NOT_FOUND)
        rc = MC_OK;
    db_done(st);
    out->dung_han_num = r.on_time;
    out->dung_han_den = r.judged;
    out->hai_long_num = r.satisfied;
    out->hai_long_den = r.rated;
    return rc;
}
