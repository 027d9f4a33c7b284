/*  test_hub_store_households_join.c - the households repository's join of
    two households that are one, and a move, on a real store file. Rows of
    the tables a join moves are written with plain SQL where no repository
    function of this one writes them.                                       */
#include "testing.h"
#include "hub_store_households.h"
#include "store_fixture.h"

#define REF     PROTO_REF_BYTES

/*  The fixture by short names: the checks read as the SQL they run.        */
#define s_open      store_fixture_open
#define s_close     store_fixture_close
#define s_int       store_fixture_int
#define s_exec      store_fixture_exec

static void
s_ref (uint8_t ref [REF], uint8_t fill)
{
    memset (ref, fill, REF);
}

/*  A household created at now with a person ref of byte p (0: none).        */
static int64_t
s_household (hub_store_t *store, uint64_t now, uint8_t p)
{
    int64_t hh = 0;
    uint8_t ref [REF];
    s_ref (ref, p);
    if (hub_store_household_create (store, now, &hh) != 0
    ||  (p && hub_store_household_ref_add (store, hh, ref, "person", now) != 0))
        return 0;
    return hh;
}

/* ---- one household known twice, a move ------------------------------------ */

static void
test_a_join_moves_every_row_and_removes_the_other (void)
{
    hub_store_t *store = s_open ();
    CHECK (store);
    int64_t into = s_household (store, 10, 0x11), other = s_household (store, 5, 0x22), found = 0;
    CHECK (into == 1 && other == 2);
    const char *rows =
        "INSERT INTO signals (seq, hh, partner, ts, leefgebied, severity) VALUES (1, 2, 'ggz', 6, 'x', 'zorg');"
        "INSERT INTO matches (match, hh, created, deadline, escalate_at) VALUES (x'01', 2, 6, 7, 8);"
        "INSERT INTO referrals (seq, id, hh, team, referrer, introducer, ts, status)"
        " VALUES (2, x'02', 2, 'acm', 'school', 'ggd', 6, 'open');"
        "INSERT INTO escalations (escalation, hh, partner, reason, history, created)"
        " VALUES (x'03', 2, 'esc', 'r', 'h', 6);"
        "INSERT INTO rounds (round, hh, number, at, regisseur, created) VALUES (x'04', 2, 1, 9, 'cm', 6);"
        "INSERT INTO agreements (agreement, hh, owner, regisseur, leefgebied, due, status,"
        " created, seq, changed) VALUES (x'05', 2, 'ggz', 'cm', 'x', 9, 'proposed', 6, 3, 6);"
        "INSERT INTO phases (hh, ts, phase, author) VALUES (2, 6, 'intake', 'cm');";
    CHECK_INT (s_exec (store, rows), 0);
    CHECK_INT (hub_store_consent_record (store, other, "ggz", "toestemming", 0, 100, 6), 0);
    CHECK_INT (hub_store_household_join (store, into, other), 0);
    hub_household_row_t row;
    CHECK_INT (hub_store_household_get (store, other, &row), 0);
    uint8_t ref [REF];
    s_ref (ref, 0x22);
    CHECK_INT (hub_store_household_of_ref (store, ref, &found), 1);
    CHECK_INT (found, into);
    CHECK_INT (hub_store_consent_covers (store, into, "ggz", 50), 1);
    const char *tables [] = { "signals", "matches", "referrals", "escalations", "rounds",
                              "agreements", "phases", "consent", "household_refs" };
    for (size_t i = 0; i < sizeof tables / sizeof tables [0]; i++) {
        char sql [128];
        snprintf (sql, sizeof sql, "SELECT count (*) FROM %s WHERE hh = 2", tables [i]);
        CHECK_INT (s_int (store, sql), 0);
        snprintf (sql, sizeof sql, "SELECT count (*) > 0 FROM %s WHERE hh = 1", tables [i]);
        CHECK_INT (s_int (store, sql), 1);
    }
    /* the earlier creation is kept                                          */
    CHECK_INT (s_int (store, "SELECT created FROM households WHERE hh = 1"), 5);
    CHECK_INT (s_close (&store), 0);
}

