/*  hub_store.c - the store's handle: which backend, injected faults, and the
    connection's functions (hub_store.h, hub_store_backend.h).              */
#include "hub_store_backend.h"
#include <stdio.h>
#include <stdlib.h>

hub_store_t *
hub_store_open_with (const hub_store_backend_t *backend, const char *where, char *err,
                     size_t errlen)
{
    hub_store_t *self = (hub_store_t *) calloc (1, sizeof *self);
    if (!self) {
        snprintf (err, errlen, "out of memory");
        return NULL;
    }
    self->backend = backend;
    self->impl = backend->open (where, err, errlen);
    if (!self->impl) {
        free (self);
        return NULL;
    }
    return self;
}

hub_store_t *
hub_store_open (const char *path, char *err, size_t errlen)
{
    return hub_store_open_with (&hub_store_sqlite, path, err, errlen);
}

void
hub_store_destroy (hub_store_t **self_p)
{
    hub_store_t *self = *self_p;
    if (self) {
        self->backend->close (self->impl);
        free (self);
        *self_p = NULL;
    }
}

const char *
hub_store_error (hub_store_t *self)
{
    return self->faulted ? "injected fault" : self->backend->error (self);
}

bool
hub_store_full (hub_store_t *self)
{
    return !self->faulted && self->backend->full && self->backend->full (self);
}

const char *
hub_store_backend_name (hub_store_t *self)
{
    return self->backend->name;
}

void
hub_store_inject_fault (hub_store_t *self, uint64_t nth, bool onwards)
{
    self->fail_at = nth ? self->calls + nth : 0;
    self->fail_on = onwards;
}

uint64_t
hub_store_calls (hub_store_t *self)
{
    return self->calls;
}

int
hub_store_begin (hub_store_t *store)
{
    HUB_STORE_CALL0 (store, core, begin);
}

int
hub_store_begin_read (hub_store_t *store)
{
    HUB_STORE_CALL0 (store, core, begin_read);
}

int
hub_store_commit (hub_store_t *store)
{
    HUB_STORE_CALL0 (store, core, commit);
}

void
hub_store_rollback (hub_store_t *store)
{
    store->backend->core->rollback (store);
}

int
hub_store_savepoint (hub_store_t *store)
{
    HUB_STORE_CALL0 (store, core, savepoint);
}

int
hub_store_release (hub_store_t *store)
{
    HUB_STORE_CALL0 (store, core, release);
}

void
hub_store_rollback_to (hub_store_t *store)
{
    store->backend->core->rollback_to (store);
}

int
hub_store_find (hub_store_t *store, const uint8_t id [PROTO_ID_BYTES], hub_stored_t *out)
{
    HUB_STORE_CALL (store, core, find, id, out);
}

int
hub_store_put (hub_store_t *store, const uint8_t id [PROTO_ID_BYTES], const char *author,
               const char *type, uint64_t ts, uint64_t received,
               const uint8_t digest [PROTO_DIGEST_BYTES], const uint8_t *envelope,
               size_t envelope_len, const uint8_t sig [PROTO_SIGNATURE_BYTES], uint64_t *seq)
{
    HUB_STORE_CALL (store, core, put, id, author, type, ts, received, digest, envelope, envelope_len, sig, seq);
}

int
hub_store_last_seq (hub_store_t *store, uint64_t *seq)
{
    HUB_STORE_CALL (store, core, last_seq, seq);
}

int
hub_store_backup (hub_store_t *store, const char *path, char *err, size_t errlen)
{
    HUB_STORE_CALL (store, core, backup, path, err, errlen);
}

int
hub_store_message_stats (hub_store_t *store, uint64_t *count, uint64_t *bytes)
{
    HUB_STORE_CALL (store, core, message_stats, count, bytes);
}

int
hub_store_enqueue (hub_store_t *store, const char *recipient, uint64_t seq)
{
    HUB_STORE_CALL (store, core, enqueue, recipient, seq);
}

int
hub_store_ack (hub_store_t *store, const char *recipient, uint64_t upto, uint64_t *removed)
{
    HUB_STORE_CALL (store, core, ack, recipient, upto, removed);
}

int
hub_store_pending (hub_store_t *store, const char *recipient, uint64_t after, size_t limit,
                   hub_delivery_fn *fn, void *arg)
{
    HUB_STORE_CALL (store, core, pending, recipient, after, limit, fn, arg);
}

int
hub_store_queue_depth (hub_store_t *store, const char *recipient, uint64_t *depth)
{
    HUB_STORE_CALL (store, core, queue_depth, recipient, depth);
}

int
hub_store_put_batch (hub_store_t *store, const proto_batch_head_t *head, const uint8_t *head_bytes,
                     size_t head_len, const uint8_t sig [PROTO_SIGNATURE_BYTES])
{
    HUB_STORE_CALL (store, core, put_batch, head, head_bytes, head_len, sig);
}

int
hub_store_last_batch (hub_store_t *store, uint64_t *batch)
{
    HUB_STORE_CALL (store, core, last_batch, batch);
}

int
hub_store_batch_by_audit (hub_store_t *store, uint64_t lo, uint64_t hi, uint8_t *head,
                          size_t *head_len, uint8_t sig [PROTO_SIGNATURE_BYTES],
                          uint64_t *audit_seq)
{
    HUB_STORE_CALL (store, core, batch_by_audit, lo, hi, head, head_len, sig, audit_seq);
}

int
hub_store_audit_put (hub_store_t *store, const hub_audit_row_t *row)
{
    HUB_STORE_CALL (store, core, audit_put, row);
}

int
hub_store_audit_last (hub_store_t *store, hub_audit_row_t *row)
{
    HUB_STORE_CALL (store, core, audit_last, row);
}

int
hub_store_audit_scan (hub_store_t *store, uint64_t from, hub_audit_fn *fn, void *arg)
{
    HUB_STORE_CALL (store, core, audit_scan, from, fn, arg);
}

int
hub_store_integrity (hub_store_t *store, char *err, size_t errlen)
{
    HUB_STORE_CALL (store, core, integrity, err, errlen);
}
