/*
 * lexicon.c - normalisation, segmentation, terms and intents for the
 * assistant (see lexicon.h for the pipeline).
 */
#include <ctype.h>
#include <stdlib.h>
#include "domain/assistant/lexicon.h"
#include "core/array.h"
#include "core/assets.h"
#include "core/log.h"
#include "core/mem.h"
#include "core/text.h"

#define LINE_MAX_BYTES 1024       /* one line of a data file */
#define TERM_MAX 256              /* bytes of one built term (a pair) */

static const char *const intent_keys[ASST_NINTENTS] = {
    "unknown", "greeting", "safety", "status", "account", "human",
    "documents", "fee", "time", "where", "online", "procedure",
};

/* What staff read for each intent (never the key). */
static const char *const intent_labels[ASST_NINTENTS] = {
    "chưa nhận ra", "chào hỏi", "an toàn tài khoản, lừa đảo", "tình trạng hồ sơ",
    "tài khoản", "muốn gặp cán bộ", "giấy tờ cần nộp", "phí, lệ phí",
    "thời gian giải quyết", "nơi nộp, cơ quan giải quyết", "nộp trực tuyến",
    "cách làm thủ tục",
};

const char *asst_intent_label(enum asst_intent intent)
{
    if ((unsigned)intent >= ASST_NINTENTS)
        return intent_labels[ASST_INTENT_UNKNOWN];
    return intent_labels[intent];
}

/* Ties between intents go to the one listed first here. */
static const enum asst_intent intent_priority[] = {
    ASST_INTENT_SAFETY, ASST_INTENT_STATUS, ASST_INTENT_ACCOUNT, ASST_INTENT_HUMAN,
    ASST_INTENT_FEE, ASST_INTENT_TIME, ASST_INTENT_DOCUMENTS, ASST_INTENT_WHERE,
    ASST_INTENT_ONLINE, ASST_INTENT_PROCEDURE, ASST_INTENT_GREETING,
};

const char *asst_intent_key(enum asst_intent intent)
{
    if ((unsigned)intent >= ASST_NINTENTS)
        return "unknown";
    return intent_keys[intent];
}

enum asst_intent asst_intent_parse(const char *key)
{
    for (size_t i = 0; key && i < ASST_NINTENTS; i++)
        if (strcmp(key, intent_keys[i]) == 0)
            return (enum asst_intent)i;
    return ASST_INTENT_UNKNOWN;
}

/* ---------------------------------------------------------------- texts */

void asst_text_init(struct asst_text *t)
{
    buf_init(&t->text, BUF_MAX_FILE);
    t->tok = NULL;
    t->n = 0;
    t->cap = 0;
}

void asst_text_release(struct asst_text *t)
{
    buf_release(&t->text);
    free(t->tok);
    asst_text_init(t);
}

static void emit(struct asst_text *t, const char *s, size_t len, unsigned flags)
{
    if (len == 0)
        return;
    ARRAY_GROW(t->tok, t->n + 1, t->cap);
    if (t->text.len > 0)
        buf_addch(&t->text, ' ');
    t->tok[t->n].off = (uint32_t)t->text.len;
    t->tok[t->n].len = (uint32_t)len;
    t->tok[t->n].flags = flags;
    buf_add(&t->text, s, len);
    t->n++;
}

/* Emit every syllable of the space-separated s with flags. */
static void emit_words(struct asst_text *t, const char *s, unsigned flags)
{
    while (*s) {
        while (*s == ' ')
            s++;
        const char *e = s;
        while (*e && *e != ' ')
            e++;
        emit(t, s, (size_t)(e - s), flags);
        s = e;
    }
}

/* The slice of tokens [i, i + k) of t as (pointer, length). */
static const char *slice(const struct asst_text *t, size_t i, size_t k, size_t *len)
{
    const struct asst_token *a = &t->tok[i], *b = &t->tok[i + k - 1];
    *len = b->off + b->len - a->off;
    return t->text.data + a->off;
}

