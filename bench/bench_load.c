/*  bench_load.c - see bench_load.h.                                         */
#include "bench_load.h"
#include "proto_merkle.h"
#include <czmq.h>

#define CONNECT_SETTLE_MS   300     /* CURVE handshakes before the clock       */
#define CONNECT_PER_AGENT_MS 2
#define POLL_MS_SATURATED   10
#define POLL_MS_PACED       1

typedef struct {
    proto_identity_t *id;
    zsock_t *sock;
    void *handle;
    bench_msg_t *msgs;
    uint64_t *t_sent;                   /* ns, per message                    */
    uint8_t *state;                     /* 0 unsent, 1 in flight, 2 done      */
    uint64_t count, next, oldest, inflight, done;
} agent_t;

/*  The last verified batch head: every receipt of one commit carries it.    */
typedef struct {
    uint8_t head [PROTO_MAX_HEAD_BYTES];
    size_t len;
    uint8_t sig [PROTO_SIGNATURE_BYTES];
    proto_batch_head_t decoded;
    bool valid;
} head_cache_t;

typedef struct {
    bench_senders_t *owner;
    int index;
    agent_t **agents;
    size_t count;
    uint64_t total;                     /* messages of this thread            */
    double rate;
    bench_load_result_t r;
    size_t lat_cap;
    head_cache_t cache;
    pthread_t thread;
} gen_t;

struct bench_senders_t {
    bench_hub_t *hub;
    bench_load_conf_t conf;
    agent_t *agents;
    size_t count;
    gen_t gens [BENCH_MAX_THREADS];
    int threads;
    uint64_t t_start_ns, deadline_ns;
    atomic_uint_fast64_t progress;
    atomic_int stop;                    /* send no more; wait for what is out */
};

zsock_t *
bench_connect (bench_hub_t *hub, proto_identity_t *id)
{
    zsock_t *sock = zsock_new (ZMQ_DEALER);
    if (!sock)
        return NULL;
    zsock_set_linger (sock, 0);
    zsock_set_sndhwm (sock, 0);
    zsock_set_rcvhwm (sock, 0);
    zcert_apply (proto_identity_zcert (id), sock);
    zsock_set_curve_serverkey (sock, hub->curve_txt);
    if (zsock_connect (sock, "%s", hub->endpoint) != 0) {
        zsock_destroy (&sock);
        return NULL;
    }
    return sock;
}

/*  Sends a 2-frame signed envelope without blocking; 0 or -1.               */
static int
s_send2 (void *handle, const uint8_t *env, size_t len, const uint8_t *sig)
{
    if (zmq_send (handle, env, len, ZMQ_SNDMORE | ZMQ_DONTWAIT) < 0)
        return -1;
    return zmq_send (handle, sig, PROTO_SIGNATURE_BYTES, ZMQ_DONTWAIT) < 0 ? -1 : 0;
}

/*  Receives one whole message: the first frame into first (caller closes),
    the rest (at most 2) into rest; returns the frame count, 0 when none.     */
static int
s_recv (void *handle, zmq_msg_t *first, zmq_msg_t rest [2], int flags)
{
    zmq_msg_init (first);
    if (zmq_msg_recv (first, handle, flags) < 0) {
        zmq_msg_close (first);
        return 0;
    }
    int frames = 1;
    while (zmq_msg_more (frames == 1 ? first : &rest [frames - 2])) {
        zmq_msg_t scratch;
        zmq_msg_t *into = frames - 1 < 2 ? &rest [frames - 1] : &scratch;
        zmq_msg_init (into);
        zmq_msg_recv (into, handle, 0);
        if (into == &scratch) {
            int more = zmq_msg_more (&scratch);
            zmq_msg_close (&scratch);
            if (!more)
                break;
            continue;
        }
        frames++;
    }
    return frames;
}

static void
s_close_rest (zmq_msg_t rest [2], int frames)
{
    for (int i = 0; i < frames - 1 && i < 2; i++)
        zmq_msg_close (&rest [i]);
}

