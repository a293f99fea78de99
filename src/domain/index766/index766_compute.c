/*
 * index766_compute.c - the 766 index of a unit for a period, rankings and their JSON
 * (see index.h, docs/internals/index766.md).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/jfield.h"
#include "core/array.h"
#include "core/clock.h"
#include "core/log.h"
#include "core/mem.h"
#include "domain/calendar/calendar_store.h"
#include "domain/feedback/feedback.h"
#include "domain/index766/index766-int.h"
#include "domain/units/unit.h"

#define SUM_COLS                                                                         \
    "SUM(counted), SUM(received), SUM(finished), SUM(on_time), SUM(late),"              \
    " SUM(overdue_pending), SUM(second_supplement), SUM(lodged_online), SUM(online),"   \
    " SUM(with_fee), SUM(paid_online), SUM(with_result), SUM(e_result), SUM(digitised)," \
    " SUM(reused), SUM(complained), SUM(unsatisfied), SUM(satisfied)"

static const struct db_query Q_AGENCY_SEEN = {
    "index.agency_seen", "SELECT 1 FROM dossiers WHERE agency_code = ?1 LIMIT 1",
};
static const struct db_query Q_SUM_AGENCY = {
    "index.sum_agency",
    "SELECT " SUM_COLS " FROM index_counters WHERE period = ?1 AND agency_code = ?2",
};
static const struct db_query Q_SUM_COMMUNE = {
    "index.sum_commune",
    "SELECT " SUM_COLS " FROM index_counters WHERE period = ?1 AND agency_code IN"
    " (SELECT code FROM agencies WHERE unit_code = ?2)",
};
static const struct db_query Q_SUM_PROVINCE = {
    "index.sum_province", "SELECT " SUM_COLS " FROM index_counters WHERE period = ?1",
};
static const struct db_query Q_PERIOD_ROWS = {
    "index.period_rows",
    "SELECT agency_code, " COUNT_COLS " FROM index_counters WHERE period = ?1",
};
/* Catalogue: every procedure (the province), how many offer an online
 * service, how many have a known online level. */
static const struct db_query Q_CAT_ALL = {
    "index.cat_all",
    "SELECT COUNT(*), COALESCE(SUM(CASE WHEN online_level IN (2, 3) THEN 1 ELSE 0 END), 0),"
    " COALESCE(SUM(CASE WHEN online_level <> 0 THEN 1 ELSE 0 END), 0) FROM procedures",
};
static const struct db_query Q_CAT_LODGED_ALL = {
    "index.cat_lodged_all",
    "SELECT COUNT(DISTINCT d.procedure_code) FROM dossiers d JOIN procedures p"
    " ON p.code = d.procedure_code WHERE d.received_at >= ?1 AND d.received_at < ?2"
    " AND d.channel = 2 AND p.online_level IN (2, 3)",
};
/*
 * The procedures of the agencies WHERE picks (one, or a commune's):
 * catalogue procedures with a dossier received there before the period's
 * end (?3); lodged = an online dossier in the period (from ?2).
 */
#define CAT_OF_AGENCIES(WHERE)                                                           \
    "SELECT COUNT(*), COALESCE(SUM(CASE WHEN lvl IN (2, 3) THEN 1 ELSE 0 END), 0),"     \
    " COALESCE(SUM(CASE WHEN lvl <> 0 THEN 1 ELSE 0 END), 0),"                          \
    " COALESCE(SUM(CASE WHEN lvl IN (2, 3) AND lodged = 1 THEN 1 ELSE 0 END), 0)"       \
    " FROM (SELECT p.online_level AS lvl,"                                              \
    " MAX(CASE WHEN d.channel = 2 AND d.received_at >= ?2 THEN 1 ELSE 0 END) AS lodged" \
    " FROM dossiers d"                                                                  \
    " JOIN procedures p ON p.code = d.procedure_code WHERE " WHERE                      \
    " AND d.received_at < ?3 GROUP BY d.procedure_code, p.online_level) c"

