/*  hub_sqlite_inspect.c - what the hub holds about one household or one
    message (see hub_store_inspect.h), for the sqlite backend.              */
#include "hub_store_backend.h"
#include "hub_sql.h"
#include <string.h>

#define ID      PROTO_ID_BYTES

/*  A time column: ms, 0 for NULL.                                          */
static uint64_t
s_time (sqlite3_stmt *st, int col)
{
    return sqlite3_column_type (st, col) == SQLITE_NULL ? 0 : (uint64_t) sqlite3_column_int64 (st, col);
}

/*  Steps st to its end, handing each row to read, which fills the row and
    calls the caller's fn. 0, or -1 on a store error or when read stops.    */
typedef void (s_any_fn) (void);           /* a listing's fn, cast back by read */
typedef int (s_row_fn) (sqlite3_stmt *st, s_any_fn *fn, void *arg);

static int
s_each (sqlite3_stmt *st, s_row_fn *read, s_any_fn *fn, void *arg)
{
    if (!st)
        return -1;
    int rc, result = 0;
    while ((rc = sqlite3_step (st)) == SQLITE_ROW)
        if (read (st, fn, arg) != 0) {
            result = -1;
            break;
        }
    if (result == 0 && rc != SQLITE_DONE)
        result = -1;
    hub_sql_done (st);
    return result;
}

/* ---- the household ------------------------------------------------------- */

static int
s_inspect_household (hub_store_t *store, int64_t hh, hub_inspect_household_t *out)
{
    memset (out, 0, sizeof *out);
    sqlite3_stmt *st = hub_sql (store,
        "SELECT hh, created, team, casemanager, phase, since, phase_since, former_team,"
        " former_casemanager, closed_at, follow_up_until, priority, referred_at"
        " FROM households WHERE hh = ?1", "i", hh);
    if (!st)
        return -1;
    int rc = sqlite3_step (st), result = rc == SQLITE_DONE ? 0 : -1;
    if (rc == SQLITE_ROW) {
        out->hh = sqlite3_column_int64 (st, 0);
        out->created = s_time (st, 1);
        hub_sql_text (st, 2, out->team, sizeof out->team);
        hub_sql_text (st, 3, out->casemanager, sizeof out->casemanager);
        hub_sql_text (st, 4, out->phase, sizeof out->phase);
        out->since = s_time (st, 5);
        out->phase_since = s_time (st, 6);
        hub_sql_text (st, 7, out->former_team, sizeof out->former_team);
        hub_sql_text (st, 8, out->former_casemanager, sizeof out->former_casemanager);
        out->closed_at = s_time (st, 9);
        out->follow_up_until = s_time (st, 10);
        out->priority = sqlite3_column_int (st, 11) != 0;
        out->referred_at = s_time (st, 12);
        result = 1;
    }
    hub_sql_done (st);
    return result;
}

static int
s_ref_row (sqlite3_stmt *st, s_any_fn *fn, void *arg)
{
    hub_inspect_ref_t r;
    memset (&r, 0, sizeof r);
    hub_sql_blob (st, 0, r.ref, PROTO_REF_BYTES);
    hub_sql_text (st, 1, r.kind, sizeof r.kind);
    r.former = sqlite3_column_int (st, 2) != 0;
    r.since = s_time (st, 3);
    r.until = s_time (st, 4);
    return ((hub_inspect_ref_fn *) fn) (arg, &r);
}

static int
s_inspect_refs (hub_store_t *store, int64_t hh, hub_inspect_ref_fn *fn, void *arg)
{
    return s_each (hub_sql (store,
        "SELECT ref, kind, 0, added, NULL FROM household_refs WHERE hh = ?1"
        " UNION ALL SELECT ref, kind, 1, since, until FROM household_former_refs WHERE hh = ?1"
        " ORDER BY 3, 4, 1", "i", hh), s_ref_row, (s_any_fn *) fn, arg);
}