/*  Checks receipt item i: the head's signature (once per distinct head,
    unless full) and the item's Merkle path, as proto_receipt_verify does.   */
static int
s_receipt_item (const proto_link_t *link, uint32_t i, const uint8_t *hub_key, head_cache_t *c,
                bool full, proto_receipt_item_t *item)
{
    if (full) {
        proto_batch_head_t head;
        return proto_receipt_verify (link, i, hub_key, &head, item) == PROTO_OK ? 0 : -1;
    }
    if (!c->valid || c->len != link->head_len || memcmp (c->head, link->head, c->len) != 0
    ||  memcmp (c->sig, link->head_sig, PROTO_SIGNATURE_BYTES) != 0) {
        c->valid = false;
        if (link->head_len > sizeof c->head
        ||  proto_verify (link->head_sig, link->head, link->head_len, hub_key) != 0
        ||  proto_batch_head_decode (&c->decoded, link->head, link->head_len) != PROTO_OK
        ||  memcmp (c->decoded.hub, hub_key, PROTO_PUBKEY_BYTES) != 0)
            return -1;
        memcpy (c->head, link->head, link->head_len);
        c->len = link->head_len;
        memcpy (c->sig, link->head_sig, PROTO_SIGNATURE_BYTES);
        c->valid = true;
    }
    const msgpack_object *items = proto_obj_map_get (&link->unpacked.data, "items");
    if (!items || items->type != MSGPACK_OBJECT_ARRAY || i >= items->via.array.size)
        return -1;
    const msgpack_object *e = &items->via.array.ptr [i];
    if (e->type != MSGPACK_OBJECT_MAP)
        return -1;
    const msgpack_object *bytes = proto_obj_map_get (e, "item");
    const msgpack_object *proof = proto_obj_map_get (e, "proof");
    const msgpack_object *index = proto_obj_map_get (e, "index");
    if (!bytes || bytes->type != MSGPACK_OBJECT_BIN || !index
    ||  index->type != MSGPACK_OBJECT_POSITIVE_INTEGER || !proof
    ||  proof->type != MSGPACK_OBJECT_ARRAY || proof->via.array.size > PROTO_MERKLE_MAX_DEPTH)
        return -1;
    proto_hash_t path [PROTO_MERKLE_MAX_DEPTH], leaf;
    for (uint32_t k = 0; k < proof->via.array.size; k++) {
        const msgpack_object *p = &proof->via.array.ptr [k];
        if (p->type != MSGPACK_OBJECT_BIN || p->via.bin.size != PROTO_DIGEST_BYTES)
            return -1;
        memcpy (path [k], p->via.bin.ptr, PROTO_DIGEST_BYTES);
    }
    proto_merkle_leaf (leaf, (const uint8_t *) bytes->via.bin.ptr, bytes->via.bin.size);
    if (index->via.u64 >= c->decoded.leaves
    ||  proto_merkle_verify (c->decoded.root, leaf, (size_t) index->via.u64, c->decoded.leaves,
                             path, proof->via.array.size) != 0)
        return -1;
    return proto_receipt_item_decode (item, (const uint8_t *) bytes->via.bin.ptr,
                                      bytes->via.bin.size) == PROTO_OK ? 0 : -1;
}

/*  The message of agent a with this id (in flight), or -1.                  */
static int64_t
s_find (agent_t *a, const uint8_t *id)
{
    for (uint64_t k = a->oldest; k < a->next; k++)
        if (a->state [k] == 1 && memcmp (a->msgs [k].id, id, PROTO_ID_BYTES) == 0)
            return (int64_t) k;
    return -1;
}

static void
s_complete (gen_t *g, agent_t *a, uint64_t k, uint64_t now, bool ok)
{
    if (k != a->oldest)
        g->r.mismatched++;              /* receipts out of send order        */
    a->state [k] = 2;
    a->inflight--;
    a->done++;
    while (a->oldest < a->next && a->state [a->oldest] == 2)
        a->oldest++;
    if (ok && g->r.lat_n < g->lat_cap)
        g->r.lat_us [g->r.lat_n++] = (double) (now - a->t_sent [k]) / 1000.0;
    atomic_fetch_add (&g->owner->progress, 1);
}

