/* clamd.c - scanning with clamd's INSTREAM command (see clamd.h). */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>
#include "core/clamd.h"
#include "core/compiler.h"
#include "core/fdio.h"
#include "core/log.h"

static int connect_unix(const char *path)
{
    struct sockaddr_un sa = {0};
    if (strlen(path) >= sizeof(sa.sun_path))
        return -1;
    sa.sun_family = AF_UNIX;
    snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path);
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd >= 0 && connect(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0) {
        close(fd);
        fd = -1;
    }
    return fd;
}

static int connect_tcp(const char *hostport)
{
    char host[256];
    struct addrinfo hints = {0}, *res = NULL;
    const char *colon = strrchr(hostport, ':');
    int fd = -1;
    if (!colon || (size_t)(colon - hostport) >= sizeof(host))
        return -1;
    snprintf(host, sizeof(host), "%.*s", (int)(colon - hostport), hostport);
    hints.ai_socktype = SOCK_STREAM;
    if (getaddrinfo(host, colon + 1, &hints, &res) != 0)
        return -1;
    for (struct addrinfo *a = res; a && fd < 0; a = a->ai_next) {
        fd = socket(a->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd >= 0 && connect(fd, a->ai_addr, a->ai_addrlen) != 0) {
            close(fd);
            fd = -1;
        }
    }
    freeaddrinfo(res);
    return fd;
}

static int clamd_connect(const char *address)
{
    int fd;
    if (strncmp(address, "tcp:", 4) == 0)
        fd = connect_tcp(address + 4);
    else
        fd = connect_unix(strncmp(address, "unix:", 5) == 0 ? address + 5 : address);
    if (fd >= 0) {
        struct timeval tv = {CLAMD_TIMEOUT_S, 0};
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
    }
    return fd;
}

static bool send_chunk(int fd, const void *data, size_t len)
{
    uint32_t n = htonl((uint32_t)len);
    return fd_write_all(fd, &n, sizeof(n), true) &&
           (len == 0 || fd_write_all(fd, data, len, true));
}

/* Stream data or the file at path as chunks, then the zero-length end. */
static bool send_stream(int fd, const void *data, size_t len, const char *path)
{
    char buf[CLAMD_CHUNK];
    bool ok = true;
    if (data) {
        for (size_t off = 0; ok && off < len; off += CLAMD_CHUNK)
            ok = send_chunk(fd, (const char *)data + off,
                            len - off < CLAMD_CHUNK ? len - off : CLAMD_CHUNK);
        return ok && send_chunk(fd, NULL, 0);
    }
    int in = open(path, O_RDONLY | O_CLOEXEC);
    if (in < 0)
        return false;
    ssize_t r;
    while (ok && (r = read(in, buf, sizeof(buf))) != 0) {
        if (r < 0 && errno == EINTR)
            continue;
        ok = r > 0 && send_chunk(fd, buf, (size_t)r);
    }
    close(in);
    return ok && send_chunk(fd, NULL, 0);
}

enum mc_status clamd_scan(const char *address, const void *data, size_t len, const char *path,
                          char found[CLAMD_NAME_MAX])
{
    static const char cmd[] = "zINSTREAM";
    char reply[512];
    size_t got = 0;
    enum mc_status st = MC_ERR_IO;
    found[0] = '\0';
    if (!address || !*address)
        return MC_ERR_INVALID;
    int fd = clamd_connect(address);
    if (fd < 0) {
        log_error("cannot reach clamd: %s", strerror(errno));
        return MC_ERR_IO;
    }
    if (!fd_write_all(fd, cmd, sizeof(cmd), true) || !send_stream(fd, data, len, path))
        goto out;
    while (got < sizeof(reply) - 1) {
        ssize_t r = recv(fd, reply + got, sizeof(reply) - 1 - got, 0);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        got += (size_t)r;
        if (memchr(reply, '\0', got))
            break;
    }
    reply[got] = '\0';
    reply[strcspn(reply, "\n")] = '\0';
    /* "stream: OK" or "stream: Eicar-Test-Signature FOUND" */
    const char *v = strncmp(reply, "stream: ", 8) == 0 ? reply + 8 : NULL;
    size_t vl = v ? strlen(v) : 0;
    if (v && strcmp(v, "OK") == 0) {
        st = MC_OK;
    } else if (v && vl > 6 && strcmp(v + vl - 6, " FOUND") == 0) {
        snprintf(found, CLAMD_NAME_MAX, "%.*s", (int)(vl - 6), v);
        st = MC_ERR_FORBIDDEN;
    } else {
        log_error("clamd gave no verdict");
    }
out:
    close(fd);
    return st;
}
