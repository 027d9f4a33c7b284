/*  hub_store_signals.h - what partners signalled about households, and what
    the hub made of it.

    signals         one row per signal message (by its store seq): who
                    signalled about which household, when, on what
                    leefgebied, how severe, where it was sent. No content:
                    that stays in the message.
    history         the archive: signals that expired, counted per partner
                    and household without content, so that a later signal
                    can say who was involved before (told once).
    matches         a match event: two or more partners signalled about one
                    household within the window; with its deadline and when
                    it is escalated.
    match_parties   the partners of a match: confirmed, reminded, escalated.
    referrals       a partner's referral of a household to a regie team, and
                    its decision (open, accepted, declined).
    escalations     what went to a team's escalation role, and its
                    resolution.

    The regie workflows and their timers decide; this repository keeps, so
    that they speak no SQL. Every function runs inside the caller's
    transaction; reads return 1 (found, row filled), 0 (not found) or -1
    (store error), writes and listings 0 or -1. Listings fill at most max
    rows and leave the rest.
*/
#ifndef HUB_STORE_SIGNALS_H_INCLUDED
#define HUB_STORE_SIGNALS_H_INCLUDED

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include "proto_limits.h"
#include "hub_store.h"

/* ---- signals ---------------------------------------------------------------- */

/*  A signal's row. kind and recipient are "" when there is none (stored as
    NULL); contact is stored as given.                                       */
typedef struct {
    uint64_t seq;                       /* the signal's message              */
    int64_t hh;
    char partner [PROTO_MAX_PARTNER_ID_BYTES + 1];
    uint64_t ts;
    char leefgebied [PROTO_MAX_TAXON_BYTES + 1];
    char severity [PROTO_MAX_TAXON_BYTES + 1];
    char kind [PROTO_MAX_TAXON_BYTES + 1];
    char recipient [PROTO_MAX_PARTNER_ID_BYTES + 1];
    char contact [PROTO_MAX_CONTACT_BYTES + 1];
    bool led_to_regie;                  /* part of a case: does not expire as
                                           a signal that led to nothing       */
} hub_signal_row_t;

/*  A partner concerned about a household: since its first signal, with the
    contact of its latest ("" when it gave none).                            */
typedef struct {
    char partner [PROTO_MAX_PARTNER_ID_BYTES + 1];
    char contact [PROTO_MAX_CONTACT_BYTES + 1];
    uint64_t since;
} hub_signal_party_t;

int hub_store_signal_add (hub_store_t *store, const hub_signal_row_t *row) HUB_STORE_MUST_CHECK;

/*  How many signals household hh has.                                        */
int hub_store_signal_count (hub_store_t *store, int64_t hh, int64_t *count) HUB_STORE_MUST_CHECK;

/*  The partners that signalled about hh at or after since, in the order of
    their first signal since then: a match's parties.                        */
int hub_store_signal_partners_since (hub_store_t *store, int64_t hh, uint64_t since,
                                     hub_signal_party_t *out, size_t max, size_t *count)
    HUB_STORE_MUST_CHECK;

/*  The partners ever involved with hh - its signals and its archive - in
    the order of their first signal: whom a join tells the regisseur of.    */
int hub_store_signal_partners_involved (hub_store_t *store, int64_t hh, hub_signal_party_t *out,
                                        size_t max, size_t *count) HUB_STORE_MUST_CHECK;

/*  The partners hh's signals were sent to, other than except, and also
    (when not "" nor except): whom a join tells where the signals go now.    */
int hub_store_signal_recipients (hub_store_t *store, int64_t hh, const char *except,
                                 const char *also,
                                 char (*out) [PROTO_MAX_PARTNER_ID_BYTES + 1], size_t max,
                                 size_t *count) HUB_STORE_MUST_CHECK;

/*  Calls fn for each signal of hh whose envelope retention has not removed
    (the signals table does not keep the subject: an unlink reads it there).
    fn returns 0 to go on, -1 to stop, and the listing then returns -1. The
    envelope is valid during the call only.                                   */
typedef int (hub_signal_envelope_fn) (void *arg, uint64_t seq, const uint8_t *envelope,
                                      size_t len);
int hub_store_signal_envelopes (hub_store_t *store, int64_t hh, hub_signal_envelope_fn *fn,
                                void *arg) HUB_STORE_MUST_CHECK;

/*  Signal seq belongs to household hh now, outside any case (an unlink).     */
int hub_store_signal_move (hub_store_t *store, uint64_t seq, int64_t hh) HUB_STORE_MUST_CHECK;

/*  Every signal of hh is part of its case now (regie was claimed).           */
int hub_store_signals_part_of_case (hub_store_t *store, int64_t hh) HUB_STORE_MUST_CHECK;

