/*  hub_retention.h - removing what the configured periods say must go.

    The hub keeps personal data no longer than the method needs: signals
    that led to nothing, their archive, declined referrals, households that
    never held regie and closed ones past their follow-up window. The
    periods come from hub.conf (signal_expiry, history, follow_up); which
    rows they reach, and how they go, is hub_store_retention's. The audit
    chain stays verifiable because it never held content. The hub runs it
    as a timer (once per HUB_RETENTION_INTERVAL_MS); the operator can run
    it at once (`regiehub retention`).
*/
#ifndef HUB_RETENTION_H_INCLUDED
#define HUB_RETENTION_H_INCLUDED

#include <stdbool.h>
#include <jansson.h>
#include "hub.h"

/*  What retention removes at now: expired signals into the archive, archive
    entries past their period, the envelopes of expired declined referrals,
    households past their follow-up window, and the pseudonyms of households
    that never held regie and that nothing refers to any more. With
    dry_run nothing changes. Returns the counts as JSON, NULL on error. Must
    run inside a transaction when not dry_run.                               */
json_t *hub_retention (hub_store_t *store, const hub_config_t *config, uint64_t now, bool dry_run);

/*  Timer (a row of hub_timers.c): retention at now, with an audit entry
    that counts what went when anything did (`regiehub retention` is the
    operator's run of the same). 0, or -1 on a store error.                  */
int hub_retention_timer (hub_t *hub, uint64_t now);

#endif
