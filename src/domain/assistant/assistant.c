/*
 * assistant.c - conversations: decide what to answer, compose it from
 * the catalogue and the FAQ, log it, hand it off (see assistant.h).
 */
#include <ctype.h>
#include <math.h>
#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include "domain/assistant/assistant.h"
#include "domain/assistant/kb.h"
#include "domain/accounts/account.h"
#include "domain/catalog/catalog.h"
#include "core/array.h"
#include "core/clock.h"
#include "core/log.h"
#include "core/mem.h"
#include "core/text.h"
#include "core/vnfmt.h"
#include "domain/dossier/dossier.h"

#define DOCS_SHOWN 10             /* documents listed before "và N giấy tờ khác" */
#define FOLLOW_UP_SECONDS 1800    /* a session's last procedure is reused this long */
#define REVIEW_ROWS 500           /* log rows considered by the review */
#define TRANSCRIPT_TURNS 20       /* questions attached to a hand-off */
#define GROUP_JACCARD 0.5         /* similarity that joins a review group */
#define HANDOFF_CONTEXT 7200      /* seconds of a session searched for its procedure */
#define HANDOFF_BODY_ROOM 7000    /* bytes of transcript in a hỏi–đáp item (< FEEDBACK_BODY_MAX) */
#define HANDOFF_TITLE_PREFIX "Câu hỏi từ trợ lý ảo: "
#define TRACK_SLOTS 256           /* remembered sessions and limit counters (no chains) */

/* ---------------------------------------------------------------- queries */

/* assistant_ask: the exchange, masked. */
static const struct db_query Q_LOG_INSERT = {
    "assistant.log_insert",
    "INSERT INTO assistant_log (at, session, channel, message, folded, intent, outcome,"
    " top_code, confidence) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) RETURNING id",
};
/* assistant_ask: the procedure last answered in this session (follow-ups). */
static const struct db_query Q_LOG_LAST_CODE = {
    "assistant.log_last_code",
    "SELECT top_code FROM assistant_log WHERE session = ?1 AND session <> '' AND at >= ?2"
    " AND outcome IN ('answer', 'faq') AND top_code IS NOT NULL ORDER BY id DESC LIMIT 1",
};
static const struct db_query Q_LOG_RATE = {
    "assistant.log_rate",
    "UPDATE assistant_log SET helpful = ?3 WHERE id = ?1 AND session = ?2",
};
/* asst_handoff_create: the session's recent questions, oldest first. */
static const struct db_query Q_LOG_SESSION = {
    "assistant.log_session",
    "SELECT message FROM (SELECT id, message FROM assistant_log WHERE session = ?1"
    " AND session <> '' ORDER BY id DESC LIMIT ?2) m ORDER BY id",
};
/* asst_handoff_create: the log row of a hand-off filed as a hỏi–đáp item. */
static const struct db_query Q_HANDOFF_INSERT = {
    "assistant.handoff_insert",
    "INSERT INTO assistant_handoffs (at, session, question, transcript, status)"
    " VALUES (?1, ?2, ?3, ?4, 'forwarded') RETURNING id",
};
/* asst_review_load: candidates for knowledge, newest first. */
static const struct db_query Q_REVIEW_ROWS = {
    "assistant.review_rows",
    "SELECT id, message, folded, intent, top_code, confidence FROM assistant_log"
    " WHERE resolved = 0 AND (outcome IN ('choices', 'handoff') OR confidence < ?1"
    " OR helpful = 0) AND intent NOT IN ('greeting', 'safety', 'account', 'status')"
    " ORDER BY id DESC LIMIT ?2",
};
static const struct db_query Q_REVIEW_COUNTS = {
    "assistant.review_counts",
    "SELECT COUNT(*), COUNT(helpful), COALESCE(SUM(helpful), 0),"
    " (SELECT COUNT(*) FROM assistant_handoffs) FROM assistant_log",
};
static const struct db_query Q_LOG_FOLDED = {
    "assistant.log_folded",
    "SELECT folded FROM assistant_log WHERE id = ?1",
};
static const struct db_query Q_LOG_RESOLVE = {
    "assistant.log_resolve",
    "UPDATE assistant_log SET resolved = 1 WHERE id = ?1 OR (resolved = 0 AND folded = ?2)",
};
static const struct db_query Q_LOG_MESSAGE = {
    "assistant.log_message",
    "SELECT message FROM assistant_log WHERE id = ?1",
};

/* ---------------------------------------------------------------- shared base */

struct kb_ref {
    struct asst_kb kb;
    char stamp[96];
    int refs;                 /* requests using it, plus 1 while current */
};

static pthread_mutex_t kb_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t kb_build_lock = PTHREAD_MUTEX_INITIALIZER;
static struct kb_ref *kb_current;

static void kb_unref(struct kb_ref *r)
{
    bool last;
    if (!r)
        return;
    pthread_mutex_lock(&kb_lock);
    last = --r->refs == 0;
    pthread_mutex_unlock(&kb_lock);
    if (last) {
        asst_kb_release(&r->kb);
        free(r);
    }
}

/* A referenced knowledge base matching stamp, or NULL. */
static struct kb_ref *kb_try(const char *stamp)
{
    struct kb_ref *r = NULL;
    pthread_mutex_lock(&kb_lock);
    if (kb_current && strcmp(kb_current->stamp, stamp) == 0) {
        r = kb_current;
        r->refs++;
    }
    pthread_mutex_unlock(&kb_lock);
    return r;
}

static enum mc_status kb_acquire(struct db *db, struct kb_ref **out)
{
    char stamp[96];
    enum mc_status st = asst_kb_stamp(db, stamp, sizeof(stamp));
    *out = NULL;
    if (st != MC_OK)
        return st;
    if ((*out = kb_try(stamp)) != NULL)
        return MC_OK;
    /* One builder at a time; the others wait and then find its result. */
    pthread_mutex_lock(&kb_build_lock);
    if ((*out = kb_try(stamp)) == NULL) {
        struct kb_ref *r = xcalloc(1, sizeof(*r));
        int64_t t0 = clock_mono_us();
        st = asst_kb_init(&r->kb);
        if (st == MC_OK)
            st = asst_kb_load(&r->kb, db);
        if (st != MC_OK) {
            asst_kb_release(&r->kb);
            free(r);
        } else {
            snprintf(r->stamp, sizeof(r->stamp), "%s", stamp);
            r->refs = 2;
            pthread_mutex_lock(&kb_lock);
            struct kb_ref *old = kb_current;
            kb_current = r;
            pthread_mutex_unlock(&kb_lock);
            kb_unref(old);
            log_info("assistant knowledge loaded: %zu procedures, %zu FAQ entries, %.0f ms",
                     r->kb.nprocs, r->kb.nfaqs, (double)(clock_mono_us() - t0) / 1000.0);
            *out = r;
        }
    }
    pthread_mutex_unlock(&kb_build_lock);
    return st;
}

void assistant_shutdown(void)
{
    pthread_mutex_lock(&kb_lock);
    struct kb_ref *r = kb_current;
    kb_current = NULL;
    pthread_mutex_unlock(&kb_lock);
    kb_unref(r);
}

/* ---------------------------------------------------------------- replies */

void asst_reply_init(struct asst_reply *r)
{
    memset(r, 0, sizeof(*r));
    buf_init(&r->answer, ASST_ANSWER_MAX);
    r->outcome = "info";
}

void asst_reply_release(struct asst_reply *r)
{
    buf_release(&r->answer);
    for (size_t i = 0; i < r->nprocs; i++)
        free(r->procs[i].name);
    for (size_t i = 0; i < r->nactions; i++) {
        free(r->actions[i].label);
        free(r->actions[i].url);
        free(r->actions[i].message);
    }
    memset(r, 0, sizeof(*r));
}

