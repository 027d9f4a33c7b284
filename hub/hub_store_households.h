/*  hub_store_households.h - the households the hub knows, their regie and
    who may share about them.

    households              one row per household: who holds regie over it
                            (team, casemanager, phase, since), the follow-up
                            window after regie ended, the priority list, the
                            first referral (for reports).
    household_refs          the pseudonyms (person_ref, address_ref) that find
                            a household now; a ref belongs to one household.
    household_former_refs   an address a household moved away from, with the
                            time it lived there (since <= ts < until): it no
                            longer finds the household, but what was said
                            about it then stays the household's (inzage,
                            retention).
    phases                  every change of regie and phase, for the record.
    consent                 consent or legal basis per household and partner.
    deputies                a casemanager's deputy for a period.

    The regie workflows decide; this repository keeps what they decided, so
    that they speak no SQL. Two households found to be one are joined here
    in one call: every table that names a household moves along, so that a
    new table cannot be forgotten in a workflow (workflow_regie.sh checks
    that none is left out).

    A ref's kind is "person" or "address", as stored. Every function runs
    inside the caller's transaction; reads return 1 (found, row filled), 0
    (not found) or -1 (store error), writes and listings 0 or -1.
*/
#ifndef HUB_STORE_HOUSEHOLDS_H_INCLUDED
#define HUB_STORE_HOUSEHOLDS_H_INCLUDED

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include "proto_limits.h"
#include "hub_store.h"

/*  A household's row. Texts are "" where the column is NULL.               */
typedef struct {
    int64_t hh;
    char team [PROTO_MAX_PARTNER_ID_BYTES + 1];         /* "": nobody holds regie */
    char casemanager [PROTO_MAX_PARTNER_ID_BYTES + 1];
    char phase [PROTO_MAX_TAXON_BYTES + 1];
    char former_team [PROTO_MAX_PARTNER_ID_BYTES + 1];  /* in follow-up          */
    char former_casemanager [PROTO_MAX_PARTNER_ID_BYTES + 1];
    uint64_t since;                                     /* regie held since      */
    uint64_t closed_at, follow_up_until;
    bool priority;
} hub_household_row_t;

/* ---- households and their refs ------------------------------------------- */

/*  Household hh's row.                                                       */
int hub_store_household_get (hub_store_t *store, int64_t hh, hub_household_row_t *out)
    HUB_STORE_MUST_CHECK;

/*  The household a ref finds now (*hh, 0 when none).                        */
int hub_store_household_of_ref (hub_store_t *store, const uint8_t ref [PROTO_REF_BYTES],
                                int64_t *hh) HUB_STORE_MUST_CHECK;

/*  A new household without refs or regie, created at now; *hh its number.   */
int hub_store_household_create (hub_store_t *store, uint64_t now, int64_t *hh)
    HUB_STORE_MUST_CHECK;

/*  Links ref (of kind) to hh, added at now. A ref that finds a household
    already keeps it: callers join or retire it first.                      */
int hub_store_household_ref_add (hub_store_t *store, int64_t hh,
                                 const uint8_t ref [PROTO_REF_BYTES], const char *kind,
                                 uint64_t now) HUB_STORE_MUST_CHECK;

/*  Takes ref off its household, leaving no trace (an unlink: it was never
    the household's).                                                         */
int hub_store_household_ref_remove (hub_store_t *store, const uint8_t ref [PROTO_REF_BYTES])
    HUB_STORE_MUST_CHECK;

/*  How many refs find household hh.                                          */
int hub_store_household_ref_count (hub_store_t *store, int64_t hh, int64_t *count)
    HUB_STORE_MUST_CHECK;

/*  The first person_ref and the first address_ref linked to hh (oldest
    first), to name the household in a notice; each has_ flag says whether
    there is one. 1 when hh has a ref, 0 when none.                          */
int hub_store_household_subject (hub_store_t *store, int64_t hh,
                                 uint8_t person [PROTO_REF_BYTES],
                                 uint8_t address [PROTO_REF_BYTES], bool *has_person,
                                 bool *has_address) HUB_STORE_MUST_CHECK;

/*  The objects a message can name instead of a subject.                     */
typedef enum {
    HUB_OBJECT_ROUND,
    HUB_OBJECT_AGREEMENT,
    HUB_OBJECT_MATCH,
    HUB_OBJECT_ESCALATION
} hub_object_t;

/*  The household the object id of kind belongs to: 1 with *hh (0 for an
    escalation about no household), 0 when no such object is known.         */
int hub_store_object_household (hub_store_t *store, hub_object_t kind,
                                const uint8_t id [PROTO_ID_BYTES], int64_t *hh)
    HUB_STORE_MUST_CHECK;

/*  Whether partner has a relation with hh that lets it learn who holds
    regie: it signalled (now or archived), referred or introduced, or owns
    an agreement. Consent is asked separately (hub_store_consent_covers).  */
int hub_store_household_related (hub_store_t *store, int64_t hh, const char *partner)
    HUB_STORE_MUST_CHECK;

/*  The first referral's time, kept once (for the reports).                  */
int hub_store_household_referred (hub_store_t *store, int64_t hh, uint64_t now)
    HUB_STORE_MUST_CHECK;

int hub_store_household_set_priority (hub_store_t *store, int64_t hh, bool on)
    HUB_STORE_MUST_CHECK;

/*  After an unlink: the household made for the ref dates from the first
    signal that went with it.                                                 */
