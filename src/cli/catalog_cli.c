/*
 * catalog_cli.c - command-line front of the procedure catalogue (see
 * catalog_cli.h): argument checks, printing the import report and the
 * parse warning counts, and a search command for debugging.
 */
#include <stdlib.h>
#include <strings.h>
#include "domain/catalog/catalog.h"
#include "cli/catalog_cli.h"
#include "cli/cli.h"
#include "cli/routing_cli.h"
#include "core/clock.h"
#include "core/import_report.h"

#define EXIT_IMPORTED 0
#define EXIT_REJECTED 1
#define EXIT_USAGE 2

static const char import_usage[] =
    "Cách dùng: motcua import procedures TỆP.jsonl[.gz] [--online-levels TỆP.csv]\n"
    "           motcua import procedures TỆP.csv\n"
    "\n"
    "Nhập danh mục thủ tục hành chính từ tệp JSON lines của Cổng dịch vụ công\n"
    "quốc gia (mỗi dòng một thủ tục, có thể nén gzip), kèm mức độ dịch vụ công\n"
    "trực tuyến từ tệp CSV (cột ma_tthc, muc_do_dvc) nếu có. Chỉ cho tệp CSV thì\n"
    "cập nhật mức độ trực tuyến của các thủ tục đã có.\n"
    "Tất cả hoặc không: nếu có dòng sai thì không ghi gì và liệt kê mọi lỗi.\n"
    "Chạy lại cùng tệp không thay đổi gì; thủ tục thay đổi được lưu thành phiên\n"
    "bản mới, phiên bản cũ vẫn giữ cho hồ sơ đã nộp.\n"
    "\n"
    "Mã thoát: 0 thành công, 1 tệp bị từ chối (không ghi gì), 2 sai cách dùng.\n";

static const char search_usage[] =
    "Cách dùng: motcua catalog search \"NỘI DUNG\" [--field LĨNH_VỰC]\n"
    "           [--level bo|tinh|xa|khac] [--online toan-trinh|mot-phan|khong]\n"
    "           [--agency CƠ_QUAN] [--offset N] [--limit N]\n"
    "\n"
    "Tìm thủ tục hành chính (không phân biệt dấu, hoa thường, đ/d).\n";

static bool ends_with_csv(const char *path)
{
    size_t n = strlen(path);
    return n >= 4 && strcasecmp(path + n - 4, ".csv") == 0;
}

static void print_warnings(const struct catalog_import_warnings *w, bool levels, FILE *out)
{
    if (w->records > 0) {
        fprintf(out, "Cảnh báo khi phân tích: %zu thủ tục có %zu cảnh báo (phần không đọc "
                "được được giữ nguyên văn). Số thủ tục theo phần:\n", w->records, w->total);
        for (size_t i = 0; i < CATALOG_NAREAS; i++)
            if (w->areas[i] > 0)
                fprintf(out, "  - %s: %zu\n", catalog_area_name(i), w->areas[i]);
    }
    if (levels)
        fprintf(out, "Mức độ trực tuyến: %zu mã không có trong danh mục, %zu mã có hai mức "
                "khác nhau (lấy dòng đầu), %zu dòng bỏ qua (không có mã quốc gia hoặc "
                "mức độ không rõ).\n", w->levels_unmatched, w->levels_conflicting,
                w->levels_skipped);
}

int catalog_cli_import_procedures(struct db *db, int argc, char **argv)
{
    struct import_report rep;
    struct catalog_import_warnings warn;
    const char *path = NULL;
    const char *levels = NULL;
    int code = EXIT_USAGE;
    int64_t start = clock_mono_us();
    enum mc_status st;
    struct progress shown;
    FILE *out;

    import_report_init_shown(&rep, &shown, "Nhập thủ tục hành chính");
    memset(&warn, 0, sizeof(warn));
    if (cli_wants_help(argc, argv)) {
        fputs(import_usage, stdout);
        code = EXIT_IMPORTED;
        goto done;
    }
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--online-levels") == 0 && i + 1 < argc && !levels) {
            levels = argv[++i];
        } else if (argv[i][0] != '-' && !path) {
            path = argv[i];
        } else {
            path = NULL;
            break;
        }
    }
    if (!path || !db || (levels && ends_with_csv(path))) {
        fprintf(stderr, "cần một tệp dữ liệu, và --online-levels chỉ đi với tệp JSON\n\n%s",
                import_usage);
        goto done;
    }
    if (ends_with_csv(path))
        st = catalog_import_online_levels(db, path, &rep, &warn);
    else
        st = catalog_import_national(db, path, levels, &rep, &warn);
    progress_end(&shown);
    out = st == MC_OK ? stdout : stderr;
    import_report_print(&rep, "thủ tục hành chính", out);
    print_warnings(&warn, levels || ends_with_csv(path), out);
    if (st == MC_OK && !ends_with_csv(path))
        st = routing_cli_guess(db, out);
    fprintf(out, "Thời gian: %.2f giây.\n", (double)(clock_mono_us() - start) / 1e6);
    if (st == MC_OK)
        code = EXIT_IMPORTED;
    else if (st == MC_ERR_NOT_FOUND || st == MC_ERR_IO)
        code = EXIT_USAGE;
    else
        code = EXIT_REJECTED;
    if (st != MC_OK && st != MC_ERR_INVALID && st != MC_ERR_NOT_FOUND && st != MC_ERR_IO)
        fprintf(stderr, "lỗi cơ sở dữ liệu (%s), không ghi gì\n", mc_status_name(st));
