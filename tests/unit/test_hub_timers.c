/*  test_hub_timers.c - the hub's timer table and the loop that runs it:
    the rows in the documented order, each complete; the scheduling on a
    table of the test's own jobs, so no hub is needed: at most one run per
    interval, due again when the clock goes back, each row on its own
    interval, a failing job ending the run.                                  */
#include "testing.h"
#include "hub_timers.h"
#include "hub_limits.h"

#define T0      1700000000000ULL    /* a wall-clock now, in ms               */

/* ---- the hub's table ------------------------------------------------------ */

static void
the_rows_are_in_the_documented_order (void)
{
    static const char *const order [] = {
        "match_remind", "match_escalate", "retention", "follow_up_end", "agreement_remind",
        "agreement_overdue", "agreement_chase", "agreement_escalate", "round_reports", "unseen"
    };
    size_t count;
    const hub_timer_t *table = hub_timers_table (&count);
    CHECK_INT (count, sizeof order / sizeof order [0]);
    CHECK_INT (count, HUB_TIMER_COUNT);
    for (size_t i = 0; i < count; i++)
        CHECK_STR (table [i].name, order [i]);
    CHECK_STR (table [HUB_TIMER_RETENTION].name, "retention");
    CHECK_STR (table [HUB_TIMER_ROUND_REPORTS].name, "round_reports");
}

static void
every_row_has_a_name_an_interval_and_a_job (void)
{
    size_t count;
    const hub_timer_t *table = hub_timers_table (&count);
    for (size_t i = 0; i < count; i++) {
        CHECK (table [i].name && table [i].name [0]);
        CHECK (table [i].interval_ms > 0);
        CHECK (table [i].fn != NULL);
        for (size_t k = 0; k < i; k++)
            CHECK (strcmp (table [i].name, table [k].name) != 0);
    }
}

static void
retention_has_its_own_interval (void)
{
    size_t count;
    const hub_timer_t *table = hub_timers_table (&count);
    CHECK (HUB_RETENTION_INTERVAL_MS != HUB_TIMER_INTERVAL_MS);
    for (size_t i = 0; i < count; i++)
        CHECK_INT (table [i].interval_ms,
                   i == HUB_TIMER_RETENTION ? HUB_RETENTION_INTERVAL_MS
                 : i == HUB_TIMER_UNSEEN ? HUB_UNSEEN_INTERVAL_MS : HUB_TIMER_INTERVAL_MS);
}

static void
a_zeroed_hub_state_has_every_timer_due (void)
{
    hub_timers_t timers;
    memset (&timers, 0, sizeof timers);
    size_t count;
    const hub_timer_t *table = hub_timers_table (&count);
    for (size_t i = 0; i < count; i++) {
        CHECK (hub_timer_due (&timers.state [i], table [i].interval_ms, T0));
        CHECK (hub_timer_due (&timers.state [i], table [i].interval_ms, 0));
    }
}

/* ---- scheduling, on the test's own table ------------------------------------ */

#define JOBS    3

static int s_runs [JOBS];
static uint64_t s_at [JOBS];
static int s_order [16];
static size_t s_order_count;
static int s_failing = -1;          /* the job that fails, or -1            */

static int
s_job (int i, uint64_t now)
{
    s_runs [i]++;
    s_at [i] = now;
    if (s_order_count < sizeof s_order / sizeof s_order [0])
        s_order [s_order_count++] = i;
    return i == s_failing ? -1 : 0;
}

static int s_job_0 (hub_t *hub, uint64_t now) { return s_job (0, now); }
static int s_job_1 (hub_t *hub, uint64_t now) { return s_job (1, now); }
static int s_job_2 (hub_t *hub, uint64_t now) { return s_job (2, now); }

static const hub_timer_t s_table [JOBS] = {
    { "first", 1000, s_job_0 },
    { "second", 1000, s_job_1 },
    { "slow", 60000, s_job_2 },
};

static hub_timer_state_t s_state [JOBS];

static void
s_reset (void)
{
    memset (s_runs, 0, sizeof s_runs);
    memset (s_at, 0, sizeof s_at);
    memset (s_state, 0, sizeof s_state);
    s_order_count = 0;
    s_failing = -1;
}

static int
s_run (uint64_t now)
{
    return hub_timers_run_table (s_state, s_table, JOBS, NULL, now);
}

static void
every_timer_runs_at_the_first_tick (void)
{
    s_reset ();
    CHECK_INT (s_run (5), 0);      /* even a clock that starts near zero   */
    CHECK_INT (s_runs [0], 1);
    CHECK_INT (s_runs [1], 1);
    CHECK_INT (s_runs [2], 1);
    CHECK_INT (s_at [2], 5);
    CHECK_INT (s_state [2].last_run, 5);
    CHECK (s_state [2].ran);
}

