/*  hub_household.c - the household a message is about, who directs it, who
    may know about it (see hub_household.h).                                */
#include "hub_regie.h"
#include "hub_store_households.h"

#define REF     PROTO_REF_BYTES

int
hub_regie_household_get (hub_t *hub, int64_t hh, hub_household_t *out)
{
    memset (out, 0, sizeof *out);
    hub_household_row_t row;
    int rc = hub_store_household_get (hub->store, hh, &row);
    if (rc == 1) {
        out->hh = row.hh;
        snprintf (out->team, sizeof out->team, "%s", row.team);
        snprintf (out->casemanager, sizeof out->casemanager, "%s", row.casemanager);
        snprintf (out->phase, sizeof out->phase, "%s", row.phase);
        snprintf (out->former_team, sizeof out->former_team, "%s", row.former_team);
        snprintf (out->former_casemanager, sizeof out->former_casemanager, "%s",
                  row.former_casemanager);
        out->since = row.since;
        out->closed_at = row.closed_at;
        out->follow_up_until = row.follow_up_until;
        out->priority = row.priority;
    }
    return rc < 0 ? -1 : 0;
}

int
hub_regie_ref_owner (hub_t *hub, const uint8_t *ref, int64_t *hh)
{
    return hub_store_household_of_ref (hub->store, ref, hh) < 0 ? -1 : 0;
}

int
hub_regie_household (hub_t *hub, const proto_envelope_t *env, bool create, uint64_t now,
                     hub_household_t *out)
{
    int64_t hh = 0;
    memset (out, 0, sizeof *out);
    if (env->has_person && hub_regie_ref_owner (hub, env->person, &hh) != 0)
        return -1;
    bool by_person = hh != 0;
    if (!hh && env->has_address && hub_regie_ref_owner (hub, env->address, &hh) != 0)
        return -1;
    if (!hh && create) {
        if (hub_store_household_create (hub->store, now, &hh) != 0
        ||  (env->has_person
             && hub_store_household_ref_add (hub->store, hh, env->person, "person", now) != 0)
        ||  (env->has_address
             && hub_store_household_ref_add (hub->store, hh, env->address, "address", now) != 0))
            return -1;
        /* a new household is empty: nothing to read back                    */
        out->hh = hh;
        out->created = true;
        return 0;
    }
    if (hh && hub_regie_household_get (hub, hh, out) != 0)
        return -1;
    out->by_person = by_person;
    return 0;
}

int
hub_notify_household (hub_t *hub, int64_t hh, const char *recipient, const hub_notice_t *n)
{
    uint8_t person [REF], address [REF];
    bool hp, ha;
    if (hub_store_household_subject (hub->store, hh, person, address, &hp, &ha) < 0)
        return -1;
    return hub_notify (hub, recipient, hp ? person : NULL, ha ? address : NULL, n);
}

/*  Notice to msg's household, with msg's own subject.                        */
int
hub_notify_msg (hub_t *hub, const hub_msg_t *msg, const char *recipient, const hub_notice_t *n)
{
    const proto_envelope_t *env = msg->env;
    return hub_notify (hub, recipient, env->has_person ? env->person : NULL,
                       env->has_address ? env->address : NULL, n);
}

bool
hub_held (const hub_household_t *h)
{
    return h->hh && h->team [0];
}

void
hub_refuse_held (hub_t *hub, hub_msg_t *msg, const hub_household_t *h, hub_reason_t reason,
                 const char *ref)
{
    proto_args_t *a = hub_refuse (msg, reason);
    if (ref)
        proto_args_str (a, PROTO_ARG_REF, ref);
    proto_args_str (a, PROTO_ARG_TEAM, h->team);
    proto_args_uint (a, PROTO_ARG_SINCE, h->since);
    hub_args_partner (hub, a, PROTO_ARG_CASEMANAGER, h->casemanager, true);
}

const hub_team_t *
hub_responsible_team (hub_t *hub, const hub_household_t *h)
{
    if (h->former_team [0]) {
        const hub_team_t *t = hub_config_team (hub->config, h->former_team);
        if (t)
            return t;
    }
    return hub_config_default_team (hub->config);
}

int
hub_regie_related (hub_t *hub, int64_t hh, const char *partner, uint64_t now)
{
    int related = hub_store_household_related (hub->store, hh, partner);
    return related != 0 ? related : hub_regie_covered (hub, hh, partner, now);
}

int
hub_regie_covered (hub_t *hub, int64_t hh, const char *partner, uint64_t now)
{
    return hub_store_consent_covers (hub->store, hh, partner, now);
}

int
hub_directed (hub_t *hub, hub_msg_t *msg, hub_household_t *h, bool intake_may)
{
    if (hub_regie_household (hub, msg->env, false, msg->now, h) != 0)
        return -1;
    const proto_cert_t *me = &msg->author->cert;
    if (hub_held (h) && (streq (h->casemanager, me->id)
                     || (intake_may && (me->roles & PROTO_ROLE_INTAKE) && streq (me->team, h->team))))
        return 1;
    hub_refuse (msg, HUB_R_NOT_REGISSEUR);
    return 0;
}

int
hub_notify_network (hub_t *hub, hub_msg_t *msg, int64_t hh, const char *skip, hub_notice_t *n)
{
    char partners [HUB_MAX_MATCH_PARTIES][PROTO_MAX_PARTNER_ID_BYTES + 1];
    size_t count = 0;
    if (hub_store_consent_partners (hub->store, hh, msg->now, partners, HUB_MAX_MATCH_PARTIES,
                                    &count) != 0)
        return -1;
    for (size_t i = 0; i < count; i++)
        if (!(skip && streq (skip, partners [i])) && hub_notify_msg (hub, msg, partners [i], n) != 0)
            return -1;
    return 0;
}
