/*  hub_store_access.c - the access repository's functions: each checks for an
    injected fault and calls the backend's (hub_store_backend.h).            */
#include "hub_store_backend.h"

int
hub_store_access_entries (hub_store_t *store, const uint8_t ref [PROTO_REF_BYTES],
                          hub_access_entry_fn *fn, void *arg)
{
    HUB_STORE_CALL (store, access, access_entries, ref, fn, arg);
}
