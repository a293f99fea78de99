/*
 * fuzz_tmpl.c - libFuzzer target for the template engine (src/core/tmpl.c):
 * compiling a template and rendering it with JSON data.
 *
 * Input layout (the seeds in fuzz/corpus/tmpl/ follow it): three parts
 * separated by NUL bytes, each may be missing or empty:
 *
 *   a.html source \0 b.html source \0 JSON data (the render context)
 *
 * Both sources are compiled (tmpl_set_add), includes resolved, and a.html
 * and b.html rendered with the data (an empty object when the data is not
 * JSON) into a buffer capped at 64 KiB.  Checks:
 *   - a failed compile or resolve explains itself as "name:line: reason";
 *   - rendering returns MC_OK or MC_ERR_TOO_LARGE (the cap), nothing else;
 *   - escaping holds: when neither source holds '<', '>', '"', '\'' or a
 *     raw tag "{{{", the output holds none of those characters, whatever
 *     the data (every value is HTML-escaped).
 * Any failed check aborts.
 */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "core/buf.h"
#include "core/tmpl.h"

#define FUZZ_OUT_MAX (64u * 1024) /* render cap: keeps runs short */

/* A NUL-terminated copy of the next part of the input, up to a NUL byte. */
static char *next_part(const uint8_t **data, size_t *size)
{
    const uint8_t *end = memchr(*data, '\0', *size);
    size_t len = end ? (size_t)(end - *data) : *size;
    char *s = malloc(len + 1);
    if (!s)
        abort();
    memcpy(s, *data, len);
    s[len] = '\0';
    *data += end ? len + 1 : len;
    *size -= end ? len + 1 : len;
    return s;
}

/* The error text of a failed compile names the template and a line. */
static void check_error(const char *err, const char *name)
{
    size_t n = strlen(name);
    if (strncmp(err, name, n) != 0 || err[n] != ':' || err[n + 1] < '0' || err[n + 1] > '9')
        abort();
}

/* True when s could put markup in the output by itself. */
static int has_markup(const char *s)
{
    return strpbrk(s, "<>\"'") != NULL || strstr(s, "{{{") != NULL;
}

static void render(const struct tmpl_set *set, const char *name, json_t *ctx, int plain)
{
    struct buf out;
    buf_init(&out, FUZZ_OUT_MAX);
    enum mc_status st = tmpl_render(set, name, ctx, &out);
    if (st != MC_OK && st != MC_ERR_TOO_LARGE)
        abort();
    if (plain && out.len && memchr(out.data, '<', out.len))
        abort(); /* an unescaped value */
    for (size_t i = 0; plain && i < out.len; i++)
        if (out.data[i] == '>' || out.data[i] == '"' || out.data[i] == '\'')
            abort();
    buf_release(&out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *a = next_part(&data, &size);
    char *b = next_part(&data, &size);
    char err[256];
    struct tmpl_set *set = tmpl_set_new();
    int have_a = 0, have_b = 0;

    err[0] = '\0';
    if (tmpl_set_add(set, "a.html", a, err, sizeof(err)) == MC_OK)
        have_a = 1;
    else
        check_error(err, "a.html");
    err[0] = '\0';
    if (tmpl_set_add(set, "b.html", b, err, sizeof(err)) == MC_OK)
        have_b = 1;
    else
        check_error(err, "b.html");
    err[0] = '\0';
    if (tmpl_set_resolve(set, err, sizeof(err)) != MC_OK) {
        if (err[0] == '\0')
            abort();
        goto out;
    }

    json_t *ctx = json_loadb((const char *)data, size, 0, NULL);
    if (!ctx)
        ctx = json_object();
    int plain = !has_markup(a) && !has_markup(b);
    (void)tmpl_references(set, "a.html", "x");
    if (have_a)
        render(set, "a.html", ctx, plain);
    if (have_b)
        render(set, "b.html", ctx, plain);
    json_decref(ctx);
out:
    tmpl_set_free(set);
    free(a);
    free(b);
    return 0;
}
