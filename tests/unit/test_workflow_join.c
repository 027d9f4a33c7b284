/*  test_workflow_join.c - link, unlink and move through their handlers
    (hub_join.c): a ref linked to a household, one household known twice
    joined, a ref taken off again with the signals about it alone, a
    household that moves; and who may do each.                              */
#include "workflow_fixture.h"
#include "hub_store_signals.h"

#define REF     PROTO_REF_BYTES
#define REF_HEX (2 * PROTO_REF_BYTES + 1)

/*  team's intake claims person for casemanager.                            */
static bool
s_held (wf_t *fx, const char *intake, const uint8_t *person, const char *casemanager)
{
    wf_msg_t *m = wf_send (fx, intake, "claim", person, NULL, "casemanager", casemanager, NULL);
    return m && m->msg.refuse == PROTO_OK;
}

static wf_msg_t *
s_signal (wf_t *fx, const char *from, const uint8_t *person, const uint8_t *address)
{
    return wf_apply (fx, from, "signal", person, address, "leefgebied", "gezin", "severity", "zorg",
                     "ground", "schoolverzuim", "informed", "yes", "text", "absent for weeks",
                     "contact", "06-signaller", NULL);
}

/*  who links (or unlinks, move) ref as a "person" or "address" of the
    household of subject.                                                    */
static wf_msg_t *
s_link (wf_t *fx, const char *type, const char *who, const uint8_t *subject, const char *kind,
        const uint8_t *ref)
{
    char hex [REF_HEX];
    wf_hex (hex, ref, REF);
    if (streq (type, "unlink"))
        return wf_apply (fx, who, type, subject, NULL, kind, hex, "note", "linked by mistake", NULL);
    return wf_apply (fx, who, type, subject, NULL, kind, hex, NULL);
}

static int64_t
s_signals (wf_t *fx, int64_t hh)
{
    int64_t count = -1;
    if (hub_store_signal_count (fx->hub.store, hh, &count) != 0)
        return -1;
    return count;
}

WF_TEST (link_of_an_unknown_ref_adds_it_to_the_household)
{
    uint8_t p [REF], a [REF];
    wf_ref (p, "person");
    wf_ref (a, "address");
    CHECK (s_held (fx, "acm-intake", p, "cm-anna"));
    wf_msg_t *m = s_link (fx, "link", "cm-anna", p, "address", a);
    CHECK (m);
    CHECK_INT (m->msg.refuse, PROTO_OK);
    CHECK_STR (wf_note (m), "linked {}");
    CHECK_INT (wf_out_count (fx, NULL, NULL), 0);
    CHECK_INT (wf_act (fx), 0);
    CHECK (wf_household (fx, p) > 0);
    CHECK_INT (wf_household (fx, a), wf_household (fx, p));
    CHECK_INT (wf_audit_count (fx, "linked", "linked to a household"), 1);
}

WF_TEST (only_the_regisseur_may_link)
{
    uint8_t p [REF], a [REF];
    wf_ref (p, "person");
    wf_ref (a, "address");
    CHECK (s_held (fx, "acm-intake", p, "cm-anna"));
    wf_msg_t *m = s_link (fx, "link", "cm-bram", p, "address", a);
    CHECK (m);
    CHECK_INT (m->msg.refuse, PROTO_NOT_FOUND);
    CHECK_STR (wf_reason (m), "not_regisseur {}");
    CHECK_INT (wf_act (fx), 0);
    CHECK_INT (wf_household (fx, a), 0);
}

WF_TEST (the_intake_may_link_a_household_without_regie)
{
    uint8_t p [REF], a [REF];
    wf_ref (p, "person");
    wf_ref (a, "address");
    CHECK (s_signal (fx, "school", p, NULL));
    wf_msg_t *m = s_link (fx, "link", "acm-intake", p, "address", a);
    CHECK (m);
    CHECK_INT (m->msg.refuse, PROTO_OK);
    CHECK_INT (wf_act (fx), 0);
    CHECK_INT (wf_household (fx, a), wf_household (fx, p));
}

WF_TEST (another_team_s_intake_may_not_link_a_household_without_regie)
{
    uint8_t p [REF], a [REF];
    wf_ref (p, "person");
    wf_ref (a, "address");
    CHECK (s_signal (fx, "school", p, NULL));
    wf_msg_t *m = s_link (fx, "link", "wijkteam-intake", p, "address", a);
    CHECK (m);
    CHECK_INT (m->msg.refuse, PROTO_NOT_FOUND);
    CHECK_STR (wf_reason (m), "other_intake {}");
}

