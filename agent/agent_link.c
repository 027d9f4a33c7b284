/*  agent_link.c - the DEALER to the hub: send, resend, receipts,
    deliveries, answers, errors, acks. See agent_link.h.

    A burst of incoming frames is handled in one store transaction; events
    for the owner are held until that transaction has committed, so nobody
    is told "done" about something that is not on disk, and the ack for
    deliveries goes out only after their commit.                             */
#include "agent_link.h"
#include "agent_json.h"
#include "agent_limits.h"
#include "proto_link.h"
#include "proto_sign.h"
#include "proto_lang.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zmq.h>

#define S_MONITOR_EVENTS (ZMQ_EVENT_HANDSHAKE_SUCCEEDED | ZMQ_EVENT_DISCONNECTED \
                        | ZMQ_EVENT_HANDSHAKE_FAILED_AUTH | ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL \
                        | ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL | ZMQ_EVENT_MONITOR_STOPPED)
#define S_MONITOR_HDR_BYTES 6       /* uint16 event + uint32 value           */
#define S_HWM               10000   /* messages queued per direction         */
#define S_RECV_FRAMES       (PROTO_MAX_FRAMES + 1)

/*  An event held until the burst commits (owns its strings).               */
typedef struct {
    agent_event_t ev;
    char note [PROTO_MAX_TAXON_BYTES + 1];
    char note_args [AGENT_ARGS_JSON_BYTES];
    char to [PROTO_MAX_PARTNER_ID_BYTES + 1];
    char name [64];
    char reason_code [PROTO_MAX_TAXON_BYTES + 1];
    char args [AGENT_ARGS_JSON_BYTES];
    char field [PROTO_MAX_FIELD_BYTES + 1];
} held_event_t;

struct agent_link_t {
    const agent_config_t *config;
    proto_identity_t *identity;
    agent_store_t *store;
    bool daemon;
    agent_event_fn *fn;
    void *arg;
    zsock_t *dealer;
    zsock_t *monitor;
    bool connected;
    uint64_t last_heard;
    proto_cert_t hub;
    const agent_message_t *expected;        /* direct mode                   */
    zlist_t *held;                          /* held_event_t *                */
    bool in_tx;
    bool audit_pending;                     /* an audit_since is out          */
    uint8_t audit_id [PROTO_ID_BYTES];
    size_t delivered_new, delivered_any;
    agent_link_stats_t stats;
};

static uint64_t
s_now (agent_link_t *self)
{
    return agent_config_now_ms (self->config);
}

void
agent_head_from (agent_head_t *h, const proto_batch_head_t *head, const proto_link_t *link,
                 uint64_t received)
{
    memset (h, 0, sizeof *h);
    h->batch = head->batch;
    h->ts = head->ts;
    h->audit_seq = head->audit_seq;
    memcpy (h->audit_head, head->audit_head, PROTO_DIGEST_BYTES);
    memcpy (h->hub, head->hub, PROTO_PUBKEY_BYTES);
    h->head_len = link->head_len <= sizeof h->head ? link->head_len : sizeof h->head;
    memcpy (h->head, link->head, h->head_len);
    memcpy (h->head_sig, link->head_sig, PROTO_SIGNATURE_BYTES);
    h->received = received;
}

