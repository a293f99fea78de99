/*
 * index766_cli.c - `motcua index`: the 766 index of a unit or the rankings
 * as JSON, CSV or an Excel workbook in the layout officials use; late
 * lists, publication, recheck and rebuild (see index766_cli.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli/cli.h"
#include "core/clock.h"
#include "core/config.h"
#include "core/csv.h"
#include "core/jfield.h"
#include "core/mem.h"
#include "domain/index766/index766.h"
#include "cli/index766_cli.h"
#include "domain/index766/index766_xlsx.h"

#define EXIT_USAGE 2
#define JSON_FLAGS (JSON_INDENT(0) | JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(12))

static const char USAGE[] =
    "Usage: motcua index --period KỲ [--unit MÃ] [--kind agencies|communes]\n"
    "                    [--format json|csv|xlsx] [--output TỆP] [--db PATH]\n"
    "       motcua index --late --period KỲ [--unit MÃ] [--format json|csv]\n"
    "       motcua index --publish --period KỲ [--note LÝ_DO]\n"
    "       motcua index --recheck | --rebuild\n\n"
    "Bộ chỉ số phục vụ người dân, doanh nghiệp (QĐ 766/QĐ-TTg).\n"
    "KỲ: 2026-10 hoặc 10/2026 (tháng), 2026-Q4 hoặc Q4/2026 (quý), 2026 (năm),\n"
    "2026-10-01..2026-10-15 (khoảng ngày).\n"
    "Không có --unit: chỉ số toàn tỉnh và xếp hạng các cơ quan, các xã.\n"
    "--late: hồ sơ trễ hạn theo cơ quan, theo cán bộ (ngày làm việc).\n"
    "--publish: công bố (đóng băng) kết quả kỳ đã kết thúc; công bố lại tạo phiên bản mới.\n"
    "--recheck: cập nhật hồ sơ đến hạn; --rebuild: tính lại toàn bộ bộ đếm.\n";

/* ---------------------------------------------------------------- CSV */

/* Every text cell quoted, LF line ends; numbers written as numbers (core/csv.h). */
#define CLI_CSV (CSV_QUOTE_ALL | CSV_LF)

static void csv_head(struct csv_writer *w, const char *const *names)
{
    for (size_t i = 0; names[i]; i++)
        csv_write_text(w, names[i]);
    csv_write_end(w);
}

static void csv_report(struct csv_writer *w, json_t *doc)
{
    static const char *const head[] = {"nhom", "chi_so", "ten", "tu_so", "mau_so", "ty_le",
                                       "diem", "toi_da", "trang_thai", NULL};
    size_t gi, ii;
    json_t *g, *ind;
    csv_head(w, head);
    json_array_foreach(json_object_get(doc, "groups"), gi, g) {
        json_array_foreach(json_object_get(g, "indicators"), ii, ind) {
            csv_write_text(w, jfield_str(g, "key"));
            csv_write_text(w, jfield_str(ind, "key"));
            csv_write_text(w, jfield_str(ind, "name"));
            csv_write_json(w, json_object_get(ind, "numerator"));
            csv_write_json(w, json_object_get(ind, "denominator"));
            csv_write_double(w, jfield_num(ind, "ratio"), 4);
            csv_write_json(w, json_object_get(ind, "points"));
            csv_write_json(w, json_object_get(ind, "max"));
            csv_write_text(w, jfield_str(ind, "state"));
            csv_write_end(w);
        }
    }
    csv_write_text(w, "tong");
    csv_write_text(w, "");
    csv_write_text(w, "Tổng điểm có dữ liệu / quy đổi 100");
    csv_write_json(w, json_object_get(doc, "total_available"));
    csv_write_json(w, json_object_get(doc, "max_available"));
    csv_write_text(w, "");
    csv_write_json(w, json_object_get(doc, "total"));
    csv_write_int(w, 100);
    csv_write_text(w, jfield_str(doc, "state"));
    csv_write_end(w);
}

static void csv_ranking(struct csv_writer *w, json_t *rk)
{
    static const char *const head[] = {"hang", "ma", "ten", "tong", "diem_co_du_lieu",
                                       "toi_da_co_du_lieu", "hang_ky_truoc", "thay_doi", NULL};
    static const char *const nums[] = {"total", "total_available", "max_available",
                                       "previous_rank", "rank_change"};
    size_t i;
    json_t *u;
    csv_head(w, head);
    json_array_foreach(json_object_get(rk, "units"), i, u) {
        csv_write_json(w, json_object_get(u, "rank"));
        csv_write_text(w, jfield_str(u, "unit"));
        csv_write_text(w, jfield_str(u, "name"));
        for (size_t k = 0; k < MC_ARRAY_LEN(nums); k++)
            csv_write_json(w, json_object_get(u, nums[k]));
        csv_write_end(w);
    }
}

