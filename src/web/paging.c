/* paging.c - links between the pages of a list (see paging.h). */
#include <string.h>
#include "web/paging.h"
#include "web/app.h"
#include "core/buf.h"
#include "core/form.h"

/* The link to page n, or JSON null outside 1..last. */
static json_t *link_to(const struct http_request *req, const char *path, const char *param,
                       long n, long last)
{
    struct buf b;
    if (n < 1 || n > last)
        return json_null();
    buf_init(&b, BUF_MAX_SMALL);
    buf_adds(&b, path);
    buf_addch(&b, '?');
    for (const struct kv *p = req->query; p; p = p->next) {
        if (strcmp(p->key, param) == 0)
            continue;
        buf_add_url(&b, p->key, strlen(p->key));
        buf_addch(&b, '=');
        buf_add_url(&b, p->value, p->value_len);
        buf_addch(&b, '&');
    }
    buf_addf(&b, "%s=%ld", param, n);
    return web_json_string_buf(&b);
}

void web_page_links(json_t *data, const struct http_request *req, const char *path,
                    const char *param, long page, long last)
{
    json_object_set_new(data, "prev", link_to(req, path, param, page - 1, last));
    json_object_set_new(data, "next", link_to(req, path, param, page + 1, last));
}
