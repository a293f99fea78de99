/*
 * survey.c - surveys and their questions: loading, lists, the builder
 * (settings, questions with jumps, order), publishing and closing, and
 * who may manage what (see survey.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include "domain/survey/survey.h"
#include "core/array.h"
#include "core/clock.h"
#include "core/db_row.h"
#include "core/log.h"
#include "core/mem.h"
#include "core/text.h"
#include "domain/calendar/date.h"
#include "domain/units/unit.h"

#define DAY (24 * 3600)

/* ---------------------------------------------------------------- statements */

static const struct db_query Q_GET = {
    "survey.get",
    "SELECT s.id, s.title, s.intro, COALESCE(s.agency_code, ''), COALESCE(a.name, ''),"
    " s.status, s.opens_at, s.closes_at, s.created_at, COALESCE(s.published_at, 0),"
    " COALESCE(s.closed_at, 0), s.signed_in_only, s.one_per_person,"
    " (SELECT COUNT(*) FROM survey_responses r WHERE r.survey_id = s.id)"
    " FROM surveys s LEFT JOIN agencies a ON a.code = s.agency_code WHERE s.id = ?1",
};
static const struct db_query Q_QUESTIONS = {
    "survey.questions",
    "SELECT id, position, kind, text, help, required, is_group FROM survey_questions"
    " WHERE survey_id = ?1 ORDER BY position, id",
};
static const struct db_query Q_OPTIONS = {
    "survey.options",
    "SELECT o.question_id, o.id, o.position, o.label, COALESCE(o.skip_to, 0)"
    " FROM survey_options o JOIN survey_questions q ON q.id = o.question_id"
    " WHERE q.survey_id = ?1 ORDER BY q.position, o.position, o.id",
};
#define LIST_COLUMNS                                                                      \
    "SELECT s.id, s.title, COALESCE(s.agency_code, ''), COALESCE(a.name, ''), s.status,"  \
    " s.opens_at, s.closes_at,"                                                           \
    " (SELECT COUNT(*) FROM survey_responses r WHERE r.survey_id = s.id)"                 \
    " FROM surveys s LEFT JOIN agencies a ON a.code = s.agency_code"
static const struct db_query Q_LIST_ALL = {
    "survey.list_all",
    LIST_COLUMNS " ORDER BY s.id DESC LIMIT 500",
};
static const struct db_query Q_LIST_AGENCY = {
    "survey.list_agency",
    LIST_COLUMNS " WHERE s.agency_code = ?1 ORDER BY s.id DESC LIMIT 500",
};
static const struct db_query Q_LIST_OPEN = {
    "survey.list_open",
    LIST_COLUMNS " WHERE s.status = 'open' AND s.opens_at <= ?1 AND s.closes_at > ?1"
    " ORDER BY s.closes_at, s.id LIMIT 100",
};
static const struct db_query Q_INSERT = {
    "survey.insert",
    "INSERT INTO surveys (title, intro, agency_code, status, opens_at, closes_at,"
    " signed_in_only, one_per_person, created_by, created_at, updated_at)"
    " VALUES (?1, ?2, NULLIF(?3, ''), 'draft', ?4, ?5, ?6, ?7, NULLIF(?8, 0), ?9, ?9)"
    " RETURNING id",
};
static const struct db_query Q_UPDATE = {
    "survey.update",
    "UPDATE surveys SET title = ?2, intro = ?3, agency_code = NULLIF(?4, ''), opens_at = ?5,"
    " closes_at = ?6, signed_in_only = ?7, one_per_person = ?8, updated_at = ?9 WHERE id = ?1",
};
static const struct db_query Q_Q_INSERT = {
    "survey.question_insert",
    "INSERT INTO survey_questions (survey_id, position, kind, text, help, required, is_group)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id",
};
static const struct db_query Q_Q_UPDATE = {
    "survey.question_update",
    "UPDATE survey_questions SET kind = ?2, text = ?3, help = ?4, required = ?5,"
    " is_group = ?6 WHERE id = ?1",
};
static const struct db_query Q_OPT_DELETE = {
    "survey.options_delete",
    "DELETE FROM survey_options WHERE question_id = ?1",
};
static const struct db_query Q_OPT_INSERT = {
    "survey.option_insert",
    "INSERT INTO survey_options (question_id, position, label, skip_to)"
    " VALUES (?1, ?2, ?3, NULLIF(?4, 0))",
};
static const struct db_query Q_Q_DELETE = {
    "survey.question_delete",
    "DELETE FROM survey_questions WHERE id = ?1",
};
static const struct db_query Q_Q_CLOSE_GAP = {
    "survey.question_close_gap",
    "UPDATE survey_questions SET position = position - 1 WHERE survey_id = ?1"
    " AND position > ?2",
};
static const struct db_query Q_SKIP_CLOSE_GAP = {
    "survey.skip_close_gap",
    "UPDATE survey_options SET skip_to = skip_to - 1 WHERE skip_to > ?2"
    " AND question_id IN (SELECT id FROM survey_questions WHERE survey_id = ?1)",
};
static const struct db_query Q_Q_SETPOS = {
    "survey.question_setpos",
    "UPDATE survey_questions SET position = ?2 WHERE id = ?1",
};
static const struct db_query Q_SKIP_SWAP = {
    "survey.skip_swap",
    "UPDATE survey_options SET skip_to = CASE skip_to WHEN ?2 THEN ?3 ELSE ?2 END"
    " WHERE skip_to IN (?2, ?3)"
    " AND question_id IN (SELECT id FROM survey_questions WHERE survey_id = ?1)",
};
static const struct db_query Q_TOUCH = {
    "survey.touch",
    "UPDATE surveys SET updated_at = ?2 WHERE id = ?1",
};
static const struct db_query Q_PUBLISH = {
    "survey.publish",
    "UPDATE surveys SET status = 'open', published_at = COALESCE(published_at, ?2),"
    " closed_at = NULL, updated_at = ?2 WHERE id = ?1",
};
static const struct db_query Q_CLOSE = {
    "survey.close",
    "UPDATE surveys SET status = 'closed', closed_at = ?2, updated_at = ?2 WHERE id = ?1",
};

