/* pdf.c - an A4 PDF written with libharu into memory (see pdf.h). */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include "core/pdf.h"
#include "core/log.h"

#define FONT_DIR "/usr/share/fonts/truetype/dejavu"

static void on_error(HPDF_STATUS error_no, HPDF_STATUS detail_no, void *user_data)
{
    struct pdf_doc *d = user_data;
    if (!d->error) {
        d->error = error_no;
        log_error("%s: libharu error 0x%04x (detail %u)", d->what, (unsigned)error_no,
                  (unsigned)detail_no);
    }
}

static HPDF_Font load_font(struct pdf_doc *d, const char *file)
{
    char path[512];
    const char *dir = getenv("MOTCUA_FONT_DIR");
    snprintf(path, sizeof(path), "%s/%s", dir && *dir ? dir : FONT_DIR, file);
    if (access(path, R_OK) != 0) {
        log_error("%s: font %s is missing (install fonts-dejavu-core, "
                  "scripts/install-deps.sh)", d->what, path);
        return NULL;
    }
    const char *name = HPDF_LoadTTFontFromFile(d->doc, path, HPDF_TRUE);
    return name ? HPDF_GetFont(d->doc, name, "UTF-8") : NULL;
}

/* Append the saved document to out. */
static enum mc_status save(struct pdf_doc *d, struct buf *out)
{
    if (d->error || HPDF_SaveToStream(d->doc) != HPDF_OK)
        return MC_ERR_INTERNAL;
    HPDF_UINT32 size = HPDF_GetStreamSize(d->doc);
    if (size == 0 || size > out->max - out->len)
        return MC_ERR_TOO_LARGE;
    HPDF_ResetStream(d->doc);
    while (size > 0) {
        unsigned char chunk[8192];
        HPDF_UINT32 got = size < sizeof(chunk) ? size : (HPDF_UINT32)sizeof(chunk);
        HPDF_STATUS st = HPDF_ReadFromStream(d->doc, chunk, &got);
        if (got == 0 || (st != HPDF_OK && st != HPDF_STREAM_EOF))
            return MC_ERR_INTERNAL;
        buf_add(out, (const char *)chunk, got);
        size -= got;
    }
    return buf_status(out);
}

enum mc_status pdf_write(const char *what, pdf_write_fn fill, void *ctx, struct buf *out)
{
    struct pdf_doc d = {.what = what};
    enum mc_status rc = MC_ERR_INTERNAL;
    d.doc = HPDF_New(on_error, &d);
    if (!d.doc)
        return rc;
    HPDF_SetCompressionMode(d.doc, HPDF_COMP_ALL);
    HPDF_UseUTFEncodings(d.doc);
    HPDF_SetCurrentEncoder(d.doc, "UTF-8");
    d.regular = load_font(&d, "DejaVuSans.ttf");
    d.bold = d.regular ? load_font(&d, "DejaVuSans-Bold.ttf") : NULL;
    rc = d.regular && d.bold ? fill(&d, ctx) : MC_ERR_IO;
    if (rc == MC_OK)
        rc = save(&d, out);
    HPDF_Free(d.doc);
    return rc;
}
