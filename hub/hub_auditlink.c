/*  hub_auditlink.c - the audit link: digests of the audit log up to a
    signed head, for an agent that checks the chain still extends the head
    it saw before.                                                          */
#include "hub_router_impl.h"
#include "proto_sign.h"

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
void
hub_auditlink_answer (hub_router_t *self, slot_t *slot)
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
        proto_args_init (&slot->args);
        slot->reason_code = hub_reason_code (found < 0 ? HUB_R_STORE_UNAVAILABLE
                                                       : HUB_R_NO_AUDIT_HEAD)->term;
        if (found == 0)
            proto_args_uint (&slot->args, PROTO_ARG_NUMBER, from - 1);
        hub_router_send_error (self, slot);
        return;
    }
    digests_t d = { &self->w, audit_seq };
    proto_digests_begin (&self->w, from, head, head_len, sig, (uint32_t) (audit_seq + 1 - from));
    if (hub_store_audit_scan (hub->store, from, s_digest_row, &d) != 0) {
        slot->refuse = PROTO_UNAVAILABLE;
        slot->reason_code = hub_reason_code (HUB_R_STORE_UNAVAILABLE)->term;
        proto_args_init (&slot->args);
        hub_router_send_error (self, slot);
        return;
    }
    const uint8_t *frames [1] = { proto_writer_data (&self->w) };
    size_t sizes [1] = { proto_writer_size (&self->w) };
    hub_router_send (self, slot->routing, slot->routing_len, frames, sizes, 1);
}
