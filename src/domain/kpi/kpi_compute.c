/*
 * kpi_compute.c - the value of every KPI for a unit and a period, from
 * the platform's data, with the target that applies (see kpi.h,
 * docs/internals/kpi.md).
 *
 * Each KPI has one filler below, named after its key.  A filler sets the
 * numerator and the denominator it knows; finish_row() turns them into a
 * value or into the reason there is none, so the rule "a zero or missing
 * denominator is never 0 % or 100 %" is written once.
 */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/seal.h"
#include "core/array.h"
#include "core/assets.h"
#include "core/csv.h"
#include "core/log.h"
#include "core/mem.h"
#include "core/text.h"
#include "core/vnfmt.h"
#include "domain/calendar/date.h"
#include "domain/catalog/publication.h"
#include "domain/index766/index766.h"
#include "domain/kpi/kpi-int.h"
#include "domain/units/unit.h"

/* The rows of one unit: ?3 kind (0 province, 1 agency, 2 commune), ?4 code. */
#define UNIT_FILTER(col)                                                    \
    " (?3 = 0 OR (?3 = 1 AND " col " = ?4) OR (?3 = 2 AND " col " IN"       \
    " (SELECT code FROM agencies WHERE unit_code = ?4)))"

/* The province this installation serves: the province its agencies sit in. */
static const struct db_query Q_PROVINCE = {
    "kpi.province",
    "SELECT u.code FROM units u WHERE u.level = 'province' AND EXISTS"
    " (SELECT 1 FROM agencies a WHERE a.unit_code = u.code) ORDER BY u.code LIMIT 1",
};
static const struct db_query Q_TARGET = {
    "kpi.target",
    "SELECT target, basis FROM kpi_targets WHERE kpi_key = ?1 AND org_code = ?2 AND year = ?3",
};
/* Ratings of dossiers lodged online, given in the period, by field and value.
 * The ratings of the period drive (dossier_ratings_created), each probing
 * its dossier: "+d.channel" keeps SQLite from reading every online dossier
 * ever lodged through kpi_dossiers_online_people instead (bench/growth.sh:
 * 50 ms at 1,000,000 dossiers, 449 ms at 10,000,000). */
static const struct db_query Q_RATINGS = {
    "kpi.ratings",
    "SELECT r.field, r.overall, COUNT(*) FROM dossier_ratings r JOIN dossiers d"
    " ON d.id = r.dossier_id WHERE +d.channel = 2 AND r.created_at >= ?1"
    " AND r.created_at < ?2 AND" UNIT_FILTER("r.agency_code")
    " GROUP BY r.field, r.overall",
};
/* Feedback received in the period (refused items aside): all, published. */
static const struct db_query Q_FEEDBACK = {
    "kpi.feedback",
    "SELECT COUNT(*), COALESCE(SUM(CASE WHEN published_at IS NOT NULL THEN 1 ELSE 0 END), 0)"
    " FROM feedback WHERE received_at >= ?1 AND received_at < ?2 AND status <> 'rejected'"
    " AND" UNIT_FILTER("agency_code"),
};
/* Citizen accounts at the period's end: all, bound to a verified identity. */
static const struct db_query Q_ACCOUNTS = {
    "kpi.accounts",
    "SELECT COUNT(*), COALESCE(SUM(CASE WHEN cccd IS NOT NULL AND"
    " ((phone_verified_at IS NOT NULL AND phone_verified_at < ?1)"
    " OR (email_verified_at IS NOT NULL AND email_verified_at < ?1)) THEN 1 ELSE 0 END), 0)"
    " FROM users WHERE kind = 'citizen' AND created_at < ?1",
};
/* The identity numbers of people with a dossier lodged online in the period. */
static const struct db_query Q_ONLINE_PEOPLE = {
    "kpi.online_people",
    "SELECT DISTINCT COALESCE(u.cccd_bidx, d.contact_id_bidx, d.contact_id) FROM dossiers d"
    " LEFT JOIN users u ON u.id = d.applicant_id WHERE d.channel = 2"
    " AND d.received_at >= ?1 AND d.received_at < ?2 AND" UNIT_FILTER("d.agency_code"),
};
/* Entered denominators of a kind and year: the sum, and how many units. */
static const struct db_query Q_DEN_SUM = {
    "kpi.den_sum",
    "SELECT COALESCE(SUM(value), 0), COUNT(*) FROM kpi_denominators WHERE kind = ?1"
    " AND year = ?2 AND (?3 = '' OR unit_code = ?3)",
};
/* Communes with an agency, and how many of them entered kind for a year. */
static const struct db_query Q_DEN_COVER = {
    "kpi.den_cover",
    "SELECT COUNT(*), COALESCE(SUM(CASE WHEN EXISTS (SELECT 1 FROM kpi_denominators k"
    " WHERE k.kind = ?1 AND k.year = ?2 AND k.unit_code = u.code) THEN 1 ELSE 0 END), 0)"
    " FROM units u WHERE u.level = 'commune' AND EXISTS"
    " (SELECT 1 FROM agencies a WHERE a.unit_code = u.code)",
};
/* Staff headcounts entered by the agencies of a unit for a year. */
static const struct db_query Q_DEN_AGENCIES = {
    "kpi.den_agencies",
    "SELECT COALESCE(SUM(value), 0), COUNT(*) FROM kpi_denominators WHERE kind = ?1"
    " AND year = ?2 AND" UNIT_FILTER("unit_code"),
};

