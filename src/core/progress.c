/* progress.c - progress of a long command on a terminal (see progress.h). */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include "core/clock.h"
#include "core/compiler.h"
#include "core/mem.h"
#include "core/progress.h"

#define MIN_RATE_US 100000   /* no rate (or time left) before a tenth of a second */

/* ---------------------------------------------------------------- formatting */

/* A line being written into a fixed array; output past the end is cut. */
struct line {
    char *s;
    size_t size, len;
};

static void add(struct line *l, const char *fmt, ...) MC_PRINTF(2, 3);

static void add(struct line *l, const char *fmt, ...)
{
    va_list ap;
    if (l->len + 1 >= l->size)
        return;
    va_start(ap, fmt);
    int n = vsnprintf(l->s + l->len, l->size - l->len, fmt, ap);
    va_end(ap);
    if (n > 0)
        l->len += (size_t)n < l->size - l->len ? (size_t)n : l->size - l->len - 1;
}

/* 1234567 as "1.234.567". */
static void add_count(struct line *l, uint64_t v)
{
    char digits[24];
    int n = snprintf(digits, sizeof(digits), "%llu", (unsigned long long)v);
    for (int i = 0; i < n; i++) {
        add(l, "%c", digits[i]);
        if (i + 1 < n && (n - i - 1) % 3 == 0)
            add(l, ".");
    }
}

/* A rate: whole numbers from 10 up, one decimal (with a comma) below. */
static void add_rate(struct line *l, double per_s)
{
    if (per_s >= 10) {
        add_count(l, (uint64_t)(per_s + 0.5));
    } else {
        unsigned tenths = (unsigned)(per_s * 10 + 0.5);
        add(l, "%u,%u", tenths / 10, tenths % 10);
    }
}

/* A duration in whole units people read: "45 giây", "3 phút 5 giây", "2 giờ 10 phút". */
static void add_duration(struct line *l, uint64_t s)
{
    if (s < 60)
        add(l, "%llu giây", (unsigned long long)s);
    else if (s < 3600)
        add(l, "%llu phút %llu giây", (unsigned long long)(s / 60),
            (unsigned long long)(s % 60));
    else
        add(l, "%llu giờ %llu phút", (unsigned long long)(s / 3600),
            (unsigned long long)(s % 3600 / 60));
}

size_t progress_format(char *out, size_t size, const char *title, const char *phase,
                       const char *unit, uint64_t done, uint64_t total, int64_t elapsed_us,
                       bool finished)
{
    struct line l = {out, size, 0};
    double secs = elapsed_us > 0 ? (double)elapsed_us / 1e6 : 0;
    bool rated = elapsed_us >= MIN_RATE_US;
    double rate = rated ? (double)done / secs : 0;
    if (size == 0)
        return 0;
    out[0] = '\0';
    unit = unit ? unit : "";
    add(&l, "%s", title ? title : "");
    if (phase && *phase)
        add(&l, " – %s", phase);
    add(&l, ": ");
    if (finished) {
        add(&l, "xong ");
        add_count(&l, done);
        add(&l, " %s trong ", unit);
        if (secs < 60) {
            unsigned tenths = (unsigned)(secs * 10 + 0.5);
            add(&l, "%u,%u giây", tenths / 10, tenths % 10);
        } else {
            add_duration(&l, (uint64_t)(secs + 0.5));
        }
        if (rated && done > 0) {
            add(&l, " (");
            add_rate(&l, rate);
            add(&l, "/giây)");
        }
        return l.len;
    }
    add_count(&l, done);
    if (total > 0) {
        uint64_t shown = done < total ? done : total;
        unsigned permille = (unsigned)(shown * 1000 / total);
        add(&l, "/");
        add_count(&l, total);
        add(&l, " %s (%u,%u%%)", unit, permille / 10, permille % 10);
    } else {
        add(&l, " %s", unit);
    }
    if (rated && done > 0) {
        add(&l, ", ");
        add_rate(&l, rate);
        add(&l, "/giây");
        uint64_t left = total > done ? (uint64_t)((double)(total - done) / rate + 0.5) : 0;
        if (total > done && left == 0) {
            add(&l, ", sắp xong");
        } else if (total > done) {
            add(&l, ", còn ");
            add_duration(&l, left);
        }
    }
    return l.len;
}

