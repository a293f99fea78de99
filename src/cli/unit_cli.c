/*
 * unit_cli.c - command-line front of the unit and agency imports (see
 * unit_cli.h): argument checks, reading the file, printing the report.
 */
#include <errno.h>
#include <stdlib.h>
#include "cli/cli.h"
#include "cli/routing_cli.h"
#include "core/buf.h"
#include "core/mem.h"
#include "core/import_report.h"
#include "domain/units/unit.h"
#include "cli/unit_cli.h"

#define EXIT_IMPORTED 0
#define EXIT_REJECTED 1
#define EXIT_USAGE 2

static const char units_usage[] =
    "Cách dùng: motcua import units TỆP.json\n"
    "\n"
    "Nhập danh sách tỉnh và xã/phường (mã GSO) từ một tệp JSON: mảng các tỉnh\n"
    "{Code, Name, NameEn, FullName, FullNameEn, CodeName, Wards: [...]}.\n"
    "Tất cả hoặc không: nếu có bản ghi sai thì không ghi gì và liệt kê mọi lỗi.\n"
    "Chạy lại cùng tệp không thay đổi gì.\n"
    "\n"
    "Mã thoát: 0 thành công, 1 tệp bị từ chối (không ghi gì), 2 sai cách dùng.\n";

static const char agencies_usage[] =
    "Cách dùng: motcua import agencies TỆP.csv\n"
    "\n"
    "Nhập danh sách cơ quan, đơn vị từ tệp CSV (UTF-8) có dòng tiêu đề\n"
    "ma_don_vi,ten_don_vi,ma_dvhc,ma_don_vi_cha. ma_dvhc là mã tỉnh hoặc xã đã\n"
    "có (nhập đơn vị hành chính trước); ma_don_vi_cha để trống hoặc là mã một\n"
    "đơn vị trong tệp hoặc đã có.\n"
    "Tất cả hoặc không: nếu có dòng sai thì không ghi gì và liệt kê mọi lỗi.\n"
    "Chạy lại cùng tệp không thay đổi gì.\n"
    "\n"
    "Mã thoát: 0 thành công, 1 tệp bị từ chối (không ghi gì), 2 sai cách dùng.\n";

/*
 * Read the file at path whole into out (initialised with max + 1 so a
 * larger file overflows).  Prints a Vietnamese message on failure.
 */
static enum mc_status read_whole(const char *path, size_t max, struct buf *out)
{
    enum mc_status st = buf_add_file(out, path);
    if (st == MC_OK && out->len > max)
        st = MC_ERR_TOO_LARGE;
    if (st == MC_ERR_IO && out->len == 0)
        fprintf(stderr, "không mở được tệp %s: %s\n", path, strerror(errno));
    else if (st == MC_ERR_IO)
        fprintf(stderr, "không đọc được tệp %s\n", path);
    else if (st == MC_ERR_TOO_LARGE)
        fprintf(stderr, "tệp %s lớn quá %zu MB\n", path, max >> 20);
    return st;
}

/* The shared body of both commands. */
static int run_import(struct db *db, int argc, char **argv, const char *usage, size_t max,
                      const char *what, const char *title,
                      enum mc_status (*import)(struct db *, const char *, size_t,
                                               struct import_report *))
{
    struct import_report rep;
    struct progress shown;
    struct buf data;
    int code = EXIT_USAGE;
    enum mc_status st;

    import_report_init_shown(&rep, &shown, title);
    buf_init(&data, max + 1);
    if (!cli_one_file(argc, argv, usage, &code))
        goto out;
    st = read_whole(argv[1], max, &data);
    if (st == MC_ERR_TOO_LARGE) {
        code = EXIT_REJECTED;
        goto out;
    }
    if (st != MC_OK)
        goto out;
    st = import(db, data.data ? data.data : "", data.len, &rep);
    progress_end(&shown);
    code = st == MC_OK ? EXIT_IMPORTED : EXIT_REJECTED;
    import_report_print(&rep, what, st == MC_OK ? stdout : stderr);
    if (st == MC_OK && import == agencies_import_csv &&
        (st = routing_cli_guess(db, stdout)) != MC_OK)
        code = EXIT_REJECTED;
    if (st != MC_OK && st != MC_ERR_INVALID && st != MC_ERR_TOO_LARGE)
        fprintf(stderr, "lỗi cơ sở dữ liệu (%s), không ghi gì\n", mc_status_name(st));
out:
    buf_release(&data);
    import_report_release(&rep);
    return code;
}

int units_cli_import_units(struct db *db, int argc, char **argv)
{
    return run_import(db, argc, argv, units_usage, UNITS_IMPORT_MAX_BYTES,
                      "đơn vị hành chính", "Nhập đơn vị hành chính", units_import_json);
}

int units_cli_import_agencies(struct db *db, int argc, char **argv)
{
    return run_import(db, argc, argv, agencies_usage, AGENCIES_IMPORT_MAX_BYTES,
                      "cơ quan, đơn vị", "Nhập cơ quan, đơn vị", agencies_import_csv);
}

static const struct cli_data_kind imports[] = {
    {"units", units_cli_import_units,
     "danh sách tỉnh và xã (JSON theo định dạng mã đơn vị hành chính)"},
    {"agencies", units_cli_import_agencies,
     "danh sách cơ quan (CSV: ma_don_vi,ten_don_vi,ma_dvhc,ma_don_vi_cha)"},
};

const struct cli_module cli_module_units = {
    .imports = CLI_LIST(imports),
};
