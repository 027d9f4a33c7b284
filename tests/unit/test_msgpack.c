/*  test_msgpack.c - the structure check that stands before msgpack-c, the
    writer helpers and the UTF-8 rule.                                      */
#include "testing.h"
#include "proto_msgpack.h"
#include "proto_limits.h"
#include "../vectors/vectors.h"
#include <stdlib.h>

#define CHECK_RC(bytes, len, want) \
    CHECK_INT (proto_msgpack_check ((const uint8_t *) (bytes), (len)), (want))

/*  proto_msgpack_unpack: checks first, then unpacks into a small zone that
    still grows for a frame with many objects.                               */
static void
unpack_small_zone (void)
{
    proto_writer_t w;
    proto_writer_init (&w);
    proto_pack_map (&w, 2);
    proto_pack_kv_cstr (&w, "a", "one");
    proto_pack_kv_u64 (&w, "b", 2);
    msgpack_unpacked up;
    CHECK_INT (proto_msgpack_unpack (&up, proto_writer_data (&w), proto_writer_size (&w),
                                     PROTO_MAX_ARRAY_ITEMS), PROTO_OK);
    CHECK (up.zone != NULL);
    CHECK_INT (up.zone->chunk_size, PROTO_MSGPACK_ZONE_BYTES);
    CHECK_INT (up.data.type, MSGPACK_OBJECT_MAP);
    CHECK_INT (up.data.via.map.size, 2);
    CHECK_INT (proto_obj_map_get (&up.data, "b")->via.u64, 2);
    msgpack_unpacked_destroy (&up);

    //  many more objects than one chunk holds (24-48 bytes each)
    proto_writer_reset (&w);
    proto_pack_array (&w, 600);
    for (uint64_t i = 0; i < 600; i++)
        proto_pack_u64 (&w, i * 1000);
    CHECK_INT (proto_msgpack_unpack (&up, proto_writer_data (&w), proto_writer_size (&w),
                                     PROTO_MAX_ARRAY_ITEMS), PROTO_OK);
    CHECK_INT (up.data.via.array.size, 600);
    CHECK_INT (up.data.via.array.ptr [599].via.u64, 599000);
    msgpack_unpacked_destroy (&up);

    //  refused by the check: nothing allocated, nothing to destroy
    CHECK_INT (proto_msgpack_unpack (&up, proto_writer_data (&w), proto_writer_size (&w) - 1,
                                     PROTO_MAX_ARRAY_ITEMS), PROTO_MALFORMED);
    CHECK (up.zone == NULL);
    static const uint8_t ext [] = { 0xd4, 1, 2 };
    CHECK (proto_msgpack_unpack (&up, ext, sizeof ext, PROTO_MAX_ARRAY_ITEMS) != PROTO_OK);
    //  the array bound is the caller's: 600 items pass 1024, not 500
    proto_writer_reset (&w);
    proto_pack_array (&w, 600);
    for (uint64_t i = 0; i < 600; i++)
        proto_pack_u64 (&w, i);
    CHECK_INT (proto_msgpack_unpack (&up, proto_writer_data (&w), proto_writer_size (&w), 500),
               PROTO_TOO_MANY);
    CHECK (up.zone == NULL);
    CHECK (up.zone == NULL);
    proto_writer_destroy (&w);
}

static void
empty_refused (void)
{
    uint8_t b = 0;
    CHECK_RC (NULL, 0, PROTO_MALFORMED);
    CHECK_RC (&b, 0, PROTO_MALFORMED);
    CHECK_RC (NULL, 5, PROTO_MALFORMED);
}

