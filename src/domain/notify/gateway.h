/*
 * gateway.h - the SMS and Zalo gateways behind struct notify_provider:
 *
 *   eSMS (esms.vn), an SMS brandname gateway: POST JSON to
 *     MOTCUA_SMS_URL (https://rest.esms.vn/MainService.svc/json/
 *     SendMultipleMessage_V4_post_json/) with ApiKey (MOTCUA_SMS_USER),
 *     SecretKey (MOTCUA_SMS_PASS), Brandname (MOTCUA_SMS_BRANDNAME),
 *     SmsType "2" (customer care: the text must match a template the
 *     carriers registered for the brandname), Content, Phone, IsUnicode,
 *     RequestId (the message's idempotency key: a resend is answered 124
 *     "duplicate RequestId" and not sent twice) and CallbackUrl (the
 *     platform's receipt address, signed per message).  Answer
 *     {"CodeResult":"100","SMSID":"..."}; receipts come back by HTTP GET
 *     on the CallbackUrl with SMSID, SendStatus (5 done, 4 refused, 1/2/7
 *     on the way), SendSuccess, SendFailed.  MOTCUA_SMS_URL_2 (same
 *     protocol, its own MOTCUA_SMS_USER_2 / MOTCUA_SMS_PASS_2) is a second
 *     gateway tried when the first fails or is slow.  With
 *     MOTCUA_SMS_STATUS_URL (https://rest.esms.vn/MainService.svc/json/
 *     GetSendStatus; MOTCUA_SMS_STATUS_URL_2 for the second) the status of
 *     a message still "sent" is asked by GET with RefId (the SMSID), ApiKey
 *     and SecretKey: {"CodeResponse":"100","SendStatus":5,"SendSuccess":1,
 *     "SendFailed":0}, read as a receipt (notify_poll.h).
 *   Zalo ZNS, a template message to a phone number: POST JSON to
 *     MOTCUA_ZALO_ZNS_URL (https://business.openapi.zalo.me/message/
 *     template) with header access_token and body {"phone":"84...",
 *     "template_id":"...","template_data":{"noi_dung":"..."},
 *     "tracking_id":"<idempotency key>"}; answer {"error":0,"data":
 *     {"msg_id":"..."}} or a negative error.  The OA access token
 *     (MOTCUA_ZALO_OA_TOKEN) lives 25 hours; with MOTCUA_ZALO_REFRESH_TOKEN,
 *     MOTCUA_ZALO_APP_ID and MOTCUA_ZALO_APP_SECRET it is refreshed through
 *     MOTCUA_ZALO_OAUTH_URL (https://oauth.zaloapp.com/v4/oa/access_token)
 *     ten minutes before it expires or when Zalo calls it invalid; the new
 *     refresh token (single use) is kept in data_dir/zalo-token.json.
 *     Each kind of message maps to a template Zalo approved:
 *     MOTCUA_ZALO_TEMPLATES="dossier.notice=231234,feedback.code=231235";
 *     a kind without one fails for good (the fallback channel takes it).
 *     Receipts arrive on the OA webhook (user_received_message), signed
 *     with X-ZEvent-Signature: mac = sha256(app_id + body + timestamp +
 *     OA secret key, MOTCUA_ZALO_OA_SECRET).
 *   Incoming SMS (MO) to the brandname's keyword service: the gateway calls
 *     /api/notify/sms-mo?token=MOTCUA_SMS_MO_TOKEN&Phone=...&Content=...;
 *     "TC" (từ chối) and the other stop words of notify_is_stop_keyword()
 *     opt the number out of outreach.
 *
 * No credential or recipient is ever logged: logs name the gateway and
 * the outbox row.  One request at most NOTIFY_GATEWAY_TIMEOUT_S seconds.
 * Thread-safety: a gateway's token is guarded by its own mutex; the rest
 * is read-only after gateways_open().
 */
#ifndef MC_NOTIFY_GATEWAY_H
#define MC_NOTIFY_GATEWAY_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include "domain/notify/notify.h"

#define NOTIFY_GATEWAY_TIMEOUT_S 10L
#define NOTIFY_TOKEN_MARGIN_S 600     /* refresh the Zalo token this long before expiry */
#define NOTIFY_ZALO_TEMPLATES_MAX 32