static const struct db_query Q_CAT_AGENCY = {
    "index.cat_agency", CAT_OF_AGENCIES("d.agency_code = ?1"),
};
static const struct db_query Q_CAT_COMMUNE = {
    "index.cat_commune",
    CAT_OF_AGENCIES("d.agency_code IN (SELECT code FROM agencies WHERE unit_code = ?1)"),
};

/* ---------------------------------------------------------------- helpers */

static void read_sum(struct db_stmt *st, int first, struct idx_dossier_counts *c)
{
    for (size_t i = 0; i < idx_counts_field_count(); i++)
        *idx_counts_field(c, i) = db_col_int64(st, first + (int)i);
}

static enum mc_status sum_query(struct db *db, const struct db_query *q, const char *key,
                                const char *code, struct idx_dossier_counts *c)
{
    struct db_stmt *st = NULL;
    enum mc_status rc = code ? db_query_start(db, q, &st, "ss", key, code)
                             : db_query_start(db, q, &st, "s", key);
    memset(c, 0, sizeof(*c));
    if (db_next(st, &rc))
        read_sum(st, 0, c);
    db_done(st);
    return rc;
}

/* Resolve a unit code into r->kind, r->unit and r->name. */
enum mc_status index766_resolve_unit(struct db *db, const char *unit, struct index766_report *r)
{
    enum unit_code_kind kind = UNIT_CODE_AGENCY;
    int64_t one = 0;
    enum mc_status rc;
    r->kind = INDEX766_UNIT_PROVINCE;
    r->unit[0] = '\0';
    snprintf(r->name, sizeof(r->name), "Toàn tỉnh");
    if (!unit || !*unit)
        return MC_OK;
    if (strlen(unit) >= INDEX766_CODE_MAX)
        return MC_ERR_NOT_FOUND;
    snprintf(r->unit, sizeof(r->unit), "%s", unit);
    rc = unit_or_agency_name(db, unit, &kind, r->name, sizeof(r->name));
    if (rc == MC_OK)
        r->kind = kind == UNIT_CODE_AGENCY     ? INDEX766_UNIT_AGENCY
                  : kind == UNIT_CODE_PROVINCE ? INDEX766_UNIT_PROVINCE
                                               : INDEX766_UNIT_COMMUNE;
    if (rc != MC_ERR_NOT_FOUND)
        return rc;
    /* An agency known only from imported dossiers (old codes). */
    rc = db_get_int(db, &Q_AGENCY_SEEN, &one, "s", unit);
    if (rc == MC_OK) {
        r->kind = INDEX766_UNIT_AGENCY;
        r->name[0] = '\0';
    }
    return rc;
}

/* The catalogue indicators of r's unit; *known tells whether the
 * catalogue records online levels at all (else "chưa có dữ liệu"). */
static enum mc_status catalog_inputs(struct db *db, struct index766_report *r)
{
    struct db_stmt *st = NULL;
    bool row = false;
    int64_t total = 0, online = 0, known = 0, lodged = 0;
    enum mc_status rc;
    if (r->kind == INDEX766_UNIT_PROVINCE) {
        rc = db_query_start(db, &Q_CAT_ALL, &st, "");
        row = db_next(st, &rc);
        if (row) {
            total = db_col_int64(st, 0);
            online = db_col_int64(st, 1);
            known = db_col_int64(st, 2);
        }
        db_done(st);
        if (rc == MC_OK && online > 0)
            rc = db_get_int(db, &Q_CAT_LODGED_ALL, &lodged, "ii", r->p.start, r->p.end);
    } else {
        rc = db_query_start(db, r->kind == INDEX766_UNIT_AGENCY ? &Q_CAT_AGENCY : &Q_CAT_COMMUNE,
                            &st, "sii", r->unit, r->p.start, r->p.end);
        row = db_next(st, &rc);
        if (row) {
            total = db_col_int64(st, 0);
            online = db_col_int64(st, 1);
            known = db_col_int64(st, 2);
            lodged = db_col_int64(st, 3);
        }
        db_done(st);
    }
    r->in[IDX_TTHC_CO_DVCTT] = (struct idx_input){online, total, known > 0};
    r->in[IDX_DVCTT_PHAT_SINH_HO_SO] = (struct idx_input){lodged, online, known > 0};
    return rc;
}

