/*
 * programme-int.h - what the programme's .c files share and nobody else
 * uses: the task import behind the CSV and xlsx entry points.
 */
#ifndef MC_DOMAIN_PROGRAMME_PROGRAMME_INT_H
#define MC_DOMAIN_PROGRAMME_PROGRAMME_INT_H

#include "domain/programme/programme.h"

/*
 * prog_tasks_import_csv() without clearing rep; by_record: messages name
 * the record number (the spreadsheet row, header = 1) instead of the
 * physical line, for CSV converted from an xlsx sheet.
 */
enum mc_status prog_tasks_import(struct db *db, int64_t plan_id, const char *csv, size_t len,
                                 bool by_record, const struct audit_actor *who,
                                 struct import_report *rep) MC_WARN_UNUSED;

#endif
