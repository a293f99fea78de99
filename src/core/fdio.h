/*
 * fdio.h - writing a whole buffer to a file descriptor, through short
 * writes and interrupted calls.
 *
 * Thread-safe (no state of its own).
 */
#ifndef MC_FDIO_H
#define MC_FDIO_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Write data[0..len) to fd, again after EINTR and after a short write.
 * With socket, through send() with MSG_NOSIGNAL (a closed peer gives
 * false, not SIGPIPE); else through write().  True when every byte went;
 * false on an error or a call that wrote nothing (errno as the call left
 * it).
 */
bool fd_write_all(int fd, const void *data, size_t len, bool socket);

#endif
