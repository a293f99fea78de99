/* test_tmpl.c - unit tests for core/tmpl (compiler, renderer, includes). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include "core/buf.h"
#include "core/tmpl.h"

/* Compile text as "t.html" in a fresh set, render with the JSON ctx, compare. */
static void check_render(const char *text, const char *json, const char *want)
{
    char err[256] = "";
    struct tmpl_set *set = tmpl_set_new();
    json_error_t jerr;
    json_t *ctx = json_loads(json, 0, &jerr);
    if (!ctx)
        fail_msg("bad test JSON: %s", jerr.text);
    if (tmpl_set_add(set, "t.html", text, err, sizeof(err)) != MC_OK)
        fail_msg("compile failed: %s", err);
    assert_int_equal(tmpl_set_resolve(set, err, sizeof(err)), MC_OK);
    struct buf out;
    buf_init(&out, BUF_MAX_PAGE);
    assert_int_equal(tmpl_render(set, "t.html", ctx, &out), MC_OK);
    if (strcmp(buf_cstr(&out), want) != 0)
        fail_msg("template %s\n got: [%s]\nwant: [%s]", text, buf_cstr(&out), want);
    buf_release(&out);
    json_decref(ctx);
    tmpl_set_free(set);
}

/* Compile text and expect MC_ERR_INVALID with err starting with want_prefix. */
static void check_error(const char *text, const char *want_prefix)
{
    char err[256] = "";
    struct tmpl_set *set = tmpl_set_new();
    assert_int_equal(tmpl_set_add(set, "bad.html", text, err, sizeof(err)), MC_ERR_INVALID);
    if (strncmp(err, want_prefix, strlen(want_prefix)) != 0)
        fail_msg("for %s\n got error: %s\nwant prefix: %s", text, err, want_prefix);
    /* The failed template is not in the set. */
    struct buf out;
    buf_init(&out, BUF_MAX_SMALL);
    json_t *ctx = json_object();
    assert_int_equal(tmpl_render(set, "bad.html", ctx, &out), MC_ERR_NOT_FOUND);
    assert_int_equal(out.len, 0);
    json_decref(ctx);
    buf_release(&out);
    tmpl_set_free(set);
}

static void test_variables_escaped(void **state)
{
    (void)state;
    check_render("<p>{{name}}</p>", "{\"name\": \"<b>Tom & \\\"Jerry\\\" 'x'</b>\"}",
                 "<p>&lt;b&gt;Tom &amp; &quot;Jerry&quot; &#39;x&#39;&lt;/b&gt;</p>");
    check_render("{{{html}}}|{{html}}", "{\"html\": \"<i>a&b</i>\"}",
                 "<i>a&b</i>|&lt;i&gt;a&amp;b&lt;/i&gt;");
    check_render("[{{ spaced }}][{{{ raw }}}]", "{\"spaced\": \"a<\", \"raw\": \"b<\"}",
                 "[a&lt;][b<]");
    check_render("{{n}} {{r}} {{t}} [{{f}}] [{{z}}] [{{missing}}]",
                 "{\"n\": -42, \"r\": 2.5, \"t\": true, \"f\": false, \"z\": null}",
                 "-42 2.5 true [] [] []");
    check_render("Xin chào {{ten}}!", "{\"ten\": \"Nguyễn Thị Ánh\"}",
                 "Xin chào Nguyễn Thị Ánh!");
    /* Objects and arrays print nothing. */
    check_render("[{{o}}][{{a}}]", "{\"o\": {\"x\": 1}, \"a\": [1]}", "[][]");
    check_render("no tags at all", "{}", "no tags at all");
    check_render("", "{}", "");
    /* A single brace is text. */
    check_render("a { b } {x} }}", "{}", "a { b } {x} }}");
}

