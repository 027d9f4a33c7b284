/*  hub_rounds.h - coordination rounds, the partners' progress reports and
    the round minutes: flow 6 of DOMAIN.md (its agreements and their
    monitoring are hub_agreements.h).

    The regisseur meets the partners every three months for at most
    eighteen months. Invitations, progress and minutes go only to partners
    covered by consent or legal basis (the hub enforces it, not the agent).
    The minutes are built from what is recorded when they are sent or asked
    for. Before a round the timer asks every invited partner who has not
    reported yet, once; its mark is written in the same transaction as its
    notices, so a restart never loses or repeats one.
*/
#ifndef HUB_ROUNDS_H_INCLUDED
#define HUB_ROUNDS_H_INCLUDED

#include "hub.h"
#include "hub_limits.h"

/*  The message handlers; each returns 0, or -1 on a store error, and sets
    msg->refuse for a refusal.                                                */
int hub_rounds_schedule (hub_t *hub, hub_msg_t *msg);
int hub_rounds_progress (hub_t *hub, hub_msg_t *msg);
int hub_rounds_held (hub_t *hub, hub_msg_t *msg);
int hub_rounds_minutes_request (hub_t *hub, hub_msg_t *msg);

/*  Timer (a row of hub_timers.c): progress reports asked for before a
    round, at most HUB_TICK_ROUNDS rounds per run. 0, or -1 on a store
    error.                                                                   */
int hub_rounds_ask_reports (hub_t *hub, uint64_t now);

#endif
