/*  hub_join.c - link, unlink, move: one household known twice, a household
    that moves (see hub_join.h).                                            */
#include "hub_regie.h"
#include "hub_join.h"
#include "hub_signals.h"
#include "hub_store_households.h"
#include "hub_store_signals.h"

#define REF     PROTO_REF_BYTES

/*  Who may link and unlink: the household's casemanager, or - for a
    household without regie - the intake of the team responsible for it,
    which sees its signals and can tell that two are one household before
    anyone holds regie (so that matches come together early). 1 may, 0
    refused, -1 store error.                                                  */
static int
s_may_link (hub_t *hub, hub_msg_t *msg, hub_household_t *h)
{
    if (hub_regie_household (hub, msg->env, false, msg->now, h) != 0)
        return -1;
    const proto_cert_t *me = &msg->author->cert;
    if (hub_held (h) && streq (h->casemanager, me->id))
        return 1;
    const hub_team_t *t = h->hh && !hub_held (h) ? hub_responsible_team (hub, h) : NULL;
    if (t && (me->roles & PROTO_ROLE_INTAKE) && streq (t->intake, me->id))
        return 1;
    hub_refuse (msg, hub_held (h) || !h->hh ? HUB_R_NOT_REGISSEUR : HUB_R_OTHER_INTAKE);
    return 0;
}

/*  Notice n to recipient about the one ref of kind ("person" or "address")
    it knows the household by.                                               */
static int
s_notify_ref (hub_t *hub, const char *recipient, const uint8_t *ref, const char *kind,
              const hub_notice_t *n)
{
    bool person = streq (kind, "person");
    return hub_notify (hub, recipient, person ? ref : NULL, person ? NULL : ref, n);
}

/*  The partners that signalled about household hh, or were involved with it
    before (archived), with their contacts: for the join's notice.           */
static int
s_involved (hub_t *hub, int64_t hh, hub_party_t *parties, size_t *count)
{
    hub_signal_party_t rows [HUB_MAX_MATCH_PARTIES];
    int rc = hub_store_signal_partners_involved (hub->store, hh, rows, HUB_MAX_MATCH_PARTIES,
                                                 count);
    for (size_t i = 0; rc == 0 && i < *count; i++)
        hub_party (hub, &parties [i], rows [i].partner, rows [i].contact, rows [i].since);
    return rc;
}

/*  The regisseur of h links a person or an address (ref, of kind) that the
    hub knows as a household of its own, other: a signal named only that
    person, or only that address, before anyone knew they were one
    household. Then they are joined: everything about other becomes h's, so
    that signals about either reach the regisseur and a regiecheck about
    either says who holds regie (one household, one regisseur). Refused,
    changing nothing, when other is under regie: its regisseur releases it
    first. Returns 1 joined, 0 refused, -1 on a store error.                 */
static int
s_join (hub_t *hub, hub_msg_t *msg, const hub_household_t *h, int64_t other,
        const uint8_t *ref, const char *kind, size_t *signals)
{
    hub_household_t o;
    if (hub_regie_household_get (hub, other, &o) != 0)
        return -1;
    if (hub_held (&o)) {
        if (streq (o.casemanager, h->casemanager))
            proto_args_str (hub_refuse (msg, HUB_R_REF_IN_OWN_HOUSEHOLD), PROTO_ARG_REF, kind);
        else
            hub_refuse_held (hub, msg, &o, HUB_R_REF_HELD_ELSEWHERE, kind);
        return 0;
    }
    int64_t rows = 0;
    if (hub_store_signal_count (hub->store, other, &rows) != 0)
        return -1;
    *signals += (size_t) rows;
    /* without regie, the intake that links is the one that has the
       signals of both already: nobody else to tell                          */
    if (!hub_held (h))
        return hub_store_household_join (hub->store, h->hh, other) == 0 ? 1 : -1;
    hub_party_t parties [HUB_MAX_MATCH_PARTIES];
    size_t count = 0;
    /* who had the joined household's signals (an intake, a former
       regisseur in follow-up) learns where they go now                       */
    char told [HUB_JOIN_MAX_TOLD][PROTO_MAX_PARTNER_ID_BYTES + 1];
    size_t told_count = 0;
    if (s_involved (hub, other, parties, &count) != 0
    ||  hub_store_signal_recipients (hub->store, other, h->casemanager,
                                     o.follow_up_until > msg->now ? o.former_casemanager : "",
                                     told, HUB_JOIN_MAX_TOLD, &told_count) != 0)
        return -1;
    if (hub_store_household_join (hub->store, h->hh, other) != 0)
        return -1;
    hub_notice_t n;
    memset (&n, 0, sizeof n);
    n.team = h->team;
    if (count) {
        n.kind = "joined";
        n.parties = parties;
        n.party_count = count;
        n.has_count = true;
        n.count = count;
        n.ref = kind;
        if (hub_notify_msg (hub, msg, h->casemanager, &n) != 0)
            return -1;
    }
    /* whom to contact now: the regisseur                                     */
    hub_party_t regisseur;
    hub_party (hub, &regisseur, h->casemanager, NULL, 0);
    memset (&n, 0, sizeof n);
    n.kind = "routed";
    n.team = h->team;
    n.ref = kind;
    n.parties = &regisseur;
    n.party_count = 1;
    for (size_t i = 0; i < told_count; i++)
        if (s_notify_ref (hub, told [i], ref, kind, &n) != 0)
            return -1;
    return 1;
}

