/*
 * campaign_demo.c - the results workbook of a campaign and the demo's
 * campaigns (see campaign.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include "domain/campaign/campaign.h"
#include "core/clock.h"
#include "core/log.h"
#include "core/xlsx_style.h"
#include "core/xlsx_write.h"

static const struct db_query Q_ANY = {
    "campaign.demo_any", "SELECT COUNT(*) FROM campaigns",
};

static void figures_row(lxw_worksheet *ws, lxw_row_t row, const char *name,
                        const struct campaign_figures *f, lxw_format *pct)
{
    const double v[] = {(double)f->treated, (double)f->control, (double)f->sent,
                        (double)f->delivered, (double)f->failed, (double)f->clicks,
                        (double)f->conv_treated, (double)f->conv_control};
    worksheet_write_string(ws, row, 0, name, NULL);
    for (size_t i = 0; i < MC_ARRAY_LEN(v); i++)
        worksheet_write_number(ws, row, (lxw_col_t)(1 + i), v[i], NULL);
    worksheet_write_number(ws, row, 9, f->rate_treated, pct);
    worksheet_write_number(ws, row, 10, f->rate_control, pct);
    worksheet_write_number(ws, row, 11, f->uplift, pct);
}

/* The campaign and its results, for fill_results(). */
struct results_book {
    const struct campaign *c;
    const struct campaign_results *r;
};

/* The one sheet of the results workbook (an xlsx_write_fn). */
static enum mc_status fill_results(lxw_workbook *wb, void *ctx)
{
    const struct results_book *b = ctx;
    const struct campaign *c = b->c;
    const struct campaign_results *r = b->r;
    static const char *heads[] = {"Xã, phường", "Người nhận", "Nhóm đối chứng", "Đã gửi",
                                  "Đã đến", "Gửi không được", "Lượt bấm (không trùng)",
                                  "Chuyển đổi (nhận tin)", "Chuyển đổi (đối chứng)",
                                  "Tỷ lệ nhận tin (%)", "Tỷ lệ đối chứng (%)",
                                  "Chênh lệch (điểm %)"};
    static const struct xlsx_width widths[] = {{0, 0, 40}, {1, 11, 14}};
    char line[600];
    lxw_worksheet *ws = workbook_add_worksheet(wb, "Kết quả");
    lxw_format *bold = xlsx_format(wb, XLSX_BOLD, NULL);
    lxw_format *pct = xlsx_format(wb, XLSX_PLAIN, "0.0");
    xlsx_set_widths(ws, widths, MC_ARRAY_LEN(widths));
    snprintf(line, sizeof(line), "KẾT QUẢ CHIẾN DỊCH: %s - %s", c->name, c->agency_name);
    worksheet_write_string(ws, 0, 0, line, bold);
    snprintf(line, sizeof(line), "Chi phí: %lld đồng; mỗi tin %lld đồng; mỗi chuyển đổi %.0f "
             "đồng", (long long)r->cost, (long long)r->price, r->cost_per_conversion);
    worksheet_write_string(ws, 1, 0, line, NULL);
    for (size_t i = 0; i < MC_ARRAY_LEN(heads); i++)
        worksheet_write_string(ws, 3, (lxw_col_t)i, heads[i], bold);
    figures_row(ws, 4, "Toàn chiến dịch", &r->total, pct);
    for (size_t i = 0; i < r->nunits; i++)
        figures_row(ws, (lxw_row_t)(5 + i), r->units[i].unit_name, &r->units[i], pct);
    return MC_OK;
}

enum mc_status campaign_export_xlsx(const struct campaign *c, const struct campaign_results *r,
                                    const char *tmpdir, struct buf *out)
{
    struct results_book b = {c, r};
    return xlsx_write_to_buf(tmpdir, "chien-dich", fill_results, &b, out);
}

/* ---------------------------------------------------------------- demo */

static const char DEMO_LIST[] =
    "dien_thoai,ho_ten,dong_y\n"
    "0912000101,Lý Văn Bình,có\n"
    "0912000102,Hoàng Thị Mai,có\n"
    "0912000103,Nông Văn Sơn,có\n"
    "0912000104,Vi Thị Hoa,có\n"
    "0912000105,Lương Văn Tài,có\n"
    "0912000106,Triệu Thị Lan,không\n"
    "0912000107,Đinh Văn Hải,có\n"
    "0912000108,Mã Thị Nga,có\n"
    "0912000109,Hà Văn Long,có\n"
    "0912000110,Chu Thị Huệ,có\n";

static enum mc_status demo_one(struct db *db, const struct user *admin,
                               const struct campaign_preset *p, bool approve)
{
    static const struct audit_actor who = {0, "system", "demo"};
    struct campaign_keys k = {.public_url = ""};
    struct form_errors errs = {0};
    struct campaign_says why;
    struct user leader;
    int64_t id = 0;
    struct campaign_input in = {
        .name = p->name, .agency_code = "T20.TTPVHCC", .event = p->key,
        .audience = "counter_online", .channel = "sms", .body = p->body,
        .subject = p->subject, .target_path = "/thu-tuc", .control_pct = "10",
        .window_days = "30",
    };
    enum mc_status st = campaign_create(db, &k, admin, &in, &who, &errs, &id);
    if (st == MC_ERR_INVALID) {   /* no counter users in this demo: the consented list */
        in.audience = "list";
        in.list = DEMO_LIST;
        in.list_len = sizeof(DEMO_LIST) - 1;
        st = campaign_create(db, &k, admin, &in, &who, &errs, &id);
    }
    if (st == MC_OK && approve
        && (st = account_load_login(db, "lanhdao.ttpvhcc", &leader)) == MC_OK)
        st = campaign_approve(db, &leader, id, &who, &why);
    if (st != MC_OK)
        log_error("demo campaign: %s (%s)", mc_status_name(st),
                  errs.count ? errs.items[0].message : "-");
    return st;
}

enum mc_status campaign_seed_demo(struct db *db, const char *admin_login)
{
    struct user admin;
    int64_t n = 0;
    size_t np = 0;
    const struct campaign_preset *p = campaign_presets(&np);
    enum mc_status st = db_get_int(db, &Q_ANY, &n, "");
    if (st != MC_OK || n > 0)
        return st;
    st = account_load_login(db, admin_login, &admin);
    for (size_t i = 0; st == MC_OK && i < np; i++)
        st = demo_one(db, &admin, &p[i], i == 0);
    return st;
}
