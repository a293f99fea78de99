/* filestore.c - content-addressed, atomically written files (see filestore.h). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include "core/groupsync.h"
#include "core/clock.h"
#include "core/fdio.h"
#include "core/log.h"
#include "core/mem.h"
#include "core/filestore.h"
#include "core/s3.h"

const struct db_field filestore_meta_fields[FILESTORE_META_COLS] = {
    DB_TEXT(struct filestore_meta, sha256),
    DB_INT64(struct filestore_meta, size),
    DB_TEXT(struct filestore_meta, content_type),
    DB_TEXT(struct filestore_meta, path),
};

#define CHUNK (64u * 1024)
#define HEAD_BYTES 8

void filestore_init(struct filestore *fs, const char *data_dir)
{
    struct buf b;
    buf_init(&b, BUF_MAX_SMALL);
    buf_addf(&b, "%s/files", data_dir);
    fs->root = buf_detach(&b, NULL);
    fs->max_size = FILESTORE_MAX_SIZE;
    fs->sync = groupsync_acquire_fs(fs->root);
    fs->remote = NULL;
    fs->remote_bad = false;
    const char *files = getenv("MOTCUA_FILES");
    if (files && *files && strcmp(files, "local") != 0)
        fs->remote_bad = s3_open(files, &fs->remote) != MC_OK;
}

const char *filestore_problem(const struct filestore *fs)
{
    return fs->remote_bad ? "MOTCUA_FILES phải có dạng s3://BUCKET?endpoint=http(s)://MÁY:CỔNG"
                            " (thêm &region=...), với MOTCUA_S3_ACCESS_KEY và"
                            " MOTCUA_S3_SECRET_KEY" : NULL;
}

void filestore_release(struct filestore *fs)
{
    s3_free(fs->remote);
    fs->remote = NULL;
    groupsync_release(fs->sync);
    fs->sync = NULL;
    free(fs->root);
    fs->root = NULL;
}

const char *filestore_sniff(const unsigned char *h, size_t n)
{
    static const unsigned char png[] = {0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a};
    if (n >= 5 && memcmp(h, "%PDF-", 5) == 0)
        return "application/pdf";
    if (n >= 3 && h[0] == 0xff && h[1] == 0xd8 && h[2] == 0xff)
        return "image/jpeg";
    if (n >= sizeof(png) && memcmp(h, png, sizeof(png)) == 0)
        return "image/png";
    return NULL;
}

static bool sha_valid(const char *s)
{
    size_t i = 0;
    if (!s)
        return false;
    for (; s[i]; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
            return false;
    return i == 64;
}

static void rel_path(const char *sha, char out[FILESTORE_PATH_MAX])
{
    snprintf(out, FILESTORE_PATH_MAX, "%.2s/%s", sha, sha + 2);
}

/*
 * Wait for a sync of the store's file system that began after this call:
 * every file renamed into place before it is then on stable storage.
 */
static enum mc_status store_sync(const struct filestore *fs)
{
    return groupsync_wait(fs->sync);
}

static enum mc_status slurp(const char *path, size_t max, unsigned char **data, size_t *len);
static enum mc_status ensure_dir(const char *path, bool *created);

/* Send the stored file m (at the local path final) to the bucket, if any. */
static enum mc_status upload(const struct filestore *fs, const struct filestore_meta *m,
                             const char *final)
{
    unsigned char *data = NULL;
    size_t len = 0;
    enum mc_status rc;
    if (!fs->remote)
        return MC_OK;
    rc = slurp(final, FILESTORE_MAX_SIZE, &data, &len);
    if (rc == MC_OK)
        rc = s3_put(fs->remote, m->path, data, len, m->content_type, m->sha256);
    free(data);
    return rc == MC_OK ? MC_OK : MC_ERR_IO;
}