/* ---------------------------------------------------------------- the unit */

static enum mc_status province_code(struct db *db, char out[KPI_CODE_MAX])
{
    enum mc_status rc = db_get_text(db, &Q_PROVINCE, out, KPI_CODE_MAX, "");
    return rc == MC_ERR_NOT_FOUND ? MC_OK : rc;
}

enum mc_status kpi_resolve_unit(struct db *db, const char *unit, struct kpi_table *t,
                                char org[KPI_CODE_MAX])
{
    enum unit_code_kind kind = UNIT_CODE_PROVINCE;
    char prov[KPI_CODE_MAX];
    char name[KPI_NAME_MAX];
    enum mc_status rc = province_code(db, prov);
    t->kind = KPI_UNIT_PROVINCE;
    t->unit[0] = '\0';
    snprintf(t->name, sizeof(t->name), "Toàn tỉnh");
    snprintf(org, KPI_CODE_MAX, "T%.16s.UBND", prov);
    if (rc != MC_OK || !unit || !*unit)
        return rc;
    if (strlen(unit) >= KPI_CODE_MAX)
        return MC_ERR_NOT_FOUND;
    rc = unit_or_agency_name(db, unit, &kind, name, sizeof(name));
    if (rc == MC_OK && kind == UNIT_CODE_PROVINCE) {
        if (strcmp(unit, prov) != 0)
            rc = MC_ERR_NOT_FOUND;   /* another province */
    } else if (rc == MC_OK) {
        t->kind = kind == UNIT_CODE_AGENCY ? KPI_UNIT_AGENCY : KPI_UNIT_COMMUNE;
        snprintf(t->unit, sizeof(t->unit), "%s", unit);
        snprintf(t->name, sizeof(t->name), "%s", name);
        snprintf(org, KPI_CODE_MAX, "%s", unit);
    }
    return rc;
}

/* ---------------------------------------------------------------- targets */

/* The targets the shipped plans set (data/programme/kpi-overrides-*.csv),
 * read once. */
struct shipped {
    char key[KPI_KEY_MAX];
    char org[KPI_CODE_MAX];
    int year;
    double target;
    char basis[KPI_NAME_MAX];
};
static struct shipped *shipped_rows;
static size_t shipped_n, shipped_cap;
static pthread_once_t shipped_once = PTHREAD_ONCE_INIT;

