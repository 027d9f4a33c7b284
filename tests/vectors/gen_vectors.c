/*  gen_vectors.c - prints the known-answer vectors of tests/vectors/envelopes.txt
    and, with --corpus DIR, writes seed frames for the fuzz targets.

    Not part of the normal build; compile it when the protocol changes on
    purpose, then review the diff of envelopes.txt like any protocol change:

      cc -std=gnu11 -Iproto $(pkg-config --cflags libczmq libsodium msgpack) \
         -o /tmp/gen_vectors tests/vectors/gen_vectors.c proto/proto_*.c \
         $(pkg-config --libs libczmq libzmq libsodium msgpack)
      /tmp/gen_vectors > tests/vectors/envelopes.txt
      /tmp/gen_vectors --corpus tests/fuzz/corpus > /dev/null
*/
#include "vectors.h"
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

static void
s_line (const char *name, const uint8_t *bytes, size_t len)
{
    char *hex = malloc (2 * len + 1);
    if (!hex)
        exit (1);
    proto_hex (hex, bytes, len);
    printf ("%s: %s\n", name, hex);
    free (hex);
}

static void
s_write (const char *dir, const char *sub, const char *name, const uint8_t *bytes, size_t len)
{
    char path [512];
    snprintf (path, sizeof path, "%s/%s", dir, sub);
    mkdir (dir, 0755);
    mkdir (path, 0755);
    snprintf (path, sizeof path, "%s/%s/%s", dir, sub, name);
    FILE *f = fopen (path, "wb");
    if (!f || fwrite (bytes, 1, len, f) != len) {
        perror (path);
        exit (1);
    }
    fclose (f);
}

/*  More seed envelopes for the fuzzer (not pinned): lists and records.      */
static void
s_corpus_extra (const char *corpus, proto_writer_t *w, const vec_key_t *partner,
                const vec_key_t *hub)
{
    uint8_t person [PROTO_REF_BYTES], re [PROTO_ID_BYTES];
    memset (person, 0xaa, sizeof person);
    memset (re, 0x02, sizeof re);
    proto_header_t h;
    memset (&h, 0, sizeof h);
    memcpy (h.from, partner->pk, PROTO_PUBKEY_BYTES);
    h.ts = VEC_TS;
    h.person = person;
    h.type = "round";
    memset (h.id, 0x05, PROTO_ID_BYTES);
    proto_envelope_begin (w, &h, 3);
    proto_pack_kv_u64 (w, "at", VEC_DUE);
    proto_pack_key (w, "invited");
    proto_pack_array (w, 3);
    proto_pack_cstr (w, "team-noord");
    proto_pack_cstr (w, "woningcorp-oost");
    proto_pack_cstr (w, "ggd");
    proto_pack_kv_cstr (w, "place", "Wijkcentrum De Brug");
    s_write (corpus, "envelope", "round.bin", proto_writer_data (w), proto_writer_size (w));

    memcpy (h.from, hub->pk, PROTO_PUBKEY_BYTES);
    h.type = "notice";
    h.person = NULL;
    h.re = re;
    memset (h.id, 0x06, PROTO_ID_BYTES);
    proto_envelope_begin (w, &h, 5);
    proto_pack_kv_cstr (w, "kind", "unlinked");
    proto_pack_kv_cstr (w, "text", "Per vergissing gekoppeld.");
    proto_pack_kv_u64 (w, "count", 3);
    proto_pack_key (w, "partners");
    proto_pack_array (w, 2);
    proto_pack_map (w, 3);
    proto_pack_kv_cstr (w, "partner", "team-noord");
    proto_pack_kv_cstr (w, "name", "Regieteam Noord");
    proto_pack_kv_u64 (w, "since", VEC_TS);
    proto_pack_map (w, 2);
    proto_pack_kv_cstr (w, "partner", "ggd");
    proto_pack_kv_cstr (w, "name", "GGD");
    proto_pack_kv_bool (w, "urgent", true);
    s_write (corpus, "envelope", "notice.bin", proto_writer_data (w), proto_writer_size (w));
}

