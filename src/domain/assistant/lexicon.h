/*
 * lexicon.h - how the assistant reads Vietnamese: normalisation, word
 * segmentation, search terms and intents, driven by editable data files.
 *
 * DESIGN (docs/internals/assistant.md)
 * A text goes through one pipeline, the same for questions and for the
 * catalogue (so both sides meet):
 *   1. text_fold() (core/text.h): lower case, no diacritics, đ -> d,
 *      punctuation -> space, so "Đăng ký" and "dang ky" are equal;
 *   2. cut into syllables;
 *   3. abbreviations (data/assistant/abbreviations.txt) replace a syllable
 *      by its expansion: "cccd" -> "can cuoc cong dan";
 *   4. questions only: synonyms (synonyms.txt) add the catalogue's words
 *      after an everyday phrase, longest phrase first: "lay vo" -> "lay vo
 *      ket hon"; the added syllables are flagged ASST_TOK_ADDED;
 *   5. stopwords (stopwords.txt, phrases too) are flagged ASST_TOK_STOP;
 *   6. questions only: intent cues of two or more syllables ("bao nhieu
 *      tien", "o dau", "giay to") are flagged ASST_TOK_CUE: they say what
 *      is asked, not which procedure, so they are not search terms.
 * Terms for retrieval are then the syllables that are not stopwords
 * (weight ASST_W_SYLLABLE), each adjacent pair of them (ASST_W_PAIR), and
 * the words of three or more syllables found by greedy longest-match
 * segmentation against words.txt (ASST_W_WORD).  Intents are read from
 * the whole sequence (stopwords included: "bao nhieu", "o dau") with the
 * cue phrases of intents.txt.  Variant rules (variants.txt) say which
 * words call for "có yếu tố nước ngoài", "lưu động", "cấp lại" variants.
 *
 * Rules added by admins (synonyms and abbreviations kept in the database)
 * are merged with asst_lexicon_add_rule() before a knowledge base is built.
 *
 * Thread-safety: a loaded lexicon is read-only and may be shared by any
 * number of threads; loading and adding rules must happen before sharing.
 */
#ifndef MC_ASSISTANT_LEXICON_H
#define MC_ASSISTANT_LEXICON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "core/strmap.h"
#include "core/buf.h"
#include "core/status.h"

#define ASST_MESSAGE_MAX 2000     /* bytes of a question; longer is refused */
#define ASST_PHRASE_WORDS 6       /* syllables in one rule phrase, at most */
#define ASST_TARGET_WORDS 16      /* syllables a synonym or abbreviation expands to */

#define ASST_W_SYLLABLE 0.35      /* weight of a single-syllable term */
#define ASST_W_PAIR 1.0           /* weight of an adjacent syllable pair */
#define ASST_W_WORD 1.0           /* weight of a 3+ syllable dictionary word */

/* What a question asks for.  Keys (asst_intent_key) are the API's. */
enum asst_intent {
    ASST_INTENT_UNKNOWN,     /* "unknown": nothing recognised */
    ASST_INTENT_GREETING,    /* "greeting": hello, thanks, who are you */
    ASST_INTENT_SAFETY,      /* "safety": OTP, scams, fake sites */
    ASST_INTENT_STATUS,      /* "status": where is my dossier */
    ASST_INTENT_ACCOUNT,     /* "account": sign-in, password, registration */
    ASST_INTENT_HUMAN,       /* "human": talk to a person, complain */
    ASST_INTENT_DOCUMENTS,   /* "documents": which papers to bring */
    ASST_INTENT_FEE,         /* "fee": how much it costs */
    ASST_INTENT_TIME,        /* "time": how long it takes */
    ASST_INTENT_WHERE,       /* "where": which agency, where to lodge */
    ASST_INTENT_ONLINE,      /* "online": how to lodge online */
    ASST_INTENT_PROCEDURE,   /* "procedure": how to do it, in general */
    ASST_NINTENTS
};

/* Stable ASCII key ("fee"); static, never NULL. */
const char *asst_intent_key(enum asst_intent intent);
/* Vietnamese words for staff ("phí, lệ phí"; "chưa nhận ra"); static, never NULL. */
const char *asst_intent_label(enum asst_intent intent);
/* The intent for key, or ASST_INTENT_UNKNOWN. */
enum asst_intent asst_intent_parse(const char *key);

/* One variant rule of variants.txt. */
struct asst_variant {
    char *name_phrase;        /* folded phrase looked for in procedure names */
    char **cues;              /* folded phrases that call for the variant */
    size_t ncues;
    double bonus;             /* share of the best score added on a cue */
    double penalty;           /* share taken away without a cue */
};

struct asst_cue {
    char *phrase;             /* folded */
    enum asst_intent intent;
    unsigned words;           /* syllables in phrase */
};

