/*  agent_cli.c - `regie COMMAND ...`: options to a request, the request to
    the daemon (or straight to the hub with --direct, or answered from the
    store when no daemon runs), the response to the screen.

    The command line builds exactly the JSON request a partner system would
    write to agent.sock, so both see the same checks and the same facts.   */
#include "agent_commands.h"
#include "agent_cmdtab.h"
#include "agent_daemon.h"
#include "agent_json.h"
#include "agent_output.h"

#include <czmq.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const char *dir;
    bool json, direct, markdown, help;
} cli_opts_t;

bool
agent_cli_known (const char *name)
{
    return agent_cmd_find (name) != NULL;
}

void
agent_cli_list (FILE *out)
{
    size_t count;
    const agent_cmd_t *all = agent_cmd_all (&count);
    for (size_t i = 0; i < count; i++)
        fprintf (out, "  %-20s %s\n", all [i].name, all [i].summary);
}

/*  --name-with-dashes -> name_with_dashes                                   */
static void
s_key (char *out, size_t outlen, const char *opt)
{
    snprintf (out, outlen, "%s", opt);
    for (char *p = out; *p; p++)
        if (*p == '-')
            *p = '_';
}

static bool
s_bool_word (const char *s)
{
    static const char *words [] = { "yes", "no", "ja", "nee", "true", "false", "on", "off", NULL };
    for (int i = 0; words [i]; i++)
        if (strcasecmp (s, words [i]) == 0)
            return true;
    return false;
}

/*  Builds the request from argv[2..]. Returns 0, or -1 with err.           */
static int
s_parse (const agent_cmd_t *c, int argc, char *argv [], cli_opts_t *o, json_t *request,
         char *err, size_t errlen)
{
    if (argc > AGENT_MAX_ARGS) {
        snprintf (err, errlen, "too many arguments (at most %d)", AGENT_MAX_ARGS);
        return -1;
    }
    for (int i = 2; i < argc; i++) {
        const char *arg = argv [i];
        if (strlen (arg) > AGENT_MAX_ARG_BYTES) {
            snprintf (err, errlen, "argument %d is longer than %d bytes", i, AGENT_MAX_ARG_BYTES);
            return -1;
        }
        if (strcmp (arg, "-h") == 0 || strcmp (arg, "--help") == 0) {
            o->help = true;
            continue;
        }
        if (strcmp (arg, "--json") == 0) {
            o->json = true;
            continue;
        }
        if (strcmp (arg, "--direct") == 0 && c->type) {
            o->direct = true;
            continue;
        }
        if (strcmp (arg, "--markdown") == 0 && strcmp (c->name, "minutes") == 0) {
            o->markdown = true;
            continue;
        }
        if (strcmp (arg, "-d") == 0 || strcmp (arg, "--dir") == 0) {
            if (i + 1 >= argc) {
                snprintf (err, errlen, "%.8s needs a directory", arg);
                return -1;
            }
            o->dir = argv [++i];
            continue;
        }
        if (strncmp (arg, "--", 2) != 0 || arg [2] == 0) {
            if (c->positional && !json_object_get (request, c->positional)) {
                json_object_set_new (request, c->positional, json_string (arg));
                continue;
            }
            snprintf (err, errlen, "unexpected argument \"%.40s\" (options start with --)", arg);
            return -1;
        }
        char name [64], key [64];
        const char *eq = strchr (arg + 2, '=');
        size_t nlen = eq ? (size_t) (eq - arg - 2) : strlen (arg + 2);
        if (nlen >= sizeof name) {
            snprintf (err, errlen, "unknown option %.40s", arg);
            return -1;
        }
        memcpy (name, arg + 2, nlen);
        name [nlen] = 0;
        s_key (key, sizeof key, name);
        if (strcmp (key, "wait") != 0 && !agent_cmd_key_allowed (c, key)) {
            snprintf (err, errlen, "--%s is not an option of %s (see regie %s --help)", name,
                      c->name, c->name);
            return -1;
        }
        if (strcmp (key, "cmd") == 0 || strcmp (key, "tag") == 0) {
            snprintf (err, errlen, "--%s is not an option of %s", name, c->name);
            return -1;
        }
        if (json_object_get (request, key)) {
            snprintf (err, errlen, "--%s is given twice", name);
            return -1;
        }
        const char *value = eq ? eq + 1 : NULL;
        if (!value && agent_cmd_key_is_bool (c, key)) {
            /* a yes/no option may stand alone: --informed = --informed yes */
            if (i + 1 < argc && s_bool_word (argv [i + 1]))
                value = argv [++i];
            else
                value = "yes";
        }
        if (!value) {
            if (i + 1 >= argc) {
                snprintf (err, errlen, "--%s needs a value", name);
                return -1;
            }
            value = argv [++i];
        }
        if (strcmp (key, "wait") == 0) {
            char *end = NULL;
            long s = strtol (value, &end, 10);
            if (!end || *end || end == value || s < 0 || s > AGENT_WAIT_MAX_MS / 1000) {
                snprintf (err, errlen, "--wait needs a number of seconds from 0 to %d",
                          AGENT_WAIT_MAX_MS / 1000);
                return -1;
            }
            json_object_set_new (request, key, json_integer (s));
            continue;
        }
        json_object_set_new (request, key, json_string (value));
    }
    return 0;
}

