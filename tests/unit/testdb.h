/*
 * testdb.h - for unit tests: a fresh SQLite database, migrated, in a
 * temporary folder of its own, removed with everything in it afterwards.
 *
 *   struct test_db t;
 *   assert_int_equal(test_db_open(&t, "units"), 0);
 *   ... t.db, t.dir ...
 *   test_db_close(&t);
 */
#ifndef MC_TEST_DB_H
#define MC_TEST_DB_H

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include "core/db.h"

struct test_db {
    char dir[96];    /* the temporary folder */
    char path[128];  /* the SQLite file inside it */
    struct db *db;   /* open and migrated */
};

/* Create the folder and the database; 0 on success, -1 on failure. */
static inline int test_db_open(struct test_db *t, const char *tag)
{
    snprintf(t->dir, sizeof(t->dir), "/tmp/motcua-test-%s-XXXXXX", tag);
    t->db = NULL;
    if (!mkdtemp(t->dir))
        return -1;
    snprintf(t->path, sizeof(t->path), "%s/t.db", t->dir);
    if (db_open(t->path, &t->db) != MC_OK || db_migrate(t->db, NULL) != MC_OK)
        return -1;
    return 0;
}

/* Close the database and remove the folder with every file in it. */
static inline void test_db_close(struct test_db *t)
{
    char p[512];
    db_close(t->db);
    t->db = NULL;
    DIR *d = opendir(t->dir);
    for (struct dirent *e = d ? readdir(d) : NULL; e; e = readdir(d)) {
        if (e->d_name[0] == '.')
            continue;
        snprintf(p, sizeof(p), "%s/%s", t->dir, e->d_name);
        unlink(p);
    }
    if (d)
        closedir(d);
    rmdir(t->dir);
}

#endif
