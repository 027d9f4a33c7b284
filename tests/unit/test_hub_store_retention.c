/*  test_hub_store_retention.c - what retention counts and removes
    (hub_store_retention.h): each rule finds its rows and no others, the
    counts are what a run removes, and a gather alone changes nothing.

    Messages, deliveries and audit entries are written through the store;
    the workflows' tables with plain SQL, as no repository writes them yet.  */
#include "testing.h"
#include "store_fixture.h"
#include "hub_sql.h"
#include "hub_store.h"
#include "hub_store_retention.h"

#define s_open      store_fixture_open
#define s_close     store_fixture_discard
#define s_int       store_fixture_int
#define s_exec      store_fixture_exec

/*  now, signals_before, history_before, follow_up_ms                      */
static const hub_retention_cutoffs_t s_at = { 10000, 5000, 3000, 1000 };

/*  A stored message with id {n, ...}, queued for "wijk"; its seq.          */
static uint64_t
s_message (hub_store_t *store, uint8_t n)
{
    uint8_t id [PROTO_ID_BYTES], digest [PROTO_DIGEST_BYTES], sig [PROTO_SIGNATURE_BYTES] = { 0 };
    memset (id, n, sizeof id);
    memset (digest, n, sizeof digest);
    uint64_t seq = 0;
    if (hub_store_put (store, id, "politie", "signal", n, n, digest, (const uint8_t *) "env", 3,
                       sig, &seq) != 0
    ||  hub_store_enqueue (store, "wijk", seq) != 0)
        return 0;
    return seq;
}

/*  Whether message seq still has its envelope, and its deliveries.          */
static long long
s_envelope (hub_store_t *store, uint64_t seq)
{
    char sql [128];
    snprintf (sql, sizeof sql, "SELECT count (*) FROM messages WHERE seq = %llu"
              " AND envelope IS NOT NULL", (unsigned long long) seq);
    return s_int (store, sql);
}

static long long
s_deliveries (hub_store_t *store, uint64_t seq)
{
    char sql [128];
    snprintf (sql, sizeof sql, "SELECT count (*) FROM deliveries WHERE seq = %llu",
              (unsigned long long) seq);
    return s_int (store, sql);
}

/*  An audit entry about subject {s, ...} naming message id {o, ...}.        */
static int
s_audit (hub_store_t *store, uint64_t seq, uint64_t ts, uint8_t s, uint8_t o)
{
    hub_audit_row_t row;
    memset (&row, 0, sizeof row);
    row.seq = seq;
    row.ts = ts;
    snprintf (row.actor, sizeof row.actor, "hub");
    snprintf (row.action, sizeof row.action, "notice");
    snprintf (row.result, sizeof row.result, "to wijk");
    row.has_subject = true;
    memset (row.subject, s, sizeof row.subject);
    row.has_object = true;
    memset (row.object, o, sizeof row.object);
    return hub_store_audit_put (store, &row);
}

/*  Signals that led to nothing and are older than signals_before move into
    the archive, per household and partner, and their envelopes go; a
    newer one, one that led to regie and one of a household held now stay.  */
static void
test_expired_signals_move_into_the_archive (void)
{
    hub_store_t *store = s_open ();
    CHECK (store);
    uint64_t old1 = s_message (store, 1), old2 = s_message (store, 2), young = s_message (store, 3);
    CHECK (old1 && old2 && young);
    char sql [1024];
    snprintf (sql, sizeof sql,
        "INSERT INTO households (hh, created, team) VALUES (1, 1, NULL), (2, 1, 'acm'), (3, 1, NULL);"
        "INSERT INTO signals (seq, hh, partner, ts, leefgebied, severity, led_to_regie) VALUES"
        " (%llu, 1, 'school', 1000, 'wonen', 'zorg', 0), (%llu, 1, 'school', 1500, 'wonen', 'zorg', 0),"
        " (%llu, 1, 'school', 6000, 'wonen', 'zorg', 0), (100, 2, 'school', 1000, 'wonen', 'zorg', 0),"
        " (101, 3, 'school', 1000, 'wonen', 'zorg', 1);",
        (unsigned long long) old1, (unsigned long long) old2, (unsigned long long) young);
    CHECK_INT (s_exec (store, sql), 0);
    hub_retention_counts_t n;
    CHECK_INT (hub_store_retention_gather (store, &s_at, &n), 0);
    CHECK_INT (n.signals_expired, 2);
    CHECK_INT (n.messages_emptied, 2);
    CHECK_INT (n.households_forgotten, 0);
    CHECK_INT (n.households_reduced, 0);
    CHECK_INT (hub_store_retention_remove (store, &s_at), 0);
    CHECK_INT (s_int (store, "SELECT count (*) FROM signals"), 3);
    CHECK_INT (s_int (store, "SELECT count (*) FROM signals WHERE hh = 1 AND ts = 6000"), 1);
    CHECK_INT (s_int (store, "SELECT count (*) FROM history WHERE hh = 1 AND partner = 'school'"
                             " AND first_ts = 1000 AND last_ts = 1500 AND signals = 2"
                             " AND archived = 10000"), 1);
    CHECK_INT (s_envelope (store, old1), 0);
    CHECK_INT (s_deliveries (store, old1), 0);
    CHECK_INT (s_envelope (store, old2), 0);
    CHECK_INT (s_envelope (store, young), 1);
    CHECK_INT (s_deliveries (store, young), 1);
    s_close (&store);
}