static void add_action(struct asst_reply *r, const char *type, const char *label,
                       const char *url, const char *message, const char *intent)
{
    if (r->nactions >= ASST_MAX_ACTIONS)
        return;
    struct asst_action *a = &r->actions[r->nactions++];
    a->type = type;
    a->label = xstrdup(label);
    a->url = url ? xstrdup(url) : NULL;
    a->message = message ? xstrdup(message) : NULL;
    a->intent = intent;
}

static void add_proc(struct asst_reply *r, const struct asst_proc *p, double score)
{
    if (r->nprocs >= ASST_MAX_PROCS)
        return;
    struct asst_proc_ref *ref = &r->procs[r->nprocs++];
    snprintf(ref->code, sizeof(ref->code), "%s", p->code);
    ref->name = xstrdup(p->name);
    ref->score = round(score * 100.0) / 100.0;
}

json_t *asst_reply_json(const struct asst_reply *r)
{
    json_t *procs = json_array(), *actions = json_array();
    for (size_t i = 0; i < r->nprocs; i++)
        json_array_append_new(procs, json_pack("{s:s,s:s,s:f,s:s+}", "code", r->procs[i].code,
                                               "name", r->procs[i].name, "score",
                                               r->procs[i].score, "url", ASST_PAGE_URL,
                                               r->procs[i].code));
    for (size_t i = 0; i < r->nactions; i++) {
        const struct asst_action *a = &r->actions[i];
        json_t *o = json_pack("{s:s,s:s}", "type", a->type, "label", a->label);
        if (a->url)
            json_object_set_new(o, "url", json_string(a->url));
        if (a->message)
            json_object_set_new(o, "message", json_string(a->message));
        if (a->intent)
            json_object_set_new(o, "intent", json_string(a->intent));
        json_array_append_new(actions, o);
    }
    return json_pack("{s:s,s:s,s:s,s:f,s:o,s:o,s:I,s:b}", "answer", buf_cstr(&r->answer),
                     "intent", asst_intent_key(r->intent), "outcome", r->outcome,
                     "confidence", round(r->confidence * 100.0) / 100.0, "procedures", procs,
                     "actions", actions, "log_id", (json_int_t)r->log_id, "rephrased",
                     r->rephrased);
}

/* ---------------------------------------------------------------- wording */

/* "1.250.000 đồng" */
static void add_dong(struct buf *b, int64_t v)
{
    char s[VNFMT_SIZE];
    buf_adds(b, vnfmt_money(s, sizeof(s), v));
}

static void add_number(struct buf *b, double v)
{
    if (v == floor(v))
        buf_addf(b, "%.0f", v);
    else
        buf_addf(b, "%g", v);
}

/* The time of channel c ("3 ngày làm việc"); false when unknown. */
static bool time_text(const struct proc_channel *c, struct buf *b)
{
    if (c->time_state == PROC_TIME_VALUE && c->time_unit != PROC_UNIT_UNKNOWN) {
        add_number(b, c->time_min);
        if (c->time_max > c->time_min) {
            buf_adds(b, "–");
            add_number(b, c->time_max);
        }
        buf_addch(b, ' ');
        buf_adds(b, proc_time_unit_name(c->time_unit));
        return true;
    }
    if (c->time_state == PROC_TIME_UNPARSED && c->time_raw && *c->time_raw) {
        buf_adds(b, c->time_raw);
        return true;
    }
    return false;
}

/* The fee of channel c ("8.000 đồng", "miễn phí"); false when unknown. */
static bool fee_text(const struct proc_channel *c, struct buf *b)
{
    switch (c->fee_state) {
    case PROC_FEE_FREE:
        buf_adds(b, "miễn phí");
        return true;
    case PROC_FEE_AMOUNT:
        add_dong(b, c->fee_dong);
        return true;
    case PROC_FEE_FOREIGN:
    case PROC_FEE_UNPARSED:
        if (c->fee_raw && *c->fee_raw) {
            buf_adds(b, c->fee_raw);
            return true;
        }
        return false;
    case PROC_FEE_NO_INFO:
        return false;
    }
    return false;
}

static const char *channel_phrase(enum proc_channel_kind k)
{
    switch (k) {
    case PROC_CHANNEL_DIRECT: return "nộp trực tiếp";
    case PROC_CHANNEL_ONLINE: return "nộp trực tuyến";
    case PROC_CHANNEL_POSTAL: return "qua bưu chính";
    }
    return "khác";
}

/*
 * One line "LABEL: v1 (kênh 1); v2 (kênh 2)" from fn over the channels,
 * merged when every channel says the same.  False when no channel knows.
 */
static bool channels_line(const struct procedure *p, const char *label,
                          bool (*fn)(const struct proc_channel *, struct buf *), struct buf *out)
{
    struct buf vals[8];
    size_t n = 0;
    bool same = true;
    for (size_t i = 0; i < p->nchannels && n < MC_ARRAY_LEN(vals); i++) {
        buf_init(&vals[n], BUF_MAX_SMALL);
        if (!fn(&p->channels[i], &vals[n])) {
            buf_release(&vals[n]);
            continue;
        }
        if (n > 0 && strcmp(buf_cstr(&vals[n]), buf_cstr(&vals[0])) != 0)
            same = false;
        n++;
    }
    if (n > 0) {
        buf_adds(out, label);
        buf_adds(out, ": ");
        size_t shown = 0;
        for (size_t i = 0, k = 0; i < p->nchannels && k < n; i++) {
            struct buf tmp;
            buf_init(&tmp, BUF_MAX_SMALL);
            bool known = fn(&p->channels[i], &tmp);
            buf_release(&tmp);
            if (!known)
                continue;
            if (same && shown > 0)
                break;
            if (shown > 0)
                buf_adds(out, "; ");
            buf_adds(out, buf_cstr(&vals[k]));
            if (!same)
                buf_addf(out, " (%s)", channel_phrase(p->channels[i].kind));
            shown++;
            k++;
        }
        buf_adds(out, ".\n");
    }
    for (size_t i = 0; i < n; i++)
        buf_release(&vals[i]);
    return n > 0;
}

static bool can_submit(const struct procedure *p)
{
    if (p->online_level == PROC_ONLINE_FULL || p->online_level == PROC_ONLINE_PARTIAL)
        return true;
    if (p->online_level != PROC_ONLINE_UNKNOWN)
        return false;
    for (size_t i = 0; i < p->nchannels; i++)
        if (p->channels[i].kind == PROC_CHANNEL_ONLINE)
            return true;
    return false;
}

static void documents_part(const struct procedure *p, struct buf *b)
{
    if (p->ndocuments == 0) {
        buf_adds(b, "Danh mục chưa ghi thành phần hồ sơ của thủ tục này; "
                    "xin xem trang thủ tục hoặc hỏi bộ phận một cửa.\n");
        return;
    }
    buf_addf(b, "Hồ sơ cần chuẩn bị (%zu loại giấy tờ):\n", p->ndocuments);
    for (size_t i = 0; i < p->ndocuments && i < DOCS_SHOWN; i++) {
        const struct proc_document *d = &p->documents[i];
        buf_adds(b, "- ");
        buf_adds(b, d->name ? d->name : "");
        if (d->count_known && (d->originals || d->copies)) {
            buf_adds(b, " (");
            if (d->originals)
                buf_addf(b, "%u bản chính", d->originals);
            if (d->originals && d->copies)
                buf_adds(b, ", ");
            if (d->copies)
                buf_addf(b, "%u bản sao", d->copies);
            buf_addch(b, ')');
        }
        buf_addch(b, '\n');
    }
    if (p->ndocuments > DOCS_SHOWN)
        buf_addf(b, "- … và %zu giấy tờ khác (xem trang thủ tục).\n",
                 p->ndocuments - DOCS_SHOWN);
}