int
main (int argc, char *argv [])
{
    const char *corpus = argc == 3 && strcmp (argv [1], "--corpus") == 0 ? argv [2] : NULL;
    if (proto_init () != 0)
        return 1;
    vec_key_t partner, hub;
    vec_keys (&partner, &hub);
    proto_writer_t w;
    proto_writer_init (&w);

    printf ("# tests/vectors/envelopes.txt - known-answer vectors, protocol version %d.\n",
            PROTO_VERSION);
    printf ("# Written by tests/vectors/gen_vectors.c (see its header); checked by\n"
            "# tests/unit/test_envelope.c and test_link.c. Format: \"name: hex\",\n"
            "# lines starting with # are comments. See proto/PROTOCOL.md, \"Test vectors\".\n");
    printf ("#\n# Keys: Ed25519 seeds. The partner (\"politie-west\") signs envelopes,\n"
            "# the hub signs batch heads.\n");
    s_line ("partner_seed", partner.seed, 32);
    s_line ("partner_pk", partner.pk, 32);
    s_line ("hub_seed", hub.seed, 32);
    s_line ("hub_pk", hub.pk, 32);

    printf ("#\n# Envelopes. Ids are 16 bytes of 0x01 (signal), 0x02 (regiecheck),\n"
            "# 0x03 (agreement), 0x04 (ack); ts 1767225600000 (2026-01-01T00:00:00Z);\n"
            "# subject person = 32 bytes of 0xaa. For each: the envelope bytes, the\n"
            "# partner's Ed25519 signature over them, and their BLAKE2b-256 digest.\n");
    for (int i = 0; i < VEC_ENVELOPES; i++) {
        char name [64];
        uint8_t sig [PROTO_SIGNATURE_BYTES], digest [PROTO_DIGEST_BYTES];
        vec_envelope (&w, i, partner.pk);
        crypto_sign_detached (sig, NULL, proto_writer_data (&w), proto_writer_size (&w),
                              partner.sk);
        proto_digest (digest, proto_writer_data (&w), proto_writer_size (&w));
        printf ("# %s\n", vec_names [i]);
        snprintf (name, sizeof name, "%s_envelope", vec_names [i]);
        s_line (name, proto_writer_data (&w), proto_writer_size (&w));
        snprintf (name, sizeof name, "%s_signature", vec_names [i]);
        s_line (name, sig, sizeof sig);
        snprintf (name, sizeof name, "%s_digest", vec_names [i]);
        s_line (name, digest, sizeof digest);
        if (corpus) {
            snprintf (name, sizeof name, "%s.bin", vec_names [i]);
            s_write (corpus, "envelope", name, proto_writer_data (&w), proto_writer_size (&w));
        }
    }

    printf ("#\n# A hub notice (id 0x06 * 16, subject person 0xaa * 32): kind \"match\"\n"
            "# with its arguments - object, partners, due, team, count - and no text,\n"
            "# signed with the hub's key.\n");
    {
        uint8_t sig [PROTO_SIGNATURE_BYTES], digest [PROTO_DIGEST_BYTES];
        vec_notice (&w, hub.pk);
        crypto_sign_detached (sig, NULL, proto_writer_data (&w), proto_writer_size (&w), hub.sk);
        proto_digest (digest, proto_writer_data (&w), proto_writer_size (&w));
        s_line ("notice_envelope", proto_writer_data (&w), proto_writer_size (&w));
        s_line ("notice_signature", sig, sizeof sig);
        s_line ("notice_digest", digest, sizeof digest);
    }

    if (corpus)
        s_corpus_extra (corpus, &w, &partner, &hub);

    vec_batch_t b;
    vec_batch (&b, &partner, &hub);
    printf ("#\n# Receipt batch %d: five items - the four envelopes above stored as\n"
            "# seq 101..104 (the signal routed \"to\" team-noord), then a repeat of the\n"
            "# signal marked duplicate. Leaves, nodes and root as in proto_merkle.h.\n",
            VEC_BATCH);
    for (int i = 0; i < VEC_ITEMS; i++) {
        char name [64];
        snprintf (name, sizeof name, "receipt_item%d", i);
        s_line (name, b.items [i], b.item_len [i]);
    }
    s_line ("receipt_root", b.head.root, PROTO_DIGEST_BYTES);
    printf ("# the batch head (ts 1767225601000, audit_seq 1234, audit_head 0xbb * 32)\n"
            "# and the hub's signature over exactly these bytes\n");
    s_line ("receipt_head", b.head_bytes, b.head_len);
    s_line ("receipt_head_signature", b.head_sig, PROTO_SIGNATURE_BYTES);

    static const int pinned [] = { 0, 4 };
    for (size_t k = 0; k < 2; k++) {
        proto_hash_t path [PROTO_MERKLE_MAX_DEPTH];
        size_t depth = 0;
        char name [64];
        int i = pinned [k];
        proto_merkle_proof (path, &depth, (const proto_hash_t *) b.tree, VEC_ITEMS, (size_t) i);
        printf ("# item %d: its leaf, and its proof (sibling hashes, leaf upwards, "
                "concatenated)\n", i);
        snprintf (name, sizeof name, "receipt_item%d_leaf", i);
        s_line (name, b.leaves [i], PROTO_DIGEST_BYTES);
        snprintf (name, sizeof name, "receipt_item%d_proof", i);
        s_line (name, (const uint8_t *) path, depth * PROTO_DIGEST_BYTES);
    }
    printf ("# a receipt frame (link message \"k\": \"receipt\") carrying items 0 and 4\n");
    static const int both [] = { 0, 4 };
    vec_receipt (&w, &b, both, 2);
    s_line ("receipt_frame", proto_writer_data (&w), proto_writer_size (&w));
    if (corpus) {
        s_write (corpus, "link", "receipt.bin", proto_writer_data (&w), proto_writer_size (&w));
        static const int all [] = { 0, 1, 2, 3, 4 };
        vec_receipt (&w, &b, all, 5);
        s_write (corpus, "link", "receipt5.bin", proto_writer_data (&w), proto_writer_size (&w));
        proto_link_deliver_encode (&w, 42);
        s_write (corpus, "link", "deliver.bin", proto_writer_data (&w), proto_writer_size (&w));
        proto_link_answer_encode (&w);
        s_write (corpus, "link", "answer.bin", proto_writer_data (&w), proto_writer_size (&w));
        uint8_t id [PROTO_ID_BYTES];
        memset (id, 1, sizeof id);
        proto_link_error_encode (&w, id, PROTO_NOT_IN_LIST, "leefgebied", NULL, NULL);
        s_write (corpus, "link", "error.bin", proto_writer_data (&w), proto_writer_size (&w));
        proto_args_t args;
        proto_args_init (&args);
        proto_args_str (&args, PROTO_ARG_TEAM, "acm");
        proto_args_uint (&args, PROTO_ARG_SINCE, 1765000000000ULL);
        proto_args_str (&args, PROTO_ARG_CASEMANAGER, "cm-anna");
        proto_args_str (&args, PROTO_ARG_NAME, "Anna de Vries");
        proto_args_str (&args, PROTO_ARG_CONTACT, "030 123 4567");
        proto_link_error_encode (&w, NULL, PROTO_CONFLICT, NULL, "regie_held_elsewhere", &args);
        s_write (corpus, "link", "error2.bin", proto_writer_data (&w), proto_writer_size (&w));
    }
    proto_writer_destroy (&w);
    return 0;
}
