/*  test_sign.c - signatures over exact bytes, digests, message ids, hex.    */
#include "testing.h"
#include "proto_sign.h"
#include "../vectors/vectors.h"
#include <stdlib.h>

static void
sign_and_verify (void)
{
    CHECK_INT (proto_init (), 0);
    CHECK_INT (proto_init (), 0);       /* idempotent */
    vec_key_t partner, hub;
    vec_keys (&partner, &hub);
    proto_writer_t w;
    proto_writer_init (&w);
    vec_envelope (&w, 0, partner.pk);
    size_t len = proto_writer_size (&w);
    uint8_t *msg = malloc (len);
    memcpy (msg, proto_writer_data (&w), len);
    proto_writer_destroy (&w);
    uint8_t sig [PROTO_SIGNATURE_BYTES];
    crypto_sign_detached (sig, NULL, msg, len, partner.sk);
    int good = proto_verify (sig, msg, len, partner.pk);
    int wrong_key = proto_verify (sig, msg, len, hub.pk);
    int shorter = proto_verify (sig, msg, len - 1, partner.pk);
    //  one more byte after the envelope is another message
    uint8_t *longer = malloc (len + 1);
    memcpy (longer, msg, len);
    longer [len] = 0;
    int extended = proto_verify (sig, longer, len + 1, partner.pk);
    free (longer);
    uint8_t zero [PROTO_SIGNATURE_BYTES] = { 0 };
    int zero_sig = proto_verify (zero, msg, len, partner.pk);
    uint8_t zero_key [PROTO_PUBKEY_BYTES] = { 0 };
    int zero_pk = proto_verify (sig, msg, len, zero_key);
    free (msg);
    CHECK (len > 300);
    CHECK_INT (good, 0);
    CHECK_INT (wrong_key, -1);
    CHECK_INT (shorter, -1);
    CHECK_INT (extended, -1);
    CHECK_INT (zero_sig, -1);
    CHECK_INT (zero_pk, -1);
}

static void
every_flipped_bit_fails (void)
{
    vec_key_t partner, hub;
    vec_keys (&partner, &hub);
    proto_writer_t w;
    proto_writer_init (&w);
    vec_envelope (&w, 0, partner.pk);
    size_t len = proto_writer_size (&w);
    uint8_t *msg = malloc (len);
    memcpy (msg, proto_writer_data (&w), len);
    proto_writer_destroy (&w);
    uint8_t sig [PROTO_SIGNATURE_BYTES];
    crypto_sign_detached (sig, NULL, msg, len, partner.sk);
    size_t passed = 0;
    for (size_t bit = 0; bit < len * 8; bit++) {
        msg [bit / 8] ^= (uint8_t) (1 << (bit % 8));
        passed += proto_verify (sig, msg, len, partner.pk) == 0;
        msg [bit / 8] ^= (uint8_t) (1 << (bit % 8));
    }
    for (size_t bit = 0; bit < sizeof sig * 8; bit++) {
        sig [bit / 8] ^= (uint8_t) (1 << (bit % 8));
        passed += proto_verify (sig, msg, len, partner.pk) == 0;
        sig [bit / 8] ^= (uint8_t) (1 << (bit % 8));
    }
    for (size_t bit = 0; bit < PROTO_PUBKEY_BYTES * 8; bit++) {
        partner.pk [bit / 8] ^= (uint8_t) (1 << (bit % 8));
        passed += proto_verify (sig, msg, len, partner.pk) == 0;
        partner.pk [bit / 8] ^= (uint8_t) (1 << (bit % 8));
    }
    int still = proto_verify (sig, msg, len, partner.pk);
    free (msg);
    CHECK_INT (passed, 0);
    CHECK_INT (still, 0);
}

static void
fixed_seed_is_deterministic (void)
{
    //  Ed25519 is deterministic: the same seed and bytes, the same signature
    vec_key_t a, b, hub;
    vec_keys (&a, &hub);
    vec_keys (&b, &hub);
    uint8_t s1 [PROTO_SIGNATURE_BYTES], s2 [PROTO_SIGNATURE_BYTES];
    crypto_sign_detached (s1, NULL, (const uint8_t *) "abc", 3, a.sk);
    crypto_sign_detached (s2, NULL, (const uint8_t *) "abc", 3, b.sk);
    CHECK_MEM (a.pk, b.pk, 32);
    CHECK_MEM (s1, s2, sizeof s1);
    char hex [65];
    proto_hex (hex, a.pk, 32);
    CHECK_STR (hex, "03a107bff3ce10be1d70dd18e74bc09967e4d6309ba50d5f1ddc8664125531b8");
    CHECK_INT (proto_verify (s1, (const uint8_t *) "abc", 3, a.pk), 0);
}

