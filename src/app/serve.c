/*
 * serve.c - `motcua serve`: open and migrate the database, compile the
 * templates, start the HTTP server and run until SIGTERM or SIGINT, then
 * stop accepting, let requests in flight finish and close cleanly.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>
#include <sodium.h>
#include "app/modules.h"
#include "web/app.h"
#include "web/routes.h"
#include "cli/account_cli.h"
#include "cli/cli.h"
#include "domain/accounts/account.h"
#include "domain/calendar/calendar_store.h"
#include "domain/catalog/catalog.h"
#include "core/log.h"
#include "core/seal.h"
#include "jobs/jobs.h"
#include "jobs/tasks.h"

#define GRACE_MS 10000

/*
 * The key behind CSRF tokens and payment signatures: DIR/secret.key, made
 * on first start, or the file MOTCUA_SECRET_FILE names, which several app
 * servers behind one load balancer share (a form served by one is posted
 * to another).
 */
static enum mc_status load_secret(const char *dir, unsigned char key[32])
{
    char path[600];
    const char *shared = getenv("MOTCUA_SECRET_FILE");
    if (shared && *shared)
        snprintf(path, sizeof(path), "%s", shared);
    else
        snprintf(path, sizeof(path), "%s/secret.key", dir);
    int fd = open(path, O_RDONLY);
    if (fd < 0 && errno == ENOENT) {
        randombytes_buf(key, 32);
        fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
        if (fd >= 0 && (write(fd, key, 32) != 32 || fsync(fd) != 0)) {
            close(fd);
            return MC_ERR_IO;
        }
        if (fd >= 0) {
            close(fd);
            return MC_OK;
        }
        fd = open(path, O_RDONLY);   /* another process created it first */
    }
    if (fd < 0 || read(fd, key, 32) != 32) {
        if (fd >= 0)
            close(fd);
        log_error("cannot read the secret key in %s", dir);
        return MC_ERR_IO;
    }
    close(fd);
    return MC_OK;
}

/*
 * What the dossier pages need: the working calendar, the file store and,
 * in the demo or when tests ask for it, the sandbox payment gateway, whose
 * key is derived from the secret key (so it differs per deployment and
 * needs no file of its own).  Without it no online payment is offered.
 */
static enum mc_status app_open_dossiers(struct app *app, struct db *db)
{
    unsigned char key[crypto_auth_hmacsha256_BYTES];
    static const char label[] = "motcua payment sandbox v1";
    enum mc_status st = app_calendar_reload(app, db);
    filestore_init(&app->files, app->cfg.data_dir);
    if (st == MC_OK && filestore_problem(&app->files)) {
        fprintf(stderr, "kho tệp: %s\n", filestore_problem(&app->files));
        st = MC_ERR_INVALID;
    }
    crypto_auth_hmacsha256(key, (const unsigned char *)label, sizeof(label) - 1, app->secret);
    app->payment_on = app->demo || app->cfg.payment_sandbox;
    if (st == MC_OK && app->payment_on) {
        st = payment_sandbox_init(&app->payment, &app->payment_sandbox, key, sizeof(key),
                                  "/thanh-toan-thu");
        log_warn("online payment goes to the SANDBOX gateway: no money moves");
    }
    sodium_memzero(key, sizeof(key));
    return st;
}

/*
 * Seal the personal fields written before they were sealed at rest
 * (migrations 0019, 0023), at every start: idempotent, nothing to do once
 * done.
 */
static enum mc_status seal_contacts_tx(struct db *db, void *arg)
{
    size_t n = 0;
    (void)arg;
    enum mc_status st = keys_reseal_all(db, false, &n);
    if (st == MC_OK && n > 0)
        log_info("sealed the personal fields of %zu rows written before they were sealed", n);
    return st;
}

/* The route table, menu and staff entries of every listed module (modules.h). */
static enum mc_status app_open_registry(struct web_registry *reg)
{
    const struct web_module *parts[64];
    char err[512];
    size_t n = app_web_parts(parts, MC_ARRAY_LEN(parts));
    enum mc_status st = n < app_modules_count ? MC_ERR_TOO_LARGE
                                              : web_registry_build(reg, parts, n, err,
                                                                   sizeof(err));
    if (st != MC_OK)
        log_error("module descriptions: %s", st == MC_ERR_TOO_LARGE ? "too many modules" : err);
    return st;
}

