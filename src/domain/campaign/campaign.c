/* campaign.c - building, approving and sending campaigns (see campaign.h). */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include "domain/campaign/campaign.h"
#include "core/array.h"
#include "core/clock.h"
#include "core/csv.h"
#include "core/db_row.h"
#include "core/mem.h"
#include "core/seal.h"
#include "core/strmap.h"
#include "core/text.h"
#include "domain/notify/notify_prefs.h"
#include "domain/notify/sms_text.h"
#include "domain/units/unit.h"

#define DAY 86400
#define CAMPAIGN_COLS                                                                        \
    "c.id, c.name, c.agency_code, COALESCE(a.name, c.agency_code), c.event, c.audience,"    \
    " c.audience_arg, c.channel, c.subject, c.body, c.target_path, c.control_pct,"         \
    " c.window_days, c.throttle, c.send_at, c.size, c.skipped, c.state, c.created_by,"     \
    " c.created_at, COALESCE(c.approved_by, 0), COALESCE(c.approved_at, 0),"              \
    " COALESCE(c.started_at, 0), COALESCE(c.finished_at, 0), COALESCE(ua.full_name, ''),"  \
    " COALESCE(ub.full_name, '')"
#define CAMPAIGN_FROM                                                                        \
    " FROM campaigns c LEFT JOIN agencies a ON a.code = c.agency_code"                     \
    " LEFT JOIN users ua ON ua.id = c.created_by LEFT JOIN users ub ON ub.id = c.approved_by"

static const struct db_query Q_GET = {
    "campaign.get", "SELECT " CAMPAIGN_COLS CAMPAIGN_FROM " WHERE c.id = ?1",
};
static const struct db_query Q_LIST = {
    "campaign.list",
    "SELECT " CAMPAIGN_COLS CAMPAIGN_FROM " WHERE ?1 = '' OR c.agency_code = ?1"
    " ORDER BY c.id DESC LIMIT 200",
};
static const struct db_query Q_INSERT = {
    "campaign.insert",
    "INSERT INTO campaigns (name, agency_code, event, audience, audience_arg, channel, subject,"
    " body, target_path, control_pct, window_days, throttle, send_at, state, created_by,"
    " created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, 'draft', ?14,"
    " ?15) RETURNING id",
};
static const struct db_query Q_SIZE = {
    "campaign.size", "UPDATE campaigns SET size = ?2, skipped = ?3 WHERE id = ?1",
};
static const struct db_query Q_ADD_RECIPIENT = {
    "campaign.add_recipient",
    "INSERT INTO campaign_recipients (campaign_id, seq, user_id, recipient, name, unit_code,"
    " control) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
};
/* Audiences: each gives id, full_name, phone, email, home_unit, cccd, kind. */
#define USER_COLS "u.id, u.full_name, u.phone, u.email, COALESCE(u.home_unit, ''), u.cccd"
static const struct db_query Q_AUD_COUNTER = {
    "campaign.aud_counter",
    "SELECT " USER_COLS " FROM users u WHERE u.disabled = 0 AND u.kind <> 'staff' AND u.id IN"
    " (SELECT d.applicant_id FROM dossiers d JOIN procedures p ON p.code = d.procedure_code"
    " WHERE d.channel = 1 AND d.created_at >= ?1 AND p.online_level = 3"
    " AND d.applicant_id IS NOT NULL AND (?2 = '' OR d.agency_code = ?2)) ORDER BY u.id",
};
static const struct db_query Q_AUD_DRAFTS = {
    "campaign.aud_drafts",
    "SELECT " USER_COLS " FROM users u WHERE u.disabled = 0 AND u.id IN"
    " (SELECT applicant_id FROM dossier_drafts WHERE updated_at <= ?1"
    " AND (?2 = '' OR agency_code = ?2)) ORDER BY u.id",
};
static const struct db_query Q_AUD_COMMUNE = {
    "campaign.aud_commune",
    "SELECT " USER_COLS " FROM users u WHERE u.disabled = 0 AND u.kind = 'citizen'"
    " AND u.home_unit = ?1 ORDER BY u.id",
};
static const struct db_query Q_AUD_AGE = {
    "campaign.aud_age",
    "SELECT " USER_COLS " FROM users u WHERE u.disabled = 0 AND u.kind = 'citizen'"
    " AND u.cccd IS NOT NULL ORDER BY u.id",
};
static const struct db_query Q_AUD_BUSINESS = {
    "campaign.aud_business",
    "SELECT " USER_COLS " FROM users u WHERE u.disabled = 0 AND u.kind = 'business'"
    " ORDER BY u.id",
};
static const struct db_query Q_STATE = {
    "campaign.state", "UPDATE campaigns SET state = ?2 WHERE id = ?1 AND state = ?3",
};
static const struct db_query Q_APPROVE = {
    "campaign.approve",
    "UPDATE campaigns SET state = 'approved', approved_by = ?2, approved_at = ?3"
    " WHERE id = ?1 AND state = 'draft'",
};
static const struct db_query Q_START = {
    "campaign.start",
    "UPDATE campaigns SET state = 'sending', started_at = ?2 WHERE id = ?1"
    " AND state = 'approved'",
};
static const struct db_query Q_DUE = {
    "campaign.due",
    "SELECT id, agency_code, channel, subject, body, throttle, state FROM campaigns"
    " WHERE state = 'sending' AND send_at <= ?1 ORDER BY id",
};
static const struct db_query Q_RECENT = {
    "campaign.recent",
    "SELECT COUNT(*) FROM notify_outbox WHERE campaign_id = ?1 AND created_at > ?2",
};
/* Outreach messages waiting in the outbox (CAMPAIGN_WINDOW bounds them). */
static const struct db_query Q_WAITING = {
    "campaign.waiting",
    "SELECT COUNT(*) FROM notify_outbox WHERE state IN ('queued', 'sending', 'retrying')"
    " AND transactional = 0",
};
static const struct db_query Q_NEXT = {
    "campaign.next",
    "SELECT seq, user_id, recipient, name FROM campaign_recipients WHERE campaign_id = ?1"
    " AND control = 0 AND outbox_id IS NULL ORDER BY seq LIMIT ?2",
};
static const struct db_query Q_MARK = {
    "campaign.mark",
    "UPDATE campaign_recipients SET outbox_id = ?3 WHERE campaign_id = ?1 AND seq = ?2",
};
/* Every recipient queued, and none of the campaign's messages still waits in
 * the outbox (held by quiet hours, sending or retrying): only then is it sent.
 * The outbox's due index keeps the check to the waiting outreach rows. */
