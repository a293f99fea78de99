/*
 * import_report.c - counts and messages of one import run (see
 * import_report.h).
 */
#include <stdarg.h>
#include <stdlib.h>
#include "core/array.h"
#include "core/buf.h"
#include "core/mem.h"
#include "core/import_report.h"

void import_report_init(struct import_report *rep)
{
    memset(rep, 0, sizeof(*rep));
}

void import_report_init_shown(struct import_report *rep, struct progress *shown,
                              const char *title)
{
    import_report_init(rep);
    progress_init(shown, title);
    rep->progress = shown;
}

void import_report_release(struct import_report *rep)
{
    strv_free(rep->errors, rep->nerrors);
    rep->errors = NULL;
    rep->nerrors = 0;
    rep->errors_cap = 0;
}

void import_report_clear(struct import_report *rep)
{
    struct progress *shown = rep->progress;
    import_report_release(rep);
    import_report_init(rep);
    rep->progress = shown;
}

void import_report_read(struct import_report *rep)
{
    rep->read++;
    progress_update(rep->progress, rep->read);
}

void import_report_error(struct import_report *rep, const char *fmt, ...)
{
    struct buf b;
    va_list ap;
    if (rep->nerrors >= IMPORT_REPORT_MAX_ERRORS) {
        rep->errors_dropped++;
        return;
    }
    buf_init(&b, IMPORT_REPORT_MAX_MESSAGE);
    va_start(ap, fmt);
    buf_vaddf(&b, fmt, ap);
    va_end(ap);
    if (buf_status(&b) != MC_OK) {
        /* Too long: keep what fits, cut on a character boundary. */
        buf_release(&b);
        buf_init(&b, IMPORT_REPORT_MAX_MESSAGE * 4);
        va_start(ap, fmt);
        buf_vaddf(&b, fmt, ap);
        va_end(ap);
        size_t cut = IMPORT_REPORT_MAX_MESSAGE - 8;
        if (cut > b.len)
            cut = b.len;
        while (cut > 0 && ((unsigned char)b.data[cut] & 0xC0) == 0x80)
            cut--;
        b.len = cut;
        if (b.data)
            b.data[cut] = '\0';
        buf_adds(&b, "…");
    }
    ARRAY_APPEND(rep->errors, rep->nerrors, rep->errors_cap, buf_detach(&b, NULL));
    buf_release(&b);
}

size_t import_report_error_count(const struct import_report *rep)
{
    return rep->nerrors + rep->errors_dropped;
}

void import_report_print(const struct import_report *rep, const char *what, FILE *out)
{
    if (!out)
        return;
    fprintf(out, "Nhập %s: đọc %zu, thêm mới %zu, cập nhật %zu, không đổi %zu, "
            "bị từ chối %zu.\n", what, rep->read, rep->created, rep->updated,
            rep->unchanged, rep->rejected);
    if (import_report_error_count(rep) == 0)
        return;
    if (rep->committed)
        fprintf(out, "Đã ghi vào cơ sở dữ liệu; có %zu lỗi:\n",
                import_report_error_count(rep));
    else
        fprintf(out, "Không ghi gì vào cơ sở dữ liệu vì có %zu lỗi:\n",
                import_report_error_count(rep));
    for (size_t i = 0; i < rep->nerrors; i++)
        fprintf(out, "  - %s\n", rep->errors[i]);
    if (rep->errors_dropped)
        fprintf(out, "  ... và %zu lỗi khác không liệt kê\n", rep->errors_dropped);
}
