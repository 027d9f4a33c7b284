/*  hub_router.c - the pipeline (see hub_router.h).                         */
#include "hub_router.h"
#include "hub_flow.h"
#include "hub_auth.h"
#include "hub_verify.h"
#include "hub_checkpoint.h"
#include "proto_sign.h"
#include "proto_merkle.h"
#include <jansson.h>
#include <time.h>

/*  A receipt of HUB_RECEIPT_CHUNK items with the deepest proof must pass
    every agent's frame limits (hub_router.h). In bytes: a hash is a bin 8
    (2 bytes of header), an item's keys and headers stay under 40, the
    receipt's own keys, signature and headers under 400.                     */
_Static_assert ((1 << HUB_MAX_BATCH_DEPTH) >= HUB_MAX_BATCH, "proof depth of the largest batch");
_Static_assert (9 + HUB_RECEIPT_CHUNK * (7 + HUB_MAX_BATCH_DEPTH) <= PROTO_MAX_OBJECTS,
                "a full receipt message within PROTO_MAX_OBJECTS");
_Static_assert (400 + PROTO_MAX_HEAD_BYTES + HUB_RECEIPT_CHUNK
                * (40 + PROTO_MAX_ITEM_BYTES + HUB_MAX_BATCH_DEPTH * (PROTO_DIGEST_BYTES + 2))
                <= PROTO_MAX_LINK_BYTES,
                "a full receipt message within PROTO_MAX_LINK_BYTES");

/*  A partner's delivery session and counters.                               */
typedef struct {
    char id [PROTO_MAX_PARTNER_ID_BYTES + 1];
    uint8_t routing [HUB_MAX_ROUTING_BYTES];
    size_t routing_len;
    bool online;
    bool marked;                        /* may have new deliveries            */
    uint64_t sent_upto;                 /* highest seq sent on this link      */
    uint64_t *inflight;                 /* ring of sent, unacknowledged seqs  */
    size_t ring_head, ring_count;
    size_t ring_cap;                    /* allocated; grows up to ring_size   */
    size_t ring_size;                   /* the delivery window                */
    double tokens;                      /* rate limit bucket                  */
    uint64_t refill_ms;
    uint64_t received, delivered, refused;
    uint64_t last_seen_ms;
} session_t;

typedef enum { SLOT_EMPTY, SLOT_MESSAGE, SLOT_ACK, SLOT_AUDIT } slot_kind_t;

/*  One received message in the current batch.                               */
typedef struct {
    slot_kind_t kind;
    zmq_msg_t env_msg, sig_msg;
    bool have_msgs;
    uint8_t routing [HUB_MAX_ROUTING_BYTES];
    size_t routing_len;
    char origin [64];
    proto_envelope_t env;
    const hub_partner_t *partner;
    session_t *session;
    uint8_t digest [PROTO_DIGEST_BYTES];
    uint64_t received_us;
    uint64_t ack_upto;
    bool verify;                        /* waits for its signature check      */
    bool lane;                          /* a question committed ahead         */
    /* outcome */
    bool receipted;
    bool has_id;                        /* item.id holds the message id       */
    proto_receipt_item_t item;
    uint8_t item_bytes [PROTO_MAX_ITEM_BYTES];
    size_t item_len;
    uint32_t leaf;
    proto_result_t refuse;
    char reason [HUB_MAX_REASON + 1];
    const char *field;
    proto_writer_t answer;
    uint8_t answer_sig [PROTO_SIGNATURE_BYTES];
    bool answered;
    bool isolated;                      /* its workflow failed the store: left
                                           out of its batch's second attempt  */
} slot_t;

/*  A batch: the messages of one group commit and their signature checks. */
typedef struct {
    slot_t *slots;
    size_t count;
    hub_verify_item_t *checks;
    size_t check_count;
} batch_t;

struct hub_router_t {
    hub_t *hub;
    zsock_t *sock;
    void *handle;
    zhashx_t *sessions;                 /* partner id -> session_t *          */
    size_t marked;
    batch_t batches [2];                /* one being verified, one committed  */
    size_t slot_count;                  /* slots per batch (batch_max)        */
    proto_hash_t *leaves;
    proto_hash_t *tree;
    uint32_t *order;
    proto_writer_t w;
    hub_verify_t *verifier;
    uint64_t batch;                     /* last committed batch number        */
    /* counters                                                              */
    uint64_t received, stored, duplicates, receipts, delivered, acks, commits, commit_failures;
    uint64_t isolated;                  /* messages left out so that the rest
                                           of their batch could commit        */
    uint64_t yields;                    /* handle() stopped reading in time   */
    uint64_t lane_commits, lane_questions;  /* the question lane           */
    uint64_t audit_heads;               /* audit heads signed for agents      */
    uint64_t refused [64];
    uint64_t batch_sizes [HUB_LATENCY_BUCKETS];   /* log2 buckets            */
    uint64_t latency [HUB_LATENCY_BUCKETS];       /* log2 us buckets         */
    uint64_t started_ms;
};

static uint64_t
s_mono_us (void)
{
    struct timespec ts;
    clock_gettime (CLOCK_MONOTONIC, &ts);
    return (uint64_t) ts.tv_sec * 1000000 + (uint64_t) ts.tv_nsec / 1000;
}

static int
s_log2 (uint64_t v)
{
    int b = 0;
    while (v > 1 && b < HUB_LATENCY_BUCKETS - 1) {
        v >>= 1;
        b++;
    }
    return b;
}

static void
s_session_free (void **item)
{
    session_t *s = (session_t *) *item;
    if (s) {
        free (s->inflight);
        free (s);
        *item = NULL;
    }
}

static session_t *
s_session (hub_router_t *self, const char *id)
{
    session_t *s = (session_t *) zhashx_lookup (self->sessions, id);
    if (!s) {
        s = (session_t *) calloc (1, sizeof *s);
        if (!s)
            return NULL;
        s->ring_size = self->hub->config->delivery_window;
        snprintf (s->id, sizeof s->id, "%s", id);
        s->tokens = self->hub->config->burst;
        s->refill_ms = hub_clock_now (self->hub->clock);
        zhashx_insert (self->sessions, s->id, s);
    }
    return s;
}

