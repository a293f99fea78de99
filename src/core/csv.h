/*
 * csv.h - a streaming RFC 4180 CSV reader over a FILE* or a memory
 * buffer, and the one CSV writer every export uses.
 *
 * READER
 *
 * Reads one record at a time with bounded memory: fields may be quoted,
 * quotes inside quoted fields are doubled (""), quoted fields may contain
 * the delimiter and line breaks.  Records end with LF or CRLF.  A UTF-8
 * byte order mark at the very start of the input is skipped.  Every record
 * carries the physical line (1-based) where it starts, for messages such
 * as "dòng 12: ...".
 *
 * Leniencies, chosen so real spreadsheet exports load:
 *   - a record without a final line break at end of input is accepted;
 *   - blank lines (nothing between two line breaks) are skipped, so they
 *     are not records (a line holding only "" is a record of one field);
 *   - a double quote inside an unquoted field is kept as a literal byte;
 *   - a lone CR (not followed by LF) inside an unquoted field is kept.
 * Strictness: text after the closing quote of a quoted field (other than
 * the delimiter or a line break), a quoted field still open at end of
 * input, and a NUL byte in a field (a binary or UTF-16 file; fields are
 * handed out NUL-terminated, so it would cut them short) are errors
 * (MC_ERR_INVALID).
 *
 * Sizes are bounded (struct csv_options): a field, a record or the number
 * of fields over its limit is MC_ERR_TOO_LARGE, never a crash.  Errors are
 * sticky: after one, csv_reader_next() keeps returning it.  The reader
 * does not validate UTF-8; bytes are passed through.
 *
 * Not thread-safe: a reader belongs to one thread at a time.
 */
#ifndef MC_CSV_H
#define MC_CSV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <jansson.h>
#include "core/buf.h"
#include "core/status.h"

/* Default limits, used for any option left 0. */
#define CSV_DEFAULT_MAX_FIELD   (64u * 1024)     /* bytes in one field */
#define CSV_DEFAULT_MAX_RECORD  (1024u * 1024)   /* bytes in one record */
#define CSV_DEFAULT_MAX_FIELDS  1024u            /* fields in one record */

/* csv_reader_next() returns this at end of input (not an error). */
#define CSV_END MC_ERR_NOT_FOUND

/* csv_header_map() stores this for an optional column that is absent. */
#define CSV_NO_COLUMN ((size_t)-1)

struct csv_options {
    char delimiter;      /* field separator; 0 means ',' */
    size_t max_field;    /* 0 means CSV_DEFAULT_MAX_FIELD */
    size_t max_record;   /* 0 means CSV_DEFAULT_MAX_RECORD (sum of field bytes) */
    size_t max_fields;   /* 0 means CSV_DEFAULT_MAX_FIELDS */
};

/* One field: len bytes at ptr, followed by a NUL (not counted in len). */
struct csv_field {
    const char *ptr;
    size_t len;
};

/*
 * One record.  fields and the bytes they point to are owned by the reader
 * and stay valid until the next csv_reader_next() or csv_reader_release()
 * on that reader; copy what you keep.
 */
struct csv_record {
    const struct csv_field *fields;
    size_t nfields;          /* at least 1 for every record returned */
    unsigned long line;      /* physical line where the record starts, 1-based */
    unsigned long number;    /* 1 for the first record (the header, if any) */
};

struct csv_reader {
    /* Input: either a FILE* (fp != NULL) or a memory buffer. */
    FILE *fp;
    const char *in;          /* current input bytes */
    size_t in_len;
    size_t in_pos;
    char *chunk;             /* file mode: read buffer (owned) */
    bool in_eof;             /* no more bytes after in[in_len] */
    bool io_failed;          /* file mode: fread reported an error */
    bool started;            /* BOM check done */
    int pushback;            /* one byte given back, or -1 */

    /* Limits, with defaults applied. */
    char delimiter;
    size_t max_field;
    size_t max_record;
    size_t max_fields;

    /* The current record: field bytes (each followed by a NUL). */
    char *data;
    size_t data_len;
    size_t data_cap;
    struct csv_field *fields;
    size_t *offsets;         /* start of each field in data */
    size_t fields_cap;
    size_t nfields;

    unsigned long line;      /* current physical line, 1-based */
    unsigned long records;   /* records returned so far */

    enum mc_status error;    /* sticky; MC_OK while healthy */
    unsigned long error_line;
    char message[200];       /* Vietnamese, "" while healthy */
};

/*
 * Read CSV from fp, which stays owned by the caller and must stay open
 * until csv_reader_release().  The reader reads fp in chunks and may read
 * past the last record it returned.  opts may be NULL for the defaults.
 * Allocates nothing until the first csv_reader_next().
 */
void csv_reader_init_file(struct csv_reader *r, FILE *fp, const struct csv_options *opts);

/*
 * Read CSV from len bytes at data, which stay owned by the caller and
 * must outlive the reader.  The bytes need not be NUL-terminated.  opts
 * may be NULL for the defaults.
 */
void csv_reader_init_mem(struct csv_reader *r, const char *data, size_t len,
                         const struct csv_options *opts);

/*
 * Read the next record into *rec.
 * Returns MC_OK with *rec filled; CSV_END at end of input (rec->nfields
 * is then 0); MC_ERR_INVALID for malformed quoting; MC_ERR_TOO_LARGE when
 * a limit is passed; MC_ERR_IO when reading the FILE* fails.  On any
 * error csv_reader_message() explains it in Vietnamese, naming the line,
 * and later calls return the same error.  rec's memory belongs to the
 * reader (see struct csv_record).
 */