/*  Archive entries older than history_before go, newer ones stay.          */
static void
test_old_archive_entries_are_removed (void)
{
    hub_store_t *store = s_open ();
    CHECK (store);
    CHECK_INT (s_exec (store,
        "INSERT INTO history (hh, partner, first_ts, last_ts, signals, archived) VALUES"
        " (5, 'school', 1, 1, 1, 2000), (6, 'school', 1, 1, 1, 4000);"), 0);
    hub_retention_counts_t n;
    CHECK_INT (hub_store_retention_gather (store, &s_at, &n), 0);
    CHECK_INT (n.history_removed, 1);
    CHECK_INT (hub_store_retention_remove (store, &s_at), 0);
    CHECK_INT (s_int (store, "SELECT count (*) FROM history"), 1);
    CHECK_INT (s_int (store, "SELECT hh FROM history"), 6);
    s_close (&store);
}

/*  A referral declined before signals_before in a household held by no
    team loses its envelope and its decline's; the row stays, and a second
    run counts it no more.                                                   */
static void
test_an_expired_decline_loses_both_envelopes_once (void)
{
    hub_store_t *store = s_open ();
    CHECK (store);
    uint64_t referral = s_message (store, 1), decline = s_message (store, 2);
    uint64_t held = s_message (store, 3);
    CHECK (referral && decline && held);
    char sql [1024];
    snprintf (sql, sizeof sql,
        "INSERT INTO households (hh, created, team) VALUES (7, 1, NULL), (8, 1, 'acm');"
        "INSERT INTO referrals (seq, id, hh, team, referrer, introducer, ts, status, decided,"
        " decided_seq) VALUES (%llu, x'01', 7, 'acm', 'school', 'politie', 1, 'declined', 2000, %llu),"
        " (%llu, x'02', 8, 'acm', 'school', 'politie', 1, 'declined', 2000, NULL);",
        (unsigned long long) referral, (unsigned long long) decline, (unsigned long long) held);
    CHECK_INT (s_exec (store, sql), 0);
    hub_retention_counts_t n;
    CHECK_INT (hub_store_retention_gather (store, &s_at, &n), 0);
    CHECK_INT (n.referrals_expired, 1);
    CHECK_INT (n.messages_emptied, 2);
    CHECK_INT (hub_store_retention_remove (store, &s_at), 0);
    CHECK_INT (s_envelope (store, referral), 0);
    CHECK_INT (s_deliveries (store, referral), 0);
    CHECK_INT (s_envelope (store, decline), 0);
    CHECK_INT (s_envelope (store, held), 1);
    CHECK_INT (s_int (store, "SELECT count (*) FROM referrals"), 2);
    CHECK_INT (hub_store_retention_gather (store, &s_at, &n), 0);
    CHECK_INT (n.referrals_expired, 0);
    CHECK_INT (n.messages_emptied, 0);
    s_close (&store);
}

/*  A household that never held regie and that nothing refers to any more
    (its one referral declined and expired) is forgotten: its pseudonyms and
    consent go, and the envelopes of what the audit log says about them;
    its row stays. One with an agreement is not forgotten.                  */
