/*  test_workflow_check.c - the regiecheck through its handler
    (hub_check.c): need-to-know decides the answer. A partner without a
    relation gets exactly the answer for an unknown household; a related
    partner learns who holds regie and whom to call; a team role also the
    phase, since when, and a follow-up window.                              */
#include "workflow_fixture.h"

#define REF     PROTO_REF_BYTES

/*  woningcorporatie signalled about person; acm holds regie (cm-anna).     */
static bool
s_held (wf_t *fx, const uint8_t *person)
{
    wf_msg_t *s = wf_send (fx, "woningcorporatie", "signal", person, NULL, "leefgebied",
                           "huisvesting", "severity", "zorg", "ground", "financiele_problemen",
                           "informed", "yes", "text", "rent arrears", "contact", "06-wc", NULL);
    wf_msg_t *c = s ? wf_send (fx, "acm-intake", "claim", person, NULL, "casemanager", "cm-anna",
                               NULL) : NULL;
    return c && c->msg.refuse == PROTO_OK;
}

static wf_msg_t *
s_ask (wf_t *fx, const char *who, const uint8_t *person)
{
    return wf_apply (fx, who, "regiecheck", person, NULL, NULL);
}

/*  The whole body of m's answer, as text.                                   */
static const char *
s_answer (wf_t *fx, const wf_msg_t *m)
{
    if (!fx->hub.outcome.answered)
        return NULL;
    return wf_body (fx, proto_writer_data (&m->answer), proto_writer_size (&m->answer));
}

WF_TEST (an_unknown_household_is_not_held)
{
    uint8_t q [REF];
    wf_ref (q, "nobody knows");
    wf_msg_t *m = s_ask (fx, "ggz", q);
    CHECK (m);
    CHECK_INT (m->msg.refuse, PROTO_OK);
    CHECK_STR (s_answer (fx, m), "held=false");
    CHECK_INT (wf_act (fx), 0);
    //  asking creates nothing
    CHECK_INT (wf_household (fx, q), 0);
    CHECK_INT (wf_audit_count (fx, "regiecheck_answer", "not held"), 1);
}

WF_TEST (a_stranger_gets_exactly_the_answer_for_an_unknown_household)
{
    uint8_t p [REF], q [REF];
    wf_ref (p, "person");
    wf_ref (q, "nobody knows");
    CHECK (s_held (fx, p));
    wf_msg_t *m = s_ask (fx, "ggz", p);
    CHECK (m);
    char stranger [128];
    CHECK (s_answer (fx, m));
    snprintf (stranger, sizeof stranger, "%s", s_answer (fx, m));
    m = s_ask (fx, "ggz", q);
    CHECK (m);
    CHECK_STR (s_answer (fx, m), stranger);
    CHECK_STR (stranger, "held=false");
}

WF_TEST (a_stranger_s_question_is_audited_as_withheld)
{
    uint8_t p [REF];
    wf_ref (p, "person");
    CHECK (s_held (fx, p));
    CHECK (s_ask (fx, "ggz", p));
    CHECK_INT (wf_act (fx), 0);
    CHECK_INT (wf_audit_count (fx, "regiecheck_answer", "withheld: no relation"), 1);
    CHECK_INT (wf_audit_count (fx, "regiecheck", "stored"), 1);
}

WF_TEST (a_partner_with_a_relation_learns_who_holds_regie)
{
    uint8_t p [REF];
    wf_ref (p, "person");
    CHECK (s_held (fx, p));
    //  woningcorporatie signalled about the household: it is related
    wf_msg_t *m = s_ask (fx, "woningcorporatie", p);
    CHECK (m);
    CHECK_STR (s_answer (fx, m), "held=true; team=acm; casemanager=cm-anna; "
                                 "contact=Test cm-anna, 030-cm-anna");
    CHECK_INT (wf_act (fx), 0);
    CHECK_INT (wf_audit_count (fx, "regiecheck_answer", "held by acm"), 1);
}

