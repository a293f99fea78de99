/*
 * tmpl.c - the template compiler and renderer (see tmpl.h).
 *
 * DESIGN: a template compiles to a flat array of nodes; a section node
 * records the index just past its matching close, so rendering is a loop
 * with recursion only for sections.  Includes are resolved to template
 * indexes after all files are loaded, so a missing include, or includes
 * that form a cycle, fail at load.
 */
#include <stdlib.h>
#include "core/array.h"
#include "core/assets.h"
#include "core/log.h"
#include "core/mem.h"
#include "core/tmpl.h"

#define TMPL_MAX_DEPTH 32     /* context stack and include depth */

enum node_kind { N_TEXT, N_VAR, N_RAW, N_SECTION, N_INVERTED, N_INCLUDE };

struct node {
    enum node_kind kind;
    const char *text;     /* literal text, or the name looked up */
    size_t len;           /* length of text */
    size_t end;           /* sections: index of the node after the close */
    int target;           /* includes: template index, resolved at load */
};

struct template {
    char *name;
    char *source;         /* owned copy the nodes point into */
    struct node *nodes;
    size_t count;
};

struct tmpl_set {
    struct template *items;   /* count compiled templates */
    size_t count;
    size_t cap;               /* entries allocated */
};

struct tmpl_set *tmpl_set_new(void)
{
    return xcalloc(1, sizeof(struct tmpl_set));
}

void tmpl_set_free(struct tmpl_set *set)
{
    if (!set)
        return;
    for (size_t i = 0; i < set->count; i++) {
        free(set->items[i].name);
        free(set->items[i].source);
        free(set->items[i].nodes);
    }
    free(set->items);
    free(set);
}

static int line_of(const char *src, const char *p)
{
    int line = 1;
    for (; src < p; src++)
        line += *src == '\n';
    return line;
}

static void trim_name(const char **s, size_t *len)
{
    while (*len && (**s == ' ' || **s == '\t')) {
        (*s)++;
        (*len)--;
    }
    while (*len && ((*s)[*len - 1] == ' ' || (*s)[*len - 1] == '\t'))
        (*len)--;
}

static void add_node(struct template *t, size_t *cap, struct node n)
{
    ARRAY_APPEND(t->nodes, t->count, *cap, n);
}

/* Parse the tag at p ("{{..."), adding its node; returns the text after it. */
static const char *parse_tag(struct template *t, size_t *cap, const char *p, size_t *stack,
                             int *depth, const char **why)
{
    bool triple = p[2] == '{';
    const char *start = p + (triple ? 3 : 2);
    const char *close = strstr(start, triple ? "}}}" : "}}");
    if (!close) {
        *why = "thẻ mở {{ không được đóng";
        return NULL;
    }
    char sigil = triple ? '{' : *start;
    const char *name = start;
    if (!triple && strchr("#^/>!", sigil))
        name++;
    size_t len = (size_t)(close - name);
    trim_name(&name, &len);
    struct node n = {.text = name, .len = len, .target = -1};
    const char *after = close + (triple ? 3 : 2);
    if (sigil == '!')
        return after;
    if (len == 0) {
        *why = "thẻ không có tên";
        return NULL;
    }
    switch (triple ? '{' : sigil) {
    case '{': n.kind = N_RAW; break;
    case '#': n.kind = N_SECTION; break;
    case '^': n.kind = N_INVERTED; break;
    case '>': n.kind = N_INCLUDE; break;
    case '/': {
        if (*depth == 0) {
            *why = "thẻ đóng không có thẻ mở";
            return NULL;
        }
        struct node *open = &t->nodes[stack[--*depth]];
        if (open->len != len || strncmp(open->text, name, len) != 0) {
            *why = "thẻ đóng không khớp với thẻ mở";
            return NULL;
        }
        open->end = t->count;
        return after;
    }
    default: n.kind = N_VAR; break;
    }
    if (n.kind == N_SECTION || n.kind == N_INVERTED) {
        if (*depth >= TMPL_MAX_DEPTH) {
            *why = "lồng quá sâu";
            return NULL;
        }
        stack[(*depth)++] = t->count;
    }
    add_node(t, cap, n);
    return after;
}

static enum mc_status compile(struct template *t, char *err, size_t err_size)
{
    size_t cap = 0, stack[TMPL_MAX_DEPTH];
    int depth = 0;
    const char *p = t->source, *why = NULL;
    while (*p) {
        const char *tag = strstr(p, "{{");
        size_t text_len = tag ? (size_t)(tag - p) : strlen(p);
        if (text_len)
            add_node(t, &cap, (struct node){.kind = N_TEXT, .text = p, .len = text_len});
        if (!tag)
            break;
        p = parse_tag(t, &cap, tag, stack, &depth, &why);
        if (!p) {
            snprintf(err, err_size, "%s:%d: %s", t->name, line_of(t->source, tag), why);
            return MC_ERR_INVALID;
        }
    }
    if (depth > 0) {
        const struct node *open = &t->nodes[stack[depth - 1]];
        snprintf(err, err_size, "%s:%d: thẻ mở {{#%.*s}} không được đóng", t->name,
                 line_of(t->source, open->text), (int)open->len, open->text);
        return MC_ERR_INVALID;
    }
    return MC_OK;
}