static void copy_cell(struct csv_field f, char *dst, size_t size)
{
    size_t n = f.len < size - 1 ? f.len : size - 1;
    memcpy(dst, f.ptr, n);
    dst[n] = '\0';
}

static void load_shipped(void)
{
    static const char prefix[] = "data/programme/kpi-overrides-";
    for (const struct asset *a = mc_assets; a->path; a++) {
        struct csv_reader r;
        struct csv_record rec;
        struct csv_column cols[] = {
            {"ma_chi_tieu", true, CSV_NO_COLUMN}, {"ma_don_vi", true, CSV_NO_COLUMN},
            {"nam", true, CSV_NO_COLUMN},         {"muc_tieu", true, CSV_NO_COLUMN},
            {"can_cu", true, CSV_NO_COLUMN},
        };
        if (strncmp(a->path, prefix, sizeof(prefix) - 1) != 0)
            continue;
        csv_reader_init_mem(&r, a->data, (size_t)a->len, NULL);
        enum mc_status rc = csv_reader_next(&r, &rec);
        if (rc == MC_OK)
            rc = csv_header_map(&rec, cols, MC_ARRAY_LEN(cols), NULL);
        while (rc == MC_OK && csv_reader_next(&r, &rec) == MC_OK) {
            struct csv_field t = csv_record_get(&rec, cols[3].index);
            if (t.len == 0)
                continue;   /* a definition only */
            struct shipped *o = ARRAY_PUSH(shipped_rows, shipped_n, shipped_cap);
            copy_cell(csv_record_get(&rec, cols[0].index), o->key, sizeof(o->key));
            copy_cell(csv_record_get(&rec, cols[1].index), o->org, sizeof(o->org));
            o->year = atoi(csv_record_get(&rec, cols[2].index).ptr);
            o->target = strtod(t.ptr, NULL);
            copy_cell(csv_record_get(&rec, cols[4].index), o->basis, sizeof(o->basis));
        }
        csv_reader_release(&r);
    }
}

static bool shipped_override(const char *key, const char *org, int year, double *target,
                             char *basis, size_t basis_size)
{
    pthread_once(&shipped_once, load_shipped);
    for (size_t i = 0; i < shipped_n; i++) {
        const struct shipped *o = &shipped_rows[i];
        if (o->year == year && strcmp(o->key, key) == 0 && strcmp(o->org, org) == 0) {
            *target = o->target;
            snprintf(basis, basis_size, "%s", o->basis);
            return true;
        }
    }
    return false;
}

enum mc_status kpi_find_target(struct db *db, const struct kpi_def *d, const char *org, int year,
                               struct kpi_row *row)
{
    struct db_stmt *st = NULL;
    enum mc_status rc = db_get_row(db, &Q_TARGET, &st, "ssi", d->key, org, (int64_t)year);
    if (rc == MC_OK) {
        row->has_target = true;
        row->target = db_col_double(st, 0);
        db_col_copy(st, 1, row->target_basis, sizeof(row->target_basis));
    }
    db_done(st);
    if (rc != MC_ERR_NOT_FOUND)
        return rc;
    if (shipped_override(d->key, org, year, &row->target, row->target_basis,
                         sizeof(row->target_basis))) {
        row->has_target = true;
        return MC_OK;
    }
    /* 1588: the 2025 target holds from 2025 on; the 2030 one from 2030, or
     * earlier as the goal in view when 1588 sets none for 2025. */
    double t = year >= 2030 && d->target_2030 >= 0 ? d->target_2030
               : d->target_2025 >= 0              ? d->target_2025
                                                  : d->target_2030;
    if (t >= 0) {
        row->has_target = true;
        row->target = t;
        snprintf(row->target_basis, sizeof(row->target_basis), "QĐ 1588/QĐ-TTg");
    }
    return MC_OK;
}

/* ---------------------------------------------------------------- the fillers */

struct ctx {
    struct db *db;
    struct kpi_table *t;
    struct idx_period p;
    bool have_counts;
    struct idx_dossier_counts counts;     /* the unit's 766 counters for the period */
    bool narrow;                          /* the row's narrower count (fillers[]) */
};