/* ---- printing ------------------------------------------------------------- */

static const char *
s_get (json_t *obj, const char *key)
{
    json_t *v = json_object_get (obj, key);
    return json_is_string (v) ? json_string_value (v) : "";
}

/*  "2025-03-01T10:12:00+01:00" -> "2025-03-01 10:12"                         */
static void
s_when (char *out, size_t outlen, const char *iso)
{
    snprintf (out, outlen, "%.16s", iso);
    if (strlen (out) > 10)
        out [10] = ' ';
}

static void
s_household_text (char *out, size_t outlen, json_t *h)
{
    const char *label = s_get (h, "label");
    const char *person = s_get (h, "person");
    const char *address = s_get (h, "address");
    if (*label)
        snprintf (out, outlen, "%s", label);
    else
    if (*person)
        snprintf (out, outlen, "p:%.12s", person);
    else
    if (*address)
        snprintf (out, outlen, "a:%.12s", address);
    else
        snprintf (out, outlen, "-");
}

static void
s_print_kv (FILE *out, const char *key, const char *value)
{
    if (value && *value)
        fprintf (out, "  %-14s %s\n", key, value);
}

static void
s_print_body (FILE *out, json_t *body)
{
    const char *key;
    json_t *v;
    json_object_foreach (body, key, v) {
        char text [1200];
        if (json_is_string (v)) {
            const char *s = json_string_value (v);
            if (strlen (s) == 25 && s [10] == 'T' && (s [19] == '+' || s [19] == '-'))
                s_when (text, sizeof text, s);
            else
                snprintf (text, sizeof text, "%s", s);
        }
        else
        if (json_is_boolean (v))
            snprintf (text, sizeof text, "%s", json_is_true (v) ? "ja" : "nee");
        else
        if (json_is_integer (v))
            snprintf (text, sizeof text, "%lld", (long long) json_integer_value (v));
        else {
            char *dump = json_dumps (v, JSON_COMPACT);
            snprintf (text, sizeof text, "%s", dump ? dump : "");
            free (dump);
        }
        s_print_kv (out, key, text);
    }
}

static void
s_print_list (char *out, size_t outlen, json_t *list)
{
    size_t used = 0, i;
    json_t *e;
    out [0] = 0;
    json_array_foreach (list, i, e)
        if (used < outlen)
            used += (size_t) snprintf (out + used, outlen - used, "%s%s", i ? ", " : "",
                                       json_string_value (e) ? json_string_value (e) : "");
}

