/*
 * fixture.h - a real SQLite database in a temporary folder with a small
 * province for the dossier, vault and payment tests: agencies, two
 * procedures, a citizen of each kind and one staff member per role.
 * Included by the test files (static functions, one copy each).
 */
#ifndef MC_TEST_DOSSIER_FIXTURE_H
#define MC_TEST_DOSSIER_FIXTURE_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <ftw.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include "app/wire.h"
#include "testdb.h"
#include "domain/catalog/catalog.h"
#include "core/clock.h"
#include "core/mem.h"
#include "domain/dossier/dossier.h"
#include "domain/dossier/dossier_change.h"
#include "domain/routing/routing.h"
#include "core/filestore.h"

#define T0 1770948000           /* Fri 2026-02-13T09:00:00+07:00 */
#define PROC "1.000001"         /* 5 working days, fee 200,000 đồng */
#define PROC_NOTIME "2.000002"  /* no processing time published */
#define AGENCY "T20.STP"
#define DESK "T20.TTPVHCC"
#define OTHER "T20.SXD"
#define HOUR 3600

struct fx {
    char dir[64];
    char path[256];
    struct db *db;
    struct calendar cal;
    struct filestore fs;
    struct dossier_env env;
    struct user citizen, citizen2, business;
    struct user reception, processing, approver, agency_admin, province_admin, other;
};

static const struct db_query FX_UNIT = {
    "test.unit",
    "INSERT INTO units (code, name, full_name, level) VALUES ('20', 'Lạng Sơn',"
    " 'Tỉnh Lạng Sơn', 'province')",
};
static const struct db_query FX_AGENCY = {
    "test.agency",
    "INSERT INTO agencies (code, name, unit_code, created_at, updated_at)"
    " VALUES (?1, ?2, '20', 0, 0)",
};
static const struct db_query FX_USER = {
    "test.user",
    "INSERT INTO users (kind, login, full_name, cccd, tax_code, phone, password_hash,"
    " created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'x', 0) RETURNING id",
};
static const struct db_query FX_ROLE = {
    "test.role",
    "INSERT INTO user_roles (user_id, agency_code, role) VALUES (?1, ?2, ?3)",
};

MC_UNUSED static void fx_user(struct fx *f, struct user *u, const char *kind, const char *login,
                    const char *cccd, const char *tax, const char *phone, const char *agency,
                    unsigned roles)
{
    memset(u, 0, sizeof(*u));
    assert_int_equal(db_get_int(f->db, &FX_USER, &u->id, "ssssss", kind, login, "Người Thử",
                                cccd, tax, phone), MC_OK);
    u->kind = strcmp(kind, "citizen") == 0 ? USER_CITIZEN
            : strcmp(kind, "business") == 0 ? USER_BUSINESS : USER_STAFF;
    snprintf(u->login, sizeof(u->login), "%s", login);
    snprintf(u->agency_code, sizeof(u->agency_code), "%s", agency ? agency : "");
    u->roles = roles;
    for (unsigned r = 1; r <= ROLE_PROVINCE_ADMIN; r <<= 1)
        if (roles & r)
            assert_int_equal(db_run(f->db, &FX_ROLE, NULL, "iss", u->id, agency ? agency : "",
                                    role_name((enum role_flags)r)), MC_OK);
}

MC_UNUSED static void fx_procedure(struct fx *f, const char *code, const char *name, double days)
{
    struct procedure p;
    procedure_init(&p);
    p.code = xstrdup(code);
    p.name = xstrdup(name);
    p.levels = PROC_LEVEL_PROVINCE;
    for (int k = PROC_CHANNEL_DIRECT; k <= PROC_CHANNEL_POSTAL; k++) {
        struct proc_channel *c = procedure_add_channel(&p, (enum proc_channel_kind)k);
        if (days > 0) {
            c->time_state = PROC_TIME_VALUE;
            c->time_min = c->time_max = days;
            c->time_unit = PROC_UNIT_WORKING_DAY;
            c->fee_state = PROC_FEE_AMOUNT;
            c->fee_dong = 200000;
        }
    }
    assert_int_equal(catalog_save(f->db, NULL, &p, NULL, NULL), MC_OK);
    procedure_release(&p);
    /* Decided by AGENCY (routing.h), received at the one-stop DESK (fx_setup). */
    struct routing_route route = {.level = ROUTING_PROVINCE};
    struct form_errors errs = {0};
    snprintf(route.competent, sizeof(route.competent), "%s", AGENCY);
    assert_int_equal(routing_set(f->db, NULL, code, &route, 1, &errs), MC_OK);
}

