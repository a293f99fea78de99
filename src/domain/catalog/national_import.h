/*
 * national_import.h - read the national procedure catalogue (dichvucong.gov.vn
 * JSON lines) and the Lạng Sơn online-level CSV into struct procedure.
 *
 * Pure parsing: no database.  Each JSON line is one procedure.  The web
 * tables of the source are run together without separators
 * ("Trực tiếp7 Ngày làm việc10,000 Việt Nam Đồng..."), so channels, times,
 * fees, documents and legal documents are recovered by pattern; whatever
 * cannot be recovered with certainty is reported as a warning (Vietnamese,
 * naming the source field) and left marked as unparsed in the procedure,
 * never guessed silently.  See docs/internals/catalog-import.md for the
 * grammar and the measured coverage.
 *
 * Thread-safety: the functions keep no global state; a struct belongs to
 * one thread at a time.
 */
#ifndef MC_CATALOG_NATIONAL_IMPORT_H
#define MC_CATALOG_NATIONAL_IMPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "domain/catalog/procedure.h"
#include "core/buf.h"
#include "core/status.h"

/* Limits. */
#define NATIONAL_MAX_LINE       (4u * 1024 * 1024)   /* one JSON line */
#define NATIONAL_MAX_TEXT       (512u * 1024)        /* one JSON string value */
#define NATIONAL_MAX_CHANNELS   64u
#define NATIONAL_MAX_DOCUMENTS  512u
#define NATIONAL_MAX_LEGAL      256u
#define NATIONAL_MAX_WARNINGS   64u

/* Areas a warning is about (bits of national_warnings.areas). */
enum national_area {
    NAT_AREA_CHANNELS  = 1u << 0,   /* cach_thuc_thuc_hien table layout */
    NAT_AREA_TIME      = 1u << 1,   /* a processing time that is not a number */
    NAT_AREA_TIME_UNIT = 1u << 2,   /* a number without a unit */
    NAT_AREA_FEE       = 1u << 3,   /* a fee not understood (or not in đồng) */
    NAT_AREA_DOCUMENTS = 1u << 4,   /* thanh_phan_ho_so rows or counts */
    NAT_AREA_TEMPLATE  = 1u << 5,   /* a template file name not separable */
    NAT_AREA_LEGAL     = 1u << 6,   /* can_cu_phap_ly */
    NAT_AREA_LEVELS    = 1u << 7,   /* cap_thuc_hien */
    NAT_AREA_FIELDS    = 1u << 8,   /* a JSON member of the wrong type or too long */
};

/*
 * What could not be parsed in one record.  items are Vietnamese sentences
 * such as "cach_thuc_thuc_hien, hàng 2 (Trực tuyến): thời gian \"1\" không
 * có đơn vị".  At most NATIONAL_MAX_WARNINGS are kept; dropped counts the
 * rest.  Owns its strings.
 */
struct national_warnings {
    char **items;            /* count messages, Vietnamese */
    size_t count;
    size_t cap;              /* items allocated */
    size_t dropped;
    unsigned areas;          /* enum national_area bits, all warnings */
};

void national_warnings_init(struct national_warnings *w);
/* Free the messages; leaves w as after national_warnings_init(). */
void national_warnings_release(struct national_warnings *w);

/*
 * Parse one JSON line of the national catalogue into *p, which must be
 * procedure_init()ed and empty.  p->online_level stays PROC_ONLINE_UNKNOWN
 * (the file does not carry it).  Warnings are appended to *w.
 * Returns MC_OK (possibly with warnings); MC_ERR_INVALID for a record that
 * cannot be imported at all (bad JSON, not an object, missing or malformed
 * ma_thu_tuc, missing ten_thu_tuc), with a Vietnamese reason appended to
 * *err (caller-initialised buf), e.g. "thiếu mã thủ tục (ma_thu_tuc)";
 * MC_ERR_TOO_LARGE when len exceeds NATIONAL_MAX_LINE.  On error *p may
 * hold partial data; procedure_release() it either way.
 */
enum mc_status national_parse_record(const char *json, size_t len, struct procedure *p,
                                     struct national_warnings *w,
                                     struct buf *err) MC_WARN_UNUSED;

/*
 * Read a fee at the start of s[0..len): "Miễn phí", "Không", "Không thu",
 * "0 Đồng" (PROC_FEE_FREE, *dong 0); "Không có thông tin" (NO_INFO);
 * "10,000 Việt Nam Đồng", "70,000 VNĐ", "Lệ phí: 50.000 đồng", "50.000đ"
 * (PROC_FEE_AMOUNT, *dong the amount); "10 USD" (PROC_FEE_FOREIGN).
 * Thousands separators may be ',' or '.' (groups of exactly three digits).
 * Anything else is PROC_FEE_UNPARSED with *used 0.  *used is the number of
 * bytes that made up the fee.  Pure.
 */