static int find_template(const struct tmpl_set *set, const char *name, size_t len)
{
    for (size_t i = 0; i < set->count; i++)
        if (strlen(set->items[i].name) == len && strncmp(set->items[i].name, name, len) == 0)
            return (int)i;
    return -1;
}

enum mc_status tmpl_set_add(struct tmpl_set *set, const char *name, const char *text,
                            char *err, size_t err_size)
{
    struct template *t = ARRAY_PUSH(set->items, set->count, set->cap);
    t->name = xstrdup(name);
    t->source = xstrdup(text);
    enum mc_status st = compile(t, err, err_size);
    if (st != MC_OK) {   /* never keep a half-compiled template */
        free(t->name);
        free(t->source);
        free(t->nodes);
        set->count--;
    }
    return st;
}

/*
 * Depth-first walk of the includes from template idx: state 0 unvisited,
 * 1 on the current path, 2 done.  An include of a template on the path
 * closes a cycle, which would make rendering recurse until the include
 * depth limit, with a cost exponential in the number of includes.
 */
static enum mc_status walk_includes(const struct tmpl_set *set, size_t idx,
                                    unsigned char *state, char *err, size_t err_size)
{
    const struct template *t = &set->items[idx];
    enum mc_status st = MC_OK;
    state[idx] = 1;
    for (size_t j = 0; st == MC_OK && j < t->count; j++) {
        const struct node *n = &t->nodes[j];
        if (n->kind != N_INCLUDE || n->target < 0)
            continue;
        if (state[n->target] == 1) {
            snprintf(err, err_size, "%s:%d: {{> %.*s}} tạo vòng lặp: mẫu gọi lại chính nó",
                     t->name, line_of(t->source, n->text), (int)n->len, n->text);
            st = MC_ERR_INVALID;
        } else if (state[n->target] == 0) {
            st = walk_includes(set, (size_t)n->target, state, err, err_size);
        }
    }
    state[idx] = 2;
    return st;
}

/* MC_ERR_INVALID, with the include named in err, when includes form a cycle. */
static enum mc_status find_cycles(const struct tmpl_set *set, char *err, size_t err_size)
{
    enum mc_status st = MC_OK;
    unsigned char *state = xcalloc(set->count ? set->count : 1, 1);
    for (size_t i = 0; st == MC_OK && i < set->count; i++)
        if (state[i] == 0)
            st = walk_includes(set, i, state, err, err_size);
    free(state);
    return st;
}

enum mc_status tmpl_set_resolve(struct tmpl_set *set, char *err, size_t err_size)
{
    for (size_t i = 0; i < set->count; i++) {
        struct template *t = &set->items[i];
        for (size_t j = 0; j < t->count; j++) {
            struct node *n = &t->nodes[j];
            if (n->kind != N_INCLUDE)
                continue;
            n->target = find_template(set, n->text, n->len);
            if (n->target < 0) {
                snprintf(err, err_size, "%s:%d: không có mẫu %.*s", t->name,
                         line_of(t->source, n->text), (int)n->len, n->text);
                return MC_ERR_INVALID;
            }
        }
    }
    return find_cycles(set, err, err_size);
}

enum mc_status tmpl_set_load(struct tmpl_set **out, char *err, size_t err_size)
{
    struct tmpl_set *set = tmpl_set_new();
    enum mc_status st = MC_OK;
    for (const struct asset *a = mc_assets; st == MC_OK && a->path; a++)
        if (strncmp(a->path, "templates/", 10) == 0)
            st = tmpl_set_add(set, a->path + 10, a->data, err, err_size);
    if (st == MC_OK)
        st = tmpl_set_resolve(set, err, err_size);
    if (st != MC_OK) {
        tmpl_set_free(set);
        set = NULL;
    }
    *out = set;
    return st;
}

/* ---------------------------------------------------------------- render */

struct render {
    const struct tmpl_set *set;
    json_t *stack[TMPL_MAX_DEPTH * 2];
    int depth;
    int includes;
    struct buf *out;
};

