/*  hub_sqlite_signals.c - signals, the archive, matches, referrals and
    escalations in sqlite (see hub_store_signals.h).                        */
#include "hub_store_backend.h"
#include "hub_sql.h"
#include <string.h>

#define ID      PROTO_ID_BYTES
#define PID     (PROTO_MAX_PARTNER_ID_BYTES + 1)

/*  hub_sql_int's 0 / -1 and found, as a read's 1 / 0 / -1.                  */
static int
s_read (int rc, bool found)
{
    return rc != 0 ? -1 : found ? 1 : 0;
}

/*  Fills up to max parties from st's rows (partner, since, contact).        */
static int
s_parties (sqlite3_stmt *st, hub_signal_party_t *out, size_t max, size_t *count)
{
    *count = 0;
    if (!st)
        return -1;
    int rc = SQLITE_DONE;
    while (*count < max && (rc = sqlite3_step (st)) == SQLITE_ROW) {
        hub_signal_party_t *p = &out [(*count)++];
        hub_sql_text (st, 0, p->partner, sizeof p->partner);
        p->since = (uint64_t) sqlite3_column_int64 (st, 1);
        hub_sql_text (st, 2, p->contact, sizeof p->contact);
    }
    hub_sql_done (st);
    return *count == max || rc == SQLITE_DONE ? 0 : -1;
}

/* ---- signals ---------------------------------------------------------------- */

static int
s_signal_add (hub_store_t *store, const hub_signal_row_t *row)
{
    return hub_sql_exec (store,
        "INSERT INTO signals (seq, hh, partner, ts, leefgebied, severity, kind, recipient, contact,"
        " led_to_regie) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        "uisusssssi", row->seq, row->hh, row->partner, row->ts, row->leefgebied, row->severity,
        row->kind [0] ? row->kind : NULL, row->recipient [0] ? row->recipient : NULL,
        row->contact, (int64_t) (row->led_to_regie ? 1 : 0));
}

static int
s_signal_count (hub_store_t *store, int64_t hh, int64_t *count)
{
    return hub_sql_int (store, count, NULL, "SELECT count (*) FROM signals WHERE hh = ?1", "i", hh);
}

static int
s_signal_partners_since (hub_store_t *store, int64_t hh, uint64_t since,
                                 hub_signal_party_t *out, size_t max, size_t *count)
{
    return s_parties (hub_sql (store,
        "SELECT partner, min (ts), (SELECT contact FROM signals s2 WHERE s2.hh = ?1"
        "  AND s2.partner = s.partner ORDER BY ts DESC LIMIT 1)"
        " FROM signals s WHERE hh = ?1 AND ts >= ?2 GROUP BY partner ORDER BY min (ts)",
        "iu", hh, since), out, max, count);
}

static int
s_signal_partners_involved (hub_store_t *store, int64_t hh, hub_signal_party_t *out,
                                    size_t max, size_t *count)
{
    return s_parties (hub_sql (store,
        "SELECT partner, min (ts), (SELECT contact FROM signals s2 WHERE s2.hh = ?1"
        "  AND s2.partner = s.partner ORDER BY ts DESC LIMIT 1)"
        " FROM (SELECT partner, ts FROM signals WHERE hh = ?1"
        "       UNION ALL SELECT partner, first_ts FROM history WHERE hh = ?1) s"
        " GROUP BY partner ORDER BY min (ts)", "i", hh), out, max, count);
}

static int
s_signal_recipients (hub_store_t *store, int64_t hh, const char *except, const char *also,
                             char (*out) [PID], size_t max, size_t *count)
{
    *count = 0;
    sqlite3_stmt *st = hub_sql (store,
        "SELECT DISTINCT recipient FROM signals WHERE hh = ?1 AND recipient IS NOT NULL"
        " AND recipient != ?2 UNION SELECT ?3 WHERE ?3 != '' AND ?3 != ?2 LIMIT ?4",
        "issi", hh, except, also, (int64_t) max);
    if (!st)
        return -1;
    int rc = SQLITE_DONE;
    while (*count < max && (rc = sqlite3_step (st)) == SQLITE_ROW)
        hub_sql_text (st, 0, out [(*count)++], PID);
    hub_sql_done (st);
    return *count == max || rc == SQLITE_DONE ? 0 : -1;
}