/* ---------------------------------------------------------------- labels */

struct kind_def {
    enum survey_kind kind;
    const char *name, *label;
};

static const struct kind_def kinds[] = {
    {SURVEY_SINGLE, "single", "Chọn một phương án"},
    {SURVEY_MULTIPLE, "multiple", "Chọn nhiều phương án"},
    {SURVEY_SCALE, "scale", "Thang điểm 1–5"},
    {SURVEY_TEXT, "text", "Trả lời tự do"},
};

/* The row of kinds[] of k, or NULL. */
static const struct kind_def *kind_def(enum survey_kind k)
{
    for (size_t i = 0; i < MC_ARRAY_LEN(kinds); i++)
        if (kinds[i].kind == k)
            return &kinds[i];
    return NULL;
}

const char *survey_kind_name(enum survey_kind k)
{
    const struct kind_def *d = kind_def(k);
    return d ? d->name : "text";
}

const char *survey_kind_label(enum survey_kind k)
{
    const struct kind_def *d = kind_def(k);
    return d ? d->label : "";
}

enum mc_status survey_kind_parse(const char *s, enum survey_kind *out)
{
    for (size_t i = 0; s && i < MC_ARRAY_LEN(kinds); i++) {
        if (strcmp(kinds[i].name, s) == 0) {
            *out = kinds[i].kind;
            return MC_OK;
        }
    }
    return MC_ERR_INVALID;
}

const char *survey_status_label(const char *status)
{
    static const struct {
        const char *status, *label;
    } labels[] = {{"draft", "Bản nháp"}, {"open", "Đang mở"}, {"closed", "Đã đóng"}};
    for (size_t i = 0; status && i < MC_ARRAY_LEN(labels); i++)
        if (strcmp(status, labels[i].status) == 0)
            return labels[i].label;
    return "Không rõ";
}

/* ---------------------------------------------------------------- model */

void survey_init(struct survey *s)
{
    memset(s, 0, sizeof(*s));
}

static void question_release(struct survey_question *q)
{
    for (size_t i = 0; i < q->nopts; i++)
        free(q->options[i].label);
    free(q->options);
    free(q->text);
    free(q->help);
}

void survey_release(struct survey *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->nq; i++)
        question_release(&s->questions[i]);
    free(s->questions);
    free(s->title);
    free(s->intro);
    free(s->agency_code);
    free(s->agency_name);
    free(s->status);
    survey_init(s);
}

enum survey_state survey_state(const struct survey *s, int64_t now)
{
    if (!s->status || strcmp(s->status, "draft") == 0)
        return SURVEY_DRAFT;
    if (strcmp(s->status, "closed") == 0 || now >= s->closes_at)
        return SURVEY_ENDED;
    if (now < s->opens_at)
        return SURVEY_NOT_YET;
    return SURVEY_OPEN;
}

const struct survey_question *survey_find_question(const struct survey *s, int64_t id)
{
    for (size_t i = 0; i < s->nq; i++)
        if (s->questions[i].id == id)
            return &s->questions[i];
    return NULL;
}

