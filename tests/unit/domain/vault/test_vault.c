/* test_vault.c - the file store and the personal document vault. */
#include <stdio.h>
#include <sys/stat.h>
#include <time.h>
#include "domain/dossier/fixture.h"
#include "domain/vault/vault.h"

static void test_filestore_put_dedup_and_types(void **state)
{
    struct fx *f = *state;
    struct filestore_meta a, b, c;
    static const unsigned char png[] = {0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0};
    static const unsigned char jpg[] = {0xff, 0xd8, 0xff, 0xe0, 1, 2, 3};
    char tmp[128];
    assert_int_equal(filestore_put_bytes(&f->fs, "%PDF-1.7 x", 10, &a), MC_OK);
    assert_string_equal(a.content_type, "application/pdf");
    assert_int_equal(a.size, 10);
    assert_int_equal(strlen(a.sha256), 64);
    assert_int_equal(strncmp(a.path, a.sha256, 2), 0);
    assert_int_equal(a.path[2], '/');
    /* Same bytes from a temp file: the same name, stored once. */
    snprintf(tmp, sizeof(tmp), "%s/upload.tmp", f->dir);
    FILE *out = fopen(tmp, "w");
    fputs("%PDF-1.7 x", out);
    fclose(out);
    assert_int_equal(filestore_put_file(&f->fs, tmp, &b), MC_OK);
    assert_string_equal(a.sha256, b.sha256);
    assert_int_equal(filestore_stat(&f->fs, NULL, a.sha256, &c), MC_OK);
    assert_int_equal(c.size, 10);
    assert_int_equal(filestore_put_bytes(&f->fs, png, sizeof(png), &b), MC_OK);
    assert_string_equal(b.content_type, "image/png");
    assert_int_equal(filestore_put_bytes(&f->fs, jpg, sizeof(jpg), &b), MC_OK);
    assert_string_equal(b.content_type, "image/jpeg");
    /* Checked by content, not by name; empty and oversized files refused. */
    assert_int_equal(filestore_put_bytes(&f->fs, "MZ\x90\x00", 4, &b), MC_ERR_INVALID);
    assert_int_equal(filestore_put_bytes(&f->fs, "", 0, &b), MC_ERR_INVALID);
    struct filestore small = f->fs;
    small.max_size = 8;
    assert_int_equal(filestore_put_bytes(&small, "%PDF-1.7 x", 10, &b), MC_ERR_TOO_LARGE);
    assert_int_equal(filestore_put_file(&f->fs, "/nonexistent/x", &b), MC_ERR_NOT_FOUND);
    assert_int_equal(filestore_stat(&f->fs, NULL, "zz", &b), MC_ERR_INVALID);
    assert_int_equal(filestore_stat(&f->fs, NULL, "ab../../etc/passwd", &b), MC_ERR_INVALID);
}

static void write_text(const char *path, const char *text)
{
    FILE *out = fopen(path, "w");
    assert_non_null(out);
    fputs(text, out);
    fclose(out);
}

static void test_filestore_adopt_moves(void **state)
{
    struct fx *f = *state;
    struct filestore_meta a, b;
    struct stat sb;
    char tmp[128];
    snprintf(tmp, sizeof(tmp), "%s/spool.tmp", f->dir);
    write_text(tmp, "%PDF-1.4 adopted");
    assert_int_equal(filestore_adopt_file(&f->fs, tmp, &a), MC_OK);
    assert_int_equal(stat(tmp, &sb), -1);            /* moved, not copied */
    assert_int_equal(filestore_stat(&f->fs, NULL, a.sha256, &b), MC_OK);
    assert_int_equal(b.size, (int64_t)strlen("%PDF-1.4 adopted"));
    /* The same bytes again: already stored, same name. */
    write_text(tmp, "%PDF-1.4 adopted");
    assert_int_equal(filestore_adopt_file(&f->fs, tmp, &b), MC_OK);
    assert_string_equal(a.sha256, b.sha256);
    /* A wrong type is refused and nothing is stored or moved. */
    write_text(tmp, "MZ not a document");
    assert_int_equal(filestore_adopt_file(&f->fs, tmp, &b), MC_ERR_INVALID);
    assert_int_equal(stat(tmp, &sb), 0);
    assert_int_equal(filestore_adopt_file(&f->fs, "/nonexistent/x", &b), MC_ERR_NOT_FOUND);
}

