/*
 * test_demo_procedures.c - the demo's sample procedures (data/demo/procedures.jsonl)
 * parse cleanly with the national catalogue importer.
 *
 * The demo shows these records to users, so every one must import without a
 * single warning, with a processing time and unit on every channel, and with
 * the fees we meant to publish (see docs/demo-data.md for the sources).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include "domain/catalog/national_import.h"
#include "core/assets.h"

#define DEMO_PATH "data/demo/procedures.jsonl"
#define MAX_RECORDS 64

struct demo {
    struct procedure procs[MAX_RECORDS];
    size_t count;
};

/* Parse every line of the asset; fail on any error or warning. */
static int setup(void **state)
{
    const struct asset *a = asset_find(DEMO_PATH);
    struct demo *d = calloc(1, sizeof(*d));
    if (!a || !d) {
        free(d);
        return -1;
    }
    const char *s = a->data, *end = a->data + a->len;
    size_t line = 0;
    while (s < end) {
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        const char *e = nl ? nl : end;
        line++;
        if (e > s) {
            if (d->count >= MAX_RECORDS) {
                print_error("%s: more than %d records\n", DEMO_PATH, MAX_RECORDS);
                goto fail;
            }
            struct procedure *p = &d->procs[d->count++];
            struct national_warnings w;
            struct buf err;
            procedure_init(p);
            national_warnings_init(&w);
            buf_init(&err, BUF_MAX_LINE);
            enum mc_status st = national_parse_record(s, (size_t)(e - s), p, &w, &err);
            bool bad = st != MC_OK || w.count != 0 || w.dropped != 0 || w.areas != 0;
            if (st != MC_OK)
                print_error("%s line %zu: %s\n", DEMO_PATH, line, buf_cstr(&err));
            for (size_t i = 0; i < w.count; i++)
                print_error("%s line %zu (%s): %s\n", DEMO_PATH, line,
                            p->code ? p->code : "?", w.items[i]);
            national_warnings_release(&w);
            buf_release(&err);
            if (bad)
                goto fail;
        }
        s = nl ? nl + 1 : end;
    }
    *state = d;
    return 0;
fail:
    for (size_t i = 0; i < d->count; i++)
        procedure_release(&d->procs[i]);
    free(d);
    return -1;
}

static int teardown(void **state)
{
    struct demo *d = *state;
    for (size_t i = 0; d && i < d->count; i++)
        procedure_release(&d->procs[i]);
    free(d);
    return 0;
}

static const struct procedure *find(const struct demo *d, const char *code)
{
    for (size_t i = 0; i < d->count; i++)
        if (strcmp(d->procs[i].code, code) == 0)
            return &d->procs[i];
    return NULL;
}

static const struct proc_channel *channel(const struct procedure *p, enum proc_channel_kind k)
{
    for (size_t i = 0; i < p->nchannels; i++)
        if (p->channels[i].kind == k)
            return &p->channels[i];
    return NULL;
}

static void test_asset_is_embedded(void **state)
{
    (void)state;
    const struct asset *a = asset_find(DEMO_PATH);
    assert_non_null(a);
    assert_true(a->len > 0);
    assert_int_equal(a->data[a->len - 1], '\n');
}

static void test_enough_unique_records(void **state)
{
    const struct demo *d = *state;
    assert_true(d->count >= 10);
    for (size_t i = 0; i < d->count; i++)
        for (size_t j = i + 1; j < d->count; j++)
            assert_string_not_equal(d->procs[i].code, d->procs[j].code);
}

