/* procedure.c - the administrative procedure model (see procedure.h). */
#include <stdlib.h>
#include "domain/catalog/procedure.h"
#include "core/array.h"
#include "core/mem.h"

/* ---------------------------------------------------------------- parts */

static char *dup_or_null(const char *s)
{
    return s ? xstrdup(s) : NULL;
}

static void channel_release(struct proc_channel *c)
{
    free(c->time_raw);
    free(c->fee_raw);
    free(c->description);
}

static void channel_copy(struct proc_channel *dst, const struct proc_channel *src)
{
    *dst = *src;
    dst->time_raw = dup_or_null(src->time_raw);
    dst->fee_raw = dup_or_null(src->fee_raw);
    dst->description = dup_or_null(src->description);
}

static void document_release(struct proc_document *d)
{
    free(d->name);
    free(d->template_name);
    free(d->group);
}

static void document_copy(struct proc_document *dst, const struct proc_document *src)
{
    *dst = *src;
    dst->name = dup_or_null(src->name);
    dst->template_name = dup_or_null(src->template_name);
    dst->group = dup_or_null(src->group);
}

static void legal_release(struct proc_legal *l)
{
    free(l->number);
    free(l->title);
}

static void legal_copy(struct proc_legal *dst, const struct proc_legal *src)
{
    dst->number = dup_or_null(src->number);
    dst->title = dup_or_null(src->title);
}

static void form_field_release(struct proc_form_field *f)
{
    free(f->key);
    free(f->label);
}

static void form_field_copy(struct proc_form_field *dst, const struct proc_form_field *src)
{
    *dst = *src;
    dst->key = dup_or_null(src->key);
    dst->label = dup_or_null(src->label);
}

/*
 * The text members of a procedure, for release and copy.  A macro (not a
 * table of offsets) so that a new member is one line here.
 */
#define PROC_STRINGS(p) \
    &(p)->code, &(p)->name, &(p)->field, &(p)->kind, &(p)->applicants, \
    &(p)->competent_agency, &(p)->implementing_agency, &(p)->decision_number, \
    &(p)->source_url, &(p)->channels_raw, &(p)->documents_raw, &(p)->steps, \
    &(p)->conditions, &(p)->legal_raw, &(p)->result, &(p)->result_raw

/* ---------------------------------------------------------------- lifecycle */

void procedure_init(struct procedure *p)
{
    memset(p, 0, sizeof(*p));
    p->online_level = PROC_ONLINE_UNKNOWN;
}

void procedure_release(struct procedure *p)
{
    char **strings[] = {PROC_STRINGS(p)};
    for (size_t i = 0; i < MC_ARRAY_LEN(strings); i++)
        free(*strings[i]);
    procedure_clear_channels(p);
    procedure_clear_documents(p);
    for (size_t i = 0; i < p->nlegal; i++)
        legal_release(&p->legal[i]);
    free(p->legal);
    for (size_t i = 0; i < p->nform_fields; i++)
        form_field_release(&p->form_fields[i]);
    free(p->form_fields);
    procedure_init(p);
}

void procedure_clear_channels(struct procedure *p)
{
    for (size_t i = 0; i < p->nchannels; i++)
        channel_release(&p->channels[i]);
    free(p->channels);
    p->channels = NULL;
    p->nchannels = 0;
    p->channels_cap = 0;
}

void procedure_clear_documents(struct procedure *p)
{
    for (size_t i = 0; i < p->ndocuments; i++)
        document_release(&p->documents[i]);
    free(p->documents);
    p->documents = NULL;
    p->ndocuments = 0;
    p->documents_cap = 0;
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
    dst->levels = src->levels;
    dst->online_level = src->online_level;
    char **to[] = {PROC_STRINGS(dst)};
    char *const *from[] = {PROC_STRINGS(src)};
    for (size_t i = 0; i < MC_ARRAY_LEN(to); i++)
        *to[i] = dup_or_null(*from[i]);
    for (size_t i = 0; i < src->nchannels; i++)
        channel_copy(procedure_add_channel(dst, src->channels[i].kind), &src->channels[i]);
    for (size_t i = 0; i < src->ndocuments; i++)
        document_copy(procedure_add_document(dst), &src->documents[i]);
    for (size_t i = 0; i < src->nlegal; i++)
        legal_copy(procedure_add_legal(dst), &src->legal[i]);
    for (size_t i = 0; i < src->nform_fields; i++)
        form_field_copy(procedure_add_form_field(dst), &src->form_fields[i]);
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
