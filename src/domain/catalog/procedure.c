/* procedure.c - the administrative procedure model (see procedure.h). */
#include <stddef.h>
#include <stdlib.h>
#include "domain/catalog/procedure.h"
#include "core/array.h"
#include "core/mem.h"

/* ---------------------------------------------------------------- parts */

/*
 * The text members of each struct, by offset: release and copy walk these
 * lists, so a new text member is one line here.
 */
static const size_t PROC_STRS[] = {
    offsetof(struct procedure, code), offsetof(struct procedure, name),
    offsetof(struct procedure, field), offsetof(struct procedure, kind),
    offsetof(struct procedure, applicants), offsetof(struct procedure, competent_agency),
    offsetof(struct procedure, implementing_agency),
    offsetof(struct procedure, decision_number), offsetof(struct procedure, source_url),
    offsetof(struct procedure, channels_raw), offsetof(struct procedure, documents_raw),
    offsetof(struct procedure, steps), offsetof(struct procedure, conditions),
    offsetof(struct procedure, legal_raw), offsetof(struct procedure, result),
    offsetof(struct procedure, result_raw), offsetof(struct procedure, copies_field),
};
static const size_t CHANNEL_STRS[] = {
    offsetof(struct proc_channel, time_raw), offsetof(struct proc_channel, fee_raw),
    offsetof(struct proc_channel, description),
};
static const size_t DOCUMENT_STRS[] = {
    offsetof(struct proc_document, name), offsetof(struct proc_document, template_name),
    offsetof(struct proc_document, group), offsetof(struct proc_document, need_if),
};
static const size_t LEGAL_STRS[] = {
    offsetof(struct proc_legal, number), offsetof(struct proc_legal, title),
};
static const size_t FORM_FIELD_STRS[] = {
    offsetof(struct proc_form_field, key), offsetof(struct proc_form_field, label),
    offsetof(struct proc_form_field, type), offsetof(struct proc_form_field, options),
    offsetof(struct proc_form_field, hint), offsetof(struct proc_form_field, show_if),
};

/* The text member at offset off of the struct at item. */
static char **text_at(void *item, size_t off)
{
    return (char **)((char *)item + off);
}

static void free_texts(void *item, const size_t *offs, size_t n)
{
    for (size_t k = 0; k < n; k++)
        free(*text_at(item, offs[k]));
}

/* Copy elem bytes of src to dst, then give dst its own copy of each text member. */
static void copy_texts(void *dst, const void *src, size_t elem, const size_t *offs, size_t n)
{
    memcpy(dst, src, elem);
    for (size_t k = 0; k < n; k++) {
        char **t = text_at(dst, offs[k]);
        *t = *t ? xstrdup(*t) : NULL;
    }
}

/* Free the text members of n items of elem bytes, then the array. */
static void free_items(void *items, size_t n, size_t elem, const size_t *offs, size_t noffs)
{
    for (size_t i = 0; i < n; i++)
        free_texts((char *)items + i * elem, offs, noffs);
    free(items);
}

/* A deep copy of n items of elem bytes (NULL when n is 0). */
static void *copy_items(const void *items, size_t n, size_t elem, const size_t *offs,
                        size_t noffs)
{
    char *out = n ? xmalloc(n * elem) : NULL;
    for (size_t i = 0; i < n; i++)
        copy_texts(out + i * elem, (const char *)items + i * elem, elem, offs, noffs);
    return out;
}

#define FREE_ITEMS(items, n, strs) \
    free_items((items), (n), sizeof(*(items)), (strs), MC_ARRAY_LEN(strs))
#define COPY_ITEMS(items, n, strs) \
    copy_items((items), (n), sizeof(*(items)), (strs), MC_ARRAY_LEN(strs))

/* ---------------------------------------------------------------- lifecycle */

void procedure_init(struct procedure *p)
{
    memset(p, 0, sizeof(*p));
    p->online_level = PROC_ONLINE_UNKNOWN;
}

void procedure_release(struct procedure *p)
{
    free_texts(p, PROC_STRS, MC_ARRAY_LEN(PROC_STRS));
    FREE_ITEMS(p->channels, p->nchannels, CHANNEL_STRS);
    FREE_ITEMS(p->documents, p->ndocuments, DOCUMENT_STRS);
    FREE_ITEMS(p->legal, p->nlegal, LEGAL_STRS);
    FREE_ITEMS(p->form_fields, p->nform_fields, FORM_FIELD_STRS);
    procedure_init(p);
}