hub_router_t *
hub_router_new (hub_t *hub, char *err, size_t errlen)
{
    hub_router_t *self = (hub_router_t *) calloc (1, sizeof *self);
    if (!self) {
        snprintf (err, errlen, "out of memory");
        return NULL;
    }
    self->hub = hub;
    self->slot_count = hub->config->batch_max;
    bool batches_ok = true;
    for (int b = 0; b < 2; b++) {
        self->batches [b].slots = (slot_t *) calloc (self->slot_count, sizeof (slot_t));
        self->batches [b].checks = (hub_verify_item_t *) calloc (self->slot_count,
                                                                 sizeof (hub_verify_item_t));
        if (!self->batches [b].slots || !self->batches [b].checks)
            batches_ok = false;
        else
            for (size_t i = 0; i < self->slot_count; i++)
                proto_writer_init (&self->batches [b].slots [i].answer);
    }
    self->leaves = (proto_hash_t *) calloc (self->slot_count, sizeof (proto_hash_t));
    self->tree = (proto_hash_t *) calloc (proto_merkle_tree_size (self->slot_count),
                                          sizeof (proto_hash_t));
    self->order = (uint32_t *) calloc (self->slot_count, sizeof (uint32_t));
    self->verifier = hub_verify_new (hub->config->verifiers);
    self->sessions = zhashx_new ();
    if (!batches_ok || !self->leaves || !self->tree || !self->order || !self->sessions
    ||  !self->verifier) {
        snprintf (err, errlen, "out of memory");
        hub_router_destroy (&self);
        return NULL;
    }
    zhashx_set_destructor (self->sessions, s_session_free);
    proto_writer_init (&self->w);
    if (hub_store_last_batch (hub->store, &self->batch) != 0) {
        snprintf (err, errlen, "store: %s", hub_store_error (hub->store));
        hub_router_destroy (&self);
        return NULL;
    }
    self->started_ms = hub_clock_now (hub->clock);

    /*  A received message must not pin its connection's whole read buffer
        (~18 KiB) while it waits in a pipe or a batch: with a thousand
        partners and a few messages in flight each, libzmq's zero-copy
        receive kept a buffer per waiting message alive (~170 MiB). Copying
        a message out costs one memcpy of its size.                          */
    if (zmq_ctx_set (zsys_init (), HUB_ZMQ_ZERO_COPY_RECV, 0) != 0)
        zsys_warning ("libzmq cannot turn zero-copy receive off (%s): memory grows "
                      "with the messages in flight", zmq_strerror (zmq_errno ()));
    self->sock = zsock_new (ZMQ_ROUTER);
    if (!self->sock) {
        snprintf (err, errlen, "cannot create the ROUTER socket");
        hub_router_destroy (&self);
        return NULL;
    }
    self->handle = zsock_resolve (self->sock);
    int yes = 1;
    int64_t maxmsg = HUB_MAX_FRAME_BYTES;
    int hwm = HUB_SNDHWM;
    int hb = (int) hub->config->heartbeat_ms;
    int hb_timeout = hb * 3;
    int linger = 0;
    if (hub_auth_curve_server (self->sock, hub_signer_zcert (hub->signer)) != 0
    ||  zmq_setsockopt (self->handle, ZMQ_ROUTER_MANDATORY, &yes, sizeof yes) != 0
    ||  zmq_setsockopt (self->handle, ZMQ_MAXMSGSIZE, &maxmsg, sizeof maxmsg) != 0
    ||  zmq_setsockopt (self->handle, ZMQ_SNDHWM, &hwm, sizeof hwm) != 0
    ||  zmq_setsockopt (self->handle, ZMQ_RCVHWM, &hwm, sizeof hwm) != 0
    ||  zmq_setsockopt (self->handle, ZMQ_HEARTBEAT_IVL, &hb, sizeof hb) != 0
    ||  zmq_setsockopt (self->handle, ZMQ_HEARTBEAT_TIMEOUT, &hb_timeout, sizeof hb_timeout) != 0
    ||  zmq_setsockopt (self->handle, ZMQ_LINGER, &linger, sizeof linger) != 0) {
        snprintf (err, errlen, "cannot set the ROUTER socket's security options: %s",
                  zmq_strerror (zmq_errno ()));
        hub_router_destroy (&self);
        return NULL;
    }
    if (zsock_bind (self->sock, "%s", hub->config->endpoint) < 0) {
        snprintf (err, errlen, "cannot listen on %s: %s", hub->config->endpoint,
                  zmq_strerror (zmq_errno ()));
        hub_router_destroy (&self);
        return NULL;
    }
    return self;
}

void
hub_router_destroy (hub_router_t **self_p)
{
    hub_router_t *self = *self_p;
    if (!self)
        return;
    zsock_destroy (&self->sock);
    zhashx_destroy (&self->sessions);
    hub_verify_destroy (&self->verifier);
    for (int b = 0; b < 2; b++) {
        if (self->batches [b].slots)
            for (size_t i = 0; i < self->slot_count; i++)
                proto_writer_destroy (&self->batches [b].slots [i].answer);
        free (self->batches [b].slots);
        free (self->batches [b].checks);
    }
    proto_writer_destroy (&self->w);
    free (self->leaves);
    free (self->tree);
    free (self->order);
    free (self);
    *self_p = NULL;
}

zsock_t *
hub_router_socket (hub_router_t *self)
{
    return self->sock;
}

/* ---- sending ---------------------------------------------------------- */

/*  Sends frames to a peer. Returns 0, or -1 when the peer is gone or its
    queue is full (the caller then stops sending to it for now).              */
static int
s_send (hub_router_t *self, const uint8_t *routing, size_t routing_len,
        const uint8_t *const *frames, const size_t *sizes, int count)
{
    if (zmq_send (self->handle, routing, routing_len, ZMQ_SNDMORE | ZMQ_DONTWAIT) < 0)
        return -1;
    for (int i = 0; i < count; i++)
        if (zmq_send (self->handle, frames [i], sizes [i],
                      (i + 1 < count ? ZMQ_SNDMORE : 0) | ZMQ_DONTWAIT) < 0)
            return -1;
    return 0;
}

static void
s_send_error (hub_router_t *self, const slot_t *slot)
{
    proto_link_error_encode (&self->w, slot->has_id ? slot->item.id : NULL,
                             slot->refuse, slot->field,
                             slot->reason [0] ? slot->reason : proto_result_text (slot->refuse));
    const uint8_t *frames [1] = { proto_writer_data (&self->w) };
    size_t sizes [1] = { proto_writer_size (&self->w) };
    s_send (self, slot->routing, slot->routing_len, frames, sizes, 1);
    if (slot->refuse < 64)
        self->refused [slot->refuse]++;
    if (slot->session)
        slot->session->refused++;
    zsys_info ("refused %s from %s: %s%s%s", slot->env.live ? slot->env.type->name : "message",
               slot->partner ? slot->partner->cert.id : slot->origin,
               proto_result_name (slot->refuse), slot->reason [0] ? ": " : "", slot->reason);
}

/*  Refuses a slot before the transaction: answered at once.                 */
static void
s_refuse_now (hub_router_t *self, slot_t *slot, proto_result_t code, const char *field,
              const char *reason)
{
    slot->refuse = code;
    slot->field = field;
    snprintf (slot->reason, sizeof slot->reason, "%s", reason ? reason : "");
    s_send_error (self, slot);
    slot->kind = SLOT_EMPTY;
}

/*  Makes room for one more sequence in a session's ring. The ring starts
    empty and doubles as deliveries need it, so that a thousand partners who
    only send do not each hold a whole delivery window. -1: the window is
    full (or no memory, which waits like a full window).                    */
static int
s_ring_reserve (session_t *s)
{
    if (s->ring_count < s->ring_cap)
        return 0;
    if (s->ring_cap >= s->ring_size)
        return -1;
    size_t cap = s->ring_cap ? s->ring_cap * 2 : HUB_RING_FIRST;
    if (cap > s->ring_size)
        cap = s->ring_size;
    uint64_t *ring = (uint64_t *) malloc (cap * sizeof (uint64_t));
    if (!ring)
        return -1;
    for (size_t i = 0; i < s->ring_count; i++)
        ring [i] = s->inflight [(s->ring_head + i) % s->ring_cap];
    free (s->inflight);
    s->inflight = ring;
    s->ring_cap = cap;
    s->ring_head = 0;
    return 0;
}

