/*
 * dossier_submit.c - creating dossiers: online submission, counter and
 * postal intake, the daily code sequence, attaching files and computing
 * the appointment (see dossier.h).
 */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include "domain/catalog/catalog.h"
#include "core/seal.h"
#include "core/clock.h"
#include "core/log.h"
#include "core/mem.h"
#include "core/text.h"
#include "domain/dossier/dossier-int.h"
#include "domain/eform/eform.h"
#include "domain/routing/routing.h"
#include "domain/vault/vault.h"

#define CODE_TRIES 100   /* numbers skipped when a code is already taken (imported) */

static const struct db_query Q_COUNTER = {
    "dossier.counter",
    "INSERT INTO dossier_counters (agency_code, day, last) VALUES (?1, ?2, 1)"
    " ON CONFLICT(agency_code, day) DO UPDATE SET last = dossier_counters.last + 1 RETURNING last",
};
static const struct db_query Q_CODE_TAKEN = {
    "dossier.code_taken", "SELECT COUNT(*) FROM dossiers WHERE code = ?1",
};
static const struct db_query Q_IDEMPOTENT = {
    "dossier.idempotent",
    "SELECT id FROM dossiers WHERE applicant_id = ?1 AND idempotency_key = ?2",
};
static const struct db_query Q_CONTACT = {
    "dossier.contact",
    "SELECT full_name, COALESCE(phone, ''), COALESCE(cccd, tax_code, '') FROM users"
    " WHERE id = ?1",
};
static const struct db_query Q_INSERT = {
    "dossier.insert",
    "INSERT INTO dossiers (code, procedure_code, procedure_version, procedure_name,"
    " agency_code, reception_code, applicant_id, applicant_ref, contact_name,"
    " contact_phone, contact_id, channel, status, form_data, delivery, delivery_address,"
    " submitted_at, received_at, due_at, due_unit, deadline_at, fee_dong, has_fee,"
    " idempotency_key, created_at, updated_at, search_text, contact_id_bidx, digitised)"
    " VALUES (?1, ?2, ?3, ?4, ?5, NULLIF(?6, ''), NULLIF(?7, 0), NULLIF(?8, ''), ?9, ?10,"
    " ?11, ?12, ?13, ?14, ?15, NULLIF(?16, ''), ?17, NULLIF(?18, 0), NULLIF(?19, 0), ?20,"
    " NULLIF(?21, 0), ?22, ?23, ?24, ?25, ?25, ?26, NULLIF(?27, ''), ?28) RETURNING id",
};
/* Only when a file came from the vault: digitised is set by the insert. */
static const struct db_query Q_SET_REUSED = {
    "dossier.set_reused", "UPDATE dossiers SET reused_data = 1 WHERE id = ?1",
};
static const struct db_query Q_FILE_INSERT = {
    "dossier.file_insert",
    "INSERT INTO dossier_files (dossier_id, kind, name, vault_item_id, sha256, size,"
    " content_type, path, digitised, added_at, added_by)"
    " VALUES (?1, ?2, ?3, NULLIF(?4, 0), ?5, ?6, ?7, ?8, ?9, ?10, NULLIF(?11, 0))"
    " RETURNING id",
};

/* ---------------------------------------------------------------- helpers */

static bool is_code(const char *s)
{
    return text_is_code(s, s ? strlen(s) : 0, DOSSIER_REF_MAX, ".-_");
}

static bool is_key(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    if (n == 0 || n > DOSSIER_KEY_MAX)
        return false;
    for (size_t i = 0; i < n; i++)
        if (s[i] < 0x21 || s[i] > 0x7e)
            return false;
    return true;
}

enum mc_status dossier_check_refs(const struct dossier_file_ref *refs, size_t n,
                                  struct form_errors *errs)
{
    if (n > DOSSIER_FILES_MAX) {
        form_errors_add(errs, "files", "Hồ sơ có quá nhiều tệp đính kèm.");
        return MC_ERR_TOO_LARGE;
    }
    for (size_t i = 0; i < n; i++) {
        bool has_sha = refs[i].sha256 && *refs[i].sha256;
        if (has_sha == (refs[i].vault_item_id > 0)) {
            form_errors_add(errs, "files",
                            "Mỗi thành phần hồ sơ cần đúng một tệp: tải lên hoặc chọn từ kho dữ "
                            "liệu.");
            return MC_ERR_INVALID;
        }
        if (has_sha && (!refs[i].name || !*refs[i].name)) {
            form_errors_add(errs, "files", "Thiếu tên giấy tờ của tệp đính kèm.");
            return MC_ERR_INVALID;
        }
        if (!dossier_text_ok(refs[i].name, DOSSIER_DOC_NAME_MAX)) {
            form_errors_add(errs, "files", "Tên giấy tờ không hợp lệ hoặc quá dài.");
            return MC_ERR_INVALID;
        }
    }
    return MC_OK;
}

