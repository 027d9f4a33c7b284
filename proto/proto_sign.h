/*  proto_sign.h - signatures, digests, message ids and hex, over libsodium.

    Verification is the costliest step per message in the hub, so it has one
    entry point here and its result must be used. Signing lives with the key
    (proto_identity_sign); this module holds no secrets.
*/
#ifndef PROTO_SIGN_H_INCLUDED
#define PROTO_SIGN_H_INCLUDED

#include <stddef.h>
#include <stdint.h>
#include "proto_limits.h"

/*  Must be called once before any other proto function; idempotent.
    Returns 0, or -1 when libsodium cannot start.                             */
int proto_init (void);

/*  0 when sig is key's Ed25519 signature over exactly msg[0..len).           */
int proto_verify (const uint8_t sig [PROTO_SIGNATURE_BYTES], const uint8_t *msg, size_t len,
                  const uint8_t key [PROTO_PUBKEY_BYTES])
    __attribute__ ((warn_unused_result));

/*  BLAKE2b-256 of msg: the digest by which receipts and the audit log name
    an envelope.                                                             */
void proto_digest (uint8_t out [PROTO_DIGEST_BYTES], const uint8_t *msg, size_t len);

/*  A new time-ordered message id: now_ms as 48-bit big-endian, then 10
    random bytes. Ids from one clock sort by time, so the store appends.      */
void proto_id_new (uint8_t id [PROTO_ID_BYTES], uint64_t now_ms);

/*  The ms time in an id.                                                    */
uint64_t proto_id_time (const uint8_t id [PROTO_ID_BYTES]);

/*  The wall clock, ms since 1970 UTC.                                        */
uint64_t proto_now_ms (void);

/*  Lower-case hex (2n chars + NUL into out) and back (exactly 2n hex chars;
    returns -1 otherwise).                                                   */
void proto_hex (char *out, const uint8_t *bytes, size_t n);
int proto_unhex (uint8_t *out, size_t n, const char *text);

#endif
