/*
 * procedure.h - the administrative procedure (thủ tục hành chính) model.
 *
 * One struct procedure holds what the national catalogue publishes about a
 * procedure: identity, who may apply, where, through which channels (with
 * processing time and fee per channel), the required documents, legal
 * basis, result and online level.  The model is pure data: importers
 * (catalog/national_import.h) fill it, storage and pages read it.
 *
 * Ownership: every pointer inside a struct procedure is heap memory owned
 * by the procedure and freed by procedure_release().  A text member is
 * either NULL (absent in the source) or a NUL-terminated UTF-8 string.
 *
 * Not thread-safe: a procedure belongs to one thread at a time.
 */
#ifndef MC_CATALOG_PROCEDURE_H
#define MC_CATALOG_PROCEDURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "core/status.h"

/* Levels at which a procedure is carried out (bit flags, cap_thuc_hien). */
enum proc_level {
    PROC_LEVEL_MINISTRY = 1u << 0,   /* Cấp bộ */
    PROC_LEVEL_PROVINCE = 1u << 1,   /* Cấp tỉnh */
    PROC_LEVEL_COMMUNE  = 1u << 2,   /* Cấp xã */
    PROC_LEVEL_OTHER    = 1u << 3,   /* Cơ quan khác */
};

enum proc_channel_kind {
    PROC_CHANNEL_DIRECT,   /* Trực tiếp */
    PROC_CHANNEL_ONLINE,   /* Trực tuyến */
    PROC_CHANNEL_POSTAL,   /* Dịch vụ bưu chính (công ích) */
};

/* How the processing time of a channel is known. */
enum proc_time_state {
    PROC_TIME_NO_INFO,     /* the source says "Không có thông tin" */
    PROC_TIME_VALUE,       /* time_min/time_max hold a number */
    PROC_TIME_UNPARSED,    /* text that is not a number; see time_raw */
};

enum proc_time_unit {
    PROC_UNIT_UNKNOWN,       /* a number without a unit, or no number */
    PROC_UNIT_WORKING_DAY,   /* Ngày làm việc */
    PROC_UNIT_DAY,           /* Ngày */
    PROC_UNIT_WORKING_HOUR,  /* Giờ làm việc */
    PROC_UNIT_HOUR,          /* Giờ */
    PROC_UNIT_WEEK,          /* Tuần */
    PROC_UNIT_MONTH,         /* Tháng */
    PROC_UNIT_YEAR,          /* Năm */
};

enum proc_fee_state {
    PROC_FEE_NO_INFO,      /* "Không có thông tin" or absent */
    PROC_FEE_FREE,         /* "Miễn phí", "Không", "0 Đồng": fee_dong is 0 */
    PROC_FEE_AMOUNT,       /* fee_dong holds the (first) amount in đồng */
    PROC_FEE_FOREIGN,      /* an amount in another currency (USD); fee_dong 0 */
    PROC_FEE_UNPARSED,     /* not understood; see fee_raw */
};

enum proc_online_level {
    PROC_ONLINE_UNKNOWN,   /* not known (the national file does not say) */
    PROC_ONLINE_NONE,      /* no online submission ("Mức độ 1", "Mức độ 2") */
    PROC_ONLINE_PARTIAL,   /* "Một phần" */
    PROC_ONLINE_FULL,      /* "Toàn trình" */
};

/*
 * One submission channel with its processing time and fee.
 * Time: a single value has time_min == time_max; a range "03 - 05" has
 * time_min 3, time_max 5; fractions such as 0.5 are kept as double.
 * Fee: when several amounts are listed, fee_dong is the first (main) one
 * and fee_raw keeps the whole text, note included.
 */
struct proc_channel {
    enum proc_channel_kind kind;
    enum proc_time_state time_state;
    double time_min;
    double time_max;
    enum proc_time_unit time_unit;
    char *time_raw;          /* the time cell as published */
    enum proc_fee_state fee_state;
    int64_t fee_dong;        /* integer đồng; 0 unless PROC_FEE_AMOUNT */
    char *fee_raw;           /* fee cell plus its parenthesised note */
    char *description;       /* the "Mô tả" cell, or NULL */
};

/* Whether a document must be uploaded with an online submission. */
enum proc_doc_need {
    PROC_DOC_UNSPECIFIED,    /* the catalogue does not say: optional */
    PROC_DOC_REQUIRED,       /* bắt buộc */
    PROC_DOC_OPTIONAL,       /* không bắt buộc */
    PROC_DOC_CONDITIONAL,    /* bắt buộc when need_if holds */
};

