/*  hub_act.h - the one place that acts on what the workflows decided.

    A workflow returns its decision in hub->outcome (hub_outcome.h); the
    router calls hub_act_msg once the message's handler ran and did not
    refuse it, or hub_act_tick after the timers. Here, and nowhere in the
    workflows, the hub's own messages are signed, stored and queued with
    their audit entries, a message is queued for its recipients, its one
    audit entry names them, and an answer is signed. Everything happens in
    the open transaction: nothing reaches a partner before it commits, and
    the recipients are marked for the sessions only then (hub_queued_take).
*/
#ifndef HUB_ACT_H_INCLUDED
#define HUB_ACT_H_INCLUDED

#include "hub.h"

/*  Acts on hub->outcome for msg, writes msg's own audit entry - action its
    type, result followed by where it was queued ("stored; to a, b"), or
    result alone when it goes to no one - and clears the outcome. Names are
    never cut: past HUB_MSG_MAX_TO, or what fits the entry, each further
    recipient gets an entry of its own (action "queued", result "to ID").
    0, or -1 on a store error.                                              */
int hub_act_msg (hub_t *hub, hub_msg_t *msg, const char *result);

/*  Acts on what a timer run decided (its hub messages) and clears it.       */
int hub_act_tick (hub_t *hub);

/*  Queues message seq for delivery to recipient (a partner id) and notes
    the recipient in hub->queued.                                            */
int hub_deliver (hub_t *hub, const char *recipient, uint64_t seq);

/*  Calls fn for each recipient queued for since the last take or clear, and
    forgets them: the router marks their sessions once the commit is
    durable.                                                                 */
typedef void (hub_queued_fn) (void *arg, const char *recipient);
void hub_queued_take (hub_t *hub, hub_queued_fn *fn, void *arg);
/*  Forgets the recipients (the transaction was rolled back) and frees the
    set; hub_deliver makes a new one when it needs it.                       */
void hub_queued_clear (hub_t *hub);

#endif
