/*
 * account.h - accounts, roles, sessions, two-factor sign-in, and what
 * account holders do for themselves: verify a phone or email, change a
 * password, reset it with a code, sign out everywhere, get a squatted
 * account back.
 *
 * Citizens sign in with their 12-digit CCCD, businesses with their tax
 * code, staff with a user name.  Passwords are hashed with argon2id
 * (libsodium) and must pass password.h.  Sessions are random 256-bit
 * tokens; only their SHA-256 is stored, so a stolen database does not
 * yield live sessions.  Staff must pass a TOTP check (RFC 6238, liboath)
 * before a session counts as signed in; a staff member without TOTP is
 * sent to enrol first.  Each TOTP code is accepted once.
 *
 * DESIGN
 * - Throttling slows attackers without locking owners out (backoff.h):
 *   failures are counted per login and address together, with a wait
 *   that doubles, and per address alone (ACCOUNT_MAX_FAILS_ADDR in
 *   ACCOUNT_FAIL_WINDOW); never per login alone, so failures from one
 *   place never stop the owner signing in from another, and a reset by
 *   code forgets them all.  A login that does not exist costs the same
 *   argon2id check as one that does.
 * - A citizen or business proves a phone or email with a 6-digit code
 *   sent through the outbox (domain/notify) before any dossier can be
 *   submitted (struct user.contact_verified).  Codes (account_code.c)
 *   are single-use, expire after ACCOUNT_CODE_TTL, are stored hashed,
 *   allow ACCOUNT_CODE_TRIES guesses, and are rate-limited per account
 *   and per address.
 * - Sessions die when the account is disabled or its password changes;
 *   the session token is replaced when the second factor passes.
 * - Registration records consent to the personal-data notice of
 *   Nghị định 13/2023/NĐ-CP (ACCOUNT_NOTICE_VERSION) and is throttled per
 *   address and for everyone.
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
#include "core/seal.h"
#include "core/errors.h"

#define ACCOUNT_MAX_FAILS_ADDR 100       /* failed sign-ins from one address (any login) */
#define ACCOUNT_FAIL_WINDOW (15 * 60)    /* seconds the address and TOTP counts look back */
#define ACCOUNT_TOTP_MAX_FAILS 10        /* wrong TOTP codes for one user, any address */
#define ACCOUNT_SESSION_TTL (12 * 3600)
#define ACCOUNT_TOKEN_SIZE 44      /* base64url of 32 bytes + NUL */
#define ACCOUNT_TOTP_SECRET_SIZE 40 /* base32 of 20 bytes + NUL, with room */
#define ACCOUNT_TOTP_SEALED_SIZE SEAL_SIZE(ACCOUNT_TOTP_SECRET_SIZE)   /* as stored */
#define ACCOUNT_PASSWORD_MIN 8     /* = PASSWORD_MIN_CHARS (password.h) */
#define ACCOUNT_REGISTER_PER_ADDR 10     /* registrations from one address per hour */
#define ACCOUNT_REGISTER_ALL 300         /* registrations from everyone per ... */
#define ACCOUNT_REGISTER_ALL_WINDOW 600  /* ... this many seconds */
#define ACCOUNT_CODE_TTL (15 * 60)       /* seconds a code is valid */
#define ACCOUNT_CODE_TRIES 5             /* wrong guesses before a code is dead */
#define ACCOUNT_CODES_PER_USER 3         /* codes of one purpose per account per TTL */
#define ACCOUNT_CODES_PER_ADDR 10        /* codes asked from one address per hour */
#define ACCOUNT_NOTICE_VERSION "2026.1"  /* the personal-data notice (templates/privacy.html) */
#define ACCOUNT_TEMP_PASSWORD_SIZE 16    /* "xxxx-xxxx-xxxx" + NUL */

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
    bool contact_verified;   /* a phone or email was proved by a code */
    bool must_change_password;  /* signed in with a temporary password */
};

