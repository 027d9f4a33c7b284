/*  agent_users.c - `regie user` and the password hashes. See agent_users.h. */
#include "agent_users.h"
#include "agent_config.h"
#include "agent_commands.h"
#include "agent_store.h"
#include "agent_store_web.h"
#include "agent_limits.h"
#include "proto_lang.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

static const char *s_roles [] = { "melder", "intake", "casemanager", "teamleider", "beheer" };
#define ROLE_COUNT (sizeof s_roles / sizeof s_roles [0])
#define S_EXIT_NOT_FOUND    4       /* passwd, remove: no such user */

bool
agent_user_name_valid (const char *name)
{
    size_t len = strlen (name);
    if (len == 0 || len > AGENT_MAX_USER_BYTES)
        return false;
    for (size_t i = 0; i < len; i++) {
        char c = name [i];
        bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
        if (!alnum && (i == 0 || (c != '.' && c != '-' && c != '_')))
            return false;
    }
    return true;
}

bool
agent_user_role_valid (const char *role)
{
    for (size_t i = 0; i < ROLE_COUNT; i++)
        if (strcmp (role, s_roles [i]) == 0)
            return true;
    return false;
}

const char *
agent_user_role_word (const char *role)
{
    if (strcmp (role, "melder") == 0)
        return _("reporter");
    if (strcmp (role, "intake") == 0)
        return _("intake");
    if (strcmp (role, "casemanager") == 0)
        return _("casemanager");
    if (strcmp (role, "teamleider") == 0)
        return _("team leader");
    if (strcmp (role, "beheer") == 0)
        return _("application manager");
    return role;
}

