/*  workflow_fixture.c - a real hub for the workflow tests (see
    workflow_fixture.h).                                                    */
#include "workflow_fixture.h"
#include "testing.h"
#include "hub_flow.h"
#include "hub_act.h"
#include "proto_sign.h"
#include "agent_message.h"
#include "agent_json.h"
#include <stdarg.h>
#include <sys/stat.h>

#define S_SIGNAL    (PROTO_ROLE_SIGNAL | PROTO_ROLE_REFER)

static const struct {
    const char *id, *team;
    unsigned roles;
} s_network [] = {
    { "woningcorporatie", "", S_SIGNAL },
    { "school", "", S_SIGNAL },
    { "politie", "", S_SIGNAL },
    { "ggz", "", S_SIGNAL },
    { "acm-intake", "acm", PROTO_ROLE_INTAKE },
    { "cm-anna", "acm", PROTO_ROLE_REGIE },
    { "cm-bram", "acm", PROTO_ROLE_REGIE },
    { "acm-leiding", "acm", PROTO_ROLE_ESCALATION },
    { "wijkteam-intake", "wijkteam", PROTO_ROLE_INTAKE },
    { "cm-wim", "wijkteam", PROTO_ROLE_REGIE },
};
#define NETWORK (sizeof s_network / sizeof s_network [0])
_Static_assert (NETWORK <= WF_MAX_PARTNERS, "the network fits the fixture");

static const char s_conf [] =
    "hub\n"
    "    clock_file = \"clock\"\n"
    "regie\n"
    "    default_team = \"acm\"\n"
    "teams\n"
    "    acm\n"
    "        intake = \"acm-intake\"\n"
    "        escalation = \"acm-leiding\"\n"
    "    wijkteam\n"
    "        intake = \"wijkteam-intake\"\n";

void
wf_fail_at (const char *file, int line, const char *fmt, ...)
{
    char what [512];
    va_list ap;
    va_start (ap, fmt);
    vsnprintf (what, sizeof what, fmt, ap);
    va_end (ap);
    test_fail (file, line, what);
}

static int
s_write (const char *path, const char *text)
{
    FILE *f = fopen (path, "w");
    if (!f)
        return -1;
    int rc = fputs (text, f) < 0 ? -1 : 0;
    return fclose (f) != 0 ? -1 : rc;
}

/*  An identity saved as dir/base.secret and dir/base.cert.                  */
static proto_identity_t *
s_identity (const char *dir, const char *base, const char *id, const char *name,
            const char *kind, const char *team, const char *contact, unsigned roles)
{
    char err [256], path [512];
    proto_identity_t *identity = proto_identity_new (id, name, kind, team, contact, roles, err,
                                                     sizeof err);
    snprintf (path, sizeof path, "%s/%s", dir, base);
    if (!identity || proto_identity_save (identity, path, err, sizeof err) != 0) {
        wf_fail ("identity %s: %s", id, err);
        proto_identity_destroy (&identity);
    }
    return identity;
}

/*  The network's certificates in dir/certs, the hub's identity in dir.      */
static int
s_network_new (wf_t *self)
{
    char certs [512];
    snprintf (certs, sizeof certs, "%s/certs", self->dir);
    if (mkdir (certs, 0700) != 0)
        return -1;
    proto_identity_t *hub = s_identity (self->dir, "hub", "hub", "regiehub", "hub", "", "",
                                        PROTO_ROLE_HUB);
    if (!hub)
        return -1;
    proto_identity_destroy (&hub);
    for (size_t i = 0; i < NETWORK; i++) {
        char name [PROTO_MAX_NAME_BYTES + 1], contact [PROTO_MAX_CONTACT_BYTES + 1];
        snprintf (name, sizeof name, "Test %s", s_network [i].id);
        snprintf (contact, sizeof contact, "030-%s", s_network [i].id);
        self->ids [i] = s_identity (certs, s_network [i].id, s_network [i].id, name,
                                    s_network [i].team [0] ? "regieteam" : s_network [i].id,
                                    s_network [i].team, contact, s_network [i].roles);
        if (!self->ids [i])
            return -1;
        self->id_count++;
    }
    return 0;
}