static int
s_phase_row (sqlite3_stmt *st, s_any_fn *fn, void *arg)
{
    hub_inspect_phase_t r;
    memset (&r, 0, sizeof r);
    r.ts = s_time (st, 0);
    hub_sql_text (st, 1, r.phase, sizeof r.phase);
    hub_sql_text (st, 2, r.team, sizeof r.team);
    hub_sql_text (st, 3, r.author, sizeof r.author);
    hub_sql_text (st, 4, r.reason, sizeof r.reason);
    return ((hub_inspect_phase_fn *) fn) (arg, &r);
}

static int
s_inspect_phases (hub_store_t *store, int64_t hh, hub_inspect_phase_fn *fn, void *arg)
{
    return s_each (hub_sql (store,
        "SELECT ts, phase, team, author, reason FROM phases WHERE hh = ?1 ORDER BY ts, rowid",
        "i", hh), s_phase_row, (s_any_fn *) fn, arg);
}

/* ---- signals, the archive, matches, referrals ----------------------------- */

static int
s_signal_row (sqlite3_stmt *st, s_any_fn *fn, void *arg)
{
    hub_inspect_signal_t r;
    memset (&r, 0, sizeof r);
    r.seq = (uint64_t) sqlite3_column_int64 (st, 0);
    r.has_id = hub_sql_blob (st, 1, r.id, ID);
    hub_sql_text (st, 2, r.partner, sizeof r.partner);
    r.ts = s_time (st, 3);
    hub_sql_text (st, 4, r.leefgebied, sizeof r.leefgebied);
    hub_sql_text (st, 5, r.severity, sizeof r.severity);
    hub_sql_text (st, 6, r.kind, sizeof r.kind);
    hub_sql_text (st, 7, r.recipient, sizeof r.recipient);
    hub_sql_text (st, 8, r.contact, sizeof r.contact);
    r.led_to_regie = sqlite3_column_int (st, 9) != 0;
    r.envelope_held = sqlite3_column_int (st, 10) != 0;
    return ((hub_inspect_signal_fn *) fn) (arg, &r);
}

static int
s_inspect_signals (hub_store_t *store, int64_t hh, hub_inspect_signal_fn *fn, void *arg)
{
    return s_each (hub_sql (store,
        "SELECT s.seq, m.id, s.partner, s.ts, s.leefgebied, s.severity, s.kind, s.recipient,"
        " s.contact, s.led_to_regie, m.envelope IS NOT NULL FROM signals s"
        " LEFT JOIN messages m ON m.seq = s.seq WHERE s.hh = ?1 ORDER BY s.ts, s.seq",
        "i", hh), s_signal_row, (s_any_fn *) fn, arg);
}

static int
s_history_row (sqlite3_stmt *st, s_any_fn *fn, void *arg)
{
    hub_inspect_history_t r;
    memset (&r, 0, sizeof r);
    hub_sql_text (st, 0, r.partner, sizeof r.partner);
    r.first_ts = s_time (st, 1);
    r.last_ts = s_time (st, 2);
    r.signals = sqlite3_column_int64 (st, 3);
    r.archived = s_time (st, 4);
    r.told = sqlite3_column_int (st, 5) != 0;
    return ((hub_inspect_history_fn *) fn) (arg, &r);
}

static int
s_inspect_history (hub_store_t *store, int64_t hh, hub_inspect_history_fn *fn, void *arg)
{
    return s_each (hub_sql (store,
        "SELECT partner, first_ts, last_ts, signals, archived, told FROM history WHERE hh = ?1"
        " ORDER BY first_ts, partner", "i", hh), s_history_row, (s_any_fn *) fn, arg);
}

static int
s_match_row (sqlite3_stmt *st, s_any_fn *fn, void *arg)
{
    hub_inspect_match_t r;
    memset (&r, 0, sizeof r);
    hub_sql_blob (st, 0, r.match, ID);
    r.created = s_time (st, 1);
    r.deadline = s_time (st, 2);
    r.escalate_at = s_time (st, 3);
    hub_sql_text (st, 4, r.team, sizeof r.team);
    return ((hub_inspect_match_fn *) fn) (arg, &r);
}

static int
s_inspect_matches (hub_store_t *store, int64_t hh, hub_inspect_match_fn *fn, void *arg)
{
    return s_each (hub_sql (store,
        "SELECT match, created, deadline, escalate_at, team FROM matches WHERE hh = ?1"
        " ORDER BY created, match", "i", hh), s_match_row, (s_any_fn *) fn, arg);
}

