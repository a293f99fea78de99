/*
 * progress.h - progress of a long command on a terminal: rows done, the
 * rate and the time left, redrawn in place on stderr a few times a
 * second, and nothing at all when stderr is not a terminal (a pipe, a
 * file, cron), so logs and scripts see only the command's own output.
 *
 *   struct progress p;
 *   progress_init(&p, "Nhập thủ tục hành chính");   // quiet unless stderr is a TTY
 *   rep.progress = &p;                              // importers report through it
 *   progress_begin(&p, "ghi", "thủ tục", n);        // one phase: what, unit, total (0 = ?)
 *   for (...) progress_update(&p, done);
 *   progress_end(&p);                               // the phase's last line stays
 *
 * A line looks like
 *   Nhập thủ tục hành chính – ghi: 1.234/2.642 thủ tục (46,7%), 812/giây, còn 2 giây
 * and, when a phase ends,
 *   Nhập thủ tục hành chính – ghi: xong 2.642 thủ tục trong 3,3 giây (812/giây)
 *
 * DESIGN
 * - Domain code takes a struct progress * that may be NULL (every function
 *   here accepts NULL and does nothing), so it reports progress without
 *   knowing whether anyone watches; only command front-ends create one.
 * - Redraws are rate-limited (PROGRESS_REDRAW_US) with the monotonic
 *   clock, so calling progress_update() for every row costs a clock read.
 * - A line is redrawn with "\r" and "erase to end of line", cut to the
 *   terminal's width: a wrapped line could not be redrawn in place.
 * - progress_format() is pure, for tests and for callers that print
 *   elsewhere.
 *
 * Thread-safety: a struct progress belongs to one thread.
 */
#ifndef MC_PROGRESS_H
#define MC_PROGRESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define PROGRESS_REDRAW_US 250000   /* at most four redraws a second */
#define PROGRESS_LINE_MAX 256       /* bytes of one line, label included */

struct progress {
    FILE *out;              /* where lines go; NULL = quiet */
    const char *title;      /* "Nhập thủ tục hành chính"; borrowed */
    const char *phase;      /* "ghi", or NULL; borrowed */
    const char *unit;       /* "thủ tục"; borrowed */
    uint64_t done;          /* rows done in this phase */
    uint64_t total;         /* rows in this phase, 0 when unknown */
    int64_t start_us;       /* monotonic start of this phase */
    int64_t drawn_us;       /* when the line was last drawn, 0 = never */
    bool active;            /* between progress_begin and progress_end */
    unsigned width;         /* the terminal's columns, 0 when unknown (no cut) */
};

/*
 * Set up p for a command called title (borrowed, must outlive p): it
 * draws on stderr when stderr is a terminal, else stays quiet.  Starts no
 * phase.  Allocates nothing.
 */
void progress_init(struct progress *p, const char *title);

/* As progress_init, drawing on out (NULL = quiet) whatever it is: for tests. */
void progress_init_file(struct progress *p, const char *title, FILE *out);

/*
 * Start a phase: what it does (phase, may be NULL), what it counts (unit,
 * e.g. "dòng") and how many there are (total, 0 when unknown).  Ends the
 * previous phase first if one is running.  Strings are borrowed until
 * progress_end.  NULL p is fine.
 */
void progress_begin(struct progress *p, const char *phase, const char *unit, uint64_t total);

/* Change the phase's total once it is known (0 = unknown).  NULL p is fine. */
void progress_set_total(struct progress *p, uint64_t total);

/*
 * done rows of the phase are finished; redraws the line if the last draw
 * is older than PROGRESS_REDRAW_US (the first call draws at once).  NULL
 * p, or no phase running, is fine.
 */
void progress_update(struct progress *p, uint64_t done);

/* End the phase: draw its final line and move to a new line.  NULL p is fine. */
void progress_end(struct progress *p);

/*
 * A stream that writes through to out (borrowed; not closed) and counts
 * each '\n' written as one more row done on p (progress_update), for
 * exports that write one row per line.  The caller closes it with
 * fclose() before using out again (it flushes).  Returns NULL when the
 * stream cannot be made (then write to out directly).
 */
FILE *progress_lines(struct progress *p, FILE *out);

/*
 * Format one line into out (size bytes, always NUL-terminated): title,
 * phase, done/total unit and percent when total is known, the rate after
 * a tenth of a second, the time left when both are known; with finished,
 * the summary ("xong N unit trong T giây (R/giây)").  Numbers use
 * Vietnamese separators (1.234; 46,7%).  Returns the length written.
 * Pure.
 */
size_t progress_format(char *out, size_t size, const char *title, const char *phase,
                       const char *unit, uint64_t done, uint64_t total, int64_t elapsed_us,
                       bool finished);

#endif
