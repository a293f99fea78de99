/*
 * dossier.h - dossiers (hồ sơ thủ tục hành chính): submission, counter and
 * postal intake, the state machine, deadlines, tracking and officer queues.
 * The domain layer behind every dossier page; no HTTP inside.
 *
 * DESIGN (docs/internals/dossier.md)
 * - Status is the national TrangThaiHoSo (enum nat_status, codes/codes.h); status 4
 *   has an internal step (DOSSIER_STEP_AWAITING_APPROVAL once processing
 *   is done).  Every move is a row of ONE static table
 *   (dossier_transitions()): from statuses and step, action, to status and
 *   step, who may do it, whether a note is required.  Nothing else moves a
 *   dossier.
 * - Authorisation is checked here, on every call, never only in pages:
 *   the applicant acts only on their own dossiers; an officer only on
 *   dossiers of their agency (struct user.agency_code equal to the
 *   dossier's agency_code, or, for reception actions, its reception_code)
 *   with a role the table allows; agency_admin may do every officer action
 *   of their agency; province_admin reads everything and acts on nothing.
 * - Every state change runs in ONE db_tx() together with its
 *   dossier_events row and an audit_log row ('dossier.<action>', object
 *   "dossier:<code>", no personal data).
 * - Optimistic concurrency: each change names the version the caller saw
 *   and runs UPDATE ... WHERE id = ? AND version = ?; when another change
 *   won, MC_ERR_CONFLICT ("hồ sơ vừa được người khác cập nhật").
 * - Durability: a submission is acknowledged (MC_OK) only after its
 *   transaction committed (SQLite WAL, synchronous=FULL) and its files were
 *   fsync'ed into the file store before that; a crash after MC_OK loses
 *   nothing.
 * - Routing is by the competent agency (agency_code, chosen at submission
 *   among existing agencies), not by where the dossier was lodged
 *   (reception_code, the one-stop desk, which may differ).
 * - Deadlines: due_at is the appointment on the receipt (NgayHenTra),
 *   computed at acceptance from the procedure version's time for the
 *   dossier's channel with the working calendar, and never moved after.
 *   deadline_at is due_at extended by each finished supplement wait in
 *   working time (calendar_due_after_pause()); ThoiGianBoSung, as synced
 *   and as the index reads it, is deadline_at - due_at.  An apology
 *   (Mẫu 04) records a new date for the citizen (apology_due_at) but moves
 *   neither due_at nor deadline_at.
 *
 * Messages: functions that refuse for a reason the user can fix add it to
 * errs (core/errors.h; errs may be NULL): the input key it is about
 * ("note", "due_date", "files", "agency_code"...; "" for the whole input,
 * "version" for a stale page, "action" for a move the table or the actor's
 * role refuses) and a static Vietnamese sentence to show as is.
 *
 * Thread-safety: every function uses only the connection in env->db (the
 * calling thread's), the read-only calendar and file store, and caller
 * memory.
 */
#ifndef MC_DOSSIER_DOSSIER_H
#define MC_DOSSIER_DOSSIER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "domain/accounts/account.h"
#include "domain/calendar/calendar.h"
#include "core/db.h"
#include "core/errors.h"
#include "core/filestore.h"
#include "domain/codes/codes.h"
#include "domain/rules766/dossier_rules.h"

#define DOSSIER_CODE_MAX 96          /* bytes in a code, with the NUL */
#define DOSSIER_REF_MAX 64           /* bytes in an agency/procedure code or MaHoSoCongDan */
#define DOSSIER_NAME_MAX 500         /* bytes in a procedure name */
#define DOSSIER_DOC_NAME_MAX 16384   /* bytes in a document name: the national catalogue's
                                        run to 9 KB, and the receipt shows them whole */
#define DOSSIER_FORM_MAX (256u * 1024)  /* bytes of form JSON */
#define DOSSIER_NOTE_MAX 4000        /* bytes in a note, reason or missing list */
#define DOSSIER_KEY_MAX 128          /* bytes in an idempotency key */
#define DOSSIER_FILES_MAX 50         /* files in one submission or action */
#define DOSSIER_PAGE_DEFAULT 20      /* list limit 0 means this */
#define DOSSIER_PAGE_MAX 200         /* larger limits are lowered to this */
#define DOSSIER_COUNT_MAX 1000       /* list totals stop counting here (total_capped) */

/* Internal sub-state of status 4. */
enum dossier_step {
    DOSSIER_STEP_NONE = 0,
    DOSSIER_STEP_AWAITING_APPROVAL = 1,   /* chờ lãnh đạo phê duyệt */
};

/* How the result reaches the applicant. */
enum dossier_delivery {
    DOSSIER_DELIVERY_ONLINE = 0,   /* electronic, into the applicant's vault */
    DOSSIER_DELIVERY_POST = 1,     /* by post to delivery_address */
    DOSSIER_DELIVERY_COUNTER = 2,  /* collected at the counter */
};

