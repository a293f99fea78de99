/*
 * routing.c - routes per procedure and level, one-stop desks, the places a
 * dossier may be lodged and the guess from the catalogue's text (see
 * routing.h and docs/internals/routing.md).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/array.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/log.h"
#include "core/mem.h"
#include "core/text.h"
#include "domain/catalog/catalog.h"
#include "domain/routing/routing.h"
#include "domain/units/unit.h"

#define FOLD_MAX (64u * 1024)      /* bytes of a folded agency text */
#define PEOPLES_COMMITTEE "uy ban nhan dan"

/* ---------------------------------------------------------------- queries */

/* routing_routes() */
static const struct db_query Q_ROUTES = {
    "routing.routes",
    "SELECT level, COALESCE(competent_code, ''), COALESCE(implementing_code, ''),"
    " COALESCE(reception_code, ''), source FROM procedure_routes WHERE procedure_code = ?1"
    " ORDER BY CASE level WHEN 'province' THEN 0 ELSE 1 END",
};
/* routing_set(), routing_guess_all() */
static const struct db_query Q_DELETE_ROUTES = {
    "routing.delete", "DELETE FROM procedure_routes WHERE procedure_code = ?1",
};
static const struct db_query Q_INSERT_ROUTE = {
    "routing.insert",
    "INSERT INTO procedure_routes (procedure_code, level, competent_code, implementing_code,"
    " reception_code, source, updated_at)"
    " VALUES (?1, ?2, NULLIF(?3, ''), NULLIF(?4, ''), NULLIF(?5, ''), ?6, ?7)",
};
/* routing_options(): one agency with its desk */
static const struct db_query Q_AGENCY_DESK = {
    "routing.agency_desk",
    "SELECT a.name, COALESCE(r.desk_code, ''), COALESCE(d.name, '') FROM agencies a"
    " LEFT JOIN reception_desks r ON r.agency_code = a.code"
    " LEFT JOIN agencies d ON d.code = r.desk_code WHERE a.code = ?1",
};
/* routing_options(): the agencies of current communes */
static const struct db_query Q_COMMUNE_AGENCIES = {
    "routing.commune_agencies",
    "SELECT a.code, a.name, a.unit_code, COALESCE(r.desk_code, ''), COALESCE(d.name, '')"
    " FROM agencies a JOIN units u ON u.code = a.unit_code"
    " LEFT JOIN reception_desks r ON r.agency_code = a.code"
    " LEFT JOIN agencies d ON d.code = r.desk_code"
    " WHERE u.level = 'commune' AND u.valid_to IS NULL ORDER BY u.name, a.code",
};
/* routing_home_unit() */
static const struct db_query Q_HOME_UNIT = {
    "routing.home_unit", "SELECT COALESCE(home_unit, '') FROM users WHERE id = ?1",
};
static const struct db_query Q_SET_HOME_UNIT = {
    "routing.set_home_unit", "UPDATE users SET home_unit = NULLIF(?2, '') WHERE id = ?1",
};
static const struct db_query Q_IS_COMMUNE = {
    "routing.is_commune",
    "SELECT COUNT(*) FROM units WHERE code = ?1 AND level = 'commune' AND valid_to IS NULL",
};
/* routing_desks() */
static const struct db_query Q_DESKS = {
    "routing.desks",
    "SELECT agency_code, desk_code FROM reception_desks ORDER BY desk_code, agency_code",
};
/* routing_desks_set() */
static const struct db_query Q_DESK_CLEAR = {
    "routing.desk_clear", "DELETE FROM reception_desks WHERE desk_code = ?1",
};
static const struct db_query Q_DESK_PUT = {
    "routing.desk_put",
    "INSERT INTO reception_desks (agency_code, desk_code) VALUES (?1, ?2)"
    " ON CONFLICT (agency_code) DO UPDATE SET desk_code = excluded.desk_code",
};
/* routing_guess_all() */
static const struct db_query Q_PROVINCE_AGENCIES = {
    "routing.province_agencies",
    "SELECT a.code, a.name, u.name FROM agencies a JOIN units u ON u.code = a.unit_code"
    " WHERE u.level = 'province' ORDER BY a.code",
};
static const struct db_query Q_PROCEDURE_CODES = {
    "routing.procedure_codes", "SELECT code FROM procedures ORDER BY code",
};
static const struct db_query Q_HAS_ADMIN = {
    "routing.has_admin",
    "SELECT COUNT(*) FROM procedure_routes WHERE procedure_code = ?1 AND source = 'admin'",
};

