/*  web_caseload.c - households from the outbox and inbox. See the header.  */
#include "web_caseload.h"
#include "agent_json.h"
#include "agent_render.h"
#include "proto_envelope.h"
#include "proto_lang.h"
#include "proto_words.h"

#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


typedef struct {
    bool incoming;
    uint64_t at, seq;
    size_t order;
    uint8_t author [PROTO_PUBKEY_BYTES];
    uint8_t *bytes;
    size_t len;
    proto_envelope_t env;
    bool decoded;
} fact_t;

typedef struct {
    char id [PROTO_MAX_PARTNER_ID_BYTES + 1];
    char name [PROTO_MAX_NAME_BYTES + 1];
} name_t;

/*  A signal's sender as the hub named it in a notice about it (acute).      */
typedef struct {
    uint8_t signal [PROTO_ID_BYTES];
    char name [PROTO_MAX_NAME_BYTES + 1];
} sender_t;

struct web_caseload_t {
    char me [PROTO_MAX_PARTNER_ID_BYTES + 1];
    uint8_t me_key [PROTO_PUBKEY_BYTES];
    uint8_t hub_key [PROTO_PUBKEY_BYTES];
    bool has_hub_key;
    char first_phase [PROTO_MAX_TAXON_BYTES + 1];
    fact_t *facts;
    size_t nfacts, capfacts;
    web_case_t **cases;                 /* every household seen; held ones
                                           are moved to the front at finish */
    size_t ncases, capcases, nheld;
    name_t *names;
    size_t nnames, capnames;
    sender_t *senders;
    size_t nsenders, capsenders;
    bool failed;
};

/*  Grows *array (of size elements) to hold one more; false when it cannot. */
static bool
s_grow (void **array, size_t *cap, size_t count, size_t size)
{
    if (count < *cap)
        return true;
    size_t grown = *cap ? *cap * 2 : 16;
    void *p = realloc (*array, grown * size);
    if (!p)
        return false;
    *array = p;
    *cap = grown;
    return true;
}

web_caseload_t *
web_caseload_new (const char *me_id, const uint8_t *me_key, const uint8_t *hub_key,
                  const char *first_phase)
{
    web_caseload_t *self = (web_caseload_t *) calloc (1, sizeof *self);
    if (!self)
        return NULL;
    snprintf (self->me, sizeof self->me, "%s", me_id ? me_id : "");
    if (me_key)
        memcpy (self->me_key, me_key, PROTO_PUBKEY_BYTES);
    if (hub_key) {
        memcpy (self->hub_key, hub_key, PROTO_PUBKEY_BYTES);
        self->has_hub_key = true;
    }
    snprintf (self->first_phase, sizeof self->first_phase, "%s", first_phase ? first_phase : "");
    return self;
}

static void
s_case_free (web_case_t *c)
{
    for (size_t i = 0; i < c->nevents; i++) {
        free (c->events [i].who);
        free (c->events [i].title);
        free (c->events [i].text);
    }
    for (size_t i = 0; i < c->nagreements; i++)
        free (c->agreements [i].action);
    for (size_t i = 0; i < c->nrounds; i++)
        free (c->rounds [i].place);
    free (c->events);
    free (c->agreements);
    free (c->rounds);
    free (c);
}

void
web_caseload_destroy (web_caseload_t **self_p)
{
    if (self_p && *self_p) {
        web_caseload_t *self = *self_p;
        for (size_t i = 0; i < self->nfacts; i++) {
            if (self->facts [i].decoded)
                proto_envelope_release (&self->facts [i].env);
            if (self->facts [i].bytes)
                sodium_memzero (self->facts [i].bytes, self->facts [i].len);
            free (self->facts [i].bytes);
        }
        for (size_t i = 0; i < self->ncases; i++)
            s_case_free (self->cases [i]);
        free (self->facts);
        free (self->cases);
        free (self->names);
        free (self->senders);
        free (self);
        *self_p = NULL;
    }
}

