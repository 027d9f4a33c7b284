/*  test_workflow_faults.c - every store error on a message's way is an
    error: for each message type's step (and each timer's job) the test
    fails the store's first call, then its second, ... until the step makes
    no more calls, and asserts that every time the step reports the failure
    (which makes the router roll the batch back and acknowledge nothing)
    instead of carrying on as if a read had found nothing - a refusal or a
    success built on a failed call would be acknowledged and kept. Each run
    starts from a fresh hub with the step's setup; the fault is injected at
    the store's dispatch (hub_store_inject_fault), so it reaches the put,
    the household's lookup, the handler and the acting alike.               */
#include "workflow_fixture.h"
#include "hub_flow.h"
#include "hub_act.h"
#include "hub_timers.h"

#define REF             PROTO_REF_BYTES
#define FAULTS_MAX      400     /* store calls one step may make            */
#define DAY_MS          86400000ull

/*  What a setup leaves for its step: the household, and ids as hex.         */
typedef struct {
    uint8_t person [REF], address [REF], other [REF];
    char id [2 * PROTO_ID_BYTES + 1];
    char id2 [2 * PROTO_ID_BYTES + 1];
} sc_t;

typedef bool (setup_fn) (wf_t *fx, sc_t *sc);
typedef int (step_fn) (wf_t *fx, sc_t *sc);

static void
s_id (char *out, const wf_msg_t *m)
{
    wf_hex (out, m->env.id, PROTO_ID_BYTES);
}

/* ---- setups ------------------------------------------------------------- */

static bool
s_nothing (wf_t *fx, sc_t *sc)
{
    wf_ref (sc->person, "person");
    wf_ref (sc->address, "address");
    wf_ref (sc->other, "other person");
    return true;
}

static wf_msg_t *
s_signal_from (wf_t *fx, const char *from, const uint8_t *person, const uint8_t *address)
{
    return wf_send (fx, from, "signal", person, address, "leefgebied", "huisvesting",
                    "severity", "ernstig", "ground", "financiele_problemen", "informed", "yes",
                    "text", "huurachterstand", "contact", "030-1", NULL);
}

static bool
s_signalled (wf_t *fx, sc_t *sc)
{
    return s_nothing (fx, sc) && s_signal_from (fx, "woningcorporatie", sc->person, sc->address);
}

static bool
s_referred (wf_t *fx, sc_t *sc)
{
    if (!s_signalled (fx, sc))
        return false;
    wf_msg_t *m = wf_send (fx, "school", "referral", sc->person, NULL, "team", "acm",
                           "introducer", "school", "reason", "veel problemen tegelijk",
                           "contact", "030-2", NULL);
    if (!m || m->msg.refuse != PROTO_OK)
        return false;
    s_id (sc->id, m);
    return true;
}

static bool
s_claimed (wf_t *fx, sc_t *sc)
{
    if (!s_signalled (fx, sc))
        return false;
    wf_msg_t *m = wf_send (fx, "acm-intake", "claim", sc->person, NULL, "casemanager", "cm-anna",
                           NULL);
    return m && m->msg.refuse == PROTO_OK;
}

/*  cm-anna's team leader names cm-bram her deputy for a week.               */
static bool
s_deputy_named (wf_t *fx, sc_t *sc)
{
    if (!s_claimed (fx, sc))
        return false;
    char from [WF_MS_CHARS], until [WF_MS_CHARS];
    wf_ms (from, wf_now (fx) - 1000);
    wf_ms (until, wf_now (fx) + 7 * DAY_MS);
    wf_msg_t *m = wf_send (fx, "acm-leiding", "deputy", NULL, NULL, "casemanager", "cm-anna",
                           "deputy", "cm-bram", "from", from, "until", until, NULL);
    return m && m->msg.refuse == PROTO_OK;
}

static bool
s_consented (wf_t *fx, sc_t *sc)
{
    if (!s_claimed (fx, sc))
        return false;
    char from [WF_MS_CHARS], until [WF_MS_CHARS];
    wf_ms (from, wf_now (fx) - 1000);
    wf_ms (until, wf_now (fx) + 365 * DAY_MS);
    wf_msg_t *m = wf_send (fx, "cm-anna", "consent", sc->person, NULL, "partner", "politie",
                           "basis", "toestemming", "from", from, "until", until, NULL);
    return m && m->msg.refuse == PROTO_OK;
}

static bool
s_round_planned (wf_t *fx, sc_t *sc)
{
    if (!s_consented (fx, sc))
        return false;
    char at [WF_MS_CHARS];
    wf_ms (at, wf_now (fx) + 7 * DAY_MS);
    wf_msg_t *m = wf_send (fx, "cm-anna", "round", sc->person, NULL, "at", at,
                           "invited", "politie", NULL);
    if (!m || m->msg.refuse != PROTO_OK)
        return false;
    s_id (sc->id, m);
    return true;
}