static void
s_handle (gen_t *g, agent_t *a, uint64_t now)
{
    bench_senders_t *s = g->owner;
    zmq_msg_t first, rest [2];
    int frames;
    while ((frames = s_recv (a->handle, &first, rest, ZMQ_DONTWAIT)) > 0) {
        proto_link_t link;
        if (proto_link_decode (&link, zmq_msg_data (&first), zmq_msg_size (&first)) != PROTO_OK)
            g->r.bad_receipts++;
        else {
            if (link.kind == PROTO_LINK_RECEIPT)
                for (uint32_t i = 0; i < link.items; i++) {
                    proto_receipt_item_t item;
                    if (s_receipt_item (&link, i, s->hub->sign_key, &g->cache, s->conf.verify_full,
                                        &item) != 0) {
                        g->r.bad_receipts++;
                        continue;
                    }
                    int64_t k = s_find (a, item.id);
                    if (k < 0) {
                        g->r.bad_receipts++;
                        continue;
                    }
                    g->r.receipts++;
                    if (a->msgs [k].kind == BM_SIGNAL)
                        g->r.signal_receipts++;
                    s_complete (g, a, (uint64_t) k, now, true);
                }
            else
            if (link.kind == PROTO_LINK_ERROR) {
                g->r.errors++;
                g->r.error_codes [link.code < 64 ? link.code : 63]++;
                int64_t k = link.has_id ? s_find (a, link.id) : -1;
                if (k >= 0)
                    s_complete (g, a, (uint64_t) k, now, false);
            }
            else
            if (link.kind == PROTO_LINK_ANSWER)
                g->r.answers++;
            proto_link_release (&link);
        }
        zmq_msg_close (&first);
        s_close_rest (rest, frames);
    }
}

static void *
s_gen_run (void *arg)
{
    gen_t *g = (gen_t *) arg;
    bench_senders_t *s = g->owner;
    zmq_pollitem_t *items = (zmq_pollitem_t *) calloc (g->count, sizeof (zmq_pollitem_t));
    if (!items)
        return NULL;
    for (size_t i = 0; i < g->count; i++) {
        items [i].socket = g->agents [i]->handle;
        items [i].events = ZMQ_POLLIN;
    }
    uint64_t t0 = s->t_start_ns, sent = 0, done = 0;
    size_t rr = 0;
    uint32_t window = s->conf.window;
    while (done < g->total) {
        if (atomic_load (&s->stop) && g->total > sent)
            g->total = sent;            /* only the receipts still owed       */
        uint64_t now = bench_now_ns ();
        if (now > s->deadline_ns) {
            g->r.timed_out = true;
            break;
        }
        if (g->rate <= 0) {
            for (size_t i = 0; i < g->count; i++) {
                agent_t *a = g->agents [i];
                while (a->inflight < window && a->next < a->count && sent < g->total) {
                    bench_msg_t *m = &a->msgs [a->next];
                    a->t_sent [a->next] = bench_now_ns ();
                    if (s_send2 (a->handle, m->bytes, m->len, m->sig) != 0)
                        break;
                    a->state [a->next++] = 1;
                    a->inflight++;
                    sent++;
                }
            }
        }
        else {
            /* every message has its scheduled time; latency counts from it   */
            while (sent < g->total) {
                uint64_t due = t0 + (uint64_t) ((double) sent * 1e9 / g->rate);
                if (due > now)
                    break;
                agent_t *a = NULL;
                for (size_t tries = 0; tries < g->count && !a; tries++) {
                    agent_t *c = g->agents [rr++ % g->count];
                    if (c->inflight < window && c->next < c->count)
                        a = c;
                }
                if (!a)
                    break;              /* every window is full: the hub lags */
                bench_msg_t *m = &a->msgs [a->next];
                a->t_sent [a->next] = due;
                if (s_send2 (a->handle, m->bytes, m->len, m->sig) != 0)
                    break;
                a->state [a->next++] = 1;
                a->inflight++;
                sent++;
            }
        }
        int rc = zmq_poll (items, (int) g->count, g->rate > 0 ? POLL_MS_PACED : POLL_MS_SATURATED);
        if (rc > 0) {
            now = bench_now_ns ();
            for (size_t i = 0; i < g->count; i++)
                if (items [i].revents & ZMQ_POLLIN)
                    s_handle (g, g->agents [i], now);
        }
        done = 0;
        for (size_t i = 0; i < g->count; i++)
            done += g->agents [i]->done;
    }
    g->r.sent = sent;
    g->r.t_last_ns = bench_now_ns ();
    free (items);
    return NULL;
}

