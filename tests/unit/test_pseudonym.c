/*  test_pseudonym.c - BSN and address pseudonyms (proto_pseudonym.h): the
    elfproef, normalisation of the ways people type an address, pinned
    references (tests/vectors/pseudonyms.txt), and the network key file.
*/
#include "testing.h"
#include "proto_pseudonym.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <sodium.h>

#define ERR_SIZE 512

//  Computed independently with python3:
//    hashlib.blake2b (b"regiehub/person/v1\0" b"111222333",
//                     key=bytes (range (32)), digest_size=32)
//    hashlib.blake2b (b"regiehub/address/v1\0" b"1234AB\0" b"10\0" b"A", ...)
#define PERSON_111222333_HEX \
    "93cc4c1ca6cb2087abef68cae800b9cf1ae6f74507df430490874001d8096906"
#define ADDRESS_1234AB_10_A_HEX \
    "912977aa09e6e974e73f25edabd7168d3fd14e73f1f31cd9317ee381ab1f5037"

static void
s_test_key (uint8_t key [PROTO_NETWORK_KEY_BYTES])
{
    for (int i = 0; i < PROTO_NETWORK_KEY_BYTES; i++)
        key [i] = (uint8_t) i;
}

static int
s_write_file (const char *path, const char *text, mode_t mode)
{
    int fd = open (path, O_WRONLY | O_CREAT | O_TRUNC, mode);
    if (fd == -1)
        return -1;
    ssize_t n = write (fd, text, strlen (text));
    close (fd);
    if (chmod (path, mode))
        return -1;
    return n == (ssize_t) strlen (text)? 0: -1;
}

static void
test_bsn_elfproef (void)
{
    char err [ERR_SIZE];
    CHECK_INT (proto_bsn_check ("111222333", err, sizeof err), 0);
    CHECK_INT (proto_bsn_check ("123456782", err, sizeof err), 0);
    CHECK_INT (proto_bsn_check ("123456789", err, sizeof err), -1);
    CHECK (strstr (err, "eleven-test"));
    CHECK (!strstr (err, "123456789"));        //  personal data stays out of errors
    CHECK_INT (proto_bsn_check ("000000000", err, sizeof err), -1);
    //  8 digits get a leading 0: 012345678 fails, 012345684 passes
    CHECK_INT (proto_bsn_check ("12345678", err, sizeof err), -1);
    CHECK_INT (proto_bsn_check ("12345684", err, sizeof err), 0);
    CHECK_INT (proto_bsn_check ("012345684", err, sizeof err), 0);
    //  d1..d8 all 0 gives a negative sum that is never a multiple of 11
    CHECK_INT (proto_bsn_check ("000000001", err, sizeof err), -1);
}

static void
test_bsn_syntax (void)
{
    static const char *bad [] = {
        "", "1234567", "1112223330", "11122233a", " 111222333", "111222333 ",
        "111 222 333", "111.222.333", "111-22-2333", "+11222333", "0x1222333",
        "１１１２２２３３３"
    };
    char err [ERR_SIZE];
    for (size_t i = 0; i < sizeof bad / sizeof bad [0]; i++) {
        err [0] = 0;
        CHECK_INT (proto_bsn_check (bad [i], err, sizeof err), -1);
        CHECK (strstr (err, "9 digits"));
    }
    CHECK_INT (proto_bsn_check (NULL, err, sizeof err), -1);
    //  A tiny error buffer still gets a terminated (truncated) sentence
    char small [8];
    CHECK_INT (proto_bsn_check ("abc", small, sizeof small), -1);
    CHECK_INT (strlen (small), sizeof small - 1);
}

static void
test_person_ref_pinned (void)
{
    uint8_t key [PROTO_NETWORK_KEY_BYTES], ref [PROTO_REF_BYTES];
    char hex [PROTO_REF_HEX_CHARS], err [ERR_SIZE];
    s_test_key (key);
    CHECK_INT (proto_person_ref (ref, key, "111222333", err, sizeof err), 0);
    proto_ref_to_hex (hex, ref);
    CHECK_STR (hex, PERSON_111222333_HEX);

    uint8_t back [PROTO_REF_BYTES];
    CHECK_INT (proto_ref_from_hex (back, hex), 0);
    CHECK_MEM (back, ref, sizeof ref);
}

