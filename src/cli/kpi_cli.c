/*
 * kpi_cli.c - `motcua kpi` (the targets of Decision 1588 for a unit and a
 * period as JSON, CSV or xlsx; freezing a period), `motcua import
 * kpi-denominators` and the demo's denominators (see kpi_cli.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli/cli.h"
#include "cli/kpi_cli.h"
#include "core/config.h"
#include "core/import_report.h"
#include "core/mem.h"
#include "domain/kpi/kpi.h"

#define EXIT_USAGE 2
#define JSON_FLAGS (JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(12))
#define DEN_IMPORT_MAX (8u * 1024 * 1024)   /* bytes of a denominators file */

static const char USAGE[] =
    "Usage: motcua kpi --period KỲ [--unit MÃ] [--format json|csv|xlsx]\n"
    "                  [--output TỆP] [--public] [--db PATH]\n"
    "       motcua kpi --period KỲ --map MÃ_CHỈ_TIÊU\n"
    "       motcua kpi --freeze --period KỲ\n\n"
    "Chỉ tiêu của Quyết định 1588/QĐ-TTg (§II.2) tính từ dữ liệu hệ thống.\n"
    "KỲ: 2026 (năm), 2026-Q2 hoặc Q2/2026 (quý), 2026-05 hoặc 05/2026 (tháng).\n"
    "MÃ: mã cơ quan hoặc mã xã, phường; không có --unit: toàn tỉnh.\n"
    "--public: chỉ các chỉ tiêu công khai (trang /chi-tieu).\n"
    "--map: một chỉ tiêu cho từng xã, phường (số liệu của bản đồ trên trang chỉ tiêu).\n"
    "--freeze: chốt số liệu của kỳ (toàn tỉnh và từng xã) thành một phiên bản mới.\n";

static const char DEN_USAGE[] =
    "Usage: motcua import kpi-denominators TỆP.csv|TỆP.xlsx [--db PATH]\n\n"
    "Mẫu số nhập theo năm của các chỉ tiêu 1588. Tệp CSV (UTF-8) hoặc Excel (trang\n"
    "tính đầu tiên) có dòng tiêu đề\n"
    "ma_mau_so,ma_don_vi,nam,gia_tri; ma_mau_so là dan_so_truong_thanh hoặc\n"
    "thanh_vien_to_cnscd (theo mã xã, phường), can_bo_van_hanh (theo mã cơ quan),\n"
    "hoc_sinh_sinh_vien (theo mã trường). Có một dòng sai thì không ghi dòng nào.\n";

static int fail(const char *what, const char *value)
{
    fprintf(stderr, "motcua kpi: %s%s%s\n", what, value ? ": " : "", value ? value : "");
    return EXIT_USAGE;
}

static int write_bytes(const char *data, size_t len, const char *output)
{
    FILE *f = output ? fopen(output, "wb") : stdout;
    int rc = 0;
    if (!f)
        return fail("không ghi được tệp", output);
    if (fwrite(data, 1, len, f) != len)
        rc = 1;
    if (output ? fclose(f) != 0 : fflush(f) != 0)
        rc = 1;
    return rc;
}

/*
 * The exit code of a computation for period that ended with st, 0 for
 * MC_OK; the reason on standard error (MC_ERR_NOT_FOUND: missing, what).
 */
static int computed(enum mc_status st, const char *period, const char *missing,
                    const char *what)
{
    if (st == MC_ERR_INVALID)
        return fail("kỳ không hợp lệ (2026, 2026-Q2, 2026-05)", period);
    if (st == MC_ERR_NOT_FOUND)
        return fail(missing, what);
    if (st != MC_OK) {
        fprintf(stderr, "motcua kpi: lỗi cơ sở dữ liệu\n");
        return 1;
    }
    return 0;
}

static int run(struct db *db, const char *period, const char *unit, const char *format,
               const char *output, bool public_only)
{
    struct kpi_table *t = xmalloc(sizeof(*t));
    struct buf b;
    enum mc_status st = kpi_compute(db, unit, period, NULL, t);
    int rc = computed(st, period, "không có cơ quan hoặc xã, phường", unit);
    if (rc != 0) {
        free(t);
        return rc;
    }
    buf_init(&b, BUF_MAX_FILE);
    if (strcmp(format, "json") == 0) {
        json_t *doc = kpi_table_json(t, public_only);
        char *s = json_dumps(doc, JSON_FLAGS);
        buf_adds(&b, s);
        buf_addch(&b, '\n');
        free(s);
        json_decref(doc);
    } else if (strcmp(format, "csv") == 0) {
        st = kpi_export_csv(t, &b);
    } else if (strcmp(format, "xlsx") == 0) {
        const char *tmp = getenv("TMPDIR");
        st = kpi_export_xlsx(t, tmp && *tmp ? tmp : "/tmp", &b);
    } else {
        rc = fail("--format phải là json, csv hoặc xlsx", format);
    }
    if (rc == 0 && (st != MC_OK || buf_status(&b) != MC_OK)) {
        fprintf(stderr, "motcua kpi: không tạo được tệp\n");
        rc = 1;
    }
    if (rc == 0)
        rc = write_bytes(b.data ? b.data : "", b.len, output);
    buf_release(&b);
    free(t);
    return rc;
}