agent_link_t *
agent_link_new (const agent_config_t *config, proto_identity_t *identity, agent_store_t *store,
                bool daemon, agent_event_fn *fn, void *arg, char *err, size_t errlen)
{
    agent_link_t *self = (agent_link_t *) calloc (1, sizeof *self);
    if (!self) {
        snprintf (err, errlen, _("out of memory"));
        return NULL;
    }
    self->config = config;
    self->identity = identity;
    self->store = store;
    self->daemon = daemon;
    self->fn = fn;
    self->arg = arg;
    self->held = zlist_new ();
    char why [512];
    if (proto_cert_load (&self->hub, config->hub_cert, why, sizeof why)) {
        snprintf (err, errlen, _("hub certificate: %s"), why);
        agent_link_destroy (&self);
        return NULL;
    }
    self->dealer = zsock_new (ZMQ_DEALER);
    if (!self->dealer || !self->held) {
        snprintf (err, errlen, _("cannot create a ZeroMQ socket"));
        agent_link_destroy (&self);
        return NULL;
    }
    void *handle = zsock_resolve (self->dealer);
    zcert_apply (proto_identity_zcert (identity), self->dealer);
    zsock_set_curve_serverkey_bin (self->dealer, self->hub.curve_key);
    zsock_set_linger (self->dealer, AGENT_LINGER_MS);
    zsock_set_sndhwm (self->dealer, S_HWM);
    zsock_set_rcvhwm (self->dealer, S_HWM);
    zsock_set_immediate (self->dealer, 1);
    zsock_set_reconnect_ivl (self->dealer, config->reconnect_ivl);
    zsock_set_reconnect_ivl_max (self->dealer, config->reconnect_ivl_max);
    int64_t maxmsg = PROTO_MAX_LINK_BYTES;
    zmq_setsockopt (handle, ZMQ_MAXMSGSIZE, &maxmsg, sizeof maxmsg);
    int v = config->heartbeat_ivl;
    zmq_setsockopt (handle, ZMQ_HEARTBEAT_IVL, &v, sizeof v);
    v = config->heartbeat_timeout;
    zmq_setsockopt (handle, ZMQ_HEARTBEAT_TIMEOUT, &v, sizeof v);
    v = config->heartbeat_ttl;
    zmq_setsockopt (handle, ZMQ_HEARTBEAT_TTL, &v, sizeof v);

    char endpoint [64];
    snprintf (endpoint, sizeof endpoint, "inproc://regie-monitor-%p", (void *) self);
    if (zmq_socket_monitor (handle, endpoint, S_MONITOR_EVENTS) != 0
    ||  !(self->monitor = zsock_new (ZMQ_PAIR))
    ||  zsock_connect (self->monitor, "%s", endpoint) != 0) {
        snprintf (err, errlen, _("cannot monitor the hub connection: %s"), zmq_strerror (zmq_errno ()));
        agent_link_destroy (&self);
        return NULL;
    }
    if (zsock_connect (self->dealer, "%s", config->hub_endpoint) != 0) {
        snprintf (err, errlen, _("cannot connect to %s: %s"), config->hub_endpoint,
                  zmq_strerror (zmq_errno ()));
        agent_link_destroy (&self);
        return NULL;
    }
    return self;
}

void
agent_link_destroy (agent_link_t **self_p)
{
    if (self_p && *self_p) {
        agent_link_t *self = *self_p;
        if (self->dealer)
            zmq_socket_monitor (zsock_resolve (self->dealer), NULL, 0);
        zsock_destroy (&self->dealer);
        zsock_destroy (&self->monitor);
        if (self->held) {
            held_event_t *h;
            while ((h = (held_event_t *) zlist_pop (self->held)))
                free (h);
            zlist_destroy (&self->held);
        }
        free (self);
        *self_p = NULL;
    }
}

zsock_t *
agent_link_socket (agent_link_t *self)
{
    return self->dealer;
}

zsock_t *
agent_link_monitor (agent_link_t *self)
{
    return self->monitor;
}

bool
agent_link_connected (agent_link_t *self)
{
    return self->connected;
}

uint64_t
agent_link_last_heard (agent_link_t *self)
{
    return self->last_heard;
}

const agent_link_stats_t *
agent_link_stats (agent_link_t *self)
{
    return &self->stats;
}

void
agent_link_expect (agent_link_t *self, const agent_message_t *msg)
{
    self->expected = msg;
}

static int
s_send_raw (agent_link_t *self, const uint8_t *bytes, size_t size, const uint8_t *sig)
{
    if (!self->connected)
        return -1;
    void *handle = zsock_resolve (self->dealer);
    if (zmq_send (handle, bytes, size, ZMQ_SNDMORE | ZMQ_DONTWAIT) != (int) size)
        return -1;
    if (zmq_send (handle, sig, PROTO_SIGNATURE_BYTES, ZMQ_DONTWAIT) != PROTO_SIGNATURE_BYTES)
        return -1;      /* cannot happen once the first frame went */
    return 0;
}

