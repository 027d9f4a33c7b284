/*  hub_store_rounds.h - the coordination rounds as the store keeps them.

    rounds          one row per round the regisseur scheduled: its number in
                    the household's series, when it is planned, when it was
                    held and the next one proposed then, and whether the
                    partners were already asked for their progress reports.
    round_partners  who was invited and who was present; a partner present
                    without an invitation has a row with invited 0.
    progress        the partners' progress reports for a round, in the order
                    the hub stored them (by their message seq).

    The minutes are built from these rows each time they are sent or asked
    for, so they always say what is recorded now. The workflows
    (hub_rounds.c, hub_agreements.c) decide; this module only reads and
    writes, inside the router's transaction. Reads return 1 (found, row
    filled), 0 (not found) or -1 (store error); writes and listings 0 or -1.
*/
#ifndef HUB_STORE_ROUNDS_H_INCLUDED
#define HUB_STORE_ROUNDS_H_INCLUDED

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include "proto_limits.h"
#include "hub_store.h"

/*  A round as its workflow needs it.                                        */
typedef struct {
    uint8_t round [PROTO_ID_BYTES];
    int64_t hh;
    int64_t number;                     /* 1 for the household's first round */
    uint64_t at;                        /* when it is planned                */
    uint64_t held;                      /* when it was held; 0: not yet      */
    uint64_t next;                      /* the next round proposed; 0: none  */
    char regisseur [PROTO_MAX_PARTNER_ID_BYTES + 1];    /* who scheduled it   */
} hub_round_t;

/*  Which of a round's partners a listing names.                             */
typedef enum {
    HUB_ROUND_ALL,                      /* invited or present                */
    HUB_ROUND_INVITED,
    HUB_ROUND_PRESENT
} hub_round_which_t;

/*  A progress report, as the minutes list it.                               */
typedef struct {
    char partner [PROTO_MAX_PARTNER_ID_BYTES + 1];
    bool has_agreement;                 /* about one agreement, or in general */
    uint8_t agreement [PROTO_ID_BYTES];
    char status [PROTO_MAX_TAXON_BYTES + 1];
    char note [PROTO_MAX_NOTE_BYTES + 1];   /* "" when none                   */
} hub_progress_t;

/* ---- rounds -------------------------------------------------------------- */

/*  The round with this id (out cleared when there is none).                 */
HUB_STORE_MUST_CHECK int hub_store_round_get (hub_store_t *store, const uint8_t round [PROTO_ID_BYTES],
                                              hub_round_t *out);

/*  How many rounds household hh has had scheduled: the next one's number
    is one more.                                                              */
HUB_STORE_MUST_CHECK int hub_store_rounds_count (hub_store_t *store, int64_t hh, int64_t *count);

/*  Records a scheduled round (not held, nobody invited yet). place may be
    NULL or "" for none. Fails on a round id already stored.                 */
HUB_STORE_MUST_CHECK int hub_store_round_add (hub_store_t *store, const uint8_t round [PROTO_ID_BYTES],
                                              int64_t hh, int64_t number, uint64_t at,
                                              const char *regisseur, const char *place,
                                              uint64_t created);

/*  Records that the round was held at held, and the next round proposed
    (0 when this was the last).                                              */
HUB_STORE_MUST_CHECK int hub_store_round_held (hub_store_t *store, const uint8_t round [PROTO_ID_BYTES],
                                               uint64_t held, uint64_t next);

/*  Records that the partners were asked for their reports before the round,
    so the timer asks only once.                                             */
HUB_STORE_MUST_CHECK int hub_store_round_reminded (hub_store_t *store,
                                                   const uint8_t round [PROTO_ID_BYTES], uint64_t now);

/*  Up to max rounds not held and not yet reminded that are planned before
    now + within: the ones whose partners the timer asks for reports now.    */
HUB_STORE_MUST_CHECK int hub_store_rounds_report_due (hub_store_t *store, uint64_t now, uint64_t within,
                                                      hub_round_t *out, size_t max, size_t *count);

/* ---- round partners ------------------------------------------------------ */

/*  Invites partner to the round. Fails when the partner already has a row.  */
HUB_STORE_MUST_CHECK int hub_store_round_invite (hub_store_t *store, const uint8_t round [PROTO_ID_BYTES],
                                                 const char *partner);

/*  Records partner as present, invited or not.                              */
HUB_STORE_MUST_CHECK int hub_store_round_present (hub_store_t *store, const uint8_t round [PROTO_ID_BYTES],
                                                  const char *partner);

/*  Up to max partners of the round (which says which), by partner id.       */
HUB_STORE_MUST_CHECK int hub_store_round_partners (hub_store_t *store, const uint8_t round [PROTO_ID_BYTES],
                                                   hub_round_which_t which,
                                                   char out [][PROTO_MAX_PARTNER_ID_BYTES + 1],
                                                   size_t max, size_t *count);

/*  1 when partner was invited to the round.                                 */
HUB_STORE_MUST_CHECK int hub_store_round_invited (hub_store_t *store, const uint8_t round [PROTO_ID_BYTES],
                                                  const char *partner);

/*  1 when partner was invited to the round or present at it.               */
HUB_STORE_MUST_CHECK int hub_store_round_participant (hub_store_t *store,
                                                      const uint8_t round [PROTO_ID_BYTES],
                                                      const char *partner);

/*  Up to max invited partners who have not reported for the round, by
    partner id: whom the timer asks before it.                               */
HUB_STORE_MUST_CHECK int hub_store_round_unreported (hub_store_t *store, const uint8_t round [PROTO_ID_BYTES],
                                                     char out [][PROTO_MAX_PARTNER_ID_BYTES + 1],
                                                     size_t max, size_t *count);

/*  Up to max invited partners who neither reported nor came, by partner id:
    invitations ignored, which the regisseur's team hears about.             */
HUB_STORE_MUST_CHECK int hub_store_round_ignored (hub_store_t *store, const uint8_t round [PROTO_ID_BYTES],
                                                  char out [][PROTO_MAX_PARTNER_ID_BYTES + 1],
                                                  size_t max, size_t *count);

/* ---- progress reports ---------------------------------------------------- */

/*  Stores partner's report for round, numbered by its message seq.
    agreement may be NULL (a report in general), note NULL or "" for none.   */
HUB_STORE_MUST_CHECK int hub_store_progress_add (hub_store_t *store, uint64_t seq,
                                                 const uint8_t round [PROTO_ID_BYTES],
                                                 const char *partner, const uint8_t *agreement,
                                                 const char *status, const char *note, uint64_t ts);

/*  How many reports the round has, counting at most max: the length of the
    minutes' list, packed before its items.                                  */
HUB_STORE_MUST_CHECK int hub_store_progress_count (hub_store_t *store, const uint8_t round [PROTO_ID_BYTES],
                                                   size_t max, size_t *count);

/*  Calls fn for up to max reports of the round in the order they were
    stored; fn returns 0 to go on, -1 to stop (not an error). The row lives
    only during the call.                                                    */
typedef int (hub_progress_fn) (void *arg, const hub_progress_t *row);
HUB_STORE_MUST_CHECK int hub_store_progress_list (hub_store_t *store, const uint8_t round [PROTO_ID_BYTES],
                                                  size_t max, hub_progress_fn *fn, void *arg);

#endif
