/*
 * kpi.c - the KPI table parsed from the embedded data/programme/kpis.csv,
 * the names of sources and denominators, and how a row is written
 * (value text, attainment, JSON).  See kpi.h.
 */
#include "domain/kpi/kpi.h"
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/assets.h"
#include "core/csv.h"
#include "core/log.h"
#include "core/vnfmt.h"

#define KPI_TABLE_PATH "data/programme/kpis.csv"

static struct kpi_def table[KPI_COUNT];
static size_t table_n;
static pthread_once_t table_once = PTHREAD_ONCE_INIT;

/* ---------------------------------------------------------------- parsing */

enum col {
    C_MA, C_TEN, C_T2025, C_T2030, C_HANG_NAM, C_NGUON, C_TU_SO, C_MAU_SO, C_MAU_SO_NGOAI,
    C_CONG_THUC, C_KHI_0, C_KY, C_CONG_KHAI, C_CAN_CU, C_COUNT
};

static void copy_field(struct csv_field f, char *dst, size_t size)
{
    size_t n = f.len < size - 1 ? f.len : size - 1;
    memcpy(dst, f.ptr, n);
    dst[n] = '\0';
}

static double parse_target(struct csv_field f)
{
    char tmp[32];
    char *end = NULL;
    if (f.len == 0 || f.len >= sizeof(tmp))
        return -1;
    copy_field(f, tmp, sizeof(tmp));
    double v = strtod(tmp, &end);
    return (end && *end == '\0' && v >= 0 && v <= 100) ? v : -1;
}

static enum mc_status parse_source(struct csv_field f, enum kpi_source *out)
{
    static const enum kpi_source all[] = {KPI_SRC_COMPUTED, KPI_SRC_SURVEY, KPI_SRC_REPORTED,
                                          KPI_SRC_EXTERNAL};
    for (size_t i = 0; i < MC_ARRAY_LEN(all); i++) {
        if (csv_field_equals(f, kpi_source_name(all[i]))) {
            *out = all[i];
            return MC_OK;
        }
    }
    return MC_ERR_INVALID;
}

static unsigned parse_periods(struct csv_field f)
{
    unsigned flags = 0;
    if (strstr(f.ptr, "tháng"))
        flags |= KPI_MONTH;
    if (strstr(f.ptr, "quý"))
        flags |= KPI_QUARTER;
    if (strstr(f.ptr, "năm"))
        flags |= KPI_YEAR;
    return flags;
}

static enum mc_status parse_row(const struct csv_record *rec, const struct csv_column *cols,
                                struct kpi_def *d)
{
    struct csv_field f[C_COUNT];
    for (size_t i = 0; i < C_COUNT; i++)
        f[i] = csv_record_get(rec, cols[i].index);
    memset(d, 0, sizeof(*d));
    if (f[C_MA].len == 0 || f[C_MA].len >= sizeof(d->key))
        return MC_ERR_INVALID;
    copy_field(f[C_MA], d->key, sizeof(d->key));
    copy_field(f[C_TEN], d->name, sizeof(d->name));
    d->target_2025 = parse_target(f[C_T2025]);
    d->target_2030 = parse_target(f[C_T2030]);
    d->yearly = csv_field_equals(f[C_HANG_NAM], "1");
    copy_field(f[C_TU_SO], d->numerator, sizeof(d->numerator));
    copy_field(f[C_MAU_SO], d->denominator, sizeof(d->denominator));
    copy_field(f[C_MAU_SO_NGOAI], d->ext_denominator, sizeof(d->ext_denominator));
    copy_field(f[C_CONG_THUC], d->formula, sizeof(d->formula));
    copy_field(f[C_KHI_0], d->zero_text, sizeof(d->zero_text));
    copy_field(f[C_CAN_CU], d->basis, sizeof(d->basis));
    d->periods = parse_periods(f[C_KY]);
    d->is_public = csv_field_equals(f[C_CONG_KHAI], "1");
    if (d->periods == 0)
        return MC_ERR_INVALID;
    return parse_source(f[C_NGUON], &d->source);
}

static void load_table(void)
{
    static const char *names[C_COUNT] = {
        "ma", "ten", "muc_tieu_2025", "muc_tieu_2030", "hang_nam", "nguon_so_lieu", "tu_so",
        "mau_so", "mau_so_ngoai", "cong_thuc", "khi_mau_so_bang_0", "ky", "cong_khai", "can_cu",
    };
    struct csv_column cols[C_COUNT];
    const struct asset *a = asset_find(KPI_TABLE_PATH);
    struct csv_reader r;
    struct csv_record rec;
    enum mc_status rc = a ? MC_OK : MC_ERR_NOT_FOUND;
    size_t n = 0;

    for (size_t i = 0; i < C_COUNT; i++)
        cols[i] = (struct csv_column){names[i], true, CSV_NO_COLUMN};
    csv_reader_init_mem(&r, a ? a->data : "", a ? (size_t)a->len : 0, NULL);
    if (rc == MC_OK)
        rc = csv_reader_next(&r, &rec);
    if (rc == MC_OK)
        rc = csv_header_map(&rec, cols, C_COUNT, NULL);
    while (rc == MC_OK) {
        rc = csv_reader_next(&r, &rec);
        if (rc != MC_OK)
            break;
        if (n == KPI_COUNT) {
            rc = MC_ERR_TOO_LARGE;
            break;
        }
        rc = parse_row(&rec, cols, &table[n]);
        if (rc == MC_OK)
            n++;
    }
    csv_reader_release(&r);
    if (rc != CSV_END || n != KPI_COUNT) {
        log_error("kpi: %s does not parse (%zu rows)", KPI_TABLE_PATH, n);
        n = 0;
    }
    table_n = n;
}

