/*  bench_pool.c - see bench_pool.h.                                         */
#include "bench_pool.h"
#include "bench_msg.h"
#include "bench_util.h"
#include "hub_store.h"
#include "hub_audit.h"
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct {
    bench_msg_t *msgs;
    size_t count, batches;
    proto_identity_t *author;
    atomic_size_t next_batch;           /* verifiers take batches in turn     */
    atomic_int *ready;                  /* batch verified                     */
    atomic_size_t verified;
    const char *cpu;
    size_t from, to;                    /* verify-only range                  */
    int failures;
} pool_t;

static int
s_verify_range (pool_t *p, size_t from, size_t to)
{
    int bad = 0;
    const uint8_t *key = proto_identity_cert (p->author)->sign_key;
    for (size_t i = from; i < to; i++)
        if (proto_verify (p->msgs [i].sig, p->msgs [i].bytes, p->msgs [i].len, key) != 0)
            bad++;
    return bad;
}

typedef struct {
    pool_t *p;
    const char *cpu;
    size_t from, to;
    int bad;
} vjob_t;

static void *
s_verify_job (void *arg)
{
    vjob_t *j = (vjob_t *) arg;
    bench_pin (0, j->cpu);
    j->bad = s_verify_range (j->p, j->from, j->to);
    return NULL;
}

static void *
s_verifier (void *arg)
{
    vjob_t *j = (vjob_t *) arg;
    pool_t *p = j->p;
    bench_pin (0, j->cpu);
    size_t b;
    while ((b = atomic_fetch_add (&p->next_batch, 1)) < p->batches) {
        size_t from = b * BENCH_POOL_BATCH;
        size_t to = from + BENCH_POOL_BATCH < p->count ? from + BENCH_POOL_BATCH : p->count;
        j->bad += s_verify_range (p, from, to);
        atomic_store (&p->ready [b], 1);
    }
    return NULL;
}

/*  The writer: one transaction per batch, as the hub's group commit does.
    inline_verify: verify each message here (the hub today).                 */
static double
s_writer (pool_t *p, const char *db, bool inline_verify)
{
    char err [256];
    unlink (db);
    hub_store_t *store = hub_store_open (db, err, sizeof err);
    hub_audit_t *audit = store ? hub_audit_new (store) : NULL;
    if (!audit) {
        fprintf (stderr, "regiebench: pool: %s\n", err);
        hub_store_destroy (&store);
        return 0;
    }
    const char *author = proto_identity_cert (p->author)->id;
    const uint8_t *key = proto_identity_cert (p->author)->sign_key;
    uint64_t t0 = bench_now_ns ();
    for (size_t b = 0; b < p->batches; b++) {
        if (!inline_verify)
            while (!atomic_load (&p->ready [b]))
                sched_yield ();         /* the verifiers are ahead, or nearly */
        size_t from = b * BENCH_POOL_BATCH;
        size_t to = from + BENCH_POOL_BATCH < p->count ? from + BENCH_POOL_BATCH : p->count;
        hub_store_begin (store);
        uint64_t now = proto_now_ms ();
        for (size_t i = from; i < to; i++) {
            bench_msg_t *m = &p->msgs [i];
            if (inline_verify && proto_verify (m->sig, m->bytes, m->len, key) != 0)
                p->failures++;
            uint8_t digest [PROTO_DIGEST_BYTES];
            proto_digest (digest, m->bytes, m->len);
            hub_stored_t found;
            uint64_t seq;
            if (hub_store_find (store, m->id, &found) != 0
            ||  hub_store_put (store, m->id, author, "signal", now, now, digest, m->bytes, m->len,
                               m->sig, &seq) != 0
            ||  hub_store_enqueue (store, "acm-intake", seq) != 0
            ||  hub_audit_append (audit, now, author, "signal", m->id, NULL, "stored",
                                  "127.0.0.1", digest) != 0)
                p->failures++;
        }
        if (hub_store_commit (store) != 0)
            p->failures++;
    }
    double rate = (double) p->count / ((double) (bench_now_ns () - t0) / 1e9);
    hub_audit_destroy (&audit);
    hub_store_destroy (&store);
    return rate;
}

