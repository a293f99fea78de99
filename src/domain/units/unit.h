/*
 * unit.h - administrative units (provinces, communes) and the agencies
 * attached to them: lookups and the two bulk imports.
 *
 * Since 1/7/2025 local government has two tiers: 34 provinces and about
 * 3,321 communes/wards/special zones; districts are gone.  A unit is
 * identified by its official GSO code (2 digits for a province, 5 for a
 * commune) and carries validity dates (valid_from inclusive, valid_to
 * exclusive, NULL while in force) so old dossiers keep old addresses.
 * Agencies (UBND tỉnh, sở, UBND xã, ...) each serve one unit and may sit
 * under a parent agency.  See docs/internals/units.md.
 *
 * DESIGN
 * - Imports are all or nothing: every record is validated first, every
 *   rejection is reported (struct import_report), and only a clean input
 *   is written, in one db_tx() together with its audit_log row.
 * - Imports are idempotent: records are compared with what is stored and
 *   written with INSERT ... ON CONFLICT(code) DO UPDATE only when they
 *   differ, so a second run of the same file counts everything unchanged.
 * - Imports never delete or retire units or agencies absent from the input.
 * - Stored names are trimmed and NFC-normalised (core/text.h).
 *
 * Thread-safety: all functions use only the struct db passed in, which
 * belongs to the calling thread (core/db.h); they keep no other state.
 */
#ifndef MC_UNITS_UNIT_H
#define MC_UNITS_UNIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "core/db.h"
#include "core/list_decl.h"
#include "core/status.h"
#include "core/import_report.h"

#define UNIT_PROVINCE_CODE_LEN 2   /* digits in a province code ("20") */
#define UNIT_COMMUNE_CODE_LEN 5    /* digits in a commune code ("05977") */
#define AGENCY_CODE_MAX 64         /* bytes in an agency code */
#define UNIT_NAME_MAX 500          /* bytes in a unit or agency name */
#define UNITS_IMPORT_MAX_BYTES (32u * 1024 * 1024)     /* largest units JSON */
#define AGENCIES_IMPORT_MAX_BYTES (16u * 1024 * 1024)  /* largest agencies CSV */

enum unit_level {
    UNIT_PROVINCE,   /* tỉnh / thành phố trực thuộc trung ương */
    UNIT_COMMUNE,    /* xã / phường / đặc khu */
};

struct unit {
    char *code;          /* GSO code, digits only */
    char *name;          /* "Lạng Sơn" */
    char *full_name;     /* "Tỉnh Lạng Sơn" */
    char *name_en;       /* "Lang Son", may be "" */
    char *full_name_en;  /* "Lang Son Province", may be "" */
    char *code_name;     /* "lang_son", may be "" */
    enum unit_level level;
    char *parent_code;   /* the province of a commune; NULL for a province */
    char *valid_from;    /* "YYYY-MM-DD", inclusive */
    char *valid_to;      /* "YYYY-MM-DD", exclusive; NULL while in force */
};

/* A growable array of units, owned by the list; its _release frees every unit. */
LIST_DECLARE(unit, unit);

struct agency {
    char *code;          /* agency code, e.g. "T20.STP" */
    char *name;          /* "Sở Tư pháp tỉnh Lạng Sơn" */
    char *unit_code;     /* the unit it serves (units.code) */
    char *parent_code;   /* parent agency, or NULL */
    int64_t created_at;  /* Unix seconds */
    int64_t updated_at;  /* Unix seconds */
};

/* A growable array of agencies, owned by the list; its _release frees every one. */
LIST_DECLARE(agency, agency);

/* Set up / free a unit.  Release accepts an initialised or zeroed unit. */
void unit_init(struct unit *u);
void unit_release(struct unit *u);
/* Set up / free an agency. */
void agency_init(struct agency *a);
void agency_release(struct agency *a);

/* "province" / "commune": the value stored in units.level. */
const char *unit_level_name(enum unit_level level);

/*
 * Row readers (core/db.h): fill *u / *a (released first) from the current
 * row of a query that selects UNIT_COLS / AGENCY_COLS, in that order.
 * The struct owns copies; columns that are NULL stay NULL (parent_code,
 * valid_to).  The tables belong to this module: read them through these.
 */
#define UNIT_COLS "code, name, full_name, name_en, full_name_en, code_name, level," \
                  " parent_code, valid_from, valid_to"
#define AGENCY_COLS "code, name, unit_code, parent_code, created_at, updated_at"
struct db_stmt;
void unit_read_row(struct db_stmt *st, struct unit *u);
void agency_read_row(struct db_stmt *st, struct agency *a);

/*
 * Look up the unit with this code, in force or not.
 * OUT *out (initialised by the caller, released and refilled here) owns
 * copies of the values; the caller releases it with unit_release().
 * Returns MC_OK; MC_ERR_NOT_FOUND when no unit has this code; MC_ERR_DB.
 */
enum mc_status unit_get(struct db *db, const char *code, struct unit *out) MC_WARN_UNUSED;

/*
 * Append every province in force (valid_to NULL), ordered by code, to
 * *out (initialised by the caller; it owns the results).
 * Returns MC_OK (possibly with nothing appended) or MC_ERR_DB.
 */
