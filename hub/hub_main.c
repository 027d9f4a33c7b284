/*  hub_main.c - `regiehub`: its usage text, the options and the dispatch
    to the commands (hub_cli.h, which also lists the exit codes).
*/
#include "hub_cli.h"
#include <sys/stat.h>

/*  The commands as the usage lists them: one row per line of the list (a
    command may have several, like partner), in the order shown.             */
typedef struct {
    const char *command;
    const char *words;                  /* as typed after "regiehub "        */
    const char *args;                   /* its arguments and options, or NULL */
    const char *summary;                /* what it does, in a few words       */
} hub_usage_row_t;

static const hub_usage_row_t s_rows [] = {
    /* TRANSLATORS: a command's arguments in `regiehub --help`. Keep the
       options (--endpoint) as they are; the placeholders in capitals (DIR,
       FILE, ...) may be translated.                                         */
    { "init", "init",     N_("DIR [--endpoint tcp://HOST:PORT] [--preset FILE]"),
                          N_("create a hub working directory; a preset (conf/methods/*.conf) sets a method's phases") },
    { "run", "run",       N_("[-c FILE]"), N_("run the hub in the foreground") },
    { "partner", "partner add", N_("CERT [--fingerprint FP]"),
                          N_("admit a partner (takes effect at once)") },
    { "partner", "partner remove", N_("ID"), N_("revoke a partner (takes effect at once)") },
    { "partner", "partner list", NULL, N_("the admitted partners") },
    { "status", "status", NULL, N_("what the running hub is doing") },
    { "reload", "reload", NULL, N_("re-read the configuration and certificates") },
    { "audit", "audit verify", NULL, N_("check the whole audit chain") },
    { "report", "report", N_("[--from D] [--until D] [--team T] [--csv]"),
                          N_("aggregates for a period") },
    { "access-report", "access-report", N_("--ref HEX"), N_("who touched one household (inzage)") },
    { "inspect", "inspect", N_("--ref HEX | --household N | --id HEX"),
                          N_("what the hub holds about one household or message (audited; exit 4: nothing found)") },
    { "retention", "retention", N_("[--dry-run]"), N_("remove what the retention periods say") },
    { "backup", "backup", N_("FILE"), N_("copy the store while the hub runs") },
    { "restore", "restore", N_("FILE [--dry-run]"),
                          N_("put a backup in place of the store (hub stopped); --dry-run only checks it (any time)") },
    { "fingerprint", "fingerprint", N_("CERT"), N_("a certificate's fingerprint, to compare by phone") },
};

/*  "partner add CERT [--fingerprint FP]": the words, then the arguments.   */
static void
s_synopsis (char *out, size_t outlen, const hub_usage_row_t *row)
{
    snprintf (out, outlen, "%s%s%s", row->words, row->args ? " " : "", row->args ? _(row->args) : "");
}

/*  Each command's own help (`regiehub COMMAND --help`), below its synopsis. */
typedef struct {
    const char *command;
    const char *text;
} hub_help_t;