static void where_part(const struct procedure *p, struct buf *b)
{
    const char *impl = p->implementing_agency, *comp = p->competent_agency;
    if (impl && *impl)
        buf_addf(b, "Nơi tiếp nhận và giải quyết: %s.\n", impl);
    if (comp && *comp && (!impl || strcmp(comp, impl) != 0))
        buf_addf(b, "Cơ quan có thẩm quyền: %s.\n", comp);
    if ((!impl || !*impl) && (!comp || !*comp))
        buf_adds(b, "Danh mục chưa ghi cơ quan giải quyết; xin hỏi Bộ phận một cửa "
                    "của xã hoặc Trung tâm Phục vụ hành chính công.\n");
}

static void online_part(const struct procedure *p, struct buf *b)
{
    switch (p->online_level) {
    case PROC_ONLINE_FULL:
        buf_adds(b, "Thủ tục này nộp trực tuyến toàn trình: nộp hồ sơ, theo dõi và nhận "
                    "kết quả trên cổng, không phải đến cơ quan.\n");
        break;
    case PROC_ONLINE_PARTIAL:
        buf_adds(b, "Thủ tục này nộp trực tuyến một phần: nộp hồ sơ trên cổng, một số bước "
                    "(như xuất trình bản chính, nhận kết quả) làm tại cơ quan.\n");
        break;
    case PROC_ONLINE_NONE:
        buf_adds(b, "Thủ tục này chưa nộp trực tuyến được; xin nộp trực tiếp hoặc qua "
                    "bưu chính.\n");
        break;
    case PROC_ONLINE_UNKNOWN:
        if (can_submit(p))
            buf_adds(b, "Thủ tục này có thể nộp trực tuyến trên cổng dịch vụ công.\n");
        else
            buf_adds(b, "Danh mục chưa ghi thủ tục này có nộp trực tuyến được không.\n");
        break;
    }
    if (can_submit(p))
        buf_adds(b, "Cách nộp: đăng nhập bằng tài khoản của bạn, bấm «Nộp trực tuyến», "
                    "điền tờ khai và tải lên ảnh chụp hoặc bản quét giấy tờ.\n");
}

/* The answer about procedure p for intent. */
static void compose(const struct procedure *p, enum asst_intent intent, struct buf *b)
{
    buf_addf(b, "%s\n", p->name);
    switch (intent) {
    case ASST_INTENT_DOCUMENTS:
        documents_part(p, b);
        break;
    case ASST_INTENT_FEE:
        if (!channels_line(p, "Lệ phí", fee_text, b))
            buf_adds(b, "Danh mục chưa ghi lệ phí của thủ tục này.\n");
        break;
    case ASST_INTENT_TIME:
        if (!channels_line(p, "Thời gian giải quyết", time_text, b))
            buf_adds(b, "Danh mục chưa ghi thời gian giải quyết của thủ tục này.\n");
        break;
    case ASST_INTENT_WHERE:
        where_part(p, b);
        break;
    case ASST_INTENT_ONLINE:
        online_part(p, b);
        break;
    default:
        channels_line(p, "Thời gian giải quyết", time_text, b);
        channels_line(p, "Lệ phí", fee_text, b);
        where_part(p, b);
        documents_part(p, b);
        break;
    }
}

/* ---------------------------------------------------------------- fixed answers */

static const char SAFETY_TEXT[] =
    "Cảnh báo an toàn:\n"
    "- Cán bộ, công an không bao giờ gọi điện, nhắn tin yêu cầu bạn đọc mã OTP, mật khẩu "
    "hay chuyển tiền. Tuyệt đối không cung cấp mã OTP cho bất kỳ ai.\n"
    "- Chỉ dùng cổng dịch vụ công qua địa chỉ chính thức có đuôi .gov.vn; không bấm vào "
    "đường link lạ gửi qua tin nhắn, Zalo, Facebook; không cài ứng dụng theo lời người lạ.\n"
    "- Lệ phí chỉ nộp trên cổng hoặc tại cơ quan, có biên lai; không chuyển tiền vào tài "
    "khoản cá nhân.\n"
    "- Nếu nghi bị lừa đảo: đổi mật khẩu ngay, báo ngân hàng khóa tài khoản, báo công an "
    "nơi gần nhất hoặc gọi 113.\n";

static const char ACCOUNT_TEXT[] =
    "Tài khoản trên cổng:\n"
    "- Đăng ký: bấm «Đăng ký» ở đầu trang, nhập họ tên, số căn cước công dân 12 chữ số, "
    "số điện thoại và mật khẩu (ít nhất 8 ký tự).\n"
    "- Đăng nhập: bấm «Đăng nhập», dùng số căn cước (hoặc mã số thuế với doanh nghiệp) và "
    "mật khẩu.\n"
    "- Quên mật khẩu hoặc không đăng nhập được: gọi tổng đài " ASST_HOTLINE " hoặc đến "
    "Bộ phận một cửa gần nhất, mang theo thẻ căn cước. Không ai được hỏi mật khẩu hay mã "
    "OTP của bạn.\n";

static const char GREETING_TEXT[] =
    "Xin chào! Tôi là trợ lý ảo của Cổng dịch vụ công, trả lời 24/7. Bạn có thể hỏi "
    "giấy tờ cần chuẩn bị, lệ phí, thời gian giải quyết, nơi nộp, cách nộp trực tuyến hay "
    "tình trạng hồ sơ, có dấu hoặc không dấu. Ví dụ: «làm giấy khai sinh cần giấy tờ gì», "
    "«lam lai cccd het bao nhieu tien».\n";

static const char STATUS_ASK_TEXT[] =
    "Để xem tình trạng hồ sơ, xin cho biết mã hồ sơ (in trên giấy tiếp nhận, dạng "
    "XXX-YYMMDD-NNNN) và 4 chữ số cuối của số điện thoại (hoặc số giấy tờ) của người nộp. "
    "Bạn cũng có thể tra cứu tại trang Tra cứu hồ sơ.\n";

static const char STATUS_CHECK_TEXT[] =
    "Để bảo vệ thông tin của bạn, xin cho biết thêm 4 chữ số cuối của số điện thoại (hoặc "
    "số giấy tờ) của người nộp hồ sơ.\n";

static const char STATUS_NOT_FOUND_TEXT[] =
    "Không tìm thấy hồ sơ với mã và số kiểm tra này. Xin kiểm tra lại mã hồ sơ trên giấy "
    "tiếp nhận và 4 chữ số cuối của số điện thoại (hoặc số giấy tờ) của người nộp, hoặc gọi "
    "tổng đài " ASST_HOTLINE ".\n";

static const char STATUS_LIMIT_TEXT[] =
    "Bạn đã tra cứu quá nhiều lần. Xin thử lại sau ít phút, hoặc gọi tổng đài "
    ASST_HOTLINE ".\n";

static const char HUMAN_TEXT[] =
    "Tôi có thể chuyển câu hỏi của bạn cho cán bộ trả lời (hỏi–đáp). Bấm «Gửi câu hỏi cho "
    "cán bộ», cho biết thư điện tử hoặc số điện thoại để nhận câu trả lời (nếu chưa đăng "
    "nhập, bạn sẽ nhận một mã xác minh). Cần gấp, xin gọi tổng đài " ASST_HOTLINE ".\n";

static const char HANDOFF_TEXT[] =
    "Xin lỗi, tôi chưa tìm được câu trả lời chắc chắn trong danh mục thủ tục. Bạn có thể "
    "hỏi lại ngắn gọn hơn (ví dụ: tên giấy tờ cần làm), hoặc bấm «Gửi câu hỏi cho cán bộ» "
    "để cán bộ trả lời.\n";