static int
s_deliver_one (void *arg, uint64_t seq, const uint8_t *env, size_t len, const uint8_t *sig)
{
    hub_router_t *self = (hub_router_t *) ((void **) arg) [0];
    session_t *s = (session_t *) ((void **) arg) [1];
    if (s_ring_reserve (s) != 0)
        return -1;
    proto_link_deliver_encode (&self->w, seq);
    const uint8_t *frames [3] = { proto_writer_data (&self->w), env, sig };
    size_t sizes [3] = { proto_writer_size (&self->w), len, PROTO_SIGNATURE_BYTES };
    if (s_send (self, s->routing, s->routing_len, frames, sizes, 3) != 0) {
        if (zmq_errno () == EHOSTUNREACH) {
            s->online = false;
            zsys_info ("partner %s went away; deliveries wait for its return", s->id);
        }
        return -1;
    }
    s->inflight [(s->ring_head + s->ring_count) % s->ring_cap] = seq;
    s->ring_count++;
    s->sent_upto = seq;
    s->delivered++;
    self->delivered++;
    return 0;
}

static void
s_pump_session (hub_router_t *self, session_t *s)
{
    if (!s->online)
        return;
    void *arg [2] = { self, s };
    while (s->online && s->ring_count < s->ring_size) {
        size_t want = s->ring_size - s->ring_count;
        uint64_t before = s->sent_upto;
        int n = hub_store_pending (self->hub->store, s->id, s->sent_upto, want, s_deliver_one, arg);
        if (n < 0) {
            zsys_error ("store: cannot read deliveries for %s: %s", s->id,
                        hub_store_error (self->hub->store));
            return;
        }
        if ((size_t) n < want || s->sent_upto == before)
            break;
    }
}

/*  Marks recipient as having new deliveries, once they are committed.      */
static void
s_mark (hub_router_t *self, const char *recipient)
{
    session_t *s = s_session (self, recipient);
    if (s && !s->marked) {
        s->marked = true;
        self->marked++;
    }
}

/*  A recipient of deliveries that a commit made durable.                    */
static void
s_mark_queued (void *arg, const char *recipient)
{
    s_mark ((hub_router_t *) arg, recipient);
}

void
hub_router_pump (hub_router_t *self)
{
    if (!self->marked)
        return;
    for (session_t *s = (session_t *) zhashx_first (self->sessions); s;
         s = (session_t *) zhashx_next (self->sessions)) {
        if (!s->marked)
            continue;
        s_pump_session (self, s);
        /* stays marked while it is offline or its window is full           */
        if (s->online && s->ring_count < s->ring_size) {
            s->marked = false;
            self->marked--;
        }
    }
}

/* ---- receiving -------------------------------------------------------- */

static void
s_slot_clear (slot_t *slot)
{
    if (slot->have_msgs) {
        zmq_msg_close (&slot->env_msg);
        zmq_msg_close (&slot->sig_msg);
        slot->have_msgs = false;
    }
    proto_envelope_release (&slot->env);
    slot->kind = SLOT_EMPTY;
    slot->partner = NULL;
    slot->session = NULL;
    slot->receipted = false;
    slot->has_id = false;
    slot->verify = false;
    slot->lane = false;
    slot->answered = false;
    slot->isolated = false;
    slot->refuse = PROTO_OK;
    slot->reason [0] = 0;
    slot->field = NULL;
    memset (&slot->item, 0, sizeof slot->item);
}

/*  Reads one message from the socket into slot. Returns 1 when one was
    read (slot->kind says whether it goes on), 0 when none was waiting.      */
static int
s_receive (hub_router_t *self, slot_t *slot)
{
    zmq_msg_t part;
    zmq_msg_init (&part);
    if (zmq_msg_recv (&part, self->handle, ZMQ_DONTWAIT) < 0) {
        zmq_msg_close (&part);
        return 0;
    }
    slot->received_us = s_mono_us ();
    slot->routing_len = zmq_msg_size (&part);
    if (slot->routing_len > HUB_MAX_ROUTING_BYTES)
        slot->routing_len = HUB_MAX_ROUTING_BYTES;
    memcpy (slot->routing, zmq_msg_data (&part), slot->routing_len);
    int more = zmq_msg_more (&part);
    zmq_msg_close (&part);

    int count = 0;
    zmq_msg_init (&slot->env_msg);
    zmq_msg_init (&slot->sig_msg);
    slot->have_msgs = true;
    while (more) {
        zmq_msg_t *target = count == 0 ? &slot->env_msg : count == 1 ? &slot->sig_msg : &part;
        if (target == &part)
            zmq_msg_init (&part);
        if (zmq_msg_recv (target, self->handle, 0) < 0)
            break;
        more = zmq_msg_more (target);
        if (target == &part)
            zmq_msg_close (&part);
        count++;
    }
    self->received++;
    const char *peer = count > 0 ? zmq_msg_gets (&slot->env_msg, "Peer-Address") : NULL;
    snprintf (slot->origin, sizeof slot->origin, "%s", peer ? peer : "");
    slot->kind = SLOT_MESSAGE;
    if (count != 2) {
        s_refuse_now (self, slot, PROTO_BAD_FRAMES, NULL,
                      "a message is two frames: the envelope and its signature");
        return 1;
    }
    return 1;
}

/*  Limits, decoding, signature, author, roles, rate: everything that needs
    no store. Refusals are answered at once.                                  */
static void
s_admit (hub_router_t *self, slot_t *slot)
{
    hub_t *hub = self->hub;
    const char *user = zmq_msg_gets (&slot->env_msg, "User-Id");
    slot->partner = user ? hub_partners_by_curve (hub->partners, user) : NULL;
    if (!slot->partner) {
        s_refuse_now (self, slot, PROTO_UNKNOWN_PARTNER, NULL,
                      "this key is not (or no longer) admitted to the network");
        return;
    }
    slot->session = s_session (self, slot->partner->cert.id);
    if (slot->session)
        slot->session->last_seen_ms = hub_clock_now (hub->clock);
    size_t size = zmq_msg_size (&slot->env_msg);
    const uint8_t *bytes = (const uint8_t *) zmq_msg_data (&slot->env_msg);
    if (size > PROTO_MAX_ENVELOPE_BYTES) {
        s_refuse_now (self, slot, PROTO_TOO_BIG, NULL, NULL);
        return;
    }
    if (zmq_msg_size (&slot->sig_msg) != PROTO_SIGNATURE_BYTES) {
        s_refuse_now (self, slot, PROTO_BAD_FRAMES, NULL,
                      "the second frame must be a 64-byte Ed25519 signature");
        return;
    }
    const char *field = NULL;
    proto_result_t rc = proto_envelope_decode (&slot->env, bytes, size, &hub->config->taxonomy, &field);
    if (rc != PROTO_OK) {
        char reason [HUB_MAX_REASON + 1];
        snprintf (reason, sizeof reason, "%s%s%s", field ? field : "", field ? ": " : "",
                  proto_result_text (rc));
        s_refuse_now (self, slot, rc, field, reason);
        return;
    }
    memcpy (slot->item.id, slot->env.id, PROTO_ID_BYTES);
    slot->has_id = true;
    slot->verify = true;            /* the batch's signatures are checked together */
}

