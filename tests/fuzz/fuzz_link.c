/*  fuzz_link.c - libFuzzer target: any bytes through the link decoder; a
    receipt has every item verified against a fixed hub key (seed 0x20..0x3f,
    as in tests/vectors/envelopes.txt, so the seed receipts verify and the
    fuzzer can reach the Merkle and item code). Also the head and item
    decoders on their own. Seeds: tests/fuzz/corpus/link/.

      clang -g -O1 -fsanitize=fuzzer,address,undefined -Iproto \
          $(pkg-config --cflags libczmq libsodium msgpack) \
          -o /tmp/fuzz_link tests/fuzz/fuzz_link.c proto/proto_*.c \
          $(pkg-config --libs libczmq libzmq libsodium msgpack)
      /tmp/fuzz_link -max_total_time=60 tests/fuzz/corpus/link
*/
#include "proto_link.h"
#include "proto_sign.h"
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

static uint8_t s_hub_pk [PROTO_PUBKEY_BYTES];

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
    (void) argc;
    (void) argv;
    proto_init ();
    uint8_t seed [32], sk [crypto_sign_SECRETKEYBYTES];
    for (int i = 0; i < 32; i++)
        seed [i] = (uint8_t) (0x20 + i);
    crypto_sign_seed_keypair (s_hub_pk, sk, seed);
    sodium_memzero (sk, sizeof sk);
    return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
    uint8_t *copy = malloc (size ? size : 1);
    if (!copy)
        return 0;
    memcpy (copy, data, size);
    proto_link_t link;
    if (proto_link_decode (&link, copy, size) == PROTO_OK) {
        if (link.kind == PROTO_LINK_RECEIPT) {
            for (uint32_t i = 0; i <= link.items; i++) {   /* one past the end too */
                proto_batch_head_t head;
                proto_receipt_item_t item;
                proto_result_t rc = proto_receipt_verify (&link, i, s_hub_pk, &head, &item);
                (void) rc;
            }
            //  the head on its own, without the signature in front of it
            proto_batch_head_t head;
            proto_batch_head_decode (&head, link.head, link.head_len);
        }
        proto_link_release (&link);
    }
    proto_batch_head_t head;
    proto_receipt_item_t item;
    proto_batch_head_decode (&head, copy, size);
    proto_receipt_item_decode (&item, copy, size);
    free (copy);
    return 0;
}