/* ---------------------------------------------------------------- names */

const char *routing_level_code(enum routing_level level)
{
    return level == ROUTING_COMMUNE ? "commune" : "province";
}

const char *routing_level_name(enum routing_level level)
{
    return level == ROUTING_COMMUNE ? "Cấp xã" : "Cấp tỉnh";
}

static void copy(char *dst, size_t size, const char *src)
{
    snprintf(dst, size, "%s", src ? src : "");
}

/* ---------------------------------------------------------------- routes */

enum mc_status routing_routes(struct db *db, const char *procedure_code,
                              struct routing_route out[2], size_t *n)
{
    struct db_stmt *st = NULL;
    bool row = false;
    enum mc_status rc = db_query_start(db, &Q_ROUTES, &st, "s", procedure_code);
    *n = 0;
    while (rc == MC_OK && (rc = db_step(st, &row)) == MC_OK && row && *n < 2) {
        struct routing_route *r = &out[(*n)++];
        memset(r, 0, sizeof(*r));
        r->level = strcmp(db_col_text(st, 0), "commune") == 0 ? ROUTING_COMMUNE
                                                               : ROUTING_PROVINCE;
        copy(r->competent, sizeof(r->competent), db_col_text(st, 1));
        copy(r->implementing, sizeof(r->implementing), db_col_text(st, 2));
        copy(r->reception, sizeof(r->reception), db_col_text(st, 3));
        r->from_admin = strcmp(db_col_text(st, 4), "admin") == 0;
    }
    db_done(st);
    return rc;
}

static enum mc_status exists(struct db *db, const struct db_query *q, const char *code,
                             bool *yes)
{
    int64_t n = 0;
    enum mc_status rc = db_get_int(db, q, &n, "s", code);
    *yes = n > 0;
    return rc;
}

static enum mc_status insert_route(struct db *db, const char *procedure_code,
                                   const struct routing_route *r, const char *source)
{
    bool commune = r->level == ROUTING_COMMUNE;
    return db_run(db, &Q_INSERT_ROUTE, NULL, "ssssssi", procedure_code,
                  routing_level_code(r->level), commune ? "" : r->competent,
                  commune ? "" : r->implementing, commune ? "" : r->reception, source,
                  clock_now());
}

struct set_ctx {
    const struct audit_actor *who;
    const char *code;
    const struct routing_route *routes;
    size_t n;
    struct form_errors errs;
};

/* One named agency of a province route, when given, must exist. */
static enum mc_status check_named(struct db *db, struct set_ctx *c, const char *code,
                                  const char *field, bool required)
{
    bool yes = false;
    enum mc_status rc;
    if (!*code) {
        if (required)
            form_errors_add(&c->errs, field, "Chọn cơ quan có thẩm quyền giải quyết.");
        return required ? MC_ERR_INVALID : MC_OK;
    }
    rc = agency_exists(db, code, &yes);
    if (rc == MC_OK && !yes) {
        form_errors_add(&c->errs, field, "Không có cơ quan với mã này.");
        rc = MC_ERR_INVALID;
    }
    return rc;
}

