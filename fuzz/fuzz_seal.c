/*
 * fuzz_seal.c - libFuzzer target for core/seal.c, which parses values read
 * back from the database ("enc1:KEYID:base64"): whatever is stored there
 * (altered by hand, cut short, another key's) must give an error, never a
 * crash or a read past a buffer.
 *
 * Input: the whole input is one string (cut at its first NUL byte).
 *   - seal_open() of it: MC_OK only for text without the "enc1:" prefix
 *     (returned as it is) or a value this key sealed;
 *   - seal_text() of it, when it fits, then seal_open(): the same text.
 * Any failed check aborts.  The key lives in a temporary folder.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>
#include "core/seal.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    static char dir[] = "/tmp/motcua-fuzz-seal-XXXXXX";
    (void)argc;
    (void)argv;
    if (sodium_init() < 0 || !mkdtemp(dir))
        abort();
    seal_use_dir(dir);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char sealed[SEAL_SIZE(SEAL_TEXT_MAX)];
    char *text = malloc(size + 1);
    char out[SEAL_TEXT_MAX + 1];
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    enum mc_status st = seal_open(text, out, sizeof(out));
    if (st == MC_OK && strncmp(text, SEAL_PREFIX, strlen(SEAL_PREFIX)) != 0 &&
        strcmp(out, text) != 0)
        abort();
    /* The allocating pair (declarations of any length) agrees with the fixed one. */
    char *dyn = NULL, *back = NULL;
    enum mc_status dst = seal_open_alloc(text, &dyn);
    if (st == MC_OK && (dst != MC_OK || strcmp(dyn, out) != 0))
        abort();
    free(dyn);
    if (strlen(text) <= SEAL_TEXT_MAX) {
        if (seal_text(text, sealed, sizeof(sealed)) != MC_OK)
            abort();
        if (seal_open(sealed, out, sizeof(out)) != MC_OK || strcmp(out, text) != 0)
            abort();
    }
    if (seal_text_alloc(text, &dyn) != MC_OK || seal_open_alloc(dyn, &back) != MC_OK ||
        strcmp(back, text) != 0)
        abort();
    free(dyn);
    free(back);
    free(text);
    return 0;
}