/*  After the signature check: author, roles, rate.                          */
static void
s_admit_verified (hub_router_t *self, slot_t *slot, int signature)
{
    hub_t *hub = self->hub;
    slot->verify = false;
    if (signature != 0) {
        s_refuse_now (self, slot, PROTO_BAD_SIGNATURE, NULL, NULL);
        return;
    }
    if (memcmp (slot->env.from, slot->partner->cert.sign_key, PROTO_PUBKEY_BYTES) != 0) {
        s_refuse_now (self, slot, PROTO_WRONG_AUTHOR, "from", NULL);
        return;
    }
    const proto_type_t *type = slot->env.type;
    if ((type->flags & PROTO_T_HUB) || !(type->roles & slot->partner->cert.roles)) {
        char reason [HUB_MAX_REASON + 1];
        char roles [PROTO_MAX_ROLES_BYTES];
        proto_roles_format (roles, sizeof roles, slot->partner->cert.roles);
        snprintf (reason, sizeof reason, "a partner with roles %s may not send %s", roles,
                  type->name);
        s_refuse_now (self, slot, PROTO_FORBIDDEN, "type", reason);
        return;
    }
    /* the link's own types (HUB_LANE_LINK) have no workflow                 */
    if (proto_type_code (type) == PROTO_TYPE_ACK) {
        uint64_t upto = 0;
        proto_env_u64 (&slot->env, "upto", &upto);
        slot->kind = SLOT_ACK;
        slot->ack_upto = upto;
        return;
    }
    if (proto_type_code (type) == PROTO_TYPE_AUDIT_SINCE) {
        uint64_t from = 0;
        proto_env_u64 (&slot->env, "from", &from);
        if (from == 0) {
            s_refuse_now (self, slot, PROTO_BAD_VALUE, "from", "from counts from 1");
            return;
        }
        slot->kind = SLOT_AUDIT;
        slot->ack_upto = from;
        return;
    }
    /* token bucket                                                          */
    session_t *s = slot->session;
    if (s) {
        uint64_t now = hub_clock_now (hub->clock);
        if (now > s->refill_ms) {
            s->tokens += (double) (now - s->refill_ms) * hub->config->rate / 1000.0;
            if (s->tokens > hub->config->burst)
                s->tokens = hub->config->burst;
            s->refill_ms = now;
        }
        if (s->tokens < 1.0) {
            s_refuse_now (self, slot, PROTO_RATE_LIMITED, NULL, NULL);
            return;
        }
        s->tokens -= 1.0;
        s->received++;
    }
    proto_digest (slot->digest, slot->env.bytes, slot->env.size);
}

/* ---- the transaction -------------------------------------------------- */

/*  Dedup, window, store, workflow, audit for one message. Returns -1 only
    on a store error (the batch fails).                                      */
static int
s_apply (hub_router_t *self, slot_t *slot, uint64_t now)
{
    hub_t *hub = self->hub;
    hub_stored_t stored;
    int found = hub_store_find (hub->store, slot->env.id, &stored);
    if (found < 0)
        return -1;
    if (found) {
        if (strcmp (stored.author, slot->partner->cert.id) != 0) {
            slot->refuse = PROTO_REPLAY;
            snprintf (slot->reason, sizeof slot->reason, "message id already used");
            return 0;
        }
        /* the same author sends it again: its receipt was lost; repeat it  */
        slot->receipted = true;
        slot->item.duplicate = true;
        slot->item.seq = stored.seq;
        memcpy (slot->item.digest, stored.digest, PROTO_DIGEST_BYTES);
        snprintf (slot->item.note, sizeof slot->item.note, "stored before");
        self->duplicates++;
        if (!(slot->env.type->flags & PROTO_T_QUERY))
            return 0;
        /* a repeated question gets its answer again (and is audited again) */
    }
    else {
        uint64_t window = (uint64_t) hub->config->time_window_s * 1000;
        if (slot->env.ts + window < now || slot->env.ts > now + window) {
            slot->refuse = PROTO_STALE;
            snprintf (slot->reason, sizeof slot->reason,
                      "timestamp differs from the hub's clock by more than %u s; check the clock",
                      hub->config->time_window_s);
            return 0;
        }
    }
    hub_audit_mark_t mark;
    hub_audit_mark (hub->audit, &mark);
    /* a savepoint copies every page the message touches; only a workflow
       that may refuse needs one (a store error fails the whole batch)      */
    bool guard = hub_flow_desc (slot->env.type)->may_refuse;
    if (guard && hub_store_savepoint (hub->store) != 0)
        return -1;
    uint64_t seq = slot->item.seq;
    if (!found) {
        if (hub_store_put (hub->store, slot->env.id, slot->partner->cert.id, slot->env.type->name,
                           slot->env.ts, now, slot->digest, slot->env.bytes, slot->env.size,
                           (const uint8_t *) zmq_msg_data (&slot->sig_msg), &seq) != 0)
            goto failed;
    }
    hub_msg_t msg;
    memset (&msg, 0, sizeof msg);
    msg.env = &slot->env;
    msg.author = slot->partner;
    msg.digest = slot->digest;
    msg.seq = seq;
    msg.now = now;
    msg.origin = slot->origin;
    msg.item = &slot->item;
    msg.answer = &slot->answer;
    if (hub_flow_household (hub, &msg) != 0)
        goto failed;
    /* the message's one entry, once the workflow named its recipients      */
    if (hub_flow_apply (hub, &msg) != 0
    ||  (msg.refuse == PROTO_OK && hub_audit_msg_to (hub, &msg, found ? "repeated" : "stored") != 0))
        goto failed;
    if (msg.refuse != PROTO_OK && !guard) {
        zsys_error ("workflow of %s refused without a savepoint: its descriptor is wrong",
                    slot->env.type->name);
        goto failed;
    }
    if (msg.refuse != PROTO_OK) {
        /* undo the message's effects, keep a record of the refusal          */
        hub_store_rollback_to (hub->store);
        hub_audit_reset (hub->audit, &mark);
        slot->refuse = msg.refuse;
        snprintf (slot->reason, sizeof slot->reason, "%s", msg.reason);
        char result [PROTO_MAX_NOTE_BYTES + 1];
        snprintf (result, sizeof result, "refused: %s", proto_result_name (msg.refuse));
        msg.seq = 0;
        slot->receipted = false;
        return hub_audit_msg (hub, &msg, slot->env.type->name, result);
    }
    if (guard && hub_store_release (hub->store) != 0)
        goto failed;
    slot->receipted = true;
    slot->item.seq = seq;
    if (!found) {
        memcpy (slot->item.digest, slot->digest, PROTO_DIGEST_BYTES);
        self->stored++;
    }
    if (msg.answered) {
        slot->answered = true;
        memcpy (slot->answer_sig, msg.answer_sig, PROTO_SIGNATURE_BYTES);
    }
    return 0;

failed:
    if (guard)
        hub_store_rollback_to (hub->store);
    hub_audit_reset (hub->audit, &mark);
    return -1;
}

static int
s_compare_routing (const void *a, const void *b, void *arg)
{
    const slot_t *slots = (const slot_t *) arg;
    const slot_t *x = &slots [*(const uint32_t *) a], *y = &slots [*(const uint32_t *) b];
    if (x->routing_len != y->routing_len)
        return x->routing_len < y->routing_len ? -1 : 1;
    int c = memcmp (x->routing, y->routing, x->routing_len);
    if (c)
        return c;
    return *(const uint32_t *) a < *(const uint32_t *) b ? -1 : 1;
}

