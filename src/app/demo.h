/*
 * demo.h - `motcua demo` as the program runs it: the demo loader
 * (cli/demo/demo.h) fills a fresh or existing database, then the server
 * of `motcua serve` (src/app/serve.c) runs on it.
 */
#ifndef MC_APP_DEMO_H
#define MC_APP_DEMO_H

/*
 * argv[0] is "demo" (flags: demo_prepare()).  Loads, prints the logins,
 * then serves until SIGTERM or SIGINT.  Returns the process exit code.
 */
int app_demo_main(int argc, char **argv);

#endif
