/*  test_hub_store_agreements.c - the agreements' repository on a real store
    file: every statement prepares, and each does what its contract says.  */
#include "testing.h"
#include "store_fixture.h"
#include "hub_sql.h"
#include "hub_store_agreements.h"

#define s_open      store_fixture_open
#define s_close     store_fixture_close
#define s_int       store_fixture_int

#define ID      PROTO_ID_BYTES
#define DAY     (24ULL * 3600 * 1000)

static void
s_id (uint8_t id [ID], uint8_t n)
{
    memset (id, 0, ID);
    id [0] = n;
}

/*  Agreement n of household hh for owner, due at due, proposed at created
    (with an action, as every agreement since schema 3 has).                */
static int
s_propose (hub_store_t *store, uint8_t n, int64_t hh, const char *owner, uint64_t due,
           uint64_t created, const uint8_t *round)
{
    uint8_t id [ID];
    s_id (id, n);
    hub_agreement_proposal_t p = {
        .agreement = id, .hh = hh, .owner = owner, .regisseur = "cm-anna",
        .leefgebied = "financien", .action = "schuldhulp starten", .due = due,
        .round = round, .created = created, .seq = 100 + n
    };
    return hub_store_agreement_propose (store, &p);
}

/* ---- one agreement ------------------------------------------------------- */

static void
test_a_proposed_agreement_is_read_back (void)
{
    hub_store_t *store = s_open ();
    CHECK (store);
    uint8_t id [ID];
    s_id (id, 1);
    CHECK_INT (s_propose (store, 1, 42, "kredietbank", 9 * DAY, DAY, NULL), 0);
    hub_agreement_t a;
    CHECK_INT (hub_store_agreement_get (store, id, &a), 1);
    CHECK_INT (a.hh, 42);
    CHECK_STR (a.owner, "kredietbank");
    CHECK_STR (a.regisseur, "cm-anna");
    CHECK_STR (a.status, "proposed");
    CHECK_INT (a.due, 9 * DAY);
    CHECK_INT (a.stagnations, 0);
    CHECK_INT (s_int (store, "SELECT seq FROM agreements WHERE created = 86400000 AND changed = created"),
               101);
    CHECK_INT (s_close (&store), 0);
}

static void
test_an_unknown_agreement_is_not_found (void)
{
    hub_store_t *store = s_open ();
    CHECK (store);
    uint8_t id [ID];
    s_id (id, 1);
    hub_agreement_t a;
    a.hh = 5;
    CHECK_INT (hub_store_agreement_get (store, id, &a), 0);
    CHECK_INT (a.hh, 0);
    CHECK_STR (a.status, "");
    CHECK_INT (s_close (&store), 0);
}

static void
test_an_agreement_id_is_proposed_once (void)
{
    hub_store_t *store = s_open ();
    CHECK (store);
    CHECK_INT (s_propose (store, 1, 42, "kredietbank", 9 * DAY, DAY, NULL), 0);
    CHECK_INT (s_propose (store, 1, 43, "ggz", 9 * DAY, DAY, NULL), -1);
    CHECK_INT (s_close (&store), 0);
}

static void
test_owned_needs_the_owner_and_the_household (void)
{
    hub_store_t *store = s_open ();
    CHECK (store);
    uint8_t id [ID], other [ID];
    s_id (id, 1);
    s_id (other, 2);
    CHECK_INT (s_propose (store, 1, 42, "kredietbank", 9 * DAY, DAY, NULL), 0);
    CHECK_INT (hub_store_agreement_owned (store, id, "kredietbank", 42), 1);
    CHECK_INT (hub_store_agreement_owned (store, id, "ggz", 42), 0);
    CHECK_INT (hub_store_agreement_owned (store, id, "kredietbank", 43), 0);
    CHECK_INT (hub_store_agreement_owned (store, other, "kredietbank", 42), 0);
    CHECK_INT (s_close (&store), 0);
}

