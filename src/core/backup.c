/* backup.c - backups of the database and the file store (see backup.h). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "core/backup.h"
#include "core/clock.h"
#include "core/db.h"
#include "core/log.h"
#include "core/mem.h"

#define BACKUP_PATH_MAX 4096
#define BACKUP_ARG_MAX 1024      /* longest folder a caller may name */
#define BACKUP_MAGIC "motcua-backup 1"
#define BACKUP_PREFIX "motcua-"      /* scheduled backups: motcua-YYYYMMDD-HHMMSS */
#define BACKUP_KEEP_MAX 1000         /* backups of one root looked at for rotation */

/* ---------------------------------------------------------------- files */

/*
 * a/b into out.  The callers' folders are at most BACKUP_ARG_MAX bytes
 * (checked on entry) and names in them at most 255, so it always fits.
 */
static void join(char *out, size_t size, const char *a, const char *b)
{
    int n = snprintf(out, size, "%s/%s", a, b);
    MC_CHECK(n >= 0 && (size_t)n < size);
}

/* Whether every folder named fits BACKUP_ARG_MAX. */
static bool short_enough(const char *a, const char *b)
{
    return strlen(a) < BACKUP_ARG_MAX && strlen(b) < BACKUP_ARG_MAX;
}

/* Copy the file from to the new file to, and sync it. */
static enum mc_status copy_file(const char *from, const char *to)
{
    char chunk[64 * 1024];
    enum mc_status st = MC_OK;
    ssize_t n;
    int in = open(from, O_RDONLY | O_CLOEXEC);
    int out = in < 0 ? -1 : open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (in < 0 || out < 0) {
        st = MC_ERR_IO;
        goto out;
    }
    while ((n = read(in, chunk, sizeof(chunk))) > 0)
        if (write(out, chunk, (size_t)n) != n) {
            st = MC_ERR_IO;
            goto out;
        }
    if (n < 0 || fsync(out) != 0)
        st = MC_ERR_IO;
out:
    if (st != MC_OK)
        log_error("backup: cannot copy %s: %s", from, strerror(errno));
    if (out >= 0)
        close(out);
    if (in >= 0)
        close(in);
    return st;
}

/*
 * Link from as to, or copy it when links cannot cross; an existing to is kept.
 * A copy is made under a name starting with '.' (which copy_store skips) and
 * renamed when whole, so a failed or interrupted copy never leaves a short
 * file under the content's name for a later run to keep.
 */
static enum mc_status place_file(const char *from, const char *to)
{
    char part[BACKUP_PATH_MAX + 8];
    const char *slash = strrchr(to, '/');
    struct stat sb;
    enum mc_status st;
    if (stat(to, &sb) == 0)
        return MC_OK;   /* the name is the content: the same bytes */
    if (link(from, to) == 0)
        return MC_OK;
    if (slash)
        snprintf(part, sizeof(part), "%.*s/.%s", (int)(slash - to), to, slash + 1);
    else
        snprintf(part, sizeof(part), ".%s", to);
    unlink(part);   /* left by an interrupted copy */
    st = copy_file(from, part);
    if (st == MC_OK && rename(part, to) != 0) {
        log_error("backup: cannot place %s: %s", to, strerror(errno));
        st = MC_ERR_IO;
    }
    if (st != MC_OK)
        unlink(part);
    return st;
}

/*
 * Copy the file store under from (two levels: ab/cdef...) into to,
 * creating folders as needed; *count gets the files placed.  Names that
 * start with '.' (puts in progress) are skipped.  A missing from is an
 * empty store.
 */