static enum mc_status feedback_inputs(struct db *db, struct index766_report *r,
                                      const struct index766_counts_list *agencies)
{
    struct feedback_indicators f = {0, 0, 0, 0}, one;
    enum mc_status rc = MC_OK;
    if (r->kind == INDEX766_UNIT_PROVINCE) {
        rc = feedback_indicators(db, NULL, r->p.start, r->p.end, &f);
    } else if (r->kind == INDEX766_UNIT_AGENCY) {
        rc = feedback_indicators(db, r->unit, r->p.start, r->p.end, &f);
    } else {
        for (size_t i = 0; rc == MC_OK && agencies && i < agencies->n; i++) {
            rc = feedback_indicators(db, agencies->items[i].agency_code, r->p.start,
                                     r->p.end, &one);
            f.dung_han_num += one.dung_han_num;
            f.dung_han_den += one.dung_han_den;
            f.hai_long_num += one.hai_long_num;
            f.hai_long_den += one.hai_long_den;
        }
    }
    r->in[IDX_PAKN_DUNG_HAN] = (struct idx_input){f.dung_han_num, f.dung_han_den, true};
    r->in[IDX_PAKN_HAI_LONG] = (struct idx_input){f.hai_long_num, f.hai_long_den, true};
    return rc;
}

/* The agencies of a commune (code only), from the agencies table. */
static enum mc_status commune_agencies(struct db *db, const char *commune,
                                       struct index766_counts_list *out)
{
    struct agency_list l;
    agency_list_init(&l);
    enum mc_status rc = agency_list(db, commune, &l);
    index766_counts_list_release(out);
    for (size_t i = 0; i < l.n; i++)
        snprintf(ARRAY_PUSH(out->items, out->n, out->cap)->agency_code, INDEX766_CODE_MAX, "%s",
                 l.items[i].code);
    agency_list_release(&l);
    return rc;
}

/* Score r from r->counts and the inputs already set. */
static void set_input(struct idx_input *in, int64_t num, int64_t den)
{
    in->num = num;
    in->den = den;
    in->available = true;
}

void idx_counts_to_input(const struct idx_dossier_counts *c,
                         struct idx_input in[IDX_INDICATOR_COUNT])
{
    if (c && in) {
        set_input(&in[IDX_GIAI_QUYET_DUNG_HAN], c->on_time, c->counted);
        set_input(&in[IDX_HO_SO_TRUC_TUYEN], c->online, c->received);
        set_input(&in[IDX_HO_SO_THANH_TOAN_TRUC_TUYEN], c->paid_online, c->with_fee);
        set_input(&in[IDX_KET_QUA_DIEN_TU], c->e_result, c->with_result);
        set_input(&in[IDX_SO_HOA_THANH_PHAN], c->digitised, c->received);
        set_input(&in[IDX_TAI_SU_DUNG], c->reused, c->received);
        set_input(&in[IDX_HAI_LONG_TTHC], c->satisfied, c->counted);
    }
}

static enum mc_status score(struct index766_report *r)
{
    idx_counts_to_input(&r->counts, r->in);
    return idx_compute(r->in, &r->result);
}

/*
 * The inputs of r besides its dossier counters (the catalogue's when
 * with_catalog; publication; feedback of agencies), then its score.
 */
static enum mc_status finish_report(struct db *db, struct index766_report *r,
                                    const struct index766_counts_list *agencies,
                                    bool with_catalog)
{
    enum mc_status rc = MC_OK;
    if (with_catalog)
        rc = catalog_inputs(db, r);
    if (rc == MC_OK)
        rc = index766_publication_inputs(db, r);
    if (rc == MC_OK)
        rc = feedback_inputs(db, r, agencies);
    if (rc == MC_OK)
        rc = score(r);
    return rc;
}

