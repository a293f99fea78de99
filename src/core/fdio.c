/* fdio.c - whole-buffer writes to a file descriptor (see fdio.h). */
#include <errno.h>
#include <sys/socket.h>
#include <unistd.h>
#include "core/fdio.h"

bool fd_write_all(int fd, const void *data, size_t len, bool socket)
{
    const char *p = data;
    while (len > 0) {
        ssize_t w = socket ? send(fd, p, len, MSG_NOSIGNAL) : write(fd, p, len);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return false;
        p += w;
        len -= (size_t)w;
    }
    return true;
}
