/*  hub_auth.h - the ZAP handler: who may complete a CURVE handshake.

    A CURVE server with no ZAP handler admits anyone who knows the server's
    public key. The hub binds its own handler on inproc://zeromq.zap.01 in
    the same ZeroMQ context, answers from the current partner registry, and
    sets the ROUTER's ZAP domain together with ZMQ_ZAP_ENFORCE_DOMAIN (option
    93, set with zmq_setsockopt directly because Debian's headers hide it
    behind the draft API) so that a missing handler fails closed. The user id
    it returns is the client's CURVE key in Z85; every message carries it and
    the router looks the partner up again for each message.
*/
#ifndef HUB_AUTH_H_INCLUDED
#define HUB_AUTH_H_INCLUDED

#include <czmq.h>
#include "hub_partners.h"

#define HUB_ZAP_ENDPOINT        "inproc://zeromq.zap.01"
#define HUB_ZAP_DOMAIN          "regiehub"
#define HUB_ZAP_ENFORCE_DOMAIN  93      /* ZMQ_ZAP_ENFORCE_DOMAIN            */

typedef struct hub_auth_t hub_auth_t;

/*  Binds the handler. The registry pointer is read on each request; update
    it with hub_auth_set_partners after a reload.                             */
hub_auth_t *hub_auth_new (const hub_partners_t *partners);
void hub_auth_destroy (hub_auth_t **self_p);
void hub_auth_set_partners (hub_auth_t *self, const hub_partners_t *partners);

/*  The REP socket, for the event loop; call hub_auth_handle when readable.  */
zsock_t *hub_auth_socket (hub_auth_t *self);
void hub_auth_handle (hub_auth_t *self);

/*  Handshakes admitted and refused since start.                             */
void hub_auth_counts (const hub_auth_t *self, uint64_t *admitted, uint64_t *refused);

/*  Makes sock a CURVE server with the given certificate, with the ZAP
    domain enforced. Returns 0, or -1 when the library refuses an option
    (the hub must then not start: it would not fail closed).                 */
int hub_auth_curve_server (zsock_t *sock, zcert_t *cert);

#endif
