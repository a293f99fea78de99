/* eform_view.c - the e-form on the pages (see eform_view.h). */
#include <stdio.h>
#include <string.h>
#include "web/app.h"
#include "web/dossier/eform_view.h"
#include "domain/catalog/catalog.h"
#include "domain/units/unit.h"

#define DECLARATION_MAX 200   /* declared values shown at most */

/* The choices of a select, with the current value selected. */
static json_t *options_json(const struct proc_form_field *f, const char *value)
{
    json_t *a = json_array();
    for (const char *p = f->options; p && *p;) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        json_t *o = json_object();
        json_object_set_new(o, "value", json_stringn(p, len));
        json_object_set_new(o, "selected", json_boolean(strlen(value) == len &&
                                                        memcmp(value, p, len) == 0));
        json_array_append_new(a, o);
        p += len + (nl ? 1 : 0);
    }
    return a;
}

/*
 * The communes an address may be in: those of every province that has an
 * agency here (the province the platform serves), by province.
 */
static json_t *communes_json(struct http_request *req, const char *chosen)
{
    struct db *db = web_ctx(req)->db;
    struct unit_list provinces, communes;
    struct agency_list agencies;
    json_t *groups = json_array();
    unit_list_init(&provinces);
    agency_list_init(&agencies);
    if (unit_list_provinces(db, &provinces) != MC_OK || agency_list(db, NULL, &agencies) != MC_OK)
        provinces.n = 0;
    for (size_t i = 0; i < provinces.n; i++) {
        bool served = false;
        for (size_t k = 0; !served && k < agencies.n; k++)
            served = strcmp(agencies.items[k].unit_code, provinces.items[i].code) == 0;
        if (!served)
            continue;
        json_t *list = json_array();
        unit_list_init(&communes);
        if (unit_list_communes(db, provinces.items[i].code, &communes) == MC_OK) {
            for (size_t k = 0; k < communes.n; k++)
                json_array_append_new(list, json_pack("{s:s,s:s,s:b}", "code",
                                                      communes.items[k].code, "name",
                                                      communes.items[k].full_name, "selected",
                                                      strcmp(communes.items[k].code, chosen) == 0));
        }
        unit_list_release(&communes);
        json_array_append_new(groups, json_pack("{s:s,s:o}", "province",
                                                provinces.items[i].full_name, "communes", list));
    }
    agency_list_release(&agencies);
    unit_list_release(&provinces);
    return groups;
}

static const char *str(const json_t *values, const char *key)
{
    const char *v = values ? json_string_value(json_object_get(values, key)) : NULL;
    return v ? v : "";
}

/* "Chỉ điền khi <label> là “value”" for a field asked only sometimes. */
static const char *condition_note(struct http_request *req, const struct procedure *p,
                                  const struct proc_form_field *f)
{
    const char *eq = f->show_if ? strchr(f->show_if, '=') : NULL;
    const char *label = NULL;
    if (!eq)
        return NULL;
    for (size_t i = 0; i < p->nform_fields; i++) {
        const char *k = p->form_fields[i].key;
        if (k && strlen(k) == (size_t)(eq - f->show_if) && strncmp(k, f->show_if, strlen(k)) == 0)
            label = p->form_fields[i].label;
    }
    return arena_printf(req->arena, "Chỉ điền khi %s là “%s”.", label ? label : "mục trước",
                        eq + 1);
}

