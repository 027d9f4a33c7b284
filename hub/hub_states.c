/*  hub_states.c - the transition tables (hub_states.h).                   */
#include "hub_states.h"
#include <string.h>

/*  One cell: the next state, or why the event may not happen. The state is
    kept plus one, so that a cell a table forgot ({0, 0}) is told apart from
    a move to the first state: hub_states_complete finds it, and a move
    through it is refused.                                                   */
typedef struct {
    hub_move_t why;
    int to;
} cell_t;

#define TO(s)       { HUB_MOVE_OK, (s) + 1 }
#define NO(why)     { why, 0 }

static bool
s_cell_set (cell_t c)
{
    return c.why != HUB_MOVE_OK || c.to > 0;
}

/*  The next state of a cell, or the reason; a forgotten cell refuses.       */
static hub_move_t
s_move (cell_t c, int *to)
{
    if (!s_cell_set (c))
        return HUB_MOVE_FINISHED;
    if (c.why == HUB_MOVE_OK)
        *to = c.to - 1;
    return c.why;
}

/*  The state whose stored text is status (the first, where two share one),
    or -1.                                                                   */
static int
s_status_index (const char *const *texts, int count, const char *status)
{
    for (int s = 0; s < count; s++)
        if (strcmp (status, texts [s]) == 0)
            return s;
    return -1;
}

/* ---- agreements ---------------------------------------------------------- */

static const char *s_agreement_status [HUB_AGREEMENT_STATES] = {
    [HUB_AGREEMENT_PROPOSED]  = "proposed",
    [HUB_AGREEMENT_ACCEPTED]  = "accepted",
    [HUB_AGREEMENT_LATE]      = "overdue",
    [HUB_AGREEMENT_OVERDUE]   = "overdue",
    [HUB_AGREEMENT_STAGNATED] = "stagnated",
    [HUB_AGREEMENT_DONE]      = "done",
    [HUB_AGREEMENT_WITHDRAWN] = "withdrawn",
};

/*  A stagnated agreement stays open: the regisseur steps in, the owner may
    report again (a second report escalates) or finish it. The timer passes
    it by: it is already on the regisseur's desk.                             */
static const cell_t s_agreement [HUB_AGREEMENT_STATES][HUB_AGREEMENT_EVENTS] = {
    [HUB_AGREEMENT_PROPOSED] = {
        [HUB_AGREEMENT_ACCEPT]   = TO (HUB_AGREEMENT_ACCEPTED),
        [HUB_AGREEMENT_FINISH]   = NO (HUB_MOVE_TOO_EARLY),
        [HUB_AGREEMENT_STALL]    = NO (HUB_MOVE_TOO_EARLY),
        [HUB_AGREEMENT_WITHDRAW] = TO (HUB_AGREEMENT_WITHDRAWN),
        [HUB_AGREEMENT_FALL_DUE] = TO (HUB_AGREEMENT_LATE) },
    [HUB_AGREEMENT_ACCEPTED] = {
        [HUB_AGREEMENT_ACCEPT]   = NO (HUB_MOVE_ACCEPTED),
        [HUB_AGREEMENT_FINISH]   = TO (HUB_AGREEMENT_DONE),
        [HUB_AGREEMENT_STALL]    = TO (HUB_AGREEMENT_STAGNATED),
        [HUB_AGREEMENT_WITHDRAW] = TO (HUB_AGREEMENT_WITHDRAWN),
        [HUB_AGREEMENT_FALL_DUE] = TO (HUB_AGREEMENT_OVERDUE) },
    [HUB_AGREEMENT_LATE] = {
        [HUB_AGREEMENT_ACCEPT]   = TO (HUB_AGREEMENT_OVERDUE),
        [HUB_AGREEMENT_FINISH]   = NO (HUB_MOVE_TOO_EARLY),
        [HUB_AGREEMENT_STALL]    = NO (HUB_MOVE_TOO_EARLY),
        [HUB_AGREEMENT_WITHDRAW] = TO (HUB_AGREEMENT_WITHDRAWN),
        [HUB_AGREEMENT_FALL_DUE] = NO (HUB_MOVE_SAME) },
    [HUB_AGREEMENT_OVERDUE] = {
        [HUB_AGREEMENT_ACCEPT]   = NO (HUB_MOVE_ACCEPTED),
        [HUB_AGREEMENT_FINISH]   = TO (HUB_AGREEMENT_DONE),
        [HUB_AGREEMENT_STALL]    = TO (HUB_AGREEMENT_STAGNATED),
        [HUB_AGREEMENT_WITHDRAW] = TO (HUB_AGREEMENT_WITHDRAWN),
        [HUB_AGREEMENT_FALL_DUE] = NO (HUB_MOVE_SAME) },
    [HUB_AGREEMENT_STAGNATED] = {
        [HUB_AGREEMENT_ACCEPT]   = NO (HUB_MOVE_ACCEPTED),
        [HUB_AGREEMENT_FINISH]   = TO (HUB_AGREEMENT_DONE),
        [HUB_AGREEMENT_STALL]    = TO (HUB_AGREEMENT_STAGNATED),
        [HUB_AGREEMENT_WITHDRAW] = TO (HUB_AGREEMENT_WITHDRAWN),
        [HUB_AGREEMENT_FALL_DUE] = NO (HUB_MOVE_SAME) },
    [HUB_AGREEMENT_DONE] = {
        [HUB_AGREEMENT_ACCEPT]   = NO (HUB_MOVE_FINISHED),
        [HUB_AGREEMENT_FINISH]   = NO (HUB_MOVE_FINISHED),
        [HUB_AGREEMENT_STALL]    = NO (HUB_MOVE_FINISHED),
        [HUB_AGREEMENT_WITHDRAW] = NO (HUB_MOVE_FINISHED),
        [HUB_AGREEMENT_FALL_DUE] = NO (HUB_MOVE_FINISHED) },
    [HUB_AGREEMENT_WITHDRAWN] = {
        [HUB_AGREEMENT_ACCEPT]   = NO (HUB_MOVE_FINISHED),
        [HUB_AGREEMENT_FINISH]   = NO (HUB_MOVE_FINISHED),
        [HUB_AGREEMENT_STALL]    = NO (HUB_MOVE_FINISHED),
        [HUB_AGREEMENT_WITHDRAW] = NO (HUB_MOVE_FINISHED),
        [HUB_AGREEMENT_FALL_DUE] = NO (HUB_MOVE_FINISHED) },
};

