/*
 * index766_live.c - the live counters of the 766 index: applying a dossier
 * change (new - old contribution), the recheck of dossiers whose
 * classification changes with time, the full rebuild and the
 * recomputation from scratch (see index.h, docs/internals/index766.md).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "core/array.h"
#include "core/strmap.h"
#include "core/clock.h"
#include "core/log.h"
#include "core/mem.h"
#include "domain/dossier/dossier.h"
#include "domain/index766/index766-int.h"

#define RECHECK_BATCH 1000
#define MONTHS_MAX (12 * 200)   /* a dossier spans at most this many months */
#define NCOUNTS 18

_Static_assert(sizeof(struct idx_dossier_counts) == NCOUNTS * sizeof(int64_t),
               "index_counters has one column per counter");

/* One (period, agency) row of counters: the rebuild's bulk load, and the added counts. */
#define COUNTER_INSERT                                                                      \
    "INSERT INTO index_counters (period, agency_code, " COUNT_COLS ") VALUES (?1, ?2, ?3," \
    " ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20)"

static const struct db_query Q_COUNTER_ADD = {
    "index.counter_add",
    COUNTER_INSERT " ON CONFLICT(period, agency_code) DO UPDATE SET"
    " counted = index_counters.counted + excluded.counted,"
    " received = index_counters.received + excluded.received,"
    " finished = index_counters.finished + excluded.finished,"
    " on_time = index_counters.on_time + excluded.on_time,"
    " late = index_counters.late + excluded.late,"
    " overdue_pending = index_counters.overdue_pending + excluded.overdue_pending,"
    " second_supplement = index_counters.second_supplement + excluded.second_supplement,"
    " lodged_online = index_counters.lodged_online + excluded.lodged_online,"
    " online = index_counters.online + excluded.online,"
    " with_fee = index_counters.with_fee + excluded.with_fee,"
    " paid_online = index_counters.paid_online + excluded.paid_online,"
    " with_result = index_counters.with_result + excluded.with_result,"
    " e_result = index_counters.e_result + excluded.e_result,"
    " digitised = index_counters.digitised + excluded.digitised,"
    " reused = index_counters.reused + excluded.reused,"
    " complained = index_counters.complained + excluded.complained,"
    " unsatisfied = index_counters.unsatisfied + excluded.unsatisfied,"
    " satisfied = index_counters.satisfied + excluded.satisfied",
};
/* The rebuild's bulk load into the emptied table. */
static const struct db_query Q_COUNTER_LOAD = {
    "index.counter_load", COUNTER_INSERT,
};
static const struct db_query Q_COUNTERS_CLEAR = {
    "index.counters_clear", "DELETE FROM index_counters",
};
static const struct db_query Q_STATES_CLEAR = {
    "index.states_clear", "DELETE FROM index_dossier_state",
};
static const struct db_query Q_COUNTERS_GET = {
    "index.counters_get",
    "SELECT agency_code, " COUNT_COLS " FROM index_counters WHERE period = ?1"
    " ORDER BY agency_code",
};

/* A dossier's id and agency, then what the rules read (read_dossier()). */
#define SNAP_COLS "id, agency_code, " DOSSIER_IDX_COLS

static const struct db_query Q_DOSSIER_ONE = {
    "index.dossier_one", "SELECT " SNAP_COLS " FROM dossiers WHERE id = ?1",
};
static const struct db_query Q_DOSSIER_ALL = {
    "index.dossier_all", "SELECT " SNAP_COLS " FROM dossiers",
};
static const struct db_query Q_DOSSIER_COUNT = {
    "index.dossier_count", "SELECT count(*) FROM dossiers",
};
static const struct db_query Q_DOSSIER_BEFORE = {
    "index.dossier_before",
    "SELECT " SNAP_COLS " FROM dossiers WHERE received_at < ?1"
    " AND (?2 = '' OR agency_code = ?2)",
};

