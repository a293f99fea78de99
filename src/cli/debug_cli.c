/*
 * debug_cli.c - `motcua debug sql` and `motcua debug check`: let the
 * black-box tests read (and, to prove constraints, try to write) the
 * database through the storage interface, whatever its backend, instead
 * of opening a SQLite file themselves.  Only when MOTCUA_TEST=1: an
 * operator has no use for it and it bypasses every rule and the audit log.
 *
 * `debug sql` prints the rows as one JSON array of objects (column name:
 * value; integers and reals as numbers, text as strings, NULL as null,
 * bytes as lowercase hex), like `sqlite3 -json` but never empty ("[]").
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include "cli/cli.h"
#include "cli/debug_cli.h"
#include "core/mem.h"
#include "core/seal.h"

static void usage(FILE *f)
{
    fputs("Usage: MOTCUA_TEST=1 motcua debug sql \"CÂU LỆNH SQL\" [--db URL]\n"
          "       MOTCUA_TEST=1 motcua debug check [--db URL]\n"
          "       MOTCUA_TEST=1 motcua debug prepare [--db URL] < CÂU_LỆNH.jsonl\n"
          "       MOTCUA_TEST=1 motcua debug open GIÁ_TRỊ [--data-dir DIR]\n"
          "       MOTCUA_TEST=1 motcua debug index LOẠI GIÁ_TRỊ [--data-dir DIR]\n\n"
          "Chỉ dùng khi kiểm thử: chạy một câu lệnh SQL và in các dòng kết quả dạng JSON,\n"
          "hoặc kiểm tra tính toàn vẹn của cơ sở dữ liệu (in \"ok\" nếu không có lỗi),\n"
          "hoặc chuẩn bị (không chạy) từng câu lệnh {\"name\", \"sql\"} đọc từ đầu vào\n"
          "(scripts/check-sql.mjs: mọi câu lệnh có tên đều chạy được trên máy chủ này),\n"
          "hoặc in giá trị gốc của một trường đã mã hóa (bằng khóa data.key của DIR),\n"
          "hoặc in chỉ mục mù của một giá trị (LOẠI: cccd, phone, email, login,\n"
          "recipient, contact_id, contact) để tìm dòng theo nó.\n", f);
}

/* `debug open VALUE`: a sealed value's plaintext (core/seal.h), for tests. */
static int run_open(const char *data_dir, const char *value)
{
    char *plain = NULL;
    seal_use_dir(data_dir);
    seal_allow_create(false);   /* a missing key opens nothing: never make one */
    if (seal_open_alloc(value, &plain) != MC_OK) {
        fputs("không mở được giá trị này\n", stderr);
        return 1;
    }
    printf("%s\n", plain);
    free(plain);
    return 0;
}

/* The blind index of value of kind under the data key (what lookups compare). */
static int run_index(const char *data_dir, const char *kind, const char *value)
{
    char bidx[SEAL_INDEX_SIZE];
    seal_use_dir(data_dir);
    seal_allow_create(false);   /* an index under a new key finds nothing */
    if (seal_index(kind, value, bidx) != MC_OK) {
        fputs("không đọc được khóa dữ liệu\n", stderr);
        return 1;
    }
    printf("%s\n", bidx);
    return 0;
}

/* The value of column c of the current row as JSON (new reference). */
static json_t *column_json(struct db_stmt *st, int c)
{
    static const char hex[] = "0123456789abcdef";
    switch (db_col_type(st, c)) {
    case DB_TYPE_INT:
        return json_integer((json_int_t)db_col_int64(st, c));
    case DB_TYPE_REAL:
        return json_real(db_col_double(st, c));
    case DB_TYPE_TEXT:
        return json_stringn(db_col_text(st, c), db_col_len(st, c));
    case DB_TYPE_BLOB: {
        const unsigned char *p = db_col_blob(st, c);
        size_t n = db_col_len(st, c);
        char *s = xmalloc(2 * n + 1);
        for (size_t i = 0; i < n; i++) {
            s[2 * i] = hex[p[i] >> 4];
            s[2 * i + 1] = hex[p[i] & 15];
        }
        s[2 * n] = '\0';
        json_t *v = json_stringn(s, 2 * n);
        free(s);
        return v;
    }
    case DB_TYPE_NULL:
        break;
    }
    return json_null();
}

