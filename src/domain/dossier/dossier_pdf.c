/*
 * dossier_pdf.c - the generated result document: an A4 PDF laid out like
 * a simple official decision (national header, agency, title, the
 * dossier's details, the decision text, place and date, the signer).
 *
 * Written with libharu and the DejaVu Sans TrueType fonts (Debian package
 * fonts-dejavu-core), embedded as subsets with the UTF-8 encoder, so
 * Vietnamese text keeps all its diacritics.  One libharu document per
 * call, so any number of threads may render at once.
 *
 * The caller's title is several lines: the first is the document title,
 * each further "Nhãn: giá trị" line a detail.  "Cơ quan chủ quản" and
 * "Cơ quan" are the issuing agency's parent and full name in the header,
 * "Số" the result's number under them, "Ngày phê duyệt" (dd/mm/yyyy ...)
 * becomes the date line and "Địa danh" its place, "Người ký" the signer
 * under the signature block; the other lines are listed as they come
 * (e.g. "Mã hồ sơ", "Người nộp", "Thủ tục").
 */
#include <stdio.h>
#include <stdlib.h>
#include "core/mem.h"
#include "core/pdf.h"
#include "core/text.h"
#include "domain/dossier/dossier-int.h"

#define PAGE_W 595.0f       /* A4, points */
#define PAGE_H 842.0f
#define MARGIN_X 62.0f      /* left and right margins */
#define MARGIN_TOP 56.0f
#define MARGIN_BOTTOM 60.0f
#define MAX_PAGES 20        /* later text is cut */
#define LINE_MAX_BYTES 1024 /* one laid-out line */

struct pdf {
    HPDF_Doc doc;
    HPDF_Page page;
    HPDF_Font regular, bold;
    float y;                /* baseline of the next line */
    int pages;
};

