/* audit.c - the audit log (see audit.h). */
#include "domain/audit/audit.h"
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "core/compiler.h"
#include "core/clock.h"

static const struct db_query Q_AUDIT_INSERT = {
    "audit.insert",
    "INSERT INTO audit_log (at, user_id, role, action, object, detail, address)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
};
static const struct db_query Q_AUDIT_COUNT = {
    "audit.count",
    "SELECT COUNT(*) FROM audit_log WHERE action = ?1",
};

enum mc_status audit_record(struct db *db, const struct audit_actor *who, const char *action,
                            const char *object, const char *detail)
{
    static const struct audit_actor nobody = {0, "system", "local"};
    if (!who)
        who = &nobody;
    return db_run(db, &Q_AUDIT_INSERT, NULL, "iisssss", clock_now(), who->user_id,
                  who->role, action, object, detail, who->address);
}

enum mc_status audit_record_if(enum mc_status st, struct db *db, const struct audit_actor *who,
                               const char *action, const char *detail, const char *fmt, ...)
{
    char object[AUDIT_OBJECT_FMT_MAX];
    va_list ap;
    if (st != MC_OK)
        return st;
    va_start(ap, fmt);
    vsnprintf(object, sizeof(object), fmt, ap);
    va_end(ap);
    return audit_record(db, who, action, object, detail);
}

enum mc_status audit_count(struct db *db, const char *action, int64_t *out)
{
    return db_get_int(db, &Q_AUDIT_COUNT, out, "s", action);
}

static const struct db_query Q_AUDIT_RECENT = {
    "audit.recent",
    "SELECT id, at, COALESCE(user_id, 0), COALESCE(role, ''), action, COALESCE(object, ''),"
    " COALESCE(address, '') FROM audit_log ORDER BY id DESC LIMIT ?1",
};

static void copy_col(char *dst, size_t size, const char *src)
{
    snprintf(dst, size, "%s", src);
}

enum mc_status audit_recent(struct db *db, struct audit_entry *out, size_t max, size_t *n)
{
    struct db_stmt *st = NULL;
    *n = 0;
    enum mc_status rc = db_query_start(db, &Q_AUDIT_RECENT, &st, "i", (int64_t)max);
    while (db_next(st, &rc) && *n < max) {
        struct audit_entry *e = &out[(*n)++];
        e->id = db_col_int64(st, 0);
        e->at = db_col_int64(st, 1);
        e->user_id = db_col_int64(st, 2);
        copy_col(e->role, sizeof(e->role), db_col_text(st, 3));
        copy_col(e->action, sizeof(e->action), db_col_text(st, 4));
        copy_col(e->object, sizeof(e->object), db_col_text(st, 5));
        copy_col(e->address, sizeof(e->address), db_col_text(st, 6));
    }
    db_done(st);
    return rc;
}

/* ---------------------------------------------------------------- labels */

/* A code and the words shown for it; the tables below are of this kind. */
struct label {
    const char *key;
    const char *label;
};

/* The label of the entry whose key is s[0..len), or NULL. */
static const char *label_find(const struct label *t, size_t n, const char *s, size_t len)
{
    for (size_t i = 0; s && i < n; i++)
        if (strlen(t[i].key) == len && strncmp(t[i].key, s, len) == 0)
            return t[i].label;
    return NULL;
}