/* Every action of the state machine (codes in dossier_action_code()). */
enum dossier_action {
    DOSSIER_ACT_SUBMIT,             /* citizen lodges online: -> 1 */
    DOSSIER_ACT_INTAKE,             /* counter/postal intake by reception: -> 2 */
    DOSSIER_ACT_ACCEPT,             /* 1 -> 2, appointment computed */
    DOSSIER_ACT_REFUSE,             /* 1, 2 -> 3 with the reason (Mẫu 03) */
    DOSSIER_ACT_START,              /* 2 -> 4, assigned to a processing officer */
    DOSSIER_ACT_REQUEST_SUPPLEMENT, /* 4 -> 5 with the list of what is missing (Mẫu 02) */
    DOSSIER_ACT_SUPPLEMENT,         /* applicant supplements: 5 -> 4, clock resumes */
    DOSSIER_ACT_REQUEST_PAYMENT,    /* 4 -> 6, fee in đồng */
    DOSSIER_ACT_CONFIRM_PAYMENT,    /* 6 -> 4, paid (counter, or the payment module) */
    DOSSIER_ACT_WITHDRAW,           /* applicant withdraws: 1, 2, 4, 5, 6 -> 7 */
    DOSSIER_ACT_STOP,               /* 4, 5, 6 -> 8 with the reason */
    DOSSIER_ACT_FINISH,             /* 4 -> 4 awaiting approval (draft result) */
    DOSSIER_ACT_SEND_BACK,          /* 4 awaiting approval -> 4 processing, with a note */
    DOSSIER_ACT_APPROVE,            /* 4 awaiting approval -> 9, with the result file */
    DOSSIER_ACT_RETURN,             /* 9 -> 10: into the vault, posted or handed over */
    DOSSIER_ACT_APOLOGY,            /* Mẫu 04: reason and new date; status unchanged */
    DOSSIER_ACT_COLLECT_FEE,        /* reception took the fee at the counter: 4, 9 unchanged */
    DOSSIER_ACT_WAIVE_FEE,          /* the approver waives the fee, with the reason */
    DOSSIER_ACT_COUNT
};

/* Who a transition allows, besides the enum role_flags bits (account.h). */
#define DOSSIER_BY_APPLICANT (1u << 8)   /* the dossier's own applicant */
#define DOSSIER_BY_SYSTEM (1u << 9)      /* the payment module, jobs */

/* One row of the state machine. */
struct dossier_transition {
    enum dossier_action action;
    const char *code;        /* stable code: "accept", used in events and audit */
    const char *label;       /* Vietnamese button label */
    unsigned from;           /* bit (1u << status) per allowed status; 0 = creates */
    int from_step;           /* required enum dossier_step, or -1 for any */
    int to_status;           /* enum nat_status (codes.h); 0 = unchanged */
    int to_step;             /* enum dossier_step afterwards, or -1 = unchanged */
    unsigned actors;         /* enum role_flags bits | DOSSIER_BY_* */
    bool needs_note;         /* a non-empty note is required */
};

/* The whole table (n rows), in enum order.  Static; never NULL. */
const struct dossier_transition *dossier_transitions(size_t *n);
/* The row of an action, or NULL for a value out of range. */
const struct dossier_transition *dossier_transition_of(enum dossier_action a);
/* The stable code of an action ("accept"); "" for out of range. */
const char *dossier_action_code(enum dossier_action a);
/* Parse an action code; MC_ERR_INVALID for an unknown one. */
enum mc_status dossier_action_parse(const char *code, enum dossier_action *out) MC_WARN_UNUSED;
/* Vietnamese status name ("Đang xử lý"); step 1 gives "Chờ phê duyệt". */
const char *dossier_status_name(int status, int step);

