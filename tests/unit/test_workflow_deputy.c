/*  test_workflow_deputy.c - a casemanager's deputy through its handlers
    (hub_deputy.c) and the one place that decides deliveries (hub.c): while
    the period runs, what reaches cm-anna about a household she holds
    reaches cm-bram too; not before, not after, not about other households;
    the regiecheck names him; refusals record nothing.                      */
#include "workflow_fixture.h"

#define REF     PROTO_REF_BYTES
#define PID     (PROTO_MAX_PARTNER_ID_BYTES + 1)

static bool
s_held (wf_t *fx, const uint8_t *person, const char *casemanager)
{
    wf_msg_t *m = wf_send (fx, "acm-intake", "claim", person, NULL, "casemanager", casemanager,
                           NULL);
    return m && m->msg.refuse == PROTO_OK;
}

/*  who names deputy for casemanager (NULL: herself) from now + from_days
    until now + until_days.                                                  */
static wf_msg_t *
s_deputy (wf_t *fx, const char *who, const char *casemanager, const char *deputy,
          double from_days, double until_days)
{
    char from [WF_MS_CHARS], until [WF_MS_CHARS];
    uint64_t now = wf_now (fx);
    wf_ms (from, (uint64_t) ((double) now + from_days * (double) HUB_DAY_MS));
    wf_ms (until, (uint64_t) ((double) now + until_days * (double) HUB_DAY_MS));
    if (casemanager)
        return wf_apply (fx, who, "deputy", NULL, NULL, "casemanager", casemanager,
                         "deputy", deputy, "from", from, "until", until, NULL);
    return wf_apply (fx, who, "deputy", NULL, NULL, "deputy", deputy, "from", from,
                     "until", until, NULL);
}

static wf_msg_t *
s_signal (wf_t *fx, const uint8_t *person, const char *severity)
{
    return wf_apply (fx, "politie", "signal", person, NULL, "leefgebied", "gezin",
                     "severity", severity, "ground", "geweld", "informed", "yes",
                     "text", "Zorgen", "contact", "06-politie", NULL);
}

static int
s_stands_in (wf_t *fx, const char *casemanager)
{
    char deputy [PID];
    uint64_t from, until;
    return hub_store_deputy_get (fx->hub.store, casemanager, wf_now (fx), false, deputy, &from,
                                 &until);
}

WF_TEST (a_deputy_receives_her_households_signals_and_notices)
{
    uint8_t p [REF];
    wf_ref (p, "person");
    CHECK (s_held (fx, p, "cm-anna"));
    wf_msg_t *m = s_deputy (fx, "cm-anna", NULL, "cm-bram", -0.5, 14);
    CHECK (m);
    CHECK_INT (m->msg.refuse, PROTO_OK);
    CHECK_HAS (wf_note (m), "deputy_named {\"partner\":\"cm-bram\"");
    const hub_out_msg_t *n = wf_out (fx, "cm-bram", "deputy_named");
    CHECK (n);
    CHECK_STR (wf_out_field (fx, n, "partners"), "cm-anna,cm-bram");
    CHECK_STR (wf_out_field (fx, n, "by"), "cm-anna");
    CHECK (wf_out_field (fx, n, "until"));
    CHECK (wf_out (fx, "cm-anna", "deputy_named") == NULL);     /* she named him */
    CHECK_INT (wf_act (fx), 0);
    m = s_signal (fx, p, "acuut");
    CHECK (m);
    CHECK (wf_to (fx, "cm-anna"));
    CHECK (wf_to (fx, "cm-bram"));
    CHECK (wf_out (fx, "cm-anna", "acute"));
    CHECK (wf_out (fx, "cm-bram", "acute"));
    CHECK_INT (wf_act (fx), 0);
    CHECK_INT ((int) wf_queued (fx, "cm-bram"), 3);     /* deputy_named, signal, acute */
}

WF_TEST (a_deputy_receives_nothing_outside_the_period)
{
    uint8_t p [REF];
    wf_ref (p, "person");
    CHECK (s_held (fx, p, "cm-anna"));
    CHECK (s_deputy (fx, "cm-anna", NULL, "cm-bram", 1, 3));
    CHECK_INT (wf_act (fx), 0);
    CHECK (s_signal (fx, p, "zorg"));
    CHECK (wf_to (fx, "cm-anna"));
    CHECK (!wf_to (fx, "cm-bram"));                     /* not yet          */
    CHECK_INT (wf_act (fx), 0);
    wf_clock_advance (fx, 2 * HUB_DAY_MS);
    CHECK (s_signal (fx, p, "zorg"));
    CHECK (wf_to (fx, "cm-bram"));                      /* now              */
    CHECK_INT (wf_act (fx), 0);
    wf_clock_advance (fx, 2 * HUB_DAY_MS);
    CHECK (s_signal (fx, p, "zorg"));
    CHECK (wf_to (fx, "cm-anna"));
    CHECK (!wf_to (fx, "cm-bram"));                     /* no longer        */
}

WF_TEST (a_deputy_receives_nothing_about_other_households)
{
    uint8_t mine [REF], his [REF], loose [REF];
    wf_ref (mine, "mine");
    wf_ref (his, "his");
    wf_ref (loose, "loose");
    CHECK (s_held (fx, mine, "cm-anna"));
    CHECK (s_deputy (fx, "cm-anna", NULL, "cm-bram", -1, 5));
    CHECK_INT (wf_act (fx), 0);
    CHECK (s_signal (fx, loose, "zorg"));               /* no regie: intake */
    CHECK (wf_to (fx, "acm-intake"));
    CHECK (!wf_to (fx, "cm-bram"));
    CHECK_INT (wf_act (fx), 0);
    /* cm-bram's deputy is nobody: no chain back to cm-anna                  */
    CHECK (s_held (fx, his, "cm-bram"));
    CHECK (s_signal (fx, his, "zorg"));
    CHECK (wf_to (fx, "cm-bram"));
    CHECK (!wf_to (fx, "cm-anna"));
}

