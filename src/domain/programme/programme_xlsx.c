/*
 * programme_xlsx.c - tasks as an Excel workbook: the export (libxlsxwriter,
 * the columns of the CSV) and the import, which reads the first sheet of
 * an .xlsx (a zip read with libzip; the SpreadsheetML subset spreadsheets
 * write: shared strings, inline strings, numbers) into CSV and hands it to
 * the CSV import, so both formats are checked by the same rules.
 *
 * DESIGN
 * - Only what a task sheet needs is understood: cells as text (shared,
 *   inline or plain strings) and numbers as written. Formulas' cached
 *   values are read like numbers; dates typed as Excel dates arrive as
 *   serial numbers and are refused by the time frame check (the sheet's
 *   time column must be text, as in the exported file).
 * - Sizes are bounded before anything is allocated: the zip as a whole
 *   (PROG_IMPORT_MAX_BYTES) and each part once uncompressed
 *   (XLSX_PART_MAX), against zip bombs.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>
#include <zip.h>

#include "core/array.h"
#include "core/log.h"
#include "core/mem.h"
#include "domain/programme/programme-int.h"

#define XLSX_PART_MAX (32u * 1024 * 1024)   /* bytes of one uncompressed part */
#define XLSX_COLS_MAX 64                    /* columns read from a row */

/* ---------------------------------------------------------------- reading */

/* The whole part name of the zip za into out (NUL-terminated); MC_ERR_NOT_FOUND. */
static enum mc_status read_part(zip_t *za, const char *name, struct buf *out)
{
    zip_stat_t sb;
    zip_file_t *f;
    char chunk[16384];
    zip_int64_t n;
    zip_uint64_t total = 0;
    enum mc_status rc = MC_OK;
    zip_stat_init(&sb);
    if (zip_stat(za, name, 0, &sb) != 0)
        return MC_ERR_NOT_FOUND;
    if ((sb.valid & ZIP_STAT_SIZE) && sb.size > XLSX_PART_MAX)
        return MC_ERR_TOO_LARGE;
    f = zip_fopen(za, name, 0);
    if (!f)
        return MC_ERR_INVALID;
    while ((n = zip_fread(f, chunk, sizeof(chunk))) > 0) {
        total += (zip_uint64_t)n;
        if (total > XLSX_PART_MAX) {
            rc = MC_ERR_TOO_LARGE;
            break;
        }
        buf_add(out, chunk, (size_t)n);
    }
    if (n < 0)
        rc = MC_ERR_INVALID;
    zip_fclose(f);
    return rc == MC_OK ? buf_status(out) : rc;
}

/* Append the XML text s[0..len) to out with its entities decoded. */
static void add_unescaped(struct buf *out, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (s[i] != '&') {
            buf_addch(out, s[i]);
            continue;
        }
        const char *semi = memchr(s + i, ';', len - i);
        size_t n = semi ? (size_t)(semi - (s + i)) + 1 : 0;
        if (n == 5 && memcmp(s + i, "&amp;", 5) == 0)
            buf_addch(out, '&');
        else if (n == 4 && memcmp(s + i, "&lt;", 4) == 0)
            buf_addch(out, '<');
        else if (n == 4 && memcmp(s + i, "&gt;", 4) == 0)
            buf_addch(out, '>');
        else if (n == 6 && memcmp(s + i, "&quot;", 6) == 0)
            buf_addch(out, '"');
        else if (n == 6 && memcmp(s + i, "&apos;", 6) == 0)
            buf_addch(out, '\'');
        else if (n > 3 && n < 12 && s[i + 1] == '#') {
            unsigned long cp = s[i + 2] == 'x' ? strtoul(s + i + 3, NULL, 16)
                                               : strtoul(s + i + 2, NULL, 10);
            char u[4];
            size_t k = 0;
            if (cp < 0x80) {
                u[k++] = (char)cp;
            } else if (cp < 0x800) {
                u[k++] = (char)(0xC0 | (cp >> 6));
                u[k++] = (char)(0x80 | (cp & 0x3F));
            } else if (cp < 0x10000) {
                u[k++] = (char)(0xE0 | (cp >> 12));
                u[k++] = (char)(0x80 | ((cp >> 6) & 0x3F));
                u[k++] = (char)(0x80 | (cp & 0x3F));
            } else if (cp < 0x110000) {
                u[k++] = (char)(0xF0 | (cp >> 18));
                u[k++] = (char)(0x80 | ((cp >> 12) & 0x3F));
                u[k++] = (char)(0x80 | ((cp >> 6) & 0x3F));
                u[k++] = (char)(0x80 | (cp & 0x3F));
            }
            buf_add(out, u, k);
        } else {
            buf_addch(out, '&');
            continue;
        }
        i += n - 1;
    }
}

