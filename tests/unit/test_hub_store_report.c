/*  test_hub_store_report.c - the reports' figures (hub_store_report.h):
    each figure counts the rows of its period and team and no others.

    The rows are written with plain SQL: no repository writes households,
    signals, referrals, agreements, rounds, escalations or matches yet.     */
#include "testing.h"
#include "store_fixture.h"
#include "hub_sql.h"
#include "hub_store.h"
#include "hub_store_report.h"

#define s_open      store_fixture_open
#define s_close     store_fixture_discard
#define s_exec      store_fixture_exec

#define S_TEAM      "acm"

/*  Households: 1 held by S_TEAM, 2 in S_TEAM's follow-up, 3 held by another
    team, 4 held by nobody.                                                   */
static int
s_households (hub_store_t *store)
{
    return s_exec (store,
        "INSERT INTO households (hh, created, team, casemanager, phase, former_team) VALUES"
        " (1, 1, 'acm', 'anna', 'plan', NULL),"
        " (2, 1, NULL, NULL, 'nazorg', 'acm'),"
        " (3, 1, 'wijk', 'bert', 'plan', NULL),"
        " (4, 1, NULL, NULL, NULL, NULL);");
}

typedef struct {
    size_t count;
    char key [8][64];
    int64_t value [8];
    size_t stop_after;                  /* 0: never stop                     */
} counts_t;

static int
s_collect (void *arg, const char *key, int64_t count)
{
    counts_t *c = (counts_t *) arg;
    if (c->count < 8) {
        snprintf (c->key [c->count], sizeof c->key [0], "%s", key ? key : "(null)");
        c->value [c->count] = count;
    }
    c->count++;
    return c->stop_after && c->count >= c->stop_after ? -1 : 0;
}

static int
s_signals (hub_store_t *store)
{
    return s_exec (store,
        "INSERT INTO signals (seq, hh, partner, ts, leefgebied, severity) VALUES"
        " (1, 1, 'school', 100, 'wonen', 'zorg'),"
        " (2, 1, 'politie', 150, 'werk', 'zorg'),"
        " (3, 2, 'school', 120, 'wonen', 'zorg'),"
        " (4, 3, 'politie', 130, 'wonen', 'zorg'),"
        " (5, 1, 'school', 200, 'wonen', 'zorg'),"
        " (6, 4, 'wijk', 99, 'geld', 'zorg');");
}

/*  Signals in [100, 200) per leefgebied, in key order; a team counts the
    households it holds and those in its follow-up.                          */
static void
test_signals_per_leefgebied_count_the_period_and_team (void)
{
    hub_store_t *store = s_open ();
    CHECK (store);
    CHECK_INT (s_households (store), 0);
    CHECK_INT (s_signals (store), 0);
    counts_t all = { 0 }, team = { 0 };
    CHECK_INT (hub_store_report_signals_per_leefgebied (store, 100, 200, NULL, s_collect, &all), 0);
    CHECK_INT (all.count, 2);
    CHECK_STR (all.key [0], "werk");
    CHECK_INT (all.value [0], 1);
    CHECK_STR (all.key [1], "wonen");
    CHECK_INT (all.value [1], 3);
    CHECK_INT (hub_store_report_signals_per_leefgebied (store, 100, 200, S_TEAM, s_collect, &team), 0);
    CHECK_INT (team.count, 2);
    CHECK_STR (team.key [1], "wonen");
    CHECK_INT (team.value [1], 2);
    s_close (&store);
}

/*  Signals per sending partner, in key order.                               */
static void
test_signals_per_partner_count_the_period_and_team (void)
{
    hub_store_t *store = s_open ();
    CHECK (store);
    CHECK_INT (s_households (store), 0);
    CHECK_INT (s_signals (store), 0);
    counts_t all = { 0 }, team = { 0 };
    CHECK_INT (hub_store_report_signals_per_partner (store, 0, 200, NULL, s_collect, &all), 0);
    CHECK_INT (all.count, 3);
    CHECK_STR (all.key [0], "politie");
    CHECK_INT (all.value [0], 2);
    CHECK_STR (all.key [1], "school");
    CHECK_INT (all.value [1], 2);
    CHECK_STR (all.key [2], "wijk");
    CHECK_INT (all.value [2], 1);
    CHECK_INT (hub_store_report_signals_per_partner (store, 0, 200, S_TEAM, s_collect, &team), 0);
    CHECK_INT (team.count, 2);
    CHECK_STR (team.key [0], "politie");
    CHECK_INT (team.value [0], 1);
    CHECK_STR (team.key [1], "school");
    CHECK_INT (team.value [1], 2);
    s_close (&store);
}

