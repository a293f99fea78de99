/*
 * main.c - the motcua program: wires subcommands to the modules.
 * Nothing here holds rules; each subcommand lives in its module.
 */
#include <sodium.h>
#include <stdio.h>
#include "app/demo.h"
#include "app/wire.h"
#include "cli/account_cli.h"
#include "cli/assistant_cli.h"
#include "cli/calendar_cli.h"
#include "cli/catalog_cli.h"
#include "cli/cli.h"
#include "core/clock.h"
#include "core/log.h"
#include "cli/dossier_cli.h"
#include "cli/eform_cli.h"
#include "cli/index766_cli.h"
#include "cli/unit_cli.h"
#include "web/app.h"

static int import_main(int argc, char **argv);
static int catalog_main(int argc, char **argv);
static int export_main(int argc, char **argv);

struct command {
    const char *name;
    int (*main)(int argc, char **argv);   /* argv[0] is the command name */
    const char *help;                     /* one line, Vietnamese */
};

static const struct command commands[] = {
    {"serve", web_serve_main, "chạy máy chủ web"},
    {"demo", app_demo_main, "chạy thử với dữ liệu mẫu"},
    {"import", import_main, "nạp dữ liệu: units, agencies, procedures"},
    {"catalog", catalog_main, "tìm thủ tục trong danh mục (kiểm tra tìm kiếm)"},
    {"migrate", cli_migrate_main, "cập nhật cấu trúc cơ sở dữ liệu"},
    {"user", account_cli_main, "tạo tài khoản cán bộ, xem mã xác thực"},
    {"calendar", calendar_cli_main, "tính hạn theo ngày làm việc, xem ngày nghỉ lễ"},
    {"export", export_main, "xuất dữ liệu: dossiers (định dạng đồng bộ quốc gia)"},
    {"assistant", asst_cli_main, "trợ lý ảo: hỏi thử, đánh giá độ chính xác"},
    {"index", index766_cli_main, "chỉ số 766: điểm, xếp hạng, hồ sơ trễ hạn, công bố"},
};

static void usage(FILE *f)
{
    fputs("motcua - cổng dịch vụ công một cửa\n\n"
          "Usage: motcua COMMAND [OPTIONS]   (motcua COMMAND --help để xem chi tiết)\n\n"
          "Commands:\n", f);
    for (size_t i = 0; i < MC_ARRAY_LEN(commands); i++)
        fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].help);
}

int main(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    if (sodium_init() < 0) {
        fprintf(stderr, "không khởi tạo được thư viện mật mã\n");
        return 1;
    }
    if (clock_init_from_env() != MC_OK) {
        fprintf(stderr, "MOTCUA_NOW không hợp lệ\n");
        return 2;
    }
    if (app_wire_listeners() != MC_OK)   /* every command: dossier changes reach their listeners */
        return 1;
    for (size_t i = 0; i < MC_ARRAY_LEN(commands); i++)
        if (strcmp(argv[1], commands[i].name) == 0)
            return commands[i].main(argc - 1, argv + 1);
    fprintf(stderr, "lệnh không tồn tại: %s\n\n", argv[1]);
    usage(stderr);
    return 2;
}

/* `motcua import KIND FILE`: each kind's importer lives in its module. */
static int import_main(int argc, char **argv)
{
    static const struct {
        const char *kind;
        int (*run)(struct db *db, int argc, char **argv);
    } importers[] = {
        {"units", units_cli_import_units},
        {"agencies", units_cli_import_agencies},
        {"procedures", catalog_cli_import_procedures},
        {"eforms", eform_cli_import},
        {"dossiers", dossier_cli_import},
        {"faq", asst_cli_import_faq},
    };
    struct config cfg;
    struct db *db = NULL;
    int rc = 2;
    if (argc < 2 || strcmp(argv[1], "--help") == 0) {
        fputs("Usage: motcua import KIND FILE [--db PATH]\n\n"
              "Nạp dữ liệu, tất cả hoặc không gì cả; chạy lại không tạo bản trùng.\n"
              "  units     danh sách tỉnh và xã (JSON theo định dạng mã đơn vị hành chính)\n"
              "  agencies  danh sách cơ quan (CSV: ma_don_vi,ten_don_vi,ma_dvhc,ma_don_vi_cha)\n"
              "  procedures  thủ tục hành chính (JSON lines .jsonl/.jsonl.gz của Cơ sở dữ liệu\n"
              "            quốc gia, [--online-levels CSV]; hoặc chỉ CSV mức độ trực tuyến)\n"
              "  eforms    tờ khai điện tử của các thủ tục (JSON theo mã thủ tục)\n"
              "  dossiers  hồ sơ (JSON lines theo định dạng đồng bộ quốc gia)\n"
              "  faq       câu hỏi thường gặp cho trợ lý ảo (CSV)\n",
              argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    for (size_t i = 0; i < MC_ARRAY_LEN(importers); i++) {
        if (strcmp(argv[1], importers[i].kind) != 0)
            continue;
        int n = argc - 1;
        char **rest = argv + 1;
        if (cli_wants_help(n, rest))
            return importers[i].run(NULL, n, rest);
        config_init(&cfg);
        if (cli_open_db(&cfg, &n, rest, &db) != MC_OK)
            return 1;
        rc = importers[i].run(db, n, rest);
        db_close(db);
        return rc;
    }
    fprintf(stderr, "không có loại dữ liệu %s\n", argv[1]);
    return rc;
}

/* `motcua catalog search TEXT`: the catalogue search from the command line. */
static int catalog_main(int argc, char **argv)
{
    struct config cfg;
    struct db *db = NULL;
    if (argc < 2 || strcmp(argv[1], "search") != 0 || cli_wants_help(argc, argv)) {
        fputs("Usage: motcua catalog search TEXT [--field F] [--level bo|tinh|xa|khac]\n"
              "       [--online toan-trinh|mot-phan|khong] [--limit N] [--db PATH]\n\n"
              "Tìm thủ tục như ô tìm kiếm trên cổng (không phân biệt dấu, sửa lỗi gõ).\n",
              argc < 2 ? stderr : stdout);
        return cli_wants_help(argc, argv) ? 0 : 2;
    }
    int n = argc - 1;
    char **rest = argv + 1;
    config_init(&cfg);
    if (cli_open_db(&cfg, &n, rest, &db) != MC_OK)
        return 1;
    int rc = catalog_cli_search(db, n, rest);
    db_close(db);
    return rc;
}

/* `motcua export dossiers [--from D] [--to D]`: each kind's exporter lives in its module. */
static int export_main(int argc, char **argv)
{
    struct config cfg;
    struct db *db = NULL;
    if (argc < 2 || strcmp(argv[1], "dossiers") != 0) {
        fputs("Usage: motcua export dossiers [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--db PATH]\n",
              argc < 2 || strcmp(argv[1], "--help") != 0 ? stderr : stdout);
        return argc >= 2 && strcmp(argv[1], "--help") == 0 ? 0 : 2;
    }
    int n = argc - 1;
    char **rest = argv + 1;
    if (cli_wants_help(n, rest))
        return dossier_cli_export(NULL, n, rest);
    config_init(&cfg);
    if (cli_open_db(&cfg, &n, rest, &db) != MC_OK)
        return 1;
    int rc = dossier_cli_export(db, n, rest);
    db_close(db);
    return rc;
}
