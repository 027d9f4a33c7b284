/*  hub_inspect_household.c - everything the hub holds about one household,
    as the answer of `regiehub inspect --ref` and `--household` (see
    hub_inspect.h): each row of hub_store_inspect as an object, and the
    messages about the household as its access report finds them.          */
#include "hub_inspect_impl.h"
#include "hub_store_access.h"

#define REF     PROTO_REF_BYTES
#define ID      PROTO_ID_BYTES

/* ---- the household's rows ------------------------------------------------- */

static json_t *
s_household (const hub_inspect_household_t *h)
{
    json_t *o = json_object ();
    inspect_set (o, "id", json_integer (h->hh));
    inspect_set (o, "created", inspect_time (h->created));
    inspect_set (o, "team", inspect_text (h->team));
    inspect_set (o, "casemanager", inspect_text (h->casemanager));
    inspect_set (o, "phase", inspect_text (h->phase));
    inspect_set (o, "since", inspect_time (h->since));
    inspect_set (o, "phase_since", inspect_time (h->phase_since));
    inspect_set (o, "former_team", inspect_text (h->former_team));
    inspect_set (o, "former_casemanager", inspect_text (h->former_casemanager));
    inspect_set (o, "closed", inspect_time (h->closed_at));
    inspect_set (o, "follow_up_until", inspect_time (h->follow_up_until));
    inspect_set (o, "priority", json_boolean (h->priority));
    inspect_set (o, "referred", inspect_time (h->referred_at));
    return o;
}

typedef struct {
    json_t *refs, *former;
    bool has_first;
    uint8_t first [REF];                /* the first ref that finds it now   */
} refs_t;

static int
s_ref (void *arg, const hub_inspect_ref_t *r)
{
    refs_t *w = (refs_t *) arg;
    json_t *o = json_object ();
    inspect_set (o, "ref", inspect_hex (r->ref, REF));
    inspect_set (o, "kind", inspect_text (r->kind));
    inspect_set (o, "since", inspect_time (r->since));
    if (r->former)
        inspect_set (o, "until", inspect_time (r->until));
    else
    if (!w->has_first) {
        memcpy (w->first, r->ref, REF);
        w->has_first = true;
    }
    return inspect_append (r->former ? w->former : w->refs, o);
}

static int
s_phase (void *arg, const hub_inspect_phase_t *r)
{
    json_t *o = json_object ();
    inspect_set (o, "ts", inspect_time (r->ts));
    inspect_set (o, "phase", inspect_text (r->phase));
    inspect_set (o, "team", inspect_text (r->team));
    inspect_set (o, "author", inspect_text (r->author));
    inspect_set (o, "reason", inspect_text (r->reason));
    return inspect_append ((json_t *) arg, o);
}

static int
s_signal (void *arg, const hub_inspect_signal_t *r)
{
    json_t *o = json_object ();
    inspect_set (o, "id", r->has_id ? inspect_hex (r->id, ID) : json_null ());
    inspect_set (o, "seq", json_integer ((json_int_t) r->seq));
    inspect_set (o, "partner", inspect_text (r->partner));
    inspect_set (o, "ts", inspect_time (r->ts));
    inspect_set (o, "leefgebied", inspect_text (r->leefgebied));
    inspect_set (o, "severity", inspect_text (r->severity));
    inspect_set (o, "kind", inspect_text (r->kind));
    inspect_set (o, "recipient", inspect_text (r->recipient));
    inspect_set (o, "contact", inspect_text (r->contact));
    inspect_set (o, "led_to_regie", json_boolean (r->led_to_regie));
    inspect_set (o, "envelope_held", json_boolean (r->envelope_held));
    return inspect_append ((json_t *) arg, o);
}

static int
s_history (void *arg, const hub_inspect_history_t *r)
{
    json_t *o = json_object ();
    inspect_set (o, "partner", inspect_text (r->partner));
    inspect_set (o, "first", inspect_time (r->first_ts));
    inspect_set (o, "last", inspect_time (r->last_ts));
    inspect_set (o, "signals", json_integer (r->signals));
    inspect_set (o, "archived", inspect_time (r->archived));
    inspect_set (o, "told", json_boolean (r->told));
    return inspect_append ((json_t *) arg, o);
}

