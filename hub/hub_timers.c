/*  hub_timers.c - the table of the hub's timers and the loop that runs it
    (see hub_timers.h). The jobs live with their workflows.                 */
#include "hub_timers.h"
#include "hub.h"
#include "hub_limits.h"
#include "hub_escalation.h"
#include "hub_retention.h"
#include "hub_lifecycle.h"
#include "hub_agreements.h"
#include "hub_rounds.h"
#include "hub_unseen.h"

/*  The deadlines are days apart and the notices carry dates: a second's
    resolution is plenty, and scanning more often would only cost queries.
    Retention reaches through whole tables, so it looks once a minute; the
    unseen signals are found among the waiting deliveries, every ten
    seconds (a wait is minutes).                                             */
#define EVERY(name, fn)         { name, HUB_TIMER_INTERVAL_MS, fn }

static const hub_timer_t s_timers [HUB_TIMER_COUNT] = {
    [HUB_TIMER_MATCH_REMIND]        = EVERY ("match_remind", hub_escalation_match_remind),
    [HUB_TIMER_MATCH_ESCALATE]      = EVERY ("match_escalate", hub_escalation_match_escalate),
    [HUB_TIMER_RETENTION]           = { "retention", HUB_RETENTION_INTERVAL_MS, hub_retention_timer },
    [HUB_TIMER_FOLLOW_UP_END]       = EVERY ("follow_up_end", hub_lifecycle_follow_up_end),
    [HUB_TIMER_AGREEMENT_REMIND]    = EVERY ("agreement_remind", hub_agreements_remind),
    [HUB_TIMER_AGREEMENT_OVERDUE]   = EVERY ("agreement_overdue", hub_agreements_overdue),
    [HUB_TIMER_AGREEMENT_CHASE]     = EVERY ("agreement_chase", hub_agreements_chase),
    [HUB_TIMER_AGREEMENT_ESCALATE]  = EVERY ("agreement_escalate", hub_agreements_escalate),
    [HUB_TIMER_ROUND_REPORTS]       = EVERY ("round_reports", hub_rounds_ask_reports),
    [HUB_TIMER_UNSEEN]              = { "unseen", HUB_UNSEEN_INTERVAL_MS, hub_unseen_timer },
};

const hub_timer_t *
hub_timers_table (size_t *count)
{
    *count = HUB_TIMER_COUNT;
    return s_timers;
}

bool
hub_timer_due (const hub_timer_state_t *state, uint64_t interval_ms, uint64_t now)
{
    return !state->ran || now < state->last_run || now - state->last_run >= interval_ms;
}

int
hub_timers_run_table (hub_timer_state_t *state, const hub_timer_t *table, size_t count,
                      hub_t *hub, uint64_t now)
{
    for (size_t i = 0; i < count; i++) {
        if (!hub_timer_due (&state [i], table [i].interval_ms, now))
            continue;
        state [i].last_run = now;
        state [i].ran = true;
        if (table [i].fn (hub, now) != 0) {
            zsys_error ("timer %s failed at %llu", table [i].name, (unsigned long long) now);
            return -1;
        }
    }
    return 0;
}

int
hub_timers_run (hub_t *hub, hub_timers_t *timers, uint64_t now)
{
    return hub_timers_run_table (timers->state, s_timers, HUB_TIMER_COUNT, hub, now);
}