enum mc_status unit_list_provinces(struct db *db, struct unit_list *out) MC_WARN_UNUSED;

/*
 * Append every commune in force of the province with this code, ordered
 * by code, to *out.  An unknown province gives an empty result, not an
 * error.  Returns MC_OK or MC_ERR_DB.
 */
enum mc_status unit_list_communes(struct db *db, const char *province_code,
                                  struct unit_list *out) MC_WARN_UNUSED;

/*
 * Append every commune (in force or not) that at least one agency serves,
 * ordered by code, to *out.  Returns MC_OK or MC_ERR_DB.
 */
enum mc_status unit_list_served_communes(struct db *db, struct unit_list *out) MC_WARN_UNUSED;

/*
 * Look up the agency with this code into *out (initialised by the caller,
 * released and refilled here; release with agency_release()).
 * Returns MC_OK; MC_ERR_NOT_FOUND; MC_ERR_DB.
 */
enum mc_status agency_get(struct db *db, const char *code, struct agency *out)
    MC_WARN_UNUSED;

/* Whether a unit (in force or not) has this code, into *yes.  Returns MC_OK or MC_ERR_DB. */
enum mc_status unit_exists(struct db *db, const char *code, bool *yes) MC_WARN_UNUSED;

/* Whether an agency has this code, into *yes.  Returns MC_OK or MC_ERR_DB. */
enum mc_status agency_exists(struct db *db, const char *code, bool *yes) MC_WARN_UNUSED;

/*
 * The name of the agency with this code into name (size bytes, cut before
 * a UTF-8 character that would not fit); "" when no agency has this code.
 * Returns MC_OK (also for no agency) or MC_ERR_DB.
 */
enum mc_status agency_name(struct db *db, const char *code, char *name, size_t size)
    MC_WARN_UNUSED;

/* What a code names, for unit_or_agency_name(). */
enum unit_code_kind {
    UNIT_CODE_AGENCY,     /* an agency (agencies.code) */
    UNIT_CODE_PROVINCE,   /* a province (units.code) */
    UNIT_CODE_COMMUNE,    /* a commune (units.code) */
};

/*
 * Whether code is an agency's or, failing that, a unit's (in force or
 * not), into *kind, with the agency's name or the unit's full name into
 * name (size bytes, NUL-terminated).  Returns MC_OK; MC_ERR_NOT_FOUND when
 * neither has this code (*kind and name untouched); MC_ERR_DB.
 */
enum mc_status unit_or_agency_name(struct db *db, const char *code, enum unit_code_kind *kind,
                                   char *name, size_t size) MC_WARN_UNUSED;

/*
 * Append agencies ordered by code to *out: all of them when unit_code is
 * NULL, else those serving that unit.  Returns MC_OK or MC_ERR_DB.
 */
enum mc_status agency_list(struct db *db, const char *unit_code, struct agency_list *out)
    MC_WARN_UNUSED;

/*
 * Import provinces and communes from len bytes of JSON at data (need not
 * be NUL-terminated; at most UNITS_IMPORT_MAX_BYTES): an array of
 * provinces {Code, Name, NameEn, FullName, FullNameEn, CodeName, Wards}
 * where each ward is {Code, Name, NameEn, FullName, FullNameEn, CodeName,
 * ProvinceCode}.  Code must be 2 digits (province) or 5 (ward), Name and
 * FullName non-empty valid UTF-8, ProvinceCode equal to the enclosing
 * province, and no code may appear twice.
 * All or nothing: if any record is rejected, nothing is written and rep
 * holds one message per problem ("xã thứ 120 của tỉnh 01 (mã 00123): ...").
 * Otherwise every record is upserted and one audit_log row
 * ('units.import', detail with the counts) is written in the same
 * transaction.
 * rep must be initialised; it is cleared and then filled (counts;
 * rep->committed is true once written).
 * Returns MC_OK; MC_ERR_INVALID when the input was rejected;
 * MC_ERR_TOO_LARGE when len is over the limit; MC_ERR_DB / MC_ERR_BUSY.
 */
enum mc_status units_import_json(struct db *db, const char *data, size_t len,
                                 struct import_report *rep) MC_WARN_UNUSED;

/*
 * Import agencies from len bytes of CSV at data (at most
 * AGENCIES_IMPORT_MAX_BYTES) with the header
 * ma_don_vi,ten_don_vi,ma_dvhc,ma_don_vi_cha (any order, ASCII case
 * ignored; ma_don_vi_cha may be absent).  ma_don_vi: 1..AGENCY_CODE_MAX
 * bytes of ASCII letters, digits, '.', '-', '_', unique in the file;
 * ten_don_vi: non-empty valid UTF-8; ma_dvhc: the code of a unit in force;
 * ma_don_vi_cha: empty, or an agency in the file or already stored, and
 * the resulting parent links may not form a cycle.
 * All or nothing, idempotent and audited ('agencies.import') exactly as
 * units_import_json(); messages name the CSV line
 * ("dòng 7: mã đơn vị hành chính 99999 không tồn tại").
 * Returns as units_import_json().
 */
enum mc_status agencies_import_csv(struct db *db, const char *data, size_t len,
                                   struct import_report *rep) MC_WARN_UNUSED;

#endif
