/*
 * unit.c - administrative units and agencies: lookups and the JSON / CSV
 * imports (see unit.h and docs/internals/units.md).
 *
 * DESIGN
 * Both imports run in two phases.  Validation reads the whole input and
 * collects every problem, each tagged with its position; only when there
 * is none are the records compared with the stored rows and upserted,
 * parents before children, inside one db_tx() that also writes the audit
 * row.  The agencies import validates inside the transaction, because its
 * checks read the database (units, stored agencies); the transaction
 * function rebuilds all its state on every run, since db_tx() re-runs it
 * when the database is busy.
 */
#include <jansson.h>
#include <stdarg.h>
#include <stdlib.h>
#include "domain/audit/audit.h"
#include "core/array.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/csv.h"
#include "core/db_row.h"
#include "core/log.h"
#include "core/mem.h"
#include "core/strmap.h"
#include "core/text.h"
#include "domain/units/unit.h"

#define NO_INDEX ((size_t)-1)
#define SHOW_SIZE 64          /* bytes of a value quoted in a message, with "…" */
#define CYCLE_SHOW_MAX 10     /* codes named when describing a cycle */
#define AUDIT_DETAIL_MAX 256  /* bytes of an audit_log detail */

/* ---------------------------------------------------------------- queries */


/* unit_get(); units_import_json(): the stored row a record is compared with */
static const struct db_query Q_UNIT_GET = {
    "units.get",
    "SELECT " UNIT_COLS " FROM units WHERE code = ?1",
};
/* unit_list_provinces() */
static const struct db_query Q_UNIT_PROVINCES = {
    "units.provinces",
    "SELECT " UNIT_COLS " FROM units"
    " WHERE level = 'province' AND valid_to IS NULL ORDER BY code",
};
/* unit_list_communes() */
static const struct db_query Q_UNIT_COMMUNES = {
    "units.communes",
    "SELECT " UNIT_COLS " FROM units"
    " WHERE parent_code = ?1 AND level = 'commune' AND valid_to IS NULL ORDER BY code",
};
/* unit_list_served_communes() */
static const struct db_query Q_UNIT_SERVED_COMMUNES = {
    "units.served_communes",
    "SELECT " UNIT_COLS " FROM units u WHERE level = 'commune'"
    " AND EXISTS (SELECT 1 FROM agencies a WHERE a.unit_code = u.code) ORDER BY code",
};
/* units_import_json(): write one new or changed unit; validity is kept */
static const struct db_query Q_UNIT_UPSERT = {
    "units.upsert",
    "INSERT INTO units (code, name, full_name, name_en, full_name_en, code_name, level,"
    " parent_code) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
    " ON CONFLICT(code) DO UPDATE SET name = excluded.name,"
    " full_name = excluded.full_name, name_en = excluded.name_en,"
    " full_name_en = excluded.full_name_en, code_name = excluded.code_name,"
    " level = excluded.level, parent_code = excluded.parent_code",
};
/* agencies_import_csv(): is ma_dvhc a unit, and is it in force; unit_exists() */
static const struct db_query Q_UNIT_VALID_TO = {
    "units.valid_to",
    "SELECT valid_to FROM units WHERE code = ?1",
};
/* agency_get() */
static const struct db_query Q_AGENCY_GET = {
    "agencies.get",
    "SELECT " AGENCY_COLS " FROM agencies WHERE code = ?1",
};
/* agency_name(), agency_exists() */
static const struct db_query Q_AGENCY_NAME = {
    "agencies.name",
    "SELECT name FROM agencies WHERE code = ?1",
};
/* agency_list() without a unit; agencies_import_csv(): parents, cycles, comparison */
static const struct db_query Q_AGENCY_ALL = {
    "agencies.all",
    "SELECT " AGENCY_COLS " FROM agencies ORDER BY code",
};
/* agency_list() of one unit */
static const struct db_query Q_AGENCY_OF_UNIT = {
    "agencies.of_unit",
    "SELECT " AGENCY_COLS " FROM agencies WHERE unit_code = ?1 ORDER BY code",
};
/* agencies_import_csv(): write one new or changed agency */
static const struct db_query Q_AGENCY_UPSERT = {
    "agencies.upsert",
    "INSERT INTO agencies (code, name, unit_code, parent_code, created_at, updated_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?5)"
    " ON CONFLICT(code) DO UPDATE SET name = excluded.name,"
    " unit_code = excluded.unit_code, parent_code = excluded.parent_code,"
    " updated_at = excluded.updated_at",
};
/* ---------------------------------------------------------------- helpers */

/*
 * Copy s[0..len) into out (SHOW_SIZE bytes) for a message: control bytes
 * and, in invalid UTF-8, all non-ASCII bytes become '?'; long values are
 * cut on a character boundary and end with "…".
 */
static void show(const char *s, size_t len, char *out)
{
    bool utf8 = text_utf8_valid(s, len);
    size_t limit = SHOW_SIZE - 4;
    size_t o = 0;
    size_t i = 0;
    while (i < len && o < limit) {
        unsigned char c = (unsigned char)s[i];
        size_t n = 1;
        if (c < 0x20 || c == 0x7f || (c >= 0x80 && !utf8)) {
            out[o++] = '?';
            i++;
            continue;
        }
        if (c >= 0xF0)
            n = 4;
        else if (c >= 0xE0)
            n = 3;
        else if (c >= 0x80)
            n = 2;
        if (o + n > limit)
            break;
        memcpy(out + o, s + i, n);
        o += n;
        i += n;
    }
    if (i < len) {
        memcpy(out + o, "…", 3);
        o += 3;
    }
    out[o] = '\0';
}