static void test_dotted_names(void **state)
{
    (void)state;
    const char *ctx = "{\"a\": {\"b\": {\"c\": \"deep<\"}, \"s\": \"str\"}, \"top\": 1}";
    check_render("{{a.b.c}}|{{{a.b.c}}}|{{a.s}}", ctx, "deep&lt;|deep<|str");
    check_render("[{{a.x.c}}][{{a.s.x}}][{{nope.b}}][{{top.x}}]", ctx, "[][][][]");
    check_render("{{#a.b}}{{c}}{{/a.b}}", ctx, "deep&lt;");
    /* The first segment is found in an outer context. */
    check_render("{{#list}}{{a.b.c}}{{/list}}",
                 "{\"a\": {\"b\": {\"c\": \"o\"}}, \"list\": [1, 2]}", "oo");
}

static void test_sections(void **state)
{
    (void)state;
    check_render("{{#items}}<li>{{name}}</li>{{/items}}",
                 "{\"items\": [{\"name\": \"a\"}, {\"name\": \"<b>\"}]}",
                 "<li>a</li><li>&lt;b&gt;</li>");
    check_render("{{#user}}{{name}} ({{id}}){{/user}}", "{\"user\": {\"name\": \"An\", \"id\": 7}}",
                 "An (7)");
    /* Truthiness of every kind of value. */
    const char *ctx = "{\"t\": true, \"f\": false, \"z\": null, \"e\": \"\", \"s\": \"x\","
                      " \"zero\": 0, \"one\": 1, \"rzero\": 0.0, \"half\": 0.5,"
                      " \"ea\": [], \"eo\": {}}";
    check_render("{{#t}}T{{/t}}{{#f}}F{{/f}}{{#z}}Z{{/z}}{{#e}}E{{/e}}{{#s}}S{{/s}}"
                 "{{#zero}}0{{/zero}}{{#one}}1{{/one}}{{#rzero}}r{{/rzero}}{{#half}}h{{/half}}"
                 "{{#ea}}A{{/ea}}{{#eo}}O{{/eo}}{{#missing}}M{{/missing}}",
                 ctx, "TS1hO");
    check_render("{{^t}}T{{/t}}{{^f}}F{{/f}}{{^z}}Z{{/z}}{{^e}}E{{/e}}{{^s}}S{{/s}}"
                 "{{^zero}}0{{/zero}}{{^one}}1{{/one}}{{^rzero}}r{{/rzero}}{{^half}}h{{/half}}"
                 "{{^ea}}A{{/ea}}{{^eo}}O{{/eo}}{{^missing}}M{{/missing}}",
                 ctx, "FZE0rAM");
    /* Text after a skipped section is still rendered. */
    check_render("a{{#f}}b{{#t}}c{{/t}}d{{/f}}e{{^f}}g{{/f}}h", ctx, "aegh");
}

static void test_nested_and_dot(void **state)
{
    (void)state;
    const char *ctx =
        "{\"owner\": \"Sở Tư pháp\", \"label\": \"outer\","
        " \"groups\": [{\"title\": \"G1\", \"items\": [\"a<\", \"b\"]},"
        "              {\"title\": \"G2\", \"items\": [], \"label\": \"inner\"}]}";
    check_render("{{#groups}}[{{title}}/{{owner}}/{{label}}:"
                 "{{#items}}({{.}}|{{title}}){{/items}}{{^items}}none{{/items}}]{{/groups}}",
                 ctx,
                 "[G1/Sở Tư pháp/outer:(a&lt;|G1)(b|G1)][G2/Sở Tư pháp/inner:none]");
    check_render("{{#nums}}{{.}},{{/nums}}", "{\"nums\": [1, 2.5, true, \"x\"]}", "1,2.5,true,x,");
    check_render("{{#s}}<{{.}}>{{/s}}", "{\"s\": \"a&b\"}", "<a&amp;b>");
    check_render("{{#s}}<{{{.}}}>{{/s}}", "{\"s\": \"a&b\"}", "<a&b>");
    /* Same name nested: the inner lookup finds the inner object first. */
    check_render("{{#a}}{{#a}}{{v}}{{/a}}{{/a}}", "{\"a\": {\"v\": 1, \"a\": {\"v\": 2}}}", "2");
    /* Arrays of arrays. */
    check_render("{{#m}}[{{#.}}{{.}}{{/.}}]{{/m}}", "{\"m\": [[1, 2], [3]]}", "[12][3]");
}

