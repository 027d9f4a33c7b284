/*  proto_args.c - the typed arguments of a refusal or a note (proto_args.h). */
#include "proto_args.h"
#include "proto_identity.h"
#include <assert.h>
#include <stdio.h>
#include <string.h>

typedef struct {
    const char *name;
    proto_arg_kind_t kind;
} arg_def_t;

static const arg_def_t s_defs [PROTO_ARG_KEYS] = {
    [PROTO_ARG_PARTNER]     = { "partner",      PROTO_ARGK_PARTNER },
    [PROTO_ARG_NAME]        = { "name",         PROTO_ARGK_NAME },
    [PROTO_ARG_CONTACT]     = { "contact",      PROTO_ARGK_CONTACT },
    [PROTO_ARG_TEAM]        = { "team",         PROTO_ARGK_PARTNER },
    [PROTO_ARG_CASEMANAGER] = { "casemanager",  PROTO_ARGK_PARTNER },
    [PROTO_ARG_SINCE]       = { "since",        PROTO_ARGK_TIME },
    [PROTO_ARG_DUE]         = { "due",          PROTO_ARGK_TIME },
    [PROTO_ARG_UNTIL]       = { "until",        PROTO_ARGK_TIME },
    [PROTO_ARG_AT]          = { "at",           PROTO_ARGK_TIME },
    [PROTO_ARG_COUNT]       = { "count",        PROTO_ARGK_COUNT },
    [PROTO_ARG_NUMBER]      = { "number",       PROTO_ARGK_COUNT },
    [PROTO_ARG_DAYS]        = { "days",         PROTO_ARGK_COUNT },
    [PROTO_ARG_SECONDS]     = { "seconds",      PROTO_ARGK_COUNT },
    [PROTO_ARG_STATUS]      = { "status",       PROTO_ARGK_TERM },
    [PROTO_ARG_PHASE]       = { "phase",        PROTO_ARGK_TERM },
    [PROTO_ARG_FROM_PHASE]  = { "from_phase",   PROTO_ARGK_TERM },
    [PROTO_ARG_BASIS]       = { "basis",        PROTO_ARGK_TERM },
    [PROTO_ARG_OUTCOME]     = { "outcome",      PROTO_ARGK_TERM },
    [PROTO_ARG_REF]         = { "ref",          PROTO_ARGK_TERM },
    [PROTO_ARG_TYPE]        = { "type",         PROTO_ARGK_TERM },
    [PROTO_ARG_FIELD]       = { "field",        PROTO_ARGK_FIELD },
    [PROTO_ARG_ROLES]       = { "roles",        PROTO_ARGK_LINE },
};

/*  The largest str of a kind (0: not a str kind).                           */
static size_t
s_max (proto_arg_kind_t kind)
{
    switch (kind) {
        case PROTO_ARGK_PARTNER: return PROTO_MAX_PARTNER_ID_BYTES;
        case PROTO_ARGK_NAME:    return PROTO_MAX_NAME_BYTES;
        case PROTO_ARGK_CONTACT: return PROTO_MAX_CONTACT_BYTES;
        case PROTO_ARGK_TERM:    return PROTO_MAX_TAXON_BYTES;
        case PROTO_ARGK_FIELD:   return PROTO_MAX_FIELD_BYTES;
        case PROTO_ARGK_LINE:    return PROTO_MAX_NAME_BYTES;
        default:                 return 0;
    }
}

const char *
proto_arg_name (proto_arg_key_t key)
{
    return (unsigned) key < PROTO_ARG_KEYS ? s_defs [key].name : NULL;
}

proto_arg_kind_t
proto_arg_kind (proto_arg_key_t key)
{
    return (unsigned) key < PROTO_ARG_KEYS ? s_defs [key].kind : PROTO_ARGK_LINE;
}

int
proto_arg_lookup (const char *name, size_t len)
{
    for (int i = 0; i < PROTO_ARG_KEYS; i++)
        if (strlen (s_defs [i].name) == len && memcmp (s_defs [i].name, name, len) == 0)
            return i;
    return -1;
}

