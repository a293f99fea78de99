/*
 * programme_cli.c - `motcua programme` (see programme_cli.h): argument
 * checks, reading files, printing reports; the rules are in
 * src/domain/programme.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/programme_cli.h"
#include "core/buf.h"
#include "core/config.h"
#include "core/import_report.h"
#include "core/progress.h"
#include "domain/org/org.h"
#include "domain/programme/programme.h"
#include "domain/programme/programme_report.h"

#define EXIT_OK 0
#define EXIT_REFUSED 1
#define EXIT_USAGE 2

static const char usage[] =
    "Cách dùng: motcua programme LỆNH ...\n"
    "\n"
    "  import-plan TÊN [--no-reassign]   nạp kế hoạch có sẵn (son-la, thai-binh,\n"
    "                                    ba-ria-vung-tau, ha-noi) cùng danh sách tổ chức;\n"
    "                                    nhiệm vụ của tổ chức đã chấm dứt được chuyển\n"
    "                                    cho đơn vị kế nhiệm\n"
    "  import-orgs TỆP.csv               nhập danh sách tổ chức (organisations-*.csv)\n"
    "  import-tasks MÃ_KẾ_HOẠCH TỆP      nhập nhiệm vụ (.csv hoặc .xlsx; tất cả hoặc không)\n"
    "  export-tasks MÃ_KẾ_HOẠCH [--format csv|xlsx]   in nhiệm vụ của kế hoạch\n"
    "  plans                             liệt kê các kế hoạch\n"
    "  tasks MÃ_KẾ_HOẠCH [--org MÃ]      liệt kê nhiệm vụ (của một tổ chức)\n"
    "  reassign MÃ_KẾ_HOẠCH TỪ ĐẾN[;ĐẾN] chuyển nhiệm vụ đang mở của tổ chức TỪ\n"
    "  reassign-defaults MÃ_KẾ_HOẠCH     chuyển nhiệm vụ của mọi tổ chức đã chấm dứt\n"
    "  link-agency MÃ_TỔ_CHỨC MÃ_CƠ_QUAN  cán bộ của cơ quan làm việc cho tổ chức\n"
    "  overseer TÊN_ĐĂNG_NHẬP [--org MÃ] [--remove]   vai trò giám sát (chỉ xem)\n"
    "  remind                            gửi nhắc hạn báo cáo đến hạn (theo giờ hiện tại)\n"
    "\n"
    "Mã thoát: 0 thành công, 1 bị từ chối (không ghi gì), 2 sai cách dùng.\n";

/* Read path whole into out; prints why on failure. */
static enum mc_status read_file(const char *path, struct buf *out)
{
    enum mc_status st = buf_add_file(out, path);
    if (st != MC_OK)
        fprintf(stderr, "không đọc được tệp %s: %s\n", path, strerror(errno));
    return st;
}

/* The plan with this register code; prints why when missing. */
static enum mc_status find_plan(struct db *db, const char *code, struct prog_plan *p)
{
    enum mc_status st = prog_plan_get_by_code(db, code, p);
    if (st == MC_ERR_NOT_FOUND)
        fprintf(stderr, "không có kế hoạch mã %s\n", code);
    return st;
}

static int cmd_import_plan(struct db *db, int argc, char **argv)
{
    struct import_report rep;
    struct progress shown;
    int64_t id = 0;
    size_t moved = 0;
    char today[PROG_DAY_SIZE];
    int code = EXIT_REFUSED;
    enum mc_status st;

    import_report_init_shown(&rep, &shown, "Nạp kế hoạch");
    st = prog_plan_load_shipped(db, argv[1], &cli_actor, &rep, &id);
    progress_end(&shown);
    if (st == MC_ERR_NOT_FOUND) {
        fprintf(stderr, "không có kế hoạch %s (son-la, thai-binh, ba-ria-vung-tau, ha-noi)\n",
                argv[1]);
        goto out;
    }
    import_report_print(&rep, "nhiệm vụ", st == MC_OK ? stdout : stderr);
    if (st != MC_OK)
        goto out;
    prog_today(today);
    if (!(argc > 2 && strcmp(argv[2], "--no-reassign") == 0)) {
        st = prog_reassign_defaults(db, id, today, &cli_actor, &moved);
        if (st != MC_OK)
            goto out;
        printf("đã chuyển %zu phân công của tổ chức đã chấm dứt cho đơn vị kế nhiệm\n", moved);
    }
    code = EXIT_OK;
out:
    import_report_release(&rep);
    return code;
}

