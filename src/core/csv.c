/* csv.c - streaming RFC 4180 CSV reader (see csv.h). */
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include "core/csv.h"
#include "core/mem.h"

#define CSV_CHUNK 16384u   /* bytes read from a FILE* at a time */

static void csv_reader_setup(struct csv_reader *r, const struct csv_options *opts)
{
    *r = (struct csv_reader){
        .pushback = -1,
        .delimiter = opts && opts->delimiter ? opts->delimiter : ',',
        .max_field = opts && opts->max_field ? opts->max_field : CSV_DEFAULT_MAX_FIELD,
        .max_record = opts && opts->max_record ? opts->max_record : CSV_DEFAULT_MAX_RECORD,
        .max_fields = opts && opts->max_fields ? opts->max_fields : CSV_DEFAULT_MAX_FIELDS,
        .line = 1,
        .error = MC_OK,
    };
}

void csv_reader_init_file(struct csv_reader *r, FILE *fp, const struct csv_options *opts)
{
    csv_reader_setup(r, opts);
    r->fp = fp;
}

void csv_reader_init_mem(struct csv_reader *r, const char *data, size_t len,
                         const struct csv_options *opts)
{
    csv_reader_setup(r, opts);
    r->in = data;
    r->in_len = data ? len : 0;
    r->in_eof = true;
}

void csv_reader_release(struct csv_reader *r)
{
    free(r->chunk);
    free(r->data);
    free(r->fields);
    free(r->offsets);
    r->chunk = NULL;
    r->data = NULL;
    r->fields = NULL;
    r->offsets = NULL;
    r->data_cap = 0;
    r->data_len = 0;
    r->fields_cap = 0;
    r->nfields = 0;
    r->in = NULL;
    r->in_len = 0;
    r->in_pos = 0;
    r->in_eof = true;
}

const char *csv_reader_message(const struct csv_reader *r)
{
    return r->message;
}

unsigned long csv_reader_error_line(const struct csv_reader *r)
{
    return r->error_line;
}

/* Record a sticky error with a Vietnamese message prefixed by the line. */
static enum mc_status csv_fail(struct csv_reader *r, enum mc_status st, unsigned long line,
                               const char *fmt, ...) MC_PRINTF(4, 5);
static enum mc_status csv_fail(struct csv_reader *r, enum mc_status st, unsigned long line,
                               const char *fmt, ...)
{
    va_list ap;
    int n = snprintf(r->message, sizeof(r->message), "dòng %lu: ", line);
    if (n > 0 && (size_t)n < sizeof(r->message)) {
        va_start(ap, fmt);
        vsnprintf(r->message + n, sizeof(r->message) - (size_t)n, fmt, ap);
        va_end(ap);
    }
    r->error = st;
    r->error_line = line;
    return st;
}

/* File mode: read the next chunk.  False at end of input or on error. */
static bool csv_refill(struct csv_reader *r)
{
    if (r->in_eof || !r->fp)
        return false;
    if (!r->chunk)
        r->chunk = xmalloc(CSV_CHUNK);
    size_t n = fread(r->chunk, 1, CSV_CHUNK, r->fp);
    if (n == 0) {
        if (ferror(r->fp))
            r->io_failed = true;
        r->in_eof = true;
        return false;
    }
    r->in = r->chunk;
    r->in_len = n;
    r->in_pos = 0;
    return true;
}

/* The next input byte (0..255), or -1 at end of input. */
static inline int csv_getc(struct csv_reader *r)
{
    if (r->pushback >= 0) {
        int c = r->pushback;
        r->pushback = -1;
        return c;
    }
    if (r->in_pos >= r->in_len && !csv_refill(r))
        return -1;
    return (unsigned char)r->in[r->in_pos++];
}

