/*  hub_rounds.c - rounds, progress, minutes (hub_rounds.h).                */
#include "hub_rounds.h"
#include "hub_regie.h"
#include "hub_store_households.h"
#include "hub_store_rounds.h"
#include "hub_store_agreements.h"

#define ID      PROTO_ID_BYTES
#define PID     (PROTO_MAX_PARTNER_ID_BYTES + 1)

/* ---- rounds -------------------------------------------------------------- */

int
hub_rounds_schedule (hub_t *hub, hub_msg_t *msg)
{
    hub_household_t h;
    int rc = hub_directed (hub, msg, &h, false);
    if (rc <= 0)
        return rc;
    uint64_t at = 0;
    char place [PROTO_MAX_NOTE_BYTES + 1] = "";
    proto_env_u64 (msg->env, "at", &at);
    proto_env_cstr (msg->env, "place", place, sizeof place);
    const msgpack_object *invited = proto_env_field (msg->env, "invited");
    char partners [PROTO_MAX_LIST_PARTNERS][PID];
    size_t count = invited->via.array.size;
    for (size_t i = 0; i < count; i++) {
        proto_obj_str_copy (partners [i], PID, &invited->via.array.ptr [i]);
        if (!hub_partners_by_id (hub->partners, partners [i])) {
            proto_args_str (hub_refuse (msg, HUB_R_NOT_A_PARTNER), PROTO_ARG_PARTNER, partners [i]);
            return 0;
        }
        int covered = hub_regie_covered (hub, h.hh, partners [i], msg->now);
        if (covered < 0)
            return -1;
        if (!covered) {
            hub_args_partner (hub, hub_refuse (msg, HUB_R_NO_BASIS_RECORDED), PROTO_ARG_PARTNER,
                              partners [i], false);
            return 0;
        }
    }
    int64_t number = 0;
    if (hub_store_rounds_count (hub->store, h.hh, &number) != 0)
        return -1;
    number++;
    if (hub_store_round_add (hub->store, msg->env->id, h.hh, number, at, msg->author->cert.id,
                             place, msg->now) != 0)
        return -1;
    hub_notice_t n;
    memset (&n, 0, sizeof n);
    n.kind = "invitation";
    n.object = msg->env->id;
    n.at = at;
    n.team = h.team;
    n.has_number = true;
    n.number = (uint64_t) number;
    n.place = place;
    n.by = msg->author->cert.id;        /* who chairs it                      */
    for (size_t i = 0; i < count; i++)
        if (hub_store_round_invite (hub->store, msg->env->id, partners [i]) != 0
        ||  hub_notify_msg (hub, msg, partners [i], &n) != 0)
            return -1;
    proto_args_t *note = hub_note (msg, HUB_N_ROUND_PLANNED);
    proto_args_uint (note, PROTO_ARG_NUMBER, (uint64_t) number);
    proto_args_uint (note, PROTO_ARG_AT, at);
    proto_args_uint (note, PROTO_ARG_COUNT, count);
    return 0;
}

int
hub_rounds_progress (hub_t *hub, hub_msg_t *msg)
{
    uint8_t id [ID], agreement [ID];
    char status [PROTO_MAX_TAXON_BYTES + 1], note [PROTO_MAX_NOTE_BYTES + 1] = "";
    proto_env_bin (msg->env, "round", id, ID);
    bool has_agreement = proto_env_bin (msg->env, "agreement", agreement, ID);
    proto_env_cstr (msg->env, "status", status, sizeof status);
    proto_env_cstr (msg->env, "note", note, sizeof note);
    const char *me = msg->author->cert.id;
    hub_round_t r;
    int found = hub_store_round_get (hub->store, id, &r);
    int invited = found > 0 ? hub_store_round_invited (hub->store, id, me) : found;
    if (invited < 0)
        return -1;
    if (!invited) {
        hub_refuse (msg, HUB_R_NOT_INVITED);
        return 0;
    }
    int covered = hub_regie_covered (hub, r.hh, me, msg->now);
    if (covered < 0)
        return -1;
    if (!covered) {
        hub_refuse (msg, HUB_R_BASIS_ENDED);
        return 0;
    }
    if (has_agreement) {
        int owned = hub_store_agreement_owned (hub->store, agreement, me, r.hh);
        if (owned < 0)
            return -1;
        if (!owned) {
            hub_refuse (msg, HUB_R_NO_OWN_AGREEMENT_HERE);
            return 0;
        }
    }
    hub_household_t h;
    if (hub_regie_household_get (hub, r.hh, &h) != 0
    ||  hub_store_progress_add (hub->store, msg->seq, id, me, has_agreement ? agreement : NULL,
                                status, note, msg->now) != 0)
        return -1;
    if (hub_held (&h) && hub_deliver_msg (hub, msg, h.casemanager) != 0)
        return -1;
    hub_note (msg, HUB_N_PROGRESS_REPORTED);
    return 0;
}

