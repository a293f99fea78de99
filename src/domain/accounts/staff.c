/* staff.c - staff accounts managed on the web (see staff.h). */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include "domain/accounts/staff.h"
#include "domain/accounts/account-int.h"
#include "domain/accounts/password.h"
#include "core/array.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/db_row.h"
#include "core/mem.h"
#include "core/text.h"

/* ---------------------------------------------------------------- SQL */

/* The columns staff_read_row() reads; AGG joins a group's roles with commas. */
#define STAFF_COLS_AGG(agg)                                                                 \
    "u.id, u.login, u.full_name, u.disabled, u.totp_enabled, u.must_change_password,"      \
    " u.created_at, COALESCE(MIN(r.agency_code), ''), COUNT(DISTINCT r.agency_code),"     \
    " COALESCE(" agg ", '')"
#define STAFF_LIST_TAIL                                                                     \
    " FROM users u LEFT JOIN user_roles r ON r.user_id = u.id"                              \
    " WHERE u.kind = 'staff' GROUP BY u.id"                                                 \
    " HAVING ?1 = '' OR SUM(CASE WHEN r.agency_code = ?1 THEN 1 ELSE 0 END) > 0"           \
    " ORDER BY 8, u.full_name, u.id LIMIT ?2"
#define STAFF_GET_TAIL                                                                      \
    " FROM users u LEFT JOIN user_roles r ON r.user_id = u.id"                              \
    " WHERE u.kind = 'staff' AND u.id = ?1 GROUP BY u.id"

/* Joining the roles has no portable spelling: group_concat / string_agg. */
static const struct db_query Q_STAFF_LIST = {
    "staff.list",
    "SELECT " STAFF_COLS_AGG("group_concat(r.role)") STAFF_LIST_TAIL,
    "SELECT " STAFF_COLS_AGG("string_agg(r.role, ',')") STAFF_LIST_TAIL,
};
static const struct db_query Q_STAFF_GET = {
    "staff.get",
    "SELECT " STAFF_COLS_AGG("group_concat(r.role)") STAFF_GET_TAIL,
    "SELECT " STAFF_COLS_AGG("string_agg(r.role, ',')") STAFF_GET_TAIL,
};
static const struct db_query Q_ADMIN_AGENCIES = {
    "staff.admin_agencies",
    "SELECT agency_code FROM user_roles WHERE user_id = ?1 AND role = 'agency_admin'"
    " AND agency_code <> '' ORDER BY agency_code",
};
static const struct db_query Q_AGENCY_EXISTS = {
    "staff.agency_exists",
    "SELECT COUNT(*) FROM agencies WHERE code = ?1",
};
static const struct db_query Q_LOGIN_TAKEN = {
    "staff.login_taken",
    "SELECT COUNT(*) FROM users WHERE login = ?1",
};
static const struct db_query Q_STAFF_INSERT = {
    "staff.insert",
    "INSERT INTO users (kind, login, full_name, password_hash, created_at,"
    " must_change_password) VALUES ('staff', ?1, ?2, ?3, ?4, 1) RETURNING id",
};
static const struct db_query Q_ROLE_INSERT = {
    "staff.role_insert",
    "INSERT INTO user_roles (user_id, agency_code, role) VALUES (?1, ?2, ?3)"
    " ON CONFLICT DO NOTHING",
};
static const struct db_query Q_ROLES_DELETE = {
    "staff.roles_delete",
    "DELETE FROM user_roles WHERE user_id = ?1",
};
static const struct db_query Q_SET_DISABLED = {
    "staff.set_disabled",
    "UPDATE users SET disabled = ?2 WHERE id = ?1 AND kind = 'staff'",
};
static const struct db_query Q_TOTP_RESET = {
    "staff.totp_reset",
    "UPDATE users SET totp_secret = NULL, totp_enabled = 0, totp_last_step = 0"
    " WHERE id = ?1 AND kind = 'staff'",
};
static const struct db_query Q_TEMP_PASSWORD = {
    "staff.temp_password",
    "UPDATE users SET password_hash = ?2, must_change_password = 1, password_changed_at = ?3"
    " WHERE id = ?1 AND kind = 'staff'",
};

