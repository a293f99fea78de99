/*
 * dossier_rules.h - the 766 rules on one dossier: reporting periods, and
 * the classification of a dossier into 0/1 contributions to the index's
 * dossier counters (on time, late, online, paid online, satisfied ...).
 *
 * DESIGN
 *   A dossier is described by the fields the national portal syncs
 *   (struct idx_dossier).  idx_dossier_classify() turns it, for a period
 *   and an "as of" instant, into a struct idx_dossier_counts whose fields
 *   are each 0 or 1.  Counters for a unit and period are the field-wise
 *   sums over its dossiers (idx_counts_add), and the index module
 *   (index766/index766.h, idx_counts_to_input()) maps them onto the
 *   formula inputs.  The same function serves both a
 *   from-scratch recomputation (SUM over all dossiers) and incremental
 *   maintenance (subtract the stored old contribution, add the new one).
 *
 *   The judgment instant J is the earlier of as_of and the period's last
 *   second.  State is taken "as of J": a dossier whose end of processing
 *   is after J is unfinished at J.  An unfinished dossier is late when J
 *   is past its (extended) appointment.  Because of this an unfinished
 *   dossier's contribution changes when J passes its appointment, without
 *   any change to the dossier: idx_dossier_recheck_at() says when.
 *   Passing as_of = INT64_MAX judges unfinished dossiers at the period's
 *   end, as a closed period is published.
 *
 *   The dossier's flags (e-result, rating, complaint, supplement time) are
 *   taken as they are now, even for a closed period: recomputing an old
 *   period from today's data can differ from what was published then, so
 *   published periods should be stored, not recomputed.
 *
 *   A low domain module (it includes only core and codes/codes.h): the
 *   dossier module judges "late" with it, and the index module above
 *   dossiers aggregates with it, so both read the same rules without the
 *   dossier module depending on the index.  The idx_ prefix is the 766
 *   index's.
 *
 *   docs/index-766.md lists every rule and interpretation.
 *
 * Pure computation on caller memory: thread-safe.
 */
#ifndef MC_RULES766_DOSSIER_RULES_H
#define MC_RULES766_DOSSIER_RULES_H

#include <stddef.h>
#include <stdint.h>
#include "core/status.h"
#include "domain/codes/codes.h"

/* ---- periods ---- */

enum idx_period_kind {
    IDX_PERIOD_MONTH,     /* "2026-10" */
    IDX_PERIOD_QUARTER,   /* "2026-Q4" */
    IDX_PERIOD_YEAR,      /* "2026" */
    IDX_PERIOD_RANGE,     /* "2026-10-01..2026-10-15", both days included */
};

/* A reporting period: whole days in Asia/Ho_Chi_Minh (UTC+7). */
struct idx_period {
    enum idx_period_kind kind;  /* how it was written */
    int64_t start;              /* Unix seconds of 00:00 +07:00 on the first day */
    int64_t end;                /* Unix seconds of 00:00 +07:00 the day after the last; > start */
};

/* Room for any canonical period string, NUL included. */
#define IDX_PERIOD_STR_SIZE 32

/*
 * Parse "YYYY-MM", "YYYY-Qn" (n 1..4, 'q' also accepted), "YYYY" or
 * "YYYY-MM-DD..YYYY-MM-DD" (first day <= last day), and the way people
 * write a month or quarter: "MM/YYYY" or "M/YYYY" ("11/2026", "1/2026")
 * and "Qn/YYYY".  Years 1970..9999.  Nothing else is accepted: no spaces,
 * no other separators.
 * out: OUT, written only on success.
 * Returns MC_OK or MC_ERR_INVALID.
 */
enum mc_status idx_period_parse(const char *s, struct idx_period *out) MC_WARN_UNUSED;

/*
 * Write the canonical string for p into out (size bytes, at least
 * IDX_PERIOD_STR_SIZE for the full text; truncated otherwise, always
 * NUL-terminated when size > 0).
 */
void idx_period_format(const struct idx_period *p, char *out, size_t size);

/* ---- dossiers ---- */

/*
 * One dossier's national sync fields.  Times are Unix seconds, 0 = absent.
 * Flags are 0 or 1 (anything else is rejected, not guessed).
 */