#define STATE_COLS                                                                        \
    "agency_code, channel, status, received_at, due_at, ended_at, returned_at,"          \
    " supplement_count, supplement_seconds, supplement_since, paid_online, has_fee,"     \
    " e_result, digitised, reused_data, rating, complaint, as_of"

static const struct db_query Q_STATE_GET = {
    "index.state_get", "SELECT " STATE_COLS " FROM index_dossier_state WHERE dossier_id = ?1",
};
/* A dossier's state but the last value, recheck_at (NULL for none, or as given). */
#define STATE_INSERT                                                                        \
    "INSERT INTO index_dossier_state (dossier_id, " STATE_COLS ", recheck_at) VALUES (?1,"  \
    " ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19,"

static const struct db_query Q_STATE_PUT = {
    "index.state_put",
    STATE_INSERT " NULLIF(?20, 0)) ON CONFLICT(dossier_id) DO UPDATE SET"
    " agency_code = excluded.agency_code, channel = excluded.channel,"
    " status = excluded.status, received_at = excluded.received_at,"
    " due_at = excluded.due_at, ended_at = excluded.ended_at,"
    " returned_at = excluded.returned_at, supplement_count = excluded.supplement_count,"
    " supplement_seconds = excluded.supplement_seconds,"
    " supplement_since = excluded.supplement_since, paid_online = excluded.paid_online,"
    " has_fee = excluded.has_fee, e_result = excluded.e_result,"
    " digitised = excluded.digitised, reused_data = excluded.reused_data,"
    " rating = excluded.rating, complaint = excluded.complaint, as_of = excluded.as_of,"
    " recheck_at = excluded.recheck_at",
};
/* The rebuild's bulk load into the emptied table (db_copy_*: COPY on PostgreSQL). */
static const struct db_query Q_STATE_LOAD = {
    "index.state_load", STATE_INSERT " ?20)",
};
static const struct db_query Q_STATE_DEL = {
    "index.state_del", "DELETE FROM index_dossier_state WHERE dossier_id = ?1",
};
static const struct db_query Q_RECHECK_IDS = {
    "index.recheck_ids",
    "SELECT dossier_id FROM index_dossier_state WHERE recheck_at IS NOT NULL"
    " AND recheck_at <= ?1 ORDER BY recheck_at LIMIT 1000",
};
static const struct db_query Q_CACHE = {
    "index.cache", "PRAGMA cache_size = -131072", "SELECT 1",
};

/* ---------------------------------------------------------------- the map */

/*
 * The map's key of (period, agency): both, separated by a unit separator,
 * cut to the buffer as snprintf would cut it (a rebuild makes tens of
 * millions of them: no printf).
 */
static size_t map_key(const char *period, const char *agency,
                      char out[INDEX766_PERIOD_KEY_MAX + INDEX766_CODE_MAX + 1])
{
    const size_t max = INDEX766_PERIOD_KEY_MAX + INDEX766_CODE_MAX;
    size_t lp = strlen(period), la = strlen(agency), n = 0;
    memcpy(out, period, lp < max ? lp : max);
    n = lp < max ? lp : max;
    if (n < max)
        out[n++] = '\x1f';
    memcpy(out + n, agency, la < max - n ? la : max - n);
    n += la < max - n ? la : max - n;
    out[n] = '\0';
    return n;
}

void index766_map_init(struct index766_map *m)
{
    memset(m, 0, sizeof(*m));
}

void index766_map_release(struct index766_map *m)
{
    strmap_release(&m->keys);
    free(m->v);
    index766_map_init(m);
}

void index766_map_add(struct index766_map *m, const char *period, const char *agency,
                   const struct idx_dossier_counts *c, int sign)
{
    char key[INDEX766_PERIOD_KEY_MAX + INDEX766_CODE_MAX + 1];
    size_t len = map_key(period, agency, key);
    int64_t i = strmap_put(&m->keys, key, len, (int64_t)m->n);
    if (i == (int64_t)m->n) {
        struct index766_map_entry *e = ARRAY_PUSH(m->v, m->n, m->cap);
        snprintf(e->period, sizeof(e->period), "%s", period);
        snprintf(e->agency, sizeof(e->agency), "%s", agency);
    }
    idx_counts_add(&m->v[i].c, c, sign);
}