int
agent_link_send (agent_link_t *self, const agent_message_t *msg)
{
    if (s_send_raw (self, msg->bytes, msg->size, msg->sig))
        return -1;
    self->stats.sent++;
    if (self->store)
        agent_store_outbox_sent (self->store, msg->id, s_now (self));
    return 0;
}

static void
s_send_ack (agent_link_t *self)
{
    if (!self->store)
        return;
    uint64_t upto = agent_store_delivered_upto (self->store);
    agent_message_t *ack = agent_message_ack (self->identity, s_now (self), upto);
    if (ack && s_send_raw (self, ack->bytes, ack->size, ack->sig) == 0)
        zsys_debug ("regie: ack upto %llu", (unsigned long long) upto);
    agent_message_destroy (&ack);
}

typedef struct {
    agent_link_t *link;
    bool force;
    uint64_t now;
    int sent;
    bool stop;
} resend_t;

static int
s_resend_row (void *arg, const agent_outbox_row_t *row)
{
    resend_t *r = (resend_t *) arg;
    agent_link_t *self = r->link;
    if (!r->force && row->last_sent + (uint64_t) self->config->resend_after > r->now)
        return 0;
    /* the hub refuses stale timestamps: re-seal old ones, same id */
    if (row->ts + (uint64_t) self->config->ts_window / 2 < r->now || row->ts > r->now + (uint64_t) self->config->ts_window / 2) {
        char err [256];
        agent_message_t *fresh = agent_message_reseal (self->identity, row->envelope,
                                                       row->envelope_len, r->now, err, sizeof err);
        if (!fresh) {
            zsys_error ("regie: cannot re-seal outbox message: %s", err);
            return 0;
        }
        if (agent_store_outbox_resign (self->store, fresh->id, fresh->ts, fresh->bytes,
                                       fresh->size, fresh->sig) == 0
        &&  s_send_raw (self, fresh->bytes, fresh->size, fresh->sig) == 0) {
            agent_store_outbox_sent (self->store, fresh->id, r->now);
            r->sent++;
        }
        else
            r->stop = true;
        agent_message_destroy (&fresh);
        return r->stop;
    }
    if (s_send_raw (self, row->envelope, row->envelope_len, row->signature) != 0) {
        r->stop = true;
        return 1;
    }
    agent_store_outbox_sent (self->store, row->id, r->now);
    r->sent++;
    return 0;
}

int
agent_link_resend (agent_link_t *self, bool force)
{
    if (!self->daemon || !self->store || !self->connected)
        return 0;
    resend_t r = { self, force, s_now (self), 0, false };
    /* one transaction: the sent marks and re-seals cost one fsync */
    if (agent_store_begin (self->store))
        return -1;
    int rc = agent_store_outbox_pending (self->store, AGENT_RESEND_BATCH, s_resend_row, &r);
    if (agent_store_commit (self->store)) {
        agent_store_rollback (self->store);
        return -1;
    }
    if (r.sent) {
        self->stats.resent += (uint64_t) r.sent;
        zsys_info ("regie: sent %d message%s from the outbox", r.sent, r.sent == 1 ? "" : "s");
    }
    return rc < 0 ? -1 : 0;
}

static void
s_emit (agent_link_t *self, const agent_event_t *ev)
{
    if (self->fn)
        self->fn (self->arg, ev);
}

