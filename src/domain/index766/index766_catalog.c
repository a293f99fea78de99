/*
 * index766_catalog.c - the indicators fed by the catalogue's publication
 * data and flags (cong_bo_dung_han, cong_khai_dung_han, cong_khai_day_du,
 * tthc_co_giao_dich_tttt, tthc_tich_hop_tttt) and by the vault
 * (kho_du_lieu_ca_nhan), for one unit and period (see index766-int.h,
 * docs/index-766.md "Publication, payment and vault").
 */
#include <stdlib.h>
#include <string.h>
#include "core/array.h"
#include "core/clock.h"
#include "core/log.h"
#include "domain/calendar/calendar_store.h"
#include "domain/catalog/publication.h"
#include "domain/index766/index766-int.h"

#define PUB_COLS                                                                          \
    "pp.decision_date, pp.effective_date, pp.public_date, pp.parts, pp.fee_bearing,"      \
    " pp.payment_online, pp.payment_integrated"

/* A dossier of procedure pp paid online and received in [?1, ?2). */
#define PAID_DOSSIER                                                                      \
    "SELECT 1 FROM dossiers d WHERE d.procedure_code = pp.procedure_code"                 \
    " AND d.received_at >= ?1 AND d.received_at < ?2 AND d.has_fee = 1"                   \
    " AND d.paid_online IN (1, 2)"

/* The procedures an agency implements: its routes, or a dossier received there. */
#define AGENCY_PROCS(agencies)                                                            \
    " (pp.procedure_code IN (SELECT r.procedure_code FROM procedure_routes r"             \
    " WHERE r.level = 'province' AND (r.competent_code " agencies                         \
    " OR r.implementing_code " agencies "))"                                              \
    " OR pp.procedure_code IN (SELECT x.procedure_code FROM dossiers x"                   \
    " WHERE x.received_at < ?2 AND x.agency_code " agencies "))"

#define ONE_AGENCY "= ?3"
#define COMMUNE_AGENCIES "IN (SELECT a.code FROM agencies a WHERE a.unit_code = ?3)"

static const struct db_query Q_PUB_ALL = {
    "index.pub_all",
    "SELECT " PUB_COLS ", CASE WHEN EXISTS (" PAID_DOSSIER ") THEN 1 ELSE 0 END"
    " FROM procedure_publication pp",
};
static const struct db_query Q_PUB_AGENCY = {
    "index.pub_agency",
    "SELECT " PUB_COLS ", CASE WHEN EXISTS (" PAID_DOSSIER " AND d.agency_code " ONE_AGENCY
    ") THEN 1 ELSE 0 END FROM procedure_publication pp WHERE" AGENCY_PROCS(ONE_AGENCY),
};
static const struct db_query Q_PUB_COMMUNE = {
    "index.pub_commune",
    "SELECT " PUB_COLS ", CASE WHEN EXISTS (" PAID_DOSSIER " AND d.agency_code "
    COMMUNE_AGENCIES ") THEN 1 ELSE 0 END FROM procedure_publication pp WHERE"
    AGENCY_PROCS(COMMUNE_AGENCIES),
};

/*
 * Dossiers received in [?1, ?2); of them, those linked to the personal
 * vault.  The links are few: IN over them is one hashed set per query,
 * not two index probes per dossier.
 */
#define VAULT_LINKED                                                                      \
    "COALESCE(SUM(CASE WHEN d.id IN (SELECT f.dossier_id FROM dossier_files f"           \
    " WHERE f.vault_item_id IS NOT NULL) OR d.id IN (SELECT v.source_dossier_id"          \
    " FROM vault_items v WHERE v.kind = 'result') THEN 1 ELSE 0 END), 0)"
#define VAULT_COLS                                                                        \
    "SELECT COUNT(*), " VAULT_LINKED " FROM dossiers d WHERE d.received_at >= ?1"         \
    " AND d.received_at < ?2"

static const struct db_query Q_VAULT_ALL = {
    "index.vault_all", VAULT_COLS,
};
static const struct db_query Q_VAULT_AGENCY = {
    "index.vault_agency", VAULT_COLS " AND d.agency_code " ONE_AGENCY,
};
static const struct db_query Q_VAULT_COMMUNE = {
    "index.vault_commune", VAULT_COLS " AND d.agency_code " COMMUNE_AGENCIES,
};
/* The same per agency, for a ranking. */
static const struct db_query Q_VAULT_BY_AGENCY = {
    "index.vault_by_agency",
    "SELECT d.agency_code, COUNT(*), " VAULT_LINKED " FROM dossiers d"
    " WHERE d.received_at >= ?1 AND d.received_at < ?2 GROUP BY d.agency_code",
};
/* Whether any procedure has publication data (else the sums are all 0). */
static const struct db_query Q_PUB_ANY = {
    "index.pub_any", "SELECT COUNT(*) FROM (SELECT 1 FROM procedure_publication LIMIT 1) x",
};

void index766_pub_add(struct index766_pub_sums *s, const struct catalog_publication *p,
                      const struct catalog_pub_verdict *v, bool paid)
{
    s->announce_den += v->announce_counted;
    s->announce_num += v->announce_counted && v->announce_on_time;
    s->public_den += v->public_counted;
    s->public_num += v->public_counted && v->public_on_time;
    s->full_den += v->full_counted;
    s->full_num += v->full_counted && v->full;
    if (p->fee_bearing) {
        s->fee++;
        s->fee_paid += p->payment_online || paid;
        s->fee_integrated += p->payment_integrated;
    }
}