bool
hub_agreement_state (const char *status, bool accepted, hub_agreement_state_t *state)
{
    if (strcmp (status, "overdue") == 0) {
        *state = accepted ? HUB_AGREEMENT_OVERDUE : HUB_AGREEMENT_LATE;
        return true;
    }
    int s = s_status_index (s_agreement_status, HUB_AGREEMENT_STATES, status);
    if (s >= 0)
        *state = (hub_agreement_state_t) s;
    return s >= 0;
}

const char *
hub_agreement_status (hub_agreement_state_t state)
{
    return s_agreement_status [state];
}

hub_move_t
hub_agreement_move (hub_agreement_state_t from, hub_agreement_event_t event,
                    hub_agreement_state_t *to)
{
    int next = 0;
    hub_move_t why = s_move (s_agreement [from][event], &next);
    if (why == HUB_MOVE_OK)
        *to = (hub_agreement_state_t) next;
    return why;
}

bool
hub_agreement_event (const char *status, hub_agreement_event_t *event)
{
    static const struct {
        const char *term;
        hub_agreement_event_t event;
    } terms [] = {
        { "done", HUB_AGREEMENT_FINISH },
        { "stagnated", HUB_AGREEMENT_STALL },
        { "withdrawn", HUB_AGREEMENT_WITHDRAW },
    };
    for (size_t i = 0; i < sizeof terms / sizeof terms [0]; i++)
        if (strcmp (status, terms [i].term) == 0) {
            *event = terms [i].event;
            return true;
        }
    return false;
}

/* ---- referrals ----------------------------------------------------------- */

static const char *s_referral_status [HUB_REFERRAL_STATES] = {
    [HUB_REFERRAL_OPEN]     = "open",
    [HUB_REFERRAL_ACCEPTED] = "accepted",
    [HUB_REFERRAL_DECLINED] = "declined",
};

/*  A referral is decided once: accepting it again would make a second
    continuity agreement, accepting a declined one contradicts the feedback
    the referrer already has.                                               */
static const cell_t s_referral [HUB_REFERRAL_STATES][HUB_REFERRAL_EVENTS] = {
    [HUB_REFERRAL_OPEN] = {
        [HUB_REFERRAL_CLAIM]   = TO (HUB_REFERRAL_ACCEPTED),
        [HUB_REFERRAL_DECLINE] = TO (HUB_REFERRAL_DECLINED) },
    [HUB_REFERRAL_ACCEPTED] = {
        [HUB_REFERRAL_CLAIM]   = NO (HUB_MOVE_FINISHED),
        [HUB_REFERRAL_DECLINE] = NO (HUB_MOVE_FINISHED) },
    [HUB_REFERRAL_DECLINED] = {
        [HUB_REFERRAL_CLAIM]   = NO (HUB_MOVE_FINISHED),
        [HUB_REFERRAL_DECLINE] = NO (HUB_MOVE_FINISHED) },
};