/* ---- minutes ---------------------------------------------------------------- */

#define MINUTES_FIELDS  9               /* the minutes' body, next aside      */

typedef struct {
    hub_t *hub;
    const hub_round_t *round;
    uint64_t held;
    uint64_t next;
    char invited [PROTO_MAX_LIST_PARTNERS][PID];
    size_t invited_count;
    char present [PROTO_MAX_LIST_PARTNERS][PID];
    size_t present_count;
    proto_writer_t *w;                  /* while filling                     */
    size_t left;                        /* items the list still takes        */
    bool failed;                        /* the store failed while filling    */
    char named [PROTO_MAX_LIST_PARTNERS][PID];  /* every partner they name   */
    size_t named_count;
} minutes_t;

/*  Partner id is named in the minutes (once; the first
    PROTO_MAX_LIST_PARTNERS are).                                             */
static void
s_named (minutes_t *m, const char *id)
{
    for (size_t i = 0; i < m->named_count; i++)
        if (streq (m->named [i], id))
            return;
    if (id [0] && m->named_count < PROTO_MAX_LIST_PARTNERS)
        snprintf (m->named [m->named_count++], PID, "%s", id);
}

static void
s_pack_partners (proto_writer_t *w, const char *key, char list [][PID], size_t count,
                 const char *fallback)
{
    proto_pack_key (w, key);
    /* the protocol wants at least one partner: the chair is always there   */
    if (count == 0) {
        proto_pack_array (w, 1);
        proto_pack_cstr (w, fallback);
        return;
    }
    proto_pack_array (w, (uint32_t) count);
    for (size_t i = 0; i < count; i++)
        proto_pack_cstr (w, list [i]);
}

/*  Each list stops at the count packed before it, so the array holds
    exactly what its header says.                                            */
static int
s_pack_report (void *arg, const hub_progress_t *row)
{
    minutes_t *m = (minutes_t *) arg;
    proto_writer_t *w = m->w;
    proto_pack_map (w, 2 + (row->has_agreement ? 1 : 0) + (row->note [0] ? 1 : 0));
    proto_pack_kv_cstr (w, "partner", row->partner);
    s_named (m, row->partner);
    if (row->has_agreement)
        proto_pack_kv_bin (w, "agreement", row->agreement, ID);
    proto_pack_kv_cstr (w, "status", row->status);
    if (row->note [0])
        proto_pack_kv_cstr (w, "note", row->note);
    return --m->left ? 0 : -1;
}

static int
s_pack_agreement (void *arg, const hub_agreement_listed_t *row)
{
    minutes_t *m = (minutes_t *) arg;
    proto_writer_t *w = m->w;
    proto_pack_map (w, 7);
    proto_pack_kv_bin (w, "agreement", row->agreement, ID);
    proto_pack_kv_cstr (w, "owner", row->owner);
    s_named (m, row->owner);
    /* the hub's own agreements by kind (PROTOCOL.md, minutes): no prose     */
    if (row->kind [0])
        proto_pack_kv_cstr (w, "kind", row->kind);
    else
        proto_pack_kv_cstr (w, "action", row->action);
    proto_pack_kv_cstr (w, "leefgebied", row->leefgebied);
    proto_pack_kv_u64 (w, "due", row->due);
    proto_pack_kv_cstr (w, "status", row->status);
    proto_pack_kv_bool (w, "new", row->in_round);
    return --m->left ? 0 : -1;
}

/*  On a store error the fill stops where it is and fails (the minutes are
    then not built); m->failed says so to the caller too.                    */