static void
test_acceptance_sets_the_status_and_keeps_the_proof (void)
{
    hub_store_t *store = s_open ();
    CHECK (store);
    uint8_t id [ID];
    s_id (id, 1);
    CHECK_INT (s_propose (store, 1, 42, "kredietbank", 9 * DAY, DAY, NULL), 0);
    CHECK_INT (hub_store_agreement_accept (store, id, "accepted", 777, 2 * DAY), 0);
    hub_agreement_t a;
    CHECK_INT (hub_store_agreement_get (store, id, &a), 1);
    CHECK_STR (a.status, "accepted");
    CHECK_INT (s_int (store, "SELECT accepted_seq FROM agreements"), 777);
    CHECK_INT (s_int (store, "SELECT changed FROM agreements"), 2 * DAY);
    CHECK_INT (s_close (&store), 0);
}

static void
test_a_stagnation_report_is_counted (void)
{
    hub_store_t *store = s_open ();
    CHECK (store);
    uint8_t id [ID];
    s_id (id, 1);
    CHECK_INT (s_propose (store, 1, 42, "kredietbank", 9 * DAY, DAY, NULL), 0);
    CHECK_INT (hub_store_agreement_set_status (store, id, "stagnated", true, 2 * DAY), 0);
    CHECK_INT (hub_store_agreement_set_status (store, id, "stagnated", true, 3 * DAY), 0);
    hub_agreement_t a;
    CHECK_INT (hub_store_agreement_get (store, id, &a), 1);
    CHECK_STR (a.status, "stagnated");
    CHECK_INT (a.stagnations, 2);
    CHECK_INT (s_int (store, "SELECT done IS NULL FROM agreements"), 1);
    CHECK_INT (s_close (&store), 0);
}

static void
test_done_records_when (void)
{
    hub_store_t *store = s_open ();
    CHECK (store);
    uint8_t id [ID];
    s_id (id, 1);
    CHECK_INT (s_propose (store, 1, 42, "kredietbank", 9 * DAY, DAY, NULL), 0);
    CHECK_INT (hub_store_agreement_set_status (store, id, "done", false, 4 * DAY), 0);
    hub_agreement_t a;
    CHECK_INT (hub_store_agreement_get (store, id, &a), 1);
    CHECK_STR (a.status, "done");
    CHECK_INT (a.stagnations, 0);
    CHECK_INT (s_int (store, "SELECT done FROM agreements"), 4 * DAY);
    CHECK_INT (s_close (&store), 0);
}

/*  Each change a row; an empty note is no note.                             */
static void
test_the_log_keeps_every_change (void)
{
    hub_store_t *store = s_open ();
    CHECK (store);
    uint8_t id [ID];
    s_id (id, 1);
    CHECK_INT (hub_store_agreement_log (store, id, 1, "proposed", "cm-anna", 10, NULL), 0);
    CHECK_INT (hub_store_agreement_log (store, id, 2, "overdue", "hub", 0, ""), 0);
    CHECK_INT (hub_store_agreement_log (store, id, 3, "stagnated", "kredietbank", 12, "geen contact"), 0);
    CHECK_INT (s_int (store, "SELECT count (*) FROM agreement_log"), 3);
    CHECK_INT (s_int (store, "SELECT count (*) FROM agreement_log WHERE note IS NULL"), 2);
    CHECK_INT (s_int (store, "SELECT count (*) FROM agreement_log WHERE author = 'hub' AND seq = 0"), 1);
    CHECK_INT (s_int (store, "SELECT ts FROM agreement_log WHERE note = 'geen contact' AND seq = 12"), 3);
    CHECK_INT (s_close (&store), 0);
}

/* ---- the timers ---------------------------------------------------------- */

/*  Accepted and due within the window: 1. Due beyond it: 2; due already: 3;
    only proposed: 4.                                                        */
