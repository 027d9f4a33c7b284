/*  test_hub_deputy.c - who may name whom deputy for which period: the pure
    decision of hub_deputy.h, rule by rule.                                  */
#include "testing.h"
#include "hub_deputy.h"
#include "hub_limits.h"

static proto_cert_t
s_cert (const char *id, const char *team, unsigned roles)
{
    proto_cert_t c;
    memset (&c, 0, sizeof c);
    snprintf (c.id, sizeof c.id, "%s", id);
    snprintf (c.team, sizeof c.team, "%s", team);
    c.roles = roles;
    return c;
}

#define DAY HUB_DAY_MS
#define NOW (1700000000000ULL)

static proto_cert_t anna, bram, leiding, other, intake, melder;

static void
s_certs (void)
{
    anna = s_cert ("cm-anna", "acm", PROTO_ROLE_REGIE);
    bram = s_cert ("cm-bram", "acm", PROTO_ROLE_REGIE);
    leiding = s_cert ("acm-leiding", "acm", PROTO_ROLE_ESCALATION);
    other = s_cert ("cm-otto", "icm", PROTO_ROLE_REGIE);
    intake = s_cert ("acm-intake", "acm", PROTO_ROLE_INTAKE);
    melder = s_cert ("politie-west", "", PROTO_ROLE_SIGNAL);
}

/*  The reason a naming gets, or -1 when it stands.                          */
static int
s_decide (const proto_cert_t *author, const proto_cert_t *cm, const char *cm_id,
          const proto_cert_t *dep, const char *dep_id, uint64_t from, uint64_t until)
{
    hub_deputy_ask_t ask = { author, cm_id, cm, dep_id, dep, from, until, NOW };
    hub_reason_t reason = HUB_REASON_COUNT;
    return hub_deputy_decide (&ask, &reason) ? -1 : (int) reason;
}

static void
a_casemanager_names_a_colleague (void)
{
    s_certs ();
    CHECK_INT (s_decide (&anna, &anna, "cm-anna", &bram, "cm-bram", NOW, NOW + 14 * DAY), -1);
    /* a period that starts later, or started already, stands too           */
    CHECK_INT (s_decide (&anna, &anna, "cm-anna", &bram, "cm-bram", NOW + DAY, NOW + 5 * DAY), -1);
    CHECK_INT (s_decide (&anna, &anna, "cm-anna", &bram, "cm-bram", NOW - DAY, NOW + DAY), -1);
    /* exactly the longest period                                            */
    CHECK_INT (s_decide (&anna, &anna, "cm-anna", &bram, "cm-bram", NOW,
                         NOW + HUB_DEPUTY_MAX_DAYS * DAY), -1);
}

static void
a_team_leader_names_one_for_her_team (void)
{
    s_certs ();
    CHECK_INT (s_decide (&leiding, &anna, "cm-anna", &bram, "cm-bram", NOW, NOW + DAY), -1);
    CHECK_INT (s_decide (&leiding, &other, "cm-otto", &bram, "cm-bram", NOW, NOW + DAY),
               HUB_R_NOT_A_CASEMANAGER);
    /* for herself: she is no casemanager                                    */
    CHECK_INT (s_decide (&leiding, &leiding, "acm-leiding", &bram, "cm-bram", NOW, NOW + DAY),
               HUB_R_NOT_A_CASEMANAGER);
    CHECK_INT (s_decide (&leiding, NULL, "cm-nobody", &bram, "cm-bram", NOW, NOW + DAY),
               HUB_R_NOT_A_CASEMANAGER);
}

static void
a_casemanager_names_for_herself_only (void)
{
    s_certs ();
    CHECK_INT (s_decide (&bram, &anna, "cm-anna", &bram, "cm-bram", NOW, NOW + DAY),
               HUB_R_DEPUTY_OWN_ONLY);
    CHECK_INT (s_decide (&intake, &anna, "cm-anna", &bram, "cm-bram", NOW, NOW + DAY),
               HUB_R_DEPUTY_OWN_ONLY);
    CHECK_INT (s_decide (&melder, &melder, "politie-west", &bram, "cm-bram", NOW, NOW + DAY),
               HUB_R_NO_TEAM_IN_CERTIFICATE);
}

static void
the_deputy_is_a_colleague_of_the_same_team (void)
{
    s_certs ();
    CHECK_INT (s_decide (&anna, &anna, "cm-anna", &anna, "cm-anna", NOW, NOW + DAY),
               HUB_R_DEPUTY_SELF);
    CHECK_INT (s_decide (&anna, &anna, "cm-anna", &other, "cm-otto", NOW, NOW + DAY),
               HUB_R_DEPUTY_NOT_IN_TEAM);
    CHECK_INT (s_decide (&anna, &anna, "cm-anna", &intake, "acm-intake", NOW, NOW + DAY),
               HUB_R_DEPUTY_NOT_IN_TEAM);
    CHECK_INT (s_decide (&anna, &anna, "cm-anna", NULL, "cm-nobody", NOW, NOW + DAY),
               HUB_R_DEPUTY_NOT_IN_TEAM);
}

static void
the_period_is_short_and_not_over (void)
{
    s_certs ();
    CHECK_INT (s_decide (&anna, &anna, "cm-anna", &bram, "cm-bram", NOW + DAY, NOW),
               HUB_R_DEPUTY_UNTIL_BEFORE_FROM);
    CHECK_INT (s_decide (&anna, &anna, "cm-anna", &bram, "cm-bram", NOW, NOW),
               HUB_R_DEPUTY_UNTIL_BEFORE_FROM);
    CHECK_INT (s_decide (&anna, &anna, "cm-anna", &bram, "cm-bram", NOW,
                         NOW + HUB_DEPUTY_MAX_DAYS * DAY + 1), HUB_R_DEPUTY_TOO_LONG);
    CHECK_INT (s_decide (&anna, &anna, "cm-anna", &bram, "cm-bram", NOW - 3 * DAY, NOW),
               HUB_R_DEPUTY_PERIOD_OVER);
}

void
suite_hub_deputy (void)
{
    TEST_RUN ("hub_deputy", a_casemanager_names_a_colleague);
    TEST_RUN ("hub_deputy", a_team_leader_names_one_for_her_team);
    TEST_RUN ("hub_deputy", a_casemanager_names_for_herself_only);
    TEST_RUN ("hub_deputy", the_deputy_is_a_colleague_of_the_same_team);
    TEST_RUN ("hub_deputy", the_period_is_short_and_not_over);
}
