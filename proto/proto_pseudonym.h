/*  proto_pseudonym.h - BSNs and addresses become pseudonyms at the agent.

    The hub never sees a BSN or an address. Each agent turns them into
    32-byte references with a keyed BLAKE2b hash under the network's
    pseudonymisation key, which all agents of one network share and the hub
    does not have. Same input and key, same reference; another key, another
    reference. Inputs are validated and normalised first so that every agent
    derives the same reference from the ways people type the same thing.

      person_ref  = BLAKE2b-256 (key, "regiehub/person/v1\0" || bsn9)
      address_ref = BLAKE2b-256 (key, "regiehub/address/v1\0" || normalised)
      normalised  = POSTCODE "\0" NUMBER "\0" ADDITION
                    POSTCODE  4 digits (first not 0) + 2 upper-case letters,
                              spaces removed ("1234 ab" -> "1234AB")
                    NUMBER    1..5 digits, no leading zero
                    ADDITION  0..6 of [A-Z0-9], upper-cased, with spaces,
                              '-' and '/' removed ("-a" -> "A", "1 hoog" -> "1HOOG")
*/
#ifndef PROTO_PSEUDONYM_H_INCLUDED
#define PROTO_PSEUDONYM_H_INCLUDED

#include <stddef.h>
#include <stdint.h>
#include "proto_limits.h"

#define PROTO_NETWORK_KEY_BYTES 32
#define PROTO_BSN_DIGITS        9
#define PROTO_ADDRESS_MAX       32      /* normalised address bytes          */
#define PROTO_REF_HEX_CHARS     (PROTO_REF_BYTES * 2 + 1)
#define PROTO_POSTCODE_DIGITS   4
#define PROTO_POSTCODE_LETTERS  2
#define PROTO_HOUSE_NUMBER_MAX_DIGITS 5
#define PROTO_ADDITION_MAX_CHARS 6      /* after removing ' ', '-' and '/'   */

/*  Elfproef: exactly 9 digits d1..d9 (8-digit numbers get a leading 0 as is
    customary), 9*d1 + 8*d2 + ... + 2*d8 - d9 divisible by 11 and not 0.
    Returns 0, or -1 with a sentence saying what is wrong.                    */
int proto_bsn_check (const char *bsn, char *err, size_t errlen);

/*  Normalises an address as above into out, which has room for
    PROTO_ADDRESS_MAX bytes (NUL-separated parts, no final NUL; *outlen set
    to the byte count). addition may be NULL or "". Returns 0 or -1 with err
    naming the bad part (never echoing the input: it is personal data).       */
int proto_address_normalise (uint8_t *out, size_t *outlen, const char *postcode,
                             const char *number, const char *addition,
                             char *err, size_t errlen);

/*  The references. Return 0, or -1 with err when the input is invalid.      */
int proto_person_ref (uint8_t ref [PROTO_REF_BYTES], const uint8_t key [PROTO_NETWORK_KEY_BYTES],
                      const char *bsn, char *err, size_t errlen);
int proto_address_ref (uint8_t ref [PROTO_REF_BYTES], const uint8_t key [PROTO_NETWORK_KEY_BYTES],
                       const char *postcode, const char *number, const char *addition,
                       char *err, size_t errlen);

/*  Lower-case hex of a reference (64 chars + NUL), and back. The parse
    returns -1 unless text is exactly 64 hex characters.                      */
void proto_ref_to_hex (char out [PROTO_REF_HEX_CHARS], const uint8_t ref [PROTO_REF_BYTES]);
int proto_ref_from_hex (uint8_t ref [PROTO_REF_BYTES], const char *text);

/*  The network key file: one line of 64 hex characters, mode 0600.
    generate writes a fresh random key (refuses to overwrite); load checks
    the mode (proto_secret_file_check) and the syntax.                        */
int proto_network_key_generate (const char *path, char *err, size_t errlen);
int proto_network_key_load (uint8_t key [PROTO_NETWORK_KEY_BYTES], const char *path,
                            char *err, size_t errlen);

#endif
