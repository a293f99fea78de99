/*
 * clock_view.h - the working-time clock of a dossier as people read it
 * (domain: dossier_clock() in dossier/dossier.h): "đã dùng 0,5 / 1 ngày
 * làm việc, còn 0,5", paused while the agency waits for the applicant,
 * and why the appointment moved.  Used by the applicant's dossier page and
 * the public tracking page (templates/clock.html).
 *
 * Thread-safety: reads its arguments only.
 */
#ifndef MC_WEB_CLOCK_VIEW_H
#define MC_WEB_CLOCK_VIEW_H

#include <jansson.h>
#include "domain/dossier/dossier.h"

/*
 * The clock of d as of now, for templates/clock.html: {started, paused,
 * late, ended, used, left, allowed (texts), percent, paused_since,
 * supplement_by, moves: [{when, text}]}.  moves[0..n) say why the
 * appointment moved (oldest first); notes (may be NULL; parallel to moves,
 * each may be NULL) add the officer's words, for the applicant's own page
 * only.  New reference.
 */
json_t *clock_view(const struct calendar *cal, const struct dossier *d, int64_t now,
                   const struct dossier_move *moves, const char *const *notes, size_t n);

#endif
