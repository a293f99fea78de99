/*
 * campaign.h - outreach campaigns (chiến dịch nhắn tin): telling people
 * about the online services they could use, then measuring whether they
 * did.
 *
 * DESIGN
 * - A province admin (any agency) or an agency admin (their own) builds a
 *   campaign: an audience rule over platform data, one channel, a message
 *   from a template with placeholders ({ho_ten}, {lien_ket}), the platform
 *   page its link leads to, a control share, a conversion window, a
 *   schedule and a throttle.  The audience is built at once and kept
 *   (campaign_recipients), so its size is shown before anything is sent;
 *   people who refused outreach or have no address for the channel are
 *   left out and counted.  A random control_pct share is held back.
 * - A leader (approver of the campaign's agency, not its author) approves;
 *   sending an unapproved campaign is refused.  Sending queues one outreach
 *   message per recipient in the notify outbox (campaign_enqueue(), run by
 *   a job), batch by batch, each with an idempotency key derived from the campaign, the recipient
 *   and the deployment's key, and
 *   the campaign id and agency on the outbox row; the recipient row records
 *   its message in the same transaction, so a crash repeats and skips no
 *   one.  The outbox applies opt-outs, quiet hours and the weekly cap
 *   (notify_prefs.h) and adds the opt-out link.
 * - {lien_ket} is a short signed link on the platform's own address,
 *   /l/<token> (22 characters: campaign, recipient and a MAC): a click is
 *   counted (unique per recipient) and redirects to the campaign's page,
 *   always a path on this site.
 * - Results: sent, delivered, failed, unique clicks; conversion = online
 *   dossiers lodged by recipients within window_days after delivery,
 *   against the control group (from the start of sending); uplift in
 *   percentage points; cost per message and per conversion from the
 *   per-channel prices; the same by commune; an xlsx export.
 * - Age bands read the birth year from the CCCD (digits 4-6), opened from
 *   its sealed form when the audience is built; nothing new is stored.
 *
 * Thread-safety: functions use only the struct db passed in.
 */
#ifndef MC_CAMPAIGN_CAMPAIGN_H
#define MC_CAMPAIGN_CAMPAIGN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "core/buf.h"
#include "core/db.h"
#include "core/errors.h"
#include "core/status.h"
#include "domain/accounts/account.h"
#include "domain/audit/audit.h"
#include "domain/notify/notify.h"

#define CAMPAIGN_NAME_MAX 200        /* bytes of a campaign's name */
#define CAMPAIGN_BODY_MAX 2000       /* bytes of its message */
#define CAMPAIGN_BATCH 2000          /* messages queued in one transaction */
#define CAMPAIGN_ROUND_US 3000000    /* one campaign_enqueue() call queues batches this long */
#define CAMPAIGN_WINDOW 20000        /* outreach messages waiting in the outbox, at most */
#define CAMPAIGN_TOKEN_LEN 22        /* characters of a link token */
#define CAMPAIGN_LIST_MAX (64L << 20)   /* bytes of an imported list */

/* The keys of links and of opted-out addresses. */
struct campaign_keys {
    unsigned char link[32];      /* signs /l/<token> */
    unsigned char addr[32];      /* notify_addr_hash() key (opt-outs by address) */
    const char *public_url;      /* the site's address ("" = paths only) */
};

/* Derive the keys from the outbox settings (notify_config's keys and address). */
void campaign_keys_from(const struct notify_config *cfg, struct campaign_keys *out);

/* An event preset: Tháng cao điểm, Ngày Chuyển đổi số quốc gia 10/10. */
struct campaign_preset {
    const char *key;       /* "thang-cao-diem", "10-10" */
    const char *name;      /* Vietnamese */
    const char *body;      /* a message with {ho_ten} and {lien_ket} */
    const char *subject;   /* for email */
};
const struct campaign_preset *campaign_presets(size_t *n);
const struct campaign_preset *campaign_preset_find(const char *key);