static void
test_a_household_nothing_refers_to_is_forgotten (void)
{
    hub_store_t *store = s_open ();
    CHECK (store);
    uint64_t referral = s_message (store, 1), notice = s_message (store, 2);
    uint64_t other = s_message (store, 3), kept = s_message (store, 4);
    CHECK (referral && notice && other && kept);
    char sql [2048];
    snprintf (sql, sizeof sql,
        "INSERT INTO households (hh, created) VALUES (8, 1), (9, 1);"
        "INSERT INTO household_refs (ref, hh, kind, added) VALUES"
        " (x'8181818181818181818181818181818181818181818181818181818181818181', 8, 'person', 1),"
        " (x'9191919191919191919191919191919191919191919191919191919191919191', 9, 'person', 1);"
        "INSERT INTO consent (hh, partner, basis, valid_from, valid_until, recorded) VALUES"
        " (8, 'school', 'consent', 1, 99999, 1), (9, 'school', 'consent', 1, 99999, 1);"
        "INSERT INTO referrals (seq, id, hh, team, referrer, introducer, ts, status, decided) VALUES"
        " (%llu, x'01', 8, 'acm', 'school', 'politie', 1, 'declined', 2000),"
        " (%llu, x'02', 9, 'acm', 'school', 'politie', 1, 'declined', 2000);"
        "INSERT INTO agreements (agreement, hh, owner, regisseur, leefgebied, due, status, created,"
        " seq, changed) VALUES (x'0A', 9, 'school', 'anna', 'wonen', 1, 'accepted', 1, 1, 1);",
        (unsigned long long) referral, (unsigned long long) other);
    CHECK_INT (s_exec (store, sql), 0);
    CHECK_INT (s_audit (store, 1, 100, 0x81, 2), 0);
    CHECK_INT (s_audit (store, 2, 100, 0x91, 4), 0);
    hub_retention_counts_t n;
    CHECK_INT (hub_store_retention_gather (store, &s_at, &n), 0);
    CHECK_INT (n.households_forgotten, 1);
    CHECK_INT (n.households_reduced, 0);
    CHECK_INT (n.referrals_expired, 2);
    CHECK_INT (n.messages_emptied, 3);
    CHECK_INT (hub_store_retention_remove (store, &s_at), 0);
    CHECK_INT (s_int (store, "SELECT count (*) FROM household_refs WHERE hh = 8"), 0);
    CHECK_INT (s_int (store, "SELECT count (*) FROM consent WHERE hh = 8"), 0);
    CHECK_INT (s_int (store, "SELECT count (*) FROM households WHERE hh = 8"), 1);
    CHECK_INT (s_envelope (store, notice), 0);
    CHECK_INT (s_deliveries (store, notice), 0);
    CHECK_INT (s_int (store, "SELECT count (*) FROM household_refs WHERE hh = 9"), 1);
    CHECK_INT (s_int (store, "SELECT count (*) FROM consent WHERE hh = 9"), 1);
    CHECK_INT (s_envelope (store, kept), 1);
    s_close (&store);
}

/*  A former address of a forgotten household: what was said about it while
    it was theirs goes with them, and the address's row with it; what was
    said before it was theirs stays.                                         */
static void
test_a_former_address_goes_with_the_household_for_its_window (void)
{
    hub_store_t *store = s_open ();
    CHECK (store);
    uint64_t referral = s_message (store, 1), theirs = s_message (store, 2);
    uint64_t before = s_message (store, 3);
    CHECK (referral && theirs && before);
    char sql [1024];
    snprintf (sql, sizeof sql,
        "INSERT INTO households (hh, created) VALUES (8, 1);"
        "INSERT INTO household_refs (ref, hh, kind, added) VALUES"
        " (x'8181818181818181818181818181818181818181818181818181818181818181', 8, 'person', 1);"
        "INSERT INTO household_former_refs (ref, hh, kind, since, until) VALUES"
        " (x'8585858585858585858585858585858585858585858585858585858585858585', 8, 'address', 200, 300);"
        "INSERT INTO referrals (seq, id, hh, team, referrer, introducer, ts, status, decided) VALUES"
        " (%llu, x'01', 8, 'acm', 'school', 'politie', 1, 'declined', 2000);",
        (unsigned long long) referral);
    CHECK_INT (s_exec (store, sql), 0);
    CHECK_INT (s_audit (store, 1, 250, 0x85, 2), 0);
    CHECK_INT (s_audit (store, 2, 150, 0x85, 3), 0);
    hub_retention_counts_t n;
    CHECK_INT (hub_store_retention_gather (store, &s_at, &n), 0);
    CHECK_INT (n.households_forgotten, 1);
    CHECK_INT (n.messages_emptied, 2);
    CHECK_INT (hub_store_retention_remove (store, &s_at), 0);
    CHECK_INT (s_envelope (store, theirs), 0);
    CHECK_INT (s_envelope (store, before), 1);
    CHECK_INT (s_int (store, "SELECT count (*) FROM household_former_refs"), 0);
    s_close (&store);
}

