/*
 * routing.h - where a procedure's dossiers go: the competent agency (cơ
 * quan có thẩm quyền), the implementing agency that processes them (cơ
 * quan thực hiện) and where they are received (nơi tiếp nhận), per
 * procedure and level; the agencies a one-stop centre receives for; and,
 * from these, the places a citizen may lodge a dossier.
 *
 * DESIGN (docs/internals/routing.md)
 * - One route per procedure and level (province, commune), stored in
 *   procedure_routes.  A province route names the competent agency, and
 *   optionally a different implementing agency and reception desk.  A
 *   commune route names nothing: the dossier goes to the People's
 *   Committee (Ủy ban nhân dân) of the applicant's commune, which also
 *   receives it.  Ministry-level and "other" levels are not routed here.
 * - The national catalogue only has the agencies as text
 *   (co_quan_co_tham_quyen).  routing_guess_all() reads that text against
 *   the agencies stored and writes 'import' routes; the province admin's
 *   routes ('admin') are never replaced by a guess.
 * - A one-stop centre receives for the agencies listed in reception_desks;
 *   a province route without its own reception desk is received there.
 * - The options (routing_options()) are derived, never stored: the
 *   dossier keeps the processing agency (dossiers.agency_code) and the
 *   desk (dossiers.reception_code) chosen at submission.
 *
 * Thread-safety: every function uses only the struct db passed in (the
 * calling thread's connection) and caller memory.
 */
#ifndef MC_ROUTING_ROUTING_H
#define MC_ROUTING_ROUTING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "core/db.h"
#include "core/errors.h"
#include "core/status.h"
#include "domain/audit/audit.h"

#define ROUTING_CODE_MAX 64      /* bytes in an agency, unit or procedure code */
#define ROUTING_NAME_MAX 500     /* bytes in an agency name */
#define ROUTING_OPTIONS_MAX 4000 /* places one procedure may offer (communes included) */

enum routing_level {
    ROUTING_PROVINCE = 0,        /* cấp tỉnh: a named agency */
    ROUTING_COMMUNE = 1,         /* cấp xã: the applicant's commune */
};

/* Stable code of a level ("province", "commune") and its Vietnamese name. */
const char *routing_level_code(enum routing_level level);
const char *routing_level_name(enum routing_level level);

/* One stored route.  Codes are "" when not named. */
struct routing_route {
    enum routing_level level;
    char competent[ROUTING_CODE_MAX + 1];     /* province: required */
    char implementing[ROUTING_CODE_MAX + 1];  /* "" = the competent agency */
    char reception[ROUTING_CODE_MAX + 1];     /* "" = its one-stop desk, else itself */
    bool from_admin;                          /* set by the province admin */
};

/*
 * The routes of procedure_code (at most one per level, province first)
 * into out[0..1]; *n gets how many.  Returns MC_OK (possibly *n 0) or
 * MC_ERR_DB.
 */
enum mc_status routing_routes(struct db *db, const char *procedure_code,
                              struct routing_route out[2], size_t *n) MC_WARN_UNUSED;

/*
 * Replace the routes of procedure_code with routes[0..n) (n <= 2, at most
 * one per level; n 0 removes them), as the province admin's ('admin'
 * rows), with an audit row 'routing.set' by who, in one db_tx().  A
 * province route needs an existing competent agency; implementing and
 * reception, when named, must exist.  Reasons go to errs under
 * "province_competent", "province_implementing", "province_reception",
 * or "" (procedure unknown).
 * Returns MC_OK; MC_ERR_INVALID; MC_ERR_NOT_FOUND (no such procedure);
 * MC_ERR_DB / MC_ERR_BUSY.
 */
enum mc_status routing_set(struct db *db, const struct audit_actor *who,
                           const char *procedure_code, const struct routing_route *routes,
                           size_t n, struct form_errors *errs) MC_WARN_UNUSED;

/* One place a dossier of a procedure may be lodged. */
struct routing_option {
    enum routing_level level;
    char agency_code[ROUTING_CODE_MAX + 1];     /* processes it: dossiers.agency_code */
    char agency_name[ROUTING_NAME_MAX + 1];
    char competent_code[ROUTING_CODE_MAX + 1];  /* decides it (the result's issuer) */
    char reception_code[ROUTING_CODE_MAX + 1];  /* receives it; "" = agency_code */
    char reception_name[ROUTING_NAME_MAX + 1];  /* "" when agency_code receives */
    char unit_code[ROUTING_CODE_MAX + 1];       /* the commune (commune level) */
};

struct routing_options {
    struct routing_option *items;  /* n entries: the province route first, then the
                                      communes by name */
    size_t n;
};

