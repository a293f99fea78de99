/*
 * demo_dossiers.c - six months of dossier history and live dossiers of the
 * demo citizen for `motcua demo` (see demo_dossiers.h).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include "cli/demo/demo_dossiers.h"
#include "cli/demo/demo_rows.h"
#include "domain/accounts/account.h"
#include "domain/calendar/calendar_store.h"
#include "domain/calendar/date.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/log.h"
#include "core/mem.h"
#include "domain/catalog/catalog.h"
#include "domain/dossier/dossier.h"
#include "domain/eform/eform.h"
#include "domain/dossier/dossier_sync.h"
#include "core/import_report.h"
#include "core/filestore.h"

#define HOUR 3600
#define COMMUNE "X05977.UBND"           /* the demo citizen's commune (phường Đông Kinh) */
#define CITIZEN "020190001234"         /* demo.c: citizens[0] */
#define HISTORY_LINE_MAX 1024
#define STEPS_MAX 6
#define DOCS_MAX 8                     /* documents a live dossier lodges */

static const struct db_query Q_IMPORTED = {
    "demo.imported_any", "SELECT COUNT(*) FROM dossiers WHERE origin = 'import'",
};

/* ---------------------------------------------------------------- history */

/* A procedure of the demo catalogue and where it is handled. */
struct demo_proc {
    const char *code;
    int days;                  /* processing time, working days */
    int fee;                   /* 1 when it carries a fee */
    const char *const *agencies;
    int weight;                /* share of the dossiers */
};

static const char *const COMMUNES[] = {"X05977.UBND", "X06187.UBND", "X06184.UBND",
                                       "X06463.UBND", NULL};
static const char *const STP[] = {"T20.STP", NULL};
static const char *const POLICE[] = {"T20.CA", NULL};
static const char *const SXD[] = {"T20.SXD", NULL};
static const char *const SNNMT[] = {"T20.SNNMT", NULL};

static const struct demo_proc PROCS[] = {
    {"1.001193", 3, 0, COMMUNES, 18},   /* khai sinh */
    {"1.000894", 5, 0, COMMUNES, 8},    /* kết hôn */
    {"1.000656", 3, 0, COMMUNES, 5},    /* khai tử */
    {"2.000815", 1, 1, COMMUNES, 20},   /* chứng thực bản sao */
    {"2.000635", 3, 1, STP, 10},        /* bản sao trích lục hộ tịch */
    {"1.004222", 7, 0, POLICE, 9},      /* thường trú */
    {"1.004194", 3, 0, POLICE, 8},      /* tạm trú */
    {"3.000347", 5, 1, POLICE, 7},      /* đổi giấy phép lái xe */
    {"1.001612", 3, 1, COMMUNES, 6},    /* thành lập hộ kinh doanh */
    {"2.000575", 3, 1, COMMUNES, 3},    /* cấp lại giấy chứng nhận hộ kinh doanh */
    {"1.013225", 20, 1, SXD, 3},        /* giấy phép xây dựng */
    {"1.013949", 20, 1, SNNMT, 3},      /* chuyển mục đích sử dụng đất */
};

static uint64_t rng_state;

