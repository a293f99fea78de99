/* demo.c - the demo data and accounts of `motcua demo` (see demo.h). */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include "cli/demo/demo.h"
#include "cli/demo/demo_rows.h"
#include "cli/demo/demo_dossiers.h"
#include "cli/demo/demo_eform.h"
#include "cli/demo/demo_routing.h"
#include "domain/accounts/account.h"
#include "cli/cli.h"
#include "core/assets.h"
#include "core/csv.h"
#include "core/log.h"
#include "core/mem.h"
#include "domain/catalog/catalog.h"
#include "domain/catalog/publication.h"
#include "domain/calendar/date.h"
#include "core/clock.h"
#include "domain/catalog/national_import.h"
#include "core/import_report.h"
#include "core/jfield.h"
#include "domain/units/unit.h"

/* The demo staff: data/demo/staff.csv, one account per role in every demo agency. */
#define DEMO_STAFF "data/demo/staff.csv"

static const struct registration citizens[] = {
    {USER_CITIZEN, "Hoàng Thị Lan", DEMO_CITIZEN, NULL, "0912345678", NULL,
     DEMO_PASSWORD, DEMO_PASSWORD, true, true},
    {USER_BUSINESS, "Công ty TNHH Nông sản Xứ Lạng", NULL, "0101234565", NULL,
     "lienhe@nongsanxulang.vn", DEMO_PASSWORD, DEMO_PASSWORD, true, true},
};

/* What each_demo_staff() calls for each row. */
typedef enum mc_status (*staff_fn)(void *ctx, const char *login, const char *name,
                                   const char *agency, unsigned roles);

struct staff_call {
    staff_fn fn;
    void *ctx;
};

static enum mc_status staff_row(void *ctx, const struct csv_record *rec)
{
    struct staff_call *c = ctx;
    unsigned roles = 0;
    if (rec->nfields < 4 || role_parse_list(rec->fields[3].ptr, &roles) != MC_OK) {
        fprintf(stderr, "%s dòng %lu: cần tên đăng nhập, họ tên, cơ quan, vai trò\n",
                DEMO_STAFF, rec->line);
        return MC_ERR_INVALID;
    }
    return c->fn(c->ctx, rec->fields[0].ptr, rec->fields[1].ptr, rec->fields[2].ptr, roles);
}

/*
 * Call fn for each row of data/demo/staff.csv (login, name, agency,
 * roles); stops at the first status that is not MC_OK.
 */
static enum mc_status each_demo_staff(staff_fn fn, void *ctx)
{
    struct staff_call c = {fn, ctx};
    return demo_each_row(DEMO_STAFF, staff_row, &c);
}

/* The rows of staff.csv, copied (the CSV reader reuses its buffers). */
struct staff_rows {
    struct account_staff_seed items[128];
    size_t n;
};

static enum mc_status collect_staff(void *ctx, const char *login, const char *name,
                                    const char *agency, unsigned roles)
{
    struct staff_rows *rows = ctx;
    if (rows->n == MC_ARRAY_LEN(rows->items))
        return MC_ERR_TOO_LARGE;
    rows->items[rows->n++] = (struct account_staff_seed){xstrdup(login), xstrdup(name),
                                                         xstrdup(agency), roles};
    return MC_OK;
}

/* Every demo staff account, one password hashed once, in one transaction. */
static enum mc_status seed_staff(struct db *db)
{
    struct staff_rows *rows = xcalloc(1, sizeof(*rows));
    enum mc_status st = each_demo_staff(collect_staff, rows);
    if (st == MC_OK)
        st = account_add_staff_batch(db, rows->items, rows->n, DEMO_PASSWORD, DEMO_TOTP_SECRET,
                                     &demo_actor, NULL);
    for (size_t i = 0; i < rows->n; i++) {
        free((char *)rows->items[i].login);
        free((char *)rows->items[i].full_name);
        free((char *)rows->items[i].agency_code);
    }
    free(rows);
    return st;
}

