/* backup_cli.c - backup, restore and the move to PostgreSQL (see backup_cli.h). */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include "cli/backup_cli.h"
#include "core/backup.h"
#include "core/dbcopy.h"

/* The folder given with flag (--to, --from), or NULL having said it is missing and what for. */
static const char *folder_flag(int argc, char **argv, const char *flag, const char *what_for)
{
    const char *dir = cli_flag(argc, argv, flag);
    if (dir && *dir)
        return dir;
    fprintf(stderr, "thiếu %s THƯ_MỤC: %s\n", flag, what_for);
    return NULL;
}

/* `motcua backup --to DIR [--db URL] [--data-dir DIR]` */
static int backup_main(int argc, char **argv)
{
    struct config cfg;
    struct backup_info info;
    const char *why = NULL;
    if (cli_wants_help(argc, argv)) {
        puts("Usage: motcua backup --to THƯ_MỤC [--db URL] [--data-dir THƯ_MỤC]\n\n"
             "Sao lưu cơ sở dữ liệu và kho tệp vào THƯ_MỤC (chưa có sẵn) trong khi máy chủ vẫn"
             " phục vụ:\nSQLite chép bằng cơ chế sao lưu trực tuyến, PostgreSQL bằng pg_dump."
             "\nKhóa dữ liệu (data.key, secret.key) không nằm trong bản sao lưu: hãy cất riêng.");
        return 0;
    }
    if (cli_config(&cfg, &argc, &argv) != MC_OK)
        return 2;
    const char *to = folder_flag(argc, argv, "--to", "nơi đặt bản sao lưu");
    if (!to)
        return 2;
    if (backup_make(cfg.db, cfg.data_dir, to, &info, &why) != MC_OK) {
        fprintf(stderr, "sao lưu thất bại: %s\n", why ? why : "lỗi không rõ");
        return 1;
    }
    printf("đã sao lưu cơ sở dữ liệu (%s) và %lld tệp vào %s\n",
           info.backend[0] == 's' ? "SQLite" : "PostgreSQL", (long long)info.files, to);
    return 0;
}

/* `motcua restore --from DIR [--replace] [--db URL] [--data-dir DIR]` */
static int restore_main(int argc, char **argv)
{
    struct config cfg;
    const char *why = NULL;
    bool replace = false;
    if (cli_wants_help(argc, argv)) {
        puts("Usage: motcua restore --from THƯ_MỤC [--replace] [--db URL] [--data-dir THƯ_MỤC]\n\n"
             "Khôi phục một bản sao lưu của motcua backup vào cơ sở dữ liệu và thư mục dữ liệu."
             "\nNơi khôi phục phải còn trống; --replace thay thế dữ liệu đang có."
             "\nDừng máy chủ trước khi khôi phục.");
        return 0;
    }
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "--replace") == 0)
            replace = true;
    if (cli_config(&cfg, &argc, &argv) != MC_OK)
        return 2;
    const char *from = folder_flag(argc, argv, "--from", "bản sao lưu cần khôi phục");
    if (!from)
        return 2;
    enum mc_status st = backup_restore(from, cfg.db, cfg.data_dir, replace, &why);
    if (st != MC_OK) {
        fprintf(stderr, "khôi phục thất bại: %s\n", why ? why : "lỗi không rõ");
        return st == MC_ERR_CONFLICT ? 3 : 1;
    }
    printf("đã khôi phục bản sao lưu %s\n", from);
    return 0;
}

struct move_count {
    int copied, done, skipped, foreign;
};

static void move_note(const struct dbcopy_table *t, void *ctx)
{
    struct move_count *n = ctx;
    switch (t->outcome) {
    case DBCOPY_COPIED:
        n->copied++;
        printf("  đã chép    %-32s %10lld dòng, mã kiểm tra %016llx\n", t->name,
               (long long)t->rows, (unsigned long long)t->checksum);
        break;
    case DBCOPY_DONE:
        n->done++;
        printf("  đã có sẵn  %-32s %10lld dòng, mã kiểm tra %016llx\n", t->name,
               (long long)t->rows, (unsigned long long)t->checksum);
        break;
    case DBCOPY_SOURCE_ONLY:
        n->skipped++;
        break;
    case DBCOPY_FOREIGN:
        n->foreign++;
        fprintf(stderr, "  bảng %s ở nơi đích đã có dữ liệu khác\n", t->name);
        break;
    case DBCOPY_FAILED:
        fprintf(stderr, "  chép bảng %s thất bại (đã hoàn tác bảng này)\n", t->name);
        break;
    case DBCOPY_LATER:
        printf("  để sau     %s\n", t->name);
        break;
    }
    fflush(stdout);
}

