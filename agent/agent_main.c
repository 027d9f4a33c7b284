/*  agent_main.c - `regie`: set-up commands (keygen, init, fingerprint,
    network-key), the daemon (run), and the partner commands (agent_cli).  */
#include "agent_commands.h"
#include "agent_config.h"
#include "agent_daemon.h"
#include "agent_output.h"
#include "agent_users.h"
#include "proto_file.h"
#include "proto_identity.h"
#include "proto_pseudonym.h"
#include "proto_sign.h"

#include <czmq.h>
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define S_MAX_OPTS  16

typedef struct {
    const char *names [S_MAX_OPTS];
    const char *values [S_MAX_OPTS];
    size_t count;
    const char *positional;
    bool help;
} opts_t;

/*  --name value pairs (only the names in allowed) and one positional.      */
static int
s_opts (int argc, char *argv [], const char *const *allowed, opts_t *o, const char *cmd)
{
    memset (o, 0, sizeof *o);
    if (argc > AGENT_MAX_ARGS) {
        fprintf (stderr, _("regie %s: too many arguments\n"), cmd);
        return -1;
    }
    for (int i = 2; i < argc; i++) {
        if (strlen (argv [i]) > AGENT_MAX_ARG_BYTES) {
            fprintf (stderr, _("regie %s: argument %d is too long\n"), cmd, i);
            return -1;
        }
        if (strcmp (argv [i], "--help") == 0 || strcmp (argv [i], "-h") == 0) {
            o->help = true;
            continue;
        }
        if (strncmp (argv [i], "--", 2) != 0 && strcmp (argv [i], "-d") != 0) {
            if (o->positional) {
                fprintf (stderr, _("regie %s: unexpected argument \"%.40s\"\n"), cmd, argv [i]);
                return -1;
            }
            o->positional = argv [i];
            continue;
        }
        const char *name = strcmp (argv [i], "-d") == 0 ? "dir" : argv [i] + 2;
        bool known = false;
        for (int k = 0; allowed [k]; k++)
            if (strcmp (allowed [k], name) == 0)
                known = true;
        if (!known) {
            fprintf (stderr, _("regie %s: unknown option %.40s (see regie %s --help)\n"), cmd, argv [i],
                     cmd);
            return -1;
        }
        for (size_t k = 0; k < o->count; k++)
            if (strcmp (o->names [k], name) == 0) {
                fprintf (stderr, _("regie %s: --%s is given twice\n"), cmd, name);
                return -1;
            }
        if (i + 1 >= argc || o->count == S_MAX_OPTS) {
            fprintf (stderr, _("regie %s: --%s needs a value\n"), cmd, name);
            return -1;
        }
        o->names [o->count] = name;
        o->values [o->count++] = argv [++i];
    }
    return 0;
}

static const char *
s_opt (const opts_t *o, const char *name)
{
    for (size_t k = 0; k < o->count; k++)
        if (strcmp (o->names [k], name) == 0)
            return o->values [k];
    return NULL;
}

/*  "  key          value", the key's column counted in characters.      */
static void
s_print_kv (const char *key, const char *value)
{
    if (!value || !*value)
        return;
    size_t width = agent_utf8_width (key);
    printf ("  %s%*s %s\n", key, width < 12 ? (int) (12 - width) : 0, "", value);
}

static void
s_print_identity (const proto_cert_t *cert, const char *where)
{
    char fp [PROTO_FINGERPRINT_CHARS];
    char roles [PROTO_MAX_ROLES_BYTES + 1];
    proto_cert_fingerprint (fp, cert);
    proto_roles_format (roles, sizeof roles, cert->roles);
    char line [PROTO_MAX_PARTNER_ID_BYTES + PROTO_MAX_NAME_BYTES + 8];
    snprintf (line, sizeof line, "%s (%s)", cert->id, cert->name);
    s_print_kv (_("partner"), line);
    s_print_kv (_("kind"), cert->kind);
    s_print_kv (_("roles"), roles);
    s_print_kv (_("team"), cert->team);
    s_print_kv (_("contact"), cert->contact);
    s_print_kv (_("fingerprint"), fp);
    s_print_kv (_("certificate"), where);
}

static const char *s_identity_opts [] = { "id", "name", "kind", "roles", "team", "contact", NULL };

