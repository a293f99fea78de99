/*
 * accuracy.c - measure how much of the national catalogue the importer parses.
 *
 * Not part of the server build.  Build and run from the repository root:
 *
 *   mkdir -p build/tools
 *   cc -std=c17 -D_GNU_SOURCE -O2 -Isrc tools/catalog-accuracy/accuracy.c \
 *      src/catalog/procedure.c src/catalog/national_import.c src/core/csv.c \
 *      src/core/buf.c src/core/mem.c src/core/log.c src/core/status.c \
 *      $(pkg-config --cflags --libs jansson libutf8proc zlib) \
 *      -o build/tools/catalog-accuracy
 *   D=../shared/data/thu_tuc_hanh_chinh
 *   build/tools/catalog-accuracy $D/dvc_tthc_6_bo_nganh_2642.jsonl.gz
 *   build/tools/catalog-accuracy FILE 1.000178 2.002192    (print those records parsed)
 *   build/tools/catalog-accuracy FILE --sample 30 SEED      (print a random sample)
 *
 * Prints the share of records whose channels, times and fees parse fully,
 * and how long parsing took.
 */
#include <stdlib.h>
#include <time.h>
#include "domain/catalog/national_import.h"

static const char *fee_state_name(enum proc_fee_state s)
{
    switch (s) {
    case PROC_FEE_NO_INFO: return "không có thông tin";
    case PROC_FEE_FREE: return "miễn phí";
    case PROC_FEE_AMOUNT: return "số tiền";
    case PROC_FEE_FOREIGN: return "ngoại tệ";
    case PROC_FEE_UNPARSED: return "KHÔNG ĐỌC ĐƯỢC";
    }
    return "?";
}

