/*
 * faq.c - FAQ entries, admin rules and the FAQ import (see faq.h).
 */
#include <ctype.h>
#include <stdlib.h>
#include "domain/assistant/faq.h"
#include "domain/assistant/kb.h"
#include "core/array.h"
#include "core/assets.h"
#include "core/clock.h"
#include "core/csv.h"
#include "core/log.h"
#include "core/mem.h"
#include "core/strmap.h"
#include "core/text.h"

#define RULE_MAX 200           /* bytes of a rule side */
#define KEY_MAX 4096           /* bytes of a folded key */

/* ---------------------------------------------------------------- queries */

/* asst_faq_save: the entry with this key. */
static const struct db_query Q_FAQ_FIND = {
    "assistant.faq_find",
    "SELECT id FROM assistant_faq WHERE key = ?1",
};
/* asst_faq_save: a new entry. */
static const struct db_query Q_FAQ_INSERT = {
    "assistant.faq_insert",
    "INSERT INTO assistant_faq (answer, topic, source, key, created_at, updated_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?5) RETURNING id",
};
/* asst_faq_save: merge into an entry (a non-empty answer or topic wins). */
static const struct db_query Q_FAQ_UPDATE = {
    "assistant.faq_update",
    "UPDATE assistant_faq SET answer = CASE WHEN ?2 <> '' THEN ?2 ELSE answer END,"
    " topic = CASE WHEN ?3 <> '' THEN ?3 ELSE topic END, updated_at = ?4 WHERE id = ?1",
};
static const struct db_query Q_FAQ_QUESTION_ADD = {
    "assistant.faq_question_add",
    /* position: after the entry's last question, so a merge appends */
    "INSERT INTO assistant_faq_questions (faq_id, question, position) SELECT ?1, ?2,"
    " COALESCE(MAX(position), 0) + 1 FROM assistant_faq_questions WHERE faq_id = ?1"
    " ON CONFLICT DO NOTHING",
};
static const struct db_query Q_FAQ_LINK_ADD = {
    "assistant.faq_link_add",
    "INSERT INTO assistant_faq_links (faq_id, code, position) SELECT ?1, ?2,"
    " COALESCE(MAX(position), 0) + 1 FROM assistant_faq_links WHERE faq_id = ?1"
    " ON CONFLICT DO NOTHING",
};
/* Every write: tell servers their knowledge base is stale. */
static const struct db_query Q_VERSION_BUMP = {
    "assistant.version_bump",
    "UPDATE assistant_version SET n = n + 1 WHERE id = 1",
};
static const struct db_query Q_FAQ_DELETE = {
    "assistant.faq_delete",
    "DELETE FROM assistant_faq WHERE id = ?1",
};
static const struct db_query Q_FAQ_COUNT = {
    "assistant.faq_count",
    "SELECT COUNT(*) FROM assistant_faq",
};
/* asst_faq_each: entries, then each one's questions and links. */
static const struct db_query Q_FAQ_ALL = {
    "assistant.faq_all",
    "SELECT id, answer, topic FROM assistant_faq ORDER BY id",
};
static const struct db_query Q_FAQ_QUESTIONS = {
    "assistant.faq_questions",
    "SELECT question FROM assistant_faq_questions WHERE faq_id = ?1 ORDER BY position",
};
static const struct db_query Q_FAQ_LINKS = {
    "assistant.faq_links",
    "SELECT code FROM assistant_faq_links WHERE faq_id = ?1 ORDER BY position",
};
static const struct db_query Q_RULE_ADD = {
    "assistant.rule_add",
    "INSERT INTO assistant_rules (kind, phrase, target, created_at) VALUES (?1, ?2, ?3, ?4)"
    " ON CONFLICT (kind, phrase) DO UPDATE SET target = excluded.target",
};
static const struct db_query Q_RULES_ALL = {
    "assistant.rules_all",
    "SELECT kind, phrase, target FROM assistant_rules ORDER BY id",
};
/* asst_kb_stamp: catalogue size and versions, and the assistant's counter. */
static const struct db_query Q_STAMP = {
    "assistant.stamp",
    "SELECT (SELECT COUNT(*) || ':' || COALESCE(SUM(current_version), 0) FROM procedures)"
    " || '/' || (SELECT n FROM assistant_version WHERE id = 1)",
};

/* ---------------------------------------------------------------- entries */

