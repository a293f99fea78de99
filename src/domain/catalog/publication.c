/*
 * publication.c - a procedure's publication data and flags, and the rules
 * that judge them for the 766 index (see publication.h and
 * docs/internals/catalog.md "Publication data").
 */
#include <stdio.h>
#include <string.h>
#include "domain/catalog/catalog.h"
#include "domain/catalog/publication.h"
#include "core/clock.h"

#define DATE_MIN 946659600      /* 2000-01-01 00:00 in Vietnam */
#define DATE_MAX 4133955600     /* 2101-01-01 00:00 in Vietnam */
#define SPAN_CAP 60             /* days looked at past a deadline's start */

static const struct db_query Q_GET = {
    "catalog.publication_get",
    "SELECT decision_date, effective_date, public_date, parts, eligible_full, fee_bearing,"
    " payment_online, payment_integrated FROM procedure_publication WHERE procedure_code = ?1",
};
/* Asked here, not through catalog.c, which calls this file: no circle. */
static const struct db_query Q_EXISTS = {
    "catalog.publication_exists", "SELECT COUNT(*) FROM procedures WHERE code = ?1",
};
static const struct db_query Q_PUT = {
    "catalog.publication_put",
    "INSERT INTO procedure_publication (procedure_code, decision_date, effective_date,"
    " public_date, parts, eligible_full, fee_bearing, payment_online, payment_integrated,"
    " updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"
    " ON CONFLICT (procedure_code) DO UPDATE SET decision_date = excluded.decision_date,"
    " effective_date = excluded.effective_date, public_date = excluded.public_date,"
    " parts = excluded.parts, eligible_full = excluded.eligible_full,"
    " fee_bearing = excluded.fee_bearing, payment_online = excluded.payment_online,"
    " payment_integrated = excluded.payment_integrated, updated_at = excluded.updated_at",
};
static const struct db_query Q_ELIGIBLE = {
    "catalog.eligible",
    "SELECT COALESCE(SUM(CASE WHEN p.online_level = 3 THEN 1 ELSE 0 END), 0), COUNT(*)"
    " FROM procedure_publication pp JOIN procedures p ON p.code = pp.procedure_code"
    " WHERE pp.eligible_full = 1",
};
static const struct db_query Q_PARTS = {
    "catalog.publication_parts",
    "INSERT INTO procedure_publication (procedure_code, parts, updated_at) VALUES (?1, ?2, ?3)"
    " ON CONFLICT (procedure_code) DO NOTHING",
};

static const struct {
    const char *key;
    const char *label;
} parts[CATALOG_PART_COUNT] = {
    {"trinh_tu", "Trình tự thực hiện"},
    {"cach_thuc", "Cách thức thực hiện"},
    {"thanh_phan_ho_so", "Thành phần hồ sơ"},
    {"thoi_han", "Thời hạn giải quyết"},
    {"phi_le_phi", "Phí, lệ phí"},
    {"co_quan", "Cơ quan thực hiện"},
    {"can_cu_phap_ly", "Căn cứ pháp lý"},
    {"mau_don", "Mẫu đơn, tờ khai"},
    {"dieu_kien", "Yêu cầu, điều kiện"},
    {"ket_qua", "Kết quả thực hiện"},
};

const char *catalog_part_key(int i)
{
    return i >= 0 && i < CATALOG_PART_COUNT ? parts[i].key : NULL;
}

const char *catalog_part_label(int i)
{
    return i >= 0 && i < CATALOG_PART_COUNT ? parts[i].label : NULL;
}

static bool filled(const char *s)
{
    return s && *s;
}

unsigned catalog_parts_of(const struct procedure *p)
{
    unsigned b = 0;
    bool time = false, fee = false, form = p->nform_fields > 0;
    for (size_t i = 0; i < p->nchannels; i++) {
        time = time || p->channels[i].time_state == PROC_TIME_VALUE;
        fee = fee || p->channels[i].fee_state != PROC_FEE_NO_INFO;
    }
    for (size_t i = 0; !form && i < p->ndocuments; i++)
        form = filled(p->documents[i].template_name);
    if (filled(p->steps))
        b |= CATALOG_PART_STEPS;
    if (p->nchannels > 0)
        b |= CATALOG_PART_CHANNELS;
    if (p->ndocuments > 0)
        b |= CATALOG_PART_DOCUMENTS;
    if (time)
        b |= CATALOG_PART_TIME;
    if (fee)
        b |= CATALOG_PART_FEE;
    if (filled(p->competent_agency) || filled(p->implementing_agency))
        b |= CATALOG_PART_AGENCY;
    if (p->nlegal > 0 || filled(p->legal_raw))
        b |= CATALOG_PART_LEGAL;
    if (form)
        b |= CATALOG_PART_FORMS;
    if (filled(p->conditions))
        b |= CATALOG_PART_CONDITIONS;
    if (filled(p->result) || filled(p->result_raw))
        b |= CATALOG_PART_RESULT;
    return b;
}

