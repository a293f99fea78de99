/*
 * catalog.c - versioned storage of procedures, the canonical JSON form,
 * field counts and the national / online-level imports (see catalog.h
 * and docs/internals/catalog.md).  Search is in catalog_search.c.
 *
 * DESIGN
 * save_one() is the single writer: it builds the canonical JSON, compares
 * it with the current version's, and only when they differ writes the
 * main row, a new version row and the search row.  catalog_save() wraps
 * it in db_tx() with an audit row; the imports call it for every record
 * inside their own db_tx() and write one audit row for the run.  The
 * transaction functions rebuild their counts on every run, since db_tx()
 * re-runs them when the database is busy.  A transaction that changed a
 * procedure ends with refresh_terms(): the document counts of the search
 * vocabularies (words, word pairs) are copied again from their fts5vocab
 * tables (≈ 0.13 s for the 2,642-procedure catalogue), so search reads
 * them with an index seek.
 */
#include <jansson.h>
#include <pthread.h>
#include <stdlib.h>
#include "domain/catalog/catalog.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/mem.h"
#include "core/text.h"

#define AUDIT_DETAIL_MAX 256       /* bytes of an audit_log detail */
#define FOLD_MAX BUF_MAX_FILE      /* folded text of one search column */
#define JSON_MAX_ITEMS 4096u       /* array items read back from stored JSON */

/* ---------------------------------------------------------------- queries */

/* save_one(): the current version and its data */
static const struct db_query Q_VERSION_OF = {
    "catalog.version_of",
    "SELECT current_version FROM procedures WHERE code = ?1",
};
static const struct db_query Q_CURRENT = {
    "catalog.current",
    "SELECT p.id, p.current_version, v.data, p.online_level FROM procedures p"
    " JOIN procedure_versions v ON v.code = p.code AND v.version = p.current_version"
    " WHERE p.code = ?1",
};
/* save_one(): insert or update the main row, returning its id */
static const struct db_query Q_UPSERT = {
    "catalog.upsert",
    "INSERT INTO procedures (code, current_version, name, field, levels, online_level,"
    " competent_agency, agency_folded, created_at, updated_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)"
    " ON CONFLICT(code) DO UPDATE SET current_version = excluded.current_version,"
    " name = excluded.name, field = excluded.field, levels = excluded.levels,"
    " online_level = excluded.online_level, competent_agency = excluded.competent_agency,"
    " agency_folded = excluded.agency_folded, updated_at = excluded.updated_at"
    " RETURNING id",
};
/* save_one(): the new version */
static const struct db_query Q_VERSION_INSERT = {
    "catalog.version_insert",
    "INSERT INTO procedure_versions (code, version, data, created_at)"
    " VALUES (?1, ?2, ?3, ?4)",
};
/* save_one(): replace the search row */
static const struct db_query Q_FTS_DELETE = {
    "catalog.fts_delete",
    "DELETE FROM procedure_fts WHERE rowid = ?1",
};
static const struct db_query Q_FTS_INSERT = {
    "catalog.fts_insert",
    "INSERT INTO procedure_fts (rowid, name, field, agency, documents, steps)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
};
/* save_one(): replace the word-pair search row (0009) */
static const struct db_query Q_PAIRS_DELETE = {
    "catalog.pairs_delete",
    "DELETE FROM procedure_pairs WHERE rowid = ?1",
};
static const struct db_query Q_PAIRS_INSERT = {
    "catalog.pairs_insert",
    "INSERT INTO procedure_pairs (rowid, name, field, agency, documents, steps)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
};
/* refresh_terms(): the search vocabularies' counts (0009) */
static const struct db_query Q_TERMS_CLEAR = {
    "catalog.terms_clear",
    "DELETE FROM procedure_term_counts",
};
static const struct db_query Q_TERMS_FILL = {
    "catalog.terms_fill",
    "INSERT INTO procedure_term_counts (term, doc, cnt)"
    " SELECT term, doc, cnt FROM procedure_terms",
};
static const struct db_query Q_PAIRS_CLEAR = {
    "catalog.pairs_clear",
    "DELETE FROM procedure_pair_counts",
};
static const struct db_query Q_PAIRS_FILL = {
    "catalog.pairs_fill",
    "INSERT INTO procedure_pair_counts (term, doc) SELECT term, doc FROM procedure_pair_terms",
};
/* catalog_get() */
static const struct db_query Q_GET_CURRENT = {
    "catalog.get_current",
    "SELECT v.version, v.data FROM procedures p"
    " JOIN procedure_versions v ON v.code = p.code AND v.version = p.current_version"
    " WHERE p.code = ?1",
};
/* catalog_get_version() */
static const struct db_query Q_GET_VERSION = {
    "catalog.get_version",
    "SELECT data FROM procedure_versions WHERE code = ?1 AND version = ?2",
};
/* catalog_fields() */
static const struct db_query Q_FIELDS = {
    "catalog.fields",
    "SELECT field, COUNT(*) FROM procedures GROUP BY field ORDER BY COUNT(*) DESC, field",
};

/* ---------------------------------------------------------------- JSON */

static void put_str(json_t *o, const char *key, const char *s)
{
    if (s)
        json_object_set_new(o, key, json_string(s));
}

static void put_int(json_t *o, const char *key, int64_t v)
{
    json_object_set_new(o, key, json_integer((json_int_t)v));
}

