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
    hub_refuse (msg, PROTO_INVALID_STATE, "that referral was already %s", r->status);
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
        hub_refuse (msg, PROTO_NOT_FOUND, "there is no regie team \"%s\"", team_id);
        return 0;
    }
    if (!hub_partners_by_id (hub->partners, introducer)) {
        hub_refuse (msg, PROTO_NOT_FOUND, "the introducing partner \"%s\" is not in this network",
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
    hub_note (msg, "referred to the intake of team %s", team->team);
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
        hub_refuse (msg, PROTO_NOT_FOUND, "no referral with that id was made to your team");
        return 0;
    }
    /* the feedback goes out under the decline's subject: it must be the
       household referred, or the referrer learns of another household      */
    hub_household_t h;
    if (hub_regie_household (hub, msg->env, false, msg->now, &h) != 0)
        return -1;
    if (h.hh != r.hh) {
        hub_refuse (msg, PROTO_NOT_FOUND, "no referral with that id was made to your team "
                  "about this household");
        return 0;
    }
    if (s_decided (msg, &r, HUB_REFERRAL_DECLINE))
        return 0;
    if (hub_store_referral_decline (hub->store, id, msg->now, msg->seq) != 0
    ||  hub_deliver_msg (hub, msg, r.referrer) != 0)
        return -1;
    hub_note (msg, "declined; the feedback goes to the referrer %s", r.referrer);
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
        hub_refuse (msg, PROTO_FORBIDDEN, "your certificate names no regie team of this network");
        return 0;
    }
    const hub_partner_t *casemanager = hub_partners_by_id (hub->partners, cm);
    if (!casemanager || !(casemanager->cert.roles & PROTO_ROLE_REGIE)
    ||  !streq (casemanager->cert.team, me->team)) {
        hub_refuse (msg, PROTO_NOT_FOUND, "\"%s\" is not a casemanager (role regie) of team %s",
                  cm, me->team);
        return 0;
    }
    hub_household_t h;
    if (hub_regie_household (hub, env, true, msg->now, &h) != 0)
        return -1;
    /* the regiecheck, in the same transaction as the claim                  */
    if (hub_held (&h) && !streq (h.team, me->team)) {
        hub_refuse_held (hub, msg, &h, "regie is held", "");
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
            hub_refuse (msg, PROTO_NOT_FOUND, "no referral with that id was made to your team "
                      "about this household");
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
    hub_note (msg, again ? "regie stays with team %s; casemanager %s"
                       : "regie claimed for team %s; casemanager %s", me->team, cm);
    return 0;
}