static void
test_a_join_under_regie_makes_the_signals_part_of_the_case (void)
{
    hub_store_t *store = s_open ();
    CHECK (store);
    int64_t into = s_household (store, 1, 0x11), other = s_household (store, 2, 0x22);
    CHECK (into == 1 && other == 2);
    CHECK_INT (hub_store_household_claim (store, into, "acm", "cm-anna", "plan", 3), 0);
    CHECK_INT (s_exec (store, "INSERT INTO signals (seq, hh, partner, ts, leefgebied, severity)"
                              " VALUES (1, 2, 'ggz', 4, 'x', 'zorg')"), 0);
    CHECK_INT (hub_store_household_join (store, into, other), 0);
    CHECK_INT (s_int (store, "SELECT led_to_regie FROM signals WHERE seq = 1 AND hh = 1"), 1);
    CHECK_INT (s_close (&store), 0);
}

static void
test_a_join_without_regie_leaves_the_signals_outside_a_case (void)
{
    hub_store_t *store = s_open ();
    CHECK (store);
    int64_t into = s_household (store, 1, 0x11), other = s_household (store, 2, 0x22);
    CHECK (into == 1 && other == 2);
    CHECK_INT (s_exec (store, "INSERT INTO signals (seq, hh, partner, ts, leefgebied, severity)"
                              " VALUES (1, 2, 'ggz', 4, 'x', 'zorg')"), 0);
    CHECK_INT (hub_store_household_join (store, into, other), 0);
    CHECK_INT (s_int (store, "SELECT led_to_regie FROM signals WHERE seq = 1 AND hh = 1"), 0);
    CHECK_INT (s_close (&store), 0);
}

static void
test_a_join_adds_the_archive_up_as_told (void)
{
    hub_store_t *store = s_open ();
    CHECK (store);
    int64_t into = s_household (store, 1, 0x11), other = s_household (store, 2, 0x22);
    CHECK (into == 1 && other == 2);
    CHECK_INT (s_exec (store, "INSERT INTO history (hh, partner, first_ts, last_ts, signals, archived)"
                              " VALUES (1, 'ggz', 20, 30, 2, 40), (2, 'ggz', 10, 25, 3, 50),"
                              " (2, 'school', 5, 6, 1, 7)"), 0);
    CHECK_INT (hub_store_household_join (store, into, other), 0);
    CHECK_INT (s_int (store, "SELECT count (*) FROM history WHERE hh = 2"), 0);
    CHECK_INT (s_int (store, "SELECT signals * 1000000 + first_ts * 1000 + last_ts FROM history"
                             " WHERE hh = 1 AND partner = 'ggz'"), 5010030);
    CHECK_INT (s_int (store, "SELECT archived FROM history WHERE hh = 1 AND partner = 'ggz'"), 50);
    CHECK_INT (s_int (store, "SELECT told FROM history WHERE hh = 1 AND partner = 'school'"), 1);
    CHECK_INT (s_close (&store), 0);
}

static void
test_a_join_keeps_the_priority_and_referral_of_either (void)
{
    hub_store_t *store = s_open ();
    CHECK (store);
    int64_t into = s_household (store, 1, 0x11), other = s_household (store, 2, 0x22);
    CHECK (into && other);
    CHECK_INT (hub_store_household_set_priority (store, other, true), 0);
    CHECK_INT (hub_store_household_referred (store, other, 77), 0);
    CHECK_INT (hub_store_household_join (store, into, other), 0);
    hub_household_row_t row;
    CHECK_INT (hub_store_household_get (store, into, &row), 1);
    CHECK (row.priority);
    CHECK_INT (s_int (store, "SELECT referred_at FROM households"), 77);
    CHECK_INT (s_close (&store), 0);
}

static void
test_a_join_carries_a_follow_up_window_on (void)
{
    hub_store_t *store = s_open ();
    CHECK (store);
    int64_t into = s_household (store, 1, 0x11), other = s_household (store, 2, 0x22);
    CHECK (into && other);
    CHECK_INT (hub_store_household_claim (store, other, "acm", "cm-anna", "plan", 3), 0);
    CHECK_INT (hub_store_household_close (store, other, "afgesloten", 4, 900), 0);
    CHECK_INT (hub_store_household_join (store, into, other), 0);
    hub_household_row_t row;
    CHECK_INT (hub_store_household_get (store, into, &row), 1);
    CHECK_STR (row.former_team, "acm");
    CHECK_STR (row.former_casemanager, "cm-anna");
    CHECK_STR (row.phase, "afgesloten");
    CHECK_INT (row.follow_up_until, 900);
    CHECK_STR (row.team, "");
    CHECK_INT (s_close (&store), 0);
}

