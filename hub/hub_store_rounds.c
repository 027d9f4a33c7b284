/*  hub_store_rounds.c - the rounds repository's functions: each checks for an
    injected fault and calls the backend's (hub_store_backend.h).            */
#include "hub_store_backend.h"

int
hub_store_round_get (hub_store_t *store, const uint8_t round [PROTO_ID_BYTES], hub_round_t *out)
{
    HUB_STORE_CALL (store, rounds, round_get, round, out);
}

int
hub_store_rounds_count (hub_store_t *store, int64_t hh, int64_t *count)
{
    HUB_STORE_CALL (store, rounds, rounds_count, hh, count);
}

int
hub_store_round_add (hub_store_t *store, const uint8_t round [PROTO_ID_BYTES], int64_t hh,
                     int64_t number, uint64_t at, const char *regisseur, const char *place,
                     uint64_t created)
{
    HUB_STORE_CALL (store, rounds, round_add, round, hh, number, at, regisseur, place, created);
}

int
hub_store_round_held (hub_store_t *store, const uint8_t round [PROTO_ID_BYTES], uint64_t held,
                      uint64_t next)
{
    HUB_STORE_CALL (store, rounds, round_held, round, held, next);
}

int
hub_store_round_reminded (hub_store_t *store, const uint8_t round [PROTO_ID_BYTES], uint64_t now)
{
    HUB_STORE_CALL (store, rounds, round_reminded, round, now);
}

int
hub_store_rounds_report_due (hub_store_t *store, uint64_t now, uint64_t within, hub_round_t *out,
                             size_t max, size_t *count)
{
    HUB_STORE_CALL (store, rounds, rounds_report_due, now, within, out, max, count);
}

int
hub_store_round_invite (hub_store_t *store, const uint8_t round [PROTO_ID_BYTES],
                        const char *partner)
{
    HUB_STORE_CALL (store, rounds, round_invite, round, partner);
}

int
hub_store_round_present (hub_store_t *store, const uint8_t round [PROTO_ID_BYTES],
                         const char *partner)
{
    HUB_STORE_CALL (store, rounds, round_present, round, partner);
}

int
hub_store_round_partners (hub_store_t *store, const uint8_t round [PROTO_ID_BYTES],
                          hub_round_which_t which, char out [][PROTO_MAX_PARTNER_ID_BYTES + 1],
                          size_t max, size_t *count)
{
    HUB_STORE_CALL (store, rounds, round_partners, round, which, out, max, count);
}

int
hub_store_round_invited (hub_store_t *store, const uint8_t round [PROTO_ID_BYTES],
                         const char *partner)
{
    HUB_STORE_CALL (store, rounds, round_invited, round, partner);
}

int
hub_store_round_participant (hub_store_t *store, const uint8_t round [PROTO_ID_BYTES],
                             const char *partner)
{
    HUB_STORE_CALL (store, rounds, round_participant, round, partner);
}

int
hub_store_round_unreported (hub_store_t *store, const uint8_t round [PROTO_ID_BYTES],
                            char out [][PROTO_MAX_PARTNER_ID_BYTES + 1], size_t max, size_t *count)
{
    HUB_STORE_CALL (store, rounds, round_unreported, round, out, max, count);
}

int
hub_store_round_ignored (hub_store_t *store, const uint8_t round [PROTO_ID_BYTES],
                         char out [][PROTO_MAX_PARTNER_ID_BYTES + 1], size_t max, size_t *count)
{
    HUB_STORE_CALL (store, rounds, round_ignored, round, out, max, count);
}

int
hub_store_progress_add (hub_store_t *store, uint64_t seq, const uint8_t round [PROTO_ID_BYTES],
                        const char *partner, const uint8_t *agreement, const char *status,
                        const char *note, uint64_t ts)
{
    HUB_STORE_CALL (store, rounds, progress_add, seq, round, partner, agreement, status, note, ts);
}

int
hub_store_progress_count (hub_store_t *store, const uint8_t round [PROTO_ID_BYTES], size_t max,
                          size_t *count)
{
    HUB_STORE_CALL (store, rounds, progress_count, round, max, count);
}

int
hub_store_progress_list (hub_store_t *store, const uint8_t round [PROTO_ID_BYTES], size_t max,
                         hub_progress_fn *fn, void *arg)
{
    HUB_STORE_CALL (store, rounds, progress_list, round, max, fn, arg);
}
