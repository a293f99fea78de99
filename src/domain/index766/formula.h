/*
 * formula.h - the Decision 766 service-quality index: groups, indicators,
 * and how a numerator/denominator pair becomes points.
 *
 * The whole definition (stable keys, Vietnamese names, maximum points,
 * formula kind, threshold, what a zero denominator means, where the data
 * comes from) is one static table in formula.c, so a changed decision is a
 * data change.  docs/index-766.md describes the table and every
 * interpretation made.
 *
 * DESIGN
 *   Every indicator is scored the same way from a ratio r in [0,1]:
 *       points = max * min(1, r / full_at)
 *   full_at = 1 for a linear indicator (max * r); below 1 it is the ratio
 *   from which the indicator earns full points ("min(2, 2*A/0.8)" is
 *   max 2, full_at 0.8; "min(2, 2.5*B)" is max 2, full_at 0.8).  The
 *   "full points from X on" test is done in integers on the counts, so an
 *   exact 80% always earns full points whatever the floating-point
 *   rounding of 0.8.
 *
 *   An indicator the platform holds no source data for is "chưa có dữ
 *   liệu" (IDX_STATE_NO_DATA): it is shown with its maximum, earns nothing
 *   and is left out of both the earned points and the points that had
 *   data.  A zero denominator is either "full points" (the feedback
 *   indicators: no feedback means nothing was late or unsatisfying) or
 *   "no data" (every other indicator), as the table says.
 *
 *   Totals: points earned out of the points that had data, and the same
 *   scaled to 100 (score_100 = 100 * points / max_with_data), which is the
 *   figure used for ranking.  With every indicator fed the two agree with
 *   the national 100-point total.
 *
 * Everything here is pure computation on caller memory: thread-safe.
 */
#ifndef MC_INDEX766_FORMULA_H
#define MC_INDEX766_FORMULA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "core/status.h"

/* The six groups, in the order of DESIGN.md section 3. */
enum idx_group {
    IDX_G_CONG_KHAI,        /* Công khai, minh bạch (18) */
    IDX_G_TIEN_DO,          /* Tiến độ giải quyết (20) */
    IDX_G_DVC_TRUC_TUYEN,   /* Dịch vụ công trực tuyến (12) */
    IDX_G_THANH_TOAN,       /* Thanh toán trực tuyến (10) */
    IDX_G_SO_HOA,           /* Số hóa hồ sơ (22) */
    IDX_G_HAI_LONG,         /* Mức độ hài lòng (18) */
    IDX_GROUP_COUNT
};

/* The 21 indicators, in table order (grouped as above). */
enum idx_indicator {
    IDX_CONG_BO_DUNG_HAN,
    IDX_CONG_KHAI_DUNG_HAN,
    IDX_CONG_KHAI_DAY_DU,
    IDX_DONG_BO_HO_SO,
    IDX_GIAI_QUYET_DUNG_HAN,
    IDX_TTHC_CO_DVCTT,
    IDX_DVCTT_PHAT_SINH_HO_SO,
    IDX_HO_SO_TRUC_TUYEN,
    IDX_HO_SO_THANH_TOAN_TRUC_TUYEN,
    IDX_TTHC_CO_GIAO_DICH_TTTT,
    IDX_TTHC_TICH_HOP_TTTT,
    IDX_KET_QUA_DIEN_TU,
    IDX_SO_HOA_THANH_PHAN,
    IDX_CHUNG_THUC_DIEN_TU,
    IDX_TAI_SU_DUNG,
    IDX_KHO_DU_LIEU_CA_NHAN,
    IDX_HO_SO_DUNG_CSDL_DAN_CU,
    IDX_TTHC_KET_NOI_CSDL_DAN_CU,
    IDX_PAKN_DUNG_HAN,
    IDX_PAKN_HAI_LONG,
    IDX_HAI_LONG_TTHC,
    IDX_INDICATOR_COUNT
};

/* Largest number of indicators in one group (so_hoa has 7). */
#define IDX_GROUP_MAX_INDICATORS 7
/* Largest count accepted as a numerator or denominator. */
#define IDX_COUNT_MAX ((int64_t)1000000000000)
/* The label shown for an indicator without source data. */
#define IDX_NO_DATA_LABEL "chưa có dữ liệu"

enum idx_kind {
    IDX_KIND_LINEAR,      /* max * r (full_at_permille is 1000) */
    IDX_KIND_THRESHOLD,   /* min(max, max * r / full_at) */
};

/* What a zero denominator means for an indicator. */
enum idx_when_zero {
    IDX_ZERO_NO_DATA,     /* nothing to measure: "chưa có dữ liệu" */
    IDX_ZERO_FULL,        /* nothing went wrong: full points */
};

/* Where the numerator and denominator come from. */
enum idx_source {
    IDX_SOURCE_DOSSIER,   /* counters from rules766/dossier_rules */
    IDX_SOURCE_CATALOG,   /* procedure catalogue (with dossiers for some) */
    IDX_SOURCE_FEEDBACK,  /* phản ánh kiến nghị module */
    IDX_SOURCE_NONE,      /* data the platform does not hold yet */
};