/* Skip a UTF-8 byte order mark at the very start of the input. */
static void csv_skip_bom(struct csv_reader *r)
{
    static const unsigned char bom[3] = { 0xEF, 0xBB, 0xBF };
    if (r->fp && !r->in_eof) {
        /* Gather at least 3 bytes (or all there is) in the first chunk. */
        if (!r->chunk)
            r->chunk = xmalloc(CSV_CHUNK);
        r->in = r->chunk;
        r->in_len = 0;
        r->in_pos = 0;
        while (r->in_len < sizeof(bom)) {
            size_t n = fread(r->chunk + r->in_len, 1, CSV_CHUNK - r->in_len, r->fp);
            if (n == 0) {
                if (ferror(r->fp))
                    r->io_failed = true;
                r->in_eof = true;
                break;
            }
            r->in_len += n;
        }
    }
    if (r->in_len - r->in_pos >= sizeof(bom) && memcmp(r->in + r->in_pos, bom, sizeof(bom)) == 0)
        r->in_pos += sizeof(bom);
    r->started = true;
}

/* Start a new field in the current record. */
static enum mc_status csv_field_begin(struct csv_reader *r, unsigned long line)
{
    if (r->nfields >= r->max_fields)
        return csv_fail(r, MC_ERR_TOO_LARGE, line, "bản ghi có quá %zu ô", r->max_fields);
    if (r->nfields == r->fields_cap) {
        size_t cap = r->fields_cap ? r->fields_cap * 2 : 16;
        if (cap > r->max_fields)
            cap = r->max_fields;
        r->fields = xrealloc(r->fields, cap * sizeof(*r->fields));
        r->offsets = xrealloc(r->offsets, cap * sizeof(*r->offsets));
        r->fields_cap = cap;
    }
    r->offsets[r->nfields] = r->data_len;
    r->fields[r->nfields].ptr = NULL;
    r->fields[r->nfields].len = 0;
    r->nfields++;
    return MC_OK;
}

/* Make room for n more bytes in the record storage (bounded by the caller). */
static void csv_data_reserve(struct csv_reader *r, size_t n)
{
    if (r->data_len + n <= r->data_cap)
        return;
    size_t cap = r->data_cap ? r->data_cap : 256;
    while (cap < r->data_len + n)
        cap *= 2;
    r->data = xrealloc(r->data, cap);
    r->data_cap = cap;
}

/* Append one byte to the current (last) field, enforcing the limits. */
static enum mc_status csv_field_add(struct csv_reader *r, int c)
{
    struct csv_field *f = &r->fields[r->nfields - 1];
    if (c == '\0')
        return csv_fail(r, MC_ERR_INVALID, r->line,
                        "ô thứ %zu có byte NUL: tệp không phải văn bản CSV", r->nfields);
    if (f->len >= r->max_field)
        return csv_fail(r, MC_ERR_TOO_LARGE, r->line, "ô thứ %zu dài quá %zu byte",
                        r->nfields, r->max_field);
    /* Field bytes so far, without the NULs ending earlier fields. */
    if (r->data_len - (r->nfields - 1) >= r->max_record)
        return csv_fail(r, MC_ERR_TOO_LARGE, r->line, "bản ghi dài quá %zu byte",
                        r->max_record);
    csv_data_reserve(r, 1);
    r->data[r->data_len++] = (char)c;
    f->len++;
    return MC_OK;
}

/* Close the current field: terminate it with a NUL. */
static void csv_field_end(struct csv_reader *r)
{
    csv_data_reserve(r, 1);
    r->data[r->data_len++] = '\0';
}

/* Point the fields at the (now stable) record storage and fill *rec. */
static void csv_record_finish(struct csv_reader *r, struct csv_record *rec, unsigned long line)
{
    for (size_t i = 0; i < r->nfields; i++)
        r->fields[i].ptr = r->data + r->offsets[i];
    r->records++;
    rec->fields = r->fields;
    rec->nfields = r->nfields;
    rec->line = line;
    rec->number = r->records;
}

/* Input ended: MC_ERR_IO if that was a read failure, else MC_OK. */
static enum mc_status csv_check_io(struct csv_reader *r)
{
    if (r->io_failed)
        return csv_fail(r, MC_ERR_IO, r->line, "lỗi đọc tệp");
    return MC_OK;
}

