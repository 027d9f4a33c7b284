/*  hub_main.c - `regiehub`: the hub daemon and the operator's commands.

    Exit codes: 0 done; 1 failed (store, files, the running hub refused);
    2 bad input (usage, arguments, files that do not check out);
    3 a check found a problem (audit verify, fingerprint mismatch) or the
    hub is not running (status, reload).
*/
#include "hub.h"
#include "hub_auth.h"
#include "hub_router.h"
#include "hub_checkpoint.h"
#include "hub_lock.h"
#include "hub_restore.h"
#include "hub_report.h"
#include "hub_access.h"
#include "hub_retention.h"
#include "hub_regie.h"
#include "proto_sign.h"
#include <jansson.h>
#include <signal.h>
#include <sys/stat.h>
#include <dirent.h>
#include <getopt.h>

#define EXIT_OK         0
#define EXIT_FAILED     1
#define EXIT_USAGE      2
#define EXIT_PROBLEM    3
#define HUB_TICK_MS     100
#define HUB_CTL_TIMEOUT_MS  5000
#define HUB_MAX_CTL_BYTES   64

static volatile sig_atomic_t s_reload_wanted;
static volatile sig_atomic_t s_hup_seen;

static void
s_on_sighup (int sig)
{
    (void) sig;
    s_reload_wanted = 1;
    s_hup_seen = 1;
}

static const char *s_usage =
"regiehub - the central hub of a regiehub care-coordination network\n"
"\n"
"Usage: regiehub COMMAND [options]\n"
"\n"
"Commands:\n"
"  init DIR [--endpoint tcp://HOST:PORT] [--preset FILE]\n"
"                                          create a hub working directory; a preset\n"
"                                          (conf/methods/*.conf) sets a method's phases\n"
"  run [-c FILE]                           run the hub in the foreground\n"
"  partner add CERT [--fingerprint FP]     admit a partner (takes effect at once)\n"
"  partner remove ID                       revoke a partner (takes effect at once)\n"
"  partner list                            the admitted partners\n"
"  status                                  what the running hub is doing\n"
"  reload                                  re-read the configuration and certificates\n"
"  audit verify                            check the whole audit chain\n"
"  report [--from D] [--until D] [--team T] [--csv]  aggregates for a period\n"
"  access-report --ref HEX                 who touched one household (inzage)\n"
"  retention [--dry-run]                   remove what the retention periods say\n"
"  backup FILE                             copy the store while the hub runs\n"
"  restore FILE [--dry-run]                put a backup in place of the store (hub stopped);\n"
"                                          --dry-run only checks it (any time)\n"
"  fingerprint CERT                        a certificate's fingerprint, to compare by phone\n"
"\n"
"Options for every command:\n"
"  -c, --config FILE   the hub's configuration (default: $REGIEHUB_CONFIG or ./hub.conf)\n"
"      --json          machine-readable output\n"
"  -h, --help          this text, or the command's own help\n"
"\n"
"Example:\n"
"  regiehub init /var/lib/regiehub --endpoint tcp://0.0.0.0:7400\n"
"  regiehub run -c /var/lib/regiehub/hub.conf\n"
"  regiehub partner add politie-west.cert --fingerprint k3v9-...\n"
"\n"
"Exit codes: 0 done, 1 failed, 2 bad input, 3 a check found a problem or\n"
"the hub is not running.\n";

typedef struct {
    const char *config;
    bool json;
    const char *endpoint;
    const char *fingerprint;
    const char *from, *until, *team, *ref, *preset;
    bool csv, dry_run;
    int argc;
    char **argv;
} args_t;

static int
s_parse (args_t *a, int argc, char *argv [])
{
    static struct option options [] = {
        { "config", required_argument, NULL, 'c' },
        { "json", no_argument, NULL, 'j' },
        { "endpoint", required_argument, NULL, 'e' },
        { "fingerprint", required_argument, NULL, 'f' },
        { "from", required_argument, NULL, 'F' },
        { "until", required_argument, NULL, 'U' },
        { "team", required_argument, NULL, 'T' },
        { "ref", required_argument, NULL, 'R' },
        { "csv", no_argument, NULL, 'C' },
        { "dry-run", no_argument, NULL, 'D' },
        { "preset", required_argument, NULL, 'P' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 }
    };
    memset (a, 0, sizeof *a);
    a->config = getenv ("REGIEHUB_CONFIG");
    if (!a->config)
        a->config = "hub.conf";
    int c;
    optind = 1;
    while ((c = getopt_long (argc, argv, "c:jh", options, NULL)) != -1) {
        switch (c) {
            case 'c': a->config = optarg; break;
            case 'j': a->json = true; break;
            case 'e': a->endpoint = optarg; break;
            case 'f': a->fingerprint = optarg; break;
            case 'F': a->from = optarg; break;
            case 'U': a->until = optarg; break;
            case 'T': a->team = optarg; break;
            case 'R': a->ref = optarg; break;
            case 'C': a->csv = true; break;
            case 'D': a->dry_run = true; break;
            case 'P': a->preset = optarg; break;
            case 'h': fputs (s_usage, stdout); exit (EXIT_OK);
            default:
                fprintf (stderr, "regiehub: see `regiehub --help`\n");
                return -1;
        }
    }
    a->argc = argc - optind;
    a->argv = argv + optind;
    return 0;
}

static void
s_warn (void *arg, const char *message)
{
    (void) arg;
    zsys_warning ("%s", message);
}

/* ---- init ------------------------------------------------------------- */

/*  A method's preset as the new hub.conf, with our endpoint.               */
static int
s_write_preset (const char *path, const char *preset, const char *endpoint, char *err, size_t errlen)
{
    char check [512];
    hub_config_t *config = hub_config_load (preset, check, sizeof check);
    if (!config) {
        snprintf (err, errlen, "preset %.200s: %.250s", preset, check);
        return -1;
    }
    hub_config_destroy (&config);
    FILE *in = fopen (preset, "r");
    FILE *out = in ? fopen (path, "wx") : NULL;
    if (!in || !out) {
        snprintf (err, errlen, "cannot %s: %s", in ? "create hub.conf" : "read the preset", strerror (errno));
        if (in)
            fclose (in);
        return -1;
    }
    char line [1024];
    bool replaced = false;
    while (fgets (line, sizeof line, in)) {
        if (!replaced && strncmp (line, "    endpoint = \"", 16) == 0) {
            fprintf (out, "    endpoint = \"%s\"     #   where partners connect (CURVE)\n", endpoint);
            replaced = true;
        }
        else
            fputs (line, out);
    }
    fclose (in);
    if (fclose (out) != 0) {
        snprintf (err, errlen, "cannot write %.200s: %s", path, strerror (errno));
        return -1;
    }
    return 0;
}

