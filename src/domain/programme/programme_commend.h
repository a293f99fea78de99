/*
 * programme_commend.h - the commendation shortlist (issue 14 part 8;
 * 1588 §IV.3.k): the organisations of a plan's province with an agency,
 * ranked for the province's emulation council (Sở Nội vụ) by what the
 * platform measured in a year, each with the evidence behind its place.
 *
 * The score (0-100) weighs, for the year (the PROG_COMMEND_W_* below):
 *   30 % the 766 service-quality score of the agency (index766_compute);
 *   20 % KPI attainment: the share of the agency's KPIs with a value and a
 *        target that are on target (kpi_compute, kpi_table_on_target);
 *        none measured counts 0;
 *   15 % feedback answered by the deadline (feedback_indicators; full marks
 *        when none was due, as the 766 index counts it);
 *   15 % the programme tasks given to it marked done;
 *   10 % its yearly report sent by the due day (the year's yearly cycle);
 *   10 % its community digital team's activity (citizens helped, against
 *        the most active agency of the list).
 * The weights are the platform's proposal; Sở Nội vụ may ask for others
 * (one place: the constants below).
 *
 * Thread-safety: uses only the struct db passed in.
 */
#ifndef MC_DOMAIN_PROGRAMME_PROGRAMME_COMMEND_H
#define MC_DOMAIN_PROGRAMME_PROGRAMME_COMMEND_H

#include "domain/programme/programme.h"

#define PROG_COMMEND_MAX 200   /* organisations considered, at most */

/* The weights of the score, in percent (they add up to 100). */
#define PROG_COMMEND_W_766 30
#define PROG_COMMEND_W_KPI 20
#define PROG_COMMEND_W_FEEDBACK 15
#define PROG_COMMEND_W_TASKS 15
#define PROG_COMMEND_W_REPORT 10
#define PROG_COMMEND_W_TEAM 10

/* One organisation on the list, with its evidence. */
struct prog_commend_row {
    char org_code[ORG_CODE_MAX];
    char org_name[300];
    char agency_code[ORG_CODE_MAX];
    bool has_766;               /* the agency has 766 data for the year */
    double score_766;           /* 0-100 */
    int rank_766;               /* among the candidates, 1 = best; 0 without data */
    int64_t feedback_on_time;   /* answered by the deadline */
    int64_t feedback_due;       /* answered, or due and unanswered */
    int tasks;                  /* tasks given to it in the plan */
    int tasks_done;             /* of those, marked done by it */
    int evidence;               /* evidence items it recorded */
    bool reported;              /* the year's yearly report sent */
    bool reported_on_time;      /* ... by the due day */
    int64_t helped;             /* citizens helped by its community digital team */
    int kpi_measured;           /* its KPIs with a value and a target for the year */
    int kpi_on_target;          /* of those, on target */
    double score;               /* the weighted score, 0-100 */
};

struct prog_commend_list {
    struct prog_commend_row *rows;   /* best first */
    size_t n;
    size_t cap;
};

void prog_commend_list_init(struct prog_commend_list *l);
void prog_commend_list_release(struct prog_commend_list *l);

/*
 * The weighted score (0-100) of row r, most_helped being the most
 * citizens helped by any row of the list.  Pure.
 */
double prog_commend_score(const struct prog_commend_row *r, int64_t most_helped);

/*
 * The shortlist of plan plan_id for year (2000-2100) into *out.  u must be
 * focal for the plan or an overseer: MC_ERR_FORBIDDEN.  MC_ERR_INVALID for
 * a bad year; MC_ERR_NOT_FOUND for an unknown plan; MC_ERR_DB.
 */
enum mc_status prog_commend(struct db *db, const struct user *u, int64_t plan_id, int year,
                            struct prog_commend_list *out) MC_WARN_UNUSED;

#endif
