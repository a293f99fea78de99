/* procedure.c - the administrative procedure model (see procedure.h). */
#include <stdlib.h>
#include "domain/catalog/procedure.h"
#include "core/mem.h"

void procedure_init(struct procedure *p)
{
    memset(p, 0, sizeof(*p));
    p->online_level = PROC_ONLINE_UNKNOWN;
}

void procedure_release(struct procedure *p)
{
    free(p->code);
    free(p->name);
    free(p->field);
    free(p->kind);
    free(p->applicants);
    free(p->competent_agency);
    free(p->implementing_agency);
    free(p->decision_number);
    free(p->source_url);
    for (size_t i = 0; i < p->nchannels; i++) {
        free(p->channels[i].time_raw);
        free(p->channels[i].fee_raw);
        free(p->channels[i].description);
    }
    free(p->channels);
    free(p->channels_raw);
    for (size_t i = 0; i < p->ndocuments; i++) {
        free(p->documents[i].name);
        free(p->documents[i].template_name);
        free(p->documents[i].group);
        free(p->documents[i].need_if);
    }
    free(p->documents);
    free(p->documents_raw);
    free(p->steps);
    free(p->conditions);
    for (size_t i = 0; i < p->nlegal; i++) {
        free(p->legal[i].number);
        free(p->legal[i].title);
    }
    free(p->legal);
    free(p->legal_raw);
    free(p->result);
    free(p->result_raw);
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
    free(p->copies_field);
    procedure_init(p);
}

void procedure_clear_channels(struct procedure *p)
{
    for (size_t i = 0; i < p->nchannels; i++) {
        free(p->channels[i].time_raw);
        free(p->channels[i].fee_raw);
        free(p->channels[i].description);
    }
    free(p->channels);
    p->channels = NULL;
    p->nchannels = 0;
}

void procedure_clear_documents(struct procedure *p)
{
    for (size_t i = 0; i < p->ndocuments; i++) {
        free(p->documents[i].name);
        free(p->documents[i].template_name);
        free(p->documents[i].group);
        free(p->documents[i].need_if);
    }
    free(p->documents);
    p->documents = NULL;
    p->ndocuments = 0;
}

struct proc_channel *procedure_add_channel(struct procedure *p, enum proc_channel_kind kind)
{
    p->channels = xrealloc(p->channels, (p->nchannels + 1) * sizeof(*p->channels));
    struct proc_channel *c = &p->channels[p->nchannels++];
    memset(c, 0, sizeof(*c));
    c->kind = kind;
    c->time_state = PROC_TIME_NO_INFO;
    c->time_unit = PROC_UNIT_UNKNOWN;
    c->fee_state = PROC_FEE_NO_INFO;
    return c;
}

struct proc_document *procedure_add_document(struct procedure *p)
{
    p->documents = xrealloc(p->documents, (p->ndocuments + 1) * sizeof(*p->documents));
    struct proc_document *d = &p->documents[p->ndocuments++];
    memset(d, 0, sizeof(*d));
    return d;
}

struct proc_legal *procedure_add_legal(struct procedure *p)
{
    p->legal = xrealloc(p->legal, (p->nlegal + 1) * sizeof(*p->legal));
    struct proc_legal *l = &p->legal[p->nlegal++];
    memset(l, 0, sizeof(*l));
    return l;
}

const char *proc_channel_kind_name(enum proc_channel_kind kind)
{
    switch (kind) {
    case PROC_CHANNEL_DIRECT: return "Trực tiếp";
    case PROC_CHANNEL_ONLINE: return "Trực tuyến";
    case PROC_CHANNEL_POSTAL: return "Dịch vụ bưu chính";
    }
    return "Không rõ";
}

const char *proc_time_unit_name(enum proc_time_unit unit)
{
    switch (unit) {
    case PROC_UNIT_UNKNOWN: return "không rõ đơn vị";
    case PROC_UNIT_WORKING_DAY: return "ngày làm việc";
    case PROC_UNIT_DAY: return "ngày";
    case PROC_UNIT_WORKING_HOUR: return "giờ làm việc";
    case PROC_UNIT_HOUR: return "giờ";
    case PROC_UNIT_WEEK: return "tuần";
    case PROC_UNIT_MONTH: return "tháng";
    case PROC_UNIT_YEAR: return "năm";
    }
    return "không rõ đơn vị";
}

const char *proc_online_level_name(enum proc_online_level level)
{
    switch (level) {
    case PROC_ONLINE_UNKNOWN: return "Chưa rõ";
    case PROC_ONLINE_NONE: return "Không trực tuyến";
    case PROC_ONLINE_PARTIAL: return "Một phần";
    case PROC_ONLINE_FULL: return "Toàn trình";
    }
    return "Chưa rõ";
}

static char *dup_or_null(const char *s)
{
    return s ? xstrdup(s) : NULL;
}

void procedure_copy(struct procedure *dst, const struct procedure *src)
{
    procedure_release(dst);
    *dst = *src;   /* scalars; every pointer is replaced below */
    char **strings[] = {&dst->code, &dst->name, &dst->field, &dst->kind, &dst->applicants,
                        &dst->competent_agency, &dst->implementing_agency,
                        &dst->decision_number, &dst->source_url, &dst->channels_raw,
                        &dst->documents_raw, &dst->steps, &dst->conditions, &dst->legal_raw,
                        &dst->result, &dst->result_raw, &dst->copies_field};
    for (size_t i = 0; i < sizeof(strings) / sizeof(strings[0]); i++)
        *strings[i] = dup_or_null(*strings[i]);
    dst->channels = src->nchannels ? xcalloc(src->nchannels, sizeof(*dst->channels)) : NULL;
    for (size_t i = 0; i < src->nchannels; i++) {
        dst->channels[i] = src->channels[i];
        dst->channels[i].time_raw = dup_or_null(src->channels[i].time_raw);
        dst->channels[i].fee_raw = dup_or_null(src->channels[i].fee_raw);
        dst->channels[i].description = dup_or_null(src->channels[i].description);
    }
    dst->documents = src->ndocuments ? xcalloc(src->ndocuments, sizeof(*dst->documents)) : NULL;
    for (size_t i = 0; i < src->ndocuments; i++) {
        dst->documents[i] = src->documents[i];
        dst->documents[i].name = dup_or_null(src->documents[i].name);
        dst->documents[i].template_name = dup_or_null(src->documents[i].template_name);
        dst->documents[i].group = dup_or_null(src->documents[i].group);
        dst->documents[i].need_if = dup_or_null(src->documents[i].need_if);
    }
    dst->legal = src->nlegal ? xcalloc(src->nlegal, sizeof(*dst->legal)) : NULL;
    for (size_t i = 0; i < src->nlegal; i++) {
        dst->legal[i].number = dup_or_null(src->legal[i].number);
        dst->legal[i].title = dup_or_null(src->legal[i].title);
    }
    dst->form_fields = src->nform_fields
                           ? xcalloc(src->nform_fields, sizeof(*dst->form_fields)) : NULL;
    for (size_t i = 0; i < src->nform_fields; i++) {
        dst->form_fields[i] = src->form_fields[i];
        dst->form_fields[i].key = dup_or_null(src->form_fields[i].key);
        dst->form_fields[i].label = dup_or_null(src->form_fields[i].label);
        dst->form_fields[i].type = dup_or_null(src->form_fields[i].type);
        dst->form_fields[i].options = dup_or_null(src->form_fields[i].options);
        dst->form_fields[i].hint = dup_or_null(src->form_fields[i].hint);
        dst->form_fields[i].show_if = dup_or_null(src->form_fields[i].show_if);
    }
}