/*  A new identity from --id --name --kind --roles [--team] [--contact].     */
static proto_identity_t *
s_identity_from_opts (const opts_t *o, const char *cmd)
{
    char err [512];
    const char *need [] = { "id", "name", "kind", "roles" };
    for (int i = 0; i < 4; i++)
        if (!s_opt (o, need [i])) {
            fprintf (stderr, _("regie %s: --%s is missing (a new identity needs --id, --name, --kind "
                               "and --roles)\n"), cmd, need [i]);
            return NULL;
        }
    unsigned roles;
    if (proto_roles_parse (&roles, s_opt (o, "roles"), err, sizeof err)) {
        fprintf (stderr, "regie %s: --roles: %s\n", cmd, err);
        return NULL;
    }
    const char *team = s_opt (o, "team");
    const char *contact = s_opt (o, "contact");
    proto_identity_t *id = proto_identity_new (s_opt (o, "id"), s_opt (o, "name"), s_opt (o, "kind"),
                                               team ? team : "", contact ? contact : "", roles,
                                               err, sizeof err);
    if (!id)
        fprintf (stderr, "regie %s: %s\n", cmd, err);
    return id;
}

static int
s_keygen (int argc, char *argv [])
{
    static const char *allowed [] = { "id", "name", "kind", "roles", "team", "contact", "out", NULL };
    opts_t o;
    if (s_opts (argc, argv, allowed, &o, "keygen"))
        return AGENT_EXIT_BAD_INPUT;
    if (o.help || o.positional) {
        printf ("%s", _("regie keygen - create a partner identity (keys and certificate)\n\n"
                        "  --id ID          partner id: a-z, 0-9, '-' (e.g. politie-west)\n"
                        "  --name NAME      display name\n"
                        "  --kind KIND      politie, school, ggz, kredietbank, woningcorporatie, "
                        "regieteam ...\n"
                        "  --roles R1,R2    signal, refer, intake, regie, escalation, operator\n"
                        "  --team TEAM      the regie team this partner belongs to (optional)\n"
                        "  --contact TEXT   phone or mail for colleagues (optional)\n"
                        "  --out BASE       writes BASE.secret (0600) and BASE.cert (default: "
                        "./ID)\n"));
        printf ("\n%s\n", _("Example:"));
        printf ("%s", _("  regie keygen --id politie-west --name \"Politie Utrecht West\" "
                        "--kind politie \\\n      --roles signal,refer --contact \"030-1234567\"\n"));
        printf ("\n%s", _("Send BASE.cert to the operator; read the fingerprint aloud by phone.\n"));
        return o.help ? AGENT_EXIT_OK : AGENT_EXIT_BAD_INPUT;
    }
    proto_identity_t *id = s_identity_from_opts (&o, "keygen");
    if (!id)
        return AGENT_EXIT_BAD_INPUT;
    const char *base = s_opt (&o, "out") ? s_opt (&o, "out") : proto_identity_cert (id)->id;
    char err [512];
    int code = AGENT_EXIT_OK;
    if (proto_identity_save (id, base, err, sizeof err)) {
        fprintf (stderr, "regie keygen: %s\n", err);
        code = AGENT_EXIT_BAD_INPUT;
    }
    else {
        char where [AGENT_MAX_PATH];
        snprintf (where, sizeof where, "%s.cert", base);
        printf (_("New identity written to %s.secret (keep it secret) and %s.cert:\n"), base, base);
        s_print_identity (proto_identity_cert (id), where);
    }
    proto_identity_destroy (&id);
    return code;
}

/*  Copies src to dst (created exclusively with mode, durably: see
    proto_file.h), at most limit bytes.                                     */
static int
s_copy (const char *src, const char *dst, mode_t mode, size_t limit, char *err, size_t errlen)
{
    FILE *in = fopen (src, "rb");
    if (!in) {
        snprintf (err, errlen, _("cannot read %s: %s"), src, strerror (errno));
        return -1;
    }
    uint8_t *buf = (uint8_t *) sodium_malloc (limit + 1);
    size_t n = buf ? fread (buf, 1, limit + 1, in) : 0;
    fclose (in);
    if (!buf || n > limit) {
        snprintf (err, errlen, _("%s is larger than %zu bytes"), src, limit);
        if (buf)
            sodium_free (buf);
        return -1;
    }
    int rc = proto_file_write (dst, buf, n, mode, PROTO_FILE_NEW);
    if (rc)
        snprintf (err, errlen, _("cannot create %s: %s"), dst, strerror (errno));
    sodium_free (buf);
    return rc;
}

