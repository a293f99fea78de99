/* clock_view.c - the working-time clock on the pages (see clock_view.h). */
#include <stdio.h>
#include <string.h>
#include "core/clock.h"
#include "core/vnfmt.h"
#include "domain/calendar/date.h"
#include "web/dossier/clock_view.h"

#define TEXT_MAX 160

/* "1,5 ngày làm việc": amount in tenths of the clock's unit. */
static void amount(const struct dossier_clock *c, int64_t v, char out[TEXT_MAX])
{
    bool hours = c->unit == CALENDAR_UNIT_WORKING_HOURS;
    int64_t per = hours ? 3600 : c->per_day;
    const char *unit = hours ? "giờ làm việc"
                     : c->unit == CALENDAR_UNIT_WORKING_DAYS ? "ngày làm việc" : "ngày";
    int64_t tenths = (v * 10 + per / 2) / per;
    if (tenths % 10 == 0)
        snprintf(out, TEXT_MAX, "%lld %s", (long long)(tenths / 10), unit);
    else
        snprintf(out, TEXT_MAX, "%lld,%lld %s", (long long)(tenths / 10),
                 (long long)(tenths % 10), unit);
}

/* "09:15 ngày 03/03/2026", as every page writes a moment (core/vnfmt.h). */
static void moment(int64_t t, char out[TEXT_MAX])
{
    vnfmt_datetime(out, TEXT_MAX, t);
}

static void day(int64_t t, char out[TEXT_MAX])
{
    vnfmt_date(out, TEXT_MAX, t);
}

static json_t *move_json(const struct dossier_move *mv, const char *note)
{
    char when[TEXT_MAX], due[TEXT_MAX] = "", text[2 * TEXT_MAX + 64];
    day(mv->at, when);
    if (mv->due_at > 0)
        moment(mv->due_at, due);
    if (strcmp(mv->action, "request_supplement") == 0)
        snprintf(text, sizeof(text), "Cơ quan yêu cầu bổ sung hồ sơ%s%s; thời gian chờ bổ "
                 "sung không tính vào thời hạn giải quyết.", due[0] ? ", hạn bổ sung " : "",
                 due);
    else if (strcmp(mv->action, "supplement") == 0)
        snprintf(text, sizeof(text), "Đã nộp bổ sung; tiếp tục tính thời gian%s%s.",
                 due[0] ? ", hạn xử lý lùi đến " : "", due);
    else
        snprintf(text, sizeof(text), "Cơ quan gửi thư xin lỗi và hẹn trả kết quả mới%s%s.",
                 due[0] ? " vào " : "", due);
    json_t *o = json_pack("{s:s,s:s}", "when", when, "text", text);
    if (note && *note)
        json_object_set_new(o, "note", json_string(note));
    return o;
}

json_t *clock_view(const struct calendar *cal, const struct dossier *d, int64_t now,
                   const struct dossier_move *moves, const char *const *notes, size_t n)
{
    struct dossier_clock c;
    char used[TEXT_MAX], left[TEXT_MAX], allowed[TEXT_MAX], t[TEXT_MAX];
    json_t *o, *list = json_array();
    dossier_clock(cal, d, now, &c);
    amount(&c, c.used, used);
    amount(&c, c.left < 0 ? -c.left : c.left, left);
    amount(&c, c.allowed, allowed);
    o = json_pack("{s:b,s:b,s:b,s:b,s:s,s:s,s:s,s:i}", "started", c.started, "paused",
                  c.paused, "late", c.late, "ended", c.ended, "used", used, "left", left,
                  "allowed", allowed, "percent",
                  c.allowed > 0 ? (int)(c.used * 100 / c.allowed > 100 ? 100
                                                                        : c.used * 100 / c.allowed)
                                : 0);
    if (c.paused) {
        moment(d->supplement_since, t);
        json_object_set_new(o, "paused_since", json_string(t));
        if (d->supplement_due_at > 0) {
            moment(d->supplement_due_at, t);
            json_object_set_new(o, "supplement_by", json_string(t));
        }
    }
    if (c.waited > 0) {
        amount(&c, c.waited, t);
        json_object_set_new(o, "waited", json_string(t));
    }
    for (size_t i = 0; i < n; i++)
        json_array_append_new(list, move_json(&moves[i], notes ? notes[i] : NULL));
    json_object_set_new(o, "moves", list);
    return o;
}
