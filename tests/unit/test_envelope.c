/*  test_envelope.c - the envelope codec against the type table, hostile
    headers and bodies, and the pinned vectors of tests/vectors/envelopes.txt.

    Bodies are built generically from the field table (proto_types.c), so a
    type or field added to the table is covered without touching this file:
    every type round-trips, every required field can go missing, every field
    can have the wrong type, every bounded field is tried at and beyond its
    limit.
*/
#include "testing.h"
#include "proto_envelope.h"
#include "proto_sign.h"
#include "../vectors/vectors.h"
#include <stdlib.h>
#include <stdio.h>
#include <unistd.h>
#include <sys/wait.h>

typedef enum { V_GOOD, V_AT_LIMIT, V_OVER, V_WRONG_TYPE } variant_t;

static proto_taxonomy_t s_tax;      /* the defaults, for the whole suite    */
static uint8_t s_person [PROTO_REF_BYTES];
static uint8_t s_re [PROTO_ID_BYTES];

/*  A field whose name is longer than PROTO_MAX_KEY_BYTES could never be
    sent (types/field_names_fit_key_limit fails for it); the generic builders
    leave such a field out, unless asked for it by name, so that one such
    defect does not hide every other result.                                 */
static bool
s_key_fits (const proto_field_t *f)
{
    return strlen (f->name) <= PROTO_MAX_KEY_BYTES;
}

static void s_pack_map_of (proto_writer_t *w, const proto_field_t *fields, bool all);

/*  A value for field f: valid (salted by its position so fields differ),
    exactly at its limit, one beyond, or of the wrong msgpack type.          */
static void
s_pack_value (proto_writer_t *w, const proto_field_t *f, variant_t v, int salt)
{
    char buf [64];
    switch (f->kind) {
        case PF_TEXT:
        case PF_LINE:
        case PF_TERM:
        case PF_PARTNER: {
            if (v == V_WRONG_TYPE) {
                proto_pack_u64 (w, 7);
                break;
            }
            if (v == V_GOOD) {
                if (f->kind == PF_TEXT)
                    snprintf (buf, sizeof buf, "Regel %d\nen een tweede\tmet tab", salt);
                else
                if (f->kind == PF_LINE)
                    snprintf (buf, sizeof buf, "Een regel %d, met \xc3\xa9\xc3\xa9n accent", salt);
                else
                if (f->kind == PF_TERM)
                    snprintf (buf, sizeof buf, "%s", s_tax.terms [f->list][0]);
                else
                    snprintf (buf, sizeof buf, "partner-%d", salt);
                proto_pack_cstr (w, buf);
                break;
            }
            size_t max = f->kind == PF_TERM ? PROTO_MAX_TAXON_BYTES
                       : f->kind == PF_PARTNER ? PROTO_MAX_PARTNER_ID_BYTES : f->max;
            size_t n = max + (v == V_OVER ? 1 : 0);
            char *s = malloc (n);
            memset (s, 'a', n);
            proto_pack_strn (w, s, n);
            free (s);
            break;
        }
        case PF_PARTNERS: {
            if (v == V_WRONG_TYPE) {
                proto_pack_cstr (w, "politie-west");
                break;
            }
            uint32_t n = v == V_GOOD ? 2 : f->max + (v == V_OVER ? 1 : 0);
            proto_pack_array (w, n);
            for (uint32_t i = 0; i < n; i++) {
                snprintf (buf, sizeof buf, "p%d-%u", salt, i);
                proto_pack_cstr (w, buf);
            }
            break;
        }
        case PF_ID:
        case PF_REF:
        case PF_DIGEST: {
            uint8_t bytes [PROTO_REF_BYTES];
            memset (bytes, 0x10 + salt, sizeof bytes);
            if (v == V_WRONG_TYPE)
                proto_pack_strn (w, "0123456789abcdef", 16);
            else
                proto_pack_bin (w, bytes, f->kind == PF_ID ? PROTO_ID_BYTES : PROTO_REF_BYTES);
            break;
        }
        case PF_TIME:
            if (v == V_WRONG_TYPE)
                proto_pack_cstr (w, "1767225600000");
            else
                proto_pack_u64 (w, VEC_TS + (uint64_t) salt * 86400000ULL);
            break;
        case PF_UINT:
            if (v == V_WRONG_TYPE)
                proto_pack_bool (w, true);
            else
            if (v == V_GOOD)
                proto_pack_u64 (w, f->max < 3 ? f->max : 3);
            else
                proto_pack_u64 (w, (uint64_t) f->max + (v == V_OVER ? 1 : 0));
            break;
        case PF_BOOL:
            if (v == V_WRONG_TYPE)
                proto_pack_u64 (w, 1);
            else
                proto_pack_bool (w, true);      /* signal: informed, no reason needed */
            break;
        case PF_BIN: {
            if (v == V_WRONG_TYPE) {
                proto_pack_cstr (w, "bin");
                break;
            }
            size_t n = v == V_GOOD ? 4 : f->max + (v == V_OVER ? 1 : 0);
            uint8_t *b = calloc (1, n + 1);
            proto_pack_bin (w, b, n);
            free (b);
            break;
        }
        case PF_RECORDS: {
            if (v == V_WRONG_TYPE) {
                proto_pack_cstr (w, "records");
                break;
            }
            uint32_t n = v == V_GOOD ? 2 : f->max + (v == V_OVER ? 1 : 0);
            proto_pack_array (w, n);
            for (uint32_t i = 0; i < n; i++)
                s_pack_map_of (w, f->sub, true);
            break;
        }
    }
}

/*  Which fields a generated body holds: the required ones (or all), never
    omit, always target and extra.                                           */
static bool
s_wanted (const proto_field_t *f, bool all, const char *omit, const char *target,
          const char *extra)
{
    if (omit && strcmp (f->name, omit) == 0)
        return false;
    if ((target && strcmp (f->name, target) == 0) || (extra && strcmp (f->name, extra) == 0))
        return true;
    if (!s_key_fits (f))
        return false;
    return f->required || all;
}

typedef struct {
    const proto_type_t *type;
    bool all;               /* optional fields too                          */
    const char *omit;       /* leave this field out                         */
    const char *target;     /* this field gets variant v                    */
    variant_t v;
} body_t;

/*  The type's cross-field rules, satisfied: a link names someone.           */
static const char *
s_extra (const body_t *b)
{
    return strcmp (b->type->name, "link") == 0 || strcmp (b->type->name, "unlink") == 0
           ? "person" : NULL;
}

static uint32_t
s_body_count (const body_t *b)
{
    uint32_t n = 0;
    for (const proto_field_t *f = b->type->fields; f->name; f++)
        if (s_wanted (f, b->all, b->omit, b->target, s_extra (b)))
            n++;
    return n;
}

static void
s_body_entries (proto_writer_t *w, const body_t *b)
{
    const proto_field_t *fields = b->type->fields;
    for (const proto_field_t *f = fields; f->name; f++)
        if (s_wanted (f, b->all, b->omit, b->target, s_extra (b))) {
            proto_pack_key (w, f->name);
            bool hit = b->target && strcmp (f->name, b->target) == 0;
            s_pack_value (w, f, hit ? b->v : V_GOOD, (int) (f - fields));
        }
}

