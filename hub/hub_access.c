/*  hub_access.c - the access report for one household (see hub_access.h):
    the audit entries hub_store_access finds, as rows a person can read.    */
#include "hub_access.h"
#include "hub_store_access.h"
#include "proto_sign.h"

/*  One row of the access report; from, when not NULL, is who sent what
    partner received.                                                        */
static void
s_access_row (json_t *rows, int64_t ts, const char *from, const char *partner,
              const char *action, const char *result, const char *object)
{
    json_t *o = json_object ();
    if (from)
        json_object_set_new (o, "from", json_string (from));
    json_object_set_new (o, "ts", json_integer (ts));
    json_object_set_new (o, "partner", json_string (partner));
    json_object_set_new (o, "action", json_string (action));
    json_object_set_new (o, "result", json_string (result));
    json_object_set_new (o, "object", json_string (object));
    json_array_append_new (rows, o);
}

/*  The recipients a message's own entry names ("stored; to a, b"), or NULL. */
static const char *
s_access_to (const char *result)
{
    static const char *forms [] = { "stored; to ", "repeated; to " };
    for (size_t i = 0; i < sizeof forms / sizeof forms [0]; i++)
        if (strncmp (result, forms [i], strlen (forms [i])) == 0)
            return result + strlen (forms [i]);
    return NULL;
}

/*  Turns one audit entry into the report's rows: the entry itself, and a
    row for each receiver of a message it passed on.                          */
static int
s_access_entry (void *arg, const hub_access_entry_t *e)
{
    json_t *rows = (json_t *) arg;
    char hex [2 * PROTO_ID_BYTES + 1] = "", received [64];
    if (e->has_object)
        proto_hex (hex, e->object, PROTO_ID_BYTES);
    int64_t ts = (int64_t) e->ts;
    /* a message passed on is something each receiver received: name
       them, so the household sees every receiver, not only the sender      */
    snprintf (received, sizeof received, "received %.50s", e->type [0] ? e->type : e->action);
    if ((streq (e->action, "queued") || streq (e->actor, HUB_ACTOR)) && strncmp (e->result, "to ", 3) == 0) {
        /* one entry per receiver: the hub's own messages, and every
           delivery in stores written before a message's entry named them   */
        s_access_row (rows, ts, e->actor, e->result + 3, received, e->result, hex);
        return 0;
    }
    s_access_row (rows, ts, NULL, e->actor, e->action, e->result, hex);
    const char *list = s_access_to (e->result);
    while (list && *list) {
        size_t n = strcspn (list, ",");
        char to [PROTO_MAX_PARTNER_ID_BYTES + 4];
        snprintf (to, sizeof to, "to %.*s", (int) (n < PROTO_MAX_PARTNER_ID_BYTES
                                                  ? n : PROTO_MAX_PARTNER_ID_BYTES), list);
        if (n)
            s_access_row (rows, ts, e->actor, to + 3, received, to, hex);
        list += n;
        list += strspn (list, ", ");
    }
    return 0;
}

json_t *
hub_access_report (hub_store_t *store, const uint8_t ref [PROTO_REF_BYTES])
{
    json_t *rows = json_array ();
    if (hub_store_access_entries (store, ref, s_access_entry, rows) != 0) {
        json_decref (rows);
        return NULL;
    }
    return rows;
}

/* ---- the report for a person ------------------------------------------ */

/*  What each message type is, in the words of the report.                  */
typedef struct {
    const char *type;
    const char *words;
} access_word_t;

static const access_word_t s_words [] = {
    /* TRANSLATORS: what a partner did (or what it received) about a
       household, in the access report (inzage): one message type each     */
    { "signal",             N_("signal") },
    { "referral",           N_("referral") },
    { "claim",              N_("regie taken on") },
    { "decline",            N_("referral declined") },
    { "regiecheck",         N_("regiecheck") },
    { "phase",              N_("phase changed") },
    { "transfer",           N_("regie transferred") },
    { "release",            N_("regie ended") },
    { "link",               N_("member or address linked") },
    { "move",               N_("moved to a new address") },
    { "unlink",             N_("member or address taken off") },
    { "consent",            N_("basis for sharing recorded") },
    { "consent_withdraw",   N_("basis for sharing withdrawn") },
    { "priority",           N_("priority list") },
    { "match_confirm",      N_("contact confirmed on a match") },
    { "round",              N_("coordination round planned") },
    { "progress",           N_("progress report") },
    { "round_held",         N_("coordination round held") },
    { "agreement",          N_("agreement") },
    { "agreement_accept",   N_("agreement accepted") },
    { "agreement_status",   N_("agreement's status") },
    { "escalation_resolve", N_("escalation resolved") },
    { "household",          N_("household looked up") },
    { "minutes_request",    N_("minutes asked for again") },
    { "team_report",        N_("team report asked for") },
    { "regiecheck_answer",  N_("regiecheck answered") },
    { "notice",             N_("notice") },
    { "minutes",            N_("minutes") },
    { "report",             N_("team report") },
    /* the audit log's own actions about a household                         */
    { "linked",             N_("member or address linked") },
    { "unlinked",           N_("member or address taken off") },
    { "moved_in",           N_("moved to a new address") },
    { "match",              N_("match") },
};