enum mc_status dossier_attach(const struct dossier_env *env, int64_t dossier_id,
                              int64_t owner_id, const struct dossier_file_ref *refs,
                              size_t n, const char *kind, int64_t added_by,
                              struct buf *ids_json, bool *reused, int64_t *last_id,
                              struct form_errors *errs)
{
    enum mc_status rc = MC_OK;
    bool digitised = strcmp(kind, "scan") == 0;
    buf_addch(ids_json, '[');
    for (size_t i = 0; rc == MC_OK && i < n; i++) {
        struct filestore_meta meta;
        struct vault_item item;
        const char *name = refs[i].name;
        int64_t file_id = 0;
        if (refs[i].vault_item_id > 0) {
            rc = owner_id > 0 ? vault_take_for_reuse(env->db, owner_id, refs[i].vault_item_id,
                                                     &item)
                              : MC_ERR_NOT_FOUND;
            if (rc == MC_ERR_NOT_FOUND)
                form_errors_add(errs, "files", "Không tìm thấy giấy tờ trong kho dữ liệu của bạn.");
            else if (rc == MC_ERR_INVALID)
                form_errors_add(errs, "files", "Giấy tờ trong kho dữ liệu đã hết hiệu lực.");
            if (rc != MC_OK)
                break;
            meta = item.file;
            if (!name || !*name)
                name = item.title;
            *reused = true;
        } else if (refs[i].bytes) {   /* staged in this transaction */
            rc = filestore_stage_bytes(env->files, env->db, refs[i].bytes, refs[i].len, &meta);
            if (rc == MC_OK && strcmp(meta.sha256, refs[i].sha256) != 0)
                rc = MC_ERR_INTERNAL;
            if (rc != MC_OK) {
                form_errors_add(errs, "files",
                                "Không lưu được tệp đính kèm; vui lòng tải lên lại.");
                break;
            }
        } else if ((rc = filestore_stat(env->files, env->db, refs[i].sha256, &meta)) != MC_OK) {
            form_errors_add(errs, "files",
                            "Tệp đính kèm không còn trên máy chủ; vui lòng tải lên lại.");
            rc = MC_ERR_NOT_FOUND;
            break;
        }
        rc = db_get_int(env->db, &Q_FILE_INSERT, &file_id, "issisissiii", dossier_id, kind,
                        name, refs[i].vault_item_id, meta.sha256, meta.size,
                        meta.content_type, meta.path, (int64_t)digitised, clock_now(),
                        added_by);
        if (rc == MC_OK) {
            buf_addf(ids_json, "%s%lld", i ? "," : "", (long long)file_id);
            if (last_id)
                *last_id = file_id;
        }
    }
    buf_addch(ids_json, ']');
    if (rc == MC_OK)
        rc = buf_status(ids_json);
    return rc;
}

/* ---------------------------------------------------------------- deadlines */

static enum proc_channel_kind channel_kind(int channel)
{
    return channel == NAT_CH_ONLINE ? PROC_CHANNEL_ONLINE
         : channel == NAT_CH_POSTAL ? PROC_CHANNEL_POSTAL : PROC_CHANNEL_DIRECT;
}

static const struct proc_channel *pick_channel(const struct procedure *p, int channel)
{
    enum proc_channel_kind kind = channel_kind(channel);
    for (size_t i = 0; i < p->nchannels; i++)
        if (p->channels[i].kind == kind && p->channels[i].time_state == PROC_TIME_VALUE)
            return &p->channels[i];
    for (size_t i = 0; i < p->nchannels; i++)
        if (p->channels[i].time_state == PROC_TIME_VALUE)
            return &p->channels[i];
    return NULL;
}

static int64_t office_seconds_per_day(const struct calendar *cal)
{
    int64_t s = 0;
    for (size_t i = 0; i < cal->nr_hours; i++)
        s += (int64_t)(cal->hours[i].end_min - cal->hours[i].start_min) * 60;
    return s;
}