const struct idx_dossier_counts *index766_map_get(const struct index766_map *m,
                                                  const char *period, const char *agency)
{
    char key[INDEX766_PERIOD_KEY_MAX + INDEX766_CODE_MAX + 1];
    size_t len = map_key(period, agency, key);
    int64_t i;
    return strmap_get(&m->keys, key, len, &i) ? &m->v[i].c : NULL;
}

bool index766_counts_zero(const struct idx_dossier_counts *c)
{
    struct idx_dossier_counts z;
    memset(&z, 0, sizeof(z));
    return memcmp(&z, c, sizeof(z)) == 0;
}

static int by_agency(const void *a, const void *b)
{
    return strcmp(((const struct index766_agency_counts *)a)->agency_code,
                  ((const struct index766_agency_counts *)b)->agency_code);
}

void index766_map_to_list(const struct index766_map *m, struct index766_counts_list *out)
{
    index766_counts_list_release(out);
    out->cap = m->n ? m->n : 1;
    out->items = xcalloc(out->cap, sizeof(*out->items));
    for (size_t i = 0; i < m->n; i++) {
        if (index766_counts_zero(&m->v[i].c))
            continue;
        snprintf(out->items[out->n].agency_code, INDEX766_CODE_MAX, "%s", m->v[i].agency);
        out->items[out->n++].c = m->v[i].c;
    }
    qsort(out->items, out->n, sizeof(*out->items), by_agency);
}

ARRAY_LIST_DEFINE(index766_counts, items)

/* ---------------------------------------------------------------- periods */

static void ym_of(int64_t t, int *y, int *m)
{
    time_t x = (time_t)(t + CLOCK_VN_OFFSET);
    struct tm tm;
    gmtime_r(&x, &tm);
    *y = tm.tm_year + 1900;
    *m = tm.tm_mon + 1;
}

/* y as four digits into out (a year of the rules' range, 1970..9999). */
static char *put_year(int y, char *out)
{
    out[0] = (char)('0' + y / 1000 % 10);
    out[1] = (char)('0' + y / 100 % 10);
    out[2] = (char)('0' + y / 10 % 10);
    out[3] = (char)('0' + y % 10);
    return out + 4;
}

void index766_key_month(int y, int m, char *out)
{
    if (y < 0 || y > 9999 || m < 1 || m > 12) {
        snprintf(out, INDEX766_PERIOD_KEY_MAX, "%04d-%02d", y, m);
        return;
    }
    out = put_year(y, out);
    out[0] = '-';
    out[1] = (char)('0' + m / 10);
    out[2] = (char)('0' + m % 10);
    out[3] = '\0';
}

static void key_quarter(int y, int m, char *out)
{
    if (y < 0 || y > 9999 || m < 1 || m > 12) {
        snprintf(out, INDEX766_PERIOD_KEY_MAX, "%04d-Q%d", y, (m - 1) / 3 + 1);
        return;
    }
    out = put_year(y, out);
    out[0] = '-';
    out[1] = 'Q';
    out[2] = (char)('0' + (m - 1) / 3 + 1);
    out[3] = '\0';
}

static void key_year(int y, char *out)
{
    if (y < 0 || y > 9999) {
        snprintf(out, INDEX766_PERIOD_KEY_MAX, "%04d", y);
        return;
    }
    put_year(y, out)[0] = '\0';
}

