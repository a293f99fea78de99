/*
 * xlsx_read.c - the rows of the first worksheet of an xlsx workbook (see
 * xlsx_read.h): a bounded zip reader over zlib, then a scan of the XML
 * parts for rows, cells and shared strings.
 */
#include "core/xlsx_read.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include "core/buf.h"
#include "core/mem.h"

#define ZIP_EOCD 0x06054b50u
#define ZIP_CENTRAL 0x02014b50u
#define ZIP_LOCAL 0x04034b50u
#define ZIP_EOCD_SIZE 22u
#define ZIP_CENTRAL_SIZE 46u
#define ZIP_LOCAL_SIZE 30u
#define ZIP_NAME_MAX 256u

struct zip {
    const unsigned char *p;
    size_t len;
    size_t cd;        /* offset of the central directory */
    size_t entries;   /* entries in it */
};

static void fail(char *err, size_t size, const char *msg)
{
    if (err && size)
        snprintf(err, size, "%s", msg);
}

static uint32_t le16(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8;
}

static uint32_t le32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

bool xlsx_looks_like(const char *data, size_t len)
{
    return data && len >= 4 && le32((const unsigned char *)data) == ZIP_LOCAL;
}

/* Find the end-of-central-directory record (it may be followed by a comment). */
static enum mc_status zip_open(struct zip *z, const char *data, size_t len)
{
    z->p = (const unsigned char *)data;
    z->len = len;
    if (len < ZIP_EOCD_SIZE)
        return MC_ERR_INVALID;
    size_t stop = len > ZIP_EOCD_SIZE + 65535u ? len - ZIP_EOCD_SIZE - 65535u : 0;
    for (size_t at = len - ZIP_EOCD_SIZE + 1; at-- > stop;) {
        const unsigned char *e = z->p + at;
        if (le32(e) != ZIP_EOCD)
            continue;
        size_t cd = le32(e + 16), size = le32(e + 12);
        if (cd > at || size > at - cd)
            return MC_ERR_INVALID;
        z->cd = cd;
        z->entries = le16(e + 10);
        return MC_OK;
    }
    return MC_ERR_INVALID;
}

/* Inflate (or copy) the part named name into out (NUL-terminated).  MC_ERR_NOT_FOUND
 * when the archive has no such part. */
static enum mc_status zip_part(const struct zip *z, const char *name, struct buf *out)
{
    size_t at = z->cd, nlen = strlen(name);
    for (size_t i = 0; i < z->entries; i++) {
        if (at > z->len || z->len - at < ZIP_CENTRAL_SIZE || le32(z->p + at) != ZIP_CENTRAL)
            return MC_ERR_INVALID;
        const unsigned char *c = z->p + at;
        uint32_t method = le16(c + 10), csize = le32(c + 20);
        size_t name_len = le16(c + 28), extra = le16(c + 30), comment = le16(c + 32);
        size_t local = le32(c + 42);
        if (z->len - at - ZIP_CENTRAL_SIZE < name_len + extra + comment)
            return MC_ERR_INVALID;
        if (name_len == nlen && memcmp(c + ZIP_CENTRAL_SIZE, name, nlen) == 0) {
            if (local > z->len || z->len - local < ZIP_LOCAL_SIZE ||
                le32(z->p + local) != ZIP_LOCAL)
                return MC_ERR_INVALID;
            size_t skip = ZIP_LOCAL_SIZE + le16(z->p + local + 26) + le16(z->p + local + 28);
            if (z->len - local < skip || z->len - local - skip < csize)
                return MC_ERR_INVALID;
            const unsigned char *src = z->p + local + skip;
            buf_reset(out);
            if (method == 0) {
                if (csize > XLSX_PART_MAX)
                    return MC_ERR_TOO_LARGE;
                buf_add(out, (const char *)src, csize);
                return buf_status(out) == MC_OK ? MC_OK : MC_ERR_TOO_LARGE;
            }
            if (method != 8)
                return MC_ERR_INVALID;
            z_stream s;
            unsigned char chunk[16384];
            int zr = Z_OK;
            memset(&s, 0, sizeof(s));
            if (inflateInit2(&s, -MAX_WBITS) != Z_OK)
                return MC_ERR_INVALID;
            s.next_in = (unsigned char *)src;
            s.avail_in = csize;
            while (zr == Z_OK) {
                s.next_out = chunk;
                s.avail_out = sizeof(chunk);
                zr = inflate(&s, Z_NO_FLUSH);
                if (zr != Z_OK && zr != Z_STREAM_END)
                    break;
                buf_add(out, (const char *)chunk, sizeof(chunk) - s.avail_out);
                if (out->len > XLSX_PART_MAX || buf_status(out) != MC_OK) {
                    inflateEnd(&s);
                    return MC_ERR_TOO_LARGE;
                }
                if (zr == Z_OK && s.avail_in == 0 && s.avail_out != 0)
                    zr = Z_DATA_ERROR;   /* truncated stream */
            }
            inflateEnd(&s);
            return zr == Z_STREAM_END ? MC_OK : MC_ERR_INVALID;
        }
        at += ZIP_CENTRAL_SIZE + name_len + extra + comment;
    }
    return MC_ERR_NOT_FOUND;
}