static void test_comments(void **state)
{
    (void)state;
    check_render("a{{! a comment with {{ and } }}b", "{}", "ab");
    check_render("a{{!\nmulti\nline\n}}b{{!}}c", "{}", "abc");
}

static void test_includes(void **state)
{
    (void)state;
    char err[256] = "";
    struct tmpl_set *set = tmpl_set_new();
    /* The page is added before the partials it includes. */
    assert_int_equal(tmpl_set_add(set, "page.html",
                                  "<h1>{{title}}</h1>{{#rows}}{{> row.html}}{{/rows}}"
                                  "{{>footer.html}}",
                                  err, sizeof(err)),
                     MC_OK);
    assert_int_equal(tmpl_set_add(set, "row.html", "<tr>{{name}}/{{title}}</tr>", err,
                                  sizeof(err)),
                     MC_OK);
    assert_int_equal(tmpl_set_add(set, "footer.html", "<footer>{{> sign.html}}</footer>", err,
                                  sizeof(err)),
                     MC_OK);
    assert_int_equal(tmpl_set_add(set, "sign.html", "{{title}}.", err, sizeof(err)), MC_OK);
    json_t *ctx = json_pack("{s:s, s:[{s:s},{s:s}]}", "title", "T<", "rows", "name", "a",
                            "name", "b&");
    struct buf out;
    buf_init(&out, BUF_MAX_SMALL);
    /* Unresolved includes render nothing. */
    assert_int_equal(tmpl_render(set, "page.html", ctx, &out), MC_OK);
    assert_string_equal(buf_cstr(&out), "<h1>T&lt;</h1>");
    buf_reset(&out);
    assert_int_equal(tmpl_set_resolve(set, err, sizeof(err)), MC_OK);
    assert_int_equal(tmpl_render(set, "page.html", ctx, &out), MC_OK);
    assert_string_equal(buf_cstr(&out), "<h1>T&lt;</h1><tr>a/T&lt;</tr><tr>b&amp;/T&lt;</tr>"
                                        "<footer>T&lt;.</footer>");
    /* Rendering appends. */
    assert_int_equal(tmpl_render(set, "sign.html", ctx, &out), MC_OK);
    assert_true(strstr(buf_cstr(&out), "</footer>T&lt;.") != NULL);
    /* Unknown template name. */
    assert_int_equal(tmpl_render(set, "nope.html", ctx, &out), MC_ERR_NOT_FOUND);
    buf_release(&out);
    json_decref(ctx);
    tmpl_set_free(set);
}

/*
 * Includes that form a cycle fail at load: rendering them recursed to the
 * include depth limit, and with two includes per template the work doubled
 * at every level (found by fuzz/fuzz_tmpl.c: a template including itself
 * twice hung the renderer and tmpl_references()).
 */
