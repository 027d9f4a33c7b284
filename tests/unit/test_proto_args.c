/*  test_proto_args.c - the typed arguments of refusals and notes: limits
    on decoding (bad key, wrong type, too long, control characters, too
    many), and the bound on a receipt item with the largest note the hub
    sends.                                                                   */
#include "testing.h"
#include "proto_args.h"
#include "proto_link.h"
#include "hub_codes.h"
#include <stdlib.h>

/*  Decodes the map packed by the caller into w.                             */
static proto_result_t
s_decode (proto_writer_t *w, proto_args_t *args, const char **field)
{
    msgpack_unpacked up;
    proto_result_t rc = proto_msgpack_unpack (&up, proto_writer_data (w), proto_writer_size (w),
                                              PROTO_MAX_ARRAY_ITEMS);
    if (rc != PROTO_OK)
        return rc;
    size_t len = 0;
    rc = proto_args_decode (args, &up.data, field, &len);
    msgpack_unpacked_destroy (&up);
    return rc;
}

static void
round_trip (void)
{
    proto_args_t a, b;
    proto_args_init (&a);
    CHECK_INT (proto_args_str (&a, PROTO_ARG_TEAM, "acm"), 0);
    CHECK_INT (proto_args_uint (&a, PROTO_ARG_SINCE, 1765000000000ULL), 0);
    CHECK_INT (proto_args_str (&a, PROTO_ARG_NAME, "Anna \"de\" Vries\\"), 0);
    CHECK_INT (proto_args_str (&a, PROTO_ARG_TEAM, "acm"), -1);            /* once   */
    CHECK_INT (proto_args_str (&a, PROTO_ARG_PARTNER, "Not An Id"), -1);   /* an id  */
    proto_writer_t w;
    proto_writer_init (&w);
    proto_args_pack (&w, &a);
    CHECK_INT (proto_writer_size (&w), proto_args_packed_size (&a));
    const char *field = NULL;
    CHECK_INT (s_decode (&w, &b, &field), PROTO_OK);
    proto_writer_destroy (&w);
    CHECK_INT (b.count, 3);
    CHECK_STR (proto_args_get_str (&b, PROTO_ARG_TEAM), "acm");
    uint64_t since = 0;
    CHECK (proto_args_get_uint (&b, PROTO_ARG_SINCE, &since));
    CHECK_INT (since, 1765000000000ULL);
    char json [256];
    CHECK (proto_args_json (&b, json, sizeof json) > 0);
    CHECK_STR (json, "{\"team\":\"acm\",\"since\":1765000000000,\"name\":\"Anna \\\"de\\\" Vries\\\\\"}");
    //  a control character a caller passes becomes a space
    proto_args_init (&a);
    CHECK_INT (proto_args_str (&a, PROTO_ARG_NAME, "a\nb"), 0);
    CHECK_STR (proto_args_get_str (&a, PROTO_ARG_NAME), "a b");
}

static void
decoding_refuses_what_breaks_the_limits (void)
{
    proto_writer_t w;
    proto_writer_init (&w);
    proto_args_t a;
    const char *field = NULL;
    char long_name [PROTO_MAX_NAME_BYTES + 2];
    memset (long_name, 'n', sizeof long_name - 1);
    long_name [sizeof long_name - 1] = 0;
    proto_result_t rc [10];
    int n = 0;
    //  0: a key that is not in the list
    proto_writer_reset (&w);
    proto_pack_map (&w, 1);
    proto_pack_kv_cstr (&w, "sentence", "the hub's prose");
    rc [n++] = s_decode (&w, &a, &field);
    //  1: a time as a str; 2: a name as a uint
    proto_writer_reset (&w);
    proto_pack_map (&w, 1);
    proto_pack_kv_cstr (&w, "due", "2026-12-07");
    rc [n++] = s_decode (&w, &a, &field);
    proto_writer_reset (&w);
    proto_pack_map (&w, 1);
    proto_pack_kv_u64 (&w, "name", 7);
    rc [n++] = s_decode (&w, &a, &field);
    //  3: a name one byte too long
    proto_writer_reset (&w);
    proto_pack_map (&w, 1);
    proto_pack_kv_cstr (&w, "name", long_name);
    rc [n++] = s_decode (&w, &a, &field);
    //  4: a control character; 5: an empty value
    proto_writer_reset (&w);
    proto_pack_map (&w, 1);
    proto_pack_kv_cstr (&w, "contact", "bel\x1b[2J 112");
    rc [n++] = s_decode (&w, &a, &field);
    proto_writer_reset (&w);
    proto_pack_map (&w, 1);
    proto_pack_kv_cstr (&w, "team", "");
    rc [n++] = s_decode (&w, &a, &field);
    //  6: more than PROTO_ARGS_MAX pairs
    proto_writer_reset (&w);
    proto_pack_map (&w, PROTO_ARGS_MAX + 1);
    for (int i = 0; i <= PROTO_ARGS_MAX; i++)
        proto_pack_kv_u64 (&w, proto_arg_name ((proto_arg_key_t) (PROTO_ARG_SINCE + i)),
                           i < 4 ? 1765000000000ULL : 1);
    rc [n++] = s_decode (&w, &a, &field);
    //  7: a key twice; 8: a time out of range; 9: not a map
    proto_writer_reset (&w);
    proto_pack_map (&w, 2);
    proto_pack_kv_cstr (&w, "team", "acm");
    proto_pack_kv_cstr (&w, "team", "acm");
    rc [n++] = s_decode (&w, &a, &field);
    proto_writer_reset (&w);
    proto_pack_map (&w, 1);
    proto_pack_kv_u64 (&w, "until", 5);
    rc [n++] = s_decode (&w, &a, &field);
    proto_writer_reset (&w);
    proto_pack_array (&w, 0);
    rc [n++] = s_decode (&w, &a, &field);
    proto_writer_destroy (&w);
    CHECK_INT (rc [0], PROTO_NOT_IN_LIST);
    CHECK_INT (rc [1], PROTO_WRONG_TYPE);
    CHECK_INT (rc [2], PROTO_WRONG_TYPE);
    CHECK_INT (rc [3], PROTO_FIELD_TOO_LONG);
    CHECK_INT (rc [4], PROTO_BAD_VALUE);
    CHECK_INT (rc [5], PROTO_BAD_VALUE);
    CHECK_INT (rc [6], PROTO_TOO_MANY);
    CHECK_INT (rc [7], PROTO_DUPLICATE_KEY);
    CHECK_INT (rc [8], PROTO_BAD_VALUE);
    CHECK_INT (rc [9], PROTO_WRONG_TYPE);
}

