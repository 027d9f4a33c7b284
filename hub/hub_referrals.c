/*  hub_referrals.c - referral, decline, claim (see hub_referrals.h).        */
#include "hub_regie.h"
#include "hub_referrals.h"
#include "hub_store_households.h"
#include "hub_store_signals.h"
#include "hub_states.h"
#include "proto_sign.h"

#define ID      PROTO_ID_BYTES

/*  Whether referral r was decided already (hub_states.h): then msg is
    refused saying how.                                                     */
static bool
s_decided (hub_msg_t *msg, const hub_referral_row_t *r, hub_referral_event_t event)
{
    hub_referral_state_t from, to;
    if (hub_referral_state (r->status, &from) && hub_referral_move (from, event, &to) == HUB_MOVE_OK)
        return false;
    proto_args_str (hub_refuse (msg, HUB_R_REFERRAL_DONE_ALREADY), PROTO_ARG_STATUS, r->status);
    return true;
}

int
hub_referrals_refer (hub_t *hub, hub_msg_t *msg)
{
    const proto_envelope_t *env = msg->env;
    char team_id [PROTO_MAX_PARTNER_ID_BYTES + 1], introducer [PROTO_MAX_PARTNER_ID_BYTES + 1];
    proto_env_cstr (env, "team", team_id, sizeof team_id);
    proto_env_cstr (env, "introducer", introducer, sizeof introducer);
    const hub_team_t *team = hub_config_team (hub->config, team_id);
    if (!team) {
        proto_args_str (hub_refuse (msg, HUB_R_NO_SUCH_TEAM), PROTO_ARG_TEAM, team_id);
        return 0;
    }
    if (!hub_partners_by_id (hub->partners, introducer)) {
        proto_args_str (hub_refuse (msg, HUB_R_INTRODUCER_NOT_A_PARTNER), PROTO_ARG_PARTNER,
                        introducer);
        return 0;
    }
    hub_household_t h;
    if (hub_regie_household (hub, env, true, msg->now, &h) != 0
    ||  hub_store_referral_add (hub->store, msg->seq, env->id, h.hh, team->team,
                                msg->author->cert.id, introducer, msg->now) != 0
    ||  hub_store_household_referred (hub->store, h.hh, msg->now) != 0
    ||  hub_deliver_msg (hub, msg, team->intake) != 0)
        return -1;
    snprintf (msg->item->to, sizeof msg->item->to, "%s", team->team);
    proto_args_str (hub_note (msg, HUB_N_REFERRED), PROTO_ARG_TEAM, team->team);
    return 0;
}

/*  The referral a decision is about, if it is for the author's team: 1 and
    r filled, 0 when there is none for that team, -1 on a store error.       */
static int
s_referral (hub_t *hub, hub_msg_t *msg, const uint8_t id [ID], hub_referral_row_t *r)
{
    int rc = hub_store_referral_get (hub->store, id, r);
    return rc == 1 && !streq (r->team, msg->author->cert.team) ? 0 : rc;
}

int
hub_referrals_decline (hub_t *hub, hub_msg_t *msg)
{
    uint8_t id [ID];
    hub_referral_row_t r;
    proto_env_bin (msg->env, "referral", id, ID);
    int found = s_referral (hub, msg, id, &r);
    if (found < 0)
        return -1;
    if (!found) {
        hub_refuse (msg, HUB_R_REFERRAL_NOT_YOURS);
        return 0;
    }
    /* the feedback goes out under the decline's subject: it must be the
       household referred, or the referrer learns of another household      */
    hub_household_t h;
    if (hub_regie_household (hub, msg->env, false, msg->now, &h) != 0)
        return -1;
    if (h.hh != r.hh) {
        hub_refuse (msg, HUB_R_REFERRAL_NOT_HERE);
        return 0;
    }
    if (s_decided (msg, &r, HUB_REFERRAL_DECLINE))
        return 0;
    if (hub_store_referral_decline (hub->store, id, msg->now, msg->seq) != 0
    ||  hub_deliver_msg (hub, msg, r.referrer) != 0)
        return -1;
    hub_args_partner (hub, hub_note (msg, HUB_N_DECLINED), PROTO_ARG_PARTNER, r.referrer, false);
    return 0;
}

