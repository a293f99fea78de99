/*
 * org.c - organisations a plan assigns work to: lookups, group expansion,
 * successors and the two CSV imports (see org.h).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/array.h"
#include "core/assets.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/csv.h"
#include "core/db_row.h"
#include "core/mem.h"
#include "core/strmap.h"
#include "core/text.h"
#include "domain/audit/audit.h"
#include "domain/org/org.h"
#include "domain/org/org_sheet.h"
#include "domain/units/unit.h"

/* Cell of column c in row i of s (org_sheet_cell, named short for the checks below). */
static const char *cell(const struct org_sheet *s, size_t i, int c)
{
    return org_sheet_cell(s, i, c);
}

/* ---------------------------------------------------------------- queries */

/* org_get() */
static const struct db_query Q_GET = {
    "org.get", "SELECT " ORG_COLS " FROM organisations WHERE code = ?1",
};
/* org_list() of everything */
static const struct db_query Q_ALL = {
    "org.all", "SELECT " ORG_COLS " FROM organisations ORDER BY code",
};
/* org_list() of one province */
static const struct db_query Q_OF_PROVINCE = {
    "org.of_province",
    "SELECT " ORG_COLS " FROM organisations WHERE province_code = ?1"
    " OR (?2 = 1 AND (province_code IS NULL OR province_code = '')) ORDER BY code",
};
/* org_list_for_agency() */
static const struct db_query Q_OF_AGENCY = {
    "org.of_agency",
    "SELECT " ORG_COLS " FROM organisations WHERE agency_code = ?1 ORDER BY code",
};
/* org_group_expand(): listed members */
static const struct db_query Q_MEMBERS = {
    "org.members",
    "SELECT " ORG_COLS " FROM organisations o WHERE code IN"
    " (SELECT member_code FROM org_group_members WHERE group_code = ?1) ORDER BY code",
};
/* org_group_expand(): members by type (filtered by type in C) */
static const struct db_query Q_BY_PROVINCE_NOT_GROUP = {
    "org.province_not_group",
    "SELECT " ORG_COLS " FROM organisations WHERE province_code = ?1 AND is_group = 0"
    " ORDER BY code",
};
/* org_groups_of(): groups listing code */
static const struct db_query Q_LISTED_IN = {
    "org.listed_in",
    "SELECT group_code FROM org_group_members WHERE member_code = ?1 ORDER BY group_code",
};
/* org_groups_of(): groups of a province that take in types */
static const struct db_query Q_TYPE_GROUPS = {
    "org.type_groups",
    "SELECT " ORG_COLS " FROM organisations WHERE is_group = 1 AND province_code = ?1"
    " AND group_types <> '' ORDER BY code",
};
/* org_successors() */
static const struct db_query Q_SUCCESSORS = {
    "org.successors",
    "SELECT successor_code FROM org_successors WHERE code = ?1 ORDER BY position",
};
/* org_type_name() */
static const struct db_query Q_TYPE_NAME = {
    "org.type_name", "SELECT name FROM org_types WHERE code = ?1",
};
/* imports: does this type exist */
static const struct db_query Q_TYPE_EXISTS = {
    "org.type_exists", "SELECT count(*) FROM org_types WHERE code = ?1",
};
/* imports: does this organisation exist (1 = stored) */
static const struct db_query Q_EXISTS = {
    "org.exists", "SELECT count(*) FROM organisations WHERE code = ?1",
};
/* imports: stored parent of an organisation (cycle check) */
static const struct db_query Q_PARENT = {
    "org.parent", "SELECT parent_code FROM organisations WHERE code = ?1",
};
/* org_types_import_csv() */
static const struct db_query Q_TYPE_UPSERT = {
    "org.type_upsert",
    "INSERT INTO org_types (code, name, level, ended_on, description)"
    " VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT(code) DO UPDATE SET name = excluded.name,"
    " level = excluded.level, ended_on = excluded.ended_on,"
    " description = excluded.description",
};
/* org_import_csv(): first pass, without links */
static const struct db_query Q_UPSERT = {
    "org.upsert",
    "INSERT INTO organisations (code, name, short_name, type_code, province_code,"
    " agency_code, is_group, group_types, group_old_province, valid_from, valid_to,"
    " succession, note, source, created_at, updated_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?15)"
    " ON CONFLICT(code) DO UPDATE SET name = excluded.name,"
    " short_name = excluded.short_name, type_code = excluded.type_code,"
    " province_code = excluded.province_code,"
    " agency_code = COALESCE(organisations.agency_code, excluded.agency_code),"
    " is_group = excluded.is_group, group_types = excluded.group_types,"
    " group_old_province = excluded.group_old_province, valid_from = excluded.valid_from,"
    " valid_to = excluded.valid_to, succession = excluded.succession,"
    " note = excluded.note, source = excluded.source, updated_at = excluded.updated_at",
};
/* org_import_csv(): second pass */
static const struct db_query Q_SET_PARENT = {
    "org.set_parent", "UPDATE organisations SET parent_code = ?2 WHERE code = ?1",
};
static const struct db_query Q_DEL_SUCCESSORS = {
    "org.del_successors", "DELETE FROM org_successors WHERE code = ?1",
};
static const struct db_query Q_ADD_SUCCESSOR = {
    "org.add_successor",
    "INSERT INTO org_successors (code, successor_code, position) VALUES (?1, ?2, ?3)",
};
static const struct db_query Q_ADD_MEMBER = {
    "org.add_member",
    "INSERT INTO org_group_members (group_code, member_code) VALUES (?1, ?2)"
    " ON CONFLICT (group_code, member_code) DO NOTHING",
};
/* org_link_agency() */
static const struct db_query Q_LINK = {
    "org.link", "UPDATE organisations SET agency_code = ?2, updated_at = ?3 WHERE code = ?1",
};

