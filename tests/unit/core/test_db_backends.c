/*
 * test_db_backends.c - the table of storage backends: which URL selects
 * which backend, the capabilities each declares and how they match its
 * strategies, the errors for unknown or unbuilt backends, passwords kept
 * out of messages, and the column and ad-hoc statement helpers the test
 * command (`motcua debug sql`) relies on, and bulk loading (db_copy_*) on the
 * lane's backend.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include "core/db-int.h"
#include "testdb.h"

static void test_url_selection(void **state)
{
    (void)state;
    struct db_backend_info info;
    const char *target = NULL;
    /* A plain path and sqlite: are SQLite; the backend opens the path. */
    assert_int_equal(db_url_backend("var/motcua.db", &info, &target), MC_OK);
    assert_string_equal(info.name, "sqlite");
    assert_string_equal(info.title, "SQLite");
    assert_true(info.built);
    assert_string_equal(target, "var/motcua.db");
    assert_int_equal(db_url_backend("/tmp/x.db", &info, &target), MC_OK);
    assert_string_equal(target, "/tmp/x.db");
    assert_int_equal(db_url_backend("sqlite:/tmp/x.db", &info, &target), MC_OK);
    assert_string_equal(info.name, "sqlite");
    assert_string_equal(target, "/tmp/x.db");
    assert_int_equal(db_url_backend("sqlite::memory:", &info, &target), MC_OK);
    assert_string_equal(target, ":memory:");
    /* A colon in a file name is still a path (no "scheme://"). */
    assert_int_equal(db_url_backend("data:2026.db", &info, &target), MC_OK);
    assert_string_equal(info.name, "sqlite");
    assert_string_equal(target, "data:2026.db");
    /* PostgreSQL URLs name their backend, built in or not; target is the URL. */
    for (int i = 0; i < 2; i++) {
        const char *url = i ? "postgres://u@h/db" : "postgresql://u@h:5432/db";
        enum mc_status st = db_url_backend(url, &info, &target);
        assert_string_equal(info.name, "postgresql");
        assert_string_equal(info.title, "PostgreSQL");
        assert_int_equal(st, info.built ? MC_OK : MC_ERR_NOT_FOUND);
        assert_string_equal(target, url);
        assert_true(info.built || info.caps == 0);
    }
    /* No target wanted: fine. */
    assert_int_equal(db_url_backend("x.db", &info, NULL), MC_OK);
}

static void test_unknown_scheme(void **state)
{
    (void)state;
    struct db_backend_info info;
    const char *target = "unchanged";
    assert_int_equal(db_url_backend("mysql://root@localhost/motcua", &info, &target),
                     MC_ERR_INVALID);
    assert_null(info.name);
    assert_false(info.built);
    assert_null(target);
    assert_int_equal(db_url_backend("", &info, NULL), MC_ERR_INVALID);
    assert_int_equal(db_url_backend(NULL, &info, NULL), MC_ERR_INVALID);
    /* A clear Vietnamese reason, and db_open refuses without touching anything. */
    const char *why = db_url_problem("mysql://root@localhost/motcua");
    assert_non_null(why);
    assert_non_null(strstr(why, "không hợp lệ"));
    struct db *db = (struct db *)&db;
    assert_int_equal(db_open("mysql://root@localhost/motcua", &db), MC_ERR_INVALID);
    assert_null(db);
    assert_null(db_url_problem("sqlite:/tmp/x.db"));
    assert_null(db_url_problem("x.db"));
}

static void test_postgresql_not_built(void **state)
{
    (void)state;
    struct db_backend_info info;
    if (db_url_backend("postgresql://localhost/motcua", &info, NULL) == MC_OK) {
        skip();   /* a build with the PostgreSQL backend */
        return;
    }
    const char *why = db_url_problem("postgresql://localhost/motcua");
    assert_non_null(why);
    assert_non_null(strstr(why, "chưa hỗ trợ"));
    assert_non_null(strstr(why, "PostgreSQL"));
    struct db *db = (struct db *)&db;
    assert_int_equal(db_open("postgresql://localhost/motcua", &db), MC_ERR_INVALID);
    assert_null(db);
    assert_int_equal(db_open("postgres://localhost/motcua", &db), MC_ERR_INVALID);
    assert_null(db);
}