static void
test_to_remind_are_accepted_and_due_within_the_window (void)
{
    hub_store_t *store = s_open ();
    CHECK (store);
    uint64_t now = 10 * DAY;
    uint8_t id [ID];
    CHECK_INT (s_propose (store, 1, 42, "kredietbank", now + DAY, DAY, NULL), 0);
    CHECK_INT (s_propose (store, 2, 42, "kredietbank", now + 5 * DAY, DAY, NULL), 0);
    CHECK_INT (s_propose (store, 3, 42, "kredietbank", now, DAY, NULL), 0);
    CHECK_INT (s_propose (store, 4, 42, "kredietbank", now + DAY, DAY, NULL), 0);
    for (uint8_t n = 1; n <= 3; n++) {
        s_id (id, n);
        CHECK_INT (hub_store_agreement_accept (store, id, "accepted", 200 + n, 2 * DAY), 0);
    }
    hub_agreement_due_t due [8];
    size_t count = 99;
    CHECK_INT (hub_store_agreements_to_remind (store, now, 2 * DAY, due, 8, &count), 0);
    CHECK_INT (count, 1);
    CHECK_INT (due [0].agreement [0], 1);
    CHECK_INT (due [0].hh, 42);
    CHECK_STR (due [0].owner, "kredietbank");
    CHECK_STR (due [0].regisseur, "cm-anna");
    CHECK_INT (due [0].due, now + DAY);
    CHECK_INT (due [0].overdue, 0);
    CHECK_INT (s_close (&store), 0);
}

static void
test_a_reminded_agreement_is_reminded_once (void)
{
    hub_store_t *store = s_open ();
    CHECK (store);
    uint8_t id [ID];
    s_id (id, 1);
    CHECK_INT (s_propose (store, 1, 42, "kredietbank", 11 * DAY, DAY, NULL), 0);
    CHECK_INT (hub_store_agreement_accept (store, id, "accepted", 201, 2 * DAY), 0);
    CHECK_INT (hub_store_agreement_reminded (store, id, 10 * DAY), 0);
    hub_agreement_due_t due [2];
    size_t count = 99;
    CHECK_INT (hub_store_agreements_to_remind (store, 10 * DAY, 2 * DAY, due, 2, &count), 0);
    CHECK_INT (count, 0);
    CHECK_INT (s_int (store, "SELECT reminded FROM agreements"), 10 * DAY);
    CHECK_INT (s_close (&store), 0);
}

/*  Proposed or accepted and due: 1 and 2. Not yet due: 3; done: 4.         */
static void
test_past_due_are_open_and_due (void)
{
    hub_store_t *store = s_open ();
    CHECK (store);
    uint64_t now = 10 * DAY;
    uint8_t id [ID];
    CHECK_INT (s_propose (store, 1, 42, "kredietbank", now, DAY, NULL), 0);
    CHECK_INT (s_propose (store, 2, 43, "ggz", now - DAY, DAY, NULL), 0);
    CHECK_INT (s_propose (store, 3, 42, "kredietbank", now + 1, DAY, NULL), 0);
    CHECK_INT (s_propose (store, 4, 42, "kredietbank", now - DAY, DAY, NULL), 0);
    s_id (id, 2);
    CHECK_INT (hub_store_agreement_accept (store, id, "accepted", 202, 2 * DAY), 0);
    s_id (id, 4);
    CHECK_INT (hub_store_agreement_set_status (store, id, "done", false, 3 * DAY), 0);
    hub_agreement_due_t due [8];
    size_t count = 99;
    CHECK_INT (hub_store_agreements_past_due (store, now, due, 8, &count), 0);
    CHECK_INT (count, 2);
    CHECK (due [0].agreement [0] + due [1].agreement [0] == 3);
    CHECK_INT (s_close (&store), 0);
}

