/*  hub_flow.c - the descriptor of every message type (hub_flow.h), and the
    workflows' entry point. Handlers decide; the router moves bytes.        */
#include "hub_flow.h"
#include "hub_regie.h"
#include "hub_signals.h"
#include "hub_referrals.h"
#include "hub_check.h"
#include "hub_lifecycle.h"
#include "hub_join.h"
#include "hub_consent.h"
#include "hub_escalation.h"
#include "hub_rounds.h"
#include "hub_agreements.h"
#include "hub_report.h"
#include "hub_deputy.h"
#include "hub_store_households.h"

#define COMMIT(fn, refuses)     { fn, refuses, HUB_FIND_SUBJECT, NULL, HUB_LANE_COMMIT }
#define BY(fn, find, field)     { fn, true, find, field, HUB_LANE_COMMIT }

static const hub_flow_desc_t s_desc [PROTO_TYPE_COUNT] = {
    /* a signal is always stored and routed: hub_signals_receive refuses none   */
    [PROTO_TYPE_SIGNAL]             = COMMIT (hub_signals_receive, false),
    [PROTO_TYPE_REFERRAL]           = COMMIT (hub_referrals_refer, true),
    [PROTO_TYPE_CLAIM]              = COMMIT (hub_referrals_claim, true),
    [PROTO_TYPE_DECLINE]            = COMMIT (hub_referrals_decline, true),
    [PROTO_TYPE_PHASE]              = COMMIT (hub_lifecycle_phase, true),
    [PROTO_TYPE_TRANSFER]           = COMMIT (hub_lifecycle_transfer, true),
    [PROTO_TYPE_RELEASE]            = COMMIT (hub_lifecycle_release, true),
    [PROTO_TYPE_LINK]               = COMMIT (hub_join_link, true),
    [PROTO_TYPE_MOVE]               = COMMIT (hub_join_move, true),
    [PROTO_TYPE_UNLINK]             = COMMIT (hub_join_unlink, true),
    [PROTO_TYPE_CONSENT]            = COMMIT (hub_consent_record, true),
    [PROTO_TYPE_CONSENT_WITHDRAW]   = COMMIT (hub_consent_withdraw, true),
    [PROTO_TYPE_PRIORITY]           = COMMIT (hub_consent_priority, true),
    [PROTO_TYPE_ROUND]              = COMMIT (hub_rounds_schedule, true),
    [PROTO_TYPE_AGREEMENT]          = COMMIT (hub_agreements_propose, true),
    /* a deputy concerns a casemanager, no household                         */
    [PROTO_TYPE_DEPUTY]             = { hub_deputy_name, true, HUB_FIND_NONE, NULL, HUB_LANE_COMMIT },
    [PROTO_TYPE_DEPUTY_END]         = { hub_deputy_end, true, HUB_FIND_NONE, NULL, HUB_LANE_COMMIT },
    [PROTO_TYPE_MATCH_CONFIRM]      = BY (hub_escalation_match_confirm, HUB_FIND_MATCH, "match"),
    [PROTO_TYPE_PROGRESS]           = BY (hub_rounds_progress, HUB_FIND_ROUND, "round"),
    [PROTO_TYPE_ROUND_HELD]         = BY (hub_rounds_held, HUB_FIND_ROUND, "round"),
    [PROTO_TYPE_AGREEMENT_ACCEPT]   = BY (hub_agreements_accept, HUB_FIND_AGREEMENT,
                                          "agreement"),
    [PROTO_TYPE_AGREEMENT_STATUS]   = BY (hub_agreements_status, HUB_FIND_AGREEMENT,
                                          "agreement"),
    [PROTO_TYPE_ESCALATION_RESOLVE] = BY (hub_escalation_resolve, HUB_FIND_ESCALATION,
                                          "escalation"),
    /* questions: answered in the question lane when there is other work     */
    [PROTO_TYPE_REGIECHECK]         = { hub_check_answer, true, HUB_FIND_SUBJECT, NULL,
                                        HUB_LANE_QUESTION },
    [PROTO_TYPE_HOUSEHOLD]          = { hub_check_answer, true, HUB_FIND_SUBJECT, NULL,
                                        HUB_LANE_QUESTION },
    [PROTO_TYPE_MINUTES_REQUEST]    = { hub_rounds_minutes_request, true, HUB_FIND_ROUND, "round",
                                        HUB_LANE_QUESTION },
    [PROTO_TYPE_TEAM_REPORT]        = { hub_report_team, true, HUB_FIND_NONE, NULL,
                                        HUB_LANE_QUESTION },
    /* the link's own: the router handles them before the transaction        */
    [PROTO_TYPE_ACK]                = { NULL, false, HUB_FIND_NONE, NULL, HUB_LANE_LINK },
    [PROTO_TYPE_AUDIT_SINCE]        = { NULL, false, HUB_FIND_NONE, NULL, HUB_LANE_LINK },
    /* the hub's own types are never taken from a partner: HUB_LANE_NONE     */
};

const hub_flow_desc_t *
hub_flow_desc (const proto_type_t *type)
{
    return &s_desc [proto_type_code (type)];
}

/*  The store's kind of the object a message finds its household by.       */
static bool
s_object_kind (hub_find_t find, hub_object_t *kind)
{
    switch (find) {
        case HUB_FIND_ROUND:        *kind = HUB_OBJECT_ROUND; return true;
        case HUB_FIND_AGREEMENT:    *kind = HUB_OBJECT_AGREEMENT; return true;
        case HUB_FIND_MATCH:        *kind = HUB_OBJECT_MATCH; return true;
        case HUB_FIND_ESCALATION:   *kind = HUB_OBJECT_ESCALATION; return true;
        default:                    return false;
    }
}

int
hub_flow_household (hub_t *hub, hub_msg_t *msg)
{
    const proto_envelope_t *env = msg->env;
    if (env->has_person || env->has_address)
        return 0;
    const hub_flow_desc_t *d = hub_flow_desc (env->type);
    hub_object_t kind;
    uint8_t id [PROTO_ID_BYTES];
    if (!s_object_kind (d->find, &kind) || !proto_env_bin (env, d->object, id, PROTO_ID_BYTES))
        return 0;
    int64_t hh = 0;
    int found = hub_store_object_household (hub->store, kind, id, &hh);
    if (found < 0)
        return -1;
    if (!found || !hh)
        return 0;
    uint8_t person [PROTO_REF_BYTES], address [PROTO_REF_BYTES];
    bool has_person = false, has_address = false;
    if (hub_store_household_subject (hub->store, hh, person, address, &has_person,
                                     &has_address) < 0)
        return -1;
    /* a member names the household before its address                       */
    if (has_person || has_address) {
        memcpy (msg->household_ref, has_person ? person : address, PROTO_REF_BYTES);
        msg->has_household_ref = true;
    }
    return 0;
}

int
hub_flow_apply (hub_t *hub, hub_msg_t *msg)
{
    const hub_flow_desc_t *d = hub_flow_desc (msg->env->type);
    if (d->handler)
        return d->handler (hub, msg);
    hub_note (msg, HUB_N_STORED);
    return 0;
}

int
hub_flow_tick (hub_t *hub, hub_timers_t *timers, uint64_t now)
{
    return hub_timers_run (hub, timers, now);
}
