/*  hub_escalation.c - escalations, match confirmation, the match timers
    (see hub_escalation.h).                                                 */
#include "hub_regie.h"
#include "hub_escalation.h"
#include "hub_states.h"
#include "hub_store_signals.h"
#include "proto_sign.h"
#include <jansson.h>

#define ID      PROTO_ID_BYTES

int
hub_escalation_match_confirm (hub_t *hub, hub_msg_t *msg)
{
    uint8_t match [ID];
    char outcome [PROTO_MAX_TAXON_BYTES + 1];
    proto_env_bin (msg->env, "match", match, ID);
    proto_env_cstr (msg->env, "outcome", outcome, sizeof outcome);
    const proto_cert_t *me = &msg->author->cert;
    hub_match_row_t m;
    int exists = hub_store_match_get (hub->store, match, &m);
    hub_match_party_t party;
    int is_party = exists == 1 ? hub_store_match_party (hub->store, match, me->id, &party) : 0;
    if (exists < 0 || is_party < 0)
        return -1;
    hub_household_t h;
    if (exists && hub_regie_household_get (hub, m.hh, &h) != 0)
        return -1;
    /* the intake of the match's team, or the regisseur, confirms for all   */
    bool for_all = exists && ((streq (me->team, m.team) && (me->roles & PROTO_ROLE_INTAKE))
                              || streq (h.casemanager, me->id));
    if (!exists || (!is_party && !for_all)) {
        hub_refuse (msg, HUB_R_MATCH_NOT_YOURS);
        return 0;
    }
    /* a party confirms once: a second confirmation would change the time
       and outcome the reports count (hub_states.h); who confirms for all
       confirms the parties that have not                                   */
    hub_party_state_t to;
    if (!for_all && hub_party_move (hub_party_state (party.confirmed, party.reminded,
                                                     party.escalated),
                                    HUB_PARTY_CONFIRM, &to) != HUB_MOVE_OK) {
        hub_refuse (msg, HUB_R_MATCH_CONFIRMED_ALREADY);
        return 0;
    }
    if (for_all
    ?   hub_store_match_confirm_all (hub->store, match, msg->now, outcome) != 0
    :   hub_store_match_confirm_party (hub->store, match, me->id, msg->now, outcome) != 0)
        return -1;
    proto_args_str (hub_note (msg, for_all ? HUB_N_MATCH_CONFIRMED_ALL : HUB_N_MATCH_CONFIRMED),
                    PROTO_ARG_OUTCOME, outcome);
    return 0;
}

int
hub_escalation_history (char *out, size_t outlen, const hub_escalation_t *e)
{
    json_t *o = json_object (), *list = json_array ();
    if (e->partner && !e->partner_count)
        json_array_append_new (list, json_string (e->partner));
    for (size_t i = 0; i < e->partner_count; i++)
        json_array_append_new (list, json_string (e->partners [i]));
    json_object_set_new (o, "partners", list);
    if (e->due)
        json_object_set_new (o, "due", json_integer ((json_int_t) e->due));
    if (e->number)
        json_object_set_new (o, "number", json_integer ((json_int_t) e->number));
    if (e->count)
        json_object_set_new (o, "count", json_integer ((json_int_t) e->count));
    if (e->note && e->note [0])
        json_object_set_new (o, "note", json_string (e->note));
    char *text = json_dumps (o, JSON_COMPACT);
    json_decref (o);
    int rc = text && strlen (text) < outlen ? 0 : -1;
    if (rc == 0)
        memcpy (out, text, strlen (text) + 1);
    free (text);
    return rc;
}