/*
 * A build with the PostgreSQL backend takes postgresql:// URLs; an
 * unreachable server fails to open with MC_ERR_IO, and the description
 * for the message names host, port and database, never the password.
 */
static void test_postgresql_unreachable(void **state)
{
    (void)state;
    struct db_backend_info info;
    char where[256];
    const char *url = "postgresql://motcua:s3cret@127.0.0.1:1/motcua_x";
    if (db_url_backend(url, &info, NULL) != MC_OK) {
        skip();   /* built without libpq */
        return;
    }
    assert_true(info.built);
    assert_string_equal(info.name, "postgresql");
    assert_true((info.caps & DB_CAP_SHARED) && (info.caps & DB_CAP_SEARCH_TRGM));
    assert_false(info.caps & DB_CAP_SINGLE_WRITER);
    assert_true(info.caps & DB_CAP_GROUP_COMMIT);
    assert_null(db_url_problem(url));
    struct db *db = (struct db *)&db;
    assert_int_equal(db_open(url, &db), MC_ERR_IO);
    assert_null(db);
    db_url_describe(url, where, sizeof(where));
    assert_non_null(strstr(where, "127.0.0.1"));
    assert_non_null(strstr(where, "cổng 1"));
    assert_non_null(strstr(where, "motcua_x"));
    assert_null(strstr(where, "s3cret"));
    db_url_describe("var/x.db", where, sizeof(where));
    assert_string_equal(where, "");
}

static void test_url_safe(void **state)
{
    (void)state;
    char out[128];
    db_url_safe("postgresql://motcua:s3cret@db.example:5432/motcua", out, sizeof(out));
    assert_string_equal(out, "postgresql://motcua:***@db.example:5432/motcua");
    assert_null(strstr(out, "s3cret"));
    db_url_safe("postgresql://motcua@db.example/motcua", out, sizeof(out));
    assert_string_equal(out, "postgresql://motcua@db.example/motcua");
    db_url_safe("postgresql://db.example:5432/motcua", out, sizeof(out));
    assert_string_equal(out, "postgresql://db.example:5432/motcua");
    db_url_safe("postgresql://h/motcua?user=u&password=s3cret&sslmode=require", out,
                sizeof(out));
    assert_string_equal(out, "postgresql://h/motcua?user=u&password=***&sslmode=require");
    db_url_safe("postgresql://u:a@b@h/d?password=x", out, sizeof(out));
    assert_string_equal(out, "postgresql://u:***@h/d?password=***");
    db_url_safe("var/motcua.db", out, sizeof(out));
    assert_string_equal(out, "var/motcua.db");
    db_url_safe("postgresql://u:p@h/d", out, 8);   /* cut, still terminated */
    assert_int_equal(strlen(out), 7);
}

/* Capabilities: what SQLite declares, and every declared strategy exists. */
static void test_capabilities(void **state)
{
    (void)state;
    struct test_db t;
    struct db_backend_info info;
    assert_int_equal(test_db_open_sqlite(&t, "backends"), 0);
    assert_string_equal(db_backend_name(t.db), "sqlite");
    assert_string_equal(db_dialect(t.db), "sqlite");
    assert_int_equal(db_url_backend(t.path, &info, NULL), MC_OK);
    assert_int_equal(db_caps(t.db), info.caps);
    assert_true(db_can(t.db, DB_CAP_SINGLE_WRITER | DB_CAP_GROUP_COMMIT));
    assert_true(db_can(t.db, DB_CAP_DEFER_COMMIT | DB_CAP_SAVEPOINTS));
    assert_true(db_can(t.db, DB_CAP_SEARCH_FTS5));
    assert_false(db_can(t.db, DB_CAP_SEARCH_TRGM));
    assert_false(db_can(t.db, DB_CAP_SHARED));
    assert_false(db_can(t.db, DB_CAP_SEARCH_FTS5 | DB_CAP_SHARED));
    assert_true(db_can(t.db, 0));
    /* Exactly one search kind, with an implementation. */
    unsigned search = db_caps(t.db) & (DB_CAP_SEARCH_FTS5 | DB_CAP_SEARCH_TRGM);
    assert_true(search != 0 && (search & (search - 1)) == 0);
    const struct db_backend *be = t.db->be;
    assert_non_null(be->search);
    /* A declared strategy has its function, an undeclared one has none. */
    assert_int_equal(be->tx_grouped != NULL, (be->caps & DB_CAP_GROUP_COMMIT) != 0);
    assert_int_equal(be->tx_deferred != NULL, (be->caps & DB_CAP_DEFER_COMMIT) != 0);
    assert_int_equal(be->writer_enter != NULL, (be->caps & DB_CAP_SINGLE_WRITER) != 0);
    assert_true(be->slot < DB_BACKENDS_MAX);
    test_db_close(&t);
}

