/*
 * rating.c - citizens' ratings of finished dossiers: the criteria table,
 * saving with its rules, the invitation, aggregates and officers'
 * ratings (see rating.h).
 */
#include "domain/rating/rating.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/db_row.h"
#include "core/seal.h"
#include "core/array.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/config.h"
#include "core/log.h"
#include "core/mem.h"
#include "core/text.h"
#include "domain/dossier/dossier_change.h"
#include "domain/feedback/feedback.h"
#include "domain/accounts/account.h"
#include "domain/notify/notify.h"

/* The evaluation table's nine criteria; keys name the c_<key> columns. */
static const struct rating_criterion criteria[RATING_CRITERIA] = {
    {"thoi_gian", "Thời gian giải quyết so với thời hạn theo quy định",
     {"Sớm hơn quy định", "Đúng quy định", "Chậm hơn quy định", NULL}, 3},
    {"thoi_gian_co_quan", "Thời gian xử lý tại từng cơ quan, đơn vị",
     {"Nhanh", "Đúng hạn", "Chậm", NULL}, 3},
    {"so_lan_lien_he", "Số lần phải liên hệ để hoàn thiện hồ sơ",
     {"Một lần", "Hai lần", "Ba lần trở lên", NULL}, 3},
    {"so_co_quan", "Số cơ quan, đơn vị phải liên hệ",
     {"Một cơ quan", "Hai cơ quan", "Ba cơ quan trở lên", NULL}, 3},
    {"mot_cua", "Tiếp nhận và trả kết quả tại một đầu mối (một cửa)",
     {"Có, chỉ tại một nơi", "Không, phải đến nhiều nơi", NULL, NULL}, 2},
    {"cong_khai", "Công khai thủ tục hành chính (hồ sơ, phí, thời hạn)",
     {"Đầy đủ, dễ hiểu", "Có nhưng chưa đầy đủ", "Không được công khai", NULL}, 3},
    {"thai_do", "Thái độ của cán bộ, công chức",
     {"Lịch sự, tận tình", "Bình thường", "Chưa đúng mực", NULL}, 3},
    {"phan_anh", "Việc tiếp nhận, xử lý ý kiến, phản ánh, kiến nghị",
     {"Được giải quyết thỏa đáng", "Chưa thỏa đáng", "Không có ý kiến, phản ánh", NULL}, 3},
    {"truc_tuyen", "Chất lượng dịch vụ công trực tuyến",
     {"Tốt", "Đạt yêu cầu", "Chưa tốt", "Không sử dụng"}, 4},
};

#define RATING_COLS                                                                       \
    "dossier_id, rater_id, overall, c_thoi_gian, c_thoi_gian_co_quan, c_so_lan_lien_he," \
    " c_so_co_quan, c_mot_cua, c_cong_khai, c_thai_do, c_phan_anh, c_truc_tuyen,"        \
    " comment, agency_code, procedure_code, field, created_at, updated_at"

static const struct db_query Q_GET = {
    "rating.get", "SELECT " RATING_COLS " FROM dossier_ratings WHERE dossier_id = ?1",
};
static const struct db_query Q_UPSERT = {
    "rating.upsert",
    "INSERT INTO dossier_ratings (" RATING_COLS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8,"
    " ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?17)"
    " ON CONFLICT(dossier_id) DO UPDATE SET overall = excluded.overall,"
    " c_thoi_gian = excluded.c_thoi_gian, c_thoi_gian_co_quan = excluded.c_thoi_gian_co_quan,"
    " c_so_lan_lien_he = excluded.c_so_lan_lien_he, c_so_co_quan = excluded.c_so_co_quan,"
    " c_mot_cua = excluded.c_mot_cua, c_cong_khai = excluded.c_cong_khai,"
    " c_thai_do = excluded.c_thai_do, c_phan_anh = excluded.c_phan_anh,"
    " c_truc_tuyen = excluded.c_truc_tuyen, comment = excluded.comment,"
    " updated_at = excluded.updated_at",
};
static const struct db_query Q_FIELD = {
    "rating.field", "SELECT field FROM procedures WHERE code = ?1",
};
static const struct db_query Q_INVITED = {
    "rating.invited",
    "INSERT INTO rating_invitations (dossier_id, channel, sent_at) VALUES (?1, ?2, ?3)"
    " ON CONFLICT(dossier_id) DO NOTHING",
};
/*
 * The aggregates count every rated dossier (DanhGia 1..3 in dossiers.rating:
 * given on this portal, which rating_save() writes there too, or synced
 * from the national portal with an imported record) by the day the dossier
 * ended, so that a period's ratings are those of the dossiers it finished,
 * whatever their origin.  Written as two ranges (not COALESCE) so that the
 * index on ended_at finds the period's dossiers without reading the others,
 * and dossiers_open_returned those returned in it and never ended.
 */
