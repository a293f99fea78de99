/*
 * notify_templates.h - the texts of the transactional messages, edited by
 * the province admin (/quan-tri/mau-tin), previewed with sample values,
 * versioned (every save is a new version; the latest is used).
 *
 * Each kind has a fixed list of placeholders ("{ma_ho_so}"); a text with
 * another placeholder, unpaired braces or, as an SMS, more than
 * SMS_MAX_SEGMENTS parts (placeholders counted at their sample length) is
 * refused with a Vietnamese message.  sms_plain asks for the SMS without
 * diacritics (GSM-7: half the parts or less).  A kind nobody edited keeps
 * the text its module composes (notify_template_render() says so).
 *
 * Thread-safety: as notify.h; the kind table is constant.
 */
#ifndef MC_NOTIFY_TEMPLATES_H
#define MC_NOTIFY_TEMPLATES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "core/buf.h"
#include "core/db.h"

#define NOTIFY_TEMPLATE_BODY_MAX 2000   /* bytes of a template body */

struct notify_template_kind {
    const char *kind;                  /* "dossier.supplement" */
    const char *name;                  /* Vietnamese: "Yêu cầu bổ sung hồ sơ" */
    const char *const *placeholders;   /* NULL-terminated */
    const char *const *samples;        /* a sample value for each, for previews */
    const char *subject;               /* the text used until an admin edits it */
    const char *body;
};

/* The kinds, in display order; *n gets how many. */
const struct notify_template_kind *notify_template_kinds(size_t *n);
/* The kind named kind, or NULL. */
const struct notify_template_kind *notify_template_kind_find(const char *kind);

struct notify_template {
    int64_t version;      /* 0: never edited (subject and body are the kind's own) */
    char subject[301];
    char body[NOTIFY_TEMPLATE_BODY_MAX + 1];
    bool sms_plain;
    int64_t created_at;
};

/* The latest version of kind (version 0 and the kind's text when none).  MC_OK, MC_ERR_DB. */
enum mc_status notify_template_get(struct db *db, const struct notify_template_kind *k,
                                   struct notify_template *out) MC_WARN_UNUSED;

/*
 * Check a text for kind: msg (msg_size bytes) gets the Vietnamese reason
 * of a refusal.  Returns MC_OK or MC_ERR_INVALID.
 */
enum mc_status notify_template_check(const struct notify_template_kind *k, const char *subject,
                                     const char *body, char *msg, size_t msg_size)
    MC_WARN_UNUSED;

/*
 * Save a new version (call inside a db_tx) after notify_template_check();
 * *version gets its number.  Returns MC_OK, MC_ERR_INVALID (msg says why),
 * MC_ERR_DB / MC_ERR_BUSY.
 */
enum mc_status notify_template_save(struct db *db, const struct notify_template_kind *k,
                                    const char *subject, const char *body, bool sms_plain,
                                    int64_t user_id, int64_t *version, char *msg,
                                    size_t msg_size) MC_WARN_UNUSED;

/*
 * The message of kind with values (one per placeholder of the kind, in
 * its order) for channel_sms (true: an SMS, without diacritics when the
 * template asks): subject and body appended.  *edited is false when no
 * admin edited the kind (the caller may keep its own text).
 * Returns MC_OK, MC_ERR_NOT_FOUND for an unknown kind, MC_ERR_DB,
 * MC_ERR_TOO_LARGE.
 */
enum mc_status notify_template_render(struct db *db, const char *kind,
                                      const char *const *values, bool channel_sms,
                                      struct buf *subject, struct buf *body, bool *edited)
    MC_WARN_UNUSED;

#endif
