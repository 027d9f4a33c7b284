/*  proto_merkle.h - one hub signature for a whole commit.

    The hub commits messages in groups and signs one batch head per commit.
    The head holds the root of a binary hash tree over the batch's receipt
    items; each receipt carries its item and the path from its leaf to the
    root, so a sender can prove its receipt with a single Ed25519 check.

      leaf (item)   = BLAKE2b-256 (0x00 || item bytes)
      node (l, r)   = BLAKE2b-256 (0x01 || l || r)
      A level with an odd count promotes its last node unchanged.
      The root of one leaf is that leaf.
*/
#ifndef PROTO_MERKLE_H_INCLUDED
#define PROTO_MERKLE_H_INCLUDED

#include <stddef.h>
#include <stdint.h>
#include "proto_limits.h"

#define PROTO_MERKLE_MAX_LEAVES  65536
#define PROTO_MERKLE_MAX_DEPTH   16      /* ceil (log2 (MAX_LEAVES))          */

typedef uint8_t proto_hash_t [PROTO_DIGEST_BYTES];

void proto_merkle_leaf (proto_hash_t out, const uint8_t *item, size_t len);

/*  Builds the whole tree over n leaves (1 <= n <= PROTO_MERKLE_MAX_LEAVES)
    into tree, which must have room for proto_merkle_tree_size (n) hashes:
    the levels one after another, leaves first. Then the root and every
    leaf's path come from the tree without hashing again. Returns 0 or -1
    when n is out of range.                                                   */
size_t proto_merkle_tree_size (size_t n);
int proto_merkle_build (proto_hash_t *tree, const proto_hash_t *leaves, size_t n);

/*  The root of a built tree.                                                */
const uint8_t *proto_merkle_root (const proto_hash_t *tree, size_t n);

/*  The path for leaf index (0-based) into path[0..*depth-1], leaf upwards;
    path needs room for PROTO_MERKLE_MAX_DEPTH hashes. Levels where the node
    was promoted contribute no entry. Returns 0 or -1 when out of range.      */
int proto_merkle_proof (proto_hash_t *path, size_t *depth, const proto_hash_t *tree,
                        size_t n, size_t index);

/*  Recomputes the root from a leaf, its index, the leaf count and the path;
    returns 0 when it equals root, -1 otherwise (also for any malformed
    input: index >= n, wrong depth for n, n out of range). The root does not
    bind n: another count that gives this index the same path shape also
    verifies, so whatever is signed with the root must carry n as well.       */
int proto_merkle_verify (const proto_hash_t root, const proto_hash_t leaf, size_t index,
                         size_t n, const proto_hash_t *path, size_t depth)
    __attribute__ ((warn_unused_result));

#endif
