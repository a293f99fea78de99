/* test_db_row.c - unit tests for core/db_row: reading a row by a table of fields. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include "core/db.h"
#include "core/db_row.h"

struct thing {
    int64_t id;
    int count;
    bool active;
    bool hidden;
    double score;
    char name[6];
    char *note;
    int64_t untouched;
    char code[8];
};

static const struct db_field THING_FIELDS[] = {
    DB_INT64(struct thing, id),
    DB_INT(struct thing, count),
    DB_BOOL(struct thing, active),
    DB_BOOL(struct thing, hidden),
    DB_DOUBLE(struct thing, score),
    DB_TEXT(struct thing, name),
    DB_STRDUP(struct thing, note),
    DB_SKIP(struct thing, untouched),
    DB_TEXT(struct thing, code),
};

/* st prepared from sql and stepped to its first row. */
static struct db_stmt *first_row(struct db *db, const char *sql)
{
    struct db_stmt *st = NULL;
    bool row = false;
    assert_int_equal(db_prepare_text(db, sql, &st), MC_OK);
    assert_int_equal(db_step(st, &row), MC_OK);
    assert_true(row);
    return st;
}

static void test_reads_each_kind_in_column_order(void **state)
{
    struct db *db = NULL;
    struct thing t;
    (void)state;
    assert_int_equal(db_open("sqlite::memory:", &db), MC_OK);
    struct db_stmt *st = first_row(db, "SELECT 9000000000, -7, 5, 0, 2.5, 'hello world',"
                                       " 'a note', 'skipped', NULL");
    memset(&t, 0, sizeof(t));
    t.untouched = 11;
    DB_ROW_READ(st, &t, THING_FIELDS);
    assert_true(t.id == 9000000000LL);
    assert_int_equal(t.count, -7);
    assert_true(t.active);
    assert_false(t.hidden);
    assert_true(t.score == 2.5);
    assert_string_equal(t.name, "hello");   /* cut to the array, NUL included */
    assert_string_equal(t.note, "a note");
    assert_int_equal(t.untouched, 11);      /* DB_SKIP leaves the field alone */
    assert_string_equal(t.code, "");        /* NULL text is "" */
    free(t.note);
    db_stmt_free(st);
    db_close(db);
}

static void test_first_column_and_utf8_cut(void **state)
{
    struct db *db = NULL;
    struct thing t;
    (void)state;
    assert_int_equal(db_open("sqlite::memory:", &db), MC_OK);
    /* Columns 2 and 3 fill the table's last two entries (a skip, then code). */
    struct db_stmt *st = first_row(db, "SELECT 1, 2, 'x', 'Hà Nội 123'");
    memset(&t, 0, sizeof(t));
    db_row_read(st, 2, &t, &THING_FIELDS[7], 2);
    assert_int_equal(t.id, 0);
    assert_string_equal(t.code, "Hà N");     /* cut before a character that would not fit */
    db_stmt_free(st);
    db_close(db);
}

struct inner {
    char a[8];
    int64_t b;
};
struct outer {
    int64_t id;
    struct inner in;
    bool last;
};
static const struct db_field INNER_FIELDS[] = {
    DB_TEXT(struct inner, a),
    DB_INT64(struct inner, b),
};
static const struct db_field OUTER_FIELDS[] = {
    DB_INT64(struct outer, id),
    DB_NESTED(struct outer, in, INNER_FIELDS, MC_ARRAY_LEN(INNER_FIELDS)),
    DB_BOOL(struct outer, last),
};

static void test_nested_reads_its_columns(void **state)
{
    struct db *db = NULL;
    struct outer o;
    (void)state;
    assert_int_equal(db_open("sqlite::memory:", &db), MC_OK);
    struct db_stmt *st = first_row(db, "SELECT 5, 'inner', 77, 1");
    memset(&o, 0, sizeof(o));
    DB_ROW_READ(st, &o, OUTER_FIELDS);
    assert_int_equal(o.id, 5);
    assert_string_equal(o.in.a, "inner");
    assert_int_equal(o.in.b, 77);
    assert_true(o.last);   /* the entry after the nested one reads the column after its own */
    db_stmt_free(st);
    db_close(db);
}

/* A computed field, as a reader's finish hook fills it. */
static void thing_finish(struct db_stmt *st, void *obj)
{
    struct thing *t = obj;
    t->untouched = t->id * 2 + db_col_int64(st, 7);
}

static const struct db_row_type THING_ROW =
    DB_ROW_TYPE(struct thing, THING_FIELDS, thing_finish, NULL);

static const struct db_query Q_MAKE = {
    "test.make", "CREATE TABLE things (id INTEGER, name TEXT, extra INTEGER)",
};
static const struct db_query Q_ADD = {
    "test.add", "INSERT INTO things (id, name, extra) VALUES (?1, ?2, ?3)",
};
static const struct db_query Q_ONE = {
    "test.one", "SELECT id, 3, 1, 0, 0.5, name, name, extra, 'c' FROM things WHERE id = ?1",
};
static const struct db_query Q_ALL = {
    "test.all", "SELECT id, 3, 1, 0, 0.5, name, name, extra, 'c' FROM things"
    " WHERE id >= ?1 ORDER BY id",
};

static void test_get_and_list(void **state)
{
    struct db *db = NULL;
    struct thing t, *items = NULL;
    size_t n = 0, cap = 0;
    (void)state;
    assert_int_equal(db_open("sqlite::memory:", &db), MC_OK);
    assert_int_equal(db_run(db, &Q_MAKE, NULL, ""), MC_OK);
    for (int64_t i = 1; i <= 20; i++)
        assert_int_equal(db_run(db, &Q_ADD, NULL, "isi", i, "tên", i * 10), MC_OK);
    memset(&t, 0x55, sizeof(t));
    assert_int_equal(db_row_get(db, &Q_ONE, &THING_ROW, &t, "i", (int64_t)4), MC_OK);
    assert_int_equal(t.id, 4);
    assert_int_equal(t.count, 3);
    assert_string_equal(t.name, "tên");
    assert_string_equal(t.code, "c");
    assert_int_equal(t.untouched, 4 * 2 + 40);   /* zeroed, read, then finished */
    free(t.note);
    assert_int_equal(db_row_get(db, &Q_ONE, &THING_ROW, &t, "i", (int64_t)99),
                     MC_ERR_NOT_FOUND);
    assert_int_equal(db_row_list(db, &Q_ALL, &THING_ROW, &items, &n, &cap, "i", (int64_t)3),
                     MC_OK);
    assert_int_equal(n, 18);
    assert_true(cap >= n);
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(items[i].id, (int64_t)i + 3);
        assert_int_equal(items[i].untouched, items[i].id * 12);
        free(items[i].note);
    }
    free(items);
    struct thing few[4];
    memset(few, 0x55, sizeof(few));
    assert_int_equal(db_row_fill(db, &Q_ALL, &THING_ROW, few, 4, &n, "i", (int64_t)10), MC_OK);
    assert_int_equal(n, 4);   /* stops when the array is full */
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(few[i].id, (int64_t)i + 10);
        free(few[i].note);
    }
    assert_int_equal(db_row_fill(db, &Q_ALL, &THING_ROW, few, 4, &n, "i", (int64_t)19), MC_OK);
    assert_int_equal(n, 2);   /* or at the last row */
    free(few[0].note);
    free(few[1].note);
    db_close(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reads_each_kind_in_column_order),
        cmocka_unit_test(test_first_column_and_utf8_cut),
        cmocka_unit_test(test_nested_reads_its_columns),
        cmocka_unit_test(test_get_and_list),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