static enum mc_status app_open(struct app *app, struct web_registry *reg)
{
    char err[512] = "";
    struct db *db = NULL;
    pthread_mutex_init(&app->cal_mutex, NULL);
    enum mc_status st = app_open_registry(reg);
    app->registry = reg;
    if (st == MC_OK)
        st = config_prepare_dirs(&app->cfg);
    if (st == MC_OK)
        st = load_secret(app->cfg.data_dir, app->secret);
    seal_use_dir(app->cfg.data_dir);
    if (st == MC_OK)
        st = seal_ready();   /* the key exists from the start, for the commands too */
    /* The data folder is the service user's only, whatever an older
     * version or a copy made it (it holds uploads and the keys). */
    if (st == MC_OK && chmod(app->cfg.data_dir, 0700) != 0)
        log_warn("cannot restrict the permissions of the data folder");
    if (st == MC_OK)
        st = tmpl_set_load(&app->tmpl, err, sizeof(err));
    if (st != MC_OK && err[0])
        fprintf(stderr, "lỗi mẫu trang: %s\n", err);
    if (st == MC_OK && (st = db_open(app->cfg.db, &db)) != MC_OK)
        cli_db_error(app->cfg.db);
    if (st == MC_OK)
        st = db_migrate(db, NULL);
    if (st == MC_OK)
        st = db_tx(db, seal_contacts_tx, NULL);
    if (st == MC_OK)
        st = app_open_dossiers(app, db);
    /* Catalogue searches rank from a copy in memory (if it fails, the database answers). */
    if (st == MC_OK && catalog_search_memory_start(db) != MC_OK)
        log_warn("catalogue search: no copy in memory yet; searching the database");
    /* Several app servers share a shared backend's connections: bound ours. */
    unsigned pool_max = app->cfg.db_pool ? app->cfg.db_pool
                        : db && db_can(db, DB_CAP_SHARED) ? 32 : 0;
    db_close(db);
    if (st == MC_OK) {
        app->pool = db_pool_new(app->cfg.db);
        db_pool_set_max(app->pool, pool_max);
        /* Public searches run on the event loops: a new copy is built off them. */
        if (catalog_search_memory_background(app->pool) != MC_OK)
            log_warn("catalogue search: no builder thread; a search builds the copy");
    }
    if (st == MC_OK && app->cfg.db_replica[0]) {
        char safe[512];
        const char *why = db_url_problem(app->cfg.db_replica);
        db_url_safe(app->cfg.db_replica, safe, sizeof(safe));
        if (why) {
            fprintf(stderr, "MOTCUA_DB_REPLICA %s: %s\n", safe, why);
            st = MC_ERR_INVALID;
        } else {   /* it may be down now: public pages read the primary until it answers */
            app->replica = db_pool_new(app->cfg.db_replica);
            db_pool_set_max(app->replica, pool_max);
            log_info("public pages read the replica %s when it keeps up", safe);
        }
    }
    return st;
}

/* The pages' hook (web/app.h) for "a message was queued": run the outbox task now. */
static void wake_outbox(void *ctx)
{
    jobs_kick(ctx, TASK_OUTBOX);
}

/*
 * The SMS and Zalo gateways from the environment (domain/notify/gateway.h),
 * with keys derived from the secret key: one signs receipt addresses, one
 * keys the hashes of opted-out addresses.  `motcua demo` sends what no
 * configured server or gateway takes to the demo gateway (notify_config.demo):
 * "sent", never out of the machine, shown in the demo inbox.  `serve`
 * without settings sends nothing: its messages wait.
 */