typedef struct {
    bench_senders_t *s;
    size_t from, to;
    uint64_t base;                      /* global number of the first message */
    int rc;
} build_job_t;

static void *
s_build (void *arg)
{
    build_job_t *j = (build_job_t *) arg;
    bench_senders_t *s = j->s;
    proto_writer_t w;
    proto_writer_init (&w);
    uint64_t ts = proto_now_ms ();
    for (size_t i = j->from; i < j->to && j->rc == 0; i++) {
        agent_t *a = &s->agents [i];
        for (uint64_t k = 0; k < a->count && j->rc == 0; k++) {
            /* the global number spreads kinds and households over agents;
               an agent's k-th message has an id 1 ms after its k-1-th      */
            uint64_t n = k * s->count + i;
            j->rc = bench_msg_build (&a->msgs [k], &w, a->id, bench_mix_pick (&s->conf.mix, n), ts,
                                     ts + k, n % (s->conf.households ? s->conf.households : 1),
                                     s->conf.size, true);
        }
    }
    proto_writer_destroy (&w);
    return NULL;
}

bench_senders_t *
bench_senders_new (bench_hub_t *hub, proto_identity_t **ids, size_t count,
                   const bench_load_conf_t *conf)
{
    bench_senders_t *self = (bench_senders_t *) calloc (1, sizeof *self);
    if (!self)
        return NULL;
    self->hub = hub;
    self->conf = *conf;
    self->count = count;
    self->agents = (agent_t *) calloc (count, sizeof (agent_t));
    if (!self->agents || count == 0) {
        bench_senders_destroy (&self);
        return NULL;
    }
    for (size_t i = 0; i < count; i++) {
        agent_t *a = &self->agents [i];
        a->id = ids [i];
        a->count = conf->messages / count + (i < conf->messages % count ? 1 : 0);
        a->msgs = (bench_msg_t *) calloc (a->count + 1, sizeof (bench_msg_t));
        a->t_sent = (uint64_t *) calloc (a->count + 1, sizeof (uint64_t));
        a->state = (uint8_t *) calloc (a->count + 1, 1);
        if (!a->msgs || !a->t_sent || !a->state) {
            bench_senders_destroy (&self);
            return NULL;
        }
    }
    /* build and sign on two threads: before the clock, off the hub's time   */
    build_job_t jobs [2] = { { self, 0, count / 2, 0, 0 }, { self, count / 2, count, 0, 0 } };
    pthread_t tid [2];
    for (int t = 0; t < 2; t++)
        pthread_create (&tid [t], NULL, s_build, &jobs [t]);
    for (int t = 0; t < 2; t++)
        pthread_join (tid [t], NULL);
    if (jobs [0].rc || jobs [1].rc) {
        bench_senders_destroy (&self);
        return NULL;
    }
    for (size_t i = 0; i < count; i++) {
        agent_t *a = &self->agents [i];
        a->sock = bench_connect (hub, a->id);
        if (!a->sock) {
            bench_senders_destroy (&self);
            return NULL;
        }
        a->handle = zsock_resolve (a->sock);
    }
    self->threads = conf->threads < 1 ? 1 : conf->threads > BENCH_MAX_THREADS
                  ? BENCH_MAX_THREADS : conf->threads;
    if ((size_t) self->threads > count)
        self->threads = (int) count;
    for (int t = 0; t < self->threads; t++) {
        gen_t *g = &self->gens [t];
        g->owner = self;
        g->index = t;
        g->agents = (agent_t **) calloc (count, sizeof (agent_t *));
        if (!g->agents) {
            bench_senders_destroy (&self);
            return NULL;
        }
        for (size_t i = (size_t) t; i < count; i += (size_t) self->threads) {
            g->agents [g->count++] = &self->agents [i];
            g->total += self->agents [i].count;
        }
        g->rate = conf->rate > 0 ? conf->rate * (double) g->total / (double) conf->messages : 0;
        g->lat_cap = g->total;
        g->r.lat_us = (double *) calloc (g->lat_cap + 1, sizeof (double));
        if (!g->r.lat_us) {
            bench_senders_destroy (&self);
            return NULL;
        }
    }
    zclock_sleep (CONNECT_SETTLE_MS + CONNECT_PER_AGENT_MS * (int) count);
    return self;
}

