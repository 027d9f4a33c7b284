/*  hub_store_agreements.c - the agreements repository's functions: each checks for an
    injected fault and calls the backend's (hub_store_backend.h).            */
#include "hub_store_backend.h"

int
hub_store_agreement_get (hub_store_t *store, const uint8_t agreement [PROTO_ID_BYTES],
                         hub_agreement_t *out)
{
    HUB_STORE_CALL (store, agreements, agreement_get, agreement, out);
}

int
hub_store_agreement_owned (hub_store_t *store, const uint8_t agreement [PROTO_ID_BYTES],
                           const char *owner, int64_t hh)
{
    HUB_STORE_CALL (store, agreements, agreement_owned, agreement, owner, hh);
}

int
hub_store_agreement_propose (hub_store_t *store, const hub_agreement_proposal_t *proposal)
{
    HUB_STORE_CALL (store, agreements, agreement_propose, proposal);
}

int
hub_store_agreement_accept (hub_store_t *store, const uint8_t agreement [PROTO_ID_BYTES],
                            const char *status, uint64_t accepted_seq, uint64_t now)
{
    HUB_STORE_CALL (store, agreements, agreement_accept, agreement, status, accepted_seq, now);
}

int
hub_store_agreement_set_status (hub_store_t *store, const uint8_t agreement [PROTO_ID_BYTES],
                                const char *status, bool stagnated, uint64_t now)
{
    HUB_STORE_CALL (store, agreements, agreement_set_status, agreement, status, stagnated, now);
}

int
hub_store_agreement_log (hub_store_t *store, const uint8_t agreement [PROTO_ID_BYTES], uint64_t ts,
                         const char *status, const char *author, uint64_t seq, const char *note)
{
    HUB_STORE_CALL (store, agreements, agreement_log, agreement, ts, status, author, seq, note);
}

int
hub_store_agreements_to_remind (hub_store_t *store, uint64_t now, uint64_t within,
                                hub_agreement_due_t *out, size_t max, size_t *count)
{
    HUB_STORE_CALL (store, agreements, agreements_to_remind, now, within, out, max, count);
}

int
hub_store_agreements_past_due (hub_store_t *store, uint64_t now, hub_agreement_due_t *out,
                               size_t max, size_t *count)
{
    HUB_STORE_CALL (store, agreements, agreements_past_due, now, out, max, count);
}

int
hub_store_agreements_unaccepted (hub_store_t *store, uint64_t now, uint64_t after,
                                 hub_agreement_due_t *out, size_t max, size_t *count)
{
    HUB_STORE_CALL (store, agreements, agreements_unaccepted, now, after, out, max, count);
}

int
hub_store_agreements_still_overdue (hub_store_t *store, uint64_t now, uint64_t after,
                                    hub_agreement_due_t *out, size_t max, size_t *count)
{
    HUB_STORE_CALL (store, agreements, agreements_still_overdue, now, after, out, max, count);
}

int
hub_store_agreement_reminded (hub_store_t *store, const uint8_t agreement [PROTO_ID_BYTES],
                              uint64_t now)
{
    HUB_STORE_CALL (store, agreements, agreement_reminded, agreement, now);
}

int
hub_store_agreement_overdue (hub_store_t *store, const uint8_t agreement [PROTO_ID_BYTES],
                             uint64_t now)
{
    HUB_STORE_CALL (store, agreements, agreement_overdue, agreement, now);
}

int
hub_store_agreement_chased (hub_store_t *store, const uint8_t agreement [PROTO_ID_BYTES],
                            uint64_t now)
{
    HUB_STORE_CALL (store, agreements, agreement_chased, agreement, now);
}

int
hub_store_agreement_escalated (hub_store_t *store, const uint8_t agreement [PROTO_ID_BYTES],
                               uint64_t now)
{
    HUB_STORE_CALL (store, agreements, agreement_escalated, agreement, now);
}

int
hub_store_agreements_listed_count (hub_store_t *store, int64_t hh, size_t max, size_t *count)
{
    HUB_STORE_CALL (store, agreements, agreements_listed_count, hh, max, count);
}

int
hub_store_agreements_listed (hub_store_t *store, int64_t hh, const uint8_t round [PROTO_ID_BYTES],
                             size_t max, hub_agreement_listed_fn *fn, void *arg)
{
    HUB_STORE_CALL (store, agreements, agreements_listed, hh, round, max, fn, arg);
}