/* Bring the file sha256 from the bucket into the local folder; MC_ERR_NOT_FOUND without. */
static enum mc_status fetch(const struct filestore *fs, const char *sha256)
{
    char rel[FILESTORE_PATH_MAX];
    struct buf dir, tmp, final;
    bool created = false;
    enum mc_status rc = MC_OK;
    if (!fs->remote || !sha_valid(sha256))
        return MC_ERR_NOT_FOUND;
    rel_path(sha256, rel);
    buf_init(&dir, BUF_MAX_SMALL);
    buf_init(&tmp, BUF_MAX_SMALL);
    buf_init(&final, BUF_MAX_SMALL);
    buf_addf(&dir, "%s/%.2s", fs->root, sha256);
    buf_addf(&tmp, "%s/.get-%08x", fs->root, (unsigned)randombytes_random());
    buf_addf(&final, "%s/%s", fs->root, rel);
    if (buf_status(&dir) != MC_OK || buf_status(&tmp) != MC_OK || buf_status(&final) != MC_OK
        || ensure_dir(fs->root, &created) != MC_OK || ensure_dir(dir.data, &created) != MC_OK)
        rc = MC_ERR_IO;
    if (rc == MC_OK)
        rc = s3_get(fs->remote, rel, tmp.data, fs->max_size);
    if (rc == MC_OK && rename(tmp.data, final.data) != 0) {
        unlink(tmp.data);
        rc = MC_ERR_IO;
    }
    buf_release(&dir);
    buf_release(&tmp);
    buf_release(&final);
    return rc == MC_ERR_TOO_LARGE ? MC_ERR_NOT_FOUND : rc;
}

static enum mc_status ensure_dir(const char *path, bool *created)
{
    *created = false;
    if (mkdir(path, 0750) == 0) {
        *created = true;
        return MC_OK;
    }
    return errno == EEXIST ? MC_OK : MC_ERR_IO;
}

/* A file being written: temp name in the root, hash state, head bytes. */
struct writer {
    const struct filestore *fs;
    struct buf tmp;
    int fd;
    crypto_hash_sha256_state hash;
    unsigned char head[HEAD_BYTES];
    size_t size;
};

static enum mc_status writer_open(struct writer *w, const struct filestore *fs)
{
    bool created;
    w->fs = fs;
    w->fd = -1;
    w->size = 0;
    buf_init(&w->tmp, BUF_MAX_SMALL);
    crypto_hash_sha256_init(&w->hash);
    if (ensure_dir(fs->root, &created) != MC_OK) {
        log_error("cannot create the file store folder");
        return MC_ERR_IO;
    }
    buf_addf(&w->tmp, "%s/.put-XXXXXX", fs->root);
    if (buf_status(&w->tmp) != MC_OK)
        return MC_ERR_TOO_LARGE;
    w->fd = mkstemp(w->tmp.data);
    return w->fd < 0 ? MC_ERR_IO : MC_OK;
}

static enum mc_status writer_add(struct writer *w, const unsigned char *p, size_t n)
{
    if (w->size + n > w->fs->max_size)
        return MC_ERR_TOO_LARGE;
    for (size_t i = 0; w->size + i < HEAD_BYTES && i < n; i++)
        w->head[w->size + i] = p[i];
    crypto_hash_sha256_update(&w->hash, p, n);
    w->size += n;
    return fd_write_all(w->fd, p, n, false) ? MC_OK : MC_ERR_IO;
}

/* Check, sync, and move the temp file into place (or drop it if stored). */
/* Name the file by its hash; with sync, wait for the store's next sync. */
static enum mc_status writer_commit(struct writer *w, struct filestore_meta *out, bool sync)
{
    unsigned char digest[crypto_hash_sha256_BYTES];
    struct buf dir, final;
    struct stat sb;
    bool created = false;
    enum mc_status rc = MC_OK;
    const char *type = filestore_sniff(w->head, w->size < HEAD_BYTES ? w->size : HEAD_BYTES);
    buf_init(&dir, BUF_MAX_SMALL);
    buf_init(&final, BUF_MAX_SMALL);
    if (w->size == 0 || !type) {
        rc = MC_ERR_INVALID;
        goto out;
    }
    crypto_hash_sha256_final(&w->hash, digest);
    sodium_bin2hex(out->sha256, sizeof(out->sha256), digest, sizeof(digest));
    out->size = (int64_t)w->size;
    snprintf(out->content_type, sizeof(out->content_type), "%s", type);
    rel_path(out->sha256, out->path);
    buf_addf(&dir, "%s/%.2s", w->fs->root, out->sha256);
    buf_addf(&final, "%s/%s", w->fs->root, out->path);
    if ((rc = buf_status(&dir)) != MC_OK || (rc = buf_status(&final)) != MC_OK)
        goto out;
    /* Already stored (perhaps by a racing put not yet synced): sync below. */
    if (stat(final.data, &sb) != 0 || sb.st_size != (off_t)w->size) {
        if (ensure_dir(dir.data, &created) != MC_OK || rename(w->tmp.data, final.data) != 0) {
            rc = MC_ERR_IO;
            goto out;
        }
        buf_reset(&w->tmp);   /* renamed: nothing to remove */
    }
    rc = sync ? store_sync(w->fs) : MC_OK;
    if (rc == MC_OK)
        rc = upload(w->fs, out, final.data);
out:
    buf_release(&dir);
    buf_release(&final);
    return rc;
}