/*
 * Before the program registers the owners of stored files (app/wire.c),
 * the sweep cannot know what is in use: it removes nothing and says so.
 * Runs first, without the fixture (which wires the program).
 */
static void test_filestore_sweep_needs_owners(void **state)
{
    struct filestore fs;
    size_t removed = 7;
    (void)state;
    filestore_init(&fs, "/nonexistent-data-dir");
    assert_int_equal(filestore_sweep(&fs, NULL, (int64_t)time(NULL) + 60, &removed),
                     MC_ERR_INVALID);
    assert_int_equal(removed, 0);
    filestore_release(&fs);
}

static void test_filestore_sweep_keeps_referenced(void **state)
{
    struct fx *f = *state;
    struct filestore_meta kept, orphan;
    struct vault_new vn = {"document", "Giấy xác nhận", NULL, NULL, NULL};
    struct buf path;
    size_t removed = 0;
    int64_t id = 0;
    assert_int_equal(filestore_put_bytes(&f->fs, "%PDF-kept", 9, &kept), MC_OK);
    assert_int_equal(filestore_put_bytes(&f->fs, "%PDF-orphan", 11, &orphan), MC_OK);
    vn.sha256 = kept.sha256;
    assert_int_equal(vault_add(f->db, &f->fs, NULL, f->citizen.id, &vn, &id), MC_OK);
    /* Fresh files are kept (an upload may be waiting to be claimed). */
    assert_int_equal(filestore_sweep(&f->fs, f->db, 0, &removed), MC_OK);
    assert_int_equal(removed, 0);
    assert_int_equal(filestore_sweep(&f->fs, f->db, (int64_t)time(NULL) + 60, &removed),
                     MC_OK);
    assert_int_equal(removed, 1);
    buf_init(&path, BUF_MAX_SMALL);
    assert_int_equal(filestore_abs_path(&f->fs, orphan.sha256, &path), MC_OK);
    struct stat sb;
    assert_int_not_equal(stat(path.data, &sb), 0);
    buf_release(&path);
    assert_int_equal(filestore_stat(&f->fs, NULL, kept.sha256, &orphan), MC_OK);
}

/* A feedback attachment and a draft's upload keep their files too. */
static void test_filestore_sweep_keeps_feedback_attachments(void **state)
{
    struct fx *f = *state;
    struct filestore_meta att;
    size_t removed = 9;
    static const struct db_query Q_ATTACH = {
        "test.feedback_attachment",
        "INSERT INTO feedback_attachments (feedback_id, sha256, name, content_type, size)"
        " VALUES (1, ?1, 'anh.pdf', 'application/pdf', 12)",
    };
    assert_int_equal(filestore_put_bytes(&f->fs, "%PDF-feedbak", 12, &att), MC_OK);
    /* no feedback row 1: turn foreign keys off for this connection */
    assert_int_equal(db_exec_script(f->db, db_can(f->db, DB_CAP_SINGLE_WRITER)
                                               ? "PRAGMA foreign_keys=OFF"
                                               : "SET session_replication_role = replica"),
                     MC_OK);
    assert_int_equal(db_run(f->db, &Q_ATTACH, NULL, "s", att.sha256), MC_OK);
    assert_int_equal(filestore_sweep(&f->fs, f->db, (int64_t)time(NULL) + 60, &removed),
                     MC_OK);
    assert_int_equal(removed, 0);
    assert_int_equal(filestore_stat(&f->fs, NULL, att.sha256, &att), MC_OK);
}

static void test_filestore_sweep_keeps_draft_uploads(void **state)
{
    struct fx *f = *state;
    struct filestore_meta up;
    size_t removed = 9;
    static const struct db_query Q_DRAFT = {
        "test.draft_with_file",
        "INSERT INTO dossier_drafts (applicant_id, procedure_code, agency_code, form_data,"
        " files, created_at, updated_at) VALUES (?1, '1.001193', 'T20.STP', '{}', ?2, 1, 1)",
    };
    assert_int_equal(filestore_put_bytes(&f->fs, "%PDF-draft", 10, &up), MC_OK);
    char files[160];
    snprintf(files, sizeof(files), "[{\"sha256\":\"%s\"}]", up.sha256);
    assert_int_equal(db_run(f->db, &Q_DRAFT, NULL, "is", f->citizen.id, files), MC_OK);
    assert_int_equal(filestore_sweep(&f->fs, f->db, (int64_t)time(NULL) + 60, &removed),
                     MC_OK);
    assert_int_equal(removed, 0);
}