void
web_caseload_name (web_caseload_t *self, const char *id, const char *name)
{
    if (!id || !*id || !name || !*name)
        return;
    for (size_t i = 0; i < self->nnames; i++)
        if (strcmp (self->names [i].id, id) == 0) {
            snprintf (self->names [i].name, sizeof self->names [i].name, "%s", name);
            return;
        }
    if (!s_grow ((void **) &self->names, &self->capnames, self->nnames, sizeof *self->names)) {
        self->failed = true;
        return;
    }
    name_t *n = &self->names [self->nnames++];
    snprintf (n->id, sizeof n->id, "%s", id);
    snprintf (n->name, sizeof n->name, "%s", name);
}

const char *
web_caseload_partner_name (web_caseload_t *self, const char *id)
{
    for (size_t i = 0; id && i < self->nnames; i++)
        if (strcmp (self->names [i].id, id) == 0)
            return self->names [i].name;
    return id ? id : "";
}

int
web_caseload_add (web_caseload_t *self, bool incoming, uint64_t at, uint64_t seq,
                  const uint8_t *author, const uint8_t *envelope, size_t len)
{
    if (self->nfacts >= AGENT_WEB_CASE_MAX_FACTS || len == 0 || len > PROTO_MAX_ENVELOPE_BYTES)
        return -1;
    if (!s_grow ((void **) &self->facts, &self->capfacts, self->nfacts, sizeof *self->facts))
        return -1;
    fact_t *f = &self->facts [self->nfacts];
    memset (f, 0, sizeof *f);
    f->bytes = (uint8_t *) malloc (len);
    if (!f->bytes)
        return -1;
    memcpy (f->bytes, envelope, len);
    f->len = len;
    f->incoming = incoming;
    f->at = at;
    f->seq = seq;
    f->order = self->nfacts;
    if (author)
        memcpy (f->author, author, PROTO_PUBKEY_BYTES);
    self->nfacts++;
    return 0;
}

/* ---- reading a message ------------------------------------------------------ */

static bool
s_is (const fact_t *f, const char *type)
{
    return strcmp (f->env.type->name, type) == 0;
}

static void
s_str (const fact_t *f, const char *key, char *out, size_t outlen)
{
    if (!proto_env_cstr (&f->env, key, out, outlen))
        out [0] = 0;
}

static uint64_t
s_u64 (const fact_t *f, const char *key)
{
    uint64_t v = 0;
    return proto_env_u64 (&f->env, key, &v) ? v : 0;
}

/*  A string in a msgpack map, into out ("" when absent).                    */
static void
s_map_str (const msgpack_object *map, const char *key, char *out, size_t outlen)
{
    out [0] = 0;
    if (!map || map->type != MSGPACK_OBJECT_MAP)
        return;
    size_t k = strlen (key);
    for (uint32_t i = 0; i < map->via.map.size; i++) {
        const msgpack_object_kv *kv = &map->via.map.ptr [i];
        if (kv->key.type == MSGPACK_OBJECT_STR && kv->key.via.str.size == k
        &&  memcmp (kv->key.via.str.ptr, key, k) == 0 && kv->val.type == MSGPACK_OBJECT_STR) {
            size_t n = kv->val.via.str.size < outlen - 1 ? kv->val.via.str.size : outlen - 1;
            memcpy (out, kv->val.via.str.ptr, n);
            out [n] = 0;
            return;
        }
    }
}

/*  The nth record of a notice's partners, or NULL.                          */
static const msgpack_object *
s_party (const fact_t *f, uint32_t n)
{
    const msgpack_object *a = proto_env_field (&f->env, "partners");
    if (!a || a->type != MSGPACK_OBJECT_ARRAY || n >= a->via.array.size)
        return NULL;
    return &a->via.array.ptr [n];
}

static bool
s_from_hub (web_caseload_t *self, const fact_t *f)
{
    return f->incoming && self->has_hub_key && memcmp (f->author, self->hub_key, PROTO_PUBKEY_BYTES) == 0;
}