static enum mc_status copy_store(const char *from, const char *to, int64_t *count)
{
    char src[BACKUP_PATH_MAX], dst[BACKUP_PATH_MAX];
    enum mc_status st = MC_OK;
    struct dirent *e;
    DIR *top = opendir(from);
    *count = 0;
    if (!top)
        return errno == ENOENT ? MC_OK : MC_ERR_IO;
    if (mkdir(to, 0700) != 0 && errno != EEXIST) {
        st = MC_ERR_IO;
        goto out;
    }
    while (st == MC_OK && (e = readdir(top)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        join(src, sizeof(src), from, e->d_name);
        join(dst, sizeof(dst), to, e->d_name);
        DIR *sub = opendir(src);
        if (!sub)
            continue;   /* not a folder: nothing of the store */
        if (mkdir(dst, 0700) != 0 && errno != EEXIST)
            st = MC_ERR_IO;
        struct dirent *f;
        while (st == MC_OK && (f = readdir(sub)) != NULL) {
            char a[BACKUP_PATH_MAX], b[BACKUP_PATH_MAX];
            if (f->d_name[0] == '.')
                continue;
            join(a, sizeof(a), src, f->d_name);
            join(b, sizeof(b), dst, f->d_name);
            st = place_file(a, b);
            if (st == MC_OK)
                (*count)++;
        }
        closedir(sub);
    }
out:
    closedir(top);
    return st;
}

/* Whether the store under root holds any file. */
static bool store_has_files(const char *root)
{
    bool any = false;
    DIR *top = opendir(root);
    struct dirent *e;
    while (top && !any && (e = readdir(top)) != NULL) {
        char sub[BACKUP_PATH_MAX];
        if (e->d_name[0] == '.')
            continue;
        join(sub, sizeof(sub), root, e->d_name);
        DIR *d = opendir(sub);
        struct dirent *f;
        while (d && !any && (f = readdir(d)) != NULL)
            any = f->d_name[0] != '.';
        if (d)
            closedir(d);
    }
    if (top)
        closedir(top);
    return any;
}

static int remove_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    return remove(path) == 0 ? 0 : -1;
}

/* Remove the folder path and everything in it; a missing path is fine. */
static void remove_tree(const char *path)
{
    if (nftw(path, remove_one, 16, FTW_DEPTH | FTW_PHYS) != 0 && errno != ENOENT)
        log_warn("backup: cannot remove %s: %s", path, strerror(errno));
}

/* Sync the file system path is on (the files of a backup), and path's folder. */
static enum mc_status sync_at(const char *path)
{
    int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    enum mc_status st = fd >= 0 && syncfs(fd) == 0 ? MC_OK : MC_ERR_IO;
    if (fd >= 0)
        close(fd);
    return st;
}

/* The folder that holds path (path without its last part), into out. */
static void parent_of(const char *path, char *out, size_t size)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        snprintf(out, size, ".");
    else if (slash == path)
        snprintf(out, size, "/");
    else
        snprintf(out, size, "%.*s", (int)(slash - path), path);
}

/* ---------------------------------------------------------------- manifest */

static enum mc_status write_manifest(const char *dir, const struct backup_info *info)
{
    char path[BACKUP_PATH_MAX];
    enum mc_status st = MC_OK;
    join(path, sizeof(path), dir, "MANIFEST");
    FILE *f = fopen(path, "wx");
    if (!f)
        return MC_ERR_IO;
    fprintf(f, "%s\nbackend %s\ndatabase %s\ncreated %lld\nfiles %lld\n", BACKUP_MAGIC,
            info->backend, info->database, (long long)info->created, (long long)info->files);
    if (fflush(f) != 0 || fsync(fileno(f)) != 0)
        st = MC_ERR_IO;
    if (fclose(f) != 0)
        st = MC_ERR_IO;
    return st;
}

enum mc_status backup_read(const char *dir, struct backup_info *out)
{
    char path[BACKUP_PATH_MAX], line[256];
    enum mc_status st = MC_ERR_NOT_FOUND;
    memset(out, 0, sizeof(*out));
    join(path, sizeof(path), dir, "MANIFEST");
    FILE *f = fopen(path, "r");
    if (!f)
        return MC_ERR_NOT_FOUND;
    if (!fgets(line, sizeof(line), f) || strncmp(line, BACKUP_MAGIC, strlen(BACKUP_MAGIC)) != 0)
        goto out;
    while (fgets(line, sizeof(line), f)) {
        char key[32], val[16];
        if (sscanf(line, "%31s %15s", key, val) != 2)
            continue;
        if (strcmp(key, "backend") == 0)
            snprintf(out->backend, sizeof(out->backend), "%s", val);
        else if (strcmp(key, "database") == 0 && !strchr(val, '/'))
            snprintf(out->database, sizeof(out->database), "%s", val);
        else if (strcmp(key, "created") == 0)
            out->created = strtoll(val, NULL, 10);
        else if (strcmp(key, "files") == 0)
            out->files = strtoll(val, NULL, 10);
    }
    if (out->backend[0] && out->database[0])
        st = MC_OK;
out:
    fclose(f);
    return st;
}

/* ---------------------------------------------------------------- backup */

