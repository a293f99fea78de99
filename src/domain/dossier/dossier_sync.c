/*
 * dossier_sync.c - import and export of dossiers in the national sync
 * format (see dossier_sync.h); the command-line front is cli/dossier_cli.c.
 */
#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include "domain/calendar/date.h"
#include "core/array.h"
#include "core/clock.h"
#include "core/jfield.h"
#include "core/log.h"
#include "core/mem.h"
#include "core/strmap.h"
#include "core/text.h"
#include "domain/dossier/dossier.h"
#include "domain/dossier/dossier_sync.h"
#include "domain/dossier/dossier-int.h"
#include "domain/rules766/dossier_rules.h"
#include "domain/units/unit.h"

#define FNV_OFFSET 0xcbf29ce484222325ull
#define FNV_PRIME 0x100000001b3ull
#define SUPPLEMENT_MAX_COUNT 1000
#define SUPPLEMENT_MAX_SECONDS (3650ll * 86400)

/*
 * The import stages every checked line in dossier_import_stage (a bulk
 * load: COPY on PostgreSQL), then merges them with one statement, in file
 * order, and empties the stage before the transaction commits.
 */
static const struct db_query Q_STAGE_PUT = {
    "dossier.import_stage_put",
    "INSERT INTO dossier_import_stage (line, code, procedure_code, agency_code, applicant_ref,"
    " channel, status, received_at, due_at, deadline_at, ended_at, returned_at,"
    " supplement_count, supplement_seconds, has_fee, paid_online, e_result, digitised,"
    " reused_data, rating, complaint, import_hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8,"
    " ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22)",
};
/* The first staged line (before line ?1) naming a dossier submitted here. */
static const struct db_query Q_STAGE_NATIVE = {
    "dossier.import_stage_native",
    "SELECT s.line, s.code FROM dossier_import_stage s JOIN dossiers d ON d.code = s.code"
    " WHERE d.origin = 'native' AND s.line < ?1 ORDER BY s.line LIMIT 1",
};
static const struct db_query Q_MERGE = {
    "dossier.import_merge",
    "INSERT INTO dossiers (code, origin, procedure_code, agency_code, applicant_ref, channel,"
    " status, submitted_at, received_at, due_at, deadline_at, ended_at, returned_at,"
    " supplement_count, supplement_seconds, has_fee, fee_paid, paid_online, e_result,"
    " digitised, reused_data, rating, complaint, import_hash, created_at, updated_at)"
    " SELECT code, 'import', procedure_code, agency_code, NULLIF(applicant_ref, ''), channel,"
    " status, NULLIF(received_at, 0), NULLIF(received_at, 0), NULLIF(due_at, 0),"
    " NULLIF(deadline_at, 0), NULLIF(ended_at, 0), NULLIF(returned_at, 0), supplement_count,"
    " supplement_seconds, has_fee, CASE WHEN paid_online > 0 THEN 1 ELSE 0 END, paid_online,"
    " e_result, digitised, reused_data, rating, complaint, import_hash, ?1, ?1"
    " FROM dossier_import_stage WHERE 1 = 1 ORDER BY line"
    " ON CONFLICT(code) DO UPDATE SET procedure_code = excluded.procedure_code,"
    " agency_code = excluded.agency_code, applicant_ref = excluded.applicant_ref,"
    " channel = excluded.channel, status = excluded.status,"
    " submitted_at = excluded.submitted_at, received_at = excluded.received_at,"
    " due_at = excluded.due_at, deadline_at = excluded.deadline_at,"
    " ended_at = excluded.ended_at, returned_at = excluded.returned_at,"
    " supplement_count = excluded.supplement_count,"
    " supplement_seconds = excluded.supplement_seconds, has_fee = excluded.has_fee,"
    " fee_paid = excluded.fee_paid, paid_online = excluded.paid_online,"
    " e_result = excluded.e_result, digitised = excluded.digitised,"
    " reused_data = excluded.reused_data, rating = excluded.rating,"
    " complaint = excluded.complaint, import_hash = excluded.import_hash,"
    " version = dossiers.version + 1, updated_at = excluded.updated_at"
    " WHERE dossiers.origin = 'import'"
    " AND dossiers.import_hash IS DISTINCT FROM excluded.import_hash"
    " RETURNING version, id",
};
static const struct db_query Q_STAGE_CLEAR = {
    "dossier.import_stage_clear", "DELETE FROM dossier_import_stage",
    "TRUNCATE dossier_import_stage",
};
/*
 * A bulk load (PostgreSQL, sql/postgres/0034_import_bulk.sql): from
 * IMPORT_BULK_ROWS new dossiers on, and at least as many as the table
 * holds, the secondary indexes of dossiers are dropped before the merge
 * and built again after it, in the import's transaction: one sort per
 * index instead of a million insertions into each.  SQLite keeps them.
 */