static enum mc_status set_tx(struct db *db, void *arg)
{
    struct set_ctx *c = arg;
    struct buf detail;
    int64_t version = 0;
    enum mc_status rc = catalog_current_version(db, c->code, &version);
    form_errors_clear(&c->errs);
    if (rc == MC_ERR_NOT_FOUND) {
        form_errors_add(&c->errs, "", "Không có thủ tục với mã này.");
        return MC_ERR_NOT_FOUND;
    }
    for (size_t i = 0; rc == MC_OK && i < c->n; i++) {
        const struct routing_route *r = &c->routes[i];
        if (r->level != ROUTING_PROVINCE)
            continue;
        rc = check_named(db, c, r->competent, "province_competent", true);
        if (rc == MC_OK)
            rc = check_named(db, c, r->implementing, "province_implementing", false);
        if (rc == MC_OK)
            rc = check_named(db, c, r->reception, "province_reception", false);
    }
    if (rc == MC_OK)
        rc = db_run(db, &Q_DELETE_ROUTES, NULL, "s", c->code);
    for (size_t i = 0; rc == MC_OK && i < c->n; i++)
        rc = insert_route(db, c->code, &c->routes[i], "admin");
    buf_init(&detail, BUF_MAX_LINE);
    buf_addf(&detail, "procedure:%s", c->code);
    if (rc == MC_OK)
        rc = audit_record(db, c->who, "routing.set", buf_cstr(&detail), NULL);
    buf_release(&detail);
    return rc;
}

enum mc_status routing_set(struct db *db, const struct audit_actor *who,
                           const char *procedure_code, const struct routing_route *routes,
                           size_t n, struct form_errors *errs)
{
    struct set_ctx c = {.who = who, .code = procedure_code, .routes = routes, .n = n};
    enum mc_status rc;
    bool seen[2] = {false, false};
    for (size_t i = 0; i < n; i++) {
        unsigned lv = routes[i].level == ROUTING_COMMUNE ? 1u : 0u;
        if (n > 2 || seen[lv]) {
            form_errors_add(errs, "", "Mỗi cấp chỉ có một cách giải quyết.");
            return MC_ERR_INVALID;
        }
        seen[lv] = true;
    }
    if (!procedure_code || !*procedure_code || strlen(procedure_code) > ROUTING_CODE_MAX) {
        form_errors_add(errs, "", "Không có thủ tục với mã này.");
        return MC_ERR_NOT_FOUND;
    }
    rc = db_tx(db, set_tx, &c);
    form_errors_append(errs, &c.errs);
    return rc;
}

/* ---------------------------------------------------------------- options */

void routing_options_init(struct routing_options *o)
{
    memset(o, 0, sizeof(*o));
}

void routing_options_release(struct routing_options *o)
{
    if (o)
        array_list_release(o, sizeof(*o), o->items);
}

static struct routing_option *add_option(struct routing_options *o, size_t *cap)
{
    if (o->n == *cap) {
        *cap = *cap ? *cap * 2 : 16;
        o->items = xrealloc(o->items, *cap * sizeof(*o->items));
    }
    struct routing_option *r = &o->items[o->n++];
    memset(r, 0, sizeof(*r));
    return r;
}

/* The option of a province route: its processing agency and where it is received. */
static enum mc_status province_option(struct db *db, const struct routing_route *r,
                                      struct routing_options *o, size_t *cap)
{
    const char *agency = r->implementing[0] ? r->implementing : r->competent;
    struct db_stmt *st = NULL;
    bool row = false;
    enum mc_status rc = db_query_start(db, &Q_AGENCY_DESK, &st, "s", agency);
    if (rc == MC_OK)
        rc = db_step(st, &row);
    if (rc == MC_OK && row) {
        struct routing_option *opt = add_option(o, cap);
        opt->level = ROUTING_PROVINCE;
        copy(opt->agency_code, sizeof(opt->agency_code), agency);
        copy(opt->agency_name, sizeof(opt->agency_name), db_col_text(st, 0));
        copy(opt->competent_code, sizeof(opt->competent_code), r->competent);
        if (!r->reception[0]) {
            copy(opt->reception_code, sizeof(opt->reception_code), db_col_text(st, 1));
            copy(opt->reception_name, sizeof(opt->reception_name), db_col_text(st, 2));
        }
    }
    db_done(st);
    if (rc == MC_OK && row && r->reception[0] && strcmp(r->reception, agency) != 0) {
        struct routing_option *opt = &o->items[o->n - 1];
        copy(opt->reception_code, sizeof(opt->reception_code), r->reception);
        rc = agency_name(db, r->reception, opt->reception_name, sizeof(opt->reception_name));
    }
    return rc;
}

