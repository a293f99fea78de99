/* codes.c - names of the national code lists (see codes.h). */
#include "domain/codes/codes.h"

const char *nat_status_name(int status)
{
    static const char *const names[NAT_ST_MAX + 1] = {
        "", "Mới đăng ký", "Được tiếp nhận", "Không được tiếp nhận", "Đang xử lý",
        "Yêu cầu bổ sung", "Yêu cầu thực hiện nghĩa vụ tài chính", "Rút hồ sơ",
        "Dừng xử lý", "Đã xử lý xong", "Đã trả kết quả",
    };
    return status >= 1 && status <= NAT_ST_MAX ? names[status] : "";
}

const char *nat_channel_name(int channel)
{
    static const char *const names[NAT_CH_MAX + 1] = {
        "", "Trực tiếp", "Trực tuyến", "Bưu chính công ích",
    };
    return channel >= 1 && channel <= NAT_CH_MAX ? names[channel] : "";
}

const char *nat_verdict_name(int verdict)
{
    static const char *const names[NAT_VERDICT_MAX + 1] = {
        "", "Rất hài lòng", "Hài lòng", "Không hài lòng",
    };
    return verdict >= 1 && verdict <= NAT_VERDICT_MAX ? names[verdict] : "";
}

bool nat_status_ended(int status)
{
    return status == NAT_ST_REFUSED || status == NAT_ST_WITHDRAWN ||
           status == NAT_ST_STOPPED || status == NAT_ST_DONE || status == NAT_ST_RETURNED;
}
