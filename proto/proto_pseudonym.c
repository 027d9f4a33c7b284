/*  proto_pseudonym.c - BSNs and addresses become pseudonyms at the agent.
    See proto_pseudonym.h for the derivation, which is part of the protocol
    (tests/vectors/pseudonyms.txt pins it).

    Inputs are personal data: error sentences say what a valid value looks
    like but never repeat the value, because errors end up in logs.
*/
#include "proto_pseudonym.h"
#include "proto_file.h"
#include "proto_identity.h"
#include "proto_lang.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <sodium.h>

_Static_assert (PROTO_REF_BYTES >= crypto_generichash_BYTES_MIN
             && PROTO_REF_BYTES <= crypto_generichash_BYTES_MAX, "reference size");
_Static_assert (PROTO_NETWORK_KEY_BYTES >= crypto_generichash_KEYBYTES_MIN
             && PROTO_NETWORK_KEY_BYTES <= crypto_generichash_KEYBYTES_MAX, "key size");
_Static_assert (PROTO_POSTCODE_DIGITS + PROTO_POSTCODE_LETTERS + 1
              + PROTO_HOUSE_NUMBER_MAX_DIGITS + 1 + PROTO_ADDITION_MAX_CHARS
              <= PROTO_ADDRESS_MAX, "normalised address fits");

//  Domain separation: the terminating NUL is part of the hashed input
static const char s_person_domain [] = "regiehub/person/v1";
static const char s_address_domain [] = "regiehub/address/v1";

#define S_BSN_SHORT_DIGITS  (PROTO_BSN_DIGITS - 1)  //  leading 0 left off
#define S_ELFPROEF_MODULUS  11
#define S_KEY_HEX_CHARS     (PROTO_NETWORK_KEY_BYTES * 2)
//  A key file: the hex line, an optional newline, one byte more to see excess
#define S_KEY_FILE_ROOM     (S_KEY_HEX_CHARS + 2)

static const char *s_bsn_shape =
    N_("a BSN is 9 digits (or 8, then a leading 0 is assumed), with nothing else");

static bool
s_is_digit (char c)
{
    return c >= '0' && c <= '9';
}