static void writer_close(struct writer *w)
{
    if (w->fd >= 0)
        close(w->fd);
    if (w->tmp.len > 0)
        unlink(w->tmp.data);
    buf_release(&w->tmp);
}

static enum mc_status put_bytes(const struct filestore *fs, const void *data, size_t len,
                                struct filestore_meta *out, bool sync)
{
    struct writer w;
    enum mc_status rc = writer_open(&w, fs);
    if (rc == MC_OK)
        rc = writer_add(&w, data, len);
    if (rc == MC_OK)
        rc = writer_commit(&w, out, sync);
    writer_close(&w);
    if (rc == MC_ERR_IO)
        log_error("file store write failed: %s", strerror(errno));
    return rc;
}

enum mc_status filestore_put_bytes(const struct filestore *fs, const void *data, size_t len,
                                   struct filestore_meta *out)
{
    return put_bytes(fs, data, len, out, true);
}

enum mc_status filestore_put_file(const struct filestore *fs, const char *tmp_path,
                                  struct filestore_meta *out)
{
    struct writer w;
    unsigned char *chunk = NULL;
    enum mc_status rc;
    int in = open(tmp_path, O_RDONLY);
    if (in < 0)
        return MC_ERR_NOT_FOUND;
    rc = writer_open(&w, fs);
    chunk = xmalloc(CHUNK);
    while (rc == MC_OK) {
        ssize_t n = read(in, chunk, CHUNK);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            rc = MC_ERR_IO;
        if (n <= 0)
            break;
        rc = writer_add(&w, chunk, (size_t)n);
    }
    if (rc == MC_OK)
        rc = writer_commit(&w, out, true);
    writer_close(&w);
    free(chunk);
    close(in);
    if (rc == MC_ERR_IO)
        log_error("file store write failed: %s", strerror(errno));
    return rc;
}

/* Hash, measure and sniff the file open on fd, as the writer would. */
static enum mc_status scan_file(const struct filestore *fs, int fd, struct filestore_meta *out)
{
    crypto_hash_sha256_state hash;
    unsigned char head[HEAD_BYTES], digest[crypto_hash_sha256_BYTES];
    unsigned char *chunk = xmalloc(CHUNK);
    size_t size = 0;
    enum mc_status rc = MC_OK;
    crypto_hash_sha256_init(&hash);
    for (;;) {
        ssize_t n = read(fd, chunk, CHUNK);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            rc = n < 0 ? MC_ERR_IO : rc;
            break;
        }
        for (size_t i = 0; size + i < HEAD_BYTES && i < (size_t)n; i++)
            head[size + i] = chunk[i];
        size += (size_t)n;
        if (size > fs->max_size) {
            rc = MC_ERR_TOO_LARGE;
            break;
        }
        crypto_hash_sha256_update(&hash, chunk, (size_t)n);
    }
    free(chunk);
    const char *type = rc == MC_OK && size > 0
                           ? filestore_sniff(head, size < HEAD_BYTES ? size : HEAD_BYTES) : NULL;
    if (rc == MC_OK && !type)
        rc = MC_ERR_INVALID;
    if (rc != MC_OK)
        return rc;
    crypto_hash_sha256_final(&hash, digest);
    sodium_bin2hex(out->sha256, sizeof(out->sha256), digest, sizeof(digest));
    out->size = (int64_t)size;
    snprintf(out->content_type, sizeof(out->content_type), "%s", type);
    rel_path(out->sha256, out->path);
    return MC_OK;
}