static void test_vault_owner_only_and_validation(void **state)
{
    struct fx *f = *state;
    char sha[FILESTORE_SHA_HEX];
    struct vault_item it;
    struct vault_item_list l;
    int64_t id = 0;
    fx_pdf(f, "bang", sha);
    struct vault_new vn = {"certificate", "Bằng tốt nghiệp", "2020-06-30", NULL, sha};
    assert_int_equal(vault_add(f->db, &f->fs, NULL, f->citizen.id, &vn, &id), MC_OK);
    assert_int_equal(vault_get(f->db, f->citizen.id, id, &it), MC_OK);
    assert_string_equal(it.title, "Bằng tốt nghiệp");
    assert_string_equal(it.issued_on, "2020-06-30");
    assert_string_equal(it.valid_until, "");
    assert_int_equal(it.reuse_count, 0);
    assert_int_equal(vault_get(f->db, f->citizen2.id, id, &it), MC_ERR_NOT_FOUND);
    vault_item_list_init(&l);
    assert_int_equal(vault_list(f->db, f->citizen2.id, &l), MC_OK);
    assert_int_equal(l.n, 0);
    assert_int_equal(vault_list(f->db, f->citizen.id, &l), MC_OK);
    assert_int_equal(l.n, 1);
    vault_item_list_release(&l);
    vn.kind = "result";   /* only dossiers write results */
    assert_int_equal(vault_add(f->db, &f->fs, NULL, f->citizen.id, &vn, &id), MC_ERR_INVALID);
    vn.kind = "document";
    vn.valid_until = "2019-01-01";   /* before issue */
    assert_int_equal(vault_add(f->db, &f->fs, NULL, f->citizen.id, &vn, &id), MC_ERR_INVALID);
    vn.valid_until = NULL;
    vn.issued_on = "2020-02-30";
    assert_int_equal(vault_add(f->db, &f->fs, NULL, f->citizen.id, &vn, &id), MC_ERR_INVALID);
    vn.issued_on = NULL;
    vn.sha256 = "0000000000000000000000000000000000000000000000000000000000000000";
    assert_int_equal(vault_add(f->db, &f->fs, NULL, f->citizen.id, &vn, &id),
                     MC_ERR_NOT_FOUND);
}

