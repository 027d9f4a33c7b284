/*  test_workflow_referrals.c - referral, decline and claim through their
    handlers (hub_referrals.c): where a referral goes, the intake's feedback,
    regie claimed with the regiecheck in the same step, and a referral
    decided only once.                                                      */
#include "workflow_fixture.h"
#include "hub_store_signals.h"

#define REF     PROTO_REF_BYTES
#define ID_HEX  (2 * PROTO_ID_BYTES + 1)

/*  woningcorporatie refers person to team, school introducing.             */
static wf_msg_t *
s_refer (wf_t *fx, const uint8_t *person, const char *team, const char *introducer)
{
    return wf_apply (fx, "woningcorporatie", "referral", person, NULL, "team", team,
                     "introducer", introducer, "reason", "debts on every front",
                     "contact", "06-woningcorporatie", NULL);
}

/*  The referral r's id, as a body names it.                                 */
static void
s_id (char out [ID_HEX], const wf_msg_t *r)
{
    wf_hex (out, r->env.id, PROTO_ID_BYTES);
}

static wf_msg_t *
s_decline (wf_t *fx, const char *intake, const uint8_t *person, const wf_msg_t *r)
{
    char id [ID_HEX];
    s_id (id, r);
    return wf_apply (fx, intake, "decline", person, NULL, "referral", id,
                     "reason", "gemotiveerd_voor_regulier", "alternative", "schuldhulp", NULL);
}

static wf_msg_t *
s_claim (wf_t *fx, const char *intake, const uint8_t *person, const char *casemanager,
         const wf_msg_t *r)
{
    char id [ID_HEX];
    if (!r)
        return wf_apply (fx, intake, "claim", person, NULL, "casemanager", casemanager, NULL);
    s_id (id, r);
    return wf_apply (fx, intake, "claim", person, NULL, "casemanager", casemanager,
                     "referral", id, NULL);
}

static hub_referral_row_t
s_referral_row (wf_t *fx, const wf_msg_t *r)
{
    hub_referral_row_t row;
    memset (&row, 0, sizeof row);
    if (hub_store_referral_get (fx->hub.store, r->env.id, &row) != 1)
        row.status [0] = 0;
    return row;
}

WF_TEST (a_referral_goes_to_the_intake_of_its_team)
{
    uint8_t p [REF];
    wf_ref (p, "person");
    wf_msg_t *m = s_refer (fx, p, "acm", "school");
    CHECK (m);
    CHECK_INT (m->msg.refuse, PROTO_OK);
    CHECK_INT (wf_to_count (fx), 1);
    CHECK (wf_to (fx, "acm-intake"));
    CHECK_STR (m->item.to, "acm");
    CHECK_STR (wf_note (m), "referred {\"team\":\"acm\"}");
    CHECK_INT (wf_out_count (fx, NULL, NULL), 0);
    CHECK_STR (s_referral_row (fx, m).status, "open");
}

WF_TEST (a_referral_to_the_other_team_goes_to_its_intake)
{
    uint8_t p [REF];
    wf_ref (p, "person");
    wf_msg_t *m = s_refer (fx, p, "wijkteam", "school");
    CHECK (m);
    CHECK_INT (wf_to_count (fx), 1);
    CHECK (wf_to (fx, "wijkteam-intake"));
    CHECK_STR (m->item.to, "wijkteam");
}

WF_TEST (a_referral_to_an_unknown_team_is_refused_and_changes_nothing)
{
    uint8_t p [REF];
    wf_ref (p, "person");
    wf_msg_t *m = s_refer (fx, p, "nergens", "school");
    CHECK (m);
    CHECK_INT (m->msg.refuse, PROTO_NOT_FOUND);
    CHECK_STR (wf_reason (m), "no_such_team {\"team\":\"nergens\"}");
    CHECK_INT (wf_act (fx), 0);
    CHECK_INT (wf_household (fx, p), 0);
    CHECK_INT (wf_audit_count (fx, "referral", "refused: not_found"), 1);
    CHECK_INT (wf_queued (fx, "acm-intake"), 0);
}

WF_TEST (a_referral_naming_an_introducer_outside_the_network_is_refused)
{
    uint8_t p [REF];
    wf_ref (p, "person");
    wf_msg_t *m = s_refer (fx, p, "acm", "buurtcentrum");
    CHECK (m);
    CHECK_INT (m->msg.refuse, PROTO_NOT_FOUND);
    CHECK_HAS (wf_reason (m), "introducer_not_a_partner {\"partner\":\"buurtcentrum\"}");
}

WF_TEST (the_intake_declines_with_feedback_to_the_referrer)
{
    uint8_t p [REF];
    wf_ref (p, "person");
    wf_msg_t *r = s_refer (fx, p, "acm", "school");
    CHECK (r);
    wf_msg_t *m = s_decline (fx, "acm-intake", p, r);
    CHECK (m);
    CHECK_INT (m->msg.refuse, PROTO_OK);
    CHECK_INT (wf_to_count (fx), 1);
    CHECK (wf_to (fx, "woningcorporatie"));
    CHECK_HAS (wf_note (m), "declined {\"partner\":\"woningcorporatie\"");
    CHECK_INT (wf_act (fx), 0);
    CHECK_STR (s_referral_row (fx, r).status, "declined");
    CHECK_INT (wf_queued (fx, "woningcorporatie"), 1);
}