static void
s_pack_map_of (proto_writer_t *w, const proto_field_t *fields, bool all)
{
    uint32_t n = 0;
    for (const proto_field_t *f = fields; f->name; f++)
        if (s_wanted (f, all, NULL, NULL, NULL))
            n++;
    proto_pack_map (w, n);
    for (const proto_field_t *f = fields; f->name; f++)
        if (s_wanted (f, all, NULL, NULL, NULL)) {
            proto_pack_key (w, f->name);
            s_pack_value (w, f, V_GOOD, (int) (f - fields));
        }
}

static void
s_header (proto_header_t *h, const proto_type_t *t)
{
    memset (h, 0, sizeof *h);
    h->type = t->name;
    memset (h->id, 0x5a, PROTO_ID_BYTES);
    memset (h->from, 0x33, PROTO_PUBKEY_BYTES);
    h->ts = VEC_TS;
    if (t->flags & PROTO_T_SUBJECT)
        h->person = s_person;
    if (t->flags & PROTO_T_HUB)
        h->re = s_re;
}

static void
s_encode (proto_writer_t *w, const body_t *b)
{
    proto_header_t h;
    s_header (&h, b->type);
    proto_envelope_begin (w, &h, s_body_count (b));
    s_body_entries (w, b);
}

/*  Validates a generated body on its own, without the frame limits (some
    bodies at their list limits are larger than one envelope may be).       */
static proto_result_t
s_body_validate (const body_t *b, const proto_taxonomy_t *tax, const char **field)
{
    proto_writer_t w;
    proto_writer_init (&w);
    proto_pack_map (&w, s_body_count (b));
    s_body_entries (&w, b);
    msgpack_unpacked up;
    msgpack_unpacked_init (&up);
    size_t off = 0;
    proto_result_t rc = PROTO_INTERNAL;
    if (msgpack_unpack_next (&up, (const char *) proto_writer_data (&w),
                             proto_writer_size (&w), &off) == MSGPACK_UNPACK_SUCCESS)
        rc = proto_body_validate (b->type, &up.data, tax, field);
    msgpack_unpacked_destroy (&up);
    proto_writer_destroy (&w);
    return rc;
}

/*  Encodes and decodes a generated envelope; *fits false (and PROTO_OK
    returned) when it is beyond the frame limits and was not tried.          */
static proto_result_t
s_env_decode (const body_t *b, const proto_taxonomy_t *tax, const char **field, bool *fits)
{
    proto_writer_t w;
    proto_writer_init (&w);
    s_encode (&w, b);
    *fits = proto_writer_size (&w) <= PROTO_MAX_ENVELOPE_BYTES
         && proto_msgpack_check (proto_writer_data (&w), proto_writer_size (&w)) == PROTO_OK;
    proto_result_t rc = PROTO_OK;
    if (*fits) {
        proto_envelope_t env;
        rc = proto_envelope_decode (&env, proto_writer_data (&w), proto_writer_size (&w),
                                    tax, field);
        proto_envelope_release (&env);
    }
    proto_writer_destroy (&w);
    return rc;
}

/*  Checks one decoded body field against the value the builder packs.      */
static bool
s_field_equal (const proto_envelope_t *env, const proto_field_t *f, int salt)
{
    const msgpack_object *got = proto_env_field (env, f->name);
    if (!got)
        return false;
    proto_writer_t w;
    proto_writer_init (&w);
    s_pack_value (&w, f, V_GOOD, salt);
    msgpack_unpacked up;
    msgpack_unpacked_init (&up);
    size_t off = 0;
    bool equal = msgpack_unpack_next (&up, (const char *) proto_writer_data (&w),
                                      proto_writer_size (&w), &off) == MSGPACK_UNPACK_SUCCESS
              && msgpack_object_equal (*got, up.data);
    //  and the typed accessors agree
    const char *ptr;
    size_t len;
    uint64_t u;
    bool bv;
    uint8_t bin [PROTO_REF_BYTES];
    char cstr [PROTO_MAX_TEXT_BYTES + 1];
    switch (f->kind) {
        case PF_TEXT: case PF_LINE: case PF_TERM: case PF_PARTNER:
            equal = equal && proto_env_str (env, f->name, &ptr, &len)
                 && len == up.data.via.str.size && memcmp (ptr, up.data.via.str.ptr, len) == 0
                 && proto_env_cstr (env, f->name, cstr, sizeof cstr)
                 && strlen (cstr) == len
                 && !proto_env_cstr (env, f->name, cstr, len)  /* no room for NUL */
                 && !proto_env_u64 (env, f->name, &u);
            break;
        case PF_TIME: case PF_UINT:
            equal = equal && proto_env_u64 (env, f->name, &u) && u == up.data.via.u64
                 && !proto_env_str (env, f->name, &ptr, &len);
            break;
        case PF_BOOL:
            equal = equal && proto_env_bool (env, f->name, &bv) && bv == up.data.via.boolean;
            break;
        case PF_ID: case PF_REF: case PF_DIGEST:
            len = f->kind == PF_ID ? PROTO_ID_BYTES : PROTO_REF_BYTES;
            equal = equal && proto_env_bin (env, f->name, bin, len)
                 && memcmp (bin, up.data.via.bin.ptr, len) == 0
                 && !proto_env_bin (env, f->name, bin, len - 1);
            break;
        default:
            break;
    }
    msgpack_unpacked_destroy (&up);
    proto_writer_destroy (&w);
    return equal;
}

static void
s_round_trip (bool all)
{
    size_t count;
    const proto_type_t *types = proto_types_all (&count);
    CHECK (count > 0);
    for (size_t i = 0; i < count; i++) {
        const proto_type_t *t = &types [i];
        body_t b = { t, all, NULL, NULL, V_GOOD };
        proto_writer_t w;
        proto_writer_init (&w);
        s_encode (&w, &b);
        proto_envelope_t env;
        const char *field = "unset";
        proto_result_t rc = proto_envelope_decode (&env, proto_writer_data (&w),
                                                   proto_writer_size (&w), &s_tax, &field);
        if (rc != PROTO_OK) {
            char m [160];
            snprintf (m, sizeof m, "type %s: %s at %s", t->name, proto_result_name (rc),
                      field ? field : "(none)");
            proto_writer_destroy (&w);
            test_fail (__FILE__, __LINE__, m);
            return;
        }
        proto_header_t h;
        s_header (&h, t);
        bool ok = env.live && env.type == t && field == NULL
               && env.bytes == proto_writer_data (&w) && env.size == proto_writer_size (&w)
               && memcmp (env.id, h.id, PROTO_ID_BYTES) == 0
               && memcmp (env.from, h.from, PROTO_PUBKEY_BYTES) == 0
               && env.ts == h.ts
               && env.has_person == (h.person != NULL) && !env.has_address
               && (!env.has_person || memcmp (env.person, s_person, PROTO_REF_BYTES) == 0)
               && env.has_re == (h.re != NULL)
               && (!env.has_re || memcmp (env.re, s_re, PROTO_ID_BYTES) == 0)
               && env.body && env.body->type == MSGPACK_OBJECT_MAP
               && env.body->via.map.size == s_body_count (&b);
        const char *bad = NULL;
        for (const proto_field_t *f = t->fields; f->name && ok; f++) {
            bool packed = s_wanted (f, all, NULL, NULL, s_extra (&b));
            if (packed && !s_field_equal (&env, f, (int) (f - t->fields)))
                bad = f->name;
            if (!packed && proto_env_field (&env, f->name))
                bad = f->name;
        }
        proto_envelope_release (&env);
        proto_envelope_release (&env);      /* harmless twice */
        proto_writer_destroy (&w);
        if (!ok || bad) {
            char m [160];
            snprintf (m, sizeof m, "type %s: header or field %s differs", t->name,
                      bad ? bad : "-");
            test_fail (__FILE__, __LINE__, m);
            return;
        }
    }
}

