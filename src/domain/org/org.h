/*
 * org.h - organisations: everyone a plan assigns work to (issue 14 part
 * 1).  Beside the agencies that handle procedures (domain/units), a plan
 * names departments without procedures, press, mass organisations, post
 * offices, telecoms, schools and groups of them ("các sở, ban, ngành").
 *
 * An organisation has a type (org_types: sở, báo chí, MTTQ, UBND xã, ...),
 * a parent, the province it belongs to (a GSO code, historical ones such as
 * 34 Thái Bình kept), validity dates, and when it ended its successors and
 * how it ended (merged: the successors take its open tasks; abolished: the
 * reassignment tool in domain/programme moves them where the province
 * chooses, the successors being the default).  agency_code links it to the
 * agency whose staff act for it: staff of that agency see its tasks and
 * file its reports.
 *
 * DESIGN
 * - The file format is data/programme/README.md's organisations-*.csv and
 *   organisation-types.csv; imports are all or nothing with the line and
 *   reason of every refusal (core/import_report.h), idempotent (upsert by
 *   code), audited ('organisations.import') and never delete anything.
 * - Groups are expanded on read (org_group_expand): the listed members
 *   plus, when the group names types, every organisation of those types of
 *   the same province in force on the day asked.
 * - Codes are never reused; an organisation that ended keeps its row.
 *
 * Thread-safety: every function uses only the struct db passed in, which
 * belongs to the calling thread; nothing is cached.
 */
#ifndef MC_DOMAIN_ORG_ORG_H
#define MC_DOMAIN_ORG_ORG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "core/db.h"
#include "core/list_decl.h"
#include "core/import_report.h"
#include "core/status.h"

#define ORG_CODE_MAX 64                      /* bytes in an organisation code */
#define ORG_NAME_MAX 500                     /* bytes in a name */
#define ORG_IMPORT_MAX_BYTES (8u * 1024 * 1024)  /* largest organisations CSV */
#define ORG_DATE_SIZE 11                     /* "YYYY-MM-DD" and the NUL */

/* How an organisation ended (organisations.succession). */
enum org_succession {
    ORG_IN_FORCE = 0,   /* no successor recorded */
    ORG_MERGED,         /* 'sap_nhap': merged into its successors */
    ORG_DISSOLVED,      /* 'giai_the': abolished; tasks go where the province chooses */
};

struct org {
    char code[ORG_CODE_MAX];         /* "T14.SKHCN" */
    char *name;                      /* full name, owned */
    char *short_name;                /* the name plans use ("Sở KH&CN"), owned, may be "" */
    char type_code[32];              /* org_types.code ("so", "bao_chi", "nhom", ...) */
    char province_code[8];           /* GSO code of its province; "" for central bodies */
    char parent_code[ORG_CODE_MAX];  /* "" for none */
    char agency_code[ORG_CODE_MAX];  /* the agency whose staff act for it; "" for none */
    bool is_group;                   /* a group a plan names ("các sở, ban, ngành") */
    char group_types[200];           /* for a group: ';'-list of types it takes in */
    char valid_from[ORG_DATE_SIZE];  /* inclusive; "" when unknown */
    char valid_to[ORG_DATE_SIZE];    /* exclusive; "" while in force */
    enum org_succession succession;  /* ORG_IN_FORCE while valid_to is "" */
};

/*
 * A growable list of organisations, owned by the list; its _release frees
 * every organisation in it.
 */
LIST_DECLARE(org, org);

/* Set up / free an organisation (release accepts a zeroed one). */
void org_init(struct org *o);
void org_release(struct org *o);

/*
 * Row reader (core/db.h): fill *o (released first) from the current row of
 * a query that selects ORG_COLS in order.  The table belongs to this
 * module: other modules read it through this reader.
 */
#define ORG_COLS "code, name, short_name, type_code, province_code, parent_code," \
                 " agency_code, is_group, group_types, valid_from, valid_to, succession"
void org_read_row(struct db_stmt *st, struct org *o);

/* The name people read: the short name when there is one, else the name. */
const char *org_label(const struct org *o);

/* True when o is in force on day ("YYYY-MM-DD"). Pure. */
bool org_in_force(const struct org *o, const char *day);

/*
 * Look up the organisation with this code into *out (initialised by the
 * caller, released and refilled here).  Returns MC_OK; MC_ERR_NOT_FOUND;
 * MC_ERR_DB.
 */
enum mc_status org_get(struct db *db, const char *code, struct org *out) MC_WARN_UNUSED;

/* *out: whether an organisation with this code is stored.  MC_OK or MC_ERR_DB. */
enum mc_status org_exists(struct db *db, const char *code, bool *out) MC_WARN_UNUSED;

struct strmap;

/*
 * Check each code of the ';'-separated list: an empty or too long item, or
 * a code neither in in_file (codes of the file being imported; may be
 * NULL) nor stored, is reported in rep ("dòng LINE: ... WHAT ...").
 * *count (may be NULL) gets the number of well-formed items.  Returns
 * MC_OK (whatever was reported) or MC_ERR_DB.
 */
