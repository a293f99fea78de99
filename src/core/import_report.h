/*
 * import_report.h - what an import did: counts and the reasons records
 * were rejected, and a Vietnamese summary of both.
 *
 * Shared by every importer (units, agencies, later the procedure catalog).
 * An importer fills one report per run: how many records it read, how
 * many it created, updated or found unchanged, how many it rejected, and
 * one Vietnamese message per problem ("dòng 7: ...").  Messages are kept
 * up to IMPORT_REPORT_MAX_ERRORS; later ones are only counted, so a huge
 * broken file cannot exhaust memory.
 *
 * Not thread-safe: a report belongs to one thread at a time.
 */
#ifndef MC_UNITS_IMPORT_REPORT_H
#define MC_UNITS_IMPORT_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include "core/compiler.h"
#include "core/progress.h"

#define IMPORT_REPORT_MAX_ERRORS 1000     /* messages kept; the rest are counted */
#define IMPORT_REPORT_MAX_MESSAGE 1024    /* bytes in one message, longer is cut */

struct import_report {
    size_t read;            /* records read from the input */
    size_t created;         /* records written that did not exist before */
    size_t updated;         /* existing records whose values changed */
    size_t unchanged;       /* existing records already equal to the input */
    size_t rejected;        /* records refused (each has at least one message) */
    bool committed;         /* true once the changes were written */
    char **errors;          /* nerrors Vietnamese messages, owned */
    size_t nerrors;         /* messages kept, at most IMPORT_REPORT_MAX_ERRORS */
    size_t errors_cap;      /* slots allocated in errors */
    size_t errors_dropped;  /* messages past the limit, counted only */
    struct progress *progress;  /* shows the run on a terminal (core/progress.h), or
                                   NULL; borrowed, kept by import_report_clear */
};

/* Set up an empty report (all counts 0, no messages).  Allocates nothing. */
void import_report_init(struct import_report *rep);

/*
 * import_report_init(), then progress_init(shown, title) and rep->progress
 * = shown: a run shown on a terminal under title.  shown is the caller's
 * and must outlive the report's use.  Allocates nothing.
 */
void import_report_init_shown(struct import_report *rep, struct progress *shown,
                              const char *title);

/* Free the messages.  The report must be initialised again before reuse. */
void import_report_release(struct import_report *rep);

/* import_report_release() followed by import_report_init(), keeping rep->progress. */
void import_report_clear(struct import_report *rep);

/*
 * Add one printf-style Vietnamese message (lower-case start, no final
 * period), e.g. "dòng 7: mã đơn vị hành chính 99999 không tồn tại".
 * Does not touch the counts: the caller raises rejected once per record,
 * however many messages that record produced.  Messages past
 * IMPORT_REPORT_MAX_ERRORS are counted in errors_dropped and discarded.
 */
void import_report_error(struct import_report *rep, const char *fmt, ...) MC_PRINTF(2, 3);

/*
 * One more record read from the input: rep->read++ and, when the run is
 * shown (rep->progress), the count on the terminal.
 */
void import_report_read(struct import_report *rep);

/* Total number of messages, kept or dropped. */
size_t import_report_error_count(const struct import_report *rep);

/*
 * Print a Vietnamese summary to out: a first line naming what was
 * imported (what, e.g. "đơn vị hành chính") and the counts, then, when
 * there are messages, whether anything was written and one message per
 * line.  Nothing is printed if out is NULL.
 */
void import_report_print(const struct import_report *rep, const char *what, FILE *out);

#endif