/*
 * What a ranking reads once for all its units (rank_period()): the
 * calendar, whether any procedure has publication data, the vault and
 * feedback counts of every agency.  Per unit, only the catalogue and
 * publication queries remain, and only when there is such data.
 */
struct rank_inputs {
    struct calendar cal;
    bool pub_any;
    struct index766_vault_map vault;
    struct feedback_stats_row *fb;   /* nfb rows, one per agency with feedback */
    size_t nfb;
    struct strmap fb_codes;          /* agency code -> index into fb */
};

static enum mc_status rank_inputs_load(struct db *db, const struct idx_period *p,
                                       struct rank_inputs *ri)
{
    enum mc_status rc;
    memset(ri, 0, sizeof(*ri));
    calendar_load_or_default(db, &ri->cal, "index");
    if ((rc = index766_pub_any(db, &ri->pub_any)) != MC_OK ||
        (rc = index766_vault_by_agency(db, p, &ri->vault)) != MC_OK ||
        (rc = feedback_stats(db, p->start, p->end, &ri->fb, &ri->nfb)) != MC_OK)
        return rc;
    for (size_t i = 0; i < ri->nfb; i++)
        strmap_set(&ri->fb_codes, ri->fb[i].agency_code, strlen(ri->fb[i].agency_code),
                   (int64_t)i);
    return MC_OK;
}

static void rank_inputs_release(struct rank_inputs *ri)
{
    calendar_release(&ri->cal);
    index766_vault_map_release(&ri->vault);
    free(ri->fb);
    strmap_release(&ri->fb_codes);
}

/* Add agency's vault and feedback counts from ri into r->in. */
static void rank_inputs_add(const struct rank_inputs *ri, const char *agency,
                            struct index766_report *r)
{
    int64_t i;
    index766_vault_add(&ri->vault, agency, &r->in[IDX_KHO_DU_LIEU_CA_NHAN]);
    if (strmap_get(&ri->fb_codes, agency, strlen(agency), &i)) {
        r->in[IDX_PAKN_DUNG_HAN].num += ri->fb[i].on_time;
        r->in[IDX_PAKN_DUNG_HAN].den += ri->fb[i].judged;
        r->in[IDX_PAKN_HAI_LONG].num += ri->fb[i].satisfied;
        r->in[IDX_PAKN_HAI_LONG].den += ri->fb[i].rated;
    }
}

/*
 * finish_report() for a ranked agency or commune (its agencies in
 * agencies), with what ri holds: the same inputs, fewer queries.
 */
static enum mc_status finish_ranked(struct db *db, struct index766_report *r,
                                    const struct index766_counts_list *agencies,
                                    bool with_catalog, const struct rank_inputs *ri)
{
    struct index766_pub_sums none;
    enum mc_status rc = MC_OK;
    if (with_catalog)
        rc = catalog_inputs(db, r);
    memset(&none, 0, sizeof(none));
    index766_pub_to_input(&none, r->in);
    if (rc == MC_OK && ri->pub_any)
        rc = index766_pub_inputs(db, r, &ri->cal);
    r->in[IDX_KHO_DU_LIEU_CA_NHAN] = (struct idx_input){0, 0, true};
    r->in[IDX_PAKN_DUNG_HAN] = (struct idx_input){0, 0, true};
    r->in[IDX_PAKN_HAI_LONG] = (struct idx_input){0, 0, true};
    if (r->kind == INDEX766_UNIT_AGENCY)
        rank_inputs_add(ri, r->unit, r);
    for (size_t i = 0; r->kind == INDEX766_UNIT_COMMUNE && i < agencies->n; i++)
        rank_inputs_add(ri, agencies->items[i].agency_code, r);
    if (rc == MC_OK)
        rc = score(r);
    return rc;
}

/* ---------------------------------------------------------------- one unit */

