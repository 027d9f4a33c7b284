/*  hub_report.c - reports, access report, retention (see hub_report.h).   */
#include "hub_report.h"
#include "hub_regie.h"
#include "hub_sql.h"
#include "proto_sign.h"

/*  Rows of (key, count) into a JSON object.                                 */
static int
s_counts (hub_store_t *store, json_t *into, const char *name, const char *sql, const char *fmt,
          uint64_t a, uint64_t b, const char *team)
{
    json_t *o = json_object ();
    sqlite3_stmt *st = hub_sql (store, sql, fmt, a, b, team);
    if (!st) {
        json_decref (o);
        return -1;
    }
    while (sqlite3_step (st) == SQLITE_ROW) {
        const unsigned char *key = sqlite3_column_text (st, 0);
        json_object_set_new (o, key ? (const char *) key : "(none)",
                             json_integer (sqlite3_column_int64 (st, 1)));
    }
    hub_sql_done (st);
    json_object_set_new (into, name, o);
    return 0;
}

static int64_t
s_one (hub_store_t *store, const char *sql, uint64_t a, uint64_t b, const char *team)
{
    int64_t v = 0;
    hub_sql_int (store, &v, NULL, sql, "uus", a, b, team);
    return v;
}

json_t *
hub_report (hub_store_t *store, const hub_config_t *config, uint64_t from, uint64_t until,
            const char *team)
{
    json_t *r = json_object ();
    json_object_set_new (r, "from", json_integer ((json_int_t) from));
    json_object_set_new (r, "until", json_integer ((json_int_t) until));
    json_object_set_new (r, "team", team ? json_string (team) : json_null ());
    /* ?3 is the team, or NULL for all                                        */
    int rc = 0;
    rc |= s_counts (store, r, "signals_per_leefgebied",
        "SELECT leefgebied, count (*) FROM signals s WHERE ts >= ?1 AND ts < ?2 AND (?3 IS NULL OR"
        " EXISTS (SELECT 1 FROM households h WHERE h.hh = s.hh AND (h.team = ?3 OR h.former_team = ?3)))"
        " GROUP BY leefgebied ORDER BY leefgebied", "uus", from, until, team);
    rc |= s_counts (store, r, "signals_per_partner",
        "SELECT partner, count (*) FROM signals s WHERE ts >= ?1 AND ts < ?2 AND (?3 IS NULL OR"
        " EXISTS (SELECT 1 FROM households h WHERE h.hh = s.hh AND (h.team = ?3 OR h.former_team = ?3)))"
        " GROUP BY partner ORDER BY partner", "uus", from, until, team);
    rc |= s_counts (store, r, "households_per_phase",
        "SELECT phase, count (*) FROM households WHERE phase IS NOT NULL AND ?1 >= 0 AND ?2 >= 0"
        " AND (?3 IS NULL OR team = ?3 OR former_team = ?3) GROUP BY phase ORDER BY phase",
        "uus", from, until, team);
    rc |= s_counts (store, r, "caseload_per_casemanager",
        "SELECT casemanager, count (*) FROM households WHERE casemanager IS NOT NULL AND ?1 >= 0"
        " AND ?2 >= 0 AND (?3 IS NULL OR team = ?3) GROUP BY casemanager ORDER BY casemanager",
        "uus", from, until, team);
    if (rc) {
        json_decref (r);
        return NULL;
    }
    /* referral to acceptance                                                */
    int64_t accepted = s_one (store,
        "SELECT count (*) FROM referrals WHERE status = 'accepted' AND decided >= ?1 AND decided < ?2"
        " AND (?3 IS NULL OR team = ?3)", from, until, team);
    int64_t total_ms = s_one (store,
        "SELECT coalesce (sum (decided - ts), 0) FROM referrals WHERE status = 'accepted'"
        " AND decided >= ?1 AND decided < ?2 AND (?3 IS NULL OR team = ?3)", from, until, team);
    json_t *ref = json_object ();
    json_object_set_new (ref, "accepted", json_integer (accepted));
    json_object_set_new (ref, "declined", json_integer (s_one (store,
        "SELECT count (*) FROM referrals WHERE status = 'declined' AND decided >= ?1 AND decided < ?2"
        " AND (?3 IS NULL OR team = ?3)", from, until, team)));
    json_object_set_new (ref, "mean_days_to_acceptance",
                         accepted ? json_real ((double) total_ms / (double) accepted / 86400000.0) : json_null ());
    json_object_set_new (r, "referrals", ref);
    /* agreements due in the period                                          */
    int64_t due = s_one (store,
        "SELECT count (*) FROM agreements a WHERE due >= ?1 AND due < ?2 AND status != 'withdrawn'"
        " AND (?3 IS NULL OR EXISTS (SELECT 1 FROM households h WHERE h.hh = a.hh AND"
        " (h.team = ?3 OR h.former_team = ?3)))", from, until, team);
    int64_t on_time = s_one (store,
        "SELECT count (*) FROM agreements a WHERE due >= ?1 AND due < ?2 AND status = 'done'"
        " AND done <= due AND (?3 IS NULL OR EXISTS (SELECT 1 FROM households h WHERE h.hh = a.hh AND"
        " (h.team = ?3 OR h.former_team = ?3)))", from, until, team);
    json_t *ag = json_object ();
    json_object_set_new (ag, "due", json_integer (due));
    json_object_set_new (ag, "done_on_time", json_integer (on_time));
    json_object_set_new (ag, "share_done_on_time", due ? json_real ((double) on_time / (double) due) : json_null ());
    json_object_set_new (ag, "stagnations", json_integer (s_one (store,
        "SELECT count (*) FROM agreement_log l JOIN agreements a ON a.agreement = l.agreement"
        " WHERE l.status = 'stagnated' AND l.ts >= ?1 AND l.ts < ?2 AND (?3 IS NULL OR EXISTS"
        " (SELECT 1 FROM households h WHERE h.hh = a.hh AND (h.team = ?3 OR h.former_team = ?3)))",
        from, until, team)));
    json_object_set_new (ag, "overdue_now", json_integer (s_one (store,
        "SELECT count (*) FROM agreements a WHERE status = 'overdue' AND ?1 >= 0 AND ?2 >= 0 AND"
        " (?3 IS NULL OR EXISTS (SELECT 1 FROM households h WHERE h.hh = a.hh AND h.team = ?3))",
        from, until, team)));
    json_object_set_new (r, "agreements", ag);
    json_t *rounds = json_object ();
    json_object_set_new (rounds, "due", json_integer (s_one (store,
        "SELECT count (*) FROM rounds r WHERE at >= ?1 AND at < ?2 AND (?3 IS NULL OR EXISTS"
        " (SELECT 1 FROM households h WHERE h.hh = r.hh AND (h.team = ?3 OR h.former_team = ?3)))",
        from, until, team)));
    json_object_set_new (rounds, "held", json_integer (s_one (store,
        "SELECT count (*) FROM rounds r WHERE held >= ?1 AND held < ?2 AND (?3 IS NULL OR EXISTS"
        " (SELECT 1 FROM households h WHERE h.hh = r.hh AND (h.team = ?3 OR h.former_team = ?3)))",
        from, until, team)));
    json_object_set_new (r, "rounds", rounds);
    json_t *esc = json_object ();
    json_object_set_new (esc, "raised", json_integer (s_one (store,
        "SELECT count (*) FROM escalations WHERE created >= ?1 AND created < ?2 AND (?3 IS NULL OR team = ?3)",
        from, until, team)));
    json_object_set_new (esc, "open", json_integer (s_one (store,
        "SELECT count (*) FROM escalations WHERE resolved IS NULL AND ?1 >= 0 AND ?2 >= 0"
        " AND (?3 IS NULL OR team = ?3)", from, until, team)));
    json_object_set_new (r, "escalations", esc);
    json_t *matches = json_object ();
    json_object_set_new (matches, "made", json_integer (s_one (store,
        "SELECT count (*) FROM matches WHERE created >= ?1 AND created < ?2 AND (?3 IS NULL OR team = ?3)",
        from, until, team)));
    json_object_set_new (matches, "parties_unconfirmed", json_integer (s_one (store,
        "SELECT count (*) FROM match_parties p JOIN matches m ON m.match = p.match WHERE p.confirmed IS NULL"
        " AND m.created >= ?1 AND m.created < ?2 AND (?3 IS NULL OR m.team = ?3)", from, until, team)));
    json_object_set_new (matches, "parties_escalated", json_integer (s_one (store,
        "SELECT count (*) FROM match_parties p JOIN matches m ON m.match = p.match WHERE p.escalated IS NOT NULL"
        " AND m.created >= ?1 AND m.created < ?2 AND (?3 IS NULL OR m.team = ?3)", from, until, team)));
    json_object_set_new (r, "matches", matches);
    (void) config;
    return r;
}

