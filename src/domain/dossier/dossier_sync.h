/*
 * dossier_sync.h - dossiers in the national sync format (JSON lines),
 * behind `motcua import dossiers FILE.jsonl` and `motcua export dossiers`
 * (their command-line front: cli/dossier_cli.h).
 *
 * One JSON object per line with the members MaHoSo, MaTTHC, MaDonVi,
 * KenhThucHien (1..3), TrangThaiHoSo (1..10), NgayTiepNhan, NgayHenTra,
 * NgayKetThucXuLy, NgayTraKetQua (ISO 8601 with an offset, or null),
 * SoLanBoSung, ThoiGianBoSung (seconds), DuocThanhToanTrucTuyen (0..2),
 * CoPhi, CoKetQuaDienTu, DuocSoHoa, TaiSuDungDuLieu, CoPhanAnh (0/1),
 * DanhGia (0..3) and MaHoSoCongDan.  docs/internals/dossier.md lists every
 * rule.
 *
 * DESIGN
 * - Imported dossiers are history from other systems (origin 'import'):
 *   MaTTHC need not be in the catalogue nor MaDonVi among the agencies;
 *   they feed the index and lists but cannot be acted on.  An import never
 *   overwrites a dossier lodged on this platform.
 * - All or nothing: every line is validated (formats, ranges, the date
 *   consistency idx_dossier_classify() requires, MaHoSo unique in the
 *   file); any rejection rolls the whole import back, and the report holds
 *   "dòng N: reason" for each.  One transaction, one audit row
 *   'dossiers.import'.
 * - Idempotent by MaHoSo: an upsert that changes a row only when its
 *   synced fields differ (a hash of them is stored), so a second run of
 *   the same file counts everything unchanged.
 * - Fast: one prepared upsert per line in one transaction; 1,000,000 lines
 *   import in well under a minute (bench/dossier_import.sh).
 *
 * Thread-safety: as dossier.h.
 */
#ifndef MC_DOSSIER_SYNC_H
#define MC_DOSSIER_SYNC_H

#include <stdint.h>
#include <stdio.h>
#include "domain/audit/audit.h"
#include "core/db.h"
#include "core/import_report.h"

#define DOSSIER_SYNC_LINE_MAX (64u * 1024)   /* bytes in one line */

/*
 * Import the JSON-lines file at path (see above).  rep (initialised) is
 * cleared and filled: read, created, updated, unchanged, rejected and the
 * messages; committed once written.  who NULL audits as the system.
 * Returns MC_OK; MC_ERR_INVALID when lines were rejected (nothing
 * written); MC_ERR_NOT_FOUND when the file cannot be opened; MC_ERR_DB /
 * MC_ERR_BUSY.
 */
enum mc_status dossier_import_jsonl(struct db *db, const char *path,
                                    const struct audit_actor *who, struct import_report *rep)
    MC_WARN_UNUSED;

/*
 * From how many new dossiers an import into PostgreSQL is a bulk load
 * that builds the secondary indexes of dossiers once, after the merge
 * (docs/internals/dossier.md, "Import and export"): 100,000 unless set.
 * For tests, before any import runs; not thread-safe.
 */
void dossier_import_set_bulk_rows(size_t n);

/*
 * The same for len bytes of JSON lines in memory (data need not end with
 * a NUL; demo data generated in process).  Returns as above, without
 * MC_ERR_NOT_FOUND.
 */
enum mc_status dossier_import_jsonl_mem(struct db *db, const char *data, size_t len,
                                        const struct audit_actor *who,
                                        struct import_report *rep) MC_WARN_UNUSED;

/*
 * Write every dossier (native and imported) received, or else submitted,
 * in [from, to) (Unix seconds; 0 = open) to out in the same format, one
 * line each, ordered by id; absent dates are null; ThoiGianBoSung is
 * deadline_at - due_at.  Never personal data.  *count (may be NULL) gets
 * the number of lines.  Returns MC_OK, MC_ERR_IO or MC_ERR_DB.
 */
enum mc_status dossier_export_jsonl(struct db *db, int64_t from, int64_t to, FILE *out,
                                    int64_t *count) MC_WARN_UNUSED;

#endif
