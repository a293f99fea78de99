/*
 * sms_text.h - what an SMS costs and what a message template may say.
 *
 * An SMS travels in GSM-7 (160 characters in one message, 153 per part
 * once split; the extension characters ^ { } \ [ ] ~ | and the euro sign
 * take two) or, as soon as one character is outside that alphabet (every
 * Vietnamese letter with a diacritic is), in UCS-2 (70 characters, 67 per
 * part; characters outside the basic plane take two).  Carriers bill per
 * part, so Vietnamese without diacritics costs half or less:
 * sms_strip_diacritics() writes it ("Hồ sơ đã được tiếp nhận" gives
 * "Ho so da duoc tiep nhan").
 *
 * Templates are UTF-8 text with placeholders in braces, "{ma_ho_so}";
 * sms_template_check() refuses an unknown placeholder, an unclosed brace
 * or an SMS over SMS_MAX_SEGMENTS parts, with a Vietnamese message.
 *
 * Pure functions, no allocation beyond the buffers passed in; thread-safe.
 */
#ifndef MC_NOTIFY_SMS_TEXT_H
#define MC_NOTIFY_SMS_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include "core/buf.h"
#include "core/status.h"

#define SMS_MAX_SEGMENTS 4     /* carriers' brandname limit for one message */
#define SMS_PLACEHOLDER_MAX 40 /* bytes of a placeholder name */

struct sms_count {
    bool ucs2;          /* needs UCS-2; false = GSM-7 */
    size_t units;       /* septets (GSM-7) or UTF-16 code units (UCS-2) */
    size_t segments;    /* parts the carrier bills (0 for an empty text) */
    size_t per_segment; /* units per part at this length (160/153 or 70/67) */
};

/*
 * Count text (UTF-8).  Returns MC_OK, or MC_ERR_INVALID when text is not
 * valid UTF-8 (out is zeroed).
 */
enum mc_status sms_count(const char *text, struct sms_count *out) MC_WARN_UNUSED;

/*
 * Append text without Vietnamese diacritics to out, keeping case ("Đ"
 * gives "D"); characters that are not letters with marks are kept.
 * Returns MC_OK, MC_ERR_INVALID for invalid UTF-8, MC_ERR_TOO_LARGE when
 * out is full.
 */
enum mc_status sms_strip_diacritics(const char *text, struct buf *out) MC_WARN_UNUSED;

/*
 * Check a template: every placeholder "{name}" must be one of allowed
 * (NULL-terminated), braces must pair, and for an SMS (is_sms) the text
 * with each placeholder counted as its sample length (sample_len bytes of
 * 'x', 0 = 10) must fit in SMS_MAX_SEGMENTS parts.  On refusal msg
 * (msg_size bytes) receives a Vietnamese sentence naming the problem.
 * Returns MC_OK or MC_ERR_INVALID.
 */
enum mc_status sms_template_check(const char *tmpl, const char *const *allowed, bool is_sms,
                                  size_t sample_len, char *msg, size_t msg_size)
    MC_WARN_UNUSED;

/*
 * Fill a checked template: each "{name}" becomes the value given for it
 * in names/values (n pairs); an unknown name is left out.  Appends to out.
 * Returns MC_OK or MC_ERR_TOO_LARGE.
 */
enum mc_status sms_template_fill(const char *tmpl, const char *const *names,
                                 const char *const *values, size_t n, struct buf *out)
    MC_WARN_UNUSED;

#endif
