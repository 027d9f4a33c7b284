/*  proto_envelope.c - encoding and hostile-input decoding of envelopes.
    See proto_envelope.h and PROTOCOL.md, "Envelope".                        */
#include "proto_envelope.h"
#include <string.h>

void
proto_envelope_begin (proto_writer_t *w, const proto_header_t *h, uint32_t body_fields)
{
    uint32_t n = 6 + (h->person || h->address ? 1 : 0) + (h->re ? 1 : 0);
    proto_writer_reset (w);
    proto_pack_map (w, n);
    proto_pack_kv_u64 (w, "v", PROTO_VERSION);
    proto_pack_kv_cstr (w, "type", h->type);
    proto_pack_kv_bin (w, "id", h->id, PROTO_ID_BYTES);
    proto_pack_kv_bin (w, "from", h->from, PROTO_PUBKEY_BYTES);
    proto_pack_kv_u64 (w, "ts", h->ts);
    if (h->person || h->address) {
        proto_pack_key (w, "subject");
        proto_pack_map (w, (h->person ? 1 : 0) + (h->address ? 1 : 0));
        if (h->person)
            proto_pack_kv_bin (w, "person", h->person, PROTO_REF_BYTES);
        if (h->address)
            proto_pack_kv_bin (w, "address", h->address, PROTO_REF_BYTES);
    }
    if (h->re)
        proto_pack_kv_bin (w, "re", h->re, PROTO_ID_BYTES);
    proto_pack_key (w, "body");
    proto_pack_map (w, body_fields);
}

static proto_result_t
s_bin_exact (const msgpack_object *v, uint8_t *out, size_t len)
{
    if (v->type != MSGPACK_OBJECT_BIN)
        return PROTO_WRONG_TYPE;
    if (v->via.bin.size != len)
        return PROTO_BAD_VALUE;
    memcpy (out, v->via.bin.ptr, len);
    return PROTO_OK;
}

/*  The header: every key known, unique, of its type.                        */
static proto_result_t
s_header_decode (proto_envelope_t *env, const msgpack_object *root, const char **field)
{
    static const char *known [] = { "v", "type", "id", "from", "ts", "subject", "re", "body" };
    const msgpack_object *seen [8] = { NULL };
    proto_result_t rc;

    if (root->type != MSGPACK_OBJECT_MAP)
        return PROTO_WRONG_TYPE;
    for (uint32_t i = 0; i < root->via.map.size; i++) {
        const msgpack_object_kv *kv = &root->via.map.ptr [i];
        if (kv->key.type != MSGPACK_OBJECT_STR)
            return PROTO_WRONG_TYPE;
        if (kv->key.via.str.size > PROTO_MAX_KEY_BYTES)
            return PROTO_FIELD_TOO_LONG;
        for (uint32_t j = 0; j < i; j++)
            if (proto_obj_str_eq (&kv->key, &root->via.map.ptr [j].key))
                return PROTO_DUPLICATE_KEY;
        for (int k = 0; k < 8; k++)
            if (proto_obj_key_is (&kv->key, known [k]))
                seen [k] = &kv->val;
        /* other keys: ignored, for forward compatibility */
    }
    for (int k = 0; k < 8; k++) {
        *field = known [k];
        if (!seen [k] && k != 5 && k != 6)
            return PROTO_MISSING_FIELD;
    }
    *field = "v";
    if (seen [0]->type != MSGPACK_OBJECT_POSITIVE_INTEGER)
        return PROTO_WRONG_TYPE;
    if (seen [0]->via.u64 != PROTO_VERSION)
        return PROTO_BAD_VERSION;

    *field = "type";
    if (seen [1]->type != MSGPACK_OBJECT_STR)
        return PROTO_WRONG_TYPE;
    if (seen [1]->via.str.size > PROTO_MAX_TYPE_BYTES)
        return PROTO_FIELD_TOO_LONG;
    env->type = proto_type_find (seen [1]->via.str.ptr, seen [1]->via.str.size);
    if (!env->type)
        return PROTO_UNKNOWN_TYPE;

    *field = "id";
    if ((rc = s_bin_exact (seen [2], env->id, PROTO_ID_BYTES)) != PROTO_OK)
        return rc;
    *field = "from";
    if ((rc = s_bin_exact (seen [3], env->from, PROTO_PUBKEY_BYTES)) != PROTO_OK)
        return rc;
    *field = "ts";
    if (seen [4]->type != MSGPACK_OBJECT_POSITIVE_INTEGER)
        return PROTO_WRONG_TYPE;
    if (seen [4]->via.u64 < PROTO_TIME_MIN_MS || seen [4]->via.u64 > PROTO_TIME_MAX_MS)
        return PROTO_BAD_VALUE;
    env->ts = seen [4]->via.u64;

    *field = "subject";
    if (seen [5]) {
        const msgpack_object *s = seen [5];
        if (s->type != MSGPACK_OBJECT_MAP)
            return PROTO_WRONG_TYPE;
        if (s->via.map.size == 2
        &&  s->via.map.ptr [0].key.type == MSGPACK_OBJECT_STR
        &&  s->via.map.ptr [1].key.type == MSGPACK_OBJECT_STR
        &&  proto_obj_str_eq (&s->via.map.ptr [0].key, &s->via.map.ptr [1].key))
            return PROTO_DUPLICATE_KEY;
        if (s->via.map.size > 2)
            return PROTO_TOO_MANY;
        for (uint32_t i = 0; i < s->via.map.size; i++) {
            const msgpack_object_kv *kv = &s->via.map.ptr [i];
            if (proto_obj_key_is (&kv->key, "person")) {
                *field = "subject.person";
                if ((rc = s_bin_exact (&kv->val, env->person, PROTO_REF_BYTES)) != PROTO_OK)
                    return rc;
                env->has_person = true;
            }
            else
            if (proto_obj_key_is (&kv->key, "address")) {
                *field = "subject.address";
                if ((rc = s_bin_exact (&kv->val, env->address, PROTO_REF_BYTES)) != PROTO_OK)
                    return rc;
                env->has_address = true;
            }
            else
                return kv->key.type == MSGPACK_OBJECT_STR ? PROTO_BAD_VALUE : PROTO_WRONG_TYPE;
        }
        *field = "subject";
        if (!env->has_person && !env->has_address)
            return PROTO_MISSING_FIELD;
    }
    if ((env->type->flags & PROTO_T_SUBJECT) && !env->has_person && !env->has_address)
        return PROTO_MISSING_FIELD;

    *field = "re";
    if (seen [6]) {
        if ((rc = s_bin_exact (seen [6], env->re, PROTO_ID_BYTES)) != PROTO_OK)
            return rc;
        env->has_re = true;
    }
    *field = "body";
    if (seen [7]->type != MSGPACK_OBJECT_MAP)
        return PROTO_WRONG_TYPE;
    env->body = seen [7];
    *field = NULL;
    return PROTO_OK;
}