#define IMPORT_BULK_ROWS 100000
static size_t bulk_rows = IMPORT_BULK_ROWS;   /* dossier_import_set_bulk_rows() */
static const struct db_query Q_PARK = {
    "dossier.import_park", "SELECT 0 * ?1", "SELECT dossier_import_park(?1)",
};
static const struct db_query Q_UNPARK = {
    "dossier.import_unpark", "SELECT 0", "SELECT dossier_import_unpark()",
};
/* A bigger page cache for the one large transaction (this connection only). */
static const struct db_query Q_CACHE = {
    "dossier.import_cache", "PRAGMA cache_size = -131072", "SELECT 1",
};
static const struct db_query Q_EXPORT = {
    "dossier.export",
    "SELECT code, procedure_code, agency_code, channel, status, received_at, due_at,"
    " ended_at, returned_at, supplement_count, deadline_at, paid_online, has_fee, e_result,"
    " digitised, reused_data, rating, complaint, applicant_ref FROM dossiers"
    " WHERE (?1 = 0 OR COALESCE(received_at, submitted_at) >= ?1)"
    " AND (?2 = 0 OR COALESCE(received_at, submitted_at) < ?2) ORDER BY id",
};

/* One validated line. */
struct rec {
    const char *code, *procedure, *agency, *ref;   /* point into the parsed JSON */
    int64_t channel, status;
    int64_t received, due, ended, returned;
    int64_t supplement_count, supplement_seconds;
    int64_t paid_online, has_fee, e_result, digitised, reused, rating, complaint;
};

/* ---------------------------------------------------------------- codes seen */

static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
    const unsigned char *s = p;
    for (size_t i = 0; i < n; i++) {
        h ^= s[i];
        h *= FNV_PRIME;
    }
    return h;
}

/* Note code (MaHoSo) seen on line in seen; returns 0, or the earlier line that had it. */
static size_t set_add(struct strmap *seen, const char *code, size_t line)
{
    int64_t first = strmap_put(seen, code, strlen(code), (int64_t)line);
    return first == (int64_t)line ? 0 : (size_t)first;
}

/* ---------------------------------------------------------------- validation */

static bool is_code(const char *s, size_t max)
{
    return text_is_code(s, strlen(s), max, ".-_/");
}

/* "YYYY-MM-DDTHH:MM[:SS[.f+]](Z|+HH:MM|-HH:MM)": an instant with its offset. */
static bool iso_shape(const char *s)
{
    size_t n = strlen(s), i;
    static const char date[] = "dddd-dd-ddTdd:dd";
    if (n < 17)
        return false;
    for (i = 0; i < 16; i++)
        if (date[i] == 'd' ? (s[i] < '0' || s[i] > '9') : s[i] != date[i])
            return false;
    if (s[i] == ':') {
        if (!(s[i + 1] >= '0' && s[i + 1] <= '9' && s[i + 2] >= '0' && s[i + 2] <= '9'))
            return false;
        i += 3;
        if (s[i] == '.') {
            i++;
            if (!(s[i] >= '0' && s[i] <= '9'))
                return false;
            while (s[i] >= '0' && s[i] <= '9')
                i++;
        }
    }
    if (s[i] == 'Z')
        return s[i + 1] == '\0';
    return (s[i] == '+' || s[i] == '-') && n - i == 6 && s[i + 3] == ':';
}