static void
s_notice_kind (const fact_t *f, char *out, size_t outlen)
{
    out [0] = 0;
    if (s_is (f, "notice"))
        s_str (f, "kind", out, outlen);
}

/* ---- households ---------------------------------------------------------------- */

static bool
s_has_ref (const web_case_t *c, const uint8_t *ref)
{
    for (size_t i = 0; i < c->nrefs; i++)
        if (memcmp (c->refs [i], ref, PROTO_REF_BYTES) == 0)
            return true;
    return false;
}

static void
s_add_ref (web_case_t *c, const uint8_t *ref, bool person)
{
    if (!ref || s_has_ref (c, ref) || c->nrefs >= AGENT_WEB_CASE_MAX_REFS)
        return;
    memcpy (c->refs [c->nrefs], ref, PROTO_REF_BYTES);
    c->is_person [c->nrefs] = person;
    if (c->nrefs == 0) {
        c->key [0] = person ? 'p' : 'a';
        char hex [2 * PROTO_REF_BYTES + 1];
        sodium_bin2hex (hex, sizeof hex, ref, PROTO_REF_BYTES);
        snprintf (c->key + 1, sizeof c->key - 1, "%.*s", AGENT_WEB_CASE_KEY_HEX, hex);
    }
    c->nrefs++;
}

static void
s_drop_ref (web_case_t *c, const uint8_t *ref)
{
    for (size_t i = 0; ref && i < c->nrefs; i++)
        if (memcmp (c->refs [i], ref, PROTO_REF_BYTES) == 0) {
            /* the first ref names the page: keep it, a page's address stays */
            if (i == 0)
                return;
            memmove (c->refs [i], c->refs [i + 1], (c->nrefs - i - 1) * PROTO_REF_BYTES);
            memmove (&c->is_person [i], &c->is_person [i + 1], (c->nrefs - i - 1) * sizeof (bool));
            c->nrefs--;
            return;
        }
}

/*  The household a message's subject names (by either ref), created when
    create; NULL when there is none.                                         */
static web_case_t *
s_case (web_caseload_t *self, const fact_t *f, bool create)
{
    const proto_envelope_t *e = &f->env;
    for (size_t i = 0; i < self->ncases; i++) {
        web_case_t *c = self->cases [i];
        if ((e->has_person && s_has_ref (c, e->person)) || (e->has_address && s_has_ref (c, e->address))) {
            if (create) {               /* a claim names the refs it knows   */
                s_add_ref (c, e->has_person ? e->person : NULL, true);
                s_add_ref (c, e->has_address ? e->address : NULL, false);
            }
            return c;
        }
    }
    if (!create || (!e->has_person && !e->has_address) || self->ncases >= AGENT_WEB_CASE_MAX)
        return NULL;
    if (!s_grow ((void **) &self->cases, &self->capcases, self->ncases, sizeof *self->cases)) {
        self->failed = true;
        return NULL;
    }
    web_case_t *c = (web_case_t *) calloc (1, sizeof *c);
    if (!c) {
        self->failed = true;
        return NULL;
    }
    s_add_ref (c, e->has_person ? e->person : NULL, true);
    s_add_ref (c, e->has_address ? e->address : NULL, false);
    self->cases [self->ncases++] = c;
    return c;
}

static web_agreement_t *
s_agreement (web_caseload_t *self, const uint8_t *id, web_case_t **owner_case)
{
    for (size_t i = 0; i < self->ncases; i++)
        for (size_t a = 0; a < self->cases [i]->nagreements; a++)
            if (memcmp (self->cases [i]->agreements [a].id, id, PROTO_ID_BYTES) == 0) {
                *owner_case = self->cases [i];
                return &self->cases [i]->agreements [a];
            }
    return NULL;
}

static web_round_t *
s_round (web_caseload_t *self, const uint8_t *id, web_case_t **owner_case)
{
    for (size_t i = 0; i < self->ncases; i++)
        for (size_t r = 0; r < self->cases [i]->nrounds; r++)
            if (memcmp (self->cases [i]->rounds [r].id, id, PROTO_ID_BYTES) == 0) {
                *owner_case = self->cases [i];
                return &self->cases [i]->rounds [r];
            }
    return NULL;
}