static enum mc_status load_questions(struct db *db, struct survey *s)
{
    struct db_stmt *st = NULL;
    enum mc_status rc = db_query_start(db, &Q_QUESTIONS, &st, "i", s->id);
    while (db_next(st, &rc)) {
        struct survey_question *q = ARRAY_PUSH(s->questions, s->nq, s->questions_cap);
        q->id = db_col_int64(st, 0);
        q->position = (int)s->nq;   /* contiguous whatever is stored */
        if (survey_kind_parse(db_col_text(st, 2), &q->kind) != MC_OK)
            q->kind = SURVEY_TEXT;
        q->text = db_col_strdup(st, 3);
        q->help = db_col_strdup(st, 4);
        q->required = db_col_int64(st, 5) != 0;
        q->is_group = db_col_int64(st, 6) != 0;
        snprintf(q->field, sizeof(q->field), "q%lld", (long long)q->id);
    }
    db_done(st);
    if (rc != MC_OK)
        return rc;
    rc = db_query_start(db, &Q_OPTIONS, &st, "i", s->id);
    while (db_next(st, &rc)) {
        struct survey_question *q =
            (struct survey_question *)survey_find_question(s, db_col_int64(st, 0));
        if (!q || q->nopts >= SURVEY_OPTIONS_MAX * 2)
            continue;
        struct survey_option *o = ARRAY_PUSH(q->options, q->nopts, q->options_cap);
        o->id = db_col_int64(st, 1);
        o->position = (int)q->nopts;
        o->label = db_col_strdup(st, 3);
        o->skip_to = (int)db_col_int64(st, 4);
    }
    db_done(st);
    return rc;
}

/* The columns of Q_GET, in order. */
static const struct db_field SURVEY_FIELDS[] = {
    DB_INT64(struct survey, id),
    DB_STRDUP(struct survey, title),
    DB_STRDUP(struct survey, intro),
    DB_STRDUP(struct survey, agency_code),
    DB_STRDUP(struct survey, agency_name),
    DB_STRDUP(struct survey, status),
    DB_INT64(struct survey, opens_at),
    DB_INT64(struct survey, closes_at),
    DB_INT64(struct survey, created_at),
    DB_INT64(struct survey, published_at),
    DB_INT64(struct survey, closed_at),
    DB_BOOL(struct survey, signed_in_only),
    DB_BOOL(struct survey, one_per_person),
    DB_INT64(struct survey, responses),
};

static const struct db_row_type SURVEY_ROW =
    DB_ROW_TYPE(struct survey, SURVEY_FIELDS, NULL, NULL);

enum mc_status survey_get(struct db *db, int64_t id, struct survey *out)
{
    survey_release(out);
    enum mc_status rc = db_row_get(db, &Q_GET, &SURVEY_ROW, out, "i", id);
    if (rc == MC_OK)
        rc = load_questions(db, out);
    if (rc != MC_OK)
        survey_release(out);
    return rc;
}

enum mc_status survey_get_public(struct db *db, const char *id_text, struct survey *out)
{
    int64_t id = 0;
    enum mc_status rc = text_parse_id(id_text, &id) ? survey_get(db, id, out) : MC_ERR_NOT_FOUND;
    if (rc == MC_OK && strcmp(out->status, "draft") == 0) {
        survey_release(out);
        rc = MC_ERR_NOT_FOUND;
    }
    return rc;
}

bool survey_is_admin(const struct user *u)
{
    if (!u || u->kind != USER_STAFF)
        return false;
    return (u->roles & ROLE_PROVINCE_ADMIN) ||
           ((u->roles & ROLE_AGENCY_ADMIN) && u->agency_code[0]);
}

bool survey_may_manage(const struct user *u, const char *agency_code)
{
    if (!survey_is_admin(u))
        return false;
    if (u->roles & ROLE_PROVINCE_ADMIN)
        return true;
    return agency_code && *agency_code && strcmp(agency_code, u->agency_code) == 0;
}

enum mc_status survey_get_staff(struct db *db, const struct user *u, int64_t id,
                                struct survey *out)
{
    enum mc_status rc = survey_get(db, id, out);
    if (rc == MC_OK && !survey_may_manage(u, out->agency_code)) {
        survey_release(out);
        rc = MC_ERR_FORBIDDEN;
    }
    return rc;
}

ARRAY_LIST_DEFINE(survey, items)

