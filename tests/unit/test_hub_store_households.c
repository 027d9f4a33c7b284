/*  test_hub_store_households.c - the households repository on a real store
    file: households and their refs, need-to-know, consent, regie and
    phases (the join and a move: test_hub_store_households_join.c). Rows of
    other repositories (signals, referrals, agreements) are written with
    plain SQL where a test needs them.                                       */
#include "testing.h"
#include "hub_store_households.h"
#include "store_fixture.h"

#define REF     PROTO_REF_BYTES
#define PID     (PROTO_MAX_PARTNER_ID_BYTES + 1)

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

/* ---- households and their refs ------------------------------------------- */

static void
test_a_new_household_is_read_back_without_regie (void)
{
    hub_store_t *store = s_open ();
    CHECK (store);
    int64_t hh = 0;
    CHECK_INT (hub_store_household_create (store, 1000, &hh), 0);
    CHECK (hh > 0);
    hub_household_row_t row;
    CHECK_INT (hub_store_household_get (store, hh, &row), 1);
    CHECK_INT (row.hh, hh);
    CHECK_STR (row.team, "");
    CHECK_STR (row.casemanager, "");
    CHECK_STR (row.phase, "");
    CHECK_INT (row.since, 0);
    CHECK (!row.priority);
    CHECK_INT (s_int (store, "SELECT created FROM households"), 1000);
    CHECK_INT (s_close (&store), 0);
}

static void
test_an_unknown_household_is_not_found (void)
{
    hub_store_t *store = s_open ();
    CHECK (store);
    hub_household_row_t row;
    CHECK_INT (hub_store_household_get (store, 42, &row), 0);
    CHECK_INT (row.hh, 0);
    CHECK_INT (s_close (&store), 0);
}

static void
test_a_ref_finds_its_household (void)
{
    hub_store_t *store = s_open ();
    CHECK (store);
    int64_t hh = s_household (store, 1, 0x11), found = 0;
    CHECK (hh);
    uint8_t ref [REF];
    s_ref (ref, 0x11);
    CHECK_INT (hub_store_household_of_ref (store, ref, &found), 1);
    CHECK_INT (found, hh);
    CHECK_INT (s_close (&store), 0);
}

static void
test_an_unknown_ref_finds_none (void)
{
    hub_store_t *store = s_open ();
    CHECK (store);
    uint8_t ref [REF];
    s_ref (ref, 0x99);
    int64_t found = 7;
    CHECK_INT (hub_store_household_of_ref (store, ref, &found), 0);
    CHECK_INT (found, 0);
    CHECK_INT (s_close (&store), 0);
}

static void
test_a_linked_ref_keeps_its_household (void)
{
    hub_store_t *store = s_open ();
    CHECK (store);
    int64_t first = s_household (store, 1, 0x11), second = s_household (store, 2, 0), found = 0;
    CHECK (first && second);
    uint8_t ref [REF];
    s_ref (ref, 0x11);
    CHECK_INT (hub_store_household_ref_add (store, second, ref, "address", 3), 0);
    CHECK_INT (hub_store_household_of_ref (store, ref, &found), 1);
    CHECK_INT (found, first);
    CHECK_INT (s_close (&store), 0);
}

static void
test_a_removed_ref_finds_nothing_and_is_not_counted (void)
{
    hub_store_t *store = s_open ();
    CHECK (store);
    int64_t hh = s_household (store, 1, 0x11), found = 0, count = 0;
    CHECK (hh);
    uint8_t person [REF], address [REF];
    s_ref (person, 0x11);
    s_ref (address, 0x22);
    CHECK_INT (hub_store_household_ref_add (store, hh, address, "address", 2), 0);
    CHECK_INT (hub_store_household_ref_count (store, hh, &count), 0);
    CHECK_INT (count, 2);
    CHECK_INT (hub_store_household_ref_remove (store, person), 0);
    CHECK_INT (hub_store_household_of_ref (store, person, &found), 0);
    CHECK_INT (hub_store_household_ref_count (store, hh, &count), 0);
    CHECK_INT (count, 1);
    CHECK_INT (s_int (store, "SELECT count (*) FROM household_former_refs"), 0);
    CHECK_INT (s_close (&store), 0);
}

