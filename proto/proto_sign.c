/*  proto_sign.c - see proto_sign.h.                                         */
#include "proto_sign.h"
#include <sodium.h>
#include <string.h>
#include <time.h>

int
proto_init (void)
{
    return sodium_init () < 0 ? -1 : 0;
}

int
proto_verify (const uint8_t sig [PROTO_SIGNATURE_BYTES], const uint8_t *msg, size_t len,
              const uint8_t key [PROTO_PUBKEY_BYTES])
{
    return crypto_sign_verify_detached (sig, msg, len, key) == 0 ? 0 : -1;
}

void
proto_digest (uint8_t out [PROTO_DIGEST_BYTES], const uint8_t *msg, size_t len)
{
    crypto_generichash (out, PROTO_DIGEST_BYTES, msg, len, NULL, 0);
}

void
proto_id_new (uint8_t id [PROTO_ID_BYTES], uint64_t now_ms)
{
    for (int i = 0; i < 6; i++)
        id [i] = (uint8_t) (now_ms >> (8 * (5 - i)));
    randombytes_buf (id + 6, PROTO_ID_BYTES - 6);
}

uint64_t
proto_id_time (const uint8_t id [PROTO_ID_BYTES])
{
    uint64_t t = 0;
    for (int i = 0; i < 6; i++)
        t = (t << 8) | id [i];
    return t;
}

uint64_t
proto_now_ms (void)
{
    struct timespec ts;
    clock_gettime (CLOCK_REALTIME, &ts);
    return (uint64_t) ts.tv_sec * 1000 + (uint64_t) ts.tv_nsec / 1000000;
}

void
proto_hex (char *out, const uint8_t *bytes, size_t n)
{
    static const char digits [] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        out [2 * i] = digits [bytes [i] >> 4];
        out [2 * i + 1] = digits [bytes [i] & 15];
    }
    out [2 * n] = 0;
}

static int
s_nibble (char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

int
proto_unhex (uint8_t *out, size_t n, const char *text)
{
    if (!text || strlen (text) != 2 * n)
        return -1;
    for (size_t i = 0; i < n; i++) {
        int hi = s_nibble (text [2 * i]), lo = s_nibble (text [2 * i + 1]);
        if (hi < 0 || lo < 0)
            return -1;
        out [i] = (uint8_t) (hi << 4 | lo);
    }
    return 0;
}
