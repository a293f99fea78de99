/*
 * vnfmt.h - how numbers, money, percentages and dates are written for
 * Vietnamese readers, in one place.
 *
 * The rules (docs/internals/vnfmt.md):
 *   whole numbers   thousands separated by dots          "1.234.567"
 *   money           whole đồng with the word "đồng"      "8.000 đồng"
 *   decimals        a decimal comma                      "84,14"
 *   percentages     one decimal, dropped when it is 0,   "66,7%", "100%"
 *                   no space before the sign
 *   a share num/den as a percentage; with den = 0 the    "chưa có dữ liệu"
 *                   words VNFMT_NO_DATA, never 0% or 100%
 *   dates           dd/mm/yyyy in Asia/Ho_Chi_Minh       "05/11/2026"
 *   date and time   HH:MM ngày dd/mm/yyyy                "08:30 ngày 05/11/2026"
 *   months          mm/yyyy                              "11/2026"
 *
 * Every function writes into caller memory (out, size bytes; VNFMT_SIZE
 * is always enough), always NUL-terminates when size > 0, truncates
 * rather than overflows, and returns out so that a call can be used as
 * an argument.  Pure functions of their arguments: thread-safe.
 */
#ifndef MC_VNFMT_H
#define MC_VNFMT_H

#include <stddef.h>
#include <stdint.h>

#define VNFMT_SIZE 64                      /* bytes any output here fits in */
#define VNFMT_NO_DATA "chưa có dữ liệu"    /* a share with nothing to count */

/* v with dots between thousands: 1234567 -> "1.234.567", -8000 -> "-8.000". */
const char *vnfmt_int(char *out, size_t size, int64_t v);

/* An amount of money: 8000 -> "8.000 đồng", 0 -> "0 đồng". */
const char *vnfmt_money(char *out, size_t size, int64_t dong);

/*
 * v rounded to places decimals (0..6, larger is treated as 6) with a
 * decimal comma and dots between thousands: (1234.5, 2) -> "1.234,50",
 * (84.144, 2) -> "84,14", (7.0, 0) -> "7".  NaN and infinities give "–".
 */
const char *vnfmt_decimal(char *out, size_t size, double v, int places);

/*
 * A percentage given in percent (0..100, other values are written as
 * they are): one decimal, omitted when it rounds to 0, then "%":
 * 66.666 -> "66,7%", 100 -> "100%", 89.96 -> "90%".
 */
const char *vnfmt_percent(char *out, size_t size, double pct);

/*
 * num out of den as a percentage (vnfmt_percent of 100 * num / den), or
 * VNFMT_NO_DATA when den <= 0: a share of nothing is not 0% or 100%.
 */
const char *vnfmt_share(char *out, size_t size, int64_t num, int64_t den);

/* The day of t (Unix seconds) in UTC+7 as "05/11/2026"; "" when t <= 0. */
const char *vnfmt_date(char *out, size_t size, int64_t t);

/* t in UTC+7 as "08:30 ngày 05/11/2026"; "" when t <= 0. */
const char *vnfmt_datetime(char *out, size_t size, int64_t t);

/* A calendar day as "05/11/2026" (values are written as given). */
const char *vnfmt_day(char *out, size_t size, int year, int month, int day);

/* A month as "11/2026" (month 1..12; other values are written as given). */
const char *vnfmt_month(char *out, size_t size, int year, int month);

#endif