proto_result_t
proto_envelope_decode (proto_envelope_t *env, const uint8_t *bytes, size_t size,
                       const proto_taxonomy_t *tax, const char **field)
{
    const char *dummy;
    if (!field)
        field = &dummy;
    *field = NULL;
    memset (env, 0, sizeof *env);
    if (size > PROTO_MAX_ENVELOPE_BYTES)
        return PROTO_TOO_BIG;
    proto_result_t rc = proto_msgpack_unpack (&env->unpacked, bytes, size, PROTO_MAX_ARRAY_ITEMS);
    if (rc != PROTO_OK)
        return rc;
    env->bytes = bytes;
    env->size = size;
    rc = s_header_decode (env, &env->unpacked.data, field);
    if (rc == PROTO_OK)
        rc = proto_body_validate (env->type, env->body, tax, field);
    if (rc != PROTO_OK) {
        msgpack_unpacked_destroy (&env->unpacked);
        memset (env, 0, sizeof *env);
        return rc;
    }
    env->live = true;
    return PROTO_OK;
}

void
proto_envelope_release (proto_envelope_t *env)
{
    if (env && env->live) {
        msgpack_unpacked_destroy (&env->unpacked);
        env->live = false;
    }
}

const msgpack_object *
proto_env_field (const proto_envelope_t *env, const char *name)
{
    return env->live ? proto_obj_map_get (env->body, name) : NULL;
}

bool
proto_env_str (const proto_envelope_t *env, const char *name, const char **ptr, size_t *len)
{
    const msgpack_object *v = proto_env_field (env, name);
    if (!v || v->type != MSGPACK_OBJECT_STR)
        return false;
    *ptr = v->via.str.ptr;
    *len = v->via.str.size;
    return true;
}

bool
proto_env_cstr (const proto_envelope_t *env, const char *name, char *out, size_t outlen)
{
    return proto_obj_str_copy (out, outlen, proto_env_field (env, name)) == 0;
}

bool
proto_env_u64 (const proto_envelope_t *env, const char *name, uint64_t *value)
{
    const msgpack_object *v = proto_env_field (env, name);
    if (!v || v->type != MSGPACK_OBJECT_POSITIVE_INTEGER)
        return false;
    *value = v->via.u64;
    return true;
}

bool
proto_env_bool (const proto_envelope_t *env, const char *name, bool *value)
{
    const msgpack_object *v = proto_env_field (env, name);
    if (!v || v->type != MSGPACK_OBJECT_BOOLEAN)
        return false;
    *value = v->via.boolean;
    return true;
}

bool
proto_env_bin (const proto_envelope_t *env, const char *name, uint8_t *out, size_t len)
{
    const msgpack_object *v = proto_env_field (env, name);
    if (!v || v->type != MSGPACK_OBJECT_BIN || v->via.bin.size != len)
        return false;
    memcpy (out, v->via.bin.ptr, len);
    return true;
}