void
proto_args_init (proto_args_t *args)
{
    memset (args, 0, sizeof *args);
}

static int
s_find (const proto_args_t *args, proto_arg_key_t key)
{
    for (int i = 0; i < args->count; i++)
        if (args->key [i] == key)
            return i;
    return -1;
}

int
proto_args_str (proto_args_t *args, proto_arg_key_t key, const char *value)
{
    size_t max = s_max (proto_arg_kind (key));
    assert ((unsigned) key < PROTO_ARG_KEYS && max > 0);
    if (!value || !*value)
        return 0;
    if (args->count >= PROTO_ARGS_MAX || s_find (args, key) >= 0)
        return -1;
    char text [PROTO_MAX_CONTACT_BYTES + 1];
    snprintf (text, sizeof text, "%s", value);
    proto_utf8_truncate (text, max);
    for (char *p = text; *p; p++)
        if ((unsigned char) *p < 0x20 || *p == 0x7f)
            *p = ' ';
    size_t len = strlen (text);
    if (proto_arg_kind (key) == PROTO_ARGK_PARTNER && proto_partner_id_valid (text, len) != 1)
        return -1;
    if (args->used + len + 1 > sizeof args->pool)
        return -1;
    memcpy (args->pool + args->used, text, len + 1);
    args->key [args->count] = (uint8_t) key;
    args->off [args->count] = args->used;
    args->used = (uint16_t) (args->used + len + 1);
    args->count++;
    return 0;
}

int
proto_args_uint (proto_args_t *args, proto_arg_key_t key, uint64_t value)
{
    proto_arg_kind_t kind = proto_arg_kind (key);
    assert ((unsigned) key < PROTO_ARG_KEYS
            && (kind == PROTO_ARGK_TIME || kind == PROTO_ARGK_COUNT));
    if (args->count >= PROTO_ARGS_MAX || s_find (args, key) >= 0)
        return -1;
    if (kind == PROTO_ARGK_TIME)
        value = value < PROTO_TIME_MIN_MS ? PROTO_TIME_MIN_MS
              : value > PROTO_TIME_MAX_MS ? PROTO_TIME_MAX_MS : value;
    else
    if (value > PROTO_MAX_NOTICE_COUNT)
        value = PROTO_MAX_NOTICE_COUNT;
    args->key [args->count] = (uint8_t) key;
    args->num [args->count] = value;
    args->count++;
    return 0;
}

const char *
proto_args_get_str (const proto_args_t *args, proto_arg_key_t key)
{
    int i = s_find (args, key);
    return i >= 0 && s_max (proto_arg_kind (key)) ? args->pool + args->off [i] : NULL;
}

bool
proto_args_get_uint (const proto_args_t *args, proto_arg_key_t key, uint64_t *value)
{
    int i = s_find (args, key);
    if (i < 0 || s_max (proto_arg_kind (key)))
        return false;
    *value = args->num [i];
    return true;
}

void
proto_args_pack (proto_writer_t *w, const proto_args_t *args)
{
    proto_pack_map (w, args->count);
    for (int i = 0; i < args->count; i++) {
        proto_arg_key_t key = (proto_arg_key_t) args->key [i];
        if (s_max (proto_arg_kind (key)))
            proto_pack_kv_cstr (w, proto_arg_name (key), args->pool + args->off [i]);
        else
            proto_pack_kv_u64 (w, proto_arg_name (key), args->num [i]);
    }
}

size_t
proto_args_packed_size (const proto_args_t *args)
{
    proto_writer_t w;
    proto_writer_init (&w);
    proto_args_pack (&w, args);
    size_t size = proto_writer_size (&w);
    proto_writer_destroy (&w);
    return size;
}