WF_TEST (link_of_a_ref_known_as_a_household_of_its_own_joins_them)
{
    uint8_t p [REF], q [REF];
    wf_ref (p, "person");
    wf_ref (q, "a member signalled alone");
    CHECK (s_held (fx, "acm-intake", p, "cm-anna"));
    CHECK (s_signal (fx, "school", q, NULL));
    CHECK (wf_household (fx, q) != wf_household (fx, p));
    wf_msg_t *m = s_link (fx, "link", "cm-anna", p, "person", q);
    CHECK (m);
    CHECK_INT (m->msg.refuse, PROTO_OK);
    CHECK_HAS (wf_note (m), "linked_joined {\"count\":1}");
    //  the regisseur learns who signalled; the intake that had the signal,
    //  where signals about that person go now
    const hub_out_msg_t *joined = wf_out (fx, "cm-anna", "joined");
    CHECK_STR (wf_out_field (fx, joined, "partners"), "school");
    CHECK_STR (wf_out_field (fx, joined, "ref"), "person");
    CHECK_STR (wf_out_field (fx, joined, "count"), "1");
    const hub_out_msg_t *routed = wf_out (fx, "acm-intake", "routed");
    CHECK_STR (wf_out_field (fx, routed, "team"), "acm");
    //  whom to contact: the regisseur, with the contact of her certificate
    CHECK_STR (wf_out_field (fx, routed, "partners"), "cm-anna");
    CHECK_STR (wf_out_field (fx, routed, "partners.contact"), "030-cm-anna");
    CHECK_INT (wf_act (fx), 0);
    CHECK_INT (wf_household (fx, q), wf_household (fx, p));
    CHECK_INT (s_signals (fx, wf_household (fx, p)), 1);
}

WF_TEST (link_of_a_household_under_another_team_s_regie_is_refused)
{
    uint8_t p [REF], q [REF];
    wf_ref (p, "person");
    wf_ref (q, "wijkteam's household");
    CHECK (s_held (fx, "acm-intake", p, "cm-anna"));
    CHECK (s_held (fx, "wijkteam-intake", q, "cm-wim"));
    wf_msg_t *m = s_link (fx, "link", "cm-anna", p, "person", q);
    CHECK (m);
    CHECK_INT (m->msg.refuse, PROTO_CONFLICT);
    CHECK_HAS (wf_reason (m), "ref_held_elsewhere {\"ref\":\"person\",\"team\":\"wijkteam\"");
    CHECK_HAS (wf_reason (m), "\"since\":");
    CHECK_INT (wf_act (fx), 0);
    CHECK (wf_household (fx, q) != wf_household (fx, p));
    CHECK_STR (wf_household_row (fx, q).team, "wijkteam");
}

WF_TEST (unlink_of_the_last_ref_is_refused)
{
    uint8_t p [REF];
    wf_ref (p, "person");
    CHECK (s_held (fx, "acm-intake", p, "cm-anna"));
    wf_msg_t *m = s_link (fx, "unlink", "cm-anna", p, "person", p);
    CHECK (m);
    CHECK_INT (m->msg.refuse, PROTO_INVALID_STATE);
    CHECK_STR (wf_reason (m), "ref_last {\"ref\":\"person\"}");
    CHECK_INT (wf_act (fx), 0);
    CHECK_STR (wf_household_row (fx, p).casemanager, "cm-anna");
}

WF_TEST (unlink_of_a_ref_of_another_household_is_refused)
{
    uint8_t p [REF], a [REF];
    wf_ref (p, "person");
    wf_ref (a, "address");
    CHECK (s_held (fx, "acm-intake", p, "cm-anna"));
    wf_msg_t *m = s_link (fx, "unlink", "cm-anna", p, "address", a);
    CHECK (m);
    CHECK_INT (m->msg.refuse, PROTO_NOT_FOUND);
    CHECK_STR (wf_reason (m), "ref_not_linked {\"ref\":\"address\"}");
}

WF_TEST (unlink_makes_the_ref_a_household_of_its_own_without_regie)
{
    uint8_t p [REF], a [REF];
    wf_ref (p, "person");
    wf_ref (a, "address");
    CHECK (s_held (fx, "acm-intake", p, "cm-anna"));
    CHECK (s_link (fx, "link", "cm-anna", p, "address", a));
    wf_msg_t *m = s_link (fx, "unlink", "cm-anna", p, "address", a);
    CHECK (m);
    CHECK_INT (m->msg.refuse, PROTO_OK);
    CHECK_STR (wf_note (m), "unlinked {\"count\":0}");
    //  the intake takes care of it again
    const hub_out_msg_t *n = wf_out (fx, "acm-intake", "unlinked");
    CHECK (n);
    //  taken off a household under regie of acm, by its regisseur, in her words
    CHECK_STR (wf_out_field (fx, n, "other_team"), "acm");
    CHECK_STR (wf_out_field (fx, n, "by_name"), "Test cm-anna");
    CHECK_STR (wf_out_field (fx, n, "ref"), "address");
    CHECK_STR (wf_out_field (fx, n, "count"), "0");
    CHECK_STR (wf_out_field (fx, n, "text"), "linked by mistake");
    CHECK_INT (wf_act (fx), 0);
    int64_t own = wf_household (fx, a);
    CHECK (own > 0);
    CHECK (own != wf_household (fx, p));
    CHECK_STR (wf_household_row (fx, a).team, "");
    CHECK_INT (wf_audit_count (fx, "unlinked", "taken off a household"), 1);
}

