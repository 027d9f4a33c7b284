/*  hub_store_retention.h - what retention counts and removes.

    The hub keeps what the configured periods allow and no longer: a signal
    that led to nothing expires into the archive (who signalled, when, how
    often - no content), an archive entry goes after its period, a declined
    referral's envelopes go, a household that never held regie is forgotten
    once nothing refers to it, and a closed one is reduced to what the
    reports count once its follow-up window ended. The rules that say which
    rows these are live here, in SQL, beside the statements that act on
    them; the workflow (hub_retention.c) turns the configured periods into
    cutoffs and decides whether a run changes anything.

    A run gathers first (temporary tables in the store's connection, read
    by nothing else) and removes what it gathered afterwards, so the counts
    an operator is shown are what a run removes, and whatever made a
    message's envelope go takes its pending deliveries with it.
*/
#ifndef HUB_STORE_RETENTION_H_INCLUDED
#define HUB_STORE_RETENTION_H_INCLUDED

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include "hub_store.h"

/*  The moments a run decides by, in ms. A cutoff of 0 removes nothing of
    its kind.                                                                 */
typedef struct {
    uint64_t now;
    uint64_t signals_before;            /* signals (and declines) older led to nothing */
    uint64_t history_before;            /* archive entries older go          */
    uint64_t follow_up_ms;              /* a closed household's signals of its last
                                           follow-up period keep it whole   */
} hub_retention_cutoffs_t;

typedef struct {
    int64_t signals_expired;            /* into the archive                  */
    int64_t history_removed;            /* archive entries                   */
    int64_t referrals_expired;          /* declined, envelopes removed       */
    int64_t households_forgotten;       /* pseudonyms and consent removed    */
    int64_t households_reduced;         /* closed, reduced to the counts     */
    int64_t messages_emptied;           /* envelopes removed                 */
} hub_retention_counts_t;

/*  Counts what a run at these cutoffs removes and gathers it for
    hub_store_retention_remove; changes nothing the hub keeps (so a dry run
    may stop here, outside a transaction). 0 or -1.                           */
HUB_STORE_MUST_CHECK int
hub_store_retention_gather (hub_store_t *store, const hub_retention_cutoffs_t *at,
                            hub_retention_counts_t *counts);

/*  Removes what the last gather gathered, at the same cutoffs: archives the
    expired signals, removes old archive entries, the gathered envelopes
    with their pending deliveries, the pseudonyms and consent of forgotten
    and reduced households, and of a reduced household whatever the reports
    do not count (its signals, archive entries, notes, places, follow-up).
    Must run inside a transaction. 0 or -1.                                  */
HUB_STORE_MUST_CHECK int
hub_store_retention_remove (hub_store_t *store, const hub_retention_cutoffs_t *at);

#endif