static void
test_the_subject_is_the_oldest_person_and_address (void)
{
    hub_store_t *store = s_open ();
    CHECK (store);
    int64_t hh = s_household (store, 5, 0x11);
    CHECK (hh);
    uint8_t older [REF], address [REF], later [REF];
    s_ref (older, 0x10);
    s_ref (address, 0x22);
    s_ref (later, 0x33);
    CHECK_INT (hub_store_household_ref_add (store, hh, older, "person", 1), 0);
    CHECK_INT (hub_store_household_ref_add (store, hh, address, "address", 6), 0);
    CHECK_INT (hub_store_household_ref_add (store, hh, later, "address", 7), 0);
    uint8_t p [REF], a [REF];
    bool hp = false, ha = false;
    CHECK_INT (hub_store_household_subject (store, hh, p, a, &hp, &ha), 1);
    CHECK (hp && ha);
    CHECK_MEM (p, older, REF);
    CHECK_MEM (a, address, REF);
    CHECK_INT (s_close (&store), 0);
}

static void
test_a_household_without_an_address_has_only_a_person_as_subject (void)
{
    hub_store_t *store = s_open ();
    CHECK (store);
    int64_t hh = s_household (store, 5, 0x11);
    CHECK (hh);
    uint8_t p [REF], a [REF];
    bool hp = false, ha = true;
    CHECK_INT (hub_store_household_subject (store, hh, p, a, &hp, &ha), 1);
    CHECK (hp);
    CHECK (!ha);
    CHECK_INT (hub_store_household_subject (store, hh + 1, p, a, &hp, &ha), 0);
    CHECK (!hp && !ha);
    CHECK_INT (s_close (&store), 0);
}

/*  Rounds, agreements, matches and escalations name their household; an
    escalation about no household names none, an unknown id is not found.  */
