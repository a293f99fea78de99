/*
 * formula.c - the one table defining the 766 index, and its scoring
 * (see formula.h and docs/index-766.md).
 *
 * To change a formula, change its row: max points, kind and
 * full_at_permille (the ratio x1000 from which the indicator earns full
 * points).  idx_formula_check() and tests/unit/index/test_formula.c catch
 * a table that no longer adds up to 100.
 */
#include <string.h>
#include "core/log.h"
#include "domain/index766/formula.h"

#define LIN(max) (max), IDX_KIND_LINEAR, 1000
#define THR(max, permille) (max), IDX_KIND_THRESHOLD, (permille)

/* ------------------------------------------------------------------ */
/* The table: six groups, 21 indicators, in enum order.                */
/* ------------------------------------------------------------------ */

static const struct idx_group_def groups[IDX_GROUP_COUNT] = {
    { "cong_khai", "Công khai, minh bạch", 4, {
        { "cong_bo_dung_han", "Công bố thủ tục hành chính đúng hạn",
          LIN(6), IDX_ZERO_NO_DATA, IDX_SOURCE_CATALOG,
          "Số thủ tục hành chính công bố đúng hạn",
          "Tổng số thủ tục hành chính công bố trong kỳ" },
        { "cong_khai_dung_han", "Cập nhật, công khai thủ tục hành chính đúng hạn",
          LIN(4), IDX_ZERO_NO_DATA, IDX_SOURCE_CATALOG,
          "Số thủ tục hành chính công khai đúng hạn",
          "Tổng số thủ tục hành chính phải cập nhật, công khai trong kỳ" },
        { "cong_khai_day_du", "Công khai đầy đủ các bộ phận tạo thành của thủ tục",
          LIN(2), IDX_ZERO_NO_DATA, IDX_SOURCE_CATALOG,
          "Số thủ tục hành chính công khai đầy đủ các bộ phận tạo thành",
          "Tổng số thủ tục hành chính đang công khai" },
        { "dong_bo_ho_so", "Đồng bộ hồ sơ lên Cổng Dịch vụ công quốc gia",
          LIN(6), IDX_ZERO_NO_DATA, IDX_SOURCE_NONE,
          "Số hồ sơ tiếp nhận trong kỳ đã đồng bộ",
          "Tổng số hồ sơ tiếp nhận trong kỳ" },
    } },
    { "tien_do", "Tiến độ giải quyết", 1, {
        { "giai_quyet_dung_han", "Hồ sơ giải quyết trước hạn, đúng hạn",
          LIN(20), IDX_ZERO_NO_DATA, IDX_SOURCE_DOSSIER,
          "Số hồ sơ đã và đang giải quyết trước hạn, đúng hạn, trong hạn",
          "Tổng số hồ sơ tiếp nhận, giải quyết trong kỳ (kể cả đang giải quyết)" },
    } },
    { "dvc_truc_tuyen", "Dịch vụ công trực tuyến", 3, {
        { "tthc_co_dvctt", "Thủ tục hành chính cung cấp dịch vụ công trực tuyến",
          THR(2, 800), IDX_ZERO_NO_DATA, IDX_SOURCE_CATALOG,
          "Số thủ tục có dịch vụ công trực tuyến (một phần, toàn trình)",
          "Tổng số thủ tục hành chính thuộc thẩm quyền" },
        { "dvctt_phat_sinh_ho_so", "Dịch vụ công trực tuyến có phát sinh hồ sơ",
          LIN(4), IDX_ZERO_NO_DATA, IDX_SOURCE_CATALOG,
          "Số dịch vụ công trực tuyến có ít nhất một hồ sơ trực tuyến trong kỳ",
          "Tổng số dịch vụ công trực tuyến" },
        { "ho_so_truc_tuyen", "Hồ sơ trực tuyến",
          THR(6, 500), IDX_ZERO_NO_DATA, IDX_SOURCE_DOSSIER,
          "Số hồ sơ nộp trực tuyến và có kết quả điện tử, tiếp nhận trong kỳ",
          "Tổng số hồ sơ tiếp nhận trong kỳ" },
    } },
    { "thanh_toan", "Thanh toán trực tuyến", 3, {
        { "ho_so_thanh_toan_truc_tuyen", "Hồ sơ thanh toán trực tuyến",
          LIN(6), IDX_ZERO_NO_DATA, IDX_SOURCE_DOSSIER,
          "Số hồ sơ có phí, lệ phí được thanh toán trực tuyến",
          "Tổng số hồ sơ có phí, lệ phí tiếp nhận trong kỳ" },
        { "tthc_co_giao_dich_tttt", "Thủ tục có phát sinh giao dịch thanh toán trực tuyến",
          THR(2, 800), IDX_ZERO_NO_DATA, IDX_SOURCE_CATALOG,
          "Số thủ tục có phí, lệ phí có ít nhất một hồ sơ thanh toán trực tuyến",
          "Tổng số thủ tục có phí, lệ phí" },
        { "tthc_tich_hop_tttt", "Thủ tục được tích hợp thanh toán trực tuyến",
          THR(2, 800), IDX_ZERO_NO_DATA, IDX_SOURCE_CATALOG,
          "Số thủ tục có phí, lệ phí được tích hợp thanh toán trực tuyến",
          "Tổng số thủ tục có phí, lệ phí" },
    } },
    { "so_hoa", "Số hóa hồ sơ", 7, {
        { "ket_qua_dien_tu", "Hồ sơ được cấp kết quả giải quyết điện tử",
          LIN(6), IDX_ZERO_NO_DATA, IDX_SOURCE_DOSSIER,
          "Số hồ sơ giải quyết xong có kết quả điện tử",
          "Tổng số hồ sơ giải quyết xong trong kỳ" },
        { "so_hoa_thanh_phan", "Hồ sơ được số hóa thành phần hồ sơ",
          LIN(4), IDX_ZERO_NO_DATA, IDX_SOURCE_DOSSIER,
          "Số hồ sơ được số hóa thành phần, tiếp nhận trong kỳ",
          "Tổng số hồ sơ tiếp nhận trong kỳ" },
        { "chung_thuc_dien_tu", "Chứng thực bản sao điện tử từ bản chính",
          LIN(2), IDX_ZERO_NO_DATA, IDX_SOURCE_NONE,
          "Số yêu cầu chứng thực được cấp bản sao điện tử",
          "Tổng số yêu cầu chứng thực bản sao từ bản chính" },
        { "tai_su_dung", "Khai thác, sử dụng lại thông tin, dữ liệu số hóa",
          THR(2, 800), IDX_ZERO_NO_DATA, IDX_SOURCE_DOSSIER,
          "Số hồ sơ sử dụng lại dữ liệu đã số hóa, tiếp nhận trong kỳ",
          "Tổng số hồ sơ tiếp nhận trong kỳ" },
        { "kho_du_lieu_ca_nhan", "Kết nối, chia sẻ với Kho dữ liệu cá nhân",
          LIN(4), IDX_ZERO_NO_DATA, IDX_SOURCE_DOSSIER,
          "Số hồ sơ lấy thành phần từ, hoặc trả kết quả vào Kho dữ liệu cá nhân",
          "Tổng số hồ sơ tiếp nhận trong kỳ" },
        { "ho_so_dung_csdl_dan_cu", "Hồ sơ sử dụng dữ liệu dân cư",
          LIN(2), IDX_ZERO_NO_DATA, IDX_SOURCE_NONE,
          "Số hồ sơ sử dụng dữ liệu từ Cơ sở dữ liệu quốc gia về dân cư",
          "Tổng số hồ sơ tiếp nhận trong kỳ" },
        { "tthc_ket_noi_csdl_dan_cu", "Thủ tục kết nối, chia sẻ dữ liệu dân cư",
          LIN(2), IDX_ZERO_NO_DATA, IDX_SOURCE_NONE,
          "Số thủ tục có kết nối, chia sẻ dữ liệu dân cư",
          "Tổng số thủ tục có đối tượng thực hiện là người dân" },
    } },
    { "hai_long", "Mức độ hài lòng", 3, {
        { "pakn_dung_han", "Xử lý phản ánh, kiến nghị đúng hạn",
          LIN(6), IDX_ZERO_FULL, IDX_SOURCE_FEEDBACK,
          "Số phản ánh, kiến nghị xử lý đúng hạn",
          "Tổng số phản ánh, kiến nghị tiếp nhận, xử lý trong kỳ" },
        { "pakn_hai_long", "Hài lòng trong xử lý phản ánh, kiến nghị",
          LIN(6), IDX_ZERO_FULL, IDX_SOURCE_FEEDBACK,
          "Số phản ánh, kiến nghị không bị đánh giá không hài lòng hay quá hạn",
          "Tổng số phản ánh, kiến nghị tiếp nhận trong kỳ" },
        { "hai_long_tthc", "Hài lòng trong tiếp nhận, giải quyết thủ tục hành chính",
          THR(6, 900), IDX_ZERO_NO_DATA, IDX_SOURCE_DOSSIER,
          "Số hồ sơ không quá hạn, không bị phản ánh, không bị đánh giá không hài lòng",
          "Tổng số hồ sơ tiếp nhận, giải quyết trong kỳ" },
    } },
};

