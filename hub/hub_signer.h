/*  hub_signer.h - the only holder of the hub's signing key.

    It signs two things: the head of each group commit (which makes every
    receipt in it a proof) and the hub's own messages (notices, answers,
    minutes). Nothing that parses untrusted bytes holds the key.
*/
#ifndef HUB_SIGNER_H_INCLUDED
#define HUB_SIGNER_H_INCLUDED

#include <czmq.h>
#include "proto_identity.h"

typedef struct hub_signer_t hub_signer_t;

/*  Loads the hub's identity (refused if readable by others).                */
hub_signer_t *hub_signer_load (const char *secret_path, char *err, size_t errlen);
void hub_signer_destroy (hub_signer_t **self_p);

const proto_cert_t *hub_signer_cert (const hub_signer_t *self);
zcert_t *hub_signer_zcert (hub_signer_t *self);
void hub_signer_sign (const hub_signer_t *self, uint8_t sig [PROTO_SIGNATURE_BYTES],
                      const uint8_t *bytes, size_t len);

#endif
