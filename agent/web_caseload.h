/*  web_caseload.h - a casemanager's households as her agent knows them.

    The hub keeps a household's regie, but it tells a regisseur about it in
    pieces; her agent holds every piece in its outbox and inbox: the claim
    it made naming itself casemanager (or the hub's regie_assigned notice
    when intake named this partner), the phases, links and moves it sent,
    its rounds and agreements, and what it received - signals, the hub's
    notices (overdue agreements, escalations, the next round), owners'
    acceptances and statuses. This module turns those messages into
    households: the ones this partner holds regie over now, each with its
    references, phase, rounds, agreements with their status, signals and
    one timeline, newest first. Nothing is asked of the hub: a page shows
    what this partner was told, and nothing it was not.

    Feed it every message (web_caseload_add) in any order, then finish it:
    it orders them by time and reads them twice, first for which household
    each reference belongs to (a signal sent before the claim belongs to
    the household too), then for what happened. A message it cannot decode
    is skipped; one about a household this partner does not hold is not
    shown. Transferred or released households leave the caseload.

    It reads no store and writes no HTML (web_household.c does both). The
    words it keeps (event titles, statuses) are in the language current
    when web_caseload_finish runs.
*/
#ifndef WEB_CASELOAD_H_INCLUDED
#define WEB_CASELOAD_H_INCLUDED

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "agent_limits.h"
#include "proto_limits.h"

typedef enum {
    WC_SIGNAL, WC_REGIE, WC_PHASE, WC_ROUND, WC_AGREEMENT, WC_ESCALATION, WC_NOTICE, WC_MEMBER
} web_event_kind_t;

/*  One line of a household's timeline.                                      */
typedef struct {
    web_event_kind_t kind;
    uint64_t at;                        /* when it was sent or received      */
    uint64_t seq;                       /* inbox seq (its message page), or 0 */
    size_t order;                       /* ties: the order it was fed        */
    bool urgent;
    char severity [16];                 /* signals: zorg, ernstig, acuut     */
    char leefgebied [PROTO_MAX_TAXON_BYTES + 1];
    char *who;                          /* by whom (a name), or NULL         */
    char *title;                        /* what happened, in words           */
    char *text;                         /* what a person wrote, or NULL      */
} web_event_t;

typedef struct {
    uint8_t id [PROTO_ID_BYTES];
    char owner [PROTO_MAX_PARTNER_ID_BYTES + 1];
    char *action;
    char leefgebied [PROTO_MAX_TAXON_BYTES + 1];
    uint64_t due;
    char status [16];                   /* proposed, accepted, done, stagnated,
                                           withdrawn                           */
    bool overdue;                       /* the hub said so, and not done since */
} web_agreement_t;

typedef struct {
    uint8_t id [PROTO_ID_BYTES];
    uint64_t at;
    bool held;
    char *place;                        /* or NULL                           */
} web_round_t;

typedef struct {
    char key [AGENT_WEB_CASE_KEY_HEX + 2];  /* "p" or "a" + hex of its first
                                               ref: the page's address       */
    uint8_t refs [AGENT_WEB_CASE_MAX_REFS][PROTO_REF_BYTES];
    bool is_person [AGENT_WEB_CASE_MAX_REFS];
    size_t nrefs;
    bool held;
    char phase [PROTO_MAX_TAXON_BYTES + 1];
    uint64_t since;                     /* regie held here since             */
    uint64_t next_round;                /* 0: none planned or proposed       */
    bool next_proposed;                 /* only the hub's proposal           */
    size_t overdue;                     /* agreements overdue now            */
    const web_event_t *newest_signal;   /* or NULL                           */
    web_agreement_t *agreements;
    size_t nagreements;
    web_round_t *rounds;
    size_t nrounds;
    web_event_t *events;                /* newest first after finish         */
    size_t nevents;
    /* the caller's, kept in her agent only */
    char label [AGENT_MAX_LABEL_BYTES + 1];
    char names [AGENT_MAX_NAMES_BYTES + 1];
} web_case_t;

typedef struct web_caseload_t web_caseload_t;

/*  A caseload for partner me_id (signing key me_key); hub_key (or NULL)
    tells the hub's notices from partners' messages; first_phase is the
    phase a claim starts in (the network's second phase, as the hub
    does). NULL when out of memory.                                          */
web_caseload_t *web_caseload_new (const char *me_id, const uint8_t *me_key, const uint8_t *hub_key,
                                  const char *first_phase);
void web_caseload_destroy (web_caseload_t **self_p);

/*  A partner's name, for agreements' owners and senders (agent.conf's
    partners, this partner's own); notices add the names they carry.       */
void web_caseload_name (web_caseload_t *self, const char *id, const char *name);

/*  One message: sent by this partner (incoming false; at = its receipt or
    timestamp) or received (seq = its inbox seq; at = when it came; author
    its signing key). The bytes are copied. 0, or -1 when out of memory or
    the caseload is full.                                                     */
int web_caseload_add (web_caseload_t *self, bool incoming, uint64_t at, uint64_t seq,
                      const uint8_t *author, const uint8_t *envelope, size_t len);

/*  Builds the households (see above); now decides what is next and overdue.
    0, or -1 when out of memory.                                              */
int web_caseload_finish (web_caseload_t *self, uint64_t now);

/*  The households held, in the order regie was taken here.                  */
size_t web_caseload_count (web_caseload_t *self);
web_case_t *web_caseload_at (web_caseload_t *self, size_t index);
/*  The household whose key is key, or NULL.                                 */
web_case_t *web_caseload_find (web_caseload_t *self, const char *key);

/*  Whether key could be a household's key: "p" or "a" and
    AGENT_WEB_CASE_KEY_HEX lower-case hex characters.                       */
bool web_case_key_valid (const char *key);

/*  The name of a partner as this caseload knows it; the id when unknown.   */
const char *web_caseload_partner_name (web_caseload_t *self, const char *id);

#endif
