/*  test_hub_store_rounds.c - the rounds' repository on a real store file:
    every statement prepares, and each does what its contract says.        */
#include "testing.h"
#include "store_fixture.h"
#include "hub_sql.h"
#include "hub_store_rounds.h"

#define s_open      store_fixture_open
#define s_close     store_fixture_close

#define ID      PROTO_ID_BYTES
#define PID     (PROTO_MAX_PARTNER_ID_BYTES + 1)
#define DAY     (24ULL * 3600 * 1000)

static void
s_id (uint8_t id [ID], uint8_t n)
{
    memset (id, 0, ID);
    id [0] = n;
}

/*  Round n of household hh, planned at at, scheduled by cm-anna.           */
static int
s_round (hub_store_t *store, uint8_t n, int64_t hh, uint64_t at)
{
    uint8_t id [ID];
    s_id (id, n);
    return hub_store_round_add (store, id, hh, n, at, "cm-anna", NULL, 1);
}

/* ---- rounds -------------------------------------------------------------- */

static void
test_a_round_added_is_read_back (void)
{
    hub_store_t *store = s_open ();
    CHECK (store);
    uint8_t id [ID];
    s_id (id, 7);
    CHECK_INT (hub_store_round_add (store, id, 42, 3, 5000, "cm-anna", "wijkcentrum", 100), 0);
    hub_round_t r;
    CHECK_INT (hub_store_round_get (store, id, &r), 1);
    CHECK_MEM (r.round, id, ID);
    CHECK_INT (r.hh, 42);
    CHECK_INT (r.number, 3);
    CHECK_INT (r.at, 5000);
    CHECK_INT (r.held, 0);
    CHECK_INT (r.next, 0);
    CHECK_STR (r.regisseur, "cm-anna");
    CHECK_INT (s_close (&store), 0);
}

static void
test_an_unknown_round_is_not_found (void)
{
    hub_store_t *store = s_open ();
    CHECK (store);
    uint8_t id [ID];
    s_id (id, 9);
    hub_round_t r;
    r.hh = 99;
    CHECK_INT (hub_store_round_get (store, id, &r), 0);
    CHECK_INT (r.hh, 0);
    CHECK_INT (s_close (&store), 0);
}

static void
test_a_round_id_is_added_once (void)
{
    hub_store_t *store = s_open ();
    CHECK (store);
    CHECK_INT (s_round (store, 1, 42, 5000), 0);
    CHECK_INT (s_round (store, 1, 42, 6000), -1);
    CHECK_INT (s_close (&store), 0);
}

static void
test_rounds_are_counted_per_household (void)
{
    hub_store_t *store = s_open ();
    CHECK (store);
    int64_t count = -1;
    CHECK_INT (hub_store_rounds_count (store, 42, &count), 0);
    CHECK_INT (count, 0);
    CHECK_INT (s_round (store, 1, 42, 5000), 0);
    CHECK_INT (s_round (store, 2, 42, 6000), 0);
    CHECK_INT (s_round (store, 3, 43, 6000), 0);
    CHECK_INT (hub_store_rounds_count (store, 42, &count), 0);
    CHECK_INT (count, 2);
    CHECK_INT (s_close (&store), 0);
}

static void
test_a_held_round_keeps_when_and_the_next (void)
{
    hub_store_t *store = s_open ();
    CHECK (store);
    uint8_t id [ID];
    s_id (id, 1);
    CHECK_INT (s_round (store, 1, 42, 5000), 0);
    CHECK_INT (hub_store_round_held (store, id, 5100, 90 * DAY), 0);
    hub_round_t r;
    CHECK_INT (hub_store_round_get (store, id, &r), 1);
    CHECK_INT (r.held, 5100);
    CHECK_INT (r.next, 90 * DAY);
    CHECK_INT (r.at, 5000);
    CHECK_INT (s_close (&store), 0);
}

/*  Open, not reminded and planned within the window: round 1 only. Round 2
    lies beyond it, round 3 was held, round 4 was reminded already.         */
