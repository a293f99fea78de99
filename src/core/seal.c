/* seal.c - encryption at rest under a key outside the database (see seal.h). */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "core/compiler.h"
#include "core/db.h"
#include "core/log.h"
#include "core/mem.h"
#include "core/seal.h"

#define KEY_BYTES crypto_secretbox_xchacha20poly1305_KEYBYTES
#define NONCE_BYTES crypto_secretbox_xchacha20poly1305_NONCEBYTES
#define MAC_BYTES crypto_secretbox_xchacha20poly1305_MACBYTES

struct seal_key {
    bool present;
    unsigned char bytes[KEY_BYTES];
    char id[9];                 /* 8 hex digits */
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static char main_path[600], new_path[604];
static bool loaded;
static struct seal_key keys[2];   /* [0] data.key, [1] data.key.new */
static int current = -1;          /* the key that seals; -1 = none yet */
static bool may_create = true;    /* seal_allow_create() */

void seal_use_dir(const char *data_dir)
{
    const char *file = getenv("MOTCUA_DATA_KEY_FILE");
    pthread_mutex_lock(&lock);
    if (file && *file)
        snprintf(main_path, sizeof(main_path), "%s", file);
    else
        snprintf(main_path, sizeof(main_path), "%s/data.key", data_dir);
    snprintf(new_path, sizeof(new_path), "%s.new", main_path);
    loaded = false;
    current = -1;
    may_create = true;
    sodium_memzero(keys, sizeof(keys));
    pthread_mutex_unlock(&lock);
}

void seal_allow_create(bool allow)
{
    pthread_mutex_lock(&lock);
    may_create = allow;
    pthread_mutex_unlock(&lock);
}

static void key_id(struct seal_key *k)
{
    unsigned char h[crypto_generichash_BYTES_MIN];
    crypto_generichash(h, sizeof(h), k->bytes, sizeof(k->bytes), NULL, 0);
    sodium_bin2hex(k->id, sizeof(k->id), h, 4);
}

/* Read path into k; MC_ERR_NOT_FOUND when the file is absent. */
static enum mc_status key_read(const char *path, struct seal_key *k)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    enum mc_status st = MC_OK;
    if (fd < 0)
        return errno == ENOENT ? MC_ERR_NOT_FOUND : MC_ERR_IO;
    if (read(fd, k->bytes, KEY_BYTES) != (ssize_t)KEY_BYTES) {
        log_error("the data key file is damaged (it must hold %d bytes)", (int)KEY_BYTES);
        st = MC_ERR_IO;
    }
    close(fd);
    k->present = st == MC_OK;
    if (k->present)
        key_id(k);
    return st;
}

/* Sync the folder holding path, so a new or renamed file survives a crash. */
static void sync_dir_of(const char *path)
{
    char copy[600];
    snprintf(copy, sizeof(copy), "%s", path);
    int fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        if (fsync(fd) != 0)
            log_warn("cannot sync the folder of the data key: %s", strerror(errno));
        close(fd);
    }
}

/* A new random key written to path (which must not exist), 0600 and synced. */
static enum mc_status key_create(const char *path, struct seal_key *k)
{
    enum mc_status st = MC_OK;
    randombytes_buf(k->bytes, KEY_BYTES);
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0)
        return errno == EEXIST ? key_read(path, k) : MC_ERR_IO;   /* someone was first */
    if (write(fd, k->bytes, KEY_BYTES) != (ssize_t)KEY_BYTES || fsync(fd) != 0)
        st = MC_ERR_IO;
    if (close(fd) != 0)
        st = MC_ERR_IO;
    if (st != MC_OK) {
        unlink(path);
        return st;
    }
    sync_dir_of(path);
    k->present = true;
    key_id(k);
    return MC_OK;
}

