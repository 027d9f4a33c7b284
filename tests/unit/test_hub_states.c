/*  test_hub_states.c - the transition tables: each rule the workflows rely
    on, and that every cell of every table says something.                  */
#include "testing.h"
#include "hub_states.h"

static void
agreement_is_accepted_once (void)
{
    hub_agreement_state_t to = HUB_AGREEMENT_STATES;
    CHECK_INT (hub_agreement_move (HUB_AGREEMENT_PROPOSED, HUB_AGREEMENT_ACCEPT, &to), HUB_MOVE_OK);
    CHECK_INT (to, HUB_AGREEMENT_ACCEPTED);
    CHECK_INT (hub_agreement_move (HUB_AGREEMENT_ACCEPTED, HUB_AGREEMENT_ACCEPT, &to),
               HUB_MOVE_ACCEPTED);
    //  overdue after its acceptance: not a second acceptance
    CHECK_INT (hub_agreement_move (HUB_AGREEMENT_OVERDUE, HUB_AGREEMENT_ACCEPT, &to),
               HUB_MOVE_ACCEPTED);
    CHECK_INT (hub_agreement_move (HUB_AGREEMENT_STAGNATED, HUB_AGREEMENT_ACCEPT, &to),
               HUB_MOVE_ACCEPTED);
}

static void
late_agreement_may_still_be_accepted (void)
{
    hub_agreement_state_t to = HUB_AGREEMENT_STATES;
    CHECK_INT (hub_agreement_move (HUB_AGREEMENT_LATE, HUB_AGREEMENT_ACCEPT, &to), HUB_MOVE_OK);
    CHECK_INT (to, HUB_AGREEMENT_OVERDUE);
}

static void
agreement_is_finished_only_once_accepted (void)
{
    hub_agreement_state_t to = HUB_AGREEMENT_STATES;
    CHECK_INT (hub_agreement_move (HUB_AGREEMENT_PROPOSED, HUB_AGREEMENT_FINISH, &to),
               HUB_MOVE_TOO_EARLY);
    CHECK_INT (hub_agreement_move (HUB_AGREEMENT_LATE, HUB_AGREEMENT_STALL, &to),
               HUB_MOVE_TOO_EARLY);
    CHECK_INT (hub_agreement_move (HUB_AGREEMENT_OVERDUE, HUB_AGREEMENT_FINISH, &to), HUB_MOVE_OK);
    CHECK_INT (to, HUB_AGREEMENT_DONE);
    CHECK_INT (hub_agreement_move (HUB_AGREEMENT_STAGNATED, HUB_AGREEMENT_FINISH, &to), HUB_MOVE_OK);
    CHECK_INT (to, HUB_AGREEMENT_DONE);
}

static void
stagnation_may_be_reported_again (void)
{
    hub_agreement_state_t to = HUB_AGREEMENT_STATES;
    CHECK_INT (hub_agreement_move (HUB_AGREEMENT_STAGNATED, HUB_AGREEMENT_STALL, &to), HUB_MOVE_OK);
    CHECK_INT (to, HUB_AGREEMENT_STAGNATED);
}

static void
finished_agreement_moves_no_more (void)
{
    hub_agreement_state_t to = HUB_AGREEMENT_STATES;
    for (int e = 0; e < HUB_AGREEMENT_EVENTS; e++) {
        CHECK_INT (hub_agreement_move (HUB_AGREEMENT_DONE, e, &to), HUB_MOVE_FINISHED);
        CHECK_INT (hub_agreement_move (HUB_AGREEMENT_WITHDRAWN, e, &to), HUB_MOVE_FINISHED);
    }
    CHECK_INT (to, HUB_AGREEMENT_STATES);       /* untouched on a refusal     */
}

static void
open_agreement_may_be_withdrawn (void)
{
    const hub_agreement_state_t open [] = { HUB_AGREEMENT_PROPOSED, HUB_AGREEMENT_ACCEPTED,
        HUB_AGREEMENT_LATE, HUB_AGREEMENT_OVERDUE, HUB_AGREEMENT_STAGNATED };
    for (size_t i = 0; i < sizeof open / sizeof open [0]; i++) {
        hub_agreement_state_t to = HUB_AGREEMENT_STATES;
        CHECK_INT (hub_agreement_move (open [i], HUB_AGREEMENT_WITHDRAW, &to), HUB_MOVE_OK);
        CHECK_INT (to, HUB_AGREEMENT_WITHDRAWN);
    }
}

