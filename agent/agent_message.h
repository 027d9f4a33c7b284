/*  agent_message.h - sealed outgoing messages: envelope bytes + signature.

    Every message the agent sends is built here: header and body packed,
    then the bytes are decoded again with the full validator (and the
    configured taxonomy) before they are signed, so the agent never signs
    or sends a message the hub would refuse for its shape. A resend whose
    timestamp has grown old is re-sealed with a fresh ts and the same id.
*/
#ifndef AGENT_MESSAGE_H_INCLUDED
#define AGENT_MESSAGE_H_INCLUDED

#include <stddef.h>
#include <stdint.h>
#include <jansson.h>
#include "proto_envelope.h"
#include "proto_identity.h"

typedef struct {
    uint8_t id [PROTO_ID_BYTES];
    const proto_type_t *type;
    uint64_t ts;
    uint8_t *bytes;                     /* the envelope                      */
    size_t size;
    uint8_t sig [PROTO_SIGNATURE_BYTES];
} agent_message_t;

/*  Builds, checks and signs a message. person/address/re may be NULL; body
    is a canonical body from agent_json_body (or NULL for an empty one).
    Returns NULL with err naming the field at fault.                          */
agent_message_t *agent_message_new (proto_identity_t *identity, const proto_taxonomy_t *tax,
                                    const proto_type_t *type, uint64_t now,
                                    const uint8_t *person, const uint8_t *address,
                                    const uint8_t *re, json_t *body, char *err, size_t errlen);

/*  The link's "ack": body {upto}.                                           */
agent_message_t *agent_message_ack (proto_identity_t *identity, uint64_t now, uint64_t upto);

/*  Re-seals stored envelope bytes with ts = now and the same id and body.   */
agent_message_t *agent_message_reseal (proto_identity_t *identity, const uint8_t *bytes,
                                       size_t size, uint64_t now, char *err, size_t errlen);

void agent_message_destroy (agent_message_t **self_p);

#endif