int
agent_link_on_monitor (agent_link_t *self)
{
    zmsg_t *msg = zmsg_recv (self->monitor);
    if (!msg)
        return 0;
    zframe_t *hdr = zmsg_first (msg);
    if (hdr && zframe_size (hdr) >= S_MONITOR_HDR_BYTES) {
        const uint8_t *d = zframe_data (hdr);
        uint16_t event = (uint16_t) (d [0] | d [1] << 8);       /* host order: LE */
        uint32_t value = (uint32_t) d [2] | (uint32_t) d [3] << 8 | (uint32_t) d [4] << 16
                       | (uint32_t) d [5] << 24;
        agent_event_t ev;
        memset (&ev, 0, sizeof ev);
        if (event == ZMQ_EVENT_HANDSHAKE_SUCCEEDED) {
            self->connected = true;
            self->stats.connects++;
            self->last_heard = s_now (self);
            if (self->daemon)
                zsys_info ("regie: connected to the hub at %s", self->config->hub_endpoint);
            if (self->daemon) {
                s_send_ack (self);
                agent_link_resend (self, true);
            }
            ev.kind = AGENT_EV_CONNECTED;
            s_emit (self, &ev);
        }
        else
        if (event == ZMQ_EVENT_DISCONNECTED) {
            if (self->connected && self->daemon)
                zsys_warning ("regie: lost the hub at %s; reconnecting", self->config->hub_endpoint);
            self->connected = false;
            ev.kind = AGENT_EV_DISCONNECTED;
            s_emit (self, &ev);
        }
        else
        if (event == ZMQ_EVENT_HANDSHAKE_FAILED_AUTH)
            zsys_error ("regie: the hub refused our key (ZAP status %u): is this partner admitted "
                        "(regiehub partner add)?", value);
        else
        if (event == ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL || event == ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL)
            zsys_error ("regie: handshake with the hub failed (%s 0x%x): check hub.cert",
                        event == ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL ? "protocol" : "errno", value);
    }
    zmsg_destroy (&msg);
    return 0;
}

/*  Reads one multipart message, keeping at most S_RECV_FRAMES frames;
    extra frames are read and dropped. Returns the number of frames seen.   */
static size_t
s_recv (agent_link_t *self, zframe_t *frames [S_RECV_FRAMES])
{
    size_t n = 0;
    do {
        zframe_t *f = zframe_recv (self->dealer);
        if (!f)
            break;
        if (n < S_RECV_FRAMES)
            frames [n] = f;
        else
            zframe_destroy (&f);
        n++;
    } while (zsock_rcvmore (self->dealer));
    return n;
}

static held_event_t *
s_hold (agent_link_t *self, agent_event_kind_t kind, const uint8_t *id)
{
    held_event_t *h = (held_event_t *) calloc (1, sizeof *h);
    if (!h)
        return NULL;
    h->ev.kind = kind;
    if (id)
        memcpy (h->ev.id, id, PROTO_ID_BYTES);
    zlist_append (self->held, h);
    return h;
}

static int
s_tx (agent_link_t *self)
{
    if (!self->in_tx && self->store) {
        if (agent_store_begin (self->store))
            return -1;
        self->in_tx = true;
    }
    return 0;
}

typedef struct {
    uint8_t digest [PROTO_DIGEST_BYTES];
    int state;
    bool found;
} digest_t;

static int
s_digest_row (void *arg, const agent_outbox_row_t *row)
{
    digest_t *d = (digest_t *) arg;
    proto_digest (d->digest, row->envelope, row->envelope_len);
    d->state = row->state;
    d->found = true;
    return 1;
}

/*  The raw item bytes, index and proof of receipt item i (already verified). */
static void
s_receipt_parts (const proto_link_t *link, uint32_t i, agent_receipt_t *r,
                 uint8_t proof [PROTO_MERKLE_MAX_DEPTH * PROTO_DIGEST_BYTES])
{
    const msgpack_object *items = proto_obj_map_get (&link->unpacked.data, "items");
    const msgpack_object *e = &items->via.array.ptr [i];
    const msgpack_object *bytes = proto_obj_map_get (e, "item");
    const msgpack_object *index = proto_obj_map_get (e, "index");
    const msgpack_object *path = proto_obj_map_get (e, "proof");
    r->item = (const uint8_t *) bytes->via.bin.ptr;
    r->item_len = bytes->via.bin.size;
    r->index = (uint32_t) index->via.u64;
    r->proof_len = 0;
    for (uint32_t k = 0; k < path->via.array.size && k < PROTO_MERKLE_MAX_DEPTH; k++) {
        memcpy (proof + r->proof_len, path->via.array.ptr [k].via.bin.ptr, PROTO_DIGEST_BYTES);
        r->proof_len += PROTO_DIGEST_BYTES;
    }
    r->proof = proof;
    r->head = link->head;
    r->head_len = link->head_len;
    r->head_sig = link->head_sig;
}