static void
round_trip_required_fields (void)
{
    s_round_trip (false);
}

static void
round_trip_all_fields (void)
{
    s_round_trip (true);
}

static void
missing_required_fields (void)
{
    size_t count, tried = 0;
    const proto_type_t *types = proto_types_all (&count);
    for (size_t i = 0; i < count; i++)
        for (const proto_field_t *f = types [i].fields; f->name; f++) {
            if (!f->required)
                continue;
            body_t b = { &types [i], true, f->name, NULL, V_GOOD };
            const char *field = NULL;
            bool fits;
            proto_result_t rc = s_env_decode (&b, &s_tax, &field, &fits);
            CHECK (fits);
            if (rc != PROTO_MISSING_FIELD || !field || strcmp (field, f->name) != 0) {
                char m [160];
                snprintf (m, sizeof m, "%s without %s: %s at %s", types [i].name, f->name,
                          proto_result_name (rc), field ? field : "(none)");
                test_fail (__FILE__, __LINE__, m);
                return;
            }
            tried++;
        }
    CHECK (tried > 40);
}

static void
wrong_type_every_field (void)
{
    size_t count, tried = 0;
    const proto_type_t *types = proto_types_all (&count);
    for (size_t i = 0; i < count; i++)
        for (const proto_field_t *f = types [i].fields; f->name; f++) {
            if (!s_key_fits (f))
                continue;       /* refused for its key; see types/field_names_fit_key_limit */
            body_t b = { &types [i], true, NULL, f->name, V_WRONG_TYPE };
            const char *field = NULL;
            bool fits;
            proto_result_t rc = s_env_decode (&b, &s_tax, &field, &fits);
            CHECK (fits);
            if (rc != PROTO_WRONG_TYPE || !field || strcmp (field, f->name) != 0) {
                char m [160];
                snprintf (m, sizeof m, "%s.%s of wrong type: %s at %s", types [i].name,
                          f->name, proto_result_name (rc), field ? field : "(none)");
                test_fail (__FILE__, __LINE__, m);
                return;
            }
            tried++;
        }
    CHECK (tried > 80);
}

/*  The code a value one beyond the field's limit gets.                      */
static proto_result_t
s_over_code (const proto_field_t *f)
{
    switch (f->kind) {
        case PF_PARTNERS: case PF_RECORDS: return PROTO_TOO_MANY;
        case PF_UINT: return PROTO_BAD_VALUE;
        default: return PROTO_FIELD_TOO_LONG;
    }
}

static bool
s_bounded (const proto_field_t *f)
{
    return f->kind == PF_TEXT || f->kind == PF_LINE || f->kind == PF_TERM
        || f->kind == PF_PARTNER || f->kind == PF_PARTNERS || f->kind == PF_RECORDS
        || f->kind == PF_UINT || f->kind == PF_BIN;
}

static void
limits_every_field (void)
{
    size_t count, tried = 0, in_frame = 0;
    const proto_type_t *types = proto_types_all (&count);
    for (size_t i = 0; i < count; i++)
        for (const proto_field_t *f = types [i].fields; f->name; f++) {
            if (!s_bounded (f) || !s_key_fits (f))
                continue;
            for (int over = 0; over < 2; over++) {
                body_t b = { &types [i], true, NULL, f->name, over ? V_OVER : V_AT_LIMIT };
                //  a term at its length limit is not a configured term: no taxonomy
                proto_result_t want = over ? s_over_code (f) : PROTO_OK;
                const char *field = NULL;
                proto_result_t rc = s_body_validate (&b, NULL, &field);
                bool fits = false;
                const char *efield = NULL;
                proto_result_t erc = rc == want ? s_env_decode (&b, NULL, &efield, &fits) : rc;
                if (!fits)
                    erc = want, efield = field;
                if (rc != want || erc != want
                ||  (over && (!field || strcmp (field, f->name) != 0
                           || !efield || strcmp (efield, f->name) != 0))) {
                    char m [200];
                    snprintf (m, sizeof m, "%s.%s %s its limit: %s at %s (frame: %s)",
                              types [i].name, f->name, over ? "beyond" : "at",
                              proto_result_name (rc), field ? field : "(none)",
                              proto_result_name (erc));
                    test_fail (__FILE__, __LINE__, m);
                    return;
                }
                tried++;
                in_frame += fits;
            }
        }
    CHECK (tried > 60);
    CHECK (in_frame > 50);
}

/*  A small hand-made body for one type, as key/value pairs of cstr values. */
static proto_result_t
s_decode_body (const char *type, const char *const *kv, const proto_taxonomy_t *tax,
               const char **field)
{
    const proto_type_t *t = proto_type_find (type, strlen (type));
    proto_header_t h;
    s_header (&h, t);
    uint32_t n = 0;
    while (kv [2 * n])
        n++;
    proto_writer_t w;
    proto_writer_init (&w);
    proto_envelope_begin (&w, &h, n);
    for (uint32_t i = 0; i < n; i++) {
        const char *key = kv [2 * i], *val = kv [2 * i + 1];
        proto_pack_key (&w, key);
        //  a value "#123" packs as uint, "?" / "!" as false / true, "@N" as N bytes of bin
        if (val [0] == '#')
            proto_pack_u64 (&w, strtoull (val + 1, NULL, 10));
        else
        if (val [0] == '?' || val [0] == '!')
            proto_pack_bool (&w, val [0] == '!');
        else
        if (val [0] == '@') {
            uint8_t bin [64] = { 0 };
            proto_pack_bin (&w, bin, strtoul (val + 1, NULL, 10));
        }
        else
            proto_pack_cstr (&w, val);
    }
    proto_envelope_t env;
    proto_result_t rc = proto_envelope_decode (&env, proto_writer_data (&w),
                                               proto_writer_size (&w), tax, field);
    proto_envelope_release (&env);
    proto_writer_destroy (&w);
    return rc;
}

#define BODY(type, tax, ...) \
    s_decode_body (type, (const char *const []) { __VA_ARGS__, NULL }, tax, &field)