wf_t *
wf_new (void)
{
    wf_t *self = (wf_t *) calloc (1, sizeof *self);
    if (!self)
        return NULL;
    hub_t *hub = &self->hub;
    char path [512], err [512] = "";
    /* a directory of its own, so that a test may build one hub after another */
    static unsigned s_built;
    snprintf (self->dir, sizeof self->dir, "%s/wf-%u", test_tmpdir (), s_built++);
    if (mkdir (self->dir, 0700) != 0)
        goto failed;
    snprintf (path, sizeof path, "%s/hub.conf", self->dir);
    snprintf (self->clock_path, sizeof self->clock_path, "%s/clock", self->dir);
    proto_writer_init (&hub->notice);
    if (s_write (path, s_conf) != 0 || s_write (self->clock_path, "0\n") != 0
    ||  s_network_new (self) != 0)
        goto failed;
    /* in the order hub_daemon.c builds the hub                              */
    hub->config = hub_config_load (path, err, sizeof err);
    if (!hub->config)
        goto failed;
    hub->clock = hub_clock_new (hub->config->clock_file);
    hub->signer = hub->clock ? hub_signer_load (hub->config->identity, err, sizeof err) : NULL;
    if (!hub->signer)
        goto failed;
    hub->partners = hub_partners_load (hub->config->certs, NULL, NULL, err, sizeof err);
    if (!hub->partners)
        goto failed;
    if (hub_partners_count (hub->partners) != NETWORK) {
        snprintf (err, sizeof err, "%zu of %zu certificates admitted",
                  hub_partners_count (hub->partners), NETWORK);
        goto failed;
    }
    /* the mem backend: the same schema and statements, no file to sync     */
    hub->store = hub_store_open_with (&hub_store_mem, NULL, err, sizeof err);
    if (!hub->store)
        goto failed;
    /* the router's group commit: one transaction around everything          */
    hub->audit = hub_store_begin (hub->store) == 0 ? hub_audit_new (hub->store) : NULL;
    if (!hub->audit) {
        snprintf (err, sizeof err, "store: %s", hub_store_error (hub->store));
        goto failed;
    }
    return self;

failed:
    wf_fail ("workflow fixture: %s", err [0] ? err : "cannot write its files");
    wf_destroy (&self);
    return NULL;
}

void
wf_destroy (wf_t **self_p)
{
    wf_t *self = *self_p;
    if (!self)
        return;
    hub_t *hub = &self->hub;
    /* nothing a test did is committed                                       */
    if (hub->store)
        hub_store_rollback (hub->store);
    while (self->msgs) {
        wf_msg_t *m = self->msgs;
        self->msgs = m->next;
        if (m->env.live)
            proto_envelope_release (&m->env);
        proto_writer_destroy (&m->answer);
        free (m->bytes);
        free (m);
    }
    hub_queued_clear (hub);
    hub_outcome_release (&hub->outcome);
    hub_audit_destroy (&hub->audit);
    proto_writer_destroy (&hub->notice);
    hub_store_destroy (&hub->store);
    hub_partners_destroy (&hub->partners);
    hub_signer_destroy (&hub->signer);
    hub_clock_destroy (&hub->clock);
    hub_config_destroy (&hub->config);
    for (size_t i = 0; i < self->id_count; i++)
        proto_identity_destroy (&self->ids [i]);
    free (self);
    *self_p = NULL;
}

uint64_t
wf_now (wf_t *self)
{
    return hub_clock_now (self->hub.clock);
}

void
wf_clock_advance (wf_t *self, uint64_t ms)
{
    char text [WF_MS_CHARS + 1];
    self->offset += ms;
    snprintf (text, sizeof text, "%llu\n", (unsigned long long) self->offset);
    if (s_write (self->clock_path, text) != 0)
        wf_fail ("cannot write the clock file %s", self->clock_path);
    hub_clock_refresh (self->hub.clock);
}

void
wf_ref (uint8_t ref [PROTO_REF_BYTES], const char *name)
{
    proto_digest (ref, (const uint8_t *) name, strlen (name));
}

void
wf_hex (char *out, const uint8_t *bytes, size_t n)
{
    for (size_t i = 0; i < n; i++)
        sprintf (out + 2 * i, "%02x", bytes [i]);
    out [2 * n] = 0;
}

