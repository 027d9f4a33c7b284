/*  hub_signals.h - a partner's signal about a household (flow 1 of
    DOMAIN.md): stored, routed to whoever takes care of the household, and
    matched with the other partners concerned about it.

    A signal goes to the regisseur when the household is under regie, to the
    former regisseur while a follow-up window runs, else to the intake of
    the responsible team. It is never refused: a partner's concern is always
    kept and passed on. Matches name who else is concerned and whom to
    contact, never another partner's text.
*/
#ifndef HUB_SIGNALS_H_INCLUDED
#define HUB_SIGNALS_H_INCLUDED

#include "hub_household.h"

/*  The "signal" handler: 0, or -1 on a store error.                          */
int hub_signals_receive (hub_t *hub, hub_msg_t *msg);

/*  A match for h when two or more partners signalled about it within the
    window, told to each of them and to recipient (intake or regisseur) of
    team. newcomer is the partner whose signal may make a new match, or NULL
    after a join (a new match unless one match of the window names every
    partner that signalled). 0 or -1.                                          */
int hub_signals_match (hub_t *hub, hub_msg_t *msg, const hub_household_t *h, const char *recipient,
                       const char *team, const char *newcomer);

#endif
