/* catalog_validate.c - checks on a procedure edited by hand (see catalog.h). */
#include "domain/catalog/catalog.h"
#include "core/text.h"

#define NAME_MAX_BYTES 500
#define FIELD_MAX_BYTES 200
#define TIME_MAX 3650.0
#define FEE_MAX 1000000000LL
#define COUNT_MAX 99

const char *catalog_channel_key(enum proc_channel_kind kind)
{
    switch (kind) {
    case PROC_CHANNEL_DIRECT: return "truc_tiep";
    case PROC_CHANNEL_ONLINE: return "truc_tuyen";
    case PROC_CHANNEL_POSTAL: return "buu_chinh";
    }
    return "khac";
}

static bool text_ok(const char *s, size_t max)
{
    return s && *s && strlen(s) <= max && text_utf8_valid(s, strlen(s));
}

/* Field names must outlive errs: one static name per kind and purpose. */
static const char *channel_field(enum proc_channel_kind kind, bool fee)
{
    static const char *const time_names[] = {"ch_truc_tiep_time", "ch_truc_tuyen_time",
                                             "ch_buu_chinh_time"};
    static const char *const fee_names[] = {"ch_truc_tiep_fee", "ch_truc_tuyen_fee",
                                            "ch_buu_chinh_fee"};
    unsigned i = (unsigned)kind < 3 ? (unsigned)kind : 0;
    return fee ? fee_names[i] : time_names[i];
}

static void validate_channel(const struct proc_channel *c, unsigned *seen,
                             struct form_errors *errs)
{
    if (*seen & (1u << c->kind))
        form_errors_add(errs, channel_field(c->kind, false),
                        "mỗi cách nộp chỉ được khai báo một lần");
    *seen |= 1u << c->kind;
    if (c->time_state == PROC_TIME_VALUE &&
        (c->time_min < 0 || c->time_max < c->time_min || c->time_max > TIME_MAX))
        form_errors_add(errs, channel_field(c->kind, false),
                        "thời hạn phải từ 0 đến 3650, số đầu không lớn hơn số sau");
    else if (c->time_state == PROC_TIME_VALUE && c->time_unit == PROC_UNIT_UNKNOWN)
        form_errors_add(errs, channel_field(c->kind, false), "vui lòng chọn đơn vị thời hạn");
    if (c->fee_state == PROC_FEE_AMOUNT && (c->fee_dong < 0 || c->fee_dong > FEE_MAX))
        form_errors_add(errs, channel_field(c->kind, true),
                        "lệ phí phải từ 0 đến 1.000.000.000 đồng");
}

enum mc_status catalog_validate(const struct procedure *p, struct form_errors *errs)
{
    unsigned seen = 0;
    size_t before = errs->count;
    if (!text_ok(p->name, NAME_MAX_BYTES))
        form_errors_add(errs, "name", "vui lòng nhập tên thủ tục (tối đa 500 ký tự)");
    if (!text_ok(p->field, FIELD_MAX_BYTES))
        form_errors_add(errs, "field", "vui lòng nhập lĩnh vực (tối đa 200 ký tự)");
    if (!p->levels)
        form_errors_add(errs, "levels", "vui lòng chọn ít nhất một cấp thực hiện");
    for (size_t i = 0; i < p->nchannels; i++)
        validate_channel(&p->channels[i], &seen, errs);
    for (size_t i = 0; i < p->ndocuments; i++) {
        const struct proc_document *d = &p->documents[i];
        if (!text_ok(d->name, NAME_MAX_BYTES) || d->originals > COUNT_MAX ||
            d->copies > COUNT_MAX) {
            form_errors_add(errs, "documents",
                            "mỗi dòng giấy tờ cần tên, số bản chính và bản sao từ 0 đến 99");
            break;
        }
    }
    return errs->count > before ? MC_ERR_INVALID : MC_OK;
}