enum mc_status csv_reader_next(struct csv_reader *r, struct csv_record *rec)
{
    enum mc_status st = MC_OK;
    unsigned long start_line;
    int c;

    rec->fields = NULL;
    rec->nfields = 0;
    rec->line = 0;
    rec->number = 0;
    if (r->error != MC_OK) {
        st = r->error;
        goto out;
    }
    if (!r->started)
        csv_skip_bom(r);
    r->data_len = 0;
    r->nfields = 0;

    /* Skip blank lines; stop at end of input. */
    for (;;) {
        c = csv_getc(r);
        if (c == '\n') {
            r->line++;
            continue;
        }
        if (c == '\r') {
            int d = csv_getc(r);
            if (d == '\n') {
                r->line++;
                continue;
            }
            if (d >= 0)
                r->pushback = d;
        }
        break;
    }
    if (c < 0) {
        st = csv_check_io(r);
        if (st == MC_OK)
            st = CSV_END;
        goto out;
    }
    start_line = r->line;

    for (;;) {
        /* At the start of a field; c is its first byte (or -1). */
        st = csv_field_begin(r, start_line);
        if (st != MC_OK)
            goto out;
        if (c == '"') {
            unsigned long quote_line = r->line;
            for (;;) {
                c = csv_getc(r);
                if (c < 0) {
                    st = csv_check_io(r);
                    if (st == MC_OK)
                        st = csv_fail(r, MC_ERR_INVALID, quote_line,
                                      "ô thứ %zu mở dấu ngoặc kép nhưng không đóng "
                                      "đến hết tệp", r->nfields);
                    goto out;
                }
                if (c == '"') {
                    c = csv_getc(r);
                    if (c != '"')
                        break;           /* closing quote; c follows it */
                } else if (c == '\n') {
                    r->line++;
                }
                st = csv_field_add(r, c);
                if (st != MC_OK)
                    goto out;
            }
            /* After the closing quote only a delimiter or line end may come. */
            if (c == '\r') {
                int d = csv_getc(r);
                if (d >= 0 && d != '\n') {
                    st = csv_fail(r, MC_ERR_INVALID, r->line,
                                  "có ký tự sau dấu ngoặc kép đóng của ô thứ %zu",
                                  r->nfields);
                    goto out;
                }
                c = d < 0 ? -1 : '\n';
            }
            if (c != r->delimiter && c != '\n' && c >= 0) {
                st = csv_fail(r, MC_ERR_INVALID, r->line,
                              "có ký tự sau dấu ngoặc kép đóng của ô thứ %zu", r->nfields);
                goto out;
            }
        } else {
            for (;;) {
                if (c < 0 || c == r->delimiter || c == '\n')
                    break;
                if (c == '\r') {
                    int d = csv_getc(r);
                    if (d == '\n') {
                        c = '\n';
                        break;
                    }
                    if (d >= 0)
                        r->pushback = d;
                }
                st = csv_field_add(r, c);
                if (st != MC_OK)
                    goto out;
                c = csv_getc(r);
            }
        }
        csv_field_end(r);
        if (c == r->delimiter) {
            c = csv_getc(r);
            continue;
        }
        if (c == '\n')
            r->line++;
        else if ((st = csv_check_io(r)) != MC_OK)
            goto out;
        break;
    }
    csv_record_finish(r, rec, start_line);
    st = MC_OK;
out:
    return st;
}

struct csv_field csv_record_get(const struct csv_record *rec, size_t i)
{
    struct csv_field f = { "", 0 };
    if (rec && i < rec->nfields)
        f = rec->fields[i];
    return f;
}

bool csv_field_equals(struct csv_field f, const char *s)
{
    size_t n = strlen(s);
    return f.len == n && (n == 0 || memcmp(f.ptr, s, n) == 0);
}

