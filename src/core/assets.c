/* assets.c - lookup of compiled-in files (see assets.h). */
#include <string.h>
#include "core/assets.h"

const struct asset *asset_find(const char *path)
{
    for (const struct asset *a = mc_assets; a->path; a++)
        if (strcmp(a->path, path) == 0)
            return a;
    return NULL;
}
