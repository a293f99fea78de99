/* notify_templates.c - editable, versioned message texts (see notify_templates.h). */
#include <stdio.h>
#include <string.h>
#include "domain/notify/notify_templates.h"
#include "domain/notify/sms_text.h"
#include "core/clock.h"

static const struct db_query Q_LATEST = {
    "notify_templates.latest",
    "SELECT version, subject, body, sms_plain, created_at FROM notify_templates"
    " WHERE kind = ?1 ORDER BY version DESC LIMIT 1",
};
static const struct db_query Q_NEXT = {
    "notify_templates.next",
    "SELECT COALESCE(MAX(version), 0) + 1 FROM notify_templates WHERE kind = ?1",
};
static const struct db_query Q_INSERT = {
    "notify_templates.insert",
    "INSERT INTO notify_templates (kind, version, subject, body, sms_plain, created_by,"
    " created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
};

static const char *const dossier_ph[] = {"ma_ho_so", "thu_tuc", "ghi_chu", "so_tien",
                                         "ngay_hen", "duong_dan", NULL};
static const char *const dossier_samples[] = {
    "T20.STP-260303-0001", "Cấp bản sao trích lục hộ tịch", "Thiếu bản sao CCCD",
    "50.000 đồng", "04/03/2026", "https://dichvucong.tinh.gov.vn/ho-so/T20.STP-260303-0001",
};

#define DOSSIER_KIND(k, n, s, b) {k, n, dossier_ph, dossier_samples, s, b}

/* The officers' daily digest and the leaders' escalation (dossier_remind.c). */
static const char *const digest_ph[] = {"ho_ten", "so_qua_han", "so_sap_den_han", "danh_sach",
                                        "duong_dan", NULL};
static const char *const digest_samples[] = {
    "Nguyễn Văn An", "2", "3",
    "- T20.STP-260303-0001 (Cấp bản sao trích lục hộ tịch): quá hạn từ 02/03/2026",
    "https://dichvucong.tinh.gov.vn/quan-tri/ho-so",
};
static const char *const escalate_ph[] = {"ho_ten", "don_vi", "so_qua_han", "danh_sach",
                                          "duong_dan", NULL};
static const char *const escalate_samples[] = {
    "Trần Thị Bình", "Sở Tư pháp", "2",
    ("- T20.STP-260303-0001 (Cấp bản sao trích lục hộ tịch), Nguyễn Văn An: quá hạn từ "
     "02/03/2026"),
    "https://dichvucong.tinh.gov.vn/quan-tri/ho-so",
};

static const struct notify_template_kind kinds[] = {
    DOSSIER_KIND("dossier.accepted", "Hồ sơ đã được tiếp nhận", "Hồ sơ đã được tiếp nhận",
                 "Hồ sơ {ma_ho_so} ({thu_tuc}) đã được tiếp nhận. Ngày hẹn trả kết quả: "
                 "{ngay_hen}. Giấy tiếp nhận: {duong_dan}"),
    DOSSIER_KIND("dossier.supplement", "Yêu cầu bổ sung hồ sơ", "Yêu cầu bổ sung hồ sơ",
                 "Hồ sơ {ma_ho_so} ({thu_tuc}) cần bổ sung: {ghi_chu}. Xem: {duong_dan}"),
    DOSSIER_KIND("dossier.fee", "Thông báo nộp phí, lệ phí", "Thông báo nộp phí, lệ phí",
                 "Hồ sơ {ma_ho_so} cần nộp {so_tien}. Nộp tại: {duong_dan}"),
    DOSSIER_KIND("dossier.refused", "Hồ sơ không được tiếp nhận", "Hồ sơ không được tiếp nhận",
                 "Hồ sơ {ma_ho_so} không được tiếp nhận. Lý do: {ghi_chu}. Xem: {duong_dan}"),
    DOSSIER_KIND("dossier.stopped", "Hồ sơ bị dừng xử lý", "Hồ sơ bị dừng xử lý",
                 "Hồ sơ {ma_ho_so} đã bị dừng xử lý. Lý do: {ghi_chu}. Xem: {duong_dan}"),
    DOSSIER_KIND("dossier.apology", "Xin lỗi và hẹn lại ngày trả kết quả",
                 "Thư xin lỗi và hẹn lại ngày trả kết quả",
                 "Hồ sơ {ma_ho_so} chưa có kết quả đúng hẹn. Cơ quan xin lỗi ông/bà; ngày hẹn "
                 "mới: {ngay_hen}. Lý do: {ghi_chu}"),
    DOSSIER_KIND("dossier.result", "Hồ sơ đã có kết quả", "Hồ sơ đã có kết quả",
                 "Hồ sơ {ma_ho_so} ({thu_tuc}) đã có kết quả. Xem và nhận tại: {duong_dan}"),
    DOSSIER_KIND("dossier.tomorrow", "Nhắc lịch hẹn trả kết quả ngày mai",
                 "Ngày mai có hẹn trả kết quả hồ sơ",
                 "Hồ sơ {ma_ho_so} ({thu_tuc}) có hẹn trả kết quả ngày mai, {ngay_hen}, tại "
                 "{ghi_chu}. Xem: {duong_dan}"),
    {"officer.digest", "Tổng hợp hằng ngày cho cán bộ: hồ sơ sắp đến hạn, quá hạn", digest_ph,
     digest_samples, "Hồ sơ sắp đến hạn và quá hạn hôm nay",
     "Kính gửi {ho_ten}: ông/bà đang có {so_qua_han} hồ sơ quá hạn và {so_sap_den_han} hồ sơ "
     "sắp đến hạn.\n{danh_sach}\nXem và xử lý: {duong_dan}"},
    {"officer.escalation", "Báo cáo lãnh đạo: hồ sơ quá hạn của đơn vị", escalate_ph,
     escalate_samples, "Báo cáo lãnh đạo: hồ sơ quá hạn",
     "Kính gửi {ho_ten}: {don_vi} có {so_qua_han} hồ sơ quá hạn xử lý.\n{danh_sach}\n"
     "Đề nghị chỉ đạo xử lý: {duong_dan}"},
};