char *catalog_procedure_json(const struct procedure *p)
{
    json_t *o = json_object();
    json_t *a;
    char *out;
    put_str(o, "code", p->code);
    put_str(o, "name", p->name);
    put_str(o, "field", p->field);
    put_str(o, "kind", p->kind);
    put_int(o, "levels", p->levels);
    put_str(o, "applicants", p->applicants);
    put_str(o, "competent_agency", p->competent_agency);
    put_str(o, "implementing_agency", p->implementing_agency);
    put_str(o, "decision_number", p->decision_number);
    put_str(o, "source_url", p->source_url);
    a = json_array();
    for (size_t i = 0; i < p->nchannels; i++) {
        const struct proc_channel *c = &p->channels[i];
        json_t *e = json_object();
        put_int(e, "kind", c->kind);
        put_int(e, "time_state", c->time_state);
        json_object_set_new(e, "time_min", json_real(c->time_min));
        json_object_set_new(e, "time_max", json_real(c->time_max));
        put_int(e, "time_unit", c->time_unit);
        put_str(e, "time_raw", c->time_raw);
        put_int(e, "fee_state", c->fee_state);
        put_int(e, "fee_dong", c->fee_dong);
        put_str(e, "fee_raw", c->fee_raw);
        put_str(e, "description", c->description);
        json_array_append_new(a, e);
    }
    json_object_set_new(o, "channels", a);
    put_str(o, "channels_raw", p->channels_raw);
    a = json_array();
    for (size_t i = 0; i < p->ndocuments; i++) {
        const struct proc_document *d = &p->documents[i];
        json_t *e = json_object();
        put_str(e, "name", d->name);
        put_str(e, "template", d->template_name);
        put_str(e, "group", d->group);
        json_object_set_new(e, "count_known", json_boolean(d->count_known));
        put_int(e, "originals", d->originals);
        put_int(e, "copies", d->copies);
        if (d->need != PROC_DOC_UNSPECIFIED)   /* absent before e-forms: same JSON */
            put_int(e, "need", d->need);
        put_str(e, "need_if", d->need_if);
        json_array_append_new(a, e);
    }
    json_object_set_new(o, "documents", a);
    put_str(o, "documents_raw", p->documents_raw);
    put_str(o, "steps", p->steps);
    put_str(o, "conditions", p->conditions);
    a = json_array();
    for (size_t i = 0; i < p->nlegal; i++) {
        json_t *e = json_object();
        put_str(e, "number", p->legal[i].number);
        put_str(e, "title", p->legal[i].title);
        json_array_append_new(a, e);
    }
    json_object_set_new(o, "legal", a);
    put_str(o, "legal_raw", p->legal_raw);
    put_str(o, "result", p->result);
    put_str(o, "result_raw", p->result_raw);
    put_int(o, "online_level", p->online_level);
    a = json_array();
    for (size_t i = 0; i < p->nform_fields; i++) {
        json_t *e = json_object();
        const struct proc_form_field *f = &p->form_fields[i];
        put_str(e, "key", f->key);
        put_str(e, "label", f->label);
        json_object_set_new(e, "required", json_boolean(f->required));
        /* The typed form's members only when set, so older records keep their JSON. */
        put_str(e, "type", f->type);
        put_str(e, "options", f->options);
        put_str(e, "hint", f->hint);
        put_str(e, "show_if", f->show_if);
        if (f->past)
            json_object_set_new(e, "past", json_true());
        if (f->min)
            put_int(e, "min", f->min);
        if (f->max)
            put_int(e, "max", f->max);
        if (f->on_receipt)
            json_object_set_new(e, "on_receipt", json_true());
        if (f->on_result)
            json_object_set_new(e, "on_result", json_true());
        json_array_append_new(a, e);
    }
    json_object_set_new(o, "form_fields", a);
    put_str(o, "copies_field", p->copies_field);
    if (p->copy_fee_dong)
        put_int(o, "copy_fee_dong", p->copy_fee_dong);
    out = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(o);
    if (!out)
        abort();   /* jansson fails here only when out of memory */
    return out;
}

/* The string member key of o, copied, or NULL when absent; false for a wrong type. */
static bool get_str(const json_t *o, const char *key, char **out)
{
    json_t *v = json_object_get(o, key);
    *out = NULL;
    if (!v)
        return true;
    if (!json_is_string(v))
        return false;
    *out = xstrndup(json_string_value(v), json_string_length(v));
    return true;
}

static bool get_int(const json_t *o, const char *key, int64_t *out)
{
    json_t *v = json_object_get(o, key);
    *out = 0;
    if (!v)
        return true;
    if (!json_is_integer(v))
        return false;
    *out = (int64_t)json_integer_value(v);
    return true;
}

static bool get_uint(const json_t *o, const char *key, unsigned *out)
{
    int64_t v = 0;
    bool ok = get_int(o, key, &v) && v >= 0 && v <= (int64_t)UINT32_MAX;
    *out = ok ? (unsigned)v : 0;
    return ok;
}

static bool get_bool(const json_t *o, const char *key, bool *out)
{
    json_t *v = json_object_get(o, key);
    *out = v && json_is_true(v);
    return !v || json_is_boolean(v);
}

static bool get_double(const json_t *o, const char *key, double *out)
{
    json_t *v = json_object_get(o, key);
    *out = v && json_is_number(v) ? json_number_value(v) : 0;
    return !v || json_is_number(v);
}

/*
 * The array member key of o in *out (NULL when absent, which reads as
 * empty); false for a wrong type or too many items.
 */
static bool get_array(const json_t *o, const char *key, json_t **out)
{
    json_t *v = json_object_get(o, key);
    *out = v;
    return !v || (json_is_array(v) && json_array_size(v) <= JSON_MAX_ITEMS);
}