enum mc_status index766_compute(struct db *db, const char *unit, const char *period,
                             struct index766_report *out)
{
    struct index766_counts_list ags;
    struct index766_map m;
    enum mc_status rc = MC_ERR_INVALID;
    index766_counts_list_init(&ags);
    index766_map_init(&m);
    memset(out, 0, sizeof(*out));
    if (!period || idx_period_parse(period, &out->p) != MC_OK)
        goto out;
    idx_period_format(&out->p, out->period, sizeof(out->period));
    if ((rc = index766_resolve_unit(db, unit, out)) != MC_OK)
        goto out;
    if (out->kind == INDEX766_UNIT_COMMUNE && (rc = commune_agencies(db, out->unit, &ags)) != MC_OK)
        goto out;
    if (out->p.kind != IDX_PERIOD_RANGE) {
        if (out->kind == INDEX766_UNIT_AGENCY)
            rc = sum_query(db, &Q_SUM_AGENCY, out->period, out->unit, &out->counts);
        else if (out->kind == INDEX766_UNIT_COMMUNE)
            rc = sum_query(db, &Q_SUM_COMMUNE, out->period, out->unit, &out->counts);
        else
            rc = sum_query(db, &Q_SUM_PROVINCE, out->period, NULL, &out->counts);
    } else {
        rc = index766_scan_dossiers(db, &out->p, "", clock_now(),
                                 out->kind == INDEX766_UNIT_AGENCY ? out->unit : NULL, &m);
        for (size_t i = 0; rc == MC_OK && i < m.n; i++) {
            bool in = true;
            for (size_t k = 0; in && out->kind == INDEX766_UNIT_COMMUNE && k <= ags.n; k++) {
                if (k == ags.n)
                    in = false;
                else if (strcmp(ags.items[k].agency_code, m.v[i].agency) == 0)
                    break;
            }
            if (in)
                idx_counts_add(&out->counts, &m.v[i].c, +1);
        }
    }
    if (rc == MC_OK)
        rc = finish_report(db, out, &ags, true);
out:
    index766_map_release(&m);
    index766_counts_list_release(&ags);
    return rc;
}

/* ---------------------------------------------------------------- JSON */

/* Ranked: at least one indicator measured something.  A unit whose only
 * "data" is the full points for having no feedback did nothing to rank. */
static bool ranked(const struct idx_result *res)
{
    for (int i = 0; i < IDX_INDICATOR_COUNT; i++)
        if (res->ind[i].state == IDX_STATE_SCORED)
            return true;
    return false;
}


static double round_to(double x, double scale)
{
    return round(x * scale) / scale;
}

static const char *state_code(enum idx_state st)
{
    return st == IDX_STATE_NO_DATA ? "chua_co_du_lieu"
           : st == IDX_STATE_EMPTY_FULL ? "khong_phat_sinh" : NULL;
}

static const char *kind_name(enum index766_unit_kind k)
{
    return k == INDEX766_UNIT_AGENCY ? "agency" : k == INDEX766_UNIT_COMMUNE ? "commune"
                                                                       : "province";
}

bool index766_json_no_data(const json_t *o)
{
    return strcmp(jfield_str(o, "state"), "chua_co_du_lieu") == 0;
}

