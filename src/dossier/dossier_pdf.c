/*
 * dossier_pdf.c - a minimal one-page PDF writer for generated results.
 *
 * The page uses the standard Helvetica fonts, which every PDF reader has,
 * so nothing is embedded; those fonts have no glyphs for Vietnamese
 * letters such as ă, ơ, ư or the dot below, so the text is written
 * without diacritics (đ -> d).  An agency that needs the full text (or a
 * digital signature) uploads its own result file instead.
 */
#include <stdlib.h>
#include <utf8proc.h>
#include "core/text.h"
#include "dossier/dossier-int.h"

#define PDF_WRAP 88          /* characters per line */
#define PDF_MAX_LINES 56     /* lines on the page; later text is cut */
#define PDF_OBJECTS 6

/* Append s as ASCII: diacritics stripped, đ/Đ -> d/D, anything else '?'. */
static enum mc_status to_ascii(const char *s, struct buf *out)
{
    utf8proc_uint8_t *dst = NULL;
    size_t n = strlen(s);
    if (!text_utf8_valid(s, n))
        return MC_ERR_INVALID;
    utf8proc_ssize_t len = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n,
                                        &dst, UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK);
    if (len < 0)
        return MC_ERR_INVALID;
    for (utf8proc_ssize_t i = 0; i < len;) {
        utf8proc_int32_t cp = 0;
        utf8proc_ssize_t k = utf8proc_iterate(dst + i, len - i, &cp);
        if (k <= 0)
            break;
        i += k;
        if (cp == 0x111 || cp == 0xf0)
            cp = 'd';
        else if (cp == 0x110 || cp == 0xd0)
            cp = 'D';
        else if (cp == '\t')
            cp = ' ';
        buf_addch(out, cp == '\n' || (cp >= 0x20 && cp < 0x7f) ? (char)cp : '?');
    }
    free(dst);
    return buf_status(out);
}

/* Append one text line as a PDF string operand: ( ... ) with escapes. */
static void add_line(struct buf *c, const char *font, int size, const char *s, size_t n)
{
    buf_addf(c, "/%s %d Tf (", font, size);
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '(' || s[i] == ')' || s[i] == '\\')
            buf_addch(c, '\\');
        buf_addch(c, s[i]);
    }
    buf_adds(c, ") Tj T*\n");
}

/* Wrap text into lines of PDF_WRAP, breaking at spaces where possible. */
static void add_text(struct buf *c, const char *font, int size, const char *s, int *lines)
{
    while (*s && *lines < PDF_MAX_LINES) {
        const char *nl = strchr(s, '\n');
        size_t n = nl ? (size_t)(nl - s) : strlen(s);
        if (n > PDF_WRAP) {
            size_t cut = PDF_WRAP;
            while (cut > PDF_WRAP / 2 && s[cut] != ' ')
                cut--;
            if (s[cut] != ' ')
                cut = PDF_WRAP;
            add_line(c, font, size, s, cut);
            s += cut + (s[cut] == ' ');
        } else {
            add_line(c, font, size, s, n);
            s += n + (nl != NULL);
        }
        (*lines)++;
    }
}

enum mc_status dossier_result_pdf(const char *title, const char *body, struct buf *out)
{
    struct buf t, b, content;
    size_t offsets[PDF_OBJECTS + 1];
    int lines = 0;
    enum mc_status rc;
    buf_init(&t, BUF_MAX_SMALL);
    buf_init(&b, BUF_MAX_SMALL);
    buf_init(&content, BUF_MAX_PAGE);
    if ((rc = to_ascii(title ? title : "", &t)) != MC_OK ||
        (rc = to_ascii(body ? body : "", &b)) != MC_OK)
        goto out;
    buf_adds(&content, "BT\n16 TL\n56 790 Td\n");
    add_text(&content, "F2", 12, buf_cstr(&t), &lines);
    add_line(&content, "F1", 11, "", 0);
    lines++;
    add_text(&content, "F1", 11, buf_cstr(&b), &lines);
    buf_adds(&content, "ET\n");
    if ((rc = buf_status(&content)) != MC_OK)
        goto out;

    buf_adds(out, "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n");
    offsets[1] = out->len;
    buf_adds(out, "1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n");
    offsets[2] = out->len;
    buf_adds(out, "2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n");
    offsets[3] = out->len;
    buf_adds(out, "3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]"
                  " /Resources << /Font << /F1 4 0 R /F2 5 0 R >> >> /Contents 6 0 R >>\n"
                  "endobj\n");
    offsets[4] = out->len;
    buf_adds(out, "4 0 obj\n<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica"
                  " /Encoding /WinAnsiEncoding >>\nendobj\n");
    offsets[5] = out->len;
    buf_adds(out, "5 0 obj\n<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold"
                  " /Encoding /WinAnsiEncoding >>\nendobj\n");
    offsets[6] = out->len;
    buf_addf(out, "6 0 obj\n<< /Length %zu >>\nstream\n", content.len);
    buf_add(out, content.data, content.len);
    buf_adds(out, "endstream\nendobj\n");
    size_t xref = out->len;
    buf_addf(out, "xref\n0 %d\n0000000000 65535 f \n", PDF_OBJECTS + 1);
    for (int i = 1; i <= PDF_OBJECTS; i++)
        buf_addf(out, "%010zu 00000 n \n", offsets[i]);
    buf_addf(out, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%zu\n%%%%EOF\n",
             PDF_OBJECTS + 1, xref);
    rc = buf_status(out);
out:
    buf_release(&content);
    buf_release(&b);
    buf_release(&t);
    return rc;
}