void asst_faq_entry_init(struct asst_faq_entry *e)
{
    memset(e, 0, sizeof(*e));
}

void asst_faq_entry_release(struct asst_faq_entry *e)
{
    strv_free(e->questions, e->nquestions);
    strv_free(e->codes, e->ncodes);
    free(e->answer);
    free(e->topic);
    asst_faq_entry_init(e);
}

static void add_unique(char ***list, size_t *n, size_t *cap, size_t max, const char *s)
{
    if (!s || !*s || *n >= max)
        return;
    for (size_t i = 0; i < *n; i++)
        if (strcmp((*list)[i], s) == 0)
            return;
    ARRAY_APPEND(*list, *n, *cap, xstrdup(s));
}

void asst_faq_entry_add_question(struct asst_faq_entry *e, const char *q)
{
    add_unique(&e->questions, &e->nquestions, &e->questions_cap, ASST_FAQ_VARIANTS_MAX, q);
}

void asst_faq_entry_add_code(struct asst_faq_entry *e, const char *code)
{
    add_unique(&e->codes, &e->ncodes, &e->codes_cap, ASST_FAQ_CODES_MAX, code);
}

/* The folded key of question q into out; MC_ERR_INVALID when it folds to nothing. */
static enum mc_status faq_key(const char *q, struct buf *out)
{
    enum mc_status st = text_fold(q, strlen(q), out);
    if (st == MC_OK && out->len == 0)
        st = MC_ERR_INVALID;
    return st;
}

static bool text_ok(const char *s, size_t max)
{
    size_t n = s ? strlen(s) : 0;
    return n <= max && text_utf8_valid(s, n);
}

static enum mc_status entry_check(const struct asst_faq_entry *e)
{
    if (e->nquestions == 0 || !text_ok(e->answer, ASST_FAQ_ANSWER_MAX) ||
        !text_ok(e->topic, RULE_MAX * 5))
        return MC_ERR_INVALID;
    for (size_t i = 0; i < e->nquestions; i++)
        if (!text_ok(e->questions[i], ASST_FAQ_QUESTION_MAX))
            return MC_ERR_INVALID;
    for (size_t i = 0; i < e->ncodes; i++)
        if (!text_ok(e->codes[i], 64))
            return MC_ERR_INVALID;
    return MC_OK;
}

/* Insert or merge e; *created tells which.  Inside a transaction. */
static enum mc_status save_one(struct db *db, const struct asst_faq_entry *e,
                               const char *source, int64_t *id, bool *created)
{
    struct buf key;
    int64_t fid = 0;
    int64_t now = clock_now();
    buf_init(&key, KEY_MAX);
    enum mc_status st = entry_check(e);
    if (st == MC_OK)
        st = faq_key(e->questions[0], &key);
    if (st == MC_OK)
        st = buf_status(&key);
    if (st != MC_OK)
        goto out;
    st = db_get_int(db, &Q_FAQ_FIND, &fid, "s", buf_cstr(&key));
    *created = st == MC_ERR_NOT_FOUND;
    if (st == MC_ERR_NOT_FOUND)
        st = db_get_int(db, &Q_FAQ_INSERT, &fid, "ssssi", e->answer ? e->answer : "",
                        e->topic ? e->topic : "", source, buf_cstr(&key), now);
    else if (st == MC_OK)
        st = db_run(db, &Q_FAQ_UPDATE, NULL, "issi", fid, e->answer ? e->answer : "",
                    e->topic ? e->topic : "", now);
    for (size_t i = 0; st == MC_OK && i < e->nquestions; i++)
        st = db_run(db, &Q_FAQ_QUESTION_ADD, NULL, "is", fid, e->questions[i]);
    for (size_t i = 0; st == MC_OK && i < e->ncodes; i++)
        st = db_run(db, &Q_FAQ_LINK_ADD, NULL, "is", fid, e->codes[i]);
    if (st == MC_OK)
        *id = fid;
out:
    buf_release(&key);
    return st;
}

struct save_ctx {
    const struct audit_actor *who;
    const struct asst_faq_entry *entries;
    size_t n;
    const char *source;
    int64_t id;                 /* the last entry's id */
    size_t created, updated;
    const char *action;         /* audit action */
};