void
wf_ms (char out [WF_MS_CHARS], uint64_t ms)
{
    snprintf (out, WF_MS_CHARS, "%llu", (unsigned long long) ms);
}

static proto_identity_t *
s_signer_of (wf_t *self, const char *id)
{
    for (size_t i = 0; i < self->id_count; i++)
        if (streq (proto_identity_cert (self->ids [i])->id, id))
            return self->ids [i];
    return NULL;
}

static bool
s_digits (const char *s)
{
    if (!*s)
        return false;
    for (; *s; s++)
        if (*s < '0' || *s > '9')
            return false;
    return true;
}

/*  The body's arguments as the command line gives them, as JSON.            */
static json_t *
s_args (const proto_type_t *type, va_list ap)
{
    json_t *args = json_object ();
    for (const char *key; args && (key = va_arg (ap, const char *));) {
        const char *value = va_arg (ap, const char *);
        const proto_field_t *f = proto_type_field (type, key);
        if (!f || !value) {
            wf_fail ("%s has no field %s (or it has no value)", type->name, key);
            json_decref (args);
            return NULL;
        }
        bool number = (f->kind == PF_TIME || f->kind == PF_UINT) && s_digits (value);
        json_object_set_new (args, key, number ? json_integer ((json_int_t) strtoull (value, NULL, 10))
                                               : json_string (value));
    }
    return args;
}

/*  Builds and signs the message as an agent does; the fixture owns it.      */
static wf_msg_t *
s_build (wf_t *self, const char *from, const proto_type_t *type, const uint8_t *person,
         const uint8_t *address, va_list ap)
{
    hub_t *hub = &self->hub;
    char err [512];
    json_t *args = s_args (type, ap);
    json_t *body = args ? agent_json_body (type, args, &hub->config->taxonomy, true, err,
                                           sizeof err) : NULL;
    json_decref (args);
    if (!body) {
        if (args)
            wf_fail ("%s: %s", type->name, err);
        return NULL;
    }
    agent_message_t *sealed = agent_message_new (s_signer_of (self, from), &hub->config->taxonomy,
                                                 type, wf_now (self), person, address, NULL, body,
                                                 err, sizeof err);
    json_decref (body);
    if (!sealed) {
        wf_fail ("%s: %s", type->name, err);
        return NULL;
    }
    wf_msg_t *m = (wf_msg_t *) calloc (1, sizeof *m);
    if (!m) {
        agent_message_destroy (&sealed);
        return NULL;
    }
    proto_writer_init (&m->answer);
    m->bytes = sealed->bytes;
    m->size = sealed->size;
    sealed->bytes = NULL;
    m->next = self->msgs;
    self->msgs = m;
    /* as the router: decoded against the taxonomy, its digest taken         */
    const char *field = NULL;
    proto_result_t rc = proto_envelope_decode (&m->env, m->bytes, m->size,
                                               &hub->config->taxonomy, &field);
    proto_digest (m->digest, m->bytes, m->size);
    uint64_t seq = 0;
    if (rc == PROTO_OK) {
        m->guard = hub_flow_desc (type)->may_refuse;
        hub_audit_mark (hub->audit, &m->mark);
        if ((m->guard && hub_store_savepoint (hub->store) != 0)
        ||  hub_store_put (hub->store, m->env.id, from, type->name, m->env.ts, wf_now (self),
                           m->digest, m->bytes, m->size, sealed->sig, &seq) != 0)
            rc = PROTO_UNAVAILABLE;
    }
    agent_message_destroy (&sealed);
    if (rc == PROTO_UNAVAILABLE && self->quiet) {
        self->store_failed = true;
        return NULL;
    }
    if (rc != PROTO_OK) {
        wf_fail ("%s: %s (%s)", type->name, proto_result_name (rc),
                rc == PROTO_UNAVAILABLE ? hub_store_error (hub->store) : field ? field : "-");
        return NULL;
    }
    m->msg.seq = seq;
    return m;
}

