/* campaign_tasks.c - the campaign module's periodic task (see campaign_tasks.h). */
#include "jobs/campaign_tasks.h"
#include "core/log.h"
#include "domain/campaign/campaign.h"

static enum mc_status run_send(struct db *db, void *ctx)
{
    const struct job_env *env = ctx;
    struct campaign_keys k;
    int64_t queued = 0;
    campaign_keys_from(env->notify, &k);
    enum mc_status st = campaign_enqueue(db, &k, &queued);
    if (st == MC_OK && queued)
        log_info("campaign: %lld messages queued", (long long)queued);
    return st;
}

static const struct job_def campaign_jobs[] = {
    {TASK_CAMPAIGN_SEND, TASK_CAMPAIGN_SEND_INTERVAL, run_send},
};

const struct jobs_module jobs_module_campaign = {campaign_jobs, MC_ARRAY_LEN(campaign_jobs)};
