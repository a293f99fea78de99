/*
 * eval.c - cross-validation of the assistant against BM25 baselines
 * (see eval.h).
 */
#include <stdlib.h>
#include "domain/assistant/eval.h"
#include "domain/assistant/faq.h"
#include "domain/assistant/kb.h"
#include "domain/catalog/catalog.h"
#include "core/array.h"
#include "core/assets.h"
#include "core/clock.h"
#include "core/log.h"
#include "core/mem.h"
#include "core/search.h"
#include "core/text.h"

#define FTS_QUERY_MAX (256u * 1024)

/*
 * The baselines' indexes, made in a scratch database: (a) the folded name
 * without stopwords; (b) six fields with their syllable pairs, the
 * questions of the other folds in faq.
 */
static struct search_index baseline_a = {
    .name = "ba",
    .columns = {"name"},
    .weights = {1.0},
};
static struct search_index baseline_b = {
    .name = "bb",
    .columns = {"name", "field", "result", "documents", "steps", "faq"},
    .weights = {8.0, 2.0, 3.0, 2.0, 1.0, 4.0},
};
#define BB_FAQ 5   /* the column of baseline_b set per fold */

static struct search_stmt S_BA_SEARCH = {
    "eval.ba_search",
    "SELECT id FROM ({rank ba ?1}) h ORDER BY r DESC LIMIT 3",
    {&baseline_a},
};
static struct search_stmt S_BB_SEARCH = {
    "eval.bb_search",
    "SELECT id FROM ({rank bb ?1}) h ORDER BY r DESC LIMIT 3",
    {&baseline_b},
};

/* One evaluated question. */
struct item {
    char *question;
    uint32_t *procs;          /* linked procedures in the catalogue (kb indexes) */
    size_t nprocs;
    unsigned fold;
};

/* Results of one method. */
struct method {
    const char *name;
    size_t top1, top3, n;
    int64_t *us;              /* latency of each question */
};

struct eval {
    struct db *mem;           /* baselines */
    struct asst_kb kb;
    struct asst_lexicon stop; /* the baselines' stopwords only */
    struct item *items;
    size_t nitems, items_cap;
    unsigned folds;
    FILE *trace;              /* each question of ours, or NULL */
    char **faq_text;          /* per procedure: other folds' questions, baseline b */
};

/* ---------------------------------------------------------------- baselines */

/*
 * The folded text of s without stopwords into out; with pairs, adjacent
 * remaining syllables are added joined ("khaisinh").  FTS-safe: only
 * ASCII letters, digits and spaces (text_fold output of Latin text).
 */
static void baseline_text(const struct eval *ev, const char *s, bool pairs, struct buf *out)
{
    struct asst_text t;
    asst_text_init(&t);
    buf_reset(out);
    if (s && asst_analyse(&ev->stop, s, strlen(s), false, &t) == MC_OK) {
        long prev = -1;
        for (size_t i = 0; i < t.n; i++) {
            if (t.tok[i].flags & ASST_TOK_STOP)
                continue;
            buf_add(out, t.text.data + t.tok[i].off, t.tok[i].len);
            buf_addch(out, ' ');
            if (pairs && prev >= 0) {
                buf_add(out, t.text.data + t.tok[prev].off, t.tok[prev].len);
                buf_add(out, t.text.data + t.tok[i].off, t.tok[i].len);
                buf_addch(out, ' ');
            }
            prev = (long)i;
        }
    }
    asst_text_release(&t);
}

/*
 * The match expression over ix OR-ing every word of text (cut in place);
 * empty when text has no word.
 */