static void
s_print_minutes (FILE *out, json_t *message, bool markdown)
{
    json_t *body = json_object_get (message, "body");
    char when [AGENT_TIME_CHARS], next [AGENT_TIME_CHARS] = "", invited [1200], present [1200];
    s_when (when, sizeof when, s_get (body, "at"));
    if (*s_get (body, "next"))
        s_when (next, sizeof next, s_get (body, "next"));
    s_print_list (invited, sizeof invited, json_object_get (body, "invited"));
    s_print_list (present, sizeof present, json_object_get (body, "present"));
    long long number = (long long) json_integer_value (json_object_get (body, "number"));
    const char *hh = s_get (json_object_get (message, "household"), "label");
    json_t *reports = json_object_get (body, "reports");
    json_t *agreements = json_object_get (body, "agreements");
    size_t i;
    json_t *e;
    if (markdown) {
        fprintf (out, "# Verslag ronde %lld%s%s\n\n", number, *hh ? " - " : "", hh);
        fprintf (out, "| | |\n|---|---|\n| Datum | %s |\n| Regisseur | %s |\n| Uitgenodigd | %s |\n"
                 "| Aanwezig | %s |\n", when, s_get (body, "regisseur"), invited, present);
        if (*next)
            fprintf (out, "| Volgende ronde | %s |\n", next);
        fprintf (out, "\n## Voortgang\n\n");
        if (json_array_size (reports) == 0)
            fprintf (out, "Geen voortgangsberichten.\n");
        else {
            fprintf (out, "| Partner | Afspraak | Status | Toelichting |\n|---|---|---|---|\n");
            json_array_foreach (reports, i, e)
                fprintf (out, "| %s | %.8s | %s | %s |\n", s_get (e, "partner"),
                         s_get (e, "agreement"), s_get (e, "status"), s_get (e, "note"));
        }
        fprintf (out, "\n## Afspraken\n\n");
        if (json_array_size (agreements) == 0)
            fprintf (out, "Geen afspraken.\n");
        else {
            fprintf (out, "| Eigenaar | Actie | Leefgebied | Voor | Status | Nieuw |\n"
                     "|---|---|---|---|---|---|\n");
            json_array_foreach (agreements, i, e) {
                char due [AGENT_TIME_CHARS];
                snprintf (due, sizeof due, "%.10s", s_get (e, "due"));
                fprintf (out, "| %s | %s | %s | %s | %s | %s |\n", s_get (e, "owner"),
                         s_get (e, "action"), s_get (e, "leefgebied"), due, s_get (e, "status"),
                         json_is_true (json_object_get (e, "new")) ? "ja" : "nee");
            }
        }
        fprintf (out, "\n_Ronde %s_\n", s_get (body, "round"));
        return;
    }
    fprintf (out, "Verslag ronde %lld%s%s\n\n", number, *hh ? " - " : "", hh);
    s_print_kv (out, "datum", when);
    s_print_kv (out, "regisseur", s_get (body, "regisseur"));
    s_print_kv (out, "uitgenodigd", invited);
    s_print_kv (out, "aanwezig", present);
    s_print_kv (out, "volgende", next);
    s_print_kv (out, "ronde", s_get (body, "round"));
    fprintf (out, "\nVoortgang\n");
    static const char *rh [] = { "partner", "afspraak", "status", "toelichting" };
    agent_table_t *t = agent_table_new (4, rh);
    json_array_foreach (reports, i, e) {
        char ag [16];
        snprintf (ag, sizeof ag, "%.8s", s_get (e, "agreement"));
        const char *row [] = { s_get (e, "partner"), ag, s_get (e, "status"), s_get (e, "note") };
        agent_table_add (t, row);
    }
    if (agent_table_rows (t))
        agent_table_print (t, out, 2);
    else
        fprintf (out, "  (geen)\n");
    agent_table_destroy (&t);
    fprintf (out, "\nAfspraken\n");
    static const char *ah [] = { "eigenaar", "actie", "leefgebied", "voor", "status", "nieuw" };
    t = agent_table_new (6, ah);
    agent_table_max (t, 1, 50);
    json_array_foreach (agreements, i, e) {
        char due [AGENT_TIME_CHARS];
        snprintf (due, sizeof due, "%.10s", s_get (e, "due"));
        const char *row [] = { s_get (e, "owner"), s_get (e, "action"), s_get (e, "leefgebied"),
                               due, s_get (e, "status"),
                               json_is_true (json_object_get (e, "new")) ? "ja" : "" };
        agent_table_add (t, row);
    }
    if (agent_table_rows (t))
        agent_table_print (t, out, 2);
    else
        fprintf (out, "  (geen)\n");
    agent_table_destroy (&t);
}