/* True when the folded name of agency s starts with the People's Committee. */
static bool peoples_committee(const char *name)
{
    struct buf f;
    bool yes;
    buf_init(&f, FOLD_MAX);
    yes = text_fold(name, strlen(name), &f) == MC_OK &&
          strncmp(buf_cstr(&f), PEOPLES_COMMITTEE " ", strlen(PEOPLES_COMMITTEE) + 1) == 0;
    buf_release(&f);
    return yes;
}

/* One option per commune: its People's Committee (the first such agency). */
static enum mc_status commune_options(struct db *db, struct routing_options *o, size_t *cap)
{
    struct db_stmt *st = NULL;
    bool row = false;
    char last_unit[ROUTING_CODE_MAX + 1] = "";
    enum mc_status rc = db_query_start(db, &Q_COMMUNE_AGENCIES, &st, "");
    while (rc == MC_OK && (rc = db_step(st, &row)) == MC_OK && row &&
           o->n < ROUTING_OPTIONS_MAX) {
        const char *unit = db_col_text(st, 2);
        if (strcmp(unit, last_unit) == 0 || !peoples_committee(db_col_text(st, 1)))
            continue;
        copy(last_unit, sizeof(last_unit), unit);
        struct routing_option *opt = add_option(o, cap);
        opt->level = ROUTING_COMMUNE;
        copy(opt->agency_code, sizeof(opt->agency_code), db_col_text(st, 0));
        copy(opt->agency_name, sizeof(opt->agency_name), db_col_text(st, 1));
        copy(opt->competent_code, sizeof(opt->competent_code), opt->agency_code);
        copy(opt->unit_code, sizeof(opt->unit_code), unit);
        copy(opt->reception_code, sizeof(opt->reception_code), db_col_text(st, 3));
        copy(opt->reception_name, sizeof(opt->reception_name), db_col_text(st, 4));
    }
    db_done(st);
    return rc;
}

enum mc_status routing_options(struct db *db, const char *procedure_code,
                               struct routing_options *out)
{
    struct routing_route routes[2];
    size_t n = 0, cap = 0;
    enum mc_status rc = routing_routes(db, procedure_code, routes, &n);
    routing_options_release(out);
    for (size_t i = 0; rc == MC_OK && i < n; i++)
        rc = routes[i].level == ROUTING_PROVINCE ? province_option(db, &routes[i], out, &cap)
                                                 : commune_options(db, out, &cap);
    if (rc != MC_OK)
        routing_options_release(out);
    return rc;
}

static const struct db_query Q_COMMUNE_AGENCY = {
    "routing.commune_agency",
    "SELECT a.name, a.unit_code, COALESCE(r.desk_code, ''), COALESCE(d.name, '')"
    " FROM agencies a JOIN units u ON u.code = a.unit_code"
    " LEFT JOIN reception_desks r ON r.agency_code = a.code"
    " LEFT JOIN agencies d ON d.code = r.desk_code"
    " WHERE a.code = ?1 AND u.level = 'commune' AND u.valid_to IS NULL",
};

/* The commune option of agency, when it is a commune's People's Committee. */
static enum mc_status commune_option(struct db *db, const char *agency,
                                     struct routing_option *out, bool *found)
{
    struct db_stmt *st = NULL;
    bool row = false;
    enum mc_status rc = db_query_start(db, &Q_COMMUNE_AGENCY, &st, "s", agency);
    if (rc == MC_OK)
        rc = db_step(st, &row);
    if (rc == MC_OK && row && peoples_committee(db_col_text(st, 0))) {
        memset(out, 0, sizeof(*out));
        out->level = ROUTING_COMMUNE;
        copy(out->agency_code, sizeof(out->agency_code), agency);
        copy(out->agency_name, sizeof(out->agency_name), db_col_text(st, 0));
        copy(out->competent_code, sizeof(out->competent_code), agency);
        copy(out->unit_code, sizeof(out->unit_code), db_col_text(st, 1));
        copy(out->reception_code, sizeof(out->reception_code), db_col_text(st, 2));
        copy(out->reception_name, sizeof(out->reception_name), db_col_text(st, 3));
        *found = true;
    }
    db_done(st);
    return rc;
}