WF_TEST (the_regiecheck_names_the_deputy_while_he_stands_in)
{
    uint8_t p [REF];
    wf_ref (p, "person");
    CHECK (s_held (fx, p, "cm-anna"));
    wf_msg_t *m = wf_apply (fx, "acm-intake", "regiecheck", p, NULL, NULL);
    CHECK (m);
    CHECK (wf_answer_field (fx, m, "deputy") == NULL);
    CHECK (s_deputy (fx, "cm-anna", NULL, "cm-bram", -1, 5));
    m = wf_apply (fx, "acm-intake", "regiecheck", p, NULL, NULL);
    CHECK (m);
    CHECK_STR (wf_answer_field (fx, m, "casemanager"), "cm-anna");
    CHECK_STR (wf_answer_field (fx, m, "deputy"), "cm-bram");
    CHECK (wf_answer_field (fx, m, "deputy_until"));
    CHECK_INT (wf_act (fx), 0);
    CHECK_INT ((int) wf_audit_count (fx, "regiecheck_answer", "deputy cm-bram"), 1);
}

WF_TEST (the_team_leader_names_one_and_both_are_told)
{
    wf_msg_t *m = s_deputy (fx, "acm-leiding", "cm-anna", "cm-bram", 0, 10);
    CHECK (m);
    CHECK_INT (m->msg.refuse, PROTO_OK);
    CHECK (wf_out (fx, "cm-bram", "deputy_named"));
    const hub_out_msg_t *n = wf_out (fx, "cm-anna", "deputy_named");
    CHECK (n);
    CHECK_STR (wf_out_field (fx, n, "by"), "acm-leiding");
    CHECK_INT (wf_act (fx), 0);
    CHECK_INT (s_stands_in (fx, "cm-anna"), 1);
}

WF_TEST (a_naming_that_breaks_a_rule_records_nothing)
{
    struct { const char *who, *cm, *deputy; double from, until; const char *reason; } c [] = {
        { "cm-anna", NULL, "cm-wim", 0, 5, "deputy_not_in_team {\"partner\":\"cm-wim\"" },
        { "cm-anna", NULL, "cm-anna", 0, 5, "deputy_self {}" },
        { "cm-anna", NULL, "cm-bram", 5, 2, "deputy_until_before_from {}" },
        { "cm-anna", NULL, "cm-bram", 0, 93, "deputy_too_long {\"days\":92}" },
        { "cm-anna", NULL, "cm-bram", -5, -1, "deputy_period_over {" },
        { "cm-bram", "cm-anna", "cm-bram", 0, 5, "deputy_own_only {}" },
        { "acm-leiding", "cm-wim", "cm-bram", 0, 5, "not_a_casemanager {\"casemanager\":\"cm-wim\"" },
    };
    for (size_t i = 0; i < sizeof c / sizeof c [0]; i++) {
        wf_msg_t *m = s_deputy (fx, c [i].who, c [i].cm, c [i].deputy, c [i].from, c [i].until);
        CHECK (m);
        CHECK (m->msg.refuse != PROTO_OK);
        CHECK_HAS (wf_reason (m), c [i].reason);
        CHECK_INT ((int) wf_out_count (fx, NULL, NULL), 0);
        CHECK_INT (wf_act (fx), 0);
        CHECK_INT (s_stands_in (fx, "cm-anna"), 0);
    }
    CHECK_INT ((int) wf_audit_count (fx, "deputy", "refused"), 7);
}

WF_TEST (deputy_end_ends_the_period_early)
{
    uint8_t p [REF];
    wf_ref (p, "person");
    CHECK (s_held (fx, p, "cm-anna"));
    CHECK (s_deputy (fx, "acm-leiding", "cm-anna", "cm-bram", -1, 5));
    CHECK_INT (wf_act (fx), 0);
    wf_msg_t *m = wf_apply (fx, "cm-anna", "deputy_end", NULL, NULL, NULL);
    CHECK (m);
    CHECK_INT (m->msg.refuse, PROTO_OK);
    CHECK_HAS (wf_note (m), "deputy_ended {\"partner\":\"cm-bram\"");
    CHECK (wf_out (fx, "cm-bram", "deputy_ended"));
    CHECK (wf_out (fx, "cm-anna", "deputy_ended") == NULL);
    CHECK_INT (wf_act (fx), 0);
    CHECK (s_signal (fx, p, "zorg"));
    CHECK (!wf_to (fx, "cm-bram"));
    CHECK_INT (wf_act (fx), 0);
    m = wf_apply (fx, "cm-anna", "deputy_end", NULL, NULL, NULL);
    CHECK (m);
    CHECK_INT (m->msg.refuse, PROTO_NOT_FOUND);
    CHECK_HAS (wf_reason (m), "no_deputy {\"casemanager\":\"cm-anna\"");
}

void
suite_workflow_deputy (void)
{
    TEST_RUN ("workflow_deputy", a_deputy_receives_her_households_signals_and_notices);
    TEST_RUN ("workflow_deputy", a_deputy_receives_nothing_outside_the_period);
    TEST_RUN ("workflow_deputy", a_deputy_receives_nothing_about_other_households);
    TEST_RUN ("workflow_deputy", the_regiecheck_names_the_deputy_while_he_stands_in);
    TEST_RUN ("workflow_deputy", the_team_leader_names_one_and_both_are_told);
    TEST_RUN ("workflow_deputy", a_naming_that_breaks_a_rule_records_nothing);
    TEST_RUN ("workflow_deputy", deputy_end_ends_the_period_early);
}