static enum mc_status seed_units(struct db *db)
{
    const struct asset *units = asset_find("data/demo/units.json");
    const struct asset *agencies = asset_find("data/demo/agencies.csv");
    struct import_report rep;
    enum mc_status st = MC_ERR_NOT_FOUND;
    import_report_init(&rep);
    if (units && agencies) {
        st = units_import_json(db, units->data, (size_t)units->len, &rep);
        if (st == MC_OK) {
            import_report_clear(&rep);
            st = agencies_import_csv(db, agencies->data, (size_t)agencies->len, &rep);
        }
    }
    if (st != MC_OK)
        import_report_print(&rep, "dữ liệu mẫu", stderr);
    import_report_release(&rep);
    return st;
}

static enum mc_status seed_accounts(struct db *db)
{
    enum mc_status st = seed_staff(db);
    int64_t id = 0;
    for (size_t i = 0; st == MC_OK && i < MC_ARRAY_LEN(citizens); i++) {
        const struct registration *r = &citizens[i];
        struct form_errors errs = {0};
        if (account_find_login(db, r->cccd ? r->cccd : r->tax_code, &id) == MC_OK)
            continue;
        st = account_register(db, r, &demo_actor, &errs, &id);
    }
    return st;
}

/* How each demo procedure can be lodged online (the national file does not say). */
static const struct { const char *code; enum proc_online_level level; } online_levels[] = {
    {"1.001193", PROC_ONLINE_FULL},    /* đăng ký khai sinh */
    {"1.000894", PROC_ONLINE_PARTIAL}, /* đăng ký kết hôn: both sign in person */
    {"1.000656", PROC_ONLINE_FULL},    /* đăng ký khai tử */
    {"2.000815", PROC_ONLINE_NONE},    /* chứng thực bản sao: the original is shown */
    {"2.000635", PROC_ONLINE_FULL},    /* bản sao trích lục hộ tịch */
    {"1.004222", PROC_ONLINE_FULL},    /* đăng ký thường trú */
    {"1.004194", PROC_ONLINE_FULL},    /* đăng ký tạm trú */
    {"3.000347", PROC_ONLINE_FULL},    /* đổi giấy phép lái xe */
    {"1.001612", PROC_ONLINE_FULL},    /* thành lập hộ kinh doanh */
    {"2.000575", PROC_ONLINE_FULL},    /* cấp lại giấy chứng nhận hộ kinh doanh */
    {"1.013225", PROC_ONLINE_PARTIAL}, /* giấy phép xây dựng */
    {"1.013949", PROC_ONLINE_PARTIAL}, /* chuyển mục đích sử dụng đất */
};

static enum proc_online_level demo_online_level(const char *code)
{
    for (size_t i = 0; i < MC_ARRAY_LEN(online_levels); i++)
        if (strcmp(online_levels[i].code, code) == 0)
            return online_levels[i].level;
    return PROC_ONLINE_UNKNOWN;
}

/*
 * Publication data and flags of the demo procedures (the national file
 * carries neither).  decided: 0 = last month, 1 = this month; the day is
 * spread by the procedure's place in the file.  lead: working days
 * between the decision and its effect (below 5 is late); shown: days from
 * the decision to the portal (over 5 working days is late).
 */
static const struct demo_pub {
    const char *code;
    bool eligible, fee, integrated;
    int lead, shown;
} demo_pubs[] = {
    {"1.001193", true, false, false, 20, 1},    /* đăng ký khai sinh */
    {"1.000894", false, false, false, 20, 2},   /* đăng ký kết hôn */
    {"1.000656", true, false, false, 1, 1},     /* khai tử: announced late */
    {"2.000815", false, true, true, 20, 1},     /* chứng thực bản sao */
    {"2.000635", true, true, true, 20, 1},      /* bản sao trích lục hộ tịch */
    {"1.004222", true, false, false, 20, 12},   /* thường trú: made public late */
    {"1.004194", true, false, false, 20, 0},    /* tạm trú */
    {"3.000347", true, true, true, 20, 1},      /* đổi giấy phép lái xe */
    {"1.001612", true, true, true, 20, 1},      /* thành lập hộ kinh doanh */
    {"2.000575", true, true, false, 20, 1},     /* cấp lại giấy chứng nhận hộ kinh doanh */
    {"1.013225", true, true, true, 20, 3},      /* giấy phép xây dựng */
    {"1.013949", false, true, false, 20, 2},    /* chuyển mục đích sử dụng đất */
};