const struct notify_template_kind *notify_template_kinds(size_t *n)
{
    *n = sizeof(kinds) / sizeof(kinds[0]);
    return kinds;
}

const struct notify_template_kind *notify_template_kind_find(const char *kind)
{
    for (size_t i = 0; kind && i < sizeof(kinds) / sizeof(kinds[0]); i++)
        if (strcmp(kinds[i].kind, kind) == 0)
            return &kinds[i];
    return NULL;
}

enum mc_status notify_template_get(struct db *db, const struct notify_template_kind *k,
                                   struct notify_template *out)
{
    struct db_stmt *st = NULL;
    memset(out, 0, sizeof(*out));
    snprintf(out->subject, sizeof(out->subject), "%s", k->subject);
    snprintf(out->body, sizeof(out->body), "%s", k->body);
    enum mc_status rc = db_get_row(db, &Q_LATEST, &st, "s", k->kind);
    if (rc == MC_OK) {
        out->version = db_col_int64(st, 0);
        db_col_copy(st, 1, out->subject, sizeof(out->subject));
        db_col_copy(st, 2, out->body, sizeof(out->body));
        out->sms_plain = db_col_int64(st, 3) != 0;
        out->created_at = db_col_int64(st, 4);
    }
    db_done(st);
    return rc == MC_ERR_NOT_FOUND ? MC_OK : rc;
}

enum mc_status notify_template_check(const struct notify_template_kind *k, const char *subject,
                                     const char *body, char *msg, size_t msg_size)
{
    if (!subject || !*subject || strlen(subject) > 300) {
        snprintf(msg, msg_size, "Tiêu đề thư cần có, dài không quá 300 ký tự.");
        return MC_ERR_INVALID;
    }
    if (!body || !*body || strlen(body) > NOTIFY_TEMPLATE_BODY_MAX) {
        snprintf(msg, msg_size, "Nội dung cần có, dài không quá %d ký tự.",
                 NOTIFY_TEMPLATE_BODY_MAX);
        return MC_ERR_INVALID;
    }
    if (sms_template_check(subject, k->placeholders, false, 0, msg, msg_size) != MC_OK)
        return MC_ERR_INVALID;
    /* as an SMS: each placeholder counted at 30 characters */
    return sms_template_check(body, k->placeholders, true, 30, msg, msg_size);
}

enum mc_status notify_template_save(struct db *db, const struct notify_template_kind *k,
                                    const char *subject, const char *body, bool sms_plain,
                                    int64_t user_id, int64_t *version, char *msg,
                                    size_t msg_size)
{
    enum mc_status rc = notify_template_check(k, subject, body, msg, msg_size);
    if (rc == MC_OK)
        rc = db_get_int(db, &Q_NEXT, version, "s", k->kind);
    if (rc == MC_OK)
        rc = db_run(db, &Q_INSERT, NULL, "sissiii", k->kind, *version, subject, body,
                    (int64_t)sms_plain, user_id, clock_now());
    return rc;
}

enum mc_status notify_template_render(struct db *db, const char *kind,
                                      const char *const *values, bool channel_sms,
                                      struct buf *subject, struct buf *body, bool *edited)
{
    const struct notify_template_kind *k = notify_template_kind_find(kind);
    struct notify_template t;
    struct buf filled;
    size_t n = 0;
    *edited = false;
    if (!k)
        return MC_ERR_NOT_FOUND;
    enum mc_status rc = notify_template_get(db, k, &t);
    if (rc != MC_OK)
        return rc;
    *edited = t.version > 0;
    while (k->placeholders[n])
        n++;
    buf_init(&filled, 64 * 1024);
    rc = sms_template_fill(t.subject, k->placeholders, values, n, subject);
    if (rc == MC_OK)
        rc = sms_template_fill(t.body, k->placeholders, values, n, &filled);
    if (rc == MC_OK && channel_sms && t.sms_plain)
        rc = sms_strip_diacritics(buf_cstr(&filled), body);
    else if (rc == MC_OK)
        buf_adds(body, buf_cstr(&filled));
    buf_release(&filled);
    return rc == MC_OK ? buf_status(body) : rc;
}
