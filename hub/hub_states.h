/*  hub_states.h - the states of what the workflows track, and the only
    ways between them.

    An agreement, a referral, a party to a match and a household's phase
    each move through a few states. Each has one transition table here: a
    handler asks whether an event may happen in the current state and gets
    the next state or the reason it may not - it never compares status
    strings itself. The tables are data, so a test can walk every cell and
    a reader can see every rule at once. The stored form (the status text in
    the store, which minutes and reports show) is read and written only
    through the functions below.
*/
#ifndef HUB_STATES_H_INCLUDED
#define HUB_STATES_H_INCLUDED

#include <stdbool.h>
#include "proto_types.h"

/*  Why an event may not happen.                                             */
typedef enum {
    HUB_MOVE_OK = 0,
    HUB_MOVE_FINISHED,          /* the thing is closed (done, withdrawn,
                                   declined, accepted, confirmed)            */
    HUB_MOVE_TOO_EARLY,         /* a step before it is missing: an agreement
                                   not accepted, a party not reminded        */
    HUB_MOVE_ACCEPTED,          /* an agreement was accepted already         */
    HUB_MOVE_SAME,              /* it is in that state already               */
    HUB_MOVE_NEEDS_REASON       /* moving back needs a reason                */
} hub_move_t;

/* ---- agreements ---------------------------------------------------------- */

/*  An agreement past its due date is overdue whether or not its owner had
    accepted it; the two stay apart because only one may still be accepted. */
typedef enum {
    HUB_AGREEMENT_PROPOSED,     /* waiting for its owner's acceptance        */
    HUB_AGREEMENT_ACCEPTED,
    HUB_AGREEMENT_LATE,         /* overdue, never accepted                   */
    HUB_AGREEMENT_OVERDUE,      /* overdue, accepted                         */
    HUB_AGREEMENT_STAGNATED,    /* the owner reports that help stalls        */
    HUB_AGREEMENT_DONE,
    HUB_AGREEMENT_WITHDRAWN,
    HUB_AGREEMENT_STATES
} hub_agreement_state_t;

typedef enum {
    HUB_AGREEMENT_ACCEPT,       /* the owner signs it                        */
    HUB_AGREEMENT_FINISH,       /* the owner marks it done                   */
    HUB_AGREEMENT_STALL,        /* the owner reports stagnation              */
    HUB_AGREEMENT_WITHDRAW,     /* the regisseur takes it back               */
    HUB_AGREEMENT_FALL_DUE,     /* the timer: its due date passed            */
    HUB_AGREEMENT_EVENTS
} hub_agreement_event_t;

/*  The state of a stored agreement from its status text and whether its
    owner's acceptance is kept; false for a status the hub never writes.     */
bool hub_agreement_state (const char *status, bool accepted, hub_agreement_state_t *state);
/*  The status text the store keeps and readers see.                          */
const char *hub_agreement_status (hub_agreement_state_t state);
/*  Whether event may happen in from: HUB_MOVE_OK with *to, or why not.       */
hub_move_t hub_agreement_move (hub_agreement_state_t from, hub_agreement_event_t event,
                               hub_agreement_state_t *to);
/*  The event of an agreement_status message's status term, false for one
    the table does not know (a configured term without a rule).              */
bool hub_agreement_event (const char *status, hub_agreement_event_t *event);

/* ---- referrals ----------------------------------------------------------- */

typedef enum {
    HUB_REFERRAL_OPEN,
    HUB_REFERRAL_ACCEPTED,      /* a claim took it                           */
    HUB_REFERRAL_DECLINED,
    HUB_REFERRAL_STATES
} hub_referral_state_t;

typedef enum {
    HUB_REFERRAL_CLAIM,
    HUB_REFERRAL_DECLINE,
    HUB_REFERRAL_EVENTS
} hub_referral_event_t;

bool hub_referral_state (const char *status, hub_referral_state_t *state);
const char *hub_referral_status (hub_referral_state_t state);
hub_move_t hub_referral_move (hub_referral_state_t from, hub_referral_event_t event,
                              hub_referral_state_t *to);

/* ---- a partner's part in a match ------------------------------------------ */

typedef enum {
    HUB_PARTY_OPEN,             /* contact not confirmed yet                 */
    HUB_PARTY_REMINDED,         /* past the deadline, reminded once          */
    HUB_PARTY_ESCALATED,        /* still not confirmed: escalated            */
    HUB_PARTY_CONFIRMED,
    HUB_PARTY_STATES
} hub_party_state_t;

typedef enum {
    HUB_PARTY_CONFIRM,
    HUB_PARTY_REMIND,           /* the timer, at the deadline                */
    HUB_PARTY_ESCALATE,         /* the timer, after the reminder             */
    HUB_PARTY_EVENTS
} hub_party_event_t;

/*  A party's state from its stored marks.                                   */
hub_party_state_t hub_party_state (bool confirmed, bool reminded, bool escalated);
hub_move_t hub_party_move (hub_party_state_t from, hub_party_event_t event,
                           hub_party_state_t *to);

/* ---- a household's phase --------------------------------------------------- */

/*  What a phase message does: the phases are the configured list, in order;
    the last one closes regie.                                               */
typedef enum {
    HUB_PHASE_FORWARD,
    HUB_PHASE_BACK,             /* allowed with a reason                     */
    HUB_PHASE_CLOSE             /* to the last phase: regie ends             */
} hub_phase_step_t;

/*  Whether a household in phase from (an index in the list of count phases,
    -1 when its phase is no longer configured) may go to phase to.           */
hub_move_t hub_phase_move (int from, int to, size_t count, bool has_reason,
                           hub_phase_step_t *step);

/*  Whether every cell of every table says what happens (for the tests).     */
bool hub_states_complete (void);

#endif
