/*  hub_router_impl.h - what the router's modules share, and nobody else.

    The router is split by job: hub_router.c (the socket, the two-batch
    pipeline, the question lane, the timers' transaction), hub_admit.c
    (reading a message and everything about it that needs no store),
    hub_commit.c (a batch's transaction, its signed head and the receipts),
    hub_session.c (each partner's delivery session: the window, the pump),
    hub_auditlink.c (audit digests and heads for agents) and hub_status.c.
    They share the slots of a batch and the router's state, defined here.
*/
#ifndef HUB_ROUTER_IMPL_H_INCLUDED
#define HUB_ROUTER_IMPL_H_INCLUDED

#include "hub_router.h"
#include "hub_verify.h"
#include "proto_merkle.h"
#include "hub_codes.h"

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
    const char *reason_code;            /* hub_codes.h term (static), or NULL */
    proto_args_t args;                  /* its arguments                      */
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
    hub_checkpoint_t *checkpoint;       /* WAL checkpoints off the writer, or
                                           NULL (for status only)            */
    hub_timers_t timers;                /* when each timer last ran (hub_timers.h);
                                           zeroed, every timer is due        */
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

/* ---- hub_router.c ------------------------------------------------------- */

uint64_t hub_router_mono_us (void);
/*  The log2 bucket of v, for the latency and batch size histograms.         */
int hub_router_log2 (uint64_t v);
/*  Sends frames to a peer. Returns 0, or -1 when the peer is gone or its
    queue is full (the caller then stops sending to it for now).              */
int hub_router_send (hub_router_t *self, const uint8_t *routing, size_t routing_len,
                     const uint8_t *const *frames, const size_t *sizes, int count);
/*  Answers slot's refusal (slot->refuse, field, reason code and arguments)
    and counts it.                                                           */
void hub_router_send_error (hub_router_t *self, const slot_t *slot);
/*  Refuses a slot before the transaction: answered at once. reason is a
    hub_reason_t, or -1 for none (a decoder's refusal: code and field say
    it); its arguments are slot->args when keep_args, else none.            */
void hub_router_refuse_now (hub_router_t *self, slot_t *slot, proto_result_t code,
                            const char *field, int reason, bool keep_args);

/* ---- hub_session.c ------------------------------------------------------ */

/*  The session of partner id, made on first use (NULL without memory).      */
session_t *hub_session_get (hub_router_t *self, const char *id);
/*  zhashx destructor of a session.                                          */
void hub_session_free (void **item);
/*  Marks recipient as having new deliveries, once they are committed.      */
void hub_session_mark (hub_router_t *self, const char *recipient);
/*  hub_queued_fn: marks a recipient of deliveries a commit made durable.    */
void hub_session_mark_queued (void *arg, const char *recipient);

/* ---- hub_admit.c -------------------------------------------------------- */

/*  Releases what slot holds and empties it for the next batch.             */
void hub_admit_clear (slot_t *slot);
/*  Reads one message from the socket into slot. Returns 1 when one was
    read (slot->kind says whether it goes on), 0 when none was waiting.      */
int hub_admit_receive (hub_router_t *self, slot_t *slot);
/*  Limits, decoding, the partner: everything before the signature check
    that needs no store. Refusals are answered at once.                      */
void hub_admit (hub_router_t *self, slot_t *slot);
/*  After the signature check (signature 0 when it holds): author, roles,
    rate.                                                                    */
void hub_admit_verified (hub_router_t *self, slot_t *slot, int signature);

/* ---- hub_commit.c ------------------------------------------------------- */

/*  One group commit over slots [0, count), or (lane) over the slots marked
    for the question lane: apply, sign the head, commit, answer, receipt.    */
void hub_commit_batch (hub_router_t *self, slot_t *slots, size_t count, bool lane);

/* ---- hub_auditlink.c ---------------------------------------------------- */

/*  Answers an audit_since slot with the digests and a signed head.          */
void hub_auditlink_answer (hub_router_t *self, slot_t *slot);

#endif