#undef LIN
#undef THR

/* ------------------------------------------------------------------ */
/* Table access                                                        */
/* ------------------------------------------------------------------ */

/* Walk the groups to the flat position i; NULL past the end. */
static const struct idx_indicator_def *locate(int i, enum idx_group *group_out)
{
    const struct idx_indicator_def *def = NULL;
    int g;
    if (i < 0)
        goto out;
    for (g = 0; g < IDX_GROUP_COUNT; g++) {
        if ((size_t)i < groups[g].count) {
            def = &groups[g].ind[i];
            if (group_out)
                *group_out = (enum idx_group)g;
            goto out;
        }
        i -= (int)groups[g].count;
    }
out:
    return def;
}

const struct idx_group_def *idx_group_def(enum idx_group g)
{
    const struct idx_group_def *def = NULL;
    if ((int)g >= 0 && g < IDX_GROUP_COUNT)
        def = &groups[g];
    return def;
}

const struct idx_indicator_def *idx_indicator_def(enum idx_indicator i)
{
    const struct idx_indicator_def *def = NULL;
    if ((int)i >= 0 && i < IDX_INDICATOR_COUNT)
        def = locate((int)i, NULL);
    return def;
}

enum idx_group idx_indicator_group(enum idx_indicator i)
{
    enum idx_group g = IDX_GROUP_COUNT;
    if ((int)i >= 0 && i < IDX_INDICATOR_COUNT)
        (void)locate((int)i, &g);
    return g;
}