static void
scalars_accepted (void)
{
    static const uint8_t ok [][9] = {
        { 0x00 }, { 0x7f }, { 0xe0 }, { 0xff }, { 0xc0 }, { 0xc2 }, { 0xc3 },
        { 0xcc, 1 }, { 0xcd, 1, 2 }, { 0xce, 1, 2, 3, 4 }, { 0xcf, 1, 2, 3, 4, 5, 6, 7, 8 },
        { 0xd0, 1 }, { 0xd1, 1, 2 }, { 0xd2, 1, 2, 3, 4 }, { 0xd3, 1, 2, 3, 4, 5, 6, 7, 8 },
        { 0xca, 1, 2, 3, 4 }, { 0xcb, 1, 2, 3, 4, 5, 6, 7, 8 },
        { 0xa3, 'a', 'b', 'c' }, { 0xd9, 2, 'a', 'b' }, { 0xda, 0, 1, 'a' },
        { 0xdb, 0, 0, 0, 1, 'a' }, { 0xc4, 1, 9 }, { 0xc5, 0, 1, 9 }, { 0xc6, 0, 0, 0, 1, 9 },
        { 0x90 }, { 0x80 }, { 0xdc, 0, 0 }, { 0xde, 0, 0 }, { 0xdd, 0, 0, 0, 0 },
    };
    static const size_t len [] = {
        1, 1, 1, 1, 1, 1, 1, 2, 3, 5, 9, 2, 3, 5, 9, 5, 9, 4, 4, 4, 6, 3, 4, 6, 1, 1, 3, 3, 5
    };
    CHECK_INT (sizeof ok / sizeof ok [0], sizeof len / sizeof len [0]);
    for (size_t i = 0; i < sizeof len / sizeof len [0]; i++) {
        CHECK_RC (ok [i], len [i], PROTO_OK);
        //  and one byte less is always truncated
        if (len [i] > 1)
            CHECK_RC (ok [i], len [i] - 1, PROTO_MALFORMED);
        //  and one byte more is trailing
        uint8_t more [10];
        memcpy (more, ok [i], len [i]);
        more [len [i]] = 0;
        CHECK_RC (more, len [i] + 1, PROTO_TRAILING);
    }
}

static void
every_prefix_truncated (void)
{
    vec_key_t partner, hub;
    vec_keys (&partner, &hub);
    proto_writer_t w;
    proto_writer_init (&w);
    for (int which = 0; which < VEC_ENVELOPES; which++) {
        vec_envelope (&w, which, partner.pk);
        size_t n = proto_writer_size (&w);
        //  a fresh copy of each prefix, so ASan sees any read past its end
        for (size_t len = 1; len < n; len++) {
            uint8_t *copy = malloc (len);
            CHECK (copy);
            memcpy (copy, proto_writer_data (&w), len);
            proto_result_t rc = proto_msgpack_check (copy, len);
            free (copy);
            if (rc != PROTO_MALFORMED)
                proto_writer_destroy (&w);
            CHECK_INT (rc, PROTO_MALFORMED);
        }
        CHECK_RC (proto_writer_data (&w), n, PROTO_OK);
    }
    proto_writer_destroy (&w);
}

static void
trailing_refused (void)
{
    vec_key_t partner, hub;
    vec_keys (&partner, &hub);
    proto_writer_t w;
    proto_writer_init (&w);
    vec_envelope (&w, 0, partner.pk);
    msgpack_pack_nil (&w.pk);
    proto_result_t rc = proto_msgpack_check (proto_writer_data (&w), proto_writer_size (&w));
    proto_writer_destroy (&w);
    CHECK_INT (rc, PROTO_TRAILING);
    //  two whole objects are one too many
    static const uint8_t two [] = { 0x01, 0x02 };
    CHECK_RC (two, 2, PROTO_TRAILING);
    static const uint8_t maps [] = { 0x80, 0x80 };
    CHECK_RC (maps, 2, PROTO_TRAILING);
}