int
hub_regie_escalate (hub_t *hub, int64_t hh, const char *team_id, const hub_escalation_t *e,
                    uint64_t now)
{
    const char *reason = e->reason;
    char history [HUB_ESCALATION_HISTORY_BYTES];
    if (hub_escalation_history (history, sizeof history, e) != 0) {
        zsys_error ("escalation (%s): its history does not fit", reason);
        return -1;
    }
    const hub_team_t *team = team_id ? hub_config_team (hub->config, team_id) : NULL;
    if (!team)
        team = hub_config_default_team (hub->config);
    const char *to = team && team->escalation [0] ? team->escalation : team ? team->intake : NULL;
    if (!to) {
        zsys_warning ("escalation (%s) has nobody to go to: configure teams", reason);
        return 0;
    }
    uint8_t id [ID];
    proto_id_new (id, now);
    if (hub_store_escalation_add (hub->store, id, hh, team->team, to, reason, e->object,
                                  history, now) != 0)
        return -1;
    hub_party_t about;
    if (e->partner)
        hub_party (hub, &about, e->partner, NULL, 0);
    hub_notice_t n;
    memset (&n, 0, sizeof n);
    n.kind = "escalation";
    n.object = id;
    n.urgent = true;
    n.team = team->team;
    n.reason = reason;
    n.parties = e->partner ? &about : NULL;
    n.party_count = e->partner ? 1 : 0;
    n.due = e->due;
    n.has_number = e->number != 0;
    n.number = e->number;
    n.has_count = e->count != 0;
    n.count = e->count;
    return hh ? hub_notify_household (hub, hh, to, &n) : hub_notify (hub, to, NULL, NULL, &n);
}

int
hub_escalation_resolve (hub_t *hub, hub_msg_t *msg)
{
    uint8_t id [ID];
    char note [PROTO_MAX_NOTE_BYTES + 1];
    proto_env_bin (msg->env, "escalation", id, ID);
    proto_env_cstr (msg->env, "note", note, sizeof note);
    bool open = false;
    int found = hub_store_escalation_raised_to (hub->store, id, msg->author->cert.id,
                                                msg->author->cert.team, &open);
    if (found < 0)
        return -1;
    if (!found) {
        hub_refuse (msg, HUB_R_ESCALATION_NOT_YOURS);
        return 0;
    }
    if (!open) {
        hub_refuse (msg, HUB_R_ESCALATION_RESOLVED_ALREADY);
        return 0;
    }
    int64_t hh = 0;
    if (hub_store_escalation_resolve (hub->store, id, msg->now, msg->author->cert.id, note) != 0
    ||  hub_store_escalation_household (hub->store, id, &hh) < 0)
        return -1;
    /* the regisseur learns that an escalation about her household is over,
       in the resolver's words                                               */
    hub_household_t h;
    if (hh && hub_regie_household_get (hub, hh, &h) != 0)
        return -1;
    if (hh && hub_held (&h) && !streq (h.casemanager, msg->author->cert.id)) {
        hub_notice_t n;
        memset (&n, 0, sizeof n);
        n.kind = "escalation_resolved";
        n.object = id;
        n.team = h.team;
        n.by = msg->author->cert.id;
        snprintf (n.text, sizeof n.text, "%s", note);
        if (hub_notify_household (hub, hh, h.casemanager, &n) != 0)
            return -1;
    }
    hub_note (msg, HUB_N_ESCALATION_RESOLVED);
    return 0;
}

/* ---- timers (rows of hub_timers.c) --------------------------------------- */

int
hub_escalation_match_remind (hub_t *hub, uint64_t now)
{
    hub_match_due_t due [HUB_TICK_BATCH];
    size_t count;
    /* matches past their deadline: remind once                              */
    if (hub_store_match_parties_to_remind (hub->store, now, due, HUB_TICK_BATCH, &count) != 0)
        return -1;
    for (size_t i = 0; i < count; i++) {
        hub_notice_t n;
        memset (&n, 0, sizeof n);
        n.kind = "match_reminder";
        n.object = due [i].match;
        n.team = due [i].team;
        n.due = hub_working_days (due [i].deadline, HUB_MATCH_ESCALATE_DAYS);
        if (hub_notify_household (hub, due [i].hh, due [i].partner, &n) != 0
        ||  hub_store_match_party_reminded (hub->store, due [i].match, due [i].partner, now) != 0)
            return -1;
    }
    return 0;
}

int
hub_escalation_match_escalate (hub_t *hub, uint64_t now)
{
    hub_match_due_t due [HUB_TICK_BATCH];
    size_t count;
    /* still unconfirmed after the reminder: escalate                         */
    if (hub_store_match_parties_to_escalate (hub->store, now, due, HUB_TICK_BATCH, &count) != 0)
        return -1;
    for (size_t i = 0; i < count; i++) {
        hub_escalation_t e = { .reason = "match_unconfirmed", .object = due [i].match,
                               .partner = due [i].partner, .due = due [i].deadline };
        if (hub_regie_escalate (hub, due [i].hh, due [i].team, &e, now) != 0
        ||  hub_store_match_party_escalated (hub->store, due [i].match, due [i].partner, now) != 0)
            return -1;
    }
    return 0;
}