enum mc_status routing_resolve(struct db *db, const char *procedure_code,
                               const char *agency_code, struct routing_option *out)
{
    struct routing_route routes[2];
    struct routing_options one;
    size_t n = 0, cap = 0;
    bool found = false;
    enum mc_status rc = routing_routes(db, procedure_code, routes, &n);
    routing_options_init(&one);
    for (size_t i = 0; rc == MC_OK && !found && i < n; i++) {
        const struct routing_route *r = &routes[i];
        const char *agency = r->implementing[0] ? r->implementing : r->competent;
        if (r->level == ROUTING_COMMUNE) {
            rc = commune_option(db, agency_code, out, &found);
        } else if (strcmp(agency, agency_code) == 0) {
            rc = province_option(db, r, &one, &cap);
            if (rc == MC_OK && one.n == 1) {
                *out = one.items[0];
                found = true;
            }
        }
    }
    routing_options_release(&one);
    return rc == MC_OK && !found ? MC_ERR_NOT_FOUND : rc;
}

const struct routing_option *routing_option_find(const struct routing_options *o,
                                                 const char *agency)
{
    for (size_t i = 0; agency && i < o->n; i++)
        if (strcmp(o->items[i].agency_code, agency) == 0)
            return &o->items[i];
    return NULL;
}

size_t routing_default(const struct routing_options *o, const char *home_unit)
{
    size_t province = (size_t)-1, provinces = 0;
    for (size_t i = 0; i < o->n; i++) {
        const struct routing_option *r = &o->items[i];
        if (r->level == ROUTING_COMMUNE && home_unit && *home_unit &&
            strcmp(r->unit_code, home_unit) == 0)
            return i;
        if (r->level == ROUTING_PROVINCE) {
            province = i;
            provinces++;
        }
    }
    return provinces == 1 ? province : (size_t)-1;
}

enum mc_status routing_home_unit(struct db *db, int64_t user_id,
                                 char out[ROUTING_CODE_MAX + 1])
{
    struct db_stmt *st = NULL;
    bool row = false;
    enum mc_status rc = db_query_start(db, &Q_HOME_UNIT, &st, "i", user_id);
    out[0] = '\0';
    if (rc == MC_OK && (rc = db_step(st, &row)) == MC_OK && row)
        copy(out, ROUTING_CODE_MAX + 1, db_col_text(st, 0));
    db_done(st);
    return rc;
}

struct home_ctx {
    const struct audit_actor *who;
    int64_t user_id;
    const char *unit;
};

static enum mc_status home_tx(struct db *db, void *arg)
{
    struct home_ctx *c = arg;
    bool yes = true;
    enum mc_status rc = MC_OK;
    if (*c->unit)
        rc = exists(db, &Q_IS_COMMUNE, c->unit, &yes);
    if (rc == MC_OK && !yes)
        rc = MC_ERR_INVALID;
    if (rc == MC_OK)
        rc = db_run(db, &Q_SET_HOME_UNIT, NULL, "is", c->user_id, c->unit);
    return audit_record_if(rc, db, c->who, "account.home_unit", NULL, "user:%lld",
                           (long long)c->user_id);
}

enum mc_status routing_set_home_unit(struct db *db, const struct audit_actor *who,
                                     int64_t user_id, const char *unit)
{
    struct home_ctx c = {who, user_id, unit ? unit : ""};
    if (strlen(c.unit) > ROUTING_CODE_MAX)
        return MC_ERR_INVALID;
    return db_tx(db, home_tx, &c);
}

/* ---------------------------------------------------------------- desks */

enum mc_status routing_desks(struct db *db, struct routing_desk **out, size_t *n)
{
    struct db_stmt *st = NULL;
    bool row = false;
    size_t cap = 0;
    enum mc_status rc = db_query_start(db, &Q_DESKS, &st, "");
    *out = NULL;
    *n = 0;
    while (rc == MC_OK && (rc = db_step(st, &row)) == MC_OK && row) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 16;
            *out = xrealloc(*out, cap * sizeof(**out));
        }
        copy((*out)[*n].agency_code, sizeof((*out)[*n].agency_code), db_col_text(st, 0));
        copy((*out)[*n].desk_code, sizeof((*out)[*n].desk_code), db_col_text(st, 1));
        (*n)++;
    }
    db_done(st);
    if (rc != MC_OK) {
        free(*out);
        *out = NULL;
        *n = 0;
    }
    return rc;
}