/* Whole units with the calendar, then a fraction as office time. */
static enum mc_status due_of(const struct calendar *cal, int64_t from, double amount,
                             enum proc_time_unit unit, int64_t *due, int *cal_unit)
{
    double whole = floor(amount), frac = amount - whole;
    enum mc_status rc = MC_OK;
    int64_t t = from;
    if (amount < 0 || amount > CALENDAR_MAX_WORKING_DAYS)
        return MC_ERR_INVALID;
    switch (unit) {
    case PROC_UNIT_UNKNOWN:        /* a bare number: the catalogue's usual working days */
    case PROC_UNIT_WORKING_DAY:
        *cal_unit = CALENDAR_UNIT_WORKING_DAYS;
        rc = calendar_due(cal, from, (int32_t)whole, CALENDAR_UNIT_WORKING_DAYS, &t);
        if (rc == MC_OK && frac > 0)
            rc = calendar_add_working_seconds(
                cal, t, (int64_t)ceil(frac * (double)office_seconds_per_day(cal)), &t);
        break;
    case PROC_UNIT_WORKING_HOUR:
        *cal_unit = CALENDAR_UNIT_WORKING_HOURS;
        rc = calendar_due(cal, from, (int32_t)whole, CALENDAR_UNIT_WORKING_HOURS, &t);
        if (rc == MC_OK && frac > 0)
            rc = calendar_add_working_seconds(cal, t, (int64_t)ceil(frac * 3600), &t);
        break;
    case PROC_UNIT_HOUR:
        *cal_unit = CALENDAR_UNIT_DAYS;
        t = from + (int64_t)ceil(amount * 3600);
        break;
    case PROC_UNIT_DAY:
    case PROC_UNIT_WEEK:
        *cal_unit = CALENDAR_UNIT_DAYS;
        rc = calendar_due(cal, from, (int32_t)ceil(amount) * (unit == PROC_UNIT_WEEK ? 7 : 1),
                          CALENDAR_UNIT_DAYS, &t);
        break;
    case PROC_UNIT_MONTH:
    case PROC_UNIT_YEAR:
        *cal_unit = CALENDAR_UNIT_MONTHS;
        rc = calendar_due(cal, from, (int32_t)ceil(amount) * (unit == PROC_UNIT_YEAR ? 12 : 1),
                          CALENDAR_UNIT_MONTHS, &t);
        break;
    }
    *due = t;
    return rc;
}

enum mc_status dossier_compute_due(struct db *db, const struct calendar *cal,
                                   const struct dossier *d, int64_t received_at,
                                   int64_t *due, int *unit)
{
    struct procedure p;
    const struct proc_channel *ch;
    enum mc_status rc;
    procedure_init(&p);
    rc = d->procedure_version > 0
             ? catalog_get_version(db, d->procedure_code, d->procedure_version, &p)
             : catalog_get(db, d->procedure_code, &p, NULL);
    if (rc != MC_OK)
        goto out;
    if (!(ch = pick_channel(&p, d->channel))) {
        rc = MC_ERR_NOT_FOUND;
        goto out;
    }
    rc = due_of(cal, received_at, ch->time_max > 0 ? ch->time_max : ch->time_min,
                ch->time_unit, due, unit);
out:
    procedure_release(&p);
    return rc;
}

/* ---------------------------------------------------------------- creation */

/* Everything one creation needs, shared by submit and intake. */
struct create_ctx {
    struct dossier_env env;             /* env.db is the transaction's connection */
    const struct user *actor;
    const char *address;
    const struct dossier_submission *s;
    const struct dossier_intake *in;    /* NULL for an online submission */
    int64_t applicant_id;
    int64_t id;
    bool replayed;
    struct form_errors errs;            /* the reasons of the last attempt */
    struct buf ids;
};

static enum mc_status next_code(struct db *db, const char *agency, int64_t now,
                                char out[DOSSIER_CODE_MAX])
{
    int y, m, d;
    char day[8];
    enum mc_status rc = MC_OK;
    calendar_date_to_ymd(calendar_date_of(now), &y, &m, &d);
    snprintf(day, sizeof(day), "%02d%02d%02d", y % 100, m, d);
    for (int i = 0; rc == MC_OK && i < CODE_TRIES; i++) {
        int64_t n = 0, taken = 0;
        rc = db_get_int(db, &Q_COUNTER, &n, "ss", agency, day);
        snprintf(out, DOSSIER_CODE_MAX, "%s-%s-%04lld", agency, day, (long long)n);
        if (rc == MC_OK)
            rc = db_get_int(db, &Q_CODE_TAKEN, &taken, "s", out);
        if (rc == MC_OK && !taken)
            return MC_OK;
    }
    return rc == MC_OK ? MC_ERR_CONFLICT : rc;
}

/* Contact details: from the account, or as typed at the counter. */
static enum mc_status load_contact(struct create_ctx *c, struct dossier *d)
{
    struct db_stmt *st = NULL;
    enum mc_status rc = MC_OK;
    if (c->applicant_id > 0) {
        rc = db_get_row(c->env.db, &Q_CONTACT, &st, "i", c->applicant_id);
        if (rc == MC_ERR_NOT_FOUND) {
            form_errors_add(&c->errs, "applicant", "Không tìm thấy tài khoản của người nộp.");
            rc = MC_ERR_NOT_FOUND;
        }
        if (rc == MC_OK) {
            db_col_copy(st, 0, d->contact_name, sizeof(d->contact_name));
            rc = seal_col_open(st, 1, d->contact_phone, sizeof(d->contact_phone));
            if (rc == MC_OK)
                rc = seal_col_open(st, 2, d->contact_id, sizeof(d->contact_id));
        }
        db_done(st);
    }
    if (rc == MC_OK && c->in) {
        if (c->in->contact_name && *c->in->contact_name)
            snprintf(d->contact_name, sizeof(d->contact_name), "%s", c->in->contact_name);
        if (c->in->contact_phone && *c->in->contact_phone)
            snprintf(d->contact_phone, sizeof(d->contact_phone), "%s", c->in->contact_phone);
        if (c->in->contact_id && *c->in->contact_id)
            snprintf(d->contact_id, sizeof(d->contact_id), "%s", c->in->contact_id);
    }
    return rc;
}

