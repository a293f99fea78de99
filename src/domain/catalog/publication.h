/*
 * publication.h - what the 766 index needs from the catalogue besides the
 * procedure itself: when its announcing decision was signed, when its
 * legal basis takes effect, when it was made public on the portal, which
 * of the parts a published procedure must have it shows, and four flags
 * (eligible for full online service, fee-bearing, online payment
 * transactions, online payment integrated).
 *
 * DESIGN (docs/internals/catalog.md "Publication data", docs/index-766.md)
 * - One row per procedure in procedure_publication (0020), outside the
 *   procedure's versioned JSON: these are facts about the procedure's
 *   publication, not its content, so they change no version.  A procedure
 *   without a row has every date unknown and every flag off.
 * - The rules that judge one procedure (announced on time, made public on
 *   time, published in full) are the pure catalog_pub_judge(), so the index
 *   and the unit tests use the same code.  Deadlines are counted in working
 *   days of the stored calendar.
 * - The national file carries the decision's number (in the procedure) and
 *   the procedure's text, not the dates: a procedure's first save or
 *   import fills `parts` from the text it parsed; from then on the
 *   checklist is what the admins tick (the edit form), and imports keep
 *   every date, flag and part already stored.
 *
 * Thread-safety: the functions taking a struct db use only that
 * connection (the calling thread's); the others are pure.
 */
#ifndef MC_CATALOG_PUBLICATION_H
#define MC_CATALOG_PUBLICATION_H

#include <stdbool.h>
#include <stdint.h>
#include <jansson.h>
#include "domain/audit/audit.h"
#include "domain/calendar/calendar.h"
#include "domain/catalog/procedure.h"
#include "core/db.h"
#include "core/status.h"

/* The parts a published procedure must show (bits of catalog_publication.parts). */
enum catalog_part {
    CATALOG_PART_STEPS = 1 << 0,        /* trình tự thực hiện */
    CATALOG_PART_CHANNELS = 1 << 1,     /* cách thức thực hiện */
    CATALOG_PART_DOCUMENTS = 1 << 2,    /* thành phần hồ sơ */
    CATALOG_PART_TIME = 1 << 3,         /* thời hạn giải quyết */
    CATALOG_PART_FEE = 1 << 4,          /* phí, lệ phí */
    CATALOG_PART_AGENCY = 1 << 5,       /* cơ quan thực hiện */
    CATALOG_PART_LEGAL = 1 << 6,        /* căn cứ pháp lý */
    CATALOG_PART_FORMS = 1 << 7,        /* mẫu đơn, tờ khai */
    CATALOG_PART_CONDITIONS = 1 << 8,   /* yêu cầu, điều kiện */
    CATALOG_PART_RESULT = 1 << 9,       /* kết quả thực hiện */
};
#define CATALOG_PART_COUNT 10
#define CATALOG_PARTS_ALL ((1u << CATALOG_PART_COUNT) - 1)

/* Working days between the decision and the legal basis taking effect, at least. */
#define CATALOG_ANNOUNCE_LEAD_DAYS 5
/* Working days after the decision's day by which it must be public, at most. */
#define CATALOG_PUBLIC_WITHIN_DAYS 5

/* The stable key ("trinh_tu", ...) of part i (0..CATALOG_PART_COUNT-1), or NULL. */
const char *catalog_part_key(int i);
/* Its Vietnamese label ("Trình tự thực hiện", ...), or NULL. */
const char *catalog_part_label(int i);

/* One procedure's publication data.  Dates are Unix seconds; 0 = unknown. */
struct catalog_publication {
    int64_t decision_date;     /* the announcing decision was signed */
    int64_t effective_date;    /* its legal basis takes effect */
    int64_t public_date;       /* made public on the portal */
    unsigned parts;            /* bits of enum catalog_part */
    bool eligible_full;        /* đủ điều kiện cung cấp dịch vụ công trực tuyến toàn trình */
    bool fee_bearing;          /* có phí, lệ phí */
    bool payment_online;       /* có giao dịch thanh toán trực tuyến */
    bool payment_integrated;   /* tích hợp thanh toán trực tuyến */
};