static int
s_on_receipt (agent_link_t *self, const proto_link_t *link)
{
    bool head_kept = false;
    for (uint32_t i = 0; i < link->items; i++) {
        proto_batch_head_t head;
        proto_receipt_item_t item;
        proto_result_t rc = proto_receipt_verify (link, i, self->hub.sign_key, &head, &item);
        if (rc != PROTO_OK) {
            self->stats.bad_frames++;
            zsys_warning ("regie: receipt item %u does not verify (%s); ignored", i,
                          proto_result_name (rc));
            continue;
        }
        if (!self->store)
            continue;
        if (s_tx (self))
            return -1;
        /* the first signed head becomes the anchor; later ones move it only
           through `regie audit check`, which proves the chain extends it   */
        agent_head_t anchor;
        int anchored = head_kept ? 1 : agent_store_head_get (self->store, &anchor);
        if (anchored < 0)
            return -1;
        if (!head_kept && anchored == 0) {
            agent_head_t h;
            agent_head_from (&h, &head, link, s_now (self));
            if (agent_store_head_offer (self->store, &h) < 0)
                return -1;
            head_kept = true;
        }
        digest_t d;
        memset (&d, 0, sizeof d);
        if (agent_store_outbox_get (self->store, item.id, s_digest_row, &d) < 0)
            return -1;
        if (!d.found && self->expected && memcmp (self->expected->id, item.id, PROTO_ID_BYTES) == 0) {
            /* direct mode: keep the proof with a row of its own */
            const agent_message_t *m = self->expected;
            if (agent_store_outbox_add (self->store, m->id, m->type->name, m->ts, m->ts, m->bytes,
                                        m->size, m->sig) < 0)
                return -1;
            proto_digest (d.digest, m->bytes, m->size);
            d.found = true;
        }
        if (!d.found)
            continue;       /* not ours to prove: another process, or a query */
        if (memcmp (d.digest, item.digest, PROTO_DIGEST_BYTES) != 0 && !item.duplicate) {
            self->stats.bad_frames++;
            zsys_warning ("regie: a receipt names a digest we did not send; ignored");
            continue;
        }
        agent_receipt_t r;
        uint8_t proof [PROTO_MERKLE_MAX_DEPTH * PROTO_DIGEST_BYTES];
        memset (&r, 0, sizeof r);
        s_receipt_parts (link, i, &r, proof);
        r.hub_seq = item.seq;
        r.duplicate = item.duplicate;
        char *note_args = item.note [0] && item.note_args.count
                        ? agent_json_args_text (&item.note_args) : NULL;
        r.note = item.note;
        r.note_args = note_args;
        r.to = item.to;
        int changed = agent_store_outbox_receipt (self->store, item.id, &r, s_now (self));
        if (changed < 0) {
            free (note_args);
            return -1;
        }
        if (changed == 0 && !(self->expected
                              && memcmp (self->expected->id, item.id, PROTO_ID_BYTES) == 0)) {
            free (note_args);
            continue;       /* already receipted or refused: nothing new */
        }
        self->stats.receipts++;
        held_event_t *h = s_hold (self, AGENT_EV_RECEIPT, item.id);
        if (h) {
            h->ev.hub_seq = item.seq;
            h->ev.duplicate = item.duplicate;
            snprintf (h->note, sizeof h->note, "%s", item.note);
            snprintf (h->note_args, sizeof h->note_args, "%s", note_args ? note_args : "");
            snprintf (h->to, sizeof h->to, "%s", item.to);
        }
        free (note_args);
    }
    return 0;
}