static void
test_report_due_takes_open_rounds_within_the_window (void)
{
    hub_store_t *store = s_open ();
    CHECK (store);
    uint64_t now = 10 * DAY;
    uint8_t id [ID];
    CHECK_INT (s_round (store, 1, 42, now + DAY), 0);
    CHECK_INT (s_round (store, 2, 43, now + 3 * DAY), 0);
    CHECK_INT (s_round (store, 3, 44, now + DAY), 0);
    CHECK_INT (s_round (store, 4, 45, now + DAY), 0);
    s_id (id, 3);
    CHECK_INT (hub_store_round_held (store, id, now, 0), 0);
    s_id (id, 4);
    CHECK_INT (hub_store_round_reminded (store, id, now), 0);
    hub_round_t rounds [8];
    size_t count = 99;
    CHECK_INT (hub_store_rounds_report_due (store, now, 2 * DAY, rounds, 8, &count), 0);
    CHECK_INT (count, 1);
    CHECK_INT (rounds [0].round [0], 1);
    CHECK_INT (rounds [0].hh, 42);
    CHECK_INT (rounds [0].number, 1);
    CHECK_INT (rounds [0].at, now + DAY);
    CHECK_STR (rounds [0].regisseur, "cm-anna");
    CHECK_INT (s_close (&store), 0);
}

static void
test_a_reminded_round_is_no_longer_due (void)
{
    hub_store_t *store = s_open ();
    CHECK (store);
    uint8_t id [ID];
    s_id (id, 1);
    CHECK_INT (s_round (store, 1, 42, 5000), 0);
    hub_round_t rounds [2];
    size_t count = 0;
    CHECK_INT (hub_store_rounds_report_due (store, 5000, 0, rounds, 2, &count), 0);
    CHECK_INT (count, 1);
    CHECK_INT (hub_store_round_reminded (store, id, 5000), 0);
    CHECK_INT (hub_store_rounds_report_due (store, 5000, 0, rounds, 2, &count), 0);
    CHECK_INT (count, 0);
    CHECK_INT (s_close (&store), 0);
}

static void
test_report_due_takes_at_most_max (void)
{
    hub_store_t *store = s_open ();
    CHECK (store);
    for (uint8_t n = 1; n <= 5; n++)
        CHECK_INT (s_round (store, n, n, 5000), 0);
    hub_round_t rounds [3];
    size_t count = 0;
    CHECK_INT (hub_store_rounds_report_due (store, 5000, 0, rounds, 3, &count), 0);
    CHECK_INT (count, 3);
    CHECK_INT (s_close (&store), 0);
}

/* ---- round partners ------------------------------------------------------ */

static void
test_an_invited_partner_is_invited (void)
{
    hub_store_t *store = s_open ();
    CHECK (store);
    uint8_t id [ID];
    s_id (id, 1);
    CHECK_INT (s_round (store, 1, 42, 5000), 0);
    CHECK_INT (hub_store_round_invite (store, id, "woonbron"), 0);
    CHECK_INT (hub_store_round_invited (store, id, "woonbron"), 1);
    CHECK_INT (hub_store_round_invited (store, id, "ggz"), 0);
    CHECK_INT (hub_store_round_participant (store, id, "woonbron"), 1);
    CHECK_INT (hub_store_round_participant (store, id, "ggz"), 0);
    CHECK_INT (s_close (&store), 0);
}

static void
test_a_partner_is_invited_once (void)
{
    hub_store_t *store = s_open ();
    CHECK (store);
    uint8_t id [ID];
    s_id (id, 1);
    CHECK_INT (hub_store_round_invite (store, id, "woonbron"), 0);
    CHECK_INT (hub_store_round_invite (store, id, "woonbron"), -1);
    CHECK_INT (s_close (&store), 0);
}

