/*
 * account.h - accounts, roles, sessions and two-factor sign-in.
 *
 * Citizens sign in with their 12-digit CCCD, businesses with their tax
 * code, staff with a user name.  Passwords are hashed with argon2id
 * (libsodium).  Sessions are random 256-bit tokens; only their SHA-256 is
 * stored, so a stolen database does not yield live sessions.  Staff must
 * pass a TOTP check (RFC 6238, liboath) before a session counts as signed
 * in; a staff member without TOTP is sent to enrol first.
 *
 * Throttling: after ACCOUNT_MAX_FAILS_LOGIN failed attempts for one
 * login, or ACCOUNT_MAX_FAILS_ADDR from one address, within
 * ACCOUNT_FAIL_WINDOW seconds, refuses further attempts until the window
 * passes (MC_ERR_RATE_LIMITED), even with the right password.
 *
 * Every function takes the calling thread's connection; writes run in
 * one transaction with their audit row.
 */
#ifndef MC_ACCOUNT_H
#define MC_ACCOUNT_H

#include <stdbool.h>
#include <stdint.h>
#include "domain/audit/audit.h"
#include "core/db.h"
#include "core/errors.h"

#define ACCOUNT_MAX_FAILS_LOGIN 5
#define ACCOUNT_MAX_FAILS_ADDR 30
#define ACCOUNT_FAIL_WINDOW (15 * 60)
#define ACCOUNT_SESSION_TTL (12 * 3600)
#define ACCOUNT_TOKEN_SIZE 44      /* base64url of 32 bytes + NUL */
#define ACCOUNT_TOTP_SECRET_SIZE 40 /* base32 of 20 bytes + NUL, with room */
#define ACCOUNT_PASSWORD_MIN 8

enum user_kind { USER_CITIZEN, USER_BUSINESS, USER_STAFF };

enum role_flags {
    ROLE_RECEPTION = 1 << 0,       /* cán bộ một cửa */
    ROLE_PROCESSING = 1 << 1,      /* chuyên viên xử lý */
    ROLE_APPROVER = 1 << 2,        /* lãnh đạo phê duyệt */
    ROLE_AGENCY_ADMIN = 1 << 3,    /* quản trị đơn vị */
    ROLE_PROVINCE_ADMIN = 1 << 4,  /* quản trị tỉnh */
    ROLE_COLLABORATOR = 1 << 5,    /* cộng tác viên, Tổ công nghệ số cộng đồng */
};

/* The roles that work on dossiers, feedback and administration (not collaborators). */
#define ROLE_OFFICER_MASK (ROLE_RECEPTION | ROLE_PROCESSING | ROLE_APPROVER | \
                           ROLE_AGENCY_ADMIN | ROLE_PROVINCE_ADMIN)

struct user {
    int64_t id;
    enum user_kind kind;
    char login[64];          /* CCCD, tax code or staff user name */
    char full_name[256];
    char agency_code[64];    /* staff: the agency of their roles ("" if none) */
    unsigned roles;          /* enum role_flags */
    bool totp_enabled;
};

struct session {
    struct user user;
    bool second_factor;      /* TOTP checked in this session */
    int64_t expires_at;
};

/* A registration form as typed; pointers are borrowed. */
struct registration {
    enum user_kind kind;     /* USER_CITIZEN or USER_BUSINESS */
    const char *full_name;   /* person or business name */
    const char *cccd;        /* citizens */
    const char *tax_code;    /* businesses */
    const char *phone;       /* phone or email required */
    const char *email;
    const char *password;
    const char *password2;   /* confirmation */
};



/* Role names used in the database and the CLI ("reception", ...). */
const char *role_name(enum role_flags r);
/* Parse a comma-separated list of role names; MC_ERR_INVALID for unknown names. */
enum mc_status role_parse_list(const char *s, unsigned *out) MC_WARN_UNUSED;
/* The main role of a user, for the audit log ("citizen", "province_admin", ...). */
const char *user_role_label(const struct user *u);
/*
 * Vietnamese name of one role ("collaborator" -> "Cộng tác viên (Tổ công
 * nghệ số cộng đồng)"); "" for anything else.  Pure.
 */