static void
s_print_outbox (FILE *out, json_t *r)
{
    if (json_object_get (r, "resent")) {
        fprintf (out, "Queued %lld messages again that the hub had numbered after %lld; the daemon "
                 "sends them (with a fresh timestamp where needed) in the order they were first "
                 "sent. Questions not repeated: %lld.\n",
                 (long long) json_integer_value (json_object_get (r, "resent")),
                 (long long) json_integer_value (json_object_get (r, "resend_after")),
                 (long long) json_integer_value (json_object_get (r, "questions_skipped")));
        return;
    }
    json_t *list = json_object_get (r, "messages");
    if (json_array_size (list) == 0) {
        fprintf (out, "Nothing sent%s.\n", json_object_get (r, "after") ? " that the hub numbered after that" : " yet");
        return;
    }
    static const char *h [] = { "hub nr", "type", "state", "when", "to / note" };
    agent_table_t *t = agent_table_new (5, h);
    size_t i;
    json_t *e;
    json_array_foreach (list, i, e) {
        char nr [24] = "", when [AGENT_TIME_CHARS], what [PROTO_MAX_REASON_BYTES + 64];
        if (json_object_get (e, "hub_seq"))
            snprintf (nr, sizeof nr, "%lld", (long long) json_integer_value (json_object_get (e, "hub_seq")));
        s_when (when, sizeof when, s_get (e, json_object_get (e, "done") ? "done" : "queued"));
        json_t *refused = json_object_get (e, "refused");
        if (refused)
            snprintf (what, sizeof what, "%s", s_get (refused, "reason"));
        else
            snprintf (what, sizeof what, "%s%s%s", s_get (e, "to"),
                      *s_get (e, "to") && *s_get (e, "note") ? ": " : "", s_get (e, "note"));
        const char *row [] = { nr, s_get (e, "type"), s_get (e, "state"), when, what };
        agent_table_add (t, row);
    }
    agent_table_print (t, out, 0);
    agent_table_destroy (&t);
}

static void
s_print_inbox (FILE *out, json_t *r)
{
    json_t *list = json_object_get (r, "messages");
    if (json_array_size (list) == 0) {
        fprintf (out, "No %smessages (inbox: %lld in all).\n",
                 json_is_true (json_object_get (r, "all")) ? "" : "unread ",
                 (long long) json_integer_value (json_object_get (r, "total")));
        return;
    }
    static const char *h [] = { "#", "ontvangen", "soort", "van", "huishouden", "samenvatting", "id" };
    agent_table_t *t = agent_table_new (7, h);
    agent_table_max (t, 4, 20);
    agent_table_max (t, 5, AGENT_SUMMARY_CHARS);
    size_t i;
    json_t *e;
    json_array_foreach (list, i, e) {
        char seq [24], when [AGENT_TIME_CHARS], hh [128], kind [64];
        snprintf (seq, sizeof seq, "%s%lld", json_is_true (json_object_get (e, "read")) ? " " : "*",
                  (long long) json_integer_value (json_object_get (e, "seq")));
        s_when (when, sizeof when, s_get (e, "received"));
        s_household_text (hh, sizeof hh, json_object_get (e, "household"));
        snprintf (kind, sizeof kind, "%s", agent_cmd_type_word (s_get (e, "type")));
        const char *row [] = { seq, when, kind, s_get (e, "from"), hh, s_get (e, "summary"),
                               s_get (e, "id") };
        agent_table_add (t, row);
    }
    agent_table_print (t, out, 0);
    agent_table_destroy (&t);
    fprintf (out, "\n%zu shown (* = was unread); %lld unread before, %lld in all. "
             "Details: regie inbox --json\n", json_array_size (list),
             (long long) json_integer_value (json_object_get (r, "unread")),
             (long long) json_integer_value (json_object_get (r, "total")));
}

static void
s_print_status (FILE *out, json_t *r)
{
    json_t *partner = json_object_get (r, "partner");
    json_t *daemon = json_object_get (r, "daemon");
    json_t *hub = json_object_get (r, "hub");
    json_t *outbox = json_object_get (r, "outbox");
    json_t *inbox = json_object_get (r, "inbox");
    char line [512];
    snprintf (line, sizeof line, "%s (%s; %s; roles %s)", s_get (partner, "id"),
              s_get (partner, "name"), s_get (partner, "kind"), s_get (partner, "roles"));
    s_print_kv (out, "partner", line);
    if (json_is_true (json_object_get (daemon, "running"))) {
        char since [AGENT_TIME_CHARS];
        s_when (since, sizeof since, s_get (daemon, "started"));
        snprintf (line, sizeof line, "running (pid %lld, since %s)",
                  (long long) json_integer_value (json_object_get (daemon, "pid")), since);
    }
    else
        snprintf (line, sizeof line, "not running (start it with: regie run -d DIR)");
    s_print_kv (out, "daemon", line);
    json_t *connected = json_object_get (hub, "connected");
    snprintf (line, sizeof line, "%s, %s", s_get (hub, "endpoint"),
              json_is_true (connected) ? "connected" : json_is_false (connected) ? "NOT connected"
                                                                                  : "unknown (no daemon)");
    s_print_kv (out, "hub", line);
    snprintf (line, sizeof line, "%lld waiting for a receipt, %lld receipted, %lld refused",
              (long long) json_integer_value (json_object_get (outbox, "waiting")),
              (long long) json_integer_value (json_object_get (outbox, "receipted")),
              (long long) json_integer_value (json_object_get (outbox, "refused")));
    s_print_kv (out, "outbox", line);
    snprintf (line, sizeof line, "%lld unread of %lld",
              (long long) json_integer_value (json_object_get (inbox, "unread")),
              (long long) json_integer_value (json_object_get (inbox, "total")));
    s_print_kv (out, "inbox", line);
    if (json_object_get (r, "audit_seq")) {
        snprintf (line, sizeof line, "seq %lld (regie audit check)",
                  (long long) json_integer_value (json_object_get (r, "audit_seq")));
        s_print_kv (out, "audit head", line);
    }
}

