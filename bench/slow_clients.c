/*
 * slow_clients.c - hold many slow HTTP connections open against a server.
 *
 * Usage: slow_clients PORT COUNT SECONDS [INTERVAL]
 *
 * Opens COUNT connections to 127.0.0.1:PORT, each from one of many source
 * addresses on 127.0.0.0/8 (50 connections per address, so a per-address
 * limit is not what protects the server), and sends each one header byte
 * every INTERVAL seconds (default 10), never finishing the headers.  A
 * connection the server closes is opened again.  Prints "open N" once all
 * are open, then a line every 10 s, and exits after SECONDS.
 */
#define _POSIX_C_SOURCE 200809L
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define PER_ADDRESS 50

static const char request[] =
    "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

struct slow {
    int fd;
    size_t sent;   /* bytes of request sent on this connection */
};

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A connection from the i-th client's address, its first byte sent; -1 on failure. */
static int open_one(unsigned port, unsigned i)
{
    struct sockaddr_in src = {0}, dst = {0};
    unsigned a = i / PER_ADDRESS;
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        return -1;
    src.sin_family = AF_INET;
    src.sin_addr.s_addr = htonl((127u << 24) | (2u << 16) | ((a / 250) << 8) | (a % 250 + 1));
    dst.sin_family = AF_INET;
    dst.sin_port = htons((unsigned short)port);
    dst.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(fd, (struct sockaddr *)&src, sizeof(src)) != 0 ||
        connect(fd, (struct sockaddr *)&dst, sizeof(dst)) != 0 ||
        send(fd, request, 1, MSG_NOSIGNAL) != 1) {
        close(fd);
        return -1;
    }
    return fd;
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: slow_clients PORT COUNT SECONDS [INTERVAL]\n");
        return 2;
    }
    unsigned port = (unsigned)atoi(argv[1]);
    unsigned n = (unsigned)atoi(argv[2]);
    double secs = atof(argv[3]);
    double interval = argc > 4 ? atof(argv[4]) : 10.0;
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < n + 64) {
        rl.rlim_cur = rl.rlim_max < n + 64 ? rl.rlim_max : n + 64;
        setrlimit(RLIMIT_NOFILE, &rl);
    }
    struct slow *c = calloc(n, sizeof(*c));
    if (!c)
        return 1;
    unsigned open = 0, reopened = 0, failed = 0;
    for (unsigned i = 0; i < n; i++) {
        c[i].fd = open_one(port, i);
        c[i].sent = 1;
        if (c[i].fd >= 0)
            open++;
        else
            failed++;
    }
    printf("open %u (failed %u)\n", open, failed);
    fflush(stdout);
    double start = now_s(), next_report = start + 10;
    unsigned i = 0;
    while (now_s() - start < secs) {
        /* One byte to each connection per interval, spread evenly. */
        struct timespec pause = {0, (long)(interval / n * 1e9)};
        nanosleep(&pause, NULL);
        struct slow *s = &c[i];
        i = (i + 1) % n;
        char sink[512];
        bool dead = s->fd < 0;
        if (!dead && recv(s->fd, sink, sizeof(sink), MSG_DONTWAIT) == 0)
            dead = true;   /* closed by the server */
        if (!dead) {
            char b = s->sent < sizeof(request) - 1 ? request[s->sent] : 'a';
            dead = send(s->fd, &b, 1, MSG_NOSIGNAL) != 1;
            s->sent++;
        }
        if (dead) {
            if (s->fd >= 0)
                close(s->fd);
            s->fd = open_one(port, (unsigned)(s - c));
            s->sent = 1;
            if (s->fd >= 0)
                reopened++;
        }
        if (now_s() >= next_report) {
            open = 0;
            for (unsigned k = 0; k < n; k++)
                open += c[k].fd >= 0;
            printf("open %u, reopened %u\n", open, reopened);
            fflush(stdout);
            next_report += 10;
        }
    }
    for (unsigned k = 0; k < n; k++)
        if (c[k].fd >= 0)
            close(c[k].fd);
    free(c);
    return 0;
}