static const char CHOICES_TEXT[] =
    "Tôi chưa chắc bạn hỏi thủ tục nào. Có phải một trong các thủ tục sau? Bấm để xem:\n";

/* ---------------------------------------------------------------- asking */

static void session_hash(const char *session, char out[33])
{
    unsigned char h[16];
    if (!session || !*session) {
        out[0] = '\0';
        return;
    }
    crypto_generichash(h, sizeof(h), (const unsigned char *)session, strlen(session), NULL, 0);
    sodium_bin2hex(out, 33, h, sizeof(h));
}

struct log_ctx {
    const char *session, *channel, *message, *folded, *intent, *outcome, *code;
    double confidence;
    int64_t id;
};

/*
 * The conversation log is itself the record of this exchange (append-only,
 * no personal data), so it carries no audit row: auditing every question
 * would double each write and drown the audit log.
 */
static enum mc_status log_tx(struct db *db, void *arg)
{
    struct log_ctx *c = arg;
    return db_get_int(db, &Q_LOG_INSERT, &c->id, "isssssssd", clock_now(), c->session,
                      c->channel, c->message, c->folded, c->intent, c->outcome, c->code,
                      c->confidence) == MC_OK ? MC_OK : MC_ERR_DB;
}

static void handoff_action(struct asst_reply *r)
{
    add_action(r, "handoff", "Gửi câu hỏi cho cán bộ", NULL, NULL, NULL);
}

/* Answer about procedure index pi of kb. */
static enum mc_status answer_proc(struct db *db, const struct asst_kb *kb, size_t pi,
                                  enum asst_intent intent, struct asst_reply *r)
{
    struct procedure p;
    const struct asst_proc *ap = &kb->procs[pi];
    char url[128];
    procedure_init(&p);
    enum mc_status st = catalog_get(db, ap->code, &p, NULL);
    if (st == MC_OK) {
        compose(&p, intent, &r->answer);
        snprintf(url, sizeof(url), ASST_PAGE_URL "%s", p.code);
        add_action(r, "link", "Xem chi tiết thủ tục", url, NULL, NULL);
        if (can_submit(&p)) {
            snprintf(url, sizeof(url), ASST_SUBMIT_URL "%s", p.code);
            add_action(r, "submit", "Nộp trực tuyến", url, NULL, NULL);
        }
    }
    procedure_release(&p);
    return st;
}

static void offer_choices(const struct asst_kb *kb, const struct asst_ranking *rk,
                          enum asst_intent intent, struct asst_reply *r)
{
    buf_adds(&r->answer, CHOICES_TEXT);
    size_t n = rk->n < ASST_MAX_PROCS ? rk->n : ASST_MAX_PROCS;
    for (size_t i = 0; i < n; i++) {
        const struct asst_proc *p = &kb->procs[rk->hits[i].proc];
        buf_addf(&r->answer, "%zu. %s\n", i + 1, p->name);
        add_action(r, "ask", p->name, NULL, p->name,
                   intent >= ASST_INTENT_DOCUMENTS ? asst_intent_key(intent) : NULL);
    }
    buf_adds(&r->answer, "Nếu không phải, bạn có thể gửi câu hỏi cho cán bộ.\n");
    handoff_action(r);
}

/* How sure the ranking is about its best procedure, 0..1. */
static double confidence_of(const struct asst_ranking *rk)
{
    if (rk->n == 0)
        return 0;
    const struct asst_hit *h = &rk->hits[0];
    /* A FAQ neighbour vouches less for a procedure the question does not name. */
    double vouch = 2.0 * h->name_sim + 0.5;
    double faq = h->faq_sim * (vouch < 1.0 ? vouch : 1.0);
    double c = h->name_sim > faq ? h->name_sim : faq;
    if (rk->n > 1 && h->score > 0) {
        double margin = (h->score - rk->hits[1].score) / h->score;
        c *= 1.0 + 0.5 * margin;
    }
    return c > 1 ? 1 : c;
}

static bool is_guidance(enum asst_intent in)
{
    return in == ASST_INTENT_SAFETY || in == ASST_INTENT_ACCOUNT || in == ASST_INTENT_STATUS ||
           in == ASST_INTENT_HUMAN || in == ASST_INTENT_GREETING;
}

/* ---------------------------------------------------------------- dossier status */

/*
 * A session's dossier code or check given without the other, kept in
 * memory only (never logged) for ASST_TRACK_PENDING seconds.  A slot is
 * chosen by the session hash; a collision forgets the older session,
 * whose citizen is then simply asked again.  This is per app server: with
 * several behind a load balancer, a citizen whose two messages reach
 * different servers is asked again (the lookup limits below are shared).
 */
struct track_pending {
    char session[33];
    char code[DOSSIER_CODE_MAX];
    char check[5];
    int64_t at;               /* monotonic seconds */
};

static struct track_pending pending[TRACK_SLOTS];
static pthread_mutex_t track_lock = PTHREAD_MUTEX_INITIALIZER;