/* A campaign as the form gives it (text fields; NULL = empty). */
struct campaign_input {
    const char *name, *agency_code, *event;
    const char *audience;       /* "counter_online", "drafts", "commune", "age", "business",
                                   "list" */
    const char *audience_arg;   /* commune code; age band "18-30" */
    const char *list;           /* "list": CSV text with a consent column */
    size_t list_len;
    const char *channel;        /* "sms", "zalo", "email" */
    const char *subject, *body, *target_path;
    const char *control_pct, *window_days, *throttle, *send_at;   /* numbers; "YYYY-MM-DD" */
};

/* Vietnamese name of an audience rule, of a state. */
const char *campaign_audience_name(const char *audience);
const char *campaign_state_name(const char *state);

struct campaign {
    int64_t id;
    char name[CAMPAIGN_NAME_MAX + 1];
    char agency_code[64], agency_name[256];
    char event[24], audience[24], audience_arg[64], channel[8];
    char subject[301], body[CAMPAIGN_BODY_MAX + 1], target_path[200];
    int control_pct, window_days, throttle;
    int64_t send_at, size, skipped, control;
    char state[16];
    int64_t created_by, created_at, approved_by, approved_at, started_at, finished_at;
    char author[256], approver[256];
};

struct campaign_list {
    struct campaign *items;
    size_t n, cap;
};
void campaign_list_release(struct campaign_list *l);

/*
 * Whether u may build campaigns (province or agency admin), send, test or
 * cancel one (its agency's admin, or a province admin), approve one, see one.
 */
bool campaign_is_admin(const struct user *u);
bool campaign_may_manage(const struct user *u, const struct campaign *c);
bool campaign_may_see(const struct user *u, const struct campaign *c);
bool campaign_may_approve(const struct user *u, const struct campaign *c);

/*
 * Build a campaign and its audience (one transaction).  Field errors go to
 * errs (MC_ERR_INVALID): unknown placeholder, an SMS over SMS_MAX_SEGMENTS
 * parts, a list without a consent column, an empty audience, a link that
 * is not a page of this site...  (A message naming the template's or the
 * list's fault stays valid until the next call on this thread.)
 * MC_ERR_FORBIDDEN for someone who may not.
 * Audited (campaign.create).
 */
enum mc_status campaign_create(struct db *db, const struct campaign_keys *k,
                               const struct user *u, const struct campaign_input *in,
                               const struct audit_actor *who, struct form_errors *errs,
                               int64_t *id) MC_WARN_UNUSED;

/* The campaigns u may see, newest first. */
enum mc_status campaign_list_for(struct db *db, const struct user *u,
                                 struct campaign_list *out) MC_WARN_UNUSED;

/*
 * How many campaigns wait for u's approval: drafts of u's agency that u
 * did not write, when u is an approver (0 otherwise).  MC_OK or MC_ERR_DB.
 */
enum mc_status campaign_count_to_approve(struct db *db, const struct user *u,
                                         int64_t *n) MC_WARN_UNUSED;

/* One campaign (MC_ERR_NOT_FOUND, or MC_ERR_FORBIDDEN when u may not see it). */
enum mc_status campaign_get(struct db *db, const struct user *u, int64_t id,
                            struct campaign *out) MC_WARN_UNUSED;

/*
 * What a refused action says (Vietnamese), set by the functions below
 * when they return MC_ERR_CONFLICT or MC_ERR_FORBIDDEN.
 */
struct campaign_says {
    char text[300];
};

/* A leader approves a draft (campaign.approve). */
enum mc_status campaign_approve(struct db *db, const struct user *u, int64_t id,
                                const struct audit_actor *who, struct campaign_says *why)
    MC_WARN_UNUSED;

/* An admin starts sending an approved campaign (campaign.send); refused before approval. */
enum mc_status campaign_send(struct db *db, const struct user *u, int64_t id,
                             const struct audit_actor *who, struct campaign_says *why)
    MC_WARN_UNUSED;

/* An admin cancels a draft or approved campaign (campaign.cancel). */
enum mc_status campaign_cancel(struct db *db, const struct user *u, int64_t id,
                               const struct audit_actor *who, struct campaign_says *why)
    MC_WARN_UNUSED;

