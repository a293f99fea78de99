/* array.c - growing the memory of a typed array (see array.h). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "core/array.h"
#include "core/log.h"
#include "core/mem.h"

#define ARRAY_FIRST_CAP 8u

void *array_grow(void *items, size_t elem, size_t need, size_t *cap)
{
    size_t n = *cap;
    if (need <= n && items)
        return items;
    if (n < ARRAY_FIRST_CAP)
        n = ARRAY_FIRST_CAP;
    while (n < need) {
        if (n > SIZE_MAX / 2)
            n = need;
        else
            n *= 2;
    }
    if (elem && n > SIZE_MAX / elem) {
        log_error("array of %zu elements of %zu bytes is too large", n, elem);
        abort();
    }
    items = xrealloc(items, n * elem);
    *cap = n;
    return items;
}

void array_list_release(void *list, size_t size, void *items)
{
    free(items);
    memset(list, 0, size);
}
