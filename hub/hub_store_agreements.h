/*  hub_store_agreements.h - the agreements of a plan as the store keeps them.

    agreements      one row per agreement the regisseur proposed: whose it
                    is, what and by when, its status (proposed, accepted,
                    overdue, done, withdrawn), the seq of the owner's signed
                    acceptance kept as proof, how often stagnation was
                    reported, and when each timer acted on it (reminded,
                    overdue, chased, escalated).
    agreement_log   every change of an agreement's status, with who made it
                    and the message that did; the hub's own changes have
                    author "hub" and seq 0.

    A timer's mark is written in the same transaction as its notice, so each
    due query below returns a row only until its timer has acted: a restart
    never loses or repeats one. Reads return 1 (found, row filled), 0 (not
    found) or -1 (store error); writes and listings 0 or -1.
*/
#ifndef HUB_STORE_AGREEMENTS_H_INCLUDED
#define HUB_STORE_AGREEMENTS_H_INCLUDED

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include "proto_limits.h"
#include "hub_store.h"

/*  An agreement's state, as a decision about it needs.                      */
typedef struct {
    int64_t hh;
    char owner [PROTO_MAX_PARTNER_ID_BYTES + 1];
    char regisseur [PROTO_MAX_PARTNER_ID_BYTES + 1];    /* who proposed it    */
    char status [PROTO_MAX_TAXON_BYTES + 1];
    uint64_t due;
    int64_t stagnations;                /* stagnation reports so far         */
    bool accepted;                      /* its owner's acceptance is kept    */
} hub_agreement_t;

/*  An agreement as the regisseur proposes it.                               */
typedef struct {
    const uint8_t *agreement;           /* PROTO_ID_BYTES: the message's id  */
    int64_t hh;
    const char *owner;
    const char *regisseur;
    const char *leefgebied;
    const char *action;
    uint64_t due;
    const uint8_t *round;               /* PROTO_ID_BYTES, or NULL           */
    uint64_t created;
    uint64_t seq;                       /* of the proposing message          */
} hub_agreement_proposal_t;

/*  An agreement a timer has to act on.                                      */
typedef struct {
    uint8_t agreement [PROTO_ID_BYTES];
    int64_t hh;
    char owner [PROTO_MAX_PARTNER_ID_BYTES + 1];
    char regisseur [PROTO_MAX_PARTNER_ID_BYTES + 1];
    uint64_t due;
    uint64_t overdue;                   /* when marked overdue; 0 unless the
                                           listing says it fills it           */
} hub_agreement_due_t;

/*  An agreement as the round minutes list it.                               */
typedef struct {
    uint8_t agreement [PROTO_ID_BYTES];
    char owner [PROTO_MAX_PARTNER_ID_BYTES + 1];
    char action [PROTO_MAX_ACTION_BYTES + 1];   /* "" with a kind            */
    char kind [PROTO_MAX_TAXON_BYTES + 1];      /* PT_AGREEMENT_KIND, or ""  */
    char leefgebied [PROTO_MAX_TAXON_BYTES + 1];
    uint64_t due;
    char status [PROTO_MAX_TAXON_BYTES + 1];
    bool in_round;                      /* made at the round being minuted   */
} hub_agreement_listed_t;

/* ---- one agreement ------------------------------------------------------- */

/*  The agreement with this id (out cleared when there is none).             */
HUB_STORE_MUST_CHECK int hub_store_agreement_get (hub_store_t *store,
                                                  const uint8_t agreement [PROTO_ID_BYTES],
                                                  hub_agreement_t *out);

/*  1 when the agreement is owner's and belongs to household hh.             */
HUB_STORE_MUST_CHECK int hub_store_agreement_owned (hub_store_t *store,
                                                    const uint8_t agreement [PROTO_ID_BYTES],
                                                    const char *owner, int64_t hh);

/*  Stores a proposed agreement. Fails on an id already stored.              */
HUB_STORE_MUST_CHECK int hub_store_agreement_propose (hub_store_t *store,
                                                      const hub_agreement_proposal_t *proposal);

