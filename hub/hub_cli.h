/*  hub_cli.h - what the modules of the `regiehub` program share: the
    parsed command line, the exit codes, and one function per command.

    hub_main.c parses the arguments and dispatches; hub_daemon.c is
    `regiehub run`; hub_admin.c holds the commands about the network and
    the running hub (init, status, reload, partner, fingerprint);
    hub_admin_store.c those that read or copy the store (audit, report,
    access-report, retention, backup, restore); hub_admin_inspect.c
    `inspect`.

    Exit codes: 0 done; 1 failed (store, files, the running hub refused);
    2 bad input (usage, arguments, files that do not check out);
    3 a check found a problem (audit verify, fingerprint mismatch) or the
    hub is not running (status, reload); 4 nothing found (inspect: no
    household or message is known by what was asked).
*/
#ifndef HUB_CLI_H_INCLUDED
#define HUB_CLI_H_INCLUDED

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
#include "proto_file.h"
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
#define EXIT_NOT_FOUND  4
#define HUB_CTL_TIMEOUT_MS  5000    /* a command waits this long for the hub */
#define HUB_MAX_CTL_BYTES   96      /* a control request                     */

/*  The command line, parsed once for every command.                         */
typedef struct {
    const char *config;
    bool json;
    const char *endpoint;
    const char *fingerprint;
    const char *from, *until, *team, *ref, *preset;
    const char *household, *id;         /* inspect                           */
    bool csv, dry_run;
    int argc;
    char **argv;
} args_t;

/*  The commands; each returns its exit code.                                */
int hub_cmd_init (args_t *a);
int hub_cmd_run (args_t *a);
int hub_cmd_status (args_t *a);
int hub_cmd_reload (args_t *a);
int hub_cmd_partner (args_t *a);
int hub_cmd_audit (args_t *a);
int hub_cmd_fingerprint (args_t *a);
int hub_cmd_report (args_t *a);
int hub_cmd_access_report (args_t *a);
int hub_cmd_retention (args_t *a);
int hub_cmd_backup (args_t *a);
int hub_cmd_restore (args_t *a);
int hub_cmd_inspect (args_t *a);

/*  Logs a configuration warning (hub_config's warn callback).               */
void hub_cli_warn (void *arg, const char *message);
/*  Prints o as one line of JSON (keys in the order given) and frees it; a
    NULL o (jansson out of memory) prints nothing.                           */
void hub_cli_json (json_t *o);
/*  Sends command to the running hub; *reply is the caller's to free.
    Returns 0, or -1 when no hub answers.                                    */
int hub_cli_control (const hub_config_t *config, const char *command, char **reply);
/*  The configuration a->config names, or NULL after saying why on stderr.   */
hub_config_t *hub_cli_config (args_t *a);
/*  The store named by the configuration, for commands that only read it
    (or, like backup, copy it). NULL after saying why on stderr; *code is
    the exit code to return then.                                            */
hub_store_t *hub_cli_store (args_t *a, const char *command, int *code);

#endif
