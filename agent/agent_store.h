/*  agent_store.h - the agent's durable state in one sqlite file, agent.db.

    outbox      every message this partner sent, in the order it was sent,
                until the hub's verified receipt (kept as proof with the
                row) or refusal. Pending rows are what the link resends.
    inbox       every message the hub delivered, keyed by the hub's delivery
                seq and deduplicated by message id, with a read flag.
    quarantine  deliveries that failed verification: kept as evidence,
                counted as delivered so the hub does not loop on them.
    labels      the casemanager's own names for households ("Fam. Jansen"),
                and the names of its people as she knows them (schema 4):
                only here, never sent.
    head        the newest verified signed batch head (audit_seq, audit_head).
    meta        schema version, highest delivery seq committed.
    users       the people of the web view, web_read what each has read
                (schema 2; read and written through agent_store_web.h).

    WAL, synchronous=FULL: a row is on disk when its transaction returns.
    The schema is versioned and created or migrated on open. Every statement
    is prepared once. Functions return 0 / -1 unless said otherwise; pointers
    handed to callbacks are valid only during the call.
*/
#ifndef AGENT_STORE_H_INCLUDED
#define AGENT_STORE_H_INCLUDED

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include "proto_limits.h"
#include "proto_link.h"

#define AGENT_STORE_SCHEMA  4   /* 2: note and refusal codes with arguments;
                                   3: the web view's people;
                                   4: the names kept with a label */

typedef struct agent_store_t agent_store_t;

typedef enum {
    AGENT_OUT_PENDING = 0,
    AGENT_OUT_RECEIPTED = 1,
    AGENT_OUT_REFUSED = 2
} agent_out_state_t;

/*  Opens (creating or migrating) the store. NULL with err on failure.       */
agent_store_t *agent_store_new (const char *path, char *err, size_t errlen);
void agent_store_destroy (agent_store_t **self_p);

/*  Explicit transactions group a burst of work into one fsync.              */
int agent_store_begin (agent_store_t *self);
int agent_store_commit (agent_store_t *self);
void agent_store_rollback (agent_store_t *self);

/*  The last sqlite error, for logs.                                         */
const char *agent_store_error (agent_store_t *self);

/* ---- outbox ------------------------------------------------------------ */

typedef struct {
    int64_t rowid;                      /* local order                       */
    uint8_t id [PROTO_ID_BYTES];
    const char *type;
    uint64_t created, ts;               /* first queued; envelope's ts       */
    const uint8_t *envelope;
    size_t envelope_len;
    const uint8_t *signature;           /* PROTO_SIGNATURE_BYTES             */
    int state;                          /* agent_out_state_t                 */
    int sent_count;
    uint64_t last_sent, done_at;
    /* receipt (state RECEIPTED) */
    uint64_t hub_seq;
    bool duplicate;
    const char *note_code, *note_args;  /* the hub's note code, its arguments
                                           (JSON text), or NULL               */
    const char *note, *to;              /* note: a version 1 row's sentence   */
    /* refusal (state REFUSED) */
    int err_code;
    const char *err_name, *err_field;
    const char *err_reason_code, *err_args;     /* the reason code, its
                                                   arguments (JSON text)      */
    const char *err_reason;             /* a version 1 row's sentence, or NULL */
} agent_outbox_row_t;

typedef int (agent_outbox_fn) (void *arg, const agent_outbox_row_t *row);

/*  Queues a signed message. -1 also when the id is already there.          */
int agent_store_outbox_add (agent_store_t *self, const uint8_t id [PROTO_ID_BYTES], const char *type,
                            uint64_t created, uint64_t ts, const uint8_t *envelope, size_t len,
                            const uint8_t sig [PROTO_SIGNATURE_BYTES]);

/*  Calls fn for up to limit pending rows in order; stops when fn returns
    non-zero. Returns the number of rows visited, or -1.                     */
int agent_store_outbox_pending (agent_store_t *self, size_t limit, agent_outbox_fn *fn, void *arg);

