/*  fuzz_agent_json.c - libFuzzer target: the agent's JSON input, as a
    partner system writes it to the control socket. The first byte picks
    the message type (of every type in proto_types) and whether option
    names are command-line style; the rest is parsed as JSON and, when it
    is an object, converted by agent_json_body. A body it accepts is packed
    into an envelope (agent_json_body_pack), decoded again with the default
    taxonomy, and read back as JSON (agent_json_from_body / _from_envelope).
    Property: what agent_json_body accepts packs to exactly the number of
    fields it declared, as bytes the envelope decoder can walk.
    Seeds: tests/fuzz/corpus/agent_json/. Built and run by `make fuzz`.
*/
#include "agent_json.h"
#include "proto_envelope.h"
#include "proto_sign.h"
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static proto_taxonomy_t s_tax;

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
    (void) argc;
    (void) argv;
    proto_init ();
    proto_taxonomy_defaults (&s_tax);
    return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    size_t count;
    const proto_type_t *types = proto_types_all (&count);
    const proto_type_t *type = &types [(data [0] & 0x7f) % count];
    bool cli = (data [0] & 0x80) != 0;
    json_error_t jerr;
    json_t *args = json_loadb ((const char *) data + 1, size - 1, JSON_DECODE_ANY, &jerr);
    if (!args)
        return 0;
    char err [512];
    err [0] = 0;
    json_t *body = json_is_object (args)
                 ? agent_json_body (type, args, &s_tax, cli, err, sizeof err) : NULL;
    if (json_is_object (args) && !body
    &&  (strnlen (err, sizeof err) == 0 || strnlen (err, sizeof err) == sizeof err))
        abort ();                   /* a refusal must say why                 */
    if (body) {
        proto_writer_t w;
        proto_writer_init (&w);
        proto_header_t h;
        memset (&h, 0, sizeof h);
        uint8_t ref [PROTO_REF_BYTES];
        memset (ref, 0x5a, sizeof ref);
        h.type = type->name;
        h.ts = 1700000000000ULL;
        proto_id_new (h.id, h.ts);
        memset (h.from, 0x11, sizeof h.from);
        if (type->flags & PROTO_T_SUBJECT)
            h.person = ref;
        proto_envelope_begin (&w, &h, (uint32_t) json_object_size (body));
        agent_json_body_pack (type, body, &w);
        //  a private copy of exactly the packed bytes: ASan sees overreads
        size_t n = proto_writer_size (&w);
        uint8_t *copy = malloc (n ? n : 1);
        if (!copy)
            abort ();
        memcpy (copy, proto_writer_data (&w), n);
        if (proto_msgpack_check (copy, n) != PROTO_OK && n <= PROTO_MAX_ENVELOPE_BYTES)
            abort ();               /* the packer wrote broken msgpack        */
        proto_envelope_t env;
        const char *field = NULL;
        if (proto_envelope_decode (&env, copy, n, &s_tax, &field) == PROTO_OK) {
            json_t *back = agent_json_from_envelope (&env);
            char *text = back ? json_dumps (back, JSON_COMPACT) : NULL;
            free (text);
            json_decref (back);
            proto_envelope_release (&env);
        }
        free (copy);
        proto_writer_destroy (&w);
        json_decref (body);
    }
    json_decref (args);
    return 0;
}
