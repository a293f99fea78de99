/*
 * ident.c - checks for CCCD numbers, tax codes, mobile numbers and email
 * addresses (see ident.h).
 */
#include <stdbool.h>
#include <stdint.h>
#include "domain/accounts/ident.h"
#include "core/text.h"

/* Longest local part (before the '@') of an email address. */
#define EMAIL_LOCAL_MAX 64

/* Province codes of Thông tư 07/2016/TT-BCA, in ascending order. */
static const struct province {
    int code;
    const char *name;
} provinces[] = {
    { 1, "Hà Nội" },           { 2, "Hà Giang" },          { 4, "Cao Bằng" },
    { 6, "Bắc Kạn" },          { 8, "Tuyên Quang" },       { 10, "Lào Cai" },
    { 11, "Điện Biên" },       { 12, "Lai Châu" },         { 14, "Sơn La" },
    { 15, "Yên Bái" },         { 17, "Hòa Bình" },         { 19, "Thái Nguyên" },
    { 20, "Lạng Sơn" },        { 22, "Quảng Ninh" },       { 24, "Bắc Giang" },
    { 25, "Phú Thọ" },         { 26, "Vĩnh Phúc" },        { 27, "Bắc Ninh" },
    { 30, "Hải Dương" },       { 31, "Hải Phòng" },        { 33, "Hưng Yên" },
    { 34, "Thái Bình" },       { 35, "Hà Nam" },           { 36, "Nam Định" },
    { 37, "Ninh Bình" },       { 38, "Thanh Hóa" },        { 40, "Nghệ An" },
    { 42, "Hà Tĩnh" },         { 44, "Quảng Bình" },       { 45, "Quảng Trị" },
    { 46, "Thừa Thiên Huế" },  { 48, "Đà Nẵng" },          { 49, "Quảng Nam" },
    { 51, "Quảng Ngãi" },      { 52, "Bình Định" },        { 54, "Phú Yên" },
    { 56, "Khánh Hòa" },       { 58, "Ninh Thuận" },       { 60, "Bình Thuận" },
    { 62, "Kon Tum" },         { 64, "Gia Lai" },          { 66, "Đắk Lắk" },
    { 67, "Đắk Nông" },        { 68, "Lâm Đồng" },         { 70, "Bình Phước" },
    { 72, "Tây Ninh" },        { 74, "Bình Dương" },       { 75, "Đồng Nai" },
    { 77, "Bà Rịa - Vũng Tàu" }, { 79, "Thành phố Hồ Chí Minh" }, { 80, "Long An" },
    { 82, "Tiền Giang" },      { 83, "Bến Tre" },          { 84, "Trà Vinh" },
    { 86, "Vĩnh Long" },       { 87, "Đồng Tháp" },        { 89, "An Giang" },
    { 91, "Kiên Giang" },      { 92, "Cần Thơ" },          { 93, "Hậu Giang" },
    { 94, "Sóc Trăng" },       { 95, "Bạc Liêu" },         { 96, "Cà Mau" },
};

/* Weights of the tax-code check digit, for digits 1-9. */
static const int tax_weights[9] = { 31, 29, 23, 19, 17, 13, 7, 5, 3 };

/* Store msg in *msg_out when the caller asked for it. */
static void set_msg(const char **msg_out, const char *msg)
{
    if (msg_out)
        *msg_out = msg;
}

/* The value of the n ASCII digits at s (the caller has checked them). */
static int digits_value(const char *s, size_t n)
{
    int v = 0;
    for (size_t i = 0; i < n; i++)
        v = v * 10 + (s[i] - '0');
    return v;
}