static int
s_fill_minutes (proto_writer_t *w, void *arg)
{
    minutes_t *m = (minutes_t *) arg;
    hub_store_t *store = m->hub->store;
    const hub_round_t *r = m->round;
    m->w = w;
    proto_pack_kv_bin (w, "round", r->round, ID);
    proto_pack_kv_u64 (w, "number", (uint64_t) r->number);
    proto_pack_kv_u64 (w, "at", m->held ? m->held : r->at);
    proto_pack_kv_cstr (w, "regisseur", r->regisseur);
    s_pack_partners (w, "invited", m->invited, m->invited_count, r->regisseur);
    s_pack_partners (w, "present", m->present, m->present_count, r->regisseur);

    /* reports received for this round                                       */
    size_t n = 0;
    if (hub_store_progress_count (store, r->round, PROTO_MAX_LIST_ITEMS, &n) != 0)
        m->failed = true;
    proto_pack_key (w, "reports");
    proto_pack_array (w, (uint32_t) n);
    m->left = n;
    if (n && hub_store_progress_list (store, r->round, PROTO_MAX_LIST_ITEMS, s_pack_report, m) != 0)
        m->failed = true;

    /* every agreement of the household, with its status                     */
    if (hub_store_agreements_listed_count (store, r->hh, PROTO_MAX_LIST_ITEMS, &n) != 0)
        m->failed = true;
    proto_pack_key (w, "agreements");
    proto_pack_array (w, (uint32_t) n);
    m->left = n;
    if (n && hub_store_agreements_listed (store, r->hh, r->round, PROTO_MAX_LIST_ITEMS,
                                          s_pack_agreement, m) != 0)
        m->failed = true;
    if (m->next)
        proto_pack_kv_u64 (w, "next", m->next);

    /* the partners it names, by name: its reader may not know them all (an
       introducer's continuity agreement, a partner who only reported)       */
    s_named (m, r->regisseur);
    for (size_t i = 0; i < m->invited_count; i++)
        s_named (m, m->invited [i]);
    for (size_t i = 0; i < m->present_count; i++)
        s_named (m, m->present [i]);
    hub_party_t party [PROTO_MAX_LIST_PARTNERS];
    size_t known = 0;
    for (size_t i = 0; i < m->named_count; i++) {
        hub_party (m->hub, &party [known], m->named [i], NULL, 0);
        if (party [known].name [0])
            known++;
    }
    proto_pack_key (w, "partners");
    proto_pack_array (w, (uint32_t) known);
    for (size_t i = 0; i < known; i++) {
        proto_pack_map (w, 2);
        proto_pack_kv_cstr (w, "partner", party [i].partner);
        proto_pack_kv_cstr (w, "name", party [i].name);
    }
    return m->failed ? -1 : 0;
}

/*  What the minutes of round r say besides its own row: who was invited and
    who was present.                                                         */
static int
s_minutes_init (minutes_t *m, hub_t *hub, const hub_round_t *r, uint64_t held, uint64_t next)
{
    memset (m, 0, sizeof *m);
    m->hub = hub;
    m->round = r;
    m->held = held;
    m->next = next;
    if (hub_store_round_partners (hub->store, r->round, HUB_ROUND_INVITED, m->invited,
                                  PROTO_MAX_LIST_PARTNERS, &m->invited_count) != 0
    ||  hub_store_round_partners (hub->store, r->round, HUB_ROUND_PRESENT, m->present,
                                  PROTO_MAX_LIST_PARTNERS, &m->present_count) != 0)
        return -1;
    return 0;
}

/*  Builds the minutes and sends them to the regisseur and every participant
    covered by consent.                                                      */
static int
s_send_minutes (hub_t *hub, const hub_round_t *r, uint64_t held, uint64_t next, uint64_t now)
{
    minutes_t m;
    if (s_minutes_init (&m, hub, r, held, next) != 0)
        return -1;
    uint8_t person [PROTO_REF_BYTES], address [PROTO_REF_BYTES];
    bool hp = false, ha = false;
    if (hub_store_household_subject (hub->store, r->hh, person, address, &hp, &ha) < 0)
        return -1;
    uint32_t fields = MINUTES_FIELDS + (next ? 1 : 0);
    char all [PROTO_MAX_LIST_PARTNERS][PID];
    size_t count = 0;
    if (hub_store_round_partners (hub->store, r->round, HUB_ROUND_ALL, all, PROTO_MAX_LIST_PARTNERS,
                                  &count) != 0)
        return -1;
    if (hub_send_notice (hub, r->regisseur, "minutes", hp ? person : NULL, ha ? address : NULL,
                         NULL, fields, s_fill_minutes, &m, NULL) != 0
    ||  m.failed)
        return -1;
    for (size_t i = 0; i < count; i++) {
        int covered = streq (all [i], r->regisseur) ? 0 : hub_regie_covered (hub, r->hh, all [i], now);
        if (covered < 0
        ||  (covered && (hub_send_notice (hub, all [i], "minutes", hp ? person : NULL,
                                          ha ? address : NULL, NULL, fields, s_fill_minutes, &m,
                                          NULL) != 0
                         || m.failed)))
            return -1;
    }
    return 0;
}

