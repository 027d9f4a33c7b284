/*  hub_admin_inspect.c - `regiehub inspect`: what the hub holds about one
    household or one message, for the functional administrator (see
    hub_inspect.h for what it shows and why every use is audited).

    The audit log has one writer. When a hub runs on the store, it writes
    the inspection's audit entry (the control line of hub_inspect.h) and
    this command then reads in a read transaction of its own, beside the
    hub's writer; when none runs, this command holds the hub's lock, so
    that none starts meanwhile, and writes the entry and reads in one
    transaction. Nothing is shown unless the entry is written.
*/
#include "hub_cli.h"
#include "hub_inspect.h"

/* ---- the text for people --------------------------------------------------- */

typedef enum { C_TEXT, C_TIME, C_BOOL, C_INT } col_kind_t;

typedef struct {
    const char *key, *label;
    col_kind_t kind;
} col_t;

#define COLS_MAX    20

/*  A list of the answer and how a row of it reads; sub, when set, a list
    inside each row.                                                         */
typedef struct section_s {
    const char *key, *title;
    col_t cols [COLS_MAX];
    const struct section_s *sub [2];
} section_t;

static void
s_when (char *out, size_t outlen, json_int_t ms)
{
    time_t t = (time_t) (ms / 1000);
    struct tm tm;
    localtime_r (&t, &tm);
    strftime (out, outlen, "%Y-%m-%d %H:%M", &tm);
}

/*  One value as a person reads it; "-" for none.                            */
static void
s_value (char *out, size_t outlen, json_t *v, col_kind_t kind)
{
    if (!v || json_is_null (v))
        snprintf (out, outlen, "-");
    else
    if (kind == C_TIME && json_is_integer (v))
        s_when (out, outlen, json_integer_value (v));
    else
    if (json_is_boolean (v))
        snprintf (out, outlen, "%s", json_is_true (v) ? "yes" : "no");
    else
    if (json_is_integer (v))
        snprintf (out, outlen, "%lld", (long long) json_integer_value (v));
    else
    if (json_is_string (v))
        snprintf (out, outlen, "%s", json_string_value (v));
    else
    if (json_is_object (v)) {
        const char *key;
        json_t *item;
        size_t used = 0;
        out [0] = 0;
        json_object_foreach (v, key, item)
            if (used < outlen)
                used += (size_t) snprintf (out + used, outlen - used, "%s%s %s", used ? ", " : "",
                                           key, json_is_string (item) ? json_string_value (item) : "?");
        if (!used)
            snprintf (out, outlen, "-");
    }
    else
    if (json_is_array (v)) {
        size_t i, used = 0;
        json_t *item;
        out [0] = 0;
        json_array_foreach (v, i, item)
            if (used < outlen)
                used += (size_t) snprintf (out + used, outlen - used, "%s%s", i ? ", " : "",
                                           json_is_string (item) ? json_string_value (item) : "?");
        if (!used)
            snprintf (out, outlen, "-");
    }
}

/*  A row: "label value" for each column, on one line.                      */
static void
s_row (json_t *o, const col_t *cols, int indent)
{
    printf ("%*s-", indent, "");
    for (const col_t *c = cols; c->key; c++) {
        char value [1200];
        s_value (value, sizeof value, json_object_get (o, c->key), c->kind);
        printf ("  %s %s", c->label, value);
    }
    printf ("\n");
}

static void
s_section (json_t *list, const section_t *s, int indent)
{
    printf ("%*s%s (%zu)\n", indent, "", s->title, json_array_size (list));
    size_t i;
    json_t *o;
    json_array_foreach (list, i, o) {
        s_row (o, s->cols, indent + 2);
        for (int k = 0; k < 2 && s->sub [k]; k++)
            if (json_array_size (json_object_get (o, s->sub [k]->key)))
                s_section (json_object_get (o, s->sub [k]->key), s->sub [k], indent + 4);
    }
}

/*  One object as "label  value" lines.                                     */
static void
s_fields (json_t *o, const col_t *cols)
{
    for (const col_t *c = cols; c->key; c++) {
        char value [1200];
        s_value (value, sizeof value, json_object_get (o, c->key), c->kind);
        printf ("  %-20s %s\n", c->label, value);
    }
}

static const section_t s_parties = { "parties", "parties", {
    { "partner", "partner", C_TEXT }, { "confirmed", "confirmed", C_TIME },
    { "outcome", "outcome", C_TEXT }, { "reminded", "reminded", C_TIME },
    { "escalated", "escalated", C_TIME }, { NULL, NULL, 0 } }, { NULL, NULL } };