json_t *eform_view_fields(struct http_request *req, const struct procedure *p,
                          const json_t *values, const struct form_errors *errs)
{
    json_t *a = json_array();
    for (size_t i = 0; i < eform_count(p); i++) {
        const struct proc_form_field *f = eform_field(p, i);
        enum eform_type t = eform_type_of(f);
        const char *name = arena_printf(req->arena, "f_%s", f->key);
        const char *value = str(values, f->key);
        const char *err = form_errors_of(errs, name);
        const char *cond = condition_note(req, p, f);
        if (t == EFORM_ADDRESS && *str(values, arena_printf(req->arena, "%s__duong", f->key)))
            value = str(values, arena_printf(req->arena, "%s__duong", f->key));
        json_t *o = json_pack("{s:s,s:s,s:s,s:b,s:s}", "name", name, "label",
                              f->label ? f->label : f->key, "value", value, "required",
                              f->required && !f->show_if, "type", eform_type_code(t));
        json_object_set_new(o, eform_type_code(t), json_true());
        if (t == EFORM_TEXT || t == EFORM_CCCD || t == EFORM_NUMBER || t == EFORM_DATE)
            json_object_set_new(o, "line", json_true());
        if (t == EFORM_CCCD || t == EFORM_NUMBER || t == EFORM_DATE)
            json_object_set_new(o, "numeric", json_true());
        if (f->hint || cond || t == EFORM_DATE || (t == EFORM_NUMBER && f->max > 0)) {
            const char *hint = f->hint ? f->hint : "";
            if (t == EFORM_DATE)
                hint = arena_printf(req->arena, "%s%sNgày/tháng/năm, ví dụ 05/03/2026.", hint,
                                    *hint ? " " : "");
            if (t == EFORM_NUMBER && f->max > 0)
                hint = arena_printf(req->arena, "%s%sTừ %lld đến %lld.", hint, *hint ? " " : "",
                                    (long long)f->min, (long long)f->max);
            if (cond)
                hint = arena_printf(req->arena, "%s%s%s", cond, *hint ? " " : "", hint);
            json_object_set_new(o, "hint", json_string(hint));
        }
        if (t == EFORM_SELECT)
            json_object_set_new(o, "options", options_json(f, value));
        if (t == EFORM_ADDRESS) {
            const char *xa = arena_printf(req->arena, "%s%s", f->key, EFORM_COMMUNE_SUFFIX);
            json_object_set_new(o, "commune_name", json_string(arena_printf(req->arena, "%s%s",
                                                                            name,
                                                                            EFORM_COMMUNE_SUFFIX)));
            json_object_set_new(o, "provinces", communes_json(req, str(values, xa)));
        }
        if (err)
            json_object_set_new(o, "error", json_string(err));
        bool hinted = json_object_get(o, "hint") != NULL;
        if (err || hinted)
            json_object_set_new(o, "describedby", json_string(arena_printf(
                req->arena, "%s%s%s%s", hinted ? "hint-" : "", hinted ? name : "",
                err && hinted ? " " : "", err ? arena_printf(req->arena, "err-%s", name) : "")));
        json_array_append_new(a, o);
    }
    return a;
}

void eform_view_read(struct http_request *req, const struct procedure *p, json_t *values)
{
    for (size_t i = 0; i < eform_count(p); i++) {
        const struct proc_form_field *f = eform_field(p, i);
        const char *v = kv_get(req->form, arena_printf(req->arena, "f_%s", f->key));
        if (v) {
            json_object_set_new(values, f->key, json_string(v));
            json_object_del(values, arena_printf(req->arena, "%s__duong", f->key));
        }
        if (eform_type_of(f) == EFORM_ADDRESS) {
            const char *xa = kv_get(req->form, arena_printf(req->arena, "f_%s%s", f->key,
                                                            EFORM_COMMUNE_SUFFIX));
            if (xa)
                json_object_set_new(values, arena_printf(req->arena, "%s%s", f->key,
                                                         EFORM_COMMUNE_SUFFIX),
                                    json_string(xa));
        }
    }
}

json_t *eform_view_declaration(const struct procedure *p, const char *form_json,
                               enum eform_where where)
{
    struct eform_entry e[DECLARATION_MAX];
    json_t *doc = NULL, *a = json_array();
    size_t n = 0;
    eform_entries(p, form_json, where, e, DECLARATION_MAX, &n, &doc);
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, json_pack("{s:s,s:s,s:s}", "key", e[i].key, "label",
                                           e[i].label, "value", e[i].value));
    json_decref(doc);
    return a;
}

json_t *eform_view_dossier(struct db *db, const struct dossier *d, enum eform_where where)
{
    struct procedure p;
    json_t *out;
    procedure_init(&p);
    if (d->procedure_version <= 0 ||
        catalog_get_version(db, d->procedure_code, d->procedure_version, &p) != MC_OK) {
        procedure_release(&p);
        procedure_init(&p);
        p.nform_fields = 0;
    }
    out = eform_view_declaration(&p, d->form_data, where);
    procedure_release(&p);
    return out;
}
