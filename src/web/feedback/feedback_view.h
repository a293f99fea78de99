/*
 * feedback_view.h - what page_feedback.c shares with api_feedback.c: the
 * anonymous sender's challenge, JSON views of items, and the mapping of
 * form fields to a submission.
 */
#ifndef MC_WEB_FEEDBACK_VIEW_H
#define MC_WEB_FEEDBACK_VIEW_H

#include <jansson.h>
#include "web/app.h"
#include "domain/feedback/feedback.h"

#define FEEDBACK_CHALLENGE_TTL 3600   /* seconds a challenge stays valid */

/*
 * A new arithmetic challenge: question receives the Vietnamese question
 * ("Năm cộng ba bằng mấy?"), token (at least 96 bytes) the signed answer
 * with its expiry.  Stateless: the token is an HMAC under the app secret.
 */
void feedback_challenge_new(struct http_request *req, char *question, size_t qsize,
                            char *token, size_t tsize);

/* True when answer solves the challenge of token and it has not expired. */
bool feedback_challenge_ok(struct http_request *req, const char *token, const char *answer);

/* The item as JSON for staff or the sender (times as dd/mm/yyyy HH:MM and ISO). */
json_t *feedback_item_json(const struct feedback_item *it);

/* The site's address for links in messages (MOTCUA_PUBLIC_URL, may be ""). */
const char *feedback_base_url(struct http_request *req);

/* Wake the outbox task so a queued message goes out at once. */
void feedback_kick_outbox(struct http_request *req);

#endif
