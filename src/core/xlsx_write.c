/* xlsx_write.c - a workbook written through a temporary file (see xlsx_write.h). */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include "core/log.h"
#include "core/xlsx_write.h"

enum mc_status xlsx_write_to_buf(const char *tmpdir, const char *stem, xlsx_write_fn fill,
                                 void *ctx, struct buf *out)
{
    const char *dir = tmpdir ? tmpdir : "/tmp";
    lxw_workbook_options opts = {.constant_memory = 0, .tmpdir = (char *)dir};
    lxw_workbook *wb = NULL;
    lxw_error err;
    char path[600];
    enum mc_status rc = MC_OK;
    int fd;

    snprintf(path, sizeof(path), "%s/%s-XXXXXX.xlsx", dir, stem);
    fd = mkstemps(path, 5);
    if (fd < 0) {
        log_error("%s export: cannot create a temporary file in %s", stem, dir);
        return MC_ERR_IO;
    }
    close(fd);
    wb = workbook_new_opt(path, &opts);
    if (!wb) {
        rc = MC_ERR_IO;
        goto out;
    }
    rc = fill(wb, ctx);
    err = workbook_close(wb);
    if (rc == MC_OK && err != LXW_NO_ERROR) {
        log_error("%s export: %s", stem, lxw_strerror(err));
        rc = MC_ERR_IO;
    }
    if (rc == MC_OK)
        rc = buf_add_file(out, path);
out:
    unlink(path);
    return rc;
}