/* ---------------------------------------------------------------- model */

void org_init(struct org *o)
{
    memset(o, 0, sizeof(*o));
}

void org_release(struct org *o)
{
    if (!o)
        return;
    free(o->name);
    free(o->short_name);
    org_init(o);
}

ARRAY_LIST_DEFINE_EACH(org, items, org_release)

/* The columns of ORG_COLS, in order. */
static const struct db_field ORG_FIELDS[] = {
    DB_TEXT(struct org, code),
    DB_STRDUP(struct org, name),
    DB_STRDUP(struct org, short_name),
    DB_TEXT(struct org, type_code),
    DB_TEXT(struct org, province_code),
    DB_TEXT(struct org, parent_code),
    DB_TEXT(struct org, agency_code),
    DB_BOOL(struct org, is_group),
    DB_TEXT(struct org, group_types),
    DB_TEXT(struct org, valid_from),
    DB_TEXT(struct org, valid_to),
};

static const struct db_row_type ORG_ROW =
    DB_ROW_TYPE(struct org, ORG_FIELDS, NULL, NULL);

void org_read_row(struct db_stmt *st, struct org *o)
{
    const char *succ;
    org_release(o);
    db_row_read_type(st, &ORG_ROW, o);
    succ = db_col_text(st, 11);
    if (strcmp(succ, "sap_nhap") == 0)
        o->succession = ORG_MERGED;
    else if (strcmp(succ, "giai_the") == 0)
        o->succession = ORG_DISSOLVED;
    else
        o->succession = ORG_IN_FORCE;
}

const char *org_label(const struct org *o)
{
    if (o->short_name && o->short_name[0])
        return o->short_name;
    return o->name ? o->name : o->code;
}

bool org_in_force(const struct org *o, const char *day)
{
    if (o->valid_from[0] && strcmp(day, o->valid_from) < 0)
        return false;
    if (o->valid_to[0] && strcmp(day, o->valid_to) >= 0)
        return false;
    return true;
}

enum mc_status org_get(struct db *db, const char *code, struct org *out)
{
    struct db_stmt *st = NULL;
    enum mc_status rc = db_get_row(db, &Q_GET, &st, "s", code);
    if (rc == MC_OK)
        org_read_row(st, out);
    db_done(st);
    return rc;
}

/* Run q (arguments as db_run) and append every row to out. */
static enum mc_status read_list(struct db *db, const struct db_query *q, struct org_list *out,
                                const char *fmt, ...)
{
    struct db_stmt *st = NULL;
    enum mc_status rc;
    va_list ap;
    va_start(ap, fmt);
    rc = db_query_vstart(db, q, &st, fmt, ap);
    va_end(ap);
    while (db_next(st, &rc)) {
        struct org *o = ARRAY_PUSH(out->items, out->n, out->cap);
        org_init(o);
        org_read_row(st, o);
    }
    db_done(st);
    return rc;
}