static void
test_a_join_into_a_household_under_regie_drops_the_follow_up (void)
{
    hub_store_t *store = s_open ();
    CHECK (store);
    int64_t into = s_household (store, 1, 0x11), other = s_household (store, 2, 0x22);
    CHECK (into && other);
    CHECK_INT (hub_store_household_claim (store, into, "west", "cm-carla", "intake", 2), 0);
    CHECK_INT (hub_store_household_claim (store, other, "acm", "cm-anna", "plan", 3), 0);
    CHECK_INT (hub_store_household_close (store, other, "afgesloten", 4, 900), 0);
    CHECK_INT (hub_store_household_join (store, into, other), 0);
    hub_household_row_t row;
    CHECK_INT (hub_store_household_get (store, into, &row), 1);
    CHECK_STR (row.team, "west");
    CHECK_STR (row.former_team, "");
    CHECK_STR (row.phase, "intake");
    CHECK_INT (row.follow_up_until, 0);
    CHECK_INT (s_close (&store), 0);
}

static void
test_a_retired_ref_is_a_former_ref_until_then (void)
{
    hub_store_t *store = s_open ();
    CHECK (store);
    int64_t hh = s_household (store, 1, 0), found = 0;
    CHECK (hh == 1);
    uint8_t address [REF];
    s_ref (address, 0x22);
    CHECK_INT (hub_store_household_ref_add (store, hh, address, "address", 10), 0);
    CHECK_INT (hub_store_household_ref_retire (store, address, 90), 0);
    CHECK_INT (hub_store_household_of_ref (store, address, &found), 0);
    CHECK_INT (s_int (store, "SELECT count (*) FROM household_former_refs WHERE hh = 1"
                             " AND kind = 'address' AND since = 10 AND until = 90"), 1);
    CHECK_INT (s_close (&store), 0);
}

static void
test_a_move_keeps_the_old_address_as_a_former_one (void)
{
    hub_store_t *store = s_open ();
    CHECK (store);
    int64_t hh = s_household (store, 1, 0x11), found = 0;
    CHECK (hh == 1);
    uint8_t person [REF], old [REF], new [REF];
    s_ref (person, 0x11);
    s_ref (old, 0x22);
    s_ref (new, 0x33);
    CHECK_INT (hub_store_household_ref_add (store, hh, old, "address", 10), 0);
    CHECK_INT (hub_store_household_move (store, hh, new, 100), 0);
    CHECK_INT (hub_store_household_of_ref (store, old, &found), 0);
    CHECK_INT (hub_store_household_of_ref (store, new, &found), 1);
    CHECK_INT (found, hh);
    CHECK_INT (hub_store_household_of_ref (store, person, &found), 1);
    CHECK_INT (s_int (store, "SELECT count (*) FROM household_former_refs WHERE hh = 1"
                             " AND since = 10 AND until = 100"), 1);
    CHECK_INT (s_int (store, "SELECT added FROM household_refs WHERE kind = 'address'"), 100);
    CHECK_INT (s_close (&store), 0);
}

static void
test_a_move_to_its_own_address_keeps_no_former_row (void)
{
    hub_store_t *store = s_open ();
    CHECK (store);
    int64_t hh = s_household (store, 1, 0x11), found = 0;
    CHECK (hh == 1);
    uint8_t address [REF];
    s_ref (address, 0x22);
    CHECK_INT (hub_store_household_ref_add (store, hh, address, "address", 10), 0);
    CHECK_INT (hub_store_household_move (store, hh, address, 100), 0);
    CHECK_INT (hub_store_household_of_ref (store, address, &found), 1);
    CHECK_INT (found, hh);
    CHECK_INT (s_int (store, "SELECT count (*) FROM household_former_refs"), 0);
    CHECK_INT (s_close (&store), 0);
}

void
suite_hub_store_households_join (void)
{
    const char *s = "hub_store_households_join";
    TEST_RUN (s, test_a_join_moves_every_row_and_removes_the_other);
    TEST_RUN (s, test_a_join_under_regie_makes_the_signals_part_of_the_case);
    TEST_RUN (s, test_a_join_without_regie_leaves_the_signals_outside_a_case);
    TEST_RUN (s, test_a_join_adds_the_archive_up_as_told);
    TEST_RUN (s, test_a_join_keeps_the_priority_and_referral_of_either);
    TEST_RUN (s, test_a_join_carries_a_follow_up_window_on);
    TEST_RUN (s, test_a_join_into_a_household_under_regie_drops_the_follow_up);
    TEST_RUN (s, test_a_retired_ref_is_a_former_ref_until_then);
    TEST_RUN (s, test_a_move_keeps_the_old_address_as_a_former_one);
    TEST_RUN (s, test_a_move_to_its_own_address_keeps_no_former_row);
}
