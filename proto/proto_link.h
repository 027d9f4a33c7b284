/*  proto_link.h - the hub's side of the conversation: receipts, deliveries,
    answers and errors.

    Partners always send two frames: a signed envelope and its signature.
    The hub answers on the same CURVE connection with link messages whose
    first frame is a msgpack map with a kind "k":

      receipt   1 frame   proof that messages were durably stored. One
                          Ed25519 signature covers a whole commit: the batch
                          head (hub key, batch number, leaf count, Merkle
                          root, time, audit head) is signed once; each item
                          (message id, digest, store seq, ...) comes with its
                          Merkle path to the root (proto_merkle.h).
      deliver   3 frames  [header {k, seq}] [envelope] [signature]: one
                          message for this partner, in store order, exactly
                          as its author signed it. Acknowledge with an "ack"
                          envelope (cumulative: everything up to seq).
      answer    3 frames  [header {k}] [envelope] [signature]: the hub's
                          signed answer to a query (re = the query's id),
                          sent to the connection that asked.
      error     1 frame   a refused message: code, name, the reason code
                          and its arguments (proto_args.h; the reader
                          renders them), field, and the message id when it
                          could be read.
      digests   1 frame   audit entry digests from a sequence on, with the
                          current signed head, so an agent can check that the
                          chain still extends the head it saw before.

    Everything here is encoded by the hub and decoded (as hostile input, like
    any frame) by agents.
*/
#ifndef PROTO_LINK_H_INCLUDED
#define PROTO_LINK_H_INCLUDED

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include "proto_limits.h"
#include "proto_result.h"
#include "proto_msgpack.h"
#include "proto_merkle.h"
#include "proto_args.h"

#define PROTO_LINK_MAX_ITEMS        4096    /* receipt items in one receipt  */
#define PROTO_LINK_MAX_DIGESTS      4000    /* audit digests in one answer:
                                               with its 11 other objects
                                               within PROTO_MAX_OBJECTS      */
#define PROTO_MAX_ITEM_BYTES        512     /* one encoded receipt item      */
#define PROTO_MAX_HEAD_BYTES        256     /* one encoded batch head        */
#define PROTO_MAX_NOTE_ARGS_BYTES   320     /* a receipt note's arguments,
                                               packed: with the item's other
                                               fields (at most 179 bytes)
                                               within PROTO_MAX_ITEM_BYTES   */
_Static_assert (179 + PROTO_MAX_NOTE_ARGS_BYTES <= PROTO_MAX_ITEM_BYTES,
                "a receipt item with its note's arguments fits its bound");

typedef enum {
    PROTO_LINK_RECEIPT = 1,
    PROTO_LINK_DELIVER,
    PROTO_LINK_ANSWER,
    PROTO_LINK_ERROR,
    PROTO_LINK_DIGESTS
} proto_link_kind_t;

/*  The signed head of one commit.                                           */
typedef struct {
    uint8_t hub [PROTO_PUBKEY_BYTES];       /* the hub's signing key         */
    uint64_t batch;                         /* commit number, from 1         */
    uint32_t leaves;                        /* items (0: an audit head)      */
    uint8_t root [PROTO_DIGEST_BYTES];
    uint64_t ts;                            /* commit time, ms               */
    uint64_t audit_seq;                     /* last audit entry committed    */
    uint8_t audit_head [PROTO_DIGEST_BYTES];/* its chain hash                */
} proto_batch_head_t;

/*  One message's receipt item.                                              */
typedef struct {
    uint8_t id [PROTO_ID_BYTES];
    uint8_t digest [PROTO_DIGEST_BYTES];    /* BLAKE2b-256 of the envelope   */
    uint64_t seq;                           /* its store sequence            */
    bool duplicate;                         /* stored before; this repeats   */
    char note [PROTO_MAX_TAXON_BYTES + 1];  /* what the hub did: a note code
                                               (hub_codes.h), or ""          */
    proto_args_t note_args;                 /* its arguments                 */
    char to [PROTO_MAX_PARTNER_ID_BYTES + 1];   /* team it was routed to, or "" */
} proto_receipt_item_t;

/*  Encodes a head / an item into w (reset first). An item whose note
    arguments would take it past PROTO_MAX_ITEM_BYTES goes without them (the
    hub's notes are bounded so that this does not happen; a test proves it). */
void proto_batch_head_encode (proto_writer_t *w, const proto_batch_head_t *head);
void proto_receipt_item_encode (proto_writer_t *w, const proto_receipt_item_t *item);
proto_result_t proto_batch_head_decode (proto_batch_head_t *head, const uint8_t *bytes, size_t size);
proto_result_t proto_receipt_item_decode (proto_receipt_item_t *item, const uint8_t *bytes, size_t size);

/*  Receipt writer: begin with the encoded head and its signature and the
    number of items, then add each item's bytes, leaf index and path.        */
