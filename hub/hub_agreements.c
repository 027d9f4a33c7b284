/*  hub_agreements.c - agreements, their acceptance and status, and the
    timers that watch them (hub_agreements.h).                              */
#include "hub_agreements.h"
#include "hub_regie.h"
#include "hub_store_rounds.h"
#include "hub_states.h"
#include "hub_store_agreements.h"

#define ID      PROTO_ID_BYTES
#define PID     (PROTO_MAX_PARTNER_ID_BYTES + 1)

/* ---- agreements -------------------------------------------------------------- */

int
hub_agreements_propose (hub_t *hub, hub_msg_t *msg)
{
    hub_household_t h;
    int rc = hub_directed (hub, msg, &h, false);
    if (rc <= 0)
        return rc;
    char owner [PID], action [PROTO_MAX_ACTION_BYTES + 1], leefgebied [PROTO_MAX_TAXON_BYTES + 1];
    uint64_t due = 0;
    uint8_t round [ID];
    proto_env_cstr (msg->env, "owner", owner, sizeof owner);
    proto_env_cstr (msg->env, "action", action, sizeof action);
    proto_env_cstr (msg->env, "leefgebied", leefgebied, sizeof leefgebied);
    proto_env_u64 (msg->env, "due", &due);
    bool has_round = proto_env_bin (msg->env, "round", round, ID);
    const hub_partner_t *p = hub_partners_by_id (hub->partners, owner);
    if (!p) {
        proto_args_str (hub_refuse (msg, HUB_R_NOT_A_PARTNER), PROTO_ARG_PARTNER, owner);
        return 0;
    }
    bool same_team = p->cert.team [0] && streq (p->cert.team, h.team);
    int covered = same_team ? 1 : hub_regie_covered (hub, h.hh, owner, msg->now);
    if (covered < 0)
        return -1;
    if (!covered) {
        hub_args_partner (hub, hub_refuse (msg, HUB_R_NO_BASIS_RECORDED), PROTO_ARG_PARTNER, owner,
                          false);
        return 0;
    }
    if (has_round) {
        hub_round_t r;
        int found = hub_store_round_get (hub->store, round, &r);
        if (found < 0)
            return -1;
        if (!found || r.hh != h.hh) {
            hub_refuse (msg, HUB_R_ROUND_NOT_IN_HOUSEHOLD);
            return 0;
        }
    }
    hub_agreement_proposal_t proposal = {
        .agreement = msg->env->id, .hh = h.hh, .owner = owner, .regisseur = msg->author->cert.id,
        .leefgebied = leefgebied, .action = action, .due = due, .round = has_round ? round : NULL,
        .created = msg->now, .seq = msg->seq
    };
    if (hub_store_agreement_propose (hub->store, &proposal) != 0
    ||  hub_store_agreement_log (hub->store, msg->env->id, msg->now, "proposed", msg->author->cert.id,
                                 msg->seq, NULL) != 0
    ||  hub_deliver_msg (hub, msg, owner) != 0)
        return -1;
    proto_args_t *note = hub_note (msg, HUB_N_AGREEMENT_PROPOSED);
    hub_args_partner (hub, note, PROTO_ARG_PARTNER, owner, false);
    proto_args_uint (note, PROTO_ARG_DUE, due);
    return 0;
}

/*  Whether event may happen to agreement a (hub_states.h); refuses msg
    saying why when it may not.                                              */
static bool
s_refused (hub_msg_t *msg, const hub_agreement_t *a, hub_agreement_event_t event,
           hub_agreement_state_t *from, hub_agreement_state_t *to)
{
    if (!hub_agreement_state (a->status, a->accepted, from)) {
        proto_args_str (hub_refuse (msg, HUB_R_AGREEMENT_IN_STATUS), PROTO_ARG_STATUS, a->status);
        return true;
    }
    switch (hub_agreement_move (*from, event, to)) {
        case HUB_MOVE_OK:
            return false;
        case HUB_MOVE_ACCEPTED:
            hub_refuse (msg, HUB_R_AGREEMENT_ACCEPTED_ALREADY);
            return true;
        case HUB_MOVE_TOO_EARLY:
            hub_refuse (msg, HUB_R_AGREEMENT_NOT_ACCEPTED);
            return true;
        case HUB_MOVE_FINISHED:
            proto_args_str (hub_refuse (msg, event == HUB_AGREEMENT_ACCEPT
                                             ? HUB_R_AGREEMENT_NOT_WAITING : HUB_R_AGREEMENT_FINISHED),
                            PROTO_ARG_STATUS, a->status);
            return true;
        default:
            proto_args_str (hub_refuse (msg, HUB_R_AGREEMENT_IN_STATUS), PROTO_ARG_STATUS, a->status);
            return true;
    }
}

