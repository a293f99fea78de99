/* test_rating.c - unit tests for rating/rating: who may rate, when, once,
 * the edit window, dossiers.rating and the index, aggregates and targets,
 * officers' ratings for leaders only, the invitation. */
#include "domain/dossier/fixture.h"
#include "domain/audit/audit.h"
#include "domain/index766/index766.h"
#include "domain/notify/notify.h"
#include "domain/rating/rating.h"

static const struct audit_actor WHO = {0, "citizen", "198.51.100.9"};

static const struct db_query T_ROWS = {
    "test.rating_rows", "SELECT COUNT(*) FROM dossier_ratings WHERE dossier_id = ?1",
};
static const struct db_query T_INVITES = {
    "test.rating_invites", "SELECT COUNT(*) FROM rating_invitations WHERE dossier_id = ?1",
};
static const struct db_query T_FIELD = {
    "test.rating_field", "UPDATE procedures SET field = ?1 WHERE code = ?2",
};

/* A dossier of u taken through to Đã trả kết quả (status 10). */
static int64_t returned_dossier(struct fx *f, const struct user *u, const char *key)
{
    int64_t id = fx_submit(f, u, key);
    assert_int_equal(fx_act(f, &f->reception, id, DOSSIER_ACT_ACCEPT, NULL), MC_OK);
    assert_int_equal(fx_act(f, &f->processing, id, DOSSIER_ACT_START, NULL), MC_OK);
    assert_int_equal(fx_act(f, &f->processing, id, DOSSIER_ACT_FINISH, NULL), MC_OK);
    assert_int_equal(fx_act(f, &f->approver, id, DOSSIER_ACT_APPROVE,
                            "Cấp kết quả số 1/KQ cho người nộp."),
                     MC_OK);
    fx_collect_fee(f, id);
    assert_int_equal(fx_act(f, &f->reception, id, DOSSIER_ACT_RETURN, NULL), MC_OK);
    return id;
}

/* A dossier of u withdrawn at once (status 7, ended). */
static int64_t withdrawn_dossier(struct fx *f, const struct user *u, const char *key)
{
    int64_t id = fx_submit(f, u, key);
    assert_int_equal(fx_act(f, u, id, DOSSIER_ACT_WITHDRAW, NULL), MC_OK);
    return id;
}

static enum mc_status rate(struct fx *f, const struct user *u, int64_t id, int overall,
                           const char *comment, bool *updated)
{
    struct rating_input in = {overall, {1, 2, 1, 1, 1, 1, 1, 3, 4}, comment};
    struct form_errors errs = {0};
    return rating_save(f->db, &WHO, u, id, &in, updated, &errs);
}

static void test_only_the_owner_may_rate(void **state)
{
    struct fx *f = *state;
    int64_t id = returned_dossier(f, &f->citizen, "own1");
    assert_int_equal(rate(f, &f->citizen2, id, 1, NULL, NULL), MC_ERR_NOT_FOUND);
    assert_int_equal(rate(f, &f->approver, id, 1, NULL, NULL), MC_ERR_NOT_FOUND);
    assert_int_equal(rate(f, &f->province_admin, id, 1, NULL, NULL), MC_ERR_NOT_FOUND);
    assert_int_equal(rate(f, NULL, id, 1, NULL, NULL), MC_ERR_NOT_FOUND);
    assert_int_equal(rate(f, &f->citizen, id, 1, "Cán bộ tận tình.", NULL), MC_OK);
}

static void test_only_ended_dossiers(void **state)
{
    struct fx *f = *state;
    int64_t open = fx_submit(f, &f->citizen, "open1");
    struct form_errors errs = {0};
    struct rating_input in = {2, {0}, NULL};
    assert_int_equal(rating_save(f->db, &WHO, &f->citizen, open, &in, NULL, &errs),
                     MC_ERR_INVALID);
    assert_non_null(form_errors_first(&errs));
    assert_int_equal(fx_act(f, &f->reception, open, DOSSIER_ACT_ACCEPT, NULL), MC_OK);
    assert_int_equal(rate(f, &f->citizen, open, 2, NULL, NULL), MC_ERR_INVALID);
    assert_int_equal(rate(f, &f->citizen, withdrawn_dossier(f, &f->citizen, "w1"), 2, NULL,
                          NULL), MC_OK);
    assert_true(nat_status_ended(3) && nat_status_ended(8) && nat_status_ended(9));
    assert_false(nat_status_ended(4) || nat_status_ended(5) || nat_status_ended(1));
}