/* The columns of LIST_COLUMNS, in order. */
static const struct db_field SURVEY_ROW_FIELDS[] = {
    DB_INT64(struct survey_row, id),
    DB_TEXT(struct survey_row, title),
    DB_TEXT(struct survey_row, agency_code),
    DB_TEXT(struct survey_row, agency_name),
    DB_TEXT(struct survey_row, status),
    DB_INT64(struct survey_row, opens_at),
    DB_INT64(struct survey_row, closes_at),
    DB_INT64(struct survey_row, responses),
};

static const struct db_row_type SURVEY_LIST_ROW =
    DB_ROW_TYPE(struct survey_row, SURVEY_ROW_FIELDS, NULL, NULL);

enum mc_status survey_list_staff(struct db *db, const struct user *u, struct survey_list *out)
{
    if (!survey_is_admin(u))
        return MC_ERR_FORBIDDEN;
    if (u->roles & ROLE_PROVINCE_ADMIN)
        return db_row_list(db, &Q_LIST_ALL, &SURVEY_LIST_ROW, &out->items, &out->n, &out->cap,
                           "");
    return db_row_list(db, &Q_LIST_AGENCY, &SURVEY_LIST_ROW, &out->items, &out->n, &out->cap,
                       "s", u->agency_code);
}

enum mc_status survey_list_open(struct db *db, int64_t now, struct survey_list *out)
{
    return db_row_list(db, &Q_LIST_OPEN, &SURVEY_LIST_ROW, &out->items, &out->n, &out->cap, "i",
                       now);
}

/* ---------------------------------------------------------------- settings */

static bool blank(const char *s)
{
    size_t len = s ? strlen(s) : 0;
    text_trim(&s, &len);
    return len == 0;
}

/*
 * The error of form field name for text: if_blank when it is blank
 * (NULL: the field is optional), too_long when it is over max bytes.
 */
static void check_text(struct form_errors *errs, const char *name, const char *text,
                       const char *if_blank, size_t max, const char *too_long)
{
    if (if_blank && blank(text))
        form_errors_add(errs, name, if_blank);
    else if (text && strlen(text) > max)
        form_errors_add(errs, name, too_long);
}

/* "YYYY-MM-DD" at 00:00 UTC+7. */
/* A day as a date field sends it or as people type it: its Vietnam midnight. */
static enum mc_status parse_day(const char *s, int64_t *out)
{
    int32_t date = 0;
    enum mc_status st = s ? calendar_date_parse_input(s, &date) : MC_ERR_INVALID;
    if (st == MC_OK)
        *out = calendar_time_at(date, 0);
    return st;
}

struct settings_ctx {
    const struct user *u;
    const struct survey_settings *in;
    const struct audit_actor *who;
    struct form_errors *errs;
    int64_t id;                 /* 0 = create */
    int64_t opens_at, closes_at;
    const char *agency;
};

static void check_settings(struct db *db, struct settings_ctx *c, enum mc_status *rc)
{
    const struct survey_settings *in = c->in;
    check_text(c->errs, "title", in->title, "vui lòng nhập tên khảo sát", SURVEY_TITLE_MAX,
               "tên khảo sát dài quá 200 ký tự");
    check_text(c->errs, "intro", in->intro, NULL, SURVEY_INTRO_MAX,
               "lời giới thiệu dài quá 2000 ký tự");
    if (parse_day(in->opens, &c->opens_at) != MC_OK)
        form_errors_add(c->errs, "opens", "vui lòng nhập ngày bắt đầu (" CALENDAR_DATE_HINT ")");
    if (parse_day(in->closes, &c->closes_at) != MC_OK)
        form_errors_add(c->errs, "closes", "vui lòng nhập ngày kết thúc (" CALENDAR_DATE_HINT ")");
    else
        c->closes_at += DAY;   /* the last day counts whole */
    if (c->opens_at && c->closes_at && c->closes_at <= c->opens_at)
        form_errors_add(c->errs, "closes", "ngày kết thúc phải từ ngày bắt đầu trở đi");
    c->agency = (c->u->roles & ROLE_PROVINCE_ADMIN) ? (in->agency_code ? in->agency_code : "")
                                                    : c->u->agency_code;
    if (*c->agency) {
        bool known = false;
        *rc = agency_exists(db, c->agency, &known);
        if (*rc == MC_OK && !known)
            form_errors_add(c->errs, "agency", "cơ quan không có trong danh mục");
    }
}

