/* demo.c - `motcua demo`: load with the demo loader, then serve (see demo.h). */
#include <stdio.h>
#include <stdlib.h>
#include "app/demo.h"
#include "app/modules.h"
#include "cli/cli.h"
#include "cli/demo/demo.h"
#include "web/app.h"

/*
 * Is the port `motcua demo` will serve on free?  Asked before anything is
 * loaded, so a second demo on a busy port says so at once (serve binds
 * again later).  Only --port and --bind matter here; a bad value is left
 * to demo_prepare(), which explains it.
 */
static bool port_free(int argc, char **argv)
{
    struct config cfg;
    struct http_listener probe = {-1, 0};
    const char *port = cli_flag(argc, argv, "--port");
    const char *bind = cli_flag(argc, argv, "--bind");
    char *end = NULL;
    config_init(&cfg);
    if (port) {
        unsigned long v = strtoul(port, &end, 10);
        if (!*port || *end || v > 65535)
            return true;
        cfg.port = (uint16_t)v;
    }
    if (bind)
        snprintf(cfg.bind, sizeof(cfg.bind), "%s", bind);
    if (cfg.port == 0 || cli_wants_help(argc, argv))
        return true;
    bool ok = web_listen(cfg.bind, cfg.port, &probe) == MC_OK;
    http_listener_close(&probe);
    return ok;
}

int app_demo_main(int argc, char **argv)
{
    struct config cfg;
    char port[16];
    char *serve_argv[16];
    bool serve = false;
    const struct cli_module *parts[64];
    size_t nparts = 0;
    int n = 0;
    if (!port_free(argc, argv))
        return 1;
    for (size_t i = 0; i < app_modules_count && nparts < MC_ARRAY_LEN(parts); i++)
        parts[nparts++] = app_modules[i].cli;   /* each module's sample data */
    int rc = demo_prepare(argc, argv, parts, nparts, &cfg, &serve);
    if (rc != 0 || !serve)
        return rc;
    snprintf(port, sizeof(port), "%u", (unsigned)cfg.port);
    serve_argv[n++] = "serve";
    serve_argv[n++] = "--db";
    serve_argv[n++] = cfg.db;
    serve_argv[n++] = "--data-dir";
    serve_argv[n++] = cfg.data_dir;
    serve_argv[n++] = "--port";
    serve_argv[n++] = port;
    serve_argv[n++] = "--bind";
    serve_argv[n++] = cfg.bind;
    serve_argv[n] = NULL;
    return web_serve_run(n, serve_argv, true);
}