static void
test_an_object_names_its_household (void)
{
    hub_store_t *store = s_open ();
    CHECK (store);
    static const char *rows =
        "INSERT INTO rounds (round, hh, number, at, regisseur, created)"
        " VALUES (x'01010101010101010101010101010101', 11, 1, 1, 'cm', 1);"
        "INSERT INTO agreements (agreement, hh, owner, regisseur, leefgebied, due, status,"
        " created, seq, changed) VALUES (x'02020202020202020202020202020202', 12, 'o', 'cm',"
        " 'gezin', 1, 'proposed', 1, 1, 1);"
        "INSERT INTO matches (match, hh, created, deadline, escalate_at)"
        " VALUES (x'03030303030303030303030303030303', 13, 1, 1, 1);"
        "INSERT INTO escalations (escalation, hh, partner, reason, history, created)"
        " VALUES (x'04040404040404040404040404040404', 14, 'esc', 'r', 'h', 1),"
        " (x'05050505050505050505050505050505', NULL, 'esc', 'r', 'h', 1);";
    CHECK_INT (store_fixture_exec (store, rows), 0);
    static const struct { hub_object_t kind; uint8_t byte; int found; int64_t hh; } cases [] = {
        { HUB_OBJECT_ROUND, 1, 1, 11 }, { HUB_OBJECT_AGREEMENT, 2, 1, 12 },
        { HUB_OBJECT_MATCH, 3, 1, 13 }, { HUB_OBJECT_ESCALATION, 4, 1, 14 },
        { HUB_OBJECT_ESCALATION, 5, 1, 0 }, { HUB_OBJECT_ROUND, 2, 0, 0 },
        { HUB_OBJECT_AGREEMENT, 1, 0, 0 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases [0]; i++) {
        uint8_t id [PROTO_ID_BYTES];
        memset (id, cases [i].byte, sizeof id);
        int64_t hh = -1;
        CHECK_INT (hub_store_object_household (store, cases [i].kind, id, &hh), cases [i].found);
        CHECK_INT (hh, cases [i].hh);
    }
    CHECK_INT (s_close (&store), 0);
}

/* ---- need to know ---------------------------------------------------------- */

static void
test_a_partner_that_signalled_is_related (void)
{
    hub_store_t *store = s_open ();
    CHECK (store);
    int64_t hh = s_household (store, 1, 0x11);
    CHECK (hh == 1);
    CHECK_INT (s_exec (store, "INSERT INTO signals (seq, hh, partner, ts, leefgebied, severity)"
                              " VALUES (1, 1, 'politie', 1, 'veiligheid', 'zorg')"), 0);
    CHECK_INT (hub_store_household_related (store, hh, "politie"), 1);
    CHECK_INT (hub_store_household_related (store, hh, "school"), 0);
    CHECK_INT (hub_store_household_related (store, hh + 1, "politie"), 0);
    CHECK_INT (s_close (&store), 0);
}

static void
test_referrer_introducer_owner_and_archive_relate_a_partner (void)
{
    hub_store_t *store = s_open ();
    CHECK (store);
    int64_t hh = s_household (store, 1, 0x11);
    CHECK (hh == 1);
    const char *rows =
        "INSERT INTO referrals (seq, id, hh, team, referrer, introducer, ts, status)"
        " VALUES (1, x'01', 1, 'acm', 'school', 'ggd', 1, 'open');"
        "INSERT INTO agreements (agreement, hh, owner, regisseur, leefgebied, due, status,"
        " created, seq, changed) VALUES (x'02', 1, 'woonbron', 'cm', 'wonen', 9, 'proposed', 1, 2, 1);"
        "INSERT INTO history (hh, partner, first_ts, last_ts, signals, archived)"
        " VALUES (1, 'ggz', 1, 2, 3, 4)";
    CHECK_INT (s_exec (store, rows), 0);
    CHECK_INT (hub_store_household_related (store, hh, "school"), 1);
    CHECK_INT (hub_store_household_related (store, hh, "ggd"), 1);
    CHECK_INT (hub_store_household_related (store, hh, "woonbron"), 1);
    CHECK_INT (hub_store_household_related (store, hh, "ggz"), 1);
    CHECK_INT (hub_store_household_related (store, hh, "politie"), 0);
    CHECK_INT (s_close (&store), 0);
}

/* ---- consent --------------------------------------------------------------- */

static void
test_consent_covers_its_window_only (void)
{
    hub_store_t *store = s_open ();
    CHECK (store);
    int64_t hh = s_household (store, 1, 0x11);
    CHECK (hh);
    CHECK_INT (hub_store_consent_record (store, hh, "ggz", "toestemming", 100, 200, 50), 0);
    CHECK_INT (hub_store_consent_covers (store, hh, "ggz", 99), 0);
    CHECK_INT (hub_store_consent_covers (store, hh, "ggz", 100), 1);
    CHECK_INT (hub_store_consent_covers (store, hh, "ggz", 199), 1);
    CHECK_INT (hub_store_consent_covers (store, hh, "ggz", 200), 0);
    CHECK_INT (hub_store_consent_covers (store, hh, "school", 150), 0);
    CHECK_INT (s_close (&store), 0);
}

static void
test_withdrawn_consent_covers_no_more_until_recorded_again (void)
{
    hub_store_t *store = s_open ();
    CHECK (store);
    int64_t hh = s_household (store, 1, 0x11);
    CHECK (hh);
    CHECK_INT (hub_store_consent_record (store, hh, "ggz", "toestemming", 100, 200, 50), 0);
    CHECK_INT (hub_store_consent_withdraw (store, hh, "ggz", 120), 0);
    CHECK_INT (hub_store_consent_covers (store, hh, "ggz", 150), 0);
    CHECK_INT (s_int (store, "SELECT withdrawn FROM consent"), 120);
    CHECK_INT (hub_store_consent_record (store, hh, "ggz", "wettelijk", 100, 300, 130), 0);
    CHECK_INT (hub_store_consent_covers (store, hh, "ggz", 250), 1);
    CHECK_INT (s_int (store, "SELECT count (*) FROM consent WHERE withdrawn IS NULL"
                             " AND basis = 'wettelijk' AND recorded = 130"), 1);
    CHECK_INT (s_close (&store), 0);
}

static void
test_the_covered_partners_are_listed_up_to_max (void)
{
    hub_store_t *store = s_open ();
    CHECK (store);
    int64_t hh = s_household (store, 1, 0x11);
    CHECK (hh);
    CHECK_INT (hub_store_consent_record (store, hh, "ggz", "toestemming", 0, 100, 0), 0);
    CHECK_INT (hub_store_consent_record (store, hh, "school", "toestemming", 0, 100, 0), 0);
    CHECK_INT (hub_store_consent_record (store, hh, "woonbron", "toestemming", 0, 100, 0), 0);
    CHECK_INT (hub_store_consent_record (store, hh, "politie", "toestemming", 60, 100, 0), 0);
    CHECK_INT (hub_store_consent_withdraw (store, hh, "school", 10), 0);
    char partners [4][PID];
    size_t count = 0;
    CHECK_INT (hub_store_consent_partners (store, hh, 50, partners, 4, &count), 0);
    CHECK_INT (count, 2);
    bool ggz = strcmp (partners [0], "ggz") == 0 || strcmp (partners [1], "ggz") == 0;
    bool woonbron = strcmp (partners [0], "woonbron") == 0 || strcmp (partners [1], "woonbron") == 0;
    CHECK (ggz && woonbron);
    CHECK_INT (hub_store_consent_partners (store, hh, 50, partners, 1, &count), 0);
    CHECK_INT (count, 1);
    CHECK_INT (hub_store_consent_partners (store, hh + 1, 50, partners, 4, &count), 0);
    CHECK_INT (count, 0);
    CHECK_INT (s_close (&store), 0);
}

/*  A deputy: one per casemanager, found while its period has not ended (or
    only while it runs), replaced by the next, ended early.                   */
static void
test_a_deputy_stands_in_for_its_period (void)
{
    hub_store_t *store = s_open ();
    CHECK (store);
    char deputy [PID] = "";
    uint64_t from = 0, until = 0;
    CHECK_INT (hub_store_deputy_get (store, "cm-anna", 50, false, deputy, &from, &until), 0);
    CHECK_INT (hub_store_deputy_set (store, "cm-anna", "acm", "cm-bram", 100, 200, "cm-anna", 50), 0);
    CHECK_INT (hub_store_deputy_get (store, "cm-anna", 50, true, deputy, &from, &until), 0);
    CHECK_INT (hub_store_deputy_get (store, "cm-anna", 50, false, deputy, &from, &until), 1);
    CHECK_STR (deputy, "cm-bram");
    CHECK_INT (from, 100);
    CHECK_INT (until, 200);
    CHECK_INT (hub_store_deputy_get (store, "cm-anna", 100, true, deputy, &from, &until), 1);
    CHECK_INT (hub_store_deputy_get (store, "cm-anna", 199, true, deputy, &from, &until), 1);
    CHECK_INT (hub_store_deputy_get (store, "cm-anna", 200, true, deputy, &from, &until), 0);
    CHECK_INT (hub_store_deputy_get (store, "cm-bram", 150, true, deputy, &from, &until), 0);
    /* the next naming replaces it                                           */
    CHECK_INT (hub_store_deputy_set (store, "cm-anna", "acm", "cm-carla", 100, 300, "acm-leiding",
                                     60), 0);
    CHECK_INT (hub_store_deputy_get (store, "cm-anna", 250, true, deputy, &from, &until), 1);
    CHECK_STR (deputy, "cm-carla");
    CHECK_INT (s_int (store, "SELECT count (*) FROM deputies"), 1);
    /* ended early: it no longer stands in from then on                      */
    CHECK_INT (hub_store_deputy_end (store, "cm-anna", 150), 0);
    CHECK_INT (hub_store_deputy_get (store, "cm-anna", 149, true, deputy, &from, &until), 1);
    CHECK_INT (hub_store_deputy_get (store, "cm-anna", 150, true, deputy, &from, &until), 0);
    CHECK_INT (hub_store_deputy_get (store, "cm-anna", 150, false, deputy, &from, &until), 0);
    /* one still to start goes altogether                                    */
    CHECK_INT (hub_store_deputy_set (store, "cm-anna", "acm", "cm-bram", 400, 500, "cm-anna", 160), 0);
    CHECK_INT (hub_store_deputy_end (store, "cm-anna", 170), 0);
    CHECK_INT (hub_store_deputy_get (store, "cm-anna", 170, false, deputy, &from, &until), 0);
    CHECK_INT (s_int (store, "SELECT count (*) FROM deputies"), 0);
    CHECK_INT (s_close (&store), 0);
}

/* ---- regie and phases ------------------------------------------------------ */

static void
test_a_claim_holds_regie_since_the_first_claim (void)
{
    hub_store_t *store = s_open ();
    CHECK (store);
    int64_t hh = s_household (store, 1, 0x11);
    CHECK (hh);
    hub_household_row_t row;
    CHECK_INT (hub_store_household_claim (store, hh, "acm", "cm-anna", "intake", 100), 0);
    CHECK_INT (hub_store_household_get (store, hh, &row), 1);
    CHECK_STR (row.team, "acm");
    CHECK_STR (row.casemanager, "cm-anna");
    CHECK_STR (row.phase, "intake");
    CHECK_INT (row.since, 100);
    CHECK_INT (hub_store_household_claim (store, hh, "acm", "cm-bert", "plan", 200), 0);
    CHECK_INT (hub_store_household_get (store, hh, &row), 1);
    CHECK_STR (row.casemanager, "cm-bert");
    CHECK_STR (row.phase, "plan");
    CHECK_INT (row.since, 100);
    CHECK_INT (s_int (store, "SELECT phase_since FROM households"), 100);
    CHECK_INT (s_close (&store), 0);
}

static void
test_a_phase_change_keeps_regie (void)
{
    hub_store_t *store = s_open ();
    CHECK (store);
    int64_t hh = s_household (store, 1, 0x11);
    CHECK (hh);
    hub_household_row_t row;
    CHECK_INT (hub_store_household_claim (store, hh, "acm", "cm-anna", "intake", 100), 0);
    CHECK_INT (hub_store_household_set_phase (store, hh, "plan", 300), 0);
    CHECK_INT (hub_store_household_get (store, hh, &row), 1);
    CHECK_STR (row.phase, "plan");
    CHECK_STR (row.team, "acm");
    CHECK_INT (row.since, 100);
    CHECK_INT (s_int (store, "SELECT phase_since FROM households"), 300);
    CHECK_INT (s_close (&store), 0);
}

static void
test_a_transfer_moves_regie_and_keeps_the_phase (void)
{
    hub_store_t *store = s_open ();
    CHECK (store);
    int64_t hh = s_household (store, 1, 0x11);
    CHECK (hh);
    hub_household_row_t row;
    CHECK_INT (hub_store_household_claim (store, hh, "acm", "cm-anna", "plan", 100), 0);
    CHECK_INT (hub_store_household_transfer (store, hh, "west", "cm-carla", 400), 0);
    CHECK_INT (hub_store_household_get (store, hh, &row), 1);
    CHECK_STR (row.team, "west");
    CHECK_STR (row.casemanager, "cm-carla");
    CHECK_STR (row.phase, "plan");
    CHECK_INT (row.since, 400);
    CHECK_INT (s_close (&store), 0);
}

static void
test_a_close_leaves_the_team_in_follow_up (void)
{
    hub_store_t *store = s_open ();
    CHECK (store);
    int64_t hh = s_household (store, 1, 0x11);
    CHECK (hh);
    hub_household_row_t row;
    CHECK_INT (hub_store_household_claim (store, hh, "acm", "cm-anna", "plan", 100), 0);
    CHECK_INT (hub_store_household_close (store, hh, "afgesloten", 500, 900), 0);
    CHECK_INT (hub_store_household_get (store, hh, &row), 1);
    CHECK_STR (row.team, "");
    CHECK_STR (row.casemanager, "");
    CHECK_STR (row.former_team, "acm");
    CHECK_STR (row.former_casemanager, "cm-anna");
    CHECK_STR (row.phase, "afgesloten");
    CHECK_INT (row.closed_at, 500);
    CHECK_INT (row.follow_up_until, 900);
    CHECK_INT (s_close (&store), 0);
}

static void
test_a_claim_ends_a_follow_up_window (void)
{
    hub_store_t *store = s_open ();
    CHECK (store);
    int64_t hh = s_household (store, 1, 0x11);
    CHECK (hh);
    hub_household_row_t row;
    CHECK_INT (hub_store_household_claim (store, hh, "acm", "cm-anna", "plan", 100), 0);
    CHECK_INT (hub_store_household_close (store, hh, "afgesloten", 500, 900), 0);
    CHECK_INT (hub_store_household_claim (store, hh, "west", "cm-carla", "intake", 600), 0);
    CHECK_INT (hub_store_household_get (store, hh, &row), 1);
    CHECK_STR (row.team, "west");
    CHECK_INT (row.since, 600);
    CHECK_INT (row.closed_at, 0);
    CHECK_INT (row.follow_up_until, 0);
    CHECK_INT (s_close (&store), 0);
}

static void
test_follow_up_ends_when_its_window_has_passed (void)
{
    hub_store_t *store = s_open ();
    CHECK (store);
    int64_t hh = s_household (store, 1, 0x11);
    CHECK (hh);
    hub_household_row_t row;
    CHECK_INT (hub_store_household_claim (store, hh, "acm", "cm-anna", "plan", 100), 0);
    CHECK_INT (hub_store_household_close (store, hh, "afgesloten", 500, 900), 0);
    CHECK_INT (hub_store_households_end_follow_up (store, 899), 0);
    CHECK_INT (hub_store_household_get (store, hh, &row), 1);
    CHECK_STR (row.former_team, "acm");
    CHECK_INT (hub_store_households_end_follow_up (store, 900), 0);
    CHECK_INT (hub_store_household_get (store, hh, &row), 1);
    CHECK_STR (row.former_team, "");
    CHECK_STR (row.former_casemanager, "");
    CHECK_INT (row.follow_up_until, 900);
    CHECK_INT (s_close (&store), 0);
}

static void
test_the_phase_log_keeps_every_line (void)
{
    hub_store_t *store = s_open ();
    CHECK (store);
    int64_t hh = s_household (store, 1, 0x11);
    CHECK (hh);
    CHECK_INT (hub_store_phase_log (store, hh, 10, "intake", "acm", "cm-anna", "regie claimed"), 0);
    CHECK_INT (hub_store_phase_log (store, hh, 20, "plan", "acm", "cm-anna", NULL), 0);
    CHECK_INT (s_int (store, "SELECT count (*) FROM phases WHERE hh = 1"), 2);
    CHECK_INT (s_int (store, "SELECT ts FROM phases WHERE reason = 'regie claimed'"
                             " AND phase = 'intake' AND team = 'acm' AND author = 'cm-anna'"), 10);
    CHECK_INT (s_int (store, "SELECT ts FROM phases WHERE reason IS NULL AND phase = 'plan'"), 20);
    CHECK_INT (s_close (&store), 0);
}

static void
test_priority_is_set_and_cleared (void)
{
    hub_store_t *store = s_open ();
    CHECK (store);
    int64_t hh = s_household (store, 1, 0x11);
    CHECK (hh);
    hub_household_row_t row;
    CHECK_INT (hub_store_household_set_priority (store, hh, true), 0);
    CHECK_INT (hub_store_household_get (store, hh, &row), 1);
    CHECK (row.priority);
    CHECK_INT (hub_store_household_set_priority (store, hh, false), 0);
    CHECK_INT (hub_store_household_get (store, hh, &row), 1);
    CHECK (!row.priority);
    CHECK_INT (s_close (&store), 0);
}

static void
test_the_first_referral_time_is_kept (void)
{
    hub_store_t *store = s_open ();
    CHECK (store);
    int64_t hh = s_household (store, 1, 0x11);
    CHECK (hh);
    CHECK_INT (hub_store_household_referred (store, hh, 300), 0);
    CHECK_INT (hub_store_household_referred (store, hh, 200), 0);
    CHECK_INT (s_int (store, "SELECT referred_at FROM households"), 300);
    CHECK_INT (s_close (&store), 0);
}

static void
test_a_household_is_dated_by_its_first_signal (void)
{
    hub_store_t *store = s_open ();
    CHECK (store);
    int64_t hh = s_household (store, 900, 0x11);
    CHECK (hh == 1);
    CHECK_INT (s_exec (store, "INSERT INTO signals (seq, hh, partner, ts, leefgebied, severity)"
                              " VALUES (1, 1, 'politie', 70, 'x', 'zorg'),"
                              " (2, 1, 'school', 50, 'x', 'zorg'), (3, 2, 'ggz', 10, 'x', 'zorg')"), 0);
    CHECK_INT (hub_store_household_created_at_first_signal (store, hh), 0);
    CHECK_INT (s_int (store, "SELECT created FROM households WHERE hh = 1"), 50);
    CHECK_INT (s_close (&store), 0);
}

void
suite_hub_store_households (void)
{
    const char *s = "hub_store_households";
    TEST_RUN (s, test_a_new_household_is_read_back_without_regie);
    TEST_RUN (s, test_an_unknown_household_is_not_found);
    TEST_RUN (s, test_a_ref_finds_its_household);
    TEST_RUN (s, test_an_unknown_ref_finds_none);
    TEST_RUN (s, test_a_linked_ref_keeps_its_household);
    TEST_RUN (s, test_a_removed_ref_finds_nothing_and_is_not_counted);
    TEST_RUN (s, test_the_subject_is_the_oldest_person_and_address);
    TEST_RUN (s, test_a_household_without_an_address_has_only_a_person_as_subject);
    TEST_RUN (s, test_an_object_names_its_household);
    TEST_RUN (s, test_a_partner_that_signalled_is_related);
    TEST_RUN (s, test_referrer_introducer_owner_and_archive_relate_a_partner);
    TEST_RUN (s, test_consent_covers_its_window_only);
    TEST_RUN (s, test_withdrawn_consent_covers_no_more_until_recorded_again);
    TEST_RUN (s, test_the_covered_partners_are_listed_up_to_max);
    TEST_RUN (s, test_a_deputy_stands_in_for_its_period);
    TEST_RUN (s, test_a_claim_holds_regie_since_the_first_claim);
    TEST_RUN (s, test_a_phase_change_keeps_regie);
    TEST_RUN (s, test_a_transfer_moves_regie_and_keeps_the_phase);
    TEST_RUN (s, test_a_close_leaves_the_team_in_follow_up);
    TEST_RUN (s, test_a_claim_ends_a_follow_up_window);
    TEST_RUN (s, test_follow_up_ends_when_its_window_has_passed);
    TEST_RUN (s, test_the_phase_log_keeps_every_line);
    TEST_RUN (s, test_priority_is_set_and_cleared);
    TEST_RUN (s, test_the_first_referral_time_is_kept);
    TEST_RUN (s, test_a_household_is_dated_by_its_first_signal);
}
