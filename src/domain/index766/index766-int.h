/*
 * index-int.h - internals shared by the index_*.c files: the map of
 * counters by (period, agency), the dossier scan, unit scopes.
 * Nothing outside src/index includes this.
 * Thread-safety: caller's connection and memory only.
 */
#ifndef MC_INDEX766_INT_H
#define MC_INDEX766_INT_H

#include "domain/index766/index766.h"
#include "core/strmap.h"
#include "domain/catalog/publication.h"

#define INDEX766_PERIOD_KEY_MAX 32   /* "2026-Q4", "2026-10", "2026" with room */

/* The index766_counters columns, in idx_counts_field_name() order (tested). */
#define COUNT_COLS                                                                       \
    "counted, received, finished, on_time, late, overdue_pending, second_supplement,"   \
    " lodged_online, online, with_fee, paid_online, with_result, e_result, digitised,"  \
    " reused, complained, unsatisfied, satisfied"

/* Counters by (period, agency): a core string map onto an array of entries. */
struct index766_map_entry {
    char period[INDEX766_PERIOD_KEY_MAX];
    char agency[INDEX766_CODE_MAX];
    struct idx_dossier_counts c;
};

struct index766_map {
    struct strmap keys;              /* "period\x1fagency" -> index in v */
    struct index766_map_entry *v;    /* n entries, in the order they were added */
    size_t n, cap;
};

void index766_map_init(struct index766_map *m);
void index766_map_release(struct index766_map *m);
/* m[period, agency] += sign * c. */
void index766_map_add(struct index766_map *m, const char *period, const char *agency,
                   const struct idx_dossier_counts *c, int sign);
/* The counters of (period, agency), or NULL when m has none. */
const struct idx_dossier_counts *index766_map_get(const struct index766_map *m,
                                                  const char *period, const char *agency);

/*
 * Classify every dossier row received before p->end as of as_of and add
 * its counts to m under (period_key, agency).  agency NULL: every agency.
 */
enum mc_status index766_scan_dossiers(struct db *db, const struct idx_period *p,
                                   const char *period_key, int64_t as_of,
                                   const char *agency, struct index766_map *m) MC_WARN_UNUSED;

/* True when every counter of c is 0. */
bool index766_counts_zero(const struct idx_dossier_counts *c);

/* Convert a map (one period) to a list ordered by agency code. */
void index766_map_to_list(const struct index766_map *m, struct index766_counts_list *out);

/* The period key of the month (y, m) etc. into out (INDEX766_PERIOD_KEY_MAX). */
void index766_key_month(int y, int m, char *out);

/*
 * Resolve unit (agency, commune or province code; NULL or "" the
 * province) into r->kind, r->unit and r->name.  MC_ERR_NOT_FOUND for an
 * unknown code.
 */
enum mc_status index766_resolve_unit(struct db *db, const char *unit, struct index766_report *r)
    MC_WARN_UNUSED;

/* The publication and payment counts of a unit's procedures (index766_catalog.c). */
struct index766_pub_sums {
    int64_t announce_num, announce_den;   /* cong_bo_dung_han */
    int64_t public_num, public_den;       /* cong_khai_dung_han */
    int64_t full_num, full_den;           /* cong_khai_day_du */
    int64_t fee;                          /* fee-bearing procedures */
    int64_t fee_paid;                     /* ... with an online payment (flag or dossier) */
    int64_t fee_integrated;               /* ... integrated with online payment */
};

/* Add one procedure (its data p, verdict v, paid: a dossier paid online in the period). */
void index766_pub_add(struct index766_pub_sums *s, const struct catalog_publication *p,
                      const struct catalog_pub_verdict *v, bool paid);
/* Set the five inputs from s (available = true). */
void index766_pub_to_input(const struct index766_pub_sums *s,
                           struct idx_input in[IDX_INDICATOR_COUNT]);

/*
 * The inputs of cong_bo_dung_han, cong_khai_dung_han, cong_khai_day_du,
 * tthc_co_giao_dich_tttt, tthc_tich_hop_tttt and kho_du_lieu_ca_nhan for
 * r's unit and period (r->kind, r->unit, r->p set), judged as of the
 * period's last second or now, whichever comes first.  Procedures of an
 * agency: those its routes name (procedure_routes, province level:
 * competent or implementing) and those with a dossier received there
 * before the period's end; a commune: its agencies'; the province: every
 * procedure with publication data.  Returns MC_OK or MC_ERR_DB.
 */
enum mc_status index766_publication_inputs(struct db *db, struct index766_report *r)
    MC_WARN_UNUSED;
/*
 * The publication part of index766_publication_inputs (the five inputs
 * before kho_du_lieu_ca_nhan), judged with cal, which the caller loaded
 * (calendar_load_or_default) and keeps: a ranking loads it once.
 */
enum mc_status index766_pub_inputs(struct db *db, struct index766_report *r,
                                   const struct calendar *cal) MC_WARN_UNUSED;
/* *any: whether any procedure has publication data (without, every sum is 0). */
enum mc_status index766_pub_any(struct db *db, bool *any) MC_WARN_UNUSED;

/* kho_du_lieu_ca_nhan per agency for a ranking: agency code -> v[i]. */
struct index766_vault_counts {
    int64_t num, den;   /* linked to the vault, received */
};
struct index766_vault_map {
    struct strmap codes;              /* agency code -> index into v */
    struct index766_vault_counts *v;
    size_t n, cap;
};
/*
 * Every agency code with a dossier received in p, with its counts, into
 * out (zeroed first by the caller; release with index766_vault_map_release):
 * one query for the whole ranking, the same counts as the per-unit ones.
 */
enum mc_status index766_vault_by_agency(struct db *db, const struct idx_period *p,
                                        struct index766_vault_map *out) MC_WARN_UNUSED;
/* Add agency's counts from m to *in (nothing when it has none); in->available = true. */
void index766_vault_add(const struct index766_vault_map *m, const char *agency,
                        struct idx_input *in);
void index766_vault_map_release(struct index766_vault_map *m);

#endif
