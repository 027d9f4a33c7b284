/*  hub_join.h - one household known twice, and a household that moves.

    link     the regisseur (or, without regie, the responsible intake) adds
             a member or address; one the hub knew as a household of its own
             is joined with everything said about it, unless that household
             is under regie (released first, it can be joined).
    unlink   undoes a wrong link: the ref becomes a household of its own
             without regie, with the signals that named it alone.
    move     the household's address changes; the address it leaves stays
             its own for what was said about it while it lived there, and
             a new address known as the previous occupants' household
             passes to it (what was said about them stays theirs), unless
             they are under regie.
*/
#ifndef HUB_JOIN_H_INCLUDED
#define HUB_JOIN_H_INCLUDED

#include "hub.h"

/*  The "link", "unlink" and "move" handlers: 0, or -1 on a store error; a
    refusal is set in msg.                                                    */
int hub_join_link (hub_t *hub, hub_msg_t *msg);
int hub_join_unlink (hub_t *hub, hub_msg_t *msg);
int hub_join_move (hub_t *hub, hub_msg_t *msg);

#endif