static const struct db_query Q_T = {
    "test.t", "CREATE TABLE t (i INTEGER, r REAL, s TEXT, b BLOB, n TEXT)"};
static const struct db_query Q_T_ROW = {
    "test.t_row", "INSERT INTO t VALUES (7, 2.5, 'chữ', x'00ff10', NULL)"};

/* Column names and types, ad-hoc statements and the integrity check. */
static void test_columns_and_text_statements(void **state)
{
    (void)state;
    struct test_db t;
    struct db_stmt *st = NULL;
    bool row = false;
    assert_int_equal(test_db_open_sqlite(&t, "backends"), 0);
    assert_int_equal(db_run(t.db, &Q_T, NULL, ""), MC_OK);
    assert_int_equal(db_run(t.db, &Q_T_ROW, NULL, ""), MC_OK);
    assert_int_equal(db_prepare_text(t.db, "SELECT i, r, s, b, n AS none FROM t;  ", &st), MC_OK);
    assert_int_equal(db_col_count(st), 5);
    assert_int_equal(db_step(st, &row), MC_OK);
    assert_true(row);
    assert_string_equal(db_col_name(st, 0), "i");
    assert_string_equal(db_col_name(st, 4), "none");
    assert_int_equal(db_col_type(st, 0), DB_TYPE_INT);
    assert_int_equal(db_col_type(st, 1), DB_TYPE_REAL);
    assert_int_equal(db_col_type(st, 2), DB_TYPE_TEXT);
    assert_int_equal(db_col_type(st, 3), DB_TYPE_BLOB);
    assert_int_equal(db_col_type(st, 4), DB_TYPE_NULL);
    assert_int_equal(db_col_len(st, 3), 3);
    assert_memory_equal(db_col_blob(st, 3), "\x00\xff\x10", 3);
    assert_int_equal(db_step(st, &row), MC_OK);
    assert_false(row);
    db_stmt_free(st);
    db_stmt_free(NULL);
    /* One statement only; a syntax error is invalid; nothing ran. */
    st = (struct db_stmt *)&st;
    assert_int_equal(db_prepare_text(t.db, "DELETE FROM t; DELETE FROM t", &st), MC_ERR_INVALID);
    assert_null(st);
    assert_int_equal(db_prepare_text(t.db, "SELEC 1", &st), MC_ERR_INVALID);
    assert_int_equal(db_prepare_text(t.db, "  ", &st), MC_ERR_INVALID);
    int64_t n = 0;
    static const struct db_query Q_N = {"test.n", "SELECT COUNT(*) FROM t"};
    assert_int_equal(db_get_int(t.db, &Q_N, &n, ""), MC_OK);
    assert_int_equal(n, 1);
    char *report = NULL;
    assert_int_equal(db_check(t.db, &report), MC_OK);
    assert_string_equal(report, "ok");
    free(report);
    test_db_close(&t);
}

/* ---------------------------------------------------------------- bulk loading */

static const struct db_query Q_BULK_T = {
    "test.bulk_t", "CREATE TABLE bulk (k bigint PRIMARY KEY, s text, d double precision)"};
static const struct db_query Q_BULK_PUT = {
    "test.bulk_put", "INSERT INTO bulk (k, s, d) VALUES (?1, ?2, ?3)"};