struct desk_ctx {
    const struct audit_actor *who;
    const char *desk;
    const char *const *agencies;
    size_t n;
    struct form_errors errs;
};

static enum mc_status desk_tx(struct db *db, void *arg)
{
    struct desk_ctx *c = arg;
    bool yes = false;
    enum mc_status rc = agency_exists(db, c->desk, &yes);
    form_errors_clear(&c->errs);
    if (rc == MC_OK && !yes) {
        form_errors_add(&c->errs, "", "Không có cơ quan với mã này.");
        return MC_ERR_NOT_FOUND;
    }
    for (size_t i = 0; rc == MC_OK && i < c->n; i++) {
        rc = agency_exists(db, c->agencies[i], &yes);
        if (rc == MC_OK && (!yes || strcmp(c->agencies[i], c->desk) == 0)) {
            form_errors_add(&c->errs, "agencies", "Có cơ quan không hợp lệ trong danh sách.");
            rc = MC_ERR_INVALID;
        }
    }
    if (rc == MC_OK)
        rc = db_run(db, &Q_DESK_CLEAR, NULL, "s", c->desk);
    for (size_t i = 0; rc == MC_OK && i < c->n; i++)
        rc = db_run(db, &Q_DESK_PUT, NULL, "ss", c->agencies[i], c->desk);
    return audit_record_if(rc, db, c->who, "routing.desk", NULL, "agency:%s", c->desk);
}

enum mc_status routing_desks_set(struct db *db, const struct audit_actor *who,
                                 const char *desk_code, const char *const *agencies, size_t n,
                                 struct form_errors *errs)
{
    struct desk_ctx c = {.who = who, .desk = desk_code, .agencies = agencies, .n = n};
    enum mc_status rc;
    if (!desk_code || !*desk_code || strlen(desk_code) > ROUTING_CODE_MAX) {
        form_errors_add(errs, "", "Không có cơ quan với mã này.");
        return MC_ERR_NOT_FOUND;
    }
    for (size_t i = 0; i < n; i++) {
        if (!agencies[i] || strlen(agencies[i]) > ROUTING_CODE_MAX) {
            form_errors_add(errs, "agencies", "Có cơ quan không hợp lệ trong danh sách.");
            return MC_ERR_INVALID;
        }
    }
    rc = db_tx(db, desk_tx, &c);
    form_errors_append(errs, &c.errs);
    return rc;
}

/* ---------------------------------------------------------------- the guess */

/* A provincial agency and the words its name is found by in the catalogue. */
struct known_agency {
    char code[ROUTING_CODE_MAX + 1];
    char *key;           /* folded, " tỉnh <province>" dropped; generic ones keep "tinh" */
};

struct known_list {
    struct known_agency *items;
    size_t n;
};

static void known_release(struct known_list *k)
{
    for (size_t i = 0; i < k->n; i++)
        free(k->items[i].key);
    free(k->items);
    k->items = NULL;
    k->n = 0;
}

static bool ends_with(const char *s, size_t len, const char *tail, size_t *cut)
{
    size_t n = strlen(tail);
    if (len < n + 1 || s[len - n - 1] != ' ' || memcmp(s + len - n, tail, n) != 0)
        return false;
    *cut = len - n - 1;
    return true;
}

/*
 * Names that also begin the names of commune agencies: found only with the
 * province's level word after them ("Công an tỉnh", "Ủy ban nhân dân cấp
 * tỉnh"), never alone.
 */
static bool generic(const char *key, size_t len)
{
    static const char *const GENERIC[] = {PEOPLES_COMMITTEE, "cong an", "hoi dong nhan dan"};
    for (size_t i = 0; i < MC_ARRAY_LEN(GENERIC); i++)
        if (strlen(GENERIC[i]) == len && memcmp(key, GENERIC[i], len) == 0)
            return true;
    return false;
}

