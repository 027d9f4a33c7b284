/*  hub_deputy.c - a casemanager's deputy for a period (see hub_deputy.h).   */
#include "hub_regie.h"
#include "hub_deputy.h"
#include "hub_store_households.h"

#define PID     (PROTO_MAX_PARTNER_ID_BYTES + 1)

static bool
s_same (const char *a, const char *b)
{
    return a && b && strcmp (a, b) == 0;
}

/*  A casemanager of team: a partner with the regie role in that team.       */
static bool
s_casemanager_of (const proto_cert_t *cert, const char *team)
{
    return cert && (cert->roles & PROTO_ROLE_REGIE) && team [0] && s_same (cert->team, team);
}

bool
hub_deputy_may (const hub_deputy_ask_t *ask, hub_reason_t *reason)
{
    const proto_cert_t *me = ask->author;
    if (!me->team [0]) {
        *reason = HUB_R_NO_TEAM_IN_CERTIFICATE;
        return false;
    }
    /* for someone else only as her team leader                              */
    if (!s_same (ask->casemanager_id, me->id) && !(me->roles & PROTO_ROLE_ESCALATION)) {
        *reason = HUB_R_DEPUTY_OWN_ONLY;
        return false;
    }
    if (!s_casemanager_of (ask->casemanager, me->team)) {
        *reason = HUB_R_NOT_A_CASEMANAGER;
        return false;
    }
    return true;
}

bool
hub_deputy_decide (const hub_deputy_ask_t *ask, hub_reason_t *reason)
{
    if (!hub_deputy_may (ask, reason))
        return false;
    if (s_same (ask->deputy_id, ask->casemanager_id)) {
        *reason = HUB_R_DEPUTY_SELF;
        return false;
    }
    if (!s_casemanager_of (ask->deputy, ask->author->team)) {
        *reason = HUB_R_DEPUTY_NOT_IN_TEAM;
        return false;
    }
    if (ask->until <= ask->from) {
        *reason = HUB_R_DEPUTY_UNTIL_BEFORE_FROM;
        return false;
    }
    if (ask->until - ask->from > HUB_DEPUTY_MAX_DAYS * HUB_DAY_MS) {
        *reason = HUB_R_DEPUTY_TOO_LONG;
        return false;
    }
    if (ask->until <= ask->now) {
        *reason = HUB_R_DEPUTY_PERIOD_OVER;
        return false;
    }
    return true;
}

static const proto_cert_t *
s_cert (hub_t *hub, const char *id)
{
    const hub_partner_t *p = id [0] ? hub_partners_by_id (hub->partners, id) : NULL;
    return p ? &p->cert : NULL;
}

/*  The refusal's arguments, as hub_codes.h lists them.                      */
static void
s_refuse (hub_t *hub, hub_msg_t *msg, hub_reason_t reason, const hub_deputy_ask_t *ask)
{
    proto_args_t *a = hub_refuse (msg, reason);
    switch (reason) {
        case HUB_R_NOT_A_CASEMANAGER:
            proto_args_str (a, PROTO_ARG_CASEMANAGER, ask->casemanager_id);
            proto_args_str (a, PROTO_ARG_TEAM, ask->author->team);
            break;
        case HUB_R_DEPUTY_NOT_IN_TEAM:
            hub_args_partner (hub, a, PROTO_ARG_PARTNER, ask->deputy_id, false);
            proto_args_str (a, PROTO_ARG_TEAM, ask->author->team);
            break;
        case HUB_R_DEPUTY_TOO_LONG:
            proto_args_uint (a, PROTO_ARG_DAYS, HUB_DEPUTY_MAX_DAYS);
            break;
        case HUB_R_DEPUTY_PERIOD_OVER:
            proto_args_uint (a, PROTO_ARG_UNTIL, ask->until);
            break;
        default:
            break;
    }
}

/*  Tells the deputy, and the casemanager when someone else acted.          */
static int
s_tell (hub_t *hub, hub_msg_t *msg, const char *kind, const char *casemanager,
        const char *deputy, const char *team, uint64_t from, uint64_t until)
{
    hub_party_t parties [2];
    hub_party (hub, &parties [0], casemanager, NULL, 0);
    hub_party (hub, &parties [1], deputy, NULL, 0);
    hub_notice_t n;
    memset (&n, 0, sizeof n);
    n.kind = kind;
    n.parties = parties;
    n.party_count = 2;
    n.team = team;
    n.from = from;
    n.until = until;
    n.by = msg->author->cert.id;
    if (hub_notify (hub, deputy, NULL, NULL, &n) != 0)
        return -1;
    if (!s_same (casemanager, msg->author->cert.id) && hub_notify (hub, casemanager, NULL, NULL, &n) != 0)
        return -1;
    return 0;
}