/*  Present without an invitation: a participant, but not invited.          */
static void
test_a_present_partner_need_not_be_invited (void)
{
    hub_store_t *store = s_open ();
    CHECK (store);
    uint8_t id [ID];
    s_id (id, 1);
    CHECK_INT (hub_store_round_present (store, id, "ggz"), 0);
    CHECK_INT (hub_store_round_invited (store, id, "ggz"), 0);
    CHECK_INT (hub_store_round_participant (store, id, "ggz"), 1);
    char out [4][PID];
    size_t count = 0;
    CHECK_INT (hub_store_round_partners (store, id, HUB_ROUND_PRESENT, out, 4, &count), 0);
    CHECK_INT (count, 1);
    CHECK_STR (out [0], "ggz");
    CHECK_INT (hub_store_round_partners (store, id, HUB_ROUND_INVITED, out, 4, &count), 0);
    CHECK_INT (count, 0);
    CHECK_INT (s_close (&store), 0);
}

/*  An invited partner who came is one partner, both invited and present.  */
static void
test_an_invited_partner_who_came_is_listed_once (void)
{
    hub_store_t *store = s_open ();
    CHECK (store);
    uint8_t id [ID];
    s_id (id, 1);
    CHECK_INT (hub_store_round_invite (store, id, "woonbron"), 0);
    CHECK_INT (hub_store_round_present (store, id, "woonbron"), 0);
    char out [4][PID];
    size_t count = 0;
    CHECK_INT (hub_store_round_partners (store, id, HUB_ROUND_ALL, out, 4, &count), 0);
    CHECK_INT (count, 1);
    CHECK_INT (hub_store_round_partners (store, id, HUB_ROUND_INVITED, out, 4, &count), 0);
    CHECK_INT (count, 1);
    CHECK_INT (hub_store_round_partners (store, id, HUB_ROUND_PRESENT, out, 4, &count), 0);
    CHECK_INT (count, 1);
    CHECK_STR (out [0], "woonbron");
    CHECK_INT (s_close (&store), 0);
}

static void
test_round_partners_are_listed_by_id_up_to_max (void)
{
    hub_store_t *store = s_open ();
    CHECK (store);
    uint8_t id [ID], other [ID];
    s_id (id, 1);
    s_id (other, 2);
    CHECK_INT (hub_store_round_invite (store, id, "woonbron"), 0);
    CHECK_INT (hub_store_round_invite (store, id, "ggz"), 0);
    CHECK_INT (hub_store_round_present (store, id, "school-noord"), 0);
    CHECK_INT (hub_store_round_invite (store, other, "kredietbank"), 0);
    char out [4][PID];
    size_t count = 0;
    CHECK_INT (hub_store_round_partners (store, id, HUB_ROUND_ALL, out, 4, &count), 0);
    CHECK_INT (count, 3);
    CHECK_STR (out [0], "ggz");
    CHECK_STR (out [1], "school-noord");
    CHECK_STR (out [2], "woonbron");
    CHECK_INT (hub_store_round_partners (store, id, HUB_ROUND_ALL, out, 2, &count), 0);
    CHECK_INT (count, 2);
    CHECK_STR (out [1], "school-noord");
    CHECK_INT (s_close (&store), 0);
}

/*  ggz reported, woonbron did not; school-noord came without invitation.  */
static void
test_unreported_are_the_invited_without_a_report (void)
{
    hub_store_t *store = s_open ();
    CHECK (store);
    uint8_t id [ID];
    s_id (id, 1);
    CHECK_INT (hub_store_round_invite (store, id, "woonbron"), 0);
    CHECK_INT (hub_store_round_invite (store, id, "ggz"), 0);
    CHECK_INT (hub_store_round_present (store, id, "school-noord"), 0);
    CHECK_INT (hub_store_progress_add (store, 10, id, "ggz", NULL, "on_track", NULL, 1), 0);
    char out [4][PID];
    size_t count = 0;
    CHECK_INT (hub_store_round_unreported (store, id, out, 4, &count), 0);
    CHECK_INT (count, 1);
    CHECK_STR (out [0], "woonbron");
    CHECK_INT (s_close (&store), 0);
}

