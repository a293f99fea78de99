/*
 * programme.h - the programme of Decision 1588 (issue 14 parts 2-4): the
 * plan register, tasks with their lead and co-organisations and time
 * frames, each organisation's workspace on its tasks, and the reassignment
 * of open tasks when an organisation ends.  Report cycles, reminders and
 * difficulties are in programme_report.h.
 *
 * Model
 * - A plan (plans) has a period and phases, each a time frame; its tasks
 *   (plan_tasks) are numbered as the plan numbers them ("3.đ", "V.8.b"),
 *   unique in the plan.  A task is given to organisations (domain/org) as
 *   lead (chủ trì) or co-organisation (phối hợp); a group ("các sở, ban,
 *   ngành") stands for its members, expanded when read.
 * - Each organisation keeps its own progress on a task (task_progress):
 *   status, budget planned and spent, notes, output counts per year and
 *   kind, evidence files and links.  Every change is audited.
 * - When an organisation ends, its open tasks (not finished by it, whose
 *   frame has not ended) move to its successors (prog_reassign_defaults)
 *   or to organisations the province chooses (prog_reassign); the old rows
 *   stay, inactive, with a row in task_reassignments.
 *
 * Time frames are written as data/programme/README.md says: DD/MM/YYYY,
 * MM/YYYY, Qn/YYYY, YYYY, A-B, a recurring token or empty.
 *
 * Who may do what (checked here, not only by the pages):
 * - province admins and staff of the plan's focal organisation manage
 *   plans, imports and reassignments, and read everything;
 * - staff of an organisation (users of the agency it is linked to) record
 *   progress on its tasks; its agency admin and leaders file its reports;
 * - overseers (programme_overseers, the read-only role of MTTQ
 *   supervision) read everything and change nothing.
 *
 * Thread-safety: functions use only the struct db passed in.
 */
#ifndef MC_DOMAIN_PROGRAMME_PROGRAMME_H
#define MC_DOMAIN_PROGRAMME_PROGRAMME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <jansson.h>
#include "core/buf.h"
#include "core/db.h"
#include "core/errors.h"
#include "core/import_report.h"
#include "core/list_decl.h"
#include "core/status.h"
#include "domain/accounts/account.h"
#include "domain/audit/audit.h"
#include "domain/org/org.h"

#define PROG_DAY_SIZE 11                        /* "YYYY-MM-DD" and the NUL */
#define PROG_FRAME_MAX 64                       /* bytes in a normalised frame */
#define PROG_TASK_NUMBER_MAX 32                 /* bytes in a task number */
#define PROG_TEXT_MAX (16 * 1024)               /* bytes in a task text or a note */
#define PROG_IMPORT_MAX_BYTES (8u * 1024 * 1024) /* largest task CSV or plan JSON */
#define PROG_URL_MAX 2000                       /* bytes in an evidence link */
#define PROG_REASON_MAX 1000                    /* bytes in an override's reason */

/* ---------------------------------------------------------------- time frames */

enum prog_frame_kind {
    PROG_FRAME_NONE,       /* empty: the task runs over the plan's period */
    PROG_FRAME_DATED,      /* a day, month, quarter, year or a range of them */
    PROG_FRAME_RECURRING,  /* "hằng năm", "định kỳ", "khi có yêu cầu", ... */
};

struct prog_frame {
    enum prog_frame_kind kind;
    char start[PROG_DAY_SIZE];   /* first day (DATED), else "" */
    char end[PROG_DAY_SIZE];     /* last day, inclusive (DATED), else "" */
};

/*
 * Parse a normalised time frame s ("30/06/2025", "03/2025", "Q2/2025",
 * "2025", "Q2/2025-2030", "hằng năm", "") into *out.  Years 2000-2100;
 * impossible days, months and quarters are refused, as is a range whose
 * start does not come first or whose end ends before its start's end.
 * Returns MC_OK, or MC_ERR_INVALID with *why (static Vietnamese, may be
 * NULL) saying what is wrong.  Pure.
 */
enum mc_status prog_frame_parse(const char *s, struct prog_frame *out, const char **why)
    MC_WARN_UNUSED;

/* Today in Vietnam as "YYYY-MM-DD" (clock_now(), so tests pin it) into out
 * (PROG_DAY_SIZE bytes). */
void prog_today(char *out);