int
bench_senders_start (bench_senders_t *self)
{
    self->t_start_ns = bench_now_ns ();
    self->deadline_ns = self->t_start_ns + (uint64_t) self->conf.timeout_s * 1000000000ULL;
    for (int t = 0; t < self->threads; t++)
        if (pthread_create (&self->gens [t].thread, NULL, s_gen_run, &self->gens [t]) != 0)
            return -1;
    return 0;
}

void
bench_senders_stop (bench_senders_t *self)
{
    atomic_store (&self->stop, 1);
}

uint64_t
bench_senders_progress (bench_senders_t *self)
{
    return atomic_load (&self->progress);
}

void
bench_senders_wait (bench_senders_t *self, bench_load_result_t *r)
{
    memset (r, 0, sizeof *r);
    size_t cap = 0;
    for (int t = 0; t < self->threads; t++) {
        pthread_join (self->gens [t].thread, NULL);
        cap += self->gens [t].r.lat_n;
    }
    r->lat_us = (double *) calloc (cap + 1, sizeof (double));
    r->t_start_ns = self->t_start_ns;
    for (int t = 0; t < self->threads; t++) {
        bench_load_result_t *g = &self->gens [t].r;
        r->sent += g->sent;
        r->receipts += g->receipts;
        r->signal_receipts += g->signal_receipts;
        r->errors += g->errors;
        r->answers += g->answers;
        r->mismatched += g->mismatched;
        r->bad_receipts += g->bad_receipts;
        r->timed_out |= g->timed_out;
        for (int c = 0; c < 64; c++)
            r->error_codes [c] += g->error_codes [c];
        if (g->t_last_ns > r->t_last_ns)
            r->t_last_ns = g->t_last_ns;
        if (r->lat_us) {
            memcpy (r->lat_us + r->lat_n, g->lat_us, g->lat_n * sizeof (double));
            r->lat_n += g->lat_n;
        }
    }
}

void
bench_senders_destroy (bench_senders_t **self_p)
{
    bench_senders_t *self = *self_p;
    if (!self)
        return;
    for (size_t i = 0; self->agents && i < self->count; i++) {
        agent_t *a = &self->agents [i];
        zsock_destroy (&a->sock);
        for (uint64_t k = 0; a->msgs && k < a->count; k++)
            bench_msg_free (&a->msgs [k]);
        free (a->msgs);
        free (a->t_sent);
        free (a->state);
    }
    for (int t = 0; t < BENCH_MAX_THREADS; t++) {
        free (self->gens [t].agents);
        free (self->gens [t].r.lat_us);
    }
    free (self->agents);
    free (self);
    *self_p = NULL;
}

/* ---- the receiver ------------------------------------------------------ */

static int
s_send_ack (zsock_t *sock, proto_identity_t *id, proto_writer_t *w, uint64_t upto)
{
    proto_header_t h;
    memset (&h, 0, sizeof h);
    h.type = "ack";
    h.ts = proto_now_ms ();
    proto_id_new (h.id, h.ts);
    memcpy (h.from, proto_identity_cert (id)->sign_key, PROTO_PUBKEY_BYTES);
    proto_envelope_begin (w, &h, 1);
    proto_pack_kv_u64 (w, "upto", upto);
    uint8_t sig [PROTO_SIGNATURE_BYTES];
    proto_identity_sign (id, sig, proto_writer_data (w), proto_writer_size (w));
    return s_send2 (zsock_resolve (sock), proto_writer_data (w), proto_writer_size (w), sig);
}