static void test_sets_dossier_rating_audit_and_index(void **state)
{
    struct fx *f = *state;
    int64_t id = returned_dossier(f, &f->citizen, "set1");
    struct index766_report *r = calloc(1, sizeof(*r));
    int64_t n = 0;
    assert_int_equal(rate(f, &f->citizen, id, NAT_VERDICT_UNSATISFIED, "Phải đi lại nhiều lần.",
                          NULL), MC_OK);
    struct dossier d = fx_load(f, id);
    assert_int_equal(d.rating, NAT_VERDICT_UNSATISFIED);
    assert_int_equal(audit_count(f->db, "rating.save", &n), MC_OK);
    assert_int_equal(n, 1);
    assert_int_equal(index766_compute(f->db, AGENCY, "2026-02", r), MC_OK);
    assert_int_equal(r->counts.complained, 1);
    assert_int_equal(r->counts.satisfied, 0);
    /* Changing the verdict moves the index back. */
    assert_int_equal(rate(f, &f->citizen, id, NAT_VERDICT_SATISFIED, NULL, NULL), MC_OK);
    assert_int_equal(index766_compute(f->db, AGENCY, "2026-02", r), MC_OK);
    assert_int_equal(r->counts.complained, 0);
    assert_int_equal(r->counts.satisfied, 1);
    assert_int_equal(fx_load(f, id).rating, NAT_VERDICT_SATISFIED);
    free(r);
}

static void test_one_rating_editable_for_seven_days(void **state)
{
    struct fx *f = *state;
    int64_t id = withdrawn_dossier(f, &f->citizen, "edit1");
    struct rating r;
    bool updated = true;
    int64_t n = 0;
    assert_int_equal(rate(f, &f->citizen, id, 1, NULL, &updated), MC_OK);
    assert_false(updated);
    int64_t first = clock_now();
    clock_set(first + 6 * 86400, 0);
    assert_int_equal(rate(f, &f->citizen, id, 3, "Đổi ý.", &updated), MC_OK);
    assert_true(updated);
    assert_int_equal(db_get_int(f->db, &T_ROWS, &n, "i", id), MC_OK);
    assert_int_equal(n, 1);
    assert_int_equal(rating_get(f->db, id, &r), MC_OK);
    assert_int_equal(r.overall, 3);
    assert_int_equal(r.created_at, first);
    assert_string_equal(r.comment, "Đổi ý.");
    clock_set(first + RATING_EDIT_WINDOW + 1, 0);
    struct form_errors errs = {0};
    struct rating_input in = {2, {0}, NULL};
    assert_int_equal(rating_save(f->db, &WHO, &f->citizen, id, &in, NULL, &errs),
                     MC_ERR_FORBIDDEN);
    assert_non_null(form_errors_first(&errs));
    assert_int_equal(rating_get(f->db, id, &r), MC_OK);
    assert_int_equal(r.overall, 3);
    struct rating_state st;
    struct dossier d = fx_load(f, id);
    assert_int_equal(rating_state_of(f->db, &f->citizen, &d, clock_now(), &r, &st), MC_OK);
    assert_true(st.rated && st.owner && st.ended);
    assert_false(st.editable);
    clock_set(T0, 0);
}