/* ---------------------------------------------------------------- XML */

/* The end of the tag starting at p ('<'), or NULL. */
static const char *tag_end(const char *p)
{
    return strchr(p, '>');
}

/* True when p starts tag name ("<row") followed by a space, '>' or '/'. */
static bool is_tag(const char *p, const char *name)
{
    size_t n = strlen(name);
    return strncmp(p, name, n) == 0 &&
           (p[n] == ' ' || p[n] == '>' || p[n] == '/' || p[n] == '\t' || p[n] == '\r' ||
            p[n] == '\n');
}

/* Attribute name (or one ending in ":name" when suffix) of the tag [p, end): its
 * raw value into out, or false. */
static bool attr(const char *p, const char *end, const char *name, bool suffix, char *out,
                 size_t size)
{
    size_t n = strlen(name);
    for (const char *q = p; q && q < end; q++) {
        if (*q != ' ' && *q != '\t' && *q != '\n' && *q != '\r')
            continue;
        const char *a = q + 1, *eq = a;
        while (eq < end && *eq != '=' && *eq != ' ' && *eq != '>')
            eq++;
        if (eq >= end || *eq != '=' || (eq[1] != '"' && eq[1] != '\''))
            continue;
        size_t alen = (size_t)(eq - a);
        bool match = alen == n ? memcmp(a, name, n) == 0
                               : suffix && alen > n && a[alen - n - 1] == ':' &&
                                     memcmp(a + alen - n, name, n) == 0;
        const char *v = eq + 2, *ve = memchr(v, eq[1], (size_t)(end - v));
        if (!ve)
            return false;
        if (match) {
            size_t vl = (size_t)(ve - v) < size - 1 ? (size_t)(ve - v) : size - 1;
            memcpy(out, v, vl);
            out[vl] = '\0';
            return true;
        }
        q = ve;
    }
    return false;
}

