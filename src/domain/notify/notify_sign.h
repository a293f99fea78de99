/*
 * notify_sign.h - the one signing helper of the notify module: a hex
 * HMAC-SHA256 over "purpose:" and a message, with a 32-byte key.  The
 * receipt address given to a gateway is signed for purpose "receipt" over
 * the message's idempotency key; the opt-out link of an outreach message
 * for purpose "optout" over the address's keyed hash (notify_addr_hash).
 * The purpose keeps one signature from being replayed as the other.
 *
 * Thread-safety: pure functions.
 */
#ifndef MC_NOTIFY_SIGN_H
#define MC_NOTIFY_SIGN_H

#include <stdbool.h>

#define NOTIFY_SIGN_RECEIPT "receipt"   /* a receipt URL, over the idempotency key */
#define NOTIFY_SIGN_OPTOUT "optout"     /* an opt-out link, over the address hash */

/* The signature (64 hex characters and a NUL) of msg for purpose with key. */
void notify_sign(const unsigned char key[32], const char *purpose, const char *msg,
                 char out[65]);

/* Whether sig is msg's signature for purpose (constant time; NULLs are false). */
bool notify_sign_check(const unsigned char key[32], const char *purpose, const char *msg,
                       const char *sig);

#endif
