/*  hub_sqlite_retention.c - what retention counts and removes (see
    hub_store_retention.h).                                                  */
#include "hub_store_backend.h"
#include "hub_sql.h"
#include "hub_sql_former.h"
#include <string.h>

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
    the access report finds them (hub_store_access_entries): the hub's notices,
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

/*  Fills the two temp tables (see above). 0 or -1.                          */
static int
s_gather (hub_store_t *store, const hub_retention_cutoffs_t *at)
{
    return hub_sql_exec (store, "CREATE TEMP TABLE IF NOT EXISTS retention_households"
                                " (hh INTEGER PRIMARY KEY, closed INTEGER NOT NULL)", "") != 0
        || hub_sql_exec (store, "CREATE TEMP TABLE IF NOT EXISTS retention_messages"
                                " (seq INTEGER PRIMARY KEY)", "") != 0
        || hub_sql_exec (store, "DELETE FROM temp.retention_households", "") != 0
        || hub_sql_exec (store, "DELETE FROM temp.retention_messages", "") != 0
        || hub_sql_exec (store, s_forget, "uu", at->signals_before, at->history_before) != 0
        || hub_sql_exec (store, s_reduce, "uu", at->now, at->follow_up_ms) != 0
        || (at->signals_before
            && (hub_sql_exec (store, "INSERT OR IGNORE INTO temp.retention_messages"
                                     " SELECT seq FROM signals WHERE" EXPIRED_SIGNAL,
                              "u", at->signals_before) != 0
             || hub_sql_exec (store, "INSERT OR IGNORE INTO temp.retention_messages"
                                     " SELECT seq FROM" EXPIRED_REFERRAL_MESSAGES
                                     " WHERE seq IS NOT NULL", "u", at->signals_before) != 0))
        || hub_sql_exec (store, s_reduced_messages, "") != 0 ? -1 : 0;
}

static int
s_retention_gather (hub_store_t *store, const hub_retention_cutoffs_t *at,
                            hub_retention_counts_t *counts)
{
    memset (counts, 0, sizeof *counts);
    hub_retention_counts_t *n = counts;
    return hub_sql_int (store, &n->signals_expired, NULL,
                        "SELECT count (*) FROM signals WHERE" EXPIRED_SIGNAL,
                        "u", at->signals_before) != 0
        || hub_sql_int (store, &n->history_removed, NULL,
                        "SELECT count (*) FROM history WHERE archived < ?1",
                        "u", at->history_before) != 0
        || hub_sql_int (store, &n->referrals_expired, NULL,
                        "SELECT count (*) FROM referrals WHERE" EXPIRED_REFERRAL,
                        "u", at->signals_before) != 0
        || s_gather (store, at) != 0
        || hub_sql_int (store, &n->households_forgotten, NULL,
                        "SELECT count (*) FROM temp.retention_households WHERE closed = 0", "") != 0
        || hub_sql_int (store, &n->households_reduced, NULL,
                        "SELECT count (*) FROM temp.retention_households WHERE closed = 1", "") != 0
        || ((n->households_forgotten || n->households_reduced)
            && hub_sql_exec (store, s_subject_messages, "") != 0)
        || hub_sql_int (store, &n->messages_emptied, NULL,
                        "SELECT count (*) FROM temp.retention_messages t"
                        " JOIN messages m ON m.seq = t.seq WHERE m.envelope IS NOT NULL", "") != 0
        ? -1 : 0;
}

static int
s_retention_remove (hub_store_t *store, const hub_retention_cutoffs_t *at)
{
    return (at->signals_before
            && (hub_sql_exec (store,
                    "INSERT INTO history (hh, partner, first_ts, last_ts, signals, archived)"
                    " SELECT hh, partner, min (ts), max (ts), count (*), ?2 FROM signals"
                    " WHERE" EXPIRED_SIGNAL " GROUP BY hh, partner"
                    " ON CONFLICT (hh, partner) DO UPDATE SET last_ts = max (last_ts, excluded.last_ts),"
                    " signals = signals + excluded.signals, archived = excluded.archived",
                    "uu", at->signals_before, at->now) != 0
             || hub_sql_exec (store, "DELETE FROM signals WHERE" EXPIRED_SIGNAL,
                              "u", at->signals_before) != 0))
        || (at->history_before && hub_sql_exec (store, "DELETE FROM history WHERE archived < ?1",
                                                "u", at->history_before) != 0)
        /* the envelopes, and with them whatever still waited for delivery  */
        || hub_sql_exec (store, "DELETE FROM deliveries WHERE seq IN"
                                " (SELECT seq FROM temp.retention_messages)", "") != 0
        || hub_sql_exec (store, "UPDATE messages SET envelope = NULL, signature = NULL WHERE seq IN"
                                " (SELECT seq FROM temp.retention_messages) AND envelope IS NOT NULL",
                         "") != 0
        || hub_sql_exec (store, "DELETE FROM household_refs WHERE hh IN" GATHERED, "") != 0
        || hub_sql_exec (store, "DELETE FROM household_former_refs WHERE hh IN" GATHERED, "") != 0
        || hub_sql_exec (store, "DELETE FROM consent WHERE hh IN" GATHERED, "") != 0
        /* a reduced household keeps only what the reports count             */
        || hub_sql_exec (store, "DELETE FROM signals WHERE hh IN" REDUCED, "") != 0
        || hub_sql_exec (store, "DELETE FROM history WHERE hh IN" REDUCED, "") != 0
        || hub_sql_exec (store, "UPDATE agreements SET action = NULL WHERE hh IN" REDUCED, "") != 0
        || hub_sql_exec (store, "UPDATE agreement_log SET note = NULL WHERE agreement IN"
                                " (SELECT agreement FROM agreements WHERE hh IN" REDUCED ")", "") != 0
        || hub_sql_exec (store, "UPDATE progress SET note = NULL WHERE round IN"
                                " (SELECT round FROM rounds WHERE hh IN" REDUCED ")", "") != 0
        || hub_sql_exec (store, "UPDATE rounds SET place = NULL WHERE hh IN" REDUCED, "") != 0
        || hub_sql_exec (store, "UPDATE escalations SET history = '', note = NULL WHERE hh IN"
                                REDUCED, "") != 0
        || hub_sql_exec (store, "UPDATE households SET former_team = NULL, former_casemanager = NULL,"
                                " priority = 0 WHERE hh IN" REDUCED, "") != 0
        ? -1 : 0;
}

/* ---- the backend's table ---------------------------------------------- */

const hub_store_retention_ops_t hub_sqlite_retention = {
    .retention_gather = s_retention_gather,
    .retention_remove = s_retention_remove,
};
