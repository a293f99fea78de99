/*
 * testdb.h - for unit tests: a fresh database, migrated, in a temporary
 * folder of its own (removed with everything in it afterwards).
 *
 *   struct test_db t;
 *   assert_int_equal(test_db_open(&t, "units"), 0);
 *   ... t.db, t.dir, t.path (the database's URL) ...
 *   test_db_close(&t);
 *
 * The database is a SQLite file in the folder, or, on the PostgreSQL lane
 * of scripts/test.sh (MOTCUA_TEST_PG set to a private cluster's admin
 * URL), a new PostgreSQL database made from the migrated template
 * MOTCUA_TEST_PG_TEMPLATE and dropped by test_db_close.  Tests of
 * SQLite's own strategies use test_db_open_sqlite().  The data key that
 * seals secrets (core/seal.h) is kept in the temporary folder too.
 */
#ifndef MC_TEST_DB_H
#define MC_TEST_DB_H

#include <dirent.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "core/db.h"
#include "core/seal.h"

struct test_db {
    char dir[96];    /* the temporary folder */
    char path[256];  /* the database's URL: a SQLite file inside dir, or postgresql://... */
    struct db *db;   /* open and migrated */
};

/* The admin URL of the PostgreSQL lane's cluster, or NULL on SQLite. */
static inline const char *test_db_pg(void)
{
    const char *url = getenv("MOTCUA_TEST_PG");
    return url && *url ? url : NULL;
}

/* Run one statement on the lane's admin database; 0 on success. */
static inline int test_db_admin(const char *sql)
{
    struct db *admin = NULL;
    int rc = db_open(test_db_pg(), &admin) == MC_OK && db_exec_script(admin, sql) == MC_OK
                 ? 0 : -1;
    db_close(admin);
    return rc;
}

/*
 * A new empty database's URL into out: dir/file on SQLite, or a new
 * PostgreSQL database (migrated template) on the PostgreSQL lane unless
 * sqlite_only.  Sealed values (core/seal.h) use a data key in dir.  0 on
 * success.
 */
static inline int test_db_new(char *out, size_t size, const char *dir, const char *file,
                              bool sqlite_only)
{
    static atomic_uint seq;
    char sql[256], name[64];
    const char *admin = test_db_pg();
    const char *tpl = getenv("MOTCUA_TEST_PG_TEMPLATE");
    seal_use_dir(dir);   /* the data key lives with the test's files, as with a server's */
    if (sqlite_only || !admin) {
        snprintf(out, size, "%s/%s", dir, file);
        return 0;
    }
    snprintf(name, sizeof(name), "u_%d_%u", (int)getpid(), atomic_fetch_add(&seq, 1));
    snprintf(sql, sizeof(sql), "CREATE DATABASE %s%s%s", name, tpl && *tpl ? " TEMPLATE " : "",
             tpl && *tpl ? tpl : "");
    if (test_db_admin(sql) != 0)
        return -1;
    /* admin is postgresql://USER@HOST:PORT/DB: swap the last path part */
    const char *slash = strrchr(admin, '/');
    snprintf(out, size, "%.*s/%s", (int)(slash ? slash - admin : 0), admin, name);
    return 0;
}

/* Drop a database test_db_new made on the PostgreSQL lane (nothing on SQLite). */
static inline void test_db_drop(const char *url)
{
    char sql[256];
    const char *name = strrchr(url, '/');
    if (strncmp(url, "postgresql://", 13) != 0 || !name)
        return;
    snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS %s WITH (FORCE)", name + 1);
    if (test_db_admin(sql) != 0)
        fprintf(stderr, "testdb: could not drop %s\n", name + 1);
}

static inline int test_db_open_on(struct test_db *t, const char *tag, bool sqlite_only)
{
    snprintf(t->dir, sizeof(t->dir), "/tmp/motcua-test-%s-XXXXXX", tag);
    t->db = NULL;
    t->path[0] = '\0';
    if (!mkdtemp(t->dir) || test_db_new(t->path, sizeof(t->path), t->dir, "t.db", sqlite_only))
        return -1;
    seal_use_dir(t->dir);   /* the data key lives with the test's files, as with a server's */
    if (db_open(t->path, &t->db) != MC_OK || db_migrate(t->db, NULL) != MC_OK)
        return -1;
    return 0;
}

/* Create the folder and the database; 0 on success, -1 on failure. */
static inline int test_db_open(struct test_db *t, const char *tag)
{
    return test_db_open_on(t, tag, false);
}

/* The same, always a SQLite file (tests of SQLite's strategies). */
static inline int test_db_open_sqlite(struct test_db *t, const char *tag)
{
    return test_db_open_on(t, tag, true);
}

/* Remove every file in dir, then dir. */
static inline void test_db_rmdir(const char *dir)
{
    char p[512];
    DIR *d = opendir(dir);
    for (struct dirent *e = d ? readdir(d) : NULL; e; e = readdir(d)) {
        if (e->d_name[0] == '.')
            continue;
        snprintf(p, sizeof(p), "%s/%s", dir, e->d_name);
        unlink(p);
    }
    if (d)
        closedir(d);
    rmdir(dir);
}

/* Close the database, drop it (PostgreSQL) and remove the folder. */
static inline void test_db_close(struct test_db *t)
{
    db_close(t->db);
    t->db = NULL;
    test_db_drop(t->path);
    test_db_rmdir(t->dir);
}

#endif
