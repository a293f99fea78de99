/* demo.c - `motcua demo`: load with the demo loader, then serve (see demo.h). */
#include <stdio.h>
#include "app/demo.h"
#include "cli/demo/demo.h"
#include "web/app.h"

int app_demo_main(int argc, char **argv)
{
    struct config cfg;
    char port[16];
    char *serve_argv[16];
    bool serve = false;
    int n = 0;
    int rc = demo_prepare(argc, argv, &cfg, &serve);
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
    return web_serve_main(n, serve_argv);
}