/* Fold s and expand abbreviations syllable by syllable into t. */
static enum mc_status fold_expand(const struct asst_lexicon *lx, const char *s, size_t len,
                                  struct asst_text *t)
{
    struct buf f;
    buf_init(&f, BUF_MAX_FILE);
    enum mc_status st = text_fold(s, len, &f);
    buf_reset(&t->text);
    t->n = 0;
    const char *p = buf_cstr(&f);
    while (st == MC_OK && *p) {
        while (*p == ' ')
            p++;
        const char *e = p;
        while (*e && *e != ' ')
            e++;
        int64_t idx;
        if (e > p && strmap_get(&lx->abbrev, p, (size_t)(e - p), &idx))
            emit_words(t, lx->expansions[idx], 0);
        else
            emit(t, p, (size_t)(e - p), 0);
        p = e;
    }
    if (st == MC_OK)
        st = buf_status(&t->text);
    buf_release(&f);
    return st;
}

/* Add synonyms' canonical phrases after the phrases they follow. */
static void add_synonyms(const struct asst_lexicon *lx, const struct asst_text *in,
                         struct asst_text *out)
{
    size_t i = 0;
    while (i < in->n) {
        size_t k = lx->max_words < in->n - i ? lx->max_words : in->n - i;
        int64_t idx = -1;
        for (; k >= 1; k--) {
            size_t len;
            const char *s = slice(in, i, k, &len);
            if (strmap_get(&lx->synonyms, s, len, &idx))
                break;
        }
        if (k == 0) {
            emit(out, in->text.data + in->tok[i].off, in->tok[i].len, 0);
            i++;
            continue;
        }
        for (size_t j = 0; j < k; j++)
            emit(out, in->text.data + in->tok[i + j].off, in->tok[i + j].len, 0);
        emit_words(out, lx->canon[idx], ASST_TOK_ADDED);
        i += k;
    }
}

static void mark_stops(const struct asst_lexicon *lx, struct asst_text *t)
{
    for (size_t i = 0; i < t->n;) {
        size_t k = lx->max_words < t->n - i ? lx->max_words : t->n - i;
        for (; k >= 1; k--) {
            size_t len;
            const char *s = slice(t, i, k, &len);
            if (strmap_get(&lx->stop, s, len, NULL))
                break;
        }
        if (k == 0) {
            i++;
            continue;
        }
        for (size_t j = 0; j < k; j++)
            t->tok[i + j].flags |= ASST_TOK_STOP;
        i += k;
    }
}

static void mark_cues(const struct asst_lexicon *lx, struct asst_text *t)
{
    for (size_t i = 0; i < t->n; i++) {
        size_t kmax = lx->max_words < t->n - i ? lx->max_words : t->n - i;
        for (size_t k = kmax; k >= 2; k--) {
            size_t len;
            const char *s = slice(t, i, k, &len);
            if (!strmap_get(&lx->cue_map, s, len, NULL))
                continue;
            for (size_t j = 0; j < k; j++)
                t->tok[i + j].flags |= ASST_TOK_CUE;
            break;
        }
    }
}

enum mc_status asst_analyse(const struct asst_lexicon *lx, const char *s, size_t len,
                            bool question, struct asst_text *t)
{
    enum mc_status st;
    if (!question) {
        st = fold_expand(lx, s, len, t);
        if (st == MC_OK)
            mark_stops(lx, t);
        return st;
    }
    struct asst_text tmp;
    asst_text_init(&tmp);
    st = fold_expand(lx, s, len, &tmp);
    buf_reset(&t->text);
    t->n = 0;
    if (st == MC_OK) {
        add_synonyms(lx, &tmp, t);
        mark_stops(lx, t);
        mark_cues(lx, t);
        st = buf_status(&t->text);
    }
    asst_text_release(&tmp);
    return st;
}

