/*
 * fuzz_lexicon.c - libFuzzer target for the assistant's tokenizer
 * (src/domain/assistant/lexicon.c): what it does with a citizen's question,
 * and with an admin's lexicon file or rule.
 *
 * Input layout (the seeds in fuzz/corpus/lexicon/ follow it):
 *
 *   byte 0     mode: 'q' question, 'c' catalogue text (question false),
 *              'f' a lexicon file, 'r' a rule; any other byte picks one by
 *              (byte % 4)
 *   the rest   the text; for 'f' its first byte picks the kind
 *              (abbreviations, synonyms, stopwords, words, intents,
 *              variants) and the text follows; for 'r' "from\0to".
 *
 * The embedded lexicon is loaded once.  Questions and texts are analysed
 * (asst_analyse), their terms and intent computed, masked for the log
 * (asst_mask) and searched for a dossier code.  Files are parsed into a
 * fresh lexicon that then analyses a fixed question; rules are added to a
 * copy of the embedded tables.  Checks: tokens lie inside the text, in
 * order, without overlap; every emitted term lies inside the text; the
 * masked copy keeps no run of three digits; a found dossier code fits and
 * is upper case.  Any failed check aborts.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "core/buf.h"
#include "core/log.h"
#include "domain/assistant/lexicon.h"

static struct asst_lexicon embedded; /* the data/assistant files, loaded once */

struct term_check {
    const struct asst_text *t;
    size_t terms;
};

static void on_term(void *ctx, const char *term, size_t len, double weight)
{
    struct term_check *c = ctx;
    if (len == 0 || weight <= 0.0)
        abort();
    /* Terms are syllables or runs of them, so they are ASCII letters and digits. */
    for (size_t i = 0; i < len; i++)
        if (term[i] == '\0')
            abort();
    c->terms++;
}

static void check_text(const struct asst_lexicon *lx, const struct asst_text *t)
{
    uint32_t prev_end = 0;
    for (size_t i = 0; i < t->n; i++) {
        const struct asst_token *k = &t->tok[i];
        if (k->len == 0 || (size_t)k->off + k->len > t->text.len)
            abort();
        if (i > 0 && k->off < prev_end + 1)
            abort(); /* one space at least between syllables */
        if (memchr(t->text.data + k->off, ' ', k->len))
            abort(); /* a token is one syllable */
        prev_end = k->off + k->len;
    }
    struct term_check c = {t, 0};
    asst_terms(lx, t, on_term, &c);
    double scores[ASST_NINTENTS];
    enum asst_intent in = asst_intent_detect(lx, t, scores);
    if ((int)in < 0 || in >= ASST_NINTENTS || asst_intent_key(in) == NULL)
        abort();
    (void)asst_text_has(t, "giay to");
}

static void check_mask(const char *s, size_t len)
{
    struct buf out;
    buf_init(&out, BUF_MAX_FILE);
    asst_mask(s, len, &out);
    size_t run = 0;
    for (size_t i = 0; i < out.len; i++) {
        run = (out.data[i] >= '0' && out.data[i] <= '9') ? run + 1 : 0;
        if (run >= 3)
            abort(); /* a number that should have been masked */
    }
    buf_release(&out);
    char code[32];
    if (asst_find_dossier_code(s, len, code, sizeof(code))) {
        size_t n = strnlen(code, sizeof(code));
        if (n == 0 || n == sizeof(code))
            abort();
        for (size_t i = 0; i < n; i++)
            if (code[i] >= 'a' && code[i] <= 'z')
                abort(); /* codes come back upper-cased */
    }
}

static void analyse(const struct asst_lexicon *lx, const char *s, size_t len, bool question)
{
    struct asst_text t;
    asst_text_init(&t);
    enum mc_status st = asst_analyse(lx, s, len, question, &t);
    if (st == MC_OK)
        check_text(lx, &t);
    else if (st != MC_ERR_INVALID && st != MC_ERR_TOO_LARGE)
        abort();
    asst_text_release(&t);
}

static void parse_file(const uint8_t *data, size_t size)
{
    static const char *const kinds[] = {"abbreviations", "synonyms", "stopwords",
                                        "words",         "intents",  "variants"};
    if (size == 0)
        return;
    struct asst_lexicon lx;
    asst_lexicon_init(&lx);
    const char *kind = kinds[data[0] % 6];
    if (asst_lexicon_parse(&lx, kind, (const char *)data + 1, size - 1) != MC_OK)
        abort(); /* a known kind: lines that do not parse are skipped */
    static const char q[] = "Làm CCCD cho con ở đâu, hết bao nhiêu tiền?";
    analyse(&lx, q, sizeof(q) - 1, true);
    asst_lexicon_release(&lx);
}

static void add_rule(const uint8_t *data, size_t size)
{
    char *from = malloc(size + 1);
    if (!from)
        abort();
    memcpy(from, data, size);
    from[size] = '\0';
    const char *to = from + strlen(from);
    if ((size_t)(to - from) < size)
        to++; /* after the NUL */
    struct asst_lexicon lx;
    asst_lexicon_init(&lx);
    if (asst_lexicon_parse(&lx, "synonyms", "lay vo = lay vo ket hon\n", 24) != MC_OK)
        abort();
    for (int k = 0; k < 2; k++) {
        enum mc_status st = asst_lexicon_add_rule(&lx, k ? "abbreviation" : "synonym", from, to);
        if (st != MC_OK && st != MC_ERR_INVALID)
            abort();
    }
    analyse(&lx, from, strlen(from), true);
    asst_lexicon_release(&lx);
    free(from);
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    log_set_level(LOG_ERROR); /* skipped lexicon lines are warnings */
    asst_lexicon_init(&embedded);
    if (asst_lexicon_load(&embedded) != MC_OK)
        abort();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    int mode;
    switch (data[0]) {
    case 'q': mode = 0; break;
    case 'c': mode = 1; break;
    case 'f': mode = 2; break;
    case 'r': mode = 3; break;
    default: mode = data[0] % 4; break;
    }
    data++;
    size--;
    if (mode <= 1) {
        analyse(&embedded, (const char *)data, size, mode == 0);
        check_mask((const char *)data, size);
    } else if (mode == 2) {
        parse_file(data, size);
    } else {
        add_rule(data, size);
    }
    return 0;
}
