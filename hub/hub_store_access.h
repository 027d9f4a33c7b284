/*  hub_store_access.h - the audit entries about one household, for the
    access report (inzage).

    A household may ask who sent, received or looked up something about it.
    The answer is in the audit log, which names a message's subject (one of
    the household's pseudonyms) and the message itself, never its content.
    This repository finds the entries that belong to the household: those
    about any pseudonym it has or had (an address it moved away from counts
    for the time it lived there, and what was said about an address before
    it moved in stays with the people who lived there then), and those about
    the messages of its rounds and agreements, which name no subject. The
    workflow (hub_access.c) turns each entry into the report's rows.
*/
#ifndef HUB_STORE_ACCESS_H_INCLUDED
#define HUB_STORE_ACCESS_H_INCLUDED

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include "proto_limits.h"
#include "hub_store.h"

#define HUB_ACCESS_WORD_BYTES   64      /* an actor, action or message type, as read */

/*  One audit entry about the household, with the type of the message it
    names (when that message is stored).                                     */
typedef struct {
    uint64_t ts;
    char actor [HUB_ACCESS_WORD_BYTES];
    char action [HUB_ACCESS_WORD_BYTES];
    char result [PROTO_MAX_NOTE_BYTES + 1];
    bool has_object;                    /* names a message id                */
    uint8_t object [PROTO_ID_BYTES];
    char type [HUB_ACCESS_WORD_BYTES];  /* the message's type, "" when none  */
} hub_access_entry_t;

/*  fn returns 0 to go on, -1 to stop (the listing then returns -1).        */
typedef int (hub_access_entry_fn) (void *arg, const hub_access_entry_t *entry);

/*  Calls fn, in log order, for every audit entry about the household that
    ref (a person or an address) belongs to: about one of its pseudonyms,
    about a message those entries or its rounds and agreements name, and
    its rounds held and escalations resolved. A ref of no household finds
    what was said about that ref alone. Reads the whole audit log (it has no
    index on subjects). 0, or -1 on a store error.                          */
HUB_STORE_MUST_CHECK int
hub_store_access_entries (hub_store_t *store, const uint8_t ref [PROTO_REF_BYTES],
                          hub_access_entry_fn *fn, void *arg);

#endif
