/*
 * calendar_cli.c - "motcua calendar": deadlines, working-day counts and
 * holiday lists from the command line (see calendar_cli.h).
 */
#include <errno.h>
#include <stdlib.h>
#include "cli/calendar_cli.h"
#include "cli/cli.h"
#include "domain/calendar/calendar.h"
#include "domain/calendar/calendar_store.h"
#include "domain/calendar/lunar.h"
#include "core/clock.h"

#define EXIT_USAGE 2

enum cli_option {
    OPT_FROM = 1u << 0,
    OPT_TO = 1u << 1,
    OPT_DAYS = 1u << 2,
    OPT_UNIT = 1u << 3,
    OPT_YEAR = 1u << 4,
    OPT_CUTOFF = 1u << 5,
    OPT_RECEIVE = 1u << 6,
    OPT_DB = 1u << 7,
};

struct cli_args {
    const char *from, *to, *days, *unit, *year, *cutoff, *db;
    bool receive;
    bool help;
};

struct calendar_subcommand {
    const char *name;
    unsigned options;
    const char *help;
    int (*run)(const struct calendar *cal, const struct cli_args *a);
};

static const char HELP_MAIN[] =
    "Usage: motcua calendar COMMAND [OPTIONS]\n"
    "\n"
    "Lịch ngày làm việc: tính hạn xử lý hồ sơ, đếm ngày làm việc,\n"
    "liệt kê ngày nghỉ lễ, Tết và nghỉ bù.\n"
    "\n"
    "Commands:\n"
    "  due        compute a deadline\n"
    "  workdays   count working days between two dates\n"
    "  holidays   list the holidays of a year\n"
    "\n"
    "Run 'motcua calendar COMMAND --help' for a command's options.\n"
    "Every command takes --db PATH to add the stored overrides and office hours.\n";

static const char HELP_DUE[] =
    "Usage: motcua calendar due --from TIME --days N [--unit UNIT]\n"
    "                           [--receive] [--cutoff HH:MM]\n"
    "\n"
    "Tính hạn trả kết quả: cộng thời hạn xử lý vào thời điểm tiếp nhận,\n"
    "bỏ qua ngày nghỉ cuối tuần, ngày lễ, Tết và ngày nghỉ bù.\n"
    "\n"
    "Options:\n"
    "  --from TIME     receipt time, ISO 8601 (2026-02-13T09:00; no offset = +07:00)\n"
    "  --days N        the processing time, counted in UNIT\n"
    "  --unit UNIT     working_days (default), working_hours, days or months\n"
    "  --receive       --from is the submission time: move it to the receipt time\n"
    "                  first (outside office hours -> next working period)\n"
    "  --cutoff HH:MM  with --receive: later submissions count from the next\n"
    "                  working day\n";

static const char HELP_WORKDAYS[] =
    "Usage: motcua calendar workdays --from DATE --to DATE\n"
    "\n"
    "Đếm số ngày làm việc từ ngày --from đến ngày --to (tính cả hai ngày).\n"
    "\n"
    "Options:\n"
    "  --from DATE   first day, YYYY-MM-DD\n"
    "  --to DATE     last day, YYYY-MM-DD\n";

static const char HELP_HOLIDAYS[] =
    "Usage: motcua calendar holidays --year YEAR\n"
    "\n"
    "Liệt kê các ngày nghỉ lễ, Tết, nghỉ bù và làm bù của một năm.\n"
    "\n"
    "Options:\n"
    "  --year YEAR   the year, 1901-2199\n";

static int fail(const char *what, const char *value)
{
    if (value)
        fprintf(stderr, "motcua calendar: %s: %s\n", what, value);
    else
        fprintf(stderr, "motcua calendar: %s\n", what);
    return EXIT_USAGE;
}

/* Parse a whole decimal number in lo..hi. */
static bool parse_int(const char *s, long lo, long hi, long *out)
{
    char *end;
    long v;
    errno = 0;
    v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < lo || v > hi)
        return false;
    *out = v;
    return true;
}