static void
ext_types_and_c1_refused (void)
{
    //  fixext 1, 2, 4, 8, 16 and ext 8, 16, 32 - each complete and well-formed
    static const uint8_t fixext [] = { 0xd4, 0xd5, 0xd6, 0xd7, 0xd8 };
    static const size_t fixlen [] = { 1, 2, 4, 8, 16 };
    uint8_t buf [32];
    for (size_t i = 0; i < 5; i++) {
        memset (buf, 0, sizeof buf);
        buf [0] = fixext [i];
        buf [1] = 1;        /* ext type */
        CHECK_RC (buf, 2 + fixlen [i], PROTO_MALFORMED);
    }
    static const uint8_t ext8 [] = { 0xc7, 1, 5, 0 };
    static const uint8_t ext16 [] = { 0xc8, 0, 1, 5, 0 };
    static const uint8_t ext32 [] = { 0xc9, 0, 0, 0, 1, 5, 0 };
    CHECK_RC (ext8, sizeof ext8, PROTO_MALFORMED);
    CHECK_RC (ext16, sizeof ext16, PROTO_MALFORMED);
    CHECK_RC (ext32, sizeof ext32, PROTO_MALFORMED);
    //  an ext value inside a map is refused just the same
    static const uint8_t inmap [] = { 0x81, 0xa1, 'x', 0xd4, 1, 0 };
    CHECK_RC (inmap, sizeof inmap, PROTO_MALFORMED);
    static const uint8_t c1 [] = { 0xc1 };
    CHECK_RC (c1, 1, PROTO_MALFORMED);
    static const uint8_t c1inarray [] = { 0x92, 0x01, 0xc1 };
    CHECK_RC (c1inarray, sizeof c1inarray, PROTO_MALFORMED);
}

/*  n nested one-element arrays around inner (fixint 1, or an empty array).  */
static size_t
s_nest (uint8_t *buf, int n, bool maps, uint8_t inner)
{
    size_t pos = 0;
    for (int i = 0; i < n; i++) {
        if (maps) {
            buf [pos++] = 0x81;
            buf [pos++] = 0x01;     /* key */
        }
        else
            buf [pos++] = 0x91;
    }
    buf [pos++] = inner;
    return pos;
}

static void
depth_limit (void)
{
    uint8_t buf [64];
    size_t n = s_nest (buf, PROTO_MAX_DEPTH, false, 0x01);
    CHECK_RC (buf, n, PROTO_OK);
    n = s_nest (buf, PROTO_MAX_DEPTH + 1, false, 0x01);
    CHECK_RC (buf, n, PROTO_TOO_DEEP);
    n = s_nest (buf, PROTO_MAX_DEPTH, true, 0x01);
    CHECK_RC (buf, n, PROTO_OK);
    n = s_nest (buf, PROTO_MAX_DEPTH + 1, true, 0x01);
    CHECK_RC (buf, n, PROTO_TOO_DEEP);
    //  depth that comes back down: [[[[1]]], [[[1]]]] stays within the limit
    static const uint8_t wide [] = { 0x92, 0x91, 0x91, 0x91, 0x01, 0x91, 0x91, 0x91, 0x01 };
    CHECK_RC (wide, sizeof wide, PROTO_OK);
    //  an innermost empty container is still a container: PROTO_MAX_DEPTH
    //  nested containers are fine, one more is nesting beyond the limit
    n = s_nest (buf, PROTO_MAX_DEPTH - 1, false, 0x90);
    CHECK_RC (buf, n, PROTO_OK);
}

static void
depth_limit_counts_empty_containers (void)
{
    //  [[[[[]]]]]: five containers nested, one more than PROTO_MAX_DEPTH.
    //  Regression: the check once counted only containers with elements.
    uint8_t buf [64];
    size_t n = s_nest (buf, PROTO_MAX_DEPTH, false, 0x90);
    CHECK_RC (buf, n, PROTO_TOO_DEEP);
    n = s_nest (buf, PROTO_MAX_DEPTH, true, 0x80);
    CHECK_RC (buf, n, PROTO_TOO_DEEP);
}