/*  Households per phase now; one without a phase is not counted.            */
static void
test_households_per_phase_count_held_and_in_follow_up (void)
{
    hub_store_t *store = s_open ();
    CHECK (store);
    CHECK_INT (s_households (store), 0);
    counts_t all = { 0 }, team = { 0 };
    CHECK_INT (hub_store_report_households_per_phase (store, NULL, s_collect, &all), 0);
    CHECK_INT (all.count, 2);
    CHECK_STR (all.key [0], "nazorg");
    CHECK_INT (all.value [0], 1);
    CHECK_STR (all.key [1], "plan");
    CHECK_INT (all.value [1], 2);
    CHECK_INT (hub_store_report_households_per_phase (store, S_TEAM, s_collect, &team), 0);
    CHECK_INT (team.count, 2);
    CHECK_INT (team.value [0], 1);
    CHECK_INT (team.value [1], 1);
    s_close (&store);
}

/*  The caseload counts what a team holds now, not its follow-up.           */
static void
test_caseload_counts_only_what_the_team_holds (void)
{
    hub_store_t *store = s_open ();
    CHECK (store);
    CHECK_INT (s_households (store), 0);
    counts_t all = { 0 }, team = { 0 };
    CHECK_INT (hub_store_report_caseload_per_casemanager (store, NULL, s_collect, &all), 0);
    CHECK_INT (all.count, 2);
    CHECK_STR (all.key [0], "anna");
    CHECK_STR (all.key [1], "bert");
    CHECK_INT (hub_store_report_caseload_per_casemanager (store, S_TEAM, s_collect, &team), 0);
    CHECK_INT (team.count, 1);
    CHECK_STR (team.key [0], "anna");
    CHECK_INT (team.value [0], 1);
    s_close (&store);
}

/*  A callback that stops a breakdown makes it return -1.                    */
static void
test_a_stopped_breakdown_returns_an_error (void)
{
    hub_store_t *store = s_open ();
    CHECK (store);
    CHECK_INT (s_households (store), 0);
    counts_t c = { .stop_after = 1 };
    CHECK_INT (hub_store_report_households_per_phase (store, NULL, s_collect, &c), -1);
    CHECK_INT (c.count, 1);
    s_close (&store);
}

/*  Referrals decided in the period: accepted with the time to acceptance,
    declined; the team is the team referred to.                              */
static void
test_referrals_count_decisions_of_the_period (void)
{
    hub_store_t *store = s_open ();
    CHECK (store);
    const char *rows =
        "INSERT INTO referrals (seq, id, hh, team, referrer, introducer, ts, status, decided) VALUES"
        " (1, x'01', 1, 'acm', 'school', 'politie', 100, 'accepted', 1100),"
        " (2, x'02', 2, 'acm', 'school', 'politie', 200, 'accepted', 3200),"
        " (3, x'03', 3, 'wijk', 'school', 'politie', 300, 'accepted', 1300),"
        " (4, x'04', 4, 'acm', 'school', 'politie', 400, 'declined', 1400),"
        " (5, x'05', 5, 'acm', 'school', 'politie', 500, 'accepted', 9000),"
        " (6, x'06', 6, 'acm', 'school', 'politie', 600, 'proposed', NULL);";
    CHECK_INT (s_exec (store, rows), 0);
    hub_referral_figures_t all, team;
    CHECK_INT (hub_store_report_referrals (store, 1000, 5000, NULL, &all), 0);
    CHECK_INT (all.accepted, 3);
    CHECK_INT (all.accepted_ms, 1000 + 3000 + 1000);
    CHECK_INT (all.declined, 1);
    CHECK_INT (hub_store_report_referrals (store, 1000, 5000, S_TEAM, &team), 0);
    CHECK_INT (team.accepted, 2);
    CHECK_INT (team.accepted_ms, 4000);
    CHECK_INT (team.declined, 1);
    CHECK_INT (hub_store_report_referrals (store, 0, 1000, NULL, &all), 0);
    CHECK_INT (all.accepted, 0);
    CHECK_INT (all.accepted_ms, 0);
    s_close (&store);
}

/*  Agreements due in the period (not withdrawn), done on time, stagnations
    reported in the period, and those overdue now in a household held now.   */