void asst_terms(const struct asst_lexicon *lx, const struct asst_text *t, asst_term_fn fn,
                void *ctx)
{
    char pair[TERM_MAX];
    long prev = -1;
    for (size_t i = 0; i < t->n; i++) {
        const struct asst_token *k = &t->tok[i];
        if (k->flags & (ASST_TOK_STOP | ASST_TOK_CUE))
            continue;
        const char *w = t->text.data + k->off;
        fn(ctx, w, k->len, ASST_W_SYLLABLE);
        if (prev >= 0) {
            const struct asst_token *p = &t->tok[prev];
            if (p->len + 1 + k->len < sizeof(pair)) {
                memcpy(pair, t->text.data + p->off, p->len);
                pair[p->len] = ' ';
                memcpy(pair + p->len + 1, w, k->len);
                fn(ctx, pair, p->len + 1 + k->len, ASST_W_PAIR);
            }
        }
        prev = (long)i;
    }
    /* Words of three or more syllables, greedy longest match. */
    for (size_t i = 0; i < t->n;) {
        size_t k = lx->max_words < t->n - i ? lx->max_words : t->n - i;
        size_t len = 0;
        const char *s = NULL;
        for (; k >= 2; k--) {
            s = slice(t, i, k, &len);
            if (strmap_get(&lx->words, s, len, NULL))
                break;
        }
        if (k >= 3)
            fn(ctx, s, len, ASST_W_WORD);
        i += k >= 2 ? k : 1;
    }
}

enum asst_intent asst_intent_detect(const struct asst_lexicon *lx, const struct asst_text *t,
                                    double scores[ASST_NINTENTS])
{
    for (size_t i = 0; i < ASST_NINTENTS; i++)
        scores[i] = 0;
    for (size_t i = 0; i < t->n; i++) {
        size_t kmax = lx->max_words < t->n - i ? lx->max_words : t->n - i;
        for (size_t k = 1; k <= kmax; k++) {
            size_t len;
            int64_t idx;
            const char *s = slice(t, i, k, &len);
            if (!strmap_get(&lx->cue_map, s, len, &idx))
                continue;
            const struct asst_cue *c = &lx->cues[idx];
            double w = c->words >= 3 ? 2.0 : 1.0;
            if (c->intent == ASST_INTENT_PROCEDURE || c->intent == ASST_INTENT_GREETING)
                w *= 0.5;
            scores[c->intent] += w;
        }
    }
    enum asst_intent best = ASST_INTENT_UNKNOWN;
    double best_score = 0;
    for (size_t i = 0; i < MC_ARRAY_LEN(intent_priority); i++) {
        enum asst_intent in = intent_priority[i];
        if (scores[in] > best_score) {
            best = in;
            best_score = scores[in];
        }
    }
    return best;
}

bool asst_text_has(const struct asst_text *t, const char *phrase)
{
    size_t plen = strlen(phrase), words = 1;
    if (plen == 0)
        return false;
    for (size_t i = 0; i < plen; i++)
        words += phrase[i] == ' ';
    for (size_t i = 0; i + words <= t->n; i++) {
        size_t len;
        const char *s = slice(t, i, words, &len);
        if (len == plen && memcmp(s, phrase, len) == 0)
            return true;
    }
    return false;
}

/* ---------------------------------------------------------------- loading */

void asst_lexicon_init(struct asst_lexicon *lx)
{
    memset(lx, 0, sizeof(*lx));
    strmap_init(&lx->abbrev);
    strmap_init(&lx->synonyms);
    strmap_init(&lx->stop);
    strmap_init(&lx->words);
    strmap_init(&lx->cue_map);
}