static void
test_address_ref_pinned (void)
{
    uint8_t key [PROTO_NETWORK_KEY_BYTES], ref [PROTO_REF_BYTES];
    char hex [PROTO_REF_HEX_CHARS], err [ERR_SIZE];
    s_test_key (key);
    CHECK_INT (proto_address_ref (ref, key, "1234AB", "10", "a", err, sizeof err), 0);
    proto_ref_to_hex (hex, ref);
    CHECK_STR (hex, ADDRESS_1234AB_10_A_HEX);
    //  The ways people type the same address give the same reference
    static const char *same [][3] = {
        { "1234 ab", "10", "A" }, { "1234ab", "10", "-a" }, { "1234 AB", "10", " a " },
        { "1234Ab", "10", "/A" }
    };
    for (size_t i = 0; i < sizeof same / sizeof same [0]; i++) {
        uint8_t other [PROTO_REF_BYTES];
        CHECK_INT (proto_address_ref (other, key, same [i][0], same [i][1], same [i][2],
                                      err, sizeof err), 0);
        CHECK_MEM (other, ref, sizeof ref);
    }
}

static void
test_refs_differ (void)
{
    uint8_t key [PROTO_NETWORK_KEY_BYTES], key2 [PROTO_NETWORK_KEY_BYTES];
    uint8_t a [PROTO_REF_BYTES], b [PROTO_REF_BYTES];
    char err [ERR_SIZE];
    s_test_key (key);
    memcpy (key2, key, sizeof key2);
    key2 [0] ^= 1;

    //  Same input, same key: same reference; another key: another one
    CHECK_INT (proto_person_ref (a, key, "123456782", err, sizeof err), 0);
    CHECK_INT (proto_person_ref (b, key, "123456782", err, sizeof err), 0);
    CHECK_MEM (a, b, sizeof a);
    CHECK_INT (proto_person_ref (b, key2, "123456782", err, sizeof err), 0);
    CHECK (memcmp (a, b, sizeof a) != 0);
    CHECK_INT (proto_person_ref (b, key, "111222333", err, sizeof err), 0);
    CHECK (memcmp (a, b, sizeof a) != 0);
    //  8 digits and the same with its leading 0 are one person
    CHECK_INT (proto_person_ref (a, key, "12345684", err, sizeof err), 0);
    CHECK_INT (proto_person_ref (b, key, "012345684", err, sizeof err), 0);
    CHECK_MEM (a, b, sizeof a);
    CHECK_INT (proto_person_ref (a, key, "123456789", err, sizeof err), -1);

    //  Addresses: each part matters; NULL and "" addition are the same
    CHECK_INT (proto_address_ref (a, key, "1234AB", "10", NULL, err, sizeof err), 0);
    CHECK_INT (proto_address_ref (b, key, "1234AB", "10", "", err, sizeof err), 0);
    CHECK_MEM (a, b, sizeof a);
    CHECK_INT (proto_address_ref (b, key, "1234AB", "10", "a", err, sizeof err), 0);
    CHECK (memcmp (a, b, sizeof a) != 0);
    CHECK_INT (proto_address_ref (a, key, "1234AB", "10", "b", err, sizeof err), 0);
    CHECK (memcmp (a, b, sizeof a) != 0);
    CHECK_INT (proto_address_ref (a, key2, "1234AB", "10", "a", err, sizeof err), 0);
    CHECK (memcmp (a, b, sizeof a) != 0);
    //  The separators keep "1" + "0A" apart from "10" + "A"
    CHECK_INT (proto_address_ref (a, key, "1234AB", "1", "0a", err, sizeof err), 0);
    CHECK (memcmp (a, b, sizeof a) != 0);
    //  A person and an address never share a domain
    CHECK_INT (proto_person_ref (a, key, "111222333", err, sizeof err), 0);
    CHECK_INT (proto_address_ref (b, key, "1112AB", "22", "333", err, sizeof err), 0);
    CHECK (memcmp (a, b, sizeof a) != 0);
}