const struct kpi_def *kpi_defs(size_t *n)
{
    pthread_once(&table_once, load_table);
    *n = table_n;
    return table_n ? table : NULL;
}

const struct kpi_def *kpi_def_find(const char *key)
{
    size_t n = 0;
    const struct kpi_def *d = kpi_defs(&n);
    for (size_t i = 0; key && i < n; i++)
        if (strcmp(d[i].key, key) == 0)
            return &d[i];
    return NULL;
}

/* The name and label of each source, in enum order; an unknown one reads as computed. */
static const struct {
    const char *name, *label;
} sources[] = {
    [KPI_SRC_COMPUTED] = {"computed", "Tính từ dữ liệu hệ thống"},
    [KPI_SRC_SURVEY] = {"survey", "Khảo sát"},
    [KPI_SRC_REPORTED] = {"reported", "Theo báo cáo của cơ quan"},
    [KPI_SRC_EXTERNAL] = {"external-denominator", "Mẫu số nhập theo năm"},
};

static size_t source_index(enum kpi_source s)
{
    return (size_t)s < MC_ARRAY_LEN(sources) ? (size_t)s : KPI_SRC_COMPUTED;
}

const char *kpi_source_name(enum kpi_source s)
{
    return sources[source_index(s)].name;
}

const char *kpi_source_label(enum kpi_source s)
{
    return sources[source_index(s)].label;
}

const char *kpi_den_kind_label(const char *kind)
{
    static const struct {
        const char *kind, *label;
    } kinds[] = {
        {KPI_DEN_ADULTS, "Dân số từ đủ 18 tuổi (theo xã, phường)"},
        {KPI_DEN_TEAM, "Thành viên Tổ công nghệ số cộng đồng (theo xã, phường)"},
        {KPI_DEN_STAFF, "Cán bộ trực tiếp vận hành hệ thống (theo cơ quan)"},
        {KPI_DEN_PUPILS, "Học sinh trung học phổ thông, sinh viên (theo trường)"},
    };
    for (size_t i = 0; kind && i < MC_ARRAY_LEN(kinds); i++)
        if (strcmp(kinds[i].kind, kind) == 0)
            return kinds[i].label;
    return NULL;
}

/* ---------------------------------------------------------------- rows */

const char *kpi_row_value_text(const struct kpi_row *r, char *out, size_t size)
{
    if (r->has_value)
        vnfmt_percent(out, size, r->value);
    else
        snprintf(out, size, "%s", r->no_data[0] ? r->no_data : VNFMT_NO_DATA);
    return out;
}

double kpi_row_attainment(const struct kpi_row *r)
{
    if (!r->has_value || !r->has_target)
        return -1;
    if (r->target <= 0)
        return 100;
    double a = r->value * 100.0 / r->target;
    return a > 100 ? 100 : a;
}

void kpi_table_on_target(const struct kpi_table *t, int *measured, int *on_target)
{
    *measured = 0;
    *on_target = 0;
    for (size_t i = 0; i < t->n; i++) {
        const struct kpi_row *r = &t->rows[i];
        if (!r->has_value || !r->has_target)
            continue;
        (*measured)++;
        if (r->value >= r->target)
            (*on_target)++;
    }
}

json_t *kpi_table_json(const struct kpi_table *t, bool public_only)
{
    json_t *kpis = json_array();
    for (size_t i = 0; i < t->n; i++) {
        const struct kpi_row *r = &t->rows[i];
        if (public_only && !r->def->is_public)
            continue;
        json_array_append_new(
            kpis, json_pack("{s:s, s:s, s:o, s:o, s:o, s:o, s:s}", "key", r->def->key, "name",
                            r->def->name, "value",
                            r->has_value ? json_real(r->value) : json_null(), "numerator",
                            r->has_numerator ? json_integer(r->numerator) : json_null(),
                            "denominator",
                            r->has_denominator ? json_integer(r->denominator) : json_null(),
                            "target", r->has_target ? json_real(r->target) : json_null(),
                            "source", kpi_source_name(r->def->source)));
    }
    return json_pack("{s:o, s:s, s:s, s:o}", "unit",
                     t->unit[0] ? json_string(t->unit) : json_null(), "name", t->name, "period",
                     t->period, "kpis", kpis);
}
