/*  vectors.h - the messages pinned in tests/vectors/envelopes.txt.

    One definition of the vector messages, shared by the generator
    (tests/vectors/gen_vectors.c) and the tests that rebuild them
    (tests/unit/test_envelope.c, test_link.c). Everything is fixed: keys from
    fixed seeds, fixed ids, times and references, so the bytes never change
    unless the encoder does - and then the pinned file says so.

    Static functions in a header on purpose: test code only, and each user
    is one translation unit.
*/
#ifndef VECTORS_H_INCLUDED
#define VECTORS_H_INCLUDED

#include "proto_envelope.h"
#include "proto_sign.h"
#include "proto_link.h"
#include "proto_merkle.h"
#include <sodium.h>
#include <string.h>
#include <stdio.h>
#include <stdlib.h>

#define VEC_TS          1767225600000ULL    /* 2026-01-01T00:00:00Z          */
#define VEC_DUE         1769904000000ULL    /* 2026-02-01T00:00:00Z          */
#define VEC_ENVELOPES   4
#define VEC_ITEMS       5                   /* the four, and a repeat        */
#define VEC_BATCH       7
#define VEC_AUDIT_SEQ   1234
#define VEC_SEQ_FIRST   101

typedef struct {
    uint8_t seed [32];
    uint8_t pk [crypto_sign_PUBLICKEYBYTES];
    uint8_t sk [crypto_sign_SECRETKEYBYTES];
} vec_key_t;

static const char *vec_names [VEC_ENVELOPES] = { "signal", "regiecheck", "agreement", "ack" };

/*  Partner "politie-west": seed 0x00..0x1f. Hub: seed 0x20..0x3f.           */
static inline void
vec_keys (vec_key_t *partner, vec_key_t *hub)
{
    for (int i = 0; i < 32; i++) {
        partner->seed [i] = (uint8_t) i;
        hub->seed [i] = (uint8_t) (0x20 + i);
    }
    crypto_sign_seed_keypair (partner->pk, partner->sk, partner->seed);
    crypto_sign_seed_keypair (hub->pk, hub->sk, hub->seed);
}

/*  Envelope number which (0..VEC_ENVELOPES-1), authored by key pk.         */
static inline void
vec_envelope (proto_writer_t *w, int which, const uint8_t *pk)
{
    static uint8_t person [PROTO_REF_BYTES];
    memset (person, 0xaa, sizeof person);
    proto_header_t h;
    memset (&h, 0, sizeof h);
    h.type = vec_names [which];
    memset (h.id, which + 1, PROTO_ID_BYTES);       /* 0x01.., 0x02.., ...  */
    memcpy (h.from, pk, PROTO_PUBKEY_BYTES);
    h.ts = VEC_TS;
    switch (which) {
        case 0:
            h.person = person;
            proto_envelope_begin (w, &h, 7);
            proto_pack_kv_cstr (w, "leefgebied", "huisvesting");
            proto_pack_kv_cstr (w, "severity", "ernstig");
            proto_pack_kv_cstr (w, "ground", "financiele_problemen");
            proto_pack_kv_bool (w, "informed", true);
            proto_pack_kv_cstr (w, "kind", "ontruimingsdreiging");
            proto_pack_kv_cstr (w, "text", "Drie maanden huurachterstand;\n"
                                "aanzegging ontruiming ontvangen.");
            proto_pack_kv_cstr (w, "contact", "Wijkagent J. de Vries, 06-12345678");
            break;
        case 1:
            h.person = person;
            proto_envelope_begin (w, &h, 0);
            break;
        case 2:
            h.person = person;
            proto_envelope_begin (w, &h, 4);
            proto_pack_kv_cstr (w, "owner", "woningcorp-oost");
            proto_pack_kv_cstr (w, "action", "Betalingsregeling huurachterstand aanbieden");
            proto_pack_kv_cstr (w, "leefgebied", "huisvesting");
            proto_pack_kv_u64 (w, "due", VEC_DUE);
            break;
        default:
            proto_envelope_begin (w, &h, 1);
            proto_pack_kv_u64 (w, "upto", 42);
            break;
    }
}