static const hub_help_t s_helps [] = {
    { "init", N_(
"Creates DIR (mode 0700) with hub.conf, the hub's keys (hub.secret and\n"
"hub.cert, which every partner needs), certs/ for the partners' certificates\n"
"and the store hub.db. An existing hub.conf is never overwritten.\n"
"\n"
"  --endpoint tcp://HOST:PORT   where partners connect (default tcp://127.0.0.1:7400)\n"
"  --preset FILE                start hub.conf from a method's preset (conf/methods/*.conf)\n") },
    { "run", N_(
"Runs the hub in the foreground until SIGINT or SIGTERM; SIGHUP re-reads the\n"
"configuration and the certificates. Once it serves, the hub logs to stderr (or\n"
"to syslog with syslog = \"yes\"), in English.\n") },
    { "partner", N_(
"add CERT admits the partner whose certificate CERT is; --fingerprint FP checks\n"
"it against the fingerprint the partner read to you by phone. remove ID revokes\n"
"a partner: the hub refuses it at once, also on an open connection. list shows\n"
"every admitted partner with its kind, roles and fingerprint. A running hub\n"
"takes every change at once.\n") },
    { "status", N_(
"Asks the running hub what it is doing: messages received, stored and\n"
"delivered, refusals by reason, commits and their sizes, the receipt latency,\n"
"the audit chain, every partner's connection and queue, and the timers' last\n"
"runs. Exit 3 when no hub runs.\n") },
    { "reload", N_(
"Tells the running hub to re-read hub.conf and the certificates. A file with an\n"
"error is refused and the hub keeps its old configuration. Exit 3 when no hub\n"
"runs.\n") },
    { "audit", N_(
"audit verify checks every entry of the audit chain against the one before it.\n"
"Exit 3 names the first entry that does not match.\n") },
    { "report", N_(
"Aggregates for a period, never a household: signals per leefgebied and per\n"
"partner, households per phase, caseloads, referrals, agreements, rounds,\n"
"escalations and matches.\n"
"\n"
"  --from D, --until D   the period: 2026-12-07 or 07-12-2026 (--until not included)\n"
"  --team T              one regie team's figures\n"
"  --csv                 section,key,value lines (stable English keys, like --json)\n") },
    { "access-report", N_(
"The access report (inzage) for one household: every partner that sent,\n"
"received or looked up something about it, what and when - never what was\n"
"written.\n"
"\n"
"  --ref HEX   the household's person or address reference (64 hex characters,\n"
"              optionally person: or address: before it), as the regisseur's\n"
"              agent shows it\n") },
    { "retention", N_(
"Removes what the retention periods in hub.conf say: expired signals' content,\n"
"archive entries past their period, closed households reduced to aggregates,\n"
"and more. A running hub does it itself; --dry-run only says what it would\n"
"remove.\n") },
    { "backup", N_(
"Copies the store to FILE, a new file, while the hub runs: a consistent copy up\n"
"to the last message committed.\n") },
    { "restore", N_(
"Puts the backup FILE in place of the store, after checking it: it must open as\n"
"a store, pass sqlite's integrity check and its audit chain must verify. Stop\n"
"the hub first. The replaced store is kept beside the new one. --dry-run only\n"
"checks the backup and changes nothing; it may run while the hub does.\n") },
    { "fingerprint", N_(
"Prints the fingerprint of the certificate CERT, to read aloud and compare by\n"
"phone with the partner before you admit it.\n") },
};

#define HUB_USAGE_COLUMN    42      /* where a command's summary starts      */
#define HUB_USAGE_WIDTH     80

/*  text from column at, broken at spaces before HUB_USAGE_WIDTH.           */
static void
s_wrap (FILE *out, const char *text, size_t at)
{
    size_t col = at;
    bool first = true;
    while (*text) {
        size_t n = strcspn (text, " ");
        char word [256];
        snprintf (word, sizeof word, "%.*s", (int) (n < sizeof word ? n : sizeof word - 1), text);
        size_t w = proto_lang_columns (word);
        if (!first && col + 1 + w > HUB_USAGE_WIDTH) {
            fprintf (out, "\n%*s", (int) at, "");
            col = at;
            first = true;
        }
        fprintf (out, "%s%s", first ? "" : " ", word);
        col += w + (first ? 0 : 1);
        first = false;
        text += n;
        text += strspn (text, " ");
    }
    fputc ('\n', out);
}

static void
s_usage_row (FILE *out, const hub_usage_row_t *row)
{
    char synopsis [256];
    s_synopsis (synopsis, sizeof synopsis, row);
    size_t w = 2 + proto_lang_columns (synopsis);
    fprintf (out, "  %s", synopsis);
    if (w + 2 > HUB_USAGE_COLUMN) {
        fputc ('\n', out);
        w = 0;
    }
    fprintf (out, "%*s", (int) (HUB_USAGE_COLUMN - w), "");
    s_wrap (out, _(row->summary), HUB_USAGE_COLUMN);
}

/*  The options every command takes.                                         */
static void
s_common_options (FILE *out)
{
    fputs (_("Options for every command:\n"
             "  -c, --config FILE   the hub's configuration (default: $REGIEHUB_CONFIG or ./hub.conf)\n"
             "      --json          machine-readable output\n"
             "      --lang nl|en    the language of what regiehub prints (default: nl)\n"
             "  -h, --help          this text, or the command's own help\n"
             "      --version       the release and the protocol version\n"), out);
}

