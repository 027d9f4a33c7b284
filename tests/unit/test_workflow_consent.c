/*  test_workflow_consent.c - consent, its withdrawal and the priority list
    through their handlers (hub_consent.c): the regisseur records a basis
    that covers a partner from .. until, withdraws it at once; only the
    regisseur may.                                                          */
#include "workflow_fixture.h"

#define REF     PROTO_REF_BYTES

/*  acm holds regie over person, cm-anna its casemanager.                   */
static bool
s_held (wf_t *fx, const uint8_t *person)
{
    wf_msg_t *m = wf_send (fx, "acm-intake", "claim", person, NULL, "casemanager", "cm-anna", NULL);
    return m && m->msg.refuse == PROTO_OK;
}

/*  who records partner's consent valid from now + from_days until now +
    until_days.                                                              */
static wf_msg_t *
s_consent (wf_t *fx, const char *who, const uint8_t *person, const char *partner,
           int from_days, int until_days)
{
    char from [WF_MS_CHARS], until [WF_MS_CHARS];
    uint64_t now = wf_now (fx);
    wf_ms (from, now + (int64_t) from_days * (int64_t) HUB_DAY_MS);
    wf_ms (until, now + (int64_t) until_days * (int64_t) HUB_DAY_MS);
    return wf_apply (fx, who, "consent", person, NULL, "partner", partner, "basis", "toestemming",
                     "from", from, "until", until, NULL);
}

static int
s_covers (wf_t *fx, const uint8_t *person, const char *partner)
{
    return hub_store_consent_covers (fx->hub.store, wf_household (fx, person), partner,
                                     wf_now (fx));
}

/*  What partner's regiecheck about person answers: held or not.            */
static const char *
s_held_for (wf_t *fx, const char *partner, const uint8_t *person)
{
    wf_msg_t *m = wf_apply (fx, partner, "regiecheck", person, NULL, NULL);
    return m ? wf_answer_field (fx, m, "held") : NULL;
}

WF_TEST (consent_recorded_covers_the_partner)
{
    uint8_t p [REF];
    wf_ref (p, "person");
    CHECK (s_held (fx, p));
    wf_msg_t *m = s_consent (fx, "cm-anna", p, "ggz", -1, 30);
    CHECK (m);
    CHECK_INT (m->msg.refuse, PROTO_OK);
    CHECK_HAS (wf_note (m), "basis_recorded {\"basis\":\"toestemming\",\"partner\":\"ggz\"");
    const hub_out_msg_t *n = wf_out (fx, "ggz", "consent");
    CHECK (n);
    CHECK_STR (wf_out_field (fx, n, "team"), "acm");
    CHECK_STR (wf_out_field (fx, n, "basis"), "toestemming");
    CHECK (wf_out_field (fx, n, "from"));
    CHECK (wf_out_field (fx, n, "until"));
    CHECK_INT (wf_act (fx), 0);
    CHECK_INT (s_covers (fx, p, "ggz"), 1);
    CHECK_INT (s_covers (fx, p, "politie"), 0);
}

WF_TEST (a_covered_partner_learns_who_holds_regie)
{
    uint8_t p [REF];
    wf_ref (p, "person");
    CHECK (s_held (fx, p));
    CHECK_STR (s_held_for (fx, "ggz", p), "false");
    CHECK (s_consent (fx, "cm-anna", p, "ggz", -1, 30));
    CHECK_STR (s_held_for (fx, "ggz", p), "true");
}

WF_TEST (consent_from_tomorrow_does_not_cover_today)
{
    uint8_t p [REF];
    wf_ref (p, "person");
    CHECK (s_held (fx, p));
    wf_msg_t *m = s_consent (fx, "cm-anna", p, "ggz", 1, 30);
    CHECK (m);
    CHECK_INT (m->msg.refuse, PROTO_OK);
    CHECK_INT (wf_act (fx), 0);
    CHECK_INT (s_covers (fx, p, "ggz"), 0);
    CHECK_STR (s_held_for (fx, "ggz", p), "false");
}

WF_TEST (consent_from_another_casemanager_is_refused)
{
    uint8_t p [REF];
    wf_ref (p, "person");
    CHECK (s_held (fx, p));
    wf_msg_t *m = s_consent (fx, "cm-bram", p, "ggz", -1, 30);
    CHECK (m);
    CHECK_INT (m->msg.refuse, PROTO_NOT_FOUND);
    CHECK_STR (wf_reason (m), "not_regisseur {}");
    CHECK_INT (wf_out_count (fx, NULL, NULL), 0);
    CHECK_INT (wf_act (fx), 0);
    CHECK_INT (s_covers (fx, p, "ggz"), 0);
}

WF_TEST (consent_about_a_household_without_regie_is_refused)
{
    uint8_t p [REF];
    wf_ref (p, "person");
    wf_msg_t *m = s_consent (fx, "cm-anna", p, "ggz", -1, 30);
    CHECK (m);
    CHECK_INT (m->msg.refuse, PROTO_NOT_FOUND);
    CHECK_STR (wf_reason (m), "not_regisseur {}");
}