static const struct label action_labels[] = {
    {"account.register", "Đăng ký tài khoản"},
    {"account.add_staff", "Tạo tài khoản cán bộ"},
    {"account.login", "Đăng nhập"},
    {"account.login_failed", "Đăng nhập không thành công (sai mật khẩu)"},
    {"account.logout", "Đăng xuất"},
    {"account.logout_all", "Đăng xuất khỏi mọi thiết bị"},
    {"account.totp_enabled", "Bật xác thực hai lớp"},
    {"account.totp_ok", "Đăng nhập: nhập đúng mã xác thực hai lớp"},
    {"access_log.anchor", "Ghi mốc chuỗi nhật ký truy cập dữ liệu của công dân"},
    {"account.totp_failed", "Đăng nhập: nhập sai mã xác thực hai lớp"},
    {"account.totp_reset", "Đặt lại xác thực hai lớp của cán bộ"},
    {"account.password_change", "Đổi mật khẩu"},
    {"account.password_reset", "Đặt lại mật khẩu bằng mã xác minh"},
    {"account.password_temp", "Cấp mật khẩu tạm cho cán bộ"},
    {"account.reset_code", "Gửi mã đặt lại mật khẩu"},
    {"account.contact_code", "Gửi mã xác minh số điện thoại hoặc thư điện tử"},
    {"account.contact_verified", "Xác minh số điện thoại hoặc thư điện tử"},
    {"account.reclaim_code", "Lấy lại tài khoản tại quầy: gửi mã xác nhận"},
    {"account.reclaim", "Lấy lại tài khoản tại quầy cho chủ giấy tờ"},
    {"account.set_roles", "Thay đổi vai trò của cán bộ"},
    {"account.disable", "Khóa tài khoản cán bộ"},
    {"account.enable", "Mở khóa tài khoản cán bộ"},
    {"units.import", "Nhập danh mục đơn vị hành chính"},
    {"agencies.import", "Nhập danh sách cơ quan"},
    {"catalog.save", "Sửa thủ tục hành chính"},
    {"catalog.import", "Nhập danh mục thủ tục hành chính"},
    {"catalog.import_levels", "Nhập mức độ dịch vụ công trực tuyến"},
    {"calendar.override", "Sửa ngày nghỉ hoặc ngày làm bù"},
    {"calendar.override_delete", "Xóa ngày nghỉ hoặc ngày làm bù"},
    {"calendar.hours", "Sửa giờ làm việc"},
    {"dossier.submit", "Nộp hồ sơ trực tuyến"},
    {"dossier.intake", "Tiếp nhận hồ sơ tại quầy hoặc qua bưu chính"},
    {"dossier.accept", "Tiếp nhận hồ sơ"},
    {"dossier.refuse", "Từ chối tiếp nhận hồ sơ"},
    {"dossier.start", "Bắt đầu xử lý hồ sơ"},
    {"dossier.request_supplement", "Yêu cầu bổ sung hồ sơ"},
    {"dossier.supplement", "Bổ sung hồ sơ"},
    {"dossier.request_payment", "Yêu cầu thực hiện nghĩa vụ tài chính"},
    {"dossier.confirm_payment", "Xác nhận đã nộp phí, lệ phí"},
    {"dossier.finish", "Trình kết quả xử lý hồ sơ"},
    {"dossier.approve", "Phê duyệt kết quả hồ sơ"},
    {"dossier.send_back", "Trả lại để xử lý lại"},
    {"dossier.return", "Trả kết quả hồ sơ"},
    {"dossier.stop", "Dừng xử lý hồ sơ"},
    {"dossier.withdraw", "Rút hồ sơ"},
    {"dossier.apology", "Gửi thư xin lỗi và hẹn lại ngày trả"},
    {"dossier.overdue", "Hồ sơ quá hạn"},
    {"dossier.due_soon", "Hồ sơ sắp đến hạn"},
    {"dossiers.import", "Nhập hồ sơ từ hệ thống khác"},
    {"payment.start", "Bắt đầu thanh toán trực tuyến"},
    {"payment.confirm", "Thanh toán trực tuyến thành công"},
    {"payment.fail", "Thanh toán trực tuyến không thành công"},
    {"vault.add", "Thêm giấy tờ vào kho dữ liệu cá nhân"},
    {"rating.save", "Đánh giá mức độ hài lòng"},
    {"index.publish", "Công bố chỉ số phục vụ (766)"},
    {"kpi.denominators", "Nhập mẫu số chỉ tiêu QĐ 1588"},
    {"kpi.freeze", "Chốt số liệu chỉ tiêu QĐ 1588"},
    {"feedback.code", "Gửi mã xác minh người gửi phản ánh"},
    {"feedback.submit", "Gửi phản ánh, kiến nghị"},
    {"feedback.transfer", "Chuyển phản ánh sang cơ quan khác"},
    {"feedback.assign", "Giao xử lý phản ánh"},
    {"feedback.ask_info", "Đề nghị người gửi bổ sung thông tin phản ánh"},
    {"feedback.reject", "Từ chối xử lý phản ánh"},
    {"feedback.draft", "Soạn trả lời phản ánh"},
    {"feedback.approve", "Duyệt trả lời phản ánh"},
    {"feedback.publish", "Công khai trả lời phản ánh"},
    {"feedback.info_reply", "Người gửi bổ sung thông tin phản ánh"},
    {"feedback.rate", "Người gửi đánh giá trả lời phản ánh"},
    {"feedback.reopen", "Mở lại phản ánh chưa hài lòng"},
    {"feedback.remind", "Nhắc việc phản ánh sắp hoặc đã quá hạn"},
    {"feedback.contacts", "Sửa địa chỉ nhận phản ánh của cơ quan"},
    {"survey.create", "Tạo khảo sát"},
    {"survey.update", "Sửa khảo sát"},
    {"survey.question_save", "Sửa câu hỏi khảo sát"},
    {"survey.question_delete", "Xóa câu hỏi khảo sát"},
    {"survey.question_move", "Đổi thứ tự câu hỏi khảo sát"},
    {"survey.publish", "Mở khảo sát"},
    {"survey.close", "Đóng khảo sát"},
    {"survey.respond", "Trả lời khảo sát"},
    {"assistant.faq_save", "Sửa câu hỏi thường gặp của trợ lý ảo"},
    {"assistant.import_faq", "Nhập câu hỏi thường gặp của trợ lý ảo"},
    {"assistant.faq_delete", "Xóa câu hỏi thường gặp của trợ lý ảo"},
    {"assistant.rule_add", "Thêm từ đồng nghĩa cho trợ lý ảo"},
    {"assistant.rate", "Đánh giá câu trả lời của trợ lý ảo"},
    {"assistant.handoff", "Chuyển câu hỏi từ trợ lý ảo cho cán bộ"},
    {"assistant.resolve", "Bỏ qua câu hỏi trợ lý ảo chưa trả lời được"},
    {"collaborator.help", "Cộng tác viên ghi nhận hỗ trợ người dân"},
};