static int
s_party_row (sqlite3_stmt *st, s_any_fn *fn, void *arg)
{
    hub_inspect_party_t r;
    memset (&r, 0, sizeof r);
    hub_sql_text (st, 0, r.partner, sizeof r.partner);
    r.confirmed = s_time (st, 1);
    hub_sql_text (st, 2, r.outcome, sizeof r.outcome);
    r.reminded = s_time (st, 3);
    r.escalated = s_time (st, 4);
    return ((hub_inspect_party_fn *) fn) (arg, &r);
}

static int
s_inspect_match_parties (hub_store_t *store, const uint8_t match [ID], hub_inspect_party_fn *fn,
                         void *arg)
{
    return s_each (hub_sql (store,
        "SELECT partner, confirmed, outcome, reminded, escalated FROM match_parties"
        " WHERE match = ?1 ORDER BY partner", "b", match, (size_t) ID),
        s_party_row, (s_any_fn *) fn, arg);
}

static int
s_referral_row (sqlite3_stmt *st, s_any_fn *fn, void *arg)
{
    hub_inspect_referral_t r;
    memset (&r, 0, sizeof r);
    r.seq = (uint64_t) sqlite3_column_int64 (st, 0);
    hub_sql_blob (st, 1, r.id, ID);
    hub_sql_text (st, 2, r.team, sizeof r.team);
    hub_sql_text (st, 3, r.referrer, sizeof r.referrer);
    hub_sql_text (st, 4, r.introducer, sizeof r.introducer);
    r.ts = s_time (st, 5);
    hub_sql_text (st, 6, r.status, sizeof r.status);
    r.decided = s_time (st, 7);
    r.envelope_held = sqlite3_column_int (st, 8) != 0;
    r.has_decline = sqlite3_column_int (st, 9) != 0;
    r.decline_held = sqlite3_column_int (st, 10) != 0;
    return ((hub_inspect_referral_fn *) fn) (arg, &r);
}

static int
s_inspect_referrals (hub_store_t *store, int64_t hh, hub_inspect_referral_fn *fn, void *arg)
{
    return s_each (hub_sql (store,
        "SELECT r.seq, r.id, r.team, r.referrer, r.introducer, r.ts, r.status, r.decided,"
        " m.envelope IS NOT NULL, d.seq IS NOT NULL, d.envelope IS NOT NULL FROM referrals r"
        " LEFT JOIN messages m ON m.seq = r.seq LEFT JOIN messages d ON d.seq = r.decided_seq"
        " WHERE r.hh = ?1 ORDER BY r.ts, r.seq", "i", hh), s_referral_row, (s_any_fn *) fn, arg);
}

/* ---- consent, escalations ------------------------------------------------- */

static int
s_consent_row (sqlite3_stmt *st, s_any_fn *fn, void *arg)
{
    hub_inspect_consent_t r;
    memset (&r, 0, sizeof r);
    hub_sql_text (st, 0, r.partner, sizeof r.partner);
    hub_sql_text (st, 1, r.basis, sizeof r.basis);
    r.valid_from = s_time (st, 2);
    r.valid_until = s_time (st, 3);
    r.recorded = s_time (st, 4);
    r.withdrawn = s_time (st, 5);
    return ((hub_inspect_consent_fn *) fn) (arg, &r);
}

static int
s_inspect_consent (hub_store_t *store, int64_t hh, hub_inspect_consent_fn *fn, void *arg)
{
    return s_each (hub_sql (store,
        "SELECT partner, basis, valid_from, valid_until, recorded, withdrawn FROM consent"
        " WHERE hh = ?1 ORDER BY partner", "i", hh), s_consent_row, (s_any_fn *) fn, arg);
}