static void
s_print_answer (FILE *out, json_t *r)
{
    json_t *answer = json_object_get (r, "answer");
    json_t *body = json_object_get (answer, "body");
    const char *type = s_get (answer, "type");
    char hh [128];
    s_household_text (hh, sizeof hh, json_object_get (r, "household"));
    if (strcmp (type, "regiecheck_answer") == 0) {
        if (json_is_true (json_object_get (body, "held"))) {
            char since [AGENT_TIME_CHARS] = "";
            if (*s_get (body, "since"))
                s_when (since, sizeof since, s_get (body, "since"));
            fprintf (out, "Regie over %s is held by team %s.\n", hh, s_get (body, "team"));
            s_print_kv (out, "casemanager", s_get (body, "casemanager"));
            s_print_kv (out, "fase", s_get (body, "phase"));
            s_print_kv (out, "sinds", since);
            s_print_kv (out, "contact", s_get (body, "contact"));
        }
        else
            fprintf (out, "No regie is known for %s.\n", hh);
        if (*s_get (body, "follow_up_until")) {
            char until [AGENT_TIME_CHARS];
            s_when (until, sizeof until, s_get (body, "follow_up_until"));
            s_print_kv (out, "nazorg tot", until);
        }
        return;
    }
    if (strcmp (type, "report") == 0) {
        json_t *f = json_loads (s_get (body, "figures"), 0, NULL);
        fprintf (out, "Team %s (aggregates, no personal data):\n", s_get (body, "team"));
        const char *section;
        json_t *v;
        json_object_foreach (f, section, v) {
            if (json_is_object (v)) {
                const char *key;
                json_t *n;
                fprintf (out, "  %s\n", section);
                json_object_foreach (v, key, n) {
                    if (json_is_real (n))
                        fprintf (out, "    %-32s %8.2f\n", key, json_real_value (n));
                    else
                        fprintf (out, "    %-32s %8lld\n", key, (long long) json_integer_value (n));
                }
            }
        }
        json_t *open = json_object_get (f, "open_escalations");
        size_t i;
        json_t *e;
        fprintf (out, "  open escalations: %zu\n", json_array_size (open));
        json_array_foreach (open, i, e)
            fprintf (out, "    %s  %s (to %s)\n", json_string_value (json_object_get (e, "escalation")),
                     json_string_value (json_object_get (e, "reason")),
                     json_string_value (json_object_get (e, "to")));
        json_decref (f);
        return;
    }
    fprintf (out, "%s (%s) for %s:\n", agent_cmd_type_word (type), type, hh);
    s_print_body (out, body);
}

static void
s_print_receipt (FILE *out, json_t *r)
{
    bool valid = strcmp (s_get (r, "check"), "valid") == 0;
    fprintf (out, "Receipt of %s %s: %s\n", agent_cmd_type_word (s_get (r, "type")), s_get (r, "id"),
             valid ? "VALID" : "INVALID");
    if (!valid) {
        s_print_kv (out, "reason", s_get (r, "reason"));
        return;
    }
    char line [160], when [AGENT_TIME_CHARS];
    snprintf (line, sizeof line, "%lld%s", (long long) json_integer_value (json_object_get (r, "hub_seq")),
              json_is_true (json_object_get (r, "duplicate")) ? " (it already had it)" : "");
    s_print_kv (out, "hub nr", line);
    s_when (when, sizeof when, s_get (r, "receipted"));
    s_print_kv (out, "receipted", when);
    s_when (when, sizeof when, s_get (r, "committed"));
    snprintf (line, sizeof line, "%lld, %lld messages, committed %s",
              (long long) json_integer_value (json_object_get (r, "batch")),
              (long long) json_integer_value (json_object_get (r, "batch_messages")), when);
    s_print_kv (out, "batch", line);
    s_print_kv (out, "hub", s_get (r, "note"));
    s_print_kv (out, "naar", s_get (r, "to"));
    s_print_kv (out, "hub key", s_get (r, "hub_key"));
    fprintf (out, "Checked here: the hub's signature on the batch head, the message's Merkle path "
             "to it,\nand that the receipt names this message and the envelope sent.\n");
}