/* A dossier as stored.  Plain data; form_data is owned (dossier_release). */
struct dossier {
    int64_t id;
    char code[DOSSIER_CODE_MAX];
    bool imported;                            /* origin 'import': history only */
    char procedure_code[DOSSIER_REF_MAX + 1];
    int64_t procedure_version;                /* 0 for imported */
    char procedure_name[DOSSIER_NAME_MAX + 1];
    char agency_code[DOSSIER_REF_MAX + 1];    /* competent agency (routing) */
    char reception_code[DOSSIER_REF_MAX + 1]; /* one-stop desk; "" = agency_code */
    int64_t applicant_id;                     /* 0: no account (counter, imported) */
    char applicant_ref[DOSSIER_REF_MAX + 1];  /* MaHoSoCongDan, opaque, may be "" */
    char contact_name[256];                   /* personal data: never logged */
    char contact_phone[32];
    char contact_id[32];                      /* CCCD or tax code */
    int channel;                              /* enum nat_channel (codes.h) */
    int status;                               /* enum nat_status (codes.h) */
    int step;                                 /* enum dossier_step */
    int64_t assignee_id;                      /* processing officer, 0 none */
    char *form_data;                          /* JSON object text, owned */
    int delivery;                             /* enum dossier_delivery */
    char delivery_address[512];
    int64_t submitted_at;                     /* times: Unix seconds, 0 = absent */
    int64_t received_at;                      /* NgayTiepNhan: the clock starts */
    int64_t due_at;                           /* NgayHenTra: appointment on the receipt */
    int due_unit;                             /* enum calendar_unit of the time */
    int64_t deadline_at;                      /* due_at + finished supplement waits */
    int64_t ended_at;                         /* NgayKetThucXuLy */
    int64_t returned_at;                      /* NgayTraKetQua */
    int64_t supplement_count;                 /* SoLanBoSung */
    int64_t supplement_seconds;               /* office time spent waiting (imported:
                                                 ThoiGianBoSung as given) */
    int64_t supplement_since;                 /* open wait (status 5), 0 = none */
    int64_t fee_dong;                         /* fee asked, integer đồng */
    bool has_fee;                             /* CoPhi */
    bool fee_paid;
    int paid_online;                          /* DuocThanhToanTrucTuyen 0/1/2 */
    bool e_result;                            /* CoKetQuaDienTu */
    bool digitised;                           /* DuocSoHoa */
    bool reused_data;                         /* TaiSuDungDuLieu */
    int rating;                               /* DanhGia 0..3 */
    bool complaint;                           /* CoPhanAnh */
    int64_t result_file_id;                   /* dossier_files id, 0 none */
    int64_t result_vault_item_id;             /* vault item the result went to, 0 none */
    int64_t apology_due_at;                   /* Mẫu 04 new date, 0 none */
    int64_t apology_count;
    bool due_soon_marked;                     /* the deadline job's marks */
    bool overdue_marked;
    int64_t version;                          /* pass back as expected_version */
    int64_t created_at;
    int64_t updated_at;
    char result_number[32];                   /* "12/2026/KQ": the result's number, "" none */
    int64_t supplement_due_at;                /* status 5: supplement asked by, 0 none */
};

void dossier_init(struct dossier *d);
/*
 * Seal the personal fields of dossiers and drafts written before they were
 * sealed (all false, at start: idempotent), or reseal every one under the
 * current key (all true, `motcua keys rotate`), in the caller's
 * transaction; *changed counts rows written.  MC_ERR_IO when the data key
 * cannot be read.
 */
enum mc_status dossier_reseal(struct db *db, bool all, size_t *changed) MC_WARN_UNUSED;
void dossier_release(struct dossier *d);

/*
 * The national sync fields of d for the 766 index (rules766/dossier_rules.h):
 * NgayHenTra is due_at, ThoiGianBoSung is deadline_at - due_at (so the
 * index's due_eff is exactly deadline_at), supplement_since the open
 * wait.  out->ma_ho_so points into d.  Pure.
 */
void dossier_to_idx(const struct dossier *d, struct idx_dossier *out);

/*
 * The columns of dossiers that dossier_to_idx() reads (the 766 rules'
 * inputs), in order, with NULL times read as 0.  A query selects them
 * after its own columns, qualified by a table prefix when it joins
 * ("d."), and reads them with dossier_idx_read_cols():
 *
 *   "SELECT d.id, " DOSSIER_IDX_COLS_OF("d.") " FROM dossiers d ..."
 *   dossier_idx_read_cols(st, 1, &tmp);
 *   dossier_to_idx(&tmp, &in);
 */
#define DOSSIER_IDX_COLS_OF(t)                                                              \
    t "channel, " t "status, COALESCE(" t "received_at, 0), COALESCE(" t "due_at, 0),"     \
    " COALESCE(" t "deadline_at, 0), COALESCE(" t "ended_at, 0),"                          \
    " COALESCE(" t "returned_at, 0), " t "supplement_count,"                              \
    " COALESCE(" t "supplement_since, 0), " t "paid_online, " t "has_fee, " t "e_result,"  \
    " " t "digitised, " t "reused_data, " t "rating, " t "complaint"
#define DOSSIER_IDX_COLS DOSSIER_IDX_COLS_OF("")
#define DOSSIER_IDX_NCOLS 16   /* columns in DOSSIER_IDX_COLS */

/*
 * Read the DOSSIER_IDX_COLS of the current row, starting at column first,
 * into the matching members of d (channel, status, the times, the
 * supplement counts and the flags); the other members are not touched.
 */
struct db_stmt;
void dossier_idx_read_cols(struct db_stmt *st, int first, struct dossier *d);

/* What the dossier functions run against. */
struct dossier_env {
    struct db *db;                   /* the calling thread's connection */
    const struct calendar *cal;      /* loaded working calendar, read-only */
    const struct filestore *files;   /* content-addressed store, read-only */
};

/* ---------------------------------------------------------------- authorisation */

/*
 * True when d asks a fee that is neither paid nor waived (has_fee, fee_dong
 * > 0, not fee_paid).  Such a dossier cannot be returned (RETURN is
 * refused) until the fee is paid online, collected at the counter
 * (COLLECT_FEE, CONFIRM_PAYMENT) or waived (WAIVE_FEE).  Pure.
 */
bool dossier_fee_open(const struct dossier *d);