static void csv_late(struct csv_writer *w, const struct index766_late_list *l)
{
    static const char *const head[] = {"ma_ho_so", "ma_thu_tuc", "ten_thu_tuc", "co_quan",
                                       "can_bo", "han_xu_ly", "so_ngay_tre", "da_ket_thuc",
                                       NULL};
    char iso[32];
    csv_head(w, head);
    for (size_t i = 0; i < l->n; i++) {
        clock_format_iso(l->rows[i].deadline, iso, sizeof(iso));
        csv_write_text(w, l->rows[i].code);
        csv_write_text(w, l->rows[i].procedure_code);
        csv_write_text(w, l->rows[i].procedure_name);
        csv_write_text(w, l->rows[i].agency_code);
        csv_write_text(w, l->rows[i].officer);
        csv_write_text(w, iso);
        csv_write_int(w, l->rows[i].days_late);
        csv_write_int(w, l->rows[i].finished ? 1 : 0);
        csv_write_end(w);
    }
}

static int fail(const char *what, const char *value)
{
    fprintf(stderr, "motcua index: %s%s%s\n", what, value ? ": " : "", value ? value : "");
    return EXIT_USAGE;
}

static int status_exit(enum mc_status st, const char *period, const char *unit)
{
    if (st == MC_ERR_INVALID)
        return fail("kỳ không hợp lệ (2026-10, 2026-Q4, 2026, 2026-10-01..2026-10-15)",
                    period);
    if (st == MC_ERR_NOT_FOUND)
        return fail("không có đơn vị", unit);
    fprintf(stderr, "motcua index: lỗi cơ sở dữ liệu\n");
    return 1;
}

static int write_json(json_t *doc, const char *output)
{
    FILE *f = output ? fopen(output, "w") : stdout;
    int rc = 0;
    if (!f)
        return fail("không ghi được tệp", output);
    if (json_dumpf(doc, f, JSON_FLAGS) != 0)
        rc = 1;
    fputc('\n', f);
    if (output && fclose(f) != 0)
        rc = 1;
    return rc;
}

/* Write the CSV in b to output (stdout when NULL). */
static int write_file(const struct buf *b, const char *output)
{
    FILE *f = output ? fopen(output, "w") : stdout;
    int rc = 0;
    if (!f)
        return fail("không ghi được tệp", output);
    if (buf_status(b) != MC_OK || fwrite(b->data, 1, b->len, f) != b->len)
        rc = 1;
    if (output && fclose(f) != 0)
        rc = 1;
    return rc;
}

static int run_index(struct db *db, const char *period, const char *unit, const char *kind,
                     const char *format, const char *output)
{
    json_t *doc = NULL, *agencies = NULL, *communes = NULL;
    enum index766_rank_kind rk = INDEX766_RANK_AGENCIES;
    enum mc_status st;
    int rc = 0;
    if (kind && index766_rank_kind_parse(kind, &rk) != MC_OK)
        return fail("--kind phải là agencies hoặc communes", kind);
    if (strcmp(format, "xlsx") == 0 && !output)
        return fail("định dạng xlsx cần --output TỆP", NULL);
    if (unit || !kind) {
        st = index766_document(db, unit, period, &doc);
        if (st != MC_OK)
            return status_exit(st, period, unit);
    }
    if (!unit) {
        if (!kind || rk == INDEX766_RANK_AGENCIES)
            st = index766_ranking_document(db, period, INDEX766_RANK_AGENCIES, &agencies);
        if (st == MC_OK && (!kind || rk == INDEX766_RANK_COMMUNES))
            st = index766_ranking_document(db, period, INDEX766_RANK_COMMUNES, &communes);
        if (st != MC_OK) {
            rc = status_exit(st, period, unit);
            goto out;
        }
    } else if (strcmp(format, "xlsx") == 0) {
        const char *k = jfield_str(doc, "kind");
        st = index766_ranking_document(db, period,
                                    strcmp(k, "commune") == 0 ? INDEX766_RANK_COMMUNES
                                                              : INDEX766_RANK_AGENCIES,
                                    strcmp(k, "commune") == 0 ? &communes : &agencies);
        if (st != MC_OK) {
            rc = status_exit(st, period, unit);
            goto out;
        }
    }
    if (strcmp(format, "json") == 0) {
        json_t *out = doc;
        if (!unit && kind)
            out = rk == INDEX766_RANK_AGENCIES ? agencies : communes;
        else if (!unit)
            out = json_pack("{s:s,s:O,s:O,s:O}", "period", jfield_str(doc, "period"), "province",
                            doc, "agencies", agencies, "communes", communes);
        rc = write_json(out, output);
        if (out != doc && out != agencies && out != communes)
            json_decref(out);
    } else if (strcmp(format, "csv") == 0) {
        struct buf b;
        struct csv_writer w;
        buf_init(&b, BUF_MAX_FILE);
        csv_writer_init(&w, &b, CLI_CSV);
        if (unit)
            csv_report(&w, doc);
        else
            csv_ranking(&w, kind && rk == INDEX766_RANK_COMMUNES ? communes : agencies);
        rc = write_file(&b, output);
        buf_release(&b);
    } else if (strcmp(format, "xlsx") == 0) {
        struct buf b;
        buf_init(&b, BUF_MAX_FILE);
        if (index766_xlsx_write(NULL, doc, agencies, communes, &b) != MC_OK)
            rc = fail("không ghi được tệp", output);
        else
            rc = write_file(&b, output);
        buf_release(&b);
    } else {
        rc = fail("--format phải là json, csv hoặc xlsx", format);
    }
out:
    json_decref(doc);
    json_decref(agencies);
    json_decref(communes);
    return rc;
}