static void
field_values (void)
{
    const char *field;
    //  the smallest valid bodies
    CHECK_INT (BODY ("ack", &s_tax, "upto", "#0"), PROTO_OK);
    CHECK_INT (BODY ("ack", &s_tax, "upto", "#4294967296"), PROTO_OK);    /* past 2^32 */
    CHECK_INT (BODY ("ack", &s_tax, "upto", "#9007199254740991"), PROTO_OK);
    CHECK_INT (BODY ("ack", &s_tax, "upto", "#9007199254740992"), PROTO_BAD_VALUE);
    CHECK_STR (field, "upto");
    CHECK_INT (BODY ("audit_since", &s_tax, "from", "#4294967296"), PROTO_OK);
    CHECK_INT (BODY ("audit_since", &s_tax, "from", "#9007199254740992"), PROTO_BAD_VALUE);
    CHECK_STR (field, "from");
    //  text: newlines allowed, empty or bad UTF-8 not
    CHECK_INT (BODY ("release", &s_tax, "note", ""), PROTO_BAD_VALUE);
    CHECK_STR (field, "note");
    CHECK_INT (BODY ("release", &s_tax, "note", "regel\nregel"), PROTO_BAD_VALUE);
    CHECK_INT (BODY ("release", &s_tax, "note", "\xc0\xaf"), PROTO_BAD_VALUE);
    CHECK_INT (BODY ("release", &s_tax, "note", "\xc2\x85"), PROTO_BAD_VALUE);
    CHECK_INT (BODY ("release", &s_tax, "note", "afgesloten"), PROTO_OK);
    CHECK_INT (BODY ("agreement", &s_tax, "owner", "team-noord", "action", "a\nb\tc",
                     "leefgebied", "werk", "due", "#1767225600000"), PROTO_OK);
    CHECK_INT (BODY ("agreement", &s_tax, "owner", "team-noord", "action", "a\r",
                     "leefgebied", "werk", "due", "#1767225600000"), PROTO_BAD_VALUE);
    CHECK_STR (field, "action");
    //  partner ids
    CHECK_INT (BODY ("consent_withdraw", &s_tax, "partner", "-team"), PROTO_BAD_VALUE);
    CHECK_INT (BODY ("consent_withdraw", &s_tax, "partner", "Team"), PROTO_BAD_VALUE);
    CHECK_INT (BODY ("consent_withdraw", &s_tax, "partner", ""), PROTO_BAD_VALUE);
    CHECK_INT (BODY ("consent_withdraw", &s_tax, "partner", "team_noord"), PROTO_BAD_VALUE);
    CHECK_INT (BODY ("consent_withdraw", &s_tax, "partner", "team-noord-2"), PROTO_OK);
    //  ids and references of the wrong size
    CHECK_INT (BODY ("agreement_accept", &s_tax, "agreement", "@15"), PROTO_BAD_VALUE);
    CHECK_STR (field, "agreement");
    CHECK_INT (BODY ("agreement_accept", &s_tax, "agreement", "@17"), PROTO_BAD_VALUE);
    CHECK_INT (BODY ("agreement_accept", &s_tax, "agreement", "@16"), PROTO_OK);
    CHECK_INT (BODY ("move", &s_tax, "address", "@31"), PROTO_BAD_VALUE);
    CHECK_INT (BODY ("move", &s_tax, "address", "@32"), PROTO_OK);
    //  times inside 2020..2100
    CHECK_INT (BODY ("consent", &s_tax, "partner", "ggd", "basis", "toestemming",
                     "from", "#1577836799999", "until", "#1767225600000"), PROTO_BAD_VALUE);
    CHECK_STR (field, "from");
    CHECK_INT (BODY ("consent", &s_tax, "partner", "ggd", "basis", "toestemming",
                     "from", "#1577836800000", "until", "#4102444800000"), PROTO_OK);
    CHECK_INT (BODY ("consent", &s_tax, "partner", "ggd", "basis", "toestemming",
                     "from", "#1577836800000", "until", "#4102444800001"), PROTO_BAD_VALUE);
    CHECK_STR (field, "until");
    //  unknown keys in a body are ignored
    CHECK_INT (BODY ("ack", &s_tax, "upto", "#1", "later", "iets"), PROTO_OK);
    //  a body key that is not a string
    proto_writer_t w;
    proto_writer_init (&w);
    proto_header_t h;
    s_header (&h, proto_type_find ("ack", 3));
    proto_envelope_begin (&w, &h, 2);
    proto_pack_kv_u64 (&w, "upto", 1);
    proto_pack_u64 (&w, 5);
    proto_pack_u64 (&w, 5);
    proto_envelope_t env;
    proto_result_t rc = proto_envelope_decode (&env, proto_writer_data (&w),
                                               proto_writer_size (&w), NULL, &field);
    proto_writer_destroy (&w);
    CHECK_INT (rc, PROTO_WRONG_TYPE);
    CHECK (!env.live);
}

static void
partner_lists (void)
{
    const char *field;
    proto_writer_t w;
    proto_writer_init (&w);
    proto_header_t h;
    s_header (&h, proto_type_find ("round", 5));
    static const char *const cases [][3] = {
        { "team-noord", "ggd", NULL },           /* ok                       */
        { "team-noord", "team-noord", NULL },    /* twice                    */
        { "team-noord", "Bad", NULL },           /* syntax                   */
        { NULL, NULL, NULL },                    /* empty                    */
    };
    static const proto_result_t want [] = {
        PROTO_OK, PROTO_BAD_VALUE, PROTO_BAD_VALUE, PROTO_BAD_VALUE, PROTO_WRONG_TYPE
    };
    for (int c = 0; c < 5; c++) {
        proto_envelope_begin (&w, &h, 2);
        proto_pack_kv_u64 (&w, "at", VEC_TS);
        proto_pack_key (&w, "invited");
        if (c < 4) {
            uint32_t n = 0;
            while (n < 3 && cases [c][n])
                n++;
            proto_pack_array (&w, n);
            for (uint32_t i = 0; i < n; i++)
                proto_pack_cstr (&w, cases [c][i]);
        }
        else {
            proto_pack_array (&w, 2);        /* an element of the wrong type */
            proto_pack_cstr (&w, "ggd");
            proto_pack_u64 (&w, 3);
        }
        proto_envelope_t env;
        proto_result_t rc = proto_envelope_decode (&env, proto_writer_data (&w),
                                                   proto_writer_size (&w), &s_tax, &field);
        proto_envelope_release (&env);
        if (rc != want [c] || (rc && strcmp (field, "invited") != 0)) {
            proto_writer_destroy (&w);
            CHECK_INT (rc, want [c]);
            CHECK_STR (field, "invited");
        }
    }
    proto_writer_destroy (&w);
}

static void
records (void)
{
    //  a notice whose partner record has a bad field, and one not a map
    const proto_type_t *t = proto_type_find ("notice", 6);
    proto_header_t h;
    s_header (&h, t);
    proto_writer_t w;
    proto_writer_init (&w);
    proto_result_t rc [3];
    const char *field [3];
    for (int c = 0; c < 3; c++) {
        proto_envelope_begin (&w, &h, 3);
        proto_pack_kv_cstr (&w, "kind", "match");
        proto_pack_kv_cstr (&w, "text", "Er is een match");
        proto_pack_key (&w, "partners");
        proto_pack_array (&w, 1);
        if (c == 2)
            proto_pack_cstr (&w, "ggd");
        else {
            proto_pack_map (&w, 2);
            proto_pack_kv_cstr (&w, "partner", "ggd");
            proto_pack_kv_cstr (&w, "name", c == 0 ? "GGD Regio" : "");
        }
        proto_envelope_t env;
        rc [c] = proto_envelope_decode (&env, proto_writer_data (&w), proto_writer_size (&w),
                                        &s_tax, &field [c]);
        proto_envelope_release (&env);
    }
    proto_writer_destroy (&w);
    CHECK_INT (rc [0], PROTO_OK);
    CHECK_INT (rc [1], PROTO_BAD_VALUE);
    CHECK_STR (field [1], "name");
    CHECK_INT (rc [2], PROTO_WRONG_TYPE);
    CHECK_STR (field [2], "partners");
}