/*  The ask of msg: its casemanager defaults to the author.                  */
static void
s_ask (hub_t *hub, hub_msg_t *msg, hub_deputy_ask_t *ask, char cm [PID], char dep [PID])
{
    const proto_cert_t *me = &msg->author->cert;
    memset (ask, 0, sizeof *ask);
    if (!proto_env_cstr (msg->env, "casemanager", cm, PID))
        snprintf (cm, PID, "%s", me->id);
    dep [0] = 0;
    proto_env_cstr (msg->env, "deputy", dep, PID);
    ask->author = me;
    ask->casemanager_id = cm;
    ask->casemanager = s_cert (hub, cm);
    ask->deputy_id = dep;
    ask->deputy = dep [0] ? s_cert (hub, dep) : NULL;
    proto_env_u64 (msg->env, "from", &ask->from);
    proto_env_u64 (msg->env, "until", &ask->until);
    ask->now = msg->now;
}

int
hub_deputy_name (hub_t *hub, hub_msg_t *msg)
{
    char cm [PID], dep [PID];
    hub_deputy_ask_t ask;
    s_ask (hub, msg, &ask, cm, dep);
    hub_reason_t reason;
    if (!hub_deputy_decide (&ask, &reason)) {
        s_refuse (hub, msg, reason, &ask);
        return 0;
    }
    const char *team = msg->author->cert.team;
    if (hub_store_deputy_set (hub->store, cm, team, dep, ask.from, ask.until,
                              msg->author->cert.id, msg->now) != 0
    ||  s_tell (hub, msg, "deputy_named", cm, dep, team, ask.from, ask.until) != 0)
        return -1;
    proto_args_t *note = hub_note (msg, HUB_N_DEPUTY_NAMED);
    hub_args_partner (hub, note, PROTO_ARG_PARTNER, dep, false);
    proto_args_uint (note, PROTO_ARG_SINCE, ask.from);
    proto_args_uint (note, PROTO_ARG_UNTIL, ask.until);
    return 0;
}

int
hub_deputy_end (hub_t *hub, hub_msg_t *msg)
{
    char cm [PID], dep [PID];
    hub_deputy_ask_t ask;
    s_ask (hub, msg, &ask, cm, dep);
    hub_reason_t reason;
    if (!hub_deputy_may (&ask, &reason)) {
        s_refuse (hub, msg, reason, &ask);
        return 0;
    }
    uint64_t from = 0, until = 0;
    int found = hub_store_deputy_get (hub->store, cm, msg->now, false, dep, &from, &until);
    if (found < 0)
        return -1;
    if (!found) {
        hub_args_partner (hub, hub_refuse (msg, HUB_R_NO_DEPUTY), PROTO_ARG_CASEMANAGER, cm, false);
        return 0;
    }
    if (hub_store_deputy_end (hub->store, cm, msg->now) != 0
    ||  s_tell (hub, msg, "deputy_ended", cm, dep, msg->author->cert.team,
                from < msg->now ? from : 0, msg->now) != 0)
        return -1;
    hub_args_partner (hub, hub_note (msg, HUB_N_DEPUTY_ENDED), PROTO_ARG_PARTNER, dep, false);
    return 0;
}

int
hub_deputy_running (hub_t *hub, const char *casemanager, uint64_t now, char deputy [PID],
                    uint64_t *until)
{
    uint64_t from = 0;
    if (!casemanager || !casemanager [0])
        return 0;
    return hub_store_deputy_get (hub->store, casemanager, now, true, deputy, &from, until);
}

int
hub_deputy_of (hub_t *hub, const char *recipient, const uint8_t *ref, uint64_t now,
               char deputy [PID])
{
    if (!ref)
        return 0;
    uint64_t until = 0;
    int running = hub_deputy_running (hub, recipient, now, deputy, &until);
    if (running <= 0)
        return running;
    /* only about a household she holds regie over                          */
    int64_t hh = 0;
    if (hub_store_household_of_ref (hub->store, ref, &hh) < 0)
        return -1;
    if (!hh)
        return 0;
    hub_household_row_t row;
    int rc = hub_store_household_get (hub->store, hh, &row);
    if (rc < 0)
        return -1;
    return rc == 1 && row.team [0] && s_same (row.casemanager, recipient) ? 1 : 0;
}
