/*
 * kpi_den.c - the denominators the platform cannot count (adults, team
 * members, operating staff, pupils), entered per unit and year on the
 * board or imported from a CSV file: checked line by line, then written
 * all together or not at all (see kpi.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/array.h"
#include "core/clock.h"
#include "core/csv.h"
#include "core/mem.h"
#include "core/text.h"
#include "domain/kpi/kpi-int.h"

#define DEN_COLS "d.kind, d.unit_code, d.year, d.value"

static const struct db_query Q_LIST = {
    "kpi.den_list",
    "SELECT " DEN_COLS ", COALESCE((SELECT u.full_name FROM units u WHERE u.code = d.unit_code),"
    " (SELECT a.name FROM agencies a WHERE a.code = d.unit_code), '')"
    " FROM kpi_denominators d WHERE (?1 = 0 OR d.year = ?1)"
    " ORDER BY d.kind, d.year, d.unit_code",
};
static const struct db_query Q_IS_COMMUNE = {
    "kpi.den_is_commune", "SELECT COUNT(*) FROM units WHERE code = ?1 AND level = 'commune'",
};
static const struct db_query Q_IS_AGENCY = {
    "kpi.den_is_agency", "SELECT COUNT(*) FROM agencies WHERE code = ?1",
};
static const struct db_query Q_DELETE = {
    "kpi.den_delete",
    "DELETE FROM kpi_denominators WHERE kind = ?1 AND unit_code = ?2 AND year = ?3",
};
static const struct db_query Q_INSERT = {
    "kpi.den_insert",
    "INSERT INTO kpi_denominators (kind, unit_code, year, value, updated_at, updated_by)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
};

void kpi_den_list_init(struct kpi_den_list *l)
{
    memset(l, 0, sizeof(*l));
}

void kpi_den_list_release(struct kpi_den_list *l)
{
    if (!l)
        return;
    free(l->items);
    kpi_den_list_init(l);
}

enum mc_status kpi_den_list(struct db *db, int year, struct kpi_den_list *out)
{
    struct db_stmt *st = NULL;
    enum mc_status rc = db_query_start(db, &Q_LIST, &st, "i", (int64_t)year);
    out->n = 0;
    while (db_next(st, &rc)) {
        struct kpi_den *d = ARRAY_PUSH(out->items, out->n, out->cap);
        db_col_copy(st, 0, d->kind, sizeof(d->kind));
        db_col_copy(st, 1, d->unit, sizeof(d->unit));
        d->year = (int)db_col_int64(st, 2);
        d->value = db_col_int64(st, 3);
        db_col_copy(st, 4, d->unit_name, sizeof(d->unit_name));
    }
    db_done(st);
    return rc;
}

/* ---------------------------------------------------------------- checks */

/* Why item d cannot be saved, or NULL when it can. */
static const char *refusal(struct db *db, const struct kpi_den *d, enum mc_status *rc)
{
    int64_t n = 0;
    if (!kpi_den_kind_label(d->kind))
        return "loại mẫu số không có (dan_so_truong_thanh, thanh_vien_to_cnscd,"
               " can_bo_van_hanh, hoc_sinh_sinh_vien)";
    if (!text_is_code(d->unit, strlen(d->unit), KPI_CODE_MAX - 1, ".-_"))
        return "mã đơn vị trống hoặc có ký tự không hợp lệ";
    if (d->year < 2000 || d->year > 2100)
        return "năm phải từ 2000 đến 2100";
    if (d->value < 0 || d->value > KPI_DEN_VALUE_MAX)
        return "giá trị phải là số nguyên từ 0 đến 100.000.000";
    if (strcmp(d->kind, KPI_DEN_ADULTS) == 0 || strcmp(d->kind, KPI_DEN_TEAM) == 0) {
        *rc = db_get_int(db, &Q_IS_COMMUNE, &n, "s", d->unit);
        if (*rc == MC_OK && n == 0)
            return "không có xã, phường mang mã này";
    } else if (strcmp(d->kind, KPI_DEN_STAFF) == 0) {
        *rc = db_get_int(db, &Q_IS_AGENCY, &n, "s", d->unit);
        if (*rc == MC_OK && n == 0)
            return "không có cơ quan mang mã này";
    }
    return NULL;
}

struct save_ctx {
    const struct kpi_den *items;
    size_t n;
    const struct audit_actor *who;
};

static enum mc_status save_tx(struct db *db, void *arg)
{
    struct save_ctx *s = arg;
    enum mc_status rc = MC_OK;
    char detail[64];
    int64_t now = clock_now();
    for (size_t i = 0; rc == MC_OK && i < s->n; i++) {
        const struct kpi_den *d = &s->items[i];
        rc = db_run(db, &Q_DELETE, NULL, "ssi", d->kind, d->unit, (int64_t)d->year);
        if (rc == MC_OK)
            rc = db_run(db, &Q_INSERT, NULL, "ssiiii", d->kind, d->unit, (int64_t)d->year,
                        d->value, now, s->who ? s->who->user_id : 0);
    }
    snprintf(detail, sizeof(detail), "{\"lines\":%zu}", s->n);
    if (rc == MC_OK && s->who)
        rc = audit_record(db, s->who, "kpi.denominators", "kpi_denominators", detail);
    return rc;
}

/* Check items (those with skip[i] set were refused already); returns the
 * number refused, each named in rep. */