/*
 * Trim s[0..len), check it is valid UTF-8 of at most max bytes (non-empty
 * if required) and store its NFC form in *out (owned by the caller).
 * On MC_ERR_INVALID *out is NULL and *why says what is wrong (Vietnamese,
 * static).
 */
static enum mc_status clean_text(const char *s, size_t len, bool required, size_t max,
                                 char **out, const char **why)
{
    struct buf b;
    enum mc_status st = MC_ERR_INVALID;
    buf_init(&b, BUF_MAX_SMALL);
    *out = NULL;
    *why = NULL;
    text_trim(&s, &len);
    if (len == 0 && required) {
        *why = "trống";
        goto out;
    }
    if (len > max) {
        *why = "dài quá giới hạn";
        goto out;
    }
    if (!text_utf8_valid(s, len)) {
        *why = "không phải văn bản UTF-8 hợp lệ";
        goto out;
    }
    st = text_nfc(s, len, &b);
    if (st != MC_OK) {
        *why = "không chuẩn hoá được";
        st = MC_ERR_INVALID;
        goto out;
    }
    *out = buf_detach(&b, NULL);
out:
    buf_release(&b);
    return st;
}

static bool same_str(const char *a, const char *b)
{
    if (!a || !b)
        return a == b;
    return strcmp(a, b) == 0;
}

static char *col_dup_null(struct db_stmt *s, int col)
{
    return db_col_is_null(s, col) ? NULL : db_col_strdup(s, col);
}

/*
 * Write the audit row of an import with its counts.
 * NEEDSWORK: the actor is always "system"; when imports can be uploaded
 * through the web, the import functions should take the signed-in actor.
 */
static enum mc_status audit_import(struct db *db, const char *action, const char *object,
                                   const struct import_report *counts)
{
    static const struct audit_actor system_actor = {.user_id = 0, .role = "system"};
    struct buf detail;
    enum mc_status st;
    buf_init(&detail, AUDIT_DETAIL_MAX);
    buf_addf(&detail, "{\"read\":%zu,\"created\":%zu,\"updated\":%zu,\"unchanged\":%zu}",
             counts->read, counts->created, counts->updated, counts->unchanged);
    st = buf_status(&detail);
    if (st == MC_OK)
        st = audit_record(db, &system_actor, action, object, buf_cstr(&detail));
    buf_release(&detail);
    return st;
}

/* ---------------------------------------------------------------- code index */

/* The index stored under code in m (core/strmap.h), or NO_INDEX. */
static size_t code_index(const struct strmap *m, const char *code)
{
    int64_t v = 0;
    return strmap_get(m, code, strlen(code), &v) ? (size_t)v : NO_INDEX;
}

static void code_index_set(struct strmap *m, const char *code, size_t i)
{
    strmap_set(m, code, strlen(code), (int64_t)i);
}

/* ---------------------------------------------------------------- lookups */

void unit_init(struct unit *u)
{
    memset(u, 0, sizeof(*u));
}

void unit_release(struct unit *u)
{
    free(u->code);
    free(u->name);
    free(u->full_name);
    free(u->name_en);
    free(u->full_name_en);
    free(u->code_name);
    free(u->parent_code);
    free(u->valid_from);
    free(u->valid_to);
    unit_init(u);
}

ARRAY_LIST_DEFINE_EACH(unit, items, unit_release)

void agency_init(struct agency *a)
{
    memset(a, 0, sizeof(*a));
}

void agency_release(struct agency *a)
{
    free(a->code);
    free(a->name);
    free(a->unit_code);
    free(a->parent_code);
    agency_init(a);
}

ARRAY_LIST_DEFINE_EACH(agency, items, agency_release)

const char *unit_level_name(enum unit_level level)
{
    return level == UNIT_PROVINCE ? "province" : "commune";
}

/* The columns of UNIT_COLS, in order. */
static const struct db_field UNIT_FIELDS[] = {
    DB_STRDUP(struct unit, code),
    DB_STRDUP(struct unit, name),
    DB_STRDUP(struct unit, full_name),
    DB_STRDUP(struct unit, name_en),
    DB_STRDUP(struct unit, full_name_en),
    DB_STRDUP(struct unit, code_name),
    DB_SKIP(struct unit, level),
    DB_SKIP(struct unit, parent_code),   /* NULL stays NULL */
    DB_STRDUP(struct unit, valid_from),
};

static const struct db_row_type UNIT_ROW =
    DB_ROW_TYPE(struct unit, UNIT_FIELDS, NULL, NULL);

void unit_read_row(struct db_stmt *s, struct unit *u)
{
    unit_release(u);
    db_row_read_type(s, &UNIT_ROW, u);
    u->level = strcmp(db_col_text(s, 6), "province") == 0 ? UNIT_PROVINCE : UNIT_COMMUNE;
    u->parent_code = col_dup_null(s, 7);
    u->valid_to = col_dup_null(s, 9);
}

/* The columns of AGENCY_COLS, in order. */
static const struct db_field AGENCY_FIELDS[] = {
    DB_STRDUP(struct agency, code),
    DB_STRDUP(struct agency, name),
    DB_STRDUP(struct agency, unit_code),
    DB_SKIP(struct agency, parent_code),   /* NULL stays NULL */
    DB_INT64(struct agency, created_at),
    DB_INT64(struct agency, updated_at),
};

static const struct db_row_type AGENCY_ROW =
    DB_ROW_TYPE(struct agency, AGENCY_FIELDS, NULL, NULL);

void agency_read_row(struct db_stmt *s, struct agency *a)
{
    agency_release(a);
    db_row_read_type(s, &AGENCY_ROW, a);
    a->parent_code = col_dup_null(s, 3);
}