static void dump(const struct procedure *p, const struct national_warnings *w)
{
    printf("=== %s %s\n", p->code, p->name);
    printf("levels=%#x channels=%zu documents=%zu legal=%zu\n", p->levels, p->nchannels,
           p->ndocuments, p->nlegal);
    for (size_t i = 0; i < p->nchannels; i++) {
        const struct proc_channel *c = &p->channels[i];
        printf("  kênh %zu: %s | thời gian %s %g-%g %s | phí %s %lld | phí raw: %.100s\n",
               i + 1, proc_channel_kind_name(c->kind),
               c->time_state == PROC_TIME_VALUE ? "số" :
               c->time_state == PROC_TIME_NO_INFO ? "không có thông tin" : "KHÔNG ĐỌC ĐƯỢC",
               c->time_min, c->time_max, proc_time_unit_name(c->time_unit),
               fee_state_name(c->fee_state), (long long)c->fee_dong,
               c->fee_raw ? c->fee_raw : "-");
    }
    for (size_t i = 0; i < p->ndocuments; i++) {
        const struct proc_document *d = &p->documents[i];
        printf("  giấy tờ %zu: [%u chính, %u sao%s] %.110s | mẫu: %s\n", i + 1, d->originals,
               d->copies, d->count_known ? "" : ", KHÔNG RÕ", d->name ? d->name : "-",
               d->template_name ? d->template_name : "-");
    }
    for (size_t i = 0; i < p->nlegal; i++)
        printf("  văn bản %zu: %s | %.90s\n", i + 1, p->legal[i].number ? p->legal[i].number : "-",
               p->legal[i].title ? p->legal[i].title : "-");
    printf("  kết quả: %.100s\n", p->result ? p->result : "-");
    for (size_t i = 0; i < w->count; i++)
        printf("  ! %s\n", w->items[i]);
    if (p->channels_raw)
        printf("  RAW cach_thuc: %s\n", p->channels_raw);
    if (p->documents_raw)
        printf("  RAW ho_so: %s\n", p->documents_raw);
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    struct national_file f;
    struct buf err;
    const char *line;
    size_t len;
    unsigned long line_no;
    enum mc_status st;
    size_t total = 0, failed = 0, ok_channels = 0, ok_time = 0, ok_unit = 0, ok_fee = 0;
    size_t ok_all = 0, ok_docs = 0, ok_templates = 0, ok_legal = 0, rows = 0, rows_time = 0;
    size_t rows_fee = 0, docs = 0, docs_counted = 0;
    size_t sample = 0;
    unsigned seed = 1;
    double t0, t1;

    if (argc < 2) {
        fprintf(stderr, "usage: %s FILE [CODE... | --sample N SEED]\n", argv[0]);
        return 2;
    }
    if (argc == 5 && strcmp(argv[2], "--sample") == 0) {
        sample = (size_t)atoi(argv[3]);
        seed = (unsigned)atoi(argv[4]);
    }
    buf_init(&err, BUF_MAX_LINE);
    if (national_file_open(&f, argv[1], &err) != MC_OK) {
        fprintf(stderr, "%s\n", buf_cstr(&err));
        national_file_close(&f);
        return 1;
    }
    t0 = now_seconds();
    while ((st = national_file_next(&f, &line, &len, &line_no, &err)) != MC_ERR_NOT_FOUND) {
        struct procedure p;
        struct national_warnings w;
        if (st != MC_OK) {
            fprintf(stderr, "%s\n", buf_cstr(&err));
            buf_reset(&err);
            failed++;
            if (st == MC_ERR_IO)
                break;
            continue;
        }
        total++;
        procedure_init(&p);
        national_warnings_init(&w);
        if (national_parse_record(line, len, &p, &w, &err) != MC_OK) {
            fprintf(stderr, "dòng %lu: %s\n", line_no, buf_cstr(&err));
            buf_reset(&err);
            failed++;
        } else {
            bool ch = !(w.areas & NAT_AREA_CHANNELS) && p.nchannels > 0;
            bool tm = !(w.areas & NAT_AREA_TIME);
            bool un = !(w.areas & (NAT_AREA_TIME | NAT_AREA_TIME_UNIT));
            bool fe = !(w.areas & NAT_AREA_FEE);
            ok_channels += ch;
            ok_time += ch && tm;
            ok_unit += ch && un;
            ok_fee += ch && fe;
            ok_all += ch && un && fe;
            ok_docs += !(w.areas & NAT_AREA_DOCUMENTS);
            ok_templates += !(w.areas & NAT_AREA_TEMPLATE);
            ok_legal += !(w.areas & NAT_AREA_LEGAL);
            for (size_t i = 0; i < p.nchannels; i++) {
                const struct proc_channel *c = &p.channels[i];
                rows++;
                rows_time += c->time_state == PROC_TIME_NO_INFO ||
                             (c->time_state == PROC_TIME_VALUE &&
                              c->time_unit != PROC_UNIT_UNKNOWN);
                rows_fee += c->fee_state == PROC_FEE_NO_INFO || c->fee_state == PROC_FEE_FREE ||
                            c->fee_state == PROC_FEE_AMOUNT;
            }
            for (size_t i = 0; i < p.ndocuments; i++) {
                docs++;
                docs_counted += p.documents[i].count_known;
            }
            bool show = false;
            for (int a = 2; a < argc && !sample; a++)
                show |= strcmp(argv[a], p.code) == 0;
            if (sample) {
                seed = seed * 1103515245u + 12345u;
                show = ((seed >> 16) % 2642) < sample;
            }
            if (show)
                dump(&p, &w);
        }
        national_warnings_release(&w);
        procedure_release(&p);
    }
    t1 = now_seconds();
    national_file_close(&f);
    buf_release(&err);

#define PCT(n) (total ? 100.0 * (double)(n) / (double)total : 0.0)
    printf("records: %zu, rejected: %zu, parse time: %.3f s\n", total, failed, t1 - t0);
    printf("channels table parsed:            %5zu (%.1f%%)\n", ok_channels, PCT(ok_channels));
    printf("  + every time a number/no-info:  %5zu (%.1f%%)\n", ok_time, PCT(ok_time));
    printf("  + every time with a unit:       %5zu (%.1f%%)\n", ok_unit, PCT(ok_unit));
    printf("  + every fee understood:         %5zu (%.1f%%)\n", ok_fee, PCT(ok_fee));
    printf("channels+times(with unit)+fees:   %5zu (%.1f%%)\n", ok_all, PCT(ok_all));
    printf("documents without warning:        %5zu (%.1f%%)\n", ok_docs, PCT(ok_docs));
    printf("template names all separated:     %5zu (%.1f%%)\n", ok_templates,
           PCT(ok_templates));
    printf("legal basis without warning:      %5zu (%.1f%%)\n", ok_legal, PCT(ok_legal));
    printf("channel rows: %zu, time ok %zu (%.1f%%), fee ok %zu (%.1f%%)\n", rows, rows_time,
           rows ? 100.0 * (double)rows_time / (double)rows : 0.0, rows_fee,
           rows ? 100.0 * (double)rows_fee / (double)rows : 0.0);
    printf("documents: %zu, with counts %zu\n", docs, docs_counted);
    return 0;
}
