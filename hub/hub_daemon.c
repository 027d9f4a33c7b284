/*  hub_daemon.c - `regiehub run`: the hub in the foreground. One loop
    (zloop) serves the partners' socket, ZAP, the control socket of the
    operator's commands and the timers; SIGHUP reloads.

    While it starts, `run` speaks to the person who started it, in their
    language: why it cannot start, which certificates it skipped. Once it
    serves, its only reader is its log, which stays English for the
    operators' diagnostics (README, Operations): the daemon switches its
    texts to English then, also those of a reload it logs.                  */
#include "hub_cli.h"
#include "hub_act.h"
#include "hub_inspect.h"

_Static_assert (HUB_INSPECT_LINE_BYTES <= HUB_MAX_CTL_BYTES + 1, "an inspect line fits a control request");

#define HUB_TICK_MS     100         /* how often the loop runs the timers    */

static volatile sig_atomic_t s_reload_wanted;
static volatile sig_atomic_t s_hup_seen;

static void
s_on_sighup (int sig)
{
    (void) sig;
    s_reload_wanted = 1;
    s_hup_seen = 1;
}

/* ---- run -------------------------------------------------------------- */

typedef struct {
    hub_t hub;                          /* what the workflows see            */
    hub_router_t *router;
    hub_checkpoint_t *checkpoint;       /* WAL checkpoints off the writer    */
    hub_lock_t *lock;                   /* one hub per store                 */
    hub_auth_t *auth;
    zsock_t *ctl;
    char ctl_path [PATH_MAX];
} daemon_t;

/*  A skipped certificate, in the log of the running hub.                   */
static void
s_log_warning (void *arg, const char *message)
{
    (void) arg;
    zsys_warning ("%s", message);
}

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
    hub_partners_t *partners = hub_partners_load (config->certs, s_log_warning, NULL, err, sizeof err);
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
    hub_router_partners_changed (d->router);
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

/*  The audit entry of an inspection by `regiehub inspect`, in a
    transaction of its own: the command reads only once it is written.
    Returns the reply.                                                       */
static const char *
s_inspect_audit (hub_t *hub, const hub_inspect_query_t *q)
{
    uint64_t now = hub_clock_now (hub->clock);
    hub_audit_mark_t mark;
    hub_audit_mark (hub->audit, &mark);
    if (hub_store_begin (hub->store) != 0)
        return "error: the store is busy; try again";
    if (hub_inspect_audit (hub->store, hub->audit, now, q, "control") != 0
    ||  hub_store_commit (hub->store) != 0) {
        hub_store_rollback (hub->store);
        hub_audit_reset (hub->audit, &mark);
        zsys_error ("inspect: the audit entry could not be written: %s", hub_store_error (hub->store));
        return "error: the audit entry could not be written; see the hub's log";
    }
    return "ok: recorded";
}

static int
s_on_router (zloop_t *loop, zsock_t *sock, void *arg)
{
    hub_router_handle (((daemon_t *) arg)->router);
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
        char *json = hub_router_status_json (d->router);
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
    else {
        hub_inspect_query_t q;
        int rc = hub_inspect_control_parse (command, &q);
        zstr_send (sock, rc > 0 ? s_inspect_audit (&d->hub, &q)
                       : rc < 0 ? "error: malformed inspect request" : "error: unknown control command");
    }
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
    hub_router_tick (d->router);
    return zsys_interrupted ? -1 : 0;
}

/*  Why `run` cannot start, to the person who started it (and to syslog
    when the configuration asks for it).                                     */
static void
s_cannot_start (const hub_config_t *config, const char *why)
{
    fprintf (stderr, _("regiehub run: the hub cannot start: %s\n"), why);
    if (config && config->syslog)
        zsys_error ("cannot start: %s", why);
}

int
hub_cmd_run (args_t *a)
{
    char err [512];
    daemon_t d;
    memset (&d, 0, sizeof d);
    hub_t *hub = &d.hub;
    int rc = EXIT_FAILED;
    hub->config = hub_config_load (a->config, err, sizeof err);
    if (!hub->config) {
        s_cannot_start (NULL, err);
        return EXIT_USAGE;
    }
    if (hub->config->syslog)
        zsys_set_logsystem (true);
    hub->clock = hub_clock_new (hub->config->clock_file);
    hub->signer = hub_signer_load (hub->config->identity, err, sizeof err);
    if (!hub->signer) {
        s_cannot_start (hub->config, err);
        goto done;
    }
    hub->partners = hub_partners_load (hub->config->certs, hub_cli_warn, NULL, err, sizeof err);
    if (!hub->partners) {
        s_cannot_start (hub->config, err);
        goto done;
    }
    d.lock = hub_lock_take (hub->config->store, err, sizeof err);
    if (!d.lock) {
        s_cannot_start (hub->config, err);
        goto done;
    }
    hub->store = hub_store_open (hub->config->store, err, sizeof err);
    if (!hub->store) {
        s_cannot_start (hub->config, err);
        goto done;
    }
    hub->audit = hub_audit_new (hub->store);
    d.checkpoint = hub_checkpoint_new (hub->store, hub->config->store, HUB_CHECKPOINT_PAGES,
                                       HUB_CHECKPOINT_FORCE_PAGES, err, sizeof err);
    if (!d.checkpoint)
        zsys_warning ("%s; checkpoints stay on the writer's thread", err);
    proto_writer_init (&hub->notice);
    /* the ZAP handler must be bound before the ROUTER accepts anyone      */
    d.auth = hub_auth_new (hub->partners);
    if (!d.auth) {
        s_cannot_start (hub->config, _("the ZAP handler does not start"));
        goto done;
    }
    d.router = hub_router_new (hub, d.checkpoint, err, sizeof err);
    if (!d.router) {
        s_cannot_start (hub->config, err);
        goto done;
    }
    d.ctl = zsock_new (ZMQ_REP);
    unlink (hub->config->control);
    if (!d.ctl || zsock_bind (d.ctl, "ipc://%s", hub->config->control) != 0) {
        snprintf (err, sizeof err, _("cannot create the control socket %s"), hub->config->control);
        s_cannot_start (hub->config, err);
        goto done;
    }
    chmod (hub->config->control, 0600);
    zloop_t *loop = zloop_new ();
    zloop_reader (loop, hub_router_socket (d.router), s_on_router, &d);
    zloop_reader (loop, hub_auth_socket (d.auth), s_on_auth, &d);
    zloop_reader (loop, d.ctl, s_on_ctl, &d);
    zloop_timer (loop, HUB_TICK_MS, 0, s_on_tick, &d);
    signal (SIGHUP, s_on_sighup);
    /* it serves: from here on its reader is its log (see the top)         */
    proto_lang_switch (PROTO_LANG_EN);
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
    hub_router_destroy (&d.router);
    hub_auth_destroy (&d.auth);
    hub_queued_clear (hub);
    hub_outcome_release (&hub->outcome);
    hub_audit_destroy (&hub->audit);
    proto_writer_destroy (&hub->notice);
    hub_checkpoint_destroy (&d.checkpoint);
    hub_store_destroy (&hub->store);
    hub_lock_release (&d.lock);
    hub_partners_destroy (&hub->partners);
    hub_signer_destroy (&hub->signer);
    hub_clock_destroy (&hub->clock);
    hub_config_destroy (&hub->config);
    return rc;
}