/* Store the demo publication data of p (the i-th procedure of the file). */
static enum mc_status seed_publication(struct db *db, const struct procedure *p, size_t i)
{
    struct catalog_publication pub;
    int32_t today = calendar_date_of(clock_now()), first, decided;
    int y, m, d;
    enum mc_status st = catalog_publication_get(db, p->code, &pub);   /* parts from the text */
    const struct demo_pub *x = NULL;
    for (size_t k = 0; k < MC_ARRAY_LEN(demo_pubs); k++)
        if (strcmp(demo_pubs[k].code, p->code) == 0)
            x = &demo_pubs[k];
    if (st != MC_OK || !x)
        return st;
    calendar_date_to_ymd(today, &y, &m, &d);
    if (calendar_date_from_ymd(y, m, 1, &first) != MC_OK)
        return MC_ERR_INTERNAL;
    if (i % 2 == 0) {   /* last month, from its 2nd day on */
        int py = m == 1 ? y - 1 : y, pm = m == 1 ? 12 : m - 1;
        if (calendar_date_from_ymd(py, pm, 2 + (int)(i % 20), &decided) != MC_OK)
            return MC_ERR_INTERNAL;
    } else {            /* this month, by today */
        decided = first + (int32_t)(i % 5);
        if (decided > today)
            decided = today;
    }
    pub.decision_date = calendar_time_at(decided, 0);
    /* Calendar days, about 7 for 5 working days. */
    pub.effective_date = calendar_time_at(decided + x->lead * 7 / 5 + 1, 0);
    pub.public_date = decided + x->shown <= today ? calendar_time_at(decided + x->shown, 0) : 0;
    pub.eligible_full = x->eligible;
    pub.fee_bearing = x->fee;
    pub.payment_integrated = x->integrated;
    pub.payment_online = false;   /* online payments come from the dossiers */
    return catalog_publication_save(db, &demo_actor, p->code, &pub);
}

/* Parse and save one line of data/demo/procedures.jsonl. */
static enum mc_status seed_procedure(struct db *db, const char *line, size_t len, size_t i)
{
    struct procedure p;
    struct national_warnings w;
    struct buf err;
    procedure_init(&p);
    national_warnings_init(&w);
    buf_init(&err, BUF_MAX_LINE);
    enum mc_status st = national_parse_record(line, len, &p, &w, &err);
    if (st == MC_OK) {
        p.online_level = demo_online_level(p.code);
        demo_eform_apply(&p);
        st = catalog_save(db, &demo_actor, &p, NULL, NULL);
        if (st == MC_OK)
            st = seed_publication(db, &p, i);
    } else {
        fprintf(stderr, "dữ liệu mẫu thủ tục: %s\n", buf_cstr(&err));
    }
    buf_release(&err);
    national_warnings_release(&w);
    procedure_release(&p);
    return st;
}

static enum mc_status seed_procedures(struct db *db)
{
    const struct asset *a = asset_find("data/demo/procedures.jsonl");
    enum mc_status st = a ? MC_OK : MC_ERR_NOT_FOUND;
    const char *p = a ? a->data : "";
    const char *end = p + (a ? a->len : 0);
    size_t i = 0;
    while (st == MC_OK && p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
        if (len > 0)
            st = seed_procedure(db, p, len, i++);
        p += len + 1;
    }
    return st;
}

enum mc_status demo_seed(struct db *db, const struct cli_module *const *mods, size_t n)
{
    enum mc_status st = seed_units(db);
    if (st == MC_OK)
        st = seed_accounts(db);
    if (st == MC_OK)
        st = seed_procedures(db);
    if (st == MC_OK)   /* the citizen lives in phường Đông Kinh */
        st = demo_routing_seed(db, DEMO_CITIZEN, "05977");
    for (size_t i = 0; st == MC_OK && i < n; i++)
        if (mods[i] && mods[i]->demo)
            st = mods[i]->demo(db);
    return st;
}

/* This program's path, for commands printed in the banner. */
static const char *self_path(void)
{
    static char path[512];
    ssize_t n = readlink("/proc/self/exe", path, sizeof(path) - 1);
    if (n <= 0)
        return "motcua";
    path[n] = '\0';
    return path;
}