/* Where a code goes. */
enum account_channel {
    ACCOUNT_PHONE,           /* SMS */
    ACCOUNT_EMAIL,
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
    bool consent;            /* the personal-data notice was accepted (required) */
    bool trusted;            /* the demo loader: contacts count as verified, no throttle,
                                no code sent; never set from a web form */
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
 * tax code check digit, phone, email, password rules of password.h and
 * confirmation, UTF-8 name, consent); on MC_ERR_INVALID, errs lists each
 * problem and nothing is written.  MC_ERR_CONFLICT (with an error in
 * errs) when the CCCD or tax code is already registered.
 * MC_ERR_RATE_LIMITED (nothing written, errs empty) when who->address
 * registered ACCOUNT_REGISTER_PER_ADDR accounts in the last hour or
 * everyone ACCOUNT_REGISTER_ALL in ACCOUNT_REGISTER_ALL_WINDOW.  On
 * success *user_id is the new account, consent is recorded with
 * ACCOUNT_NOTICE_VERSION, and a code to verify the phone (or, without
 * one, the email) is queued in the same transaction; the contact counts
 * only once account_contact_confirm() accepts it.
 */
enum mc_status account_register(struct db *db, const struct registration *r,
                                 const struct audit_actor *who, struct form_errors *errs,
                                 int64_t *user_id) MC_WARN_UNUSED;

/*
 * Create a staff account with roles in one agency (CLI and demo).
 * roles is enum role_flags; agency_code may be "" for province roles but
 * is required with ROLE_COLLABORATOR (the commune's agency): MC_ERR_INVALID.
 * The password must pass password_check(): MC_ERR_INVALID.
 */
enum mc_status account_add_staff(struct db *db, const char *login, const char *full_name,
                                 const char *password, const char *agency_code,
                                 unsigned roles, const struct audit_actor *who,
                                 int64_t *user_id) MC_WARN_UNUSED;

/* One staff account of a batch (account_add_staff_batch); pointers are borrowed. */
struct account_staff_seed {
    const char *login;
    const char *full_name;
    const char *agency_code;
    unsigned roles;          /* enum role_flags */
};

/*
 * Create the staff accounts of list that do not exist yet, all with one
 * password (checked like account_add_staff's and hashed once) and, when
 * totp_secret is not NULL, that enabled TOTP secret, in one transaction
 * (the demo loader's dozens of accounts).  *created (may be NULL) counts
 * the new ones.  MC_ERR_INVALID for a bad password, a blank login or name,
 * or a collaborator without agency (nothing written).
 */
enum mc_status account_add_staff_batch(struct db *db, const struct account_staff_seed *list,
                                       size_t n, const char *password, const char *totp_secret,
                                       const struct audit_actor *who, size_t *created)
    MC_WARN_UNUSED;

/*
 * Check a login and password from address.  MC_ERR_RATE_LIMITED while
 * this login and address must wait (backoff.h) or the address has
 * ACCOUNT_MAX_FAILS_ADDR failures in ACCOUNT_FAIL_WINDOW; the attempt is
 * then neither checked nor counted.  MC_ERR_UNAUTHORIZED for a wrong
 * login or password, or a disabled account (the same answer, after the
 * same argon2id work, so logins cannot be probed).  Failures are recorded
 * and audited; success forgets this pair's failures.
 */
enum mc_status account_authenticate(struct db *db, const char *login, const char *password,
                                     const char *address, struct user *out) MC_WARN_UNUSED;

/*
 * Seconds before login may try again from address (0: now), for the
 * "thử lại sau" message and the Retry-After header.
 */
enum mc_status account_login_wait(struct db *db, const char *login, const char *address,
                                  int64_t *seconds) MC_WARN_UNUSED;

/*
 * A rate limit shared by every app server of the database: count one
 * event of key (e.g. "track-addr:ADDRESS") unless max were already counted
 * in the last window seconds (window at most a day); *allowed says which.
 * The events live in account_events, so a client that spreads its
 * requests over several servers behind a load balancer meets the same
 * limit.  Runs its own transaction.
 */
