/*
 * index766_cli.c - `motcua index`: the 766 index of a unit or the rankings
 * as JSON, CSV or an Excel workbook in the layout officials use; late
 * lists, publication, recheck and rebuild (see index766_cli.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli/cli.h"
#include "core/clock.h"
#include "core/config.h"
#include "core/mem.h"
#include "domain/index766/index766.h"
#include "cli/index766_cli.h"
#include "domain/index766/index766_xlsx.h"

#define EXIT_USAGE 2
#define JSON_FLAGS (JSON_INDENT(0) | JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(12))

static const char USAGE[] =
    "Usage: motcua index --period KỲ [--unit MÃ] [--kind agencies|communes]\n"
    "                    [--format json|csv|xlsx] [--output TỆP] [--db PATH]\n"
    "       motcua index --late --period KỲ [--unit MÃ] [--format json|csv]\n"
    "       motcua index --publish --period KỲ [--note LÝ_DO]\n"
    "       motcua index --recheck | --rebuild\n\n"
    "Bộ chỉ số phục vụ người dân, doanh nghiệp (QĐ 766/QĐ-TTg).\n"
    "KỲ: 2026-10 hoặc 10/2026 (tháng), 2026-Q4 hoặc Q4/2026 (quý), 2026 (năm),\n"
    "2026-10-01..2026-10-15 (khoảng ngày).\n"
    "Không có --unit: chỉ số toàn tỉnh và xếp hạng các cơ quan, các xã.\n"
    "--late: hồ sơ trễ hạn theo cơ quan, theo cán bộ (ngày làm việc).\n"
    "--publish: công bố (đóng băng) kết quả kỳ đã kết thúc; công bố lại tạo phiên bản mới.\n"
    "--recheck: cập nhật hồ sơ đến hạn; --rebuild: tính lại toàn bộ bộ đếm.\n";

/* ---------------------------------------------------------------- CSV */