static int run_late(struct db *db, const char *period, const char *unit, const char *format,
                    const char *output)
{
    struct index766_late_list l;
    enum mc_status st;
    int rc = 0;
    index766_late_list_init(&l);
    st = index766_late(db, unit, period, &l);
    if (st != MC_OK) {
        index766_late_list_release(&l);
        return status_exit(st, period, unit);
    }
    if (strcmp(format, "csv") == 0) {
        struct buf b;
        struct csv_writer w;
        buf_init(&b, BUF_MAX_FILE);
        csv_writer_init(&w, &b, CLI_CSV);
        csv_late(&w, &l);
        rc = write_file(&b, output);
        buf_release(&b);
    } else {
        json_t *doc = index766_late_json(&l, unit, period);
        rc = write_json(doc, output);
        json_decref(doc);
    }
    index766_late_list_release(&l);
    return rc;
}

/*
 * Run the subcommand; argv[0] is "index".  Output to standard output or
 * --output, Vietnamese errors to standard error.  Returns the exit code:
 * 0 done, 1 failure, 2 usage error (bad period, unknown unit...).
 * Not thread-safe (stdio).
 */
static int index766_run(struct db *db, int argc, char **argv)
{
    const char *period, *unit, *kind, *format, *output, *note;
    period = cli_flag(argc, argv, "--period");
    unit = cli_flag(argc, argv, "--unit");
    kind = cli_flag(argc, argv, "--kind");
    format = cli_flag(argc, argv, "--format");
    output = cli_flag(argc, argv, "--output");
    note = cli_flag(argc, argv, "--note");
    if (!format)
        format = "json";
    static const char *const valued[] = {"--period", "--unit", "--kind", "--format",
                                         "--output", "--note", NULL};
    static const char *const bare[] = {"--late", "--publish", "--recheck", "--rebuild", NULL};
    if (!cli_args_known(argc, argv, valued, bare)) {
        fputs(USAGE, stderr);
        return EXIT_USAGE;
    }
    if (cli_has_flag(argc, argv, "--rebuild") || cli_has_flag(argc, argv, "--recheck")) {
        int64_t n = 0;
        struct progress shown;
        progress_init(&shown, "Tính lại bộ đếm chỉ số 766");
        enum mc_status st = cli_has_flag(argc, argv, "--rebuild")
                                ? index766_rebuild_shown(db, &shown)
                                : index766_recheck_due(db, clock_now(), &n);
        progress_end(&shown);
        if (st != MC_OK) {
            fprintf(stderr, "motcua index: không cập nhật được bộ đếm\n");
            return 1;
        }
        printf("đã cập nhật bộ đếm chỉ số 766 (%lld hồ sơ đến hạn)\n", (long long)n);
        return 0;
    }
    if (!period) {
        fputs(USAGE, stderr);
        return EXIT_USAGE;
    }
    if (cli_has_flag(argc, argv, "--publish")) {
        int rev = 0;
        enum mc_status st = index766_publish(db, period, "cli", note, &rev);
        if (st == MC_ERR_INVALID)
            return fail("chỉ công bố được tháng, quý, năm đã kết thúc", period);
        if (st != MC_OK)
            return status_exit(st, period, NULL);
        printf("đã công bố kỳ %s, phiên bản %d\n", period, rev);
        return 0;
    }
    if (cli_has_flag(argc, argv, "--late"))
        return run_late(db, period, unit, format, output);
    return run_index(db, period, unit, kind, format, output);
}

static int index766_cli_main(int argc, char **argv)
{
    return cli_run(argc, argv, USAGE, index766_run);
}

static const struct cli_command commands[] = {
    {"index", index766_cli_main, "chỉ số 766: điểm, xếp hạng, hồ sơ trễ hạn, công bố"},
};

const struct cli_module cli_module_quality = {
    .commands = CLI_LIST(commands),
};
