/*  hub.c - what the workflows may call (see hub.h): each records what the
    workflow decided in hub->outcome; hub_act.c acts on it.                  */
#include "hub.h"
#include "proto_sign.h"
#include "hub_deputy.h"

/*  Writes a hub envelope into w; our own bytes go through the same decoder
    as everyone's before anything is decided on them. 0, or -1 when the hub
    built an invalid message (a bug: the batch then fails).                  */
static int
s_build (hub_t *hub, proto_writer_t *w, const char *type, const uint8_t *person,
         const uint8_t *address, const uint8_t *re, uint32_t body_fields, hub_fill_fn *fill,
         void *arg, uint8_t id [PROTO_ID_BYTES])
{
    proto_header_t h;
    memset (&h, 0, sizeof h);
    h.type = type;
    h.ts = hub_clock_now (hub->clock);
    proto_id_new (h.id, h.ts);
    memcpy (h.from, hub_signer_cert (hub->signer)->sign_key, PROTO_PUBKEY_BYTES);
    h.person = person;
    h.address = address;
    h.re = re;
    proto_envelope_begin (w, &h, body_fields);
    if (fill && fill (w, arg) != 0)
        return -1;                      /* the store failed: not our bytes    */
    memcpy (id, h.id, PROTO_ID_BYTES);
    proto_envelope_t env;
    const char *field = NULL;
    proto_result_t rc = proto_envelope_decode (&env, proto_writer_data (w), proto_writer_size (w),
                                               NULL, &field);
    if (rc != PROTO_OK) {
        zsys_error ("internal: the hub built an invalid %s (%s, field %s)", type,
                    proto_result_name (rc), field ? field : "-");
        return -1;
    }
    proto_envelope_release (&env);
    return 0;
}

int
hub_send_notice (hub_t *hub, const char *recipient, const char *type,
                 const uint8_t *person, const uint8_t *address, const uint8_t *re,
                 uint32_t body_fields, hub_fill_fn *fill, void *arg, const char *kind)
{
    uint8_t id [PROTO_ID_BYTES];
    proto_writer_t *w = &hub->notice;
    if (s_build (hub, w, type, person, address, re, body_fields, fill, arg, id) != 0)
        return -1;
    return hub_outcome_add_msg (&hub->outcome, recipient, type, kind, id,
                                person ? person : address, proto_writer_data (w),
                                proto_writer_size (w));
}

int
hub_answer (hub_t *hub, hub_msg_t *msg, const char *type, uint32_t body_fields,
            hub_fill_fn *fill, void *arg)
{
    uint8_t id [PROTO_ID_BYTES];
    const proto_envelope_t *q = msg->env;
    if (s_build (hub, msg->answer, type, q->has_person ? q->person : NULL,
                 q->has_address ? q->address : NULL, q->id, body_fields, fill, arg, id) != 0)
        return -1;
    hub->outcome.answered = true;
    return 0;
}

/*  The deputy standing in for recipient about the household that person,
    else address, finds (hub_deputy.h): 1 with deputy set, 0, -1.           */
static int
s_deputy (hub_t *hub, const char *recipient, const uint8_t *person, const uint8_t *address,
          uint64_t now, char deputy [PROTO_MAX_PARTNER_ID_BYTES + 1])
{
    int rc = hub_deputy_of (hub, recipient, person, now, deputy);
    if (rc == 0 && address)
        rc = hub_deputy_of (hub, recipient, address, now, deputy);
    return rc;
}

int
hub_deliver_msg (hub_t *hub, hub_msg_t *msg, const char *recipient)
{
    if (hub_outcome_add_to (&hub->outcome, recipient) != 0)
        return -1;
    const proto_envelope_t *env = msg->env;
    const uint8_t *person = env->has_person ? env->person : NULL;
    const uint8_t *address = env->has_address ? env->address : NULL;
    if (!person && !address && msg->has_household_ref)
        person = msg->household_ref;
    char deputy [PROTO_MAX_PARTNER_ID_BYTES + 1];
    int rc = s_deputy (hub, recipient, person, address, msg->now, deputy);
    if (rc < 0)
        return -1;
    return rc ? hub_outcome_add_to (&hub->outcome, deputy) : 0;
}

int
hub_audit_msg (hub_t *hub, const hub_msg_t *msg, const char *action, const char *result)
{
    const proto_envelope_t *env = msg->env;
    const uint8_t *subject = env && env->live
                           ? (env->has_person ? env->person : env->has_address ? env->address : NULL)
                           : NULL;
    if (!subject && msg->has_household_ref)
        subject = msg->household_ref;
    return hub_audit_append (hub->audit, msg->now, msg->author ? msg->author->cert.id : HUB_ACTOR,
                             action, env && env->live ? env->id : NULL, subject, result,
                             msg->origin, msg->digest);
}

