/* notify_cli.c - `motcua notify send | count` (see notify_cli.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli/notify_cli.h"
#include "core/buf.h"
#include "core/text.h"
#include "domain/notify/notify.h"
#include "domain/notify/sms_text.h"

static void usage(FILE *f)
{
    fputs("Usage: motcua notify send --channel sms|zalo|email --to ĐỊA_CHỈ --body NỘI_DUNG\n"
          "                          [--subject TIÊU_ĐỀ] [--kind LOẠI] [--ref MÃ_HỒ_SƠ]\n"
          "                          [--fallback sms:SỐ|email:ĐỊA_CHỈ] [--user ID]\n"
          "                          [--actor ID] [--outreach] [--db URL]\n"
          "       motcua notify count [--no-diacritics] NỘI_DUNG\n\n"
          "send: xếp một tin vào hàng đợi gửi (máy chủ đang chạy sẽ gửi nó). Với --outreach\n"
          "tin là tin giới thiệu: người đã từ chối không nhận, giờ yên tĩnh và giới hạn\n"
          "số tin mỗi tuần được áp dụng.\n"
          "count: bảng mã (GSM-7 hay UCS-2), số ký tự và số phần tin SMS của nội dung;\n"
          "với --no-diacritics, của nội dung đã bỏ dấu.\n", f);
}

static int count_main(int argc, char **argv)
{
    struct buf plain;
    struct sms_count c;
    bool strip = cli_flag(argc, argv, "--no-diacritics") != NULL || 
                 (argc > 1 && strcmp(argv[1], "--no-diacritics") == 0);
    const char *text = argv[argc - 1];
    int rc = 0;
    buf_init(&plain, NOTIFY_BODY_MAX);
    if (strip && sms_strip_diacritics(text, &plain) == MC_OK)
        text = buf_cstr(&plain);
    if (sms_count(text, &c) != MC_OK) {
        fprintf(stderr, "Nội dung không phải văn bản UTF-8 hợp lệ.\n");
        rc = 1;
    } else {
        if (strip)
            printf("%s\n", text);
        printf("%s, %zu ký tự, %zu phần tin%s\n", c.ucs2 ? "UCS-2 (có dấu)" : "GSM-7",
               c.units, c.segments,
               c.segments > SMS_MAX_SEGMENTS ? " (quá dài: tối đa 4 phần)" : "");
    }
    buf_release(&plain);
    return rc;
}

static int send_main(int argc, char **argv)
{
    struct config cfg;
    struct db *db = NULL;
    const char *ch = cli_flag(argc, argv, "--channel"), *to = cli_flag(argc, argv, "--to");
    const char *body = cli_flag(argc, argv, "--body");
    const char *subject = cli_flag(argc, argv, "--subject");
    const char *kind = cli_flag(argc, argv, "--kind");
    const char *user = cli_flag(argc, argv, "--user"), *actor = cli_flag(argc, argv, "--actor");
    struct notify_opts o = {
        .fallback = cli_flag(argc, argv, "--fallback"),
        .ref = cli_flag(argc, argv, "--ref"),
    };
    enum notify_channel c = NOTIFY_EMAIL;
    for (int i = 0; i < argc; i++)
        if (strcmp(argv[i], "--outreach") == 0)
            o.outreach = true;
    if (!ch || !to || !body || (strcmp(ch, "sms") != 0 && strcmp(ch, "zalo") != 0
                                && strcmp(ch, "email") != 0)
        || (user && !text_parse_id(user, &o.user_id))
        || (actor && !text_parse_id(actor, &o.actor_id))) {
        usage(stderr);
        return 2;
    }
    c = strcmp(ch, "sms") == 0 ? NOTIFY_SMS : strcmp(ch, "zalo") == 0 ? NOTIFY_ZALO
                                                                    : NOTIFY_EMAIL;
    config_init(&cfg);
    /* only the common flags remain for cli_open_db: drop ours */
    int n = 0;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--outreach") == 0)
            continue;
        if (strcmp(argv[i], "--db") == 0 || strcmp(argv[i], "--data-dir") == 0) {
            argv[n++] = argv[i];
            if (i + 1 < argc)
                argv[n++] = argv[++i];
            continue;
        }
        if (strncmp(argv[i], "--", 2) == 0 && i + 1 < argc)
            i++;
    }
    if (cli_open_db(&cfg, &n, argv, &db) != MC_OK)
        return 1;
    enum mc_status st = notify_enqueue_ex(db, c, to, subject ? subject : "", body,
                                          kind ? kind : "notify.test", &o);
    db_close(db);
    if (st != MC_OK) {
        fprintf(stderr, "%s\n", st == MC_ERR_TOO_LARGE ? "Nội dung quá dài."
                                : st == MC_ERR_INVALID ? "Địa chỉ nhận hoặc --fallback không đúng."
                                : "Không ghi được vào cơ sở dữ liệu.");
        return 1;
    }
    printf("Đã xếp tin vào hàng đợi gửi.\n");
    return 0;
}

static int notify_cli_main(int argc, char **argv)
{
    if (argc < 2 || cli_wants_help(argc, argv)) {
        bool help = cli_wants_help(argc, argv);
        usage(help ? stdout : stderr);
        return help ? 0 : 2;
    }
    if (strcmp(argv[1], "count") == 0 && argc >= 3)
        return count_main(argc - 1, argv + 1);
    if (strcmp(argv[1], "send") == 0)
        return send_main(argc - 2, argv + 2);
    usage(stderr);
    return 2;
}

static const struct cli_command commands[] = {
    {"notify", notify_cli_main, "gửi thử một tin, đếm độ dài tin SMS"},
};

const struct cli_module cli_module_notify = {
    .commands = CLI_LIST(commands),
};