/* Ids of the dossiers an import created or changed, announced together. */
struct id_list {
    int64_t *ids;   /* n ids, owned */
    size_t n, cap;
};

static void ids_add(struct id_list *l, int64_t id)
{
    ARRAY_APPEND(l->ids, l->n, l->cap, id);
}

struct line_ctx {
    struct import_report *rep;
    size_t line;
    bool bad;
    struct id_list *changed;   /* ids created or updated, for the listeners */
};

static void reject(struct line_ctx *l, const char *fmt, const char *key)
{
    struct buf b;
    buf_init(&b, IMPORT_REPORT_MAX_MESSAGE);
    buf_addf(&b, fmt, key);
    import_report_error(l->rep, "dòng %zu: %s", l->line, buf_cstr(&b));
    buf_release(&b);
    l->bad = true;
}

/* An integer member: a JSON integer, or a string of digits. */
static void get_int(struct line_ctx *l, json_t *o, const char *key, int64_t lo, int64_t hi,
                    bool required, int64_t *out)
{
    struct jfield_error e;
    jfield_error_init(&e);
    *out = jfield_get_int(o, key, JFIELD_DIGITS | (required ? JFIELD_REQUIRED : 0), lo, hi, &e);
    if (e.status != MC_OK)
        reject(l, "%s", e.message);
}

static const char *get_str(struct line_ctx *l, json_t *o, const char *key, bool required,
                           size_t max)
{
    json_t *v = json_object_get(o, key);
    const char *s;
    if (!v || json_is_null(v) || (json_is_string(v) && !*json_string_value(v))) {
        if (required)
            reject(l, "thiếu %s", key);
        return "";
    }
    if (!json_is_string(v) || !is_code((s = json_string_value(v)), max)) {
        reject(l, "%s phải gồm chữ, số và . - _ / (tối đa 64 ký tự)", key);
        return "";
    }
    return s;
}

static int64_t get_time(struct line_ctx *l, json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    int64_t t = 0;
    if (!v || json_is_null(v) || (json_is_string(v) && !*json_string_value(v)))
        return 0;
    if (!json_is_string(v) || !iso_shape(json_string_value(v)) ||
        clock_parse_iso(json_string_value(v), &t) != MC_OK || t <= 0 ||
        !calendar_time_in_range(t)) {
        reject(l, "%s phải là thời điểm ISO 8601 có múi giờ (2026-02-13T09:00:00+07:00)",
               key);
        return 0;
    }
    return t;
}

/* The rules of docs/index-766.md §4.2 and §4.11, with a reason each. */
static void check_dates(struct line_ctx *l, const struct rec *r)
{
    bool accepted = r->received && r->due;
    bool needs = r->status == 2 || r->status == 4 || r->status == 5 || r->status == 6 ||
                 r->status >= 8;
    if (needs && !accepted)
        reject(l, "%s: trạng thái này cần cả NgayTiepNhan và NgayHenTra", "TrangThaiHoSo");
    if ((r->status == 3 || r->status == 7) && !accepted && (r->received || r->due))
        reject(l, "%s: NgayTiepNhan và NgayHenTra phải cùng có hoặc cùng không", "NgayHenTra");
    if ((r->status == 8 || r->status == 9 || (accepted && (r->status == 3 || r->status == 7)))
        && !r->ended)
        reject(l, "%s: trạng thái kết thúc cần NgayKetThucXuLy", "NgayKetThucXuLy");
    if (r->status == 10 && !r->returned)
        reject(l, "%s: trạng thái 10 cần NgayTraKetQua", "NgayTraKetQua");
    if (r->due && r->received && r->due < r->received)
        reject(l, "%s trước NgayTiepNhan", "NgayHenTra");
    if (r->ended && r->received && r->ended < r->received)
        reject(l, "%s trước NgayTiepNhan", "NgayKetThucXuLy");
    if (r->returned && r->ended && r->returned < r->ended)
        reject(l, "%s trước NgayKetThucXuLy", "NgayTraKetQua");
    if (r->supplement_seconds > 0 && !r->due)
        reject(l, "%s > 0 nhưng chưa có NgayHenTra", "ThoiGianBoSung");
    if (l->bad)
        return;
    /* The index must be able to read every imported row. */
    struct idx_dossier d = {r->code, (int)r->channel, (int)r->status, r->received, r->due,
                            r->ended, r->returned, (int)r->supplement_count,
                            r->supplement_seconds, 0, (int)r->paid_online, (int)r->has_fee,
                            (int)r->e_result, (int)r->digitised, (int)r->reused,
                            (int)r->rating, (int)r->complaint};
    struct idx_period p = {IDX_PERIOD_RANGE, 0, INT64_MAX};
    struct idx_dossier_counts c;
    if (idx_dossier_classify(&d, &p, INT64_MAX, &c) != MC_OK)
        reject(l, "%s: các ngày không nhất quán", "MaHoSo");
}