const char *audit_known_action(size_t i)
{
    return i < MC_ARRAY_LEN(action_labels) ? action_labels[i].key : NULL;
}

/* Modules, for actions the table does not list yet (keys are prefixes, with the dot). */
static const struct label module_labels[] = {
    {"account.", "Tài khoản: thao tác khác"},
    {"units.", "Đơn vị hành chính: thao tác khác"},
    {"agencies.", "Cơ quan: thao tác khác"},
    {"catalog.", "Thủ tục hành chính: thao tác khác"},
    {"calendar.", "Lịch làm việc: thao tác khác"},
    {"dossier.", "Hồ sơ: thao tác khác"},
    {"dossiers.", "Hồ sơ: thao tác khác"},
    {"payment.", "Thanh toán: thao tác khác"},
    {"vault.", "Kho dữ liệu cá nhân: thao tác khác"},
    {"rating.", "Đánh giá: thao tác khác"},
    {"index.", "Chỉ số phục vụ: thao tác khác"},
    {"feedback.", "Phản ánh, kiến nghị: thao tác khác"},
    {"survey.", "Khảo sát: thao tác khác"},
    {"assistant.", "Trợ lý ảo: thao tác khác"},
    {"collaborator.", "Cộng tác viên: thao tác khác"},
};

const char *audit_action_label(const char *action)
{
    if (!action)
        return "Thao tác khác";
    const char *known = label_find(action_labels, MC_ARRAY_LEN(action_labels), action,
                                   strlen(action));
    if (known)
        return known;
    for (size_t i = 0; i < MC_ARRAY_LEN(module_labels); i++)
        if (strncmp(action, module_labels[i].key, strlen(module_labels[i].key)) == 0)
            return module_labels[i].label;
    return "Thao tác khác";
}

const char *audit_role_label(const char *role)
{
    static const struct label roles[] = {
        {"citizen", "Công dân"},
        {"business", "Doanh nghiệp"},
        {"staff", "Cán bộ"},
        {"user", "Người dùng"},
        {"reception", "Cán bộ một cửa"},
        {"processing", "Chuyên viên xử lý"},
        {"approver", "Lãnh đạo phê duyệt"},
        {"agency_admin", "Quản trị đơn vị"},
        {"province_admin", "Quản trị cấp tỉnh"},
        {"collaborator", "Cộng tác viên"},
        {"anonymous", "Khách (chưa đăng nhập)"},
        {"system", "Hệ thống"},
    };
    const char *known = label_find(roles, MC_ARRAY_LEN(roles), role, role ? strlen(role) : 0);
    if (known)
        return known;
    return role && *role ? "Vai trò khác" : "";
}

const char *audit_object_kind_label(const char *prefix, size_t len)
{
    static const struct label kinds[] = {
        {"user", "Tài khoản"},
        {"dossier", "Hồ sơ"},
        {"feedback", "Phản ánh"},
        {"survey", "Khảo sát"},
        {"agency", "Cơ quan"},
        {"calendar", "Lịch làm việc"},
        {"payment", "Thanh toán"},
        {"vault", "Giấy tờ trong kho dữ liệu"},
        {"procedure", "Thủ tục"},
        {"assistant_faq", "Câu hỏi thường gặp"},
        {"assistant_log", "Câu hỏi gửi trợ lý ảo"},
        {"assistant_handoff", "Câu hỏi chuyển cán bộ"},
        {"collaborator_help", "Lượt hỗ trợ của cộng tác viên"},
        {"access_log", "Nhật ký truy cập dữ liệu"},
    };
    return label_find(kinds, MC_ARRAY_LEN(kinds), prefix, len);
}
