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
 * vocabularies (words, word pairs) are copied again from the indexes
 * (search_refresh, core/search.h; ≈ 0.13 s for the 2,642-procedure
 * catalogue), so search reads them with an index seek.
 */
#include <jansson.h>
#include <limits.h>
#include <stddef.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include "domain/catalog/catalog-int.h"
#include "domain/catalog/publication.h"
#include "core/array.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/jfield.h"
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
/* Changes with every save (versions only grow), creation and removal. */
static const struct db_query Q_DATA_VERSION = {
    "catalog.data_version",
    "SELECT n FROM catalog_version WHERE id = 1",   /* 0028 */
};
/* refresh_terms(): a transaction changed procedures. */
static const struct db_query Q_DATA_VERSION_MOVE = {
    "catalog.data_version_move",
    "UPDATE catalog_version SET n = n + 1 WHERE id = 1",
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

/*
 * The canonical JSON of a procedure is described once, by the member
 * tables below, and both written (catalog_procedure_json) and read back
 * (catalog_procedure_from_json) through them.  Strings are omitted when
 * NULL; numbers and booleans are always written.
 */
enum member_kind {
    M_STR,       /* char *, owned */
    M_INT64,     /* int64_t */
    M_ENUM,      /* an enum (int-sized), stored as a JSON integer */
    M_UINT,      /* unsigned */
    M_BOOL,      /* bool */
    M_DOUBLE,    /* double, stored as a JSON real */
};

struct member {
    const char *key;
    enum member_kind kind;
    size_t off;              /* offsetof the field in its struct */
    bool omit_zero;          /* not written when 0 or false (members added later, so
                                that older records keep their JSON) */
};

#define MEMBER(type, field, key, kind) {key, kind, offsetof(type, field), false}
#define MEMBER_OPT(type, field, key, kind) {key, kind, offsetof(type, field), true}

_Static_assert(sizeof(enum proc_channel_kind) == sizeof(int) &&
               sizeof(enum proc_time_state) == sizeof(int) &&
               sizeof(enum proc_time_unit) == sizeof(int) &&
               sizeof(enum proc_fee_state) == sizeof(int) &&
               sizeof(enum proc_online_level) == sizeof(int) &&
               sizeof(enum proc_doc_need) == sizeof(int), "M_ENUM reads an int");

static const struct member PROC_MEMBERS[] = {
    MEMBER(struct procedure, code, "code", M_STR),
    MEMBER(struct procedure, name, "name", M_STR),
    MEMBER(struct procedure, field, "field", M_STR),
    MEMBER(struct procedure, kind, "kind", M_STR),
    MEMBER(struct procedure, levels, "levels", M_UINT),
    MEMBER(struct procedure, applicants, "applicants", M_STR),
    MEMBER(struct procedure, competent_agency, "competent_agency", M_STR),
    MEMBER(struct procedure, implementing_agency, "implementing_agency", M_STR),
    MEMBER(struct procedure, decision_number, "decision_number", M_STR),
    MEMBER(struct procedure, source_url, "source_url", M_STR),
    MEMBER(struct procedure, channels_raw, "channels_raw", M_STR),
    MEMBER(struct procedure, documents_raw, "documents_raw", M_STR),
    MEMBER(struct procedure, steps, "steps", M_STR),
    MEMBER(struct procedure, conditions, "conditions", M_STR),
    MEMBER(struct procedure, legal_raw, "legal_raw", M_STR),
    MEMBER(struct procedure, result, "result", M_STR),
    MEMBER(struct procedure, result_raw, "result_raw", M_STR),
    MEMBER(struct procedure, online_level, "online_level", M_ENUM),
    MEMBER(struct procedure, copies_field, "copies_field", M_STR),
    MEMBER_OPT(struct procedure, copy_fee_dong, "copy_fee_dong", M_INT64),
};
static const struct member CHANNEL_MEMBERS[] = {
    MEMBER(struct proc_channel, kind, "kind", M_ENUM),
    MEMBER(struct proc_channel, time_state, "time_state", M_ENUM),
    MEMBER(struct proc_channel, time_min, "time_min", M_DOUBLE),
    MEMBER(struct proc_channel, time_max, "time_max", M_DOUBLE),
    MEMBER(struct proc_channel, time_unit, "time_unit", M_ENUM),
    MEMBER(struct proc_channel, time_raw, "time_raw", M_STR),
    MEMBER(struct proc_channel, fee_state, "fee_state", M_ENUM),
    MEMBER(struct proc_channel, fee_dong, "fee_dong", M_INT64),
    MEMBER(struct proc_channel, fee_raw, "fee_raw", M_STR),
    MEMBER(struct proc_channel, description, "description", M_STR),
};
static const struct member DOCUMENT_MEMBERS[] = {
    MEMBER(struct proc_document, name, "name", M_STR),
    MEMBER(struct proc_document, template_name, "template", M_STR),
    MEMBER(struct proc_document, group, "group", M_STR),
    MEMBER(struct proc_document, count_known, "count_known", M_BOOL),
    MEMBER(struct proc_document, originals, "originals", M_UINT),
    MEMBER(struct proc_document, copies, "copies", M_UINT),
    MEMBER_OPT(struct proc_document, need, "need", M_ENUM),
    MEMBER(struct proc_document, need_if, "need_if", M_STR),
};
static const struct member LEGAL_MEMBERS[] = {
    MEMBER(struct proc_legal, number, "number", M_STR),
    MEMBER(struct proc_legal, title, "title", M_STR),
};
static const struct member FORM_FIELD_MEMBERS[] = {
    MEMBER(struct proc_form_field, key, "key", M_STR),
    MEMBER(struct proc_form_field, label, "label", M_STR),
    MEMBER(struct proc_form_field, required, "required", M_BOOL),
    MEMBER(struct proc_form_field, type, "type", M_STR),
    MEMBER(struct proc_form_field, options, "options", M_STR),
    MEMBER(struct proc_form_field, hint, "hint", M_STR),
    MEMBER(struct proc_form_field, show_if, "show_if", M_STR),
    MEMBER_OPT(struct proc_form_field, past, "past", M_BOOL),
    MEMBER_OPT(struct proc_form_field, min, "min", M_INT64),
    MEMBER_OPT(struct proc_form_field, max, "max", M_INT64),
    MEMBER_OPT(struct proc_form_field, on_receipt, "on_receipt", M_BOOL),
    MEMBER_OPT(struct proc_form_field, on_result, "on_result", M_BOOL),
};

/* The members of the struct at base, as a new JSON object. */
static json_t *members_json(const void *base, const struct member *m, size_t n)
{
    const char *b = base;
    json_t *o = json_object();
    for (size_t i = 0; i < n; i++) {
        const void *f = b + m[i].off;
        json_t *v = NULL;
        switch (m[i].kind) {
        case M_STR: v = *(char *const *)f ? json_string(*(char *const *)f) : NULL; break;
        case M_INT64: v = json_integer((json_int_t)*(const int64_t *)f); break;
        case M_ENUM: v = json_integer(*(const int *)f); break;
        case M_UINT: v = json_integer(*(const unsigned *)f); break;
        case M_BOOL: v = json_boolean(*(const bool *)f); break;
        case M_DOUBLE: v = json_real(*(const double *)f); break;
        }
        if (v && m[i].omit_zero && (json_equal(v, json_false()) ||
                                    (json_is_number(v) && json_number_value(v) == 0)))
            json_decref(v);
        else if (v)
            json_object_set_new(o, m[i].key, v);
    }
    return o;
}

/* Read the members of o into the struct at base (strings copied); e keeps the first problem. */
static void members_read(const json_t *o, void *base, const struct member *m, size_t n,
                         struct jfield_error *e)
{
    char *b = base;
    for (size_t i = 0; i < n; i++) {
        void *f = b + m[i].off;
        const char *k = m[i].key, *s;
        switch (m[i].kind) {
        case M_STR:
            s = jfield_get_str(o, k, 0, 0, e);
            *(char **)f = s ? xstrdup(s) : NULL;
            break;
        case M_INT64: *(int64_t *)f = jfield_get_int(o, k, 0, INT64_MIN, INT64_MAX, e); break;
        case M_ENUM: *(int *)f = (int)jfield_get_int(o, k, 0, INT_MIN, INT_MAX, e); break;
        case M_UINT: *(unsigned *)f = (unsigned)jfield_get_int(o, k, 0, 0, UINT_MAX, e); break;
        case M_BOOL: *(bool *)f = jfield_get_bool(o, k, 0, e); break;
        case M_DOUBLE: *(double *)f = jfield_get_double(o, k, 0, e); break;
        }
    }
}

/* Add the array member key: one object per item of items (n of them, elem bytes each). */
static void put_list(json_t *o, const char *key, const void *items, size_t n, size_t elem,
                     const struct member *m, size_t nm)
{
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, members_json((const char *)items + i * elem, m, nm));
    json_object_set_new(o, key, a);
}

