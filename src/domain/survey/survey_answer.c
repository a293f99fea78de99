/*
 * survey_answer.c - answering a survey: checking a reply against the
 * questions and their jumps (pure), and storing a response under the
 * one-response-per-person and per-address rules (see survey.h).
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include "domain/survey/survey.h"
#include "domain/units/unit.h"
#include "core/clock.h"
#include "core/mem.h"
#include "core/text.h"

static const struct db_query Q_STATE = {
    "survey.state",
    "SELECT status, opens_at, closes_at FROM surveys WHERE id = ?1",
};
static const struct db_query Q_BY_USER = {
    "survey.by_user",
    "SELECT COUNT(*) FROM survey_responses WHERE survey_id = ?1 AND user_id = ?2",
};
static const struct db_query Q_BY_KEY = {
    "survey.by_key",
    "SELECT COUNT(*) FROM survey_responses WHERE survey_id = ?1 AND respondent_key = ?2",
};
static const struct db_query Q_BY_ADDR = {
    "survey.by_addr",
    "SELECT COUNT(*) FROM survey_responses WHERE survey_id = ?1 AND address_key = ?2"
    " AND submitted_at > ?3",
};
static const struct db_query Q_RESPONSE = {
    "survey.response_insert",
    "INSERT INTO survey_responses (survey_id, user_id, respondent_key, address_key,"
    " agency_code, channel, submitted_at)"
    " VALUES (?1, NULLIF(?2, 0), ?3, ?4, ?5, ?6, ?7) RETURNING id",
};
static const struct db_query Q_ANSWER = {
    "survey.answer_insert",
    "INSERT INTO survey_answers (response_id, question_id, option_id, value, text)"
    " VALUES (?1, ?2, NULLIF(?3, 0), NULLIF(?4, 0), ?5)",
};

/* ---------------------------------------------------------------- checking */

void survey_checked_init(struct survey_checked *c)
{
    memset(c, 0, sizeof(*c));
}

void survey_checked_release(struct survey_checked *c)
{
    if (!c)
        return;
    free(c->items);
    free(c->skipped);
    survey_checked_init(c);
}

static const struct survey_option *find_option(const struct survey_question *q,
                                               const char *value)
{
    int64_t id = 0;
    if (!text_parse_id(value, &id))
        return NULL;
    for (size_t i = 0; i < q->nopts; i++)
        if (q->options[i].id == id)
            return &q->options[i];
    return NULL;
}

/* The value trimmed, or NULL when it is empty. */
static const char *value_of(const char *v, size_t *len)
{
    *len = v ? strlen(v) : 0;
    text_trim(&v, len);
    return *len ? v : NULL;
}

/* Check the answers to one question on the path; returns the jump (0 none). */
static int check_question(const struct survey_question *q, const struct survey_reply *r,
                          struct survey_checked *out, struct form_errors *errs)
{
    size_t given = 0;
    int jump = 0;
    size_t first = out->n;
    for (size_t i = 0; i < r->n; i++) {
        size_t len = 0;
        const char *v = r->items[i].question_id == q->id ? value_of(r->items[i].value, &len)
                                                         : NULL;
        if (!v)
            continue;
        given++;
        struct survey_answer a = {.question_id = q->id};
        if (q->kind == SURVEY_SINGLE || q->kind == SURVEY_MULTIPLE) {
            const struct survey_option *o = find_option(q, v);
            if (!o) {
                form_errors_add(errs, q->field, "phương án đã chọn không có trong câu hỏi");
                return 0;
            }
            bool dup = false;
            for (size_t k = first; k < out->n; k++)
                dup = dup || out->items[k].option_id == o->id;
            if (dup) {
                given--;
                continue;
            }
            a.option_id = o->id;
            jump = o->skip_to;
        } else if (q->kind == SURVEY_SCALE) {
            if (len != 1 || v[0] < '1' || v[0] > '0' + SURVEY_SCALE_MAX) {
                form_errors_add(errs, q->field, "vui lòng chọn điểm từ 1 đến 5");
                return 0;
            }
            a.value = v[0] - '0';
        } else {
            if (strlen(v) > SURVEY_TEXT_MAX) {
                form_errors_add(errs, q->field, "câu trả lời dài quá 2000 ký tự");
                return 0;
            }
            a.text = v;
        }
        if (given > 1 && q->kind != SURVEY_MULTIPLE) {
            form_errors_add(errs, q->field, q->kind == SURVEY_SINGLE
                                                ? "chỉ được chọn một phương án"
                                                : "chỉ được trả lời một lần");
            return 0;
        }
        out->items[out->n++] = a;
    }
    if (given == 0 && q->required)
        form_errors_add(errs, q->field, "vui lòng trả lời câu hỏi này");
    return q->kind == SURVEY_SINGLE ? jump : 0;
}

