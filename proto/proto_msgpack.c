/*  proto_msgpack.c - the structure check before msgpack-c sees any bytes,
    and writer helpers. See proto_msgpack.h.                                 */
#include "proto_msgpack.h"
#include "proto_limits.h"
#include <string.h>

/*  What remains to be read of one open container.                           */
typedef struct {
    uint32_t left;          /* objects still to come in this container       */
} frame_t;

static uint64_t
s_be (const uint8_t *p, int n)
{
    uint64_t v = 0;
    for (int i = 0; i < n; i++)
        v = (v << 8) | p [i];
    return v;
}

static proto_result_t
s_check (const uint8_t *bytes, size_t len, uint32_t max_array_items);

proto_result_t
proto_msgpack_check (const uint8_t *bytes, size_t len)
{
    return s_check (bytes, len, PROTO_MAX_ARRAY_ITEMS);
}

static proto_result_t
s_check (const uint8_t *bytes, size_t len, uint32_t max_array_items)
{
    frame_t stack [PROTO_MAX_DEPTH + 1];
    int depth = 0;              /* open containers                           */
    size_t pos = 0;
    size_t objects = 0;
    bool done = false;

    if (!bytes || len == 0)
        return PROTO_MALFORMED;

    while (!done) {
        if (pos >= len)
            return PROTO_MALFORMED;
        if (++objects > PROTO_MAX_OBJECTS)
            return PROTO_TOO_MANY;

        uint8_t b = bytes [pos++];
        size_t left = len - pos;
        uint64_t payload = 0;       /* raw bytes after the header            */
        uint64_t children = 0;      /* objects inside a container            */
        bool container = false;
        bool is_map = false;
        int hdr = 0;                /* length bytes after the type byte      */

        if (b <= 0x7f || b >= 0xe0 || b == 0xc0 || b == 0xc2 || b == 0xc3)
            ;   /* fixint, nil, bool: no payload */
        else
        if ((b & 0xe0) == 0xa0)
            payload = b & 0x1f;                         /* fixstr            */
        else
        if ((b & 0xf0) == 0x90) {
            children = b & 0x0f; container = true;      /* fixarray          */
        }
        else
        if ((b & 0xf0) == 0x80) {
            children = b & 0x0f; container = true; is_map = true;   /* fixmap */
        }
        else {
            switch (b) {
                case 0xcc: case 0xd0: payload = 1; break;
                case 0xcd: case 0xd1: payload = 2; break;
                case 0xce: case 0xd2: case 0xca: payload = 4; break;
                case 0xcf: case 0xd3: case 0xcb: payload = 8; break;
                case 0xc4: case 0xd9: hdr = 1; break;     /* bin8, str8      */
                case 0xc5: case 0xda: hdr = 2; break;     /* bin16, str16    */
                case 0xc6: case 0xdb: hdr = 4; break;     /* bin32, str32    */
                case 0xdc: hdr = 2; container = true; break;
                case 0xdd: hdr = 4; container = true; break;
                case 0xde: hdr = 2; container = true; is_map = true; break;
                case 0xdf: hdr = 4; container = true; is_map = true; break;
                default:
                    /* 0xc1 (never used) and every ext type: we use none   */
                    return PROTO_MALFORMED;
            }
            if (hdr) {
                if (left < (size_t) hdr)
                    return PROTO_MALFORMED;
                uint64_t n = s_be (bytes + pos, hdr);
                pos += hdr;
                left -= hdr;
                if (container)
                    children = n;
                else
                    payload = n;
            }
        }
        if (payload > left)
            return PROTO_MALFORMED;
        pos += payload;

        if (container) {
            if (is_map) {
                if (children > PROTO_MAX_MAP_KEYS)
                    return PROTO_TOO_MANY;
                children *= 2;
            }
            else
            if (children > max_array_items)
                return PROTO_TOO_MANY;
            /* every element takes at least one byte: refuse a count the
               remaining bytes cannot hold before anyone allocates for it */
            if (children > len - pos)
                return PROTO_MALFORMED;
            /* an empty container is as deep as a full one               */
            if (depth >= PROTO_MAX_DEPTH)
                return PROTO_TOO_DEEP;
            if (children > 0) {
                stack [depth++].left = (uint32_t) children;
                continue;
            }
        }
        /* one object finished: close every container it completes          */
        while (depth > 0 && --stack [depth - 1].left == 0)
            depth--;
        if (depth == 0)
            done = true;
    }
    return pos == len ? PROTO_OK : PROTO_TRAILING;
}

void
proto_writer_init (proto_writer_t *w)
{
    msgpack_sbuffer_init (&w->buf);
    msgpack_packer_init (&w->pk, &w->buf, msgpack_sbuffer_write);
}

void
proto_writer_reset (proto_writer_t *w)
{
    msgpack_sbuffer_clear (&w->buf);
}

void
proto_writer_destroy (proto_writer_t *w)
{
    msgpack_sbuffer_destroy (&w->buf);
    memset (w, 0, sizeof *w);
}

const uint8_t *
proto_writer_data (const proto_writer_t *w)
{
    return (const uint8_t *) w->buf.data;
}

size_t
proto_writer_size (const proto_writer_t *w)
{
    return w->buf.size;
}

void
proto_pack_key (proto_writer_t *w, const char *key)
{
    proto_pack_cstr (w, key);
}

void
proto_pack_cstr (proto_writer_t *w, const char *s)
{
    proto_pack_strn (w, s, strlen (s));
}

void
proto_pack_strn (proto_writer_t *w, const void *s, size_t len)
{
    msgpack_pack_str (&w->pk, len);
    msgpack_pack_str_body (&w->pk, s, len);
}