static void
s_usage (FILE *out)
{
    fputs (_("regiehub - the central hub of a regiehub care-coordination network\n"), out);
    fputc ('\n', out);
    fputs (_("Usage: regiehub COMMAND [options]\n"), out);
    fputc ('\n', out);
    fputs (_("Commands (regiehub COMMAND --help for each):\n"), out);
    for (size_t i = 0; i < sizeof s_rows / sizeof s_rows [0]; i++)
        s_usage_row (out, &s_rows [i]);
    fputc ('\n', out);
    s_common_options (out);
    fputc ('\n', out);
    fputs (_("Example:\n"
             "  regiehub init /var/lib/regiehub --endpoint tcp://0.0.0.0:7400\n"
             "  regiehub run -c /var/lib/regiehub/hub.conf\n"
             "  regiehub partner add politie-west.cert --fingerprint k3v9-...\n"), out);
    fputc ('\n', out);
    fputs (_("Exit codes: 0 done, 1 failed, 2 bad input, 3 a check found a problem or\n"
             "the hub is not running, 4 nothing found (inspect).\n"), out);
}

/*  `regiehub COMMAND --help`: its synopsis, its own help, the options every
    command takes. The whole usage for a command without a help of its own. */
static void
s_help (FILE *out, const char *command)
{
    const hub_help_t *help = NULL;
    for (size_t i = 0; i < sizeof s_helps / sizeof s_helps [0]; i++)
        if (streq (s_helps [i].command, command))
            help = &s_helps [i];
    if (!help) {
        s_usage (out);
        return;
    }
    bool first = true;
    for (size_t i = 0; i < sizeof s_rows / sizeof s_rows [0]; i++)
        if (streq (s_rows [i].command, command)) {
            /* TRANSLATORS: %s is a command's synopsis, e.g. "partner list";
               "or:" lines follow for the command's other forms: keep
               "regiehub" of both lines in one column.                       */
            char synopsis [256];
            s_synopsis (synopsis, sizeof synopsis, &s_rows [i]);
            fprintf (out, first ? _("Usage: regiehub %s [options]\n")
                                : _("   or: regiehub %s [options]\n"), synopsis);
            first = false;
        }
    fputc ('\n', out);
    fputs (_(help->text), out);
    fputc ('\n', out);
    s_common_options (out);
}

/*  The option at fault as the user typed it ("--form", "-x"): getopt sets
    optopt to a short option's letter, and to a long one's value when its
    value is missing or not wanted; argv [optind - 1] is then that option.  */
static void
s_typed_option (char *out, size_t outlen, char *argv [], bool long_form)
{
    const char *typed = argv [optind - 1];
    if (long_form)
        snprintf (out, outlen, "%.*s", (int) strcspn (typed, "="), typed);
    else
        snprintf (out, outlen, "-%c", optopt);
}

/*  The commands, and the options each takes beyond those of every command
    (-c, --json, --lang, --help): getopt's letters of the table below.
    Another command's option is refused, never silently ignored.            */
typedef struct {
    const char *name;
    const char *options;
    int (*fn) (args_t *a);
} hub_command_t;

static const hub_command_t s_commands [] = {
    { "init",          "eP",   hub_cmd_init },
    { "run",           "",     hub_cmd_run },
    { "status",        "",     hub_cmd_status },
    { "reload",        "",     hub_cmd_reload },
    { "partner",       "f",    hub_cmd_partner },
    { "audit",         "",     hub_cmd_audit },
    { "fingerprint",   "",     hub_cmd_fingerprint },
    { "report",        "FUTC", hub_cmd_report },
    { "access-report", "R",    hub_cmd_access_report },
    { "retention",     "D",    hub_cmd_retention },
    { "backup",        "",     hub_cmd_backup },
    { "restore",       "D",    hub_cmd_restore },
    { "inspect",       "RHI",  hub_cmd_inspect },
};