enum mc_status org_list(struct db *db, const char *province_code, bool with_central,
                        struct org_list *out)
{
    if (!province_code)
        return read_list(db, &Q_ALL, out, "");
    return read_list(db, &Q_OF_PROVINCE, out, "si", province_code,
                     (int64_t)(with_central ? 1 : 0));
}

enum mc_status org_list_for_agency(struct db *db, const char *agency_code,
                                   struct org_list *out)
{
    return read_list(db, &Q_OF_AGENCY, out, "s", agency_code);
}

/* True when the ';'-list list holds item. */
static bool list_has(const char *list, const char *item)
{
    size_t n = strlen(item);
    const char *p = list;
    while (p && *p) {
        const char *end = strchr(p, ';');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len == n && memcmp(p, item, n) == 0)
            return true;
        p = end ? end + 1 : NULL;
    }
    return false;
}

/* Move o to the end of out unless out already holds its code. */
static void push_unique(struct org_list *out, struct org *o)
{
    for (size_t i = 0; i < out->n; i++) {
        if (strcmp(out->items[i].code, o->code) == 0) {
            org_release(o);
            return;
        }
    }
    *ARRAY_PUSH(out->items, out->n, out->cap) = *o;
    org_init(o);
}

static int cmp_org(const void *a, const void *b)
{
    return strcmp(((const struct org *)a)->code, ((const struct org *)b)->code);
}

enum mc_status org_group_expand(struct db *db, const char *group_code, const char *day,
                                struct org_list *out)
{
    struct org g;
    struct org_list tmp;
    size_t first = out->n;
    enum mc_status rc;

    org_init(&g);
    org_list_init(&tmp);
    rc = org_get(db, group_code, &g);
    if (rc != MC_OK)
        goto out;
    if (!g.is_group) {
        push_unique(out, &g);
        goto out;
    }
    rc = read_list(db, &Q_MEMBERS, &tmp, "s", group_code);
    for (size_t i = 0; rc == MC_OK && i < tmp.n; i++) {
        if (!tmp.items[i].is_group && org_in_force(&tmp.items[i], day))
            push_unique(out, &tmp.items[i]);
    }
    org_list_release(&tmp);
    if (rc == MC_OK && g.group_types[0] && g.province_code[0])
        rc = read_list(db, &Q_BY_PROVINCE_NOT_GROUP, &tmp, "s", g.province_code);
    for (size_t i = 0; rc == MC_OK && i < tmp.n; i++) {
        if (list_has(g.group_types, tmp.items[i].type_code) &&
            org_in_force(&tmp.items[i], day))
            push_unique(out, &tmp.items[i]);
    }
    if (out->n > first)
        qsort(out->items + first, out->n - first, sizeof(*out->items), cmp_org);
out:
    org_list_release(&tmp);
    org_release(&g);
    return rc;
}

