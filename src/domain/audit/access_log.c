/* access_log.c - the hash-chained access log citizens read (see access_log.h). */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "domain/audit/access_log.h"
#include "domain/audit/audit.h"
#include "core/clock.h"
#include "core/db_row.h"
#include "core/log.h"

static const struct db_query Q_HEAD_NEXT = {
    "access_log.head_next",
    "UPDATE access_log_head SET last_id = last_id + 1 WHERE id = 1"
    " RETURNING last_id, last_hash",
};
static const struct db_query Q_HEAD_SET = {
    "access_log.head_set",
    "UPDATE access_log_head SET last_hash = ?1 WHERE id = 1",
};
static const struct db_query Q_INSERT = {
    "access_log.insert",
    "INSERT INTO access_log (id, at, subject_id, actor_id, actor_name, agency_name, action,"
    " object_kind, object_ref, prev_hash, hash)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
};
static const struct db_query Q_FOR = {
    "access_log.for",
    "SELECT id, at, actor_name, agency_name, action, object_kind, object_ref FROM access_log"
    " WHERE subject_id = ?1 AND (?2 = '' OR object_ref = ?2 OR object_ref LIKE ?2 || '/%')"
    " ORDER BY id DESC LIMIT ?3",
};
static const struct db_query Q_ALL = {
    "access_log.all",
    "SELECT id, at, subject_id, actor_id, actor_name, agency_name, action, object_kind,"
    " object_ref, prev_hash, hash FROM access_log ORDER BY id",
};
static const struct db_query Q_HEAD = {
    "access_log.head",
    "SELECT last_id, last_hash FROM access_log_head WHERE id = 1",
};
static const struct db_query Q_ANCHORS = {
    "access_log.anchors",
    "SELECT a.object, COALESCE(a.detail, ''), COALESCE(l.hash, '') FROM audit_log a"
    " LEFT JOIN access_log l ON a.object = 'access_log:' || l.id"
    " WHERE a.action = 'access_log.anchor' ORDER BY a.id",
};

/* One field into the hash: its length, then its bytes. */
static void hash_text(crypto_hash_sha256_state *h, const char *s)
{
    unsigned char len[8];
    uint64_t n = strlen(s);
    for (int i = 0; i < 8; i++)
        len[i] = (unsigned char)(n >> (8 * i));
    crypto_hash_sha256_update(h, len, sizeof(len));
    crypto_hash_sha256_update(h, (const unsigned char *)s, (unsigned long long)n);
}

static void hash_int(crypto_hash_sha256_state *h, int64_t v)
{
    char text[24];
    snprintf(text, sizeof(text), "%lld", (long long)v);
    hash_text(h, text);
}

/* The hash of row id (fields of ev, at) chained on prev. */
static void row_hash(const char *prev, int64_t id, int64_t at, const struct access_event *ev,
                     char out[ACCESS_LOG_HASH_HEX])
{
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_state h;
    crypto_hash_sha256_init(&h);
    hash_text(&h, "motcua access log v1");
    hash_text(&h, prev);
    hash_int(&h, id);
    hash_int(&h, at);
    hash_int(&h, ev->subject_id);
    hash_int(&h, ev->actor_id);
    hash_text(&h, ev->actor_name);
    hash_text(&h, ev->agency_name);
    hash_text(&h, ev->action);
    hash_text(&h, ev->kind);
    hash_text(&h, ev->ref);
    crypto_hash_sha256_final(&h, digest);
    sodium_bin2hex(out, ACCESS_LOG_HASH_HEX, digest, sizeof(digest));
}

static bool text_ok(const char *s, bool may_be_empty)
{
    return s && (may_be_empty || *s) && strlen(s) < ACCESS_LOG_TEXT_MAX;
}

static enum mc_status append_tx(struct db *db, void *arg)
{
    const struct access_event *ev = arg;
    struct db_stmt *st = NULL;
    char prev[ACCESS_LOG_HASH_HEX], hash[ACCESS_LOG_HASH_HEX];
    int64_t id = 0, at = clock_now();
    enum mc_status rc = db_get_row(db, &Q_HEAD_NEXT, &st, "");
    if (rc == MC_OK) {
        id = db_col_int64(st, 0);
        db_col_copy(st, 1, prev, sizeof(prev));
    }
    db_done(st);
    if (rc != MC_OK)
        return rc == MC_ERR_NOT_FOUND ? MC_ERR_DB : rc;
    row_hash(prev, id, at, ev, hash);
    rc = db_run(db, &Q_INSERT, NULL, "iiiisssssss", id, at, ev->subject_id, ev->actor_id,
                ev->actor_name, ev->agency_name, ev->action, ev->kind, ev->ref, prev, hash);
    if (rc == MC_OK)
        rc = db_run(db, &Q_HEAD_SET, NULL, "s", hash);
    if (rc == MC_OK && id % ACCESS_LOG_ANCHOR_EVERY == 0) {
        char object[48];
        snprintf(object, sizeof(object), "access_log:%lld", (long long)id);
        rc = audit_record(db, NULL, "access_log.anchor", object, hash);
    }
    return rc;
}

