/*  test_hub_flow.c - the message type descriptors agree with the protocol's
    type table: every type a partner may send has its lane and handler, the
    lanes follow the type's flags, and a household found through an object
    reads a field the type requires.                                        */
#include "testing.h"
#include "hub_flow.h"

static void
every_partner_type_has_a_lane (void)
{
    size_t count;
    const proto_type_t *types = proto_types_all (&count);
    for (size_t i = 0; i < count; i++) {
        const hub_flow_desc_t *d = hub_flow_desc (&types [i]);
        if (types [i].flags & PROTO_T_HUB)
            CHECK_INT (d->lane, HUB_LANE_NONE);
        else
            CHECK (d->lane != HUB_LANE_NONE);
    }
}

static void
lanes_follow_the_type_flags (void)
{
    size_t count;
    const proto_type_t *types = proto_types_all (&count);
    for (size_t i = 0; i < count; i++) {
        const hub_flow_desc_t *d = hub_flow_desc (&types [i]);
        unsigned flags = types [i].flags;
        if (flags & PROTO_T_HUB)
            continue;
        CHECK_INT (d->lane == HUB_LANE_LINK, (flags & PROTO_T_LINK) != 0);
        CHECK_INT (d->lane == HUB_LANE_QUESTION,
                   (flags & PROTO_T_QUERY) && !(flags & PROTO_T_LINK));
    }
}

static void
workflow_lanes_have_a_handler (void)
{
    size_t count;
    const proto_type_t *types = proto_types_all (&count);
    for (size_t i = 0; i < count; i++) {
        const hub_flow_desc_t *d = hub_flow_desc (&types [i]);
        bool workflow = d->lane == HUB_LANE_COMMIT || d->lane == HUB_LANE_QUESTION;
        CHECK_INT (d->handler != NULL, workflow);
    }
}

static void
the_household_is_found_where_the_type_says (void)
{
    size_t count;
    const proto_type_t *types = proto_types_all (&count);
    for (size_t i = 0; i < count; i++) {
        const hub_flow_desc_t *d = hub_flow_desc (&types [i]);
        if (d->lane != HUB_LANE_COMMIT && d->lane != HUB_LANE_QUESTION)
            continue;
        if (types [i].flags & PROTO_T_SUBJECT) {
            CHECK_INT (d->find, HUB_FIND_SUBJECT);
            continue;
        }
        if (d->find == HUB_FIND_NONE)
            continue;
        CHECK (d->find != HUB_FIND_SUBJECT);
        CHECK (d->object);
        const proto_field_t *f = proto_type_field (&types [i], d->object);
        CHECK (f);
        CHECK_INT (f->kind, PF_ID);
        CHECK (f->required);
    }
}

static void
only_the_signal_never_refuses (void)
{
    //  a handler without a savepoint cannot undo a refusal: the signal is
    //  always stored and routed, every other workflow may refuse
    size_t count;
    const proto_type_t *types = proto_types_all (&count);
    for (size_t i = 0; i < count; i++) {
        const hub_flow_desc_t *d = hub_flow_desc (&types [i]);
        if (!d->handler)
            continue;
        CHECK_INT (d->may_refuse, proto_type_code (&types [i]) != PROTO_TYPE_SIGNAL);
    }
}

void
suite_hub_flow (void)
{
    TEST_RUN ("hub_flow", every_partner_type_has_a_lane);
    TEST_RUN ("hub_flow", lanes_follow_the_type_flags);
    TEST_RUN ("hub_flow", workflow_lanes_have_a_handler);
    TEST_RUN ("hub_flow", the_household_is_found_where_the_type_says);
    TEST_RUN ("hub_flow", only_the_signal_never_refuses);
}