static void test_rejects_bad_input(void **state)
{
    struct fx *f = *state;
    int64_t id = withdrawn_dossier(f, &f->citizen, "bad1");
    char longer[RATING_COMMENT_MAX * 3 + 8];
    size_t k = 0;
    assert_int_equal(rate(f, &f->citizen, id, 0, NULL, NULL), MC_ERR_INVALID);
    assert_int_equal(rate(f, &f->citizen, id, 4, NULL, NULL), MC_ERR_INVALID);
    assert_int_equal(rate(f, &f->citizen, id, 1, "<script>alert(1)</script>", NULL),
                     MC_ERR_INVALID);
    assert_int_equal(rate(f, &f->citizen, id, 1, "a\x01b", NULL), MC_ERR_INVALID);
    struct rating_input in = {1, {0, 0, 0, 0, 3, 0, 0, 0, 0}, NULL};   /* mot_cua has 2 */
    struct form_errors errs = {0};
    assert_int_equal(rating_save(f->db, &WHO, &f->citizen, id, &in, NULL, &errs),
                     MC_ERR_INVALID);
    assert_string_equal(errs.items[0].field, "criteria");
    in.criteria[4] = 1;
    in.comment = "<b>đậm</b>";
    assert_int_equal(rating_save(f->db, &WHO, &f->citizen, id, &in, NULL, &errs),
                     MC_ERR_INVALID);
    assert_string_equal(form_errors_of(&errs, "comment"),
                        "Nội dung góp ý không được chứa thẻ HTML hay mã lệnh.");
    for (int i = 0; i < RATING_COMMENT_MAX; i++) {   /* 1000 characters, 3 bytes each */
        memcpy(longer + k, "ồ", 3);
        k += 3;
    }
    longer[k] = '\0';
    assert_int_equal(rate(f, &f->citizen, id, 1, longer, NULL), MC_OK);
    longer[k] = 'x';
    longer[k + 1] = '\0';
    assert_int_equal(rate(f, &f->citizen, id, 1, longer, NULL), MC_ERR_INVALID);
    assert_int_equal(rate(f, &f->citizen, id, 1, "Điểm 3 < 5 vẫn được", NULL), MC_OK);
}

static void test_aggregates_against_targets(void **state)
{
    struct fx *f = *state;
    struct rating_agg a;
    char key[16];
    assert_int_equal(rating_target_pct("Đất đai"), 85);
    assert_int_equal(rating_target_pct("Hoạt động xây dựng"), 85);
    assert_int_equal(rating_target_pct("Đầu tư tại Việt Nam"), 85);
    assert_int_equal(rating_target_pct("Hộ tịch"), 90);
    assert_int_equal(rating_target_pct(""), 90);
    assert_int_equal(db_run(f->db, &T_FIELD, NULL, "ss", "Đất đai", PROC), MC_OK);
    /* 20 ratings: 17 satisfied (85%: meets 85, not 90). */
    for (int i = 0; i < 20; i++) {
        snprintf(key, sizeof(key), "agg%d", i);
        int64_t id = withdrawn_dossier(f, &f->citizen, key);
        int v = i < 10 ? NAT_VERDICT_VERY_SATISFIED
              : i < 17 ? NAT_VERDICT_SATISFIED : NAT_VERDICT_UNSATISFIED;
        assert_int_equal(rate(f, &f->citizen, id, v, NULL, NULL), MC_OK);
    }
    rating_agg_init(&a);
    assert_int_equal(rating_aggregate(f->db, RATING_BY_FIELD, T0 - 86400, T0 + 86400, &a),
                     MC_OK);
    assert_int_equal(a.n, 1);
    assert_string_equal(a.rows[0].key, "Đất đai");
    assert_int_equal(a.rows[0].rated, 20);
    assert_int_equal(a.rows[0].very, 10);
    assert_int_equal(a.rows[0].unsatisfied, 3);
    assert_int_equal(a.rows[0].target_pct, 85);
    assert_true(a.rows[0].meets);
    assert_true(a.rows[0].pct > 84.99 && a.rows[0].pct < 85.01);
    assert_int_equal(rating_aggregate(f->db, RATING_BY_AGENCY, T0 - 86400, T0 + 86400, &a),
                     MC_OK);
    assert_int_equal(a.n, 1);
    assert_string_equal(a.rows[0].key, AGENCY);
    assert_string_equal(a.rows[0].name, "Sở Tư pháp");
    assert_int_equal(a.rows[0].target_pct, 90);
    assert_false(a.rows[0].meets);
    assert_int_equal(a.total.rated, 20);
    /* Outside the span: nothing. */
    assert_int_equal(rating_aggregate(f->db, RATING_BY_AGENCY, T0 + 86400, T0 + 2 * 86400,
                                      &a), MC_OK);
    assert_int_equal(a.n, 0);
    assert_int_equal(a.total.rated, 0);
    assert_false(a.total.meets);
    rating_agg_release(&a);
}