static void test_every_record_complete(void **state)
{
    const struct demo *d = *state;
    for (size_t i = 0; i < d->count; i++) {
        const struct procedure *p = &d->procs[i];
        assert_non_null(p->name);
        assert_non_null(p->field);
        assert_non_null(p->kind);
        assert_non_null(p->applicants);
        assert_non_null(p->competent_agency);
        assert_non_null(p->implementing_agency);
        assert_non_null(p->decision_number);
        assert_non_null(p->source_url);
        assert_non_null(p->steps);
        assert_non_null(p->conditions);
        assert_non_null(p->result);
        assert_true(p->levels != 0);
        assert_true(p->nchannels >= 1);
        for (size_t c = 0; c < p->nchannels; c++) {
            const struct proc_channel *ch = &p->channels[c];
            assert_int_equal(ch->time_state, PROC_TIME_VALUE);
            assert_true(ch->time_unit != PROC_UNIT_UNKNOWN);
            assert_true(ch->time_min > 0 && ch->time_min <= ch->time_max);
            assert_true(ch->fee_state == PROC_FEE_FREE || ch->fee_state == PROC_FEE_AMOUNT ||
                        ch->fee_state == PROC_FEE_NO_INFO);
            assert_non_null(ch->description);
        }
        assert_true(p->ndocuments >= 1);
        for (size_t k = 0; k < p->ndocuments; k++) {
            const struct proc_document *doc = &p->documents[k];
            assert_non_null(doc->name);
            assert_true(doc->count_known);
            assert_true(doc->originals + doc->copies >= 1);
        }
        assert_true(p->nlegal >= 1);
        for (size_t k = 0; k < p->nlegal; k++) {
            assert_non_null(p->legal[k].number);
            assert_non_null(p->legal[k].title);
        }
    }
}

static void test_levels_and_fields(void **state)
{
    const struct demo *d = *state;
    unsigned all = 0;
    for (size_t i = 0; i < d->count; i++)
        all |= d->procs[i].levels;
    assert_true(all & PROC_LEVEL_COMMUNE);
    assert_true(all & PROC_LEVEL_PROVINCE);
    assert_int_equal(find(d, "1.001193")->levels, PROC_LEVEL_COMMUNE);
    assert_int_equal(find(d, "2.000635")->levels, PROC_LEVEL_PROVINCE | PROC_LEVEL_COMMUNE);
    assert_int_equal(find(d, "2.000815")->levels, PROC_LEVEL_COMMUNE | PROC_LEVEL_OTHER);
    assert_string_equal(find(d, "1.001193")->field, "Hộ tịch");
    assert_string_equal(find(d, "2.000815")->field, "Chứng thực");
    assert_string_equal(find(d, "1.004222")->field, "Đăng ký, quản lý cư trú");
    assert_string_equal(find(d, "1.013225")->field, "Hoạt động xây dựng");
    assert_string_equal(find(d, "1.013949")->field, "Đất đai");
}

static void test_fees(void **state)
{
    const struct demo *d = *state;
    const struct proc_channel *c;

    /* Residence fees, Thông tư 75/2022/TT-BTC. */
    const struct procedure *tt = find(d, "1.004222");
    assert_non_null(tt);
    c = channel(tt, PROC_CHANNEL_ONLINE);
    assert_non_null(c);
    assert_int_equal(c->fee_state, PROC_FEE_AMOUNT);
    assert_int_equal(c->fee_dong, 10000);
    c = channel(tt, PROC_CHANNEL_DIRECT);
    assert_int_equal(c->fee_dong, 20000);
    const struct procedure *tam = find(d, "1.004194");
    assert_int_equal(channel(tam, PROC_CHANNEL_ONLINE)->fee_dong, 7000);
    assert_int_equal(channel(tam, PROC_CHANNEL_DIRECT)->fee_dong, 15000);

    /* Birth registration on time is free on every channel. */
    const struct procedure *ks = find(d, "1.001193");
    assert_int_equal(ks->nchannels, 3);
    for (size_t i = 0; i < ks->nchannels; i++) {
        assert_int_equal(ks->channels[i].fee_state, PROC_FEE_FREE);
        assert_int_equal(ks->channels[i].fee_dong, 0);
    }

    /* Certified copy: 2,000 đồng per page, the note kept. */
    const struct procedure *ct = find(d, "2.000815");
    assert_int_equal(ct->nchannels, 1);
    c = channel(ct, PROC_CHANNEL_DIRECT);
    assert_int_equal(c->fee_dong, 2000);
    assert_non_null(strstr(c->fee_raw, "200.000 đồng/bản"));

    /* Extract copy: 8,000 đồng everywhere. */
    const struct procedure *tl = find(d, "2.000635");
    for (size_t i = 0; i < tl->nchannels; i++)
        assert_int_equal(tl->channels[i].fee_dong, 8000);

    /* Driving licence: 135,000 đồng (Thông tư 37/2023/TT-BTC). */
    const struct procedure *gplx = find(d, "3.000347");
    assert_int_equal(channel(gplx, PROC_CHANNEL_ONLINE)->fee_dong, 135000);
    assert_int_equal(channel(gplx, PROC_CHANNEL_DIRECT)->fee_dong, 135000);

    /* Household business: amounts as in the national catalogue (set by HĐND tỉnh). */
    const struct procedure *hkd = find(d, "1.001612");
    assert_int_equal(channel(hkd, PROC_CHANNEL_DIRECT)->fee_dong, 50000);
    assert_int_equal(channel(hkd, PROC_CHANNEL_ONLINE)->fee_dong, 150000);
    assert_non_null(strstr(channel(hkd, PROC_CHANNEL_DIRECT)->fee_raw, "Hội đồng nhân dân tỉnh"));

    /* Building permit: the fee is set by HĐND tỉnh and not published, said so. */
    const struct procedure *gpxd = find(d, "1.013225");
    for (size_t i = 0; i < gpxd->nchannels; i++) {
        assert_int_equal(gpxd->channels[i].fee_state, PROC_FEE_NO_INFO);
        assert_non_null(strstr(gpxd->channels[i].fee_raw, "Hội đồng nhân dân tỉnh"));
    }
}