void routing_options_init(struct routing_options *o);
void routing_options_release(struct routing_options *o);

/*
 * Every place procedure_code may be lodged, from its routes and the
 * stored agencies and desks, into *out (initialised; emptied here).  A
 * commune route gives one option per commune that has a People's
 * Committee among the agencies.  Returns MC_OK (n 0 when the procedure has
 * no usable route) or MC_ERR_DB.
 */
enum mc_status routing_options(struct db *db, const char *procedure_code,
                               struct routing_options *out) MC_WARN_UNUSED;

/*
 * The option of procedure_code whose processing agency is agency_code,
 * into *out, without listing every commune (the check of a submission).
 * Returns MC_OK; MC_ERR_NOT_FOUND when the procedure may not be lodged
 * there (or has no route at all); MC_ERR_DB.
 */
enum mc_status routing_resolve(struct db *db, const char *procedure_code,
                               const char *agency_code, struct routing_option *out)
    MC_WARN_UNUSED;

/* The option whose agency_code is agency, or NULL.  Pure. */
const struct routing_option *routing_option_find(const struct routing_options *o,
                                                 const char *agency);

/*
 * The option a form should preselect: the People's Committee of home_unit
 * (a commune code, may be NULL or "") when a commune option has it, else
 * the province option when there is exactly one, else none.  Returns the
 * index, or (size_t)-1 for none.  Pure.
 */
size_t routing_default(const struct routing_options *o, const char *home_unit);

/*
 * The commune of residence of account user_id into out ("" when unknown).
 * Returns MC_OK or MC_ERR_DB.
 */
enum mc_status routing_home_unit(struct db *db, int64_t user_id,
                                 char out[ROUTING_CODE_MAX + 1]) MC_WARN_UNUSED;

/*
 * Record the commune of residence of account user_id (unit a current
 * commune code; "" forgets it), with an audit row 'account.home_unit'.
 * Returns MC_OK; MC_ERR_INVALID (not a commune); MC_ERR_DB.
 */
enum mc_status routing_set_home_unit(struct db *db, const struct audit_actor *who,
                                     int64_t user_id, const char *unit) MC_WARN_UNUSED;

/* ---------------------------------------------------------------- one-stop desks */

/* One agency a desk receives for. */
struct routing_desk {
    char agency_code[ROUTING_CODE_MAX + 1];
    char desk_code[ROUTING_CODE_MAX + 1];
};

/*
 * Every (agency, desk) pair, by desk then agency, into a new array *out of
 * *n entries (free() it).  Returns MC_OK or MC_ERR_DB.
 */
enum mc_status routing_desks(struct db *db, struct routing_desk **out, size_t *n)
    MC_WARN_UNUSED;

/*
 * Make desk_code receive for exactly agencies[0..n) (n 0: for none): rows
 * of other desks for those agencies move to this desk.  One db_tx() with
 * an audit row 'routing.desk'.  Every code must exist and differ from
 * desk_code (reasons in errs under "agencies").
 * Returns MC_OK; MC_ERR_INVALID; MC_ERR_NOT_FOUND (desk unknown);
 * MC_ERR_DB / MC_ERR_BUSY.
 */
enum mc_status routing_desks_set(struct db *db, const struct audit_actor *who,
                                 const char *desk_code, const char *const *agencies, size_t n,
                                 struct form_errors *errs) MC_WARN_UNUSED;

/* ---------------------------------------------------------------- from the catalogue's text */

/* What routing_guess_all() did. */
struct routing_guess_report {
    size_t procedures;       /* procedures looked at */
    size_t province;         /* province routes written */
    size_t commune;          /* commune routes written */
    size_t kept;             /* procedures whose admin routes were kept */
    size_t unrouted;         /* procedures left without any route */
};

/*
 * Read the competent agency text of every procedure (procedures.
 * competent_agency, with its levels) against the stored agencies and
 * rewrite the 'import' routes: a commune route when the procedure is done
 * at commune level by the People's Committee ("Ủy ban nhân dân cấp xã",
 * "UBND xã, phường"...), a province route when the text names a
 * provincial agency (the longest agency name, without "tỉnh <name>",
 * found in the text; "cấp tỉnh" read as "tỉnh").  Procedures with admin
 * routes are left alone.  One db_tx() with an audit row 'routing.guess'.
 * OUT *rep (may be NULL).  Returns MC_OK, MC_ERR_DB or MC_ERR_BUSY.
 */
enum mc_status routing_guess_all(struct db *db, const struct audit_actor *who,
                                 struct routing_guess_report *rep) MC_WARN_UNUSED;

#endif
