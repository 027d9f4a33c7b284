/*  bench_load.h - the agents that load the hub: senders, the receiving
    intake and the regiecheck prober.

    Senders are real partners, each with its own identity and its own CURVE
    DEALER connection, holding at most `window` messages without a receipt.
    Their messages are built and signed before the clock starts. Generator
    threads each drive a share of the senders, either as fast as the windows
    allow (saturation) or at a fixed total rate (latency is then measured
    from each message's scheduled time, so a stalled hub cannot hide its
    queueing). Every receipt is checked: the batch head's Ed25519 signature
    once per distinct head (or, with verify_full, proto_receipt_verify for
    every item) and every item's Merkle path, and the item must name a
    message this agent sent.

    The receiver is the intake of the default team (acm-intake): it says
    hello with an ack, counts deliveries, checks their order and acks them
    cumulatively. The prober sends one regiecheck at a time and times the
    round trip to the hub's answer.
*/
#ifndef BENCH_LOAD_H_INCLUDED
#define BENCH_LOAD_H_INCLUDED

#include <stdatomic.h>
#include <pthread.h>
#include "bench_msg.h"
#include "bench_hub.h"
#include "proto_link.h"

#define BENCH_MAX_THREADS       8
#define BENCH_ACK_EVERY         256     /* deliveries per cumulative ack      */
#define BENCH_ANSWER_TIMEOUT_MS 10000

typedef struct {
    uint64_t messages;                  /* in all, over every sender          */
    uint32_t window;                    /* unreceipted messages per sender    */
    double rate;                        /* msgs/s in all; 0: saturation       */
    size_t size;                        /* signal envelope bytes              */
    bench_mix_t mix;
    uint64_t households;
    int threads;                        /* generator threads                  */
    bool verify_full;                   /* proto_receipt_verify per item      */
    int timeout_s;                      /* the whole run, at most             */
} bench_load_conf_t;

typedef struct {
    uint64_t sent, receipts, signal_receipts, errors, answers, mismatched, bad_receipts;
    uint64_t error_codes [64];
    uint64_t t_start_ns, t_last_ns;
    double *lat_us;                     /* receipt latency per message        */
    size_t lat_n;
    bool timed_out;
} bench_load_result_t;

typedef struct bench_senders_t bench_senders_t;

/*  Connects count senders (ids) to the hub and builds and signs their share
    of conf->messages. Returns NULL on failure.                               */
bench_senders_t *bench_senders_new (bench_hub_t *hub, proto_identity_t **ids, size_t count,
                                    const bench_load_conf_t *conf);
/*  Starts the generator threads; the clock starts now.                       */
int bench_senders_start (bench_senders_t *self);
/*  Waits for every receipt (or the time limit) and fills result (caller
    frees result->lat_us).                                                    */
void bench_senders_wait (bench_senders_t *self, bench_load_result_t *result);
/*  Sends no more messages; wait() then returns once the ones already sent
    are receipted (any thread may call).                                      */
void bench_senders_stop (bench_senders_t *self);
/*  Messages receipted so far (any thread may call).                          */
uint64_t bench_senders_progress (bench_senders_t *self);
void bench_senders_destroy (bench_senders_t **self_p);

/*  The intake's receiving agent.                                            */
typedef struct {
    bench_hub_t *hub;
    proto_identity_t *id;
    uint32_t ack_every;
    uint32_t verify_every;              /* verify 1 in N deliveries (0: none) */
    atomic_uint_fast64_t deliveries;    /* signals delivered                  */
    atomic_uint_fast64_t notices;       /* anything else delivered: the hub's
                                           match notices, when signals share a
                                           household (--households)          */
    atomic_int stop;
    uint64_t t_hello_ns, t_first_ns, t_last_ns;
    uint64_t out_of_order, bad_signatures, acks;
    pthread_t thread;
    zsock_t *sock;
} bench_receiver_t;

int bench_receiver_start (bench_receiver_t *r, bench_hub_t *hub, proto_identity_t *id,
                          uint32_t verify_every);
/*  Waits until count signals were delivered or timeout_s passed; 0 when
    all came.                                                                 */
int bench_receiver_wait (bench_receiver_t *r, uint64_t count, int timeout_s);
void bench_receiver_stop (bench_receiver_t *r);

/*  The prober: probes regiechecks, one at a time, gap_ms apart, about
    households spread evenly over 0..households-1 (households 0: question i
    is about household i). rtt_us gets the round trip to each answer (n set
    to those answered). No question is sent after deadline_ns (bench_now_ns;
    0: no deadline).                                                          */
typedef struct {
    bench_hub_t *hub;
    proto_identity_t *id;
    uint32_t probes, gap_ms;
    uint64_t households;
    double *rtt_us;
    size_t n;
    uint64_t failed;
    uint64_t deadline_ns;               /* no question sent after (0: none)   */
    pthread_t thread;
} bench_prober_t;

int bench_prober_start (bench_prober_t *p, bench_hub_t *hub, proto_identity_t *id,
                        uint32_t probes, uint32_t gap_ms, uint64_t households,
                        uint64_t deadline_ns);
void bench_prober_wait (bench_prober_t *p);

/*  A CURVE DEALER for id, connected to the hub.                              */
zsock_t *bench_connect (bench_hub_t *hub, proto_identity_t *id);

#endif