/*  Pass 1: which households this partner holds, and their refs.            */
static void
s_membership (web_caseload_t *self, const fact_t *f)
{
    char kind [PROTO_MAX_TAXON_BYTES + 1];
    s_notice_kind (f, kind, sizeof kind);
    if (!f->incoming && s_is (f, "claim")) {
        char cm [PROTO_MAX_PARTNER_ID_BYTES + 1];
        s_str (f, "casemanager", cm, sizeof cm);
        if (strcmp (cm, self->me) != 0)
            return;                     /* intake handing it to another      */
        web_case_t *c = s_case (self, f, true);
        if (c && !c->held) {
            c->held = true;
            c->since = f->at;
            snprintf (c->phase, sizeof c->phase, "%s", self->first_phase);
        }
    }
    else
    if (s_from_hub (self, f) && strcmp (kind, "regie_assigned") == 0) {
        web_case_t *c = s_case (self, f, true);
        if (c) {
            if (!c->held)
                c->since = f->at;
            c->held = true;
            s_str (f, "phase", c->phase, sizeof c->phase);
        }
    }
    else
    if (s_from_hub (self, f) && strcmp (kind, "regie_transferred") == 0) {
        char to [PROTO_MAX_PARTNER_ID_BYTES + 1];
        s_map_str (s_party (f, 0), "partner", to, sizeof to);
        bool ours = strcmp (to, self->me) == 0;
        web_case_t *c = s_case (self, f, ours);
        if (c && ours && !c->held) {
            c->held = true;
            c->since = f->at;
        }
        else
        if (c && !ours)
            c->held = false;
    }
    else
    if (!f->incoming && (s_is (f, "transfer") || s_is (f, "release"))) {
        web_case_t *c = s_case (self, f, false);
        if (c)
            c->held = false;
    }
    else
    if (!f->incoming && (s_is (f, "link") || s_is (f, "move") || s_is (f, "unlink"))) {
        web_case_t *c = s_case (self, f, false);
        uint8_t ref [PROTO_REF_BYTES];
        if (!c)
            return;
        if (s_is (f, "unlink")) {
            if (proto_env_bin (&f->env, "person", ref, sizeof ref)
            ||  proto_env_bin (&f->env, "address", ref, sizeof ref))
                s_drop_ref (c, ref);
            return;
        }
        if (proto_env_bin (&f->env, "person", ref, sizeof ref))
            s_add_ref (c, ref, true);
        if (proto_env_bin (&f->env, "address", ref, sizeof ref))
            s_add_ref (c, ref, false);
    }
    else
    if (!f->incoming && s_is (f, "phase")) {
        web_case_t *c = s_case (self, f, false);
        if (c)
            s_str (f, "phase", c->phase, sizeof c->phase);
    }
}

/*  Names the hub's notices carry (partners records, by / by_name), and the
    senders of acute signals.                                                */
static void
s_names (web_caseload_t *self, const fact_t *f)
{
    if (!s_from_hub (self, f) || !s_is (f, "notice"))
        return;
    char id [PROTO_MAX_PARTNER_ID_BYTES + 1], name [PROTO_MAX_NAME_BYTES + 1];
    const msgpack_object *p;
    for (uint32_t n = 0; (p = s_party (f, n)) != NULL; n++) {
        s_map_str (p, "partner", id, sizeof id);
        s_map_str (p, "name", name, sizeof name);
        web_caseload_name (self, id, name);
    }
    s_str (f, "by", id, sizeof id);
    s_str (f, "by_name", name, sizeof name);
    web_caseload_name (self, id, name);
    char kind [PROTO_MAX_TAXON_BYTES + 1];
    s_notice_kind (f, kind, sizeof kind);
    uint8_t object [PROTO_ID_BYTES];
    if (strcmp (kind, "acute") == 0 && *name && proto_env_bin (&f->env, "object", object, sizeof object)
    &&  s_grow ((void **) &self->senders, &self->capsenders, self->nsenders, sizeof *self->senders)) {
        sender_t *s = &self->senders [self->nsenders++];
        memcpy (s->signal, object, PROTO_ID_BYTES);
        snprintf (s->name, sizeof s->name, "%s", name);
    }
}