/*
 * Send the campaign's message to u's own address for the channel (a
 * transactional message: no quiet hours), with sample values; only an
 * admin who may send it (MC_ERR_FORBIDDEN otherwise).  MC_ERR_NOT_FOUND
 * in why when u has no such address.  Audited (campaign.test).
 */
enum mc_status campaign_test_send(struct db *db, const struct campaign_keys *k,
                                  const struct user *u, int64_t id,
                                  const struct audit_actor *who, struct campaign_says *why)
    MC_WARN_UNUSED;

/*
 * Queue the next batch of every campaign being sent whose time has come
 * (batches of CAMPAIGN_BATCH messages, each in its own transaction, for
 * up to CAMPAIGN_ROUND_US per campaign; fewer under a throttle); a
 * campaign with nobody left becomes 'sent'.  *queued (may be NULL) gets
 * how many messages were queued.  Called by the job runner.
 *
 * A started campaign's recipients are its queue: they go to the outbox
 * as delivery makes room, never more than CAMPAIGN_WINDOW outreach
 * messages waiting there at once.  So a campaign of a million starts at
 * once without copying a million rows, and the outbox, which every
 * one-time code and dossier message also passes through, stays small.
 */
enum mc_status campaign_enqueue(struct db *db, const struct campaign_keys *k, int64_t *queued)
    MC_WARN_UNUSED;

/* The link token of recipient seq of campaign id. */
void campaign_link_token(const struct campaign_keys *k, int64_t id, int64_t seq,
                         char out[CAMPAIGN_TOKEN_LEN + 1]);

/*
 * A click on /l/<token>: count it and give the page to go to (a path of
 * this site) in path.  MC_ERR_NOT_FOUND for a forged or unknown token.
 */
enum mc_status campaign_click(struct db *db, const struct campaign_keys *k, const char *token,
                              char *path, size_t path_size) MC_WARN_UNUSED;

/* One line of results: the whole campaign or one commune. */
struct campaign_figures {
    char unit_code[32], unit_name[256];
    int64_t treated, control;        /* recipients sent to / held back */
    int64_t queued, sent, delivered, failed, clicks;
    int64_t conv_treated, conv_control;
    double rate_treated, rate_control, uplift;   /* percent, percentage points */
};

struct campaign_results {
    struct campaign_figures total;
    struct campaign_figures *units;   /* one per commune, in the order first met */
    size_t nunits, cap;
    int64_t price;                    /* đồng per message of the channel */
    int64_t cost;                     /* price * messages sent */
    double cost_per_conversion;       /* 0 when none */
};
void campaign_results_release(struct campaign_results *r);

/* The results of c. */
enum mc_status campaign_results(struct db *db, const struct campaign *c,
                                struct campaign_results *out) MC_WARN_UNUSED;

/* The results as an xlsx workbook (through tmpdir), appended to out. */
enum mc_status campaign_export_xlsx(const struct campaign *c, const struct campaign_results *r,
                                    const char *tmpdir, struct buf *out) MC_WARN_UNUSED;

/* Price of one message per channel (đồng; 0 when none set). */
enum mc_status campaign_price_get(struct db *db, const char *channel, int64_t *dong)
    MC_WARN_UNUSED;
/* Set it (province admin; audited campaign.price).  MC_ERR_INVALID for a bad value. */
enum mc_status campaign_price_set(struct db *db, const struct user *u, const char *channel,
                                  const char *dong, const struct audit_actor *who)
    MC_WARN_UNUSED;

/*
 * Seal the audiences' addresses written before they were sealed (all false,
 * at start: idempotent), or reseal every one under the current key (all
 * true, `motcua keys rotate`), in the caller's transaction; *changed counts
 * rows written.
 */
enum mc_status campaign_reseal(struct db *db, bool all, size_t *changed) MC_WARN_UNUSED;

/* The demo's campaigns (built by the province admin login, approved, sent). */
enum mc_status campaign_seed_demo(struct db *db, const char *admin_login) MC_WARN_UNUSED;

#endif