static void set_nd(struct kpi_row *r, int64_t num, int64_t den)
{
    r->has_numerator = true;
    r->numerator = num;
    r->has_denominator = true;
    r->denominator = den;
}

/* The agencies serving a commune's table into *out (initialised); nothing for other units. */
static enum mc_status commune_agencies(struct ctx *c, struct agency_list *out)
{
    return c->t->kind == KPI_UNIT_COMMUNE ? agency_list(c->db, c->t->unit, out) : MC_OK;
}

/* Whether agency counts for the table's unit; a commune's agencies are in ags. */
static bool agency_in_unit(struct ctx *c, const char *agency, const struct agency_list *ags)
{
    if (c->t->kind == KPI_UNIT_PROVINCE)
        return true;
    if (c->t->kind == KPI_UNIT_AGENCY)
        return strcmp(agency, c->t->unit) == 0;
    for (size_t i = 0; i < ags->n; i++)
        if (strcmp(ags->items[i].code, agency) == 0)
            return true;
    return false;
}

/* The unit's 766 counters for the period, read once per computation. */
static enum mc_status dossier_counts(struct ctx *c)
{
    struct index766_counts_list l;
    struct agency_list ags;
    if (c->have_counts)
        return MC_OK;
    index766_counts_list_init(&l);
    agency_list_init(&ags);
    memset(&c->counts, 0, sizeof(c->counts));
    enum mc_status rc = commune_agencies(c, &ags);
    if (rc == MC_OK)
        rc = index766_counters_get(c->db, c->t->period, &l);
    for (size_t i = 0; rc == MC_OK && i < l.n; i++) {
        if (!agency_in_unit(c, l.items[i].agency_code, &ags))
            continue;
        for (size_t k = 0; k < idx_counts_field_count(); k++)
            *idx_counts_field(&c->counts, k) += *idx_counts_field(&l.items[i].c, k);
    }
    index766_counts_list_release(&l);
    agency_list_release(&ags);
    c->have_counts = rc == MC_OK;
    return rc;
}

/* The share of the received dossiers lodged online, or (narrow) handled fully online. */
static enum mc_status fill_online(struct ctx *c, struct kpi_row *r)
{
    enum mc_status rc = dossier_counts(c);
    if (rc == MC_OK)
        set_nd(r, c->narrow ? c->counts.online : c->counts.lodged_online, c->counts.received);
    r->drill = true;
    return rc;
}

/* True when a procedure field (lĩnh vực) is land, construction or investment. */
bool kpi_field_is_land(const char *field)
{
    struct buf f;
    bool yes = false;
    buf_init(&f, BUF_MAX_SMALL);
    if (text_fold(field, strlen(field), &f) == MC_OK && f.len) {
        const char *s = buf_cstr(&f);
        yes = strstr(s, "dat dai") || strstr(s, "xay dung") || strstr(s, "dau tu");
    }
    buf_release(&f);
    return yes;
}

/* The share of satisfied ratings of dossiers lodged online, (narrow) in land fields only. */
static enum mc_status fill_ratings(struct ctx *c, struct kpi_row *r)
{
    struct db_stmt *st = NULL;
    int64_t num = 0, den = 0;
    enum mc_status rc = db_query_start(c->db, &Q_RATINGS, &st, "iiis", c->p.start, c->p.end,
                                       (int64_t)c->t->kind, c->t->unit);
    while (db_next(st, &rc)) {
        if (c->narrow && !kpi_field_is_land(db_col_text(st, 0)))
            continue;
        int64_t n = db_col_int64(st, 2);
        den += n;
        if (db_col_int64(st, 1) <= 2)
            num += n;
    }
    db_done(st);
    if (rc == MC_OK)
        set_nd(r, num, den);
    r->drill = true;
    return rc;
}