/*  When the round took place: the held the regisseur gave, or else its
    scheduled time (now, when that is still to come). 0 after a refusal: a
    held time later than the timestamp window allows, or more than
    HUB_HELD_MAX_AGE_DAYS before now.                                       */
static uint64_t
s_held_at (hub_t *hub, hub_msg_t *msg, const hub_round_t *r)
{
    uint64_t held = 0;
    if (!proto_env_u64 (msg->env, "held", &held))
        return r->at < msg->now ? r->at : msg->now;
    if (held > msg->now + (uint64_t) hub->config->time_window_s * 1000) {
        proto_args_uint (hub_refuse (msg, HUB_R_HELD_IN_FUTURE), PROTO_ARG_AT, held);
        return 0;
    }
    if (held + (uint64_t) HUB_HELD_MAX_AGE_DAYS * HUB_DAY_MS < msg->now) {
        proto_args_t *a = hub_refuse (msg, HUB_R_HELD_TOO_LONG_AGO);
        proto_args_uint (a, PROTO_ARG_AT, held);
        proto_args_uint (a, PROTO_ARG_DAYS, HUB_HELD_MAX_AGE_DAYS);
        return 0;
    }
    return held;
}

int
hub_rounds_held (hub_t *hub, hub_msg_t *msg)
{
    uint8_t id [ID];
    bool took_over = false;
    proto_env_bin (msg->env, "round", id, ID);
    proto_env_bool (msg->env, "network_took_over", &took_over);
    hub_round_t r;
    int found = hub_store_round_get (hub->store, id, &r);
    if (found < 0)
        return -1;
    hub_household_t h;
    if (found && hub_regie_household_get (hub, r.hh, &h) != 0)
        return -1;
    if (!found || !hub_held (&h) || !streq (h.casemanager, msg->author->cert.id)) {
        hub_refuse (msg, HUB_R_NOT_CHAIR);
        return 0;
    }
    if (r.held) {
        hub_refuse (msg, HUB_R_ROUND_HELD_ALREADY);
        return 0;
    }
    uint64_t held = s_held_at (hub, msg, &r);
    if (!held)
        return 0;
    const msgpack_object *present = proto_env_field (msg->env, "present");
    for (uint32_t i = 0; i < present->via.array.size; i++) {
        char partner [PID];
        proto_obj_str_copy (partner, sizeof partner, &present->via.array.ptr [i]);
        if (!hub_partners_by_id (hub->partners, partner)) {
            proto_args_str (hub_refuse (msg, HUB_R_NOT_A_PARTNER), PROTO_ARG_PARTNER, partner);
            return 0;
        }
        if (hub_store_round_present (hub->store, id, partner) != 0)
            return -1;
    }
    bool last = r.number >= (int64_t) hub->config->max_rounds || took_over;
    uint64_t next = last ? 0 : held + (uint64_t) hub->config->round_interval_days * HUB_DAY_MS;
    if (hub_store_round_held (hub->store, id, held, next) != 0)
        return -1;
    r.regisseur [0] = 0;
    snprintf (r.regisseur, sizeof r.regisseur, "%s", h.casemanager);
    if (s_send_minutes (hub, &r, held, next, msg->now) != 0)
        return -1;

    /* invitations that were ignored: no report, not present                 */
    char partners [PROTO_MAX_LIST_PARTNERS][PID];
    size_t count = 0;
    if (hub_store_round_ignored (hub->store, id, partners, PROTO_MAX_LIST_PARTNERS, &count) != 0)
        return -1;
    if (count) {
        /* the partners who ignored it are named in the history; the notice
           names the round                                                  */
        hub_escalation_t e = { .reason = "invitation_ignored", .object = id,
                               .partner = count == 1 ? partners [0] : NULL, .due = r.at,
                               .number = (uint64_t) r.number, .count = count,
                               .partners = (const char (*) [PID]) partners,
                               .partner_count = count };
        if (hub_regie_escalate (hub, r.hh, h.team, &e, msg->now) != 0)
            return -1;
    }
    hub_notice_t n;
    memset (&n, 0, sizeof n);
    n.object = id;
    n.team = h.team;
    n.has_number = true;
    n.number = (uint64_t) r.number;
    if (last)
        n.kind = took_over ? "care_taken_over" : "last_round";
    else {
        n.kind = "next_round";
        n.due = next;
    }
    if (hub_notify_msg (hub, msg, h.casemanager, &n) != 0)
        return -1;
    proto_args_uint (hub_note (msg, last ? HUB_N_ROUND_HELD_LAST : HUB_N_ROUND_HELD),
                     PROTO_ARG_NUMBER, (uint64_t) r.number);
    return 0;
}