/*  A hub notice (version 2: a kind and its arguments, no prose): the match
    notice to one of two matched partners, authored by the hub's key pk.
    Id 16 bytes of 0x06, re none, subject person 0xaa * 32.                  */
static inline void
vec_notice (proto_writer_t *w, const uint8_t *pk)
{
    static uint8_t person [PROTO_REF_BYTES], match [PROTO_ID_BYTES];
    memset (person, 0xaa, sizeof person);
    memset (match, 0x07, sizeof match);
    proto_header_t h;
    memset (&h, 0, sizeof h);
    h.type = "notice";
    memset (h.id, 0x06, PROTO_ID_BYTES);
    memcpy (h.from, pk, PROTO_PUBKEY_BYTES);
    h.ts = VEC_TS;
    h.person = person;
    proto_envelope_begin (w, &h, 6);
    proto_pack_kv_cstr (w, "kind", "match");
    proto_pack_kv_bin (w, "object", match, PROTO_ID_BYTES);
    proto_pack_key (w, "partners");
    proto_pack_array (w, 2);
    proto_pack_map (w, 3);
    proto_pack_kv_cstr (w, "partner", "woningcorp-oost");
    proto_pack_kv_cstr (w, "name", "Woningcorporatie Oost");
    proto_pack_kv_cstr (w, "contact", "030-2345678");
    proto_pack_map (w, 2);
    proto_pack_kv_cstr (w, "partner", "politie-west");
    proto_pack_kv_cstr (w, "name", "Politie Utrecht West");
    proto_pack_kv_u64 (w, "due", VEC_DUE);
    proto_pack_kv_cstr (w, "team", "acm");
    proto_pack_kv_u64 (w, "count", 2);
}

/*  The receipt items of one batch: the four envelopes stored as seq 101..104,
    then a repeat of the signal that the hub recognised as a duplicate.      */
static inline void
vec_item (proto_receipt_item_t *item, int index, const uint8_t *pk)
{
    proto_writer_t w;
    proto_writer_init (&w);
    int which = index < VEC_ENVELOPES ? index : 0;
    vec_envelope (&w, which, pk);
    memset (item, 0, sizeof *item);
    memset (item->id, which + 1, PROTO_ID_BYTES);
    proto_digest (item->digest, proto_writer_data (&w), proto_writer_size (&w));
    item->seq = VEC_SEQ_FIRST + (uint64_t) which;
    if (index == 0) {
        strcpy (item->to, "team-noord");
        strcpy (item->note, "signal_to_intake");
        proto_args_str (&item->note_args, PROTO_ARG_TEAM, "team-noord");
    }
    if (index == VEC_ITEMS - 1) {
        item->duplicate = true;
        strcpy (item->note, "stored_before");
    }
    proto_writer_destroy (&w);
}

/*  The batch: encoded items, their leaves, the tree and the signed head.    */
typedef struct {
    uint8_t items [VEC_ITEMS][PROTO_MAX_ITEM_BYTES];
    size_t item_len [VEC_ITEMS];
    proto_hash_t leaves [VEC_ITEMS];
    proto_hash_t tree [2 * VEC_ITEMS + 2];
    proto_batch_head_t head;
    uint8_t head_bytes [PROTO_MAX_HEAD_BYTES];
    size_t head_len;
    uint8_t head_sig [PROTO_SIGNATURE_BYTES];
} vec_batch_t;