/*  One row of the access report; from, when not NULL, is who sent what
    partner received.                                                        */
static void
s_access_row (json_t *rows, int64_t ts, const char *from, const char *partner,
              const char *action, const char *result, const char *object)
{
    json_t *o = json_object ();
    if (from)
        json_object_set_new (o, "from", json_string (from));
    json_object_set_new (o, "ts", json_integer (ts));
    json_object_set_new (o, "partner", json_string (partner));
    json_object_set_new (o, "action", json_string (action));
    json_object_set_new (o, "result", json_string (result));
    json_object_set_new (o, "object", json_string (object));
    json_array_append_new (rows, o);
}

/*  The recipients a message's own entry names ("stored; to a, b"), or NULL. */
static const char *
s_access_to (const char *result)
{
    static const char *forms [] = { "stored; to ", "repeated; to " };
    for (size_t i = 0; i < sizeof forms / sizeof forms [0]; i++)
        if (strncmp (result, forms [i], strlen (forms [i])) == 0)
            return result + strlen (forms [i]);
    return NULL;
}

/*  An audit entry a was written while former ref f was that household's:
    since <= ts < until, so that what happens at the moment of a move (the
    move itself) belongs to the household that moves in. The access report
    and retention decide by the same window.                                 */
#define WHILE_THEIRS    " a.ts >= f.since AND a.ts < f.until"

