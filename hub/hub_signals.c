/*  hub_signals.c - a signal: stored, routed, matched; a signal that names a
    person and an address the hub knows apart (see hub_signals.h).           */
#include "hub_regie.h"
#include "hub_signals.h"
#include "hub_store_signals.h"
#include "proto_sign.h"

#define ID      PROTO_ID_BYTES

/*  The partners that signalled about hh since, as a match's parties.        */
static int
s_parties (hub_t *hub, int64_t hh, uint64_t since, hub_party_t *parties, size_t *count)
{
    hub_signal_party_t rows [HUB_MAX_MATCH_PARTIES];
    int rc = hub_store_signal_partners_since (hub->store, hh, since, rows, HUB_MAX_MATCH_PARTIES,
                                              count);
    for (size_t i = 0; rc == 0 && i < *count; i++)
        hub_party (hub, &parties [i], rows [i].partner, rows [i].contact, rows [i].since);
    return rc;
}

/*  Match: signals of two or more partners within the window. A partner who
    is new to the household's matches (newcomer: the signal's author) produces
    one match event, sent to the recipient (intake or regisseur) and to every
    signalling partner: who else is concerned and whom to contact, never
    another partner's text. Without a newcomer (two households just joined)
    there is a new match unless one match of the window already names every
    partner that signalled in it.                                             */
int
hub_signals_match (hub_t *hub, hub_msg_t *msg, const hub_household_t *h, const char *recipient,
                   const char *team, const char *newcomer)
{
    uint64_t since = msg->now - (uint64_t) hub->config->match_window_days * HUB_DAY_MS;
    int found = newcomer ? hub_store_match_since_names (hub->store, h->hh, newcomer, since)
                         : hub_store_match_since_names_all (hub->store, h->hh, since);
    if (found < 0)
        return -1;
    if (found)
        return 0;           /* matched before: no new match                  */
    hub_party_t parties [HUB_MAX_MATCH_PARTIES];
    size_t count = 0;
    if (s_parties (hub, h->hh, since, parties, &count) != 0)
        return -1;
    if (count < 2)
        return 0;
    uint8_t match [ID];
    proto_id_new (match, msg->now);
    uint64_t deadline = hub_working_days (msg->now, hub->config->match_deadline_days);
    uint64_t escalate = hub_working_days (deadline, HUB_MATCH_ESCALATE_DAYS);
    if (hub_store_match_add (hub->store, match, h->hh, msg->now, deadline, escalate, team) != 0)
        return -1;
    hub_notice_t n;
    memset (&n, 0, sizeof n);
    n.kind = "match";
    n.object = match;
    n.parties = parties;
    n.party_count = count;
    n.due = deadline;
    n.team = team;
    n.has_count = true;
    n.count = count;
    for (size_t i = 0; i < count; i++) {
        if (hub_store_match_party_add (hub->store, match, parties [i].partner) != 0
        ||  hub_notify_msg (hub, msg, parties [i].partner, &n) != 0)
            return -1;
    }
    bool recipient_is_party = false;
    for (size_t i = 0; i < count; i++)
        recipient_is_party |= streq (parties [i].partner, recipient);
    if (!recipient_is_party) {
        n.kind = "match_seen";          /* the intake or regisseur, who sees to it */
        if (hub_notify_msg (hub, msg, recipient, &n) != 0)
            return -1;
    }
    return hub_audit_msg (hub, msg, "match", "match notice sent");
}

/*  A signal that names a person and an address that are not one household's
    (its household was found by one of them): whoever directs either
    household is told, so that a new address is recorded and one household
    known twice is joined (regie link-member). Nothing of the signal's
    content; the other household's regie only as a team would learn it
    from a regiecheck.                                                        */
static int
s_loose_refs (hub_t *hub, hub_msg_t *msg, const hub_household_t *h)
{
    const proto_envelope_t *env = msg->env;
    if (!env->has_person || !env->has_address)
        return 0;
    /* the household was looked up by the person first: found that way,
       the person is its member and only the address can be another
       household's; found by the address, the person is nobody's yet         */
    int64_t person = h->by_person ? h->hh : 0, address = h->hh;
    if (h->by_person && hub_regie_ref_owner (hub, env->address, &address) != 0)
        return -1;
    if (person == address)
        return 0;
    int64_t other_hh = h->by_person ? address : 0;
    hub_household_t o;
    memset (&o, 0, sizeof o);
    if (other_hh && hub_regie_household_get (hub, other_hh, &o) != 0)
        return -1;
    hub_notice_t n;
    memset (&n, 0, sizeof n);
    n.object = env->id;
    if (hub_held (h)) {
        n.team = h->team;
        /* the other household's team, only as a regiecheck would tell it    */
        n.other_team = hub_held (&o) ? o.team : NULL;
        n.kind = person == h->hh && !address ? "address_unlinked"
               : person == h->hh             ? "member_elsewhere"
               :   /* found by its address: the person is nobody's yet */  "person_unlinked";
        if (hub_notify_msg (hub, msg, h->casemanager, &n) != 0)
            return -1;
    }
    if (hub_held (&o) && !streq (o.casemanager, h->casemanager)) {
        n.kind = "person_elsewhere";
        n.team = o.team;
        n.other_team = hub_held (h) ? h->team : NULL;
        if (hub_notify_household (hub, o.hh, o.casemanager, &n) != 0)
            return -1;
    }
    return 0;
}