enum mc_status csv_reader_next(struct csv_reader *r, struct csv_record *rec) MC_WARN_UNUSED;

/*
 * A Vietnamese message for the last error, such as
 * "dòng 7: dấu ngoặc kép mở ở dòng 5 không được đóng", or "" when there
 * was none.  Owned by the reader; valid until csv_reader_release().
 */
const char *csv_reader_message(const struct csv_reader *r);

/* The physical line of the last error (0 when there was none). */
unsigned long csv_reader_error_line(const struct csv_reader *r);

/* Free the reader's memory.  Does not close the FILE*.  Safe to repeat. */
void csv_reader_release(struct csv_reader *r);

/*
 * Field i of rec, or an empty field ("" with len 0) when the record is
 * shorter than i + 1 fields.  Use csv_record->nfields to tell the two
 * apart when it matters.  The pointer belongs to the reader.
 */
struct csv_field csv_record_get(const struct csv_record *rec, size_t i);

/* True when field f equals the NUL-terminated string s byte for byte. */
bool csv_field_equals(struct csv_field f, const char *s);

/* A column wanted from a header row, for csv_header_map(). */
struct csv_column {
    const char *name;        /* the header text to look for */
    bool required;           /* absent -> csv_header_map() fails */
    size_t index;            /* out: column index, or CSV_NO_COLUMN */
};

/*
 * Find each wanted column in a header record.  Names match after trimming
 * spaces and tabs around the header cell, ignoring ASCII case ("Ma_TTHC"
 * matches "ma_tthc"); non-ASCII bytes must match exactly.
 * Returns MC_OK with every cols[i].index set (CSV_NO_COLUMN for an absent
 * optional column); MC_ERR_NOT_FOUND when a required column is absent;
 * MC_ERR_INVALID when a wanted name appears in two header cells.  On an
 * error, *bad_name (when bad_name is not NULL) points to the offending
 * cols[i].name, for a message such as "thiếu cột ma_tthc".
 * Pure; does not keep pointers into header.
 */
enum mc_status csv_header_map(const struct csv_record *header, struct csv_column *cols,
                              size_t ncols, const char **bad_name) MC_WARN_UNUSED;

/* ---------------------------------------------------------------- writer */

/*
 * WRITER
 *
 * Every CSV export builds its rows with a struct csv_writer into a
 * struct buf, so quoting and the guard against formula injection are
 * written once:
 *
 * - A text cell is quoted when it holds the delimiter, a double quote, CR
 *   or LF (quotes doubled), or always with CSV_QUOTE_ALL.
 * - Formula injection: a spreadsheet runs a cell that starts with '=',
 *   '+', '-' or '@' as a formula (and some start one after a leading TAB
 *   or CR).  A *text* cell starting with any of these six bytes is
 *   neutralised by a leading apostrophe: "=1+1" is written '=1+1, which
 *   spreadsheets show as text.  Numeric cells (csv_write_int,
 *   csv_write_double, numbers given to csv_write_json) are written as
 *   numbers and never touched, so a rank change of -2 stays the number -2.
 *   Text that merely looks like a number ("-5" typed in a free-text
 *   answer) is text, and neutralised.
 * - Rows end with CRLF (RFC 4180), or LF with CSV_LF.
 *
 * The writer appends to out, whose maximum (struct buf) bounds the
 * export; check buf_status(out) once at the end.  Not thread-safe.
 */

enum csv_write_flags {
    CSV_QUOTE_ALL = 1 << 0,   /* quote every text cell, not only those that need it */
    CSV_LF = 1 << 1,          /* end rows with LF instead of CRLF */
    CSV_BOM = 1 << 2,         /* start with a UTF-8 byte order mark (for Excel) */
};

struct csv_writer {
    struct buf *out;          /* where the bytes go; not owned */
    unsigned flags;           /* enum csv_write_flags */
    size_t cells;             /* cells written in the current row */
};

/*
 * Start writing CSV at the end of out (not owned; it must outlive the
 * writer).  With CSV_BOM the byte order mark is appended at once.
 */
void csv_writer_init(struct csv_writer *w, struct buf *out, unsigned flags);

/* A text cell: quoted when needed, neutralised when it starts like a formula. NULL is "". */
void csv_write_text(struct csv_writer *w, const char *s);
/* A text cell from printf-style arguments (then as csv_write_text). */
void csv_write_textf(struct csv_writer *w, const char *fmt, ...) MC_PRINTF(2, 3);
/* A numeric cell: the integer v in decimal. */
void csv_write_int(struct csv_writer *w, int64_t v);
/* A numeric cell: v with the given number of decimals ("%.*f"). */
void csv_write_double(struct csv_writer *w, double v, int decimals);
/* An empty cell. */
void csv_write_empty(struct csv_writer *w);
/*
 * A cell from a JSON value: an integer as csv_write_int, a real as
 * csv_write_double with two decimals, a string as csv_write_text, true
 * and false as 1 and 0; anything else (NULL, null, arrays) is empty.
 */
void csv_write_json(struct csv_writer *w, const json_t *v);
/* End the current row (a row with no cells is an empty line). */
void csv_write_end(struct csv_writer *w);

/*
 * True when a text cell starting with s would be read as a formula by a
 * spreadsheet (its first byte is '=', '+', '-', '@', TAB or CR).  Pure.
 */
bool csv_is_formula(const char *s);

#endif