void
agent_response_print (json_t *r, FILE *out)
{
    const char *cmd = s_get (r, "cmd");
    const char *status = s_get (r, "status");
    bool ok = json_is_true (json_object_get (r, "ok"));
    char hh [128];
    s_household_text (hh, sizeof hh, json_object_get (r, "household"));
    if (!ok && !*status) {
        fprintf (out, "regie %s: %s\n", cmd, s_get (r, "message"));
        return;
    }
    if (*status) {
        const char *type = s_get (r, "type");
        const char *id = s_get (r, "id");
        if (strcmp (status, "receipted") == 0) {
            fprintf (out, "%s %s: received by the hub (seq %lld%s)\n", agent_cmd_type_word (type), id,
                     (long long) json_integer_value (json_object_get (r, "hub_seq")),
                     json_is_true (json_object_get (r, "duplicate")) ? ", it already had it" : "");
            if (json_object_get (r, "household"))
                s_print_kv (out, "huishouden", hh);
            s_print_kv (out, "hub", s_get (r, "note"));
            s_print_kv (out, "naar", s_get (r, "to"));
        }
        else
        if (strcmp (status, "refused") == 0) {
            json_t *e = json_object_get (r, "error");
            fprintf (out, "%s %s: REFUSED by the hub: %s (%s%s%s)\n", agent_cmd_type_word (type), id,
                     s_get (e, "reason"), s_get (e, "name"), *s_get (e, "field") ? ", field " : "",
                     s_get (e, "field"));
        }
        else
        if (strcmp (status, "answered") == 0) {
            if (strcmp (cmd, "minutes") == 0)
                s_print_minutes (out, json_object_get (json_object_get (r, "minutes"), "message"), false);
            else
                s_print_answer (out, r);
        }
        else
            fprintf (out, "%s %s: %s\n", agent_cmd_type_word (type), id, s_get (r, "message"));
        return;
    }
    if (strcmp (cmd, "inbox") == 0)
        s_print_inbox (out, r);
    else
    if (strcmp (cmd, "outbox") == 0)
        s_print_outbox (out, r);
    else
    if (strcmp (cmd, "status") == 0)
        s_print_status (out, r);
    else
    if (strcmp (cmd, "receipt") == 0)
        s_print_receipt (out, r);
    else
    if (strcmp (cmd, "minutes") == 0) {
        json_t *m = json_object_get (r, "minutes");
        if (m)
            s_print_minutes (out, json_object_get (m, "message"), false);
        else {
            json_t *list = json_object_get (r, "list");
            if (json_array_size (list) == 0) {
                fprintf (out, "No minutes received yet.\n");
                return;
            }
            static const char *h [] = { "ronde", "datum", "huishouden", "round id" };
            agent_table_t *t = agent_table_new (4, h);
            size_t i;
            json_t *e;
            json_array_foreach (list, i, e) {
                json_t *body = json_object_get (json_object_get (e, "message"), "body");
                char nr [16], when [AGENT_TIME_CHARS], hht [128];
                snprintf (nr, sizeof nr, "%lld", (long long) json_integer_value (json_object_get (body, "number")));
                s_when (when, sizeof when, s_get (body, "at"));
                s_household_text (hht, sizeof hht, json_object_get (e, "household"));
                const char *row [] = { nr, when, hht, s_get (body, "round") };
                agent_table_add (t, row);
            }
            agent_table_print (t, out, 0);
            agent_table_destroy (&t);
        }
    }
    else
    if (strcmp (cmd, "label") == 0) {
        if (*s_get (r, "set"))
            fprintf (out, "Label \"%s\" set (kept only on this machine).\n", s_get (r, "set"));
        else
        if (*s_get (r, "removed"))
            fprintf (out, "Label \"%s\" removed.\n", s_get (r, "removed"));
        else {
            json_t *list = json_object_get (r, "labels");
            if (json_array_size (list) == 0) {
                fprintf (out, "No labels yet (regie label NAME --bsn BSN).\n");
                return;
            }
            static const char *h [] = { "label", "person_ref", "address_ref" };
            agent_table_t *t = agent_table_new (3, h);
            size_t i;
            json_t *e;
            json_array_foreach (list, i, e) {
                const char *row [] = { s_get (e, "name"), s_get (e, "person"), s_get (e, "address") };
                agent_table_add (t, row);
            }
            agent_table_print (t, out, 0);
            agent_table_destroy (&t);
        }
    }
    else
    if (strcmp (cmd, "audit") == 0) {
        json_t *head = json_object_get (r, "head");
        if (!json_is_object (head))
            fprintf (out, "No signed audit head received from the hub yet.\n");
        else {
            char line [128], when [AGENT_TIME_CHARS];
            fprintf (out, "Last signed audit head from the hub (signature verified):\n");
            snprintf (line, sizeof line, "%lld", (long long) json_integer_value (json_object_get (head, "audit_seq")));
            s_print_kv (out, "audit seq", line);
            s_print_kv (out, "audit head", s_get (head, "audit_head"));
            snprintf (line, sizeof line, "%lld", (long long) json_integer_value (json_object_get (head, "batch")));
            s_print_kv (out, "batch", line);
            s_when (when, sizeof when, s_get (head, "hub_time"));
            s_print_kv (out, "hub time", when);
        }
        const char *check = s_get (r, "extension_check");
        if (check && strcmp (check, "accepted") == 0)
            fprintf (out, "Accepted the hub's audit chain as it is now: %lld entries checked from "
                     "its first; the replaced anchor is kept in %s.\n",
                     (long long) json_integer_value (json_object_get (r, "checked_entries")),
                     s_get (r, "evidence"));
        else
        if (check && strcmp (check, "extends") == 0)
            fprintf (out, "Chain extension check: the hub's audit chain still extends this head "
                     "(%lld newer entries checked; now at %lld).\n",
                     (long long) json_integer_value (json_object_get (r, "checked_entries")),
                     (long long) json_integer_value (json_object_get (r, "now_at")));
        else
        if (check && strcmp (check, "no_head_yet") != 0)
            fprintf (out, "Chain extension check: %s%s%s\n", check,
                     s_get (r, "reason") ? ": " : "", s_get (r, "reason") ? s_get (r, "reason") : "");
        if (json_object_get (r, "accepted") && s_get (r, "note"))
            fprintf (out, "%s\n", s_get (r, "note"));
        if (json_is_false (json_object_get (r, "accepted")) && s_get (r, "message"))
            fprintf (out, "%s\n", s_get (r, "message"));
    }
    else
        s_print_body (out, r);
}