static enum mc_status settings_tx(struct db *db, void *arg)
{
    struct settings_ctx *c = arg;
    const struct survey_settings *in = c->in;
    char object[48];
    int64_t now = clock_now();
    enum mc_status rc = MC_OK;
    struct survey cur;
    survey_init(&cur);
    c->errs->count = 0;
    if (c->id) {
        rc = survey_get_staff(db, c->u, c->id, &cur);
        if (rc != MC_OK)
            goto out;
    }
    check_settings(db, c, &rc);
    if (rc == MC_OK && !survey_may_manage(c->u, c->agency))
        rc = MC_ERR_FORBIDDEN;
    if (rc == MC_OK && c->errs->count)
        rc = MC_ERR_INVALID;
    if (rc != MC_OK)
        goto out;
    if (c->id)
        rc = db_run(db, &Q_UPDATE, NULL, "isssiiiii", c->id, in->title,
                    in->intro ? in->intro : "", c->agency, c->opens_at, c->closes_at,
                    (int64_t)in->signed_in_only, (int64_t)in->one_per_person, now);
    else
        rc = db_get_int(db, &Q_INSERT, &c->id, "sssiiiiii", in->title,
                        in->intro ? in->intro : "", c->agency, c->opens_at, c->closes_at,
                        (int64_t)in->signed_in_only, (int64_t)in->one_per_person,
                        c->u->id, now);
    snprintf(object, sizeof(object), "survey:%lld", (long long)c->id);
    if (rc == MC_OK)
        rc = audit_record(db, c->who, cur.id ? "survey.update" : "survey.create", object,
                          NULL);
out:
    survey_release(&cur);
    return rc;
}

enum mc_status survey_create(struct db *db, const struct user *u,
                             const struct survey_settings *in, const struct audit_actor *who,
                             struct form_errors *errs, int64_t *id)
{
    struct settings_ctx c = {.u = u, .in = in, .who = who, .errs = errs};
    if (!survey_is_admin(u))
        return MC_ERR_FORBIDDEN;
    enum mc_status rc = db_tx(db, settings_tx, &c);
    if (rc == MC_OK)
        *id = c.id;
    return rc;
}

enum mc_status survey_update(struct db *db, const struct user *u, int64_t id,
                             const struct survey_settings *in, const struct audit_actor *who,
                             struct form_errors *errs)
{
    struct settings_ctx c = {.u = u, .in = in, .who = who, .errs = errs, .id = id};
    if (id <= 0)
        return MC_ERR_NOT_FOUND;
    return db_tx(db, settings_tx, &c);
}

/* ---------------------------------------------------------------- options box */

/* Skip ASCII spaces from the end of [s, s + *len). */
static void rtrim(const char *s, size_t *len)
{
    while (*len && (s[*len - 1] == ' ' || s[*len - 1] == '\t' || s[*len - 1] == '\r'))
        (*len)--;
}

static bool starts_with(const char *s, size_t len, const char *prefix)
{
    size_t n = strlen(prefix);
    return len >= n && memcmp(s, prefix, n) == 0;
}

static bool same(const char *s, size_t len, const char *word)
{
    return len == strlen(word) && memcmp(s, word, len) == 0;
}

static const char *find_arrow(const char *s, size_t len, size_t *alen)
{
    for (size_t i = 0; i < len; i++) {
        if (i + 1 < len && s[i] == '-' && s[i + 1] == '>') {
            *alen = 2;
            return s + i;
        }
        if (i + 2 < len && memcmp(s + i, "\xe2\x86\x92", 3) == 0) {   /* → */
            *alen = 3;
            return s + i;
        }
    }
    return NULL;
}

enum mc_status survey_parse_option_line(const char *line, size_t len, char *label,
                                        size_t label_size, int *skip_to)
{
    size_t alen = 0;
    const char *arrow = find_arrow(line, len, &alen);
    size_t llen = arrow ? (size_t)(arrow - line) : len;
    const char *l = line;
    *skip_to = 0;
    text_trim(&l, &llen);
    if (llen == 0 || llen >= label_size)
        return MC_ERR_INVALID;
    memcpy(label, l, llen);
    label[llen] = '\0';
    if (!arrow)
        return MC_OK;
    const char *t = arrow + alen;
    size_t tlen = len - (size_t)(t - line);
    text_trim(&t, &tlen);
    if (starts_with(t, tlen, "câu ") || starts_with(t, tlen, "Câu ")) {
        t += strlen("câu ");
        tlen -= strlen("câu ");
        text_trim(&t, &tlen);
    }
    rtrim(t, &tlen);
    if (same(t, tlen, "hết") || same(t, tlen, "kết thúc") || same(t, tlen, "end")) {
        *skip_to = SURVEY_SKIP_END;
        return MC_OK;
    }
    if (!text_is_digits(t, tlen) || tlen > 3)
        return MC_ERR_INVALID;
    int n = 0;
    for (size_t i = 0; i < tlen; i++)
        n = n * 10 + (t[i] - '0');
    if (n < 1 || n > SURVEY_QUESTIONS_MAX)
        return MC_ERR_INVALID;
    *skip_to = n;
    return MC_OK;
}