static void test_include_cycle_fails_at_load(void **state)
{
    (void)state;
    char err[256] = "";
    struct tmpl_set *set = tmpl_set_new();
    assert_int_equal(tmpl_set_add(set, "loop.html", "x\n{{> loop.html}}{{> loop.html}}", err,
                                  sizeof(err)),
                     MC_OK);
    assert_int_equal(tmpl_set_resolve(set, err, sizeof(err)), MC_ERR_INVALID);
    assert_string_equal(err, "loop.html:2: {{> loop.html}} tạo vòng lặp: mẫu gọi lại chính nó");
    tmpl_set_free(set);

    /* Through another template. */
    set = tmpl_set_new();
    assert_int_equal(tmpl_set_add(set, "a.html", "{{> b.html}}", err, sizeof(err)), MC_OK);
    assert_int_equal(tmpl_set_add(set, "b.html", "b\n\n{{#x}}{{> a.html}}{{/x}}", err,
                                  sizeof(err)),
                     MC_OK);
    assert_int_equal(tmpl_set_resolve(set, err, sizeof(err)), MC_ERR_INVALID);
    assert_string_equal(err, "b.html:3: {{> a.html}} tạo vòng lặp: mẫu gọi lại chính nó");
    tmpl_set_free(set);

    /* Sharing a partial is no cycle. */
    set = tmpl_set_new();
    assert_int_equal(tmpl_set_add(set, "page.html", "{{> p.html}}{{> q.html}}{{> p.html}}", err,
                                  sizeof(err)),
                     MC_OK);
    assert_int_equal(tmpl_set_add(set, "q.html", "{{> p.html}}", err, sizeof(err)), MC_OK);
    assert_int_equal(tmpl_set_add(set, "p.html", "p", err, sizeof(err)), MC_OK);
    assert_int_equal(tmpl_set_resolve(set, err, sizeof(err)), MC_OK);
    struct buf out;
    buf_init(&out, BUF_MAX_SMALL);
    json_t *ctx = json_object();
    assert_int_equal(tmpl_render(set, "page.html", ctx, &out), MC_OK);
    assert_string_equal(buf_cstr(&out), "ppp");
    json_decref(ctx);
    buf_release(&out);
    tmpl_set_free(set);
}

static void test_unknown_include(void **state)
{
    (void)state;
    char err[256] = "";
    struct tmpl_set *set = tmpl_set_new();
    assert_int_equal(tmpl_set_add(set, "a.html", "line 1\nline 2\n  {{> missing.html }}\n", err,
                                  sizeof(err)),
                     MC_OK);
    assert_int_equal(tmpl_set_resolve(set, err, sizeof(err)), MC_ERR_INVALID);
    assert_string_equal(err, "a.html:3: không có mẫu missing.html");
    tmpl_set_free(set);
}

static void test_compile_errors(void **state)
{
    (void)state;
    check_error("ok\n{{#a}}\nnever closed\n", "bad.html:2: ");
    check_error("ok\n{{#a}}\nnever closed\n", "bad.html:2: thẻ mở {{#a}} không được đóng");
    check_error("{{#a}}\n{{^b}}\n", "bad.html:2: thẻ mở {{#b}}");
    check_error("{{#a}}x\n\n{{/b}}", "bad.html:3: thẻ đóng không khớp với thẻ mở");
    check_error("{{#a}}{{#b}}{{/a}}{{/b}}", "bad.html:1: thẻ đóng không khớp");
    check_error("partial\ntext\n{{/x}}", "bad.html:3: thẻ đóng không có thẻ mở");
    check_error("{{#a}}{{/a}}{{/a}}", "bad.html:1: thẻ đóng không có thẻ mở");
    check_error("a\n{{name", "bad.html:2: thẻ mở {{ không được đóng");
    check_error("a\n\n{{{raw}}", "bad.html:3: thẻ mở {{ không được đóng");
    check_error("{{}}", "bad.html:1: thẻ không có tên");
    check_error("{{#}}{{/}}", "bad.html:1: thẻ không có tên");
    check_error("{{>  }}", "bad.html:1: thẻ không có tên");
    /* 32 levels of nesting are fine, 33 are not. */
    struct buf b;
    buf_init(&b, BUF_MAX_SMALL);
    for (int i = 0; i < 32; i++)
        buf_addf(&b, "{{#s%d}}", i);
    buf_adds(&b, "x");
    for (int i = 31; i >= 0; i--)
        buf_addf(&b, "{{/s%d}}", i);
    check_render(buf_cstr(&b), "{\"s0\": 1}", "");
    buf_reset(&b);
    for (int i = 0; i < 33; i++)
        buf_addf(&b, "{{#s%d}}", i);
    check_error(buf_cstr(&b), "bad.html:1: lồng quá sâu");
    buf_release(&b);
}