static const struct db_query Q_DONE = {
    "campaign.done",
    "UPDATE campaigns SET state = 'sent', finished_at = ?2 WHERE id = ?1 AND state = 'sending'"
    " AND NOT EXISTS (SELECT 1 FROM notify_outbox WHERE transactional = 0"
    " AND state IN ('queued', 'sending', 'retrying') AND campaign_id = ?1)",
};
static const struct db_query Q_CLICK = {
    "campaign.click",
    "UPDATE campaign_recipients SET clicks = clicks + 1,"
    " clicked_at = COALESCE(clicked_at, ?3) WHERE campaign_id = ?1 AND seq = ?2"
    " AND control = 0",
};
static const struct db_query Q_TARGET = {
    "campaign.target", "SELECT target_path FROM campaigns WHERE id = ?1",
};
/* Per recipient: commune, its name, control, message state, clicked, and the
 * online dossiers lodged in the window (control: from the start of sending;
 * others: from delivery, or sending when no receipt came). */
#define SINCE "(CASE WHEN r.control = 1 THEN ?2 ELSE COALESCE(o.delivered_at, o.sent_at) END)"
static const struct db_query Q_RESULTS = {
    "campaign.results",
    "SELECT r.unit_code, COALESCE(un.full_name, ''), r.control, COALESCE(o.state, ''),"
    " CASE WHEN r.clicked_at IS NULL THEN 0 ELSE 1 END,"
    " (SELECT COUNT(*) FROM dossiers d WHERE r.user_id IS NOT NULL"
    " AND d.applicant_id = r.user_id AND d.channel = 2 AND d.submitted_at >= " SINCE
    " AND d.submitted_at < " SINCE " + ?3)"
    " FROM campaign_recipients r"
    " LEFT JOIN notify_outbox o ON o.id = r.outbox_id"
    " LEFT JOIN units un ON un.code = r.unit_code"
    " WHERE r.campaign_id = ?1",
};
static const struct db_query Q_PRICE = {
    "campaign.price", "SELECT dong FROM campaign_prices WHERE channel = ?1",
};
static const struct db_query Q_PRICE_SET = {
    "campaign.price_set",
    "INSERT INTO campaign_prices (channel, dong, updated_at) VALUES (?1, ?2, ?3)"
    " ON CONFLICT(channel) DO UPDATE SET dong = excluded.dong, updated_at = excluded.updated_at",
};
static const struct db_query Q_SELF = {
    "campaign.self", "SELECT u.phone, u.email FROM users u WHERE u.id = ?1",
};

/* ---------------------------------------------------------------- names, presets, keys */

static const char *const PLACEHOLDERS[] = {"ho_ten", "lien_ket", NULL};

static const struct campaign_preset PRESETS[] = {
    {"thang-cao-diem", "Tháng cao điểm dịch vụ công trực tuyến",
     "Kính gửi {ho_ten}: Tháng cao điểm dịch vụ công trực tuyến - nộp hồ sơ tại nhà, không "
     "phải đến bộ phận một cửa. Xem hướng dẫn: {lien_ket}",
     "Tháng cao điểm dịch vụ công trực tuyến"},
    {"10-10", "Ngày Chuyển đổi số quốc gia 10/10",
     "Kính gửi {ho_ten}: nhân Ngày Chuyển đổi số quốc gia 10/10, mời ông/bà dùng dịch vụ công "
     "trực tuyến của tỉnh: {lien_ket}",
     "Ngày Chuyển đổi số quốc gia 10/10"},
};

const struct campaign_preset *campaign_presets(size_t *n)
{
    *n = MC_ARRAY_LEN(PRESETS);
    return PRESETS;
}

const struct campaign_preset *campaign_preset_find(const char *key)
{
    for (size_t i = 0; key && i < MC_ARRAY_LEN(PRESETS); i++)
        if (strcmp(PRESETS[i].key, key) == 0)
            return &PRESETS[i];
    return NULL;
}

static const struct {
    const char *key, *name;
} AUDIENCES[] = {
    {"counter_online", "Người đã nộp hồ sơ tại bộ phận một cửa trong 12 tháng qua cho thủ tục "
                       "nay đã làm được trực tuyến toàn trình"},
    {"drafts", "Người có hồ sơ nháp bỏ dở quá 7 ngày"},
    {"commune", "Người dân của một xã, phường"},
    {"age", "Người dân trong một độ tuổi (theo số CCCD)"},
    {"business", "Doanh nghiệp"},
    {"list", "Danh sách nhập có cột đồng ý nhận tin"},
};

const char *campaign_audience_name(const char *audience)
{
    for (size_t i = 0; audience && i < MC_ARRAY_LEN(AUDIENCES); i++)
        if (strcmp(AUDIENCES[i].key, audience) == 0)
            return AUDIENCES[i].name;
    return "";
}

const char *campaign_state_name(const char *state)
{
    static const struct {
        const char *key, *name;
    } names[] = {
        {"draft", "Chờ lãnh đạo duyệt"}, {"approved", "Đã duyệt, chưa gửi"},
        {"sending", "Đang gửi"},        {"sent", "Đã gửi xong"},
        {"cancelled", "Đã hủy"},
    };
    for (size_t i = 0; state && i < MC_ARRAY_LEN(names); i++)
        if (strcmp(names[i].key, state) == 0)
            return names[i].name;
    return "";
}

void campaign_keys_from(const struct notify_config *cfg, struct campaign_keys *out)
{
    static const char label[] = "motcua campaign links v1";
    crypto_auth_hmacsha256(out->link, (const unsigned char *)label, sizeof(label) - 1,
                           cfg->optout_key);
    memcpy(out->addr, cfg->addr_key, sizeof(out->addr));
    out->public_url = cfg->public_url ? cfg->public_url : "";
}