/*
 * True when the applicant may pay d's open fee online now: the fee is
 * open and d is received and not finished otherwise (status 2, 4, 5, 6 or
 * 9).  Pure.
 */
bool dossier_fee_payable(const struct dossier *d);

/* True when u may read d (applicant, officer of its agency or desk, province admin). */
bool dossier_may_read(const struct user *u, const struct dossier *d);

/*
 * True when u may perform action a on d now: the table allows it from d's
 * status and step, u holds an allowed role in d's agency (or is its
 * applicant for applicant actions), and d is not an imported record.
 * Pages call it to decide which buttons to show; dossier_act() checks it
 * again.  When false, errs (may be NULL) gets the Vietnamese reason.
 */
bool dossier_may(const struct user *u, const struct dossier *d, enum dossier_action a,
                 struct form_errors *errs);

/* ---------------------------------------------------------------- submission */

/*
 * A file of a submission or action: either a file already in the store
 * (sha256 from filestore_put_file(), e.g. an upload) or an item of the
 * applicant's vault (vault_item_id), never both.  Pointers are borrowed.
 */
struct dossier_file_ref {
    const char *sha256;          /* 64 hex digits, or NULL */
    int64_t vault_item_id;       /* 0 = none */
    const char *name;            /* the document (thành phần hồ sơ); NULL = the vault title */
    const void *bytes;           /* an upload not stored yet, staged in the same
                                    transaction (filestore_stage_bytes); sha256 must
                                    be their hash.  NULL = sha256 is already stored */
    size_t len;                  /* bytes in bytes */
};

/* A submission as the citizen's form gives it.  Pointers are borrowed. */
struct dossier_submission {
    const char *procedure_code;      /* must be in the catalogue */
    const char *agency_code;         /* the competent agency chosen (must exist) */
    const char *reception_code;      /* one-stop desk (must exist), NULL = agency_code */
    const char *form_json;           /* a JSON object, at most DOSSIER_FORM_MAX; NULL = {} */
    enum dossier_delivery delivery;
    const char *delivery_address;    /* required for DOSSIER_DELIVERY_POST */
    const struct dossier_file_ref *files;
    size_t nfiles;                   /* at most DOSSIER_FILES_MAX */
    const char *idempotency_key;     /* 1..DOSSIER_KEY_MAX printable ASCII (the form's
                                        one-time token); required */
    char *code_out;                  /* optional output, DOSSIER_CODE_MAX bytes: the new
                                        dossier's code ("" on a replay or a failure) */
    const struct procedure *procedure;  /* optional: the record the form was built from,
                                           version procedure_version of procedure_code;
                                           used if still current (not decoded again) */
    int64_t procedure_version;
};

/*
 * Lodge a dossier online (channel 2, status 1 Mới đăng ký) for applicant
 * (a citizen or business account).  In ONE transaction: the code
 * <agency>-YYMMDD-NNNN from the agency's daily counter, the dossier (with
 * the procedure's current version and the applicant's contact details),
 * its files (store files must exist; vault items must be the applicant's
 * and unexpired, each reuse counted, reused_data set), the first event and
 * the audit row.  digitised is set when it carries at least one file.
 * The place must be one the procedure's routes offer (routing.h): the
 * dossier's agency_code is s->agency_code and its reception_code the
 * route's desk (s->reception_code is not used online).  The declaration is
 * checked and normalised against the procedure's e-form (eform.h; the
 * first reason under "form") and every document the form requires must be
 * among the files, by name ("files"); the fee is the channel's, per copy
 * when the procedure counts copies.  search_text gets the folded code,
 * applicant and declaration.
 * Idempotent: a second call with the same (applicant, idempotency_key)
 * changes nothing and returns the first dossier with *replayed true.
 * OUT *id (and *replayed, may be NULL).
 * Returns MC_OK; MC_ERR_FORBIDDEN (not a citizen/business account);
 * MC_ERR_INVALID (errs says what); MC_ERR_NOT_FOUND (procedure, file or
 * vault item missing, or an agency the routes do not offer; errs);
 * MC_ERR_TOO_LARGE; MC_ERR_CONFLICT; MC_ERR_DB/BUSY.
 */
enum mc_status dossier_submit(const struct dossier_env *env, const struct user *applicant,
                              const char *address, const struct dossier_submission *s,
                              int64_t *id, bool *replayed, struct form_errors *errs)
    MC_WARN_UNUSED;

/* A counter or postal intake by a reception officer.  Pointers are borrowed. */
struct dossier_intake {
    struct dossier_submission sub;   /* procedure, agency, form, delivery, scanned files;
                                        idempotency_key optional here */
    int channel;                     /* NAT_CH_DIRECT or _POSTAL */
    int64_t applicant_id;            /* the citizen's account if they have one, else 0 */
    const char *applicant_ref;       /* MaHoSoCongDan, may be NULL */
    const char *contact_name;        /* required when applicant_id is 0 */
    const char *contact_phone;       /* digits; phone or contact_id required */
    const char *contact_id;          /* CCCD (12 digits) or tax code (10/13) */
    int64_t submitted_at;            /* postal: when the post arrived; 0 = now */
    int64_t due_at;                  /* explicit appointment; 0 = computed */
};

