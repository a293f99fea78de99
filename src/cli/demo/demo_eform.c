/*
 * demo_eform.c - the demo's e-forms laid over its procedures (see
 * demo_eform.h).  Format of data/demo/eforms.json: an object keyed by
 * procedure code; each value has "fields" (objects with key, label,
 * required, and optionally type, options (an array), hint, show_if, past,
 * min, max, on_receipt, on_result), "documents" (one entry per document of
 * the procedure: "required", "optional" or "conditional:key=value"), and
 * optionally "copies_field" and "copy_fee_dong".
 */
#include <jansson.h>
#include <string.h>
#include "cli/demo/demo_eform.h"
#include "core/assets.h"
#include "core/buf.h"
#include "core/mem.h"

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
    char *out;
    if (!json_is_array(a))
        return NULL;
    buf_init(&b, BUF_MAX_SMALL);
    json_array_foreach(a, i, v) {
        if (json_is_string(v))
            buf_addf(&b, "%s%s", b.len ? "\n" : "", json_string_value(v));
    }
    out = buf_status(&b) == MC_OK && b.len ? buf_detach(&b, NULL) : NULL;
    buf_release(&b);
    return out;
}

static void read_field(const json_t *f, struct proc_form_field *out)
{
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

static void read_documents(const json_t *a, struct procedure *p)
{
    size_t i;
    json_t *v;
    json_array_foreach(a, i, v) {
        const char *s = json_string_value(v);
        if (i >= p->ndocuments || !s)
            continue;
        struct proc_document *d = &p->documents[i];
        if (strcmp(s, "required") == 0) {
            d->need = PROC_DOC_REQUIRED;
        } else if (strcmp(s, "optional") == 0) {
            d->need = PROC_DOC_OPTIONAL;
        } else if (strncmp(s, "conditional:", 12) == 0) {
            d->need = PROC_DOC_CONDITIONAL;
            free(d->need_if);
            d->need_if = xstrdup(s + 12);
        }
    }
}

void demo_eform_apply(struct procedure *p)
{
    const struct asset *a = asset_find("data/demo/eforms.json");
    json_t *all = a ? json_loadb(a->data, (size_t)a->len, 0, NULL) : NULL;
    json_t *form = json_object_get(all, p->code);
    json_t *fields = json_object_get(form, "fields"), *f;
    size_t i;
    if (json_is_array(fields) && json_array_size(fields) > 0 && p->nform_fields == 0) {
        p->form_fields = xcalloc(json_array_size(fields), sizeof(*p->form_fields));
        json_array_foreach(fields, i, f) {
            if (!json_string_value(json_object_get(f, "key")) ||
                !json_string_value(json_object_get(f, "label")))
                continue;
            read_field(f, &p->form_fields[p->nform_fields++]);
        }
        read_documents(json_object_get(form, "documents"), p);
        free(p->copies_field);
        p->copies_field = str_or_null(form, "copies_field");
        p->copy_fee_dong = (int64_t)json_integer_value(json_object_get(form, "copy_fee_dong"));
    }
    json_decref(all);
}
