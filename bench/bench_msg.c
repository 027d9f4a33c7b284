/*  bench_msg.c - see bench_msg.h.                                           */
#include "bench_msg.h"
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TEXT_CHUNK "Huurachterstand van drie maanden; contact gezocht, geen reactie. "

static const char *s_kind_names [BM_KINDS] = { "signal", "regiecheck", "agreement" };

const char *
bench_kind_name (bench_kind_t kind)
{
    return kind < BM_KINDS ? s_kind_names [kind] : "?";
}

void
bench_household_ref (uint8_t ref [PROTO_REF_BYTES], uint64_t h)
{
    char text [32];
    int n = snprintf (text, sizeof text, "household-%llu", (unsigned long long) h);
    crypto_generichash (ref, PROTO_REF_BYTES, (const uint8_t *) text, (size_t) n, NULL, 0);
}

/*  Text of len bytes (1..PROTO_MAX_TEXT_BYTES).                             */
static void
s_text (char *out, size_t len)
{
    size_t chunk = strlen (TEXT_CHUNK);
    for (size_t i = 0; i < len; i++)
        out [i] = TEXT_CHUNK [i % chunk];
    out [len] = 0;
    if (len > 1 && out [len - 1] == ' ')
        out [len - 1] = '.';
}

static void
s_encode (proto_writer_t *w, proto_header_t *h, bench_kind_t kind, size_t text_len)
{
    char text [PROTO_MAX_TEXT_BYTES + 1];
    s_text (text, text_len);
    if (kind == BM_SIGNAL) {
        proto_envelope_begin (w, h, 7);
        proto_pack_kv_cstr (w, "leefgebied", BENCH_SIGNAL_LEEFGEBIED);
        proto_pack_kv_cstr (w, "severity", BENCH_SIGNAL_SEVERITY);
        proto_pack_kv_cstr (w, "ground", "financiele_problemen");
        proto_pack_kv_bool (w, "informed", true);
        proto_pack_kv_cstr (w, "kind", BENCH_SIGNAL_KIND);
        proto_pack_kv_cstr (w, "text", text);
        proto_pack_kv_cstr (w, "contact", BENCH_SIGNAL_CONTACT);
    }
    else
    if (kind == BM_AGREEMENT) {
        if (text_len > PROTO_MAX_ACTION_BYTES)
            text [PROTO_MAX_ACTION_BYTES] = 0;
        proto_envelope_begin (w, h, 4);
        proto_pack_kv_cstr (w, "owner", "woonbron");
        proto_pack_kv_cstr (w, "action", text);
        proto_pack_kv_cstr (w, "leefgebied", "financien");
        proto_pack_kv_u64 (w, "due", h->ts + 30ULL * 86400 * 1000);
    }
    else
        proto_envelope_begin (w, h, 0);
}

int
bench_msg_build (bench_msg_t *msg, proto_writer_t *w, proto_identity_t *author,
                 bench_kind_t kind, uint64_t ts, uint64_t id_ms, uint64_t h, size_t size,
                 bool sign)
{
    uint8_t person [PROTO_REF_BYTES];
    bench_household_ref (person, h);
    proto_header_t hd;
    memset (&hd, 0, sizeof hd);
    hd.type = bench_kind_name (kind);
    hd.ts = ts;
    proto_id_new (hd.id, id_ms);
    memcpy (hd.from, proto_identity_cert (author)->sign_key, PROTO_PUBKEY_BYTES);
    hd.person = person;
    /* one trial encoding tells how much text reaches the target size      */
    size_t text_len = 32;
    if (kind != BM_REGIECHECK) {
        s_encode (w, &hd, kind, text_len);
        size_t base = proto_writer_size (w);
        if (size > base)
            text_len += size - base;
        if (text_len > PROTO_MAX_TEXT_BYTES)
            text_len = PROTO_MAX_TEXT_BYTES;
    }
    s_encode (w, &hd, kind, text_len);
    memset (msg, 0, sizeof *msg);
    msg->len = (uint32_t) proto_writer_size (w);
    msg->bytes = (uint8_t *) malloc (msg->len);
    if (!msg->bytes)
        return -1;
    memcpy (msg->bytes, proto_writer_data (w), msg->len);
    msg->kind = (uint8_t) kind;
    memcpy (msg->id, hd.id, PROTO_ID_BYTES);
    if (sign)
        proto_identity_sign (author, msg->sig, msg->bytes, msg->len);
    return 0;
}

void
bench_msg_free (bench_msg_t *msg)
{
    free (msg->bytes);
    msg->bytes = NULL;
}

int
bench_mix_parse (bench_mix_t *mix, const char *text)
{
    memset (mix, 0, sizeof *mix);
    char copy [256];
    snprintf (copy, sizeof copy, "%s", text);
    unsigned total = 0;
    char *save = NULL;
    for (char *tok = strtok_r (copy, ",", &save); tok; tok = strtok_r (NULL, ",", &save)) {
        char *eq = strchr (tok, '=');
        if (!eq)
            return -1;
        *eq = 0;
        int k = -1;
        for (int i = 0; i < BM_KINDS; i++)
            if (strcmp (tok, s_kind_names [i]) == 0)
                k = i;
        unsigned v = (unsigned) atoi (eq + 1);
        if (k < 0 || v > 100)
            return -1;
        mix->pct [k] = v;
        total += v;
    }
    return total == 100 ? 0 : -1;
}

bench_kind_t
bench_mix_pick (const bench_mix_t *mix, uint64_t i)
{
    /* message i falls in slot i mod 100; slots are handed out in turn so
       that every kind is spread over the run                              */
    unsigned slot = (unsigned) ((i * 37) % 100);
    unsigned edge = 0;
    for (int k = 0; k < BM_KINDS; k++) {
        edge += mix->pct [k];
        if (slot < edge)
            return (bench_kind_t) k;
    }
    return BM_SIGNAL;
}
