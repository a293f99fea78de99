/*
 * account_cli.c - `motcua user ...`: create staff accounts and read a
 * TOTP code (for operators and the demo).
 */
#include <stdio.h>
#include "cli/account_cli.h"
#include "domain/accounts/account.h"
#include "domain/accounts/password.h"
#include "domain/campaign/campaign.h"
#include "domain/dossier/dossier.h"
#include "domain/feedback/feedback.h"
#include "domain/notify/notify.h"
#include "cli/cli.h"
#include "core/seal.h"
#include "core/clock.h"

static void usage(FILE *f)
{
    fputs("Usage:\n"
          "  motcua user add --login NAME --name \"HỌ TÊN\" --password PASS\n"
          "                  --roles ROLE[,ROLE] [--agency CODE] [--totp-secret BASE32]\n"
          "  motcua user totp-code --login NAME\n\n"
          "Tạo tài khoản cán bộ với vai trò trong một cơ quan, hoặc in mã xác thực hiện tại.\n"
          "Mật khẩu: ít nhất 8 ký tự, không phải mật khẩu phổ biến hay dễ đoán.\n"
          "Quản trị tỉnh và quản trị đơn vị cũng quản lý tài khoản trên web (/quan-tri/can-bo).\n"
          "Vai trò: reception (một cửa), processing (chuyên viên), approver (lãnh đạo),\n"
          "agency_admin (quản trị đơn vị), province_admin (quản trị tỉnh),\n"
          "collaborator (cộng tác viên Tổ công nghệ số cộng đồng; --agency là UBND xã).\n"
          "Chung: --db PATH, --data-dir DIR.\n", f);
}

static int user_add(struct db *db, int argc, char **argv)
{
    const char *login = cli_flag(argc, argv, "--login");
    const char *name = cli_flag(argc, argv, "--name");
    const char *password = cli_flag(argc, argv, "--password");
    const char *roles_s = cli_flag(argc, argv, "--roles");
    const char *agency = cli_flag(argc, argv, "--agency");
    const char *secret = cli_flag(argc, argv, "--totp-secret");
    unsigned roles = 0;
    int64_t id = 0;
    if (!login || !name || !password || !roles_s) {
        usage(stderr);
        return 2;
    }
    if (role_parse_list(roles_s, &roles) != MC_OK) {
        fprintf(stderr, "vai trò không hợp lệ: %s\n", roles_s);
        return 2;
    }
    if ((roles & ROLE_COLLABORATOR) && (!agency || !*agency)) {
        fprintf(stderr, "cộng tác viên cần --agency (mã cơ quan của UBND xã)\n");
        return 2;
    }
    const char *why = NULL;
    struct password_context pc = {.login = login, .full_name = name};
    if (password_check(password, &pc, &why) != MC_OK) {
        fprintf(stderr, "%s\n", why);
        return 2;
    }
    enum mc_status st = account_add_staff(db, login, name, password, agency, roles, &cli_actor,
                                          &id);
    if (st == MC_ERR_CONFLICT)
        fprintf(stderr, "tên đăng nhập %s đã tồn tại\n", login);
    else if (st == MC_ERR_INVALID)
        fprintf(stderr, "thiếu tên đăng nhập hoặc họ tên\n");
    if (st == MC_OK && secret && (st = account_totp_set(db, id, secret)) != MC_OK)
        fprintf(stderr, "khóa TOTP không hợp lệ (phải là base32)\n");
    if (st != MC_OK)
        return 1;
    printf("đã tạo tài khoản %s (số %lld)\n", login, (long long)id);
    return 0;
}

static int user_totp_code(struct db *db, int argc, char **argv)
{
    const char *login = cli_flag(argc, argv, "--login");
    char secret[ACCOUNT_TOTP_SECRET_SIZE], code[7];
    int64_t id = 0;
    if (!login || account_find_login(db, login, &id) != MC_OK) {
        fprintf(stderr, "không tìm thấy tài khoản\n");
        return 1;
    }
    if (account_totp_begin(db, id, secret) != MC_OK ||
        account_totp_code(secret, clock_now(), code) != MC_OK) {
        fprintf(stderr, "tài khoản chưa có khóa xác thực\n");
        return 1;
    }
    puts(code);
    return 0;
}