static void
test_agreements_count_due_on_time_stagnated_and_overdue (void)
{
    hub_store_t *store = s_open ();
    CHECK (store);
    CHECK_INT (s_households (store), 0);
    const char *rows =
        "INSERT INTO agreements (agreement, hh, owner, regisseur, leefgebied, due, status, created,"
        " seq, changed, done) VALUES"
        " (x'01', 1, 'school', 'anna', 'wonen', 100, 'done', 1, 1, 1, 90),"
        " (x'02', 1, 'school', 'anna', 'wonen', 110, 'done', 1, 2, 1, 120),"
        " (x'03', 2, 'school', 'anna', 'wonen', 120, 'withdrawn', 1, 3, 1, NULL),"
        " (x'04', 3, 'school', 'bert', 'wonen', 130, 'accepted', 1, 4, 1, NULL),"
        " (x'05', 2, 'school', 'anna', 'wonen', 900, 'overdue', 1, 5, 1, NULL),"
        " (x'06', 1, 'school', 'anna', 'wonen', 900, 'overdue', 1, 6, 1, NULL),"
        " (x'07', 2, 'school', 'anna', 'wonen', 140, 'accepted', 1, 7, 1, NULL);"
        "INSERT INTO agreement_log (agreement, ts, status, author) VALUES"
        " (x'01', 150, 'stagnated', 'school'), (x'04', 160, 'stagnated', 'school'),"
        " (x'02', 150, 'accepted', 'school'), (x'02', 250, 'stagnated', 'school');";
    CHECK_INT (s_exec (store, rows), 0);
    hub_agreement_figures_t all, team;
    CHECK_INT (hub_store_report_agreements (store, 100, 200, NULL, &all), 0);
    CHECK_INT (all.due, 4);
    CHECK_INT (all.done_on_time, 1);
    CHECK_INT (all.stagnations, 2);
    CHECK_INT (all.overdue_now, 2);
    CHECK_INT (hub_store_report_agreements (store, 100, 200, S_TEAM, &team), 0);
    CHECK_INT (team.due, 3);
    CHECK_INT (team.done_on_time, 1);
    CHECK_INT (team.stagnations, 1);
    CHECK_INT (team.overdue_now, 1);
    s_close (&store);
}

/*  Rounds planned and held in the period.                                   */
static void
test_rounds_count_planned_and_held (void)
{
    hub_store_t *store = s_open ();
    CHECK (store);
    CHECK_INT (s_households (store), 0);
    const char *rows =
        "INSERT INTO rounds (round, hh, number, at, regisseur, created, held) VALUES"
        " (x'01', 1, 1, 100, 'anna', 1, 150),"
        " (x'02', 2, 1, 110, 'anna', 1, 250),"
        " (x'03', 3, 1, 120, 'bert', 1, 130),"
        " (x'04', 1, 2, 300, 'anna', 1, NULL);";
    CHECK_INT (s_exec (store, rows), 0);
    hub_round_figures_t all, team;
    CHECK_INT (hub_store_report_rounds (store, 100, 200, NULL, &all), 0);
    CHECK_INT (all.due, 3);
    CHECK_INT (all.held, 2);
    CHECK_INT (hub_store_report_rounds (store, 100, 200, S_TEAM, &team), 0);
    CHECK_INT (team.due, 2);
    CHECK_INT (team.held, 1);
    s_close (&store);
}

static int
s_escalations (hub_store_t *store)
{
    return s_exec (store,
        "INSERT INTO escalations (escalation, hh, team, partner, reason, history, created, resolved)"
        " VALUES"
        " (x'01010101010101010101010101010101', 1, 'acm', 'acm-esc', 'match not followed up', 'h', 300, NULL),"
        " (x'02020202020202020202020202020202', 1, 'acm', 'acm-esc', 'agreement overdue', 'h', 100, NULL),"
        " (x'03030303030303030303030303030303', 1, 'acm', 'acm-esc', 'resolved one', 'h', 150, 160),"
        " (x'04040404040404040404040404040404', 3, 'wijk', 'wijk-esc', 'other team', 'h', 120, NULL),"
        " (x'05', 1, 'acm', 'acm-esc', 'short id', 'h', 900, NULL);");
}

/*  Escalations raised in the period and open now, per escalation team.      */
static void
test_escalations_count_raised_and_open (void)
{
    hub_store_t *store = s_open ();
    CHECK (store);
    CHECK_INT (s_escalations (store), 0);
    hub_escalation_figures_t all, team;
    CHECK_INT (hub_store_report_escalations (store, 100, 200, NULL, &all), 0);
    CHECK_INT (all.raised, 3);
    CHECK_INT (all.open, 4);
    CHECK_INT (hub_store_report_escalations (store, 100, 200, S_TEAM, &team), 0);
    CHECK_INT (team.raised, 2);
    CHECK_INT (team.open, 3);
    s_close (&store);
}

/*  Matches made in the period, and of their parties those that confirmed
    no contact and those escalated.                                          */