/*
 * Receive a dossier at the counter or by post: created directly in status
 * 2 Được tiếp nhận with received_at (calendar_receive_time of submitted_at)
 * and the appointment (as DOSSIER_ACT_ACCEPT).  Files are scans (kind
 * "scan", digitised); the documents the form requires are not enforced
 * (the officer sees the papers).  The officer needs the reception role
 * (or agency_admin) in the agency or at the desk that receives for it
 * (sub.reception_code: the officer's agency, which must be the agency or
 * its desk).  One transaction, as dossier_submit().  Returns as
 * dossier_submit(), MC_ERR_FORBIDDEN for an officer of another agency.
 */
enum mc_status dossier_intake(const struct dossier_env *env, const struct user *officer,
                              const char *address, const struct dossier_intake *in,
                              int64_t *id, struct form_errors *errs) MC_WARN_UNUSED;

/* ---------------------------------------------------------------- actions */

/* The input of one action.  Fields an action does not use are ignored. */
struct dossier_action_input {
    enum dossier_action action;
    int64_t expected_version;   /* the version the page showed (required, > 0) */
    const char *note;           /* reason, missing list (Mẫu 02), decision text... */
    int64_t due_at;             /* ACCEPT: appointment when the procedure has no
                                   usable time (else 0); APOLOGY: the new date;
                                   REQUEST_SUPPLEMENT: the date to supplement by
                                   (0 = five working days from now) */
    int64_t amount;             /* REQUEST_PAYMENT: đồng (0 = the procedure's fee) */
    int64_t assignee_id;        /* START: processing officer (0 = the actor) */
    const struct dossier_file_ref *files;  /* SUPPLEMENT: added files; APPROVE: the
                                              result (at most 1; none = a generated PDF
                                              with the note as the decision text) */
    size_t nfiles;
};

/*
 * Perform one action of the table on dossier id, as actor.  Checks the
 * table and the actor (dossier_may), the note when required, then in ONE
 * transaction: the row update guarded by expected_version, what the
 * action implies (below), the event row and the audit row.
 *   ACCEPT     received_at = calendar_receive_time(submitted_at);
 *              due_at = deadline_at = calendar_due(received_at, procedure
 *              time of the channel), or in->due_at.
 *   REFUSE, WITHDRAW, STOP  ended_at = now.
 *   REQUEST_SUPPLEMENT  supplement_count++, supplement_since = now,
 *              supplement_due_at = in->due_at (> now) or five working days on.
 *   SUPPLEMENT  supplement_seconds += office time of the wait; deadline_at
 *              = calendar_due_after_pause(); files added.
 *   REQUEST_PAYMENT  fee_dong, has_fee.    CONFIRM_PAYMENT, COLLECT_FEE
 *              fee_paid (at the counter: paid_online stays 0).
 *   WAIVE_FEE  has_fee = 0, fee_dong = 0; the note (required) says why.
 *   APPROVE    result_number ("N/YYYY/KQ", per agency and year) and the
 *              result file: the upload, or, without one, a PDF generated
 *              and staged in the same transaction (filestore.h): the
 *              procedure's result title, the competent agency in full with
 *              its parent, number, place and date, the dossier, the note as
 *              the decision text (at least 15 characters) and the declared
 *              values the e-form prints on results, signed with the
 *              approver's name; e_result, ended_at.
 *   RETURN     refused while the fee is open (dossier_fee_open());
 *              returned_at; online delivery: the result becomes a vault
 *              item of the applicant (kind "result").
 *   APOLOGY    apology_due_at = in->due_at (> now), apology_count++.
 * ended_at and returned_at are never before received_at (a dossier lodged
 * at night counts as received next morning, calendar_receive_time()).
 * OUT *new_version (may be NULL).
 * Returns MC_OK; MC_ERR_NOT_FOUND (no such dossier, or not readable by
 * actor); MC_ERR_FORBIDDEN (role, agency or ownership; errs);
 * MC_ERR_INVALID (not allowed from this status, missing note, bad input;
 * errs); MC_ERR_CONFLICT (stale expected_version; errs has "version": "Hồ
 * sơ vừa được người khác cập nhật..."); MC_ERR_DB / MC_ERR_BUSY /
 * MC_ERR_IO; or the failure of a listener (dossier_change.h).
 */
enum mc_status dossier_act(const struct dossier_env *env, const struct user *actor,
                           const char *address, int64_t id,
                           const struct dossier_action_input *in, int64_t *new_version,
                           struct form_errors *errs) MC_WARN_UNUSED;

/*
 * For the payment module, inside its transaction: mark dossier id paid
 * (fee_paid = 1, paid_online = paid_online_code) and, when it is in status
 * 6, move it back to 4, with an event 'confirm_payment' (actor the system)
 * and an audit row.  Returns MC_OK; MC_ERR_NOT_FOUND; MC_ERR_DB.
 */
