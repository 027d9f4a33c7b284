/*  hub_store_signals.c - the signals repository's functions: each checks for an
    injected fault and calls the backend's (hub_store_backend.h).            */
#include "hub_store_backend.h"

int
hub_store_signal_add (hub_store_t *store, const hub_signal_row_t *row)
{
    HUB_STORE_CALL (store, signals, signal_add, row);
}

int
hub_store_signals_unseen (hub_store_t *store, const char *severity, uint64_t before,
                          hub_signal_unseen_t *out, size_t max, size_t *count)
{
    HUB_STORE_CALL (store, signals, signals_unseen, severity, before, out, max, count);
}

int
hub_store_signals_seen_late (hub_store_t *store, hub_signal_unseen_t *out, size_t max,
                             size_t *count)
{
    HUB_STORE_CALL (store, signals, signals_seen_late, out, max, count);
}

int
hub_store_signal_unseen_told (hub_store_t *store, uint64_t seq, uint64_t now)
{
    HUB_STORE_CALL (store, signals, signal_unseen_told, seq, now);
}

int
hub_store_signal_seen_told (hub_store_t *store, uint64_t seq, uint64_t now)
{
    HUB_STORE_CALL (store, signals, signal_seen_told, seq, now);
}

int
hub_store_signal_count (hub_store_t *store, int64_t hh, int64_t *count)
{
    HUB_STORE_CALL (store, signals, signal_count, hh, count);
}

int
hub_store_signal_partners_since (hub_store_t *store, int64_t hh, uint64_t since,
                                 hub_signal_party_t *out, size_t max, size_t *count)
{
    HUB_STORE_CALL (store, signals, signal_partners_since, hh, since, out, max, count);
}

int
hub_store_signal_partners_involved (hub_store_t *store, int64_t hh, hub_signal_party_t *out,
                                    size_t max, size_t *count)
{
    HUB_STORE_CALL (store, signals, signal_partners_involved, hh, out, max, count);
}

int
hub_store_signal_recipients (hub_store_t *store, int64_t hh, const char *except, const char *also,
                             char (*out) [PROTO_MAX_PARTNER_ID_BYTES + 1], size_t max,
                             size_t *count)
{
    HUB_STORE_CALL (store, signals, signal_recipients, hh, except, also, out, max, count);
}

int
hub_store_signal_envelopes (hub_store_t *store, int64_t hh, hub_signal_envelope_fn *fn, void *arg)
{
    HUB_STORE_CALL (store, signals, signal_envelopes, hh, fn, arg);
}

int
hub_store_signal_move (hub_store_t *store, uint64_t seq, int64_t hh)
{
    HUB_STORE_CALL (store, signals, signal_move, seq, hh);
}

int
hub_store_signals_part_of_case (hub_store_t *store, int64_t hh)
{
    HUB_STORE_CALL (store, signals, signals_part_of_case, hh);
}

int
hub_store_archive_untold (hub_store_t *store, int64_t hh, hub_signal_party_t *out, size_t max,
                          size_t *count)
{
    HUB_STORE_CALL (store, signals, archive_untold, hh, out, max, count);
}

int
hub_store_archive_told (hub_store_t *store, int64_t hh)
{
    HUB_STORE_CALL (store, signals, archive_told, hh);
}

int
hub_store_match_add (hub_store_t *store, const uint8_t match [PROTO_ID_BYTES], int64_t hh,
                     uint64_t created, uint64_t deadline, uint64_t escalate_at, const char *team)
{
    HUB_STORE_CALL (store, signals, match_add, match, hh, created, deadline, escalate_at, team);
}

int
hub_store_match_party_add (hub_store_t *store, const uint8_t match [PROTO_ID_BYTES],
                           const char *partner)
{
    HUB_STORE_CALL (store, signals, match_party_add, match, partner);
}

int
hub_store_match_get (hub_store_t *store, const uint8_t match [PROTO_ID_BYTES], hub_match_row_t *out)
{
    HUB_STORE_CALL (store, signals, match_get, match, out);
}

int
hub_store_match_party (hub_store_t *store, const uint8_t match [PROTO_ID_BYTES],
                       const char *partner, hub_match_party_t *out)
{
    HUB_STORE_CALL (store, signals, match_party, match, partner, out);
}

int
hub_store_match_since_names (hub_store_t *store, int64_t hh, const char *partner, uint64_t since)
{
    HUB_STORE_CALL (store, signals, match_since_names, hh, partner, since);
}