/* Roles in the order they are stored and written in audit details. */
static const enum role_flags all_roles[] = {
    ROLE_RECEPTION, ROLE_PROCESSING, ROLE_APPROVER, ROLE_AGENCY_ADMIN, ROLE_PROVINCE_ADMIN,
    ROLE_COLLABORATOR,
};

/* ---------------------------------------------------------------- lists */

ARRAY_LIST_DEFINE(staff, items)

static void member_finish(struct db_stmt *st, void *obj)
{
    struct staff_member *m = obj;
    unsigned roles = 0;
    m->several_agencies = db_col_int64(st, 8) > 1;
    if (role_parse_list(db_col_text(st, 9), &roles) == MC_OK)
        m->roles = roles;
}

/* The columns of STAFF_COLS_AGG(), in order. */
static const struct db_field STAFF_MEMBER_FIELDS[] = {
    DB_INT64(struct staff_member, id),
    DB_TEXT(struct staff_member, login),
    DB_TEXT(struct staff_member, full_name),
    DB_BOOL(struct staff_member, disabled),
    DB_BOOL(struct staff_member, totp_enabled),
    DB_BOOL(struct staff_member, must_change_password),
    DB_INT64(struct staff_member, created_at),
    DB_TEXT(struct staff_member, agency_code),
};

static const struct db_row_type MEMBER_ROW =
    DB_ROW_TYPE(struct staff_member, STAFF_MEMBER_FIELDS, member_finish, NULL);

/* ---------------------------------------------------------------- who may */

bool staff_is_admin(const struct user *actor)
{
    return actor && actor->kind == USER_STAFF &&
           (actor->roles & (ROLE_PROVINCE_ADMIN | ROLE_AGENCY_ADMIN));
}

unsigned staff_grantable_roles(const struct user *actor)
{
    unsigned all = 0;
    for (size_t i = 0; i < MC_ARRAY_LEN(all_roles); i++)
        all |= all_roles[i];
    if (!staff_is_admin(actor))
        return 0;
    return (actor->roles & ROLE_PROVINCE_ADMIN) ? all : all & ~(unsigned)ROLE_PROVINCE_ADMIN;
}

enum mc_status staff_admin_agencies(struct db *db, const struct user *actor,
                                    char (*out)[64], size_t max, size_t *n)
{
    struct db_stmt *st = NULL;
    bool row = false;
    *n = 0;
    enum mc_status rc = db_query_start(db, &Q_ADMIN_AGENCIES, &st, "i", actor->id);
    while (rc == MC_OK && (rc = db_step(st, &row)) == MC_OK && row)
        if (*n < max)
            db_col_copy(st, 0, out[(*n)++], 64);
    db_done(st);
    return rc;
}

/* Does actor administer agency as agency admin? */
static enum mc_status admin_of(struct db *db, const struct user *actor, const char *agency,
                               bool *yes)
{
    char codes[32][64];
    size_t n = 0;
    *yes = false;
    enum mc_status st = staff_admin_agencies(db, actor, codes, MC_ARRAY_LEN(codes), &n);
    for (size_t i = 0; st == MC_OK && i < n && !*yes; i++)
        *yes = agency && strcmp(codes[i], agency) == 0;
    return st;
}

/* May actor act on this staff account at all? */
static enum mc_status may_touch(struct db *db, const struct user *actor,
                                const struct staff_member *m, bool *yes)
{
    *yes = false;
    if (!staff_is_admin(actor))
        return MC_OK;
    if (actor->roles & ROLE_PROVINCE_ADMIN) {
        *yes = true;
        return MC_OK;
    }
    if ((m->roles & ROLE_PROVINCE_ADMIN) || m->several_agencies || !m->agency_code[0])
        return MC_OK;
    return admin_of(db, actor, m->agency_code, yes);
}

static enum mc_status member_load(struct db *db, int64_t id, struct staff_member *m)
{
    return db_row_get(db, &Q_STAFF_GET, &MEMBER_ROW, m, "i", id);
}

enum mc_status staff_get(struct db *db, const struct user *actor, int64_t id,
                         struct staff_member *out)
{
    bool yes = false;
    enum mc_status st = member_load(db, id, out);
    if (st == MC_OK)
        st = may_touch(db, actor, out, &yes);
    if (st == MC_OK && !yes)
        st = MC_ERR_FORBIDDEN;
    return st;
}