/* The end of processing the rules use (dossier_rules.c judge()). */
static int64_t end_of(const struct idx_dossier *d)
{
    bool ends = d->status == NAT_ST_REFUSED || d->status == NAT_ST_WITHDRAWN ||
                d->status == NAT_ST_STOPPED || d->status == NAT_ST_DONE ||
                d->status == NAT_ST_RETURNED;
    int64_t end = 0;
    if (ends) {
        end = d->ended_at;
        if (end == 0 && d->status == NAT_ST_RETURNED)
            end = d->returned_at;
    }
    return end;
}

/* Classify d for the period named key; zero counts when the rules refuse. */
static bool classify_key(const struct idx_dossier *d, const char *key, int64_t as_of,
                         struct idx_dossier_counts *c)
{
    struct idx_period p;
    if (idx_period_parse(key, &p) != MC_OK || idx_dossier_classify(d, &p, as_of, c) != MC_OK) {
        memset(c, 0, sizeof(*c));
        return false;
    }
    return true;
}

/*
 * Add sign * the contribution of d (agency, judged as of as_of) to every
 * month, quarter and year it counts in, into m.
 */
static void contribute(struct index766_map *m, const struct idx_dossier *d, const char *agency,
                       int64_t as_of, int sign)
{
    int64_t end = end_of(d), last;
    int y, mo, y2, m2, k, k2;
    char key[INDEX766_PERIOD_KEY_MAX];
    struct idx_dossier_counts c;
    if (d->received_at == 0 || d->due_at == 0)
        return;
    last = end != 0 && end <= as_of ? end : as_of;
    if (d->received_at > last)
        return;
    ym_of(d->received_at, &y, &mo);
    ym_of(last, &y2, &m2);
    k = y * 12 + mo - 1;
    k2 = y2 * 12 + m2 - 1;
    if (k2 - k > MONTHS_MAX)
        k = k2 - MONTHS_MAX;
    for (int i = k; i <= k2; i++) {
        int yy = i / 12, mm = i % 12 + 1;
        index766_key_month(yy, mm, key);
        if (classify_key(d, key, as_of, &c) && c.counted)
            index766_map_add(m, key, agency, &c, sign);
        if (i == k || mm % 3 == 1) {
            key_quarter(yy, mm, key);
            if (classify_key(d, key, as_of, &c) && c.counted)
                index766_map_add(m, key, agency, &c, sign);
        }
        if (i == k || mm == 1) {
            key_year(yy, key);
            if (classify_key(d, key, as_of, &c) && c.counted)
                index766_map_add(m, key, agency, &c, sign);
        }
    }
}

static void take_min(int64_t *best, int64_t t)
{
    if (t > 0 && t < *best)
        *best = t;
}

/*
 * The first instant after as_of at which d's contributions change with
 * no change to d; 0 = never.  Covers the appointment passing (the rules'
 * own idx_dossier_recheck_at for the periods containing as_of), a future
 * reception or end, and, for an unfinished dossier, the next month, which
 * it is carried into.
 */
static int64_t recheck_of(const struct idx_dossier *d, int64_t as_of)
{
    int64_t best = INT64_MAX, end = end_of(d), at;
    int y, m;
    char key[INDEX766_PERIOD_KEY_MAX];
    struct idx_period p;
    if (d->received_at == 0 || d->due_at == 0)
        return 0;
    if (d->received_at > as_of)
        take_min(&best, d->received_at);
    if (end > as_of)
        take_min(&best, end);
    if (d->supplement_since > as_of)
        take_min(&best, d->supplement_since);
    ym_of(as_of, &y, &m);
    if (end == 0 || end > as_of) {
        index766_key_month(m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1, key);
        if (idx_period_parse(key, &p) == MC_OK)
            take_min(&best, p.start);
    }
    for (int kind = 0; kind < 3; kind++) {
        if (kind == 0)
            index766_key_month(y, m, key);
        else if (kind == 1)
            key_quarter(y, m, key);
        else
            key_year(y, key);
        if (idx_period_parse(key, &p) == MC_OK &&
            idx_dossier_recheck_at(d, &p, as_of, &at) == MC_OK)
            take_min(&best, at);
    }
    return best == INT64_MAX ? 0 : best;
}

