/*
 * pdf.h - an A4 PDF written with libharu into memory, for the documents
 * motcua generates (a dossier's result, a programme's consolidated report).
 *
 * The document embeds the DejaVu Sans TrueType fonts (Debian package
 * fonts-dejavu-core; MOTCUA_FONT_DIR overrides where they are) as subsets
 * with the UTF-8 encoder, so Vietnamese text keeps all its diacritics.
 * The caller only lays out its pages.
 *
 * Thread-safety: no shared state; one libharu document per call.
 */
#ifndef MC_PDF_H
#define MC_PDF_H

#include <hpdf.h>
#include "core/buf.h"
#include "core/compiler.h"
#include "core/status.h"

/* A document being written: its fonts, and the first libharu error. */
struct pdf_doc {
    HPDF_Doc doc;
    HPDF_Font regular, bold;   /* DejaVu Sans and DejaVu Sans Bold */
    HPDF_STATUS error;         /* 0 while libharu has reported none */
    const char *what;          /* what the document is, for logs */
};

/* Lay out the pages of d.  MC_OK, or a status that stops the document. */
typedef enum mc_status (*pdf_write_fn)(struct pdf_doc *d, void *ctx);

/*
 * Make a document with the fonts, let fill add and lay out its pages, and
 * append the finished PDF to out.  what names the document in logs
 * ("result PDF").  Returns MC_OK; MC_ERR_IO when a font is missing;
 * MC_ERR_INTERNAL when libharu fails (logged); fill's status; or
 * MC_ERR_TOO_LARGE when the PDF does not fit in out (nothing appended).
 */
enum mc_status pdf_write(const char *what, pdf_write_fn fill, void *ctx, struct buf *out)
    MC_WARN_UNUSED;

#endif
