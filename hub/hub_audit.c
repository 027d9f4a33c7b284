/*  hub_audit.c - see hub_audit.h.                                          */
#include "hub_audit.h"
#include "proto_lang.h"
#include "proto_msgpack.h"
#include "proto_link.h"
#include "proto_sign.h"
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct hub_audit_t {
    hub_store_t *store;
    uint64_t seq;
    uint8_t hash [PROTO_DIGEST_BYTES];
    proto_writer_t w;
};

hub_audit_t *
hub_audit_new (hub_store_t *store)
{
    hub_audit_t *self = (hub_audit_t *) calloc (1, sizeof *self);
    if (!self)
        return NULL;
    self->store = store;
    proto_writer_init (&self->w);
    hub_audit_row_t last;
    if (hub_store_audit_last (store, &last) != 0) {
        hub_audit_destroy (&self);
        return NULL;
    }
    self->seq = last.seq;
    memcpy (self->hash, last.hash, PROTO_DIGEST_BYTES);
    return self;
}

void
hub_audit_destroy (hub_audit_t **self_p)
{
    if (*self_p) {
        proto_writer_destroy (&(*self_p)->w);
        free (*self_p);
        *self_p = NULL;
    }
}

static void
s_opt_bin (proto_writer_t *w, bool has, const uint8_t *data, size_t len)
{
    if (has)
        proto_pack_bin (w, data, len);
    else
        msgpack_pack_nil (&w->pk);
}

/*  The entry's digest: BLAKE2b-256 over its fields in msgpack.             */
static void
s_digest (proto_writer_t *w, uint8_t out [PROTO_DIGEST_BYTES], const hub_audit_row_t *row)
{
    proto_writer_reset (w);
    proto_pack_array (w, 9);
    proto_pack_u64 (w, row->seq);
    proto_pack_u64 (w, row->ts);
    proto_pack_cstr (w, row->actor);
    proto_pack_cstr (w, row->action);
    s_opt_bin (w, row->has_object, row->object, PROTO_ID_BYTES);
    s_opt_bin (w, row->has_subject, row->subject, PROTO_REF_BYTES);
    proto_pack_cstr (w, row->result);
    proto_pack_cstr (w, row->origin);
    s_opt_bin (w, row->has_digest, row->digest, PROTO_DIGEST_BYTES);
    proto_digest (out, proto_writer_data (w), proto_writer_size (w));
}

/*  The chain hash: BLAKE2b-256 (prev || digest), so that anyone holding an
    earlier head can check an extension from the digests alone.             */
static void
s_hash (proto_writer_t *w, uint8_t out [PROTO_DIGEST_BYTES], const uint8_t prev [PROTO_DIGEST_BYTES],
        const hub_audit_row_t *row)
{
    uint8_t digest [PROTO_DIGEST_BYTES];
    s_digest (w, digest, row);
    proto_audit_chain (out, prev, digest);
}

void
hub_audit_entry_digest (uint8_t out [PROTO_DIGEST_BYTES], const hub_audit_row_t *row)
{
    proto_writer_t w;
    proto_writer_init (&w);
    s_digest (&w, out, row);
    proto_writer_destroy (&w);
}

void
hub_audit_hash (uint8_t out [PROTO_DIGEST_BYTES], const uint8_t prev [PROTO_DIGEST_BYTES],
                const hub_audit_row_t *row)
{
    proto_writer_t w;
    proto_writer_init (&w);
    s_hash (&w, out, prev, row);
    proto_writer_destroy (&w);
}

int
hub_audit_append (hub_audit_t *self, uint64_t ts, const char *actor, const char *action,
                  const uint8_t *object, const uint8_t *subject, const char *result,
                  const char *origin, const uint8_t *digest)
{
    hub_audit_row_t row;
    memset (&row, 0, sizeof row);
    row.seq = self->seq + 1;
    row.ts = ts;
    snprintf (row.actor, sizeof row.actor, "%s", actor);
    snprintf (row.action, sizeof row.action, "%s", action);
    snprintf (row.result, sizeof row.result, "%s", result ? result : "ok");
    snprintf (row.origin, sizeof row.origin, "%s", origin ? origin : "");
    if ((row.has_object = object != NULL))
        memcpy (row.object, object, PROTO_ID_BYTES);
    if ((row.has_subject = subject != NULL))
        memcpy (row.subject, subject, PROTO_REF_BYTES);
    if ((row.has_digest = digest != NULL))
        memcpy (row.digest, digest, PROTO_DIGEST_BYTES);
    s_hash (&self->w, row.hash, self->hash, &row);
    if (hub_store_audit_put (self->store, &row) != 0)
        return -1;
    self->seq = row.seq;
    memcpy (self->hash, row.hash, PROTO_DIGEST_BYTES);
    return 0;
}

void
hub_audit_head (const hub_audit_t *self, uint64_t *seq, uint8_t hash [PROTO_DIGEST_BYTES])
{
    *seq = self->seq;
    memcpy (hash, self->hash, PROTO_DIGEST_BYTES);
}

void
hub_audit_mark (const hub_audit_t *self, hub_audit_mark_t *mark)
{
    mark->seq = self->seq;
    memcpy (mark->hash, self->hash, PROTO_DIGEST_BYTES);
}

void
hub_audit_reset (hub_audit_t *self, const hub_audit_mark_t *mark)
{
    self->seq = mark->seq;
    memcpy (self->hash, mark->hash, PROTO_DIGEST_BYTES);
}

typedef struct {
    uint64_t expect;
    uint8_t prev [PROTO_DIGEST_BYTES];
    proto_writer_t w;
    char *err;
    size_t errlen;
    bool broken;
} verify_t;

static int
s_verify_row (void *arg, const hub_audit_row_t *row, bool damaged)
{
    verify_t *v = (verify_t *) arg;
    uint8_t hash [PROTO_DIGEST_BYTES];
    if (row->seq != v->expect) {
        snprintf (v->err, v->errlen, _("audit entry %llu is missing (next entry found: %llu)"),
                  (unsigned long long) v->expect, (unsigned long long) row->seq);
        v->broken = true;
        return -1;
    }
    if (damaged) {
        snprintf (v->err, v->errlen, _("audit entry %llu has a field that is not as written"),
                  (unsigned long long) row->seq);
        v->broken = true;
        return -1;
    }
    s_hash (&v->w, hash, v->prev, row);
    if (memcmp (hash, row->hash, PROTO_DIGEST_BYTES) != 0) {
        snprintf (v->err, v->errlen, _("audit entry %llu does not match its hash: it or the "
                    "entry before it was changed"), (unsigned long long) row->seq);
        v->broken = true;
        return -1;
    }
    memcpy (v->prev, hash, PROTO_DIGEST_BYTES);
    v->expect++;
    return 0;
}

int
hub_audit_verify (hub_store_t *store, uint64_t *entries, char *err, size_t errlen)
{
    verify_t v;
    memset (&v, 0, sizeof v);
    v.expect = 1;
    v.err = err;
    v.errlen = errlen;
    proto_writer_init (&v.w);
    int rc = hub_store_audit_scan (store, 1, s_verify_row, &v);
    proto_writer_destroy (&v.w);
    *entries = v.expect - 1;
    if (rc != 0 && !v.broken) {
        snprintf (err, errlen, _("cannot read the audit log: %s"), hub_store_error (store));
        return -1;
    }
    return v.broken ? -1 : 0;
}