WF_TEST (another_team_s_intake_cannot_decline_a_referral)
{
    uint8_t p [REF];
    wf_ref (p, "person");
    wf_msg_t *r = s_refer (fx, p, "acm", "school");
    CHECK (r);
    wf_msg_t *m = s_decline (fx, "wijkteam-intake", p, r);
    CHECK (m);
    CHECK_INT (m->msg.refuse, PROTO_NOT_FOUND);
    CHECK_STR (wf_reason (m), "referral_not_yours {}");
    CHECK_INT (wf_act (fx), 0);
    CHECK_STR (s_referral_row (fx, r).status, "open");
}

WF_TEST (a_decline_about_another_household_is_refused)
{
    //  the feedback goes out under the decline's subject: it must be the
    //  household referred
    uint8_t p [REF], q [REF];
    wf_ref (p, "person");
    wf_ref (q, "somebody else");
    wf_msg_t *r = s_refer (fx, p, "acm", "school");
    CHECK (r);
    wf_msg_t *m = s_decline (fx, "acm-intake", q, r);
    CHECK (m);
    CHECK_INT (m->msg.refuse, PROTO_NOT_FOUND);
    CHECK_HAS (wf_reason (m), "referral_not_here {}");
    CHECK_INT (wf_to_count (fx), 0);
}

WF_TEST (a_referral_is_declined_only_once)
{
    uint8_t p [REF];
    wf_ref (p, "person");
    wf_msg_t *r = s_refer (fx, p, "acm", "school");
    CHECK (r);
    CHECK (s_decline (fx, "acm-intake", p, r));
    wf_msg_t *m = s_decline (fx, "acm-intake", p, r);
    CHECK (m);
    CHECK_INT (m->msg.refuse, PROTO_INVALID_STATE);
    CHECK_STR (wf_reason (m), "referral_done_already {\"status\":\"declined\"}");
}

WF_TEST (a_claim_makes_the_casemanager_the_regisseur)
{
    uint8_t p [REF];
    wf_ref (p, "person");
    wf_msg_t *m = s_claim (fx, "acm-intake", p, "cm-anna", NULL);
    CHECK (m);
    CHECK_INT (m->msg.refuse, PROTO_OK);
    CHECK_HAS (wf_note (m), "regie_claimed {\"team\":\"acm\",\"casemanager\":\"cm-anna\"");
    CHECK_STR (m->item.to, "acm");
    //  the casemanager is told; the claim itself goes to nobody
    CHECK_INT (wf_to_count (fx), 0);
    CHECK_INT (wf_out_count (fx, NULL, NULL), 1);
    const hub_out_msg_t *n = wf_out (fx, "cm-anna", "regie_assigned");
    CHECK (n);
    CHECK_STR (wf_out_field (fx, n, "team"), "acm");
    CHECK_STR (wf_out_field (fx, n, "phase"), "intake");
    CHECK_STR (wf_out_field (fx, n, "by"), "acm-intake");
    CHECK_INT (wf_act (fx), 0);
    hub_household_row_t h = wf_household_row (fx, p);
    CHECK (h.hh > 0);
    CHECK_STR (h.team, "acm");
    CHECK_STR (h.casemanager, "cm-anna");
    //  the phase after the first of the taxonomy (aangemeld)
    CHECK_STR (h.phase, "intake");
}

WF_TEST (a_claim_of_a_referral_tells_the_referrer_and_commits_the_introducer)
{
    uint8_t p [REF];
    wf_ref (p, "person");
    wf_msg_t *r = s_refer (fx, p, "acm", "school");
    CHECK (r);
    wf_msg_t *m = s_claim (fx, "acm-intake", p, "cm-anna", r);
    CHECK (m);
    CHECK_INT (m->msg.refuse, PROTO_OK);
    CHECK_INT (wf_out_count (fx, NULL, NULL), 3);
    CHECK_INT (wf_out_count (fx, "cm-anna", "regie_assigned"), 1);
    CHECK_STR (wf_out_field (fx, wf_out (fx, "woningcorporatie", "referral_accepted"), "team"),
               "acm");
    const hub_out_msg_t *a = wf_out (fx, "school", "continuity");
    CHECK (a);
    CHECK (wf_out_field (fx, a, "due"));
    CHECK (wf_out_field (fx, a, "object"));
    CHECK_INT (wf_act (fx), 0);
    CHECK_STR (s_referral_row (fx, r).status, "accepted");
}