static void or_query(const struct eval *ev, const struct search_index *ix, char *text,
                     struct buf *out)
{
    struct search_term *t = NULL;
    size_t n = 0, cap = 0;
    buf_reset(out);
    for (char *p = text; *p;) {
        while (*p == ' ')
            p++;
        char *e = p;
        while (*e && *e != ' ')
            e++;
        if (e > p) {
            if (n == cap) {
                cap = cap ? 2 * cap : 16;
                t = xrealloc(t, cap * sizeof(*t));
            }
            t[n++] = (struct search_term){p, false};
            if (*e)
                *e++ = '\0';
        }
        p = e;
    }
    struct search_query q = {SEARCH_ANY, NULL, t, n};
    if (n > 0 && search_expr(ev->mem, ix, &q, out) != MC_OK)
        buf_reset(out);   /* too long: no baseline answer */
    free(t);
}

struct load_ctx {
    struct eval *ev;
    const struct procedure *p;
    int64_t rowid;
};

static enum mc_status baseline_insert(struct db *db, void *arg)
{
    struct load_ctx *c = arg;
    struct buf docs, t[5];
    const struct procedure *p = c->p;
    buf_init(&docs, BUF_MAX_FILE);
    for (size_t i = 0; i < 5; i++)
        buf_init(&t[i], BUF_MAX_FILE);
    for (size_t i = 0; i < p->ndocuments; i++) {
        buf_adds(&docs, p->documents[i].name ? p->documents[i].name : "");
        buf_addch(&docs, '\n');
    }
    if (p->ndocuments == 0 && p->documents_raw)
        buf_adds(&docs, p->documents_raw);
    baseline_text(c->ev, p->name, false, &t[0]);
    const char *name = buf_cstr(&t[0]);
    enum mc_status st = search_put(db, &baseline_a, c->rowid, &name);
    const char *src[5] = {p->name, p->field, p->result_raw ? p->result_raw : p->result,
                          buf_cstr(&docs), p->steps};
    for (size_t i = 0; i < 5; i++)
        baseline_text(c->ev, src[i], true, &t[i]);
    const char *cols[6] = {buf_cstr(&t[0]), buf_cstr(&t[1]), buf_cstr(&t[2]), buf_cstr(&t[3]),
                           buf_cstr(&t[4]), ""};
    if (st == MC_OK)
        st = search_put(db, &baseline_b, c->rowid, cols);
    for (size_t i = 0; i < 5; i++)
        buf_release(&t[i]);
    buf_release(&docs);
    return st;
}

/* Ids of the best three for a match expression; returns how many. */
static size_t fts_top3(struct db *db, struct search_stmt *q, const char *match,
                       int64_t out[3])
{
    struct db_stmt *s = NULL;
    size_t n = 0;
    if (!*match)
        return 0;
    enum mc_status st = search_query_start(db, q, &s, "s", match);
    while (n < 3 && db_next(s, &st))
        out[n++] = db_col_int64(s, 0);
    db_done(s);
    return n;
}

/* ---------------------------------------------------------------- scoring */

static bool is_hit(const struct item *it, int64_t proc)
{
    for (size_t i = 0; i < it->nprocs; i++)
        if ((int64_t)it->procs[i] == proc)
            return true;
    return false;
}