static bool new_page(struct pdf *p)
{
    if (p->pages >= MAX_PAGES)
        return false;
    p->page = HPDF_AddPage(p->doc);
    if (!p->page)
        return false;
    HPDF_Page_SetSize(p->page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
    p->pages++;
    p->y = PAGE_H - MARGIN_TOP;
    return true;
}

static float width_of(struct pdf *p, HPDF_Font f, float size, const char *s)
{
    HPDF_Page_SetFontAndSize(p->page, f, size);
    return HPDF_Page_TextWidth(p->page, s);
}

/* Draw s with its left edge at x, on the current baseline. */
static void draw(struct pdf *p, HPDF_Font f, float size, float x, const char *s)
{
    if (!*s)
        return;
    HPDF_Page_BeginText(p->page);
    HPDF_Page_SetFontAndSize(p->page, f, size);
    HPDF_Page_TextOut(p->page, x, p->y, s);
    HPDF_Page_EndText(p->page);
}

static void draw_centered(struct pdf *p, HPDF_Font f, float size, float center, const char *s)
{
    draw(p, f, size, center - width_of(p, f, size, s) / 2, s);
}

static void rule(struct pdf *p, float center, float half, float y)
{
    HPDF_Page_SetLineWidth(p->page, 0.6f);
    HPDF_Page_MoveTo(p->page, center - half, y);
    HPDF_Page_LineTo(p->page, center + half, y);
    HPDF_Page_Stroke(p->page);
}

/* Move down one line of `lead` points, starting a page when this one is full. */
static bool next_line(struct pdf *p, float lead)
{
    p->y -= lead;
    return p->y >= MARGIN_BOTTOM || new_page(p);
}

/* Bytes of the UTF-8 sequence starting with c (1 for a stray byte). */
static size_t utf8_len(unsigned char c)
{
    return c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
}

/*
 * Lay one paragraph out in lines no wider than width, starting at x:
 * breaks at spaces, and inside a word only when the word alone is wider
 * than a line.  Returns false when the pages ran out.
 */
static bool paragraph(struct pdf *p, HPDF_Font f, float size, float lead, float x,
                      float width, const char *s, size_t n)
{
    char line[LINE_MAX_BYTES + 1];
    size_t len = 0, i = 0;
    while (i < n) {
        while (i < n && s[i] == ' ')
            i++;
        if (i >= n)
            break;
        size_t w = i;
        while (w < n && s[w] != ' ')
            w++;
        size_t wl = w - i;
        if (len + 1 + wl <= LINE_MAX_BYTES) {
            size_t at = len;
            if (len)
                line[at++] = ' ';
            memcpy(line + at, s + i, wl);
            line[at + wl] = '\0';
            if (width_of(p, f, size, line) <= width) {
                len = at + wl;
                i = w;
                continue;
            }
            line[len] = '\0';
        }
        if (len) {   /* the word goes to the next line */
            draw(p, f, size, x, line);
            if (!next_line(p, lead))
                return false;
            len = 0;
            continue;
        }
        /* The word alone is wider than a line: as many characters as fit. */
        size_t cut = 0;
        while (cut < wl) {
            size_t c = utf8_len((unsigned char)s[i + cut]);
            if (cut + c > wl)
                c = wl - cut;
            if (cut + c > LINE_MAX_BYTES)
                break;
            memcpy(line, s + i, cut + c);
            line[cut + c] = '\0';
            if (cut > 0 && width_of(p, f, size, line) > width)
                break;
            cut += c;
        }
        memcpy(line, s + i, cut);
        line[cut] = '\0';
        draw(p, f, size, x, line);
        if (!next_line(p, lead))
            return false;
        i += cut;
    }
    line[len] = '\0';
    draw(p, f, size, x, line);
    return next_line(p, lead);
}

/* Every paragraph (split at newlines) of s. */
static bool text_block(struct pdf *p, HPDF_Font f, float size, float lead, float x,
                       float width, const char *s)
{
    while (*s) {
        const char *nl = strchr(s, '\n');
        size_t n = nl ? (size_t)(nl - s) : strlen(s);
        if (n && s[n - 1] == '\r')
            n--;
        if (!paragraph(p, f, size, lead, x, width, s, n))
            return false;
        s += (nl ? (size_t)(nl - s) + 1 : n);
    }
    return true;
}

/* The details of the title: value of "label: ..." or NULL. */
static const char *detail(char **lines, size_t n, const char *label)
{
    size_t k = strlen(label);
    for (size_t i = 1; i < n; i++)
        if (strncmp(lines[i], label, k) == 0 && lines[i][k] == ':')
            return lines[i] + k + 1 + (lines[i][k + 1] == ' ');
    return NULL;
}

#define TITLE_LINES 16

static void lay_out(struct pdf *p, char **lines, size_t n, const char *body)
{
    const float left_c = MARGIN_X + 95, right_c = PAGE_W - MARGIN_X - 125;
    const float text_w = PAGE_W - 2 * MARGIN_X;
    const char *agency = detail(lines, n, "Cơ quan");
    const char *parent = detail(lines, n, "Cơ quan chủ quản");
    const char *number = detail(lines, n, "Số");
    const char *signer = detail(lines, n, "Người ký");
    const char *when = detail(lines, n, "Ngày phê duyệt");
    const char *place = detail(lines, n, "Địa danh");
    char date_line[160] = "";
    int d = 0, m = 0, y = 0;

    /* National header (right) and agency (left), as in Decree 30/2020 forms. */
    draw_centered(p, p->bold, 10.5f, right_c, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
    if (parent) {
        draw_centered(p, p->regular, 9.5f, left_c, parent);
        p->y -= 14;
    }
    if (agency)
        draw_centered(p, p->bold, parent ? 9.5f : 10.5f, left_c, agency);
    p->y -= 15;
    draw_centered(p, p->bold, 11.5f, right_c, "Độc lập - Tự do - Hạnh phúc");
    rule(p, right_c, 80, p->y - 4);
    if (agency)
        rule(p, left_c, 30, p->y + 10);
    if (number) {
        p->y -= 18;
        char num[160];
        snprintf(num, sizeof(num), "Số: %s", number);
        draw_centered(p, p->regular, 10, left_c, num);
    }
    p->y -= 26;
    if (when && sscanf(when, "%2d/%2d/%4d", &d, &m, &y) == 3 && place)
        snprintf(date_line, sizeof(date_line), "%s, ngày %02d tháng %02d năm %04d", place, d,
                 m, y);
    else if (when && sscanf(when, "%2d/%2d/%4d", &d, &m, &y) == 3)
        snprintf(date_line, sizeof(date_line), "Ngày %02d tháng %02d năm %04d", d, m, y);
    draw_centered(p, p->regular, 10.5f, right_c, date_line);
    p->y -= 40;

    /* Title, then the details. */
    if (width_of(p, p->bold, 14, lines[0]) <= text_w) {
        draw_centered(p, p->bold, 14, PAGE_W / 2, lines[0]);
        p->y -= 20;
    } else if (!text_block(p, p->bold, 14, 20, MARGIN_X, text_w, lines[0])) {
        return;
    }
    p->y -= 8;
    for (size_t i = 1; i < n; i++) {
        static const char *const HEADER[] = {"Cơ quan:", "Cơ quan chủ quản:", "Địa danh:",
                                             "Số:", "Người ký:"};
        bool header = false;
        for (size_t k = 0; k < sizeof(HEADER) / sizeof(HEADER[0]); k++)
            header = header || strncmp(lines[i], HEADER[k], strlen(HEADER[k])) == 0;
        if (header)
            continue;
        if (!text_block(p, p->regular, 11, 16, MARGIN_X, text_w, lines[i]))
            return;
    }
    p->y -= 10;
    if (body && *body) {
        if (!text_block(p, p->bold, 11, 17, MARGIN_X, text_w, "Nội dung quyết định:") ||
            !text_block(p, p->regular, 11, 17, MARGIN_X, text_w, body))
            return;
    }

    /* The signer. */
    if (p->y - 60 < MARGIN_BOTTOM && !new_page(p))
        return;
    p->y -= 20;
    draw_centered(p, p->bold, 11, right_c, "NGƯỜI CÓ THẨM QUYỀN");
    p->y -= 15;
    draw_centered(p, p->regular, 10, right_c, "(Ký, ghi rõ họ tên và đóng dấu)");
    if (signer) {
        p->y -= 50;
        draw_centered(p, p->bold, 11, right_c, signer);
    }
}

/* The result document's title lines and body, laid out by fill_result. */
struct result_text {
    char **lines;
    size_t n;
    const char *body;
};

static enum mc_status fill_result(struct pdf_doc *d, void *ctx)
{
    const struct result_text *t = ctx;
    struct pdf p = {.doc = d->doc, .regular = d->regular, .bold = d->bold};
    if (!new_page(&p))
        return MC_ERR_INTERNAL;
    lay_out(&p, t->lines, t->n, t->body);
    return MC_OK;
}

enum mc_status dossier_result_pdf(const char *title, const char *body, struct buf *out)
{
    char *lines[TITLE_LINES];
    struct result_text t = {lines, 0, body ? body : ""};
    title = title ? title : "";
    if (!text_utf8_valid(title, strlen(title)) || !text_utf8_valid(t.body, strlen(t.body)))
        return MC_ERR_INVALID;
    char *copy = xstrdup(title);
    for (char *s = copy; s && t.n < TITLE_LINES;) {
        char *nl = strchr(s, '\n');
        if (nl)
            *nl = '\0';
        lines[t.n++] = s;
        s = nl ? nl + 1 : NULL;
    }
    enum mc_status rc = pdf_write("result PDF", fill_result, &t, out);
    free(copy);
    return rc;
}
