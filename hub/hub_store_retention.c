/*  hub_store_retention.c - the retention repository's functions: each checks for an
    injected fault and calls the backend's (hub_store_backend.h).            */
#include "hub_store_backend.h"

int
hub_store_retention_gather (hub_store_t *store, const hub_retention_cutoffs_t *at,
                            hub_retention_counts_t *counts)
{
    HUB_STORE_CALL (store, retention, retention_gather, at, counts);
}

int
hub_store_retention_remove (hub_store_t *store, const hub_retention_cutoffs_t *at)
{
    HUB_STORE_CALL (store, retention, retention_remove, at);
}