/* Load the keys once; create data.key when create is set and there is none. */
static enum mc_status load(bool create)
{
    enum mc_status st = MC_OK;
    pthread_mutex_lock(&lock);
    if (!main_path[0])
        snprintf(main_path, sizeof(main_path), "var/data.key");
    if (!new_path[0])
        snprintf(new_path, sizeof(new_path), "%s.new", main_path);
    if (!loaded) {
        enum mc_status a = key_read(main_path, &keys[0]);
        enum mc_status b = key_read(new_path, &keys[1]);
        if ((a != MC_OK && a != MC_ERR_NOT_FOUND) || (b != MC_OK && b != MC_ERR_NOT_FOUND))
            st = MC_ERR_IO;
        current = keys[1].present ? 1 : keys[0].present ? 0 : -1;
        loaded = st == MC_OK;
    }
    bool refused = st == MC_OK && current < 0 && create && !may_create;
    if (refused) {
        st = MC_ERR_IO;   /* as an unreadable key: callers read NOT_FOUND as "no row" */
        log_error("không có khóa dữ liệu %s và lệnh này không tự tạo khóa: chạy lại với"
                  " --data-dir là thư mục dữ liệu của máy chủ (hoặc MOTCUA_DATA_KEY_FILE)",
                  main_path);
    } else if (st == MC_OK && current < 0 && create) {
        st = key_create(main_path, &keys[0]);
        if (st == MC_OK)
            current = 0;
    }
    pthread_mutex_unlock(&lock);
    if (st != MC_OK && !refused)
        log_error("cannot read or create the data key");
    return st;
}

enum mc_status seal_ready(void)
{
    return load(true);
}

/* Seal n bytes of plain into out (size bytes, SEAL_SIZE(n) at least). */
static enum mc_status seal_bytes(const char *plain, size_t n, char *out, size_t size)
{
    enum mc_status st = MC_OK;
    if (n > SEAL_LONG_MAX || size < SEAL_SIZE(n))
        return MC_ERR_TOO_LARGE;
    st = load(true);
    if (st != MC_OK)
        return st;
    size_t blen = NONCE_BYTES + MAC_BYTES + n;
    unsigned char *box = xmalloc(blen);
    const struct seal_key *k = &keys[current];
    randombytes_buf(box, NONCE_BYTES);
    crypto_secretbox_xchacha20poly1305_easy(box + NONCE_BYTES, (const unsigned char *)plain, n,
                                            box, k->bytes);
    int head = snprintf(out, size, SEAL_PREFIX "%s:", k->id);
    sodium_bin2base64(out + head, size - (size_t)head, box, blen,
                      sodium_base64_VARIANT_ORIGINAL);
    sodium_memzero(box, blen);
    free(box);
    return MC_OK;
}

enum mc_status seal_text(const char *plain, char *out, size_t size)
{
    size_t n = strlen(plain);
    if (n > SEAL_TEXT_MAX)
        return MC_ERR_TOO_LARGE;
    return seal_bytes(plain, n, out, size);
}

enum mc_status seal_text_alloc(const char *plain, char **out)
{
    size_t n = strlen(plain);
    *out = NULL;
    if (n > SEAL_LONG_MAX)
        return MC_ERR_TOO_LARGE;
    char *buf = xmalloc(SEAL_SIZE(n));
    enum mc_status st = seal_bytes(plain, n, buf, SEAL_SIZE(n));
    if (st == MC_OK)
        *out = buf;
    else
        free(buf);
    return st;
}

/*
 * Open stored into a new buffer (*out, malloc'd) when out_size is 0, or
 * into out (out_size bytes) otherwise.
 */
static enum mc_status open_into(const char *stored, char **dyn, char *out, size_t out_size)
{
    size_t len = 0;
    size_t plen = strlen(SEAL_PREFIX);
    enum mc_status st = MC_OK;
    if (strncmp(stored, SEAL_PREFIX, plen) != 0) {
        if (dyn) {
            *dyn = xstrdup(stored);   /* written before sealing existed */
            return MC_OK;
        }
        if (strlen(stored) >= out_size)
            return MC_ERR_TOO_LARGE;
        snprintf(out, out_size, "%s", stored);
        return MC_OK;
    }
    st = load(false);
    if (st != MC_OK)
        return st;
    const char *id = stored + plen;
    if (strlen(id) < 9 || id[8] != ':')
        return MC_ERR_UNAUTHORIZED;
    const struct seal_key *k = NULL;
    for (int i = 0; i < 2; i++)
        if (keys[i].present && strncmp(keys[i].id, id, 8) == 0)
            k = &keys[i];
    if (!k) {
        log_error("a sealed value names a key that is not loaded");
        return MC_ERR_UNAUTHORIZED;
    }
    size_t b64 = strlen(id + 9);
    size_t cap = b64 / 4 * 3 + 3;
    if (cap > NONCE_BYTES + MAC_BYTES + SEAL_LONG_MAX + 3)
        return MC_ERR_TOO_LARGE;
    unsigned char *box = xmalloc(cap);
    if (sodium_base642bin(box, cap, id + 9, b64, NULL, &len, NULL,
                          sodium_base64_VARIANT_ORIGINAL) != 0 ||
        len < NONCE_BYTES + MAC_BYTES) {
        free(box);
        return MC_ERR_UNAUTHORIZED;
    }
    size_t n = len - NONCE_BYTES - MAC_BYTES;
    char *dst = out;
    if (dyn)
        dst = xmalloc(n + 1);
    else if (n >= out_size)
        st = MC_ERR_TOO_LARGE;
    if (st == MC_OK &&
        crypto_secretbox_xchacha20poly1305_open_easy((unsigned char *)dst, box + NONCE_BYTES,
                                                     len - NONCE_BYTES, box, k->bytes) != 0)
        st = MC_ERR_UNAUTHORIZED;
    if (st == MC_OK) {
        dst[n] = '\0';
        if (dyn)
            *dyn = dst;
    } else if (dyn) {
        free(dst);
    }
    free(box);
    return st;
}