#define RATED_IN_PERIOD \
    " d.rating BETWEEN 1 AND 3 AND ((d.ended_at >= ?1 AND d.ended_at < ?2)" \
    " OR (d.ended_at IS NULL AND d.returned_at >= ?1 AND d.returned_at < ?2))"
/* How many dossiers got each verdict (1, 2, 3), as portable sums. */
#define RATING_SUMS \
    "SUM(CASE WHEN d.rating = 1 THEN 1 ELSE 0 END)," \
    " SUM(CASE WHEN d.rating = 2 THEN 1 ELSE 0 END)," \
    " SUM(CASE WHEN d.rating = 3 THEN 1 ELSE 0 END)"
static const struct db_query Q_AGG_AGENCY = {
    "rating.agg_agency",
    "SELECT d.agency_code, COALESCE(a.name, d.agency_code), " RATING_SUMS
    " FROM dossiers d"
    " LEFT JOIN agencies a ON a.code = d.agency_code"
    " WHERE" RATED_IN_PERIOD
    " GROUP BY d.agency_code, a.name ORDER BY COUNT(*) DESC, d.agency_code",
};
static const struct db_query Q_AGG_FIELD = {
    "rating.agg_field",
    "SELECT COALESCE(p.field, '') AS f, COALESCE(p.field, ''), " RATING_SUMS
    " FROM dossiers d"
    " LEFT JOIN procedures p ON p.code = d.procedure_code"
    " WHERE" RATED_IN_PERIOD
    " GROUP BY f ORDER BY COUNT(*) DESC, f",
};
static const struct db_query Q_OFFICERS = {
    "rating.officers",
    "SELECT u.id, u.full_name, " RATING_SUMS
    " FROM dossiers d"
    " JOIN (SELECT DISTINCT dossier_id, actor_id FROM dossier_events"
    "       WHERE actor_id IS NOT NULL) e ON e.dossier_id = d.id"
    " JOIN users u ON u.id = e.actor_id AND u.kind = 'staff'"
    " WHERE (?3 = '' OR d.agency_code = ?3) AND" RATED_IN_PERIOD
    " GROUP BY u.id, u.full_name",
};

const struct rating_criterion *rating_criteria(void)
{
    return criteria;
}

int rating_target_pct(const char *field)
{
    static const char *special[] = {"dat dai", "xay dung", "dau tu"};
    struct buf f;
    int target = RATING_TARGET_DEFAULT;
    if (!field || !*field)
        return target;
    buf_init(&f, BUF_MAX_SMALL);
    if (text_fold(field, strlen(field), &f) == MC_OK) {
        for (size_t i = 0; i < MC_ARRAY_LEN(special); i++)
            if (strstr(buf_cstr(&f), special[i]))
                target = RATING_TARGET_SPECIAL;
    }
    buf_release(&f);
    return target;
}

