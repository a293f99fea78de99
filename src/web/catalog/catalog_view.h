/*
 * catalog_view.h - how the web layer shows and reads catalogue data:
 * the stable ASCII keys of levels and online levels used in URLs and the
 * API, Vietnamese wording of times and fees, and the JSON view of a
 * procedure for the page template.  Shared by page_catalog.c and
 * api_catalog.c.
 */
#ifndef MC_WEB_CATALOG_VIEW_H
#define MC_WEB_CATALOG_VIEW_H

#include <jansson.h>
#include <stdbool.h>
#include "domain/catalog/catalog.h"
#include "core/http.h"

/* Level keys: "bo", "tinh", "xa", "khac". */
const char *catalog_level_key(enum proc_level level);
/* enum proc_level bit for key, or 0 when unknown. */
unsigned catalog_level_parse(const char *key);
/* Online-level keys: "toan_trinh", "mot_phan", "khong", "chua_ro". */
const char *catalog_online_key(enum proc_online_level level);
/* Parse an online-level key; false when unknown. */
bool catalog_online_parse(const char *key, enum proc_online_level *out);
/* JSON array of level keys of a levels bitmask. */
json_t *catalog_levels_json(unsigned levels);
/* Vietnamese names of the levels, joined: "Cấp tỉnh, Cấp xã". */
json_t *catalog_levels_text(unsigned levels);
/* "10.000 đồng" / "Miễn phí" / "Chưa có thông tin" / the published text. */
json_t *catalog_fee_text(const struct proc_channel *c);
/* "7 ngày làm việc" / "1–5 ngày làm việc" / "Chưa có thông tin". */
json_t *catalog_time_text(const struct proc_channel *c);
/* The view model of a whole procedure for templates/procedure.html. */
json_t *catalog_procedure_view(const struct procedure *p, int64_t version);
/* True when citizens can lodge this procedure online (wholly or partly). */
bool catalog_is_online(const struct procedure *p);

/*
 * Load the procedure named by the path (req->params[0]) into *p, which
 * this call initialises, and its version into *version.  True when read
 * (the caller releases *p); false when not: the error reply (404 "Không
 * có thủ tục với mã này", or 500) has been sent, its HTTP status is in
 * *status, and *p holds nothing.
 */
bool catalog_view_load(struct http_request *req, struct procedure *p, int64_t *version,
                       unsigned *status);

/* ---------------------------------------------------------------- requests */

#define CATALOG_WEB_PAGE_SIZE 20
#define CATALOG_WEB_MAX_PAGE 500

/*
 * Read q, field, level, online, agency and page (1-based) from the query
 * string into *q (strings point into the request).  *page gets the page.
 * On a bad value returns MC_ERR_INVALID with a Vietnamese *msg.
 */
enum mc_status catalog_query_from_request(struct http_request *req, struct catalog_query *q,
                                          long *page, const char **msg) MC_WARN_UNUSED;

/* One catalogue search request: what it asks and where its answer is kept. */
struct catalog_search_req {
    struct catalog_query q;      /* strings point into the request */
    long page;                   /* 1-based */
    const char *msg;             /* Vietnamese reason the query string is bad; NULL if good */
    const char *key;             /* page_cache key of the answer, NULL when not cached */
    int64_t version;             /* the catalogue's version the answer under key holds */
};

/*
 * Begin the answer to a catalogue search.  For callers without a session,
 * while the catalogue holds, the answer may come from memory (page_cache.h,
 * key page_cache_query_key with prefix): then it has been sent (status
 * 200) and the result is true.  Otherwise false, with the request read
 * into *out (catalog_query_from_request); on a bad value out->msg says why
 * and out->q, out->page are those of an empty search's first page.
 */
bool catalog_view_search_begin(struct http_request *req, const char *prefix,
                               struct catalog_search_req *out);

#endif