static void parse_rec(struct line_ctx *l, json_t *o, struct rec *r)
{
    memset(r, 0, sizeof(*r));
    r->code = get_str(l, o, "MaHoSo", true, DOSSIER_CODE_MAX - 1);
    r->procedure = get_str(l, o, "MaTTHC", true, DOSSIER_REF_MAX);
    r->agency = get_str(l, o, "MaDonVi", true, DOSSIER_REF_MAX);
    r->ref = get_str(l, o, "MaHoSoCongDan", false, DOSSIER_REF_MAX);
    get_int(l, o, "KenhThucHien", 1, 3, true, &r->channel);
    get_int(l, o, "TrangThaiHoSo", 1, 10, true, &r->status);
    r->received = get_time(l, o, "NgayTiepNhan");
    r->due = get_time(l, o, "NgayHenTra");
    r->ended = get_time(l, o, "NgayKetThucXuLy");
    r->returned = get_time(l, o, "NgayTraKetQua");
    get_int(l, o, "SoLanBoSung", 0, SUPPLEMENT_MAX_COUNT, false, &r->supplement_count);
    get_int(l, o, "ThoiGianBoSung", 0, SUPPLEMENT_MAX_SECONDS, false, &r->supplement_seconds);
    get_int(l, o, "DuocThanhToanTrucTuyen", 0, 2, false, &r->paid_online);
    get_int(l, o, "CoPhi", 0, 1, false, &r->has_fee);
    get_int(l, o, "CoKetQuaDienTu", 0, 1, false, &r->e_result);
    get_int(l, o, "DuocSoHoa", 0, 1, false, &r->digitised);
    get_int(l, o, "TaiSuDungDuLieu", 0, 1, false, &r->reused);
    get_int(l, o, "DanhGia", 0, 3, false, &r->rating);
    get_int(l, o, "CoPhanAnh", 0, 1, false, &r->complaint);
    if (!l->bad)
        check_dates(l, r);
}

static int64_t rec_hash(const struct rec *r)
{
    int64_t nums[] = {r->channel, r->status, r->received, r->due, r->ended, r->returned,
                      r->supplement_count, r->supplement_seconds, r->paid_online, r->has_fee,
                      r->e_result, r->digitised, r->reused, r->rating, r->complaint};
    uint64_t h = FNV_OFFSET;
    h = fnv(h, r->procedure, strlen(r->procedure) + 1);
    h = fnv(h, r->agency, strlen(r->agency) + 1);
    h = fnv(h, r->ref, strlen(r->ref) + 1);
    h = fnv(h, nums, sizeof(nums));
    return (int64_t)(h >> 1);
}

/* ---------------------------------------------------------------- import */

struct import_ctx {
    const char *path;
    const char *data;          /* dossier_import_jsonl_mem: the lines, else NULL */
    size_t len;
    const struct audit_actor *who;
    struct import_report *rep;
    enum mc_status file_status;
};