/* The procedure's version, name and fee for the dossier's channel. */
/*
 * The procedure as of this transaction: the caller's copy when it is still
 * the current version (one indexed lookup), else read from the catalogue.
 */
static enum mc_status current_procedure(struct create_ctx *c, struct procedure *own,
                                        const struct procedure **p, int64_t *version)
{
    const struct dossier_submission *s = c->s;
    enum mc_status rc = catalog_current_version(c->env.db, s->procedure_code, version);
    if (rc == MC_OK && s->procedure && s->procedure_version == *version) {
        *p = s->procedure;
        return MC_OK;
    }
    if (rc == MC_OK)
        rc = catalog_get(c->env.db, s->procedure_code, own, version);
    *p = own;
    return rc;
}

/*
 * The declaration and the documents against the procedure's e-form
 * (eform.h), as the page checked them: a request that skipped the page
 * gets the first reason (the page shows every one next to its field).
 * values are normalised in place.
 */
static enum mc_status check_declaration(struct create_ctx *c, const struct procedure *p,
                                        json_t *values)
{
    struct form_errors why = {0};
    enum mc_status rc = MC_OK;
    if (p->nform_fields > 0)   /* without an e-form the content is free (the page asks it) */
        rc = eform_check(c->env.db, p, values, calendar_date_of(clock_now()), &why);
    if (rc == MC_ERR_INVALID)
        form_errors_add(&c->errs, "form", why.count ? why.items[0].message
                                                    : "Nội dung tờ khai không hợp lệ.");
    for (size_t i = 0; rc == MC_OK && !c->in && i < p->ndocuments; i++) {
        bool found = false;   /* online only: at the counter the officer sees the papers */
        if (eform_document_need(p, i, values) != EFORM_REQUIRED || !p->documents[i].name)
            continue;
        for (size_t k = 0; !found && k < c->s->nfiles; k++)
            found = c->s->files[k].name && strcmp(c->s->files[k].name, p->documents[i].name) == 0;
        if (!found) {
            form_errors_add(&c->errs, "files", "Hồ sơ còn thiếu giấy tờ bắt buộc; hãy tải lên "
                                               "đủ các giấy tờ được đánh dấu bắt buộc.");
            rc = MC_ERR_INVALID;
        }
    }
    return rc;
}

/*
 * The procedure's version, name and fee for the dossier's channel (per
 * copy when the procedure counts copies), after checking the declaration
 * (values, normalised in place).
 */
static enum mc_status load_procedure(struct create_ctx *c, struct dossier *d, json_t *values)
{
    struct procedure own;
    const struct procedure *p = NULL;
    procedure_init(&own);
    enum mc_status rc = current_procedure(c, &own, &p, &d->procedure_version);
    if (rc == MC_ERR_NOT_FOUND)
        form_errors_add(&c->errs, "procedure_code", "Không tìm thấy thủ tục hành chính.");
    if (rc == MC_OK)
        rc = check_declaration(c, p, values);
    if (rc == MC_OK) {
        int64_t channel_fee = 0;
        snprintf(d->procedure_name, sizeof(d->procedure_name), "%s", p->name ? p->name : "");
        for (size_t i = 0; i < p->nchannels; i++)
            if (p->channels[i].kind == channel_kind(d->channel) &&
                p->channels[i].fee_state == PROC_FEE_AMOUNT && p->channels[i].fee_dong > 0)
                channel_fee = p->channels[i].fee_dong;
        d->fee_dong = eform_fee(p, channel_fee, values);
        d->has_fee = d->fee_dong > 0;
    }
    procedure_release(&own);
    return rc;
}

/*
 * True when raw word w (n bytes) is a number as people write one: digits
 * and the marks between them ("0912.345.678,", "+84", "(024)").  *digits
 * counts its digits.
 */
static bool word_is_number(const char *w, size_t n, size_t *digits)
{
    static const char marks[] = "+-.,;:/()";
    *digits = 0;
    for (size_t i = 0; i < n; i++) {
        if (w[i] >= '0' && w[i] <= '9')
            (*digits)++;
        else if (!memchr(marks, w[i], sizeof(marks) - 1))
            return false;
    }
    return *digits > 0;
}

