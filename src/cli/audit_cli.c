/* audit_cli.c - `motcua audit verify` (see audit_cli.h). */
#include <stdio.h>
#include <string.h>
#include "cli/audit_cli.h"
#include "domain/audit/access_log.h"

static void usage(FILE *f)
{
    fputs("Usage: motcua audit verify [--db URL] [--data-dir DIR]\n\n"
          "Kiểm tra chuỗi băm của nhật ký truy cập dữ liệu công dân và các mốc của nó\n"
          "trong nhật ký kiểm toán. Trả về 0 khi chuỗi nguyên vẹn, 1 khi có dòng bị sửa,\n"
          "xóa hay chèn (in ra dòng đầu tiên bị hỏng).\n", f);
}

static int audit_cli_main(int argc, char **argv)
{
    struct config cfg;
    struct db *db = NULL;
    struct access_verdict v;
    if (argc < 2 || cli_wants_help(argc, argv) || strcmp(argv[1], "verify") != 0) {
        bool help = cli_wants_help(argc, argv);
        usage(help ? stdout : stderr);
        return help ? 0 : 2;
    }
    config_init(&cfg);
    argc -= 2;
    argv += 2;
    if (cli_open_db(&cfg, &argc, argv, &db) != MC_OK)
        return 1;
    enum mc_status st = access_log_verify(db, &v);
    db_close(db);
    if (st != MC_OK) {
        fprintf(stderr, "không đọc được nhật ký truy cập\n");
        return 1;
    }
    if (v.problem[0]) {
        printf("nhật ký truy cập KHÔNG nguyên vẹn: %s\n", v.problem);
        return 1;
    }
    printf("nhật ký truy cập nguyên vẹn: %lld dòng, %lld mốc khớp\n", (long long)v.rows,
           (long long)v.anchors);
    return 0;
}

static const struct cli_command commands[] = {
    {"audit", audit_cli_main, "kiểm tra nhật ký truy cập dữ liệu (audit verify)"},
};

const struct cli_module cli_module_audit = {
    .commands = CLI_LIST(commands),
};