enum mc_status survey_check_reply(const struct survey *s, const struct survey_reply *r,
                                  struct survey_checked *out, struct form_errors *errs)
{
    size_t before = errs->count;
    int next = 1;
    survey_checked_release(out);
    if (r->n > SURVEY_REPLY_MAX) {
        form_errors_add(errs, "answers", "có quá nhiều câu trả lời");
        return MC_ERR_INVALID;
    }
    for (size_t i = 0; i < r->n; i++) {
        if (!survey_find_question(s, r->items[i].question_id)) {
            form_errors_add(errs, "answers", "có câu trả lời cho câu hỏi không thuộc khảo "
                                             "sát này");
            return MC_ERR_INVALID;
        }
    }
    out->items = xcalloc(r->n + 1, sizeof(*out->items));
    out->skipped = xcalloc(s->nq + 1, sizeof(*out->skipped));
    for (size_t i = 0; i < s->nq; i++) {
        const struct survey_question *q = &s->questions[i];
        if (q->position < next) {
            out->skipped[i] = true;
            continue;
        }
        int jump = check_question(q, r, out, errs);
        next = jump == SURVEY_SKIP_END ? (int)s->nq + 1 : jump > 0 ? jump : q->position + 1;
    }
    if (errs->count > before) {
        survey_checked_release(out);
        return MC_ERR_INVALID;
    }
    return MC_OK;
}

/* ---------------------------------------------------------------- storing */

static void hash_hex(const char *tag, const char *v, char hex[65])
{
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_state st;
    crypto_hash_sha256_init(&st);
    crypto_hash_sha256_update(&st, (const unsigned char *)tag, strlen(tag));
    crypto_hash_sha256_update(&st, (const unsigned char *)v, strlen(v));
    crypto_hash_sha256_final(&st, h);
    sodium_bin2hex(hex, 65, h, sizeof(h));
}

struct respond_ctx {
    const struct survey *s;
    const struct survey_checked *answers;
    const struct survey_respondent *p;
    const struct audit_actor *who;
    struct form_errors *errs;
    const char *key;             /* hashed respondent key or NULL */
    char addr[65];
    int64_t response_id;
};

static enum mc_status taking_answers(struct db *db, int64_t id, bool *open)
{
    struct db_stmt *st = NULL;
    int64_t now = clock_now();
    enum mc_status rc = db_get_row(db, &Q_STATE, &st, "i", id);
    if (rc == MC_OK)
        *open = strcmp(db_col_text(st, 0), "open") == 0 && db_col_int64(st, 1) <= now &&
                now < db_col_int64(st, 2);
    db_done(st);
    return rc;
}

static enum mc_status already(struct db *db, const struct survey *s, int64_t user_id,
                              const char *key, bool *out)
{
    int64_t n = 0;
    enum mc_status rc = MC_OK;
    *out = false;
    if (!s->one_per_person)
        return MC_OK;
    if (user_id)
        rc = db_get_int(db, &Q_BY_USER, &n, "ii", s->id, user_id);
    if (rc == MC_OK && n == 0 && key)
        rc = db_get_int(db, &Q_BY_KEY, &n, "is", s->id, key);
    *out = n > 0;
    return rc;
}

