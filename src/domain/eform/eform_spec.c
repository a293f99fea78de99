/*
 * eform_spec.c - loading e-forms written as JSON onto procedures: one
 * procedure (eform_spec_apply) or a file of them into the catalogue
 * (eform_import).  See eform.h and docs/internals/eform.md.
 */
#include <string.h>
#include "core/mem.h"
#include "domain/catalog/catalog.h"
#include "domain/eform/eform.h"

#define SPEC_FIELDS_MAX 100       /* fields one form may have */
#define SPEC_KEY_MAX 64           /* bytes of a field key */
#define SPEC_TEXT_MAX 2000        /* bytes of a label, hint or option list entry */
#define SPEC_FEE_MAX 1000000000   /* đồng */
#define SPEC_FILE_MAX (16u * 1024 * 1024)

static bool key_ok(const char *k)
{
    size_t n = k ? strlen(k) : 0;
    if (n == 0 || n > SPEC_KEY_MAX || k[0] == '_')
        return false;
    for (size_t i = 0; i < n; i++)
        if (!((k[i] >= 'a' && k[i] <= 'z') || (k[i] >= '0' && k[i] <= '9') || k[i] == '_'))
            return false;
    return strstr(k, "__") == NULL;   /* "__" separates an address's parts */
}

static bool text_ok(const json_t *v, bool required)
{
    if (!v)
        return !required;
    return json_is_string(v) && json_string_length(v) <= SPEC_TEXT_MAX &&
           (!required || json_string_length(v) > 0);
}

static const json_t *find_field(const json_t *fields, size_t before, const char *key)
{
    for (size_t i = 0; i < before; i++) {
        const json_t *f = json_array_get(fields, i);
        const char *k = json_string_value(json_object_get(f, "key"));
        if (k && strcmp(k, key) == 0)
            return f;
    }
    return NULL;
}

static bool has_option(const json_t *f, const char *value)
{
    size_t i;
    json_t *o;
    json_array_foreach(json_object_get(f, "options"), i, o) {
        if (json_is_string(o) && strcmp(json_string_value(o), value) == 0)
            return true;
    }
    return false;
}

/* A condition "key=value" on an earlier select field and one of its options. */
static bool condition_ok(const json_t *fields, size_t before, const char *cond)
{
    const char *eq = cond ? strchr(cond, '=') : NULL;
    char key[SPEC_KEY_MAX + 1];
    if (!eq || eq == cond || (size_t)(eq - cond) > SPEC_KEY_MAX)
        return false;
    memcpy(key, cond, (size_t)(eq - cond));
    key[eq - cond] = '\0';
    const json_t *f = find_field(fields, before, key);
    const char *type = json_string_value(json_object_get(f, "type"));
    return f && type && strcmp(type, "select") == 0 && has_option(f, eq + 1);
}

static bool type_ok(const char *t)
{
    static const char *const TYPES[] = {"text", "textarea", "date", "number", "select",
                                        "cccd", "phone", "email", "address"};
    for (size_t i = 0; t && i < MC_ARRAY_LEN(TYPES); i++)
        if (strcmp(t, TYPES[i]) == 0)
            return true;
    return false;
}

