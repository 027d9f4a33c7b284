/*  workflow_fixture_read.c - reading what a workflow decided and did: the
    outcome's messages and recipients, fields of envelopes, the audit log,
    households and delivery queues (see workflow_fixture.h).                */
#include "workflow_fixture.h"

/*  "code {args as JSON}", or "" for none.                                   */
static const char *
s_coded (char *out, size_t outlen, const char *code, const proto_args_t *args)
{
    char json [PROTO_ARGS_POOL_BYTES * 2];
    if (!code || !*code)
        return "";
    if (proto_args_json (args, json, sizeof json) < 0)
        snprintf (json, sizeof json, "{?}");
    snprintf (out, outlen, "%s %s", code, json);
    return out;
}

const char *
wf_note (const wf_msg_t *m)
{
    static char out [PROTO_ARGS_POOL_BYTES * 2 + 64];
    return s_coded (out, sizeof out, m->item.note, &m->item.note_args);
}

const char *
wf_reason (const wf_msg_t *m)
{
    static char out [PROTO_ARGS_POOL_BYTES * 2 + 64];
    return s_coded (out, sizeof out, m->msg.reason_code, &m->msg.args);
}

static bool
s_out_is (const hub_out_msg_t *m, const char *recipient, const char *kind)
{
    return (!recipient || streq (m->recipient, recipient)) && (!kind || streq (m->kind, kind));
}

size_t
wf_out_count (wf_t *self, const char *recipient, const char *kind)
{
    size_t count = 0;
    for (size_t i = 0; i < self->hub.outcome.msg_count; i++)
        count += s_out_is (&self->hub.outcome.msgs [i], recipient, kind);
    return count;
}

const hub_out_msg_t *
wf_out (wf_t *self, const char *recipient, const char *kind)
{
    for (size_t i = 0; i < self->hub.outcome.msg_count; i++)
        if (s_out_is (&self->hub.outcome.msgs [i], recipient, kind))
            return &self->hub.outcome.msgs [i];
    return NULL;
}

size_t
wf_to_count (wf_t *self)
{
    return self->hub.outcome.to_count;
}

bool
wf_to (wf_t *self, const char *recipient)
{
    for (size_t i = 0; i < self->hub.outcome.to_count; i++)
        if (streq (self->hub.outcome.to [i], recipient))
            return true;
    return false;
}

/*  Appends the text of v (or of key sub of each map in an array).           */
static void
s_render (char *out, size_t outlen, const msgpack_object *v, const char *sub)
{
    size_t used = strlen (out);
    if (used >= outlen - 1)
        return;
    out += used;
    outlen -= used;
    switch (v->type) {
        case MSGPACK_OBJECT_STR:
            snprintf (out, outlen, "%.*s", (int) v->via.str.size, v->via.str.ptr);
            break;
        case MSGPACK_OBJECT_BOOLEAN:
            snprintf (out, outlen, "%s", v->via.boolean ? "true" : "false");
            break;
        case MSGPACK_OBJECT_POSITIVE_INTEGER:
            snprintf (out, outlen, "%llu", (unsigned long long) v->via.u64);
            break;
        case MSGPACK_OBJECT_BIN:
            if (2 * v->via.bin.size < outlen)
                wf_hex (out, (const uint8_t *) v->via.bin.ptr, v->via.bin.size);
            break;
        case MSGPACK_OBJECT_ARRAY:
            for (uint32_t i = 0; i < v->via.array.size; i++) {
                const msgpack_object *e = &v->via.array.ptr [i];
                if (i)
                    snprintf (out + strlen (out), outlen - strlen (out), ",");
                if (e->type == MSGPACK_OBJECT_MAP)
                    e = proto_obj_map_get (e, sub ? sub : "partner");
                if (e)
                    s_render (out, outlen, e, NULL);
            }
            break;
        default:
            snprintf (out, outlen, "?");
    }
}

