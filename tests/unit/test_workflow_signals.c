/*  test_workflow_signals.c - a signal through its handler (hub_signals.c):
    where it goes and what the receipt says, the match of two partners'
    signals within its window, the follow-up window, the acute and the
    opening alert, a signal at an address the household is not known by.    */
#include "workflow_fixture.h"
#include "hub_store_signals.h"

#define REF     PROTO_REF_BYTES

/*  A signal of severity from partner about person (and address), with a
    text of its own that no other partner may read.                         */
static wf_msg_t *
s_signal (wf_t *fx, const char *from, const uint8_t *person, const uint8_t *address,
          const char *severity, const char *kind)
{
    char text [64], contact [64];
    snprintf (text, sizeof text, "TEXT-OF-%s about the household", from);
    snprintf (contact, sizeof contact, "06-%s", from);
    if (kind)
        return wf_apply (fx, from, "signal", person, address, "leefgebied", "huisvesting",
                         "severity", severity, "ground", "financiele_problemen", "informed", "yes",
                         "kind", kind, "text", text, "contact", contact, NULL);
    return wf_apply (fx, from, "signal", person, address, "leefgebied", "huisvesting",
                     "severity", severity, "ground", "financiele_problemen", "informed", "yes",
                     "text", text, "contact", contact, NULL);
}

/*  acm holds regie over person, cm-anna its casemanager.                   */
static bool
s_claimed (wf_t *fx, const uint8_t *person)
{
    wf_msg_t *m = wf_send (fx, "acm-intake", "claim", person, NULL, "casemanager", "cm-anna", NULL);
    return m && m->msg.refuse == PROTO_OK;
}

WF_TEST (a_signal_about_an_unknown_household_goes_to_the_intake)
{
    uint8_t p [REF];
    wf_ref (p, "person");
    wf_msg_t *m = s_signal (fx, "woningcorporatie", p, NULL, "zorg", NULL);
    CHECK (m);
    CHECK_INT (m->msg.refuse, PROTO_OK);
    CHECK_INT (wf_to_count (fx), 1);
    CHECK (wf_to (fx, "acm-intake"));
    CHECK_STR (m->item.to, "acm");
    //  a household this signal created has nobody else to tell
    CHECK_INT (wf_out_count (fx, NULL, NULL), 0);
}

WF_TEST (the_receipt_names_the_intake_s_team_not_a_person)
{
    uint8_t p [REF];
    wf_ref (p, "person");
    wf_msg_t *m = s_signal (fx, "woningcorporatie", p, NULL, "zorg", NULL);
    CHECK (m);
    CHECK_STR (wf_note (m), "signal_to_intake {\"team\":\"acm\"}");
    CHECK_LACKS (wf_note (m), "acm-intake");
}

WF_TEST (a_signal_is_stored_queued_and_audited_once_acted_on)
{
    uint8_t p [REF];
    wf_ref (p, "person");
    CHECK (s_signal (fx, "woningcorporatie", p, NULL, "zorg", NULL));
    CHECK_INT (wf_act (fx), 0);
    CHECK_INT (wf_queued (fx, "acm-intake"), 1);
    CHECK_INT (wf_audit_count (fx, "signal", "stored; to acm-intake"), 1);
    int64_t hh = wf_household (fx, p), count = 0;
    CHECK (hh > 0);
    CHECK_INT (hub_store_signal_count (fx->hub.store, hh, &count), 0);
    CHECK_INT (count, 1);
}

