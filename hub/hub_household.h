/*  hub_household.h - the household a message is about, as every workflow
    needs it: found by its person or address (or created), who holds regie
    and who directs it, who may know about it, and notices that name it.

    Need-to-know lives here: a partner learns about a household only when
    it is related to it (it signalled, referred, introduced, owns an
    agreement) or covered by consent or a legal basis. A store error counts
    as no relation and no basis: nothing is shared on a doubt.
*/
#ifndef HUB_HOUSEHOLD_H_INCLUDED
#define HUB_HOUSEHOLD_H_INCLUDED

#include "hub.h"
#include "hub_codes.h"

/*  A household as the hub knows it.                                         */
typedef struct {
    int64_t hh;
    char team [PROTO_MAX_PARTNER_ID_BYTES + 1];         /* "" when not held  */
    char casemanager [PROTO_MAX_PARTNER_ID_BYTES + 1];
    char phase [PROTO_MAX_TAXON_BYTES + 1];
    char former_team [PROTO_MAX_PARTNER_ID_BYTES + 1];
    char former_casemanager [PROTO_MAX_PARTNER_ID_BYTES + 1];
    uint64_t since, closed_at, follow_up_until;
    bool priority;
    bool created;                       /* made just now by this message     */
    bool by_person;                     /* found by the message's person_ref
                                           (else by its address_ref)         */
} hub_household_t;

/*  The household of a message's subject (hh 0 when unknown, or created
    when create), and its regie. 0 or -1.                                    */
int hub_regie_household (hub_t *hub, const proto_envelope_t *env, bool create, uint64_t now,
                         hub_household_t *out);
/*  Household hh (hh 0 in out when there is none). 0 or -1.                  */
int hub_regie_household_get (hub_t *hub, int64_t hh, hub_household_t *out);
/*  The household a person or address ref finds (*hh 0 when none). 0 or -1. */
int hub_regie_ref_owner (hub_t *hub, const uint8_t *ref, int64_t *hh);

bool hub_held (const hub_household_t *h);

/*  The team whose intake takes care of a household without regie: the
    former team in follow-up, or the default team (NULL when none).         */
const hub_team_t *hub_responsible_team (hub_t *hub, const hub_household_t *h);

/*  Whether partner is covered by consent or legal basis for hh at now: 1
    covered, 0 not, -1 on a store error (which must fail the message, never
    count as "not covered").                                                  */
int hub_regie_covered (hub_t *hub, int64_t hh, const char *partner, uint64_t now)
    __attribute__ ((warn_unused_result));
/*  Whether partner has a relation with hh (or is covered) at now: 1, 0, or
    -1 on a store error.                                                      */
int hub_regie_related (hub_t *hub, int64_t hh, const char *partner, uint64_t now)
    __attribute__ ((warn_unused_result));

/*  The household of msg when its author directs it (its casemanager, or the
    intake of the holding team when intake_may): returns 1; otherwise msg is
    refused and it returns 0; -1 on a store error.                            */
int hub_directed (hub_t *hub, hub_msg_t *msg, hub_household_t *h, bool intake_may);

/*  Refuses msg for reason (one of the *_HELD_ELSEWHERE codes) because h is
    under regie elsewhere: by which team since when, and whom to call (what
    the regiecheck tells a team role); ref ("person", "address") or NULL.    */
void hub_refuse_held (hub_t *hub, hub_msg_t *msg, const hub_household_t *h, hub_reason_t reason,
                      const char *ref);

/*  Notices about msg's household (with msg's subject) or about hh.          */
int hub_notify_msg (hub_t *hub, const hub_msg_t *msg, const char *recipient, const hub_notice_t *n);
int hub_notify_household (hub_t *hub, int64_t hh, const char *recipient, const hub_notice_t *n);
/*  To every partner covered by consent for hh, except skip.                 */
int hub_notify_network (hub_t *hub, hub_msg_t *msg, int64_t hh, const char *skip, hub_notice_t *n);

#endif