/* Fill the database part of a backup of url into tmp; files and manifest follow. */
static enum mc_status dump_database(const char *url, const char *tmp, struct backup_info *info)
{
    struct db_backend_info be;
    char path[BACKUP_PATH_MAX];
    if (db_url_backend(url, &be, NULL) != MC_OK)
        return MC_ERR_INVALID;
    snprintf(info->backend, sizeof(info->backend), "%s", be.name);
    snprintf(info->database, sizeof(info->database), "%s", db_backup_name(url));
    join(path, sizeof(path), tmp, info->database);
    info->created = clock_now();
    return db_backup(url, path);
}

enum mc_status backup_make(const char *url, const char *data_dir, const char *dir,
                           struct backup_info *info, const char **why)
{
    char tmp[BACKUP_PATH_MAX], store[BACKUP_PATH_MAX], files[BACKUP_PATH_MAX];
    char parent[BACKUP_PATH_MAX];
    struct backup_info mine;
    struct stat sb;
    enum mc_status st = MC_OK;
    const char *reason = NULL;
    bool made = false;
    memset(&mine, 0, sizeof(mine));
    if (!short_enough(dir, data_dir)) {
        reason = "đường dẫn quá dài";
        st = MC_ERR_INVALID;
        goto out;
    }
    snprintf(tmp, sizeof(tmp), "%s.partial", dir);
    if (stat(dir, &sb) == 0) {
        reason = "thư mục sao lưu đã có; hãy chọn một thư mục mới";
        st = MC_ERR_CONFLICT;
        goto out;
    }
    remove_tree(tmp);   /* left by an interrupted backup of the same name */
    if (mkdir(tmp, 0700) != 0) {
        reason = "không tạo được thư mục sao lưu (thư mục cha phải có sẵn và ghi được)";
        st = MC_ERR_IO;
        goto out;
    }
    made = true;
    st = dump_database(url, tmp, &mine);
    if (st != MC_OK) {
        reason = "không sao lưu được cơ sở dữ liệu";
        goto out;
    }
    join(store, sizeof(store), data_dir, "files");
    join(files, sizeof(files), tmp, "files");
    st = copy_store(store, files, &mine.files);
    if (st == MC_OK)
        st = write_manifest(tmp, &mine);
    if (st == MC_OK)
        st = sync_at(tmp);
    if (st != MC_OK) {
        reason = "không chép được kho tệp vào bản sao lưu";
        goto out;
    }
    parent_of(dir, parent, sizeof(parent));
    if (rename(tmp, dir) != 0 || sync_at(parent) != MC_OK) {
        reason = "không hoàn tất được thư mục sao lưu";
        st = MC_ERR_IO;
        goto out;
    }
    made = false;
    if (info)
        *info = mine;
out:
    if (made)
        remove_tree(tmp);
    if (why)
        *why = reason;
    return st;
}

/* ---------------------------------------------------------------- restore */

/* Whether url's database has tables; MC_ERR_IO when it cannot be opened. */
static enum mc_status database_in_use(const char *url, bool *used)
{
    struct db *db = NULL;
    int64_t n = 0;
    enum mc_status st = db_open(url, &db);
    if (st == MC_OK)
        st = db_table_count(db, &n);
    db_close(db);
    *used = n > 0;
    return st;
}

