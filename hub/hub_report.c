/*  hub_report.c - reports, access report, retention (see hub_report.h).   */
#include "hub_report.h"
#include "hub_regie.h"
#include "hub_store_access.h"
#include "hub_store_report.h"
#include "hub_store_retention.h"
#include "proto_sign.h"

/*  Each key of a breakdown into a JSON object.                              */
static int
s_count_into (void *arg, const char *key, int64_t count)
{
    json_object_set_new ((json_t *) arg, key ? key : "(none)", json_integer (count));
    return 0;
}

json_t *
hub_report (hub_store_t *store, const hub_config_t *config, uint64_t from, uint64_t until,
            const char *team)
{
    json_t *r = json_object ();
    json_object_set_new (r, "from", json_integer ((json_int_t) from));
    json_object_set_new (r, "until", json_integer ((json_int_t) until));
    json_object_set_new (r, "team", team ? json_string (team) : json_null ());
    json_t *per_leefgebied = json_object (), *per_partner = json_object ();
    json_t *per_phase = json_object (), *caseload = json_object ();
    json_object_set_new (r, "signals_per_leefgebied", per_leefgebied);
    json_object_set_new (r, "signals_per_partner", per_partner);
    json_object_set_new (r, "households_per_phase", per_phase);
    json_object_set_new (r, "caseload_per_casemanager", caseload);
    hub_referral_figures_t referrals;
    hub_agreement_figures_t agreements;
    hub_round_figures_t rounds;
    hub_escalation_figures_t escalations;
    hub_match_figures_t matches;
    if (hub_store_report_signals_per_leefgebied (store, from, until, team, s_count_into,
                                                 per_leefgebied) != 0
    ||  hub_store_report_signals_per_partner (store, from, until, team, s_count_into, per_partner) != 0
    ||  hub_store_report_households_per_phase (store, team, s_count_into, per_phase) != 0
    ||  hub_store_report_caseload_per_casemanager (store, team, s_count_into, caseload) != 0
    ||  hub_store_report_referrals (store, from, until, team, &referrals) != 0
    ||  hub_store_report_agreements (store, from, until, team, &agreements) != 0
    ||  hub_store_report_rounds (store, from, until, team, &rounds) != 0
    ||  hub_store_report_escalations (store, from, until, team, &escalations) != 0
    ||  hub_store_report_matches (store, from, until, team, &matches) != 0) {
        json_decref (r);
        return NULL;
    }
    json_t *ref = json_object ();
    json_object_set_new (ref, "accepted", json_integer (referrals.accepted));
    json_object_set_new (ref, "declined", json_integer (referrals.declined));
    json_object_set_new (ref, "mean_days_to_acceptance", referrals.accepted
        ? json_real ((double) referrals.accepted_ms / (double) referrals.accepted / (double) HUB_DAY_MS)
        : json_null ());
    json_object_set_new (r, "referrals", ref);
    json_t *ag = json_object ();
    json_object_set_new (ag, "due", json_integer (agreements.due));
    json_object_set_new (ag, "done_on_time", json_integer (agreements.done_on_time));
    json_object_set_new (ag, "share_done_on_time", agreements.due
        ? json_real ((double) agreements.done_on_time / (double) agreements.due) : json_null ());
    json_object_set_new (ag, "stagnations", json_integer (agreements.stagnations));
    json_object_set_new (ag, "overdue_now", json_integer (agreements.overdue_now));
    json_object_set_new (r, "agreements", ag);
    json_object_set_new (r, "rounds", json_pack ("{sIsI}", "due", (json_int_t) rounds.due,
                                                 "held", (json_int_t) rounds.held));
    json_object_set_new (r, "escalations", json_pack ("{sIsI}", "raised", (json_int_t) escalations.raised,
                                                      "open", (json_int_t) escalations.open));
    json_object_set_new (r, "matches", json_pack ("{sIsIsI}", "made", (json_int_t) matches.made,
        "parties_unconfirmed", (json_int_t) matches.parties_unconfirmed,
        "parties_escalated", (json_int_t) matches.parties_escalated));
    (void) config;
    return r;
}

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