static enum mc_status fill_feedback(struct ctx *c, struct kpi_row *r)
{
    struct db_stmt *st = NULL;
    enum mc_status rc = db_get_row(c->db, &Q_FEEDBACK, &st, "iiis", c->p.start, c->p.end,
                                   (int64_t)c->t->kind, c->t->unit);
    if (rc == MC_OK)
        set_nd(r, db_col_int64(st, 1), db_col_int64(st, 0));
    db_done(st);
    r->drill = true;
    return rc;
}

static void province_only(struct kpi_row *r)
{
    snprintf(r->no_data, sizeof(r->no_data), "chỉ tính cho toàn tỉnh");
}

static enum mc_status fill_catalog(struct ctx *c, struct kpi_row *r)
{
    int64_t full = 0, eligible = 0;
    enum mc_status rc;
    if (c->t->kind != KPI_UNIT_PROVINCE) {
        province_only(r);
        return MC_OK;
    }
    /* Eligible procedures: the catalogue's flag (domain/catalog/publication.h). */
    rc = catalog_eligible_counts(c->db, &full, &eligible);
    if (rc == MC_OK)
        set_nd(r, full, eligible);
    return rc;
}

static enum mc_status fill_accounts(struct ctx *c, struct kpi_row *r)
{
    struct db_stmt *st = NULL;
    enum mc_status rc;
    if (c->t->kind != KPI_UNIT_PROVINCE) {
        province_only(r);
        return MC_OK;
    }
    rc = db_get_row(c->db, &Q_ACCOUNTS, &st, "i", c->p.end);
    if (rc == MC_OK)
        set_nd(r, db_col_int64(st, 1), db_col_int64(st, 0));
    db_done(st);
    return rc;
}

int kpi_birth_year(const char *cccd)
{
    /* 12 digits: province (3), century and sex (1), year (2), serial (6). */
    static const int century[] = {1900, 1900, 2000, 2000, 2100, 2100, 2200, 2200, 2300, 2300};
    if (!cccd || strlen(cccd) != 12 || !text_is_digits(cccd, 12))
        return 0;
    return century[cccd[3] - '0'] + (cccd[4] - '0') * 10 + (cccd[5] - '0');
}

static enum mc_status count_adults(struct ctx *c, int64_t *out)
{
    struct db_stmt *st = NULL;
    int64_t n = 0;
    enum mc_status rc = db_query_start(c->db, &Q_ONLINE_PEOPLE, &st, "iiis", c->p.start,
                                       c->p.end, (int64_t)c->t->kind, c->t->unit);
    while (db_next(st, &rc)) {
        char id[64];   /* an account's CCCD is sealed at rest */
        if ((rc = seal_col_open(st, 0, id, sizeof(id))) != MC_OK)
            break;
        int born = kpi_birth_year(id);
        if (born > 0 && c->t->year - born >= 18)
            n++;
    }
    db_done(st);
    *out = n;
    return rc;
}

/* The entered denominator kind of the unit for the year; *known false when
 * missing (for the province: when a commune with an agency has none). */
