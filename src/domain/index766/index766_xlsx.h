/*
 * index766_xlsx.h - the 766 index as an Excel workbook, in the layout officials
 * use for reports: a sheet "Chỉ số 766" (title, unit, period, then STT |
 * Nhóm / chỉ số | Tử số | Mẫu số | Tỷ lệ | Điểm | Điểm tối đa | Ghi chú with
 * group rows and the totals) and ranking sheets "Xếp hạng cơ quan" /
 * "Xếp hạng xã" (hạng, mã, tên, tổng, one column per group, hạng kỳ trước,
 * thay đổi).  One writer for the CLI (`motcua index --format xlsx`) and the
 * dashboard export (/chat-luong/xuat.xlsx).  Thread-safe (no shared state).
 */
#ifndef MC_INDEX766_XLSX_H
#define MC_INDEX766_XLSX_H

#include <jansson.h>
#include "core/buf.h"
#include "core/status.h"

/*
 * Append the workbook to out.  report is an index766_document() (NULL: no
 * report sheet); agencies and communes are index766_ranking_document()s
 * (NULL: sheet left out).  tmpdir is where the workbook is made
 * (xlsx_write_to_buf(); NULL: /tmp).  Returns MC_OK, or as
 * xlsx_write_to_buf().  The documents stay the caller's.
 */
enum mc_status index766_xlsx_write(const char *tmpdir, json_t *report, json_t *agencies,
                                   json_t *communes, struct buf *out) MC_WARN_UNUSED;

#endif