/*  Fills key with the largest value its kind allows.                        */
static void
s_fill_max (proto_args_t *a, proto_arg_key_t key)
{
    char text [PROTO_MAX_CONTACT_BYTES + 1];
    size_t max = 0;
    switch (proto_arg_kind (key)) {
        case PROTO_ARGK_TIME:  proto_args_uint (a, key, PROTO_TIME_MAX_MS); return;
        case PROTO_ARGK_COUNT: proto_args_uint (a, key, PROTO_MAX_NOTICE_COUNT); return;
        case PROTO_ARGK_PARTNER: max = PROTO_MAX_PARTNER_ID_BYTES; break;
        case PROTO_ARGK_NAME:  max = PROTO_MAX_NAME_BYTES; break;
        case PROTO_ARGK_CONTACT: max = PROTO_MAX_CONTACT_BYTES; break;
        case PROTO_ARGK_TERM:  max = PROTO_MAX_TAXON_BYTES; break;
        case PROTO_ARGK_FIELD: max = PROTO_MAX_FIELD_BYTES; break;
        case PROTO_ARGK_LINE:  max = PROTO_MAX_NAME_BYTES; break;
    }
    memset (text, 'x', max);
    text [max] = 0;
    proto_args_str (a, key, text);
}

static void
every_note_fits_its_receipt_item (void)
{
    //  each note code with every argument it carries at its largest, in an
    //  item with every other field at its largest: within the item bound,
    //  and the arguments arrive whole
    proto_writer_t w;
    proto_writer_init (&w);
    size_t largest = 0;
    char m [256] = "";
    for (size_t n = 0; hub_note_code (n); n++) {
        const hub_code_t *c = hub_note_code (n);
        proto_receipt_item_t item, back;
        memset (&item, 0xff, sizeof item.id + sizeof item.digest);
        memset (&item, 0, sizeof item);
        memset (item.id, 0xff, sizeof item.id);
        item.seq = PROTO_MAX_SEQ;
        item.duplicate = true;
        memset (item.to, 'z', PROTO_MAX_PARTNER_ID_BYTES);
        memset (item.note, 'n', PROTO_MAX_TAXON_BYTES);     /* the longest code */
        for (size_t i = 0; i < c->nargs; i++)
            s_fill_max (&item.note_args, c->args [i]);
        proto_receipt_item_encode (&w, &item);
        size_t size = proto_writer_size (&w);
        largest = size > largest ? size : largest;
        if (size > PROTO_MAX_ITEM_BYTES)
            snprintf (m, sizeof m, "%s: %zu bytes", c->term, size);
        else
        if (proto_receipt_item_decode (&back, proto_writer_data (&w), size) != PROTO_OK
        ||  back.note_args.count != c->nargs)
            snprintf (m, sizeof m, "%s: its arguments did not arrive whole", c->term);
        if (m [0])
            break;
    }
    proto_writer_destroy (&w);
    if (m [0])
        test_fail (__FILE__, __LINE__, m);
    CHECK (largest > 0 && largest <= PROTO_MAX_ITEM_BYTES);
}

static void
codes_are_terms_and_unique (void)
{
    for (int list = 0; list < 2; list++)
        for (size_t i = 0; ; i++) {
            const hub_code_t *c = list ? hub_note_code (i) : hub_reason_code (i);
            if (!c)
                break;
            CHECK (strlen (c->term) > 0 && strlen (c->term) <= PROTO_MAX_TAXON_BYTES);
            CHECK (strspn (c->term, "abcdefghijklmnopqrstuvwxyz0123456789_") == strlen (c->term));
            CHECK (list || c->result != PROTO_OK);
            for (size_t j = 0; j < i; j++)
                CHECK (strcmp ((list ? hub_note_code (j) : hub_reason_code (j))->term, c->term) != 0);
        }
}

void
suite_proto_args (void)
{
    TEST_RUN ("proto_args", round_trip);
    TEST_RUN ("proto_args", decoding_refuses_what_breaks_the_limits);
    TEST_RUN ("proto_args", every_note_fits_its_receipt_item);
    TEST_RUN ("proto_args", codes_are_terms_and_unique);
}
