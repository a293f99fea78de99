/*
 * account-int.h - what account.c, register.c, account_code.c and staff.c
 * share inside the accounts module.  Not for use outside src/domain/accounts.
 */
#ifndef MC_ACCOUNT_INT_H
#define MC_ACCOUNT_INT_H

#include <sodium.h>
#include "core/seal.h"
#include "domain/accounts/account.h"

/*
 * INSERT of a users row: kind, login, full name, CCCD, tax code, phone,
 * email (sealed, "" for none), password hash, created_at, phone and email
 * verified (non-zero: at created_at), must_change_password, the blind
 * indexes of CCCD, phone, email; RETURNING id.  Registration and staff.
 */
struct db_query;
extern const struct db_query ACCOUNT_Q_USER_INSERT;

/* An argon2id hash string (libsodium format). */
#define ACCOUNT_HASH_SIZE crypto_pwhash_STRBYTES

/* snprintf(dst, size, "%s", src) with src NULL as "". */
void account_copy(char *dst, size_t size, const char *src);

/* True for NULL or "". */
bool account_blank(const char *s);

/* "user:<id>" into out (at least 32 bytes), for audit objects. */
void account_object(char *out, size_t size, int64_t user_id);

/* Hash a password with argon2id (interactive limits).  MC_ERR_INTERNAL if libsodium fails. */
enum mc_status account_hash_password(const char *password, char hash[ACCOUNT_HASH_SIZE])
    MC_WARN_UNUSED;

/*
 * Check password against hash (argon2id); with hash NULL, against a
 * dummy hash made once per process, so that unknown logins cost as much
 * as known ones.  Counts every check (account_password_checks).
 */
bool account_verify_password(const char *hash, const char *password);

/* Bytes of a sealed CCCD, phone or email (core/seal.h), with the NUL. */
#define ACCOUNT_SEALED_SIZE SEAL_SIZE(256)

/*
 * The sealed text and the blind index (seal_index) of a CCCD, phone or
 * email, as users stores them.  A NULL or "" value gives "" for both,
 * which the queries store as NULL (NULLIF(?, '')).
 */
struct account_sealed {
    char text[ACCOUNT_SEALED_SIZE];
    char bidx[SEAL_INDEX_SIZE];
};
/* Seal value of kind ("cccd", "phone", "email") into out.  MC_ERR_IO, MC_ERR_TOO_LARGE. */
enum mc_status account_seal(const char *kind, const char *value, struct account_sealed *out)
    MC_WARN_UNUSED;

/*
 * users.login as stored for a login as typed: a CCCD (12 digits) is kept
 * as "bi:" and its blind index (seal_index("login", ...)), so the column
 * holds no identity number; any other login as it is.  out holds
 * ACCOUNT_LOGIN_STORED bytes.  seal_index()'s error when a CCCD cannot be
 * indexed (no readable data key); out is then "bi:?", which matches no
 * account, but must not be written.
 */
#define ACCOUNT_LOGIN_STORED 64
enum mc_status account_login_stored(const char *login, char out[ACCOUNT_LOGIN_STORED])
    MC_WARN_UNUSED;
/* True when stored is a login kept as a blind index ("bi:..."). */
bool account_login_is_index(const char *stored);

/* The stored hash and identifiers of a live (not disabled) account. */
struct account_owner {
    char hash[ACCOUNT_HASH_SIZE];
    char login[64], phone[32], email[256], name[256];
};
/* MC_ERR_NOT_FOUND for an unknown or disabled account. */
enum mc_status account_owner_load(struct db *db, int64_t user_id, struct account_owner *o)
    MC_WARN_UNUSED;
/*
 * Check a new password pw for account o, typed again as pw2: strong
 * enough, the same twice and, with not_current, not o's current one; then
 * hash it into hash.  MC_ERR_INVALID with the reasons added to errs (also
 * when errs already held some).
 */
enum mc_status account_new_password(const struct account_owner *o, const char *pw,
                                    const char *pw2, bool not_current,
                                    struct form_errors *errs, char hash[ACCOUNT_HASH_SIZE])
    MC_WARN_UNUSED;

/* The keys sign-in failures are counted under (see account.h, DESIGN). */
struct account_fail_keys {
    char pair[192];   /* "pair:<login's blind index>|<address>": the back-off */
    char addr[96];    /* "addr:<address>": all logins from one place */
};
void account_fail_keys_init(struct account_fail_keys *k, const char *login,
                            const char *address);
/* Seconds before the keys allow an attempt (0 = now). */
enum mc_status account_throttle_wait(struct db *db, const struct account_fail_keys *k,
                                     int64_t *wait) MC_WARN_UNUSED;
/*
 * Ask o, the owner of account user_id, for its password before a change
 * (from who): MC_ERR_RATE_LIMITED while failed checks make it wait; a
 * blank or wrong password adds msg to errs under field, records a failure
 * (audited, its own transaction) and is MC_ERR_INVALID.
 */
enum mc_status account_owner_password(struct db *db, const struct account_owner *o,
                                      int64_t user_id, const char *password,
                                      const struct audit_actor *who, const char *field,
                                      const char *msg, struct form_errors *errs) MC_WARN_UNUSED;

/* Revoke every live session of user_id at now (inside db_tx). */
enum mc_status account_revoke_sessions(struct db *db, int64_t user_id) MC_WARN_UNUSED;

/*
 * Forget the sign-in failures of login from every address, so the owner
 * who proved himself another way (a reset code, the counter) is not held
 * up by an attacker's failures (inside db_tx).
 */
enum mc_status account_forget_failures(struct db *db, const char *login) MC_WARN_UNUSED;

/* Events of key since `since` (Unix seconds) in account_events. */
enum mc_status account_events_count(struct db *db, const char *key, int64_t since,
                                    int64_t *n) MC_WARN_UNUSED;
/* Record one event of key now (inside db_tx). */
enum mc_status account_event_add(struct db *db, const char *key) MC_WARN_UNUSED;

/*
 * Tell the account's verified contact (SMS to the phone, else email)
 * something that happened to the account, e.g. "Mật khẩu ... vừa được
 * thay đổi".  Nothing when no contact is verified.  Inside db_tx.
 */
enum mc_status account_tell_owner(struct db *db, int64_t user_id, const char *subject,
                                  const char *text) MC_WARN_UNUSED;

/*
 * Issue a one-time code for user_id (inside db_tx): a 6-digit random
 * code, stored only as a hash, queued to target through the outbox (SMS
 * for ACCOUNT_PHONE, email for ACCOUNT_EMAIL) with a sentence naming what
 * it is for.  Earlier live codes of the same purpose are superseded (only
 * the newest counts).  issued_by and full_name may be 0/NULL.
 * *code_id (may be NULL) receives the row id.
 */
enum mc_status account_code_issue(struct db *db, int64_t user_id, const char *purpose,
                                  enum account_channel ch, const char *target,
                                  int64_t issued_by, const char *full_name,
                                  int64_t *code_id) MC_WARN_UNUSED;

#endif
