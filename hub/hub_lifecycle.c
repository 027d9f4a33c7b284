/*  hub_lifecycle.c - phase, transfer, release, and the timer that ends
    follow-up windows (see hub_lifecycle.h).                                */
#include "hub_regie.h"
#include "hub_lifecycle.h"
#include "hub_states.h"
#include "hub_store_households.h"

static int
s_close (hub_t *hub, hub_msg_t *msg, hub_household_t *h, const char *reason)
{
    const char *last = hub->config->taxonomy.terms [PT_PHASE][hub->config->taxonomy.count [PT_PHASE] - 1];
    uint64_t until = msg->now + (uint64_t) hub->config->follow_up_days * HUB_DAY_MS;
    if (hub_store_household_close (hub->store, h->hh, last, msg->now, until) != 0
    ||  hub_store_phase_log (hub->store, h->hh, msg->now, last, h->team, msg->author->cert.id,
                             reason) != 0)
        return -1;
    hub_notice_t n;
    memset (&n, 0, sizeof n);
    n.kind = "regie_released";
    n.team = h->team;
    n.until = until;                    /* the follow-up window's end        */
    if (hub_notify_network (hub, msg, h->hh, NULL, &n) != 0)
        return -1;
    proto_args_uint (hub_note (msg, HUB_N_REGIE_CLOSED), PROTO_ARG_UNTIL, until);
    return 0;
}

int
hub_lifecycle_phase (hub_t *hub, hub_msg_t *msg)
{
    hub_household_t h;
    int rc = hub_directed (hub, msg, &h, false);
    if (rc <= 0)
        return rc;
    char phase [PROTO_MAX_TAXON_BYTES + 1], reason [PROTO_MAX_NOTE_BYTES + 1] = "";
    proto_env_cstr (msg->env, "phase", phase, sizeof phase);
    bool has_reason = proto_env_cstr (msg->env, "reason", reason, sizeof reason);
    const proto_taxonomy_t *tax = &hub->config->taxonomy;
    int to = proto_taxonomy_index (tax, PT_PHASE, phase, strlen (phase));
    int from = proto_taxonomy_index (tax, PT_PHASE, h.phase, strlen (h.phase));
    hub_phase_step_t step;
    switch (hub_phase_move (from, to, tax->count [PT_PHASE], has_reason, &step)) {
        case HUB_MOVE_OK:
            break;
        case HUB_MOVE_NEEDS_REASON:
            {
                proto_args_t *a = hub_refuse (msg, HUB_R_PHASE_BACK_NEEDS_REASON);
                proto_args_str (a, PROTO_ARG_FROM_PHASE, h.phase);
                proto_args_str (a, PROTO_ARG_PHASE, phase);
            }
            return 0;
        default:
            proto_args_str (hub_refuse (msg, HUB_R_PHASE_ALREADY), PROTO_ARG_PHASE, phase);
            return 0;
    }
    if (step == HUB_PHASE_CLOSE)
        return s_close (hub, msg, &h, has_reason ? reason : "closed");
    if (hub_store_household_set_phase (hub->store, h.hh, phase, msg->now) != 0
    ||  hub_store_phase_log (hub->store, h.hh, msg->now, phase, h.team, msg->author->cert.id,
                             has_reason ? reason : NULL) != 0)
        return -1;
    proto_args_t *note = hub_note (msg, HUB_N_PHASE_MOVED);
    proto_args_str (note, PROTO_ARG_FROM_PHASE, h.phase);
    proto_args_str (note, PROTO_ARG_PHASE, phase);
    return 0;
}