static void
cross_field_rules (void)
{
    const char *field;
    //  signal: informed false needs a reason
    CHECK_INT (BODY ("signal", &s_tax, "leefgebied", "werk", "severity", "zorg",
                     "ground", "geweld", "informed", "?", "text", "t", "contact", "c"),
               PROTO_MISSING_FIELD);
    CHECK_STR (field, "not_informed_reason");
    CHECK_INT (BODY ("signal", &s_tax, "leefgebied", "werk", "severity", "zorg",
                     "ground", "geweld", "informed", "!", "text", "t", "contact", "c"),
               PROTO_OK);
    //  link: a person or an address
    CHECK_INT (BODY ("link", &s_tax, "note", "x"), PROTO_MISSING_FIELD);
    CHECK_STR (field, "person");
    CHECK_INT (BODY ("link", &s_tax, "address", "@32"), PROTO_OK);
    CHECK_INT (BODY ("link", &s_tax, "person", "@32"), PROTO_OK);
    //  unlink: a person or an address, and why
    CHECK_INT (BODY ("unlink", &s_tax, "note", "x"), PROTO_MISSING_FIELD);
    CHECK_STR (field, "person");
    CHECK_INT (BODY ("unlink", &s_tax, "person", "@32"), PROTO_MISSING_FIELD);
    CHECK_STR (field, "note");
    CHECK_INT (BODY ("unlink", &s_tax, "address", "@32", "note", "verkeerd adres"), PROTO_OK);
    //  agreement_status: stagnated needs a note
    CHECK_INT (BODY ("agreement_status", &s_tax, "agreement", "@16", "status", "stagnated"),
               PROTO_MISSING_FIELD);
    CHECK_STR (field, "note");
    CHECK_INT (BODY ("agreement_status", &s_tax, "agreement", "@16", "status", "stagnated",
                     "note", "wacht op schuldhulp"), PROTO_OK);
    CHECK_INT (BODY ("agreement_status", &s_tax, "agreement", "@16", "status", "done"),
               PROTO_OK);
    //  consent: until after from
    CHECK_INT (BODY ("consent", &s_tax, "partner", "ggd", "basis", "toestemming",
                     "from", "#1767225600000", "until", "#1767225600000"), PROTO_BAD_VALUE);
    CHECK_STR (field, "until");
    CHECK_INT (BODY ("consent", &s_tax, "partner", "ggd", "basis", "toestemming",
                     "from", "#1767225600000", "until", "#1767225600001"), PROTO_OK);
}

static void
signal_not_informed_with_reason (void)
{
    //  The one way to send a signal about a household that was not told:
    //  informed false and not_informed_reason (a 19-byte key). Regression:
    //  PROTO_MAX_KEY_BYTES was 16, and this signal could never be sent.
    const char *field;
    proto_result_t rc = BODY ("signal", &s_tax, "leefgebied", "werk", "severity", "acuut",
                              "ground", "geweld", "informed", "?",
                              "not_informed_reason", "gevaar voor de melder",
                              "text", "t", "contact", "c");
    CHECK_STR (proto_result_name (rc), "ok");
}

static void
terms_and_taxonomy (void)
{
    const char *field;
    CHECK_INT (BODY ("phase", &s_tax, "phase", "onbekend"), PROTO_NOT_IN_LIST);
    CHECK_STR (field, "phase");
    CHECK_INT (BODY ("phase", NULL, "phase", "onbekend"), PROTO_OK);
    CHECK_INT (BODY ("phase", &s_tax, "phase", "intake"), PROTO_OK);
    //  still a term's syntax without a taxonomy
    CHECK_INT (BODY ("phase", NULL, "phase", "a\nb"), PROTO_BAD_VALUE);
    CHECK_INT (BODY ("phase", NULL, "phase", ""), PROTO_BAD_VALUE);
    //  a signal whose leefgebied is not in the list
    CHECK_INT (BODY ("signal", &s_tax, "leefgebied", "ruimtevaart", "severity", "zorg",
                     "ground", "geweld", "informed", "!", "text", "t", "contact", "c"),
               PROTO_NOT_IN_LIST);
    CHECK_STR (field, "leefgebied");
    CHECK_INT (BODY ("signal", NULL, "leefgebied", "ruimtevaart", "severity", "zorg",
                     "ground", "geweld", "informed", "!", "text", "t", "contact", "c"),
               PROTO_OK);
    //  a network's own list replaces the default
    proto_taxonomy_t tax;
    char err [128];
    proto_taxonomy_defaults (&tax);
    int set = proto_taxonomy_set (&tax, PT_LEEFGEBIED, "wonen,geld", err, sizeof err);
    proto_result_t own = BODY ("agreement", &tax, "owner", "ggd", "action", "a",
                               "leefgebied", "geld", "due", "#1767225600000");
    proto_result_t old = BODY ("agreement", &tax, "owner", "ggd", "action", "a",
                               "leefgebied", "werk", "due", "#1767225600000");
    proto_taxonomy_clear (&tax);
    CHECK_INT (set, 0);
    CHECK_INT (own, PROTO_OK);
    CHECK_INT (old, PROTO_NOT_IN_LIST);
}

/* ---- hand-made headers -------------------------------------------------- */

enum { K_V, K_TYPE, K_ID, K_FROM, K_TS, K_SUBJECT, K_RE, K_BODY, K_COUNT };
static const char *s_keys [K_COUNT] = { "v", "type", "id", "from", "ts", "subject", "re", "body" };

typedef struct {
    int drop, dup;          /* key index, or -1                             */
    const char *extra;      /* an unknown key, or NULL                      */
    size_t pad;             /* with extra: a bin value of this size         */
    uint64_t v;
    const char *type;
    size_t id_len, from_len, re_len;
    uint64_t ts;
    const char *subject;    /* "p", "a", "pa", "", "pp", "px", "pax", "s", "P" (31 bytes) */
    bool wrong;             /* the key `wrong` below gets a str/uint instead */
    int wrong_key;
    bool root_array;
} raw_t;

static raw_t
s_raw (const char *type)
{
    raw_t r = { -1, -1, NULL, 0, PROTO_VERSION, type, PROTO_ID_BYTES, PROTO_PUBKEY_BYTES, 0,
                VEC_TS, NULL, false, -1, false };
    if (strcmp (type, "regiecheck") == 0)
        r.subject = "p";
    return r;
}