const char *ident_province_name(int code)
{
    size_t lo = 0, hi = MC_ARRAY_LEN(provinces);

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (provinces[mid].code == code)
            return provinces[mid].name;
        if (provinces[mid].code < code)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

enum mc_status ident_check_cccd(const char *s, size_t len, int current_year,
                                struct ident_cccd *out, const char **msg_out)
{
    enum mc_status st = MC_ERR_INVALID;
    const char *msg = NULL;

    if (len != IDENT_CCCD_LEN || !text_is_digits(s, len)) {
        msg = "số CCCD phải gồm đúng 12 chữ số";
        goto out;
    }
    int province = digits_value(s, 3);
    if (!ident_province_name(province)) {
        msg = "mã tỉnh (3 chữ số đầu) của số CCCD không hợp lệ";
        goto out;
    }
    int gc = s[3] - '0';
    int birth_year = 1900 + (gc / 2) * 100 + digits_value(s + 4, 2);
    if (birth_year > current_year) {
        msg = "năm sinh trong số CCCD không thể ở tương lai";
        goto out;
    }
    if (out) {
        out->province = province;
        out->sex = (gc % 2) ? IDENT_SEX_FEMALE : IDENT_SEX_MALE;
        out->birth_year = birth_year;
    }
    st = MC_OK;
out:
    set_msg(msg_out, msg);
    return st;
}

enum mc_status ident_check_tax(const char *s, size_t len, struct ident_tax *out,
                               const char **msg_out)
{
    enum mc_status st = MC_ERR_INVALID;
    const char *msg = "mã số thuế phải gồm 10 chữ số, hoặc 10 chữ số "
                      "và 3 chữ số mã chi nhánh (ví dụ 0100109106-001)";
    const char *branch = NULL;

    if (len == 14 && s[10] == '-')
        branch = s + 11;
    else if (len == 13)
        branch = s + 10;
    else if (len != 10)
        goto out;
    if (!text_is_digits(s, 10) || (branch && !text_is_digits(branch, 3)))
        goto out;
    if (branch && digits_value(branch, 3) == 0) {
        msg = "mã chi nhánh của mã số thuế phải từ 001 đến 999";
        goto out;
    }
    if (digits_value(s + 2, 7) == 0) {
        msg = "mã số thuế không hợp lệ";
        goto out;
    }
    int sum = 0;
    for (size_t i = 0; i < 9; i++)
        sum += tax_weights[i] * (s[i] - '0');
    /* 10 - (sum mod 11); a result of 10 is never issued. */
    int check = 10 - sum % 11;
    if (check == 10 || check != s[9] - '0') {
        msg = "mã số thuế không hợp lệ (sai chữ số kiểm tra)";
        goto out;
    }
    if (out) {
        memcpy(out->code, s, 10);
        if (branch)
            memcpy(out->code + 10, branch, 3);
        out->code[branch ? 13 : 10] = '\0';
        out->branch = branch ? digits_value(branch, 3) : 0;
    }
    msg = NULL;
    st = MC_OK;
out:
    set_msg(msg_out, msg);
    return st;
}

enum mc_status ident_check_phone(const char *s, size_t len, char out[IDENT_PHONE_SIZE],
                                 const char **msg_out)
{
    enum mc_status st = MC_ERR_INVALID;
    const char *msg = "số điện thoại di động phải gồm 10 chữ số, "
                      "bắt đầu bằng 03, 05, 07, 08 hoặc 09";
    /* Up to 12 digits may be gathered ("84" + 9 digits, or a stray extra). */
    char digits[16];
    size_t nd = 0;
    size_t i = 0;
    bool plus = false;

    if (len > 0 && s[0] == '+') {
        plus = true;
        i = 1;
    }
    for (; i < len; i++) {
        char c = s[i];
        if (c >= '0' && c <= '9') {
            if (nd == sizeof(digits))
                goto out;
            digits[nd++] = c;
        } else if (c == ' ' || c == '.' || c == '-') {
            /* A separator must sit between two digits. */
            if (nd == 0 || i + 1 == len || s[i + 1] < '0' || s[i + 1] > '9')
                goto out;
        } else {
            goto out;
        }
    }
    const char *national;
    if (nd == 11 && digits[0] == '8' && digits[1] == '4') {
        national = digits + 2;   /* 9 digits after the country code */
    } else if (!plus && nd == 10 && digits[0] == '0') {
        national = digits + 1;
    } else {
        goto out;
    }
    if (national[0] != '3' && national[0] != '5' && national[0] != '7' &&
        national[0] != '8' && national[0] != '9')
        goto out;
    if (out) {
        out[0] = '0';
        memcpy(out + 1, national, IDENT_PHONE_LEN - 1);
        out[IDENT_PHONE_LEN] = '\0';
    }
    msg = NULL;
    st = MC_OK;
out:
    set_msg(msg_out, msg);
    return st;
}

/* True for the bytes an email address may never contain. */
static bool email_bad_byte(unsigned char c)
{
    if (c <= 0x20 || c == 0x7f)
        return true;
    switch (c) {
    case '<': case '>': case '(': case ')': case '[': case ']':
    case '\\': case ',': case ';': case ':': case '"':
        return true;
    default:
        return false;
    }
}

enum mc_status ident_check_email(const char *s, size_t len, const char **msg_out)
{
    enum mc_status st = MC_ERR_INVALID;
    const char *msg = "địa chỉ email không hợp lệ";
    size_t at = len;

    if (len > IDENT_EMAIL_MAX) {
        msg = "địa chỉ email quá dài (tối đa 254 ký tự)";
        goto out;
    }
    if (!text_utf8_valid(s, len))
        goto out;
    for (size_t i = 0; i < len; i++) {
        if (email_bad_byte((unsigned char)s[i]))
            goto out;
        if (s[i] == '@') {
            if (at != len)
                goto out;   /* a second '@' */
            at = i;
        }
    }
    if (at == len || at == 0 || at > EMAIL_LOCAL_MAX)
        goto out;
    const char *dom = s + at + 1;
    size_t dlen = len - at - 1;
    if (dlen == 0 || dom[0] == '.' || dom[dlen - 1] == '.' || !memchr(dom, '.', dlen))
        goto out;
    for (size_t i = 1; i < dlen; i++) {
        if (dom[i] == '.' && dom[i - 1] == '.')
            goto out;
    }
    msg = NULL;
    st = MC_OK;
out:
    set_msg(msg_out, msg);
    return st;
}