int
hub_lifecycle_transfer (hub_t *hub, hub_msg_t *msg)
{
    hub_household_t h;
    int rc = hub_directed (hub, msg, &h, true);
    if (rc <= 0)
        return rc;
    char team_id [PROTO_MAX_PARTNER_ID_BYTES + 1], cm [PROTO_MAX_PARTNER_ID_BYTES + 1];
    char note [PROTO_MAX_NOTE_BYTES + 1];
    proto_env_cstr (msg->env, "team", team_id, sizeof team_id);
    proto_env_cstr (msg->env, "casemanager", cm, sizeof cm);
    proto_env_cstr (msg->env, "note", note, sizeof note);
    const hub_team_t *team = hub_config_team (hub->config, team_id);
    const hub_partner_t *casemanager = hub_partners_by_id (hub->partners, cm);
    if (!team) {
        proto_args_str (hub_refuse (msg, HUB_R_NO_SUCH_TEAM), PROTO_ARG_TEAM, team_id);
        return 0;
    }
    if (!casemanager || !(casemanager->cert.roles & PROTO_ROLE_REGIE)
    ||  !streq (casemanager->cert.team, team_id)) {
        proto_args_t *a = hub_refuse (msg, HUB_R_NOT_A_CASEMANAGER);
        proto_args_str (a, PROTO_ARG_CASEMANAGER, cm);
        proto_args_str (a, PROTO_ARG_TEAM, team_id);
        return 0;
    }
    if (streq (team_id, h.team) && streq (cm, h.casemanager)) {
        proto_args_t *a = hub_refuse (msg, HUB_R_HOLDS_REGIE_ALREADY);
        hub_args_partner (hub, a, PROTO_ARG_CASEMANAGER, cm, false);
        proto_args_str (a, PROTO_ARG_TEAM, team_id);
        return 0;
    }
    if (hub_store_household_transfer (hub->store, h.hh, team_id, cm, msg->now) != 0
    ||  hub_store_phase_log (hub->store, h.hh, msg->now, h.phase, team_id, msg->author->cert.id,
                             note) != 0)
        return -1;
    hub_notice_t n;
    memset (&n, 0, sizeof n);
    n.kind = "regie_transferred";
    n.object = msg->env->id;
    n.team = team_id;
    n.other_team = h.team;
    /* the new casemanager first, then the one who held it                   */
    hub_party_t casemanagers [2];
    hub_party (hub, &casemanagers [0], cm, NULL, 0);
    hub_party (hub, &casemanagers [1], h.casemanager, NULL, 0);
    n.parties = casemanagers;
    n.party_count = h.casemanager [0] ? 2 : 1;
    snprintf (n.text, sizeof n.text, "%s", note);     /* the hand-over note  */
    /* both teams are told: the two casemanagers, and each team's intake,
       which keeps track of the households its team directs (a transfer by
       a casemanager would otherwise pass its own intake by); the author
       has its receipt, and nobody is told twice                             */
    const hub_team_t *old = hub_config_team (hub->config, h.team);
    const char *told [] = { cm, h.casemanager, old ? old->intake : "", team->intake };
    size_t told_count = sizeof told / sizeof told [0];
    for (size_t i = 0; i < told_count; i++) {
        bool skip = !told [i][0] || (i > 0 && streq (told [i], msg->author->cert.id));
        for (size_t k = 0; k < i && !skip; k++)
            skip = streq (told [k], told [i]);
        if (!skip && hub_notify_msg (hub, msg, told [i], &n) != 0)
            return -1;
    }
    if (hub_notify_network (hub, msg, h.hh, cm, &n) != 0)
        return -1;
    snprintf (msg->item->to, sizeof msg->item->to, "%s", team_id);
    proto_args_t *rnote = hub_note (msg, HUB_N_REGIE_TRANSFERRED);
    proto_args_str (rnote, PROTO_ARG_TEAM, team_id);
    hub_args_partner (hub, rnote, PROTO_ARG_CASEMANAGER, cm, false);
    return 0;
}

int
hub_lifecycle_release (hub_t *hub, hub_msg_t *msg)
{
    hub_household_t h;
    int rc = hub_directed (hub, msg, &h, true);
    if (rc <= 0)
        return rc;
    char note [PROTO_MAX_NOTE_BYTES + 1];
    proto_env_cstr (msg->env, "note", note, sizeof note);
    return s_close (hub, msg, &h, note);
}

/* ---- timer (a row of hub_timers.c) ------------------------------------------ */

int
hub_lifecycle_follow_up_end (hub_t *hub, uint64_t now)
{
    /* follow-up windows that ended                                           */
    return hub_store_households_end_follow_up (hub->store, now);
}