/* True when the dated frame inner lies within the dated frame outer. Pure. */
bool prog_frame_within(const struct prog_frame *inner, const struct prog_frame *outer);

/*
 * Vietnamese reading of a normalised frame for people ("Quý II/2025 –
 * 2030", "Tháng 03/2025", "Hằng năm") into out (size bytes).  Pure.
 */
void prog_frame_label(const char *frame, char *out, size_t size);

/* ---------------------------------------------------------------- plans */

struct prog_plan {
    int64_t id;
    char code[64];                      /* "sonla-110-2025" */
    char number[64];                    /* "110/KH-UBND", "" when unknown */
    char issued_on[PROG_DAY_SIZE];      /* "" when unknown */
    char issuer_code[ORG_CODE_MAX];
    char *title;                        /* trích yếu, owned */
    char *period_text;                  /* the period as written, owned */
    char period[PROG_FRAME_MAX];        /* normalised */
    char starts_on[PROG_DAY_SIZE];
    char ends_on[PROG_DAY_SIZE];
    char focal_code[ORG_CODE_MAX];      /* the focal organisation (đầu mối) */
    char province_code[8];
};

LIST_DECLARE(prog_plan, prog_plan);

void prog_plan_init(struct prog_plan *p);
void prog_plan_release(struct prog_plan *p);

#define PROG_PLAN_COLS "id, code, number, issued_on, issuer_code, title, period_text," \
                       " period, starts_on, ends_on, focal_code, province_code"
void prog_plan_read_row(struct db_stmt *st, struct prog_plan *p);

/* The plan with this id into *out.  MC_OK; MC_ERR_NOT_FOUND; MC_ERR_DB. */
enum mc_status prog_plan_get(struct db *db, int64_t id, struct prog_plan *out)
    MC_WARN_UNUSED;
/* The plan with this register code.  As prog_plan_get(). */
enum mc_status prog_plan_get_by_code(struct db *db, const char *code, struct prog_plan *out)
    MC_WARN_UNUSED;
/*
 * The rest of the register of plan id as JSON for the pages: {"signer",
 * "basis":[{so_ky_hieu,ngay,co_quan,trich_yeu}], "replaces":{...}|null,
 * "sections":[{so,ten}], "phases":[{code,name,frame_text,starts_on,
 * ends_on}], "file_name"|null}.  OUT *out (a new reference).  MC_OK;
 * MC_ERR_NOT_FOUND; MC_ERR_DB.
 */
enum mc_status prog_plan_register(struct db *db, int64_t id, json_t **out) MC_WARN_UNUSED;

/* What the focal agency may change in a plan's register on the web. */
struct prog_plan_edit {
    const char *number;         /* số, ký hiệu ("110/KH-UBND"), may be "" */
    const char *issued_on;      /* a typed day (calendar_date_parse_input) or "" */
    const char *title;          /* trích yếu, required */
    const char *file_sha256;    /* the plan document in the file store, or NULL to keep */
    const char *file_name;      /* its name as uploaded (with file_sha256) */
};

/*
 * Change the register of plan plan_id (number, day, title, and the
 * attached document when e->file_sha256 is set) in one transaction with
 * its audit row ('programme.plan_edit').  u must manage the plan
 * (prog_is_focal): MC_ERR_FORBIDDEN.  MC_ERR_INVALID with errs (fields
 * so_ky_hieu, ngay_ban_hanh, trich_yeu) for an empty or too long title, a
 * number over 63 bytes or an impossible day; MC_ERR_NOT_FOUND; MC_ERR_DB.
 */
enum mc_status prog_plan_edit(struct db *db, const struct user *u, int64_t plan_id,
                              const struct prog_plan_edit *e, const struct audit_actor *who,
                              struct form_errors *errs) MC_WARN_UNUSED;

/*
 * The attached document of plan plan_id: OUT sha256 (65 bytes) and name
 * (size bytes).  The caller has checked who may read the plan.  MC_OK;
 * MC_ERR_NOT_FOUND (no such plan, or no file); MC_ERR_DB.
 */
enum mc_status prog_plan_file(struct db *db, int64_t plan_id, char *sha256, char *name,
                              size_t size) MC_WARN_UNUSED;