#define PUT_LIST(o, key, items, n, members) \
    put_list(o, key, items, n, sizeof(*(items)), members, MC_ARRAY_LEN(members))

char *catalog_procedure_json(const struct procedure *p)
{
    json_t *o = members_json(p, PROC_MEMBERS, MC_ARRAY_LEN(PROC_MEMBERS));
    PUT_LIST(o, "channels", p->channels, p->nchannels, CHANNEL_MEMBERS);
    PUT_LIST(o, "documents", p->documents, p->ndocuments, DOCUMENT_MEMBERS);
    PUT_LIST(o, "legal", p->legal, p->nlegal, LEGAL_MEMBERS);
    PUT_LIST(o, "form_fields", p->form_fields, p->nform_fields, FORM_FIELD_MEMBERS);
    char *out = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(o);
    if (!out)
        abort();   /* jansson fails here only when out of memory */
    return out;
}

/* The array member key of o, all of whose items are objects; NULL when absent or wrong. */
static json_t *objects_member(const json_t *o, const char *key, struct jfield_error *e)
{
    json_t *a = jfield_get_array(o, key, 0, JSON_MAX_ITEMS, e), *v;
    size_t i;
    json_array_foreach(a, i, v) {
        if (!json_is_object(v)) {
            jfield_fail(e, key, "%s phải là mảng các đối tượng", key);
            return NULL;
        }
    }
    return a;
}

