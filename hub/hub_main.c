/*  hub_main.c - `regiehub`: its usage text, the options and the dispatch
    to the commands (hub_cli.h, which also lists the exit codes).
*/
#include "hub_cli.h"

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
"  inspect --ref HEX | --household N | --id HEX\n"
"                                          what the hub holds about one household or\n"
"                                          message (audited; exit 4: nothing found)\n"
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
"the hub is not running, 4 nothing found (inspect).\n";

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
            case 'H': a->household = optarg; break;
            case 'I': a->id = optarg; break;
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
    if (s_language (&argc, argv) != 0)
        return EXIT_USAGE;
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
    if (streq (command, "init"))        return hub_cmd_init (&a);
    if (streq (command, "run"))         return hub_cmd_run (&a);
    if (streq (command, "status"))      return hub_cmd_status (&a);
    if (streq (command, "reload"))      return hub_cmd_reload (&a);
    if (streq (command, "partner"))     return hub_cmd_partner (&a);
    if (streq (command, "audit"))       return hub_cmd_audit (&a);
    if (streq (command, "fingerprint")) return hub_cmd_fingerprint (&a);
    if (streq (command, "report"))      return hub_cmd_report (&a);
    if (streq (command, "access-report")) return hub_cmd_access_report (&a);
    if (streq (command, "retention"))   return hub_cmd_retention (&a);
    if (streq (command, "backup"))      return hub_cmd_backup (&a);
    if (streq (command, "restore"))     return hub_cmd_restore (&a);
    if (streq (command, "inspect"))     return hub_cmd_inspect (&a);
    fprintf (stderr, "regiehub: unknown command \"%.40s\"; see `regiehub --help`\n", command);
    return EXIT_USAGE;
}