bool rating_asks_action(const char *comment)
{
    /* Folded words that ask the agency to do something. */
    static const char *asks[] = {"de nghi", "kien nghi", "yeu cau", "mong co quan",
                                 "can khac phuc", "khac phuc", "cai thien", "xem xet",
                                 "chan chinh", "sua doi", "phan anh"};
    struct buf f;
    bool found = false;
    if (!comment || !*comment)
        return false;
    buf_init(&f, BUF_MAX_SMALL);
    if (text_fold(comment, strlen(comment), &f) == MC_OK) {
        for (size_t i = 0; !found && i < MC_ARRAY_LEN(asks); i++)
            found = strstr(buf_cstr(&f), asks[i]) != NULL;
    }
    buf_release(&f);
    return found;
}

/* ---------------------------------------------------------------- reading */

/* The columns of RATING_COLS, in order. */
_Static_assert(RATING_CRITERIA == 9, "one column per criterion below");
static const struct db_field RATING_FIELDS[] = {
    DB_INT64(struct rating, dossier_id),
    DB_INT64(struct rating, rater_id),
    DB_INT(struct rating, overall),
    DB_INT(struct rating, criteria[0]),
    DB_INT(struct rating, criteria[1]),
    DB_INT(struct rating, criteria[2]),
    DB_INT(struct rating, criteria[3]),
    DB_INT(struct rating, criteria[4]),
    DB_INT(struct rating, criteria[5]),
    DB_INT(struct rating, criteria[6]),
    DB_INT(struct rating, criteria[7]),
    DB_INT(struct rating, criteria[8]),
    DB_TEXT(struct rating, comment),
    DB_TEXT(struct rating, agency_code),
    DB_TEXT(struct rating, procedure_code),
    DB_TEXT(struct rating, field),
    DB_INT64(struct rating, created_at),
    DB_INT64(struct rating, updated_at),
};

static const struct db_row_type RATING_ROW =
    DB_ROW_TYPE(struct rating, RATING_FIELDS, NULL, NULL);

enum mc_status rating_get(struct db *db, int64_t dossier_id, struct rating *out)
{
    return db_row_get(db, &Q_GET, &RATING_ROW, out, "i", dossier_id);
}

static bool is_owner(const struct user *u, const struct dossier *d)
{
    return u && u->kind != USER_STAFF && d->applicant_id != 0 && d->applicant_id == u->id;
}

static const char WHY_NOT_ENDED[] =
    "Hồ sơ chưa kết thúc xử lý nên chưa thể đánh giá. Bạn sẽ được mời đánh giá khi có kết quả.";
static const char WHY_WINDOW[] =
    "Đã quá 7 ngày kể từ khi bạn đánh giá nên không thể sửa đánh giá nữa.";
static const char WHY_NOT_OWNER[] = "Chỉ người nộp hồ sơ mới được đánh giá hồ sơ này.";

enum mc_status rating_state_of(struct db *db, const struct user *u, const struct dossier *d,
                               int64_t now, struct rating *r, struct rating_state *st)
{
    enum mc_status rc;
    memset(st, 0, sizeof(*st));
    st->owner = is_owner(u, d);
    st->ended = nat_status_ended(d->status);
    rc = rating_get(db, d->id, r);
    if (rc == MC_OK) {
        st->rated = true;
        st->edit_until = r->created_at + RATING_EDIT_WINDOW;
    } else if (rc != MC_ERR_NOT_FOUND) {
        return rc;
    }
    if (!st->owner)
        st->why = WHY_NOT_OWNER;
    else if (!st->ended)
        st->why = WHY_NOT_ENDED;
    else if (st->rated && now > st->edit_until)
        st->why = WHY_WINDOW;
    else
        st->editable = true;
    return MC_OK;
}

/* ---------------------------------------------------------------- saving */

