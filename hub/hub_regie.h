/*  hub_regie.h - the regie workflows: signals, referrals, the regiecheck,
    the regie lifecycle, consent and escalation, flows 1-5 and 7 of
    DOMAIN.md; and what they share with the other workflows.

    One household, one plan, one regisseur. A household is known to the hub
    only by pseudonyms (person_ref, address_ref) linked to a number. Regie
    over it is held by at most one team at a time: a claim runs the
    regiecheck in the same transaction as the change, and the hub has one
    writer, so of two simultaneous claims exactly one wins. Need-to-know
    decides what a partner may learn: a partner without a relation to a
    household gets exactly the answer for an unknown household.

    One file per job, each with its header. A handler that may refuse runs
    inside the message's savepoint (a refusal undoes all it did); every
    handler keeps its state through the store's repositories
    (hub_store_households.h, hub_store_signals.h), never in SQL of its own:
      hub_household    finding or creating the household, need-to-know,
                       who directs it, notices about it
      hub_signals      a signal: stored, routed, matched, loose refs
      hub_referrals    referral, decline, claim
      hub_check        the regiecheck
      hub_lifecycle    phase, transfer, release (and close), the end of
                       follow-up windows
      hub_join         link, unlink, move: one household known twice
      hub_consent      consent, its withdrawal, the priority list
      hub_escalation   escalations, match confirmation, the match timers
    Their timers are rows of the hub's timer table (hub_timers.h).
    This header brings the shared part (households, escalations) and the
    small helpers below, for the rounds and reports too.
*/
#ifndef HUB_REGIE_H_INCLUDED
#define HUB_REGIE_H_INCLUDED

#include "hub.h"
#include "hub_limits.h"
#include "hub_household.h"
#include "hub_escalation.h"
#include "hub_codes.h"

/*  Helpers shared by the workflows (hub_regie.c).
    hub_refuse refuses msg for reason (its result code comes with it) and
    returns the reason's argument set, empty, to fill with the arguments
    hub_codes.h lists for it; hub_note sets the receipt's note code alike.
    The hub writes no sentence: the reader renders the code.                 */
proto_args_t *hub_refuse (hub_msg_t *msg, hub_reason_t reason);
proto_args_t *hub_note (hub_msg_t *msg, hub_note_t note);
void hub_date (char *out, size_t outlen, uint64_t ms);      /* YYYY-MM-DD, local */

/*  now plus n working days (Monday to Friday), in ms.                       */
uint64_t hub_working_days (uint64_t now, unsigned n);

/*  A partner's name and contact from its certificate ("name, contact"), for
    answers and refusals that say whom to call.                              */
void hub_contact (hub_t *hub, const char *partner, char *out, size_t outlen);

/*  Adds partner as argument key (PROTO_ARG_PARTNER, _CASEMANAGER, ...) with
    its display name and, when with_contact, its contact, from its
    certificate (a partner the hub does not know: its id only).              */
void hub_args_partner (hub_t *hub, proto_args_t *args, proto_arg_key_t key, const char *partner,
                       bool with_contact);

#endif