static int
s_on_error (agent_link_t *self, const proto_link_t *link)
{
    char field [sizeof link->field];
    snprintf (field, sizeof field, "%s", link->field);
    if (link->has_id && self->audit_pending
    &&  memcmp (link->id, self->audit_id, PROTO_ID_BYTES) == 0) {
        self->audit_pending = false;
        agent_event_t ev;
        memset (&ev, 0, sizeof ev);
        ev.kind = AGENT_EV_AUDIT;
        ev.code = (int) link->code;
        ev.name = proto_result_name (link->code);
        ev.reason = link->reason_code [0] ? link->reason_code : proto_result_name (link->code);
        s_emit (self, &ev);
        return 0;
    }
    char *args = link->reason_code [0] && link->args.count ? agent_json_args_text (&link->args)
                                                           : NULL;
    if (!link->has_id) {
        zsys_warning ("regie: the hub refused a message it could not read: %s (%s%s%s%s)",
                      proto_result_name (link->code), link->reason_code, args ? args : "",
                      field [0] ? ", field " : "", field);
        self->stats.refused++;
        free (args);
        return 0;
    }
    /* a busy or rate-limiting hub, or a clock out of its window, is no
       verdict on the message: keep it and send it again later */
    if (link->code == PROTO_RATE_LIMITED || link->code == PROTO_UNAVAILABLE
    ||  link->code == PROTO_STALE) {
        zsys_warning ("regie: the hub put a message off (%s: %s); it stays in the outbox%s",
                      proto_result_name (link->code), link->reason_code,
                      link->code == PROTO_STALE ? " (check this machine's clock)" : "");
        free (args);
        return 0;
    }
    if (self->store) {
        if (s_tx (self)
        ||  agent_store_outbox_refuse (self->store, link->id, (int) link->code,
                                       proto_result_name (link->code), link->reason_code, args,
                                       field, s_now (self)) < 0) {
            free (args);
            return -1;
        }
    }
    self->stats.refused++;
    held_event_t *h = s_hold (self, AGENT_EV_REFUSED, link->id);
    if (h) {
        h->ev.code = (int) link->code;
        snprintf (h->name, sizeof h->name, "%s", proto_result_name (link->code));
        snprintf (h->reason_code, sizeof h->reason_code, "%s", link->reason_code);
        snprintf (h->args, sizeof h->args, "%s", args ? args : "");
        snprintf (h->field, sizeof h->field, "%s", field);
    }
    free (args);
    return 0;
}

/*  The answer to our audit_since: does the hub's chain extend our anchor?  */
static int
s_on_digests (agent_link_t *self, const proto_link_t *link)
{
    if (!self->audit_pending || !self->store)
        return 0;
    self->audit_pending = false;
    agent_head_t anchor;
    if (agent_store_head_get (self->store, &anchor) != 1)
        return 0;
    proto_batch_head_t head;
    proto_result_t rc = proto_digests_verify (link, self->hub.sign_key, anchor.audit_seq,
                                              anchor.audit_head, &head);
    agent_event_t ev;
    memset (&ev, 0, sizeof ev);
    ev.kind = AGENT_EV_AUDIT;
    if (rc == PROTO_OK) {
        agent_head_t h;
        agent_head_from (&h, &head, link, s_now (self));
        if (s_tx (self) || agent_store_head_offer (self->store, &h) < 0)
            return -1;
        ev.hub_seq = head.audit_seq;
    }
    else {
        ev.code = (int) rc;
        ev.name = rc == PROTO_CONFLICT ? "BROKEN" : proto_result_name (rc);
        ev.reason = rc == PROTO_CONFLICT
                  ? "the hub's audit chain does not extend the head this agent saw: "
                    "history was rewritten or truncated"
                  : "the hub's digests could not be checked";
    }
    s_emit (self, &ev);
    return 0;
}

int
agent_link_audit_check (agent_link_t *self)
{
    agent_head_t anchor;
    if (!self->store || agent_store_head_get (self->store, &anchor) != 1)
        return 1;
    if (!self->connected)
        return -1;
    const proto_type_t *type = proto_type_find ("audit_since", strlen ("audit_since"));
    json_t *body = json_pack ("{sI}", "from", (json_int_t) (anchor.audit_seq + 1));
    char err [256];
    agent_message_t *m = agent_message_new (self->identity, &self->config->tax, type, s_now (self),
                                            NULL, NULL, NULL, body, err, sizeof err);
    json_decref (body);
    if (!m)
        return -1;
    int rc = agent_link_send (self, m);
    if (rc == 0) {
        memcpy (self->audit_id, m->id, PROTO_ID_BYTES);
        self->audit_pending = true;
    }
    agent_message_destroy (&m);
    return rc;
}

