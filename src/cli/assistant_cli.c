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
#include "core/buf.h"
#include "core/import_report.h"
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

/*
 * `motcua import faq FILE.csv` (argv[0] is "faq").  db is NULL when only
 * help was asked for.  Returns the exit code: 0 imported, 1 rejected or
 * failed (nothing written), 2 usage.
 */
static int asst_cli_import_faq(struct db *db, int argc, char **argv)
{
    struct import_report rep;
    if (!db || argc != 2) {
        fputs(import_usage, db ? stderr : stdout);
        return db ? 2 : 0;
    }
    struct progress shown;
    import_report_init_shown(&rep, &shown, "Nhập câu hỏi thường gặp");
    progress_begin(&shown, NULL, "câu hỏi", 0);
    enum mc_status st = asst_faq_import(db, &cli_actor, argv[1], "import", &rep);
    progress_end(&shown);
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

/* ---------------------------------------------------------------- eval */

static const char eval_usage[] =
    "Cách dùng: motcua assistant eval CÂU_HỎI.csv [--folds N] [--stopwords TỆP]\n"
    "           [--verbose] [--db PATH]\n"
    "\n"
    "Đánh giá chéo (cross-validation) khả năng tìm đúng thủ tục của trợ lý ảo trên\n"
    "danh mục đã nạp, so với hai mức cơ sở BM25 đo trong cùng lần chạy.\n";

static char *read_file(const char *path, size_t *len)
{
    struct buf b;
    buf_init(&b, BUF_MAX_FILE);
    if (buf_add_file(&b, path) != MC_OK) {
        buf_release(&b);
        return NULL;
    }
    return buf_detach(&b, len);
}

/* Print s padded with spaces to width characters (UTF-8 aware). */
static void print_padded(const char *s, int width)
{
    int chars = 0;
    for (const char *p = s; *p; p++)
        chars += ((unsigned char)*p & 0xC0) != 0x80;
    fputs(s, stdout);
    for (; chars < width; chars++)
        putchar(' ');
}

static void print_report(const struct asst_eval_report *r)
{
    printf("Đánh giá trợ lý ảo: %zu câu hỏi có mã thủ tục trong danh mục, %zu thủ tục, "
           "%u phần (nạp chỉ mục %.1f s)\n", r->questions, r->procedures, r->folds,
           r->load_seconds);
    printf("  ");
    print_padded("phương pháp", 44);
    printf(" %7s %7s %11s\n", "top-1", "top-3", "p99");
    for (size_t i = 0; i < ASST_EVAL_METHODS; i++) {
        const struct asst_eval_method *m = &r->methods[i];
        printf("  ");
        print_padded(m->name, 44);
        printf(" %6.1f%% %6.1f%% %8.2f ms\n",
               m->n ? 100.0 * (double)m->top1 / (double)m->n : 0.0,
               m->n ? 100.0 * (double)m->top3 / (double)m->n : 0.0, m->p99_ms);
    }
}

/* `motcua assistant eval QUESTIONS.csv [--folds N] [--stopwords FILE] [--verbose]`. */
static int eval_main(struct db *db, int argc, char **argv)
{
    const char *folds = cli_flag(argc, argv, "--folds");
    const char *stop_path = cli_flag(argc, argv, "--stopwords");
    struct asst_eval_config c = {.folds = folds ? (unsigned)atoi(folds)
                                                : ASST_EVAL_FOLDS_DEFAULT};
    struct asst_eval_report r;
    struct import_report rep;
    struct form_errors errs = {0};
    char *stop_text = NULL;
    int rc = 1;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--verbose") == 0)
            c.trace = stdout;
        else if (strcmp(argv[i], "--folds") == 0 || strcmp(argv[i], "--stopwords") == 0)
            i++;
        else if (!c.questions_path)
            c.questions_path = argv[i];
    }
    if (!c.questions_path || c.folds < 2 || c.folds > ASST_EVAL_FOLDS_MAX) {
        fputs(eval_usage, stderr);
        return 2;
    }
    if (stop_path) {
        stop_text = read_file(stop_path, &c.stopwords_len);
        if (!stop_text) {
            fprintf(stderr, "không đọc được tệp %s\n", stop_path);
            return 1;
        }
        c.stopwords = stop_text;
    }
    import_report_init(&rep);
    if (asst_eval_run(db, &c, &r, &rep, &errs) == MC_OK) {
        print_report(&r);
        rc = 0;
    } else {
        if (form_errors_of(&errs, "questions"))   /* the file's own reasons, line by line */
            import_report_print(&rep, "câu hỏi", stderr);
        else
            for (size_t i = 0; i < errs.count; i++)
                fprintf(stderr, "%s\n", errs.items[i].message);
    }
    import_report_release(&rep);
    free(stop_text);
    return rc;
}

/* `ask` or `eval`, argv[0]. */
static int run(struct db *db, int argc, char **argv)
{
    return strcmp(argv[0], "ask") == 0 ? ask(db, argc, argv) : eval_main(db, argc, argv);
}

/* `motcua assistant ask|eval ...` (argv[0] is "assistant"); the exit code. */
static int asst_cli_main(int argc, char **argv)
{
    if (argc < 2 || (strcmp(argv[1], "ask") != 0 && strcmp(argv[1], "eval") != 0) ||
        cli_wants_help(argc, argv)) {
        fputs(usage, argc < 2 ? stderr : stdout);
        return cli_wants_help(argc, argv) ? 0 : 2;
    }
    return cli_with_db(argc - 1, argv + 1, run);
}

static const struct cli_command commands[] = {
    {"assistant", asst_cli_main, "trợ lý ảo: hỏi thử, đánh giá độ chính xác"},
};

static const struct cli_data_kind imports[] = {
    {"faq", asst_cli_import_faq, "câu hỏi thường gặp cho trợ lý ảo (CSV)"},
};

const struct cli_module cli_module_assistant = {
    .commands = CLI_LIST(commands),
    .imports = CLI_LIST(imports),
    .demo = asst_faq_seed_demo,
};