static char *
s_dupf (const char *fmt, ...) __attribute__ ((format (printf, 1, 2)));

static char *
s_dupf (const char *fmt, ...)
{
    va_list ap;
    va_start (ap, fmt);
    char *out = NULL;
    int n = vasprintf (&out, fmt, ap);
    va_end (ap);
    return n < 0 ? NULL : out;
}

static web_event_t *
s_event (web_caseload_t *self, web_case_t *c, const fact_t *f, web_event_kind_t kind, char *title)
{
    size_t cap = c->nevents;            /* events grow one by one: a case has few */
    web_event_t *grown = (web_event_t *) realloc (c->events, (cap + 1) * sizeof *grown);
    if (!grown || !title) {
        if (grown)
            c->events = grown;
        free (title);
        self->failed = true;
        return NULL;
    }
    c->events = grown;
    web_event_t *e = &c->events [c->nevents++];
    memset (e, 0, sizeof *e);
    e->kind = kind;
    e->at = f->at;
    e->seq = f->incoming ? f->seq : 0;
    e->order = f->order;
    e->title = title;
    return e;
}

static void
s_event_text (web_event_t *e, const fact_t *f, const char *key)
{
    const char *p;
    size_t len;
    if (e && proto_env_str (&f->env, key, &p, &len) && len > 0)
        e->text = strndup (p, len);
}

static void
s_term (char *out, size_t outlen, const char *term)
{
    proto_words_term (out, outlen, term);
}

/*  A signal's sender: the hub's name for it, else its contact line.        */
static void
s_sender (web_caseload_t *self, const fact_t *f, char *out, size_t outlen)
{
    for (size_t i = 0; i < self->nsenders; i++)
        if (memcmp (self->senders [i].signal, f->env.id, PROTO_ID_BYTES) == 0) {
            snprintf (out, outlen, "%s", self->senders [i].name);
            return;
        }
    if (memcmp (f->author, self->me_key, PROTO_PUBKEY_BYTES) == 0) {
        snprintf (out, outlen, "%s", web_caseload_partner_name (self, self->me));
        return;
    }
    s_str (f, "contact", out, outlen);
    if (!*out)
        snprintf (out, outlen, "%s", _("a partner"));
}

static void
s_signal (web_caseload_t *self, const fact_t *f)
{
    web_case_t *c = s_case (self, f, false);
    if (!c)
        return;
    char sender [PROTO_MAX_CONTACT_BYTES + 1], severity [16], leefgebied [PROTO_MAX_TAXON_BYTES + 1];
    char term [PROTO_MAX_TAXON_BYTES + 1];
    s_sender (self, f, sender, sizeof sender);
    s_str (f, "severity", severity, sizeof severity);
    s_str (f, "leefgebied", leefgebied, sizeof leefgebied);
    s_term (term, sizeof term, leefgebied);
    web_event_t *e = s_event (self, c, f, WC_SIGNAL,
                              s_dupf (_("Signal from %s: %s, %s"), sender,
                                      proto_words_code (severity), term));
    if (!e)
        return;
    snprintf (e->severity, sizeof e->severity, "%s", severity);
    snprintf (e->leefgebied, sizeof e->leefgebied, "%s", leefgebied);
    e->urgent = strcmp (severity, "acuut") == 0;
    e->who = strdup (sender);
    s_event_text (e, f, "text");
}