/* Append the text [p, end) to out with XML entities decoded. */
static void add_text(struct buf *out, const char *p, const char *end)
{
    while (p < end) {
        const char *amp = memchr(p, '&', (size_t)(end - p));
        if (!amp) {
            buf_add(out, p, (size_t)(end - p));
            return;
        }
        buf_add(out, p, (size_t)(amp - p));
        const char *semi = memchr(amp, ';', (size_t)(end - amp));
        if (!semi || semi - amp > 10) {
            buf_addch(out, '&');
            p = amp + 1;
            continue;
        }
        size_t n = (size_t)(semi - amp - 1);
        const char *e = amp + 1;
        unsigned long cp = 0;
        if (n == 3 && memcmp(e, "amp", 3) == 0)
            buf_addch(out, '&');
        else if (n == 2 && memcmp(e, "lt", 2) == 0)
            buf_addch(out, '<');
        else if (n == 2 && memcmp(e, "gt", 2) == 0)
            buf_addch(out, '>');
        else if (n == 4 && memcmp(e, "quot", 4) == 0)
            buf_addch(out, '"');
        else if (n == 4 && memcmp(e, "apos", 4) == 0)
            buf_addch(out, '\'');
        else if (n >= 2 && e[0] == '#') {
            char num[12];
            memcpy(num, e + 1, n - 1);
            num[n - 1] = '\0';
            cp = num[0] == 'x' ? strtoul(num + 1, NULL, 16) : strtoul(num, NULL, 10);
            if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
                cp = 0xFFFD;
            if (cp < 0x80) {
                buf_addch(out, (char)cp);
            } else if (cp < 0x800) {
                buf_addch(out, (char)(0xC0 | cp >> 6));
                buf_addch(out, (char)(0x80 | (cp & 0x3F)));
            } else if (cp < 0x10000) {
                buf_addch(out, (char)(0xE0 | cp >> 12));
                buf_addch(out, (char)(0x80 | ((cp >> 6) & 0x3F)));
                buf_addch(out, (char)(0x80 | (cp & 0x3F)));
            } else {
                buf_addch(out, (char)(0xF0 | cp >> 18));
                buf_addch(out, (char)(0x80 | ((cp >> 12) & 0x3F)));
                buf_addch(out, (char)(0x80 | ((cp >> 6) & 0x3F)));
                buf_addch(out, (char)(0x80 | (cp & 0x3F)));
            }
        } else {
            buf_add(out, amp, (size_t)(semi - amp + 1));
        }
        p = semi + 1;
    }
}

/* The text of every <t> element in [p, end) (a shared or inline string). */
static void add_runs(struct buf *out, const char *p, const char *end)
{
    while (p < end) {
        const char *t = strstr(p, "<t");
        if (!t || t >= end)
            return;
        const char *te = tag_end(t);
        if (!te || te >= end)
            return;
        if (!is_tag(t, "<t")) {
            p = te + 1;
            continue;
        }
        if (te[-1] == '/') {   /* <t/> */
            p = te + 1;
            continue;
        }
        const char *close = strstr(te + 1, "</t>");
        if (!close || close > end)
            return;
        add_text(out, te + 1, close);
        p = close + 4;
    }
}

struct strings {
    char **items;
    size_t n, cap;
};

static void strings_release(struct strings *s)
{
    strv_free(s->items, s->n);
}

static enum mc_status read_strings(const char *xml, struct strings *s)
{
    struct buf one;
    enum mc_status rc = MC_OK;
    buf_init(&one, BUF_MAX_SMALL);
    for (const char *p = strstr(xml, "<si"); p && rc == MC_OK; p = strstr(p, "<si")) {
        const char *te = tag_end(p);
        if (!te)
            break;
        if (!is_tag(p, "<si")) {
            p = te;
            continue;
        }
        const char *close = te[-1] == '/' ? te : strstr(te, "</si>");
        if (!close) {
            rc = MC_ERR_INVALID;
            break;
        }
        if (s->n == XLSX_STRINGS_MAX) {
            rc = MC_ERR_TOO_LARGE;
            break;
        }
        buf_reset(&one);
        add_runs(&one, te + 1, close);
        if (s->n == s->cap) {
            s->cap = s->cap ? s->cap * 2 : 64;
            s->items = xrealloc(s->items, s->cap * sizeof(*s->items));
        }
        s->items[s->n++] = xstrdup(buf_cstr(&one));
        p = close;
    }
    buf_release(&one);
    return rc;
}

/* Column (A = 0) and row of a cell reference ("BC12"); false when malformed. */
static bool cell_ref(const char *r, size_t *col, unsigned long *row)
{
    size_t c = 0;
    unsigned long n = 0;
    const char *p = r;
    while (*p >= 'A' && *p <= 'Z' && c < 100000) {
        c = c * 26 + (size_t)(*p - 'A' + 1);
        p++;
    }
    if (p == r || *p < '1' || *p > '9')
        return false;
    while (*p >= '0' && *p <= '9' && n < 100000000ul)
        n = n * 10 + (unsigned long)(*p++ - '0');
    if (*p)
        return false;
    *col = c - 1;
    *row = n;
    return true;
}