enum mc_status account_rate_take(struct db *db, const char *key, int64_t window, int64_t max,
                                 bool *allowed) MC_WARN_UNUSED;

/* How many argon2id checks sign-in has run in this process (tests, metrics). Thread-safe. */
uint64_t account_password_checks(void);

/* Load a user with roles by id. */
enum mc_status account_load(struct db *db, int64_t user_id, struct user *out) MC_WARN_UNUSED;

/*
 * Start a session; token receives the cookie value (NUL-terminated).
 * second_factor says whether TOTP was already checked.
 */
enum mc_status account_session_start(struct db *db, int64_t user_id, bool second_factor,
                                     char token[ACCOUNT_TOKEN_SIZE]) MC_WARN_UNUSED;
/*
 * Find a live session by cookie token: MC_ERR_NOT_FOUND if unknown,
 * expired, revoked, or its account is disabled.
 */
enum mc_status account_session_find(struct db *db, const char *token, struct session *out)
    MC_WARN_UNUSED;
/* Revoke (sign out).  Unknown tokens are fine. */
enum mc_status account_session_end(struct db *db, const char *token,
                                   const struct audit_actor *who) MC_WARN_UNUSED;
/*
 * "Đăng xuất khỏi mọi thiết bị": revoke every session of user_id,
 * audited as account.logout_all.
 */
enum mc_status account_session_end_all(struct db *db, int64_t user_id,
                                       const struct audit_actor *who) MC_WARN_UNUSED;

/*
 * TOTP.  account_totp_begin creates (or returns the pending) secret for
 * enrolment as base32.  account_totp_confirm enables TOTP if code matches
 * the pending secret.  account_totp_verify checks a code for an enabled
 * user.  On success both replace the session: token is revoked and
 * new_token receives a fresh session with the second factor done (the
 * caller sets it as the cookie).  A code is accepted for its 30-second
 * step or one step either side, and only if its step is after the last
 * accepted one: a code already used gives MC_ERR_CONFLICT (not counted
 * as a failure).  A wrong code is MC_ERR_UNAUTHORIZED and counted per
 * user and address (back-off) and per user (ACCOUNT_TOTP_MAX_FAILS in
 * ACCOUNT_FAIL_WINDOW); when throttled MC_ERR_RATE_LIMITED.
 */
enum mc_status account_totp_begin(struct db *db, int64_t user_id,
                                  char secret[ACCOUNT_TOTP_SECRET_SIZE]) MC_WARN_UNUSED;
enum mc_status account_totp_confirm(struct db *db, const char *token, int64_t user_id,
                                    const char *code, const struct audit_actor *who,
                                    char new_token[ACCOUNT_TOKEN_SIZE]) MC_WARN_UNUSED;
enum mc_status account_totp_verify(struct db *db, const char *token, int64_t user_id,
                                   const char *code, const struct audit_actor *who,
                                   char new_token[ACCOUNT_TOKEN_SIZE]) MC_WARN_UNUSED;
/*
 * Reseal every stored TOTP secret that is not sealed with the current key
 * (old plaintext ones, or the previous key's during `motcua keys rotate`).
 * Call inside a transaction.  *changed gets how many were rewritten.
 * MC_ERR_UNAUTHORIZED when a stored secret cannot be opened (altered, or
 * its key is missing); MC_ERR_IO (the key); MC_ERR_DB.
 */
enum mc_status account_totp_reseal(struct db *db, size_t *changed) MC_WARN_UNUSED;
/*
 * Seal the CCCD, phone and email of accounts with the current data key and
 * recompute their blind indexes (core/seal.h), inside the caller's
 * transaction.  all = false (at every start): only rows with a plaintext
 * value or a missing index, written before sealing existed; all = true
 * (`motcua keys rotate`, after seal_rotate_begin): every row not sealed
 * with the current key.  Idempotent.  *changed counts the rows rewritten.
 */
enum mc_status account_contacts_reseal(struct db *db, bool all, size_t *changed)
    MC_WARN_UNUSED;