MC_UNUSED static int fx_setup(void **state)
{
    struct fx *f = calloc(1, sizeof(*f));
    if (sodium_init() < 0)
        return -1;
    snprintf(f->dir, sizeof(f->dir), "/tmp/motcua-test-dossier-XXXXXX");
    if (!mkdtemp(f->dir))
        return -1;
    if (test_db_new(f->path, sizeof(f->path), f->dir, "d.db", false) != 0
        || db_open(f->path, &f->db) != MC_OK || db_migrate(f->db, NULL) != MC_OK)
        return -1;
    clock_set(T0, 0);
    /* As the program runs: the 766 counters, invitations and notices listen. */
    dossier_listeners_clear();
    if (app_wire_listeners() != MC_OK)
        return -1;
    calendar_init(&f->cal);
    filestore_init(&f->fs, f->dir);
    f->env.db = f->db;
    f->env.cal = &f->cal;
    f->env.files = &f->fs;
    assert_int_equal(db_run(f->db, &FX_UNIT, NULL, ""), MC_OK);
    assert_int_equal(db_run(f->db, &FX_AGENCY, NULL, "ss", AGENCY, "Sở Tư pháp"), MC_OK);
    assert_int_equal(db_run(f->db, &FX_AGENCY, NULL, "ss", DESK, "Trung tâm PVHCC"), MC_OK);
    assert_int_equal(db_run(f->db, &FX_AGENCY, NULL, "ss", OTHER, "Sở Xây dựng"), MC_OK);
    {
        const char *served[] = {AGENCY};
        struct form_errors errs = {0};
        assert_int_equal(routing_desks_set(f->db, NULL, DESK, served, 1, &errs), MC_OK);
    }
    fx_procedure(f, PROC, "Cấp Phiếu lý lịch tư pháp", 5);
    fx_procedure(f, PROC_NOTIME, "Thủ tục chưa có thời hạn", 0);
    fx_user(f, &f->citizen, "citizen", "020190001234", "020190001234", NULL, "0912345678",
            NULL, 0);
    fx_user(f, &f->citizen2, "citizen", "020190005678", "020190005678", NULL, "0987654321",
            NULL, 0);
    fx_user(f, &f->business, "business", "0101234565", NULL, "0101234565", "0240000111",
            NULL, 0);
    fx_user(f, &f->reception, "staff", "tiepnhan", NULL, NULL, NULL, DESK, ROLE_RECEPTION);
    fx_user(f, &f->processing, "staff", "chuyenvien", NULL, NULL, NULL, AGENCY,
            ROLE_PROCESSING);
    fx_user(f, &f->approver, "staff", "lanhdao", NULL, NULL, NULL, AGENCY, ROLE_APPROVER);
    fx_user(f, &f->agency_admin, "staff", "qtdv", NULL, NULL, NULL, AGENCY,
            ROLE_AGENCY_ADMIN);
    fx_user(f, &f->province_admin, "staff", "qttinh", NULL, NULL, NULL, "T20.VP",
            ROLE_PROVINCE_ADMIN);
    fx_user(f, &f->other, "staff", "cvxd", NULL, NULL, NULL, OTHER,
            ROLE_PROCESSING | ROLE_RECEPTION | ROLE_APPROVER);
    *state = f;
    return 0;
}

MC_UNUSED static int fx_rm(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    return remove(path);
}

MC_UNUSED static int fx_teardown(void **state)
{
    struct fx *f = *state;
    db_close(f->db);
    test_db_drop(f->path);
    calendar_release(&f->cal);
    filestore_release(&f->fs);
    nftw(f->dir, fx_rm, 16, FTW_DEPTH | FTW_PHYS);
    free(f);
    clock_set(-1, 0);
    return 0;
}

/* Store a small PDF whose content depends on text; its hash goes to sha. */
MC_UNUSED static void fx_pdf(struct fx *f, const char *text, char sha[FILESTORE_SHA_HEX])
{
    struct filestore_meta m;
    char body[256];
    int n = snprintf(body, sizeof(body), "%%PDF-1.4\n%% %s\n%%%%EOF\n", text);
    assert_int_equal(filestore_put_bytes(&f->fs, body, (size_t)n, &m), MC_OK);
    snprintf(sha, FILESTORE_SHA_HEX, "%s", m.sha256);
}

/* Submit an online dossier for PROC by u with key; returns its id. */
MC_UNUSED static int64_t fx_submit(struct fx *f, const struct user *u, const char *key)
{
    char sha[FILESTORE_SHA_HEX];
    struct dossier_file_ref ref = {sha, 0, "Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp"};
    struct dossier_submission s = {PROC, AGENCY, DESK, "{\"ho_ten\":\"Nguyễn Văn A\"}",
                                   DOSSIER_DELIVERY_ONLINE, NULL, &ref, 1, key};
    struct form_errors errs = {0};
    int64_t id = 0;
    fx_pdf(f, key, sha);
    assert_int_equal(dossier_submit(&f->env, u, "198.51.100.1", &s, &id, NULL, &errs), MC_OK);
    return id;
}

MC_UNUSED static struct dossier fx_load(struct fx *f, int64_t id)
{
    struct dossier d;
    dossier_init(&d);
    assert_int_equal(dossier_get(f->db, NULL, id, &d), MC_OK);
    free(d.form_data);
    d.form_data = NULL;
    return d;
}

/* Collect the fee at the counter when it is open (an open fee blocks the return). */
MC_UNUSED static void fx_collect_fee(struct fx *f, int64_t id)
{
    struct dossier d = fx_load(f, id);
    struct dossier_action_input in = {DOSSIER_ACT_COLLECT_FEE, d.version, "Biên lai 0001",
                                      0, 0, 0, NULL, 0};
    struct form_errors errs = {0};
    if (!dossier_fee_open(&d))
        return;
    assert_int_equal(dossier_act(&f->env, &f->reception, "198.51.100.2", id, &in, NULL, &errs),
                     MC_OK);
}

/* Perform action a with a note; returns the status. */
MC_UNUSED static enum mc_status fx_act(struct fx *f, const struct user *u, int64_t id,
                             enum dossier_action a, const char *note)
{
    struct dossier d = fx_load(f, id);
    struct dossier_action_input in = {a, d.version, note, 0, 0, 0, NULL, 0};
    struct form_errors errs = {0};
    if (a == DOSSIER_ACT_APOLOGY)
        in.due_at = clock_now() + 30 * 86400;
    return dossier_act(&f->env, u, "198.51.100.2", id, &in, NULL, &errs);
}

#endif