static void
digest_known_answers (void)
{
    uint8_t d [PROTO_DIGEST_BYTES];
    char hex [2 * PROTO_DIGEST_BYTES + 1];
    proto_digest (d, (const uint8_t *) "", 0);
    proto_hex (hex, d, sizeof d);
    CHECK_STR (hex, "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8");
    proto_digest (d, (const uint8_t *) "abc", 3);
    proto_hex (hex, d, sizeof d);
    CHECK_STR (hex, "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319");
}

static void
ids_sort_by_time (void)
{
    uint8_t a [PROTO_ID_BYTES], b [PROTO_ID_BYTES], c [PROTO_ID_BYTES];
    uint64_t t = 1767225600000ULL;
    proto_id_new (a, t);
    proto_id_new (b, t + 1);
    proto_id_new (c, t);
    CHECK (memcmp (a, b, PROTO_ID_BYTES) < 0);
    CHECK (memcmp (c, b, PROTO_ID_BYTES) < 0);
    CHECK (memcmp (a, c, PROTO_ID_BYTES) != 0);        /* random tail */
    CHECK_MEM (a, c, 6);
    CHECK_INT (proto_id_time (a), t);
    CHECK_INT (proto_id_time (b), t + 1);
    //  the time is 48-bit big-endian in the first six bytes
    proto_id_new (a, 0x0102030405060708ULL);
    CHECK_INT (a [0], 0x03);
    CHECK_INT (a [5], 0x08);
    CHECK_INT (proto_id_time (a), 0x030405060708ULL);
    //  ids across a byte boundary still sort
    proto_id_new (a, 0xffffff);
    proto_id_new (b, 0x1000000);
    CHECK (memcmp (a, b, PROTO_ID_BYTES) < 0);
    //  a thousand ids from a rising clock come out sorted
    uint8_t prev [PROTO_ID_BYTES];
    proto_id_new (prev, t);
    for (int i = 1; i < 1000; i++) {
        proto_id_new (a, t + (uint64_t) i);
        CHECK (memcmp (prev, a, PROTO_ID_BYTES) < 0);
        memcpy (prev, a, sizeof prev);
    }
    uint64_t now = proto_now_ms ();
    CHECK (now > PROTO_TIME_MIN_MS && now < PROTO_TIME_MAX_MS);
}

static void
hex_round_trip (void)
{
    uint8_t bytes [256], back [256];
    char hex [513];
    for (int i = 0; i < 256; i++)
        bytes [i] = (uint8_t) i;
    proto_hex (hex, bytes, sizeof bytes);
    CHECK_INT (strlen (hex), 512);
    CHECK (strncmp (hex, "000102", 6) == 0);
    CHECK (strcmp (hex + 506, "fdfeff") == 0);
    CHECK_INT (proto_unhex (back, sizeof back, hex), 0);
    CHECK_MEM (bytes, back, sizeof bytes);
    proto_hex (hex, bytes, 0);
    CHECK (hex [0] == 0);
    uint8_t two [2] = { 0x55, 0x55 };
    CHECK_INT (proto_unhex (two, 2, "ABcd"), 0);        /* either case */
    CHECK_INT (two [0], 0xab);
    CHECK_INT (two [1], 0xcd);
    CHECK_INT (proto_unhex (two, 0, ""), 0);
}

static void
unhex_refusals (void)
{
    uint8_t out [4];
    static const char *bad [] = {
        "abc",              /* odd                   */
        "abcdef",           /* too short             */
        "abcdef0102",       /* too long              */
        "abcdefg1",         /* not hex               */
        "abcd ef0",
        "0xabcdef",
        "abcdef0\n",
        "",
        "-1234567",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad [0]; i++) {
        if (proto_unhex (out, 4, bad [i]) != -1)
            CHECK_STR (bad [i], "refused");
    }
    CHECK_INT (proto_unhex (out, 4, NULL), -1);
    CHECK_INT (proto_unhex (out, 4, "00ff10ab"), 0);
}

void
suite_sign (void)
{
    TEST_RUN ("sign", sign_and_verify);
    TEST_RUN ("sign", every_flipped_bit_fails);
    TEST_RUN ("sign", fixed_seed_is_deterministic);
    TEST_RUN ("sign", digest_known_answers);
    TEST_RUN ("sign", ids_sort_by_time);
    TEST_RUN ("sign", hex_round_trip);
    TEST_RUN ("sign", unhex_refusals);
}