struct row_state {
    char *cells[XLSX_COLS_MAX];
    size_t ncells;
    unsigned long row;
    unsigned long rows_seen;
};

static void row_clear(struct row_state *r)
{
    for (size_t i = 0; i < r->ncells; i++) {
        free(r->cells[i]);
        r->cells[i] = NULL;
    }
    r->ncells = 0;
}

static enum mc_status row_emit(struct row_state *r, xlsx_row_fn fn, void *ctx)
{
    enum mc_status rc = MC_OK;
    const char *cells[XLSX_COLS_MAX];
    if (r->ncells) {
        for (size_t i = 0; i < r->ncells; i++)
            cells[i] = r->cells[i] ? r->cells[i] : "";
        rc = fn(ctx, r->row, cells, r->ncells);
    }
    row_clear(r);
    return rc;
}

/* One <c> element [p, end of its content): its text into the row. */
static enum mc_status read_cell(const char *p, const char *te, const char *close,
                                const struct strings *s, struct row_state *r, struct buf *text)
{
    char ref[32] = "", type[16] = "n";
    size_t col = r->ncells;
    unsigned long row = r->row;
    if (attr(p, te, "r", false, ref, sizeof(ref)) && !cell_ref(ref, &col, &row))
        return MC_ERR_INVALID;
    if (row != r->row)
        return MC_ERR_INVALID;   /* a cell of another row inside this one */
    attr(p, te, "t", false, type, sizeof(type));
    buf_reset(text);
    if (close) {
        if (strcmp(type, "inlineStr") == 0) {
            add_runs(text, te + 1, close);
        } else {
            const char *v = strstr(te + 1, "<v");
            const char *ve = v && v < close ? tag_end(v) : NULL;
            const char *vc = ve && ve[-1] != '/' ? strstr(ve, "</v>") : NULL;
            if (vc && vc <= close) {
                struct buf raw;
                buf_init(&raw, BUF_MAX_SMALL);
                add_text(&raw, ve + 1, vc);
                if (strcmp(type, "s") == 0) {
                    char *endp = NULL;
                    unsigned long k = strtoul(buf_cstr(&raw), &endp, 10);
                    if (!raw.len || *endp || k >= s->n) {
                        buf_release(&raw);
                        return MC_ERR_INVALID;
                    }
                    buf_adds(text, s->items[k]);
                } else {
                    buf_add(text, raw.data ? raw.data : "", raw.len);
                }
                buf_release(&raw);
            }
        }
    }
    if (buf_status(text) != MC_OK)
        return MC_ERR_TOO_LARGE;
    if (col >= XLSX_COLS_MAX || text->len == 0)
        return MC_OK;   /* columns past the bound are not read */
    if (col < r->ncells && r->cells[col])
        return MC_ERR_INVALID;   /* the same cell twice */
    for (size_t i = r->ncells; i <= col; i++)
        r->cells[i] = NULL;
    if (col >= r->ncells)
        r->ncells = col + 1;
    r->cells[col] = xstrdup(buf_cstr(text));
    return MC_OK;
}

static enum mc_status read_sheet(const char *xml, const struct strings *s, xlsx_row_fn fn,
                                 void *ctx)
{
    struct row_state r;
    struct buf text;
    enum mc_status rc = MC_OK;
    const char *p = strstr(xml, "<sheetData");
    memset(&r, 0, sizeof(r));
    buf_init(&text, BUF_MAX_SMALL);
    while (p && rc == MC_OK && (p = strchr(p + 1, '<'))) {
        const char *te = tag_end(p);
        if (!te) {
            rc = MC_ERR_INVALID;
            break;
        }
        if (is_tag(p, "<row")) {
            char num[16];
            unsigned long n = r.row + 1;
            rc = row_emit(&r, fn, ctx);
            if (rc == MC_OK && attr(p, te, "r", false, num, sizeof(num))) {
                char *endp = NULL;
                n = strtoul(num, &endp, 10);
                if (*endp || n == 0 || n <= r.row)
                    rc = MC_ERR_INVALID;   /* rows go down the sheet */
            }
            if (rc == MC_OK && ++r.rows_seen > XLSX_ROWS_MAX)
                rc = MC_ERR_TOO_LARGE;
            r.row = n;
            p = te;
        } else if (is_tag(p, "<c")) {
            const char *close = te[-1] == '/' ? NULL : strstr(te, "</c>");
            if (te[-1] != '/' && !close) {
                rc = MC_ERR_INVALID;
                break;
            }
            if (r.row == 0)
                rc = MC_ERR_INVALID;   /* a cell outside a row */
            else
                rc = read_cell(p, te, close, s, &r, &text);
            p = close ? close : te;
        } else if (strncmp(p, "</sheetData", 11) == 0) {
            break;
        } else {
            p = te;
        }
    }
    if (rc == MC_OK)
        rc = row_emit(&r, fn, ctx);
    row_clear(&r);
    buf_release(&text);
    return rc;
}