static int
s_escalation_row (sqlite3_stmt *st, s_any_fn *fn, void *arg)
{
    hub_inspect_escalation_t r;
    memset (&r, 0, sizeof r);
    hub_sql_blob (st, 0, r.escalation, ID);
    hub_sql_text (st, 1, r.team, sizeof r.team);
    hub_sql_text (st, 2, r.partner, sizeof r.partner);
    hub_sql_text (st, 3, r.reason, sizeof r.reason);
    r.has_object = hub_sql_blob (st, 4, r.object, ID);
    hub_sql_text (st, 5, r.history, sizeof r.history);
    r.created = s_time (st, 6);
    r.resolved = s_time (st, 7);
    hub_sql_text (st, 8, r.resolved_by, sizeof r.resolved_by);
    hub_sql_text (st, 9, r.note, sizeof r.note);
    return ((hub_inspect_escalation_fn *) fn) (arg, &r);
}

static int
s_inspect_escalations (hub_store_t *store, int64_t hh, hub_inspect_escalation_fn *fn, void *arg)
{
    return s_each (hub_sql (store,
        "SELECT escalation, team, partner, reason, object, history, created, resolved,"
        " resolved_by, note FROM escalations WHERE hh = ?1 ORDER BY created, escalation",
        "i", hh), s_escalation_row, (s_any_fn *) fn, arg);
}

/* ---- agreements, rounds ---------------------------------------------------- */

static int
s_agreement_row (sqlite3_stmt *st, s_any_fn *fn, void *arg)
{
    hub_inspect_agreement_t r;
    memset (&r, 0, sizeof r);
    hub_sql_blob (st, 0, r.agreement, ID);
    hub_sql_text (st, 1, r.owner, sizeof r.owner);
    hub_sql_text (st, 2, r.regisseur, sizeof r.regisseur);
    hub_sql_text (st, 3, r.leefgebied, sizeof r.leefgebied);
    r.action_held = sqlite3_column_type (st, 4) != SQLITE_NULL;
    hub_sql_text (st, 4, r.action, sizeof r.action);
    r.due = s_time (st, 5);
    r.has_round = hub_sql_blob (st, 6, r.round, ID);
    hub_sql_text (st, 7, r.status, sizeof r.status);
    r.created = s_time (st, 8);
    r.seq = s_time (st, 9);
    r.accepted_seq = s_time (st, 10);
    r.changed = s_time (st, 11);
    r.reminded = s_time (st, 12);
    r.overdue = s_time (st, 13);
    r.chased = s_time (st, 14);
    r.escalated = s_time (st, 15);
    r.done = s_time (st, 16);
    r.stagnations = sqlite3_column_int64 (st, 17);
    hub_sql_text (st, 18, r.kind, sizeof r.kind);
    return ((hub_inspect_agreement_fn *) fn) (arg, &r);
}

static int
s_inspect_agreements (hub_store_t *store, int64_t hh, hub_inspect_agreement_fn *fn, void *arg)
{
    return s_each (hub_sql (store,
        "SELECT agreement, owner, regisseur, leefgebied, action, due, round, status, created,"
        " seq, accepted_seq, changed, reminded, overdue, chased, escalated, done, stagnations,"
        " kind FROM agreements WHERE hh = ?1 ORDER BY created, seq", "i", hh),
        s_agreement_row, (s_any_fn *) fn, arg);
}

static int
s_log_row (sqlite3_stmt *st, s_any_fn *fn, void *arg)
{
    hub_inspect_log_t r;
    memset (&r, 0, sizeof r);
    r.ts = s_time (st, 0);
    hub_sql_text (st, 1, r.status, sizeof r.status);
    hub_sql_text (st, 2, r.author, sizeof r.author);
    r.seq = s_time (st, 3);
    hub_sql_text (st, 4, r.note, sizeof r.note);
    return ((hub_inspect_log_fn *) fn) (arg, &r);
}

static int
s_inspect_agreement_log (hub_store_t *store, const uint8_t agreement [ID], hub_inspect_log_fn *fn,
                         void *arg)
{
    return s_each (hub_sql (store,
        "SELECT ts, status, author, seq, note FROM agreement_log WHERE agreement = ?1"
        " ORDER BY ts, rowid", "b", agreement, (size_t) ID), s_log_row, (s_any_fn *) fn, arg);
}

