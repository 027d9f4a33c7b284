/*  hub_timers.h - the hub's timers as one table: one row per job.

    Nothing arrives when a deadline passes, so the hub looks: the router
    runs the table every tick (HUB_TICK_MS), inside one transaction, with
    the injectable clock's now (hub_clock.h) - a test or the demo that moves
    the clock moves every deadline. A row names its job (for logs, status
    and tests), says how often it looks and which function looks. A job runs
    when its interval has passed since its last run, and also when the
    clock went back before that run (a clock file rewritten by a test or the
    demo): waiting for the clock to catch up would stop it for as long as it
    went back. The rows run in the table's order, each seeing what the rows
    before it changed in the same transaction.

    What a job has done lives in the store, each mark in the same
    transaction as its notices, so a restart never loses or repeats one.
    The last runs here are only the hub's memory of when it last looked:
    they are not stored, and a hub that starts has every timer due.
*/
#ifndef HUB_TIMERS_H_INCLUDED
#define HUB_TIMERS_H_INCLUDED

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct hub_t hub_t;

/*  A timer's job: does what is due at now. 0, or -1 on a store error.       */
typedef int (hub_timer_fn) (hub_t *hub, uint64_t now);

typedef struct {
    const char *name;
    uint64_t interval_ms;       /* at most one run per interval             */
    hub_timer_fn *fn;
} hub_timer_t;

/*  The hub's timers, in the order they run.                                */
typedef enum {
    HUB_TIMER_MATCH_REMIND,     /* match parties past the deadline          */
    HUB_TIMER_MATCH_ESCALATE,   /* ... and still unconfirmed after it       */
    HUB_TIMER_RETENTION,        /* what the configured periods remove       */
    HUB_TIMER_FOLLOW_UP_END,    /* follow-up windows that ended             */
    HUB_TIMER_AGREEMENT_REMIND, /* agreements coming due                    */
    HUB_TIMER_AGREEMENT_OVERDUE,
    HUB_TIMER_AGREEMENT_CHASE,  /* proposed and not accepted                */
    HUB_TIMER_AGREEMENT_ESCALATE,
    HUB_TIMER_ROUND_REPORTS,    /* progress reports asked before a round    */
    HUB_TIMER_UNSEEN,           /* signals their recipient has not received  */
    HUB_TIMER_COUNT
} hub_timer_id_t;

/*  When one timer last ran. All zero: never, so it is due.                  */
typedef struct {
    uint64_t last_run;          /* the now it last ran at                   */
    bool ran;
} hub_timer_state_t;

/*  The last runs of the hub's table, owned by the hub (hub_t.timers). A
    zeroed one has every timer due at the first tick.                       */
typedef struct {
    hub_timer_state_t state [HUB_TIMER_COUNT];
} hub_timers_t;

/*  The hub's table: HUB_TIMER_COUNT rows, indexed by hub_timer_id_t.        */
const hub_timer_t *hub_timers_table (size_t *count);

/*  Whether a timer with this last run and interval is due at now.           */
bool hub_timer_due (const hub_timer_state_t *state, uint64_t interval_ms, uint64_t now);

/*  Runs every due row of table (count rows, state one per row) in order,
    marking each as run at now before it runs: a job that fails is not
    tried again within its interval (its transaction is rolled back and the
    store still holds what is due). Stops at the first job that fails and
    returns -1, leaving the rows after it due; 0 when none failed.          */
int hub_timers_run_table (hub_timer_state_t *state, const hub_timer_t *table, size_t count,
                          hub_t *hub, uint64_t now);

/*  Runs the hub's table with the hub's last runs. 0 or -1, as above.        */
int hub_timers_run (hub_t *hub, hub_timers_t *timers, uint64_t now);

#endif
