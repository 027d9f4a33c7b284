/*  hub_commit.c - a batch's transaction: dedup, the time window,
    store, workflows and audit per message, the signed batch head, the
    commit, then answers, refusals and receipts.                            */
#include "hub_router_impl.h"
#include "hub_flow.h"
#include "hub_act.h"
#include "proto_sign.h"

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
            slot->reason_code = hub_reason_code (HUB_R_MESSAGE_ID_USED)->term;
            proto_args_init (&slot->args);
            return 0;
        }
        /* the same author sends it again: its receipt was lost; repeat it  */
        slot->receipted = true;
        slot->item.duplicate = true;
        slot->item.seq = stored.seq;
        memcpy (slot->item.digest, stored.digest, PROTO_DIGEST_BYTES);
        snprintf (slot->item.note, sizeof slot->item.note, "%s", hub_note_code (HUB_N_STORED_BEFORE)->term);
        proto_args_init (&slot->item.note_args);
        self->duplicates++;
        if (!(slot->env.type->flags & PROTO_T_QUERY))
            return 0;
        /* a repeated question gets its answer again (and is audited again) */
    }
    else {
        uint64_t window = (uint64_t) hub->config->time_window_s * 1000;
        if (slot->env.ts + window < now || slot->env.ts > now + window) {
            slot->refuse = PROTO_STALE;
            slot->reason_code = hub_reason_code (HUB_R_CLOCK_SKEW)->term;
            proto_args_init (&slot->args);
            proto_args_uint (&slot->args, PROTO_ARG_SECONDS, hub->config->time_window_s);
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
    if (hub_flow_household (hub, &msg) != 0
    ||  hub_flow_apply (hub, &msg) != 0)
        goto failed;
    if (msg.refuse != PROTO_OK && !guard) {
        zsys_error ("workflow of %s refused without a savepoint: its descriptor is wrong",
                    slot->env.type->name);
        goto failed;
    }
    if (msg.refuse != PROTO_OK) {
        /* undo the message's effects, forget what the workflow decided, keep
           a record of the refusal                                           */
        hub_outcome_clear (&hub->outcome);
        hub_store_rollback_to (hub->store);
        hub_audit_reset (hub->audit, &mark);
        slot->refuse = msg.refuse;
        slot->reason_code = msg.reason_code;
        slot->args = msg.args;
        char result [PROTO_MAX_NOTE_BYTES + 1];
        snprintf (result, sizeof result, "refused: %s", proto_result_name (msg.refuse));
        msg.seq = 0;
        slot->receipted = false;
        return hub_audit_msg (hub, &msg, slot->env.type->name, result);
    }
    /* what the workflow decided, and the message's one entry naming its
       recipients                                                            */
    if (hub_act_msg (hub, &msg, found ? "repeated" : "stored") != 0)
        goto failed;
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
    hub_outcome_clear (&hub->outcome);
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
    uint64_t now_us = hub_router_mono_us ();
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
            self->latency [hub_router_log2 (now_us - slot->received_us)]++;
        }
        const uint8_t *frames [1] = { proto_writer_data (&self->w) };
        size_t sizes [1] = { proto_writer_size (&self->w) };
        hub_router_send (self, first->routing, first->routing_len, frames, sizes, 1);
        self->receipts += j - i;
        i = j;
    }
}

/*  Refuses slot as unavailable: the store could not take it (why; full:
    because the disk is full, which the operator must see to).              */
static void
s_unavailable (slot_t *slot, const char *why, bool full)
{
    slot->refuse = PROTO_UNAVAILABLE;
    slot->reason_code = hub_reason_code (full ? HUB_R_STORE_FULL : HUB_R_STORE_UNAVAILABLE)->term;
    proto_args_init (&slot->args);
    zsys_warning ("a message could not be stored (%s); its author will send it again", why);
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
        slot->reason_code = NULL;
        proto_args_init (&slot->args);
        slot->field = NULL;
        slot->item.duplicate = false;
        slot->item.seq = 0;
        slot->item.note [0] = slot->item.to [0] = '\0';
        proto_args_init (&slot->item.note_args);
        memset (slot->item.digest, 0, sizeof slot->item.digest);
    }
}

/*  One group commit over slots [0, count), or (lane) over the slots of the
    question lane among them only: the others are left as they are.         */
void
hub_commit_batch (hub_router_t *self, slot_t *slots, size_t count, bool lane)
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
        s_unavailable (culprit, why, hub_store_full (hub->store));
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
        bool full = hub_store_full (hub->store);
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
                s_unavailable (slot, why, full);
            hub_router_send_error (self, slot);
        }
        return;
    }
    hub_queued_take (hub, hub_session_mark_queued, self);
    if (leaves) {
        self->batch++;
        self->commits++;
        self->batch_sizes [hub_router_log2 (leaves)]++;
    }
    /* answers and refusals first: a partner waiting for an answer does not
       wait for the batch's receipts to be sent before it                    */
    for (size_t i = 0; i < count; i++) {
        slot_t *slot = &slots [i];
        if (lane && !slot->lane)
            continue;
        if (slot->kind == SLOT_MESSAGE && slot->refuse != PROTO_OK)
            hub_router_send_error (self, slot);
        else
        if (slot->kind == SLOT_MESSAGE && slot->answered) {
            proto_link_answer_encode (&self->w);
            const uint8_t *frames [3] = { proto_writer_data (&self->w),
                                          proto_writer_data (&slot->answer), slot->answer_sig };
            size_t sizes [3] = { proto_writer_size (&self->w), proto_writer_size (&slot->answer),
                                 PROTO_SIGNATURE_BYTES };
            hub_router_send (self, slot->routing, slot->routing_len, frames, sizes, 3);
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
            hub_session_mark (self, s->id);
        }
    }
    if (leaves)
        s_send_receipts (self, slots, count, head_bytes, head_len, sig, leaves);
}
