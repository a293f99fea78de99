/*
 * assistant_cli.c - `motcua import faq` and `motcua assistant` (see
 * assistant_cli.h).
 */
#include <jansson.h>
#include <stdlib.h>
#include "domain/assistant/assistant.h"
#include "cli/assistant_cli.h"
#include "domain/assistant/eval.h"
#include "domain/assistant/faq.h"
#include "cli/cli.h"
#include "core/config.h"

static const char import_usage[] =
    "Cách dùng: motcua import faq TỆP.csv [--db PATH]\n"
    "\n"
    "Nạp câu hỏi thường gặp cho trợ lý ảo. Nhận ba dạng tệp CSV (theo dòng tiêu đề):\n"
    "  question, related_links   câu hỏi của người dân kèm đường dẫn có ma_thu_tuc=\n"
    "  main_topic, question, answer   câu hỏi có câu trả lời chính thức (bỏ tiền tố\n"
    "                            \"Câu hỏi N :\", câu hỏi lặp lại được gộp)\n"
    "  question, answer, codes, variants   dạng của motcua (variants cách nhau bởi |)\n"
    "Tất cả hoặc không: có dòng sai thì không ghi gì. Chạy lại không tạo bản trùng.\n"
    "\n"
    "Mã thoát: 0 thành công, 1 tệp bị từ chối (không ghi gì), 2 sai cách dùng.\n";

int asst_cli_import_faq(struct db *db, int argc, char **argv)
{
    struct import_report rep;
    struct audit_actor who = {0, "system", "cli"};
    if (!db || argc != 2) {
        fputs(import_usage, db ? stderr : stdout);
        return db ? 2 : 0;
    }
    import_report_init(&rep);
    enum mc_status st = asst_faq_import(db, &who, argv[1], "import", &rep);
    import_report_print(&rep, "câu hỏi thường gặp", st == MC_OK ? stdout : stderr);
    import_report_release(&rep);
    return st == MC_OK ? 0 : 1;
}

static const char usage[] =
    "Cách dùng: motcua assistant ask \"CÂU HỎI\" [--db PATH]\n"
    "           motcua assistant eval CÂU_HỎI.csv [--folds N] [--stopwords TỆP] [--db PATH]\n"
    "\n"
    "ask   trả lời một câu hỏi như API /api/v1/assistant (in JSON)\n"
    "eval  đánh giá chéo việc tìm thủ tục, so với hai mức cơ sở BM25\n";

static int ask(struct db *db, int argc, char **argv)
{
    struct asst_reply r;
    if (argc != 2) {
        fputs(usage, stderr);
        return 2;
    }
    struct asst_request req = {.message = argv[1], .session = "cli", .channel = "cli"};
    asst_reply_init(&r);
    enum mc_status st = assistant_ask(db, &req, &r);
    if (st == MC_OK) {
        json_t *j = asst_reply_json(&r);
        char *s = json_dumps(j, JSON_INDENT(2));
        puts(s ? s : "{}");
        free(s);
        json_decref(j);
    } else {
        fprintf(stderr, "không trả lời được (%s)\n", mc_status_name(st));
    }
    asst_reply_release(&r);
    return st == MC_OK ? 0 : 1;
}

int asst_cli_main(int argc, char **argv)
{
    struct config cfg;
    struct db *db = NULL;
    if (argc < 2 || (strcmp(argv[1], "ask") != 0 && strcmp(argv[1], "eval") != 0) ||
        cli_wants_help(argc, argv)) {
        fputs(usage, argc < 2 ? stderr : stdout);
        return cli_wants_help(argc, argv) ? 0 : 2;
    }
    int n = argc - 1;
    char **rest = argv + 1;
    config_init(&cfg);
    if (cli_open_db(&cfg, &n, rest, &db) != MC_OK)
        return 1;
    int rc = strcmp(rest[0], "ask") == 0 ? ask(db, n, rest) : asst_eval_main(db, n, rest);
    db_close(db);
    return rc;
}
