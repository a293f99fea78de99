/*
 * dossier_submit.c - how many online submissions per second commit
 * durably (one transaction each, SQLite WAL with synchronous=FULL, files
 * fsync'ed first) on this machine, against the same number of bare
 * one-row fsync'ed transactions as the reference.  Built and run by
 * bench/dossier_import.sh; prints one line with the ratio.
 *
 *   dossier_submit DIR N
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include "app/wire.h"
#include "domain/catalog/catalog.h"
#include "core/clock.h"
#include "core/mem.h"
#include "domain/dossier/dossier.h"

static const struct db_query Q_UNIT = {
    "bench.unit", "INSERT INTO units (code, name, full_name, level) VALUES ('20', 'T', 'T',"
    " 'province')",
};
static const struct db_query Q_AGENCY = {
    "bench.agency", "INSERT INTO agencies (code, name, unit_code, created_at, updated_at)"
    " VALUES ('T20.STP', 'Sở Tư pháp', '20', 0, 0)",
};
static const struct db_query Q_USER = {
    "bench.user", "INSERT INTO users (kind, login, full_name, phone, password_hash, created_at)"
    " VALUES ('citizen', '001090000001', 'B', '0912000000', 'x', 0) RETURNING id",
};
static const struct db_query Q_REF = {
    "bench.ref", "CREATE TABLE IF NOT EXISTS bench_ref (id INTEGER PRIMARY KEY, v TEXT)",
};
static const struct db_query Q_REF_INSERT = {
    "bench.ref_insert", "INSERT INTO bench_ref (v) VALUES (?1)",
};

static enum mc_status ref_tx(struct db *db, void *arg)
{
    return db_run(db, &Q_REF_INSERT, NULL, "s", (const char *)arg);
}

int main(int argc, char **argv)
{
    struct db *db = NULL;
    struct calendar cal;
    struct filestore fs;
    struct procedure p;
    struct user u;
    char path[512], key[32];
    int n = argc > 2 ? atoi(argv[2]) : 0;
    if (argc < 3 || n <= 0 || sodium_init() < 0 || app_wire_listeners() != MC_OK) {
        fprintf(stderr, "usage: dossier_submit DIR N\n");
        return 2;
    }
    snprintf(path, sizeof(path), "%s/bench.db", argv[1]);
    if (db_open(path, &db) != MC_OK || db_migrate(db, NULL) != MC_OK)
        return 1;
    calendar_init(&cal);
    filestore_init(&fs, argv[1]);
    memset(&u, 0, sizeof(u));
    u.kind = USER_CITIZEN;
    procedure_init(&p);
    p.code = xstrdup("1.000001");
    p.name = xstrdup("Thủ tục thử");
    if (db_run(db, &Q_UNIT, NULL, "") != MC_OK || db_run(db, &Q_AGENCY, NULL, "") != MC_OK ||
        db_get_int(db, &Q_USER, &u.id, "") != MC_OK ||
        catalog_save(db, NULL, &p, NULL, NULL) != MC_OK || db_run(db, &Q_REF, NULL, "") != MC_OK)
        return 1;
    struct dossier_env env = {db, &cal, &fs};
    struct filestore_meta m;
    if (filestore_put_bytes(&fs, "%PDF-1.4 bench", 14, &m) != MC_OK)
        return 1;
    struct dossier_file_ref ref = {m.sha256, 0, "Tờ khai"};
    struct dossier_submission s = {"1.000001", "T20.STP", NULL, "{\"a\":1}",
                                   DOSSIER_DELIVERY_ONLINE, NULL, &ref, 1, key};
    int64_t t0 = clock_mono_us();
    for (int i = 0; i < n; i++) {
        int64_t id;
        snprintf(key, sizeof(key), "b%d", i);
        if (dossier_submit(&env, &u, "bench", &s, &id, NULL, NULL) != MC_OK)
            return 1;
    }
    double sub = (double)(clock_mono_us() - t0) / 1e6;
    t0 = clock_mono_us();
    for (int i = 0; i < n; i++)
        if (db_tx(db, ref_tx, "x") != MC_OK)
            return 1;
    double bare = (double)(clock_mono_us() - t0) / 1e6;
    printf("submissions: %d in %.2f s = %.0f/s; bare fsync'ed transactions %.0f/s;"
           " ratio %.0f%%\n", n, sub, n / sub, n / bare, 100.0 * bare / sub);
    procedure_release(&p);
    filestore_release(&fs);
    calendar_release(&cal);
    db_close(db);
    return 0;
}