static void
test_address_normalise (void)
{
    uint8_t out [PROTO_ADDRESS_MAX];
    size_t len;
    char err [ERR_SIZE];
    CHECK_INT (proto_address_normalise (out, &len, "1234 ab", "10", "1 hoog", err,
                                        sizeof err), 0);
    CHECK_INT (len, sizeof "1234AB\0" "10\0" "1HOOG" - 1);
    CHECK_MEM (out, "1234AB\0" "10\0" "1HOOG", len);
    CHECK_INT (proto_address_normalise (out, &len, "9999ZZ", "99999", "abc123", err,
                                        sizeof err), 0);
    CHECK_INT (len, sizeof "9999ZZ\0" "99999\0" "ABC123" - 1);
    CHECK_INT (proto_address_normalise (out, &len, "1000AA", "1", NULL, err, sizeof err), 0);
    CHECK_INT (len, sizeof "1000AA\0" "1\0" - 1);
    CHECK_MEM (out, "1000AA\0" "1\0", len);

    static const char *bad_postcodes [] = {
        "", "0123AB", "123AB", "12345AB", "1234A", "1234ABC", "1234  AB", " 1234AB",
        "1234AB ", "1234-AB", "1234A1", "ABCD12", "1234\tAB"
    };
    for (size_t i = 0; i < sizeof bad_postcodes / sizeof bad_postcodes [0]; i++) {
        CHECK_INT (proto_address_normalise (out, &len, bad_postcodes [i], "10", NULL, err,
                                            sizeof err), -1);
        CHECK (strstr (err, "postcode"));
    }
    CHECK_INT (proto_address_normalise (out, &len, NULL, "10", NULL, err, sizeof err), -1);

    static const char *bad_numbers [] = {
        "", "0", "010", "123456", "12a", " 12", "12 ", "-1", "1.5"
    };
    for (size_t i = 0; i < sizeof bad_numbers / sizeof bad_numbers [0]; i++) {
        CHECK_INT (proto_address_normalise (out, &len, "1234AB", bad_numbers [i], NULL, err,
                                            sizeof err), -1);
        CHECK (strstr (err, "house number"));
    }
    CHECK_INT (proto_address_normalise (out, &len, "1234AB", NULL, NULL, err, sizeof err), -1);

    static const char *bad_additions [] = {
        "abcdefg", "1234567", "a.b", "a_b", "ä", "a\nb", "1 2 3 4 5 6 7"
    };
    for (size_t i = 0; i < sizeof bad_additions / sizeof bad_additions [0]; i++) {
        CHECK_INT (proto_address_normalise (out, &len, "1234AB", "10", bad_additions [i], err,
                                            sizeof err), -1);
        CHECK (strstr (err, "addition"));
    }
    //  Separators alone make an empty addition
    CHECK_INT (proto_address_normalise (out, &len, "1234AB", "10", " - / ", err, sizeof err), 0);
    CHECK_INT (len, sizeof "1234AB\0" "10\0" - 1);
}

static void
test_ref_hex (void)
{
    uint8_t ref [PROTO_REF_BYTES];
    char text [PROTO_REF_HEX_CHARS + 1];
    memset (text, 'a', PROTO_REF_HEX_CHARS - 1);
    text [PROTO_REF_HEX_CHARS - 1] = 0;
    CHECK_INT (proto_ref_from_hex (ref, text), 0);
    CHECK_INT (ref [0], 0xaa);
    text [0] = 'A';
    CHECK_INT (proto_ref_from_hex (ref, text), 0);
    text [0] = 'g';
    CHECK_INT (proto_ref_from_hex (ref, text), -1);
    text [0] = 'a';
    text [PROTO_REF_HEX_CHARS - 2] = 0;                 //  63 characters
    CHECK_INT (proto_ref_from_hex (ref, text), -1);
    text [PROTO_REF_HEX_CHARS - 2] = 'a';
    text [PROTO_REF_HEX_CHARS - 1] = 'a';               //  65 characters
    text [PROTO_REF_HEX_CHARS] = 0;
    CHECK_INT (proto_ref_from_hex (ref, text), -1);
    text [PROTO_REF_HEX_CHARS - 1] = '\n';              //  64 and a newline
    CHECK_INT (proto_ref_from_hex (ref, text), -1);
    text [2] = ' ';
    text [PROTO_REF_HEX_CHARS - 1] = 0;
    CHECK_INT (proto_ref_from_hex (ref, text), -1);
    CHECK_INT (proto_ref_from_hex (ref, ""), -1);
    CHECK_INT (proto_ref_from_hex (ref, NULL), -1);
}