static const struct db_query Q_BULK_GET = {"test.bulk_get", "SELECT s, d FROM bulk WHERE k = ?1"};
static const struct db_query Q_BULK_COUNT = {"test.bulk_count", "SELECT COUNT(*) FROM bulk"};
static const struct db_query Q_BULK_BAD = {
    "test.bulk_bad", "INSERT INTO bulk (k, s) VALUES (?1, ?2) ON CONFLICT DO NOTHING"};

struct bulk_ctx {
    int rows;
    bool dup;   /* the last row repeats the first key */
};

static enum mc_status bulk_tx(struct db *db, void *arg)
{
    struct bulk_ctx *c = arg;
    struct db_copy *cp = NULL;
    char s[128];
    int64_t n = 0;
    enum mc_status st = db_copy_begin(db, &Q_BULK_PUT, &cp);
    for (int i = 0; st == MC_OK && i < c->rows; i++) {
        snprintf(s, sizeof(s), "dòng %d \t\\ một\r\nhai ~ %s %s", i, i % 3 ? "x" : "y",
                 "................................................");
        st = db_copy_row(cp, "isd", (int64_t)i, i == 7 ? NULL : s, i * 0.5);
        if (st == MC_OK && i == 5)   /* another statement between rows */
            st = db_get_int(db, &Q_BULK_COUNT, &n, "");
    }
    if (st == MC_OK && c->dup)
        st = db_copy_row(cp, "isd", (int64_t)0, "again", 0.0);
    enum mc_status end = db_copy_end(cp);
    return st != MC_OK ? st : end;
}

static void test_bulk_load(void **state)
{
    (void)state;
    struct test_db t;
    struct db_stmt *st = NULL;
    struct db_copy *cp = (struct db_copy *)&cp;
    struct bulk_ctx c = {20000, false};
    int64_t n = 0;
    assert_int_equal(test_db_open(&t, "bulk"), 0);
    assert_int_equal(db_run(t.db, &Q_BULK_T, NULL, ""), MC_OK);
    /* Only a plain INSERT of columns in order may be loaded in bulk. */
    assert_int_equal(db_copy_begin(t.db, &Q_BULK_BAD, &cp), MC_ERR_INTERNAL);
    assert_null(cp);
    assert_int_equal(db_copy_end(NULL), MC_OK);
    /* Rows with tabs, newlines, backslashes and NULL; more than one chunk. */
    assert_int_equal(db_tx(t.db, bulk_tx, &c), MC_OK);
    assert_int_equal(db_get_int(t.db, &Q_BULK_COUNT, &n, ""), MC_OK);
    assert_int_equal(n, 20000);
    assert_int_equal(db_get_row(t.db, &Q_BULK_GET, &st, "i", (int64_t)4), MC_OK);
    assert_string_equal(db_col_text(st, 0), "dòng 4 \t\\ một\r\nhai ~ x "
                                            "................................................");
    assert_true(db_col_double(st, 1) == 2.0);
    db_done(st);
    assert_int_equal(db_get_row(t.db, &Q_BULK_GET, &st, "i", (int64_t)7), MC_OK);
    assert_true(db_col_is_null(st, 0));
    db_done(st);
    /* A row that breaks a constraint fails the load; the rollback keeps nothing of it. */
    c = (struct bulk_ctx){10, true};
    assert_int_equal(db_tx(t.db, bulk_tx, &c), MC_ERR_CONFLICT);
    assert_int_equal(db_get_int(t.db, &Q_BULK_COUNT, &n, ""), MC_OK);
    assert_int_equal(n, 20000);
    test_db_close(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_url_selection),
        cmocka_unit_test(test_unknown_scheme),
        cmocka_unit_test(test_postgresql_not_built),
        cmocka_unit_test(test_postgresql_unreachable),
        cmocka_unit_test(test_url_safe),
        cmocka_unit_test(test_capabilities),
        cmocka_unit_test(test_columns_and_text_statements),
        cmocka_unit_test(test_bulk_load),
    };
    return cmocka_run_group_tests_name("core/db backends", tests, NULL, NULL);
}