/*  Receipts, grouped per connection, in chunks.                             */
static void
s_send_receipts (hub_router_t *self, slot_t *slots, size_t count, const uint8_t *head,
                 size_t head_len, const uint8_t *sig, uint32_t leaves)
{
    size_t n = 0;
    for (size_t i = 0; i < count; i++)
        if (slots [i].receipted)
            self->order [n++] = (uint32_t) i;
    qsort_r (self->order, n, sizeof (uint32_t), s_compare_routing, slots);
    uint64_t now_us = s_mono_us ();
    size_t i = 0;
    while (i < n) {
        slot_t *first = &slots [self->order [i]];
        size_t j = i;
        while (j < n && j - i < HUB_RECEIPT_CHUNK
           &&  slots [self->order [j]].routing_len == first->routing_len
           &&  memcmp (slots [self->order [j]].routing, first->routing, first->routing_len) == 0)
            j++;
        proto_receipt_begin (&self->w, head, head_len, sig, (uint32_t) (j - i));
        for (size_t k = i; k < j; k++) {
            slot_t *slot = &slots [self->order [k]];
            proto_hash_t path [PROTO_MERKLE_MAX_DEPTH];
            size_t depth = 0;
            proto_merkle_proof (path, &depth, self->tree, leaves, slot->leaf);
            proto_receipt_add (&self->w, slot->item_bytes, slot->item_len, slot->leaf, path, depth);
            self->latency [s_log2 (now_us - slot->received_us)]++;
        }
        const uint8_t *frames [1] = { proto_writer_data (&self->w) };
        size_t sizes [1] = { proto_writer_size (&self->w) };
        s_send (self, first->routing, first->routing_len, frames, sizes, 1);
        self->receipts += j - i;
        i = j;
    }
}

/*  Refuses slot as unavailable: the store could not take it (why).        */
static void
s_unavailable (slot_t *slot, const char *why)
{
    slot->refuse = PROTO_UNAVAILABLE;
    snprintf (slot->reason, sizeof slot->reason,
              "the hub could not store the message (%.100s); send it again later", why);
    slot->field = NULL;
}

/*  Forgets what a failed attempt's s_apply wrote into the batch's message
    slots, so that they are applied afresh (the store rolled back).         */
static void
s_slots_reset (slot_t *slots, size_t count, bool lane)
{
    for (size_t i = 0; i < count; i++) {
        slot_t *slot = &slots [i];
        if (slot->kind != SLOT_MESSAGE || (lane && !slot->lane) || slot->isolated)
            continue;
        slot->receipted = slot->answered = false;
        slot->refuse = PROTO_OK;
        slot->reason [0] = '\0';
        slot->field = NULL;
        slot->item.duplicate = false;
        slot->item.seq = 0;
        slot->item.note [0] = slot->item.to [0] = '\0';
        memset (slot->item.digest, 0, sizeof slot->item.digest);
    }
}

/*  One group commit over slots [0, count), or (lane) over the slots of the
    question lane among them only: the others are left as they are.         */
static void
s_commit_batch (hub_router_t *self, slot_t *slots, size_t count, bool lane)
{
    hub_t *hub = self->hub;
    uint64_t now = hub_clock_now (hub->clock);
    hub_audit_mark_t mark;
    hub_audit_mark (hub->audit, &mark);
    bool failed = false;
    size_t messages = 0;
    for (size_t i = 0; i < count; i++)
        messages += slots [i].kind == SLOT_MESSAGE && (!lane || slots [i].lane);
    /* a message whose workflow fails the store (a fault that would repeat
       each time it is sent) is left out and the rest applied once more, so
       that it does not take the other partners' messages with it            */
    for (int attempt = 0; attempt < 2; attempt++) {
        uint64_t stored = self->stored, duplicates = self->duplicates;
        failed = hub_store_begin (hub->store) != 0;
        slot_t *culprit = NULL;
        for (size_t i = 0; i < count && !failed; i++) {
            slot_t *slot = &slots [i];
            if (lane && !slot->lane)
                continue;
            if (slot->kind == SLOT_MESSAGE && !slot->isolated) {
                failed = s_apply (self, slot, now) != 0;
                if (failed)
                    culprit = slot;
            }
            else
            if (slot->kind == SLOT_ACK) {
                uint64_t removed = 0;
                failed = hub_store_ack (hub->store, slot->partner->cert.id, slot->ack_upto, &removed) != 0;
                if (!failed && removed) {
                    char result [64];
                    snprintf (result, sizeof result, "delivered up to %llu (%llu)",
                              (unsigned long long) slot->ack_upto, (unsigned long long) removed);
                    hub_msg_t msg = { .env = &slot->env, .author = slot->partner, .now = now,
                                      .origin = slot->origin };
                    failed = hub_audit_msg (hub, &msg, "delivered", result) != 0;
                }
            }
        }
        if (!failed || !culprit || attempt > 0 || messages < 2)
            break;
        const char *why = hub_store_error (hub->store);
        zsys_error ("store: the workflow of a %s message from %s failed (%s); the rest of its "
                    "batch is applied without it", culprit->env.type->name,
                    culprit->partner->cert.id, why);
        culprit->isolated = true;
        s_unavailable (culprit, why);
        self->isolated++;
        hub_store_rollback (hub->store);
        hub_queued_clear (hub);
        hub_audit_reset (hub->audit, &mark);
        self->stored = stored;
        self->duplicates = duplicates;
        s_slots_reset (slots, count, lane);
    }
    /* the receipts: one Merkle tree over all items, one signed head        */
    uint32_t leaves = 0;
    uint8_t head_bytes [PROTO_MAX_HEAD_BYTES];
    size_t head_len = 0;
    uint8_t sig [PROTO_SIGNATURE_BYTES];
    for (size_t i = 0; i < count && !failed; i++) {
        slot_t *slot = &slots [i];
        if (!slot->receipted)
            continue;
        proto_receipt_item_encode (&self->w, &slot->item);
        slot->item_len = proto_writer_size (&self->w);
        if (slot->item_len > sizeof slot->item_bytes)
            slot->item_len = sizeof slot->item_bytes;   /* cannot happen: bounded fields */
        memcpy (slot->item_bytes, proto_writer_data (&self->w), slot->item_len);
        proto_merkle_leaf (self->leaves [leaves], slot->item_bytes, slot->item_len);
        slot->leaf = leaves++;
    }
    if (!failed && leaves) {
        proto_batch_head_t head;
        memset (&head, 0, sizeof head);
        memcpy (head.hub, hub_signer_cert (hub->signer)->sign_key, PROTO_PUBKEY_BYTES);
        head.batch = self->batch + 1;
        head.leaves = leaves;
        head.ts = now;
        proto_merkle_build (self->tree, self->leaves, leaves);
        memcpy (head.root, proto_merkle_root (self->tree, leaves), PROTO_DIGEST_BYTES);
        hub_audit_head (hub->audit, &head.audit_seq, head.audit_head);
        proto_batch_head_encode (&self->w, &head);
        head_len = proto_writer_size (&self->w);
        memcpy (head_bytes, proto_writer_data (&self->w), head_len);
        hub_signer_sign (hub->signer, sig, head_bytes, head_len);
        failed = hub_store_put_batch (hub->store, &head, head_bytes, head_len, sig) != 0;
    }
    if (!failed)
        failed = hub_store_commit (hub->store) != 0;

    if (failed) {
        /* the cause, read before the rollback replaces it                   */
        char why [160];
        snprintf (why, sizeof why, "%s", hub_store_error (hub->store));
        zsys_error ("store: commit failed, %zu messages refused: %s", count, why);
        hub_store_rollback (hub->store);
        hub_queued_clear (hub);
        hub_audit_reset (hub->audit, &mark);
        self->commit_failures++;
        /* nothing of this batch happened                                    */
        for (size_t i = 0; i < count; i++) {
            slot_t *slot = &slots [i];
            if (slot->kind != SLOT_MESSAGE || (lane && !slot->lane))
                continue;
            if (!slot->isolated)
                s_unavailable (slot, why);
            s_send_error (self, slot);
        }
        return;
    }
    hub_queued_take (hub, s_mark_queued, self);
    if (leaves) {
        self->batch++;
        self->commits++;
        self->batch_sizes [s_log2 (leaves)]++;
    }
    /* answers and refusals first: a partner waiting for an answer does not
       wait for the batch's receipts to be sent before it                    */
    for (size_t i = 0; i < count; i++) {
        slot_t *slot = &slots [i];
        if (lane && !slot->lane)
            continue;
        if (slot->kind == SLOT_MESSAGE && slot->refuse != PROTO_OK)
            s_send_error (self, slot);
        else
        if (slot->kind == SLOT_MESSAGE && slot->answered) {
            proto_link_answer_encode (&self->w);
            const uint8_t *frames [3] = { proto_writer_data (&self->w),
                                          proto_writer_data (&slot->answer), slot->answer_sig };
            size_t sizes [3] = { proto_writer_size (&self->w), proto_writer_size (&slot->answer),
                                 PROTO_SIGNATURE_BYTES };
            s_send (self, slot->routing, slot->routing_len, frames, sizes, 3);
        }
        else
        if (slot->kind == SLOT_ACK && slot->session) {
            /* an ack is also a hello: deliveries go to this connection      */
            session_t *s = slot->session;
            self->acks++;
            bool moved = !s->online || s->routing_len != slot->routing_len
                      || memcmp (s->routing, slot->routing, slot->routing_len) != 0;
            if (moved) {
                memcpy (s->routing, slot->routing, slot->routing_len);
                s->routing_len = slot->routing_len;
                s->online = true;
                s->sent_upto = slot->ack_upto;
                s->ring_count = 0;
                zsys_info ("partner %s connected (from %s), deliveries after %llu", s->id,
                           slot->origin, (unsigned long long) slot->ack_upto);
            }
            while (s->ring_count && s->inflight [s->ring_head] <= slot->ack_upto) {
                s->ring_head = (s->ring_head + 1) % s->ring_cap;
                s->ring_count--;
            }
            if (s->sent_upto < slot->ack_upto)
                s->sent_upto = slot->ack_upto;
            s_mark (self, s->id);
        }
    }
    if (leaves)
        s_send_receipts (self, slots, count, head_bytes, head_len, sig, leaves);
}

