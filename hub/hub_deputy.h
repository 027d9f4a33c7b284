/*  hub_deputy.h - cover for an absent casemanager: her deputy (vervanger).

    A regisseur, or her team's escalation role (the team leader), names a
    deputy for a period of at most HUB_DEPUTY_MAX_DAYS: a casemanager of the
    same team, never the casemanager herself. While the period runs, every
    signal and notice that reaches the casemanager about a household she
    holds regie over reaches the deputy too (hub_deputy_of, asked by the one
    place that decides deliveries, hub.c), and the regiecheck names both.
    Nothing else changes: regie stays hers, and a deputy does not stand in
    for the deputy's own absence (no chains). A casemanager has one deputy
    at a time; naming another replaces it; deputy_end ends it early.

    The deputy is told whom it stands in for and when (notice deputy_named),
    and so is the casemanager when her team leader named it; deputy_ended
    likewise when the period is ended early.
*/
#ifndef HUB_DEPUTY_H_INCLUDED
#define HUB_DEPUTY_H_INCLUDED

#include "hub.h"
#include "hub_codes.h"

/*  What a naming is judged on: the certificates of its author, of the
    casemanager it is for and of the deputy (NULL: no such partner), the
    period and the hub's time.                                               */
typedef struct {
    const proto_cert_t *author;
    const char *casemanager_id;         /* as named (the author's by default) */
    const proto_cert_t *casemanager;
    const char *deputy_id;
    const proto_cert_t *deputy;
    uint64_t from, until, now;
} hub_deputy_ask_t;

/*  Whether the author may have casemanager_id stood in for at all (also
    what deputy_end asks): true, or false with *reason.                      */
bool hub_deputy_may (const hub_deputy_ask_t *ask, hub_reason_t *reason);

/*  Whether the naming in ask stands: true, or false with *reason (one of
    the refusals PROTOCOL.md lists for "deputy"). Pure: the tests call it.   */
bool hub_deputy_decide (const hub_deputy_ask_t *ask, hub_reason_t *reason);

/*  The "deputy" and "deputy_end" handlers: 0, or -1 on a store error.       */
int hub_deputy_name (hub_t *hub, hub_msg_t *msg);
int hub_deputy_end (hub_t *hub, hub_msg_t *msg);

/*  The deputy who also receives what reaches recipient about the household
    that ref finds (ref NULL: about none), at now: when recipient holds
    regie over that household and her deputy's period runs. 1 with deputy
    set, 0 none, -1 on a store error.                                        */
int hub_deputy_of (hub_t *hub, const char *recipient, const uint8_t *ref, uint64_t now,
                   char deputy [PROTO_MAX_PARTNER_ID_BYTES + 1])
    __attribute__ ((warn_unused_result));

/*  The deputy standing in for casemanager at now, for the regiecheck: 1
    with deputy and until set, 0 none, -1 on a store error.                  */
int hub_deputy_running (hub_t *hub, const char *casemanager, uint64_t now,
                        char deputy [PROTO_MAX_PARTNER_ID_BYTES + 1], uint64_t *until)
    __attribute__ ((warn_unused_result));

#endif