enum mc_status filestore_adopt_file(const struct filestore *fs, const char *tmp_path,
                                    struct filestore_meta *out)
{
    struct buf dir, final;
    struct stat sb;
    bool created = false, copy = false;
    enum mc_status rc;
    int fd = open(tmp_path, O_RDONLY);
    if (fd < 0)
        return MC_ERR_NOT_FOUND;
    buf_init(&dir, BUF_MAX_SMALL);
    buf_init(&final, BUF_MAX_SMALL);
    if ((rc = scan_file(fs, fd, out)) != MC_OK)
        goto out;
    buf_addf(&dir, "%s/%.2s", fs->root, out->sha256);
    buf_addf(&final, "%s/%s", fs->root, out->path);
    if ((rc = buf_status(&dir)) != MC_OK || (rc = buf_status(&final)) != MC_OK)
        goto out;
    /* Already stored (perhaps by a racing put not yet synced): sync below. */
    if (stat(final.data, &sb) != 0 || sb.st_size != (off_t)out->size) {
        if (ensure_dir(fs->root, &created) != MC_OK || ensure_dir(dir.data, &created) != MC_OK) {
            rc = MC_ERR_IO;
            goto out;
        }
        if (rename(tmp_path, final.data) != 0) {
            copy = errno == EXDEV;
            rc = copy ? MC_OK : MC_ERR_IO;
            goto out;
        }
    }
    rc = store_sync(fs);
    if (rc == MC_OK)
        rc = upload(fs, out, final.data);
out:
    close(fd);
    buf_release(&dir);
    buf_release(&final);
    if (copy)
        rc = filestore_put_file(fs, tmp_path, out);
    if (rc == MC_ERR_IO)
        log_error("file store move failed: %s", strerror(errno));
    return rc;
}

enum mc_status filestore_abs_path(const struct filestore *fs, const char *sha256,
                                  struct buf *out)
{
    char rel[FILESTORE_PATH_MAX];
    if (!sha_valid(sha256))
        return MC_ERR_INVALID;
    rel_path(sha256, rel);
    buf_addf(out, "%s/%s", fs->root, rel);
    return buf_status(out);
}

/* filestore_stat() for a file in the store's folders only. */
static enum mc_status stat_on_disk(const struct filestore *fs, const char *sha256,
                                   struct filestore_meta *out)
{
    struct buf path;
    unsigned char head[HEAD_BYTES];
    struct stat sb;
    const char *type;
    enum mc_status rc;
    int fd = -1;
    ssize_t n;
    buf_init(&path, BUF_MAX_SMALL);
    if ((rc = filestore_abs_path(fs, sha256, &path)) != MC_OK)
        goto out;
    fd = open(path.data, O_RDONLY);
    if (fd < 0 || fstat(fd, &sb) != 0) {
        rc = MC_ERR_NOT_FOUND;
        goto out;
    }
    n = read(fd, head, sizeof(head));
    type = n > 0 ? filestore_sniff(head, (size_t)n) : NULL;
    if (!type) {
        rc = MC_ERR_NOT_FOUND;
        goto out;
    }
    snprintf(out->sha256, sizeof(out->sha256), "%s", sha256);
    out->size = (int64_t)sb.st_size;
    snprintf(out->content_type, sizeof(out->content_type), "%s", type);
    rel_path(sha256, out->path);
out:
    if (fd >= 0)
        close(fd);
    buf_release(&path);
    return rc;
}

/* The owners of stored files (filestore_owner_add), fixed once the program runs. */
static struct {
    const char *name;
    filestore_owner_fn fn;
} owners[FILESTORE_OWNERS_MAX];
static size_t nowners;

enum mc_status filestore_owner_add(const char *name, filestore_owner_fn fn)
{
    for (size_t i = 0; i < nowners; i++)
        if (owners[i].fn == fn)
            return MC_OK;
    if (nowners == FILESTORE_OWNERS_MAX)
        return MC_ERR_TOO_LARGE;
    owners[nowners].name = name;
    owners[nowners++].fn = fn;
    return MC_OK;
}

enum mc_status filestore_owner_ask(struct db *db, const struct db_query *q,
                                   const char *sha256, bool *used)
{
    int64_t n = 0;
    enum mc_status rc = db_get_int(db, q, &n, "s", sha256);
    *used = rc != MC_OK || n != 0;
    return rc;
}

/* Whether any owner uses sha; *used stays true on an error (keep what is unsure). */
static enum mc_status referenced(struct db *db, const char *sha, bool *used)
{
    enum mc_status rc = MC_OK;
    *used = false;
    for (size_t i = 0; i < nowners && !*used; i++) {
        rc = owners[i].fn(db, sha, used);
        if (rc != MC_OK) {
            log_warn("file store: %s could not say whether it uses a file", owners[i].name);
            *used = true;
        }
    }
    return rc;
}