static void
test_marked_overdue_is_overdue_once (void)
{
    hub_store_t *store = s_open ();
    CHECK (store);
    uint8_t id [ID];
    s_id (id, 1);
    CHECK_INT (s_propose (store, 1, 42, "kredietbank", 5 * DAY, DAY, NULL), 0);
    CHECK_INT (hub_store_agreement_overdue (store, id, 6 * DAY), 0);
    hub_agreement_t a;
    CHECK_INT (hub_store_agreement_get (store, id, &a), 1);
    CHECK_STR (a.status, "overdue");
    CHECK_INT (s_int (store, "SELECT overdue FROM agreements WHERE changed = overdue"), 6 * DAY);
    hub_agreement_due_t due [2];
    size_t count = 99;
    CHECK_INT (hub_store_agreements_past_due (store, 7 * DAY, due, 2, &count), 0);
    CHECK_INT (count, 0);
    CHECK_INT (s_close (&store), 0);
}

/*  Still proposed a chase period after it was made: 1. Younger: 2;
    accepted: 3.                                                             */
static void
test_unaccepted_are_proposed_long_enough (void)
{
    hub_store_t *store = s_open ();
    CHECK (store);
    uint64_t now = 10 * DAY;
    uint8_t id [ID];
    CHECK_INT (s_propose (store, 1, 42, "kredietbank", now + 9 * DAY, now - 3 * DAY, NULL), 0);
    CHECK_INT (s_propose (store, 2, 42, "kredietbank", now + 9 * DAY, now - 2 * DAY, NULL), 0);
    CHECK_INT (s_propose (store, 3, 42, "kredietbank", now + 9 * DAY, now - 5 * DAY, NULL), 0);
    s_id (id, 3);
    CHECK_INT (hub_store_agreement_accept (store, id, "accepted", 203, now - 4 * DAY), 0);
    hub_agreement_due_t due [8];
    size_t count = 99;
    CHECK_INT (hub_store_agreements_unaccepted (store, now, 3 * DAY, due, 8, &count), 0);
    CHECK_INT (count, 1);
    CHECK_INT (due [0].agreement [0], 1);
    CHECK_INT (s_close (&store), 0);
}

static void
test_a_chased_agreement_is_chased_once (void)
{
    hub_store_t *store = s_open ();
    CHECK (store);
    uint8_t id [ID];
    s_id (id, 1);
    CHECK_INT (s_propose (store, 1, 42, "kredietbank", 30 * DAY, DAY, NULL), 0);
    CHECK_INT (hub_store_agreement_chased (store, id, 5 * DAY), 0);
    hub_agreement_due_t due [2];
    size_t count = 99;
    CHECK_INT (hub_store_agreements_unaccepted (store, 10 * DAY, 3 * DAY, due, 2, &count), 0);
    CHECK_INT (count, 0);
    CHECK_INT (s_int (store, "SELECT chased FROM agreements"), 5 * DAY);
    CHECK_INT (s_close (&store), 0);
}

/*  Overdue long enough: 1, with when it became overdue. Overdue since
    lately: 2.                                                               */
static void
test_still_overdue_are_overdue_long_enough (void)
{
    hub_store_t *store = s_open ();
    CHECK (store);
    uint64_t now = 10 * DAY;
    uint8_t id [ID];
    CHECK_INT (s_propose (store, 1, 42, "kredietbank", 3 * DAY, DAY, NULL), 0);
    CHECK_INT (s_propose (store, 2, 42, "kredietbank", 3 * DAY, DAY, NULL), 0);
    s_id (id, 1);
    CHECK_INT (hub_store_agreement_overdue (store, id, now - 2 * DAY), 0);
    s_id (id, 2);
    CHECK_INT (hub_store_agreement_overdue (store, id, now - DAY + 1), 0);
    hub_agreement_due_t due [8];
    size_t count = 99;
    CHECK_INT (hub_store_agreements_still_overdue (store, now, DAY, due, 8, &count), 0);
    CHECK_INT (count, 1);
    CHECK_INT (due [0].agreement [0], 1);
    CHECK_INT (due [0].due, 3 * DAY);
    CHECK_INT (due [0].overdue, now - 2 * DAY);
    CHECK_INT (s_close (&store), 0);
}