static const section_t s_log = { "log", "log", {
    { "ts", "at", C_TIME }, { "status", "status", C_TEXT }, { "author", "by", C_TEXT },
    { "seq", "message", C_INT }, { "note", "note", C_TEXT }, { NULL, NULL, 0 } }, { NULL, NULL } };
static const section_t s_invitees = { "partners", "partners", {
    { "partner", "partner", C_TEXT }, { "invited", "invited", C_BOOL },
    { "present", "present", C_BOOL }, { NULL, NULL, 0 } }, { NULL, NULL } };
static const section_t s_progress = { "progress", "progress reports", {
    { "ts", "at", C_TIME }, { "partner", "partner", C_TEXT }, { "agreement", "agreement", C_TEXT },
    { "status", "status", C_TEXT }, { "note", "note", C_TEXT }, { NULL, NULL, 0 } },
    { NULL, NULL } };

static const section_t s_household_sections [] = {
    { "refs", "Refs", { { "kind", "kind", C_TEXT }, { "ref", "ref", C_TEXT },
        { "since", "since", C_TIME }, { NULL, NULL, 0 } }, { NULL, NULL } },
    { "former_refs", "Former refs", { { "kind", "kind", C_TEXT }, { "ref", "ref", C_TEXT },
        { "since", "from", C_TIME }, { "until", "until", C_TIME }, { NULL, NULL, 0 } },
        { NULL, NULL } },
    { "phases", "Phase log", { { "ts", "at", C_TIME }, { "phase", "phase", C_TEXT },
        { "team", "team", C_TEXT }, { "author", "by", C_TEXT }, { "reason", "reason", C_TEXT },
        { NULL, NULL, 0 } }, { NULL, NULL } },
    { "signals", "Signals", { { "ts", "at", C_TIME }, { "partner", "partner", C_TEXT },
        { "leefgebied", "leefgebied", C_TEXT }, { "severity", "severity", C_TEXT },
        { "kind", "kind", C_TEXT }, { "recipient", "to", C_TEXT },
        { "led_to_regie", "led to regie", C_BOOL }, { "envelope_held", "envelope held", C_BOOL },
        { "id", "id", C_TEXT }, { NULL, NULL, 0 } }, { NULL, NULL } },
    { "history", "Archive (expired signals, no content)", { { "partner", "partner", C_TEXT },
        { "signals", "signals", C_INT }, { "first", "first", C_TIME }, { "last", "last", C_TIME },
        { "archived", "archived", C_TIME }, { NULL, NULL, 0 } }, { NULL, NULL } },
    { "matches", "Matches", { { "created", "at", C_TIME }, { "team", "team", C_TEXT },
        { "deadline", "deadline", C_TIME }, { "id", "id", C_TEXT }, { NULL, NULL, 0 } },
        { &s_parties, NULL } },
    { "referrals", "Referrals", { { "ts", "at", C_TIME }, { "referrer", "by", C_TEXT },
        { "team", "to team", C_TEXT }, { "introducer", "introducer", C_TEXT },
        { "status", "status", C_TEXT }, { "decided", "decided", C_TIME },
        { "envelope_held", "envelope held", C_BOOL }, { "id", "id", C_TEXT }, { NULL, NULL, 0 } },
        { NULL, NULL } },
    { "consent", "Consent and legal basis", { { "partner", "partner", C_TEXT },
        { "basis", "basis", C_TEXT }, { "from", "from", C_TIME }, { "until", "until", C_TIME },
        { "withdrawn", "withdrawn", C_TIME }, { NULL, NULL, 0 } }, { NULL, NULL } },
    { "escalations", "Escalations", { { "created", "at", C_TIME }, { "reason", "reason", C_TEXT },
        { "partner", "to", C_TEXT }, { "history", "history", C_TEXT },
        { "resolved", "resolved", C_TIME }, { "resolved_by", "by", C_TEXT },
        { "note", "note", C_TEXT }, { "id", "id", C_TEXT }, { NULL, NULL, 0 } }, { NULL, NULL } },
    { "agreements", "Agreements", { { "created", "at", C_TIME }, { "owner", "owner", C_TEXT },
        { "leefgebied", "leefgebied", C_TEXT }, { "action", "action", C_TEXT },
        { "due", "due", C_TIME }, { "status", "status", C_TEXT },
        { "stagnations", "stagnations", C_INT }, { "id", "id", C_TEXT }, { NULL, NULL, 0 } },
        { &s_log, NULL } },
    { "rounds", "Rounds", { { "number", "number", C_INT }, { "at", "at", C_TIME },
        { "regisseur", "regisseur", C_TEXT }, { "place", "place", C_TEXT },
        { "held", "held", C_TIME }, { "next", "next", C_TIME }, { "id", "id", C_TEXT },
        { NULL, NULL, 0 } }, { &s_invitees, &s_progress } },
    { "messages", "Messages about it", { { "ts", "at", C_TIME }, { "type", "type", C_TEXT },
        { "author", "from", C_TEXT }, { "envelope_held", "envelope held", C_BOOL },
        { "queued_for", "waiting for", C_TEXT }, { "id", "id", C_TEXT }, { NULL, NULL, 0 } },
        { NULL, NULL } },
};

