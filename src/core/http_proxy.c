/* http_proxy.c - the client's address behind trusted proxies (see http_proxy.h). */
#include <arpa/inet.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/http_proxy.h"
#include "core/mem.h"

/* Parse addr (no prefix) into family and bytes; IPv4-mapped IPv6 becomes IPv4. */
static bool addr_parse(const char *text, int *family, unsigned char bytes[16])
{
    static const unsigned char mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    memset(bytes, 0, 16);
    if (inet_pton(AF_INET, text, bytes) == 1) {
        *family = AF_INET;
        return true;
    }
    if (inet_pton(AF_INET6, text, bytes) != 1)
        return false;
    *family = AF_INET6;
    if (memcmp(bytes, mapped, sizeof(mapped)) == 0) {
        memmove(bytes, bytes + 12, 4);
        memset(bytes + 4, 0, 12);
        *family = AF_INET;
    }
    return true;
}

/* One entry "ADDR" or "ADDR/BITS" (len bytes at s) into net. */
static bool net_parse(const char *s, size_t len, struct http_net *net)
{
    char text[64];
    if (len == 0 || len >= sizeof(text))
        return false;
    memcpy(text, s, len);
    text[len] = '\0';
    char *slash = strchr(text, '/');
    long bits = -1;
    if (slash) {
        char *end = NULL;
        *slash = '\0';
        bits = strtol(slash + 1, &end, 10);
        if (end == slash + 1 || *end != '\0' || bits < 0)
            return false;
    }
    if (!addr_parse(text, &net->family, net->addr))
        return false;
    unsigned max = net->family == AF_INET ? 32 : 128;
    if (bits > (long)max)
        return false;
    net->bits = bits < 0 ? max : (unsigned)bits;
    return true;
}

enum mc_status http_proxy_parse(const char *text, struct http_proxy_list *out, char *bad,
                                size_t bad_size)
{
    enum mc_status st = MC_OK;
    memset(out, 0, sizeof(*out));
    if (bad_size)
        bad[0] = '\0';
    for (const char *p = text ? text : ""; *p && st == MC_OK;) {
        size_t skip = strspn(p, ", \t");
        p += skip;
        size_t len = strcspn(p, ", \t");
        if (len == 0)
            break;
        if (out->n >= HTTP_PROXY_MAX || !net_parse(p, len, &out->nets[out->n])) {
            snprintf(bad, bad_size, "%.*s", (int)(len > 60 ? 60 : len), p);
            st = MC_ERR_INVALID;
        } else {
            out->n++;
        }
        p += len;
    }
    if (st != MC_OK)
        out->n = 0;
    return st;
}

static bool net_has(const struct http_net *net, int family, const unsigned char *addr)
{
    if (net->family != family)
        return false;
    unsigned full = net->bits / 8, rest = net->bits % 8;
    if (memcmp(net->addr, addr, full) != 0)
        return false;
    if (rest == 0)
        return true;
    unsigned char mask = (unsigned char)(0xff << (8 - rest));
    return (net->addr[full] & mask) == (addr[full] & mask);
}

bool http_proxy_trusted(const struct http_proxy_list *list, const char *addr)
{
    unsigned char bytes[16];
    int family = 0;
    if (!list || list->n == 0 || !addr || !addr_parse(addr, &family, bytes))
        return false;
    for (size_t i = 0; i < list->n; i++)
        if (net_has(&list->nets[i], family, bytes))
            return true;
    return false;
}

/* Entry [s, s+len) of the header, trimmed, into text; false when not an address. */
static bool entry_addr(const char *s, size_t len, char *text, size_t size)
{
    unsigned char bytes[16];
    int family = 0;
    while (len > 0 && (*s == ' ' || *s == '\t')) {
        s++;
        len--;
    }
    while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
        len--;
    if (len == 0 || len >= size)
        return false;
    memcpy(text, s, len);
    text[len] = '\0';
    return addr_parse(text, &family, bytes);
}

void http_proxy_client(const struct http_proxy_list *list, const char *peer, const char *xff,
                       char *out, size_t size)
{
    char text[64], leftmost[64] = "";
    snprintf(out, size, "%s", peer ? peer : "?");
    if (!xff || !http_proxy_trusted(list, peer))
        return;
    size_t end = strlen(xff);
    while (end > 0) {
        size_t start = end;
        while (start > 0 && xff[start - 1] != ',')
            start--;
        if (entry_addr(xff + start, end - start, text, sizeof(text))) {
            if (!http_proxy_trusted(list, text)) {
                snprintf(out, size, "%s", text);
                return;
            }
            snprintf(leftmost, sizeof(leftmost), "%s", text);
        } else {
            break;   /* a damaged entry: nothing to its left can be believed */
        }
        end = start > 0 ? start - 1 : 0;
    }
    if (leftmost[0])
        snprintf(out, size, "%s", leftmost);
}

/* ---------------------------------------------------------------- counts */

struct http_addr_node {
    struct http_addr_node *next;
    unsigned count;
    char addr[HTTP_ADDR_TEXT];
};

static unsigned bucket_of(const char *addr)
{
    uint32_t h = 2166136261u;
    for (const unsigned char *p = (const unsigned char *)addr; *p; p++)
        h = (h ^ *p) * 16777619u;
    return h % HTTP_ADDR_BUCKETS;
}

void http_addr_counts_init(struct http_addr_counts *c)
{
    memset(c->buckets, 0, sizeof(c->buckets));
    pthread_mutex_init(&c->lock, NULL);
}

void http_addr_counts_free(struct http_addr_counts *c)
{
    for (size_t i = 0; i < HTTP_ADDR_BUCKETS; i++) {
        while (c->buckets[i]) {
            struct http_addr_node *n = c->buckets[i];
            c->buckets[i] = n->next;
            free(n);
        }
    }
    pthread_mutex_destroy(&c->lock);
}

bool http_addr_take(struct http_addr_counts *c, const char *addr, unsigned max)
{
    bool ok = true;
    struct http_addr_node **head = &c->buckets[bucket_of(addr)], *n;
    pthread_mutex_lock(&c->lock);
    for (n = *head; n && strcmp(n->addr, addr) != 0; n = n->next) {
    }
    if (!n) {
        n = xcalloc(1, sizeof(*n));
        snprintf(n->addr, sizeof(n->addr), "%s", addr);
        n->next = *head;
        *head = n;
    }
    if (n->count >= max)
        ok = false;
    else
        n->count++;
    pthread_mutex_unlock(&c->lock);
    return ok;
}

void http_addr_give(struct http_addr_counts *c, const char *addr)
{
    struct http_addr_node **pp = &c->buckets[bucket_of(addr)];
    pthread_mutex_lock(&c->lock);
    while (*pp && strcmp((*pp)->addr, addr) != 0)
        pp = &(*pp)->next;
    if (*pp && (*pp)->count > 0 && --(*pp)->count == 0) {
        struct http_addr_node *n = *pp;
        *pp = n->next;
        free(n);
    }
    pthread_mutex_unlock(&c->lock);
}
