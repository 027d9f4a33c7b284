/*  hub_rounds.c - rounds, agreements, monitoring, minutes (hub_rounds.h). */
#include "hub_rounds.h"
#include "hub_regie.h"
#include "hub_store_rounds.h"
#include "hub_store_agreements.h"
#include "proto_sign.h"

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
            hub_refuse (msg, PROTO_NOT_FOUND, "\"%s\" is not a partner in this network", partners [i]);
            return 0;
        }
        if (!hub_regie_covered (hub, h.hh, partners [i], msg->now)) {
            hub_refuse (msg, PROTO_NO_BASIS, "no consent or legal basis is recorded for %s: record "
                        "it first (regie consent)", partners [i]);
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
    char date [16];
    hub_date (date, sizeof date, at);
    hub_notice_t n;
    memset (&n, 0, sizeof n);
    n.kind = "invitation";
    n.object = msg->env->id;
    n.due = at;
    n.team = h.team;
    snprintf (n.text, sizeof n.text, "Invitation: coordination round %lld on %s%s%s, chaired by "
              "%s. Before it, report on your agreements (regie progress).", (long long) number,
              date, place [0] ? ", " : "", place, msg->author->cert.name);
    proto_utf8_truncate (n.text, PROTO_MAX_TEXT_BYTES);
    for (size_t i = 0; i < count; i++)
        if (hub_store_round_invite (hub->store, msg->env->id, partners [i]) != 0
        ||  hub_notify_msg (hub, msg, partners [i], &n) != 0)
            return -1;
    hub_note (msg, "round %lld on %s; %zu partners invited", (long long) number, date, count);
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
        hub_refuse (msg, PROTO_NOT_FOUND, "you are not invited to a round with that id");
        return 0;
    }
    if (!hub_regie_covered (hub, r.hh, me, msg->now)) {
        hub_refuse (msg, PROTO_NO_BASIS, "there is no longer consent or legal basis for you "
                    "about this household");
        return 0;
    }
    if (has_agreement) {
        int owned = hub_store_agreement_owned (hub->store, agreement, me, r.hh);
        if (owned < 0)
            return -1;
        if (!owned) {
            hub_refuse (msg, PROTO_NOT_FOUND, "you own no agreement with that id in this household");
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
    hub_note (msg, "progress reported to the regisseur");
    return 0;
}

/* ---- minutes ---------------------------------------------------------------- */

#define MINUTES_FIELDS  8               /* the minutes' body, next aside      */

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
} minutes_t;

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
    proto_pack_kv_cstr (w, "action", row->action);
    proto_pack_kv_cstr (w, "leefgebied", row->leefgebied);
    proto_pack_kv_u64 (w, "due", row->due);
    proto_pack_kv_cstr (w, "status", row->status);
    proto_pack_kv_bool (w, "new", row->in_round);
    return --m->left ? 0 : -1;
}

/*  A fill cannot fail: on a store error it packs what it has (an empty list
    when the count failed) and sets m->failed for the caller to act on.      */
static void
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
    if (hub_store_round_subject (hub->store, r->hh, person, &hp, address, &ha) != 0)
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
    for (size_t i = 0; i < count; i++)
        if (!streq (all [i], r->regisseur) && hub_regie_covered (hub, r->hh, all [i], now)
        &&  (hub_send_notice (hub, all [i], "minutes", hp ? person : NULL, ha ? address : NULL,
                              NULL, fields, s_fill_minutes, &m, NULL) != 0
             || m.failed))
            return -1;
    return 0;
}

