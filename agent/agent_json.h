/*  agent_json.h - message bodies to and from JSON, driven by proto_types.

    Partner systems and the command line speak JSON; the wire speaks msgpack.
    The conversion is read from the type table in proto_types.c, so every
    message type is covered without code of its own:

      text, line, term, partner   string
      partners                    array of strings (or "a,b" from a command line)
      id, ref, digest, bin        lower-case hex string (32 / 64 chars)
      time                        ms integer, or a local date "YYYY-MM-DD" or
                                  "DD-MM-YYYY", with a time "YYYY-MM-DDTHH:MM",
                                  "YYYY-MM-DD HH:MM" or "DD-MM-YYYY HH:MM", or
                                  ISO-8601 with offset; written out as ISO-8601
                                  local with offset
      uint                        integer (or a string of digits)
      bool                        true/false (or yes/no, ja/nee from a command line)
      records                     array of objects (hub-authored only)

    Every value is checked against the field's limits and, for terms, the
    configured taxonomy before anything is packed, and the whole body
    against the protocol's rules that span fields (informed no needs
    not_informed_reason, ...); errors name the field (the option as typed,
    from a command line) and say what is allowed, in the reader's language.
*/
#ifndef AGENT_JSON_H_INCLUDED
#define AGENT_JSON_H_INCLUDED

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include <jansson.h>
#include "proto_args.h"
#include "proto_types.h"
#include "proto_envelope.h"

/*  Builds a canonical body from args: the type's fields taken from args by
    their names, checked and converted (times to ms, ids to checked hex,
    partner lists to arrays). Keys of args that are no field are ignored:
    the caller checks those. When cli, fields are named "--field-name" in
    messages. Returns a new object, or NULL with err.                        */
json_t *agent_json_body (const proto_type_t *type, json_t *args, const proto_taxonomy_t *tax,
                         bool cli, char *err, size_t errlen);

/*  Packs a canonical body (from agent_json_body) as json_object_size (body)
    key/value pairs, in the order of the type's fields.                      */
void agent_json_body_pack (const proto_type_t *type, json_t *body, proto_writer_t *w);

/*  The body of a decoded message as JSON (fields of the type only).          */
json_t *agent_json_from_body (const proto_type_t *type, const msgpack_object *body);

/*  The whole envelope as JSON: type, id, from, ts, subject, re, body.        */
json_t *agent_json_from_envelope (const proto_envelope_t *env);

/*  Hex helpers: a JSON string of exactly 2n hex characters into out.        */
int agent_json_hex (const json_t *value, uint8_t *out, size_t n);
json_t *agent_json_hex_new (const uint8_t *bytes, size_t n);
/*  ISO-8601 local string for ms.                                            */
json_t *agent_json_time_new (uint64_t ms);
/*  A yes/no value: true/false, or a word a person types (yes, no, ja, nee,
    true, false, on, off, 1, 0; any case). 0 and *out, or -1.               */
int agent_json_bool (const json_t *v, bool *out);
/*  Option name for a field: "--not-informed-reason" (cli) or the field.    */
void agent_json_field_label (char *out, size_t outlen, const char *field, bool cli);

/*  The arguments of a refusal or a receipt note (proto_args.h) as JSON:
    texts as strings, times as ISO-8601, counts as integers; as compact
    JSON text (the caller frees it; NULL when out of memory).                 */
json_t *agent_json_args_new (const proto_args_t *args);
char *agent_json_args_text (const proto_args_t *args);

#endif