static int
s_init (int argc, char *argv [])
{
    static const char *allowed [] = { "hub", "hub-cert", "network-key", "identity", "id", "name",
                                      "kind", "roles", "team", "contact", NULL };
    opts_t o;
    if (s_opts (argc, argv, allowed, &o, "init"))
        return AGENT_EXIT_BAD_INPUT;
    if (o.help || !o.positional) {
        printf ("%s", _("regie init DIR - create the working directory of one partner's agent\n\n"
                        "  --hub tcp://HOST:PORT    the hub's endpoint\n"
                        "  --hub-cert FILE          the hub's public certificate (copied to "
                        "DIR/hub.cert)\n"
                        "  --network-key FILE       the network's pseudonym key (copied, 0600)\n"
                        "  --identity FILE.secret   an identity made with regie keygen, or a new "
                        "one:\n"
                        "  --id --name --kind --roles [--team] [--contact]   (as for regie "
                        "keygen)\n"));
        printf ("\n%s\n", _("Example:"));
        printf ("%s", _("  regie init /var/lib/regie --hub tcp://hub.example.nl:7700 "
                        "--hub-cert hub.cert \\\n      --network-key network.key --id school-noord "
                        "--name \"SMW Noord\" --kind school \\\n      --roles signal,refer\n"));
        printf ("\n%s", _("Then: send DIR/identity.cert to the operator and start "
                          "`regie run -d DIR`.\n"));
        return o.help ? AGENT_EXIT_OK : AGENT_EXIT_BAD_INPUT;
    }
    const char *dir = o.positional;
    const char *hub = s_opt (&o, "hub");
    const char *hub_cert = s_opt (&o, "hub-cert");
    const char *net_key = s_opt (&o, "network-key");
    char err [1024];
    if (!hub || !hub_cert || !net_key) {
        fprintf (stderr, "%s", _("regie init: --hub, --hub-cert and --network-key are required\n"));
        return AGENT_EXIT_BAD_INPUT;
    }
    if (agent_endpoint_check (hub, err, sizeof err)) {
        fprintf (stderr, "regie init: --hub: %s\n", err);
        return AGENT_EXIT_BAD_INPUT;
    }
    proto_cert_t cert;
    if (proto_cert_load (&cert, hub_cert, err, sizeof err)) {
        fprintf (stderr, "regie init: --hub-cert: %s\n", err);
        return AGENT_EXIT_BAD_INPUT;
    }
    uint8_t *key = (uint8_t *) sodium_malloc (PROTO_NETWORK_KEY_BYTES);
    if (!key || proto_network_key_load (key, net_key, err, sizeof err)) {
        fprintf (stderr, "regie init: --network-key: %s\n", key ? err : _("out of memory"));
        if (key)
            sodium_free (key);
        return AGENT_EXIT_BAD_INPUT;
    }
    sodium_free (key);
    proto_identity_t *id = NULL;
    if (s_opt (&o, "identity")) {
        for (int i = 0; s_identity_opts [i]; i++)
            if (s_opt (&o, s_identity_opts [i])) {
                fprintf (stderr, _("regie init: give either --identity or --%s ..., not both\n"),
                         s_identity_opts [i]);
                return AGENT_EXIT_BAD_INPUT;
            }
        id = proto_identity_load (s_opt (&o, "identity"), err, sizeof err);
        if (!id) {
            fprintf (stderr, "regie init: --identity: %s\n", err);
            return AGENT_EXIT_BAD_INPUT;
        }
    }
    else
    if (!(id = s_identity_from_opts (&o, "init")))
        return AGENT_EXIT_BAD_INPUT;

    char path [AGENT_MAX_PATH];
    if (strlen (dir) > AGENT_MAX_PATH - 64) {
        fprintf (stderr, "%s", _("regie init: the directory path is too long\n"));
        proto_identity_destroy (&id);
        return AGENT_EXIT_BAD_INPUT;
    }
    if (proto_file_mkdir (dir, S_IRWXU) != 0 && errno != EEXIST) {
        fprintf (stderr, _("regie init: cannot create %s: %s\n"), dir, strerror (errno));
        proto_identity_destroy (&id);
        return AGENT_EXIT_BAD_INPUT;
    }
    snprintf (path, sizeof path, "%s/agent.conf", dir);
    struct stat st;
    if (stat (path, &st) == 0) {
        fprintf (stderr, _("regie init: %s is an agent directory already (agent.conf exists); "
                           "nothing changed\n"), dir);
        proto_identity_destroy (&id);
        return AGENT_EXIT_BAD_INPUT;
    }
    chmod (dir, S_IRWXU);
    int code = AGENT_EXIT_OK;
    snprintf (path, sizeof path, "%s/identity", dir);
    if (proto_identity_save (id, path, err, sizeof err) == 0) {
        snprintf (path, sizeof path, "%s/hub.cert", dir);
        if (s_copy (hub_cert, path, S_IRUSR | S_IWUSR | S_IRGRP | S_IROTH, PROTO_MAX_CERT_FILE_BYTES,
                    err, sizeof err) == 0) {
            snprintf (path, sizeof path, "%s/network.key", dir);
            if (s_copy (net_key, path, S_IRUSR | S_IWUSR, PROTO_MAX_CERT_FILE_BYTES, err, sizeof err) == 0) {
                snprintf (path, sizeof path, "%s/agent.conf", dir);
                if (agent_config_write (path, hub, err, sizeof err) != 0)
                    code = AGENT_EXIT_INTERNAL;
            }
            else
                code = AGENT_EXIT_BAD_INPUT;
        }
        else
            code = AGENT_EXIT_BAD_INPUT;
    }
    else
        code = AGENT_EXIT_BAD_INPUT;
    if (code != AGENT_EXIT_OK)
        fprintf (stderr, "regie init: %s\n", err);
    else {
        char where [AGENT_MAX_PATH];
        snprintf (where, sizeof where, "%s/identity.cert", dir);
        printf (_("Agent directory %s is ready:\n"), dir);
        s_print_identity (proto_identity_cert (id), where);
        char hub_fp [PROTO_FINGERPRINT_CHARS];
        proto_cert_fingerprint (hub_fp, &cert);
        char line [AGENT_MAX_ENDPOINT_BYTES + PROTO_FINGERPRINT_CHARS + 32];
        snprintf (line, sizeof line, _("%s (fingerprint %s)"), hub, hub_fp);
        s_print_kv (_("hub"), line);
        printf (_("\nNext: send %s to the operator (regiehub partner add), then run:\n"
                  "  regie run -d %s\n"), where, dir);
    }
    proto_identity_destroy (&id);
    return code;
}