void asst_lexicon_release(struct asst_lexicon *lx)
{
    strmap_release(&lx->abbrev);
    strmap_release(&lx->synonyms);
    strmap_release(&lx->stop);
    strmap_release(&lx->words);
    strmap_release(&lx->cue_map);
    strv_free(lx->expansions, lx->nexpansions);
    strv_free(lx->canon, lx->ncanon);
    for (size_t i = 0; i < lx->ncues; i++)
        free(lx->cues[i].phrase);
    free(lx->cues);
    for (size_t i = 0; i < lx->nvariants; i++) {
        free(lx->variants[i].name_phrase);
        for (size_t j = 0; j < lx->variants[i].ncues; j++)
            free(lx->variants[i].cues[j]);
        free(lx->variants[i].cues);
    }
    free(lx->variants);
    asst_lexicon_init(lx);
}

static unsigned count_words(const char *s)
{
    unsigned n = *s ? 1 : 0;
    for (; *s; s++)
        n += *s == ' ';
    return n;
}

/*
 * Fold s[0..len) (with abbreviations expanded when expand) into a new
 * string; NULL when it folds to nothing or is not UTF-8.
 */
static char *fold_phrase(const struct asst_lexicon *lx, const char *s, size_t len, bool expand,
                         unsigned max_words)
{
    struct asst_text t;
    char *out = NULL;
    text_trim(&s, &len);
    asst_text_init(&t);
    if (expand) {
        if (fold_expand(lx, s, len, &t) == MC_OK && t.n > 0)
            out = xstrndup(buf_cstr(&t.text), t.text.len);
    } else if (text_fold(s, len, &t.text) == MC_OK && t.text.len > 0) {
        out = xstrndup(buf_cstr(&t.text), t.text.len);
    }
    asst_text_release(&t);
    if (out && count_words(out) > max_words) {
        free(out);
        out = NULL;
    }
    return out;
}

static void note_words(struct asst_lexicon *lx, const char *phrase)
{
    unsigned w = count_words(phrase);
    if (w > lx->max_words)
        lx->max_words = w;
}

static enum mc_status add_rule(struct asst_lexicon *lx, bool synonym, const char *from,
                               size_t from_len, const char *to, size_t to_len)
{
    enum mc_status st = MC_ERR_INVALID;
    char *f = fold_phrase(lx, from, from_len, synonym, ASST_PHRASE_WORDS);
    char *t = fold_phrase(lx, to, to_len, true, ASST_TARGET_WORDS);
    if (!f || !t || (!synonym && count_words(f) != 1))
        goto out;
    if (synonym) {
        strmap_set(&lx->synonyms, f, strlen(f), (int64_t)lx->ncanon);
        ARRAY_APPEND(lx->canon, lx->ncanon, lx->canon_cap, t);
    } else {
        strmap_set(&lx->abbrev, f, strlen(f), (int64_t)lx->nexpansions);
        ARRAY_APPEND(lx->expansions, lx->nexpansions, lx->expansions_cap, t);
    }
    note_words(lx, f);
    t = NULL;
    st = MC_OK;
out:
    free(f);
    free(t);
    return st;
}

enum mc_status asst_lexicon_add_rule(struct asst_lexicon *lx, const char *kind,
                                     const char *from, const char *to)
{
    bool synonym = strcmp(kind, "synonym") == 0;
    if (!synonym && strcmp(kind, "abbreviation") != 0)
        return MC_ERR_INVALID;
    if (!text_utf8_valid(from, strlen(from)) || !text_utf8_valid(to, strlen(to)))
        return MC_ERR_INVALID;
    return add_rule(lx, synonym, from, strlen(from), to, strlen(to));
}

static void add_cue(struct asst_lexicon *lx, enum asst_intent intent, const char *s, size_t len)
{
    char *p = fold_phrase(lx, s, len, true, ASST_PHRASE_WORDS);
    if (!p)
        return;
    if (strmap_get(&lx->cue_map, p, strlen(p), NULL)) {
        free(p);
        return;
    }
    strmap_put(&lx->cue_map, p, strlen(p), (int64_t)lx->ncues);
    ARRAY_APPEND(lx->cues, lx->ncues, lx->cues_cap, ((struct asst_cue){p, intent, count_words(p)}));
    note_words(lx, p);
}

