/*  hub_escalation.h - what goes to a team's escalation role when help
    stalls (flow 7 of DOMAIN.md), the confirmation of a match that prevents
    it, and the regie timers.

    An escalation carries the history that led there and stays open until
    the escalation role resolves it. A match's parties confirm contact by
    its deadline; the timers remind each unconfirmed party once and
    escalate after HUB_MATCH_ESCALATE_DAYS more working days. The same tick
    moves expired signals into the archive (retention, at most once per
    HUB_RETENTION_INTERVAL_MS) and ends follow-up windows.
*/
#ifndef HUB_ESCALATION_H_INCLUDED
#define HUB_ESCALATION_H_INCLUDED

#include "hub.h"

/*  Raises an escalation to team's escalation role (the default team's when
    team is NULL or unknown; its intake when it has none) with the history
    that led there; about household hh (0: none) and object (NULL or an
    id). 0 or -1.                                                             */
int hub_regie_escalate (hub_t *hub, int64_t hh, const char *team, const char *reason,
                        const uint8_t *object, const char *history, uint64_t now);

/*  The "match_confirm" and "escalation_resolve" handlers: 0, or -1 on a
    store error; a refusal is set in msg.                                     */
int hub_escalation_match_confirm (hub_t *hub, hub_msg_t *msg);
int hub_escalation_resolve (hub_t *hub, hub_msg_t *msg);

/*  The regie timers, at most once per HUB_TIMER_INTERVAL_MS: match
    reminders and escalations, retention, the end of follow-up windows.     */
int hub_escalation_tick (hub_t *hub, uint64_t now);

#endif