/*
 * Append the words of raw value v (n bytes) to out but those that would
 * give away a phone, an identity number or an email: a word with an '@', a
 * word of nine digits or more, and a run of number words holding nine
 * digits or more between them ("0912 345 678").  Done before folding,
 * which turns '@' and the marks into spaces.
 */
static void add_words(const char *v, size_t n, struct buf *out)
{
    static const char blank[] = " \t\r\n";
    size_t i = 0, run_at = 0, run_end = 0, run_digits = 0;
    while (i <= n) {
        while (i < n && memchr(blank, v[i], sizeof(blank) - 1))
            i++;
        size_t at = i, digits = 0;
        while (i < n && !memchr(blank, v[i], sizeof(blank) - 1))
            i++;
        bool number = i > at && word_is_number(v + at, i - at, &digits);
        if (number && run_digits == 0)
            run_at = at;
        if (number) {
            run_end = i;
            run_digits += digits;
            continue;   /* the run is judged when it ends */
        }
        if (run_digits > 0 && run_digits < 9) {
            buf_addch(out, ' ');
            buf_add(out, v + run_at, run_end - run_at);
        }
        run_digits = 0;
        if (i == at)
            break;      /* the end of v */
        digits = 0;
        for (size_t k = at; k < i; k++)
            digits += v[k] >= '0' && v[k] <= '9';
        if (!memchr(v + at, '@', i - at) && digits < 9) {
            buf_addch(out, ' ');
            buf_add(out, v + at, i - at);
        }
    }
}

/*
 * The folded text officers search the dossier by: code, applicant, and the
 * declared values but for phones, identity numbers and emails (the search
 * text is not sealed; the declaration is).
 */
static enum mc_status search_text(const struct dossier *d, const char *form_json,
                                  struct buf *out)
{
    json_t *form = json_loads(form_json ? form_json : "{}", 0, NULL);
    const char *key;
    json_t *v;
    char *kept = NULL;
    enum mc_status rc = text_fold(d->code, strlen(d->code), out);
    buf_addch(out, ' ');
    if (rc == MC_OK)
        rc = text_fold(d->contact_name, strlen(d->contact_name), out);
    json_object_foreach(form, key, v) {   /* which values count is eform's to say */
        struct buf words;
        if (!json_is_string(v))
            continue;
        buf_init(&words, BUF_MAX_SMALL);
        add_words(json_string_value(v), json_string_length(v), &words);
        if (rc == MC_OK && buf_status(&words) != MC_OK)
            rc = MC_ERR_TOO_LARGE;   /* more than the search text holds anyway */
        if (rc == MC_OK && json_string_set(v, buf_cstr(&words)) != 0)
            rc = MC_ERR_INTERNAL;
        buf_release(&words);
    }
    if (rc == MC_OK && form && !(kept = json_dumps(form, JSON_COMPACT)))
        rc = MC_ERR_INTERNAL;
    if (rc == MC_OK && kept)
        rc = eform_fold_values(kept, out);
    free(kept);
    json_decref(form);
    return rc == MC_OK ? buf_status(out) : rc;
}

/*
 * The place the dossier is lodged must be one the procedure's routes offer
 * (routing.h): its processing agency is s->agency_code.  Online, the desk
 * is the route's; at the counter, the officer's desk must be the agency
 * itself or the desk that receives for it.  OUT *reception: the desk to
 * store ("" = the agency itself).
 */
static enum mc_status check_route(struct create_ctx *c, char reception[DOSSIER_REF_MAX + 1])
{
    const struct dossier_submission *s = c->s;
    struct routing_option opt;
    const char *desk = s->reception_code ? s->reception_code : "";
    enum mc_status rc = routing_resolve(c->env.db, s->procedure_code, s->agency_code, &opt);
    reception[0] = '\0';
    if (rc == MC_ERR_NOT_FOUND) {
        struct routing_options all;
        routing_options_init(&all);
        bool any = routing_options(c->env.db, s->procedure_code, &all) == MC_OK && all.n > 0;
        routing_options_release(&all);
        form_errors_add(&c->errs, "agency_code",
                        any ? "Cơ quan đã chọn không giải quyết thủ tục này; hãy chọn nơi nộp "
                              "trong danh sách."
                            : "Thủ tục này chưa được giao cho cơ quan nào tiếp nhận; xin liên "
                              "hệ Bộ phận Một cửa.");
        return MC_ERR_NOT_FOUND;
    }
    if (rc != MC_OK)
        return rc;
    if (!c->in) {
        snprintf(reception, DOSSIER_REF_MAX + 1, "%s", opt.reception_code);
        return MC_OK;
    }
    if (*desk && strcmp(desk, s->agency_code) != 0 && strcmp(desk, opt.reception_code) != 0) {
        form_errors_add(&c->errs, "agency_code",
                        "Bạn không có quyền tiếp nhận hồ sơ cho cơ quan này.");
        return MC_ERR_FORBIDDEN;
    }
    snprintf(reception, DOSSIER_REF_MAX + 1, "%s", strcmp(desk, s->agency_code) ? desk : "");
    return MC_OK;
}