int
hub_signals_receive (hub_t *hub, hub_msg_t *msg)
{
    const proto_envelope_t *env = msg->env;
    hub_household_t h;
    if (hub_regie_household (hub, env, true, msg->now, &h) != 0)
        return -1;
    char severity [PROTO_MAX_TAXON_BYTES + 1] = "", leefgebied [PROTO_MAX_TAXON_BYTES + 1] = "";
    char kind [PROTO_MAX_TAXON_BYTES + 1] = "", contact [PROTO_MAX_CONTACT_BYTES + 1] = "";
    proto_env_cstr (env, "severity", severity, sizeof severity);
    proto_env_cstr (env, "leefgebied", leefgebied, sizeof leefgebied);
    proto_env_cstr (env, "kind", kind, sizeof kind);
    proto_env_cstr (env, "contact", contact, sizeof contact);
    bool acute = streq (severity, "acuut");

    /* where it goes: the regisseur, the former team in follow-up, or intake */
    char recipient [PROTO_MAX_PARTNER_ID_BYTES + 1] = "";
    char team [PROTO_MAX_PARTNER_ID_BYTES + 1] = "";
    int route = 0;                      /* 0 none, 1 regisseur, 2 follow-up, 3 intake */
    if (hub_held (&h)) {
        snprintf (recipient, sizeof recipient, "%s", h.casemanager);
        snprintf (team, sizeof team, "%s", h.team);
        route = 1;
    }
    else
    if (h.former_team [0] && h.follow_up_until > msg->now && h.former_casemanager [0]) {
        snprintf (recipient, sizeof recipient, "%s", h.former_casemanager);
        snprintf (team, sizeof team, "%s", h.former_team);
        route = 2;
    }
    else {
        const hub_team_t *t = hub_responsible_team (hub, &h);
        if (t) {
            snprintf (recipient, sizeof recipient, "%s", t->intake);
            snprintf (team, sizeof team, "%s", t->team);
            route = 3;
        }
    }
    hub_signal_row_t row;
    memset (&row, 0, sizeof row);
    row.seq = msg->seq;
    row.hh = h.hh;
    row.ts = msg->now;
    snprintf (row.partner, sizeof row.partner, "%s", msg->author->cert.id);
    snprintf (row.leefgebied, sizeof row.leefgebied, "%s", leefgebied);
    snprintf (row.severity, sizeof row.severity, "%s", severity);
    snprintf (row.kind, sizeof row.kind, "%s", kind);
    snprintf (row.recipient, sizeof row.recipient, "%s", recipient);
    snprintf (row.contact, sizeof row.contact, "%s", contact);
    /* a signal to a household under regie is part of its case: it does
       not expire as a signal that led to nothing                           */
    row.led_to_regie = hub_held (&h);
    if (hub_store_signal_add (hub->store, &row) != 0)
        return -1;
    static const hub_note_t notes [2][4] = {
        { HUB_N_SIGNAL_UNROUTED, HUB_N_SIGNAL_ROUTED_REGISSEUR, HUB_N_SIGNAL_ROUTED_FOLLOW_UP,
          HUB_N_SIGNAL_TO_INTAKE },
        { HUB_N_ACUTE_UNROUTED, HUB_N_ACUTE_ROUTED_REGISSEUR, HUB_N_ACUTE_ROUTED_FOLLOW_UP,
          HUB_N_ACUTE_TO_INTAKE },
    };
    if (!recipient [0]) {
        hub_note (msg, notes [acute][0]);
        return 0;
    }
    if (hub_deliver_msg (hub, msg, recipient) != 0)
        return -1;
    snprintf (msg->item->to, sizeof msg->item->to, "%s", team);
    proto_args_str (hub_note (msg, notes [acute][route]), PROTO_ARG_TEAM, team);

    hub_notice_t n;
    memset (&n, 0, sizeof n);
    if (acute) {
        n.kind = "acute";
        n.object = env->id;
        n.urgent = true;
        n.team = team;
        n.by = msg->author->cert.id;
        n.leefgebied = leefgebied;
        if (hub_notify_msg (hub, msg, recipient, &n) != 0)
            return -1;
    }
    /* a household this signal created has no earlier involvement, no other
       partner's signals and no regie: nothing more to look up               */
    if (h.created)
        return 0;
    /* earlier involvement, told once                                        */
    hub_signal_party_t archived [HUB_MAX_MATCH_PARTIES];
    hub_party_t earlier [HUB_MAX_MATCH_PARTIES];
    size_t count = 0;
    if (hub_store_archive_untold (hub->store, h.hh, archived, HUB_MAX_MATCH_PARTIES, &count) != 0)
        return -1;
    for (size_t i = 0; i < count; i++)
        hub_party (hub, &earlier [i], archived [i].partner, NULL, archived [i].since);
    if (count) {
        memset (&n, 0, sizeof n);
        n.kind = "history";
        n.parties = earlier;
        n.party_count = count;
        n.has_count = true;
        n.count = count;
        if (hub_notify_msg (hub, msg, recipient, &n) != 0
        ||  hub_store_archive_told (hub->store, h.hh) != 0)
            return -1;
    }
    /* an opening for a household on the priority list                      */
    if (h.priority && kind [0]) {
        char list [sizeof hub->config->opening_kinds + 2];
        char needle [PROTO_MAX_TAXON_BYTES + 3];
        snprintf (list, sizeof list, ",%s,", hub->config->opening_kinds);
        snprintf (needle, sizeof needle, ",%s,", kind);
        if (strstr (list, needle)) {
            const hub_team_t *t = hub_config_team (hub->config, team);
            if (!t)
                t = hub_config_default_team (hub->config);
            memset (&n, 0, sizeof n);
            n.kind = "priority";
            n.object = env->id;
            n.urgent = true;
            n.team = t ? t->team : NULL;
            n.signal_kind = kind;
            if (t && hub_notify_msg (hub, msg, t->intake, &n) != 0)
                return -1;
        }
    }
    if (s_loose_refs (hub, msg, &h) != 0)
        return -1;
    return hub_signals_match (hub, msg, &h, recipient, team, msg->author->cert.id);
}