int
hub_store_match_since_names_all (hub_store_t *store, int64_t hh, uint64_t since)
{
    HUB_STORE_CALL (store, signals, match_since_names_all, hh, since);
}

int
hub_store_match_confirm_all (hub_store_t *store, const uint8_t match [PROTO_ID_BYTES], uint64_t now,
                             const char *outcome)
{
    HUB_STORE_CALL (store, signals, match_confirm_all, match, now, outcome);
}

int
hub_store_match_confirm_party (hub_store_t *store, const uint8_t match [PROTO_ID_BYTES],
                               const char *partner, uint64_t now, const char *outcome)
{
    HUB_STORE_CALL (store, signals, match_confirm_party, match, partner, now, outcome);
}

int
hub_store_match_parties_to_remind (hub_store_t *store, uint64_t now, hub_match_due_t *out,
                                   size_t max, size_t *count)
{
    HUB_STORE_CALL (store, signals, match_parties_to_remind, now, out, max, count);
}

int
hub_store_match_parties_to_escalate (hub_store_t *store, uint64_t now, hub_match_due_t *out,
                                     size_t max, size_t *count)
{
    HUB_STORE_CALL (store, signals, match_parties_to_escalate, now, out, max, count);
}

int
hub_store_match_party_reminded (hub_store_t *store, const uint8_t match [PROTO_ID_BYTES],
                                const char *partner, uint64_t now)
{
    HUB_STORE_CALL (store, signals, match_party_reminded, match, partner, now);
}

int
hub_store_match_party_escalated (hub_store_t *store, const uint8_t match [PROTO_ID_BYTES],
                                 const char *partner, uint64_t now)
{
    HUB_STORE_CALL (store, signals, match_party_escalated, match, partner, now);
}

int
hub_store_referral_add (hub_store_t *store, uint64_t seq, const uint8_t id [PROTO_ID_BYTES],
                        int64_t hh, const char *team, const char *referrer, const char *introducer,
                        uint64_t ts)
{
    HUB_STORE_CALL (store, signals, referral_add, seq, id, hh, team, referrer, introducer, ts);
}

int
hub_store_referral_get (hub_store_t *store, const uint8_t id [PROTO_ID_BYTES],
                        hub_referral_row_t *out)
{
    HUB_STORE_CALL (store, signals, referral_get, id, out);
}

int
hub_store_referral_decline (hub_store_t *store, const uint8_t id [PROTO_ID_BYTES], uint64_t now,
                            uint64_t seq)
{
    HUB_STORE_CALL (store, signals, referral_decline, id, now, seq);
}

int
hub_store_referral_accept (hub_store_t *store, const uint8_t id [PROTO_ID_BYTES], uint64_t now)
{
    HUB_STORE_CALL (store, signals, referral_accept, id, now);
}

int
hub_store_continuity_agreement_add (hub_store_t *store, const uint8_t agreement [PROTO_ID_BYTES],
                                    int64_t hh, const char *introducer, const char *regisseur,
                                    uint64_t due, uint64_t now, uint64_t seq, const char *author)
{
    HUB_STORE_CALL (store, signals, continuity_agreement_add, agreement, hh, introducer, regisseur, due, now, seq, author);
}

int
hub_store_escalation_add (hub_store_t *store, const uint8_t id [PROTO_ID_BYTES], int64_t hh,
                          const char *team, const char *partner, const char *reason,
                          const uint8_t *object, const char *history, uint64_t created)
{
    HUB_STORE_CALL (store, signals, escalation_add, id, hh, team, partner, reason, object, history, created);
}

int
hub_store_escalation_raised_to (hub_store_t *store, const uint8_t id [PROTO_ID_BYTES],
                                const char *partner, const char *team, bool *open)
{
    HUB_STORE_CALL (store, signals, escalation_raised_to, id, partner, team, open);
}

int
hub_store_escalation_resolve (hub_store_t *store, const uint8_t id [PROTO_ID_BYTES], uint64_t now,
                              const char *by, const char *note)
{
    HUB_STORE_CALL (store, signals, escalation_resolve, id, now, by, note);
}

int
hub_store_escalation_household (hub_store_t *store, const uint8_t id [PROTO_ID_BYTES], int64_t *hh)
{
    HUB_STORE_CALL (store, signals, escalation_household, id, hh);
}