void survey_options_text(const struct survey_question *q, struct buf *out)
{
    for (size_t i = 0; i < q->nopts; i++) {
        const struct survey_option *o = &q->options[i];
        buf_adds(out, o->label);
        if (o->skip_to == SURVEY_SKIP_END)
            buf_adds(out, " -> hết");
        else if (o->skip_to > 0)
            buf_addf(out, " -> %d", o->skip_to);
        buf_addch(out, '\n');
    }
}

/* ---------------------------------------------------------------- questions */

struct parsed_option {
    char label[SURVEY_OPTION_MAX + 1];
    int skip_to;
};

struct question_ctx {
    const struct user *u;
    int64_t sid, qid;
    const struct survey_question_input *in;
    const struct audit_actor *who;
    struct form_errors *errs;
    enum survey_kind kind;
    struct parsed_option *opts;   /* SURVEY_OPTIONS_MAX + 1 entries */
    size_t nopts;
    int dir;                      /* survey_question_move */
};

/* Parse the options box into c->opts; errors into c->errs. */
static void parse_options(struct question_ctx *c, int position)
{
    const char *p = c->in->options ? c->in->options : "";
    bool choice = c->kind == SURVEY_SINGLE || c->kind == SURVEY_MULTIPLE;
    c->nopts = 0;
    while (*p) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        const char *t = p;
        size_t tlen = len;
        p += len + (nl ? 1 : 0);
        text_trim(&t, &tlen);
        if (tlen == 0)
            continue;
        if (c->nopts >= SURVEY_OPTIONS_MAX) {
            form_errors_add(c->errs, "options", "mỗi câu hỏi có tối đa 20 phương án");
            return;
        }
        struct parsed_option *o = &c->opts[c->nopts];
        if (survey_parse_option_line(t, tlen, o->label, sizeof(o->label), &o->skip_to) !=
            MC_OK) {
            form_errors_add(c->errs, "options", "phương án không hợp lệ: mỗi dòng một phương "
                                                "án, tối đa 200 ký tự; chuyển câu viết "
                                                "\"-> số câu\" hoặc \"-> hết\"");
            return;
        }
        for (size_t i = 0; i < c->nopts; i++) {
            if (strcmp(c->opts[i].label, o->label) == 0) {
                form_errors_add(c->errs, "options", "có hai phương án trùng nhau");
                return;
            }
        }
        if (o->skip_to && c->kind != SURVEY_SINGLE) {
            form_errors_add(c->errs, "options", "chỉ câu hỏi chọn một phương án mới có thể "
                                                "chuyển câu");
            return;
        }
        if (o->skip_to > 0 && o->skip_to <= position) {
            form_errors_add(c->errs, "options", "câu chuyển đến phải nằm sau câu hỏi này");
            return;
        }
        c->nopts++;
    }
    if (choice && c->nopts < 2)
        form_errors_add(c->errs, "options", "câu hỏi lựa chọn cần ít nhất hai phương án");
    if (!choice && c->nopts > 0)
        form_errors_add(c->errs, "options", "chỉ câu hỏi lựa chọn mới có phương án; xin để "
                                            "trống ô này");
}

/* Load the survey for a question change: a draft u may manage. */
static enum mc_status load_draft(struct db *db, const struct user *u, int64_t sid,
                                 struct survey *s)
{
    enum mc_status rc = survey_get_staff(db, u, sid, s);
    if (rc == MC_OK && strcmp(s->status, "draft") != 0)
        rc = MC_ERR_CONFLICT;
    return rc;
}

static enum mc_status audit_survey(struct db *db, const struct audit_actor *who,
                                   const char *action, int64_t sid, const char *detail)
{
    char object[48];
    snprintf(object, sizeof(object), "survey:%lld", (long long)sid);
    enum mc_status rc = db_run(db, &Q_TOUCH, NULL, "ii", sid, clock_now());
    if (rc == MC_OK)
        rc = audit_record(db, who, action, object, detail);
    return rc;
}