/* The appointment of an intake (explicit, or from the procedure). */
static enum mc_status intake_due(struct create_ctx *c, struct dossier *d)
{
    const struct calendar *cal = c->env.cal;
    enum mc_status rc = calendar_receive_time(cal, d->submitted_at, -1, &d->received_at);
    if (rc == MC_OK && c->in->due_at > 0) {
        d->due_at = c->in->due_at;
        d->due_unit = CALENDAR_UNIT_WORKING_DAYS;
        if (d->due_at <= d->received_at)
            rc = MC_ERR_INVALID;
    } else if (rc == MC_OK) {
        rc = dossier_compute_due(c->env.db, cal, d, d->received_at, &d->due_at,
                                 &d->due_unit);
    }
    if (rc == MC_ERR_NOT_FOUND)
        rc = MC_ERR_INVALID;
    if (rc != MC_OK)
        form_errors_add(&c->errs, "due_date",
                        "Thủ tục chưa có thời hạn giải quyết dùng được; hãy nhập ngày hẹn trả "
                        "kết quả (sau thời điểm tiếp nhận).");
    d->deadline_at = d->due_at;
    return rc;
}

/*
 * Tell the listeners (dossier_change.h) about the dossier just inserted:
 * d as written, without reading the row back (a submission is the hot
 * path).
 */
static enum mc_status announce_created(struct db *db, const struct create_ctx *c,
                                       struct dossier *d, bool reused, int64_t now)
{
    const struct dossier_submission *s = c->s;
    d->id = c->id;
    d->applicant_id = c->applicant_id;
    snprintf(d->agency_code, sizeof(d->agency_code), "%s", s->agency_code);
    d->delivery = (int)s->delivery;
    d->digitised = s->nfiles > 0;
    d->reused_data = reused;
    d->version = 1;
    d->created_at = d->updated_at = now;
    return dossier_announce_action(db, d, c->in ? DOSSIER_ACT_INTAKE : DOSSIER_ACT_SUBMIT, 0,
                                   NULL);
}

static enum mc_status create_tx(struct db *db, void *arg)
{
    struct create_ctx *c = arg;
    const struct dossier_submission *s = c->s;
    const char *action = c->in ? "intake" : "submit";
    struct dossier d;
    struct buf search;
    struct dossier_sealed sealed = {0};
    json_t *values = NULL;
    char *form = NULL;
    bool reused = false;
    int64_t now = clock_now(), existing = 0;
    enum mc_status rc = MC_OK;
    dossier_init(&d);
    buf_init(&search, BUF_MAX_SMALL);
    buf_reset(&c->ids);
    form_errors_clear(&c->errs);
    c->replayed = false;
    if (s->code_out)
        s->code_out[0] = '\0';
    c->env.db = db;   /* a batch may run this on another thread's connection (db.h) */
    if (s->idempotency_key && c->applicant_id > 0) {
        rc = db_get_int(db, &Q_IDEMPOTENT, &existing, "is", c->applicant_id,
                        s->idempotency_key);
        if (rc == MC_OK) {
            c->id = existing;
            c->replayed = true;
            goto out;
        }
        if (rc != MC_ERR_NOT_FOUND)
            goto out;
    }
    d.channel = c->in ? c->in->channel : NAT_CH_ONLINE;
    d.status = c->in ? NAT_ST_RECEIVED : NAT_ST_NEW;
    d.submitted_at = c->in && c->in->submitted_at > 0 ? c->in->submitted_at : now;
    snprintf(d.procedure_code, sizeof(d.procedure_code), "%s", s->procedure_code);
    values = json_loads(s->form_json ? s->form_json : "{}", 0, NULL);
    if (!json_is_object(values)) {   /* checked before the transaction */
        rc = MC_ERR_INVALID;
        goto out;
    }
    if ((rc = load_procedure(c, &d, values)) != MC_OK ||
        (rc = check_route(c, d.reception_code)) != MC_OK || (rc = load_contact(c, &d)) != MC_OK)
        goto out;
    form = json_dumps(values, JSON_COMPACT);
    if (!form) {
        rc = MC_ERR_INTERNAL;
        goto out;
    }
    if (c->in && (rc = intake_due(c, &d)) != MC_OK)
        goto out;
    if ((rc = next_code(db, s->agency_code, now, d.code)) != MC_OK)
        goto out;
    if ((rc = search_text(&d, form, &search)) == MC_ERR_TOO_LARGE)
        rc = MC_OK;   /* an enormous declaration is found by its code and name only */
    if (rc != MC_OK)
        goto out;
    if ((rc = dossier_seal_fields(&d, form, s->delivery_address, &sealed)) != MC_OK)
        goto out;
    rc = db_get_int(db, &Q_INSERT, &c->id, "ssisssissssiisisiiiiiiisissi", d.code,
                    s->procedure_code, d.procedure_version, d.procedure_name, s->agency_code,
                    d.reception_code, c->applicant_id,
                    c->in && c->in->applicant_ref ? c->in->applicant_ref : "",
                    d.contact_name, sealed.phone, sealed.id, (int64_t)d.channel,
                    (int64_t)d.status, sealed.form, (int64_t)s->delivery, sealed.address,
                    d.submitted_at, d.received_at, d.due_at, (int64_t)d.due_unit,
                    d.deadline_at, d.fee_dong, (int64_t)d.has_fee, s->idempotency_key, now,
                    buf_cstr(&search), sealed.id_bidx, (int64_t)(s->nfiles > 0));
    if (rc == MC_OK)
        rc = dossier_attach(&c->env, c->id, c->in ? 0 : c->applicant_id, s->files, s->nfiles,
                            c->in ? "scan" : "attachment", c->actor->id, &c->ids, &reused,
                            NULL, &c->errs);
    if (rc == MC_OK && reused)
        rc = db_run(db, &Q_SET_REUSED, NULL, "i", c->id);
    if (rc == MC_OK)
        rc = dossier_event_add(db, c->id, c->actor, 0, d.status, action, NULL,
                               buf_cstr(&c->ids), d.due_at);
    if (rc == MC_OK)
        rc = dossier_audit(db, c->actor, c->address, action, d.code, 0, d.status);
    if (rc == MC_OK)
        rc = announce_created(db, c, &d, reused, now);
    if (rc == MC_OK && s->code_out)
        snprintf(s->code_out, DOSSIER_CODE_MAX, "%s", d.code);
out:
    free(form);
    dossier_sealed_release(&sealed);
    json_decref(values);
    buf_release(&search);
    dossier_release(&d);
    return rc;
}