/*  A closed household whose follow-up window ended with no signal in its
    last follow-up period is reduced to what the reports count; one with a
    signal in that period is not.                                            */
static void
test_a_closed_household_is_reduced_after_its_follow_up (void)
{
    hub_store_t *store = s_open ();
    CHECK (store);
    uint64_t signal = s_message (store, 1), agreement = s_message (store, 2);
    uint64_t recent = s_message (store, 3);
    CHECK (signal && agreement && recent);
    char sql [2048];
    snprintf (sql, sizeof sql,
        "INSERT INTO households (hh, created, closed_at, follow_up_until, former_team,"
        " former_casemanager, priority) VALUES (10, 1, 500, 2000, 'acm', 'anna', 1),"
        " (11, 1, 500, 2000, 'acm', 'anna', 1);"
        "INSERT INTO household_refs (ref, hh, kind, added) VALUES"
        " (x'a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0', 10, 'person', 1),"
        " (x'b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0', 11, 'person', 1);"
        "INSERT INTO signals (seq, hh, partner, ts, leefgebied, severity, led_to_regie) VALUES"
        " (%llu, 10, 'school', 100, 'wonen', 'zorg', 1), (%llu, 11, 'school', 1500, 'wonen', 'zorg', 1);"
        "INSERT INTO history (hh, partner, first_ts, last_ts, signals, archived) VALUES"
        " (10, 'wijk', 1, 1, 1, 9000);"
        "INSERT INTO agreements (agreement, hh, owner, regisseur, leefgebied, due, status, created,"
        " seq, changed, action) VALUES (x'0A', 10, 'school', 'anna', 'wonen', 1, 'done', 1, %llu, 1,"
        " 'the action');"
        "INSERT INTO agreement_log (agreement, ts, status, author, note) VALUES"
        " (x'0A', 1, 'done', 'school', 'a note');"
        "INSERT INTO rounds (round, hh, number, at, regisseur, place, created) VALUES"
        " (x'01', 10, 1, 1, 'anna', 'the school', 1);"
        "INSERT INTO progress (seq, round, partner, status, note, ts) VALUES"
        " (77, x'01', 'school', 'ok', 'a note', 1);"
        "INSERT INTO escalations (escalation, hh, team, partner, reason, history, created, note)"
        " VALUES (x'0E', 10, 'acm', 'acm-esc', 'r', 'what happened', 1, 'a note');",
        (unsigned long long) signal, (unsigned long long) recent, (unsigned long long) agreement);
    CHECK_INT (s_exec (store, sql), 0);
    hub_retention_counts_t n;
    CHECK_INT (hub_store_retention_gather (store, &s_at, &n), 0);
    CHECK_INT (n.households_reduced, 1);
    CHECK_INT (n.households_forgotten, 0);
    CHECK_INT (n.signals_expired, 0);
    CHECK_INT (n.messages_emptied, 2);
    CHECK_INT (hub_store_retention_remove (store, &s_at), 0);
    CHECK_INT (s_int (store, "SELECT count (*) FROM signals WHERE hh = 10"), 0);
    CHECK_INT (s_int (store, "SELECT count (*) FROM history WHERE hh = 10"), 0);
    CHECK_INT (s_int (store, "SELECT count (*) FROM household_refs WHERE hh = 10"), 0);
    CHECK_INT (s_int (store, "SELECT count (*) FROM agreements WHERE action IS NULL"), 1);
    CHECK_INT (s_int (store, "SELECT count (*) FROM agreement_log WHERE note IS NULL"), 1);
    CHECK_INT (s_int (store, "SELECT count (*) FROM progress WHERE note IS NULL"), 1);
    CHECK_INT (s_int (store, "SELECT count (*) FROM rounds WHERE place IS NULL"), 1);
    CHECK_INT (s_int (store, "SELECT count (*) FROM escalations WHERE history = '' AND note IS NULL"), 1);
    CHECK_INT (s_int (store, "SELECT count (*) FROM households WHERE hh = 10 AND former_team IS NULL"
                             " AND former_casemanager IS NULL AND priority = 0"), 1);
    CHECK_INT (s_envelope (store, signal), 0);
    CHECK_INT (s_envelope (store, agreement), 0);
    CHECK_INT (s_envelope (store, recent), 1);
    CHECK_INT (s_int (store, "SELECT count (*) FROM households WHERE hh = 11 AND priority = 1"), 1);
    CHECK_INT (s_int (store, "SELECT count (*) FROM signals WHERE hh = 11"), 1);
    s_close (&store);
}