static void
test_an_escalated_agreement_is_escalated_once (void)
{
    hub_store_t *store = s_open ();
    CHECK (store);
    uint8_t id [ID];
    s_id (id, 1);
    CHECK_INT (s_propose (store, 1, 42, "kredietbank", 3 * DAY, DAY, NULL), 0);
    CHECK_INT (hub_store_agreement_overdue (store, id, 4 * DAY), 0);
    CHECK_INT (hub_store_agreement_escalated (store, id, 6 * DAY), 0);
    hub_agreement_due_t due [2];
    size_t count = 99;
    CHECK_INT (hub_store_agreements_still_overdue (store, 10 * DAY, DAY, due, 2, &count), 0);
    CHECK_INT (count, 0);
    CHECK_INT (s_int (store, "SELECT escalated FROM agreements"), 6 * DAY);
    CHECK_INT (s_close (&store), 0);
}

static void
test_a_due_listing_takes_at_most_max (void)
{
    hub_store_t *store = s_open ();
    CHECK (store);
    for (uint8_t n = 1; n <= 5; n++)
        CHECK_INT (s_propose (store, n, 42, "kredietbank", 3 * DAY, DAY, NULL), 0);
    hub_agreement_due_t due [3];
    size_t count = 0;
    CHECK_INT (hub_store_agreements_past_due (store, 10 * DAY, due, 3, &count), 0);
    CHECK_INT (count, 3);
    CHECK_INT (s_close (&store), 0);
}

/* ---- the minutes --------------------------------------------------------- */

typedef struct {
    size_t count, stop_after;
    hub_agreement_listed_t rows [4];
} seen_t;

static int
s_seen (void *arg, const hub_agreement_listed_t *row)
{
    seen_t *seen = (seen_t *) arg;
    if (seen->count < 4)
        seen->rows [seen->count] = *row;
    seen->count++;
    return seen->stop_after && seen->count >= seen->stop_after ? -1 : 0;
}

