/*  bench_pool.h - what a verifier pool would gain: a standalone experiment.

    The hub verifies every signature inline on its one thread today (the
    config's hub/verifiers is not used yet). This experiment measures, on
    this machine and without the hub, the hub's transaction work for a batch
    of pre-signed envelopes - Ed25519 verification, BLAKE2b digest, and the
    hub's own store and audit calls (hub_store_find/put/enqueue,
    hub_audit_append) in a group commit with synchronous=FULL - done three
    ways: all inline on one core; one writer thread with one verifier
    thread ahead of it (two cores); one writer with two verifiers (two
    cores). Batches are handed over in order; the writer commits batch i
    while the verifiers work on the batches after it.
*/
#ifndef BENCH_POOL_H_INCLUDED
#define BENCH_POOL_H_INCLUDED

#include <stddef.h>

#define BENCH_POOL_BATCH    1024

typedef struct {
    double verify_1t;                   /* verifications/s, one thread        */
    double verify_2t;                   /* two threads on two cores           */
    double inline_1c;                   /* msgs/s verify+commit, one core     */
    double pool_1v;                     /* writer + 1 verifier                */
    double pool_2v;                     /* writer + 2 verifiers               */
} bench_pool_result_t;

/*  Runs the experiment with messages envelopes in dir (a temp directory);
    cpus: the two CPUs to use, e.g. "0" and "1". Returns 0 or -1.            */
int bench_pool_run (const char *dir, size_t messages, const char *cpu_a, const char *cpu_b,
                    bench_pool_result_t *out);

#endif