/* NULL when the comment is acceptable, else why not. */
static const char *comment_problem(const char *s)
{
    size_t len = strlen(s), chars = 0;
    if (!text_utf8_valid(s, len))
        return "Nội dung góp ý có ký tự không hợp lệ.";
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c & 0xC0) != 0x80)
            chars++;
        if ((c < 0x20 && c != '\n' && c != '\r' && c != '\t') || c == 0x7F)
            return "Nội dung góp ý có ký tự điều khiển không hợp lệ.";
        if (c == '<' && i + 1 < len &&
            (s[i + 1] == '/' || s[i + 1] == '!' || s[i + 1] == '?' ||
             (s[i + 1] >= 'a' && s[i + 1] <= 'z') || (s[i + 1] >= 'A' && s[i + 1] <= 'Z')))
            return "Nội dung góp ý không được chứa thẻ HTML hay mã lệnh.";
    }
    if (chars > RATING_COMMENT_MAX)
        return "Nội dung góp ý dài quá 1000 ký tự.";
    return NULL;
}

/* NULL when the input is acceptable, else why not; *field gets the input key. */
static const char *input_problem(const struct rating_input *in, const char **field)
{
    *field = "overall";
    if (in->overall < NAT_VERDICT_VERY_SATISFIED || in->overall > NAT_VERDICT_UNSATISFIED)
        return "Hãy chọn mức độ hài lòng chung: Rất hài lòng, Hài lòng hoặc Không hài lòng.";
    *field = "criteria";
    for (int i = 0; i < RATING_CRITERIA; i++)
        if (in->criteria[i] < 0 || in->criteria[i] > criteria[i].n)
            return "Một tiêu chí đánh giá có giá trị không hợp lệ.";
    *field = "comment";
    return in->comment ? comment_problem(in->comment) : NULL;
}

struct save_ctx {
    const struct audit_actor *who;
    const struct user *u;
    int64_t id;
    const struct rating_input *in;
    int64_t now;
    bool updated;
    struct form_errors errs;   /* the reasons of the last attempt */
};

static enum mc_status field_of(struct db *db, const char *procedure, char *out, size_t size)
{
    enum mc_status rc = db_get_text(db, &Q_FIELD, out, size, "s", procedure);
    return rc == MC_ERR_NOT_FOUND ? MC_OK : rc;   /* an unknown procedure has no field */
}

/*
 * A dissatisfied rating, or one whose comment asks for action, becomes a
 * feedback item for the dossier's agency (once per dossier: a changed
 * rating keeps the item), with the feedback module's deadlines.  The
 * rating form tells the citizen that the answer may be published once
 * personal data is removed (consent_publish: the officer still writes the
 * public text, which the redaction check guards).
 */
static enum mc_status to_feedback(struct db *db, struct save_ctx *c, const struct dossier *d)
{
    struct buf title, body;
    char code[FEEDBACK_CODE_SIZE];
    bool created = false;
    const char *comment = c->in->comment && *c->in->comment ? c->in->comment : NULL;
    struct feedback_submission s = {
        .kind = "phan_anh", .category = "thu_tuc", .procedure_code = d->procedure_code,
        .agency_code = d->agency_code, .dossier_code = d->code, .consent_publish = true,
        .sender_user_id = c->u->id, .source = "rating", .source_ref = d->code};
    struct form_errors errs;
    enum mc_status rc;
    buf_init(&title, BUF_MAX_SMALL);
    buf_init(&body, BUF_MAX_SMALL);
    form_errors_clear(&errs);
    buf_addf(&title, "%s về hồ sơ %s", c->in->overall == NAT_VERDICT_UNSATISFIED
                                            ? "Đánh giá không hài lòng" : "Góp ý khi đánh giá",
             d->code);
    buf_addf(&body, "Người dân đánh giá «%s» khi kết thúc hồ sơ %s (%s).\n\n%s%s",
             nat_verdict_name(c->in->overall), d->code, d->procedure_name,
             comment ? "Ý kiến: " : "Người dân không ghi ý kiến.", comment ? comment : "");
    s.title = buf_cstr(&title);
    s.body = buf_cstr(&body);
    rc = feedback_file_from(db, &s, c->who, &errs, code, &created);
    if (rc == MC_ERR_INVALID) {   /* an agency feedback does not know: route it */
        form_errors_clear(&errs);
        s.agency_code = NULL;
        rc = feedback_file_from(db, &s, c->who, &errs, code, &created);
    }
    if (rc == MC_ERR_INVALID) {   /* never lose the rating over its item */
        log_warn("rating: the feedback item for a rating was refused (%s)",
                 errs.count ? form_errors_first(&errs) : "?");
        rc = MC_OK;
    }
    buf_release(&title);
    buf_release(&body);
    return rc;
}