/* ---------------------------------------------------------------- drawing */

void progress_init_file(struct progress *p, const char *title, FILE *out)
{
    struct winsize ws;
    memset(p, 0, sizeof(*p));
    p->out = out;
    p->title = title;
    if (out && ioctl(fileno(out), TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
        p->width = ws.ws_col;
}

/* Cut s after width - 1 characters (UTF-8, NFC: one column each), so it never wraps. */
static void fit(char *s, unsigned width)
{
    unsigned chars = 0;
    if (width < 2)
        return;
    for (char *c = s; *c; c++) {
        if (((unsigned char)*c & 0xC0) == 0x80)
            continue;
        if (++chars == width) {
            *c = '\0';
            return;
        }
    }
}

void progress_init(struct progress *p, const char *title)
{
    progress_init_file(p, title, isatty(STDERR_FILENO) ? stderr : NULL);
}

static void draw(struct progress *p, bool finished, int64_t now)
{
    char line[PROGRESS_LINE_MAX];
    progress_format(line, sizeof(line), p->title, p->phase, p->unit, p->done, p->total,
                    now - p->start_us, finished);
    if (!finished)   /* a last line may wrap: it is not redrawn */
        fit(line, p->width);
    /* Back to the line's start, the text, then erase what a longer line left. */
    fprintf(p->out, "\r%s\033[K%s", line, finished ? "\n" : "");
    fflush(p->out);
    p->drawn_us = now;
}

void progress_begin(struct progress *p, const char *phase, const char *unit, uint64_t total)
{
    if (!p)
        return;
    if (p->active)
        progress_end(p);
    p->phase = phase;
    p->unit = unit;
    p->total = total;
    p->done = 0;
    p->start_us = clock_mono_us();
    p->drawn_us = 0;
    p->active = true;
}

void progress_set_total(struct progress *p, uint64_t total)
{
    if (p)
        p->total = total;
}

void progress_update(struct progress *p, uint64_t done)
{
    if (!p || !p->active)
        return;
    p->done = done;
    if (!p->out)
        return;
    int64_t now = clock_mono_us();
    if (p->drawn_us == 0 || now - p->drawn_us >= PROGRESS_REDRAW_US)
        draw(p, false, now);
}

void progress_end(struct progress *p)
{
    if (!p || !p->active)
        return;
    if (p->out)
        draw(p, true, clock_mono_us());
    p->active = false;
}

/* ---------------------------------------------------------------- line counting */

struct lines_cookie {
    struct progress *p;
    FILE *out;
    uint64_t rows;
};

static ssize_t lines_write(void *c, const char *data, size_t len)
{
    struct lines_cookie *k = c;
    size_t n = fwrite(data, 1, len, k->out);
    for (const char *e = data + n, *q = data; (q = memchr(q, '\n', (size_t)(e - q))) != NULL;
         q++)
        k->rows++;
    progress_update(k->p, k->rows);
    return n == len ? (ssize_t)n : -1;
}

static int lines_close(void *c)
{
    struct lines_cookie *k = c;
    int rc = fflush(k->out);
    free(k);
    return rc;
}

FILE *progress_lines(struct progress *p, FILE *out)
{
    struct lines_cookie *k = xcalloc(1, sizeof(*k));
    cookie_io_functions_t io = {.write = lines_write, .close = lines_close};
    k->p = p;
    k->out = out;
    FILE *f = fopencookie(k, "w", io);
    if (!f)
        free(k);
    return f;
}