static void
timer_makes_open_agreements_overdue (void)
{
    hub_agreement_state_t to = HUB_AGREEMENT_STATES;
    CHECK_INT (hub_agreement_move (HUB_AGREEMENT_PROPOSED, HUB_AGREEMENT_FALL_DUE, &to), HUB_MOVE_OK);
    CHECK_INT (to, HUB_AGREEMENT_LATE);
    CHECK_INT (hub_agreement_move (HUB_AGREEMENT_ACCEPTED, HUB_AGREEMENT_FALL_DUE, &to), HUB_MOVE_OK);
    CHECK_INT (to, HUB_AGREEMENT_OVERDUE);
    CHECK_INT (hub_agreement_move (HUB_AGREEMENT_OVERDUE, HUB_AGREEMENT_FALL_DUE, &to),
               HUB_MOVE_SAME);
    CHECK_INT (hub_agreement_move (HUB_AGREEMENT_STAGNATED, HUB_AGREEMENT_FALL_DUE, &to),
               HUB_MOVE_SAME);
}

static void
agreement_status_text_round_trips (void)
{
    for (int s = 0; s < HUB_AGREEMENT_STATES; s++) {
        const char *text = hub_agreement_status (s);
        CHECK (text && text [0]);
        hub_agreement_state_t back;
        bool accepted = s != HUB_AGREEMENT_PROPOSED && s != HUB_AGREEMENT_LATE;
        CHECK (hub_agreement_state (text, accepted, &back));
        if (s == HUB_AGREEMENT_WITHDRAWN || s == HUB_AGREEMENT_DONE)
            continue;                   /* accepted or not, the same state   */
        CHECK_INT (back, s);
    }
    hub_agreement_state_t st;
    CHECK (hub_agreement_state ("overdue", false, &st));
    CHECK_INT (st, HUB_AGREEMENT_LATE);
    CHECK (hub_agreement_state ("overdue", true, &st));
    CHECK_INT (st, HUB_AGREEMENT_OVERDUE);
    CHECK (!hub_agreement_state ("on_track", true, &st));
    CHECK (!hub_agreement_state ("", true, &st));
}

static void
agreement_status_terms_are_events (void)
{
    hub_agreement_event_t e;
    CHECK (hub_agreement_event ("done", &e));
    CHECK_INT (e, HUB_AGREEMENT_FINISH);
    CHECK (hub_agreement_event ("stagnated", &e));
    CHECK_INT (e, HUB_AGREEMENT_STALL);
    CHECK (hub_agreement_event ("withdrawn", &e));
    CHECK_INT (e, HUB_AGREEMENT_WITHDRAW);
    CHECK (!hub_agreement_event ("accepted", &e));
}

static void
referral_is_decided_once (void)
{
    hub_referral_state_t to = HUB_REFERRAL_STATES;
    CHECK_INT (hub_referral_move (HUB_REFERRAL_OPEN, HUB_REFERRAL_CLAIM, &to), HUB_MOVE_OK);
    CHECK_INT (to, HUB_REFERRAL_ACCEPTED);
    CHECK_INT (hub_referral_move (HUB_REFERRAL_OPEN, HUB_REFERRAL_DECLINE, &to), HUB_MOVE_OK);
    CHECK_INT (to, HUB_REFERRAL_DECLINED);
    for (int e = 0; e < HUB_REFERRAL_EVENTS; e++) {
        CHECK_INT (hub_referral_move (HUB_REFERRAL_ACCEPTED, e, &to), HUB_MOVE_FINISHED);
        CHECK_INT (hub_referral_move (HUB_REFERRAL_DECLINED, e, &to), HUB_MOVE_FINISHED);
    }
    for (int s = 0; s < HUB_REFERRAL_STATES; s++) {
        hub_referral_state_t back;
        CHECK (hub_referral_state (hub_referral_status (s), &back));
        CHECK_INT (back, s);
    }
    hub_referral_state_t back;
    CHECK (!hub_referral_state ("withdrawn", &back));
}