bool
hub_referral_state (const char *status, hub_referral_state_t *state)
{
    int s = s_status_index (s_referral_status, HUB_REFERRAL_STATES, status);
    if (s >= 0)
        *state = (hub_referral_state_t) s;
    return s >= 0;
}

const char *
hub_referral_status (hub_referral_state_t state)
{
    return s_referral_status [state];
}

hub_move_t
hub_referral_move (hub_referral_state_t from, hub_referral_event_t event,
                   hub_referral_state_t *to)
{
    int next = 0;
    hub_move_t why = s_move (s_referral [from][event], &next);
    if (why == HUB_MOVE_OK)
        *to = (hub_referral_state_t) next;
    return why;
}

/* ---- a partner's part in a match ------------------------------------------ */

/*  Confirming closes the loop at any point before or after the reminder or
    the escalation; a second confirmation would overwrite the first one's
    time and outcome, which the reports count.                               */
static const cell_t s_party [HUB_PARTY_STATES][HUB_PARTY_EVENTS] = {
    [HUB_PARTY_OPEN] = {
        [HUB_PARTY_CONFIRM]  = TO (HUB_PARTY_CONFIRMED),
        [HUB_PARTY_REMIND]   = TO (HUB_PARTY_REMINDED),
        [HUB_PARTY_ESCALATE] = NO (HUB_MOVE_TOO_EARLY) },
    [HUB_PARTY_REMINDED] = {
        [HUB_PARTY_CONFIRM]  = TO (HUB_PARTY_CONFIRMED),
        [HUB_PARTY_REMIND]   = NO (HUB_MOVE_SAME),
        [HUB_PARTY_ESCALATE] = TO (HUB_PARTY_ESCALATED) },
    [HUB_PARTY_ESCALATED] = {
        [HUB_PARTY_CONFIRM]  = TO (HUB_PARTY_CONFIRMED),
        [HUB_PARTY_REMIND]   = NO (HUB_MOVE_SAME),
        [HUB_PARTY_ESCALATE] = NO (HUB_MOVE_SAME) },
    [HUB_PARTY_CONFIRMED] = {
        [HUB_PARTY_CONFIRM]  = NO (HUB_MOVE_FINISHED),
        [HUB_PARTY_REMIND]   = NO (HUB_MOVE_FINISHED),
        [HUB_PARTY_ESCALATE] = NO (HUB_MOVE_FINISHED) },
};

hub_party_state_t
hub_party_state (bool confirmed, bool reminded, bool escalated)
{
    return confirmed ? HUB_PARTY_CONFIRMED
         : escalated ? HUB_PARTY_ESCALATED
         : reminded  ? HUB_PARTY_REMINDED
         : HUB_PARTY_OPEN;
}

hub_move_t
hub_party_move (hub_party_state_t from, hub_party_event_t event, hub_party_state_t *to)
{
    int next = 0;
    hub_move_t why = s_move (s_party [from][event], &next);
    if (why == HUB_MOVE_OK)
        *to = (hub_party_state_t) next;
    return why;
}

/* ---- a household's phase --------------------------------------------------- */

hub_move_t
hub_phase_move (int from, int to, size_t count, bool has_reason, hub_phase_step_t *step)
{
    if (to == from)
        return HUB_MOVE_SAME;
    if (to < from && !has_reason)
        return HUB_MOVE_NEEDS_REASON;
    *step = (size_t) to + 1 == count ? HUB_PHASE_CLOSE
          : to < from ? HUB_PHASE_BACK : HUB_PHASE_FORWARD;
    return HUB_MOVE_OK;
}

/* ---- the tables' own check ------------------------------------------------ */

bool
hub_states_complete (void)
{
    for (int f = 0; f < HUB_AGREEMENT_STATES; f++)
        for (int e = 0; e < HUB_AGREEMENT_EVENTS; e++)
            if (!s_cell_set (s_agreement [f][e]))
                return false;
    for (int f = 0; f < HUB_REFERRAL_STATES; f++)
        for (int e = 0; e < HUB_REFERRAL_EVENTS; e++)
            if (!s_cell_set (s_referral [f][e]))
                return false;
    for (int f = 0; f < HUB_PARTY_STATES; f++)
        for (int e = 0; e < HUB_PARTY_EVENTS; e++)
            if (!s_cell_set (s_party [f][e]))
                return false;
    return true;
}