/* Stage one checked line. */
static enum mc_status stage(struct db_copy *cp, size_t line, const struct rec *r)
{
    return db_copy_row(cp, "issssiiiiiiiiiiiiiiiii", (int64_t)line, r->code, r->procedure,
                       r->agency, r->ref, r->channel, r->status, r->received, r->due,
                       r->due ? r->due + r->supplement_seconds : 0, r->ended, r->returned,
                       r->supplement_count, r->supplement_seconds, r->has_fee,
                       r->paid_online, r->e_result, r->digitised, r->reused, r->rating,
                       r->complaint, rec_hash(r));
}

/*
 * A staged line before line `before` that names a dossier submitted on
 * this platform is refused, as the first one would have been line by
 * line (nothing after it is written, so only the first is reported).
 */
static enum mc_status refuse_native(struct db *db, struct line_ctx *l, size_t before)
{
    struct db_stmt *st = NULL;
    enum mc_status rc = db_get_row(db, &Q_STAGE_NATIVE, &st, "i", (int64_t)before);
    if (rc == MC_OK) {
        char *code = db_col_strdup(st, 1);
        l->line = (size_t)db_col_int64(st, 0);
        reject(l, "MaHoSo %s là hồ sơ nộp trên hệ thống này, không ghi đè", code);
        l->rep->rejected++;
        free(code);
    }
    db_done(st);
    return rc == MC_ERR_NOT_FOUND ? MC_OK : rc;
}

/*
 * Merge the staged lines into dossiers (a bulk load with its secondary
 * indexes parked); count what changed.
 */
static enum mc_status merge(struct db *db, struct line_ctx *l, size_t staged, int64_t now)
{
    struct db_stmt *st = NULL;
    size_t changed = 0;
    int64_t parked = 0;
    enum mc_status rc = db_get_int(db, &Q_PARK, &parked, "i", (int64_t)bulk_rows);
    if (rc == MC_OK)
        rc = db_query_start(db, &Q_MERGE, &st, "i", now);
    while (db_next(st, &rc)) {
        if (db_col_int64(st, 0) == 1)
            l->rep->created++;
        else
            l->rep->updated++;
        ids_add(l->changed, db_col_int64(st, 1));
        changed++;
    }
    db_done(st);
    if (rc == MC_OK && parked > 0)
        rc = db_get_int(db, &Q_UNPARK, &parked, "");
    if (rc == MC_OK)
        l->rep->unchanged += staged - changed;   /* the same as stored */
    return rc;
}

/*
 * The line's agency (MaDonVi) must be one of the catalogue's agencies.  The
 * ones found are remembered in known, so a file asks once per agency, not
 * once per line.
 */
static enum mc_status check_agency(struct db *db, struct line_ctx *l, const struct rec *r,
                                   struct strmap *known)
{
    bool stored = false;
    enum mc_status rc = MC_OK;
    size_t len = strlen(r->agency);
    if (strmap_get(known, r->agency, len, NULL))
        return MC_OK;
    rc = agency_exists(db, r->agency, &stored);
    if (rc == MC_OK && !stored)
        reject(l, "MaDonVi %s không có trong danh mục cơ quan (nạp cơ quan trước)", r->agency);
    else if (rc == MC_OK)
        strmap_set(known, r->agency, len, 1);
    return rc;
}

