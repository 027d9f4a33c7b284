/*  hub_lifecycle.h - regie over a household through its phases (flow 4 of
    DOMAIN.md): the regisseur moves the phase on (back only with a reason),
    regie is transferred to another team's casemanager, or released.

    Reaching the last phase, or a release, closes regie: the team and its
    casemanager become the former ones and keep receiving new signals
    during the follow-up window, until a timer ends it. Every change is
    logged as a phase line.
*/
#ifndef HUB_LIFECYCLE_H_INCLUDED
#define HUB_LIFECYCLE_H_INCLUDED

#include "hub.h"

/*  The "phase", "transfer" and "release" handlers: 0, or -1 on a store
    error; a refusal is set in msg.                                           */
int hub_lifecycle_phase (hub_t *hub, hub_msg_t *msg);
int hub_lifecycle_transfer (hub_t *hub, hub_msg_t *msg);
int hub_lifecycle_release (hub_t *hub, hub_msg_t *msg);

/*  Timer (a row of hub_timers.c): every follow-up window that ended by now
    is forgotten, so signals go to the intake again. 0, or -1.              */
int hub_lifecycle_follow_up_end (hub_t *hub, uint64_t now);

#endif