static void
s_raw_value (proto_writer_t *w, const raw_t *r, int k)
{
    uint8_t bytes [64];
    memset (bytes, 0x44, sizeof bytes);
    if (r->wrong && r->wrong_key == k) {
        if (k == K_V || k == K_TS)
            proto_pack_cstr (w, "1");
        else
            proto_pack_u64 (w, 1);
        return;
    }
    switch (k) {
        case K_V: proto_pack_u64 (w, r->v); break;
        case K_TYPE: proto_pack_cstr (w, r->type); break;
        case K_ID: proto_pack_bin (w, bytes, r->id_len); break;
        case K_FROM: proto_pack_bin (w, bytes, r->from_len); break;
        case K_TS: proto_pack_u64 (w, r->ts); break;
        case K_RE: proto_pack_bin (w, bytes, r->re_len); break;
        case K_SUBJECT: {
            const char *s = r->subject;
            if (strcmp (s, "s") == 0) {
                proto_pack_cstr (w, "person");
                break;
            }
            proto_pack_map (w, (uint32_t) strlen (s));
            for (const char *c = s; *c; c++) {
                proto_pack_key (w, *c == 'p' || *c == 'P' ? "person"
                                 : *c == 'a' ? "address" : "other");
                proto_pack_bin (w, bytes, *c == 'P' ? PROTO_REF_BYTES - 1 : PROTO_REF_BYTES);
            }
            break;
        }
        case K_BODY:
            if (strcmp (r->type, "ack") == 0) {
                proto_pack_map (w, 1);
                proto_pack_kv_u64 (w, "upto", 1);
            }
            else
                proto_pack_map (w, 0);
            break;
    }
}

static void
s_raw_pack (proto_writer_t *w, const raw_t *r)
{
    bool present [K_COUNT];
    uint32_t n = 0;
    for (int k = 0; k < K_COUNT; k++) {
        present [k] = k != r->drop && (k != K_SUBJECT || r->subject) && (k != K_RE || r->re_len);
        n += present [k] + (k == r->dup);
    }
    n += r->extra ? 1 : 0;
    proto_writer_reset (w);
    if (r->root_array)
        proto_pack_array (w, n);
    else
        proto_pack_map (w, n);
    if (r->extra) {
        proto_pack_key (w, r->extra);
        uint8_t *pad = calloc (1, r->pad + 1);
        proto_pack_bin (w, pad, r->pad);
        free (pad);
    }
    for (int k = 0; k < K_COUNT; k++)
        for (int times = 0; present [k] && times < 1 + (k == r->dup); times++) {
            if (!r->root_array)
                proto_pack_key (w, s_keys [k]);
            s_raw_value (w, r, k);
        }
}

static proto_result_t
s_raw_decode (const raw_t *r, const char **field, proto_envelope_t *out)
{
    proto_writer_t w;
    proto_writer_init (&w);
    s_raw_pack (&w, r);
    proto_envelope_t env;
    proto_result_t rc = proto_envelope_decode (&env, proto_writer_data (&w),
                                               proto_writer_size (&w), &s_tax, field);
    if (out) {
        *out = env;
        out->bytes = NULL;      /* the frame is gone; flags and copies stay */
        out->live = false;
    }
    proto_envelope_release (&env);
    proto_writer_destroy (&w);
    return rc;
}

#define RAW(r) s_raw_decode (&(r), &field, NULL)

static void
header_fields (void)
{
    const char *field = "unset";
    raw_t r = s_raw ("ack");
    CHECK_INT (RAW (r), PROTO_OK);
    CHECK (field == NULL);
    r = s_raw ("regiecheck");
    CHECK_INT (RAW (r), PROTO_OK);
    //  each mandatory key missing
    static const int required [] = { K_V, K_TYPE, K_ID, K_FROM, K_TS, K_BODY };
    for (size_t i = 0; i < sizeof required / sizeof required [0]; i++) {
        r = s_raw ("ack");
        r.drop = required [i];
        CHECK_INT (RAW (r), PROTO_MISSING_FIELD);
        CHECK_STR (field, s_keys [required [i]]);
    }
    //  each key twice
    for (int k = 0; k < K_COUNT; k++) {
        r = s_raw ("regiecheck");
        r.re_len = PROTO_ID_BYTES;
        r.dup = k;
        CHECK_INT (RAW (r), PROTO_DUPLICATE_KEY);
    }
    //  each key of the wrong type
    for (int k = 0; k < K_COUNT; k++) {
        r = s_raw ("regiecheck");
        r.re_len = PROTO_ID_BYTES;
        r.wrong = true;
        r.wrong_key = k;
        CHECK_INT (RAW (r), PROTO_WRONG_TYPE);
        CHECK_STR (field, s_keys [k]);
    }
    //  unknown keys are ignored, but still bounded
    r = s_raw ("ack");
    r.extra = "later";
    CHECK_INT (RAW (r), PROTO_OK);
    char key [PROTO_MAX_KEY_BYTES + 2];
    memset (key, 'k', sizeof key);
    key [PROTO_MAX_KEY_BYTES] = 0;
    r.extra = key;
    CHECK_INT (RAW (r), PROTO_OK);
    key [PROTO_MAX_KEY_BYTES] = 'k';
    key [PROTO_MAX_KEY_BYTES + 1] = 0;
    CHECK_INT (RAW (r), PROTO_FIELD_TOO_LONG);
    //  the root is a map
    r = s_raw ("ack");
    r.root_array = true;
    CHECK_INT (RAW (r), PROTO_WRONG_TYPE);
}

static void
header_values (void)
{
    const char *field;
    raw_t r = s_raw ("ack");
    r.v = PROTO_VERSION + 1;
    CHECK_INT (RAW (r), PROTO_BAD_VERSION);
    r.v = PROTO_VERSION - 1;            /* version 1 wrote the hub's prose   */
    CHECK_INT (RAW (r), PROTO_BAD_VERSION);
    CHECK_STR (field, "v");
    r.v = 0;
    CHECK_INT (RAW (r), PROTO_BAD_VERSION);
    r = s_raw ("ack");
    r.type = "no_such_type";
    CHECK_INT (RAW (r), PROTO_UNKNOWN_TYPE);
    CHECK_STR (field, "type");
    r.type = "";
    CHECK_INT (RAW (r), PROTO_UNKNOWN_TYPE);
    r.type = "acknowledgement_of_rcpt";     /* 23 bytes */
    CHECK_INT (RAW (r), PROTO_UNKNOWN_TYPE);
    r.type = "acknowledgement_of_receipt";  /* 26 bytes */
    CHECK_INT (RAW (r), PROTO_FIELD_TOO_LONG);
    CHECK_STR (field, "type");
    r = s_raw ("ack");
    r.id_len = 15;
    CHECK_INT (RAW (r), PROTO_BAD_VALUE);
    CHECK_STR (field, "id");
    r.id_len = 17;
    CHECK_INT (RAW (r), PROTO_BAD_VALUE);
    r = s_raw ("ack");
    r.from_len = 31;
    CHECK_INT (RAW (r), PROTO_BAD_VALUE);
    CHECK_STR (field, "from");
    r = s_raw ("ack");
    r.ts = PROTO_TIME_MIN_MS - 1;
    CHECK_INT (RAW (r), PROTO_BAD_VALUE);
    CHECK_STR (field, "ts");
    r.ts = 0;
    CHECK_INT (RAW (r), PROTO_BAD_VALUE);
    r.ts = PROTO_TIME_MAX_MS + 1;
    CHECK_INT (RAW (r), PROTO_BAD_VALUE);
    r.ts = PROTO_TIME_MIN_MS;
    CHECK_INT (RAW (r), PROTO_OK);
    r.ts = PROTO_TIME_MAX_MS;
    CHECK_INT (RAW (r), PROTO_OK);
    r = s_raw ("ack");
    r.re_len = 15;
    CHECK_INT (RAW (r), PROTO_BAD_VALUE);
    CHECK_STR (field, "re");
    r.re_len = PROTO_ID_BYTES;
    proto_envelope_t env;
    CHECK_INT (s_raw_decode (&r, &field, &env), PROTO_OK);
    CHECK (env.has_re && env.re [0] == 0x44 && env.re [15] == 0x44);
}

