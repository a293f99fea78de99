/*
 * eform.c - typed e-form fields, their server-side check, documents that
 * must be uploaded, copies and fees, and the declaration read back (see
 * eform.h and docs/internals/eform.md).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/text.h"
#include "domain/accounts/ident.h"
#include "domain/calendar/date.h"
#include "domain/eform/eform.h"
#include "domain/units/unit.h"

#define LINE_MAX_BYTES 1000       /* a one-line value */
#define STREET_SUFFIX "__duong"   /* value key of an address's house and street as typed */
#define KEY_MAX 128               /* bytes of a field key with a suffix */
#define YEAR_MIN 1900
#define YEAR_MAX 2100

static const struct proc_form_field DEFAULT_FIELD = {
    .key = (char *)EFORM_DEFAULT_KEY,
    .label = (char *)"Nội dung yêu cầu",
    .required = true,
    .type = (char *)"textarea",
    .on_receipt = true,
    .on_result = true,
};

static const struct {
    const char *code;
    enum eform_type type;
} TYPES[] = {
    {"text", EFORM_TEXT}, {"textarea", EFORM_TEXTAREA}, {"date", EFORM_DATE},
    {"number", EFORM_NUMBER}, {"select", EFORM_SELECT}, {"cccd", EFORM_CCCD},
    {"phone", EFORM_PHONE}, {"email", EFORM_EMAIL}, {"address", EFORM_ADDRESS},
};

enum eform_type eform_type_of(const struct proc_form_field *f)
{
    for (size_t i = 0; f->type && i < MC_ARRAY_LEN(TYPES); i++)
        if (strcmp(f->type, TYPES[i].code) == 0)
            return TYPES[i].type;
    return EFORM_TEXT;
}

const char *eform_type_code(enum eform_type t)
{
    for (size_t i = 0; i < MC_ARRAY_LEN(TYPES); i++)
        if (TYPES[i].type == t)
            return TYPES[i].code;
    return "text";
}

size_t eform_count(const struct procedure *p)
{
    return p->nform_fields ? p->nform_fields : 1;
}

const struct proc_form_field *eform_field(const struct procedure *p, size_t i)
{
    return p->nform_fields ? &p->form_fields[i] : &DEFAULT_FIELD;
}

static const char *value_of(const json_t *values, const char *key)
{
    const char *v = values ? json_string_value(json_object_get(values, key)) : NULL;
    return v ? v : "";
}

/* Split "key=value" into key (copied, bounded) and a pointer to value. */
static bool split_condition(const char *cond, char key[KEY_MAX], const char **value)
{
    const char *eq = cond ? strchr(cond, '=') : NULL;
    if (!eq || eq == cond || (size_t)(eq - cond) >= KEY_MAX)
        return false;
    memcpy(key, cond, (size_t)(eq - cond));
    key[eq - cond] = '\0';
    *value = eq + 1;
    return true;
}

static bool condition_holds(const char *cond, const json_t *values)
{
    char key[KEY_MAX];
    const char *want;
    if (!cond || !*cond)
        return true;
    return split_condition(cond, key, &want) && strcmp(value_of(values, key), want) == 0;
}

bool eform_asked(const struct proc_form_field *f, const json_t *values)
{
    return condition_holds(f->show_if, values);
}

/* ---------------------------------------------------------------- checks */

/* s without the spaces around it, copied into out (size bytes); false when it does not fit. */
static bool trimmed(const char *s, char *out, size_t size)
{
    size_t n = strlen(s);
    text_trim(&s, &n);
    if (n >= size)
        return false;
    memcpy(out, s, n);
    out[n] = '\0';
    return true;
}

static bool read_int(const char **p, int digits_max, int *out)
{
    int v = 0, n = 0;
    while (**p >= '0' && **p <= '9' && n < digits_max) {
        v = v * 10 + (**p - '0');
        (*p)++;
        n++;
    }
    *out = v;
    return n > 0;
}

/* "dd/mm/yyyy", "d/m/yyyy", "dd-mm-yyyy" or "yyyy-mm-dd" into y, m, d. */
static bool parse_date(const char *s, int *y, int *m, int *d)
{
    const char *p = s;
    int a, b, c;
    if (!read_int(&p, 4, &a) || (*p != '/' && *p != '-' && *p != '.'))
        return false;
    char sep = *p++;
    if (!read_int(&p, 2, &b) || *p++ != sep || !read_int(&p, 4, &c) || *p != '\0')
        return false;
    if (p - s == 10 && s[4] == '-') {   /* ISO, as <input type="date"> sends it */
        *y = a;
        *m = b;
        *d = c;
    } else {
        *d = a;
        *m = b;
        *y = c;
    }
    return *y >= 1000;
}