/* The banner's staff lines: a heading per agency, then login and role. */
struct banner_ctx {
    struct db *db;
    char agency[64];   /* the agency of the previous line */
};

static enum mc_status print_staff(void *ctx, const char *login, const char *name,
                                  const char *agency, unsigned roles)
{
    struct banner_ctx *b = ctx;
    struct agency a;
    (void)name;
    if (strcmp(b->agency, agency) != 0) {
        agency_init(&a);
        printf("\n  %s:\n", agency_get(b->db, agency, &a) == MC_OK ? a.name : agency);
        agency_release(&a);
        snprintf(b->agency, sizeof(b->agency), "%s", agency);
    }
    for (unsigned bit = 1; bit && bit <= roles; bit <<= 1)
        if (roles & bit) {
            printf("    %-22s %s\n", login, role_label_vi((enum role_flags)bit));
            break;
        }
    return MC_OK;
}

static void banner(const struct config *cfg, struct db *db)
{
    struct banner_ctx b = {db, ""};
    printf("\n=== motcua – bản chạy thử với dữ liệu mẫu (tỉnh Lạng Sơn) ===\n\n"
           "Mọi tài khoản, hồ sơ, phản ánh đều là dữ liệu mẫu. Email và tin nhắn không\n"
           "được gửi đi thật: xem chúng ở trang Hộp thư thử nghiệm /quan-tri/hop-thu-demo.\n"
           "Dừng bản chạy thử: nhấn Ctrl+C (dữ liệu được giữ lại trong %s).\n\n"
           "Tài khoản thử (mật khẩu chung: %s):\n", cfg->db, DEMO_PASSWORD);
    printf("  %-24s Công dân\n", citizens[0].cccd);
    printf("  %-24s Doanh nghiệp\n", citizens[1].tax_code);
    printf("\nCán bộ, theo cơ quan (mỗi cơ quan đủ các vai trò; xã có cả cộng tác viên):\n");
    if (each_demo_staff(print_staff, &b) != MC_OK)
        printf("  (không đọc được %s)\n", DEMO_STAFF);
    printf("\nCán bộ đăng nhập cần mã xác thực hai lớp. Thêm khóa %s vào ứng dụng\n"
           "xác thực, hoặc lấy mã hiện tại bằng lệnh:\n"
           "  %s user totp-code --db %s --data-dir %s --login tiepnhan\n"
           "Mỗi mã chỉ dùng được một lần: đăng nhập lại trong cùng 30 giây thì đợi mã sau.\n\n",
           DEMO_TOTP_SECRET, self_path(), cfg->db, cfg->data_dir);
    fflush(stdout);
}

int demo_prepare(int argc, char **argv, const struct cli_module *const *mods, size_t nmods,
                 struct config *cfg, bool *serve)
{
    struct db *db = NULL;
    *serve = false;
    if (cli_wants_help(argc, argv)) {
        puts("Usage: motcua demo [--port N] [--bind ADDR] [--db PATH] [--data-dir DIR]\n\n"
             "Nạp dữ liệu mẫu (một tỉnh, các xã, cơ quan và tài khoản thử cho mọi vai trò),\n"
             "in địa chỉ và tài khoản, rồi chạy máy chủ. Mặc định dùng var/demo.db.");
        return 0;
    }
    config_init(cfg);
    if (!getenv("MOTCUA_DB"))
        snprintf(cfg->db, sizeof(cfg->db), "var/demo.db");
    if (!getenv("MOTCUA_DATA_DIR"))
        snprintf(cfg->data_dir, sizeof(cfg->data_dir), "var/demo");
    argc--;
    argv++;
    if (cli_open_db(cfg, &argc, argv, &db) != MC_OK)
        return 1;
    enum mc_status st = demo_seed(db, mods, nmods);
    if (st == MC_OK)   /* needs the data folder for its files */
        st = demo_dossiers_seed(db, cfg->data_dir);
    if (st == MC_OK)
        banner(cfg, db);
    db_close(db);
    if (st != MC_OK) {
        fprintf(stderr, "không nạp được dữ liệu mẫu\n");
        return 1;
    }
    *serve = true;
    return 0;
}
