/*
 * kpi_den.c - the denominators the platform cannot count (adults, team
 * members, operating staff, pupils), entered per unit and year on the
 * board or imported from a CSV file: checked line by line, then written
 * all together or not at all (see kpi.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>
#include "core/array.h"
#include "core/clock.h"
#include "core/csv.h"
#include "core/mem.h"
#include "core/text.h"
#include "core/xlsx_read.h"
#include "domain/kpi/kpi-int.h"
#include "domain/units/unit.h"

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
static const struct db_query Q_PUT = {
    "kpi.den_put",
    "INSERT INTO kpi_denominators (kind, unit_code, year, value, updated_at, updated_by)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT(kind, unit_code, year) DO UPDATE SET"
    " value = excluded.value, updated_at = excluded.updated_at, updated_by = excluded.updated_by",
};

ARRAY_LIST_DEFINE(kpi_den, items)

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
        bool known = false;
        *rc = agency_exists(db, d->unit, &known);
        if (*rc == MC_OK && !known)
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
        rc = db_run(db, &Q_PUT, NULL, "ssiiii", d->kind, d->unit, (int64_t)d->year, d->value,
                    now, s->who ? s->who->user_id : 0);
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

#define IMPORT_COLS "ma_mau_so, ma_don_vi, nam, gia_tri"

static const char *const col_names[4] = {"ma_mau_so", "ma_don_vi", "nam", "gia_tri"};

/* The lines read from a file, whatever its format, before they are checked. */
struct collect {
    struct kpi_den *items;
    int *lines;                  /* the file's line (CSV) or row (xlsx) of each item */
    bool *skip;                  /* refused already (not a number) */
    size_t n, cap, lines_cap, skip_cap;
    size_t bad;                  /* lines refused */
    size_t col[4];               /* xlsx: the columns of col_names */
    bool header;                 /* xlsx: the header row was read */
    struct import_report *rep;
};

static bool parse_int(const char *s, int64_t max, int64_t *out)
{
    size_t len = strlen(s);
    int64_t v = 0;
    if (len == 0 || len > 12 || !text_is_digits(s, len))
        return false;
    for (size_t i = 0; i < len; i++)
        v = v * 10 + (s[i] - '0');
    if (v > max)
        return false;
    *out = v;
    return true;
}

/* One data line: its four cells as text. */
static enum mc_status collect_line(struct collect *c, unsigned long line, const char *kind,
                                   const char *unit, const char *year, const char *value)
{
    int64_t y = 0;
    if (c->n == KPI_IMPORT_ROWS_MAX) {
        import_report_error(c->rep, "tệp có quá %d dòng", KPI_IMPORT_ROWS_MAX);
        return MC_ERR_TOO_LARGE;
    }
    import_report_read(c->rep);
    size_t nskip = c->n, nlines = c->n;
    bool *refused = ARRAY_PUSH(c->skip, nskip, c->skip_cap);
    *ARRAY_PUSH(c->lines, nlines, c->lines_cap) = (int)line;
    struct kpi_den *d = ARRAY_PUSH(c->items, c->n, c->cap);
    snprintf(d->kind, sizeof(d->kind), "%s", kind);
    snprintf(d->unit, sizeof(d->unit), "%s", unit);
    if (!parse_int(year, 9999, &y) || !parse_int(value, KPI_DEN_VALUE_MAX, &d->value)) {
        import_report_error(c->rep, "dòng %lu: năm hoặc giá trị không phải số nguyên hợp lệ"
                            " (giá trị từ 0 đến 100.000.000)", line);
        c->rep->rejected++;
        *refused = true;
        c->bad++;
    }
    d->year = (int)y;
    return MC_OK;
}