static enum mc_status app_open_gateways(struct app *app)
{
    unsigned char key[crypto_auth_hmacsha256_BYTES];
    static const char sign_label[] = "motcua notify receipts v1";
    static const char addr_label[] = "motcua notify addresses v1";
    crypto_auth_hmacsha256(key, (const unsigned char *)sign_label, sizeof(sign_label) - 1,
                           app->secret);
    memcpy(app->notify_key, key, sizeof(app->notify_key));
    memcpy(app->notify.optout_key, key, sizeof(app->notify.optout_key));
    app->notify.public_url = app->cfg.public_url;
    app->notify.demo = app->demo;
    crypto_auth_hmacsha256(app->notify.addr_key, (const unsigned char *)addr_label,
                           sizeof(addr_label) - 1, app->secret);
    enum mc_status st = notify_gateways_open(&app->gateways, &app->notify, app->cfg.public_url,
                                             app->cfg.data_dir, key);
    sodium_memzero(key, sizeof(key));
    return st;
}

/* Start every listed module's background tasks (outbox, reminders, deadlines, ...). */
static enum mc_status app_start_jobs(struct app *app, struct job_env *env, struct jobs **jobs)
{
    enum mc_status st = MC_OK;
    app->notify.smtp_url = app->cfg.smtp_url;
    app->notify.smtp_user = app->cfg.smtp_user;
    app->notify.smtp_pass = app->cfg.smtp_pass;
    app->notify.mail_from = app->cfg.mail_from;
    st = app_open_gateways(app);
    if (st != MC_OK)
        return st;
    env->data_dir = app->cfg.data_dir;
    env->notify = &app->notify;
    env->db_url = app->cfg.db;
    env->backup_dir = app->cfg.backup_dir;
    env->backup_keep = app->cfg.backup_keep;
    env->backup_interval_s = app->cfg.backup_interval_s;
    *jobs = jobs_new(app->pool);
    for (size_t i = 0; st == MC_OK && i < app_modules_count; i++)
        st = jobs_add_module(*jobs, app_modules[i].jobs, env);
    if (st == MC_OK)
        st = jobs_start(*jobs);
    app->wake_outbox = wake_outbox;
    app->wake_ctx = *jobs;
    return st;
}

static void app_close(struct app *app, struct jobs *jobs)
{
    jobs_free(jobs);
    catalog_search_memory_stop();
    notify_gateways_close(&app->gateways);
    db_pool_free(app->replica);
    db_pool_free(app->pool);
    tmpl_set_free(app->tmpl);
    filestore_release(&app->files);
    app_calendar_release(app);
    pthread_mutex_destroy(&app->cal_mutex);
}

enum mc_status web_listen(const char *bind_addr, uint16_t port, struct http_listener *out)
{
    enum mc_status st = http_listen(bind_addr, port, out);
    if (st == MC_ERR_CONFLICT)
        fprintf(stderr, "Không chạy được máy chủ: cổng %u đang được một chương trình khác dùng "
                "(có thể là một máy chủ motcua khác đang chạy).\n"
                "Hãy dừng chương trình đó, hoặc chọn cổng khác bằng --port hay MOTCUA_PORT.\n",
                (unsigned)port);
    else if (st != MC_OK)
        fprintf(stderr, "Không chạy được máy chủ: không mở được cổng %u trên địa chỉ %s.\n",
                (unsigned)port, bind_addr ? bind_addr : "0.0.0.0");
    return st;
}

static void usage(FILE *f)
{
    fputs("Usage: motcua serve [--port N] [--bind ADDR] [--db URL] [--data-dir DIR]\n\n"
          "Chạy máy chủ web của motcua cho đến khi nhận SIGTERM hoặc SIGINT.\n"
          "  --port N        cổng nghe (mặc định 8080; 0 = chọn cổng trống)\n"
          "  --bind ADDR     địa chỉ nghe (mặc định 127.0.0.1)\n"
          "  --db URL        cơ sở dữ liệu: đường dẫn tệp SQLite hoặc sqlite:ĐƯỜNG_DẪN\n"
          "                  (mặc định var/motcua.db)\n"
          "  --data-dir DIR  thư mục dữ liệu: tệp tải lên, khóa bí mật (mặc định var)\n"
          "Biến môi trường: MOTCUA_PORT, MOTCUA_BIND, MOTCUA_DB, MOTCUA_DATA_DIR,\n"
          "MOTCUA_MAX_CONNECTIONS, MOTCUA_MAX_PER_ADDRESS, MOTCUA_TRUSTED_PROXIES,\n"
          "MOTCUA_HEADER_TIMEOUT, MOTCUA_REQUEST_TIMEOUT, MOTCUA_UPLOAD_SPOOL_MB,\n"
          "MOTCUA_SECURE_COOKIES=1, MOTCUA_LOG_ACCESS=0.\n", f);
}

