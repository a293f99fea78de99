/* cli.c - shared pieces of the subcommands (see cli.h). */
#include <stdio.h>
#include <stdlib.h>
#include "cli/cli.h"
#include "core/seal.h"

void cli_db_error(const char *url)
{
    char safe[512], where[384];
    const char *why = db_url_problem(url);
    db_url_safe(url, safe, sizeof(safe));
    db_url_describe(url, where, sizeof(where));
    if (why)
        fprintf(stderr, "không mở được cơ sở dữ liệu %s: %s\n", safe, why);
    else if (where[0])
        fprintf(stderr, "không kết nối được cơ sở dữ liệu %s (%s): kiểm tra địa chỉ, người dùng"
                        " và máy chủ cơ sở dữ liệu đã chạy chưa\n", safe, where);
    else
        fprintf(stderr, "không mở được cơ sở dữ liệu %s\n", safe);
}

bool cli_may_create_key(const struct config *cfg)
{
    const char *file = getenv("MOTCUA_DATA_KEY_FILE");
    return cfg->data_dir_chosen || !cfg->db_chosen || (file && *file);
}

enum mc_status cli_open_db(struct config *cfg, int *argc, char **argv, struct db **db)
{
    enum mc_status st = config_parse_flags(cfg, argc, argv);
    *db = NULL;
    if (st == MC_OK)
        st = config_prepare_dirs(cfg);
    seal_use_dir(cfg->data_dir);
    seal_allow_create(cli_may_create_key(cfg));
    if (st == MC_OK && (st = db_open(cfg->db, db)) != MC_OK)
        cli_db_error(cfg->db);
    if (st == MC_OK && (st = db_migrate(*db, NULL)) != MC_OK)
        fprintf(stderr, "không cập nhật được cấu trúc cơ sở dữ liệu\n");
    if (st != MC_OK) {
        db_close(*db);
        *db = NULL;
    }
    return st;
}

enum mc_status cli_config(struct config *cfg, int *argc, char ***argv)
{
    config_init(cfg);
    (*argc)--;
    (*argv)++;
    return config_parse_flags(cfg, argc, *argv);
}

int cli_with_db(int argc, char **argv, int (*run)(struct db *db, int argc, char **argv))
{
    struct config cfg;
    struct db *db = NULL;
    config_init(&cfg);
    if (cli_open_db(&cfg, &argc, argv, &db) != MC_OK)
        return 1;
    int rc = run(db, argc, argv);
    db_close(db);
    return rc;
}

int cli_run(int argc, char **argv, const char *usage,
            int (*run)(struct db *db, int argc, char **argv))
{
    if (cli_wants_help(argc, argv)) {
        fputs(usage, stdout);
        return 0;
    }
    return cli_with_db(argc, argv, run);
}

bool cli_wants_help(int argc, char **argv)
{
    for (int i = 0; i < argc; i++)
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
            return true;
    return false;
}

const struct audit_actor cli_actor = {0, "system", "cli"};

bool cli_one_file(int argc, char **argv, const char *usage, int *code)
{
    if (cli_wants_help(argc, argv)) {
        fputs(usage, stdout);
        *code = 0;
        return false;
    }
    if (argc != 2 || argv[1][0] == '-') {
        fprintf(stderr, "cần đúng một tham số là đường dẫn tệp\n\n%s", usage);
        return false;
    }
    return true;
}

static bool listed(const char *arg, const char *const *names)
{
    for (size_t k = 0; names[k]; k++)
        if (strcmp(arg, names[k]) == 0)
            return true;
    return false;
}

bool cli_args_known(int argc, char **argv, const char *const *valued,
                    const char *const *bare)
{
    for (int i = 1; i < argc; i++) {
        if (listed(argv[i], valued) && i + 1 < argc)
            i++;
        else if (!listed(argv[i], bare))
            return false;
    }
    return true;
}

bool cli_has_flag(int argc, char **argv, const char *name)
{
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], name) == 0)
            return true;
    return false;
}

const char *cli_flag(int argc, char **argv, const char *name)
{
    for (int i = 0; i + 1 < argc; i++)
        if (strcmp(argv[i], name) == 0)
            return argv[i + 1];
    return NULL;
}

int cli_migrate_main(int argc, char **argv)
{
    struct config cfg;
    struct db *db = NULL;
    int applied = 0;
    if (cli_wants_help(argc, argv)) {
        puts("Usage: motcua migrate [--db URL]\n\n"
             "Áp dụng các bước cập nhật cấu trúc cơ sở dữ liệu còn thiếu (chỉ tiến, không lùi).");
        return 0;
    }
    enum mc_status st = cli_config(&cfg, &argc, &argv);
    if (st == MC_OK && (st = db_open(cfg.db, &db)) != MC_OK)
        cli_db_error(cfg.db);
    if (st == MC_OK)
        st = db_migrate(db, &applied);
    if (st != MC_OK && db)
        fprintf(stderr, "cập nhật cơ sở dữ liệu thất bại\n");
    db_close(db);
    if (st != MC_OK)
        return 1;
    printf("đã áp dụng %d bước cập nhật\n", applied);
    return 0;
}