static int
s_parse (args_t *a, const hub_command_t *cmd, int argc, char *argv [])
{
    const char *command = cmd->name;
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
        { "household", required_argument, NULL, 'H' },
        { "id", required_argument, NULL, 'I' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 }
    };
    memset (a, 0, sizeof *a);
    a->config = getenv ("REGIEHUB_CONFIG");
    if (!a->config)
        a->config = "hub.conf";
    int c;
    char typed [64];
    optind = 1;
    opterr = 0;                         /* we say it, in the reader's language */
    while ((c = getopt_long (argc, argv, ":c:jh", options, NULL)) != -1) {
        if (c != ':' && c != '?' && !strchr ("cjh", c) && !strchr (cmd->options, c)) {
            /* the option itself, also when its value came as the next word */
            const char *word = optarg && optind >= 2 && optarg == argv [optind - 1]
                             ? argv [optind - 2] : argv [optind - 1];
            snprintf (typed, sizeof typed, "%.*s", (int) strcspn (word, "="), word);
            /* TRANSLATORS: %s: the command, the option as typed, the command */
            fprintf (stderr, _("regiehub %s: %s is not an option of this command; see "
                               "`regiehub %s --help`\n"), command, typed, command);
            return -1;
        }
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
            case 'H': a->household = optarg; break;
            case 'I': a->id = optarg; break;
            case 'h': s_help (stdout, command); exit (EXIT_OK);
            case ':':
                s_typed_option (typed, sizeof typed, argv, strncmp (argv [optind - 1], "--", 2) == 0);
                fprintf (stderr, _("regiehub %s: %s needs a value; see `regiehub %s --help`\n"),
                         command, typed, command);
                return -1;
            default:
                if (optopt && strncmp (argv [optind - 1], "--", 2) == 0
                &&  strchr (argv [optind - 1], '=')) {
                    s_typed_option (typed, sizeof typed, argv, true);
                    fprintf (stderr, _("regiehub %s: %s takes no value; see `regiehub %s --help`\n"),
                             command, typed, command);
                    return -1;
                }
                s_typed_option (typed, sizeof typed, argv, optopt == 0);
                fprintf (stderr, _("regiehub %s: there is no option %s; see `regiehub %s --help`\n"),
                         command, typed, command);
                return -1;
        }
    }
    a->argc = argc - optind;
    a->argv = argv + optind;
    return 0;
}

/*  The language of everything regiehub prints (proto_lang.h): --lang, the
    environment, hub/language of the configuration, nl.                    */
static int
s_language (int *argc, char *argv [])
{
    const char *flag = NULL;
    int taken = proto_lang_take_flag (argc, argv, &flag);
    const char *config = getenv ("REGIEHUB_CONFIG");
    for (int i = 1; i < *argc; i++) {
        if ((streq (argv [i], "-c") || streq (argv [i], "--config")) && i + 1 < *argc)
            config = argv [i + 1];
        else
        if (strncmp (argv [i], "--config=", 9) == 0)
            config = argv [i] + 9;
    }
    char configured [16];
    proto_lang_config_peek (config ? config : "hub.conf", "hub/language", configured,
                            sizeof configured);
    proto_lang_t lang;
    bool refused = taken != 0 || proto_lang_choose (flag, configured, &lang) != 0;
    if (refused)
        proto_lang_choose (NULL, configured, &lang);
    proto_lang_setup (lang, NULL);
    if (refused) {
        fprintf (stderr, _("regiehub: --lang takes nl or en, once\n"));
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
        return EXIT_USAGE;
    zsys_init ();
    zsys_set_logident ("regiehub");
    zsys_set_logstream (stderr);
    if (proto_init () != 0) {
        fprintf (stderr, _("regiehub: libsodium cannot start\n"));
        return EXIT_FAILED;
    }
    if (argc < 2 || streq (argv [1], "--help") || streq (argv [1], "-h") || streq (argv [1], "help")) {
        s_usage (argc < 2 ? stderr : stdout);
        return argc < 2 ? EXIT_USAGE : EXIT_OK;
    }
    if (streq (argv [1], "--version")) {
        /* TRANSLATORS: the program's release, then the protocol version    */
        printf (_("regiehub %s (protocol version %d)\n"), REGIEHUB_RELEASE, PROTO_VERSION);
        return EXIT_OK;
    }
    const char *command = argv [1];
    const hub_command_t *cmd = NULL;
    for (size_t i = 0; i < sizeof s_commands / sizeof s_commands [0]; i++)
        if (streq (s_commands [i].name, command))
            cmd = &s_commands [i];
    if (!cmd) {
        fprintf (stderr, _("regiehub: there is no command \"%.40s\"; see `regiehub --help`\n"),
                 command);
        return EXIT_USAGE;
    }
    args_t a;
    if (s_parse (&a, cmd, argc - 1, argv + 1) != 0)
        return EXIT_USAGE;
    return cmd->fn (&a);
    return EXIT_USAGE;
}