/*  Rows newest first, at most limit; with after_seq only the receipted ones
    the hub numbered after it and before after_seq + PROTO_RESTORE_SEQ_GAP:
    after a restore, those the lost store held and the backup did not.
    Returns the rows visited, or -1.                                          */
int agent_store_outbox_list (agent_store_t *self, uint64_t after_seq, size_t limit,
                             agent_outbox_fn *fn, void *arg);

/*  Makes a receipted row pending again, to be sent (re-sealed when its
    timestamp is too old) by the daemon like any other: after the hub was
    restored from a backup that does not hold it. 1 changed, 0 not a
    receipted row, -1 error.                                                  */
int agent_store_outbox_requeue (agent_store_t *self, const uint8_t id [PROTO_ID_BYTES]);

/*  One row by id: 1 found (fn called), 0 not found, -1 error.               */
int agent_store_outbox_get (agent_store_t *self, const uint8_t id [PROTO_ID_BYTES],
                            agent_outbox_fn *fn, void *arg);

int agent_store_outbox_sent (agent_store_t *self, const uint8_t id [PROTO_ID_BYTES], uint64_t now);

/*  Replaces a pending row's envelope (fresh ts, same id and order).         */
int agent_store_outbox_resign (agent_store_t *self, const uint8_t id [PROTO_ID_BYTES], uint64_t ts,
                               const uint8_t *envelope, size_t len,
                               const uint8_t sig [PROTO_SIGNATURE_BYTES]);

/*  The receipt proof of one message.                                        */
typedef struct {
    const uint8_t *item;    size_t item_len;
    uint32_t index;
    const uint8_t *proof;   size_t proof_len;   /* depth * 32 bytes          */
    const uint8_t *head;    size_t head_len;
    const uint8_t *head_sig;
    uint64_t hub_seq;
    bool duplicate;
    const char *note, *to;              /* note: the note code                */
    const char *note_args;              /* its arguments, JSON text, or NULL  */
} agent_receipt_t;

/*  Marks a pending row receipted with its proof. Returns 1 when a pending
    row changed, 0 when there was none (unknown id, or already done).       */
int agent_store_outbox_receipt (agent_store_t *self, const uint8_t id [PROTO_ID_BYTES],
                                const agent_receipt_t *receipt, uint64_t now);

/*  The id of the receipted row the hub numbered hub_seq (the newest, should
    a restored hub have given a number twice): 1 found, 0 none, -1 error.   */
int agent_store_outbox_id_by_seq (agent_store_t *self, uint64_t hub_seq, uint8_t id [PROTO_ID_BYTES]);

/*  Calls fn with the receipt kept for a receipted row, as the hub sent it
    (the item, its index and Merkle proof, the signed batch head: what
    proves that the hub took the message) and when it came; the pointers
    live only during the call. 1 found, 0 no receipted row with that id,
    -1 error or fn's non-zero.                                               */
typedef int (agent_receipt_fn) (void *arg, const agent_receipt_t *receipt, uint64_t done_at);
int agent_store_outbox_receipt_get (agent_store_t *self, const uint8_t id [PROTO_ID_BYTES],
                                    agent_receipt_fn *fn, void *arg);

/*  Marks a pending row refused: it is never sent again. 1 / 0 / -1 as above. */
int agent_store_outbox_refuse (agent_store_t *self, const uint8_t id [PROTO_ID_BYTES], int code,
                               const char *name, const char *reason_code, const char *args,
                               const char *field, uint64_t now);

/*  Rows in a state, or -1.                                                  */
int64_t agent_store_outbox_count (agent_store_t *self, agent_out_state_t state);

/* ---- inbox ------------------------------------------------------------- */

typedef struct {
    uint64_t seq;
    uint8_t id [PROTO_ID_BYTES];
    const char *type;
    uint8_t author [PROTO_PUBKEY_BYTES];
    uint64_t ts, received;
    bool has_person, has_address;
    uint8_t person [PROTO_REF_BYTES], address [PROTO_REF_BYTES];
    const uint8_t *envelope;
    size_t envelope_len;
    const uint8_t *signature;
    bool read;
} agent_inbox_row_t;