int idx_group_max_points(enum idx_group g)
{
    int sum = 0;
    const struct idx_group_def *def = idx_group_def(g);
    for (size_t k = 0; def && k < def->count; k++)
        sum += def->ind[k].max_points;
    return sum;
}

enum mc_status idx_indicator_find(const char *key, enum idx_indicator *out)
{
    enum mc_status st = MC_ERR_INVALID;
    if (!key || !out)
        goto out;
    st = MC_ERR_NOT_FOUND;
    for (int i = 0; i < IDX_INDICATOR_COUNT; i++) {
        const struct idx_indicator_def *def = locate(i, NULL);
        if (def && strcmp(def->key, key) == 0) {
            *out = (enum idx_indicator)i;
            st = MC_OK;
            goto out;
        }
    }
out:
    return st;
}

enum mc_status idx_group_find(const char *key, enum idx_group *out)
{
    enum mc_status st = MC_ERR_INVALID;
    if (!key || !out)
        goto out;
    st = MC_ERR_NOT_FOUND;
    for (int g = 0; g < IDX_GROUP_COUNT; g++) {
        if (strcmp(groups[g].key, key) == 0) {
            *out = (enum idx_group)g;
            st = MC_OK;
            goto out;
        }
    }
out:
    return st;
}

enum mc_status idx_formula_check(void)
{
    enum mc_status st = MC_ERR_INTERNAL;
    int n = 0, total = 0;
    for (int g = 0; g < IDX_GROUP_COUNT; g++) {
        if (groups[g].count == 0 || groups[g].count > IDX_GROUP_MAX_INDICATORS) {
            log_error("index: group %s has %zu indicators", groups[g].key,
                      groups[g].count);
            goto out;
        }
        n += (int)groups[g].count;
    }
    if (n != IDX_INDICATOR_COUNT) {
        log_error("index: table has %d indicators, enum has %d", n, IDX_INDICATOR_COUNT);
        goto out;
    }
    for (int i = 0; i < IDX_INDICATOR_COUNT; i++) {
        const struct idx_indicator_def *d = locate(i, NULL);
        bool linear_ok = d->kind != IDX_KIND_LINEAR || d->full_at_permille == 1000;
        if (!d->key || !d->name || !d->numerator || !d->denominator ||
            d->max_points <= 0 || d->full_at_permille <= 0 ||
            d->full_at_permille > 1000 || !linear_ok) {
            log_error("index: indicator row %d (%s) is malformed", i,
                      d->key ? d->key : "?");
            goto out;
        }
        for (int j = 0; j < i; j++) {
            if (strcmp(locate(j, NULL)->key, d->key) == 0) {
                log_error("index: indicator key %s is duplicated", d->key);
                goto out;
            }
        }
        total += d->max_points;
    }
    if (total != 100) {
        log_error("index: maximum points add up to %d, not 100", total);
        goto out;
    }
    st = MC_OK;
out:
    return st;
}

