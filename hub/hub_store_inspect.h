/*  hub_store_inspect.h - everything the hub holds about one household, and
    about one message, for `regiehub inspect` (hub_inspect.h).

    The municipality's functional administrator answers a data subject's
    access request (AVG art. 15) and checks retention with it: the
    household's row, its refs and former refs, its phase log, signals,
    archive, matches and their parties, referrals, consent, escalations,
    agreements and their log, rounds with their partners and progress
    reports; and for one message, its row, whether its envelope and
    signature are still held, whom it still waits for, and the audit
    entries that name it.

    A household is asked for by its number (hh). The lists name every row
    of every table that names a household, also when the households row
    itself is gone: a household joined into another, or reduced by
    retention, shows exactly what is left of it (tests/unit/
    test_hub_store_inspect.c proves that no such table is left out).

    These are reads only. Texts the hub keeps in its own rows (a phase
    change's reason, an escalation's history and note, an agreement's
    action, a round's place, a progress note) are given as stored; what a
    message's envelope says is not: a signal or referral says only whether
    its envelope is still held. Times are ms since the epoch, 0 where the
    column is NULL; texts are "" where it is NULL.

    Lists call fn for each row, oldest first; fn returns 0 to go on, or -1
    to stop (the listing then returns -1). Listings return 0 or -1; reads of
    one row return 1 (found), 0 (not found) or -1 (store error). Every
    function runs inside the caller's transaction, if any.
*/
#ifndef HUB_STORE_INSPECT_H_INCLUDED
#define HUB_STORE_INSPECT_H_INCLUDED

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include "proto_limits.h"
#include "hub_store.h"

#define HUB_INSPECT_WORD_BYTES  64      /* a kind, status, basis or type     */
#define HUB_INSPECT_TEXT_BYTES  PROTO_MAX_TEXT_BYTES    /* a text as stored  */
#define HUB_INSPECT_PARTNER     (PROTO_MAX_PARTNER_ID_BYTES + 1)

/* ---- the household ------------------------------------------------------- */

/*  The households row.                                                      */
typedef struct {
    int64_t hh;
    uint64_t created;
    char team [HUB_INSPECT_PARTNER];                /* "": nobody holds regie */
    char casemanager [HUB_INSPECT_PARTNER];
    char phase [HUB_INSPECT_WORD_BYTES];
    uint64_t since;                                 /* regie held since       */
    uint64_t phase_since;
    char former_team [HUB_INSPECT_PARTNER];         /* after closing          */
    char former_casemanager [HUB_INSPECT_PARTNER];
    uint64_t closed_at;
    uint64_t follow_up_until;
    bool priority;
    uint64_t referred_at;                           /* its first referral     */
} hub_inspect_household_t;

/*  Household hh's row: 1, or 0 when it has none (joined into another).      */
HUB_STORE_MUST_CHECK int
hub_store_inspect_household (hub_store_t *store, int64_t hh, hub_inspect_household_t *out);

/*  A ref of the household: one that finds it now (former false, until 0),
    or an address it moved away from (former true) with the time it lived
    there (since <= t < until).                                               */
typedef struct {
    uint8_t ref [PROTO_REF_BYTES];
    char kind [HUB_INSPECT_WORD_BYTES];             /* person | address       */
    bool former;
    uint64_t since, until;
} hub_inspect_ref_t;
typedef int (hub_inspect_ref_fn) (void *arg, const hub_inspect_ref_t *row);

/*  hh's refs that find it now, then its former refs.                        */
HUB_STORE_MUST_CHECK int
hub_store_inspect_refs (hub_store_t *store, int64_t hh, hub_inspect_ref_fn *fn, void *arg);

/*  One change of regie or phase.                                            */
typedef struct {
    uint64_t ts;
    char phase [HUB_INSPECT_WORD_BYTES];
    char team [HUB_INSPECT_PARTNER];
    char author [HUB_INSPECT_PARTNER];
    char reason [PROTO_MAX_NOTE_BYTES + 1];
} hub_inspect_phase_t;
typedef int (hub_inspect_phase_fn) (void *arg, const hub_inspect_phase_t *row);

HUB_STORE_MUST_CHECK int
hub_store_inspect_phases (hub_store_t *store, int64_t hh, hub_inspect_phase_fn *fn, void *arg);

/* ---- signals, the archive, matches, referrals ----------------------------- */

/*  A signal, with its message's id and whether its envelope is still held. */
typedef struct {
    uint64_t seq;
    bool has_id;                                    /* its message is stored  */
    uint8_t id [PROTO_ID_BYTES];
    char partner [HUB_INSPECT_PARTNER];
    uint64_t ts;
    char leefgebied [HUB_INSPECT_WORD_BYTES];
    char severity [HUB_INSPECT_WORD_BYTES];
    char kind [HUB_INSPECT_WORD_BYTES];
    char recipient [HUB_INSPECT_PARTNER];
    char contact [PROTO_MAX_CONTACT_BYTES + 1];
    bool led_to_regie;
    bool envelope_held;
} hub_inspect_signal_t;
typedef int (hub_inspect_signal_fn) (void *arg, const hub_inspect_signal_t *row);