static enum mc_status import_tx(struct db *db, void *arg)
{
    struct import_ctx *c = arg;
    struct import_report *rep = c->rep;
    struct strmap seen;             /* MaHoSo -> the line it was first seen on */
    struct strmap agencies;         /* MaDonVi found in the catalogue */
    struct id_list changed = {NULL, 0, 0};
    struct dossier_change bulk = {.kind = DOSSIER_CHANGE_BULK, .action = -1};
    struct db_copy *cp = NULL;
    size_t staged = 0, first_bad = 0;   /* lines staged; the first line refused */
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    int64_t now = clock_now();
    enum mc_status rc = MC_OK;
    import_report_clear(rep);
    FILE *in = c->data ? fmemopen((void *)c->data, c->len, "r") : fopen(c->path, "r");
    if (!in) {
        import_report_error(rep, "không mở được tệp %s", c->path);
        c->file_status = MC_ERR_NOT_FOUND;
        return MC_ERR_NOT_FOUND;
    }
    strmap_init(&seen);
    strmap_init(&agencies);
    if ((rc = db_run(db, &Q_CACHE, NULL, "")) != MC_OK ||
        (rc = db_copy_begin(db, &Q_STAGE_PUT, &cp)) != MC_OK)
        goto out;
    struct line_ctx l = {rep, 0, false, &changed};
    progress_begin(rep->progress, NULL, "hồ sơ", 0);
    while (rc == MC_OK && (len = getline(&line, &cap, in)) >= 0) {
        json_error_t err;
        struct rec r;
        size_t earlier;
        l.line++;
        l.bad = false;
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            len--;
        if (len == 0)
            continue;
        import_report_read(rep);
        if ((size_t)len > DOSSIER_SYNC_LINE_MAX) {
            reject(&l, "%s", "dòng quá dài");
            if (rep->rejected++ == 0)
                first_bad = l.line;
            continue;
        }
        json_t *o = json_loadb(line, (size_t)len, JSON_REJECT_DUPLICATES, &err);
        if (!o || !json_is_object(o)) {
            reject(&l, "%s", "không phải một đối tượng JSON hợp lệ");
            if (rep->rejected++ == 0)
                first_bad = l.line;
            json_decref(o);
            continue;
        }
        parse_rec(&l, o, &r);
        earlier = l.bad ? 0 : set_add(&seen, r.code, l.line);
        if (earlier != 0) {
            import_report_error(rep, "dòng %zu: MaHoSo %s trùng với dòng %zu", l.line, r.code,
                                earlier);
            l.bad = true;
        }
        if (!l.bad && rc == MC_OK)
            rc = check_agency(db, &l, &r, &agencies);
        /* After the first rejection keep validating, but stage nothing more. */
        if (rc == MC_OK && !l.bad && rep->rejected == 0) {
            rc = stage(cp, l.line, &r);
            staged++;
        }
        if (l.bad && rep->rejected++ == 0)
            first_bad = l.line;
        json_decref(o);
    }
    progress_end(rep->progress);
    enum mc_status loaded = db_copy_end(cp);
    if (rc == MC_OK)
        rc = loaded;
    /* Lines naming a dossier submitted here (before the first refused line). */
    if (rc == MC_OK)
        rc = refuse_native(db, &l, first_bad ? first_bad : l.line + 1);
    if (rc == MC_OK && rep->rejected == 0)
        rc = merge(db, &l, staged, now);
    if (rc == MC_OK)
        rc = db_run(db, &Q_STAGE_CLEAR, NULL, "");
    if (rc == MC_OK && ferror(in)) {
        import_report_error(rep, "lỗi khi đọc tệp %s", c->path);
        c->file_status = MC_ERR_IO;
        rc = MC_ERR_IO;
    }
    if (rc == MC_OK && rep->rejected > 0)
        rc = MC_ERR_INVALID;
    /* The listeners (the 766 counters: a rebuild when many), in this transaction. */
    bulk.ids = changed.ids;
    bulk.nids = changed.n;
    if (rc == MC_OK)
        rc = dossier_announce(db, &bulk);
    if (rc == MC_OK) {
        char detail[160];
        snprintf(detail, sizeof(detail), "{\"read\":%zu,\"created\":%zu,\"updated\":%zu,"
                 "\"unchanged\":%zu}", rep->read, rep->created, rep->updated, rep->unchanged);
        rc = audit_record(db, c->who, "dossiers.import", "dossiers", detail);
    }
out:
    free(line);
    fclose(in);
    strmap_release(&seen);
    strmap_release(&agencies);
    free(changed.ids);
    return rc;
}

void dossier_import_set_bulk_rows(size_t n)
{
    bulk_rows = n;
}