static enum mc_status save_tx(struct db *db, void *arg)
{
    struct save_ctx *c = arg;
    enum mc_status st = MC_OK;
    char object[64], detail[128];
    c->created = c->updated = 0;
    for (size_t i = 0; st == MC_OK && i < c->n; i++) {
        bool created = false;
        st = save_one(db, &c->entries[i], c->source, &c->id, &created);
        if (created)
            c->created++;
        else
            c->updated++;
    }
    if (st == MC_OK)
        st = db_run(db, &Q_VERSION_BUMP, NULL, "");
    if (st != MC_OK)
        return st;
    if (c->n == 1) {
        snprintf(object, sizeof(object), "assistant_faq:%lld", (long long)c->id);
        snprintf(detail, sizeof(detail), "{\"source\":\"%s\"}", c->source);
    } else {
        snprintf(object, sizeof(object), "assistant_faq");
        snprintf(detail, sizeof(detail), "{\"created\":%zu,\"updated\":%zu}", c->created,
                 c->updated);
    }
    return audit_record(db, c->who, c->action, object, detail);
}

enum mc_status asst_faq_save(struct db *db, const struct audit_actor *who,
                             const struct asst_faq_entry *e, const char *source, int64_t *id)
{
    struct save_ctx c = {who, e, 1, source, 0, 0, 0, "assistant.faq_save"};
    if (entry_check(e) != MC_OK)
        return MC_ERR_INVALID;
    enum mc_status st = db_tx(db, save_tx, &c);
    if (st == MC_OK && id)
        *id = c.id;
    return st;
}

struct delete_ctx {
    const struct audit_actor *who;
    int64_t id;
};

static enum mc_status delete_tx(struct db *db, void *arg)
{
    struct delete_ctx *c = arg;
    enum mc_status st = db_change(db, &Q_FAQ_DELETE, MC_ERR_NOT_FOUND, "i", c->id);
    if (st == MC_OK)
        st = db_run(db, &Q_VERSION_BUMP, NULL, "");
    return audit_record_if(st, db, c->who, "assistant.faq_delete", NULL, "assistant_faq:%lld",
                           (long long)c->id);
}

enum mc_status asst_faq_delete(struct db *db, const struct audit_actor *who, int64_t id)
{
    struct delete_ctx c = {who, id};
    return db_tx(db, delete_tx, &c);
}

enum mc_status asst_faq_count(struct db *db, int64_t *out)
{
    return db_get_int(db, &Q_FAQ_COUNT, out, "");
}

/* Add the first-column text of every row of q run with id to e (question or code). */
static enum mc_status read_list(struct db *db, const struct db_query *q, int64_t id,
                                struct asst_faq_entry *e,
                                void (*add)(struct asst_faq_entry *e, const char *s))
{
    struct db_stmt *s = NULL;
    enum mc_status st = db_query_start(db, q, &s, "i", id);
    while (db_next(s, &st))
        add(e, db_col_text(s, 0));
    db_done(s);
    return st;
}

enum mc_status asst_faq_each(struct db *db,
                             enum mc_status (*fn)(void *ctx, const struct asst_faq_entry *e),
                             void *ctx)
{
    struct db_stmt *s = NULL;
    struct asst_faq_entry *all = NULL;
    size_t n = 0, cap = 0;
    /* Read the entries first: the callback may not reuse the statements. */
    enum mc_status st = db_query_start(db, &Q_FAQ_ALL, &s, "");
    while (db_next(s, &st)) {
        struct asst_faq_entry *e = ARRAY_PUSH(all, n, cap);
        e->id = db_col_int64(s, 0);
        e->answer = db_col_strdup(s, 1);
        e->topic = db_col_strdup(s, 2);
    }
    db_done(s);
    for (size_t i = 0; st == MC_OK && i < n; i++) {
        st = read_list(db, &Q_FAQ_QUESTIONS, all[i].id, &all[i], asst_faq_entry_add_question);
        if (st == MC_OK)
            st = read_list(db, &Q_FAQ_LINKS, all[i].id, &all[i], asst_faq_entry_add_code);
        if (st == MC_OK && all[i].nquestions > 0)
            st = fn(ctx, &all[i]);
    }
    for (size_t i = 0; i < n; i++)
        asst_faq_entry_release(&all[i]);
    free(all);
    return st;
}

/* ---------------------------------------------------------------- rules */

struct rule_ctx {
    const struct audit_actor *who;
    const char *kind, *phrase, *target;
};

