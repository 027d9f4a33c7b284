/*  hub_store_households.c - the households repository's functions: each checks for an
    injected fault and calls the backend's (hub_store_backend.h).            */
#include "hub_store_backend.h"

int
hub_store_household_get (hub_store_t *store, int64_t hh, hub_household_row_t *out)
{
    HUB_STORE_CALL (store, households, household_get, hh, out);
}

int
hub_store_household_of_ref (hub_store_t *store, const uint8_t ref [PROTO_REF_BYTES], int64_t *hh)
{
    HUB_STORE_CALL (store, households, household_of_ref, ref, hh);
}

int
hub_store_household_create (hub_store_t *store, uint64_t now, int64_t *hh)
{
    HUB_STORE_CALL (store, households, household_create, now, hh);
}

int
hub_store_household_ref_add (hub_store_t *store, int64_t hh, const uint8_t ref [PROTO_REF_BYTES],
                             const char *kind, uint64_t now)
{
    HUB_STORE_CALL (store, households, household_ref_add, hh, ref, kind, now);
}

int
hub_store_household_ref_remove (hub_store_t *store, const uint8_t ref [PROTO_REF_BYTES])
{
    HUB_STORE_CALL (store, households, household_ref_remove, ref);
}

int
hub_store_household_ref_count (hub_store_t *store, int64_t hh, int64_t *count)
{
    HUB_STORE_CALL (store, households, household_ref_count, hh, count);
}

int
hub_store_household_subject (hub_store_t *store, int64_t hh, uint8_t person [PROTO_REF_BYTES],
                             uint8_t address [PROTO_REF_BYTES], bool *has_person, bool *has_address)
{
    HUB_STORE_CALL (store, households, household_subject, hh, person, address, has_person, has_address);
}

int
hub_store_object_household (hub_store_t *store, hub_object_t kind,
                            const uint8_t id [PROTO_ID_BYTES], int64_t *hh)
{
    HUB_STORE_CALL (store, households, object_household, kind, id, hh);
}

int
hub_store_household_related (hub_store_t *store, int64_t hh, const char *partner)
{
    HUB_STORE_CALL (store, households, household_related, hh, partner);
}

int
hub_store_household_referred (hub_store_t *store, int64_t hh, uint64_t now)
{
    HUB_STORE_CALL (store, households, household_referred, hh, now);
}

int
hub_store_household_set_priority (hub_store_t *store, int64_t hh, bool on)
{
    HUB_STORE_CALL (store, households, household_set_priority, hh, on);
}

int
hub_store_household_created_at_first_signal (hub_store_t *store, int64_t hh)
{
    HUB_STORE_CALL (store, households, household_created_at_first_signal, hh);
}

int
hub_store_household_claim (hub_store_t *store, int64_t hh, const char *team,
                           const char *casemanager, const char *phase, uint64_t now)
{
    HUB_STORE_CALL (store, households, household_claim, hh, team, casemanager, phase, now);
}

int
hub_store_household_set_phase (hub_store_t *store, int64_t hh, const char *phase, uint64_t now)
{
    HUB_STORE_CALL (store, households, household_set_phase, hh, phase, now);
}

int
hub_store_household_transfer (hub_store_t *store, int64_t hh, const char *team,
                              const char *casemanager, uint64_t now)
{
    HUB_STORE_CALL (store, households, household_transfer, hh, team, casemanager, now);
}

int
hub_store_household_close (hub_store_t *store, int64_t hh, const char *phase, uint64_t now,
                           uint64_t follow_up_until)
{
    HUB_STORE_CALL (store, households, household_close, hh, phase, now, follow_up_until);
}

int
hub_store_households_end_follow_up (hub_store_t *store, uint64_t now)
{
    HUB_STORE_CALL (store, households, households_end_follow_up, now);
}

int
hub_store_phase_log (hub_store_t *store, int64_t hh, uint64_t ts, const char *phase,
                     const char *team, const char *author, const char *reason)
{
    HUB_STORE_CALL (store, households, phase_log, hh, ts, phase, team, author, reason);
}

int
hub_store_household_join (hub_store_t *store, int64_t into, int64_t other)
{
    HUB_STORE_CALL (store, households, household_join, into, other);
}

int
hub_store_household_ref_retire (hub_store_t *store, const uint8_t ref [PROTO_REF_BYTES],
                                uint64_t until)
{
    HUB_STORE_CALL (store, households, household_ref_retire, ref, until);
}

int
hub_store_household_move (hub_store_t *store, int64_t hh, const uint8_t address [PROTO_REF_BYTES],
                          uint64_t now)
{
    HUB_STORE_CALL (store, households, household_move, hh, address, now);
}

int
hub_store_consent_covers (hub_store_t *store, int64_t hh, const char *partner, uint64_t now)
{
    HUB_STORE_CALL (store, households, consent_covers, hh, partner, now);
}

int
hub_store_consent_standing (hub_store_t *store, int64_t hh, const char *partner, uint64_t now)
{
    HUB_STORE_CALL (store, households, consent_standing, hh, partner, now);
}

int
hub_store_consent_partners (hub_store_t *store, int64_t hh, uint64_t now,
                            char (*partners) [PROTO_MAX_PARTNER_ID_BYTES + 1], size_t max,
                            size_t *count)
{
    HUB_STORE_CALL (store, households, consent_partners, hh, now, partners, max, count);
}

int
hub_store_consent_record (hub_store_t *store, int64_t hh, const char *partner, const char *basis,
                          uint64_t from, uint64_t until, uint64_t now)
{
    HUB_STORE_CALL (store, households, consent_record, hh, partner, basis, from, until, now);
}

int
hub_store_consent_withdraw (hub_store_t *store, int64_t hh, const char *partner, uint64_t now)
{
    HUB_STORE_CALL (store, households, consent_withdraw, hh, partner, now);
}

int
hub_store_deputy_set (hub_store_t *store, const char *casemanager, const char *team,
                      const char *deputy, uint64_t from, uint64_t until, const char *by,
                      uint64_t now)
{
    HUB_STORE_CALL (store, households, deputy_set, casemanager, team, deputy, from, until, by, now);
}

int
hub_store_deputy_get (hub_store_t *store, const char *casemanager, uint64_t now, bool running,
                      char deputy [PROTO_MAX_PARTNER_ID_BYTES + 1], uint64_t *from,
                      uint64_t *until)
{
    HUB_STORE_CALL (store, households, deputy_get, casemanager, now, running, deputy, from, until);
}

int
hub_store_deputy_end (hub_store_t *store, const char *casemanager, uint64_t now)
{
    HUB_STORE_CALL (store, households, deputy_end, casemanager, now);
}