/* Check one field object (index i of fields); the reason in why. */
static bool field_ok(const json_t *fields, size_t i, struct buf *why)
{
    const json_t *f = json_array_get(fields, i);
    const char *key = json_string_value(json_object_get(f, "key"));
    const char *type = json_string_value(json_object_get(f, "type"));
    const json_t *opts = json_object_get(f, "options"), *min = json_object_get(f, "min"),
                 *max = json_object_get(f, "max");
    const char *show_if = json_string_value(json_object_get(f, "show_if"));
    const char *problem = NULL;
    size_t k;
    json_t *o;
    if (!json_is_object(f) || !key_ok(key))
        problem = "khóa phải gồm chữ thường không dấu, chữ số, dấu gạch dưới (tối đa 64 ký tự)";
    else if (find_field(fields, i, key))
        problem = "khóa bị trùng";
    else if (!text_ok(json_object_get(f, "label"), true) ||
             !text_ok(json_object_get(f, "hint"), false))
        problem = "thiếu nhãn, hoặc nhãn, gợi ý quá dài";
    else if (json_object_get(f, "type") && !type_ok(type))
        problem = "kiểu không hợp lệ";
    else if (type && strcmp(type, "select") == 0 &&
             (!json_is_array(opts) || json_array_size(opts) == 0))
        problem = "trường chọn cần danh sách lựa chọn";
    else if (json_object_get(f, "show_if") && !condition_ok(fields, i, show_if))
        problem = "điều kiện hiển thị phải là khóa=giá trị của một trường chọn đứng trước";
    else if ((min && !json_is_integer(min)) || (max && !json_is_integer(max)) ||
             (min && max && json_integer_value(max) > 0 &&
              json_integer_value(min) > json_integer_value(max)) ||
             (min && json_integer_value(min) < 0))
        problem = "giới hạn số không hợp lệ";
    json_array_foreach(opts, k, o) {
        if (!problem && (!json_is_string(o) || json_string_length(o) == 0 ||
                         json_string_length(o) > SPEC_TEXT_MAX || strchr(json_string_value(o),
                                                                         '\n')))
            problem = "lựa chọn không hợp lệ";
    }
    if (problem)
        buf_addf(why, "trường thứ %zu%s%s%s: %s", i + 1, key ? " (" : "", key ? key : "",
                 key ? ")" : "", problem);
    return problem == NULL;
}

static bool spec_ok(const json_t *spec, const struct procedure *p, struct buf *why)
{
    const json_t *fields = json_object_get(spec, "fields");
    const json_t *docs = json_object_get(spec, "documents");
    const json_t *copies = json_object_get(spec, "copies_field");
    const json_t *fee = json_object_get(spec, "copy_fee_dong");
    size_t i;
    json_t *d;
    if (!json_is_object(spec) || !json_is_array(fields) || json_array_size(fields) == 0 ||
        json_array_size(fields) > SPEC_FIELDS_MAX) {
        buf_adds(why, "cần \"fields\": danh sách từ 1 đến 100 trường");
        return false;
    }
    for (i = 0; i < json_array_size(fields); i++)
        if (!field_ok(fields, i, why))
            return false;
    if (docs && (!json_is_array(docs) || json_array_size(docs) > p->ndocuments)) {
        buf_addf(why, "\"documents\" có nhiều mục hơn %zu giấy tờ của thủ tục", p->ndocuments);
        return false;
    }
    json_array_foreach(docs, i, d) {
        const char *s = json_string_value(d);
        if (!s || (strcmp(s, "required") != 0 && strcmp(s, "optional") != 0 &&
                   !(strncmp(s, "conditional:", 12) == 0 &&
                     condition_ok(fields, json_array_size(fields), s + 12)))) {
            buf_addf(why, "giấy tờ thứ %zu: phải là required, optional hoặc "
                          "conditional:khóa=giá trị của một trường chọn", i + 1);
            return false;
        }
    }
    if (copies) {
        const json_t *f = json_is_string(copies)
                              ? find_field(fields, json_array_size(fields),
                                           json_string_value(copies)) : NULL;
        const char *type = json_string_value(json_object_get(f, "type"));
        if (!type || strcmp(type, "number") != 0) {
            buf_adds(why, "\"copies_field\" phải là khóa của một trường số");
            return false;
        }
    }
    if (fee && (!json_is_integer(fee) || json_integer_value(fee) < 0 ||
                json_integer_value(fee) > SPEC_FEE_MAX)) {
        buf_adds(why, "\"copy_fee_dong\" phải là số đồng từ 0 đến 1.000.000.000");
        return false;
    }
    return true;
}

static char *str_or_null(const json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? xstrdup(s) : NULL;
}

/* A JSON array of strings as one string, one per line. */
static char *lines(const json_t *a)
{
    struct buf b;
    size_t i;
    json_t *v;
    char *out = NULL;
    if (!json_is_array(a))
        return NULL;
    buf_init(&b, BUF_MAX_SMALL);
    json_array_foreach(a, i, v) {
        buf_addf(&b, "%s%s", b.len ? "\n" : "", json_string_value(v));
    }
    if (buf_status(&b) == MC_OK && b.len)
        out = buf_detach(&b, NULL);
    buf_release(&b);
    return out;
}