enum mc_status access_log_append(struct db *db, const struct access_event *ev)
{
    if (!ev || ev->subject_id <= 0 || ev->actor_id <= 0 || !text_ok(ev->actor_name, false) ||
        !text_ok(ev->agency_name, true) || !text_ok(ev->action, false) ||
        !text_ok(ev->ref, false) || !ev->kind ||
        (strcmp(ev->kind, "dossier") != 0 && strcmp(ev->kind, "vault") != 0 &&
         strcmp(ev->kind, "feedback") != 0))
        return MC_ERR_INVALID;
    return db_tx(db, append_tx, (void *)ev);
}

struct for_ctx {
    struct access_entry *out;
    size_t max, n;
};

/* The columns of the access log's pages, in order. */
static const struct db_field ACCESS_ENTRY_FIELDS[] = {
    DB_INT64(struct access_entry, id),
    DB_INT64(struct access_entry, at),
    DB_TEXT(struct access_entry, actor_name),
    DB_TEXT(struct access_entry, agency_name),
    DB_TEXT(struct access_entry, action),
    DB_TEXT(struct access_entry, kind),
    DB_TEXT(struct access_entry, ref),
};

static enum mc_status for_row(struct db_stmt *st, void *arg)
{
    struct for_ctx *c = arg;
    if (c->n >= c->max)
        return MC_OK;
    DB_ROW_READ(st, &c->out[c->n++], ACCESS_ENTRY_FIELDS);
    return MC_OK;
}

enum mc_status access_log_for(struct db *db, int64_t subject_id, const char *ref,
                              struct access_entry *out, size_t max, size_t *n)
{
    struct for_ctx c = {out, max, 0};
    enum mc_status st = db_each(db, &Q_FOR, for_row, &c, "isi", subject_id, ref ? ref : "",
                                (int64_t)max);
    *n = c.n;
    return st;
}

struct verify_ctx {
    struct access_verdict *v;
    int64_t expect_id;
    char prev[ACCESS_LOG_HASH_HEX];
};

static void found(struct access_verdict *v, int64_t id, const char *what)
{
    if (v->first_bad || v->problem[0])
        return;
    v->first_bad = id;
    snprintf(v->problem, sizeof(v->problem), "dòng %lld: %s", (long long)id, what);
}

static enum mc_status verify_row(struct db_stmt *st, void *arg)
{
    struct verify_ctx *c = arg;
    char want[ACCESS_LOG_HASH_HEX];
    int64_t id = db_col_int64(st, 0);
    struct access_event ev = {
        db_col_int64(st, 2), db_col_int64(st, 3), db_col_text(st, 4), db_col_text(st, 5),
        db_col_text(st, 6), db_col_text(st, 7), db_col_text(st, 8),
    };
    const char *prev = db_col_text(st, 9), *hash = db_col_text(st, 10);
    c->v->rows++;
    if (id != c->expect_id)
        found(c->v, id, "thiếu hoặc thừa dòng trước dòng này");
    else if (strcmp(prev, c->prev) != 0)
        found(c->v, id, "không nối với dòng trước");
    row_hash(prev, id, db_col_int64(st, 1), &ev, want);
    if (strcmp(want, hash) != 0)
        found(c->v, id, "nội dung đã bị sửa");
    c->expect_id = id + 1;
    snprintf(c->prev, sizeof(c->prev), "%s", hash);
    return MC_OK;
}

static enum mc_status verify_anchor(struct db_stmt *st, void *arg)
{
    struct access_verdict *v = arg;
    const char *object = db_col_text(st, 0);
    v->anchors++;
    if (strcmp(db_col_text(st, 1), db_col_text(st, 2)) != 0 && !v->problem[0])
        snprintf(v->problem, sizeof(v->problem),
                 "mốc %s trong nhật ký kiểm toán không khớp với chuỗi", object);
    return MC_OK;
}

enum mc_status access_log_verify(struct db *db, struct access_verdict *out)
{
    struct verify_ctx c = {out, 1, ""};
    struct db_stmt *st = NULL;
    memset(out, 0, sizeof(*out));
    enum mc_status rc = db_each(db, &Q_ALL, verify_row, &c, "");
    if (rc == MC_OK)
        rc = db_get_row(db, &Q_HEAD, &st, "");
    if (rc == MC_OK && (db_col_int64(st, 0) != c.expect_id - 1 ||
                        strcmp(db_col_text(st, 1), c.prev) != 0) && !out->problem[0]) {
        out->first_bad = c.expect_id;
        snprintf(out->problem, sizeof(out->problem),
                 "đầu chuỗi (dòng %lld) không khớp với dòng cuối: có dòng bị xóa",
                 (long long)db_col_int64(st, 0));
    }
    db_done(st);
    if (rc == MC_OK)
        rc = db_each(db, &Q_ANCHORS, verify_anchor, out, "");
    return rc;
}

const char *access_log_action_label(const char *action, const char *kind)
{
    bool dossier = strcmp(kind, "dossier") == 0;
    if (strcmp(action, "view") == 0)
        return dossier ? "Xem hồ sơ" : strcmp(kind, "vault") == 0 ? "Xem giấy tờ"
                                                                  : "Xem phản ánh, kiến nghị";
    if (strcmp(action, "download") == 0)
        return dossier ? "Mở tệp của hồ sơ" : "Mở giấy tờ lấy từ Kho dữ liệu";
    if (strncmp(action, "act:", 4) == 0)
        return dossier ? "Xử lý hồ sơ" : "Xử lý phản ánh, kiến nghị";
    return "Truy cập khác";
}