/*  Checks [envelope][signature] from the hub: size, full decode, signature
    against author (hub-authored types and answers: the hub's key).         */
static proto_result_t
s_check_signed (agent_link_t *self, zframe_t *env_frame, zframe_t *sig_frame, bool from_hub,
                proto_envelope_t *env)
{
    if (zframe_size (sig_frame) != PROTO_SIGNATURE_BYTES)
        return PROTO_BAD_FRAMES;
    if (zframe_size (env_frame) > PROTO_MAX_ENVELOPE_BYTES)
        return PROTO_TOO_BIG;
    proto_result_t rc = proto_envelope_decode (env, zframe_data (env_frame), zframe_size (env_frame),
                                               NULL, NULL);
    if (rc != PROTO_OK)
        return rc;
    bool hub_type = (env->type->flags & PROTO_T_HUB) != 0;
    if ((from_hub || hub_type) && memcmp (env->from, self->hub.sign_key, PROTO_PUBKEY_BYTES) != 0)
        rc = PROTO_WRONG_AUTHOR;
    else
    if (proto_verify (zframe_data (sig_frame), zframe_data (env_frame), zframe_size (env_frame),
                      env->from) != 0)
        rc = PROTO_BAD_SIGNATURE;
    if (rc != PROTO_OK)
        proto_envelope_release (env);
    return rc;
}

static int
s_on_deliver (agent_link_t *self, const proto_link_t *link, zframe_t *frames [], size_t n)
{
    if (!self->daemon || !self->store)
        return 0;       /* direct mode: the daemon gets it after its hello */
    if (link->seq > PROTO_MAX_SEQ) {
        self->stats.bad_frames++;
        zsys_warning ("regie: delivery seq %llu beyond what an ack can name; ignored",
                      (unsigned long long) link->seq);
        return 0;
    }
    if (s_tx (self))
        return -1;
    self->delivered_any++;
    proto_envelope_t env;
    proto_result_t rc = n == 3 ? s_check_signed (self, frames [1], frames [2], false, &env)
                               : PROTO_BAD_FRAMES;
    if (rc != PROTO_OK) {
        self->stats.rejected++;
        zsys_warning ("regie: delivery %llu refused (%s); kept in quarantine",
                      (unsigned long long) link->seq, proto_result_name (rc));
        return agent_store_quarantine_add (self->store, link->seq, proto_result_name (rc),
                                           n > 1 ? zframe_data (frames [1]) : NULL,
                                           n > 1 ? zframe_size (frames [1]) : 0,
                                           n > 2 ? zframe_data (frames [2]) : NULL,
                                           n > 2 ? zframe_size (frames [2]) : 0, s_now (self));
    }
    agent_inbox_row_t row;
    memset (&row, 0, sizeof row);
    row.seq = link->seq;
    memcpy (row.id, env.id, PROTO_ID_BYTES);
    row.type = env.type->name;
    memcpy (row.author, env.from, PROTO_PUBKEY_BYTES);
    row.ts = env.ts;
    row.received = s_now (self);
    row.has_person = env.has_person;
    row.has_address = env.has_address;
    memcpy (row.person, env.person, PROTO_REF_BYTES);
    memcpy (row.address, env.address, PROTO_REF_BYTES);
    row.envelope = zframe_data (frames [1]);
    row.envelope_len = zframe_size (frames [1]);
    row.signature = zframe_data (frames [2]);
    int added = agent_store_inbox_add (self->store, &row);
    proto_envelope_release (&env);
    if (added < 0)
        return -1;
    if (added) {
        self->delivered_new++;
        self->stats.delivered++;
    }
    else
        self->stats.duplicates++;
    return 0;
}