static void test_officer_ratings_for_leaders_only(void **state)
{
    struct fx *f = *state;
    struct rating_officer_list l;
    bool found = false;
    int64_t id = returned_dossier(f, &f->citizen, "off1");
    assert_int_equal(rate(f, &f->citizen, id, NAT_VERDICT_UNSATISFIED, NULL, NULL), MC_OK);
    assert_true(rating_may_see_officers(&f->approver, AGENCY));
    assert_true(rating_may_see_officers(&f->agency_admin, AGENCY));
    assert_true(rating_may_see_officers(&f->province_admin, AGENCY));
    assert_true(rating_may_see_officers(&f->province_admin, NULL));
    assert_false(rating_may_see_officers(&f->processing, AGENCY));
    assert_false(rating_may_see_officers(&f->other, AGENCY));
    assert_false(rating_may_see_officers(&f->approver, NULL));
    assert_false(rating_may_see_officers(&f->citizen, AGENCY));
    assert_false(rating_may_see_officers(NULL, AGENCY));
    rating_officer_list_init(&l);
    assert_int_equal(rating_officers(f->db, &f->processing, AGENCY, 0, INT64_MAX, &l),
                     MC_ERR_FORBIDDEN);
    assert_int_equal(rating_officers(f->db, &f->citizen, AGENCY, 0, INT64_MAX, &l),
                     MC_ERR_FORBIDDEN);
    assert_int_equal(rating_officers(f->db, &f->approver, AGENCY, 0, INT64_MAX, &l), MC_OK);
    for (size_t i = 0; i < l.n; i++) {
        assert_int_not_equal(l.rows[i].user_id, f->citizen.id);   /* staff only */
        if (l.rows[i].user_id == f->processing.id) {
            found = true;
            assert_int_equal(l.rows[i].rated, 1);
            assert_int_equal(l.rows[i].unsatisfied, 1);
        }
    }
    assert_true(found);
    rating_officer_list_release(&l);
}

static const struct db_query T_INVITE_MSGS = {
    "test.invite_msgs", "SELECT COUNT(*) FROM notify_outbox WHERE kind = 'rating.invite'"};

static void test_invitation_once_when_returned(void **state)
{
    struct fx *f = *state;
    struct notify_counts before, after;
    int64_t n = 0, msgs_before = 0, msgs_after = 0;
    assert_int_equal(db_get_int(f->db, &T_INVITE_MSGS, &msgs_before, ""), MC_OK);
    int64_t id = returned_dossier(f, &f->citizen, "inv1");
    assert_int_equal(notify_counts(f->db, &after), MC_OK);
    assert_int_equal(db_get_int(f->db, &T_INVITE_MSGS, &msgs_after, ""), MC_OK);
    assert_int_equal(msgs_after, msgs_before + 1);
    assert_int_equal(db_get_int(f->db, &T_INVITES, &n, "i", id), MC_OK);
    assert_int_equal(n, 1);
    assert_int_equal(rating_invite(f->db, id, ""), MC_OK);   /* again: nothing new */
    assert_int_equal(notify_counts(f->db, &before), MC_OK);
    assert_int_equal(before.pending, after.pending);
    /* A withdrawn dossier is not invited by the hook. */
    id = withdrawn_dossier(f, &f->citizen, "inv2");
    assert_int_equal(db_get_int(f->db, &T_INVITES, &n, "i", id), MC_OK);
    assert_int_equal(n, 0);
}

static void test_criteria_table(void **state)
{
    (void)state;
    const struct rating_criterion *c = rating_criteria();
    for (int i = 0; i < RATING_CRITERIA; i++) {
        assert_true(c[i].n >= 2 && c[i].n <= RATING_OPTIONS_MAX);
        for (int k = 0; k < c[i].n; k++)
            assert_non_null(c[i].options[k]);
    }
    assert_string_equal(nat_verdict_name(1), "Rất hài lòng");
    assert_string_equal(nat_verdict_name(3), "Không hài lòng");
    assert_string_equal(nat_verdict_name(0), "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_criteria_table),
        cmocka_unit_test_setup_teardown(test_only_the_owner_may_rate, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_only_ended_dossiers, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_sets_dossier_rating_audit_and_index, fx_setup,
                                        fx_teardown),
        cmocka_unit_test_setup_teardown(test_one_rating_editable_for_seven_days, fx_setup,
                                        fx_teardown),
        cmocka_unit_test_setup_teardown(test_rejects_bad_input, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_aggregates_against_targets, fx_setup,
                                        fx_teardown),
        cmocka_unit_test_setup_teardown(test_officer_ratings_for_leaders_only, fx_setup,
                                        fx_teardown),
        cmocka_unit_test_setup_teardown(test_invitation_once_when_returned, fx_setup,
                                        fx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