static bool read_channels(const json_t *o, struct procedure *p)
{
    json_t *a;
    size_t i;
    json_t *e;
    if (!get_array(o, "channels", &a))
        return false;
    json_array_foreach(a, i, e) {
        int64_t kind, ts, tu, fs;
        if (!json_is_object(e) || !get_int(e, "kind", &kind))
            return false;
        struct proc_channel *c = procedure_add_channel(p, (enum proc_channel_kind)kind);
        if (!get_int(e, "time_state", &ts) || !get_int(e, "time_unit", &tu)
            || !get_int(e, "fee_state", &fs) || !get_int(e, "fee_dong", &c->fee_dong)
            || !get_double(e, "time_min", &c->time_min)
            || !get_double(e, "time_max", &c->time_max)
            || !get_str(e, "time_raw", &c->time_raw) || !get_str(e, "fee_raw", &c->fee_raw)
            || !get_str(e, "description", &c->description))
            return false;
        c->time_state = (enum proc_time_state)ts;
        c->time_unit = (enum proc_time_unit)tu;
        c->fee_state = (enum proc_fee_state)fs;
    }
    return true;
}

static bool read_documents(const json_t *o, struct procedure *p)
{
    json_t *a;
    size_t i;
    json_t *e;
    if (!get_array(o, "documents", &a))
        return false;
    json_array_foreach(a, i, e) {
        if (!json_is_object(e))
            return false;
        struct proc_document *d = procedure_add_document(p);
        if (!get_str(e, "name", &d->name) || !get_str(e, "template", &d->template_name)
            || !get_str(e, "group", &d->group) || !get_bool(e, "count_known", &d->count_known)
            || !get_uint(e, "originals", &d->originals) || !get_uint(e, "copies", &d->copies))
            return false;
        unsigned need = 0;
        if (!get_uint(e, "need", &need) || need > PROC_DOC_CONDITIONAL
            || !get_str(e, "need_if", &d->need_if))
            return false;
        d->need = (enum proc_doc_need)need;
    }
    return true;
}

static bool read_legal(const json_t *o, struct procedure *p)
{
    json_t *a;
    size_t i;
    json_t *e;
    if (!get_array(o, "legal", &a))
        return false;
    json_array_foreach(a, i, e) {
        if (!json_is_object(e))
            return false;
        struct proc_legal *l = procedure_add_legal(p);
        if (!get_str(e, "number", &l->number) || !get_str(e, "title", &l->title))
            return false;
    }
    return true;
}

static bool read_form_fields(const json_t *o, struct procedure *p)
{
    json_t *a;
    size_t i;
    json_t *e;
    if (!get_array(o, "form_fields", &a))
        return false;
    if (a && json_array_size(a) > 0)
        p->form_fields = xcalloc(json_array_size(a), sizeof(*p->form_fields));
    json_array_foreach(a, i, e) {
        if (!json_is_object(e))
            return false;
        struct proc_form_field *f = &p->form_fields[p->nform_fields++];
        if (!get_str(e, "key", &f->key) || !get_str(e, "label", &f->label)
            || !get_bool(e, "required", &f->required) || !get_str(e, "type", &f->type)
            || !get_str(e, "options", &f->options) || !get_str(e, "hint", &f->hint)
            || !get_str(e, "show_if", &f->show_if) || !get_bool(e, "past", &f->past)
            || !get_int(e, "min", &f->min) || !get_int(e, "max", &f->max)
            || !get_bool(e, "on_receipt", &f->on_receipt)
            || !get_bool(e, "on_result", &f->on_result))
            return false;
    }
    return true;
}

enum mc_status catalog_procedure_from_json(const char *json, size_t len, struct procedure *out)
{
    json_error_t jerr;
    json_t *o = json_loadb(json, len, JSON_REJECT_DUPLICATES, &jerr);
    enum mc_status st = MC_ERR_INVALID;
    int64_t online = 0;
    if (!o || !json_is_object(o))
        goto out;
    if (!get_str(o, "code", &out->code) || !get_str(o, "name", &out->name)
        || !get_str(o, "field", &out->field) || !get_str(o, "kind", &out->kind)
        || !get_uint(o, "levels", &out->levels)
        || !get_str(o, "applicants", &out->applicants)
        || !get_str(o, "competent_agency", &out->competent_agency)
        || !get_str(o, "implementing_agency", &out->implementing_agency)
        || !get_str(o, "decision_number", &out->decision_number)
        || !get_str(o, "source_url", &out->source_url)
        || !get_str(o, "channels_raw", &out->channels_raw)
        || !get_str(o, "documents_raw", &out->documents_raw)
        || !get_str(o, "steps", &out->steps) || !get_str(o, "conditions", &out->conditions)
        || !get_str(o, "legal_raw", &out->legal_raw) || !get_str(o, "result", &out->result)
        || !get_str(o, "result_raw", &out->result_raw)
        || !get_int(o, "online_level", &online)
        || !get_str(o, "copies_field", &out->copies_field)
        || !get_int(o, "copy_fee_dong", &out->copy_fee_dong))
        goto out;
    out->online_level = (enum proc_online_level)online;
    if (!out->code || !out->name || !read_channels(o, out) || !read_documents(o, out)
        || !read_legal(o, out) || !read_form_fields(o, out))
        goto out;
    st = MC_OK;
out:
    json_decref(o);
    return st;
}

/* ---------------------------------------------------------------- saving */

/* Append the fold of s (may be NULL) and a space to out. */
static enum mc_status fold_add(struct buf *out, const char *s)
{
    enum mc_status st;
    if (!s || !*s)
        return MC_OK;
    st = text_fold(s, strlen(s), out);
    if (st == MC_OK && out->len > 0 && out->data[out->len - 1] != ' ')
        buf_addch(out, ' ');
    return st == MC_OK ? buf_status(out) : st;
}

/* The folded search columns of one procedure. */
struct fold_cols {
    struct buf name, field, agency, documents, steps;
};

