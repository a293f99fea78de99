/*
 * http_proxy.h - the client's address behind trusted reverse proxies.
 *
 * Behind haproxy or nginx every connection comes from the proxy, so the
 * limits kept per address (connections, sign-in back-off, tracking
 * lookups, the assistant) would count the proxy.  A proxy that adds the
 * client's address to X-Forwarded-For can be trusted with
 * MOTCUA_TRUSTED_PROXIES (addresses or CIDRs, comma-separated): only when
 * the direct peer is in that list is the header read, from the right, and
 * the right-most address that is not itself a trusted proxy is the client.
 * A header sent by anyone else is ignored, so a client cannot choose its
 * own address.  An empty list trusts nobody.
 *
 * Thread-safe once parsed: the list is read-only.
 */
#ifndef MC_HTTP_PROXY_H
#define MC_HTTP_PROXY_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include "core/status.h"

#define HTTP_PROXY_MAX 32          /* entries in a trusted list */
#define HTTP_ADDR_TEXT 46          /* INET6_ADDRSTRLEN */

struct http_net {
    int family;                    /* AF_INET or AF_INET6 */
    unsigned char addr[16];        /* network bytes (4 used for IPv4) */
    unsigned bits;                 /* prefix length */
};

struct http_proxy_list {
    struct http_net nets[HTTP_PROXY_MAX];
    size_t n;
};

/*
 * Parse text ("10.0.0.1, 10.1.0.0/16, ::1", NULL or "" = empty) into out.
 * MC_ERR_INVALID names the bad entry in bad (bad_size bytes) when an entry
 * is not an address or CIDR, or there are more than HTTP_PROXY_MAX.
 */
enum mc_status http_proxy_parse(const char *text, struct http_proxy_list *out, char *bad,
                                size_t bad_size) MC_WARN_UNUSED;
/* True when addr (textual IPv4 or IPv6; IPv4-mapped IPv6 too) is in list. */
bool http_proxy_trusted(const struct http_proxy_list *list, const char *addr);
/*
 * The client's address for a request from peer carrying xff (the
 * X-Forwarded-For value, or NULL): peer itself unless peer is trusted;
 * else the right-most entry of xff that is not trusted (a valid address),
 * or the left-most valid one when all are trusted, or peer when the header
 * is absent or holds no valid address.  Written to out (HTTP_ADDR_TEXT
 * bytes is enough).
 */
void http_proxy_client(const struct http_proxy_list *list, const char *peer, const char *xff,
                       char *out, size_t size);

/*
 * Counts per address (connections from untrusted peers, requests in flight
 * per client behind a trusted proxy), for the per-address limit when
 * proxies are trusted.  Thread-safe.
 */
#define HTTP_ADDR_BUCKETS 256
struct http_addr_node;
struct http_addr_counts {
    pthread_mutex_t lock;
    struct http_addr_node *buckets[HTTP_ADDR_BUCKETS];
};

void http_addr_counts_init(struct http_addr_counts *c);
/* Free every entry (no thread may use c any more). */
void http_addr_counts_free(struct http_addr_counts *c);
/* Count one more for addr unless it already has max; false (nothing counted) then. */
bool http_addr_take(struct http_addr_counts *c, const char *addr, unsigned max);
/* One fewer for addr (taken before). */
void http_addr_give(struct http_addr_counts *c, const char *addr);

#endif