proto_result_t
proto_args_decode (proto_args_t *args, const msgpack_object *obj, const char **field,
                   size_t *field_len)
{
    proto_args_init (args);
    const char *dummy;
    size_t dummy_len;
    if (!field)
        field = &dummy;
    if (!field_len)
        field_len = &dummy_len;
    *field = "args";
    *field_len = 4;
    if (!obj || obj->type != MSGPACK_OBJECT_MAP)
        return PROTO_WRONG_TYPE;
    if (obj->via.map.size > PROTO_ARGS_MAX)
        return PROTO_TOO_MANY;
    for (uint32_t i = 0; i < obj->via.map.size; i++) {
        const msgpack_object *k = &obj->via.map.ptr [i].key;
        const msgpack_object *v = &obj->via.map.ptr [i].val;
        if (k->type != MSGPACK_OBJECT_STR)
            return PROTO_WRONG_TYPE;
        int key = proto_arg_lookup (k->via.str.ptr, k->via.str.size);
        if (key < 0)
            return PROTO_NOT_IN_LIST;
        *field = proto_arg_name ((proto_arg_key_t) key);
        *field_len = strlen (*field);
        if (s_find (args, (proto_arg_key_t) key) >= 0)
            return PROTO_DUPLICATE_KEY;
        proto_arg_kind_t kind = proto_arg_kind ((proto_arg_key_t) key);
        size_t max = s_max (kind);
        if (max) {
            if (v->type != MSGPACK_OBJECT_STR)
                return PROTO_WRONG_TYPE;
            size_t len = v->via.str.size;
            if (len > max)
                return PROTO_FIELD_TOO_LONG;
            if (len == 0 || !proto_utf8_valid ((const uint8_t *) v->via.str.ptr, len, false))
                return PROTO_BAD_VALUE;
            if (kind == PROTO_ARGK_PARTNER && proto_partner_id_valid (v->via.str.ptr, len) != 1)
                return PROTO_BAD_VALUE;
            if (args->used + len + 1 > sizeof args->pool)
                return PROTO_TOO_BIG;
            memcpy (args->pool + args->used, v->via.str.ptr, len);
            args->pool [args->used + len] = '\0';
            args->off [args->count] = args->used;
            args->used = (uint16_t) (args->used + len + 1);
        }
        else {
            if (v->type != MSGPACK_OBJECT_POSITIVE_INTEGER)
                return PROTO_WRONG_TYPE;
            uint64_t n = v->via.u64;
            if (kind == PROTO_ARGK_TIME ? (n < PROTO_TIME_MIN_MS || n > PROTO_TIME_MAX_MS)
                                        : n > PROTO_MAX_NOTICE_COUNT)
                return PROTO_BAD_VALUE;
            args->num [args->count] = n;
        }
        args->key [args->count] = (uint8_t) key;
        args->count++;
    }
    return PROTO_OK;
}

/*  Appends s as a JSON string.                                              */
static int
s_json_str (char *out, size_t outlen, size_t *len, const char *s)
{
    if (*len + 1 >= outlen)
        return -1;
    out [(*len)++] = '"';
    for (const char *p = s; *p; p++) {
        if (*len + 3 >= outlen)
            return -1;
        if (*p == '"' || *p == '\\')
            out [(*len)++] = '\\';
        out [(*len)++] = *p;
    }
    out [(*len)++] = '"';
    out [*len] = '\0';
    return 0;
}

int
proto_args_json (const proto_args_t *args, char *out, size_t outlen)
{
    size_t len = 0;
    if (outlen < 3)
        return -1;
    out [len++] = '{';
    out [len] = '\0';
    for (int i = 0; i < args->count; i++) {
        proto_arg_key_t key = (proto_arg_key_t) args->key [i];
        if (i > 0) {
            if (len + 2 >= outlen)
                return -1;
            out [len++] = ',';
        }
        if (s_json_str (out, outlen, &len, proto_arg_name (key)) != 0 || len + 2 >= outlen)
            return -1;
        out [len++] = ':';
        out [len] = '\0';
        if (s_max (proto_arg_kind (key))) {
            if (s_json_str (out, outlen, &len, args->pool + args->off [i]) != 0)
                return -1;
        }
        else {
            int n = snprintf (out + len, outlen - len, "%llu", (unsigned long long) args->num [i]);
            if (n < 0 || (size_t) n >= outlen - len)
                return -1;
            len += (size_t) n;
        }
    }
    if (len + 2 > outlen)
        return -1;
    out [len++] = '}';
    out [len] = '\0';
    return (int) len;
}