static void test_failed_add_leaves_set_usable(void **state)
{
    (void)state;
    char err[256] = "";
    struct tmpl_set *set = tmpl_set_new();
    assert_int_equal(tmpl_set_add(set, "a.html", "A", err, sizeof(err)), MC_OK);
    assert_int_equal(tmpl_set_add(set, "b.html", "{{#x}}broken", err, sizeof(err)),
                     MC_ERR_INVALID);
    /* The fixed version can be added under the same name and wins. */
    assert_int_equal(tmpl_set_add(set, "b.html", "{{#x}}B{{/x}}{{> a.html}}", err, sizeof(err)),
                     MC_OK);
    assert_int_equal(tmpl_set_resolve(set, err, sizeof(err)), MC_OK);
    struct buf out;
    buf_init(&out, BUF_MAX_SMALL);
    json_t *ctx = json_pack("{s:b}", "x", 1);
    assert_int_equal(tmpl_render(set, "b.html", ctx, &out), MC_OK);
    assert_string_equal(buf_cstr(&out), "BA");
    json_decref(ctx);
    buf_release(&out);
    tmpl_set_free(set);
}

static void test_output_overflow(void **state)
{
    (void)state;
    char err[256] = "";
    struct tmpl_set *set = tmpl_set_new();
    assert_int_equal(tmpl_set_add(set, "t.html", "{{#rows}}0123456789{{v}}{{/rows}}", err,
                                  sizeof(err)),
                     MC_OK);
    json_t *rows = json_array();
    for (int i = 0; i < 100; i++)
        json_array_append_new(rows, json_pack("{s:s}", "v", "<&>"));
    json_t *ctx = json_pack("{s:o}", "rows", rows);
    struct buf out;
    buf_init(&out, 100);
    assert_int_equal(tmpl_render(set, "t.html", ctx, &out), MC_ERR_TOO_LARGE);
    assert_true(out.len <= 100);
    buf_release(&out);
    buf_init(&out, 100 * 23);
    assert_int_equal(tmpl_render(set, "t.html", ctx, &out), MC_OK);
    assert_int_equal(out.len, 100 * 23);
    buf_release(&out);
    /* Text alone can overflow too. */
    buf_init(&out, 5);
    assert_int_equal(tmpl_set_add(set, "long.html", "more than five", err, sizeof(err)), MC_OK);
    assert_int_equal(tmpl_render(set, "long.html", ctx, &out), MC_ERR_TOO_LARGE);
    buf_release(&out);
    json_decref(ctx);
    tmpl_set_free(set);
}

static void test_embedded_templates_load(void **state)
{
    (void)state;
    char err[256] = "";
    struct tmpl_set *set = NULL;
    enum mc_status st = tmpl_set_load(&set, err, sizeof(err));
    if (st != MC_OK)
        fail_msg("embedded templates: %s", err);
    assert_non_null(set);
    tmpl_set_free(set);
    tmpl_set_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_variables_escaped),
        cmocka_unit_test(test_dotted_names),
        cmocka_unit_test(test_sections),
        cmocka_unit_test(test_nested_and_dot),
        cmocka_unit_test(test_comments),
        cmocka_unit_test(test_includes),
        cmocka_unit_test(test_include_cycle_fails_at_load),
        cmocka_unit_test(test_unknown_include),
        cmocka_unit_test(test_compile_errors),
        cmocka_unit_test(test_failed_add_leaves_set_usable),
        cmocka_unit_test(test_output_overflow),
        cmocka_unit_test(test_embedded_templates_load),
    };
    return cmocka_run_group_tests_name("core/tmpl", tests, NULL, NULL);
}
