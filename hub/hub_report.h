/*  hub_report.h - what the operator and a regie team may see of the
    network's work: aggregates over a period.

    Reports hold counts and durations only, never personal data or content;
    the figures are hub_store_report's. What one household may see about
    itself is the access report (hub_access.h); what the configured periods
    remove is retention (hub_retention.h).
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

/*  The team_report query: the asking partner's own team's figures and its
    open escalations, answered with a signed "report".                        */
int hub_report_team (hub_t *hub, hub_msg_t *msg);

#endif