static void fold_cols_init(struct fold_cols *f)
{
    buf_init(&f->name, FOLD_MAX);
    buf_init(&f->field, FOLD_MAX);
    buf_init(&f->agency, FOLD_MAX);
    buf_init(&f->documents, FOLD_MAX);
    buf_init(&f->steps, FOLD_MAX);
}

static void fold_cols_release(struct fold_cols *f)
{
    buf_release(&f->name);
    buf_release(&f->field);
    buf_release(&f->agency);
    buf_release(&f->documents);
    buf_release(&f->steps);
}

static enum mc_status fold_procedure(const struct procedure *p, struct fold_cols *f)
{
    enum mc_status st = fold_add(&f->name, p->name);
    if (st == MC_OK)
        st = fold_add(&f->field, p->field);
    if (st == MC_OK)
        st = fold_add(&f->agency, p->competent_agency);
    if (st == MC_OK)
        st = fold_add(&f->agency, p->implementing_agency);
    for (size_t i = 0; st == MC_OK && i < p->ndocuments; i++)
        st = fold_add(&f->documents, p->documents[i].name);
    if (st == MC_OK && p->ndocuments == 0)
        st = fold_add(&f->documents, p->documents_raw);
    if (st == MC_OK)
        st = fold_add(&f->steps, p->steps);
    return st;
}

/*
 * Append to out the adjacent word pairs of the folded text in (words
 * separated by one space), each as one token "w1_w2", separated by
 * spaces: "dang ky khai sinh" gives "dang_ky ky_khai khai_sinh".  The
 * same rule as the SQL of migration 0009, which filled the existing rows.
 */
static enum mc_status pair_words(const struct buf *in, struct buf *out)
{
    const char *p = buf_cstr(in), *end = p + in->len;
    const char *prev = NULL;
    size_t prev_len = 0;
    while (p < end) {
        const char *sp = memchr(p, ' ', (size_t)(end - p));
        size_t n = sp ? (size_t)(sp - p) : (size_t)(end - p);
        if (prev_len > 0 && n > 0) {
            if (out->len > 0)
                buf_addch(out, ' ');
            buf_add(out, prev, prev_len);
            buf_addch(out, '_');
            buf_add(out, p, n);
        }
        prev = p;
        prev_len = n;
        p += n + (sp != NULL);
    }
    return buf_status(out);
}

/* The word-pair columns of the folded columns f. */
static enum mc_status pair_cols(const struct fold_cols *f, struct fold_cols *pairs)
{
    enum mc_status st = pair_words(&f->name, &pairs->name);
    if (st == MC_OK)
        st = pair_words(&f->field, &pairs->field);
    if (st == MC_OK)
        st = pair_words(&f->agency, &pairs->agency);
    if (st == MC_OK)
        st = pair_words(&f->documents, &pairs->documents);
    if (st == MC_OK)
        st = pair_words(&f->steps, &pairs->steps);
    return st;
}

static bool valid_text(const char *s)
{
    return !s || text_utf8_valid(s, strlen(s));
}

/* Every text member of p is NULL or valid UTF-8. */
static bool procedure_valid(const struct procedure *p)
{
    bool ok = p->code && p->name && *p->code && *p->name
              && strlen(p->code) <= CATALOG_CODE_MAX;
    const char *top[] = {p->code, p->name, p->field, p->kind, p->applicants,
                         p->competent_agency, p->implementing_agency, p->decision_number,
                         p->source_url, p->channels_raw, p->documents_raw, p->steps,
                         p->conditions, p->legal_raw, p->result, p->result_raw};
    for (size_t i = 0; ok && i < MC_ARRAY_LEN(top); i++)
        ok = valid_text(top[i]);
    for (size_t i = 0; ok && i < p->nchannels; i++)
        ok = valid_text(p->channels[i].time_raw) && valid_text(p->channels[i].fee_raw)
             && valid_text(p->channels[i].description);
    for (size_t i = 0; ok && i < p->ndocuments; i++)
        ok = valid_text(p->documents[i].name) && valid_text(p->documents[i].template_name)
             && valid_text(p->documents[i].group);
    for (size_t i = 0; ok && i < p->nlegal; i++)
        ok = valid_text(p->legal[i].number) && valid_text(p->legal[i].title);
    for (size_t i = 0; ok && i < p->nform_fields; i++) {
        const struct proc_form_field *f = &p->form_fields[i];
        ok = valid_text(f->key) && valid_text(f->label) && valid_text(f->type)
             && valid_text(f->options) && valid_text(f->hint) && valid_text(f->show_if);
    }
    for (size_t i = 0; ok && i < p->ndocuments; i++)
        ok = valid_text(p->documents[i].need_if);
    return ok && valid_text(p->copies_field);
}

/*
 * Write p unless it equals the current version.  With keep_level, a p
 * whose online level is unknown keeps the stored level.  Must run inside
 * db_tx().  No audit row: the callers write it.
 */
static enum mc_status save_one(struct db *db, const struct procedure *p, bool keep_level,
                               enum catalog_save_outcome *outcome, int64_t *version)
{
    struct db_stmt *s = NULL;
    struct procedure with_level;
    struct fold_cols f, pairs;
    char *json = NULL;
    bool row = false;
    int64_t id = 0, cur = 0;
    int64_t now = clock_now();
    enum mc_status st = MC_ERR_INVALID;