static int
s_cmd_init (args_t *a)
{
    if (a->argc != 1) {
        fprintf (stderr, "regiehub init: name one directory, e.g. regiehub init /var/lib/regiehub\n");
        return EXIT_USAGE;
    }
    const char *dir = a->argv [0];
    const char *endpoint = a->endpoint ? a->endpoint : HUB_DEFAULT_ENDPOINT;
    if (strncmp (endpoint, "tcp://", 6) != 0 || strlen (endpoint) >= HUB_MAX_ENDPOINT) {
        fprintf (stderr, "regiehub init: --endpoint must be tcp://HOST:PORT\n");
        return EXIT_USAGE;
    }
    char path [PATH_MAX], err [512];
    if (mkdir (dir, 0700) != 0 && errno != EEXIST) {
        fprintf (stderr, "regiehub init: cannot create %s: %s\n", dir, strerror (errno));
        return EXIT_FAILED;
    }
    snprintf (path, sizeof path, "%s/hub.conf", dir);
    if (access (path, F_OK) == 0) {
        fprintf (stderr, "regiehub init: %s already exists; nothing changed\n", path);
        return EXIT_USAGE;
    }
    snprintf (path, sizeof path, "%s/certs", dir);
    if (mkdir (path, 0755) != 0 && errno != EEXIST) {
        fprintf (stderr, "regiehub init: cannot create %s: %s\n", path, strerror (errno));
        return EXIT_FAILED;
    }
    proto_identity_t *id = proto_identity_new ("hub", "regiehub", "hub", "", "",
                                               PROTO_ROLE_HUB, err, sizeof err);
    snprintf (path, sizeof path, "%s/hub", dir);
    if (!id || proto_identity_save (id, path, err, sizeof err) != 0) {
        fprintf (stderr, "regiehub init: %s\n", err);
        proto_identity_destroy (&id);
        return EXIT_FAILED;
    }
    char fp [PROTO_FINGERPRINT_CHARS];
    proto_cert_fingerprint (fp, proto_identity_cert (id));
    proto_identity_destroy (&id);
    snprintf (path, sizeof path, "%s/hub.conf", dir);
    if ((a->preset ? s_write_preset (path, a->preset, endpoint, err, sizeof err)
                   : hub_config_write_default (path, endpoint, err, sizeof err)) != 0) {
        fprintf (stderr, "regiehub init: %s\n", err);
        return EXIT_FAILED;
    }
    hub_config_t *config = hub_config_load (path, err, sizeof err);
    hub_store_t *store = config ? hub_store_open (config->store, err, sizeof err) : NULL;
    if (!store) {
        fprintf (stderr, "regiehub init: %s\n", err);
        hub_config_destroy (&config);
        return EXIT_FAILED;
    }
    hub_store_destroy (&store);
    hub_config_destroy (&config);
    if (a->json)
        printf ("{\"dir\": \"%s\", \"config\": \"%s/hub.conf\", \"certificate\": \"%s/hub.cert\", "
                "\"fingerprint\": \"%s\"}\n", dir, dir, dir, fp);
    else
        printf ("Created hub in %s\n"
                "  configuration  %s/hub.conf\n"
                "  certificate    %s/hub.cert  (give this to every partner)\n"
                "  fingerprint    %s\n"
                "Next: add teams to hub.conf, admit partners with `regiehub partner add`,\n"
                "then start it with `regiehub run -c %s/hub.conf`.\n",
                dir, dir, dir, fp, dir);
    return EXIT_OK;
}

/* ---- run -------------------------------------------------------------- */

typedef struct {
    hub_t hub;
    hub_lock_t *lock;                   /* one hub per store                 */
    hub_auth_t *auth;
    zsock_t *ctl;
    char ctl_path [PATH_MAX];
} daemon_t;

static void
s_reload (daemon_t *d, char *result, size_t resultlen)
{
    char err [512];
    hub_config_t *config = hub_config_load (d->hub.config->path, err, sizeof err);
    if (!config) {
        zsys_error ("reload refused, keeping the old configuration: %s", err);
        snprintf (result, resultlen, "error: %s", err);
        return;
    }
    hub_partners_t *partners = hub_partners_load (config->certs, s_warn, NULL, err, sizeof err);
    if (!partners) {
        zsys_error ("reload refused, keeping the old configuration: %s", err);
        snprintf (result, resultlen, "error: %s", err);
        hub_config_destroy (&config);
        return;
    }
    if (strcmp (config->endpoint, d->hub.config->endpoint) != 0)
        zsys_warning ("the endpoint changed to %s: that takes a restart", config->endpoint);
    /* the router holds sizes taken from the old config; keep those         */
    config->batch_max = d->hub.config->batch_max;
    config->delivery_window = d->hub.config->delivery_window;
    hub_config_destroy (&d->hub.config);
    d->hub.config = config;
    hub_auth_set_partners (d->auth, partners);
    hub_partners_destroy (&d->hub.partners);
    d->hub.partners = partners;
    hub_router_partners_changed (d->hub.router);
    zsys_info ("reloaded: %zu partners admitted", hub_partners_count (partners));
    snprintf (result, resultlen, "ok: %zu partners admitted", hub_partners_count (partners));
}

/*  Retention in a transaction of its own, audited. Returns the counts as
    JSON text (caller frees) or NULL.                                        */