typedef int (agent_inbox_fn) (void *arg, const agent_inbox_row_t *row);

/*  Stores a delivery. Returns 1 stored, 0 already there (same id or same
    seq), -1 on error. The caller's transaction decides when it is durable. */
int agent_store_inbox_add (agent_store_t *self, const agent_inbox_row_t *row);

/*  A verification failure kept as evidence (counts for delivered_upto).    */
int agent_store_quarantine_add (agent_store_t *self, uint64_t seq, const char *reason,
                                const uint8_t *envelope, size_t len, const uint8_t *sig,
                                size_t sig_len, uint64_t now);

/*  Highest delivery seq committed (inbox or quarantine), 0 if none.         */
uint64_t agent_store_delivered_upto (agent_store_t *self);

/*  Rows: unread first (oldest first), then, when all, the read ones newest
    first; at most limit. Returns the count visited, or -1.                  */
int agent_store_inbox_list (agent_store_t *self, bool all, size_t limit, agent_inbox_fn *fn, void *arg);

/*  Every row of a type, oldest first (minutes look-ups).                    */
int agent_store_inbox_of_type (agent_store_t *self, const char *type, agent_inbox_fn *fn, void *arg);

/*  The row with message id (when not NULL) or else delivery number seq:
    1 visited, 0 none, -1 on error.                                         */
int agent_store_inbox_get (agent_store_t *self, const uint8_t *id, uint64_t seq, agent_inbox_fn *fn,
                           void *arg);

int agent_store_inbox_mark_read (agent_store_t *self, uint64_t seq);
int64_t agent_store_inbox_unread (agent_store_t *self);
int64_t agent_store_inbox_count (agent_store_t *self);

/*  Whether ref occurs as a subject in the inbox or the labels: 1 as
    address, 2 as person, 0 unknown.                                         */
int agent_store_ref_kind (agent_store_t *self, const uint8_t ref [PROTO_REF_BYTES]);

/* ---- labels ------------------------------------------------------------ */

/*  Sets or replaces a label (person and/or address may be NULL).            */
int agent_store_label_set (agent_store_t *self, const char *name, const uint8_t *person,
                           const uint8_t *address, uint64_t now);
/*  1 found, 0 not found, -1 error.                                          */
int agent_store_label_get (agent_store_t *self, const char *name, uint8_t person [PROTO_REF_BYTES],
                           bool *has_person, uint8_t address [PROTO_REF_BYTES], bool *has_address);
/*  The label for a subject into out, "" if none. 1 found, 0 not, -1 error. */
int agent_store_label_find (agent_store_t *self, const uint8_t *person, const uint8_t *address,
                            char *out, size_t outlen);
int agent_store_label_remove (agent_store_t *self, const char *name);
typedef int (agent_label_fn) (void *arg, const char *name, const uint8_t *person,
                              const uint8_t *address, uint64_t created);
int agent_store_label_list (agent_store_t *self, agent_label_fn *fn, void *arg);
int64_t agent_store_label_count (agent_store_t *self);

/* ---- audit head -------------------------------------------------------- */

typedef struct {
    uint64_t batch, ts, audit_seq, received;
    uint8_t audit_head [PROTO_DIGEST_BYTES];
    uint8_t hub [PROTO_PUBKEY_BYTES];
    uint8_t head [PROTO_MAX_HEAD_BYTES];
    size_t head_len;
    uint8_t head_sig [PROTO_SIGNATURE_BYTES];
} agent_head_t;

/*  Keeps head when it is newer (higher audit_seq, then batch) than the one
    kept. Returns 1 kept, 0 older, -1 error.                                  */
int agent_store_head_offer (agent_store_t *self, const agent_head_t *head);
/*  1 found, 0 none yet, -1 error.                                            */
int agent_store_head_get (agent_store_t *self, agent_head_t *head);
/*  Keeps head whatever the one kept was (`regie audit accept`, after a
    restored hub). 0 or -1.                                                   */
int agent_store_head_replace (agent_store_t *self, const agent_head_t *head);

#endif