enum mc_status staff_list(struct db *db, const struct user *actor, const char *agency,
                          struct staff_list *out)
{
    struct db_stmt *st = NULL;
    bool row = false, yes = false;
    size_t cap = 0;
    const char *filter = agency ? agency : "";
    enum mc_status rc = MC_OK;
    staff_list_release(out);
    if (!staff_is_admin(actor))
        return MC_ERR_FORBIDDEN;
    if (!(actor->roles & ROLE_PROVINCE_ADMIN)) {
        char codes[1][64];
        size_t n = 0;
        if (!filter[0]) {
            rc = staff_admin_agencies(db, actor, codes, 1, &n);
            if (rc != MC_OK)
                return rc;
            if (n == 0)
                return MC_ERR_FORBIDDEN;
            filter = codes[0];
        }
        rc = admin_of(db, actor, filter, &yes);
        if (rc == MC_OK && !yes)
            rc = MC_ERR_FORBIDDEN;
        if (rc != MC_OK)
            return rc;
        /* filter may point into codes: list now, inside this block. */
        rc = db_query_start(db, &Q_STAFF_LIST, &st, "si", filter, (int64_t)STAFF_LIST_MAX);
    } else {
        rc = db_query_start(db, &Q_STAFF_LIST, &st, "si", filter, (int64_t)STAFF_LIST_MAX);
    }
    while (rc == MC_OK && (rc = db_step(st, &row)) == MC_OK && row) {
        struct staff_member m;
        db_row_read_type(st, &MEMBER_ROW, &m);
        if (!(actor->roles & ROLE_PROVINCE_ADMIN) &&
            ((m.roles & ROLE_PROVINCE_ADMIN) || m.several_agencies))
            continue;
        if (out->n == cap) {
            cap = cap ? cap * 2 : 32;
            out->items = xrealloc(out->items, cap * sizeof(*out->items));
        }
        out->items[out->n++] = m;
    }
    db_done(st);
    return rc;
}

/* ---------------------------------------------------------------- changes */

static void temp_password(char out[STAFF_TEMP_PASSWORD_SIZE])
{
    /* No 0/o, 1/l/i: read aloud or copied from a screen without mistakes. */
    static const char alphabet[] = "abcdefghjkmnpqrstuvwxyz23456789";
    do {
        size_t k = 0;
        for (int i = 0; i < 12; i++) {
            if (i > 0 && i % 4 == 0)
                out[k++] = '-';
            out[k++] = alphabet[randombytes_uniform(sizeof(alphabet) - 1)];
        }
        out[k] = '\0';
    } while (password_check(out, NULL, NULL) != MC_OK);
}

static void roles_text(unsigned roles, char *out, size_t size)
{
    struct buf b;
    buf_init(&b, 256);
    for (size_t i = 0; i < MC_ARRAY_LEN(all_roles); i++) {
        if (!(roles & all_roles[i]))
            continue;
        if (b.len)
            buf_addch(&b, ',');
        buf_adds(&b, role_name(all_roles[i]));
    }
    account_copy(out, size, buf_cstr(&b));
    buf_release(&b);
}

static void detail_of(const char *agency, unsigned roles, char *out, size_t size)
{
    char r[160];
    roles_text(roles, r, sizeof(r));
    snprintf(out, size, "{\"agency\":\"%.60s\",\"roles\":\"%s\"}", agency, r);
}

static enum mc_status roles_insert(struct db *db, int64_t id, const char *agency,
                                   unsigned roles)
{
    enum mc_status st = MC_OK;
    for (size_t i = 0; st == MC_OK && i < MC_ARRAY_LEN(all_roles); i++)
        if (roles & all_roles[i])
            st = db_run(db, &Q_ROLE_INSERT, NULL, "iss", id, agency, role_name(all_roles[i]));
    return st;
}