typedef struct {
    proto_writer_t *w;
    uint64_t last;
} digests_t;

static int
s_digest_row (void *arg, const hub_audit_row_t *row, bool damaged)
{
    digests_t *d = (digests_t *) arg;
    if (row->seq > d->last)
        return -1;
    uint8_t digest [PROTO_DIGEST_BYTES];
    hub_audit_entry_digest (digest, row);
    proto_pack_bin (d->w, digest, PROTO_DIGEST_BYTES);
    return 0;
}

/*  The hash of one audit entry, for s_audit_head.                           */
typedef struct {
    uint64_t seq;
    uint8_t hash [PROTO_DIGEST_BYTES];
    bool found;
} audit_at_t;

static int
s_audit_at (void *arg, const hub_audit_row_t *row, bool damaged)
{
    audit_at_t *a = (audit_at_t *) arg;
    if (row->seq == a->seq && !damaged) {
        memcpy (a->hash, row->hash, PROTO_DIGEST_BYTES);
        a->found = true;
    }
    return 1;                           /* one row is enough                 */
}

/*  No batch head lies within PROTO_LINK_MAX_DIGESTS entries after an
    agent's anchor, other than the anchor's own (transactions without
    receipts - acks, the timers - or a commit with that many entries came
    between): an audit head (n 0, PROTOCOL.md) is signed for the entry that
    many on, or the last one, so that the agent's anchor can move on (an
    agent whose anchor is the last entry gets a head for it and no digests).
    last and last_hash are the log's head. 1 with the head, 0 when the log
    is shorter than from - 1, -1 on a store error.                          */
static int
s_audit_head (hub_router_t *self, uint64_t from, uint64_t last,
              const uint8_t last_hash [PROTO_DIGEST_BYTES], uint8_t *head_bytes,
              size_t *head_len, uint8_t sig [PROTO_SIGNATURE_BYTES], uint64_t *audit_seq)
{
    hub_t *hub = self->hub;
    if (last + 1 < from)
        return 0;                       /* shorter than the agent's head     */
    audit_at_t at = { from - 1 + PROTO_LINK_MAX_DIGESTS, { 0 }, false };
    if (at.seq >= last) {
        at.seq = last;
        memcpy (at.hash, last_hash, PROTO_DIGEST_BYTES);
        at.found = true;
    }
    else
    if (hub_store_audit_scan (hub->store, at.seq, s_audit_at, &at) != 0 || !at.found)
        return -1;
    /* its batch: the last commit with a head at or before that entry       */
    proto_batch_head_t head, before;
    memset (&head, 0, sizeof head);
    memset (&before, 0, sizeof before);
    uint64_t before_seq = 0;
    int prior = hub_store_batch_by_audit (hub->store, 0, at.seq, head_bytes, head_len, sig,
                                          &before_seq);
    if (prior < 0 || (prior == 1 && proto_batch_head_decode (&before, head_bytes, *head_len) != PROTO_OK))
        return -1;
    memcpy (head.hub, hub_signer_cert (hub->signer)->sign_key, PROTO_PUBKEY_BYTES);
    head.batch = before.batch;
    head.leaves = 0;
    head.ts = hub_clock_now (hub->clock);
    head.audit_seq = at.seq;
    memcpy (head.audit_head, at.hash, PROTO_DIGEST_BYTES);
    proto_batch_head_encode (&self->w, &head);
    *head_len = proto_writer_size (&self->w);
    memcpy (head_bytes, proto_writer_data (&self->w), *head_len);
    hub_signer_sign (hub->signer, sig, head_bytes, *head_len);
    *audit_seq = at.seq;
    self->audit_heads++;
    return 1;
}

/*  The audit digests an agent asked for, up to a signed head, so it can
    check that the chain still extends the head it saw before.               */