static inline void
vec_batch (vec_batch_t *b, const vec_key_t *partner, const vec_key_t *hub)
{
    proto_writer_t w;
    proto_writer_init (&w);
    memset (b, 0, sizeof *b);
    for (int i = 0; i < VEC_ITEMS; i++) {
        proto_receipt_item_t item;
        vec_item (&item, i, partner->pk);
        proto_receipt_item_encode (&w, &item);
        b->item_len [i] = proto_writer_size (&w);
        memcpy (b->items [i], proto_writer_data (&w), b->item_len [i]);
        proto_merkle_leaf (b->leaves [i], b->items [i], b->item_len [i]);
    }
    proto_merkle_build (b->tree, (const proto_hash_t *) b->leaves, VEC_ITEMS);
    memcpy (b->head.hub, hub->pk, PROTO_PUBKEY_BYTES);
    b->head.batch = VEC_BATCH;
    b->head.leaves = VEC_ITEMS;
    memcpy (b->head.root, proto_merkle_root ((const proto_hash_t *) b->tree, VEC_ITEMS),
            PROTO_DIGEST_BYTES);
    b->head.ts = VEC_TS + 1000;
    b->head.audit_seq = VEC_AUDIT_SEQ;
    memset (b->head.audit_head, 0xbb, PROTO_DIGEST_BYTES);
    proto_batch_head_encode (&w, &b->head);
    b->head_len = proto_writer_size (&w);
    memcpy (b->head_bytes, proto_writer_data (&w), b->head_len);
    crypto_sign_detached (b->head_sig, NULL, b->head_bytes, b->head_len, hub->sk);
    proto_writer_destroy (&w);
}

/*  A receipt frame holding the listed items of the batch, each with its
    proof. Returns the proof depth of the last item (for printing).          */
static inline size_t
vec_receipt (proto_writer_t *w, const vec_batch_t *b, const int *which, uint32_t count)
{
    size_t depth = 0;
    proto_receipt_begin (w, b->head_bytes, b->head_len, b->head_sig, count);
    for (uint32_t i = 0; i < count; i++) {
        proto_hash_t path [PROTO_MERKLE_MAX_DEPTH];
        proto_merkle_proof (path, &depth, (const proto_hash_t *) b->tree, VEC_ITEMS,
                            (size_t) which [i]);
        proto_receipt_add (w, b->items [which [i]], b->item_len [which [i]],
                           (uint32_t) which [i], (const proto_hash_t *) path, depth);
    }
    return depth;
}

/* ---- reading envelopes.txt back ---------------------------------------- */

#define VEC_MAX 64

typedef struct {
    char name [64];
    uint8_t *bytes;
    size_t len;
} vec_entry_t;

typedef struct {
    vec_entry_t e [VEC_MAX];
    int n;
} vec_file_t;

static inline void
vec_file_free (vec_file_t *vf)
{
    for (int i = 0; i < vf->n; i++)
        free (vf->e [i].bytes);
    vf->n = 0;
}

/*  Reads "name: hex" lines; -1 if the file is missing or a line is bad.    */
static inline int
vec_file_load (vec_file_t *vf, const char *path)
{
    memset (vf, 0, sizeof *vf);
    FILE *f = fopen (path, "r");
    if (!f)
        return -1;
    char *line = NULL;
    size_t cap = 0;
    ssize_t got;
    int rc = 0;
    while ((got = getline (&line, &cap, f)) > 0 && rc == 0) {
        while (got > 0 && (line [got - 1] == '\n' || line [got - 1] == '\r'))
            line [--got] = 0;
        if (got == 0 || line [0] == '#')
            continue;
        char *colon = strstr (line, ": ");
        if (!colon || vf->n == VEC_MAX || colon - line >= 64) {
            rc = -1;
            break;
        }
        vec_entry_t *e = &vf->e [vf->n];
        memcpy (e->name, line, (size_t) (colon - line));
        e->name [colon - line] = 0;
        const char *hex = colon + 2;
        e->len = strlen (hex) / 2;
        e->bytes = malloc (e->len + 1);
        if (!e->bytes || proto_unhex (e->bytes, e->len, hex) != 0) {
            free (e->bytes);
            rc = -1;
            break;
        }
        vf->n++;
    }
    free (line);
    fclose (f);
    if (rc)
        vec_file_free (vf);
    return rc;
}

static inline const vec_entry_t *
vec_get (const vec_file_t *vf, const char *name)
{
    for (int i = 0; i < vf->n; i++)
        if (strcmp (vf->e [i].name, name) == 0)
            return &vf->e [i];
    return NULL;
}

#endif
