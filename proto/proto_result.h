/*  proto_result.h - the named outcomes of decoding, verifying and deciding.

    Every way a message can be refused has one code here. The code travels in
    the hub's error message (field "code"), so its number is part of the
    protocol: append, never renumber. proto_result_name () gives the stable
    symbolic name, proto_result_text () a human sentence.
*/
#ifndef PROTO_RESULT_H_INCLUDED
#define PROTO_RESULT_H_INCLUDED

typedef enum {
    PROTO_OK                = 0,
    /* shape of the bytes (decoder) */
    PROTO_TOO_BIG           = 1,    /* frame larger than its limit           */
    PROTO_MALFORMED         = 2,    /* not valid msgpack, or truncated        */
    PROTO_TRAILING          = 3,    /* bytes left after the top object        */
    PROTO_TOO_DEEP          = 4,    /* nesting beyond PROTO_MAX_DEPTH         */
    PROTO_TOO_MANY          = 5,    /* a container declares too many items    */
    PROTO_DUPLICATE_KEY     = 6,
    PROTO_WRONG_TYPE        = 7,    /* a field has the wrong msgpack type     */
    PROTO_MISSING_FIELD     = 8,
    PROTO_FIELD_TOO_LONG    = 9,
    PROTO_BAD_VALUE         = 10,   /* out of range, bad UTF-8, bad syntax    */
    PROTO_BAD_VERSION       = 11,
    PROTO_UNKNOWN_TYPE      = 12,
    PROTO_NOT_IN_LIST       = 13,   /* not in the configured taxonomy         */
    PROTO_BAD_FRAMES        = 14,   /* wrong number of frames                 */
    /* authenticity */
    PROTO_BAD_SIGNATURE     = 20,
    PROTO_WRONG_AUTHOR      = 21,   /* author is not the connected partner    */
    PROTO_UNKNOWN_PARTNER   = 22,   /* key not (or no longer) admitted        */
    PROTO_FORBIDDEN         = 23,   /* role does not allow this type          */
    PROTO_REPLAY            = 24,   /* message id seen before                 */
    PROTO_STALE             = 25,   /* timestamp outside the window           */
    PROTO_RATE_LIMITED      = 26,
    /* decisions of the workflows */
    PROTO_NOT_FOUND         = 30,   /* unknown (or not yours to know)         */
    PROTO_CONFLICT          = 31,   /* e.g. regie held elsewhere              */
    PROTO_INVALID_STATE     = 32,   /* not allowed in the current state       */
    PROTO_NO_BASIS          = 33,   /* no consent or legal basis              */
    /* the hub itself */
    PROTO_UNAVAILABLE       = 40,   /* store full or failing; try again later */
    PROTO_INTERNAL          = 41
} proto_result_t;

/*  Stable lower-case name, e.g. "bad_signature". Never NULL.               */
const char *proto_result_name (proto_result_t result);

/*  A short human sentence, e.g. "the signature does not match". Never NULL. */
const char *proto_result_text (proto_result_t result);

#endif