/* Set a known TOTP secret and enable it (CLI and demo accounts); stored sealed. */
enum mc_status account_totp_set(struct db *db, int64_t user_id, const char *secret_b32)
    MC_WARN_UNUSED;
/* The current 6-digit code for a base32 secret at time t (CLI and tests). */
enum mc_status account_totp_code(const char *secret_b32, int64_t t, char code[7])
    MC_WARN_UNUSED;

/* Find a user id by login. */
enum mc_status account_find_login(struct db *db, const char *login, int64_t *user_id)
    MC_WARN_UNUSED;
/* Load the user whose login is login, with roles: account_find_login() then account_load(). */
enum mc_status account_load_login(struct db *db, const char *login, struct user *out)
    MC_WARN_UNUSED;

/* ---------------------------------------------------------------- self-service */

/* What the account page shows about contacts and consent. */
struct account_contacts {
    char phone[16];              /* "0xxxxxxxxx" or "" */
    char email[256];             /* or "" */
    bool phone_verified;
    bool email_verified;
    char notice_version[32];     /* last consent given, "" if none */
    int64_t consent_at;          /* Unix seconds, 0 if none */
};
enum mc_status account_contacts_get(struct db *db, int64_t user_id,
                                    struct account_contacts *out) MC_WARN_UNUSED;

/*
 * The email and phone of user_id, unsealed, into email (esize bytes) and
 * phone (psize bytes); "" for an address the account has not given.
 * Returns MC_OK; MC_ERR_NOT_FOUND when there is no such user (both "");
 * or the error of the store or of unsealing.
 */
enum mc_status account_contact_addrs(struct db *db, int64_t user_id, char *email, size_t esize,
                                     char *phone, size_t psize) MC_WARN_UNUSED;

/*
 * Change the password of the signed-in user_id: current must be right
 * (a wrong one counts as a failed sign-in from address, with the same
 * back-off), new_pw must pass password.h and equal new_pw2.  Problems
 * are listed in errs (fields "current_password", "password",
 * "password2"): MC_ERR_INVALID; MC_ERR_RATE_LIMITED when throttled.  On
 * success every session of the account is revoked, new_token receives a
 * fresh one (second factor done, for staff who passed it in this
 * session: pass second_factor), the temporary-password flag is cleared,
 * the owner's verified contact is told, and account.password_change is
 * audited.
 */
enum mc_status account_change_password(struct db *db, int64_t user_id, const char *current,
                                       const char *new_pw, const char *new_pw2,
                                       bool second_factor, const struct audit_actor *who,
                                       struct form_errors *errs,
                                       char new_token[ACCOUNT_TOKEN_SIZE]) MC_WARN_UNUSED;

/* How a code check ended. */
enum account_code_result {
    CODE_OK,         /* accepted and now used */
    CODE_WRONG,      /* does not match (one try counted) */
    CODE_EXPIRED,    /* older than ACCOUNT_CODE_TTL */
    CODE_USED,       /* already used */
    CODE_LOCKED,     /* ACCOUNT_CODE_TRIES wrong guesses: ask for a new one */
    CODE_NONE,       /* no code was sent (or the login is unknown) */
};

/*
 * Vietnamese sentence for a code result other than CODE_OK, e.g. "mã đã
 * hết hạn, xin yêu cầu mã mới".  Static.
 */
const char *account_code_message(enum account_code_result r);

/*
 * Send a code to prove a contact of user_id.  value NULL or "" means the
 * account's current phone (or email); a different value is a new contact,
 * which needs the current password (password, checked like a sign-in)
 * and becomes the account's only once confirmed.  Checks the value
 * (field "phone" or "email"), rate limits (ACCOUNT_CODES_PER_USER,
 * ACCOUNT_CODES_PER_ADDR from who->address: MC_ERR_RATE_LIMITED).
 * MC_ERR_INVALID with errs for bad input; MC_ERR_NOT_FOUND when there is
 * no current contact of that channel to verify.  masked (may be NULL,
 * masked_size bytes) receives the target for display ("09******78").
 */