/* ---- signals not received ------------------------------------------------ */

/*  A signal whose recipient's agent had not acknowledged it: an acute one
    is never left unseen (hub_signals.h, the unseen timer).                 */
typedef struct {
    uint64_t seq;
    uint8_t id [PROTO_ID_BYTES];        /* the signal's message id           */
    int64_t hh;
    char partner [PROTO_MAX_PARTNER_ID_BYTES + 1];      /* who raised it     */
    char recipient [PROTO_MAX_PARTNER_ID_BYTES + 1];
    char severity [PROTO_MAX_TAXON_BYTES + 1];
    uint64_t ts;                        /* when the hub took it              */
} hub_signal_unseen_t;

/*  Signals of severity taken at or before before whose delivery to their
    recipient is still waiting for its acknowledgement, and that nobody has
    been told of yet; oldest first, at most max.                             */
int hub_store_signals_unseen (hub_store_t *store, const char *severity, uint64_t before,
                              hub_signal_unseen_t *out, size_t max, size_t *count)
    HUB_STORE_MUST_CHECK;

/*  Signals told of as not received whose recipient has acknowledged them
    since, and whose sender has not been told so yet; at most max.           */
int hub_store_signals_seen_late (hub_store_t *store, hub_signal_unseen_t *out, size_t max,
                                 size_t *count) HUB_STORE_MUST_CHECK;

/*  The marks, each in the transaction of its notices: told at now that
    signal seq was not received, and that it now is.                          */
int hub_store_signal_unseen_told (hub_store_t *store, uint64_t seq, uint64_t now)
    HUB_STORE_MUST_CHECK;
int hub_store_signal_seen_told (hub_store_t *store, uint64_t seq, uint64_t now)
    HUB_STORE_MUST_CHECK;

/* ---- the archive ------------------------------------------------------------ */

/*  The partners of hh's archive that no signal has told of yet (contact
    ""; since their first archived signal).                                  */
int hub_store_archive_untold (hub_store_t *store, int64_t hh, hub_signal_party_t *out,
                              size_t max, size_t *count) HUB_STORE_MUST_CHECK;

/*  hh's archive has been told of: once is enough.                            */
int hub_store_archive_told (hub_store_t *store, int64_t hh) HUB_STORE_MUST_CHECK;

/* ---- matches ---------------------------------------------------------------- */

typedef struct {
    int64_t hh;
    char team [PROTO_MAX_PARTNER_ID_BYTES + 1];     /* "" when none          */
} hub_match_row_t;

/*  A match party due for the timers, with its match.                        */
typedef struct {
    uint8_t match [PROTO_ID_BYTES];
    int64_t hh;
    char partner [PROTO_MAX_PARTNER_ID_BYTES + 1];
    char team [PROTO_MAX_PARTNER_ID_BYTES + 1];
    uint64_t deadline;
} hub_match_due_t;

/*  A match of hh made at created; team may be NULL.                          */
int hub_store_match_add (hub_store_t *store, const uint8_t match [PROTO_ID_BYTES], int64_t hh,
                         uint64_t created, uint64_t deadline, uint64_t escalate_at,
                         const char *team) HUB_STORE_MUST_CHECK;

/*  partner is a party of match (once, however often it is added).           */
int hub_store_match_party_add (hub_store_t *store, const uint8_t match [PROTO_ID_BYTES],
                               const char *partner) HUB_STORE_MUST_CHECK;

int hub_store_match_get (hub_store_t *store, const uint8_t match [PROTO_ID_BYTES],
                         hub_match_row_t *out) HUB_STORE_MUST_CHECK;

/*  A partner's part in a match: which of its marks are set.                 */
typedef struct {
    bool confirmed, reminded, escalated;
} hub_match_party_t;

/*  Whether partner is a party of match: 1 with its marks, 0 when not.       */
int hub_store_match_party (hub_store_t *store, const uint8_t match [PROTO_ID_BYTES],
                           const char *partner, hub_match_party_t *out) HUB_STORE_MUST_CHECK;

/*  Whether a match of hh made at or after since names partner: its signal
    is matched already.                                                       */
int hub_store_match_since_names (hub_store_t *store, int64_t hh, const char *partner,
                                 uint64_t since) HUB_STORE_MUST_CHECK;

/*  Whether one match of hh made at or after since names every partner that
    signalled about hh since then.                                            */
int hub_store_match_since_names_all (hub_store_t *store, int64_t hh, uint64_t since)
    HUB_STORE_MUST_CHECK;

/*  Contact confirmed at now with outcome: for every party not confirmed yet
    (the intake or regisseur confirms for all), or for partner alone.        */