/* One required document (thành phần hồ sơ). */
struct proc_document {
    char *name;
    char *template_name;     /* form template file name ("Mẫu số 01.docx") or NULL */
    char *group;             /* heading of the group it belongs to, or NULL */
    bool count_known;        /* false when the counts could not be read */
    unsigned originals;      /* bản chính */
    unsigned copies;         /* bản sao */
    enum proc_doc_need need; /* must it be uploaded (e-form data; the national file
                                does not say) */
    char *need_if;           /* PROC_DOC_CONDITIONAL: "key=value" of a form field */
};

/* One legal document the procedure is based on (căn cứ pháp lý). */
struct proc_legal {
    char *number;            /* "68/2013/TT-BCA"; NULL if not found */
    char *title;
};

/* One field of an electronic form (empty for imported procedures). */
struct proc_form_field {
    char *key;               /* stable ASCII key */
    char *label;             /* Vietnamese label */
    bool required;
    char *type;              /* "text" (NULL), "textarea", "date", "number", "select",
                                "cccd", "phone", "email", "address" (domain/eform) */
    char *options;           /* select: the choices, one per line */
    char *hint;              /* help shown under the label, or NULL */
    char *show_if;           /* "key=value": asked only when that field has that value */
    bool past;               /* date: not after today */
    int64_t min;             /* number: smallest value */
    int64_t max;             /* number: largest value; 0 = no bound */
    bool on_receipt;         /* printed on the receipt (Mẫu 01) */
    bool on_result;          /* printed on the generated result */
};

struct procedure {
    char *code;                   /* ma_thu_tuc, "1.001193" */
    char *name;                   /* ten_thu_tuc */
    char *field;                  /* linh_vuc */
    char *kind;                   /* loai_thu_tuc */
    unsigned levels;              /* enum proc_level bits */
    char *applicants;             /* doi_tuong_thuc_hien */
    char *competent_agency;       /* co_quan_co_tham_quyen */
    char *implementing_agency;    /* co_quan_thuc_hien */
    char *decision_number;        /* so_quyet_dinh */
    char *source_url;             /* detail_url */

    struct proc_channel *channels;
    size_t nchannels;
    size_t channels_cap;          /* entries allocated (core/array.h) */
    char *channels_raw;           /* cach_thuc_thuc_hien as published */

    struct proc_document *documents;
    size_t ndocuments;
    size_t documents_cap;         /* entries allocated */
    char *documents_raw;          /* thanh_phan_ho_so as published */

    char *steps;                  /* trinh_tu_thuc_hien */
    char *conditions;             /* yeu_cau_dieu_kien */

    struct proc_legal *legal;
    size_t nlegal;
    size_t legal_cap;             /* entries allocated */
    char *legal_raw;              /* can_cu_phap_ly as published */

    char *result;                 /* first result name, or NULL */
    char *result_raw;             /* ket_qua_xu_ly as published */

    enum proc_online_level online_level;

    struct proc_form_field *form_fields;
    size_t nform_fields;
    size_t form_fields_cap;       /* entries allocated */
    char *copies_field;           /* key of the number field counting the copies the
                                     fee is paid for, or NULL */
    int64_t copy_fee_dong;        /* fee per copy; 0 = the channel's fee is per copy */
};

/* Set every member to empty (NULL, 0, *_UNKNOWN).  Allocates nothing. */
void procedure_init(struct procedure *p);

/* Free everything the procedure owns and leave it as after procedure_init(). */
void procedure_release(struct procedure *p);

/*
 * Append an empty channel / document / legal entry / form field and return
 * it (owned by p; the pointer is valid until the next append of the same
 * kind).  Counts are bounded by the callers (the importer limits them).
 * A new channel has no time, unknown unit and no fee information.
 */
struct proc_channel *procedure_add_channel(struct procedure *p, enum proc_channel_kind kind);
struct proc_document *procedure_add_document(struct procedure *p);
struct proc_legal *procedure_add_legal(struct procedure *p);
struct proc_form_field *procedure_add_form_field(struct procedure *p);
/*
 * Make dst (procedure_init()ed; its old contents are released) a deep copy
 * of src: every string and array is duplicated, nothing is shared.
 */
void procedure_copy(struct procedure *dst, const struct procedure *src);
/* Remove every channel (freeing their strings); the procedure stays valid. */
void procedure_clear_channels(struct procedure *p);
/* Remove every document (freeing their strings); the procedure stays valid. */
void procedure_clear_documents(struct procedure *p);

/* Vietnamese names for display and messages ("Trực tuyến", "ngày làm việc",
 * "Toàn trình").  Static strings; never NULL. */
const char *proc_channel_kind_name(enum proc_channel_kind kind);
const char *proc_time_unit_name(enum proc_time_unit unit);
const char *proc_online_level_name(enum proc_online_level level);

#endif
