/*
 * programme_report.h - report cycles of the programme (issue 14 part 4):
 * yearly and ad hoc cycles with a due date, one report per organisation
 * that holds tasks of the plan, the submit / return with comment / accept
 * workflow, reminders before and after the due date through the
 * notification outbox, "nhắc ngay", the board of who reported, and the
 * difficulties raised in reports as items the focal agency answers.
 *
 * Workflow of one report:
 *
 *   draft --submit--> submitted --accept--> accepted (locked)
 *     ^                   |
 *     +--- returned <-----+ return (a comment is required)
 *
 * A report is edited only in draft or returned; once accepted nothing
 * changes it.  Only staff acting for the organisation (agency admins and
 * leaders of its agency) edit and submit it; only the focal organisation
 * (prog_is_focal) returns or accepts it and starts cycles.
 *
 * Reminders (prog_remind_due, run by the background task and `motcua
 * programme remind`): for each report not yet submitted, the most urgent
 * threshold reached - 7, 3 and 1 days before the due date, the day
 * itself, and after it (escalated to the organisation's leaders) - is
 * sent once: report_reminders has one row per threshold, written in the
 * same transaction as the messages.  "Now" is clock_now(), so tests pin
 * it with MOTCUA_NOW.
 *
 * Thread-safety: functions use only the struct db passed in.
 */
#ifndef MC_DOMAIN_PROGRAMME_PROGRAMME_REPORT_H
#define MC_DOMAIN_PROGRAMME_PROGRAMME_REPORT_H

#include "domain/programme/programme.h"

#define PROG_REPORT_TEXT_MAX (32 * 1024)   /* bytes in one free-text section */

enum prog_report_state {
    PROG_REPORT_DRAFT,       /* not sent yet */
    PROG_REPORT_SUBMITTED,   /* sent, waiting for the focal agency */
    PROG_REPORT_RETURNED,    /* sent back with a comment */
    PROG_REPORT_ACCEPTED,    /* accepted and locked */
};

/* Stored name ("submitted") and Vietnamese label ("Đã gửi"). */
const char *prog_report_state_name(enum prog_report_state s);
const char *prog_report_state_label(enum prog_report_state s);

struct prog_cycle {
    int64_t id;
    int64_t plan_id;
    bool adhoc;                          /* false: yearly (hằng năm), true: ad hoc */
    int year;                            /* the year reported on */
    char title[300];
    char due_on[PROG_DAY_SIZE];          /* "YYYY-MM-DD", Vietnam day */
    char recipient_code[ORG_CODE_MAX];   /* the focal organisation */
};

LIST_DECLARE(prog_cycle, prog_cycle);

struct prog_report {
    int64_t id;
    int64_t cycle_id;
    char org_code[ORG_CODE_MAX];
    enum prog_report_state state;
    char *results;          /* kết quả thực hiện, owned */
    char *difficulties;     /* khó khăn, vướng mắc (one per line), owned */
    char *proposals;        /* đề xuất, kiến nghị, owned */
    char *budget;           /* kinh phí (free text), owned */
    char *return_comment;   /* the focal agency's last comment, owned */
    int64_t submitted_at;   /* 0 before the first submission */
    int64_t accepted_at;    /* 0 until accepted */
};

LIST_DECLARE(prog_report, prog_report);

void prog_report_init(struct prog_report *r);
void prog_report_release(struct prog_report *r);

/*
 * Start a report cycle of plan plan_id: yearly or ad hoc, for year, due on
 * due_on (as typed, calendar_date_parse_input(); not before today; stored
 * "YYYY-MM-DD"), titled title.  One report (in
 * draft) is created for every organisation in force that holds tasks of
 * the plan (groups expanded).  u must be focal for the plan
 * (MC_ERR_FORBIDDEN).  Bad input: MC_ERR_INVALID with errs.  Audited
 * ('programme.cycle_create').  OUT *id.
 */
enum mc_status prog_cycle_create(struct db *db, const struct user *u, int64_t plan_id,
                                 bool adhoc, int year, const char *title, const char *due_on,
                                 const struct audit_actor *who, struct form_errors *errs,
                                 int64_t *id) MC_WARN_UNUSED;

