/*  test_workflow_rounds.c - a round recorded as held through its handler
    (hub_rounds.c): the minutes and the store keep the date the round took
    place (round_held's held, else the round's scheduled time, or now when
    that is still to come), the next round is proposed three months after
    it, and a held date still to come or absurdly far back is refused as
    bad_value, changing nothing.                                             */
#include "workflow_fixture.h"
#include "hub_store_rounds.h"
#include "proto_sign.h"
#include <stdlib.h>

#define REF     PROTO_REF_BYTES
#define MIN_MS  (60ULL * 1000)

/*  acm holds regie over person, cm-anna its casemanager, and ggz may take
    part in its rounds.                                                       */
static bool
s_coordinated (wf_t *fx, const uint8_t *person)
{
    char from [WF_MS_CHARS], until [WF_MS_CHARS];
    wf_ms (from, wf_now (fx) - HUB_DAY_MS);
    wf_ms (until, wf_now (fx) + 400 * HUB_DAY_MS);
    wf_msg_t *c = wf_send (fx, "acm-intake", "claim", person, NULL, "casemanager", "cm-anna", NULL);
    wf_msg_t *k = c && c->msg.refuse == PROTO_OK
                ? wf_send (fx, "cm-anna", "consent", person, NULL, "partner", "ggz", "basis",
                           "toestemming", "from", from, "until", until, NULL)
                : NULL;
    return k && k->msg.refuse == PROTO_OK;
}

/*  cm-anna schedules a round at at, ggz invited; its id in hex into id.     */
static bool
s_round (wf_t *fx, const uint8_t *person, uint64_t at, char id [2 * PROTO_ID_BYTES + 1])
{
    char when [WF_MS_CHARS];
    wf_ms (when, at);
    wf_msg_t *m = wf_send (fx, "cm-anna", "round", person, NULL, "at", when, "invited", "ggz", NULL);
    if (!m || m->msg.refuse != PROTO_OK)
        return false;
    wf_hex (id, m->env.id, PROTO_ID_BYTES);
    return true;
}

/*  The minutes the pending round_held sends to recipient, or NULL.          */
static const hub_out_msg_t *
s_minutes (wf_t *fx, const char *recipient)
{
    for (size_t i = 0; i < fx->hub.outcome.msg_count; i++) {
        const hub_out_msg_t *m = &fx->hub.outcome.msgs [i];
        if (streq (m->type, "minutes") && streq (m->recipient, recipient))
            return m;
    }
    return NULL;
}

/*  The round's row as stored.                                               */
static hub_round_t
s_row (wf_t *fx, const char *hex)
{
    hub_round_t r;
    memset (&r, 0, sizeof r);
    uint8_t id [PROTO_ID_BYTES];
    if (proto_unhex (id, PROTO_ID_BYTES, hex) != 0
    ||  hub_store_round_get (fx->hub.store, id, &r) != 1)
        memset (&r, 0, sizeof r);
    return r;
}

static uint64_t
s_u64 (const char *text)
{
    return text ? strtoull (text, NULL, 10) : 0;
}

WF_TEST (the_minutes_say_when_the_round_took_place)
{
    uint8_t p [REF];
    wf_ref (p, "person");
    CHECK (s_coordinated (fx, p));
    uint64_t now = wf_now (fx);
    char round [2 * PROTO_ID_BYTES + 1], held [WF_MS_CHARS];
    CHECK (s_round (fx, p, now - 3 * HUB_DAY_MS, round));
    uint64_t took_place = now - 2 * HUB_DAY_MS - 90 * MIN_MS;
    wf_ms (held, took_place);
    wf_msg_t *m = wf_apply (fx, "cm-anna", "round_held", NULL, NULL, "round", round,
                            "present", "ggz", "held", held, NULL);
    CHECK (m);
    CHECK_INT (m->msg.refuse, PROTO_OK);
    const hub_out_msg_t *minutes = s_minutes (fx, "cm-anna");
    CHECK (minutes);
    CHECK_INT (s_u64 (wf_out_field (fx, minutes, "at")), took_place);
    CHECK_INT (s_u64 (wf_out_field (fx, minutes, "next")), took_place + 91 * HUB_DAY_MS);
    CHECK (s_minutes (fx, "ggz"));
    CHECK_INT (s_u64 (wf_out_field (fx, s_minutes (fx, "ggz"), "at")), took_place);
    const hub_out_msg_t *next = wf_out (fx, "cm-anna", "next_round");
    CHECK (next);
    CHECK_INT (s_u64 (wf_out_field (fx, next, "due")), took_place + 91 * HUB_DAY_MS);
    CHECK_INT (wf_act (fx), 0);
    hub_round_t r = s_row (fx, round);
    CHECK_INT (r.held, took_place);
    CHECK_INT (r.next, took_place + 91 * HUB_DAY_MS);
    /* asked for again, the minutes say the same                             */
    wf_msg_t *q = wf_apply (fx, "ggz", "minutes_request", NULL, NULL, "round", round, NULL);
    CHECK (q);
    CHECK_INT (q->msg.refuse, PROTO_OK);
    CHECK_INT (s_u64 (wf_answer_field (fx, q, "at")), took_place);
}