static enum mc_status entered(struct ctx *c, const char *kind, int64_t *value, bool *known,
                              char *why, size_t why_size)
{
    struct db_stmt *st = NULL;
    enum mc_status rc = MC_OK;
    bool per_agency = strcmp(kind, KPI_DEN_STAFF) == 0;
    *known = false;
    *value = 0;
    if (per_agency) {
        rc = db_get_row(c->db, &Q_DEN_AGENCIES, &st, "siis", kind, (int64_t)c->t->year,
                        (int64_t)c->t->kind, c->t->unit);
        if (rc == MC_OK && db_col_int64(st, 1) > 0) {
            *value = db_col_int64(st, 0);
            *known = true;
        }
    } else if (c->t->kind == KPI_UNIT_AGENCY) {
        snprintf(why, why_size, "mẫu số nhập theo xã, phường");
    } else if (c->t->kind == KPI_UNIT_COMMUNE || strcmp(kind, KPI_DEN_PUPILS) == 0) {
        const char *unit = c->t->kind == KPI_UNIT_COMMUNE ? c->t->unit : "";
        rc = db_get_row(c->db, &Q_DEN_SUM, &st, "sis", kind, (int64_t)c->t->year, unit);
        if (rc == MC_OK && db_col_int64(st, 1) > 0) {
            *value = db_col_int64(st, 0);
            *known = true;
        }
    } else {
        rc = db_get_row(c->db, &Q_DEN_COVER, &st, "si", kind, (int64_t)c->t->year);
        int64_t communes = rc == MC_OK ? db_col_int64(st, 0) : 0;
        int64_t done = rc == MC_OK ? db_col_int64(st, 1) : 0;
        db_done(st);
        st = NULL;
        if (rc == MC_OK && communes > 0 && done == communes) {
            rc = db_get_row(c->db, &Q_DEN_SUM, &st, "sis", kind, (int64_t)c->t->year, "");
            if (rc == MC_OK) {
                *value = db_col_int64(st, 0);
                *known = true;
            }
        } else if (rc == MC_OK && done > 0) {
            snprintf(why, why_size, "chưa có dữ liệu: %lld/%lld xã, phường đã nhập mẫu số",
                     (long long)done, (long long)communes);
        }
    }
    db_done(st);
    return rc == MC_ERR_NOT_FOUND ? MC_OK : rc;
}

static enum mc_status fill_adults(struct ctx *c, struct kpi_row *r)
{
    int64_t den = 0, num = 0;
    bool known = false;
    enum mc_status rc = entered(c, KPI_DEN_ADULTS, &den, &known, r->no_data,
                                sizeof(r->no_data));
    if (rc == MC_OK && c->t->kind != KPI_UNIT_AGENCY)
        rc = count_adults(c, &num);
    if (rc == MC_OK && c->t->kind != KPI_UNIT_AGENCY) {
        r->has_numerator = true;
        r->numerator = num;
    }
    r->has_denominator = known;
    r->denominator = den;
    return rc;
}

/* A KPI whose numerator comes from a module the platform does not have
 * yet: the entered denominator is shown, never a value. */
static enum mc_status fill_missing_numerator(struct ctx *c, struct kpi_row *r)
{
    const char *kind = r->def->ext_denominator;
    enum mc_status rc = MC_OK;
    if (kind[0]) {
        int64_t den = 0;
        bool known = false;
        char why[KPI_NAME_MAX] = "";
        rc = entered(c, kind, &den, &known, why, sizeof(why));
        r->has_denominator = known;
        r->denominator = den;
    }
    snprintf(r->no_data, sizeof(r->no_data), "%s",
             r->def->source == KPI_SRC_REPORTED ? "chưa có báo cáo được chấp nhận"
                                                : VNFMT_NO_DATA);
    return rc;
}

static enum mc_status fill_improving(struct ctx *c, struct kpi_row *r)
{
    struct index766_ranking rk;
    struct agency_list ags;
    char y[8];
    int64_t num = 0, den = 0;
    index766_ranking_init(&rk);
    agency_list_init(&ags);
    snprintf(y, sizeof(y), "%d", c->t->year);
    enum mc_status rc = commune_agencies(c, &ags);
    if (rc == MC_OK)
        rc = index766_ranking(c->db, y, INDEX766_RANK_AGENCIES, &rk);
    for (size_t i = 0; rc == MC_OK && i < rk.n; i++) {
        const struct index766_rank_row *x = &rk.rows[i];
        if (!x->rank || !x->has_prev || !agency_in_unit(c, x->r.unit, &ags))
            continue;
        den++;
        if (x->r.result.score_100 + 1e-9 >= x->prev_total)
            num++;
    }
    if (rc == MC_OK)
        set_nd(r, num, den);
    index766_ranking_release(&rk);
    agency_list_release(&ags);
    return rc;
}

typedef enum mc_status (*filler)(struct ctx *c, struct kpi_row *r);