/* One cycle; cycles of a plan (newest first).  MC_OK; MC_ERR_NOT_FOUND; MC_ERR_DB. */
enum mc_status prog_cycle_get(struct db *db, int64_t id, struct prog_cycle *out)
    MC_WARN_UNUSED;
enum mc_status prog_cycle_list(struct db *db, int64_t plan_id, struct prog_cycle_list *out)
    MC_WARN_UNUSED;

/* One report; the reports of a cycle (by organisation code); the reports of
 * an organisation (newest cycle first). */
enum mc_status prog_report_get(struct db *db, int64_t id, struct prog_report *out)
    MC_WARN_UNUSED;
enum mc_status prog_report_list(struct db *db, int64_t cycle_id, struct prog_report_list *out)
    MC_WARN_UNUSED;
enum mc_status prog_report_list_org(struct db *db, const char *org_code,
                                    struct prog_report_list *out) MC_WARN_UNUSED;

/* The free-text sections of a report as typed; pointers borrowed. */
struct prog_report_form {
    const char *results;
    const char *difficulties;
    const char *proposals;
    const char *budget;
};

/*
 * Save the sections of report id (submit false) or save and submit it
 * (submit true: each non-empty line of difficulties becomes an item the
 * focal agency answers).  u must act for the report's organisation as its
 * agency admin or a leader: MC_ERR_FORBIDDEN.  A report submitted or
 * accepted cannot be edited: MC_ERR_CONFLICT.  A section over
 * PROG_REPORT_TEXT_MAX, or submitting with no results: MC_ERR_INVALID with
 * errs.  Audited ('programme.report_save' / 'programme.report_submit').
 */
enum mc_status prog_report_save(struct db *db, const struct user *u, int64_t id,
                                const struct prog_report_form *f, bool submit,
                                const struct audit_actor *who, struct form_errors *errs)
    MC_WARN_UNUSED;

/*
 * The focal agency returns a submitted report with comment (required:
 * MC_ERR_INVALID with errs) or accepts it (locked for good).  u must be
 * focal for the cycle's plan: MC_ERR_FORBIDDEN.  A report not submitted:
 * MC_ERR_CONFLICT.  Audited ('programme.report_return' /
 * 'programme.report_accept').
 */
enum mc_status prog_report_return(struct db *db, const struct user *u, int64_t id,
                                  const char *comment, const struct audit_actor *who,
                                  struct form_errors *errs) MC_WARN_UNUSED;
enum mc_status prog_report_accept(struct db *db, const struct user *u, int64_t id,
                                  const struct audit_actor *who) MC_WARN_UNUSED;

/* One line of the board of a cycle. */
struct prog_board_row {
    char org_code[ORG_CODE_MAX];
    char org_name[300];
    int64_t report_id;
    enum prog_report_state state;
    int64_t submitted_at;    /* 0 when never submitted */
    bool late;               /* submitted after the due day, or still missing after it */
    int reminders;           /* reminders sent for it so far */
};

struct prog_board {
    struct prog_board_row *rows;
    size_t n;
    size_t cap;
    size_t submitted;        /* submitted or accepted */
    size_t accepted;
    size_t missing;          /* draft or returned */
    size_t late;
};

void prog_board_init(struct prog_board *b);
void prog_board_release(struct prog_board *b);

/* The board of cycle cycle_id as of today (clock_now()).  MC_OK; MC_ERR_DB. */
enum mc_status prog_board_load(struct db *db, int64_t cycle_id, struct prog_board *out)
    MC_WARN_UNUSED;

/*
 * Send the reminders that are due now (see the header comment).  OUT
 * *sent (may be NULL): reminders recorded.  MC_OK or MC_ERR_DB.
 */
enum mc_status prog_remind_due(struct db *db, size_t *sent) MC_WARN_UNUSED;

/*
 * "Nhắc ngay": remind org_code about cycle_id now, whatever the day.  u
 * must be focal: MC_ERR_FORBIDDEN; a report already submitted:
 * MC_ERR_CONFLICT.  Audited ('programme.remind_now').
 */