static enum mc_status rule_tx(struct db *db, void *arg)
{
    struct rule_ctx *c = arg;
    char detail[64];
    enum mc_status st = db_run(db, &Q_RULE_ADD, NULL, "sssi", c->kind, c->phrase, c->target,
                               clock_now());
    if (st == MC_OK)
        st = db_run(db, &Q_VERSION_BUMP, NULL, "");
    snprintf(detail, sizeof(detail), "{\"kind\":\"%s\"}", c->kind);
    if (st == MC_OK)
        st = audit_record(db, c->who, "assistant.rule_add", "assistant_rules", detail);
    return st;
}

enum mc_status asst_rule_add(struct db *db, const struct audit_actor *who, const char *kind,
                             const char *phrase, const char *target)
{
    struct rule_ctx c = {who, kind, phrase, target};
    struct asst_lexicon probe;
    if (!kind || (strcmp(kind, "synonym") != 0 && strcmp(kind, "abbreviation") != 0) ||
        !phrase || !target || !*phrase || !*target || !text_ok(phrase, RULE_MAX) ||
        !text_ok(target, RULE_MAX))
        return MC_ERR_INVALID;
    /* Check the rule as the loader will read it. */
    asst_lexicon_init(&probe);
    enum mc_status st = asst_lexicon_add_rule(&probe, kind, phrase, target);
    asst_lexicon_release(&probe);
    if (st != MC_OK)
        return st;
    return db_tx(db, rule_tx, &c);
}

enum mc_status asst_rules_each(struct db *db,
                               enum mc_status (*fn)(void *ctx, const char *kind,
                                                    const char *phrase, const char *target),
                               void *ctx)
{
    struct db_stmt *s = NULL;
    enum mc_status st = db_query_start(db, &Q_RULES_ALL, &s, "");
    while (db_next(s, &st)) {
        st = fn(ctx, db_col_text(s, 0), db_col_text(s, 1), db_col_text(s, 2));
    }
    db_done(s);
    return st;
}

enum mc_status asst_kb_stamp(struct db *db, char *out, size_t size)
{
    enum mc_status st = db_get_text(db, &Q_STAMP, out, size, "");
    return st == MC_ERR_NOT_FOUND ? MC_ERR_DB : st;   /* an aggregate always has a row */
}

/* ---------------------------------------------------------------- import */

/* Skip "Câu hỏi Câu hỏi 12 :" prefixes; returns where the question starts. */
static const char *strip_prefix(const char *q)
{
    static const char label[] = "Câu hỏi";
    const char *p = q;
    bool any = false;
    for (;;) {
        while (*p == ' ')
            p++;
        if (strncmp(p, label, sizeof(label) - 1) != 0)
            break;
        p += sizeof(label) - 1;
        any = true;
    }
    if (!any || !isdigit((unsigned char)*p))
        return q;
    while (isdigit((unsigned char)*p))
        p++;
    while (*p == ' ')
        p++;
    if (*p != ':')
        return q;
    p++;
    while (*p == ' ')
        p++;
    return p;
}

/* Add each "ma_thu_tuc=CODE" of s and each word of a codes cell to e. */
static void add_codes(struct asst_faq_entry *e, const char *s, bool links)
{
    static const char marker[] = "ma_thu_tuc=";
    char code[65];
    const char *p = s;
    while (*p) {
        if (links) {
            const char *m = strstr(p, marker);
            if (!m)
                break;
            p = m + sizeof(marker) - 1;
        } else {
            while (*p && !isalnum((unsigned char)*p))
                p++;
        }
        size_t n = 0;
        while (isalnum((unsigned char)p[n]) || p[n] == '.' || p[n] == '-' || p[n] == '_')
            n++;
        if (n > 0 && n < sizeof(code)) {
            memcpy(code, p, n);
            code[n] = '\0';
            asst_faq_entry_add_code(e, code);
        }
        p += n ? n : (*p ? 1 : 0);
    }
}

static char *field_dup(struct csv_field f)
{
    const char *s = f.ptr;
    size_t n = f.len;
    text_trim(&s, &n);
    return xstrndup(s, n);
}

struct reader {
    struct import_report *rep;
    struct asst_faq_entry *items;
    size_t n, cap;
    struct strmap keys;        /* folded first question -> index */
    size_t ncols;              /* columns of the header row */
};

