/*  hub_store.h - the hub's durable state, behind a narrow interface.

    Everything the hub keeps goes through this interface and its typed
    repositories (hub_store_households.h, _signals, _rounds, _agreements,
    _report, _access, _retention, _inspect); a backend stands behind them
    (hub_store_backend.h). The default is one sqlite file in WAL mode with
    synchronous=FULL and one writer (the hub's main thread), whose schema
    carries a version and migrates itself on open; the mem backend keeps
    the same contract in memory for unit tests.

    Writes happen inside a transaction that the router opens per group
    commit (hub_store_begin .. hub_store_commit); a savepoint around each
    message lets one message's work be undone without losing the others.
    Nothing is acknowledged to anyone before hub_store_commit returned 0.
*/
#ifndef HUB_STORE_H_INCLUDED
#define HUB_STORE_H_INCLUDED

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include "proto_limits.h"
#include "proto_link.h"

/*  Every store function's result says found, not found or failed: callers
    must look at it.                                                          */
#define HUB_STORE_MUST_CHECK        __attribute__ ((warn_unused_result))

#define HUB_STORE_SCHEMA_VERSION    10
#define HUB_STORE_CACHE_KIB         16384   /* sqlite page cache             */
#define HUB_STORE_MMAP_BYTES        33554432    /* bounds the mapped part of RSS */
#define HUB_STORE_BUSY_MS           5000
#define HUB_STORE_BACKUP_PAGES      1024    /* pages copied per backup step   */
#define HUB_STORE_BACKUP_PAUSE_MS   5
#define HUB_ESCALATION_HISTORY_BYTES 2400   /* an escalation's history (JSON:
                                           32 partners and a note), NUL  */

typedef struct hub_store_t hub_store_t;
typedef struct hub_store_backend_t hub_store_backend_t;

/*  The backends built in (hub_store_backend.h).                             */
extern const hub_store_backend_t hub_store_sqlite;
extern const hub_store_backend_t hub_store_mem;

/*  Opens (creating and migrating as needed) the sqlite store at path.
    Refuses a store written by a newer version.                               */
hub_store_t *hub_store_open (const char *path, char *err, size_t errlen);
/*  Opens a store with backend at where (its path; NULL for mem).            */
hub_store_t *hub_store_open_with (const hub_store_backend_t *backend, const char *where,
                                  char *err, size_t errlen);
void hub_store_destroy (hub_store_t **self_p);

/*  The backend's last error, for logs ("injected fault" when the last call
    was made to fail), and the backend's name.                               */
const char *hub_store_error (hub_store_t *self);
/*  Whether the last error was that the disk (or the store) is full.         */
bool hub_store_full (hub_store_t *self);
const char *hub_store_backend_name (hub_store_t *self);

/*  Fault injection, for tests: the nth store call from now fails (returns
    -1 without reaching the backend), and with onwards every call after it
    too; nth 0 ends it. hub_store_calls counts the calls made so far, so a
    test can fail each call of an operation in turn.                          */
void hub_store_inject_fault (hub_store_t *self, uint64_t nth, bool onwards);
uint64_t hub_store_calls (hub_store_t *self);

/*  Transactions. begin takes the write lock; commit makes everything since
    durable (fsync) or fails, in which case the caller must roll back and
    must not acknowledge anything.                                           */
int hub_store_begin (hub_store_t *self);
/*  A read transaction: one consistent view of the store for a command that
    reads beside the running hub, without its write lock (in WAL the hub's
    writer goes on meanwhile). End it with hub_store_rollback.               */
int hub_store_begin_read (hub_store_t *self);
int hub_store_commit (hub_store_t *self);
void hub_store_rollback (hub_store_t *self);
int hub_store_savepoint (hub_store_t *self);
int hub_store_release (hub_store_t *self);
void hub_store_rollback_to (hub_store_t *self);

/*  Messages: every accepted envelope with its signature, numbered by seq.   */
typedef struct {
    uint64_t seq;
    uint8_t digest [PROTO_DIGEST_BYTES];
    char author [PROTO_MAX_PARTNER_ID_BYTES + 1];
} hub_stored_t;

/*  1 and *out filled when a message with this id is stored, 0 when not,
    -1 on a store error.                                                      */
int hub_store_find (hub_store_t *self, const uint8_t id [PROTO_ID_BYTES], hub_stored_t *out);