enum mc_status org_check_code_list(struct db *db, const struct strmap *in_file,
                                   const char *list, const char *what, unsigned long line,
                                   struct import_report *rep, size_t *count) MC_WARN_UNUSED;

/*
 * Append organisations ordered by code to *out: all of them when
 * province_code is NULL, else those of that province (and central bodies
 * when with_central).  Returns MC_OK or MC_ERR_DB.
 */
enum mc_status org_list(struct db *db, const char *province_code, bool with_central,
                        struct org_list *out) MC_WARN_UNUSED;

/*
 * Append the organisations whose staff are those of agency agency_code
 * (organisations.agency_code) to *out, ordered by code.  An agency with no
 * organisation gives an empty list.  Returns MC_OK or MC_ERR_DB.
 */
enum mc_status org_list_for_agency(struct db *db, const char *agency_code,
                                   struct org_list *out) MC_WARN_UNUSED;

/*
 * Append the members of group group_code in force on day to *out, ordered
 * by code: its listed members and, when it names types, the organisations
 * of those types of the group's province (never groups themselves).  A
 * code that is not a group gives that organisation alone.  Returns MC_OK;
 * MC_ERR_NOT_FOUND for an unknown code; MC_ERR_DB.
 */
enum mc_status org_group_expand(struct db *db, const char *group_code, const char *day,
                                struct org_list *out) MC_WARN_UNUSED;

/*
 * Append to *out (a list of codes, each malloc'd, caller frees) the groups
 * that take in organisation code, listed or by type, ordered by code.
 * Returns MC_OK; MC_ERR_NOT_FOUND; MC_ERR_DB.
 */
enum mc_status org_groups_of(struct db *db, const char *code, char ***out, size_t *n)
    MC_WARN_UNUSED;

/*
 * The successors of code, in order (first = default), into *out (codes,
 * malloc'd; the caller frees each and the array).  Returns MC_OK (none is
 * an empty list) or MC_ERR_DB.
 */
enum mc_status org_successors(struct db *db, const char *code, char ***out, size_t *n)
    MC_WARN_UNUSED;

/*
 * Import organisation types from len bytes of CSV with the header
 * ma_loai,ten_loai,cap,het_hieu_luc,mo_ta (cap: trung_uong, tinh, huyen,
 * xa or khac; het_hieu_luc empty or an ISO date).  All or nothing,
 * idempotent, audited ('org_types.import'); rep (initialised) gets the
 * counts and one message per refusal naming the line.
 * Returns MC_OK; MC_ERR_INVALID when refused; MC_ERR_TOO_LARGE; MC_ERR_DB.
 */
enum mc_status org_types_import_csv(struct db *db, const char *data, size_t len,
                                    struct import_report *rep) MC_WARN_UNUSED;

/*
 * Import organisations from len bytes of CSV with the header of
 * organisations-*.csv (data/programme/README.md; ma_don_vi, ten_don_vi and
 * loai required, every other column optional).  Each row is checked: the
 * code (1..ORG_CODE_MAX of A-Z a-z 0-9 . - _) unique in the file, the name,
 * a known type, the parent and successors in the file or stored, ISO
 * dates with from before to, successors only with an end date and the
 * reverse, hinh_thuc_ke_nhiem sap_nhap or giai_the, group columns only on
 * groups, no cycle of parents.  An organisation whose code is also an
 * agency's is linked to it (agency_code).  All or nothing, idempotent
 * (upsert by code; successors and listed members replaced by the file's),
 * audited ('organisations.import').  Returns as org_types_import_csv().
 */
enum mc_status org_import_csv(struct db *db, const char *data, size_t len,
                              struct import_report *rep) MC_WARN_UNUSED;

/*
 * Load the organisation files the repository ships (data/programme/,
 * compiled in): organisation-types.csv, organisations-national.csv and
 * organisations-<name>.csv (name "sonla", "hanoi", "thaibinh",
 * "bariavungtau"; NULL for the types and central bodies only).  rep as
 * org_import_csv() (the last file's counts).  Returns MC_ERR_NOT_FOUND for
 * an unknown name, else as org_import_csv().
 */
enum mc_status org_load_shipped(struct db *db, const char *name, struct import_report *rep)
    MC_WARN_UNUSED;

/*
 * Link organisation code to agency agency_code (or unlink with NULL), so
 * that agency's staff act for it; audited ('organisations.link') as who.
 * Returns MC_OK; MC_ERR_NOT_FOUND for an unknown organisation or agency;
 * MC_ERR_DB.
 */
struct audit_actor;
enum mc_status org_link_agency(struct db *db, const char *code, const char *agency_code,
                               const struct audit_actor *who) MC_WARN_UNUSED;

/*
 * Vietnamese name of an organisation type ("Sở, ban, ngành") from
 * org_types, copied into out (size bytes); the code itself when unknown.
 * Returns MC_OK or MC_ERR_DB.
 */
enum mc_status org_type_name(struct db *db, const char *type_code, char *out, size_t size)
    MC_WARN_UNUSED;

#endif