/* Checks common to both ways in; the reason goes to errs. */
static enum mc_status check_submission(const struct dossier_submission *s, bool key_required,
                                       struct form_errors *errs)
{
    json_t *form = NULL;
    size_t flen = s->form_json ? strlen(s->form_json) : 0;
    enum mc_status rc = MC_ERR_INVALID;
    if (!is_code(s->procedure_code)) {
        form_errors_add(errs, "procedure_code", "Mã thủ tục không hợp lệ.");
        goto out;
    }
    if (!is_code(s->agency_code) ||
        (s->reception_code && *s->reception_code && !is_code(s->reception_code))) {
        form_errors_add(errs, "agency_code", "Mã cơ quan không hợp lệ.");
        goto out;
    }
    if (flen > DOSSIER_FORM_MAX) {
        form_errors_add(errs, "form", "Nội dung tờ khai quá dài.");
        rc = MC_ERR_TOO_LARGE;
        goto out;
    }
    if (flen > 0 && (!text_utf8_valid(s->form_json, flen) ||
                     !(form = json_loadb(s->form_json, flen, JSON_REJECT_DUPLICATES, NULL)) ||
                     !json_is_object(form))) {
        form_errors_add(errs, "form", "Nội dung tờ khai không hợp lệ.");
        goto out;
    }
    if ((int)s->delivery < DOSSIER_DELIVERY_ONLINE || s->delivery > DOSSIER_DELIVERY_COUNTER) {
        form_errors_add(errs, "delivery", "Hình thức nhận kết quả không hợp lệ.");
        goto out;
    }
    if (s->delivery == DOSSIER_DELIVERY_POST &&
        (!s->delivery_address || !*s->delivery_address ||
         !dossier_text_ok(s->delivery_address, 500))) {
        form_errors_add(errs, "delivery_address", "Cần địa chỉ nhận kết quả qua bưu chính.");
        goto out;
    }
    if ((key_required || s->idempotency_key) && !is_key(s->idempotency_key)) {
        form_errors_add(errs, "", "Phiên nộp hồ sơ không hợp lệ; vui lòng tải lại trang.");
        goto out;
    }
    rc = dossier_check_refs(s->files, s->nfiles, errs);
out:
    json_decref(form);
    return rc;
}

/*
 * Run the creation transaction; its reasons (of the last attempt: db_tx may
 * run it again after a busy database) go to errs.
 */