json_t *
hub_retention (hub_store_t *store, const hub_config_t *config, uint64_t now, bool dry_run)
{
    uint64_t expiry = (uint64_t) config->signal_expiry_days * HUB_DAY_MS;
    uint64_t keep = (uint64_t) config->history_days * HUB_DAY_MS;
    hub_retention_cutoffs_t at = {
        .now = now,
        .signals_before = now > expiry ? now - expiry : 0,
        .history_before = now > keep ? now - keep : 0,
        .follow_up_ms = (uint64_t) config->follow_up_days * HUB_DAY_MS,
    };
    hub_retention_counts_t n;
    if (hub_store_retention_gather (store, &at, &n) != 0)
        return NULL;
    json_t *r = json_object ();
    json_object_set_new (r, "signals_expired", json_integer (n.signals_expired));
    json_object_set_new (r, "history_removed", json_integer (n.history_removed));
    json_object_set_new (r, "referrals_expired", json_integer (n.referrals_expired));
    json_object_set_new (r, "households_forgotten", json_integer (n.households_forgotten));
    json_object_set_new (r, "households_reduced", json_integer (n.households_reduced));
    json_object_set_new (r, "messages_emptied", json_integer (n.messages_emptied));
    if (!dry_run && hub_store_retention_remove (store, &at) != 0) {
        json_decref (r);
        return NULL;
    }
    return r;
}

typedef struct {
    const char *team;
    uint64_t from, until;
    bool has_from, has_until;
    const char *figures;
} team_answer_t;

static void
s_fill_report (proto_writer_t *w, void *arg)
{
    const team_answer_t *a = (const team_answer_t *) arg;
    proto_pack_kv_cstr (w, "team", a->team);
    if (a->has_from)
        proto_pack_kv_u64 (w, "from", a->from);
    if (a->has_until)
        proto_pack_kv_u64 (w, "until", a->until);
    proto_pack_kv_cstr (w, "figures", a->figures);
}

static int
s_open_escalation (void *arg, const hub_open_escalation_t *e)
{
    char hex [2 * PROTO_ID_BYTES + 1] = "";
    if (e->has_id)
        proto_hex (hex, e->escalation, PROTO_ID_BYTES);
    json_array_append_new ((json_t *) arg, json_pack ("{sssssssI}", "escalation", hex, "reason",
                                                      e->reason, "to", e->to, "created",
                                                      (json_int_t) e->created));
    return 0;
}

int
hub_report_team (hub_t *hub, hub_msg_t *msg)
{
    const proto_cert_t *me = &msg->author->cert;
    if (!me->team [0] || !hub_config_team (hub->config, me->team)) {
        hub_refuse (msg, PROTO_FORBIDDEN, "your certificate names no regie team of this network");
        return 0;
    }
    team_answer_t a;
    memset (&a, 0, sizeof a);
    a.team = me->team;
    a.has_from = proto_env_u64 (msg->env, "from", &a.from);
    a.has_until = proto_env_u64 (msg->env, "until", &a.until);
    json_t *r = hub_report (hub->store, hub->config, a.has_from ? a.from : 0,
                            a.has_until ? a.until : PROTO_TIME_MAX_MS, me->team);
    if (!r)
        return -1;
    /* the open escalations, so the team sees what waits for doorzettingsmacht */
    json_t *open = json_array ();
    json_object_set_new (r, "open_escalations", open);
    if (hub_store_report_open_escalations (hub->store, me->team, HUB_REPORT_MAX_OPEN,
                                           s_open_escalation, open) != 0) {
        json_decref (r);
        return -1;
    }
    char *text = json_dumps (r, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref (r);
    if (!text)
        return -1;
    a.figures = text;
    int rc = -1;
    if (strlen (text) > PROTO_MAX_REPORT_BYTES)
        hub_refuse (msg, PROTO_TOO_BIG, "the report is too large; ask for a shorter period");
    else
    if (hub_audit_msg (hub, msg, "team_report", "answered") == 0) {
        hub_note (msg, "answered");
        rc = hub_answer (hub, msg, "report", 2 + (a.has_from ? 1 : 0) + (a.has_until ? 1 : 0),
                         s_fill_report, &a);
    }
    if (msg->refuse != PROTO_OK)
        rc = 0;
    free (text);
    return rc;
}
