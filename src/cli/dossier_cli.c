/*
 * dossier_cli.c - `motcua import dossiers` and `motcua export dossiers`:
 * the command-line front of the national sync format (see dossier_cli.h;
 * the format itself is domain/dossier/dossier_sync.h).
 */
#include <stdio.h>
#include "cli/cli.h"
#include "cli/dossier_cli.h"
#include "core/clock.h"
#include "core/import_report.h"
#include "domain/calendar/date.h"
#include "domain/dossier/dossier_sync.h"

#define EXIT_USAGE 2

static const char IMPORT_USAGE[] =
    "Usage: motcua import dossiers FILE.jsonl [--db PATH]\n\n"
    "Nạp hồ sơ theo định dạng đồng bộ quốc gia (mỗi dòng một đối tượng JSON: MaHoSo,\n"
    "MaTTHC, MaDonVi, KenhThucHien, TrangThaiHoSo, NgayTiepNhan, NgayHenTra, ...).\n"
    "Tất cả hoặc không gì cả; chạy lại cùng tệp không tạo bản trùng (theo MaHoSo).\n";

static const char EXPORT_USAGE[] =
    "Usage: motcua export dossiers [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--db PATH]\n\n"
    "Xuất hồ sơ (tiếp nhận trong khoảng ngày, tính cả hai đầu) theo định dạng đồng bộ\n"
    "quốc gia ra đầu ra chuẩn, mỗi dòng một hồ sơ; không có dữ liệu cá nhân.\n";

/*
 * `motcua import dossiers FILE` (argv[0] "dossiers"): prints the report
 * (stdout on success, stderr otherwise).  db NULL or --help prints the
 * usage.  The program's listeners of dossier changes (the 766 counters)
 * must be wired first (src/app/wire.h).  Returns 0 imported; 1 rejected
 * or failed (nothing written); 2 usage error or unreadable file.
 */
static int dossier_cli_import(struct db *db, int argc, char **argv)
{
    struct import_report rep;
    int rc;
    if (!db || cli_wants_help(argc, argv)) {
        fputs(IMPORT_USAGE, stdout);
        return 0;
    }
    if (argc != 2) {
        fputs(IMPORT_USAGE, stderr);
        return EXIT_USAGE;
    }
    struct progress shown;
    import_report_init_shown(&rep, &shown, "Nhập hồ sơ");
    int64_t t0 = clock_mono_us();
    enum mc_status st = dossier_import_jsonl(db, argv[1], &cli_actor, &rep);
    progress_end(&shown);
    double secs = (double)(clock_mono_us() - t0) / 1e6;
    import_report_print(&rep, "hồ sơ", st == MC_OK ? stdout : stderr);
    if (st == MC_OK)
        printf("thời gian: %.1f giây\n", secs);
    rc = st == MC_OK ? 0 : st == MC_ERR_NOT_FOUND ? EXIT_USAGE : 1;
    import_report_release(&rep);
    return rc;
}

/* A Vietnam day "YYYY-MM-DD" as the Unix time of its midnight (+days). */
static bool parse_day(const char *s, int add, int64_t *out)
{
    int32_t d;
    if (!s || calendar_date_parse(s, &d) != MC_OK)
        return false;
    *out = calendar_time_at(d + add, 0);
    return true;
}

/*
 * `motcua export dossiers [--from YYYY-MM-DD] [--to YYYY-MM-DD]` (argv[0]
 * "dossiers"; dates are Vietnam days, both included) to standard output.
 * Returns 0, 1 on failure, 2 on a usage error.
 */
static int dossier_cli_export(struct db *db, int argc, char **argv)
{
    const char *from = cli_flag(argc, argv, "--from"), *to = cli_flag(argc, argv, "--to");
    int64_t f = 0, t = 0, n = 0;
    int expected = 1 + (from ? 2 : 0) + (to ? 2 : 0);
    if (!db || cli_wants_help(argc, argv)) {
        fputs(EXPORT_USAGE, stdout);
        return 0;
    }
    if (argc != expected || (from && !parse_day(from, 0, &f)) ||
        (to && !parse_day(to, 1, &t)) || (f && t && t <= f)) {
        fputs(EXPORT_USAGE, stderr);
        return EXIT_USAGE;
    }
    /* Rows go through a stream that counts them for the terminal (progress.h). */
    struct progress shown;
    progress_init(&shown, "Xuất hồ sơ");
    progress_begin(&shown, NULL, "hồ sơ", 0);
    FILE *rows = progress_lines(&shown, stdout);
    enum mc_status st = dossier_export_jsonl(db, f, t, rows ? rows : stdout, &n);
    if (rows && fclose(rows) != 0 && st == MC_OK)
        st = MC_ERR_IO;
    progress_end(&shown);
    if (st != MC_OK) {
        fprintf(stderr, "xuất hồ sơ thất bại\n");
        return 1;
    }
    fprintf(stderr, "đã xuất %lld hồ sơ\n", (long long)n);
    return 0;
}

static const struct cli_data_kind imports[] = {
    {"dossiers", dossier_cli_import, "hồ sơ (JSON lines theo định dạng đồng bộ quốc gia)"},
};

static const struct cli_data_kind exports[] = {
    {"dossiers", dossier_cli_export,
     "hồ sơ theo định dạng đồng bộ quốc gia [--from YYYY-MM-DD] [--to YYYY-MM-DD]"},
};

const struct cli_module cli_module_dossier = {
    .imports = CLI_LIST(imports),
    .exports = CLI_LIST(exports),
};
