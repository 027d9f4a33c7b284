/*  hub_escalation.h - what goes to a team's escalation role when help
    stalls (flow 7 of DOMAIN.md), the confirmation of a match that prevents
    it, and the match timers.

    An escalation carries the history that led there and stays open until
    the escalation role resolves it. A match's parties confirm contact by
    its deadline; the timers remind each unconfirmed party once and
    escalate after HUB_MATCH_ESCALATE_DAYS more working days. Each mark is
    written in the same transaction as its notice or escalation, so a
    restart never loses or repeats one.
*/
#ifndef HUB_ESCALATION_H_INCLUDED
#define HUB_ESCALATION_H_INCLUDED

#include "hub.h"

/*  Raises an escalation to team's escalation role (the default team's when
    team is NULL or unknown; its intake when it has none) with the history
    that led there; about household hh (0: none) and object (NULL or an
    id). 0 or -1.

    The history is kept as data, never as prose (the reader renders): a
    JSON object with "partners" (the ids concerned), "due", "number",
    "count" (each only when set) and "note" (what a person wrote, only when
    given), the keys of `regiehub inspect --json`.                         */
typedef struct {
    const char *reason;                 /* a term of PT_ESCALATION_REASON    */
    const uint8_t *object;              /* the agreement, match, round; NULL */
    const char *partner;                /* whom it is about, or NULL         */
    uint64_t due;                       /* an agreement's due date, a match's
                                           deadline, a round's time; 0: none */
    uint64_t number;                    /* a round's number; 0: none         */
    uint64_t count;                     /* stagnation reports, partners; 0   */
    const char *note;                   /* a person's words, or NULL         */
    const char (*partners) [PROTO_MAX_PARTNER_ID_BYTES + 1];
    size_t partner_count;               /* all concerned, when more than the
                                           one partner (may be 0)            */
} hub_escalation_t;

/*  The history of e as the JSON text the store keeps: 0, or -1 when it
    does not fit outlen.                                                      */
int hub_escalation_history (char *out, size_t outlen, const hub_escalation_t *e);

int hub_regie_escalate (hub_t *hub, int64_t hh, const char *team, const hub_escalation_t *e,
                        uint64_t now);

/*  The "match_confirm" and "escalation_resolve" handlers: 0, or -1 on a
    store error; a refusal is set in msg.                                     */
int hub_escalation_match_confirm (hub_t *hub, hub_msg_t *msg);
int hub_escalation_resolve (hub_t *hub, hub_msg_t *msg);

/*  Timers (rows of hub_timers.c): the parties past a match's deadline are
    reminded, once; those still unconfirmed HUB_MATCH_ESCALATE_DAYS working
    days later are escalated to their team. Each takes at most
    HUB_TICK_BATCH parties per run. 0, or -1 on a store error.              */
int hub_escalation_match_remind (hub_t *hub, uint64_t now);
int hub_escalation_match_escalate (hub_t *hub, uint64_t now);

#endif