/*  Of three invited, ggz reported and woonbron came: kredietbank ignored it. */
static void
test_ignored_are_the_invited_who_neither_reported_nor_came (void)
{
    hub_store_t *store = s_open ();
    CHECK (store);
    uint8_t id [ID];
    s_id (id, 1);
    CHECK_INT (hub_store_round_invite (store, id, "woonbron"), 0);
    CHECK_INT (hub_store_round_invite (store, id, "ggz"), 0);
    CHECK_INT (hub_store_round_invite (store, id, "kredietbank"), 0);
    CHECK_INT (hub_store_round_present (store, id, "woonbron"), 0);
    CHECK_INT (hub_store_progress_add (store, 10, id, "ggz", NULL, "on_track", NULL, 1), 0);
    char out [4][PID];
    size_t count = 0;
    CHECK_INT (hub_store_round_ignored (store, id, out, 4, &count), 0);
    CHECK_INT (count, 1);
    CHECK_STR (out [0], "kredietbank");
    CHECK_INT (s_close (&store), 0);
}

/* ---- progress reports ---------------------------------------------------- */

typedef struct {
    size_t count, stop_after;
    hub_progress_t rows [4];
} seen_t;

static int
s_seen (void *arg, const hub_progress_t *row)
{
    seen_t *seen = (seen_t *) arg;
    if (seen->count < 4)
        seen->rows [seen->count] = *row;
    seen->count++;
    return seen->stop_after && seen->count >= seen->stop_after ? -1 : 0;
}

/*  In the order of their seq, not of their writing; agreement and note
    come back as written or as absent.                                      */
static void
test_reports_are_listed_in_seq_order (void)
{
    hub_store_t *store = s_open ();
    CHECK (store);
    uint8_t id [ID], other [ID], agreement [ID];
    s_id (id, 1);
    s_id (other, 2);
    s_id (agreement, 0x61);
    CHECK_INT (hub_store_progress_add (store, 20, id, "woonbron", agreement, "stagnated",
                                       "geen contact", 2), 0);
    CHECK_INT (hub_store_progress_add (store, 10, id, "ggz", NULL, "on_track", "", 1), 0);
    CHECK_INT (hub_store_progress_add (store, 15, other, "ggz", NULL, "on_track", NULL, 1), 0);
    seen_t seen = { 0 };
    CHECK_INT (hub_store_progress_list (store, id, 10, s_seen, &seen), 0);
    CHECK_INT (seen.count, 2);
    CHECK_STR (seen.rows [0].partner, "ggz");
    CHECK (!seen.rows [0].has_agreement);
    CHECK_STR (seen.rows [0].status, "on_track");
    CHECK (strcmp (seen.rows [0].note, "") == 0);
    CHECK_STR (seen.rows [1].partner, "woonbron");
    CHECK (seen.rows [1].has_agreement);
    CHECK_MEM (seen.rows [1].agreement, agreement, ID);
    CHECK_STR (seen.rows [1].status, "stagnated");
    CHECK (strcmp (seen.rows [1].note, "geen contact") == 0);
    CHECK_INT (s_close (&store), 0);
}

static void
test_reports_are_listed_up_to_max (void)
{
    hub_store_t *store = s_open ();
    CHECK (store);
    uint8_t id [ID];
    s_id (id, 1);
    CHECK_INT (hub_store_progress_add (store, 10, id, "a", NULL, "on_track", NULL, 1), 0);
    CHECK_INT (hub_store_progress_add (store, 11, id, "b", NULL, "on_track", NULL, 1), 0);
    CHECK_INT (hub_store_progress_add (store, 12, id, "c", NULL, "on_track", NULL, 1), 0);
    seen_t seen = { 0 };
    CHECK_INT (hub_store_progress_list (store, id, 2, s_seen, &seen), 0);
    CHECK_INT (seen.count, 2);
    CHECK_STR (seen.rows [1].partner, "b");
    CHECK_INT (s_close (&store), 0);
}

