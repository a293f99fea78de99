/*
 * codes.h - the national code lists every module speaks: TrangThaiHoSo
 * (dossier status, 1..10), KenhThucHien (channel, 1..3) and DanhGia (the
 * citizen's verdict, 0..3), with their Vietnamese names.
 *
 * DESIGN
 * - The values are the ones the national portal syncs (DESIGN.md §3); they
 *   are stored as is in dossiers.status, .channel and .rating, and read by
 *   the dossier module, the 766 rules, ratings and the pages.  This header
 *   is the one place they are declared.
 * - The lowest domain module: it includes nothing but core, and every
 *   other domain module may include it.
 * - Names are what staff and citizens read (full diacritics); anything out
 *   of range reads as "" so a page never shows a number instead.
 *
 * Pure constants and functions on static memory: thread-safe.
 */
#ifndef MC_CODES_CODES_H
#define MC_CODES_CODES_H

#include <stdbool.h>

/* TrangThaiHoSo, as synced nationally. */
enum nat_status {
    NAT_ST_NEW = 1,          /* Mới đăng ký (lodged, not yet received) */
    NAT_ST_RECEIVED = 2,     /* Được tiếp nhận */
    NAT_ST_REFUSED = 3,      /* Không được tiếp nhận */
    NAT_ST_PROCESSING = 4,   /* Đang xử lý */
    NAT_ST_SUPPLEMENT = 5,   /* Yêu cầu bổ sung */
    NAT_ST_PAYMENT = 6,      /* Yêu cầu thực hiện nghĩa vụ tài chính */
    NAT_ST_WITHDRAWN = 7,    /* Rút hồ sơ */
    NAT_ST_STOPPED = 8,      /* Dừng xử lý */
    NAT_ST_DONE = 9,         /* Đã xử lý xong */
    NAT_ST_RETURNED = 10,    /* Đã trả kết quả */
};
#define NAT_ST_MAX 10        /* the highest status code */

/* KenhThucHien. */
enum nat_channel {
    NAT_CH_DIRECT = 1,       /* trực tiếp, at the counter */
    NAT_CH_ONLINE = 2,       /* trực tuyến */
    NAT_CH_POSTAL = 3,       /* bưu chính công ích */
};
#define NAT_CH_MAX 3         /* the highest channel code */

/* DanhGia: the citizen's overall verdict on a finished dossier. */
enum nat_verdict {
    NAT_VERDICT_NONE = 0,            /* not rated */
    NAT_VERDICT_VERY_SATISFIED = 1,  /* Rất hài lòng */
    NAT_VERDICT_SATISFIED = 2,       /* Hài lòng */
    NAT_VERDICT_UNSATISFIED = 3,     /* Không hài lòng */
};
#define NAT_VERDICT_MAX 3    /* the highest verdict code */

/* "Đang xử lý" for 4; "" for a value out of 1..NAT_ST_MAX.  Static text. */
const char *nat_status_name(int status);
/* "Trực tuyến" for 2; "" for a value out of 1..NAT_CH_MAX.  Static text. */
const char *nat_channel_name(int channel);
/* "Hài lòng" for 2; "" for 0 or a value out of range.  Static text. */
const char *nat_verdict_name(int verdict);

/*
 * True for the statuses in which processing has ended for good: 3 Không
 * được tiếp nhận, 7 Rút hồ sơ, 8 Dừng xử lý, 9 Đã xử lý xong, 10 Đã trả
 * kết quả (a citizen may rate the dossier from then on).
 */
bool nat_status_ended(int status);

#endif
