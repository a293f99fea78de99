/*
 * contact_seal.c - people's CCCD, phone and email sealed at rest, with a
 * blind index each (account-int.h, core/seal.h, migration 0019).
 */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include "core/array.h"
#include "core/db.h"
#include "core/log.h"
#include "core/mem.h"
#include "core/seal.h"
#include "core/seal_rows.h"
#include "domain/accounts/account-int.h"

/* Rows to (re)seal.  A sealed value starts with "enc1:"; the rest are plaintext. */
static const struct db_query Q_STALE = {
    "account.contacts_stale",
    "SELECT id, cccd, phone, email, login FROM users"
    " WHERE (cccd IS NOT NULL AND (cccd_bidx IS NULL OR cccd NOT LIKE 'enc1:%'"
    " OR (kind = 'citizen' AND login NOT LIKE 'bi:%')))"
    " OR (phone IS NOT NULL AND (phone_bidx IS NULL OR phone NOT LIKE 'enc1:%'))"
    " OR (email IS NOT NULL AND (email_bidx IS NULL OR email NOT LIKE 'enc1:%'))"
    " ORDER BY id",
};
static const struct db_query Q_ALL = {
    "account.contacts_all",
    "SELECT id, cccd, phone, email, login FROM users"
    " WHERE cccd IS NOT NULL OR phone IS NOT NULL OR email IS NOT NULL ORDER BY id",
};
static const struct db_query Q_RESEAL = {
    "account.contacts_reseal",
    "UPDATE users SET cccd = NULLIF(?2, ''), phone = NULLIF(?3, ''), email = NULLIF(?4, ''),"
    " cccd_bidx = NULLIF(?5, ''), phone_bidx = NULLIF(?6, ''), email_bidx = NULLIF(?7, ''),"
    " login = ?8 WHERE id = ?1",
};

/* One-time codes: the phone or email each went to. */
static const struct db_query Q_CODES = {
    "account.codes_seal_rows",
    "SELECT id, target FROM account_codes WHERE id > ?1 AND (?2 = 1"
    " OR target NOT LIKE 'enc1:%') ORDER BY id LIMIT ?3",
};
static const struct db_query Q_CODES_SET = {
    "account.codes_seal_set",
    "UPDATE account_codes SET target = ?2 WHERE id = ?1",
};
static const struct seal_rows code_rows = {
    "account_codes", &Q_CODES, &Q_CODES_SET, 1, {NULL},
};

enum mc_status account_seal(const char *kind, const char *value, struct account_sealed *out)
{
    enum mc_status st = MC_OK;
    out->text[0] = '\0';
    out->bidx[0] = '\0';
    if (!value || !*value)
        return MC_OK;
    st = seal_text(value, out->text, sizeof(out->text));
    if (st == MC_OK)
        st = seal_index(kind, value, out->bidx);
    return st;
}

struct stored_row {
    int64_t id;
    char *v[3];                 /* cccd, phone, email as stored; NULL when NULL */
    char *login;
};

static bool is_cccd(const char *s)
{
    size_t n = 0;
    for (; s[n]; n++)
        if (s[n] < '0' || s[n] > '9')
            return false;
    return n == 12;
}

bool account_login_is_index(const char *stored)
{
    return strncmp(stored, "bi:", 3) == 0;
}

enum mc_status account_login_stored(const char *login, char out[ACCOUNT_LOGIN_STORED])
{
    char bidx[SEAL_INDEX_SIZE];
    const char *l = login ? login : "";
    enum mc_status rc = MC_OK;
    if (!is_cccd(l))
        snprintf(out, ACCOUNT_LOGIN_STORED, "%s", l);
    else if ((rc = seal_index("login", l, bidx)) == MC_OK)
        snprintf(out, ACCOUNT_LOGIN_STORED, "bi:%s", bidx);
    else
        snprintf(out, ACCOUNT_LOGIN_STORED, "bi:?");
    return rc;
}

struct collect_ctx {
    struct stored_row *rows;
    size_t n, cap;
};

static enum mc_status collect(struct db_stmt *st, void *arg)
{
    struct collect_ctx *c = arg;
    struct stored_row *r = ARRAY_PUSH(c->rows, c->n, c->cap);
    r->id = db_col_int64(st, 0);
    for (int i = 0; i < 3; i++)
        r->v[i] = db_col_is_null(st, i + 1) ? NULL : xstrdup(db_col_text(st, i + 1));
    r->login = xstrdup(db_col_text(st, 4));
    return MC_OK;
}

/* Reseal one row's three values (opened first: sealed or plaintext). */
static enum mc_status reseal_row(struct db *db, const struct stored_row *r)
{
    static const char *kinds[3] = {"cccd", "phone", "email"};
    struct account_sealed s[3];
    char plain[300], login[ACCOUNT_LOGIN_STORED];
    enum mc_status st = MC_OK;
    snprintf(login, sizeof(login), "%s", r->login);
    for (int i = 0; st == MC_OK && i < 3; i++) {
        plain[0] = '\0';
        if (r->v[i])
            st = seal_open(r->v[i], plain, sizeof(plain));
        if (st == MC_OK)
            st = account_seal(kinds[i], plain, &s[i]);
        /* A citizen's login is their CCCD: kept as its blind index. */
        if (st == MC_OK && i == 0 && *plain &&
            (account_login_is_index(r->login) || strcmp(r->login, plain) == 0))
            st = account_login_stored(plain, login);
    }
    sodium_memzero(plain, sizeof(plain));
    if (st == MC_OK)
        st = db_run(db, &Q_RESEAL, NULL, "isssssss", r->id, s[0].text, s[1].text, s[2].text,
                    s[0].bidx, s[1].bidx, s[2].bidx, login);
    if (st != MC_OK)
        log_error("cannot seal the contacts of account %lld", (long long)r->id);
    return st;
}

enum mc_status account_contacts_reseal(struct db *db, bool all, size_t *changed)
{
    struct collect_ctx c = {0};
    enum mc_status st = db_each(db, all ? &Q_ALL : &Q_STALE, collect, &c, "");
    *changed = 0;
    for (size_t i = 0; st == MC_OK && i < c.n; i++) {
        bool current = true;
        for (int k = 0; k < 3; k++)
            if (c.rows[i].v[k] && !seal_is_current(c.rows[i].v[k]))
                current = false;
        if (all && current)
            continue;
        st = reseal_row(db, &c.rows[i]);
        if (st == MC_OK)
            (*changed)++;
    }
    size_t codes = 0;
    if (st == MC_OK)
        st = seal_rows_run(db, &code_rows, all, &codes);
    *changed += codes;
    for (size_t i = 0; i < c.n; i++) {
        for (int k = 0; k < 3; k++)
            free(c.rows[i].v[k]);
        free(c.rows[i].login);
    }
    free(c.rows);
    return st;
}