enum mc_status seal_open(const char *stored, char *out, size_t size)
{
    return open_into(stored, NULL, out, size);
}

enum mc_status seal_open_alloc(const char *stored, char **out)
{
    *out = NULL;
    return open_into(stored ? stored : "", out, NULL, 0);
}

bool seal_is_current(const char *stored)
{
    size_t plen = strlen(SEAL_PREFIX);
    if (strncmp(stored, SEAL_PREFIX, plen) != 0 || load(false) != MC_OK || current < 0)
        return false;
    return strncmp(stored + plen, keys[current].id, 8) == 0;
}

enum mc_status seal_rotate_begin(void)
{
    enum mc_status st = load(true);
    pthread_mutex_lock(&lock);
    if (st == MC_OK && !keys[1].present)
        st = key_create(new_path, &keys[1]);   /* an interrupted rotation keeps its key */
    if (st == MC_OK)
        current = 1;
    pthread_mutex_unlock(&lock);
    return st;
}

enum mc_status seal_rotate_finish(void)
{
    enum mc_status st = MC_OK;
    pthread_mutex_lock(&lock);
    if (!keys[1].present || rename(new_path, main_path) != 0) {
        st = MC_ERR_IO;
    } else {
        sync_dir_of(main_path);
        keys[0] = keys[1];
        sodium_memzero(&keys[1], sizeof(keys[1]));
        current = 0;
    }
    pthread_mutex_unlock(&lock);
    return st;
}

enum mc_status seal_index(const char *kind, const char *value, char out[SEAL_INDEX_SIZE])
{
    unsigned char sub[crypto_generichash_KEYBYTES], h[16];
    crypto_generichash_state gs;
    enum mc_status st = load(true);
    out[0] = '\0';
    if (st != MC_OK)
        return st;
    crypto_kdf_derive_from_key(sub, sizeof(sub), 1, "motcuabi", keys[current].bytes);
    crypto_generichash_init(&gs, sub, sizeof(sub), sizeof(h));
    crypto_generichash_update(&gs, (const unsigned char *)kind, strlen(kind) + 1);
    crypto_generichash_update(&gs, (const unsigned char *)value, strlen(value));
    crypto_generichash_final(&gs, h, sizeof(h));
    sodium_bin2hex(out, SEAL_INDEX_SIZE, h, sizeof(h));
    sodium_memzero(sub, sizeof(sub));
    return MC_OK;
}

enum mc_status seal_col_open(struct db_stmt *st, int col, char *out, size_t size)
{
    const char *stored = db_col_text(st, col);
    enum mc_status rc = seal_open(stored ? stored : "", out, size);
    if (rc != MC_OK) {
        log_error("a sealed column cannot be opened (%s)", mc_status_name(rc));
        if (size)
            out[0] = '\0';
    }
    return rc;
}

enum mc_status seal_col_open_alloc(struct db_stmt *st, int col, char **out)
{
    const char *stored = db_col_text(st, col);
    enum mc_status rc = seal_open_alloc(stored ? stored : "", out);
    if (rc != MC_OK) {
        log_error("a sealed column cannot be opened (%s)", mc_status_name(rc));
        *out = NULL;
    }
    return rc;
}

char *seal_col_dup(struct db_stmt *st, int col)
{
    char *v = NULL;
    if (seal_col_open_alloc(st, col, &v) != MC_OK || !v)
        return xstrdup("");
    return v;
}