done:
    import_report_release(&rep);
    return code;
}

static bool parse_level(const char *s, unsigned *out)
{
    static const struct {
        const char *name;
        unsigned bit;
    } names[] = {{"bo", PROC_LEVEL_MINISTRY}, {"tinh", PROC_LEVEL_PROVINCE},
                 {"xa", PROC_LEVEL_COMMUNE}, {"khac", PROC_LEVEL_OTHER}};
    for (size_t i = 0; i < MC_ARRAY_LEN(names); i++)
        if (strcmp(s, names[i].name) == 0) {
            *out = names[i].bit;
            return true;
        }
    return false;
}

static bool parse_online(const char *s, enum proc_online_level *out)
{
    if (strcmp(s, "toan-trinh") == 0)
        *out = PROC_ONLINE_FULL;
    else if (strcmp(s, "mot-phan") == 0)
        *out = PROC_ONLINE_PARTIAL;
    else if (strcmp(s, "khong") == 0)
        *out = PROC_ONLINE_NONE;
    else
        return false;
    return true;
}

static bool parse_size(const char *s, size_t *out)
{
    char *end = NULL;
    unsigned long v = strtoul(s, &end, 10);
    if (!*s || *end || v > 100000)
        return false;
    *out = v;
    return true;
}

int catalog_cli_search(struct db *db, int argc, char **argv)
{
    struct catalog_query q = {0};
    struct catalog_result r;
    int code = EXIT_USAGE;
    int64_t start;
    enum mc_status st;

    catalog_result_init(&r);
    if (cli_wants_help(argc, argv)) {
        fputs(search_usage, stdout);
        code = 0;
        goto done;
    }
    for (int i = 1; i < argc; i++) {
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        bool ok = true;
        if (strcmp(argv[i], "--field") == 0 && v)
            q.field = v;
        else if (strcmp(argv[i], "--level") == 0 && v)
            ok = parse_level(v, &q.level);
        else if (strcmp(argv[i], "--online") == 0 && v)
            ok = parse_online(v, &q.online);
        else if (strcmp(argv[i], "--agency") == 0 && v)
            q.agency = v;
        else if (strcmp(argv[i], "--offset") == 0 && v)
            ok = parse_size(v, &q.offset);
        else if (strcmp(argv[i], "--limit") == 0 && v)
            ok = parse_size(v, &q.limit);
        else if (argv[i][0] != '-' && !q.q) {
            q.q = argv[i];
            continue;
        } else
            ok = false;
        if (!ok) {
            fprintf(stderr, "tham số không hợp lệ: %s\n\n%s", argv[i], search_usage);
            goto done;
        }
        i++;
    }
    if (!db) {
        fputs(search_usage, stderr);
        goto done;
    }
    start = clock_mono_us();
    st = catalog_search(db, &q, &r);
    if (st != MC_OK) {
        fprintf(stderr, "tìm kiếm lỗi (%s)\n", mc_status_name(st));
        code = st == MC_ERR_INVALID ? EXIT_USAGE : EXIT_REJECTED;
        goto done;
    }
    if (r.corrected)
        printf("Đã sửa thành: %s\n", r.corrected);
    if (r.any_word)
        printf("Không thủ tục nào có đủ mọi từ; kết quả có một phần các từ.\n");
    for (size_t i = 0; i < r.n; i++)
        printf("%-10s %9.2f  %-16s %s\n", r.items[i].code, r.items[i].score,
               proc_online_level_name(r.items[i].online_level), r.items[i].name);
    printf("Tổng số: %lld kết quả, %.2f ms.\n", (long long)r.total,
           (double)(clock_mono_us() - start) / 1000.0);
    code = 0;
done:
    catalog_result_release(&r);
    return code;
}

/* `motcua catalog search TEXT`: the catalogue search from the command line. */
int catalog_cli_main(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "search") != 0 || cli_wants_help(argc, argv)) {
        fputs("Usage: motcua catalog search TEXT [--field F] [--level bo|tinh|xa|khac]\n"
              "       [--online toan-trinh|mot-phan|khong] [--limit N] [--db PATH]\n\n"
              "Tìm thủ tục như ô tìm kiếm trên cổng (không phân biệt dấu, sửa lỗi gõ).\n",
              argc < 2 ? stderr : stdout);
        return cli_wants_help(argc, argv) ? 0 : 2;
    }
    return cli_with_db(argc - 1, argv + 1, catalog_cli_search);
}

static const struct cli_command commands[] = {
    {"catalog", catalog_cli_main, "tìm thủ tục trong danh mục (kiểm tra tìm kiếm)"},
};

static const struct cli_data_kind imports[] = {
    {"procedures", catalog_cli_import_procedures,
     "thủ tục hành chính (JSON lines .jsonl/.jsonl.gz của Cơ sở dữ liệu quốc gia,\n"
     "              [--online-levels CSV]; hoặc chỉ CSV mức độ trực tuyến)"},
};

const struct cli_module cli_module_catalog = {
    .commands = CLI_LIST(commands),
    .imports = CLI_LIST(imports),
};