enum mc_status dossier_mark_paid(struct db *db, int64_t id, int paid_online_code,
                                 const char *provider_ref) MC_WARN_UNUSED;

/* ---------------------------------------------------------------- reading */

/*
 * Load dossier id for actor into *d (dossier_init()ed; released and
 * refilled).  Returns MC_OK; MC_ERR_NOT_FOUND when it does not exist or
 * actor may not read it (the same answer, so ids cannot be probed);
 * MC_ERR_DB.  actor NULL reads without a check (jobs, tests).
 */
enum mc_status dossier_get(struct db *db, const struct user *actor, int64_t id,
                           struct dossier *d) MC_WARN_UNUSED;
/*
 * Only the code of dossier id, if actor is its applicant (for the
 * redirect after a submission: one indexed row, nothing decoded).
 * MC_ERR_NOT_FOUND otherwise.
 */
enum mc_status dossier_code_of_own(struct db *db, const struct user *actor, int64_t id,
                                   char code[DOSSIER_CODE_MAX]) MC_WARN_UNUSED;
/* The same by code. */
enum mc_status dossier_get_by_code(struct db *db, const struct user *actor, const char *code,
                                   struct dossier *d) MC_WARN_UNUSED;

/* One event of the history. */
struct dossier_event {
    int64_t id;
    int64_t at;
    int64_t actor_id;          /* 0 for the system */
    char actor_role[32];
    int from_status;           /* 0 when the dossier was created */
    int to_status;
    char action[32];           /* dossier_action_code(), or "due_soon"/"overdue" */
    char *note;                /* owned */
    char *attachments;         /* JSON array of dossier_files ids, owned */
    int64_t due_at;            /* appointment set by accept/intake, apology's new date */
};

struct dossier_event_list {
    struct dossier_event *items;   /* oldest first */
    size_t n;
    size_t cap;                    /* entries allocated */
};
void dossier_event_list_init(struct dossier_event_list *l);
void dossier_event_list_release(struct dossier_event_list *l);

/*
 * The whole history of d, oldest first, for actor (the owner, the agency's
 * officers, province admins; NULL: anyone).  d is a dossier read with
 * dossier_get() or dossier_get_by_code(), so that a page that shows it does
 * not read it again; MC_ERR_NOT_FOUND when actor may not read it, as there.
 */
enum mc_status dossier_history(struct db *db, const struct user *actor,
                               const struct dossier *d,
                               struct dossier_event_list *out) MC_WARN_UNUSED;

/* One file of a dossier. */
struct dossier_file {
    int64_t id;
    int64_t dossier_id;
    char kind[16];                  /* "attachment", "scan", "result" */
    char name[DOSSIER_DOC_NAME_MAX + 1];   /* the document (thành phần hồ sơ), whole */
    int64_t vault_item_id;          /* 0 unless taken from the vault */
    struct filestore_meta file;
    bool digitised;
    int64_t added_at;
};

struct dossier_file_list {
    struct dossier_file *items;    /* n files, oldest first */
    size_t n;
    size_t cap;                    /* entries allocated */
};
void dossier_file_list_init(struct dossier_file_list *l);
void dossier_file_list_release(struct dossier_file_list *l);

/* The files of d, in order, for actor: d and the result as dossier_history(). */
enum mc_status dossier_files(struct db *db, const struct user *actor, const struct dossier *d,
                             struct dossier_file_list *out) MC_WARN_UNUSED;
/* One file by its id, for a download, checked like dossier_get(). */
enum mc_status dossier_file_get(struct db *db, const struct user *actor, int64_t file_id,
                                struct dossier_file *out) MC_WARN_UNUSED;

/* ---------------------------------------------------------------- tracking */

#define DOSSIER_MOVES_MAX 16     /* moves of the appointment a public lookup lists */

/* Why the appointment moved: a supplement asked or answered, an apology. */
struct dossier_move {
    char action[32];         /* "request_supplement", "supplement" or "apology" */
    int64_t at;              /* when */
    int64_t due_at;          /* asked by / the deadline after the wait / the new date */
};

/* What anyone may see with the code and the check: no personal data. */
struct dossier_public {
    char code[DOSSIER_CODE_MAX];
    int status;
    int step;
    int channel;
    char procedure_code[DOSSIER_REF_MAX + 1];
    char procedure_name[DOSSIER_NAME_MAX + 1];
    char agency_code[DOSSIER_REF_MAX + 1];
    char agency_name[DOSSIER_NAME_MAX + 1];   /* "" when the agency is not stored */
    int64_t submitted_at, received_at, due_at, deadline_at, apology_due_at;
    int64_t ended_at, returned_at;
    int due_unit;                             /* enum calendar_unit of the time */
    int64_t supplement_seconds;               /* the finished waits, office time */
    int64_t supplement_since;                 /* the open wait (status 5), 0 none */
    int64_t supplement_due_at;                /* asked to supplement by, 0 none */
    struct dossier_move moves[DOSSIER_MOVES_MAX];   /* oldest first; no notes */
    size_t nmoves;
};