int hub_store_match_confirm_all (hub_store_t *store, const uint8_t match [PROTO_ID_BYTES],
                                 uint64_t now, const char *outcome) HUB_STORE_MUST_CHECK;
int hub_store_match_confirm_party (hub_store_t *store, const uint8_t match [PROTO_ID_BYTES],
                                   const char *partner, uint64_t now, const char *outcome)
    HUB_STORE_MUST_CHECK;

/*  Unconfirmed parties whose match's deadline passed by now and who were
    not reminded; and those reminded whose match is due for escalation by
    now and who were not escalated.                                          */
int hub_store_match_parties_to_remind (hub_store_t *store, uint64_t now, hub_match_due_t *out,
                                       size_t max, size_t *count) HUB_STORE_MUST_CHECK;
int hub_store_match_parties_to_escalate (hub_store_t *store, uint64_t now, hub_match_due_t *out,
                                         size_t max, size_t *count) HUB_STORE_MUST_CHECK;

int hub_store_match_party_reminded (hub_store_t *store, const uint8_t match [PROTO_ID_BYTES],
                                    const char *partner, uint64_t now) HUB_STORE_MUST_CHECK;
int hub_store_match_party_escalated (hub_store_t *store, const uint8_t match [PROTO_ID_BYTES],
                                     const char *partner, uint64_t now) HUB_STORE_MUST_CHECK;

/* ---- referrals -------------------------------------------------------------- */

typedef struct {
    int64_t hh;
    char team [PROTO_MAX_PARTNER_ID_BYTES + 1];
    char referrer [PROTO_MAX_PARTNER_ID_BYTES + 1];
    char introducer [PROTO_MAX_PARTNER_ID_BYTES + 1];
    char status [PROTO_MAX_TAXON_BYTES + 1];        /* open, accepted, declined */
} hub_referral_row_t;

/*  An open referral (message seq, id) of hh to team at ts.                   */
int hub_store_referral_add (hub_store_t *store, uint64_t seq, const uint8_t id [PROTO_ID_BYTES],
                            int64_t hh, const char *team, const char *referrer,
                            const char *introducer, uint64_t ts) HUB_STORE_MUST_CHECK;

int hub_store_referral_get (hub_store_t *store, const uint8_t id [PROTO_ID_BYTES],
                            hub_referral_row_t *out) HUB_STORE_MUST_CHECK;

/*  Declined at now by the message seq (kept, so that retention can remove
    the decline with the referral).                                           */
int hub_store_referral_decline (hub_store_t *store, const uint8_t id [PROTO_ID_BYTES],
                                uint64_t now, uint64_t seq) HUB_STORE_MUST_CHECK;

int hub_store_referral_accept (hub_store_t *store, const uint8_t id [PROTO_ID_BYTES],
                               uint64_t now) HUB_STORE_MUST_CHECK;

/*  What accepting a referral commits the introducing partner to: being
    available again when the intensive phase ends, proposed at now by
    author and due at due, following from the claim (message seq) that
    accepted the referral - the signed message it rests on.                   */
int hub_store_continuity_agreement_add (hub_store_t *store,
                                        const uint8_t agreement [PROTO_ID_BYTES], int64_t hh,
                                        const char *introducer, const char *regisseur,
                                        uint64_t due, uint64_t now, uint64_t seq,
                                        const char *author) HUB_STORE_MUST_CHECK;

/* ---- escalations ------------------------------------------------------------ */

/*  An escalation of hh (0: of no household) raised at created to partner,
    the escalation role of team; object (NULL or PROTO_ID_BYTES) is what it
    is about, history the words that led there.                               */
int hub_store_escalation_add (hub_store_t *store, const uint8_t id [PROTO_ID_BYTES], int64_t hh,
                              const char *team, const char *partner, const char *reason,
                              const uint8_t *object, const char *history, uint64_t created)
    HUB_STORE_MUST_CHECK;

/*  Whether escalation id was raised to partner or to team (not ""); *open
    whether it is unresolved.                                                 */
int hub_store_escalation_raised_to (hub_store_t *store, const uint8_t id [PROTO_ID_BYTES],
                                    const char *partner, const char *team, bool *open)
    HUB_STORE_MUST_CHECK;

int hub_store_escalation_resolve (hub_store_t *store, const uint8_t id [PROTO_ID_BYTES],
                                  uint64_t now, const char *by, const char *note)
    HUB_STORE_MUST_CHECK;

/*  The household escalation id is about (0: none): 1 found, 0 none, -1.      */
int hub_store_escalation_household (hub_store_t *store, const uint8_t id [PROTO_ID_BYTES],
                                    int64_t *hh) HUB_STORE_MUST_CHECK;

#endif