static void
s_send_digests (hub_router_t *self, slot_t *slot)
{
    hub_t *hub = self->hub;
    uint64_t from = slot->ack_upto;
    uint8_t head [PROTO_MAX_HEAD_BYTES], sig [PROTO_SIGNATURE_BYTES];
    size_t head_len = 0;
    uint64_t audit_seq = 0;
    int found = hub_store_batch_by_audit (hub->store, from - 1, from - 1 + PROTO_LINK_MAX_DIGESTS,
                                          head, &head_len, sig, &audit_seq);
    /* no batch head after the agent's own within reach: an audit head     */
    uint64_t last = 0;
    uint8_t last_hash [PROTO_DIGEST_BYTES];
    hub_audit_head (hub->audit, &last, last_hash);
    if (found == 0 || (found == 1 && audit_seq == from - 1 && last > audit_seq))
        found = s_audit_head (self, from, last, last_hash, head, &head_len, sig, &audit_seq);
    if (found <= 0) {
        slot->refuse = found < 0 ? PROTO_UNAVAILABLE : PROTO_NOT_FOUND;
        snprintf (slot->reason, sizeof slot->reason, found < 0 ? "the store cannot be read now"
                  : "no signed audit head at or after entry %llu: the log is shorter than the "
                    "head you hold, or ask from a later entry", (unsigned long long) (from - 1));
        s_send_error (self, slot);
        return;
    }
    digests_t d = { &self->w, audit_seq };
    proto_digests_begin (&self->w, from, head, head_len, sig, (uint32_t) (audit_seq + 1 - from));
    if (hub_store_audit_scan (hub->store, from, s_digest_row, &d) != 0) {
        slot->refuse = PROTO_UNAVAILABLE;
        snprintf (slot->reason, sizeof slot->reason, "the store cannot be read now");
        s_send_error (self, slot);
        return;
    }
    const uint8_t *frames [1] = { proto_writer_data (&self->w) };
    size_t sizes [1] = { proto_writer_size (&self->w) };
    s_send (self, slot->routing, slot->routing_len, frames, sizes, 1);
}

/*  Reads what is waiting (up to a batch) and admits it as far as that
    needs no signature; b->count says how many slots it used.               */
static void
s_collect (hub_router_t *self, batch_t *b)
{
    b->count = 0;
    b->check_count = 0;
    while (b->count < self->slot_count) {
        slot_t *slot = &b->slots [b->count];
        if (!s_receive (self, slot))
            break;
        if (slot->kind == SLOT_MESSAGE)
            s_admit (self, slot);
        if (slot->kind == SLOT_MESSAGE && slot->verify) {
            hub_verify_item_t *c = &b->checks [b->check_count++];
            c->sig = (const uint8_t *) zmq_msg_data (&slot->sig_msg);
            c->msg = slot->env.bytes;
            c->len = slot->env.size;
            c->key = slot->env.from;
            c->result = -1;
        }
        b->count++;
    }
}

/*  After the signatures: author, roles, rate - in the order received.     */
static void
s_admit_batch (hub_router_t *self, batch_t *b)
{
    size_t checks = 0;
    for (size_t i = 0; i < b->count; i++) {
        slot_t *slot = &b->slots [i];
        if (slot->kind == SLOT_MESSAGE && slot->verify)
            s_admit_verified (self, slot, b->checks [checks++].result);
    }
}

/*  Commits an admitted batch, answers, and frees its slots.                */
static void
s_finish_batch (hub_router_t *self, batch_t *b)
{
    bool work = false;
    for (size_t i = 0; i < b->count && !work; i++)
        work = b->slots [i].kind != SLOT_EMPTY;
    if (work)
        s_commit_batch (self, b->slots, b->count, false);
    for (size_t i = 0; i < b->count; i++)
        if (b->slots [i].kind == SLOT_AUDIT)
            s_send_digests (self, &b->slots [i]);
    for (size_t i = 0; i < b->count; i++)
        s_slot_clear (&b->slots [i]);
    b->count = 0;
    hub_router_pump (self);
}

/*  The question lane. A batch read while another waits for its commit
    would be committed only after that one and after its own signature
    checks: a question in it would wait for two group commits. Questions
    (PROTO_T_QUERY: answered, changing no domain state) are taken out of it
    instead, checked here and committed first, in a small transaction of
    their own - but only a question whose partner has nothing in the batch
    waiting for its commit nor earlier in this one, so that each partner's
    messages are still applied in the order it sent them. A question alone,
    with no other work, takes the usual way.                                */
static bool
s_lane_type (const slot_t *slot)
{
    return hub_flow_desc (slot->env.type)->lane == HUB_LANE_QUESTION;
}

static bool
s_partner_waits (const batch_t *b, size_t before, const hub_partner_t *partner)
{
    for (size_t i = 0; b && i < before; i++)
        if (b->slots [i].kind != SLOT_EMPTY && b->slots [i].partner == partner)
            return true;
    return false;
}

/*  Marks b's lane questions (`lane`) and takes them out of its signature
    checks. Returns how many.                                                */
static size_t
s_lane_pick (const batch_t *ready, batch_t *b)
{
    size_t candidates = 0;
    for (size_t i = 0; i < b->count && candidates < HUB_LANE_MAX; i++) {
        const slot_t *slot = &b->slots [i];
        if (slot->kind == SLOT_MESSAGE && slot->verify && s_lane_type (slot))
            candidates++;
    }
    if (candidates == 0 || (!ready && candidates == b->check_count))
        return 0;
    size_t picked = 0, kept = 0, check = 0;
    for (size_t i = 0; i < b->count; i++) {
        slot_t *slot = &b->slots [i];
        if (slot->kind != SLOT_MESSAGE || !slot->verify)
            continue;
        hub_verify_item_t item = b->checks [check++];
        if (picked < HUB_LANE_MAX && s_lane_type (slot)
        &&  !s_partner_waits (ready, ready ? ready->count : 0, slot->partner)
        &&  !s_partner_waits (b, i, slot->partner)) {
            slot->lane = true;
            slot->verify = false;
            picked++;
        }
        else
            b->checks [kept++] = item;
    }
    b->check_count = kept;
    return picked;
}

/*  Checks, admits and commits the lane's questions of b, answers them and
    frees their slots; the rest of b is left as it is.                      */
static void
s_lane_commit (hub_router_t *self, batch_t *b)
{
    for (size_t i = 0; i < b->count; i++) {
        slot_t *slot = &b->slots [i];
        if (slot->lane)
            s_admit_verified (self, slot, proto_verify ((const uint8_t *) zmq_msg_data (&slot->sig_msg),
                                                        slot->env.bytes, slot->env.size, slot->env.from));
    }
    s_commit_batch (self, b->slots, b->count, true);
    for (size_t i = 0; i < b->count; i++)
        if (b->slots [i].lane) {
            s_slot_clear (&b->slots [i]);
            self->lane_questions++;
        }
    self->lane_commits++;
}

/*  A pipeline of two batches: the signatures of the batch just read are
    checked on the worker threads while this thread commits the batch
    before it (and waits for the disk). Nothing read is left uncommitted
    when this returns. Once HUB_HANDLE_MAX_US have passed it reads no more,
    commits what it has and returns, so that the daemon's loop also serves
    its other sockets and timers under a stream that never pauses.         */
void
hub_router_handle (hub_router_t *self)
{
    batch_t *ready = NULL;              /* admitted, waiting for its commit  */
    uint64_t until = s_mono_us () + HUB_HANDLE_MAX_US;
    while (true) {
        batch_t *next = ready == &self->batches [0] ? &self->batches [1] : &self->batches [0];
        if (s_mono_us () < until)
            s_collect (self, next);
        else {
            next->count = 0;
            next->check_count = 0;
            self->yields++;
        }
        size_t lane = s_lane_pick (ready, next);
        /* workers are woken when there is a commit to overlap or enough to
           share; a lone message is checked here, without a thread switch  */
        hub_verify_start (self->verifier, next->checks, next->check_count,
                          ready != NULL || next->check_count >= HUB_VERIFY_ALONE);
        if (lane)
            s_lane_commit (self, next);
        if (ready)
            s_finish_batch (self, ready);
        hub_verify_finish (self->verifier);
        if (next->count == 0)
            break;
        s_admit_batch (self, next);
        ready = next;
    }
}