/*
 * Read a stored record back.  The record is our own JSON, so a wrong type
 * anywhere makes the whole record invalid (MC_ERR_INVALID).
 */
enum mc_status catalog_procedure_from_json(const char *json, size_t len, struct procedure *out)
{
    struct jfield_error e;
    json_t *o = NULL, *a, *v;
    size_t i;
    jfield_error_init(&e);
    if (jfield_parse_object(json, len, JSON_REJECT_DUPLICATES, &o, &e) != MC_OK)
        goto out;
    members_read(o, out, PROC_MEMBERS, MC_ARRAY_LEN(PROC_MEMBERS), &e);
    if (!out->code || !out->name)
        jfield_fail(&e, "code", "thiếu mã hoặc tên thủ tục");
    a = objects_member(o, "channels", &e);
    json_array_foreach(a, i, v)
        members_read(v, procedure_add_channel(out, PROC_CHANNEL_DIRECT), CHANNEL_MEMBERS,
                     MC_ARRAY_LEN(CHANNEL_MEMBERS), &e);
    a = objects_member(o, "documents", &e);
    json_array_foreach(a, i, v)
        members_read(v, procedure_add_document(out), DOCUMENT_MEMBERS,
                     MC_ARRAY_LEN(DOCUMENT_MEMBERS), &e);
    for (size_t k = 0; k < out->ndocuments; k++)
        if ((unsigned)out->documents[k].need > PROC_DOC_CONDITIONAL)
            jfield_fail(&e, "need", "yêu cầu nộp giấy tờ không hợp lệ");
    a = objects_member(o, "legal", &e);
    json_array_foreach(a, i, v)
        members_read(v, procedure_add_legal(out), LEGAL_MEMBERS, MC_ARRAY_LEN(LEGAL_MEMBERS),
                     &e);
    a = objects_member(o, "form_fields", &e);
    json_array_foreach(a, i, v)
        members_read(v, procedure_add_form_field(out), FORM_FIELD_MEMBERS,
                     MC_ARRAY_LEN(FORM_FIELD_MEMBERS), &e);
out:
    json_decref(o);
    return e.status;
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
 * Replace (when replace: the procedure was stored) the search documents
 * of the procedure id: its folded columns f and their word pairs.
 */
static enum mc_status put_search_rows(struct db *db, int64_t id, bool replace,
                                      const struct fold_cols *f, const struct fold_cols *pairs)
{
    const char *cols[] = {buf_cstr(&f->name), buf_cstr(&f->field), buf_cstr(&f->agency),
                          buf_cstr(&f->documents), buf_cstr(&f->steps)};
    const char *pair_cols[] = {buf_cstr(&pairs->name), buf_cstr(&pairs->field),
                               buf_cstr(&pairs->agency), buf_cstr(&pairs->documents),
                               buf_cstr(&pairs->steps)};
    enum mc_status st = MC_OK;
    if (replace)
        st = search_remove(db, &catalog_index_words, id);
    if (st == MC_OK)
        st = search_put(db, &catalog_index_words, id, cols);
    if (st == MC_OK && replace)
        st = search_remove(db, &catalog_index_pairs, id);
    if (st == MC_OK)
        st = search_put(db, &catalog_index_pairs, id, pair_cols);
    return st;
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
    row = db_next(s, &st);
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
    if (st == MC_OK)
        st = put_search_rows(db, id, row, &f, &pairs);
    if (st == MC_OK)   /* the published parts follow the text (publication.h) */
        st = catalog_publication_parts_put(db, p);
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
 * reads (catalog_search.c), and move the catalogue's data version
 * (catalog_data_version).  Called once at the end of every transaction
 * that changed a procedure.
 */
static enum mc_status refresh_terms(struct db *db)
{
    enum mc_status st = search_refresh(db, &catalog_index_words);
    if (st == MC_OK)
        st = search_refresh(db, &catalog_index_pairs);
    if (st == MC_OK)
        st = catalog_version_move(db);
    return st;
}

/* The last catalog_data_version() read, for catalog_data_version_recent(). */
static struct {
    _Atomic int64_t version;        /* -1 until read */
    _Atomic int64_t read_us;        /* clock_mono_us() of that read */
    _Atomic int64_t changed_us;     /* this process's last change (0: none) */
} version_memo = {-1, 0, 0};

enum mc_status catalog_version_move(struct db *db)
{
    atomic_store(&version_memo.changed_us, clock_mono_us());
    return db_run(db, &Q_DATA_VERSION_MOVE, NULL, "");
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

/* The procedure stored as JSON in column col of the current row (cached by its text). */
static enum mc_status read_procedure(struct db_stmt *s, int col, struct procedure *out)
{
    const char *json = db_col_text(s, col);
    size_t len = db_col_len(s, col);
    size_t slot = proc_slot(json, len);
    enum mc_status st = MC_OK;
    procedure_release(out);
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
    enum mc_status st = db_get_row(db, &Q_GET_CURRENT, &s, "s", code);
    if (st == MC_OK && version)
        *version = db_col_int64(s, 0);
    if (st == MC_OK)
        st = read_procedure(s, 1, out);
    db_done(s);
    return st;
}

enum mc_status catalog_get_version(struct db *db, const char *code, int64_t version,
                                   struct procedure *out)
{
    struct db_stmt *s = NULL;
    enum mc_status st = db_get_row(db, &Q_GET_VERSION, &s, "si", code, version);
    if (st == MC_OK)
        st = read_procedure(s, 0, out);
    db_done(s);
    return st;
}

enum mc_status catalog_each(struct db *db,
                            enum mc_status (*fn)(const struct procedure *p, void *ctx),
                            void *ctx)
{
    struct catalog_query q = {.online = PROC_ONLINE_UNKNOWN, .limit = CATALOG_PAGE_MAX};
    struct catalog_result res;
    struct procedure p;
    enum mc_status st = MC_OK;
    bool more = true;
    catalog_result_init(&res);
    procedure_init(&p);
    while (st == MC_OK && more) {
        st = catalog_search(db, &q, &res);
        for (size_t i = 0; st == MC_OK && i < res.n; i++) {
            st = catalog_get(db, res.items[i].code, &p, NULL);
            if (st == MC_OK)
                st = fn(&p, ctx);
        }
        q.offset += res.n;
        more = res.n == q.limit;
    }
    procedure_release(&p);
    catalog_result_release(&res);
    return st;
}

static void field_release(struct catalog_field *f)
{
    free(f->name);
}

ARRAY_LIST_DEFINE_EACH(catalog_field, items, field_release)

enum mc_status catalog_fields(struct db *db, struct catalog_field_list *out)
{
    struct db_stmt *s = NULL;
    catalog_field_list_release(out);
    enum mc_status st = db_query_start(db, &Q_FIELDS, &s, "");
    while (db_next(s, &st)) {
        struct catalog_field *f = ARRAY_PUSH(out->items, out->n, out->cap);
        f->name = db_col_strdup(s, 0);
        f->count = db_col_int64(s, 1);
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
    struct procedure *items;   /* n parsed records */
    unsigned long *lines;      /* n: the line of each */
    size_t n;
    size_t items_cap, lines_cap;
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
    progress_begin(rep->progress, "đọc tệp", "dòng", 0);
    for (;;) {
        struct national_warnings w;
        buf_reset(&err);
        st = national_file_next(&f, &line, &len, &line_no, &err);
        if (st == MC_ERR_NOT_FOUND) {
            st = MC_OK;
            break;
        }
        import_report_read(rep);
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
        ARRAY_GROW(r->items, r->n + 1, r->items_cap);
        ARRAY_GROW(r->lines, r->n + 1, r->lines_cap);
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
    progress_end(rep->progress);
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
    progress_begin(c->rep->progress, "ghi", "thủ tục", c->records->n);
    for (size_t i = 0; st == MC_OK && i < c->records->n; i++) {
        enum catalog_save_outcome o = CATALOG_UNCHANGED;
        int64_t version = 0;
        st = save_one(db, &c->records->items[i], true, &o, &version);
        if (st == MC_OK && o == CATALOG_UNCHANGED)   /* stored before 0020 had no parts */
            st = catalog_publication_parts_put(db, &c->records->items[i]);
        count_outcome(c->rep, o);
        progress_update(c->rep->progress, i + 1);
    }
    progress_end(c->rep->progress);
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

/*
 * Set an import up: the warnings (warn, or scratch when the caller keeps
 * none) and rep emptied, levels empty.  Returns the warnings to fill.
 */
static struct catalog_import_warnings *import_start(struct catalog_import_warnings *warn,
                                                   struct catalog_import_warnings *scratch,
                                                   struct import_report *rep,
                                                   struct level_map *levels)
{
    if (!warn)
        warn = scratch;
    memset(warn, 0, sizeof(*warn));
    import_report_clear(rep);
    online_level_list_init(&levels->list);
    return warn;
}

/* Write an import in one transaction (tx with c); c->rep->committed once it is. */
static enum mc_status import_commit(struct db *db, enum mc_status (*tx)(struct db *, void *),
                                    struct import_ctx *c)
{
    enum mc_status st = db_tx(db, tx, c);
    if (st == MC_OK)
        c->rep->committed = true;
    return st;
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
    warn = import_start(warn, &scratch, rep, &levels);
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
    st = import_commit(db, import_tx, &c);
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
        import_report_read(c->rep);
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
    warn = import_start(warn, &scratch, rep, &levels);
    st = level_map_load(&levels, path, rep, warn);
    if (st != MC_OK)
        goto out;
    c = (struct import_ctx){NULL, &levels, rep, warn, "catalog.import_levels"};
    st = import_commit(db, levels_tx, &c);
out:
    level_map_release(&levels);
    return st;
}

enum mc_status catalog_current_version(struct db *db, const char *code, int64_t *version)
{
    return db_get_int(db, &Q_VERSION_OF, version, "s", code);
}

enum mc_status catalog_data_version(struct db *db, int64_t *version)
{
    return db_get_int(db, &Q_DATA_VERSION, version, "");
}

enum mc_status catalog_data_version_recent(struct db *db, int64_t *version)
{
    int64_t now = clock_mono_us();
    int64_t read_us = atomic_load(&version_memo.read_us);
    int64_t v = atomic_load(&version_memo.version);
    int64_t changed = atomic_load(&version_memo.changed_us);
    /* read_us is stored after version: a reader that sees a fresh read_us
     * sees its version (or a newer one, which is as good). */
    if (v >= 0 && now - read_us < CATALOG_VERSION_FRESH_US &&
        (changed == 0 || now - changed >= CATALOG_VERSION_QUIET_US)) {
        *version = v;
        return MC_OK;
    }
    enum mc_status st = catalog_data_version(db, version);
    if (st == MC_OK) {
        atomic_store(&version_memo.version, *version);
        atomic_store(&version_memo.read_us, now);
    }
    return st;
}