static const col_t s_household_fields [] = {
    { "created", "known since", C_TIME }, { "team", "regie held by team", C_TEXT },
    { "casemanager", "casemanager", C_TEXT }, { "phase", "phase", C_TEXT },
    { "since", "regie since", C_TIME }, { "phase_since", "phase since", C_TIME },
    { "former_team", "follow-up by team", C_TEXT },
    { "follow_up_until", "follow-up until", C_TIME }, { "priority", "priority list", C_BOOL },
    { "referred", "first referred", C_TIME }, { NULL, NULL, 0 } };

static const col_t s_message_fields [] = {
    { "seq", "number", C_INT }, { "type", "type", C_TEXT }, { "author", "from", C_TEXT },
    { "ts", "sent", C_TIME }, { "received", "received", C_TIME },
    { "envelope_held", "envelope held", C_BOOL }, { "envelope_bytes", "envelope bytes", C_INT },
    { "envelope_intact", "envelope intact", C_BOOL }, { "names", "it names", C_TEXT },
    { "signature_held", "signature held", C_BOOL }, { "queued_for", "waiting for", C_TEXT },
    { NULL, NULL, 0 } };

static const section_t s_audit_section = { "audit", "Audit entries naming it", {
    { "seq", "entry", C_INT }, { "ts", "at", C_TIME }, { "actor", "by", C_TEXT },
    { "action", "action", C_TEXT }, { "result", "result", C_TEXT }, { NULL, NULL, 0 } },
    { NULL, NULL } };

static void
s_print (json_t *r, const hub_inspect_query_t *q)
{
    if (q->kind == HUB_INSPECT_MESSAGE) {
        printf ("Message %s: %s\n", json_string_value (json_object_get (r, "id")),
                json_is_true (json_object_get (r, "stored")) ? "stored" : "not stored");
        if (json_is_object (json_object_get (r, "message")))
            s_fields (json_object_get (r, "message"), s_message_fields);
        s_section (json_object_get (r, "audit"), &s_audit_section, 0);
        return;
    }
    printf ("Household %lld%s\n", (long long) json_integer_value (json_object_get (r, "household_id")),
            json_is_object (json_object_get (r, "household")) ? ""
            : " (no household row: joined into another, or what retention left)");
    if (json_is_object (json_object_get (r, "household")))
        s_fields (json_object_get (r, "household"), s_household_fields);
    for (size_t i = 0; i < sizeof s_household_sections / sizeof s_household_sections [0]; i++)
        s_section (json_object_get (r, s_household_sections [i].key), &s_household_sections [i], 0);
    printf ("%lld messages still hold their envelope, %lld were emptied by retention\n",
            (long long) json_integer_value (json_object_get (r, "messages_held")),
            (long long) json_integer_value (json_object_get (r, "messages_emptied")));
}

/* ---- the command ------------------------------------------------------------ */

/*  The query the options name; -1 after saying why.                        */
static int
s_query (args_t *a, hub_inspect_query_t *q)
{
    static const char *usage =
        "regiehub inspect: name one household or message: --ref HEX (a person or address\n"
        "reference, 64 hex characters, as the agents show it), --household N (the hub's\n"
        "number of a household) or --id HEX (a message's id, 32 hex characters)\n";
    memset (q, 0, sizeof *q);
    int given = !!a->ref + !!a->household + !!a->id;
    if (given != 1 || a->argc != 0) {
        fputs (usage, stderr);
        return -1;
    }
    if (a->ref && hub_inspect_parse_ref (a->ref, q->ref) != 0) {
        fprintf (stderr, "regiehub inspect: --ref needs 64 hex characters (optionally after "
                 "person: or address:), not \"%.80s\"\n", a->ref);
        return -1;
    }
    if (a->household && hub_inspect_parse_household (a->household, &q->hh) != 0) {
        fprintf (stderr, "regiehub inspect: --household needs a household number (1 or more), "
                 "not \"%.80s\"\n", a->household);
        return -1;
    }
    if (a->id && hub_inspect_parse_id (a->id, q->id) != 0) {
        fprintf (stderr, "regiehub inspect: --id needs a message id of 32 hex characters, "
                 "not \"%.80s\"\n", a->id);
        return -1;
    }
    q->kind = a->ref ? HUB_INSPECT_REF : a->household ? HUB_INSPECT_HOUSEHOLD : HUB_INSPECT_MESSAGE;
    return 0;
}

