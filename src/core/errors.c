/* errors.c - field errors of an input (see errors.h). */
#include <string.h>
#include "core/errors.h"

void form_errors_add(struct form_errors *e, const char *field, const char *message)
{
    if (!e || e->count >= FORM_ERRORS_MAX)
        return;
    e->items[e->count].field = field ? field : "";
    e->items[e->count].message = message ? message : "";
    e->count++;
}

void form_errors_clear(struct form_errors *e)
{
    if (e)
        memset(e, 0, sizeof(*e));
}

const char *form_errors_first(const struct form_errors *e)
{
    return e && e->count > 0 ? e->items[0].message : NULL;
}

const char *form_errors_of(const struct form_errors *e, const char *field)
{
    for (size_t i = 0; e && field && i < e->count; i++)
        if (strcmp(e->items[i].field, field) == 0)
            return e->items[i].message;
    return NULL;
}

void form_errors_append(struct form_errors *to, const struct form_errors *from)
{
    for (size_t i = 0; to && from && i < from->count; i++)
        form_errors_add(to, from->items[i].field, from->items[i].message);
}
