/*  test_merkle.c - the batch hash tree (proto_merkle.h): every leaf of every
    small tree proves, any changed bit or wrong position fails, and a pinned
    root (tests/vectors/merkle.txt) fixes the hashing.
*/
#include "testing.h"
#include "proto_merkle.h"

#include <stdlib.h>
#include <sodium.h>

#define MAX_TEST_LEAVES 40

//  BLAKE2b-256 tree over the ASCII items "a", "b", "c", computed with
//  python3 hashlib (see tests/vectors/merkle.txt)
#define ROOT_ABC_HEX "17321db51c1ef3ec1f77e271aa300b4e5c6091708bcba37e46025774a26142ee"
#define LEAF_A_HEX   "7234082e1dd0b5ec0acd71875d61c9f374af30c100bc4de7aa4eb3f15bbed686"

static void
s_leaves (proto_hash_t *leaves, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char item [32];
        int len = snprintf (item, sizeof item, "item %zu", i);
        proto_merkle_leaf (leaves [i], (const uint8_t *) item, (size_t) len);
    }
}

static void
test_tree_size (void)
{
    CHECK_INT (proto_merkle_tree_size (0), 0);
    CHECK_INT (proto_merkle_tree_size (1), 1);
    CHECK_INT (proto_merkle_tree_size (2), 3);
    CHECK_INT (proto_merkle_tree_size (3), 6);         //  3 + 2 + 1
    CHECK_INT (proto_merkle_tree_size (4), 7);
    CHECK_INT (proto_merkle_tree_size (5), 11);        //  5 + 3 + 2 + 1
    CHECK_INT (proto_merkle_tree_size (PROTO_MERKLE_MAX_LEAVES),
               2 * PROTO_MERKLE_MAX_LEAVES - 1);
    CHECK_INT (proto_merkle_tree_size (PROTO_MERKLE_MAX_LEAVES + 1), 0);
}

static void
test_pinned_vector (void)
{
    proto_hash_t leaves [3], expect_root, expect_leaf;
    proto_merkle_leaf (leaves [0], (const uint8_t *) "a", 1);
    proto_merkle_leaf (leaves [1], (const uint8_t *) "b", 1);
    proto_merkle_leaf (leaves [2], (const uint8_t *) "c", 1);
    CHECK (sodium_hex2bin (expect_leaf, sizeof expect_leaf, LEAF_A_HEX, strlen (LEAF_A_HEX),
                           NULL, NULL, NULL) == 0);
    CHECK (sodium_hex2bin (expect_root, sizeof expect_root, ROOT_ABC_HEX, strlen (ROOT_ABC_HEX),
                           NULL, NULL, NULL) == 0);
    CHECK_MEM (leaves [0], expect_leaf, sizeof expect_leaf);

    proto_hash_t tree [6];
    CHECK_INT (proto_merkle_tree_size (3), 6);
    CHECK_INT (proto_merkle_build (tree, leaves, 3), 0);
    CHECK_MEM (proto_merkle_root (tree, 3), expect_root, sizeof expect_root);

    //  "c" was promoted at the first level: its path has one entry
    proto_hash_t path [PROTO_MERKLE_MAX_DEPTH];
    size_t depth;
    CHECK_INT (proto_merkle_proof (path, &depth, tree, 3, 2), 0);
    CHECK_INT (depth, 1);
    CHECK_INT (proto_merkle_verify (expect_root, leaves [2], 2, 3, path, depth), 0);
    CHECK_INT (proto_merkle_proof (path, &depth, tree, 3, 0), 0);
    CHECK_INT (depth, 2);
    CHECK_INT (proto_merkle_verify (expect_root, leaves [0], 0, 3, path, depth), 0);
}

static void
test_single_leaf (void)
{
    proto_hash_t leaf, tree [1], path [PROTO_MERKLE_MAX_DEPTH];
    size_t depth = 99;
    proto_merkle_leaf (leaf, (const uint8_t *) "only", 4);
    CHECK_INT (proto_merkle_build (tree, &leaf, 1), 0);
    CHECK_MEM (proto_merkle_root (tree, 1), leaf, sizeof leaf);
    CHECK_INT (proto_merkle_proof (path, &depth, tree, 1, 0), 0);
    CHECK_INT (depth, 0);
    CHECK_INT (proto_merkle_verify (leaf, leaf, 0, 1, NULL, 0), 0);
    CHECK_INT (proto_merkle_verify (leaf, leaf, 1, 1, NULL, 0), -1);
    CHECK_INT (proto_merkle_verify (leaf, leaf, 0, 1, path, 1), -1);
}

