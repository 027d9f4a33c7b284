/*  hub_admin.c - the operator's commands about the network and the
    running hub: init, status, reload, partner, fingerprint.                */
#include "hub_cli.h"

void
hub_cli_warn (void *arg, const char *message)
{
    (void) arg;
    fprintf (stderr, _("regiehub: warning: %s\n"), message);
}

void
hub_cli_json (json_t *o)
{
    char *text = o ? json_dumps (o, JSON_PRESERVE_ORDER) : NULL;
    if (text)
        printf ("%s\n", text);
    free (text);
    json_decref (o);
}

/* ---- init ------------------------------------------------------------- */

/*  A method's preset as the new hub.conf (durably), with our endpoint.      */
static int
s_write_preset (const char *path, const char *preset, const char *endpoint, char *err, size_t errlen)
{
    char check [512];
    hub_config_t *config = hub_config_load (preset, check, sizeof check);
    if (!config) {
        snprintf (err, errlen, _("the preset does not load: %.400s"), check);
        return -1;
    }
    hub_config_destroy (&config);
    FILE *in = fopen (preset, "r");
    char *text = NULL;
    size_t size = 0;
    FILE *out = in ? open_memstream (&text, &size) : NULL;
    if (!in || !out) {
        if (in)
            snprintf (err, errlen, _("cannot create %.200s: %s"), path, strerror (errno));
        else
            snprintf (err, errlen, _("cannot read the preset %.200s: %s"), preset, strerror (errno));
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
    /* durable before `regiehub init` says "Created" (proto_file.h)         */
    int rc = fclose (out) != 0
          || proto_file_write (path, text, size, 0600, PROTO_FILE_NEW) != 0 ? -1 : 0;
    if (rc)
        snprintf (err, errlen, _("cannot write %.200s: %s"), path, strerror (errno));
    free (text);
    return rc;
}

int
hub_cmd_init (args_t *a)
{
    if (a->argc != 1) {
        fprintf (stderr, _("regiehub init: name one directory, e.g. regiehub init /var/lib/regiehub\n"));
        return EXIT_USAGE;
    }
    const char *dir = a->argv [0];
    const char *endpoint = a->endpoint ? a->endpoint : HUB_DEFAULT_ENDPOINT;
    if (strncmp (endpoint, "tcp://", 6) != 0 || strlen (endpoint) >= HUB_MAX_ENDPOINT) {
        fprintf (stderr, _("regiehub init: --endpoint must be tcp://HOST:PORT\n"));
        return EXIT_USAGE;
    }
    char path [PATH_MAX], err [512];
    bool existed = false;
    if (proto_file_mkdir (dir, 0700) != 0) {
        if (errno != EEXIST) {
            fprintf (stderr, _("regiehub init: cannot create %s: %s\n"), dir, strerror (errno));
            return EXIT_FAILED;
        }
        existed = true;
    }
    snprintf (path, sizeof path, "%s/hub.conf", dir);
    if (access (path, F_OK) == 0) {
        fprintf (stderr, _("regiehub init: %s already exists; nothing changed\n"), path);
        return EXIT_USAGE;
    }
    /* a directory made beforehand (a package's, an administrator's) is the
       hub's now: its user's alone                                           */
    if (existed && chmod (dir, 0700) != 0) {
        fprintf (stderr, _("regiehub init: cannot make %s private (mode 0700): %s\n"), dir,
                 strerror (errno));
        return EXIT_FAILED;
    }
    snprintf (path, sizeof path, "%s/certs", dir);
    if (proto_file_mkdir (path, 0700) != 0 && errno != EEXIST) {
        fprintf (stderr, _("regiehub init: cannot create %s: %s\n"), path, strerror (errno));
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
    {
        char conf [PATH_MAX], cert [PATH_MAX];
        snprintf (conf, sizeof conf, "%s/hub.conf", dir);
        snprintf (cert, sizeof cert, "%s/hub.cert", dir);
        hub_cli_json (json_pack ("{ss ss ss ss}", "dir", dir, "config", conf, "certificate", cert,
                                 "fingerprint", fp));
    }
    else
        printf (_("Created hub in %s\n"
                  "  configuration  %s/hub.conf\n"
                  "  certificate    %s/hub.cert  (give this to every partner)\n"
                  "  fingerprint    %s\n"
                  "Next: add teams to hub.conf, admit partners with `regiehub partner add`,\n"
                  "then start it with `regiehub run -c %s/hub.conf`.\n"),
                dir, dir, dir, fp, dir);
    return EXIT_OK;
}

/* ---- talking to the running hub ---------------------------------------- */

/*  Sends command to the running hub; *reply is the caller's to free.
    Returns 0, or -1 when no hub answers.                                    */
int
hub_cli_control (const hub_config_t *config, const char *command, char **reply)
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

hub_config_t *
hub_cli_config (args_t *a)
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
hub_store_t *
hub_cli_store (args_t *a, const char *command, int *code)
{
    hub_config_t *config = hub_cli_config (a);
    if (!config) {
        *code = EXIT_USAGE;
        return NULL;
    }
    char err [512];
    hub_store_t *store = hub_store_open (config->store, err, sizeof err);
    hub_config_destroy (&config);
    if (!store) {
        fprintf (stderr, _("regiehub %s: the store does not open: %s\n"), command, err);
        *code = EXIT_FAILED;
    }
    return store;
}

int
hub_cmd_status (args_t *a)
{
    hub_config_t *config = hub_cli_config (a);
    if (!config)
        return EXIT_USAGE;
    char *reply;
    if (hub_cli_control (config, "status", &reply) != 0) {
        fprintf (stderr, _("regiehub status: the hub is not running (no answer on %s)\n"),
                 config->control);
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
        fprintf (stderr, _("regiehub status: the hub's answer is not JSON\n"));
        return EXIT_FAILED;
    }
    json_t *m = json_object_get (root, "messages");
    json_t *lat = json_object_get (root, "receipt_latency");
    printf (_("regiehub on %s, up %lld s\n"), json_string_value (json_object_get (root, "endpoint")),
            (long long) json_integer_value (json_object_get (root, "uptime_s")));
    printf (_("messages: %lld received, %lld stored, %lld duplicates, %lld receipted, "
              "%lld delivered, %lld refused\n"),
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
        /* TRANSLATORS: followed by the protocol's refusal codes with their
           counts, e.g. " bad_signature=1 rate_limited=5"                    */
        printf ("%s", _("refused by reason:"));
        json_object_foreach (refused, key, value)
            printf (" %s=%lld", key, (long long) json_integer_value (value));
        printf ("\n");
    }
    json_t *commits = json_object_get (root, "commits");
    /* TRANSLATORS: followed by the batch sizes with their counts, e.g.
       " 1-1:40 2-3:7"                                                       */
    printf (_("commits: %lld (failed %lld; %lld of them for %lld questions ahead of their batch;"
              " %lld messages left out of their batch by a store fault of their own);"
              " batch sizes:"),
            (long long) json_integer_value (json_object_get (commits, "count")),
            (long long) json_integer_value (json_object_get (commits, "failures")),
            (long long) json_integer_value (json_object_get (commits, "lane")),
            (long long) json_integer_value (json_object_get (commits, "lane_questions")),
            (long long) json_integer_value (json_object_get (commits, "isolated")));
    json_object_foreach (json_object_get (commits, "batch_sizes"), key, value)
        printf (" %s:%lld", key, (long long) json_integer_value (value));
    printf ("\n");
    printf (_("receipt latency: p50 <= %.0f us, p99 <= %.0f us, p99.9 <= %.0f us\n"),
            json_real_value (json_object_get (lat, "p50_us")),
            json_real_value (json_object_get (lat, "p99_us")),
            json_real_value (json_object_get (lat, "p999_us")));
    json_t *audit = json_object_get (root, "audit");
    printf (_("audit log: %lld entries, head %.16s...\n"),
            (long long) json_integer_value (json_object_get (audit, "entries")),
            json_string_value (json_object_get (audit, "head")));
    printf ("\n");
    /* TRANSLATORS: the column heads of the partners' table of `regiehub
       status`; capitals, at most 10 characters each                        */
    const char *heads [] = { _("PARTNER"), _("CONNECTED"), _("QUEUE"), _("RECEIVED"),
                             _("DELIVERED"), _("REFUSED") };
    printf ("%-*s %-*s %*s %*s %*s %*s\n", (int) proto_lang_pad (heads [0], 32), heads [0],
            (int) proto_lang_pad (heads [1], 10), heads [1], (int) proto_lang_pad (heads [2], 10),
            heads [2], (int) proto_lang_pad (heads [3], 10), heads [3],
            (int) proto_lang_pad (heads [4], 10), heads [4], (int) proto_lang_pad (heads [5], 10),
            heads [5]);
    size_t i;
    json_array_foreach (json_object_get (root, "partners"), i, value) {
        const char *connected = json_is_true (json_object_get (value, "connected")) ? _("yes") : _("no");
        printf ("%-32s %-*s %10lld %10lld %10lld %10lld\n",
                json_string_value (json_object_get (value, "id")),
                (int) proto_lang_pad (connected, 10), connected,
                (long long) json_integer_value (json_object_get (value, "queue")),
                (long long) json_integer_value (json_object_get (value, "received")),
                (long long) json_integer_value (json_object_get (value, "delivered")),
                (long long) json_integer_value (json_object_get (value, "refused")));
    }
    /* TRANSLATORS: the column heads of the timers' table of `regiehub status` */
    const char *timer = _("TIMER"), *every = _("EVERY");
    printf ("\n%-*s %*s  %s\n", (int) proto_lang_pad (timer, 32), timer,
            (int) proto_lang_pad (every, 10), every, _("LAST RUN"));
    json_array_foreach (json_object_get (root, "timers"), i, value) {
        json_int_t last = json_integer_value (json_object_get (value, "last_run"));
        char when [PROTO_LANG_DATE_CHARS] = "-";
        if (last > 0)
            proto_lang_time_long (when, (uint64_t) last);
        printf ("%-32s %8lld s  %s\n", json_string_value (json_object_get (value, "name")),
                (long long) json_integer_value (json_object_get (value, "interval_ms")) / 1000, when);
    }
    json_decref (root);
    return EXIT_OK;
}

/*  What the running hub answered to "reload" (hub_daemon.c): "ok: N
    partners admitted", or "error: WHY" with WHY as its log says it.
    true and *partners for the first; false and *why for the second.        */
static bool
s_reloaded (const char *reply, size_t *partners, const char **why)
{
    *partners = 0;
    *why = reply;
    if (sscanf (reply, "ok: %zu", partners) == 1)
        return true;
    if (strncmp (reply, "error: ", 7) == 0)
        *why = reply + 7;
    return false;
}

/*  Tells a running hub to reload; quiet when none runs.                    */
static void
s_reload_running (const hub_config_t *config, bool json)
{
    char *reply;
    if (hub_cli_control (config, "reload", &reply) == 0) {
        size_t partners;
        const char *why;
        if (json)
            ;
        else
        if (s_reloaded (reply, &partners, &why))
            printf (ngettext ("The running hub took the change at once: %zu partner admitted.\n",
                              "The running hub took the change at once: %zu partners admitted.\n",
                              partners), partners);
        else
            printf (_("The running hub refused to reload and keeps what it had: %s\n"), why);
        zstr_free (&reply);
    }
    else
    if (!json)
        printf (_("No hub is running; it takes effect when the hub starts.\n"));
}

int
hub_cmd_reload (args_t *a)
{
    hub_config_t *config = hub_cli_config (a);
    if (!config)
        return EXIT_USAGE;
    char *reply;
    int rc = hub_cli_control (config, "reload", &reply);
    hub_config_destroy (&config);
    if (rc != 0) {
        fprintf (stderr, _("regiehub reload: the hub is not running\n"));
        return EXIT_PROBLEM;
    }
    size_t partners;
    const char *why;
    bool ok = s_reloaded (reply, &partners, &why);
    if (a->json)
        hub_cli_json (json_pack ("{sb ss}", "ok", ok, "result", ok ? "reloaded" : "refused"));
    else
    if (ok)
        printf (ngettext ("The hub re-read its configuration: %zu partner admitted.\n",
                          "The hub re-read its configuration: %zu partners admitted.\n", partners),
                partners);
    else
        /* TRANSLATORS: %s is the reason as the hub's log says it (English) */
        fprintf (stderr, _("regiehub reload: the hub refused the configuration and keeps the old "
                           "one: %s\n"), why);
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

int
hub_cmd_fingerprint (args_t *a)
{
    if (a->argc != 1) {
        fprintf (stderr, _("regiehub fingerprint: name one certificate file\n"));
        return EXIT_USAGE;
    }
    proto_cert_t cert;
    char err [512];
    if (proto_cert_load (&cert, a->argv [0], err, sizeof err) != 0) {
        fprintf (stderr, _("regiehub fingerprint: the certificate cannot be read: %s\n"), err);
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

int
hub_cmd_partner (args_t *a)
{
    if (a->argc < 1) {
        fprintf (stderr, _("regiehub partner: say add CERT, remove ID or list\n"));
        return EXIT_USAGE;
    }
    const char *what = a->argv [0];
    hub_config_t *config = hub_cli_config (a);
    if (!config)
        return EXIT_USAGE;
    char err [512];
    int rc = EXIT_OK;
    hub_partners_t *partners = hub_partners_load (config->certs, hub_cli_warn, NULL, err, sizeof err);
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
            /* TRANSLATORS: the column heads of `regiehub partner list`     */
            const char *head [5] = { _("PARTNER"), _("NAME"), _("KIND"), _("ROLES"),
                                     _("FINGERPRINT") };
            static const char *keys [5] = { "id", "name", "kind", "roles", "fingerprint" };
            size_t width [5] = { 0 };
            size_t i;
            json_t *o;
            for (int c = 0; c < 5; c++)
                width [c] = proto_lang_columns (head [c]);
            json_array_foreach (list, i, o)
                for (int c = 0; c < 5; c++) {
                    const char *v = json_string_value (json_object_get (o, keys [c]));
                    if (v && proto_lang_columns (v) > width [c])
                        width [c] = proto_lang_columns (v);
                }
            for (int c = 0; c < 5; c++)
                printf ("%-*s%s", c < 4 ? (int) proto_lang_pad (head [c], width [c]) : 0, head [c],
                        c < 4 ? "  " : "\n");
            json_array_foreach (list, i, o)
                for (int c = 0; c < 5; c++) {
                    const char *v = json_string_value (json_object_get (o, keys [c]));
                    v = v ? v : "";
                    printf ("%-*s%s", c < 4 ? (int) proto_lang_pad (v, width [c]) : 0, v,
                            c < 4 ? "  " : "\n");
                }
            printf (ngettext ("%zu partner admitted\n", "%zu partners admitted\n",
                              hub_partners_count (partners)), hub_partners_count (partners));
        }
        json_decref (list);
    }
    else
    if (streq (what, "add") && a->argc == 2) {
        proto_cert_t cert;
        char fp [PROTO_FINGERPRINT_CHARS], path [PATH_MAX + 64];
        if (proto_cert_load (&cert, a->argv [1], err, sizeof err) != 0) {
            fprintf (stderr, _("regiehub partner add: the certificate cannot be read: %s\n"), err);
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
                fprintf (stderr, _("regiehub partner add: %s is a hub certificate, not a partner's\n"),
                         a->argv [1]);
                rc = EXIT_USAGE;
            }
            else
            if (clash) {
                fprintf (stderr, _("regiehub partner add: partner %s or its keys are already "
                                   "admitted; remove the old one first\n"), cert.id);
                rc = EXIT_USAGE;
            }
            else
            if (a->fingerprint && strcmp (a->fingerprint, fp) != 0) {
                fprintf (stderr, _("regiehub partner add: the fingerprint of %s is %s, not %s "
                                   "(--fingerprint): NOT admitted. Check with the partner by "
                                   "phone.\n"), cert.id, fp, a->fingerprint);
                rc = EXIT_PROBLEM;
            }
            else {
                snprintf (path, sizeof path, "%s/%s.cert", config->certs, cert.id);
                zfile_t *src = zfile_new (NULL, a->argv [1]);
                zchunk_t *chunk = src && zfile_input (src) == 0
                                ? zfile_read (src, PROTO_MAX_CERT_FILE_BYTES, 0) : NULL;
                /* durable before "Admitted" (proto_file.h): after a power
                   cut the partner is still admitted                          */
                if (!chunk
                ||  proto_file_write (path, zchunk_data (chunk), zchunk_size (chunk), 0644,
                                      PROTO_FILE_NEW) != 0) {
                    fprintf (stderr, _("regiehub partner add: cannot write %s: %s\n"), path,
                             strerror (errno));
                    rc = EXIT_FAILED;
                }
                else {
                    if (a->json)
                        hub_cli_json (json_pack ("{ss ss}", "admitted", cert.id, "fingerprint", fp));
                    else {
                        printf (_("Admitted %s (%s), fingerprint %s\n"), cert.id, cert.name, fp);
                        if (!a->fingerprint)
                            printf (_("Did you compare the fingerprint with the partner by phone? "
                                      "(--fingerprint checks it for you)\n"));
                    }
                    s_reload_running (config, a->json);
                }
                zchunk_destroy (&chunk);
                zfile_destroy (&src);
            }
        }
    }
    else
    if (streq (what, "remove") && a->argc == 2) {
        const hub_partner_t *p = hub_partners_by_id (partners, a->argv [1]);
        if (!p) {
            fprintf (stderr, _("regiehub partner remove: no partner \"%s\" is admitted\n"), a->argv [1]);
            rc = EXIT_USAGE;
        }
        else
        /* durable before "Removed": a cut must not readmit the partner     */
        if (proto_file_remove (p->file) != 0) {
            fprintf (stderr, _("regiehub partner remove: cannot remove %s: %s\n"), p->file,
                     strerror (errno));
            rc = EXIT_FAILED;
        }
        else {
            if (a->json)
                hub_cli_json (json_pack ("{ss}", "removed", a->argv [1]));
            else
                printf (_("Removed %s: it can no longer connect or send.\n"), a->argv [1]);
            s_reload_running (config, a->json);
        }
    }
    else {
        fprintf (stderr, _("regiehub partner: say add CERT, remove ID or list\n"));
        rc = EXIT_USAGE;
    }
    hub_partners_destroy (&partners);
    hub_config_destroy (&config);
    return rc;
}