/*  Stores a message; *seq receives its store sequence.                       */
int hub_store_put (hub_store_t *self, const uint8_t id [PROTO_ID_BYTES], const char *author,
                   const char *type, uint64_t ts, uint64_t received,
                   const uint8_t digest [PROTO_DIGEST_BYTES], const uint8_t *envelope,
                   size_t envelope_len, const uint8_t sig [PROTO_SIGNATURE_BYTES], uint64_t *seq);

/*  The highest message sequence (0 for an empty store): cheap.              */
int hub_store_last_seq (hub_store_t *self, uint64_t *seq);

/*  Copies the whole store to path while the hub runs (sqlite's online
    backup), for operators. Returns 0 or -1 with err.                         */
int hub_store_backup (hub_store_t *self, const char *path, char *err, size_t errlen);

/*  Total messages, and the bytes of envelopes held (reads every row).        */
int hub_store_message_stats (hub_store_t *self, uint64_t *count, uint64_t *bytes);

/*  Delivery queues: recipient -> message seq, in seq order.                 */
int hub_store_enqueue (hub_store_t *self, const char *recipient, uint64_t seq);
/*  Removes every delivery to recipient with seq <= upto; *removed counts.   */
int hub_store_ack (hub_store_t *self, const char *recipient, uint64_t upto, uint64_t *removed);
/*  Calls fn for up to limit pending deliveries to recipient with seq > after,
    in order. fn returns 0 to go on, -1 to stop. Returns the number visited,
    or -1 on a store error.                                                   */
typedef int (hub_delivery_fn) (void *arg, uint64_t seq, const uint8_t *envelope, size_t len,
                               const uint8_t *sig);
int hub_store_pending (hub_store_t *self, const char *recipient, uint64_t after, size_t limit,
                       hub_delivery_fn *fn, void *arg);
/*  Deliveries waiting for recipient.                                        */
int hub_store_queue_depth (hub_store_t *self, const char *recipient, uint64_t *depth);

/*  Batches: the signed head of every group commit.                          */
int hub_store_put_batch (hub_store_t *self, const proto_batch_head_t *head,
                         const uint8_t *head_bytes, size_t head_len,
                         const uint8_t sig [PROTO_SIGNATURE_BYTES]);
int hub_store_last_batch (hub_store_t *self, uint64_t *batch);
/*  The newest signed head whose audit_seq lies in [lo, hi]: 1 and its bytes
    (head needs PROTO_MAX_HEAD_BYTES), 0 when there is none, -1 on error.      */
int hub_store_batch_by_audit (hub_store_t *self, uint64_t lo, uint64_t hi, uint8_t *head,
                              size_t *head_len, uint8_t sig [PROTO_SIGNATURE_BYTES],
                              uint64_t *audit_seq);

/*  Audit rows (hashing and the chain rule live in hub_audit).               */
typedef struct {
    uint64_t seq;
    uint64_t ts;
    char actor [PROTO_MAX_PARTNER_ID_BYTES + 1];
    char action [PROTO_MAX_TAXON_BYTES + 1];
    bool has_object, has_subject, has_digest;
    uint8_t object [PROTO_ID_BYTES];
    uint8_t subject [PROTO_REF_BYTES];
    uint8_t digest [PROTO_DIGEST_BYTES];
    char result [PROTO_MAX_NOTE_BYTES + 1];
    char origin [64];
    uint8_t hash [PROTO_DIGEST_BYTES];
} hub_audit_row_t;

int hub_store_audit_put (hub_store_t *self, const hub_audit_row_t *row);
/*  The last row (seq 0 and zero hash when the log is empty).                */
int hub_store_audit_last (hub_store_t *self, hub_audit_row_t *row);
/*  Calls fn for each row with seq >= from, in order; fn returns 0 to go on.
    Rows that cannot be read as written are passed with their fields as far
    as they could be read and *damaged set, so the verifier can name them.   */
typedef int (hub_audit_fn) (void *arg, const hub_audit_row_t *row, bool damaged);
int hub_store_audit_scan (hub_store_t *self, uint64_t from, hub_audit_fn *fn, void *arg);

/*  PRAGMA integrity_check; 0 when "ok".                                     */
int hub_store_integrity (hub_store_t *self, char *err, size_t errlen);

#endif
