/*  hub_session.c - each partner's delivery session: the window of
    unacknowledged deliveries, the pump that fills it from the store.       */
#include "hub_router_impl.h"
#include "hub_act.h"

void
hub_session_free (void **item)
{
    session_t *s = (session_t *) *item;
    if (s) {
        free (s->inflight);
        free (s);
        *item = NULL;
    }
}

session_t *
hub_session_get (hub_router_t *self, const char *id)
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
    if (hub_router_send (self, s->routing, s->routing_len, frames, sizes, 3) != 0) {
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
void
hub_session_mark (hub_router_t *self, const char *recipient)
{
    session_t *s = hub_session_get (self, recipient);
    if (s && !s->marked) {
        s->marked = true;
        self->marked++;
    }
}

/*  A recipient of deliveries that a commit made durable.                    */
void
hub_session_mark_queued (void *arg, const char *recipient)
{
    hub_session_mark ((hub_router_t *) arg, recipient);
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