/* The path of the first worksheet, from the workbook and its relationships. */
static void first_sheet(const struct zip *z, char *path, size_t size)
{
    struct buf wb, rels;
    char id[64], target[ZIP_NAME_MAX];
    snprintf(path, size, "xl/worksheets/sheet1.xml");
    buf_init(&wb, XLSX_PART_MAX + 1);
    buf_init(&rels, XLSX_PART_MAX + 1);
    if (zip_part(z, "xl/workbook.xml", &wb) == MC_OK &&
        zip_part(z, "xl/_rels/workbook.xml.rels", &rels) == MC_OK) {
        const char *s = strstr(buf_cstr(&wb), "<sheet ");
        const char *se = s ? tag_end(s) : NULL;
        if (se && attr(s, se, "id", true, id, sizeof(id))) {
            for (const char *r = strstr(buf_cstr(&rels), "<Relationship "); r;
                 r = strstr(r + 1, "<Relationship ")) {
                const char *re = tag_end(r);
                char rid[64];
                if (!re || !attr(r, re, "Id", false, rid, sizeof(rid)) || strcmp(rid, id) != 0)
                    continue;
                if (attr(r, re, "Target", false, target, sizeof(target))) {
                    if (target[0] == '/')
                        snprintf(path, size, "%.200s", target + 1);
                    else
                        snprintf(path, size, "xl/%.200s", target);
                }
                break;
            }
        }
    }
    buf_release(&wb);
    buf_release(&rels);
}

enum mc_status xlsx_read_rows(const char *data, size_t len, xlsx_row_fn fn, void *ctx,
                              char *err, size_t err_size)
{
    struct zip z;
    struct strings s = {0};
    struct buf part;
    char sheet[ZIP_NAME_MAX];
    enum mc_status rc = zip_open(&z, data, len);
    buf_init(&part, XLSX_PART_MAX + 1);
    if (rc != MC_OK) {
        fail(err, err_size, "tệp không phải bảng tính Excel (xlsx) đọc được");
        goto out;
    }
    rc = zip_part(&z, "xl/sharedStrings.xml", &part);
    if (rc == MC_OK)
        rc = read_strings(buf_cstr(&part), &s);
    else if (rc == MC_ERR_NOT_FOUND)
        rc = MC_OK;
    if (rc == MC_OK) {
        first_sheet(&z, sheet, sizeof(sheet));
        rc = zip_part(&z, sheet, &part);
        if (rc == MC_ERR_NOT_FOUND)
            rc = MC_ERR_INVALID;
    }
    if (rc == MC_OK) {
        rc = read_sheet(buf_cstr(&part), &s, fn, ctx);
        if (rc == MC_ERR_INVALID)
            fail(err, err_size, "trang tính đầu tiên của tệp Excel bị hỏng");
        else if (rc == MC_ERR_TOO_LARGE)
            fail(err, err_size, "tệp Excel quá lớn");
    } else if (rc == MC_ERR_TOO_LARGE) {
        fail(err, err_size, "tệp Excel quá lớn");
    } else {
        fail(err, err_size, "tệp không phải bảng tính Excel (xlsx) đọc được");
    }
out:
    strings_release(&s);
    buf_release(&part);
    return rc;
}