void proto_receipt_begin (proto_writer_t *w, const uint8_t *head, size_t head_len,
                          const uint8_t sig [PROTO_SIGNATURE_BYTES], uint32_t items);
void proto_receipt_add (proto_writer_t *w, const uint8_t *item, size_t item_len, uint32_t index,
                        const proto_hash_t *path, size_t depth);

/*  The audit chain, as agents check it from digests alone:
        entry digest  d = BLAKE2b-256 (the entry's fields, msgpack)
        chain hash    h = BLAKE2b-256 (h_prev || d), h_0 = 32 zero bytes     */
void proto_audit_chain (uint8_t out [PROTO_DIGEST_BYTES], const uint8_t prev [PROTO_DIGEST_BYTES],
                        const uint8_t digest [PROTO_DIGEST_BYTES]);

/*  The digests answer: entries from..from+count-1, and the signed head of a
    commit whose audit_seq is from+count-1.                                   */
void proto_digests_begin (proto_writer_t *w, uint64_t from, const uint8_t *head, size_t head_len,
                          const uint8_t sig [PROTO_SIGNATURE_BYTES], uint32_t count);
/*  then count times: proto_pack_bin (w, digest, PROTO_DIGEST_BYTES)          */

/*  Other headers.                                                           */
void proto_link_deliver_encode (proto_writer_t *w, uint64_t seq);
void proto_link_answer_encode (proto_writer_t *w);
/*  reason_code (a term of hub_codes.h) and args may be NULL: a decoder's
    refusal has only code and field.                                         */
void proto_link_error_encode (proto_writer_t *w, const uint8_t *id /* or NULL */,
                              proto_result_t code, const char *field /* or NULL */,
                              const char *reason_code /* or NULL */,
                              const proto_args_t *args /* or NULL */);

/*  A decoded link message (first frame). Borrowed pointers point into the
    frame; release with proto_link_release.                                   */
typedef struct {
    proto_link_kind_t kind;
    /* deliver */
    uint64_t seq;
    /* error */
    bool has_id;
    uint8_t id [PROTO_ID_BYTES];
    proto_result_t code;
    char reason_code [PROTO_MAX_TAXON_BYTES + 1];  /* "" when absent        */
    proto_args_t args;                  /* empty when absent                 */
    char field [PROTO_MAX_FIELD_BYTES + 1];
    /* receipt and digests: head and items (receipt) or digests, checked
       against the hub key by proto_receipt_verify / proto_digests_verify    */
    uint64_t from;                      /* digests: first entry listed        */
    const uint8_t *head;
    size_t head_len;
    const uint8_t *head_sig;
    uint32_t items;
    msgpack_unpacked unpacked;
    bool live;
} proto_link_t;

proto_result_t proto_link_decode (proto_link_t *link, const uint8_t *bytes, size_t size);
void proto_link_release (proto_link_t *link);

/*  Checks receipt item i of a decoded receipt: the head's signature with
    hub_key, then the item's Merkle path to the head's root. Fills head and
    item. Returns PROTO_OK, PROTO_BAD_SIGNATURE or a decoding error.          */
proto_result_t proto_receipt_verify (const proto_link_t *link, uint32_t i,
                                     const uint8_t hub_key [PROTO_PUBKEY_BYTES],
                                     proto_batch_head_t *head, proto_receipt_item_t *item)
    __attribute__ ((warn_unused_result));

/*  The same check on a receipt's parts as an agent keeps them: the signed
    batch head (head, its signature head_sig), the item bytes, the item's
    index among the head's leaves and its Merkle path (depth hashes).        */
proto_result_t proto_receipt_verify_parts (const uint8_t hub_key [PROTO_PUBKEY_BYTES],
                                           const uint8_t *head_bytes, size_t head_len,
                                           const uint8_t head_sig [PROTO_SIGNATURE_BYTES],
                                           const uint8_t *item_bytes, size_t item_len,
                                           uint64_t index, const proto_hash_t *path, size_t depth,
                                           proto_batch_head_t *head, proto_receipt_item_t *item)
    __attribute__ ((warn_unused_result));

/*  Checks a decoded digests answer against the head an agent kept: the
    hub's signature on the new head, that the digests start right after
    known_seq, and that chaining them from known_hash gives the new head's
    audit_head at its audit_seq. PROTO_OK and the new head, PROTO_BAD_SIGNATURE
    for a bad signature, PROTO_CONFLICT when the chain does not extend the
    known head (history was rewritten or truncated), or a decoding error.    */
proto_result_t proto_digests_verify (const proto_link_t *link,
                                     const uint8_t hub_key [PROTO_PUBKEY_BYTES],
                                     uint64_t known_seq, const uint8_t known_hash [PROTO_DIGEST_BYTES],
                                     proto_batch_head_t *head)
    __attribute__ ((warn_unused_result));

#endif