enum mc_status unit_get(struct db *db, const char *code, struct unit *out)
{
    struct db_stmt *s = NULL;
    enum mc_status st = db_get_row(db, &Q_UNIT_GET, &s, "s", code);
    if (st == MC_OK)
        unit_read_row(s, out);
    db_done(s);
    return st;
}

/* Append every row of a started unit query to out. */
static enum mc_status collect_units(struct db_stmt *s, enum mc_status st, struct unit_list *out)
{
    while (db_next(s, &st))
        unit_read_row(s, ARRAY_PUSH(out->items, out->n, out->cap));
    db_done(s);
    return st;
}

enum mc_status unit_list_provinces(struct db *db, struct unit_list *out)
{
    struct db_stmt *s = NULL;
    enum mc_status st = db_query_start(db, &Q_UNIT_PROVINCES, &s, "");
    return collect_units(s, st, out);
}

enum mc_status unit_list_communes(struct db *db, const char *province_code,
                                  struct unit_list *out)
{
    struct db_stmt *s = NULL;
    enum mc_status st = db_query_start(db, &Q_UNIT_COMMUNES, &s, "s", province_code);
    return collect_units(s, st, out);
}

enum mc_status unit_list_served_communes(struct db *db, struct unit_list *out)
{
    struct db_stmt *s = NULL;
    enum mc_status st = db_query_start(db, &Q_UNIT_SERVED_COMMUNES, &s, "");
    return collect_units(s, st, out);
}

enum mc_status agency_get(struct db *db, const char *code, struct agency *out)
{
    struct db_stmt *s = NULL;
    enum mc_status st = db_get_row(db, &Q_AGENCY_GET, &s, "s", code);
    if (st == MC_OK)
        agency_read_row(s, out);
    db_done(s);
    return st;
}

/* *yes when q, a lookup of one row by its code, finds the row of code. */
static enum mc_status code_found(struct db *db, const struct db_query *q, const char *code,
                                 bool *yes)
{
    char first[8];
    enum mc_status st = db_get_text(db, q, first, sizeof(first), "s", code);
    *yes = st == MC_OK;
    return st == MC_ERR_NOT_FOUND ? MC_OK : st;
}

enum mc_status unit_exists(struct db *db, const char *code, bool *yes)
{
    return code_found(db, &Q_UNIT_VALID_TO, code, yes);
}

enum mc_status agency_exists(struct db *db, const char *code, bool *yes)
{
    return code_found(db, &Q_AGENCY_NAME, code, yes);
}

enum mc_status agency_name(struct db *db, const char *code, char *name, size_t size)
{
    enum mc_status st = db_get_text(db, &Q_AGENCY_NAME, name, size, "s", code);
    return st == MC_ERR_NOT_FOUND ? MC_OK : st;
}

enum mc_status unit_or_agency_name(struct db *db, const char *code, enum unit_code_kind *kind,
                                   char *name, size_t size)
{
    struct agency a;
    struct unit u;
    agency_init(&a);
    unit_init(&u);
    enum mc_status st = agency_get(db, code, &a);
    if (st == MC_OK) {
        *kind = UNIT_CODE_AGENCY;
        snprintf(name, size, "%s", a.name);
    } else if (st == MC_ERR_NOT_FOUND && (st = unit_get(db, code, &u)) == MC_OK) {
        *kind = u.level == UNIT_PROVINCE ? UNIT_CODE_PROVINCE : UNIT_CODE_COMMUNE;
        snprintf(name, size, "%s", u.full_name);
    }
    unit_release(&u);
    agency_release(&a);
    return st;
}

enum mc_status agency_list(struct db *db, const char *unit_code, struct agency_list *out)
{
    struct db_stmt *s = NULL;
    enum mc_status st;
    if (unit_code)
        st = db_query_start(db, &Q_AGENCY_OF_UNIT, &s, "s", unit_code);
    else
        st = db_query_start(db, &Q_AGENCY_ALL, &s, "");
    while (db_next(s, &st))
        agency_read_row(s, ARRAY_PUSH(out->items, out->n, out->cap));
    db_done(s);
    return st;
}

/* ---------------------------------------------------------------- units import */

/* One validated province or ward. */
struct unit_rec {
    char *code;            /* digits, owned */
    char *name;            /* trimmed NFC, owned; likewise the four below */
    char *full_name;
    char *name_en;
    char *full_name_en;
    char *code_name;
    enum unit_level level;
    size_t parent;         /* index of the province record, or NO_INDEX */
    char where[96];        /* position for messages: "xã thứ 120 của tỉnh 01" */
};

struct units_import {
    json_t *root;              /* the parsed input */
    struct unit_rec *recs;     /* provinces, each followed by its wards */
    size_t n;                  /* records kept */
    size_t cap;                /* records allocated */
    struct strmap codes;     /* code -> index in recs, for duplicates */
    struct import_report *rep; /* where problems go */
    struct import_report counts; /* written by the transaction (no messages) */
};

/* The record being checked: its position text and whether it failed. */
struct rec_check {
    struct import_report *rep;
    char where[160];       /* "tỉnh thứ 3 (mã 04)" */
    bool bad;              /* at least one problem reported */
};

static void rec_reject(struct rec_check *c, const char *fmt, ...) MC_PRINTF(2, 3);
static void rec_reject(struct rec_check *c, const char *fmt, ...)
{
    char msg[IMPORT_REPORT_MAX_MESSAGE];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    import_report_error(c->rep, "%s: %s", c->where, msg);
    c->bad = true;
}

static void unit_rec_release(struct unit_rec *r)
{
    free(r->code);
    free(r->name);
    free(r->full_name);
    free(r->name_en);
    free(r->full_name_en);
    free(r->code_name);
}

