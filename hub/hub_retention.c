/*  hub_retention.c - retention (see hub_retention.h): the configured
    periods as cutoffs, and the timer that runs it; what they remove is
    hub_store_retention's.                                                  */
#include "hub_retention.h"
#include "hub_limits.h"
#include "hub_store_retention.h"

json_t *
hub_retention (hub_store_t *store, const hub_config_t *config, uint64_t now, bool dry_run)
{
    uint64_t expiry = (uint64_t) config->signal_expiry_days * HUB_DAY_MS;
    uint64_t keep = (uint64_t) config->history_days * HUB_DAY_MS;
    hub_retention_cutoffs_t at = {
        .now = now,
        .signals_before = now > expiry ? now - expiry : 0,
        .history_before = now > keep ? now - keep : 0,
        .follow_up_ms = (uint64_t) config->follow_up_days * HUB_DAY_MS,
    };
    hub_retention_counts_t n;
    if (hub_store_retention_gather (store, &at, &n) != 0)
        return NULL;
    json_t *r = json_object ();
    json_object_set_new (r, "signals_expired", json_integer (n.signals_expired));
    json_object_set_new (r, "history_removed", json_integer (n.history_removed));
    json_object_set_new (r, "referrals_expired", json_integer (n.referrals_expired));
    json_object_set_new (r, "households_forgotten", json_integer (n.households_forgotten));
    json_object_set_new (r, "households_reduced", json_integer (n.households_reduced));
    json_object_set_new (r, "messages_emptied", json_integer (n.messages_emptied));
    if (!dry_run && hub_store_retention_remove (store, &at) != 0) {
        json_decref (r);
        return NULL;
    }
    return r;
}

int
hub_retention_timer (hub_t *hub, uint64_t now)
{
    /* expired signals into the archive, closed households reduced once
       their follow-up ended                                                  */
    json_t *done = hub_retention (hub->store, hub->config, now, false);
    if (!done)
        return -1;
    json_int_t removed = 0;
    const char *key;
    json_t *value;
    json_object_foreach (done, key, value)
        removed += json_integer_value (value);
    char *text = removed ? json_dumps (done, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref (done);
    int rc = text ? hub_audit_append (hub->audit, now, HUB_ACTOR, "retention", NULL, NULL,
                                      text, "timer", NULL) : 0;
    free (text);
    return rc != 0 ? -1 : 0;
}
