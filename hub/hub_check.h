/*  hub_check.h - the regiecheck (flow 3 of DOMAIN.md): who holds regie over
    a household, as far as the asker may know.

    Intake and regie roles may ask about any household, an escalation role
    about its own team's; another partner learns only about a household it
    is related to or covered for. Without a relation the answer is exactly
    the one for an unknown household, so that asking reveals nothing.
*/
#ifndef HUB_CHECK_H_INCLUDED
#define HUB_CHECK_H_INCLUDED

#include "hub.h"

/*  The "regiecheck" and "household" handler: answers msg. 0, or -1 on a
    store error.                                                              */
int hub_check_answer (hub_t *hub, hub_msg_t *msg);

#endif