static const char *check_date(const struct proc_form_field *f, const char *v, int32_t today,
                              char out[32])
{
    int y = 0, m = 0, d = 0;
    int32_t day;
    if (!parse_date(v, &y, &m, &d))
        return "Ngày phải viết theo dạng ngày/tháng/năm, ví dụ 05/03/2026.";
    if (y < YEAR_MIN || y > YEAR_MAX || calendar_date_from_ymd(y, m, d, &day) != MC_OK)
        return "Ngày này không có trên lịch; hãy kiểm tra lại ngày, tháng, năm.";
    if (f->past && day > today)
        return "Ngày không được sau ngày hôm nay.";
    snprintf(out, 32, "%02d/%02d/%04d", d, m, y);
    return NULL;
}

static const char *check_number(const struct proc_form_field *f, const char *v, char out[32])
{
    size_t n = strlen(v);
    long long x = 0;
    if (n == 0 || n > 15 || !text_is_digits(v, n))
        return "Chỉ nhập chữ số (không có chữ, dấu chấm hay dấu cách).";
    x = strtoll(v, NULL, 10);
    if (x < f->min || (f->max > 0 && x > f->max))
        return "Số này nằm ngoài khoảng cho phép.";
    snprintf(out, 32, "%lld", x);
    return NULL;
}

static bool is_option(const char *options, const char *v)
{
    size_t n = strlen(v);
    for (const char *p = options; p && *p;) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        if (len == n && memcmp(p, v, n) == 0)
            return true;
        p += len + (nl ? 1 : 0);
    }
    return false;
}

static bool plain_text(const char *v, bool lines)
{
    for (const unsigned char *p = (const unsigned char *)v; *p; p++)
        if ((*p < 0x20 && !(lines && (*p == '\n' || *p == '\r' || *p == '\t'))) || *p == 0x7f)
            return false;
    return true;
}

static void suffixed(char out[KEY_MAX + 16], const char *key, const char *suffix)
{
    snprintf(out, KEY_MAX + 16, "%s%s", key, suffix);
}

/*
 * An address: the house and street as typed (kept under key__duong) and a
 * current commune (key__xa); the value becomes "street, commune, province".
 */
static const char *check_address(struct db *db, const struct proc_form_field *f,
                                 json_t *values, const char *street, enum mc_status *rc)
{
    char xa_key[KEY_MAX + 16], street_key[KEY_MAX + 16];
    struct unit commune, province;
    const char *why = NULL;
    suffixed(xa_key, f->key, EFORM_COMMUNE_SUFFIX);
    suffixed(street_key, f->key, STREET_SUFFIX);
    const char *code = value_of(values, xa_key);
    unit_init(&commune);
    unit_init(&province);
    if (!*code || strlen(code) > 16 || !text_is_digits(code, strlen(code)) || !db) {
        why = "Chọn xã, phường (đơn vị hành chính sau ngày 01/7/2025).";
    } else if ((*rc = unit_get(db, code, &commune)) == MC_ERR_NOT_FOUND ||
               (*rc == MC_OK && (!commune.parent_code || commune.valid_to))) {
        why = "Xã, phường này không còn hoặc không có; hãy chọn lại.";
        *rc = MC_OK;
    } else if (*rc == MC_OK && (*rc = unit_get(db, commune.parent_code, &province)) == MC_OK) {
        struct buf full;
        buf_init(&full, BUF_MAX_SMALL);
        buf_addf(&full, "%s, %s, %s", street, commune.full_name, province.full_name);
        json_object_set_new(values, street_key, json_string(street));
        json_object_set_new(values, f->key, json_string(buf_cstr(&full)));
        buf_release(&full);
    }
    unit_release(&province);
    unit_release(&commune);
    return why;
}