struct filler_def {
    const char *key;
    filler fill;
    bool narrow;        /* struct ctx: fill_online(), fill_ratings() count the narrower set */
};

static const struct filler_def fillers[] = {
    {"ho_so_hoan_toan_truc_tuyen", fill_online, true},
    {"ho_so_nop_truc_tuyen", fill_online, false},
    {"nguoi_truong_thanh_su_dung", fill_adults, false},
    {"hai_long_dvctt", fill_ratings, false},
    {"hai_long_dat_dai_xay_dung_dau_tu", fill_ratings, true},
    {"y_kien_tiep_thu_cong_khai", fill_feedback, false},
    {"tthc_toan_trinh", fill_catalog, false},
    {"dinh_danh_xac_thuc", fill_accounts, false},
    {"co_quan_cai_tien_lien_tuc", fill_improving, false},
};

static const struct filler_def *filler_of(const char *key)
{
    static const struct filler_def missing = {"", fill_missing_numerator, false};
    for (size_t i = 0; i < MC_ARRAY_LEN(fillers); i++)
        if (strcmp(fillers[i].key, key) == 0)
            return &fillers[i];
    return &missing;
}

/* Value from numerator and denominator, or the reason there is none. */
void kpi_finish_row(struct kpi_row *r)
{
    if (r->no_data[0])
        return;
    if (!r->has_denominator || !r->has_numerator) {
        snprintf(r->no_data, sizeof(r->no_data), "%s", VNFMT_NO_DATA);
    } else if (r->denominator <= 0) {
        snprintf(r->no_data, sizeof(r->no_data), "%s",
                 r->def->zero_text[0] ? r->def->zero_text : VNFMT_NO_DATA);
    } else {
        r->has_value = true;
        r->value = round((double)r->numerator * 1000.0 / (double)r->denominator) / 10.0;
    }
}

static bool period_allowed(const struct kpi_def *d, enum idx_period_kind k)
{
    return (k == IDX_PERIOD_MONTH && (d->periods & KPI_MONTH)) ||
           (k == IDX_PERIOD_QUARTER && (d->periods & KPI_QUARTER)) ||
           (k == IDX_PERIOD_YEAR && (d->periods & KPI_YEAR));
}

enum mc_status kpi_compute(struct db *db, const char *unit, const char *period,
                           const char *only_key, struct kpi_table *out)
{
    size_t n = 0;
    const struct kpi_def *defs = kpi_defs(&n);
    char org[KPI_CODE_MAX];
    struct ctx c = {.db = db, .t = out};
    int y, m, d;
    enum mc_status rc = MC_OK;

    memset(out, 0, sizeof(*out));
    if (!defs)
        return MC_ERR_INTERNAL;
    if (!period || idx_period_parse(period, &c.p) != MC_OK || c.p.kind == IDX_PERIOD_RANGE)
        return MC_ERR_INVALID;
    if (only_key && !kpi_def_find(only_key))
        return MC_ERR_NOT_FOUND;
    idx_period_format(&c.p, out->period, sizeof(out->period));
    calendar_date_to_ymd(calendar_date_of(c.p.start), &y, &m, &d);
    out->year = y;
    rc = kpi_resolve_unit(db, unit, out, org);
    for (size_t i = 0; rc == MC_OK && i < n; i++) {
        struct kpi_row *r = &out->rows[i];
        r->def = &defs[i];
        out->n++;
        if (only_key && strcmp(only_key, defs[i].key) != 0)
            continue;
        rc = kpi_find_target(db, &defs[i], org, y, r);
        if (rc != MC_OK)
            break;
        if (!period_allowed(&defs[i], c.p.kind)) {
            snprintf(r->no_data, sizeof(r->no_data), "chỉ tính theo năm");
            continue;
        }
        const struct filler_def *f = filler_of(defs[i].key);
        c.narrow = f->narrow;
        rc = f->fill(&c, r);
        kpi_finish_row(r);
    }
    return rc;
}
