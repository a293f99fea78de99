/*
 * staff.h - staff accounts managed on the web: the province admin creates
 * agencies' admins (and any staff), an agency admin adds, disables and
 * re-roles the staff of their own agency and resets their two-factor
 * enrolment or password.
 *
 * DESIGN
 * - Every function takes the acting user and decides here whether they
 *   may: a province admin may act on any staff account and grant any
 *   role; an agency admin only on accounts whose roles all lie in an
 *   agency they administer, never on a province admin, and may grant every
 *   role but province admin.  Otherwise MC_ERR_FORBIDDEN and nothing is
 *   written.  Nobody disables themselves or takes away their own admin
 *   role (MC_ERR_INVALID), so an agency cannot lose its last admin by
 *   mistake of its own.
 * - New accounts and password resets get a random temporary password
 *   (STAFF_TEMP_PASSWORD_SIZE, shown once to the admin, never stored in
 *   clear or logged) that must be changed at the first sign-in; the
 *   person enrols TOTP at that sign-in as before.  Disabling, resetting
 *   two-factor or the password revokes the person's sessions.
 * - Each change is one transaction with its audit row (account.add_staff,
 *   account.set_roles, account.disable, account.enable,
 *   account.totp_reset, account.password_temp), naming the account and,
 *   in the detail, the agency and roles.
 *
 * Thread-safety: as account.h (the calling thread's connection).
 */
#ifndef MC_ACCOUNTS_STAFF_H
#define MC_ACCOUNTS_STAFF_H

#include "domain/accounts/account.h"

#define STAFF_TEMP_PASSWORD_SIZE ACCOUNT_TEMP_PASSWORD_SIZE
#define STAFF_LIST_MAX 1000      /* accounts one listing returns */

struct staff_member {
    int64_t id;
    char login[64];
    char full_name[256];
    char agency_code[64];        /* the agency of the roles, "" for none */
    bool several_agencies;       /* roles in more than one agency */
    unsigned roles;              /* enum role_flags */
    bool disabled;
    bool totp_enabled;
    bool must_change_password;   /* has not replaced the temporary password yet */
    int64_t created_at;          /* Unix seconds */
};

struct staff_list {
    struct staff_member *items;  /* owned */
    size_t n;
};

void staff_list_init(struct staff_list *l);
void staff_list_release(struct staff_list *l);

/* True if actor is a province admin or an agency admin (may open the staff pages). Pure. */
bool staff_is_admin(const struct user *actor);

/*
 * The roles actor may grant (enum role_flags): all for a province admin,
 * all but ROLE_PROVINCE_ADMIN for an agency admin, none otherwise.  Pure.
 */
unsigned staff_grantable_roles(const struct user *actor);

/*
 * The agencies actor administers as agency admin, into out (up to max
 * codes of 64 bytes each), count in *n.  For the agency picker.
 */
enum mc_status staff_admin_agencies(struct db *db, const struct user *actor,
                                    char (*out)[64], size_t max, size_t *n) MC_WARN_UNUSED;

/*
 * Staff accounts actor may manage, by agency then name, at most
 * STAFF_LIST_MAX.  agency (may be NULL or "") narrows to one agency; an
 * agency admin gets only their agencies (another agency: MC_ERR_FORBIDDEN).
 * out is released and refilled.
 */
enum mc_status staff_list(struct db *db, const struct user *actor, const char *agency,
                          struct staff_list *out) MC_WARN_UNUSED;

/* One staff account actor may manage: MC_ERR_NOT_FOUND, MC_ERR_FORBIDDEN. */
enum mc_status staff_get(struct db *db, const struct user *actor, int64_t id,
                         struct staff_member *out) MC_WARN_UNUSED;

/* A new staff account as typed; pointers are borrowed. */
struct staff_new {
    const char *login;        /* 3-40 of a-z 0-9 . _ -, with a letter */
    const char *full_name;
    const char *agency_code;  /* an existing agency */
    unsigned roles;           /* at least one */
};

/*
 * Create a staff account.  MC_ERR_INVALID with errs (fields "login",
 * "full_name", "agency", "roles"), MC_ERR_CONFLICT with an error on
 * "login" when it is taken, MC_ERR_FORBIDDEN when actor may not create it
 * there or with those roles.  On success *id is the account and
 * temp_password its temporary password.
 */
enum mc_status staff_create(struct db *db, const struct user *actor,
                            const struct audit_actor *who, const struct staff_new *in,
                            struct form_errors *errs, int64_t *id,
                            char temp_password[STAFF_TEMP_PASSWORD_SIZE]) MC_WARN_UNUSED;

/* Replace the roles of account id (in its agency); roles must not be 0 (MC_ERR_INVALID). */
enum mc_status staff_set_roles(struct db *db, const struct user *actor,
                               const struct audit_actor *who, int64_t id, unsigned roles)
    MC_WARN_UNUSED;

/* Disable (revoking its sessions) or enable account id. */
enum mc_status staff_set_disabled(struct db *db, const struct user *actor,
                                  const struct audit_actor *who, int64_t id, bool disabled)
    MC_WARN_UNUSED;

/* Forget the TOTP secret of account id: it enrols again at its next sign-in. */
enum mc_status staff_reset_totp(struct db *db, const struct user *actor,
                                const struct audit_actor *who, int64_t id) MC_WARN_UNUSED;

/* Give account id a new temporary password (to be changed at its next sign-in). */
enum mc_status staff_reset_password(struct db *db, const struct user *actor,
                                    const struct audit_actor *who, int64_t id,
                                    char temp_password[STAFF_TEMP_PASSWORD_SIZE])
    MC_WARN_UNUSED;

#endif