    fold_cols_init(&f);
    fold_cols_init(&pairs);
    if (!procedure_valid(p))
        goto out;
    st = db_query_start(db, &Q_CURRENT, &s, "s", p->code);
    if (st == MC_OK)
        st = db_step(s, &row);
    if (st != MC_OK)
        goto out;
    if (row && keep_level && p->online_level == PROC_ONLINE_UNKNOWN) {
        with_level = *p;   /* shallow: only online_level differs, nothing is freed */
        with_level.online_level = (enum proc_online_level)db_col_int64(s, 3);
        p = &with_level;
    }
    json = catalog_procedure_json(p);
    if (row) {
        id = db_col_int64(s, 0);
        cur = db_col_int64(s, 1);
        if (strcmp(db_col_text(s, 2), json) == 0) {
            *outcome = CATALOG_UNCHANGED;
            *version = cur;
            goto out;
        }
    }
    db_done(s);
    s = NULL;
    st = fold_procedure(p, &f);
    if (st == MC_OK)
        st = pair_cols(&f, &pairs);
    if (st != MC_OK)
        goto out;
    st = db_get_int(db, &Q_UPSERT, &id, "sissiissi", p->code, cur + 1, p->name,
                    p->field ? p->field : "", (int64_t)p->levels, (int64_t)p->online_level,
                    p->competent_agency ? p->competent_agency : "", buf_cstr(&f.agency),
                    now);
    if (st == MC_OK)
        st = db_run(db, &Q_VERSION_INSERT, NULL, "sisi", p->code, cur + 1, json, now);
    if (st == MC_OK && row)
        st = db_run(db, &Q_FTS_DELETE, NULL, "i", id);
    if (st == MC_OK)
        st = db_run(db, &Q_FTS_INSERT, NULL, "isssss", id, buf_cstr(&f.name),
                    buf_cstr(&f.field), buf_cstr(&f.agency), buf_cstr(&f.documents),
                    buf_cstr(&f.steps));
    if (st == MC_OK && row)
        st = db_run(db, &Q_PAIRS_DELETE, NULL, "i", id);
    if (st == MC_OK)
        st = db_run(db, &Q_PAIRS_INSERT, NULL, "isssss", id, buf_cstr(&pairs.name),
                    buf_cstr(&pairs.field), buf_cstr(&pairs.agency),
                    buf_cstr(&pairs.documents), buf_cstr(&pairs.steps));
    if (st == MC_OK) {
        *outcome = row ? CATALOG_UPDATED : CATALOG_CREATED;
        *version = cur + 1;
    }
out:
    db_done(s);
    fold_cols_release(&pairs);
    fold_cols_release(&f);
    free(json);
    return st;
}

/*
 * Copy the document counts of the index vocabularies (words, word pairs)
 * into procedure_term_counts and procedure_pair_counts, which search
 * reads (catalog_search.c).  Called once at the end of every transaction
 * that changed a procedure.
 */
static enum mc_status refresh_terms(struct db *db)
{
    enum mc_status st = db_run(db, &Q_TERMS_CLEAR, NULL, "");
    if (st == MC_OK)
        st = db_run(db, &Q_TERMS_FILL, NULL, "");
    if (st == MC_OK)
        st = db_run(db, &Q_PAIRS_CLEAR, NULL, "");
    if (st == MC_OK)
        st = db_run(db, &Q_PAIRS_FILL, NULL, "");
    return st;
}

/* Write the audit row of a save or an import. */
static enum mc_status audit(struct db *db, const struct audit_actor *who, const char *action,
                            const char *object, const char *detail)
{
    static const struct audit_actor system_actor = {.user_id = 0, .role = "system",
                                                    .address = "cli"};
    return audit_record(db, who ? who : &system_actor, action, object, detail);
}

struct save_ctx {
    const struct audit_actor *who;
    const struct procedure *p;
    enum catalog_save_outcome outcome;
    int64_t version;
};

static enum mc_status save_tx(struct db *db, void *arg)
{
    struct save_ctx *c = arg;
    struct buf object, detail;
    enum mc_status st;
    buf_init(&object, AUDIT_DETAIL_MAX);
    buf_init(&detail, AUDIT_DETAIL_MAX);
    st = save_one(db, c->p, false, &c->outcome, &c->version);
    if (st != MC_OK || c->outcome == CATALOG_UNCHANGED)
        goto out;
    buf_addf(&object, "procedure:%s", c->p->code);
    buf_addf(&detail, "{\"version\":%lld}", (long long)c->version);
    st = refresh_terms(db);
    if (st == MC_OK)
        st = buf_status(&object);
    if (st == MC_OK)
        st = audit(db, c->who, "catalog.save", buf_cstr(&object), buf_cstr(&detail));
out:
    buf_release(&object);
    buf_release(&detail);
    return st;
}

enum mc_status catalog_save(struct db *db, const struct audit_actor *who,
                            const struct procedure *p, enum catalog_save_outcome *outcome,
                            int64_t *version)
{
    struct save_ctx c = {who, p, CATALOG_UNCHANGED, 0};
    enum mc_status st = db_tx(db, save_tx, &c);
    if (st == MC_OK && outcome)
        *outcome = c.outcome;
    if (st == MC_OK && version)
        *version = c.version;
    return st;
}

/* ---------------------------------------------------------------- reading */

/* Step s (started) and read column col as procedure JSON into out. */
/*
 * Decoded records kept in memory, keyed by their stored JSON text: the
 * same text always decodes to the same procedure, whatever the database,
 * so an entry is never stale.  Decoding a large record costs about 1 ms;
 * comparing its text and copying the decoded struct costs a few
 * microseconds.  Bounded: a new entry replaces whatever held its slot.
 * One mutex; callers always get their own copy.
 */
#define PROC_CACHE_SLOTS 256

struct proc_cache_entry {
    char *json;          /* the stored text; NULL when the slot is empty */
    size_t len;
    struct procedure p;  /* its decoded form */
};