static enum mc_status run_create(struct create_ctx *c, int64_t *id, struct form_errors *errs)
{
    buf_init(&c->ids, BUF_MAX_SMALL);
    /*
     * An online submission commits with group commit: as durable when it
     * returns, with concurrent submissions sharing the WAL sync (db.h).
     */
    enum mc_status rc = c->in ? db_tx(c->env.db, create_tx, c)
                              : db_tx_grouped(c->env.db, create_tx, c);
    buf_release(&c->ids);
    if (rc == MC_ERR_CONFLICT && c->errs.count == 0)
        form_errors_add(&c->errs, "", "Hồ sơ vừa được gửi từ một phiên khác; vui lòng kiểm "
                                      "tra danh sách hồ sơ.");
    if (rc == MC_OK)
        *id = c->id;
    form_errors_append(errs, &c->errs);
    return rc;
}

enum mc_status dossier_submit(const struct dossier_env *env, const struct user *applicant,
                              const char *address, const struct dossier_submission *s,
                              int64_t *id, bool *replayed, struct form_errors *errs)
{
    struct create_ctx c = {.env = *env, .actor = applicant, .address = address, .s = s};
    enum mc_status rc;
    if (!applicant || applicant->kind == USER_STAFF || applicant->id <= 0) {
        form_errors_add(errs, "", "Chỉ công dân, doanh nghiệp đăng nhập bằng tài khoản của "
                                  "mình mới nộp hồ sơ trực tuyến.");
        rc = MC_ERR_FORBIDDEN;
        goto out;
    }
    if ((rc = check_submission(s, true, errs)) != MC_OK)
        goto out;
    c.applicant_id = applicant->id;
    rc = run_create(&c, id, errs);
    if (rc == MC_OK && replayed)
        *replayed = c.replayed;
out:
    return rc;
}

static bool contact_ok(const struct dossier_intake *in, struct form_errors *errs)
{
    const char *phone = in->contact_phone, *cid = in->contact_id;
    size_t np = phone ? strlen(phone) : 0, ni = cid ? strlen(cid) : 0;
    if (in->applicant_id == 0 && (!in->contact_name || !*in->contact_name)) {
        form_errors_add(errs, "contact_name", "Cần họ tên người nộp hồ sơ.");
        return false;
    }
    if (!dossier_text_ok(in->contact_name, 255) ||
        (np && (np < 8 || np > 15 || !text_is_digits(phone, np))) ||
        (ni && ni != 12 && ni != 10 && ni != 13) || (ni && ni != 13 && !text_is_digits(cid, ni))) {
        form_errors_add(errs, "contact", "Thông tin liên hệ của người nộp không hợp lệ.");
        return false;
    }
    if (in->applicant_id == 0 && np == 0 && ni == 0) {
        form_errors_add(errs, "contact_phone",
                        "Cần số điện thoại hoặc số CCCD/mã số thuế của người nộp để tra cứu hồ "
                        "sơ.");
        return false;
    }
    if (in->applicant_ref && !is_code(in->applicant_ref)) {
        form_errors_add(errs, "applicant_ref", "Mã hồ sơ công dân không hợp lệ.");
        return false;
    }
    return true;
}

enum mc_status dossier_intake(const struct dossier_env *env, const struct user *officer,
                              const char *address, const struct dossier_intake *in,
                              int64_t *id, struct form_errors *errs)
{
    struct create_ctx c = {.env = *env, .actor = officer, .address = address, .s = &in->sub,
                           .in = in, .applicant_id = in->applicant_id};
    struct dossier probe;
    enum mc_status rc = MC_ERR_INVALID;
    dossier_init(&probe);
    if (in->channel != NAT_CH_DIRECT && in->channel != NAT_CH_POSTAL) {
        form_errors_add(errs, "channel", "Kênh tiếp nhận phải là trực tiếp hoặc bưu chính.");
        goto out;
    }
    if ((rc = check_submission(&in->sub, false, errs)) != MC_OK)
        goto out;
    snprintf(probe.agency_code, sizeof(probe.agency_code), "%s", in->sub.agency_code);
    snprintf(probe.reception_code, sizeof(probe.reception_code), "%s",
             in->sub.reception_code ? in->sub.reception_code : "");
    if (!officer || officer->kind != USER_STAFF ||
        !(officer->roles & (ROLE_RECEPTION | ROLE_AGENCY_ADMIN)) ||
        !(strcmp(officer->agency_code, probe.agency_code) == 0 ||
          (officer->roles & ROLE_RECEPTION &&
           strcmp(officer->agency_code, probe.reception_code) == 0))) {
        form_errors_add(errs, "agency_code",
                        "Bạn không có quyền tiếp nhận hồ sơ cho cơ quan này.");
        rc = MC_ERR_FORBIDDEN;
        goto out;
    }
    if (!contact_ok(in, errs) || (in->submitted_at < 0) || in->due_at < 0) {
        rc = MC_ERR_INVALID;
        goto out;
    }
    rc = run_create(&c, id, errs);
out:
    return rc;
}