/* A number from s[0..len) (strtod on a bounded copy); 0 when there is none. */
static double parse_double(const char *s, size_t len)
{
    char tmp[32];
    if (len >= sizeof(tmp))
        len = sizeof(tmp) - 1;
    memcpy(tmp, s, len);
    tmp[len] = '\0';
    return strtod(tmp, NULL);
}

/* "NAME | CUE, CUE | BONUS | PENALTY" */
static bool add_variant(struct asst_lexicon *lx, const char *line, size_t len)
{
    const char *parts[4];
    size_t plen[4], np = 0;
    const char *p = line, *end = line + len;
    while (np < 4) {
        const char *bar = memchr(p, '|', (size_t)(end - p));
        const char *e = bar ? bar : end;
        parts[np] = p;
        plen[np++] = (size_t)(e - p);
        if (!bar)
            break;
        p = bar + 1;
    }
    if (np != 4)
        return false;
    char *name = fold_phrase(lx, parts[0], plen[0], true, ASST_PHRASE_WORDS);
    if (!name)
        return false;
    struct asst_variant v = {name, NULL, 0, parse_double(parts[2], plen[2]),
                             parse_double(parts[3], plen[3])};
    size_t cues_cap = 0;
    const char *c = parts[1], *cend = parts[1] + plen[1];
    while (c < cend) {
        const char *comma = memchr(c, ',', (size_t)(cend - c));
        const char *e = comma ? comma : cend;
        char *cue = fold_phrase(lx, c, (size_t)(e - c), true, ASST_PHRASE_WORDS);
        if (cue)
            ARRAY_APPEND(v.cues, v.ncues, cues_cap, cue);
        c = comma ? comma + 1 : cend;
    }
    ARRAY_APPEND(lx->variants, lx->nvariants, lx->variants_cap, v);
    return true;
}

/* Parse one line of a file of kind; false when it is malformed. */
static bool parse_line(struct asst_lexicon *lx, const char *kind, const char *s, size_t len)
{
    if (strcmp(kind, "stopwords") == 0 || strcmp(kind, "words") == 0) {
        char *p = fold_phrase(lx, s, len, false, ASST_PHRASE_WORDS);
        if (!p)
            return false;
        strmap_put(kind[0] == 's' ? &lx->stop : &lx->words, p, strlen(p), 1);
        note_words(lx, p);
        free(p);
        return true;
    }
    if (strcmp(kind, "abbreviations") == 0 || strcmp(kind, "synonyms") == 0) {
        const char *eq = memchr(s, '=', len);
        if (!eq)
            return false;
        return add_rule(lx, kind[0] == 's', s, (size_t)(eq - s), eq + 1,
                        len - (size_t)(eq - s) - 1) == MC_OK;
    }
    if (strcmp(kind, "intents") == 0) {
        const char *colon = memchr(s, ':', len);
        if (!colon)
            return false;
        char key[32];
        size_t klen = (size_t)(colon - s);
        if (klen == 0 || klen >= sizeof(key))
            return false;
        memcpy(key, s, klen);
        key[klen] = '\0';
        enum asst_intent in = asst_intent_parse(key);
        if (in == ASST_INTENT_UNKNOWN)
            return false;
        add_cue(lx, in, colon + 1, len - klen - 1);
        return true;
    }
    return add_variant(lx, s, len);
}