static pthread_mutex_t proc_cache_lock = PTHREAD_MUTEX_INITIALIZER;
static struct proc_cache_entry proc_cache[PROC_CACHE_SLOTS];

static size_t proc_slot(const char *json, size_t len)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)json[i];
        h *= 1099511628211ull;
    }
    return (size_t)(h % PROC_CACHE_SLOTS);
}

/* Copy the procedure decoded from exactly this text into out; false on a miss. */
static bool proc_cache_get(const char *json, size_t len, size_t slot, struct procedure *out)
{
    struct proc_cache_entry *e = &proc_cache[slot];
    bool hit;
    pthread_mutex_lock(&proc_cache_lock);
    hit = e->json && e->len == len && memcmp(e->json, json, len) == 0;
    if (hit)
        procedure_copy(out, &e->p);
    pthread_mutex_unlock(&proc_cache_lock);
    return hit;
}

static void proc_cache_put(const char *json, size_t len, size_t slot,
                           const struct procedure *p)
{
    struct procedure copy, old;
    char *text = xmalloc(len + 1), *old_text;
    memcpy(text, json, len);
    text[len] = '\0';
    procedure_init(&copy);
    procedure_copy(&copy, p);
    struct proc_cache_entry *e = &proc_cache[slot];
    pthread_mutex_lock(&proc_cache_lock);
    old_text = e->json;
    old = e->p;
    e->json = text;
    e->len = len;
    e->p = copy;
    pthread_mutex_unlock(&proc_cache_lock);
    if (old_text)
        procedure_release(&old);
    free(old_text);
}

static enum mc_status read_row(struct db_stmt *s, int col, struct procedure *out,
                               int64_t *version)
{
    bool row = false;
    enum mc_status st = db_step(s, &row);
    if (st == MC_OK && !row)
        st = MC_ERR_NOT_FOUND;
    if (st != MC_OK)
        goto out;
    procedure_release(out);
    if (version)
        *version = db_col_int64(s, 0);
    const char *json = db_col_text(s, col);
    size_t len = db_col_len(s, col);
    size_t slot = proc_slot(json, len);
    if (proc_cache_get(json, len, slot, out))
        goto out;
    st = catalog_procedure_from_json(json, len, out);
    if (st != MC_OK) {
        procedure_release(out);
        st = MC_ERR_INTERNAL;
    } else {
        proc_cache_put(json, len, slot, out);
    }
out:
    return st;
}

enum mc_status catalog_get(struct db *db, const char *code, struct procedure *out,
                           int64_t *version)
{
    struct db_stmt *s = NULL;
    enum mc_status st = db_query_start(db, &Q_GET_CURRENT, &s, "s", code);
    if (st == MC_OK)
        st = read_row(s, 1, out, version);
    db_done(s);
    return st;
}

enum mc_status catalog_get_version(struct db *db, const char *code, int64_t version,
                                   struct procedure *out)
{
    struct db_stmt *s = NULL;
    enum mc_status st = db_query_start(db, &Q_GET_VERSION, &s, "si", code, version);
    if (st == MC_OK)
        st = read_row(s, 0, out, NULL);
    db_done(s);
    return st;
}

void catalog_field_list_init(struct catalog_field_list *l)
{
    l->items = NULL;
    l->n = 0;
}

void catalog_field_list_release(struct catalog_field_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->items[i].name);
    free(l->items);
    catalog_field_list_init(l);
}

enum mc_status catalog_fields(struct db *db, struct catalog_field_list *out)
{
    struct db_stmt *s = NULL;
    bool row = true;
    size_t cap = 0;
    enum mc_status st = db_query_start(db, &Q_FIELDS, &s, "");
    catalog_field_list_release(out);
    while (st == MC_OK) {
        st = db_step(s, &row);
        if (st != MC_OK || !row)
            break;
        if (out->n == cap) {
            cap = cap ? cap * 2 : 32;
            out->items = xrealloc(out->items, cap * sizeof(*out->items));
        }
        out->items[out->n].name = xstrndup(db_col_text(s, 0), db_col_len(s, 0));
        out->items[out->n].count = db_col_int64(s, 1);
        out->n++;
    }
    db_done(s);
    if (st != MC_OK)
        catalog_field_list_release(out);
    return st;
}

/* ---------------------------------------------------------------- imports */

const char *catalog_area_name(size_t i)
{
    static const char *const names[CATALOG_NAREAS] = {
        "bảng cách thức thực hiện", "thời gian giải quyết", "đơn vị thời gian",
        "phí, lệ phí", "thành phần hồ sơ", "tên mẫu đơn", "căn cứ pháp lý",
        "cấp thực hiện", "trường JSON",
    };
    return i < CATALOG_NAREAS ? names[i] : "khác";
}

/* One row of the online-level list, deduplicated and sorted by code. */
struct level_row {
    const char *code;          /* national code, owned by the list */
    enum proc_online_level level;
    bool used;                 /* matched a procedure */
};

struct level_map {
    struct online_level_list list;
    struct level_row *rows;
    size_t n;
};

static int level_row_cmp(const void *a, const void *b)
{
    const struct level_row *x = a, *y = b;
    int c = strcmp(x->code, y->code);
    if (c != 0)
        return c;
    return x < y ? -1 : x > y;   /* stable: keep file order */
}

static void level_map_release(struct level_map *m)
{
    online_level_list_release(&m->list);
    free(m->rows);
    m->rows = NULL;
    m->n = 0;
}