static void
rows_run_in_table_order (void)
{
    s_reset ();
    CHECK_INT (s_run (T0), 0);
    CHECK_INT (s_order_count, 3);
    CHECK_INT (s_order [0], 0);
    CHECK_INT (s_order [1], 1);
    CHECK_INT (s_order [2], 2);
}

static void
a_timer_does_not_run_twice_within_its_interval (void)
{
    s_reset ();
    CHECK_INT (s_run (T0), 0);
    CHECK_INT (s_run (T0), 0);
    CHECK_INT (s_run (T0 + 999), 0);
    CHECK_INT (s_runs [0], 1);
    CHECK_INT (s_state [0].last_run, T0);
    CHECK (!hub_timer_due (&s_state [0], 1000, T0 + 999));
}

static void
a_timer_runs_again_after_its_interval (void)
{
    s_reset ();
    CHECK_INT (s_run (T0), 0);
    CHECK_INT (s_run (T0 + 1000), 0);
    CHECK_INT (s_runs [0], 2);
    CHECK_INT (s_at [0], T0 + 1000);
    /* the interval counts from the last run, not from the first           */
    CHECK_INT (s_run (T0 + 1999), 0);
    CHECK_INT (s_runs [0], 2);
    CHECK_INT (s_run (T0 + 2000), 0);
    CHECK_INT (s_runs [0], 3);
}

static void
a_clock_that_goes_back_makes_every_timer_due (void)
{
    s_reset ();
    CHECK_INT (s_run (T0), 0);
    CHECK_INT (s_run (T0 - 1), 0);
    CHECK_INT (s_runs [0], 2);
    CHECK_INT (s_runs [1], 2);
    CHECK_INT (s_runs [2], 2);
    CHECK_INT (s_state [2].last_run, T0 - 1);
    /* from there on, the interval counts from the earlier now               */
    CHECK_INT (s_run (T0 + 500), 0);
    CHECK_INT (s_runs [0], 2);
    CHECK_INT (s_run (T0 + 999), 0);
    CHECK_INT (s_runs [0], 3);
}

static void
each_row_keeps_its_own_interval (void)
{
    s_reset ();
    CHECK_INT (s_run (T0), 0);
    CHECK_INT (s_run (T0 + 1000), 0);
    CHECK_INT (s_run (T0 + 59000), 0);
    CHECK_INT (s_runs [0], 3);
    CHECK_INT (s_runs [2], 1);
    CHECK_INT (s_run (T0 + 60000), 0);
    CHECK_INT (s_runs [0], 4);
    CHECK_INT (s_runs [2], 2);
    CHECK_INT (s_at [2], T0 + 60000);
}

static void
a_failing_job_stops_the_run_and_waits_its_interval (void)
{
    s_reset ();
    s_failing = 1;
    CHECK_INT (s_run (T0), -1);
    CHECK_INT (s_runs [0], 1);
    CHECK_INT (s_runs [1], 1);
    CHECK_INT (s_runs [2], 0);     /* the rows after it stay due            */
    CHECK (!s_state [2].ran);
    s_failing = -1;
    CHECK_INT (s_run (T0 + 1), 0);
    CHECK_INT (s_runs [0], 1);
    CHECK_INT (s_runs [1], 1);     /* marked before it ran: not retried yet */
    CHECK_INT (s_runs [2], 1);
    CHECK_INT (s_run (T0 + 1000), 0);
    CHECK_INT (s_runs [1], 2);
}

void
suite_hub_timers (void)
{
    TEST_RUN ("hub_timers", the_rows_are_in_the_documented_order);
    TEST_RUN ("hub_timers", every_row_has_a_name_an_interval_and_a_job);
    TEST_RUN ("hub_timers", retention_has_its_own_interval);
    TEST_RUN ("hub_timers", a_zeroed_hub_state_has_every_timer_due);
    TEST_RUN ("hub_timers", every_timer_runs_at_the_first_tick);
    TEST_RUN ("hub_timers", rows_run_in_table_order);
    TEST_RUN ("hub_timers", a_timer_does_not_run_twice_within_its_interval);
    TEST_RUN ("hub_timers", a_timer_runs_again_after_its_interval);
    TEST_RUN ("hub_timers", a_clock_that_goes_back_makes_every_timer_due);
    TEST_RUN ("hub_timers", each_row_keeps_its_own_interval);
    TEST_RUN ("hub_timers", a_failing_job_stops_the_run_and_waits_its_interval);
}