void
proto_pack_bin (proto_writer_t *w, const void *data, size_t len)
{
    msgpack_pack_bin (&w->pk, len);
    msgpack_pack_bin_body (&w->pk, data, len);
}

void
proto_pack_u64 (proto_writer_t *w, uint64_t v)
{
    msgpack_pack_uint64 (&w->pk, v);
}

void
proto_pack_bool (proto_writer_t *w, bool v)
{
    if (v)
        msgpack_pack_true (&w->pk);
    else
        msgpack_pack_false (&w->pk);
}

void
proto_pack_map (proto_writer_t *w, uint32_t n)
{
    msgpack_pack_map (&w->pk, n);
}

void
proto_pack_array (proto_writer_t *w, uint32_t n)
{
    msgpack_pack_array (&w->pk, n);
}

void
proto_pack_kv_cstr (proto_writer_t *w, const char *key, const char *s)
{
    proto_pack_key (w, key);
    proto_pack_cstr (w, s);
}

void
proto_pack_kv_bin (proto_writer_t *w, const char *key, const void *data, size_t len)
{
    proto_pack_key (w, key);
    proto_pack_bin (w, data, len);
}

void
proto_pack_kv_u64 (proto_writer_t *w, const char *key, uint64_t v)
{
    proto_pack_key (w, key);
    proto_pack_u64 (w, v);
}

void
proto_pack_kv_bool (proto_writer_t *w, const char *key, bool v)
{
    proto_pack_key (w, key);
    proto_pack_bool (w, v);
}

bool
proto_obj_str_eq (const msgpack_object *a, const msgpack_object *b)
{
    return a->via.str.size == b->via.str.size
        && (a->via.str.size == 0 || memcmp (a->via.str.ptr, b->via.str.ptr, a->via.str.size) == 0);
}

bool
proto_obj_key_is (const msgpack_object *key, const char *name)
{
    size_t n = strlen (name);
    return key->type == MSGPACK_OBJECT_STR
        && key->via.str.size == n
        && (n == 0 || memcmp (key->via.str.ptr, name, n) == 0);
}

const msgpack_object *
proto_obj_map_get (const msgpack_object *map, const char *name)
{
    if (!map || map->type != MSGPACK_OBJECT_MAP)
        return NULL;
    for (uint32_t i = 0; i < map->via.map.size; i++)
        if (proto_obj_key_is (&map->via.map.ptr [i].key, name))
            return &map->via.map.ptr [i].val;
    return NULL;
}

int
proto_obj_text_copy (char *out, size_t outlen, const msgpack_object *obj)
{
    if (!obj || obj->type != MSGPACK_OBJECT_STR || obj->via.str.size >= outlen
    ||  !proto_utf8_valid ((const uint8_t *) obj->via.str.ptr, obj->via.str.size, false))
        return -1;
    if (obj->via.str.size)
        memcpy (out, obj->via.str.ptr, obj->via.str.size);
    out [obj->via.str.size] = 0;
    return 0;
}

void
proto_utf8_truncate (char *s, size_t max)
{
    size_t n = strlen (s);
    if (n <= max)
        return;
    /* back up to the start of a character                                  */
    while (max > 0 && ((uint8_t) s [max] & 0xc0) == 0x80)
        max--;
    s [max] = 0;
}

int
proto_obj_str_copy (char *out, size_t outlen, const msgpack_object *obj)
{
    if (!obj || obj->type != MSGPACK_OBJECT_STR || obj->via.str.size >= outlen)
        return -1;
    if (obj->via.str.size)
        memcpy (out, obj->via.str.ptr, obj->via.str.size);
    out [obj->via.str.size] = 0;
    return 0;
}

bool
proto_utf8_valid (const uint8_t *s, size_t len, bool allow_newlines)
{
    size_t i = 0;
    while (i < len) {
        uint8_t c = s [i];
        if (c < 0x80) {
            if ((c < 0x20 && !(allow_newlines && (c == '\n' || c == '\t'))) || c == 0x7f)
                return false;
            i++;
            continue;
        }
        int n;
        uint32_t cp;
        if ((c & 0xe0) == 0xc0) { n = 1; cp = c & 0x1f; }
        else
        if ((c & 0xf0) == 0xe0) { n = 2; cp = c & 0x0f; }
        else
        if ((c & 0xf8) == 0xf0) { n = 3; cp = c & 0x07; }
        else
            return false;
        if (len - i - 1 < (size_t) n)
            return false;
        for (int k = 1; k <= n; k++) {
            if ((s [i + k] & 0xc0) != 0x80)
                return false;
            cp = (cp << 6) | (s [i + k] & 0x3f);
        }
        if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000)
        ||  cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)
        ||  (cp >= 0x80 && cp < 0xa0))         /* C1 control characters    */
            return false;
        i += n + 1;
    }
    return true;
}

proto_result_t
proto_msgpack_unpack (msgpack_unpacked *up, const uint8_t *bytes, size_t len,
                      uint32_t max_array_items)
{
    msgpack_unpacked_init (up);
    proto_result_t rc = s_check (bytes, len, max_array_items);
    if (rc != PROTO_OK)
        return rc;
    up->zone = msgpack_zone_new (PROTO_MSGPACK_ZONE_BYTES);
    if (!up->zone)
        return PROTO_UNAVAILABLE;       /* out of memory: try again later */
    size_t off = 0;
    if (msgpack_unpack ((const char *) bytes, len, &off, up->zone, &up->data)
            != MSGPACK_UNPACK_SUCCESS || off != len) {
        msgpack_unpacked_destroy (up);
        msgpack_unpacked_init (up);
        return PROTO_MALFORMED;
    }
    return PROTO_OK;
}