struct idx_dossier {
    const char *ma_ho_so;        /* MaHoSo; not used by the rules; may be NULL */
    int channel;                 /* KenhThucHien, enum nat_channel */
    int status;                  /* TrangThaiHoSo, enum nat_status */
    int64_t received_at;         /* NgayTiepNhan: accepted, clock starts */
    int64_t due_at;              /* NgayHenTra: the appointment on the receipt */
    int64_t ended_at;            /* NgayKetThucXuLy: first end of processing */
    int64_t returned_at;         /* NgayTraKetQua: result handed over */
    int supplement_count;        /* SoLanBoSung: supplement requests so far, >= 0 */
    int64_t supplement_seconds;  /* ThoiGianBoSung: finished waits for the citizen, >= 0 */
    int64_t supplement_since;    /* start of a wait still open (status 5), 0 = none;
                                  * not a national field, see docs/index-766.md */
    int paid_online;             /* DuocThanhToanTrucTuyen: 0 no, 1 national portal,
                                  * 2 ministry/province payment gateway */
    int has_fee;                 /* CoPhi */
    int e_result;                /* CoKetQuaDienTu */
    int digitised;               /* DuocSoHoa: components digitised */
    int reused_data;             /* TaiSuDungDuLieu */
    int rating;                  /* DanhGia: 0 none, 1 rất hài lòng, 2 hài lòng,
                                  * 3 không hài lòng */
    int complaint;               /* CoPhanAnh */
};

/*
 * One dossier's contribution (every field 0 or 1), or, summed, a unit's
 * counters for a period (every field >= 0).  "In the period" below means
 * in [period.start, J] with J the judgment instant.
 */
struct idx_dossier_counts {
    int64_t counted;           /* received or processed in the period; 0 => all 0 */
    int64_t received;          /* counted and received in the period */
    int64_t finished;          /* counted and ended by J (so ended in the period) */
    int64_t on_time;           /* counted and not late */
    int64_t late;              /* counted and late; on_time + late = counted */
    int64_t overdue_pending;   /* late and still unfinished at J */
    int64_t second_supplement; /* counted with SoLanBoSung >= 2 (late for that) */
    int64_t lodged_online;     /* received, channel 2 */
    int64_t online;            /* received, channel 2 and e-result */
    int64_t with_fee;          /* received, has a fee */
    int64_t paid_online;       /* with_fee and paid online (1 or 2) */
    int64_t with_result;       /* finished with a result (status 9 or 10) */
    int64_t e_result;          /* with_result and electronic result */
    int64_t digitised;         /* received and components digitised */
    int64_t reused;            /* received and digitised data reused */
    int64_t complained;        /* counted and complaint or rating 3 */
    int64_t unsatisfied;       /* counted and (late or complained) */
    int64_t satisfied;         /* counted and not unsatisfied */
};

/*
 * Classify dossier d for period p, judged as of as_of (Unix seconds;
 * pass clock_now() for the live index, INT64_MAX for a closed period).
 * out: OUT, zeroed then filled with 0/1 contributions.  A dossier that
 * does not count in the period (never accepted, received after J, ended
 * before the period) contributes all zeros with MC_OK.
 * Returns MC_OK, or MC_ERR_INVALID when an argument is NULL, the period
 * is empty, or the dossier is inconsistent (a code out of range, a flag
 * not 0/1, a negative time or count, an accepted dossier without
 * NgayTiepNhan or NgayHenTra, an ended dossier without an end time, an
 * end or a supplement wait before reception, an appointment before
 * reception); out is then all zeros.
 */
enum mc_status idx_dossier_classify(const struct idx_dossier *d, const struct idx_period *p,
                                    int64_t as_of, struct idx_dossier_counts *out)
    MC_WARN_UNUSED;

/*
 * The earliest instant after as_of at which d's classification for p
 * would change with no change to d: the second after its extended
 * appointment, when it is unfinished and that second falls in the period.
 * OUT *at: that instant, or 0 when nothing will change by itself.
 * Returns MC_OK or MC_ERR_INVALID (as idx_dossier_classify).
 */
enum mc_status idx_dossier_recheck_at(const struct idx_dossier *d, const struct idx_period *p,
                                      int64_t as_of, int64_t *at) MC_WARN_UNUSED;

/* acc += sign * c, field by field (sign is +1 or -1).  Never fails. */
void idx_counts_add(struct idx_dossier_counts *acc, const struct idx_dossier_counts *c,
                    int sign);

/* Number of fields in struct idx_dossier_counts. */
size_t idx_counts_field_count(void);
/* The stable name of field i ("counted", "on_time", ...), the same as the
 * struct member, for SQL column names; NULL when i is out of range. */
const char *idx_counts_field_name(size_t i);
/* A pointer to field i of c, or NULL when i is out of range. */
int64_t *idx_counts_field(struct idx_dossier_counts *c, size_t i);

#endif