static enum mc_status respond_tx(struct db *db, void *arg)
{
    struct respond_ctx *c = arg;
    const struct survey_respondent *p = c->p;
    int64_t now = clock_now(), n = 0;
    bool open = false, done = false;
    const char *agency = p->agency_code && *p->agency_code ? p->agency_code : NULL;
    char object[48];
    c->errs->count = 0;
    enum mc_status rc = taking_answers(db, c->s->id, &open);
    if (rc == MC_OK && !open) {
        form_errors_add(c->errs, "survey", "khảo sát này hiện không nhận câu trả lời");
        rc = MC_ERR_CONFLICT;
    }
    if (rc == MC_OK && c->s->signed_in_only && !p->user_id)
        rc = MC_ERR_UNAUTHORIZED;
    if (rc == MC_OK)
        rc = already(db, c->s, p->user_id, c->key, &done);
    if (rc == MC_OK && done) {
        form_errors_add(c->errs, "survey", "bạn đã trả lời khảo sát này; mỗi người chỉ trả "
                                           "lời một lần");
        rc = MC_ERR_CONFLICT;
    }
    if (rc == MC_OK)
        rc = db_get_int(db, &Q_BY_ADDR, &n, "isi", c->s->id, c->addr, now - 24 * 3600);
    if (rc == MC_OK && n >= SURVEY_PER_ADDR)
        rc = MC_ERR_RATE_LIMITED;
    if (rc == MC_OK && agency) {
        bool known = false;
        rc = agency_exists(db, agency, &known);
        if (!known)
            agency = NULL;   /* an unknown ?co-quan= is ignored, not refused */
    }
    if (rc == MC_OK)
        rc = db_get_int(db, &Q_RESPONSE, &c->response_id, "iissssi", c->s->id, p->user_id,
                        c->key, c->addr, agency, p->channel ? p->channel : "web", now);
    for (size_t i = 0; rc == MC_OK && i < c->answers->n; i++) {
        const struct survey_answer *a = &c->answers->items[i];
        rc = db_run(db, &Q_ANSWER, NULL, "iiiis", c->response_id, a->question_id, a->option_id,
                    (int64_t)a->value, a->text);
    }
    snprintf(object, sizeof(object), "survey:%lld", (long long)c->s->id);
    if (rc == MC_OK)
        rc = audit_record(db, c->who, "survey.respond", object, p->channel);
    return rc;
}

enum mc_status survey_respond(struct db *db, const struct survey *s,
                              const struct survey_reply *r, const struct survey_respondent *p,
                              const struct audit_actor *who, struct form_errors *errs,
                              int64_t *response_id)
{
    struct survey_checked answers;
    char key[65];
    struct respond_ctx c = {.s = s, .answers = &answers, .p = p, .who = who, .errs = errs};
    survey_checked_init(&answers);
    enum mc_status rc = MC_OK;
    if (survey_state(s, clock_now()) != SURVEY_OPEN) {
        /* Say "closed" before judging the answers (checked again in the transaction). */
        form_errors_add(errs, "survey", "khảo sát này hiện không nhận câu trả lời");
        rc = MC_ERR_CONFLICT;
        goto out;
    }
    if (s->signed_in_only && !p->user_id) {
        rc = MC_ERR_UNAUTHORIZED;
        goto out;
    }
    rc = survey_check_reply(s, r, &answers, errs);
    if (rc != MC_OK)
        goto out;
    if (p->key && *p->key) {
        hash_hex("survey-key:", p->key, key);
        c.key = key;
    }
    hash_hex("survey-addr:", p->address ? p->address : "", c.addr);
    rc = db_tx(db, respond_tx, &c);
    if (rc == MC_OK)
        *response_id = c.response_id;
out:
    survey_checked_release(&answers);
    return rc;
}

enum mc_status survey_answered(struct db *db, const struct survey *s,
                               const struct survey_respondent *p, bool *out)
{
    char key[65];
    const char *k = NULL;
    if (p->key && *p->key) {
        hash_hex("survey-key:", p->key, key);
        k = key;
    }
    return already(db, s, p->user_id, k, out);
}
