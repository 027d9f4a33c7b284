/*  hub_inspect_message.c - one message as `regiehub inspect --id` shows
    it (see hub_inspect.h): its row - whether its envelope and signature
    are still held, whom it still waits for - and the audit entries that
    name it. Of a held envelope it shows what it names - its subject, the
    message it answers, the ids in its body (the agreement an acceptance
    accepts, ...) - never what it says.                                    */
#include "hub_inspect_impl.h"
#include "proto_envelope.h"

#define REF     PROTO_REF_BYTES
#define ID      PROTO_ID_BYTES

static int
s_recipient (void *arg, const char *recipient)
{
    return json_array_append_new ((json_t *) arg, json_string (recipient)) == 0 ? 0 : -1;
}

typedef struct {
    hub_store_t *store;
    json_t *out;                        /* the message's object              */
} message_t;

/*  The pseudonyms and ids a stored envelope names, by field; NULL when it
    does not decode (it did when it was stored).                            */
static json_t *
s_names (const uint8_t *envelope, size_t len)
{
    proto_envelope_t env;
    if (proto_envelope_decode (&env, envelope, len, NULL, NULL) != PROTO_OK)
        return NULL;
    json_t *o = json_object ();
    if (env.has_person)
        inspect_set (o, "person", inspect_hex (env.person, REF));
    if (env.has_address)
        inspect_set (o, "address", inspect_hex (env.address, REF));
    if (env.has_re)
        inspect_set (o, "re", inspect_hex (env.re, ID));
    uint8_t id [ID];
    for (const proto_field_t *f = env.type->fields; f && f->name; f++)
        if (f->kind == PF_ID && proto_env_bin (&env, f->name, id, ID))
            inspect_set (o, f->name, inspect_hex (id, ID));
    proto_envelope_release (&env);
    return o;
}

static int
s_message (void *arg, const hub_inspect_message_t *m)
{
    message_t *w = (message_t *) arg;
    uint8_t digest [PROTO_DIGEST_BYTES];
    json_t *o = json_object (), *queued = json_array ();
    inspect_set (o, "id", inspect_hex (m->id, ID));
    inspect_set (o, "seq", json_integer ((json_int_t) m->seq));
    inspect_set (o, "type", inspect_text (m->type));
    inspect_set (o, "author", inspect_text (m->author));
    inspect_set (o, "ts", inspect_time (m->ts));
    inspect_set (o, "received", inspect_time (m->received));
    inspect_set (o, "digest", inspect_hex (m->digest, PROTO_DIGEST_BYTES));
    inspect_set (o, "envelope_held", json_boolean (m->envelope != NULL));
    inspect_set (o, "envelope_bytes", json_integer ((json_int_t) m->envelope_len));
    if (m->envelope)
        proto_digest (digest, m->envelope, m->envelope_len);
    inspect_set (o, "envelope_intact", m->envelope
           ? json_boolean (memcmp (digest, m->digest, PROTO_DIGEST_BYTES) == 0) : json_null ());
    inspect_set (o, "names", m->envelope ? s_names (m->envelope, m->envelope_len) : NULL);
    inspect_set (o, "signature_held", json_boolean (m->signature_held));
    inspect_set (o, "queued_for", queued);
    w->out = o;
    return m->queued ? hub_store_inspect_queued_for (w->store, m->seq, s_recipient, queued) : 0;
}

int
hub_inspect_message_row (hub_store_t *store, const uint8_t id [ID], json_t **out)
{
    message_t m = { store, NULL };
    int rc = hub_store_inspect_message (store, id, s_message, &m);
    if (rc != 1) {
        json_decref (m.out);
        m.out = NULL;
    }
    *out = m.out;
    return rc;
}

static int
s_audit_entry (void *arg, const hub_audit_row_t *row, bool damaged)
{
    json_t *o = json_object ();
    inspect_set (o, "seq", json_integer ((json_int_t) row->seq));
    inspect_set (o, "ts", inspect_time (row->ts));
    inspect_set (o, "actor", inspect_text (row->actor));
    inspect_set (o, "action", inspect_text (row->action));
    inspect_set (o, "result", inspect_text (row->result));
    inspect_set (o, "origin", inspect_text (row->origin));
    inspect_set (o, "subject", row->has_subject ? inspect_hex (row->subject, REF) : json_null ());
    if (damaged)
        inspect_set (o, "damaged", json_true ());
    return inspect_append ((json_t *) arg, o);
}

int
hub_inspect_message_into (hub_store_t *store, const uint8_t id [ID], json_t *o, bool *found)
{
    message_t m = { store, NULL };
    json_t *audit = json_array ();
    inspect_set (o, "id", inspect_hex (id, ID));
    inspect_set (o, "audit", audit);
    int rc = hub_store_inspect_message (store, id, s_message, &m);
    inspect_set (o, "stored", json_boolean (rc == 1));
    inspect_set (o, "message", m.out);
    if (rc < 0 || hub_store_inspect_audit_of (store, id, s_audit_entry, audit) != 0)
        return -1;
    /* found: stored, or named by an entry other than an inspection's -
       asking about an id must not make it known                           */
    *found = rc == 1;
    size_t i;
    json_t *e;
    json_array_foreach (audit, i, e) {
        const char *action = json_string_value (json_object_get (e, "action"));
        *found = *found || !action || strcmp (action, HUB_INSPECT_ACTION) != 0;
    }
    return 0;
}