/*
 * Public lookup (tra cứu hồ sơ): code plus check = the last 4 digits of
 * the applicant's phone, or of their CCCD / tax code.  Returns MC_OK;
 * MC_ERR_NOT_FOUND for an unknown code or a wrong check (the same answer);
 * MC_ERR_INVALID when check is not 4 digits.  The web layer must
 * rate-limit this per address.
 */
enum mc_status dossier_track(struct db *db, const char *code, const char *check,
                             struct dossier_public *out) MC_WARN_UNUSED;

/* ---------------------------------------------------------------- the clock */

/*
 * The working-time clock of a dossier as its applicant reads it, counted
 * with the working calendar as deadlines are (calendar.h): the time the
 * procedure allows from receipt to the appointment, the time used so far
 * with the waits for the applicant left out, and what is left.  Times are
 * office seconds for working days and hours (due_unit), plain seconds for
 * days and months.
 */
struct dossier_clock {
    bool started;            /* received: the clock counts */
    bool running;            /* started and not ended */
    bool paused;             /* waiting for the applicant (status 5) */
    bool ended;              /* processing ended (ended_at) */
    bool late;               /* used more than allowed (now, or when it ended) */
    int unit;                /* enum calendar_unit */
    int64_t allowed;         /* from receipt to the appointment (due_at) */
    int64_t used;            /* from receipt to now (or the end), waits left out */
    int64_t left;            /* allowed - used; negative when late */
    int64_t waited;          /* time spent waiting for the applicant */
    int64_t per_day;         /* office seconds in a working day (days: 86400) */
};

/*
 * Fill *out for d as of now with the calendar cal.  A dossier not yet
 * received, or without an appointment, gets started false.  Pure (reads
 * cal only).
 */
void dossier_clock(const struct calendar *cal, const struct dossier *d, int64_t now,
                   struct dossier_clock *out);

/* ---------------------------------------------------------------- lists and queues */

enum dossier_queue {
    DOSSIER_Q_ALL,          /* everything the actor may read */
    DOSSIER_Q_MINE,         /* the applicant's own dossiers */
    DOSSIER_Q_TO_RECEIVE,   /* status 1 of my agency or desk */
    DOSSIER_Q_TO_PROCESS,   /* status 2 and 4 (not awaiting approval) */
    DOSSIER_Q_TO_APPROVE,   /* status 4 awaiting approval */
    DOSSIER_Q_TO_RETURN,    /* status 9 */
    DOSSIER_Q_DUE_SOON,     /* 2, 4, 6 with deadline within one working day */
    DOSSIER_Q_OVERDUE,      /* 2, 4, 6 past their deadline */
};

/* Filters; zero/NULL members do not filter. */
struct dossier_filter {
    enum dossier_queue queue;
    const char *procedure_code;
    int status;                  /* 1..10, 0 any */
    int channel;                 /* 1..3, 0 any */
    int64_t from, to;            /* submitted (or received) in [from, to); 0 = open */
    const char *agency_code;     /* province admins: one agency; ignored for others */
    const char *text;            /* words of the code, the applicant's name or the
                                  declaration, any case, with or without diacritics
                                  (up to 200 bytes); NULL or "" = no filter */
    size_t offset;
    size_t limit;                /* 0 = DOSSIER_PAGE_DEFAULT, max DOSSIER_PAGE_MAX */
    /* Keyset paging of the officers' lists newest first (not the applicant's
     * own list, not the queues of deadlines, which use offset): below_id > 0
     * gives the page of rows with ids below it (the page after a row; offset
     * is then ignored); above_id > 0 (below_id 0) the page of rows just
     * above it (the page before a row), still newest first. */
    int64_t below_id, above_id;
};

/* One line of a list. */
struct dossier_row {
    int64_t id;
    char code[DOSSIER_CODE_MAX];
    char procedure_code[DOSSIER_REF_MAX + 1];
    char procedure_name[DOSSIER_NAME_MAX + 1];
    char agency_code[DOSSIER_REF_MAX + 1];
    char contact_name[256];      /* "" in the applicant's own list */
    int channel, status, step;
    int64_t submitted_at, received_at, due_at, deadline_at, apology_due_at;
    bool late;                   /* late by the index rules (idx_dossier_classify) now */
    int64_t version;
};

struct dossier_page {
    struct dossier_row *items;
    size_t n;
    int64_t total;               /* matches over all pages, at most DOSSIER_COUNT_MAX */
    bool total_capped;           /* there are more than total (DOSSIER_COUNT_MAX) */
    bool more;                   /* another row follows the page in its order (for
                                    an above_id page: precedes it, newer) */
};
void dossier_page_init(struct dossier_page *p);
void dossier_page_release(struct dossier_page *p);