static void
s_notice (web_caseload_t *self, const fact_t *f)
{
    char kind [PROTO_MAX_TAXON_BYTES + 1];
    s_notice_kind (f, kind, sizeof kind);
    if (strcmp (kind, "acute") == 0)
        return;                         /* the signal itself is on the timeline */
    uint8_t object [PROTO_ID_BYTES];
    bool has_object = proto_env_bin (&f->env, "object", object, sizeof object);
    web_case_t *c = s_case (self, f, false);
    web_agreement_t *a = NULL;
    web_round_t *r = NULL;
    web_case_t *via = NULL;
    if (has_object && (a = s_agreement (self, object, &via)) != NULL)
        c = c ? c : via;
    else
    if (has_object && (r = s_round (self, object, &via)) != NULL)
        c = c ? c : via;
    if (!c)
        return;
    if (strcmp (kind, "agreement_overdue") == 0 && a && strcmp (a->status, "done") != 0
    &&  strcmp (a->status, "withdrawn") != 0)
        a->overdue = true;
    if (strcmp (kind, "next_round") == 0 && s_u64 (f, "due")) {
        c->next_round = s_u64 (f, "due");
        c->next_proposed = true;
    }
    proto_envelope_t *env = (proto_envelope_t *) &f->env;
    json_t *msg = agent_json_from_envelope (env);
    char text [AGENT_RENDER_BYTES];
    text [0] = 0;
    if (msg)
        agent_render_notice (json_object_get (msg, "body"), text, sizeof text);
    json_decref (msg);
    bool urgent = false;
    proto_env_bool (&f->env, "urgent", &urgent);
    web_event_t *e = s_event (self, c, f, strcmp (kind, "escalation") == 0 ? WC_ESCALATION : WC_NOTICE,
                              strdup (text));
    if (e)
        e->urgent = urgent;
}