static int
s_signal_envelopes (hub_store_t *store, int64_t hh, hub_signal_envelope_fn *fn, void *arg)
{
    sqlite3_stmt *st = hub_sql (store,
        "SELECT s.seq, m.envelope FROM signals s JOIN messages m ON m.seq = s.seq"
        " WHERE s.hh = ?1 AND m.envelope IS NOT NULL", "i", hh);
    if (!st)
        return -1;
    int rc;
    while ((rc = sqlite3_step (st)) == SQLITE_ROW)
        if (fn (arg, (uint64_t) sqlite3_column_int64 (st, 0),
                (const uint8_t *) sqlite3_column_blob (st, 1),
                (size_t) sqlite3_column_bytes (st, 1)) != 0)
            break;
    hub_sql_done (st);
    return rc == SQLITE_DONE ? 0 : -1;
}

static int
s_signal_move (hub_store_t *store, uint64_t seq, int64_t hh)
{
    return hub_sql_exec (store, "UPDATE signals SET hh = ?1, led_to_regie = 0 WHERE seq = ?2",
                         "iu", hh, seq);
}

static int
s_signals_part_of_case (hub_store_t *store, int64_t hh)
{
    return hub_sql_exec (store, "UPDATE signals SET led_to_regie = 1 WHERE hh = ?1", "i", hh);
}

/* ---- signals not received ------------------------------------------------ */

static int
s_unseen_rows (sqlite3_stmt *st, hub_signal_unseen_t *out, size_t max, size_t *count)
{
    *count = 0;
    if (!st)
        return -1;
    int rc;
    while (*count < max && (rc = sqlite3_step (st)) == SQLITE_ROW) {
        hub_signal_unseen_t *r = &out [*count];
        memset (r, 0, sizeof *r);
        r->seq = (uint64_t) sqlite3_column_int64 (st, 0);
        if (!hub_sql_blob (st, 1, r->id, ID))
            continue;
        r->hh = sqlite3_column_int64 (st, 2);
        hub_sql_text (st, 3, r->partner, sizeof r->partner);
        hub_sql_text (st, 4, r->recipient, sizeof r->recipient);
        hub_sql_text (st, 5, r->severity, sizeof r->severity);
        r->ts = (uint64_t) sqlite3_column_int64 (st, 6);
        (*count)++;
    }
    hub_sql_done (st);
    return *count == max || rc == SQLITE_DONE ? 0 : -1;
}

/*  From the waiting deliveries (few, and kept in recipient order), not from
    the signals: every signal would otherwise need an index entry.          */
static int
s_signals_unseen (hub_store_t *store, const char *severity, uint64_t before,
                  hub_signal_unseen_t *out, size_t max, size_t *count)
{
    return s_unseen_rows (hub_sql (store,
        "SELECT s.seq, m.id, s.hh, s.partner, s.recipient, s.severity, s.ts"
        " FROM deliveries d JOIN signals s ON s.seq = d.seq AND s.recipient = d.recipient"
        " JOIN messages m ON m.seq = s.seq"
        " WHERE s.severity = ?1 AND s.ts <= ?2 AND s.unseen_told IS NULL"
        " ORDER BY s.seq LIMIT ?3", "sui", severity, before, (int64_t) max), out, max, count);
}

static int
s_signals_seen_late (hub_store_t *store, hub_signal_unseen_t *out, size_t max, size_t *count)
{
    return s_unseen_rows (hub_sql (store,
        "SELECT s.seq, m.id, s.hh, s.partner, s.recipient, s.severity, s.ts"
        " FROM signals s JOIN messages m ON m.seq = s.seq"
        " WHERE s.unseen_told IS NOT NULL AND s.seen_told IS NULL"
        " AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.recipient = s.recipient"
        "                 AND d.seq = s.seq)"
        " ORDER BY s.seq LIMIT ?1", "i", (int64_t) max), out, max, count);
}

static int
s_signal_unseen_told (hub_store_t *store, uint64_t seq, uint64_t now)
{
    return hub_sql_exec (store, "UPDATE signals SET unseen_told = ?2 WHERE seq = ?1", "uu", seq, now);
}

static int
s_signal_seen_told (hub_store_t *store, uint64_t seq, uint64_t now)
{
    return hub_sql_exec (store, "UPDATE signals SET seen_told = ?2 WHERE seq = ?1", "uu", seq, now);
}

/* ---- the archive ------------------------------------------------------------ */

static int
s_archive_untold (hub_store_t *store, int64_t hh, hub_signal_party_t *out, size_t max,
                          size_t *count)
{
    return s_parties (hub_sql (store,
        "SELECT partner, first_ts, '' FROM history WHERE hh = ?1 AND told = 0", "i", hh),
        out, max, count);
}