/*  Decodes bytes (no taxonomy: the hub's own checks passed) or fails.     */
static bool
s_decode (proto_envelope_t *env, const uint8_t *bytes, size_t len)
{
    proto_result_t rc = proto_envelope_decode (env, bytes, len, NULL, NULL);
    if (rc != PROTO_OK)
        wf_fail ("an outcome message does not decode: %s", proto_result_name (rc));
    return rc == PROTO_OK;
}

const char *
wf_field (wf_t *self, const uint8_t *bytes, size_t len, const char *field)
{
    proto_envelope_t env;
    if (!s_decode (&env, bytes, len))
        return NULL;
    char name [64];
    snprintf (name, sizeof name, "%s", field);
    char *sub = strchr (name, '.');
    if (sub)
        *sub++ = 0;
    const msgpack_object *v = proto_env_field (&env, name);
    self->field [0] = 0;
    if (v)
        s_render (self->field, sizeof self->field, v, sub);
    proto_envelope_release (&env);
    return v ? self->field : NULL;
}

const char *
wf_body (wf_t *self, const uint8_t *bytes, size_t len)
{
    proto_envelope_t env;
    if (!s_decode (&env, bytes, len))
        return NULL;
    self->field [0] = 0;
    for (uint32_t i = 0; i < env.body->via.map.size; i++) {
        const msgpack_object_kv *kv = &env.body->via.map.ptr [i];
        size_t used = strlen (self->field);
        snprintf (self->field + used, sizeof self->field - used, "%s%.*s=", i ? "; " : "",
                  (int) kv->key.via.str.size, kv->key.via.str.ptr);
        s_render (self->field, sizeof self->field, &kv->val, NULL);
    }
    proto_envelope_release (&env);
    return self->field;
}

const char *
wf_out_field (wf_t *self, const hub_out_msg_t *m, const char *field)
{
    return m ? wf_field (self, m->bytes, m->len, field) : NULL;
}

const char *
wf_answer_field (wf_t *self, const wf_msg_t *m, const char *field)
{
    if (!m || !proto_writer_size (&m->answer))
        return NULL;
    return wf_field (self, proto_writer_data (&m->answer), proto_writer_size (&m->answer), field);
}

/* ---- the store and the audit log ----------------------------------------- */

typedef struct {
    const char *action, *result;
    size_t count;
} audit_count_t;

static int
s_audit_row (void *arg, const hub_audit_row_t *row, bool damaged)
{
    audit_count_t *c = (audit_count_t *) arg;
    if (!damaged && streq (row->action, c->action) && (!c->result || strstr (row->result, c->result)))
        c->count++;
    return 0;
}

size_t
wf_audit_count (wf_t *self, const char *action, const char *result)
{
    audit_count_t c = { action, result, 0 };
    if (hub_store_audit_scan (self->hub.store, 1, s_audit_row, &c) < 0)
        wf_fail ("audit scan: %s", hub_store_error (self->hub.store));
    return c.count;
}

int64_t
wf_household (wf_t *self, const uint8_t *ref)
{
    int64_t hh = 0;
    if (hub_store_household_of_ref (self->hub.store, ref, &hh) < 0)
        wf_fail ("household of a ref: %s", hub_store_error (self->hub.store));
    return hh;
}

hub_household_row_t
wf_household_row (wf_t *self, const uint8_t *ref)
{
    hub_household_row_t row;
    memset (&row, 0, sizeof row);
    int64_t hh = wf_household (self, ref);
    if (hh && hub_store_household_get (self->hub.store, hh, &row) < 0)
        wf_fail ("household %lld: %s", (long long) hh, hub_store_error (self->hub.store));
    return row;
}

uint64_t
wf_queued (wf_t *self, const char *recipient)
{
    uint64_t depth = 0;
    if (hub_store_queue_depth (self->hub.store, recipient, &depth) != 0)
        wf_fail ("queue of %s: %s", recipient, hub_store_error (self->hub.store));
    return depth;
}
