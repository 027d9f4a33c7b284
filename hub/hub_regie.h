/*  hub_regie.h - signals, referrals, the regiecheck, the regie lifecycle
    and consent: flows 1-5 of DOMAIN.md.

    One household, one plan, one regisseur. A household is known to the hub
    only by pseudonyms (person_ref, address_ref) linked to a number. Regie
    over it is held by at most one team at a time: a claim runs the
    regiecheck in the same transaction as the change, and the hub has one
    writer, so of two simultaneous claims exactly one wins. Need-to-know
    decides what a partner may learn: a partner without a relation to a
    household gets exactly the answer for an unknown household.
*/
#ifndef HUB_REGIE_H_INCLUDED
#define HUB_REGIE_H_INCLUDED

#include "hub.h"
#include "hub_limits.h"


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

/*  The message handlers; each returns 0, or -1 on a store error, and sets
    msg->refuse for a refusal.                                                */
int hub_regie_signal (hub_t *hub, hub_msg_t *msg);
int hub_regie_referral (hub_t *hub, hub_msg_t *msg);
int hub_regie_decline (hub_t *hub, hub_msg_t *msg);
int hub_regie_claim (hub_t *hub, hub_msg_t *msg);
int hub_regie_check (hub_t *hub, hub_msg_t *msg);
int hub_regie_phase (hub_t *hub, hub_msg_t *msg);
int hub_regie_transfer (hub_t *hub, hub_msg_t *msg);
int hub_regie_release (hub_t *hub, hub_msg_t *msg);
int hub_regie_link (hub_t *hub, hub_msg_t *msg);
int hub_regie_unlink (hub_t *hub, hub_msg_t *msg);
int hub_regie_move (hub_t *hub, hub_msg_t *msg);
int hub_regie_consent (hub_t *hub, hub_msg_t *msg);
int hub_regie_consent_withdraw (hub_t *hub, hub_msg_t *msg);
int hub_regie_priority (hub_t *hub, hub_msg_t *msg);
int hub_regie_match_confirm (hub_t *hub, hub_msg_t *msg);
int hub_regie_escalation_resolve (hub_t *hub, hub_msg_t *msg);

/*  Timers: match reminders and escalations, signal expiry into the
    history archive, the end of follow-up windows.                           */
int hub_regie_tick (hub_t *hub, uint64_t now);

/*  Shared with the rounds: the household of a message's subject (0 when
    unknown), and its regie.                                                 */
int hub_regie_household (hub_t *hub, const proto_envelope_t *env, bool create, uint64_t now,
                         hub_household_t *out);
int hub_regie_household_get (hub_t *hub, int64_t hh, hub_household_t *out);

/*  Whether partner is covered by consent or legal basis for hh at now.      */
bool hub_regie_covered (hub_t *hub, int64_t hh, const char *partner, uint64_t now);

/*  Raises an escalation to team's escalation role with the history that led
    there; returns 0 or -1.                                                  */
int hub_regie_escalate (hub_t *hub, int64_t hh, const char *team, const char *reason,
                        const uint8_t *object, const char *history, uint64_t now);

/*  Helpers shared by the workflows.                                         */
void hub_refuse (hub_msg_t *msg, proto_result_t code, const char *fmt, ...)
    __attribute__ ((format (printf, 3, 4)));
void hub_note (hub_msg_t *msg, const char *fmt, ...) __attribute__ ((format (printf, 2, 3)));
void hub_date (char *out, size_t outlen, uint64_t ms);      /* YYYY-MM-DD, local */
bool hub_held (const hub_household_t *h);
/*  Notices about msg's household (with msg's subject) or about hh.          */
int hub_notify_msg (hub_t *hub, const hub_msg_t *msg, const char *recipient, const hub_notice_t *n);
int hub_notify_household (hub_t *hub, int64_t hh, const char *recipient, const hub_notice_t *n);
/*  To every partner covered by consent for hh, except skip.                 */
int hub_notify_network (hub_t *hub, hub_msg_t *msg, int64_t hh, const char *skip, hub_notice_t *n);
/*  The household of msg when its author directs it (its casemanager, or the
    intake of the holding team when intake_may): returns 1; otherwise msg is
    refused and it returns 0; -1 on a store error.                            */
int hub_directed (hub_t *hub, hub_msg_t *msg, hub_household_t *h, bool intake_may);

/*  now plus n working days (Monday to Friday), in ms.                       */
uint64_t hub_working_days (uint64_t now, unsigned n);

#endif