static void
huge_counts_refused_without_allocating (void)
{
    //  five bytes that would make msgpack-c allocate for 4 billion items
    static const uint8_t arr32 [] = { 0xdd, 0xff, 0xff, 0xff, 0xff };
    CHECK_RC (arr32, sizeof arr32, PROTO_TOO_MANY);
    static const uint8_t map32 [] = { 0xdf, 0xff, 0xff, 0xff, 0xff };
    CHECK_RC (map32, sizeof map32, PROTO_TOO_MANY);
    static const uint8_t arr16 [] = { 0xdc, 0xff, 0xff };
    CHECK_RC (arr16, sizeof arr16, PROTO_TOO_MANY);
    //  within the item limits, but more than the bytes left could hold
    static const uint8_t few [] = { 0xdc, 0x03, 0xe8, 0x01, 0x02 };    /* 1000 items */
    CHECK_RC (few, sizeof few, PROTO_MALFORMED);
    static const uint8_t fewmap [] = { 0xde, 0x00, 0x20, 0x01, 0x02 }; /* 32 pairs */
    CHECK_RC (fewmap, sizeof fewmap, PROTO_MALFORMED);
    static const uint8_t fixmap [] = { 0x8f, 0x01 };
    CHECK_RC (fixmap, sizeof fixmap, PROTO_MALFORMED);
    //  str, bin: declared lengths beyond the end
    static const uint8_t str8 [] = { 0xd9, 10, 'a', 'b', 'c' };
    CHECK_RC (str8, sizeof str8, PROTO_MALFORMED);
    static const uint8_t str32 [] = { 0xdb, 0xff, 0xff, 0xff, 0xff, 'a' };
    CHECK_RC (str32, sizeof str32, PROTO_MALFORMED);
    static const uint8_t bin32 [] = { 0xc6, 0xff, 0xff, 0xff, 0xff, 'a' };
    CHECK_RC (bin32, sizeof bin32, PROTO_MALFORMED);
    static const uint8_t fixstr [] = { 0xbf, 'a' };
    CHECK_RC (fixstr, sizeof fixstr, PROTO_MALFORMED);
    //  a length header cut short
    static const uint8_t hdr [] = { 0xda, 0x00 };
    CHECK_RC (hdr, sizeof hdr, PROTO_MALFORMED);
    static const uint8_t u64 [] = { 0xcf, 1, 2, 3 };
    CHECK_RC (u64, sizeof u64, PROTO_MALFORMED);
}

static void
map_keys_limit (void)
{
    proto_writer_t w;
    proto_writer_init (&w);
    proto_pack_map (&w, PROTO_MAX_MAP_KEYS);
    for (int i = 0; i < PROTO_MAX_MAP_KEYS; i++)
        proto_pack_kv_u64 (&w, "k", (uint64_t) i);
    proto_result_t at = proto_msgpack_check (proto_writer_data (&w), proto_writer_size (&w));
    proto_writer_reset (&w);
    proto_pack_map (&w, PROTO_MAX_MAP_KEYS + 1);
    for (int i = 0; i < PROTO_MAX_MAP_KEYS + 1; i++)
        proto_pack_kv_u64 (&w, "k", (uint64_t) i);
    proto_result_t over = proto_msgpack_check (proto_writer_data (&w), proto_writer_size (&w));
    proto_writer_destroy (&w);
    CHECK_INT (at, PROTO_OK);
    CHECK_INT (over, PROTO_TOO_MANY);
}

static void
array_items_limit (void)
{
    proto_writer_t w;
    proto_writer_init (&w);
    proto_pack_array (&w, PROTO_MAX_ARRAY_ITEMS);
    for (int i = 0; i < PROTO_MAX_ARRAY_ITEMS; i++)
        proto_pack_u64 (&w, 1);
    proto_result_t at = proto_msgpack_check (proto_writer_data (&w), proto_writer_size (&w));
    proto_writer_reset (&w);
    proto_pack_array (&w, PROTO_MAX_ARRAY_ITEMS + 1);
    for (int i = 0; i < PROTO_MAX_ARRAY_ITEMS + 1; i++)
        proto_pack_u64 (&w, 1);
    proto_result_t over = proto_msgpack_check (proto_writer_data (&w), proto_writer_size (&w));
    proto_writer_destroy (&w);
    CHECK_INT (at, PROTO_OK);
    CHECK_INT (over, PROTO_TOO_MANY);
}

