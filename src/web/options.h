/*
 * options.h - the choices of the <select> lists several pages share,
 * as JSON arrays for the templates.
 *
 * Each entry is {"code": ..., "name": ..., "selected": bool}; templates
 * show the name and submit the code.  The list is read on every call (no
 * cache: agencies change rarely but must show at once when they do).
 */
#ifndef MC_WEB_OPTIONS_H
#define MC_WEB_OPTIONS_H

#include <stdbool.h>
#include <jansson.h>

struct db;

enum web_option_flags {
    WEB_OPTION_FIRST = 1 << 0,   /* no selected code: mark the first entry selected */
};

/*
 * Every agency, by name, with the one whose code equals selected marked
 * (selected may be NULL: none, or the first with WEB_OPTION_FIRST).
 * Returns a new JSON array the caller owns (never NULL); when the agencies
 * cannot be read the array is empty (logged by the domain) so the page
 * still renders.  Uses db on the calling thread only.
 */
json_t *web_agency_options(struct db *db, const char *selected, unsigned flags);

/*
 * Every commune in force of the provinces the platform holds, by full
 * name ("Phường Đông Kinh"), ordered by code, the one whose code equals
 * selected marked, after a first entry "Chọn xã, phường" with code "".
 * Returns a new JSON array the caller owns (never NULL; only the first
 * entry when the units cannot be read).  Uses db on the calling thread.
 */
json_t *web_commune_options(struct db *db, const char *selected);

/*
 * Append the entry {"code": code, "name": name, "selected": ...} to the
 * array a, selected when code equals chosen (chosen NULL: not selected;
 * an entry with code "" is selected by a NULL or empty chosen, as "all"
 * entries are).
 */
void web_option_add(json_t *a, const char *code, const char *name, const char *chosen);

/*
 * The choices keys (up to a NULL) as [{"key": key, name_field: name(key),
 * "selected": whether key equals selected}]; selected NULL marks none.
 * Returns a new JSON array the caller owns.
 */
json_t *web_choices(const char *const *keys, const char *(*name)(const char *),
                    const char *name_field, const char *selected);

#endif
