/*  hub_router.h - the socket, the pipeline and the delivery sessions.

    receive -> limits and decoding -> signature -> author -> roles -> rate
    -> (in one transaction for the whole batch:) dedup -> time window ->
    store -> workflows -> audit -> signed batch head -> commit -> answers
    and errors -> receipts -> deliveries.

    Every message that is waiting when the socket becomes readable (up to
    batch_max) joins one group commit. Two batches are in flight: the
    signatures of the one just read are checked on hub_verify's threads
    while the writer commits the one before it. Refusals before the transaction are
    answered at once and change nothing; nothing is receipted before the
    commit returned. Deliveries are read from the store in order, at most
    delivery_window unacknowledged per partner, so memory stays bounded
    whatever the backlog.
*/
#ifndef HUB_ROUTER_H_INCLUDED
#define HUB_ROUTER_H_INCLUDED

#include "hub.h"

#define HUB_MAX_FRAME_BYTES     (2 * PROTO_MAX_ENVELOPE_BYTES)  /* larger: peer disconnected */
#define HUB_MAX_ROUTING_BYTES   256
#define HUB_SNDHWM              100000
#define HUB_RING_FIRST          16      /* first size of a delivery ring      */
/*  libzmq's context option ZMQ_ZERO_COPY_RECV (draft in zmq.h, present in
    every libzmq since 4.3.3): 0 makes the decoder copy each message out of
    its read buffer.                                                          */
#define HUB_ZMQ_ZERO_COPY_RECV  10
#define HUB_RECEIPT_CHUNK       256     /* items per receipt message         */
#define HUB_LATENCY_BUCKETS     40
#define HUB_VERIFY_ALONE        4       /* fewer, and nothing to commit: no workers */

/*  Binds the ROUTER socket as a CURVE server that fails closed.             */
hub_router_t *hub_router_new (hub_t *hub, char *err, size_t errlen);
void hub_router_destroy (hub_router_t **self_p);

zsock_t *hub_router_socket (hub_router_t *self);
/*  Drains and processes what is waiting (one or more group commits).        */
void hub_router_handle (hub_router_t *self);
/*  After a reload: forget sessions of partners no longer admitted.          */
void hub_router_partners_changed (hub_router_t *self);
/*  Marks recipient as having new deliveries (hub_deliver calls it).         */
void hub_router_mark (hub_router_t *self, const char *recipient);
/*  Sends what is pending to every online, marked partner.                    */
void hub_router_pump (hub_router_t *self);
/*  Runs the workflows' timers in a transaction of their own, then pumps.    */
void hub_router_tick (hub_router_t *self);

/*  Status as a JSON object (caller frees).                                  */
char *hub_router_status_json (hub_router_t *self);

#endif