enum mc_status dossier_import_jsonl(struct db *db, const char *path,
                                    const struct audit_actor *who, struct import_report *rep)
{
    struct import_ctx c = {path, NULL, 0, who, rep, MC_OK};
    enum mc_status rc = db_tx(db, import_tx, &c);
    rep->committed = rc == MC_OK;
    if (rc != MC_OK) {
        /* Nothing was written: the counts of a rolled-back run mean nothing. */
        rep->created = rep->updated = rep->unchanged = 0;
    }
    return rc;
}

enum mc_status dossier_import_jsonl_mem(struct db *db, const char *data, size_t len,
                                        const struct audit_actor *who,
                                        struct import_report *rep)
{
    /* fmemopen() may refuse an empty buffer: one empty line reads the same. */
    struct import_ctx c = {"(bộ nhớ)", len ? data : "\n", len ? len : 1, who, rep, MC_OK};
    enum mc_status rc = db_tx(db, import_tx, &c);
    rep->committed = rc == MC_OK;
    if (rc != MC_OK)
        rep->created = rep->updated = rep->unchanged = 0;
    return rc;
}

/* ---------------------------------------------------------------- export */

static void put_str(FILE *out, const char *key, const char *s, bool null_if_empty)
{
    fprintf(out, "%s\"%s\":", strcmp(key, "MaHoSo") == 0 ? "" : ",", key);
    if (null_if_empty && !*s) {
        fputs("null", out);
        return;
    }
    fputc('"', out);
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        if (ch == '"' || ch == '\\')
            fprintf(out, "\\%c", ch);
        else if (ch < 0x20)
            fprintf(out, "\\u%04x", ch);
        else
            fputc(ch, out);
    }
    fputc('"', out);
}

static void put_time(FILE *out, const char *key, int64_t t)
{
    char iso[32];
    if (!t) {
        fprintf(out, ",\"%s\":null", key);
        return;
    }
    clock_format_iso(t, iso, sizeof(iso));
    fprintf(out, ",\"%s\":\"%s\"", key, iso);
}

enum mc_status dossier_export_jsonl(struct db *db, int64_t from, int64_t to, FILE *out,
                                    int64_t *count)
{
    static const char *flags[] = {"DuocThanhToanTrucTuyen", "CoPhi", "CoKetQuaDienTu",
                                  "DuocSoHoa", "TaiSuDungDuLieu", "DanhGia", "CoPhanAnh"};
    struct db_stmt *st = NULL;
    int64_t n = 0;
    enum mc_status rc = db_query_start(db, &Q_EXPORT, &st, "ii", from, to);
    while (db_next(st, &rc)) {
        int64_t due = db_col_int64(st, 6), deadline = db_col_int64(st, 10);
        fputc('{', out);
        put_str(out, "MaHoSo", db_col_text(st, 0), false);
        put_str(out, "MaTTHC", db_col_text(st, 1), false);
        put_str(out, "MaDonVi", db_col_text(st, 2), false);
        fprintf(out, ",\"KenhThucHien\":%lld,\"TrangThaiHoSo\":%lld",
                (long long)db_col_int64(st, 3), (long long)db_col_int64(st, 4));
        put_time(out, "NgayTiepNhan", db_col_int64(st, 5));
        put_time(out, "NgayHenTra", due);
        put_time(out, "NgayKetThucXuLy", db_col_int64(st, 7));
        put_time(out, "NgayTraKetQua", db_col_int64(st, 8));
        fprintf(out, ",\"SoLanBoSung\":%lld,\"ThoiGianBoSung\":%lld",
                (long long)db_col_int64(st, 9),
                (long long)(due && deadline > due ? deadline - due : 0));
        for (int i = 0; i < (int)MC_ARRAY_LEN(flags); i++)
            fprintf(out, ",\"%s\":%lld", flags[i], (long long)db_col_int64(st, 11 + i));
        put_str(out, "MaHoSoCongDan", db_col_text(st, 18), true);
        fputs("}\n", out);
        n++;
    }
    db_done(st);
    if (rc == MC_OK && (fflush(out) != 0 || ferror(out)))
        rc = MC_ERR_IO;
    if (count)
        *count = n;
    return rc;
}
