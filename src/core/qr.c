/* qr.c - QR codes as inline SVG (see qr.h). */
#include <qrencode.h>
#include "core/qr.h"

enum mc_status qr_svg(const char *text, const char *label, struct buf *out)
{
    QRcode *q = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    if (!q)
        return MC_ERR_INVALID;
    int size = q->width + 8;
    buf_addf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\""
                  " class=\"qr\" role=\"img\" aria-label=\"", size, size);
    buf_add_html(out, label, strlen(label));
    buf_addf(out, "\" shape-rendering=\"crispEdges\"><rect width=\"%d\" height=\"%d\""
                  " fill=\"#fff\"/><path fill=\"#000\" d=\"", size, size);
    for (int y = 0; y < q->width; y++)
        for (int x = 0; x < q->width; x++)
            if (q->data[y * q->width + x] & 1)
                buf_addf(out, "M%d %dh1v1h-1z", x + 4, y + 4);
    buf_adds(out, "\"/></svg>");
    QRcode_free(q);
    return buf_status(out);
}