static bool
s_agreed (wf_t *fx, sc_t *sc)
{
    if (!s_round_planned (fx, sc))
        return false;
    char due [WF_MS_CHARS];
    wf_ms (due, wf_now (fx) + 3 * DAY_MS);
    wf_msg_t *m = wf_send (fx, "cm-anna", "agreement", sc->person, NULL, "owner", "politie",
                           "action", "huisbezoek", "leefgebied", "huisvesting", "due", due,
                           "round", sc->id, NULL);
    if (!m || m->msg.refuse != PROTO_OK)
        return false;
    s_id (sc->id2, m);
    return true;
}

static bool
s_accepted (wf_t *fx, sc_t *sc)
{
    if (!s_agreed (fx, sc))
        return false;
    wf_msg_t *m = wf_send (fx, "politie", "agreement_accept", sc->person, NULL,
                           "agreement", sc->id2, NULL);
    return m && m->msg.refuse == PROTO_OK;
}

static bool
s_other_household (wf_t *fx, sc_t *sc)
{
    return s_claimed (fx, sc) && s_signal_from (fx, "politie", sc->other, NULL);
}

/* ---- steps --------------------------------------------------------------- */

static int
s_step_signal (wf_t *fx, sc_t *sc)
{
    return wf_try (fx, "school", "signal", sc->person, NULL, "leefgebied", "opleiding",
                   "severity", "acuut", "ground", "schoolverzuim", "informed", "yes",
                   "text", "verzuimt veel", "contact", "030-3", NULL);
}

static int
s_step_referral (wf_t *fx, sc_t *sc)
{
    return wf_try (fx, "school", "referral", sc->person, NULL, "team", "acm",
                   "introducer", "school", "reason", "veel problemen tegelijk",
                   "contact", "030-2", NULL);
}

static int
s_step_claim (wf_t *fx, sc_t *sc)
{
    return wf_try (fx, "acm-intake", "claim", sc->person, NULL, "casemanager", "cm-anna", NULL);
}

static int
s_step_decline (wf_t *fx, sc_t *sc)
{
    return wf_try (fx, "acm-intake", "decline", sc->person, NULL, "referral", sc->id,
                   "reason", "acute_crisis", "alternative", "eerst crisisdienst", NULL);
}

static int
s_step_regiecheck (wf_t *fx, sc_t *sc)
{
    return wf_try (fx, "politie", "regiecheck", sc->person, NULL, NULL);
}

static int
s_step_phase (wf_t *fx, sc_t *sc)
{
    return wf_try (fx, "cm-anna", "phase", sc->person, NULL, "phase", "plan", NULL);
}

static int
s_step_transfer (wf_t *fx, sc_t *sc)
{
    return wf_try (fx, "cm-anna", "transfer", sc->person, NULL, "team", "wijkteam",
                   "casemanager", "cm-wim", "note", "verhuisd naar de wijk", NULL);
}

static int
s_step_release (wf_t *fx, sc_t *sc)
{
    return wf_try (fx, "cm-anna", "release", sc->person, NULL, "note", "doelen bereikt", NULL);
}

static int
s_step_link (wf_t *fx, sc_t *sc)
{
    char hex [2 * REF + 1];
    wf_hex (hex, sc->other, REF);
    return wf_try (fx, "cm-anna", "link", sc->person, NULL, "person", hex, NULL);
}

static int
s_step_move (wf_t *fx, sc_t *sc)
{
    uint8_t moved [REF];
    char hex [2 * REF + 1];
    wf_ref (moved, "new address");
    wf_hex (hex, moved, REF);
    return wf_try (fx, "cm-anna", "move", sc->person, NULL, "address", hex, NULL);
}

static int
s_step_consent (wf_t *fx, sc_t *sc)
{
    char from [WF_MS_CHARS], until [WF_MS_CHARS];
    wf_ms (from, wf_now (fx) - 1000);
    wf_ms (until, wf_now (fx) + 365 * DAY_MS);
    return wf_try (fx, "cm-anna", "consent", sc->person, NULL, "partner", "ggz",
                   "basis", "wettelijke_taak", "from", from, "until", until, NULL);
}

static int
s_step_consent_withdraw (wf_t *fx, sc_t *sc)
{
    return wf_try (fx, "cm-anna", "consent_withdraw", sc->person, NULL, "partner", "politie",
                   NULL);
}

static int
s_step_priority (wf_t *fx, sc_t *sc)
{
    return wf_try (fx, "acm-intake", "priority", sc->person, NULL, "on", "yes", NULL);
}