int account_cli_main(int argc, char **argv)
{
    struct config cfg;
    struct db *db = NULL;
    int rc = 2;
    if (argc < 2 || cli_wants_help(argc, argv)) {
        usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    config_init(&cfg);
    const char *sub = argv[1];
    argc -= 2;
    argv += 2;
    if (cli_open_db(&cfg, &argc, argv, &db) != MC_OK)
        return 1;
    if (strcmp(sub, "add") == 0)
        rc = user_add(db, argc, argv);
    else if (strcmp(sub, "totp-code") == 0)
        rc = user_totp_code(db, argc, argv);
    else
        usage(stderr);
    db_close(db);
    return rc;
}

static void keys_usage(FILE *f)
{
    fputs("Usage: motcua keys rotate [--db URL] [--data-dir DIR]\n\n"
          "Thay khóa mã hóa dữ liệu (tệp data.key trong thư mục dữ liệu, hoặc tệp\n"
          "MOTCUA_DATA_KEY_FILE): tạo khóa mới, mã hóa lại mọi trường được bảo vệ\n"
          "(khóa TOTP, số CCCD, số điện thoại, thư điện tử của tài khoản, mã xác minh;\n"
          "số điện thoại, số giấy tờ, tờ khai, địa chỉ nhận kết quả của hồ sơ và hồ sơ\n"
          "nháp; liên hệ của người gửi phản ánh; địa chỉ nhận tin trong hàng đợi và trong\n"
          "danh sách người nhận của chiến dịch; cả\n"
          "các giá trị cũ chưa mã hóa) và tính lại chỉ mục tra cứu của chúng trong một giao\n"
          "dịch, rồi thay khóa cũ. Dừng máy chủ trước khi chạy; sao lưu khóa mới sau\n"
          "khi chạy.\n", f);
}

enum mc_status keys_reseal_all(struct db *db, bool all, size_t *changed)
{
    enum mc_status (*const fns[])(struct db *, bool, size_t *) = {
        account_contacts_reseal, dossier_reseal, feedback_reseal, notify_reseal,
        campaign_reseal,
    };
    enum mc_status st = all ? account_totp_reseal(db, changed) : MC_OK;
    if (!all)
        *changed = 0;
    for (size_t i = 0; st == MC_OK && i < MC_ARRAY_LEN(fns); i++) {
        size_t n = 0;
        st = fns[i](db, all, &n);
        *changed += n;
    }
    return st;
}

static enum mc_status reseal_tx(struct db *db, void *arg)
{
    return keys_reseal_all(db, true, arg);
}

/* `motcua keys rotate`: seal.h describes the order that survives a crash. */
static int keys_cli_main(int argc, char **argv)
{
    struct config cfg;
    struct db *db = NULL;
    size_t changed = 0;
    if (argc < 2 || cli_wants_help(argc, argv) || strcmp(argv[1], "rotate") != 0) {
        keys_usage(argc < 2 || !cli_wants_help(argc, argv) ? stderr : stdout);
        return cli_wants_help(argc, argv) ? 0 : 2;
    }
    config_init(&cfg);
    argc -= 2;
    argv += 2;
    if (cli_open_db(&cfg, &argc, argv, &db) != MC_OK)
        return 1;
    enum mc_status st = seal_rotate_begin();
    if (st == MC_OK)
        st = db_tx(db, reseal_tx, &changed);
    if (st == MC_OK)
        st = seal_rotate_finish();
    db_close(db);
    if (st != MC_OK) {
        fprintf(stderr, "không thay được khóa (lỗi %s); dữ liệu vẫn mở được bằng khóa cũ "
                "và khóa mới (data.key.new), hãy chạy lại lệnh\n", mc_status_name(st));
        return 1;
    }
    printf("đã thay khóa mã hóa dữ liệu; %zu giá trị được mã hóa lại\n", changed);
    return 0;
}

static const struct cli_command commands[] = {
    {"user", account_cli_main, "tạo tài khoản cán bộ, xem mã xác thực"},
    {"keys", keys_cli_main, "thay khóa mã hóa dữ liệu (keys rotate)"},
};

const struct cli_module cli_module_accounts = {
    .commands = CLI_LIST(commands),
};