/* A new plan as a province admin enters it on the web; pointers borrowed. */
struct prog_plan_new {
    const char *code;           /* register code, [a-z0-9._-], unique */
    const char *number;         /* số, ký hiệu, may be "" */
    const char *issued_on;      /* a typed day (calendar_date_parse_input) or "" */
    const char *title;          /* trích yếu */
    const char *period;         /* a time frame ("2025-2030") */
    const char *focal_code;     /* the focal organisation */
    const char *file_sha256;    /* the plan document in the file store, or NULL */
    const char *file_name;
};

/*
 * Create plan n (no tasks yet: they are imported on its page) through
 * prog_plan_import()'s checks, then attach its document.  u must be a
 * province admin: MC_ERR_FORBIDDEN.  A code already in the register, or
 * anything the import refuses: MC_ERR_INVALID with the reasons in rep.
 * OUT *plan_id.  Audited as the import ('programme.plan_import') and, with
 * a document, 'programme.plan_edit'.
 */
enum mc_status prog_plan_create(struct db *db, const struct user *u,
                                const struct prog_plan_new *n, const struct audit_actor *who,
                                struct import_report *rep, int64_t *plan_id) MC_WARN_UNUSED;

/* Every plan, newest first, appended to *out.  MC_OK or MC_ERR_DB. */
enum mc_status prog_plan_list(struct db *db, struct prog_plan_list *out) MC_WARN_UNUSED;

/* ---------------------------------------------------------------- tasks */

struct prog_task {
    int64_t id;
    int64_t plan_id;
    char number[PROG_TASK_NUMBER_MAX];  /* as the plan numbers it */
    char section[32];                   /* the plan's section ("1", "III.6") */
    char phase[16];                     /* phase code ("GĐ1") or "" */
    char *content;                      /* the task, owned */
    char clauses[200];                  /* ';'-list of 1588 clauses */
    char *frame_text;                   /* as the plan writes it, owned */
    char frame[PROG_FRAME_MAX];         /* normalised */
    char starts_on[PROG_DAY_SIZE];      /* "" for recurring or open frames */
    char ends_on[PROG_DAY_SIZE];
    char *expected;                     /* expected outputs, owned */
    char output_kinds[200];             /* ';'-list of output-types.csv keys */
    char *note;                         /* owned */
    int64_t budget_planned;             /* đồng; -1 when none is given */
    char *leads;                        /* ';'-list of active lead codes, owned */
    char *cos;                          /* ';'-list of active co-organisation codes, owned */
};

LIST_DECLARE(prog_task, prog_task);

void prog_task_init(struct prog_task *t);
void prog_task_release(struct prog_task *t);

/* One task with its organisations.  MC_OK; MC_ERR_NOT_FOUND; MC_ERR_DB. */
enum mc_status prog_task_get(struct db *db, int64_t id, struct prog_task *out)
    MC_WARN_UNUSED;

/*
 * The tasks of plan plan_id in the plan's order, appended to *out: all of
 * them when org_code is NULL, else those given to org_code (directly or
 * through a group that takes it in) as active lead or co-organisation.
 * MC_OK or MC_ERR_DB.
 */
enum mc_status prog_task_list(struct db *db, int64_t plan_id, const char *org_code,
                              struct prog_task_list *out) MC_WARN_UNUSED;

/* ---------------------------------------------------------------- imports */

/*
 * Import a plan: its register (len bytes of JSON as plan-*.json) and its
 * tasks (CSV as plan-*.csv, header stt,muc,giai_doan,noi_dung,dieu_1588,
 * chu_tri,phoi_hop,thoi_gian_ghi,thoi_gian,ket_qua,dau_ra,ghi_chu,nguon;
 * kinh_phi optional, in đồng; the header alone for a plan without tasks
 * yet).  Every row is checked: a task number unique
 * in the file, content, at least one lead, every organisation known, a
 * possible time frame within the plan's period (and the phase's when a
 * phase is given), a known phase.  All or nothing: one message per
 * problem naming the CSV line ("dòng 7: ...") and nothing written.
 * Idempotent: the plan is upserted by its code, tasks by number, and the
 * organisations of an existing task are only added (reassignments are
 * kept).  Audited ('programme.plan_import') as who.  OUT *plan_id.
 * Returns MC_OK; MC_ERR_INVALID (rep says why); MC_ERR_TOO_LARGE; MC_ERR_DB.
 */
enum mc_status prog_plan_import(struct db *db, const char *json, size_t json_len,
                                const char *csv, size_t csv_len, const struct audit_actor *who,
                                struct import_report *rep, int64_t *plan_id) MC_WARN_UNUSED;

