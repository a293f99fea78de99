/*
 * ident.h - validation of Vietnamese identifiers: CCCD (citizen identity
 * number), mã số thuế (tax code), mobile phone numbers and email addresses.
 *
 * Each check takes the value as (pointer, length), exactly as the caller
 * holds it: surrounding whitespace is not trimmed here (use text_trim()
 * from core/text.h first).  It returns MC_OK or MC_ERR_INVALID and, when
 * msg_out is not NULL, stores in *msg_out a static Vietnamese message for
 * the user (NULL on success), e.g. "số CCCD phải gồm đúng 12 chữ số".
 * Messages start in lower case and have no final period so they can be
 * shown alone or after a field label.  Out structs are written only on
 * success and may be NULL.  Everything here is pure and thread-safe.
 */
#ifndef MC_ACCOUNTS_IDENT_H
#define MC_ACCOUNTS_IDENT_H

#include <stddef.h>
#include "core/status.h"

#define IDENT_CCCD_LEN 12          /* digits in a CCCD */
#define IDENT_PHONE_LEN 10         /* digits in a normalised mobile number */
#define IDENT_PHONE_SIZE (IDENT_PHONE_LEN + 1)
#define IDENT_TAX_SIZE 14          /* 13 digits + NUL */
#define IDENT_EMAIL_MAX 254        /* longest accepted email address */

enum ident_sex {
    IDENT_SEX_MALE = 0,
    IDENT_SEX_FEMALE = 1,
};

/* What a CCCD number says about its holder. */
struct ident_cccd {
    int province;          /* code of the birth-registration province, 1..96 */
    enum ident_sex sex;
    int birth_year;        /* four digits, 1900..2399 */
};

/*
 * Check a 12-digit CCCD number.  Digits 1-3 must be one of the 63
 * province codes of Thông tư 07/2016/TT-BCA; digit 4 gives sex and century
 * (even male, odd female; 0/1 1900s, 2/3 2000s, 4/5 2100s, 6/7 2200s,
 * 8/9 2300s); digits 5-6 are the last two digits of the birth year, which
 * must not be after current_year.  Fills *out (if not NULL) on success.
 */
enum mc_status ident_check_cccd(const char *s, size_t len, int current_year,
                                struct ident_cccd *out,
                                const char **msg_out) MC_WARN_UNUSED;

/*
 * The province name for a CCCD province code ("Hà Nội" for 1), or NULL
 * if the code is not one of the 63.  Static string.
 */
const char *ident_province_name(int code);

/* A valid tax code, normalised. */
struct ident_tax {
    char code[IDENT_TAX_SIZE];  /* 10 or 13 digits, no dash, NUL-terminated */
    int branch;                 /* 1..999 for a branch code, 0 for 10 digits */
};

/*
 * Check a mã số thuế: 10 digits ("0100109106"), or a branch code of those
 * 10 digits and a 3-digit branch number 001-999, written either with a
 * dash ("0100109106-001") or without ("0100109106001").  The 10th digit
 * must be the check digit of the first nine, and digits 3-9 (the serial
 * number) must not all be zero.  Fills *out (if not NULL) on success.
 */
enum mc_status ident_check_tax(const char *s, size_t len, struct ident_tax *out,
                               const char **msg_out) MC_WARN_UNUSED;

/*
 * Check a Vietnamese mobile number: 10 digits starting 03, 05, 07, 08 or
 * 09, or the same with the country code instead of the leading 0
 * ("+84912345678", "84912345678").  Spaces, dots and dashes between
 * digits are ignored ("0912 345 678").  On success writes the number as
 * "0xxxxxxxxx" (10 digits and a NUL) into out, if out is not NULL;
 * out must hold IDENT_PHONE_SIZE bytes.
 */
enum mc_status ident_check_phone(const char *s, size_t len, char out[IDENT_PHONE_SIZE],
                                 const char **msg_out) MC_WARN_UNUSED;

/*
 * A pragmatic email check, not RFC 5322: valid UTF-8, at most
 * IDENT_EMAIL_MAX bytes, exactly one '@', a local part of 1-64 bytes, a
 * domain containing a dot with no empty label (no leading, trailing or
 * doubled dot), and no whitespace, control characters or any of
 * < > ( ) [ ] \ , ; : " anywhere.
 */
enum mc_status ident_check_email(const char *s, size_t len,
                                 const char **msg_out) MC_WARN_UNUSED;

#endif