static void
test_all_sizes_verify (void)
{
    proto_hash_t leaves [MAX_TEST_LEAVES];
    proto_hash_t tree [2 * MAX_TEST_LEAVES + PROTO_MERKLE_MAX_DEPTH];
    proto_hash_t path [PROTO_MERKLE_MAX_DEPTH];
    s_leaves (leaves, MAX_TEST_LEAVES);
    for (size_t n = 1; n <= MAX_TEST_LEAVES; n++) {
        CHECK (proto_merkle_tree_size (n) <= sizeof tree / sizeof tree [0]);
        CHECK_INT (proto_merkle_build (tree, leaves, n), 0);
        const uint8_t *root = proto_merkle_root (tree, n);
        CHECK (root);
        for (size_t i = 0; i < n; i++) {
            size_t depth;
            CHECK_INT (proto_merkle_proof (path, &depth, tree, n, i), 0);
            CHECK (depth <= PROTO_MERKLE_MAX_DEPTH);
            CHECK_INT (proto_merkle_verify (root, leaves [i], i, n, path, depth), 0);
            //  Another leaf in this position fails
            size_t other = (i + 1) % n;
            if (other != i)
                CHECK_INT (proto_merkle_verify (root, leaves [other], i, n, path, depth), -1);
        }
    }
}

static void
test_flipped_bits_fail (void)
{
    const size_t n = 13;
    proto_hash_t leaves [13], tree [32], path [PROTO_MERKLE_MAX_DEPTH];
    s_leaves (leaves, n);
    CHECK (proto_merkle_tree_size (n) <= sizeof tree / sizeof tree [0]);
    CHECK_INT (proto_merkle_build (tree, leaves, n), 0);
    proto_hash_t root;
    memcpy (root, proto_merkle_root (tree, n), sizeof root);

    for (size_t i = 0; i < n; i++) {
        size_t depth;
        CHECK_INT (proto_merkle_proof (path, &depth, tree, n, i), 0);
        for (size_t bit = 0; bit < PROTO_DIGEST_BYTES * 8; bit++) {
            uint8_t mask = (uint8_t) (1u << (bit % 8));
            proto_hash_t leaf;
            memcpy (leaf, leaves [i], sizeof leaf);
            leaf [bit / 8] ^= mask;
            CHECK_INT (proto_merkle_verify (root, leaf, i, n, path, depth), -1);

            proto_hash_t bad_root;
            memcpy (bad_root, root, sizeof bad_root);
            bad_root [bit / 8] ^= mask;
            CHECK_INT (proto_merkle_verify (bad_root, leaves [i], i, n, path, depth), -1);

            for (size_t k = 0; k < depth; k++) {
                path [k][bit / 8] ^= mask;
                int rc = proto_merkle_verify (root, leaves [i], i, n, path, depth);
                path [k][bit / 8] ^= mask;
                CHECK_INT (rc, -1);
            }
        }
        CHECK_INT (proto_merkle_verify (root, leaves [i], i, n, path, depth), 0);
    }
}

