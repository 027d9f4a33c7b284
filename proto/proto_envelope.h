/*  proto_envelope.h - the signed envelope every message travels in.

    An envelope is one msgpack map (see proto/PROTOCOL.md, "Envelope"):

      "v"       uint      protocol version (PROTO_VERSION)
      "type"    str       message type name (proto_types.h)
      "id"      bin 16    message id: 48-bit ms time, big-endian, + 10 random
      "from"    bin 32    author's Ed25519 public key
      "ts"      uint      author's clock, ms since 1970 UTC
      "subject" map       optional: "person" bin 32, "address" bin 32
      "re"      bin 16    optional: the message this one answers
      "body"    map       the type's fields

    On the wire it is two ZeroMQ frames: the envelope bytes and a 64-byte
    Ed25519 signature over exactly those bytes. Nobody re-encodes an envelope:
    it is stored, forwarded and verified as the bytes its author signed.

    Decoding borrows the input: string and bin fields point into it, so the
    bytes must outlive the decoded envelope.
*/
#ifndef PROTO_ENVELOPE_H_INCLUDED
#define PROTO_ENVELOPE_H_INCLUDED

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include <msgpack.h>
#include "proto_limits.h"
#include "proto_result.h"
#include "proto_types.h"
#include "proto_msgpack.h"

/*  The header fields, for encoding.                                         */
typedef struct {
    const char *type;
    uint8_t id [PROTO_ID_BYTES];
    uint8_t from [PROTO_PUBKEY_BYTES];
    uint64_t ts;
    const uint8_t *person;      /* PROTO_REF_BYTES or NULL                   */
    const uint8_t *address;     /* PROTO_REF_BYTES or NULL                   */
    const uint8_t *re;          /* PROTO_ID_BYTES or NULL                    */
} proto_header_t;

/*  A decoded envelope.                                                      */
typedef struct {
    const uint8_t *bytes;               /* borrowed: the frame as received   */
    size_t size;
    const proto_type_t *type;
    uint8_t id [PROTO_ID_BYTES];
    uint8_t from [PROTO_PUBKEY_BYTES];
    uint64_t ts;
    bool has_person, has_address, has_re;
    uint8_t person [PROTO_REF_BYTES];
    uint8_t address [PROTO_REF_BYTES];
    uint8_t re [PROTO_ID_BYTES];
    const msgpack_object *body;         /* the body map                      */
    msgpack_unpacked unpacked;          /* owns the object tree              */
    bool live;
} proto_envelope_t;

/*  Writes the envelope's map header and header fields and opens a body map
    of body_fields entries; the caller then packs exactly that many key/value
    pairs. w is reset first.                                                  */
void proto_envelope_begin (proto_writer_t *w, const proto_header_t *h, uint32_t body_fields);

/*  Decodes and validates bytes: size and structure first, then every header
    field, then the body against its type (and terms against tax, when not
    NULL). On success env must be released with proto_envelope_release. On
    failure nothing needs releasing and *field, when not NULL, names the field
    at fault (or NULL).                                                       */
proto_result_t proto_envelope_decode (proto_envelope_t *env, const uint8_t *bytes, size_t size,
                                      const proto_taxonomy_t *tax, const char **field);

void proto_envelope_release (proto_envelope_t *env);

/*  Body accessors. They return false when the field is absent (validation
    has already guaranteed the type of every present field).                  */
bool proto_env_str (const proto_envelope_t *env, const char *name, const char **ptr, size_t *len);
/*  Copies a str field into out (NUL-terminated); false if absent or too big. */
bool proto_env_cstr (const proto_envelope_t *env, const char *name, char *out, size_t outlen);
bool proto_env_u64 (const proto_envelope_t *env, const char *name, uint64_t *value);
bool proto_env_bool (const proto_envelope_t *env, const char *name, bool *value);
/*  bin field of exactly len bytes copied to out.                            */
bool proto_env_bin (const proto_envelope_t *env, const char *name, uint8_t *out, size_t len);
/*  The raw msgpack object of a field (arrays, records), or NULL.             */
const msgpack_object *proto_env_field (const proto_envelope_t *env, const char *name);

#endif