static void *
s_receiver_run (void *arg)
{
    bench_receiver_t *r = (bench_receiver_t *) arg;
    void *handle = zsock_resolve (r->sock);
    proto_writer_t w;
    proto_writer_init (&w);
    uint64_t last = 0, acked = 0, unacked = 0, count = 0;
    r->t_hello_ns = bench_now_ns ();
    s_send_ack (r->sock, r->id, &w, 0);
    zmq_pollitem_t item = { handle, 0, ZMQ_POLLIN, 0 };
    while (!atomic_load (&r->stop)) {
        int rc = zmq_poll (&item, 1, 1);
        if (rc > 0) {
            zmq_msg_t first, rest [2];
            int frames;
            while ((frames = s_recv (handle, &first, rest, ZMQ_DONTWAIT)) > 0) {
                proto_link_t link;
                if (proto_link_decode (&link, zmq_msg_data (&first), zmq_msg_size (&first)) == PROTO_OK
                &&  link.kind == PROTO_LINK_DELIVER && frames == 3) {
                    uint64_t now = bench_now_ns ();
                    if (count == 0)
                        r->t_first_ns = now;
                    r->t_last_ns = now;
                    if (link.seq <= last)
                        r->out_of_order++;
                    last = link.seq;
                    unacked++;
                    /* signals are counted against what was sent; the hub's
                       own notices (a match, when signals share a household)
                       are counted apart                                      */
                    proto_envelope_t env;
                    if (proto_envelope_decode (&env, zmq_msg_data (&rest [0]), zmq_msg_size (&rest [0]),
                                               NULL, NULL) != PROTO_OK)
                        r->bad_signatures++;        /* not even an envelope    */
                    else {
                        bool signal = strcmp (env.type->name, "signal") == 0;
                        if (signal)
                            count++;
                        else
                            atomic_fetch_add (&r->notices, 1);
                        if (r->verify_every && signal && count % r->verify_every == 0
                        &&  proto_verify (zmq_msg_data (&rest [1]), env.bytes, env.size,
                                          env.from) != 0)
                            r->bad_signatures++;
                        proto_envelope_release (&env);
                    }
                    atomic_store (&r->deliveries, count);
                }
                if (link.live)
                    proto_link_release (&link);
                zmq_msg_close (&first);
                s_close_rest (rest, frames);
                if (unacked >= r->ack_every)
                    break;
            }
        }
        if (unacked && (unacked >= r->ack_every || rc == 0) && last > acked) {
            s_send_ack (r->sock, r->id, &w, last);
            r->acks++;
            acked = last;
            unacked = 0;
        }
    }
    if (last > acked)
        s_send_ack (r->sock, r->id, &w, last);
    proto_writer_destroy (&w);
    return NULL;
}

int
bench_receiver_start (bench_receiver_t *r, bench_hub_t *hub, proto_identity_t *id,
                      uint32_t verify_every)
{
    memset (r, 0, sizeof *r);
    r->hub = hub;
    r->id = id;
    r->ack_every = BENCH_ACK_EVERY;
    r->verify_every = verify_every;
    r->sock = bench_connect (hub, id);
    if (!r->sock)
        return -1;
    return pthread_create (&r->thread, NULL, s_receiver_run, r);
}

int
bench_receiver_wait (bench_receiver_t *r, uint64_t count, int timeout_s)
{
    uint64_t t0 = bench_now_ns ();
    while (atomic_load (&r->deliveries) < count) {
        if (bench_now_ns () - t0 > (uint64_t) timeout_s * 1000000000ULL)
            return -1;
        usleep (200);
    }
    return 0;
}