static int
s_step_deputy (wf_t *fx, sc_t *sc)
{
    (void) sc;
    char from [WF_MS_CHARS], until [WF_MS_CHARS];
    wf_ms (from, wf_now (fx) - 1000);
    wf_ms (until, wf_now (fx) + 7 * DAY_MS);
    return wf_try (fx, "acm-leiding", "deputy", NULL, NULL, "casemanager", "cm-anna",
                   "deputy", "cm-bram", "from", from, "until", until, NULL);
}

static int
s_step_deputy_end (wf_t *fx, sc_t *sc)
{
    (void) sc;
    return wf_try (fx, "acm-leiding", "deputy_end", NULL, NULL, "casemanager", "cm-anna", NULL);
}

static int
s_step_round (wf_t *fx, sc_t *sc)
{
    char at [WF_MS_CHARS];
    wf_ms (at, wf_now (fx) + 7 * DAY_MS);
    return wf_try (fx, "cm-anna", "round", sc->person, NULL, "at", at, "invited", "politie",
                   NULL);
}

static int
s_step_agreement (wf_t *fx, sc_t *sc)
{
    char due [WF_MS_CHARS];
    wf_ms (due, wf_now (fx) + 3 * DAY_MS);
    return wf_try (fx, "cm-anna", "agreement", sc->person, NULL, "owner", "politie",
                   "action", "huisbezoek", "leefgebied", "huisvesting", "due", due,
                   "round", sc->id, NULL);
}

static int
s_step_accept (wf_t *fx, sc_t *sc)
{
    return wf_try (fx, "politie", "agreement_accept", sc->person, NULL, "agreement", sc->id2,
                   NULL);
}

static int
s_step_agreement_done (wf_t *fx, sc_t *sc)
{
    return wf_try (fx, "politie", "agreement_status", sc->person, NULL, "agreement", sc->id2,
                   "status", "done", NULL);
}

static int
s_step_progress (wf_t *fx, sc_t *sc)
{
    return wf_try (fx, "politie", "progress", sc->person, NULL, "round", sc->id,
                   "status", "on_track", NULL);
}

static int
s_step_round_held (wf_t *fx, sc_t *sc)
{
    return wf_try (fx, "cm-anna", "round_held", sc->person, NULL, "round", sc->id,
                   "present", "politie", NULL);
}

static int
s_step_minutes (wf_t *fx, sc_t *sc)
{
    return wf_try (fx, "cm-anna", "minutes_request", NULL, NULL, "round", sc->id, NULL);
}

static int
s_step_household (wf_t *fx, sc_t *sc)
{
    return wf_try (fx, "cm-anna", "household", sc->person, NULL, NULL);
}

static int
s_step_team_report (wf_t *fx, sc_t *sc)
{
    return wf_try (fx, "acm-leiding", "team_report", NULL, NULL, NULL);
}

/*  The timers after the agreement's due date and the match's deadline
    passed: every job that has work runs, and what it decided is acted on.  */
static int
s_step_timers (wf_t *fx, sc_t *sc)
{
    hub_t *hub = &fx->hub;
    size_t count = 0;
    const hub_timer_t *table = hub_timers_table (&count);
    uint64_t now = wf_now (fx);
    for (size_t i = 0; i < count; i++)
        if (table [i].fn (hub, now) != 0 || hub_act_tick (hub) != 0) {
            hub_outcome_clear (&hub->outcome);
            return -1;
        }
    return 0;
}

static bool
s_overdue_and_unconfirmed (wf_t *fx, sc_t *sc)
{
    if (!s_agreed (fx, sc) || !s_signal_from (fx, "school", sc->person, NULL))
        return false;
    wf_clock_advance (fx, 30 * DAY_MS);
    return true;
}

/* ---- the driver ------------------------------------------------------------ */

/*  Fails the store's calls of step one by one, each on a fresh hub after
    setup; expect is what the step answers when no call fails.              */
static void
s_every_call_fails (const char *what, setup_fn *setup, step_fn *step, int expect)
{
    for (uint64_t n = 1; n <= FAULTS_MAX; n++) {
        wf_t *fx = wf_new ();
        if (!fx)
            return;
        sc_t sc;
        memset (&sc, 0, sizeof sc);
        if (!setup (fx, &sc)) {
            wf_fail ("%s: the setup failed", what);
            wf_destroy (&fx);
            return;
        }
        hub_store_t *store = fx->hub.store;
        uint64_t before = hub_store_calls (store);
        hub_store_inject_fault (store, n, false);
        int rc = step (fx, &sc);
        uint64_t made = hub_store_calls (store) - before;
        hub_store_inject_fault (store, 0, false);
        wf_destroy (&fx);
        if (made < n) {
            if (rc != expect)
                wf_fail ("%s without a fault answered %d, not %d", what, rc, expect);
            else
            if (n == 1)
                wf_fail ("%s made no store call", what);
            return;
        }
        if (rc != -1) {
            wf_fail ("%s: store call %llu of %llu failed, and the step answered %s", what,
                     (unsigned long long) n, (unsigned long long) made,
                     rc == 0 ? "accepted" : "refused");
            return;
        }
    }
    wf_fail ("%s made more than %d store calls", what, FAULTS_MAX);
}

