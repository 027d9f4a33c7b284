/*  proto_merkle.c - one hub signature for a whole commit. See
    proto_merkle.h for the tree's definition, which is part of the protocol
    (tests/vectors/merkle.txt pins it).

    The leaf and node hashes start with different bytes (0x00, 0x01) so that
    a node can never pass for a leaf. A level with an odd count promotes its
    last node unchanged instead of pairing it with itself, so two different
    batches never share a root (the duplication in Bitcoin's tree allowed
    that). The shape of the tree, and so every path's length and the side of
    each sibling, follows from (n, index) alone; verify recomputes it and
    refuses a path of any other length.
*/
#include "proto_merkle.h"

#include <string.h>
#include <sodium.h>

#define S_LEAF_PREFIX   0x00
#define S_NODE_PREFIX   0x01

_Static_assert (PROTO_DIGEST_BYTES >= crypto_generichash_BYTES_MIN
             && PROTO_DIGEST_BYTES <= crypto_generichash_BYTES_MAX, "digest size");
_Static_assert ((1UL << PROTO_MERKLE_MAX_DEPTH) >= PROTO_MERKLE_MAX_LEAVES, "depth fits");

static void
s_node (proto_hash_t out, const proto_hash_t left, const proto_hash_t right)
{
    static const uint8_t prefix = S_NODE_PREFIX;
    crypto_generichash_state state;
    crypto_generichash_init (&state, NULL, 0, PROTO_DIGEST_BYTES);
    crypto_generichash_update (&state, &prefix, sizeof prefix);
    crypto_generichash_update (&state, left, PROTO_DIGEST_BYTES);
    crypto_generichash_update (&state, right, PROTO_DIGEST_BYTES);
    crypto_generichash_final (&state, out, PROTO_DIGEST_BYTES);
}

static int
s_count_valid (size_t n)
{
    return n >= 1 && n <= PROTO_MERKLE_MAX_LEAVES;
}

void
proto_merkle_leaf (proto_hash_t out, const uint8_t *item, size_t len)
{
    static const uint8_t prefix = S_LEAF_PREFIX;
    crypto_generichash_state state;
    crypto_generichash_init (&state, NULL, 0, PROTO_DIGEST_BYTES);
    crypto_generichash_update (&state, &prefix, sizeof prefix);
    crypto_generichash_update (&state, item, len);
    crypto_generichash_final (&state, out, PROTO_DIGEST_BYTES);
}

size_t
proto_merkle_tree_size (size_t n)
{
    //  0 for a count that cannot be built, so a caller that sizes with it
    //  and then builds gets the build's refusal, not an overflow
    if (!s_count_valid (n))
        return 0;
    size_t total = n;
    while (n > 1) {
        n = (n + 1) / 2;
        total += n;
    }
    return total;
}

int
proto_merkle_build (proto_hash_t *tree, const proto_hash_t *leaves, size_t n)
{
    if (!tree || !leaves || !s_count_valid (n))
        return -1;
    memmove (tree, leaves, n * sizeof (proto_hash_t));
    size_t level = 0;           //  first hash of the current level
    size_t count = n;           //  hashes in the current level
    while (count > 1) {
        size_t next = level + count;
        size_t i;
        for (i = 0; i + 1 < count; i += 2)
            s_node (tree [next + i / 2], tree [level + i], tree [level + i + 1]);
        if (i < count)          //  odd count: promote the last unchanged
            memcpy (tree [next + i / 2], tree [level + i], sizeof (proto_hash_t));
        level = next;
        count = (count + 1) / 2;
    }
    return 0;
}

const uint8_t *
proto_merkle_root (const proto_hash_t *tree, size_t n)
{
    if (!tree || !s_count_valid (n))
        return NULL;
    return tree [proto_merkle_tree_size (n) - 1];
}

int
proto_merkle_proof (proto_hash_t *path, size_t *depth, const proto_hash_t *tree,
                    size_t n, size_t index)
{
    if (!path || !depth || !tree || !s_count_valid (n) || index >= n)
        return -1;
    size_t level = 0, count = n, pos = index, k = 0;
    while (count > 1) {
        size_t sibling = pos ^ 1;
        if (sibling < count)    //  else pos was promoted: no entry
            memcpy (path [k++], tree [level + sibling], sizeof (proto_hash_t));
        level += count;
        count = (count + 1) / 2;
        pos /= 2;
    }
    *depth = k;
    return 0;
}

int
proto_merkle_verify (const proto_hash_t root, const proto_hash_t leaf, size_t index,
                     size_t n, const proto_hash_t *path, size_t depth)
{
    if (!root || !leaf || !s_count_valid (n) || index >= n
    ||  depth > PROTO_MERKLE_MAX_DEPTH || (depth && !path))
        return -1;
    proto_hash_t hash;
    memcpy (hash, leaf, sizeof hash);
    size_t count = n, pos = index, k = 0;
    while (count > 1) {
        size_t sibling = pos ^ 1;
        if (sibling < count) {
            //  A path shorter than the tree's shape needs is refused here
            //  before reading beyond it
            if (k == depth)
                return -1;
            if (pos & 1)
                s_node (hash, path [k], hash);
            else
                s_node (hash, hash, path [k]);
            k++;
        }
        count = (count + 1) / 2;
        pos /= 2;
    }
    if (k != depth)
        return -1;
    return sodium_memcmp (hash, root, sizeof hash) == 0? 0: -1;
}
