/*
 * main.c - the motcua program: wires subcommands to the modules.
 * Nothing here holds rules; each subcommand lives in its module.
 */
#include <stdio.h>
#include <string.h>
#include "core/log.h"

static void usage(FILE *f)
{
    fputs("motcua - cổng dịch vụ công một cửa\n\n"
          "Usage: motcua COMMAND [OPTIONS]\n", f);
}

int main(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "--help") == 0) {
        usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    usage(stderr);
    return 2;
}