/* --map: one KPI for every commune, as the board's map shows it. */
static int run_map(struct db *db, const char *period, const char *key, const char *output)
{
    struct kpi_commune_list l;
    kpi_commune_list_init(&l);
    enum mc_status st = kpi_def_find(key) ? kpi_communes(db, period, key, &l) : MC_ERR_NOT_FOUND;
    int rc = computed(st, period, "không có chỉ tiêu", key);
    if (rc == 0) {
        json_t *units = json_array();
        for (size_t i = 0; i < l.n; i++) {
            const struct kpi_row *r = &l.items[i].row;
            json_array_append_new(units, json_pack(
                "{s:s,s:s,s:o,s:o,s:o,s:o}", "unit", l.items[i].code, "name", l.items[i].name,
                "value", r->has_value ? json_real(r->value) : json_null(), "numerator",
                r->has_numerator ? json_integer(r->numerator) : json_null(), "denominator",
                r->has_denominator ? json_integer(r->denominator) : json_null(), "target",
                r->has_target ? json_real(r->target) : json_null()));
        }
        json_t *doc = json_pack("{s:s,s:s,s:o}", "period", period, "key", key, "communes", units);
        char *s = json_dumps(doc, JSON_FLAGS);
        struct buf b;
        buf_init(&b, BUF_MAX_FILE);
        buf_adds(&b, s);
        buf_addch(&b, '\n');
        rc = buf_status(&b) == MC_OK ? write_bytes(b.data, b.len, output) : 1;
        buf_release(&b);
        free(s);
        json_decref(doc);
    }
    kpi_commune_list_release(&l);
    return rc;
}

static int kpi_run(struct db *db, int argc, char **argv)
{
    static const char *const valued[] = {"--period", "--unit", "--format", "--output", "--map",
                                         NULL};
    static const char *const bare[] = {"--freeze", "--public", NULL};
    const char *period = cli_flag(argc, argv, "--period");
    const char *unit = cli_flag(argc, argv, "--unit");
    const char *format = cli_flag(argc, argv, "--format");
    const char *output = cli_flag(argc, argv, "--output");
    if (!cli_args_known(argc, argv, valued, bare) || !period) {
        fputs(USAGE, stderr);
        return EXIT_USAGE;
    }
    if (cli_has_flag(argc, argv, "--freeze")) {
        int rev = 0;
        enum mc_status st = kpi_freeze(db, period, &cli_actor, &rev);
        if (st == MC_OK)
            printf("đã chốt số liệu chỉ tiêu kỳ %s, phiên bản %d\n", period, rev);
        return st == MC_OK ? 0 : st == MC_ERR_INVALID ? fail("kỳ không hợp lệ", period) : 1;
    }
    const char *map = cli_flag(argc, argv, "--map");
    if (map)
        return run_map(db, period, map, output);
    return run(db, period, unit, format ? format : "json", output,
               cli_has_flag(argc, argv, "--public"));
}

int kpi_cli_main(int argc, char **argv)
{
    return cli_run(argc, argv, USAGE, kpi_run);
}

/* ---------------------------------------------------------------- import */

static int import_denominators(struct db *db, int argc, char **argv)
{
    struct import_report rep;
    struct buf data;
    int code = EXIT_USAGE;
    import_report_init(&rep);
    buf_init(&data, DEN_IMPORT_MAX + 1);
    if (!cli_one_file(argc, argv, DEN_USAGE, &code))
        goto out;
    if (buf_add_file(&data, argv[1]) != MC_OK) {
        fprintf(stderr, "không đọc được tệp %s (tối đa 8 MB)\n", argv[1]);
        code = 1;
        goto out;
    }
    enum mc_status st = kpi_den_import(db, data.data ? data.data : "", data.len, &cli_actor, &rep);
    code = st == MC_OK ? 0 : 1;
    import_report_print(&rep, "mẫu số chỉ tiêu", st == MC_OK ? stdout : stderr);
out:
    buf_release(&data);
    import_report_release(&rep);
    return code;
}

static const struct cli_command commands[] = {
    {"kpi", kpi_cli_main, "chỉ tiêu QĐ 1588: giá trị, mục tiêu, xuất tệp, chốt số liệu"},
};

static const struct cli_data_kind imports[] = {
    {"kpi-denominators", import_denominators,
     "mẫu số chỉ tiêu 1588 theo năm (CSV hoặc xlsx: ma_mau_so,ma_don_vi,nam,gia_tri)"},
};

const struct cli_module cli_module_kpi = {
    .commands = CLI_LIST(commands),
    .imports = CLI_LIST(imports),
    .demo = kpi_seed_demo,
};
