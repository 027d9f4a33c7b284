/*  hub_referrals.h - a household referred to a regie team, the team's
    decision, and the claim of regie (flow 2 of DOMAIN.md, with the
    automatic regiecheck of flow 3).

    A referral is decided once: declined with feedback to the referrer, or
    accepted by a claim, which commits the introducing partner to being
    available again when the intensive phase ends. A claim runs the
    regiecheck in the same transaction as the change: of two teams claiming
    one household at once, exactly one wins and the other learns whom to
    call.
*/
#ifndef HUB_REFERRALS_H_INCLUDED
#define HUB_REFERRALS_H_INCLUDED

#include "hub.h"

/*  The "referral", "decline" and "claim" handlers: 0, or -1 on a store
    error; a refusal is set in msg.                                           */
int hub_referrals_refer (hub_t *hub, hub_msg_t *msg);
int hub_referrals_decline (hub_t *hub, hub_msg_t *msg);
int hub_referrals_claim (hub_t *hub, hub_msg_t *msg);

#endif
