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
#include "hub_partners.h"
#include "proto_words.h"

/* ---- the text for people --------------------------------------------------- */

/*  How a column's value reads: as it is, a time, yes or no, a number, a
    partner by name, the word for a code, a message type, a referral's
    status, a term (underscores as spaces), or an escalation's history
    (hub_escalation.h).                                                      */
typedef enum { C_TEXT, C_TIME, C_BOOL, C_INT, C_PARTNER, C_CODE, C_TYPE, C_REFERRAL,
               C_TERM, C_HISTORY } col_kind_t;

typedef struct {
    const char *key, *label;            /* label: N_() marked               */
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

/*  The certificates, for partners by name (NULL: by id).                    */
static const hub_partners_t *s_partners;

static void
s_when (char *out, size_t outlen, json_int_t ms)
{
    char date [PROTO_LANG_DATE_CHARS];
    proto_lang_date_short (date, (uint64_t) ms);
    time_t t = (time_t) (ms / 1000);
    struct tm tm;
    localtime_r (&t, &tm);
    snprintf (out, outlen, "%s %02d:%02d", date, tm.tm_hour, tm.tm_min);
}

/*  One string value of kind as a person reads it.                           */
static void
s_string (char *out, size_t outlen, const char *text, col_kind_t kind)
{
    if (kind == C_PARTNER)
        hub_partners_label (s_partners, text, out, outlen);
    else
    if (kind == C_CODE)
        snprintf (out, outlen, "%s", proto_words_code (text));
    else
    if (kind == C_TYPE)
        snprintf (out, outlen, "%s", proto_words_type (text));
    else
    if (kind == C_REFERRAL)
        snprintf (out, outlen, "%s", proto_words_referral (text));
    else
    if (kind == C_TERM)
        proto_words_term (out, outlen, text);
    else
        snprintf (out, outlen, "%s", text);
}

/*  An escalation's history (hub_escalation.h): whom it concerns, the date,
    the round, the count and a person's note, each with its label.          */
static void
s_history (char *out, size_t outlen, json_t *h)
{
    char one [300];
    size_t used = 0, i;
    json_t *item;
    out [0] = 0;
    json_array_foreach (json_object_get (h, "partners"), i, item)
        if (json_is_string (item) && used < outlen) {
            hub_partners_label (s_partners, json_string_value (item), one, sizeof one);
            used += (size_t) snprintf (out + used, outlen - used, "%s%s",
                                       i ? ", " : _("concerns "), one);
        }
    json_t *due = json_object_get (h, "due");
    if (json_is_integer (due) && used < outlen) {
        char date [PROTO_LANG_DATE_CHARS];
        proto_lang_date_short (date, (uint64_t) json_integer_value (due));
        used += (size_t) snprintf (out + used, outlen - used, "%s%s %s", used ? "; " : "",
                                   _("date"), date);
    }
    json_t *number = json_object_get (h, "number");
    if (json_is_integer (number) && used < outlen)
        used += (size_t) snprintf (out + used, outlen - used, "%s%s %lld", used ? "; " : "",
                                   _("round"), (long long) json_integer_value (number));
    json_t *count = json_object_get (h, "count");
    if (json_is_integer (count) && used < outlen)
        used += (size_t) snprintf (out + used, outlen - used, "%s%s %lld", used ? "; " : "",
                                   _("number of times"), (long long) json_integer_value (count));
    json_t *note = json_object_get (h, "note");
    if (json_is_string (note) && used < outlen)
        used += (size_t) snprintf (out + used, outlen - used, "%s%s \"%s\"", used ? "; " : "",
                                   _("note"), json_string_value (note));
    if (!used)
        snprintf (out, outlen, "-");
}

/*  One value as a person reads it; "-" for none.                            */
static void
s_value (char *out, size_t outlen, json_t *v, col_kind_t kind)
{
    char one [300];
    if (!v || json_is_null (v))
        snprintf (out, outlen, "-");
    else
    if (kind == C_HISTORY && json_is_object (v))
        s_history (out, outlen, v);
    else
    if (kind == C_TIME && json_is_integer (v))
        s_when (out, outlen, json_integer_value (v));
    else
    if (json_is_boolean (v))
        snprintf (out, outlen, "%s", json_is_true (v) ? _("yes") : _("no"));
    else
    if (json_is_integer (v))
        snprintf (out, outlen, "%lld", (long long) json_integer_value (v));
    else
    if (json_is_string (v))
        s_string (out, outlen, json_string_value (v), kind);
    else
    if (json_is_object (v)) {
        const char *key;
        json_t *item;
        size_t used = 0;
        out [0] = 0;
        json_object_foreach (v, key, item)
            if (used < outlen) {
                s_string (one, sizeof one, json_is_string (item) ? json_string_value (item) : "?",
                          kind);
                used += (size_t) snprintf (out + used, outlen - used, "%s%s %s", used ? ", " : "",
                                           key, one);
            }
        if (!used)
            snprintf (out, outlen, "-");
    }
    else
    if (json_is_array (v)) {
        size_t i, used = 0;
        json_t *item;
        out [0] = 0;
        json_array_foreach (v, i, item)
            if (used < outlen) {
                s_string (one, sizeof one, json_is_string (item) ? json_string_value (item) : "?",
                          kind);
                used += (size_t) snprintf (out + used, outlen - used, "%s%s", i ? ", " : "", one);
            }
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
        char value [HUB_ESCALATION_HISTORY_BYTES + 600];
        s_value (value, sizeof value, json_object_get (o, c->key), c->kind);
        printf ("  %s %s", _(c->label), value);
    }
    printf ("\n");
}

static void
s_section (json_t *list, const section_t *s, int indent)
{
    printf ("%*s%s (%zu)\n", indent, "", _(s->title), json_array_size (list));
    size_t i;
    json_t *o;
    json_array_foreach (list, i, o) {
        s_row (o, s->cols, indent + 2);
        for (int k = 0; k < 2 && s->sub [k]; k++)
            if (json_array_size (json_object_get (o, s->sub [k]->key)))
                s_section (json_object_get (o, s->sub [k]->key), s->sub [k], indent + 4);
    }
}

/*  One object as "label  value" lines, the labels in one column.           */
static void
s_fields (json_t *o, const col_t *cols)
{
    size_t width = 0;
    for (const col_t *c = cols; c->key; c++)
        if (proto_lang_columns (_(c->label)) > width)
            width = proto_lang_columns (_(c->label));
    for (const col_t *c = cols; c->key; c++) {
        char value [1200];
        s_value (value, sizeof value, json_object_get (o, c->key), c->kind);
        printf ("  %s%*s %s\n", _(c->label), (int) (width - proto_lang_columns (_(c->label))), "",
                value);
    }
}

static const section_t s_parties = { "parties", N_("partners of the match"), {
    { "partner", N_("partner"), C_PARTNER }, { "confirmed", N_("confirmed"), C_TIME },
    { "outcome", N_("outcome"), C_CODE }, { "reminded", N_("reminded"), C_TIME },
    { "escalated", N_("escalated"), C_TIME }, { NULL, NULL, 0 } }, { NULL, NULL } };
static const section_t s_log = { "log", N_("history"), {
    { "ts", N_("at"), C_TIME }, { "status", N_("status"), C_CODE },
    { "author", N_("by"), C_PARTNER }, { "seq", N_("message"), C_INT },
    { "note", N_("note"), C_TEXT }, { NULL, NULL, 0 } }, { NULL, NULL } };
static const section_t s_invitees = { "partners", N_("participants"), {
    { "partner", N_("partner"), C_PARTNER }, { "invited", N_("invited"), C_BOOL },
    { "present", N_("present"), C_BOOL }, { NULL, NULL, 0 } }, { NULL, NULL } };
static const section_t s_progress = { "progress", N_("progress reports"), {
    { "ts", N_("at"), C_TIME }, { "partner", N_("partner"), C_PARTNER },
    { "agreement", N_("agreement"), C_TEXT }, { "status", N_("status"), C_CODE },
    { "note", N_("note"), C_TEXT }, { NULL, NULL, 0 } }, { NULL, NULL } };

static const section_t s_household_sections [] = {
    { "refs", N_("References"), { { "kind", N_("kind"), C_CODE }, { "ref", N_("reference"), C_TEXT },
        { "since", N_("since"), C_TIME }, { NULL, NULL, 0 } }, { NULL, NULL } },
    { "former_refs", N_("Former references"), { { "kind", N_("kind"), C_CODE },
        { "ref", N_("reference"), C_TEXT }, { "since", N_("from"), C_TIME },
        { "until", N_("until"), C_TIME }, { NULL, NULL, 0 } }, { NULL, NULL } },
    { "phases", N_("Phases"), { { "ts", N_("at"), C_TIME }, { "phase", N_("phase"), C_TERM },
        { "team", N_("team"), C_PARTNER }, { "author", N_("by"), C_PARTNER },
        { "reason", N_("reason"), C_TEXT }, { NULL, NULL, 0 } }, { NULL, NULL } },
    { "signals", N_("Signals"), { { "ts", N_("at"), C_TIME }, { "partner", N_("partner"), C_PARTNER },
        { "leefgebied", N_("leefgebied"), C_TERM }, { "severity", N_("severity"), C_CODE },
        { "kind", N_("kind"), C_TERM }, { "recipient", N_("to"), C_PARTNER },
        { "led_to_regie", N_("led to regie"), C_BOOL },
        { "envelope_held", N_("envelope held"), C_BOOL },
        { "id", N_("id"), C_TEXT }, { NULL, NULL, 0 } }, { NULL, NULL } },
    { "history", N_("Archive (expired signals, no content)"), {
        { "partner", N_("partner"), C_PARTNER }, { "signals", N_("signals"), C_INT },
        { "first", N_("first"), C_TIME }, { "last", N_("last"), C_TIME },
        { "archived", N_("archived"), C_TIME }, { NULL, NULL, 0 } }, { NULL, NULL } },
    { "matches", N_("Matches"), { { "created", N_("at"), C_TIME }, { "team", N_("team"), C_PARTNER },
        { "deadline", N_("deadline"), C_TIME }, { "id", N_("id"), C_TEXT }, { NULL, NULL, 0 } },
        { &s_parties, NULL } },
    { "referrals", N_("Referrals"), { { "ts", N_("at"), C_TIME },
        { "referrer", N_("by"), C_PARTNER }, { "team", N_("to team"), C_PARTNER },
        { "introducer", N_("introducer"), C_PARTNER },
        { "status", N_("status"), C_REFERRAL }, { "decided", N_("decided"), C_TIME },
        { "envelope_held", N_("envelope held"), C_BOOL }, { "id", N_("id"), C_TEXT },
        { NULL, NULL, 0 } }, { NULL, NULL } },
    { "consent", N_("Consent and legal basis"), { { "partner", N_("partner"), C_PARTNER },
        { "basis", N_("basis"), C_TERM }, { "from", N_("from"), C_TIME },
        { "until", N_("until"), C_TIME }, { "withdrawn", N_("withdrawn"), C_TIME },
        { NULL, NULL, 0 } }, { NULL, NULL } },
    { "escalations", N_("Escalations"), { { "created", N_("at"), C_TIME },
        { "reason", N_("reason"), C_TERM }, { "partner", N_("to"), C_PARTNER },
        { "history", N_("history"), C_HISTORY },
        { "resolved", N_("resolved"), C_TIME }, { "resolved_by", N_("by"), C_PARTNER },
        { "note", N_("note"), C_TEXT }, { "id", N_("id"), C_TEXT }, { NULL, NULL, 0 } },
        { NULL, NULL } },
    { "agreements", N_("Agreements"), { { "created", N_("at"), C_TIME },
        { "owner", N_("owner"), C_PARTNER }, { "kind", N_("kind"), C_CODE },
        { "leefgebied", N_("leefgebied"), C_TERM }, { "action", N_("action"), C_TEXT },
        { "due", N_("due"), C_TIME }, { "status", N_("status"), C_CODE },
        { "stagnations", N_("stagnations"), C_INT }, { "id", N_("id"), C_TEXT },
        { NULL, NULL, 0 } }, { &s_log, NULL } },
    { "rounds", N_("Coordination rounds"), { { "number", N_("number"), C_INT },
        { "at", N_("at"), C_TIME }, { "regisseur", N_("regisseur"), C_PARTNER },
        { "place", N_("place"), C_TEXT }, { "held", N_("held"), C_TIME },
        { "next", N_("next"), C_TIME }, { "id", N_("id"), C_TEXT },
        { NULL, NULL, 0 } }, { &s_invitees, &s_progress } },
    { "messages", N_("Messages about it"), { { "ts", N_("at"), C_TIME },
        { "type", N_("type"), C_TYPE }, { "author", N_("from"), C_PARTNER },
        { "envelope_held", N_("envelope held"), C_BOOL },
        { "queued_for", N_("waiting for"), C_PARTNER }, { "id", N_("id"), C_TEXT },
        { NULL, NULL, 0 } }, { NULL, NULL } },
};

static const col_t s_household_fields [] = {
    { "created", N_("known since"), C_TIME }, { "team", N_("regie held by team"), C_PARTNER },
    { "casemanager", N_("casemanager"), C_PARTNER }, { "phase", N_("phase"), C_TERM },
    { "since", N_("regie since"), C_TIME }, { "phase_since", N_("phase since"), C_TIME },
    { "former_team", N_("follow-up by team"), C_PARTNER },
    { "follow_up_until", N_("follow-up until"), C_TIME },
    { "priority", N_("priority list"), C_BOOL },
    { "referred", N_("first referred"), C_TIME }, { NULL, NULL, 0 } };

static const col_t s_message_fields [] = {
    { "seq", N_("number"), C_INT }, { "type", N_("type"), C_TYPE },
    { "author", N_("from"), C_PARTNER },
    { "ts", N_("sent"), C_TIME }, { "received", N_("received"), C_TIME },
    { "envelope_held", N_("envelope held"), C_BOOL },
    { "envelope_bytes", N_("envelope bytes"), C_INT },
    { "envelope_intact", N_("envelope intact"), C_BOOL }, { "names", N_("it names"), C_TEXT },
    { "signature_held", N_("signature held"), C_BOOL },
    { "queued_for", N_("waiting for"), C_PARTNER }, { NULL, NULL, 0 } };

static const section_t s_audit_section = { "audit", N_("Audit entries naming it"), {
    { "seq", N_("entry"), C_INT }, { "ts", N_("at"), C_TIME }, { "actor", N_("by"), C_PARTNER },
    { "action", N_("action"), C_TEXT }, { "result", N_("result"), C_TEXT }, { NULL, NULL, 0 } },
    { NULL, NULL } };

static void
s_print (json_t *r, const hub_inspect_query_t *q)
{
    if (q->kind == HUB_INSPECT_MESSAGE) {
        bool stored = json_is_true (json_object_get (r, "stored"));
        /* TRANSLATORS: %s is a message id                                  */
        printf (stored ? _("Message %s: stored\n") : _("Message %s: not stored\n"),
                json_string_value (json_object_get (r, "id")));
        if (json_is_object (json_object_get (r, "message")))
            s_fields (json_object_get (r, "message"), s_message_fields);
        s_section (json_object_get (r, "audit"), &s_audit_section, 0);
        return;
    }
    long long hh = (long long) json_integer_value (json_object_get (r, "household_id"));
    if (json_is_object (json_object_get (r, "household"))) {
        printf (_("Household %lld\n"), hh);
        s_fields (json_object_get (r, "household"), s_household_fields);
    }
    else
        printf (_("Household %lld (no household row: joined into another, or what retention "
                  "left)\n"), hh);
    for (size_t i = 0; i < sizeof s_household_sections / sizeof s_household_sections [0]; i++)
        s_section (json_object_get (r, s_household_sections [i].key), &s_household_sections [i], 0);
    long long held = (long long) json_integer_value (json_object_get (r, "messages_held"));
    long long emptied = (long long) json_integer_value (json_object_get (r, "messages_emptied"));
    printf (ngettext ("%lld message still holds its envelope", "%lld messages still hold their envelope",
                      (unsigned long) held), held);
    printf (ngettext (", %lld was emptied by retention\n", ", %lld were emptied by retention\n",
                      (unsigned long) emptied), emptied);
}

/* ---- the command ------------------------------------------------------------ */

/*  The query the options name; -1 after saying why.                        */
static int
s_query (args_t *a, hub_inspect_query_t *q)
{
    const char *usage =
        _("regiehub inspect: name one household or message: --ref HEX (a person or address\n"
          "reference, 64 hex characters, as the agents show it), --household N (the hub's\n"
          "number of a household) or --id HEX (a message's id, 32 hex characters)\n");
    memset (q, 0, sizeof *q);
    int given = !!a->ref + !!a->household + !!a->id;
    if (given != 1 || a->argc != 0) {
        fputs (usage, stderr);
        return -1;
    }
    if (a->ref && hub_inspect_parse_ref (a->ref, q->ref) != 0) {
        fprintf (stderr, _("regiehub inspect: --ref needs 64 hex characters (optionally after "
                           "person: or address:), not \"%.80s\"\n"), a->ref);
        return -1;
    }
    if (a->household && hub_inspect_parse_household (a->household, &q->hh) != 0) {
        fprintf (stderr, _("regiehub inspect: --household needs a household number (1 or more), "
                           "not \"%.80s\"\n"), a->household);
        return -1;
    }
    if (a->id && hub_inspect_parse_id (a->id, q->id) != 0) {
        fprintf (stderr, _("regiehub inspect: --id needs a message id of 32 hex characters, "
                           "not \"%.80s\"\n"), a->id);
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
            fprintf (stderr, _("regiehub inspect: a hub runs on this store but did not record the "
                               "inspection (%s); nothing is shown\n"),
                     reply ? reply : _("no answer"));
        else
            fprintf (stderr, _("regiehub inspect: no hub answered (%s) and the store cannot be "
                               "locked to record the inspection here (%s); nothing is shown\n"),
                     reply ? reply : _("no answer"), locked);
        zstr_free (&reply);
        return NULL;
    }
    zstr_free (&reply);
    json_t *r = NULL;
    if (hub_store_begin_read (store) == 0)
        r = hub_inspect_read (store, q);
    hub_store_rollback (store);
    if (!r)
        fprintf (stderr, _("regiehub inspect: the store could not be read: %s\n"),
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
        fprintf (stderr, _("regiehub inspect: %s\n"), err);
        hub_config_destroy (&config);
        return EXIT_FAILED;
    }
    hub_lock_t *lock = hub_lock_take (config->store, err, sizeof err);
    json_t *r = NULL;
    if (lock) {
        r = s_read_alone (config, store, &q);
        if (!r)
            fprintf (stderr, _("regiehub inspect: the store could not be read or the inspection "
                               "not recorded: %s\n"), hub_store_error (store));
    }
    else
        r = s_read_beside (config, store, &q, err);
    hub_lock_release (&lock);
    hub_store_destroy (&store);
    /* partners by name in the text; without the certificates, by id        */
    hub_partners_t *partners = r && !a->json
                             ? hub_partners_load (config->certs, NULL, NULL, err, sizeof err) : NULL;
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
    if (found) {
        s_partners = partners;
        s_print (r, &q);
        s_partners = NULL;
    }
    if (!found) {
        const char *typed = a->ref ? a->ref : a->household ? a->household : a->id;
        if (q.kind == HUB_INSPECT_REF)
            /* TRANSLATORS: %s is the reference as typed                    */
            fprintf (stderr, _("regiehub inspect: no household is known by ref %s\n"), typed);
        else
        if (q.kind == HUB_INSPECT_HOUSEHOLD)
            /* TRANSLATORS: %s is the household number as typed             */
            fprintf (stderr, _("regiehub inspect: the hub holds nothing about household %s\n"),
                     typed);
        else
            /* TRANSLATORS: %s is the message id as typed                   */
            fprintf (stderr, _("regiehub inspect: no message %s is stored or named in the audit "
                               "log\n"), typed);
    }
    hub_partners_destroy (&partners);
    json_decref (r);
    return found ? EXIT_OK : EXIT_NOT_FOUND;
}