struct asst_lexicon {
    struct strmap abbrev;     /* folded syllable -> index in expansions */
    char **expansions;        /* folded expansions, nexpansions */
    size_t nexpansions;
    size_t expansions_cap;    /* entries allocated (core/array.h) */
    struct strmap synonyms;   /* folded phrase -> index in canon */
    char **canon;             /* folded canonical phrases, ncanon */
    size_t ncanon;
    size_t canon_cap;         /* entries allocated */
    struct strmap stop;       /* folded stopword phrases */
    struct strmap words;      /* folded dictionary words (2+ syllables) */
    struct strmap cue_map;    /* folded cue phrase -> index in cues */
    struct asst_cue *cues;
    size_t ncues;
    size_t cues_cap;          /* entries allocated */
    struct asst_variant *variants;
    size_t nvariants;
    size_t variants_cap;      /* entries allocated */
    unsigned max_words;       /* longest phrase in any table, in syllables */
};

/* Set up an empty lexicon.  Allocates nothing. */
void asst_lexicon_init(struct asst_lexicon *lx);
/* Free everything; the lexicon is left as after asst_lexicon_init(). */
void asst_lexicon_release(struct asst_lexicon *lx);

/*
 * Load the embedded data/assistant/{abbreviations,synonyms,stopwords,
 * words,intents,variants}.txt into lx (initialised).  A malformed line is
 * logged (file and line) and skipped.  Returns MC_OK, or MC_ERR_NOT_FOUND
 * when a file is missing from the build.
 */
enum mc_status asst_lexicon_load(struct asst_lexicon *lx) MC_WARN_UNUSED;

/*
 * Parse one file's text (the format of the embedded file named) into lx;
 * for tests and for the evaluation's --stopwords FILE (kind "stopwords").
 * kind is "abbreviations", "synonyms", "stopwords", "words", "intents" or
 * "variants".  Returns MC_OK or MC_ERR_INVALID for an unknown kind.
 */
enum mc_status asst_lexicon_parse(struct asst_lexicon *lx, const char *kind,
                                  const char *text, size_t len) MC_WARN_UNUSED;

/*
 * Add one rule: kind "synonym" (from -> to added) or "abbreviation" (one
 * syllable from -> to).  Both are folded.  A rule for an existing phrase
 * replaces it.  Returns MC_OK, MC_ERR_INVALID when either side folds to
 * nothing, an abbreviation has more than one syllable, a phrase is
 * longer than ASST_PHRASE_WORDS syllables or a target longer than
 * ASST_TARGET_WORDS.
 */
enum mc_status asst_lexicon_add_rule(struct asst_lexicon *lx, const char *kind,
                                     const char *from, const char *to) MC_WARN_UNUSED;

/* ---------------------------------------------------------------- texts */

enum asst_token_flags {
    ASST_TOK_STOP = 1 << 0,    /* part of a stopword phrase */
    ASST_TOK_ADDED = 1 << 1,   /* added by a synonym rule */
    ASST_TOK_CUE = 1 << 2,     /* part of an intent cue of 2+ syllables: not a search term */
};

struct asst_token {
    uint32_t off;              /* start in asst_text.text */
    uint32_t len;              /* bytes */
    unsigned flags;            /* enum asst_token_flags */
};

/*
 * An analysed text: the normalised syllables, one space apart, in text,
 * and one asst_token per syllable, so a run of tokens i..j is the slice
 * text[tok[i].off .. tok[j].off + tok[j].len).
 */
struct asst_text {
    struct buf text;
    struct asst_token *tok;
    size_t n;
    size_t cap;
};

void asst_text_init(struct asst_text *t);
void asst_text_release(struct asst_text *t);

/*
 * Analyse s[0..len) into t (initialised; previous contents replaced):
 * fold, abbreviations, synonyms when question is true, stopwords.
 * Returns MC_OK; MC_ERR_INVALID when s is not valid UTF-8;
 * MC_ERR_TOO_LARGE past BUF_MAX_FILE of folded text.
 */
enum mc_status asst_analyse(const struct asst_lexicon *lx, const char *s, size_t len,
                            bool question, struct asst_text *t) MC_WARN_UNUSED;

/* Called once per term of a text: term bytes (not NUL-terminated), weight. */
typedef void (*asst_term_fn)(void *ctx, const char *term, size_t len, double weight);

/*
 * Emit the retrieval terms of t (see DESIGN) to fn.  A term may be
 * emitted several times (once per occurrence).
 */
void asst_terms(const struct asst_lexicon *lx, const struct asst_text *t, asst_term_fn fn,
                void *ctx);

/*
 * Score every intent for t into scores[ASST_NINTENTS] and return the
 * best (ASST_INTENT_UNKNOWN when no cue matched).
 */
enum asst_intent asst_intent_detect(const struct asst_lexicon *lx, const struct asst_text *t,
                                    double scores[ASST_NINTENTS]);

/* True when the folded phrase (syllables one space apart) occurs in t as whole syllables. */
bool asst_text_has(const struct asst_text *t, const char *phrase);

/*
 * Copy message to out with personal data masked, for the conversation
 * log: every run of 3 or more digits (with . - / or spaces between them),
 * every word holding '@', and dossier codes become "***".  Pure.
 */
void asst_mask(const char *message, size_t len, struct buf *out);

/*
 * Find a dossier code (<unit code>-YYMMDD-NNNN, e.g. "STP-250303-0001")
 * in message.  Copies it, upper-cased, to out (size bytes, NUL-terminated)
 * and returns true; false when there is none or it does not fit.
 */
bool asst_find_dossier_code(const char *message, size_t len, char *out, size_t size);

#endif