/*  Partners as one line of text, "a, b, c" (cut where out ends).            */
static void
s_partner_line (char *out, size_t outlen, char list [][PID], size_t count)
{
    out [0] = 0;
    for (size_t i = 0; i < count; i++) {
        size_t used = strlen (out);
        snprintf (out + used, outlen - used, "%s%.*s", used ? ", " : "", PID - 1, list [i]);
    }
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
        hub_refuse (msg, PROTO_NOT_FOUND, "you chair no round with that id");
        return 0;
    }
    if (r.held) {
        hub_refuse (msg, PROTO_INVALID_STATE, "that round was already recorded as held");
        return 0;
    }
    const msgpack_object *present = proto_env_field (msg->env, "present");
    for (uint32_t i = 0; i < present->via.array.size; i++) {
        char partner [PID];
        proto_obj_str_copy (partner, sizeof partner, &present->via.array.ptr [i]);
        if (!hub_partners_by_id (hub->partners, partner)) {
            hub_refuse (msg, PROTO_NOT_FOUND, "\"%s\" is not a partner in this network", partner);
            return 0;
        }
        if (hub_store_round_present (hub->store, id, partner) != 0)
            return -1;
    }
    bool last = r.number >= (int64_t) hub->config->max_rounds || took_over;
    uint64_t next = last ? 0 : msg->now + (uint64_t) hub->config->round_interval_days * HUB_DAY_MS;
    if (hub_store_round_held (hub->store, id, msg->now, next) != 0)
        return -1;
    r.regisseur [0] = 0;
    snprintf (r.regisseur, sizeof r.regisseur, "%s", h.casemanager);
    if (s_send_minutes (hub, &r, msg->now, next, msg->now) != 0)
        return -1;

    /* invitations that were ignored: no report, not present                 */
    char ignored [PROTO_MAX_TEXT_BYTES / 2];
    char partners [PROTO_MAX_LIST_PARTNERS][PID];
    size_t count = 0;
    if (hub_store_round_ignored (hub->store, id, partners, PROTO_MAX_LIST_PARTNERS, &count) != 0)
        return -1;
    s_partner_line (ignored, sizeof ignored, partners, count);
    if (ignored [0]) {
        char history [PROTO_MAX_TEXT_BYTES / 2 + 100];
        snprintf (history, sizeof history, "invited to round %lld but neither reported nor came: %s.",
                  (long long) r.number, ignored);
        if (hub_regie_escalate (hub, r.hh, h.team, "invitation ignored", id, history, msg->now) != 0)
            return -1;
    }
    hub_notice_t n;
    memset (&n, 0, sizeof n);
    n.object = id;
    n.team = h.team;
    char date [16];
    if (last) {
        n.kind = "close_coordination";
        snprintf (n.text, sizeof n.text, took_over
                  ? "The network has taken over the care: close coordination (regie phase or release)."
                  : "This was round %lld, the last one: close coordination (regie phase or release).",
                  (long long) r.number);
    }
    else {
        n.kind = "next_round";
        n.due = next;
        hub_date (date, sizeof date, next);
        snprintf (n.text, sizeof n.text, "Next coordination round proposed for %s (three months on): "
                  "schedule it with regie round.", date);
    }
    if (hub_notify_msg (hub, msg, h.casemanager, &n) != 0)
        return -1;
    hub_note (msg, "round %lld held; minutes sent%s", (long long) r.number,
              last ? "; time to close coordination" : "");
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
    bool allowed = found && (streq (h.casemanager, me)
                          || (participant && hub_regie_covered (hub, r.hh, me, msg->now)));
    if (!allowed) {
        hub_refuse (msg, PROTO_NOT_FOUND, "no round with that id is yours to see");
        return 0;
    }
    minutes_t m;
    if (s_minutes_init (&m, hub, &r, r.held, r.next) != 0
    ||  hub_audit_msg (hub, msg, "minutes", "answered") != 0)
        return -1;
    hub_note (msg, "answered");
    if (hub_answer (hub, msg, "minutes", MINUTES_FIELDS + (r.next ? 1 : 0), s_fill_minutes, &m) != 0
    ||  m.failed)
        return -1;
    return 0;
}

/* ---- agreements -------------------------------------------------------------- */