/*
 * Import tasks into the existing plan plan_id from CSV as
 * prog_plan_import() does (same checks, all or nothing, idempotent,
 * audited 'programme.tasks_import').  Returns as prog_plan_import();
 * MC_ERR_NOT_FOUND for an unknown plan.
 */
enum mc_status prog_tasks_import_csv(struct db *db, int64_t plan_id, const char *csv,
                                     size_t len, const struct audit_actor *who,
                                     struct import_report *rep) MC_WARN_UNUSED;

/*
 * Load a plan the repository ships (data/programme/plan-<name>.json and
 * its CSV; name "sonla", "hanoi", "thaibinh", "bariavungtau", also
 * written "son-la", "ha-noi", "thai-binh", "ba-ria-vung-tau") with its
 * organisation files first.  OUT *plan_id.  Returns MC_ERR_NOT_FOUND for
 * an unknown name, else as prog_plan_import().
 */
enum mc_status prog_plan_load_shipped(struct db *db, const char *name,
                                      const struct audit_actor *who, struct import_report *rep,
                                      int64_t *plan_id) MC_WARN_UNUSED;

/*
 * Append the tasks of plan plan_id to out as CSV in the import's format
 * (the header, then one row per task, lead and co-organisations as the
 * active ones), through core/csv.h's writer, so an export imports again.
 * Returns MC_OK; MC_ERR_TOO_LARGE when out's maximum is reached; MC_ERR_DB.
 */
enum mc_status prog_tasks_export_csv(struct db *db, int64_t plan_id, struct buf *out)
    MC_WARN_UNUSED;

/*
 * Tasks as an Excel workbook: the export has one sheet, "Nhiệm vụ", with
 * the columns of the CSV (texts as text cells, so time frames stay as
 * written); the import reads the first sheet of an .xlsx with those
 * columns and checks it exactly as prog_tasks_import_csv() does, the
 * messages naming the sheet's row ("dòng 4" is row 4).  tmpdir: a folder
 * for libxlsxwriter's temporary file.  Returns as the CSV functions;
 * MC_ERR_INVALID with a message when the file is not a readable .xlsx.
 */
enum mc_status prog_tasks_export_xlsx(struct db *db, int64_t plan_id, const char *tmpdir,
                                      struct buf *out) MC_WARN_UNUSED;
enum mc_status prog_tasks_import_xlsx(struct db *db, int64_t plan_id, const char *data,
                                      size_t len, const struct audit_actor *who,
                                      struct import_report *rep) MC_WARN_UNUSED;
/* True when data starts like a zip (an .xlsx); CSV never does.  Pure. */
bool prog_is_xlsx(const char *data, size_t len);

/* ---------------------------------------------------------------- reassignment */

/*
 * Move the open tasks of organisation from_code (active rows, not finished
 * by it, frame not ended before day) to each of the nto organisations in
 * to, in the same role; the old rows become inactive and each move is
 * logged (task_reassignments) and audited ('programme.reassign') as who.
 * Limited to plan plan_id when it is not 0.  OUT *moved (may be NULL):
 * the rows moved.  Returns MC_OK; MC_ERR_INVALID when to is empty or
 * names from_code; MC_ERR_NOT_FOUND when an organisation is unknown;
 * MC_ERR_DB.
 */
enum mc_status prog_reassign(struct db *db, int64_t plan_id, const char *from_code,
                             const char *const *to, size_t nto, const char *day,
                             const struct audit_actor *who, size_t *moved) MC_WARN_UNUSED;

/*
 * For every organisation holding open tasks of plan plan_id that is no
 * longer in force on day and has successors: move its tasks to all of
 * them when it merged, to the first (the default) when it was abolished,
 * repeated until every task sits with an organisation in force (a chain
 * such as Sở TT&TT Thái Bình -> Sở KH&CN Thái Bình -> Sở KH&CN Hưng Yên).
 * OUT *moved (may be NULL).  Returns MC_OK or MC_ERR_DB.
 */
enum mc_status prog_reassign_defaults(struct db *db, int64_t plan_id, const char *day,
                                      const struct audit_actor *who, size_t *moved)
    MC_WARN_UNUSED;

/*
 * The organisation in force on day that stands for code now: code itself
 * when in force, else its first successor followed until one is.  Copied
 * into out (ORG_CODE_MAX bytes).  Returns MC_OK; MC_ERR_NOT_FOUND.
 */