static enum mc_status question_tx(struct db *db, void *arg)
{
    struct question_ctx *c = arg;
    const struct survey_question_input *in = c->in;
    struct survey s;
    int64_t qid = c->qid;
    int position;
    survey_init(&s);
    c->errs->count = 0;
    enum mc_status rc = load_draft(db, c->u, c->sid, &s);
    if (rc != MC_OK)
        goto out;
    const struct survey_question *old = qid ? survey_find_question(&s, qid) : NULL;
    if (qid && !old) {
        rc = MC_ERR_NOT_FOUND;
        goto out;
    }
    if (!qid && s.nq >= SURVEY_QUESTIONS_MAX) {
        rc = MC_ERR_TOO_LARGE;
        goto out;
    }
    position = old ? old->position : (int)s.nq + 1;
    if (survey_kind_parse(in->kind, &c->kind) != MC_OK)
        form_errors_add(c->errs, "kind", "vui lòng chọn loại câu hỏi");
    check_text(c->errs, "text", in->text, "vui lòng nhập nội dung câu hỏi", SURVEY_QUESTION_MAX,
               "câu hỏi dài quá 500 ký tự");
    check_text(c->errs, "help", in->help, NULL, SURVEY_HELP_MAX, "gợi ý dài quá 500 ký tự");
    if (c->errs->count == 0)
        parse_options(c, position);
    if (in->is_group && c->kind != SURVEY_SINGLE && c->errs->count == 0)
        form_errors_add(c->errs, "kind", "câu hỏi nhóm người trả lời phải là câu chọn một "
                                         "phương án");
    if (c->errs->count) {
        rc = MC_ERR_INVALID;
        goto out;
    }
    if (qid) {
        rc = db_run(db, &Q_Q_UPDATE, NULL, "isssii", qid, survey_kind_name(c->kind), in->text,
                    in->help ? in->help : "", (int64_t)in->required, (int64_t)in->is_group);
        if (rc == MC_OK)
            rc = db_run(db, &Q_OPT_DELETE, NULL, "i", qid);
    } else {
        rc = db_get_int(db, &Q_Q_INSERT, &qid, "iisssii", c->sid, (int64_t)position,
                        survey_kind_name(c->kind), in->text, in->help ? in->help : "",
                        (int64_t)in->required, (int64_t)in->is_group);
    }
    for (size_t i = 0; rc == MC_OK && i < c->nopts; i++)
        rc = db_run(db, &Q_OPT_INSERT, NULL, "iisi", qid, (int64_t)i + 1, c->opts[i].label,
                    (int64_t)c->opts[i].skip_to);
    if (rc == MC_OK)
        rc = audit_survey(db, c->who, "survey.question_save", c->sid, survey_kind_name(c->kind));
out:
    survey_release(&s);
    return rc;
}

enum mc_status survey_question_save(struct db *db, const struct user *u, int64_t sid,
                                    int64_t qid, const struct survey_question_input *in,
                                    const struct audit_actor *who, struct form_errors *errs)
{
    struct parsed_option *opts = xcalloc(SURVEY_OPTIONS_MAX + 1, sizeof(*opts));
    struct question_ctx c = {.u = u, .sid = sid, .qid = qid, .in = in, .who = who,
                             .errs = errs, .opts = opts};
    enum mc_status rc = db_tx(db, question_tx, &c);
    free(opts);
    return rc;
}

/* The draft survey of c (into *s) and its question c->qid (*q, inside *s). */
static enum mc_status load_draft_question(struct db *db, const struct question_ctx *c,
                                          struct survey *s,
                                          const struct survey_question **q)
{
    enum mc_status rc = load_draft(db, c->u, c->sid, s);
    *q = rc == MC_OK ? survey_find_question(s, c->qid) : NULL;
    if (rc == MC_OK && !*q)
        rc = MC_ERR_NOT_FOUND;
    return rc;
}

static enum mc_status delete_tx(struct db *db, void *arg)
{
    struct question_ctx *c = arg;
    struct survey s;
    survey_init(&s);
    const struct survey_question *q = NULL;
    enum mc_status rc = load_draft_question(db, c, &s, &q);
    if (rc == MC_OK)
        rc = db_run(db, &Q_OPT_DELETE, NULL, "i", c->qid);
    if (rc == MC_OK)
        rc = db_run(db, &Q_Q_DELETE, NULL, "i", c->qid);
    if (rc == MC_OK)
        rc = db_run(db, &Q_Q_CLOSE_GAP, NULL, "ii", c->sid, (int64_t)q->position);
    if (rc == MC_OK)
        rc = db_run(db, &Q_SKIP_CLOSE_GAP, NULL, "ii", c->sid, (int64_t)q->position);
    if (rc == MC_OK)
        rc = audit_survey(db, c->who, "survey.question_delete", c->sid, NULL);
    survey_release(&s);
    return rc;
}