enum mc_status account_contact_request(struct db *db, int64_t user_id, enum account_channel ch,
                                       const char *value, const char *password,
                                       const struct audit_actor *who, struct form_errors *errs,
                                       char *masked, size_t masked_size) MC_WARN_UNUSED;

/*
 * Check the newest contact code of user_id for channel ch.  On CODE_OK
 * the target becomes the account's phone (or email), verified now;
 * a contact that replaced an old one is announced to the old one.
 * Audited account.contact_verified.  *result tells how it ended; the
 * return is MC_OK unless the database failed.
 */
enum mc_status account_contact_confirm(struct db *db, int64_t user_id, enum account_channel ch,
                                       const char *code, const struct audit_actor *who,
                                       enum account_code_result *result) MC_WARN_UNUSED;

/*
 * Whether a contact code for channel ch is waiting to be typed (sent, not
 * used, not expired, not locked): *pending, and masked (masked_size
 * bytes, may be NULL) the contact it went to.
 */
enum mc_status account_contact_pending(struct db *db, int64_t user_id, enum account_channel ch,
                                       bool *pending, char *masked, size_t masked_size)
    MC_WARN_UNUSED;

/*
 * "Quên mật khẩu": send a reset code to the verified phone (SMS), else
 * the verified email, of login.  Returns MC_OK whether or not the login
 * exists or has a verified contact (nothing is sent then), so logins
 * cannot be probed; MC_ERR_RATE_LIMITED when who->address asked
 * ACCOUNT_CODES_PER_ADDR codes in the last hour.  Codes per account are
 * capped silently at ACCOUNT_CODES_PER_USER per ACCOUNT_CODE_TTL.
 */
enum mc_status account_reset_request(struct db *db, const char *login,
                                     const struct audit_actor *who) MC_WARN_UNUSED;

/*
 * Set a new password with a reset code.  Checks the code first (*result;
 * anything but CODE_OK returns MC_ERR_UNAUTHORIZED), then the password
 * (errs, MC_ERR_INVALID, the code stays unused).  On success: the
 * password is set, every session revoked, every sign-in failure of the
 * login forgotten (the owner is not held up by an attacker's), the owner
 * told, account.password_reset audited.
 */
enum mc_status account_reset_finish(struct db *db, const char *login, const char *code,
                                    const char *new_pw, const char *new_pw2,
                                    const struct audit_actor *who, struct form_errors *errs,
                                    enum account_code_result *result) MC_WARN_UNUSED;

/*
 * Reclaiming an account at the counter, when the real holder of a CCCD
 * (or tax code) finds it registered by someone else.  officer must be a
 * reception officer or an admin (MC_ERR_FORBIDDEN) who has checked the
 * person's identity papers.  account_reclaim_start checks login (an
 * existing citizen or business account: MC_ERR_NOT_FOUND), full_name
 * (the name on the card) and contact (the person's own phone or email:
 * field "contact"), then sends a code to that contact; *ticket receives
 * the code's id.  account_reclaim_finish checks the code the person
 * reads out (*result); on CODE_OK the account is re-bound: the name
 * becomes full_name, the contact becomes the only verified one, the
 * password is replaced by an unusable one (the holder sets a new one
 * with "Quên mật khẩu"), sessions are revoked, failures forgotten, the
 * previous contact told, and account.reclaim audited with the officer.
 */
enum mc_status account_reclaim_start(struct db *db, const struct user *officer,
                                     const struct audit_actor *who, const char *login,
                                     const char *full_name, const char *contact,
                                     struct form_errors *errs, int64_t *ticket) MC_WARN_UNUSED;
enum mc_status account_reclaim_finish(struct db *db, const struct user *officer,
                                      const struct audit_actor *who, int64_t ticket,
                                      const char *code, enum account_code_result *result,
                                      int64_t *user_id) MC_WARN_UNUSED;

/*
 * A phone or email shown without most of it ("09******78",
 * "a***@example.vn"), into out (out_size bytes).  Pure.
 */
void account_mask_contact(const char *contact, char *out, size_t out_size);

#endif