WF_TEST (without_held_the_round_took_place_when_it_was_scheduled)
{
    uint8_t p [REF];
    wf_ref (p, "person");
    CHECK (s_coordinated (fx, p));
    uint64_t at = wf_now (fx) - HUB_DAY_MS;
    char round [2 * PROTO_ID_BYTES + 1];
    CHECK (s_round (fx, p, at, round));
    wf_clock_advance (fx, HUB_DAY_MS / 2);
    wf_msg_t *m = wf_apply (fx, "cm-anna", "round_held", NULL, NULL, "round", round,
                            "present", "ggz", NULL);
    CHECK (m);
    CHECK_INT (m->msg.refuse, PROTO_OK);
    CHECK_INT (s_u64 (wf_out_field (fx, s_minutes (fx, "cm-anna"), "at")), at);
    CHECK_INT (wf_act (fx), 0);
    CHECK_INT (s_row (fx, round).held, at);
}

WF_TEST (without_held_a_round_still_to_come_took_place_now)
{
    uint8_t p [REF];
    wf_ref (p, "person");
    CHECK (s_coordinated (fx, p));
    char round [2 * PROTO_ID_BYTES + 1];
    CHECK (s_round (fx, p, wf_now (fx) + 7 * HUB_DAY_MS, round));
    wf_msg_t *m = wf_apply (fx, "cm-anna", "round_held", NULL, NULL, "round", round,
                            "present", "ggz", NULL);
    CHECK (m);
    CHECK_INT (m->msg.refuse, PROTO_OK);
    uint64_t at = s_u64 (wf_out_field (fx, s_minutes (fx, "cm-anna"), "at"));
    CHECK_INT (at, m->msg.now);
}

WF_TEST (a_held_date_still_to_come_is_refused)
{
    uint8_t p [REF];
    wf_ref (p, "person");
    CHECK (s_coordinated (fx, p));
    uint64_t now = wf_now (fx);
    char round [2 * PROTO_ID_BYTES + 1], held [WF_MS_CHARS];
    CHECK (s_round (fx, p, now - HUB_DAY_MS, round));
    /* later than the timestamp window allows                                 */
    wf_ms (held, now + (uint64_t) fx->hub.config->time_window_s * 1000 + 10 * MIN_MS);
    wf_msg_t *m = wf_apply (fx, "cm-anna", "round_held", NULL, NULL, "round", round,
                            "present", "ggz", "held", held, NULL);
    CHECK (m);
    CHECK_INT (m->msg.refuse, PROTO_BAD_VALUE);
    CHECK_HAS (wf_reason (m), "held_in_future {\"at\":");
    CHECK_INT (wf_out_count (fx, NULL, NULL), 0);
    CHECK_INT (wf_act (fx), 0);
    CHECK_INT (s_row (fx, round).held, 0);
    CHECK_INT (wf_audit_count (fx, "round_held", "refused: bad_value"), 1);
    /* within the window (the clocks of two machines): it is taken           */
    wf_ms (held, wf_now (fx) + 60 * 1000);
    m = wf_apply (fx, "cm-anna", "round_held", NULL, NULL, "round", round, "present", "ggz",
                  "held", held, NULL);
    CHECK (m);
    CHECK_INT (m->msg.refuse, PROTO_OK);
}

WF_TEST (a_held_date_absurdly_far_back_is_refused)
{
    uint8_t p [REF];
    wf_ref (p, "person");
    CHECK (s_coordinated (fx, p));
    uint64_t now = wf_now (fx);
    char round [2 * PROTO_ID_BYTES + 1], held [WF_MS_CHARS];
    CHECK (s_round (fx, p, now - HUB_DAY_MS, round));
    wf_ms (held, now - (uint64_t) (HUB_HELD_MAX_AGE_DAYS + 1) * HUB_DAY_MS);
    wf_msg_t *m = wf_apply (fx, "cm-anna", "round_held", NULL, NULL, "round", round,
                            "present", "ggz", "held", held, NULL);
    CHECK (m);
    CHECK_INT (m->msg.refuse, PROTO_BAD_VALUE);
    CHECK_HAS (wf_reason (m), "held_too_long_ago {\"at\":");
    CHECK_INT (wf_act (fx), 0);
    CHECK_INT (s_row (fx, round).held, 0);
    /* a year ago less a day still counts                                     */
    wf_ms (held, now - (uint64_t) (HUB_HELD_MAX_AGE_DAYS - 1) * HUB_DAY_MS);
    m = wf_apply (fx, "cm-anna", "round_held", NULL, NULL, "round", round, "present", "ggz",
                  "held", held, NULL);
    CHECK (m);
    CHECK_INT (m->msg.refuse, PROTO_OK);
}

void
suite_workflow_rounds (void)
{
    TEST_RUN ("workflow_rounds", the_minutes_say_when_the_round_took_place);
    TEST_RUN ("workflow_rounds", without_held_the_round_took_place_when_it_was_scheduled);
    TEST_RUN ("workflow_rounds", without_held_a_round_still_to_come_took_place_now);
    TEST_RUN ("workflow_rounds", a_held_date_still_to_come_is_refused);
    TEST_RUN ("workflow_rounds", a_held_date_absurdly_far_back_is_refused);
}