HUB_STORE_MUST_CHECK int
hub_store_inspect_signals (hub_store_t *store, int64_t hh, hub_inspect_signal_fn *fn, void *arg);

/*  A partner's expired signals, in the archive without content.            */
typedef struct {
    char partner [HUB_INSPECT_PARTNER];
    uint64_t first_ts, last_ts;
    int64_t signals;
    uint64_t archived;
    bool told;                                      /* a notice told of it    */
} hub_inspect_history_t;
typedef int (hub_inspect_history_fn) (void *arg, const hub_inspect_history_t *row);

HUB_STORE_MUST_CHECK int
hub_store_inspect_history (hub_store_t *store, int64_t hh, hub_inspect_history_fn *fn, void *arg);

typedef struct {
    uint8_t match [PROTO_ID_BYTES];
    uint64_t created, deadline, escalate_at;
    char team [HUB_INSPECT_PARTNER];
} hub_inspect_match_t;
typedef int (hub_inspect_match_fn) (void *arg, const hub_inspect_match_t *row);

HUB_STORE_MUST_CHECK int
hub_store_inspect_matches (hub_store_t *store, int64_t hh, hub_inspect_match_fn *fn, void *arg);

/*  A partner's part in a match.                                             */
typedef struct {
    char partner [HUB_INSPECT_PARTNER];
    uint64_t confirmed, reminded, escalated;
    char outcome [HUB_INSPECT_WORD_BYTES];
} hub_inspect_party_t;
typedef int (hub_inspect_party_fn) (void *arg, const hub_inspect_party_t *row);

/*  The parties of match, by partner.                                        */
HUB_STORE_MUST_CHECK int
hub_store_inspect_match_parties (hub_store_t *store, const uint8_t match [PROTO_ID_BYTES],
                                 hub_inspect_party_fn *fn, void *arg);

/*  A referral, with whether its envelope and its decline's are still held. */
typedef struct {
    uint64_t seq;
    uint8_t id [PROTO_ID_BYTES];
    char team [HUB_INSPECT_PARTNER];
    char referrer [HUB_INSPECT_PARTNER];
    char introducer [HUB_INSPECT_PARTNER];
    uint64_t ts;
    char status [HUB_INSPECT_WORD_BYTES];           /* open, accepted, declined */
    uint64_t decided;
    bool envelope_held;
    bool has_decline;                               /* the decline is stored  */
    bool decline_held;
} hub_inspect_referral_t;
typedef int (hub_inspect_referral_fn) (void *arg, const hub_inspect_referral_t *row);

HUB_STORE_MUST_CHECK int
hub_store_inspect_referrals (hub_store_t *store, int64_t hh, hub_inspect_referral_fn *fn,
                             void *arg);

/* ---- consent, escalations ------------------------------------------------- */

typedef struct {
    char partner [HUB_INSPECT_PARTNER];
    char basis [HUB_INSPECT_WORD_BYTES];
    uint64_t valid_from, valid_until, recorded, withdrawn;
} hub_inspect_consent_t;
typedef int (hub_inspect_consent_fn) (void *arg, const hub_inspect_consent_t *row);

HUB_STORE_MUST_CHECK int
hub_store_inspect_consent (hub_store_t *store, int64_t hh, hub_inspect_consent_fn *fn, void *arg);

typedef struct {
    uint8_t escalation [PROTO_ID_BYTES];
    char team [HUB_INSPECT_PARTNER];
    char partner [HUB_INSPECT_PARTNER];             /* raised to              */
    char reason [PROTO_MAX_REASON_BYTES + 1];
    bool has_object;                                /* the match or agreement */
    uint8_t object [PROTO_ID_BYTES];
    char history [HUB_ESCALATION_HISTORY_BYTES];
    uint64_t created, resolved;
    char resolved_by [HUB_INSPECT_PARTNER];
    char note [PROTO_MAX_NOTE_BYTES + 1];
} hub_inspect_escalation_t;
typedef int (hub_inspect_escalation_fn) (void *arg, const hub_inspect_escalation_t *row);

HUB_STORE_MUST_CHECK int
hub_store_inspect_escalations (hub_store_t *store, int64_t hh, hub_inspect_escalation_fn *fn,
                               void *arg);

/* ---- agreements, rounds ---------------------------------------------------- */

typedef struct {
    uint8_t agreement [PROTO_ID_BYTES];
    char owner [HUB_INSPECT_PARTNER];
    char regisseur [HUB_INSPECT_PARTNER];
    char leefgebied [HUB_INSPECT_WORD_BYTES];
    char action [PROTO_MAX_ACTION_BYTES + 1];
    bool action_held;                               /* retention removes it   */
    char kind [HUB_INSPECT_WORD_BYTES];             /* the hub's own: a kind  */
    uint64_t due;
    bool has_round;
    uint8_t round [PROTO_ID_BYTES];
    char status [HUB_INSPECT_WORD_BYTES];
    uint64_t created, seq, accepted_seq, changed;
    uint64_t reminded, overdue, chased, escalated, done;
    int64_t stagnations;
} hub_inspect_agreement_t;
typedef int (hub_inspect_agreement_fn) (void *arg, const hub_inspect_agreement_t *row);

