/*  hub_router.h - the socket, the pipeline and the delivery sessions.

    receive -> limits and decoding -> signature -> author -> roles -> rate
    -> (in one transaction for the whole batch:) dedup -> time window ->
    store -> workflows -> audit -> signed batch head -> commit -> answers
    and errors -> receipts -> deliveries.

    Every message that is waiting when the socket becomes readable (up to
    batch_max) joins one group commit. Two batches are in flight: the
    signatures of the one just read are checked on hub_verify's threads
    while the writer commits the one before it. A question (a type that
    changes no domain state, such as the regiecheck) read while there is
    other work goes ahead of it in a small commit of its own, unless its
    partner has earlier messages still waiting: each partner's messages are
    applied in the order it sent them. Refusals before the transaction are
    answered at once and change nothing; nothing is receipted before the
    commit returned. Deliveries are read from the store in order, at most
    delivery_window unacknowledged per partner, so memory stays bounded
    whatever the backlog.
*/
#ifndef HUB_ROUTER_H_INCLUDED
#define HUB_ROUTER_H_INCLUDED

#include "hub.h"
#include "hub_checkpoint.h"

typedef struct hub_router_t hub_router_t;

#define HUB_MAX_FRAME_BYTES     (2 * PROTO_MAX_ENVELOPE_BYTES)  /* larger: peer disconnected */
#define HUB_MAX_ROUTING_BYTES   256
#define HUB_SNDHWM              100000
/*  libzmq's context option ZMQ_ZERO_COPY_RECV (a draft in zmq.h, present
    since libzmq 4.3.3): 0 makes the decoder copy each message out of its
    read buffer.                                                              */
#define HUB_ZMQ_ZERO_COPY_RECV  10
#define HUB_RING_FIRST          16      /* first size of a delivery ring      */
/*  Items per receipt message. Every frame is held to PROTO_MAX_OBJECTS
    msgpack objects (and PROTO_MAX_LINK_BYTES): a receipt takes 9 objects,
    each item 7 plus one per hash of its proof, and a proof is as deep as
    the largest batch needs (HUB_MAX_BATCH_DEPTH). hub_commit.c checks that
    a full chunk fits at compile time.                                       */
#define HUB_RECEIPT_CHUNK       128
#define HUB_MAX_BATCH_DEPTH     13      /* ceil (log2 (HUB_MAX_BATCH))       */
#define HUB_LATENCY_BUCKETS     40
#define HUB_VERIFY_ALONE        4       /* fewer, and nothing to commit: no workers */
/*  Questions committed ahead of the batch they were read with, at most, per
    round of the pipeline (see "the question lane" in hub_router.c).        */
#define HUB_LANE_MAX            32
/*  hub_router_handle stops reading new batches after this long, so that a
    steady stream of messages cannot keep the daemon's other work waiting:
    new partners' handshakes (ZAP), `regiehub status`, the timers.          */
#define HUB_HANDLE_MAX_US       250000

/*  Binds the ROUTER socket as a CURVE server that fails closed.             */
hub_router_t *hub_router_new (hub_t *hub, hub_checkpoint_t *checkpoint, char *err, size_t errlen);
void hub_router_destroy (hub_router_t **self_p);

zsock_t *hub_router_socket (hub_router_t *self);
/*  Processes what is waiting (one or more group commits) and returns when
    nothing more is, or after about HUB_HANDLE_MAX_US with everything read
    committed; the caller's loop calls again while the socket has input.    */
void hub_router_handle (hub_router_t *self);
/*  After a reload: forget sessions of partners no longer admitted.          */
void hub_router_partners_changed (hub_router_t *self);
/*  Sends what is pending to every online, marked partner.                    */
void hub_router_pump (hub_router_t *self);
/*  Runs the workflows' timers in a transaction of their own, then pumps.    */
void hub_router_tick (hub_router_t *self);

/*  Status as a JSON object (caller frees).                                  */
char *hub_router_status_json (hub_router_t *self);

#endif
