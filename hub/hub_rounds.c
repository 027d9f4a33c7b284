/*  hub_rounds.c - rounds, agreements, monitoring, minutes (hub_rounds.h). */
#include "hub_rounds.h"
#include "hub_regie.h"
#include "hub_sql.h"
#include "proto_sign.h"

#define ID      PROTO_ID_BYTES
#define PID     (PROTO_MAX_PARTNER_ID_BYTES + 1)

/* ---- rounds -------------------------------------------------------------- */

typedef struct {
    uint8_t round [ID];
    int64_t hh;
    int64_t number;
    uint64_t at, held, next;
    char regisseur [PID];
    bool found;
} round_t;

static int
s_round_get (hub_t *hub, const uint8_t *id, round_t *r)
{
    memset (r, 0, sizeof *r);
    sqlite3_stmt *st = hub_sql (hub->store,
        "SELECT hh, number, at, coalesce (held, 0), coalesce (next, 0), regisseur FROM rounds"
        " WHERE round = ?1", "b", id, (size_t) ID);
    if (!st)
        return -1;
    int rc = sqlite3_step (st);
    if (rc == SQLITE_ROW) {
        memcpy (r->round, id, ID);
        r->hh = sqlite3_column_int64 (st, 0);
        r->number = sqlite3_column_int64 (st, 1);
        r->at = (uint64_t) sqlite3_column_int64 (st, 2);
        r->held = (uint64_t) sqlite3_column_int64 (st, 3);
        r->next = (uint64_t) sqlite3_column_int64 (st, 4);
        hub_sql_text (st, 5, r->regisseur, sizeof r->regisseur);
        r->found = true;
    }
    hub_sql_done (st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

/*  Partners of a round (invited or present), covered or not.              */
static int
s_round_partners (hub_t *hub, const uint8_t *round, const char *where,
                  char out [][PID], size_t max, size_t *count)
{
    static const char *sql_all = "SELECT partner FROM round_partners WHERE round = ?1 ORDER BY partner";
    static const char *sql_invited = "SELECT partner FROM round_partners WHERE round = ?1 AND invited = 1 ORDER BY partner";
    static const char *sql_present = "SELECT partner FROM round_partners WHERE round = ?1 AND present = 1 ORDER BY partner";
    const char *sql = streq (where, "invited") ? sql_invited : streq (where, "present") ? sql_present : sql_all;
    *count = 0;
    sqlite3_stmt *st = hub_sql (hub->store, sql, "b", round, (size_t) ID);
    if (!st)
        return -1;
    int rc;
    while ((rc = sqlite3_step (st)) == SQLITE_ROW && *count < max)
        hub_sql_text (st, 0, out [(*count)++], PID);
    hub_sql_done (st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

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
    if (hub_sql_int (hub->store, &number, NULL, "SELECT count (*) FROM rounds WHERE hh = ?1",
                     "i", h.hh) != 0)
        return -1;
    number++;
    if (hub_sql_exec (hub->store,
            "INSERT INTO rounds (round, hh, number, at, regisseur, place, created)"
            " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            "biiussu", msg->env->id, (size_t) ID, h.hh, number, at, msg->author->cert.id,
            place [0] ? place : NULL, msg->now) != 0)
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
        if (hub_sql_exec (hub->store,
                "INSERT INTO round_partners (round, partner, invited) VALUES (?1, ?2, 1)",
                "bs", msg->env->id, (size_t) ID, partners [i]) != 0
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
    round_t r;
    if (s_round_get (hub, id, &r) != 0)
        return -1;
    int64_t one = 0;
    bool invited = false;
    if (r.found && hub_sql_int (hub->store, &one, &invited,
            "SELECT 1 FROM round_partners WHERE round = ?1 AND partner = ?2 AND invited = 1",
            "bs", id, (size_t) ID, me) != 0)
        return -1;
    if (!r.found || !invited) {
        hub_refuse (msg, PROTO_NOT_FOUND, "you are not invited to a round with that id");
        return 0;
    }
    if (!hub_regie_covered (hub, r.hh, me, msg->now)) {
        hub_refuse (msg, PROTO_NO_BASIS, "there is no longer consent or legal basis for you "
                    "about this household");
        return 0;
    }
    if (has_agreement) {
        bool owned = false;
        if (hub_sql_int (hub->store, &one, &owned,
                "SELECT 1 FROM agreements WHERE agreement = ?1 AND owner = ?2 AND hh = ?3",
                "bsi", agreement, (size_t) ID, me, r.hh) != 0)
            return -1;
        if (!owned) {
            hub_refuse (msg, PROTO_NOT_FOUND, "you own no agreement with that id in this household");
            return 0;
        }
    }
    hub_household_t h;
    if (hub_regie_household_get (hub, r.hh, &h) != 0
    ||  hub_sql_exec (hub->store,
            "INSERT INTO progress (seq, round, partner, agreement, status, note, ts)"
            " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            "ubsbssu", msg->seq, id, (size_t) ID, me, has_agreement ? agreement : NULL,
            (size_t) ID, status, note [0] ? note : NULL, msg->now) != 0)
        return -1;
    if (hub_held (&h) && hub_deliver_msg (hub, msg, h.casemanager) != 0)
        return -1;
    hub_note (msg, "progress reported to the regisseur");
    return 0;
}

/* ---- minutes ---------------------------------------------------------------- */

typedef struct {
    hub_t *hub;
    const round_t *round;
    uint64_t held;
    uint64_t next;
    char invited [PROTO_MAX_LIST_PARTNERS][PID];
    size_t invited_count;
    char present [PROTO_MAX_LIST_PARTNERS][PID];
    size_t present_count;
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

static void
s_fill_minutes (proto_writer_t *w, void *arg)
{
    minutes_t *m = (minutes_t *) arg;
    hub_t *hub = m->hub;
    proto_pack_kv_bin (w, "round", m->round->round, ID);
    proto_pack_kv_u64 (w, "number", (uint64_t) m->round->number);
    proto_pack_kv_u64 (w, "at", m->held ? m->held : m->round->at);
    proto_pack_kv_cstr (w, "regisseur", m->round->regisseur);
    s_pack_partners (w, "invited", m->invited, m->invited_count, m->round->regisseur);
    s_pack_partners (w, "present", m->present, m->present_count, m->round->regisseur);

    /* reports received for this round                                       */
    int64_t n = 0;
    hub_sql_int (hub->store, &n, NULL, "SELECT min (count (*), ?2) FROM progress WHERE round = ?1",
                 "bi", m->round->round, (size_t) ID, (int64_t) PROTO_MAX_LIST_ITEMS);
    proto_pack_key (w, "reports");
    proto_pack_array (w, (uint32_t) n);
    sqlite3_stmt *st = hub_sql (hub->store,
        "SELECT partner, agreement, status, note FROM progress WHERE round = ?1 ORDER BY seq LIMIT ?2",
        "bi", m->round->round, (size_t) ID, (int64_t) PROTO_MAX_LIST_ITEMS);
    int64_t written = 0;
    while (st && written < n && sqlite3_step (st) == SQLITE_ROW) {
        char partner [PID], status [PROTO_MAX_TAXON_BYTES + 1], note [PROTO_MAX_NOTE_BYTES + 1];
        uint8_t agreement [ID];
        bool has_agreement = hub_sql_blob (st, 1, agreement, ID);
        hub_sql_text (st, 0, partner, sizeof partner);
        hub_sql_text (st, 2, status, sizeof status);
        hub_sql_text (st, 3, note, sizeof note);
        proto_pack_map (w, 2 + (has_agreement ? 1 : 0) + (note [0] ? 1 : 0));
        proto_pack_kv_cstr (w, "partner", partner);
        if (has_agreement)
            proto_pack_kv_bin (w, "agreement", agreement, ID);
        proto_pack_kv_cstr (w, "status", status);
        if (note [0])
            proto_pack_kv_cstr (w, "note", note);
        written++;
    }
    hub_sql_done (st);

    /* every agreement of the household, with its status                     */
    hub_sql_int (hub->store, &n, NULL,
                 "SELECT min (count (*), ?2) FROM agreements WHERE hh = ?1 AND action IS NOT NULL",
                 "ii", m->round->hh, (int64_t) PROTO_MAX_LIST_ITEMS);
    proto_pack_key (w, "agreements");
    proto_pack_array (w, (uint32_t) n);
    st = hub_sql (hub->store,
        "SELECT agreement, owner, action, leefgebied, due, status, round = ?2 FROM agreements"
        " WHERE hh = ?1 AND action IS NOT NULL ORDER BY created LIMIT ?3",
        "ibi", m->round->hh, m->round->round, (size_t) ID, (int64_t) PROTO_MAX_LIST_ITEMS);
    written = 0;
    while (st && written < n && sqlite3_step (st) == SQLITE_ROW) {
        char owner [PID], action [PROTO_MAX_ACTION_BYTES + 1], leefgebied [PROTO_MAX_TAXON_BYTES + 1];
        char status [PROTO_MAX_TAXON_BYTES + 1];
        uint8_t agreement [ID];
        hub_sql_blob (st, 0, agreement, ID);
        hub_sql_text (st, 1, owner, sizeof owner);
        hub_sql_text (st, 2, action, sizeof action);
        hub_sql_text (st, 3, leefgebied, sizeof leefgebied);
        hub_sql_text (st, 5, status, sizeof status);
        proto_pack_map (w, 7);
        proto_pack_kv_bin (w, "agreement", agreement, ID);
        proto_pack_kv_cstr (w, "owner", owner);
        proto_pack_kv_cstr (w, "action", action);
        proto_pack_kv_cstr (w, "leefgebied", leefgebied);
        proto_pack_kv_u64 (w, "due", (uint64_t) sqlite3_column_int64 (st, 4));
        proto_pack_kv_cstr (w, "status", status);
        proto_pack_kv_bool (w, "new", sqlite3_column_int (st, 6) != 0);
        written++;
    }
    hub_sql_done (st);
    if (m->next)
        proto_pack_kv_u64 (w, "next", m->next);
}

/*  Builds the minutes and sends them to the regisseur and every participant
    covered by consent. *first receives the seq of the regisseur's copy.     */
static int
s_send_minutes (hub_t *hub, const round_t *r, uint64_t held, uint64_t next, uint64_t now)
{
    minutes_t m;
    memset (&m, 0, sizeof m);
    m.hub = hub;
    m.round = r;
    m.held = held;
    m.next = next;
    if (s_round_partners (hub, r->round, "invited", m.invited, PROTO_MAX_LIST_PARTNERS, &m.invited_count) != 0
    ||  s_round_partners (hub, r->round, "present", m.present, PROTO_MAX_LIST_PARTNERS, &m.present_count) != 0)
        return -1;
    uint8_t person [PROTO_REF_BYTES], address [PROTO_REF_BYTES];
    bool hp = false, ha = false;
    sqlite3_stmt *st = hub_sql (hub->store,
        "SELECT ref, kind FROM household_refs WHERE hh = ?1 ORDER BY added", "i", r->hh);
    while (st && sqlite3_step (st) == SQLITE_ROW) {
        char kind [16];
        hub_sql_text (st, 1, kind, sizeof kind);
        if (streq (kind, "person") && !hp)
            hp = hub_sql_blob (st, 0, person, PROTO_REF_BYTES);
        if (streq (kind, "address") && !ha)
            ha = hub_sql_blob (st, 0, address, PROTO_REF_BYTES);
    }
    hub_sql_done (st);
    uint32_t fields = 8 + (next ? 1 : 0);
    char all [PROTO_MAX_LIST_PARTNERS][PID];
    size_t count = 0;
    if (s_round_partners (hub, r->round, "all", all, PROTO_MAX_LIST_PARTNERS, &count) != 0)
        return -1;
    if (hub_send_notice (hub, r->regisseur, "minutes", hp ? person : NULL, ha ? address : NULL,
                         NULL, fields, s_fill_minutes, &m, NULL) != 0)
        return -1;
    for (size_t i = 0; i < count; i++)
        if (!streq (all [i], r->regisseur) && hub_regie_covered (hub, r->hh, all [i], now)
        &&  hub_send_notice (hub, all [i], "minutes", hp ? person : NULL, ha ? address : NULL,
                             NULL, fields, s_fill_minutes, &m, NULL) != 0)
            return -1;
    return 0;
}

int
hub_rounds_held (hub_t *hub, hub_msg_t *msg)
{
    uint8_t id [ID];
    bool took_over = false;
    proto_env_bin (msg->env, "round", id, ID);
    proto_env_bool (msg->env, "network_took_over", &took_over);
    round_t r;
    if (s_round_get (hub, id, &r) != 0)
        return -1;
    hub_household_t h;
    if (r.found && hub_regie_household_get (hub, r.hh, &h) != 0)
        return -1;
    if (!r.found || !hub_held (&h) || !streq (h.casemanager, msg->author->cert.id)) {
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
        if (hub_sql_exec (hub->store,
                "INSERT INTO round_partners (round, partner, invited, present) VALUES (?1, ?2, 0, 1)"
                " ON CONFLICT (round, partner) DO UPDATE SET present = 1",
                "bs", id, (size_t) ID, partner) != 0)
            return -1;
    }
    bool last = r.number >= (int64_t) hub->config->max_rounds || took_over;
    uint64_t next = last ? 0 : msg->now + (uint64_t) hub->config->round_interval_days * HUB_DAY_MS;
    if (hub_sql_exec (hub->store, "UPDATE rounds SET held = ?2, next = ?3 WHERE round = ?1",
                      "buu", id, (size_t) ID, msg->now, next) != 0)
        return -1;
    r.regisseur [0] = 0;
    snprintf (r.regisseur, sizeof r.regisseur, "%s", h.casemanager);
    if (s_send_minutes (hub, &r, msg->now, next, msg->now) != 0)
        return -1;

    /* invitations that were ignored: no report, not present                 */
    char ignored [PROTO_MAX_TEXT_BYTES / 2] = "";
    sqlite3_stmt *st = hub_sql (hub->store,
        "SELECT partner FROM round_partners rp WHERE round = ?1 AND invited = 1 AND present = 0"
        " AND NOT EXISTS (SELECT 1 FROM progress p WHERE p.round = rp.round AND p.partner = rp.partner)",
        "b", id, (size_t) ID);
    while (st && sqlite3_step (st) == SQLITE_ROW) {
        char partner [PID];
        hub_sql_text (st, 0, partner, sizeof partner);
        size_t used = strlen (ignored);
        snprintf (ignored + used, sizeof ignored - used, "%s%s", used ? ", " : "", partner);
    }
    hub_sql_done (st);
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
    round_t r;
    if (s_round_get (hub, id, &r) != 0)
        return -1;
    const char *me = msg->author->cert.id;
    int64_t one = 0;
    bool participant = false;
    hub_household_t h;
    if (r.found && (hub_regie_household_get (hub, r.hh, &h) != 0
                 || hub_sql_int (hub->store, &one, &participant,
                        "SELECT 1 FROM round_partners WHERE round = ?1 AND partner = ?2",
                        "bs", id, (size_t) ID, me) != 0))
        return -1;
    bool allowed = r.found && (streq (h.casemanager, me)
                            || (participant && hub_regie_covered (hub, r.hh, me, msg->now)));
    if (!allowed) {
        hub_refuse (msg, PROTO_NOT_FOUND, "no round with that id is yours to see");
        return 0;
    }
    minutes_t m;
    memset (&m, 0, sizeof m);
    m.hub = hub;
    m.round = &r;
    m.held = r.held;
    m.next = r.next;
    if (s_round_partners (hub, r.round, "invited", m.invited, PROTO_MAX_LIST_PARTNERS, &m.invited_count) != 0
    ||  s_round_partners (hub, r.round, "present", m.present, PROTO_MAX_LIST_PARTNERS, &m.present_count) != 0
    ||  hub_audit_msg (hub, msg, "minutes", "answered") != 0)
        return -1;
    hub_note (msg, "answered");
    return hub_answer (hub, msg, "minutes", 8 + (r.next ? 1 : 0), s_fill_minutes, &m);
}

/* ---- agreements -------------------------------------------------------------- */

typedef struct {
    int64_t hh;
    char owner [PID], regisseur [PID], status [PROTO_MAX_TAXON_BYTES + 1];
    uint64_t due;
    int64_t stagnations;
    bool found;
} agreement_t;

static int
s_agreement_get (hub_t *hub, const uint8_t *id, agreement_t *a)
{
    memset (a, 0, sizeof *a);
    sqlite3_stmt *st = hub_sql (hub->store,
        "SELECT hh, owner, regisseur, status, due, stagnations FROM agreements WHERE agreement = ?1",
        "b", id, (size_t) ID);
    if (!st)
        return -1;
    int rc = sqlite3_step (st);
    if (rc == SQLITE_ROW) {
        a->hh = sqlite3_column_int64 (st, 0);
        hub_sql_text (st, 1, a->owner, sizeof a->owner);
        hub_sql_text (st, 2, a->regisseur, sizeof a->regisseur);
        hub_sql_text (st, 3, a->status, sizeof a->status);
        a->due = (uint64_t) sqlite3_column_int64 (st, 4);
        a->stagnations = sqlite3_column_int64 (st, 5);
        a->found = true;
    }
    hub_sql_done (st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

static int
s_log (hub_t *hub, const uint8_t *agreement, uint64_t now, const char *status, const char *author,
       uint64_t seq, const char *note)
{
    return hub_sql_exec (hub->store,
        "INSERT INTO agreement_log (agreement, ts, status, author, seq, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        "buss" "us", agreement, (size_t) ID, now, status, author, seq, note && note [0] ? note : NULL);
}

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
        round_t r;
        if (s_round_get (hub, round, &r) != 0)
            return -1;
        if (!r.found || r.hh != h.hh) {
            hub_refuse (msg, PROTO_NOT_FOUND, "no round with that id for this household");
            return 0;
        }
    }
    if (hub_sql_exec (hub->store,
            "INSERT INTO agreements (agreement, hh, owner, regisseur, leefgebied, due, round, status,"
            " created, seq, changed, action) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'proposed', ?8, ?9, ?8, ?10)",
            "bisssubuus", msg->env->id, (size_t) ID, h.hh, owner, msg->author->cert.id, leefgebied,
            due, has_round ? round : NULL, (size_t) ID, msg->now, msg->seq, action) != 0
    ||  s_log (hub, msg->env->id, msg->now, "proposed", msg->author->cert.id, msg->seq, NULL) != 0
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
    agreement_t a;
    if (s_agreement_get (hub, id, &a) != 0)
        return -1;
    const char *me = msg->author->cert.id;
    if (!a.found) {
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
    if (hub_sql_exec (hub->store,
            "UPDATE agreements SET status = ?2, accepted_seq = ?3, changed = ?4 WHERE agreement = ?1",
            "bsuu", id, (size_t) ID, status, msg->seq, msg->now) != 0
    ||  s_log (hub, id, msg->now, "accepted", me, msg->seq, NULL) != 0)
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
    agreement_t a;
    if (s_agreement_get (hub, id, &a) != 0)
        return -1;
    hub_household_t h;
    if (a.found && hub_regie_household_get (hub, a.hh, &h) != 0)
        return -1;
    const char *me = msg->author->cert.id;
    bool owner = a.found && streq (a.owner, me);
    bool regisseur = a.found && hub_held (&h) && streq (h.casemanager, me);
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
    if (hub_sql_exec (hub->store,
            "UPDATE agreements SET status = ?2, changed = ?3, done = CASE WHEN ?2 = 'done' THEN ?3 END,"
            " stagnations = stagnations + ?4 WHERE agreement = ?1",
            "bsui", id, (size_t) ID, status, msg->now, (int64_t) stagnated) != 0
    ||  s_log (hub, id, msg->now, status, me, msg->seq, note) != 0)
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
        if (a.stagnations + 1 >= 2) {
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

typedef struct {
    uint8_t id [ID];
    int64_t hh;
    char owner [PID], regisseur [PID];
    uint64_t due, overdue;
} due_t;

static int
s_due (hub_t *hub, const char *sql, uint64_t a, uint64_t b, due_t *out, size_t *count)
{
    *count = 0;
    sqlite3_stmt *st = hub_sql (hub->store, sql, "uu", a, b);
    if (!st)
        return -1;
    int rc;
    while ((rc = sqlite3_step (st)) == SQLITE_ROW && *count < HUB_TICK_AGREEMENTS) {
        due_t *d = &out [(*count)++];
        hub_sql_blob (st, 0, d->id, ID);
        d->hh = sqlite3_column_int64 (st, 1);
        hub_sql_text (st, 2, d->owner, sizeof d->owner);
        hub_sql_text (st, 3, d->regisseur, sizeof d->regisseur);
        d->due = (uint64_t) sqlite3_column_int64 (st, 4);
        d->overdue = (uint64_t) sqlite3_column_int64 (st, 5);
    }
    hub_sql_done (st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

static int
s_agreement_notice (hub_t *hub, const due_t *d, const char *to, const char *kind, bool urgent,
                    const char *text)
{
    hub_notice_t n;
    memset (&n, 0, sizeof n);
    n.kind = kind;
    n.object = d->id;
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
    due_t due [HUB_TICK_AGREEMENTS];
    size_t count;
    char date [16], text [PROTO_MAX_TEXT_BYTES + 1];
    uint64_t before = (uint64_t) hub->config->reminder_days * HUB_DAY_MS;

    /* reminder to the owner some days before the due date                   */
    if (s_due (hub, "SELECT agreement, hh, owner, regisseur, due, 0 FROM agreements"
                    " WHERE status = 'accepted' AND reminded IS NULL AND due <= ?1 + ?2 AND due > ?1",
               now, before, due, &count) != 0)
        return -1;
    for (size_t i = 0; i < count; i++) {
        hub_date (date, sizeof date, due [i].due);
        snprintf (text, sizeof text, "Reminder: your agreement is due on %s. Mark it done "
                  "(regie agreement-done) or report stagnation.", date);
        if ((hub_regie_covered (hub, due [i].hh, due [i].owner, now)
             && s_agreement_notice (hub, &due [i], due [i].owner, "agreement_reminder", false, text) != 0)
        ||  hub_sql_exec (hub->store, "UPDATE agreements SET reminded = ?2 WHERE agreement = ?1",
                          "bu", due [i].id, (size_t) ID, now) != 0)
            return -1;
    }
    /* past the due date: overdue, to owner and regisseur                    */
    if (s_due (hub, "SELECT agreement, hh, owner, regisseur, due, 0 FROM agreements"
                    " WHERE status IN ('proposed', 'accepted') AND overdue IS NULL AND due <= ?1 AND ?2 = ?2",
               now, 0, due, &count) != 0)
        return -1;
    for (size_t i = 0; i < count; i++) {
        hub_household_t h;
        if (hub_regie_household_get (hub, due [i].hh, &h) != 0)
            return -1;
        hub_date (date, sizeof date, due [i].due);
        snprintf (text, sizeof text, "OVERDUE: the agreement of %s was due on %s and is not done.",
                  due [i].owner, date);
        if (hub_sql_exec (hub->store,
                "UPDATE agreements SET status = 'overdue', overdue = ?2, changed = ?2 WHERE agreement = ?1",
                "bu", due [i].id, (size_t) ID, now) != 0
        ||  s_log (hub, due [i].id, now, "overdue", HUB_ACTOR, 0, NULL) != 0
        ||  (hub_regie_covered (hub, due [i].hh, due [i].owner, now)
             && s_agreement_notice (hub, &due [i], due [i].owner, "agreement_overdue", true, text) != 0)
        ||  (hub_held (&h) && s_agreement_notice (hub, &due [i], h.casemanager, "agreement_overdue",
                                                  true, text) != 0))
            return -1;
    }
    /* proposed and not accepted: chase the owner once                        */
    if (s_due (hub, "SELECT agreement, hh, owner, regisseur, due, 0 FROM agreements"
                    " WHERE status = 'proposed' AND chased IS NULL AND created + ?2 <= ?1",
               now, (uint64_t) HUB_CHASE_DAYS * HUB_DAY_MS, due, &count) != 0)
        return -1;
    for (size_t i = 0; i < count; i++) {
        snprintf (text, sizeof text, "An agreement waits for your acceptance: accept it with "
                  "regie accept-agreement, or talk to the regisseur.");
        if ((hub_regie_covered (hub, due [i].hh, due [i].owner, now)
             && s_agreement_notice (hub, &due [i], due [i].owner, "agreement_unaccepted", false, text) != 0)
        ||  hub_sql_exec (hub->store, "UPDATE agreements SET chased = ?2 WHERE agreement = ?1",
                          "bu", due [i].id, (size_t) ID, now) != 0)
            return -1;
    }
    /* still overdue a reminder period later: escalate                        */
    if (s_due (hub, "SELECT agreement, hh, owner, regisseur, due, overdue FROM agreements"
                    " WHERE status = 'overdue' AND escalated IS NULL AND overdue + ?2 <= ?1",
               now, before ? before : HUB_DAY_MS, due, &count) != 0)
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
                                due [i].id, history, now) != 0
        ||  hub_sql_exec (hub->store, "UPDATE agreements SET escalated = ?2 WHERE agreement = ?1",
                          "bu", due [i].id, (size_t) ID, now) != 0)
            return -1;
    }
    /* rounds coming up: ask for missing progress reports, tell the regisseur */
    sqlite3_stmt *st = hub_sql (hub->store,
        "SELECT round, hh, regisseur, at, number FROM rounds WHERE held IS NULL AND reminded IS NULL"
        " AND at <= ?1 + ?2 LIMIT 64", "uu", now, (uint64_t) HUB_REPORT_DAYS * HUB_DAY_MS);
    struct { uint8_t id [ID]; int64_t hh; char regisseur [PID]; uint64_t at; int64_t number; } rounds [64];
    size_t nrounds = 0;
    while (st && sqlite3_step (st) == SQLITE_ROW && nrounds < 64) {
        hub_sql_blob (st, 0, rounds [nrounds].id, ID);
        rounds [nrounds].hh = sqlite3_column_int64 (st, 1);
        hub_sql_text (st, 2, rounds [nrounds].regisseur, PID);
        rounds [nrounds].at = (uint64_t) sqlite3_column_int64 (st, 3);
        rounds [nrounds].number = sqlite3_column_int64 (st, 4);
        nrounds++;
    }
    hub_sql_done (st);
    for (size_t i = 0; i < nrounds; i++) {
        char missing [PROTO_MAX_TEXT_BYTES / 2] = "";
        char partners [PROTO_MAX_LIST_PARTNERS][PID];
        size_t n = 0;
        st = hub_sql (hub->store,
            "SELECT partner FROM round_partners rp WHERE round = ?1 AND invited = 1"
            " AND NOT EXISTS (SELECT 1 FROM progress p WHERE p.round = rp.round AND p.partner = rp.partner)",
            "b", rounds [i].id, (size_t) ID);
        while (st && sqlite3_step (st) == SQLITE_ROW && n < PROTO_MAX_LIST_PARTNERS) {
            hub_sql_text (st, 0, partners [n], PID);
            size_t used = strlen (missing);
            snprintf (missing + used, sizeof missing - used, "%s%s", used ? ", " : "", partners [n]);
            n++;
        }
        hub_sql_done (st);
        hub_date (date, sizeof date, rounds [i].at);
        hub_notice_t notice;
        memset (&notice, 0, sizeof notice);
        notice.kind = "report_missing";
        notice.object = rounds [i].id;
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
        if (hub_sql_exec (hub->store, "UPDATE rounds SET reminded = ?2 WHERE round = ?1",
                          "bu", rounds [i].id, (size_t) ID, now) != 0)
            return -1;
    }
    return 0;
}