/* Sweep one two-digit folder. */
static enum mc_status sweep_dir(const struct filestore *fs, struct db *db, const char *sub,
                                int64_t older_than, size_t *removed)
{
    struct buf path;
    struct dirent *e;
    enum mc_status rc = MC_OK;
    buf_init(&path, BUF_MAX_SMALL);
    buf_addf(&path, "%s/%s", fs->root, sub);
    DIR *d = opendir(path.data);
    if (!d) {
        rc = MC_ERR_IO;
        goto out;
    }
    while (rc == MC_OK && (e = readdir(d)) != NULL) {
        char sha[FILESTORE_SHA_HEX];
        struct stat sb;
        bool used = true;
        if (strlen(e->d_name) != 62)
            continue;
        snprintf(sha, sizeof(sha), "%.2s%.62s", sub, e->d_name);
        if (!sha_valid(sha))
            continue;
        buf_reset(&path);
        buf_addf(&path, "%s/%s/%s", fs->root, sub, e->d_name);
        if (stat(path.data, &sb) != 0 || (int64_t)sb.st_mtime >= older_than)
            continue;
        rc = referenced(db, sha, &used);
        if (rc == MC_OK && !used && unlink(path.data) == 0)
            (*removed)++;
    }
    closedir(d);
out:
    buf_release(&path);
    return rc;
}