static void read_row(struct reader *r, const struct csv_record *rec,
                     const struct csv_column *cols)
{
    enum { C_QUESTION, C_ANSWER, C_LINKS, C_TOPIC, C_CODES, C_VARIANTS };
    char *raw = field_dup(csv_record_get(rec, cols[C_QUESTION].index));
    char *q = xstrdup(strip_prefix(raw));
    char *answer = NULL, *extra = NULL;
    struct buf key;
    buf_init(&key, KEY_MAX);
    import_report_read(r->rep);
    if (rec->nfields != r->ncols) {
        import_report_error(r->rep, "dòng %lu: có %zu cột trong khi dòng tiêu đề có %zu cột"
                            " (thiếu hoặc thừa cột)", rec->line, rec->nfields, r->ncols);
        goto reject;
    }
    if (!*q) {
        import_report_error(r->rep, "dòng %lu: thiếu câu hỏi", rec->line);
        goto reject;
    }
    if (strlen(q) > ASST_FAQ_QUESTION_MAX || !text_utf8_valid(q, strlen(q)) ||
        faq_key(q, &key) != MC_OK || buf_status(&key) != MC_OK) {
        import_report_error(r->rep, "dòng %lu: câu hỏi quá dài hoặc không phải UTF-8",
                            rec->line);
        goto reject;
    }
    if (cols[C_ANSWER].index != CSV_NO_COLUMN) {
        answer = field_dup(csv_record_get(rec, cols[C_ANSWER].index));
        if (strlen(answer) > ASST_FAQ_ANSWER_MAX || !text_utf8_valid(answer, strlen(answer))) {
            import_report_error(r->rep, "dòng %lu: câu trả lời quá dài hoặc không phải UTF-8",
                                rec->line);
            goto reject;
        }
    }
    int64_t idx;
    if (!strmap_get(&r->keys, buf_cstr(&key), key.len, &idx)) {
        if (r->n >= ASST_FAQ_ROWS_MAX) {
            import_report_error(r->rep, "dòng %lu: tệp có quá nhiều câu hỏi", rec->line);
            goto reject;
        }
        idx = strmap_put(&r->keys, buf_cstr(&key), key.len, (int64_t)r->n);
        ARRAY_PUSH(r->items, r->n, r->cap);
    }
    struct asst_faq_entry *e = &r->items[idx];
    asst_faq_entry_add_question(e, q);
    if (answer && *answer && !e->answer) {
        e->answer = answer;
        answer = NULL;
    }
    if (cols[C_TOPIC].index != CSV_NO_COLUMN && !e->topic) {
        e->topic = field_dup(csv_record_get(rec, cols[C_TOPIC].index));
        if (!text_utf8_valid(e->topic, strlen(e->topic)) || strlen(e->topic) > RULE_MAX * 5) {
            free(e->topic);
            e->topic = NULL;
        }
    }
    if (cols[C_LINKS].index != CSV_NO_COLUMN) {
        extra = field_dup(csv_record_get(rec, cols[C_LINKS].index));
        add_codes(e, extra, true);
        free(extra);
    }
    if (cols[C_CODES].index != CSV_NO_COLUMN) {
        extra = field_dup(csv_record_get(rec, cols[C_CODES].index));
        add_codes(e, extra, false);
        free(extra);
    }
    if (cols[C_VARIANTS].index != CSV_NO_COLUMN) {
        extra = field_dup(csv_record_get(rec, cols[C_VARIANTS].index));
        for (char *p = extra; *p;) {
            char *bar = strchr(p, '|');
            if (bar)
                *bar = '\0';
            const char *v = p;
            size_t vn = strlen(p);
            text_trim(&v, &vn);
            char *vv = xstrndup(v, vn);
            if (vn > 0 && vn <= ASST_FAQ_QUESTION_MAX && text_utf8_valid(vv, vn))
                asst_faq_entry_add_question(e, vv);
            free(vv);
            p = bar ? bar + 1 : p + strlen(p);
        }
        free(extra);
    }
    goto done;
reject:
    r->rep->rejected++;
done:
    buf_release(&key);
    free(answer);
    free(q);
    free(raw);
}