#define FAULTS(name, setup, step, expect) \
    static void name (void) { s_every_call_fails (#name, setup, step, expect); }

FAULTS (a_signal_that_creates_a_household, s_nothing, s_step_signal, 0)
FAULTS (a_signal_that_makes_a_match, s_signalled, s_step_signal, 0)
FAULTS (a_signal_to_the_team_holding_regie, s_claimed, s_step_signal, 0)
FAULTS (a_referral, s_signalled, s_step_referral, 0)
FAULTS (a_claim, s_referred, s_step_claim, 0)
FAULTS (a_claim_refused_as_held, s_claimed, s_step_claim, 0)
FAULTS (a_decline, s_referred, s_step_decline, 0)
FAULTS (a_regiecheck, s_claimed, s_step_regiecheck, 0)
FAULTS (a_phase, s_claimed, s_step_phase, 0)
FAULTS (a_transfer, s_accepted, s_step_transfer, 0)
FAULTS (a_release, s_accepted, s_step_release, 0)
FAULTS (a_link, s_other_household, s_step_link, 0)
FAULTS (a_move, s_claimed, s_step_move, 0)
FAULTS (a_consent, s_claimed, s_step_consent, 0)
FAULTS (a_consent_withdrawn, s_consented, s_step_consent_withdraw, 0)
FAULTS (a_priority, s_signalled, s_step_priority, 0)
FAULTS (a_deputy, s_claimed, s_step_deputy, 0)
FAULTS (a_deputy_end, s_deputy_named, s_step_deputy_end, 0)
FAULTS (a_signal_to_a_casemanager_with_a_deputy, s_deputy_named, s_step_signal, 0)
FAULTS (a_round, s_consented, s_step_round, 0)
FAULTS (an_agreement, s_round_planned, s_step_agreement, 0)
FAULTS (an_acceptance, s_agreed, s_step_accept, 0)
FAULTS (an_agreement_done, s_accepted, s_step_agreement_done, 0)
FAULTS (a_progress_report, s_accepted, s_step_progress, 0)
FAULTS (a_round_held, s_accepted, s_step_round_held, 0)
FAULTS (a_minutes_request, s_accepted, s_step_minutes, 0)
FAULTS (a_household_question, s_accepted, s_step_household, 0)
FAULTS (a_team_report, s_accepted, s_step_team_report, 0)
FAULTS (the_timers_with_work_to_do, s_overdue_and_unconfirmed, s_step_timers, 0)

void
suite_workflow_faults (void)
{
    TEST_RUN ("workflow_faults", a_signal_that_creates_a_household);
    TEST_RUN ("workflow_faults", a_signal_that_makes_a_match);
    TEST_RUN ("workflow_faults", a_signal_to_the_team_holding_regie);
    TEST_RUN ("workflow_faults", a_referral);
    TEST_RUN ("workflow_faults", a_claim);
    TEST_RUN ("workflow_faults", a_claim_refused_as_held);
    TEST_RUN ("workflow_faults", a_decline);
    TEST_RUN ("workflow_faults", a_regiecheck);
    TEST_RUN ("workflow_faults", a_phase);
    TEST_RUN ("workflow_faults", a_transfer);
    TEST_RUN ("workflow_faults", a_release);
    TEST_RUN ("workflow_faults", a_link);
    TEST_RUN ("workflow_faults", a_move);
    TEST_RUN ("workflow_faults", a_consent);
    TEST_RUN ("workflow_faults", a_consent_withdrawn);
    TEST_RUN ("workflow_faults", a_priority);
    TEST_RUN ("workflow_faults", a_deputy);
    TEST_RUN ("workflow_faults", a_deputy_end);
    TEST_RUN ("workflow_faults", a_signal_to_a_casemanager_with_a_deputy);
    TEST_RUN ("workflow_faults", a_round);
    TEST_RUN ("workflow_faults", an_agreement);
    TEST_RUN ("workflow_faults", an_acceptance);
    TEST_RUN ("workflow_faults", an_agreement_done);
    TEST_RUN ("workflow_faults", a_progress_report);
    TEST_RUN ("workflow_faults", a_round_held);
    TEST_RUN ("workflow_faults", a_minutes_request);
    TEST_RUN ("workflow_faults", a_household_question);
    TEST_RUN ("workflow_faults", a_team_report);
    TEST_RUN ("workflow_faults", the_timers_with_work_to_do);
}