WF_TEST (unlink_takes_along_the_signals_about_the_ref_alone)
{
    uint8_t p [REF], a [REF];
    wf_ref (p, "person");
    wf_ref (a, "address");
    CHECK (s_held (fx, "acm-intake", p, "cm-anna"));
    CHECK (s_link (fx, "link", "cm-anna", p, "address", a));
    //  one signal about the address alone, one about the member
    CHECK (s_signal (fx, "politie", NULL, a));
    CHECK (wf_to (fx, "cm-anna"));
    CHECK (s_signal (fx, "school", p, NULL));
    wf_msg_t *m = s_link (fx, "unlink", "cm-anna", p, "address", a);
    CHECK (m);
    CHECK_INT (m->msg.refuse, PROTO_OK);
    CHECK_HAS (wf_note (m), "unlinked {\"count\":1}");
    CHECK_INT (wf_act (fx), 0);
    CHECK_INT (s_signals (fx, wf_household (fx, a)), 1);
    CHECK_INT (s_signals (fx, wf_household (fx, p)), 1);
}

WF_TEST (move_makes_the_new_address_find_the_household)
{
    uint8_t p [REF], b [REF];
    wf_ref (p, "person");
    wf_ref (b, "new address");
    CHECK (s_held (fx, "acm-intake", p, "cm-anna"));
    wf_msg_t *m = s_link (fx, "move", "cm-anna", p, "address", b);
    CHECK (m);
    CHECK_INT (m->msg.refuse, PROTO_OK);
    CHECK_STR (wf_note (m), "moved {}");
    CHECK_INT (wf_act (fx), 0);
    CHECK_INT (wf_household (fx, b), wf_household (fx, p));
    CHECK_INT (wf_audit_count (fx, "moved_in", "a household's new address"), 1);
}

WF_TEST (move_to_the_address_of_a_household_under_regie_is_refused)
{
    uint8_t p [REF], q [REF], b [REF];
    wf_ref (p, "person");
    wf_ref (q, "neighbour");
    wf_ref (b, "their address");
    CHECK (s_held (fx, "acm-intake", p, "cm-anna"));
    CHECK (s_held (fx, "wijkteam-intake", q, "cm-wim"));
    CHECK (s_link (fx, "link", "cm-wim", q, "address", b));
    wf_msg_t *m = s_link (fx, "move", "cm-anna", p, "address", b);
    CHECK (m);
    CHECK_INT (m->msg.refuse, PROTO_CONFLICT);
    CHECK_HAS (wf_reason (m), "address_held_elsewhere {\"team\":\"wijkteam\"");
    CHECK_INT (wf_act (fx), 0);
    CHECK_INT (wf_household (fx, b), wf_household (fx, q));
}

void
suite_workflow_join (void)
{
    TEST_RUN ("workflow_join", link_of_an_unknown_ref_adds_it_to_the_household);
    TEST_RUN ("workflow_join", only_the_regisseur_may_link);
    TEST_RUN ("workflow_join", the_intake_may_link_a_household_without_regie);
    TEST_RUN ("workflow_join", another_team_s_intake_may_not_link_a_household_without_regie);
    TEST_RUN ("workflow_join", link_of_a_ref_known_as_a_household_of_its_own_joins_them);
    TEST_RUN ("workflow_join", link_of_a_household_under_another_team_s_regie_is_refused);
    TEST_RUN ("workflow_join", unlink_of_the_last_ref_is_refused);
    TEST_RUN ("workflow_join", unlink_of_a_ref_of_another_household_is_refused);
    TEST_RUN ("workflow_join", unlink_makes_the_ref_a_household_of_its_own_without_regie);
    TEST_RUN ("workflow_join", unlink_takes_along_the_signals_about_the_ref_alone);
    TEST_RUN ("workflow_join", move_makes_the_new_address_find_the_household);
    TEST_RUN ("workflow_join", move_to_the_address_of_a_household_under_regie_is_refused);
}