json_t *
hub_access_report (hub_store_t *store, const uint8_t ref [PROTO_REF_BYTES])
{
    json_t *rows = json_array ();
    int64_t hh = 0;
    bool found = false;
    if (hub_sql_int (store, &hh, &found, "SELECT hh FROM household_refs WHERE ref = ?1",
                     "b", ref, (size_t) PROTO_REF_BYTES) != 0) {
        json_decref (rows);
        return NULL;
    }
    /* entries about any ref the household has or had (an address it moved
       away from: household_former_refs), or the ref asked about - but not
       what was said about a ref while it was another household's (the
       people who lived at an address before);
       messages that carry no subject (progress, acceptance, status, round
       held, escalation resolved) are found through what they refer to    */
    sqlite3_stmt *st = hub_sql (store,
        "WITH refs AS (SELECT ?1 AS ref UNION SELECT ref FROM household_refs WHERE hh = ?2),"
        " former AS (SELECT ref, since, until FROM household_former_refs WHERE hh = ?2),"
        " about AS (SELECT seq, object FROM audit a WHERE subject IN refs AND NOT EXISTS"
        "  (SELECT 1 FROM household_former_refs f WHERE f.ref = a.subject AND f.hh != ?2"
        "   AND" WHILE_THEIRS ")"
        "  UNION SELECT a.seq, a.object FROM audit a JOIN former f ON f.ref = a.subject"
        "  AND" WHILE_THEIRS "),"
        " own AS (SELECT object FROM about WHERE object IS NOT NULL"
        "  UNION SELECT m.id FROM messages m WHERE m.seq IN"
        "  (SELECT p.seq FROM progress p JOIN rounds r ON r.round = p.round WHERE r.hh = ?2"
        "   UNION SELECT l.seq FROM agreement_log l JOIN agreements g ON g.agreement = l.agreement"
        "   WHERE g.hh = ?2 AND l.seq IS NOT NULL"
        "   UNION SELECT accepted_seq FROM agreements WHERE hh = ?2 AND accepted_seq IS NOT NULL))"
        " SELECT a.ts, a.actor, a.action, a.result, a.object, m.type FROM audit a"
        " LEFT JOIN messages m ON m.id = a.object"
        " WHERE a.seq IN (SELECT seq FROM about) OR a.object IN own"
        " OR (a.action = 'round_held' AND EXISTS (SELECT 1 FROM rounds r WHERE r.hh = ?2"
        "     AND r.held = a.ts AND r.regisseur = a.actor))"
        " OR (a.action = 'escalation_resolve' AND EXISTS (SELECT 1 FROM escalations e WHERE e.hh = ?2"
        "     AND e.resolved = a.ts AND e.resolved_by = a.actor))"
        " ORDER BY a.seq",
        "bi", ref, (size_t) PROTO_REF_BYTES, found ? hh : (int64_t) -1);
    if (!st) {
        json_decref (rows);
        return NULL;
    }
    while (sqlite3_step (st) == SQLITE_ROW) {
        char actor [64], action [64], result [PROTO_MAX_NOTE_BYTES + 1], hex [2 * PROTO_ID_BYTES + 1] = "";
        char type [64], received [64];
        uint8_t object [PROTO_ID_BYTES];
        int64_t ts = sqlite3_column_int64 (st, 0);
        hub_sql_text (st, 1, actor, sizeof actor);
        hub_sql_text (st, 2, action, sizeof action);
        hub_sql_text (st, 3, result, sizeof result);
        hub_sql_text (st, 5, type, sizeof type);
        if (hub_sql_blob (st, 4, object, PROTO_ID_BYTES))
            proto_hex (hex, object, PROTO_ID_BYTES);
        /* a message passed on is something each receiver received: name
           them, so the household sees every receiver, not only the sender  */
        snprintf (received, sizeof received, "received %.50s", type [0] ? type : action);
        if ((streq (action, "queued") || streq (actor, HUB_ACTOR)) && strncmp (result, "to ", 3) == 0) {
            /* one entry per receiver: the hub's own messages, and every
               delivery in stores written before a message's entry named them */
            s_access_row (rows, ts, actor, result + 3, received, result, hex);
            continue;
        }
        s_access_row (rows, ts, NULL, actor, action, result, hex);
        const char *list = s_access_to (result);
        while (list && *list) {
            size_t n = strcspn (list, ",");
            char to [PROTO_MAX_PARTNER_ID_BYTES + 4];
            snprintf (to, sizeof to, "to %.*s", (int) (n < PROTO_MAX_PARTNER_ID_BYTES
                                                      ? n : PROTO_MAX_PARTNER_ID_BYTES), list);
            if (n)
                s_access_row (rows, ts, actor, to + 3, received, to, hex);
            list += n;
            list += strspn (list, ", ");
        }
    }
    hub_sql_done (st);
    return rows;
}

