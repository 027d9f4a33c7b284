/*  agent_message.c - build, self-check and sign envelopes. See header.     */
#include "agent_message.h"
#include "agent_json.h"
#include "proto_sign.h"
#include "proto_lang.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*  Takes the packed bytes in w, decodes them as the hub would, signs.       */
static agent_message_t *
s_seal (proto_identity_t *identity, const proto_taxonomy_t *tax, proto_writer_t *w,
        char *err, size_t errlen)
{
    proto_envelope_t env;
    const char *field = NULL;
    const uint8_t *data = proto_writer_data (w);
    size_t size = proto_writer_size (w);
    proto_result_t rc = proto_envelope_decode (&env, data, size, tax, &field);
    if (rc != PROTO_OK) {
        if (rc == PROTO_TOO_BIG)
            snprintf (err, errlen, _("the message would be %zu bytes; at most %d are allowed "
                                     "(shorten the text)"), size, PROTO_MAX_ENVELOPE_BYTES);
        else
        if (field)
            /* TRANSLATORS: a field of the protocol and an error code        */
            snprintf (err, errlen, _("the message does not pass its own check: %s (%s)"), field,
                      proto_result_name (rc));
        else
            snprintf (err, errlen, _("the message does not pass its own check (%s)"),
                      proto_result_name (rc));
        return NULL;
    }
    agent_message_t *self = (agent_message_t *) calloc (1, sizeof *self);
    if (self)
        self->bytes = (uint8_t *) malloc (size);
    if (!self || !self->bytes) {
        proto_envelope_release (&env);
        free (self);
        snprintf (err, errlen, _("out of memory"));
        return NULL;
    }
    memcpy (self->bytes, data, size);
    self->size = size;
    memcpy (self->id, env.id, PROTO_ID_BYTES);
    self->type = env.type;
    self->ts = env.ts;
    proto_envelope_release (&env);
    proto_identity_sign (identity, self->sig, self->bytes, self->size);
    return self;
}

agent_message_t *
agent_message_new (proto_identity_t *identity, const proto_taxonomy_t *tax,
                   const proto_type_t *type, uint64_t now, const uint8_t *person,
                   const uint8_t *address, const uint8_t *re, json_t *body,
                   char *err, size_t errlen)
{
    proto_header_t h;
    memset (&h, 0, sizeof h);
    h.type = type->name;
    proto_id_new (h.id, now);
    memcpy (h.from, proto_identity_cert (identity)->sign_key, PROTO_PUBKEY_BYTES);
    h.ts = now;
    h.person = person;
    h.address = address;
    h.re = re;
    proto_writer_t w;
    proto_writer_init (&w);
    proto_envelope_begin (&w, &h, body ? (uint32_t) json_object_size (body) : 0);
    if (body)
        agent_json_body_pack (type, body, &w);
    agent_message_t *self = s_seal (identity, tax, &w, err, errlen);
    proto_writer_destroy (&w);
    return self;
}

agent_message_t *
agent_message_ack (proto_identity_t *identity, uint64_t now, uint64_t upto)
{
    char err [128];
    json_t *body = json_pack ("{sI}", "upto", (json_int_t) upto);
    agent_message_t *self = body
        ? agent_message_new (identity, NULL, proto_type_find ("ack", 3), now, NULL, NULL, NULL,
                             body, err, sizeof err)
        : NULL;
    json_decref (body);
    return self;
}

agent_message_t *
agent_message_reseal (proto_identity_t *identity, const uint8_t *bytes, size_t size,
                      uint64_t now, char *err, size_t errlen)
{
    proto_envelope_t env;
    const char *field = NULL;
    proto_result_t rc = proto_envelope_decode (&env, bytes, size, NULL, &field);
    if (rc != PROTO_OK) {
        snprintf (err, errlen, "stored envelope no longer decodes: %s", proto_result_text (rc));
        return NULL;
    }
    proto_header_t h;
    memset (&h, 0, sizeof h);
    h.type = env.type->name;
    memcpy (h.id, env.id, PROTO_ID_BYTES);
    memcpy (h.from, proto_identity_cert (identity)->sign_key, PROTO_PUBKEY_BYTES);
    h.ts = now;
    h.person = env.has_person ? env.person : NULL;
    h.address = env.has_address ? env.address : NULL;
    h.re = env.has_re ? env.re : NULL;
    proto_writer_t w;
    proto_writer_init (&w);
    proto_envelope_begin (&w, &h, env.body->via.map.size);
    for (uint32_t i = 0; i < env.body->via.map.size; i++) {
        msgpack_pack_object (&w.pk, env.body->via.map.ptr [i].key);
        msgpack_pack_object (&w.pk, env.body->via.map.ptr [i].val);
    }
    proto_envelope_release (&env);
    agent_message_t *self = s_seal (identity, NULL, &w, err, errlen);
    proto_writer_destroy (&w);
    return self;
}

void
agent_message_destroy (agent_message_t **self_p)
{
    if (self_p && *self_p) {
        free ((*self_p)->bytes);
        free (*self_p);
        *self_p = NULL;
    }
}