WF_TEST (consent_for_a_partner_outside_the_network_is_refused)
{
    uint8_t p [REF];
    wf_ref (p, "person");
    CHECK (s_held (fx, p));
    wf_msg_t *m = s_consent (fx, "cm-anna", p, "buurtcentrum", -1, 30);
    CHECK (m);
    CHECK_INT (m->msg.refuse, PROTO_NOT_FOUND);
    CHECK_STR (wf_reason (m), "not_a_partner {\"partner\":\"buurtcentrum\"}");
}

WF_TEST (withdrawal_ends_the_cover_at_once)
{
    uint8_t p [REF];
    wf_ref (p, "person");
    CHECK (s_held (fx, p));
    CHECK (s_consent (fx, "cm-anna", p, "ggz", -1, 30));
    wf_msg_t *m = wf_apply (fx, "cm-anna", "consent_withdraw", p, NULL, "partner", "ggz", NULL);
    CHECK (m);
    CHECK_INT (m->msg.refuse, PROTO_OK);
    CHECK_HAS (wf_note (m), "basis_withdrawn {\"partner\":\"ggz\"");
    CHECK (wf_out (fx, "ggz", "consent_ended"));
    CHECK_INT (wf_out_count (fx, "ggz", "consent"), 0);
    CHECK_INT (wf_act (fx), 0);
    CHECK_INT (s_covers (fx, p, "ggz"), 0);
    CHECK_STR (s_held_for (fx, "ggz", p), "false");
}

WF_TEST (a_basis_still_to_start_may_be_withdrawn)
{
    uint8_t p [REF];
    wf_ref (p, "person");
    CHECK (s_held (fx, p));
    CHECK (s_consent (fx, "cm-anna", p, "ggz", 1, 30));
    wf_msg_t *m = wf_apply (fx, "cm-anna", "consent_withdraw", p, NULL, "partner", "ggz", NULL);
    CHECK (m);
    CHECK_INT (m->msg.refuse, PROTO_OK);
    CHECK_INT (wf_act (fx), 0);
    //  withdrawn: nothing is left to withdraw, and it will never cover
    wf_msg_t *again = wf_apply (fx, "cm-anna", "consent_withdraw", p, NULL, "partner", "ggz", NULL);
    CHECK (again);
    CHECK_INT (again->msg.refuse, PROTO_NOT_FOUND);
}

WF_TEST (withdrawal_without_a_current_basis_is_refused)
{
    uint8_t p [REF];
    wf_ref (p, "person");
    CHECK (s_held (fx, p));
    wf_msg_t *m = wf_apply (fx, "cm-anna", "consent_withdraw", p, NULL, "partner", "ggz", NULL);
    CHECK (m);
    CHECK_INT (m->msg.refuse, PROTO_NOT_FOUND);
    CHECK_HAS (wf_reason (m), "no_current_basis {\"partner\":\"ggz\"");
}

WF_TEST (priority_on_puts_a_household_on_the_list)
{
    uint8_t p [REF];
    wf_ref (p, "person");
    wf_msg_t *m = wf_apply (fx, "acm-intake", "priority", p, NULL, "on", "yes", NULL);
    CHECK (m);
    CHECK_INT (m->msg.refuse, PROTO_OK);
    CHECK_HAS (wf_note (m), "priority_on {}");
    CHECK_INT (wf_act (fx), 0);
    CHECK (wf_household_row (fx, p).priority);
}

WF_TEST (priority_off_for_an_unknown_household_is_refused)
{
    uint8_t p [REF];
    wf_ref (p, "person");
    wf_msg_t *m = wf_apply (fx, "acm-intake", "priority", p, NULL, "on", "no", NULL);
    CHECK (m);
    CHECK_INT (m->msg.refuse, PROTO_NOT_FOUND);
    CHECK_STR (wf_reason (m), "household_unknown {}");
}

void
suite_workflow_consent (void)
{
    TEST_RUN ("workflow_consent", consent_recorded_covers_the_partner);
    TEST_RUN ("workflow_consent", a_covered_partner_learns_who_holds_regie);
    TEST_RUN ("workflow_consent", consent_from_tomorrow_does_not_cover_today);
    TEST_RUN ("workflow_consent", consent_from_another_casemanager_is_refused);
    TEST_RUN ("workflow_consent", consent_about_a_household_without_regie_is_refused);
    TEST_RUN ("workflow_consent", consent_for_a_partner_outside_the_network_is_refused);
    TEST_RUN ("workflow_consent", withdrawal_ends_the_cover_at_once);
    TEST_RUN ("workflow_consent", a_basis_still_to_start_may_be_withdrawn);
    TEST_RUN ("workflow_consent", withdrawal_without_a_current_basis_is_refused);
    TEST_RUN ("workflow_consent", priority_on_puts_a_household_on_the_list);
    TEST_RUN ("workflow_consent", priority_off_for_an_unknown_household_is_refused);
}
