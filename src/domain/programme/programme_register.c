/*
 * programme_register.c - a plan's register as the focal agency edits it
 * on the web (number, day, title) and the plan document attached to it
 * (see programme.h, prog_plan_edit, prog_plan_file).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>

#include "core/clock.h"
#include "core/text.h"
#include "domain/calendar/date.h"
#include "domain/programme/programme.h"

#define TITLE_MAX 2000   /* bytes in a plan's title (trích yếu) */

static const struct db_query Q_EDIT = {
    "programme.plan_edit",
    "UPDATE plans SET number = ?2, issued_on = NULLIF(?3, ''), title = ?4,"
    " file_sha256 = COALESCE(NULLIF(?5, ''), file_sha256),"
    " file_name = CASE WHEN ?5 = '' THEN file_name ELSE ?6 END, updated_at = ?7 WHERE id = ?1",
};
static const struct db_query Q_FILE = {
    "programme.plan_file",
    "SELECT file_sha256, COALESCE(file_name, '') FROM plans WHERE id = ?1"
    " AND file_sha256 IS NOT NULL",
};

struct edit_ctx {
    int64_t id;
    const struct prog_plan_edit *e;
    const struct audit_actor *who;
};

static enum mc_status edit_tx(struct db *db, void *arg)
{
    struct edit_ctx *c = arg;
    char object[32];
    const char *sha = c->e->file_sha256 ? c->e->file_sha256 : "";
    enum mc_status rc = db_change(db, &Q_EDIT, MC_ERR_NOT_FOUND, "isssssi", c->id,
                                  c->e->number, c->e->issued_on, c->e->title, sha,
                                  c->e->file_name ? c->e->file_name : "", clock_now());
    snprintf(object, sizeof(object), "plan:%lld", (long long)c->id);
    if (rc == MC_OK)
        rc = audit_record(db, c->who, "programme.plan_edit", object,
                          sha[0] ? "{\"file\":true}" : NULL);
    return rc;
}

enum mc_status prog_plan_edit(struct db *db, const struct user *u, int64_t plan_id,
                              const struct prog_plan_edit *e, const struct audit_actor *who,
                              struct form_errors *errs)
{
    struct prog_plan p;
    struct prog_plan_edit clean = *e;
    struct edit_ctx c = {plan_id, &clean, who};
    char issued[CALENDAR_DATE_SIZE];   /* issued_on as stored: "YYYY-MM-DD" */
    int32_t day = 0;
    bool focal = false;
    enum mc_status rc;

    prog_plan_init(&p);
    rc = prog_plan_get(db, plan_id, &p);
    if (rc == MC_OK)
        rc = prog_is_focal(db, u, &p, &focal);
    if (rc == MC_OK && !focal)
        rc = MC_ERR_FORBIDDEN;
    if (rc != MC_OK)
        goto out;
    clean.number = e->number ? e->number : "";
    clean.issued_on = e->issued_on ? e->issued_on : "";
    clean.title = e->title ? e->title : "";
    if (strlen(clean.number) > 63 || !text_utf8_valid(clean.number, strlen(clean.number))) {
        form_errors_add(errs, "so_ky_hieu", "Số, ký hiệu tối đa 63 ký tự");
        rc = MC_ERR_INVALID;
    }
    if (clean.issued_on[0]) {
        if (calendar_date_parse_input(clean.issued_on, &day) == MC_OK) {
            calendar_date_format(day, issued, sizeof(issued));
            clean.issued_on = issued;
        } else {
            form_errors_add(errs, "ngay_ban_hanh",
                            "Ngày ban hành không có thật (" CALENDAR_DATE_HINT ")");
            rc = MC_ERR_INVALID;
        }
    }
    size_t tlen = strlen(clean.title);
    const char *t = clean.title;
    text_trim(&t, &tlen);
    if (tlen == 0 || strlen(clean.title) > TITLE_MAX ||
        !text_utf8_valid(clean.title, strlen(clean.title))) {
        form_errors_add(errs, "trich_yeu", "Nhập trích yếu của kế hoạch (tối đa 2.000 ký tự)");
        rc = MC_ERR_INVALID;
    }
    if (rc == MC_OK)
        rc = db_tx(db, edit_tx, &c);
out:
    prog_plan_release(&p);
    return rc;
}