/*  The owner's acceptance: status becomes status (accepted, or overdue when
    the due date has passed), accepted_seq the accepting message.            */
HUB_STORE_MUST_CHECK int hub_store_agreement_accept (hub_store_t *store,
                                                     const uint8_t agreement [PROTO_ID_BYTES],
                                                     const char *status, uint64_t accepted_seq,
                                                     uint64_t now);

/*  A status the owner or regisseur reports: done records when, stagnated
    counts one more stagnation report.                                       */
HUB_STORE_MUST_CHECK int hub_store_agreement_set_status (hub_store_t *store,
                                                         const uint8_t agreement [PROTO_ID_BYTES],
                                                         const char *status, bool stagnated,
                                                         uint64_t now);

/*  Appends to the agreement's history. note may be NULL or "" for none.     */
HUB_STORE_MUST_CHECK int hub_store_agreement_log (hub_store_t *store,
                                                  const uint8_t agreement [PROTO_ID_BYTES],
                                                  uint64_t ts, const char *status,
                                                  const char *author, uint64_t seq,
                                                  const char *note);

/* ---- the timers ---------------------------------------------------------- */

/*  Each fills out with up to max agreements a timer acts on now; each mark
    below takes the agreement out of its listing.                            */

/*  Accepted, not yet reminded, due after now and at most within later.      */
HUB_STORE_MUST_CHECK int hub_store_agreements_to_remind (hub_store_t *store, uint64_t now,
                                                         uint64_t within, hub_agreement_due_t *out,
                                                         size_t max, size_t *count);

/*  Proposed or accepted, due at or before now, not yet marked overdue.      */
HUB_STORE_MUST_CHECK int hub_store_agreements_past_due (hub_store_t *store, uint64_t now,
                                                        hub_agreement_due_t *out, size_t max,
                                                        size_t *count);

/*  Still proposed at least after since it was proposed, not yet chased.     */
HUB_STORE_MUST_CHECK int hub_store_agreements_unaccepted (hub_store_t *store, uint64_t now,
                                                          uint64_t after, hub_agreement_due_t *out,
                                                          size_t max, size_t *count);

/*  Overdue for at least after, not yet escalated; fills overdue.            */
HUB_STORE_MUST_CHECK int hub_store_agreements_still_overdue (hub_store_t *store, uint64_t now,
                                                             uint64_t after, hub_agreement_due_t *out,
                                                             size_t max, size_t *count);

HUB_STORE_MUST_CHECK int hub_store_agreement_reminded (hub_store_t *store,
                                                       const uint8_t agreement [PROTO_ID_BYTES],
                                                       uint64_t now);
/*  Also sets the status to overdue.                                         */
HUB_STORE_MUST_CHECK int hub_store_agreement_overdue (hub_store_t *store,
                                                      const uint8_t agreement [PROTO_ID_BYTES],
                                                      uint64_t now);
HUB_STORE_MUST_CHECK int hub_store_agreement_chased (hub_store_t *store,
                                                     const uint8_t agreement [PROTO_ID_BYTES],
                                                     uint64_t now);
HUB_STORE_MUST_CHECK int hub_store_agreement_escalated (hub_store_t *store,
                                                        const uint8_t agreement [PROTO_ID_BYTES],
                                                        uint64_t now);

/* ---- the minutes --------------------------------------------------------- */

/*  How many agreements of household hh the minutes list, counting at most
    max (those with an action: agreements from before actions were recorded
    are left out).                                                           */
HUB_STORE_MUST_CHECK int hub_store_agreements_listed_count (hub_store_t *store, int64_t hh, size_t max,
                                                            size_t *count);

/*  Calls fn for up to max of those agreements, oldest first; in_round says
    which were made at round. fn returns 0 to go on, -1 to stop (not an
    error). The row lives only during the call.                              */
typedef int (hub_agreement_listed_fn) (void *arg, const hub_agreement_listed_t *row);
HUB_STORE_MUST_CHECK int hub_store_agreements_listed (hub_store_t *store, int64_t hh,
                                                      const uint8_t round [PROTO_ID_BYTES], size_t max,
                                                      hub_agreement_listed_fn *fn, void *arg);

#endif
