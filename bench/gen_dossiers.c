/*
 * gen_dossiers.c - write N synthetic dossiers in the national sync format
 * (JSON lines, the format of `motcua import dossiers`), deterministically:
 * the same N and seed always give the same bytes.  Every line is valid and
 * consistent (dates in order, the dates each status needs), so the import
 * of the output must succeed.  For tests and bench/dossier_import.sh.
 *
 *   gen_dossiers N [SEED [OPEN_DAYS]] > dossiers.jsonl
 *   gen_dossiers --units > units.json        the province and its 300 communes
 *   gen_dossiers --agencies > agencies.csv   the 20 departments and the 300
 *                                            communes' committees the lines name
 *
 * With OPEN_DAYS, history is settled as in a province that works its
 * queue: a dossier submitted more than OPEN_DAYS days before the last one
 * that would still be open (or done, awaiting return) is returned instead.
 * Without it, every line keeps its drawn status whatever its age.
 *
 * The import refuses dossiers of agencies it does not know: import the
 * units and the agencies first.
 *
 * Standalone: plain C17 and libc, no motcua headers.
 */
#define _POSIX_C_SOURCE 200809L
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define BASE 1735664400      /* 2025-01-01T00:00:00+07:00 */
#define VN (7 * 3600)
#define DAY 86400

static uint64_t state;

/* splitmix64: small, fast, deterministic. */
static uint64_t next(void)
{
    uint64_t z = (state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static int64_t pick(int64_t n)
{
    return (int64_t)(next() % (uint64_t)n);
}

static void put_time(const char *key, int64_t t)
{
    struct tm tm;
    time_t local = (time_t)(t + VN);
    if (!t) {
        printf(",\"%s\":null", key);
        return;
    }
    gmtime_r(&local, &tm);
    printf(",\"%s\":\"%04d-%02d-%02dT%02d:%02d:%02d+07:00\"", key, tm.tm_year + 1900,
           tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

#define COMMUNES 300
#define FIRST_COMMUNE 5977
#define DEPARTMENTS 20

static void print_units(void)
{
    printf("[{\"Code\":\"20\",\"Name\":\"Lạng Sơn\",\"FullName\":\"Tỉnh Lạng Sơn\","
           "\"Wards\":[");
    for (int i = 0; i < COMMUNES; i++)
        printf("%s{\"Code\":\"%05d\",\"Name\":\"Xã %d\",\"FullName\":\"Xã %d\","
               "\"ProvinceCode\":\"20\"}", i ? "," : "", FIRST_COMMUNE + i, i, i);
    printf("]}]\n");
}

static void print_agencies(void)
{
    printf("ma_don_vi,ten_don_vi,ma_dvhc,ma_don_vi_cha\n");
    printf("T20.UBND,Ủy ban nhân dân tỉnh Lạng Sơn,20,\n");
    for (int i = 0; i < DEPARTMENTS; i++)
        printf("T20.S%02d,Sở thứ %d,20,T20.UBND\n", i, i);
    for (int i = 0; i < COMMUNES; i++)
        printf("X%05d.UBND,Ủy ban nhân dân xã %d,%05d,T20.UBND\n", FIRST_COMMUNE + i, i,
               FIRST_COMMUNE + i);
}

int main(int argc, char **argv)
{
    /* Status weights roughly as a province sees them. */
    static const int statuses[] = {1, 2, 3, 4, 4, 5, 6, 7, 8, 9, 10, 10, 10, 10, 10, 10};
    if (argc > 1 && strcmp(argv[1], "--units") == 0) {
        print_units();
        return 0;
    }
    if (argc > 1 && strcmp(argv[1], "--agencies") == 0) {
        print_agencies();
        return 0;
    }
    long long n = argc > 1 ? atoll(argv[1]) : 0;
    state = argc > 2 ? strtoull(argv[2], NULL, 10) : 766;
    long long open_days = argc > 3 ? atoll(argv[3]) : -1;
    if (n <= 0) {
        fprintf(stderr, "usage: gen_dossiers N [SEED [OPEN_DAYS]] | --units | --agencies\n");
        return 2;
    }
    for (long long i = 1; i <= n; i++) {
        int64_t submitted = BASE + i * 30 + pick(30);
        int status = statuses[pick(16)];
        if (open_days >= 0 && (n - i) * 30 > open_days * DAY && status != 3 && status != 7 &&
            status != 8 && status != 10)
            status = 10;
        int accepted = status != 1 && !((status == 3 || status == 7) && pick(2));
        int64_t received = accepted ? submitted + pick(DAY) : 0;
        int64_t due = accepted ? received + (5 + pick(11)) * DAY : 0;
        int ends = status == 3 || status == 7 || status >= 8;
        int64_t ended = accepted && ends ? received + pick(20 * DAY) : 0;
        int64_t returned = status == 10 ? ended + pick(3 * DAY) : 0;
        int supplements = accepted && status != 2 ? (int)(pick(10) < 8 ? 0 : 1 + pick(2)) : 0;
        int64_t waited = supplements && status != 5 ? supplements * (int64_t)DAY : 0;
        int fee = pick(3) == 0;
        int channel = 1 + (int)pick(3);
        time_t local = (time_t)(submitted + VN);
        struct tm tm;
        gmtime_r(&local, &tm);
        char agency[32];
        if (pick(4) == 0)
            snprintf(agency, sizeof(agency), "T20.S%02d", (int)pick(DEPARTMENTS));
        else
            snprintf(agency, sizeof(agency), "X%05d.UBND", FIRST_COMMUNE + (int)pick(COMMUNES));
        printf("{\"MaHoSo\":\"%s-%02d%02d%02d-%07lld\",\"MaTTHC\":\"1.%06d\",\"MaDonVi\":\"%s\"",
               agency, tm.tm_year % 100, tm.tm_mon + 1, tm.tm_mday, i,
               (int)(1000 + pick(200)), agency);
        printf(",\"KenhThucHien\":%d,\"TrangThaiHoSo\":%d", channel, status);
        put_time("NgayTiepNhan", received);
        put_time("NgayHenTra", due);
        put_time("NgayKetThucXuLy", ended);
        put_time("NgayTraKetQua", returned);
        printf(",\"SoLanBoSung\":%d,\"ThoiGianBoSung\":%" PRId64, supplements, waited);
        printf(",\"DuocThanhToanTrucTuyen\":%d,\"CoPhi\":%d,\"CoKetQuaDienTu\":%d",
               fee && channel == 2 ? (int)pick(3) : 0, fee,
               status >= 9 ? (int)pick(2) : 0);
        printf(",\"DuocSoHoa\":%d,\"TaiSuDungDuLieu\":%d,\"DanhGia\":%d,\"CoPhanAnh\":%d",
               (int)pick(2), (int)(pick(4) == 0), status == 10 ? (int)pick(4) : 0,
               (int)(pick(50) == 0));
        printf(",\"MaHoSoCongDan\":\"CD%09lld\"}\n", i * 7 % 1000000007);
    }
    return ferror(stdout) ? 1 : 0;
}
