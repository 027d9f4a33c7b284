/*  proto_result.c - names and sentences for proto_result_t (see header).   */
#include "proto_result.h"
#include "proto_lang.h"
#include <stddef.h>

typedef struct {
    proto_result_t code;
    const char *name;
    const char *text;
} result_info_t;

static const result_info_t s_results [] = {
    { PROTO_OK,              "ok",              "accepted" },
    { PROTO_TOO_BIG,         "too_big",         N_("the message is larger than allowed") },
    { PROTO_MALFORMED,       "malformed",       N_("the bytes are not valid msgpack or are truncated") },
    { PROTO_TRAILING,        "trailing_bytes",  N_("there are bytes after the message") },
    { PROTO_TOO_DEEP,        "too_deep",        N_("containers are nested deeper than allowed") },
    { PROTO_TOO_MANY,        "too_many",        N_("a container declares more items than allowed") },
    { PROTO_DUPLICATE_KEY,   "duplicate_key",   N_("a map has the same key twice") },
    { PROTO_WRONG_TYPE,      "wrong_type",      N_("a field has the wrong type") },
    { PROTO_MISSING_FIELD,   "missing_field",   N_("a required field is missing") },
    { PROTO_FIELD_TOO_LONG,  "field_too_long",  N_("a field is longer than allowed") },
    { PROTO_BAD_VALUE,       "bad_value",       N_("a field has a value that is not allowed") },
    { PROTO_BAD_VERSION,     "bad_version",     N_("the protocol version is not supported") },
    { PROTO_UNKNOWN_TYPE,    "unknown_type",    N_("the message type is unknown") },
    { PROTO_NOT_IN_LIST,     "not_in_list",     N_("a value is not in the configured list") },
    { PROTO_BAD_FRAMES,      "bad_frames",      N_("the message has the wrong number of frames") },
    { PROTO_BAD_SIGNATURE,   "bad_signature",   N_("the signature does not match the message") },
    { PROTO_WRONG_AUTHOR,    "wrong_author",    N_("the author is not the partner on this connection") },
    { PROTO_UNKNOWN_PARTNER, "unknown_partner", N_("the partner is not admitted to this network") },
    { PROTO_FORBIDDEN,       "forbidden",       N_("the partner's roles do not allow this") },
    { PROTO_REPLAY,          "replay",          N_("a message with this id was received before") },
    { PROTO_STALE,           "stale",           N_("the timestamp is outside the accepted window") },
    { PROTO_RATE_LIMITED,    "rate_limited",    N_("too many messages; slow down and send again") },
    { PROTO_NOT_FOUND,       "not_found",       N_("no such thing is known to you") },
    { PROTO_CONFLICT,        "conflict",        N_("this conflicts with the current state") },
    { PROTO_INVALID_STATE,   "invalid_state",   N_("this is not possible in the current state") },
    { PROTO_NO_BASIS,        "no_basis",        N_("there is no consent or legal basis for this partner") },
    { PROTO_UNAVAILABLE,     "unavailable",     N_("the hub cannot store messages now; send again later") },
    { PROTO_INTERNAL,        "internal",        N_("internal error in the hub") },
};

static const result_info_t *
s_lookup (proto_result_t result)
{
    for (size_t i = 0; i < sizeof s_results / sizeof s_results [0]; i++)
        if (s_results [i].code == result)
            return &s_results [i];
    return NULL;
}

const char *
proto_result_name (proto_result_t result)
{
    const result_info_t *info = s_lookup (result);
    return info ? info->name : "unknown_error";
}

const char *
proto_result_text (proto_result_t result)
{
    const result_info_t *info = s_lookup (result);
    return info ? info->text : "unknown error";
}