/*  A signal "led to nothing" when no regie followed it: neither a claim at
    the time (led_to_regie) nor a team holding the household now - a signal
    about a household under regie reached its regisseur and is part of the
    case, so it stays as long as the household is active.                   */
#define EXPIRED_SIGNAL  " ts < ?1 AND led_to_regie = 0 AND NOT EXISTS (SELECT 1 FROM households h" \
                        " WHERE h.hh = signals.hh AND h.team IS NOT NULL)"

/*  A declined referral led to nothing as well: decided longer ago than a
    signal is kept, while no team holds the household, the referral's and
    the decline's envelopes go (the row stays for the reports' counts).
    Only those with an envelope left count, so a second run finds none.     */
#define EXPIRED_REFERRAL " status = 'declined' AND decided < ?1 AND NOT EXISTS (SELECT 1 FROM" \
                        " households h WHERE h.hh = referrals.hh AND h.team IS NOT NULL) AND EXISTS" \
                        " (SELECT 1 FROM messages m WHERE m.seq IN (referrals.seq, referrals.decided_seq)" \
                        " AND m.envelope IS NOT NULL)"
/*  The messages of the expired referrals: each referral and its decline.   */
#define EXPIRED_REFERRAL_MESSAGES " (SELECT seq FROM referrals WHERE" EXPIRED_REFERRAL \
                        " UNION SELECT decided_seq FROM referrals WHERE" EXPIRED_REFERRAL ")"