/* Working days in [from, to], counted no further than SPAN_CAP days. */
static enum mc_status workdays(const struct calendar *cal, int32_t from, int32_t to,
                               int32_t *n)
{
    *n = 0;
    if (to < from)
        return MC_OK;
    if (to - from > SPAN_CAP)
        to = from + SPAN_CAP;
    return calendar_workdays_between(cal, from, to, n);
}

enum mc_status catalog_pub_judge(const struct catalog_publication *p, const struct calendar *cal,
                                 int64_t start, int64_t j, struct catalog_pub_verdict *out)
{
    enum mc_status rc = MC_OK;
    int32_t dd = 0, n = 0;
    memset(out, 0, sizeof(*out));
    if (p->decision_date > 0 && p->decision_date >= start && p->decision_date <= j) {
        dd = calendar_date_of(p->decision_date);
        if (p->effective_date > 0) {
            rc = workdays(cal, dd, calendar_date_of(p->effective_date) - 1, &n);
            out->announce_counted = true;
            out->announce_on_time = n >= CATALOG_ANNOUNCE_LEAD_DAYS;
        }
        if (rc == MC_OK && p->public_date > 0 && p->public_date <= j) {
            rc = workdays(cal, dd + 1, calendar_date_of(p->public_date), &n);
            out->public_counted = true;
            out->public_on_time = n <= CATALOG_PUBLIC_WITHIN_DAYS;
        } else if (rc == MC_OK) {
            /* Not public yet: late once the window has passed, else not judged. */
            rc = workdays(cal, dd + 1, calendar_date_of(j), &n);
            out->public_counted = n > CATALOG_PUBLIC_WITHIN_DAYS;
        }
    }
    if (rc == MC_OK && p->public_date > 0 && p->public_date <= j) {
        out->full_counted = true;
        out->full = (p->parts & CATALOG_PARTS_ALL) == CATALOG_PARTS_ALL;
    }
    if (rc != MC_OK)
        memset(out, 0, sizeof(*out));
    return rc;
}

/* ---------------------------------------------------------------- storage */

enum mc_status catalog_publication_get(struct db *db, const char *code,
                                       struct catalog_publication *out)
{
    struct db_stmt *st = NULL;
    enum mc_status rc = db_get_row(db, &Q_GET, &st, "s", code);
    memset(out, 0, sizeof(*out));
    if (rc == MC_OK) {
        out->decision_date = db_col_int64(st, 0);
        out->effective_date = db_col_int64(st, 1);
        out->public_date = db_col_int64(st, 2);
        out->parts = (unsigned)db_col_int64(st, 3) & CATALOG_PARTS_ALL;
        out->eligible_full = db_col_int64(st, 4) != 0;
        out->fee_bearing = db_col_int64(st, 5) != 0;
        out->payment_online = db_col_int64(st, 6) != 0;
        out->payment_integrated = db_col_int64(st, 7) != 0;
    }
    db_done(st);
    return rc == MC_ERR_NOT_FOUND ? MC_OK : rc;
}

static bool date_ok(int64_t t)
{
    return t == 0 || (t >= DATE_MIN && t < DATE_MAX);
}

enum mc_status catalog_publication_put(struct db *db, const char *code,
                                       const struct catalog_publication *p)
{
    struct db_stmt *st = NULL;
    int64_t n = 0;
    bool row = false;
    enum mc_status rc = MC_ERR_INVALID;
    int64_t dates[3] = {p->decision_date, p->effective_date, p->public_date};
    if (!code || !*code || !date_ok(p->decision_date) || !date_ok(p->effective_date) ||
        !date_ok(p->public_date) || (p->parts & ~CATALOG_PARTS_ALL))
        goto out;
    if ((rc = db_get_int(db, &Q_EXISTS, &n, "s", code)) != MC_OK)
        goto out;
    rc = MC_ERR_NOT_FOUND;
    if (n == 0)
        goto out;
    if ((rc = db_prepare(db, &Q_PUT, &st)) != MC_OK)
        goto out;
    db_bind_str(st, 1, code);
    for (int i = 0; i < 3; i++) {
        if (dates[i] == 0)   /* unknown */
            db_bind_null(st, 2 + i);
        else
            db_bind_int64(st, 2 + i, dates[i]);
    }
    db_bind_int64(st, 5, p->parts);
    db_bind_int64(st, 6, p->eligible_full);
    db_bind_int64(st, 7, p->fee_bearing);
    db_bind_int64(st, 8, p->payment_online);
    db_bind_int64(st, 9, p->payment_integrated);
    db_bind_int64(st, 10, clock_now());
    rc = db_step(st, &row);
out:
    db_done(st);
    return rc;
}

struct save_ctx {
    const struct audit_actor *who;
    const char *code;
    const struct catalog_publication *p;
};

