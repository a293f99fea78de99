/*
 * reply.c - a domain status as an HTTP reply (see reply.h): the table of
 * HTTP statuses, codes and default messages, and the reply itself.
 */
#include <string.h>
#include "web/app.h"
#include "web/reply.h"

struct status_row {
    unsigned http;          /* HTTP status */
    const char *code;       /* stable error code */
    const char *message;    /* default Vietnamese message */
    bool client;            /* the client's fault: the domain's reasons may be shown */
};

/* Indexed by enum mc_status (core/status.h); MC_OK is a caller's bug. */
static const struct status_row status_rows[] = {
    [MC_OK] = {500, "internal", "Đã có lỗi xảy ra, xin thử lại sau", false},
    [MC_ERR_INVALID] = {422, "invalid", "Dữ liệu gửi lên không hợp lệ", true},
    [MC_ERR_NOT_FOUND] = {404, "not_found", "Không tìm thấy nội dung bạn cần", true},
    [MC_ERR_CONFLICT] = {409, "conflict", "Dữ liệu vừa được thay đổi; xin tải lại trang và "
                                          "thử lại", true},
    [MC_ERR_UNAUTHORIZED] = {401, "unauthorized", "Bạn cần đăng nhập", true},
    [MC_ERR_FORBIDDEN] = {403, "forbidden", "Bạn không có quyền thực hiện việc này", true},
    [MC_ERR_TOO_LARGE] = {422, "too_large", "Dữ liệu gửi lên vượt quá giới hạn cho phép",
                          true},
    [MC_ERR_RATE_LIMITED] = {429, "rate_limited", "Bạn đã thử quá nhiều lần; xin thử lại sau "
                                                  "ít phút", true},
    [MC_ERR_IO] = {500, "internal", "Đã có lỗi xảy ra, xin thử lại sau", false},
    [MC_ERR_DB] = {500, "internal", "Đã có lỗi xảy ra, xin thử lại sau", false},
    [MC_ERR_BUSY] = {503, "busy", "Hệ thống đang bận, xin thử lại sau", false},
    [MC_ERR_INTERNAL] = {500, "internal", "Đã có lỗi xảy ra, xin thử lại sau", false},
};

static const struct status_row *row_of(enum mc_status st)
{
    bool known = (size_t)st < MC_ARRAY_LEN(status_rows) && status_rows[st].code;
    return known ? &status_rows[st] : &status_rows[MC_OK];
}

unsigned web_status_http(enum mc_status st, const char **code)
{
    const struct status_row *r = row_of(st);
    if (code)
        *code = r->code;
    return r->http;
}

static const char *said(enum mc_status st, const struct web_says *says)
{
    if (!says)
        return NULL;
    switch (st) {
    case MC_ERR_INVALID: return says->invalid;
    case MC_ERR_NOT_FOUND: return says->not_found;
    case MC_ERR_CONFLICT: return says->conflict;
    case MC_ERR_UNAUTHORIZED: return says->unauthorized;
    case MC_ERR_FORBIDDEN: return says->forbidden;
    case MC_ERR_TOO_LARGE: return says->too_large;
    case MC_ERR_RATE_LIMITED: return says->rate_limited;
    case MC_OK:
    case MC_ERR_IO:
    case MC_ERR_DB:
    case MC_ERR_BUSY:
    case MC_ERR_INTERNAL:
        break;
    }
    return says->failed;
}

const char *web_status_message(enum mc_status st, const struct web_says *says,
                               const struct form_errors *errs)
{
    const struct status_row *r = row_of(st);
    const char *msg = r->client ? form_errors_first(errs) : NULL;
    if (!msg || !*msg)
        msg = said(st, says);
    return msg && *msg ? msg : r->message;
}

unsigned web_fail(struct http_request *req, enum mc_status st, const struct web_says *says,
                  const struct form_errors *errs)
{
    const char *code = NULL;
    unsigned status = web_status_http(st, &code);
    const char *msg = web_status_message(st, says, errs);
    json_t *fields;
    if (!web_is_api(req) || !errs || !row_of(st)->client)
        return http_error(req, status, code, msg);
    fields = json_array();
    for (size_t i = 0; i < errs->count; i++)
        json_array_append_new(fields, json_pack("{s:s,s:s}", "field", errs->items[i].field,
                                                "message", errs->items[i].message));
    return web_json(req, status, json_pack("{s:{s:s,s:s,s:o}}", "error", "code", code,
                                           "message", msg, "fields", fields));
}