static int
s_emit (json_t *r, const cli_opts_t *o)
{
    int code = (int) json_integer_value (json_object_get (r, "exit"));
    if (o->json) {
        char *text = json_dumps (r, JSON_INDENT (2));
        if (text)
            printf ("%s\n", text);
        free (text);
    }
    else
    if (o->markdown && json_object_get (r, "minutes"))
        s_print_minutes (stdout, json_object_get (json_object_get (r, "minutes"), "message"), true);
    else
        agent_response_print (r, json_is_true (json_object_get (r, "ok")) ? stdout : stderr);
    return code;
}

/* ---- direct mode ----------------------------------------------------------- */

typedef struct {
    const agent_prepared_t *p;
    bool connected, done;
    json_t *response;
    agent_ctx_t *ctx;
} direct_t;

static void
s_direct_event (void *arg, const agent_event_t *ev)
{
    direct_t *d = (direct_t *) arg;
    if (ev->kind == AGENT_EV_CONNECTED) {
        d->connected = true;
        return;
    }
    if (d->done || !d->p->msg || memcmp (ev->id, d->p->msg->id, PROTO_ID_BYTES) != 0)
        return;
    if (ev->kind == AGENT_EV_REFUSED || ev->kind == AGENT_EV_ANSWER
    ||  (ev->kind == AGENT_EV_RECEIPT && !d->p->query)) {
        d->response = agent_response_outcome (d->ctx, d->p, ev, NULL);
        d->done = true;
    }
}