enum proc_fee_state national_parse_fee(const char *s, size_t len, int64_t *dong,
                                       size_t *used);

/*
 * Read a processing time at the start of s[0..len): "7 Ngày làm việc",
 * "0.5 Ngày", "03 - 05 ngày", "8 Giờ", "15" (unit PROC_UNIT_UNKNOWN),
 * "Không có thông tin" (PROC_TIME_NO_INFO).  Returns PROC_TIME_VALUE with
 * *min, *max, *unit set; PROC_TIME_UNPARSED with *used 0 when s does not
 * start with a number.  Unit words match with or without a capital.  Pure.
 */
enum proc_time_state national_parse_time(const char *s, size_t len, double *min, double *max,
                                         enum proc_time_unit *unit, size_t *used);

/*
 * A JSON-lines file, plain or gzip-compressed (zlib reads both), yielding
 * one line at a time with its 1-based line number.
 */
struct national_file {
    void *gz;                 /* gzFile, kept opaque to spare includers zlib.h */
    struct buf line;
    unsigned long line_no;
    bool eof;
};

/*
 * Open path for reading.  Returns MC_OK; MC_ERR_NOT_FOUND / MC_ERR_IO when
 * it cannot be opened, with a Vietnamese reason appended to *err.
 * Release with national_file_close() in every case.
 */
enum mc_status national_file_open(struct national_file *f, const char *path,
                                  struct buf *err) MC_WARN_UNUSED;

/*
 * The next non-blank line, without its line break.  *line points into f
 * (valid until the next call) and is NUL-terminated; *line_no is its
 * 1-based line number.  Returns MC_OK; MC_ERR_NOT_FOUND at end of file;
 * MC_ERR_TOO_LARGE for a line over NATIONAL_MAX_LINE (the line is skipped,
 * *line_no set, and the next call continues after it); MC_ERR_IO on a read
 * or decompression error (message appended to *err).
 */
enum mc_status national_file_next(struct national_file *f, const char **line, size_t *len,
                                  unsigned long *line_no, struct buf *err) MC_WARN_UNUSED;

/* Close the file and free the buffer.  Safe on a file that failed to open. */
void national_file_close(struct national_file *f);

/*
 * Map the Lạng Sơn muc_do_dvc text to an online level: "Toàn trình" ->
 * FULL, "Một phần" -> PARTIAL, "Mức độ 1" and "Mức độ 2" -> NONE (those
 * older levels allow no online submission).  Surrounding spaces and ASCII
 * case are ignored.  Returns MC_OK, or MC_ERR_INVALID for any other text.
 */
enum mc_status national_online_level_parse(const char *s, size_t len,
                                           enum proc_online_level *out) MC_WARN_UNUSED;

/* One row of the online-level list. */
struct online_level_entry {
    char *code;               /* as published: "1.010010.000.00.00.H37" or "CCHC_01" */
    char *national_code;      /* "1.010010", or NULL when code has no national form */
    enum proc_online_level level;
    unsigned long line;       /* CSV line of the row */
};

struct online_level_list {
    struct online_level_entry *items;   /* count entries */
    size_t count;
    size_t cap;                         /* entries allocated */
};

void online_level_list_init(struct online_level_list *l);
void online_level_list_release(struct online_level_list *l);

/*
 * Load the Lạng Sơn CSV (columns stt, ma_tthc, muc_do_dvc, ten_tthc,
 * linh_vuc, quyet_dinh_cong_bo; only ma_tthc and muc_do_dvc are required)
 * from fp into *out (initialised, empty).  Rows with an unknown level or an
 * empty code are skipped with a warning ("dòng 12: mức độ \"X\" không rõ").
 * Returns MC_OK; MC_ERR_INVALID / MC_ERR_TOO_LARGE / MC_ERR_IO for a file
 * that cannot be read as that CSV, with a Vietnamese reason in *err.
 * fp stays owned by the caller.
 */
enum mc_status online_level_list_load(FILE *fp, struct online_level_list *out,
                                      struct national_warnings *w,
                                      struct buf *err) MC_WARN_UNUSED;

/*
 * The level for a national code ("1.010010"), or PROC_ONLINE_UNKNOWN when
 * the list has no row for it.  Linear scan; fine for a one-off import.
 */
enum proc_online_level online_level_list_find(const struct online_level_list *l,
                                              const char *national_code);

#endif