static enum mc_status read_all(struct csv_reader *cr, struct import_report *rep,
                               struct asst_faq_entry **out, size_t *nout)
{
    struct csv_column cols[] = {
        {.name = "question", .required = true},
        {.name = "answer"},
        {.name = "related_links"},
        {.name = "main_topic"},
        {.name = "codes"},
        {.name = "variants"},
    };
    struct csv_record rec;
    struct reader r = {.rep = rep};
    const char *bad = NULL;
    strmap_init(&r.keys);
    enum mc_status st = csv_reader_next(cr, &rec);
    if (st == CSV_END) {
        import_report_error(rep, "tệp rỗng");
        st = MC_ERR_INVALID;
    } else if (st == MC_OK) {
        r.ncols = rec.nfields;
        st = csv_header_map(&rec, cols, MC_ARRAY_LEN(cols), &bad);
        if (st != MC_OK) {
            import_report_error(rep, "dòng 1: thiếu cột %s hoặc cột lặp lại",
                                bad ? bad : "question");
            st = MC_ERR_INVALID;
        }
    }
    while (st == MC_OK) {
        st = csv_reader_next(cr, &rec);
        if (st != MC_OK)
            break;
        read_row(&r, &rec, cols);
    }
    if (st == CSV_END)
        st = MC_OK;
    else if (st != MC_ERR_INVALID || *csv_reader_message(cr))
        if (*csv_reader_message(cr))
            import_report_error(rep, "%s", csv_reader_message(cr));
    strmap_release(&r.keys);
    *out = r.items;
    *nout = r.n;
    return st;
}

enum mc_status asst_faq_read_csv(const char *path, struct import_report *rep,
                                 struct asst_faq_entry **out, size_t *nout)
{
    struct csv_reader cr;
    *out = NULL;
    *nout = 0;
    FILE *f = fopen(path, "rb");
    if (!f) {
        import_report_error(rep, "không mở được tệp %s", path);
        return MC_ERR_NOT_FOUND;
    }
    csv_reader_init_file(&cr, f, NULL);
    enum mc_status st = read_all(&cr, rep, out, nout);
    csv_reader_release(&cr);
    fclose(f);
    return st;
}

enum mc_status asst_faq_read_csv_mem(const char *data, size_t len, struct import_report *rep,
                                     struct asst_faq_entry **out, size_t *nout)
{
    struct csv_reader cr;
    csv_reader_init_mem(&cr, data, len, NULL);
    enum mc_status st = read_all(&cr, rep, out, nout);
    csv_reader_release(&cr);
    return st;
}

enum mc_status asst_faq_import_entries(struct db *db, const struct audit_actor *who,
                                       const struct asst_faq_entry *entries, size_t n,
                                       const char *source, struct import_report *rep)
{
    struct save_ctx c = {who, entries, n, source, 0, 0, 0, "assistant.import_faq"};
    enum mc_status st = db_tx(db, save_tx, &c);
    if (st == MC_OK) {
        rep->created = c.created;
        rep->updated = c.updated;
        rep->committed = true;
    }
    return st;
}

enum mc_status asst_faq_import(struct db *db, const struct audit_actor *who, const char *path,
                               const char *source, struct import_report *rep)
{
    struct asst_faq_entry *items = NULL;
    size_t n = 0;
    enum mc_status st = asst_faq_read_csv(path, rep, &items, &n);
    if (st == MC_OK && rep->rejected > 0)
        st = MC_ERR_INVALID;
    if (st == MC_OK)
        st = asst_faq_import_entries(db, who, items, n, source, rep);
    for (size_t i = 0; i < n; i++)
        asst_faq_entry_release(&items[i]);
    free(items);
    return st;
}

enum mc_status asst_faq_seed_demo(struct db *db)
{
    static const struct audit_actor system = {0, "system", "demo"};
    struct import_report rep;
    struct asst_faq_entry *items = NULL;
    size_t n = 0;
    int64_t count = 0;
    const struct asset *a = asset_find("data/demo/faq.csv");
    enum mc_status st = asst_faq_count(db, &count);
    if (st != MC_OK || count > 0 || !a)
        return st == MC_OK && !a ? MC_ERR_NOT_FOUND : st;
    import_report_init(&rep);
    st = asst_faq_read_csv_mem(a->data, (size_t)a->len, &rep, &items, &n);
    if (st == MC_OK && rep.rejected > 0)
        st = MC_ERR_INVALID;
    if (st == MC_OK)
        st = asst_faq_import_entries(db, &system, items, n, "demo", &rep);
    if (st == MC_OK)
        printf("Trợ lý ảo: %zu câu hỏi thường gặp mẫu.\n", n);
    else
        import_report_print(&rep, "câu hỏi thường gặp mẫu", stderr);
    for (size_t i = 0; i < n; i++)
        asst_faq_entry_release(&items[i]);
    free(items);
    import_report_release(&rep);
    return st;
}