WF_TEST (a_second_partner_s_signal_makes_a_match)
{
    uint8_t p [REF];
    wf_ref (p, "person");
    CHECK (s_signal (fx, "woningcorporatie", p, NULL, "ernstig", NULL));
    wf_msg_t *m = s_signal (fx, "school", p, NULL, "zorg", NULL);
    CHECK (m);
    CHECK (wf_to (fx, "acm-intake"));
    //  one match notice to each party, and one to the intake it reaches
    CHECK_INT (wf_out_count (fx, NULL, NULL), 3);
    CHECK_INT (wf_out_count (fx, "woningcorporatie", "match"), 1);
    CHECK_INT (wf_out_count (fx, "school", "match"), 1);
    //  the intake is not one of them: it sees to it that they make contact
    CHECK_INT (wf_out_count (fx, "acm-intake", "match"), 0);
    CHECK_INT (wf_out_count (fx, "acm-intake", "match_seen"), 1);
    CHECK_STR (wf_out (fx, "school", "match")->type, "notice");
    CHECK_STR (wf_out_field (fx, wf_out (fx, "acm-intake", "match_seen"), "team"), "acm");
    CHECK_STR (wf_out_field (fx, wf_out (fx, "school", "match"), "count"), "2");
    //  the hub writes no prose: the reader renders the kind and its arguments
    CHECK (!wf_out_field (fx, wf_out (fx, "school", "match"), "text"));
    CHECK_INT (wf_act (fx), 0);
    CHECK_INT (wf_audit_count (fx, "match", "match notice sent"), 1);
    CHECK_INT (hub_store_match_since_names (fx->hub.store, wf_household (fx, p), "school", 0), 1);
}

WF_TEST (a_match_names_the_parties_and_whom_to_contact)
{
    uint8_t p [REF];
    wf_ref (p, "person");
    CHECK (s_signal (fx, "woningcorporatie", p, NULL, "ernstig", NULL));
    CHECK (s_signal (fx, "school", p, NULL, "zorg", NULL));
    const hub_out_msg_t *n = wf_out (fx, "school", "match");
    CHECK (n);
    const char *parties = wf_out_field (fx, n, "partners");
    CHECK (streq (parties, "woningcorporatie,school") || streq (parties, "school,woningcorporatie"));
    //  the contact the other partner gave with its signal
    CHECK_HAS (wf_out_field (fx, n, "partners.contact"), "06-woningcorporatie");
    CHECK (wf_out_field (fx, n, "object"));
    CHECK (wf_out_field (fx, n, "due"));
}

WF_TEST (a_match_holds_no_text_of_the_other_partner_s_signal)
{
    uint8_t p [REF];
    wf_ref (p, "person");
    CHECK (s_signal (fx, "woningcorporatie", p, NULL, "ernstig", NULL));
    CHECK (s_signal (fx, "school", p, NULL, "zorg", NULL));
    CHECK_INT (wf_out_count (fx, NULL, "match") + wf_out_count (fx, NULL, "match_seen"), 3);
    for (size_t i = 0; i < fx->hub.outcome.msg_count; i++) {
        const hub_out_msg_t *n = &fx->hub.outcome.msgs [i];
        CHECK_LACKS (wf_body (fx, n->bytes, n->len), "TEXT-OF-");
    }
}

WF_TEST (the_same_partner_again_makes_no_new_match)
{
    uint8_t p [REF];
    wf_ref (p, "person");
    CHECK (s_signal (fx, "woningcorporatie", p, NULL, "ernstig", NULL));
    CHECK (s_signal (fx, "school", p, NULL, "zorg", NULL));
    CHECK_INT (wf_out_count (fx, NULL, "match") + wf_out_count (fx, NULL, "match_seen"), 3);
    wf_msg_t *m = s_signal (fx, "woningcorporatie", p, NULL, "ernstig", NULL);
    CHECK (m);
    CHECK (wf_to (fx, "acm-intake"));
    CHECK_INT (wf_out_count (fx, NULL, "match"), 0);
}

WF_TEST (a_signal_after_the_match_window_makes_no_match)
{
    uint8_t p [REF];
    wf_ref (p, "person");
    CHECK (s_signal (fx, "woningcorporatie", p, NULL, "ernstig", NULL));
    wf_clock_advance (fx, (fx->hub.config->match_window_days + 1) * HUB_DAY_MS);
    wf_msg_t *m = s_signal (fx, "school", p, NULL, "zorg", NULL);
    CHECK (m);
    CHECK (wf_to (fx, "acm-intake"));
    CHECK_INT (wf_out_count (fx, NULL, "match"), 0);
}