static void
test_network_key_file (void)
{
    char path [256], err [ERR_SIZE];
    snprintf (path, sizeof path, "%s/network.key", test_tmpdir ());
    CHECK_INT (proto_network_key_generate (path, err, sizeof err), 0);
    struct stat st;
    CHECK_INT (stat (path, &st), 0);
    CHECK_INT (st.st_mode & 0777, 0600);
    CHECK_INT (st.st_size, 2 * PROTO_NETWORK_KEY_BYTES + 1);

    uint8_t key [PROTO_NETWORK_KEY_BYTES], again [PROTO_NETWORK_KEY_BYTES];
    CHECK_INT (proto_network_key_load (key, path, err, sizeof err), 0);
    CHECK_INT (proto_network_key_load (again, path, err, sizeof err), 0);
    CHECK_MEM (key, again, sizeof key);
    CHECK (!sodium_is_zero (key, sizeof key));

    //  Never overwritten
    CHECK_INT (proto_network_key_generate (path, err, sizeof err), -1);
    CHECK (strstr (err, "already exists"));
    CHECK_INT (proto_network_key_load (again, path, err, sizeof err), 0);
    CHECK_MEM (key, again, sizeof key);

    //  Readable by others: refused with the fix
    CHECK_INT (chmod (path, 0644), 0);
    CHECK_INT (proto_network_key_load (again, path, err, sizeof err), -1);
    CHECK (strstr (err, "chmod 600"));
    CHECK_INT (proto_network_key_load (again, "/nonexistent/network.key", err, sizeof err), -1);
}

static void
test_network_key_syntax (void)
{
    char path [256], err [ERR_SIZE];
    snprintf (path, sizeof path, "%s/k", test_tmpdir ());
    const char *hex64 = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
    uint8_t key [PROTO_NETWORK_KEY_BYTES], expect [PROTO_NETWORK_KEY_BYTES];
    s_test_key (expect);

    //  Without the newline, and in upper case: accepted
    CHECK_INT (s_write_file (path, hex64, 0600), 0);
    CHECK_INT (proto_network_key_load (key, path, err, sizeof err), 0);
    CHECK_MEM (key, expect, sizeof key);
    CHECK_INT (s_write_file (path, "000102030405060708090A0B0C0D0E0F"
                                   "101112131415161718191A1B1C1D1E1F\n", 0600), 0);
    CHECK_INT (proto_network_key_load (key, path, err, sizeof err), 0);
    CHECK_MEM (key, expect, sizeof key);

    static const char *bad [] = {
        "", "\n", "0001\n",
        "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f\n\n",
        "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f \n",
        "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f\r\n",
        " 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
        "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1",
        "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f00",
        "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1g\n",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad [0]; i++) {
        CHECK_INT (s_write_file (path, bad [i], 0600), 0);
        CHECK_INT (proto_network_key_load (key, path, err, sizeof err), -1);
        CHECK (strstr (err, "64 hex"));
    }
    //  A directory is not a key file
    CHECK_INT (proto_network_key_load (key, test_tmpdir (), err, sizeof err), -1);
}

void
suite_pseudonym (void)
{
    TEST_RUN ("pseudonym", test_bsn_elfproef);
    TEST_RUN ("pseudonym", test_bsn_syntax);
    TEST_RUN ("pseudonym", test_person_ref_pinned);
    TEST_RUN ("pseudonym", test_address_ref_pinned);
    TEST_RUN ("pseudonym", test_refs_differ);
    TEST_RUN ("pseudonym", test_address_normalise);
    TEST_RUN ("pseudonym", test_ref_hex);
    TEST_RUN ("pseudonym", test_network_key_file);
    TEST_RUN ("pseudonym", test_network_key_syntax);
}