static int
s_round_row (sqlite3_stmt *st, s_any_fn *fn, void *arg)
{
    hub_inspect_round_t r;
    memset (&r, 0, sizeof r);
    hub_sql_blob (st, 0, r.round, ID);
    r.number = sqlite3_column_int64 (st, 1);
    r.at = s_time (st, 2);
    hub_sql_text (st, 3, r.regisseur, sizeof r.regisseur);
    r.place_held = sqlite3_column_type (st, 4) != SQLITE_NULL;
    hub_sql_text (st, 4, r.place, sizeof r.place);
    r.created = s_time (st, 5);
    r.held = s_time (st, 6);
    r.next = s_time (st, 7);
    r.reminded = s_time (st, 8);
    return ((hub_inspect_round_fn *) fn) (arg, &r);
}

static int
s_inspect_rounds (hub_store_t *store, int64_t hh, hub_inspect_round_fn *fn, void *arg)
{
    return s_each (hub_sql (store,
        "SELECT round, number, at, regisseur, place, created, held, next, reminded FROM rounds"
        " WHERE hh = ?1 ORDER BY number, at", "i", hh), s_round_row, (s_any_fn *) fn, arg);
}

static int
s_invitee_row (sqlite3_stmt *st, s_any_fn *fn, void *arg)
{
    hub_inspect_invitee_t r;
    memset (&r, 0, sizeof r);
    hub_sql_text (st, 0, r.partner, sizeof r.partner);
    r.invited = sqlite3_column_int (st, 1) != 0;
    r.present = sqlite3_column_int (st, 2) != 0;
    return ((hub_inspect_invitee_fn *) fn) (arg, &r);
}

static int
s_inspect_round_partners (hub_store_t *store, const uint8_t round [ID], hub_inspect_invitee_fn *fn,
                          void *arg)
{
    return s_each (hub_sql (store,
        "SELECT partner, invited, present FROM round_partners WHERE round = ?1 ORDER BY partner",
        "b", round, (size_t) ID), s_invitee_row, (s_any_fn *) fn, arg);
}

static int
s_progress_row (sqlite3_stmt *st, s_any_fn *fn, void *arg)
{
    hub_inspect_progress_t r;
    memset (&r, 0, sizeof r);
    r.seq = (uint64_t) sqlite3_column_int64 (st, 0);
    hub_sql_text (st, 1, r.partner, sizeof r.partner);
    r.has_agreement = hub_sql_blob (st, 2, r.agreement, ID);
    hub_sql_text (st, 3, r.status, sizeof r.status);
    r.note_held = sqlite3_column_type (st, 4) != SQLITE_NULL;
    hub_sql_text (st, 4, r.note, sizeof r.note);
    r.ts = s_time (st, 5);
    return ((hub_inspect_progress_fn *) fn) (arg, &r);
}

static int
s_inspect_progress (hub_store_t *store, const uint8_t round [ID], hub_inspect_progress_fn *fn,
                    void *arg)
{
    return s_each (hub_sql (store,
        "SELECT seq, partner, agreement, status, note, ts FROM progress WHERE round = ?1"
        " ORDER BY seq", "b", round, (size_t) ID), s_progress_row, (s_any_fn *) fn, arg);
}

/* ---- one message ------------------------------------------------------------ */

static int
s_inspect_message (hub_store_t *store, const uint8_t id [ID], hub_inspect_message_fn *fn,
                   void *arg)
{
    sqlite3_stmt *st = hub_sql (store,
        "SELECT m.seq, m.type, m.author, m.ts, m.received, m.digest, m.envelope,"
        " length (m.signature) = 64, (SELECT count (*) FROM deliveries d WHERE d.seq = m.seq)"
        " FROM messages m WHERE m.id = ?1", "b", id, (size_t) ID);
    if (!st)
        return -1;
    int rc = sqlite3_step (st), result = rc == SQLITE_DONE ? 0 : -1;
    if (rc == SQLITE_ROW) {
        hub_inspect_message_t r;
        memset (&r, 0, sizeof r);
        r.seq = (uint64_t) sqlite3_column_int64 (st, 0);
        memcpy (r.id, id, ID);
        hub_sql_text (st, 1, r.type, sizeof r.type);
        hub_sql_text (st, 2, r.author, sizeof r.author);
        r.ts = s_time (st, 3);
        r.received = s_time (st, 4);
        hub_sql_blob (st, 5, r.digest, PROTO_DIGEST_BYTES);
        if (sqlite3_column_type (st, 6) == SQLITE_BLOB) {
            r.envelope = (const uint8_t *) sqlite3_column_blob (st, 6);
            r.envelope_len = (size_t) sqlite3_column_bytes (st, 6);
        }
        r.signature_held = sqlite3_column_int (st, 7) != 0;
        r.queued = sqlite3_column_int64 (st, 8);
        result = fn (arg, &r) == 0 ? 1 : -1;
    }
    hub_sql_done (st);
    return result;
}