/*  Pass 2: what happened.                                                    */
static void
s_content (web_caseload_t *self, const fact_t *f)
{
    char when [PROTO_LANG_DATE_CHARS], term [PROTO_MAX_TAXON_BYTES + 1];
    char buf [PROTO_MAX_TAXON_BYTES + 1];
    uint8_t id [PROTO_ID_BYTES];
    web_case_t *c = NULL;
    if (f->incoming && s_is (f, "signal")) {
        s_signal (self, f);
        return;
    }
    if (s_from_hub (self, f) && s_is (f, "notice")) {
        s_notice (self, f);
        return;
    }
    if (!f->incoming && s_is (f, "claim")) {
        s_str (f, "casemanager", buf, sizeof buf);
        if (strcmp (buf, self->me) == 0 && (c = s_case (self, f, false)) != NULL) {
            s_term (term, sizeof term, self->first_phase);
            web_event_t *e = s_event (self, c, f, WC_REGIE,
                                      s_dupf (_("Regie taken here (phase %s)"), term));
            s_event_text (e, f, "note");
        }
        return;
    }
    if (!f->incoming && (s_is (f, "transfer") || s_is (f, "release"))) {
        if ((c = s_case (self, f, false)) != NULL) {
            s_str (f, "team", buf, sizeof buf);
            web_event_t *e = s_event (self, c, f, WC_REGIE,
                                      s_is (f, "release") ? strdup (_("Regie released"))
                                      : s_dupf (_("Regie handed to team %s"), buf));
            s_event_text (e, f, "note");
        }
        return;
    }
    if (!f->incoming && s_is (f, "phase")) {
        if ((c = s_case (self, f, false)) != NULL) {
            s_str (f, "phase", buf, sizeof buf);
            s_term (term, sizeof term, buf);
            web_event_t *e = s_event (self, c, f, WC_PHASE, s_dupf (_("Phase: %s"), term));
            s_event_text (e, f, "reason");
        }
        return;
    }
    if (!f->incoming && (s_is (f, "link") || s_is (f, "move") || s_is (f, "unlink"))) {
        if ((c = s_case (self, f, false)) != NULL) {
            bool person = proto_env_field (&f->env, "person") != NULL;
            const char *title = s_is (f, "move") ? _("Moved to a new address")
                              : s_is (f, "unlink") ? (person ? _("A member was taken off")
                                                             : _("An address was taken off"))
                              : person ? _("A member was linked") : _("An address was linked");
            web_event_t *e = s_event (self, c, f, WC_MEMBER, strdup (title));
            s_event_text (e, f, "note");
        }
        return;
    }
    if (!f->incoming && s_is (f, "round")) {
        if ((c = s_case (self, f, false)) == NULL)
            return;
        web_round_t *grown = (web_round_t *) realloc (c->rounds, (c->nrounds + 1) * sizeof *grown);
        if (!grown) {
            self->failed = true;
            return;
        }
        c->rounds = grown;
        web_round_t *r = &c->rounds [c->nrounds++];
        memset (r, 0, sizeof *r);
        memcpy (r->id, f->env.id, PROTO_ID_BYTES);
        r->at = s_u64 (f, "at");
        const char *p;
        size_t len;
        if (proto_env_str (&f->env, "place", &p, &len) && len)
            r->place = strndup (p, len);
        proto_lang_time_long (when, r->at);
        web_event_t *e = s_event (self, c, f, WC_ROUND, s_dupf (_("Round planned for %s"), when));
        s_event_text (e, f, "place");
        return;
    }
    if (!f->incoming && s_is (f, "round_held")) {
        web_round_t *r = proto_env_bin (&f->env, "round", id, sizeof id) ? s_round (self, id, &c) : NULL;
        if (!r)
            return;
        r->held = true;
        uint64_t held = s_u64 (f, "held");
        proto_lang_time_long (when, held ? held : r->at);
        s_event (self, c, f, WC_ROUND, s_dupf (_("Round held on %s"), when));
        return;
    }
    if (!f->incoming && s_is (f, "agreement")) {
        if ((c = s_case (self, f, false)) == NULL)
            return;
        web_agreement_t *grown = (web_agreement_t *) realloc (c->agreements,
                                                              (c->nagreements + 1) * sizeof *grown);
        if (!grown) {
            self->failed = true;
            return;
        }
        c->agreements = grown;
        web_agreement_t *a = &c->agreements [c->nagreements++];
        memset (a, 0, sizeof *a);
        memcpy (a->id, f->env.id, PROTO_ID_BYTES);
        s_str (f, "owner", a->owner, sizeof a->owner);
        s_str (f, "leefgebied", a->leefgebied, sizeof a->leefgebied);
        a->due = s_u64 (f, "due");
        snprintf (a->status, sizeof a->status, "proposed");
        const char *p;
        size_t len;
        if (proto_env_str (&f->env, "action", &p, &len))
            a->action = strndup (p, len);
        proto_lang_date_long (when, a->due);
        web_event_t *e = s_event (self, c, f, WC_AGREEMENT,
                                  s_dupf (_("Agreement with %s, due %s"),
                                          web_caseload_partner_name (self, a->owner), when));
        s_event_text (e, f, "action");
        return;
    }
    if (s_is (f, "agreement_accept") || s_is (f, "agreement_status")) {
        web_agreement_t *a = proto_env_bin (&f->env, "agreement", id, sizeof id)
                           ? s_agreement (self, id, &c) : NULL;
        if (!a)
            return;
        if (s_is (f, "agreement_accept"))
            snprintf (a->status, sizeof a->status, "accepted");
        else
            s_str (f, "status", a->status, sizeof a->status);
        if (strcmp (a->status, "done") == 0 || strcmp (a->status, "withdrawn") == 0)
            a->overdue = false;
        web_event_t *e = s_event (self, c, f, WC_AGREEMENT,
                                  s_dupf (_("Agreement of %s: %s"),
                                          web_caseload_partner_name (self, a->owner),
                                          proto_words_code (a->status)));
        if (e && a->action && !proto_env_field (&f->env, "note"))
            e->text = strdup (a->action);
        else
            s_event_text (e, f, "note");
        if (e)
            e->urgent = strcmp (a->status, "stagnated") == 0;
    }
}

static int
s_fact_order (const void *x, const void *y)
{
    const fact_t *a = (const fact_t *) x, *b = (const fact_t *) y;
    if (a->at != b->at)
        return a->at < b->at ? -1 : 1;
    return a->order < b->order ? -1 : a->order > b->order ? 1 : 0;
}