/* Append a copy of s to a code list. */
static void codes_push(char ***codes, size_t *n, size_t *cap, const char *s)
{
    for (size_t i = 0; i < *n; i++) {
        if (strcmp((*codes)[i], s) == 0)
            return;
    }
    *ARRAY_PUSH(*codes, *n, *cap) = xstrdup(s);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

enum mc_status org_groups_of(struct db *db, const char *code, char ***out, size_t *n)
{
    struct org o;
    struct org_list groups;
    struct db_stmt *st = NULL;
    size_t cap = 0;
    enum mc_status rc;

    *out = NULL;
    *n = 0;
    org_init(&o);
    org_list_init(&groups);
    rc = org_get(db, code, &o);
    if (rc != MC_OK)
        goto out;
    rc = db_query_start(db, &Q_LISTED_IN, &st, "s", code);
    while (db_next(st, &rc))
        codes_push(out, n, &cap, db_col_text(st, 0));
    db_done(st);
    if (rc == MC_OK && o.province_code[0])
        rc = read_list(db, &Q_TYPE_GROUPS, &groups, "s", o.province_code);
    for (size_t i = 0; rc == MC_OK && i < groups.n; i++) {
        if (list_has(groups.items[i].group_types, o.type_code))
            codes_push(out, n, &cap, groups.items[i].code);
    }
    if (*n > 1)
        qsort(*out, *n, sizeof(**out), cmp_str);
out:
    org_list_release(&groups);
    org_release(&o);
    return rc;
}

enum mc_status org_successors(struct db *db, const char *code, char ***out, size_t *n)
{
    struct db_stmt *st = NULL;
    size_t cap = 0;
    enum mc_status rc;
    *out = NULL;
    *n = 0;
    rc = db_query_start(db, &Q_SUCCESSORS, &st, "s", code);
    while (db_next(st, &rc))
        *ARRAY_PUSH(*out, *n, cap) = db_col_strdup(st, 0);
    db_done(st);
    return rc;
}

enum mc_status org_type_name(struct db *db, const char *type_code, char *out, size_t size)
{
    enum mc_status rc = db_get_text(db, &Q_TYPE_NAME, out, size, "s", type_code);
    if (rc == MC_ERR_NOT_FOUND) {
        snprintf(out, size, "%s", type_code);
        rc = MC_OK;
    }
    return rc;
}

enum mc_status org_link_agency(struct db *db, const char *code, const char *agency_code,
                               const struct audit_actor *who)
{
    bool yes = true;
    char object[ORG_CODE_MAX + 16];
    enum mc_status rc = agency_code ? agency_exists(db, agency_code, &yes) : MC_OK;
    if (rc == MC_OK && !yes)
        rc = MC_ERR_NOT_FOUND;
    if (rc == MC_OK)
        rc = db_change(db, &Q_LINK, MC_ERR_NOT_FOUND, "ssi", code, agency_code, clock_now());
    snprintf(object, sizeof(object), "org:%s", code);
    if (rc == MC_OK)
        rc = audit_record(db, who, "organisations.link", object, agency_code);
    return rc;
}

/* ---------------------------------------------------------------- CSV rows */

/* "YYYY-MM-DD" naming a real day. Pure. */
static bool iso_day_ok(const char *s)
{
    static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int y, m, d;
    char tail;
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return false;
    if (sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3)
        return false;
    if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
        return false;
    if (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return false;
    return true;
}

/* Write the audit row of an import with its counts. */
static enum mc_status audit_import(struct db *db, const char *action,
                                   const struct import_report *rep)
{
    static const struct audit_actor system_actor = {.user_id = 0, .role = "system",
                                                    .address = "cli"};
    char detail[160];
    snprintf(detail, sizeof(detail), "{\"read\":%zu,\"created\":%zu,\"updated\":%zu}",
             rep->read, rep->created, rep->updated);
    return audit_record(db, &system_actor, action, action, detail);
}

/* ---------------------------------------------------------------- types import */

struct types_ctx {
    struct org_sheet *s;
    struct import_report *rep;
};

/*
 * Read an import's CSV (at most ORG_IMPORT_MAX_BYTES of data) into *s,
 * zeroed first, and check it has the columns need (n of them).  Returns
 * MC_OK, MC_ERR_TOO_LARGE, MC_ERR_INVALID (the reasons in rep) or as
 * org_sheet_read().
 */
static enum mc_status read_import(const char *data, size_t len, const char *const *need,
                                  size_t n, struct org_sheet *s, struct import_report *rep)
{
    enum mc_status rc = MC_ERR_TOO_LARGE;
    memset(s, 0, sizeof(*s));
    if (len <= ORG_IMPORT_MAX_BYTES)
        rc = org_sheet_read(data, len, false, s, rep);
    if (rc == MC_OK && !org_sheet_need(s, need, n, rep))
        rc = MC_ERR_INVALID;
    return rc;
}

static enum mc_status types_tx(struct db *db, void *arg)
{
    struct types_ctx *c = arg;
    struct org_sheet *s = c->s;
    int cc = org_sheet_col(s, "ma_loai");
    int cn = org_sheet_col(s, "ten_loai");
    int cl = org_sheet_col(s, "cap");
    int ce = org_sheet_col(s, "het_hieu_luc");
    int cd = org_sheet_col(s, "mo_ta");
    enum mc_status rc = MC_OK;
    for (size_t i = 0; rc == MC_OK && i < s->nrows; i++) {
        int64_t had = 0;
        const char *ended = cell(s, i, ce);
        rc = db_get_int(db, &Q_TYPE_EXISTS, &had, "s", cell(s, i, cc));
        if (rc == MC_OK)
            rc = db_run(db, &Q_TYPE_UPSERT, NULL, "sssss", cell(s, i, cc), cell(s, i, cn),
                        cell(s, i, cl), ended[0] ? ended : NULL, cell(s, i, cd));
        if (had)
            c->rep->updated++;
        else
            c->rep->created++;
    }
    if (rc == MC_OK)
        rc = audit_import(db, "org_types.import", c->rep);
    return rc;
}

enum mc_status org_types_import_csv(struct db *db, const char *data, size_t len,
                                    struct import_report *rep)
{
    static const char *const need[] = {"ma_loai", "ten_loai", "cap"};
    static const char *const levels = "trung_uong;tinh;huyen;xa;khac";
    struct org_sheet s;
    struct strmap seen;
    struct types_ctx ctx = {&s, rep};
    enum mc_status rc;

    import_report_clear(rep);
    strmap_init(&seen);
    rc = read_import(data, len, need, MC_ARRAY_LEN(need), &s, rep);
    if (rc != MC_OK)
        goto out;
    for (size_t i = 0; i < s.nrows; i++) {
        const char *code = cell(&s, i, org_sheet_col(&s, "ma_loai"));
        const char *ended = cell(&s, i, org_sheet_col(&s, "het_hieu_luc"));
        size_t before = import_report_error_count(rep);
        if (!text_is_code(code, strlen(code), 31, "_"))
            import_report_error(rep, "dòng %lu: mã loại \"%s\" không hợp lệ", s.lines[i],
                                code);
        else if (strmap_put(&seen, code, strlen(code), (int64_t)i) != (int64_t)i)
            import_report_error(rep, "dòng %lu: mã loại %s lặp lại", s.lines[i], code);
        if (!cell(&s, i, org_sheet_col(&s, "ten_loai"))[0])
            import_report_error(rep, "dòng %lu: thiếu tên loại", s.lines[i]);
        if (!list_has(levels, cell(&s, i, org_sheet_col(&s, "cap"))))
            import_report_error(rep, "dòng %lu: cấp \"%s\" không hợp lệ", s.lines[i],
                                cell(&s, i, org_sheet_col(&s, "cap")));
        if (ended[0] && !iso_day_ok(ended))
            import_report_error(rep, "dòng %lu: ngày hết hiệu lực \"%s\" không hợp lệ",
                                s.lines[i], ended);
        if (import_report_error_count(rep) > before)
            rep->rejected++;
    }
    rc = org_sheet_commit(db, rep, types_tx, &ctx);
out:
    strmap_release(&seen);
    org_sheet_release(&s);
    return rc;
}

/* ---------------------------------------------------------------- organisations import */

/* Column indexes of organisations-*.csv. */
struct org_cols {
    int code, name, short_name, type, province, parent, member_of, group_types,
        group_old, from, to, successors, succession, note, source;
};

struct orgs_ctx {
    struct org_sheet *s;
    struct org_cols c;
    struct import_report *rep;
};

static void org_cols_find(const struct org_sheet *s, struct org_cols *c)
{
    c->code = org_sheet_col(s, "ma_don_vi");
    c->name = org_sheet_col(s, "ten_don_vi");
    c->short_name = org_sheet_col(s, "ten_ngan");
    c->type = org_sheet_col(s, "loai");
    c->province = org_sheet_col(s, "ma_dvhc");
    c->parent = org_sheet_col(s, "ma_don_vi_cha");
    c->member_of = org_sheet_col(s, "thuoc_nhom");
    c->group_types = org_sheet_col(s, "nhom_gom_loai");
    c->group_old = org_sheet_col(s, "nhom_dia_ban_cu");
    c->from = org_sheet_col(s, "hieu_luc_tu");
    c->to = org_sheet_col(s, "hieu_luc_den");
    c->successors = org_sheet_col(s, "ma_ke_nhiem");
    c->succession = org_sheet_col(s, "hinh_thuc_ke_nhiem");
    c->note = org_sheet_col(s, "ghi_chu");
    c->source = org_sheet_col(s, "nguon");
}

enum mc_status org_exists(struct db *db, const char *code, bool *out)
{
    int64_t n = 0;
    enum mc_status rc = db_get_int(db, &Q_EXISTS, &n, "s", code);
    *out = rc == MC_OK && n > 0;
    return rc;
}

/* Is code in the file (map, may be NULL) or stored. */
static enum mc_status known_org(struct db *db, const struct strmap *in_file, const char *code,
                                bool *known)
{
    enum mc_status rc = MC_OK;
    *known = in_file && strmap_get(in_file, code, strlen(code), NULL);
    if (!*known)
        rc = org_exists(db, code, known);
    return rc;
}

enum mc_status org_check_code_list(struct db *db, const struct strmap *in_file,
                                   const char *list, const char *what, unsigned long line,
                                   struct import_report *rep, size_t *count)
{
    enum mc_status rc = MC_OK;
    const char *p = list;
    size_t n = 0;
    while (rc == MC_OK && p && *p) {
        const char *end = strchr(p, ';');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        char code[ORG_CODE_MAX];
        bool known = false;
        if (len == 0 || len >= sizeof(code)) {
            import_report_error(rep, "dòng %lu: danh sách %s có mục không hợp lệ", line,
                                what);
        } else {
            memcpy(code, p, len);
            code[len] = '\0';
            rc = known_org(db, in_file, code, &known);
            if (rc == MC_OK && !known)
                import_report_error(rep, "dòng %lu: %s %s không có trong danh sách tổ chức",
                                    line, what, code);
            n++;
        }
        p = end ? end + 1 : NULL;
    }
    if (count)
        *count = n;
    return rc;
}

/* The parent of code: from the file when there, else stored. */
static enum mc_status parent_of(struct db *db, const struct org_sheet *s, const struct org_cols *c,
                                const struct strmap *in_file, const char *code, char *out,
                                size_t size)
{
    int64_t i = 0;
    enum mc_status rc = MC_OK;
    out[0] = '\0';
    if (strmap_get(in_file, code, strlen(code), &i)) {
        snprintf(out, size, "%s", cell(s, (size_t)i, c->parent));
        return MC_OK;
    }
    rc = db_get_text(db, &Q_PARENT, out, size, "s", code);
    return rc == MC_ERR_NOT_FOUND ? MC_OK : rc;
}

/* Check row i; messages go to rep. */
static enum mc_status check_org_row(struct db *db, struct orgs_ctx *x,
                                    const struct strmap *in_file, size_t i)
{
    const struct org_sheet *s = x->s;
    const struct org_cols *c = &x->c;
    struct import_report *rep = x->rep;
    unsigned long line = s->lines[i];
    const char *code = cell(s, i, c->code);
    const char *type = cell(s, i, c->type);
    const char *from = cell(s, i, c->from);
    const char *to = cell(s, i, c->to);
    const char *succ = cell(s, i, c->successors);
    const char *how = cell(s, i, c->succession);
    const char *parent = cell(s, i, c->parent);
    bool group = strcmp(type, "nhom") == 0;
    int64_t n = 0;
    int64_t first = 0;
    enum mc_status rc = MC_OK;

    if (!text_is_code(code, strlen(code), ORG_CODE_MAX - 1, ".-_"))
        import_report_error(rep, "dòng %lu: mã tổ chức \"%s\" không hợp lệ", line, code);
    else if (strmap_get(in_file, code, strlen(code), &first) && (size_t)first != i)
        import_report_error(rep, "dòng %lu: mã tổ chức %s lặp lại (dòng %lu)", line, code,
                            s->lines[first]);
    if (!cell(s, i, c->name)[0])
        import_report_error(rep, "dòng %lu: thiếu tên tổ chức", line);
    else if (!text_utf8_valid(cell(s, i, c->name), strlen(cell(s, i, c->name))) ||
             strlen(cell(s, i, c->name)) > ORG_NAME_MAX)
        import_report_error(rep, "dòng %lu: tên tổ chức không hợp lệ", line);
    rc = db_get_int(db, &Q_TYPE_EXISTS, &n, "s", type);
    if (rc == MC_OK && n == 0)
        import_report_error(rep, "dòng %lu: loại tổ chức \"%s\" không tồn tại", line, type);
    if (from[0] && !iso_day_ok(from))
        import_report_error(rep, "dòng %lu: ngày hiệu lực \"%s\" không hợp lệ", line, from);
    if (to[0] && !iso_day_ok(to))
        import_report_error(rep, "dòng %lu: ngày hết hiệu lực \"%s\" không hợp lệ", line, to);
    if (from[0] && to[0] && strcmp(from, to) >= 0)
        import_report_error(rep, "dòng %lu: ngày hết hiệu lực phải sau ngày hiệu lực", line);
    if (succ[0] && !to[0])
        import_report_error(rep, "dòng %lu: có đơn vị kế nhiệm nhưng thiếu ngày hết hiệu lực",
                            line);
    if (how[0] && strcmp(how, "sap_nhap") != 0 && strcmp(how, "giai_the") != 0)
        import_report_error(rep, "dòng %lu: hình thức kế nhiệm \"%s\" không hợp lệ", line,
                            how);
    if (how[0] && !succ[0])
        import_report_error(rep, "dòng %lu: có hình thức kế nhiệm nhưng thiếu đơn vị kế nhiệm",
                            line);
    if (!group && (cell(s, i, c->group_types)[0] || cell(s, i, c->group_old)[0]))
        import_report_error(rep, "dòng %lu: chỉ nhóm mới có cột nhom_gom_loai, "
                            "nhom_dia_ban_cu", line);
    if (rc == MC_OK && parent[0])
        rc = org_check_code_list(db, in_file, parent, "đơn vị cha", line, rep, NULL);
    if (rc == MC_OK && succ[0])
        rc = org_check_code_list(db, in_file, succ, "đơn vị kế nhiệm", line, rep, NULL);
    if (rc == MC_OK && cell(s, i, c->member_of)[0])
        rc = org_check_code_list(db, in_file, cell(s, i, c->member_of), "nhóm", line, rep,
                                 NULL);
    /* a cycle of parents: walk up at most as many steps as there are rows */
    if (rc == MC_OK && parent[0] && !strchr(parent, ';')) {
        char at[ORG_CODE_MAX];
        size_t steps = 0;
        snprintf(at, sizeof(at), "%s", parent);
        while (rc == MC_OK && at[0] && steps++ <= s->nrows + 1) {
            if (strcmp(at, code) == 0) {
                import_report_error(rep, "dòng %lu: đơn vị cha tạo thành vòng lặp", line);
                break;
            }
            char up[ORG_CODE_MAX];
            rc = parent_of(db, s, c, in_file, at, up, sizeof(up));
            snprintf(at, sizeof(at), "%s", up);
        }
    }
    return rc;
}

/* Call fn for each code of the ';'-list list. */
static enum mc_status each_code(struct db *db, const char *list,
                                enum mc_status (*fn)(struct db *, const char *, size_t, void *),
                                void *arg)
{
    enum mc_status rc = MC_OK;
    const char *p = list;
    size_t pos = 0;
    while (rc == MC_OK && p && *p) {
        const char *end = strchr(p, ';');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        char code[ORG_CODE_MAX];
        if (len > 0 && len < sizeof(code)) {
            memcpy(code, p, len);
            code[len] = '\0';
            rc = fn(db, code, ++pos, arg);
        }
        p = end ? end + 1 : NULL;
    }
    return rc;
}

static enum mc_status add_successor(struct db *db, const char *succ, size_t pos, void *arg)
{
    return db_run(db, &Q_ADD_SUCCESSOR, NULL, "ssi", (const char *)arg, succ, (int64_t)pos);
}

static enum mc_status add_member(struct db *db, const char *group, size_t pos, void *arg)
{
    (void)pos;
    return db_run(db, &Q_ADD_MEMBER, NULL, "ss", group, (const char *)arg);
}

static enum mc_status orgs_tx(struct db *db, void *arg)
{
    struct orgs_ctx *x = arg;
    const struct org_sheet *s = x->s;
    const struct org_cols *c = &x->c;
    int64_t now = clock_now();
    enum mc_status rc = MC_OK;

    x->rep->created = 0;
    x->rep->updated = 0;
    for (size_t i = 0; rc == MC_OK && i < s->nrows; i++) {
        const char *code = cell(s, i, c->code);
        const char *type = cell(s, i, c->type);
        const char *prov = cell(s, i, c->province);
        int64_t had = 0;
        bool agency = false;
        rc = db_get_int(db, &Q_EXISTS, &had, "s", code);
        if (rc == MC_OK)
            rc = agency_exists(db, code, &agency);
        if (rc != MC_OK)
            break;
        rc = db_run(db, &Q_UPSERT, NULL, "ssssssisssssssi", code, cell(s, i, c->name),
                    cell(s, i, c->short_name), type, prov[0] ? prov : NULL,
                    agency ? code : NULL, (int64_t)(strcmp(type, "nhom") == 0),
                    cell(s, i, c->group_types),
                    cell(s, i, c->group_old)[0] ? cell(s, i, c->group_old) : NULL,
                    cell(s, i, c->from)[0] ? cell(s, i, c->from) : NULL,
                    cell(s, i, c->to)[0] ? cell(s, i, c->to) : NULL,
                    cell(s, i, c->succession)[0] ? cell(s, i, c->succession)
                    : (cell(s, i, c->successors)[0] ? "sap_nhap" : NULL),
                    cell(s, i, c->note), cell(s, i, c->source), now);
        if (had)
            x->rep->updated++;
        else
            x->rep->created++;
    }
    for (size_t i = 0; rc == MC_OK && i < s->nrows; i++) {
        const char *code = cell(s, i, c->code);
        const char *parent = cell(s, i, c->parent);
        char first[ORG_CODE_MAX];
        const char *semi = strchr(parent, ';');
        snprintf(first, sizeof(first), "%.*s",
                 (int)(semi ? (size_t)(semi - parent) : strlen(parent)), parent);
        rc = db_run(db, &Q_SET_PARENT, NULL, "ss", code, first[0] ? first : NULL);
        if (rc == MC_OK)
            rc = db_run(db, &Q_DEL_SUCCESSORS, NULL, "s", code);
        if (rc == MC_OK)
            rc = each_code(db, cell(s, i, c->successors), add_successor, (void *)code);
        if (rc == MC_OK)
            rc = each_code(db, cell(s, i, c->member_of), add_member, (void *)code);
    }
    if (rc == MC_OK)
        rc = audit_import(db, "organisations.import", x->rep);
    return rc;
}

enum mc_status org_import_csv(struct db *db, const char *data, size_t len,
                              struct import_report *rep)
{
    static const char *const need[] = {"ma_don_vi", "ten_don_vi", "loai"};
    struct org_sheet s;
    struct strmap in_file;
    struct orgs_ctx x;
    enum mc_status rc;

    import_report_clear(rep);
    strmap_init(&in_file);
    memset(&x, 0, sizeof(x));
    rc = read_import(data, len, need, MC_ARRAY_LEN(need), &s, rep);
    if (rc != MC_OK)
        goto out;
    x.s = &s;
    x.rep = rep;
    org_cols_find(&s, &x.c);
    for (size_t i = 0; i < s.nrows; i++) {
        const char *code = cell(&s, i, x.c.code);
        strmap_put(&in_file, code, strlen(code), (int64_t)i);
    }
    for (size_t i = 0; rc == MC_OK && i < s.nrows; i++) {
        size_t before = import_report_error_count(rep);
        rc = check_org_row(db, &x, &in_file, i);
        if (import_report_error_count(rep) > before)
            rep->rejected++;
    }
    if (rc == MC_OK)
        rc = org_sheet_commit(db, rep, orgs_tx, &x);
out:
    strmap_release(&in_file);
    org_sheet_release(&s);
    return rc;
}

enum mc_status org_load_shipped(struct db *db, const char *name, struct import_report *rep)
{
    static const char *const known[] = {"sonla", "hanoi", "thaibinh", "bariavungtau"};
    char path[96];
    const struct asset *a;
    bool ok = name == NULL;
    enum mc_status rc;

    for (size_t i = 0; name && i < MC_ARRAY_LEN(known); i++)
        ok = ok || strcmp(name, known[i]) == 0;
    if (!ok)
        return MC_ERR_NOT_FOUND;
    a = asset_find("data/programme/organisation-types.csv");
    if (!a)
        return MC_ERR_NOT_FOUND;
    rc = org_types_import_csv(db, a->data, (size_t)a->len, rep);
    if (rc != MC_OK)
        return rc;
    a = asset_find("data/programme/organisations-national.csv");
    if (!a)
        return MC_ERR_NOT_FOUND;
    rc = org_import_csv(db, a->data, (size_t)a->len, rep);
    if (rc != MC_OK || !name)
        return rc;
    snprintf(path, sizeof(path), "data/programme/organisations-%s.csv", name);
    a = asset_find(path);
    if (!a)
        return MC_ERR_NOT_FOUND;
    return org_import_csv(db, a->data, (size_t)a->len, rep);
}