/*  The households this run forgets or reduces, and the messages whose
    envelopes it removes, are gathered first (temp.retention_households,
    temp.retention_messages) and acted on together afterwards: whatever
    made a message's envelope go, its pending deliveries go with it, in one
    statement each.

    A household that never held regie (no team, never closed: a closed one
    is reduced after its follow-up window below) is forgotten - its
    pseudonyms and consent removed, its row kept for the counts - once
    nothing refers to it: no signal (an expiring one moves to the archive),
    no archive entry that stays, no referral but declined and expired ones,
    no agreement or round, and it is not on the priority list. Candidates
    are the households whose archive entries or referrals this run removes,
    so a run never reads every household. ?1 signals_before, ?2
    history_before; evaluated before anything is removed.                    */
static const char *s_forget =
    "INSERT OR IGNORE INTO temp.retention_households SELECT h.hh, 0 FROM households h"
    " WHERE h.hh IN (SELECT hh FROM history WHERE archived < ?2"
    "                UNION SELECT hh FROM referrals WHERE" EXPIRED_REFERRAL ")"
    " AND h.team IS NULL AND h.closed_at IS NULL AND h.priority = 0"
    " AND EXISTS (SELECT 1 FROM household_refs r WHERE r.hh = h.hh)"
    " AND NOT EXISTS (SELECT 1 FROM signals s WHERE s.hh = h.hh)"
    " AND NOT EXISTS (SELECT 1 FROM history x WHERE x.hh = h.hh AND x.archived >= ?2)"
    " AND NOT EXISTS (SELECT 1 FROM referrals f WHERE f.hh = h.hh"
    "                 AND NOT (f.status = 'declined' AND f.decided < ?1))"
    " AND NOT EXISTS (SELECT 1 FROM agreements a WHERE a.hh = h.hh)"
    " AND NOT EXISTS (SELECT 1 FROM rounds o WHERE o.hh = h.hh)";

/*  A closed household whose follow-up window ended and that has no signal
    from within its last follow-up period is reduced (closed = 1). ?1 now,
    ?2 the follow-up period.                                                  */
static const char *s_reduce =
    "INSERT OR IGNORE INTO temp.retention_households SELECT hh, 1 FROM households h"
    " WHERE closed_at IS NOT NULL AND team IS NULL AND follow_up_until <= ?1"
    " AND EXISTS (SELECT 1 FROM household_refs r WHERE r.hh = h.hh)"
    " AND NOT EXISTS (SELECT 1 FROM signals s WHERE s.hh = h.hh AND s.ts >= follow_up_until - ?2)";

#define REDUCED     " (SELECT hh FROM temp.retention_households WHERE closed = 1)"
#define GATHERED    " (SELECT hh FROM temp.retention_households)"

/*  The messages of a reduced household that its rows name: signals,
    referrals and their decisions, agreements and their acceptance,
    progress reports (an acceptance names the agreement, not the
    household, so the audit log below would not find it).                    */
static const char *s_reduced_messages =
    "INSERT OR IGNORE INTO temp.retention_messages SELECT seq FROM ("
    " SELECT seq FROM signals WHERE hh IN" REDUCED
    " UNION SELECT seq FROM referrals WHERE hh IN" REDUCED
    " UNION SELECT decided_seq FROM referrals WHERE hh IN" REDUCED
    " UNION SELECT seq FROM agreements WHERE hh IN" REDUCED
    " UNION SELECT accepted_seq FROM agreements WHERE hh IN" REDUCED
    " UNION SELECT p.seq FROM progress p JOIN rounds r ON r.round = p.round WHERE r.hh IN" REDUCED
    " UNION SELECT l.seq FROM agreement_log l JOIN agreements g ON g.agreement = l.agreement"
    "  WHERE g.hh IN" REDUCED
    ") WHERE seq IS NOT NULL";