void
bench_receiver_stop (bench_receiver_t *r)
{
    if (!r->sock)
        return;
    atomic_store (&r->stop, 1);
    pthread_join (r->thread, NULL);
    zclock_sleep (50);                  /* let the last ack leave             */
    zsock_destroy (&r->sock);
}

/* ---- the prober --------------------------------------------------------- */

static void *
s_prober_run (void *arg)
{
    bench_prober_t *p = (bench_prober_t *) arg;
    zsock_t *sock = bench_connect (p->hub, p->id);
    if (!sock) {
        p->failed = p->probes;
        return NULL;
    }
    void *handle = zsock_resolve (sock);
    zclock_sleep (CONNECT_SETTLE_MS);
    proto_writer_t w;
    proto_writer_init (&w);
    zmq_pollitem_t item = { handle, 0, ZMQ_POLLIN, 0 };
    for (uint32_t i = 0; i < p->probes; i++) {
        if (p->deadline_ns && bench_now_ns () > p->deadline_ns)
            break;
        bench_msg_t m;
        uint64_t h = p->households && p->probes
                   ? (uint64_t) i * p->households / p->probes : (uint64_t) i;
        uint64_t now = proto_now_ms ();
        if (bench_msg_build (&m, &w, p->id, BM_REGIECHECK, now, now, h, 0, true) != 0) {
            p->failed++;
            continue;
        }
        uint64_t t0 = bench_now_ns ();
        bool receipt = false, answer = false;
        if (s_send2 (handle, m.bytes, m.len, m.sig) == 0)
            while (!(receipt && answer)) {
                uint64_t waited = (bench_now_ns () - t0) / 1000000;
                if (waited > BENCH_ANSWER_TIMEOUT_MS
                ||  zmq_poll (&item, 1, BENCH_ANSWER_TIMEOUT_MS - (long) waited) <= 0)
                    break;
                zmq_msg_t first, rest [2];
                int frames;
                while ((frames = s_recv (handle, &first, rest, ZMQ_DONTWAIT)) > 0) {
                    proto_link_t link;
                    if (proto_link_decode (&link, zmq_msg_data (&first), zmq_msg_size (&first)) == PROTO_OK) {
                        if (link.kind == PROTO_LINK_RECEIPT)
                            receipt = true;
                        else
                        if (link.kind == PROTO_LINK_ANSWER && frames == 3) {
                            /* the answer is the hub's, about this question     */
                            proto_envelope_t env;
                            if (proto_envelope_decode (&env, zmq_msg_data (&rest [0]),
                                                       zmq_msg_size (&rest [0]), NULL, NULL) == PROTO_OK) {
                                if (env.has_re && memcmp (env.re, m.id, PROTO_ID_BYTES) == 0
                                &&  memcmp (env.from, p->hub->sign_key, PROTO_PUBKEY_BYTES) == 0) {
                                    answer = true;
                                    p->rtt_us [p->n++] = (double) (bench_now_ns () - t0) / 1000.0;
                                }
                                proto_envelope_release (&env);
                            }
                        }
                        proto_link_release (&link);
                    }
                    zmq_msg_close (&first);
                    s_close_rest (rest, frames);
                }
            }
        if (!answer)
            p->failed++;
        bench_msg_free (&m);
        if (p->gap_ms)
            zclock_sleep ((int) p->gap_ms);
    }
    proto_writer_destroy (&w);
    zsock_destroy (&sock);
    return NULL;
}

int
bench_prober_start (bench_prober_t *p, bench_hub_t *hub, proto_identity_t *id,
                    uint32_t probes, uint32_t gap_ms, uint64_t households, uint64_t deadline_ns)
{
    memset (p, 0, sizeof *p);
    p->deadline_ns = deadline_ns;
    p->hub = hub;
    p->id = id;
    p->probes = probes;
    p->gap_ms = gap_ms;
    p->households = households;
    p->rtt_us = (double *) calloc (probes + 1, sizeof (double));
    if (!p->rtt_us)
        return -1;
    return pthread_create (&p->thread, NULL, s_prober_run, p);
}

void
bench_prober_wait (bench_prober_t *p)
{
    pthread_join (p->thread, NULL);
}