static bool login_shape_ok(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    bool letter = false;
    if (n < 3 || n > 40)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c >= 'a' && c <= 'z')
            letter = true;
        else if (!((c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-'))
            return false;
    }
    return letter;
}

struct create_ctx {
    const struct staff_new *in;
    const struct audit_actor *who;
    const char *hash;
    int64_t id;
};

static enum mc_status create_tx(struct db *db, void *arg)
{
    struct create_ctx *c = arg;
    char object[32], detail[256];
    enum mc_status st = db_get_int(db, &Q_STAFF_INSERT, &c->id, "sssi", c->in->login,
                                   c->in->full_name, c->hash, clock_now());
    if (st == MC_OK)
        st = roles_insert(db, c->id, c->in->agency_code, c->in->roles);
    account_object(object, sizeof(object), c->id);
    detail_of(c->in->agency_code, c->in->roles, detail, sizeof(detail));
    if (st == MC_OK)
        st = audit_record(db, c->who, "account.add_staff", object, detail);
    return st;
}

enum mc_status staff_create(struct db *db, const struct user *actor,
                            const struct audit_actor *who, const struct staff_new *in,
                            struct form_errors *errs, int64_t *id,
                            char temp_password_out[STAFF_TEMP_PASSWORD_SIZE])
{
    char hash[ACCOUNT_HASH_SIZE] = "";
    int64_t n = 0;
    bool yes = false;
    unsigned grantable = staff_grantable_roles(actor);
    enum mc_status st = MC_OK;
    if (!grantable)
        return MC_ERR_FORBIDDEN;
    if (!login_shape_ok(in->login))
        form_errors_add(errs, "login", "tên đăng nhập gồm 3–40 chữ thường không dấu, chữ số, "
                        "dấu chấm, gạch ngang hoặc gạch dưới, có ít nhất một chữ cái");
    if (account_blank(in->full_name) || strlen(in->full_name) > 200)
        form_errors_add(errs, "full_name", "xin nhập họ và tên (tối đa 200 ký tự)");
    if (account_blank(in->agency_code))
        form_errors_add(errs, "agency", "xin chọn cơ quan");
    else if ((st = db_get_int(db, &Q_AGENCY_EXISTS, &n, "s", in->agency_code)) == MC_OK &&
             n == 0)
        form_errors_add(errs, "agency", "không có cơ quan với mã này");
    if (st != MC_OK)
        return st;
    if (!in->roles)
        form_errors_add(errs, "roles", "xin chọn ít nhất một vai trò");
    if (errs->count)
        return MC_ERR_INVALID;
    if (in->roles & ~grantable)
        return MC_ERR_FORBIDDEN;
    if (!(actor->roles & ROLE_PROVINCE_ADMIN)) {
        st = admin_of(db, actor, in->agency_code, &yes);
        if (st == MC_OK && !yes)
            st = MC_ERR_FORBIDDEN;
        if (st != MC_OK)
            return st;
    }
    st = db_get_int(db, &Q_LOGIN_TAKEN, &n, "s", in->login);
    if (st == MC_OK && n > 0) {
        form_errors_add(errs, "login", "tên đăng nhập này đã có người dùng");
        return MC_ERR_CONFLICT;
    }
    temp_password(temp_password_out);
    if (st == MC_OK)
        st = account_hash_password(temp_password_out, hash);
    if (st == MC_OK) {
        struct create_ctx c = {in, who, hash, 0};
        st = db_tx(db, create_tx, &c);
        if (st == MC_ERR_CONFLICT)
            form_errors_add(errs, "login", "tên đăng nhập này đã có người dùng");
        if (st == MC_OK)
            *id = c.id;
    }
    if (st != MC_OK)
        sodium_memzero(temp_password_out, STAFF_TEMP_PASSWORD_SIZE);
    sodium_memzero(hash, sizeof(hash));
    return st;
}

/* What one change does to an account, inside its transaction. */
enum change_kind { CHANGE_ROLES, CHANGE_DISABLE, CHANGE_ENABLE, CHANGE_TOTP, CHANGE_PASSWORD };

struct change_ctx {
    enum change_kind kind;
    const struct staff_member *m;
    const struct audit_actor *who;
    unsigned roles;
    const char *hash;
};

static enum mc_status change_tx(struct db *db, void *arg)
{
    struct change_ctx *c = arg;
    char object[32], detail[256] = "";
    const char *action = "";
    enum mc_status st = MC_OK;
    account_object(object, sizeof(object), c->m->id);
    detail_of(c->m->agency_code, c->kind == CHANGE_ROLES ? c->roles : c->m->roles, detail,
              sizeof(detail));
    switch (c->kind) {
    case CHANGE_ROLES:
        action = "account.set_roles";
        st = db_run(db, &Q_ROLES_DELETE, NULL, "i", c->m->id);
        if (st == MC_OK)
            st = roles_insert(db, c->m->id, c->m->agency_code, c->roles);
        break;
    case CHANGE_DISABLE:
    case CHANGE_ENABLE:
        action = c->kind == CHANGE_DISABLE ? "account.disable" : "account.enable";
        st = db_run(db, &Q_SET_DISABLED, NULL, "ii", c->m->id,
                    (int64_t)(c->kind == CHANGE_DISABLE));
        break;
    case CHANGE_TOTP:
        action = "account.totp_reset";
        st = db_run(db, &Q_TOTP_RESET, NULL, "i", c->m->id);
        break;
    case CHANGE_PASSWORD:
        action = "account.password_temp";
        st = db_run(db, &Q_TEMP_PASSWORD, NULL, "isi", c->m->id, c->hash, clock_now());
        if (st == MC_OK)
            st = account_forget_failures(db, c->m->login);
        break;
    }
    if (st == MC_OK && c->kind != CHANGE_ROLES && c->kind != CHANGE_ENABLE)
        st = account_revoke_sessions(db, c->m->id);
    if (st == MC_OK)
        st = audit_record(db, c->who, action, object, detail);
    return st;
}

static enum mc_status change(struct db *db, const struct user *actor,
                             const struct audit_actor *who, int64_t id, struct change_ctx *c)
{
    struct staff_member m;
    enum mc_status st = staff_get(db, actor, id, &m);
    if (st != MC_OK)
        return st;
    c->m = &m;
    c->who = who;
    return db_tx(db, change_tx, c);
}

enum mc_status staff_set_roles(struct db *db, const struct user *actor,
                               const struct audit_actor *who, int64_t id, unsigned roles)
{
    struct change_ctx c = {.kind = CHANGE_ROLES, .roles = roles};
    unsigned grantable = staff_grantable_roles(actor);
    unsigned own_admin = ROLE_AGENCY_ADMIN | ROLE_PROVINCE_ADMIN;
    if (!grantable)
        return MC_ERR_FORBIDDEN;
    if (!roles)
        return MC_ERR_INVALID;
    if (roles & ~grantable)
        return MC_ERR_FORBIDDEN;
    /* Keep your own admin roles: someone else must take them away. */
    if (actor->id == id && (actor->roles & own_admin & ~roles))
        return MC_ERR_INVALID;
    return change(db, actor, who, id, &c);
}

enum mc_status staff_set_disabled(struct db *db, const struct user *actor,
                                  const struct audit_actor *who, int64_t id, bool disabled)
{
    struct change_ctx c = {.kind = disabled ? CHANGE_DISABLE : CHANGE_ENABLE};
    if (disabled && actor && actor->id == id)
        return MC_ERR_INVALID;
    return change(db, actor, who, id, &c);
}

enum mc_status staff_reset_totp(struct db *db, const struct user *actor,
                                const struct audit_actor *who, int64_t id)
{
    struct change_ctx c = {.kind = CHANGE_TOTP};
    return change(db, actor, who, id, &c);
}

enum mc_status staff_reset_password(struct db *db, const struct user *actor,
                                    const struct audit_actor *who, int64_t id,
                                    char temp_password_out[STAFF_TEMP_PASSWORD_SIZE])
{
    char hash[ACCOUNT_HASH_SIZE] = "";
    struct change_ctx c = {.kind = CHANGE_PASSWORD, .hash = hash};
    temp_password(temp_password_out);
    enum mc_status st = account_hash_password(temp_password_out, hash);
    if (st == MC_OK)
        st = change(db, actor, who, id, &c);
    if (st != MC_OK)
        sodium_memzero(temp_password_out, STAFF_TEMP_PASSWORD_SIZE);
    sodium_memzero(hash, sizeof(hash));
    return st;
}