static enum mc_status save_tx(struct db *db, void *arg)
{
    static const struct audit_actor system_actor = {.user_id = 0, .role = "system",
                                                    .address = "cli"};
    struct save_ctx *c = arg;
    enum mc_status rc = catalog_publication_put(db, c->code, c->p);
    return audit_record_if(rc, db, c->who ? c->who : &system_actor, "catalog.publication", NULL,
                           "procedure:%s", c->code);
}

enum mc_status catalog_publication_save(struct db *db, const struct audit_actor *who,
                                        const char *code, const struct catalog_publication *p)
{
    struct save_ctx c = {who, code, p};
    return db_tx(db, save_tx, &c);
}

enum mc_status catalog_publication_parts_put(struct db *db, const struct procedure *p)
{
    return db_run(db, &Q_PARTS, NULL, "sii", p->code, (int64_t)catalog_parts_of(p), clock_now());
}

enum mc_status catalog_eligible_counts(struct db *db, int64_t *full, int64_t *eligible)
{
    struct db_stmt *st = NULL;
    enum mc_status rc = db_get_row(db, &Q_ELIGIBLE, &st, "");
    *full = *eligible = 0;
    if (rc == MC_OK) {
        *full = db_col_int64(st, 0);
        *eligible = db_col_int64(st, 1);
    }
    db_done(st);
    return rc;
}

/* ---------------------------------------------------------------- JSON */

static json_t *date_json(int64_t t)
{
    char s[CALENDAR_DATE_SIZE];
    if (!t)
        return json_null();
    calendar_date_format(calendar_date_of(t), s, sizeof(s));
    return json_string(s);
}

json_t *catalog_publication_json(const struct catalog_publication *p)
{
    json_t *keys = json_array();
    for (int i = 0; i < CATALOG_PART_COUNT; i++)
        if (p->parts & (1u << i))
            json_array_append_new(keys, json_string(parts[i].key));
    return json_pack("{s:o, s:o, s:o, s:o, s:b, s:b, s:b, s:b}", "decision_date",
                     date_json(p->decision_date), "effective_date", date_json(p->effective_date),
                     "public_date", date_json(p->public_date), "parts", keys, "eligible_full",
                     p->eligible_full, "fee_bearing", p->fee_bearing, "payment_online",
                     p->payment_online, "payment_integrated", p->payment_integrated);
}

/* One date member: null/absent = unknown, else "YYYY-MM-DD". */
static bool date_from(const json_t *o, const char *key, int64_t *out)
{
    const json_t *v = json_object_get(o, key);
    int32_t d = 0;
    *out = 0;
    if (!v || json_is_null(v) || (json_is_string(v) && !*json_string_value(v)))
        return true;
    if (!json_is_string(v) || calendar_date_parse(json_string_value(v), &d) != MC_OK)
        return false;
    *out = calendar_time_at(d, 0);
    return date_ok(*out);
}

static bool flag_from(const json_t *o, const char *key, bool *out)
{
    const json_t *v = json_object_get(o, key);
    *out = v && json_is_true(v);
    return !v || json_is_boolean(v);
}

enum mc_status catalog_publication_from_json(const json_t *o, struct catalog_publication *out,
                                             const char **why)
{
    const json_t *keys = json_object_get(o, "parts");
    const char *bad = NULL;
    size_t i;
    const json_t *k;
    memset(out, 0, sizeof(*out));
    if (!json_is_object(o))
        bad = "dữ liệu công bố phải là một đối tượng JSON";
    else if (!date_from(o, "decision_date", &out->decision_date))
        bad = "ngày ký quyết định công bố không hợp lệ (dạng NNNN-TT-NN, từ năm 2000 đến 2100)";
    else if (!date_from(o, "effective_date", &out->effective_date))
        bad = "ngày có hiệu lực không hợp lệ (dạng NNNN-TT-NN, từ năm 2000 đến 2100)";
    else if (!date_from(o, "public_date", &out->public_date))
        bad = "ngày công khai không hợp lệ (dạng NNNN-TT-NN, từ năm 2000 đến 2100)";
    else if (!flag_from(o, "eligible_full", &out->eligible_full) ||
             !flag_from(o, "fee_bearing", &out->fee_bearing) ||
             !flag_from(o, "payment_online", &out->payment_online) ||
             !flag_from(o, "payment_integrated", &out->payment_integrated))
        bad = "các dấu (toàn trình, có phí, thanh toán trực tuyến) phải là true hoặc false";
    else if (keys && !json_is_array(keys))
        bad = "danh sách bộ phận công bố phải là một mảng";
    json_array_foreach(bad ? NULL : keys, i, k) {
        int found = -1;
        for (int p = 0; found < 0 && p < CATALOG_PART_COUNT; p++)
            if (json_is_string(k) && strcmp(json_string_value(k), parts[p].key) == 0)
                found = p;
        if (found < 0) {
            bad = "bộ phận công bố không có trong danh sách";
            break;
        }
        out->parts |= 1u << found;
    }
    if (why)
        *why = bad;
    return bad ? MC_ERR_INVALID : MC_OK;
}
