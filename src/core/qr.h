/*
 * qr.h - QR codes as inline SVG (libqrencode), for TOTP enrolment and
 * dossier receipts.  The SVG scales with CSS and prints sharply.
 * Thread-safe.
 */
#ifndef MC_QR_H
#define MC_QR_H

#include "core/buf.h"
#include "core/status.h"

/*
 * Append an <svg> drawing the QR code of text (error correction M) to
 * out, with a quiet zone of 4 modules and role="img" aria-label=label
 * (label is escaped).  MC_ERR_INVALID if text cannot be encoded.
 */
enum mc_status qr_svg(const char *text, const char *label, struct buf *out) MC_WARN_UNUSED;

#endif
