/*  hub_router.c - the socket and the pipeline (see hub_router.h
    and hub_router_impl.h).                                                  */
#include "hub_router_impl.h"
#include "hub_flow.h"
#include "hub_act.h"
#include "hub_auth.h"
#include "hub_checkpoint.h"
#include "proto_sign.h"
#include <time.h>

uint64_t
hub_router_mono_us (void)
{
    struct timespec ts;
    clock_gettime (CLOCK_MONOTONIC, &ts);
    return (uint64_t) ts.tv_sec * 1000000 + (uint64_t) ts.tv_nsec / 1000;
}

int
hub_router_log2 (uint64_t v)
{
    int b = 0;
    while (v > 1 && b < HUB_LATENCY_BUCKETS - 1) {
        v >>= 1;
        b++;
    }
    return b;
}

hub_router_t *
hub_router_new (hub_t *hub, hub_checkpoint_t *checkpoint, char *err, size_t errlen)
{
    hub_router_t *self = (hub_router_t *) calloc (1, sizeof *self);
    if (!self) {
        snprintf (err, errlen, "out of memory");
        return NULL;
    }
    self->hub = hub;
    self->checkpoint = checkpoint;
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
    zhashx_set_destructor (self->sessions, hub_session_free);
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
int
hub_router_send (hub_router_t *self, const uint8_t *routing, size_t routing_len,
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

void
hub_router_send_error (hub_router_t *self, const slot_t *slot)
{
    proto_link_error_encode (&self->w, slot->has_id ? slot->item.id : NULL,
                             slot->refuse, slot->field, slot->reason_code, &slot->args);
    const uint8_t *frames [1] = { proto_writer_data (&self->w) };
    size_t sizes [1] = { proto_writer_size (&self->w) };
    hub_router_send (self, slot->routing, slot->routing_len, frames, sizes, 1);
    if (slot->refuse < 64)
        self->refused [slot->refuse]++;
    if (slot->session)
        slot->session->refused++;
    char args [PROTO_ARGS_POOL_BYTES * 2] = "";
    if (slot->reason_code && proto_args_json (&slot->args, args, sizeof args) < 0)
        snprintf (args, sizeof args, "{}");
    zsys_info ("refused %s from %s: %s%s%s%s%s%s", slot->env.live ? slot->env.type->name : "message",
               slot->partner ? slot->partner->cert.id : slot->origin,
               proto_result_name (slot->refuse), slot->reason_code ? " " : "",
               slot->reason_code ? slot->reason_code : "", args, slot->field ? " field " : "",
               slot->field ? slot->field : "");
}

/*  Refuses a slot before the transaction: answered at once.                 */
void
hub_router_refuse_now (hub_router_t *self, slot_t *slot, proto_result_t code, const char *field,
              int reason, bool keep_args)
{
    slot->refuse = code;
    slot->field = field;
    slot->reason_code = reason >= 0 ? hub_reason_code ((size_t) reason)->term : NULL;
    if (!keep_args || reason < 0)
        proto_args_init (&slot->args);
    hub_router_send_error (self, slot);
    slot->kind = SLOT_EMPTY;
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
        if (!hub_admit_receive (self, slot))
            break;
        if (slot->kind == SLOT_MESSAGE)
            hub_admit (self, slot);
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
            hub_admit_verified (self, slot, b->checks [checks++].result);
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
        hub_commit_batch (self, b->slots, b->count, false);
    for (size_t i = 0; i < b->count; i++)
        if (b->slots [i].kind == SLOT_AUDIT)
            hub_auditlink_answer (self, &b->slots [i]);
    for (size_t i = 0; i < b->count; i++)
        hub_admit_clear (&b->slots [i]);
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
            hub_admit_verified (self, slot, proto_verify ((const uint8_t *) zmq_msg_data (&slot->sig_msg),
                                                        slot->env.bytes, slot->env.size, slot->env.from));
    }
    hub_commit_batch (self, b->slots, b->count, true);
    for (size_t i = 0; i < b->count; i++)
        if (b->slots [i].lane) {
            hub_admit_clear (&b->slots [i]);
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
    uint64_t until = hub_router_mono_us () + HUB_HANDLE_MAX_US;
    while (true) {
        batch_t *next = ready == &self->batches [0] ? &self->batches [1] : &self->batches [0];
        if (hub_router_mono_us () < until)
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
    if (hub_flow_tick (hub, &self->timers, now) != 0 || hub_act_tick (hub) != 0
    ||  hub_store_commit (hub->store) != 0) {
        zsys_error ("store: timers failed, will retry: %s", hub_store_error (hub->store));
        hub_store_rollback (hub->store);
        hub_outcome_clear (&hub->outcome);
        hub_queued_clear (hub);
        hub_audit_reset (hub->audit, &mark);
        return;
    }
    hub_queued_take (hub, hub_session_mark_queued, self);
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