int
hub_agreements_accept (hub_t *hub, hub_msg_t *msg)
{
    uint8_t id [ID];
    proto_env_bin (msg->env, "agreement", id, ID);
    hub_agreement_t a;
    int found = hub_store_agreement_get (hub->store, id, &a);
    if (found < 0)
        return -1;
    const char *me = msg->author->cert.id;
    if (!found) {
        hub_refuse (msg, HUB_R_AGREEMENT_NOT_KNOWN);
        return 0;
    }
    if (!streq (a.owner, me)) {
        hub_refuse (msg, HUB_R_ACCEPT_OWNER_ONLY);
        return 0;
    }
    /* one acceptance only; one past its due date stays for the timer, which
       marks it overdue and tells owner and regisseur (hub_states.h)        */
    hub_agreement_state_t from, to;
    if (s_refused (msg, &a, HUB_AGREEMENT_ACCEPT, &from, &to))
        return 0;
    const char *status = hub_agreement_status (to);
    if (hub_store_agreement_accept (hub->store, id, status, msg->seq, msg->now) != 0
    ||  hub_store_agreement_log (hub->store, id, msg->now, "accepted", me, msg->seq, NULL) != 0)
        return -1;
    hub_household_t h;
    if (hub_regie_household_get (hub, a.hh, &h) != 0)
        return -1;
    if (hub_held (&h) && hub_deliver_msg (hub, msg, h.casemanager) != 0)
        return -1;
    hub_note (msg, HUB_N_AGREEMENT_ACCEPTED);
    return 0;
}

int
hub_agreements_status (hub_t *hub, hub_msg_t *msg)
{
    uint8_t id [ID];
    char status [PROTO_MAX_TAXON_BYTES + 1], note [PROTO_MAX_NOTE_BYTES + 1] = "";
    proto_env_bin (msg->env, "agreement", id, ID);
    proto_env_cstr (msg->env, "status", status, sizeof status);
    proto_env_cstr (msg->env, "note", note, sizeof note);
    hub_agreement_t a;
    int found = hub_store_agreement_get (hub->store, id, &a);
    if (found < 0)
        return -1;
    hub_household_t h;
    if (found && hub_regie_household_get (hub, a.hh, &h) != 0)
        return -1;
    const char *me = msg->author->cert.id;
    bool owner = found && streq (a.owner, me);
    bool regisseur = found && hub_held (&h) && streq (h.casemanager, me);
    if (!owner && !regisseur) {
        hub_refuse (msg, HUB_R_AGREEMENT_NOT_YOURS);
        return 0;
    }
    if (streq (status, "withdrawn") ? !regisseur : !owner) {
        if (streq (status, "withdrawn"))
            hub_refuse (msg, HUB_R_WITHDRAW_REGISSEUR_ONLY);
        else
            proto_args_str (hub_refuse (msg, HUB_R_MARK_OWNER_ONLY), PROTO_ARG_STATUS, status);
        return 0;
    }
    hub_agreement_event_t event;
    hub_agreement_state_t from, to;
    if (!hub_agreement_event (status, &event)) {
        proto_args_str (hub_refuse (msg, HUB_R_NO_STATUS_RULE), PROTO_ARG_STATUS, status);
        return 0;
    }
    if (s_refused (msg, &a, event, &from, &to))
        return 0;
    int covered = owner && !regisseur && !(streq (msg->author->cert.team, h.team) && h.team [0])
                ? hub_regie_covered (hub, a.hh, me, msg->now) : 1;
    if (covered < 0)
        return -1;
    if (!covered) {
        hub_refuse (msg, HUB_R_BASIS_ENDED);
        return 0;
    }
    bool stagnated = streq (status, "stagnated");
    /* a stagnated agreement stays open: the regisseur steps in               */
    if (hub_store_agreement_set_status (hub->store, id, status, stagnated, msg->now) != 0
    ||  hub_store_agreement_log (hub->store, id, msg->now, status, me, msg->seq, note) != 0)
        return -1;
    if (owner && hub_held (&h) && !streq (h.casemanager, me)
    &&  hub_deliver_msg (hub, msg, h.casemanager) != 0)
        return -1;
    if (streq (status, "withdrawn") && !streq (a.owner, me)) {
        if (hub_deliver_msg (hub, msg, a.owner) != 0)
            return -1;
    }
    if (stagnated && hub_held (&h)) {
        hub_notice_t n;
        memset (&n, 0, sizeof n);
        n.kind = "stagnation";
        n.object = id;
        n.urgent = true;
        n.team = h.team;
        n.by = me;                      /* who reports it, and in their words */
        snprintf (n.text, sizeof n.text, "%s", note);
        if (hub_notify_msg (hub, msg, h.casemanager, &n) != 0)
            return -1;
        if (a.stagnations + 1 >= HUB_STAGNATIONS_ESCALATE) {
            hub_escalation_t e = { .reason = "stagnation_twice", .object = id,
                                   .partner = a.owner, .due = a.due,
                                   .count = (uint64_t) a.stagnations + 1, .note = note };
            if (hub_regie_escalate (hub, a.hh, h.team, &e, msg->now) != 0)
                return -1;
        }
    }
    bool late = streq (status, "done") && msg->now > a.due;
    proto_args_str (hub_note (msg, late ? HUB_N_AGREEMENT_MARKED_LATE : HUB_N_AGREEMENT_MARKED),
                    PROTO_ARG_STATUS, status);
    return 0;
}

