/*  hub_flow.c - the workflows' entry point: which handler takes which
    message type. Handlers decide; the router moves bytes.                   */
#include "hub.h"
#include "hub_regie.h"
#include "hub_signals.h"
#include "hub_referrals.h"
#include "hub_check.h"
#include "hub_lifecycle.h"
#include "hub_join.h"
#include "hub_consent.h"
#include "hub_rounds.h"
#include "hub_report.h"
#include "hub_sql.h"

typedef int (handler_fn) (hub_t *hub, hub_msg_t *msg);

static const struct {
    const char *type;
    handler_fn *handler;
    bool may_refuse;                    /* needs a savepoint to undo its work */
} s_handlers [] = {
    /* a signal is always stored and routed: hub_signals_receive refuses none */
    { "signal",             hub_signals_receive, false },
    { "referral",           hub_referrals_refer, true },
    { "decline",            hub_referrals_decline, true },
    { "claim",              hub_referrals_claim, true },
    { "regiecheck",         hub_check_answer, true },
    { "household",          hub_check_answer, true },
    { "phase",              hub_lifecycle_phase, true },
    { "transfer",           hub_lifecycle_transfer, true },
    { "release",            hub_lifecycle_release, true },
    { "link",               hub_join_link, true },
    { "move",               hub_join_move, true },
    { "unlink",             hub_join_unlink, true },
    { "consent",            hub_consent_record, true },
    { "consent_withdraw",   hub_consent_withdraw, true },
    { "priority",           hub_consent_priority, true },
    { "match_confirm",      hub_escalation_match_confirm, true },
    { "escalation_resolve", hub_escalation_resolve, true },
    { "round",              hub_rounds_schedule, true },
    { "progress",           hub_rounds_progress, true },
    { "round_held",         hub_rounds_held, true },
    { "minutes_request",    hub_rounds_minutes_request, true },
    { "agreement",          hub_rounds_agreement, true },
    { "agreement_accept",   hub_rounds_agreement_accept, true },
    { "agreement_status",   hub_rounds_agreement_status, true },
    { "team_report",        hub_report_team, true },
};

/*  Which object field names the household, and where to look it up.       */
static const struct {
    const char *type, *field, *sql;
} s_objects [] = {
    { "progress", "round", "SELECT hh FROM rounds WHERE round = ?1" },
    { "round_held", "round", "SELECT hh FROM rounds WHERE round = ?1" },
    { "minutes_request", "round", "SELECT hh FROM rounds WHERE round = ?1" },
    { "agreement_accept", "agreement", "SELECT hh FROM agreements WHERE agreement = ?1" },
    { "agreement_status", "agreement", "SELECT hh FROM agreements WHERE agreement = ?1" },
    { "match_confirm", "match", "SELECT hh FROM matches WHERE match = ?1" },
    { "escalation_resolve", "escalation", "SELECT hh FROM escalations WHERE escalation = ?1" },
};

int
hub_flow_household (hub_t *hub, hub_msg_t *msg)
{
    const proto_envelope_t *env = msg->env;
    if (env->has_person || env->has_address)
        return 0;
    for (size_t i = 0; i < sizeof s_objects / sizeof s_objects [0]; i++) {
        if (strcmp (s_objects [i].type, env->type->name) != 0)
            continue;
        uint8_t object [PROTO_ID_BYTES];
        int64_t hh = 0;
        bool found = false;
        if (!proto_env_bin (env, s_objects [i].field, object, PROTO_ID_BYTES))
            return 0;
        if (hub_sql_int (hub->store, &hh, &found, s_objects [i].sql, "b", object,
                         (size_t) PROTO_ID_BYTES) != 0)
            return -1;
        if (!found || !hh)
            return 0;
        sqlite3_stmt *st = hub_sql (hub->store,
            "SELECT ref FROM household_refs WHERE hh = ?1 ORDER BY kind DESC, added LIMIT 1", "i", hh);
        if (!st)
            return -1;
        if (sqlite3_step (st) == SQLITE_ROW)
            msg->has_household_ref = hub_sql_blob (st, 0, msg->household_ref, PROTO_REF_BYTES);
        hub_sql_done (st);
        return 0;
    }
    return 0;
}

bool
hub_flow_may_refuse (const char *type)
{
    for (size_t i = 0; i < sizeof s_handlers / sizeof s_handlers [0]; i++)
        if (strcmp (s_handlers [i].type, type) == 0)
            return s_handlers [i].may_refuse;
    return false;
}

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
    if (hub_escalation_tick (hub, now) != 0)
        return -1;
    return hub_rounds_tick (hub, now);
}
