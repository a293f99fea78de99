/*
 * fuzz_notify_receipts.c - libFuzzer target for the parsers of what the
 * gateways send back (domain/notify/gateway.c): the Zalo webhook body
 * (JSON) and the eSMS receipt's query arguments.  Anyone can send these
 * to the platform, so any input must give an error or a receipt, never a
 * crash or a read past a buffer.
 *
 * Input: the first byte chooses the parser, the rest is its input:
 *   - even: notify_zalo_receipt_parse() of the bytes, then
 *     notify_zalo_webhook_check() with a made-up signature (refused);
 *   - odd: the bytes as "name=value&name=value" for
 *     notify_esms_receipt_parse(); a receipt it returns has a non-empty
 *     SMSID that fits its buffer.
 * Any failed check aborts.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "domain/notify/gateway.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct args {
    char *names[16], *values[16];
    size_t n;
};

static const char *get(void *ctx, const char *name)
{
    const struct args *a = ctx;
    for (size_t i = 0; i < a->n; i++)
        if (strcmp(a->names[i], name) == 0)
            return a->values[i];
    return NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct notify_parsed_receipt r;
    if (size < 1)
        return 0;
    char *text = malloc(size);
    if (!text)
        return 0;
    memcpy(text, data + 1, size - 1);
    text[size - 1] = '\0';
    if (data[0] % 2 == 0) {
        char app[64];
        int64_t ts = 0;
        enum mc_status st = notify_zalo_receipt_parse(text, size - 1, &r, app, sizeof(app), &ts);
        if (st == MC_OK && (!r.ref[0] || strlen(r.ref) >= sizeof(r.ref)))
            abort();
        if (notify_zalo_webhook_check(app, "secret", text, size - 1, "mac=00", ts) == MC_OK)
            abort();
    } else {
        struct args a = {.n = 0};
        char *save = NULL;
        for (char *p = strtok_r(text, "&", &save); p && a.n < 16; p = strtok_r(NULL, "&", &save)) {
            char *eq = strchr(p, '=');
            if (!eq)
                continue;
            *eq = '\0';
            a.names[a.n] = p;
            a.values[a.n++] = eq + 1;
        }
        if (notify_esms_receipt_parse(get, &a, &r) == MC_OK &&
            (!r.ref[0] || strlen(r.ref) >= sizeof(r.ref) || !r.idem_key[0]))
            abort();
    }
    free(text);
    return 0;
}