/* A text field of a record; set *out (owned) or report the problem. */
static void take_text(struct rec_check *c, json_t *obj, const char *key, const char *label,
                      bool required, char **out)
{
    json_t *v = json_object_get(obj, key);
    const char *why = NULL;
    *out = NULL;
    if (!v || json_is_null(v)) {
        if (required)
            rec_reject(c, "thiếu %s (%s)", label, key);
        else
            *out = xstrdup("");
        return;
    }
    if (!json_is_string(v)) {
        rec_reject(c, "%s (%s) phải là chuỗi", label, key);
        return;
    }
    if (clean_text(json_string_value(v), json_string_length(v), required, UNIT_NAME_MAX,
                   out, &why) != MC_OK)
        rec_reject(c, "%s (%s) %s", label, key, why);
}

/*
 * Check one province (prov_where NULL) or ward and, when it is good, keep
 * it in imp->recs.  For a ward, parent is the index of its kept province
 * (NO_INDEX if the province was rejected: the import fails anyway, but
 * the ward is still checked), prov_code the province's Code as written
 * (NULL if it had none) and prov_where "tỉnh 01" or "tỉnh thứ 3".
 * pos is 1-based among siblings.  Returns the kept index or NO_INDEX.
 */
static size_t check_unit(struct units_import *imp, json_t *obj, size_t pos, size_t parent,
                         const char *prov_code, const char *prov_where)
{
    struct rec_check c = {.rep = imp->rep};
    struct unit_rec r = {.parent = parent};
    bool province = !prov_where;
    size_t want_len = province ? UNIT_PROVINCE_CODE_LEN : UNIT_COMMUNE_CODE_LEN;
    size_t kept = NO_INDEX;
    char shown[SHOW_SIZE];
    json_t *code;

    r.level = province ? UNIT_PROVINCE : UNIT_COMMUNE;
    if (province)
        snprintf(r.where, sizeof(r.where), "tỉnh thứ %zu", pos);
    else
        snprintf(r.where, sizeof(r.where), "xã thứ %zu của %s", pos, prov_where);
    snprintf(c.where, sizeof(c.where), "%s", r.where);
    if (!json_is_object(obj)) {
        rec_reject(&c, "không phải một đối tượng JSON");
        goto out;
    }
    code = json_object_get(obj, "Code");
    if (!json_is_string(code)) {
        rec_reject(&c, "thiếu mã (Code) hoặc mã không phải chuỗi");
    } else {
        size_t len = json_string_length(code);
        const char *s = json_string_value(code);
        size_t at = strlen(c.where);
        show(s, len, shown);
        snprintf(c.where + at, sizeof(c.where) - at, " (mã %s)", shown);
        if (len != want_len || !text_is_digits(s, len)) {
            rec_reject(&c, "mã phải gồm đúng %zu chữ số", want_len);
        } else {
            r.code = xstrndup(s, len);
            size_t other = code_index(&imp->codes, r.code);
            if (other != NO_INDEX)
                rec_reject(&c, "mã trùng với %s", imp->recs[other].where);
        }
    }
    take_text(&c, obj, "Name", "tên", true, &r.name);
    take_text(&c, obj, "FullName", "tên đầy đủ", true, &r.full_name);
    take_text(&c, obj, "NameEn", "tên tiếng Anh", false, &r.name_en);
    take_text(&c, obj, "FullNameEn", "tên đầy đủ tiếng Anh", false, &r.full_name_en);
    take_text(&c, obj, "CodeName", "tên mã", false, &r.code_name);
    if (!province) {
        json_t *pc = json_object_get(obj, "ProvinceCode");
        if (!json_is_string(pc)) {
            rec_reject(&c, "thiếu mã tỉnh (ProvinceCode) hoặc mã không phải chuỗi");
        } else if (!prov_code || strcmp(json_string_value(pc), prov_code) != 0 ||
                   json_string_length(pc) != strlen(prov_code)) {
            show(json_string_value(pc), json_string_length(pc), shown);
            rec_reject(&c, "mã tỉnh (ProvinceCode) %s khác mã của tỉnh chứa xã", shown);
        }
    }
    if (c.bad)
        goto out;
    kept = imp->n;
    ARRAY_APPEND(imp->recs, imp->n, imp->cap, r);
    code_index_set(&imp->codes, imp->recs[kept].code, kept);
    memset(&r, 0, sizeof(r));
out:
    if (c.bad)
        imp->rep->rejected++;
    unit_rec_release(&r);
    return kept;
}

/* Check every province and ward of the parsed input into imp. */
static void check_units(struct units_import *imp)
{
    size_t np = json_array_size(imp->root);
    progress_begin(imp->rep->progress, "kiểm tra", "đơn vị", 0);
    for (size_t i = 0; i < np; i++) {
        json_t *prov = json_array_get(imp->root, i);
        json_t *code = json_object_get(prov, "Code");   /* NULL unless an object */
        const char *prov_code = json_is_string(code) ? json_string_value(code) : NULL;
        char prov_where[48];
        json_t *wards;
        size_t p;

        import_report_read(imp->rep);
        p = check_unit(imp, prov, i + 1, NO_INDEX, NULL, NULL);
        if (p != NO_INDEX)
            snprintf(prov_where, sizeof(prov_where), "tỉnh %s", imp->recs[p].code);
        else
            snprintf(prov_where, sizeof(prov_where), "tỉnh thứ %zu", i + 1);
        if (!json_is_object(prov))
            continue;
        wards = json_object_get(prov, "Wards");
        if (!json_is_array(wards)) {
            if (p != NO_INDEX) {
                /* The province passed its own checks; reject it here. */
                import_report_error(imp->rep, "%s (mã %s): thiếu danh sách xã (Wards) "
                                    "hoặc Wards không phải mảng", imp->recs[p].where,
                                    imp->recs[p].code);
                imp->rep->rejected++;
            } else {
                import_report_error(imp->rep, "%s: thiếu danh sách xã (Wards) hoặc "
                                    "Wards không phải mảng", prov_where);
            }
            continue;
        }
        for (size_t j = 0; j < json_array_size(wards); j++) {
            import_report_read(imp->rep);
            (void)check_unit(imp, json_array_get(wards, j), j + 1, p, prov_code,
                             prov_where);
        }
    }
}