/* One row of the table.  All strings are static. */
struct idx_indicator_def {
    const char *key;              /* stable key, e.g. "ho_so_truc_tuyen" */
    const char *name;             /* Vietnamese name, full diacritics */
    int max_points;               /* points at full score, > 0 */
    enum idx_kind kind;           /* for display; scoring uses full_at */
    int full_at_permille;         /* ratio (x1000) earning full points */
    enum idx_when_zero when_zero; /* meaning of a zero denominator */
    enum idx_source source;       /* which module feeds it */
    const char *numerator;        /* Vietnamese: what is counted above */
    const char *denominator;      /* Vietnamese: what is counted below */
};

struct idx_group_def {
    const char *key;              /* stable key, e.g. "tien_do" */
    const char *name;             /* Vietnamese name */
    size_t count;                 /* indicators used in ind[] */
    struct idx_indicator_def ind[IDX_GROUP_MAX_INDICATORS];
};

/* Input for one indicator, produced by whoever owns the data. */
struct idx_input {
    int64_t num;                  /* numerator count, 0..IDX_COUNT_MAX */
    int64_t den;                  /* denominator count, 0..IDX_COUNT_MAX */
    bool available;               /* false: the platform has no such data */
};

enum idx_state {
    IDX_STATE_NO_DATA = 0,        /* "chưa có dữ liệu": excluded from totals */
    IDX_STATE_SCORED,             /* ratio and points computed from counts */
    IDX_STATE_EMPTY_FULL,         /* denominator 0 and the table gives full points */
};

struct idx_indicator_result {
    enum idx_state state;         /* see enum idx_state */
    double ratio;                 /* num/den clamped to [0,1]; 1 if EMPTY_FULL, 0 if NO_DATA */
    double points;                /* 0..max_points; 0 when NO_DATA */
    int max_points;               /* from the table, shown even when NO_DATA */
    bool clamped;                 /* num > den was clamped to ratio 1 */
};

struct idx_group_result {
    enum idx_state state;         /* NO_DATA when no indicator had data, else SCORED */
    double points;                /* sum over indicators with data */
    int max_points;               /* sum of all indicators' maxima */
    int max_with_data;            /* sum of maxima of indicators with data */
};

struct idx_result {
    struct idx_indicator_result ind[IDX_INDICATOR_COUNT];
    struct idx_group_result group[IDX_GROUP_COUNT];
    double points;                /* earned, over indicators with data */
    int max_points;               /* 100 */
    int max_with_data;            /* the points that had data */
    double score_100;             /* 100 * points / max_with_data; 0 if none */
    bool has_data;                /* max_with_data > 0 */
};

/* ---- the table ---- */

/* The definition of group g, or NULL when g is out of range.  Static. */
const struct idx_group_def *idx_group_def(enum idx_group g);
/* The definition of indicator i, or NULL when out of range.  Static. */
const struct idx_indicator_def *idx_indicator_def(enum idx_indicator i);
/* The group indicator i belongs to (IDX_GROUP_COUNT when out of range). */
enum idx_group idx_indicator_group(enum idx_indicator i);
/* Maximum points of group g (the sum of its indicators); 0 out of range. */
int idx_group_max_points(enum idx_group g);

/*
 * Look up an indicator or a group by its stable key (exact, ASCII).
 * out: OUT, set only on success.
 * Returns MC_OK, MC_ERR_NOT_FOUND for an unknown key, MC_ERR_INVALID for
 * NULL.
 */
enum mc_status idx_indicator_find(const char *key, enum idx_indicator *out)
    MC_WARN_UNUSED;
enum mc_status idx_group_find(const char *key, enum idx_group *out) MC_WARN_UNUSED;

/*
 * Check the table's invariants (21 indicators, keys unique, maxima total
 * 100, thresholds in (0,1000], linear rows at 1000).  Returns MC_OK or
 * MC_ERR_INTERNAL (and logs the first broken row).  Call at start-up and
 * in tests after editing the table.
 */
enum mc_status idx_formula_check(void) MC_WARN_UNUSED;

/* ---- scoring ---- */

/*
 * Score one indicator.
 * in: the counts; out: OUT, fully written on success.
 * Returns MC_OK; MC_ERR_INVALID when i is out of range, a pointer is NULL
 * or a count is negative or above IDX_COUNT_MAX (out is then zeroed).
 * num > den is not an error: the ratio is clamped to 1 and out->clamped set.
 */
enum mc_status idx_indicator_score(enum idx_indicator i, const struct idx_input *in,
                                   struct idx_indicator_result *out) MC_WARN_UNUSED;

/*
 * Score the whole index: every indicator, every group and the totals.
 * in: IDX_INDICATOR_COUNT inputs indexed by enum idx_indicator (an input
 * left zeroed, available = false, is "chưa có dữ liệu").
 * out: OUT, fully written on success, zeroed on failure.
 * Returns MC_OK or MC_ERR_INVALID (see idx_indicator_score).
 */
enum mc_status idx_compute(const struct idx_input in[IDX_INDICATOR_COUNT],
                           struct idx_result *out) MC_WARN_UNUSED;

/* Vietnamese label for a state ("chưa có dữ liệu", ...).  Static. */
const char *idx_state_label(enum idx_state st);

#endif