int
hub_audit_msg_ref (hub_t *hub, const hub_msg_t *msg, const uint8_t *ref, const char *action,
                   const char *result)
{
    const proto_envelope_t *env = msg->env;
    return hub_audit_append (hub->audit, msg->now, msg->author ? msg->author->cert.id : HUB_ACTOR,
                             action, env && env->live ? env->id : NULL, ref, result, msg->origin,
                             msg->digest);
}

/*  A notice and the name of who acted, as s_fill_notice packs them.        */
typedef struct {
    const hub_notice_t *n;
    const char *by_name;
} notice_fill_t;

static bool
s_has (const char *s)
{
    return s && *s;
}

/*  The body's fields in the order packed; with w NULL only counted.         */
static uint32_t
s_pack_notice (proto_writer_t *w, const notice_fill_t *f)
{
    const hub_notice_t *n = f->n;
    uint32_t fields = 0;
#define STR(key, v)  do { if (s_has (v)) { fields++; if (w) proto_pack_kv_cstr (w, key, v); } } while (0)
#define U64(key, v, on)  do { if (on) { fields++; if (w) proto_pack_kv_u64 (w, key, v); } } while (0)
    STR ("kind", n->kind);
    if (n->object) {
        fields++;
        if (w)
            proto_pack_kv_bin (w, "object", n->object, PROTO_ID_BYTES);
    }
    if (n->party_count) {
        fields++;
        if (w) {
            proto_pack_key (w, "partners");
            proto_pack_array (w, (uint32_t) n->party_count);
            for (size_t i = 0; i < n->party_count; i++) {
                const hub_party_t *p = &n->parties [i];
                proto_pack_map (w, 2 + (p->contact [0] ? 1 : 0) + (p->since ? 1 : 0));
                proto_pack_kv_cstr (w, "partner", p->partner);
                proto_pack_kv_cstr (w, "name", p->name [0] ? p->name : p->partner);
                if (p->contact [0])
                    proto_pack_kv_cstr (w, "contact", p->contact);
                if (p->since)
                    proto_pack_kv_u64 (w, "since", p->since);
            }
        }
    }
    U64 ("due", n->due, n->due != 0);
    U64 ("at", n->at, n->at != 0);
    U64 ("from", n->from, n->from != 0);
    U64 ("until", n->until, n->until != 0);
    if (n->urgent) {
        fields++;
        if (w)
            proto_pack_kv_bool (w, "urgent", true);
    }
    STR ("team", n->team);
    STR ("other_team", n->other_team);
    STR ("by", n->by);
    STR ("by_name", s_has (n->by) ? f->by_name : NULL);
    U64 ("count", n->count, n->has_count);
    U64 ("number", n->number, n->has_number);
    STR ("place", n->place);
    STR ("phase", n->phase);
    STR ("basis", n->basis);
    STR ("leefgebied", n->leefgebied);
    STR ("signal_kind", n->signal_kind);
    STR ("ref", n->ref);
    STR ("reason", n->reason);
    STR ("text", n->text);
#undef STR
#undef U64
    return fields;
}

static int
s_fill_notice (proto_writer_t *w, void *arg)
{
    s_pack_notice (w, (const notice_fill_t *) arg);
    return 0;
}

int
hub_notify (hub_t *hub, const char *recipient, const uint8_t *person, const uint8_t *address,
            const hub_notice_t *n)
{
    notice_fill_t f = { n, NULL };
    if (s_has (n->by)) {
        const hub_partner_t *p = hub_partners_by_id (hub->partners, n->by);
        f.by_name = p && p->cert.name [0] ? p->cert.name : n->by;
    }
    if (hub_send_notice (hub, recipient, "notice", person, address, NULL, s_pack_notice (NULL, &f),
                         s_fill_notice, &f, n->kind) != 0)
        return -1;
    /* a copy of its own (its own id) for the deputy standing in             */
    char deputy [PROTO_MAX_PARTNER_ID_BYTES + 1];
    int rc = s_deputy (hub, recipient, person, address, hub_clock_now (hub->clock), deputy);
    if (rc <= 0)
        return rc;
    return hub_send_notice (hub, deputy, "notice", person, address, NULL, s_pack_notice (NULL, &f),
                            s_fill_notice, &f, n->kind);
}

void
hub_party (hub_t *hub, hub_party_t *party, const char *partner, const char *contact,
           uint64_t since)
{
    memset (party, 0, sizeof *party);
    snprintf (party->partner, sizeof party->partner, "%s", partner);
    const hub_partner_t *p = hub_partners_by_id (hub->partners, partner);
    if (p) {
        snprintf (party->name, sizeof party->name, "%s", p->cert.name);
        snprintf (party->contact, sizeof party->contact, "%s", p->cert.contact);
    }
    if (contact && contact [0])
        snprintf (party->contact, sizeof party->contact, "%s", contact);
    party->since = since;
}