static void
subjects (void)
{
    const char *field;
    proto_envelope_t env;
    //  a type with a subject, without one
    raw_t r = s_raw ("regiecheck");
    r.subject = NULL;
    CHECK_INT (RAW (r), PROTO_MISSING_FIELD);
    CHECK_STR (field, "subject");
    r.subject = "";
    CHECK_INT (RAW (r), PROTO_MISSING_FIELD);
    CHECK_STR (field, "subject");
    r.subject = "a";
    CHECK_INT (s_raw_decode (&r, &field, &env), PROTO_OK);
    CHECK (!env.has_person && env.has_address && env.address [0] == 0x44);
    r.subject = "pa";
    CHECK_INT (s_raw_decode (&r, &field, &env), PROTO_OK);
    CHECK (env.has_person && env.has_address);
    r.subject = "pp";
    CHECK_INT (RAW (r), PROTO_DUPLICATE_KEY);
    r.subject = "aa";
    CHECK_INT (RAW (r), PROTO_DUPLICATE_KEY);
    r.subject = "pax";
    CHECK_INT (RAW (r), PROTO_TOO_MANY);
    r.subject = "px";
    CHECK_INT (RAW (r), PROTO_BAD_VALUE);
    r.subject = "P";
    CHECK_INT (RAW (r), PROTO_BAD_VALUE);
    CHECK_STR (field, "subject.person");
    r.subject = "s";
    CHECK_INT (RAW (r), PROTO_WRONG_TYPE);
    CHECK_STR (field, "subject");
    //  optional for a type without a subject
    r = s_raw ("ack");
    r.subject = "p";
    CHECK_INT (s_raw_decode (&r, &field, &env), PROTO_OK);
    CHECK (env.has_person);
}

static void
frame_size_limit (void)
{
    //  pad an ack with an unknown key to exactly the limit, then one more
    const char *field;
    raw_t r = s_raw ("ack");
    r.extra = "pad";
    proto_writer_t w;
    proto_writer_init (&w);
    s_raw_pack (&w, &r);
    size_t base = proto_writer_size (&w);
    r.pad = PROTO_MAX_ENVELOPE_BYTES - base;
    for (int i = 0; i < 4; i++) {
        s_raw_pack (&w, &r);
        r.pad += PROTO_MAX_ENVELOPE_BYTES - proto_writer_size (&w);
    }
    s_raw_pack (&w, &r);
    size_t at = proto_writer_size (&w);
    proto_writer_destroy (&w);
    CHECK_INT (at, PROTO_MAX_ENVELOPE_BYTES);
    CHECK_INT (RAW (r), PROTO_OK);
    r.pad++;
    CHECK_INT (RAW (r), PROTO_TOO_BIG);
    CHECK (field == NULL);
    //  the size comes first: any bytes at all
    uint8_t *junk = calloc (1, PROTO_MAX_ENVELOPE_BYTES + 1);
    proto_envelope_t env;
    proto_result_t rc = proto_envelope_decode (&env, junk, PROTO_MAX_ENVELOPE_BYTES + 1,
                                               NULL, NULL);
    free (junk);
    CHECK_INT (rc, PROTO_TOO_BIG);
}

static void
structure_errors_reach_the_caller (void)
{
    vec_key_t partner, hub;
    vec_keys (&partner, &hub);
    proto_writer_t w;
    proto_writer_init (&w);
    vec_envelope (&w, 0, partner.pk);
    proto_envelope_t env;
    const char *field = "unset";
    proto_result_t trunc = proto_envelope_decode (&env, proto_writer_data (&w),
                                                  proto_writer_size (&w) - 1, NULL, &field);
    const char *tfield = field;
    msgpack_pack_nil (&w.pk);
    proto_result_t trail = proto_envelope_decode (&env, proto_writer_data (&w),
                                                  proto_writer_size (&w), NULL, &field);
    proto_result_t empty = proto_envelope_decode (&env, proto_writer_data (&w), 0, NULL, NULL);
    proto_writer_destroy (&w);
    CHECK_INT (trunc, PROTO_MALFORMED);
    CHECK (tfield == NULL);
    CHECK_INT (trail, PROTO_TRAILING);
    CHECK_INT (empty, PROTO_MALFORMED);
    CHECK (!env.live);
    proto_envelope_release (&env);
}

/*  Runs fn in a child process, so that a sanitizer abort (UBSan built with
    -fno-sanitize-recover, as make check-asan does) fails this test alone.
    fn's exit code (UBSan exits with 1), or -1 when the child died.         */
