/*  hub_codes.c - the reason and note codes as one table each (hub_codes.h). */
#include "hub_codes.h"
#include <stddef.h>

#define S_ARGS(...) (sizeof ((proto_arg_key_t []) { PROTO_ARG_KEYS, ##__VA_ARGS__ }) \
                     / sizeof (proto_arg_key_t) - 1), { __VA_ARGS__ }
#define S_REASON(id, term, result, ...) { term, result, S_ARGS (__VA_ARGS__) },
#define S_NOTE(id, term, ...) { term, PROTO_OK, S_ARGS (__VA_ARGS__) },

static const hub_code_t s_reasons [] = { HUB_REASONS (S_REASON) };
static const hub_code_t s_notes [] = { HUB_NOTES (S_NOTE) };

_Static_assert (sizeof s_reasons / sizeof s_reasons [0] == HUB_REASON_COUNT, "one row a reason");
_Static_assert (sizeof s_notes / sizeof s_notes [0] == HUB_NOTE_COUNT, "one row a note");

const hub_code_t *
hub_reason_code (size_t n)
{
    return n < HUB_REASON_COUNT ? &s_reasons [n] : NULL;
}

const hub_code_t *
hub_note_code (size_t n)
{
    return n < HUB_NOTE_COUNT ? &s_notes [n] : NULL;
}