static int csv_ascii_lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* Header cell f, trimmed of spaces and tabs, equals name ignoring ASCII case. */
static bool csv_header_matches(struct csv_field f, const char *name)
{
    const char *p = f.ptr;
    size_t len = f.len;
    while (len && (*p == ' ' || *p == '\t')) {
        p++;
        len--;
    }
    while (len && (p[len - 1] == ' ' || p[len - 1] == '\t'))
        len--;
    size_t n = strlen(name);
    if (len != n)
        return false;
    for (size_t i = 0; i < n; i++)
        if (csv_ascii_lower((unsigned char)p[i]) != csv_ascii_lower((unsigned char)name[i]))
            return false;
    return true;
}

enum mc_status csv_header_map(const struct csv_record *header, struct csv_column *cols,
                              size_t ncols, const char **bad_name)
{
    enum mc_status st = MC_OK;

    if (bad_name)
        *bad_name = NULL;
    for (size_t i = 0; i < ncols; i++)
        cols[i].index = CSV_NO_COLUMN;
    for (size_t i = 0; i < ncols; i++) {
        for (size_t j = 0; j < header->nfields; j++) {
            if (!csv_header_matches(header->fields[j], cols[i].name))
                continue;
            if (cols[i].index != CSV_NO_COLUMN) {
                st = MC_ERR_INVALID;
                if (bad_name)
                    *bad_name = cols[i].name;
                goto out;
            }
            cols[i].index = j;
        }
        if (cols[i].index == CSV_NO_COLUMN && cols[i].required) {
            st = MC_ERR_NOT_FOUND;
            if (bad_name)
                *bad_name = cols[i].name;
            goto out;
        }
    }
out:
    return st;
}

/* ---------------------------------------------------------------- writer */

void csv_writer_init(struct csv_writer *w, struct buf *out, unsigned flags)
{
    w->out = out;
    w->flags = flags;
    w->cells = 0;
    if (flags & CSV_BOM)
        buf_adds(out, "\xEF\xBB\xBF");
}

bool csv_is_formula(const char *s)
{
    return s && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' ||
                 s[0] == '\r');
}

/* The separator before every cell but the first of a row. */
static void cell_start(struct csv_writer *w)
{
    if (w->cells++ > 0)
        buf_addch(w->out, ',');
}

void csv_write_text(struct csv_writer *w, const char *s)
{
    if (!s)
        s = "";
    bool quote = (w->flags & CSV_QUOTE_ALL) || strpbrk(s, ",\"\r\n") != NULL;
    cell_start(w);
    if (quote)
        buf_addch(w->out, '"');
    if (csv_is_formula(s))
        buf_addch(w->out, '\'');
    for (const char *p = s; *p; p++) {
        if (*p == '"')
            buf_addch(w->out, '"');
        buf_addch(w->out, *p);
    }
    if (quote)
        buf_addch(w->out, '"');
}

void csv_write_textf(struct csv_writer *w, const char *fmt, ...)
{
    struct buf b;
    va_list ap;
    buf_init(&b, w->out->max);
    va_start(ap, fmt);
    buf_vaddf(&b, fmt, ap);
    va_end(ap);
    csv_write_text(w, buf_cstr(&b));
    if (buf_status(&b) != MC_OK)
        w->out->overflow = true;
    buf_release(&b);
}

void csv_write_int(struct csv_writer *w, int64_t v)
{
    cell_start(w);
    buf_addf(w->out, "%lld", (long long)v);
}

void csv_write_double(struct csv_writer *w, double v, int decimals)
{
    cell_start(w);
    buf_addf(w->out, "%.*f", decimals, v);
}

void csv_write_empty(struct csv_writer *w)
{
    cell_start(w);
}

void csv_write_json(struct csv_writer *w, const json_t *v)
{
    if (json_is_integer(v))
        csv_write_int(w, (int64_t)json_integer_value(v));
    else if (json_is_real(v))
        csv_write_double(w, json_real_value(v), 2);
    else if (json_is_string(v))
        csv_write_text(w, json_string_value(v));
    else if (json_is_boolean(v))
        csv_write_int(w, json_is_true(v) ? 1 : 0);
    else
        csv_write_empty(w);
}

void csv_write_end(struct csv_writer *w)
{
    buf_adds(w->out, (w->flags & CSV_LF) ? "\n" : "\r\n");
    w->cells = 0;
}