/*  Minutes again, on request, from what is recorded now.                    */
int
hub_rounds_minutes_request (hub_t *hub, hub_msg_t *msg)
{
    uint8_t id [ID];
    proto_env_bin (msg->env, "round", id, ID);
    hub_round_t r;
    int found = hub_store_round_get (hub->store, id, &r);
    if (found < 0)
        return -1;
    const char *me = msg->author->cert.id;
    int participant = 0;
    hub_household_t h;
    if (found && (hub_regie_household_get (hub, r.hh, &h) != 0
               || (participant = hub_store_round_participant (hub->store, id, me)) < 0))
        return -1;
    int covered = found && !streq (h.casemanager, me) && participant
                ? hub_regie_covered (hub, r.hh, me, msg->now) : 0;
    if (covered < 0)
        return -1;
    bool allowed = found && (streq (h.casemanager, me) || covered);
    if (!allowed) {
        hub_refuse (msg, HUB_R_ROUND_NOT_YOURS);
        return 0;
    }
    minutes_t m;
    if (s_minutes_init (&m, hub, &r, r.held, r.next) != 0
    ||  hub_audit_msg (hub, msg, "minutes", "answered") != 0)
        return -1;
    hub_note (msg, HUB_N_ANSWERED);
    if (hub_answer (hub, msg, "minutes", MINUTES_FIELDS + (r.next ? 1 : 0), s_fill_minutes, &m) != 0
    ||  m.failed)
        return -1;
    return 0;
}

/* ---- timer (a row of hub_timers.c) ------------------------------------------ */

int
hub_rounds_ask_reports (hub_t *hub, uint64_t now)
{
    /* rounds coming up: ask for missing progress reports, tell the regisseur */
    hub_round_t rounds [HUB_TICK_ROUNDS];
    size_t nrounds = 0;
    if (hub_store_rounds_report_due (hub->store, now, (uint64_t) HUB_REPORT_DAYS * HUB_DAY_MS, rounds,
                                     HUB_TICK_ROUNDS, &nrounds) != 0)
        return -1;
    for (size_t i = 0; i < nrounds; i++) {
        char partners [PROTO_MAX_LIST_PARTNERS][PID];
        hub_party_t missing [PROTO_MAX_LIST_PARTNERS];
        size_t n = 0;
        if (hub_store_round_unreported (hub->store, rounds [i].round, partners, PROTO_MAX_LIST_PARTNERS,
                                        &n) != 0)
            return -1;
        hub_notice_t notice;
        memset (&notice, 0, sizeof notice);
        notice.kind = "report_missing";
        notice.object = rounds [i].round;
        notice.at = rounds [i].at;
        notice.has_number = true;
        notice.number = (uint64_t) rounds [i].number;
        for (size_t k = 0; k < n; k++) {
            hub_party (hub, &missing [k], partners [k], NULL, 0);
            int covered = hub_regie_covered (hub, rounds [i].hh, partners [k], now);
            if (covered < 0
            ||  (covered && hub_notify_household (hub, rounds [i].hh, partners [k], &notice) != 0))
                return -1;
        }
        if (n) {
            notice.kind = "reports_missing";        /* to the regisseur: who */
            notice.parties = missing;
            notice.party_count = n;
            if (hub_notify_household (hub, rounds [i].hh, rounds [i].regisseur, &notice) != 0)
                return -1;
        }
        if (hub_store_round_reminded (hub->store, rounds [i].round, now) != 0)
            return -1;
    }
    return 0;
}
