/*  hub_consent.h - the basis for sharing about a household (flow 5 of
    DOMAIN.md), and its place on the priority list.

    The regisseur records a partner's consent or legal basis, valid from ..
    until, and withdraws it; it ends at once. Only covered partners receive
    rounds, agreements and minutes. A household on the priority list alerts
    the intake as soon as a signal of an opening kind arrives.
*/
#ifndef HUB_CONSENT_H_INCLUDED
#define HUB_CONSENT_H_INCLUDED

#include "hub.h"

/*  The "consent", "consent_withdraw" and "priority" handlers: 0, or -1 on
    a store error; a refusal is set in msg.                                   */
int hub_consent_record (hub_t *hub, hub_msg_t *msg);
int hub_consent_withdraw (hub_t *hub, hub_msg_t *msg);
int hub_consent_priority (hub_t *hub, hub_msg_t *msg);

#endif