static int
s_party (void *arg, const hub_inspect_party_t *r)
{
    json_t *o = json_object ();
    inspect_set (o, "partner", inspect_text (r->partner));
    inspect_set (o, "confirmed", inspect_time (r->confirmed));
    inspect_set (o, "outcome", inspect_text (r->outcome));
    inspect_set (o, "reminded", inspect_time (r->reminded));
    inspect_set (o, "escalated", inspect_time (r->escalated));
    return inspect_append ((json_t *) arg, o);
}

typedef struct {
    hub_store_t *store;
    json_t *list;
} nested_t;

static int
s_match (void *arg, const hub_inspect_match_t *r)
{
    nested_t *w = (nested_t *) arg;
    json_t *o = json_object (), *parties = json_array ();
    inspect_set (o, "id", inspect_hex (r->match, ID));
    inspect_set (o, "created", inspect_time (r->created));
    inspect_set (o, "deadline", inspect_time (r->deadline));
    inspect_set (o, "escalate_at", inspect_time (r->escalate_at));
    inspect_set (o, "team", inspect_text (r->team));
    inspect_set (o, "parties", parties);
    if (inspect_append (w->list, o) != 0)
        return -1;
    return hub_store_inspect_match_parties (w->store, r->match, s_party, parties);
}

static int
s_referral (void *arg, const hub_inspect_referral_t *r)
{
    json_t *o = json_object ();
    inspect_set (o, "id", inspect_hex (r->id, ID));
    inspect_set (o, "seq", json_integer ((json_int_t) r->seq));
    inspect_set (o, "team", inspect_text (r->team));
    inspect_set (o, "referrer", inspect_text (r->referrer));
    inspect_set (o, "introducer", inspect_text (r->introducer));
    inspect_set (o, "ts", inspect_time (r->ts));
    inspect_set (o, "status", inspect_text (r->status));
    inspect_set (o, "decided", inspect_time (r->decided));
    inspect_set (o, "envelope_held", json_boolean (r->envelope_held));
    inspect_set (o, "decline_held", r->has_decline ? json_boolean (r->decline_held) : json_null ());
    return inspect_append ((json_t *) arg, o);
}

static int
s_consent (void *arg, const hub_inspect_consent_t *r)
{
    json_t *o = json_object ();
    inspect_set (o, "partner", inspect_text (r->partner));
    inspect_set (o, "basis", inspect_text (r->basis));
    inspect_set (o, "from", inspect_time (r->valid_from));
    inspect_set (o, "until", inspect_time (r->valid_until));
    inspect_set (o, "recorded", inspect_time (r->recorded));
    inspect_set (o, "withdrawn", inspect_time (r->withdrawn));
    return inspect_append ((json_t *) arg, o);
}

static int
s_escalation (void *arg, const hub_inspect_escalation_t *r)
{
    json_t *o = json_object ();
    inspect_set (o, "id", inspect_hex (r->escalation, ID));
    inspect_set (o, "team", inspect_text (r->team));
    inspect_set (o, "partner", inspect_text (r->partner));
    inspect_set (o, "reason", inspect_text (r->reason));
    inspect_set (o, "object", r->has_object ? inspect_hex (r->object, ID) : json_null ());
    /* the history as data (hub_escalation.h); a row from before it was
       data shows its text                                                */
    json_t *history = json_loads (r->history, JSON_REJECT_DUPLICATES, NULL);
    if (!json_is_object (history)) {
        json_decref (history);
        history = inspect_text (r->history);
    }
    inspect_set (o, "history", history);
    inspect_set (o, "created", inspect_time (r->created));
    inspect_set (o, "resolved", inspect_time (r->resolved));
    inspect_set (o, "resolved_by", inspect_text (r->resolved_by));
    inspect_set (o, "note", inspect_text (r->note));
    return inspect_append ((json_t *) arg, o);
}

