/*
 * paging.h - links between the pages of a long list (search results,
 * queues), which keep the filters the visitor chose.
 */
#ifndef MC_WEB_PAGING_H
#define MC_WEB_PAGING_H

#include <jansson.h>
#include "core/http.h"

/*
 * Set "prev" and "next" in the page data to the links to pages page - 1
 * and page + 1 of the list at path (an absolute path without a query),
 * or to JSON null where that page is outside 1..last.  A link carries the
 * request's query parameters, percent-encoded and in their order, except
 * param, then param=N.  Reads req only.
 */
void web_page_links(json_t *data, const struct http_request *req, const char *path,
                    const char *param, long page, long last);

#endif