/* Load the CSV at path into m (first row wins); messages go to rep. */
static enum mc_status level_map_load(struct level_map *m, const char *path,
                                     struct import_report *rep,
                                     struct catalog_import_warnings *warn)
{
    struct national_warnings w;
    struct buf err;
    FILE *fp = fopen(path, "rb");
    enum mc_status st = MC_ERR_NOT_FOUND;
    size_t n = 0;
    national_warnings_init(&w);
    buf_init(&err, BUF_MAX_LINE);
    online_level_list_init(&m->list);
    m->rows = NULL;
    m->n = 0;
    if (!fp) {
        import_report_error(rep, "không mở được tệp %s", path);
        goto out;
    }
    st = online_level_list_load(fp, &m->list, &w, &err);
    if (st != MC_OK) {
        import_report_error(rep, "%s: %s", path, buf_cstr(&err));
        goto out;
    }
    warn->levels_skipped = w.count + w.dropped;
    m->rows = xcalloc(m->list.count + 1, sizeof(*m->rows));
    for (size_t i = 0; i < m->list.count; i++) {
        if (!m->list.items[i].national_code)
            continue;
        m->rows[n].code = m->list.items[i].national_code;
        m->rows[n].level = m->list.items[i].level;
        n++;
    }
    qsort(m->rows, n, sizeof(*m->rows), level_row_cmp);
    for (size_t i = 0; i < n; i++) {
        if (m->n > 0 && strcmp(m->rows[m->n - 1].code, m->rows[i].code) == 0) {
            if (m->rows[m->n - 1].level != m->rows[i].level)
                warn->levels_conflicting++;
            continue;
        }
        m->rows[m->n++] = m->rows[i];
    }
out:
    if (fp)
        fclose(fp);
    buf_release(&err);
    national_warnings_release(&w);
    return st;
}