static void clear_form(struct procedure *p)
{
    for (size_t i = 0; i < p->nform_fields; i++) {
        struct proc_form_field *f = &p->form_fields[i];
        free(f->key);
        free(f->label);
        free(f->type);
        free(f->options);
        free(f->hint);
        free(f->show_if);
    }
    free(p->form_fields);
    p->form_fields = NULL;
    p->nform_fields = 0;
    for (size_t i = 0; i < p->ndocuments; i++) {
        free(p->documents[i].need_if);
        p->documents[i].need_if = NULL;
        p->documents[i].need = PROC_DOC_UNSPECIFIED;
    }
    free(p->copies_field);
    p->copies_field = NULL;
    p->copy_fee_dong = 0;
}

enum mc_status eform_spec_apply(const json_t *spec, struct procedure *p, struct buf *why)
{
    struct buf none;
    const json_t *fields, *f;
    size_t i;
    json_t *d;
    buf_init(&none, BUF_MAX_LINE);
    if (!spec_ok(spec, p, why ? why : &none)) {
        buf_release(&none);
        return MC_ERR_INVALID;
    }
    buf_release(&none);
    clear_form(p);
    fields = json_object_get(spec, "fields");
    p->form_fields = xcalloc(json_array_size(fields), sizeof(*p->form_fields));
    json_array_foreach(fields, i, f) {
        struct proc_form_field *out = &p->form_fields[p->nform_fields++];
        out->key = str_or_null(f, "key");
        out->label = str_or_null(f, "label");
        out->required = json_is_true(json_object_get(f, "required"));
        out->type = str_or_null(f, "type");
        out->options = lines(json_object_get(f, "options"));
        out->hint = str_or_null(f, "hint");
        out->show_if = str_or_null(f, "show_if");
        out->past = json_is_true(json_object_get(f, "past"));
        out->min = (int64_t)json_integer_value(json_object_get(f, "min"));
        out->max = (int64_t)json_integer_value(json_object_get(f, "max"));
        out->on_receipt = json_is_true(json_object_get(f, "on_receipt"));
        out->on_result = json_is_true(json_object_get(f, "on_result"));
    }
    json_array_foreach(json_object_get(spec, "documents"), i, d) {
        const char *s = json_string_value(d);
        struct proc_document *doc = &p->documents[i];
        if (strcmp(s, "required") == 0) {
            doc->need = PROC_DOC_REQUIRED;
        } else if (strcmp(s, "optional") == 0) {
            doc->need = PROC_DOC_OPTIONAL;
        } else {
            doc->need = PROC_DOC_CONDITIONAL;
            doc->need_if = xstrdup(s + 12);
        }
    }
    p->copies_field = str_or_null(spec, "copies_field");
    p->copy_fee_dong = (int64_t)json_integer_value(json_object_get(spec, "copy_fee_dong"));
    return MC_OK;
}

static void set_str(json_t *o, const char *key, const char *v)
{
    if (v && *v)
        json_object_set_new(o, key, json_string(v));
}

