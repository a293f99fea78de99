/*
 * feedback_demo.c - sample feedback for `motcua demo`: questions and
 * phản ánh from the demo citizen, answered and published by the demo
 * agency admin of Sở Tư pháp, so the public page has content.
 */
#include <stdio.h>
#include "domain/feedback/feedback-int.h"
#include "core/log.h"

static const struct db_query Q_ANY = {
    "feedback.demo_any",
    "SELECT COUNT(*) FROM feedback",
};

struct demo_item {
    const char *kind, *category, *procedure, *title, *body, *answer;
};

static const struct demo_item items[] = {
    {"hoi_dap", "thu_tuc", "1.001193", "Đăng ký khai sinh trực tuyến cần chuẩn bị giấy tờ gì?",
     "Con tôi mới sinh ở bệnh viện tỉnh. Tôi muốn đăng ký khai sinh trực tuyến thì cần "
     "chuẩn bị những giấy tờ gì và có phải đến Ủy ban nhân dân xã không?",
     "Khi đăng ký khai sinh trực tuyến, bạn chụp hoặc quét Giấy chứng sinh do bệnh viện "
     "cấp và điền tờ khai điện tử trên Cổng. Nếu cha mẹ đã đăng ký kết hôn, hệ thống tự "
     "tra cứu thông tin kết hôn, bạn không cần nộp bản sao. Bạn không phải đến Ủy ban nhân "
     "dân xã; kết quả (bản điện tử Giấy khai sinh) được gửi vào tài khoản của bạn, bản "
     "giấy nhận tại Bộ phận một cửa hoặc qua bưu điện nếu bạn chọn."},
    {"phan_anh", "he_thong", NULL, "Không tải được tệp đính kèm khi nộp hồ sơ trực tuyến",
     "Tôi nộp hồ sơ chứng thực trên Cổng nhưng khi tải tệp ảnh chụp giấy tờ thì trang báo "
     "lỗi và không lưu được.",
     "Sở Tư pháp đã phối hợp đơn vị vận hành kiểm tra: lỗi do tệp ảnh lớn hơn dung lượng "
     "cho phép. Cổng đã được cập nhật để báo rõ dung lượng tối đa (10 MB mỗi tệp) và gợi ý "
     "chụp lại ảnh ở chế độ tiêu chuẩn. Cảm ơn bạn đã phản ánh."},
    {"phan_anh", "gop_y", NULL, "Đề nghị có video hướng dẫn nộp hồ sơ cho người cao tuổi",
     "Bố mẹ tôi đã lớn tuổi, đọc hướng dẫn bằng chữ khó theo dõi. Đề nghị có video ngắn "
     "hướng dẫn từng bước nộp hồ sơ trực tuyến.",
     "Sở Tư pháp tiếp thu ý kiến. Trong quý tới, Sở phối hợp Tổ công nghệ số cộng đồng các "
     "xã, phường xây dựng video hướng dẫn ngắn cho các thủ tục hộ tịch thường gặp và đăng "
     "trên Cổng, đồng thời hướng dẫn trực tiếp tại nhà văn hóa thôn, khu phố."},
};

static enum mc_status seed_one(struct db *db, const struct demo_item *d,
                               const struct user *citizen, const struct user *officer)
{
    static const struct audit_actor who = {0, "system", "demo"};
    struct form_errors errs = {0};
    char code[FEEDBACK_CODE_SIZE], token[FEEDBACK_TOKEN_SIZE];
    struct feedback_submission s = {
        .kind = d->kind, .category = d->category, .title = d->title, .body = d->body,
        .procedure_code = d->procedure, .agency_code = "T20.STP", .consent_publish = true,
        .sender_user_id = citizen->id, .address = "demo",
    };
    struct feedback_change approve = {.action = FEEDBACK_APPROVE, .text = d->answer};
    struct feedback_change publish = {.action = FEEDBACK_PUBLISH, .public_title = d->title,
                                      .public_question = d->body, .public_answer = ""};
    enum mc_status st = feedback_submit(db, &s, &who, "", &errs, code, token);
    if (st == MC_OK)
        st = feedback_apply(db, officer, code, &approve, &who, "", &errs);
    if (st == MC_OK)
        st = feedback_apply(db, officer, code, &publish, &who, "", &errs);
    if (st != MC_OK)
        log_error("demo feedback: %s (%s)", mc_status_name(st),
                  errs.count ? errs.items[0].field : "-");
    return st;
}

enum mc_status feedback_seed_demo(struct db *db, const char *citizen_login,
                                  const char *officer_login)
{
    struct user citizen, officer;
    int64_t n = 0;
    enum mc_status st = db_get_int(db, &Q_ANY, &n, "");
    if (st != MC_OK || n > 0)
        return st;
    st = account_load_login(db, citizen_login, &citizen);
    if (st == MC_OK)
        st = account_load_login(db, officer_login, &officer);
    for (size_t i = 0; st == MC_OK && i < MC_ARRAY_LEN(items); i++)
        st = seed_one(db, &items[i], &citizen, &officer);
    return st;
}
