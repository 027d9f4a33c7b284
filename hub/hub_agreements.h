/*  hub_agreements.h - the agreements of flow 6 of DOMAIN.md, their
    monitoring, and the escalations (flow 7) when they stall.

    The regisseur proposes an agreement to one owner, at a round or between
    rounds; the owner must be covered by consent or legal basis, or belong
    to the team that holds regie. It is accepted only by its owner's own
    signed message, which the store keeps as proof. The timers remind owners
    before a due date, mark agreements overdue, chase unaccepted ones and
    escalate what the ordinary route does not move; each timer's state is
    written in the same transaction as its notice, so a restart never loses
    or repeats one.
*/
#ifndef HUB_AGREEMENTS_H_INCLUDED
#define HUB_AGREEMENTS_H_INCLUDED

#include "hub.h"
#include "hub_limits.h"

/*  The message handlers (types agreement, agreement_accept and
    agreement_status); each returns 0, or -1 on a store error, and sets
    msg->refuse for a refusal.                                                */
int hub_agreements_propose (hub_t *hub, hub_msg_t *msg);
int hub_agreements_accept (hub_t *hub, hub_msg_t *msg);
int hub_agreements_status (hub_t *hub, hub_msg_t *msg);

/*  Timers (rows of hub_timers.c), each taking at most HUB_TICK_AGREEMENTS
    agreements per run: the reminder to the owner before the due date, the
    overdue notice to owner and regisseur, the chase of an unaccepted one,
    the escalation of one still overdue. 0, or -1 on a store error.          */
int hub_agreements_remind (hub_t *hub, uint64_t now);
int hub_agreements_overdue (hub_t *hub, uint64_t now);
int hub_agreements_chase (hub_t *hub, uint64_t now);
int hub_agreements_escalate (hub_t *hub, uint64_t now);

#endif