static int
s_fingerprint (int argc, char *argv [])
{
    static const char *allowed [] = { NULL };
    opts_t o;
    if (s_opts (argc, argv, allowed, &o, "fingerprint"))
        return AGENT_EXIT_BAD_INPUT;
    if (o.help || !o.positional) {
        printf ("%s", _("regie fingerprint CERT - the certificate's fingerprint, to read aloud by "
                        "phone\n"));
        printf ("\n%s\n  regie fingerprint /var/lib/regie/identity.cert\n", _("Example:"));
        return o.help ? AGENT_EXIT_OK : AGENT_EXIT_BAD_INPUT;
    }
    proto_cert_t cert;
    char err [512];
    if (proto_cert_load (&cert, o.positional, err, sizeof err)) {
        fprintf (stderr, "regie fingerprint: %s\n", err);
        return AGENT_EXIT_BAD_INPUT;
    }
    s_print_identity (&cert, o.positional);
    return AGENT_EXIT_OK;
}

static int
s_network_key (int argc, char *argv [])
{
    static const char *allowed [] = { NULL };
    opts_t o;
    if (s_opts (argc, argv, allowed, &o, "network-key"))
        return AGENT_EXIT_BAD_INPUT;
    if (o.help || !o.positional) {
        printf ("%s", _("regie network-key FILE - create the network's pseudonymisation key "
                        "(once per network)\n\nEvery agent of one network needs the same key "
                        "(the hub never has it).\nCopy it to each partner over a safe channel.\n"));
        printf ("\n%s\n  regie network-key network.key\n", _("Example:"));
        return o.help ? AGENT_EXIT_OK : AGENT_EXIT_BAD_INPUT;
    }
    char err [512];
    if (proto_network_key_generate (o.positional, err, sizeof err)) {
        fprintf (stderr, "regie network-key: %s\n", err);
        return AGENT_EXIT_BAD_INPUT;
    }
    printf (_("Network key written to %s (mode 0600).\n"), o.positional);
    return AGENT_EXIT_OK;
}

static int
s_run (int argc, char *argv [])
{
    static const char *allowed [] = { "dir", NULL };
    opts_t o;
    if (s_opts (argc, argv, allowed, &o, "run"))
        return AGENT_EXIT_BAD_INPUT;
    if (o.help || o.positional) {
        printf ("%s", _("regie run [-d DIR] - the agent daemon, in the foreground; logs to stderr\n\n"
                        "Keeps the connection to the hub, sends the outbox, stores deliveries in "
                        "the\ninbox and serves DIR/agent.sock (JSON lines). Stop it with SIGTERM "
                        "or Ctrl-C.\nIts log stays in English, for the operator; its answers are "
                        "in the language\neach request names (regie sends its own).\n"));
        printf ("\n%s\n  regie run -d /var/lib/regie\n", _("Example:"));
        return o.help ? AGENT_EXIT_OK : AGENT_EXIT_BAD_INPUT;
    }
    const char *dir = s_opt (&o, "dir") ? s_opt (&o, "dir") : agent_config_default_dir ();
    return agent_daemon_run (dir);
}