void
hub_router_tick (hub_router_t *self)
{
    hub_t *hub = self->hub;
    hub_clock_refresh (hub->clock);
    uint64_t now = hub_clock_now (hub->clock);
    hub_audit_mark_t mark;
    hub_audit_mark (hub->audit, &mark);
    if (hub_store_begin (hub->store) != 0) {
        zsys_error ("store: cannot begin the timers' transaction: %s", hub_store_error (hub->store));
        return;
    }
    if (hub_flow_tick (hub, now) != 0 || hub_store_commit (hub->store) != 0) {
        zsys_error ("store: timers failed, will retry: %s", hub_store_error (hub->store));
        hub_store_rollback (hub->store);
        hub_queued_clear (hub);
        hub_audit_reset (hub->audit, &mark);
        return;
    }
    hub_queued_take (hub, s_mark_queued, self);
    hub_router_pump (self);
}

void
hub_router_partners_changed (hub_router_t *self)
{
    for (session_t *s = (session_t *) zhashx_first (self->sessions); s;
         s = (session_t *) zhashx_next (self->sessions))
        if (!hub_partners_by_id (self->hub->partners, s->id) && s->online) {
            s->online = false;
            zsys_info ("partner %s is no longer admitted; its deliveries stop", s->id);
        }
}

/* ---- status ----------------------------------------------------------- */

static double
s_percentile (const uint64_t *buckets, double p)
{
    uint64_t total = 0;
    for (int i = 0; i < HUB_LATENCY_BUCKETS; i++)
        total += buckets [i];
    if (!total)
        return 0;
    uint64_t want = (uint64_t) (p * (double) total);
    uint64_t seen = 0;
    for (int i = 0; i < HUB_LATENCY_BUCKETS; i++) {
        seen += buckets [i];
        if (seen > want)
            return (double) (1ULL << (i + 1));     /* upper bound of the bucket */
    }
    return (double) (1ULL << HUB_LATENCY_BUCKETS);
}

char *
hub_router_status_json (hub_router_t *self)
{
    hub_t *hub = self->hub;
    json_t *root = json_object ();
    json_object_set_new (root, "endpoint", json_string (hub->config->endpoint));
    json_object_set_new (root, "uptime_s", json_integer (
        (json_int_t) ((hub_clock_now (hub->clock) - self->started_ms) / 1000)));
    json_object_set_new (root, "partners_admitted", json_integer ((json_int_t) hub_partners_count (hub->partners)));
    json_t *msgs = json_object ();
    json_object_set_new (msgs, "received", json_integer ((json_int_t) self->received));
    json_object_set_new (msgs, "stored", json_integer ((json_int_t) self->stored));
    json_object_set_new (msgs, "duplicates", json_integer ((json_int_t) self->duplicates));
    json_object_set_new (msgs, "receipted", json_integer ((json_int_t) self->receipts));
    json_object_set_new (msgs, "delivered", json_integer ((json_int_t) self->delivered));
    json_object_set_new (msgs, "acks", json_integer ((json_int_t) self->acks));
    json_object_set_new (root, "messages", msgs);
    json_t *refused = json_object ();
    uint64_t refused_total = 0;
    for (int i = 0; i < 64; i++)
        if (self->refused [i]) {
            json_object_set_new (refused, proto_result_name ((proto_result_t) i),
                                 json_integer ((json_int_t) self->refused [i]));
            refused_total += self->refused [i];
        }
    json_object_set_new (root, "refused", refused);
    json_object_set_new (root, "refused_total", json_integer ((json_int_t) refused_total));
    json_t *commits = json_object ();
    json_object_set_new (commits, "count", json_integer ((json_int_t) self->commits));
    json_object_set_new (commits, "failures", json_integer ((json_int_t) self->commit_failures));
    json_object_set_new (commits, "isolated", json_integer ((json_int_t) self->isolated));
    json_object_set_new (commits, "last_batch", json_integer ((json_int_t) self->batch));
    json_object_set_new (commits, "yields", json_integer ((json_int_t) self->yields));
    json_object_set_new (commits, "lane", json_integer ((json_int_t) self->lane_commits));
    json_object_set_new (commits, "lane_questions", json_integer ((json_int_t) self->lane_questions));
    json_object_set_new (commits, "audit_heads", json_integer ((json_int_t) self->audit_heads));
    json_t *sizes = json_object ();
    for (int i = 0; i < HUB_LATENCY_BUCKETS; i++)
        if (self->batch_sizes [i]) {
            char key [32];
            snprintf (key, sizeof key, "%llu-%llu", 1ULL << i, (2ULL << i) - 1);
            json_object_set_new (sizes, key, json_integer ((json_int_t) self->batch_sizes [i]));
        }
    json_object_set_new (commits, "batch_sizes", sizes);
    json_object_set_new (root, "commits", commits);
    if (hub->checkpoint) {
        hub_checkpoint_stats_t cs;
        hub_checkpoint_stats (hub->checkpoint, &cs);
        json_t *ck = json_object ();
        json_object_set_new (ck, "runs", json_integer ((json_int_t) cs.runs));
        json_object_set_new (ck, "forced", json_integer ((json_int_t) cs.forced));
        json_object_set_new (ck, "failures", json_integer ((json_int_t) cs.failures));
        json_object_set_new (ck, "wal_pages", json_integer ((json_int_t) cs.wal_pages));
        json_object_set_new (root, "checkpoints", ck);
    }
    json_t *lat = json_object ();
    json_object_set_new (lat, "p50_us", json_real (s_percentile (self->latency, 0.50)));
    json_object_set_new (lat, "p99_us", json_real (s_percentile (self->latency, 0.99)));
    json_object_set_new (lat, "p999_us", json_real (s_percentile (self->latency, 0.999)));
    json_object_set_new (root, "receipt_latency", lat);
    json_t *partners = json_array ();
    for (size_t i = 0; i < hub_partners_count (hub->partners); i++) {
        const hub_partner_t *p = hub_partners_at (hub->partners, i);
        session_t *s = (session_t *) zhashx_lookup (self->sessions, p->cert.id);
        uint64_t depth = 0;
        hub_store_queue_depth (hub->store, p->cert.id, &depth);
        json_t *o = json_object ();
        json_object_set_new (o, "id", json_string (p->cert.id));
        json_object_set_new (o, "connected", json_boolean (s && s->online));
        json_object_set_new (o, "queue", json_integer ((json_int_t) depth));
        json_object_set_new (o, "received", json_integer (s ? (json_int_t) s->received : 0));
        json_object_set_new (o, "delivered", json_integer (s ? (json_int_t) s->delivered : 0));
        json_object_set_new (o, "refused", json_integer (s ? (json_int_t) s->refused : 0));
        json_array_append_new (partners, o);
    }
    json_object_set_new (root, "partners", partners);
    uint64_t audit_seq;
    uint8_t audit_hash [PROTO_DIGEST_BYTES];
    char hex [2 * PROTO_DIGEST_BYTES + 1];
    hub_audit_head (hub->audit, &audit_seq, audit_hash);
    proto_hex (hex, audit_hash, PROTO_DIGEST_BYTES);
    json_t *audit = json_object ();
    json_object_set_new (audit, "entries", json_integer ((json_int_t) audit_seq));
    json_object_set_new (audit, "head", json_string (hex));
    json_object_set_new (root, "audit", audit);
    char *text = json_dumps (root, JSON_INDENT (2) | JSON_SORT_KEYS);
    json_decref (root);
    return text;
}