void procedure_clear_channels(struct procedure *p)
{
    FREE_ITEMS(p->channels, p->nchannels, CHANNEL_STRS);
    p->channels = NULL;
    p->nchannels = p->channels_cap = 0;
}

void procedure_clear_documents(struct procedure *p)
{
    FREE_ITEMS(p->documents, p->ndocuments, DOCUMENT_STRS);
    p->documents = NULL;
    p->ndocuments = p->documents_cap = 0;
}

struct proc_channel *procedure_add_channel(struct procedure *p, enum proc_channel_kind kind)
{
    struct proc_channel *c = ARRAY_PUSH(p->channels, p->nchannels, p->channels_cap);
    c->kind = kind;
    c->time_state = PROC_TIME_NO_INFO;
    c->time_unit = PROC_UNIT_UNKNOWN;
    c->fee_state = PROC_FEE_NO_INFO;
    return c;
}

struct proc_document *procedure_add_document(struct procedure *p)
{
    return ARRAY_PUSH(p->documents, p->ndocuments, p->documents_cap);
}

struct proc_legal *procedure_add_legal(struct procedure *p)
{
    return ARRAY_PUSH(p->legal, p->nlegal, p->legal_cap);
}

struct proc_form_field *procedure_add_form_field(struct procedure *p)
{
    return ARRAY_PUSH(p->form_fields, p->nform_fields, p->form_fields_cap);
}

void procedure_copy(struct procedure *dst, const struct procedure *src)
{
    procedure_release(dst);
    copy_texts(dst, src, sizeof(*dst), PROC_STRS, MC_ARRAY_LEN(PROC_STRS));
    /* The counts came with the bytes; each array gets its own exact copy. */
    dst->channels = COPY_ITEMS(src->channels, src->nchannels, CHANNEL_STRS);
    dst->documents = COPY_ITEMS(src->documents, src->ndocuments, DOCUMENT_STRS);
    dst->legal = COPY_ITEMS(src->legal, src->nlegal, LEGAL_STRS);
    dst->form_fields = COPY_ITEMS(src->form_fields, src->nform_fields, FORM_FIELD_STRS);
    dst->channels_cap = src->nchannels;
    dst->documents_cap = src->ndocuments;
    dst->legal_cap = src->nlegal;
    dst->form_fields_cap = src->nform_fields;
}

/* ---------------------------------------------------------------- names */

const char *proc_channel_kind_name(enum proc_channel_kind kind)
{
    static const char *const names[] = {
        [PROC_CHANNEL_DIRECT] = "Trực tiếp",
        [PROC_CHANNEL_ONLINE] = "Trực tuyến",
        [PROC_CHANNEL_POSTAL] = "Dịch vụ bưu chính",
    };
    return (unsigned)kind < MC_ARRAY_LEN(names) ? names[kind] : "Không rõ";
}

const char *proc_time_unit_name(enum proc_time_unit unit)
{
    static const char *const names[] = {
        [PROC_UNIT_UNKNOWN] = "không rõ đơn vị",
        [PROC_UNIT_WORKING_DAY] = "ngày làm việc",
        [PROC_UNIT_DAY] = "ngày",
        [PROC_UNIT_WORKING_HOUR] = "giờ làm việc",
        [PROC_UNIT_HOUR] = "giờ",
        [PROC_UNIT_WEEK] = "tuần",
        [PROC_UNIT_MONTH] = "tháng",
        [PROC_UNIT_YEAR] = "năm",
    };
    return (unsigned)unit < MC_ARRAY_LEN(names) ? names[unit] : "không rõ đơn vị";
}

const char *proc_online_level_name(enum proc_online_level level)
{
    static const char *const names[] = {
        [PROC_ONLINE_UNKNOWN] = "Chưa rõ",
        [PROC_ONLINE_NONE] = "Không trực tuyến",
        [PROC_ONLINE_PARTIAL] = "Một phần",
        [PROC_ONLINE_FULL] = "Toàn trình",
    };
    return (unsigned)level < MC_ARRAY_LEN(names) ? names[level] : "Chưa rõ";
}
