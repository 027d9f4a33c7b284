/*  agent_cli.c - `regie COMMAND ...`: options to a request, the request to
    the daemon (or straight to the hub with --direct, or answered from the
    store when no daemon runs), the response to the screen.

    The command line builds exactly the JSON request a partner system would
    write to agent.sock, so both see the same checks and the same facts.

    Language: what is printed for people is in the reader's language
    (proto_lang.h), and so are the sentences of a response ("message"),
    which the daemon writes in the language the request names ("lang").
    With --json the answer is the language-neutral one a partner system
    gets: codes, ISO-8601 times, and its sentences in English.             */
#include "agent_render_result.h"
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
        fprintf (out, "  %-20s %s\n", all [i].name, _(all [i].summary));
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
        snprintf (err, errlen, _("too many arguments (at most %d)"), AGENT_MAX_ARGS);
        return -1;
    }
    for (int i = 2; i < argc; i++) {
        const char *arg = argv [i];
        if (strlen (arg) > AGENT_MAX_ARG_BYTES) {
            snprintf (err, errlen, _("argument %d is longer than %d bytes"), i, AGENT_MAX_ARG_BYTES);
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
                snprintf (err, errlen, _("%.8s needs a directory"), arg);
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
            snprintf (err, errlen, _("unexpected argument \"%.40s\" (options start with --)"), arg);
            return -1;
        }
        char name [64], key [64];
        const char *eq = strchr (arg + 2, '=');
        size_t nlen = eq ? (size_t) (eq - arg - 2) : strlen (arg + 2);
        if (nlen >= sizeof name) {
            snprintf (err, errlen, _("unknown option %.40s"), arg);
            return -1;
        }
        memcpy (name, arg + 2, nlen);
        name [nlen] = 0;
        s_key (key, sizeof key, name);
        if (strcmp (key, "wait") != 0 && !agent_cmd_key_allowed (c, key)) {
            char option [72];
            snprintf (option, sizeof option, "--%s", name);
            snprintf (err, errlen, _("%s is not an option of regie %s (see regie %s --help)"),
                      option, c->name, c->name);
            return -1;
        }
        if (strcmp (key, "cmd") == 0 || strcmp (key, "tag") == 0) {
            char option [72];
            snprintf (option, sizeof option, "--%s", name);
            snprintf (err, errlen, _("%s is not an option of regie %s (see regie %s --help)"),
                      option, c->name, c->name);
            return -1;
        }
        if (json_object_get (request, key)) {
            snprintf (err, errlen, _("--%s is given twice"), name);
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
                snprintf (err, errlen, _("--%s needs a value"), name);
                return -1;
            }
            value = argv [++i];
        }
        if (strcmp (key, "wait") == 0) {
            char *end = NULL;
            long s = strtol (value, &end, 10);
            if (!end || *end || end == value || s < 0 || s > AGENT_WAIT_MAX_MS / 1000) {
                snprintf (err, errlen, _("--wait needs a number of seconds from 0 to %d"),
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

/*  The hub's note of a receipt (r: note, note_args; or a version 1 row's
    note_text) in the reader's words, into out.                              */
static const char *
s_note_words (json_t *r, char *out, size_t outlen)
{
    if (*s_get (r, "note"))
        agent_render_note (s_get (r, "note"), json_object_get (r, "note_args"), out, outlen);
    else
        snprintf (out, outlen, "%s", s_get (r, "note_text"));
    return out;
}

/*  An ISO time of a response ("2026-12-07T14:00:00+01:00") as the reader
    writes it: long ("7 december 2026 14:00") in running text, short
    ("07-12-2026 14:00") in tables; a date alone without the time.           */
typedef enum { S_LONG, S_SHORT, S_DATE, S_DATE_SHORT } when_t;

static void
s_when (char out [AGENT_TIME_CHARS], const char *iso, when_t form)
{
    uint64_t ms;
    char why [160];
    out [0] = 0;
    if (!iso || !*iso)
        return;
    if (agent_time_parse (iso, &ms, why, sizeof why) != 0) {
        snprintf (out, AGENT_TIME_CHARS, "%.25s", iso);
        return;
    }
    switch (form) {
        case S_LONG: agent_time_human (out, ms); break;
        case S_SHORT: agent_time_short (out, ms); break;
        case S_DATE: agent_date_human (out, ms); break;
        case S_DATE_SHORT: agent_date_short (out, ms); break;
    }
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

/*  "  key            value": the key's column counted in characters.      */
static void
s_print_kv (FILE *out, const char *key, const char *value)
{
    if (!value || !*value)
        return;
    size_t width = agent_utf8_width (key);
    fprintf (out, "  %s%*s %s\n", key, width < 16 ? (int) (16 - width) : 0, "", value);
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
                s_when (text, s, S_LONG);
            else
                snprintf (text, sizeof text, "%s", s);
        }
        else
        if (json_is_boolean (v))
            snprintf (text, sizeof text, "%s", json_is_true (v) ? _("yes") : _("no"));
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

/* ---- the minutes: a document to print ---------------------------------- */

/*  A partner as people know it: its name when the agent knows one (the
    response's "names", from agent.conf's partners, this partner's own
    certificate and the notices received), else its id.                     */
static const char *
s_partner_name (json_t *names, const char *id)
{
    json_t *name = json_object_get (names, id);
    return json_is_string (name) && json_string_length (name) ? json_string_value (name) : id;
}

/*  The partners of list, by name, "a, b, c"; those also in but (when not
    NULL) left out.                                                          */
static void
s_partner_list (char *out, size_t outlen, json_t *list, json_t *but, json_t *names)
{
    size_t used = 0, i, j;
    json_t *e, *x;
    out [0] = 0;
    json_array_foreach (list, i, e) {
        const char *id = json_string_value (e);
        bool skip = !id;
        json_array_foreach (but, j, x)
            if (id && json_is_string (x) && strcmp (json_string_value (x), id) == 0)
                skip = true;
        if (skip || used >= outlen)
            continue;
        used += (size_t) snprintf (out + used, outlen - used, "%s%s", used ? ", " : "",
                                   s_partner_name (names, id));
    }
}

/*  A cell of a Markdown table: "|" escaped, line breaks as spaces.          */
static void
s_md_cell (char *out, size_t outlen, const char *s)
{
    size_t used = 0;
    for (; s && *s && used + 3 < outlen; s++) {
        if (*s == '|')
            out [used++] = '\\';
        out [used++] = *s == '\n' || *s == '\r' || *s == '\t' ? ' ' : *s;
    }
    out [used] = 0;
}

/*  What an agreement of the minutes says: its action as the regisseur wrote
    it, or for one the hub made itself (a kind) the words of its kind.      */
static const char *
s_action (json_t *e)
{
    const char *kind = s_get (e, "kind");
    if (strcmp (kind, "continuity") == 0)
        return _("Be available again when the intensive phase ends (continuity of the "
                 "introducing partner)");
    return *kind ? kind : s_get (e, "action");
}

/*  The action of the agreement id among the minutes' agreements, or NULL. */
static const char *
s_agreement_action (json_t *agreements, const char *id)
{
    size_t i;
    json_t *e;
    json_array_foreach (agreements, i, e)
        if (*id && strcmp (s_get (e, "agreement"), id) == 0)
            return s_action (e);
    return NULL;
}

/*  The facts of one set of minutes, as people read them.                   */
typedef struct {
    long long number;
    char household [PROTO_MAX_NAME_BYTES + 160];
    char held [AGENT_TIME_CHARS], next [AGENT_TIME_CHARS];
    char regisseur [PROTO_MAX_NAME_BYTES + PROTO_MAX_PARTNER_ID_BYTES + 8];
    char invited [2400], present [2400], absent [2400];
    const char *round;
    json_t *reports, *agreements, *names;
} minutes_text_t;

static void
s_minutes_text (minutes_text_t *m, json_t *entry, json_t *names)
{
    json_t *message = json_object_get (entry, "message");
    json_t *body = json_object_get (message, "body");
    memset (m, 0, sizeof *m);
    m->number = (long long) json_integer_value (json_object_get (body, "number"));
    json_t *household = json_object_get (entry, "household");
    char hh [PROTO_MAX_NAME_BYTES + 32];
    s_household_text (hh, sizeof hh, household);
    if (*s_get (household, "label"))
        snprintf (m->household, sizeof m->household, "%s", hh);
    else
    if (strcmp (hh, "-") != 0)
        snprintf (m->household, sizeof m->household,
                  _("%s (no label of yours yet: give it one with regie label)"), hh);
    else
        snprintf (m->household, sizeof m->household, "%s", _("not known here"));
    s_when (m->held, s_get (body, "at"), S_LONG);
    s_when (m->next, s_get (body, "next"), S_LONG);
    snprintf (m->regisseur, sizeof m->regisseur, "%s",
              s_partner_name (names, s_get (body, "regisseur")));
    s_partner_list (m->invited, sizeof m->invited, json_object_get (body, "invited"), NULL, names);
    s_partner_list (m->present, sizeof m->present, json_object_get (body, "present"), NULL, names);
    s_partner_list (m->absent, sizeof m->absent, json_object_get (body, "invited"),
                    json_object_get (body, "present"), names);
    m->round = s_get (body, "round");
    m->reports = json_object_get (body, "reports");
    m->agreements = json_object_get (body, "agreements");
    m->names = names;
}

/*  One agreement's cells: owner, action, leefgebied, due date, status, new. */
static void
s_agreement_cells (json_t *e, json_t *names, char domain [PROTO_MAX_TAXON_BYTES + 1],
                   char due [AGENT_TIME_CHARS], const char *cells [6])
{
    agent_cmd_term_text (domain, PROTO_MAX_TAXON_BYTES + 1, s_get (e, "leefgebied"));
    s_when (due, s_get (e, "due"), S_DATE_SHORT);
    cells [0] = s_partner_name (names, s_get (e, "owner"));
    cells [1] = s_action (e);
    cells [2] = domain;
    cells [3] = due;
    cells [4] = agent_cmd_code_word (s_get (e, "status"));
    /* TRANSLATORS: an agreement made in this round (a column of the minutes) */
    cells [5] = json_is_true (json_object_get (e, "new")) ? _("new") : "";
}

/*  One progress report's cells: partner, agreement (its action), progress,
    note.                                                                    */
static void
s_report_cells (json_t *e, const minutes_text_t *m, const char *cells [4])
{
    const char *id = s_get (e, "agreement");
    const char *action = s_agreement_action (m->agreements, id);
    cells [0] = s_partner_name (m->names, s_get (e, "partner"));
    /* TRANSLATORS: a progress report about no agreement in particular */
    cells [1] = action ? action : *id ? id : _("in general");
    cells [2] = agent_cmd_code_word (s_get (e, "status"));
    cells [3] = s_get (e, "note");
}

static void
s_print_minutes_md (FILE *out, const minutes_text_t *m)
{
    char cell [6][1200];
    fprintf (out, "# ");
    fprintf (out, _("Minutes of coordination round %lld - %s"), m->number, m->household);
    fprintf (out, "\n\n| | |\n|---|---|\n");
    const char *keys [] = { _("Household"), _("Round"), _("Held on"), _("Regisseur"),
                            _("Invited"), _("Present"), _("Absent"), _("Next round") };
    char number [24];
    snprintf (number, sizeof number, "%lld", m->number);
    const char *values [] = { m->household, number, m->held, m->regisseur, m->invited,
                              m->present, m->absent, m->next };
    for (size_t i = 0; i < 8; i++)
        if (*values [i]) {
            s_md_cell (cell [0], sizeof cell [0], values [i]);
            fprintf (out, "| %s | %s |\n", keys [i], cell [0]);
        }
    size_t i;
    json_t *e;
    fprintf (out, "\n## %s\n\n", _("Agreements"));
    if (json_array_size (m->agreements) == 0)
        fprintf (out, "%s\n", _("No agreements."));
    else {
        fprintf (out, "| %s | %s | %s | %s | %s | %s |\n|---|---|---|---|---|---|\n", _("Owner"),
                 _("Action"), _("Leefgebied"), _("Due date"), _("Status"), _("This round"));
        json_array_foreach (m->agreements, i, e) {
            char domain [PROTO_MAX_TAXON_BYTES + 1], due [AGENT_TIME_CHARS];
            const char *cells [6];
            s_agreement_cells (e, m->names, domain, due, cells);
            for (int c = 0; c < 6; c++)
                s_md_cell (cell [c], sizeof cell [c], cells [c]);
            fprintf (out, "| %s | %s | %s | %s | %s | %s |\n", cell [0], cell [1], cell [2],
                     cell [3], cell [4], cell [5]);
        }
    }
    fprintf (out, "\n## %s\n\n", _("Progress"));
    if (json_array_size (m->reports) == 0)
        fprintf (out, "%s\n", _("No progress reports."));
    else {
        fprintf (out, "| %s | %s | %s | %s |\n|---|---|---|---|\n", _("Partner"), _("Agreement"),
                 _("Progress"), _("Note"));
        json_array_foreach (m->reports, i, e) {
            const char *cells [4];
            s_report_cells (e, m, cells);
            for (int c = 0; c < 4; c++)
                s_md_cell (cell [c], sizeof cell [c], cells [c]);
            fprintf (out, "| %s | %s | %s | %s |\n", cell [0], cell [1], cell [2], cell [3]);
        }
    }
    fprintf (out, "\n_");
    fprintf (out, _("Reference: round %s"), m->round);
    fprintf (out, "_\n");
}

static void
s_print_minutes_named (FILE *out, json_t *entry, json_t *names, bool markdown)
{
    minutes_text_t m;
    s_minutes_text (&m, entry, names);
    if (markdown) {
        s_print_minutes_md (out, &m);
        return;
    }
    char title [512];
    snprintf (title, sizeof title, _("Minutes of coordination round %lld - %s"), m.number,
              m.household);
    fprintf (out, "%s\n", title);
    for (size_t i = agent_utf8_width (title); i > 0; i--)
        fputc ('=', out);
    fprintf (out, "\n\n");
    char number [24];
    snprintf (number, sizeof number, "%lld", m.number);
    s_print_kv (out, _("Household"), m.household);
    s_print_kv (out, _("Round"), number);
    s_print_kv (out, _("Held on"), m.held);
    s_print_kv (out, _("Regisseur"), m.regisseur);
    s_print_kv (out, _("Invited"), m.invited);
    s_print_kv (out, _("Present"), m.present);
    s_print_kv (out, _("Absent"), m.absent);
    s_print_kv (out, _("Next round"), m.next);
    size_t i;
    json_t *e;
    fprintf (out, "\n%s\n", _("Agreements"));
    const char *ah [] = { _("owner"), _("action"), _("leefgebied"), _("due date"), _("status"),
                          _("this round") };
    agent_table_t *t = agent_table_new (6, ah);
    agent_table_max (t, 1, 50);
    json_array_foreach (m.agreements, i, e) {
        char domain [PROTO_MAX_TAXON_BYTES + 1], due [AGENT_TIME_CHARS];
        const char *cells [6];
        s_agreement_cells (e, m.names, domain, due, cells);
        agent_table_add (t, cells);
    }
    if (agent_table_rows (t))
        agent_table_print (t, out, 2);
    else
        fprintf (out, "  %s\n", _("No agreements."));
    agent_table_destroy (&t);
    fprintf (out, "\n%s\n", _("Progress"));
    const char *rh [] = { _("partner"), _("agreement"), _("progress"), _("note") };
    t = agent_table_new (4, rh);
    agent_table_max (t, 1, 40);
    json_array_foreach (m.reports, i, e) {
        const char *cells [4];
        s_report_cells (e, &m, cells);
        agent_table_add (t, cells);
    }
    if (agent_table_rows (t))
        agent_table_print (t, out, 2);
    else
        fprintf (out, "  %s\n", _("No progress reports."));
    agent_table_destroy (&t);
    fprintf (out, "\n");
    fprintf (out, _("Reference: round %s"), m.round);
    fprintf (out, "\n");
}

/*  The minutes with the names this agent knows, and where it knows none the
    names the minutes carry (the hub's certificates).                         */
static void
s_print_minutes (FILE *out, json_t *entry, json_t *names, bool markdown)
{
    json_t *own = json_is_object (names) ? json_deep_copy (names) : json_object ();
    size_t i;
    json_t *p;
    json_array_foreach (json_object_get (json_object_get (json_object_get (entry, "message"),
                                                          "body"), "partners"), i, p) {
        const char *id = s_get (p, "partner"), *name = s_get (p, "name");
        if (*id && *name && !json_object_get (own, id))
            json_object_set_new (own, id, json_string (name));
    }
    s_print_minutes_named (out, entry, own, markdown);
    json_decref (own);
}

/* ---- the other answers ----------------------------------------------------- */

/*  An outbox row's state in words.                                         */
static const char *
s_out_state (const char *state)
{
    if (strcmp (state, "waiting") == 0)
        return _("sent, waiting");
    if (strcmp (state, "receipted") == 0)
        return _("stored");
    if (strcmp (state, "refused") == 0)
        return _("refused");
    return state;
}

static void
s_print_outbox (FILE *out, json_t *r)
{
    if (json_object_get (r, "resent")) {
        long long resent = (long long) json_integer_value (json_object_get (r, "resent"));
        fprintf (out, ngettext ("Queued %lld message again that the hub had numbered after %lld; "
                                "the daemon sends it (with a fresh timestamp where needed).",
                                "Queued %lld messages again that the hub had numbered after "
                                "%lld; the daemon sends them (with a fresh timestamp where "
                                "needed) in the order they were first sent.",
                                (unsigned long) resent),
                 resent, (long long) json_integer_value (json_object_get (r, "resend_after")));
        fprintf (out, " ");
        fprintf (out, _("Questions not repeated: %lld."),
                 (long long) json_integer_value (json_object_get (r, "questions_skipped")));
        fprintf (out, "\n");
        return;
    }
    json_t *list = json_object_get (r, "messages");
    if (json_array_size (list) == 0) {
        fprintf (out, "%s\n", json_object_get (r, "after")
                 ? _("Nothing sent that the hub numbered after that.") : _("Nothing sent yet."));
        return;
    }
    const char *h [] = { _("hub nr"), _("kind"), _("state"), _("when"), _("to / note") };
    agent_table_t *t = agent_table_new (5, h);
    size_t i;
    json_t *e;
    json_array_foreach (list, i, e) {
        char nr [24] = "", when [AGENT_TIME_CHARS], what [AGENT_RESULT_BYTES + 64];
        if (json_object_get (e, "hub_seq"))
            snprintf (nr, sizeof nr, "%lld", (long long) json_integer_value (json_object_get (e, "hub_seq")));
        s_when (when, s_get (e, json_object_get (e, "done") ? "done" : "queued"), S_SHORT);
        json_t *refused = json_object_get (e, "refused");
        char words [AGENT_RESULT_BYTES];
        if (refused) {
            agent_render_error (refused, NULL, words, sizeof words);
            snprintf (what, sizeof what, "%s", words);
        }
        else {
            s_note_words (e, words, sizeof words);
            snprintf (what, sizeof what, "%s%s%s", s_get (e, "to"),
                      *s_get (e, "to") && *words ? ": " : "", words);
        }
        const char *row [] = { nr, agent_cmd_type_word (s_get (e, "type")),
                               s_out_state (s_get (e, "state")), when, what };
        agent_table_add (t, row);
    }
    agent_table_print (t, out, 0);
    agent_table_destroy (&t);
}

/*  Who delivered an inbox message, in words.                               */
static const char *
s_from (const char *from)
{
    if (strcmp (from, "hub") == 0)
        return _("hub");
    if (strcmp (from, "self") == 0)
        /* TRANSLATORS: a message this partner sent itself, in the inbox   */
        return _("self");
    if (strcmp (from, "partner") == 0)
        return _("partner");
    return from;
}

/*  One message whole (`regie inbox --id`).                                   */
static void
s_print_inbox_one (FILE *out, json_t *e)
{
    char when [AGENT_TIME_CHARS], hh [128], nr [24];
    s_when (when, s_get (e, "received"), S_LONG);
    s_household_text (hh, sizeof hh, json_object_get (e, "household"));
    snprintf (nr, sizeof nr, "%lld", (long long) json_integer_value (json_object_get (e, "seq")));
    /* TRANSLATORS: "signal 83, from partner"                              */
    fprintf (out, _("%s %s, from %s\n"), agent_cmd_type_word (s_get (e, "type")), nr,
             s_from (s_get (e, "from")));
    s_print_kv (out, _("received"), when);
    s_print_kv (out, _("household"), json_object_get (e, "household") ? hh : "");
    s_print_kv (out, "id", s_get (e, "id"));
    fprintf (out, "\n%s\n", s_get (e, "summary"));
}

static void
s_print_inbox (FILE *out, json_t *r)
{
    json_t *list = json_object_get (r, "messages");
    if (json_is_true (json_object_get (r, "one")) && json_array_size (list) == 1) {
        s_print_inbox_one (out, json_array_get (list, 0));
        return;
    }
    long long total = (long long) json_integer_value (json_object_get (r, "total"));
    if (json_array_size (list) == 0) {
        if (json_is_true (json_object_get (r, "all")))
            fprintf (out, _("No messages (inbox: %lld in all).\n"), total);
        else
            fprintf (out, _("No unread messages (inbox: %lld in all).\n"), total);
        return;
    }
    const char *h [] = { "#", _("received"), _("kind"), _("from"), _("household"), _("summary"),
                         "id" };
    agent_table_t *t = agent_table_new (7, h);
    agent_table_max (t, 4, 20);
    agent_table_max (t, 5, AGENT_SUMMARY_CHARS);
    size_t i;
    json_t *e;
    json_array_foreach (list, i, e) {
        char seq [24], when [AGENT_TIME_CHARS], hh [128], kind [64];
        snprintf (seq, sizeof seq, "%s%lld", json_is_true (json_object_get (e, "read")) ? " " : "*",
                  (long long) json_integer_value (json_object_get (e, "seq")));
        s_when (when, s_get (e, "received"), S_SHORT);
        s_household_text (hh, sizeof hh, json_object_get (e, "household"));
        snprintf (kind, sizeof kind, "%s", agent_cmd_type_word (s_get (e, "type")));
        const char *row [] = { seq, when, kind, s_from (s_get (e, "from")), hh,
                               s_get (e, "summary"), s_get (e, "id") };
        agent_table_add (t, row);
    }
    agent_table_print (t, out, 0);
    agent_table_destroy (&t);
    fprintf (out, "\n");
    fprintf (out, _("%zu shown (* = was unread); %lld unread before, %lld in all. One message "
                    "whole: regie inbox --id #\n"), json_array_size (list),
             (long long) json_integer_value (json_object_get (r, "unread")), total);
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
    /* TRANSLATORS: partner id (name; kind; roles ROLES)                    */
    snprintf (line, sizeof line, _("%s (%s; %s; roles %s)"), s_get (partner, "id"),
              s_get (partner, "name"), s_get (partner, "kind"), s_get (partner, "roles"));
    s_print_kv (out, _("partner"), line);
    if (json_is_true (json_object_get (daemon, "running"))) {
        char since [AGENT_TIME_CHARS];
        s_when (since, s_get (daemon, "started"), S_LONG);
        snprintf (line, sizeof line, _("running (pid %lld, since %s)"),
                  (long long) json_integer_value (json_object_get (daemon, "pid")), since);
    }
    else
        snprintf (line, sizeof line, "%s", _("not running (start it with: regie run -d DIR)"));
    s_print_kv (out, _("daemon"), line);
    json_t *connected = json_object_get (hub, "connected");
    if (json_is_true (connected))
        snprintf (line, sizeof line, _("%s, connected"), s_get (hub, "endpoint"));
    else
    if (json_is_false (connected))
        snprintf (line, sizeof line, _("%s, NOT connected"), s_get (hub, "endpoint"));
    else
        snprintf (line, sizeof line, _("%s, unknown (no daemon)"), s_get (hub, "endpoint"));
    s_print_kv (out, _("hub"), line);
    snprintf (line, sizeof line, _("%lld waiting for a receipt, %lld receipted, %lld refused"),
              (long long) json_integer_value (json_object_get (outbox, "waiting")),
              (long long) json_integer_value (json_object_get (outbox, "receipted")),
              (long long) json_integer_value (json_object_get (outbox, "refused")));
    s_print_kv (out, _("outbox"), line);
    snprintf (line, sizeof line, _("%lld unread of %lld"),
              (long long) json_integer_value (json_object_get (inbox, "unread")),
              (long long) json_integer_value (json_object_get (inbox, "total")));
    s_print_kv (out, _("inbox"), line);
    if (json_object_get (r, "audit_seq")) {
        snprintf (line, sizeof line, _("seq %lld (regie audit check)"),
                  (long long) json_integer_value (json_object_get (r, "audit_seq")));
        s_print_kv (out, _("audit head"), line);
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
            char since [AGENT_TIME_CHARS], phase [PROTO_MAX_TAXON_BYTES + 1];
            s_when (since, s_get (body, "since"), S_LONG);
            agent_cmd_term_text (phase, sizeof phase, s_get (body, "phase"));
            fprintf (out, _("Regie over %s is held by team %s.\n"), hh, s_get (body, "team"));
            s_print_kv (out, _("casemanager"), s_get (body, "casemanager"));
            s_print_kv (out, _("phase"), phase);
            s_print_kv (out, _("since"), since);
            s_print_kv (out, _("contact"), s_get (body, "contact"));
            if (*s_get (body, "deputy")) {
                char until [AGENT_TIME_CHARS], line [160];
                s_when (until, s_get (body, "deputy_until"), S_DATE);
                snprintf (line, sizeof line, _("%s stands in for the casemanager, until %s"),
                          s_get (body, "deputy"), until);
                s_print_kv (out, _("deputy"), line);
            }
        }
        else
            fprintf (out, _("No regie is known for %s.\n"), hh);
        if (*s_get (body, "follow_up_until")) {
            char until [AGENT_TIME_CHARS];
            s_when (until, s_get (body, "follow_up_until"), S_DATE);
            s_print_kv (out, _("follow-up until"), until);
        }
        return;
    }
    if (strcmp (type, "report") == 0) {
        json_t *f = json_loads (s_get (body, "figures"), 0, NULL);
        fprintf (out, _("Team %s (aggregates, no personal data):\n"), s_get (body, "team"));
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
        fprintf (out, _("  open escalations: %zu\n"), json_array_size (open));
        json_array_foreach (open, i, e)
            fprintf (out, _("    %s  %s (to %s)\n"), json_string_value (json_object_get (e, "escalation")),
                     json_string_value (json_object_get (e, "reason")),
                     json_string_value (json_object_get (e, "to")));
        json_decref (f);
        return;
    }
    fprintf (out, _("%s (%s) for %s:\n"), agent_cmd_type_word (type), type, hh);
    s_print_body (out, body);
}

static void
s_print_receipt (FILE *out, json_t *r)
{
    bool valid = strcmp (s_get (r, "check"), "valid") == 0;
    if (valid)
        fprintf (out, _("Receipt of %s %s: VALID\n"), agent_cmd_type_word (s_get (r, "type")),
                 s_get (r, "id"));
    else
        fprintf (out, _("Receipt of %s %s: INVALID\n"), agent_cmd_type_word (s_get (r, "type")),
                 s_get (r, "id"));
    if (!valid) {
        s_print_kv (out, _("reason"), s_get (r, "reason"));
        return;
    }
    char line [160], when [AGENT_TIME_CHARS];
    long long seq = (long long) json_integer_value (json_object_get (r, "hub_seq"));
    if (json_is_true (json_object_get (r, "duplicate")))
        snprintf (line, sizeof line, _("%lld (it already had it)"), seq);
    else
        snprintf (line, sizeof line, "%lld", seq);
    s_print_kv (out, _("hub nr"), line);
    s_when (when, s_get (r, "receipted"), S_LONG);
    s_print_kv (out, _("receipted"), when);
    s_when (when, s_get (r, "committed"), S_LONG);
    snprintf (line, sizeof line, _("%lld, %lld messages, committed %s"),
              (long long) json_integer_value (json_object_get (r, "batch")),
              (long long) json_integer_value (json_object_get (r, "batch_messages")), when);
    s_print_kv (out, _("batch"), line);
    char words [AGENT_RESULT_BYTES];
    s_print_kv (out, _("hub"), s_note_words (r, words, sizeof words));
    s_print_kv (out, _("to"), s_get (r, "to"));
    s_print_kv (out, _("hub key"), s_get (r, "hub_key"));
    fprintf (out, "%s", _("Checked here: the hub's signature on the batch head, the message's "
                          "Merkle path to it,\nand that the receipt names this message and the "
                          "envelope sent.\n"));
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
            long long seq = (long long) json_integer_value (json_object_get (r, "hub_seq"));
            if (json_is_true (json_object_get (r, "duplicate")))
                fprintf (out, _("%s %s: received by the hub (nr %lld, it already had it)\n"),
                         agent_cmd_type_word (type), id, seq);
            else
                fprintf (out, _("%s %s: received by the hub (nr %lld)\n"),
                         agent_cmd_type_word (type), id, seq);
            if (json_object_get (r, "household"))
                s_print_kv (out, _("household"), hh);
            char words [AGENT_RESULT_BYTES];
            s_print_kv (out, _("hub"), s_note_words (r, words, sizeof words));
            s_print_kv (out, _("to"), s_get (r, "to"));
        }
        else
        if (strcmp (status, "refused") == 0) {
            json_t *e = json_object_get (r, "error");
            char option [64], words [AGENT_RESULT_BYTES];
            agent_cmd_option_label (agent_cmd_find (cmd), s_get (e, "field"), option, sizeof option);
            agent_render_error (e, option, words, sizeof words);
            /* TRANSLATORS: kind id: REFUSED ...: the hub's reason in words (its
               number, as PROTOCOL.md lists it, for whoever helps)             */
            fprintf (out, _("%s %s: REFUSED by the hub: %s (code %lld)\n"), agent_cmd_type_word (type),
                     id, words, (long long) json_integer_value (json_object_get (e, "code")));
        }
        else
        if (strcmp (status, "answered") == 0) {
            if (strcmp (cmd, "minutes") == 0)
                s_print_minutes (out, json_object_get (r, "minutes"), json_object_get (r, "names"),
                                 false);
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
            s_print_minutes (out, m, json_object_get (r, "names"), false);
        else {
            json_t *list = json_object_get (r, "list");
            if (json_array_size (list) == 0) {
                fprintf (out, "%s\n", _("No minutes received yet."));
                return;
            }
            const char *h [] = { _("round"), _("held on"), _("household"), _("round id") };
            agent_table_t *t = agent_table_new (4, h);
            size_t i;
            json_t *e;
            json_array_foreach (list, i, e) {
                json_t *body = json_object_get (json_object_get (e, "message"), "body");
                char nr [16], when [AGENT_TIME_CHARS], hht [128];
                snprintf (nr, sizeof nr, "%lld", (long long) json_integer_value (json_object_get (body, "number")));
                s_when (when, s_get (body, "at"), S_SHORT);
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
            fprintf (out, _("Label \"%s\" set (kept only on this machine).\n"), s_get (r, "set"));
        else
        if (*s_get (r, "removed"))
            fprintf (out, _("Label \"%s\" removed.\n"), s_get (r, "removed"));
        else {
            json_t *list = json_object_get (r, "labels");
            if (json_array_size (list) == 0) {
                fprintf (out, "%s\n", _("No labels yet (regie label NAME --bsn BSN)."));
                return;
            }
            const char *h [] = { _("label"), _("person (pseudonym)"), _("address (pseudonym)") };
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
            fprintf (out, "%s\n", _("No signed audit head received from the hub yet."));
        else {
            char line [128], when [AGENT_TIME_CHARS];
            fprintf (out, "%s\n", _("Last signed audit head from the hub (signature verified):"));
            snprintf (line, sizeof line, "%lld", (long long) json_integer_value (json_object_get (head, "audit_seq")));
            s_print_kv (out, _("audit seq"), line);
            s_print_kv (out, _("audit head"), s_get (head, "audit_head"));
            snprintf (line, sizeof line, "%lld", (long long) json_integer_value (json_object_get (head, "batch")));
            s_print_kv (out, _("batch"), line);
            s_when (when, s_get (head, "hub_time"), S_LONG);
            s_print_kv (out, _("hub time"), when);
        }
        const char *check = s_get (r, "extension_check");
        if (strcmp (check, "accepted") == 0)
            fprintf (out, _("Accepted the hub's audit chain as it is now: %lld entries checked from "
                            "its first; the replaced anchor is kept in %s.\n"),
                     (long long) json_integer_value (json_object_get (r, "checked_entries")),
                     s_get (r, "evidence"));
        else
        if (strcmp (check, "extends") == 0)
            fprintf (out, _("Chain extension check: the hub's audit chain still extends this head "
                            "(%lld newer entries checked; now at %lld).\n"),
                     (long long) json_integer_value (json_object_get (r, "checked_entries")),
                     (long long) json_integer_value (json_object_get (r, "now_at")));
        else
        if (*check && strcmp (check, "no_head_yet") != 0) {
            char words [AGENT_RESULT_BYTES] = "";
            if (json_object_get (r, "error"))
                agent_render_error (json_object_get (r, "error"), NULL, words, sizeof words);
            else
                snprintf (words, sizeof words, "%s", s_get (r, "reason"));
            if (*words)
                fprintf (out, _("Chain extension check: %s: %s\n"), agent_cmd_code_word (check),
                         words);
            else
                fprintf (out, _("Chain extension check: %s\n"), agent_cmd_code_word (check));
        }
        if (json_object_get (r, "accepted") && *s_get (r, "note"))
            fprintf (out, "%s\n", s_get (r, "note"));
        if (json_is_false (json_object_get (r, "accepted")) && *s_get (r, "message"))
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
        s_print_minutes (stdout, json_object_get (r, "minutes"), json_object_get (r, "names"), true);
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
        fprintf (stderr, _("regie: unknown command \"%.40s\" (see regie --help)\n"), argv [1]);
        return AGENT_EXIT_BAD_INPUT;
    }
    /* --json: the language-neutral answer, sentences in English; --help
       stays in the reader's language                                        */
    proto_lang_t reader = proto_lang_current ();
    bool json = false;
    for (int i = 2; i < argc; i++)
        if (strcmp (argv [i], "--json") == 0)
            json = true;
    if (json)
        agent_lang_use (PROTO_LANG_EN);
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
        agent_lang_use (reader);
        agent_cmd_help (c, stdout);
        json_decref (request);
        return AGENT_EXIT_OK;
    }
    json_t *r = NULL;
    char sock [AGENT_MAX_PATH];
    snprintf (sock, sizeof sock, "%s/agent.sock", o.dir);
    if (!o.direct) {
        /* the daemon names options as typed here (--member-bsn), and writes
           its sentences in the language printed here                        */
        json_object_set_new (request, "cli", json_true ());
        json_object_set_new (request, "lang", json_string (proto_lang_name (proto_lang_current ())));
        char *line = json_dumps (request, JSON_COMPACT);
        json_object_del (request, "cli");
        json_object_del (request, "lang");
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
                                          _("the daemon's answer is not JSON"));
            }
        }
        else
        if (rc == -2)
            r = agent_response_error (c->name, AGENT_EXIT_INTERNAL, "daemon",
                                      _("the daemon did not answer; see its log"));
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
                    _("the agent daemon is not running, so nothing was sent; start it with "
                      "`regie run -d DIR`, or send once with --direct")));
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