struct esms_gateway {
    char name[16];             /* "esms", "esms-2" */
    char url[256], api_key[128], secret_key[128], brandname[64];
    char status_url[256];      /* GetSendStatus ("" = no polling) */
    char callback_url[320];    /* "" = no receipts (no public address) */
    unsigned char sign_key[32];   /* signs callback URLs (notify_sign.h) */
};

struct zns_gateway {
    char url[256], oauth_url[256], app_id[64], app_secret[128];
    char token_file[600];      /* where a refreshed refresh token is kept ("" = nowhere) */
    size_t ntemplates;
    struct { char kind[48]; char id[32]; } templates[NOTIFY_ZALO_TEMPLATES_MAX];
    pthread_mutex_t mu;        /* guards the three below */
    char access_token[512], refresh_token[512];
    int64_t expires_at;        /* Unix seconds; 0 = unknown (refresh when Zalo refuses) */
};

/* Every gateway configured from the environment, with their providers. */
struct notify_gateways {
    struct esms_gateway sms[2];
    struct zns_gateway zalo;
    struct notify_provider sms_prov[2], zalo_prov;
    const struct notify_provider *sms_more[2];   /* NULL-terminated */
    bool has_sms, has_sms2, has_zalo;
    char zalo_oa_secret[128];  /* MOTCUA_ZALO_OA_SECRET: checks webhook signatures */
    char zalo_app_id[64];
    char sms_mo_token[128];    /* MOTCUA_SMS_MO_TOKEN: the secret in the MO (incoming SMS)
                                  callback address the gateway calls; "" = keywords off */
};

/*
 * Read the gateways' settings from the environment (see above) and set
 * cfg->sms, sms_more and zalo to those configured.  public_url is the
 * site's address (receipt URLs; "" = no receipts by callback), data_dir
 * keeps the Zalo token, key signs receipt URLs.  Returns MC_OK, or
 * MC_ERR_INVALID for a malformed MOTCUA_ZALO_TEMPLATES (reason printed).
 */
enum mc_status notify_gateways_open(struct notify_gateways *g, struct notify_config *cfg,
                                    const char *public_url, const char *data_dir,
                                    const unsigned char key[32]) MC_WARN_UNUSED;
void notify_gateways_close(struct notify_gateways *g);

/*
 * Check a Zalo webhook: signature must be "mac=" + hex sha256(app_id +
 * body + timestamp + oa_secret) and timestamp (milliseconds, from the
 * body) within 15 minutes of now.  Returns MC_OK, MC_ERR_FORBIDDEN for a
 * bad signature or an old (replayed) one.
 */
enum mc_status notify_zalo_webhook_check(const char *app_id, const char *oa_secret,
                                         const char *body, size_t len, const char *signature,
                                         int64_t timestamp_ms) MC_WARN_UNUSED;

/* One receipt as read from a callback. */
struct notify_parsed_receipt {
    char provider[16];        /* "esms", "zns" */
    char ref[96];             /* SMSID or msg_id */
    char idem_key[40];        /* eSMS: from the signed URL */
    enum notify_receipt_status status;
    char says[200];           /* Vietnamese, for failures ("" = generic) */
};

/*
 * Parse an eSMS receipt from its query arguments (get(name) returns the
 * value or NULL).  Returns MC_OK or MC_ERR_INVALID when SMSID or
 * SendStatus is missing or malformed.
 */
enum mc_status notify_esms_receipt_parse(const char *(*get)(void *, const char *), void *ctx,
                                         struct notify_parsed_receipt *out) MC_WARN_UNUSED;
/*
 * Parse a Zalo webhook body (JSON).  *timestamp_ms gets its timestamp.
 * Returns MC_OK, MC_ERR_NOT_FOUND for an event that is no receipt (a
 * follow, a message from a person), MC_ERR_INVALID for a malformed body.
 */
enum mc_status notify_zalo_receipt_parse(const char *body, size_t len,
                                         struct notify_parsed_receipt *out, char *app_id,
                                         size_t app_id_size, int64_t *timestamp_ms)
    MC_WARN_UNUSED;

#endif