static void
test_a_report_listing_stops_when_told (void)
{
    hub_store_t *store = s_open ();
    CHECK (store);
    uint8_t id [ID];
    s_id (id, 1);
    CHECK_INT (hub_store_progress_add (store, 10, id, "a", NULL, "on_track", NULL, 1), 0);
    CHECK_INT (hub_store_progress_add (store, 11, id, "b", NULL, "on_track", NULL, 1), 0);
    seen_t seen = { .stop_after = 1 };
    CHECK_INT (hub_store_progress_list (store, id, 10, s_seen, &seen), 0);
    CHECK_INT (seen.count, 1);
    CHECK_STR (seen.rows [0].partner, "a");
    CHECK_INT (s_close (&store), 0);
}

static void
test_reports_are_counted_up_to_max (void)
{
    hub_store_t *store = s_open ();
    CHECK (store);
    uint8_t id [ID], other [ID];
    s_id (id, 1);
    s_id (other, 2);
    size_t count = 99;
    CHECK_INT (hub_store_progress_count (store, id, 10, &count), 0);
    CHECK_INT (count, 0);
    CHECK_INT (hub_store_progress_add (store, 10, id, "a", NULL, "on_track", NULL, 1), 0);
    CHECK_INT (hub_store_progress_add (store, 11, id, "b", NULL, "on_track", NULL, 1), 0);
    CHECK_INT (hub_store_progress_add (store, 12, id, "c", NULL, "on_track", NULL, 1), 0);
    CHECK_INT (hub_store_progress_add (store, 13, other, "c", NULL, "on_track", NULL, 1), 0);
    CHECK_INT (hub_store_progress_count (store, id, 10, &count), 0);
    CHECK_INT (count, 3);
    CHECK_INT (hub_store_progress_count (store, id, 2, &count), 0);
    CHECK_INT (count, 2);
    CHECK_INT (s_close (&store), 0);
}

/*  A report's seq is its message's: the same seq twice is refused.         */
static void
test_a_report_seq_is_stored_once (void)
{
    hub_store_t *store = s_open ();
    CHECK (store);
    uint8_t id [ID];
    s_id (id, 1);
    CHECK_INT (hub_store_progress_add (store, 10, id, "a", NULL, "on_track", NULL, 1), 0);
    CHECK_INT (hub_store_progress_add (store, 10, id, "b", NULL, "on_track", NULL, 1), -1);
    CHECK_INT (s_close (&store), 0);
}

void
suite_hub_store_rounds (void)
{
    TEST_RUN ("hub_store_rounds", test_a_round_added_is_read_back);
    TEST_RUN ("hub_store_rounds", test_an_unknown_round_is_not_found);
    TEST_RUN ("hub_store_rounds", test_a_round_id_is_added_once);
    TEST_RUN ("hub_store_rounds", test_rounds_are_counted_per_household);
    TEST_RUN ("hub_store_rounds", test_a_held_round_keeps_when_and_the_next);
    TEST_RUN ("hub_store_rounds", test_report_due_takes_open_rounds_within_the_window);
    TEST_RUN ("hub_store_rounds", test_a_reminded_round_is_no_longer_due);
    TEST_RUN ("hub_store_rounds", test_report_due_takes_at_most_max);
    TEST_RUN ("hub_store_rounds", test_an_invited_partner_is_invited);
    TEST_RUN ("hub_store_rounds", test_a_partner_is_invited_once);
    TEST_RUN ("hub_store_rounds", test_a_present_partner_need_not_be_invited);
    TEST_RUN ("hub_store_rounds", test_an_invited_partner_who_came_is_listed_once);
    TEST_RUN ("hub_store_rounds", test_round_partners_are_listed_by_id_up_to_max);
    TEST_RUN ("hub_store_rounds", test_unreported_are_the_invited_without_a_report);
    TEST_RUN ("hub_store_rounds", test_ignored_are_the_invited_who_neither_reported_nor_came);
    TEST_RUN ("hub_store_rounds", test_reports_are_listed_in_seq_order);
    TEST_RUN ("hub_store_rounds", test_reports_are_listed_up_to_max);
    TEST_RUN ("hub_store_rounds", test_a_report_listing_stops_when_told);
    TEST_RUN ("hub_store_rounds", test_reports_are_counted_up_to_max);
    TEST_RUN ("hub_store_rounds", test_a_report_seq_is_stored_once);
}