/*  Every other message about a forgotten or reduced household, found as
    the access report (hub_access_report) finds them: the hub's notices,
    questions, claims, phases, consent, ... whose audit entry names one of
    the household's pseudonyms as its subject (and the message's id as its
    object), and a reduced household's rounds held and escalations resolved,
    which name none. The audit log has no index on subjects (schema 5
    dropped it for the message path's sake), so this reads the whole log
    once - only in a run that forgets or reduces a household. What was said
    about one of its refs while it was another household's (an address the
    household moved into) stays with that household.                        */
static const char *s_subject_messages =
    "INSERT OR IGNORE INTO temp.retention_messages SELECT m.seq FROM audit a"
    " JOIN messages m ON m.id = a.object"
    " WHERE m.envelope IS NOT NULL"
    " AND ((a.subject IN (SELECT ref FROM household_refs WHERE hh IN" GATHERED ")"
    "   AND NOT EXISTS (SELECT 1 FROM household_former_refs f WHERE f.ref = a.subject"
    "       AND f.hh NOT IN" GATHERED " AND" WHILE_THEIRS "))"
    "  OR EXISTS (SELECT 1 FROM household_former_refs f WHERE f.hh IN" GATHERED
    "      AND f.ref = a.subject AND" WHILE_THEIRS ")"
    "  OR (a.action = 'round_held' AND EXISTS (SELECT 1 FROM rounds r WHERE r.hh IN" REDUCED
    "      AND r.held = a.ts AND r.regisseur = a.actor))"
    "  OR (a.action = 'escalation_resolve' AND EXISTS (SELECT 1 FROM escalations e"
    "      WHERE e.hh IN" REDUCED " AND e.resolved = a.ts AND e.resolved_by = a.actor)))";

static int64_t
s_count (hub_store_t *store, const char *sql, uint64_t a)
{
    int64_t v = 0;
    hub_sql_int (store, &v, NULL, sql, "u", a);
    return v;
}

/*  Fills the two temp tables (see above) and counts the households gathered
    to be forgotten and to be reduced. 0 or -1.                              */
static int
s_gather (hub_store_t *store, uint64_t now, uint64_t signals_before, uint64_t history_before,
          uint64_t follow_up, int64_t *forgotten, int64_t *reduced)
{
    *forgotten = *reduced = 0;
    return hub_sql_exec (store, "CREATE TEMP TABLE IF NOT EXISTS retention_households"
                                " (hh INTEGER PRIMARY KEY, closed INTEGER NOT NULL)", "") != 0
        || hub_sql_exec (store, "CREATE TEMP TABLE IF NOT EXISTS retention_messages"
                                " (seq INTEGER PRIMARY KEY)", "") != 0
        || hub_sql_exec (store, "DELETE FROM temp.retention_households", "") != 0
        || hub_sql_exec (store, "DELETE FROM temp.retention_messages", "") != 0
        || hub_sql_exec (store, s_forget, "uu", signals_before, history_before) != 0
        || hub_sql_exec (store, s_reduce, "uu", now, follow_up) != 0
        || (signals_before
            && (hub_sql_exec (store, "INSERT OR IGNORE INTO temp.retention_messages"
                                     " SELECT seq FROM signals WHERE" EXPIRED_SIGNAL,
                              "u", signals_before) != 0
             || hub_sql_exec (store, "INSERT OR IGNORE INTO temp.retention_messages"
                                     " SELECT seq FROM" EXPIRED_REFERRAL_MESSAGES
                                     " WHERE seq IS NOT NULL", "u", signals_before) != 0))
        || hub_sql_exec (store, s_reduced_messages, "") != 0
        || hub_sql_int (store, forgotten, NULL, "SELECT count (*) FROM temp.retention_households"
                                               " WHERE closed = 0", "") != 0
        || hub_sql_int (store, reduced, NULL, "SELECT count (*) FROM temp.retention_households"
                                             " WHERE closed = 1", "") != 0
        || ((*forgotten || *reduced) && hub_sql_exec (store, s_subject_messages, "") != 0);
}

