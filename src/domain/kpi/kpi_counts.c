/*
 * kpi_counts.c - counts of one agency for one year (see kpi.h,
 * kpi_agency_count): the figures the programme's reports take from the
 * platform instead of asking the agency to type them.
 */
#include <stdio.h>
#include <string.h>
#include "domain/index766/index766.h"
#include "domain/kpi/kpi-int.h"

/* Feedback of ?3 received in [?1, ?2) (refused items aside) answered in public. */
static const struct db_query Q_FEEDBACK_ANSWERED = {
    "kpi.count_feedback",
    "SELECT COUNT(*) FROM feedback WHERE received_at >= ?1 AND received_at < ?2"
    " AND status <> 'rejected' AND published_at IS NOT NULL AND agency_code = ?3",
};
/* Surveys of ?3 opened to the public in [?1, ?2). */
static const struct db_query Q_SURVEYS = {
    "kpi.count_surveys",
    "SELECT COUNT(*) FROM surveys WHERE agency_code = ?3 AND published_at IS NOT NULL"
    " AND published_at >= ?1 AND published_at < ?2",
};

/* The 766 counter field of key of agency for period, into *count (0 when none). */
static enum mc_status dossier_count(struct db *db, const char *key, const char *agency,
                                    const char *period, int64_t *count)
{
    struct index766_counts_list l;
    enum mc_status rc;
    index766_counts_list_init(&l);
    rc = index766_counters_get(db, period, &l);
    for (size_t i = 0; rc == MC_OK && i < l.n; i++) {
        const struct idx_dossier_counts *c = &l.items[i].c;
        if (strcmp(l.items[i].agency_code, agency) != 0)
            continue;
        if (strcmp(key, "ho_so_tiep_nhan") == 0)
            *count = c->received;
        else if (strcmp(key, "ho_so_truc_tuyen") == 0)
            *count = c->lodged_online;
        else
            *count = c->on_time;
    }
    index766_counts_list_release(&l);
    return rc;
}

enum mc_status kpi_agency_count(struct db *db, const char *key, const char *agency, int year,
                                int64_t *count)
{
    struct idx_period p;
    char period[8];
    enum mc_status rc = MC_OK;

    *count = 0;
    if (!key || !agency)
        return MC_ERR_NOT_FOUND;
    if (year < 2000 || year > 2100)
        return MC_ERR_INVALID;
    snprintf(period, sizeof(period), "%d", year);
    if (idx_period_parse(period, &p) != MC_OK)
        return MC_ERR_INVALID;
    if (strcmp(key, "ho_so_tiep_nhan") == 0 || strcmp(key, "ho_so_truc_tuyen") == 0 ||
        strcmp(key, "ho_so_dung_han") == 0)
        rc = dossier_count(db, key, agency, period, count);
    else if (strcmp(key, "y_kien_tra_loi") == 0)
        rc = db_get_int(db, &Q_FEEDBACK_ANSWERED, count, "iis", p.start, p.end, agency);
    else if (strcmp(key, "khao_sat") == 0)
        rc = db_get_int(db, &Q_SURVEYS, count, "iis", p.start, p.end, agency);
    else
        rc = MC_ERR_NOT_FOUND;
    return rc;
}
