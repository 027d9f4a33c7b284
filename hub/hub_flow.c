/*  hub_flow.c - the workflows' entry point: which handler takes which
    message type. Handlers decide; the router moves bytes.                   */
#include "hub.h"
#include "hub_regie.h"
#include "hub_rounds.h"
#include "hub_report.h"
#include "hub_sql.h"

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
    /* a signal is always stored and routed (hub_regie_signal refuses none) */
    if (strcmp (type, "signal") == 0)
        return false;
    for (size_t i = 0; i < sizeof s_handlers / sizeof s_handlers [0]; i++)
        if (strcmp (s_handlers [i].type, type) == 0)
            return true;
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
    if (hub_regie_tick (hub, now) != 0)
        return -1;
    return hub_rounds_tick (hub, now);
}