json_t *index766_report_json(const struct index766_report *r)
{
    const struct idx_result *res = &r->result;
    json_t *groups = json_array();
    json_t *o;
    int flat = 0;
    for (int g = 0; g < IDX_GROUP_COUNT; g++) {
        const struct idx_group_def *gd = idx_group_def((enum idx_group)g);
        const struct idx_group_result *gr = &res->group[g];
        json_t *inds = json_array();
        for (size_t k = 0; k < gd->count; k++, flat++) {
            const struct idx_indicator_result *ir = &res->ind[flat];
            const struct idx_input *in = &r->in[flat];
            json_t *io = json_pack("{s:s,s:s,s:I,s:I,s:f,s:f,s:i}", "key", gd->ind[k].key,
                                   "name", gd->ind[k].name, "numerator", (json_int_t)in->num,
                                   "denominator", (json_int_t)in->den, "ratio",
                                   round_to(ir->ratio, 1e4), "points",
                                   round_to(ir->points, 100), "max", ir->max_points);
            if (state_code(ir->state))
                json_object_set_new(io, "state", json_string(state_code(ir->state)));
            json_array_append_new(inds, io);
        }
        json_t *go = json_pack("{s:s,s:s,s:f,s:i,s:i,s:o}", "key", gd->key, "name", gd->name,
                               "points", round_to(gr->points, 100), "max", gr->max_points,
                               "max_available", gr->max_with_data, "indicators", inds);
        if (gr->state == IDX_STATE_NO_DATA)
            json_object_set_new(go, "state", json_string("chua_co_du_lieu"));
        json_array_append_new(groups, go);
    }
    o = json_pack("{s:s,s:s,s:s,s:s,s:f,s:f,s:i}", "unit", r->unit, "name", r->name, "kind",
                  kind_name(r->kind), "period", r->period, "total",
                  ranked(res) ? round_to(res->score_100, 100) : 0.0, "total_available",
                  round_to(res->points, 100), "max_available", res->max_with_data);
    if (!ranked(res))
        json_object_set_new(o, "state", json_string("chua_co_du_lieu"));
    json_object_set_new(o, "groups", groups);
    return o;
}

/* ---------------------------------------------------------------- rankings */

const char *index766_rank_kind_name(enum index766_rank_kind kind)
{
    return kind == INDEX766_RANK_COMMUNES ? "communes" : "agencies";
}

enum mc_status index766_rank_kind_parse(const char *s, enum index766_rank_kind *out)
{
    enum mc_status rc = MC_OK;
    if (s && strcmp(s, "agencies") == 0)
        *out = INDEX766_RANK_AGENCIES;
    else if (s && strcmp(s, "communes") == 0)
        *out = INDEX766_RANK_COMMUNES;
    else
        rc = MC_ERR_INVALID;
    return rc;
}

void index766_ranking_init(struct index766_ranking *r)
{
    memset(r, 0, sizeof(*r));
}

void index766_ranking_release(struct index766_ranking *r)
{
    free(r->rows);
    index766_ranking_init(r);
}

/* The counters of every agency for period p (key), from the table or a scan. */
static enum mc_status period_counts(struct db *db, const struct idx_period *p,
                                    const char *key, struct index766_map *m)
{
    struct db_stmt *st = NULL;
    enum mc_status rc;
    if (p->kind == IDX_PERIOD_RANGE)
        return index766_scan_dossiers(db, p, "", clock_now(), NULL, m);
    rc = db_query_start(db, &Q_PERIOD_ROWS, &st, "s", key);
    while (db_next(st, &rc)) {
        struct idx_dossier_counts c;
        read_sum(st, 1, &c);
        index766_map_add(m, "", db_col_text(st, 0), &c, +1);
    }
    db_done(st);
    return rc;
}

static int by_total(const void *a, const void *b)
{
    const struct index766_rank_row *x = a, *y = b;
    bool rx = ranked(&x->r.result), ry = ranked(&y->r.result);
    if (rx != ry)
        return rx ? -1 : 1;
    if (x->r.result.score_100 != y->r.result.score_100)
        return x->r.result.score_100 > y->r.result.score_100 ? -1 : 1;
    return strcmp(x->r.unit, y->r.unit);
}

static void add_row(struct index766_ranking *out, enum index766_unit_kind kind,
                    const char *code, const char *name, const struct idx_period *p)
{
    struct index766_report *r = &ARRAY_PUSH(out->rows, out->n, out->cap)->r;
    r->kind = kind;
    r->p = *p;
    snprintf(r->unit, sizeof(r->unit), "%s", code);
    snprintf(r->name, sizeof(r->name), "%s", name);
    snprintf(r->period, sizeof(r->period), "%s", out->period);
}