/*  An agreement from before actions were recorded (schema 2) has none.     */
static int
s_without_action (hub_store_t *store)
{
    return sqlite3_exec (hub_sqlite_db (store),
        "INSERT INTO agreements (agreement, hh, owner, regisseur, leefgebied, due, status, created,"
        " seq, changed) VALUES (x'09', 42, 'ggz', 'cm-anna', 'wonen', 1, 'accepted', 0, 1, 0)",
        NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
}

/*  Oldest first; new are those made at the round being minuted; those
    without an action and those of other households are left out.           */
static void
test_listed_are_the_household_s_oldest_first (void)
{
    hub_store_t *store = s_open ();
    CHECK (store);
    uint8_t round [ID], other [ID];
    s_id (round, 0x71);
    s_id (other, 0x72);
    CHECK_INT (s_propose (store, 1, 42, "kredietbank", 9 * DAY, 3 * DAY, round), 0);
    CHECK_INT (s_propose (store, 2, 42, "woonbron", 8 * DAY, 2 * DAY, NULL), 0);
    CHECK_INT (s_propose (store, 3, 42, "ggz", 8 * DAY, 4 * DAY, other), 0);
    CHECK_INT (s_propose (store, 4, 43, "ggz", 8 * DAY, 1 * DAY, round), 0);
    CHECK_INT (s_without_action (store), 0);
    seen_t seen = { 0 };
    CHECK_INT (hub_store_agreements_listed (store, 42, round, 10, s_seen, &seen), 0);
    CHECK_INT (seen.count, 3);
    CHECK_INT (seen.rows [0].agreement [0], 2);
    CHECK_STR (seen.rows [0].owner, "woonbron");
    CHECK (strcmp (seen.rows [0].action, "schuldhulp starten") == 0);
    CHECK_STR (seen.rows [0].leefgebied, "financien");
    CHECK_INT (seen.rows [0].due, 8 * DAY);
    CHECK_STR (seen.rows [0].status, "proposed");
    CHECK (!seen.rows [0].in_round);
    CHECK_INT (seen.rows [1].agreement [0], 1);
    CHECK (seen.rows [1].in_round);
    CHECK_INT (seen.rows [2].agreement [0], 3);
    CHECK (!seen.rows [2].in_round);
    CHECK_INT (s_close (&store), 0);
}

static void
test_listed_stop_at_max_or_when_told (void)
{
    hub_store_t *store = s_open ();
    CHECK (store);
    uint8_t round [ID];
    s_id (round, 0x71);
    for (uint8_t n = 1; n <= 3; n++)
        CHECK_INT (s_propose (store, n, 42, "kredietbank", 9 * DAY, n * DAY, NULL), 0);
    seen_t seen = { 0 };
    CHECK_INT (hub_store_agreements_listed (store, 42, round, 2, s_seen, &seen), 0);
    CHECK_INT (seen.count, 2);
    seen_t once = { .stop_after = 1 };
    CHECK_INT (hub_store_agreements_listed (store, 42, round, 10, s_seen, &once), 0);
    CHECK_INT (once.count, 1);
    CHECK_INT (once.rows [0].agreement [0], 1);
    CHECK_INT (s_close (&store), 0);
}

static void
test_listed_are_counted_up_to_max (void)
{
    hub_store_t *store = s_open ();
    CHECK (store);
    size_t count = 99;
    CHECK_INT (hub_store_agreements_listed_count (store, 42, 10, &count), 0);
    CHECK_INT (count, 0);
    for (uint8_t n = 1; n <= 3; n++)
        CHECK_INT (s_propose (store, n, 42, "kredietbank", 9 * DAY, n * DAY, NULL), 0);
    CHECK_INT (s_propose (store, 4, 43, "kredietbank", 9 * DAY, DAY, NULL), 0);
    CHECK_INT (s_without_action (store), 0);
    CHECK_INT (hub_store_agreements_listed_count (store, 42, 10, &count), 0);
    CHECK_INT (count, 3);
    CHECK_INT (hub_store_agreements_listed_count (store, 42, 2, &count), 0);
    CHECK_INT (count, 2);
    CHECK_INT (s_close (&store), 0);
}

void
suite_hub_store_agreements (void)
{
    TEST_RUN ("hub_store_agreements", test_a_proposed_agreement_is_read_back);
    TEST_RUN ("hub_store_agreements", test_an_unknown_agreement_is_not_found);
    TEST_RUN ("hub_store_agreements", test_an_agreement_id_is_proposed_once);
    TEST_RUN ("hub_store_agreements", test_owned_needs_the_owner_and_the_household);
    TEST_RUN ("hub_store_agreements", test_acceptance_sets_the_status_and_keeps_the_proof);
    TEST_RUN ("hub_store_agreements", test_a_stagnation_report_is_counted);
    TEST_RUN ("hub_store_agreements", test_done_records_when);
    TEST_RUN ("hub_store_agreements", test_the_log_keeps_every_change);
    TEST_RUN ("hub_store_agreements", test_to_remind_are_accepted_and_due_within_the_window);
    TEST_RUN ("hub_store_agreements", test_a_reminded_agreement_is_reminded_once);
    TEST_RUN ("hub_store_agreements", test_past_due_are_open_and_due);
    TEST_RUN ("hub_store_agreements", test_marked_overdue_is_overdue_once);
    TEST_RUN ("hub_store_agreements", test_unaccepted_are_proposed_long_enough);
    TEST_RUN ("hub_store_agreements", test_a_chased_agreement_is_chased_once);
    TEST_RUN ("hub_store_agreements", test_still_overdue_are_overdue_long_enough);
    TEST_RUN ("hub_store_agreements", test_an_escalated_agreement_is_escalated_once);
    TEST_RUN ("hub_store_agreements", test_a_due_listing_takes_at_most_max);
    TEST_RUN ("hub_store_agreements", test_listed_are_the_household_s_oldest_first);
    TEST_RUN ("hub_store_agreements", test_listed_stop_at_max_or_when_told);
    TEST_RUN ("hub_store_agreements", test_listed_are_counted_up_to_max);
}