int
agent_user_hash (char out [AGENT_USER_HASH_BYTES], const char *password)
{
    return crypto_pwhash_str (out, password, strlen (password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                              crypto_pwhash_MEMLIMIT_INTERACTIVE) == 0 ? 0 : -1;
}

bool
agent_user_verify (const char *hash, const char *password)
{
    return crypto_pwhash_str_verify (hash, password, strlen (password)) == 0;
}

/* ---- the command ------------------------------------------------------------ */

static void
s_usage (FILE *out)
{
    fprintf (out, "%s", _("regie user - the people who use this agent's web view\n\n"
                          "  regie user add NAME --role ROLE   add a person (password from standard input)\n"
                          "  regie user list                   everyone, with role and lock\n"
                          "  regie user remove NAME            remove a person\n"
                          "  regie user passwd NAME            a new password (from standard input); lifts a lock\n\n"
                          "Roles: melder, intake, casemanager, teamleider, beheer. The password is read\n"
                          "from standard input, never from the command line; a terminal asks for it.\n"));
    fprintf (out, "\n%s\n", _("Everywhere:"));
    fprintf (out, "  -d %-14s %s\n", _("DIR"), _("the agent directory (-d; default $REGIE_DIR or .)"));
    fprintf (out, "  --%-14s %s\n", "json", _("print the result as one JSON object (in English, with codes)"));
    fprintf (out, "  --%-14s %s\n", "lang nl|en", _("the language of what regie prints (default nl; or LANGUAGE, "
                                                    "agent.conf's language)"));
    fprintf (out, "\n%s\n  %s\n", _("Example:"),
             "printf '%s\\n' \"$PASSWORD\" | regie user add -d /var/lib/regie/acm anna --role casemanager");
}

/*  One line from standard input, without its newline; asks without echo on
    a terminal. 0, or -1 with a sentence on stderr.                         */
static int
s_read_password (char *out, size_t outlen, const char *prompt)
{
    bool tty = isatty (STDIN_FILENO);
    struct termios old, quiet;
    if (tty) {
        fprintf (stderr, "%s", prompt);
        tcgetattr (STDIN_FILENO, &old);
        quiet = old;
        quiet.c_lflag &= ~(tcflag_t) ECHO;
        tcsetattr (STDIN_FILENO, TCSANOW, &quiet);
    }
    char *got = fgets (out, (int) outlen, stdin);
    if (tty) {
        tcsetattr (STDIN_FILENO, TCSANOW, &old);
        fprintf (stderr, "\n");
    }
    if (!got) {
        fprintf (stderr, "%s", _("regie user: no password on standard input\n"));
        return -1;
    }
    size_t len = strlen (out);
    if (len > 0 && out [len - 1] != '\n' && len + 1 >= outlen) {
        fprintf (stderr, _("regie user: a password may be at most %d bytes\n"), AGENT_MAX_PASSWORD_BYTES);
        return -1;
    }
    while (len > 0 && (out [len - 1] == '\n' || out [len - 1] == '\r'))
        out [--len] = 0;
    if (len < AGENT_MIN_PASSWORD_BYTES) {
        fprintf (stderr, _("regie user: a password needs at least %d characters\n"),
                 AGENT_MIN_PASSWORD_BYTES);
        return -1;
    }
    return 0;
}

typedef struct {
    bool json;
    json_t *list;
} list_t;

static int
s_list_row (void *arg, const agent_user_t *u)
{
    list_t *l = (list_t *) arg;
    bool locked = u->locked_until > 0;
    json_array_append_new (l->list, json_pack ("{sssssIsisb}", "name", u->name, "role", u->role,
                                               "created", (json_int_t) u->created,
                                               "failed", u->failed, "locked", locked));
    return 0;
}

int
agent_users_cli (int argc, char *argv [])
{
    const char *dir = agent_config_default_dir ();
    const char *role = NULL, *sub = NULL, *name = NULL;
    bool json = false;
    if (argc > AGENT_MAX_ARGS) {
        fprintf (stderr, "%s", _("regie user: too many arguments\n"));
        return AGENT_EXIT_BAD_INPUT;
    }
    for (int i = 2; i < argc; i++) {
        const char *a = argv [i];
        if (strlen (a) > AGENT_MAX_ARG_BYTES) {
            fprintf (stderr, "%s", _("regie user: an argument is too long\n"));
            return AGENT_EXIT_BAD_INPUT;
        }
        if (strcmp (a, "--help") == 0 || strcmp (a, "-h") == 0) {
            s_usage (stdout);
            return AGENT_EXIT_OK;
        }
        if (strcmp (a, "--json") == 0)
            json = true;
        else
        if ((strcmp (a, "-d") == 0 || strcmp (a, "--dir") == 0 || strcmp (a, "--role") == 0)
        &&  i + 1 < argc) {
            if (a [2] == 'r')
                role = argv [++i];
            else
                dir = argv [++i];
        }
        else
        if (a [0] == '-') {
            fprintf (stderr, _("regie user: unknown option %.40s (see regie user --help)\n"), a);
            return AGENT_EXIT_BAD_INPUT;
        }
        else
        if (!sub)
            sub = a;
        else
        if (!name)
            name = a;
        else {
            fprintf (stderr, _("regie user: unexpected argument \"%.40s\"\n"), a);
            return AGENT_EXIT_BAD_INPUT;
        }
    }
    bool add = sub && strcmp (sub, "add") == 0, list = sub && strcmp (sub, "list") == 0;
    bool remove = sub && strcmp (sub, "remove") == 0, passwd = sub && strcmp (sub, "passwd") == 0;
    if (!add && !list && !remove && !passwd) {
        s_usage (stderr);
        return AGENT_EXIT_BAD_INPUT;
    }
    if (!list && !name) {
        fprintf (stderr, _("regie user %s: the user's NAME is missing\n"), sub);
        return AGENT_EXIT_BAD_INPUT;
    }
    if (list && name) {
        fprintf (stderr, _("regie user: unexpected argument \"%.40s\"\n"), name);
        return AGENT_EXIT_BAD_INPUT;
    }
    if (name && !agent_user_name_valid (name)) {
        fprintf (stderr, _("regie user %s: a name is 1 to %d of a-z, 0-9, '.', '-' and '_', "
                           "starting with a letter or digit\n"), sub, AGENT_MAX_USER_BYTES);
        return AGENT_EXIT_BAD_INPUT;
    }
    if (add && (!role || !agent_user_role_valid (role))) {
        fprintf (stderr, "%s", _("regie user add: --role must be melder, intake, casemanager, "
                                 "teamleider or beheer\n"));
        return AGENT_EXIT_BAD_INPUT;
    }
    if (!add && role) {
        fprintf (stderr, _("regie user %s: --role belongs to add\n"), sub);
        return AGENT_EXIT_BAD_INPUT;
    }
    char err [1024];
    agent_config_t *config = agent_config_load (dir, err, sizeof err);
    if (!config) {
        fprintf (stderr, "regie user: %s\n", err);
        return AGENT_EXIT_BAD_INPUT;
    }
    char *password = NULL;
    if (add || passwd) {
        password = (char *) sodium_malloc (AGENT_MAX_PASSWORD_BYTES + 2);
        if (!password || s_read_password (password, AGENT_MAX_PASSWORD_BYTES + 2, _("Password: "))) {
            if (password)
                sodium_free (password);
            agent_config_destroy (&config);
            return AGENT_EXIT_BAD_INPUT;
        }
    }
    /* the daemon's store first: it creates or migrates the schema */
    agent_store_t *store = agent_store_new (config->db_path, err, sizeof err);
    agent_web_store_t *web = store ? agent_web_store_new (config->db_path, err, sizeof err) : NULL;
    int code = AGENT_EXIT_OK;
    if (!web) {
        fprintf (stderr, "regie user: %s\n", err);
        code = AGENT_EXIT_INTERNAL;
    }
    else
    if (add || passwd) {
        char hash [AGENT_USER_HASH_BYTES];
        int rc = -1;
        if (agent_user_hash (hash, password) == 0)
            rc = add ? (agent_web_user_count (web) >= AGENT_MAX_USERS ? -2
                        : agent_web_user_add (web, name, role, hash, agent_config_now_ms (config)))
                     : agent_web_user_passwd (web, name, hash);
        if (rc == -2) {
            fprintf (stderr, _("regie user add: this agent has %d users already\n"), AGENT_MAX_USERS);
            code = AGENT_EXIT_BAD_INPUT;
        }
        else
        if (rc < 0) {
            fprintf (stderr, _("regie user: cannot store the user: %s\n"), agent_web_store_error (web));
            code = AGENT_EXIT_INTERNAL;
        }
        else
        if (rc == 0) {
            fprintf (stderr, add ? _("regie user add: %s exists already (regie user passwd %s "
                                     "changes the password)\n")
                                 : _("regie user passwd: there is no user %s%.0s\n"), name, name);
            code = add ? AGENT_EXIT_BAD_INPUT : S_EXIT_NOT_FOUND;
        }
        else
        if (json)
            printf ("{\"ok\": true, \"user\": \"%s\"}\n", name);
        else
            printf (add ? _("User %s added (%s).\n") : _("New password for %s%.0s.\n"), name,
                    add ? agent_user_role_word (role) : "");
    }
    else
    if (remove) {
        int rc = agent_web_user_remove (web, name);
        if (rc < 0) {
            fprintf (stderr, _("regie user: cannot remove the user: %s\n"), agent_web_store_error (web));
            code = AGENT_EXIT_INTERNAL;
        }
        else
        if (rc == 0) {
            fprintf (stderr, _("regie user remove: there is no user %s\n"), name);
            code = S_EXIT_NOT_FOUND;
        }
        else
        if (json)
            printf ("{\"ok\": true, \"user\": \"%s\"}\n", name);
        else
            printf (_("User %s removed; a session of theirs ends at its next request.\n"), name);
    }
    else {
        list_t l = { json, json_array () };
        if (agent_web_user_list (web, s_list_row, &l) < 0) {
            fprintf (stderr, _("regie user: cannot read the users: %s\n"), agent_web_store_error (web));
            code = AGENT_EXIT_INTERNAL;
        }
        else
        if (json) {
            json_t *r = json_pack ("{sbso}", "ok", true, "users", l.list);
            l.list = NULL;
            char *text = json_dumps (r, JSON_INDENT (2));
            printf ("%s\n", text ? text : "{}");
            free (text);
            json_decref (r);
        }
        else
        if (json_array_size (l.list) == 0)
            printf ("%s", _("No users yet (regie user add NAME --role ROLE).\n"));
        else {
            size_t i;
            json_t *u;
            json_array_foreach (l.list, i, u) {
                const char *n = json_string_value (json_object_get (u, "name"));
                const char *rl = json_string_value (json_object_get (u, "role"));
                const char *word = agent_user_role_word (rl);
                printf ("%-*s %-*s%s\n", (int) proto_lang_pad (n, 20), n,
                        (int) proto_lang_pad (word, 20), word,
                        json_is_true (json_object_get (u, "locked")) ? _("locked") : "");
            }
        }
        json_decref (l.list);
    }
    if (password)
        sodium_free (password);
    agent_web_store_destroy (&web);
    agent_store_destroy (&store);
    agent_config_destroy (&config);
    return code;
}