static enum mc_status save_tx(struct db *db, void *arg)
{
    struct save_ctx *c = arg;
    struct dossier d;
    struct rating *old = xcalloc(1, sizeof(*old));
    char field[RATING_FIELD_MAX], detail[64];
    enum mc_status rc;
    struct db_stmt *st = NULL;
    bool row = false;
    dossier_init(&d);
    c->updated = false;
    form_errors_clear(&c->errs);
    if ((rc = dossier_get(db, NULL, c->id, &d)) != MC_OK)
        goto out;
    if (!is_owner(c->u, &d)) {
        rc = MC_ERR_NOT_FOUND;
        goto out;
    }
    if (!nat_status_ended(d.status)) {
        form_errors_add(&c->errs, "", WHY_NOT_ENDED);
        rc = MC_ERR_INVALID;
        goto out;
    }
    rc = rating_get(db, d.id, old);
    if (rc == MC_OK) {
        if (c->now > old->created_at + RATING_EDIT_WINDOW) {
            form_errors_add(&c->errs, "", WHY_WINDOW);
            rc = MC_ERR_FORBIDDEN;
            goto out;
        }
        c->updated = true;
    } else if (rc != MC_ERR_NOT_FOUND) {
        goto out;
    }
    if ((rc = field_of(db, d.procedure_code, field, sizeof(field))) != MC_OK)
        goto out;
    rc = db_prepare(db, &Q_UPSERT, &st);
    if (rc == MC_OK) {
        db_bind_int64(st, 1, d.id);
        db_bind_int64(st, 2, c->u->id);
        db_bind_int64(st, 3, c->in->overall);
        for (int i = 0; i < RATING_CRITERIA; i++)
            db_bind_int64(st, 4 + i, c->in->criteria[i]);
        db_bind_str(st, 13, c->in->comment ? c->in->comment : "");
        db_bind_str(st, 14, d.agency_code);
        db_bind_str(st, 15, d.procedure_code);
        db_bind_str(st, 16, field);
        db_bind_int64(st, 17, c->now);
        rc = db_step(st, &row);
    }
    db_done(st);
    if (rc == MC_OK)   /* DanhGia on the dossier; its listeners (hai_long_tthc) follow */
        rc = dossier_record_rating(db, d.id, c->in->overall);
    if (rc == MC_OK && (c->in->overall == NAT_VERDICT_UNSATISFIED ||
                        rating_asks_action(c->in->comment)))
        rc = to_feedback(db, c, &d);
    snprintf(detail, sizeof(detail), "{\"overall\":%d,\"updated\":%s}", c->in->overall,
             c->updated ? "true" : "false");
    rc = audit_record_if(rc, db, c->who, "rating.save", detail, "dossier:%s", d.code);
out:
    free(old);
    dossier_release(&d);
    return rc;
}

enum mc_status rating_save(struct db *db, const struct audit_actor *who, const struct user *u,
                           int64_t dossier_id, const struct rating_input *in, bool *updated,
                           struct form_errors *errs)
{
    struct save_ctx c = {.who = who, .u = u, .id = dossier_id, .in = in, .now = clock_now()};
    const char *field = "";
    const char *bad = input_problem(in, &field);
    enum mc_status rc = MC_ERR_INVALID;
    if (bad) {
        form_errors_add(errs, field, bad);
        goto out;
    }
    rc = MC_ERR_NOT_FOUND;
    if (!u)
        goto out;
    rc = db_tx(db, save_tx, &c);
    form_errors_append(errs, &c.errs);
    if (updated)
        *updated = c.updated;
out:
    return rc;
}