int
hub_rounds_agreement (hub_t *hub, hub_msg_t *msg)
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
        hub_refuse (msg, PROTO_NOT_FOUND, "\"%s\" is not a partner in this network", owner);
        return 0;
    }
    bool same_team = p->cert.team [0] && streq (p->cert.team, h.team);
    if (!same_team && !hub_regie_covered (hub, h.hh, owner, msg->now)) {
        hub_refuse (msg, PROTO_NO_BASIS, "no consent or legal basis is recorded for %s: record it "
                    "first (regie consent)", owner);
        return 0;
    }
    if (has_round) {
        hub_round_t r;
        int found = hub_store_round_get (hub->store, round, &r);
        if (found < 0)
            return -1;
        if (!found || r.hh != h.hh) {
            hub_refuse (msg, PROTO_NOT_FOUND, "no round with that id for this household");
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
    char date [16];
    hub_date (date, sizeof date, due);
    hub_note (msg, "agreement for %s, due %s: waiting for the owner's acceptance", owner, date);
    return 0;
}

int
hub_rounds_agreement_accept (hub_t *hub, hub_msg_t *msg)
{
    uint8_t id [ID];
    proto_env_bin (msg->env, "agreement", id, ID);
    hub_agreement_t a;
    int found = hub_store_agreement_get (hub->store, id, &a);
    if (found < 0)
        return -1;
    const char *me = msg->author->cert.id;
    if (!found) {
        hub_refuse (msg, PROTO_NOT_FOUND, "no agreement with that id is known to you");
        return 0;
    }
    if (!streq (a.owner, me)) {
        hub_refuse (msg, PROTO_FORBIDDEN, "only the owner of an agreement can accept it");
        return 0;
    }
    if (!streq (a.status, "proposed") && !(streq (a.status, "overdue"))) {
        hub_refuse (msg, PROTO_INVALID_STATE, "the agreement is %s, not waiting for acceptance", a.status);
        return 0;
    }
    const char *status = a.due <= msg->now ? "overdue" : "accepted";
    if (hub_store_agreement_accept (hub->store, id, status, msg->seq, msg->now) != 0
    ||  hub_store_agreement_log (hub->store, id, msg->now, "accepted", me, msg->seq, NULL) != 0)
        return -1;
    hub_household_t h;
    if (hub_regie_household_get (hub, a.hh, &h) != 0)
        return -1;
    if (hub_held (&h) && hub_deliver_msg (hub, msg, h.casemanager) != 0)
        return -1;
    hub_note (msg, "accepted with your signature; kept as proof");
    return 0;
}

int
hub_rounds_agreement_status (hub_t *hub, hub_msg_t *msg)
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
        hub_refuse (msg, PROTO_NOT_FOUND, "no agreement with that id is yours");
        return 0;
    }
    if (streq (status, "withdrawn") ? !regisseur : !owner) {
        hub_refuse (msg, PROTO_FORBIDDEN, streq (status, "withdrawn")
                    ? "only the regisseur can withdraw an agreement"
                    : "only the owner can mark an agreement %s", status);
        return 0;
    }
    if (streq (a.status, "done") || streq (a.status, "withdrawn")) {
        hub_refuse (msg, PROTO_INVALID_STATE, "the agreement is already %s", a.status);
        return 0;
    }
    if (!streq (status, "withdrawn") && streq (a.status, "proposed")) {
        hub_refuse (msg, PROTO_INVALID_STATE, "accept the agreement first (regie accept-agreement)");
        return 0;
    }
    if (owner && !regisseur && !hub_regie_covered (hub, a.hh, me, msg->now)
    &&  !(streq (msg->author->cert.team, h.team) && h.team [0])) {
        hub_refuse (msg, PROTO_NO_BASIS, "there is no longer consent or legal basis for you "
                    "about this household");
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
        snprintf (n.text, sizeof n.text, "STAGNATION: %s reports that help does not get going: %s. "
                  "Step in (a short intervention) or adjust the agreement.", msg->author->cert.name, note);
        proto_utf8_truncate (n.text, PROTO_MAX_TEXT_BYTES);
        if (hub_notify_msg (hub, msg, h.casemanager, &n) != 0)
            return -1;
        if (a.stagnations + 1 >= HUB_STAGNATIONS_ESCALATE) {
            char history [PROTO_MAX_TEXT_BYTES / 2];
            snprintf (history, sizeof history, "%s reported stagnation on the same agreement %lld "
                      "times; latest: %.200s", a.owner, (long long) a.stagnations + 1, note);
            if (hub_regie_escalate (hub, a.hh, h.team, "stagnation reported twice", id, history,
                                    msg->now) != 0)
                return -1;
        }
    }
    bool late = streq (status, "done") && msg->now > a.due;
    hub_note (msg, "agreement %s%s", status, late ? " (after its due date)" : "");
    return 0;
}

/* ---- timers ---------------------------------------------------------------- */

static int
s_agreement_notice (hub_t *hub, const hub_agreement_due_t *d, const char *to, const char *kind,
                    bool urgent, const char *text)
{
    hub_notice_t n;
    memset (&n, 0, sizeof n);
    n.kind = kind;
    n.object = d->agreement;
    n.due = d->due;
    n.urgent = urgent;
    snprintf (n.text, sizeof n.text, "%s", text);
    return hub_notify_household (hub, d->hh, to, &n);
}