/* Transaction body: compare each record with the stored row, upsert it
 * when it differs, then write the audit row.  Safe to re-run. */
static enum mc_status units_write(struct db *db, void *arg)
{
    struct units_import *imp = arg;
    struct db_stmt *s = NULL;
    enum mc_status st = MC_OK;
    imp->counts.created = imp->counts.updated = imp->counts.unchanged = 0;
    progress_begin(imp->rep->progress, "ghi", "đơn vị", imp->n);
    for (size_t i = 0; i < imp->n; i++) {
        const struct unit_rec *r = &imp->recs[i];
        const char *parent = r->parent == NO_INDEX ? NULL : imp->recs[r->parent].code;
        const char *level = unit_level_name(r->level);
        struct unit u;
        progress_update(imp->rep->progress, i + 1);
        unit_init(&u);
        st = unit_get(db, r->code, &u);
        bool row = st == MC_OK;
        bool same = row && strcmp(u.name, r->name) == 0 &&
                    strcmp(u.full_name, r->full_name) == 0 &&
                    strcmp(u.name_en, r->name_en) == 0 &&
                    strcmp(u.full_name_en, r->full_name_en) == 0 &&
                    strcmp(u.code_name, r->code_name) == 0 && u.level == r->level &&
                    same_str(u.parent_code, parent);
        unit_release(&u);
        if (st == MC_ERR_NOT_FOUND)
            st = MC_OK;
        if (st != MC_OK)
            goto out;
        if (same) {
            imp->counts.unchanged++;
            continue;
        }
        st = db_run(db, &Q_UNIT_UPSERT, NULL, "ssssssss", r->code, r->name, r->full_name,
                    r->name_en, r->full_name_en, r->code_name, level, parent);
        if (st != MC_OK)
            goto out;
        if (row)
            imp->counts.updated++;
        else
            imp->counts.created++;
    }
    progress_end(imp->rep->progress);
    imp->counts.read = imp->rep->read;
    st = audit_import(db, "units.import", "units", &imp->counts);
out:
    db_done(s);
    return st;
}

enum mc_status units_import_json(struct db *db, const char *data, size_t len,
                                 struct import_report *rep)
{
    struct units_import imp = {.rep = rep};
    json_error_t jerr;
    enum mc_status st = MC_ERR_INVALID;

    import_report_clear(rep);
    import_report_init(&imp.counts);
    if (len > UNITS_IMPORT_MAX_BYTES) {
        import_report_error(rep, "tệp lớn quá %u MB", UNITS_IMPORT_MAX_BYTES >> 20);
        st = MC_ERR_TOO_LARGE;
        goto out;
    }
    imp.root = json_loadb(data, len, JSON_REJECT_DUPLICATES, &jerr);
    if (!imp.root) {
        import_report_error(rep, "tệp không phải JSON hợp lệ (dòng %d, cột %d)",
                            jerr.line, jerr.column);
        log_warn("units import: bad JSON at line %d column %d", jerr.line, jerr.column);
        goto out;
    }
    if (!json_is_array(imp.root)) {
        import_report_error(rep, "tệp phải là một mảng JSON các tỉnh");
        goto out;
    }
    check_units(&imp);
    if (import_report_error_count(rep) > 0) {
        log_warn("units import: %zu of %zu records rejected", rep->rejected, rep->read);
        goto out;
    }
    st = db_tx(db, units_write, &imp);
    if (st != MC_OK)
        goto out;
    rep->created = imp.counts.created;
    rep->updated = imp.counts.updated;
    rep->unchanged = imp.counts.unchanged;
    rep->committed = true;
    log_info("units import: %zu read, %zu created, %zu updated, %zu unchanged",
             rep->read, rep->created, rep->updated, rep->unchanged);
out:
    for (size_t i = 0; i < imp.n; i++)
        unit_rec_release(&imp.recs[i]);
    free(imp.recs);
    strmap_release(&imp.codes);
    import_report_release(&imp.counts);
    json_decref(imp.root);
    return st;
}

/* ---------------------------------------------------------------- agencies import */

/* One data line of the CSV. */
struct agency_row {
    unsigned long line;    /* physical line where the record starts */
    char *code;            /* trimmed, owned; NULL when invalid */
    char *name;            /* trimmed NFC, owned; NULL when invalid */
    char *unit_code;       /* owned; NULL when invalid */
    char *parent_code;     /* owned; NULL when empty or invalid */
    bool bad;              /* at least one problem reported */
    bool in_graph;         /* first line with this code: a node of the graph */
};

/* A node of the parent graph: a CSV line, or a stored agency the file leaves alone. */
struct agency_node {
    const char *code;      /* borrowed from row or stored */
    const char *parent;    /* parent code, NULL when none */
    struct agency_row *row;  /* the CSV line, or NULL */
    size_t parent_node;    /* NO_INDEX when none */
    unsigned char state;   /* 0 unvisited, 1 on the current walk, 2 done */
};

/* A message waiting to be sorted by line. */
struct line_error {
    unsigned long line;    /* CSV line, 0 for the whole file */
    size_t seq;            /* order of reporting, to keep the sort stable */
    char *msg;             /* owned, complete ("dòng 7: ...") */
};