static void test_times(void **state)
{
    const struct demo *d = *state;
    const struct proc_channel *c;

    c = channel(find(d, "1.004222"), PROC_CHANNEL_ONLINE);
    assert_true(c->time_min == 7 && c->time_max == 7);
    assert_int_equal(c->time_unit, PROC_UNIT_WORKING_DAY);
    c = channel(find(d, "1.004194"), PROC_CHANNEL_DIRECT);
    assert_true(c->time_min == 3 && c->time_max == 3);
    c = channel(find(d, "1.000894"), PROC_CHANNEL_DIRECT);
    assert_true(c->time_min == 1 && c->time_max == 5);
    assert_int_equal(c->time_unit, PROC_UNIT_WORKING_DAY);
    c = channel(find(d, "1.013225"), PROC_CHANNEL_DIRECT);
    assert_true(c->time_min == 15 && c->time_max == 20);
    assert_int_equal(c->time_unit, PROC_UNIT_DAY);
    c = channel(find(d, "1.001612"), PROC_CHANNEL_ONLINE);
    assert_true(c->time_min == 3 && c->time_max == 3);
}

static void test_documents_and_legal(void **state)
{
    const struct demo *d = *state;

    const struct procedure *ks = find(d, "1.001193");
    assert_int_equal(ks->ndocuments, 4);
    assert_string_equal(ks->documents[0].group, "* Giấy tờ phải nộp:");
    assert_int_equal(ks->documents[0].originals, 1);
    assert_string_equal(ks->documents[3].group, "* Giấy tờ phải xuất trình:");

    const struct procedure *ct = find(d, "2.000815");
    assert_int_equal(ct->ndocuments, 2);
    assert_null(ct->documents[0].group);
    assert_int_equal(ct->documents[1].originals, 0);
    assert_int_equal(ct->documents[1].copies, 1);

    const struct procedure *gpxd = find(d, "1.013225");
    assert_int_equal(gpxd->documents[2].originals, 2);

    const struct procedure *tt = find(d, "1.004222");
    assert_string_equal(tt->legal[0].number, "68/2020/QH14");
    assert_string_equal(tt->legal[0].title, "Luật Cư trú");
    const struct procedure *gplx = find(d, "3.000347");
    assert_string_equal(gplx->legal[1].number, "12/2025/TT-BCA");
    assert_string_equal(find(d, "1.001193")->result, "Giấy khai sinh");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_asset_is_embedded),
        cmocka_unit_test(test_enough_unique_records),
        cmocka_unit_test(test_every_record_complete),
        cmocka_unit_test(test_levels_and_fields),
        cmocka_unit_test(test_fees),
        cmocka_unit_test(test_times),
        cmocka_unit_test(test_documents_and_legal),
    };
    return cmocka_run_group_tests_name("catalog/demo_procedures", tests, setup, teardown);
}