static wf_msg_t *
s_apply (wf_t *self, const char *from, const char *type_name, const uint8_t *person,
         const uint8_t *address, va_list ap)
{
    hub_t *hub = &self->hub;
    if (self->pending && wf_act (self) != 0)
        return NULL;
    const proto_type_t *type = proto_type_find (type_name, strlen (type_name));
    const hub_partner_t *author = hub_partners_by_id (hub->partners, from);
    if (!type || !author) {
        wf_fail ("no message type %s, or no partner %s", type_name, from);
        return NULL;
    }
    /* what the router checked before the message reached the transaction   */
    if ((type->flags & PROTO_T_HUB) || !(type->roles & author->cert.roles)) {
        wf_fail ("%s may not send %s", from, type_name);
        return NULL;
    }
    wf_msg_t *m = s_build (self, from, type, person, address, ap);
    if (!m)
        return NULL;
    /* filled as s_apply in hub_commit.c fills it                            */
    m->msg.env = &m->env;
    m->msg.author = author;
    m->msg.digest = m->digest;
    m->msg.now = wf_now (self);
    m->msg.origin = "test";
    m->msg.item = &m->item;
    m->msg.answer = &m->answer;
    memcpy (m->item.id, m->env.id, PROTO_ID_BYTES);
    if (hub_flow_household (hub, &m->msg) != 0 || hub_flow_apply (hub, &m->msg) != 0) {
        if (self->quiet)
            self->store_failed = true;
        else
            wf_fail ("the %s handler failed the store: %s", type_name, hub_store_error (hub->store));
        hub_outcome_clear (&hub->outcome);
        return NULL;
    }
    self->pending = m;
    return m;
}

wf_msg_t *
wf_apply (wf_t *self, const char *from, const char *type, const uint8_t *person,
          const uint8_t *address, ...)
{
    va_list ap;
    va_start (ap, address);
    wf_msg_t *m = s_apply (self, from, type, person, address, ap);
    va_end (ap);
    return m;
}

int
wf_try (wf_t *self, const char *from, const char *type, const uint8_t *person,
        const uint8_t *address, ...)
{
    self->quiet = true;
    self->store_failed = false;
    va_list ap;
    va_start (ap, address);
    wf_msg_t *m = s_apply (self, from, type, person, address, ap);
    va_end (ap);
    int rc = m && wf_act (self) == 0 ? (m->msg.refuse == PROTO_OK ? 0 : 1) : -1;
    self->quiet = false;
    if (rc == -1 && !self->store_failed)
        wf_fail ("%s from %s failed, and not in the store", type, from);
    return rc;
}

wf_msg_t *
wf_send (wf_t *self, const char *from, const char *type, const uint8_t *person,
         const uint8_t *address, ...)
{
    va_list ap;
    va_start (ap, address);
    wf_msg_t *m = s_apply (self, from, type, person, address, ap);
    va_end (ap);
    return m && wf_act (self) == 0 ? m : NULL;
}

int
wf_act (wf_t *self)
{
    hub_t *hub = &self->hub;
    wf_msg_t *m = self->pending;
    if (!m)
        return 0;
    self->pending = NULL;
    const char *type = m->env.type->name;
    if (m->msg.refuse != PROTO_OK) {
        hub_outcome_clear (&hub->outcome);
        if (!m->guard) {
            wf_fail ("the %s handler refused without a savepoint", type);
            return -1;
        }
        hub_store_rollback_to (hub->store);
        hub_audit_reset (hub->audit, &m->mark);
        char result [PROTO_MAX_NOTE_BYTES + 1];
        snprintf (result, sizeof result, "refused: %s", proto_result_name (m->msg.refuse));
        m->msg.seq = 0;
        if (hub_audit_msg (hub, &m->msg, type, result) != 0) {
            if (self->quiet)
                self->store_failed = true;
            else
                wf_fail ("auditing the refused %s: %s", type, hub_store_error (hub->store));
            return -1;
        }
        return 0;
    }
    if (hub_act_msg (hub, &m->msg, "stored") != 0
    ||  (m->guard && hub_store_release (hub->store) != 0)) {
        hub_outcome_clear (&hub->outcome);
        if (self->quiet)
            self->store_failed = true;
        else
            wf_fail ("acting on %s: %s", type, hub_store_error (hub->store));
        return -1;
    }
    m->item.seq = m->msg.seq;
    memcpy (m->item.digest, m->digest, PROTO_DIGEST_BYTES);
    return 0;
}