/*
 * One page of dossiers for actor, newest first (queues of deadlines:
 * earliest deadline first), scoped by who the actor is: an applicant sees
 * their own; an officer those of their agency and desk; a province admin
 * all (or f->agency_code).  Each statement reads only the rows of its page
 * (plus one, for out->more) and counts at most DOSSIER_COUNT_MAX + 1 rows,
 * whatever the number of dossiers stored.  Returns MC_OK (possibly empty);
 * MC_ERR_FORBIDDEN for a staff account without an agency or a queue the
 * actor has no role for; MC_ERR_INVALID for bad filters; MC_ERR_DB.
 */
enum mc_status dossier_list(const struct dossier_env *env, const struct user *actor,
                            const struct dossier_filter *f, struct dossier_page *out)
    MC_WARN_UNUSED;

/* ---------------------------------------------------------------- deadlines */

struct dossier_sweep_result {
    int64_t due_soon;     /* dossiers newly marked due soon */
    int64_t overdue;      /* dossiers newly marked overdue */
};

/*
 * The background deadline job: every native dossier in status 2, 4 or 6
 * (the clock is paused in 5) whose deadline_at falls within one working
 * day of now gets one event 'due_soon', and once now is past deadline_at
 * one event 'overdue' (each at most once per deadline: a supplement that
 * moves the deadline re-arms them).  Each mark is its own transaction with
 * its audit row.  OUT *out (may be NULL).  Returns MC_OK or MC_ERR_DB.
 */
enum mc_status dossier_sweep_deadlines(const struct dossier_env *env, int64_t now,
                                       struct dossier_sweep_result *out) MC_WARN_UNUSED;

/* ---------------------------------------------------------------- daily messages */

#define DOSSIER_REMIND_HOUR 7   /* local hour from which the daily messages go */

struct dossier_remind_result {
    int64_t tomorrow;       /* applicants told of tomorrow's appointment */
    int64_t digests;        /* officers sent their digest */
    int64_t escalations;    /* leaders sent their agency's overdue dossiers */
};

/*
 * The daily messages (dossier_remind.c), for a job that runs every few
 * minutes: from DOSSIER_REMIND_HOUR local time, each applicant whose
 * appointment (the Mẫu 04 date if there is one) is tomorrow gets
 * "dossier.tomorrow"; each officer with dossiers in status 2, 4 or 6 that
 * are overdue or due within one working day gets one "officer.digest"
 * listing them; each approver of an agency with overdue dossiers gets one
 * "officer.escalation" listing them with their officers.  Each message is
 * claimed in notify_once with its day, in the transaction that queues it:
 * once a day, whatever the number of runs or servers.  Texts are the
 * editable templates of those kinds (notify_templates.h).  OUT *out (may
 * be NULL).  Returns MC_OK or MC_ERR_DB / MC_ERR_BUSY.
 */
enum mc_status dossier_remind_daily(const struct dossier_env *env, int64_t now,
                                    struct dossier_remind_result *out) MC_WARN_UNUSED;

/* ---------------------------------------------------------------- drafts */

struct dossier_draft {
    int64_t id;
    char procedure_code[DOSSIER_REF_MAX + 1];
    char agency_code[DOSSIER_REF_MAX + 1];
    char *form_json;             /* owned */
    char *files_json;            /* owned: JSON array of file references */
    int64_t updated_at;
};
void dossier_draft_init(struct dossier_draft *d);
void dossier_draft_release(struct dossier_draft *d);

/*
 * Save a draft of applicant: *draft_id 0 creates one (and receives its
 * id), otherwise updates that draft (the applicant's own only).
 * form_json: a JSON object (≤ DOSSIER_FORM_MAX); files_json: a JSON array
 * (≤ 64 KiB) of {"sha256": ...} or {"vault_item_id": ...} with "name".
 * Returns MC_OK; MC_ERR_INVALID; MC_ERR_NOT_FOUND (not theirs); MC_ERR_DB.
 */
enum mc_status dossier_draft_save(struct db *db, const struct user *applicant,
                                  int64_t *draft_id, const char *procedure_code,
                                  const char *agency_code, const char *form_json,
                                  const char *files_json) MC_WARN_UNUSED;
/* Load / delete the applicant's draft.  MC_ERR_NOT_FOUND when not theirs. */
enum mc_status dossier_draft_load(struct db *db, const struct user *applicant,
                                  int64_t draft_id, struct dossier_draft *out)
    MC_WARN_UNUSED;
enum mc_status dossier_draft_delete(struct db *db, const struct user *applicant,
                                    int64_t draft_id) MC_WARN_UNUSED;
/*
 * The applicant's drafts, newest first (at most 100), without their form
 * and files: *out is a new array of *n drafts; release each with
 * dossier_draft_release() and free the array with free().
 */
enum mc_status dossier_draft_list(struct db *db, const struct user *applicant,
                                  struct dossier_draft **out, size_t *n) MC_WARN_UNUSED;

/*
 * Whether a dossier's file or a draft names the stored file sha256 (an owner of stored files,
 * core/filestore.h: registered by the program's composition root).
 * OUT *used.  Returns MC_OK or MC_ERR_DB.
 */
enum mc_status dossier_uses_file(struct db *db, const char *sha256, bool *used) MC_WARN_UNUSED;

#endif