static bool is_hex(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

/* Remove a temp file a crashed put left behind, once it is old enough. */
static void drop_stale_temp(const struct filestore *fs, const char *name, int64_t older_than,
                            size_t *removed)
{
    struct buf path;
    struct stat sb;
    buf_init(&path, BUF_MAX_SMALL);
    buf_addf(&path, "%s/%s", fs->root, name);
    if (buf_status(&path) == MC_OK && stat(path.data, &sb) == 0 &&
        (int64_t)sb.st_mtime < older_than && unlink(path.data) == 0)
        (*removed)++;
    buf_release(&path);
}

enum mc_status filestore_sweep(const struct filestore *fs, struct db *db, int64_t older_than,
                               size_t *removed)
{
    size_t count = 0;
    enum mc_status rc = nowners ? MC_OK : MC_ERR_INVALID;
    struct dirent *e;
    DIR *d = rc == MC_OK ? opendir(fs->root) : NULL;
    if (!d)
        goto out;   /* no owners, or nothing stored yet */
    while (rc == MC_OK && (e = readdir(d)) != NULL) {
        const char *n = e->d_name;
        if (strlen(n) == 2 && is_hex(n[0]) && is_hex(n[1]))
            rc = sweep_dir(fs, db, n, older_than, &count);
        else if (strncmp(n, ".put-", 5) == 0 || strncmp(n, ".get-", 5) == 0)
            drop_stale_temp(fs, n, older_than, &count);
    }
    closedir(d);
out:
    if (removed)
        *removed = count;
    return rc;
}

/* ---------------------------------------------------------------- staging */

static const struct db_query Q_STAGE_INSERT = {
    "filestore.stage_insert",
    "INSERT INTO staged_files (sha256, size, content_type, bytes, staged_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5)",
};
static const struct db_query Q_STAGE_META = {
    "filestore.stage_meta",
    "SELECT size, content_type FROM staged_files WHERE sha256 = ?1 LIMIT 1",
};
static const struct db_query Q_STAGE_BYTES = {
    "filestore.stage_bytes",
    "SELECT bytes FROM staged_files WHERE sha256 = ?1 LIMIT 1",
};
static const struct db_query Q_STAGE_BATCH = {
    "filestore.stage_batch",
    "SELECT id, bytes FROM staged_files ORDER BY id LIMIT ?1",
};
static const struct db_query Q_STAGE_DELETE = {
    "filestore.stage_delete",
    "DELETE FROM staged_files WHERE id = ?1",
};

static const struct db_query Q_STAGE_STATS = {
    "filestore.stage_stats",
    "SELECT count(*), coalesce(min(staged_at), 0), coalesce(max(staged_at), 0)"
    " FROM staged_files",
};

enum mc_status filestore_staged_stats(struct db *db, struct filestore_staged *out)
{
    struct db_stmt *st = NULL;
    bool row = false;
    enum mc_status rc = db_query_start(db, &Q_STAGE_STATS, &st, "");
    if (rc == MC_OK)
        rc = db_step(st, &row);
    if (rc == MC_OK && row) {
        out->count = db_col_int64(st, 0);
        out->oldest = db_col_int64(st, 1);
        out->newest = db_col_int64(st, 2);
    }
    db_done(st);
    return rc;
}

#define FLUSH_BATCH 512                  /* staged files per sync of the store */
#define FLUSH_BYTES (32u * 1024 * 1024)  /* and at most this many bytes */

enum mc_status filestore_describe_bytes(const struct filestore *fs, const void *bytes,
                                        size_t len, struct filestore_meta *out)
{
    const unsigned char *data = bytes;
    unsigned char digest[crypto_hash_sha256_BYTES];
    if (len > fs->max_size)
        return MC_ERR_TOO_LARGE;
    const char *type = len > 0 ? filestore_sniff(data, len < HEAD_BYTES ? len : HEAD_BYTES)
                               : NULL;
    if (!type)
        return MC_ERR_INVALID;
    crypto_hash_sha256(digest, data, len);
    sodium_bin2hex(out->sha256, sizeof(out->sha256), digest, sizeof(digest));
    out->size = (int64_t)len;
    snprintf(out->content_type, sizeof(out->content_type), "%s", type);
    rel_path(out->sha256, out->path);
    return MC_OK;
}

struct stage_ctx {
    const struct filestore_meta *meta;
    const void *data;
    size_t len;
};

static enum mc_status stage_tx(struct db *db, void *arg)
{
    struct stage_ctx *c = arg;
    struct db_stmt *st = NULL;
    bool row;
    enum mc_status rc = db_prepare(db, &Q_STAGE_INSERT, &st);
    if (rc == MC_OK) {
        db_bind_str(st, 1, c->meta->sha256);
        db_bind_int64(st, 2, c->meta->size);
        db_bind_str(st, 3, c->meta->content_type);
        db_bind_blob(st, 4, c->data, c->len);
        db_bind_int64(st, 5, clock_now());
        rc = db_step(st, &row);
    }
    db_done(st);
    return rc;
}

enum mc_status filestore_stage_bytes(const struct filestore *fs, struct db *db, const void *data,
                                     size_t len, struct filestore_meta *out)
{
    if (!db || len > FILESTORE_STAGE_MAX)
        return filestore_put_bytes(fs, data, len, out);
    enum mc_status rc = filestore_describe_bytes(fs, data, len, out);
    if (rc != MC_OK)
        return rc;
    /*
     * Staged even when the same bytes are already on disk: checking would
     * mean waiting for a sync of the store (the file might be a racing
     * put's, not synced yet), perhaps inside the caller's transaction.
     * The move finds them stored and just drops the row.
     */
    struct stage_ctx c = {out, data, len};
    return db_tx_deferred(db, stage_tx, &c);
}

/* The whole file at path (at most max bytes) into a malloc'd buffer. */
static enum mc_status slurp(const char *path, size_t max, unsigned char **data, size_t *len)
{
    struct stat sb;
    enum mc_status rc = MC_OK;
    int fd = open(path, O_RDONLY);
    *data = NULL;
    *len = 0;
    if (fd < 0)
        return MC_ERR_NOT_FOUND;
    if (fstat(fd, &sb) != 0 || sb.st_size < 0 || (uint64_t)sb.st_size > max) {
        close(fd);
        return MC_ERR_TOO_LARGE;
    }
    *data = xmalloc((size_t)sb.st_size + 1);
    while (rc == MC_OK && *len < (size_t)sb.st_size) {
        ssize_t n = read(fd, *data + *len, (size_t)sb.st_size - *len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            rc = MC_ERR_IO;
        else
            *len += (size_t)n;
    }
    close(fd);
    if (rc != MC_OK) {
        free(*data);
        *data = NULL;
    }
    return rc;
}

enum mc_status filestore_stage_file(const struct filestore *fs, struct db *db,
                                    const char *tmp_path, struct filestore_meta *out)
{
    struct stat sb;
    unsigned char *data;
    size_t len;
    if (stat(tmp_path, &sb) != 0)
        return MC_ERR_NOT_FOUND;
    if (!db || sb.st_size > (off_t)FILESTORE_STAGE_MAX)
        return filestore_adopt_file(fs, tmp_path, out);
    enum mc_status rc = slurp(tmp_path, FILESTORE_STAGE_MAX, &data, &len);
    if (rc == MC_OK)
        rc = filestore_stage_bytes(fs, db, data, len, out);
    free(data);
    return rc;
}

enum mc_status filestore_stat(const struct filestore *fs, struct db *db, const char *sha256,
                              struct filestore_meta *out)
{
    struct db_stmt *st = NULL;
    enum mc_status rc = stat_on_disk(fs, sha256, out);
    if (rc == MC_ERR_NOT_FOUND && fetch(fs, sha256) == MC_OK)
        rc = stat_on_disk(fs, sha256, out);
    if (rc != MC_ERR_NOT_FOUND || !db)
        return rc;
    rc = db_get_row(db, &Q_STAGE_META, &st, "s", sha256);
    if (rc == MC_OK) {
        snprintf(out->sha256, sizeof(out->sha256), "%s", sha256);
        out->size = db_col_int64(st, 0);
        db_col_copy(st, 1, out->content_type, sizeof(out->content_type));
        rel_path(sha256, out->path);
    }
    db_done(st);
    return rc;
}

enum mc_status filestore_read(const struct filestore *fs, struct db *db, const char *sha256,
                              struct buf *out)
{
    struct buf path;
    struct db_stmt *st = NULL;
    unsigned char *data;
    size_t len;
    buf_init(&path, BUF_MAX_SMALL);
    enum mc_status rc = filestore_abs_path(fs, sha256, &path);
    if (rc == MC_OK)
        rc = slurp(path.data, fs->max_size, &data, &len);
    if (rc == MC_ERR_NOT_FOUND && fetch(fs, sha256) == MC_OK)
        rc = slurp(path.data, fs->max_size, &data, &len);
    buf_release(&path);
    if (rc == MC_OK) {
        buf_add(out, (const char *)data, len);
        free(data);
        return buf_status(out);
    }
    if (rc != MC_ERR_NOT_FOUND || !db)
        return rc;
    rc = db_get_row(db, &Q_STAGE_BYTES, &st, "s", sha256);
    if (rc == MC_OK) {
        const void *bytes = db_col_blob(st, 0);
        buf_add(out, bytes, db_col_len(st, 0));
        rc = buf_status(out);
    }
    db_done(st);
    return rc;
}

struct flushed {
    int64_t ids[FLUSH_BATCH];
    size_t n;
};

static enum mc_status unstage_tx(struct db *db, void *arg)
{
    struct flushed *f = arg;
    enum mc_status rc = MC_OK;
    for (size_t i = 0; rc == MC_OK && i < f->n; i++)
        rc = db_run(db, &Q_STAGE_DELETE, NULL, "i", f->ids[i]);
    return rc;
}

/* Write one batch of staged files into the store; *n gets how many. */
static enum mc_status flush_batch(const struct filestore *fs, struct db *db, size_t *n)
{
    struct flushed f = {.n = 0};
    struct db_stmt *st = NULL;
    struct filestore_meta meta;
    size_t bytes = 0;
    bool row = true;
    enum mc_status rc = db_query_start(db, &Q_STAGE_BATCH, &st, "i", (int64_t)FLUSH_BATCH);
    while (rc == MC_OK && f.n < FLUSH_BATCH && bytes < FLUSH_BYTES &&
           (rc = db_step(st, &row)) == MC_OK && row) {
        const void *data = db_col_blob(st, 1);
        size_t len = db_col_len(st, 1);
        rc = data ? put_bytes(fs, data, len, &meta, false) : MC_ERR_INVALID;
        if (rc == MC_ERR_INVALID || rc == MC_ERR_TOO_LARGE)
            rc = MC_OK;   /* cannot happen (checked when staged); drop the row */
        f.ids[f.n++] = db_col_int64(st, 0);
        bytes += len;
    }
    db_done(st);
    if (rc == MC_OK && f.n > 0)
        rc = store_sync(fs);   /* the files first, then the rows go */
    if (rc == MC_OK && f.n > 0)
        rc = db_tx(db, unstage_tx, &f);
    *n = rc == MC_OK ? f.n : 0;
    return rc;
}

enum mc_status filestore_flush_staged(const struct filestore *fs, struct db *db, size_t max,
                                      size_t *moved)
{
    size_t total = 0, n = 1;
    enum mc_status rc = MC_OK;
    while (rc == MC_OK && n > 0 && total < max) {
        rc = flush_batch(fs, db, &n);
        total += n;
    }
    if (moved)
        *moved = total;
    return rc;
}
