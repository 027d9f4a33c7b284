/*  hub_report.c - the aggregates and the team report (see hub_report.h).  */
#include "hub_report.h"
#include "hub_regie.h"
#include "hub_store_report.h"
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

typedef struct {
    const char *team;
    uint64_t from, until;
    bool has_from, has_until;
    const char *figures;
} team_answer_t;

static int
s_fill_report (proto_writer_t *w, void *arg)
{
    const team_answer_t *a = (const team_answer_t *) arg;
    proto_pack_kv_cstr (w, "team", a->team);
    if (a->has_from)
        proto_pack_kv_u64 (w, "from", a->from);
    if (a->has_until)
        proto_pack_kv_u64 (w, "until", a->until);
    proto_pack_kv_cstr (w, "figures", a->figures);
    return 0;
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
        hub_refuse (msg, HUB_R_NO_TEAM_IN_CERTIFICATE);
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
        hub_refuse (msg, HUB_R_REPORT_TOO_BIG);
    else
    if (hub_audit_msg (hub, msg, "team_report", "answered") == 0) {
        hub_note (msg, HUB_N_ANSWERED);
        rc = hub_answer (hub, msg, "report", 2 + (a.has_from ? 1 : 0) + (a.has_until ? 1 : 0),
                         s_fill_report, &a);
    }
    if (msg->refuse != PROTO_OK)
        rc = 0;
    free (text);
    return rc;
}