/* ---------------------------------------------------------------- invitation */

enum mc_status rating_on_dossier_change(struct db *db, const struct dossier_change *c,
                                        void *arg)
{
    (void)arg;
    if (c->kind != DOSSIER_CHANGE_RATING_DUE || !c->d)
        return MC_OK;
    return rating_invite(db, c->d->id, NULL);
}

enum mc_status rating_invite(struct db *db, int64_t dossier_id, const char *base_url)
{
    struct dossier d;
    struct buf body;
    char email[256] = "", phone[64] = "", subject[NOTIFY_SUBJECT_MAX];
    struct config cfg;
    int64_t changes = 0;
    enum mc_status rc;
    if (!base_url) {
        config_init(&cfg);
        base_url = cfg.public_url;
    }
    dossier_init(&d);
    buf_init(&body, NOTIFY_BODY_MAX);
    rc = dossier_get(db, NULL, dossier_id, &d);
    if (rc == MC_ERR_NOT_FOUND || (rc == MC_OK && (d.applicant_id == 0 || d.imported))) {
        rc = MC_OK;
        goto out;
    }
    if (rc != MC_OK)
        goto out;
    rc = account_contact_addrs(db, d.applicant_id, email, sizeof(email), phone, sizeof(phone));
    if (rc == MC_ERR_NOT_FOUND)
        rc = MC_OK;
    if (rc != MC_OK)
        goto out;
    if (!phone[0])
        snprintf(phone, sizeof(phone), "%s", d.contact_phone);
    if (!email[0] && !phone[0])
        goto out;
    rc = db_run(db, &Q_INVITED, &changes, "isi", d.id, email[0] ? "email" : "sms", clock_now());
    if (rc != MC_OK || changes == 0)
        goto out;
    snprintf(subject, sizeof(subject), "Mời đánh giá mức độ hài lòng – hồ sơ %s", d.code);
    if (email[0]) {
        buf_addf(&body,
                 "Kính gửi ông/bà,\n\nHồ sơ %s (%s) đã được trả kết quả.\n"
                 "Mời ông/bà đánh giá mức độ hài lòng về việc giải quyết hồ sơ tại:\n"
                 "%s/ho-so/%s/danh-gia\n\n"
                 "Ý kiến của ông/bà giúp cơ quan nâng cao chất lượng phục vụ. Đánh giá có thể "
                 "sửa trong 7 ngày.\n",
                 d.code, d.procedure_name[0] ? d.procedure_name : d.procedure_code,
                 base_url, d.code);
        rc = notify_enqueue(db, NOTIFY_EMAIL, email, subject, buf_cstr(&body),
                            "rating.invite");
    } else {
        buf_addf(&body, "Ho so %s da tra ket qua. Moi danh gia muc do hai long: %s/ho-so/%s/"
                        "danh-gia",
                 d.code, base_url, d.code);
        rc = notify_enqueue(db, NOTIFY_SMS, phone, subject, buf_cstr(&body), "rating.invite");
    }
    if (rc == MC_ERR_INVALID || rc == MC_ERR_TOO_LARGE) {
        log_warn("rating invitation for dossier %lld not queued", (long long)d.id);
        rc = MC_OK;
    }
out:
    buf_release(&body);
    dossier_release(&d);
    return rc;
}

/* ---------------------------------------------------------------- aggregates */

void rating_agg_init(struct rating_agg *a)
{
    memset(a, 0, sizeof(*a));
}

void rating_agg_release(struct rating_agg *a)
{
    if (a)
        array_list_release(a, sizeof(*a), a->rows);
}

static double pct_of(int64_t good, int64_t rated)
{
    return rated > 0 ? 100.0 * (double)good / (double)rated : 0.0;
}