enum mc_status prog_remind_now(struct db *db, const struct user *u, int64_t cycle_id,
                               const char *org_code, const struct audit_actor *who)
    MC_WARN_UNUSED;

/* A difficulty raised in a report. */
struct prog_difficulty {
    int64_t id;
    int64_t report_id;
    char org_code[ORG_CODE_MAX];
    char *body;                     /* owned */
    char due_on[PROG_DAY_SIZE];     /* the answer's due day, "" when not set */
    char *answer;                   /* owned, "" until answered */
    int64_t answered_at;            /* 0 until answered */
};

LIST_DECLARE(prog_difficulty, prog_difficulty);

/* The difficulties of a cycle, oldest first.  MC_OK or MC_ERR_DB. */
enum mc_status prog_difficulty_list(struct db *db, int64_t cycle_id,
                                    struct prog_difficulty_list *out) MC_WARN_UNUSED;

/*
 * The focal agency answers difficulty id (answer required) and/or sets the
 * day it will be answered by.  MC_ERR_FORBIDDEN unless focal;
 * MC_ERR_INVALID with errs.  Audited ('programme.difficulty_answer').
 */
enum mc_status prog_difficulty_answer(struct db *db, const struct user *u, int64_t id,
                                      const char *answer, const char *due_on,
                                      const struct audit_actor *who, struct form_errors *errs)
    MC_WARN_UNUSED;

/* ---------------------------------------------------------------- counts that fill themselves */

/*
 * The platform's own count for output kind (an output-types.csv key with
 * a source, prog_output_kind_source()) at agency agency_code in year.
 * OUT *count.  MC_ERR_NOT_FOUND when the source has no such count.
 */
typedef enum mc_status (*prog_count_source_fn)(struct db *db, const char *kind,
                                               const char *agency_code, int year,
                                               int64_t *count);

/*
 * Set where live counts come from (the program's composition root,
 * src/app/wire.c, wires the KPI module's agency counts).  Until it is
 * set, live kinds show no figure.  Not thread-safe: call at start.
 */
void prog_set_count_source(prog_count_source_fn fn);

/* One live figure of one task of an organisation. */
struct prog_live {
    int64_t task_id;
    char task_number[PROG_TASK_NUMBER_MAX];
    char kind[32];              /* output-types.csv key */
    bool known;                 /* false: no source, or the organisation has no agency */
    int64_t count;              /* the platform's figure (live, or frozen on submission) */
    bool typed;                 /* the organisation typed another count (an override) */
    int64_t typed_count;
    char *reason;               /* why it was overridden; owned, "" when not typed */
};

/* prog_live_list: items in the plan's task order, then the task's kind order */
LIST_DECLARE(prog_live, prog_live);

/*
 * The live figures of org_code's tasks in plan plan_id for year: one row
 * per task given to it and per kind of the task's output kinds that has a
 * source, computed now for the agency the organisation is linked to, with
 * the organisation's typed override if any.  Appended to *out.  MC_OK;
 * MC_ERR_DB.
 */
enum mc_status prog_live_counts(struct db *db, int64_t plan_id, const char *org_code, int year,
                                struct prog_live_list *out) MC_WARN_UNUSED;

/*
 * The figures of report r in cycle cy: those frozen when it was last
 * submitted (state submitted or accepted), else live as
 * prog_live_counts().  OUT *frozen (may be NULL).  MC_OK; MC_ERR_DB.
 */
enum mc_status prog_report_counts(struct db *db, const struct prog_report *r,
                                  const struct prog_cycle *cy, struct prog_live_list *out,
                                  bool *frozen) MC_WARN_UNUSED;

/*
 * Freeze the live figures of report_id (org_code, plan_id, year) as they
 * are now, replacing an earlier freeze.  Called by the submission, inside
 * its transaction.  MC_OK; MC_ERR_DB.
 */
enum mc_status prog_counts_freeze(struct db *db, int64_t report_id, int64_t plan_id,
                                  const char *org_code, int year) MC_WARN_UNUSED;

#endif
