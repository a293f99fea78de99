/*
 * fuzz_http_encoding.c - libFuzzer target for the request header parsers
 * of core/http_encoding.c: http_coding_choose() (Accept-Encoding) and
 * http_etag_match() (If-None-Match), both fed straight from clients.
 *
 * Input: the whole input is one header value (cut at its first NUL byte);
 * the seeds in fuzz/corpus/http_encoding/ are values browsers and proxies
 * send, valid and not.  Checks:
 *   - the chosen coding is one we offered (or identity), for every offer;
 *   - "gzip;q=0" never chooses gzip;
 *   - the value quoted as an entity-tag, followed by the tag, always
 *     matches the tag (a list is read to its end whatever it holds).
 * Any failed check aborts.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/http_encoding.h"

#define FUZZ_MAX 4096

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_choose(const char *s)
{
    for (unsigned offered = 0; offered <= HTTP_CODINGS_ALL; offered++) {
        enum http_coding c = http_coding_choose(s, offered);
        if (c != HTTP_CODING_IDENTITY && !(offered & HTTP_CODING_BIT(c)))
            abort();
    }
    if (strcmp(s, "gzip;q=0") == 0 && http_coding_choose(s, HTTP_CODINGS_ALL) == HTTP_CODING_GZIP)
        abort();
}

static void check_etag(const char *s)
{
    static const char tag[] = "\"0123456789abcdef-gz\"";
    char list[FUZZ_MAX + 64];
    bool m = http_etag_match(s, tag);
    (void)m;
    /* A well-formed list with the tag at its end matches. */
    snprintf(list, sizeof(list), "\"%s\", %s", strchr(s, '"') ? "x" : s, tag);
    if (!http_etag_match(list, tag))
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char s[FUZZ_MAX + 1];
    size_t n = size < FUZZ_MAX ? size : FUZZ_MAX;
    memcpy(s, data, n);
    s[n] = '\0';
    check_choose(s);
    check_etag(s);
    return 0;
}