/* Check one asked, non-empty field; a reason or NULL, the normalised value set. */
static const char *check_value(struct db *db, const struct proc_form_field *f, json_t *values,
                               const char *v, int32_t today, enum mc_status *rc)
{
    char out[64];
    const char *why = NULL;
    int y, m, d;
    enum eform_type t = eform_type_of(f);
    if (strlen(v) > (t == EFORM_TEXTAREA ? EFORM_VALUE_MAX : LINE_MAX_BYTES))
        return "Nội dung quá dài.";
    if (!plain_text(v, t == EFORM_TEXTAREA))
        return "Nội dung có ký tự không hợp lệ.";
    switch (t) {
    case EFORM_TEXT:
    case EFORM_TEXTAREA:
        break;
    case EFORM_DATE:
        if (!(why = check_date(f, v, today, out)))
            json_object_set_new(values, f->key, json_string(out));
        break;
    case EFORM_NUMBER:
        if (!(why = check_number(f, v, out)))
            json_object_set_new(values, f->key, json_string(out));
        break;
    case EFORM_SELECT:
        if (!is_option(f->options, v))
            why = "Hãy chọn một giá trị trong danh sách.";
        break;
    case EFORM_CCCD:
        calendar_date_to_ymd(today, &y, &m, &d);
        if (ident_check_cccd(v, strlen(v), y, NULL, &why) == MC_OK)
            why = NULL;
        else if (!why)
            why = "Số căn cước không hợp lệ.";
        break;
    case EFORM_PHONE: {
        char phone[IDENT_PHONE_SIZE];
        if (ident_check_phone(v, strlen(v), phone, &why) == MC_OK) {
            why = NULL;
            json_object_set_new(values, f->key, json_string(phone));
        } else if (!why) {
            why = "Số điện thoại không hợp lệ.";
        }
        break;
    }
    case EFORM_EMAIL:
        if (ident_check_email(v, strlen(v), &why) == MC_OK)
            why = NULL;
        else if (!why)
            why = "Địa chỉ thư điện tử không hợp lệ.";
        break;
    case EFORM_ADDRESS:
        why = check_address(db, f, values, v, rc);
        break;
    }
    return why;
}

/* Forget the values of a field that is not asked or left empty. */
static void drop(json_t *values, const char *key)
{
    char k[KEY_MAX + 16];
    json_object_del(values, key);
    suffixed(k, key, EFORM_COMMUNE_SUFFIX);
    json_object_del(values, k);
    suffixed(k, key, STREET_SUFFIX);
    json_object_del(values, k);
}

enum mc_status eform_check(struct db *db, const struct procedure *p, json_t *values,
                           int32_t today, struct form_errors *errs)
{
    enum mc_status rc = MC_OK;
    bool refused = false;
    if (!json_is_object(values))
        return MC_ERR_INVALID;
    for (size_t i = 0; rc == MC_OK && i < eform_count(p); i++) {
        const struct proc_form_field *f = eform_field(p, i);
        char street_key[KEY_MAX + 16], v[EFORM_VALUE_MAX + 1];
        const char *why = NULL;
        if (!f->key || strlen(f->key) >= KEY_MAX)
            continue;
        suffixed(street_key, f->key, STREET_SUFFIX);
        const char *raw = eform_type_of(f) == EFORM_ADDRESS && *value_of(values, street_key)
                              ? value_of(values, street_key) : value_of(values, f->key);
        if (!eform_asked(f, values)) {
            drop(values, f->key);
            continue;
        }
        if (!trimmed(raw, v, sizeof(v))) {
            why = "Nội dung quá dài.";
        } else if (!*v) {
            if (f->required)
                why = "Cần nhập thông tin này.";
            else
                drop(values, f->key);
        } else {
            json_object_set_new(values, f->key, json_string(v));
            why = check_value(db, f, values, v, today, &rc);
        }
        if (why && rc == MC_OK) {
            form_errors_add(errs, f->key, why);
            refused = true;
        }
    }
    if (rc == MC_OK && refused)
        rc = MC_ERR_INVALID;
    return rc;
}

/* ---------------------------------------------------------------- documents, copies, fees */

enum eform_need eform_document_need(const struct procedure *p, size_t i, const json_t *values)
{
    if (i >= p->ndocuments)
        return EFORM_OPTIONAL;
    switch (p->documents[i].need) {
    case PROC_DOC_REQUIRED:
        return EFORM_REQUIRED;
    case PROC_DOC_CONDITIONAL:
        return p->documents[i].need_if && condition_holds(p->documents[i].need_if, values)
                   ? EFORM_REQUIRED : EFORM_OPTIONAL;
    case PROC_DOC_UNSPECIFIED:
    case PROC_DOC_OPTIONAL:
        break;
    }
    return EFORM_OPTIONAL;
}