static void test_vault_reuse_counted_and_expiry(void **state)
{
    struct fx *f = *state;
    char sha[FILESTORE_SHA_HEX];
    struct vault_item it;
    int64_t id = 0, expired = 0, d1 = 0, d2 = 0;
    struct form_errors errs = {0};
    fx_pdf(f, "cccd", sha);
    struct vault_new vn = {"identity", "CCCD", "2021-01-01", "2031-01-01", sha};
    assert_int_equal(vault_add(f->db, &f->fs, NULL, f->citizen.id, &vn, &id), MC_OK);
    vn.title = "CMND cũ";
    vn.valid_until = "2025-12-31";
    assert_int_equal(vault_add(f->db, &f->fs, NULL, f->citizen.id, &vn, &expired), MC_OK);
    struct dossier_file_ref ref = {NULL, id, NULL};
    struct dossier_submission s = {PROC, AGENCY, NULL, NULL, DOSSIER_DELIVERY_ONLINE, NULL,
                                   &ref, 1, "r1"};
    assert_int_equal(dossier_submit(&f->env, &f->citizen, "ip", &s, &d1, NULL, &errs), MC_OK);
    s.idempotency_key = "r2";
    assert_int_equal(dossier_submit(&f->env, &f->citizen, "ip", &s, &d2, NULL, &errs), MC_OK);
    assert_int_equal(vault_get(f->db, f->citizen.id, id, &it), MC_OK);
    assert_int_equal(it.reuse_count, 2);
    struct dossier read = fx_load(f, d1);
    assert_true(read.reused_data);
    struct dossier_file_list files;
    dossier_file_list_init(&files);
    assert_int_equal(dossier_files(f->db, &f->citizen, &read, &files), MC_OK);
    assert_int_equal(files.n, 1);
    assert_int_equal(files.items[0].vault_item_id, id);
    assert_string_equal(files.items[0].name, "CCCD");
    dossier_file_list_release(&files);
    /* Someone else's item, or an expired one, cannot be reused. */
    s.idempotency_key = "r3";
    assert_int_equal(dossier_submit(&f->env, &f->citizen2, "ip", &s, &d2, NULL, &errs),
                     MC_ERR_NOT_FOUND);
    assert_string_equal(form_errors_of(&errs, "files"),
                        "Không tìm thấy giấy tờ trong kho dữ liệu của bạn.");
    ref.vault_item_id = expired;
    s.idempotency_key = "r4";
    form_errors_clear(&errs);
    assert_int_equal(dossier_submit(&f->env, &f->citizen, "ip", &s, &d2, NULL, &errs),
                     MC_ERR_INVALID);
    assert_string_equal(form_errors_of(&errs, "files"),
                        "Giấy tờ trong kho dữ liệu đã hết hiệu lực.");
    assert_int_equal(errs.count, 1);
    /* The failed submissions counted nothing. */
    assert_int_equal(vault_get(f->db, f->citizen.id, id, &it), MC_OK);
    assert_int_equal(it.reuse_count, 2);
}

static const struct db_query Q_STAGED_COUNT = {"test.staged_count",
                                               "SELECT count(*) FROM staged_files"};

static int64_t staged_count(struct fx *f)
{
    int64_t n = -1;
    assert_int_equal(db_get_int(f->db, &Q_STAGED_COUNT, &n, ""), MC_OK);
    return n;
}

static bool on_disk(struct fx *f, const struct filestore_meta *m)
{
    struct stat sb;
    char path[512];
    snprintf(path, sizeof(path), "%s/files/%s", f->dir, m->path);
    return stat(path, &sb) == 0 && sb.st_size == m->size;
}

/* An upload staged in the database is found, read and moved to disk later. */
static void test_filestore_stage_and_flush(void **state)
{
    struct fx *f = *state;
    struct filestore_meta a, b, c;
    struct buf bytes;
    size_t moved = 0;
    static const char pdf[] = "%PDF-1.7 staged upload";
    assert_int_equal(filestore_stage_bytes(&f->fs, f->db, pdf, sizeof(pdf) - 1, &a), MC_OK);
    assert_string_equal(a.content_type, "application/pdf");
    assert_int_equal(a.size, (int64_t)sizeof(pdf) - 1);
    assert_false(on_disk(f, &a));
    assert_int_equal(staged_count(f), 1);
    /* The same bytes again (a double click): the same name; stored once when moved. */
    assert_int_equal(filestore_stage_bytes(&f->fs, f->db, pdf, sizeof(pdf) - 1, &b), MC_OK);
    assert_string_equal(a.sha256, b.sha256);
    assert_int_equal(staged_count(f), 2);
    /* Found with the database, not without it. */
    assert_int_equal(filestore_stat(&f->fs, f->db, a.sha256, &c), MC_OK);
    assert_int_equal(c.size, a.size);
    assert_string_equal(c.content_type, "application/pdf");
    assert_string_equal(c.path, a.path);
    assert_int_equal(filestore_stat(&f->fs, NULL, a.sha256, &c), MC_ERR_NOT_FOUND);
    buf_init(&bytes, BUF_MAX_FILE);
    assert_int_equal(filestore_read(&f->fs, f->db, a.sha256, &bytes), MC_OK);
    assert_int_equal(bytes.len, sizeof(pdf) - 1);
    assert_memory_equal(bytes.data, pdf, bytes.len);
    buf_reset(&bytes);
    /* Refused like any upload: nothing staged. */
    assert_int_equal(filestore_stage_bytes(&f->fs, f->db, "MZ\x90\x00", 4, &b),
                     MC_ERR_INVALID);
    assert_int_equal(filestore_stage_bytes(&f->fs, f->db, "", 0, &b), MC_ERR_INVALID);
    assert_int_equal(staged_count(f), 2);
    struct filestore_staged stats = {0, 0, 0};
    assert_int_equal(filestore_staged_stats(f->db, &stats), MC_OK);
    assert_int_equal(stats.count, 2);
    assert_int_equal(stats.oldest, clock_now());
    assert_int_equal(stats.newest, clock_now());
    /* The move: on disk with the same bytes, the row gone. */
    assert_int_equal(filestore_flush_staged(&f->fs, f->db, 100, &moved), MC_OK);
    assert_int_equal(moved, 2);
    assert_int_equal(staged_count(f), 0);
    assert_true(on_disk(f, &a));
    assert_int_equal(filestore_read(&f->fs, NULL, a.sha256, &bytes), MC_OK);
    assert_memory_equal(bytes.data, pdf, sizeof(pdf) - 1);
    buf_release(&bytes);
    assert_int_equal(filestore_flush_staged(&f->fs, f->db, 100, &moved), MC_OK);
    assert_int_equal(moved, 0);
    assert_int_equal(filestore_staged_stats(f->db, &stats), MC_OK);
    assert_int_equal(stats.count, 0);
    assert_int_equal(stats.oldest, 0);
    /* Bytes already on disk are staged again (no sync to wait for); the move drops them. */
    assert_int_equal(filestore_stage_bytes(&f->fs, f->db, pdf, sizeof(pdf) - 1, &b), MC_OK);
    assert_int_equal(staged_count(f), 1);
    assert_int_equal(filestore_flush_staged(&f->fs, f->db, 100, &moved), MC_OK);
    assert_int_equal(staged_count(f), 0);
    assert_true(on_disk(f, &a));
    assert_int_equal(filestore_read(&f->fs, f->db, "0000000000000000000000000000000000000000"
                                                   "000000000000000000000000", &bytes),
                     MC_ERR_NOT_FOUND);
}