static int cmd_import_orgs(struct db *db, const char *path)
{
    struct import_report rep;
    struct buf data;
    int code = EXIT_REFUSED;
    enum mc_status st;
    import_report_init(&rep);
    buf_init(&data, ORG_IMPORT_MAX_BYTES + 1);
    if (read_file(path, &data) != MC_OK)
        goto out;
    st = org_import_csv(db, data.data ? data.data : "", data.len, &rep);
    import_report_print(&rep, "tổ chức", st == MC_OK ? stdout : stderr);
    code = st == MC_OK ? EXIT_OK : EXIT_REFUSED;
out:
    buf_release(&data);
    import_report_release(&rep);
    return code;
}

static int cmd_import_tasks(struct db *db, const char *plan_code, const char *path)
{
    struct import_report rep;
    struct prog_plan p;
    struct buf data;
    int code = EXIT_REFUSED;
    enum mc_status st;
    import_report_init(&rep);
    prog_plan_init(&p);
    buf_init(&data, PROG_IMPORT_MAX_BYTES + 1);
    if (find_plan(db, plan_code, &p) != MC_OK || read_file(path, &data) != MC_OK)
        goto out;
    st = prog_is_xlsx(data.data, data.len)
             ? prog_tasks_import_xlsx(db, p.id, data.data, data.len, &cli_actor, &rep)
             : prog_tasks_import_csv(db, p.id, data.data ? data.data : "", data.len,
                                     &cli_actor, &rep);
    import_report_print(&rep, "nhiệm vụ", st == MC_OK ? stdout : stderr);
    code = st == MC_OK ? EXIT_OK : EXIT_REFUSED;
out:
    buf_release(&data);
    prog_plan_release(&p);
    import_report_release(&rep);
    return code;
}

static int cmd_export_tasks(struct db *db, const char *plan_code, const char *format,
                            const char *tmpdir)
{
    struct prog_plan p;
    struct buf out;
    int code = EXIT_REFUSED;
    bool xlsx = format && strcmp(format, "xlsx") == 0;
    prog_plan_init(&p);
    buf_init(&out, BUF_MAX_FILE);
    if (format && !xlsx && strcmp(format, "csv") != 0) {
        fprintf(stderr, "định dạng %s không có (csv hoặc xlsx)\n", format);
        code = EXIT_USAGE;
    } else if (find_plan(db, plan_code, &p) == MC_OK &&
               (xlsx ? prog_tasks_export_xlsx(db, p.id, tmpdir, &out)
                     : prog_tasks_export_csv(db, p.id, &out)) == MC_OK) {
        fwrite(out.data, 1, out.len, stdout);
        code = EXIT_OK;
    }
    buf_release(&out);
    prog_plan_release(&p);
    return code;
}

static int cmd_plans(struct db *db)
{
    struct prog_plan_list l;
    prog_plan_list_init(&l);
    if (prog_plan_list(db, &l) != MC_OK)
        return EXIT_REFUSED;
    for (size_t i = 0; i < l.n; i++)
        printf("%s\t%s\t%s\t%s\n", l.items[i].code, l.items[i].number, l.items[i].issued_on,
               l.items[i].focal_code);
    prog_plan_list_release(&l);
    return EXIT_OK;
}

static int cmd_tasks(struct db *db, const char *plan_code, const char *org)
{
    struct prog_plan p;
    struct prog_task_list l;
    int code = EXIT_REFUSED;
    prog_plan_init(&p);
    prog_task_list_init(&l);
    if (find_plan(db, plan_code, &p) == MC_OK && prog_task_list(db, p.id, org, &l) == MC_OK) {
        for (size_t i = 0; i < l.n; i++)
            printf("%s\t%s\t%s\t%s\n", l.items[i].number, l.items[i].leads ? l.items[i].leads : "",
                   l.items[i].cos ? l.items[i].cos : "", l.items[i].frame);
        code = EXIT_OK;
    }
    prog_task_list_release(&l);
    prog_plan_release(&p);
    return code;
}

static int cmd_reassign(struct db *db, const char *plan_code, const char *from, char *to)
{
    struct prog_plan p;
    const char *targets[16];
    size_t n = 0;
    size_t moved = 0;
    char today[PROG_DAY_SIZE];
    int code = EXIT_REFUSED;
    enum mc_status st;
    prog_plan_init(&p);
    if (find_plan(db, plan_code, &p) != MC_OK)
        goto out;
    for (char *s = to; s && *s && n < 16;) {
        char *semi = strchr(s, ';');
        if (semi)
            *semi = '\0';
        targets[n++] = s;
        s = semi ? semi + 1 : NULL;
    }
    prog_today(today);
    st = prog_reassign(db, p.id, from, targets, n, today, &cli_actor, &moved);
    if (st == MC_ERR_NOT_FOUND)
        fprintf(stderr, "không có tổ chức đã nêu\n");
    else if (st == MC_ERR_INVALID)
        fprintf(stderr, "cần ít nhất một tổ chức nhận, khác tổ chức chuyển đi\n");
    else if (st == MC_OK)
        printf("đã chuyển %zu phân công của %s\n", moved, from);
    code = st == MC_OK ? EXIT_OK : EXIT_REFUSED;
out:
    prog_plan_release(&p);
    return code;
}