const char *eform_document_note(const struct procedure *p, size_t i, char *out, size_t size)
{
    enum proc_doc_need need = i < p->ndocuments ? p->documents[i].need : PROC_DOC_UNSPECIFIED;
    char key[KEY_MAX];
    const char *want = NULL, *label = NULL;
    switch (need) {
    case PROC_DOC_REQUIRED:
        snprintf(out, size, "bắt buộc");
        break;
    case PROC_DOC_OPTIONAL:
        snprintf(out, size, "không bắt buộc");
        break;
    case PROC_DOC_CONDITIONAL:
        if (split_condition(p->documents[i].need_if, key, &want)) {
            for (size_t k = 0; k < p->nform_fields; k++)
                if (p->form_fields[k].key && strcmp(p->form_fields[k].key, key) == 0)
                    label = p->form_fields[k].label;
            snprintf(out, size, "bắt buộc khi %s là “%s”", label ? label : key, want);
        } else {
            snprintf(out, size, "nếu có");
        }
        break;
    case PROC_DOC_UNSPECIFIED:
        snprintf(out, size, "nếu có");
        break;
    }
    return out;
}

int64_t eform_copies(const struct procedure *p, const json_t *values)
{
    const char *v = p->copies_field ? value_of(values, p->copies_field) : "";
    size_t n = strlen(v);
    long long x = n > 0 && n < 6 && text_is_digits(v, n) ? strtoll(v, NULL, 10) : 0;
    return x <= EFORM_COPIES_MAX ? (int64_t)x : 0;
}

int64_t eform_fee(const struct procedure *p, int64_t channel_fee, const json_t *values)
{
    if (!p->copies_field)
        return channel_fee;
    return eform_copies(p, values) * (p->copy_fee_dong > 0 ? p->copy_fee_dong : channel_fee);
}

/* ---------------------------------------------------------------- reading back */

static bool wanted(const struct proc_form_field *f, enum eform_where where)
{
    return where == EFORM_ALL || (where == EFORM_ON_RECEIPT && f->on_receipt) ||
           (where == EFORM_ON_RESULT && f->on_result);
}

static bool known_key(const struct procedure *p, const char *key)
{
    for (size_t i = 0; i < eform_count(p); i++) {
        const char *k = eform_field(p, i)->key;
        size_t n = k ? strlen(k) : 0;
        if (k && strncmp(key, k, n) == 0 && (key[n] == '\0' || strncmp(key + n, "__", 2) == 0))
            return true;
    }
    return false;
}

void eform_entries(const struct procedure *p, const char *form_json, enum eform_where where,
                   struct eform_entry *out, size_t max, size_t *n, json_t **doc)
{
    json_t *o = json_loads(form_json ? form_json : "{}", 0, NULL);
    const char *key;
    json_t *v;
    *n = 0;
    *doc = NULL;
    if (!json_is_object(o)) {
        json_decref(o);
        return;
    }
    *doc = o;
    for (size_t i = 0; i < eform_count(p) && *n < max; i++) {
        const struct proc_form_field *f = eform_field(p, i);
        const char *s = f->key ? value_of(o, f->key) : "";
        if (*s && wanted(f, where) && eform_asked(f, o))
            out[(*n)++] = (struct eform_entry){f->key, f->label ? f->label : f->key, s};
    }
    if (where != EFORM_ALL)
        return;
    json_object_foreach(o, key, v) {
        if (*n < max && json_is_string(v) && key[0] != '_' && !known_key(p, key) &&
            json_string_length(v) > 0)
            out[(*n)++] = (struct eform_entry){key, key, json_string_value(v)};
    }
}

enum mc_status eform_fold_values(const char *form_json, struct buf *out)
{
    json_t *o = json_loads(form_json ? form_json : "{}", 0, NULL);
    const char *key;
    json_t *v;
    enum mc_status rc = MC_OK;
    json_object_foreach(o, key, v) {
        if (rc != MC_OK || !json_is_string(v) || strstr(key, "__") || key[0] == '_')
            continue;
        buf_addch(out, ' ');
        rc = text_fold(json_string_value(v), json_string_length(v), out);
    }
    json_decref(o);
    return rc == MC_OK ? buf_status(out) : rc;
}