/*  No hub runs: the entry and the reads in one transaction, under the lock. */
static json_t *
s_read_alone (const hub_config_t *config, hub_store_t *store, const hub_inspect_query_t *q)
{
    hub_clock_t *clock = hub_clock_new (config->clock_file);
    hub_audit_t *audit = hub_audit_new (store);
    json_t *r = NULL;
    if (audit && hub_store_begin (store) == 0) {
        if (hub_inspect_audit (store, audit, hub_clock_now (clock), q, "command") == 0)
            r = hub_inspect_read (store, q);
        if (!r || hub_store_commit (store) != 0) {
            hub_store_rollback (store);
            json_decref (r);
            r = NULL;
        }
    }
    hub_audit_destroy (&audit);
    hub_clock_destroy (&clock);
    return r;
}

/*  A hub runs: it writes the entry, then the reads beside it.              */
static json_t *
s_read_beside (const hub_config_t *config, hub_store_t *store, const hub_inspect_query_t *q,
               const char *locked)
{
    char line [HUB_INSPECT_LINE_BYTES], *reply = NULL;
    hub_inspect_control_line (line, q);
    if (hub_cli_control (config, line, &reply) != 0 || strncmp (reply, "ok", 2) != 0) {
        if (strstr (locked, "a hub is running"))
            fprintf (stderr, "regiehub inspect: a hub runs on this store but did not record the "
                     "inspection (%s); nothing is shown\n", reply ? reply : "no answer");
        else
            fprintf (stderr, "regiehub inspect: no hub answered (%s) and the store cannot be "
                     "locked to record the inspection here (%s); nothing is shown\n",
                     reply ? reply : "no answer", locked);
        zstr_free (&reply);
        return NULL;
    }
    zstr_free (&reply);
    json_t *r = NULL;
    if (hub_store_begin_read (store) == 0)
        r = hub_inspect_read (store, q);
    hub_store_rollback (store);
    if (!r)
        fprintf (stderr, "regiehub inspect: the store could not be read: %s\n",
                 hub_store_error (store));
    return r;
}

int
hub_cmd_inspect (args_t *a)
{
    hub_inspect_query_t q;
    if (s_query (a, &q) != 0)
        return EXIT_USAGE;
    hub_config_t *config = hub_cli_config (a);
    if (!config)
        return EXIT_USAGE;
    char err [512];
    hub_store_t *store = hub_store_open (config->store, err, sizeof err);
    if (!store) {
        fprintf (stderr, "regiehub inspect: %s\n", err);
        hub_config_destroy (&config);
        return EXIT_FAILED;
    }
    hub_lock_t *lock = hub_lock_take (config->store, err, sizeof err);
    json_t *r = NULL;
    if (lock) {
        r = s_read_alone (config, store, &q);
        if (!r)
            fprintf (stderr, "regiehub inspect: the store could not be read or the inspection "
                     "not recorded: %s\n", hub_store_error (store));
    }
    else
        r = s_read_beside (config, store, &q, err);
    hub_lock_release (&lock);
    hub_store_destroy (&store);
    hub_config_destroy (&config);
    if (!r)
        return EXIT_FAILED;
    bool found = json_is_true (json_object_get (r, "found"));
    if (a->json) {
        char *text = json_dumps (r, JSON_INDENT (2) | JSON_SORT_KEYS);
        printf ("%s\n", text);
        free (text);
    }
    else
    if (found)
        s_print (r, &q);
    if (!found) {
        static const char *what [][2] = {
            [HUB_INSPECT_REF] = { "no household is known by ref ", "" },
            [HUB_INSPECT_HOUSEHOLD] = { "the hub holds nothing about household ", "" },
            [HUB_INSPECT_MESSAGE] = { "no message ", " is stored or named in the audit log" },
        };
        fprintf (stderr, "regiehub inspect: %s%s%s\n", what [q.kind][0],
                 a->ref ? a->ref : a->household ? a->household : a->id, what [q.kind][1]);
    }
    json_decref (r);
    return found ? EXIT_OK : EXIT_NOT_FOUND;
}