static void finish_row(struct rating_agg_row *r, int target)
{
    r->rated = r->very + r->satisfied + r->unsatisfied;
    r->pct = pct_of(r->very + r->satisfied, r->rated);
    r->target_pct = target;
    /* Compared in integers so that exactly 90% meets a 90% target. */
    r->meets = r->rated > 0 && (r->very + r->satisfied) * 100 >= (int64_t)target * r->rated;
}

enum mc_status rating_aggregate(struct db *db, enum rating_group g, int64_t from, int64_t to,
                                struct rating_agg *out)
{
    struct db_stmt *st = NULL;
    enum mc_status rc;
    rating_agg_release(out);
    rc = db_query_start(db, g == RATING_BY_FIELD ? &Q_AGG_FIELD : &Q_AGG_AGENCY, &st, "ii",
                        from, to);
    while (db_next(st, &rc)) {
        struct rating_agg_row *r = ARRAY_PUSH(out->rows, out->n, out->cap);
        db_col_copy(st, 0, r->key, sizeof(r->key));
        snprintf(r->name, sizeof(r->name), "%s",
                 g == RATING_BY_FIELD && !*db_col_text(st, 1) ? "Lĩnh vực chưa xác định"
                                                               : db_col_text(st, 1));
        r->very = db_col_int64(st, 2);
        r->satisfied = db_col_int64(st, 3);
        r->unsatisfied = db_col_int64(st, 4);
        finish_row(r, g == RATING_BY_FIELD ? rating_target_pct(r->key) : RATING_TARGET_DEFAULT);
        out->total.very += r->very;
        out->total.satisfied += r->satisfied;
        out->total.unsatisfied += r->unsatisfied;
    }
    db_done(st);
    snprintf(out->total.name, sizeof(out->total.name), "Toàn tỉnh");
    finish_row(&out->total, RATING_TARGET_DEFAULT);
    return rc;
}

/* ---------------------------------------------------------------- officers */

bool rating_may_see_officers(const struct user *viewer, const char *agency_code)
{
    if (!viewer || viewer->kind != USER_STAFF)
        return false;
    if (viewer->roles & ROLE_PROVINCE_ADMIN)
        return true;
    if (!agency_code || !*agency_code || !viewer->agency_code[0])
        return false;
    return strcmp(viewer->agency_code, agency_code) == 0 &&
           (viewer->roles & (ROLE_APPROVER | ROLE_AGENCY_ADMIN)) != 0;
}

ARRAY_LIST_DEFINE(rating_officer, rows)

static int by_pct(const void *a, const void *b)
{
    const struct rating_officer_row *x = a, *y = b;
    if (x->pct != y->pct)
        return x->pct < y->pct ? -1 : 1;
    if (x->rated != y->rated)
        return x->rated > y->rated ? -1 : 1;
    return x->user_id < y->user_id ? -1 : x->user_id > y->user_id;
}

enum mc_status rating_officers(struct db *db, const struct user *viewer,
                               const char *agency_code, int64_t from, int64_t to,
                               struct rating_officer_list *out)
{
    struct db_stmt *st = NULL;
    enum mc_status rc;
    rating_officer_list_release(out);
    if (!rating_may_see_officers(viewer, agency_code))
        return MC_ERR_FORBIDDEN;
    rc = db_query_start(db, &Q_OFFICERS, &st, "iis", from, to, agency_code ? agency_code : "");
    while (db_next(st, &rc)) {
        struct rating_officer_row *r = ARRAY_PUSH(out->rows, out->n, out->cap);
        r->user_id = db_col_int64(st, 0);
        db_col_copy(st, 1, r->name, sizeof(r->name));
        r->very = db_col_int64(st, 2);
        r->satisfied = db_col_int64(st, 3);
        r->unsatisfied = db_col_int64(st, 4);
        r->rated = r->very + r->satisfied + r->unsatisfied;
        r->pct = pct_of(r->very + r->satisfied, r->rated);
    }
    db_done(st);
    if (out->n > 1)
        qsort(out->rows, out->n, sizeof(*out->rows), by_pct);
    return rc;
}
