/* routing_cli.c - routes guessed after an import (see routing_cli.h). */
#include "cli/cli.h"
#include "cli/routing_cli.h"
#include "domain/routing/routing.h"

enum mc_status routing_cli_guess(struct db *db, FILE *out)
{
    struct routing_guess_report rep;
    enum mc_status st = routing_guess_all(db, &cli_actor, &rep);
    if (st == MC_OK)
        fprintf(out, "Cơ quan giải quyết: %zu thủ tục có cơ quan cấp tỉnh, %zu thủ tục do "
                     "Ủy ban nhân dân cấp xã giải quyết, %zu thủ tục giữ cách giao của quản "
                     "trị, %zu thủ tục chưa xác định được (quản trị tỉnh giao tại trang sửa "
                     "thủ tục).\n",
                rep.province, rep.commune, rep.kept, rep.unrouted);
    else
        fprintf(stderr, "không xác định được cơ quan giải quyết (%s)\n", mc_status_name(st));
    return st;
}