WF_TEST (a_signal_about_a_household_under_regie_goes_to_its_casemanager)
{
    uint8_t p [REF];
    wf_ref (p, "person");
    CHECK (s_claimed (fx, p));
    wf_msg_t *m = s_signal (fx, "politie", p, NULL, "ernstig", NULL);
    CHECK (m);
    CHECK_INT (wf_to_count (fx), 1);
    CHECK (wf_to (fx, "cm-anna"));
    CHECK_STR (m->item.to, "acm");
    CHECK_STR (wf_note (m), "signal_routed_regisseur {\"team\":\"acm\"}");
}

WF_TEST (a_signal_in_follow_up_goes_to_the_former_regisseur)
{
    uint8_t p [REF];
    wf_ref (p, "person");
    CHECK (s_claimed (fx, p));
    wf_msg_t *r = wf_send (fx, "cm-anna", "release", p, NULL, "note", "goal reached", NULL);
    CHECK (r);
    CHECK_INT (r->msg.refuse, PROTO_OK);
    wf_msg_t *m = s_signal (fx, "politie", p, NULL, "zorg", NULL);
    CHECK (m);
    CHECK (wf_to (fx, "cm-anna"));
    CHECK (!wf_to (fx, "acm-intake"));
    CHECK_STR (wf_note (m), "signal_routed_follow_up {\"team\":\"acm\"}");
}

WF_TEST (a_signal_after_the_follow_up_window_goes_to_the_intake)
{
    uint8_t p [REF];
    wf_ref (p, "person");
    CHECK (s_claimed (fx, p));
    CHECK (wf_send (fx, "cm-anna", "release", p, NULL, "note", "goal reached", NULL));
    wf_clock_advance (fx, (fx->hub.config->follow_up_days + 1) * HUB_DAY_MS);
    wf_msg_t *m = s_signal (fx, "politie", p, NULL, "zorg", NULL);
    CHECK (m);
    CHECK (wf_to (fx, "acm-intake"));
    CHECK (!wf_to (fx, "cm-anna"));
    CHECK_STR (wf_note (m), "signal_to_intake {\"team\":\"acm\"}");
}

WF_TEST (an_acute_signal_s_receipt_reminds_of_veilig_thuis_and_112)
{
    uint8_t p [REF];
    wf_ref (p, "person");
    wf_msg_t *m = s_signal (fx, "politie", p, NULL, "acuut", NULL);
    CHECK (m);
    CHECK_STR (wf_note (m), "acute_to_intake {\"team\":\"acm\"}");
}

WF_TEST (an_acute_signal_sends_its_recipient_an_urgent_notice)
{
    uint8_t p [REF];
    wf_ref (p, "person");
    wf_msg_t *m = s_signal (fx, "politie", p, NULL, "acuut", NULL);
    CHECK (m);
    CHECK_INT (wf_out_count (fx, NULL, NULL), 1);
    const hub_out_msg_t *n = wf_out (fx, "acm-intake", "acute");
    CHECK (n);
    CHECK_STR (wf_out_field (fx, n, "urgent"), "true");
    char id [2 * PROTO_ID_BYTES + 1];
    wf_hex (id, m->env.id, PROTO_ID_BYTES);
    CHECK_STR (wf_out_field (fx, n, "object"), id);
    //  who signalled and about what; the reader adds the Veilig Thuis / 112 reminder
    CHECK_STR (wf_out_field (fx, n, "by"), "politie");
    CHECK_STR (wf_out_field (fx, n, "by_name"), "Test politie");
    CHECK_STR (wf_out_field (fx, n, "leefgebied"), "huisvesting");
    CHECK (!wf_out_field (fx, n, "text"));
}

WF_TEST (a_zorg_signal_sends_no_acute_notice)
{
    uint8_t p [REF];
    wf_ref (p, "person");
    wf_msg_t *m = s_signal (fx, "politie", p, NULL, "zorg", NULL);
    CHECK (m);
    CHECK_LACKS (wf_note (m), "acute_");
    CHECK_INT (wf_out_count (fx, NULL, "acute"), 0);
}

