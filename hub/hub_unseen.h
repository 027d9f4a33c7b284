/*  hub_unseen.h - nobody misses what is urgent: a signal whose recipient's
    agent has not received it in time (flow 1 of DOMAIN.md; issue "urgent
    notifications").

    A signal is delivered to one partner (the regisseur, the former one in
    follow-up, or the team's intake); the hub knows it arrived when that
    agent acknowledges the delivery. When a signal of a severity with a
    configured wait (hub.conf unseen/, default: acuut after 15 minutes) is
    still unacknowledged after it, the team's intake and escalation role are
    told ("acute_unseen", other than the recipient itself), and so is its
    sender ("signal_unseen"); once the recipient's agent has it, the sender
    learns that too ("signal_seen"). Each is told once: the marks are
    written in the transaction of the notices, so a restart never repeats or
    loses one.
*/
#ifndef HUB_UNSEEN_H_INCLUDED
#define HUB_UNSEEN_H_INCLUDED

#include "hub.h"

/*  The timer (a row of hub_timers.c): at most HUB_TICK_BATCH signals of each
    kind per run. 0, or -1 on a store error.                                  */
int hub_unseen_timer (hub_t *hub, uint64_t now);

#endif