void index766_pub_to_input(const struct index766_pub_sums *s,
                           struct idx_input in[IDX_INDICATOR_COUNT])
{
    in[IDX_CONG_BO_DUNG_HAN] = (struct idx_input){s->announce_num, s->announce_den, true};
    in[IDX_CONG_KHAI_DUNG_HAN] = (struct idx_input){s->public_num, s->public_den, true};
    in[IDX_CONG_KHAI_DAY_DU] = (struct idx_input){s->full_num, s->full_den, true};
    in[IDX_TTHC_CO_GIAO_DICH_TTTT] = (struct idx_input){s->fee_paid, s->fee, true};
    in[IDX_TTHC_TICH_HOP_TTTT] = (struct idx_input){s->fee_integrated, s->fee, true};
}

enum mc_status index766_pub_inputs(struct db *db, struct index766_report *r,
                                  const struct calendar *cal)
{
    struct index766_pub_sums s;
    struct db_stmt *st = NULL;
    int64_t j = clock_now() < r->p.end - 1 ? clock_now() : r->p.end - 1;
    enum mc_status rc;
    memset(&s, 0, sizeof(s));
    if (r->kind == INDEX766_UNIT_PROVINCE)
        rc = db_query_start(db, &Q_PUB_ALL, &st, "ii", r->p.start, r->p.end);
    else
        rc = db_query_start(db, r->kind == INDEX766_UNIT_AGENCY ? &Q_PUB_AGENCY : &Q_PUB_COMMUNE,
                            &st, "iis", r->p.start, r->p.end, r->unit);
    while (db_next(st, &rc)) {
        struct catalog_publication p;
        struct catalog_pub_verdict v;
        memset(&p, 0, sizeof(p));
        p.decision_date = db_col_int64(st, 0);
        p.effective_date = db_col_int64(st, 1);
        p.public_date = db_col_int64(st, 2);
        p.parts = (unsigned)db_col_int64(st, 3);
        p.fee_bearing = db_col_int64(st, 4) != 0;
        p.payment_online = db_col_int64(st, 5) != 0;
        p.payment_integrated = db_col_int64(st, 6) != 0;
        if (catalog_pub_judge(&p, cal, r->p.start, j, &v) != MC_OK)
            log_warn("index: a procedure's publication dates are out of the calendar's range");
        index766_pub_add(&s, &p, &v, db_col_int64(st, 7) != 0);
    }
    db_done(st);
    if (rc == MC_OK)
        index766_pub_to_input(&s, r->in);
    return rc;
}

enum mc_status index766_pub_any(struct db *db, bool *any)
{
    int64_t n = 0;
    enum mc_status rc = db_get_int(db, &Q_PUB_ANY, &n, "");
    *any = n > 0;
    return rc;
}

/* kho_du_lieu_ca_nhan of r's unit: one query. */
static enum mc_status vault_inputs(struct db *db, struct index766_report *r)
{
    struct db_stmt *st = NULL;
    int64_t num = 0, den = 0;
    enum mc_status rc;
    if (r->kind == INDEX766_UNIT_PROVINCE)
        rc = db_query_start(db, &Q_VAULT_ALL, &st, "ii", r->p.start, r->p.end);
    else
        rc = db_query_start(db, r->kind == INDEX766_UNIT_AGENCY ? &Q_VAULT_AGENCY
                                                                : &Q_VAULT_COMMUNE,
                            &st, "iis", r->p.start, r->p.end, r->unit);
    if (db_next(st, &rc)) {
        den = db_col_int64(st, 0);
        num = db_col_int64(st, 1);
    }
    db_done(st);
    r->in[IDX_KHO_DU_LIEU_CA_NHAN] = (struct idx_input){num, den, true};
    return rc;
}

enum mc_status index766_vault_by_agency(struct db *db, const struct idx_period *p,
                                        struct index766_vault_map *out)
{
    struct db_stmt *st = NULL;
    enum mc_status rc = db_query_start(db, &Q_VAULT_BY_AGENCY, &st, "ii", p->start, p->end);
    while (db_next(st, &rc)) {
        const char *code = db_col_text(st, 0);
        size_t i = (size_t)strmap_put(&out->codes, code, strlen(code), (int64_t)out->n);
        if (i == out->n)
            (void)ARRAY_PUSH(out->v, out->n, out->cap);
        out->v[i].den = db_col_int64(st, 1);
        out->v[i].num = db_col_int64(st, 2);
    }
    db_done(st);
    return rc;
}

void index766_vault_add(const struct index766_vault_map *m, const char *agency,
                        struct idx_input *in)
{
    int64_t i;
    if (strmap_get(&m->codes, agency, strlen(agency), &i)) {
        in->num += m->v[i].num;
        in->den += m->v[i].den;
    }
    in->available = true;
}

void index766_vault_map_release(struct index766_vault_map *m)
{
    strmap_release(&m->codes);
    free(m->v);
    memset(m, 0, sizeof(*m));
}

enum mc_status index766_publication_inputs(struct db *db, struct index766_report *r)
{
    struct calendar cal;
    enum mc_status rc;
    calendar_load_or_default(db, &cal, "index");
    rc = index766_pub_inputs(db, r, &cal);
    calendar_release(&cal);
    return rc == MC_OK ? vault_inputs(db, r) : rc;
}
