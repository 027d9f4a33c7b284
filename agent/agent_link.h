/*  agent_link.h - the agent's side of the wire: one CURVE DEALER to the hub.

    Sending: [envelope][signature], always two frames. Receiving: link
    messages (proto_link.h), all treated as hostile input: frame counts and
    sizes first, then decoding, then signatures.

      receipt  each item verified against the hub's sign key (head signature
               and Merkle path), its digest compared with what we sent; the
               outbox row becomes receipted with the proof; the newest head
               is kept as the audit head.
      deliver  envelope fully decoded, signature checked against its author
               (hub-authored types: the hub key), stored in the inbox with
               its seq (deduplicated), committed, then acknowledged.
      answer   signature checked against the hub key; handed to the owner.
      error    the outbox row is marked refused; handed to the owner.

    In daemon mode the link says hello ("ack" with the highest delivery seq
    stored) on every new connection, then resends the pending outbox in
    order; agent_link_tick resends what got no receipt in time, re-sealing
    messages whose ts is older than half the hub's window. In direct mode
    (one-shot commands) it never says hello, so the daemon's deliveries are
    not redirected, and it sends only what it is given.

    Connection state comes from a socket monitor (handshake succeeded /
    disconnected), so "connected" means CURVE authentication passed.
*/
#ifndef AGENT_LINK_H_INCLUDED
#define AGENT_LINK_H_INCLUDED

#include <stdbool.h>
#include <czmq.h>
#include <jansson.h>
#include "agent_config.h"
#include "agent_store.h"
#include "agent_message.h"
#include "proto_identity.h"

typedef enum {
    AGENT_EV_CONNECTED = 1,
    AGENT_EV_DISCONNECTED,
    AGENT_EV_RECEIPT,           /* id: our message; hub_seq, duplicate, note
                                   (a note code), note_args, to                 */
    AGENT_EV_REFUSED,           /* id: our message; code, name, reason_code,
                                   args, field                                   */
    AGENT_EV_ANSWER,            /* id: the query answered; answer               */
    AGENT_EV_DELIVERED,         /* count: new inbox rows committed             */
    AGENT_EV_AUDIT              /* code 0: the chain extends (hub_seq: now at);
                                   else code, name, reason: it does not, or the
                                   hub could not answer                         */
} agent_event_kind_t;

typedef struct {
    agent_event_kind_t kind;
    uint8_t id [PROTO_ID_BYTES];
    uint64_t hub_seq;
    bool duplicate;
    const char *note, *to;
    const char *note_args;      /* JSON text of the note's arguments, or NULL  */
    int code;
    const char *name, *reason, *field;  /* reason: the agent's own words (audit) */
    const char *reason_code;    /* the hub's reason code, or NULL              */
    const char *args;           /* JSON text of its arguments, or NULL         */
    json_t *answer;             /* borrowed: the answer envelope as JSON        */
    size_t count;
} agent_event_t;

typedef void (agent_event_fn) (void *arg, const agent_event_t *event);

typedef struct agent_link_t agent_link_t;

/*  Opens the socket and starts connecting. identity and store are borrowed
    (store may be NULL in direct mode only). Returns NULL with err.          */
agent_link_t *agent_link_new (const agent_config_t *config, proto_identity_t *identity,
                              agent_store_t *store, bool daemon, agent_event_fn *fn, void *arg,
                              char *err, size_t errlen);
void agent_link_destroy (agent_link_t **self_p);

/*  For pollers: the DEALER and the monitor socket.                          */
zsock_t *agent_link_socket (agent_link_t *self);
zsock_t *agent_link_monitor (agent_link_t *self);

/*  Call when the monitor / the DEALER is readable. 0, or -1 on a fatal
    store error (the daemon stops rather than ack what it did not keep).     */
int agent_link_on_monitor (agent_link_t *self);
int agent_link_on_input (agent_link_t *self);

bool agent_link_connected (agent_link_t *self);
/*  ms of the last frame from the hub / last connect, 0 if never.            */
uint64_t agent_link_last_heard (agent_link_t *self);

/*  Sends a sealed message now if connected: 0 sent, -1 not (kept by caller). */
int agent_link_send (agent_link_t *self, const agent_message_t *msg);

/*  Daemon: resends pending outbox rows whose last send is older than
    resend_after (all of them when force). 0 / -1.                           */
int agent_link_resend (agent_link_t *self, bool force);

/*  Direct mode: the message whose receipt should be stored as proof even
    though it is not in the outbox (borrowed; NULL to clear).                */
void agent_link_expect (agent_link_t *self, const agent_message_t *msg);

/*  The agent's record of a verified signed head, from the decoded head and
    the link message that carried it (its bytes and signature).              */
void agent_head_from (agent_head_t *h, const proto_batch_head_t *head, const proto_link_t *link,
                      uint64_t received);

/*  Daemon: asks the hub for the audit digests after the anchored head, on
    this connection, without waiting; the answer arrives as AGENT_EV_AUDIT.
    0 sent, 1 nothing to check yet (no head), -1 not sent.                    */
int agent_link_audit_check (agent_link_t *self);

/*  Counters for `regie status`.                                             */
typedef struct {
    uint64_t sent, resent, receipts, refused, delivered, duplicates, rejected, answers, bad_frames;
    uint64_t connects;
} agent_link_stats_t;
const agent_link_stats_t *agent_link_stats (agent_link_t *self);

#endif