/* Everything one run of the transaction builds; rebuilt on each run. */
struct agencies_run {
    struct agency_row *rows;         /* nrows CSV lines, in file order */
    size_t nrows;
    size_t rows_cap;
    struct agency *stored;           /* nstored stored agencies */
    size_t nstored;
    size_t stored_cap;
    struct agency_node *nodes;       /* nnodes graph nodes */
    size_t nnodes;
    size_t *order;                   /* nodes, every parent before its children */
    size_t norder;
    struct strmap row_codes;       /* code -> row (first line) */
    struct strmap stored_codes;    /* code -> stored */
    struct strmap node_codes;      /* code -> node */
    struct line_error *errors;       /* nerrors messages */
    size_t nerrors;
    size_t errors_cap;
};

/* The shared context of agencies_import_csv() and its transaction. */
struct agencies_import {
    const char *data;                /* the CSV bytes, not owned */
    size_t len;
    struct import_report work;       /* the report of the last run */
};

static void run_error(struct agencies_run *run, unsigned long line, const char *fmt, ...)
    MC_PRINTF(3, 4);
static void run_error(struct agencies_run *run, unsigned long line, const char *fmt, ...)
{
    char msg[IMPORT_REPORT_MAX_MESSAGE];
    struct buf b;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    buf_init(&b, IMPORT_REPORT_MAX_MESSAGE + 32);
    if (line)
        buf_addf(&b, "dòng %lu: ", line);
    buf_adds(&b, msg);
    struct line_error *e = ARRAY_PUSH(run->errors, run->nerrors, run->errors_cap);
    e->line = line;
    e->seq = run->nerrors - 1;
    e->msg = buf_detach(&b, NULL);
    buf_release(&b);
}

static void row_error(struct agencies_run *run, struct agency_row *row, const char *fmt, ...)
    MC_PRINTF(3, 4);
static void row_error(struct agencies_run *run, struct agency_row *row, const char *fmt, ...)
{
    char msg[IMPORT_REPORT_MAX_MESSAGE];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    run_error(run, row->line, "%s", msg);
    row->bad = true;
}

static void agencies_run_release(struct agencies_run *run)
{
    for (size_t i = 0; i < run->nrows; i++) {
        free(run->rows[i].code);
        free(run->rows[i].name);
        free(run->rows[i].unit_code);
        free(run->rows[i].parent_code);
    }
    free(run->rows);
    for (size_t i = 0; i < run->nstored; i++)
        agency_release(&run->stored[i]);
    free(run->stored);
    free(run->nodes);
    free(run->order);
    strmap_release(&run->row_codes);
    strmap_release(&run->stored_codes);
    strmap_release(&run->node_codes);
    for (size_t i = 0; i < run->nerrors; i++)
        free(run->errors[i].msg);
    free(run->errors);
    memset(run, 0, sizeof(*run));
}

/* Letters, digits, '.', '-', '_': the characters of an agency code. */
static bool agency_code_ok(const char *s, size_t len)
{
    return text_is_code(s, len, AGENCY_CODE_MAX, ".-_");
}

/* Check ma_dvhc of row against the units table. */
static enum mc_status check_row_unit(struct db *db, struct agencies_run *run,
                                     struct agency_row *row, struct csv_field f)
{
    struct db_stmt *s = NULL;
    char shown[SHOW_SIZE];
    enum mc_status st = MC_OK;
    const char *p = f.ptr;
    size_t len = f.len;

    text_trim(&p, &len);
    show(p, len, shown);
    if (len == 0) {
        row_error(run, row, "thiếu mã đơn vị hành chính (ma_dvhc)");
        goto out;
    }
    if (!text_is_digits(p, len) ||
        (len != UNIT_PROVINCE_CODE_LEN && len != UNIT_COMMUNE_CODE_LEN)) {
        row_error(run, row, "mã đơn vị hành chính \"%s\" không hợp lệ (phải gồm %d hoặc "
                  "%d chữ số)", shown, UNIT_PROVINCE_CODE_LEN, UNIT_COMMUNE_CODE_LEN);
        goto out;
    }
    row->unit_code = xstrndup(p, len);
    st = db_get_row(db, &Q_UNIT_VALID_TO, &s, "s", row->unit_code);
    if (st == MC_ERR_NOT_FOUND) {
        row_error(run, row, "mã đơn vị hành chính %s không tồn tại", shown);
        st = MC_OK;
    } else if (st == MC_OK && !db_col_is_null(s, 0))
        row_error(run, row, "đơn vị hành chính %s đã hết hiệu lực từ ngày %s", shown,
                  db_col_text(s, 0));
out:
    db_done(s);
    return st;
}