/* The key of a provincial agency: folded name minus the province, see above. */
static char *agency_key(const char *name, const char *province)
{
    struct buf n, p;
    char *key = NULL;
    size_t len, cut;
    buf_init(&n, FOLD_MAX);
    buf_init(&p, FOLD_MAX);
    if (text_fold(name, strlen(name), &n) == MC_OK &&
        text_fold(province, strlen(province), &p) == MC_OK && n.len > 0) {
        const char *s = buf_cstr(&n);
        len = n.len;
        if (p.len > 0 && ends_with(s, len, buf_cstr(&p), &cut))
            len = cut;
        bool level_word = ends_with(s, len, "tinh", &cut) || ends_with(s, len, "thanh pho", &cut);
        if (level_word)
            len = cut;
        if (len > 0) {
            struct buf k;
            buf_init(&k, FOLD_MAX);
            buf_add(&k, s, len);
            if (generic(s, len))
                buf_adds(&k, " tinh");
            if (buf_status(&k) == MC_OK)
                key = buf_detach(&k, NULL);
            buf_release(&k);
        }
    }
    buf_release(&p);
    buf_release(&n);
    return key;
}

static enum mc_status load_known(struct db *db, struct known_list *out)
{
    struct db_stmt *st = NULL;
    bool row = false;
    size_t cap = 0;
    enum mc_status rc = db_query_start(db, &Q_PROVINCE_AGENCIES, &st, "");
    while (rc == MC_OK && (rc = db_step(st, &row)) == MC_OK && row) {
        char *key = agency_key(db_col_text(st, 1), db_col_text(st, 2));
        if (!key)
            continue;
        if (out->n == cap) {
            cap = cap ? cap * 2 : 16;
            out->items = xrealloc(out->items, cap * sizeof(*out->items));
        }
        copy(out->items[out->n].code, sizeof(out->items[out->n].code), db_col_text(st, 0));
        out->items[out->n++].key = key;
    }
    db_done(st);
    return rc;
}

/*
 * Fold the catalogue's text and write it the way agency keys are written:
 * "cấp tỉnh" as "tinh", "UBND" as "uy ban nhan dan"; spaces at both ends
 * so a key is matched as whole words.
 */
static enum mc_status normalise(const char *text, struct buf *out)
{
    struct buf f;
    enum mc_status rc;
    buf_init(&f, FOLD_MAX);
    rc = text_fold(text ? text : "", text ? strlen(text) : 0, &f);
    buf_reset(out);
    buf_addch(out, ' ');
    for (const char *p = buf_cstr(&f); rc == MC_OK && *p;) {
        if (strncmp(p, "cap tinh", 8) == 0 && (p == buf_cstr(&f) || p[-1] == ' ')) {
            buf_adds(out, "tinh");
            p += 8;
        } else if (strncmp(p, "ubnd", 4) == 0 && (p == buf_cstr(&f) || p[-1] == ' ') &&
                   (p[4] == ' ' || p[4] == '\0')) {
            buf_adds(out, PEOPLES_COMMITTEE);
            p += 4;
        } else {
            buf_addch(out, *p++);
        }
    }
    buf_addch(out, ' ');
    buf_release(&f);
    return rc == MC_OK ? buf_status(out) : rc;
}

/* The provincial agency named first in the normalised text t ("" for none). */
static const char *find_province_agency(const struct known_list *k, const char *t)
{
    const char *best = NULL;
    size_t best_at = (size_t)-1, best_len = 0;
    for (size_t i = 0; i < k->n; i++) {
        size_t len = strlen(k->items[i].key);
        for (const char *p = t; (p = strstr(p, k->items[i].key)) != NULL; p++) {
            size_t at = (size_t)(p - t);
            if (p[-1] != ' ' || p[len] != ' ')
                continue;
            if (at < best_at || (at == best_at && len > best_len)) {
                best = k->items[i].code;
                best_at = at;
                best_len = len;
            }
            break;
        }
    }
    return best ? best : "";
}

/* True when the normalised text t gives the procedure to the commune's People's Committee. */
static bool names_commune_committee(const char *t)
{
    static const char *const PHRASES[] = {
        " uy ban nhan dan cap xa ", " uy ban nhan dan xa ",
        " uy ban nhan dan phuong ", " uy ban nhan dan cac xa ",
    };
    for (size_t i = 0; i < MC_ARRAY_LEN(PHRASES); i++)
        if (strstr(t, PHRASES[i]))
            return true;
    return false;
}