/*
 * The parts p's text shows: steps, channels, documents, a processing time,
 * a fee cell (free counts), an agency, legal basis, a form (a document
 * with a template, or e-form fields), conditions (a non-empty cell) and a
 * result.  Pure.
 */
unsigned catalog_parts_of(const struct procedure *p);

/* How one procedure counts in the three publication indicators. */
struct catalog_pub_verdict {
    bool announce_counted, announce_on_time;   /* cong_bo_dung_han */
    bool public_counted, public_on_time;       /* cong_khai_dung_han */
    bool full_counted, full;                   /* cong_khai_day_du */
};

/*
 * Judge p for the period starting at start as it stood at instant j (the
 * period's last second or now; docs/index-766.md, "Publication"):
 * - announced on time: counted when the decision was signed in [start, j]
 *   and the effective date is known; on time when at least CATALOG_ANNOUNCE_LEAD_DAYS
 *   working days lie between the decision's day and the effective day
 *   (the decision's day counted, the effective day not);
 * - made public on time: counted when the decision was signed in
 *   [start, j] (it had to be made public in the period); on time
 *   when the public day is at most CATALOG_PUBLIC_WITHIN_DAYS working days
 *   after the decision's day; a procedure not public by j counts (late)
 *   only once that window has passed;
 * - published in full: counted when public by j (whenever it became
 *   public: "đang công khai"); full with every part of CATALOG_PARTS_ALL.
 * cal is the stored calendar.  Returns MC_OK, or the calendar's error for
 * dates out of its range (*out is then all false).
 */
enum mc_status catalog_pub_judge(const struct catalog_publication *p, const struct calendar *cal,
                                 int64_t start, int64_t j, struct catalog_pub_verdict *out)
    MC_WARN_UNUSED;

/*
 * Read code's publication data into *out (all zero when it has no row).
 * Returns MC_OK or MC_ERR_DB.
 */
enum mc_status catalog_publication_get(struct db *db, const char *code,
                                       struct catalog_publication *out) MC_WARN_UNUSED;

/*
 * Store p as code's publication data, inside the caller's transaction and
 * with no audit row (the caller writes it).  Dates must be 0 or within
 * 2000..2100, parts within CATALOG_PARTS_ALL; code must be a catalogue
 * procedure.  Returns MC_OK; MC_ERR_INVALID; MC_ERR_NOT_FOUND; MC_ERR_DB.
 */
enum mc_status catalog_publication_put(struct db *db, const char *code,
                                       const struct catalog_publication *p) MC_WARN_UNUSED;

/*
 * catalog_publication_put() in its own db_tx() with an audit row
 * 'catalog.publication' (object "procedure:CODE").  who NULL: the system.
 */
enum mc_status catalog_publication_save(struct db *db, const struct audit_actor *who,
                                        const char *code, const struct catalog_publication *p)
    MC_WARN_UNUSED;

/*
 * Create p's row with the parts its text shows (catalog_parts_of) when it
 * has none; an existing row is kept as it is.  Inside the caller's
 * transaction (a save's, an import's).  Returns MC_OK or MC_ERR_DB.
 */
enum mc_status catalog_publication_parts_put(struct db *db, const struct procedure *p)
    MC_WARN_UNUSED;

/*
 * The catalogue's procedures flagged eligible for full online service
 * (*eligible) and, of them, those offered fully online now (*full: online
 * level "Toàn trình"): the KPI tthc_toan_trinh.  The flag has no history,
 * so this is the catalogue as it is.  Returns MC_OK or MC_ERR_DB.
 */
enum mc_status catalog_eligible_counts(struct db *db, int64_t *full, int64_t *eligible)
    MC_WARN_UNUSED;

/* The JSON object {"decision_date":"YYYY-MM-DD"|null, ..., "parts":[keys], flags}. */
json_t *catalog_publication_json(const struct catalog_publication *p);

/*
 * Read the JSON written by catalog_publication_json() (dates as
 * "YYYY-MM-DD" or null, parts as keys, flags as booleans) into *out.
 * Returns MC_OK or MC_ERR_INVALID with *why (a static Vietnamese
 * sentence; may be NULL).
 */
enum mc_status catalog_publication_from_json(const json_t *o, struct catalog_publication *out,
                                             const char **why) MC_WARN_UNUSED;

#endif
