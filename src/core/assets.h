/*
 * assets.h - files compiled into the binary: templates/, static/, sql/ and
 * data/ (demo data).  Generated at build time by tools/embed.c, so a
 * motcua binary needs no files beside it.  Read-only, thread-safe.
 */
#ifndef MC_ASSETS_H
#define MC_ASSETS_H

#include <stddef.h>

struct asset {
    const char *path;   /* repository-relative, e.g. "templates/home.html" */
    const char *data;   /* contents, followed by a NUL not counted in len */
    long len;           /* bytes */
};

/* All assets, sorted by path, terminated by an entry with path NULL. */
extern const struct asset mc_assets[];

/*
 * The static files' gzip and brotli forms, made at build time by
 * tools/precompress.c (text files only); a length of 0 means no such form
 * (compressing did not shrink the file).
 */
struct asset_z {
    const char *path;   /* as in struct asset, e.g. "static/site.css" */
    const char *gz;     /* gzip bytes */
    size_t gz_len;
    const char *br;     /* brotli bytes */
    size_t br_len;
};

/* The compressed static files, terminated by an entry with path NULL. */
extern const struct asset_z mc_assets_z[];

/* The asset at exactly this path, or NULL. */
const struct asset *asset_find(const char *path);

#endif