/*  An array of `groups` arrays of 4 ints, then `extra` ints: 1 + 5 * groups
    + extra objects in all.                                                 */
static proto_result_t
s_objects (int groups, int extra)
{
    proto_writer_t w;
    proto_writer_init (&w);
    proto_pack_array (&w, (uint32_t) (groups + extra));
    for (int i = 0; i < groups; i++) {
        proto_pack_array (&w, 4);
        for (int k = 0; k < 4; k++)
            proto_pack_u64 (&w, 7);
    }
    for (int i = 0; i < extra; i++)
        proto_pack_u64 (&w, 7);
    proto_result_t rc = proto_msgpack_check (proto_writer_data (&w), proto_writer_size (&w));
    proto_writer_destroy (&w);
    return rc;
}

static void
objects_limit (void)
{
    //  1 + 5 * 819 = 4096 objects: exactly the limit
    CHECK_INT (1 + 5 * 819, PROTO_MAX_OBJECTS);
    CHECK_INT (s_objects (819, 0), PROTO_OK);
    CHECK_INT (s_objects (819, 1), PROTO_TOO_MANY);
    CHECK_INT (s_objects (1000, 0), PROTO_TOO_MANY);
}

static void
writer_and_readers (void)
{
    proto_writer_t w;
    proto_writer_init (&w);
    proto_pack_map (&w, 5);
    proto_pack_kv_cstr (&w, "s", "hallo");
    proto_pack_kv_bin (&w, "b", "\x01\x02", 2);
    proto_pack_kv_u64 (&w, "u", 1ULL << 40);
    proto_pack_kv_bool (&w, "t", true);
    proto_pack_key (&w, "n");
    proto_pack_strn (&w, "ab\0c", 4);
    CHECK_INT (proto_msgpack_check (proto_writer_data (&w), proto_writer_size (&w)), PROTO_OK);
    msgpack_unpacked up;
    msgpack_unpacked_init (&up);
    size_t off = 0;
    CHECK (msgpack_unpack_next (&up, (const char *) proto_writer_data (&w),
                                proto_writer_size (&w), &off) == MSGPACK_UNPACK_SUCCESS);
    const msgpack_object *s = proto_obj_map_get (&up.data, "s");
    const msgpack_object *u = proto_obj_map_get (&up.data, "u");
    const msgpack_object *t = proto_obj_map_get (&up.data, "t");
    const msgpack_object *b = proto_obj_map_get (&up.data, "b");
    bool ok = s && u && t && b && !proto_obj_map_get (&up.data, "x")
           && !proto_obj_map_get (&up.data, "")
           && !proto_obj_map_get (s, "s")       /* not a map */
           && !proto_obj_map_get (NULL, "s")
           && u->via.u64 == 1ULL << 40 && t->via.boolean
           && b->via.bin.size == 2 && proto_obj_key_is (&up.data.via.map.ptr [0].key, "s")
           && !proto_obj_key_is (&up.data.via.map.ptr [0].key, "ss");
    char out [6], small [5];
    int copied = proto_obj_str_copy (out, sizeof out, s);
    int toosmall = proto_obj_str_copy (small, sizeof small, s);
    int notstr = proto_obj_str_copy (out, sizeof out, u);
    int null = proto_obj_str_copy (out, sizeof out, NULL);
    msgpack_unpacked_destroy (&up);
    size_t before = proto_writer_size (&w);
    proto_writer_reset (&w);
    size_t after = proto_writer_size (&w);
    proto_writer_destroy (&w);
    CHECK (ok);
    CHECK_INT (copied, 0);
    CHECK_STR (out, "hallo");
    CHECK_INT (toosmall, -1);
    CHECK_INT (notstr, -1);
    CHECK_INT (null, -1);
    CHECK (before > 0);
    CHECK_INT (after, 0);
}