static void
s_on_answer (agent_link_t *self, zframe_t *frames [], size_t n)
{
    proto_envelope_t env;
    proto_result_t rc = n == 3 ? s_check_signed (self, frames [1], frames [2], true, &env)
                               : PROTO_BAD_FRAMES;
    if (rc != PROTO_OK) {
        self->stats.bad_frames++;
        zsys_warning ("regie: answer refused (%s)", proto_result_name (rc));
        return;
    }
    if (!env.has_re) {
        self->stats.bad_frames++;
        zsys_warning ("regie: answer without re; ignored");
        proto_envelope_release (&env);
        return;
    }
    self->stats.answers++;
    agent_event_t ev;
    memset (&ev, 0, sizeof ev);
    ev.kind = AGENT_EV_ANSWER;
    memcpy (ev.id, env.re, PROTO_ID_BYTES);
    ev.answer = agent_json_from_envelope (&env);
    proto_envelope_release (&env);
    /* answers change nothing stored: hand over at once */
    s_emit (self, &ev);
    json_decref (ev.answer);
}

static int
s_handle (agent_link_t *self, zframe_t *frames [], size_t n)
{
    if (n == 0)
        return 0;
    if (n > PROTO_MAX_FRAMES || zframe_size (frames [0]) > PROTO_MAX_LINK_BYTES) {
        self->stats.bad_frames++;
        zsys_warning ("regie: dropped a message from the hub with %zu frames", n);
        return 0;
    }
    proto_link_t link;
    proto_result_t rc = proto_link_decode (&link, zframe_data (frames [0]), zframe_size (frames [0]));
    if (rc != PROTO_OK) {
        self->stats.bad_frames++;
        zsys_warning ("regie: dropped an unreadable message from the hub (%s)", proto_result_name (rc));
        return 0;
    }
    int result = 0;
    switch (link.kind) {
        case PROTO_LINK_RECEIPT:
            result = n == 1 ? s_on_receipt (self, &link) : 0;
            break;
        case PROTO_LINK_ERROR:
            result = n == 1 ? s_on_error (self, &link) : 0;
            break;
        case PROTO_LINK_DELIVER:
            result = s_on_deliver (self, &link, frames, n);
            break;
        case PROTO_LINK_ANSWER:
            s_on_answer (self, frames, n);
            break;
        case PROTO_LINK_DIGESTS:
            result = n == 1 ? s_on_digests (self, &link) : 0;
            break;
    }
    proto_link_release (&link);
    return result;
}

int
agent_link_on_input (agent_link_t *self)
{
    int rc = 0;
    self->delivered_new = self->delivered_any = 0;
    for (size_t count = 0; count < AGENT_BURST_MAX; count++) {
        if (count > 0 && !(zsock_events (self->dealer) & ZMQ_POLLIN))
            break;
        zframe_t *frames [S_RECV_FRAMES] = { NULL };
        size_t n = s_recv (self, frames);
        self->last_heard = s_now (self);
        if (n > 0)
            rc = s_handle (self, frames, n);
        for (size_t i = 0; i < n && i < S_RECV_FRAMES; i++)
            zframe_destroy (&frames [i]);
        if (rc)
            break;
    }
    if (self->in_tx) {
        self->in_tx = false;
        if (rc == 0 && agent_store_commit (self->store) != 0) {
            zsys_error ("regie: cannot commit to agent.db: %s", agent_store_error (self->store));
            rc = -1;
        }
        if (rc != 0) {
            agent_store_rollback (self->store);
            /* nothing of this burst is kept: drop the held events */
            held_event_t *h;
            while ((h = (held_event_t *) zlist_pop (self->held)))
                free (h);
            return -1;
        }
    }
    /* committed: now acknowledge and tell */
    if (self->delivered_any)
        s_send_ack (self);
    held_event_t *h;
    while ((h = (held_event_t *) zlist_pop (self->held))) {
        h->ev.note = h->note;
        h->ev.note_args = h->note_args [0] ? h->note_args : NULL;
        h->ev.to = h->to;
        h->ev.name = h->name;
        h->ev.reason_code = h->reason_code [0] ? h->reason_code : NULL;
        h->ev.args = h->args [0] ? h->args : NULL;
        h->ev.field = h->field;
        s_emit (self, &h->ev);
        free (h);
    }
    if (self->delivered_new) {
        agent_event_t ev;
        memset (&ev, 0, sizeof ev);
        ev.kind = AGENT_EV_DELIVERED;
        ev.count = self->delivered_new;
        s_emit (self, &ev);
    }
    return rc;
}