static uint32_t fnv(const char *s)
{
    uint32_t h = 2166136261u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

static int64_t mono_seconds(void)
{
    return clock_mono_us() / 1000000;
}

/*
 * Merge what this message gave (code, check: "" when absent) with what
 * the session gave before into code and check; keep the result for the
 * next message unless both are known (then the slot is cleared: the
 * check is not kept once used).
 */
static void track_merge(const char *session, char code[DOSSIER_CODE_MAX], char check[5])
{
    if (!session[0])
        return;
    int64_t now = mono_seconds();
    pthread_mutex_lock(&track_lock);
    struct track_pending *p = &pending[fnv(session) % TRACK_SLOTS];
    bool mine = strcmp(p->session, session) == 0 && now - p->at < ASST_TRACK_PENDING;
    if (mine && !code[0])
        snprintf(code, DOSSIER_CODE_MAX, "%s", p->code);
    if (mine && !check[0])
        snprintf(check, 5, "%s", p->check);
    if (code[0] && check[0]) {
        if (mine)
            memset(p, 0, sizeof(*p));
    } else if (code[0] || check[0]) {
        snprintf(p->session, sizeof(p->session), "%s", session);
        snprintf(p->code, sizeof(p->code), "%s", code);
        snprintf(p->check, sizeof(p->check), "%s", check);
        p->at = now;
    }
    pthread_mutex_unlock(&track_lock);
}

/* True when session holds a code or check waiting for the other part. */
static bool track_waiting(const char *session)
{
    bool waiting;
    if (!session[0])
        return false;
    pthread_mutex_lock(&track_lock);
    struct track_pending *p = &pending[fnv(session) % TRACK_SLOTS];
    waiting = strcmp(p->session, session) == 0 && mono_seconds() - p->at < ASST_TRACK_PENDING;
    pthread_mutex_unlock(&track_lock);
    return waiting;
}

/*
 * Count one lookup of code from address; false when the address or the
 * code is over its limit.  The code's limit applies to any string, found
 * or not, so it reveals nothing about which codes exist.  The counts are
 * kept in the database (account_rate_take), shared by every app server.
 */
static bool track_allowed(struct db *db, const char *address, const char *code)
{
    char by_addr[96], by_code[DOSSIER_CODE_MAX + 16];
    bool addr_ok = true, code_ok = true;
    snprintf(by_addr, sizeof(by_addr), "asst-addr:%.80s", address ? address : "");
    snprintf(by_code, sizeof(by_code), "asst-code:%s", code);
    enum mc_status st = account_rate_take(db, by_addr, 600, ASST_TRACK_PER_ADDR, &addr_ok);
    if (st == MC_OK && addr_ok)
        st = account_rate_take(db, by_code, 3600, ASST_TRACK_PER_CODE, &code_ok);
    return st != MC_OK || (addr_ok && code_ok);
}

/*
 * The check in message: a group of exactly 4 digits standing alone (not
 * part of a dossier code, a date or a longer number).  check gets it.
 */
static bool find_check(const char *message, char check[5])
{
    const unsigned char *m = (const unsigned char *)message;
    for (size_t i = 0; m[i]; i++) {
        if (!isdigit(m[i]) || (i > 0 && (isalnum(m[i - 1]) || m[i - 1] == '-' ||
                                          m[i - 1] == '.' || m[i - 1] == '/')))
            continue;
        size_t n = 0;
        while (isdigit(m[i + n]))
            n++;
        unsigned char after = m[i + n];
        bool number_goes_on = (after == '.' || after == ',' || after == '-' || after == '/') &&
                              isdigit(m[i + n + 1]);
        if (n == 4 && !isalpha(after) && !number_goes_on) {
            memcpy(check, message + i, 4);
            check[4] = '\0';
            return true;
        }
        i += n - 1;               /* the loop steps onto the byte after the run */
    }
    return false;
}

/* "dd/mm/yyyy" of t (Vietnam time) into out, or "" when t is 0. */
static void vn_date(int64_t t, char *out, size_t size)
{
    vnfmt_date(out, size, t);
}

enum mc_status asst_dossier_lookup(struct db *db, const char *code, const char *check,
                                   struct asst_dossier_status *out)
{
    struct dossier_public pub;
    memset(out, 0, sizeof(*out));
    memset(&pub, 0, sizeof(pub));
    enum mc_status st = dossier_track(db, code, check, &pub);
    if (st != MC_OK)
        return st;
    snprintf(out->code, sizeof(out->code), "%s", pub.code);
    snprintf(out->status, sizeof(out->status), "%s", dossier_status_name(pub.status, pub.step));
    snprintf(out->procedure, sizeof(out->procedure), "%s", pub.procedure_name);
    snprintf(out->agency, sizeof(out->agency), "%s",
             pub.agency_name[0] ? pub.agency_name : pub.agency_code);
    vn_date(pub.apology_due_at > 0 ? pub.apology_due_at : pub.due_at, out->appointment,
            sizeof(out->appointment));
    vn_date(pub.returned_at, out->returned, sizeof(out->returned));
    return MC_OK;
}

/*
 * The status answer: ask for what is missing, or look the dossier up.
 * code and check are what this message gave ("" when absent).
 */
static enum mc_status status_answer(struct db *db, const struct asst_request *req,
                                    const char *session, char code[DOSSIER_CODE_MAX],
                                    char check[5], struct asst_reply *r)
{
    struct asst_dossier_status ds;
    char url[DOSSIER_CODE_MAX + 16];
    track_merge(session, code, check);
    if (!code[0]) {
        buf_adds(&r->answer, STATUS_ASK_TEXT);
        add_action(r, "link", "Tra cứu hồ sơ", ASST_TRACK_URL, NULL, NULL);
        return MC_OK;
    }
    snprintf(url, sizeof(url), ASST_TRACK_URL "?ma=%s", code);
    if (!check[0]) {
        buf_addf(&r->answer, "Mã hồ sơ: %s.\n", code);
        buf_adds(&r->answer, STATUS_CHECK_TEXT);
        add_action(r, "link", "Tra cứu hồ sơ", url, NULL, NULL);
        return MC_OK;
    }
    if (!track_allowed(db, req->address, code)) {
        log_warn("assistant: dossier lookup limit reached");
        buf_adds(&r->answer, STATUS_LIMIT_TEXT);
        add_action(r, "link", "Tra cứu hồ sơ", url, NULL, NULL);
        return MC_OK;
    }
    enum mc_status st = asst_dossier_lookup(db, code, check, &ds);
    if (st == MC_ERR_NOT_FOUND || st == MC_ERR_INVALID) {
        buf_adds(&r->answer, STATUS_NOT_FOUND_TEXT);
        add_action(r, "link", "Tra cứu hồ sơ", url, NULL, NULL);
        return MC_OK;
    }
    if (st != MC_OK)
        return st;
    snprintf(url, sizeof(url), ASST_TRACK_URL "?ma=%s", ds.code);
    buf_addf(&r->answer, "Hồ sơ %s\n", ds.code);
    buf_addf(&r->answer, "- Tình trạng: %s.\n", ds.status);
    if (ds.procedure[0])
        buf_addf(&r->answer, "- Thủ tục: %s.\n", ds.procedure);
    if (ds.agency[0])
        buf_addf(&r->answer, "- Cơ quan giải quyết: %s.\n", ds.agency);
    if (ds.returned[0])
        buf_addf(&r->answer, "- Đã trả kết quả ngày %s.\n", ds.returned);
    else if (ds.appointment[0])
        buf_addf(&r->answer, "- Ngày hẹn trả kết quả: %s.\n", ds.appointment);
    else
        buf_adds(&r->answer, "- Chưa có ngày hẹn trả kết quả (hồ sơ chưa được tiếp nhận).\n");
    buf_adds(&r->answer, "Xem các mốc thời gian tại trang Tra cứu hồ sơ.\n");
    add_action(r, "link", "Tra cứu hồ sơ", url, NULL, NULL);
    return MC_OK;
}

static void guidance(struct db *db, enum asst_intent in, const struct asst_request *req,
                     struct asst_reply *r)
{
    (void)db;
    (void)req;
    switch (in) {
    case ASST_INTENT_SAFETY:
        buf_adds(&r->answer, SAFETY_TEXT);
        break;
    case ASST_INTENT_ACCOUNT:
        buf_adds(&r->answer, ACCOUNT_TEXT);
        add_action(r, "link", "Đăng ký tài khoản", "/dang-ky", NULL, NULL);
        add_action(r, "link", "Đăng nhập", "/dang-nhap", NULL, NULL);
        break;
    case ASST_INTENT_HUMAN:
        buf_adds(&r->answer, HUMAN_TEXT);
        handoff_action(r);
        break;
    default:
        buf_adds(&r->answer, GREETING_TEXT);
        break;
    }
}

/* The procedure last answered in this session, or -1. */
static long session_proc(struct db *db, const struct asst_kb *kb, const char *session)
{
    struct db_stmt *s = NULL;
    long pi = -1;
    if (!session[0])
        return -1;
    if (db_get_row(db, &Q_LOG_LAST_CODE, &s, "si", session,
                   clock_now() - FOLLOW_UP_SECONDS) == MC_OK)
        pi = asst_kb_find(kb, db_col_text(s, 0));
    db_done(s);
    return pi;
}

/* Syllables of the question that may name a procedure (not stopwords, cues or added). */
static size_t content_words(const struct asst_text *q)
{
    size_t n = 0;
    for (size_t i = 0; i < q->n; i++)
        n += !(q->tok[i].flags & (ASST_TOK_STOP | ASST_TOK_CUE | ASST_TOK_ADDED));
    return n;
}

struct decision {
    const char *code;         /* the procedure answered about, or NULL */
};

static enum mc_status decide(struct db *db, const struct asst_kb *kb,
                             const struct asst_request *req, const struct asst_text *q,
                             const char *session, struct asst_reply *r, struct decision *d)
{
    double scores[ASST_NINTENTS];
    struct asst_ranking rk;
    char code[DOSSIER_CODE_MAX] = "", check[5] = "";
    enum asst_intent in = asst_intent_detect(&kb->lx, q, scores);
    enum asst_intent carried = asst_intent_parse(req->intent);
    if ((in == ASST_INTENT_UNKNOWN || in == ASST_INTENT_PROCEDURE) &&
        carried >= ASST_INTENT_DOCUMENTS)
        in = carried;
    /* A dossier code, or the check a waiting code asked for, is a status question. */
    bool has_code = asst_find_dossier_code(req->message, strlen(req->message), code,
                                           sizeof(code));
    bool has_check = find_check(req->message, check);
    if (has_code || (has_check && content_words(q) <= 6 && track_waiting(session)))
        in = ASST_INTENT_STATUS;
    if (in != ASST_INTENT_STATUS || !has_code)
        code[0] = '\0';
    if (in != ASST_INTENT_STATUS)
        check[0] = '\0';
    r->intent = in;
    asst_kb_rank(kb, q, &rk);
    double conf = confidence_of(&rk);
    r->confidence = conf;
    for (size_t i = 0; i < rk.n && i < ASST_MAX_PROCS; i++)
        add_proc(r, &kb->procs[rk.hits[i].proc], rk.hits[i].score);

    /* Guidance unless the question clearly names a procedure. */
    if (is_guidance(in) && (rk.n == 0 || rk.hits[0].name_sim < 0.5 ||
                            in == ASST_INTENT_SAFETY || in == ASST_INTENT_STATUS)) {
        r->outcome = "info";
        r->confidence = 1.0;
        for (size_t i = 0; i < r->nprocs; i++)
            free(r->procs[i].name);
        r->nprocs = 0;
        if (in == ASST_INTENT_STATUS)
            return status_answer(db, req, session, code, check, r);
        guidance(db, in, req, r);
        return MC_OK;
    }
    if (in == ASST_INTENT_UNKNOWN)
        in = ASST_INTENT_PROCEDURE;
    bool specific = in >= ASST_INTENT_DOCUMENTS && in != ASST_INTENT_PROCEDURE;
    /* A follow-up ("thế lệ phí bao nhiêu?") about the session's procedure. */
    if (specific && (conf < ASST_CONF_ANSWER || content_words(q) <= 2)) {
        long pi = session_proc(db, kb, session);
        if (pi >= 0 && (rk.n == 0 || rk.hits[0].name_sim < ASST_CONF_CHOICES ||
                        content_words(q) <= 2)) {
            r->outcome = "answer";
            d->code = kb->procs[pi].code;
            return answer_proc(db, kb, (size_t)pi, in, r);
        }
    }
    /* A close FAQ question with its own answer. */
    if (rk.faq_best >= 0 && kb->faqs[rk.faq_best].answer &&
        rk.faq_best_sim >= (specific ? ASST_FAQ_OVER_INTENT : ASST_FAQ_ANSWER)) {
        const struct asst_faq *f = &kb->faqs[rk.faq_best];
        r->outcome = "faq";
        r->confidence = rk.faq_best_sim > conf ? rk.faq_best_sim : conf;
        buf_adds(&r->answer, f->answer);
        buf_addch(&r->answer, '\n');
        if (f->nprocs > 0) {
            const struct asst_proc *p = &kb->procs[f->procs[0]];
            char url[128];
            buf_addf(&r->answer, "Thủ tục liên quan: %s.\n", p->name);
            snprintf(url, sizeof(url), ASST_PAGE_URL "%s", p->code);
            add_action(r, "link", "Xem chi tiết thủ tục", url, NULL, NULL);
            if (p->online == PROC_ONLINE_FULL || p->online == PROC_ONLINE_PARTIAL ||
                (p->online == PROC_ONLINE_UNKNOWN && p->online_channel)) {
                snprintf(url, sizeof(url), ASST_SUBMIT_URL "%s", p->code);
                add_action(r, "submit", "Nộp trực tuyến", url, NULL, NULL);
            }
            d->code = p->code;
        }
        return MC_OK;
    }
    if (rk.n > 0 && conf >= ASST_CONF_ANSWER) {
        r->outcome = "answer";
        d->code = kb->procs[rk.hits[0].proc].code;
        enum mc_status st = answer_proc(db, kb, rk.hits[0].proc, in, r);
        if (st == MC_OK && rk.n > 1 && rk.hits[1].score > 0.8 * rk.hits[0].score &&
            (rk.hits[1].name_sim >= ASST_ALTERNATIVE ||
             rk.hits[1].faq_sim >= ASST_ALTERNATIVE)) {
            buf_addf(&r->answer, "Nếu bạn hỏi thủ tục khác: %s.\n",
                     kb->procs[rk.hits[1].proc].name);
            add_action(r, "ask", kb->procs[rk.hits[1].proc].name, NULL,
                       kb->procs[rk.hits[1].proc].name,
                       in >= ASST_INTENT_DOCUMENTS ? asst_intent_key(in) : NULL);
        }
        return st;
    }
    if (rk.n > 0 && conf >= ASST_CONF_CHOICES) {
        r->outcome = "choices";
        offer_choices(kb, &rk, in, r);
        return MC_OK;
    }
    r->outcome = "handoff";
    buf_adds(&r->answer, HANDOFF_TEXT);
    handoff_action(r);
    return MC_OK;
}

enum mc_status assistant_ask(struct db *db, const struct asst_request *req,
                             struct asst_reply *r)
{
    struct kb_ref *ref = NULL;
    struct asst_text q;
    struct buf masked, folded;
    struct decision d = {NULL};
    char session[33];
    size_t len = req->message ? strlen(req->message) : 0;
    enum mc_status st = MC_OK;
    asst_text_init(&q);
    buf_init(&masked, ASST_MESSAGE_MAX * 2);
    buf_init(&folded, ASST_MESSAGE_MAX * 4);
    const char *m = req->message;
    size_t mlen = len;
    text_trim(&m, &mlen);
    if (mlen == 0 || len > ASST_MESSAGE_MAX || !text_utf8_valid(req->message, len) ||
        (req->session && (strlen(req->session) > ASST_SESSION_MAX ||
                          !text_utf8_valid(req->session, strlen(req->session))))) {
        st = MC_ERR_INVALID;
        goto out;
    }
    session_hash(req->session, session);
    st = kb_acquire(db, &ref);
    if (st == MC_OK)
        st = asst_analyse(&ref->kb.lx, m, mlen, true, &q);
    if (st == MC_OK)
        st = decide(db, &ref->kb, req, &q, session, r, &d);
    if (st == MC_OK)
        st = buf_status(&r->answer);
    if (st != MC_OK)
        goto out;
    asst_mask(m, mlen, &masked);
    if (text_fold(buf_cstr(&masked), masked.len, &folded) != MC_OK)
        buf_reset(&folded);
    struct log_ctx lc = {session, req->channel ? req->channel : "api", buf_cstr(&masked),
                         buf_cstr(&folded), asst_intent_key(r->intent), r->outcome, d.code,
                         r->confidence, 0};
    /*
     * The conversation log is not an acknowledged submission: its commit
     * need not wait for the disk (the database stays consistent; a power
     * cut may lose the last few log rows), which keeps a question's
     * latency free of fsync (db_tx_deferred; other writes keep their
     * durability).
     */
    if (buf_status(&masked) == MC_OK && db_tx_deferred(db, log_tx, &lc) == MC_OK)
        r->log_id = lc.id;
    if (r->log_id == 0)
        log_warn("assistant: exchange not logged");
out:
    kb_unref(ref);
    buf_release(&folded);
    buf_release(&masked);
    asst_text_release(&q);
    return st;
}

struct rate_ctx {
    int64_t id;
    const char *session;
    bool helpful;
};

static enum mc_status rate_tx(struct db *db, void *arg)
{
    struct rate_ctx *c = arg;
    struct audit_actor anon = {0, "anonymous", "assistant"};
    enum mc_status st = db_change(db, &Q_LOG_RATE, MC_ERR_NOT_FOUND, "isi", c->id, c->session,
                                  (int64_t)c->helpful);
    return audit_record_if(st, db, &anon, "assistant.rate",
                           c->helpful ? "{\"helpful\":true}" : "{\"helpful\":false}",
                           "assistant_log:%lld", (long long)c->id);
}

enum mc_status assistant_rate(struct db *db, int64_t log_id, const char *session, bool helpful)
{
    char h[33];
    if (session && strlen(session) > ASST_SESSION_MAX)
        return MC_ERR_INVALID;
    session_hash(session, h);
    struct rate_ctx c = {log_id, h, helpful};
    return db_tx(db, rate_tx, &c);
}

/* ---------------------------------------------------------------- rephrasing */

void asst_reply_rephrase(const struct asst_llm_config *cfg, struct asst_reply *r)
{
    struct buf out;
    if (!asst_llm_enabled(cfg) || !r->outcome || r->answer.len == 0 ||
        (strcmp(r->outcome, "answer") != 0 && strcmp(r->outcome, "faq") != 0))
        return;
    buf_init(&out, ASST_ANSWER_MAX);
    if (asst_llm_rephrase(cfg, buf_cstr(&r->answer), &out) == MC_OK) {
        buf_reset(&r->answer);
        buf_add(&r->answer, out.data, out.len);
        r->rephrased = buf_status(&r->answer) == MC_OK;
    }
    buf_release(&out);
}

/* ---------------------------------------------------------------- hand-offs */

/* The conversation to hand over: masked turns, question and procedure. */
struct handoff_text {
    json_t *turns;             /* masked questions of the session, oldest first */
    struct buf question;       /* masked question handed over */
    char procedure[64];        /* the session's procedure, or "" */
};

static void handoff_text_init(struct handoff_text *t)
{
    t->turns = json_array();
    buf_init(&t->question, ASST_MESSAGE_MAX * 2);
    t->procedure[0] = '\0';
}

static void handoff_text_release(struct handoff_text *t)
{
    json_decref(t->turns);
    buf_release(&t->question);
}

/*
 * Read session's conversation (hashed session, may be "") and choose the
 * question: question (raw, masked here) or the session's last.  Returns
 * MC_OK; MC_ERR_INVALID (errs "question") when there is none.
 */
static enum mc_status handoff_read(struct db *db, const char *session, const char *question,
                                   struct handoff_text *t, struct form_errors *errs)
{
    struct db_stmt *s = NULL;
    enum mc_status st = MC_OK;
    if (question && (strlen(question) > ASST_MESSAGE_MAX ||
                     !text_utf8_valid(question, strlen(question)))) {
        form_errors_add(errs, "question", "câu hỏi dài tối đa 2.000 ký tự");
        return MC_ERR_INVALID;
    }
    if (session[0]) {
        st = db_query_start(db, &Q_LOG_SESSION, &s, "si", session, (int64_t)TRANSCRIPT_TURNS);
        while (db_next(s, &st))
            json_array_append_new(t->turns, json_string(db_col_text(s, 0)));
        db_done(s);
        s = NULL;
        if (st == MC_OK && db_get_row(db, &Q_LOG_LAST_CODE, &s, "si", session,
                                      clock_now() - HANDOFF_CONTEXT) == MC_OK)
            db_col_copy(s, 0, t->procedure, sizeof(t->procedure));
        db_done(s);
    }
    if (st != MC_OK)
        return st;
    if (question) {
        const char *q = question;
        size_t n = strlen(question);
        text_trim(&q, &n);
        asst_mask(q, n, &t->question);
    }
    size_t nturns = json_array_size(t->turns);
    if (t->question.len == 0 && nturns > 0)
        buf_adds(&t->question, json_string_value(json_array_get(t->turns, nturns - 1)));
    if (t->question.len == 0) {
        form_errors_add(errs, "question", "chưa có câu hỏi nào để chuyển cho cán bộ");
        return MC_ERR_INVALID;
    }
    return buf_status(&t->question);
}

/* Append s to b on one line (newlines become spaces), at most max bytes, cut at a character. */
static void add_line(struct buf *b, const char *s, size_t max)
{
    size_t n = strlen(s);
    if (n > max) {
        n = max;
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
            n--;
    }
    for (size_t i = 0; i < n; i++)
        buf_addch(b, s[i] == '\n' || s[i] == '\r' ? ' ' : s[i]);
}

/* The item's title and body from the conversation. */
static void handoff_compose(const struct handoff_text *t, struct buf *title, struct buf *body)
{
    size_t nturns = json_array_size(t->turns), first = nturns, room = HANDOFF_BODY_ROOM;
    buf_adds(title, HANDOFF_TITLE_PREFIX);
    add_line(title, buf_cstr(&t->question),
             FEEDBACK_TITLE_MAX - (sizeof(HANDOFF_TITLE_PREFIX) - 1));
    buf_adds(body, "Câu hỏi: ");
    add_line(body, buf_cstr(&t->question), 3000);
    buf_adds(body, "\n\n");
    /* The newest turns that fit. */
    while (first > 0) {
        size_t n = strlen(json_string_value(json_array_get(t->turns, first - 1))) + 3;
        if (n > room)
            break;
        room -= n;
        first--;
    }
    if (first < nturns) {
        buf_adds(body, "Hội thoại với trợ lý ảo (số điện thoại, số giấy tờ, mã hồ sơ đã được "
                       "che bằng ***):\n");
        for (size_t i = first; i < nturns; i++) {
            buf_adds(body, "- ");
            add_line(body, json_string_value(json_array_get(t->turns, i)), ASST_MESSAGE_MAX * 2);
            buf_addch(body, '\n');
        }
    }
}

enum mc_status asst_handoff_request_code(struct db *db, const struct audit_actor *who,
                                         const struct asst_handoff *h, char *norm,
                                         size_t norm_size, struct form_errors *errs)
{
    struct handoff_text t;
    char session[33];
    enum mc_status st = MC_OK;
    if (h->session && strlen(h->session) > ASST_SESSION_MAX)
        return MC_ERR_INVALID;
    session_hash(h->session, session);
    handoff_text_init(&t);
    st = handoff_read(db, session, h->question, &t, errs);
    if (st != MC_OK && st != MC_ERR_INVALID)
        goto out;
    if (!h->user_id && (!h->sender_name || !*h->sender_name))
        form_errors_add(errs, "sender_name", "vui lòng nhập họ và tên");
    if (errs->count) {
        st = MC_ERR_INVALID;
        goto out;
    }
    st = feedback_code_request(db, h->contact, h->address, who, norm, norm_size, errs);
out:
    handoff_text_release(&t);
    return st;
}

struct handoff_log_ctx {
    const struct audit_actor *who;
    const char *session;
    const char *question;
    const char *transcript;
    const char *code;          /* the hỏi–đáp item */
    int64_t id;
};

static enum mc_status handoff_log_tx(struct db *db, void *arg)
{
    struct handoff_log_ctx *c = arg;
    char detail[FEEDBACK_CODE_SIZE + 32];
    enum mc_status st = db_get_int(db, &Q_HANDOFF_INSERT, &c->id, "isss", clock_now(),
                                   c->session, c->question, c->transcript);
    snprintf(detail, sizeof(detail), "{\"feedback\":\"%s\"}", c->code);
    return audit_record_if(st, db, c->who, "assistant.handoff", detail, "assistant_handoff:%lld",
                           (long long)c->id);
}

enum mc_status asst_handoff_create(struct db *db, const struct audit_actor *who,
                                   const struct asst_handoff *h, struct form_errors *errs,
                                   struct asst_handoff_result *out)
{
    struct handoff_text t;
    struct buf title, body;
    char session[33];
    char *transcript = NULL;
    enum mc_status st = MC_OK;
    memset(out, 0, sizeof(*out));
    if (h->session && strlen(h->session) > ASST_SESSION_MAX)
        return MC_ERR_INVALID;
    session_hash(h->session, session);
    handoff_text_init(&t);
    buf_init(&title, BUF_MAX_LINE);
    buf_init(&body, FEEDBACK_BODY_MAX + 1);
    st = handoff_read(db, session, h->question, &t, errs);
    if (st != MC_OK)
        goto out;
    handoff_compose(&t, &title, &body);
    st = buf_status(&title) == MC_OK ? buf_status(&body) : buf_status(&title);
    if (st != MC_OK)
        goto out;
    struct feedback_submission s = {
        .kind = "hoi_dap",
        .category = t.procedure[0] ? "thu_tuc" : "khac",
        .title = buf_cstr(&title),
        .body = buf_cstr(&body),
        .procedure_code = t.procedure[0] ? t.procedure : NULL,
        .sender_name = h->sender_name,
        .contact = h->contact,
        .otp = h->otp,
        .consent_publish = h->consent_publish,
        .sender_user_id = h->user_id,
        .on_behalf_by = h->on_behalf_by,
        .address = h->address,
    };
    st = feedback_submit(db, &s, who, h->base_url ? h->base_url : "", errs, out->code,
                         out->token);
    if (st != MC_OK)
        goto out;
    /* The item is the hand-off; the log row only records it. */
    transcript = json_dumps(t.turns, JSON_COMPACT);
    struct handoff_log_ctx lc = {who, session, buf_cstr(&t.question),
                                 transcript ? transcript : "[]", out->code, 0};
    if (db_tx(db, handoff_log_tx, &lc) == MC_OK)
        out->id = lc.id;
    else
        log_error("assistant: hand-off %s filed but not logged", out->code);
out:
    free(transcript);
    buf_release(&body);
    buf_release(&title);
    handoff_text_release(&t);
    return st;
}

/* ---------------------------------------------------------------- review */

void asst_review_init(struct asst_review *rv)
{
    memset(rv, 0, sizeof(*rv));
}

void asst_review_release(struct asst_review *rv)
{
    for (size_t i = 0; i < rv->n; i++) {
        free(rv->groups[i].example);
        free(rv->groups[i].folded);
        free(rv->groups[i].intent);
        free(rv->groups[i].top_code);
    }
    free(rv->groups);
    asst_review_init(rv);
}

/* Syllable pairs of a folded text, as hashes (a small set). */
struct pairset {
    uint32_t h[64];
    size_t n;
};

static void pairs_of(const char *folded, struct pairset *ps)
{
    const char *prev = NULL, *p = folded;
    size_t prev_len = 0;
    ps->n = 0;
    while (*p && ps->n < MC_ARRAY_LEN(ps->h)) {
        while (*p == ' ')
            p++;
        const char *e = p;
        while (*e && *e != ' ')
            e++;
        if (e == p)
            break;
        uint32_t h = strmap_hash(p, (size_t)(e - p));
        if (prev)
            h ^= strmap_hash(prev, prev_len) * 31u;
        bool dup = false;
        for (size_t i = 0; i < ps->n; i++)
            dup = dup || ps->h[i] == h;
        if (!dup)
            ps->h[ps->n++] = h;
        prev = p;
        prev_len = (size_t)(e - p);
        p = e;
    }
}

static double jaccard(const struct pairset *a, const struct pairset *b)
{
    size_t common = 0;
    for (size_t i = 0; i < a->n; i++)
        for (size_t j = 0; j < b->n; j++)
            common += a->h[i] == b->h[j];
    size_t all = a->n + b->n - common;
    return all ? (double)common / (double)all : 1.0;
}

static int cmp_groups(const void *a, const void *b)
{
    const struct asst_review_group *x = a, *y = b;
    if (x->count != y->count)
        return x->count > y->count ? -1 : 1;
    return x->last_id > y->last_id ? -1 : x->last_id < y->last_id;
}

enum mc_status asst_review_load(struct db *db, size_t max, struct asst_review *out)
{
    struct db_stmt *s = NULL;
    struct pairset *sets = NULL;
    size_t cap = 0, sets_cap = 0;
    enum mc_status st = db_query_start(db, &Q_REVIEW_ROWS, &s, "di", ASST_CONF_ANSWER,
                                       (int64_t)REVIEW_ROWS);
    while (db_next(s, &st)) {
        struct pairset ps;
        pairs_of(db_col_text(s, 2), &ps);
        size_t g = 0;
        for (; g < out->n; g++)
            if (jaccard(&ps, &sets[g]) >= GROUP_JACCARD)
                break;
        if (g == out->n) {
            ARRAY_GROW(sets, out->n + 1, sets_cap);
            sets[out->n] = ps;
            struct asst_review_group *gr = ARRAY_PUSH(out->groups, out->n, cap);
            gr->last_id = db_col_int64(s, 0);
            gr->example = db_col_strdup(s, 1);
            gr->folded = db_col_strdup(s, 2);
            gr->intent = db_col_strdup(s, 3);
            gr->top_code = db_col_is_null(s, 4) ? NULL : db_col_strdup(s, 4);
        }
        out->groups[g].count++;
        if (db_col_double(s, 5) > out->groups[g].confidence)
            out->groups[g].confidence = db_col_double(s, 5);
    }
    db_done(s);
    free(sets);
    if (st != MC_OK)
        return st;
    if (out->n > 1)   /* qsort(NULL, 0, ...) is undefined */
        qsort(out->groups, out->n, sizeof(*out->groups), cmp_groups);
    while (out->n > max) {
        struct asst_review_group *g = &out->groups[--out->n];
        free(g->example);
        free(g->folded);
        free(g->intent);
        free(g->top_code);
    }
    st = db_get_row(db, &Q_REVIEW_COUNTS, &s, "");
    if (st == MC_ERR_NOT_FOUND)
        st = MC_OK;
    else if (st == MC_OK) {
        out->asked = db_col_int64(s, 0);
        out->rated = db_col_int64(s, 1);
        out->helpful = db_col_int64(s, 2);
        out->handoffs = db_col_int64(s, 3);
    }
    db_done(s);
    return st;
}

struct resolve_ctx {
    const struct audit_actor *who;
    int64_t id;
};

static enum mc_status resolve_tx(struct db *db, void *arg)
{
    struct resolve_ctx *c = arg;
    struct db_stmt *s = NULL;
    char *folded = NULL;
    char object[64];
    enum mc_status st = db_get_row(db, &Q_LOG_FOLDED, &s, "i", c->id);
    if (st == MC_OK)
        folded = xstrdup(db_col_text(s, 0));
    db_done(s);
    if (st == MC_OK)
        st = db_run(db, &Q_LOG_RESOLVE, NULL, "is", c->id, folded);
    free(folded);
    snprintf(object, sizeof(object), "assistant_log:%lld", (long long)c->id);
    if (st == MC_OK)
        st = audit_record(db, c->who, "assistant.resolve", object, NULL);
    return st;
}

enum mc_status asst_review_resolve(struct db *db, const struct audit_actor *who, int64_t log_id)
{
    struct resolve_ctx c = {who, log_id};
    return db_tx(db, resolve_tx, &c);
}

enum mc_status asst_log_question(struct db *db, int64_t id, struct buf *out)
{
    struct db_stmt *s = NULL;
    enum mc_status st = db_get_row(db, &Q_LOG_MESSAGE, &s, "i", id);
    if (st == MC_OK)
        buf_adds(out, db_col_text(s, 0));
    db_done(s);
    return st;
}