/*  A gather counts without changing what the hub keeps (a dry run), and a
    second gather counts the same.                                           */
static void
test_a_gather_alone_changes_nothing (void)
{
    hub_store_t *store = s_open ();
    CHECK (store);
    uint64_t old = s_message (store, 1);
    CHECK (old);
    char sql [512];
    snprintf (sql, sizeof sql,
        "INSERT INTO households (hh, created) VALUES (1, 1);"
        "INSERT INTO signals (seq, hh, partner, ts, leefgebied, severity) VALUES"
        " (%llu, 1, 'school', 1000, 'wonen', 'zorg');"
        "INSERT INTO history (hh, partner, first_ts, last_ts, signals, archived) VALUES"
        " (5, 'school', 1, 1, 1, 2000);", (unsigned long long) old);
    CHECK_INT (s_exec (store, sql), 0);
    hub_retention_counts_t n, again;
    CHECK_INT (hub_store_retention_gather (store, &s_at, &n), 0);
    CHECK_INT (hub_store_retention_gather (store, &s_at, &again), 0);
    CHECK_INT (n.signals_expired, 1);
    CHECK_INT (n.history_removed, 1);
    CHECK_INT (n.messages_emptied, 1);
    CHECK_MEM (&n, &again, sizeof n);
    CHECK_INT (s_int (store, "SELECT count (*) FROM signals"), 1);
    CHECK_INT (s_int (store, "SELECT count (*) FROM history"), 1);
    CHECK_INT (s_envelope (store, old), 1);
    CHECK_INT (s_deliveries (store, old), 1);
    s_close (&store);
}

/*  Cutoffs of 0 find no signal, archive entry or decline, however old.     */
static void
test_cutoffs_of_zero_remove_nothing (void)
{
    hub_store_t *store = s_open ();
    CHECK (store);
    uint64_t old = s_message (store, 1);
    CHECK (old);
    char sql [512];
    snprintf (sql, sizeof sql,
        "INSERT INTO households (hh, created) VALUES (1, 1);"
        "INSERT INTO signals (seq, hh, partner, ts, leefgebied, severity) VALUES"
        " (%llu, 1, 'school', 0, 'wonen', 'zorg');"
        "INSERT INTO history (hh, partner, first_ts, last_ts, signals, archived) VALUES"
        " (5, 'school', 0, 0, 1, 0);", (unsigned long long) old);
    CHECK_INT (s_exec (store, sql), 0);
    hub_retention_cutoffs_t at = { 10000, 0, 0, 1000 };
    hub_retention_counts_t n;
    CHECK_INT (hub_store_retention_gather (store, &at, &n), 0);
    CHECK_INT (n.signals_expired, 0);
    CHECK_INT (n.history_removed, 0);
    CHECK_INT (n.messages_emptied, 0);
    CHECK_INT (hub_store_retention_remove (store, &at), 0);
    CHECK_INT (s_int (store, "SELECT count (*) FROM signals"), 1);
    CHECK_INT (s_int (store, "SELECT count (*) FROM history"), 1);
    CHECK_INT (s_envelope (store, old), 1);
    s_close (&store);
}

void
suite_hub_store_retention (void)
{
    TEST_RUN ("hub_store_retention", test_expired_signals_move_into_the_archive);
    TEST_RUN ("hub_store_retention", test_old_archive_entries_are_removed);
    TEST_RUN ("hub_store_retention", test_an_expired_decline_loses_both_envelopes_once);
    TEST_RUN ("hub_store_retention", test_a_household_nothing_refers_to_is_forgotten);
    TEST_RUN ("hub_store_retention", test_a_former_address_goes_with_the_household_for_its_window);
    TEST_RUN ("hub_store_retention", test_a_closed_household_is_reduced_after_its_follow_up);
    TEST_RUN ("hub_store_retention", test_a_gather_alone_changes_nothing);
    TEST_RUN ("hub_store_retention", test_cutoffs_of_zero_remove_nothing);
}