static json_t *
s_direct (agent_ctx_t *ctx, agent_prepared_t *p)
{
    char err [512];
    direct_t d = { p, false, false, NULL, ctx };
    agent_config_t *config = agent_ctx_config (ctx);
    agent_link_t *link = agent_link_new (config, agent_ctx_identity (ctx), agent_ctx_store (ctx),
                                         false, s_direct_event, &d, err, sizeof err);
    if (!link)
        return agent_response_error (json_string_value (json_object_get (p->request, "cmd")),
                                     AGENT_EXIT_INTERNAL, "link", err);
    zpoller_t *poller = zpoller_new (agent_link_socket (link), agent_link_monitor (link), NULL);
    int64_t deadline = zclock_mono () + (p->wait_ms ? p->wait_ms : config->wait);
    bool sent = false;
    while (!d.done && !zsys_interrupted) {
        int64_t left = deadline - zclock_mono ();
        if (left <= 0)
            break;
        void *which = zpoller_wait (poller, (int) left);
        if (which == agent_link_monitor (link))
            agent_link_on_monitor (link);
        else
        if (which == agent_link_socket (link))
            agent_link_on_input (link);
        if (d.connected && !sent) {
            agent_link_expect (link, p->msg);
            sent = agent_link_send (link, p->msg) == 0;
        }
    }
    zpoller_destroy (&poller);
    agent_link_destroy (&link);
    if (d.response)
        return d.response;
    return agent_response_outcome (ctx, p, NULL,
                                   !sent ? "not_sent" : p->query ? "no_answer" : "unconfirmed");
}

/* ---- the entry point ----------------------------------------------------- */

int
agent_cli (int argc, char *argv [])
{
    const agent_cmd_t *c = agent_cmd_find (argv [1]);
    if (!c) {
        fprintf (stderr, "regie: unknown command \"%.40s\" (see regie --help)\n", argv [1]);
        return AGENT_EXIT_BAD_INPUT;
    }
    cli_opts_t o = { agent_config_default_dir (), false, false, false, false };
    json_t *request = json_pack ("{ss}", "cmd", c->name);
    char err [1024];
    if (s_parse (c, argc, argv, &o, request, err, sizeof err)) {
        json_t *r = agent_response_error (c->name, AGENT_EXIT_BAD_INPUT, "bad_input", err);
        int code = s_emit (r, &o);
        json_decref (r);
        json_decref (request);
        return code;
    }
    if (o.help) {
        agent_cmd_help (c, stdout);
        json_decref (request);
        return AGENT_EXIT_OK;
    }
    json_t *r = NULL;
    char sock [AGENT_MAX_PATH];
    snprintf (sock, sizeof sock, "%s/agent.sock", o.dir);
    if (!o.direct) {
        /* the daemon names options as typed here (--member-bsn)             */
        json_object_set_new (request, "cli", json_true ());
        char *line = json_dumps (request, JSON_COMPACT);
        json_object_del (request, "cli");
        char *answer = NULL;
        json_t *wait = json_object_get (request, "wait");
        int wait_ms = wait ? (int) json_integer_value (wait) * 1000 : AGENT_WAIT_MAX_MS;
        int rc = line ? agent_daemon_call (sock, line, &answer, wait_ms) : -2;
        free (line);
        if (rc == 0) {
            json_error_t jerr;
            r = json_loads (answer, 0, &jerr);
            free (answer);
            if (!json_is_object (r)) {
                json_decref (r);
                r = agent_response_error (c->name, AGENT_EXIT_INTERNAL, "daemon",
                                          "the daemon's answer is not JSON");
            }
        }
        else
        if (rc == -2)
            r = agent_response_error (c->name, AGENT_EXIT_INTERNAL, "daemon",
                                      "the daemon did not answer; see its log");
    }
    if (!r) {
        /* no daemon (or --direct): work on the directory ourselves */
        agent_ctx_t *ctx = agent_ctx_new (o.dir, err, sizeof err);
        if (!ctx)
            r = agent_response_error (c->name, AGENT_EXIT_BAD_INPUT, "setup", err);
        else {
            agent_prepared_t p;
            agent_request_prepare (ctx, request, true, NULL, &p);
            if (p.response)
                r = json_incref (p.response);
            else
            if (o.direct || (p.query && !c->type))
                r = s_direct (ctx, &p);
            else {
                r = agent_response_outcome (ctx, &p, NULL, "not_sent");
                json_object_set_new (r, "message", json_string (
                    "the agent daemon is not running, so nothing was sent; start it with "
                    "`regie run -d DIR`, or send once with --direct"));
                json_object_set_new (r, "status", json_string ("no_daemon"));
            }
            agent_prepared_clear (&p);
            agent_ctx_destroy (&ctx);
        }
    }
    int code = s_emit (r, &o);
    json_decref (r);
    json_decref (request);
    return code;
}
