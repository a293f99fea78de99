/* eform_cli.c - `motcua import eforms FILE.json` (see eform_cli.h). */
#include <stdio.h>
#include "cli/cli.h"
#include "cli/eform_cli.h"
#include "core/buf.h"
#include "core/import_report.h"
#include "domain/eform/eform.h"

#define EFORM_FILE_MAX (16u * 1024 * 1024)

static const char usage[] =
    "Cách dùng: motcua import eforms TỆP.json\n\n"
    "Nạp tờ khai điện tử cho các thủ tục đã có trong danh mục: một đối tượng JSON theo mã\n"
    "thủ tục, mỗi mục có \"fields\" (trường, kiểu, bắt buộc...), \"documents\" (giấy tờ\n"
    "bắt buộc, không bắt buộc, bắt buộc theo điều kiện) và có thể \"copies_field\",\n"
    "\"copy_fee_dong\" (phí theo số bản). Xem data/demo/eforms.json và\n"
    "docs/internals/eform.md. Tất cả hoặc không: một lỗi thì không ghi gì.\n";

/*
 * argv[0] is "eforms", argv[1] the file.  db was opened and migrated by the
 * caller (NULL is fine with --help).  Prints the Vietnamese summary on
 * stdout when the file was loaded, on stderr with one line per problem
 * otherwise.  Returns 0 loaded (or help shown), 1 rejected (nothing
 * written), 2 usage error or unreadable file.
 */
static int eform_cli_import(struct db *db, int argc, char **argv)
{
    struct import_report rep;
    struct buf data;
    enum mc_status st;
    int code = 2;
    import_report_init(&rep);
    buf_init(&data, EFORM_FILE_MAX);
    if (!cli_one_file(argc, argv, usage, &code))
        goto out;
    if ((st = buf_add_file(&data, argv[1])) != MC_OK) {
        if (st == MC_ERR_TOO_LARGE)
            fprintf(stderr, "không đọc được tệp %s (tối đa 16 MB)\n", argv[1]);
        else
            fprintf(stderr, "không mở được tệp %s\n", argv[1]);
        goto out;
    }
    st = eform_import(db, &cli_actor, data.data ? data.data : "", data.len, &rep);
    import_report_print(&rep, "tờ khai điện tử", st == MC_OK ? stdout : stderr);
    code = st == MC_OK ? 0 : 1;
out:
    buf_release(&data);
    import_report_release(&rep);
    return code;
}

static const struct cli_data_kind imports[] = {
    {"eforms", eform_cli_import, "tờ khai điện tử của các thủ tục (JSON theo mã thủ tục)"},
};

const struct cli_module cli_module_eform = {
    .imports = CLI_LIST(imports),
};
