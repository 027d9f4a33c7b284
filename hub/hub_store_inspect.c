/*  hub_store_inspect.c - the inspect repository's functions: each checks for
    an injected fault and calls the backend's (hub_store_backend.h).        */
#include "hub_store_backend.h"

int
hub_store_inspect_household (hub_store_t *store, int64_t hh, hub_inspect_household_t *out)
{
    HUB_STORE_CALL (store, inspect, inspect_household, hh, out);
}

int
hub_store_inspect_refs (hub_store_t *store, int64_t hh, hub_inspect_ref_fn *fn, void *arg)
{
    HUB_STORE_CALL (store, inspect, inspect_refs, hh, fn, arg);
}

int
hub_store_inspect_phases (hub_store_t *store, int64_t hh, hub_inspect_phase_fn *fn, void *arg)
{
    HUB_STORE_CALL (store, inspect, inspect_phases, hh, fn, arg);
}

int
hub_store_inspect_signals (hub_store_t *store, int64_t hh, hub_inspect_signal_fn *fn, void *arg)
{
    HUB_STORE_CALL (store, inspect, inspect_signals, hh, fn, arg);
}

int
hub_store_inspect_history (hub_store_t *store, int64_t hh, hub_inspect_history_fn *fn, void *arg)
{
    HUB_STORE_CALL (store, inspect, inspect_history, hh, fn, arg);
}

int
hub_store_inspect_matches (hub_store_t *store, int64_t hh, hub_inspect_match_fn *fn, void *arg)
{
    HUB_STORE_CALL (store, inspect, inspect_matches, hh, fn, arg);
}

int
hub_store_inspect_match_parties (hub_store_t *store, const uint8_t match [PROTO_ID_BYTES],
                                 hub_inspect_party_fn *fn, void *arg)
{
    HUB_STORE_CALL (store, inspect, inspect_match_parties, match, fn, arg);
}

int
hub_store_inspect_referrals (hub_store_t *store, int64_t hh, hub_inspect_referral_fn *fn,
                             void *arg)
{
    HUB_STORE_CALL (store, inspect, inspect_referrals, hh, fn, arg);
}

int
hub_store_inspect_consent (hub_store_t *store, int64_t hh, hub_inspect_consent_fn *fn, void *arg)
{
    HUB_STORE_CALL (store, inspect, inspect_consent, hh, fn, arg);
}

int
hub_store_inspect_escalations (hub_store_t *store, int64_t hh, hub_inspect_escalation_fn *fn,
                               void *arg)
{
    HUB_STORE_CALL (store, inspect, inspect_escalations, hh, fn, arg);
}

int
hub_store_inspect_agreements (hub_store_t *store, int64_t hh, hub_inspect_agreement_fn *fn,
                              void *arg)
{
    HUB_STORE_CALL (store, inspect, inspect_agreements, hh, fn, arg);
}

int
hub_store_inspect_agreement_log (hub_store_t *store, const uint8_t agreement [PROTO_ID_BYTES],
                                 hub_inspect_log_fn *fn, void *arg)
{
    HUB_STORE_CALL (store, inspect, inspect_agreement_log, agreement, fn, arg);
}

int
hub_store_inspect_rounds (hub_store_t *store, int64_t hh, hub_inspect_round_fn *fn, void *arg)
{
    HUB_STORE_CALL (store, inspect, inspect_rounds, hh, fn, arg);
}

int
hub_store_inspect_round_partners (hub_store_t *store, const uint8_t round [PROTO_ID_BYTES],
                                  hub_inspect_invitee_fn *fn, void *arg)
{
    HUB_STORE_CALL (store, inspect, inspect_round_partners, round, fn, arg);
}

int
hub_store_inspect_progress (hub_store_t *store, const uint8_t round [PROTO_ID_BYTES],
                            hub_inspect_progress_fn *fn, void *arg)
{
    HUB_STORE_CALL (store, inspect, inspect_progress, round, fn, arg);
}

int
hub_store_inspect_message (hub_store_t *store, const uint8_t id [PROTO_ID_BYTES],
                           hub_inspect_message_fn *fn, void *arg)
{
    HUB_STORE_CALL (store, inspect, inspect_message, id, fn, arg);
}

int
hub_store_inspect_queued_for (hub_store_t *store, uint64_t seq, hub_inspect_recipient_fn *fn,
                              void *arg)
{
    HUB_STORE_CALL (store, inspect, inspect_queued_for, seq, fn, arg);
}

int
hub_store_inspect_audit_of (hub_store_t *store, const uint8_t id [PROTO_ID_BYTES],
                            hub_audit_fn *fn, void *arg)
{
    HUB_STORE_CALL (store, inspect, inspect_audit_of, id, fn, arg);
}
