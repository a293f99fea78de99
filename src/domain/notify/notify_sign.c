/* notify_sign.c - signatures of receipt addresses and opt-out links (see notify_sign.h). */
#include <sodium.h>
#include <string.h>
#include "domain/notify/notify_sign.h"

void notify_sign(const unsigned char key[32], const char *purpose, const char *msg,
                 char out[65])
{
    unsigned char mac[crypto_auth_hmacsha256_BYTES];
    crypto_auth_hmacsha256_state st;
    crypto_auth_hmacsha256_init(&st, key, 32);
    crypto_auth_hmacsha256_update(&st, (const unsigned char *)purpose, strlen(purpose));
    crypto_auth_hmacsha256_update(&st, (const unsigned char *)":", 1);
    crypto_auth_hmacsha256_update(&st, (const unsigned char *)msg, strlen(msg));
    crypto_auth_hmacsha256_final(&st, mac);
    sodium_bin2hex(out, 65, mac, sizeof(mac));
}

bool notify_sign_check(const unsigned char key[32], const char *purpose, const char *msg,
                       const char *sig)
{
    char want[65];
    if (!purpose || !msg || !sig || strlen(sig) != 64)
        return false;
    notify_sign(key, purpose, msg, want);
    return sodium_memcmp(want, sig, 64) == 0;
}
