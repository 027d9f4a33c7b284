/*  hub_flow.c - the workflows' entry point: which handler takes which
    message type. Handlers decide; the router moves bytes.                   */
#include "hub.h"
#include "hub_regie.h"
#include "hub_rounds.h"
#include "hub_report.h"

typedef int (handler_fn) (hub_t *hub, hub_msg_t *msg);

static const struct {
    const char *type;
    handler_fn *handler;
} s_handlers [] = {
    { "signal",             hub_regie_signal },
    { "referral",           hub_regie_referral },
    { "decline",            hub_regie_decline },
    { "claim",              hub_regie_claim },
    { "regiecheck",         hub_regie_check },
    { "household",          hub_regie_check },
    { "phase",              hub_regie_phase },
    { "transfer",           hub_regie_transfer },
    { "release",            hub_regie_release },
    { "link",               hub_regie_link },
    { "move",               hub_regie_move },
    { "consent",            hub_regie_consent },
    { "consent_withdraw",   hub_regie_consent_withdraw },
    { "priority",           hub_regie_priority },
    { "match_confirm",      hub_regie_match_confirm },
    { "escalation_resolve", hub_regie_escalation_resolve },
    { "round",              hub_rounds_schedule },
    { "progress",           hub_rounds_progress },
    { "round_held",         hub_rounds_held },
    { "minutes_request",    hub_rounds_minutes_request },
    { "agreement",          hub_rounds_agreement },
    { "agreement_accept",   hub_rounds_agreement_accept },
    { "agreement_status",   hub_rounds_agreement_status },
    { "team_report",        hub_report_team },
};

int
hub_flow_apply (hub_t *hub, hub_msg_t *msg)
{
    const char *type = msg->env->type->name;
    for (size_t i = 0; i < sizeof s_handlers / sizeof s_handlers [0]; i++)
        if (strcmp (s_handlers [i].type, type) == 0)
            return s_handlers [i].handler (hub, msg);
    snprintf (msg->item->note, sizeof msg->item->note, "stored");
    return 0;
}

int
hub_flow_tick (hub_t *hub, uint64_t now)
{
    if (hub_regie_tick (hub, now) != 0)
        return -1;
    return hub_rounds_tick (hub, now);
}