struct guess_ctx {
    const struct audit_actor *who;
    struct routing_guess_report rep;
};

static enum mc_status guess_one(struct db *db, struct guess_ctx *c, const struct known_list *k,
                                const char *code)
{
    struct procedure p;
    struct buf comp, impl;
    int64_t admin = 0;
    enum mc_status rc = db_get_int(db, &Q_HAS_ADMIN, &admin, "s", code);
    c->rep.procedures++;
    if (rc != MC_OK || admin > 0) {
        c->rep.kept += admin > 0;
        return rc;
    }
    procedure_init(&p);
    buf_init(&comp, FOLD_MAX);
    buf_init(&impl, FOLD_MAX);
    if ((rc = catalog_get(db, code, &p, NULL)) == MC_OK &&
        (rc = normalise(p.competent_agency, &comp)) == MC_OK &&
        (rc = normalise(p.implementing_agency, &impl)) == MC_OK)
        rc = db_run(db, &Q_DELETE_ROUTES, NULL, "s", code);
    if (rc == MC_OK) {
        struct routing_route r;
        const char *by_comp = find_province_agency(k, buf_cstr(&comp));
        const char *by_impl = find_province_agency(k, buf_cstr(&impl));
        size_t before = c->rep.province + c->rep.commune;
        memset(&r, 0, sizeof(r));
        if (*by_comp || *by_impl) {
            r.level = ROUTING_PROVINCE;
            copy(r.competent, sizeof(r.competent), *by_comp ? by_comp : by_impl);
            if (*by_impl && strcmp(by_impl, r.competent) != 0)
                copy(r.implementing, sizeof(r.implementing), by_impl);
            rc = insert_route(db, code, &r, "import");
            c->rep.province++;
        }
        if (rc == MC_OK && (names_commune_committee(buf_cstr(&comp)) ||
                            names_commune_committee(buf_cstr(&impl)))) {
            memset(&r, 0, sizeof(r));
            r.level = ROUTING_COMMUNE;
            rc = insert_route(db, code, &r, "import");
            c->rep.commune++;
        }
        c->rep.unrouted += c->rep.province + c->rep.commune == before;
    }
    buf_release(&impl);
    buf_release(&comp);
    procedure_release(&p);
    return rc;
}

static enum mc_status guess_tx(struct db *db, void *arg)
{
    struct guess_ctx *c = arg;
    struct known_list k = {0};
    char **codes = NULL;
    size_t n = 0, cap = 0;
    struct db_stmt *st = NULL;
    bool row = false;
    char detail[160];
    enum mc_status rc = load_known(db, &k);
    memset(&c->rep, 0, sizeof(c->rep));
    if (rc == MC_OK)
        rc = db_query_start(db, &Q_PROCEDURE_CODES, &st, "");
    while (rc == MC_OK && (rc = db_step(st, &row)) == MC_OK && row) {
        if (n == cap) {
            cap = cap ? cap * 2 : 256;
            codes = xrealloc(codes, cap * sizeof(*codes));
        }
        codes[n++] = xstrdup(db_col_text(st, 0));
    }
    db_done(st);
    for (size_t i = 0; rc == MC_OK && i < n; i++)
        rc = guess_one(db, c, &k, codes[i]);
    snprintf(detail, sizeof(detail), "{\"province\":%zu,\"commune\":%zu,\"unrouted\":%zu}",
             c->rep.province, c->rep.commune, c->rep.unrouted);
    if (rc == MC_OK)
        rc = audit_record(db, c->who, "routing.guess", "catalog", detail);
    strv_free(codes, n);
    known_release(&k);
    return rc;
}

enum mc_status routing_guess_all(struct db *db, const struct audit_actor *who,
                                 struct routing_guess_report *rep)
{
    struct guess_ctx c = {.who = who};
    enum mc_status rc = db_tx(db, guess_tx, &c);
    if (rc == MC_OK && rep)
        *rep = c.rep;
    return rc;
}
