/*  proto_msgpack.h - safe reading and convenient writing of msgpack.

    msgpack-c's unpacker allocates for a container's declared count before
    any element arrives and has no limits in its C API, so every frame from
    outside goes through proto_msgpack_check first: one pass over the raw
    bytes that refuses truncation, trailing bytes, ext types, nesting deeper
    than PROTO_MAX_DEPTH, containers that declare more items than their
    limits or than the bytes left could hold, and more than PROTO_MAX_OBJECTS
    objects in all. Only then may msgpack-c's unpacker see the bytes
    (proto_msgpack_unpack does both).

    The writer side wraps msgpack-c's packer over an sbuffer with small
    helpers for the field kinds we use.
*/
#ifndef PROTO_MSGPACK_H_INCLUDED
#define PROTO_MSGPACK_H_INCLUDED

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include <msgpack.h>
#include "proto_result.h"

/*  Checks that bytes[0..len) hold exactly one msgpack object within our
    limits. Returns PROTO_OK or the first problem found.                     */
proto_result_t proto_msgpack_check (const uint8_t *bytes, size_t len);

/*  Checks bytes[0..len) as above - arrays of at most max_array_items
    (PROTO_MAX_ARRAY_ITEMS for envelopes, PROTO_LINK_MAX_ARRAY_ITEMS for the
    hub's link frames) - then unpacks them into *up with a zone of
    PROTO_MSGPACK_ZONE_BYTES (it grows when a frame needs more): msgpack-c's
    own default of 8 KiB per frame is most of a hub's memory when thousands
    of decoded frames wait in batches. On PROTO_OK the caller destroys *up
    (msgpack_unpacked_destroy); on an error *up holds nothing.               */
#define PROTO_MSGPACK_ZONE_BYTES 1024
proto_result_t proto_msgpack_unpack (msgpack_unpacked *up, const uint8_t *bytes, size_t len,
                                     uint32_t max_array_items);

/*  Writer: an sbuffer and a packer over it.                                 */
typedef struct {
    msgpack_sbuffer buf;
    msgpack_packer pk;
} proto_writer_t;

void proto_writer_init (proto_writer_t *w);
void proto_writer_reset (proto_writer_t *w);       /* empty, keep memory  */
void proto_writer_destroy (proto_writer_t *w);
const uint8_t *proto_writer_data (const proto_writer_t *w);
size_t proto_writer_size (const proto_writer_t *w);

/*  Helpers: a key and its value in one call.                                */
void proto_pack_key (proto_writer_t *w, const char *key);
void proto_pack_cstr (proto_writer_t *w, const char *s);
void proto_pack_strn (proto_writer_t *w, const void *s, size_t len);
void proto_pack_bin (proto_writer_t *w, const void *data, size_t len);
void proto_pack_u64 (proto_writer_t *w, uint64_t v);
void proto_pack_bool (proto_writer_t *w, bool v);
void proto_pack_map (proto_writer_t *w, uint32_t n);
void proto_pack_array (proto_writer_t *w, uint32_t n);
void proto_pack_kv_cstr (proto_writer_t *w, const char *key, const char *s);
void proto_pack_kv_bin (proto_writer_t *w, const char *key, const void *data, size_t len);
void proto_pack_kv_u64 (proto_writer_t *w, const char *key, uint64_t v);
void proto_pack_kv_bool (proto_writer_t *w, const char *key, bool v);

/*  Reader helpers on an already checked msgpack_object.                     */
/*  Two str objects hold the same bytes (safe for empty strings, whose
    pointer msgpack-c leaves NULL).                                           */
bool proto_obj_str_eq (const msgpack_object *a, const msgpack_object *b);
bool proto_obj_key_is (const msgpack_object *key, const char *name);
/*  Value of key in map, or NULL.                                            */
const msgpack_object *proto_obj_map_get (const msgpack_object *map, const char *name);
/*  Copies a str object into a NUL-terminated buffer; -1 if it does not fit. */
int proto_obj_str_copy (char *out, size_t outlen, const msgpack_object *obj);

/*  Like proto_obj_str_copy, and the bytes must be valid UTF-8 without
    control characters (so no NUL inside either).                            */
int proto_obj_text_copy (char *out, size_t outlen, const msgpack_object *obj);

/*  Cuts s to at most max bytes without splitting a UTF-8 character.         */
void proto_utf8_truncate (char *s, size_t max);

/*  UTF-8 check: valid, shortest form, no surrogates, no control characters
    except (when allow_newlines) '\n' and '\t'.                              */
bool proto_utf8_valid (const uint8_t *s, size_t len, bool allow_newlines);

#endif