static int
s_in_child (int (*fn) (void))
{
    fflush (stdout);
    fflush (stderr);
    pid_t pid = fork ();
    if (pid == 0)
        _exit (fn ());
    int status = 0;
    if (pid < 0 || waitpid (pid, &status, 0) != pid)
        return -1;
    return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

static int
s_empty_keys (void)
{
    //  msgpack-c gives an empty str a NULL pointer; comparing two empty keys
    //  must not call memcmp (NULL, NULL, 0), which is undefined behaviour
    const char *field;
    proto_envelope_t env;
    proto_writer_t w;
    proto_writer_init (&w);
    int bad = 0;
    //  the top map: two empty keys
    proto_pack_map (&w, 2);
    proto_pack_kv_u64 (&w, "", 1);
    proto_pack_kv_u64 (&w, "", 2);
    if (proto_envelope_decode (&env, proto_writer_data (&w), proto_writer_size (&w),
                               NULL, &field) != PROTO_DUPLICATE_KEY)
        bad = 11;
    //  the body: {"upto": 1, "": "a", "": "b"}
    proto_header_t h;
    s_header (&h, proto_type_find ("ack", 3));
    proto_envelope_begin (&w, &h, 3);
    proto_pack_kv_u64 (&w, "upto", 1);
    proto_pack_kv_cstr (&w, "", "a");
    proto_pack_kv_cstr (&w, "", "b");
    if (proto_envelope_decode (&env, proto_writer_data (&w), proto_writer_size (&w),
                               NULL, &field) != PROTO_DUPLICATE_KEY)
        bad = 12;
    //  the subject: {"": bin 32, "": bin 32}
    s_header (&h, proto_type_find ("regiecheck", 10));
    h.person = NULL;
    proto_writer_reset (&w);
    proto_pack_map (&w, 7);
    proto_pack_kv_u64 (&w, "v", PROTO_VERSION);
    proto_pack_kv_cstr (&w, "type", "regiecheck");
    proto_pack_kv_bin (&w, "id", h.id, PROTO_ID_BYTES);
    proto_pack_kv_bin (&w, "from", h.from, PROTO_PUBKEY_BYTES);
    proto_pack_kv_u64 (&w, "ts", h.ts);
    proto_pack_key (&w, "subject");
    proto_pack_map (&w, 2);
    proto_pack_kv_bin (&w, "", s_person, PROTO_REF_BYTES);
    proto_pack_kv_bin (&w, "", s_person, PROTO_REF_BYTES);
    proto_pack_key (&w, "body");
    proto_pack_map (&w, 0);
    if (proto_envelope_decode (&env, proto_writer_data (&w), proto_writer_size (&w),
                               NULL, &field) != PROTO_DUPLICATE_KEY)
        bad = 13;
    proto_writer_destroy (&w);
    return bad;
}

static void
empty_keys_are_safe (void)
{
    //  Same defect as link/empty_strings_are_safe (found by fuzz_link), in
    //  proto_envelope.c (header keys) and proto_types.c (body keys).
    CHECK_INT (s_in_child (s_empty_keys), 0);
}

/* ---- the pinned vectors ------------------------------------------------- */

static void
pinned_vectors (void)
{
    vec_file_t vf;
    CHECK (vec_file_load (&vf, "tests/vectors/envelopes.txt") == 0);
    vec_key_t partner, hub;
    vec_keys (&partner, &hub);
    const vec_entry_t *pk = vec_get (&vf, "partner_pk");
    const vec_entry_t *hpk = vec_get (&vf, "hub_pk");
    bool keys = pk && pk->len == 32 && memcmp (pk->bytes, partner.pk, 32) == 0
             && hpk && hpk->len == 32 && memcmp (hpk->bytes, hub.pk, 32) == 0;
    proto_writer_t w;
    proto_writer_init (&w);
    char what [160] = "";
    for (int i = 0; i < VEC_ENVELOPES && !what [0]; i++) {
        char name [64];
        snprintf (name, sizeof name, "%s_envelope", vec_names [i]);
        const vec_entry_t *env_v = vec_get (&vf, name);
        snprintf (name, sizeof name, "%s_signature", vec_names [i]);
        const vec_entry_t *sig_v = vec_get (&vf, name);
        snprintf (name, sizeof name, "%s_digest", vec_names [i]);
        const vec_entry_t *dig_v = vec_get (&vf, name);
        if (!env_v || !sig_v || !dig_v) {
            snprintf (what, sizeof what, "%s: missing from the file", vec_names [i]);
            break;
        }
        //  the encoder still writes the same bytes
        vec_envelope (&w, i, partner.pk);
        uint8_t sig [PROTO_SIGNATURE_BYTES], digest [PROTO_DIGEST_BYTES];
        crypto_sign_detached (sig, NULL, proto_writer_data (&w), proto_writer_size (&w),
                              partner.sk);
        proto_digest (digest, proto_writer_data (&w), proto_writer_size (&w));
        if (env_v->len != proto_writer_size (&w)
        ||  memcmp (env_v->bytes, proto_writer_data (&w), env_v->len) != 0)
            snprintf (what, sizeof what, "%s: encoded bytes differ", vec_names [i]);
        else
        if (sig_v->len != sizeof sig || memcmp (sig_v->bytes, sig, sizeof sig) != 0)
            snprintf (what, sizeof what, "%s: signature differs", vec_names [i]);
        else
        if (dig_v->len != sizeof digest || memcmp (dig_v->bytes, digest, sizeof digest) != 0)
            snprintf (what, sizeof what, "%s: digest differs", vec_names [i]);
        if (what [0])
            break;
        //  the pinned bytes decode, and their signature verifies as they are
        proto_envelope_t env;
        const char *field;
        proto_result_t rc = proto_envelope_decode (&env, env_v->bytes, env_v->len, &s_tax,
                                                   &field);
        bool fine = rc == PROTO_OK && strcmp (env.type->name, vec_names [i]) == 0
                 && env.ts == VEC_TS && env.id [0] == i + 1
                 && memcmp (env.from, pk->bytes, 32) == 0
                 && proto_verify (sig_v->bytes, env_v->bytes, env_v->len, env.from) == 0;
        proto_envelope_release (&env);
        if (!fine)
            snprintf (what, sizeof what, "%s: pinned bytes do not decode or verify (%s)",
                      vec_names [i], proto_result_name (rc));
    }
    //  the hub's notice: the encoder writes it, the hub's key signed it, and
    //  it decodes to a kind with its arguments and no text
    const vec_entry_t *nenv = vec_get (&vf, "notice_envelope");
    const vec_entry_t *nsig = vec_get (&vf, "notice_signature");
    if (!what [0] && (!nenv || !nsig))
        snprintf (what, sizeof what, "notice: missing from the file");
    if (!what [0]) {
        vec_notice (&w, hub.pk);
        proto_envelope_t env;
        const char *field;
        bool same = nenv->len == proto_writer_size (&w)
                 && memcmp (nenv->bytes, proto_writer_data (&w), nenv->len) == 0;
        proto_result_t rc = proto_envelope_decode (&env, nenv->bytes, nenv->len, &s_tax, &field);
        uint64_t count = 0;
        char kind [32] = "";
        bool fine = rc == PROTO_OK && proto_env_u64 (&env, "count", &count) && count == 2
                 && proto_env_cstr (&env, "kind", kind, sizeof kind) && strcmp (kind, "match") == 0
                 && !proto_env_field (&env, "text")
                 && proto_verify (nsig->bytes, nenv->bytes, nenv->len, hpk->bytes) == 0;
        if (rc == PROTO_OK)
            proto_envelope_release (&env);
        if (!same || !fine)
            snprintf (what, sizeof what, "notice: %s (%s)", same ? "does not decode or verify"
                      : "encoded bytes differ", proto_result_name (rc));
    }
    proto_writer_destroy (&w);
    vec_file_free (&vf);
    CHECK (keys);
    if (what [0])
        test_fail (__FILE__, __LINE__, what);
}

static void
setup (void)
{
    proto_init ();
    proto_taxonomy_defaults (&s_tax);
    memset (s_person, 0xaa, sizeof s_person);
    memset (s_re, 0x66, sizeof s_re);
}

void
suite_envelope (void)
{
    setup ();
    TEST_RUN ("envelope", round_trip_required_fields);
    TEST_RUN ("envelope", round_trip_all_fields);
    TEST_RUN ("envelope", missing_required_fields);
    TEST_RUN ("envelope", wrong_type_every_field);
    TEST_RUN ("envelope", limits_every_field);
    TEST_RUN ("envelope", field_values);
    TEST_RUN ("envelope", partner_lists);
    TEST_RUN ("envelope", records);
    TEST_RUN ("envelope", cross_field_rules);
    TEST_RUN ("envelope", signal_not_informed_with_reason);
    TEST_RUN ("envelope", terms_and_taxonomy);
    TEST_RUN ("envelope", header_fields);
    TEST_RUN ("envelope", header_values);
    TEST_RUN ("envelope", subjects);
    TEST_RUN ("envelope", frame_size_limit);
    TEST_RUN ("envelope", structure_errors_reach_the_caller);
    TEST_RUN ("envelope", empty_keys_are_safe);
    TEST_RUN ("envelope", pinned_vectors);
    proto_taxonomy_clear (&s_tax);
}