/* Check one data line and keep it in run->rows. */
static enum mc_status check_row(struct db *db, struct agencies_run *run,
                                const struct csv_record *rec, const struct csv_column *cols)
{
    struct agency_row *row;
    struct csv_field f;
    char shown[SHOW_SIZE];
    const char *why = NULL;
    const char *p;
    size_t len;
    enum mc_status st = MC_OK;

    row = ARRAY_PUSH(run->rows, run->nrows, run->rows_cap);
    row->line = rec->line;

    f = csv_record_get(rec, cols[0].index);
    p = f.ptr;
    len = f.len;
    text_trim(&p, &len);
    show(p, len, shown);
    if (len == 0) {
        row_error(run, row, "thiếu mã đơn vị (ma_don_vi)");
    } else if (!agency_code_ok(p, len)) {
        row_error(run, row, "mã đơn vị \"%s\" không hợp lệ (tối đa %d ký tự, chỉ gồm chữ "
                  "cái không dấu, chữ số và các dấu . - _)", shown, AGENCY_CODE_MAX);
    } else {
        row->code = xstrndup(p, len);
        size_t first = code_index(&run->row_codes, row->code);
        if (first != NO_INDEX) {
            row_error(run, row, "mã đơn vị %s trùng với dòng %lu", shown,
                      run->rows[first].line);
        } else {
            code_index_set(&run->row_codes, row->code, run->nrows - 1);
            row->in_graph = true;
        }
    }

    f = csv_record_get(rec, cols[1].index);
    if (clean_text(f.ptr, f.len, true, UNIT_NAME_MAX, &row->name, &why) != MC_OK)
        row_error(run, row, "tên đơn vị (ten_don_vi) %s", why);

    st = check_row_unit(db, run, row, csv_record_get(rec, cols[2].index));
    if (st != MC_OK)
        goto out;

    if (cols[3].index != CSV_NO_COLUMN) {
        f = csv_record_get(rec, cols[3].index);
        p = f.ptr;
        len = f.len;
        text_trim(&p, &len);
        show(p, len, shown);
        if (len > 0 && !agency_code_ok(p, len))
            row_error(run, row, "mã đơn vị cha \"%s\" không hợp lệ", shown);
        else if (len > 0)
            row->parent_code = xstrndup(p, len);
    }
out:
    return st;
}

/* Read every stored agency into run->stored. */
static enum mc_status load_stored(struct db *db, struct agencies_run *run)
{
    struct db_stmt *s = NULL;
    enum mc_status st = db_query_start(db, &Q_AGENCY_ALL, &s, "");
    while (db_next(s, &st)) {
        struct agency *a = ARRAY_PUSH(run->stored, run->nstored, run->stored_cap);
        agency_read_row(s, a);
        code_index_set(&run->stored_codes, a->code, run->nstored - 1);
    }
    db_done(s);
    return st;
}

static void add_node(struct agencies_run *run, const char *code, const char *parent,
                     struct agency_row *row)
{
    struct agency_node *n = &run->nodes[run->nnodes];
    n->code = code;
    n->parent = parent;
    n->row = row;
    n->parent_node = NO_INDEX;
    n->state = 0;
    code_index_set(&run->node_codes, code, run->nnodes);
    run->nnodes++;
}

/* Report every cycle through the nodes walked in path[from..n). */
static void report_cycle(struct agencies_run *run, const size_t *path, size_t from,
                         size_t n)
{
    struct buf chain;
    buf_init(&chain, BUF_MAX_LINE);
    for (size_t k = from; k < n && k - from < CYCLE_SHOW_MAX; k++)
        buf_addf(&chain, "%s → ", run->nodes[path[k]].code);
    if (n - from > CYCLE_SHOW_MAX)
        buf_adds(&chain, "… → ");
    buf_adds(&chain, run->nodes[path[from]].code);
    for (size_t k = from; k < n; k++) {
        struct agency_node *node = &run->nodes[path[k]];
        if (node->row)
            row_error(run, node->row, "đơn vị cha tạo thành vòng lặp: %s", buf_cstr(&chain));
    }
    buf_release(&chain);
}

/*
 * Build the parent graph of the file's agencies together with the stored
 * ones it does not replace, report unknown parents and cycles, and put
 * every node in run->order with parents first.
 */
static void check_parents(struct agencies_run *run)
{
    size_t *path = NULL;
    run->nodes = xcalloc(run->nrows + run->nstored + 1, sizeof(*run->nodes));
    run->order = xcalloc(run->nrows + run->nstored + 1, sizeof(*run->order));
    path = xcalloc(run->nrows + run->nstored + 1, sizeof(*path));
    for (size_t i = 0; i < run->nrows; i++)
        if (run->rows[i].in_graph)
            add_node(run, run->rows[i].code, run->rows[i].parent_code, &run->rows[i]);
    for (size_t i = 0; i < run->nstored; i++)
        if (code_index(&run->row_codes, run->stored[i].code) == NO_INDEX)
            add_node(run, run->stored[i].code, run->stored[i].parent_code, NULL);

    for (size_t i = 0; i < run->nnodes; i++) {
        struct agency_node *n = &run->nodes[i];
        if (!n->parent)
            continue;
        size_t p = code_index(&run->node_codes, n->parent);
        if (p == i) {
            if (n->row)
                row_error(run, n->row, "đơn vị không thể là đơn vị cha của chính nó");
        } else if (p == NO_INDEX) {
            if (n->row)
                row_error(run, n->row, "mã đơn vị cha %s không có trong tệp và trong cơ "
                          "sở dữ liệu", n->parent);
        } else {
            n->parent_node = p;
        }
    }
    /* Rows rejected before they became nodes may still name a parent. */
    for (size_t i = 0; i < run->nrows; i++) {
        struct agency_row *r = &run->rows[i];
        if (!r->in_graph && r->parent_code &&
            code_index(&run->node_codes, r->parent_code) == NO_INDEX)
            row_error(run, r, "mã đơn vị cha %s không có trong tệp và trong cơ sở dữ liệu",
                      r->parent_code);
    }

    for (size_t i = 0; i < run->nnodes; i++) {
        size_t n = 0;
        size_t cur = i;
        while (cur != NO_INDEX && run->nodes[cur].state == 0) {
            run->nodes[cur].state = 1;
            path[n++] = cur;
            cur = run->nodes[cur].parent_node;
        }
        if (cur != NO_INDEX && run->nodes[cur].state == 1) {
            size_t from = 0;
            while (path[from] != cur)
                from++;
            report_cycle(run, path, from, n);
        }
        while (n > 0) {
            n--;
            run->nodes[path[n]].state = 2;
            run->order[run->norder++] = path[n];
        }
    }
    free(path);
}