int hub_store_household_created_at_first_signal (hub_store_t *store, int64_t hh)
    HUB_STORE_MUST_CHECK;

/* ---- regie and phases ----------------------------------------------------- */

/*  team's casemanager holds regie over hh in phase. since (and the phase's
    start) is now when nobody held it, else unchanged (a claim again by the
    holding team); a follow-up window ends.                                   */
int hub_store_household_claim (hub_store_t *store, int64_t hh, const char *team,
                               const char *casemanager, const char *phase, uint64_t now)
    HUB_STORE_MUST_CHECK;

int hub_store_household_set_phase (hub_store_t *store, int64_t hh, const char *phase,
                                   uint64_t now) HUB_STORE_MUST_CHECK;

/*  Regie passes to team's casemanager, since now; the phase stays.          */
int hub_store_household_transfer (hub_store_t *store, int64_t hh, const char *team,
                                  const char *casemanager, uint64_t now) HUB_STORE_MUST_CHECK;

/*  Regie ends at now in the last phase; the team and casemanager become the
    former ones, who receive new signals until follow_up_until.              */
int hub_store_household_close (hub_store_t *store, int64_t hh, const char *phase, uint64_t now,
                               uint64_t follow_up_until) HUB_STORE_MUST_CHECK;

/*  Every follow-up window that ended by now is forgotten: signals go to the
    intake again.                                                             */
int hub_store_households_end_follow_up (hub_store_t *store, uint64_t now) HUB_STORE_MUST_CHECK;

/*  One line of the phase log; team and reason may be NULL.                   */
int hub_store_phase_log (hub_store_t *store, int64_t hh, uint64_t ts, const char *phase,
                         const char *team, const char *author, const char *reason)
    HUB_STORE_MUST_CHECK;

/* ---- one household known twice, a move ------------------------------------ */

/*  Household other becomes part of into and goes: its refs, former refs,
    phases, signals, archive, matches, referrals, consent, escalations,
    agreements and rounds become into's. Its signals count as part of a case
    when into is under regie; its archived involvement adds to into's (told
    already); into keeps the earliest creation and referral and the priority
    of either; a follow-up window of other goes on in into while nobody
    holds regie there.                                                        */
int hub_store_household_join (hub_store_t *store, int64_t into, int64_t other)
    HUB_STORE_MUST_CHECK;

/*  ref no longer finds its household: it is kept as that household's former
    ref until until (the people who lived at an address before a move in).  */
int hub_store_household_ref_retire (hub_store_t *store, const uint8_t ref [PROTO_REF_BYTES],
                                    uint64_t until) HUB_STORE_MUST_CHECK;

/*  hh moves to address at now: its addresses become former ones until now
    (except address itself, when it was one of them already) and address is
    its one address.                                                          */
int hub_store_household_move (hub_store_t *store, int64_t hh,
                              const uint8_t address [PROTO_REF_BYTES], uint64_t now)
    HUB_STORE_MUST_CHECK;

/* ---- consent and legal basis ---------------------------------------------- */

/*  Whether partner has consent or a legal basis for hh at now: recorded,
    not withdrawn, valid_from <= now < valid_until.                          */
int hub_store_consent_covers (hub_store_t *store, int64_t hh, const char *partner, uint64_t now)
    HUB_STORE_MUST_CHECK;

/*  Whether partner has a basis for hh that neither ended nor was withdrawn
    at now: covering now, or still to start. Such a basis may be withdrawn.  */
int hub_store_consent_standing (hub_store_t *store, int64_t hh, const char *partner, uint64_t now)
    HUB_STORE_MUST_CHECK;

/*  The partners covered for hh at now, up to max (the rest left out).       */
int hub_store_consent_partners (hub_store_t *store, int64_t hh, uint64_t now,
                                char (*partners) [PROTO_MAX_PARTNER_ID_BYTES + 1], size_t max,
                                size_t *count) HUB_STORE_MUST_CHECK;

/*  Records partner's basis for hh, valid from .. until, at now; replaces an
    earlier one (withdrawn or not).                                           */
int hub_store_consent_record (hub_store_t *store, int64_t hh, const char *partner,
                              const char *basis, uint64_t from, uint64_t until, uint64_t now)
    HUB_STORE_MUST_CHECK;

/*  partner's basis for hh ends at now.                                       */
int hub_store_consent_withdraw (hub_store_t *store, int64_t hh, const char *partner,
                                uint64_t now) HUB_STORE_MUST_CHECK;

/* ---- a casemanager's deputy ----------------------------------------------- */

/*  casemanager's deputy (of team) stands in from .. until, named by by at
    now; replaces the one named before.                                       */
int hub_store_deputy_set (hub_store_t *store, const char *casemanager, const char *team,
                          const char *deputy, uint64_t from, uint64_t until, const char *by,
                          uint64_t now) HUB_STORE_MUST_CHECK;

/*  casemanager's deputy whose period has not ended at now (running, or
    still to start): 1 with deputy, from and until set, 0 none, -1.
    With running, only one standing in at now (from <= now < until).         */
int hub_store_deputy_get (hub_store_t *store, const char *casemanager, uint64_t now, bool running,
                          char deputy [PROTO_MAX_PARTNER_ID_BYTES + 1], uint64_t *from,
                          uint64_t *until) HUB_STORE_MUST_CHECK;

/*  casemanager's deputy's period ends at now (one still to start goes).     */
int hub_store_deputy_end (hub_store_t *store, const char *casemanager, uint64_t now)
    HUB_STORE_MUST_CHECK;

#endif