int
hub_rounds_tick (hub_t *hub, uint64_t now)
{
    static uint64_t last_run;
    if (now < last_run + HUB_TIMER_INTERVAL_MS && now >= last_run)
        return 0;
    last_run = now;
    hub_agreement_due_t due [HUB_TICK_AGREEMENTS];
    size_t count;
    char date [16], text [PROTO_MAX_TEXT_BYTES + 1];
    uint64_t before = (uint64_t) hub->config->reminder_days * HUB_DAY_MS;

    /* reminder to the owner some days before the due date                   */
    if (hub_store_agreements_to_remind (hub->store, now, before, due, HUB_TICK_AGREEMENTS, &count) != 0)
        return -1;
    for (size_t i = 0; i < count; i++) {
        hub_date (date, sizeof date, due [i].due);
        snprintf (text, sizeof text, "Reminder: your agreement is due on %s. Mark it done "
                  "(regie agreement-done) or report stagnation.", date);
        if ((hub_regie_covered (hub, due [i].hh, due [i].owner, now)
             && s_agreement_notice (hub, &due [i], due [i].owner, "agreement_reminder", false, text) != 0)
        ||  hub_store_agreement_reminded (hub->store, due [i].agreement, now) != 0)
            return -1;
    }
    /* past the due date: overdue, to owner and regisseur                    */
    if (hub_store_agreements_past_due (hub->store, now, due, HUB_TICK_AGREEMENTS, &count) != 0)
        return -1;
    for (size_t i = 0; i < count; i++) {
        hub_household_t h;
        if (hub_regie_household_get (hub, due [i].hh, &h) != 0)
            return -1;
        hub_date (date, sizeof date, due [i].due);
        snprintf (text, sizeof text, "OVERDUE: the agreement of %s was due on %s and is not done.",
                  due [i].owner, date);
        if (hub_store_agreement_overdue (hub->store, due [i].agreement, now) != 0
        ||  hub_store_agreement_log (hub->store, due [i].agreement, now, "overdue", HUB_ACTOR, 0,
                                     NULL) != 0
        ||  (hub_regie_covered (hub, due [i].hh, due [i].owner, now)
             && s_agreement_notice (hub, &due [i], due [i].owner, "agreement_overdue", true, text) != 0)
        ||  (hub_held (&h) && s_agreement_notice (hub, &due [i], h.casemanager, "agreement_overdue",
                                                  true, text) != 0))
            return -1;
    }
    /* proposed and not accepted: chase the owner once                        */
    if (hub_store_agreements_unaccepted (hub->store, now, (uint64_t) HUB_CHASE_DAYS * HUB_DAY_MS,
                                         due, HUB_TICK_AGREEMENTS, &count) != 0)
        return -1;
    for (size_t i = 0; i < count; i++) {
        snprintf (text, sizeof text, "An agreement waits for your acceptance: accept it with "
                  "regie accept-agreement, or talk to the regisseur.");
        if ((hub_regie_covered (hub, due [i].hh, due [i].owner, now)
             && s_agreement_notice (hub, &due [i], due [i].owner, "agreement_unaccepted", false, text) != 0)
        ||  hub_store_agreement_chased (hub->store, due [i].agreement, now) != 0)
            return -1;
    }
    /* still overdue a reminder period later: escalate                        */
    if (hub_store_agreements_still_overdue (hub->store, now, before ? before : HUB_DAY_MS, due,
                                            HUB_TICK_AGREEMENTS, &count) != 0)
        return -1;
    for (size_t i = 0; i < count; i++) {
        hub_household_t h;
        if (hub_regie_household_get (hub, due [i].hh, &h) != 0)
            return -1;
        hub_date (date, sizeof date, due [i].due);
        char history [PROTO_MAX_TEXT_BYTES / 2];
        snprintf (history, sizeof history, "the agreement of %s was due on %s; it is still not done "
                  "after the overdue notice to owner and regisseur.", due [i].owner, date);
        if (hub_regie_escalate (hub, due [i].hh, h.team [0] ? h.team : NULL, "agreement overdue",
                                due [i].agreement, history, now) != 0
        ||  hub_store_agreement_escalated (hub->store, due [i].agreement, now) != 0)
            return -1;
    }
    /* rounds coming up: ask for missing progress reports, tell the regisseur */
    hub_round_t rounds [HUB_TICK_ROUNDS];
    size_t nrounds = 0;
    if (hub_store_rounds_report_due (hub->store, now, (uint64_t) HUB_REPORT_DAYS * HUB_DAY_MS, rounds,
                                     HUB_TICK_ROUNDS, &nrounds) != 0)
        return -1;
    for (size_t i = 0; i < nrounds; i++) {
        char missing [PROTO_MAX_TEXT_BYTES / 2];
        char partners [PROTO_MAX_LIST_PARTNERS][PID];
        size_t n = 0;
        if (hub_store_round_unreported (hub->store, rounds [i].round, partners, PROTO_MAX_LIST_PARTNERS,
                                        &n) != 0)
            return -1;
        s_partner_line (missing, sizeof missing, partners, n);
        hub_date (date, sizeof date, rounds [i].at);
        hub_notice_t notice;
        memset (&notice, 0, sizeof notice);
        notice.kind = "report_missing";
        notice.object = rounds [i].round;
        notice.due = rounds [i].at;
        for (size_t k = 0; k < n; k++) {
            snprintf (notice.text, sizeof notice.text, "Round %lld on %s: please report on your "
                      "agreements before it (regie progress).", (long long) rounds [i].number, date);
            if (hub_regie_covered (hub, rounds [i].hh, partners [k], now)
            &&  hub_notify_household (hub, rounds [i].hh, partners [k], &notice) != 0)
                return -1;
        }
        if (n) {
            snprintf (notice.text, sizeof notice.text, "Round %lld on %s: not reported yet: %s.",
                      (long long) rounds [i].number, date, missing);
            if (hub_notify_household (hub, rounds [i].hh, rounds [i].regisseur, &notice) != 0)
                return -1;
        }
        if (hub_store_round_reminded (hub->store, rounds [i].round, now) != 0)
            return -1;
    }
    return 0;
}