static int cmd_reassign_defaults(struct db *db, const char *plan_code)
{
    struct prog_plan p;
    size_t moved = 0;
    char today[PROG_DAY_SIZE];
    int code = EXIT_REFUSED;
    prog_plan_init(&p);
    prog_today(today);
    if (find_plan(db, plan_code, &p) == MC_OK &&
        prog_reassign_defaults(db, p.id, today, &cli_actor, &moved) == MC_OK) {
        printf("đã chuyển %zu phân công của tổ chức đã chấm dứt\n", moved);
        code = EXIT_OK;
    }
    prog_plan_release(&p);
    return code;
}

static int cmd_remind(struct db *db)
{
    size_t sent = 0;
    if (prog_remind_due(db, &sent) != MC_OK) {
        fprintf(stderr, "không gửi được nhắc hạn\n");
        return EXIT_REFUSED;
    }
    printf("đã gửi %zu lời nhắc\n", sent);
    return EXIT_OK;
}

/* The command after the common flags were removed. */
static int dispatch(struct db *db, int argc, char **argv, const char *tmpdir)
{
    const char *cmd = argc > 1 ? argv[1] : "";
    const char *org = cli_flag(argc, argv, "--org");
    enum mc_status st;
    if (strcmp(cmd, "import-plan") == 0 && argc >= 3)
        return cmd_import_plan(db, argc - 1, argv + 1);
    if (strcmp(cmd, "import-orgs") == 0 && argc == 3)
        return cmd_import_orgs(db, argv[2]);
    if (strcmp(cmd, "import-tasks") == 0 && argc == 4)
        return cmd_import_tasks(db, argv[2], argv[3]);
    if (strcmp(cmd, "export-tasks") == 0 && argc >= 3)
        return cmd_export_tasks(db, argv[2], cli_flag(argc, argv, "--format"), tmpdir);
    if (strcmp(cmd, "plans") == 0)
        return cmd_plans(db);
    if (strcmp(cmd, "tasks") == 0 && argc >= 3)
        return cmd_tasks(db, argv[2], org);
    if (strcmp(cmd, "reassign") == 0 && argc == 5)
        return cmd_reassign(db, argv[2], argv[3], argv[4]);
    if (strcmp(cmd, "reassign-defaults") == 0 && argc == 3)
        return cmd_reassign_defaults(db, argv[2]);
    if (strcmp(cmd, "remind") == 0)
        return cmd_remind(db);
    if (strcmp(cmd, "link-agency") == 0 && argc == 4) {
        st = org_link_agency(db, argv[2], argv[3], &cli_actor);
        if (st != MC_OK)
            fprintf(stderr, "không liên kết được: không có tổ chức hoặc cơ quan đã nêu\n");
        return st == MC_OK ? EXIT_OK : EXIT_REFUSED;
    }
    if (strcmp(cmd, "overseer") == 0 && argc >= 3) {
        bool remove = false;
        for (int i = 3; i < argc; i++)
            remove = remove || strcmp(argv[i], "--remove") == 0;
        st = prog_overseer_set(db, argv[2], org, !remove, &cli_actor);
        if (st != MC_OK)
            fprintf(stderr, "không đặt được vai trò giám sát cho %s\n", argv[2]);
        return st == MC_OK ? EXIT_OK : EXIT_REFUSED;
    }
    fputs(usage, stderr);
    return EXIT_USAGE;
}

int programme_cli_main(int argc, char **argv)
{
    struct config cfg;
    struct db *db = NULL;
    int code;
    if (cli_wants_help(argc, argv)) {
        fputs(usage, stdout);
        return EXIT_OK;
    }
    config_init(&cfg);
    if (cli_open_db(&cfg, &argc, argv, &db) != MC_OK)
        return EXIT_REFUSED;
    char tmpdir[600];
    snprintf(tmpdir, sizeof(tmpdir), "%s/tmp", cfg.data_dir);
    code = dispatch(db, argc, argv, tmpdir);
    db_close(db);
    return code;
}

static const struct cli_command commands[] = {
    {"programme", programme_cli_main,
     "kế hoạch, nhiệm vụ và báo cáo Đề án 1588: nạp kế hoạch, nhập/xuất nhiệm vụ, phân công lại"},
};

const struct cli_module cli_module_programme = {
    .commands = CLI_LIST(commands),
    .demo = prog_seed_demo,
};
