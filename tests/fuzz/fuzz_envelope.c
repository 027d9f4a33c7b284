/*  fuzz_envelope.c - libFuzzer target: any bytes through the envelope
    decoder, with and without a taxonomy; a decoded envelope is read through
    every accessor and released. Seeds: tests/fuzz/corpus/envelope/.

      clang -g -O1 -fsanitize=fuzzer,address,undefined -Iproto \
          $(pkg-config --cflags libczmq libsodium msgpack) \
          -o /tmp/fuzz_envelope tests/fuzz/fuzz_envelope.c proto/proto_*.c \
          $(pkg-config --libs libczmq libzmq libsodium msgpack)
      /tmp/fuzz_envelope -max_total_time=60 -max_len=9000 tests/fuzz/corpus/envelope
*/
#include "proto_envelope.h"
#include "proto_sign.h"
#include <stdlib.h>
#include <string.h>

static proto_taxonomy_t s_tax;

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
    (void) argc;
    (void) argv;
    proto_init ();
    proto_taxonomy_defaults (&s_tax);
    return 0;
}

/*  Touches every body field through the accessors, so that a decoder that
    lets a bad value through shows up as a sanitizer report here.            */
static void
s_read_all (const proto_envelope_t *env)
{
    char text [PROTO_MAX_TEXT_BYTES + 1];
    uint8_t bin [PROTO_REF_BYTES];
    const char *ptr;
    size_t len;
    uint64_t u;
    bool b;
    for (const proto_field_t *f = env->type->fields; f->name; f++) {
        proto_env_str (env, f->name, &ptr, &len);
        proto_env_cstr (env, f->name, text, sizeof text);
        proto_env_u64 (env, f->name, &u);
        proto_env_bool (env, f->name, &b);
        proto_env_bin (env, f->name, bin, f->kind == PF_ID ? PROTO_ID_BYTES : PROTO_REF_BYTES);
        proto_env_field (env, f->name);
    }
    uint8_t digest [PROTO_DIGEST_BYTES];
    proto_digest (digest, env->bytes, env->size);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
    //  a private copy of exactly size bytes: ASan sees any read beyond it
    uint8_t *copy = malloc (size ? size : 1);
    if (!copy)
        return 0;
    memcpy (copy, data, size);
    proto_envelope_t env;
    const char *field;
    if (proto_envelope_decode (&env, copy, size, &s_tax, &field) == PROTO_OK) {
        s_read_all (&env);
        proto_envelope_release (&env);
    }
    if (proto_envelope_decode (&env, copy, size, NULL, NULL) == PROTO_OK) {
        s_read_all (&env);
        proto_envelope_release (&env);
    }
    proto_msgpack_check (copy, size);
    free (copy);
    return 0;
}
