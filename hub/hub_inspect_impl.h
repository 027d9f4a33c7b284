/*  hub_inspect_impl.h - what the modules of `regiehub inspect`'s answer
    share (hub_inspect.c, hub_inspect_household.c, hub_inspect_message.c):
    the JSON values every answer is written in, and the two answers.
    Nobody else includes it.                                                */
#ifndef HUB_INSPECT_IMPL_H_INCLUDED
#define HUB_INSPECT_IMPL_H_INCLUDED

#include "hub_inspect.h"
#include "hub_store_inspect.h"
#include "proto_sign.h"
#include <stdio.h>
#include <string.h>

/*  A time: ms, or null when there is none (0).                              */
static inline json_t *
inspect_time (uint64_t ms)
{
    return ms ? json_integer ((json_int_t) ms) : json_null ();
}

/*  A text: null when empty; cut back to whole characters when the store's
    column was longer than the row's field.                                   */
static inline json_t *
inspect_text (const char *text)
{
    if (!text || !*text)
        return json_null ();
    json_t *s = json_string (text);
    char copy [HUB_INSPECT_TEXT_BYTES + 1];
    snprintf (copy, sizeof copy, "%s", text);
    /* a character cut in two leaves at most 3 bytes of it                  */
    for (size_t n = strlen (copy), cut = 0; !s && n > 0 && cut < 3; cut++) {
        copy [--n] = 0;
        s = json_string (copy);
    }
    return s ? s : json_null ();
}

static inline json_t *
inspect_hex (const uint8_t *bytes, size_t n)
{
    char hex [2 * PROTO_REF_BYTES + 1];
    proto_hex (hex, bytes, n < PROTO_REF_BYTES ? n : PROTO_REF_BYTES);
    return json_string (hex);
}

/*  Sets key in o to value, which o then owns (null when value is NULL).    */
static inline void
inspect_set (json_t *o, const char *key, json_t *value)
{
    json_object_set_new (o, key, value ? value : json_null ());
}

/*  Appends o to list: 0, or -1 when out of memory (a listing's fn result). */
static inline int
inspect_append (json_t *list, json_t *o)
{
    return json_array_append_new (list, o) == 0 ? 0 : -1;
}

/*  Everything about household hh into o, and whether anything names it.
    about, when not NULL, is the ref its messages are found by (else its
    first ref). 0, or -1 on a store error.                                    */
int hub_inspect_household_into (hub_store_t *store, int64_t hh, const uint8_t *about,
                                json_t *o, bool *found);

/*  Message id's row and its audit entries into o, and whether anything
    names it. 0, or -1.                                                       */
int hub_inspect_message_into (hub_store_t *store, const uint8_t id [PROTO_ID_BYTES], json_t *o,
                              bool *found);

/*  Message id's row as an object (*out, the caller's): 1, 0 when it is not
    stored, -1 on a store error.                                              */
int hub_inspect_message_row (hub_store_t *store, const uint8_t id [PROTO_ID_BYTES],
                             json_t **out);

#endif