static void
match_party_confirms_once (void)
{
    hub_party_state_t to = HUB_PARTY_STATES;
    CHECK_INT (hub_party_state (false, false, false), HUB_PARTY_OPEN);
    CHECK_INT (hub_party_state (false, true, false), HUB_PARTY_REMINDED);
    CHECK_INT (hub_party_state (false, true, true), HUB_PARTY_ESCALATED);
    CHECK_INT (hub_party_state (true, true, true), HUB_PARTY_CONFIRMED);
    for (int s = HUB_PARTY_OPEN; s < HUB_PARTY_CONFIRMED; s++) {
        CHECK_INT (hub_party_move (s, HUB_PARTY_CONFIRM, &to), HUB_MOVE_OK);
        CHECK_INT (to, HUB_PARTY_CONFIRMED);
    }
    CHECK_INT (hub_party_move (HUB_PARTY_CONFIRMED, HUB_PARTY_CONFIRM, &to), HUB_MOVE_FINISHED);
}

static void
match_party_is_reminded_then_escalated (void)
{
    hub_party_state_t to = HUB_PARTY_STATES;
    CHECK_INT (hub_party_move (HUB_PARTY_OPEN, HUB_PARTY_ESCALATE, &to), HUB_MOVE_TOO_EARLY);
    CHECK_INT (hub_party_move (HUB_PARTY_OPEN, HUB_PARTY_REMIND, &to), HUB_MOVE_OK);
    CHECK_INT (to, HUB_PARTY_REMINDED);
    CHECK_INT (hub_party_move (HUB_PARTY_REMINDED, HUB_PARTY_REMIND, &to), HUB_MOVE_SAME);
    CHECK_INT (hub_party_move (HUB_PARTY_REMINDED, HUB_PARTY_ESCALATE, &to), HUB_MOVE_OK);
    CHECK_INT (to, HUB_PARTY_ESCALATED);
    CHECK_INT (hub_party_move (HUB_PARTY_ESCALATED, HUB_PARTY_ESCALATE, &to), HUB_MOVE_SAME);
}

static void
phase_moves_forward_back_with_reason_and_closes_last (void)
{
    hub_phase_step_t step;
    CHECK_INT (hub_phase_move (2, 2, 8, true, &step), HUB_MOVE_SAME);
    CHECK_INT (hub_phase_move (2, 3, 8, false, &step), HUB_MOVE_OK);
    CHECK_INT (step, HUB_PHASE_FORWARD);
    CHECK_INT (hub_phase_move (3, 1, 8, false, &step), HUB_MOVE_NEEDS_REASON);
    CHECK_INT (hub_phase_move (3, 1, 8, true, &step), HUB_MOVE_OK);
    CHECK_INT (step, HUB_PHASE_BACK);
    CHECK_INT (hub_phase_move (3, 7, 8, false, &step), HUB_MOVE_OK);
    CHECK_INT (step, HUB_PHASE_CLOSE);
    //  a phase no longer configured: any configured phase is ahead of it
    CHECK_INT (hub_phase_move (-1, 0, 8, false, &step), HUB_MOVE_OK);
    CHECK_INT (step, HUB_PHASE_FORWARD);
}

static void
every_cell_is_filled (void)
{
    CHECK (hub_states_complete ());
}

void
suite_hub_states (void)
{
    TEST_RUN ("hub_states", every_cell_is_filled);
    TEST_RUN ("hub_states", agreement_is_accepted_once);
    TEST_RUN ("hub_states", late_agreement_may_still_be_accepted);
    TEST_RUN ("hub_states", agreement_is_finished_only_once_accepted);
    TEST_RUN ("hub_states", stagnation_may_be_reported_again);
    TEST_RUN ("hub_states", finished_agreement_moves_no_more);
    TEST_RUN ("hub_states", open_agreement_may_be_withdrawn);
    TEST_RUN ("hub_states", timer_makes_open_agreements_overdue);
    TEST_RUN ("hub_states", agreement_status_text_round_trips);
    TEST_RUN ("hub_states", agreement_status_terms_are_events);
    TEST_RUN ("hub_states", referral_is_decided_once);
    TEST_RUN ("hub_states", match_party_confirms_once);
    TEST_RUN ("hub_states", match_party_is_reminded_then_escalated);
    TEST_RUN ("hub_states", phase_moves_forward_back_with_reason_and_closes_last);
}