/* Parse "HH:MM" into minutes after midnight. */
static bool parse_hhmm(const char *s, int *out)
{
    bool ok = strlen(s) == 5 && s[2] == ':';
    for (int i = 0; ok && i < 5; i++)
        ok = i == 2 || (s[i] >= '0' && s[i] <= '9');
    if (ok) {
        int h = (s[0] - '0') * 10 + (s[1] - '0');
        int m = (s[3] - '0') * 10 + (s[4] - '0');
        ok = h < 24 && m < 60;
        *out = h * 60 + m;
    }
    return ok;
}

/* Where an option's value goes, or NULL for an option not allowed here. */
static const char **option_slot(struct cli_args *a, const char *name, unsigned allowed)
{
    static const struct { const char *name; unsigned flag; } names[] = {
        {"--from", OPT_FROM}, {"--to", OPT_TO}, {"--days", OPT_DAYS},
        {"--unit", OPT_UNIT}, {"--year", OPT_YEAR}, {"--cutoff", OPT_CUTOFF},
        {"--db", OPT_DB},
    };
    const char **slots[] = {&a->from, &a->to, &a->days, &a->unit, &a->year, &a->cutoff,
                            &a->db};
    for (size_t i = 0; i < MC_ARRAY_LEN(names); i++)
        if ((allowed & names[i].flag) && strcmp(name, names[i].name) == 0)
            return slots[i];
    return NULL;
}

static int parse_args(int argc, char **argv, unsigned allowed, struct cli_args *a)
{
    int rc = 0;
    for (int i = 2; i < argc && rc == 0; i++) {
        const char **slot;
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
            a->help = true;
        else if ((allowed & OPT_RECEIVE) && strcmp(argv[i], "--receive") == 0)
            a->receive = true;
        else if (!(slot = option_slot(a, argv[i], allowed)))
            rc = fail("tùy chọn không hợp lệ", argv[i]);
        else if (i + 1 >= argc)
            rc = fail("thiếu giá trị cho tùy chọn", argv[i]);
        else
            *slot = argv[++i];
    }
    return rc;
}

/* The receipt time: --from, moved by --receive/--cutoff when asked. */
static int due_start(const struct calendar *cal, const struct cli_args *a, int64_t *t)
{
    int cutoff = -1, rc = 0;
    if (clock_parse_iso(a->from, t) != MC_OK || !calendar_time_in_range(*t))
        rc = fail("thời điểm không hợp lệ (cần dạng 2026-02-13T09:00)", a->from);
    else if (a->cutoff && !a->receive)
        rc = fail("--cutoff chỉ dùng cùng --receive", NULL);
    else if (a->cutoff && !parse_hhmm(a->cutoff, &cutoff))
        rc = fail("giờ chốt không hợp lệ (cần dạng 15:00)", a->cutoff);
    else if (a->receive && calendar_receive_time(cal, *t, cutoff, t) != MC_OK)
        rc = fail("không xác định được thời điểm tiếp nhận", a->from);
    return rc;
}

static int run_due(const struct calendar *cal, const struct cli_args *a)
{
    enum calendar_unit unit = CALENDAR_UNIT_WORKING_DAYS;
    char out[32];
    long amount = 0;
    int64_t t = 0, due = 0;
    int rc = 0;
    if (!a->from || !a->days) {
        rc = fail("thiếu tùy chọn bắt buộc --from hoặc --days", NULL);
        goto out;
    }
    if (a->unit && calendar_unit_parse(a->unit, &unit) != MC_OK) {
        rc = fail("đơn vị không hợp lệ (working_days, working_hours, days, months)",
                  a->unit);
        goto out;
    }
    if (!parse_int(a->days, 0, CALENDAR_MAX_DAYS, &amount)) {
        rc = fail("thời hạn không hợp lệ", a->days);
        goto out;
    }
    if ((rc = due_start(cal, a, &t)) != 0)
        goto out;
    if (calendar_due(cal, t, (int32_t)amount, unit, &due) != MC_OK) {
        rc = fail("không tính được hạn xử lý (thời hạn quá dài hoặc ngoài phạm vi)",
                  a->days);
        goto out;
    }
    clock_format_iso(due, out, sizeof(out));
    printf("%s\n", out);
out:
    return rc;
}