static void csv_field(FILE *f, const char *s, bool last)
{
    fputc('"', f);
    for (; s && *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputs(last ? "\"\n" : "\",", f);
}

static const char *jstr(json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? s : "";
}

static void num_text(json_t *v, char *out, size_t size)
{
    if (json_is_integer(v))
        snprintf(out, size, "%lld", (long long)json_integer_value(v));
    else if (json_is_number(v))
        snprintf(out, size, "%.2f", json_number_value(v));
    else
        snprintf(out, size, "%s", "");
}

static void csv_report(FILE *f, json_t *doc)
{
    char a[32], b[32], c[32], d[32], e[32];
    size_t gi, ii;
    json_t *g, *ind;
    fputs("nhom,chi_so,ten,tu_so,mau_so,ty_le,diem,toi_da,trang_thai\n", f);
    json_array_foreach(json_object_get(doc, "groups"), gi, g) {
        json_array_foreach(json_object_get(g, "indicators"), ii, ind) {
            num_text(json_object_get(ind, "numerator"), a, sizeof(a));
            num_text(json_object_get(ind, "denominator"), b, sizeof(b));
            snprintf(c, sizeof(c), "%.4f", json_number_value(json_object_get(ind, "ratio")));
            num_text(json_object_get(ind, "points"), d, sizeof(d));
            num_text(json_object_get(ind, "max"), e, sizeof(e));
            csv_field(f, jstr(g, "key"), false);
            csv_field(f, jstr(ind, "key"), false);
            csv_field(f, jstr(ind, "name"), false);
            csv_field(f, a, false);
            csv_field(f, b, false);
            csv_field(f, c, false);
            csv_field(f, d, false);
            csv_field(f, e, false);
            csv_field(f, jstr(ind, "state"), true);
        }
    }
    num_text(json_object_get(doc, "total_available"), a, sizeof(a));
    num_text(json_object_get(doc, "max_available"), b, sizeof(b));
    num_text(json_object_get(doc, "total"), c, sizeof(c));
    fprintf(f, "\"tong\",\"\",\"Tổng điểm có dữ liệu / quy đổi 100\",\"%s\",\"%s\",\"\","
            "\"%s\",\"100\",\"%s\"\n", a, b, c, jstr(doc, "state"));
}

static void csv_ranking(FILE *f, json_t *rk)
{
    char r[16], t[32], ta[32], ma[32], pr[16], ch[16];
    size_t i;
    json_t *u;
    fputs("hang,ma,ten,tong,diem_co_du_lieu,toi_da_co_du_lieu,hang_ky_truoc,thay_doi\n", f);
    json_array_foreach(json_object_get(rk, "units"), i, u) {
        num_text(json_object_get(u, "rank"), r, sizeof(r));
        num_text(json_object_get(u, "total"), t, sizeof(t));
        num_text(json_object_get(u, "total_available"), ta, sizeof(ta));
        num_text(json_object_get(u, "max_available"), ma, sizeof(ma));
        num_text(json_object_get(u, "previous_rank"), pr, sizeof(pr));
        num_text(json_object_get(u, "rank_change"), ch, sizeof(ch));
        csv_field(f, r, false);
        csv_field(f, jstr(u, "unit"), false);
        csv_field(f, jstr(u, "name"), false);
        csv_field(f, t, false);
        csv_field(f, ta, false);
        csv_field(f, ma, false);
        csv_field(f, pr, false);
        csv_field(f, ch, true);
    }
}

static int fail(const char *what, const char *value)
{
    fprintf(stderr, "motcua index: %s%s%s\n", what, value ? ": " : "", value ? value : "");
    return EXIT_USAGE;
}

static int status_exit(enum mc_status st, const char *period, const char *unit)
{
    if (st == MC_ERR_INVALID)
        return fail("kỳ không hợp lệ (2026-10, 2026-Q4, 2026, 2026-10-01..2026-10-15)",
                    period);
    if (st == MC_ERR_NOT_FOUND)
        return fail("không có đơn vị", unit);
    fprintf(stderr, "motcua index: lỗi cơ sở dữ liệu\n");
    return 1;
}

static int write_json(json_t *doc, const char *output)
{
    FILE *f = output ? fopen(output, "w") : stdout;
    int rc = 0;
    if (!f)
        return fail("không ghi được tệp", output);
    if (json_dumpf(doc, f, JSON_FLAGS) != 0)
        rc = 1;
    fputc('\n', f);
    if (output && fclose(f) != 0)
        rc = 1;
    return rc;
}

static int run_index(struct db *db, const char *period, const char *unit, const char *kind,
                     const char *format, const char *output)
{
    json_t *doc = NULL, *agencies = NULL, *communes = NULL;
    enum index766_rank_kind rk = INDEX766_RANK_AGENCIES;
    enum mc_status st;
    int rc = 0;
    if (kind && index766_rank_kind_parse(kind, &rk) != MC_OK)
        return fail("--kind phải là agencies hoặc communes", kind);
    if (strcmp(format, "xlsx") == 0 && !output)
        return fail("định dạng xlsx cần --output TỆP", NULL);
    if (unit || !kind) {
        st = index766_document(db, unit, period, &doc);
        if (st != MC_OK)
            return status_exit(st, period, unit);
    }
    if (!unit) {
        if (!kind || rk == INDEX766_RANK_AGENCIES)
            st = index766_ranking_document(db, period, INDEX766_RANK_AGENCIES, &agencies);
        if (st == MC_OK && (!kind || rk == INDEX766_RANK_COMMUNES))
            st = index766_ranking_document(db, period, INDEX766_RANK_COMMUNES, &communes);
        if (st != MC_OK) {
            rc = status_exit(st, period, unit);
            goto out;
        }
    } else if (strcmp(format, "xlsx") == 0) {
        const char *k = jstr(doc, "kind");
        st = index766_ranking_document(db, period,
                                    strcmp(k, "commune") == 0 ? INDEX766_RANK_COMMUNES
                                                              : INDEX766_RANK_AGENCIES,
                                    strcmp(k, "commune") == 0 ? &communes : &agencies);
        if (st != MC_OK) {
            rc = status_exit(st, period, unit);
            goto out;
        }
    }
    if (strcmp(format, "json") == 0) {
        json_t *out = doc;
        if (!unit && kind)
            out = rk == INDEX766_RANK_AGENCIES ? agencies : communes;
        else if (!unit)
            out = json_pack("{s:s,s:O,s:O,s:O}", "period", jstr(doc, "period"), "province",
                            doc, "agencies", agencies, "communes", communes);
        rc = write_json(out, output);
        if (out != doc && out != agencies && out != communes)
            json_decref(out);
    } else if (strcmp(format, "csv") == 0) {
        FILE *f = output ? fopen(output, "w") : stdout;
        if (!f) {
            rc = fail("không ghi được tệp", output);
            goto out;
        }
        if (unit)
            csv_report(f, doc);
        else
            csv_ranking(f, kind && rk == INDEX766_RANK_COMMUNES ? communes : agencies);
        if (output && fclose(f) != 0)
            rc = 1;
    } else if (strcmp(format, "xlsx") == 0) {
        if (index766_xlsx_write(output, NULL, doc, agencies, communes) != MC_OK)
            rc = fail("không ghi được tệp", output);
    } else {
        rc = fail("--format phải là json, csv hoặc xlsx", format);
    }
out:
    json_decref(doc);
    json_decref(agencies);
    json_decref(communes);
    return rc;
}

static int run_late(struct db *db, const char *period, const char *unit, const char *format,
                    const char *output)
{
    struct index766_late_list l;
    enum mc_status st;
    int rc = 0;
    index766_late_list_init(&l);
    st = index766_late(db, unit, period, &l);
    if (st != MC_OK) {
        index766_late_list_release(&l);
        return status_exit(st, period, unit);
    }
    if (strcmp(format, "csv") == 0) {
        FILE *f = output ? fopen(output, "w") : stdout;
        char iso[32], days[16];
        if (!f) {
            index766_late_list_release(&l);
            return fail("không ghi được tệp", output);
        }
        fputs("ma_ho_so,ma_thu_tuc,ten_thu_tuc,co_quan,can_bo,han_xu_ly,so_ngay_tre,"
              "da_ket_thuc\n", f);
        for (size_t i = 0; i < l.n; i++) {
            clock_format_iso(l.rows[i].deadline, iso, sizeof(iso));
            snprintf(days, sizeof(days), "%d", l.rows[i].days_late);
            csv_field(f, l.rows[i].code, false);
            csv_field(f, l.rows[i].procedure_code, false);
            csv_field(f, l.rows[i].procedure_name, false);
            csv_field(f, l.rows[i].agency_code, false);
            csv_field(f, l.rows[i].officer, false);
            csv_field(f, iso, false);
            csv_field(f, days, false);
            csv_field(f, l.rows[i].finished ? "1" : "0", true);
        }
        if (output && fclose(f) != 0)
            rc = 1;
    } else {
        json_t *doc = index766_late_json(&l, unit, period);
        rc = write_json(doc, output);
        json_decref(doc);
    }
    index766_late_list_release(&l);
    return rc;
}

static bool has_flag(int argc, char **argv, const char *name)
{
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], name) == 0)
            return true;
    return false;
}