int
hub_join_link (hub_t *hub, hub_msg_t *msg)
{
    hub_household_t h;
    int rc = s_may_link (hub, msg, &h);
    if (rc <= 0)
        return rc;
    uint8_t refs [2][REF];
    const char *kinds [2] = { "person", "address" };
    size_t joined = 0, signals = 0;
    for (int i = 0; i < 2; i++) {
        if (!proto_env_bin (msg->env, kinds [i], refs [i], REF))
            continue;
        int64_t owner = 0;
        if (hub_regie_ref_owner (hub, refs [i], &owner) != 0)
            return -1;
        if (owner && owner != h.hh) {
            rc = s_join (hub, msg, &h, owner, refs [i], kinds [i], &signals);
            if (rc <= 0)
                return rc;
            joined++;
        }
        else
        if (!owner && hub_store_household_ref_add (hub->store, h.hh, refs [i], kinds [i],
                                                   msg->now) != 0)
            return -1;
        if (owner != h.hh
        &&  hub_audit_msg_ref (hub, msg, refs [i], "linked", owner ? "linked to a household; "
                               "joined with it" : "linked to a household") != 0)
            return -1;
    }
    if (!joined) {
        hub_note (msg, HUB_N_LINKED);
        return 0;
    }
    /* partners concerned about the two are concerned about one household    */
    const hub_team_t *care = hub_held (&h) ? NULL : hub_responsible_team (hub, &h);
    if (hub_signals_match (hub, msg, &h, hub_held (&h) ? h.casemanager : msg->author->cert.id,
                           hub_held (&h) ? h.team : care ? care->team : NULL, NULL) != 0)
        return -1;
    proto_args_uint (hub_note (msg, joined > 1 ? HUB_N_LINKED_JOINED_BOTH : HUB_N_LINKED_JOINED),
                     PROTO_ARG_COUNT, signals);
    return 0;
}

/*  A signal of the household whose subject names ref and none of the
    household's other refs: it was about whoever ref names alone.           */
static bool
s_only_about (hub_t *hub, int64_t hh, const uint8_t *bytes, size_t len, const uint8_t *ref)
{
    proto_envelope_t env;
    if (proto_envelope_decode (&env, bytes, len, NULL, NULL) != PROTO_OK)
        return false;
    bool named = (env.has_person && memcmp (env.person, ref, REF) == 0)
              || (env.has_address && memcmp (env.address, ref, REF) == 0);
    bool other = false;
    const uint8_t *rest [2] = { env.has_person ? env.person : NULL,
                                env.has_address ? env.address : NULL };
    for (int k = 0; k < 2 && named; k++) {
        int64_t owner = 0;
        if (rest [k] && memcmp (rest [k], ref, REF) != 0)
            other |= hub_regie_ref_owner (hub, rest [k], &owner) != 0 || owner == hh;
    }
    proto_envelope_release (&env);
    return named && !other;
}

/*  The signals an unlink takes along (those only about ref), collected
    before they move: the listing reads the signals it would change.         */
typedef struct {
    hub_t *hub;
    int64_t hh;
    const uint8_t *ref;
    uint64_t *seqs;
    size_t count, cap;
} only_about_t;

static int
s_collect_only_about (void *arg, uint64_t seq, const uint8_t *envelope, size_t len)
{
    only_about_t *about = (only_about_t *) arg;
    if (!s_only_about (about->hub, about->hh, envelope, len, about->ref))
        return 0;
    if (about->count == about->cap) {
        size_t cap = about->cap ? 2 * about->cap : 16;
        uint64_t *grown = (uint64_t *) realloc (about->seqs, cap * sizeof *grown);
        if (!grown)
            return -1;
        about->seqs = grown;
        about->cap = cap;
    }
    about->seqs [about->count++] = seq;
    return 0;
}

/*  The regisseur takes a member or address off the household: linked by
    mistake, or joined with a household that was another family. The ref
    becomes a household of its own, without regie, as if it had never been
    linked: the signals that named it alone go with it (back to the intake's
    care: they no longer count as part of this case), and what was said
    about it belongs to that household for inzage and retention. What was
    learned from the link (a match, the archive) stays. Refused when the ref
    is not this household's, or when it is the household's last one.         */
