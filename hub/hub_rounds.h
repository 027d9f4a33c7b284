/*  hub_rounds.h - coordination rounds, agreements and their monitoring,
    and the round minutes: flows 6 and 7 of DOMAIN.md.

    The regisseur meets the partners every three months for at most
    eighteen months. Rounds, agreements, progress and minutes go only to
    partners covered by consent or legal basis (the hub enforces it, not the
    agent). An agreement is accepted only by its owner's own signed message,
    which the store keeps as proof. The timers remind owners before a due
    date, mark agreements overdue, chase unaccepted ones and escalate what
    the ordinary route does not move; each timer's state is written in the
    same transaction as its notice, so a restart never loses or repeats one.
*/
#ifndef HUB_ROUNDS_H_INCLUDED
#define HUB_ROUNDS_H_INCLUDED

#include "hub.h"
#include "hub_limits.h"


int hub_rounds_schedule (hub_t *hub, hub_msg_t *msg);
int hub_rounds_progress (hub_t *hub, hub_msg_t *msg);
int hub_rounds_held (hub_t *hub, hub_msg_t *msg);
int hub_rounds_minutes_request (hub_t *hub, hub_msg_t *msg);
int hub_rounds_agreement (hub_t *hub, hub_msg_t *msg);
int hub_rounds_agreement_accept (hub_t *hub, hub_msg_t *msg);
int hub_rounds_agreement_status (hub_t *hub, hub_msg_t *msg);

int hub_rounds_tick (hub_t *hub, uint64_t now);

#endif