#define UTF8(s, nl) proto_utf8_valid ((const uint8_t *) (s), sizeof (s) - 1, (nl))

static void
utf8_rules (void)
{
    CHECK (UTF8 ("", false));
    CHECK (UTF8 ("gewoon tekst", false));
    CHECK (UTF8 ("\xc3\xa9\xc3\xab", false));              /* é ë          */
    CHECK (UTF8 ("\xe2\x82\xac", false));                  /* euro sign    */
    CHECK (UTF8 ("\xf0\x9f\x98\x80", false));              /* U+1F600      */
    CHECK (UTF8 ("\xf4\x8f\xbf\xbf", false));              /* U+10FFFF     */
    CHECK (UTF8 ("\xc2\xa0", false));                      /* U+00A0, after C1 */
    CHECK (UTF8 ("\xed\x9f\xbf", false));                  /* U+D7FF       */
    CHECK (UTF8 ("\xee\x80\x80", false));                  /* U+E000       */
    //  overlong forms
    CHECK (!UTF8 ("\xc0\xaf", false));
    CHECK (!UTF8 ("\xc1\xbf", false));
    CHECK (!UTF8 ("\xe0\x80\xaf", false));
    CHECK (!UTF8 ("\xe0\x9f\xbf", false));
    CHECK (!UTF8 ("\xf0\x80\x80\xaf", false));
    CHECK (!UTF8 ("\xf0\x8f\xbf\xbf", false));
    //  surrogates, beyond U+10FFFF, bytes that never start a character
    CHECK (!UTF8 ("\xed\xa0\x80", false));
    CHECK (!UTF8 ("\xed\xbf\xbf", false));
    CHECK (!UTF8 ("\xf4\x90\x80\x80", false));
    CHECK (!UTF8 ("\xf8\x88\x80\x80\x80", false));
    CHECK (!UTF8 ("\xff", false));
    CHECK (!UTF8 ("\x80", false));
    CHECK (!UTF8 ("a\xbf", false));
    //  truncated and interrupted sequences
    CHECK (!UTF8 ("\xc3", false));
    CHECK (!UTF8 ("\xe2\x82", false));
    CHECK (!UTF8 ("\xf0\x9f\x98", false));
    CHECK (!UTF8 ("\xe2\x28\xac", false));
    //  control characters: C0, DEL, C1
    CHECK (!UTF8 ("\x01", true));
    CHECK (!UTF8 ("a\x00" "b", true));
    CHECK (!UTF8 ("\x1f", true));
    CHECK (!UTF8 ("\x7f", true));
    CHECK (!UTF8 ("\r", true));
    CHECK (!UTF8 ("\xc2\x80", true));
    CHECK (!UTF8 ("\xc2\x85", true));                      /* NEL          */
    CHECK (!UTF8 ("\xc2\x9f", true));
    //  newline and tab only when allowed
    CHECK (UTF8 ("a\nb\tc", true));
    CHECK (!UTF8 ("a\nb", false));
    CHECK (!UTF8 ("a\tb", false));
}

void
suite_msgpack (void)
{
    proto_init ();
    TEST_RUN ("msgpack", unpack_small_zone);
    TEST_RUN ("msgpack", empty_refused);
    TEST_RUN ("msgpack", scalars_accepted);
    TEST_RUN ("msgpack", every_prefix_truncated);
    TEST_RUN ("msgpack", trailing_refused);
    TEST_RUN ("msgpack", ext_types_and_c1_refused);
    TEST_RUN ("msgpack", depth_limit);
    TEST_RUN ("msgpack", depth_limit_counts_empty_containers);
    TEST_RUN ("msgpack", huge_counts_refused_without_allocating);
    TEST_RUN ("msgpack", map_keys_limit);
    TEST_RUN ("msgpack", array_items_limit);
    TEST_RUN ("msgpack", objects_limit);
    TEST_RUN ("msgpack", writer_and_readers);
    TEST_RUN ("msgpack", utf8_rules);
}