enum mc_status prog_org_current(struct db *db, const char *code, const char *day, char *out)
    MC_WARN_UNUSED;

/* ---------------------------------------------------------------- who may do what */

/*
 * Append to *out the organisations u acts for: those linked to u's agency
 * (org_list_for_agency).  Empty for citizens and staff without one.
 */
enum mc_status prog_user_orgs(struct db *db, const struct user *u, struct org_list *out)
    MC_WARN_UNUSED;

/* True when u acts for org_code.  *yes false on any error. */
enum mc_status prog_acts_for(struct db *db, const struct user *u, const char *org_code,
                             bool *yes) MC_WARN_UNUSED;

/*
 * True when u manages plan p: a province admin, or an agency admin or
 * leader (approver) acting for the plan's focal organisation (or its
 * current successor).
 */
enum mc_status prog_is_focal(struct db *db, const struct user *u, const struct prog_plan *p,
                             bool *yes) MC_WARN_UNUSED;

/* True when u holds the read-only oversight role. */
enum mc_status prog_is_overseer(struct db *db, const struct user *u, bool *yes)
    MC_WARN_UNUSED;

/*
 * Grant (grant true) or withdraw the oversight role of the staff account
 * login, for organisation org_code (may be NULL); audited
 * ('programme.overseer').  MC_ERR_NOT_FOUND for an unknown login or
 * organisation; MC_ERR_INVALID for a citizen account.
 */
enum mc_status prog_overseer_set(struct db *db, const char *login, const char *org_code,
                                 bool grant, const struct audit_actor *who) MC_WARN_UNUSED;

/* True when u may read the programme pages at all (staff with an
 * organisation, focal staff, province admins, overseers).  Pure on u
 * except for the overseer lookup; false on error. */
bool prog_may_read(struct db *db, const struct user *u);

/* ---------------------------------------------------------------- workspace */

enum prog_status {
    PROG_NOT_STARTED,   /* chưa triển khai */
    PROG_IN_PROGRESS,   /* đang thực hiện */
    PROG_DONE,          /* hoàn thành */
    PROG_LATE,          /* chậm */
};

/* Stored name ("dang_thuc_hien") and Vietnamese label ("Đang thực hiện"). */
const char *prog_status_name(enum prog_status s);
const char *prog_status_label(enum prog_status s);
/* Parse a stored name; false for anything else. */
bool prog_status_parse(const char *s, enum prog_status *out);

struct prog_progress {
    int64_t task_id;
    char org_code[ORG_CODE_MAX];
    enum prog_status status;        /* PROG_NOT_STARTED when nothing was recorded */
    int64_t budget_planned;         /* đồng, -1 when not entered */
    int64_t budget_spent;           /* đồng, -1 when not entered */
    int64_t updated_at;             /* 0 when nothing was recorded */
};

/*
 * The progress of org_code on task_id into *out (a fresh "chưa triển
 * khai" when nothing was recorded).  MC_OK or MC_ERR_DB.
 */
enum mc_status prog_progress_get(struct db *db, int64_t task_id, const char *org_code,
                                 struct prog_progress *out) MC_WARN_UNUSED;

/* What an organisation records on a task; pointers borrowed. */
struct prog_update {
    enum prog_status status;
    int64_t budget_planned;         /* đồng, -1 = leave empty */
    int64_t budget_spent;           /* đồng, -1 = leave empty */
    const char *note;               /* a progress note to add, or NULL/"" */
};

/*
 * Record u's update of org_code's progress on task_id, with its note, in
 * one transaction with its audit row ('programme.progress').  u must act
 * for org_code and the task be given to it: MC_ERR_FORBIDDEN otherwise;
 * a note over PROG_TEXT_MAX or a negative budget: MC_ERR_INVALID with errs.
 */
enum mc_status prog_progress_save(struct db *db, const struct user *u, int64_t task_id,
                                  const char *org_code, const struct prog_update *up,
                                  const struct audit_actor *who, struct form_errors *errs)
    MC_WARN_UNUSED;