static void record(struct method *m, const struct item *it, const int64_t *top, size_t n,
                   int64_t us)
{
    bool h1 = n > 0 && is_hit(it, top[0]);
    bool h3 = h1 || (n > 1 && is_hit(it, top[1])) || (n > 2 && is_hit(it, top[2]));
    m->top1 += h1;
    m->top3 += h3;
    m->us[m->n++] = us;
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

static double p99_ms(struct method *m)
{
    if (m->n == 0)
        return 0;
    qsort(m->us, m->n, sizeof(*m->us), cmp_i64);
    size_t k = (size_t)((double)m->n * 0.99);
    if (k >= m->n)
        k = m->n - 1;
    return (double)m->us[k] / 1000.0;
}

/* ---------------------------------------------------------------- loading */

/* One procedure into the assistant's index and, when it was taken, the baselines. */
static enum mc_status load_procedure(const struct procedure *p, void *arg)
{
    struct eval *ev = arg;
    size_t before = ev->kb.nprocs;
    enum mc_status st = asst_kb_add_procedure(&ev->kb, p);
    if (st == MC_OK && ev->kb.nprocs > before) {
        struct load_ctx c = {ev, p, (int64_t)before + 1};
        st = db_tx(ev->mem, baseline_insert, &c);
    }
    return st;
}

static enum mc_status load_catalogue(struct eval *ev, struct db *db)
{
    enum mc_status st = catalog_each(db, load_procedure, ev);
    if (st == MC_OK)
        asst_kb_finish_procedures(&ev->kb);
    return st;
}

static enum mc_status load_questions(struct eval *ev, const char *path,
                                     struct import_report *rep)
{
    struct asst_faq_entry *entries = NULL;
    size_t n = 0;
    enum mc_status st = asst_faq_read_csv(path, rep, &entries, &n);
    for (size_t i = 0; st == MC_OK && i < n; i++) {
        struct item it = {0};
        it.procs = xcalloc(entries[i].ncodes ? entries[i].ncodes : 1, sizeof(*it.procs));
        for (size_t c = 0; c < entries[i].ncodes; c++) {
            long p = asst_kb_find(&ev->kb, entries[i].codes[c]);
            if (p >= 0)
                it.procs[it.nprocs++] = (uint32_t)p;
        }
        if (it.nprocs == 0) {
            free(it.procs);
            continue;
        }
        struct buf key;
        buf_init(&key, BUF_MAX_SMALL);
        if (text_fold(entries[i].questions[0], strlen(entries[i].questions[0]), &key) !=
            MC_OK)
            buf_reset(&key);
        it.fold = strmap_hash(buf_cstr(&key), key.len) % ev->folds;
        buf_release(&key);
        it.question = xstrdup(entries[i].questions[0]);
        ARRAY_APPEND(ev->items, ev->nitems, ev->items_cap, it);
    }
    for (size_t i = 0; i < n; i++)
        asst_faq_entry_release(&entries[i]);
    free(entries);
    return st;
}

/* ---------------------------------------------------------------- folds */

static enum mc_status set_faq_tx(struct db *db, void *arg)
{
    struct eval *ev = arg;
    struct buf t;
    enum mc_status st = MC_OK;
    buf_init(&t, BUF_MAX_FILE);
    for (size_t p = 0; st == MC_OK && p < ev->kb.nprocs; p++) {
        if (!ev->faq_text[p])
            continue;
        baseline_text(ev, ev->faq_text[p], true, &t);
        st = search_put_column(db, &baseline_b, (int64_t)p + 1, BB_FAQ, buf_cstr(&t));
    }
    buf_release(&t);
    return st;
}

/* Put the questions of every fold but k in the knowledge (ours and baseline b's). */
static enum mc_status train(struct eval *ev, unsigned k)
{
    asst_kb_faq_reset(&ev->kb);
    for (size_t p = 0; p < ev->kb.nprocs; p++) {
        if (ev->faq_text[p]) {
            free(ev->faq_text[p]);
            ev->faq_text[p] = xstrdup("");
        }
    }
    for (size_t i = 0; i < ev->nitems; i++) {
        const struct item *it = &ev->items[i];
        if (it->fold == k)
            continue;
        const char *codes[ASST_FAQ_CODES_MAX];
        size_t nc = 0;
        for (size_t c = 0; c < it->nprocs && nc < ASST_FAQ_CODES_MAX; c++)
            codes[nc++] = ev->kb.procs[it->procs[c]].code;
        asst_kb_add_faq(&ev->kb, 0, (const char *const *)&it->question, 1, NULL, codes, nc);
        for (size_t c = 0; c < it->nprocs; c++) {
            char **slot = &ev->faq_text[it->procs[c]];
            size_t old = *slot ? strlen(*slot) : 0;
            char *s = xmalloc(old + strlen(it->question) + 2);
            memcpy(s, *slot ? *slot : "", old);
            s[old] = '\n';
            memcpy(s + old + 1, it->question, strlen(it->question) + 1);
            free(*slot);
            *slot = s;
        }
    }
    asst_kb_finish_faq(&ev->kb);
    return db_tx(ev->mem, set_faq_tx, ev);
}

static void run_ours(struct eval *ev, const struct item *it, struct method *m)
{
    struct asst_text t;
    struct asst_ranking r;
    int64_t top[3];
    asst_text_init(&t);
    int64_t t0 = clock_mono_us();
    if (asst_analyse(&ev->kb.lx, it->question, strlen(it->question), true, &t) != MC_OK)
        t.n = 0;
    asst_kb_rank(&ev->kb, &t, &r);
    int64_t us = clock_mono_us() - t0;
    size_t n = r.n < 3 ? r.n : 3;
    for (size_t i = 0; i < n; i++)
        top[i] = r.hits[i].proc;
    record(m, it, top, n, us);
    if (ev->trace) {
        fprintf(ev->trace, "%s %s\n   -> %s %s\n", n > 0 && is_hit(it, top[0]) ? "OK  " : "MISS",
                it->question, n > 0 ? ev->kb.procs[top[0]].code : "-",
                n > 0 ? ev->kb.procs[top[0]].name : "");
        if (n == 0 || !is_hit(it, top[0]))
            fprintf(ev->trace, "   want %s %s\n", ev->kb.procs[it->procs[0]].code,
                    ev->kb.procs[it->procs[0]].name);
    }
    asst_text_release(&t);
}

static void run_fts(struct eval *ev, const struct item *it, struct search_stmt *q,
                    bool pairs, struct method *m)
{
    struct buf text, match;
    int64_t top[3];
    buf_init(&text, BUF_MAX_SMALL);
    buf_init(&match, FTS_QUERY_MAX);
    int64_t t0 = clock_mono_us();
    baseline_text(ev, it->question, pairs, &text);
    if (text.data)
        or_query(ev, q->indexes[0], text.data, &match);
    size_t n = fts_top3(ev->mem, q, buf_cstr(&match), top);
    int64_t us = clock_mono_us() - t0;
    for (size_t i = 0; i < n; i++)
        top[i] -= 1;
    record(m, it, top, n, us);
    buf_release(&text);
    buf_release(&match);
}

/* ---------------------------------------------------------------- the run */

static void report_method(const struct method *m, struct asst_eval_method *out)
{
    out->name = m->name;
    out->n = m->n;
    out->top1 = m->top1;
    out->top3 = m->top3;
}

/* The baselines' stopwords: the caller's text, else the built-in list. */
static enum mc_status load_stopwords(struct eval *ev, const struct asst_eval_config *c)
{
    const struct asset *own = asset_find("data/assistant/stopwords.txt");
    if (c->stopwords)
        return asst_lexicon_parse(&ev->stop, "stopwords", c->stopwords, c->stopwords_len);
    if (!own)
        return MC_ERR_NOT_FOUND;
    return asst_lexicon_parse(&ev->stop, "stopwords", own->data, (size_t)own->len);
}

/* Every question against every method; the folds train ours and baseline (b)+. */
static enum mc_status run_all(struct eval *ev, struct method m[ASST_EVAL_METHODS],
                              struct form_errors *errs)
{
    enum mc_status st = MC_OK;
    for (size_t i = 0; i < ev->nitems; i++) {
        run_fts(ev, &ev->items[i], &S_BA_SEARCH, false, &m[0]);
        run_fts(ev, &ev->items[i], &S_BB_SEARCH, true, &m[1]);
    }
    for (unsigned k = 0; st == MC_OK && k < ev->folds; k++) {
        if ((st = train(ev, k)) != MC_OK) {
            form_errors_add(errs, "folds", "không chuẩn bị được một phần của đánh giá chéo");
            break;
        }
        for (size_t i = 0; i < ev->nitems; i++) {
            if (ev->items[i].fold != k)
                continue;
            run_fts(ev, &ev->items[i], &S_BB_SEARCH, true, &m[2]);
            run_ours(ev, &ev->items[i], &m[3]);
        }
    }
    return st;
}

static void eval_release(struct eval *ev)
{
    if (ev->faq_text)
        for (size_t p = 0; p < ev->kb.nprocs; p++)
            free(ev->faq_text[p]);
    free(ev->faq_text);
    for (size_t i = 0; i < ev->nitems; i++) {
        free(ev->items[i].question);
        free(ev->items[i].procs);
    }
    free(ev->items);
    db_close(ev->mem);
    asst_kb_release(&ev->kb);
    asst_lexicon_release(&ev->stop);
}

enum mc_status asst_eval_run(struct db *db, const struct asst_eval_config *c,
                             struct asst_eval_report *out, struct import_report *rep,
                             struct form_errors *errs)
{
    struct eval ev;
    struct method m[ASST_EVAL_METHODS] = {
        {"(a) BM25 tên thủ tục, bỏ từ dừng", 0, 0, 0, NULL},
        {"(b) BM25 nhiều trường + cặp âm tiết", 0, 0, 0, NULL},
        {"(b) + câu hỏi các phần khác", 0, 0, 0, NULL},
        {"motcua: trợ lý ảo (hiểu câu hỏi + FAQ)", 0, 0, 0, NULL},
    };
    enum mc_status st = MC_ERR_INVALID;
    memset(&ev, 0, sizeof(ev));
    memset(out, 0, sizeof(*out));
    ev.folds = c->folds;
    ev.trace = c->trace;
    asst_lexicon_init(&ev.stop);
    if (!c->questions_path || c->folds < 2 || c->folds > ASST_EVAL_FOLDS_MAX) {
        form_errors_add(errs, "folds", "số phần của đánh giá chéo phải từ 2 đến 20");
        goto out;
    }
    if ((st = asst_kb_init(&ev.kb)) != MC_OK)
        goto out;
    if ((st = load_stopwords(&ev, c)) != MC_OK) {
        form_errors_add(errs, "stopwords", "danh sách từ dừng không hợp lệ");
        goto out;
    }
    if ((st = db_open("sqlite::memory:", &ev.mem)) != MC_OK ||
        (st = search_index_create(ev.mem, &baseline_a)) != MC_OK ||
        (st = search_index_create(ev.mem, &baseline_b)) != MC_OK) {
        form_errors_add(errs, "", "không tạo được cơ sở dữ liệu tạm");
        goto out;
    }
    int64_t t0 = clock_mono_us();
    st = load_catalogue(&ev, db);
    if (st == MC_OK && ev.kb.nprocs == 0)
        st = MC_ERR_NOT_FOUND;
    if (st != MC_OK) {
        form_errors_add(errs, "", "danh mục thủ tục trống hoặc không đọc được (chạy motcua "
                                  "import procedures trước)");
        goto out;
    }
    out->load_seconds = (double)(clock_mono_us() - t0) / 1e6;
    if ((st = load_questions(&ev, c->questions_path, rep)) != MC_OK) {
        form_errors_add(errs, "questions", "tệp câu hỏi bị từ chối");
        goto out;
    }
    ev.faq_text = xcalloc(ev.kb.nprocs, sizeof(*ev.faq_text));
    for (size_t i = 0; i < ev.nitems; i++)
        for (size_t k = 0; k < ev.items[i].nprocs; k++)
            if (!ev.faq_text[ev.items[i].procs[k]])
                ev.faq_text[ev.items[i].procs[k]] = xstrdup("");
    for (size_t i = 0; i < ASST_EVAL_METHODS; i++)
        m[i].us = xcalloc(ev.nitems ? ev.nitems : 1, sizeof(int64_t));
    st = run_all(&ev, m, errs);
    out->questions = ev.nitems;
    out->procedures = ev.kb.nprocs;
    out->folds = ev.folds;
    for (size_t i = 0; st == MC_OK && i < ASST_EVAL_METHODS; i++) {
        report_method(&m[i], &out->methods[i]);
        out->methods[i].p99_ms = p99_ms(&m[i]);
    }
out:
    for (size_t i = 0; i < ASST_EVAL_METHODS; i++)
        free(m[i].us);
    eval_release(&ev);
    return st;
}