static bool
s_is_letter (char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static char
s_upper (char c)
{
    return (c >= 'a' && c <= 'z')? (char) (c - 'a' + 'A'): c;
}

//  Checks a BSN and writes its 9-digit form (no NUL) into out.
static int
s_bsn_normalise (char out [PROTO_BSN_DIGITS], const char *bsn, char *err, size_t errlen)
{
    if (!bsn) {
        snprintf (err, errlen, _("no BSN given; %s"), _(s_bsn_shape));
        return -1;
    }
    size_t len = strnlen (bsn, PROTO_BSN_DIGITS + 1);
    if (len != PROTO_BSN_DIGITS && len != S_BSN_SHORT_DIGITS) {
        snprintf (err, errlen, _("the BSN has the wrong length; %s"), _(s_bsn_shape));
        return -1;
    }
    for (size_t i = 0; i < len; i++)
        if (!s_is_digit (bsn [i])) {
            snprintf (err, errlen, _("the BSN contains something other than digits; %s"),
                      _(s_bsn_shape));
            return -1;
        }
    size_t pad = PROTO_BSN_DIGITS - len;
    memset (out, '0', pad);
    memcpy (out + pad, bsn, len);

    //  Elfproef: weights 9..2 for d1..d8, -1 for d9
    int sum = 0;
    for (int i = 0; i < PROTO_BSN_DIGITS - 1; i++)
        sum += (PROTO_BSN_DIGITS - i) * (out [i] - '0');
    sum -= out [PROTO_BSN_DIGITS - 1] - '0';
    if (sum == 0 || sum % S_ELFPROEF_MODULUS != 0) {
        snprintf (err, errlen, _("the BSN fails the eleven-test (elfproef); "
                  "check it for a typing error"));
        return -1;
    }
    return 0;
}

int
proto_bsn_check (const char *bsn, char *err, size_t errlen)
{
    char digits [PROTO_BSN_DIGITS];
    return s_bsn_normalise (digits, bsn, err, errlen);
}

int
proto_address_normalise (uint8_t *out, size_t *outlen, const char *postcode,
                         const char *number, const char *addition,
                         char *err, size_t errlen)
{
    assert (out);
    assert (outlen);
    size_t used = 0;

    //  Postcode: 4 digits (first not 0), at most one space, 2 letters
    const char *p = postcode? postcode: "";
    bool ok = true;
    for (int i = 0; ok && i < PROTO_POSTCODE_DIGITS; i++)
        ok = s_is_digit (p [i]) && !(i == 0 && p [i] == '0');
    if (ok) {
        p += PROTO_POSTCODE_DIGITS;
        if (*p == ' ')
            p++;
        for (int i = 0; ok && i < PROTO_POSTCODE_LETTERS; i++)
            ok = s_is_letter (p [i]);
        ok = ok && p [PROTO_POSTCODE_LETTERS] == 0;
    }
    if (!ok) {
        snprintf (err, errlen, _("the postcode is not valid: a postcode is 4 digits (the first "
                  "not 0) and 2 letters, like 1234AB or 1234 ab"));
        return -1;
    }
    for (int i = 0; i < PROTO_POSTCODE_DIGITS; i++)
        out [used++] = (uint8_t) postcode [i];
    for (int i = 0; i < PROTO_POSTCODE_LETTERS; i++)
        out [used++] = (uint8_t) s_upper (p [i]);
    out [used++] = 0;

    //  House number: 1..5 digits, no leading zero
    const char *n = number? number: "";
    size_t nlen = 0;            /* strnlen, without reading past "" */
    while (nlen <= PROTO_HOUSE_NUMBER_MAX_DIGITS && n [nlen])
        nlen++;
    ok = nlen >= 1 && nlen <= PROTO_HOUSE_NUMBER_MAX_DIGITS && n [0] != '0';
    for (size_t i = 0; ok && i < nlen; i++)
        ok = s_is_digit (n [i]);
    if (!ok) {
        snprintf (err, errlen, _("the house number is not valid: it is 1 to %d digits, "
                  "not starting with 0 (put letters in the addition)"),
                  PROTO_HOUSE_NUMBER_MAX_DIGITS);
        return -1;
    }
    memcpy (out + used, n, nlen);
    used += nlen;
    out [used++] = 0;

    //  Addition: letters and digits, upper-cased; the separators people
    //  type ("12-a", "12 / 1 hoog") carry no meaning and are dropped
    size_t alen = 0;
    for (const char *a = addition? addition: ""; *a; a++) {
        if (*a == ' ' || *a == '-' || *a == '/')
            continue;
        if (!s_is_letter (*a) && !s_is_digit (*a)) {
            snprintf (err, errlen, _("the house number addition is not valid: use letters and "
                      "digits only (spaces, '-' and '/' are ignored)"));
            return -1;
        }
        if (alen == PROTO_ADDITION_MAX_CHARS) {
            snprintf (err, errlen, _("the house number addition is too long: at most %d "
                      "letters and digits"), PROTO_ADDITION_MAX_CHARS);
            return -1;
        }
        out [used++] = (uint8_t) s_upper (*a);
        alen++;
    }
    *outlen = used;
    return 0;
}

//  BLAKE2b-256 keyed, over domain (with its NUL) || data
static void
s_ref (uint8_t ref [PROTO_REF_BYTES], const uint8_t key [PROTO_NETWORK_KEY_BYTES],
       const char *domain, size_t domain_size, const uint8_t *data, size_t len)
{
    crypto_generichash_state state;
    crypto_generichash_init (&state, key, PROTO_NETWORK_KEY_BYTES, PROTO_REF_BYTES);
    crypto_generichash_update (&state, (const uint8_t *) domain, domain_size);
    crypto_generichash_update (&state, data, len);
    crypto_generichash_final (&state, ref, PROTO_REF_BYTES);
    //  The state holds material derived from the network key
    sodium_memzero (&state, sizeof state);
}

int
proto_person_ref (uint8_t ref [PROTO_REF_BYTES], const uint8_t key [PROTO_NETWORK_KEY_BYTES],
                  const char *bsn, char *err, size_t errlen)
{
    assert (ref);
    assert (key);
    char digits [PROTO_BSN_DIGITS];
    if (s_bsn_normalise (digits, bsn, err, errlen))
        return -1;
    if (sodium_init () < 0) {
        snprintf (err, errlen, _("libsodium could not be initialised"));
        return -1;
    }
    s_ref (ref, key, s_person_domain, sizeof s_person_domain,
           (const uint8_t *) digits, sizeof digits);
    sodium_memzero (digits, sizeof digits);
    return 0;
}

int
proto_address_ref (uint8_t ref [PROTO_REF_BYTES], const uint8_t key [PROTO_NETWORK_KEY_BYTES],
                   const char *postcode, const char *number, const char *addition,
                   char *err, size_t errlen)
{
    assert (ref);
    assert (key);
    uint8_t address [PROTO_ADDRESS_MAX];
    size_t len;
    if (proto_address_normalise (address, &len, postcode, number, addition, err, errlen))
        return -1;
    if (sodium_init () < 0) {
        snprintf (err, errlen, _("libsodium could not be initialised"));
        return -1;
    }
    s_ref (ref, key, s_address_domain, sizeof s_address_domain, address, len);
    sodium_memzero (address, sizeof address);
    return 0;
}

void
proto_ref_to_hex (char out [PROTO_REF_HEX_CHARS], const uint8_t ref [PROTO_REF_BYTES])
{
    sodium_bin2hex (out, PROTO_REF_HEX_CHARS, ref, PROTO_REF_BYTES);
}

//  Exactly 2 * size hex characters of either case, then the end of text.
static int
s_hex_decode (uint8_t *bin, size_t size, const char *text, size_t text_len)
{
    size_t bin_len = 0;
    const char *end = NULL;
    if (text_len != size * 2)
        return -1;
    for (size_t i = 0; i < text_len; i++)
        if (!s_is_digit (text [i])
        &&  !((text [i] >= 'a' && text [i] <= 'f') || (text [i] >= 'A' && text [i] <= 'F')))
            return -1;
    if (sodium_hex2bin (bin, size, text, text_len, NULL, &bin_len, &end) != 0
    ||  bin_len != size)
        return -1;
    return 0;
}

int
proto_ref_from_hex (uint8_t ref [PROTO_REF_BYTES], const char *text)
{
    assert (ref);
    if (!text)
        return -1;
    uint8_t bin [PROTO_REF_BYTES];
    if (s_hex_decode (bin, sizeof bin, text, strnlen (text, PROTO_REF_HEX_CHARS)))
        return -1;
    memcpy (ref, bin, sizeof bin);
    return 0;
}

int
proto_network_key_generate (const char *path, char *err, size_t errlen)
{
    if (!path || !*path) {
        snprintf (err, errlen, _("no network key file named"));
        return -1;
    }
    if (sodium_init () < 0) {
        snprintf (err, errlen, _("libsodium could not be initialised"));
        return -1;
    }
    uint8_t *key = (uint8_t *) sodium_malloc (PROTO_NETWORK_KEY_BYTES);
    char *line = (char *) sodium_malloc (S_KEY_FILE_ROOM);
    if (!key || !line) {
        snprintf (err, errlen, _("out of memory generating a network key"));
        if (key)
            sodium_free (key);
        if (line)
            sodium_free (line);
        return -1;
    }
    randombytes_buf (key, PROTO_NETWORK_KEY_BYTES);
    sodium_bin2hex (line, S_KEY_FILE_ROOM, key, PROTO_NETWORK_KEY_BYTES);
    line [S_KEY_HEX_CHARS] = '\n';
    size_t size = S_KEY_HEX_CHARS + 1;

    //  durably (proto_file.h): a key file that a power cut left empty would
    //  lose every reference
    int rc = proto_file_write (path, line, size, S_IRUSR | S_IWUSR, PROTO_FILE_NEW);
    if (rc) {
        if (errno == EEXIST)
            snprintf (err, errlen, _("network key file %s already exists; it is never "
                      "overwritten (every agent of the network must share one key)"), path);
        else
            snprintf (err, errlen, _("cannot create network key file %s: %s"),
                      path, strerror (errno));
    }
    sodium_free (key);
    sodium_free (line);
    return rc;
}

int
proto_network_key_load (uint8_t key [PROTO_NETWORK_KEY_BYTES], const char *path,
                        char *err, size_t errlen)
{
    assert (key);
    if (proto_secret_file_check (path, err, errlen))
        return -1;
    int fd = open (path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
    if (fd == -1) {
        snprintf (err, errlen, _("cannot open network key file %s: %s"), path, strerror (errno));
        return -1;
    }
    //  Check the opened file again, in case it was swapped after the check
    struct stat st;
    if (fstat (fd, &st) == -1 || !S_ISREG (st.st_mode) || (st.st_mode & (S_IRWXG | S_IRWXO))) {
        snprintf (err, errlen, _("network key file %s changed while it was opened; "
                  "check it and try again"), path);
        close (fd);
        return -1;
    }
    char *line = (char *) sodium_malloc (S_KEY_FILE_ROOM);
    if (!line) {
        snprintf (err, errlen, _("out of memory reading network key file %s"), path);
        close (fd);
        return -1;
    }
    size_t size = 0;
    int rc = 0;
    while (size < S_KEY_FILE_ROOM) {
        ssize_t n = read (fd, line + size, S_KEY_FILE_ROOM - size);
        if (n == -1 && errno == EINTR)
            continue;
        if (n <= 0) {
            rc = (int) n;
            break;
        }
        size += (size_t) n;
    }
    close (fd);
    if (rc == -1)
        snprintf (err, errlen, _("cannot read network key file %s: %s"), path, strerror (errno));
    else {
        size_t hex_len = size;
        if (hex_len == S_KEY_HEX_CHARS + 1 && line [S_KEY_HEX_CHARS] == '\n')
            hex_len--;
        rc = s_hex_decode (key, PROTO_NETWORK_KEY_BYTES, line, hex_len);
        if (rc) {
            sodium_memzero (key, PROTO_NETWORK_KEY_BYTES);
            snprintf (err, errlen, _("network key file %s is not valid: it must hold one line "
                      "of %d hex characters and nothing else"), path, S_KEY_HEX_CHARS);
        }
    }
    sodium_memzero (line, S_KEY_FILE_ROOM);
    sodium_free (line);
    return rc? -1: 0;
}
