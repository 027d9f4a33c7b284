/*  hub_consent.c - consent, its withdrawal, the priority list (see
    hub_consent.h).                                                         */
#include "hub_regie.h"
#include "hub_consent.h"
#include "hub_store_households.h"

int
hub_consent_record (hub_t *hub, hub_msg_t *msg)
{
    hub_household_t h;
    int rc = hub_directed (hub, msg, &h, false);
    if (rc <= 0)
        return rc;
    char partner [PROTO_MAX_PARTNER_ID_BYTES + 1], basis [PROTO_MAX_TAXON_BYTES + 1];
    uint64_t from = 0, until = 0;
    proto_env_cstr (msg->env, "partner", partner, sizeof partner);
    proto_env_cstr (msg->env, "basis", basis, sizeof basis);
    proto_env_u64 (msg->env, "from", &from);
    proto_env_u64 (msg->env, "until", &until);
    if (!hub_partners_by_id (hub->partners, partner)) {
        proto_args_str (hub_refuse (msg, HUB_R_NOT_A_PARTNER), PROTO_ARG_PARTNER, partner);
        return 0;
    }
    if (hub_store_consent_record (hub->store, h.hh, partner, basis, from, until, msg->now) != 0)
        return -1;
    hub_notice_t n;
    memset (&n, 0, sizeof n);
    n.kind = "consent";
    n.team = h.team;
    n.basis = basis;
    n.from = from;                      /* the reader says "from" or "now"   */
    n.until = until;
    if (hub_notify_msg (hub, msg, partner, &n) != 0)
        return -1;
    proto_args_t *note = hub_note (msg, HUB_N_BASIS_RECORDED);
    proto_args_str (note, PROTO_ARG_BASIS, basis);
    hub_args_partner (hub, note, PROTO_ARG_PARTNER, partner, false);
    return 0;
}

int
hub_consent_withdraw (hub_t *hub, hub_msg_t *msg)
{
    hub_household_t h;
    int rc = hub_directed (hub, msg, &h, false);
    if (rc <= 0)
        return rc;
    char partner [PROTO_MAX_PARTNER_ID_BYTES + 1];
    proto_env_cstr (msg->env, "partner", partner, sizeof partner);
    /* a basis that is to start later may be withdrawn before it starts     */
    int standing = hub_store_consent_standing (hub->store, h.hh, partner, msg->now);
    if (standing < 0)
        return -1;
    if (!standing) {
        hub_args_partner (hub, hub_refuse (msg, HUB_R_NO_CURRENT_BASIS), PROTO_ARG_PARTNER, partner,
                          false);
        return 0;
    }
    if (hub_store_consent_withdraw (hub->store, h.hh, partner, msg->now) != 0)
        return -1;
    hub_notice_t n;
    memset (&n, 0, sizeof n);
    n.kind = "consent_ended";
    n.team = h.team;
    if (hub_notify_msg (hub, msg, partner, &n) != 0)
        return -1;
    hub_args_partner (hub, hub_note (msg, HUB_N_BASIS_WITHDRAWN), PROTO_ARG_PARTNER, partner, false);
    return 0;
}

int
hub_consent_priority (hub_t *hub, hub_msg_t *msg)
{
    hub_household_t h;
    bool on = false;
    proto_env_bool (msg->env, "on", &on);
    if (hub_regie_household (hub, msg->env, on, msg->now, &h) != 0)
        return -1;
    if (!h.hh) {
        hub_refuse (msg, HUB_R_HOUSEHOLD_UNKNOWN);
        return 0;
    }
    if (hub_store_household_set_priority (hub->store, h.hh, on) != 0)
        return -1;
    hub_note (msg, on ? HUB_N_PRIORITY_ON : HUB_N_PRIORITY_OFF);
    return 0;
}