static int
s_recipient_row (sqlite3_stmt *st, s_any_fn *fn, void *arg)
{
    char recipient [HUB_INSPECT_PARTNER];
    hub_sql_text (st, 0, recipient, sizeof recipient);
    return ((hub_inspect_recipient_fn *) fn) (arg, recipient);
}

static int
s_inspect_queued_for (hub_store_t *store, uint64_t seq, hub_inspect_recipient_fn *fn, void *arg)
{
    return s_each (hub_sql (store,
        "SELECT recipient FROM deliveries WHERE seq = ?1 ORDER BY recipient", "u", seq),
        s_recipient_row, (s_any_fn *) fn, arg);
}

/*  The audit columns in the order hub_store_audit_scan reads them, so that
    a row reads the same here as there.                                     */
static int
s_audit_row (sqlite3_stmt *st, s_any_fn *fn, void *arg)
{
    hub_audit_row_t r;
    memset (&r, 0, sizeof r);
    r.seq = (uint64_t) sqlite3_column_int64 (st, 0);
    r.ts = s_time (st, 1);
    hub_sql_text (st, 2, r.actor, sizeof r.actor);
    hub_sql_text (st, 3, r.action, sizeof r.action);
    r.has_object = hub_sql_blob (st, 4, r.object, ID);
    r.has_subject = hub_sql_blob (st, 5, r.subject, PROTO_REF_BYTES);
    hub_sql_text (st, 6, r.result, sizeof r.result);
    hub_sql_text (st, 7, r.origin, sizeof r.origin);
    r.has_digest = hub_sql_blob (st, 8, r.digest, PROTO_DIGEST_BYTES);
    bool damaged = !hub_sql_blob (st, 9, r.hash, PROTO_DIGEST_BYTES)
                || (sqlite3_column_type (st, 5) != SQLITE_NULL && !r.has_subject)
                || (sqlite3_column_type (st, 8) != SQLITE_NULL && !r.has_digest);
    return ((hub_audit_fn *) fn) (arg, &r, damaged);
}

static int
s_inspect_audit_of (hub_store_t *store, const uint8_t id [ID], hub_audit_fn *fn, void *arg)
{
    return s_each (hub_sql (store,
        "SELECT seq, ts, actor, action, object, subject, result, origin, digest, hash"
        " FROM audit WHERE object = ?1 ORDER BY seq", "b", id, (size_t) ID),
        s_audit_row, (s_any_fn *) fn, arg);
}

/* ---- the backend's table ---------------------------------------------- */

const hub_store_inspect_ops_t hub_sqlite_inspect = {
    .inspect_household = s_inspect_household,
    .inspect_refs = s_inspect_refs,
    .inspect_phases = s_inspect_phases,
    .inspect_signals = s_inspect_signals,
    .inspect_history = s_inspect_history,
    .inspect_matches = s_inspect_matches,
    .inspect_match_parties = s_inspect_match_parties,
    .inspect_referrals = s_inspect_referrals,
    .inspect_consent = s_inspect_consent,
    .inspect_escalations = s_inspect_escalations,
    .inspect_agreements = s_inspect_agreements,
    .inspect_agreement_log = s_inspect_agreement_log,
    .inspect_rounds = s_inspect_rounds,
    .inspect_round_partners = s_inspect_round_partners,
    .inspect_progress = s_inspect_progress,
    .inspect_message = s_inspect_message,
    .inspect_queued_for = s_inspect_queued_for,
    .inspect_audit_of = s_inspect_audit_of,
};