/* Open url and migrate it; prints why not. */
static enum mc_status open_migrated(const char *url, struct db **db)
{
    enum mc_status st = db_open(url, db);
    if (st != MC_OK)
        cli_db_error(url);
    else if ((st = db_migrate(*db, NULL)) != MC_OK)
        fprintf(stderr, "không cập nhật được cấu trúc cơ sở dữ liệu\n");
    return st;
}

static const char MOVE_HELP[] =
    "Usage: motcua migrate-to-postgres --from TỆP.db --to postgresql://...\n"
    "                                  [--max-tables N]\n\n"
    "Chép toàn bộ dữ liệu của một cơ sở dữ liệu SQLite sang PostgreSQL, từng bảng theo thứ tự"
    " phụ thuộc,\nmỗi bảng được kiểm tra số dòng và mã kiểm tra trước khi ghi nhận. Dừng máy chủ"
    " trước khi chép.\nNếu bị ngắt giữa chừng, chạy lại cùng lệnh: các bảng đã chép được bỏ qua."
    "\nCơ sở dữ liệu đích phải mới (chưa có dữ liệu). --max-tables N: chỉ chép N bảng lần này."
    "\nKho tệp (thư mục dữ liệu) giữ nguyên: các máy chủ dùng cùng --data-dir hoặc MOTCUA_FILES.";

/* `motcua migrate-to-postgres --from FILE.db --to URL [--max-tables N]` */
static int move_main(int argc, char **argv)
{
    struct db *from_db = NULL, *to_db = NULL;
    struct move_count n = {0, 0, 0, 0};
    struct db_backend_info be;
    int rc = 1;
    if (cli_wants_help(argc, argv)) {
        puts(MOVE_HELP);
        return 0;
    }
    const char *from = cli_flag(argc, argv, "--from");
    const char *to = cli_flag(argc, argv, "--to");
    const char *max = cli_flag(argc, argv, "--max-tables");
    if (!from || !to) {
        fprintf(stderr, "cần --from TỆP.db (SQLite) và --to postgresql://... (PostgreSQL)\n");
        return 2;
    }
    if (db_url_backend(from, &be, NULL) != MC_OK || strcmp(be.name, "sqlite") != 0
        || access(strncmp(from, "sqlite:", 7) == 0 ? from + 7 : from, R_OK) != 0) {
        fprintf(stderr, "không đọc được tệp SQLite %s\n", from);
        return 2;
    }
    if (db_url_backend(to, &be, NULL) != MC_OK || strcmp(be.name, "postgresql") != 0) {
        if (db_url_problem(to))
            cli_db_error(to);
        else
            fprintf(stderr, "--to phải là một địa chỉ PostgreSQL (postgresql://...)\n");
        return 2;
    }
    if (open_migrated(from, &from_db) != MC_OK || open_migrated(to, &to_db) != MC_OK)
        goto out;
    enum mc_status st = dbcopy_run(from_db, to_db, max ? (size_t)atoi(max) : 0, move_note, &n);
    if (st == MC_ERR_CONFLICT) {
        fprintf(stderr, "cơ sở dữ liệu đích đã có dữ liệu (%d bảng): không chép gì;"
                        " hãy dùng một cơ sở dữ liệu PostgreSQL mới\n", n.foreign);
        rc = 3;
        goto out;
    }
    if (st != MC_OK) {
        fprintf(stderr, "chép bị dừng giữa chừng: chạy lại cùng lệnh để chép tiếp\n");
        goto out;
    }
    printf("xong: %d bảng đã chép, %d bảng đã có từ lần trước, %d bảng chỉ dùng cho SQLite"
           " (chỉ mục tìm kiếm) bỏ qua\n", n.copied, n.done, n.skipped);
    rc = 0;
out:
    db_close(to_db);
    db_close(from_db);
    return rc;
}

static const struct cli_command commands[] = {
    {"backup", backup_main, "sao lưu cơ sở dữ liệu và kho tệp trong khi phục vụ"},
    {"restore", restore_main, "khôi phục một bản sao lưu vào nơi còn trống"},
    {"migrate-to-postgres", move_main, "chuyển một cơ sở dữ liệu SQLite sang PostgreSQL"},
};

const struct cli_module cli_module_backup = {
    .commands = CLI_LIST(commands),
};
