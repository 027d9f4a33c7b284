/*  hub_check.c - the regiecheck (see hub_check.h).                         */
#include "hub_regie.h"
#include "hub_check.h"
#include "hub_deputy.h"

typedef struct {
    bool held;
    const hub_household_t *h;
    const char *contact;
    bool full;
    const char *deputy;                 /* standing in now, or NULL          */
    uint64_t deputy_until;
} check_answer_t;

static int
s_fill_check (proto_writer_t *w, void *arg)
{
    const check_answer_t *a = (const check_answer_t *) arg;
    proto_pack_kv_bool (w, "held", a->held);
    if (a->held) {
        proto_pack_kv_cstr (w, "team", a->h->team);
        proto_pack_kv_cstr (w, "casemanager", a->h->casemanager);
        proto_pack_kv_cstr (w, "contact", a->contact);
        if (a->deputy) {
            proto_pack_kv_cstr (w, "deputy", a->deputy);
            proto_pack_kv_u64 (w, "deputy_until", a->deputy_until);
        }
        if (a->full) {
            proto_pack_kv_cstr (w, "phase", a->h->phase);
            proto_pack_kv_u64 (w, "since", a->h->since);
        }
    }
    else
    if (a->full && a->h && a->h->follow_up_until)
        proto_pack_kv_u64 (w, "follow_up_until", a->h->follow_up_until);
    return 0;
}

int
hub_check_answer (hub_t *hub, hub_msg_t *msg)
{
    hub_household_t h;
    if (hub_regie_household (hub, msg->env, false, msg->now, &h) != 0)
        return -1;
    const proto_cert_t *me = &msg->author->cert;
    /* intake and regie roles may ask about any household; the escalation
       role (doorzettingsmacht) about the households of its own team        */
    bool team_role = (me->roles & (PROTO_ROLE_INTAKE | PROTO_ROLE_REGIE)) != 0
                  || ((me->roles & PROTO_ROLE_ESCALATION) && me->team [0] && h.hh
                      && (streq (me->team, h.team) || streq (me->team, h.former_team)));
    int related = h.hh && !team_role ? hub_regie_related (hub, h.hh, me->id, msg->now) : 0;
    if (related < 0)
        return -1;
    bool may_know = h.hh && (team_role || related);
    check_answer_t a;
    memset (&a, 0, sizeof a);
    char contact [PROTO_MAX_CONTACT_BYTES + 1] = "";
    char deputy [PROTO_MAX_PARTNER_ID_BYTES + 1] = "";
    a.h = &h;
    a.full = team_role;
    const char *result = "not held";
    if (may_know && hub_held (&h)) {
        a.held = true;
        hub_contact (hub, h.casemanager, contact, sizeof contact);
        a.contact = contact;
        result = "held";
        int standing = hub_deputy_running (hub, h.casemanager, msg->now, deputy, &a.deputy_until);
        if (standing < 0)
            return -1;
        a.deputy = standing ? deputy : NULL;
    }
    else
    if (h.hh && !may_know) {
        a.h = NULL;             /* exactly the answer for an unknown household */
        result = "withheld: no relation";
    }
    else
    if (!h.hh)
        a.h = NULL;
    uint32_t fields = 1 + (a.held ? 3 + (a.full ? 2 : 0) + (a.deputy ? 2 : 0)
                             : (a.full && a.h && h.follow_up_until ? 1 : 0));
    char audit [PROTO_MAX_NOTE_BYTES];
    snprintf (audit, sizeof audit, "%s%s%s%s%s", result, a.held ? " by " : "", a.held ? h.team : "",
              a.deputy ? "; deputy " : "", a.deputy ? a.deputy : "");
    if (hub_audit_msg (hub, msg, "regiecheck_answer", audit) != 0)
        return -1;
    hub_note (msg, HUB_N_ANSWERED);
    return hub_answer (hub, msg, "regiecheck_answer", fields, s_fill_check, &a);
}