enum mc_status survey_question_delete(struct db *db, const struct user *u, int64_t sid,
                                      int64_t qid, const struct audit_actor *who)
{
    struct question_ctx c = {.u = u, .sid = sid, .qid = qid, .who = who};
    return db_tx(db, delete_tx, &c);
}

static enum mc_status move_tx(struct db *db, void *arg)
{
    struct question_ctx *c = arg;
    struct survey s;
    survey_init(&s);
    const struct survey_question *q = NULL;
    enum mc_status rc = load_draft_question(db, c, &s, &q);
    if (rc != MC_OK)
        goto out;
    int to = q->position + (c->dir < 0 ? -1 : 1);
    if (to < 1 || to > (int)s.nq)
        goto out;   /* already first or last: nothing to do */
    const struct survey_question *other = &s.questions[to - 1];
    rc = db_run(db, &Q_Q_SETPOS, NULL, "ii", q->id, (int64_t)to);
    if (rc == MC_OK)
        rc = db_run(db, &Q_Q_SETPOS, NULL, "ii", other->id, (int64_t)q->position);
    if (rc == MC_OK)
        rc = db_run(db, &Q_SKIP_SWAP, NULL, "iii", c->sid, (int64_t)q->position, (int64_t)to);
    if (rc == MC_OK)
        rc = audit_survey(db, c->who, "survey.question_move", c->sid, NULL);
out:
    survey_release(&s);
    return rc;
}

enum mc_status survey_question_move(struct db *db, const struct user *u, int64_t sid,
                                    int64_t qid, int dir, const struct audit_actor *who)
{
    struct question_ctx c = {.u = u, .sid = sid, .qid = qid, .who = who, .dir = dir};
    return db_tx(db, move_tx, &c);
}

/* ---------------------------------------------------------------- status */

enum mc_status survey_check_publishable(const struct survey *s, int64_t now,
                                        struct form_errors *errs)
{
    size_t before = errs->count;
    if (s->nq == 0)
        form_errors_add(errs, "survey", "khảo sát cần ít nhất một câu hỏi");
    for (size_t i = 0; i < s->nq; i++) {
        const struct survey_question *q = &s->questions[i];
        for (size_t k = 0; k < q->nopts; k++) {
            int t = q->options[k].skip_to;
            if (t > 0 && (t <= q->position || t > (int)s->nq + 1)) {
                form_errors_add(errs, "survey", "có phương án chuyển đến câu không tồn tại "
                                                "hoặc nằm trước câu hỏi; xin sửa lại");
                goto out;
            }
        }
    }
out:
    if (s->closes_at <= now)
        form_errors_add(errs, "survey", "ngày kết thúc đã qua; xin đặt ngày kết thúc mới");
    return errs->count > before ? MC_ERR_INVALID : MC_OK;
}

struct status_ctx {
    const struct user *u;
    int64_t id;
    bool publish;
    const struct audit_actor *who;
    struct form_errors *errs;
};

static enum mc_status status_tx(struct db *db, void *arg)
{
    struct status_ctx *c = arg;
    struct survey s;
    int64_t now = clock_now();
    survey_init(&s);
    if (c->errs)
        c->errs->count = 0;
    enum mc_status rc = survey_get_staff(db, c->u, c->id, &s);
    if (rc != MC_OK)
        goto out;
    if (c->publish) {
        if (strcmp(s.status, "open") == 0) {
            rc = MC_ERR_CONFLICT;
            goto out;
        }
        rc = survey_check_publishable(&s, now, c->errs);
        if (rc == MC_OK)
            rc = db_run(db, &Q_PUBLISH, NULL, "ii", c->id, now);
    } else {
        if (strcmp(s.status, "open") != 0) {
            rc = MC_ERR_CONFLICT;
            goto out;
        }
        rc = db_run(db, &Q_CLOSE, NULL, "ii", c->id, now);
    }
    if (rc == MC_OK)
        rc = audit_survey(db, c->who, c->publish ? "survey.publish" : "survey.close", c->id,
                          NULL);
out:
    survey_release(&s);
    return rc;
}

enum mc_status survey_publish(struct db *db, const struct user *u, int64_t id,
                              const struct audit_actor *who, struct form_errors *errs)
{
    struct status_ctx c = {.u = u, .id = id, .publish = true, .who = who, .errs = errs};
    return db_tx(db, status_tx, &c);
}

enum mc_status survey_close(struct db *db, const struct user *u, int64_t id,
                            const struct audit_actor *who)
{
    struct form_errors errs = {0};
    struct status_ctx c = {.u = u, .id = id, .publish = false, .who = who, .errs = &errs};
    return db_tx(db, status_tx, &c);
}