enum mc_status prog_plan_file(struct db *db, int64_t plan_id, char *sha256, char *name,
                              size_t size)
{
    struct db_stmt *st = NULL;
    enum mc_status rc = db_get_row(db, &Q_FILE, &st, "i", plan_id);
    if (rc == MC_OK) {
        db_col_copy(st, 0, sha256, 65);
        db_col_copy(st, 1, name, size);
    }
    db_done(st);
    return rc;
}

/* The task file of a plan created without tasks: the header alone. */
static const char EMPTY_TASKS[] =
    "stt,muc,giai_doan,noi_dung,dieu_1588,chu_tri,phoi_hop,thoi_gian_ghi,thoi_gian,ket_qua,"
    "dau_ra,ghi_chu,nguon\n";

enum mc_status prog_plan_create(struct db *db, const struct user *u,
                                const struct prog_plan_new *n, const struct audit_actor *who,
                                struct import_report *rep, int64_t *plan_id)
{
    struct prog_plan old;
    struct org focal;
    char *json = NULL;
    char issued[CALENDAR_DATE_SIZE];   /* a typed day as stored: "YYYY-MM-DD" */
    const char *issued_on = n->issued_on ? n->issued_on : "";
    int32_t day = 0;
    enum mc_status rc = MC_OK;

    if (issued_on[0] && calendar_date_parse_input(issued_on, &day) == MC_OK) {
        calendar_date_format(day, issued, sizeof(issued));
        issued_on = issued;   /* else the import says what is wrong with it */
    }
    prog_plan_init(&old);
    org_init(&focal);
    import_report_clear(rep);
    if (!user_is_officer(u) || !(u->roles & ROLE_PROVINCE_ADMIN))
        return MC_ERR_FORBIDDEN;
    const char *code = n->code ? n->code : "";
    rc = prog_plan_get_by_code(db, code, &old);
    if (rc == MC_OK) {
        import_report_error(rep, "kế hoạch: mã kế hoạch %s đã có, hãy chọn mã khác", code);
        rc = MC_ERR_INVALID;
        goto out;
    }
    if (rc != MC_ERR_NOT_FOUND)
        goto out;
    rc = org_get(db, n->focal_code ? n->focal_code : "", &focal);
    if (rc == MC_ERR_NOT_FOUND)
        rc = MC_OK;   /* the import names it */
    if (rc != MC_OK)
        goto out;
    json_t *doc = json_pack("{s:s,s:{s:s},s:s,s:s?,s:s,s:{s:s,s:s},s:s,s:[],s:[],s:[],s:[]}",
                            "ma_ke_hoach", code, "tinh", "ma_dvhc", focal.province_code,
                            "so_ky_hieu", n->number ? n->number : "", "ngay_ban_hanh",
                            issued_on[0] ? issued_on : NULL, "trich_yeu",
                            n->title ? n->title : "", "ky", "ghi", n->period ? n->period : "",
                            "thoi_gian", n->period ? n->period : "", "co_quan_dau_moi",
                            n->focal_code ? n->focal_code : "", "can_cu", "giai_doan", "muc",
                            "bao_cao");
    json = doc ? json_dumps(doc, JSON_COMPACT) : NULL;
    json_decref(doc);
    if (!json) {
        rc = MC_ERR_INTERNAL;
        goto out;
    }
    rc = prog_plan_import(db, json, strlen(json), EMPTY_TASKS, sizeof(EMPTY_TASKS) - 1, who, rep,
                          plan_id);
    if (rc == MC_OK && n->file_sha256 && n->file_sha256[0]) {
        struct prog_plan_edit e = {n->number ? n->number : "", issued_on,
                                   n->title, n->file_sha256, n->file_name};
        struct edit_ctx c = {*plan_id, &e, who};
        rc = db_tx(db, edit_tx, &c);
    }
out:
    free(json);
    org_release(&focal);
    prog_plan_release(&old);
    return rc;
}