static void
s_usage (FILE *out)
{
    fprintf (out, "%s", _("regie - the partner agent of a regiehub network\n\n"
                          "Set-up:\n"
                          "  keygen               create a partner identity (keys and certificate)\n"
                          "  init DIR             create the agent's working directory\n"
                          "  fingerprint CERT     show a certificate's fingerprint\n"
                          "  network-key FILE     create the network's pseudonym key\n"
                          "  run [-d DIR]         the agent daemon (foreground)\n"
                          "  user                 the people of the web view (regie user --help)\n"));
    fprintf (out, "\n%s\n", _("Commands (regie COMMAND --help for each):"));
    agent_cli_list (out);
    fprintf (out, "\n%s", _("Every command takes -d DIR (default $REGIE_DIR or .), --json, --help.\n"
                            "--lang nl|en chooses the language (default nl; also LANGUAGE, or "
                            "language in agent.conf).\n"
                            "Exit codes: 0 ok; 1 internal error; 2 bad input (nothing sent); 3 "
                            "refused by the hub;\n4 hub unreachable (kept in the outbox and sent "
                            "later; with --direct: not sent).\n"));
    fprintf (out, "%s", _("regie --version shows the release and the protocol version.\n"));
}

/*  The language of everything regie prints (proto_lang.h): --lang, the
    environment, agent/language of the directory's agent.conf, nl.        */
static int
s_language (int *argc, char *argv [])
{
    const char *flag = NULL;
    int taken = proto_lang_take_flag (argc, argv, &flag);
    const char *dir = NULL;
    for (int i = 1; i + 1 < *argc; i++)
        if (strcmp (argv [i], "-d") == 0 || strcmp (argv [i], "--dir") == 0)
            dir = argv [i + 1];
    char path [AGENT_MAX_PATH], configured [16];
    snprintf (path, sizeof path, "%s/agent.conf", dir ? dir : agent_config_default_dir ());
    proto_lang_config_peek (path, "agent/language", configured, sizeof configured);
    proto_lang_t lang;
    bool refused = taken != 0 || proto_lang_choose (flag, configured, &lang) != 0;
    if (refused)
        proto_lang_choose (NULL, configured, &lang);
    proto_lang_setup (lang, NULL);
    if (refused) {
        fprintf (stderr, _("regie: --lang takes nl or en, once\n"));
        return -1;
    }
    return 0;
}

int
main (int argc, char *argv [])
{
    /* Everything this program writes - store, WAL, backups, keys, evidence
       - is its user's alone, whatever the umask it was started with: files
       0600, directories 0700.                                               */
    umask (077);
    if (s_language (&argc, argv) != 0)
        return AGENT_EXIT_BAD_INPUT;
    if (proto_init () != 0) {
        fprintf (stderr, "%s", _("regie: cannot start libsodium\n"));
        return AGENT_EXIT_INTERNAL;
    }
    /* CZMQ would log to stdout by default; the daemon logs to stderr */
    zsys_set_logstream (stderr);
    if (argc < 2 || strcmp (argv [1], "--help") == 0 || strcmp (argv [1], "-h") == 0
    ||  strcmp (argv [1], "help") == 0) {
        s_usage (argc < 2 ? stderr : stdout);
        return argc < 2 ? AGENT_EXIT_BAD_INPUT : AGENT_EXIT_OK;
    }
    if (strcmp (argv [1], "--version") == 0) {
        /* TRANSLATORS: the program's release, then the protocol version    */
        printf (_("regie %s (protocol version %d)\n"), REGIEHUB_RELEASE, PROTO_VERSION);
        return AGENT_EXIT_OK;
    }
    const char *cmd = argv [1];
    if (strcmp (cmd, "keygen") == 0)
        return s_keygen (argc, argv);
    if (strcmp (cmd, "init") == 0)
        return s_init (argc, argv);
    if (strcmp (cmd, "fingerprint") == 0)
        return s_fingerprint (argc, argv);
    if (strcmp (cmd, "network-key") == 0)
        return s_network_key (argc, argv);
    if (strcmp (cmd, "run") == 0)
        return s_run (argc, argv);
    if (strcmp (cmd, "user") == 0)
        return agent_users_cli (argc, argv);
    if (agent_cli_known (cmd))
        return agent_cli (argc, argv);
    fprintf (stderr, _("regie: unknown command \"%.40s\"\n\n"), cmd);
    s_usage (stderr);
    return AGENT_EXIT_BAD_INPUT;
}
