/*  hub_admit.c - reading a message and admitting it: frames,
    limits, decoding, the partner, then author, roles and rate once its
    signature is checked. No store: refusals here are answered at once.   */
#include "hub_router_impl.h"
#include "hub_flow.h"
#include "proto_sign.h"

void
hub_admit_clear (slot_t *slot)
{
    if (slot->have_msgs) {
        zmq_msg_close (&slot->env_msg);
        zmq_msg_close (&slot->sig_msg);
        slot->have_msgs = false;
    }
    proto_envelope_release (&slot->env);
    slot->kind = SLOT_EMPTY;
    slot->partner = NULL;
    slot->session = NULL;
    slot->receipted = false;
    slot->has_id = false;
    slot->verify = false;
    slot->lane = false;
    slot->answered = false;
    slot->isolated = false;
    slot->refuse = PROTO_OK;
    slot->reason_code = NULL;
    proto_args_init (&slot->args);
    slot->field = NULL;
    memset (&slot->item, 0, sizeof slot->item);
}

/*  Reads one message from the socket into slot. Returns 1 when one was
    read (slot->kind says whether it goes on), 0 when none was waiting.      */
int
hub_admit_receive (hub_router_t *self, slot_t *slot)
{
    zmq_msg_t part;
    zmq_msg_init (&part);
    if (zmq_msg_recv (&part, self->handle, ZMQ_DONTWAIT) < 0) {
        zmq_msg_close (&part);
        return 0;
    }
    slot->received_us = hub_router_mono_us ();
    slot->routing_len = zmq_msg_size (&part);
    if (slot->routing_len > HUB_MAX_ROUTING_BYTES)
        slot->routing_len = HUB_MAX_ROUTING_BYTES;
    memcpy (slot->routing, zmq_msg_data (&part), slot->routing_len);
    int more = zmq_msg_more (&part);
    zmq_msg_close (&part);

    int count = 0;
    zmq_msg_init (&slot->env_msg);
    zmq_msg_init (&slot->sig_msg);
    slot->have_msgs = true;
    while (more) {
        zmq_msg_t *target = count == 0 ? &slot->env_msg : count == 1 ? &slot->sig_msg : &part;
        if (target == &part)
            zmq_msg_init (&part);
        if (zmq_msg_recv (target, self->handle, 0) < 0)
            break;
        more = zmq_msg_more (target);
        if (target == &part)
            zmq_msg_close (&part);
        count++;
    }
    self->received++;
    const char *peer = count > 0 ? zmq_msg_gets (&slot->env_msg, "Peer-Address") : NULL;
    snprintf (slot->origin, sizeof slot->origin, "%s", peer ? peer : "");
    slot->kind = SLOT_MESSAGE;
    if (count != 2) {
        hub_router_refuse_now (self, slot, PROTO_BAD_FRAMES, NULL, HUB_R_TWO_FRAMES, false);
        return 1;
    }
    return 1;
}

/*  Limits, decoding, signature, author, roles, rate: everything that needs
    no store. Refusals are answered at once.                                  */
void
hub_admit (hub_router_t *self, slot_t *slot)
{
    hub_t *hub = self->hub;
    const char *user = zmq_msg_gets (&slot->env_msg, "User-Id");
    slot->partner = user ? hub_partners_by_curve (hub->partners, user) : NULL;
    if (!slot->partner) {
        hub_router_refuse_now (self, slot, PROTO_UNKNOWN_PARTNER, NULL, HUB_R_NOT_ADMITTED, false);
        return;
    }
    slot->session = hub_session_get (self, slot->partner->cert.id);
    if (slot->session)
        slot->session->last_seen_ms = hub_clock_now (hub->clock);
    size_t size = zmq_msg_size (&slot->env_msg);
    const uint8_t *bytes = (const uint8_t *) zmq_msg_data (&slot->env_msg);
    if (size > PROTO_MAX_ENVELOPE_BYTES) {
        hub_router_refuse_now (self, slot, PROTO_TOO_BIG, NULL, -1, false);
        return;
    }
    if (zmq_msg_size (&slot->sig_msg) != PROTO_SIGNATURE_BYTES) {
        hub_router_refuse_now (self, slot, PROTO_BAD_FRAMES, NULL, HUB_R_SIGNATURE_FRAME, false);
        return;
    }
    const char *field = NULL;
    proto_result_t rc = proto_envelope_decode (&slot->env, bytes, size, &hub->config->taxonomy, &field);
    if (rc != PROTO_OK) {
        hub_router_refuse_now (self, slot, rc, field, -1, false);
        return;
    }
    memcpy (slot->item.id, slot->env.id, PROTO_ID_BYTES);
    slot->has_id = true;
    slot->verify = true;            /* the batch's signatures are checked together */
}

/*  After the signature check: author, roles, rate.                          */
void
hub_admit_verified (hub_router_t *self, slot_t *slot, int signature)
{
    hub_t *hub = self->hub;
    slot->verify = false;
    if (signature != 0) {
        hub_router_refuse_now (self, slot, PROTO_BAD_SIGNATURE, NULL, -1, false);
        return;
    }
    if (memcmp (slot->env.from, slot->partner->cert.sign_key, PROTO_PUBKEY_BYTES) != 0) {
        hub_router_refuse_now (self, slot, PROTO_WRONG_AUTHOR, "from", -1, false);
        return;
    }
    const proto_type_t *type = slot->env.type;
    if ((type->flags & PROTO_T_HUB) || !(type->roles & slot->partner->cert.roles)) {
        char roles [PROTO_MAX_ROLES_BYTES];
        proto_roles_format (roles, sizeof roles, slot->partner->cert.roles);
        proto_args_init (&slot->args);
        proto_args_str (&slot->args, PROTO_ARG_ROLES, roles);
        proto_args_str (&slot->args, PROTO_ARG_TYPE, type->name);
        hub_router_refuse_now (self, slot, PROTO_FORBIDDEN, "type", HUB_R_TYPE_NOT_ALLOWED, true);
        return;
    }
    /* the link's own types (HUB_LANE_LINK) have no workflow                 */
    if (proto_type_code (type) == PROTO_TYPE_ACK) {
        uint64_t upto = 0;
        proto_env_u64 (&slot->env, "upto", &upto);
        slot->kind = SLOT_ACK;
        slot->ack_upto = upto;
        return;
    }
    if (proto_type_code (type) == PROTO_TYPE_AUDIT_SINCE) {
        uint64_t from = 0;
        proto_env_u64 (&slot->env, "from", &from);
        if (from == 0) {
            hub_router_refuse_now (self, slot, PROTO_BAD_VALUE, "from", HUB_R_ACK_FROM_ONE, false);
            return;
        }
        slot->kind = SLOT_AUDIT;
        slot->ack_upto = from;
        return;
    }
    /* token bucket                                                          */
    session_t *s = slot->session;
    if (s) {
        uint64_t now = hub_clock_now (hub->clock);
        if (now > s->refill_ms) {
            s->tokens += (double) (now - s->refill_ms) * hub->config->rate / 1000.0;
            if (s->tokens > hub->config->burst)
                s->tokens = hub->config->burst;
            s->refill_ms = now;
        }
        if (s->tokens < 1.0) {
            hub_router_refuse_now (self, slot, PROTO_RATE_LIMITED, NULL, -1, false);
            return;
        }
        s->tokens -= 1.0;
        s->received++;
    }
    proto_digest (slot->digest, slot->env.bytes, slot->env.size);
}