/* ---- timers (rows of hub_timers.c) ----------------------------------------- */

/*  A timer's notice about agreement d to to; it names the owner.           */
static int
s_agreement_notice (hub_t *hub, const hub_agreement_due_t *d, const char *to, const char *kind,
                    bool urgent)
{
    hub_party_t owner;
    hub_party (hub, &owner, d->owner, NULL, 0);
    hub_notice_t n;
    memset (&n, 0, sizeof n);
    n.kind = kind;
    n.object = d->agreement;
    n.due = d->due;
    n.urgent = urgent;
    n.parties = &owner;
    n.party_count = 1;
    return hub_notify_household (hub, d->hh, to, &n);
}

int
hub_agreements_remind (hub_t *hub, uint64_t now)
{
    hub_agreement_due_t due [HUB_TICK_AGREEMENTS];
    size_t count;

    uint64_t before = (uint64_t) hub->config->reminder_days * HUB_DAY_MS;

    /* reminder to the owner some days before the due date                   */
    if (hub_store_agreements_to_remind (hub->store, now, before, due, HUB_TICK_AGREEMENTS, &count) != 0)
        return -1;
    for (size_t i = 0; i < count; i++) {
        int covered = hub_regie_covered (hub, due [i].hh, due [i].owner, now);
        if (covered < 0
        ||  (covered && s_agreement_notice (hub, &due [i], due [i].owner, "agreement_reminder",
                                            false) != 0)
        ||  hub_store_agreement_reminded (hub->store, due [i].agreement, now) != 0)
            return -1;
    }
    return 0;
}

int
hub_agreements_overdue (hub_t *hub, uint64_t now)
{
    hub_agreement_due_t due [HUB_TICK_AGREEMENTS];
    size_t count;


    /* past the due date: overdue, to owner and regisseur                    */
    if (hub_store_agreements_past_due (hub->store, now, due, HUB_TICK_AGREEMENTS, &count) != 0)
        return -1;
    for (size_t i = 0; i < count; i++) {
        hub_household_t h;
        int covered;
        if (hub_regie_household_get (hub, due [i].hh, &h) != 0
        ||  (covered = hub_regie_covered (hub, due [i].hh, due [i].owner, now)) < 0)
            return -1;
        if (hub_store_agreement_overdue (hub->store, due [i].agreement, now) != 0
        ||  hub_store_agreement_log (hub->store, due [i].agreement, now, "overdue", HUB_ACTOR, 0,
                                     NULL) != 0
        ||  (covered
             && s_agreement_notice (hub, &due [i], due [i].owner, "agreement_overdue", true) != 0)
        ||  (hub_held (&h) && s_agreement_notice (hub, &due [i], h.casemanager, "agreement_overdue",
                                                  true) != 0))
            return -1;
    }
    return 0;
}

int
hub_agreements_chase (hub_t *hub, uint64_t now)
{
    hub_agreement_due_t due [HUB_TICK_AGREEMENTS];
    size_t count;


    /* proposed and not accepted: chase the owner once                        */
    if (hub_store_agreements_unaccepted (hub->store, now, (uint64_t) HUB_CHASE_DAYS * HUB_DAY_MS,
                                         due, HUB_TICK_AGREEMENTS, &count) != 0)
        return -1;
    for (size_t i = 0; i < count; i++) {
        int covered = hub_regie_covered (hub, due [i].hh, due [i].owner, now);
        if (covered < 0
        ||  (covered && s_agreement_notice (hub, &due [i], due [i].owner, "agreement_unaccepted",
                                            false) != 0)
        ||  hub_store_agreement_chased (hub->store, due [i].agreement, now) != 0)
            return -1;
    }
    return 0;
}

int
hub_agreements_escalate (hub_t *hub, uint64_t now)
{
    hub_agreement_due_t due [HUB_TICK_AGREEMENTS];
    size_t count;
    uint64_t before = (uint64_t) hub->config->reminder_days * HUB_DAY_MS;

    /* still overdue a reminder period later: escalate                        */
    if (hub_store_agreements_still_overdue (hub->store, now, before ? before : HUB_DAY_MS, due,
                                            HUB_TICK_AGREEMENTS, &count) != 0)
        return -1;
    for (size_t i = 0; i < count; i++) {
        hub_household_t h;
        if (hub_regie_household_get (hub, due [i].hh, &h) != 0)
            return -1;
        hub_escalation_t e = { .reason = "agreement_overdue", .object = due [i].agreement,
                               .partner = due [i].owner, .due = due [i].due };
        if (hub_regie_escalate (hub, due [i].hh, h.team [0] ? h.team : NULL, &e, now) != 0
        ||  hub_store_agreement_escalated (hub->store, due [i].agreement, now) != 0)
            return -1;
    }
    return 0;
}