/*
 * Set the count of output kind (output-types.csv key) for year on
 * org_code's task (a typed count, source 'manual'); audited
 * ('programme.output').  A kind the platform counts itself
 * (prog_output_kind_source() not NULL) is an override of the live
 * figure: reason (at most PROG_REASON_MAX bytes) must say why, and is
 * shown beside the figure in the reports.  reason may be NULL for other
 * kinds.  Authorised as prog_progress_save(); MC_ERR_INVALID for an
 * unknown kind, a year outside 2000-2100, a negative count, or an
 * override without a reason.
 */
enum mc_status prog_output_set(struct db *db, const struct user *u, int64_t task_id,
                               const char *org_code, int year, const char *kind,
                               int64_t count, const char *reason, const struct audit_actor *who)
    MC_WARN_UNUSED;

/*
 * Add evidence to org_code's task: a link (url, http or https) or a file
 * already in the file store (sha256, file_name, content_type), with a
 * title; audited ('programme.evidence').  Exactly one of url and sha256.
 * Authorised as prog_progress_save(); MC_ERR_INVALID with errs otherwise.
 */
enum mc_status prog_evidence_add(struct db *db, const struct user *u, int64_t task_id,
                                 const char *org_code, const char *title, const char *url,
                                 const char *sha256, const char *file_name,
                                 const char *content_type, const struct audit_actor *who,
                                 struct form_errors *errs) MC_WARN_UNUSED;

/* One note, output or evidence item of a task, for the pages. */
struct prog_item {
    int64_t id;
    int64_t at;                 /* Unix seconds */
    char kind[32];              /* output kind, or "url"/"file" for evidence */
    char *text;                 /* note body, evidence title; owned */
    char *ref;                  /* evidence URL or file sha256, an output's reason;
                                   owned, may be NULL */
    int64_t count;              /* output count; year of an output in `at` */
};

LIST_DECLARE(prog_item, prog_item);

/*
 * The stored file of evidence item id of org_code on task_id: OUT sha256
 * (FILESTORE-style hex, 65 bytes), name (size bytes, the uploader's file
 * name) and type (the sniffed content type, tsize bytes).  The caller has
 * checked who may read the task.  MC_OK; MC_ERR_NOT_FOUND (no such item,
 * or a link, not a file); MC_ERR_DB.
 */
enum mc_status prog_evidence_file(struct db *db, int64_t task_id, const char *org_code,
                                  int64_t id, char *sha256, char *name, size_t size,
                                  char *type, size_t tsize) MC_WARN_UNUSED;

/*
 * Whether some task evidence or plan document names the stored file
 * sha256 (an owner of stored files, core/filestore.h: registered by the
 * program's composition root, so the file store's sweep keeps them).  OUT *used.  Returns
 * MC_OK or MC_ERR_DB.
 */
enum mc_status prog_uses_file(struct db *db, const char *sha256, bool *used) MC_WARN_UNUSED;

/* Notes (newest first), outputs (by year and kind; `at` holds the year) and
 * evidence (newest first) of org_code on task_id.  MC_OK or MC_ERR_DB. */
enum mc_status prog_notes(struct db *db, int64_t task_id, const char *org_code,
                          struct prog_item_list *out) MC_WARN_UNUSED;
enum mc_status prog_outputs(struct db *db, int64_t task_id, const char *org_code,
                            struct prog_item_list *out) MC_WARN_UNUSED;
enum mc_status prog_evidence(struct db *db, int64_t task_id, const char *org_code,
                             struct prog_item_list *out) MC_WARN_UNUSED;

/*
 * The Vietnamese name of output kind key ("Tin, bài") from the shipped
 * output-types.csv, or NULL for an unknown key.  The list in order:
 * prog_output_kind_at(i) for i = 0.. until NULL.  Pure (reads compiled-in
 * data; thread-safe after the first call, which main() makes at start).
 */
const char *prog_output_kind_name(const char *key);
const char *prog_output_kind_at(size_t i);
/*
 * Where the platform's own figure for output kind key comes from
 * (output-types.csv column tu_dong, "Hồ sơ trên Cổng (...)"), or NULL
 * when the organisation types the count.  Pure, as prog_output_kind_name().
 */
const char *prog_output_kind_source(const char *key);

/* ---------------------------------------------------------------- demo */

/*
 * The demo province's programme (Lạng Sơn sample): its organisations, a
 * plan with tasks given to the demo agencies, progress on some of them and
 * a yearly report cycle.  Changes nothing when run again.
 */
enum mc_status prog_seed_demo(struct db *db) MC_WARN_UNUSED;

#endif