const char *role_label_vi(enum role_flags r);
/*
 * True for a staff account whose only role is collaborator: it signs in
 * like staff (TOTP) but may use only the collaborator pages, never the
 * officers' queues, dossiers or administration.  Pure; u may be NULL.
 */
bool user_is_collaborator_only(const struct user *u);
/* True for staff who are not collaborators only (officers, admins). Pure; u may be NULL. */
bool user_is_officer(const struct user *u);

/*
 * Register a citizen or business.  Validates every field (CCCD structure,
 * tax code check digit, phone, email, password length and confirmation,
 * UTF-8 name); on MC_ERR_INVALID, errs lists each problem and nothing is
 * written.  MC_ERR_CONFLICT (with an error in errs) when the CCCD or tax
 * code is already registered.  On success *user_id is the new account.
 */
enum mc_status account_register(struct db *db, const struct registration *r,
                                 const struct audit_actor *who, struct form_errors *errs,
                                 int64_t *user_id) MC_WARN_UNUSED;

/*
 * Create a staff account with roles in one agency (CLI and demo).
 * roles is enum role_flags; agency_code may be "" for province roles but
 * is required with ROLE_COLLABORATOR (the commune's agency): MC_ERR_INVALID.
 */
enum mc_status account_add_staff(struct db *db, const char *login, const char *full_name,
                                 const char *password, const char *agency_code,
                                 unsigned roles, const struct audit_actor *who,
                                 int64_t *user_id) MC_WARN_UNUSED;

/*
 * Check a login and password.  MC_ERR_RATE_LIMITED when throttled,
 * MC_ERR_UNAUTHORIZED for a wrong login or password (the same answer for
 * both, so logins cannot be probed).  Failures are recorded and audited.
 */
enum mc_status account_authenticate(struct db *db, const char *login, const char *password,
                                     const char *address, struct user *out) MC_WARN_UNUSED;

/* Load a user with roles by id. */
enum mc_status account_load(struct db *db, int64_t user_id, struct user *out) MC_WARN_UNUSED;

/*
 * Start a session; token receives the cookie value (NUL-terminated).
 * second_factor says whether TOTP was already checked.
 */
enum mc_status account_session_start(struct db *db, int64_t user_id, bool second_factor,
                                     char token[ACCOUNT_TOKEN_SIZE]) MC_WARN_UNUSED;
/* Find a live session by cookie token: MC_ERR_NOT_FOUND if unknown, expired or revoked. */
enum mc_status account_session_find(struct db *db, const char *token, struct session *out)
    MC_WARN_UNUSED;
/* Revoke (sign out).  Unknown tokens are fine. */
enum mc_status account_session_end(struct db *db, const char *token,
                                   const struct audit_actor *who) MC_WARN_UNUSED;

/*
 * TOTP.  account_totp_begin creates (or returns the pending) secret for
 * enrolment as base32.  account_totp_confirm enables TOTP if code matches
 * the pending secret and marks the session as second-factor checked.
 * account_totp_verify checks a code for an enabled user and marks the
 * session.  Both throttle like passwords and return MC_ERR_UNAUTHORIZED for
 * a wrong code.
 */
enum mc_status account_totp_begin(struct db *db, int64_t user_id,
                                  char secret[ACCOUNT_TOTP_SECRET_SIZE]) MC_WARN_UNUSED;
enum mc_status account_totp_confirm(struct db *db, const char *token, int64_t user_id,
                                    const char *code, const struct audit_actor *who)
    MC_WARN_UNUSED;
enum mc_status account_totp_verify(struct db *db, const char *token, int64_t user_id,
                                   const char *code, const struct audit_actor *who)
    MC_WARN_UNUSED;
/* Set a known TOTP secret and enable it (CLI and demo accounts). */
enum mc_status account_totp_set(struct db *db, int64_t user_id, const char *secret_b32)
    MC_WARN_UNUSED;
/* The current 6-digit code for a base32 secret at time t (CLI and tests). */
enum mc_status account_totp_code(const char *secret_b32, int64_t t, char code[7])
    MC_WARN_UNUSED;

/* Find a user id by login. */
enum mc_status account_find_login(struct db *db, const char *login, int64_t *user_id)
    MC_WARN_UNUSED;

#endif