static enum mc_status read_csv(struct collect *c, const char *data, size_t len)
{
    struct csv_reader r;
    struct csv_record rec;
    struct csv_column cols[4];
    const char *missing = NULL;
    for (size_t i = 0; i < 4; i++)
        cols[i] = (struct csv_column){col_names[i], true, CSV_NO_COLUMN};
    csv_reader_init_mem(&r, data, len, NULL);
    enum mc_status rc = csv_reader_next(&r, &rec);
    if (rc == MC_OK && csv_header_map(&rec, cols, 4, &missing) != MC_OK) {
        import_report_error(c->rep, "dòng 1: thiếu cột %s (cần " IMPORT_COLS ")",
                            missing ? missing : "");
        rc = MC_ERR_INVALID;
    }
    while (rc == MC_OK) {
        rc = csv_reader_next(&r, &rec);
        if (rc != MC_OK)
            break;
        if (rec.nfields == 1 && rec.fields[0].len == 0)
            continue;   /* a blank line */
        rc = collect_line(c, rec.line, csv_record_get(&rec, cols[0].index).ptr,
                          csv_record_get(&rec, cols[1].index).ptr,
                          csv_record_get(&rec, cols[2].index).ptr,
                          csv_record_get(&rec, cols[3].index).ptr);
    }
    if (rc == CSV_END)
        rc = MC_OK;
    else if (rc == MC_ERR_INVALID && csv_reader_message(&r)[0])
        import_report_error(c->rep, "%s", csv_reader_message(&r));
    csv_reader_release(&r);
    return rc;
}

/* True when cell, trimmed of spaces, equals name ignoring ASCII case. */
static bool header_is(const char *cell, const char *name)
{
    size_t n = strlen(name);
    while (*cell == ' ')
        cell++;
    size_t len = strlen(cell);
    while (len > 0 && cell[len - 1] == ' ')
        len--;
    return len == n && strncasecmp(cell, name, n) == 0;
}

static enum mc_status xlsx_row(void *ctx, unsigned long row, const char *const *cells,
                               size_t ncells)
{
    struct collect *c = ctx;
    const char *v[4];
    if (!c->header) {
        for (size_t k = 0; k < 4; k++) {
            c->col[k] = SIZE_MAX;
            for (size_t i = 0; i < ncells && c->col[k] == SIZE_MAX; i++)
                if (header_is(cells[i], col_names[k]))
                    c->col[k] = i;
            if (c->col[k] == SIZE_MAX) {
                import_report_error(c->rep, "dòng %lu: thiếu cột %s (cần " IMPORT_COLS ")",
                                    row, col_names[k]);
                return MC_ERR_INVALID;
            }
        }
        c->header = true;
        return MC_OK;
    }
    for (size_t k = 0; k < 4; k++)
        v[k] = c->col[k] < ncells ? cells[c->col[k]] : "";
    return collect_line(c, row, v[0], v[1], v[2], v[3]);
}

enum mc_status kpi_den_import(struct db *db, const char *data, size_t len,
                              const struct audit_actor *who, struct import_report *rep)
{
    struct collect c;
    char err[XLSX_ERR_MAX] = "";
    enum mc_status rc;
    memset(&c, 0, sizeof(c));
    c.rep = rep;
    if (xlsx_looks_like(data, len)) {
        rc = xlsx_read_rows(data, len, xlsx_row, &c, err, sizeof(err));
        if (rc != MC_OK && err[0] && !c.header)
            import_report_error(rep, "%s", err);
        else if (rc == MC_OK && !c.header)
            import_report_error(rep, "dòng 1: thiếu cột ma_mau_so (cần " IMPORT_COLS ")");
        if (rc == MC_OK && !c.header)
            rc = MC_ERR_INVALID;
    } else {
        rc = read_csv(&c, data, len);
    }
    if (rc == MC_OK && c.n == 0) {
        import_report_error(rep, "tệp không có dòng dữ liệu nào");
        rc = MC_ERR_INVALID;
    }
    if (rc == MC_OK)
        c.bad += check_items(db, c.items, c.n, 0, c.lines, c.skip, rep, &rc);
    if (rc == MC_OK && c.bad)
        rc = MC_ERR_INVALID;
    if (rc == MC_OK)
        rc = write_items(db, c.items, c.n, who, rep);
    free(c.lines);
    free(c.skip);
    free(c.items);
    return rc;
}