/* Build, score and rank every unit of kind for p (no previous period). */
static enum mc_status rank_period(struct db *db, const struct idx_period *p,
                                  enum index766_rank_kind kind, struct index766_ranking *out)
{
    struct index766_map m;
    struct agency_list ags;
    struct unit_list communes;
    int64_t known = 0;
    struct rank_inputs ri;
    enum mc_status rc;
    index766_map_init(&m);
    agency_list_init(&ags);
    unit_list_init(&communes);
    index766_ranking_release(out);
    out->kind = kind;
    idx_period_format(p, out->period, sizeof(out->period));
    rc = rank_inputs_load(db, p, &ri);
    if (rc != MC_OK || (rc = period_counts(db, p, out->period, &m)) != MC_OK ||
        (rc = agency_list(db, NULL, &ags)) != MC_OK)
        goto out;
    if (kind == INDEX766_RANK_AGENCIES) {
        for (size_t i = 0; i < ags.n; i++)
            add_row(out, INDEX766_UNIT_AGENCY, ags.items[i].code, ags.items[i].name, p);
        /* Agencies known only from dossiers (imported, old codes). */
        for (size_t i = 0; i < m.n; i++) {
            bool listed = false;
            for (size_t k = 0; k < ags.n && !listed; k++)
                listed = strcmp(ags.items[k].code, m.v[i].agency) == 0;
            if (!listed)
                add_row(out, INDEX766_UNIT_AGENCY, m.v[i].agency, "", p);
        }
    } else {
        rc = unit_list_served_communes(db, &communes);
        for (size_t i = 0; i < communes.n; i++)
            add_row(out, INDEX766_UNIT_COMMUNE, communes.items[i].code,
                    communes.items[i].full_name, p);
        if (rc != MC_OK)
            goto out;
    }
    /* Skip the per-unit catalogue queries when no level is recorded. */
    {
        struct db_stmt *cs = NULL;
        bool crow = false;
        rc = db_query_start(db, &Q_CAT_ALL, &cs, "");
        crow = db_next(cs, &rc);
        if (crow)
            known = db_col_int64(cs, 2);
        db_done(cs);
    }
    for (size_t i = 0; rc == MC_OK && i < out->n; i++) {
        struct index766_report *r = &out->rows[i].r;
        struct index766_counts_list list;
        index766_counts_list_init(&list);
        if (r->kind == INDEX766_UNIT_AGENCY) {
            const struct idx_dossier_counts *c = index766_map_get(&m, "", r->unit);
            if (c)
                r->counts = *c;
        } else {
            for (size_t k = 0; k < ags.n; k++) {
                const struct agency *a = &ags.items[k];
                const struct idx_dossier_counts *c;
                if (strcmp(a->unit_code, r->unit) != 0)
                    continue;
                c = index766_map_get(&m, "", a->code);
                if (c)
                    idx_counts_add(&r->counts, c, +1);
                snprintf(ARRAY_PUSH(list.items, list.n, list.cap)->agency_code, INDEX766_CODE_MAX,
                         "%s", a->code);
            }
        }
        if (rc == MC_OK)
            rc = finish_ranked(db, r, &list, known > 0, &ri);
        index766_counts_list_release(&list);
    }
    if (rc != MC_OK)
        goto out;
    if (out->n > 0)
        qsort(out->rows, out->n, sizeof(*out->rows), by_total);
    for (size_t i = 0; i < out->n; i++) {
        struct index766_rank_row *x = &out->rows[i];
        if (!ranked(&x->r.result))
            x->rank = 0;
        else if (i > 0 && ranked(&out->rows[i - 1].r.result) &&
                 out->rows[i - 1].r.result.score_100 == x->r.result.score_100)
            x->rank = out->rows[i - 1].rank;
        else
            x->rank = (int)i + 1;
    }
out:
    rank_inputs_release(&ri);
    unit_list_release(&communes);
    agency_list_release(&ags);
    index766_map_release(&m);
    return rc;
}