json_t *
hub_retention (hub_store_t *store, const hub_config_t *config, uint64_t now, bool dry_run)
{
    uint64_t expiry = (uint64_t) config->signal_expiry_days * HUB_DAY_MS;
    uint64_t keep = (uint64_t) config->history_days * HUB_DAY_MS;
    uint64_t signals_before = now > expiry ? now - expiry : 0;
    uint64_t history_before = now > keep ? now - keep : 0;
    json_t *r = json_object ();
    json_object_set_new (r, "signals_expired", json_integer (s_count (store,
        "SELECT count (*) FROM signals WHERE" EXPIRED_SIGNAL, signals_before)));
    json_object_set_new (r, "history_removed", json_integer (s_count (store,
        "SELECT count (*) FROM history WHERE archived < ?1", history_before)));
    json_object_set_new (r, "referrals_expired", json_integer (s_count (store,
        "SELECT count (*) FROM referrals WHERE" EXPIRED_REFERRAL, signals_before)));
    int64_t forgotten = 0, reduced = 0, emptied = 0;
    if (s_gather (store, now, signals_before, history_before,
                  (uint64_t) config->follow_up_days * HUB_DAY_MS, &forgotten, &reduced) != 0
    ||  hub_sql_int (store, &emptied, NULL, "SELECT count (*) FROM temp.retention_messages t"
                     " JOIN messages m ON m.seq = t.seq WHERE m.envelope IS NOT NULL", "") != 0) {
        json_decref (r);
        return NULL;
    }
    json_object_set_new (r, "households_forgotten", json_integer (forgotten));
    json_object_set_new (r, "households_reduced", json_integer (reduced));
    json_object_set_new (r, "messages_emptied", json_integer (emptied));
    if (dry_run)
        return r;

    if ((signals_before
         && (hub_sql_exec (store,
                "INSERT INTO history (hh, partner, first_ts, last_ts, signals, archived)"
                " SELECT hh, partner, min (ts), max (ts), count (*), ?2 FROM signals"
                " WHERE" EXPIRED_SIGNAL " GROUP BY hh, partner"
                " ON CONFLICT (hh, partner) DO UPDATE SET last_ts = max (last_ts, excluded.last_ts),"
                " signals = signals + excluded.signals, archived = excluded.archived",
                "uu", signals_before, now) != 0
          || hub_sql_exec (store, "DELETE FROM signals WHERE" EXPIRED_SIGNAL,
                           "u", signals_before) != 0))
    ||  (history_before && hub_sql_exec (store, "DELETE FROM history WHERE archived < ?1",
                                         "u", history_before) != 0)
    /* the envelopes, and with them whatever still waited for delivery      */
    ||  hub_sql_exec (store, "DELETE FROM deliveries WHERE seq IN"
                             " (SELECT seq FROM temp.retention_messages)", "") != 0
    ||  hub_sql_exec (store, "UPDATE messages SET envelope = NULL, signature = NULL WHERE seq IN"
                             " (SELECT seq FROM temp.retention_messages) AND envelope IS NOT NULL",
                      "") != 0
    ||  hub_sql_exec (store, "DELETE FROM household_refs WHERE hh IN" GATHERED, "") != 0
    ||  hub_sql_exec (store, "DELETE FROM household_former_refs WHERE hh IN" GATHERED, "") != 0
    ||  hub_sql_exec (store, "DELETE FROM consent WHERE hh IN" GATHERED, "") != 0
    /* a reduced household keeps only what the reports count                 */
    ||  hub_sql_exec (store, "DELETE FROM signals WHERE hh IN" REDUCED, "") != 0
    ||  hub_sql_exec (store, "DELETE FROM history WHERE hh IN" REDUCED, "") != 0
    ||  hub_sql_exec (store, "UPDATE agreements SET action = NULL WHERE hh IN" REDUCED, "") != 0
    ||  hub_sql_exec (store, "UPDATE agreement_log SET note = NULL WHERE agreement IN"
                             " (SELECT agreement FROM agreements WHERE hh IN" REDUCED ")", "") != 0
    ||  hub_sql_exec (store, "UPDATE progress SET note = NULL WHERE round IN"
                             " (SELECT round FROM rounds WHERE hh IN" REDUCED ")", "") != 0
    ||  hub_sql_exec (store, "UPDATE rounds SET place = NULL WHERE hh IN" REDUCED, "") != 0
    ||  hub_sql_exec (store, "UPDATE escalations SET history = '', note = NULL WHERE hh IN"
                             REDUCED, "") != 0
    ||  hub_sql_exec (store, "UPDATE households SET former_team = NULL, former_casemanager = NULL,"
                             " priority = 0 WHERE hh IN" REDUCED, "") != 0) {
        json_decref (r);
        return NULL;
    }
    return r;
}