int
hub_referrals_claim (hub_t *hub, hub_msg_t *msg)
{
    const proto_envelope_t *env = msg->env;
    const proto_cert_t *me = &msg->author->cert;
    char cm [PROTO_MAX_PARTNER_ID_BYTES + 1];
    proto_env_cstr (env, "casemanager", cm, sizeof cm);
    if (!me->team [0] || !hub_config_team (hub->config, me->team)) {
        hub_refuse (msg, HUB_R_NO_TEAM_IN_CERTIFICATE);
        return 0;
    }
    const hub_partner_t *casemanager = hub_partners_by_id (hub->partners, cm);
    if (!casemanager || !(casemanager->cert.roles & PROTO_ROLE_REGIE)
    ||  !streq (casemanager->cert.team, me->team)) {
        proto_args_t *a = hub_refuse (msg, HUB_R_NOT_A_CASEMANAGER);
        proto_args_str (a, PROTO_ARG_CASEMANAGER, cm);
        proto_args_str (a, PROTO_ARG_TEAM, me->team);
        return 0;
    }
    hub_household_t h;
    if (hub_regie_household (hub, env, true, msg->now, &h) != 0)
        return -1;
    /* the regiecheck, in the same transaction as the claim                  */
    if (hub_held (&h) && !streq (h.team, me->team)) {
        hub_refuse_held (hub, msg, &h, HUB_R_REGIE_HELD_ELSEWHERE, NULL);
        return 0;
    }
    uint8_t referral [ID];
    bool by_referral = proto_env_bin (env, "referral", referral, ID);
    hub_referral_row_t r;
    memset (&r, 0, sizeof r);
    if (by_referral) {
        int found = s_referral (hub, msg, referral, &r);
        if (found < 0)
            return -1;
        if (!found || r.hh != h.hh) {
            hub_refuse (msg, HUB_R_REFERRAL_NOT_HERE);
            return 0;
        }
        /* a referral is decided once: accepting it again would make a second
           continuity agreement, accepting a declined one contradicts the
           feedback the referrer already has (hub_states.h)                  */
        if (s_decided (msg, &r, HUB_REFERRAL_CLAIM))
            return 0;
        if (hub_store_referral_accept (hub->store, referral, msg->now) != 0)
            return -1;
    }
    bool again = hub_held (&h);
    const char *phase = hub->config->taxonomy.count [PT_PHASE] > 1
                      ? hub->config->taxonomy.terms [PT_PHASE][1]
                      : hub->config->taxonomy.terms [PT_PHASE][0];
    if (again)
        phase = h.phase;
    if (hub_store_household_claim (hub->store, h.hh, me->team, cm, phase, msg->now) != 0
    ||  (!again && hub_store_phase_log (hub->store, h.hh, msg->now, phase, me->team, me->id,
                                        "regie claimed") != 0)
    ||  hub_store_signals_part_of_case (hub->store, h.hh) != 0)
        return -1;

    hub_notice_t n;
    memset (&n, 0, sizeof n);
    n.kind = "regie_assigned";
    n.object = env->id;
    n.team = me->team;
    n.phase = phase;
    n.by = me->id;
    if (!streq (cm, me->id) && hub_notify_msg (hub, msg, cm, &n) != 0)
        return -1;
    if (by_referral && r.referrer [0]) {
        n.kind = "referral_accepted";
        n.phase = NULL;
        if (hub_notify_msg (hub, msg, r.referrer, &n) != 0)
            return -1;
    }
    /* the introducing partner commits to being available again              */
    if (by_referral && r.introducer [0]) {
        uint8_t agreement [ID];
        proto_id_new (agreement, msg->now);
        uint64_t due = msg->now + (uint64_t) hub->config->continuity_days * HUB_DAY_MS;
        memset (&n, 0, sizeof n);
        n.kind = "continuity";
        n.object = agreement;
        n.due = due;
        n.team = me->team;
        if (hub_notify (hub, r.introducer, env->has_person ? env->person : NULL,
                        env->has_address ? env->address : NULL, &n) != 0
        ||  hub_store_continuity_agreement_add (hub->store, agreement, h.hh, r.introducer, cm, due,
                                                msg->now, msg->seq, HUB_ACTOR) != 0)
            return -1;
    }
    snprintf (msg->item->to, sizeof msg->item->to, "%s", me->team);
    proto_args_t *note = hub_note (msg, again ? HUB_N_REGIE_STAYS : HUB_N_REGIE_CLAIMED);
    proto_args_str (note, PROTO_ARG_TEAM, me->team);
    hub_args_partner (hub, note, PROTO_ARG_CASEMANAGER, cm, false);
    return 0;
}
