/*  hub_status.c - the router's counters, the partners' queues and the
    timers' last runs as JSON, for `regiehub status`.                       */
#include "hub_router_impl.h"
#include "hub_checkpoint.h"
#include "proto_sign.h"
#include <jansson.h>

static double
s_percentile (const uint64_t *buckets, double p)
{
    uint64_t total = 0;
    for (int i = 0; i < HUB_LATENCY_BUCKETS; i++)
        total += buckets [i];
    if (!total)
        return 0;
    uint64_t want = (uint64_t) (p * (double) total);
    uint64_t seen = 0;
    for (int i = 0; i < HUB_LATENCY_BUCKETS; i++) {
        seen += buckets [i];
        if (seen > want)
            return (double) (1ULL << (i + 1));     /* upper bound of the bucket */
    }
    return (double) (1ULL << HUB_LATENCY_BUCKETS);
}

char *
hub_router_status_json (hub_router_t *self)
{
    hub_t *hub = self->hub;
    json_t *root = json_object ();
    json_object_set_new (root, "endpoint", json_string (hub->config->endpoint));
    json_object_set_new (root, "uptime_s", json_integer (
        (json_int_t) ((hub_clock_now (hub->clock) - self->started_ms) / 1000)));
    json_object_set_new (root, "partners_admitted", json_integer ((json_int_t) hub_partners_count (hub->partners)));
    json_t *msgs = json_object ();
    json_object_set_new (msgs, "received", json_integer ((json_int_t) self->received));
    json_object_set_new (msgs, "stored", json_integer ((json_int_t) self->stored));
    json_object_set_new (msgs, "duplicates", json_integer ((json_int_t) self->duplicates));
    json_object_set_new (msgs, "receipted", json_integer ((json_int_t) self->receipts));
    json_object_set_new (msgs, "delivered", json_integer ((json_int_t) self->delivered));
    json_object_set_new (msgs, "acks", json_integer ((json_int_t) self->acks));
    json_object_set_new (root, "messages", msgs);
    json_t *refused = json_object ();
    uint64_t refused_total = 0;
    for (int i = 0; i < 64; i++)
        if (self->refused [i]) {
            json_object_set_new (refused, proto_result_name ((proto_result_t) i),
                                 json_integer ((json_int_t) self->refused [i]));
            refused_total += self->refused [i];
        }
    json_object_set_new (root, "refused", refused);
    json_object_set_new (root, "refused_total", json_integer ((json_int_t) refused_total));
    json_t *commits = json_object ();
    json_object_set_new (commits, "count", json_integer ((json_int_t) self->commits));
    json_object_set_new (commits, "failures", json_integer ((json_int_t) self->commit_failures));
    json_object_set_new (commits, "isolated", json_integer ((json_int_t) self->isolated));
    json_object_set_new (commits, "last_batch", json_integer ((json_int_t) self->batch));
    json_object_set_new (commits, "yields", json_integer ((json_int_t) self->yields));
    json_object_set_new (commits, "lane", json_integer ((json_int_t) self->lane_commits));
    json_object_set_new (commits, "lane_questions", json_integer ((json_int_t) self->lane_questions));
    json_object_set_new (commits, "audit_heads", json_integer ((json_int_t) self->audit_heads));
    json_t *sizes = json_object ();
    for (int i = 0; i < HUB_LATENCY_BUCKETS; i++)
        if (self->batch_sizes [i]) {
            char key [32];
            snprintf (key, sizeof key, "%llu-%llu", 1ULL << i, (2ULL << i) - 1);
            json_object_set_new (sizes, key, json_integer ((json_int_t) self->batch_sizes [i]));
        }
    json_object_set_new (commits, "batch_sizes", sizes);
    json_object_set_new (root, "commits", commits);
    if (self->checkpoint) {
        hub_checkpoint_stats_t cs;
        hub_checkpoint_stats (self->checkpoint, &cs);
        json_t *ck = json_object ();
        json_object_set_new (ck, "runs", json_integer ((json_int_t) cs.runs));
        json_object_set_new (ck, "forced", json_integer ((json_int_t) cs.forced));
        json_object_set_new (ck, "failures", json_integer ((json_int_t) cs.failures));
        json_object_set_new (ck, "wal_pages", json_integer ((json_int_t) cs.wal_pages));
        json_object_set_new (root, "checkpoints", ck);
    }
    json_t *lat = json_object ();
    json_object_set_new (lat, "p50_us", json_real (s_percentile (self->latency, 0.50)));
    json_object_set_new (lat, "p99_us", json_real (s_percentile (self->latency, 0.99)));
    json_object_set_new (lat, "p999_us", json_real (s_percentile (self->latency, 0.999)));
    json_object_set_new (root, "receipt_latency", lat);
    json_t *partners = json_array ();
    for (size_t i = 0; i < hub_partners_count (hub->partners); i++) {
        const hub_partner_t *p = hub_partners_at (hub->partners, i);
        session_t *s = (session_t *) zhashx_lookup (self->sessions, p->cert.id);
        uint64_t depth = 0;
        hub_store_queue_depth (hub->store, p->cert.id, &depth);
        json_t *o = json_object ();
        json_object_set_new (o, "id", json_string (p->cert.id));
        json_object_set_new (o, "connected", json_boolean (s && s->online));
        json_object_set_new (o, "queue", json_integer ((json_int_t) depth));
        json_object_set_new (o, "received", json_integer (s ? (json_int_t) s->received : 0));
        json_object_set_new (o, "delivered", json_integer (s ? (json_int_t) s->delivered : 0));
        json_object_set_new (o, "refused", json_integer (s ? (json_int_t) s->refused : 0));
        json_array_append_new (partners, o);
    }
    json_object_set_new (root, "partners", partners);
    size_t count;
    const hub_timer_t *table = hub_timers_table (&count);
    json_t *timers = json_array ();
    for (size_t i = 0; i < count; i++) {
        const hub_timer_state_t *state = &self->timers.state [i];
        json_t *o = json_object ();
        json_object_set_new (o, "name", json_string (table [i].name));
        json_object_set_new (o, "interval_ms", json_integer ((json_int_t) table [i].interval_ms));
        /* 0: not run yet (the first tick runs them all)                     */
        json_object_set_new (o, "last_run", json_integer (state->ran ? (json_int_t) state->last_run : 0));
        json_array_append_new (timers, o);
    }
    json_object_set_new (root, "timers", timers);
    uint64_t audit_seq;
    uint8_t audit_hash [PROTO_DIGEST_BYTES];
    char hex [2 * PROTO_DIGEST_BYTES + 1];
    hub_audit_head (hub->audit, &audit_seq, audit_hash);
    proto_hex (hex, audit_hash, PROTO_DIGEST_BYTES);
    json_t *audit = json_object ();
    json_object_set_new (audit, "entries", json_integer ((json_int_t) audit_seq));
    json_object_set_new (audit, "head", json_string (hex));
    json_object_set_new (root, "audit", audit);
    char *text = json_dumps (root, JSON_INDENT (2) | JSON_SORT_KEYS);
    json_decref (root);
    return text;
}