/*
 * Which requests the HTTP core answers on its event loops instead of a
 * worker thread (http_config.on_loop): public pages that only read
 * (R_REPLICA: the procedure pages and lists, served from cached responses,
 * the published answers) and the health check, but not the pages marked
 * R_HEAVY (the 766 dashboards read tens of thousands of rows when they are
 * not cached: on a loop they would hold up every connection it owns).  Everything
 * else may wait for a group commit, the model server or an outbound call
 * and runs on a worker.  A page also goes to a worker when the pool's
 * connections (bounded on a shared backend) are all taken: the guard's
 * db_pool_get() would wait on the loop, stalling its other connections
 * until a worker gives one back.
 */
static bool serve_on_loop(const struct http_request *req)
{
    const struct app *app = req->app;
    return (req->method & (HTTP_GET | HTTP_HEAD)) && req->route &&
           (((req->route->flags & R_REPLICA) && !(req->route->flags & R_HEAVY)) ||
            strcmp(req->route->pattern, "/healthz") == 0) &&
           !db_pool_would_wait(app->pool);
}

int web_serve_main(int argc, char **argv)
{
    return web_serve_run(argc, argv, false);
}

int web_serve_run(int argc, char **argv, bool demo)
{
    struct app app = {0};
    struct jobs *jobs = NULL;
    struct web_registry reg;
    struct job_env env;
    struct http_server *srv = NULL;
    struct http_listener listener = {-1, 0};
    sigset_t sigs;
    int sig = 0, rc = 1;
    config_init(&app.cfg);
    app.demo = demo;
    web_registry_init(&reg);
    argc--;
    argv++;
    if (config_parse_flags(&app.cfg, &argc, argv) != MC_OK || argc > 0) {
        bool help = argc > 0 && strcmp(argv[0], "--help") == 0;
        usage(help ? stdout : stderr);
        return help ? 0 : 2;
    }
    sigemptyset(&sigs);
    sigaddset(&sigs, SIGINT);
    sigaddset(&sigs, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &sigs, NULL);   /* server threads inherit the mask */
    signal(SIGPIPE, SIG_IGN);
    /* The port first: a second server must not touch the database or run jobs. */
    if (web_listen(app.cfg.bind, app.cfg.port, &listener) != MC_OK)
        goto out;
    if (app_open(&app, &reg) != MC_OK || app_start_jobs(&app, &env, &jobs) != MC_OK)
        goto out;
    struct http_config hc = {
        .bind_addr = app.cfg.bind, .port = app.cfg.port, .max_connections = app.cfg.max_connections,
        .routes = reg.routes, .nroutes = reg.nroutes,
        .upload_dir = NULL, .guard = web_guard, .done = web_done, .error = web_error, .app = &app,
        .listener = &listener, .per_address_max = app.cfg.max_per_address,
        .trusted_proxies = app.cfg.trusted_proxies,
        .header_timeout_s = app.cfg.header_timeout_s,
        .request_timeout_s = app.cfg.request_timeout_s, .spool_max = app.cfg.spool_max,
        .precheck = web_precheck, .clamd = app.cfg.clamd, .on_loop = serve_on_loop,
    };
    char upload_dir[600];
    snprintf(upload_dir, sizeof(upload_dir), "%s/tmp", app.cfg.data_dir);
    hc.upload_dir = upload_dir;
    if (http_server_start(&hc, &srv) != MC_OK)
        goto out;
    printf("motcua đang chạy tại http://%s:%u/\n",
           strcmp(app.cfg.bind, "0.0.0.0") == 0 ? "127.0.0.1" : app.cfg.bind,
           (unsigned)http_server_port(srv));
    fflush(stdout);
    sigwait(&sigs, &sig);
    log_info("signal %d: stopping", sig);
    http_server_stop(srv, GRACE_MS);
    rc = 0;
out:
    http_listener_close(&listener);
    app_close(&app, jobs);
    web_registry_release(&reg);
    return rc;
}