json_t *eform_spec_json(const struct procedure *p)
{
    json_t *spec = json_object(), *fields = json_array(), *docs = json_array();
    bool any_need = false;
    for (size_t i = 0; i < p->nform_fields; i++) {
        const struct proc_form_field *f = &p->form_fields[i];
        json_t *o = json_pack("{s:s,s:s,s:b}", "key", f->key ? f->key : "", "label",
                              f->label ? f->label : "", "required", f->required);
        set_str(o, "type", f->type);
        if (f->options && *f->options) {
            json_t *opts = json_array();
            const char *s = f->options;
            while (*s) {
                size_t len = strcspn(s, "\n");
                json_array_append_new(opts, json_stringn(s, len));
                s += len + (s[len] == '\n');
            }
            json_object_set_new(o, "options", opts);
        }
        set_str(o, "hint", f->hint);
        set_str(o, "show_if", f->show_if);
        if (f->past)
            json_object_set_new(o, "past", json_true());
        if (f->min)
            json_object_set_new(o, "min", json_integer(f->min));
        if (f->max)
            json_object_set_new(o, "max", json_integer(f->max));
        if (f->on_receipt)
            json_object_set_new(o, "on_receipt", json_true());
        if (f->on_result)
            json_object_set_new(o, "on_result", json_true());
        json_array_append_new(fields, o);
    }
    json_object_set_new(spec, "fields", fields);
    for (size_t i = 0; i < p->ndocuments; i++) {
        const struct proc_document *d = &p->documents[i];
        any_need = any_need || d->need != PROC_DOC_UNSPECIFIED;
        if (d->need == PROC_DOC_CONDITIONAL && d->need_if) {
            char buf[300];
            snprintf(buf, sizeof(buf), "conditional:%s", d->need_if);
            json_array_append_new(docs, json_string(buf));
        } else {
            json_array_append_new(docs, json_string(d->need == PROC_DOC_REQUIRED ? "required"
                                                                                : "optional"));
        }
    }
    if (any_need)
        json_object_set_new(spec, "documents", docs);
    else
        json_decref(docs);
    set_str(spec, "copies_field", p->copies_field);
    if (p->copy_fee_dong)
        json_object_set_new(spec, "copy_fee_dong", json_integer(p->copy_fee_dong));
    return spec;
}

/* ---------------------------------------------------------------- a file into the catalogue */

struct import_ctx {
    const struct audit_actor *who;
    const json_t *all;
    struct import_report *rep;
};

static enum mc_status import_tx(struct db *db, void *arg)
{
    struct import_ctx *c = arg;
    const char *code;
    json_t *spec;
    enum mc_status rc = MC_OK;
    import_report_clear(c->rep);
    json_object_foreach((json_t *)c->all, code, spec) {
        struct procedure p;
        struct buf why;
        enum catalog_save_outcome outcome = CATALOG_UNCHANGED;
        procedure_init(&p);
        buf_init(&why, BUF_MAX_LINE);
        c->rep->read++;
        enum mc_status st = catalog_get(db, code, &p, NULL);
        if (st == MC_ERR_NOT_FOUND) {
            import_report_error(c->rep, "thủ tục %s: không có trong danh mục", code);
            c->rep->rejected++;
        } else if (st != MC_OK) {
            rc = st;
        } else if (eform_spec_apply(spec, &p, &why) != MC_OK) {
            import_report_error(c->rep, "thủ tục %s: %s", code, buf_cstr(&why));
            c->rep->rejected++;
        } else if (c->rep->rejected == 0 &&
                   (rc = catalog_save(db, c->who, &p, &outcome, NULL)) == MC_OK) {
            c->rep->updated += outcome == CATALOG_UPDATED;
            c->rep->unchanged += outcome == CATALOG_UNCHANGED;
        }
        buf_release(&why);
        procedure_release(&p);
        if (rc != MC_OK)
            break;
    }
    if (rc == MC_OK && c->rep->rejected > 0)
        rc = MC_ERR_INVALID;
    return rc;
}

enum mc_status eform_import(struct db *db, const struct audit_actor *who, const char *data,
                            size_t len, struct import_report *rep)
{
    json_error_t jerr;
    json_t *all = NULL;
    enum mc_status rc = MC_ERR_INVALID;
    import_report_clear(rep);
    if (len > SPEC_FILE_MAX) {
        import_report_error(rep, "tệp quá lớn (tối đa 16 MB)");
        return MC_ERR_INVALID;
    }
    all = json_loadb(data, len, JSON_REJECT_DUPLICATES, &jerr);
    if (!json_is_object(all)) {
        import_report_error(rep, "dòng %d: không phải một đối tượng JSON theo mã thủ tục (%s)",
                            jerr.line, all ? "sai kiểu" : jerr.text);
    } else {
        struct import_ctx c = {who, all, rep};
        rc = db_tx(db, import_tx, &c);
        rep->committed = rc == MC_OK;
    }
    json_decref(all);
    return rc;
}