/* ---------------------------------------------------------------- rows */

/* A dossier's inputs with its agency. */
struct snap {
    struct idx_dossier d;
    char agency[INDEX766_CODE_MAX];
    int64_t as_of;
};

/* Read a row of SNAP_COLS through dossier_to_idx(); *id gets its id. */
static void read_dossier(struct db_stmt *st, struct dossier *tmp, struct snap *s, int64_t *id)
{
    *id = db_col_int64(st, 0);
    dossier_idx_read_cols(st, 2, tmp);
    dossier_to_idx(tmp, &s->d);
    s->d.ma_ho_so = NULL;
    db_col_copy(st, 1, s->agency, sizeof(s->agency));
}

static enum mc_status load_dossier(struct db *db, int64_t id, struct snap *s, bool *found)
{
    struct db_stmt *st = NULL;
    struct dossier *tmp = xcalloc(1, sizeof(*tmp));
    int64_t got = 0;
    enum mc_status rc = db_query_start(db, &Q_DOSSIER_ONE, &st, "i", id);
    *found = db_next(st, &rc);
    if (*found)
        read_dossier(st, tmp, s, &got);
    db_done(st);
    free(tmp);
    return rc;
}

static enum mc_status load_state(struct db *db, int64_t id, struct snap *s, bool *found)
{
    struct db_stmt *st = NULL;
    enum mc_status rc = db_query_start(db, &Q_STATE_GET, &st, "i", id);
    *found = db_next(st, &rc);
    if (*found) {
        memset(s, 0, sizeof(*s));
        db_col_copy(st, 0, s->agency, sizeof(s->agency));
        s->d.channel = (int)db_col_int64(st, 1);
        s->d.status = (int)db_col_int64(st, 2);
        s->d.received_at = db_col_int64(st, 3);
        s->d.due_at = db_col_int64(st, 4);
        s->d.ended_at = db_col_int64(st, 5);
        s->d.returned_at = db_col_int64(st, 6);
        s->d.supplement_count = (int)db_col_int64(st, 7);
        s->d.supplement_seconds = db_col_int64(st, 8);
        s->d.supplement_since = db_col_int64(st, 9);
        s->d.paid_online = (int)db_col_int64(st, 10);
        s->d.has_fee = (int)db_col_int64(st, 11);
        s->d.e_result = (int)db_col_int64(st, 12);
        s->d.digitised = (int)db_col_int64(st, 13);
        s->d.reused_data = (int)db_col_int64(st, 14);
        s->d.rating = (int)db_col_int64(st, 15);
        s->d.complaint = (int)db_col_int64(st, 16);
        s->as_of = db_col_int64(st, 17);
    }
    db_done(st);
    return rc;
}

static enum mc_status put_state(struct db *db, int64_t id, const struct snap *s)
{
    const struct idx_dossier *d = &s->d;
    return db_run(db, &Q_STATE_PUT, NULL, "isiiiiiiiiiiiiiiiiii", id, s->agency,
                  (int64_t)d->channel, (int64_t)d->status, d->received_at, d->due_at,
                  d->ended_at, d->returned_at, (int64_t)d->supplement_count,
                  d->supplement_seconds, d->supplement_since, (int64_t)d->paid_online,
                  (int64_t)d->has_fee, (int64_t)d->e_result, (int64_t)d->digitised,
                  (int64_t)d->reused_data, (int64_t)d->rating, (int64_t)d->complaint,
                  s->as_of, recheck_of(d, s->as_of));
}