void campaign_link_token(const struct campaign_keys *k, int64_t id, int64_t seq,
                         char out[CAMPAIGN_TOKEN_LEN + 1])
{
    unsigned char raw[16], mac[crypto_auth_hmacsha256_BYTES];
    uint32_t a = (uint32_t)id, b = (uint32_t)seq;
    for (int i = 0; i < 4; i++) {
        raw[i] = (unsigned char)(a >> (24 - 8 * i));
        raw[4 + i] = (unsigned char)(b >> (24 - 8 * i));
    }
    crypto_auth_hmacsha256(mac, raw, 8, k->link);
    memcpy(raw + 8, mac, 8);
    sodium_bin2base64(out, CAMPAIGN_TOKEN_LEN + 1, raw, sizeof(raw),
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

/* Campaign and recipient of a token whose MAC holds. */
static bool token_open(const struct campaign_keys *k, const char *token, int64_t *id,
                       int64_t *seq)
{
    unsigned char raw[16], mac[crypto_auth_hmacsha256_BYTES];
    size_t n = 0;
    if (!token || strlen(token) != CAMPAIGN_TOKEN_LEN
        || sodium_base642bin(raw, sizeof(raw), token, CAMPAIGN_TOKEN_LEN, NULL, &n, NULL,
                             sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0
        || n != sizeof(raw))
        return false;
    crypto_auth_hmacsha256(mac, raw, 8, k->link);
    if (sodium_memcmp(mac, raw + 8, 8) != 0)
        return false;
    *id = (int64_t)((uint32_t)raw[0] << 24 | (uint32_t)raw[1] << 16 | (uint32_t)raw[2] << 8
                    | raw[3]);
    *seq = (int64_t)((uint32_t)raw[4] << 24 | (uint32_t)raw[5] << 16 | (uint32_t)raw[6] << 8
                     | raw[7]);
    return true;
}

/* ---------------------------------------------------------------- who may */

bool campaign_is_admin(const struct user *u)
{
    return (u->roles & (ROLE_PROVINCE_ADMIN | ROLE_AGENCY_ADMIN)) != 0;
}

static bool may_manage(const struct user *u, const char *agency)
{
    if (u->roles & ROLE_PROVINCE_ADMIN)
        return true;
    return (u->roles & ROLE_AGENCY_ADMIN) && strcmp(u->agency_code, agency) == 0;
}

bool campaign_may_manage(const struct user *u, const struct campaign *c)
{
    return may_manage(u, c->agency_code);
}

bool campaign_may_approve(const struct user *u, const struct campaign *c)
{
    return (u->roles & ROLE_APPROVER) && strcmp(u->agency_code, c->agency_code) == 0
           && u->id != c->created_by;
}

bool campaign_may_see(const struct user *u, const struct campaign *c)
{
    return may_manage(u, c->agency_code)
           || ((u->roles & ROLE_APPROVER) && strcmp(u->agency_code, c->agency_code) == 0);
}

/* ---------------------------------------------------------------- reading */

/* The control group of an audience of n: exactly round(n * pct / 100) people. */
static int64_t control_size(int64_t n, int pct)
{
    return (n * pct + 50) / 100;
}

static void finish_row(struct db_stmt *st, void *obj)
{
    struct campaign *c = obj;
    (void)st;
    c->control = control_size(c->size, c->control_pct);
}

/* The columns of CAMPAIGN_COLS, in order. */
static const struct db_field CAMPAIGN_FIELDS[] = {
    DB_INT64(struct campaign, id),
    DB_TEXT(struct campaign, name),
    DB_TEXT(struct campaign, agency_code),
    DB_TEXT(struct campaign, agency_name),
    DB_TEXT(struct campaign, event),
    DB_TEXT(struct campaign, audience),
    DB_TEXT(struct campaign, audience_arg),
    DB_TEXT(struct campaign, channel),
    DB_TEXT(struct campaign, subject),
    DB_TEXT(struct campaign, body),
    DB_TEXT(struct campaign, target_path),
    DB_INT(struct campaign, control_pct),
    DB_INT(struct campaign, window_days),
    DB_INT(struct campaign, throttle),
    DB_INT64(struct campaign, send_at),
    DB_INT64(struct campaign, size),
    DB_INT64(struct campaign, skipped),
    DB_TEXT(struct campaign, state),
    DB_INT64(struct campaign, created_by),
    DB_INT64(struct campaign, created_at),
    DB_INT64(struct campaign, approved_by),
    DB_INT64(struct campaign, approved_at),
    DB_INT64(struct campaign, started_at),
    DB_INT64(struct campaign, finished_at),
    DB_TEXT(struct campaign, author),
    DB_TEXT(struct campaign, approver),
};

static const struct db_row_type CAMPAIGN_ROW =
    DB_ROW_TYPE(struct campaign, CAMPAIGN_FIELDS, finish_row, NULL);

void campaign_list_release(struct campaign_list *l)
{
    if (!l)
        return;
    free(l->items);
    memset(l, 0, sizeof(*l));
}

enum mc_status campaign_list_for(struct db *db, const struct user *u, struct campaign_list *out)
{
    memset(out, 0, sizeof(*out));
    if (!(u->roles & (ROLE_PROVINCE_ADMIN | ROLE_AGENCY_ADMIN | ROLE_APPROVER)))
        return MC_ERR_FORBIDDEN;
    const char *scope = (u->roles & ROLE_PROVINCE_ADMIN) ? "" : u->agency_code;
    return db_row_list(db, &Q_LIST, &CAMPAIGN_ROW, &out->items, &out->n, &out->cap, "s", scope);
}

static const struct db_query Q_TO_APPROVE = {
    "campaign.to_approve",
    "SELECT COUNT(*) FROM campaigns WHERE state = 'draft' AND agency_code = ?1"
    " AND created_by <> ?2",
};

enum mc_status campaign_count_to_approve(struct db *db, const struct user *u, int64_t *n)
{
    *n = 0;
    if (!(u->roles & ROLE_APPROVER) || !u->agency_code[0])
        return MC_OK;
    return db_get_int(db, &Q_TO_APPROVE, n, "si", u->agency_code, u->id);
}

static enum mc_status get_any(struct db *db, int64_t id, struct campaign *out)
{
    return db_row_get(db, &Q_GET, &CAMPAIGN_ROW, out, "i", id);
}

enum mc_status campaign_get(struct db *db, const struct user *u, int64_t id,
                            struct campaign *out)
{
    enum mc_status rc = get_any(db, id, out);
    if (rc == MC_OK && !campaign_may_see(u, out))
        rc = MC_ERR_FORBIDDEN;
    return rc;
}

/* ---------------------------------------------------------------- building */

struct person {
    int64_t user_id;
    char *addr, *name, *unit;
};

struct build {
    const struct campaign_keys *k;
    const struct user *u;
    const struct campaign_input *in;
    const struct audit_actor *who;
    struct form_errors *errs;
    const char *agency;
    int control_pct, window_days, throttle, age_min, age_max;
    int64_t send_at, id, skipped;
    bool email;
    struct person *people;
    size_t n, cap;
};

static const char *str(const char *s)
{
    return s ? s : "";
}

static bool parse_int(const char *s, int lo, int hi, int dflt, int *out)
{
    char *end = NULL;
    if (!s || !*s) {
        *out = dflt;
        return true;
    }
    long v = strtol(s, &end, 10);
    if (*end || v < lo || v > hi)
        return false;
    *out = (int)v;
    return true;
}

/* A page of this site: "/..." of safe characters, not "//" (no open redirect). */
static bool path_ok(const char *p)
{
    if (!p || p[0] != '/' || p[1] == '/' || strlen(p) >= 200)
        return false;
    for (const char *s = p; *s; s++)
        if (*s <= ' ' || *s >= 127 || *s == '\\' || *s == '"' || *s == '<' || *s == '>')
            return false;
    return true;
}

/* Birth year from a CCCD: digit 4 the century (0-1 1900s, 2-3 2000s), 5-6 the year. */
static int cccd_birth_year(const char *cccd)
{
    if (strlen(cccd) != 12 || !text_is_digits(cccd, 12))
        return 0;
    int century = (cccd[3] - '0') / 2;
    return 1900 + 100 * century + (cccd[4] - '0') * 10 + (cccd[5] - '0');
}

static int current_year(void)
{
    char iso[32];
    clock_format_iso(clock_now(), iso, sizeof(iso));
    return atoi(iso);
}

/* Whether the address of a person refused outreach. */
static enum mc_status opted_out(struct db *db, const struct build *b, int64_t user_id,
                                const char *addr, bool *out)
{
    char hash[65];
    struct notify_prefs p;
    *out = false;
    notify_addr_hash(b->k->addr, addr, hash);
    enum mc_status rc = notify_optout_has(db, hash, out);
    if (rc == MC_OK && !*out && user_id > 0) {
        rc = notify_prefs_get(db, user_id, &p);
        *out = rc == MC_OK && p.opt_out;
    }
    return rc;
}

static enum mc_status add_person(struct db *db, struct build *b, int64_t user_id,
                                 const char *addr, const char *name, const char *unit)
{
    bool out = false;
    if (!addr || !*addr) {
        b->skipped++;
        return MC_OK;
    }
    enum mc_status rc = opted_out(db, b, user_id, addr, &out);
    if (rc != MC_OK || out) {
        b->skipped += out;
        return rc;
    }
    struct person *p = ARRAY_PUSH(b->people, b->n, b->cap);
    char norm[320];
    notify_addr_normalise(addr, norm, sizeof(norm));
    p->user_id = user_id;
    p->addr = xstrdup(b->email ? addr : norm);
    p->name = xstrdup(name);
    p->unit = xstrdup(unit);
    return MC_OK;
}

/* People of an audience query (columns USER_COLS). */
static enum mc_status add_users(struct db *db, struct build *b, const struct db_query *q,
                                const char *fmt, const char *s1, int64_t i1)
{
    struct db_stmt *st = NULL;
    struct person *tmp = NULL;
    size_t n = 0, cap = 0;
    int year = current_year();
    enum mc_status rc = fmt[0] == 'i' ? db_query_start(db, q, &st, fmt, i1, s1)
                                      : db_query_start(db, q, &st, fmt, s1);
    while (db_next(st, &rc)) {
        char cccd[32];
        if (b->age_max) {
            if (seal_col_open(st, 5, cccd, sizeof(cccd)) != MC_OK)
                continue;
            int by = cccd_birth_year(cccd);
            if (!by || year - by < b->age_min || year - by > b->age_max)
                continue;
        }
        char addr[320];   /* only the channel's address is opened */
        if (seal_col_open(st, b->email ? 3 : 2, addr, sizeof(addr)) != MC_OK)
            addr[0] = '\0';
        struct person *p = ARRAY_PUSH(tmp, n, cap);
        p->user_id = db_col_int64(st, 0);
        p->name = db_col_strdup(st, 1);
        p->addr = xstrdup(addr);
        p->unit = db_col_strdup(st, 4);
    }
    db_done(st);
    for (size_t i = 0; i < n; i++) {
        if (rc == MC_OK)
            rc = add_person(db, b, tmp[i].user_id, tmp[i].addr, tmp[i].name, tmp[i].unit);
        free(tmp[i].addr);
        free(tmp[i].name);
        free(tmp[i].unit);
    }
    free(tmp);
    return rc;
}

/*
 * Messages built at run time (a template's or a list's fault), kept until
 * the next campaign_create() on this thread: form_errors holds pointers.
 */
static _Thread_local char body_msg[300];
static _Thread_local char list_msg[300];

/* Whether a dong_y cell says yes, in any case and with or without accents
 * ("có", "CÓ", "Đồng Ý", "dong y", "x", "1"...); fold is scratch space. */
static bool consent_yes(struct csv_field f, struct buf *fold)
{
    static const char *const yes[] = {"1", "x", "co", "yes", "dong y"};
    buf_reset(fold);
    if (text_fold(f.ptr, f.len, fold) != MC_OK)
        return false;
    for (size_t i = 0; i < MC_ARRAY_LEN(yes); i++)
        if (strcmp(buf_cstr(fold), yes[i]) == 0)
            return true;
    return false;
}

/* An imported list: columns dien_thoai or email, ho_ten, dong_y (required). */
static enum mc_status add_list(struct db *db, struct build *b)
{
    struct csv_reader r;
    struct csv_record rec;
    struct csv_column cols[] = {
        {"dien_thoai", false, 0}, {"email", false, 0}, {"ho_ten", false, 0},
        {"dong_y", true, 0},
    };
    const char *bad = NULL;
    struct buf fold;
    enum mc_status rc;
    if (!b->in->list || !b->in->list_len) {
        form_errors_add(b->errs, "list", "Hãy dán danh sách (tệp CSV có dòng tiêu đề)");
        return MC_OK;
    }
    buf_init(&fold, 256);
    csv_reader_init_mem(&r, b->in->list, b->in->list_len, NULL);
    rc = csv_reader_next(&r, &rec);
    if (rc == MC_OK && csv_header_map(&rec, cols, MC_ARRAY_LEN(cols), &bad) != MC_OK) {
        form_errors_add(b->errs, "list",
                        "Danh sách không có cột dong_y (người nhận đồng ý nhận tin): không "
                        "nhận danh sách chưa có sự đồng ý");
        goto out;
    }
    size_t addr_col = b->email ? cols[1].index : cols[0].index;
    if (rc == MC_OK && addr_col == CSV_NO_COLUMN) {
        form_errors_add(b->errs, "list", b->email ? "Danh sách không có cột email"
                                                  : "Danh sách không có cột dien_thoai");
        goto out;
    }
    while (rc == MC_OK && (rc = csv_reader_next(&r, &rec)) == MC_OK) {
        struct csv_field a = csv_record_get(&rec, addr_col);
        struct csv_field nm = cols[2].index == CSV_NO_COLUMN ? (struct csv_field){"", 0}
                                                             : csv_record_get(&rec, cols[2].index);
        char addr[320], name[256];
        if (!consent_yes(csv_record_get(&rec, cols[3].index), &fold) || !a.len
            || a.len >= sizeof(addr)) {
            b->skipped++;
            continue;
        }
        snprintf(addr, sizeof(addr), "%.*s", (int)a.len, a.ptr);
        snprintf(name, sizeof(name), "%.*s", (int)(nm.len < 255 ? nm.len : 255), nm.ptr);
        size_t before = b->n;
        rc = add_person(db, b, 0, addr, name, "");
        if (rc == MC_OK && b->n > before) {   /* the list's consent, kept with its time */
            char hash[65];
            notify_addr_hash(b->k->addr, addr, hash);
            rc = notify_consent_imported(db, hash);
        }
    }
    if (rc == CSV_END)
        rc = MC_OK;
    else if (rc == MC_ERR_INVALID || rc == MC_ERR_TOO_LARGE) {
        snprintf(list_msg, sizeof(list_msg), "%s", csv_reader_message(&r));
        form_errors_add(b->errs, "list", list_msg);
        rc = MC_OK;
    }
out:
    csv_reader_release(&r);
    buf_release(&fold);
    return rc;
}

static enum mc_status check_input(struct db *db, struct build *b)
{
    const struct campaign_input *in = b->in;
    struct form_errors *e = b->errs;
    char *msg = body_msg;
    bool known = false;
    enum mc_status rc = MC_OK;
    size_t len = strlen(str(in->name));
    if (len == 0 || len > CAMPAIGN_NAME_MAX)
        form_errors_add(e, "name", "Hãy đặt tên chiến dịch (tối đa 200 ký tự)");
    b->agency = (b->u->roles & ROLE_PROVINCE_ADMIN) ? str(in->agency_code) : b->u->agency_code;
    if (!*b->agency)
        form_errors_add(e, "agency", "Hãy chọn cơ quan gửi tin");
    else if ((rc = agency_exists(db, b->agency, &known)) == MC_OK && !known)
        form_errors_add(e, "agency", "Cơ quan không có trong danh mục");
    if (rc != MC_OK)
        return rc;
    const char *ch = str(in->channel);
    bool sms = strcmp(ch, "sms") == 0;
    b->email = strcmp(ch, "email") == 0;
    if (!sms && !b->email && strcmp(ch, "zalo") != 0)
        form_errors_add(e, "channel", "Hãy chọn kênh gửi: SMS, Zalo hoặc thư điện tử");
    if (!*campaign_audience_name(in->audience))
        form_errors_add(e, "audience", "Hãy chọn nhóm người nhận");
    if (in->event && *in->event && !campaign_preset_find(in->event))
        form_errors_add(e, "event", "Sự kiện không hợp lệ");
    const char *body = str(in->body);
    if (!*body || strlen(body) > CAMPAIGN_BODY_MAX)
        form_errors_add(e, "body", "Hãy viết nội dung tin (tối đa 2000 ký tự)");
    else if (sms_template_check(body, PLACEHOLDERS, sms, 40, msg, sizeof(body_msg)) != MC_OK)
        form_errors_add(e, "body", msg);
    if (b->email && (!in->subject || !*in->subject || strlen(in->subject) > 300))
        form_errors_add(e, "subject", "Thư điện tử cần tiêu đề (tối đa 300 ký tự)");
    if (!path_ok(in->target_path && *in->target_path ? in->target_path : "/"))
        form_errors_add(e, "target_path",
                        "Liên kết phải dẫn đến một trang của cổng này, bắt đầu bằng /");
    if (!parse_int(in->control_pct, 0, 50, 10, &b->control_pct))
        form_errors_add(e, "control_pct", "Tỷ lệ nhóm đối chứng là số từ 0 đến 50");
    if (!parse_int(in->window_days, 1, 180, 30, &b->window_days))
        form_errors_add(e, "window_days", "Số ngày tính chuyển đổi là số từ 1 đến 180");
    if (!parse_int(in->throttle, 0, 1000000, 0, &b->throttle))
        form_errors_add(e, "throttle", "Tốc độ gửi là số tin mỗi phút (0 = không giới hạn)");
    b->send_at = 0;
    if (in->send_at && *in->send_at && clock_parse_iso(in->send_at, &b->send_at) != MC_OK)
        form_errors_add(e, "send_at", "Ngày gửi không hợp lệ");
    const char *aud = str(in->audience), *arg = str(in->audience_arg);
    if (strcmp(aud, "commune") == 0) {
        if ((rc = unit_exists(db, arg, &known)) == MC_OK && (!known || !*arg))
            form_errors_add(e, "commune", "Hãy chọn xã, phường trong danh sách");
    } else if (strcmp(aud, "age") == 0) {
        if (sscanf(arg, "%d-%d", &b->age_min, &b->age_max) != 2 || b->age_min < 0
            || b->age_max > 150 || b->age_min > b->age_max)
            form_errors_add(e, "age", "Độ tuổi ghi dạng 18-30, tuổi nhỏ trước");
    }
    return rc;
}

static enum mc_status create_tx(struct db *db, void *arg)
{
    struct build *b = arg;
    const struct campaign_input *in = b->in;
    char object[48];
    int64_t now = clock_now();
    enum mc_status rc = check_input(db, b);
    const char *aud = str(in->audience);
    const char *scope = (b->u->roles & ROLE_PROVINCE_ADMIN) ? "" : b->agency;
    if (rc != MC_OK || b->errs->count)
        goto out;
    if (strcmp(aud, "counter_online") == 0)
        rc = add_users(db, b, &Q_AUD_COUNTER, "is", scope, now - 365L * DAY);
    else if (strcmp(aud, "drafts") == 0)
        rc = add_users(db, b, &Q_AUD_DRAFTS, "is", scope, now - 7L * DAY);
    else if (strcmp(aud, "commune") == 0)
        rc = add_users(db, b, &Q_AUD_COMMUNE, "s", str(in->audience_arg), 0);
    else if (strcmp(aud, "age") == 0)
        rc = add_users(db, b, &Q_AUD_AGE, "", NULL, 0);
    else if (strcmp(aud, "business") == 0)
        rc = add_users(db, b, &Q_AUD_BUSINESS, "", NULL, 0);
    else
        rc = add_list(db, b);
    if (rc != MC_OK || b->errs->count)
        goto out;
    if (b->n == 0) {
        form_errors_add(b->errs, "audience",
                        "Không có người nhận nào: nhóm đã chọn trống, hoặc mọi người trong "
                        "nhóm đã từ chối nhận tin hay không có địa chỉ cho kênh này");
        goto out;
    }
    rc = db_get_int(db, &Q_INSERT, &b->id, "sssssssssiiiiii", in->name, b->agency,
                    str(in->event), aud, str(in->audience_arg), in->channel, str(in->subject),
                    in->body, in->target_path && *in->target_path ? in->target_path : "/",
                    (int64_t)b->control_pct, (int64_t)b->window_days, (int64_t)b->throttle,
                    b->send_at, b->u->id, now);
    /* the control group, drawn at random */
    size_t nctl = (size_t)control_size((int64_t)b->n, b->control_pct);
    unsigned char *ctl = xcalloc(b->n, 1);
    size_t *idx = xcalloc(b->n, sizeof(*idx));
    for (size_t i = 0; i < b->n; i++)
        idx[i] = i;
    for (size_t i = 0; i < nctl; i++) {
        size_t j = i + randombytes_uniform((uint32_t)(b->n - i));
        size_t t = idx[i];
        idx[i] = idx[j];
        idx[j] = t;
        ctl[idx[i]] = 1;
    }
    for (size_t i = 0; rc == MC_OK && i < b->n; i++) {
        const struct person *p = &b->people[i];
        char *to = NULL;   /* the address is sealed at rest (core/seal.h) */
        rc = seal_text_alloc(p->addr, &to);
        if (rc == MC_OK && p->user_id > 0)
            rc = db_run(db, &Q_ADD_RECIPIENT, NULL, "iiisssi", b->id, (int64_t)i + 1,
                        p->user_id, to, p->name, p->unit, (int64_t)ctl[i]);
        else if (rc == MC_OK)
            rc = db_run(db, &Q_ADD_RECIPIENT, NULL, "iinsssi", b->id, (int64_t)i + 1, to,
                        p->name, p->unit, (int64_t)ctl[i]);
        free(to);
    }
    free(ctl);
    free(idx);
    if (rc == MC_OK)
        rc = db_run(db, &Q_SIZE, NULL, "iii", b->id, (int64_t)b->n, b->skipped);
    snprintf(object, sizeof(object), "campaign:%lld", (long long)b->id);
    if (rc == MC_OK)
        rc = audit_record(db, b->who, "campaign.create", object, NULL);
out:
    if (rc == MC_OK && b->errs->count)
        rc = MC_ERR_INVALID;
    for (size_t i = 0; i < b->n; i++) {
        free(b->people[i].addr);
        free(b->people[i].name);
        free(b->people[i].unit);
    }
    free(b->people);
    b->people = NULL;
    b->n = b->cap = 0;
    b->skipped = 0;
    return rc;
}

enum mc_status campaign_create(struct db *db, const struct campaign_keys *k,
                               const struct user *u, const struct campaign_input *in,
                               const struct audit_actor *who, struct form_errors *errs,
                               int64_t *id)
{
    struct build b = {.k = k, .u = u, .in = in, .who = who, .errs = errs};
    if (!campaign_is_admin(u))
        return MC_ERR_FORBIDDEN;
    errs->count = 0;
    enum mc_status rc = db_tx(db, create_tx, &b);
    if (rc == MC_OK)
        *id = b.id;
    return rc;
}

/* ---------------------------------------------------------------- approving, sending */

struct act {
    const struct user *u;
    int64_t id;
    const struct audit_actor *who;
    struct campaign_says *why;
    int what;   /* 0 approve, 1 send, 2 cancel */
};

static enum mc_status refuse(struct campaign_says *why, enum mc_status st, const char *text)
{
    snprintf(why->text, sizeof(why->text), "%s", text);
    return st;
}

static enum mc_status act_tx(struct db *db, void *arg)
{
    struct act *a = arg;
    struct campaign c;
    int64_t changed = 0, now = clock_now();
    static const char *const actions[] = {"campaign.approve", "campaign.send",
                                          "campaign.cancel"};
    char object[48];
    enum mc_status rc = campaign_get(db, a->u, a->id, &c);
    if (rc != MC_OK)
        return rc;
    if (a->what == 0) {
        if (!campaign_may_approve(a->u, &c))
            return refuse(a->why, MC_ERR_FORBIDDEN,
                          "Chỉ lãnh đạo của cơ quan gửi tin (không phải người soạn) được "
                          "duyệt chiến dịch");
        if (strcmp(c.state, "draft") != 0)
            return refuse(a->why, MC_ERR_CONFLICT, "Chiến dịch không còn chờ duyệt");
        rc = db_run(db, &Q_APPROVE, &changed, "iii", c.id, a->u->id, now);
    } else {
        if (!may_manage(a->u, c.agency_code))
            return refuse(a->why, MC_ERR_FORBIDDEN,
                          "Chỉ quản trị của cơ quan gửi tin được gửi hoặc hủy chiến dịch");
        if (a->what == 1 && strcmp(c.state, "draft") == 0)
            return refuse(a->why, MC_ERR_CONFLICT,
                          "Chiến dịch chưa được lãnh đạo duyệt: chưa gửi tin nào. Xin lãnh "
                          "đạo cơ quan duyệt trước khi gửi.");
        if (a->what == 1)
            rc = db_run(db, &Q_START, &changed, "ii", c.id, now);
        else if (strcmp(c.state, "draft") == 0 || strcmp(c.state, "approved") == 0)
            rc = db_run(db, &Q_STATE, &changed, "iss", c.id, "cancelled", c.state);
    }
    if (rc == MC_OK && changed == 0)
        return refuse(a->why, MC_ERR_CONFLICT, "Chiến dịch đã gửi hoặc đã hủy");
    snprintf(object, sizeof(object), "campaign:%lld", (long long)c.id);
    if (rc == MC_OK)
        rc = audit_record(db, a->who, actions[a->what], object, NULL);
    return rc;
}

static enum mc_status act(struct db *db, const struct user *u, int64_t id,
                          const struct audit_actor *who, struct campaign_says *why, int what)
{
    struct act a = {u, id, who, why, what};
    why->text[0] = '\0';
    return db_tx(db, act_tx, &a);
}

enum mc_status campaign_approve(struct db *db, const struct user *u, int64_t id,
                                const struct audit_actor *who, struct campaign_says *why)
{
    return act(db, u, id, who, why, 0);
}

enum mc_status campaign_send(struct db *db, const struct user *u, int64_t id,
                             const struct audit_actor *who, struct campaign_says *why)
{
    return act(db, u, id, who, why, 1);
}

enum mc_status campaign_cancel(struct db *db, const struct user *u, int64_t id,
                               const struct audit_actor *who, struct campaign_says *why)
{
    return act(db, u, id, who, why, 2);
}

/* The message for one recipient: placeholders filled, the link signed. */
static enum mc_status render(const struct campaign_keys *k, const char *body, int64_t id,
                             int64_t seq, const char *name, struct buf *out)
{
    char token[CAMPAIGN_TOKEN_LEN + 1];
    campaign_link_token(k, id, seq, token);
    char link[300];
    snprintf(link, sizeof(link), "%s/l/%s", k->public_url, token);
    const char *values[] = {name && *name ? name : "ông/bà", link};
    return sms_template_fill(body, PLACEHOLDERS, values, 2, out);
}

struct test_ctx {
    const struct campaign_keys *k;
    const struct user *u;
    int64_t id;
    const struct audit_actor *who;
    struct campaign_says *why;
};

static enum mc_status test_tx(struct db *db, void *arg)
{
    struct test_ctx *t = arg;
    struct campaign c;
    struct db_stmt *st = NULL;
    char phone[64] = "", email[320] = "", object[48];
    struct buf body;
    enum mc_status rc = campaign_get(db, t->u, t->id, &c);
    if (rc != MC_OK)
        return rc;
    if (!may_manage(t->u, c.agency_code))
        return refuse(t->why, MC_ERR_FORBIDDEN,
                      "Chỉ quản trị của cơ quan gửi tin được gửi thử chiến dịch");
    rc = db_get_row(db, &Q_SELF, &st, "i", t->u->id);
    if (rc == MC_OK) {
        if (seal_col_open(st, 0, phone, sizeof(phone)) != MC_OK)
            phone[0] = '\0';
        if (seal_col_open(st, 1, email, sizeof(email)) != MC_OK)
            email[0] = '\0';
    }
    db_done(st);
    if (rc != MC_OK)
        return rc;
    const char *addr = strcmp(c.channel, "email") == 0 ? email : phone;
    if (!*addr)
        return refuse(t->why, MC_ERR_NOT_FOUND,
                      "Tài khoản của bạn chưa có địa chỉ cho kênh này: không gửi thử được");
    buf_init(&body, CAMPAIGN_BODY_MAX + 256);
    rc = render(t->k, c.body, c.id, 0, t->u->full_name, &body);
    const struct notify_opts o = {.user_id = t->u->id, .actor_id = t->u->id,
                                  .agency_code = c.agency_code};
    if (rc == MC_OK)
        rc = notify_enqueue_ex(db, notify_channel_parse(c.channel), addr, c.subject,
                               buf_cstr(&body), "campaign.test", &o);
    buf_release(&body);
    snprintf(object, sizeof(object), "campaign:%lld", (long long)c.id);
    if (rc == MC_OK)
        rc = audit_record(db, t->who, "campaign.test", object, NULL);
    return rc;
}

enum mc_status campaign_test_send(struct db *db, const struct campaign_keys *k,
                                  const struct user *u, int64_t id,
                                  const struct audit_actor *who, struct campaign_says *why)
{
    struct test_ctx t = {k, u, id, who, why};
    why->text[0] = '\0';
    return db_tx(db, test_tx, &t);
}

/* ---------------------------------------------------------------- the sending job */

struct due {
    int64_t id, throttle;
    char agency[64], channel[8], subject[301], body[CAMPAIGN_BODY_MAX + 1];
};

struct batch {
    const struct campaign_keys *k;
    const struct due *c;
    int64_t limit, queued;
};

struct rcpt {
    int64_t seq, user_id;
    char *addr, *name;
};

/*
 * The idempotency key of recipient seq's message: the same on every run
 * (a restart queues nothing twice), keyed by this deployment's secret so
 * that two platforms sharing a gateway account never collide.
 */
static void message_key(const struct campaign_keys *k, int64_t id, int64_t seq, char out[33])
{
    unsigned char mac[crypto_auth_hmacsha256_BYTES];
    char what[48];
    int n = snprintf(what, sizeof(what), "message %lld %lld", (long long)id, (long long)seq);
    crypto_auth_hmacsha256(mac, (const unsigned char *)what, (unsigned long long)n, k->link);
    sodium_bin2hex(out, 33, mac, 16);
}

static enum mc_status batch_tx(struct db *db, void *arg)
{
    struct batch *b = arg;
    struct db_stmt *st = NULL;
    struct rcpt *rs = NULL;
    size_t n = 0, cap = 0;
    struct buf body;
    b->queued = 0;
    enum mc_status rc = db_query_start(db, &Q_NEXT, &st, "ii", b->c->id, b->limit);
    while (db_next(st, &rc)) {
        struct rcpt *r = ARRAY_PUSH(rs, n, cap);
        r->seq = db_col_int64(st, 0);
        r->user_id = db_col_is_null(st, 1) ? 0 : db_col_int64(st, 1);
        r->addr = seal_col_dup(st, 2);
        r->name = db_col_strdup(st, 3);
    }
    db_done(st);
    buf_init(&body, CAMPAIGN_BODY_MAX + 256);
    for (size_t i = 0; rc == MC_OK && i < n; i++) {
        char key[33], ref[32];
        int64_t queued = 0;
        message_key(b->k, b->c->id, rs[i].seq, key);
        snprintf(ref, sizeof(ref), "campaign:%lld", (long long)b->c->id);
        buf_reset(&body);
        rc = render(b->k, b->c->body, b->c->id, rs[i].seq, rs[i].name, &body);
        const struct notify_opts o = {.user_id = rs[i].user_id, .outreach = true,
                                      .campaign_id = b->c->id, .agency_code = b->c->agency,
                                      .idem_key = key, .ref = ref, .queued_id = &queued};
        if (rc == MC_OK)
            rc = notify_enqueue_ex(db, notify_channel_parse(b->c->channel), rs[i].addr,
                                   b->c->subject, buf_cstr(&body), "campaign", &o);
        if (rc == MC_OK)
            rc = db_run(db, &Q_MARK, NULL, "iii", b->c->id, rs[i].seq, queued);
        if (rc == MC_OK)
            b->queued++;
    }
    if (rc == MC_OK && n == 0)
        rc = db_run(db, &Q_DONE, NULL, "ii", b->c->id, clock_now());
    buf_release(&body);
    for (size_t i = 0; i < n; i++) {
        free(rs[i].addr);
        free(rs[i].name);
    }
    free(rs);
    return rc;
}

enum mc_status campaign_enqueue(struct db *db, const struct campaign_keys *k, int64_t *queued)
{
    struct db_stmt *st = NULL;
    struct due *cs = NULL;
    size_t n = 0, cap = 0;
    int64_t total = 0;
    enum mc_status rc = db_query_start(db, &Q_DUE, &st, "i", clock_now());
    while (db_next(st, &rc)) {
        struct due *c = ARRAY_PUSH(cs, n, cap);
        c->id = db_col_int64(st, 0);
        db_col_copy(st, 1, c->agency, sizeof(c->agency));
        db_col_copy(st, 2, c->channel, sizeof(c->channel));
        db_col_copy(st, 3, c->subject, sizeof(c->subject));
        db_col_copy(st, 4, c->body, sizeof(c->body));
        c->throttle = db_col_int64(st, 5);
    }
    db_done(st);
    int64_t t0 = clock_mono_us();
    for (size_t i = 0; rc == MC_OK && i < n; i++) {
        /* batch after batch (each its own transaction) for up to
         * CAMPAIGN_ROUND_US, so a large campaign is queued at full speed */
        for (;;) {
            struct batch b = {k, &cs[i], CAMPAIGN_BATCH, 0};
            int64_t waiting = 0;
            rc = db_get_int(db, &Q_WAITING, &waiting, "");
            if (rc != MC_OK || waiting >= CAMPAIGN_WINDOW)
                break;
            if (b.limit > CAMPAIGN_WINDOW - waiting)
                b.limit = CAMPAIGN_WINDOW - waiting;
            if (cs[i].throttle > 0) {   /* at most throttle messages in any minute */
                int64_t recent = 0;
                rc = db_get_int(db, &Q_RECENT, &recent, "ii", cs[i].id, clock_now() - 60);
                if (b.limit > cs[i].throttle - recent)
                    b.limit = cs[i].throttle - recent;
                if (rc != MC_OK || b.limit <= 0)
                    break;
            }
            rc = db_tx(db, batch_tx, &b);
            total += b.queued;
            if (rc != MC_OK || b.queued == 0 || clock_mono_us() - t0 > CAMPAIGN_ROUND_US)
                break;
        }
    }
    free(cs);
    if (queued)
        *queued = total;
    return rc;
}

/* ---------------------------------------------------------------- clicks */

enum mc_status campaign_click(struct db *db, const struct campaign_keys *k, const char *token,
                              char *path, size_t path_size)
{
    int64_t id = 0, seq = 0, changed = 0;
    if (!token_open(k, token, &id, &seq) || seq == 0)
        return MC_ERR_NOT_FOUND;
    enum mc_status rc = db_run(db, &Q_CLICK, &changed, "iii", id, seq, clock_now());
    if (rc == MC_OK && changed == 0)
        rc = MC_ERR_NOT_FOUND;
    if (rc == MC_OK)
        rc = db_get_text(db, &Q_TARGET, path, path_size, "i", id);
    if (rc == MC_OK && !path_ok(path))
        snprintf(path, path_size, "/");
    return rc;
}

/* ---------------------------------------------------------------- results */

void campaign_results_release(struct campaign_results *r)
{
    if (!r)
        return;
    free(r->units);
    memset(r, 0, sizeof(*r));
}

static void tally(struct campaign_figures *f, bool control, const char *state, bool clicked,
                  bool converted)
{
    if (control) {
        f->control++;
        f->conv_control += converted;
        return;
    }
    f->treated++;
    f->clicks += clicked;
    f->conv_treated += converted;
    if (!*state || strcmp(state, "queued") == 0 || strcmp(state, "sending") == 0
        || strcmp(state, "retrying") == 0)
        f->queued++;
    else if (strcmp(state, "failed") == 0)
        f->failed++;
    else
        f->sent++;
    if (strcmp(state, "delivered") == 0)
        f->delivered++;
}

static void rates(struct campaign_figures *f)
{
    f->rate_treated = f->treated ? 100.0 * (double)f->conv_treated / (double)f->treated : 0;
    f->rate_control = f->control ? 100.0 * (double)f->conv_control / (double)f->control : 0;
    f->uplift = f->rate_treated - f->rate_control;
}

enum mc_status campaign_results(struct db *db, const struct campaign *c,
                                struct campaign_results *out)
{
    struct db_stmt *st = NULL;
    struct strmap index;   /* unit code -> position in out->units */
    memset(out, 0, sizeof(*out));
    strmap_init(&index);
    int64_t since = c->started_at ? c->started_at : INT64_MAX / 4;
    enum mc_status rc = db_query_start(db, &Q_RESULTS, &st, "iii", c->id, since,
                                       (int64_t)c->window_days * DAY);
    while (db_next(st, &rc)) {
        const char *unit = db_col_text(st, 0);
        bool control = db_col_int64(st, 2) != 0, clicked = db_col_int64(st, 4) != 0;
        bool conv = db_col_int64(st, 5) > 0;
        const char *state = db_col_text(st, 3);
        tally(&out->total, control, state, clicked, conv);
        int64_t i = strmap_put(&index, unit, strlen(unit), (int64_t)out->nunits);
        if (i == (int64_t)out->nunits) {
            struct campaign_figures *f = ARRAY_PUSH(out->units, out->nunits, out->cap);
            snprintf(f->unit_code, sizeof(f->unit_code), "%s", unit);
            db_col_copy(st, 1, f->unit_name, sizeof(f->unit_name));
            if (!f->unit_name[0])
                snprintf(f->unit_name, sizeof(f->unit_name), "Chưa rõ xã, phường");
        }
        tally(&out->units[i], control, state, clicked, conv);
    }
    db_done(st);
    strmap_release(&index);
    rates(&out->total);
    for (size_t i = 0; i < out->nunits; i++)
        rates(&out->units[i]);
    if (rc == MC_OK)
        rc = campaign_price_get(db, c->channel, &out->price);
    out->cost = out->price * out->total.sent;
    out->cost_per_conversion = out->total.conv_treated
                                   ? (double)out->cost / (double)out->total.conv_treated
                                   : 0;
    return rc;
}

enum mc_status campaign_price_get(struct db *db, const char *channel, int64_t *dong)
{
    *dong = 0;
    enum mc_status rc = db_get_int(db, &Q_PRICE, dong, "s", channel);
    return rc == MC_ERR_NOT_FOUND ? MC_OK : rc;
}

struct price_ctx {
    const char *channel;
    int64_t dong;
    const struct audit_actor *who;
};

static enum mc_status price_tx(struct db *db, void *arg)
{
    struct price_ctx *p = arg;
    char detail[64];
    enum mc_status rc = db_run(db, &Q_PRICE_SET, NULL, "sii", p->channel, p->dong, clock_now());
    snprintf(detail, sizeof(detail), "%s=%lld", p->channel, (long long)p->dong);
    if (rc == MC_OK)
        rc = audit_record(db, p->who, "campaign.price", "campaign_prices", detail);
    return rc;
}

enum mc_status campaign_price_set(struct db *db, const struct user *u, const char *channel,
                                  const char *dong, const struct audit_actor *who)
{
    int v = 0;
    if (!(u->roles & ROLE_PROVINCE_ADMIN))
        return MC_ERR_FORBIDDEN;
    if (!channel || (strcmp(channel, "sms") && strcmp(channel, "zalo")
                     && strcmp(channel, "email"))
        || !dong || !*dong || !parse_int(dong, 0, 1000000, 0, &v))
        return MC_ERR_INVALID;
    struct price_ctx p = {channel, v, who};
    return db_tx(db, price_tx, &p);
}