typedef struct {
    const char *team;
    uint64_t from, until;
    bool has_from, has_until;
    const char *figures;
} team_answer_t;

static void
s_fill_report (proto_writer_t *w, void *arg)
{
    const team_answer_t *a = (const team_answer_t *) arg;
    proto_pack_kv_cstr (w, "team", a->team);
    if (a->has_from)
        proto_pack_kv_u64 (w, "from", a->from);
    if (a->has_until)
        proto_pack_kv_u64 (w, "until", a->until);
    proto_pack_kv_cstr (w, "figures", a->figures);
}

int
hub_report_team (hub_t *hub, hub_msg_t *msg)
{
    const proto_cert_t *me = &msg->author->cert;
    if (!me->team [0] || !hub_config_team (hub->config, me->team)) {
        hub_refuse (msg, PROTO_FORBIDDEN, "your certificate names no regie team of this network");
        return 0;
    }
    team_answer_t a;
    memset (&a, 0, sizeof a);
    a.team = me->team;
    a.has_from = proto_env_u64 (msg->env, "from", &a.from);
    a.has_until = proto_env_u64 (msg->env, "until", &a.until);
    json_t *r = hub_report (hub->store, hub->config, a.has_from ? a.from : 0,
                            a.has_until ? a.until : PROTO_TIME_MAX_MS, me->team);
    if (!r)
        return -1;
    /* the open escalations, so the team sees what waits for doorzettingsmacht */
    json_t *open = json_array ();
    sqlite3_stmt *st = hub_sql (hub->store,
        "SELECT escalation, reason, partner, created FROM escalations WHERE team = ?1"
        " AND resolved IS NULL ORDER BY created LIMIT ?2", "si", me->team, (int64_t) HUB_REPORT_MAX_OPEN);
    while (st && sqlite3_step (st) == SQLITE_ROW) {
        uint8_t id [PROTO_ID_BYTES];
        char hex [2 * PROTO_ID_BYTES + 1] = "", reason [PROTO_MAX_TAXON_BYTES * 2], to [64];
        if (hub_sql_blob (st, 0, id, PROTO_ID_BYTES))
            proto_hex (hex, id, PROTO_ID_BYTES);
        hub_sql_text (st, 1, reason, sizeof reason);
        hub_sql_text (st, 2, to, sizeof to);
        json_array_append_new (open, json_pack ("{sssssssI}", "escalation", hex, "reason", reason,
                                                "to", to, "created", (json_int_t) sqlite3_column_int64 (st, 3)));
    }
    hub_sql_done (st);
    json_object_set_new (r, "open_escalations", open);
    char *text = json_dumps (r, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref (r);
    if (!text)
        return -1;
    a.figures = text;
    int rc = -1;
    if (strlen (text) > PROTO_MAX_REPORT_BYTES)
        hub_refuse (msg, PROTO_TOO_BIG, "the report is too large; ask for a shorter period");
    else
    if (hub_audit_msg (hub, msg, "team_report", "answered") == 0) {
        hub_note (msg, "answered");
        rc = hub_answer (hub, msg, "report", 2 + (a.has_from ? 1 : 0) + (a.has_until ? 1 : 0),
                         s_fill_report, &a);
    }
    if (msg->refuse != PROTO_OK)
        rc = 0;
    free (text);
    return rc;
}