static char *
s_retention_run (hub_t *hub)
{
    uint64_t now = hub_clock_now (hub->clock);
    hub_audit_mark_t mark;
    hub_audit_mark (hub->audit, &mark);
    if (hub_store_begin (hub->store) != 0)
        return NULL;
    json_t *r = hub_retention (hub->store, hub->config, now, false);
    char *text = r ? json_dumps (r, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref (r);
    if (!text || hub_audit_append (hub->audit, now, "operator", "retention", NULL, NULL, text,
                                   "control", NULL) != 0
    ||  hub_store_commit (hub->store) != 0) {
        hub_store_rollback (hub->store);
        hub_audit_reset (hub->audit, &mark);
        free (text);
        return NULL;
    }
    return text;
}

static int
s_on_router (zloop_t *loop, zsock_t *sock, void *arg)
{
    hub_router_handle (((daemon_t *) arg)->hub.router);
    return 0;
}

static int
s_on_auth (zloop_t *loop, zsock_t *sock, void *arg)
{
    hub_auth_handle (((daemon_t *) arg)->auth);
    return 0;
}

static int
s_on_ctl (zloop_t *loop, zsock_t *sock, void *arg)
{
    daemon_t *d = (daemon_t *) arg;
    zframe_t *frame = zframe_recv (sock);
    if (!frame)
        return 0;
    char command [HUB_MAX_CTL_BYTES + 1] = "";
    if (zframe_size (frame) <= HUB_MAX_CTL_BYTES) {
        memcpy (command, zframe_data (frame), zframe_size (frame));
        command [zframe_size (frame)] = 0;
    }
    zframe_destroy (&frame);
    if (streq (command, "status")) {
        char *json = hub_router_status_json (d->hub.router);
        zstr_send (sock, json ? json : "{}");
        free (json);
    }
    else
    if (streq (command, "reload")) {
        char result [600];
        s_reload (d, result, sizeof result);
        zstr_send (sock, result);
    }
    else
    if (streq (command, "retention")) {
        char *result = s_retention_run (&d->hub);
        zstr_send (sock, result ? result : "error: retention failed; see the hub's log");
        free (result);
    }
    else
        zstr_send (sock, "error: unknown control command");
    return 0;
}

static int
s_on_tick (zloop_t *loop, int timer_id, void *arg)
{
    daemon_t *d = (daemon_t *) arg;
    if (s_reload_wanted) {
        s_reload_wanted = 0;
        char result [600];
        s_reload (d, result, sizeof result);
    }
    hub_router_tick (d->hub.router);
    return zsys_interrupted ? -1 : 0;
}

static int
s_cmd_run (args_t *a)
{
    char err [512];
    daemon_t d;
    memset (&d, 0, sizeof d);
    hub_t *hub = &d.hub;
    int rc = EXIT_FAILED;
    hub->config = hub_config_load (a->config, err, sizeof err);
    if (!hub->config) {
        zsys_error ("%s", err);
        return EXIT_USAGE;
    }
    if (hub->config->syslog)
        zsys_set_logsystem (true);
    hub->clock = hub_clock_new (hub->config->clock_file);
    hub->signer = hub_signer_load (hub->config->identity, err, sizeof err);
    if (!hub->signer) {
        zsys_error ("%s", err);
        goto done;
    }
    hub->partners = hub_partners_load (hub->config->certs, s_warn, NULL, err, sizeof err);
    if (!hub->partners) {
        zsys_error ("%s", err);
        goto done;
    }
    d.lock = hub_lock_take (hub->config->store, err, sizeof err);
    if (!d.lock) {
        zsys_error ("%s", err);
        goto done;
    }
    hub->store = hub_store_open (hub->config->store, err, sizeof err);
    if (!hub->store) {
        zsys_error ("%s", err);
        goto done;
    }
    hub->audit = hub_audit_new (hub->store);
    hub->checkpoint = hub_checkpoint_new (hub->store, hub->config->store, HUB_CHECKPOINT_PAGES,
                                          HUB_CHECKPOINT_FORCE_PAGES, err, sizeof err);
    if (!hub->checkpoint)
        zsys_warning ("%s; checkpoints stay on the writer's thread", err);
    proto_writer_init (&hub->notice);
    /* the ZAP handler must be bound before the ROUTER accepts anyone      */
    d.auth = hub_auth_new (hub->partners);
    if (!d.auth) {
        zsys_error ("cannot start the ZAP handler");
        goto done;
    }
    hub->router = hub_router_new (hub, err, sizeof err);
    if (!hub->router) {
        zsys_error ("%s", err);
        goto done;
    }
    d.ctl = zsock_new (ZMQ_REP);
    unlink (hub->config->control);
    if (!d.ctl || zsock_bind (d.ctl, "ipc://%s", hub->config->control) != 0) {
        zsys_error ("cannot create the control socket %s", hub->config->control);
        goto done;
    }
    chmod (hub->config->control, 0600);
    zloop_t *loop = zloop_new ();
    zloop_reader (loop, hub_router_socket (hub->router), s_on_router, &d);
    zloop_reader (loop, hub_auth_socket (d.auth), s_on_auth, &d);
    zloop_reader (loop, d.ctl, s_on_ctl, &d);
    zloop_timer (loop, HUB_TICK_MS, 0, s_on_tick, &d);
    signal (SIGHUP, s_on_sighup);
    /* max (seq), not count (*): start-up must not read the whole store      */
    uint64_t last_seq = 0;
    hub_store_last_seq (hub->store, &last_seq);
    zsys_info ("regiehub listening on %s: %zu partners admitted, store at message %llu",
               hub->config->endpoint, hub_partners_count (hub->partners),
               (unsigned long long) last_seq);
    /* a SIGHUP interrupts the poll and so ends zloop_start: go on serving,
       the next tick does the reload; SIGINT and SIGTERM set zsys_interrupted */
    while (true) {
        s_hup_seen = 0;
        int loop_rc = zloop_start (loop);
        if (loop_rc != 0 || zsys_interrupted || !s_hup_seen)
            break;
    }
    zloop_destroy (&loop);
    zsys_info ("regiehub stopped");
    rc = EXIT_OK;
done:
    if (d.ctl) {
        zsock_destroy (&d.ctl);
        unlink (hub->config->control);
    }
    hub_router_destroy (&hub->router);
    hub_auth_destroy (&d.auth);
    hub_audit_destroy (&hub->audit);
    proto_writer_destroy (&hub->notice);
    hub_checkpoint_destroy (&hub->checkpoint);
    hub_store_destroy (&hub->store);
    hub_lock_release (&d.lock);
    hub_partners_destroy (&hub->partners);
    hub_signer_destroy (&hub->signer);
    hub_clock_destroy (&hub->clock);
    hub_config_destroy (&hub->config);
    return rc;
}

/* ---- talking to the running hub ---------------------------------------- */

/*  Sends command to the running hub; *reply is the caller's to free.
    Returns 0, or -1 when no hub answers.                                    */
static int
s_control (const hub_config_t *config, const char *command, char **reply)
{
    *reply = NULL;
    struct stat st;
    if (stat (config->control, &st) != 0)
        return -1;
    zsock_t *sock = zsock_new (ZMQ_REQ);
    if (!sock)
        return -1;
    zsock_set_rcvtimeo (sock, HUB_CTL_TIMEOUT_MS);
    zsock_set_linger (sock, 0);
    if (zsock_connect (sock, "ipc://%s", config->control) != 0) {
        zsock_destroy (&sock);
        return -1;
    }
    zstr_send (sock, command);
    *reply = zstr_recv (sock);
    zsock_destroy (&sock);
    return *reply ? 0 : -1;
}

static hub_config_t *
s_config (args_t *a)
{
    char err [512];
    hub_config_t *config = hub_config_load (a->config, err, sizeof err);
    if (!config)
        fprintf (stderr, "regiehub: %s\n", err);
    return config;
}

/*  The store named by the configuration, for commands that only read it
    (or, like backup, copy it). NULL after saying why on stderr; *code is
    the exit code to return then.                                            */
static hub_store_t *
s_store (args_t *a, const char *command, int *code)
{
    hub_config_t *config = s_config (a);
    if (!config) {
        *code = EXIT_USAGE;
        return NULL;
    }
    char err [512];
    hub_store_t *store = hub_store_open (config->store, err, sizeof err);
    hub_config_destroy (&config);
    if (!store) {
        fprintf (stderr, "regiehub %s: %s\n", command, err);
        *code = EXIT_FAILED;
    }
    return store;
}

static int
s_cmd_status (args_t *a)
{
    hub_config_t *config = s_config (a);
    if (!config)
        return EXIT_USAGE;
    char *reply;
    if (s_control (config, "status", &reply) != 0) {
        fprintf (stderr, "regiehub status: the hub is not running (no answer on %s)\n", config->control);
        hub_config_destroy (&config);
        return EXIT_PROBLEM;
    }
    hub_config_destroy (&config);
    if (a->json) {
        printf ("%s\n", reply);
        zstr_free (&reply);
        return EXIT_OK;
    }
    json_error_t jerr;
    json_t *root = json_loads (reply, 0, &jerr);
    zstr_free (&reply);
    if (!root) {
        fprintf (stderr, "regiehub status: the hub's answer is not JSON\n");
        return EXIT_FAILED;
    }
    json_t *m = json_object_get (root, "messages");
    json_t *lat = json_object_get (root, "receipt_latency");
    printf ("regiehub on %s, up %lld s\n", json_string_value (json_object_get (root, "endpoint")),
            (long long) json_integer_value (json_object_get (root, "uptime_s")));
    printf ("messages: %lld received, %lld stored, %lld duplicates, %lld receipted, "
            "%lld delivered, %lld refused\n",
            (long long) json_integer_value (json_object_get (m, "received")),
            (long long) json_integer_value (json_object_get (m, "stored")),
            (long long) json_integer_value (json_object_get (m, "duplicates")),
            (long long) json_integer_value (json_object_get (m, "receipted")),
            (long long) json_integer_value (json_object_get (m, "delivered")),
            (long long) json_integer_value (json_object_get (root, "refused_total")));
    const char *key;
    json_t *value;
    json_t *refused = json_object_get (root, "refused");
    if (json_object_size (refused)) {
        printf ("refused by reason:");
        json_object_foreach (refused, key, value)
            printf (" %s=%lld", key, (long long) json_integer_value (value));
        printf ("\n");
    }
    json_t *commits = json_object_get (root, "commits");
    printf ("commits: %lld (failed %lld; %lld of them for %lld questions ahead of their batch;"
            " %lld messages left out of their batch by a store fault of their own);"
            " batch sizes:",
            (long long) json_integer_value (json_object_get (commits, "count")),
            (long long) json_integer_value (json_object_get (commits, "failures")),
            (long long) json_integer_value (json_object_get (commits, "lane")),
            (long long) json_integer_value (json_object_get (commits, "lane_questions")),
            (long long) json_integer_value (json_object_get (commits, "isolated")));
    json_object_foreach (json_object_get (commits, "batch_sizes"), key, value)
        printf (" %s:%lld", key, (long long) json_integer_value (value));
    printf ("\nreceipt latency: p50 <= %.0f us, p99 <= %.0f us, p99.9 <= %.0f us\n",
            json_real_value (json_object_get (lat, "p50_us")),
            json_real_value (json_object_get (lat, "p99_us")),
            json_real_value (json_object_get (lat, "p999_us")));
    json_t *audit = json_object_get (root, "audit");
    printf ("audit: %lld entries, head %.16s...\n\n",
            (long long) json_integer_value (json_object_get (audit, "entries")),
            json_string_value (json_object_get (audit, "head")));
    printf ("%-32s %-10s %8s %9s %9s %8s\n", "PARTNER", "CONNECTED", "QUEUE", "RECEIVED",
            "DELIVERED", "REFUSED");
    size_t i;
    json_array_foreach (json_object_get (root, "partners"), i, value)
        printf ("%-32s %-10s %8lld %9lld %9lld %8lld\n",
                json_string_value (json_object_get (value, "id")),
                json_is_true (json_object_get (value, "connected")) ? "yes" : "no",
                (long long) json_integer_value (json_object_get (value, "queue")),
                (long long) json_integer_value (json_object_get (value, "received")),
                (long long) json_integer_value (json_object_get (value, "delivered")),
                (long long) json_integer_value (json_object_get (value, "refused")));
    json_decref (root);
    return EXIT_OK;
}

/*  Tells a running hub to reload; quiet when none runs.                    */
static void
s_reload_running (const hub_config_t *config, bool json)
{
    char *reply;
    if (s_control (config, "reload", &reply) == 0) {
        if (!json)
            printf ("The running hub reloaded (%s).\n", reply);
        zstr_free (&reply);
    }
    else
    if (!json)
        printf ("No hub is running; it takes effect when the hub starts.\n");
}

static int
s_cmd_reload (args_t *a)
{
    hub_config_t *config = s_config (a);
    if (!config)
        return EXIT_USAGE;
    char *reply;
    int rc = s_control (config, "reload", &reply);
    hub_config_destroy (&config);
    if (rc != 0) {
        fprintf (stderr, "regiehub reload: the hub is not running\n");
        return EXIT_PROBLEM;
    }
    bool ok = strncmp (reply, "ok", 2) == 0;
    if (a->json)
        printf ("{\"ok\": %s, \"result\": \"%s\"}\n", ok ? "true" : "false", ok ? "reloaded" : "refused");
    else
        printf ("%s\n", reply);
    zstr_free (&reply);
    return ok ? EXIT_OK : EXIT_FAILED;
}

static void
s_print_cert_json (json_t *o, const proto_cert_t *cert)
{
    char roles [PROTO_MAX_ROLES_BYTES], fp [PROTO_FINGERPRINT_CHARS];
    proto_roles_format (roles, sizeof roles, cert->roles);
    proto_cert_fingerprint (fp, cert);
    json_object_set_new (o, "id", json_string (cert->id));
    json_object_set_new (o, "name", json_string (cert->name));
    json_object_set_new (o, "kind", json_string (cert->kind));
    json_object_set_new (o, "team", json_string (cert->team));
    json_object_set_new (o, "roles", json_string (roles));
    json_object_set_new (o, "contact", json_string (cert->contact));
    json_object_set_new (o, "fingerprint", json_string (fp));
}

static int
s_cmd_fingerprint (args_t *a)
{
    if (a->argc != 1) {
        fprintf (stderr, "regiehub fingerprint: name one certificate file\n");
        return EXIT_USAGE;
    }
    proto_cert_t cert;
    char err [512];
    if (proto_cert_load (&cert, a->argv [0], err, sizeof err) != 0) {
        fprintf (stderr, "regiehub fingerprint: %s\n", err);
        return EXIT_USAGE;
    }
    if (a->json) {
        json_t *o = json_object ();
        s_print_cert_json (o, &cert);
        char *text = json_dumps (o, JSON_COMPACT);
        printf ("%s\n", text);
        free (text);
        json_decref (o);
    }
    else {
        char fp [PROTO_FINGERPRINT_CHARS];
        proto_cert_fingerprint (fp, &cert);
        printf ("%s (%s): %s\n", cert.id, cert.name, fp);
    }
    return EXIT_OK;
}

static int
s_cmd_partner (args_t *a)
{
    if (a->argc < 1) {
        fprintf (stderr, "regiehub partner: add CERT, remove ID or list\n");
        return EXIT_USAGE;
    }
    const char *what = a->argv [0];
    hub_config_t *config = s_config (a);
    if (!config)
        return EXIT_USAGE;
    char err [512];
    int rc = EXIT_OK;
    hub_partners_t *partners = hub_partners_load (config->certs, s_warn, NULL, err, sizeof err);
    if (!partners) {
        fprintf (stderr, "regiehub partner: %s\n", err);
        hub_config_destroy (&config);
        return EXIT_FAILED;
    }
    if (streq (what, "list") && a->argc == 1) {
        json_t *list = json_array ();
        for (size_t i = 0; i < hub_partners_count (partners); i++) {
            json_t *o = json_object ();
            s_print_cert_json (o, &hub_partners_at (partners, i)->cert);
            json_array_append_new (list, o);
        }
        if (a->json) {
            char *text = json_dumps (list, JSON_INDENT (2));
            printf ("%s\n", text);
            free (text);
        }
        else {
            printf ("%-28s %-18s %-26s %s\n", "PARTNER", "KIND", "ROLES", "FINGERPRINT");
            size_t i;
            json_t *o;
            json_array_foreach (list, i, o)
                printf ("%-28s %-18s %-26s %s\n", json_string_value (json_object_get (o, "id")),
                        json_string_value (json_object_get (o, "kind")),
                        json_string_value (json_object_get (o, "roles")),
                        json_string_value (json_object_get (o, "fingerprint")));
            printf ("%zu partners admitted\n", hub_partners_count (partners));
        }
        json_decref (list);
    }
    else
    if (streq (what, "add") && a->argc == 2) {
        proto_cert_t cert;
        char fp [PROTO_FINGERPRINT_CHARS], path [PATH_MAX + 64];
        if (proto_cert_load (&cert, a->argv [1], err, sizeof err) != 0) {
            fprintf (stderr, "regiehub partner add: %s\n", err);
            rc = EXIT_USAGE;
        }
        else {
            proto_cert_fingerprint (fp, &cert);
            bool clash = hub_partners_by_id (partners, cert.id) != NULL;
            for (size_t i = 0; i < hub_partners_count (partners) && !clash; i++) {
                const proto_cert_t *o = &hub_partners_at (partners, i)->cert;
                clash = memcmp (o->sign_key, cert.sign_key, PROTO_PUBKEY_BYTES) == 0
                     || memcmp (o->curve_key, cert.curve_key, PROTO_PUBKEY_BYTES) == 0;
            }
            if (cert.roles & PROTO_ROLE_HUB) {
                fprintf (stderr, "regiehub partner add: %s is a hub certificate, not a partner's\n",
                         a->argv [1]);
                rc = EXIT_USAGE;
            }
            else
            if (clash) {
                fprintf (stderr, "regiehub partner add: partner %s or its keys are already "
                         "admitted; remove the old one first\n", cert.id);
                rc = EXIT_USAGE;
            }
            else
            if (a->fingerprint && strcmp (a->fingerprint, fp) != 0) {
                fprintf (stderr, "regiehub partner add: the fingerprint of %s is %s, not %s: "
                         "NOT admitted. Check with the partner by phone.\n", cert.id, fp,
                         a->fingerprint);
                rc = EXIT_PROBLEM;
            }
            else {
                snprintf (path, sizeof path, "%s/%s.cert", config->certs, cert.id);
                zfile_t *src = zfile_new (NULL, a->argv [1]);
                FILE *out = fopen (path, "wx");
                zchunk_t *chunk = src && zfile_input (src) == 0 ? zfile_read (src, 65536, 0) : NULL;
                if (!out || !chunk
                ||  fwrite (zchunk_data (chunk), 1, zchunk_size (chunk), out) != zchunk_size (chunk)
                ||  fclose (out) != 0) {
                    fprintf (stderr, "regiehub partner add: cannot write %s: %s\n", path,
                             strerror (errno));
                    if (out)
                        unlink (path);
                    rc = EXIT_FAILED;
                }
                else {
                    if (a->json)
                        printf ("{\"admitted\": \"%s\", \"fingerprint\": \"%s\"}\n", cert.id, fp);
                    else
                        printf ("Admitted %s (%s), fingerprint %s\n%s", cert.id, cert.name, fp,
                                a->fingerprint ? "" : "Did you compare the fingerprint with the "
                                "partner by phone? (--fingerprint checks it for you)\n");
                    s_reload_running (config, a->json);
                }
                chmod (path, 0644);
                zchunk_destroy (&chunk);
                zfile_destroy (&src);
            }
        }
    }
    else
    if (streq (what, "remove") && a->argc == 2) {
        const hub_partner_t *p = hub_partners_by_id (partners, a->argv [1]);
        if (!p) {
            fprintf (stderr, "regiehub partner remove: no partner \"%s\" is admitted\n", a->argv [1]);
            rc = EXIT_USAGE;
        }
        else
        if (unlink (p->file) != 0) {
            fprintf (stderr, "regiehub partner remove: cannot remove %s: %s\n", p->file,
                     strerror (errno));
            rc = EXIT_FAILED;
        }
        else {
            if (a->json)
                printf ("{\"removed\": \"%s\"}\n", a->argv [1]);
            else
                printf ("Removed %s: it can no longer connect or send.\n", a->argv [1]);
            s_reload_running (config, a->json);
        }
    }
    else {
        fprintf (stderr, "regiehub partner: add CERT, remove ID or list\n");
        rc = EXIT_USAGE;
    }
    hub_partners_destroy (&partners);
    hub_config_destroy (&config);
    return rc;
}

static int
s_cmd_audit (args_t *a)
{
    if (a->argc != 1 || !streq (a->argv [0], "verify")) {
        fprintf (stderr, "regiehub audit: the command is `regiehub audit verify`\n");
        return EXIT_USAGE;
    }
    int code;
    hub_store_t *store = s_store (a, "audit verify", &code);
    if (!store)
        return code;
    char err [512];
    uint64_t entries = 0;
    int rc = hub_audit_verify (store, &entries, err, sizeof err);
    hub_store_destroy (&store);
    if (a->json)
        printf ("{\"intact\": %s, \"entries\": %llu%s%s%s}\n", rc == 0 ? "true" : "false",
                (unsigned long long) entries, rc ? ", \"problem\": \"" : "", rc ? err : "",
                rc ? "\"" : "");
    else
    if (rc == 0)
        printf ("audit log intact: %llu entries, every hash matches\n", (unsigned long long) entries);
    else
        printf ("AUDIT LOG BROKEN: %s (%llu entries before it are intact)\n", err,
                (unsigned long long) entries);
    return rc == 0 ? EXIT_OK : EXIT_PROBLEM;
}

/*  YYYY-MM-DD (local midnight) to ms; -1 when malformed.                     */
static int
s_parse_date (const char *text, uint64_t *ms)
{
    struct tm tm;
    memset (&tm, 0, sizeof tm);
    const char *end = text ? strptime (text, "%Y-%m-%d", &tm) : NULL;
    if (!end || *end)
        return -1;
    tm.tm_isdst = -1;
    time_t t = mktime (&tm);
    if (t < 0)
        return -1;
    *ms = (uint64_t) t * 1000;
    return 0;
}

static void
s_print_counts (const char *title, json_t *o, bool csv, const char *section)
{
    const char *key;
    json_t *value;
    if (csv) {
        json_object_foreach (o, key, value)
            printf ("%s,%s,%lld\n", section, key, (long long) json_integer_value (value));
        return;
    }
    printf ("%s\n", title);
    if (!json_object_size (o))
        printf ("  (none)\n");
    json_object_foreach (o, key, value)
        printf ("  %-34s %8lld\n", key, (long long) json_integer_value (value));
}

static int
s_cmd_report (args_t *a)
{
    hub_config_t *config = s_config (a);
    if (!config)
        return EXIT_USAGE;
    uint64_t from = 0, until = PROTO_TIME_MAX_MS;
    if ((a->from && s_parse_date (a->from, &from) != 0)
    ||  (a->until && s_parse_date (a->until, &until) != 0)) {
        fprintf (stderr, "regiehub report: dates are YYYY-MM-DD, e.g. --from 2026-01-01\n");
        hub_config_destroy (&config);
        return EXIT_USAGE;
    }
    if (a->team && !hub_config_team (config, a->team)) {
        fprintf (stderr, "regiehub report: there is no team \"%s\" in %s\n", a->team, config->path);
        hub_config_destroy (&config);
        return EXIT_USAGE;
    }
    char err [512];
    hub_store_t *store = hub_store_open (config->store, err, sizeof err);
    if (!store) {
        fprintf (stderr, "regiehub report: %s\n", err);
        hub_config_destroy (&config);
        return EXIT_FAILED;
    }
    json_t *r = hub_report (store, config, from, until, a->team);
    hub_store_destroy (&store);
    hub_config_destroy (&config);
    if (!r) {
        fprintf (stderr, "regiehub report: the store could not be read\n");
        return EXIT_FAILED;
    }
    if (a->json) {
        char *text = json_dumps (r, JSON_INDENT (2) | JSON_SORT_KEYS);
        printf ("%s\n", text);
        free (text);
    }
    else {
        bool csv = a->csv;
        if (csv)
            printf ("section,key,value\n");
        else
            printf ("regiehub report %s to %s%s%s (aggregates only)\n\n", a->from ? a->from : "the start",
                    a->until ? a->until : "now", a->team ? ", team " : "", a->team ? a->team : "");
        s_print_counts ("Signals per leefgebied", json_object_get (r, "signals_per_leefgebied"), csv, "signals_per_leefgebied");
        s_print_counts ("Signals per partner", json_object_get (r, "signals_per_partner"), csv, "signals_per_partner");
        s_print_counts ("Households per phase (now)", json_object_get (r, "households_per_phase"), csv, "households_per_phase");
        s_print_counts ("Caseload per casemanager (now)", json_object_get (r, "caseload_per_casemanager"), csv, "caseload_per_casemanager");
        const char *sections [] = { "referrals", "agreements", "rounds", "escalations", "matches" };
        for (size_t i = 0; i < sizeof sections / sizeof sections [0]; i++) {
            json_t *o = json_object_get (r, sections [i]);
            const char *key;
            json_t *value;
            if (!csv)
                printf ("%c%s\n", sections [i][0] - 32, sections [i] + 1);
            json_object_foreach (o, key, value) {
                char text [64];
                if (json_is_integer (value))
                    snprintf (text, sizeof text, "%lld", (long long) json_integer_value (value));
                else
                if (json_is_real (value))
                    snprintf (text, sizeof text, "%.2f", json_real_value (value));
                else
                    snprintf (text, sizeof text, "-");
                if (csv)
                    printf ("%s,%s,%s\n", sections [i], key, text);
                else
                    printf ("  %-34s %8s\n", key, text);
            }
        }
    }
    json_decref (r);
    return EXIT_OK;
}

static int
s_cmd_access_report (args_t *a)
{
    uint8_t ref [PROTO_REF_BYTES];
    const char *hex = a->ref;
    if (hex && (strncmp (hex, "person:", 7) == 0))
        hex += 7;
    else
    if (hex && (strncmp (hex, "address:", 8) == 0))
        hex += 8;
    if (!hex || proto_unhex (ref, PROTO_REF_BYTES, hex) != 0) {
        fprintf (stderr, "regiehub access-report: --ref needs the household's person or address "
                 "reference (64 hex characters), as the regisseur's agent shows it\n");
        return EXIT_USAGE;
    }
    int code;
    hub_store_t *store = s_store (a, "access-report", &code);
    if (!store)
        return code;
    json_t *rows = hub_access_report (store, ref);
    hub_store_destroy (&store);
    if (!rows) {
        fprintf (stderr, "regiehub access-report: the store could not be read\n");
        return EXIT_FAILED;
    }
    if (a->json) {
        char *text = json_dumps (rows, JSON_INDENT (2));
        printf ("%s\n", text);
        free (text);
    }
    else {
        printf ("Access report (inzage): who sent, received or looked up something about this "
                "household\n%-20s %-24s %-20s %s\n", "WHEN", "PARTNER", "WHAT", "RESULT");
        size_t i;
        json_t *o;
        json_array_foreach (rows, i, o) {
            char when [32];
            time_t t = (time_t) (json_integer_value (json_object_get (o, "ts")) / 1000);
            struct tm tm;
            localtime_r (&t, &tm);
            strftime (when, sizeof when, "%Y-%m-%d %H:%M", &tm);
            printf ("%-20s %-24s %-20s %s\n", when, json_string_value (json_object_get (o, "partner")),
                    json_string_value (json_object_get (o, "action")),
                    json_string_value (json_object_get (o, "result")));
        }
        printf ("%zu entries\n", json_array_size (rows));
    }
    json_decref (rows);
    return EXIT_OK;
}

static int
s_cmd_retention (args_t *a)
{
    hub_config_t *config = s_config (a);
    if (!config)
        return EXIT_USAGE;
    char err [512];
    char *text = NULL;
    int rc = EXIT_OK;
    if (!a->dry_run && s_control (config, "retention", &text) == 0) {
        if (strncmp (text, "error", 5) == 0)
            rc = EXIT_FAILED;
    }
    else {
        hub_clock_t *clock = hub_clock_new (config->clock_file);
        hub_store_t *store = hub_store_open (config->store, err, sizeof err);
        hub_audit_t *audit = store ? hub_audit_new (store) : NULL;
        uint64_t now = hub_clock_now (clock);
        json_t *r = NULL;
        if (store && audit && (a->dry_run || hub_store_begin (store) == 0)) {
            r = hub_retention (store, config, now, a->dry_run);
            char *counts = r ? json_dumps (r, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
            if (!a->dry_run) {
                if (!counts || hub_audit_append (audit, now, "operator", "retention", NULL, NULL,
                                                 counts, "command", NULL) != 0
                ||  hub_store_commit (store) != 0) {
                    hub_store_rollback (store);
                    json_decref (r);
                    r = NULL;
                }
            }
            free (counts);
        }
        if (r)
            text = json_dumps (r, JSON_COMPACT | JSON_SORT_KEYS);
        else {
            fprintf (stderr, "regiehub retention: %s\n", store ? hub_store_error (store) : err);
            rc = EXIT_FAILED;
        }
        json_decref (r);
        hub_audit_destroy (&audit);
        hub_store_destroy (&store);
        hub_clock_destroy (&clock);
    }
    hub_config_destroy (&config);
    if (rc == EXIT_OK && text) {
        if (a->json)
            printf ("%s\n", text);
        else {
            static const char *lines [][2] = {
                { "signals_expired",      "signals expired into the archive (content removed)" },
                { "history_removed",      "archive entries past their period" },
                { "households_reduced",   "closed households reduced to aggregates" },
                { "referrals_expired",    "declined referrals expired (content removed)" },
                { "households_forgotten", "households without regie forgotten (pseudonyms)" },
                { "messages_emptied",     "messages emptied (envelope, pending deliveries)" },
            };
            json_t *r = json_loads (text, 0, NULL);
            printf ("%s\n", a->dry_run ? "Retention, dry run: nothing is changed. It would remove:"
                                       : "Retention done. Removed:");
            for (size_t i = 0; i < sizeof lines / sizeof lines [0]; i++)
                printf ("  %-51s %lld\n", lines [i][1],
                        (long long) json_integer_value (json_object_get (r, lines [i][0])));
            json_decref (r);
        }
    }
    zstr_free (&text);
    return rc;
}

static int
s_cmd_backup (args_t *a)
{
    if (a->argc != 1) {
        fprintf (stderr, "regiehub backup: name the file to write, e.g. regiehub backup /backup/hub-$(date +%%F).db\n");
        return EXIT_USAGE;
    }
    if (access (a->argv [0], F_OK) == 0) {
        fprintf (stderr, "regiehub backup: %s exists; choose a new file\n", a->argv [0]);
        return EXIT_USAGE;
    }
    int code;
    hub_store_t *store = s_store (a, "backup", &code);
    if (!store)
        return code;
    char err [512];
    int rc = hub_store_backup (store, a->argv [0], err, sizeof err);
    uint64_t seq = 0;
    hub_store_last_seq (store, &seq);
    hub_store_destroy (&store);
    if (rc != 0) {
        fprintf (stderr, "regiehub backup: %s\n", err);
        unlink (a->argv [0]);
        return EXIT_FAILED;
    }
    if (a->json)
        printf ("{\"backup\": \"%s\", \"last_seq\": %llu}\n", a->argv [0], (unsigned long long) seq);
    else
        printf ("Backed up the store to %s (up to message %llu); check it with "
                "`sqlite3 %s 'PRAGMA integrity_check'`.\n", a->argv [0], (unsigned long long) seq, a->argv [0]);
    return EXIT_OK;
}

static int
s_cmd_restore (args_t *a)
{
    if (a->argc != 1) {
        fprintf (stderr, "regiehub restore: name the backup to put in place, e.g. "
                 "regiehub restore /backup/hub-2026-11-22.db (stop the hub first)\n");
        return EXIT_USAGE;
    }
    hub_config_t *config = s_config (a);
    if (!config)
        return EXIT_USAGE;
    hub_clock_t *clock = hub_clock_new (config->clock_file);
    hub_restore_result_t r;
    char err [1024];
    int rc = hub_restore (config->store, a->argv [0], hub_clock_now (clock), a->dry_run, &r, err,
                          sizeof err);
    hub_clock_destroy (&clock);
    if (rc != 0) {
        fprintf (stderr, "regiehub restore: %s; the store was not changed\n", err);
        hub_config_destroy (&config);
        return EXIT_FAILED;
    }
    if (a->json) {
        json_t *o = json_pack ("{sssssIsIsIsbsb}", a->dry_run ? "checked" : "restored", a->argv [0],
                               "store", config->store,
                               "backup_last_seq", (json_int_t) r.backup_last_seq,
                               "backup_audit_entries", (json_int_t) r.backup_audit_entries,
                               "next_seq", (json_int_t) r.next_seq,
                               "replaced", r.replaced, "replaced_read", r.replaced_read);
        if (r.kept [0])
            json_object_set_new (o, "kept", json_string (r.kept));
        if (r.replaced_read)
            json_object_set_new (o, "replaced_last_seq", json_integer ((json_int_t) r.replaced_last_seq));
        char *text = json_dumps (o, JSON_SORT_KEYS);
        printf ("%s\n", text);
        free (text);
        json_decref (o);
    }
    else
    if (a->dry_run) {
        printf ("The backup %s can be restored: messages up to %llu, %llu audit entries (integrity "
                "check passed, chain verified). Nothing was changed.\n", a->argv [0],
                (unsigned long long) r.backup_last_seq, (unsigned long long) r.backup_audit_entries);
        if (r.replaced_read)
            printf ("The store now holds messages up to %llu: a restore would lose the %llu after "
                    "the backup's last.\n", (unsigned long long) r.replaced_last_seq,
                    (unsigned long long) (r.replaced_last_seq > r.backup_last_seq
                                          ? r.replaced_last_seq - r.backup_last_seq : 0));
        else
        if (r.replaced)
            printf ("The store in place does not open.\n");
    }
    else {
        printf ("Restored %s from %s: messages up to %llu, %llu audit entries (chain verified).\n",
                config->store, a->argv [0], (unsigned long long) r.backup_last_seq,
                (unsigned long long) r.backup_audit_entries);
        if (r.replaced_read)
            printf ("The replaced store held messages up to %llu; it is kept as %s.\n",
                    (unsigned long long) r.replaced_last_seq, r.kept);
        else
        if (r.replaced)
            printf ("The replaced store did not open; it is kept as %s.\n", r.kept);
        printf ("New messages are numbered from %llu, past anything partners hold.\n"
                "Start the hub, then tell every partner that the backup ends at message %llu:\n"
                "their agents report the audit chain BROKEN (it now ends where the backup\n"
                "ended) until they run `regie audit accept`, and `regie outbox resend --after %llu`\n"
                "sends again what they sent after the backup.\n",
                (unsigned long long) r.next_seq, (unsigned long long) r.backup_last_seq,
                (unsigned long long) r.backup_last_seq);
    }
    hub_config_destroy (&config);
    return EXIT_OK;
}

int
main (int argc, char *argv [])
{
    zsys_init ();
    zsys_set_logident ("regiehub");
    zsys_set_logstream (stderr);
    if (proto_init () != 0) {
        fprintf (stderr, "regiehub: libsodium cannot start\n");
        return EXIT_FAILED;
    }
    if (argc < 2 || streq (argv [1], "--help") || streq (argv [1], "-h") || streq (argv [1], "help")) {
        fputs (s_usage, argc < 2 ? stderr : stdout);
        return argc < 2 ? EXIT_USAGE : EXIT_OK;
    }
    const char *command = argv [1];
    args_t a;
    if (s_parse (&a, argc - 1, argv + 1) != 0)
        return EXIT_USAGE;
    if (streq (command, "init"))        return s_cmd_init (&a);
    if (streq (command, "run"))         return s_cmd_run (&a);
    if (streq (command, "status"))      return s_cmd_status (&a);
    if (streq (command, "reload"))      return s_cmd_reload (&a);
    if (streq (command, "partner"))     return s_cmd_partner (&a);
    if (streq (command, "audit"))       return s_cmd_audit (&a);
    if (streq (command, "fingerprint")) return s_cmd_fingerprint (&a);
    if (streq (command, "report"))      return s_cmd_report (&a);
    if (streq (command, "access-report")) return s_cmd_access_report (&a);
    if (streq (command, "retention"))   return s_cmd_retention (&a);
    if (streq (command, "backup"))      return s_cmd_backup (&a);
    if (streq (command, "restore"))     return s_cmd_restore (&a);
    fprintf (stderr, "regiehub: unknown command \"%.40s\"; see `regiehub --help`\n", command);
    return EXIT_USAGE;
}