/* Append the text of every <t ...>...</t> between p and end to out. */
static void add_texts(struct buf *out, const char *p, const char *end)
{
    while (p < end) {
        const char *t = strstr(p, "<t");
        if (!t || t >= end)
            break;
        if (t[2] != '>' && t[2] != ' ') {
            p = t + 2;
            continue;
        }
        const char *open = strchr(t, '>');
        if (!open || open >= end)
            break;
        if (open[-1] == '/') {          /* <t/> */
            p = open + 1;
            continue;
        }
        const char *close = strstr(open, "</t>");
        if (!close || close > end)
            break;
        add_unescaped(out, open + 1, (size_t)(close - open - 1));
        p = close + 4;
    }
}

/* The shared strings, each malloc'd, in order. */
struct strings {
    char **items;
    size_t n;
    size_t cap;
};

static void strings_release(struct strings *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->items[i]);
    free(s->items);
    memset(s, 0, sizeof(*s));
}

static void parse_shared(const char *xml, struct strings *out)
{
    const char *p = xml;
    struct buf b;
    buf_init(&b, XLSX_PART_MAX);
    while ((p = strstr(p, "<si")) != NULL) {
        const char *end = strstr(p, "</si>");
        const char *selfclose = strchr(p, '>');
        buf_reset(&b);
        if (selfclose && selfclose[-1] == '/' && (!end || selfclose < end)) {
            end = selfclose;
        } else if (!end) {
            break;
        } else {
            add_texts(&b, p, end);
        }
        *ARRAY_PUSH(out->items, out->n, out->cap) = xstrdup(buf_cstr(&b));
        p = end + 1;
    }
    buf_release(&b);
}

/* The value of attribute name in the tag starting at tag (up to '>'), into out. */
static bool attr(const char *tag, const char *name, char *out, size_t size)
{
    const char *gt = strchr(tag, '>');
    size_t n = strlen(name);
    for (const char *p = tag + 1; gt && p < gt; p++) {
        if (p[-1] == ' ' && strncmp(p, name, n) == 0 && p[n] == '=' &&
            (p[n + 1] == '"' || p[n + 1] == '\'')) {
            const char *v = p + n + 2;
            const char *q = strchr(v, p[n + 1]);
            if (!q || q > gt)
                return false;
            snprintf(out, size, "%.*s", (int)(q - v), v);
            return true;
        }
    }
    return false;
}

/* Column index (0 = A) of a cell reference such as "C12", or -1. */
static int column_of(const char *ref)
{
    int c = 0;
    size_t i = 0;
    for (; ref[i] >= 'A' && ref[i] <= 'Z'; i++)
        c = c * 26 + (ref[i] - 'A' + 1);
    return i > 0 && i <= 3 ? c - 1 : -1;
}

/* Append one CSV field, always quoted (no formula guard: this is input). */
static void csv_field(struct buf *out, const char *s, bool first)
{
    if (!first)
        buf_addch(out, ',');
    buf_addch(out, '"');
    for (const char *p = s; *p; p++) {
        if (*p == '"')
            buf_addch(out, '"');
        buf_addch(out, *p);
    }
    buf_addch(out, '"');
}

/* The rows of the sheet XML as CSV into out. */
static enum mc_status sheet_to_csv(const char *xml, const struct strings *shared,
                                   struct buf *out)
{
    const char *p = xml;
    struct buf cell;
    char *cells[XLSX_COLS_MAX];
    int next_row = 1;
    enum mc_status rc = MC_OK;

