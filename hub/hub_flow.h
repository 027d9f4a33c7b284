/*  hub_flow.h - one descriptor per message type: how the hub takes it.

    proto_types.c says what a message type is on the wire (its fields, who
    may send it); the descriptor beside it, indexed by the same type code,
    says what the hub does with one: which handler decides, whether that
    handler may refuse (and so needs a savepoint to undo its work), how the
    household it concerns is found, and which lane of the pipeline it takes.
    A new message type is one row in proto_types.c, one row here and its
    handler. The router reads the lane and the savepoint rule from here and
    never compares type names.
*/
#ifndef HUB_FLOW_H_INCLUDED
#define HUB_FLOW_H_INCLUDED

#include "hub.h"

/*  The pipeline's lanes.                                                    */
typedef enum {
    HUB_LANE_NONE = 0,          /* not taken from partners (hub-authored)    */
    HUB_LANE_COMMIT,            /* applied in the group commit, in order     */
    HUB_LANE_QUESTION,          /* answered, changes no domain state: may be
                                   committed ahead of a waiting batch       */
    HUB_LANE_LINK               /* the link's own (ack, audit_since): handled
                                   by the router, no workflow               */
} hub_lane_t;

/*  How the household of a message is found, for the audit log and the
    access report: from its subject, or from the object a field names.      */
typedef enum {
    HUB_FIND_NONE = 0,          /* concerns no household (team_report)       */
    HUB_FIND_SUBJECT,           /* the envelope's person and/or address      */
    HUB_FIND_ROUND,             /* the round its "round" field names         */
    HUB_FIND_AGREEMENT,         /* the agreement its "agreement" field names */
    HUB_FIND_MATCH,             /* the match its "match" field names         */
    HUB_FIND_ESCALATION         /* the escalation its "escalation" names     */
} hub_find_t;

/*  A handler decides about one verified, new message inside the group
    commit's transaction. Returns 0, or -1 on a store error (the batch is
    then retried without the message). A refusal is not an error: it sets
    msg->refuse and returns 0.                                              */
typedef int (hub_handler_fn) (hub_t *hub, hub_msg_t *msg);

typedef struct {
    hub_handler_fn *handler;    /* NULL: stored and receipted, nothing else  */
    bool may_refuse;            /* needs a savepoint around its work         */
    hub_find_t find;
    const char *object;         /* the field find reads (HUB_FIND_ROUND..)   */
    hub_lane_t lane;
} hub_flow_desc_t;

/*  The descriptor of type (never NULL; lane HUB_LANE_NONE for the hub's own
    types).                                                                  */
const hub_flow_desc_t *hub_flow_desc (const proto_type_t *type);

/*  For a message without a subject that names a round, agreement, match or
    escalation: the household's ref, so the audit log ties it to the
    household (the access report needs it). Returns 0 or -1.                 */
int hub_flow_household (hub_t *hub, hub_msg_t *msg);

/*  Applies msg through its type's handler. 0, or -1 on a store error.       */
int hub_flow_apply (hub_t *hub, hub_msg_t *msg);

/*  The timers: called every tick with the current time, inside a
    transaction; runs the table of hub_timers.h. 0, or -1 on a store error. */
int hub_flow_tick (hub_t *hub, hub_timers_t *timers, uint64_t now);

#endif
