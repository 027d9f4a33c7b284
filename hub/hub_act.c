/*  hub_act.c - the one place that acts on what the workflows decided
    (hub_act.h).                                                            */
#include "hub_act.h"
#include "proto_sign.h"

/*  A message's own entry names all its recipients in the usual case.       */
_Static_assert (sizeof "repeated; to " - 1 + HUB_MSG_MAX_TO * (PROTO_MAX_PARTNER_ID_BYTES + 2)
                <= PROTO_MAX_NOTE_BYTES, "a message's recipients fit its audit entry");

int
hub_deliver (hub_t *hub, const char *recipient, uint64_t seq)
{
    if (hub_store_enqueue (hub->store, recipient, seq) != 0)
        return -1;
    if (!hub->queued && !(hub->queued = zhashx_new ()))
        return -1;
    /* a recipient already noted stays noted: insert refuses a second one    */
    zhashx_insert (hub->queued, recipient, (void *) hub);
    return 0;
}

void
hub_queued_take (hub_t *hub, hub_queued_fn *fn, void *arg)
{
    if (!hub->queued || !zhashx_size (hub->queued))
        return;
    for (void *item = zhashx_first (hub->queued); item; item = zhashx_next (hub->queued))
        fn (arg, (const char *) zhashx_cursor (hub->queued));
    zhashx_purge (hub->queued);
}

void
hub_queued_clear (hub_t *hub)
{
    zhashx_destroy (&hub->queued);
}

/*  Signs, stores and queues one of the hub's own messages, with its entry.  */
static int
s_send (hub_t *hub, const hub_out_msg_t *m)
{
    uint8_t sig [PROTO_SIGNATURE_BYTES], digest [PROTO_DIGEST_BYTES];
    hub_signer_sign (hub->signer, sig, m->bytes, m->len);
    proto_digest (digest, m->bytes, m->len);
    uint64_t now = hub_clock_now (hub->clock);
    uint64_t seq = 0;
    if (hub_store_put (hub->store, m->id, HUB_ACTOR, m->type, now, now, digest, m->bytes, m->len,
                       sig, &seq) != 0
    ||  hub_deliver (hub, m->recipient, seq) != 0)
        return -1;
    char result [PROTO_MAX_PARTNER_ID_BYTES + 8];
    snprintf (result, sizeof result, "to %s", m->recipient);
    return hub_audit_append (hub->audit, now, HUB_ACTOR, m->type, m->id,
                             m->has_subject ? m->subject : NULL, result, "hub", digest);
}

static int
s_send_all (hub_t *hub, const hub_outcome_t *o)
{
    for (size_t i = 0; i < o->msg_count; i++)
        if (s_send (hub, &o->msgs [i]) != 0)
            return -1;
    return 0;
}

/*  An entry for one recipient that the message's own entry cannot name (the
    form every delivery had before a message's entry named its recipients).  */
static int
s_audit_queued (hub_t *hub, const hub_msg_t *msg, const char *recipient)
{
    char result [PROTO_MAX_PARTNER_ID_BYTES + 8];
    snprintf (result, sizeof result, "to %s", recipient);
    return hub_audit_msg (hub, msg, "queued", result);
}

/*  The message's own entry, then one for each recipient it cannot name.     */
static int
s_audit_to (hub_t *hub, const hub_msg_t *msg, const hub_outcome_t *o, const char *result)
{
    char text [PROTO_MAX_NOTE_BYTES + 1];
    snprintf (text, sizeof text, "%s", result);
    size_t len = strlen (text), named = 0;
    for (; named < o->to_count && named < HUB_MSG_MAX_TO; named++) {
        const char *sep = named ? ", " : "; to ";
        if (len + strlen (sep) + strlen (o->to [named]) >= sizeof text)
            break;                      /* whole names only                  */
        len += (size_t) snprintf (text + len, sizeof text - len, "%s%s", sep, o->to [named]);
    }
    if (hub_audit_msg (hub, msg, msg->env->type->name, text) != 0)
        return -1;
    for (size_t i = named; i < o->to_count; i++)
        if (s_audit_queued (hub, msg, o->to [i]) != 0)
            return -1;
    return 0;
}

int
hub_act_msg (hub_t *hub, hub_msg_t *msg, const char *result)
{
    hub_outcome_t *o = &hub->outcome;
    int rc = s_send_all (hub, o);
    for (size_t i = 0; rc == 0 && i < o->to_count; i++)
        rc = hub_deliver (hub, o->to [i], msg->seq);
    if (rc == 0)
        rc = s_audit_to (hub, msg, o, result);
    if (rc == 0 && o->answered) {
        hub_signer_sign (hub->signer, msg->answer_sig, proto_writer_data (msg->answer),
                         proto_writer_size (msg->answer));
        msg->answered = true;
    }
    hub_outcome_clear (o);
    return rc;
}

int
hub_act_tick (hub_t *hub)
{
    int rc = s_send_all (hub, &hub->outcome);
    hub_outcome_clear (&hub->outcome);
    return rc;
}