    buf_init(&cell, XLSX_PART_MAX);
    while (rc == MC_OK && (p = strstr(p, "<row")) != NULL) {
        const char *end = strstr(p, "</row>");
        const char *tag_end = strchr(p, '>');
        char rnum[16] = "";
        int ncols = 0;
        if (!tag_end)
            break;
        if (tag_end[-1] == '/' || !end)
            end = tag_end;
        if (attr(p, "r", rnum, sizeof(rnum))) {
            /* blank rows keep the row numbers of the ones after them */
            for (int r = next_row; r < atoi(rnum); r++)
                buf_adds(out, "\"\"\n");
            next_row = atoi(rnum);
        }
        memset(cells, 0, sizeof(cells));
        for (const char *c = strstr(p, "<c"); c && c < end; c = strstr(c + 2, "<c")) {
            char ref[16] = "", type[16] = "";
            const char *ce = strchr(c, '>');
            const char *close;
            int col;
            if (c[2] != ' ' && c[2] != '>')
                continue;
            if (!ce || ce > end)
                break;
            col = attr(c, "r", ref, sizeof(ref)) ? column_of(ref) : ncols;
            attr(c, "t", type, sizeof(type));
            if (col < 0 || col >= XLSX_COLS_MAX)
                continue;
            buf_reset(&cell);
            close = ce[-1] == '/' ? ce : strstr(ce, "</c>");
            if (!close || close > end)
                close = ce;
            if (strcmp(type, "inlineStr") == 0) {
                add_texts(&cell, ce, close);
            } else {
                const char *v = strstr(ce, "<v>");
                const char *ve = v ? strstr(v, "</v>") : NULL;
                if (v && ve && ve <= close) {
                    struct buf raw;
                    buf_init(&raw, XLSX_PART_MAX);
                    add_unescaped(&raw, v + 3, (size_t)(ve - v - 3));
                    if (strcmp(type, "s") == 0) {
                        long k = strtol(buf_cstr(&raw), NULL, 10);
                        if (k >= 0 && (size_t)k < shared->n)
                            buf_adds(&cell, shared->items[k]);
                    } else {
                        buf_adds(&cell, buf_cstr(&raw));
                    }
                    buf_release(&raw);
                }
            }
            free(cells[col]);
            cells[col] = xstrdup(buf_cstr(&cell));
            if (col + 1 > ncols)
                ncols = col + 1;
        }
        for (int k = 0; k < ncols; k++)
            csv_field(out, cells[k] ? cells[k] : "", k == 0);
        if (ncols == 0)
            buf_adds(out, "\"\"");
        buf_addch(out, '\n');
        for (int k = 0; k < XLSX_COLS_MAX; k++)
            free(cells[k]);
        next_row++;
        p = end + 1;
        rc = buf_status(out);
    }
    buf_release(&cell);
    return rc;
}

/* Convert the first sheet of the xlsx at data into CSV (out). */
static enum mc_status xlsx_to_csv(const char *data, size_t len, struct buf *out,
                                  struct import_report *rep)
{
    zip_error_t ze;
    zip_source_t *src = NULL;
    zip_t *za = NULL;
    struct buf shared_xml, sheet_xml;
    struct strings shared;
    enum mc_status rc = MC_ERR_INVALID;

    memset(&shared, 0, sizeof(shared));
    buf_init(&shared_xml, XLSX_PART_MAX + 1);
    buf_init(&sheet_xml, XLSX_PART_MAX + 1);
    zip_error_init(&ze);
    src = zip_source_buffer_create(data, len, 0, &ze);
    za = src ? zip_open_from_source(src, ZIP_RDONLY, &ze) : NULL;
    if (!za) {
        import_report_error(rep, "tệp không phải bảng tính Excel (.xlsx) đọc được");
        goto out;
    }
    rc = read_part(za, "xl/worksheets/sheet1.xml", &sheet_xml);
    if (rc != MC_OK) {
        import_report_error(rep, rc == MC_ERR_TOO_LARGE ? "trang tính đầu tiên lớn quá"
                                                        : "không đọc được trang tính đầu tiên");
        rc = rc == MC_ERR_TOO_LARGE ? MC_ERR_TOO_LARGE : MC_ERR_INVALID;
        goto out;
    }
    rc = read_part(za, "xl/sharedStrings.xml", &shared_xml);
    if (rc == MC_ERR_NOT_FOUND)
        rc = MC_OK;
    if (rc != MC_OK) {
        import_report_error(rep, "không đọc được bảng chuỗi của tệp Excel");
        rc = MC_ERR_INVALID;
        goto out;
    }
    parse_shared(buf_cstr(&shared_xml), &shared);
    rc = sheet_to_csv(buf_cstr(&sheet_xml), &shared, out);
out:
    if (za)
        zip_close(za);
    else if (src)
        zip_source_free(src);
    zip_error_fini(&ze);
    strings_release(&shared);
    buf_release(&sheet_xml);
    buf_release(&shared_xml);
    return rc;
}