/* The period before p of the same kind; false for date ranges. */
static bool previous_period(const struct idx_period *p, struct idx_period *prev)
{
    char s[IDX_PERIOD_STR_SIZE];
    int y, m;
    idx_period_format(p, s, sizeof(s));
    if (p->kind == IDX_PERIOD_RANGE || sscanf(s, "%d", &y) != 1)
        return false;
    if (p->kind == IDX_PERIOD_YEAR) {
        snprintf(s, sizeof(s), "%04d", y - 1);
    } else if (p->kind == IDX_PERIOD_QUARTER) {
        m = s[6] - '0';
        if (m == 1)
            snprintf(s, sizeof(s), "%04d-Q4", y - 1);
        else
            snprintf(s, sizeof(s), "%04d-Q%d", y, m - 1);
    } else {
        m = atoi(s + 5);
        if (m == 1)
            snprintf(s, sizeof(s), "%04d-12", y - 1);
        else
            snprintf(s, sizeof(s), "%04d-%02d", y, m - 1);
    }
    return y > 1970 && idx_period_parse(s, prev) == MC_OK;
}

enum mc_status index766_ranking(struct db *db, const char *period, enum index766_rank_kind kind,
                             struct index766_ranking *out)
{
    struct idx_period p, pp;
    struct index766_ranking prev;
    enum mc_status rc = MC_ERR_INVALID;
    index766_ranking_init(&prev);
    index766_ranking_release(out);
    if (!period || idx_period_parse(period, &p) != MC_OK)
        goto out;
    if ((rc = rank_period(db, &p, kind, out)) != MC_OK)
        goto out;
    if (!previous_period(&p, &pp))
        goto out;
    idx_period_format(&pp, out->previous, sizeof(out->previous));
    if ((rc = rank_period(db, &pp, kind, &prev)) != MC_OK)
        goto out;
    for (size_t i = 0; i < out->n; i++) {
        for (size_t k = 0; k < prev.n; k++) {
            if (strcmp(prev.rows[k].r.unit, out->rows[i].r.unit) != 0)
                continue;
            out->rows[i].prev_rank = prev.rows[k].rank;
            out->rows[i].has_prev = prev.rows[k].rank > 0;
            out->rows[i].prev_total = prev.rows[k].r.result.score_100;
            break;
        }
    }
out:
    index766_ranking_release(&prev);
    return rc;
}

json_t *index766_ranking_json(const struct index766_ranking *r)
{
    json_t *units = json_array();
    for (size_t i = 0; i < r->n; i++) {
        const struct index766_rank_row *x = &r->rows[i];
        const struct idx_result *res = &x->r.result;
        json_t *groups = json_array();
        for (int g = 0; g < IDX_GROUP_COUNT; g++)
            json_array_append_new(
                groups, json_pack("{s:s,s:f,s:i,s:i}", "key",
                                  idx_group_def((enum idx_group)g)->key, "points",
                                  round_to(res->group[g].points, 100), "max",
                                  res->group[g].max_points, "max_available",
                                  res->group[g].max_with_data));
        json_t *u = json_pack("{s:o,s:s,s:s,s:f,s:f,s:i}", "rank",
                              x->rank ? json_integer(x->rank) : json_null(), "unit",
                              x->r.unit, "name", x->r.name, "total",
                              round_to(res->score_100, 100), "total_available",
                              round_to(res->points, 100), "max_available",
                              res->max_with_data);
        bool cmp = x->rank && x->prev_rank && x->has_prev;
        json_object_set_new(u, "previous_rank",
                            x->prev_rank ? json_integer(x->prev_rank) : json_null());
        json_object_set_new(u, "rank_change",
                            cmp ? json_integer(x->prev_rank - x->rank) : json_null());
        json_object_set_new(u, "total_change",
                            cmp && res->has_data
                                ? json_real(round_to(res->score_100 - x->prev_total, 100))
                                : json_null());
        if (!x->rank)
            json_object_set_new(u, "state", json_string("chua_co_du_lieu"));
        json_object_set_new(u, "groups", groups);
        json_array_append_new(units, u);
    }
    return json_pack("{s:s,s:o,s:s,s:o}", "period", r->period, "previous",
                     r->previous[0] ? json_string(r->previous) : json_null(), "kind",
                     index766_rank_kind_name(r->kind), "units", units);
}