/* put_state() into a bulk load of the emptied table (recheck_at NULL for none). */
static enum mc_status state_load_row(struct db_copy *cp, int64_t id, const struct snap *s)
{
    const struct idx_dossier *d = &s->d;
    int64_t recheck = recheck_of(d, s->as_of);
    if (recheck == 0)
        return db_copy_row(cp, "isiiiiiiiiiiiiiiiiin", id, s->agency, (int64_t)d->channel,
                           (int64_t)d->status, d->received_at, d->due_at, d->ended_at,
                           d->returned_at, (int64_t)d->supplement_count,
                           d->supplement_seconds, d->supplement_since,
                           (int64_t)d->paid_online, (int64_t)d->has_fee,
                           (int64_t)d->e_result, (int64_t)d->digitised,
                           (int64_t)d->reused_data, (int64_t)d->rating,
                           (int64_t)d->complaint, s->as_of);
    return db_copy_row(cp, "isiiiiiiiiiiiiiiiiii", id, s->agency, (int64_t)d->channel,
                       (int64_t)d->status, d->received_at, d->due_at, d->ended_at,
                       d->returned_at, (int64_t)d->supplement_count, d->supplement_seconds,
                       d->supplement_since, (int64_t)d->paid_online, (int64_t)d->has_fee,
                       (int64_t)d->e_result, (int64_t)d->digitised, (int64_t)d->reused_data,
                       (int64_t)d->rating, (int64_t)d->complaint, s->as_of, recheck);
}

/*
 * Write every non-zero entry of m into index766_counters (added); into an
 * emptied table (the rebuild) as one bulk load.
 */
static enum mc_status apply_map_to(struct db *db, const struct index766_map *m, bool empty)
{
    struct db_copy *cp = NULL;
    enum mc_status rc = empty ? db_copy_begin(db, &Q_COUNTER_LOAD, &cp) : MC_OK;
    for (size_t i = 0; rc == MC_OK && i < m->n; i++) {
        const struct index766_map_entry *e = &m->v[i];
        const struct idx_dossier_counts *c = &e->c;
        if (index766_counts_zero(c))
            continue;
        if (cp)
            rc = db_copy_row(cp, "ssiiiiiiiiiiiiiiiiii", e->period, e->agency, c->counted,
                             c->received, c->finished, c->on_time, c->late,
                             c->overdue_pending, c->second_supplement, c->lodged_online,
                             c->online, c->with_fee, c->paid_online, c->with_result,
                             c->e_result, c->digitised, c->reused, c->complained,
                             c->unsatisfied, c->satisfied);
        else
            rc = db_run(db, &Q_COUNTER_ADD, NULL, "ssiiiiiiiiiiiiiiiiii", e->period,
                        e->agency, c->counted, c->received, c->finished, c->on_time, c->late,
                        c->overdue_pending, c->second_supplement, c->lodged_online,
                        c->online, c->with_fee, c->paid_online, c->with_result, c->e_result,
                        c->digitised, c->reused, c->complained, c->unsatisfied,
                        c->satisfied);
    }
    enum mc_status loaded = db_copy_end(cp);
    return rc != MC_OK ? rc : loaded;
}

static enum mc_status apply_map(struct db *db, const struct index766_map *m)
{
    return apply_map_to(db, m, false);
}

/* ---------------------------------------------------------------- applying */

/* Apply dossier id as of as_of: counters += new - old, state = new. */
/* Move dossier id's contribution from its stored state to its row as of
 * as_of.  created: the dossier is new, so it has no stored state to read. */
static enum mc_status apply_one(struct db *db, int64_t id, int64_t as_of, bool created)
{
    struct snap old, now;
    bool had = false, has = false;
    struct index766_map m;
    enum mc_status rc = MC_OK;
    index766_map_init(&m);
    memset(&now, 0, sizeof(now));
    if ((!created && (rc = load_state(db, id, &old, &had)) != MC_OK) ||
        (rc = load_dossier(db, id, &now, &has)) != MC_OK)
        goto out;
    if (had)
        contribute(&m, &old.d, old.agency, old.as_of, -1);
    if (has) {
        now.as_of = as_of;
        contribute(&m, &now.d, now.agency, as_of, +1);
    }
    if ((rc = apply_map(db, &m)) != MC_OK)
        goto out;
    if (has)
        rc = put_state(db, id, &now);
    else if (had)
        rc = db_run(db, &Q_STATE_DEL, NULL, "i", id);
out:
    index766_map_release(&m);
    return rc;
}