static void
test_wrong_shape_fails (void)
{
    const size_t n = 13;
    proto_hash_t leaves [13], tree [32], path [PROTO_MERKLE_MAX_DEPTH + 1];
    s_leaves (leaves, n);
    CHECK_INT (proto_merkle_build (tree, leaves, n), 0);
    const uint8_t *root = proto_merkle_root (tree, n);
    size_t depth;
    CHECK_INT (proto_merkle_proof (path, &depth, tree, n, 5), 0);
    CHECK_INT (proto_merkle_verify (root, leaves [5], 5, n, path, depth), 0);

    //  Wrong index, index out of range, wrong or impossible counts
    CHECK_INT (proto_merkle_verify (root, leaves [5], 4, n, path, depth), -1);
    CHECK_INT (proto_merkle_verify (root, leaves [5], 7, n, path, depth), -1);
    CHECK_INT (proto_merkle_verify (root, leaves [5], n, n, path, depth), -1);
    CHECK_INT (proto_merkle_verify (root, leaves [5], 5, 0, path, depth), -1);
    //  (A count with the same shape for this index, like 12, would pass:
    //  the root does not bind n, which is why the signed head carries it.)
    CHECK_INT (proto_merkle_verify (root, leaves [5], 5, 6, path, depth), -1);
    CHECK_INT (proto_merkle_verify (root, leaves [5], 5, PROTO_MERKLE_MAX_LEAVES + 1,
                                    path, depth), -1);
    //  Wrong depth: one short, one long, far too long
    CHECK_INT (proto_merkle_verify (root, leaves [5], 5, n, path, depth - 1), -1);
    memcpy (path [depth], path [0], sizeof path [0]);
    CHECK_INT (proto_merkle_verify (root, leaves [5], 5, n, path, depth + 1), -1);
    CHECK_INT (proto_merkle_verify (root, leaves [5], 5, n, path, PROTO_MERKLE_MAX_DEPTH + 1),
               -1);
    //  The last leaf of 13 is promoted twice: its path is shorter than 4
    CHECK_INT (proto_merkle_proof (path, &depth, tree, n, 12), 0);
    CHECK_INT (depth, 2);
    CHECK_INT (proto_merkle_verify (root, leaves [12], 12, n, path, depth), 0);
    //  An inner node offered as a leaf does not verify at any position
    for (size_t i = 0; i < n; i++)
        CHECK_INT (proto_merkle_verify (root, tree [n], i, n, path, depth), -1);
}

static void
test_bad_arguments (void)
{
    proto_hash_t leaves [2], tree [3], path [PROTO_MERKLE_MAX_DEPTH];
    size_t depth;
    s_leaves (leaves, 2);
    CHECK_INT (proto_merkle_build (tree, leaves, 0), -1);
    CHECK_INT (proto_merkle_build (tree, leaves, PROTO_MERKLE_MAX_LEAVES + 1), -1);
    CHECK_INT (proto_merkle_build (NULL, leaves, 2), -1);
    CHECK_INT (proto_merkle_build (tree, leaves, 2), 0);
    CHECK (proto_merkle_root (tree, 0) == NULL);
    CHECK_INT (proto_merkle_proof (path, &depth, tree, 2, 2), -1);
    CHECK_INT (proto_merkle_proof (path, &depth, tree, 0, 0), -1);
    CHECK_INT (proto_merkle_proof (path, &depth, tree, 2, 1), 0);
    CHECK_INT (proto_merkle_verify (tree [2], leaves [1], 1, 2, NULL, depth), -1);
}

static void
test_largest_tree (void)
{
    const size_t n = PROTO_MERKLE_MAX_LEAVES;
    proto_hash_t *leaves = malloc (n * sizeof (proto_hash_t));
    proto_hash_t *tree = malloc (proto_merkle_tree_size (n) * sizeof (proto_hash_t));
    proto_hash_t path [PROTO_MERKLE_MAX_DEPTH];
    if (!leaves || !tree) {
        free (leaves);
        free (tree);
        CHECK (!"out of memory");
    }
    for (size_t i = 0; i < n; i++)
        proto_merkle_leaf (leaves [i], (const uint8_t *) &i, sizeof i);
    int rc = proto_merkle_build (tree, leaves, n);
    size_t depth = 0;
    int rc_proof = proto_merkle_proof (path, &depth, tree, n, n - 1);
    int rc_verify = proto_merkle_verify (proto_merkle_root (tree, n), leaves [n - 1], n - 1, n,
                                         path, depth);
    free (leaves);
    free (tree);
    CHECK_INT (rc, 0);
    CHECK_INT (rc_proof, 0);
    CHECK_INT (depth, PROTO_MERKLE_MAX_DEPTH);
    CHECK_INT (rc_verify, 0);
}

void
suite_merkle (void)
{
    TEST_RUN ("merkle", test_tree_size);
    TEST_RUN ("merkle", test_pinned_vector);
    TEST_RUN ("merkle", test_single_leaf);
    TEST_RUN ("merkle", test_all_sizes_verify);
    TEST_RUN ("merkle", test_flipped_bits_fail);
    TEST_RUN ("merkle", test_wrong_shape_fails);
    TEST_RUN ("merkle", test_bad_arguments);
    TEST_RUN ("merkle", test_largest_tree);
}