WF_TEST (a_team_role_also_learns_the_phase_and_since_when)
{
    uint8_t p [REF];
    wf_ref (p, "person");
    CHECK (s_held (fx, p));
    wf_msg_t *m = s_ask (fx, "wijkteam-intake", p);
    CHECK (m);
    CHECK_HAS (s_answer (fx, m), "held=true; team=acm; casemanager=cm-anna; ");
    CHECK_STR (wf_answer_field (fx, m, "phase"), "intake");
    CHECK (wf_answer_field (fx, m, "since"));
}

WF_TEST (an_escalation_role_learns_only_about_its_own_team_s_households)
{
    uint8_t p [REF], w [REF];
    wf_ref (p, "person");
    wf_ref (w, "wijkteam's household");
    CHECK (s_held (fx, p));
    wf_msg_t *c = wf_send (fx, "wijkteam-intake", "claim", w, NULL, "casemanager", "cm-wim", NULL);
    CHECK (c);
    CHECK_INT (c->msg.refuse, PROTO_OK);
    wf_msg_t *m = s_ask (fx, "acm-leiding", p);
    CHECK (m);
    CHECK_STR (wf_answer_field (fx, m, "team"), "acm");
    CHECK_STR (wf_answer_field (fx, m, "phase"), "intake");
    m = s_ask (fx, "acm-leiding", w);
    CHECK (m);
    CHECK_STR (s_answer (fx, m), "held=false");
}

WF_TEST (a_team_role_learns_of_a_follow_up_window)
{
    uint8_t p [REF];
    wf_ref (p, "person");
    CHECK (s_held (fx, p));
    wf_msg_t *r = wf_send (fx, "cm-anna", "release", p, NULL, "note", "goal reached", NULL);
    CHECK (r);
    CHECK_INT (r->msg.refuse, PROTO_OK);
    wf_msg_t *m = s_ask (fx, "wijkteam-intake", p);
    CHECK (m);
    CHECK_HAS (s_answer (fx, m), "held=false; follow_up_until=");
    //  a related partner learns only that regie is not held
    m = s_ask (fx, "woningcorporatie", p);
    CHECK (m);
    CHECK_STR (s_answer (fx, m), "held=false");
}

WF_TEST (the_answer_goes_to_the_asker_only)
{
    uint8_t p [REF];
    wf_ref (p, "person");
    CHECK (s_held (fx, p));
    wf_msg_t *m = s_ask (fx, "woningcorporatie", p);
    CHECK (m);
    CHECK_STR (wf_note (m), "answered {}");
    CHECK_INT (wf_to_count (fx), 0);
    CHECK_INT (wf_out_count (fx, NULL, NULL), 0);
    //  the answer names the question it answers, under its subject
    proto_envelope_t env;
    CHECK_INT (proto_envelope_decode (&env, proto_writer_data (&m->answer),
                                      proto_writer_size (&m->answer), NULL, NULL), PROTO_OK);
    bool re = env.has_re && memcmp (env.re, m->env.id, PROTO_ID_BYTES) == 0;
    bool subject = env.has_person && memcmp (env.person, p, REF) == 0;
    const char *type = env.type->name;
    proto_envelope_release (&env);
    CHECK (re);
    CHECK (subject);
    CHECK_STR (type, "regiecheck_answer");
    CHECK_INT (wf_act (fx), 0);
    CHECK (m->msg.answered);
}

void
suite_workflow_check (void)
{
    TEST_RUN ("workflow_check", an_unknown_household_is_not_held);
    TEST_RUN ("workflow_check", a_stranger_gets_exactly_the_answer_for_an_unknown_household);
    TEST_RUN ("workflow_check", a_stranger_s_question_is_audited_as_withheld);
    TEST_RUN ("workflow_check", a_partner_with_a_relation_learns_who_holds_regie);
    TEST_RUN ("workflow_check", a_team_role_also_learns_the_phase_and_since_when);
    TEST_RUN ("workflow_check", an_escalation_role_learns_only_about_its_own_team_s_households);
    TEST_RUN ("workflow_check", a_team_role_learns_of_a_follow_up_window);
    TEST_RUN ("workflow_check", the_answer_goes_to_the_asker_only);
}