HUB_STORE_MUST_CHECK int
hub_store_inspect_agreements (hub_store_t *store, int64_t hh, hub_inspect_agreement_fn *fn,
                              void *arg);

/*  One entry of an agreement's log.                                         */
typedef struct {
    uint64_t ts;
    char status [HUB_INSPECT_WORD_BYTES];
    char author [HUB_INSPECT_PARTNER];
    uint64_t seq;                                   /* its message; 0: a timer */
    char note [PROTO_MAX_NOTE_BYTES + 1];
} hub_inspect_log_t;
typedef int (hub_inspect_log_fn) (void *arg, const hub_inspect_log_t *row);

HUB_STORE_MUST_CHECK int
hub_store_inspect_agreement_log (hub_store_t *store, const uint8_t agreement [PROTO_ID_BYTES],
                                 hub_inspect_log_fn *fn, void *arg);

typedef struct {
    uint8_t round [PROTO_ID_BYTES];
    int64_t number;
    uint64_t at;
    char regisseur [HUB_INSPECT_PARTNER];
    char place [PROTO_MAX_NOTE_BYTES + 1];
    bool place_held;
    uint64_t created, held, next, reminded;
} hub_inspect_round_t;
typedef int (hub_inspect_round_fn) (void *arg, const hub_inspect_round_t *row);

HUB_STORE_MUST_CHECK int
hub_store_inspect_rounds (hub_store_t *store, int64_t hh, hub_inspect_round_fn *fn, void *arg);

/*  A partner of a round: invited, present or both.                          */
typedef struct {
    char partner [HUB_INSPECT_PARTNER];
    bool invited, present;
} hub_inspect_invitee_t;
typedef int (hub_inspect_invitee_fn) (void *arg, const hub_inspect_invitee_t *row);

HUB_STORE_MUST_CHECK int
hub_store_inspect_round_partners (hub_store_t *store, const uint8_t round [PROTO_ID_BYTES],
                                  hub_inspect_invitee_fn *fn, void *arg);

/*  A progress report at a round.                                            */
typedef struct {
    uint64_t seq;
    char partner [HUB_INSPECT_PARTNER];
    bool has_agreement;
    uint8_t agreement [PROTO_ID_BYTES];
    char status [HUB_INSPECT_WORD_BYTES];
    char note [PROTO_MAX_NOTE_BYTES + 1];
    bool note_held;
    uint64_t ts;
} hub_inspect_progress_t;
typedef int (hub_inspect_progress_fn) (void *arg, const hub_inspect_progress_t *row);

HUB_STORE_MUST_CHECK int
hub_store_inspect_progress (hub_store_t *store, const uint8_t round [PROTO_ID_BYTES],
                            hub_inspect_progress_fn *fn, void *arg);

/* ---- one message ------------------------------------------------------------ */

/*  A stored message. envelope points into the store's row and lives until
    fn returns; NULL once retention emptied it.                               */
typedef struct {
    uint64_t seq;
    uint8_t id [PROTO_ID_BYTES];
    char type [HUB_INSPECT_WORD_BYTES];
    char author [HUB_INSPECT_PARTNER];
    uint64_t ts, received;
    uint8_t digest [PROTO_DIGEST_BYTES];            /* of the envelope        */
    const uint8_t *envelope;
    size_t envelope_len;
    bool signature_held;                            /* the author's, 64 bytes */
    int64_t queued;                                 /* deliveries still due   */
} hub_inspect_message_t;
typedef int (hub_inspect_message_fn) (void *arg, const hub_inspect_message_t *row);

/*  The message with this id: 1 after fn was called once with it (fn's -1
    makes it -1), 0 when no such message is stored.                         */
HUB_STORE_MUST_CHECK int
hub_store_inspect_message (hub_store_t *store, const uint8_t id [PROTO_ID_BYTES],
                           hub_inspect_message_fn *fn, void *arg);

/*  The recipients message seq still waits to be delivered to, by name.      */
typedef int (hub_inspect_recipient_fn) (void *arg, const char *recipient);
HUB_STORE_MUST_CHECK int
hub_store_inspect_queued_for (hub_store_t *store, uint64_t seq, hub_inspect_recipient_fn *fn,
                              void *arg);

/*  Every audit entry that names message id as its object, in log order
    (damaged entries too: fn's third argument says which). Reads the whole
    audit log: it has no index on objects.                                   */
HUB_STORE_MUST_CHECK int
hub_store_inspect_audit_of (hub_store_t *store, const uint8_t id [PROTO_ID_BYTES],
                            hub_audit_fn *fn, void *arg);

#endif