static int run_sql(struct db *db, const char *sql)
{
    struct db_stmt *st = NULL;
    json_t *rows = json_array();
    bool row = true;
    int rc = 1;
    enum mc_status s = db_prepare_text(db, sql, &st);
    if (s != MC_OK) {
        fprintf(stderr, "câu lệnh SQL không hợp lệ (đúng một câu lệnh)\n");
        goto out;
    }
    while (s == MC_OK && row) {
        s = db_step(st, &row);
        if (s != MC_OK || !row)
            break;
        json_t *o = json_object();
        for (int c = 0; c < db_col_count(st); c++)
            json_object_set_new(o, db_col_name(st, c), column_json(st, c));
        json_array_append_new(rows, o);
    }
    if (s != MC_OK) {
        fprintf(stderr, "câu lệnh SQL thất bại (%s)\n", mc_status_name(s));
        goto out;
    }
    char *text = json_dumps(rows, JSON_COMPACT | JSON_ENSURE_ASCII | JSON_PRESERVE_ORDER);
    if (text) {
        puts(text);
        rc = 0;
    }
    free(text);   /* jansson's default allocator is malloc */
out:
    db_stmt_free(st);
    json_decref(rows);
    return rc;
}

static int run_check(struct db *db)
{
    char *report = NULL;
    int rc = 1;
    if (db_check(db, &report) != MC_OK) {
        fprintf(stderr, "không kiểm tra được cơ sở dữ liệu\n");
    } else {
        puts(report);
        rc = strcmp(report, "ok") == 0 ? 0 : 1;
    }
    free(report);
    return rc;
}

/*
 * Prepare, without running, each statement of stdin (JSON lines {"name",
 * "sql"}); report "ok NAME" or "FAIL NAME" on stderr, after the backend's
 * own message.  0 when every one prepared.
 */
static int run_prepare(struct db *db)
{
    char *line = NULL;
    size_t cap = 0;
    int failed = 0, total = 0;
    while (getline(&line, &cap, stdin) > 0) {
        json_error_t err;
        json_t *j = json_loads(line, 0, &err);
        const char *name = json_string_value(json_object_get(j, "name"));
        const char *sql = json_string_value(json_object_get(j, "sql"));
        struct db_stmt *st = NULL;
        if (name && sql) {
            total++;
            bool ok = db_prepare_text(db, sql, &st) == MC_OK;
            failed += !ok;
            fprintf(stderr, "%s %s\n", ok ? "ok" : "FAIL", name);
            db_stmt_free(st);
        }
        json_decref(j);
    }
    free(line);
    fprintf(stderr, "%d statements, %d failed\n", total, failed);
    return failed > 0;
}

int debug_cli_main(int argc, char **argv)
{
    const char *test = getenv("MOTCUA_TEST");
    struct config cfg;
    struct db *db = NULL;
    int rc = 2;
    if (cli_wants_help(argc, argv)) {
        usage(stdout);
        return 0;
    }
    if (!test || strcmp(test, "1") != 0) {
        fputs("lệnh debug chỉ dùng khi kiểm thử (đặt MOTCUA_TEST=1)\n", stderr);
        return 2;
    }
    if (cli_config(&cfg, &argc, &argv) != MC_OK)
        return 2;
    bool sql = argc == 2 && strcmp(argv[0], "sql") == 0;
    bool check = argc == 1 && strcmp(argv[0], "check") == 0;
    bool prepare = argc == 1 && strcmp(argv[0], "prepare") == 0;
    if (argc == 2 && strcmp(argv[0], "open") == 0)
        return run_open(cfg.data_dir, argv[1]);
    if (argc == 3 && strcmp(argv[0], "index") == 0)
        return run_index(cfg.data_dir, argv[1], argv[2]);
    if (!sql && !check && !prepare) {
        usage(stderr);
        return 2;
    }
    if (db_open(cfg.db, &db) != MC_OK) {
        cli_db_error(cfg.db);
        return 1;
    }
    rc = sql ? run_sql(db, argv[1]) : prepare ? run_prepare(db) : run_check(db);
    db_close(db);
    return rc;
}