/* ------------------------------------------------------------------ */
/* Scoring                                                             */
/* ------------------------------------------------------------------ */

enum mc_status idx_indicator_score(enum idx_indicator i, const struct idx_input *in,
                                   struct idx_indicator_result *out)
{
    enum mc_status st = MC_ERR_INVALID;
    const struct idx_indicator_def *def = idx_indicator_def(i);
    int64_t num;
    if (!out)
        goto out;
    memset(out, 0, sizeof(*out));
    if (!def || !in || in->num < 0 || in->den < 0 || in->num > IDX_COUNT_MAX ||
        in->den > IDX_COUNT_MAX)
        goto out;
    out->max_points = def->max_points;
    out->state = IDX_STATE_NO_DATA;
    st = MC_OK;
    if (!in->available)
        goto out;
    if (in->den == 0) {
        if (def->when_zero == IDX_ZERO_FULL) {
            out->state = IDX_STATE_EMPTY_FULL;
            out->ratio = 1.0;
            out->points = def->max_points;
        }
        goto out;
    }
    num = in->num;
    if (num > in->den) {
        num = in->den;
        out->clamped = true;
    }
    out->state = IDX_STATE_SCORED;
    out->ratio = (double)num / (double)in->den;
    /* Full points from the threshold on, decided exactly on the counts:
     * num/den >= permille/1000  <=>  num*1000 >= den*permille. */
    if (num * 1000 >= in->den * def->full_at_permille)
        out->points = def->max_points;
    else
        out->points = (double)def->max_points * (double)num * 1000.0 /
                      ((double)in->den * (double)def->full_at_permille);
out:
    return st;
}

enum mc_status idx_compute(const struct idx_input in[IDX_INDICATOR_COUNT],
                           struct idx_result *out)
{
    enum mc_status st = MC_ERR_INVALID;
    if (!out)
        goto out;
    memset(out, 0, sizeof(*out));
    if (!in)
        goto out;
    for (int i = 0; i < IDX_INDICATOR_COUNT; i++) {
        struct idx_indicator_result *r = &out->ind[i];
        struct idx_group_result *gr;
        st = idx_indicator_score((enum idx_indicator)i, &in[i], r);
        if (st != MC_OK)
            goto out;
        gr = &out->group[idx_indicator_group((enum idx_indicator)i)];
        gr->max_points += r->max_points;
        out->max_points += r->max_points;
        if (r->state == IDX_STATE_NO_DATA)
            continue;
        gr->state = IDX_STATE_SCORED;
        gr->points += r->points;
        gr->max_with_data += r->max_points;
        out->points += r->points;
        out->max_with_data += r->max_points;
    }
    out->has_data = out->max_with_data > 0;
    if (out->has_data)
        out->score_100 = 100.0 * out->points / (double)out->max_with_data;
    st = MC_OK;
out:
    if (st != MC_OK && out)
        memset(out, 0, sizeof(*out));
    return st;
}

const char *idx_state_label(enum idx_state st)
{
    const char *label = IDX_NO_DATA_LABEL;
    if (st == IDX_STATE_SCORED)
        label = "có dữ liệu";
    else if (st == IDX_STATE_EMPTY_FULL)
        label = "không phát sinh, tính đủ điểm";
    return label;
}