struct apply_ctx {
    const int64_t *ids;
    size_t n;
    int64_t as_of;
    bool created;   /* the dossiers are new (DOSSIER_CHANGE_CREATED) */
};

static enum mc_status apply_tx(struct db *db, void *arg)
{
    struct apply_ctx *c = arg;
    enum mc_status rc = MC_OK;
    for (size_t i = 0; rc == MC_OK && i < c->n; i++)
        rc = apply_one(db, c->ids[i], c->as_of, c->created);
    return rc;
}

enum mc_status index766_on_dossier_change(struct db *db, int64_t dossier_id)
{
    struct apply_ctx c = {&dossier_id, 1, clock_now(), false};
    return db_tx(db, apply_tx, &c);
}

enum mc_status index766_on_dossiers_changed(struct db *db, const int64_t *ids, size_t n)
{
    struct apply_ctx c = {ids, n, clock_now(), false};
    if (n == 0)
        return MC_OK;
    if (n >= INDEX766_BULK_REBUILD)
        return index766_rebuild(db);
    return db_tx(db, apply_tx, &c);
}

enum mc_status index766_on_dossier_event(struct db *db, const struct dossier_change *c,
                                         void *arg)
{
    (void)arg;
    if (c->kind == DOSSIER_CHANGE_BULK)
        return index766_on_dossiers_changed(db, c->ids, c->nids);
    if (!c->d)
        return MC_OK;
    struct apply_ctx a = {&c->d->id, 1, clock_now(), c->kind == DOSSIER_CHANGE_CREATED};
    return db_tx(db, apply_tx, &a);
}

enum mc_status index766_recheck_due(struct db *db, int64_t now, int64_t *done)
{
    int64_t *ids = xcalloc(RECHECK_BATCH, sizeof(*ids));
    int64_t total = 0;
    enum mc_status rc = MC_OK;
    for (;;) {
        struct db_stmt *st = NULL;
        size_t n = 0;
        rc = db_query_start(db, &Q_RECHECK_IDS, &st, "i", now);
        while (db_next(st, &rc) && n < RECHECK_BATCH)
            ids[n++] = db_col_int64(st, 0);
        db_done(st);
        if (rc != MC_OK || n == 0)
            break;
        struct apply_ctx c = {ids, n, now};
        if ((rc = db_tx(db, apply_tx, &c)) != MC_OK)
            break;
        total += (int64_t)n;
    }
    free(ids);
    if (done)
        *done = total;
    if (rc == MC_OK && total > 0)
        log_info("index: %lld dossiers re-checked", (long long)total);
    return rc;
}

static enum mc_status rebuild_tx(struct db *db, void *arg)
{
    struct db_stmt *st = NULL;
    struct dossier *tmp = xcalloc(1, sizeof(*tmp));
    struct snap s;
    int64_t id;
    int64_t as_of = clock_now();
    int64_t total = 0, done = 0;
    struct index766_map m;
    struct progress *shown = arg;
    enum mc_status rc;
    index766_map_init(&m);
    if ((rc = db_run(db, &Q_CACHE, NULL, "")) != MC_OK ||
        (rc = db_run(db, &Q_COUNTERS_CLEAR, NULL, "")) != MC_OK ||
        (rc = db_run(db, &Q_STATES_CLEAR, NULL, "")) != MC_OK)
        goto out;
    /* Writing index766_dossier_state while stepping through dossiers is fine
     * in SQLite: it is another table. */
    if (shown && (rc = db_get_int(db, &Q_DOSSIER_COUNT, &total, "")) != MC_OK)
        goto out;
    progress_begin(shown, NULL, "hồ sơ", (uint64_t)total);
    struct db_copy *cp = NULL;
    if ((rc = db_copy_begin(db, &Q_STATE_LOAD, &cp)) == MC_OK)
        rc = db_query_start(db, &Q_DOSSIER_ALL, &st, "");
    while (db_next(st, &rc)) {
        read_dossier(st, tmp, &s, &id);
        s.as_of = as_of;
        contribute(&m, &s.d, s.agency, as_of, +1);
        rc = state_load_row(cp, id, &s);
        progress_update(shown, (uint64_t)++done);
    }
    db_done(st);
    enum mc_status loaded = db_copy_end(cp);
    if (rc == MC_OK)
        rc = loaded;
    progress_end(shown);
    if (rc == MC_OK)
        rc = apply_map_to(db, &m, true);
out:
    index766_map_release(&m);
    free(tmp);
    return rc;
}