static void
test_matches_count_made_unconfirmed_and_escalated (void)
{
    hub_store_t *store = s_open ();
    CHECK (store);
    const char *rows =
        "INSERT INTO matches (match, hh, created, deadline, escalate_at, team) VALUES"
        " (x'01', 1, 100, 1, 1, 'acm'), (x'02', 3, 150, 1, 1, 'wijk'), (x'03', 1, 250, 1, 1, 'acm');"
        "INSERT INTO match_parties (match, partner, confirmed, escalated) VALUES"
        " (x'01', 'school', NULL, 170), (x'01', 'politie', 120, NULL),"
        " (x'02', 'school', NULL, NULL), (x'03', 'school', NULL, 300);";
    CHECK_INT (s_exec (store, rows), 0);
    hub_match_figures_t all, team;
    CHECK_INT (hub_store_report_matches (store, 100, 200, NULL, &all), 0);
    CHECK_INT (all.made, 2);
    CHECK_INT (all.parties_unconfirmed, 2);
    CHECK_INT (all.parties_escalated, 1);
    CHECK_INT (hub_store_report_matches (store, 100, 200, S_TEAM, &team), 0);
    CHECK_INT (team.made, 1);
    CHECK_INT (team.parties_unconfirmed, 1);
    CHECK_INT (team.parties_escalated, 1);
    s_close (&store);
}

typedef struct {
    size_t count;
    hub_open_escalation_t rows [8];
} open_t;

static int
s_open_row (void *arg, const hub_open_escalation_t *row)
{
    open_t *o = (open_t *) arg;
    if (o->count < 8)
        o->rows [o->count] = *row;
    o->count++;
    return 0;
}

/*  A team's unresolved escalations, oldest first, with their fields; an id
    that is not an id's size is read as none.                                */
static void
test_open_escalations_list_the_teams_unresolved_oldest_first (void)
{
    hub_store_t *store = s_open ();
    CHECK (store);
    CHECK_INT (s_escalations (store), 0);
    open_t o = { 0 };
    CHECK_INT (hub_store_report_open_escalations (store, S_TEAM, 10, s_open_row, &o), 0);
    CHECK_INT (o.count, 3);
    uint8_t id [PROTO_ID_BYTES];
    memset (id, 2, sizeof id);
    CHECK (o.rows [0].has_id);
    CHECK_MEM (o.rows [0].escalation, id, PROTO_ID_BYTES);
    CHECK_STR (o.rows [0].reason, "agreement overdue");
    CHECK_STR (o.rows [0].to, "acm-esc");
    CHECK_INT (o.rows [0].created, 100);
    CHECK_INT (o.rows [1].created, 300);
    CHECK (!o.rows [2].has_id);
    CHECK_STR (o.rows [2].reason, "short id");
    s_close (&store);
}

/*  At most max escalations are listed.                                      */
static void
test_open_escalations_stop_at_max (void)
{
    hub_store_t *store = s_open ();
    CHECK (store);
    CHECK_INT (s_escalations (store), 0);
    open_t o = { 0 };
    CHECK_INT (hub_store_report_open_escalations (store, S_TEAM, 2, s_open_row, &o), 0);
    CHECK_INT (o.count, 2);
    CHECK_INT (o.rows [1].created, 300);
    open_t none = { 0 };
    CHECK_INT (hub_store_report_open_escalations (store, "nobody", 10, s_open_row, &none), 0);
    CHECK_INT (none.count, 0);
    s_close (&store);
}

void
suite_hub_store_report (void)
{
    TEST_RUN ("hub_store_report", test_signals_per_leefgebied_count_the_period_and_team);
    TEST_RUN ("hub_store_report", test_signals_per_partner_count_the_period_and_team);
    TEST_RUN ("hub_store_report", test_households_per_phase_count_held_and_in_follow_up);
    TEST_RUN ("hub_store_report", test_caseload_counts_only_what_the_team_holds);
    TEST_RUN ("hub_store_report", test_a_stopped_breakdown_returns_an_error);
    TEST_RUN ("hub_store_report", test_referrals_count_decisions_of_the_period);
    TEST_RUN ("hub_store_report", test_agreements_count_due_on_time_stagnated_and_overdue);
    TEST_RUN ("hub_store_report", test_rounds_count_planned_and_held);
    TEST_RUN ("hub_store_report", test_escalations_count_raised_and_open);
    TEST_RUN ("hub_store_report", test_matches_count_made_unconfirmed_and_escalated);
    TEST_RUN ("hub_store_report", test_open_escalations_list_the_teams_unresolved_oldest_first);
    TEST_RUN ("hub_store_report", test_open_escalations_stop_at_max);
}
