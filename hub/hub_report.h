/*  hub_report.h - what the operator may see: aggregates, the access report
    for one household (inzage), and retention.

    Reports hold counts and durations only, never personal data or content.
    The access report lists, from the audit log, every partner that sent,
    received or looked up something about one household: what kind of thing
    and when - never another partner's text. Retention removes what the
    configured periods say must go; the audit chain stays verifiable because
    it never held content.
*/
#ifndef HUB_REPORT_H_INCLUDED
#define HUB_REPORT_H_INCLUDED

#include <jansson.h>
#include "hub.h"
#include "hub_limits.h"


/*  Aggregates over [from, until) (ms) as a JSON object; NULL on a store
    error. team, when not NULL, narrows to one regie team's households.       */
json_t *hub_report (hub_store_t *store, const hub_config_t *config, uint64_t from,
                    uint64_t until, const char *team);

/*  The access report for the household that ref (person or address) belongs
    to, as a JSON array of {ts, partner, action, result, object}; each
    receiver of a message gets a row of its own, with from (the sender) and
    action "received TYPE", whether the audit log names it in the message's
    entry ("stored; to a, b") or in an entry of its own ("to a"). An empty
    array when the ref is unknown; NULL on a store error.                     */
json_t *hub_access_report (hub_store_t *store, const uint8_t ref [PROTO_REF_BYTES]);

/*  What retention removes at now: expired signals into the archive, archive
    entries past their period, the envelopes of expired declined referrals,
    households past their follow-up window, and the pseudonyms of households
    that never held regie and that nothing refers to any more. With
    dry_run nothing changes. Returns the counts as JSON, NULL on error. Must
    run inside a transaction when not dry_run.                               */
json_t *hub_retention (hub_store_t *store, const hub_config_t *config, uint64_t now, bool dry_run);

/*  The team_report query: the asking partner's own team's figures and its
    open escalations, answered with a signed "report".                        */
int hub_report_team (hub_t *hub, hub_msg_t *msg);

#endif
