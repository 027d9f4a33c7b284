/*  bench_msg.h - the benchmark's messages, built and signed ahead of time.

    A message is an envelope as proto/PROTOCOL.md defines it (a signal, a
    regiecheck or an agreement, with a household as subject) and its Ed25519
    signature. The generator builds and signs every message before the clock
    starts, so its own signing never counts against the hub. A signal's text
    is padded so that the envelope comes close to the size asked for.
*/
#ifndef BENCH_MSG_H_INCLUDED
#define BENCH_MSG_H_INCLUDED

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include "proto_envelope.h"
#include "proto_identity.h"
#include "proto_sign.h"

typedef enum { BM_SIGNAL = 0, BM_REGIECHECK, BM_AGREEMENT, BM_KINDS } bench_kind_t;

#define BENCH_DEFAULT_SIZE      400     /* envelope bytes of a signal         */
#define BENCH_MIN_SIZE          200
#define BENCH_MAX_SIZE          1200    /* text is at most PROTO_MAX_TEXT_BYTES */

/*  What every benchmark signal says (the preloader writes the same into
    the workflows' rows).                                                    */
#define BENCH_SIGNAL_LEEFGEBIED "financien"
#define BENCH_SIGNAL_SEVERITY   "zorg"
#define BENCH_SIGNAL_KIND       "huurachterstand"
#define BENCH_SIGNAL_CONTACT    "Woonbron, 010-1234567"

typedef struct {
    uint8_t *bytes;                     /* owned                              */
    uint32_t len;
    uint8_t kind;                       /* bench_kind_t                       */
    uint8_t id [PROTO_ID_BYTES];
    uint8_t sig [PROTO_SIGNATURE_BYTES];
} bench_msg_t;

/*  The household (person ref) number h: BLAKE2b of its number.              */
void bench_household_ref (uint8_t ref [PROTO_REF_BYTES], uint64_t h);

/*  Builds one message of kind for author into msg (bytes malloc'ed), with
    time ts and household h; signs it when sign is true, otherwise leaves
    the signature zero. id_ms is the clock in its id (PROTOCOL.md, "Message
    id"): an agent's ids follow the order it sends in, so a load of messages
    built before the clock starts gives each message a later id_ms than the
    one its author sends before it. size: target envelope bytes for signals
    and agreements. Returns 0 or -1.                                         */
int bench_msg_build (bench_msg_t *msg, proto_writer_t *w, proto_identity_t *author,
                     bench_kind_t kind, uint64_t ts, uint64_t id_ms, uint64_t h, size_t size,
                     bool sign);
void bench_msg_free (bench_msg_t *msg);

/*  A message mix in percent, e.g. "signal=90,regiecheck=5,agreement=5".     */
typedef struct {
    unsigned pct [BM_KINDS];
} bench_mix_t;
int bench_mix_parse (bench_mix_t *mix, const char *text);
/*  The kind of message number i under mix (deterministic, evenly spread).   */
bench_kind_t bench_mix_pick (const bench_mix_t *mix, uint64_t i);
const char *bench_kind_name (bench_kind_t kind);

#endif
