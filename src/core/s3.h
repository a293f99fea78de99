/*
 * s3.h - a minimal client of an S3-compatible object store (AWS S3,
 * MinIO, Ceph, s3rver): put a file, get it back, for the file store's
 * remote backend (core/filestore.h).
 *
 * A bucket is named by a URL:
 *     s3://BUCKET?endpoint=http://127.0.0.1:9000&region=us-east-1
 * endpoint is the service's base URL (path-style requests:
 * ENDPOINT/BUCKET/KEY); region defaults to "us-east-1".  The credentials
 * come from the environment: MOTCUA_S3_ACCESS_KEY and MOTCUA_S3_SECRET_KEY
 * (or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY).  Requests are signed
 * with AWS Signature Version 4 by libcurl (CURLOPT_AWS_SIGV4); the body's
 * SHA-256 is sent in x-amz-content-sha256.
 *
 * Thread-safety: a struct s3 is read-only after s3_open(); each call
 * makes its own curl handle, so threads may share one.
 */
#ifndef MC_CORE_S3_H
#define MC_CORE_S3_H

#include <stddef.h>
#include "core/compiler.h"
#include "core/status.h"

struct s3;

/*
 * Parse url (see above) into *out.  MC_ERR_INVALID (and a logged reason)
 * for a URL that is not s3://BUCKET?endpoint=http(s)://... or when the
 * credentials are missing.  Free with s3_free().
 */
enum mc_status s3_open(const char *url, struct s3 **out) MC_WARN_UNUSED;
void s3_free(struct s3 *s3);

/*
 * PUT the len bytes at data as object key with content_type; sha256_hex
 * is their SHA-256 (64 lower-case hex digits).  MC_OK once the store
 * answered 200; MC_ERR_IO otherwise (logged).
 */
enum mc_status s3_put(const struct s3 *s3, const char *key, const void *data, size_t len,
                      const char *content_type, const char *sha256_hex) MC_WARN_UNUSED;

/*
 * GET object key into the new file path (created with mode 0600, synced).
 * At most max bytes.  MC_ERR_NOT_FOUND when the store has no such object
 * (path is not left behind), MC_ERR_TOO_LARGE past max, MC_ERR_IO otherwise.
 */
enum mc_status s3_get(const struct s3 *s3, const char *key, const char *path, size_t max)
    MC_WARN_UNUSED;

#endif
