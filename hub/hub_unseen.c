/*  hub_unseen.c - signals not received in time (see hub_unseen.h).        */
#include "hub_unseen.h"
#include "hub_household.h"
#include "hub_limits.h"
#include "hub_store_signals.h"

#define MINUTE_MS   60000ULL

/*  The team of the partner a signal went to: its certificate's, else the
    default team (an intake without a team).                                 */
static const hub_team_t *
s_team (hub_t *hub, const char *recipient)
{
    const hub_partner_t *p = hub_partners_by_id (hub->partners, recipient);
    const hub_team_t *t = p && p->cert.team [0] ? hub_config_team (hub->config, p->cert.team) : NULL;
    return t ? t : hub_config_default_team (hub->config);
}

/*  Tells the team and the sender that s has not been received.              */
static int
s_unseen (hub_t *hub, const hub_signal_unseen_t *s, uint64_t now)
{
    const hub_team_t *team = s_team (hub, s->recipient);
    hub_party_t recipient;
    hub_party (hub, &recipient, s->recipient, NULL, 0);
    hub_notice_t n;
    memset (&n, 0, sizeof n);
    n.object = s->id;
    n.urgent = true;
    n.team = team ? team->team : NULL;
    n.parties = &recipient;
    n.party_count = 1;
    n.at = s->ts;
    n.has_count = true;
    n.count = (now - s->ts) / MINUTE_MS;
    n.by = s->partner;
    /* the team's roles see the household as theirs; not the recipient, who
       has not received it, nor the sender, told below                      */
    const char *roles [2] = { team ? team->intake : NULL, team ? team->escalation : NULL };
    for (int i = 0; i < 2; i++) {
        if (!roles [i] || !roles [i][0] || streq (roles [i], s->recipient)
        ||  streq (roles [i], s->partner) || (i == 1 && roles [0] && streq (roles [1], roles [0])))
            continue;
        n.kind = "acute_unseen";
        if (hub_notify_household (hub, s->hh, roles [i], &n) != 0)
            return -1;
    }
    /* the sender: about its own message, without the household's refs     */
    n.kind = "signal_unseen";
    n.by = NULL;
    if (hub_notify (hub, s->partner, NULL, NULL, &n) != 0)
        return -1;
    return hub_store_signal_unseen_told (hub->store, s->seq, now);
}

/*  Tells the sender that s has been received now.                           */
static int
s_seen (hub_t *hub, const hub_signal_unseen_t *s, uint64_t now)
{
    hub_party_t recipient;
    hub_party (hub, &recipient, s->recipient, NULL, 0);
    hub_notice_t n;
    memset (&n, 0, sizeof n);
    n.kind = "signal_seen";
    n.object = s->id;
    n.parties = &recipient;
    n.party_count = 1;
    n.at = s->ts;
    if (hub_notify (hub, s->partner, NULL, NULL, &n) != 0)
        return -1;
    return hub_store_signal_seen_told (hub->store, s->seq, now);
}

int
hub_unseen_timer (hub_t *hub, uint64_t now)
{
    static const char *severities [] = HUB_SEVERITIES;
    hub_signal_unseen_t list [HUB_TICK_BATCH];
    size_t count;
    for (size_t k = 0; k < sizeof severities / sizeof severities [0]; k++) {
        uint64_t wait = (uint64_t) hub->config->unseen_minutes [k] * MINUTE_MS;
        if (!wait || now < wait)
            continue;
        if (hub_store_signals_unseen (hub->store, severities [k], now - wait, list, HUB_TICK_BATCH,
                                      &count) != 0)
            return -1;
        for (size_t i = 0; i < count; i++)
            if (s_unseen (hub, &list [i], now) != 0)
                return -1;
    }
    if (hub_store_signals_seen_late (hub->store, list, HUB_TICK_BATCH, &count) != 0)
        return -1;
    for (size_t i = 0; i < count; i++)
        if (s_seen (hub, &list [i], now) != 0)
            return -1;
    return 0;
}