WF_TEST (an_opening_signal_alerts_the_intake_for_a_household_on_the_priority_list)
{
    uint8_t p [REF];
    wf_ref (p, "person");
    wf_msg_t *on = wf_send (fx, "acm-intake", "priority", p, NULL, "on", "yes", NULL);
    CHECK (on);
    CHECK_INT (on->msg.refuse, PROTO_OK);
    CHECK (s_signal (fx, "woningcorporatie", p, NULL, "ernstig", "ontruimingsdreiging"));
    const hub_out_msg_t *n = wf_out (fx, "acm-intake", "priority");
    CHECK (n);
    CHECK_STR (wf_out_field (fx, n, "urgent"), "true");
    CHECK_STR (wf_out_field (fx, n, "signal_kind"), "ontruimingsdreiging");
}

WF_TEST (a_signal_of_another_kind_is_no_opening)
{
    uint8_t p [REF];
    wf_ref (p, "person");
    CHECK (wf_send (fx, "acm-intake", "priority", p, NULL, "on", "yes", NULL));
    CHECK (s_signal (fx, "woningcorporatie", p, NULL, "ernstig", "huurachterstand"));
    CHECK_INT (wf_out_count (fx, NULL, "priority"), 0);
}

WF_TEST (a_member_signalled_at_an_unlinked_address_is_told_to_the_regisseur)
{
    uint8_t p [REF], a [REF];
    wf_ref (p, "person");
    wf_ref (a, "new address");
    CHECK (s_claimed (fx, p));
    wf_msg_t *m = s_signal (fx, "politie", p, a, "zorg", NULL);
    CHECK (m);
    CHECK (wf_to (fx, "cm-anna"));
    const hub_out_msg_t *n = wf_out (fx, "cm-anna", "address_unlinked");
    CHECK (n);
    CHECK_STR (wf_out_field (fx, n, "team"), "acm");
    //  the address is not linked by a signal: the regisseur decides
    CHECK_INT (wf_household (fx, a), 0);
}

void
suite_workflow_signals (void)
{
    TEST_RUN ("workflow_signals", a_signal_about_an_unknown_household_goes_to_the_intake);
    TEST_RUN ("workflow_signals", the_receipt_names_the_intake_s_team_not_a_person);
    TEST_RUN ("workflow_signals", a_signal_is_stored_queued_and_audited_once_acted_on);
    TEST_RUN ("workflow_signals", a_second_partner_s_signal_makes_a_match);
    TEST_RUN ("workflow_signals", a_match_names_the_parties_and_whom_to_contact);
    TEST_RUN ("workflow_signals", a_match_holds_no_text_of_the_other_partner_s_signal);
    TEST_RUN ("workflow_signals", the_same_partner_again_makes_no_new_match);
    TEST_RUN ("workflow_signals", a_signal_after_the_match_window_makes_no_match);
    TEST_RUN ("workflow_signals", a_signal_about_a_household_under_regie_goes_to_its_casemanager);
    TEST_RUN ("workflow_signals", a_signal_in_follow_up_goes_to_the_former_regisseur);
    TEST_RUN ("workflow_signals", a_signal_after_the_follow_up_window_goes_to_the_intake);
    TEST_RUN ("workflow_signals", an_acute_signal_s_receipt_reminds_of_veilig_thuis_and_112);
    TEST_RUN ("workflow_signals", an_acute_signal_sends_its_recipient_an_urgent_notice);
    TEST_RUN ("workflow_signals", a_zorg_signal_sends_no_acute_notice);
    TEST_RUN ("workflow_signals", an_opening_signal_alerts_the_intake_for_a_household_on_the_priority_list);
    TEST_RUN ("workflow_signals", a_signal_of_another_kind_is_no_opening);
    TEST_RUN ("workflow_signals", a_member_signalled_at_an_unlinked_address_is_told_to_the_regisseur);
}