static int
s_log (void *arg, const hub_inspect_log_t *r)
{
    json_t *o = json_object ();
    inspect_set (o, "ts", inspect_time (r->ts));
    inspect_set (o, "status", inspect_text (r->status));
    inspect_set (o, "author", inspect_text (r->author));
    inspect_set (o, "seq", inspect_time (r->seq));
    inspect_set (o, "note", inspect_text (r->note));
    return inspect_append ((json_t *) arg, o);
}

static int
s_agreement (void *arg, const hub_inspect_agreement_t *r)
{
    nested_t *w = (nested_t *) arg;
    json_t *o = json_object (), *log = json_array ();
    inspect_set (o, "id", inspect_hex (r->agreement, ID));
    inspect_set (o, "owner", inspect_text (r->owner));
    inspect_set (o, "regisseur", inspect_text (r->regisseur));
    inspect_set (o, "leefgebied", inspect_text (r->leefgebied));
    inspect_set (o, "action", r->action_held ? json_string (r->action) : json_null ());
    inspect_set (o, "kind", r->kind [0] ? json_string (r->kind) : json_null ());
    inspect_set (o, "due", inspect_time (r->due));
    inspect_set (o, "round", r->has_round ? inspect_hex (r->round, ID) : json_null ());
    inspect_set (o, "status", inspect_text (r->status));
    inspect_set (o, "created", inspect_time (r->created));
    inspect_set (o, "seq", inspect_time (r->seq));
    inspect_set (o, "accepted_seq", inspect_time (r->accepted_seq));
    inspect_set (o, "changed", inspect_time (r->changed));
    inspect_set (o, "reminded", inspect_time (r->reminded));
    inspect_set (o, "overdue", inspect_time (r->overdue));
    inspect_set (o, "chased", inspect_time (r->chased));
    inspect_set (o, "escalated", inspect_time (r->escalated));
    inspect_set (o, "done", inspect_time (r->done));
    inspect_set (o, "stagnations", json_integer (r->stagnations));
    inspect_set (o, "log", log);
    if (inspect_append (w->list, o) != 0)
        return -1;
    return hub_store_inspect_agreement_log (w->store, r->agreement, s_log, log);
}

static int
s_invitee (void *arg, const hub_inspect_invitee_t *r)
{
    json_t *o = json_object ();
    inspect_set (o, "partner", inspect_text (r->partner));
    inspect_set (o, "invited", json_boolean (r->invited));
    inspect_set (o, "present", json_boolean (r->present));
    return inspect_append ((json_t *) arg, o);
}

static int
s_progress (void *arg, const hub_inspect_progress_t *r)
{
    json_t *o = json_object ();
    inspect_set (o, "seq", json_integer ((json_int_t) r->seq));
    inspect_set (o, "partner", inspect_text (r->partner));
    inspect_set (o, "agreement", r->has_agreement ? inspect_hex (r->agreement, ID) : json_null ());
    inspect_set (o, "status", inspect_text (r->status));
    inspect_set (o, "note", r->note_held ? json_string (r->note) : json_null ());
    inspect_set (o, "ts", inspect_time (r->ts));
    return inspect_append ((json_t *) arg, o);
}

static int
s_round (void *arg, const hub_inspect_round_t *r)
{
    nested_t *w = (nested_t *) arg;
    json_t *o = json_object (), *partners = json_array (), *progress = json_array ();
    inspect_set (o, "id", inspect_hex (r->round, ID));
    inspect_set (o, "number", json_integer (r->number));
    inspect_set (o, "at", inspect_time (r->at));
    inspect_set (o, "regisseur", inspect_text (r->regisseur));
    inspect_set (o, "place", r->place_held ? json_string (r->place) : json_null ());
    inspect_set (o, "created", inspect_time (r->created));
    inspect_set (o, "held", inspect_time (r->held));
    inspect_set (o, "next", inspect_time (r->next));
    inspect_set (o, "reminded", inspect_time (r->reminded));
    inspect_set (o, "partners", partners);
    inspect_set (o, "progress", progress);
    if (inspect_append (w->list, o) != 0
    ||  hub_store_inspect_round_partners (w->store, r->round, s_invitee, partners) != 0)
        return -1;
    return hub_store_inspect_progress (w->store, r->round, s_progress, progress);
}