WF_TEST (a_claim_while_another_team_holds_regie_is_refused_naming_the_team)
{
    uint8_t p [REF];
    wf_ref (p, "person");
    CHECK (s_claim (fx, "acm-intake", p, "cm-anna", NULL));
    wf_msg_t *m = s_claim (fx, "wijkteam-intake", p, "cm-wim", NULL);
    CHECK (m);
    CHECK_INT (m->msg.refuse, PROTO_CONFLICT);
    CHECK_HAS (wf_reason (m), "regie_held_elsewhere {\"team\":\"acm\",\"since\":");
    CHECK_HAS (wf_reason (m), "\"casemanager\":\"cm-anna\",\"name\":\"Test cm-anna\",\"contact\":\"030-cm-anna\"");
    CHECK_INT (wf_act (fx), 0);
    hub_household_row_t h = wf_household_row (fx, p);
    CHECK_STR (h.team, "acm");
    CHECK_STR (h.casemanager, "cm-anna");
    CHECK_INT (wf_audit_count (fx, "claim", "refused: conflict"), 1);
}

WF_TEST (a_claim_by_the_holding_team_keeps_regie_and_its_phase)
{
    uint8_t p [REF];
    wf_ref (p, "person");
    CHECK (s_claim (fx, "acm-intake", p, "cm-anna", NULL));
    wf_msg_t *m = s_claim (fx, "acm-intake", p, "cm-bram", NULL);
    CHECK (m);
    CHECK_INT (m->msg.refuse, PROTO_OK);
    CHECK_HAS (wf_note (m), "regie_stays {\"team\":\"acm\",\"casemanager\":\"cm-bram\"");
    CHECK_INT (wf_act (fx), 0);
    hub_household_row_t h = wf_household_row (fx, p);
    CHECK_STR (h.casemanager, "cm-bram");
    CHECK_STR (h.phase, "intake");
}

WF_TEST (a_claim_naming_another_team_s_casemanager_is_refused)
{
    uint8_t p [REF];
    wf_ref (p, "person");
    wf_msg_t *m = s_claim (fx, "acm-intake", p, "cm-wim", NULL);
    CHECK (m);
    CHECK_INT (m->msg.refuse, PROTO_NOT_FOUND);
    CHECK_STR (wf_reason (m), "not_a_casemanager {\"casemanager\":\"cm-wim\",\"team\":\"acm\"}");
    CHECK_INT (wf_act (fx), 0);
    CHECK_INT (wf_household (fx, p), 0);
}

WF_TEST (a_declined_referral_cannot_be_claimed)
{
    uint8_t p [REF];
    wf_ref (p, "person");
    wf_msg_t *r = s_refer (fx, p, "acm", "school");
    CHECK (r);
    CHECK (s_decline (fx, "acm-intake", p, r));
    wf_msg_t *m = s_claim (fx, "acm-intake", p, "cm-anna", r);
    CHECK (m);
    CHECK_INT (m->msg.refuse, PROTO_INVALID_STATE);
    CHECK_STR (wf_reason (m), "referral_done_already {\"status\":\"declined\"}");
    CHECK_INT (wf_act (fx), 0);
    hub_household_row_t h = wf_household_row (fx, p);
    CHECK (h.hh > 0);
    CHECK_STR (h.team, "");
    CHECK_STR (s_referral_row (fx, r).status, "declined");
}

WF_TEST (an_accepted_referral_cannot_be_claimed_again)
{
    uint8_t p [REF];
    wf_ref (p, "person");
    wf_msg_t *r = s_refer (fx, p, "acm", "school");
    CHECK (r);
    CHECK (s_claim (fx, "acm-intake", p, "cm-anna", r));
    wf_msg_t *m = s_claim (fx, "acm-intake", p, "cm-anna", r);
    CHECK (m);
    CHECK_INT (m->msg.refuse, PROTO_INVALID_STATE);
    CHECK_STR (wf_reason (m), "referral_done_already {\"status\":\"accepted\"}");
}

void
suite_workflow_referrals (void)
{
    TEST_RUN ("workflow_referrals", a_referral_goes_to_the_intake_of_its_team);
    TEST_RUN ("workflow_referrals", a_referral_to_the_other_team_goes_to_its_intake);
    TEST_RUN ("workflow_referrals", a_referral_to_an_unknown_team_is_refused_and_changes_nothing);
    TEST_RUN ("workflow_referrals", a_referral_naming_an_introducer_outside_the_network_is_refused);
    TEST_RUN ("workflow_referrals", the_intake_declines_with_feedback_to_the_referrer);
    TEST_RUN ("workflow_referrals", another_team_s_intake_cannot_decline_a_referral);
    TEST_RUN ("workflow_referrals", a_decline_about_another_household_is_refused);
    TEST_RUN ("workflow_referrals", a_referral_is_declined_only_once);
    TEST_RUN ("workflow_referrals", a_claim_makes_the_casemanager_the_regisseur);
    TEST_RUN ("workflow_referrals", a_claim_of_a_referral_tells_the_referrer_and_commits_the_introducer);
    TEST_RUN ("workflow_referrals", a_claim_while_another_team_holds_regie_is_refused_naming_the_team);
    TEST_RUN ("workflow_referrals", a_claim_by_the_holding_team_keeps_regie_and_its_phase);
    TEST_RUN ("workflow_referrals", a_claim_naming_another_team_s_casemanager_is_refused);
    TEST_RUN ("workflow_referrals", a_declined_referral_cannot_be_claimed);
    TEST_RUN ("workflow_referrals", an_accepted_referral_cannot_be_claimed_again);
}