static int
s_archive_told (hub_store_t *store, int64_t hh)
{
    return hub_sql_exec (store, "UPDATE history SET told = 1 WHERE hh = ?1", "i", hh);
}

/* ---- matches ---------------------------------------------------------------- */

static int
s_match_add (hub_store_t *store, const uint8_t match [ID], int64_t hh, uint64_t created,
                     uint64_t deadline, uint64_t escalate_at, const char *team)
{
    return hub_sql_exec (store,
        "INSERT INTO matches (match, hh, created, deadline, escalate_at, team) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        "biuuus", match, (size_t) ID, hh, created, deadline, escalate_at, team);
}

static int
s_match_party_add (hub_store_t *store, const uint8_t match [ID], const char *partner)
{
    return hub_sql_exec (store, "INSERT OR IGNORE INTO match_parties (match, partner) VALUES (?1, ?2)",
                         "bs", match, (size_t) ID, partner);
}

static int
s_match_get (hub_store_t *store, const uint8_t match [ID], hub_match_row_t *out)
{
    memset (out, 0, sizeof *out);
    sqlite3_stmt *st = hub_sql (store, "SELECT hh, team FROM matches WHERE match = ?1",
                                "b", match, (size_t) ID);
    if (!st)
        return -1;
    int rc = sqlite3_step (st);
    if (rc == SQLITE_ROW) {
        out->hh = sqlite3_column_int64 (st, 0);
        hub_sql_text (st, 1, out->team, sizeof out->team);
    }
    hub_sql_done (st);
    return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

static int
s_match_party (hub_store_t *store, const uint8_t match [ID], const char *partner,
                       hub_match_party_t *out)
{
    memset (out, 0, sizeof *out);
    sqlite3_stmt *st = hub_sql (store,
        "SELECT confirmed IS NOT NULL, reminded IS NOT NULL, escalated IS NOT NULL"
        " FROM match_parties WHERE match = ?1 AND partner = ?2", "bs", match, (size_t) ID, partner);
    if (!st)
        return -1;
    int rc = sqlite3_step (st);
    if (rc == SQLITE_ROW) {
        out->confirmed = sqlite3_column_int (st, 0) != 0;
        out->reminded = sqlite3_column_int (st, 1) != 0;
        out->escalated = sqlite3_column_int (st, 2) != 0;
    }
    hub_sql_done (st);
    return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

static int
s_match_since_names (hub_store_t *store, int64_t hh, const char *partner, uint64_t since)
{
    int64_t one = 0;
    bool found = false;
    int rc = hub_sql_int (store, &one, &found,
        "SELECT 1 FROM match_parties p JOIN matches m ON m.match = p.match"
        " WHERE m.hh = ?1 AND p.partner = ?2 AND m.created >= ?3 LIMIT 1",
        "isu", hh, partner, since);
    return s_read (rc, found);
}

static int
s_match_since_names_all (hub_store_t *store, int64_t hh, uint64_t since)
{
    int64_t one = 0;
    bool found = false;
    int rc = hub_sql_int (store, &one, &found,
        "SELECT 1 FROM matches m WHERE m.hh = ?1 AND m.created >= ?2 AND NOT EXISTS"
        " (SELECT 1 FROM signals s WHERE s.hh = ?1 AND s.ts >= ?2 AND s.partner NOT IN"
        "  (SELECT partner FROM match_parties p WHERE p.match = m.match)) LIMIT 1",
        "iu", hh, since);
    return s_read (rc, found);
}

static int
s_match_confirm_all (hub_store_t *store, const uint8_t match [ID], uint64_t now,
                             const char *outcome)
{
    return hub_sql_exec (store,
        "UPDATE match_parties SET confirmed = ?2, outcome = ?3 WHERE match = ?1 AND confirmed IS NULL",
        "bus", match, (size_t) ID, now, outcome);
}

static int
s_match_confirm_party (hub_store_t *store, const uint8_t match [ID], const char *partner,
                               uint64_t now, const char *outcome)
{
    return hub_sql_exec (store,
        "UPDATE match_parties SET confirmed = ?3, outcome = ?4 WHERE match = ?1 AND partner = ?2",
        "bsus", match, (size_t) ID, partner, now, outcome);
}

static int
s_due (sqlite3_stmt *st, hub_match_due_t *out, size_t max, size_t *count)
{
    *count = 0;
    if (!st)
        return -1;
    int rc = SQLITE_DONE;
    while (*count < max && (rc = sqlite3_step (st)) == SQLITE_ROW) {
        hub_match_due_t *d = &out [(*count)++];
        memset (d, 0, sizeof *d);
        hub_sql_blob (st, 0, d->match, ID);
        d->hh = sqlite3_column_int64 (st, 1);
        hub_sql_text (st, 2, d->partner, sizeof d->partner);
        hub_sql_text (st, 3, d->team, sizeof d->team);
        d->deadline = (uint64_t) sqlite3_column_int64 (st, 4);
    }
    hub_sql_done (st);
    return *count == max || rc == SQLITE_DONE ? 0 : -1;
}

static int
s_match_parties_to_remind (hub_store_t *store, uint64_t now, hub_match_due_t *out,
                                   size_t max, size_t *count)
{
    return s_due (hub_sql (store,
        "SELECT p.match, m.hh, p.partner, m.team, m.deadline FROM match_parties p"
        " JOIN matches m ON m.match = p.match WHERE p.confirmed IS NULL AND p.reminded IS NULL"
        " AND m.deadline <= ?1", "u", now), out, max, count);
}

static int
s_match_parties_to_escalate (hub_store_t *store, uint64_t now, hub_match_due_t *out,
                                     size_t max, size_t *count)
{
    return s_due (hub_sql (store,
        "SELECT p.match, m.hh, p.partner, m.team, m.deadline FROM match_parties p"
        " JOIN matches m ON m.match = p.match WHERE p.confirmed IS NULL AND p.reminded IS NOT NULL"
        " AND p.escalated IS NULL AND m.escalate_at <= ?1", "u", now), out, max, count);
}

static int
s_match_party_reminded (hub_store_t *store, const uint8_t match [ID], const char *partner,
                                uint64_t now)
{
    return hub_sql_exec (store,
        "UPDATE match_parties SET reminded = ?3 WHERE match = ?1 AND partner = ?2",
        "bsu", match, (size_t) ID, partner, now);
}

static int
s_match_party_escalated (hub_store_t *store, const uint8_t match [ID], const char *partner,
                                 uint64_t now)
{
    return hub_sql_exec (store,
        "UPDATE match_parties SET escalated = ?3 WHERE match = ?1 AND partner = ?2",
        "bsu", match, (size_t) ID, partner, now);
}

/* ---- referrals -------------------------------------------------------------- */

static int
s_referral_add (hub_store_t *store, uint64_t seq, const uint8_t id [ID], int64_t hh,
                        const char *team, const char *referrer, const char *introducer,
                        uint64_t ts)
{
    return hub_sql_exec (store,
        "INSERT INTO referrals (seq, id, hh, team, referrer, introducer, ts, status)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'open')",
        "ubisssu", seq, id, (size_t) ID, hh, team, referrer, introducer, ts);
}

static int
s_referral_get (hub_store_t *store, const uint8_t id [ID], hub_referral_row_t *out)
{
    memset (out, 0, sizeof *out);
    sqlite3_stmt *st = hub_sql (store,
        "SELECT referrer, introducer, status, hh, team FROM referrals WHERE id = ?1",
        "b", id, (size_t) ID);
    if (!st)
        return -1;
    int rc = sqlite3_step (st);
    if (rc == SQLITE_ROW) {
        hub_sql_text (st, 0, out->referrer, sizeof out->referrer);
        hub_sql_text (st, 1, out->introducer, sizeof out->introducer);
        hub_sql_text (st, 2, out->status, sizeof out->status);
        out->hh = sqlite3_column_int64 (st, 3);
        hub_sql_text (st, 4, out->team, sizeof out->team);
    }
    hub_sql_done (st);
    return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

static int
s_referral_decline (hub_store_t *store, const uint8_t id [ID], uint64_t now, uint64_t seq)
{
    return hub_sql_exec (store,
        "UPDATE referrals SET status = 'declined', decided = ?2, decided_seq = ?3 WHERE id = ?1",
        "buu", id, (size_t) ID, now, seq);
}

static int
s_referral_accept (hub_store_t *store, const uint8_t id [ID], uint64_t now)
{
    return hub_sql_exec (store, "UPDATE referrals SET status = 'accepted', decided = ?2 WHERE id = ?1",
                         "bu", id, (size_t) ID, now);
}

static int
s_continuity_agreement_add (hub_store_t *store, const uint8_t agreement [ID], int64_t hh,
                                    const char *introducer, const char *regisseur, uint64_t due,
                                    uint64_t now, uint64_t seq, const char *author)
{
    if (hub_sql_exec (store,
            "INSERT INTO agreements (agreement, hh, owner, regisseur, leefgebied, due, status,"
            " created, seq, changed, action, kind) VALUES (?1, ?2, ?3, ?4, 'gezin', ?5, 'proposed', ?6,"
            " ?7, ?6, '', 'continuity')",
            "bissuuu", agreement, (size_t) ID, hh, introducer, regisseur, due, now, seq) != 0)
        return -1;
    return hub_sql_exec (store,
        "INSERT INTO agreement_log (agreement, ts, status, author, seq) VALUES (?1, ?2, 'proposed', ?3, ?4)",
        "busu", agreement, (size_t) ID, now, author, seq);
}

/* ---- escalations ------------------------------------------------------------ */

static int
s_escalation_add (hub_store_t *store, const uint8_t id [ID], int64_t hh, const char *team,
                          const char *partner, const char *reason, const uint8_t *object,
                          const char *history, uint64_t created)
{
    return hub_sql_exec (store,
        "INSERT INTO escalations (escalation, hh, team, partner, reason, object, history, created)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        "bisssbsu", id, (size_t) ID, hh, team, partner, reason, object,
        (size_t) (object ? ID : 0), history, created);
}

static int
s_escalation_raised_to (hub_store_t *store, const uint8_t id [ID], const char *partner,
                                const char *team, bool *open)
{
    int64_t unresolved = 0;
    bool found = false;
    int rc = hub_sql_int (store, &unresolved, &found,
        "SELECT resolved IS NULL FROM escalations WHERE escalation = ?1"
        " AND (partner = ?2 OR (team = ?3 AND ?3 != ''))",
        "bss", id, (size_t) ID, partner, team);
    *open = unresolved != 0;
    return s_read (rc, found);
}

static int
s_escalation_household (hub_store_t *store, const uint8_t id [ID], int64_t *hh)
{
    bool found = false;
    int rc = hub_sql_int (store, hh, &found, "SELECT hh FROM escalations WHERE escalation = ?1",
                          "b", id, (size_t) ID);
    return s_read (rc, found);
}

static int
s_escalation_resolve (hub_store_t *store, const uint8_t id [ID], uint64_t now,
                              const char *by, const char *note)
{
    return hub_sql_exec (store,
        "UPDATE escalations SET resolved = ?2, resolved_by = ?3, note = ?4 WHERE escalation = ?1",
        "buss", id, (size_t) ID, now, by, note);
}

/* ---- the backend's table ---------------------------------------------- */

const hub_store_signals_ops_t hub_sqlite_signals = {
    .signal_add = s_signal_add,
    .signal_count = s_signal_count,
    .signal_partners_since = s_signal_partners_since,
    .signal_partners_involved = s_signal_partners_involved,
    .signal_recipients = s_signal_recipients,
    .signal_envelopes = s_signal_envelopes,
    .signal_move = s_signal_move,
    .signals_part_of_case = s_signals_part_of_case,
    .signals_unseen = s_signals_unseen,
    .signals_seen_late = s_signals_seen_late,
    .signal_unseen_told = s_signal_unseen_told,
    .signal_seen_told = s_signal_seen_told,
    .archive_untold = s_archive_untold,
    .archive_told = s_archive_told,
    .match_add = s_match_add,
    .match_party_add = s_match_party_add,
    .match_get = s_match_get,
    .match_party = s_match_party,
    .match_since_names = s_match_since_names,
    .match_since_names_all = s_match_since_names_all,
    .match_confirm_all = s_match_confirm_all,
    .match_confirm_party = s_match_confirm_party,
    .match_parties_to_remind = s_match_parties_to_remind,
    .match_parties_to_escalate = s_match_parties_to_escalate,
    .match_party_reminded = s_match_party_reminded,
    .match_party_escalated = s_match_party_escalated,
    .referral_add = s_referral_add,
    .referral_get = s_referral_get,
    .referral_decline = s_referral_decline,
    .referral_accept = s_referral_accept,
    .continuity_agreement_add = s_continuity_agreement_add,
    .escalation_add = s_escalation_add,
    .escalation_raised_to = s_escalation_raised_to,
    .escalation_resolve = s_escalation_resolve,
    .escalation_household = s_escalation_household,
};