enum mc_status index766_rebuild(struct db *db)
{
    return db_tx(db, rebuild_tx, NULL);
}

enum mc_status index766_rebuild_shown(struct db *db, struct progress *shown)
{
    return db_tx(db, rebuild_tx, shown);
}

/* ---------------------------------------------------------------- reading */

enum mc_status index766_scan_dossiers(struct db *db, const struct idx_period *p,
                                   const char *period_key, int64_t as_of,
                                   const char *agency, struct index766_map *m)
{
    struct db_stmt *st = NULL;
    struct dossier *tmp = xcalloc(1, sizeof(*tmp));
    struct snap s;
    struct idx_dossier_counts c;
    int64_t id;
    enum mc_status rc = db_query_start(db, &Q_DOSSIER_BEFORE, &st, "is", p->end,
                                       agency ? agency : "");
    while (db_next(st, &rc)) {
        read_dossier(st, tmp, &s, &id);
        if (idx_dossier_classify(&s.d, p, as_of, &c) == MC_OK && c.counted)
            index766_map_add(m, period_key, s.agency, &c, +1);
    }
    db_done(st);
    free(tmp);
    return rc;
}

/* A canonical month, quarter or year key; date ranges are refused. */
static enum mc_status stored_key(const char *period, struct idx_period *p, char *key)
{
    if (!period || idx_period_parse(period, p) != MC_OK || p->kind == IDX_PERIOD_RANGE)
        return MC_ERR_INVALID;
    idx_period_format(p, key, INDEX766_PERIOD_KEY_MAX);
    return MC_OK;
}

enum mc_status index766_counters_get(struct db *db, const char *period,
                                  struct index766_counts_list *out)
{
    struct idx_period p;
    char key[INDEX766_PERIOD_KEY_MAX];
    struct db_stmt *st = NULL;
    struct index766_map m;
    enum mc_status rc = stored_key(period, &p, key);
    index766_map_init(&m);
    if (rc == MC_OK)
        rc = db_query_start(db, &Q_COUNTERS_GET, &st, "s", key);
    while (db_next(st, &rc)) {
        struct idx_dossier_counts c;
        for (size_t i = 0; i < NCOUNTS; i++)
            *idx_counts_field(&c, i) = db_col_int64(st, (int)i + 1);
        index766_map_add(&m, key, db_col_text(st, 0), &c, +1);
    }
    db_done(st);
    if (rc == MC_OK)
        index766_map_to_list(&m, out);
    index766_map_release(&m);
    return rc;
}

enum mc_status index766_recompute(struct db *db, const char *period,
                               struct index766_counts_list *out)
{
    struct idx_period p;
    char key[IDX_PERIOD_STR_SIZE];
    struct index766_map m;
    enum mc_status rc = MC_ERR_INVALID;
    index766_map_init(&m);
    if (!period || idx_period_parse(period, &p) != MC_OK)
        goto out;
    idx_period_format(&p, key, sizeof(key));
    rc = index766_scan_dossiers(db, &p, "", clock_now(), NULL, &m);
    if (rc == MC_OK)
        index766_map_to_list(&m, out);
out:
    index766_map_release(&m);
    (void)key;
    return rc;
}
