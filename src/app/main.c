/*
 * main.c - the motcua program: dispatches a subcommand.  The program's
 * own commands (serve, demo, migrate, import, export) are listed here;
 * every other command, and every kind of data import and export knows,
 * comes from the modules' command-line parts (modules.h).
 */
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include "app/demo.h"
#include "app/modules.h"
#include "app/wire.h"
#include "cli/debug_cli.h"
#include "cli/cli.h"
#include "core/clock.h"
#include "web/app.h"

static int import_main(int argc, char **argv);
static int export_main(int argc, char **argv);

static const struct cli_command builtins[] = {
    {"serve", web_serve_main, "chạy máy chủ web"},
    {"demo", app_demo_main, "chạy thử với dữ liệu mẫu"},
    {"migrate", cli_migrate_main, "cập nhật cấu trúc cơ sở dữ liệu"},
    {"import", import_main, "nạp dữ liệu:"},
    {"export", export_main, "xuất dữ liệu:"},
    {"debug", debug_cli_main, "chỉ dùng khi kiểm thử (MOTCUA_TEST=1): đọc cơ sở dữ liệu"},
};

/* The kinds of `import` (exports false) or `export` as "units, agencies, ...". */
static void print_kinds(FILE *f, bool exports)
{
    const char *sep = " ";
    for (size_t i = 0; i < app_modules_count; i++) {
        const struct cli_module *m = app_modules[i].cli;
        size_t n = !m ? 0 : exports ? m->nexports : m->nimports;
        for (size_t k = 0; k < n; k++) {
            fprintf(f, "%s%s", sep, (exports ? m->exports : m->imports)[k].kind);
            sep = ", ";
        }
    }
}

/* The width of the longest command name, so the help column lines up. */
static int command_width(void)
{
    size_t w = 0;
    for (size_t i = 0; i < MC_ARRAY_LEN(builtins); i++)
        w = strlen(builtins[i].name) > w ? strlen(builtins[i].name) : w;
    for (size_t i = 0; i < app_modules_count; i++) {
        const struct cli_module *m = app_modules[i].cli;
        for (size_t k = 0; m && k < m->ncommands; k++)
            w = strlen(m->commands[k].name) > w ? strlen(m->commands[k].name) : w;
    }
    return (int)w;
}

static void usage(FILE *f)
{
    int w = command_width();
    fputs("motcua - cổng dịch vụ công một cửa\n\n"
          "Usage: motcua COMMAND [OPTIONS]   (motcua COMMAND --help để xem chi tiết)\n\n"
          "Commands:\n", f);
    for (size_t i = 0; i < MC_ARRAY_LEN(builtins); i++) {
        fprintf(f, "  %-*s %s", w, builtins[i].name, builtins[i].help);
        if (builtins[i].main == import_main || builtins[i].main == export_main)
            print_kinds(f, builtins[i].main == export_main);
        fputc('\n', f);
    }
    for (size_t i = 0; i < app_modules_count; i++) {
        const struct cli_module *m = app_modules[i].cli;
        for (size_t k = 0; m && k < m->ncommands; k++)
            fprintf(f, "  %-*s %s\n", w, m->commands[k].name, m->commands[k].help);
    }
}

/* The command called name, or NULL. */
static const struct cli_command *find_command(const char *name)
{
    for (size_t i = 0; i < MC_ARRAY_LEN(builtins); i++)
        if (strcmp(name, builtins[i].name) == 0)
            return &builtins[i];
    for (size_t i = 0; i < app_modules_count; i++) {
        const struct cli_module *m = app_modules[i].cli;
        for (size_t k = 0; m && k < m->ncommands; k++)
            if (strcmp(name, m->commands[k].name) == 0)
                return &m->commands[k];
    }
    return NULL;
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
    umask(077);   /* files and folders made from here on are the service user's only */
    if (clock_init_from_env() != MC_OK) {
        fprintf(stderr, "MOTCUA_NOW không hợp lệ\n");
        return 2;
    }
    if (app_wire_listeners() != MC_OK)   /* every command: dossier changes reach their listeners */
        return 1;
    const struct cli_command *cmd = find_command(argv[1]);
    if (cmd)
        return cmd->main(argc - 1, argv + 1);
    fprintf(stderr, "lệnh không tồn tại: %s\n\n", argv[1]);
    usage(stderr);
    return 2;
}

/* ---------------------------------------------------------------- import, export */

/* The kind called name among the modules' imports (or exports), or NULL. */
static const struct cli_data_kind *find_kind(const char *name, bool exports)
{
    for (size_t i = 0; i < app_modules_count; i++) {
        const struct cli_module *m = app_modules[i].cli;
        size_t n = !m ? 0 : exports ? m->nexports : m->nimports;
        for (size_t k = 0; k < n; k++) {
            const struct cli_data_kind *d = &(exports ? m->exports : m->imports)[k];
            if (strcmp(name, d->kind) == 0)
                return d;
        }
    }
    return NULL;
}

static void data_usage(FILE *f, bool exports)
{
    if (exports)
        fputs("Usage: motcua export KIND [OPTIONS] [--db PATH]\n\n"
              "Xuất dữ liệu ra đầu ra chuẩn.\n", f);
    else
        fputs("Usage: motcua import KIND FILE [--db PATH]\n\n"
              "Nạp dữ liệu, tất cả hoặc không gì cả; chạy lại không tạo bản trùng.\n", f);
    for (size_t i = 0; i < app_modules_count; i++) {
        const struct cli_module *m = app_modules[i].cli;
        size_t n = !m ? 0 : exports ? m->nexports : m->nimports;
        for (size_t k = 0; k < n; k++) {
            const struct cli_data_kind *d = &(exports ? m->exports : m->imports)[k];
            fprintf(f, "  %-11s %s\n", d->kind, d->help);
        }
    }
}

/*
 * `motcua import KIND ...` and `motcua export KIND ...`: find the kind in
 * the modules' lists, open the database and hand over.
 */
static int data_main(int argc, char **argv, bool exports)
{
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        data_usage(argc < 2 ? stderr : stdout, exports);
        return argc < 2 ? 2 : 0;
    }
    const struct cli_data_kind *d = find_kind(argv[1], exports);
    if (!d) {
        fprintf(stderr, "không có loại dữ liệu %s\n\n", argv[1]);
        data_usage(stderr, exports);
        return 2;
    }
    if (cli_wants_help(argc - 1, argv + 1))
        return d->run(NULL, argc - 1, argv + 1);
    return cli_with_db(argc - 1, argv + 1, d->run);
}

static int import_main(int argc, char **argv)
{
    return data_main(argc, argv, false);
}

static int export_main(int argc, char **argv)
{
    return data_main(argc, argv, true);
}