enum mc_status asst_lexicon_parse(struct asst_lexicon *lx, const char *kind,
                                  const char *text, size_t len)
{
    static const char *const kinds[] = {"abbreviations", "synonyms", "stopwords", "words",
                                        "intents", "variants"};
    bool known = false;
    for (size_t i = 0; i < MC_ARRAY_LEN(kinds); i++)
        known = known || strcmp(kind, kinds[i]) == 0;
    if (!known)
        return MC_ERR_INVALID;
    size_t lineno = 0;
    const char *p = text, *end = text + len;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *e = nl ? nl : end;
        const char *s = p;
        size_t n = (size_t)(e - p);
        lineno++;
        p = nl ? nl + 1 : end;
        text_trim(&s, &n);
        if (n == 0 || s[0] == '#')
            continue;
        if (n > LINE_MAX_BYTES || !text_utf8_valid(s, n) || !parse_line(lx, kind, s, n))
            log_warn("assistant %s line %zu ignored", kind, lineno);
    }
    return MC_OK;
}

enum mc_status asst_lexicon_load(struct asst_lexicon *lx)
{
    /* Abbreviations first: the other files' phrases are expanded with them. */
    static const char *const files[] = {"abbreviations", "stopwords", "words", "synonyms",
                                        "intents", "variants"};
    char path[64];
    for (size_t i = 0; i < MC_ARRAY_LEN(files); i++) {
        snprintf(path, sizeof(path), "data/assistant/%s.txt", files[i]);
        const struct asset *a = asset_find(path);
        if (!a) {
            log_error("assistant data file %s missing", path);
            return MC_ERR_NOT_FOUND;
        }
        enum mc_status st = asst_lexicon_parse(lx, files[i], a->data, (size_t)a->len);
        if (st != MC_OK)
            return st;
    }
    return MC_OK;
}

/* ---------------------------------------------------------------- masking */

static bool is_sep(char c)
{
    return c == '.' || c == '-' || c == '/' || c == ' ';
}

void asst_mask(const char *message, size_t len, struct buf *out)
{
    size_t i = 0;
    while (i < len) {
        /* A word holding '@' (an e-mail address). */
        size_t ws = i, we = i;
        while (we < len && !isspace((unsigned char)message[we]))
            we++;
        if (we > ws && memchr(message + ws, '@', we - ws)) {
            while (we > ws + 1 && strchr(",.;:!?)", message[we - 1]))
                we--;
            buf_adds(out, "***");
            i = we;
            continue;
        }
        if (isdigit((unsigned char)message[i])) {
            size_t j = i, digits = 0, last = i;
            while (j < len && (isdigit((unsigned char)message[j]) ||
                               (is_sep(message[j]) && j + 1 < len &&
                                isdigit((unsigned char)message[j + 1])))) {
                if (isdigit((unsigned char)message[j])) {
                    digits++;
                    last = j;
                }
                j++;
            }
            if (digits >= 3) {
                buf_adds(out, "***");
                i = last + 1;
                continue;
            }
            buf_add(out, message + i, last + 1 - i);
            i = last + 1;
            continue;
        }
        buf_addch(out, message[i]);
        i++;
    }
}

static bool is_code_char(char c)
{
    return isalnum((unsigned char)c) || c == '.';
}

bool asst_find_dossier_code(const char *message, size_t len, char *out, size_t size)
{
    for (size_t p = 1; p + 12 <= len; p++) {
        if (message[p] != '-' || !is_code_char(message[p - 1]))
            continue;
        bool ok = message[p + 7] == '-';
        for (size_t k = 1; ok && k <= 6; k++)
            ok = isdigit((unsigned char)message[p + k]);
        for (size_t k = 8; ok && k <= 11; k++)
            ok = isdigit((unsigned char)message[p + k]);
        if (!ok || (p + 12 < len && is_code_char(message[p + 12]) && message[p + 12] != '.'))
            continue;
        size_t s = p;
        while (s > 0 && is_code_char(message[s - 1]) && p - s < 20)
            s--;
        size_t n = p + 12 - s;
        if (n + 1 > size)
            return false;
        for (size_t k = 0; k < n; k++)
            out[k] = (char)toupper((unsigned char)message[s + k]);
        out[n] = '\0';
        return true;
    }
    return false;
}