/* Look up a dotted name through the context stack, innermost first. */
static json_t *lookup(struct render *r, const char *name, size_t len)
{
    if (len == 1 && name[0] == '.')
        return r->stack[r->depth - 1];
    const char *dot = memchr(name, '.', len);
    size_t first = dot ? (size_t)(dot - name) : len;
    char key[128];
    if (first >= sizeof(key))
        return NULL;
    memcpy(key, name, first);
    key[first] = '\0';
    json_t *v = NULL;
    for (int i = r->depth - 1; i >= 0 && !v; i--)
        if (json_is_object(r->stack[i]))
            v = json_object_get(r->stack[i], key);
    while (v && dot) {
        const char *rest = dot + 1;
        size_t rlen = len - (size_t)(rest - name);
        dot = memchr(rest, '.', rlen);
        size_t part = dot ? (size_t)(dot - rest) : rlen;
        if (part >= sizeof(key) || !json_is_object(v))
            return NULL;
        memcpy(key, rest, part);
        key[part] = '\0';
        v = json_object_get(v, key);
    }
    return v;
}

static bool truthy(json_t *v)
{
    if (!v || json_is_null(v) || json_is_false(v))
        return false;
    if (json_is_string(v))
        return json_string_length(v) > 0;
    if (json_is_integer(v))
        return json_integer_value(v) != 0;
    if (json_is_real(v))
        return json_real_value(v) != 0.0;
    if (json_is_array(v))
        return json_array_size(v) > 0;
    return true;
}

static void emit_value(struct buf *out, json_t *v, bool escape)
{
    if (json_is_string(v)) {
        if (escape)
            buf_add_html(out, json_string_value(v), json_string_length(v));
        else
            buf_add(out, json_string_value(v), json_string_length(v));
    } else if (json_is_integer(v)) {
        buf_addf(out, "%lld", (long long)json_integer_value(v));
    } else if (json_is_real(v)) {
        buf_addf(out, "%g", json_real_value(v));
    } else if (json_is_true(v)) {
        buf_adds(out, "true");
    }
}

static void render_range(struct render *r, const struct template *t, size_t from, size_t to);

static void render_section(struct render *r, const struct template *t, size_t i)
{
    const struct node *n = &t->nodes[i];
    json_t *v = lookup(r, n->text, n->len);
    if (n->kind == N_INVERTED) {
        if (!truthy(v))
            render_range(r, t, i + 1, n->end);
        return;
    }
    if (!truthy(v) || r->depth >= (int)MC_ARRAY_LEN(r->stack))
        return;
    if (json_is_array(v)) {
        size_t k;
        json_t *item;
        json_array_foreach(v, k, item) {
            r->stack[r->depth++] = item;
            render_range(r, t, i + 1, n->end);
            r->depth--;
        }
        return;
    }
    r->stack[r->depth++] = v;
    render_range(r, t, i + 1, n->end);
    r->depth--;
}

static void render_range(struct render *r, const struct template *t, size_t from, size_t to)
{
    for (size_t i = from; i < to && r->out->overflow == false; i++) {
        const struct node *n = &t->nodes[i];
        switch (n->kind) {
        case N_TEXT:
            buf_add(r->out, n->text, n->len);
            break;
        case N_VAR:
        case N_RAW: {
            json_t *v = lookup(r, n->text, n->len);
            if (v)
                emit_value(r->out, v, n->kind == N_VAR);
            break;
        }
        case N_SECTION:
        case N_INVERTED:
            render_section(r, t, i);
            i = n->end - 1;
            break;
        case N_INCLUDE:
            if (r->includes < TMPL_MAX_DEPTH && n->target >= 0) {
                const struct template *inc = &r->set->items[n->target];
                r->includes++;
                render_range(r, inc, 0, inc->count);
                r->includes--;
            }
            break;
        }
    }
}

enum mc_status tmpl_render(const struct tmpl_set *set, const char *name, json_t *ctx,
                           struct buf *out)
{
    int idx = find_template(set, name, strlen(name));
    if (idx < 0) {
        log_error("no template %s", name);
        return MC_ERR_NOT_FOUND;
    }
    struct render r = {.set = set, .depth = 1, .out = out};
    r.stack[0] = ctx;
    const struct template *t = &set->items[idx];
    render_range(&r, t, 0, t->count);
    return buf_status(out);
}

static bool references_in(const struct tmpl_set *set, int idx, const char *var, int depth)
{
    const struct template *t = &set->items[idx];
    size_t vlen = strlen(var);
    for (size_t i = 0; i < t->count && depth < TMPL_MAX_DEPTH; i++) {
        const struct node *n = &t->nodes[i];
        if (n->kind == N_INCLUDE && n->target >= 0 &&
            references_in(set, n->target, var, depth + 1))
            return true;
        if (n->kind != N_TEXT && n->kind != N_INCLUDE && n->len == vlen &&
            strncmp(n->text, var, vlen) == 0)
            return true;
    }
    return false;
}

bool tmpl_references(const struct tmpl_set *set, const char *name, const char *var)
{
    int idx = find_template(set, name, strlen(name));
    return idx >= 0 && references_in(set, idx, var, 0);
}