enum mc_status backup_restore(const char *dir, const char *url, const char *data_dir,
                              bool replace, const char **why)
{
    char path[BACKUP_PATH_MAX], store[BACKUP_PATH_MAX], files[BACKUP_PATH_MAX];
    struct backup_info info;
    struct db_backend_info be;
    const char *reason = NULL;
    bool used = false;
    int64_t count = 0;
    enum mc_status st = short_enough(dir, data_dir) ? backup_read(dir, &info) : MC_ERR_INVALID;
    if (st != MC_OK) {
        reason = "thư mục này không chứa một bản sao lưu hoàn chỉnh (thiếu tệp MANIFEST)";
        goto out;
    }
    st = db_url_backend(url, &be, NULL);
    if (st != MC_OK || strcmp(be.name, info.backend) != 0) {
        reason = "bản sao lưu là của một loại cơ sở dữ liệu khác; để chuyển SQLite sang"
                 " PostgreSQL hãy khôi phục vào SQLite rồi dùng motcua migrate-to-postgres";
        st = MC_ERR_INVALID;
        goto out;
    }
    join(store, sizeof(store), data_dir, "files");
    st = database_in_use(url, &used);
    if (st != MC_OK) {
        reason = "không mở được cơ sở dữ liệu đích";
        goto out;
    }
    if ((used || store_has_files(store)) && !replace) {
        reason = "nơi khôi phục đã có dữ liệu; thêm --replace nếu muốn thay thế toàn bộ";
        st = MC_ERR_CONFLICT;
        goto out;
    }
    join(path, sizeof(path), dir, info.database);
    st = db_restore(url, path);
    if (st != MC_OK) {
        reason = "không khôi phục được cơ sở dữ liệu";
        goto out;
    }
    if (mkdir(data_dir, 0700) != 0 && errno != EEXIST) {
        reason = "không tạo được thư mục dữ liệu";
        st = MC_ERR_IO;
        goto out;
    }
    join(files, sizeof(files), dir, "files");
    st = copy_store(files, store, &count);
    if (st == MC_OK)
        st = sync_at(data_dir);
    if (st != MC_OK)
        reason = "không chép lại được kho tệp";
out:
    if (why)
        *why = reason;
    return st;
}

/* ---------------------------------------------------------------- rotation */

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * The names of root's complete scheduled backups, oldest first (their
 * names sort by time), into names (*n of them, at most cap; malloc'd).
 * Partial ones are removed when clean is true.
 */
static void list_backups(const char *root, char **names, size_t cap, size_t *n, bool clean)
{
    char path[BACKUP_PATH_MAX];
    struct dirent *e;
    DIR *d = opendir(root);
    *n = 0;
    while (d && (e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        if (strncmp(e->d_name, BACKUP_PREFIX, strlen(BACKUP_PREFIX)) != 0)
            continue;
        join(path, sizeof(path), root, e->d_name);
        if (len > 8 && strcmp(e->d_name + len - 8, ".partial") == 0) {
            if (clean)
                remove_tree(path);
            continue;
        }
        struct backup_info info;
        if (*n < cap && backup_read(path, &info) == MC_OK)
            names[(*n)++] = xstrdup(e->d_name);
    }
    if (d)
        closedir(d);
    qsort(names, *n, sizeof(*names), by_name);
}

enum mc_status backup_scheduled(const char *url, const char *data_dir, const char *root,
                                unsigned keep)
{
    char dir[BACKUP_PATH_MAX], path[BACKUP_PATH_MAX], stamp[32];
    char **names = xcalloc(BACKUP_KEEP_MAX, sizeof(*names));
    size_t n = 0;
    struct tm tm;
    time_t now = (time_t)clock_now();
    const char *why = NULL;
    enum mc_status st = MC_OK;
    if (!short_enough(root, data_dir)) {
        st = MC_ERR_INVALID;
        goto out;
    }
    if (mkdir(root, 0700) != 0 && errno != EEXIST) {
        log_error("backup: cannot create %s: %s", root, strerror(errno));
        st = MC_ERR_IO;
        goto out;
    }
    list_backups(root, names, BACKUP_KEEP_MAX, &n, true);
    gmtime_r(&now, &tm);
    strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", &tm);
    snprintf(dir, sizeof(dir), "%s/%s%s", root, BACKUP_PREFIX, stamp);
    st = backup_make(url, data_dir, dir, NULL, &why);
    if (st != MC_OK) {
        log_error("backup into %s failed: %s", dir, why ? why : "?");
        goto out;
    }
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    list_backups(root, names, BACKUP_KEEP_MAX, &n, false);
    keep = keep ? keep : 1;
    for (size_t i = 0; i + keep < n; i++) {
        join(path, sizeof(path), root, names[i]);
        remove_tree(path);
    }
out:
    strv_free(names, n);
    return st;
}

enum mc_status backup_newest(const char *root, int64_t *created)
{
    char path[BACKUP_PATH_MAX];
    struct dirent *e;
    enum mc_status st = MC_ERR_NOT_FOUND;
    DIR *d = opendir(root);
    *created = 0;
    while (d && (e = readdir(d)) != NULL) {
        struct backup_info info;
        if (e->d_name[0] == '.')
            continue;
        join(path, sizeof(path), root, e->d_name);
        if (backup_read(path, &info) == MC_OK && (st != MC_OK || info.created > *created)) {
            *created = info.created;
            st = MC_OK;
        }
    }
    if (d)
        closedir(d);
    return st;
}