/*  The words for a type or action, or NULL.                                 */
static const char *
s_words_of (const char *type)
{
    for (size_t i = 0; i < sizeof s_words / sizeof s_words [0]; i++)
        if (streq (s_words [i].type, type))
            return _(s_words [i].words);
    return NULL;
}

/*  The audit log's results, as the workflows write them, in words.         */
typedef struct {
    const char *result;                 /* the whole result, or its start    */
    bool prefix;                        /* ... followed by a list or a code  */
    const char *words;                  /* with %s for what follows          */
} access_result_t;

static const access_result_t s_results [] = {
    /* TRANSLATORS: what came of a message in the access report; %s is a
       list of partner ids, a team id or a refusal code                      */
    { "stored; to ",            true,  N_("stored; to %s") },
    { "stored",                 false, N_("stored") },
    { "repeated; to ",          true,  N_("received again; to %s") },
    { "repeated",               false, N_("received again") },
    { "refused: ",              true,  N_("refused: %s") },
    { "answered",               false, N_("answered") },
    { "held by ",               true,  N_("regie held by team %s") },
    { "not held",               false, N_("no regie held") },
    { "withheld: no relation",  false, N_("not told: no relation to the household") },
    { "match notice sent",      false, N_("match notice sent") },
    { "linked to a household; joined with it", false,
                                       N_("linked to a household and joined with it") },
    { "linked to a household",  false, N_("linked to a household") },
    { "taken off a household",  false, N_("taken off a household") },
    { "a household's new address", false, N_("a household's new address") },
};

static void
s_result_words (char *out, size_t outlen, const char *result)
{
    for (size_t i = 0; i < sizeof s_results / sizeof s_results [0]; i++) {
        const access_result_t *r = &s_results [i];
        size_t n = strlen (r->result);
        if (r->prefix ? strncmp (result, r->result, n) == 0 && result [n]
                      : streq (result, r->result)) {
            /* the table's texts hold one %s or none (msgfmt --check keeps
               the translations so)                                         */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
            snprintf (out, outlen, _(r->words), r->prefix ? result + n : "");
#pragma GCC diagnostic pop
            return;
        }
    }
    snprintf (out, outlen, "%s", result);
}

/*  A partner, or the hub itself, by name.                                   */
static void
s_who (char *out, size_t outlen, const hub_partners_t *partners, const char *id)
{
    if (id && streq (id, HUB_ACTOR))
        snprintf (out, outlen, "%s", _("the hub"));
    else
        hub_partners_label (partners, id, out, outlen);
}

/*  One line of the table, its columns aligned whatever the characters.     */
static void
s_row (FILE *out, const char *when, const char *who, const char *what, const char *result)
{
    fprintf (out, "%-*s %-*s %-*s %s\n", (int) proto_lang_pad (when, 24), when,
             (int) proto_lang_pad (who, 36), who, (int) proto_lang_pad (what, 32), what, result);
}

void
hub_access_print (FILE *out, json_t *rows, const hub_partners_t *partners)
{
    fprintf (out, "%s\n", _("Access report (inzage): who sent, received or looked up something about "
                            "this household"));
    /* TRANSLATORS: the column heads of the access report                    */
    s_row (out, _("WHEN"), _("PARTNER"), _("WHAT"), _("RESULT"));
    size_t i;
    json_t *o;
    json_array_foreach (rows, i, o) {
        char when [PROTO_LANG_DATE_CHARS], who [PROTO_MAX_NAME_BYTES + PROTO_MAX_PARTNER_ID_BYTES + 8];
        char what [HUB_ACCESS_WORD_BYTES + 64], result [PROTO_MAX_NOTE_BYTES + 128];
        proto_lang_time_long (when, (uint64_t) json_integer_value (json_object_get (o, "ts")));
        s_who (who, sizeof who, partners, json_string_value (json_object_get (o, "partner")));
        const char *action = json_string_value (json_object_get (o, "action"));
        const char *from = json_string_value (json_object_get (o, "from"));
        action = action ? action : "";
        if (from && strncmp (action, "received ", 9) == 0) {
            /* a row of a receiver: what it received, from whom             */
            const char *words = s_words_of (action + 9);
            /* TRANSLATORS: %s is what was received, e.g. "signal"          */
            snprintf (what, sizeof what, _("received: %s"), words ? words : action + 9);
            char sender [sizeof who];
            s_who (sender, sizeof sender, partners, from);
            /* TRANSLATORS: %s is who sent what the partner received        */
            snprintf (result, sizeof result, _("from %s"), sender);
        }
        else {
            const char *words = s_words_of (action);
            snprintf (what, sizeof what, "%s", words ? words : action);
            const char *r = json_string_value (json_object_get (o, "result"));
            s_result_words (result, sizeof result, r ? r : "");
        }
        s_row (out, when, who, what, result);
    }
    fprintf (out, ngettext ("%zu entry\n", "%zu entries\n", json_array_size (rows)),
             json_array_size (rows));
}