static int line_error_cmp(const void *a, const void *b)
{
    const struct line_error *x = a;
    const struct line_error *y = b;
    if (x->line != y->line)
        return x->line < y->line ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Write the checked rows, parents first; count what changed. */
static enum mc_status write_agencies(struct db *db, struct agencies_run *run,
                                     struct import_report *work)
{
    int64_t now = clock_now();
    enum mc_status st = MC_OK;
    progress_begin(work->progress, "ghi", "cơ quan", run->norder);
    for (size_t i = 0; i < run->norder && st == MC_OK; i++) {
        struct agency_row *r = run->nodes[run->order[i]].row;
        size_t k;
        progress_update(work->progress, i + 1);
        if (!r)
            continue;
        k = code_index(&run->stored_codes, r->code);
        if (k != NO_INDEX) {
            const struct agency *a = &run->stored[k];
            if (strcmp(a->name, r->name) == 0 && strcmp(a->unit_code, r->unit_code) == 0 &&
                same_str(a->parent_code, r->parent_code)) {
                work->unchanged++;
                continue;
            }
        }
        st = db_run(db, &Q_AGENCY_UPSERT, NULL, "ssssi", r->code, r->name, r->unit_code,
                    r->parent_code, now);
        if (st == MC_OK && k != NO_INDEX)
            work->updated++;
        else if (st == MC_OK)
            work->created++;
    }
    progress_end(work->progress);
    if (st == MC_OK)
        st = audit_import(db, "agencies.import", "agencies", work);
    return st;
}

/* Transaction body: read and check the whole CSV, then write it if clean. */
static enum mc_status agencies_tx(struct db *db, void *arg)
{
    struct agencies_import *imp = arg;
    struct import_report *work = &imp->work;
    struct agencies_run run = {0};
    struct csv_reader reader;
    struct csv_record rec;
    struct csv_column cols[] = {
        {.name = "ma_don_vi", .required = true},
        {.name = "ten_don_vi", .required = true},
        {.name = "ma_dvhc", .required = true},
        {.name = "ma_don_vi_cha", .required = false},
    };
    const char *bad_col = NULL;
    enum mc_status st;

    import_report_clear(work);
    csv_reader_init_mem(&reader, imp->data, imp->len, NULL);
    st = csv_reader_next(&reader, &rec);
    if (st == CSV_END) {
        run_error(&run, 0, "tệp trống, thiếu dòng tiêu đề");
        st = MC_OK;
        goto check;
    }
    if (st != MC_OK)
        goto csv_error;
    st = csv_header_map(&rec, cols, MC_ARRAY_LEN(cols), &bad_col);
    if (st == MC_ERR_NOT_FOUND) {
        run_error(&run, rec.line, "thiếu cột %s", bad_col);
        st = MC_OK;
        goto check;
    } else if (st != MC_OK) {
        run_error(&run, rec.line, "cột %s xuất hiện hai lần", bad_col);
        st = MC_OK;
        goto check;
    }
    progress_begin(work->progress, "kiểm tra", "dòng", 0);
    while ((st = csv_reader_next(&reader, &rec)) == MC_OK) {
        import_report_read(work);
        st = check_row(db, &run, &rec, cols);
        if (st != MC_OK)
            goto out;
    }
    if (st == CSV_END)
        st = MC_OK;
csv_error:
    if (st == MC_ERR_INVALID || st == MC_ERR_TOO_LARGE || st == MC_ERR_IO) {
        /* The reader's message already names the line. */
        run_error(&run, 0, "%s", csv_reader_message(&reader));
        run.errors[run.nerrors - 1].line = csv_reader_error_line(&reader);
        work->read++;
        work->rejected++;
        st = MC_OK;
    }
    if (st != MC_OK)
        goto out;
    st = load_stored(db, &run);
    if (st != MC_OK)
        goto out;
    check_parents(&run);
check:
    for (size_t i = 0; i < run.nrows; i++)
        if (run.rows[i].bad)
            work->rejected++;
    if (run.nerrors > 0) {
        qsort(run.errors, run.nerrors, sizeof(*run.errors), line_error_cmp);
        for (size_t i = 0; i < run.nerrors; i++)
            import_report_error(work, "%s", run.errors[i].msg);
        st = MC_ERR_INVALID;
        goto out;
    }
    st = write_agencies(db, &run, work);
out:
    csv_reader_release(&reader);
    agencies_run_release(&run);
    return st;
}

enum mc_status agencies_import_csv(struct db *db, const char *data, size_t len,
                                   struct import_report *rep)
{
    struct agencies_import imp = {.data = data, .len = len};
    enum mc_status st;

    import_report_init(&imp.work);
    import_report_clear(rep);
    imp.work.progress = rep->progress;
    if (len > AGENCIES_IMPORT_MAX_BYTES) {
        import_report_error(rep, "tệp lớn quá %u MB", AGENCIES_IMPORT_MAX_BYTES >> 20);
        st = MC_ERR_TOO_LARGE;
        goto out;
    }
    st = db_tx(db, agencies_tx, &imp);
    import_report_release(rep);
    *rep = imp.work;
    import_report_init(&imp.work);
    rep->committed = st == MC_OK;
    if (!rep->committed)
        rep->created = rep->updated = rep->unchanged = 0;
    if (st == MC_OK)
        log_info("agencies import: %zu read, %zu created, %zu updated, %zu unchanged",
                 rep->read, rep->created, rep->updated, rep->unchanged);
    else
        log_warn("agencies import failed (%s): %zu of %zu lines rejected",
                 mc_status_name(st), rep->rejected, rep->read);
out:
    import_report_release(&imp.work);
    return st;
}