/* ---- its messages -------------------------------------------------------- */

typedef struct {
    hub_store_t *store;
    json_t *seen;                       /* hex id -> true                    */
    json_t *list;
    int64_t held, emptied;
    bool failed;
} about_t;

/*  Each message an audit entry about the household names, once.            */
static int
s_about (void *arg, const hub_access_entry_t *e)
{
    about_t *w = (about_t *) arg;
    char hex [2 * ID + 1];
    if (!e->has_object)
        return 0;
    proto_hex (hex, e->object, ID);
    if (json_object_get (w->seen, hex))
        return 0;
    json_object_set_new (w->seen, hex, json_true ());
    json_t *m = NULL;
    int rc = hub_inspect_message_row (w->store, e->object, &m);
    if (rc < 0) {
        w->failed = true;
        return -1;
    }
    if (rc == 0)
        return 0;                       /* refused: never stored             */
    if (json_is_true (json_object_get (m, "envelope_held")))
        w->held++;
    else
        w->emptied++;
    return inspect_append (w->list, m);
}

/* ---- the answer ---------------------------------------------------------- */

int
hub_inspect_household_into (hub_store_t *store, int64_t hh, const uint8_t *about, json_t *o,
                            bool *found)
{
    hub_inspect_household_t h;
    int rc = hub_store_inspect_household (store, hh, &h);
    if (rc < 0)
        return -1;
    inspect_set (o, "household_id", json_integer (hh));
    inspect_set (o, "household", rc ? s_household (&h) : json_null ());
    refs_t refs = { json_array (), json_array (), false, { 0 } };
    inspect_set (o, "refs", refs.refs);
    inspect_set (o, "former_refs", refs.former);
    if (hub_store_inspect_refs (store, hh, s_ref, &refs) != 0)
        return -1;
    static const char *lists [] = { "phases", "signals", "history", "matches", "referrals",
                                    "consent", "escalations", "agreements", "rounds", "messages" };
    json_t *l [sizeof lists / sizeof lists [0]];
    for (size_t i = 0; i < sizeof lists / sizeof lists [0]; i++)
        inspect_set (o, lists [i], l [i] = json_array ());
    nested_t matches = { store, l [3] }, agreements = { store, l [7] }, rounds = { store, l [8] };
    if (hub_store_inspect_phases (store, hh, s_phase, l [0]) != 0
    ||  hub_store_inspect_signals (store, hh, s_signal, l [1]) != 0
    ||  hub_store_inspect_history (store, hh, s_history, l [2]) != 0
    ||  hub_store_inspect_matches (store, hh, s_match, &matches) != 0
    ||  hub_store_inspect_referrals (store, hh, s_referral, l [4]) != 0
    ||  hub_store_inspect_consent (store, hh, s_consent, l [5]) != 0
    ||  hub_store_inspect_escalations (store, hh, s_escalation, l [6]) != 0
    ||  hub_store_inspect_agreements (store, hh, s_agreement, &agreements) != 0
    ||  hub_store_inspect_rounds (store, hh, s_round, &rounds) != 0)
        return -1;
    *found = rc == 1 || json_array_size (refs.refs) || json_array_size (refs.former);
    for (size_t i = 0; i < 9; i++)
        *found = *found || json_array_size (l [i]);
    /* the messages, as the access report finds them: through a ref       */
    if (!about && refs.has_first)
        about = refs.first;
    about_t w = { store, json_object (), l [9], 0, 0, false };
    rc = about ? hub_store_access_entries (store, about, s_about, &w) : 0;
    json_decref (w.seen);
    inspect_set (o, "messages_held", json_integer (w.held));
    inspect_set (o, "messages_emptied", json_integer (w.emptied));
    return rc == 0 && !w.failed ? 0 : -1;
}