static size_t check_items(struct db *db, const struct kpi_den *items, size_t n, int first_line,
                          const int *lines, const bool *skip, struct import_report *rep,
                          enum mc_status *rc)
{
    size_t refused = 0;
    for (size_t i = 0; *rc == MC_OK && i < n; i++) {
        if (skip && skip[i])
            continue;
        const char *why = refusal(db, &items[i], rc);
        for (size_t k = 0; !why && k < i; k++)
            if (strcmp(items[k].kind, items[i].kind) == 0 &&
                strcmp(items[k].unit, items[i].unit) == 0 && items[k].year == items[i].year)
                why = "trùng loại mẫu số, mã đơn vị và năm với một dòng trước";
        if (*rc == MC_OK && why) {
            refused++;
            if (rep) {
                rep->rejected++;
                import_report_error(rep, "dòng %d: %s", lines ? lines[i] : first_line + (int)i,
                                    why);
            }
        }
    }
    return refused;
}

static enum mc_status write_items(struct db *db, const struct kpi_den *items, size_t n,
                                  const struct audit_actor *who, struct import_report *rep)
{
    struct save_ctx s = {items, n, who};
    enum mc_status rc = db_tx(db, save_tx, &s);
    if (rc == MC_OK && rep) {
        rep->created += n;
        rep->committed = true;
    }
    return rc;
}

enum mc_status kpi_den_save(struct db *db, const struct kpi_den *items, size_t n,
                            int first_line, const struct audit_actor *who,
                            struct import_report *rep)
{
    enum mc_status rc = MC_OK;
    size_t refused = check_items(db, items, n, first_line, NULL, NULL, rep, &rc);
    if (rc == MC_OK && refused)
        rc = MC_ERR_INVALID;
    if (rc == MC_OK)
        rc = write_items(db, items, n, who, rep);
    return rc;
}

/* ---------------------------------------------------------------- import */

static bool parse_int(struct csv_field f, int64_t max, int64_t *out)
{
    int64_t v = 0;
    if (f.len == 0 || f.len > 12 || !text_is_digits(f.ptr, f.len))
        return false;
    for (size_t i = 0; i < f.len; i++)
        v = v * 10 + (f.ptr[i] - '0');
    if (v > max)
        return false;
    *out = v;
    return true;
}

static void copy_cell(struct csv_field f, char *dst, size_t size)
{
    size_t n = f.len < size - 1 ? f.len : size - 1;
    memcpy(dst, f.ptr, n);
    dst[n] = '\0';
}

enum mc_status kpi_den_import(struct db *db, const char *data, size_t len,
                              const struct audit_actor *who, struct import_report *rep)
{
    struct csv_reader r;
    struct csv_record rec;
    struct csv_column cols[] = {
        {"ma_mau_so", true, CSV_NO_COLUMN},
        {"ma_don_vi", true, CSV_NO_COLUMN},
        {"nam", true, CSV_NO_COLUMN},
        {"gia_tri", true, CSV_NO_COLUMN},
    };
    struct kpi_den *items = NULL;
    bool *skip = NULL;
    int *lines = NULL;
    size_t n = 0, cap = 0, skip_cap = 0, lines_cap = 0, bad = 0;
    const char *missing = NULL;
    enum mc_status rc;

    csv_reader_init_mem(&r, data, len, NULL);
    rc = csv_reader_next(&r, &rec);
    if (rc == MC_OK && csv_header_map(&rec, cols, MC_ARRAY_LEN(cols), &missing) != MC_OK) {
        import_report_error(rep, "dòng 1: thiếu cột %s (cần ma_mau_so, ma_don_vi, nam, gia_tri)",
                            missing ? missing : "");
        rc = MC_ERR_INVALID;
    } else if (rc == CSV_END) {
        import_report_error(rep, "tệp trống");
        rc = MC_ERR_INVALID;
    }
    while (rc == MC_OK) {
        rc = csv_reader_next(&r, &rec);
        if (rc != MC_OK)
            break;
        if (rec.nfields == 1 && rec.fields[0].len == 0)
            continue;   /* a blank line */
        if (n == KPI_IMPORT_ROWS_MAX) {
            import_report_error(rep, "tệp có quá %d dòng", KPI_IMPORT_ROWS_MAX);
            rc = MC_ERR_TOO_LARGE;
            break;
        }
        import_report_read(rep);
        size_t nskip = n, nlines = n;
        bool *refused = ARRAY_PUSH(skip, nskip, skip_cap);
        *ARRAY_PUSH(lines, nlines, lines_cap) = (int)rec.line;
        struct kpi_den *d = ARRAY_PUSH(items, n, cap);
        int64_t year = 0;
        copy_cell(csv_record_get(&rec, cols[0].index), d->kind, sizeof(d->kind));
        copy_cell(csv_record_get(&rec, cols[1].index), d->unit, sizeof(d->unit));
        if (!parse_int(csv_record_get(&rec, cols[2].index), 9999, &year) ||
            !parse_int(csv_record_get(&rec, cols[3].index), KPI_DEN_VALUE_MAX, &d->value)) {
            import_report_error(rep, "dòng %lu: năm hoặc giá trị không phải số nguyên hợp lệ"
                                " (giá trị từ 0 đến 100.000.000)", rec.line);
            rep->rejected++;
            *refused = true;
            bad++;
        }
        d->year = (int)year;
    }
    if (rc == CSV_END)
        rc = MC_OK;
    else if (rc == MC_ERR_INVALID && csv_reader_message(&r)[0])
        import_report_error(rep, "%s", csv_reader_message(&r));
    csv_reader_release(&r);
    if (rc == MC_OK && n == 0) {
        import_report_error(rep, "tệp không có dòng dữ liệu nào");
        rc = MC_ERR_INVALID;
    }
    if (rc == MC_OK)
        bad += check_items(db, items, n, 0, lines, skip, rep, &rc);
    if (rc == MC_OK && bad)
        rc = MC_ERR_INVALID;
    if (rc == MC_OK)
        rc = write_items(db, items, n, who, rep);
    free(lines);
    free(skip);
    free(items);
    return rc;
}