/* Every argument is a known flag, with its value where it takes one. */
static bool args_ok(int argc, char **argv)
{
    static const char *valued[] = {"--period", "--unit", "--kind", "--format", "--output",
                                   "--note"};
    static const char *bare[] = {"--late", "--publish", "--recheck", "--rebuild"};
    for (int i = 1; i < argc; i++) {
        bool ok = false;
        for (size_t k = 0; k < MC_ARRAY_LEN(valued) && !ok; k++) {
            if (strcmp(argv[i], valued[k]) == 0 && i + 1 < argc) {
                ok = true;
                i++;
            }
        }
        for (size_t k = 0; k < MC_ARRAY_LEN(bare) && !ok; k++)
            ok = strcmp(argv[i], bare[k]) == 0;
        if (!ok)
            return false;
    }
    return true;
}

int index766_cli_main(int argc, char **argv)
{
    struct config cfg;
    struct db *db = NULL;
    const char *period, *unit, *kind, *format, *output, *note;
    int rc = EXIT_USAGE;
    if (cli_wants_help(argc, argv)) {
        fputs(USAGE, stdout);
        return 0;
    }
    config_init(&cfg);
    if (cli_open_db(&cfg, &argc, argv, &db) != MC_OK)
        return 1;
    period = cli_flag(argc, argv, "--period");
    unit = cli_flag(argc, argv, "--unit");
    kind = cli_flag(argc, argv, "--kind");
    format = cli_flag(argc, argv, "--format");
    output = cli_flag(argc, argv, "--output");
    note = cli_flag(argc, argv, "--note");
    if (!format)
        format = "json";
    if (!args_ok(argc, argv)) {
        fputs(USAGE, stderr);
        goto out;
    }
    if (has_flag(argc, argv, "--rebuild") || has_flag(argc, argv, "--recheck")) {
        int64_t n = 0;
        struct progress shown;
        progress_init(&shown, "Tính lại bộ đếm chỉ số 766");
        enum mc_status st = has_flag(argc, argv, "--rebuild")
                                ? index766_rebuild_shown(db, &shown)
                                : index766_recheck_due(db, clock_now(), &n);
        progress_end(&shown);
        rc = st == MC_OK ? 0 : 1;
        if (st == MC_OK)
            printf("đã cập nhật bộ đếm chỉ số 766 (%lld hồ sơ đến hạn)\n", (long long)n);
        else
            fprintf(stderr, "motcua index: không cập nhật được bộ đếm\n");
        goto out;
    }
    if (!period) {
        fputs(USAGE, stderr);
        goto out;
    }
    if (has_flag(argc, argv, "--publish")) {
        int rev = 0;
        enum mc_status st = index766_publish(db, period, "cli", note, &rev);
        if (st == MC_ERR_INVALID)
            rc = fail("chỉ công bố được tháng, quý, năm đã kết thúc", period);
        else if (st != MC_OK)
            rc = status_exit(st, period, NULL);
        else
            rc = 0;
        if (st == MC_OK)
            printf("đã công bố kỳ %s, phiên bản %d\n", period, rev);
        goto out;
    }
    if (has_flag(argc, argv, "--late"))
        rc = run_late(db, period, unit, format, output);
    else
        rc = run_index(db, period, unit, kind, format, output);
out:
    db_close(db);
    return rc;
}

static const struct cli_command commands[] = {
    {"index", index766_cli_main, "chỉ số 766: điểm, xếp hạng, hồ sơ trễ hạn, công bố"},
};

const struct cli_module cli_module_quality = {
    .commands = commands,
    .ncommands = MC_ARRAY_LEN(commands),
};