static struct level_row *level_map_find(struct level_map *m, const char *code)
{
    size_t lo = 0, hi = m->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(m->rows[mid].code, code);
        if (c == 0)
            return &m->rows[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

/* The parsed records of a national file. */
struct parsed {
    struct procedure *items;
    unsigned long *lines;
    size_t n, cap;
};

static void parsed_release(struct parsed *r)
{
    for (size_t i = 0; i < r->n; i++)
        procedure_release(&r->items[i]);
    free(r->items);
    free(r->lines);
    memset(r, 0, sizeof(*r));
}

static void count_warnings(const struct national_warnings *w,
                           struct catalog_import_warnings *warn)
{
    if (w->count + w->dropped == 0)
        return;
    warn->records++;
    warn->total += w->count + w->dropped;
    for (size_t i = 0; i < CATALOG_NAREAS; i++)
        if (w->areas & (1u << i))
            warn->areas[i]++;
}

/* Read and parse every line of path into r; rejections go to rep. */
static enum mc_status parse_file(const char *path, struct parsed *r, struct import_report *rep,
                                 struct catalog_import_warnings *warn)
{
    struct national_file f;
    struct buf err;
    const char *line;
    size_t len;
    unsigned long line_no;
    enum mc_status st;
    buf_init(&err, BUF_MAX_LINE);
    st = national_file_open(&f, path, &err);
    if (st != MC_OK) {
        import_report_error(rep, "%s", buf_cstr(&err));
        goto out;
    }
    for (;;) {
        struct national_warnings w;
        buf_reset(&err);
        st = national_file_next(&f, &line, &len, &line_no, &err);
        if (st == MC_ERR_NOT_FOUND) {
            st = MC_OK;
            break;
        }
        rep->read++;
        if (st == MC_ERR_TOO_LARGE) {
            rep->rejected++;
            import_report_error(rep, "dòng %lu: dòng dài quá %u MB", line_no,
                                NATIONAL_MAX_LINE >> 20);
            continue;
        }
        if (st != MC_OK) {
            import_report_error(rep, "dòng %lu: %s", line_no, buf_cstr(&err));
            goto out;
        }
        if (r->n == r->cap) {
            r->cap = r->cap ? r->cap * 2 : 256;
            r->items = xrealloc(r->items, r->cap * sizeof(*r->items));
            r->lines = xrealloc(r->lines, r->cap * sizeof(*r->lines));
        }
        struct procedure *p = &r->items[r->n];
        procedure_init(p);
        national_warnings_init(&w);
        st = national_parse_record(line, len, p, &w, &err);
        if (st == MC_OK) {
            count_warnings(&w, warn);
            r->lines[r->n++] = line_no;
        } else {
            rep->rejected++;
            import_report_error(rep, "dòng %lu: %s", line_no,
                                err.len ? buf_cstr(&err) : "bản ghi không hợp lệ");
            procedure_release(p);
            st = MC_OK;
        }
        national_warnings_release(&w);
    }
out:
    national_file_close(&f);
    buf_release(&err);
    return st;
}

struct code_ref {
    const char *code;
    size_t index;
};

static int code_ref_cmp(const void *a, const void *b)
{
    const struct code_ref *x = a, *y = b;
    int c = strcmp(x->code, y->code);
    if (c != 0)
        return c;
    return x->index < y->index ? -1 : x->index > y->index;
}

/* Reject every record whose code appeared on an earlier line. */
static void reject_duplicates(const struct parsed *r, struct import_report *rep)
{
    struct code_ref *refs = xcalloc(r->n + 1, sizeof(*refs));
    for (size_t i = 0; i < r->n; i++) {
        refs[i].code = r->items[i].code;
        refs[i].index = i;
    }
    qsort(refs, r->n, sizeof(*refs), code_ref_cmp);
    for (size_t i = 1; i < r->n; i++) {
        size_t first = i;
        while (first > 0 && strcmp(refs[first - 1].code, refs[i].code) == 0)
            first--;
        if (first == i)
            continue;
        rep->rejected++;
        import_report_error(rep, "dòng %lu: mã thủ tục %s đã có ở dòng %lu",
                            r->lines[refs[i].index], refs[i].code,
                            r->lines[refs[first].index]);
    }
    free(refs);
}

struct import_ctx {
    struct parsed *records;
    struct level_map *levels;       /* NULL when no CSV */
    struct import_report *rep;
    struct catalog_import_warnings *warn;
    const char *action;
};

static enum mc_status import_audit(struct db *db, const struct import_ctx *c)
{
    struct buf detail;
    enum mc_status st;
    buf_init(&detail, AUDIT_DETAIL_MAX);
    buf_addf(&detail, "{\"read\":%zu,\"created\":%zu,\"updated\":%zu,\"unchanged\":%zu}",
             c->rep->read, c->rep->created, c->rep->updated, c->rep->unchanged);
    st = buf_status(&detail);
    if (st == MC_OK)
        st = audit(db, NULL, c->action, "procedures", buf_cstr(&detail));
    buf_release(&detail);
    return st;
}

static void count_outcome(struct import_report *rep, enum catalog_save_outcome o)
{
    if (o == CATALOG_CREATED)
        rep->created++;
    else if (o == CATALOG_UPDATED)
        rep->updated++;
    else
        rep->unchanged++;
}

static enum mc_status import_tx(struct db *db, void *arg)
{
    struct import_ctx *c = arg;
    enum mc_status st = MC_OK;
    c->rep->created = c->rep->updated = c->rep->unchanged = 0;
    for (size_t i = 0; st == MC_OK && i < c->records->n; i++) {
        enum catalog_save_outcome o = CATALOG_UNCHANGED;
        int64_t version = 0;
        st = save_one(db, &c->records->items[i], true, &o, &version);
        count_outcome(c->rep, o);
    }
    if (st == MC_OK && c->rep->created + c->rep->updated > 0)
        st = refresh_terms(db);
    if (st == MC_OK)
        st = import_audit(db, c);
    return st;
}

/* Set each record's online level from the CSV and count the unmatched rows. */
static void apply_levels(struct parsed *r, struct level_map *m,
                         struct catalog_import_warnings *warn)
{
    for (size_t i = 0; i < r->n; i++) {
        struct level_row *row = level_map_find(m, r->items[i].code);
        if (row) {
            r->items[i].online_level = row->level;
            row->used = true;
        }
    }
    for (size_t i = 0; i < m->n; i++)
        if (!m->rows[i].used)
            warn->levels_unmatched++;
}

enum mc_status catalog_import_national(struct db *db, const char *path,
                                       const char *levels_path, struct import_report *rep,
                                       struct catalog_import_warnings *warn)
{
    struct catalog_import_warnings scratch;
    struct parsed records = {0};
    struct level_map levels = {0};
    struct import_ctx c;
    enum mc_status st;
    if (!warn)
        warn = &scratch;
    memset(warn, 0, sizeof(*warn));
    import_report_clear(rep);
    online_level_list_init(&levels.list);
    st = parse_file(path, &records, rep, warn);
    if (st != MC_OK)
        goto out;
    reject_duplicates(&records, rep);
    if (levels_path) {
        st = level_map_load(&levels, levels_path, rep, warn);
        if (st != MC_OK)
            goto out;
        apply_levels(&records, &levels, warn);
    }
    if (rep->rejected > 0) {
        st = MC_ERR_INVALID;
        goto out;
    }
    c = (struct import_ctx){&records, levels_path ? &levels : NULL, rep, warn,
                            "catalog.import"};
    st = db_tx(db, import_tx, &c);
    if (st == MC_OK)
        rep->committed = true;
out:
    level_map_release(&levels);
    parsed_release(&records);
    return st;
}

static enum mc_status levels_tx(struct db *db, void *arg)
{
    struct import_ctx *c = arg;
    struct procedure p;
    enum mc_status st = MC_OK;
    procedure_init(&p);
    c->rep->read = c->rep->created = c->rep->updated = c->rep->unchanged = 0;
    c->warn->levels_unmatched = 0;
    for (size_t i = 0; st == MC_OK && i < c->levels->n; i++) {
        const struct level_row *row = &c->levels->rows[i];
        enum catalog_save_outcome o = CATALOG_UNCHANGED;
        int64_t version = 0;
        st = catalog_get(db, row->code, &p, &version);
        if (st == MC_ERR_NOT_FOUND) {
            c->warn->levels_unmatched++;
            st = MC_OK;
            continue;
        }
        if (st != MC_OK)
            break;
        c->rep->read++;
        p.online_level = row->level;
        st = save_one(db, &p, false, &o, &version);
        count_outcome(c->rep, o);
    }
    if (st == MC_OK && c->rep->created + c->rep->updated > 0)
        st = refresh_terms(db);
    if (st == MC_OK)
        st = import_audit(db, c);
    procedure_release(&p);
    return st;
}

enum mc_status catalog_import_online_levels(struct db *db, const char *path,
                                            struct import_report *rep,
                                            struct catalog_import_warnings *warn)
{
    struct catalog_import_warnings scratch;
    struct level_map levels = {0};
    struct import_ctx c;
    enum mc_status st;
    if (!warn)
        warn = &scratch;
    memset(warn, 0, sizeof(*warn));
    import_report_clear(rep);
    online_level_list_init(&levels.list);
    st = level_map_load(&levels, path, rep, warn);
    if (st != MC_OK)
        goto out;
    c = (struct import_ctx){NULL, &levels, rep, warn, "catalog.import_levels"};
    st = db_tx(db, levels_tx, &c);
    if (st == MC_OK)
        rep->committed = true;
out:
    level_map_release(&levels);
    return st;
}

enum mc_status catalog_current_version(struct db *db, const char *code, int64_t *version)
{
    return db_get_int(db, &Q_VERSION_OF, version, "s", code);
}