enum mc_status prog_tasks_import_xlsx(struct db *db, int64_t plan_id, const char *data,
                                      size_t len, const struct audit_actor *who,
                                      struct import_report *rep)
{
    struct buf csv;
    enum mc_status rc;
    import_report_clear(rep);
    if (len > PROG_IMPORT_MAX_BYTES)
        return MC_ERR_TOO_LARGE;
    buf_init(&csv, PROG_IMPORT_MAX_BYTES * 4);
    rc = xlsx_to_csv(data, len, &csv, rep);
    if (rc == MC_OK)
        rc = prog_tasks_import(db, plan_id, csv.data ? csv.data : "", csv.len, true, who, rep);
    buf_release(&csv);
    return rc;
}

bool prog_is_xlsx(const char *data, size_t len)
{
    return len >= 4 && memcmp(data, "PK\x03\x04", 4) == 0;
}

/* ---------------------------------------------------------------- export */

enum mc_status prog_tasks_export_xlsx(struct db *db, int64_t plan_id, const char *tmpdir,
                                      struct buf *out)
{
    static const char *const header[] = {
        "stt", "muc", "giai_doan", "noi_dung", "dieu_1588", "chu_tri", "phoi_hop",
        "thoi_gian_ghi", "thoi_gian", "ket_qua", "dau_ra", "ghi_chu", "kinh_phi",
    };
    struct prog_task_list l;
    char path[600];
    lxw_workbook_options opts = {.constant_memory = 0, .tmpdir = (char *)tmpdir};
    lxw_workbook *wb = NULL;
    enum mc_status rc;
    int fd;

    prog_task_list_init(&l);
    snprintf(path, sizeof(path), "%s/nhiem-vu-XXXXXX.xlsx", tmpdir);
    fd = mkstemps(path, 5);
    if (fd < 0) {
        log_error("task export: cannot create a temporary file in %s", tmpdir);
        return MC_ERR_IO;
    }
    close(fd);
    rc = prog_task_list(db, plan_id, NULL, &l);
    if (rc == MC_OK)
        wb = workbook_new_opt(path, &opts);
    if (rc == MC_OK && !wb)
        rc = MC_ERR_IO;
    if (rc == MC_OK) {
        lxw_worksheet *ws = workbook_add_worksheet(wb, "Nhiệm vụ");
        lxw_format *bold = workbook_add_format(wb);
        lxw_format *text = workbook_add_format(wb);
        format_set_bold(bold);
        format_set_num_format(text, "@");
        format_set_text_wrap(text);
        for (size_t c = 0; c < MC_ARRAY_LEN(header); c++) {
            worksheet_write_string(ws, 0, (lxw_col_t)c, header[c], bold);
            worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, c == 3 ? 70 : 16, text);
        }
        for (size_t i = 0; i < l.n; i++) {
            const struct prog_task *t = &l.items[i];
            const char *cells[] = {t->number, t->section, t->phase, t->content, t->clauses,
                                   t->leads ? t->leads : "", t->cos ? t->cos : "",
                                   t->frame_text, t->frame, t->expected, t->output_kinds,
                                   t->note};
            lxw_row_t r = (lxw_row_t)(i + 1);
            for (size_t c = 0; c < MC_ARRAY_LEN(cells); c++)
                if (cells[c] && cells[c][0])
                    worksheet_write_string(ws, r, (lxw_col_t)c, cells[c], text);
            if (t->budget_planned >= 0)
                worksheet_write_number(ws, r, 12, (double)t->budget_planned, NULL);
        }
        if (workbook_close(wb) != LXW_NO_ERROR)
            rc = MC_ERR_IO;
    }
    if (rc == MC_OK)
        rc = buf_add_file(out, path);
    unlink(path);
    prog_task_list_release(&l);
    return rc;
}
