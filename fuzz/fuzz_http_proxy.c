/*
 * fuzz_http_proxy.c - libFuzzer target for core/http_proxy.c, which parses
 * MOTCUA_TRUSTED_PROXIES and every X-Forwarded-For header a trusted proxy
 * passes on (its left part is whatever the client sent).
 *
 * Input: "LIST\nHEADER" (no newline: the whole input is the header and the
 * list is "127.0.0.1,10.0.0.0/8").  Checks:
 *   - a list that parses has at most HTTP_PROXY_MAX entries; one that does
 *     not parses to an empty list and names the bad entry;
 *   - the client found is the peer, or a valid address taken from the
 *     header, and always a NUL-terminated string that fits;
 *   - an untrusted peer's header is never believed.
 * Any failed check aborts.
 */
#include <arpa/inet.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/http_proxy.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int is_address(const char *s)
{
    unsigned char buf[16];
    return inet_pton(AF_INET, s, buf) == 1 || inet_pton(AF_INET6, s, buf) == 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    struct http_proxy_list list;
    char bad[64], out[HTTP_ADDR_TEXT];
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    char *nl = strchr(text, '\n');
    const char *header = nl ? nl + 1 : text;
    if (nl)
        *nl = '\0';
    if (http_proxy_parse(nl ? text : "127.0.0.1,10.0.0.0/8", &list, bad, sizeof(bad)) != MC_OK) {
        if (list.n != 0 || !bad[0])
            abort();
    } else if (list.n > HTTP_PROXY_MAX) {
        abort();
    }
    http_proxy_client(&list, "127.0.0.1", header, out, sizeof(out));
    if (strnlen(out, sizeof(out)) >= sizeof(out))
        abort();
    if (strcmp(out, "127.0.0.1") != 0 && !is_address(out))
        abort();
    http_proxy_client(&list, "203.0.113.7", header, out, sizeof(out));
    if (!http_proxy_trusted(&list, "203.0.113.7") && strcmp(out, "203.0.113.7") != 0)
        abort();
    free(text);
    return 0;
}