int
hub_join_unlink (hub_t *hub, hub_msg_t *msg)
{
    hub_household_t h;
    int rc = s_may_link (hub, msg, &h);
    if (rc <= 0)
        return rc;
    const char *kinds [2] = { "person", "address" };
    size_t moved = 0;
    for (int i = 0; i < 2; i++) {
        uint8_t ref [REF];
        if (!proto_env_bin (msg->env, kinds [i], ref, REF))
            continue;
        int64_t owner = 0, left = 0;
        if (hub_regie_ref_owner (hub, ref, &owner) != 0
        ||  hub_store_household_ref_count (hub->store, h.hh, &left) != 0)
            return -1;
        if (owner != h.hh) {
            proto_args_str (hub_refuse (msg, HUB_R_REF_NOT_LINKED), PROTO_ARG_REF, kinds [i]);
            return 0;
        }
        if (left <= 1) {
            proto_args_str (hub_refuse (msg, HUB_R_REF_LAST), PROTO_ARG_REF, kinds [i]);
            return 0;
        }
        int64_t own = 0;
        if (hub_store_household_ref_remove (hub->store, ref) != 0
        ||  hub_store_household_create (hub->store, msg->now, &own) != 0
        ||  hub_store_household_ref_add (hub->store, own, ref, kinds [i], msg->now) != 0)
            return -1;
        /* the signals about the ref alone: decided from their envelopes
           (the signals table does not keep the subject); a signal whose
           envelope retention removed stays                                  */
        only_about_t about = { hub, h.hh, ref, NULL, 0, 0 };
        rc = hub_store_signal_envelopes (hub->store, h.hh, s_collect_only_about, &about);
        for (size_t k = 0; rc == 0 && k < about.count; k++)
            rc = hub_store_signal_move (hub->store, about.seqs [k], own);
        free (about.seqs);
        size_t count = about.count;
        if (rc != 0
        ||  (count && hub_store_household_created_at_first_signal (hub->store, own) != 0))
            return -1;
        moved += count;
        if (hub_audit_msg_ref (hub, msg, ref, "unlinked", "taken off a household") != 0)
            return -1;
        /* the intake takes care of households without regie again          */
        const hub_team_t *t = hub_config_default_team (hub->config);
        if (t && !streq (t->intake, msg->author->cert.id)) {
            hub_notice_t n;
            memset (&n, 0, sizeof n);
            n.kind = "unlinked";
            n.team = t->team;
            /* the team that held the household it was taken off, if any   */
            n.other_team = hub_held (&h) ? h.team : NULL;
            /* who took it off: the regisseur, or the intake of a household
               that nobody holds; and why, in their words                   */
            n.by = msg->author->cert.id;
            n.ref = kinds [i];
            n.has_count = true;
            n.count = count;
            proto_env_cstr (msg->env, "note", n.text, sizeof n.text);
            if (s_notify_ref (hub, t->intake, ref, kinds [i], &n) != 0)
                return -1;
        }
    }
    proto_args_uint (hub_note (msg, HUB_N_UNLINKED), PROTO_ARG_COUNT, moved);
    return 0;
}

int
hub_join_move (hub_t *hub, hub_msg_t *msg)
{
    hub_household_t h;
    int rc = hub_directed (hub, msg, &h, false);
    if (rc <= 0)
        return rc;
    uint8_t address [REF];
    proto_env_bin (msg->env, "address", address, REF);
    int64_t owner = 0, earlier = 0;
    if (hub_regie_ref_owner (hub, address, &owner) != 0)
        return -1;
    if (owner && owner != h.hh) {
        /* the hub knows the new address as another household: the people
           who lived there before. Under regie, the two regisseurs talk
           first; otherwise the address passes to this household, and what
           was said about it until now stays with the household it was said
           about (as the address this household leaves stays with it).        */
        hub_household_t o;
        if (hub_regie_household_get (hub, owner, &o) != 0)
            return -1;
        if (hub_held (&o)) {
            hub_refuse_held (hub, msg, &o, HUB_R_ADDRESS_HELD_ELSEWHERE, NULL);
            return 0;
        }
        if (hub_store_signal_count (hub->store, owner, &earlier) != 0
        ||  hub_store_household_ref_retire (hub->store, address, msg->now) != 0)
            return -1;
    }
    if (hub_store_household_move (hub->store, h.hh, address, msg->now) != 0)
        return -1;
    if (hub_audit_msg_ref (hub, msg, address, "moved_in", "a household's new address") != 0)
        return -1;
    hub_notice_t n;
    memset (&n, 0, sizeof n);
    n.kind = "moved";
    n.team = h.team;
    if (hub_notify_network (hub, msg, h.hh, NULL, &n) != 0)
        return -1;
    if (owner && owner != h.hh)
        proto_args_uint (hub_note (msg, HUB_N_MOVED_EARLIER), PROTO_ARG_COUNT,
                         earlier > 0 ? (uint64_t) earlier : 0);
    else
        hub_note (msg, HUB_N_MOVED);
    return 0;
}