/* Above FILESTORE_STAGE_MAX, or without a database, a file goes straight to disk. */
static void test_filestore_stage_large_goes_to_disk(void **state)
{
    struct fx *f = *state;
    struct filestore_meta a, b;
    size_t n = FILESTORE_STAGE_MAX + 1;
    char *big = calloc(1, n);
    char tmp[128];
    memcpy(big, "%PDF-1.4", 8);
    assert_int_equal(filestore_stage_bytes(&f->fs, f->db, big, n, &a), MC_OK);
    assert_true(on_disk(f, &a));
    assert_int_equal(staged_count(f), 0);
    /* From a spool file: read when small, moved when large. */
    snprintf(tmp, sizeof(tmp), "%s/spool-big.tmp", f->dir);
    big[9] = 'x';
    FILE *out = fopen(tmp, "w");
    assert_int_equal(fwrite(big, 1, n, out), n);
    fclose(out);
    assert_int_equal(filestore_stage_file(&f->fs, f->db, tmp, &b), MC_OK);
    assert_true(on_disk(f, &b));
    write_text(tmp, "%PDF-1.4 small spool");
    assert_int_equal(filestore_stage_file(&f->fs, f->db, tmp, &b), MC_OK);
    assert_false(on_disk(f, &b));
    assert_int_equal(staged_count(f), 1);
    assert_int_equal(filestore_stage_file(&f->fs, NULL, tmp, &b), MC_OK);
    assert_true(on_disk(f, &b));
    assert_int_equal(filestore_stage_file(&f->fs, f->db, "/nonexistent/x", &b),
                     MC_ERR_NOT_FOUND);
    free(big);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, fx_setup, fx_teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_filestore_sweep_needs_owners),
        T(test_filestore_adopt_moves),
        T(test_filestore_put_dedup_and_types),
        T(test_filestore_stage_and_flush),
        T(test_filestore_stage_large_goes_to_disk),
        T(test_filestore_sweep_keeps_referenced),
        T(test_filestore_sweep_keeps_feedback_attachments),
        T(test_filestore_sweep_keeps_draft_uploads),
        T(test_vault_owner_only_and_validation),
        T(test_vault_reuse_counted_and_expiry),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