static double
s_pool_run (pool_t *p, const char *db, const char *writer_cpu, const char **vcpus, int verifiers)
{
    atomic_store (&p->next_batch, 0);
    for (size_t b = 0; b < p->batches; b++)
        atomic_store (&p->ready [b], 0);
    bench_pin (0, writer_cpu);
    if (verifiers == 0)
        return s_writer (p, db, true);
    vjob_t jobs [2];
    pthread_t tid [2];
    for (int v = 0; v < verifiers; v++) {
        jobs [v] = (vjob_t) { p, vcpus [v], 0, 0, 0 };
        pthread_create (&tid [v], NULL, s_verifier, &jobs [v]);
    }
    double rate = s_writer (p, db, false);
    for (int v = 0; v < verifiers; v++) {
        pthread_join (tid [v], NULL);
        p->failures += jobs [v].bad;
    }
    return rate;
}

int
bench_pool_run (const char *dir, size_t messages, const char *cpu_a, const char *cpu_b,
                bench_pool_result_t *out)
{
    memset (out, 0, sizeof *out);
    char err [256], db [4096];
    pool_t p;
    memset (&p, 0, sizeof p);
    p.author = proto_identity_new ("pool-sender", "pool", "politie", "", "", 1, err, sizeof err);
    p.count = messages;
    p.batches = (messages + BENCH_POOL_BATCH - 1) / BENCH_POOL_BATCH;
    p.msgs = (bench_msg_t *) calloc (messages, sizeof (bench_msg_t));
    p.ready = (atomic_int *) calloc (p.batches, sizeof (atomic_int));
    if (!p.author || !p.msgs || !p.ready) {
        free (p.msgs);
        free (p.ready);
        proto_identity_destroy (&p.author);
        return -1;
    }
    proto_writer_t w;
    proto_writer_init (&w);
    uint64_t ts = proto_now_ms ();
    for (size_t i = 0; i < messages; i++)
        bench_msg_build (&p.msgs [i], &w, p.author, BM_SIGNAL, ts, ts + i, i, BENCH_DEFAULT_SIZE, true);
    proto_writer_destroy (&w);
    snprintf (db, sizeof db, "%s/pool.db", dir);

    /* verification alone: one thread, then one per CPU                      */
    vjob_t one = { &p, cpu_a, 0, messages, 0 };
    uint64_t t0 = bench_now_ns ();
    pthread_t tid [2];
    pthread_create (&tid [0], NULL, s_verify_job, &one);
    pthread_join (tid [0], NULL);
    out->verify_1t = (double) messages / ((double) (bench_now_ns () - t0) / 1e9);
    vjob_t two [2] = { { &p, cpu_a, 0, messages / 2, 0 }, { &p, cpu_b, messages / 2, messages, 0 } };
    t0 = bench_now_ns ();
    for (int t = 0; t < 2; t++)
        pthread_create (&tid [t], NULL, s_verify_job, &two [t]);
    for (int t = 0; t < 2; t++)
        pthread_join (tid [t], NULL);
    out->verify_2t = (double) messages / ((double) (bench_now_ns () - t0) / 1e9);
    p.failures += one.bad + two [0].bad + two [1].bad;

    const char *v1 [1] = { cpu_b };
    const char *v2 [2] = { cpu_a, cpu_b };
    out->inline_1c = s_pool_run (&p, db, cpu_a, NULL, 0);
    out->pool_1v = s_pool_run (&p, db, cpu_a, v1, 1);
    out->pool_2v = s_pool_run (&p, db, cpu_a, v2, 2);
    unlink (db);
    char path [4200];
    snprintf (path, sizeof path, "%s-wal", db);
    unlink (path);
    snprintf (path, sizeof path, "%s-shm", db);
    unlink (path);
    for (size_t i = 0; i < messages; i++)
        bench_msg_free (&p.msgs [i]);
    free (p.msgs);
    free (p.ready);
    proto_identity_destroy (&p.author);
    if (p.failures)
        fprintf (stderr, "regiebench: pool: %d failures\n", p.failures);
    return p.failures ? -1 : 0;
}