/* splitmix64: deterministic, so every demo database looks alike. */
static uint64_t rnd(void)
{
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

/* A number in [0, n). */
static int pick(int n)
{
    return (int)(rnd() % (uint64_t)n);
}

/* True with probability pct percent. */
static bool chance(int pct)
{
    return pick(100) < pct;
}

static const struct demo_proc *pick_proc(void)
{
    int total = 0, r;
    for (size_t i = 0; i < MC_ARRAY_LEN(PROCS); i++)
        total += PROCS[i].weight;
    r = pick(total);
    for (size_t i = 0; i < MC_ARRAY_LEN(PROCS); i++) {
        if (r < PROCS[i].weight)
            return &PROCS[i];
        r -= PROCS[i].weight;
    }
    return &PROCS[0];
}

/* The working day k working days after (k > 0) or before (k < 0) date. */
static int32_t wd_move(const struct calendar *cal, int32_t date, int k)
{
    int step = k < 0 ? -1 : 1;
    for (int n = k < 0 ? -k : k; n > 0;) {
        date += step;
        if (calendar_is_working_day(cal, date))
            n--;
    }
    return date;
}

static void put_time(struct buf *b, const char *key, int64_t t)
{
    char iso[32];
    if (!t) {
        buf_addf(b, ",\"%s\":null", key);
        return;
    }
    clock_format_iso(t, iso, sizeof(iso));
    buf_addf(b, ",\"%s\":\"%s\"", key, iso);
}

/* Per agency and day, the last sequence number used. */
struct seq {
    char agency[DOSSIER_REF_MAX + 1];
    int32_t date;
    int last;
};

static int next_seq(struct seq *seqs, size_t *n, size_t cap, const char *agency, int32_t date)
{
    for (size_t i = 0; i < *n; i++)
        if (seqs[i].date == date && strcmp(seqs[i].agency, agency) == 0)
            return ++seqs[i].last;
    if (*n == cap)
        return 9000 + pick(999);   /* never reached with the sizes used */
    snprintf(seqs[*n].agency, sizeof(seqs[*n].agency), "%s", agency);
    seqs[*n].date = date;
    seqs[*n].last = 1;
    (*n)++;
    return 1;
}

/* One finished dossier received on working day `date`, as a JSON line. */
static enum mc_status history_line(const struct calendar *cal, int64_t now, int32_t date,
                                   struct seq *seqs, size_t *nseq, size_t cap, struct buf *out)
{
    const struct demo_proc *p = pick_proc();
    const char *agency = p->agencies[0];
    int nag = 0, y, m, d;
    while (p->agencies[nag])
        nag++;
    agency = p->agencies[pick(nag)];
    int r = pick(100);
    int channel = r < 55 ? NAT_CH_ONLINE : r < 95 ? NAT_CH_DIRECT
                                                           : NAT_CH_POSTAL;
    int64_t received = calendar_time_at(date, (7 * 60 + 30 + pick(9 * 60)) * 60), due = 0;
    enum mc_status st = calendar_due(cal, received, p->days, CALENDAR_UNIT_WORKING_DAYS, &due);
    if (st != MC_OK)
        return st;
    int supplements = chance(12) ? (chance(15) ? 2 : 1) : 0;
    /* Whole working days of waiting, added as office time: the deadline stays in office
     * hours and ThoiGianBoSung is what it moved (never a deadline at night). */
    int64_t waited = supplements ? (int64_t)(1 + pick(3)) * 8 * HOUR : 0, deadline = due;
    if (waited && (st = calendar_add_working_seconds(cal, due, waited, &deadline)) != MC_OK)
        return st;
    int64_t supp_seconds = deadline - due;
    bool late = supplements > 1 || chance(7);
    int64_t span = deadline - received, ended;
    ended = late ? deadline + (int64_t)(1 + pick(4 * 24)) * HOUR
                 : received + span / 4 + (int64_t)(rnd() % (uint64_t)(span * 3 / 4 + 1));
    if (ended > now - HOUR)
        ended = now - HOUR;
    if (ended < received)
        ended = received;
    r = pick(100);
    int status = r < 90 ? 10 : r < 93 ? 3 : r < 97 ? 7 : 8;
    int64_t returned = status == 10 ? ended + (int64_t)pick(30) * HOUR : 0;
    if (returned > now - 60)
        returned = now - 60;
    if (status == 10 && returned < ended)
        returned = ended;
    bool finished = status == 10;
    bool online = channel == NAT_CH_ONLINE;
    int paid = p->fee && finished && online && chance(70) ? (chance(30) ? 1 : 2) : 0;
    int rating = finished && chance(online ? 70 : 45)
                     ? (chance(late ? 40 : 4) ? 3 : chance(65) ? 1 : 2) : 0;
    calendar_date_to_ymd(calendar_date_of(received), &y, &m, &d);
    buf_addf(out, "{\"MaHoSo\":\"%s-%02d%02d%02d-%04d\",\"MaTTHC\":\"%s\",\"MaDonVi\":\"%s\","
             "\"KenhThucHien\":%d,\"TrangThaiHoSo\":%d", agency, y % 100, m, d,
             next_seq(seqs, nseq, cap, agency, calendar_date_of(received)), p->code, agency,
             channel, status);
    put_time(out, "NgayTiepNhan", received);
    put_time(out, "NgayHenTra", due);
    put_time(out, "NgayKetThucXuLy", ended);
    put_time(out, "NgayTraKetQua", returned);
    buf_addf(out, ",\"SoLanBoSung\":%d,\"ThoiGianBoSung\":%" PRId64
             ",\"DuocThanhToanTrucTuyen\":%d,\"CoPhi\":%d,\"CoKetQuaDienTu\":%d,"
             "\"DuocSoHoa\":%d,\"TaiSuDungDuLieu\":%d,\"DanhGia\":%d,\"CoPhanAnh\":%d,"
             "\"MaHoSoCongDan\":null}\n",
             supplements, supp_seconds, paid, p->fee,
             finished && (online ? chance(85) : chance(30)),
             online || chance(60), online && chance(35), rating, chance(1));
    return MC_OK;
}

static enum mc_status seed_history(struct db *db, const struct calendar *cal, int64_t now,
                                   size_t *created)
{
    int32_t days[DEMO_HISTORY_DAYS];
    size_t ndays = 0, nseq = 0, cap = 16 * DEMO_HISTORY_DAYS;
    int64_t existing = 0;
    struct import_report rep;
    struct buf lines;
    enum mc_status st = db_get_int(db, &Q_IMPORTED, &existing, "");
    if (st != MC_OK || existing > 0)
        return st;
    struct seq *seqs = xcalloc(cap, sizeof(*seqs));
    buf_init(&lines, (size_t)DEMO_HISTORY_COUNT * HISTORY_LINE_MAX);
    import_report_init(&rep);
    rng_state = 0x6d6f74637561ull;   /* "motcua" */
    /* The working days of the last six months, oldest first, ending yesterday. */
    for (int32_t day = calendar_date_of(now) - DEMO_HISTORY_DAYS; day < calendar_date_of(now);
         day++)
        if (calendar_is_working_day(cal, day) && ndays < MC_ARRAY_LEN(days))
            days[ndays++] = day;
    for (size_t i = 0; st == MC_OK && ndays && i < DEMO_HISTORY_COUNT; i++)
        st = history_line(cal, now, days[i * ndays / DEMO_HISTORY_COUNT], seqs, &nseq, cap,
                          &lines);
    if (st == MC_OK)
        st = buf_status(&lines);
    if (st == MC_OK)
        st = dossier_import_jsonl_mem(db, lines.data, lines.len, &demo_actor, &rep);
    if (st != MC_OK)
        import_report_print(&rep, "hồ sơ mẫu", stderr);
    *created = rep.created;
    import_report_release(&rep);
    buf_release(&lines);
    free(seqs);
    return st;
}

/* ---------------------------------------------------------------- live dossiers */

enum actor { CITIZEN_A, RECEPTION_A, PROCESSING_A, APPROVER_A, ACTORS };

/*
 * Who handles a live dossier: the Sở Tư pháp's procedure is received at
 * the one-stop centre and processed by the department; the civil-status
 * procedures of the commune by the commune's own staff.
 */
struct live_office {
    const char *agency;
    const char *logins[ACTORS];
};

static const struct live_office OFFICES[] = {
    {"T20.STP", {CITIZEN, "tiepnhan", "chuyenvien", "lanhdao"}},
    {COMMUNE, {CITIZEN, "tiepnhan.dongkinh", "chuyenvien.dongkinh", "lanhdao.dongkinh"}},
};

/* The office of a live dossier's procedure: the commune unless it is 2.000635. */
static size_t office_of(const char *procedure)
{
    return strcmp(procedure, "2.000635") == 0 ? 0 : 1;
}

struct live_step {
    enum dossier_action action;
    int day;                  /* working days after the submission */
    int hour;                 /* local hour */
    const char *note;
    int due;                  /* ACCEPT: 1 due soon, 2 overdue, 0 in 3 working days */
};

struct live {
    const char *key;          /* idempotency key */
    const char *procedure;
    int back;                 /* submitted this many working days before today */
    int hour;
    struct live_step steps[STEPS_MAX];
};

#define A(act, d, h) {DOSSIER_ACT_##act, d, h, NULL, 0}
#define N(act, d, h, note) {DOSSIER_ACT_##act, d, h, note, 0}

static const char MISSING[] =
    "Bổ sung bản chụp Giấy chứng nhận kết hôn của cha mẹ (ảnh rõ, đủ bốn góc).";
static const char MISSING2[] =
    "Tờ khai thiếu chữ ký của người yêu cầu; đề nghị ký và tải lên lại tờ khai.";

static const struct live LIVE[] = {
    {"demo-live-01", "2.000635", 0, 8, {{0}}},
    {"demo-live-02", "1.001193", 1, 14, {{0}}},
    {"demo-live-03", "1.000656", 0, 7, {{0}}},
    {"demo-live-04", "2.000635", 1, 9, {A(ACCEPT, 0, 10)}},
    {"demo-live-05", "1.000894", 2, 15, {A(ACCEPT, 1, 8)}},
    {"demo-live-06", "2.000635", 2, 9, {A(ACCEPT, 0, 10), A(START, 1, 8)}},
    {"demo-live-07", "1.001193", 3, 10, {A(ACCEPT, 0, 11), A(START, 0, 14)}},
    {"demo-live-08", "2.000635", 3, 8, {A(ACCEPT, 0, 9), A(START, 1, 9), A(FINISH, 2, 10)}},
    {"demo-live-09", "1.000656", 4, 9, {A(ACCEPT, 0, 10), A(START, 1, 8), A(FINISH, 3, 15)}},
    {"demo-live-10", "1.001193", 4, 10,
     {A(ACCEPT, 0, 11), A(START, 1, 9), N(REQUEST_SUPPLEMENT, 2, 10, MISSING)}},
    {"demo-live-11", "2.000635", 8, 9,
     {A(ACCEPT, 0, 10), A(START, 1, 8), N(REQUEST_SUPPLEMENT, 1, 15, MISSING2),
      A(SUPPLEMENT, 3, 20), A(FINISH, 4, 9)}},
    {"demo-live-12", "2.000635", 2, 8,
     {A(ACCEPT, 0, 9), A(START, 0, 14), {DOSSIER_ACT_REQUEST_PAYMENT, 1, 9, NULL, 0}}},
    {"demo-live-13", "1.000894", 3, 9,
     {{DOSSIER_ACT_ACCEPT, 0, 10, NULL, 1}, A(START, 1, 8)}},
    {"demo-live-14", "1.001193", 12, 10,
     {{DOSSIER_ACT_ACCEPT, 0, 11, NULL, 2}, A(START, 1, 9)}},
    {"demo-live-15", "2.000635", 10, 9,
     {{DOSSIER_ACT_ACCEPT, 0, 10, NULL, 2}, A(START, 0, 15),
      N(APOLOGY, 6, 9, "Cần xác minh thông tin đăng ký hộ tịch tại nơi đăng ký trước đây.")}},
    {"demo-live-16", "2.000635", 6, 9,
     {A(ACCEPT, 0, 10), A(START, 1, 8), A(FINISH, 2, 9),
      N(APPROVE, 2, 15, "Cấp bản sao trích lục khai sinh cho bà Hoàng Thị Lan.")}},
    {"demo-live-17", "1.001193", 9, 8,
     {A(ACCEPT, 0, 9), A(START, 0, 14), A(FINISH, 1, 10),
      N(APPROVE, 2, 9, "Đăng ký khai sinh cho cháu Nguyễn Hoàng An."),
      N(COLLECT_FEE, 2, 13, "Biên lai số 0000127"), A(RETURN, 2, 14)}},
};

static enum actor actor_of(enum dossier_action a)
{
    switch (a) {
    case DOSSIER_ACT_SUPPLEMENT:
    case DOSSIER_ACT_WITHDRAW:
        return CITIZEN_A;
    case DOSSIER_ACT_ACCEPT:
    case DOSSIER_ACT_REFUSE:
    case DOSSIER_ACT_CONFIRM_PAYMENT:
    case DOSSIER_ACT_COLLECT_FEE:
    case DOSSIER_ACT_RETURN:
        return RECEPTION_A;
    case DOSSIER_ACT_APPROVE:
    case DOSSIER_ACT_SEND_BACK:
        return APPROVER_A;
    default:
        return PROCESSING_A;
    }
}

/* A small PDF standing in for a scanned form. */
static enum mc_status put_form_pdf(const struct filestore *fs, const char *key,
                                   struct filestore_meta *m)
{
    struct buf b;
    buf_init(&b, BUF_MAX_LINE);
    buf_addf(&b, "%%PDF-1.4\n%% motcua demo: to khai %s\n1 0 obj << /Type /Catalog >> endobj\n"
             "trailer << /Root 1 0 R >>\n%%%%EOF\n", key);
    enum mc_status st = buf_status(&b);
    if (st == MC_OK)
        st = filestore_put_bytes(fs, b.data, b.len, m);
    buf_release(&b);
    return st;
}

/*
 * What the demo citizen declared for procedure, as the e-form of
 * data/demo/eforms.json asks (dates counted back from the submission day
 * sub), into out.
 */
static void live_form(const char *procedure, int32_t sub, const char *key, char *out,
                      size_t size)
{
    char born[CALENDAR_DATE_SIZE], died[CALENDAR_DATE_SIZE];
    int y, m, d;
    calendar_date_to_ymd(sub - 12, &y, &m, &d);
    snprintf(born, sizeof(born), "%02d/%02d/%04d", d, m, y);
    calendar_date_to_ymd(sub - 3, &y, &m, &d);
    snprintf(died, sizeof(died), "%02d/%02d/%04d", d, m, y);
    if (strcmp(procedure, "1.001193") == 0)
        snprintf(out, size, "{\"ho_ten_tre\":\"Nguyễn Hoàng An\",\"ngay_sinh\":\"%s\","
                 "\"gioi_tinh\":\"Nam\",\"noi_sinh\":\"Bệnh viện Đa khoa tỉnh Lạng Sơn\","
                 "\"ho_ten_me\":\"Hoàng Thị Lan\",\"cccd_me\":\"" CITIZEN "\","
                 "\"ho_ten_cha\":\"Nguyễn Văn Hùng\",\"quan_he\":\"Mẹ\","
                 "\"noi_cu_tru\":\"Số 12 đường Bà Triệu\",\"noi_cu_tru__xa\":\"05977\","
                 "\"dien_thoai\":\"0912345678\",\"so_ban_sao\":\"1\"}", born);
    else if (strcmp(procedure, "1.000656") == 0)
        snprintf(out, size, "{\"ho_ten_nguoi_mat\":\"Hoàng Văn Sáng\",\"ngay_mat\":\"%s\","
                 "\"noi_mat\":\"Tại nhà, số 12 đường Bà Triệu, phường Đông Kinh\","
                 "\"nguyen_nhan\":\"Tuổi cao\",\"quan_he\":\"Con\","
                 "\"dien_thoai\":\"0912345678\"}", died);
    else if (strcmp(procedure, "1.000894") == 0)
        snprintf(out, size, "{\"ho_ten_nam\":\"Nguyễn Văn Hùng\",\"ngay_sinh_nam\":\"14/05/1988\","
                 "\"cccd_nam\":\"020088004321\",\"ho_ten_nu\":\"Hoàng Thị Lan\","
                 "\"ngay_sinh_nu\":\"12/08/1990\",\"cccd_nu\":\"" CITIZEN "\","
                 "\"noi_cu_tru\":\"Số 12 đường Bà Triệu\",\"noi_cu_tru__xa\":\"05977\","
                 "\"dien_thoai\":\"0912345678\"}");
    else if (strcmp(procedure, "2.000635") == 0)
        snprintf(out, size, "{\"loai_trich_luc\":\"Giấy khai sinh\","
                 "\"ho_ten_nguoi_duoc_cap\":\"Hoàng Thị Lan\",\"ngay_sinh\":\"12/08/1990\","
                 "\"so_ban\":\"1\",\"ly_do\":\"Bổ sung hồ sơ xin việc\","
                 "\"uy_quyen\":\"Không\"}");
    else
        snprintf(out, size, "{\"noi_dung\":\"Hồ sơ mẫu %s\"}", key);
}

/*
 * The demo's scanned form lodged as every document the procedure requires
 * (or its first document when none is required): refs[0..*n) named after
 * them, pointing into p.
 */
static void live_files(const struct procedure *p, const char *form, const char *sha,
                       struct dossier_file_ref *refs, size_t max, size_t *n)
{
    json_t *values = json_loads(form, 0, NULL);
    *n = 0;
    for (size_t i = 0; i < p->ndocuments && *n < max; i++)
        if (eform_document_need(p, i, values) == EFORM_REQUIRED)
            refs[(*n)++] = (struct dossier_file_ref){sha, 0, p->documents[i].name, NULL, 0};
    if (*n == 0)
        refs[(*n)++] = (struct dossier_file_ref){
            sha, 0, p->ndocuments && p->documents[0].name ? p->documents[0].name : "Tờ khai",
            NULL, 0};
    json_decref(values);
}

/* Local time `hour`:00 on the working day `day` after submission day `sub`, capped. */
static int64_t step_time(const struct calendar *cal, int32_t sub, int day, int hour,
                         int64_t prev, int64_t limit)
{
    int64_t t = calendar_time_at(wd_move(cal, sub, day), hour * HOUR);
    if (t <= prev)
        t = prev + 300;
    if (t > limit)
        t = limit;
    return t > prev ? t : prev + 1;
}

static enum mc_status live_one(const struct dossier_env *env,
                               const struct user users[][ACTORS], const struct live *l,
                               int64_t now, bool *created)
{
    size_t office = office_of(l->procedure);
    const struct calendar *cal = env->cal;
    struct filestore_meta m;
    struct dossier d;
    int64_t id = 0, version = 0;
    bool replayed = false;
    struct form_errors errs = {0};
    size_t nsteps = 0;
    while (nsteps < STEPS_MAX && l->steps[nsteps].hour)
        nsteps++;
    int32_t today = calendar_date_of(now);
    int32_t sub = l->back ? wd_move(cal, today, -l->back)
                          : calendar_is_working_day(cal, today) ? today
                                                                : wd_move(cal, today, -1);
    /* Leave room for the steps before now, a few minutes each. */
    int64_t limit = now - (int64_t)(nsteps + 1) * 600;
    int64_t t = step_time(cal, sub, 0, l->hour, 0, limit);
    struct procedure proc;
    dossier_init(&d);
    procedure_init(&proc);
    enum mc_status st = put_form_pdf(env->files, l->key, &m);
    if (st != MC_OK)
        goto out;
    struct dossier_file_ref file = {m.sha256, 0, "Tờ khai"};
    struct dossier_file_ref refs[DOCS_MAX];
    size_t nrefs = 0;
    char form[1024];
    live_form(l->procedure, sub, l->key, form, sizeof(form));
    if ((st = catalog_get(env->db, l->procedure, &proc, NULL)) != MC_OK)
        goto out;
    live_files(&proc, form, m.sha256, refs, DOCS_MAX, &nrefs);
    struct dossier_submission s = {l->procedure, OFFICES[office].agency, NULL, form,
                                   DOSSIER_DELIVERY_ONLINE, NULL, refs, nrefs, l->key};
    clock_set(t, 0);
    st = dossier_submit(env, &users[office][CITIZEN_A], "demo", &s, &id, &replayed, &errs);
    if (st != MC_OK || replayed)
        goto out;
    *created = true;
    version = 1;
    if ((st = dossier_get(env->db, NULL, id, &d)) != MC_OK)
        goto out;
    version = d.version;
    for (size_t i = 0; i < nsteps; i++) {
        const struct live_step *p = &l->steps[i];
        limit = now - (int64_t)(nsteps - i) * 600;
        t = step_time(cal, sub, p->day, p->hour, t, limit);
        struct dossier_action_input in = {p->action, version, p->note, 0, 0, 0, NULL, 0};
        if (p->action == DOSSIER_ACT_ACCEPT && p->due == 1) {
            /* Due within the working day: today 16:30, or the next working day. */
            bool early = calendar_is_working_day(cal, today) &&
                         calendar_seconds_of_day(now) < 14 * HOUR;
            in.due_at = calendar_time_at(early ? today : wd_move(cal, today, 1),
                                         early ? 16 * HOUR + 1800 : 10 * HOUR);
        } else if (p->action == DOSSIER_ACT_ACCEPT && p->due == 0) {
            /* The demo procedures take one working day: give room to show the queues. */
            in.due_at = calendar_time_at(wd_move(cal, today, 3), 16 * HOUR + 1800);
        } else if (p->action == DOSSIER_ACT_ACCEPT && p->due == 2) {
            in.due_at = calendar_time_at(wd_move(cal, today, -2), 16 * HOUR + 1800);
        } else if (p->action == DOSSIER_ACT_APOLOGY) {
            in.due_at = calendar_time_at(wd_move(cal, today, 3), 16 * HOUR);
        } else if (p->action == DOSSIER_ACT_REQUEST_PAYMENT) {
            in.amount = 8000;
        }
        if (p->action == DOSSIER_ACT_SUPPLEMENT) {
            in.files = &file;
            in.nfiles = 1;
        }
        clock_set(t, 0);
        st = dossier_act(env, &users[office][actor_of(p->action)], "demo", id, &in, &version,
                         &errs);
        if (st != MC_OK) {
            log_error("demo dossier %s: %s failed: %s", l->key,
                      dossier_action_code(p->action), mc_status_name(st));
            goto out;
        }
    }
out:
    if (st != MC_OK && errs.count > 0)
        fprintf(stderr, "hồ sơ mẫu %s: %s\n", l->key, form_errors_first(&errs));
    procedure_release(&proc);
    dossier_release(&d);
    return st;
}

static enum mc_status seed_live(const struct dossier_env *env, int64_t now, size_t *created)
{
    struct user users[MC_ARRAY_LEN(OFFICES)][ACTORS];
    enum mc_status st = MC_OK;
    for (size_t o = 0; o < MC_ARRAY_LEN(OFFICES); o++)
        for (int i = 0; st == MC_OK && i < ACTORS; i++)
            st = account_load_login(env->db, OFFICES[o].logins[i], &users[o][i]);
    for (size_t i = 0; st == MC_OK && i < MC_ARRAY_LEN(LIVE); i++) {
        bool made = false;
        st = live_one(env, users, &LIVE[i], now, &made);
        *created += made;
    }
    return st;
}

enum mc_status demo_dossiers_seed(struct db *db, const char *data_dir)
{
    struct calendar cal;
    struct filestore fs;
    size_t history = 0, live = 0;
    int64_t now = clock_now();
    calendar_init(&cal);
    filestore_init(&fs, data_dir);
    enum mc_status st = calendar_load(db, &cal);
    if (st == MC_OK)
        st = seed_history(db, &cal, now, &history);
    if (st == MC_OK) {
        struct dossier_env env = {db, &cal, &fs};
        st = seed_live(&env, now, &live);
        /* Back to the real (or MOTCUA_NOW) clock. */
        clock_set(-1, 0);
        if (clock_init_from_env() != MC_OK)
            log_warn("demo: MOTCUA_NOW could not be read again");
    }
    if (st == MC_OK)
        printf("Hồ sơ mẫu: %zu hồ sơ lịch sử, %zu hồ sơ đang giải quyết mới tạo.\n", history,
               live);
    else
        log_error("demo dossiers: %s", mc_status_name(st));
    filestore_release(&fs);
    calendar_release(&cal);
    return st;
}