static int
s_event_order (const void *x, const void *y)
{
    const web_event_t *a = (const web_event_t *) x, *b = (const web_event_t *) y;
    if (a->at != b->at)
        return a->at > b->at ? -1 : 1;
    return a->order > b->order ? -1 : a->order < b->order ? 1 : 0;
}

int
web_caseload_finish (web_caseload_t *self, uint64_t now)
{
    /* sorted before decoding: a decoded envelope points into itself       */
    if (self->nfacts)                   /* none: no array to sort            */
        qsort (self->facts, self->nfacts, sizeof *self->facts, s_fact_order);
    for (size_t i = 0; i < self->nfacts; i++) {
        fact_t *f = &self->facts [i];
        f->decoded = proto_envelope_decode (&f->env, f->bytes, f->len, NULL, NULL) == PROTO_OK;
    }
    for (size_t i = 0; i < self->nfacts; i++)
        if (self->facts [i].decoded)
            s_membership (self, &self->facts [i]);
    for (size_t i = 0; i < self->nfacts; i++)
        if (self->facts [i].decoded)
            s_names (self, &self->facts [i]);
    for (size_t i = 0; i < self->nfacts; i++)
        if (self->facts [i].decoded)
            s_content (self, &self->facts [i]);
    /* the held households first, in the order regie was taken here */
    size_t held = 0;
    for (size_t i = 0; i < self->ncases; i++) {
        web_case_t *c = self->cases [i];
        if (!c->held)
            continue;
        self->cases [i] = self->cases [held];
        self->cases [held++] = c;
    }
    self->nheld = held;
    for (size_t i = 0; i < self->ncases; i++) {
        web_case_t *c = self->cases [i];
        uint64_t newest_at = 0;
        size_t newest_order = 0;
        bool has_newest = false;
        for (size_t e = 0; e < c->nevents; e++)
            if (c->events [e].kind == WC_SIGNAL
            &&  (!has_newest || c->events [e].at > newest_at
                 || (c->events [e].at == newest_at && c->events [e].order > newest_order))) {
                newest_at = c->events [e].at;
                newest_order = c->events [e].order;
                has_newest = true;
            }
        if (c->nevents)
            qsort (c->events, c->nevents, sizeof *c->events, s_event_order);
        c->newest_signal = NULL;
        for (size_t e = 0; has_newest && e < c->nevents; e++)
            if (c->events [e].kind == WC_SIGNAL && c->events [e].order == newest_order)
                c->newest_signal = &c->events [e];
        c->overdue = 0;
        for (size_t a = 0; a < c->nagreements; a++)
            if (c->agreements [a].overdue)
                c->overdue++;
        uint64_t next = 0;
        for (size_t r = 0; r < c->nrounds; r++)
            if (!c->rounds [r].held && c->rounds [r].at >= now && (!next || c->rounds [r].at < next))
                next = c->rounds [r].at;
        if (next) {
            c->next_round = next;
            c->next_proposed = false;
        }
    }
    return self->failed ? -1 : 0;
}

size_t
web_caseload_count (web_caseload_t *self)
{
    return self->nheld;
}

web_case_t *
web_caseload_at (web_caseload_t *self, size_t index)
{
    return index < self->nheld ? self->cases [index] : NULL;
}

web_case_t *
web_caseload_find (web_caseload_t *self, const char *key)
{
    for (size_t i = 0; key && i < self->nheld; i++)
        if (strcmp (self->cases [i]->key, key) == 0)
            return self->cases [i];
    return NULL;
}

bool
web_case_key_valid (const char *key)
{
    if (!key || (key [0] != 'p' && key [0] != 'a') || strlen (key) != AGENT_WEB_CASE_KEY_HEX + 1)
        return false;
    for (size_t i = 1; key [i]; i++)
        if (!((key [i] >= '0' && key [i] <= '9') || (key [i] >= 'a' && key [i] <= 'f')))
            return false;
    return true;
}