static int run_workdays(const struct calendar *cal, const struct cli_args *a)
{
    int32_t from = 0, to = 0, count = 0;
    int rc = 0;
    if (!a->from || !a->to)
        rc = fail("thiếu tùy chọn bắt buộc --from hoặc --to", NULL);
    else if (calendar_date_parse(a->from, &from) != MC_OK)
        rc = fail("ngày không hợp lệ (cần dạng YYYY-MM-DD)", a->from);
    else if (calendar_date_parse(a->to, &to) != MC_OK)
        rc = fail("ngày không hợp lệ (cần dạng YYYY-MM-DD)", a->to);
    else if (calendar_workdays_between(cal, from, to, &count) != MC_OK)
        rc = fail("khoảng ngày quá dài", NULL);
    else
        printf("%d\n", (int)count);
    return rc;
}

static int run_holidays(const struct calendar *cal, const struct cli_args *a)
{
    struct calendar_day *days = NULL;
    size_t n = 0;
    long year = 0;
    int rc = 0;
    if (!a->year) {
        rc = fail("thiếu tùy chọn bắt buộc --year", NULL);
        goto out;
    }
    if (!parse_int(a->year, LUNAR_MIN_YEAR, LUNAR_MAX_YEAR, &year) ||
        calendar_holidays(cal, (int)year, &days, &n) != MC_OK) {
        rc = fail("năm không hợp lệ (1901-2199)", a->year);
        goto out;
    }
    for (size_t i = 0; i < n; i++) {
        char date[CALENDAR_DATE_SIZE];
        calendar_date_format(days[i].date, date, sizeof(date));
        printf("%s  %s\n", date, days[i].name);
    }
out:
    free(days);
    return rc;
}

static const struct calendar_subcommand subcommands[] = {
    {"due", OPT_FROM | OPT_DAYS | OPT_UNIT | OPT_RECEIVE | OPT_CUTOFF, HELP_DUE, run_due},
    {"workdays", OPT_FROM | OPT_TO, HELP_WORKDAYS, run_workdays},
    {"holidays", OPT_YEAR, HELP_HOLIDAYS, run_holidays},
};

/* --db PATH: add the stored office hours and overrides (calendar_store.h). */
static int load_stored(struct calendar *cal, const char *path)
{
    struct db *db = NULL;
    int rc = 0;
    if (db_open(path, &db) != MC_OK || db_migrate(db, NULL) != MC_OK ||
        calendar_load(db, cal) != MC_OK)
        rc = fail("không đọc được lịch đã lưu trong cơ sở dữ liệu", path);
    db_close(db);
    return rc;
}

static int run_command(const struct calendar_subcommand *cmd, int argc, char **argv)
{
    struct calendar cal;
    struct cli_args a = {0};
    int rc = parse_args(argc, argv, cmd->options | OPT_DB, &a);
    if (rc != 0)
        goto out;
    if (a.help) {
        fputs(cmd->help, stdout);
        goto out;
    }
    calendar_init(&cal);
    if (a.db && (rc = load_stored(&cal, a.db)) != 0) {
        calendar_release(&cal);
        goto out;
    }
    rc = cmd->run(&cal, &a);
    calendar_release(&cal);
out:
    return rc;
}

int calendar_cli_main(int argc, char **argv)
{
    int rc = EXIT_USAGE;
    if (argc < 2) {
        fputs(HELP_MAIN, stderr);
        goto out;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        fputs(HELP_MAIN, stdout);
        rc = 0;
        goto out;
    }
    for (size_t i = 0; i < MC_ARRAY_LEN(subcommands); i++) {
        if (strcmp(argv[1], subcommands[i].name) == 0) {
            rc = run_command(&subcommands[i], argc, argv);
            goto out;
        }
    }
    rc = fail("lệnh không hợp lệ (due, workdays, holidays)", argv[1]);
out:
    return rc;
}

static const struct cli_command commands[] = {
    {"calendar", calendar_cli_main, "tính hạn theo ngày làm việc, xem ngày nghỉ lễ"},
};

const struct cli_module cli_module_calendar = {
    .commands = CLI_LIST(commands),
};
