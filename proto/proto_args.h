/*  proto_args.h - the typed arguments of a refusal or a receipt note.

    Why it exists: the hub decides, the reader renders. A refusal (the
    `error` link message) and a receipt item's note carry a code (a stable
    snake_case term, hub/hub_codes.h) and a small set of named arguments;
    the agent turns them into a sentence in its reader's language. The
    arguments are not free-form: every key is one of the fixed list below
    and has a fixed kind, so that a reader knows how to show it (a time as
    a date, a partner id as an id, a count as a number) and so that a hostile
    hub cannot slip prose or control characters into a reader's screen.

    On the wire a set is a msgpack map of at most PROTO_ARGS_MAX pairs,
    key (str) -> value (str or uint, by the key's kind); PROTOCOL.md,
    "Arguments". The decoder refuses an unknown key, a wrong type, a value
    over its kind's length, a str that is not UTF-8 or holds control
    characters, a time or count out of range, a key twice, and more than
    PROTO_ARGS_MAX pairs. Adding a key changes the protocol (an old reader
    refuses it); adding a code does not.

    proto_args_t is a value (no heap): its texts live in one small pool
    inside it, so a hub slot can hold one without growing much.
*/
#ifndef PROTO_ARGS_H_INCLUDED
#define PROTO_ARGS_H_INCLUDED

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include "proto_limits.h"
#include "proto_result.h"
#include "proto_msgpack.h"

#define PROTO_ARGS_MAX          6       /* arguments in one set              */
#define PROTO_ARGS_POOL_BYTES   400     /* their texts together, with NULs   */
#define PROTO_MAX_FIELD_BYTES   (PROTO_MAX_KEY_BYTES + 15)  /* a field path  */

/*  What an argument is, and so how it is checked and shown.                 */
typedef enum {
    PROTO_ARGK_PARTNER,     /* str, a partner or team id, 1..32 bytes        */
    PROTO_ARGK_NAME,        /* str, a display name, 1..80 bytes              */
    PROTO_ARGK_CONTACT,     /* str, whom to contact and how, 1..200 bytes    */
    PROTO_ARGK_TIME,        /* uint, ms since 1970 UTC, in the time range    */
    PROTO_ARGK_COUNT,       /* uint, 0..PROTO_MAX_NOTICE_COUNT               */
    PROTO_ARGK_TERM,        /* str, a hub term (status, phase, ...), 1..40   */
    PROTO_ARGK_FIELD,       /* str, a message field or option name, 1..39    */
    PROTO_ARGK_LINE         /* str, a short line, 1..80 bytes                */
} proto_arg_kind_t;

/*  The keys. Appending one changes the protocol (see above).                */
typedef enum {
    PROTO_ARG_PARTNER,      /* partner: a partner concerned                  */
    PROTO_ARG_NAME,         /* name: its display name                        */
    PROTO_ARG_CONTACT,      /* contact: whom to call                         */
    PROTO_ARG_TEAM,         /* partner: a regie team                         */
    PROTO_ARG_CASEMANAGER,  /* partner: a casemanager                        */
    PROTO_ARG_SINCE,        /* time: held or involved since                  */
    PROTO_ARG_DUE,          /* time: a deadline                              */
    PROTO_ARG_UNTIL,        /* time: a period's end                          */
    PROTO_ARG_AT,           /* time: when something takes place              */
    PROTO_ARG_COUNT,        /* count: how many                               */
    PROTO_ARG_NUMBER,       /* count: a round's number                       */
    PROTO_ARG_DAYS,         /* count: a number of days                       */
    PROTO_ARG_SECONDS,      /* count: a number of seconds                    */
    PROTO_ARG_STATUS,       /* term: an agreement's or referral's status     */
    PROTO_ARG_PHASE,        /* term: a phase                                 */
    PROTO_ARG_FROM_PHASE,   /* term: the phase moved from                    */
    PROTO_ARG_BASIS,        /* term: a basis for sharing                     */
    PROTO_ARG_OUTCOME,      /* term: a match confirmation's outcome          */
    PROTO_ARG_REF,          /* term: person or address                       */
    PROTO_ARG_TYPE,         /* term: a message type                          */
    PROTO_ARG_FIELD,        /* field: the field or option concerned          */
    PROTO_ARG_ROLES,        /* line: a partner's roles                       */
    PROTO_ARG_KEYS          /* how many keys                                 */
} proto_arg_key_t;

/*  A set of arguments (a value; copy it freely).                            */
typedef struct {
    uint8_t count;
    uint8_t key [PROTO_ARGS_MAX];           /* proto_arg_key_t               */
    uint64_t num [PROTO_ARGS_MAX];          /* TIME and COUNT kinds          */
    uint16_t off [PROTO_ARGS_MAX];          /* str kinds: offset into pool   */
    uint16_t used;
    char pool [PROTO_ARGS_POOL_BYTES];
} proto_args_t;

/*  A key's name on the wire ("partner", "due", ...) and kind; NULL / the
    kind for a key past the list.                                            */
const char *proto_arg_name (proto_arg_key_t key);
proto_arg_kind_t proto_arg_kind (proto_arg_key_t key);
/*  The key named name, or -1.                                               */
int proto_arg_lookup (const char *name, size_t len);

void proto_args_init (proto_args_t *args);

/*  Adds a str argument (key of a str kind), cut to its kind's limit
    without splitting a character; a control character becomes a space.
    An empty value is left out. Returns 0, or -1 when the set is full or the
    pool has no room (the argument is then left out). Asserts the kind.     */
int proto_args_str (proto_args_t *args, proto_arg_key_t key, const char *value);
/*  Adds a TIME or COUNT argument (clamped into its range). 0 or -1.         */
int proto_args_uint (proto_args_t *args, proto_arg_key_t key, uint64_t value);

/*  The value of key, or NULL / false when absent.                           */
const char *proto_args_get_str (const proto_args_t *args, proto_arg_key_t key);
bool proto_args_get_uint (const proto_args_t *args, proto_arg_key_t key, uint64_t *value);

/*  Packs the set as a map (an empty set as an empty map).                   */
void proto_args_pack (proto_writer_t *w, const proto_args_t *args);
/*  The bytes the set takes packed, to check a bound before packing.         */
size_t proto_args_packed_size (const proto_args_t *args);

/*  Decodes and checks a map (see above) into args. On failure returns the
    result and, when field is given, the offending key ("args" when the set
    as a whole is at fault; the key points into obj or is static).          */
proto_result_t proto_args_decode (proto_args_t *args, const msgpack_object *obj,
                                  const char **field, size_t *field_len);

/*  The set as JSON text ({"partner":"ggz","due":1700000000000}), into out;
    returns the length, or -1 when out is too small. Keys in set order.      */
int proto_args_json (const proto_args_t *args, char *out, size_t outlen);

#endif
